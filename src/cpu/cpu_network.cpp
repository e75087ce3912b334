// The network, astrocyte and plasticity programs instantiated for the CPU executor.
#include "cpu/cpu_network.hpp"

#include "engine/network_engine_impl.hpp"

template class tribody::engine::astro_engine<tribody::cpu::cpu_executor>;
template class tribody::engine::plasticity_engine<tribody::cpu::cpu_executor>;
template class tribody::engine::network_engine<tribody::cpu::cpu_executor>;
