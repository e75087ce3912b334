#include <cub/cub.cuh>
#include <thrust/iterator/constant_iterator.h>

#include <cuda/std/functional>

#include <algorithm>
#include <limits>
#include <numeric>
#include <sstream>

#include "cuda_astro.cuh"
#include "recorded_events.cuh"
#include "plan/model_dispatch.hpp"
#include "tribody/errors.hpp"
#include "tribody/kernels/astro/astro_step.hpp"
#include "tribody/kernels/distribution.hpp"

namespace tribody::cuda {
namespace {

using ull = unsigned long long;

unsigned grid_of(ull n) { return static_cast<unsigned>(std::min<ull>(std::max<ull>(1, (n + block_size - 1) / block_size), 65535)); }

#define TB_GRID_STRIDE(i, n) for (ull i = blockIdx.x * static_cast<ull>(blockDim.x) + threadIdx.x; i < (n); i += static_cast<ull>(gridDim.x) * blockDim.x)

// The slow step that ends with fast step `step`, or -1 if none does.
__device__ long long slow_index(const long long* base, int offset, long long M) {
  const long long step = *base + offset;
  return (step + 1) % M == 0 ? (step + 1) / M - 1 : -1;
}

__global__ void init_astro_var(double* v, unsigned n, kern::value_dist d, kern::rng_key key, ull id0) {
  TB_GRID_STRIDE(i, n) {
    kern::stream_rng g(key, id0 + i);
    v[i] = kern::sample(d, g);
  }
}

__global__ void assign_astrocytes(kern::territory_rule rule, kern::csr_view v, ull n, unsigned* astro, ull* counts) {
  TB_GRID_STRIDE(s, n) {
    const unsigned a = rule.astro_of(s, v.target(s));
    astro[s] = a;
    if (a != kern::no_astrocyte) atomicAdd(counts + a, 1ULL);
  }
}

__global__ void mean_scale(const ull* ptr, ull n_astro, double* scale) {
  TB_GRID_STRIDE(a, n_astro) scale[a] = kern::mean_input_scale(ptr[a + 1] - ptr[a]);
}

__global__ void iota64(ull* v, ull n) {
  TB_GRID_STRIDE(i, n) v[i] = i;
}

__global__ void sic_keys(kern::csr_view v, const unsigned* astro, ull n, ull* keys) {
  TB_GRID_STRIDE(s, n) {
    keys[s] = astro[s] == kern::no_astrocyte ? ~0ULL : (static_cast<ull>(v.target(s)) << 32) | astro[s];
  }
}

__global__ void target_keys(kern::csr_view v, const unsigned* astro, ull n, unsigned* keys, ull* counts) {
  TB_GRID_STRIDE(s, n) {
    if (astro[s] == kern::no_astrocyte) {
      keys[s] = 0xffffffffu;
    } else {
      keys[s] = v.target(s);
      atomicAdd(counts + keys[s], 1ULL);
    }
  }
}

__global__ void split_pairs(const ull* unique, const unsigned* runs, const ull* n_runs, unsigned* astro, unsigned* count,
                            ull* per_target) {
  TB_GRID_STRIDE(k, *n_runs) {
    astro[k] = static_cast<unsigned>(unique[k] & 0xffffffffULL);
    count[k] = runs[k];
    atomicAdd(per_target + (unique[k] >> 32), 1ULL);
  }
}

struct gap_args {
  kern::gap_junction_flux flux;
  double* gap;
  unsigned n;
  bool assign;  // the first gap-junction set of its population
};

__global__ void gap_kernel(gap_args g, const long long* base, int offset, long long M) {
  if (slow_index(base, offset, M) < 0) return;
  TB_GRID_STRIDE(a, g.n) g.gap[a] = (g.assign ? 0.0 : g.gap[a]) + g.flux(static_cast<unsigned>(a));
}

struct release_buffer {
  ull* count;        // all releases since the last flush
  long long* step;   // recorded releases (or null)
  unsigned* id;
  ull* bad;          // min (step << 32 | astrocyte) of non-finite state
  const double* release_at;
  const double* modulator;  // per slow step, or null
};

template <class Model>
__global__ void astro_kernel(kern::astro_update<Model> f, unsigned n, release_buffer r, const long long* base, int offset,
                             long long M) {
  const long long k = slow_index(base, offset, M);
  if (k < 0) return;
  const long long step = *base + offset;
  if (r.modulator != nullptr) f.neuromodulator = r.modulator[k];
  TB_GRID_STRIDE(a, n) {
    const int flags = f(static_cast<unsigned>(a));
    if (flags & kern::astro_released) {
      const ull i = atomicAdd(r.count, 1ULL);
      if (r.step != nullptr) {
        r.step[i] = kern::release_step(step + 1 - M, r.release_at[a], M);
        r.id[i] = static_cast<unsigned>(a);
      }
    }
    if (flags & kern::astro_nonfinite) atomicMin(r.bad, (static_cast<ull>(step) << 32) | a);
  }
}

__global__ void release_broadcast(double* gamma, const double* glio, unsigned n, double O_G, double Omega_G, double h,
                                  const long long* base, int offset, long long M) {
  if (slow_index(base, offset, M) < 0) return;
  TB_GRID_STRIDE(a, n) gamma[a] = kern::receptor_step(gamma[a], glio[a], 1.0, O_G, Omega_G, h);
}

__global__ void release_local(kern::synapse_dynamics d, float* gamma, const double* glio, ull n, double O_G,
                              double Omega_G, double K, double h, const long long* base, int offset, long long M) {
  if (slow_index(base, offset, M) < 0) return;
  const long long step = *base + offset;
  TB_GRID_STRIDE(s, n) {
    const unsigned a = d.astro[s];
    if (a == kern::no_astrocyte) continue;
    gamma[s] = static_cast<float>(kern::receptor_step(gamma[s], glio[a], kern::local_factor(d, s, step, K), O_G, Omega_G, h));
  }
}

__device__ void fill_gate(double* gate, const double* calcium, unsigned n, double k, double theta) {
  TB_GRID_STRIDE(a, n) gate[a] = kern::plasticity_gate(calcium[a], k, theta);
}

// The gate of the initial state (as the CPU backend sets it at build).
__global__ void gate_initial(double* gate, const double* calcium, unsigned n, double k, double theta) {
  fill_gate(gate, calcium, n, k, theta);
}

__global__ void gate_kernel(double* gate, const double* calcium, unsigned n, double k, double theta, const long long* base,
                            int offset, long long M) {
  if (slow_index(base, offset, M) < 0) return;
  fill_gate(gate, calcium, n, k, theta);
}

__global__ void zero_kernel(double* v, unsigned n, const long long* base, int offset, long long M) {
  if (slow_index(base, offset, M) < 0) return;
  TB_GRID_STRIDE(i, n) v[i] = 0.0;
}

__global__ void sic_kernel(kern::sic_sum f, double* current, unsigned n_target, const long long* base, int offset,
                           long long M) {
  if (slow_index(base, offset, M) < 0) return;
  const long long step = *base + offset;
  TB_GRID_STRIDE(i, n_target) current[i] += f(static_cast<unsigned>(i), step);
}

void exclusive_scan(const device_buffer<ull>& counts, device_buffer<ull>& ptr, cudaStream_t s) {
  ptr.resize(counts.size() + 1);
  TB_CUDA_CHECK(cudaMemsetAsync(ptr.data(), 0, sizeof(ull), s));
  std::size_t bytes = 0;
  TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(nullptr, bytes, counts.data(), ptr.data() + 1, counts.size(), s));
  device_buffer<char> temp(bytes);
  TB_CUDA_CHECK(cub::DeviceScan::InclusiveSum(temp.data(), bytes, counts.data(), ptr.data() + 1, counts.size(), s));
}


}  // namespace

