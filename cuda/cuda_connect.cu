// Connectivity built on the device from the same generators as the CPU
// (kern::visit_unit, kern::synapse_gen), into the same CSR layout:
//  - rules with source rows as units: row lengths (fixed, or counted by a
//    first pass), a scan, then each row written by its own thread;
//  - rules with target columns or draw chunks as units: synapses generated
//    unit-major, then stably radix-sorted by source, so each row keeps the
//    (unit, k) order the CPU produces;
//  - rows that generators leave unsorted are sorted by kern::row_order,
//    as on the CPU.
#include <cub/cub.cuh>

#include <algorithm>

#include "cuda_backend.cuh"
#include "cuda_executor.cuh"
#include "engine/launch_geometry.hpp"

namespace tribody::cuda {
namespace {

constexpr unsigned empty_slot = 0xffffffffu;
// Device memory the per-thread hash sets of Floyd sampling may use.
constexpr double scratch_budget = 1024.0 * 1024.0 * 1024.0;

// Open-addressing set for one thread (Floyd sampling without multapses).
struct device_set {
  unsigned* table;
  unsigned mask;
  __device__ bool insert(unsigned x) {
    unsigned h = (x * 2654435761u) & mask;
    for (;;) {
      const unsigned cur = table[h];
      if (cur == empty_slot) {
        table[h] = x;
        return true;
      }
      if (cur == x) return false;
      h = (h + 1) & mask;
    }
  }
  __device__ void clear() {
    for (unsigned i = 0; i <= mask; ++i) table[i] = empty_slot;
  }
};

bool samples_distinct(const kern::connect_rule& r) {
  return !r.multapses && (r.kind == kern::rule_kind::fixed_indegree || r.kind == kern::rule_kind::fixed_outdegree);
}

// Per-thread sets index with 32 bits: draws of more than 2^30 distinct
// values per unit are refused (no network needs them).
unsigned set_capacity(const kern::connect_rule& r) {
  const unsigned long long cap = engine::hash_set_capacity(r.n);
  if (cap > (1ULL << 31)) {
    throw capacity_error("the cuda backend draws at most 2^30 distinct synapses per neuron without multapses (got " +
                         std::to_string(r.n) + "); allow multapses or use the cpu backend");
  }
  return static_cast<unsigned>(cap);
}

// Threads for a unit-visiting kernel: all units, unless per-thread scratch
// limits how many may run at once.
unsigned long long visit_threads(const kern::connect_rule& r, unsigned long long units) {
  if (!samples_distinct(r)) return std::max(1ULL, units);
  const double per_thread = 4.0 * (set_capacity(r) + static_cast<double>(r.n));
  const auto limit = static_cast<unsigned long long>(std::max(1.0, scratch_budget / per_thread));
  return std::max(1ULL, std::min(units, limit));
}

unsigned blocks_for(unsigned long long threads) { return engine::blocks_for(threads, block_size); }

// Visits units tid, tid + T, ... with the emitter emit_for(unit).
template <class EmitFor>
__global__ void visit_units(kern::connect_rule r, unsigned long long n_units, unsigned* scratch, unsigned cap,
                            EmitFor emit_for) {
  const unsigned long long tid = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x;
  const unsigned long long n_threads = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  unsigned* mine = scratch != nullptr ? scratch + tid * (cap + r.n) : nullptr;
  device_set set{mine, cap - 1};
  for (unsigned long long u = tid; u < n_units; u += n_threads) {
    if (mine != nullptr) set.clear();
    auto emit = emit_for(u);
    kern::visit_unit(r, u, emit, set, mine != nullptr ? mine + cap : nullptr);
  }
}

struct row_counter {
  unsigned long long* row_len;
  struct emitter {
    unsigned long long* out;
    __device__ void operator()(unsigned, unsigned, unsigned long long, unsigned long long) { ++*out; }
  };
  __device__ emitter operator()(unsigned long long unit) const { return {row_len + unit}; }
};

struct row_writer {
  const unsigned long long* row_ptr;
  kern::synapse_gen gen;
  unsigned* col;
  unsigned short* delay;
  float* weight;
  __device__ row_writer operator()(unsigned long long) const { return *this; }
  __device__ void operator()(unsigned src, unsigned tgt, unsigned long long unit, unsigned long long k) {
    const unsigned long long pos = row_ptr[src] + k;
    gen.make(unit, k, tgt, col + pos, delay != nullptr ? delay + pos : nullptr, weight + pos);
  }
};

// Unit-major generation: synapse (unit, k) at unit_base(unit) + k.
struct column_writer {
  kern::connect_rule r;
  unsigned* src;
  unsigned* tgt;
  unsigned long long* counts;
  struct emitter {
    unsigned long long base;
    unsigned* src;
    unsigned* tgt;
    unsigned long long* counts;
    __device__ void operator()(unsigned s, unsigned t, unsigned long long, unsigned long long k) {
      src[base + k] = s;
      tgt[base + k] = t;
      atomicAdd(counts + s, 1ULL);
    }
  };
  __device__ emitter operator()(unsigned long long unit) const {
    const unsigned long long per_unit =
        r.kind == kern::rule_kind::fixed_indegree ? r.n : kern::total_number_chunk;
    return {unit * per_unit, src, tgt, counts};
  }
};

__global__ void uniform_row_ptr(unsigned long long* row_ptr, unsigned long long n_rows, unsigned long long len) {
  for (unsigned long long i = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; i <= n_rows;
       i += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
    row_ptr[i] = i * len;
  }
}

// Position i of the sorted order holds unit-major synapse perm[i].
__global__ void gather_columns(kern::connect_rule r, kern::synapse_gen gen, const unsigned long long* perm,
                               const unsigned* tgt, unsigned long long n, unsigned* col, unsigned short* delay,
                               float* weight) {
  const unsigned long long per_unit = r.kind == kern::rule_kind::fixed_indegree ? r.n : kern::total_number_chunk;
  for (unsigned long long i = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
    const unsigned long long pos = perm[i];
    gen.make(pos / per_unit, pos % per_unit, tgt[pos], col + i, delay != nullptr ? delay + i : nullptr, weight + i);
  }
}

__global__ void longest_row(const unsigned long long* row_ptr, unsigned long long n_rows, unsigned long long* out) {
  unsigned long long best = 0;
  for (unsigned long long i = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; i < n_rows;
       i += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
    best = max(best, row_ptr[i + 1] - row_ptr[i]);
  }
  atomicMax(out, best);
}

// Rows of rules whose generators do not emit them sorted (kern::row_order).
__global__ void sort_rows(kern::row_order order, const unsigned long long* row_ptr, unsigned long long n_rows) {
  for (unsigned long long i = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; i < n_rows;
       i += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
    order.sort(row_ptr[i], row_ptr[i + 1]);
  }
}

__global__ void iota(unsigned long long* v, unsigned long long n) {
  for (unsigned long long i = blockIdx.x * static_cast<unsigned long long>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<unsigned long long>(gridDim.x) * blockDim.x) {
    v[i] = i;
  }
}

void allocate_csr(device_csr& c, const plan::projection_plan& p, unsigned long long n) {
  c.synapses = n;
  c.col.resize(n);
  c.weight.resize(n);
  if (!p.constant_delay && !p.pack_delay) c.delay.resize(n);
}

// Exclusive scan of row lengths into row_ptr (row_ptr[0] = 0).
void scan_rows(const device_buffer<unsigned long long>& len, device_buffer<unsigned long long>& row_ptr,
               cudaStream_t s) {
  const unsigned long long n = len.size();
  row_ptr.resize(n + 1);
  TB_CUDA_CHECK(cudaMemsetAsync(row_ptr.data(), 0, sizeof(unsigned long long), s));
  std::size_t temp_bytes = 0;
  TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(nullptr, temp_bytes, len.data(), row_ptr.data() + 1, n, s));
  stream_temp temp(temp_bytes, s);
  TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(temp.data(), temp_bytes, len.data(), row_ptr.data() + 1, n, s));
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
}

