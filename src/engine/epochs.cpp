#include <algorithm>

#include "engine/epochs.hpp"

namespace tribody::engine {
namespace {

// Memory recorded spikes may take per epoch (worst case: every recorded
// neuron fires every step); it bounds the epoch length.
constexpr double record_budget = 512.0 * 1024.0 * 1024.0;
constexpr int max_epoch = 200;
constexpr double bytes_per_event = sizeof(long long) + sizeof(unsigned);

double recorded_neurons(const plan::network_plan& plan) {
  std::vector<bool> seen(plan.populations.size(), false);
  double n = 0.0;
  for (const auto& r : plan.spike_recorders) {
    for (int p : r.populations) {
      if (!seen[p]) n += plan.populations[p].size;
      seen[p] = true;
    }
  }
  return n;
}

// Synapses of weight recorders (expected; at most one event per step each).
constexpr double bytes_per_weight_event = sizeof(long long) + sizeof(unsigned) + sizeof(double);
double recorded_synapses(const plan::network_plan& plan) {
  double n = 0.0;
  for (const auto& r : plan.weight_recorders) {
    const auto& p = plan.projections[r.projection];
    const double fs = r.sources.empty() ? 1.0 : static_cast<double>(r.sources.size()) / std::max(1u, p.rule.n_src);
    const double ft = r.targets.empty() ? 1.0 : static_cast<double>(r.targets.size()) / std::max(1u, p.rule.n_tgt);
    n += p.expected_synapses * fs * ft;
  }
  return n;
}

}  // namespace

int epoch_steps(const plan::network_plan& plan) {
  const double per_step = bytes_per_event * recorded_neurons(plan) + bytes_per_weight_event * recorded_synapses(plan);
  int epoch = static_cast<int>(std::clamp(record_budget / std::max(1.0, per_step), 1.0, static_cast<double>(max_epoch)));
  // Whole slow steps per epoch keep full epochs in one phase of the slow
  // clock, so one CUDA graph serves them all.
  if (!plan.astrocytes.empty() && epoch >= plan.slow_steps) epoch -= static_cast<int>(epoch % plan.slow_steps);
  return epoch;
}

double recording_bytes(const plan::network_plan& plan, int epoch) {
  double b = (bytes_per_event * recorded_neurons(plan) + bytes_per_weight_event * recorded_synapses(plan)) * epoch;
  for (const auto& r : plan.state_recorders) {
    b += 8.0 * static_cast<double>(epoch / r.interval + 2) * r.node_ids.size() * r.vars.size();
  }
  for (const auto& r : plan.spike_recorders) {
    for (int a : r.astro_populations) {
      b += bytes_per_event * plan.astrocytes[a].size * static_cast<double>(epoch / plan.slow_steps + 2);
    }
  }
  return b;
}

double run_samples_bytes(const plan::network_plan& plan) {
  double b = 0.0;
  for (const auto& r : plan.state_recorders) {  // samples at 0, interval, ... <= t_stop
    b += 8.0 * static_cast<double>(plan.n_steps / r.interval + 1) * r.node_ids.size() * r.vars.size();
  }
  return b;
}

}  // namespace tribody::engine