kern::soa_state cuda_astro::state(std::size_t a) {
  kern::soa_state s;
  for (std::size_t k = 0; k < astro_[a].vars.size(); ++k) s.v[k] = astro_[a].vars[k].data();
  return s;
}

void cuda_astro::build_territory(std::size_t j, const device_csr& c, cudaStream_t s) {
  const auto& pp = plan_->projections[j];
  auto& pr = proj_[j];
  auto rule = pp.tripartite.rule;
  pr.target_astro.upload(pp.tripartite.target_astro, s);
  rule.target_astro = pr.target_astro.size() ? pr.target_astro.data() : nullptr;
  const ull n = c.synapses;
  const ull n_astro = plan_->astrocytes[pp.tripartite.astrocytes].size;
  pr.astro.resize(n);
  device_buffer<ull> counts(n_astro);
  counts.zero(s);
  assign_astrocytes<<<grid_of(n), block_size, 0, s>>>(rule, c.view(pp), n, pr.astro.data(), counts.data());
  TB_CUDA_LAUNCHED("assign_astrocytes");
  exclusive_scan(counts, pr.astro_ptr, s);
  // Synapses sorted by astrocyte, stably: ascending within each astrocyte.
  device_buffer<ull> index(n), sorted(n);
  device_buffer<unsigned> keys_out(n);
  iota64<<<grid_of(n), block_size, 0, s>>>(index.data(), n);
  TB_CUDA_LAUNCHED("iota64");
  std::size_t bytes = 0;
  TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, pr.astro.data(), keys_out.data(), index.data(),
                                                sorted.data(), n, 0, 32, s));
  {
    device_buffer<char> temp(bytes);
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), bytes, pr.astro.data(), keys_out.data(), index.data(),
                                                  sorted.data(), n, 0, 32, s));
  }
  const ull tripartite = pr.astro_ptr.back(s);
  pr.astro_syn.resize(tripartite);
  if (tripartite) {
    TB_CUDA_CHECK(cudaMemcpyAsync(pr.astro_syn.data(), sorted.data(), tripartite * sizeof(ull), cudaMemcpyDeviceToDevice, s));
  }
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
}

