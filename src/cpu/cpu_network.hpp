// The CPU backend's programs: the shared network and astrocyte programs
// (src/engine/network_engine.hpp, astro_engine.hpp) over the CPU executor.
#pragma once

#include "cpu/cpu_executor.hpp"
#include "engine/network_engine.hpp"

namespace tribody::cpu {

using cpu_network = engine::network_engine<cpu_executor>;
using cpu_astro = engine::astro_engine<cpu_executor>;

}  // namespace tribody::cpu

extern template class tribody::engine::astro_engine<tribody::cpu::cpu_executor>;
extern template class tribody::engine::network_engine<tribody::cpu::cpu_executor>;
