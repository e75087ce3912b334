// Facts about the machine the host runs on.
#pragma once

#include <cstdint>

namespace tribody {

// Memory the kernel reports as available (MemAvailable), or 0 if unknown.
std::uint64_t available_memory_bytes();
// Worker threads OpenMP would use by default (1 without OpenMP).
int hardware_threads();

}  // namespace tribody
