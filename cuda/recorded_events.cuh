// Copying events recorded on the device (spikes, gliotransmitter releases)
// into host recordings.
#pragma once

#include <algorithm>
#include <numeric>
#include <vector>

#include "device_buffer.cuh"
#include "tribody/recordings.hpp"

namespace tribody::cuda {

// Appends the first `count` recorded (step, id) events up to step
// `last_step` to `out`. Blocks reserve their ranges in any order, so the
// events are sorted to (step, id), the order in which the CPU backend emits
// them.
inline void append_sorted_events(const device_buffer<long long>& step, const device_buffer<unsigned>& id,
                                 unsigned long long count, long long last_step, cudaStream_t s,
                                 population_spikes& out) {
  if (count == 0) return;
  const auto steps = step.download(s, count);
  const auto ids = id.download(s, count);
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return steps[a] != steps[b] ? steps[a] < steps[b] : ids[a] < ids[b];
  });
  out.steps.reserve(out.steps.size() + count);
  out.ids.reserve(out.ids.size() + count);
  for (auto k : order) {
    if (steps[k] > last_step) break;
    out.steps.push_back(steps[k]);
    out.ids.push_back(ids[k]);
  }
}

}  // namespace tribody::cuda
