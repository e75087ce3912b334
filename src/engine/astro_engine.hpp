// The astrocytes' program, written once for every backend (a template over
// the executor, src/engine/executor.hpp): their state and input
// accumulators, the tripartite synapses' extra state (astrocyte,
// Tsodyks-Markram, traces, gliotransmitter receptors), the territory and
// SIC indices, and the slow step. Backends instantiate it with their
// executor (src/cpu/cpu_astro.cpp, cuda/cuda_astro.cu).
#pragma once

#include <string>
#include <vector>

#include "engine/executor.hpp"
#include "plan/network_plan.hpp"
#include "tribody/kernels/tripartite.hpp"
#include "tribody/recordings.hpp"

namespace tribody::engine {

template <class X>
class astro_engine {
  template <class T>
  using array = typename X::template array<T>;

 public:
  // Allocates and initialises everything. csr, n_synapses: the projections
  // as built; epoch_steps: the most fast steps between two flushes;
  // halted: the run's halt step ([1], executor.hpp), lowered on a failure.
  void build(const X& x, const plan::network_plan& plan, const std::vector<kern::csr_view>& csr,
             const std::vector<ull>& n_synapses, long long epoch_steps, ull* halted, recordings& rec);

  // The dynamics of projection j (null pointers where a feature is off).
  const kern::synapse_dynamics& dynamics(std::size_t j) const { return dyn_[j]; }
  bool dynamic(std::size_t j) const { return j < dyn_.size() && plan_->projections[j].dynamic(); }
  // What plasticity's astrocyte rules read of tripartite projection j (in
  // the executor's memory): the territories' calcium and CSR.
  const double* calcium(int a) const { return calcium_of(a); }
  // astro_three_factor's drive goes to population a's input accumulators;
  // its gate reads variable k.
  kern::fixed_t* input_end(int a) { return astro_[a].acc_end.data(); }
  kern::fixed_t* input_int(int a) { return astro_[a].acc_int.data(); }
  const double* variable(int a, int k) const { return astro_[a].vars[k].data(); }
  const ull* territory_ptr(std::size_t j) const { return proj_[j].astro_ptr.data(); }
  const ull* territory_syn(std::size_t j) const { return proj_[j].astro_syn.data(); }
  // Slow inward current into population p's neurons, or null.
  const double* slow_current(std::size_t p) const { return i_slow_[p].size() ? i_slow_[p].data() : nullptr; }
  // Astrocyte population a's state (in the executor's memory).
  kern::soa_state state(std::size_t a);

  // The slow step that ends with fast step `step` (a CPU team calls it from
  // every thread; CUDA launches, capturable in a graph): gap-junction
  // fluxes, every astrocyte's update, release recording, failure
  // detection, then the gliotransmitter pathways of every projection.
  void slow_step(step_ref step);
  // Host, once the work queued so far is done: releases of steps up to
  // last_step (and the counts of all) into rec.
  void flush(recordings& rec, long long last_step);
  // The first step at which an astrocyte became non-finite (the largest
  // long long if none), and the message that names it with its state then.
  long long first_failure() const;
  std::string failure_message() const;

  // Inspection (tests, outputs): per-synapse astrocyte of projection j,
  // astrocyte -> synapses CSR, per-synapse values at the end of `step`.
  std::vector<unsigned> synapse_astrocyte(std::size_t j) const { return x_.download(proj_[j].astro); }
  std::vector<ull> astro_synapse_ptr(std::size_t j) const { return x_.download(proj_[j].astro_ptr); }
  std::vector<ull> astro_synapses(std::size_t j) const { return x_.download(proj_[j].astro_syn); }
  std::vector<double> synapse_values(std::size_t j, const std::string& what, long long step) const;
  // Bytes of projection j's tripartite and dynamic-synapse state; of all astrocyte state.
  std::uint64_t projection_bytes(std::size_t j) const;
  std::uint64_t astrocyte_bytes() const;
  // The run state (engine/state_io.hpp): everything a step changes.
  template <class IO>
  void visit_state(IO& io) {
    for (std::size_t k = 0; k < astro_.size(); ++k) {
      auto& a = astro_[k];
      const std::string n = "astro[" + std::to_string(k) + "].";
      for (std::size_t v = 0; v < a.vars.size(); ++v) io.array(n + "var" + std::to_string(v), a.vars[v]);
      io.array(n + "acc_end", a.acc_end);
      io.array(n + "acc_int", a.acc_int);
      io.array(n + "glio_mean", a.glio_mean);
      io.array(n + "gap", a.gap);
      io.array(n + "release_at", a.release_at);
      io.array(n + "modulator", a.modulator);
      io.array(n + "released", a.released);
      io.array(n + "released_n", a.released_n);
      io.array(n + "recorded", a.recorded);
      io.array(n + "bad", a.bad);
    }
    for (std::size_t j = 0; j < proj_.size(); ++j) {
      auto& p = proj_[j];
      const std::string n = "tripartite[" + std::to_string(j) + "].";
      io.array(n + "u", p.u);
      io.array(n + "x", p.x);
      io.array(n + "trace", p.trace);
      io.array(n + "gamma_local", p.gamma_local);
      io.array(n + "source_last", p.source_last);
      io.array(n + "gamma_astro", p.gamma_astro);
      io.array(n + "gate_astro", p.gate_astro);
    }
    for (std::size_t p = 0; p < i_slow_.size(); ++p) io.array("i_slow[" + std::to_string(p) + "]", i_slow_[p]);
  }

 private:
  struct astro_pop {
    std::vector<array<double>> vars;
    array<kern::fixed_t> acc_end, acc_int;
    array<double> glio_mean, gap, release_at;
    array<double> end_factor, int_factor;  // per fast step of a slow step
    array<long long> pulse_start, pulse_stop;
    array<double> pulse_amplitude, modulator;  // modulator: [1], this slow step's mean
    array<int> released;                       // per astrocyte, this slow step
    array<unsigned> released_ids;
    array<ull> released_n, recorded, bad;      // [1] each
    array<long long> rec_step;                 // recording buffer (recorded populations)
    array<unsigned> rec_id;
    array<double> failed_state;                // [n_vars]: the first failing astrocyte's state
  };
  struct projection {
    array<unsigned> astro;
    array<ull> astro_ptr, astro_syn;  // astrocyte -> synapses
    array<float> u, x, trace, gamma_local;
    array<int> source_last, target_astro;  // source_last: per source (kern::synapse_dynamics)
    array<double> gamma_astro, gate_astro, astro_scale;
    // sic: per target neuron, (astrocyte, count) pairs (broadcast) or
    // synapse indices (local)
    array<ull> sic_ptr, sic_syn;
    array<unsigned> sic_astro, sic_count;
  };

  void build_population(std::size_t a, long long epoch_steps, bool recorded);
  void build_projection(std::size_t j, const kern::csr_view& csr, ull n);
  void update_population(std::size_t a, step_ref step);
  void apply_pathways(std::size_t j, step_ref step);
  // The Ca2+ the pathways read: the model's calcium state variable.
  const double* calcium_of(int a) const { return astro_[a].vars[plan_->astrocytes[a].calcium_var].data(); }

  X x_;
  const plan::network_plan* plan_ = nullptr;
  ull* halted_ = nullptr;
  std::vector<astro_pop> astro_;
  std::vector<projection> proj_;
  std::vector<kern::synapse_dynamics> dyn_;
  std::vector<array<double>> i_slow_;
  std::vector<array<ull>> gap_ptr_;
  std::vector<array<unsigned>> gap_neighbor_;
};

}  // namespace tribody::engine
