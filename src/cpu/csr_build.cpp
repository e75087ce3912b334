#include "cpu/csr_build.hpp"

namespace tribody::cpu {

csr_storage build_csr(const plan::projection_plan& p, double dt, int threads) {
  csr_storage c;
  engine::build_csr(cpu_executor{threads}, p, dt, c);
  return c;
}

}  // namespace tribody::cpu
