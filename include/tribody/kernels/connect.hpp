// Connectivity rules as deterministic generators. A rule is split into
// independent *units* (a source row, a target column, or a chunk of draws);
// each unit's synapses are a pure function of (seed, projection, unit), so
// any backend and any thread count build the same network. Each synapse is
// named by (unit, k), k its ordinal within the unit: the key of its weight
// and delay draws.
#pragma once

#include "tribody/kernels/distribution.hpp"
#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/rng.hpp"

namespace tribody::kern {

enum class rule_kind : int {
  all_to_all,
  one_to_one,
  fixed_indegree,
  fixed_outdegree,
  fixed_total_number,
  pairwise_bernoulli
};

// Draws per unit of fixed_total_number.
constexpr unsigned long long total_number_chunk = 4096;

struct connect_rule {
  rule_kind kind = rule_kind::all_to_all;
  unsigned n_src = 0, n_tgt = 0;
  unsigned long long n = 0;  // indegree, outdegree or total number
  double p = 0.0;            // pairwise_bernoulli probability
  double log1m_p = 0.0;      // log(1 - p), computed on the host with pm::log
  bool autapses = true;      // only matters when source == target population
  bool multapses = true;
  bool same_population = false;
  rng_key key{};  // purpose::connect, stream = projection index

  TB_HD_INLINE bool exclude_self() const { return same_population && !autapses; }

