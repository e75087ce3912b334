#include "sim/system_info.hpp"

#include <fstream>
#include <sstream>
#include <string>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tribody {

namespace {

// A "Key:   N kB" line of a /proc file, in bytes (0 if absent).
std::uint64_t proc_kb(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      std::istringstream s(line.substr(key.size()));
      std::uint64_t kb = 0;
      s >> kb;
      return kb * 1024;
    }
  }
  return 0;
}

}  // namespace

std::uint64_t available_memory_bytes() { return proc_kb("/proc/meminfo", "MemAvailable:"); }
std::uint64_t resident_bytes() { return proc_kb("/proc/self/status", "VmRSS:"); }
std::uint64_t peak_resident_bytes() { return proc_kb("/proc/self/status", "VmHWM:"); }

int hardware_threads() {
#if defined(_OPENMP)
  return omp_get_num_procs();
#else
  return 1;
#endif
}

}  // namespace tribody
