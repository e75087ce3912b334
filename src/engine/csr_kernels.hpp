// TB_HD functors of CSR construction (src/engine/csr_build.hpp): unit
// visitors with their sampling scratch, row counters, writers, and the
// placement of column-unit synapses after a stable sort by source.
#pragma once

#include "engine/executor.hpp"
#include "tribody/kernels/connect.hpp"
#include "tribody/kernels/synapses.hpp"

namespace tribody::engine {

constexpr unsigned empty_slot = 0xffffffffu;

// Open addressing over a power-of-two table: the chosen set of Floyd
// sampling (the result does not depend on how the set is kept).
struct hash_set {
  unsigned* table;
  unsigned mask;
  TB_HD_INLINE bool insert(unsigned x) {
    unsigned h = (x * 2654435761u) & mask;
    for (;;) {
      const unsigned cur = table[h];
      if (cur == empty_slot) {
        table[h] = x;
        return true;
      }
      if (cur == x) return false;
      h = (h + 1) & mask;
    }
  }
  TB_HD_INLINE void clear() {
    for (unsigned i = 0; i <= mask; ++i) table[i] = empty_slot;
  }
};

// Visitor v of n_visitors visits units first + v, first + v + n_visitors,
// ... below end, each with emit_for(unit); sampling without multapses uses
// the visitor's own scratch (a set of cap entries, then n chosen values).
template <class EmitFor>
struct visit_units {
  kern::connect_rule r;
  ull first, end, n_visitors;
  unsigned* scratch;  // or null
  unsigned cap;
  EmitFor emit_for;
  TB_HD_INLINE void operator()(ull v) const {
    unsigned* mine = scratch != nullptr ? scratch + v * (cap + r.n) : nullptr;
    hash_set set{mine, cap - 1};
    for (ull u = first + v; u < end; u += n_visitors) {
      if (mine != nullptr) set.clear();
      auto emit = emit_for(u);
      kern::visit_unit(r, u, emit, set, mine != nullptr ? mine + cap : nullptr);
    }
  }
};

// Row lengths: of the unit's own row (source units), or atomically of the
// source of each synapse (column units).
struct count_rows {
  ull* len;
  bool by_source;
  struct emitter {
    ull* len;
    bool by_source;
    TB_HD_INLINE void operator()(unsigned src, unsigned, ull, ull) const {
      if (by_source) atomic_add(reinterpret_cast<long long*>(len + src), 1);
      else ++len[0];
    }
  };
  TB_HD_INLINE emitter operator()(ull unit) const { return {by_source ? len : len + unit, by_source}; }
};

struct fixed_rows {
  kern::connect_rule r;
  ull* len;
  TB_HD_INLINE void operator()(ull i) const { len[i] = static_cast<ull>(r.fixed_unit_size(i)); }
};

// Source units: synapse (unit, k) at row_ptr[source] + k.
struct write_rows {
  const ull* row_ptr;
  kern::synapse_gen gen;
  unsigned* col;
  unsigned short* delay;  // or null
  float* weight;
  TB_HD_INLINE write_rows operator()(ull) const { return *this; }
  TB_HD_INLINE void operator()(unsigned src, unsigned tgt, ull unit, ull k) const {
    const ull pos = row_ptr[src] + k;
    gen.make(unit, k, tgt, col + pos, delay != nullptr ? delay + pos : nullptr, weight + pos);
  }
};

// Column units, unit-major: synapse (unit, k) of a batch starting at unit
// first at slot (unit - first) * per_unit + k, with its source and its
// generated target word, delay and weight (placed into rows afterwards).
struct write_columns {
  ull first, per_unit;
  kern::synapse_gen gen;
  unsigned* src;
  unsigned* col;
  unsigned short* delay;  // or null
  float* weight;
  struct emitter {
    ull base;
    const write_columns* w;
    TB_HD_INLINE void operator()(unsigned s, unsigned t, ull unit, ull k) const {
      const ull at = base + k;
      w->src[at] = s;
      w->gen.make(unit, k, t, w->col + at, w->delay != nullptr ? w->delay + at : nullptr, w->weight + at);
    }
  };
  TB_HD_INLINE emitter operator()(ull unit) const { return {(unit - first) * per_unit, this}; }
};

// Where each source's run starts in a batch sorted by source.
struct mark_runs {
  const unsigned* sorted;
  ull* run_start;  // per source; read only for sources in the batch
  TB_HD_INLINE void operator()(ull i) const {
    if (i == 0 || sorted[i - 1] != sorted[i]) run_start[sorted[i]] = i;
  }
};

// A batch's synapse i of the order sorted by source (stable: unit-major
// within a source) goes after its row's synapses of earlier batches.
struct place_columns {
  const unsigned* sorted;
  const ull* perm;
  const ull* cursor;
  const ull* run_start;
  const unsigned* batch_col;
  const unsigned short* batch_delay;  // or null
  const float* batch_weight;
  unsigned* col;
  unsigned short* delay;
  float* weight;
  TB_HD_INLINE void operator()(ull i) const {
    const unsigned s = sorted[i];
    const ull pos = cursor[s] + (i - run_start[s]);
    const ull slot = perm[i];
    col[pos] = batch_col[slot];
    weight[pos] = batch_weight[slot];
    if (delay != nullptr) delay[pos] = batch_delay[slot];
  }
};

// After placing a batch: each source's cursor moves past its synapses.
struct advance_cursors {
  const unsigned* sorted;
  ull n;
  const ull* run_start;
  ull* cursor;
  TB_HD_INLINE void operator()(ull i) const {
    if (i + 1 < n && sorted[i + 1] == sorted[i]) return;  // the last of its run
    cursor[sorted[i]] += i + 1 - run_start[sorted[i]];
  }
};

struct copy_values {
  ull* out;
  const ull* in;
  TB_HD_INLINE void operator()(ull i) const { out[i] = in[i]; }
};

// Rows of rules whose generators do not emit them sorted (kern::row_order).
struct sort_rows {
  kern::row_order order;
  const ull* row_ptr;
  TB_HD_INLINE void operator()(ull i) const { order.sort(row_ptr[i], row_ptr[i + 1]); }
};

}  // namespace tribody::engine