  // Units are rows (unit = source) for these rules; else columns or chunks.
  TB_HD_INLINE bool unit_is_source() const {
    return kind != rule_kind::fixed_indegree && kind != rule_kind::fixed_total_number;
  }
  TB_HD_INLINE unsigned long long n_units() const {
    if (kind == rule_kind::fixed_indegree) return n_tgt;
    if (kind == rule_kind::fixed_total_number) return (n + total_number_chunk - 1) / total_number_chunk;
    return n_src;
  }
  // Exact synapse count of a unit when the rule fixes it, else -1.
  TB_HD_INLINE long long fixed_unit_size(unsigned long long unit) const {
    switch (kind) {
      case rule_kind::one_to_one: return (exclude_self()) ? 0 : 1;
      case rule_kind::all_to_all: return static_cast<long long>(n_tgt) - (exclude_self() ? 1 : 0);
      case rule_kind::fixed_indegree:
      case rule_kind::fixed_outdegree: return static_cast<long long>(n);
      case rule_kind::fixed_total_number: {
        const unsigned long long lo = unit * total_number_chunk;
        const unsigned long long hi = lo + total_number_chunk < n ? lo + total_number_chunk : n;
        return static_cast<long long>(hi - lo);
      }
      default: return -1;
    }
  }
};

// Heapsort of a[0..n): in-place, no allocation, usable on the device.
TB_HD_INLINE void heap_sort(unsigned* a, unsigned n) {
  auto sift = [a](unsigned root, unsigned end) {
    while (2 * root + 1 < end) {
      unsigned child = 2 * root + 1;
      if (child + 1 < end && a[child] < a[child + 1]) ++child;
      if (!(a[root] < a[child])) return;
      const unsigned t = a[root];
      a[root] = a[child];
      a[child] = t;
      root = child;
    }
  };
  for (unsigned start = n / 2; start-- > 0;) sift(start, n);
  for (unsigned end = n; end > 1; --end) {
    const unsigned t = a[0];
    a[0] = a[end - 1];
    a[end - 1] = t;
    sift(0, end - 1);
  }
}

// K distinct indices of [0, pool) by Floyd's algorithm, sorted ascending.
// `set` answers insert(x) -> false if x was already chosen; the chosen set
// (hence the result) does not depend on how the set is implemented.
template <class Set>
TB_HD void sample_distinct(stream_rng& g, unsigned pool, unsigned k, Set& set, unsigned* out) {
  unsigned m = 0;
  for (unsigned j = pool - k; j < pool; ++j) {
    const unsigned t = g.uniform_int(j + 1);
    out[m++] = set.insert(t) ? t : (set.insert(j), j);
  }
  heap_sort(out, k);
}

// Map an index drawn from the pool without `self` back to the population.
TB_HD_INLINE unsigned skip_self(unsigned x, unsigned self, bool exclude) {
  return (exclude && x >= self) ? x + 1 : x;
}

// Visit the synapses of one unit: emit(source, target, unit, k).
// `scratch` holds n entries and `set` is as for sample_distinct; both are
// used only by rules without multapses.
template <class Emit, class Set>
TB_HD void visit_unit(const connect_rule& r, unsigned long long unit, Emit& emit, Set& set, unsigned* scratch) {
  const bool ex = r.exclude_self();
  switch (r.kind) {
    case rule_kind::one_to_one: {
      if (!ex) emit(static_cast<unsigned>(unit), static_cast<unsigned>(unit), unit, 0ULL);
      return;
    }
    case rule_kind::all_to_all: {
      unsigned long long k = 0;
      for (unsigned j = 0; j < r.n_tgt; ++j) {
        if (ex && j == unit) continue;
        emit(static_cast<unsigned>(unit), j, unit, k++);
      }
      return;
    }
    case rule_kind::pairwise_bernoulli: {
      if (r.p <= 0.0) return;
      stream_rng g(r.key, unit);
      unsigned long long k = 0;
      long long j = -1;
      for (;;) {
        // Geometric gap to the next target: floor(log(u) / log(1 - p)).
        const double gap = r.p >= 1.0 ? 0.0 : pm::log(g.uniform_open0()) / r.log1m_p;
        if (gap >= static_cast<double>(r.n_tgt)) return;
        j += 1 + static_cast<long long>(gap);
        if (j >= static_cast<long long>(r.n_tgt)) return;
        if (ex && static_cast<unsigned long long>(j) == unit) continue;
        emit(static_cast<unsigned>(unit), static_cast<unsigned>(j), unit, k++);
      }
    }
    case rule_kind::fixed_indegree:
    case rule_kind::fixed_outdegree: {
      const bool in = r.kind == rule_kind::fixed_indegree;
      const unsigned self = static_cast<unsigned>(unit);
      const unsigned pool = (in ? r.n_src : r.n_tgt) - (ex ? 1u : 0u);
      const unsigned k_n = static_cast<unsigned>(r.n);
      stream_rng g(r.key, unit);
      if (r.multapses) {
        for (unsigned k = 0; k < k_n; ++k) {
          const unsigned x = skip_self(g.uniform_int(pool), self, ex);
          if (in) emit(x, self, unit, static_cast<unsigned long long>(k));
          else emit(self, x, unit, static_cast<unsigned long long>(k));
        }
      } else {
        sample_distinct(g, pool, k_n, set, scratch);
        for (unsigned k = 0; k < k_n; ++k) {
          const unsigned x = skip_self(scratch[k], self, ex);
          if (in) emit(x, self, unit, static_cast<unsigned long long>(k));
          else emit(self, x, unit, static_cast<unsigned long long>(k));
        }
      }
      return;
    }
    case rule_kind::fixed_total_number: {
      const unsigned long long lo = unit * total_number_chunk;
      const unsigned long long hi = lo + total_number_chunk < r.n ? lo + total_number_chunk : r.n;
      for (unsigned long long d = lo; d < hi; ++d) {
        stream_rng g(r.key, d);
        const unsigned s = g.uniform_int(r.n_src);
        unsigned t = g.uniform_int(r.n_tgt - (ex ? 1u : 0u));
        t = skip_self(t, s, ex);
        emit(s, t, unit, d - lo);
      }
      return;
    }
  }
}

// The weight or delay draw of synapse (unit, k).
TB_HD_INLINE double synapse_value(const value_dist& d, rng_key key, unsigned long long unit, unsigned long long k);

// Delay in steps: round(delay_ms / dt), half away from zero.
TB_HD_INLINE int delay_to_steps(double delay_ms, double dt);

// Everything needed to turn synapse (unit, k) with its target into the CSR
// entry: target word (with packed delay), separate delay, weight.
struct synapse_gen {
  value_dist weight, delay_ms;
  rng_key weight_key{}, delay_key{};
  double dt = 0.1;
  int min_delay = 1, max_delay = 1;  // steps
  bool constant_delay = true;
  bool pack_delay = false;
  unsigned target_bits = 32;

  TB_HD_INLINE void make(unsigned long long unit, unsigned long long k, unsigned target, unsigned* col,
                         unsigned short* delay, float* w) const {
    *w = static_cast<float>(synapse_value(weight, weight_key, unit, k));
    if (constant_delay) {
      *col = target;
      return;
    }
    int d = delay_to_steps(synapse_value(delay_ms, delay_key, unit, k), dt);
    d = d < min_delay ? min_delay : (d > max_delay ? max_delay : d);
    if (pack_delay) {
      *col = target | (static_cast<unsigned>(d) << target_bits);
    } else {
      *col = target;
      *delay = static_cast<unsigned short>(d);
    }
  }
};

TB_HD_INLINE double synapse_value(const value_dist& d, rng_key key, unsigned long long unit,
                                  unsigned long long k) {
  if (d.is_constant()) return d.a;
  stream_rng g(key, unit, k << 16);
  return sample(d, g);
}

// Delay in steps: round(delay_ms / dt), half away from zero.
TB_HD_INLINE int delay_to_steps(double delay_ms, double dt) {
  return static_cast<int>(delay_ms / dt + 0.5);
}

}  // namespace tribody::kern
