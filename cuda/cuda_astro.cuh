// Astrocytes on the CUDA backend: the shared astrocyte program
// (src/engine/astro_engine.hpp) over the CUDA executor. Its slow step is
// launched after the fast steps that end a slow step, inside the epoch's
// graph (captured per phase of the slow clock).
#pragma once

#include "cuda_executor.cuh"
#include "engine/astro_engine.hpp"

namespace tribody::cuda {

using cuda_astro = engine::astro_engine<cuda_executor>;

// Temporary device memory of building projection p's territory and SIC
// indices (sort keys, permutations, radix-sort space).
double astro_construction_scratch_bytes(const plan::projection_plan& p);

}  // namespace tribody::cuda

extern template class tribody::engine::astro_engine<tribody::cuda::cuda_executor>;
