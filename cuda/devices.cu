// Device detection and the backend factory. Any CUDA error while looking
// for a device (no driver, no device, driver too old) means "no device".
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "cuda_backend.cuh"
#include "cuda_backend_api.hpp"

namespace tribody::cuda {

namespace {
thread_local std::vector<std::string>* launch_log = nullptr;
}  // namespace

void log_launches(std::vector<std::string>* log) { launch_log = log; }

void check_launch(const char* kernel, const char* file, int line) {
  if (launch_log != nullptr && std::find(launch_log->begin(), launch_log->end(), kernel) == launch_log->end()) {
    launch_log->push_back(kernel);
  }
  check(cudaGetLastError(), (std::string("launch of kernel ") + kernel).c_str(), file, line);
  static const bool sync = [] {
    const char* s = std::getenv("TRIBODY_CUDA_SYNC");
    return s != nullptr && std::string(s) == "1";
  }();
  if (sync) check(cudaDeviceSynchronize(), (std::string("kernel ") + kernel).c_str(), file, line);
}

namespace {

int device_count(std::string* why) {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    if (why != nullptr) *why = cudaGetErrorString(e);
    return 0;
  }
  if (n == 0 && why != nullptr) *why = "no CUDA device found";
  return n;
}

}  // namespace

bool device_available() { return device_count(nullptr) > 0; }

std::string describe_devices() {
  std::string why;
  const int n = device_count(&why);
  if (n == 0) return "compiled for sm_90, but no usable device: " + why;
  std::ostringstream s;
  s << n << " device(s):";
  for (int d = 0; d < n; ++d) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, d) != cudaSuccess) {
      cudaGetLastError();
      continue;
    }
    s << " [" << d << "] " << p.name << " (sm_" << p.major << p.minor << ", "
      << p.totalGlobalMem / (1024.0 * 1024.0 * 1024.0) << " GiB)";
  }
  return s.str();
}

std::unique_ptr<backend> make_cuda_backend() {
  std::string why;
  if (device_count(&why) == 0) {
    throw backend_unavailable("--backend cuda: this build has the CUDA backend but no device can be used here (" +
                              why + "); use --backend cpu");
  }
  return std::make_unique<cuda_backend>();
}

}  // namespace tribody::cuda
