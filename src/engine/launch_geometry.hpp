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

// Slots of the open-addressing set that draws n distinct values without
// replacement on the GPU (Floyd sampling): the power of two >= 2n + 1, at
// least 16. 64-bit, so that it ends for any n.
inline unsigned long long hash_set_capacity(unsigned long long n) {
  unsigned long long cap = 16;
  while (cap < 2 * n + 1) cap *= 2;
  return cap;
}

}  // namespace tribody::engine
