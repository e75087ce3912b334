// TB_HD functors of plasticity (src/engine/plasticity_engine.hpp): the
// pre-triggered pass inside delivery, the post-triggered pass over the
// synapses by (delay, target), the traces after each step, and weight
// recording. The rule math is kern:: (tribody/kernels/plasticity.hpp).
#pragma once

#include "engine/executor.hpp"
#include "tribody/kernels/astro/pathways.hpp"
#include "tribody/kernels/plasticity.hpp"
#include "tribody/kernels/synapses.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::engine {

TB_HD_INLINE ull atomic_fetch_add(ull* at, ull v) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(at, v);
#else
  return __atomic_fetch_add(at, v, __ATOMIC_RELAXED);
#endif
}

// Weight events of the recorded synapses (ascending ids) in an epoch
// buffer; the host orders them by (step, synapse) when it collects them.
struct weight_log {
  const unsigned* syn = nullptr;
  ull n_syn = 0;
  ull* count = nullptr;  // [1]
  long long* step = nullptr;
  unsigned* id = nullptr;
  double* weight = nullptr;

  // The first recorded synapse >= s.
  TB_HD_INLINE ull first_from(ull s) const { return first_not_below(syn, n_syn, static_cast<unsigned>(s)); }
  // Records synapse s if it is the next recorded one (cursor: first_from of
  // an s' <= s, moved along as s ascends).
  TB_HD_INLINE void maybe_record(ull& cursor, ull s, long long t, double w) const {
    while (cursor < n_syn && syn[cursor] < s) ++cursor;
    if (cursor == n_syn || syn[cursor] != s) return;
    const ull at = atomic_fetch_add(count, 1);
    step[at] = t;
    id[at] = static_cast<unsigned>(s);
    weight[at] = w;
  }
};

// A hint that *p will be written soon (host: the post-triggered pass reads
// weights at random, so it asks for them some synapses ahead).
TB_HD_INLINE void prefetch_for_write(const void* p) {
#if !defined(__CUDA_ARCH__)
  __builtin_prefetch(p, 1, 0);
#else
  (void)p;
#endif
}
constexpr unsigned prefetch_ahead = 16;

// The source (row) of synapse s, searching forward from row lo (the rows of
// ascending synapses ascend: galloping keeps a walk over a row of the
// by-arrival order near the rows it has just seen).
TB_HD_INLINE unsigned row_from(const ull* row_ptr, unsigned n_rows, ull s, unsigned lo) {
  unsigned step = 1, hi = lo + 1;
  while (hi < n_rows && row_ptr[hi] <= s) {
    lo = hi;
    step *= 2;
    hi = lo + step < n_rows ? lo + step : n_rows;
  }
  while (hi - lo > 1) {  // row_ptr[lo] <= s < row_ptr[hi]
    const unsigned mid = lo + (hi - lo) / 2;
    if (row_ptr[mid] <= s) lo = mid;
    else hi = mid;
  }
  return lo;
}