// Per-thread scratch for every thread the visiting kernel launches (the
// thread count rounded up to whole blocks).
device_buffer<unsigned> make_scratch(const kern::connect_rule& r, unsigned long long threads, unsigned& cap) {
  device_buffer<unsigned> s;
  cap = 0;
  if (samples_distinct(r)) {
    cap = set_capacity(r);
    const unsigned long long launched = static_cast<unsigned long long>(blocks_for(threads)) * block_size;
    s.resize(launched * (cap + r.n));
  }
  return s;
}

void build_rows(const plan::projection_plan& p, double dt, cudaStream_t s, device_csr& c) {
  const auto& r = p.rule;
  const unsigned long long units = r.n_src;
  const unsigned long long threads = visit_threads(r, units);
  unsigned cap = 0;
  device_buffer<unsigned> scratch = make_scratch(r, threads, cap);
  if (r.fixed_unit_size(0) >= 0) {
    c.row_ptr.resize(units + 1);
    uniform_row_ptr<<<blocks_for(units + 1), block_size, 0, s>>>(c.row_ptr.data(), units,
                                                                 static_cast<unsigned long long>(r.fixed_unit_size(0)));
    TB_CUDA_LAUNCHED("uniform_row_ptr");
  } else {
    device_buffer<unsigned long long> len(units);
    len.zero(s);
    visit_units<<<blocks_for(threads), block_size, 0, s>>>(r, units, scratch.data(), cap, row_counter{len.data()});
    TB_CUDA_LAUNCHED("visit_units<row_counter>");
    scan_rows(len, c.row_ptr, s);
  }
  allocate_csr(c, p, c.row_ptr.back(s));
  const row_writer w{c.row_ptr.data(), p.generator(dt), c.col.data(),
                     c.delay.size() ? c.delay.data() : nullptr, c.weight.data()};
  visit_units<<<blocks_for(threads), block_size, 0, s>>>(r, units, scratch.data(), cap, w);
  TB_CUDA_LAUNCHED("visit_units<row_writer>");
}

