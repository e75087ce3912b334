// Connectivity on the device: the shared construction
// (src/engine/csr_build.hpp) over the CUDA executor.
#include "device_csr.cuh"

namespace tribody::cuda {

device_csr build_device_csr(const plan::projection_plan& p, double dt, cudaStream_t stream) {
  device_csr c;
  engine::build_csr(cuda_executor{stream}, p, dt, c);
  return c;
}

double construction_scratch_bytes(const plan::projection_plan& p) {
  return engine::csr_scratch_bytes(p, cuda_executor{}.concurrency());
}

}  // namespace tribody::cuda
