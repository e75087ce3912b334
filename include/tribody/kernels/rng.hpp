// Counter-based random numbers (Philox4x32-10, Random123). Every draw is a
// pure function of (seed, purpose, stream, id, counter): no generator state
// is shared between threads, so results do not depend on thread count,
// scheduling or backend.
#pragma once

#include <Random123/philox.h>

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

// What a draw is for; part of the key, so purposes never share numbers.
enum class purpose : unsigned {
  connect = 1,        // connectivity: sources/targets
  weight = 2,         // synaptic weights
  delay = 3,          // synaptic delays
  init = 4,           // initial state values
  poisson_input = 5,  // poisson stimulus counts
  source_spikes = 6,  // poisson_source neuron spikes
  territory = 7,      // tripartite: per-synapse astrocyte assignment
  territory_pool = 8, // tripartite: random astrocyte pools per target
  astro_init = 9,     // initial astrocyte state
  reward = 10,        // reward stimulus delays
};

struct rng_key {
  unsigned k0;
  unsigned k1;
};

// stream: e.g. the projection or stimulus index; keeps objects of the same
// purpose independent.
TB_HD_INLINE rng_key make_key(unsigned long long seed, purpose p, unsigned stream) {
  unsigned h = stream * 0x9e3779b1u + static_cast<unsigned>(p) * 0x85ebca77u;
  h ^= h >> 16;  // murmur3 finalizer: spreads nearby (purpose, stream) pairs
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return {static_cast<unsigned>(seed), static_cast<unsigned>(seed >> 32) ^ h};
}

struct rand4 {
  unsigned v[4];
};

TB_HD_INLINE rand4 philox(rng_key key, unsigned long long id, unsigned long long counter) {
  r123::Philox4x32 gen;
  const r123::Philox4x32::ctr_type c = {{static_cast<unsigned>(id), static_cast<unsigned>(id >> 32),
                                         static_cast<unsigned>(counter),
                                         static_cast<unsigned>(counter >> 32)}};
  const r123::Philox4x32::key_type k = {{key.k0, key.k1}};
  const r123::Philox4x32::ctr_type r = gen(c, k);
  return {{r[0], r[1], r[2], r[3]}};
}

// [0, 1) with 53 random bits.
TB_HD_INLINE double u01(unsigned hi, unsigned lo) {
  const unsigned long long x = (static_cast<unsigned long long>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>(x & ((1ULL << 53) - 1)) * (1.0 / 9007199254740992.0);
}

// A sequence of draws for one (key, id): counter 0, 1, 2, ... four words each.
// Used where a unit of work needs a variable number of draws (rejection,
// geometric skipping); the sequence is the same wherever it runs.
class stream_rng {
 public:
  TB_HD stream_rng(rng_key key, unsigned long long id, unsigned long long first_counter = 0)
      : key_(key), id_(id), counter_(first_counter), used_(4) {}

  TB_HD_INLINE unsigned next_u32() {
    if (used_ == 4) {
      buf_ = philox(key_, id_, counter_++);
      used_ = 0;
    }
    return buf_.v[used_++];
  }

  TB_HD_INLINE double uniform() {  // [0, 1)
    const unsigned a = next_u32();
    const unsigned b = next_u32();
    return u01(a, b);
  }

  TB_HD_INLINE double uniform_open0() { return 1.0 - uniform(); }  // (0, 1]

  // Uniform integer in [0, n), n >= 1, without modulo bias (Lemire 2019).
  TB_HD_INLINE unsigned uniform_int(unsigned n) {
    unsigned long long m = static_cast<unsigned long long>(next_u32()) * n;
    unsigned low = static_cast<unsigned>(m);
    if (low < n) {
      const unsigned t = (0u - n) % n;
      while (low < t) {
        m = static_cast<unsigned long long>(next_u32()) * n;
        low = static_cast<unsigned>(m);
      }
    }
    return static_cast<unsigned>(m >> 32);
  }

  // Standard normal by Box-Muller (one value per pair of uniforms).
  TB_HD_INLINE double normal() {
    const double u1 = uniform_open0();
    const double u2 = uniform();
    double s, c;
    pm::sincos_turns(u2, &s, &c);
    return sqrt_hd(-2.0 * pm::log(u1)) * c;
  }

 private:
  TB_HD_INLINE static double sqrt_hd(double x) {
#if defined(__CUDA_ARCH__)
    return __dsqrt_rn(x);  // IEEE correctly rounded, as on the host
#else
    return __builtin_sqrt(x);
#endif
  }

  rng_key key_;
  unsigned long long id_;
  unsigned long long counter_;
  rand4 buf_{};
  int used_;
};

// Poisson means above this are drawn as a sum of chunks of at most this mean.
// |normal()| <= sqrt(-2 ln 2^-53) = 8.5716 (u1 >= 2^-53), with a margin for
// the rounding of log and sqrt: every normal draw lies within this many
// standard deviations (plan/input_bound.cpp).
constexpr double normal_bound = 8.58;

constexpr double poisson_chunk = 32.0;
// Entries of a chunk's CDF table: enough for mean 32 to reach 1 - 2^-53.
constexpr int poisson_cdf_max = 160;

}  // namespace tribody::kern
