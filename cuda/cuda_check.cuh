// Every CUDA call is checked; a failure names the call, file and line.
// TRIBODY_CUDA_SYNC=1 in the environment synchronises after every kernel so
// an asynchronous fault is reported at the kernel that caused it.
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "tribody/errors.hpp"

namespace tribody::cuda {

inline void check(cudaError_t e, const char* what, const char* file, int line) {
  if (e == cudaSuccess) return;
  cudaGetLastError();  // clear a non-sticky error so later calls are not blamed
  throw error(std::string("CUDA error: ") + cudaGetErrorString(e) + " (" + cudaGetErrorName(e) + ") in " + what +
              " at " + file + ":" + std::to_string(line));
}

// Checks a kernel launch (and, in sync mode, its execution).
void check_launch(const char* kernel, const char* file, int line);
// While set, the names of launched kernels are added to *log (once each):
// a fault inside a graph surfaces at the next synchronisation, and the
// graph's kernels are what the error can name.
void log_launches(std::vector<std::string>* log);

}  // namespace tribody::cuda

#define TB_CUDA_CHECK(call) ::tribody::cuda::check((call), #call, __FILE__, __LINE__)
#define TB_CUDA_LAUNCHED(name) ::tribody::cuda::check_launch(name, __FILE__, __LINE__)
