// The indices of tripartite synapses, built by one algorithm on every
// backend: keys from the shared TB_HD rules, a stable sort (an executor
// collective whose result is unique), row starts by binary search over the
// sorted keys. Rows list synapses in ascending CSR order.
#pragma once

#include "engine/index_kernels.hpp"

namespace tribody::engine {

template <class X>
using array_of = typename X::template array<ull>;

// Rows by key: keys[s] in [0, n_rows], n_rows meaning "in no row"; ptr
// (n_rows + 1 row starts) and syn (each row's s, ascending) as CSR.
template <class X>
void rows_by_key(const X& x, const typename X::template array<unsigned>& keys, ull n, ull n_rows, array_of<X>& ptr,
                 array_of<X>& syn) {
  typename X::template array<unsigned> sorted;
  array_of<X> perm;
  x.stable_sort_keys(keys, n, key_bits(n_rows), perm, sorted);
  x.resize(ptr, n_rows + 1);
  x.for_each(n_rows + 1, lower_bounds<unsigned>{ptr_of(sorted), n, 1, ptr.data()}, "row_starts");
  const ull members = x.back(ptr);
  x.resize(syn, members);
  x.for_each(members, copy_range<ull>{ptr_of(perm), ptr_of(syn)}, "row_members");
}

// Synapse -> astrocyte (astro), astrocyte -> synapses as CSR (ptr, syn).
template <class X>
void build_territory(const X& x, const kern::territory_rule& rule, const kern::csr_view& csr, ull n, ull n_astro,
                     typename X::template array<unsigned>& astro, array_of<X>& ptr, array_of<X>& syn) {
  typename X::template array<unsigned> keys;
  x.resize(astro, n);
  x.resize(keys, n);
  x.for_each(n, astro_keys{rule, csr, ptr_of(astro), ptr_of(keys)}, "astro_keys");
  rows_by_key(x, keys, n, n_astro, ptr, syn);
}

// Per target neuron, its tripartite synapses (local SIC): ptr, syn.
template <class X>
void build_target_index(const X& x, const kern::csr_view& csr, const unsigned* astro, ull n, ull n_target,
                        array_of<X>& ptr, array_of<X>& syn) {
  typename X::template array<unsigned> keys;
  x.resize(keys, n);
  x.for_each(n, target_keys{csr, astro, static_cast<unsigned>(n_target), ptr_of(keys)}, "target_keys");
  rows_by_key(x, keys, n, n_target, ptr, syn);
}

// Per target neuron, its distinct astrocytes, ascending, with the number of
// its synapses each covers (broadcast SIC): ptr, pair_astro, pair_count.
template <class X>
void build_target_pairs(const X& x, const kern::csr_view& csr, const unsigned* astro, ull n, ull n_target,
                        ull n_astro, array_of<X>& ptr, typename X::template array<unsigned>& pair_astro,
                        typename X::template array<unsigned>& pair_count) {
  array_of<X> keys, sorted, perm, run_key, n_runs;
  x.resize(keys, n);
  x.for_each(n, pair_keys{csr, astro, n_target, n_astro, ptr_of(keys)}, "pair_keys");
  x.stable_sort_keys(keys, n, key_bits(n_target * (n_astro + 1)), perm, sorted);
  // Tripartite synapses sort first: none has the largest key.
  array_of<X> ends;
  x.resize(ends, 1);
  x.for_each(1, lower_bounds<ull>{ptr_of(sorted), n, n_target * (n_astro + 1), ends.data(), 1}, "pair_count");
  const ull tripartite = x.back(ends);
  typename X::template array<int> flags;
  typename X::template array<unsigned> starts;
  x.resize(flags, tripartite);
  x.resize(starts, tripartite);
  x.resize(n_runs, 1);
  x.for_each(tripartite, run_starts<ull>{ptr_of(sorted), ptr_of(flags)}, "pair_runs");
  x.reserve_select(tripartite);
  x.select_flagged(flags, tripartite, starts, n_runs.data());
  const ull pairs = tripartite ? x.back(n_runs) : 0;
  x.resize(run_key, pairs);
  x.resize(pair_astro, pairs);
  x.resize(pair_count, pairs);
  x.for_each(pairs,
             split_runs{ptr_of(sorted), ptr_of(starts), n_runs.data(), tripartite, n_astro, ptr_of(run_key),
                        ptr_of(pair_astro), ptr_of(pair_count)},
             "pair_split");
  x.resize(ptr, n_target + 1);
  x.for_each(n_target + 1, lower_bounds<ull>{ptr_of(run_key), pairs, n_astro + 1, ptr.data()}, "pair_rows");
}

}  // namespace tribody::engine
