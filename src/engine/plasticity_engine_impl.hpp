// The definitions of plasticity_engine<X> (src/engine/plasticity_engine.hpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/astro_kernels.hpp"
#include "engine/index_build.hpp"
#include "engine/plasticity_engine.hpp"

namespace tribody::engine {

// An id in a recorder's ascending selection (empty: all).
inline bool chosen(const std::vector<std::uint32_t>& sorted, std::uint32_t id) {
  return sorted.empty() || std::binary_search(sorted.begin(), sorted.end(), id);
}

template <class X>
void plasticity_engine<X>::build(const X& x, const plan::network_plan& plan, const std::vector<projection_csr>& csr,
                                 const std::vector<const unsigned*>& spikes, const ull* counts, int epoch,
                                 const ull* halted, recordings& rec, const std::vector<astro_link>& astro) {
  x_ = x;
  plan_ = &plan;
  halted_ = halted;
  astro_ = astro;
  spikes_ = spikes;
  counts_ = counts;
  proj_.clear();
  host_views_.clear();
  host_tasks_.clear();
  host_info_.clear();
  index_.assign(plan.projections.size(), -1);
  for (std::size_t j = 0; j < plan.projections.size(); ++j) {
    if (!plan.projections[j].plastic()) continue;
    index_[j] = static_cast<int>(proj_.size());
    proj_.emplace_back();
    proj_.back().j = static_cast<int>(j);
  }
  now_ = 0;
  rec.weights.assign(plan.weight_recorders.size(), {});
  rec.plastic_weights.assign(plan.projections.size(), {});
  if (proj_.empty()) return;
  std::vector<const unsigned*> lists;
  std::vector<const ull*> list_counts;
  std::vector<unsigned> n_targets;
  for (auto& q : proj_) {
    const auto& c = csr[q.j];
    build_projection(q, c);
    build_dopamine(q, c.synapses);
    build_astro(q, c.synapses, astro[q.j]);
    build_recording(q, c, epoch);
    if (!host_views_.back().lazy) build_arrivals(q, c);
    lists.push_back(q.lists.data());
    list_counts.push_back(q.list_counts.data());
    n_targets.push_back(plan.populations[plan.projections[q.j].target].size);
  }
  x_.upload(views_, host_views_);
  x_.upload(tasks_, host_tasks_);
  x_.upload(info_, host_info_);
  x_.upload(list_ptrs_, lists);
  x_.upload(count_ptrs_, list_counts);
  x_.upload(n_targets_, n_targets);
}

// Weights, traces and histories; the view kernels get.
template <class X>
void plasticity_engine<X>::build_projection(projection& q, const projection_csr& c) {
  const auto& P = *plan_;
  const auto& pj = P.projections[q.j];
  const auto& pl = pj.plasticity;
  const ull n = c.synapses;
  const unsigned n_src = P.populations[pj.source].size, n_tgt = P.populations[pj.target].size;
  const bool centered = pl.params.pairing == kern::stdp_pairing::nn_pre_centered;
  const bool nn = pl.params.pairing != kern::stdp_pairing::all_to_all;
  const bool lazy = pl.params.astro == kern::astro_rule::none;
  const unsigned depth = kern::history_depth(pj.max_delay, lazy, pj.constant_delay);
  q.catch_up_limit = lazy ? depth - static_cast<unsigned>(pj.max_delay) - 1 : 0;
  x_.resize(q.w, n);
  x_.for_each(n, init_weights{c.view.weight, ptr_of(q.w), pl.constant_weight, pl.weight}, "plastic_weights");
  if (centered) x_.fill(q.k_syn, n, 0.0);
  if (lazy) {
    x_.fill(q.pre_last, n_src, -1LL);
    x_.fill(q.k_last, n_src, nn ? 1.0 : 0.0);
    x_.fill(q.caught, 1, -1LL);
    x_.fill(q.need, 1, 0ULL);
    x_.fill(q.since, n_tgt, 0u);
    std::vector<double> table(decay_table_len);
    for (unsigned k = 0; k < decay_table_len; ++k) table[k] = std::exp(-static_cast<double>(k) * pl.params.rate_plus);
    x_.upload(q.decay_plus, table);
  } else {
    x_.fill(q.k_plus, n_src, 0.0);
  }
  if (pj.constant_delay) {
    x_.fill(q.k_minus, n_tgt, 0.0);
    x_.fill(q.delayed, 1, 0ULL);
  }
  x_.fill(q.h_step, static_cast<std::size_t>(n_tgt) * depth, 0LL);
  // The trace at each spike: for the postsynaptic trace of per-synapse delays.
  x_.fill(q.h_trace, pj.constant_delay ? 0 : static_cast<std::size_t>(n_tgt) * depth, 0.0);
  x_.fill(q.h_n, depth > 0 ? n_tgt : 0, 0ULL);
  x_.fill(q.h_recent, lazy ? std::size_t{kern::spike_history::recent_len} * n_tgt : 0, kern::no_spike);
  q.slot_len = pj.max_delay + 1;
  x_.resize(q.lists, static_cast<std::size_t>(q.slot_len) * n_tgt);
  x_.fill(q.list_counts, q.slot_len, 0ULL);
  plastic_synapses v;
  v.p = pl.params;
  v.csr = c.view;
  v.n_sources = n_src;
  v.w = ptr_of(q.w);
  v.k_syn = ptr_of(q.k_syn);
  v.lazy = lazy ? 1 : 0;
  v.pre_last = ptr_of(q.pre_last);
  v.k_last = ptr_of(q.k_last);
  v.caught = ptr_of(q.caught);
  v.decay_plus = ptr_of(q.decay_plus);
  v.decay_len = lazy ? decay_table_len : 0;
  v.k_plus = ptr_of(q.k_plus);
  v.k_minus = ptr_of(q.k_minus);
  v.post = {ptr_of(q.h_step), ptr_of(q.h_trace), ptr_of(q.h_n), depth, ptr_of(q.h_recent)};
  host_views_.push_back(v);
}

// stdp_dopamine: eligibility per synapse, the volume
// transmitter's spike counts (a ring over its delay), its trace and the
// integrals of the period (epochs end at its end: next_period_end).
template <class X>
void plasticity_engine<X>::build_dopamine(projection& q, ull n) {
  const auto& pl = plan_->projections[q.j].plasticity;
  if (!pl.params.dopamine) return;
  x_.fill(q.c, n, 0.0);
  const std::size_t cap = static_cast<std::size_t>(pl.dopamine_period) + 1;
  std::vector<double> B(cap, 0.0), D(cap, 0.0);
  D[0] = 1.0;
  x_.upload(q.dopa_B, B);
  x_.upload(q.dopa_D, D);
  x_.fill(q.dopa_n, 1, 0.0);
  x_.fill(q.dopa_base, 1, 0LL);
  q.base = 0;
  q.da_len = pl.vt_delay + 2;
  x_.fill(q.da_counts, q.da_len, 0ULL);
  auto& v = host_views_.back();
  v.c = ptr_of(q.c);
  v.dopa = {q.dopa_B.data(), q.dopa_D.data(), q.dopa_base.data()};
}

// The astrocyte rules: the tripartite dynamics and calcium they read;
// astro_three_factor's histories and compartments (per synapse if local,
// per astrocyte if broadcast), and its modulator (the volume transmitter's
// trace and its integral over the slow step).
template <class X>
void plasticity_engine<X>::build_astro(projection& q, ull n, const astro_link& a) {
  const auto& pl = plan_->projections[q.j].plasticity;
  if (pl.params.astro == kern::astro_rule::none) return;
  auto& v = host_views_.back();
  v.dyn = a.dyn;
  v.K_local = a.K_local;
  v.calcium = a.calcium;
  v.slow_steps = static_cast<int>(plan_->slow_steps);
  if (!pl.three_factor()) return;
  x_.fill(q.h, n, 0.0f);
  x_.fill(q.h_int, n, 0.0f);
  if (pl.params.local) x_.fill(q.ca, n, 0.0f);
  else {
    if (a.variable == nullptr) x_.fill(q.ca_astro, a.n_astro, 0.0);  // else the astrocyte's model is the compartment
    x_.fill(q.gate_astro, a.n_astro, 0.0);
  }
  x_.fill(q.m_int, 1, 0.0);
  x_.upload(q.f_end, pl.h_end);
  x_.upload(q.f_int, pl.h_int);
  if (pl.volume_transmitter()) {
    x_.fill(q.dopa_n, 1, 0.0);
    q.da_len = pl.vt_delay + 2;
    x_.fill(q.da_counts, q.da_len, 0ULL);
  }
  v.h = ptr_of(q.h);
  v.h_int = ptr_of(q.h_int);
  v.ca = ptr_of(q.ca);
  v.f_end = ptr_of(q.f_end);
  v.f_int = ptr_of(q.f_int);
}

// The synapses by (delay, target), and one arrival task per delay: its
// rows are the targets' synapses of that delay.
template <class X>
void plasticity_engine<X>::build_arrivals(projection& q, const projection_csr& c) {
  const auto& P = *plan_;
  const auto& pj = P.projections[q.j];
  const unsigned n_tgt = P.populations[pj.target].size;
  const ull n = c.synapses;
  const int n_delays = pj.max_delay - pj.min_delay + 1;
  const ull n_rows = static_cast<ull>(n_delays) * n_tgt;
  typename X::template array<unsigned> keys;
  x_.resize(keys, n);
  x_.for_each(n, arrival_keys{c.view, pj.min_delay, n_tgt, ptr_of(keys)}, "arrival_keys");
  array<ull> syn;
  rows_by_key(x_, keys, n, n_rows, q.arrival_ptr, syn);
  x_.resize(q.by_arrival, n);
  x_.for_each(n, narrow_ids{ptr_of(syn), ptr_of(q.by_arrival)}, "arrival_ids");
  host_views_.back().by_arrival = ptr_of(q.by_arrival);
  const auto ptr = x_.download(q.arrival_ptr);
  const int plastic = static_cast<int>(host_views_.size()) - 1;
  for (int d = 0; d < n_delays; ++d) {
    ull longest = 0;
    for (unsigned t = 0; t < n_tgt; ++t) {
      const ull r = static_cast<ull>(d) * n_tgt + t;
      longest = std::max(longest, ptr[r + 1] - ptr[r]);
    }
    const ull in_delay = ptr[static_cast<ull>(d + 1) * n_tgt] - ptr[static_cast<ull>(d) * n_tgt];
    if (in_delay == 0) continue;  // no synapse has this delay
    delivery t;
    t.csr.row_ptr = q.arrival_ptr.data() + static_cast<ull>(d) * n_tgt;
    t.n_targets = n_tgt;
    t.n_sources = n_tgt;
    t.per_thread = static_cast<double>(in_delay) / std::max(1u, n_tgt) < thread_per_spike_below ? 1 : 0;
    t.chunks = static_cast<unsigned>(std::max<ull>(1, (longest + delivery_row_chunk - 1) / delivery_row_chunk));
    t.row_owned = 1;
    host_tasks_.push_back(t);
    host_info_.push_back({plastic, pj.min_delay + d, q.slot_len});
  }
}

// The union of the projection's weight recorders' synapses, and an epoch's
// event buffer (each synapse has at most one event per step).
template <class X>
void plasticity_engine<X>::build_recording(projection& q, const projection_csr& c, int epoch) {
  const auto& P = *plan_;
  const auto& pj = P.projections[q.j];
  const unsigned n_src = P.populations[pj.source].size, n_tgt = P.populations[pj.target].size;
  std::vector<unsigned char> src_on(n_src, 0), tgt_on(n_tgt, 0);
  bool any = false;
  for (const auto& r : P.weight_recorders) {
    if (r.projection != q.j) continue;
    // A recorder selects sources x targets; the union over recorders is a
    // superset, and flush() gives each recorder only its own.
    any = true;
    if (r.sources.empty()) std::fill(src_on.begin(), src_on.end(), 1);
    for (auto i : r.sources) src_on[i] = 1;
    if (r.targets.empty()) std::fill(tgt_on.begin(), tgt_on.end(), 1);
    for (auto t : r.targets) tgt_on[t] = 1;
  }
  x_.fill(q.rec_count, 1, 0ULL);
  if (!any) return;
  const ull n = c.synapses;
  array<unsigned char> s_on, t_on;
  x_.upload(s_on, src_on);
  x_.upload(t_on, tgt_on);
  typename X::template array<int> flags;
  x_.resize(flags, n);
  x_.for_each(n_src, flag_recorded{c.view, s_on.data(), t_on.data(), ptr_of(flags)}, "flag_recorded");
  array<unsigned> selected;
  x_.resize(selected, n);
  array<ull> count;
  x_.fill(count, 1, 0ULL);
  x_.reserve_select(n);
  x_.select_flagged(flags, n, selected, count.data());
  const ull n_rec = x_.back(count);
  q.rec_syn_host = x_.download(selected, n_rec);
  x_.upload(q.rec_syn, q.rec_syn_host);
  array<unsigned> ends;  // source, target of each recorded synapse
  x_.resize(ends, 2 * n_rec);
  x_.for_each(n_rec, recorded_ends{c.view, n_src, ptr_of(q.rec_syn), ptr_of(ends), n_rec}, "recorded_ends");
  const auto st = x_.download(ends);
  q.rec_source.assign(st.begin(), st.begin() + n_rec);
  q.rec_target.assign(st.begin() + n_rec, st.end());
  const ull cap = n_rec * static_cast<ull>(std::max(1, epoch));
  x_.resize(q.rec_step, cap);
  x_.resize(q.rec_id, cap);
  x_.resize(q.rec_w, cap);
  auto& log = host_views_.back().log;
  log.syn = ptr_of(q.rec_syn);
  log.n_syn = n_rec;
  log.count = q.rec_count.data();
  log.step = ptr_of(q.rec_step);
  log.id = ptr_of(q.rec_id);
  log.weight = ptr_of(q.rec_w);
}

// At the start of step m, beside the neuron update (which reads none of
// it): the traces from step m - 1 to m, stdp_dopamine's dopamine step, the
// counts and spike lists the arrivals of step m read.
template <class X>
void plasticity_engine<X>::aim(step_ref s) {
  for (std::size_t k = 0; k < proj_.size(); ++k) {
    auto& q = proj_[k];
    const auto& pj = plan_->projections[q.j];
    const auto& v = host_views_[k];
    if (!v.lazy) {
      x_.for_each(plan_->populations[pj.source].size, decay_traces{v.k_plus, v.p.step_plus, s, halted_}, "decay_plus");
    }
    if (v.k_minus != nullptr) {
      x_.for_each(plan_->populations[pj.target].size, decay_traces{v.k_minus, v.p.step_minus, s, halted_},
                  "decay_minus");
    }
    if (pj.plasticity.params.dopamine) {
      x_.for_each(1,
                  dopamine_step{q.da_counts.data(), q.da_len, pj.plasticity.vt_delay, q.dopa_n.data(), q.dopa_B.data(),
                                q.dopa_D.data(), q.dopa_base.data(), nullptr, v.p, s, halted_},
                  "dopamine_step");
    }
    if (pj.plasticity.three_factor() && pj.plasticity.volume_transmitter()) {
      x_.for_each(1,
                  dopamine_step{q.da_counts.data(), q.da_len, pj.plasticity.vt_delay, q.dopa_n.data(), nullptr, nullptr,
                                nullptr, q.m_int.data(), v.p, s, halted_},
                  "modulator_step");
    }
    if (pj.constant_delay) {
      x_.for_each(1, count_delayed{q.list_counts.data(), pj.min_delay, q.slot_len, q.delayed.data(), s},
                  "count_delayed");
    }
  }
  if (host_tasks_.empty()) return;
  x_.for_each(host_tasks_.size(),
              aim_arrivals<delivery>{tasks_.data(), info_.data(), list_ptrs_.data(), count_ptrs_.data(),
                                     n_targets_.data(), s},
              "aim_arrivals");
}

template <class X>
void plasticity_engine<X>::potentiate(step_ref s) {
  if (host_tasks_.empty()) return;
  x_.for_each_spike_row(tasks_, host_tasks_, potentiate_arrivals{views_.data(), info_.data(), s, halted_},
                        "potentiate");
}

// This step's spikes into the traces, lists and histories (aim() of the
// next step moves the traces on).
template <class X>
void plasticity_engine<X>::traces(step_ref s) {
  if (proj_.empty()) return;
  const auto& P = *plan_;
  x_.independent([&] {
    for (std::size_t k = 0; k < proj_.size(); ++k) {
      auto& q = proj_[k];
      const auto& pj = P.projections[q.j];
      const auto& v = host_views_[k];
      const unsigned n_tgt = P.populations[pj.target].size;
      const bool sum = v.all_to_all();
      x_.for_each_upto(counts_ + pj.source, P.populations[pj.source].size,
                       pre_spiked{spikes_[pj.source], v, sum, s, halted_}, "pre_spiked");
      x_.for_each_upto(counts_ + pj.target, n_tgt,
                       post_spiked{spikes_[pj.target], v.post, q.lists.data(), n_tgt, q.slot_len, v.p.rate_minus,
                                   v.lazy ? q.since.data() : nullptr, q.catch_up_limit, q.need.data(), s, halted_},
                       "post_spiked");
      x_.for_each(1, post_counted{counts_ + pj.target, q.list_counts.data(), q.slot_len, s, halted_}, "post_counted");
      if (pj.plasticity.volume_transmitter()) {
        x_.for_each(1, post_counted{counts_ + pj.plasticity.vt_population, q.da_counts.data(), q.da_len, s, halted_},
                    "dopamine_counted");
      }
      if (pj.constant_delay) {
        x_.for_each_upto(q.delayed.data(), n_tgt,
                         post_delayed{q.lists.data(), n_tgt, pj.min_delay, q.slot_len, v.k_minus, sum, s, halted_},
                         "post_delayed");
      }
    }
  });
  // A catch-up where a target's history is full (after its spikes went in).
  for (std::size_t k = 0; k < proj_.size(); ++k) {
    if (host_views_[k].lazy) catch_up(k, s, nullptr);
  }
}

// Lazy projection k: the catch-up pass at the end of step s if one is
// needed, or (forced) at the end of step *forced.
template <class X>
void plasticity_engine<X>::catch_up(std::size_t k, step_ref s, const long long* forced) {
  auto& q = proj_[k];
  const auto& P = *plan_;
  const auto& pj = P.projections[q.j];
  const ull* need = forced != nullptr ? nullptr : q.need.data();
  const long long to = forced != nullptr ? *forced : 0;
  x_.for_each(P.populations[pj.source].size, catch_up_rows{host_views_[k], need, to, s, halted_}, "catch_up");
  x_.for_each(P.populations[pj.target].size, caught_up_targets{q.since.data(), need}, "caught_up_targets");
  x_.for_each(1, caught_up{q.caught.data(), forced != nullptr ? nullptr : q.need.data(), to, s, halted_}, "caught_up");
}

template <class X>
void plasticity_engine<X>::slow_step(step_ref s) {
  for (std::size_t k = 0; k < proj_.size(); ++k) {
    auto& q = proj_[k];
    const auto& pj = plan_->projections[q.j];
    if (!pj.plasticity.three_factor()) continue;
    const auto& v = host_views_[k];
    const double* gate = nullptr;
    if (!v.p.local) {
      const auto& a = astro_[q.j];
      const auto& pl = pj.plasticity;
      x_.for_each(a.n_astro,
                  astro3_territories{a.territory_ptr, a.territory_syn, v.h_int, v.dyn.astro_scale, ptr_of(q.ca_astro),
                                     q.gate_astro.data(), q.m_int.data(), v.p, s, halted_, a.variable, a.input_end,
                                     a.input_int, pl.drive_end, pl.drive_int},
                  "astro3_territories");
      gate = q.gate_astro.data();
    }
    x_.for_each(static_cast<ull>(q.w.size()), astro3_synapses{v, gate, q.m_int.data(), s, halted_}, "astro3_synapses");
    x_.for_each(1, zero_values{q.m_int.data()}, "astro3_modulator");  // the next slow step's integral
  }
}

template <class X>
long long plasticity_engine<X>::next_period_end() const {
  long long next = std::numeric_limits<long long>::max();
  for (const auto& q : proj_) {
    const auto& pl = plan_->projections[q.j].plasticity;
    if (pl.params.dopamine) next = std::min(next, q.base + pl.dopamine_period);
  }
  return next;
}

template <class X>
void plasticity_engine<X>::end_epoch(long long end) {
  now_ = end;
  for (std::size_t k = 0; k < proj_.size(); ++k) {
    auto& q = proj_[k];
    const auto& pl = plan_->projections[q.j].plasticity;
    if (!pl.params.dopamine || end - q.base < pl.dopamine_period) continue;
    const long long last = end - 1;  // every synapse to the end of the period's last step
    catch_up(k, {}, &last);
    x_.for_each(1, dopamine_rebase{q.dopa_B.data(), q.dopa_D.data(), q.dopa_base.data(), end}, "dopamine_rebase");
    q.base = end;
  }
}

template <class X>
void plasticity_engine<X>::flush(recordings& rec, long long last_step) {
  const auto& P = *plan_;
  for (auto& q : proj_) {
    const ull n = x_.back(q.rec_count);
    if (n == 0) continue;
    const auto steps = x_.download(q.rec_step, n);
    const auto ids = x_.download(q.rec_id, n);
    const auto ws = x_.download(q.rec_w, n);
    x_.fill(q.rec_count, 1, 0ULL);
    std::vector<ull> order(n);
    std::iota(order.begin(), order.end(), 0ULL);
    std::sort(order.begin(), order.end(), [&](ull a, ull b) {
      return steps[a] != steps[b] ? steps[a] < steps[b] : ids[a] < ids[b];
    });
    for (std::size_t r = 0; r < P.weight_recorders.size(); ++r) {
      const auto& wr = P.weight_recorders[r];
      if (wr.projection != q.j) continue;
      auto& out = rec.weights[r];
      for (const ull e : order) {
        if (steps[e] > last_step) continue;
        const ull k = static_cast<ull>(std::lower_bound(q.rec_syn_host.begin(), q.rec_syn_host.end(), ids[e]) -
                                       q.rec_syn_host.begin());
        const unsigned src = q.rec_source[k], tgt = q.rec_target[k];
        if (!chosen(wr.sources, src) || !chosen(wr.targets, tgt)) continue;
        out.steps.push_back(steps[e]);
        out.sources.push_back(src);
        out.targets.push_back(tgt);
        out.synapses.push_back(ids[e]);
        out.weights.push_back(ws[e]);
      }
    }
  }
}

template <class X>
std::vector<double> plasticity_engine<X>::weights(std::size_t j) const {
  if (j >= index_.size() || index_[j] < 0) return {};
  const auto k = static_cast<std::size_t>(index_[j]);
  const auto& q = proj_[k];
  if (!host_views_[k].lazy || q.w.size() == 0) return x_.download(q.w);
  return peek(k, false);
}

// Lazy projection k's weights (or eligibility) at the end of the last epoch.
template <class X>
std::vector<double> plasticity_engine<X>::peek(std::size_t k, bool eligibility) const {
  const auto& q = proj_[k];
  array<double> now;
  x_.resize(now, q.w.size());
  x_.for_each(plan_->populations[plan_->projections[q.j].source].size,
              lazy_peek{host_views_[k], now_ - 1, now.data(), eligibility}, "lazy_peek");
  return x_.download(now);
}

template <class X>
std::vector<double> plasticity_engine<X>::state(std::size_t j, const std::string& var) const {
  const auto& q = proj_.at(static_cast<std::size_t>(index_.at(j)));
  const auto k = static_cast<std::size_t>(index_[j]);
  const auto& pl = plan_->projections[q.j].plasticity;
  if (var == "c") return q.c.size() == 0 ? std::vector<double>{} : peek(k, true);
  if (var == "Ca" && !pl.params.local) {
    if (pl.astro_var < 0) return x_.download(q.ca_astro);
    // The astrocyte's variable as the gate reads it (/ Ca_scale).
    const auto& a = astro_[q.j];
    array<double> now;
    x_.resize(now, a.n_astro);
    x_.for_each(a.n_astro, scale_values{now.data(), a.variable, pl.params.inv_Ca_scale}, "astro3_variable");
    return x_.download(now);
  }
  const auto f = x_.download(var == "h" ? q.h : q.ca);
  std::vector<double> out(f.begin(), f.end());
  if (var == "h") {
    // h holds the history at the end of the slow step now runs in (after a
    // slow step: of the next), pairings so far included: back to now.
    const long long S = plan_->slow_steps, left = S - now_ % S;
    const double back = std::exp(static_cast<double>(left) * plan_->dt / pl.tau_h);
    for (auto& v : out) v *= back;
  }
  return out;
}

template <class X>
void plasticity_engine<X>::snapshot(recordings& rec) const {
  for (const auto& q : proj_) rec.plastic_weights[q.j] = weights(static_cast<std::size_t>(q.j));
}

template <class X>
std::uint64_t plasticity_engine<X>::projection_bytes(std::size_t j) const {
  if (j >= index_.size() || index_[j] < 0) return 0;
  const auto& q = proj_[index_[j]];
  return bytes(q.w) + bytes(q.k_syn) + bytes(q.k_plus) + bytes(q.k_minus) + bytes(q.pre_last) + bytes(q.k_last) +
         bytes(q.since) + bytes(q.h_step) + bytes(q.h_trace) + bytes(q.h_n) + bytes(q.h_recent) + bytes(q.arrival_ptr) +
         bytes(q.list_counts) + bytes(q.by_arrival) + bytes(q.lists) + bytes(q.c) + bytes(q.dopa_B) + bytes(q.dopa_D) + bytes(q.da_counts) +
         bytes(q.h) + bytes(q.h_int) + bytes(q.ca) + bytes(q.ca_astro) + bytes(q.gate_astro) +
         bytes(q.rec_syn);  // the event buffers are recording memory
}

}  // namespace tribody::engine
