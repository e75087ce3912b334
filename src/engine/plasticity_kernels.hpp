// TB_HD functors of plasticity (src/engine/plasticity_engine.hpp): the
// pre-triggered pass inside delivery, the post-triggered pass over the
// synapses by (delay, target), the traces after each step, and weight
// recording. The rule math is kern:: (tribody/kernels/plasticity.hpp).
#pragma once

#include "engine/executor.hpp"
#include "tribody/kernels/plasticity.hpp"
#include "tribody/kernels/synapses.hpp"

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
  unsigned lo = 0, hi = n_rows;  // row_ptr[lo] <= s < row_ptr[hi]
  while (hi - lo > 1) {
    const unsigned mid = lo + (hi - lo) / 2;
    if (row_ptr[mid] <= s) lo = mid;
    else hi = mid;
  }
  return lo;
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

  TB_HD_INLINE void maybe_record(ull s, long long t, double w) const {
    ull lo = 0, hi = n_syn;
    while (lo < hi) {
      const ull mid = lo + (hi - lo) / 2;
      if (syn[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo == n_syn || syn[lo] != s) return;
    const ull at = atomic_fetch_add(count, 1);
    step[at] = t;
    id[at] = static_cast<unsigned>(s);
    weight[at] = w;
  }
};

// One plastic projection's state as kernels see it.
struct plastic_synapses {
  kern::stdp_params p;
  kern::csr_view csr;             // the projection's synapses (targets, delays, row starts)
  unsigned n_sources = 0;
  double* w = nullptr;            // per synapse (double: weights evolve in double)
  double* k_syn = nullptr;        // per synapse, nn_pre_centered: its presynaptic trace
  double* pre_trace = nullptr;    // per source: sum of exp over its spikes, just after the last
  long long* pre_last = nullptr;  // per source: step of its last spike (-1: t = 0, as NEST)
  kern::spike_history post;       // per target
  const unsigned* by_arrival = nullptr;  // synapse ids by (delay, target), ascending within
  weight_log log;

  // The presynaptic trace an arrival at step m meets (spikes of steps < m).
  TB_HD_INLINE double k_plus(unsigned i, long long m) const {
    const double d = kern::decay(m - pre_last[i], p.rate_plus);
    return p.pairing == kern::stdp_pairing::all_to_all ? pre_trace[i] * d : d;
  }
  // nn_pre_centered: only the first arrival after a presynaptic spike
  // pairs (NEST: the first postsynaptic spike of its window). The arrival
  // at step m of target j's spike of step m - D is first unless j's spike
  // before it arrived after source i's last spike.
  TB_HD_INLINE bool first_arrival(unsigned j, unsigned i, long long m, int D) const {
    const long long k = post.before(j, m - D + 1);  // this spike
    if (k <= 0) return true;
    return post.step[post.at(j, static_cast<ull>(k - 1))] + D <= pre_last[i];
  }
  // Post-triggered potentiation of synapse s at step m through delay D.
  TB_HD_INLINE void potentiate(unsigned s, long long m, int D) const {
    const unsigned i = row_of(csr.row_ptr, n_sources, s);
    double kp;
    if (p.pairing == kern::stdp_pairing::nn_pre_centered) {
      if (!first_arrival(csr.target(s), i, m, D)) return;
      kp = k_syn[s] * kern::decay(m - pre_last[i], p.rate_plus);
      k_syn[s] = 0.0;
    } else {
      kp = k_plus(i, m);
    }
    w[s] = kern::stdp_facilitate(p, w[s], kp);
  }
};

// Pre-triggered: synapses [begin, end) of one row spiking in step m are
// depressed (the postsynaptic trace through their delay), recorded, and
// transmit their new weight (unless the projection is silent: !transmit).
template <kern::delay_layout Layout, class Add>
TB_HD_INLINE void deliver_plastic_range(const kern::csr_view& c, const kern::ring_view& r, int step_slot, ull begin,
                                        ull end, Add& add, const plastic_synapses& P, long long m, bool transmit) {
  const bool centered = P.p.pairing == kern::stdp_pairing::nn_pre_centered;
  // Weights keep the sign of Wmax (the CSR's float weights are gone).
  const int port_of_sign = c.port_by_sign && P.p.Wmax < 0.0 ? 1 : 0;
  double k_decay = 0.0;
  if (centered && begin < end) {
    const unsigned i = row_of(P.csr.row_ptr, P.n_sources, begin);
    k_decay = kern::decay(m - P.pre_last[i], P.p.rate_plus);
  }
  for (ull s = begin; s < end; ++s) {
    const unsigned word = c.col[s];
    const unsigned j = word & c.target_mask;
    const int D = Layout == kern::delay_layout::constant ? c.const_delay
                  : Layout == kern::delay_layout::packed ? static_cast<int>(word >> c.target_bits)
                                                         : c.delay[s];
    const double w = kern::stdp_depress(P.p, P.w[s], kern::post_trace(P.p, P.post, j, m, D));
    P.w[s] = w;
    if (centered) P.k_syn[s] = P.k_syn[s] * k_decay + 1.0;
    if (P.log.n_syn > 0) P.log.maybe_record(s, m, w);
    if (!transmit) continue;
    int slot = step_slot + D;
    if (slot >= r.len) slot -= r.len;
    const int port = port_of_sign;
    kern::fixed_t* at = r.data + (static_cast<ull>(port) * r.len + slot) * r.n + j;
    add(at, kern::to_fixed(c.magnitude && w < 0.0 ? -w : w));
  }
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
      for (ull k = b; k < e; ++k) P.potentiate(P.by_arrival[k], m, I.delay);
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
    long long slot = (step.value() - I.delay) % I.slot_len;
    if (slot < 0) slot += I.slot_len;
    tasks[k].spikes = lists[I.plastic] + static_cast<ull>(slot) * n_targets[I.plastic];
    tasks[k].count = list_counts[I.plastic] + slot;
  }
};

// After delivery in step m: the presynaptic traces of this step's spikes.
struct pre_spiked {
  const unsigned* spikes;
  double* pre_trace;
  long long* pre_last;
  double rate;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned i = spikes[k];
    pre_trace[i] = pre_trace[i] * kern::decay(m - pre_last[i], rate) + 1.0;
    pre_last[i] = m;
  }
};

// ... the postsynaptic history and spike list of this step's spikes.
struct post_spiked {
  const unsigned* spikes;
  kern::spike_history post;
  unsigned* lists;  // [slot][neuron]
  unsigned n;
  int slot_len;
  double rate;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    const unsigned j = spikes[k];
    post.append(j, m, rate);
    lists[static_cast<ull>(m % slot_len) * n + k] = j;
  }
};

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