// One plastic projection's state as kernels see it. Traces advance one
// step at a time by multiplication (kern::stdp_params step_plus/minus),
// so no synapse event needs an exp.
struct plastic_synapses {
  kern::stdp_params p;
  kern::csr_view csr;             // the projection's synapses (targets, delays, row starts)
  unsigned n_sources = 0;
  double* w = nullptr;            // per synapse (double: weights evolve in double)
  double* k_syn = nullptr;        // per synapse, nn_pre_centered: its presynaptic trace after the source's last spike
  // Lazy rules (every rule but the astrocyte ones; NEST's scheme): a
  // synapse's arrivals wait for its source's next spike, or for a catch-up
  // pass over all synapses, and are then applied in order (catch_up). Per
  // source the step of its last spike (-1: none) and the trace just after
  // it: the sum of exp over its spikes (stdp), 1 (nearest-neighbour rules,
  // which pair with a spike at t = 0 before any, as NEST).
  int lazy = 0;
  long long* pre_last = nullptr;
  double* k_last = nullptr;
  const double* decay_plus = nullptr;  // [k]: exp(-k dt / tau_plus) for k < decay_len (host std::exp)
  unsigned decay_len = 0;
  const long long* caught = nullptr;  // [1]: every arrival up to this step is applied
  // Astrocyte rules (arrivals applied at their step, through by_arrival):
  // per source the presynaptic trace an arrival at this step meets.
  double* k_plus = nullptr;
  // Per target, the postsynaptic trace a presynaptic spike of this step
  // meets through the projection's constant delay D (post spikes before
  // step m - D); null for per-synapse delays, which read `post`.
  double* k_minus = nullptr;
  // Per target its last spikes (lazy rules: enough for every pending
  // arrival; else per-synapse delays), or depth 0.
  kern::spike_history post;
  const unsigned* by_arrival = nullptr;  // astrocyte rules: synapse ids by (delay, target), ascending within
  weight_log log;
  // stdp_dopamine: per synapse its eligibility; its state is as of the end
  // of step max(source's last spike, caught) (state_index).
  double* c = nullptr;
  kern::dopamine_integrals dopa;
  // The astrocyte rules: the tripartite synapses' dynamics (each synapse's
  // astrocyte, its local trace; delivery feeds the astrocytes through it)
  // and the half-activation of the local factor.
  kern::synapse_dynamics dyn;
  double K_local = 1.0;
  const double* calcium = nullptr;  // tripartite_stdp: per astrocyte
  // astro_three_factor: per synapse the pairing history h at the end of the
  // slow step and its integral over the step, the compartment's Ca (local);
  // the factors of a pairing in fast step k of the slow step.
  float* h = nullptr;
  float* h_int = nullptr;
  float* ca = nullptr;
  const double* f_end = nullptr;  // [k]: exp(-(S - (k + 1) dt) / tau_h)
  const double* f_int = nullptr;  // [k]: tau_h (1 - f_end[k])
  int slow_steps = 1;

  // exp(-steps dt / tau_plus): the table's, or (past it) pm::exp's.
  TB_HD_INLINE double pre_decay(long long steps) const {
    return steps < static_cast<long long>(decay_len) ? decay_plus[steps] : kern::decay(steps, p.rate_plus);
  }
  // stdp_dopamine: the time index (relative to the period's start) of the
  // end of step m.
  TB_HD_INLINE long long period_index(long long m) const { return m + 1 - dopa.base[0]; }

  // Lazy rules: what a source's synapses share (read once a row): the step
  // up to which their arrivals are applied, its last spike and the trace
  // just after it.
  struct source_state {
    long long from, last;
    double k;
  };
  TB_HD_INLINE source_state source(unsigned i) const {
    return {pre_last[i] > caught[0] ? pre_last[i] : caught[0], pre_last[i], k_last[i]};
  }

