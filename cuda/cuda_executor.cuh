// The CUDA executor (src/engine/executor.hpp): device buffers, grid-stride
// kernels and CUB collectives on one stream. Nothing here synchronises the
// host except downloads, so the programs' slow step can be captured in a
// graph; CUB's temporary storage is stream-ordered (cudaMallocAsync), or
// reserved beforehand where a graph is captured.
#pragma once

#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_select.cuh>
#include <thrust/iterator/counting_iterator.h>

#include <memory>

#include "device_buffer.cuh"
#include "engine/executor.hpp"
#include "engine/launch_geometry.hpp"

namespace tribody::cuda {

using engine::ull;

constexpr unsigned executor_block = 256;

template <class F>
__global__ void __launch_bounds__(executor_block) for_each_kernel(ull n, F f) {
  for (ull i = blockIdx.x * static_cast<ull>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<ull>(gridDim.x) * blockDim.x) {
    f(i);
  }
}

struct iota_values {
  ull* v;
  __device__ void operator()(ull i) const { v[i] = i; }
};

// Temporary device memory freed in stream order, after the work that uses it.
class stream_temp {
 public:
  stream_temp(std::size_t bytes, cudaStream_t s) : s_(s) {
    if (bytes > 0) TB_CUDA_CHECK(cudaMallocAsync(&p_, bytes, s));
  }
  ~stream_temp() {
    if (p_ != nullptr) cudaFreeAsync(p_, s_);
  }
  stream_temp(const stream_temp&) = delete;
  stream_temp& operator=(const stream_temp&) = delete;
  void* data() const { return p_; }

 private:
  void* p_ = nullptr;
  cudaStream_t s_;
};

struct cuda_executor {
  template <class T>
  using array = device_buffer<T>;

  cudaStream_t stream = nullptr;
  // CUB space of select_flagged, reserved outside graph capture.
  std::shared_ptr<device_buffer<char>> select_space = std::make_shared<device_buffer<char>>();

  template <class F>
  void for_each(ull n, const F& f, const char* name) const {
    if (n == 0) return;
    for_each_kernel<<<engine::blocks_for(n, executor_block), executor_block, 0, stream>>>(n, f);
    TB_CUDA_LAUNCHED(name);
  }
  template <class F>
  void serial(F&& f) const {
    f();
  }

  template <class T>
  void resize(array<T>& a, std::size_t n) const {
    a.resize(n);
  }
  template <class T>
  void fill(array<T>& a, std::size_t n, const T& v) const {
    a.fill(n, v, stream);
  }
  template <class T>
  void upload(array<T>& a, const std::vector<T>& v) const {
    a.upload(v, stream);
  }
  template <class T>
  std::vector<T> download(const array<T>& a, std::size_t count, std::size_t offset = 0) const {
    return a.download(stream, count, offset);
  }
  template <class T>
  std::vector<T> download(const array<T>& a) const {
    return a.download(stream);
  }
  template <class T>
  T back(const array<T>& a) const {
    return a.back(stream);
  }

  template <class Key>
  void stable_sort_keys(const array<Key>& keys, ull n, int bits, array<ull>& perm, array<Key>& sorted) const {
    perm.resize(n);
    sorted.resize(n);
    if (n == 0) return;
    device_buffer<ull> index(n);
    for_each(n, iota_values{index.data()}, "iota");
    std::size_t bytes = 0;
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys.data(), sorted.data(), index.data(), perm.data(),
                                                  n, 0, bits, stream));
    stream_temp temp(bytes, stream);
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), bytes, keys.data(), sorted.data(), index.data(),
                                                  perm.data(), n, 0, bits, stream));
    TB_CUDA_CHECK(cudaStreamSynchronize(stream));  // index is freed on return
  }

  std::size_t select_bytes(ull n) const {
    std::size_t bytes = 0;
    TB_CUDA_CHECK(cub::DeviceSelect::Flagged(nullptr, bytes, thrust::counting_iterator<unsigned>(0),
                                             static_cast<const int*>(nullptr), static_cast<unsigned*>(nullptr),
                                             static_cast<ull*>(nullptr), n, stream));
    return bytes;
  }
  void reserve_select(ull n) const {
    const std::size_t bytes = select_bytes(n);
    if (bytes > select_space->size()) select_space->resize(bytes);
  }
  void select_flagged(const array<int>& flags, ull n, array<unsigned>& out, ull* count) const {
    std::size_t bytes = select_bytes(n);
    if (bytes > select_space->size()) throw error("internal error: select_flagged space was not reserved");
    bytes = select_space->size();
    TB_CUDA_CHECK(cub::DeviceSelect::Flagged(select_space->data(), bytes, thrust::counting_iterator<unsigned>(0),
                                             flags.data(), out.data(), count, n, stream));
  }
};

}  // namespace tribody::cuda