void build_columns(const plan::projection_plan& p, double dt, cudaStream_t s, device_csr& c) {
  const auto& r = p.rule;
  const unsigned long long units = r.n_units();
  const unsigned long long per_unit = r.kind == kern::rule_kind::fixed_indegree ? r.n : kern::total_number_chunk;
  const unsigned long long total = r.kind == kern::rule_kind::fixed_indegree ? r.n * r.n_tgt : r.n;
  const unsigned long long slots = units * per_unit;  // unit-major positions (last chunk may be short)
  device_buffer<unsigned> src(slots), tgt(slots);
  device_buffer<unsigned long long> counts(r.n_src);
  counts.zero(s);
  const unsigned long long threads = visit_threads(r, units);
  unsigned cap = 0;
  {
    device_buffer<unsigned> scratch = make_scratch(r, threads, cap);
    visit_units<<<blocks_for(threads), block_size, 0, s>>>(r, units, scratch.data(), cap,
                                                          column_writer{r, src.data(), tgt.data(), counts.data()});
    TB_CUDA_LAUNCHED("visit_units<column_writer>");
  }
  scan_rows(counts, c.row_ptr, s);
  // Stable sort of positions by source keeps the unit-major order in each row.
  device_buffer<unsigned long long> perm_in(total), perm_out(total);
  device_buffer<unsigned> keys_out(total);
  iota<<<blocks_for(total), block_size, 0, s>>>(perm_in.data(), total);
  TB_CUDA_LAUNCHED("iota");
  unsigned end_bit = 1;
  while (end_bit < 32 && (1ULL << end_bit) < r.n_src) ++end_bit;
  std::size_t temp_bytes = 0;
  TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, temp_bytes, src.data(), keys_out.data(), perm_in.data(),
                                                perm_out.data(), total, 0, static_cast<int>(end_bit), s));
  {
    stream_temp temp(temp_bytes, s);
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), temp_bytes, src.data(), keys_out.data(),
                                                  perm_in.data(), perm_out.data(), total, 0,
                                                  static_cast<int>(end_bit), s));
  }
  allocate_csr(c, p, total);
  gather_columns<<<blocks_for(total), block_size, 0, s>>>(r, p.generator(dt), perm_out.data(), tgt.data(), total,
                                                          c.col.data(), c.delay.size() ? c.delay.data() : nullptr,
                                                          c.weight.data());
  TB_CUDA_LAUNCHED("gather_columns");
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
}

}  // namespace

double construction_scratch_bytes(const plan::projection_plan& p) {
  const auto& r = p.rule;
  double scratch = 0.0;
  if (samples_distinct(r)) {
    scratch = 4.0 * (set_capacity(r) + static_cast<double>(r.n)) * static_cast<double>(visit_threads(r, r.n_units()));
  }
  if (r.unit_is_source()) return scratch + 8.0 * r.n_src;  // row lengths
  // src, tgt, keys (4 B each), two permutations (8 B each), radix temp (about one more key array)
  return scratch + 8.0 * r.n_src + p.expected_synapses * (4.0 + 4.0 + 4.0 + 16.0 + 8.0);
}

kern::csr_view device_csr::view(const plan::projection_plan& p) const {
  return p.view(row_ptr.data(), col.data(), delay.size() ? delay.data() : nullptr, weight.data());
}

device_csr build_device_csr(const plan::projection_plan& p, double dt, cudaStream_t s) {
  device_csr c;
  if (p.rule.unit_is_source()) build_rows(p, dt, s, c);
  else build_columns(p, dt, s, c);
  if (kern::rows_need_sorting(p.rule)) {
    const kern::row_order order{c.col.data(), c.delay.size() ? c.delay.data() : nullptr, c.weight.data(),
                                p.pack_delay ? ((1u << p.target_bits) - 1u) : 0xffffffffu};
    sort_rows<<<blocks_for(p.rule.n_src), block_size, 0, s>>>(order, c.row_ptr.data(), p.rule.n_src);
    TB_CUDA_LAUNCHED("sort_rows");
  }
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
  // Row statistics choose the delivery strategy.
  c.mean_row = p.rule.n_src ? static_cast<double>(c.synapses) / p.rule.n_src : 0.0;
  device_buffer<unsigned long long> longest(1);
  longest.zero(s);
  longest_row<<<std::min(blocks_for(p.rule.n_src), 1024u), block_size, 0, s>>>(c.row_ptr.data(), p.rule.n_src,
                                                                            longest.data());
  TB_CUDA_LAUNCHED("longest_row");
  c.max_row = longest.back(s);
  return c;
}

}  // namespace tribody::cuda
