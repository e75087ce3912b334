// The executor: what a backend supplies to the step programs of src/engine.
// A program (astro_engine, index_build) is host code written once, as a
// template over an executor type X, and compiled for each backend. X has:
//
//   template <class T> using array = ...;   owning storage in X's memory
//   for_each(n, f, name)      f(i) for every i in [0, n); f is a TB_HD
//                             functor; no order, no two i share an output
//   resize / fill / upload / download / ptr   memory
//   stable_sort_keys(keys, n, bits, perm, sorted)   collectives, whose
//   select_flagged(flags, n, out, count)            results are defined
//                                                   uniquely (stable)
//   serial(f)                 host code run once (the CPU runs programs on
//                             every thread of a team; this is its `single`)
//
// The CPU executor runs for_each as an OpenMP loop (a worksharing loop when
// called inside a team), the CUDA executor as a grid-stride kernel on its
// stream (graph-capturable). Phase order, what each phase reads and writes,
// and failure detection live in the programs, never in an executor.
#pragma once

#include <cstdint>

#include "tribody/kernels/hd.hpp"

namespace tribody::engine {

using ull = unsigned long long;

// The fast step a functor acts in: base[0] + offset. Kernels captured in a
// CUDA graph read the step from device memory, so one capture serves every
// replay; the CPU points base at its loop counter.
struct step_ref {
  const long long* base = nullptr;
  int offset = 0;
  TB_HD_INLINE long long value() const { return *base + offset; }
};

// Integer atomics that both compilers accept in TB_HD code: order-independent
// results (min, add) for any interleaving of threads.
TB_HD_INLINE void atomic_min(ull* at, ull v) {
#if defined(__CUDA_ARCH__)
  atomicMin(at, v);
#else
  ull cur = __atomic_load_n(at, __ATOMIC_RELAXED);
  while (v < cur && !__atomic_compare_exchange_n(at, &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
#endif
}

TB_HD_INLINE void atomic_add(long long* at, long long v) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<ull*>(at), static_cast<ull>(v));
#else
  __atomic_fetch_add(at, v, __ATOMIC_RELAXED);
#endif
}

// "No failure" in a (step << 32 | id) failure slot.
constexpr ull no_failure = ~0ULL;
TB_HD_INLINE ull failure_key(long long step, ull id) { return (static_cast<ull>(step) << 32) | id; }

// Bits needed for keys in [0, max_key].
inline int key_bits(ull max_key) {
  int b = 1;
  while (b < 64 && (max_key >> b) != 0) ++b;
  return b;
}

// The pointer of an array, or null when it is empty (kernels test for null).
template <class Array>
auto ptr_of(Array& a) -> decltype(a.data()) {
  return a.size() ? a.data() : nullptr;
}

template <class Array>
std::uint64_t bytes(const Array& a) {
  return a.size() * sizeof(*a.data());
}

}  // namespace tribody::engine
