#include "cpu/cpu_backend.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "engine/initial_values.hpp"
#include "plan/dc_input.hpp"
#include "plan/memory_estimate.hpp"
#include "sim/system_info.hpp"
#include "tribody/errors.hpp"
#include "tribody/kernels/distribution.hpp"

namespace tribody::cpu {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string mib(double bytes) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << bytes / (1024.0 * 1024.0) << " MiB";
  return s.str();
}

// Refuse, before allocating, a network that cannot fit in memory.
void check_memory(const plan::network_plan& plan, int threads) {
  double bytes = plan::estimate_memory(plan).total();
  double cursors = 0.0;  // per-thread write cursors of column-unit rules (csr_build.cpp)
  for (const auto& p : plan.projections) {
    if (!p.rule.unit_is_source()) cursors = std::max(cursors, 8.0 * std::max(1, threads) * p.rule.n_src);
  }
  bytes += cursors;
  const double avail = static_cast<double>(available_memory_bytes());
  if (avail > 0.0 && bytes > 0.9 * avail) {
    throw capacity_error("the network needs about " + mib(bytes) + " of memory, but only " + mib(avail) +
                         " is available; reduce its size or use a machine with more memory");
  }
}

}  // namespace

cpu_backend::cpu_backend(int threads) : threads_(threads > 0 ? threads : hardware_threads()), auto_threads_(threads <= 0) {}

// With threads left to us, small networks run on fewer threads: below a few
// thousand neurons the per-step synchronisation costs more than it saves.
int cpu_backend::choose_threads(const plan::network_plan& plan) const {
  double work = static_cast<double>(plan.total_neurons()) + plan.expected_synapses() / 100.0;
  for (const auto& a : plan.astrocytes) work += a.size;
  return std::max(1, std::min(hardware_threads(), static_cast<int>(work / 5000.0)));
}

kern::soa_state cpu_backend::population::state() {
  kern::soa_state s;
  for (std::size_t k = 0; k < vars.size(); ++k) s.v[k] = vars[k].data();
  s.refractory = refractory.data();
  return s;
}

kern::ring_view cpu_backend::population::ring_view(const plan::population_plan& p) {
  return {ring.data(), p.size, p.ring_len};
}

void cpu_backend::init_state(std::size_t pi) {
  const auto& p = plan_->populations[pi];
  auto& s = pops_[pi];
  const cpu_executor x{threads_};
  engine::draw_initial(x, s.vars, p.initial, plan_->seed, kern::purpose::init, p.gid0);
  engine::link_initial(x, s.vars, p.linked_source, p.linked_factor);
}

void cpu_backend::build(const plan::network_plan& plan) {
  plan_ = &plan;
  stopped_.clear();
  if (auto_threads_) threads_ = choose_threads(plan);
  step_ = 0;
  check_memory(plan, threads_);
  auto t0 = std::chrono::steady_clock::now();
  pops_.assign(plan.populations.size(), {});
  for (std::size_t pi = 0; pi < plan.populations.size(); ++pi) {
    const auto& p = plan.populations[pi];
    auto& s = pops_[pi];
    s.vars.assign(p.var_names.size(), std::vector<double>(p.size));
    s.refractory.assign(p.size, 0);
    s.ring.assign(static_cast<std::size_t>(p.n_ports) * p.ring_len * p.size, 0);
    if (p.has_dc) s.i_ext.assign(p.size, 0.0);
    init_state(pi);
  }
  dc_changes_ = plan::dc_change_steps(plan);
  next_dc_change_ = 0;
  next_spike_event_.assign(plan.spike_times.size(), 0);
  timers_["time_construction_create"] = seconds_since(t0);

  rec_ = recordings{};
  t0 = std::chrono::steady_clock::now();
  csr_.clear();
  for (const auto& p : plan.projections) csr_.push_back(build_csr(p, plan.dt, threads_));
  timers_["time_construction_connect"] = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  std::vector<kern::csr_view> views;
  std::vector<unsigned long long> sizes;
  for (std::size_t j = 0; j < csr_.size(); ++j) {
    views.push_back(csr_[j].view(plan.projections[j]));
    sizes.push_back(csr_[j].size());
  }
  astro_.build(cpu_executor{threads_}, plan, views, sizes, plan.slow_steps, rec_);
  if (!plan.astrocytes.empty()) timers_["time_construction_astrocytes"] = seconds_since(t0);

  const std::size_t np = plan.populations.size();
  rec_.spike_count.assign(np, 0);
  rec_.spikes_recorded.assign(np, false);
  rec_.spikes.assign(np, {});
  for (const auto& r : plan.spike_recorders) {
    for (int p : r.populations) rec_.spikes_recorded[p] = true;
  }
  rec_.states.assign(plan.state_recorders.size(), {});
  update_dc(0);
  record_step(-1, false);  // initial state, sample at t = 0
  record_step(-1, true);
}

