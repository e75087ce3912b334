// The plastic projections' program, written once for every backend (a
// template over the executor, src/engine/executor.hpp): per-synapse weights
// in double, presynaptic traces per source, postsynaptic spike histories
// and spike lists per target, and weight recording. network_engine holds it.
//
// Arrivals (post spikes of step m - D reaching synapses of delay D at m)
// wait for the source's next spike, as in NEST (docs/plasticity.md#engine),
// except in the astrocyte rules, whose third factor is read at the arrival.
// In a fast step m:
//   aim         (with the neuron update) traces one step on; astrocyte
//               rules: arrival tasks point at the spike lists of steps m - D;
//   potentiate  astrocyte rules: arrivals at m through the synapses by
//               (delay, target): each is written by its target's owner;
//   (delivery)  every spiking row applies its synapses' pending arrivals,
//               depresses, records and transmits them (deliver_plastic_range);
//   traces      this step's spikes into the presynaptic traces and the
//               postsynaptic histories and lists; then a catch-up pass
//               (every synapse's pending arrivals) if a target's history
//               is full.
// No weight has two writers in a phase, so no float atomics are needed and
// the weights are the same for any thread count and backend.
#pragma once

#include <vector>

#include "engine/executor.hpp"
#include "engine/step_kernels.hpp"
#include "plan/network_plan.hpp"
#include "tribody/recordings.hpp"

namespace tribody::engine {

// What the astrocyte rules read of a tripartite projection's astrocytes
// (engine/astro_engine.hpp): its synapse dynamics, the territories'
// calcium, the territory CSR (astrocyte -> synapses).
struct astro_link {
  kern::synapse_dynamics dyn;
  const double* calcium = nullptr;
  const ull* territory_ptr = nullptr;
  const ull* territory_syn = nullptr;
  unsigned n_astro = 0;
  double K_local = 1.0;
  // astro_three_factor through an astrocyte variable: it, and the inputs
  // its drive goes to (else null).
  const double* variable = nullptr;
  kern::fixed_t* input_end = nullptr;
  kern::fixed_t* input_int = nullptr;
};

// What a backend built for one projection.
struct projection_csr {
  kern::csr_view view;
  ull synapses = 0;
  ull max_row = 0;  // the longest row (CUDA delivery splits long rows)
};

template <class X>
class plasticity_engine {
  template <class T>
  using array = typename X::template array<T>;

 public:
  // spikes[p], counts + p: population p's spikes of the step and their
  // number (executor memory); epoch: steps between two flushes.
  void build(const X& x, const plan::network_plan& plan, const std::vector<projection_csr>& csr,
             const std::vector<const unsigned*>& spikes, const ull* counts, int epoch, const ull* halted,
             recordings& rec, const std::vector<astro_link>& astro);
  bool any() const { return !proj_.empty(); }
  // The kernels' view of projection j (plastic), for its delivery task.
  const plastic_synapses& view(std::size_t j) const { return host_views_[index_[j]]; }

