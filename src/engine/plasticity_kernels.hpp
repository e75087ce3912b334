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

// The source (row) of synapse s: the last row starting at or before s.
TB_HD_INLINE unsigned row_of(const ull* row_ptr, unsigned n_rows, ull s) {
  return static_cast<unsigned>(first_not_below(row_ptr, static_cast<ull>(n_rows) + 1, s + 1) - 1);
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
  double* k_syn = nullptr;        // per synapse, nn_pre_centered: its presynaptic trace
  // Per source, the presynaptic trace an arrival at this step meets (spikes
  // of earlier steps): the sum of exp over them (stdp), exp of the time
  // since the last (nearest-neighbour rules; before any: since t = 0, as NEST).
  double* k_plus = nullptr;
  long long* pre_last = nullptr;  // per source, nn_pre_centered: step of its last spike (-1: none)
  // Per target, the postsynaptic trace a presynaptic spike of this step
  // meets through the projection's constant delay D (post spikes before
  // step m - D); null for per-synapse delays, which read `post`.
  double* k_minus = nullptr;
  kern::spike_history post;       // per target (per-synapse delays, nn_pre_centered), else depth 0
  const unsigned* by_arrival = nullptr;  // synapse ids by (delay, target), ascending within
  weight_log log;
  // stdp_dopamine: per synapse its eligibility and the time index (relative
  // to the dopamine period's start) its state is at.
  double* c = nullptr;
  int* t_rel = nullptr;
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

  // stdp_dopamine: synapse s's weight and eligibility to the end of step m.
  TB_HD_INLINE void dopamine_to(unsigned long long s, long long m) const {
    const long long k1 = m + 1 - dopa.base[0];
    kern::dopamine_advance(p, dopa, w[s], c[s], t_rel[s], k1);
    t_rel[s] = static_cast<int>(k1);
  }

  // tripartite_stdp: the factor of a pairing of synapse s at step m (0
  // outside every territory): the astrocyte's normalised calcium, times the
  // synapse's local factor if local.
  TB_HD_INLINE double astro_factor(ull s, long long m) const {
    const unsigned a = dyn.astro[s];
    if (a == kern::no_astrocyte) return 0.0;
    double c = calcium[a] * p.inv_Ca_scale;
    if (p.local) c *= kern::local_factor(dyn, s, m, K_local);
    return kern::tripartite_factor(p, c);
  }
  // astro_three_factor: a pairing e of synapse s at step m into its history.
  TB_HD_INLINE void pair(ull s, long long m, double e) const {
    const int k = static_cast<int>(m % slow_steps);
    h[s] = static_cast<float>(static_cast<double>(h[s]) + e * f_end[k]);
    h_int[s] = static_cast<float>(static_cast<double>(h_int[s]) + e * f_int[k]);
  }

  bool all_to_all() const { return p.pairing == kern::stdp_pairing::all_to_all; }
  // nn_pre_centered: only the first arrival after a presynaptic spike
  // pairs (NEST: the first postsynaptic spike of its window). The arrival
  // at step m of target j's spike of step m - D is first unless j's spike
  // before it arrived after source i's last spike.
  TB_HD_INLINE bool first_arrival(unsigned j, unsigned i, long long m, int D) const {
    const long long k = post.before(j, m - D + 1);  // this spike
    if (k <= 0) return true;
    return post.step[post.at(j, static_cast<ull>(k - 1))] + D <= pre_last[i];
  }
  // Post-triggered potentiation at step m of synapse s from source i through delay D.
  TB_HD_INLINE void potentiate(unsigned s, unsigned i, long long m, int D) const {
    double kp = k_plus[i];
    if (p.dopamine) {  // the pairing goes into the eligibility
      dopamine_to(s, m);
      c[s] += p.A_plus * kp;
      return;
    }
    if (p.astro == kern::astro_rule::three_factor) {
      pair(s, m, p.A_plus * kp);
      return;
    }
    if (p.astro == kern::astro_rule::tripartite_stdp) kp *= astro_factor(s, m);
    if (p.pairing == kern::stdp_pairing::nn_pre_centered) {
      if (!first_arrival(csr.target(s), i, m, D)) return;
      kp *= k_syn[s];
      k_syn[s] = 0.0;
    }
    w[s] = kern::stdp_facilitate(p, w[s], kp);
  }
};

