#include "cpu/cpu_astro.hpp"

#include <algorithm>
#include <sstream>

#include "cpu/initial_values.hpp"
#include "plan/model_dispatch.hpp"
#include "tribody/errors.hpp"
#include "tribody/kernels/astro/astro_step.hpp"
#include "tribody/kernels/distribution.hpp"

namespace tribody::cpu {
namespace {

template <class Vector>
auto data_or_null(Vector& v) -> decltype(v.data()) {
  return v.empty() ? nullptr : v.data();
}

template <class... Vectors>
std::uint64_t bytes_of(const Vectors&... v) {
  return ((v.size() * sizeof(typename Vectors::value_type)) + ... + 0);
}

}  // namespace

void cpu_astro::init_state(std::size_t ai) {
  const auto& p = plan_->astrocytes[ai];
  auto& s = astro_[ai];
  s.vars.assign(p.var_names.size(), std::vector<double>(p.size));
  draw_initial(s.vars, p.initial, plan_->seed, kern::purpose::astro_init, p.id0, threads_);
  s.acc_end.assign(p.size, 0);
  s.acc_int.assign(p.size, 0);
  s.glio_mean.assign(p.size, 0.0);
  s.release_at.assign(p.size, 0.0);
}

// Each synapse's astrocyte, then astrocyte -> synapses as CSR (synapses
// ascending in each row).
void cpu_astro::build_territory(std::size_t j, const csr_storage& c) {
  const auto& pp = plan_->projections[j];
  auto rule = pp.tripartite.rule;
  rule.target_astro = pp.tripartite.target_astro.empty() ? nullptr : pp.tripartite.target_astro.data();
  const auto view = c.view(pp);
  auto& pr = proj_[j];
  const long long n = static_cast<long long>(c.size());
  pr.astro.assign(c.size(), kern::no_astrocyte);
#pragma omp parallel for num_threads(threads_) schedule(static)
  for (long long s = 0; s < n; ++s) pr.astro[s] = rule.astro_of(static_cast<unsigned long long>(s), view.target(s));
  const std::size_t n_astro = plan_->astrocytes[pp.tripartite.astrocytes].size;
  pr.astro_ptr.assign(n_astro + 1, 0);
  for (auto a : pr.astro) {
    if (a != kern::no_astrocyte) ++pr.astro_ptr[a + 1];
  }
  for (std::size_t a = 0; a < n_astro; ++a) pr.astro_ptr[a + 1] += pr.astro_ptr[a];
  pr.astro_syn.resize(pr.astro_ptr.back());
  std::vector<unsigned long long> cursor(pr.astro_ptr.begin(), pr.astro_ptr.end() - 1);
  for (long long s = 0; s < n; ++s) {
    if (pr.astro[s] != kern::no_astrocyte) pr.astro_syn[cursor[pr.astro[s]]++] = static_cast<unsigned long long>(s);
  }
}

// SIC reaches target neuron j from the astrocyte of each of its tripartite
// synapses: broadcast collapses them into (astrocyte, count) pairs; local
// keeps the synapses (each has its own perisynaptic factor).
void cpu_astro::build_sic(std::size_t j, const csr_storage& c) {
  const auto& pp = plan_->projections[j];
  const auto view = c.view(pp);
  auto& pr = proj_[j];
  const std::size_t n_tgt = plan_->populations[pp.target].size;
  const bool local = pp.tripartite.pathways[pp.tripartite.sic].local;
  std::vector<unsigned long long> ptr(n_tgt + 1, 0);
  for (std::size_t s = 0; s < c.size(); ++s) {
    if (pr.astro[s] != kern::no_astrocyte) ++ptr[view.target(s) + 1];
  }
  for (std::size_t t = 0; t < n_tgt; ++t) ptr[t + 1] += ptr[t];
  std::vector<unsigned long long> syn(ptr.back());
  std::vector<unsigned long long> cursor(ptr.begin(), ptr.end() - 1);
  for (std::size_t s = 0; s < c.size(); ++s) {
    if (pr.astro[s] != kern::no_astrocyte) syn[cursor[view.target(s)]++] = s;
  }
  if (local) {
    pr.sic_ptr = std::move(ptr);
    pr.sic_syn = std::move(syn);
    return;
  }
  // Each target's astrocytes, sorted, as (astrocyte, count) pairs: the
  // targets' rows are independent, so first sort each row in place and count
  // its pairs, then scan and write the pairs.
  std::vector<unsigned> astros(syn.size());
  std::vector<unsigned long long> pairs(n_tgt + 1, 0);
  const long long n = static_cast<long long>(n_tgt);
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 256)
  for (long long t = 0; t < n; ++t) {
    for (auto k = ptr[t]; k < ptr[t + 1]; ++k) astros[k] = pr.astro[syn[k]];
    std::sort(astros.begin() + ptr[t], astros.begin() + ptr[t + 1]);
    unsigned long long distinct = 0;
    for (auto k = ptr[t]; k < ptr[t + 1]; ++k) distinct += (k == ptr[t] || astros[k] != astros[k - 1]);
    pairs[t + 1] = distinct;
  }
  for (std::size_t t = 0; t < n_tgt; ++t) pairs[t + 1] += pairs[t];
  pr.sic_astro.resize(pairs.back());
  pr.sic_count.resize(pairs.back());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 256)
  for (long long t = 0; t < n; ++t) {
    auto out = pairs[t];
    for (auto k = ptr[t]; k < ptr[t + 1]; ++k) {
      if (k > ptr[t] && astros[k] == astros[k - 1]) {
        ++pr.sic_count[out - 1];
      } else {
        pr.sic_astro[out] = astros[k];
        pr.sic_count[out++] = 1;
      }
    }
  }
  pr.sic_ptr = std::move(pairs);
}

