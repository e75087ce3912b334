// Astrocytes on the CPU backend: the shared astrocyte program
// (src/engine/astro_engine.hpp) over the CPU executor.
#pragma once

#include "cpu/cpu_executor.hpp"
#include "engine/astro_engine.hpp"

namespace tribody::cpu {

using cpu_astro = engine::astro_engine<cpu_executor>;

}  // namespace tribody::cpu

extern template class tribody::engine::astro_engine<tribody::cpu::cpu_executor>;
