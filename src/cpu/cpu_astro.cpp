// The astrocyte program instantiated for the CPU executor.
#include "cpu/cpu_astro.hpp"

#include "engine/astro_engine_impl.hpp"

template class tribody::engine::astro_engine<tribody::cpu::cpu_executor>;
