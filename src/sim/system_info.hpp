// Facts about the machine the host runs on.
#pragma once

#include <cstdint>

namespace tribody {

// Memory the kernel reports as available (MemAvailable), or 0 if unknown.
std::uint64_t available_memory_bytes();
// This process's resident memory now (VmRSS) and at its peak (VmHWM), or 0.
std::uint64_t resident_bytes();
std::uint64_t peak_resident_bytes();
// Worker threads OpenMP would use by default (1 without OpenMP).
int hardware_threads();

}  // namespace tribody
