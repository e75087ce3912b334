// The CPU backend: the shared TB_HD functors in OpenMP loops. It is the
// reference every other backend is compared with, bit for bit.
#pragma once

#include <vector>

#include "backend.hpp"
#include "cpu/cpu_astro.hpp"
#include "cpu/csr_build.hpp"
#include "tribody/kernels/neuron_common.hpp"

namespace tribody::cpu {

class cpu_backend final : public backend {
 public:
  explicit cpu_backend(int threads);

  std::string name() const override { return "cpu"; }
  int threads() const override { return threads_; }
  void build(const plan::network_plan& plan) override;
  void run(long long n_steps) override;
  long long current_step() const override { return step_; }
  recordings& results() override { return rec_; }
  std::vector<projection_stats> synapse_stats() const override;
  memory_stats memory() const override;
  const phase_timers& timers() const override { return timers_; }
  synapse_list synapses(int projection) const override;
  const cpu_astro& astrocytes() const { return astro_; }

 private:
  struct population {
    std::vector<std::vector<double>> vars;
    std::vector<int> refractory;
    std::vector<kern::fixed_t> ring;  // [port][slot][neuron]
    std::vector<double> i_ext;        // dc input (pA), if any dc targets it
    std::vector<std::uint32_t> spikes;  // spiking neurons of the current step
    kern::soa_state state();
    kern::ring_view ring_view(const plan::population_plan& p);
  };

  void init_state(std::size_t pop_index);
  void update_dc(long long step);
  void record_step(long long step, bool astro);
  void check_finite(long long step, const std::vector<std::vector<unsigned>>& bad);

  int choose_threads(const plan::network_plan& plan) const;

  int threads_;
  bool auto_threads_;
  const plan::network_plan* plan_ = nullptr;
  long long step_ = 0;
  std::vector<population> pops_;
  std::vector<csr_storage> csr_;
  cpu_astro astro_;
  std::vector<long long> dc_changes_;  // steps where some dc switches on or off
  std::size_t next_dc_change_ = 0;
  std::vector<std::size_t> next_spike_event_;  // per spike_times stimulus
  recordings rec_;
  phase_timers timers_;
  failure_latch stopped_;
};

}  // namespace tribody::cpu
