// TB_HD functors of index construction (src/engine/index_build.hpp): sort
// keys, lower bounds and run starts over sorted keys, gathers.
#pragma once

#include "engine/executor.hpp"
#include "tribody/kernels/connect.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::engine {

// key[s] = synapse s's astrocyte, or n_astro where it has none (sorts last).
struct astro_keys {
  kern::territory_rule rule;
  kern::csr_view csr;
  unsigned* astro;  // out: per synapse, kern::no_astrocyte if none
  unsigned* key;
  TB_HD_INLINE void operator()(ull s) const {
    const unsigned a = rule.astro_of(s, csr.target(s));
    astro[s] = a;
    key[s] = a == kern::no_astrocyte ? rule.n_astro : a;
  }
};

// key[s] = target of tripartite synapse s, or n_target for others.
struct target_keys {
  kern::csr_view csr;
  const unsigned* astro;
  unsigned n_target;
  unsigned* key;
  TB_HD_INLINE void operator()(ull s) const { key[s] = astro[s] == kern::no_astrocyte ? n_target : csr.target(s); }
};

// key[s] = target * (n_astro + 1) + astrocyte, or n_target * (n_astro + 1).
struct pair_keys {
  kern::csr_view csr;
  const unsigned* astro;
  ull n_target, n_astro;
  ull* key;
  TB_HD_INLINE void operator()(ull s) const {
    key[s] = astro[s] == kern::no_astrocyte ? n_target * (n_astro + 1) : csr.target(s) * (n_astro + 1) + astro[s];
  }
};

// ptr[r] = the number of sorted keys below (first + r) * scale: the start
// of row first + r.
template <class Key>
struct lower_bounds {
  const Key* sorted;
  ull n;
  ull scale;
  ull* ptr;
  ull first = 0;
  TB_HD_INLINE void operator()(ull r) const {
    const ull v = (first + r) * scale;
    ull lo = 0, hi = n;
    while (lo < hi) {
      const ull mid = lo + (hi - lo) / 2;
      if (static_cast<ull>(sorted[mid]) < v) lo = mid + 1;
      else hi = mid;
    }
    ptr[r] = lo;
  }
};

// flag[k] = 1 where sorted key k (k < n) starts a run of equal keys.
template <class Key>
struct run_starts {
  const Key* sorted;
  int* flag;
  TB_HD_INLINE void operator()(ull k) const { flag[k] = k == 0 || sorted[k] != sorted[k - 1]; }
};

// Run r: its key (pair key), astrocyte and length.
struct split_runs {
  const ull* sorted;
  const unsigned* start;
  const ull* n_runs;
  ull n_keys, n_astro;
  ull* run_key;
  unsigned* astro;
  unsigned* count;
  TB_HD_INLINE void operator()(ull r) const {
    const ull b = start[r], e = r + 1 < n_runs[0] ? start[r + 1] : n_keys;
    run_key[r] = sorted[b];
    astro[r] = static_cast<unsigned>(sorted[b] % (n_astro + 1));
    count[r] = static_cast<unsigned>(e - b);
  }
};

template <class T>
struct copy_range {
  const T* from;
  T* to;
  TB_HD_INLINE void operator()(ull i) const { to[i] = from[i]; }
};

template <class T>
struct fill_value {
  T* to;
  T value;
  TB_HD_INLINE void operator()(ull i) const { to[i] = value; }
};

}  // namespace tribody::engine
