// One projection's CSR in device memory, built on the device.
#pragma once

#include <cuda_runtime.h>

#include "device_buffer.cuh"
#include "device_types.cuh"
#include "plan/network_plan.hpp"

namespace tribody::cuda {

struct device_csr {
  device_buffer<unsigned long long> row_ptr;
  device_buffer<unsigned> col;
  device_buffer<unsigned short> delay;
  device_buffer<float> weight;
  unsigned long long synapses = 0;
  double mean_row = 0.0;
  unsigned long long max_row = 0;

  kern::csr_view view(const plan::projection_plan& p) const;
  std::uint64_t bytes() const { return row_ptr.bytes() + col.bytes() + delay.bytes() + weight.bytes(); }
};

// Builds one projection's CSR on the device, identical to the CPU's.
device_csr build_device_csr(const plan::projection_plan& p, double dt, cudaStream_t stream);
// Device bytes the construction of one projection needs beyond its CSR.
double construction_scratch_bytes(const plan::projection_plan& p);

}  // namespace tribody::cuda
