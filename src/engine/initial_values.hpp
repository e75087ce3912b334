// Initial state of a population (neurons or astrocytes), on any executor:
// variable k of element i is drawn from the stream (seed, purpose, k) at id
// first_id + i; linked variables then follow their source variable.
#pragma once

#include <vector>

#include "engine/astro_kernels.hpp"

namespace tribody::engine {

template <class X, class Array>
void draw_initial(const X& x, std::vector<Array>& vars, const std::vector<kern::value_dist>& initial, ull seed,
                  kern::purpose purpose, ull first_id) {
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto key = kern::make_key(seed, purpose, static_cast<unsigned>(k));
    x.for_each(vars[k].size(), draw_values{vars[k].data(), initial[k], key, first_id}, "initial_values");
  }
}

// vars[k] = factor[k] * vars[source[k]] where source[k] >= 0.
template <class X, class Array>
void link_initial(const X& x, std::vector<Array>& vars, const std::vector<int>& source,
                  const std::vector<double>& factor) {
  for (std::size_t k = 0; k < vars.size(); ++k) {
    if (source[k] < 0) continue;
    x.for_each(vars[k].size(), scale_values{vars[k].data(), vars[source[k]].data(), factor[k]}, "linked_initial_values");
  }
}

}  // namespace tribody::engine
