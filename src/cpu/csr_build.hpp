// Builds one projection's CSR on the CPU from the connectivity generators.
// The layout is a function of (seed, projection) alone, whatever the thread
// count: every row is sorted by target; synapses to the same target keep
// the generator's (unit, k) order, or where the generator does not sort
// rows (kern::rows_need_sorting), the order of kern::row_order.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/network_plan.hpp"
#include "tribody/kernels/synapses.hpp"

namespace tribody::cpu {

struct csr_storage {
  std::vector<unsigned long long> row_ptr;
  std::vector<unsigned> col;
  std::vector<unsigned short> delay;
  std::vector<float> weight;

  std::uint64_t size() const { return col.size(); }
  std::uint64_t bytes() const {
    return row_ptr.size() * sizeof(unsigned long long) + col.size() * sizeof(unsigned) +
           delay.size() * sizeof(unsigned short) + weight.size() * sizeof(float);
  }
  kern::csr_view view(const plan::projection_plan& p) const;
};

csr_storage build_csr(const plan::projection_plan& p, double dt, int threads);

}  // namespace tribody::cpu
