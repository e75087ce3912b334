// One projection's CSR, built by one algorithm on every backend (a
// template over the executor) from the generators of kern::visit_unit and
// kern::synapse_gen. The layout is a function of (seed, projection) alone:
//  - source-row units: row lengths (fixed, or counted by a first visit), a
//    scan, then synapse (unit, k) at row_ptr[unit] + k;
//  - target-column or draw-chunk units: row lengths counted by a first
//    visit, a scan, then batches of units in order, each generated
//    unit-major and stably sorted by source, so that every row keeps the
//    (unit, k) order; a cursor per row places each batch after the last;
//  - rows the generators leave unsorted are sorted by kern::row_order.
// Every row ends up sorted by target, which delivery relies on.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/csr_kernels.hpp"
#include "engine/executor.hpp"
#include "engine/launch_geometry.hpp"
#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"

namespace tribody::engine {

template <class X>
struct csr_arrays {
  template <class T>
  using array = typename X::template array<T>;
  array<ull> row_ptr;
  array<unsigned> col;
  array<unsigned short> delay;  // only where delays are neither constant nor packed
  array<float> weight;
  ull synapses = 0, max_row = 0;

  kern::csr_view view(const plan::projection_plan& p) const {
    return p.view(row_ptr.data(), col.data(), delay.size() ? delay.data() : nullptr, weight.data());
  }
  std::uint64_t bytes() const { return engine::bytes(row_ptr) + engine::bytes(col) + engine::bytes(delay) + engine::bytes(weight); }
  // Plastic projections keep their weights in the plasticity engine (in
  // double) once it is built; the CSR's float copy goes.
  void release_weights() { weight = array<float>{}; }
};

// Column-unit synapses generated and sorted together (bounds the scratch).
constexpr ull csr_batch_synapses = 1ULL << 23;
// Memory the per-visitor sampling sets may take.
constexpr double csr_visit_budget = 1024.0 * 1024.0 * 1024.0;

inline bool samples_distinct(const kern::connect_rule& r) {
  return !r.multapses && (r.kind == kern::rule_kind::fixed_indegree || r.kind == kern::rule_kind::fixed_outdegree);
}

// Entries of one visitor's sampling set. Sets index with 32 bits: draws of
// more than 2^30 distinct values per unit are refused.
inline unsigned csr_set_capacity(const kern::connect_rule& r) {
  const ull cap = hash_set_capacity(r.n);
  if (cap > (1ULL << 31)) {
    throw capacity_error("at most 2^30 distinct synapses per neuron can be drawn without multapses (got " +
                         std::to_string(r.n) + "); allow multapses");
  }
  return static_cast<unsigned>(cap);
}

// Visitors that run at once: every unit, or as many as the executor runs
// concurrently when each needs a sampling set (and the budget allows).
inline ull csr_visitors(const kern::connect_rule& r, ull units, ull concurrency) {
  if (!samples_distinct(r)) return std::max<ull>(1, units);
  const double per = 4.0 * (csr_set_capacity(r) + static_cast<double>(r.n));
  const auto limit = static_cast<ull>(std::max(1.0, csr_visit_budget / per));
  return std::max<ull>(1, std::min({units, concurrency, limit}));
}

// Memory the construction of p takes beyond its CSR.
inline double csr_scratch_bytes(const plan::projection_plan& p, ull concurrency) {
  const auto& r = p.rule;
  double b = 8.0 * r.n_src;  // row lengths
  if (samples_distinct(r)) {
    b += 4.0 * (csr_set_capacity(r) + static_cast<double>(r.n)) * static_cast<double>(csr_visitors(r, r.n_units(), concurrency));
  }
  if (r.unit_is_source()) return b;
  // cursors and run starts (8 + 8 per source); per batch synapse: source,
  // target word, weight, delay, the sort's permutation and sorted keys, and
  // its second buffers when the keys take more than one radix pass
  const double per = 4.0 + 4.0 + 4.0 + (p.constant_delay || p.pack_delay ? 0.0 : 2.0) + 12.0 +
                     (key_bits(r.n_src > 1 ? r.n_src - 1 : 1) > radix_digit_bits ? 12.0 : 0.0);
  return b + 16.0 * r.n_src + per * std::min(p.expected_synapses * 1.05 + 4096.0, static_cast<double>(csr_batch_synapses));
}


template <class X>
void build_csr(const X& x, const plan::projection_plan& p, double dt, csr_arrays<X>& c) {
  using A = csr_arrays<X>;
  const auto& r = p.rule;
  const ull n_src = r.n_src, units = r.n_units();
  const bool distinct = samples_distinct(r);
  const ull visitors = csr_visitors(r, units, x.concurrency());
  const unsigned cap = distinct ? csr_set_capacity(r) : 0;
  typename A::template array<unsigned> scratch;
  if (distinct) x.resize(scratch, static_cast<std::size_t>(visitors * (cap + r.n)));
  const auto visit = [&](ull first, ull end, const auto& emit_for, const char* name) {
    const ull nv = std::min(visitors, end - first);
    using E = std::decay_t<decltype(emit_for)>;
    x.for_each(nv, visit_units<E>{r, first, end, nv, ptr_of(scratch), cap, emit_for}, name);
  };

  typename A::template array<ull> len;
  x.fill(len, n_src, 0ULL);
  if (r.unit_is_source() && r.fixed_unit_size(0) >= 0) {
    x.for_each(n_src, fixed_rows{r, len.data()}, "fixed_rows");
  } else if (units > 0) {
    visit(0, units, count_rows{len.data(), !r.unit_is_source()}, "count_rows");
  }
  x.exclusive_scan(len, n_src, c.row_ptr);
  c.synapses = x.back(c.row_ptr);
  x.resize(c.col, c.synapses);
  x.resize(c.weight, c.synapses);
  if (!p.constant_delay && !p.pack_delay) x.resize(c.delay, c.synapses);
  unsigned short* delay = ptr_of(c.delay);
  const kern::synapse_gen gen = p.generator(dt);

  if (r.unit_is_source()) {
    if (units > 0) visit(0, units, write_rows{c.row_ptr.data(), gen, c.col.data(), delay, c.weight.data()}, "write_rows");
  } else {
    const ull per_unit = r.kind == kern::rule_kind::fixed_indegree ? r.n : kern::total_number_chunk;
    const ull batch_units = std::max<ull>(1, csr_batch_synapses / std::max<ull>(1, per_unit));
    typename A::template array<ull> cursor, run_start, perm;
    typename A::template array<unsigned> src, sorted, batch_col;
    typename A::template array<unsigned short> batch_delay;
    typename A::template array<float> batch_weight;
    x.resize(cursor, n_src);
    x.for_each(n_src, copy_values{cursor.data(), c.row_ptr.data()}, "row_cursors");
    x.resize(run_start, n_src);
    const ull cap = std::min(c.synapses, batch_units * per_unit);
    x.resize(src, cap);
    x.resize(batch_col, cap);
    x.resize(batch_weight, cap);
    if (delay != nullptr) x.resize(batch_delay, cap);
    const int bits = key_bits(n_src > 1 ? n_src - 1 : 1);
    for (ull u0 = 0; u0 < units; u0 += batch_units) {
      const ull u1 = std::min(units, u0 + batch_units);
      const ull n = std::min(u1 * per_unit, c.synapses) - u0 * per_unit;  // only the last unit may be short
      visit(u0, u1,
            write_columns{u0, per_unit, gen, src.data(), batch_col.data(), ptr_of(batch_delay), batch_weight.data()},
            "write_columns");
      x.stable_sort_keys(src, n, bits, perm, sorted);
      x.for_each(n, mark_runs{sorted.data(), run_start.data()}, "mark_runs");
      x.for_each(n,
                 place_columns{sorted.data(), perm.data(), cursor.data(), run_start.data(), batch_col.data(),
                               ptr_of(batch_delay), batch_weight.data(), c.col.data(), delay, c.weight.data()},
                 "place_columns");
      x.for_each(n, advance_cursors{sorted.data(), n, run_start.data(), cursor.data()}, "advance_cursors");
    }
  }
  if (kern::rows_need_sorting(r)) {
    const kern::row_order order{c.col.data(), delay, c.weight.data(),
                                p.pack_delay ? ((1u << p.target_bits) - 1u) : 0xffffffffu};
    x.for_each(n_src, sort_rows{order, c.row_ptr.data()}, "sort_rows");
  }
  const auto rp = x.download(c.row_ptr);
  c.max_row = 0;
  for (ull i = 0; i < n_src; ++i) c.max_row = std::max(c.max_row, rp[i + 1] - rp[i]);
}

// The synapses of a CSR in row order, with sources, targets and delays;
// weights from `plastic` (the plasticity engine's, in CSR order) if given.
template <class X>
void list_synapses(const X& x, const plan::projection_plan& p, const csr_arrays<X>& c, const std::vector<double>& plastic,
                   std::vector<std::uint32_t>& source, std::vector<std::uint32_t>& target, std::vector<float>& weight,
                   std::vector<int>& delay_steps) {
  const auto row_ptr = x.download(c.row_ptr);
  const auto col = x.download(c.col);
  const auto w = x.download(c.weight);
  const auto d = x.download(c.delay);
  const kern::csr_view v = p.view(row_ptr.data(), col.data(), d.empty() ? nullptr : d.data(), w.data());
  for (std::size_t i = 0; i + 1 < row_ptr.size(); ++i) {
    for (auto s = row_ptr[i]; s < row_ptr[i + 1]; ++s) {
      source.push_back(static_cast<std::uint32_t>(i));
      target.push_back(v.target(s));
      weight.push_back(plastic.empty() ? w[s] : static_cast<float>(plastic[s]));
      delay_steps.push_back(v.delay_steps(s));
    }
  }
}

}  // namespace tribody::engine