  // Lazy rules: synapse (source S, target j, delay D)'s arrivals after
  // S.from and up to step `to`, in order (NEST's facilitation loop over
  // the postsynaptic history); k: stdp_dopamine's state index, moved along.
  TB_HD_HOT void catch_up(const source_state& S, unsigned j, int D, long long to, double& w, double& c, double& ks,
                          long long& k) const {
    const long long from = S.from;
    if (p.dopamine) k = period_index(from);
    // The pending arrivals from the newest spikes, if they hold them all.
    constexpr unsigned R = kern::spike_history::recent_len;
    const long long* recent = post.recent + static_cast<ull>(R) * j;
    unsigned q = 0;
    while (q < R && recent[q] + D > from) ++q;
    if (q < R) {
      for (; q > 0 && recent[q - 1] + D <= to; --q) arrive(S, recent[q - 1] + D, w, c, ks, k);
      return;
    }
    const ull n = post.n[j];
    const ull oldest = n > post.depth ? n - post.depth : 0;
    ull e = n;
    while (e > oldest && post.step[post.at(j, e - 1)] + D > from) --e;
    for (; e < n; ++e) {
      const long long a = post.step[post.at(j, e)] + D;
      if (a > to) break;
      arrive(S, a, w, c, ks, k);
    }
  }
  // One arrival (at step a) of the target's spikes at a synapse of source S.
  TB_HD_HOT void arrive(const source_state& S, long long a, double& w, double& c, double& ks, long long& k) const {
    const long long last = S.last;
    if (p.pairing == kern::stdp_pairing::nn_pre_centered) {  // only the first pairs: ks is 0 after it
      w = kern::stdp_facilitate(p, w, ks * pre_decay(a - last));
      ks = 0.0;
      return;
    }
    const double kp = S.k * pre_decay(a - last);
    if (p.dopamine) {
      const long long k1 = period_index(a);
      kern::dopamine_advance(p, dopa, w, c, k, k1);
      k = k1;
      c += p.A_plus * kp;
    } else {
      w = kern::stdp_facilitate(p, w, kp);
    }
  }
  // ... and then to the end of step `to` (stdp_dopamine's weight and
  // eligibility integrated there).
  TB_HD_HOT void bring_to(const source_state& S, unsigned j, int D, long long to, double& w, double& c,
                          double& ks) const {
    long long k = 0;
    catch_up(S, j, D, to, w, c, ks, k);
    if (p.dopamine) kern::dopamine_advance(p, dopa, w, c, k, period_index(to));
  }
  // Synapse s of source S brought to the end of step `to` (its weight,
  // eligibility and nn_pre_centered trace; the stored state untouched).
  struct synapse_state {
    double w, c, ks;
  };
  TB_HD_INLINE synapse_state brought(ull s, const source_state& S, long long to) const {
    synapse_state x{w[s], p.dopamine ? c[s] : 0.0, p.pairing == kern::stdp_pairing::nn_pre_centered ? k_syn[s] : 0.0};
    bring_to(S, csr.target(s), csr.delay_steps(s), to, x.w, x.c, x.ks);
    return x;
  }


  // tripartite_stdp: the factor of a pairing of synapse s (source i) at
  // step m (0 outside every territory): the astrocyte's normalised calcium,
  // times the synapse's local factor if local.
  TB_HD_INLINE double astro_factor(ull s, unsigned i, long long m) const {
    const unsigned a = dyn.astro[s];
    if (a == kern::no_astrocyte) return 0.0;
    double c = calcium[a] * p.inv_Ca_scale;
    if (p.local) c *= kern::local_factor_since(dyn, s, dyn.source_last != nullptr ? dyn.source_last[i] : -1, m, K_local);
    return kern::tripartite_factor(p, c);
  }
  // astro_three_factor: a pairing e of synapse s at step m into its history.
  TB_HD_INLINE void pair(ull s, long long m, double e) const {
    const int k = static_cast<int>(m % slow_steps);
    h[s] = static_cast<float>(static_cast<double>(h[s]) + e * f_end[k]);
    h_int[s] = static_cast<float>(static_cast<double>(h_int[s]) + e * f_int[k]);
  }

  bool all_to_all() const { return p.pairing == kern::stdp_pairing::all_to_all; }
  // Astrocyte rules: post-triggered potentiation at step m of synapse s from source i.
  TB_HD_INLINE void potentiate(unsigned s, unsigned i, long long m) const {
    const double kp = k_plus[i];
    if (p.astro == kern::astro_rule::three_factor) pair(s, m, p.A_plus * kp);
    else w[s] = kern::stdp_facilitate(p, w[s], kp * astro_factor(s, i, m));
  }
};

