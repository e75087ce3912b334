// The CPU executor (src/engine/executor.hpp): host vectors, OpenMP loops.
// Inside an OpenMP team (the step loop) for_each is a worksharing loop that
// every thread of the team reaches, and serial work runs on one thread;
// outside one, for_each opens a team of `threads`.
#pragma once

#include <cstring>
#include <vector>

#include "engine/executor.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tribody::cpu {

using engine::ull;

// Stable LSD radix sort of keys < 2^bits: perm[k] is the index of the k-th
// smallest key (ties in index order), sorted[k] its key.
template <class Key>
void radix_sort_permutation(const Key* keys, ull n, int bits, ull* perm, Key* sorted, int threads);
// Indices i < n with flags[i] != 0, ascending; returns how many.
ull select_flagged(const int* flags, ull n, unsigned* out);

inline bool in_team() {
#if defined(_OPENMP)
  return omp_in_parallel() != 0;
#else
  return false;
#endif
}

struct cpu_executor {
  template <class T>
  using array = std::vector<T>;

  int threads = 1;

  template <class F>
  void for_each(ull n, const F& f, const char* /*name*/) const {
    const long long m = static_cast<long long>(n);
    if (in_team()) {
#pragma omp for schedule(static)
      for (long long i = 0; i < m; ++i) f(static_cast<ull>(i));
    } else {
#pragma omp parallel for num_threads(threads) schedule(static)
      for (long long i = 0; i < m; ++i) f(static_cast<ull>(i));
    }
  }

  // Host code that must run once; the team waits for it.
  template <class F>
  void serial(F&& f) const {
    if (in_team()) {
#pragma omp single
      f();
    } else {
      f();
    }
  }

  template <class T>
  void resize(array<T>& a, std::size_t n) const {
    a.resize(n);
  }
  template <class T>
  void fill(array<T>& a, std::size_t n, const T& v) const {
    a.assign(n, v);
  }
  template <class T>
  void upload(array<T>& a, const std::vector<T>& v) const {
    a = v;
  }
  template <class T>
  std::vector<T> download(const array<T>& a, std::size_t count, std::size_t offset = 0) const {
    return std::vector<T>(a.begin() + offset, a.begin() + offset + count);
  }
  template <class T>
  std::vector<T> download(const array<T>& a) const {
    return a;
  }
  template <class T>
  T back(const array<T>& a) const {
    return a.back();
  }

  // perm (n) and sorted (n): the stable order of keys[0, n) below 2^bits.
  template <class Key>
  void stable_sort_keys(const array<Key>& keys, ull n, int bits, array<ull>& perm, array<Key>& sorted) const {
    perm.resize(n);
    sorted.resize(n);
    radix_sort_permutation(keys.data(), n, bits, perm.data(), sorted.data(), threads);
  }
  // out[0, count) = the i < n with flags[i] != 0, ascending; count[0] = how many.
  void select_flagged(const array<int>& flags, ull n, array<unsigned>& out, ull* count) const {
    serial([&] { count[0] = cpu::select_flagged(flags.data(), n, out.data()); });
  }
  void reserve_select(ull) const {}
};

}  // namespace tribody::cpu