void cpu_astro::build(const plan::network_plan& plan, const std::vector<csr_storage>& csr, int threads,
                      recordings& rec) {
  plan_ = &plan;
  csr_ = &csr;
  threads_ = threads;
  astro_.assign(plan.astrocytes.size(), {});
  std::size_t largest = 0;
  for (std::size_t a = 0; a < plan.astrocytes.size(); ++a) {
    init_state(a);
    largest = std::max<std::size_t>(largest, plan.astrocytes[a].size);
  }
  astro_flags_.assign(largest, 0);
  for (const auto& g : plan.gap_junctions) astro_[g.astrocytes].gap.assign(plan.astrocytes[g.astrocytes].size, 0.0);
  proj_.assign(plan.projections.size(), {});
  dyn_.assign(plan.projections.size(), {});
  i_slow_.assign(plan.populations.size(), {});
  for (std::size_t j = 0; j < plan.projections.size(); ++j) {
    const auto& pp = plan.projections[j];
    if (!pp.dynamic()) continue;
    auto& pr = proj_[j];
    auto& d = dyn_[j];
    d = plan::synapse_constants(plan, pp);
    const std::size_t n = csr[j].size();
    const bool tm = pp.synapse.kind == synapse_spec::tsodyks_markram;
    const auto& t = pp.tripartite;
    if (tm || t.needs_trace) pr.last.assign(n, -1);
    if (tm) {
      pr.u.assign(n, 0.0f);
      pr.x.assign(n, 1.0f);
    }
    if (t.enabled) {
      build_territory(j, csr[j]);
      const auto& ap = plan.astrocytes[t.astrocytes];
      auto& as = astro_[t.astrocytes];
      d.astro = pr.astro.data();
      d.acc_end = as.acc_end.data();
      d.acc_int = as.acc_int.data();
      d.end_factor = ap.end_factor.data();
      d.int_factor = ap.int_factor.data();
      if (t.mean_input) {
        pr.astro_scale.resize(ap.size);
        for (std::size_t a = 0; a < ap.size; ++a) pr.astro_scale[a] = kern::mean_input_scale(pr.astro_ptr[a + 1] - pr.astro_ptr[a]);
        d.astro_scale = pr.astro_scale.data();
      }
      if (t.needs_trace) pr.trace.assign(n, 0.0f);
      if (t.release >= 0) {
        (t.pathways[t.release].local ? pr.gamma_local.assign(n, 0.0f) : pr.gamma_astro.assign(ap.size, 0.0));
      }
      if (t.gate >= 0) {
        const auto& w = t.pathways[t.gate];
        const double* calcium = calcium_of(t.astrocytes);
        pr.gate_astro.resize(ap.size);
        for (std::size_t a = 0; a < ap.size; ++a) pr.gate_astro[a] = kern::plasticity_gate(calcium[a], w.k, w.theta);
      }
      if (t.sic >= 0) {
        build_sic(j, csr[j]);
        i_slow_[pp.target].assign(plan.populations[pp.target].size, 0.0);
      }
    }
    d.u = data_or_null(pr.u);
    d.x = data_or_null(pr.x);
    d.last = data_or_null(pr.last);
    d.trace = data_or_null(pr.trace);
    d.gamma_local = data_or_null(pr.gamma_local);
    d.gamma_astro = data_or_null(pr.gamma_astro);
  }
  const std::size_t na = plan.astrocytes.size();
  rec.release_count.assign(na, 0);
  rec.releases_recorded.assign(na, false);
  rec.releases.assign(na, {});
  for (const auto& r : plan.spike_recorders) {
    for (int a : r.astro_populations) rec.releases_recorded[a] = true;
  }
}

