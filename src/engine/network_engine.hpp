// The network's program, written once for every backend (a template over
// the executor, src/engine/executor.hpp): the neurons' state and input
// rings, stimuli, recorders, the fast step, the run loop in epochs and
// what happens on a failure. It holds the astrocytes' program
// (astro_engine) and calls its slow step. Backends build the synapses
// (CSR) and instantiate it (src/cpu/cpu_network.cpp, cuda/cuda_network.cu).
//
// One fast step, in this order:
//   1. update    every neuron (kern::neuron_step<Model>), spikes selected;
//      plastic   post-triggered updates of the arrivals at this step
//                (plasticity_engine);
//   2. deliver   every spike's row into the targets' rings, with the spike
//                counts and neuron state samples (plastic rows: their
//                pre-triggered updates first), then the plastic traces;
//   3. stimulus  Poisson input and spike_times events, with the recorded
//                spikes stored;
//   4. astro     the slow step, when one ends with this step, and the
//                astrocyte state samples.
// A run goes in epochs of up to epoch_steps steps (a CUDA graph each); the
// host collects recordings and checks for failures after each one. The
// first non-finite state halts the run: its step completes, later steps do
// nothing, and the engine refuses to run on (failure_latch).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backend.hpp"
#include "engine/astro_engine.hpp"
#include "engine/epochs.hpp"
#include "engine/plasticity_engine.hpp"
#include "engine/step_kernels.hpp"
#include "plan/network_plan.hpp"
#include "tribody/recordings.hpp"

namespace tribody::engine {

template <class X>
class network_engine {
  template <class T>
  using array = typename X::template array<T>;

 public:
  // Allocates and initialises the network around the projections the
  // backend built (csr); epoch: steps per epoch (engine::epoch_steps).
  // Construction times go into timers.
  void build(const X& x, const plan::network_plan& plan, const std::vector<projection_csr>& csr, int epoch,
             phase_timers& timers);
  // Advances n steps; throws numerical_error on a non-finite state.
  void run(long long n_steps);
  long long current_step() const { return step_; }
  // Recordings so far, with the plastic weights as they are now.
  recordings& results();
  // Phase times of the run so far (where the executor measures them).
  void add_timers(phase_timers& t) const;
  const astro_engine<X>& astrocytes() const { return astro_; }
  const plasticity_engine<X>& plasticity() const { return stdp_; }
  // Synapse state `var` of projection j at the end of the last step, in
  // CSR order (edges recorders; docs/plasticity.md#recording-weights).
  std::vector<double> synapse_state(std::size_t j, const std::string& var) const {
    if (var == "c" || var == "h" || var == "Ca") {
      auto v = stdp_.state(j, var);
      if (var != "Ca" || plan_->projections[j].plasticity.params.local) return v;
      const auto astro = astro_.synapse_astrocyte(j);  // broadcast: the territory's Ca
      std::vector<double> out(astro.size(), 0.0);
      for (std::size_t k = 0; k < astro.size(); ++k) out[k] = astro[k] == kern::no_astrocyte ? 0.0 : v[astro[k]];
      return out;
    }
    return astro_.synapse_values(j, var, step_ - 1);
  }
  // Bytes of projection j's state beyond its CSR (tripartite, dynamic, plastic).
  std::uint64_t projection_state_bytes(std::size_t j) const {
    return astro_.projection_bytes(j) + stdp_.projection_bytes(j);
  }
  // The run state (engine/state_io.hpp): everything a step changes, with
  // what was recorded so far; a failed run has none to give.
  template <class IO>
  void visit_state(IO& io);
  void save_state(std::ostream& out);
  void load_state(std::istream& in);
  std::uint64_t neuron_state_bytes() const;
  std::uint64_t ring_bytes() const;

 private:
  struct population {
    std::vector<array<double>> vars;
    array<int> refractory;
    array<kern::fixed_t> ring;  // [port][slot][neuron]
    array<double> i_ext;        // dc input (pA), if any dc targets it
    array<unsigned> spikes;     // this step's (counts_ of them)
    array<long long> rec_step;  // recorded spikes of the epoch
    array<unsigned> rec_id;
  };
  struct spike_source {
    array<long long> steps;
    array<unsigned> nodes;
    array<ull> range;  // [2]: this step's events
    ull max_per_step = 0;
  };
  enum phase { t_update, t_record, t_plastic, t_deliver, t_stimulus, t_astro, n_phases };

  void build_population(std::size_t p);
  void check_input_bound(const std::vector<projection_csr>& csr);
  void build_stimuli();
  void build_recorders();
  void build_delivery(const std::vector<projection_csr>& csr);
  void step_once(step_ref s, bool slow_step);
  void sources_delivered(step_ref s);
  void update(std::size_t p, step_ref s);
  void record(step_ref s, bool astro);
  void stimulate(step_ref s);
  void record_spikes_of(step_ref s);
  void apply_dc(long long step);
  void flush(long long end_step);
  std::string neuron_failure(long long step, const std::vector<ull>& bad) const;
  kern::soa_state state(std::size_t p);

  X x_;
  const plan::network_plan* plan_ = nullptr;
  int epoch_ = 1;
  long long step_ = 0;
  std::vector<population> pops_;
  astro_engine<X> astro_;
  std::vector<std::size_t> last_event_projections_;  // dynamic projections keeping their sources' last events
  plasticity_engine<X> stdp_;
  long long snapshot_step_ = -1;  // of rec_.plastic_weights
  array<long long> counter_;  // [1]: the device's step counter (step_ref base)
  array<ull> halted_;         // [1]: the halt step, or no_failure
  // Per population: this step's spikes, all spikes, recorded spikes of the
  // epoch, the first failure (step << 32 | id) and how many failed then.
  array<ull> counts_, totals_, recorded_, bad_;
  array<long long> n_bad_;
  std::vector<delivery> host_delivery_;
  array<delivery> delivery_;
  std::vector<array<double>> poisson_cdf_;
  std::vector<array<int>> poisson_guide_;
  std::vector<array<unsigned>> poisson_nodes_;
  struct reward_state {
    array<long long> last_pre;
    array<ull> n_rewards;
    array<unsigned> nodes;
  };
  std::vector<reward_state> rewards_;
  std::vector<spike_source> spike_times_;
  std::vector<array<unsigned>> state_nodes_;
  std::vector<array<double>> state_buffers_;
  std::vector<ull> state_capacity_;
  std::vector<long long> dc_changes_;
  std::vector<long long> snapshot_steps_;  // of edges recorders with times, ascending
  std::size_t next_snapshot_ = 0;
  void take_snapshots();
  std::size_t next_dc_ = 0;
  double phase_time_[n_phases] = {};
  recordings rec_;
  failure_latch stopped_;
};

}  // namespace tribody::engine
