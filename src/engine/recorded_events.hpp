// Recorded events (spikes, gliotransmitter releases) into host recordings.
#pragma once

#include <algorithm>
#include <numeric>
#include <vector>

#include "tribody/recordings.hpp"

namespace tribody::engine {

// Appends the (step, id) events with step <= last_step to `out`, sorted by
// (step, id): threads and GPU blocks record in any order, and this is the
// order a recording has on every backend.
inline void append_sorted_events(const std::vector<long long>& steps, const std::vector<unsigned>& ids,
                                 long long last_step, population_spikes& out) {
  const auto before = [&](std::size_t a, std::size_t b) {
    return steps[a] != steps[b] ? steps[a] < steps[b] : ids[a] < ids[b];
  };
  out.steps.reserve(out.steps.size() + steps.size());
  out.ids.reserve(out.ids.size() + steps.size());
  std::size_t n = 0;  // the CPU records in order: then no sort is needed
  while (n + 1 < steps.size() && !before(n + 1, n)) ++n;
  if (n + 1 >= steps.size()) {
    for (std::size_t k = 0; k < steps.size() && steps[k] <= last_step; ++k) {
      out.steps.push_back(steps[k]);
      out.ids.push_back(ids[k]);
    }
    return;
  }
  std::vector<std::size_t> order(steps.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), before);
  for (auto k : order) {
    if (steps[k] > last_step) break;
    out.steps.push_back(steps[k]);
    out.ids.push_back(ids[k]);
  }
}

}  // namespace tribody::engine
