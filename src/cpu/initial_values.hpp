// Initial state values on the CPU: variable k of element i is drawn from the
// stream (seed, purpose, k) at id first_id + i, as on every backend.
#pragma once

#include <vector>

#include "tribody/kernels/distribution.hpp"

namespace tribody::cpu {

inline void draw_initial(std::vector<std::vector<double>>& vars, const std::vector<kern::value_dist>& initial,
                         unsigned long long seed, kern::purpose purpose, unsigned long long first_id, int threads) {
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto key = kern::make_key(seed, purpose, static_cast<unsigned>(k));
    auto& v = vars[k];
    const auto& d = initial[k];
    const long long n = static_cast<long long>(v.size());
#pragma omp parallel for num_threads(threads) schedule(static)
    for (long long i = 0; i < n; ++i) {
      kern::stream_rng g(key, first_id + static_cast<unsigned long long>(i));
      v[i] = kern::sample(d, g);
    }
  }
}

}  // namespace tribody::cpu
