// Host/device annotations and the fixed-point arithmetic that makes
// synaptic input independent of summation order on every backend.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define TB_HD __host__ __device__
#define TB_HD_INLINE __host__ __device__ __forceinline__
#define TB_HD_NOINLINE __host__ __device__ __noinline__
#define TB_HD_HOT __host__ __device__ __forceinline__
#else
#define TB_HD
#define TB_HD_INLINE inline
#define TB_HD_NOINLINE __attribute__((noinline))
// Inlined even where the compiler would not (the few calls inside a
// per-synapse loop; nvcc's __forceinline__ does so on both sides).
#define TB_HD_HOT inline __attribute__((always_inline))
#endif

namespace tribody::kern {

// Synaptic input is summed as 64-bit integers with `fixed_shift` fraction
// bits: integer addition is associative, so any delivery order (threads,
// GPU atomics) gives the same bits. 2^-32 resolves 2.3e-10 of a weight unit
// (pA, nS or mV); a sum may reach +-2^31 units per neuron, port and step
// (2147 coincident inputs of the largest weight allowed, 1e6).
using fixed_t = long long;
constexpr int fixed_shift = 32;
constexpr double fixed_one = 4294967296.0;         // 2^32
constexpr double fixed_inv = 1.0 / 4294967296.0;   // 2^-32, exact

// Round half away from zero; built from +, - and a truncating cast, which
// both nvcc and g++ evaluate identically. Saturates at +-2^62 (weights are
// validated to |w| <= 1e6, far below).
TB_HD_INLINE fixed_t to_fixed(double w) {
  double x = w * fixed_one;
  const double limit = 4611686018427387904.0;  // 2^62
  x = x > limit ? limit : (x < -limit ? -limit : x);
  return static_cast<fixed_t>(x >= 0.0 ? x + 0.5 : x - 0.5);
}

TB_HD_INLINE double from_fixed(fixed_t q) { return static_cast<double>(q) * fixed_inv; }

}  // namespace tribody::kern