// Pre-triggered: synapses [begin, end) of one row spiking in step m (lazy
// rules: their pending arrivals first) are depressed (the postsynaptic
// trace through their delay), feed their astrocytes (astrocyte rules:
// kern::synapse_event, astro_add as in delivery), are recorded, and
// transmit their new weight (unless the projection is silent: !transmit).
// (Lazy: the rule is; a loop each, so neither carries the other's branches.)
template <bool Lazy, kern::delay_layout Layout, class Add, class AstroAdd>
TB_HD_INLINE void deliver_plastic_rule(const kern::csr_view& c, const kern::ring_view& r, int step_slot, ull begin,
                                       ull end, Add& add, const plastic_synapses& P, long long m, bool transmit,
                                       AstroAdd& astro_add) {
  const int m_slow = static_cast<int>(m % P.slow_steps);  // fast step m's place in its slow step
  const bool centered = P.p.pairing == kern::stdp_pairing::nn_pre_centered;
  // Weights keep the sign of Wmax (the CSR's float weights are gone).
  const int port_of_sign = c.port_by_sign && P.p.Wmax < 0.0 ? 1 : 0;
  const unsigned i = kern::row_of(P.csr.row_ptr, P.n_sources, begin);
  // nn_pre_centered: the decay of the synapses' traces since the last spike
  const double k_decay = centered ? P.pre_decay(m - P.pre_last[i]) : 0.0;
  const plastic_synapses::source_state S = Lazy ? P.source(i) : plastic_synapses::source_state{};
  const int prev = !Lazy && P.dyn.source_last != nullptr ? P.dyn.source_last[i] : -1;  // the source's last event
  ull cursor = P.log.n_syn > 0 ? P.log.first_from(begin) : 0;
  for (ull s = begin; s < end; ++s) {
    // Lazy rules read each target's newest spikes at random: ask for them ahead.
    if (Lazy && s + prefetch_ahead < end)
      prefetch_for_write(P.post.recent +
                         kern::spike_history::recent_len * static_cast<ull>(c.col[s + prefetch_ahead] & c.target_mask));
    const unsigned word = c.col[s];
    const unsigned j = word & c.target_mask;
    const int D = kern::delay_in<Layout>(c, s, word);
    const double km = P.k_minus != nullptr ? P.k_minus[j] : kern::post_trace(P.p, P.post, j, m, D);
    double w = P.w[s];
    if constexpr (Lazy) {
      double e = P.p.dopamine ? P.c[s] : 0.0, ks = centered ? P.k_syn[s] : 0.0;
      P.bring_to(S, j, D, m, w, e, ks);
      if (P.p.dopamine) {
        P.c[s] = e - P.p.A_minus * km;
      } else {
        w = kern::stdp_depress(P.p, w, km);
      }
      if (centered) P.k_syn[s] = ks * k_decay + 1.0;
      P.w[s] = w;
    } else {
      if (P.p.astro == kern::astro_rule::three_factor) {
        if (P.p.A_minus != 0.0) P.pair(s, m, -P.p.A_minus * km);
      } else {  // tripartite_stdp
        w = kern::stdp_depress(P.p, w, km * P.astro_factor(s, i, m));
        P.w[s] = w;
      }
      // The astrocyte senses the spike after the synapse read its factor.
      kern::synapse_event(P.dyn, s, m, m_slow, prev, astro_add);
    }
    if (P.log.n_syn > 0) P.log.maybe_record(cursor, s, m, w);
    if (transmit) add(r.landing(port_of_sign, step_slot, D, j), c.value(w));
  }
}
template <kern::delay_layout Layout, class Add, class AstroAdd>
TB_HD_INLINE void deliver_plastic_range(const kern::csr_view& c, const kern::ring_view& r, int step_slot, ull begin,
                                        ull end, Add& add, const plastic_synapses& P, long long m, bool transmit,
                                        AstroAdd& astro_add) {
  if (begin >= end) return;
  if (P.lazy) deliver_plastic_rule<true, Layout>(c, r, step_slot, begin, end, add, P, m, transmit, astro_add);
  else deliver_plastic_rule<false, Layout>(c, r, step_slot, begin, end, add, P, m, transmit, astro_add);
}

