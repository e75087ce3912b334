// The definitions of astro_engine<X> (src/engine/astro_engine.hpp);
// included by the one file of each backend that instantiates it.
#pragma once

#include <algorithm>
#include <limits>
#include <numeric>
#include <sstream>

#include "engine/astro_engine.hpp"
#include "engine/astro_kernels.hpp"
#include "engine/index_build.hpp"
#include "engine/initial_values.hpp"
#include "engine/recorded_events.hpp"
#include "plan/model_dispatch.hpp"
#include "tribody/errors.hpp"

namespace tribody::engine {

template <class X>
kern::soa_state astro_engine<X>::state(std::size_t a) {
  return soa_of(astro_[a].vars);
}

template <class X>
void astro_engine<X>::build_population(std::size_t ai, long long epoch_steps, bool recorded) {
  const auto& P = *plan_;
  const auto& p = P.astrocytes[ai];
  auto& a = astro_[ai];
  a.vars.resize(p.var_names.size());
  for (auto& v : a.vars) x_.resize(v, p.size);
  draw_initial(x_, a.vars, p.initial, P.seed, kern::purpose::astro_init, p.id0);
  x_.fill(a.acc_end, p.size, kern::fixed_t{0});
  x_.fill(a.acc_int, p.size, kern::fixed_t{0});
  x_.fill(a.glio_mean, p.size, 0.0);
  x_.fill(a.release_at, p.size, 0.0);
  x_.upload(a.end_factor, p.end_factor);
  x_.upload(a.int_factor, p.int_factor);
  if (p.neuromodulator >= 0) {
    const auto& m = P.neuromodulators[p.neuromodulator];
    x_.upload(a.pulse_start, m.start);
    x_.upload(a.pulse_stop, m.stop);
    x_.upload(a.pulse_amplitude, m.amplitude);
    x_.fill(a.modulator, 1, 0.0);
  }
  x_.fill(a.released, p.size, 0);
  x_.resize(a.released_ids, p.size);
  x_.reserve_select(p.size);
  x_.fill(a.released_n, 1, 0ULL);
  x_.fill(a.recorded, 1, 0ULL);
  x_.fill(a.bad, 1, no_failure);
  x_.fill(a.failed_state, p.var_names.size(), 0.0);
  if (recorded) {  // worst case: every astrocyte releases in every slow step between two flushes
    const ull cap = static_cast<ull>(p.size) * static_cast<ull>(epoch_steps / P.slow_steps + 2);
    x_.resize(a.rec_step, cap);
    x_.resize(a.rec_id, cap);
  }
}

template <class X>
void astro_engine<X>::build_projection(std::size_t j, const kern::csr_view& csr, ull n) {
  const auto& P = *plan_;
  const auto& pp = P.projections[j];
  auto& pr = proj_[j];
  auto& d = dyn_[j];
  d = plan::synapse_constants(P, pp);
  const auto& t = pp.tripartite;
  const bool tm = pp.synapse.kind == synapse_spec::tsodyks_markram;
  if (tm || t.needs_trace) x_.fill(pr.source_last, P.populations[pp.source].size, -1);
  if (tm) {
    x_.fill(pr.u, n, 0.0f);
    x_.fill(pr.x, n, 1.0f);
  }
  if (t.enabled) {
    const auto& ap = P.astrocytes[t.astrocytes];
    auto& as = astro_[t.astrocytes];
    auto rule = t.rule;
    x_.upload(pr.target_astro, t.target_astro);
    rule.target_astro = ptr_of(pr.target_astro);
    build_territory(x_, rule, csr, n, ap.size, pr.astro, pr.astro_ptr, pr.astro_syn);
    d.astro = pr.astro.data();
    if (t.spike_input) {
      d.acc_end = as.acc_end.data();
      d.acc_int = as.acc_int.data();
    }
    d.end_factor = as.end_factor.data();
    d.int_factor = as.int_factor.data();
    if (t.mean_input) {
      x_.resize(pr.astro_scale, ap.size);
      x_.for_each(ap.size, mean_scales{pr.astro_ptr.data(), pr.astro_scale.data()}, "mean_scales");
      d.astro_scale = pr.astro_scale.data();
    }
    if (t.needs_trace) x_.fill(pr.trace, n, 0.0f);
    if (t.release >= 0) {
      if (t.pathways[t.release].local) x_.fill(pr.gamma_local, n, 0.0f);
      else x_.fill(pr.gamma_astro, ap.size, 0.0);
    }
    if (t.gate >= 0) {  // the gate of the initial state
      const auto& w = t.pathways[t.gate];
      x_.resize(pr.gate_astro, ap.size);
      x_.for_each(ap.size, gate_values{pr.gate_astro.data(), calcium_of(t.astrocytes), w.k, w.theta}, "gate_initial");
    }
    if (t.sic >= 0) {
      const ull n_tgt = P.populations[pp.target].size;
      if (t.pathways[t.sic].local) build_target_index(x_, csr, pr.astro.data(), n, n_tgt, pr.sic_ptr, pr.sic_syn);
      else build_target_pairs(x_, csr, pr.astro.data(), n, n_tgt, ap.size, pr.sic_ptr, pr.sic_astro, pr.sic_count);
      x_.fill(i_slow_[pp.target], n_tgt, 0.0);
    }
  }
  d.u = ptr_of(pr.u);
  d.x = ptr_of(pr.x);
  d.source_last = ptr_of(pr.source_last);
  d.row_ptr = csr.row_ptr;
  d.n_rows = P.populations[pp.source].size;
  d.trace = ptr_of(pr.trace);
  d.gamma_local = ptr_of(pr.gamma_local);
  d.gamma_astro = ptr_of(pr.gamma_astro);
}

template <class X>
void astro_engine<X>::build(const X& x, const plan::network_plan& plan, const std::vector<kern::csr_view>& csr,
                            const std::vector<ull>& n_synapses, long long epoch_steps, ull* halted,
                            recordings& rec) {
  x_ = x;
  plan_ = &plan;
  halted_ = halted;
  const std::size_t na = plan.astrocytes.size();
  rec.release_count.assign(na, 0);
  rec.releases_recorded.assign(na, false);
  rec.releases.assign(na, {});
  for (const auto& r : plan.spike_recorders) {
    for (int a : r.astro_populations) rec.releases_recorded[a] = true;
  }
  astro_.clear();
  astro_.resize(na);
  for (std::size_t a = 0; a < na; ++a) build_population(a, epoch_steps, rec.releases_recorded[a]);
  for (const auto& g : plan.gap_junctions) x_.fill(astro_[g.astrocytes].gap, plan.astrocytes[g.astrocytes].size, 0.0);
  gap_ptr_.clear();
  gap_neighbor_.clear();
  for (const auto& g : plan.gap_junctions) {
    x_.upload(gap_ptr_.emplace_back(), g.ptr);
    x_.upload(gap_neighbor_.emplace_back(), g.neighbor);
  }
  proj_.clear();
  proj_.resize(plan.projections.size());
  dyn_.assign(plan.projections.size(), {});
  i_slow_.clear();
  i_slow_.resize(plan.populations.size());
  for (std::size_t j = 0; j < plan.projections.size(); ++j) {
    if (plan.projections[j].dynamic()) build_projection(j, csr[j], n_synapses[j]);
  }
}

template <class X>
void astro_engine<X>::update_population(std::size_t ai, step_ref step) {
  const auto& P = *plan_;
  const auto& ap = P.astrocytes[ai];
  auto& as = astro_[ai];
  if (ap.neuromodulator >= 0) {
    const auto& m = P.neuromodulators[ap.neuromodulator];
    x_.for_each(1,
                modulator_mean{as.pulse_start.data(), as.pulse_stop.data(), as.pulse_amplitude.data(),
                               static_cast<int>(m.start.size()), m.baseline, P.slow_steps, step, as.modulator.data()},
                "modulator_mean");
  }
  plan::with_astro_model(ap.params, [&](auto tag, const auto& prm) {
    using M = typename decltype(tag)::type;
    astro_advance<M> f;
    f.f.p = prm;
    f.f.s = state(ai);
    f.f.acc_end = as.acc_end.data();
    f.f.acc_int = as.acc_int.data();
    f.f.gap = ptr_of(as.gap);
    f.f.dt = static_cast<double>(P.slow_steps) * P.dt;
    f.f.glio_mean = as.glio_mean.data();
    f.f.release_at = as.release_at.data();
    f.modulator = ptr_of(as.modulator);
    f.step = step;
    f.released = as.released.data();
    f.bad = as.bad.data();
    f.halted = halted_;
    x_.for_each(ap.size, f, "astro_update");
  });
  x_.for_each(1,
              snapshot_failure{state(ai), static_cast<int>(ap.var_names.size()), as.bad.data(), step,
                               as.failed_state.data()},
              "astro_failure_state");
  x_.select_flagged(as.released, ap.size, as.released_ids, as.released_n.data());
  if (as.rec_step.size()) {
    x_.for_each(ap.size,
                record_releases{as.released_ids.data(), as.released_n.data(), as.release_at.data(), as.recorded.data(),
                                P.slow_steps, step, as.rec_step.data(), as.rec_id.data()},
                "record_releases");
  }
  x_.for_each(1, add_count{as.released_n.data(), as.recorded.data()}, "count_releases");
}

template <class X>
void astro_engine<X>::apply_pathways(std::size_t j, step_ref step) {
  const auto& P = *plan_;
  const auto& t = P.projections[j].tripartite;
  auto& pr = proj_[j];
  const auto& as = astro_[t.astrocytes];
  const ull n_astro = P.astrocytes[t.astrocytes].size;
  const double h = static_cast<double>(P.slow_steps) * P.dt;
  if (t.release >= 0) {
    const auto& w = t.pathways[t.release];
    if (w.local) {
      x_.for_each(dyn_[j].n_rows,
                  receptor_local{dyn_[j], pr.gamma_local.data(), as.glio_mean.data(), w.O_G, w.Omega_G,
                                 t.local_K(t.release), h, step},
                  "release_local");
    } else {
      x_.for_each(n_astro, receptor_broadcast{pr.gamma_astro.data(), as.glio_mean.data(), w.O_G, w.Omega_G, h},
                  "release_broadcast");
    }
  }
  if (t.gate >= 0) {
    const auto& w = t.pathways[t.gate];
    x_.for_each(n_astro, gate_values{pr.gate_astro.data(), calcium_of(t.astrocytes), w.k, w.theta}, "gate");
  }
  if (t.sic >= 0) {
    const int target = P.projections[j].target;
    auto f = t.sic_constants();
    f.ptr = pr.sic_ptr.data();
    f.syn = ptr_of(pr.sic_syn);
    f.pair_astro = ptr_of(pr.sic_astro);
    f.pair_count = ptr_of(pr.sic_count);
    f.calcium = calcium_of(t.astrocytes);
    f.d = dyn_[j];
    x_.for_each(i_slow_[target].size(), sic_add{f, i_slow_[target].data(), step}, "sic");
  }
}

template <class X>
void astro_engine<X>::slow_step(step_ref step) {
  const auto& P = *plan_;
  // 1. Gap-junction fluxes from the state at the start of the step.
  for (std::size_t g = 0; g < P.gap_junctions.size(); ++g) {
    const auto& gp = P.gap_junctions[g];
    auto& as = astro_[gp.astrocytes];
    bool first = true;
    for (std::size_t k = 0; k < g; ++k) first = first && P.gap_junctions[k].astrocytes != gp.astrocytes;
    const kern::gap_junction_flux flux{gap_ptr_[g].data(), gap_neighbor_[g].data(),
                                       as.vars[P.astrocytes[gp.astrocytes].coupled_var].data(), gp.F, gp.threshold,
                                       gp.width};
    x_.for_each(as.gap.size(), gap_fluxes{flux, as.gap.data(), first}, "gap_junctions");
  }
  // 2. Every astrocyte's step, its releases and failures.
  for (std::size_t a = 0; a < P.astrocytes.size(); ++a) update_population(a, step);
  // 3. Gliotransmitter pathways of each tripartite projection.
  for (auto& v : i_slow_) x_.for_each(v.size(), zero_values{ptr_of(v)}, "sic_zero");
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    if (P.projections[j].tripartite.enabled) apply_pathways(j, step);
  }
}

