// Copying events recorded on the device (spikes) into host recordings.
#pragma once

#include "device_buffer.cuh"
#include "engine/recorded_events.hpp"

namespace tribody::cuda {

// Appends the first `count` recorded (step, id) events up to step
// `last_step` to `out`, in (step, id) order.
inline void append_sorted_events(const device_buffer<long long>& step, const device_buffer<unsigned>& id,
                                 unsigned long long count, long long last_step, cudaStream_t s,
                                 population_spikes& out) {
  if (count == 0) return;
  engine::append_sorted_events(step.download(s, count), id.download(s, count), last_step, out);
}

}  // namespace tribody::cuda
