// The CUDA run loop: epochs of steps (one graph launch each), split where
// dc input changes; after each epoch one synchronisation collects the
// recorded spikes and samples and checks for non-finite state.
#include <algorithm>
#include <limits>
#include <sstream>

#include "cuda_backend.cuh"
#include "plan/dc_input.hpp"
#include "recorded_events.cuh"

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
  const std::pair<int, long long> key{n, plan_->astrocytes.empty() ? 0 : step_ % plan_->slow_steps};
  auto it = graphs_.find(key);
  // Epochs shorter than epoch_ end a run() call or precede a dc change; the
  // caller's chunk sizes repeat, so a few graphs cover them. Past the cap,
  // rare lengths are launched kernel by kernel.
  if (sync_each_kernel_ || (it == graphs_.end() && graphs_.size() >= max_graphs)) {
    epoch_kernels_.clear();
    log_launches(&epoch_kernels_);
    try {
      launch_steps(n, step_);
    } catch (...) {
      log_launches(nullptr);
      throw;
    }
    log_launches(nullptr);
    return;
  }
  if (it == graphs_.end()) {
    cudaGraph_t g = nullptr;
    epoch_graph e{nullptr, {}};
    TB_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
    log_launches(&e.kernels);
    try {
      launch_steps(n, step_);
    } catch (...) {
      log_launches(nullptr);
      cudaStreamEndCapture(stream_, &g);
      if (g != nullptr) cudaGraphDestroy(g);
      throw;
    }
    log_launches(nullptr);
    TB_CUDA_CHECK(cudaStreamEndCapture(stream_, &g));
    const cudaError_t err = cudaGraphInstantiate(&e.exec, g, 0);
    cudaGraphDestroy(g);
    TB_CUDA_CHECK(err);
    it = graphs_.emplace(key, std::move(e)).first;
  }
  epoch_kernels_ = it->second.kernels;
  TB_CUDA_CHECK(cudaGraphLaunch(it->second.exec, stream_));
}

void cuda_backend::run(long long n_steps) {
  stopped_.check();
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

// Collects what the device recorded up to `end_step` steps. If a state
// became non-finite in the epoch, keeps what the CPU backend would have
// kept (events up to the failing step; samples up to it, or one further when
// an astrocyte failed after the neurons' update), sets the step reached and
// throws. Spike totals still count the whole epoch.
void cuda_backend::flush(long long end_step) {
  const cudaError_t done = cudaStreamSynchronize(stream_);
  if (done != cudaSuccess) {
    std::string names;
    for (const auto& k : epoch_kernels_) names += (names.empty() ? "" : ", ") + k;
    check(done, ("the epoch that ends at step " + std::to_string(end_step) + " (kernels: " + names +
                 "; TRIBODY_CUDA_SYNC=1 runs them one by one and names the one that failed)")
                    .c_str(),
          __FILE__, __LINE__);
  }
  const auto& P = *plan_;
  const auto totals = totals_.download(stream_);
  const auto bad = bad_.download(stream_);
  const auto rec_n = rec_counts_.download(stream_);
  constexpr long long none = std::numeric_limits<long long>::max();
  int bad_pop = -1;
  long long fail_neuron = none;
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    const long long step = bad[p] == ~0ULL ? none : static_cast<long long>(bad[p] >> 32);
    if (step < fail_neuron) {
      fail_neuron = step;
      bad_pop = static_cast<int>(p);
    }
  }
  const long long fail_astro = astro_.first_failure();
  const long long fail = std::min(fail_neuron, fail_astro);
  const long long last_step = fail == none ? end_step - 1 : fail;
  const long long last_sample = fail == none ? end_step : (fail_neuron <= fail_astro ? fail : fail + 1);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    rec_.spike_count[p] = totals[p];
    if (rec_.spikes_recorded[p]) {
      append_sorted_events(pops_[p].rec_step, pops_[p].rec_id, rec_n[p], last_step, stream_, rec_.spikes[p]);
    }
  }
  rec_counts_.zero(stream_);
  for (std::size_t r = 0; r < P.state_recorders.size(); ++r) {
    const auto& rp = P.state_recorders[r];
    auto& out = rec_.states[r];
    const std::size_t per_sample = rp.node_ids.size() * rp.vars.size();
    // Samples g0 .. g1 - 1 lie in the ring of state_capacity_[r] samples: copy
    // them in at most two pieces.
    const unsigned long long g0 = out.steps.size(), g1 = static_cast<unsigned long long>(last_sample / rp.interval) + 1;
    const unsigned long long cap = state_capacity_[r];
    for (unsigned long long g = g0; g < g1;) {
      const unsigned long long slot = g % cap, n = std::min(g1 - g, cap - slot);
      const auto v = state_buffers_[r].download(stream_, n * per_sample, slot * per_sample);
      out.values.insert(out.values.end(), v.begin(), v.end());
      for (unsigned long long k = 0; k < n; ++k) out.steps.push_back(static_cast<long long>(g + k) * rp.interval);
      g += n;
    }
  }
  astro_.flush(rec_, last_step);
  if (fail == none) return;
  step_ = fail + 1;
  if (fail_astro < fail_neuron) stopped_.fail(astro_.failure_message());
  std::ostringstream s;
  s << "neuron " << (bad[bad_pop] & 0xffffffffULL) << " of population '" << P.populations[bad_pop].name
    << "' has a non-finite state at t = " << (fail + 1) * P.dt
    << " ms (found on the GPU at the end of the epoch that ends at t = " << end_step * P.dt
    << " ms). Check the model's parameters and weights (and dt for izhikevich).";
  stopped_.fail(s.str());
}

}  // namespace tribody::cuda
