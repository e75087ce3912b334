// The CUDA executor (src/engine/executor.hpp): device buffers, grid-stride
// kernels and CUB collectives on one stream. Nothing here synchronises the
// host except downloads, so the programs' slow step can be captured in a
// graph; CUB's temporary storage is stream-ordered (cudaMallocAsync), or
// reserved beforehand where a graph is captured.
#pragma once

#include <cub/block/block_scan.cuh>
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>
#include <cub/device/device_select.cuh>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "device_buffer.cuh"
#include "engine/executor.hpp"
#include "engine/launch_geometry.hpp"
#include "engine/step_kernels.hpp"

namespace tribody::cuda {

using engine::ull;

constexpr unsigned executor_block = 256;

// Grids of the step's kernels stride over their work: 4096 blocks fill the device.
constexpr unsigned max_step_blocks = 4096;
// Tasks one launch of the spike-row kernel holds in shared memory.
constexpr int max_fused_tasks = 128;

template <class F>
__global__ void __launch_bounds__(executor_block) for_each_kernel(ull n, F f) {
  const auto g = engine::bound(f);
  for (ull i = blockIdx.x * static_cast<ull>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<ull>(gridDim.x) * blockDim.x) {
    g(i);
  }
}

template <class F>
__global__ void __launch_bounds__(executor_block) for_each_upto_kernel(const ull* count, F f) {
  const ull n = *count;
  const auto g = engine::bound(f);
  for (ull i = blockIdx.x * static_cast<ull>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<ull>(gridDim.x) * blockDim.x) {
    g(i);
  }
}

// Selected indices are compacted per block (one atomic per block and pass):
// the order of blocks is not defined, and no program depends on it.
template <class F>
__global__ void __launch_bounds__(executor_block) select_kernel(ull n, F f, unsigned* out, ull* count) {
  using scan_t = cub::BlockScan<int, executor_block>;
  __shared__ typename scan_t::TempStorage scan_tmp;
  __shared__ ull base;
  const auto g = engine::bound(f);
  for (ull first = blockIdx.x * static_cast<ull>(executor_block); first < n;
       first += static_cast<ull>(gridDim.x) * executor_block) {
    const ull i = first + threadIdx.x;
    const int selected = (i < n && g(i)) ? 1 : 0;
    int pos = 0, total = 0;
    scan_t(scan_tmp).ExclusiveSum(selected, pos, total);
    if (threadIdx.x == 0 && total > 0) base = atomicAdd(count, static_cast<ull>(total));
    __syncthreads();
    if (selected) out[base + pos] = static_cast<unsigned>(i);
    __syncthreads();
  }
}

struct atomic_adder {
  __device__ void operator()(kern::fixed_t* at, kern::fixed_t v) const {
    atomicAdd(reinterpret_cast<ull*>(at), static_cast<ull>(v));
  }
};

// Warp tasks over tasks[first, first + n): per task either ceil(spikes / 32)
// tasks of one spike per lane (short rows), or spikes * chunks tasks of one
// row chunk per warp.
template <class Task, class Body>
__global__ void __launch_bounds__(executor_block) spike_rows_kernel(const Task* tasks, int first, int n, Body body) {
  __shared__ ull task_end[max_fused_tasks];
  if (threadIdx.x == 0) {
    ull acc = 0;
    for (int j = 0; j < n; ++j) {
      const Task& D = tasks[first + j];
      const ull c = *D.count;
      acc += D.per_thread ? (c + 31) / 32 : c * D.chunks;
      task_end[j] = acc;
    }
  }
  __syncthreads();
  const ull total = task_end[n - 1];
  const unsigned lane = threadIdx.x & 31;
  const ull n_warps = static_cast<ull>(gridDim.x) * (executor_block / 32);
  const auto g = engine::bound(body);
  atomic_adder add;
  int j = 0;
  for (ull t = (blockIdx.x * static_cast<ull>(executor_block) + threadIdx.x) / 32; t < total; t += n_warps) {
    while (t >= task_end[j]) ++j;
    const ull local = t - (j ? task_end[j - 1] : 0);
    const Task& D = tasks[first + j];
    if (D.per_thread) {
      const ull k = local * 32 + lane;
      if (k < *D.count) {
        const unsigned row = D.spikes[k];
        g(first + j, D.csr.row_ptr[row], D.csr.row_ptr[row + 1], add, add);
      }
    } else {
      const unsigned row = D.spikes[local / D.chunks];
      const ull b = D.csr.row_ptr[row] + (local % D.chunks) * engine::delivery_row_chunk;
      const ull e = min(b + engine::delivery_row_chunk, D.csr.row_ptr[row + 1]);
      for (ull s = b + lane; s < e; s += 32) g(first + j, s, s + 1, add, add);
    }
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

// Epochs as CUDA graphs, by (steps, slow-clock phase): the caller's chunk
// sizes repeat, so a few graphs cover a run. Past the cap, or with
// TRIBODY_CUDA_SYNC=1, an epoch is launched kernel by kernel.
class epoch_graphs {
 public:
  static constexpr std::size_t max_graphs = 16;
  using key = std::pair<int, long long>;
  epoch_graphs();
  ~epoch_graphs();
  epoch_graphs(const epoch_graphs&) = delete;
  epoch_graphs& operator=(const epoch_graphs&) = delete;
  void run(key k, cudaStream_t s, const std::function<void()>& enqueue);
  // Waits for the stream; a fault names the kernels of the epoch in flight.
  void sync(cudaStream_t s, const char* what) const;

 private:
  struct graph {
    cudaGraphExec_t exec;
    std::vector<std::string> kernels;  // what it launches, for errors
  };
  bool sync_each_kernel_ = false;
  std::map<key, graph> graphs_;
  std::vector<std::string> in_flight_;
};

struct cuda_executor {
  template <class T>
  using array = device_buffer<T>;
  static constexpr bool measures_phases = false;

  cudaStream_t stream = nullptr;
  // CUB space of select_flagged, reserved outside graph capture.
  std::shared_ptr<device_buffer<char>> select_space = std::make_shared<device_buffer<char>>();
  std::shared_ptr<epoch_graphs> epochs = std::make_shared<epoch_graphs>();

  template <class F>
  void for_each(ull n, const F& f, const char* name) const {
    if (n == 0) return;
    for_each_kernel<<<engine::blocks_for(n, executor_block), executor_block, 0, stream>>>(n, f);
    TB_CUDA_LAUNCHED(name);
  }
  template <class F>
  void for_each_upto(const ull* count, ull max, const F& f, const char* name) const {
    if (max == 0) return;
    const unsigned grid = std::min(engine::blocks_for(max, executor_block), max_step_blocks);
    for_each_upto_kernel<<<grid, executor_block, 0, stream>>>(count, f);
    TB_CUDA_LAUNCHED(name);
  }
  template <class F>
  void for_each_select(ull n, const F& f, unsigned* out, ull* count, const char* name) const {
    TB_CUDA_CHECK(cudaMemsetAsync(count, 0, sizeof(ull), stream));
    if (n == 0) return;
    const unsigned grid = std::min(engine::blocks_for(n, executor_block), max_step_blocks);
    select_kernel<<<grid, executor_block, 0, stream>>>(n, f, out, count);
    TB_CUDA_LAUNCHED(name);
  }
  // Enough warps for a spike of every eighth neuron of the sources; the
  // kernel strides over whatever the step brings.
  template <class Task, class Body>
  void for_each_spike_row(const array<Task>& tasks, const std::vector<Task>& host, const Body& body,
                          const char* name) const {
    ull sources = 0;
    for (const auto& t : host) sources += t.n_sources;
    const unsigned grid = std::min(engine::blocks_for(32 * std::max<ull>(1, sources / 8), executor_block), max_step_blocks);
    const int n = static_cast<int>(host.size());
    for (int j = 0; j < n; j += max_fused_tasks) {
      spike_rows_kernel<<<grid, executor_block, 0, stream>>>(tasks.data(), j, std::min(max_fused_tasks, n - j), body);
      TB_CUDA_LAUNCHED(name);
    }
  }
  template <class Enqueue>
  void run_epoch(epoch_graphs::key k, const Enqueue& enqueue) const {
    epochs->run(k, stream, enqueue);
  }
  void sync(const char* what) const { epochs->sync(stream, what); }
  void mark_time(double*) const {}
  // Stream order serialises the calls anyway.
  template <class F>
  void independent(const F& f) const {
    f();
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

  // Units of work that run at once: as many as there are (memory budgets
  // limit them where each needs scratch).
  ull concurrency() const { return 1ULL << 40; }
  // out[0] = 0, out[i + 1] = in[0] + ... + in[i] for i < n.
  void exclusive_scan(const array<ull>& in, ull n, array<ull>& out) const {
    out.resize(n + 1);
    TB_CUDA_CHECK(cudaMemsetAsync(out.data(), 0, sizeof(ull), stream));
    if (n == 0) return;
    std::size_t bytes = 0;
    TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(nullptr, bytes, in.data(), out.data() + 1, n, stream));
    stream_temp temp(bytes, stream);
    TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(temp.data(), bytes, in.data(), out.data() + 1, n, stream));
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