void cuda_astro::build_sic(std::size_t j, const device_csr& c, cudaStream_t s) {
  const auto& pp = plan_->projections[j];
  auto& pr = proj_[j];
  const ull n = c.synapses;
  const ull n_tgt = plan_->populations[pp.target].size;
  const ull tripartite = pr.astro_ptr.back(s);
  device_buffer<ull> per_target(n_tgt);
  per_target.zero(s);
  std::size_t bytes = 0;
  if (pp.tripartite.pathways[pp.tripartite.sic].local) {
    // Synapses by target, stably (ascending within each target), as the CPU.
    device_buffer<unsigned> keys(n), keys_out(n);
    device_buffer<ull> index(n), sorted(n);
    target_keys<<<grid_of(n), block_size, 0, s>>>(c.view(pp), pr.astro.data(), n, keys.data(), per_target.data());
    TB_CUDA_LAUNCHED("target_keys");
    iota64<<<grid_of(n), block_size, 0, s>>>(index.data(), n);
    TB_CUDA_LAUNCHED("iota64");
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys.data(), keys_out.data(), index.data(),
                                                  sorted.data(), n, 0, 32, s));
    device_buffer<char> temp(bytes);
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), bytes, keys.data(), keys_out.data(), index.data(),
                                                  sorted.data(), n, 0, 32, s));
    pr.sic_syn.resize(tripartite);
    if (tripartite) {
      TB_CUDA_CHECK(cudaMemcpyAsync(pr.sic_syn.data(), sorted.data(), tripartite * sizeof(ull), cudaMemcpyDeviceToDevice, s));
    }
  } else {
    // (target, astrocyte) pairs, sorted, with their multiplicity.
    device_buffer<ull> keys(n), sorted(n), unique(tripartite);
    device_buffer<unsigned> runs(tripartite);
    device_buffer<ull> n_runs(1);
    sic_keys<<<grid_of(n), block_size, 0, s>>>(c.view(pp), pr.astro.data(), n, keys.data());
    TB_CUDA_LAUNCHED("sic_keys");
    TB_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(nullptr, bytes, keys.data(), sorted.data(), n, 0, 64, s));
    {
      device_buffer<char> temp(bytes);
      TB_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(temp.data(), bytes, keys.data(), sorted.data(), n, 0, 64, s));
    }
    bytes = 0;
    // Run lengths by ReduceByKey over ones: its item count is 64-bit, where
    // DeviceRunLengthEncode::Encode takes an int.
    const thrust::constant_iterator<unsigned> ones(1u);
    TB_CUDA_CHECK(cub::DeviceReduce::ReduceByKey(nullptr, bytes, sorted.data(), unique.data(), ones, runs.data(),
                                                 n_runs.data(), ::cuda::std::plus<unsigned>{}, tripartite, s));
    {
      device_buffer<char> temp(bytes);
      TB_CUDA_CHECK(cub::DeviceReduce::ReduceByKey(temp.data(), bytes, sorted.data(), unique.data(), ones,
                                                   runs.data(), n_runs.data(), ::cuda::std::plus<unsigned>{},
                                                   tripartite, s));
    }
    const ull pairs = tripartite ? n_runs.back(s) : 0;
    pr.sic_astro.resize(pairs);
    pr.sic_count.resize(pairs);
    if (pairs) {
      split_pairs<<<grid_of(pairs), block_size, 0, s>>>(unique.data(), runs.data(), n_runs.data(), pr.sic_astro.data(),
                                                        pr.sic_count.data(), per_target.data());
      TB_CUDA_LAUNCHED("split_pairs");
    }
  }
  exclusive_scan(per_target, pr.sic_ptr, s);
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
}

