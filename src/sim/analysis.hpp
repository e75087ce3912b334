// Statistics of recorded spikes used in reports and validation tests.
#pragma once

#include <cstdint>

#include "tribody/recordings.hpp"

namespace tribody {

struct spike_statistics {
  double mean_rate_hz = 0.0;  // spikes / (neurons * duration)
  double cv_isi = 0.0;        // mean over neurons with >= 3 spikes; 0 if none
  std::uint64_t neurons_with_isi = 0;
};

// duration_ms: the span the spikes were counted over (from t = 0).
spike_statistics analyse_spikes(const population_spikes& s, std::uint64_t spike_count, std::uint32_t n_neurons,
                                double duration_ms, double dt);

}  // namespace tribody
