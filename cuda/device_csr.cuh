// One projection's CSR in device memory: the shared construction
// (src/engine/csr_build.hpp) over the CUDA executor.
#pragma once

#include "cuda_executor.cuh"
#include "engine/csr_build.hpp"

namespace tribody::cuda {

using device_csr = engine::csr_arrays<cuda_executor>;

device_csr build_device_csr(const plan::projection_plan& p, double dt, cudaStream_t stream);
// Device bytes the construction of one projection needs beyond its CSR.
double construction_scratch_bytes(const plan::projection_plan& p);

}  // namespace tribody::cuda