void cuda_astro::build(const plan::network_plan& plan, const std::vector<device_csr>& csr, long long epoch_steps,
                       cudaStream_t s) {
  plan_ = &plan;
  stream_ = s;
  const std::size_t na = plan.astrocytes.size();
  astro_.clear();
  astro_.resize(na);
  const long long slow_total = plan.n_steps / plan.slow_steps + 1;
  for (std::size_t ai = 0; ai < na; ++ai) {
    const auto& p = plan.astrocytes[ai];
    auto& a = astro_[ai];
    for (std::size_t k = 0; k < p.var_names.size(); ++k) {
      a.vars.emplace_back(p.size);
      const auto key = kern::make_key(plan.seed, kern::purpose::astro_init, static_cast<unsigned>(k));
      init_astro_var<<<grid_of(p.size), block_size, 0, s>>>(a.vars.back().data(), p.size, p.initial[k], key, p.id0);
      TB_CUDA_LAUNCHED("init_astro_var");
    }
    a.acc_end.resize(p.size);
    a.acc_end.zero(s);
    a.acc_int.resize(p.size);
    a.acc_int.zero(s);
    a.glio_mean.resize(p.size);
    a.glio_mean.zero(s);
    a.release_at.resize(p.size);
    a.release_at.zero(s);
    if (p.neuromodulator >= 0) {
      std::vector<double> m(slow_total);
      for (long long k = 0; k < slow_total; ++k) m[k] = plan.neuromodulators[p.neuromodulator].mean(k * plan.slow_steps, plan.slow_steps);
      a.modulator.upload(m, s);
    }
  }
  for (const auto& g : plan.gap_junctions) {
    astro_[g.astrocytes].gap.resize(plan.astrocytes[g.astrocytes].size);
    astro_[g.astrocytes].gap.zero(s);
  }
  for (const auto& r : plan.spike_recorders) {
    for (int a : r.astro_populations) {  // worst case: every astrocyte releases in every slow step of an epoch
      const ull cap = static_cast<ull>(plan.astrocytes[a].size) * (epoch_steps / plan.slow_steps + 2);
      astro_[a].rel_step.resize(cap);
      astro_[a].rel_id.resize(cap);
    }
  }
  rel_count_.resize(na);
  rel_count_.zero(s);
  bad_.resize(na);
  if (na) TB_CUDA_CHECK(cudaMemsetAsync(bad_.data(), 0xff, bad_.bytes(), s));
  proj_.clear();
  proj_.resize(plan.projections.size());
  dyn_.assign(plan.projections.size(), {});
  i_slow_.clear();
  i_slow_.resize(plan.populations.size());
  for (std::size_t j = 0; j < plan.projections.size(); ++j) {
    const auto& pp = plan.projections[j];
    if (!pp.dynamic()) continue;
    auto& pr = proj_[j];
    auto& d = dyn_[j];
    const ull n = csr[j].synapses;
    const auto& t = pp.tripartite;
    const bool tm = pp.synapse.kind == synapse_spec::tsodyks_markram;
    d = plan::synapse_constants(plan, pp);
    if (tm || t.needs_trace) {
      pr.last.fill(n, -1, s);
      d.last = pr.last.data();
    }
    if (tm) {
      pr.u.fill(n, 0.0f, s);
      pr.x.fill(n, 1.0f, s);
      d.u = pr.u.data();
      d.x = pr.x.data();
    }
    if (!t.enabled) continue;
    build_territory(j, csr[j], s);
    const auto& ap = plan.astrocytes[t.astrocytes];
    auto& as = astro_[t.astrocytes];
    d.astro = pr.astro.data();
    d.acc_end = as.acc_end.data();
    d.acc_int = as.acc_int.data();
    if (t.mean_input) {
      pr.astro_scale.resize(ap.size);
      mean_scale<<<grid_of(ap.size), block_size, 0, s>>>(pr.astro_ptr.data(), ap.size, pr.astro_scale.data());
      TB_CUDA_LAUNCHED("mean_scale");
      d.astro_scale = pr.astro_scale.data();
    }
    if (t.needs_trace) {
      pr.trace.resize(n);
      pr.trace.zero(s);
      d.trace = pr.trace.data();
    }
    if (t.release >= 0) {
      const auto& w = t.pathways[t.release];
      if (w.local) {
        pr.gamma_local.resize(n);
        pr.gamma_local.zero(s);
        d.gamma_local = pr.gamma_local.data();
      } else {
        pr.gamma_astro.resize(ap.size);
        pr.gamma_astro.zero(s);
        d.gamma_astro = pr.gamma_astro.data();
      }
    }
    if (t.gate >= 0) {
      const auto& w = t.pathways[t.gate];
      pr.gate_astro.resize(ap.size);
      gate_initial<<<grid_of(ap.size), block_size, 0, s>>>(pr.gate_astro.data(), calcium_of(t.astrocytes), ap.size, w.k, w.theta);
      TB_CUDA_LAUNCHED("gate_initial");
    }
    if (t.sic >= 0) {
      build_sic(j, csr[j], s);
      i_slow_[pp.target].resize(plan.populations[pp.target].size);
      i_slow_[pp.target].zero(s);
    }
  }
  // The per-fast-step input factors of every astrocyte population.
  factors_.clear();
  for (const auto& ap : plan.astrocytes) {
    factors_.emplace_back().upload(ap.end_factor, s);
    factors_.emplace_back().upload(ap.int_factor, s);
  }
  for (std::size_t j = 0; j < plan.projections.size(); ++j) {
    const auto& t = plan.projections[j].tripartite;
    if (!t.enabled) continue;
    dyn_[j].end_factor = factors_[2 * t.astrocytes].data();
    dyn_[j].int_factor = factors_[2 * t.astrocytes + 1].data();
  }
  gap_ptr_.clear();
  gap_neighbor_.clear();
  for (const auto& g : plan.gap_junctions) {
    gap_ptr_.emplace_back().upload(g.ptr, s);
    gap_neighbor_.emplace_back().upload(g.neighbor, s);
  }
  TB_CUDA_CHECK(cudaStreamSynchronize(s));
}

