// The CUDA backend as the host sees it; no CUDA headers here, so host
// translation units compile with g++ alone.
#pragma once

#include <memory>
#include <string>

#include "backend.hpp"

namespace tribody::cuda {

// "N device(s): ..." or why none can be used. Never throws: any CUDA error
// at detection (no driver, no device) means "no device".
std::string describe_devices();
bool device_available();

// Throws backend_unavailable when no device can be used.
std::unique_ptr<backend> make_cuda_backend();

}  // namespace tribody::cuda
