#include "plan/dc_input.hpp"

#include <algorithm>

namespace tribody::plan {

std::vector<long long> dc_change_steps(const network_plan& plan) {
  std::vector<long long> steps;
  for (const auto& d : plan.dc) {
    steps.push_back(d.start_step);
    steps.push_back(d.stop_step);
  }
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  return steps;
}

std::vector<double> dc_currents(const network_plan& plan, int pop, long long step) {
  if (!plan.populations[pop].has_dc) return {};
  std::vector<double> v(plan.populations[pop].size, 0.0);
  for (const auto& d : plan.dc) {
    if (d.target != pop || step < d.start_step || step >= d.stop_step) continue;
    if (d.node_ids.empty()) {
      for (auto& x : v) x += d.amplitude;
    } else {
      for (auto i : d.node_ids) v[i] += d.amplitude;
    }
  }
  return v;
}

}  // namespace tribody::plan
