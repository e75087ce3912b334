// Astrocytes on the CPU backend: their state and input accumulators, the
// tripartite synapses' extra state (astrocyte, Tsodyks-Markram, traces,
// gliotransmitter receptors), territories, and the slow step.
#pragma once

#include <string>
#include <vector>

#include "cpu/csr_build.hpp"
#include "plan/network_plan.hpp"
#include "tribody/kernels/tripartite.hpp"
#include "tribody/recordings.hpp"

namespace tribody::cpu {

class cpu_astro {
 public:
  // Allocates and initialises everything; csr: the projections as built.
  void build(const plan::network_plan& plan, const std::vector<csr_storage>& csr, int threads, recordings& rec);

  bool empty() const { return plan_ == nullptr || (plan_->astrocytes.empty() && dyn_.empty()); }
  // The dynamics of projection j (null pointers where a feature is off).
  const kern::synapse_dynamics& dynamics(std::size_t j) const { return dyn_[j]; }
  bool dynamic(std::size_t j) const { return j < dyn_.size() && plan_->projections[j].dynamic(); }
  // Slow inward current into population p's neurons, or null.
  const double* slow_current(std::size_t p) const { return i_slow_[p].empty() ? nullptr : i_slow_[p].data(); }
  // The slow step that ends with fast step `step`; call from every thread
  // of an OpenMP team (it holds worksharing loops). Sets `failure` on
  // non-finite state.
  void slow_step(long long step, recordings& rec, std::string& failure);
  // Samples astrocyte state recorders due at the end of fast step `step`.
  void record(long long step, recordings& rec) const;

  // Inspection (tests, outputs): per-synapse astrocyte index of projection j,
  // astrocyte -> synapses CSR, per-synapse values.
  const std::vector<unsigned>& synapse_astrocyte(std::size_t j) const { return proj_[j].astro; }
  const std::vector<unsigned long long>& astro_synapse_ptr(std::size_t j) const { return proj_[j].astro_ptr; }
  const std::vector<unsigned long long>& astro_synapses(std::size_t j) const { return proj_[j].astro_syn; }
  std::vector<double> synapse_values(std::size_t j, const std::string& what, long long step) const;
  // Bytes of projection j's tripartite and dynamic-synapse state; of all astrocyte state.
  std::uint64_t projection_bytes(std::size_t j) const;
  std::uint64_t astrocyte_bytes() const;

 private:
  // The Ca2+ the pathways read: the model's calcium state variable.
  const double* calcium_of(int ai) const { return astro_[ai].vars[plan_->astrocytes[ai].calcium_var].data(); }
  struct astro_pop {
    std::vector<std::vector<double>> vars;
    std::vector<kern::fixed_t> acc_end, acc_int;
    std::vector<double> glio_mean, gap, release_at;
  };
  struct projection {
    std::vector<unsigned> astro;
    std::vector<unsigned long long> astro_ptr, astro_syn;  // astrocyte -> synapses
    std::vector<float> u, x, trace, gamma_local;
    std::vector<int> last;
    std::vector<double> gamma_astro, gate_astro, astro_scale;
    // sic: per target neuron, (astrocyte, count) pairs (broadcast) or
    // synapse indices (local)
    std::vector<unsigned long long> sic_ptr;
    std::vector<unsigned> sic_astro, sic_count;
    std::vector<unsigned long long> sic_syn;
  };

  void init_state(std::size_t a);
  void build_territory(std::size_t j, const csr_storage& c);
  void build_sic(std::size_t j, const csr_storage& c);

  const plan::network_plan* plan_ = nullptr;
  const std::vector<csr_storage>* csr_ = nullptr;
  int threads_ = 1;
  std::vector<astro_pop> astro_;
  std::vector<projection> proj_;
  std::vector<kern::synapse_dynamics> dyn_;
  std::vector<std::vector<double>> i_slow_;
  std::vector<int> astro_flags_;  // per astrocyte of the population being updated
};

}  // namespace tribody::cpu
