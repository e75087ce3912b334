// The kernels of one step, each fused over all populations, projections,
// stimuli or recorders so a step is four launches whatever the model:
//   update   -> every neuron runs kern::neuron_step<Model>; spikes are
//               compacted per block (one atomic per block) and recorded;
//   deliver  -> every spike's row goes through kern::deliver_range with
//               64-bit integer atomics (order-independent sums);
//   stimulus -> Poisson input (kern::poisson_delivery) and spike_times events;
//   record   -> state samples of the step, if any are due.
// Kernels read the step from device memory (`base` + their offset in the
// epoch), so an epoch of steps is captured once and replayed as a graph.
#include <cub/block/block_scan.cuh>

#include "cuda_backend.cuh"
#include "engine/launch_geometry.hpp"
#include "tribody/kernels/neuron_step.hpp"

namespace tribody::cuda {
namespace {

struct atomic_adder {
  __device__ void operator()(kern::fixed_t* at, kern::fixed_t v) const {
    atomicAdd(reinterpret_cast<unsigned long long*>(at), static_cast<unsigned long long>(v));
  }
};

template <class Model>
__device__ int step_neuron(const pop_desc& P, const typename Model::params& prm, unsigned i, long long step,
                           unsigned long long seed) {
  kern::neuron_step<Model> f;
  f.p = prm;
  f.s = P.state;
  const int slot = static_cast<int>(step % P.ring.len);
  for (int k = 0; k < Model::n_ports; ++k) f.port[k] = P.ring.slot(k, slot);
  f.i_ext = P.i_ext;
  f.i_slow = P.i_slow;
  f.ctx.step = step;
  f.ctx.seed = seed;
  f.ctx.gid0 = P.gid0;
  return f(i);
}

__device__ int step_any(const pop_desc& P, unsigned i, long long step, unsigned long long seed) {
  return kern::dispatch_model<kern::neuron_model_list>(P.model, [&](auto* model) {
    using M = std::remove_pointer_t<decltype(model)>;
    return step_neuron<M>(P, *reinterpret_cast<const typename M::params*>(P.params.bytes), i, step, seed);
  });
}

__global__ void __launch_bounds__(block_size) update_kernel(const pop_desc* pops, int n_pops, const long long* base,
                                                            int offset, unsigned long long seed) {
  using scan_t = cub::BlockScan<int, block_size>;
  __shared__ typename scan_t::TempStorage scan_tmp;
  __shared__ int pop_sh;
  __shared__ unsigned spike_base, rec_base;
  const long long step = *base + offset;
  const int parity = static_cast<int>(step & 1);
  if (threadIdx.x == 0) {
    int p = 0;
    while (p + 1 < n_pops && blockIdx.x >= pops[p + 1].block_begin) ++p;
    pop_sh = p;
  }
  __syncthreads();
  const pop_desc& P = pops[pop_sh];
  const unsigned i = (blockIdx.x - P.block_begin) * block_size + threadIdx.x;
  // The next step's counter is free again: the previous delivery has run.
  if (blockIdx.x == P.block_begin && threadIdx.x == 0) P.count[parity ^ 1] = 0;
  const int out = i < P.n ? step_any(P, i, step, seed) : 0;
  const int spiked = (out & kern::step_spiked) ? 1 : 0;
  int pos = 0, total = 0;
  scan_t(scan_tmp).ExclusiveSum(spiked, pos, total);
  if (threadIdx.x == 0 && total > 0) {
    spike_base = atomicAdd(P.count + parity, static_cast<unsigned>(total));
    atomicAdd(P.total, static_cast<unsigned long long>(total));
    if (P.recorded) rec_base = static_cast<unsigned>(atomicAdd(P.rec_count, static_cast<unsigned long long>(total)));
  }
  __syncthreads();
  if (spiked) {
    P.spikes[spike_base + pos] = i;
    if (P.recorded) {
      P.rec_id[rec_base + pos] = i;
      P.rec_step[rec_base + pos] = step;
    }
  }
  if (out & kern::step_nonfinite) atomicMin(P.bad, (static_cast<unsigned long long>(step) << 32) | i);
}

template <kern::delay_layout L>
__device__ void deliver_rows(const proj_desc& D, int slot, unsigned long long b, unsigned long long e, int stride) {
  atomic_adder add;
  for (unsigned long long s = b; s < e; s += stride) kern::deliver_range<L>(D.csr, D.ring, slot, s, s + 1, add);
}

template <kern::delay_layout L>
__device__ void deliver_dynamic_rows(const proj_desc& D, int slot, unsigned long long b, unsigned long long e, int stride,
                                     long long step) {
  atomic_adder add, astro_add;
  const int m = static_cast<int>(step % D.slow_steps);
  for (unsigned long long s = b; s < e; s += stride) {
    kern::deliver_dynamic_range<L>(D.csr, D.ring, slot, s, s + 1, add, D.dyn, step, m, astro_add);
  }
}

__device__ void deliver_span(const proj_desc& D, int slot, unsigned long long b, unsigned long long e, int stride,
                             long long step) {
  if (D.dynamic) {
    switch (D.layout) {
      case kern::delay_layout::constant: deliver_dynamic_rows<kern::delay_layout::constant>(D, slot, b, e, stride, step); break;
      case kern::delay_layout::packed: deliver_dynamic_rows<kern::delay_layout::packed>(D, slot, b, e, stride, step); break;
      case kern::delay_layout::array: deliver_dynamic_rows<kern::delay_layout::array>(D, slot, b, e, stride, step); break;
    }
    return;
  }
  switch (D.layout) {
    case kern::delay_layout::constant: deliver_rows<kern::delay_layout::constant>(D, slot, b, e, stride); break;
    case kern::delay_layout::packed: deliver_rows<kern::delay_layout::packed>(D, slot, b, e, stride); break;
    case kern::delay_layout::array: deliver_rows<kern::delay_layout::array>(D, slot, b, e, stride); break;
  }
}

// Warp tasks: per projection either ceil(spikes / 32) tasks of one spike per
// lane (short rows), or spikes * chunks tasks of one row chunk per warp.
__global__ void __launch_bounds__(block_size) deliver_kernel(const proj_desc* projs, int n_proj,
                                                             const pop_desc* pops, const long long* base, int offset) {
  __shared__ unsigned long long task_end[max_fused];
  const long long step = *base + offset;
  const int parity = static_cast<int>(step & 1);
  if (threadIdx.x == 0) {
    unsigned long long acc = 0;
    for (int j = 0; j < n_proj; ++j) {
      const unsigned c = pops[projs[j].source].count[parity];
      acc += projs[j].per_thread ? (c + 31ULL) / 32 : static_cast<unsigned long long>(c) * projs[j].chunks;
      task_end[j] = acc;
    }
  }
  __syncthreads();
  const unsigned long long total = task_end[n_proj - 1];
  const unsigned lane = threadIdx.x & 31;
  const unsigned long long n_warps = static_cast<unsigned long long>(gridDim.x) * (block_size / 32);
  int j = 0;
  for (unsigned long long t = (blockIdx.x * static_cast<unsigned long long>(block_size) + threadIdx.x) / 32;
       t < total; t += n_warps) {
    while (t >= task_end[j]) ++j;
    const unsigned long long local = t - (j ? task_end[j - 1] : 0);
    const proj_desc& D = projs[j];
    const pop_desc& S = pops[D.source];
    const int slot = static_cast<int>(step % D.ring.len);
    if (D.per_thread) {
      const unsigned long long k = local * 32 + lane;
      if (k < S.count[parity]) {
        const unsigned row = S.spikes[k];
        deliver_span(D, slot, D.csr.row_ptr[row], D.csr.row_ptr[row + 1], 1, step);
      }
    } else {
      const unsigned row = S.spikes[local / D.chunks];
      const unsigned long long b = D.csr.row_ptr[row] + (local % D.chunks) * row_chunk;
      const unsigned long long e = min(b + row_chunk, D.csr.row_ptr[row + 1]);
      deliver_span(D, slot, b + lane, e, 32, step);
    }
  }
}

// Binary search in ascending steps: the first index with steps[i] >= step.
__device__ unsigned long long first_at_or_after(const long long* steps, unsigned long long n, long long step) {
  unsigned long long lo = 0, hi = n;
  while (lo < hi) {
    const unsigned long long mid = (lo + hi) / 2;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Thread tasks: every target of every active Poisson stimulus, then every
// spike_times event emitted in this step.
__global__ void __launch_bounds__(block_size) stimulus_kernel(const poisson_desc* ps, int n_ps,
                                                              const spike_times_desc* st, int n_st,
                                                              const long long* base, int offset) {
  __shared__ unsigned long long task_end[2 * max_fused];
  __shared__ unsigned long long first_event[max_fused];
  const long long step = *base + offset;
  if (threadIdx.x == 0) {
    unsigned long long acc = 0;
    for (int j = 0; j < n_ps; ++j) {
      if (step >= ps[j].start_step && step < ps[j].stop_step && ps[j].in.n_chunks > 0) acc += ps[j].n_targets;
      task_end[j] = acc;
    }
    for (int j = 0; j < n_st; ++j) {
      // Events of this step: [first event >= step, first event > step).
      const unsigned long long lo = first_at_or_after(st[j].step, st[j].n_events, step);
      const unsigned long long end = first_at_or_after(st[j].step, st[j].n_events, step + 1);
      first_event[j] = lo;
      acc += end - lo;
      task_end[n_ps + j] = acc;
    }
  }
  __syncthreads();
  const int n = n_ps + n_st;
  if (n == 0) return;
  const unsigned long long total = task_end[n - 1];
  int j = 0;
  for (unsigned long long t = blockIdx.x * static_cast<unsigned long long>(block_size) + threadIdx.x; t < total;
       t += static_cast<unsigned long long>(gridDim.x) * block_size) {
    while (t >= task_end[j]) ++j;
    const unsigned long long k = t - (j ? task_end[j - 1] : 0);
    atomic_adder add;
    if (j < n_ps) {
      const poisson_desc& P = ps[j];
      kern::poisson_delivery f;
      f.in = P.in;
      f.node_ids = P.node_ids;
      f.gid0 = P.gid0;
      f.value = P.value;
      f.step = step;
      const unsigned node = f.node(k);
      const kern::fixed_t amount = f.amount(node);
      if (amount != 0) add(P.ring.slot(P.port, P.ring.slot_after(step, P.delay)) + node, amount);
    } else {
      const spike_times_desc& S = st[j - n_ps];
      const unsigned node = S.node[first_event[j - n_ps] + k];
      add(S.ring.slot(S.port, S.ring.slot_after(step, S.delay)) + node, S.value);
    }
  }
}

// Recorders r = blockIdx.y, blockIdx.y + gridDim.y, ... (any number of
// them). Sample g = (step + 1) / interval when it divides.
__global__ void record_state_kernel(const state_rec_desc* rs, int n_rec, const long long* base, int offset) {
  for (int r = blockIdx.y; r < n_rec; r += gridDim.y) {
    const state_rec_desc& R = rs[r];
    const long long t = *base + offset + 1;
    if (t % R.interval != 0) continue;
    const unsigned long long g = static_cast<unsigned long long>(t / R.interval);
    double* out = R.buffer + (g % R.capacity) * R.n_nodes * R.n_vars;
    const kern::soa_state& s = R.state;
    const unsigned long long n = static_cast<unsigned long long>(R.n_nodes) * R.n_vars;
    for (unsigned long long k = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; k < n;
         k += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
      out[k] = s.v[R.vars[k % R.n_vars]][R.nodes[k / R.n_vars]];
    }
  }
}

// Blocks of the state-recording kernel: 8 per recorder, at most 65535 in y.
dim3 record_grid(int n_rec) { return dim3(8, static_cast<unsigned>(std::min(n_rec, 65535))); }

__global__ void advance_kernel(long long* base, int n) { *base += n; }

// The fused step kernels stride over whatever a step brings: 4096 blocks fill the device.
unsigned grid_for(unsigned long long work) { return std::min(engine::blocks_for(work, block_size), 4096u); }

}  // namespace

void cuda_backend::record_initial() {
  const int n_rec = static_cast<int>(state_desc_.size());
  if (n_rec == 0) return;
  record_state_kernel<<<record_grid(n_rec), block_size, 0, stream_>>>(state_desc_.data(), n_rec, step_counter_.data(), 0);
  TB_CUDA_LAUNCHED("record_state_kernel");
}

void cuda_backend::launch_steps(int n, long long first_step) {
  const auto& P = *plan_;
  const long long* base = step_counter_.data();
  const int n_proj = static_cast<int>(proj_desc_.size());
  const int n_ps = static_cast<int>(poisson_desc_.size());
  const int n_st = static_cast<int>(spike_times_desc_.size());
  const int n_rec = static_cast<int>(state_desc_.size());
  // Enough warps for the largest population's worth of spikes; the kernels
  // stride over whatever the step brings.
  const unsigned deliver_grid = grid_for(32ULL * std::max<unsigned long long>(1, P.total_neurons() / 8));
  const unsigned stim_grid = grid_for(P.total_neurons());
  for (int k = 0; k < n; ++k) {
    update_kernel<<<update_blocks_, block_size, 0, stream_>>>(pop_desc_.data(), static_cast<int>(pops_.size()), base,
                                                              k, P.seed);
    TB_CUDA_LAUNCHED("update_kernel");
    for (int j = 0; j < n_proj; j += max_fused) {
      deliver_kernel<<<deliver_grid, block_size, 0, stream_>>>(proj_desc_.data() + j, std::min(max_fused, n_proj - j),
                                                               pop_desc_.data(), base, k);
      TB_CUDA_LAUNCHED("deliver_kernel");
    }
    for (int j = 0; j < std::max(n_ps, n_st); j += max_fused) {
      const int a = std::max(0, std::min(max_fused, n_ps - j)), b = std::max(0, std::min(max_fused, n_st - j));
      stimulus_kernel<<<stim_grid, block_size, 0, stream_>>>(poisson_desc_.data() + std::min(j, n_ps), a,
                                                             spike_times_desc_.data() + std::min(j, n_st), b, base, k);
      TB_CUDA_LAUNCHED("stimulus_kernel");
    }
    if (!P.astrocytes.empty() && (first_step + k + 1) % P.slow_steps == 0) astro_.slow_step({base, k});
    if (n_rec > 0) {
      record_state_kernel<<<record_grid(n_rec), block_size, 0, stream_>>>(state_desc_.data(), n_rec, base, k);
      TB_CUDA_LAUNCHED("record_state_kernel");
    }
  }
  advance_kernel<<<1, 1, 0, stream_>>>(step_counter_.data(), n);
  TB_CUDA_LAUNCHED("advance_kernel");
}

}  // namespace tribody::cuda
