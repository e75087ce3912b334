// The CUDA backend's programs: the shared network and astrocyte programs
// (src/engine/network_engine.hpp, astro_engine.hpp) over the CUDA executor.
// Every epoch of steps is captured once as a graph and replayed.
#pragma once

#include "cuda_executor.cuh"
#include "engine/network_engine.hpp"

namespace tribody::cuda {

using cuda_network = engine::network_engine<cuda_executor>;
using cuda_astro = engine::astro_engine<cuda_executor>;

// Temporary device memory of building projection p's territory and SIC
// indices (sort keys, permutations, radix-sort space).
double astro_construction_scratch_bytes(const plan::projection_plan& p);

}  // namespace tribody::cuda

extern template class tribody::engine::astro_engine<tribody::cuda::cuda_executor>;
extern template class tribody::engine::network_engine<tribody::cuda::cuda_executor>;
