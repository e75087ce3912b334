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
//   for_each_select(n, f, out, count)   f(i) -> bool for every i; the i
//                             where it is true go to out[0, *count), in an
//                             order the programs never depend on
//   for_each_upto(count, max, f)        f(i) for i < *count (<= max), the
//                             count read where it was written (the device)
//   for_each_spike_row(tasks, host_tasks, body)   for every spike of every
//                             task's source, body(j, b, e, add, shared_add)
//                             over pieces [b, e) of its row: the scheduling
//                             of delivery (CPU: by target owner; CUDA: warps)
//   run_epoch(key, k, enqueue)          runs enqueue() (k steps of the
//                             program) in a team, or as a CUDA graph cached
//                             by key; sync(what) waits for it
//   independent(f)            runs f, whose calls do not depend on each
//                             other (none reads what another writes): the
//                             CPU ends them with one barrier
//   mark_time(slot)           adds the time since the last mark to *slot
//                             (CPU phase timers; no-op on CUDA)
//
// A functor may have bind(): the executor calls it once per thread and
// chunk, and calls what it returns per element (values read from device
// memory once, such as the step, instead of once per element).
// The CPU executor runs for_each as an OpenMP loop (a worksharing loop when
// called inside a team), the CUDA executor as a grid-stride kernel on its
// stream (graph-capturable). Phase order, what each phase reads and writes,
// and failure detection live in the programs, never in an executor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/neuron_common.hpp"

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

// f.bind() where f has one, else f.
template <class F, class = void>
struct has_bind : std::false_type {};
template <class F>
struct has_bind<F, std::void_t<decltype(std::declval<const F&>().bind())>> : std::true_type {};
template <class F>
TB_HD_INLINE auto bound(const F& f) {
  if constexpr (has_bind<F>::value) return f.bind();
  else return f;
}

// "No failure" in a (step << 32 | id) failure slot.
constexpr ull no_failure = ~0ULL;
TB_HD_INLINE ull failure_key(long long step, ull id) { return (static_cast<ull>(step) << 32) | id; }

// v[i] = 0 (inside a step program, where a host fill cannot go).
struct zero_values {
  double* v;
  TB_HD_INLINE void operator()(ull i) const { v[i] = 0.0; }
};

// The step a run halted at (the first step with a non-finite state, or
// no_failure): the step completes, every later step does nothing, on
// every backend, so results up to the failure are the same everywhere.
TB_HD_INLINE bool halted_before(const ull* halted, long long step) { return *halted < static_cast<ull>(step); }

// The first index i of ascending a[0, n) with a[i] >= v (n if none).
template <class T>
TB_HD_INLINE ull first_not_below(const T* a, ull n, T v) {
  ull lo = 0, hi = n;
  while (lo < hi) {
    const ull mid = lo + (hi - lo) / 2;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Bits per pass of the CPU executor's radix sort (more bits take a second
// pass, and its buffers: memory estimates count them).
constexpr int radix_digit_bits = 11;

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

// The state view (kern::soa_state) of a population's variable arrays.
template <class Arrays>
kern::soa_state soa_of(Arrays& vars, int* refractory = nullptr) {
  kern::soa_state s;
  for (std::size_t k = 0; k < vars.size(); ++k) s.v[k] = vars[k].data();
  s.refractory = refractory;
  return s;
}

template <class Array>
std::uint64_t bytes(const Array& a) {
  return a.size() * sizeof(*a.data());
}

}  // namespace tribody::engine