void cuda_astro::launch_slow_step(const long long* base, int offset, cudaStream_t s) {
  const auto& P = *plan_;
  const long long M = P.slow_steps;
  const double h = static_cast<double>(M) * P.dt;
  for (std::size_t g = 0; g < P.gap_junctions.size(); ++g) {
    const auto& gp = P.gap_junctions[g];
    auto& as = astro_[gp.astrocytes];
    bool first = true;
    for (std::size_t k = 0; k < g; ++k) first = first && P.gap_junctions[k].astrocytes != gp.astrocytes;
    gap_args a{{nullptr, nullptr, as.vars[P.astrocytes[gp.astrocytes].coupled_var].data(), gp.F, gp.threshold, gp.width},
               as.gap.data(), static_cast<unsigned>(as.gap.size()), first};
    a.flux.ptr = gap_ptr_[g].data();
    a.flux.neighbor = gap_neighbor_[g].data();
    gap_kernel<<<grid_of(a.n), block_size, 0, s>>>(a, base, offset, M);
    TB_CUDA_LAUNCHED("gap_kernel");
  }
  for (std::size_t ai = 0; ai < P.astrocytes.size(); ++ai) {
    const auto& ap = P.astrocytes[ai];
    auto& as = astro_[ai];
    release_buffer r{rel_count_.data() + ai, as.rel_step.size() ? as.rel_step.data() : nullptr,
                     as.rel_id.size() ? as.rel_id.data() : nullptr, bad_.data() + ai, as.release_at.data(),
                     as.modulator.size() ? as.modulator.data() : nullptr};
    plan::with_astro_model(ap.params, [&](auto tag, const auto& prm) {
      using Model = typename decltype(tag)::type;
      kern::astro_update<Model> f;
      f.p = prm;
      f.s = state(ai);
      f.acc_end = as.acc_end.data();
      f.acc_int = as.acc_int.data();
      f.gap = as.gap.size() ? as.gap.data() : nullptr;
      f.dt = h;
      f.glio_mean = as.glio_mean.data();
      f.release_at = as.release_at.data();
      astro_kernel<Model><<<grid_of(ap.size), block_size, 0, s>>>(f, ap.size, r, base, offset, M);
      TB_CUDA_LAUNCHED("astro_kernel");
    });
  }
  for (auto& v : i_slow_) {
    if (!v.size()) continue;
    zero_kernel<<<grid_of(v.size()), block_size, 0, s>>>(v.data(), static_cast<unsigned>(v.size()), base, offset, M);
    TB_CUDA_LAUNCHED("zero_kernel");
  }
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    const auto& t = P.projections[j].tripartite;
    if (!t.enabled) continue;
    auto& pr = proj_[j];
    auto& as = astro_[t.astrocytes];
    const unsigned n_astro = P.astrocytes[t.astrocytes].size;
    if (t.release >= 0) {
      const auto& w = t.pathways[t.release];
      if (w.local) {
        release_local<<<grid_of(pr.gamma_local.size()), block_size, 0, s>>>(dyn_[j], pr.gamma_local.data(),
                                                                            as.glio_mean.data(), pr.gamma_local.size(),
                                                                            w.O_G, w.Omega_G, t.local_K(t.release), h,
                                                                            base, offset, M);
        TB_CUDA_LAUNCHED("release_local");
      } else {
        release_broadcast<<<grid_of(n_astro), block_size, 0, s>>>(pr.gamma_astro.data(), as.glio_mean.data(), n_astro,
                                                                  w.O_G, w.Omega_G, h, base, offset, M);
        TB_CUDA_LAUNCHED("release_broadcast");
      }
    }
    if (t.gate >= 0) {
      const auto& w = t.pathways[t.gate];
      gate_kernel<<<grid_of(n_astro), block_size, 0, s>>>(pr.gate_astro.data(), calcium_of(t.astrocytes), n_astro, w.k, w.theta,
                                                          base, offset, M);
      TB_CUDA_LAUNCHED("gate_kernel");
    }
    if (t.sic >= 0) {
      const auto& pp = P.projections[j];
      auto f = t.sic_constants();
      f.ptr = pr.sic_ptr.data();
      f.syn = pr.sic_syn.size() ? pr.sic_syn.data() : nullptr;
      f.pair_astro = pr.sic_astro.size() ? pr.sic_astro.data() : nullptr;
      f.pair_count = pr.sic_count.size() ? pr.sic_count.data() : nullptr;
      f.calcium = calcium_of(t.astrocytes);
      f.d = dyn_[j];
      const unsigned n_target = P.populations[pp.target].size;
      sic_kernel<<<grid_of(n_target), block_size, 0, s>>>(f, i_slow_[pp.target].data(), n_target, base, offset, M);
      TB_CUDA_LAUNCHED("sic_kernel");
    }
  }
}

