// TB_HD functors of the fast step (src/engine/network_engine.hpp): the
// per-element math of kern:: with what the program needs around it (the
// step from a step_ref, read once per thread through bind(); outcome
// flags; failure slots; the halt after a failure; recording).
#pragma once

#include "engine/executor.hpp"
#include "engine/plasticity_kernels.hpp"
#include "tribody/kernels/neuron_step.hpp"
#include "tribody/kernels/stimulus.hpp"
#include "tribody/kernels/synapses.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::engine {

// One population's neuron update. Returns whether neuron i spiked; a
// non-finite state lowers *bad to (step << 32 | i), counts in *n_bad and
// halts the run at this step.
template <class Model>
struct update_neurons {
  typename Model::params p;
  kern::soa_state s;
  kern::ring_view ring;
  const double* i_ext = nullptr;
  const double* i_slow = nullptr;
  ull seed = 0, gid0 = 0;
  step_ref step;
  ull* halted = nullptr;
  ull* bad = nullptr;
  long long* n_bad = nullptr;

  struct bound_type {
    kern::neuron_step<Model> f;
    bool skip;
    ull* halted;
    ull* bad;
    long long* n_bad;
    TB_HD_INLINE bool operator()(ull i) const {
      if (skip) return false;
      const int out = f(static_cast<unsigned>(i));
      if (out & kern::step_nonfinite) report(i);
      return (out & kern::step_spiked) != 0;
    }
    // Rare: out of line, so that the loop above stays a plain loop.
    TB_HD_NOINLINE void report(ull i) const {
      atomic_min(bad, failure_key(f.ctx.step, i));
      atomic_min(halted, static_cast<ull>(f.ctx.step));
      atomic_add(n_bad, 1);
    }
  };
  TB_HD_INLINE bound_type bind() const {
    bound_type b{{}, false, halted, bad, n_bad};
    const long long t = step.value();
    b.skip = halted_before(halted, t);
    b.f.p = p;
    b.f.s = s;
    const int slot = static_cast<int>(t % ring.len);
    for (int k = 0; k < Model::n_ports; ++k) b.f.port[k] = ring.slot(k, slot);
    b.f.i_ext = i_ext;
    b.f.i_slow = i_slow;
    b.f.ctx = {t, seed, gid0};
    return b;
  }
};

// This step's spikes (step, id) into the recording buffer, behind the
// cursor that count_spikes has already moved past them.
struct record_spikes {
  const unsigned* spikes;
  const ull* count;
  const ull* recorded;
  step_ref step;
  long long* rec_step;
  unsigned* rec_id;
  TB_HD_INLINE void operator()(ull k) const {
    const ull at = recorded[0] - count[0] + k;
    rec_step[at] = step.value();
    rec_id[at] = spikes[k];
  }
};

// Totals of population p after a step: all its spikes, and the cursor of
// its recording buffer.
struct count_spikes {
  const ull* count;
  ull* total;
  ull* recorded;
  TB_HD_INLINE void operator()(ull p) const {
    total[p] += count[p];
    recorded[p] += count[p];
  }
};

// CUDA delivery scheduling: synapses of one row per warp task (long rows
// are split), and the mean row length below which a thread takes a spike.
constexpr unsigned delivery_row_chunk = 1024;
constexpr double thread_per_spike_below = 16.0;

// One projection's delivery: the rows the executors walk (spikes of the
// source in this step and the CSR), the CUDA scheduling hints, and what
// every synapse does.
struct delivery {
  const unsigned* spikes = nullptr;
  const ull* count = nullptr;
  kern::csr_view csr;
  unsigned n_targets = 0, n_sources = 0;
  int per_thread = 0;  // CUDA: one thread per spike (short rows), else warps over row chunks
  unsigned chunks = 1;  // CUDA: row chunks per spike
  kern::ring_view ring;  // of the target population
  kern::delay_layout layout = kern::delay_layout::constant;
  int dynamic = 0;  // Tsodyks-Markram and/or tripartite: kern::synapse_event per synapse
  kern::synapse_dynamics dyn;
  long long slow_steps = 1;
  int silent = 0;   // the target receives nothing (static or plastic synapses)
  int plastic = 0;  // STDP: pre-triggered updates (engine/plasticity_kernels.hpp)
  plastic_synapses stdp;
  // CPU: a row belongs to the thread that owns its index (rows by target,
  // as in plasticity's post-triggered pass), instead of being split by target.
  int row_owned = 0;
};

