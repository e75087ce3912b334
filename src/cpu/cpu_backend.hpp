// The CPU backend: the shared network program (src/engine) over the CPU
// executor (OpenMP), and the CSR built on the host. It is the reference
// every other backend is compared with, bit for bit.
#pragma once

#include <vector>

#include "backend.hpp"
#include "cpu/cpu_network.hpp"
#include "cpu/csr_build.hpp"

namespace tribody::cpu {

class cpu_backend final : public backend {
 public:
  explicit cpu_backend(int threads);

  std::string name() const override { return "cpu"; }
  int threads() const override { return threads_; }
  void build(const plan::network_plan& plan) override;
  void run(long long n_steps) override;
  long long current_step() const override { return net_.current_step(); }
  void save_state(std::ostream& out) override { net_.save_state(out); }
  void load_state(std::istream& in) override { net_.load_state(in); }
  recordings& results() override { return net_.results(); }
  std::vector<projection_stats> synapse_stats() const override;
  memory_stats memory() const override;
  double estimated_host_bytes() const override { return estimated_; }
  const phase_timers& timers() const override;
  synapse_list synapses(int projection) const override;
  std::vector<double> synapse_state(int projection, const std::string& var) const override {
    return net_.synapse_state(static_cast<std::size_t>(projection), var);
  }
  const cpu_astro& astrocytes() const { return net_.astrocytes(); }

 private:
  int choose_threads(const plan::network_plan& plan) const;

  int threads_;
  bool auto_threads_;
  const plan::network_plan* plan_ = nullptr;
  std::vector<csr_storage> csr_;
  cpu_network net_;
  mutable phase_timers timers_;
  double estimated_ = 0.0;
};

}  // namespace tribody::cpu