void cuda_astro::flush(recordings& rec, long long last_step) {
  const auto& P = *plan_;
  if (P.astrocytes.empty()) return;
  const auto counts = rel_count_.download(stream_);
  for (std::size_t ai = 0; ai < P.astrocytes.size(); ++ai) {
    rec.release_count[ai] += counts[ai];
    if (rec.releases_recorded[ai]) {
      append_sorted_events(astro_[ai].rel_step, astro_[ai].rel_id, counts[ai], last_step, stream_, rec.releases[ai]);
    }
  }
  rel_count_.zero(stream_);
}

long long cuda_astro::first_failure() const {
  if (plan_->astrocytes.empty()) return std::numeric_limits<long long>::max();
  const auto bad = bad_.download(stream_);
  const ull first = *std::min_element(bad.begin(), bad.end());
  return first == ~0ULL ? std::numeric_limits<long long>::max() : static_cast<long long>(first >> 32);
}

std::string cuda_astro::failure_message(long long end_step) const {
  const auto& P = *plan_;
  const auto bad = bad_.download(stream_);
  const auto ai = static_cast<std::size_t>(std::min_element(bad.begin(), bad.end()) - bad.begin());
  std::ostringstream s;
  s << "astrocyte " << (bad[ai] & 0xffffffffULL) << " of population '" << P.astrocytes[ai].name
    << "' has a non-finite state at t = " << static_cast<double>((bad[ai] >> 32) + 1) * P.dt
    << " ms (found on the GPU at the end of the epoch that ends at t = " << end_step * P.dt
    << " ms); check its parameters and slow_dt";
  return s.str();
}