// Synapses [b, e) of one spiking row of delivery j: add() into the
// target's ring (to neurons the calling thread owns, or atomically),
// shared_add() into what all threads share (astrocyte input).
struct deliver_synapses {
  const delivery* tasks;
  step_ref step;
  const ull* halted;

  struct bound_type {
    const delivery* tasks;
    long long step;
    bool skip;
    template <class Add, class SharedAdd>
    TB_HD_INLINE void operator()(int j, ull b, ull e, Add& add, SharedAdd& shared_add) const {
      if (skip) return;
      const delivery& D = tasks[j];
      const int slot = static_cast<int>(step % D.ring.len);
      using L = kern::delay_layout;
      if (D.plastic) {
        const bool out = !D.silent;
        switch (D.layout) {
          case L::constant: deliver_plastic_range<L::constant>(D.csr, D.ring, slot, b, e, add, D.stdp, step, out, shared_add); break;
          case L::packed: deliver_plastic_range<L::packed>(D.csr, D.ring, slot, b, e, add, D.stdp, step, out, shared_add); break;
          case L::array: deliver_plastic_range<L::array>(D.csr, D.ring, slot, b, e, add, D.stdp, step, out, shared_add); break;
        }
        return;
      }
      if (D.silent) return;
      if (D.dynamic) {
        const int m = static_cast<int>(step % D.slow_steps);
        switch (D.layout) {
          case L::constant: kern::deliver_dynamic_range<L::constant>(D.csr, D.ring, slot, b, e, add, D.dyn, step, m, shared_add); break;
          case L::packed: kern::deliver_dynamic_range<L::packed>(D.csr, D.ring, slot, b, e, add, D.dyn, step, m, shared_add); break;
          case L::array: kern::deliver_dynamic_range<L::array>(D.csr, D.ring, slot, b, e, add, D.dyn, step, m, shared_add); break;
        }
        return;
      }
      switch (D.layout) {
        case L::constant: kern::deliver_range<L::constant>(D.csr, D.ring, slot, b, e, add); break;
        case L::packed: kern::deliver_range<L::packed>(D.csr, D.ring, slot, b, e, add); break;
        case L::array: kern::deliver_range<L::array>(D.csr, D.ring, slot, b, e, add); break;
      }
    }
  };
  TB_HD_INLINE bound_type bind() const {
    const long long t = step.value();
    return {tasks, t, halted_before(halted, t)};
  }
};

// Poisson input to target k of a stimulus, in its active steps. Targets
// are distinct, so the add is plain.
struct poisson_stimulus {
  kern::poisson_delivery f;  // slot and step are set by bind()
  kern::ring_view ring;
  int port = 0, delay = 1;
  long long start_step = 0, stop_step = 0;
  step_ref step;
  const ull* halted;

  struct bound_type {
    kern::poisson_delivery g;  // slot null: inactive in this step
    TB_HD_INLINE void operator()(ull k) const {
      if (g.slot == nullptr) return;
      const unsigned node = g.node(k);
      g.slot[node] += g.amount(node);
    }
  };
  TB_HD_INLINE bound_type bind() const {
    bound_type b{f};
    const long long t = step.value();
    b.g.step = t;
    const bool active = t >= start_step && t < stop_step && f.in.n_chunks > 0 && !halted_before(halted, t);
    b.g.slot = active ? ring.slot(port, ring.slot_after(t, delay)) : nullptr;
    return b;
  }
};

// The spike_times events of this step: range = {first, count}.
struct events_of_step {
  const long long* steps;
  ull n_events;
  step_ref step;
  ull* range;  // [2]
  TB_HD_INLINE void operator()(ull) const {
    const long long t = step.value();
    const ull lo = first_not_below(steps, n_events, t);
    range[0] = lo;
    range[1] = first_not_below(steps, n_events, t + 1) - lo;
  }
};

// Event k of this step (one node may have several: atomic adds).
struct spike_time_events {
  const unsigned* node;
  const ull* range;
  kern::ring_view ring;
  kern::fixed_t value;
  int port, delay;
  step_ref step;
  const ull* halted;

