// Grid sizes of the CUDA executor's grid-stride kernels, as plain host code
// so that a CPU test checks them: at least one block for any work, never
// more blocks than a launch takes, any 64-bit work covered by the stride.
#pragma once

#include <algorithm>

namespace tribody::engine {

// Blocks beyond this only add scheduling: grid-stride loops cover the rest.
constexpr unsigned long long max_grid_blocks = 1ULL << 20;

inline unsigned blocks_for(unsigned long long work, unsigned block_size) {
  const unsigned long long b = work / block_size + (work % block_size != 0);
  return static_cast<unsigned>(std::clamp<unsigned long long>(b, 1ULL, max_grid_blocks));
}

}  // namespace tribody::engine
