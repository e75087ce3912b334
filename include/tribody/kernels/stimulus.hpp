// Stimuli computed per neuron and step on every backend.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/rng.hpp"

namespace tribody::kern {

// Independent Poisson input to each target neuron: the number of events in
// one step, drawn from (seed, stimulus, global neuron id, step).
// Buckets of the guide table that starts the CDF search near its answer.
constexpr int poisson_guide_len = 256;

// The count is found by inversion in a table of the Poisson CDF of one
// chunk (computed on the host: no transcendental functions here). A guide
// table (Chen & Asau 1974) maps u to the first candidate, so the search
// almost always ends at once: no data-dependent loop to mispredict.
struct poisson_input {
  rng_key key{};
  int n_chunks = 0;             // the mean is split into chunks <= poisson_chunk
  const double* cdf = nullptr;  // P(X <= k) for one chunk, k = 0 .. cdf_len-1
  int cdf_len = 0;
  const int* guide = nullptr;   // guide[i]: smallest k with cdf[k] > i / poisson_guide_len

  TB_HD_INLINE unsigned count(unsigned long long gid, long long step) const {
    stream_rng g(key, gid, static_cast<unsigned long long>(step) << 20);
    unsigned k = 0;
    for (int c = 0; c < n_chunks; ++c) {
      const double u = g.uniform();
      int j = guide[static_cast<int>(u * poisson_guide_len)];
      while (j < cdf_len && u >= cdf[j]) ++j;
      k += static_cast<unsigned>(j);
    }
    return k;
  }
};

// The Poisson events for target k of a stimulus in one step, as the
// fixed-point amount to add at address(k).
struct poisson_delivery {
  poisson_input in;
  fixed_t* slot = nullptr;             // ring slot (port, step + delay) of the target population
  const unsigned* node_ids = nullptr;  // targets, or nullptr for the whole population
  unsigned long long gid0 = 0;
  fixed_t value = 0;                   // fixed-point weight of one event
  long long step = 0;

  TB_HD_INLINE unsigned node(unsigned long long k) const {
    return node_ids != nullptr ? node_ids[k] : static_cast<unsigned>(k);
  }
  TB_HD_INLINE fixed_t amount(unsigned node) const {
    return static_cast<fixed_t>(in.count(gid0 + node, step)) * value;
  }
};

}  // namespace tribody::kern
