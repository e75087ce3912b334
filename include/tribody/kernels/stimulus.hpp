// Stimuli computed per neuron and step on every backend.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/rng.hpp"

namespace tribody::kern {

// Independent Poisson input to each target neuron: the number of events in
// one step, drawn from (seed, stimulus, global neuron id, step).
struct poisson_input {
  rng_key key{};
  int n_chunks = 0;  // the mean is split into chunks <= poisson_chunk
  double chunk_lambda = 0.0;
  double exp_neg_chunk = 1.0;  // e^-chunk_lambda, from the host

  TB_HD_INLINE unsigned count(unsigned long long gid, long long step) const {
    stream_rng g(key, gid, static_cast<unsigned long long>(step) << 20);
    unsigned k = 0;
    for (int c = 0; c < n_chunks; ++c) k += g.poisson_inversion(chunk_lambda, exp_neg_chunk);
    return k;
  }
};

}  // namespace tribody::kern
