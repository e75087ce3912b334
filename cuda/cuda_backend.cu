// Building the network on the device: the memory check, the CSR, then the
// shared network program over the CUDA executor.
#include <algorithm>
#include <chrono>
#include <sstream>

#include "cuda_backend.cuh"
#include "engine/epochs.hpp"
#include "plan/memory_estimate.hpp"

namespace tribody::cuda {
namespace {

std::string gib(double bytes) {
  std::ostringstream s;
  s.precision(2);
  s << std::fixed << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return s.str();
}

}  // namespace

cuda_backend::cuda_backend() { TB_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }

cuda_backend::~cuda_backend() {
  net_ = cuda_network{};  // graphs and buffers before the stream
  csr_.clear();
  if (stream_ != nullptr) cudaStreamDestroy(stream_);
}

// Refuse, before allocating anything, a network that does not fit.
void cuda_backend::check_memory(int epoch) const {
  const auto& P = *plan_;
  const auto estimate = plan::estimate_memory(P);
  double state = estimate.neuron_state + estimate.astrocytes, synapses = estimate.synapses, scratch = 0.0;
  for (const auto& p : P.populations) state += static_cast<double>(p.size) * 4.0;  // spike lists
  for (const auto& p : P.projections) {
    scratch = std::max({scratch, construction_scratch_bytes(p), astro_construction_scratch_bytes(p)});
  }
  // Spike records (bounded by the epoch), state-recorder rings and release buffers.
  const double records = engine::recording_bytes(P, epoch);
  const double need = state + synapses + scratch + records;
  std::size_t free_bytes = 0, total_bytes = 0;
  TB_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  if (need > 0.95 * static_cast<double>(free_bytes)) {
    throw capacity_error("the network needs about " + gib(need) + " of device memory (state " + gib(state) +
                         ", synapses " + gib(synapses) + ", construction scratch " + gib(scratch) +
                         ", recording " + gib(records) + ") but the device has " + gib(free_bytes) + " free of " +
                         gib(total_bytes) + "; reduce the network or use the cpu backend");
  }
}

void cuda_backend::build(const plan::network_plan& plan) {
  plan_ = &plan;
  net_ = cuda_network{};  // frees the previous build first
  csr_.clear();
  timers_.clear();
  const int epoch = engine::epoch_steps(plan);
  check_memory(epoch);  // before anything is allocated
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : plan.projections) csr_.push_back(build_device_csr(p, plan.dt, stream_));
  timers_["time_construction_connect"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<engine::projection_csr> built;
  for (std::size_t j = 0; j < csr_.size(); ++j) built.push_back({csr_[j].view(plan.projections[j]), csr_[j].synapses, csr_[j].max_row});
  net_.build(cuda_executor{stream_}, plan, built, epoch, timers_);
  for (std::size_t j = 0; j < csr_.size(); ++j) {
    if (plan.projections[j].plastic()) csr_[j].release_weights();
  }
}

std::vector<projection_stats> cuda_backend::synapse_stats() const {
  std::vector<projection_stats> out;
  for (std::size_t i = 0; i < csr_.size(); ++i) {
    const auto& p = plan_->projections[i];
    out.push_back({csr_[i].synapses, csr_[i].bytes() + net_.projection_state_bytes(i),
                   p.constant_delay ? "constant_delay" : (p.pack_delay ? "packed_delay" : "delay_array")});
  }
  return out;
}

memory_stats cuda_backend::memory() const {
  memory_stats m;
  m.neuron_state_bytes = net_.neuron_state_bytes();
  m.ring_buffer_bytes = net_.ring_bytes();
  for (std::size_t j = 0; j < csr_.size(); ++j) m.synapse_bytes += csr_[j].bytes() + net_.projection_state_bytes(j);
  m.astrocyte_bytes = net_.astrocytes().astrocyte_bytes();
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess) m.device_bytes_in_use = total_bytes - free_bytes;
  return m;
}

backend::synapse_list cuda_backend::synapses(int projection) const {
  synapse_list out;
  engine::list_synapses(cuda_executor{stream_}, plan_->projections.at(projection), csr_.at(projection),
                        net_.plasticity().weights(projection), out.source, out.target, out.weight, out.delay);
  if (plan_->projections.at(projection).tripartite.enabled) out.astrocyte = net_.astrocytes().synapse_astrocyte(projection);
  return out;
}

}  // namespace tribody::cuda