// The slot of step m - delay in a ring of slot_len lists (not yet written
// slots, of steps before 0, are empty).
TB_HD_INLINE ull delayed_slot(long long m, int delay, int slot_len) {
  long long slot = (m - delay) % slot_len;
  return static_cast<ull>(slot < 0 ? slot + slot_len : slot);
}

// Post-triggered: arrivals at step m of the spikes of step m - D (tasks
// aimed by aim_arrivals), each over its synapses with delay D: entries
// [b, e) of the projection's by_arrival order.
struct arrival_task_info {
  int plastic = 0;  // index into the plastic projections
  int delay = 1;    // steps
  int slot_len = 1;  // the spike lists' ring length
};

struct potentiate_arrivals {
  const plastic_synapses* plastic;
  const arrival_task_info* info;
  step_ref step;
  const ull* halted;

  struct bound_type {
    const plastic_synapses* plastic;
    const arrival_task_info* info;
    long long m;
    bool skip;
    template <class Add, class SharedAdd>
    TB_HD_INLINE void operator()(int task, ull b, ull e, Add&, SharedAdd&) const {
      if (skip) return;
      const arrival_task_info I = info[task];
      const plastic_synapses& P = plastic[I.plastic];
      unsigned row = 0;
      for (ull k = b; k < e; ++k) {
        if (k + prefetch_ahead < e) {
          const unsigned ahead = P.by_arrival[k + prefetch_ahead];
          prefetch_for_write(P.p.astro == kern::astro_rule::three_factor ? static_cast<const void*>(P.h + ahead)
                                                                          : static_cast<const void*>(P.w + ahead));
        }
        const unsigned s = P.by_arrival[k];
        row = row_from(P.csr.row_ptr, P.n_sources, s, row);
        P.potentiate(s, row, m);
      }
    }
  };
  TB_HD_INLINE bound_type bind() const {
    const long long t = step.value();
    return {plastic, info, t, halted_before(halted, t)};
  }
};

// Points arrival task k at the spike list of step m - delay (a ring of
// slot_len lists of the target population; not yet written lists are empty).
template <class Task>
struct aim_arrivals {
  Task* tasks;
  const arrival_task_info* info;
  const unsigned* const* lists;  // per plastic projection: [slot][neuron]
  const ull* const* list_counts;  // per plastic projection: [slot]
  const unsigned* n_targets;      // per plastic projection
  step_ref step;
  TB_HD_INLINE void operator()(ull k) const {
    const arrival_task_info I = info[k];
    const ull slot = delayed_slot(step.value(), I.delay, I.slot_len);
    tasks[k].spikes = lists[I.plastic] + slot * n_targets[I.plastic];
    tasks[k].count = list_counts[I.plastic] + slot;
  }
};

// After delivery in step m, this step's spikes join the traces.
// Presynaptic, astrocyte rules: the sum (decay_traces, at the start of step
// m + 1, moves it on); lazy rules: the trace just after the spike (the sum,
// or 1 for nearest-neighbour rules) and its step.
struct pre_spiked {
  const unsigned* spikes;
  plastic_synapses P;
  bool sum;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned i = spikes[k];
    if (!P.lazy) {
      P.k_plus[i] += 1.0;
      return;
    }
    P.k_last[i] = sum ? P.k_last[i] * P.pre_decay(m - P.pre_last[i]) + 1.0 : 1.0;
    P.pre_last[i] = m;
  }
};

