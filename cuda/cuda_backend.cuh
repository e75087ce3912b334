// The CUDA backend: the network lives on the device, is built there, and
// advances in epochs of steps launched as one CUDA graph; recorded spikes
// and samples stay on the device until the epoch ends (one host sync per
// epoch, never per step).
#pragma once

#include <cuda_runtime.h>

#include <map>
#include <string>
#include <vector>

#include "backend.hpp"
#include "cuda_astro.cuh"
#include "device_buffer.cuh"
#include "device_csr.cuh"
#include "device_types.cuh"

namespace tribody::cuda {

class cuda_backend final : public backend {
 public:
  cuda_backend();
  ~cuda_backend() override;

  std::string name() const override { return "cuda"; }
  int threads() const override { return 1; }
  void build(const plan::network_plan& plan) override;
  void run(long long n_steps) override;
  long long current_step() const override { return step_; }
  recordings& results() override { return rec_; }
  std::vector<projection_stats> synapse_stats() const override;
  memory_stats memory() const override;
  const phase_timers& timers() const override { return timers_; }
  synapse_list synapses(int projection) const override;

 private:
  struct population {
    std::vector<device_buffer<double>> vars;
    device_buffer<int> refractory;
    device_buffer<kern::fixed_t> ring;
    device_buffer<double> i_ext;
    device_buffer<unsigned> spikes;
    device_buffer<long long> rec_step;
    device_buffer<unsigned> rec_id;
  };

  void check_memory() const;
  void destroy_graphs();
  void init_state();
  void make_descriptors();
  // Kernels of n steps from the device step counter, whose value is
  // first_step; the astrocytes' kernels only at the steps that end a slow step.
  void launch_steps(int n, long long first_step);
  void record_initial();     // state sample 0 (needs the counter at -1)
  void run_epoch(int n);
  void flush(long long end_step);
  void upload_dc(long long step);

  const plan::network_plan* plan_ = nullptr;
  cudaStream_t stream_ = nullptr;
  bool sync_each_kernel_ = false;
  long long step_ = 0;
  int epoch_ = 1;  // steps per graph launch
  std::vector<population> pops_;
  std::vector<device_csr> csr_;
  cuda_astro astro_;

  // Counters: [pop][2] spike counts, totals, bad, record counts.
  device_buffer<unsigned> counts_;
  device_buffer<unsigned long long> totals_, bad_, rec_counts_;
  device_buffer<long long> step_counter_;
  device_buffer<pop_desc> pop_desc_;
  device_buffer<proj_desc> proj_desc_;
  device_buffer<poisson_desc> poisson_desc_;
  device_buffer<spike_times_desc> spike_times_desc_;
  device_buffer<state_rec_desc> state_desc_;
  unsigned update_blocks_ = 0;
  std::vector<pop_desc> host_pops_;

  // Stimulus and recorder data.
  std::vector<device_buffer<double>> poisson_cdf_;
  std::vector<device_buffer<int>> poisson_guide_;
  std::vector<device_buffer<unsigned>> poisson_nodes_;
  std::vector<device_buffer<long long>> event_steps_;
  std::vector<device_buffer<unsigned>> event_nodes_;
  std::vector<device_buffer<unsigned>> state_nodes_;
  std::vector<device_buffer<double>> state_buffers_;
  std::vector<unsigned long long> state_capacity_;

  std::vector<long long> dc_changes_;
  std::size_t next_dc_ = 0;
  static constexpr std::size_t max_graphs = 16;
  // By (epoch length, first step modulo the slow step): the slow-step
  // kernels sit at different offsets for different phases.
  struct epoch_graph {
    cudaGraphExec_t exec;
    std::vector<std::string> kernels;  // what it launches, for errors
  };
  std::map<std::pair<int, long long>, epoch_graph> graphs_;
  std::vector<std::string> epoch_kernels_;  // of the epoch in flight
  recordings rec_;
  phase_timers timers_;
  failure_latch stopped_;
};

}  // namespace tribody::cuda