void cpu_astro::slow_step(long long step, recordings& rec, std::string& failure) {
  const auto& P = *plan_;
  const double h = static_cast<double>(P.slow_steps) * P.dt;
  const long long first = step + 1 - P.slow_steps;  // first fast step of this slow step
  // 1. Gap-junction fluxes from the state at the start of the step.
  for (std::size_t g = 0; g < P.gap_junctions.size(); ++g) {
    const auto& gp = P.gap_junctions[g];
    auto& as = astro_[gp.astrocytes];
    const kern::gap_junction_flux f{gp.ptr.data(), gp.neighbor.data(), as.vars[P.astrocytes[gp.astrocytes].coupled_var].data(),
                                    gp.F, gp.threshold, gp.width};
    const long long n = static_cast<long long>(as.gap.size());
    const bool first_on_pop = [&] {
      for (std::size_t k = 0; k < g; ++k) {
        if (P.gap_junctions[k].astrocytes == gp.astrocytes) return false;
      }
      return true;
    }();
#pragma omp for schedule(static)
    for (long long a = 0; a < n; ++a) as.gap[a] = (first_on_pop ? 0.0 : as.gap[a]) + f(static_cast<unsigned>(a));
  }
  // 2. Every astrocyte's step.
  for (std::size_t ai = 0; ai < P.astrocytes.size(); ++ai) {
    const auto& ap = P.astrocytes[ai];
    auto& as = astro_[ai];
    const double modulator = ap.neuromodulator >= 0 ? P.neuromodulators[ap.neuromodulator].mean(first, P.slow_steps) : 0.0;
    plan::with_astro_model(ap.params, [&](auto tag, const auto& prm) {
      using M = typename decltype(tag)::type;
      kern::astro_update<M> f;
      f.p = prm;
      for (std::size_t k = 0; k < as.vars.size(); ++k) f.s.v[k] = as.vars[k].data();
      f.acc_end = as.acc_end.data();
      f.acc_int = as.acc_int.data();
      f.gap = as.gap.empty() ? nullptr : as.gap.data();
      f.neuromodulator = modulator;
      f.dt = h;
      f.glio_mean = as.glio_mean.data();
      f.release_at = as.release_at.data();
      const long long n = ap.size;
#pragma omp for schedule(static)
      for (long long a = 0; a < n; ++a) astro_flags_[a] = f(static_cast<unsigned>(a));
    });
#pragma omp single
    {
      std::uint64_t released = 0;
      std::vector<std::pair<long long, std::uint32_t>> events;  // (step, astrocyte) of this slow step
      for (std::uint32_t a = 0; a < ap.size; ++a) {
        const int fl = astro_flags_[a];
        if ((fl & kern::astro_nonfinite) && failure.empty()) {
          std::ostringstream s;
          s << "astrocyte " << a << " of population '" << ap.name << "' has a non-finite state at t = "
            << (step + 1) * P.dt << " ms (";
          for (std::size_t k = 0; k < ap.var_names.size(); ++k) {
            s << (k ? ", " : "") << ap.var_names[k] << " = " << as.vars[k][a];
          }
          s << "); check its parameters and slow_dt";
          failure = s.str();
        }
        if (fl & kern::astro_released) {
          ++released;
          if (rec.releases_recorded[ai]) {  // stamped at the fast step holding the crossing
            events.emplace_back(kern::release_step(first, as.release_at[a], P.slow_steps), a);
          }
        }
      }
      std::sort(events.begin(), events.end());
      for (const auto& [s, a] : events) {
        rec.releases[ai].steps.push_back(s);
        rec.releases[ai].ids.push_back(a);
      }
      rec.release_count[ai] += released;
    }
  }
  // 3. Gliotransmitter pathways of each tripartite projection.
  for (std::size_t p = 0; p < i_slow_.size(); ++p) {
    auto& v = i_slow_[p];
    const long long n = static_cast<long long>(v.size());
#pragma omp for schedule(static)
    for (long long i = 0; i < n; ++i) v[i] = 0.0;
  }
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    const auto& t = P.projections[j].tripartite;
    if (!t.enabled) continue;
    auto& pr = proj_[j];
    const auto& d = dyn_[j];
    const auto& as = astro_[t.astrocytes];
    const long long n_astro = P.astrocytes[t.astrocytes].size;
    if (t.release >= 0) {
      const auto& w = t.pathways[t.release];
      if (w.local) {
        const double K = t.local_K(t.release);
        const long long n = static_cast<long long>(pr.gamma_local.size());
#pragma omp for schedule(static)
        for (long long s = 0; s < n; ++s) {
          const unsigned a = pr.astro[s];
          if (a == kern::no_astrocyte) continue;
          pr.gamma_local[s] = static_cast<float>(kern::receptor_step(
              pr.gamma_local[s], as.glio_mean[a], kern::local_factor(d, s, step, K), w.O_G, w.Omega_G, h));
        }
      } else {
#pragma omp for schedule(static)
        for (long long a = 0; a < n_astro; ++a) {
          pr.gamma_astro[a] = kern::receptor_step(pr.gamma_astro[a], as.glio_mean[a], 1.0, w.O_G, w.Omega_G, h);
        }
      }
    }
    if (t.gate >= 0) {
      const auto& w = t.pathways[t.gate];
      const double* calcium = calcium_of(t.astrocytes);
#pragma omp for schedule(static)
      for (long long a = 0; a < n_astro; ++a) pr.gate_astro[a] = kern::plasticity_gate(calcium[a], w.k, w.theta);
    }
    if (t.sic >= 0) {
      auto& target = i_slow_[P.projections[j].target];
      auto f = t.sic_constants();
      f.ptr = pr.sic_ptr.data();
      f.syn = data_or_null(pr.sic_syn);
      f.pair_astro = data_or_null(pr.sic_astro);
      f.pair_count = data_or_null(pr.sic_count);
      f.calcium = calcium_of(t.astrocytes);
      f.d = d;
      const long long n = static_cast<long long>(target.size());
#pragma omp for schedule(static)
      for (long long i = 0; i < n; ++i) target[i] += f(static_cast<unsigned>(i), step);
    }
  }
}

