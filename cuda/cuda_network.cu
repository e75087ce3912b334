// The network and astrocyte programs instantiated for the CUDA executor.
#include "cuda_network.cuh"
#include "engine/network_engine_impl.hpp"

template class tribody::engine::astro_engine<tribody::cuda::cuda_executor>;
template class tribody::engine::plasticity_engine<tribody::cuda::cuda_executor>;
template class tribody::engine::network_engine<tribody::cuda::cuda_executor>;

namespace tribody::cuda {

double astro_construction_scratch_bytes(const plan::projection_plan& p) {
  if (!p.tripartite.enabled) return 0.0;
  // keys, sorted keys (8 + 8 for SIC pairs, 4 + 4 otherwise), index and
  // permutation (8 + 8), radix-sort space (~8), run flags and starts (8).
  return p.expected_synapses * (p.tripartite.sic >= 0 ? 48.0 : 32.0);
}

}  // namespace tribody::cuda