  struct bound_type {
    const unsigned* node;
    ull first;
    kern::fixed_t* slot;
    kern::fixed_t value;
    TB_HD_INLINE void operator()(ull k) const {
      if (slot != nullptr) atomic_add(slot + node[first + k], value);
    }
  };
  TB_HD_INLINE bound_type bind() const {
    const long long t = step.value();
    kern::fixed_t* slot = halted_before(halted, t) ? nullptr : ring.slot(port, ring.slot_after(t, delay));
    return {node, range[0], slot, value};
  }
};

// The reward rule in step m (one thread): if the post neuron spiked now and
// the pre neuron in the last `window` steps before, an event reaches the
// targets after d_min + U{0 .. d_max - d_min} steps (a draw keyed by the
// step); then a pre spike of this step becomes the last one.
struct reward_check {
  const unsigned* pre_spikes;
  const ull* pre_count;
  const unsigned* post_spikes;
  const ull* post_count;
  unsigned pre_node, post_node;
  long long window;
  int d_min, d_max;
  long long* last_pre;  // [1], -1: none
  ull* n_rewards;       // [1]
  kern::ring_view ring;
  int port;
  kern::fixed_t value;
  const unsigned* nodes;  // or null: all
  ull n_nodes;
  kern::rng_key key;
  step_ref step;
  const ull* halted;

  static TB_HD_INLINE bool spiked(const unsigned* spikes, ull n, unsigned node) {
    for (ull k = 0; k < n; ++k) {
      if (spikes[k] == node) return true;
    }
    return false;
  }
  TB_HD_INLINE void operator()(ull) const {
    const long long m = step.value();
    if (halted_before(halted, m)) return;
    if (last_pre[0] >= 0 && m - last_pre[0] <= window && spiked(post_spikes, post_count[0], post_node)) {
      kern::stream_rng g(key, static_cast<ull>(m));
      const int d = d_min + static_cast<int>(g.uniform_int(static_cast<unsigned>(d_max - d_min + 1)));
      kern::fixed_t* slot = ring.slot(port, ring.slot_after(m, d));
      for (ull k = 0; k < n_nodes; ++k) slot[nodes != nullptr ? nodes[k] : k] += value;
      n_rewards[0] += 1;
    }
    if (spiked(pre_spikes, pre_count[0], pre_node)) last_pre[0] = m;
  }
};

// State samples of one recorder at the end of the step, when one is due:
// sample g = (step + 1) / interval into slot g % capacity of its buffer.
struct record_state {
  kern::soa_state s;
  const unsigned* nodes;
  unsigned n_nodes = 0;
  int vars[kern::max_state_vars] = {};
  int n_vars = 0;
  long long interval = 1;
  double* buffer = nullptr;  // [capacity][n_nodes][n_vars]
  ull capacity = 1;
  step_ref step;
  const ull* halted;

  struct bound_type {
    kern::soa_state s;
    const unsigned* nodes;
    int vars[kern::max_state_vars];
    int n_vars;
    double* out;  // null: no sample this step
    TB_HD_INLINE void operator()(ull k) const {
      if (out == nullptr) return;
      out[k] = s.v[vars[k % n_vars]][nodes[k / n_vars]];
    }
  };
  TB_HD_INLINE bound_type bind() const {
    bound_type b{s, nodes, {}, n_vars, nullptr};
    for (int v = 0; v < kern::max_state_vars; ++v) b.vars[v] = vars[v];
    const long long t = step.value() + 1;
    if (t % interval != 0 || halted_before(halted, t - 1)) return b;
    b.out = buffer + (static_cast<ull>(t / interval) % capacity) * n_nodes * n_vars;
    return b;
  }
};

struct advance_step {
  long long* counter;
  int n;
  TB_HD_INLINE void operator()(ull) const { counter[0] += n; }
};

// Per target: the sum of its synapses' |weight| (in whole units, rounded
// up, each at most 2^31), for the input bound's check (plan/input_bound.hpp);
// bound > 0: every synapse may transmit that much (plastic weights, or no
// weight array).
struct input_weights {
  kern::csr_view csr;
  double bound;
  long long* sums;
  TB_HD_INLINE void operator()(ull s) const {
    double w = bound > 0.0 ? bound : static_cast<double>(csr.weight[s]);
    w = w < 0.0 ? -w : w;
    w = w < 2147483648.0 ? w : 2147483648.0;
    const long long u = static_cast<long long>(w);
    atomic_add(sums + csr.target(s), u + (static_cast<double>(u) < w ? 1 : 0));
  }
};

}  // namespace tribody::engine