double cuda_astro::construction_scratch_bytes(const plan::projection_plan& p) {
  if (!p.tripartite.enabled) return 0.0;
  // territory: index, sorted index (8 + 8), sorted keys (4), sort space (~12);
  // broadcast SIC: keys, sorted keys, unique pairs (8 each), run lengths (4), space (~16).
  return p.expected_synapses * (p.tripartite.sic >= 0 ? 44.0 : 32.0);
}

std::uint64_t cuda_astro::projection_bytes(std::size_t j) const {
  if (j >= proj_.size()) return 0;
  const auto& pr = proj_[j];
  return pr.astro.bytes() + pr.astro_ptr.bytes() + pr.astro_syn.bytes() + pr.u.bytes() + pr.x.bytes() +
         pr.trace.bytes() + pr.gamma_local.bytes() + pr.last.bytes() + pr.gamma_astro.bytes() + pr.gate_astro.bytes() +
         pr.astro_scale.bytes() + pr.target_astro.bytes() + pr.sic_ptr.bytes() + pr.sic_astro.bytes() +
         pr.sic_count.bytes() + pr.sic_syn.bytes();
}

std::uint64_t cuda_astro::astrocyte_bytes() const {
  std::uint64_t b = 0;
  for (const auto& a : astro_) {
    for (const auto& v : a.vars) b += v.bytes();
    b += a.acc_end.bytes() + a.acc_int.bytes() + a.glio_mean.bytes() + a.gap.bytes() +
         a.release_at.bytes();
  }
  return b;
}

}  // namespace tribody::cuda