// ... the postsynaptic spike lists (and histories, where kept). Lazy rules
// count each target's spikes since the last catch-up and ask for one
// (need) when a target has as many as its history holds beyond the spikes
// a pending arrival may still come from.
struct post_spiked {
  const unsigned* spikes;
  kern::spike_history post;  // depth 0: none
  unsigned* lists;           // [slot][neuron]
  unsigned n;
  int slot_len;
  double rate;
  unsigned* since;  // lazy rules, per target, else null
  unsigned limit;
  ull* need;  // [1]
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned j = spikes[k];
    if (post.depth > 0) post.append(j, m, rate);
    lists[static_cast<ull>(m % slot_len) * n + k] = j;
    if (since != nullptr && ++since[j] >= limit) atomic_fetch_add(need, 1);
  }
};

// Lazy rules, at the end of step m where a catch-up is needed (or at `to`,
// forced: the end of a dopamine period): every synapse of source i gets
// its arrivals up to the step (stdp_dopamine: its state integrated there).
struct catch_up_rows {
  plastic_synapses P;
  const ull* need;  // null: forced
  long long to;     // forced: the step
  step_ref step;
  const ull* halted;
  struct bound_type {
    plastic_synapses P;
    long long to;
    bool skip;
    TB_HD_INLINE void operator()(ull i) const {
      if (skip) return;
      const plastic_synapses::source_state src = P.source(static_cast<unsigned>(i));
      for (ull s = P.csr.row_ptr[i]; s < P.csr.row_ptr[i + 1]; ++s) {
        const auto x = P.brought(s, src, to);
        P.w[s] = x.w;
        if (P.p.dopamine) P.c[s] = x.c;
        if (P.p.pairing == kern::stdp_pairing::nn_pre_centered) P.k_syn[s] = x.ks;
      }
    }
  };
  TB_HD_INLINE bound_type bind() const {
    if (need == nullptr) return {P, to, false};
    const long long t = step.value();
    return {P, t, need[0] == 0 || halted_before(halted, t)};
  }
};
// ... then the targets' counts start again (per target), and (one thread)
// the step is the projection's catch-up step.
struct caught_up_targets {
  unsigned* since;
  const ull* need;  // null: forced
  TB_HD_INLINE void operator()(ull j) const {
    if (need == nullptr || need[0] != 0) since[j] = 0;
  }
};
struct caught_up {
  long long* caught;
  ull* need;
  long long to;  // forced
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull) const {
    if (need == nullptr) {
      caught[0] = to;
      return;
    }
    const long long t = step.value();
    if (need[0] == 0 || halted_before(halted, t)) return;
    caught[0] = t;
    need[0] = 0;
  }
};

// Lazy rules: the weights (or stdp_dopamine's eligibility) at the end of
// step `to` into out, the state untouched (so reading them changes nothing
// that follows).
struct lazy_peek {
  plastic_synapses P;
  long long to;
  double* out;
  bool eligibility;  // out: c instead of w
  TB_HD_INLINE void operator()(ull i) const {
    const plastic_synapses::source_state src = P.source(static_cast<unsigned>(i));
    for (ull s = P.csr.row_ptr[i]; s < P.csr.row_ptr[i + 1]; ++s) {
      const auto x = P.brought(s, src, to);
      out[s] = eligibility ? x.c : x.w;
    }
  }
};

// A population's spike count of step m into slot m of a ring (the
// postsynaptic lists' counts; the volume transmitter's spikes).
struct post_counted {
  const ull* count;
  ull* list_counts;
  int slot_len;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull) const {
    const long long m = step.value();
    list_counts[m % slot_len] = halted_before(halted, m) ? 0 : count[0];
  }
};

// At the start of step m: how many targets spiked in step m - delay.
struct count_delayed {
  const ull* list_counts;
  int delay, slot_len;
  ull* out;  // [1]
  step_ref step;
  TB_HD_INLINE void operator()(ull) const { out[0] = list_counts[delayed_slot(step.value(), delay, slot_len)]; }
};

