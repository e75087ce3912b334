// The CUDA backend: the shared network program (src/engine) over the CUDA
// executor, and the CSR built on the device. The network advances in
// epochs of steps launched as one CUDA graph; recorded spikes and samples
// stay on the device until the epoch ends (one host sync per epoch).
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "backend.hpp"
#include "cuda_network.cuh"
#include "device_buffer.cuh"
#include "device_csr.cuh"

namespace tribody::cuda {

class cuda_backend final : public backend {
 public:
  cuda_backend();
  ~cuda_backend() override;

  std::string name() const override { return "cuda"; }
  int threads() const override { return 1; }
  void build(const plan::network_plan& plan) override;
  void run(long long n_steps) override { net_.run(n_steps); }
  long long current_step() const override { return net_.current_step(); }
  void save_state(std::ostream& out) override { net_.save_state(out); }
  void load_state(std::istream& in) override { net_.load_state(in); }
  recordings& results() override { return net_.results(); }
  std::vector<projection_stats> synapse_stats() const override;
  memory_stats memory() const override;
  const phase_timers& timers() const override { return timers_; }
  synapse_list synapses(int projection) const override;
  std::vector<double> synapse_state(int projection, const std::string& var) const override {
    return net_.synapse_state(static_cast<std::size_t>(projection), var);
  }

 private:
  void check_memory(int epoch) const;

  const plan::network_plan* plan_ = nullptr;
  cudaStream_t stream_ = nullptr;
  std::vector<device_csr> csr_;
  cuda_network net_;
  phase_timers timers_;
};

}  // namespace tribody::cuda