// Recompute dc input where some dc switches at `step` (rare; exact sums).
void cpu_backend::update_dc(long long step) {
  bool changed = false;
  while (next_dc_change_ < dc_changes_.size() && dc_changes_[next_dc_change_] <= step) {
    ++next_dc_change_;
    changed = true;
  }
  if (!changed) return;
  for (std::size_t p = 0; p < pops_.size(); ++p) pops_[p].i_ext = plan::dc_currents(*plan_, static_cast<int>(p), step);
}

// After step `step` (or -1 for the initial state): sample the neuron or
// the astrocyte state recorders (astrocytes after their slow step).
void cpu_backend::record_step(long long step, bool astro) {
  const long long t = step + 1;  // samples are at t * dt
  for (std::size_t r = 0; r < plan_->state_recorders.size(); ++r) {
    const auto& rp = plan_->state_recorders[r];
    if (rp.astro != astro || t % rp.interval != 0) continue;
    auto& out = rec_.states[r];
    out.steps.push_back(t);
    const kern::soa_state s = rp.astro ? astro_.state(rp.population) : pops_[rp.population].state();
    for (auto node : rp.node_ids) {
      for (int v : rp.vars) out.values.push_back(s.v[v][node]);
    }
  }
}

void cpu_backend::check_finite(long long step, const std::vector<std::vector<unsigned>>& bad) {
  for (std::size_t p = 0; p < bad.size(); ++p) {
    if (bad[p].empty()) continue;
    const unsigned id = *std::min_element(bad[p].begin(), bad[p].end());
    const auto& pp = plan_->populations[p];
    std::ostringstream s;
    s << "neuron " << id << " of population '" << pp.name << "' has a non-finite state at t = "
      << (step + 1) * plan_->dt << " ms (";
    for (std::size_t k = 0; k < pp.var_names.size(); ++k) {
      s << (k ? ", " : "") << pp.var_names[k] << " = " << pops_[p].vars[k][id];
    }
    s << "); " << bad[p].size() << " neuron(s) of this population are affected. Check the model's "
      << "parameters and weights (and dt for izhikevich).";
    throw numerical_error(s.str());
  }
}

std::vector<projection_stats> cpu_backend::synapse_stats() const {
  std::vector<projection_stats> out;
  for (std::size_t i = 0; i < csr_.size(); ++i) {
    const auto& p = plan_->projections[i];
    out.push_back({csr_[i].size(), csr_[i].bytes() + astro_.projection_bytes(i),
                   p.constant_delay ? "constant_delay" : (p.pack_delay ? "packed_delay" : "delay_array")});
  }
  return out;
}

memory_stats cpu_backend::memory() const {
  memory_stats m;
  for (const auto& s : pops_) {
    for (const auto& v : s.vars) m.neuron_state_bytes += v.size() * sizeof(double);
    m.neuron_state_bytes += s.refractory.size() * sizeof(int) + s.i_ext.size() * sizeof(double);
    m.ring_buffer_bytes += s.ring.size() * sizeof(kern::fixed_t);
  }
  for (std::size_t j = 0; j < csr_.size(); ++j) m.synapse_bytes += csr_[j].bytes() + astro_.projection_bytes(j);
  m.astrocyte_bytes = astro_.astrocyte_bytes();
  return m;
}

backend::synapse_list cpu_backend::synapses(int projection) const {
  const auto& c = csr_.at(projection);
  const auto v = c.view(plan_->projections[projection]);
  synapse_list out;
  const std::size_t n_src = c.row_ptr.size() - 1;
  for (std::size_t i = 0; i < n_src; ++i) {
    for (auto s = c.row_ptr[i]; s < c.row_ptr[i + 1]; ++s) {
      out.source.push_back(static_cast<std::uint32_t>(i));
      out.target.push_back(v.target(s));
      out.weight.push_back(c.weight[s]);
      out.delay.push_back(v.delay_steps(s));
    }
  }
  return out;
}

}  // namespace tribody::cpu
