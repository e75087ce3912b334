#include "cpu/cpu_backend.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "engine/epochs.hpp"
#include "plan/memory_estimate.hpp"
#include "sim/system_info.hpp"
#include "tribody/errors.hpp"

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

// Refuse, before allocating, a network that cannot fit in memory; the bytes
// estimated.
// The peak over the build's phases: each projection's CSR built beside the
// CSRs before it, with its scratch (engine/csr_build.hpp); the indices built
// beside the whole network; the run, with its recording buffers and the
// whole run's state samples. Plus the runtime's own (threads, allocator).
double check_memory(const plan::network_plan& plan, int threads, int epoch) {
  const auto est = plan::estimate_memory(plan);
  double csr_phase = 0.0, csrs = 0.0;
  for (const auto& p : plan.projections) {
    csr_phase = std::max(csr_phase, csrs + plan::csr_bytes(p) + engine::csr_scratch_bytes(p, threads));
    csrs += plan::csr_bytes(p);
  }
  const double run_phase = est.total() + engine::recording_bytes(plan, epoch) + engine::run_samples_bytes(plan);
  // (measured: a thread team and its allocator arenas take a few MB; one thread about nothing)
  const double runtime = threads > 1 ? 4.0 * 1048576.0 + 1048576.0 * threads : 524288.0;
  double bytes = std::max({csr_phase, est.total() + est.index_scratch, run_phase}) + runtime;
  const double avail = static_cast<double>(available_memory_bytes());
  if (avail > 0.0 && bytes > 0.9 * avail) {
    throw capacity_error("the network needs about " + mib(bytes) + " of memory, but only " + mib(avail) +
                         " is available; reduce its size or use a machine with more memory");
  }
  return bytes;
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

void cpu_backend::build(const plan::network_plan& plan) {
  plan_ = &plan;
  if (auto_threads_) threads_ = choose_threads(plan);
  const int epoch = engine::epoch_steps(plan);
  estimated_ = check_memory(plan, threads_, epoch);
  timers_.clear();
  const auto t0 = std::chrono::steady_clock::now();
  csr_.clear();
  for (const auto& p : plan.projections) csr_.push_back(build_csr(p, plan.dt, threads_));
  timers_["time_construction_connect"] = seconds_since(t0);
  std::vector<engine::projection_csr> built;
  for (std::size_t j = 0; j < csr_.size(); ++j) {
    built.push_back({csr_[j].view(plan.projections[j]), csr_[j].synapses, csr_[j].max_row});
  }
  net_.build(cpu_executor{threads_}, plan, built, epoch, timers_);
  for (std::size_t j = 0; j < csr_.size(); ++j) {
    if (plan.projections[j].plastic()) csr_[j].release_weights();
  }
}

void cpu_backend::run(long long n_steps) { net_.run(n_steps); }

const phase_timers& cpu_backend::timers() const {
  net_.add_timers(timers_);
  return timers_;
}

std::vector<projection_stats> cpu_backend::synapse_stats() const {
  std::vector<projection_stats> out;
  for (std::size_t i = 0; i < csr_.size(); ++i) {
    const auto& p = plan_->projections[i];
    out.push_back({csr_[i].synapses, csr_[i].bytes() + net_.projection_state_bytes(i),
                   p.constant_delay ? "constant_delay" : (p.pack_delay ? "packed_delay" : "delay_array")});
  }
  return out;
}

memory_stats cpu_backend::memory() const {
  memory_stats m;
  m.neuron_state_bytes = net_.neuron_state_bytes();
  m.ring_buffer_bytes = net_.ring_bytes();
  for (std::size_t j = 0; j < csr_.size(); ++j) m.synapse_bytes += csr_[j].bytes() + net_.projection_state_bytes(j);
  m.astrocyte_bytes = net_.astrocytes().astrocyte_bytes();
  return m;
}

backend::synapse_list cpu_backend::synapses(int projection) const {
  synapse_list out;
  engine::list_synapses(cpu_executor{threads_}, plan_->projections.at(projection), csr_.at(projection),
                        net_.plasticity().weights(projection), out.source, out.target, out.weight, out.delay);
  if (plan_->projections.at(projection).tripartite.enabled) out.astrocyte = net_.astrocytes().synapse_astrocyte(projection);
  return out;
}

}  // namespace tribody::cpu
