// Owning device arrays (cudaMalloc; no managed memory).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "cuda_check.cuh"

namespace tribody::cuda {

template <class T>
__global__ void fill_kernel(T* p, std::size_t n, T v) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    p[i] = v;
  }
}

template <class T>
class device_buffer {
 public:
  device_buffer() = default;
  explicit device_buffer(std::size_t n) { resize(n); }
  ~device_buffer() { release(); }
  device_buffer(const device_buffer&) = delete;
  device_buffer& operator=(const device_buffer&) = delete;
  device_buffer(device_buffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  device_buffer& operator=(device_buffer&& o) noexcept {
    if (this != &o) {
      release();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }

  // Reallocates (contents are lost) when the size changes.
  void resize(std::size_t n) {
    if (n == n_) return;
    release();
    if (n > 0) TB_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&p_), n * sizeof(T)));
    n_ = n;
  }
  // Every transfer names its stream: the backend's stream is non-blocking, so
  // the legacy default stream would not wait for kernels queued on it.
  void zero(cudaStream_t s) {
    if (n_ > 0) TB_CUDA_CHECK(cudaMemsetAsync(p_, 0, n_ * sizeof(T), s));
  }
  // Resizes to n and sets every element to v on the device.
  void fill(std::size_t n, const T& v, cudaStream_t s) {
    resize(n);
    if (n_ == 0) return;
    const std::size_t blocks = (n_ + 255) / 256;
    fill_kernel<<<static_cast<unsigned>(blocks < 4096 ? blocks : 4096), 256, 0, s>>>(p_, n_, v);
    TB_CUDA_CHECK(cudaGetLastError());
  }
  void upload(const std::vector<T>& v, cudaStream_t s) {
    resize(v.size());
    if (n_ > 0) TB_CUDA_CHECK(cudaMemcpyAsync(p_, v.data(), n_ * sizeof(T), cudaMemcpyHostToDevice, s));
  }
  // Copies `count` elements from `offset` once the work queued on s is done
  // (synchronises s).
  std::vector<T> download(cudaStream_t s, std::size_t count, std::size_t offset = 0) const {
    std::vector<T> v(count);
    if (count > 0) {
      TB_CUDA_CHECK(cudaMemcpyAsync(v.data(), p_ + offset, count * sizeof(T), cudaMemcpyDeviceToHost, s));
      TB_CUDA_CHECK(cudaStreamSynchronize(s));
    }
    return v;
  }
  std::vector<T> download(cudaStream_t s) const { return download(s, n_); }
  // The last element (a scan's total), after the work queued on s.
  T back(cudaStream_t s) const { return download(s, 1, n_ - 1)[0]; }

  T* data() { return p_; }
  const T* data() const { return p_; }
  std::size_t size() const { return n_; }
  std::size_t bytes() const { return n_ * sizeof(T); }

 private:
  void release() {
    if (p_ != nullptr) cudaFree(p_);
    p_ = nullptr;
    n_ = 0;
  }
  T* p_ = nullptr;
  std::size_t n_ = 0;
};

}  // namespace tribody::cuda