template <class X>
void astro_engine<X>::flush(recordings& rec, long long last_step) {
  for (std::size_t ai = 0; ai < astro_.size(); ++ai) {
    auto& as = astro_[ai];
    const ull n = x_.back(as.recorded);
    if (n == 0) continue;
    rec.release_count[ai] += n;
    if (rec.releases_recorded[ai]) {
      const auto steps = x_.download(as.rec_step, n);
      const auto ids = x_.download(as.rec_id, n);
      append_sorted_events(steps, ids, last_step, rec.releases[ai]);
    }
    x_.fill(as.recorded, 1, 0ULL);
  }
}

template <class X>
long long astro_engine<X>::first_failure() const {
  long long first = std::numeric_limits<long long>::max();
  for (const auto& as : astro_) {
    const ull b = x_.back(as.bad);
    if (b != no_failure) first = std::min(first, static_cast<long long>(b >> 32));
  }
  return first;
}

template <class X>
std::string astro_engine<X>::failure_message() const {
  const auto& P = *plan_;
  std::size_t ai = 0;
  ull best = no_failure;
  for (std::size_t a = 0; a < astro_.size(); ++a) {
    const ull b = x_.back(astro_[a].bad);
    if (b != no_failure && (best == no_failure || (b >> 32) < (best >> 32))) {  // ties: the first population
      best = b;
      ai = a;
    }
  }
  const auto& ap = P.astrocytes[ai];
  const auto state = x_.download(astro_[ai].failed_state);
  std::ostringstream s;
  s << "astrocyte " << (best & 0xffffffffULL) << " of population '" << ap.name << "' has a non-finite state at t = "
    << static_cast<double>((best >> 32) + 1) * P.dt << " ms (";
  for (std::size_t k = 0; k < ap.var_names.size(); ++k) s << (k ? ", " : "") << ap.var_names[k] << " = " << state[k];
  s << "); check its parameters and slow_dt";
  return s.str();
}