// After delivery in step m: the targets that spiked in step m - delay join
// the postsynaptic trace that presynaptic spikes of step m + 1 meet.
struct post_delayed {
  const unsigned* lists;
  unsigned n;
  int delay, slot_len;
  double* k_minus;
  bool sum;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned j = lists[delayed_slot(m, delay, slot_len) * n + k];
    k_minus[j] = sum ? k_minus[j] + 1.0 : 1.0;
  }
};

// The dopamine trace at time index m from its value at m - 1: its spikes
// are the volume transmitter's population's of step m - 1 - vt_delay.
TB_HD_INLINE double dopamine_trace_step(const kern::stdp_params& p, double n, const ull* da_counts, int da_len,
                                        int vt_delay, long long m) {
  const double spikes = static_cast<double>(da_counts[delayed_slot(m, 1 + vt_delay, da_len)]);
  return n * p.step_n + spikes * p.inv_tau_n;
}

// At the start of step m: the dopamine trace n at time index m (its spikes:
// those of the volume transmitter's population in step m - 1 - vt_delay),
// and stdp_dopamine's integrals to m + 1 or astro_three_factor's integral
// of n over the step (the modulator M of its slow step).
struct dopamine_step {
  const ull* da_counts;  // ring of da_len: the population's spikes per step
  int da_len, vt_delay;
  double* n;  // [1]
  double* B;  // stdp_dopamine: the period's integrals (else null)
  double* D;
  const long long* base;
  double* m_int;  // astro_three_factor: the slow step's integral of n (else null)
  kern::stdp_params p;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    n[0] = dopamine_trace_step(p, n[0], da_counts, da_len, vt_delay, m);
    if (B != nullptr) {
      const long long k = m - base[0];
      B[k + 1] = B[k] + D[k] * n[0] * p.n_integral;
      D[k + 1] = D[k] * p.step_c;
    }
    if (m_int != nullptr) m_int[0] += n[0] * p.n_step_int;
  }
};

// astro_three_factor, broadcast, at the end of a slow step (before the
// astrocytes' step): each territory's compartment takes the sum of its
// synapses' pairing histories (integrals over the step, in the territory
// CSR's order: the same sum on every backend); gate: the gate it held over
// the step, for astro3_synapses. The compartment is the rule's own Ca, or
// the territory astrocyte's model: its variable (as of the step's start)
// gates, and the drive joins its input of the step, which it takes next.
struct astro3_territories {
  const ull* ptr;
  const ull* syn;
  const float* h_int;
  const double* scale;  // astro_input "mean": 1 / the territory's synapses, or null
  double* ca;           // the rule's own (null with an astrocyte variable)
  double* gate;
  const double* m_int;  // [1]
  kern::stdp_params p;
  step_ref step;
  const ull* halted;
  const double* variable = nullptr;  // the astrocyte's, or null
  kern::fixed_t* input_end = nullptr;
  kern::fixed_t* input_int = nullptr;
  double drive_end = 0.0, drive_int = 0.0;
  TB_HD_INLINE void operator()(ull a) const {
    if (halted_before(halted, step.value())) return;
    double sum = 0.0;
    for (ull k = ptr[a]; k < ptr[a + 1]; ++k) sum += static_cast<double>(h_int[syn[k]]);
    if (scale != nullptr) sum *= scale[a];
    if (variable == nullptr) {
      gate[a] = kern::plasticity_gate(ca[a], p.k_gate, p.theta);
      ca[a] = kern::three_factor_calcium(p, ca[a], sum, m_int[0]);
      return;
    }
    gate[a] = kern::plasticity_gate(variable[a] * p.inv_Ca_scale, p.k_gate, p.theta);
    const double drive = kern::three_factor_drive(p, sum, m_int[0]);
    input_end[a] += kern::to_fixed(drive * drive_end);  // one writer per astrocyte; integers: any order
    input_int[a] += kern::to_fixed(drive * drive_int);
  }
};