// Pre-triggered: synapses [begin, end) of one row spiking in step m are
// depressed (the postsynaptic trace through their delay), feed their
// astrocytes (astrocyte rules: kern::synapse_event, astro_add as in
// delivery), are recorded, and transmit their new weight (unless the
// projection is silent: !transmit).
template <kern::delay_layout Layout, class Add, class AstroAdd>
TB_HD_INLINE void deliver_plastic_range(const kern::csr_view& c, const kern::ring_view& r, int step_slot, ull begin,
                                        ull end, Add& add, const plastic_synapses& P, long long m, bool transmit,
                                        AstroAdd& astro_add) {
  const bool astro = P.p.astro != kern::astro_rule::none;
  const int m_slow = static_cast<int>(m % P.slow_steps);  // fast step m's place in its slow step
  const bool centered = P.p.pairing == kern::stdp_pairing::nn_pre_centered;
  // Weights keep the sign of Wmax (the CSR's float weights are gone).
  const int port_of_sign = c.port_by_sign && P.p.Wmax < 0.0 ? 1 : 0;
  double k_decay = 0.0;  // nn_pre_centered: the decay of the synapses' traces since the last spike
  if (centered && begin < end) k_decay = P.k_plus[row_of(P.csr.row_ptr, P.n_sources, begin)];
  ull cursor = P.log.n_syn > 0 ? P.log.first_from(begin) : 0;
  for (ull s = begin; s < end; ++s) {
    const unsigned word = c.col[s];
    const unsigned j = word & c.target_mask;
    const int D = kern::delay_in<Layout>(c, s, word);
    const double km = P.k_minus != nullptr ? P.k_minus[j] : kern::post_trace(P.p, P.post, j, m, D);
    double w;
    if (P.p.dopamine) {
      P.dopamine_to(s, m);
      P.c[s] -= P.p.A_minus * km;
      w = P.w[s];
    } else if (P.p.astro == kern::astro_rule::three_factor) {
      if (P.p.A_minus != 0.0) P.pair(s, m, -P.p.A_minus * km);
      w = P.w[s];
    } else {
      const double k = P.p.astro == kern::astro_rule::tripartite_stdp ? km * P.astro_factor(s, m) : km;
      w = kern::stdp_depress(P.p, P.w[s], k);
      P.w[s] = w;
    }
    // The astrocyte senses the spike after the synapse read its factor.
    if (astro) kern::synapse_event(P.dyn, s, m, m_slow, astro_add);
    if (centered) P.k_syn[s] = P.k_syn[s] * k_decay + 1.0;
    if (P.log.n_syn > 0) P.log.maybe_record(cursor, s, m, w);
    if (transmit) add(r.landing(port_of_sign, step_slot, D, j), c.value(w));
  }
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
          prefetch_for_write(P.w + ahead);
          if (P.p.dopamine) {  // its eligibility and time as well
            prefetch_for_write(P.c + ahead);
            prefetch_for_write(P.t_rel + ahead);
          }
        }
        const unsigned s = P.by_arrival[k];
        row = row_from(P.csr.row_ptr, P.n_sources, s, row);
        P.potentiate(s, row, m, I.delay);
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

// After delivery in step m, this step's spikes join the traces (then
// decay_traces, at the start of step m + 1, moves every trace on).
// Presynaptic: the sum (stdp) or the last spike only (nearest-neighbour
// rules).
struct pre_spiked {
  const unsigned* spikes;
  double* k_plus;
  long long* pre_last;  // or null
  bool sum;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned i = spikes[k];
    k_plus[i] = sum ? k_plus[i] + 1.0 : 1.0;
    if (pre_last != nullptr) pre_last[i] = m;
  }
};

// ... the postsynaptic spike lists (and histories, where kept).
struct post_spiked {
  const unsigned* spikes;
  kern::spike_history post;  // depth 0: none
  unsigned* lists;           // [slot][neuron]
  unsigned n;
  int slot_len;
  double rate;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned j = spikes[k];
    if (post.depth > 0) post.append(j, m, rate);
    lists[static_cast<ull>(m % slot_len) * n + k] = j;
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

// astro_three_factor, broadcast, after a slow step: each territory's
// compartment takes the sum of its synapses' pairing histories (integrals
// over the step, in the territory CSR's order: the same sum on every
// backend); gate: the gate it held over the step, for astro3_synapses.
struct astro3_territories {
  const ull* ptr;
  const ull* syn;
  const float* h_int;
  const double* scale;  // astro_input "mean": 1 / the territory's synapses, or null
  double* ca;
  double* gate;
  const double* m_int;  // [1]
  kern::stdp_params p;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull a) const {
    if (halted_before(halted, step.value())) return;
    double sum = 0.0;
    for (ull k = ptr[a]; k < ptr[a + 1]; ++k) sum += static_cast<double>(h_int[syn[k]]);
    if (scale != nullptr) sum *= scale[a];
    gate[a] = kern::plasticity_gate(ca[a], p.k_gate, p.theta);
    ca[a] = kern::three_factor_calcium(p, ca[a], sum, m_int[0]);
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

// The end of a dopamine period at time index base + k1: every synapse to
// it; then the next period starts there.
struct dopamine_close {
  plastic_synapses P;
  long long k1;
  TB_HD_INLINE void operator()(ull s) const {
    kern::dopamine_advance(P.p, P.dopa, P.w[s], P.c[s], P.t_rel[s], k1);
    P.t_rel[s] = 0;
  }
};
// The weights at time index base + k1 into out, the state untouched (so
// reading them changes nothing that follows).
struct dopamine_peek {
  plastic_synapses P;
  long long k1;
  double* out;
  bool eligibility;  // out: c instead of w
  TB_HD_INLINE void operator()(ull s) const {
    double w = P.w[s], c = P.c[s];
    kern::dopamine_advance(P.p, P.dopa, w, c, P.t_rel[s], k1);
    out[s] = eligibility ? c : w;
  }
};
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
    ends[k] = row_of(csr.row_ptr, n_sources, syn[k]);
    ends[n + k] = csr.target(syn[k]);
  }
};

}  // namespace tribody::engine