template <class X>
std::vector<double> astro_engine<X>::synapse_values(std::size_t j, const std::string& what, long long step) const {
  const auto& pr = proj_.at(j);
  const auto& t = plan_->projections[j].tripartite;
  synapse_value f{};
  if (what == "astrocyte") f.what = synapse_value::astrocyte;
  else if (what == "u") f.what = synapse_value::u;
  else if (what == "x") f.what = synapse_value::x;
  else if (what == "Gamma_S") f.what = synapse_value::gamma;
  else if (what == "gate") f.what = synapse_value::gate;
  else if (what == "local_factor") f.what = synapse_value::local_factor;
  else throw error("unknown synapse value '" + what + "'");
  f.d = dyn_[j];
  f.gate_astro = ptr_of(pr.gate_astro);
  f.gate_local = t.gate >= 0 && t.pathways[t.gate].local;
  f.K = f.what == synapse_value::gate && t.gate >= 0 ? t.local_K(t.gate) : t.event_K();
  f.step = step;
  array<double> out;
  x_.resize(out, pr.astro.size());
  f.out = ptr_of(out);
  x_.for_each(pr.astro.size(), f, "synapse_values");
  return x_.download(out);
}

template <class X>
std::uint64_t astro_engine<X>::projection_bytes(std::size_t j) const {
  if (j >= proj_.size()) return 0;
  const auto& p = proj_[j];
  return bytes(p.astro) + bytes(p.astro_ptr) + bytes(p.astro_syn) + bytes(p.u) + bytes(p.x) + bytes(p.trace) +
         bytes(p.gamma_local) + bytes(p.source_last) + bytes(p.target_astro) + bytes(p.gamma_astro) + bytes(p.gate_astro) +
         bytes(p.astro_scale) + bytes(p.sic_ptr) + bytes(p.sic_syn) + bytes(p.sic_astro) + bytes(p.sic_count);
}

template <class X>
std::uint64_t astro_engine<X>::astrocyte_bytes() const {
  std::uint64_t b = 0;
  for (const auto& a : astro_) {
    for (const auto& v : a.vars) b += bytes(v);
    b += bytes(a.acc_end) + bytes(a.acc_int) + bytes(a.glio_mean) + bytes(a.gap) + bytes(a.release_at);
  }
  return b;
}

}  // namespace tribody::engine