  void aim(step_ref s);
  void potentiate(step_ref s);
  void traces(step_ref s);
  // After the astrocytes' slow step that ends with step s: astro_three_factor's
  // compartments and weights.
  void slow_step(step_ref s);
  // Host, after the epoch that ends with step `end` - 1: stdp_dopamine
  // projections whose dopamine period is full bring every synapse to
  // time index `end` and start the next period there.
  void end_epoch(long long end);
  // The step at which the next dopamine period ends (or the largest long
  // long): epochs end there, so that periods end at the same steps however
  // a run is split into calls and epochs, and the weights are the same bits.
  long long next_period_end() const;
  // Host, after an epoch: the weight events of steps <= last_step.
  void flush(recordings& rec, long long last_step);
  // The weights now into rec.plastic_weights.
  void snapshot(recordings& rec) const;
  // Projection j's weights at the end of the last epoch (CSR order; empty
  // unless plastic). stdp_dopamine keeps a synapse's weight as of its last
  // event: its weights are integrated to now on a copy, so reading them
  // changes nothing that follows.
  std::vector<double> weights(std::size_t j) const;
  // Projection j's synapse state now: "c" (stdp_dopamine's eligibility,
  // integrated to now on a copy), "h" (astro_three_factor's history), "Ca"
  // (its compartments: per synapse if local, per astrocyte if broadcast).
  std::vector<double> state(std::size_t j, const std::string& var) const;
  std::uint64_t projection_bytes(std::size_t j) const;
  // The run state (engine/state_io.hpp): everything a step changes.
  template <class IO>
  void visit_state(IO& io) {
    io.value("plastic.now", now_);
    for (std::size_t k = 0; k < proj_.size(); ++k) {
      auto& q = proj_[k];
      const std::string n = "plastic[" + std::to_string(q.j) + "].";
      io.value(n + "base", q.base);
      io.array(n + "w", q.w);
      io.array(n + "k_syn", q.k_syn);
      io.array(n + "k_plus", q.k_plus);
      io.array(n + "k_last", q.k_last);
      io.array(n + "k_minus", q.k_minus);
      io.array(n + "h_trace", q.h_trace);
      io.array(n + "pre_last", q.pre_last);
      io.array(n + "h_step", q.h_step);
      io.array(n + "h_recent", q.h_recent);
      io.array(n + "caught", q.caught);
      io.array(n + "h_n", q.h_n);
      io.array(n + "list_counts", q.list_counts);
      io.array(n + "delayed", q.delayed);
      io.array(n + "need", q.need);
      io.array(n + "since", q.since);
      io.array(n + "lists", q.lists);
      io.array(n + "c", q.c);
      io.array(n + "dopa_B", q.dopa_B);
      io.array(n + "dopa_D", q.dopa_D);
      io.array(n + "dopa_n", q.dopa_n);
      io.array(n + "dopa_base", q.dopa_base);
      io.array(n + "da_counts", q.da_counts);
      io.array(n + "h", q.h);
      io.array(n + "h_int", q.h_int);
      io.array(n + "ca", q.ca);
      io.array(n + "ca_astro", q.ca_astro);
      io.array(n + "gate_astro", q.gate_astro);
      io.array(n + "m_int", q.m_int);
      io.array(n + "rec_count", q.rec_count);
    }
  }

 private:
  struct projection {
    int j = 0;  // projection index
    array<double> w, k_syn, k_plus, k_last, decay_plus, k_minus, h_trace;
    array<long long> pre_last, h_step, h_recent, caught;
    array<ull> h_n, arrival_ptr, list_counts, delayed, need;
    array<unsigned> since;
    array<unsigned> by_arrival, lists;
    int slot_len = 1;
    unsigned catch_up_limit = 0;  // lazy rules: a target's spikes between catch-up passes
    // stdp_dopamine
    array<double> c, dopa_B, dopa_D, dopa_n;
    array<long long> dopa_base;
    array<ull> da_counts;
    int da_len = 1;
    long long base = 0;  // host copy of dopa_base
    // astro_three_factor
    array<float> h, h_int, ca;
    array<double> ca_astro, gate_astro, m_int, f_end, f_int;
    // weight recording
    array<unsigned> rec_syn;
    std::vector<unsigned> rec_source, rec_target;  // host, per recorded synapse
    std::vector<unsigned> rec_syn_host;
    array<ull> rec_count;
    array<long long> rec_step;
    array<unsigned> rec_id;
    array<double> rec_w;
  };
  void build_projection(projection& q, const projection_csr& c);
  void build_arrivals(projection& q, const projection_csr& c);
  void build_recording(projection& q, const projection_csr& c, int epoch);
  void build_dopamine(projection& q, ull n_synapses);
  void build_astro(projection& q, ull n_synapses, const astro_link& a);
  void catch_up(std::size_t k, step_ref s, const long long* forced);
  std::vector<double> peek(std::size_t k, bool eligibility) const;
  // Lazy rules: the length of the presynaptic decay's table.
  static constexpr unsigned decay_table_len = 4096;

  X x_;
  const plan::network_plan* plan_ = nullptr;
  const ull* halted_ = nullptr;
  std::vector<astro_link> astro_;  // per projection
  std::vector<const unsigned*> spikes_;
  const ull* counts_ = nullptr;
  std::vector<int> index_;  // per projection: its plastic index, or -1
  long long now_ = 0;       // the step the last epoch ended with
  std::vector<projection> proj_;
  std::vector<plastic_synapses> host_views_;
  array<plastic_synapses> views_;
  std::vector<delivery> host_tasks_;
  array<delivery> tasks_;
  std::vector<arrival_task_info> host_info_;
  array<arrival_task_info> info_;
  array<const unsigned*> list_ptrs_;
  array<const ull*> count_ptrs_;
  array<unsigned> n_targets_;
};

}  // namespace tribody::engine
