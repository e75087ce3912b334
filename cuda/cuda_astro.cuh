// Astrocytes on the CUDA backend: the same state, territories and slow step
// as src/cpu/cpu_astro.*, built and run on the device with the shared
// kernels (kern::astro_update, kern::synapse_event, kern::territory_rule).
// The slow-step kernels are launched after the fast steps that end a slow
// step (the epoch's graph is captured per phase of the slow clock).
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "device_buffer.cuh"
#include "device_csr.cuh"
#include "plan/network_plan.hpp"
#include "tribody/kernels/tripartite.hpp"
#include "tribody/recordings.hpp"

namespace tribody::cuda {

class cuda_astro {
 public:
  // Builds state and territories; csr: the projections as built.
  void build(const plan::network_plan& plan, const std::vector<device_csr>& csr, long long epoch_steps,
             cudaStream_t stream);
  // Device pointers of projection j's dynamics (all null if it is static).
  const kern::synapse_dynamics& dynamics(std::size_t j) const { return dyn_[j]; }
  bool dynamic(std::size_t j) const { return plan_->projections[j].dynamic(); }
  const double* slow_current(std::size_t p) const { return i_slow_[p].size() ? i_slow_[p].data() : nullptr; }
  // Astrocyte state of population a (for state recorders).
  kern::soa_state state(std::size_t a);
  // The slow-step kernels for fast step base + offset (graph-capturable).
  void launch_slow_step(const long long* base, int offset, cudaStream_t stream);
  // After an epoch (stream synchronised): releases up to last_step into rec.
  void flush(recordings& rec, long long last_step);
  // The first step at which an astrocyte state became non-finite (the
  // largest long long if none), and the message that names it.
  long long first_failure() const;
  std::string failure_message(long long end_step) const;
  std::uint64_t projection_bytes(std::size_t j) const;
  // Temporary device memory of building projection p's territory and SIC
  // structure (sort keys, permutations, radix-sort space).
  static double construction_scratch_bytes(const plan::projection_plan& p);
  std::uint64_t astrocyte_bytes() const;

 private:
  // The Ca2+ the pathways read: the model's calcium state variable.
  const double* calcium_of(int ai) const { return astro_[ai].vars[plan_->astrocytes[ai].calcium_var].data(); }
  struct astro_pop {
    std::vector<device_buffer<double>> vars;
    device_buffer<kern::fixed_t> acc_end, acc_int;
    device_buffer<double> glio_mean, gap, release_at, modulator;  // modulator: per slow step
    device_buffer<long long> rel_step;
    device_buffer<unsigned> rel_id;
  };
  struct projection {
    device_buffer<unsigned> astro;
    device_buffer<unsigned long long> astro_ptr, astro_syn;
    device_buffer<float> u, x, trace, gamma_local;
    device_buffer<int> last, target_astro;
    device_buffer<double> gamma_astro, gate_astro, astro_scale;
    device_buffer<unsigned long long> sic_ptr, sic_syn;
    device_buffer<unsigned> sic_astro, sic_count;
  };

  void build_territory(std::size_t j, const device_csr& c, cudaStream_t s);
  void build_sic(std::size_t j, const device_csr& c, cudaStream_t s);

  const plan::network_plan* plan_ = nullptr;
  cudaStream_t stream_ = nullptr;  // the backend's stream, set by build
  std::vector<astro_pop> astro_;
  std::vector<projection> proj_;
  std::vector<kern::synapse_dynamics> dyn_;
  std::vector<device_buffer<double>> i_slow_;
  std::vector<device_buffer<double>> factors_;  // per astrocyte population: end, then integral factors
  std::vector<device_buffer<unsigned long long>> gap_ptr_;
  std::vector<device_buffer<unsigned>> gap_neighbor_;
  device_buffer<unsigned long long> rel_count_, bad_;  // per astrocyte population
};

}  // namespace tribody::cuda