// astro_three_factor, after a slow step, per synapse: the weight gains
// eta / tau_h * gate * (its history's integral over the step), with the
// gate held over the step (the territory's, or its own compartment's from
// its Ca, which then takes the step's history x modulator); the history
// moves to the next step. Synapses outside every territory do not learn.
struct astro3_synapses {
  plastic_synapses P;
  const double* gate;   // broadcast: per astrocyte; local: null
  const double* m_int;  // [1]
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull s) const {
    if (halted_before(halted, step.value())) return;
    const kern::stdp_params& p = P.p;
    const unsigned a = P.dyn.astro[s];
    double h = P.h[s];
    if (a != kern::no_astrocyte) {
      const double in = P.h_int[s];
      const double g = gate != nullptr ? gate[a] : kern::plasticity_gate(P.ca[s], p.k_gate, p.theta);
      P.w[s] = kern::clip_weight(p, P.w[s] + p.eta_per_tau_h * g * in);
      if (gate == nullptr) P.ca[s] = static_cast<float>(kern::three_factor_calcium(p, P.ca[s], in, m_int[0]));
    } else {
      h = 0.0;
    }
    P.h_int[s] = static_cast<float>(h * p.h_int0);
    P.h[s] = static_cast<float>(h * p.step_h);
  }
};

// The start of a dopamine period (after every synapse was brought to it).
struct dopamine_rebase {
  double* B;
  double* D;
  long long* base;
  long long to;
  TB_HD_INLINE void operator()(ull) const {
    B[0] = 0.0;
    D[0] = 1.0;
    base[0] = to;
  }
};

// Every trace one step on.
struct decay_traces {
  double* v;
  double factor;
  step_ref step;
  const ull* halted;
  struct bound_type {
    double* v;
    double factor;
    bool skip;
    TB_HD_INLINE void operator()(ull i) const {
      if (!skip) v[i] *= factor;
    }
  };
  TB_HD_INLINE bound_type bind() const {
    const long long m = step.value();
    return {v, factor, halted_before(halted, m)};
  }
};

// Weights in double from the CSR's float weights (or the projection's
// constant, exactly).
struct init_weights {
  const float* from;
  double* to;
  bool constant;
  double value;
  TB_HD_INLINE void operator()(ull s) const { to[s] = constant ? value : static_cast<double>(from[s]); }
};

// Keys of the by-arrival order: (delay - min_delay) * n_targets + target.
struct arrival_keys {
  kern::csr_view csr;
  int min_delay;
  unsigned n_targets;
  unsigned* keys;
  TB_HD_INLINE void operator()(ull s) const {
    keys[s] = static_cast<unsigned>(csr.delay_steps(s) - min_delay) * n_targets + csr.target(s);
  }
};

// Recorded synapses: flags[s] = 1 for the synapses of chosen sources onto
// chosen targets (row by row).
struct flag_recorded {
  kern::csr_view csr;
  const unsigned char* source_on;
  const unsigned char* target_on;
  int* flags;
  TB_HD_INLINE void operator()(ull i) const {
    const bool on = source_on[i] != 0;
    for (ull s = csr.row_ptr[i]; s < csr.row_ptr[i + 1]; ++s) flags[s] = on && target_on[csr.target(s)] != 0;
  }
};

// 64-bit synapse ids to 32 bits (plastic projections have < 2^32 synapses).
struct narrow_ids {
  const ull* from;
  unsigned* to;
  TB_HD_INLINE void operator()(ull i) const { to[i] = static_cast<unsigned>(from[i]); }
};

// ends[k] = source, ends[n + k] = target of recorded synapse k of n.
struct recorded_ends {
  kern::csr_view csr;
  unsigned n_sources;
  const unsigned* syn;
  unsigned* ends;
  ull n = 0;
  TB_HD_INLINE void operator()(ull k) const {
    ends[k] = kern::row_of(csr.row_ptr, n_sources, syn[k]);
    ends[n + k] = csr.target(syn[k]);
  }
};

}  // namespace tribody::engine
