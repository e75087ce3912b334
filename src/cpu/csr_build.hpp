// One projection's CSR on the CPU: the shared construction
// (src/engine/csr_build.hpp) over the CPU executor.
#pragma once

#include "cpu/cpu_executor.hpp"
#include "engine/csr_build.hpp"

namespace tribody::cpu {

using csr_storage = engine::csr_arrays<cpu_executor>;

csr_storage build_csr(const plan::projection_plan& p, double dt, int threads);

}  // namespace tribody::cpu
