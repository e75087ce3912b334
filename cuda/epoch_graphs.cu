// Epochs of the network program as CUDA graphs (cuda_executor.cuh).
#include <cstdlib>

#include "cuda_executor.cuh"

namespace tribody::cuda {

epoch_graphs::epoch_graphs() {
  const char* s = std::getenv("TRIBODY_CUDA_SYNC");
  sync_each_kernel_ = s != nullptr && std::string(s) == "1";
}

// Graphs hold the device pointers of one build: they go with the executor.
epoch_graphs::~epoch_graphs() {
  for (auto& [k, g] : graphs_) cudaGraphExecDestroy(g.exec);
}

void epoch_graphs::run(key k, cudaStream_t s, const std::function<void()>& enqueue) {
  auto it = graphs_.find(k);
  if (sync_each_kernel_ || (it == graphs_.end() && graphs_.size() >= max_graphs)) {
    in_flight_.clear();
    log_launches(&in_flight_);
    try {
      enqueue();
    } catch (...) {
      log_launches(nullptr);
      throw;
    }
    log_launches(nullptr);
    return;
  }
  if (it == graphs_.end()) {
    cudaGraph_t g = nullptr;
    graph e{nullptr, {}};
    TB_CUDA_CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    log_launches(&e.kernels);
    try {
      enqueue();
    } catch (...) {
      log_launches(nullptr);
      cudaStreamEndCapture(s, &g);
      if (g != nullptr) cudaGraphDestroy(g);
      throw;
    }
    log_launches(nullptr);
    TB_CUDA_CHECK(cudaStreamEndCapture(s, &g));
    const cudaError_t err = cudaGraphInstantiate(&e.exec, g, 0);
    cudaGraphDestroy(g);
    TB_CUDA_CHECK(err);
    it = graphs_.emplace(k, std::move(e)).first;
  }
  in_flight_ = it->second.kernels;
  TB_CUDA_CHECK(cudaGraphLaunch(it->second.exec, s));
}

void epoch_graphs::sync(cudaStream_t s, const char* what) const {
  const cudaError_t done = cudaStreamSynchronize(s);
  if (done == cudaSuccess) return;
  std::string names;
  for (const auto& k : in_flight_) names += (names.empty() ? "" : ", ") + k;
  check(done,
        (std::string(what) + " (kernels: " + names +
         "; TRIBODY_CUDA_SYNC=1 runs them one by one and names the one that failed)")
            .c_str(),
        __FILE__, __LINE__);
}

}  // namespace tribody::cuda
