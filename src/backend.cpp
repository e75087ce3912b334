#include "backend.hpp"

#include "cpu/cpu_backend.hpp"
#include "sim/system_info.hpp"
#include "tribody/errors.hpp"

#if defined(TRIBODY_HAVE_CUDA)
#include "cuda_backend_api.hpp"
#endif

namespace tribody {

std::vector<backend_info> backends() {
  std::vector<backend_info> out;
  out.push_back({"cpu", true, std::to_string(hardware_threads()) + " hardware threads"});
#if defined(TRIBODY_HAVE_CUDA)
  out.push_back({"cuda", true, cuda::describe_devices()});
#else
  out.push_back({"cuda", false, "not compiled in (build with nvcc and -DTRIBODY_CUDA=auto|on)"});
#endif
  return out;
}

bool backend_usable(const std::string& name, std::string* why) {
  if (name == "cpu") return true;
#if defined(TRIBODY_HAVE_CUDA)
  if (name == "cuda") {
    if (cuda::device_available()) return true;
    if (why != nullptr) *why = cuda::describe_devices();
    return false;
  }
#endif
  if (why != nullptr) *why = "backend '" + name + "' is not compiled into this build";
  return false;
}

std::unique_ptr<backend> make_backend(const std::string& name, int threads) {
  if (name == "cpu") return std::make_unique<cpu::cpu_backend>(threads);
  if (name == "cuda") {
#if defined(TRIBODY_HAVE_CUDA)
    return cuda::make_cuda_backend();
#else
    throw backend_unavailable(
        "the cuda backend is not compiled into this build of tribody (nvcc was not found or "
        "TRIBODY_CUDA=off); rebuild with the CUDA toolkit, or use --backend cpu");
#endif
  }
  throw usage_error("unknown backend '" + name + "'; expected cpu or cuda");
}

}  // namespace tribody