void cpu_astro::record(long long step, recordings& rec) const {
  const long long t = step + 1;
  for (std::size_t r = 0; r < plan_->state_recorders.size(); ++r) {
    const auto& rp = plan_->state_recorders[r];
    if (!rp.astro || t % rp.interval != 0) continue;
    auto& out = rec.states[r];
    out.steps.push_back(t);
    const auto& vars = astro_[rp.population].vars;
    for (auto node : rp.node_ids) {
      for (int v : rp.vars) out.values.push_back(vars[v][node]);
    }
  }
}

std::vector<double> cpu_astro::synapse_values(std::size_t j, const std::string& what, long long step) const {
  const auto& pr = proj_.at(j);
  const auto& t = plan_->projections[j].tripartite;
  std::vector<double> out(pr.astro.size(), 0.0);
  for (std::size_t s = 0; s < out.size(); ++s) {
    const unsigned a = pr.astro[s];
    if (what == "astrocyte") out[s] = a == kern::no_astrocyte ? -1.0 : a;
    else if (what == "u" && !pr.u.empty()) out[s] = pr.u[s];
    else if (what == "x" && !pr.x.empty()) out[s] = pr.x[s];
    else if (what == "Gamma_S" && a != kern::no_astrocyte) out[s] = pr.gamma_local.empty() ? (pr.gamma_astro.empty() ? 0.0 : pr.gamma_astro[a]) : pr.gamma_local[s];
    else if (what == "gate" && t.gate >= 0 && a != kern::no_astrocyte) {
      const double g = pr.gate_astro[a];
      out[s] = t.pathways[t.gate].local ? g * kern::local_factor(dyn_[j], s, step, t.local_K(t.gate)) : g;
    } else if (what == "local_factor" && !pr.trace.empty()) {
      out[s] = kern::local_factor(dyn_[j], s, step, t.event_K());
    }
  }
  return out;
}

std::uint64_t cpu_astro::projection_bytes(std::size_t j) const {
  if (j >= proj_.size()) return 0;
  const auto& pr = proj_[j];
  return bytes_of(pr.astro, pr.astro_ptr, pr.astro_syn, pr.u, pr.x, pr.trace, pr.gamma_local, pr.last, pr.gamma_astro,
                  pr.gate_astro, pr.astro_scale, pr.sic_ptr, pr.sic_astro, pr.sic_count, pr.sic_syn);
}

std::uint64_t cpu_astro::astrocyte_bytes() const {
  std::uint64_t b = 0;
  for (const auto& a : astro_) {
    for (const auto& v : a.vars) b += bytes_of(v);
    b += bytes_of(a.acc_end, a.acc_int, a.glio_mean, a.gap, a.release_at);
  }
  return b;
}

}  // namespace tribody::cpu
