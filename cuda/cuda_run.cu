// The CUDA run loop: epochs of steps (one graph launch each), split where
// dc input changes; after each epoch one synchronisation collects the
// recorded spikes and samples and checks for non-finite state.
#include <algorithm>
#include <numeric>
#include <sstream>

#include "cuda_backend.cuh"
#include "plan/dc_input.hpp"

namespace tribody::cuda {

void cuda_backend::upload_dc(long long step) {
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    if (!plan_->populations[p].has_dc) continue;
    const auto v = plan::dc_currents(*plan_, static_cast<int>(p), step);
    TB_CUDA_CHECK(cudaMemcpyAsync(pops_[p].i_ext.data(), v.data(), v.size() * sizeof(double), cudaMemcpyHostToDevice,
                                  stream_));
    TB_CUDA_CHECK(cudaStreamSynchronize(stream_));
  }
}

void cuda_backend::run_epoch(int n) {
  if (sync_each_kernel_ || n != epoch_) {
    launch_steps(n);
    return;
  }
  auto it = graphs_.find(n);
  if (it == graphs_.end()) {
    cudaGraph_t g = nullptr;
    TB_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
    try {
      launch_steps(n);
    } catch (...) {
      cudaStreamEndCapture(stream_, &g);
      if (g != nullptr) cudaGraphDestroy(g);
      throw;
    }
    TB_CUDA_CHECK(cudaStreamEndCapture(stream_, &g));
    cudaGraphExec_t exec = nullptr;
    const cudaError_t e = cudaGraphInstantiate(&exec, g, 0);
    cudaGraphDestroy(g);
    TB_CUDA_CHECK(e);
    it = graphs_.emplace(n, exec).first;
  }
  TB_CUDA_CHECK(cudaGraphLaunch(it->second, stream_));
}

void cuda_backend::run(long long n_steps) {
  const long long end = step_ + n_steps;
  while (step_ < end) {
    bool dc_changed = false;
    while (next_dc_ < dc_changes_.size() && dc_changes_[next_dc_] <= step_) {
      ++next_dc_;
      dc_changed = true;
    }
    if (dc_changed) upload_dc(step_);
    long long stop = end;
    if (next_dc_ < dc_changes_.size()) stop = std::min(stop, dc_changes_[next_dc_]);
    const int k = static_cast<int>(std::min<long long>(epoch_, stop - step_));
    run_epoch(k);
    step_ += k;
    flush(step_);
  }
}

// Collects what the device recorded up to `end_step` steps.
void cuda_backend::flush(long long end_step) {
  TB_CUDA_CHECK(cudaStreamSynchronize(stream_));
  const auto& P = *plan_;
  const auto totals = totals_.download();
  const auto bad = bad_.download();
  const auto rec_n = rec_counts_.download();
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    rec_.spike_count[p] = totals[p];
    if (!rec_.spikes_recorded[p] || rec_n[p] == 0) continue;
    const auto steps = pops_[p].rec_step.download(rec_n[p]);
    const auto ids = pops_[p].rec_id.download(rec_n[p]);
    // Blocks reserve their ranges in any order: sort to (step, id) as the CPU emits.
    std::vector<std::size_t> order(steps.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return steps[a] != steps[b] ? steps[a] < steps[b] : ids[a] < ids[b];
    });
    auto& out = rec_.spikes[p];
    for (auto k : order) {
      out.steps.push_back(steps[k]);
      out.ids.push_back(ids[k]);
    }
  }
  rec_counts_.zero(stream_);
  for (std::size_t r = 0; r < P.state_recorders.size(); ++r) {
    const auto& rp = P.state_recorders[r];
    auto& out = rec_.states[r];
    const std::size_t per_sample = rp.node_ids.size() * rp.vars.size();
    for (unsigned long long g = out.steps.size(); static_cast<long long>(g) * rp.interval <= end_step; ++g) {
      const auto v = state_buffers_[r].download(per_sample, (g % state_capacity_[r]) * per_sample);
      out.steps.push_back(static_cast<long long>(g) * rp.interval);
      out.values.insert(out.values.end(), v.begin(), v.end());
    }
  }
  astro_.flush(rec_, end_step);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    if (bad[p] == ~0ULL) continue;
    const long long step = static_cast<long long>(bad[p] >> 32);
    std::ostringstream s;
    s << "neuron " << (bad[p] & 0xffffffffULL) << " of population '" << P.populations[p].name
      << "' has a non-finite state at t = " << (step + 1) * P.dt
      << " ms (found on the GPU at the end of the epoch that ends at t = " << end_step * P.dt
      << " ms). Check the model's parameters and weights (and dt for izhikevich).";
    throw numerical_error(s.str());
  }
}

}  // namespace tribody::cuda
