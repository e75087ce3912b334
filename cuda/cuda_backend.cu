// Building the network on the device: memory check, state, connectivity,
// stimuli, recorders and the descriptors the step kernels read.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <sstream>

#include "cuda_backend.cuh"
#include "engine/initial_values.hpp"
#include "plan/dc_input.hpp"
#include "plan/memory_estimate.hpp"
#include "plan/model_dispatch.hpp"
#include "tribody/kernels/distribution.hpp"

namespace tribody::cuda {
namespace {

// Device memory recorded spikes may take per epoch (worst case: every
// recorded neuron fires every step); it bounds the epoch length.
constexpr double record_budget = 512.0 * 1024.0 * 1024.0;
constexpr int max_epoch = 200;

std::string gib(double bytes) {
  std::ostringstream s;
  s.precision(2);
  s << std::fixed << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return s.str();
}

// A population's model id and kernel parameters as the update kernel reads them.
void set_model(const plan::neuron_params& p, pop_desc& d) {
  d.model = static_cast<int>(p.index());
  plan::with_model(p, [&](auto, const auto& prm) {
    static_assert(std::is_trivially_copyable_v<std::decay_t<decltype(prm)>>);
    std::memcpy(d.params.bytes, &prm, sizeof(prm));
  });
}

// Where a stimulus delivers: the target's input ring, value, port and delay.
template <class Desc, class Stimulus, class Ring>
void set_input_target(Desc& d, const Stimulus& s, const Ring& ring) {
  d.ring = ring;
  d.value = s.value;
  d.port = s.port;
  d.delay = s.delay;
}

}  // namespace

cuda_backend::cuda_backend() {
  TB_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  const char* s = std::getenv("TRIBODY_CUDA_SYNC");
  sync_each_kernel_ = s != nullptr && std::string(s) == "1";
}

cuda_backend::~cuda_backend() {
  destroy_graphs();
  if (stream_ != nullptr) cudaStreamDestroy(stream_);
}

// Graphs hold the device pointers of one build.
void cuda_backend::destroy_graphs() {
  for (auto& [key, g] : graphs_) cudaGraphExecDestroy(g.exec);
  graphs_.clear();
}

// Refuse, before allocating anything, a network that does not fit.
void cuda_backend::check_memory() const {
  const auto& P = *plan_;
  const auto estimate = plan::estimate_memory(P);
  double state = estimate.neuron_state + estimate.astrocytes, synapses = estimate.synapses, scratch = 0.0;
  for (const auto& p : P.populations) state += static_cast<double>(p.size) * 4.0;  // spike flags
  for (const auto& p : P.projections) {
    scratch = std::max({scratch, construction_scratch_bytes(p), astro_construction_scratch_bytes(p)});
  }
  // Spike records (bounded by the epoch), state-recorder rings and release buffers.
  double records = record_budget;
  for (const auto& r : P.state_recorders) {
    records += 8.0 * static_cast<double>(epoch_ / r.interval + 2) * r.node_ids.size() * r.vars.size();
  }
  for (const auto& r : P.spike_recorders) {
    for (int a : r.astro_populations) {
      records += 12.0 * P.astrocytes[a].size * static_cast<double>(epoch_ / P.slow_steps + 2);
    }
  }
  const double need = state + synapses + scratch + records;
  std::size_t free_bytes = 0, total_bytes = 0;
  TB_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  if (need > 0.95 * static_cast<double>(free_bytes)) {
    throw capacity_error("the network needs about " + gib(need) + " of device memory (state " + gib(state) +
                         ", synapses " + gib(synapses) + ", construction scratch " + gib(scratch) +
                         ", recording " + gib(records) + ") but the device has " + gib(free_bytes) + " free of " +
                         gib(total_bytes) + "; reduce the network or use the cpu backend");
  }
}

// Initial values: the shared functors of the astrocytes' program, so both
// backends draw the same streams (src/engine/astro_kernels.hpp).
void cuda_backend::init_state() {
  const auto& P = *plan_;
  const cuda_executor x{stream_};
  for (std::size_t pi = 0; pi < P.populations.size(); ++pi) {
    const auto& p = P.populations[pi];
    engine::draw_initial(x, pops_[pi].vars, p.initial, P.seed, kern::purpose::init, p.gid0);
    engine::link_initial(x, pops_[pi].vars, p.linked_source, p.linked_factor);
  }
}

void cuda_backend::build(const plan::network_plan& plan) {
  plan_ = &plan;
  step_ = 0;
  stopped_.clear();
  destroy_graphs();
  auto t0 = std::chrono::steady_clock::now();
  const std::size_t np = plan.populations.size();
  pops_.clear();
  pops_.resize(np);
  unsigned long long recorded_neurons = 0;
  rec_ = recordings{};
  rec_.spike_count.assign(np, 0);
  rec_.spikes_recorded.assign(np, false);
  rec_.spikes.assign(np, {});
  for (const auto& r : plan.spike_recorders) {
    for (int p : r.populations) rec_.spikes_recorded[p] = true;
  }
  for (std::size_t p = 0; p < np; ++p) {
    if (rec_.spikes_recorded[p]) recorded_neurons += plan.populations[p].size;
  }
  epoch_ = static_cast<int>(std::clamp(record_budget / (12.0 * std::max(1ULL, recorded_neurons)), 1.0,
                                       static_cast<double>(max_epoch)));
  // Whole slow steps per epoch keep full epochs in one phase of the slow
  // clock, so one graph serves them all.
  if (!plan.astrocytes.empty() && epoch_ >= plan.slow_steps) epoch_ -= static_cast<int>(epoch_ % plan.slow_steps);
  check_memory();  // before anything is allocated; the recording buffers follow from the epoch
  for (std::size_t pi = 0; pi < np; ++pi) {
    const auto& p = plan.populations[pi];
    auto& s = pops_[pi];
    for (std::size_t k = 0; k < p.var_names.size(); ++k) s.vars.emplace_back(p.size);
    s.refractory.resize(p.size);
    s.refractory.zero(stream_);
    s.ring.resize(static_cast<std::size_t>(p.n_ports) * p.ring_len * p.size);
    s.ring.zero(stream_);
    if (p.has_dc) {
      s.i_ext.resize(p.size);
      s.i_ext.zero(stream_);
    }
    s.spikes.resize(p.size);
    if (rec_.spikes_recorded[pi]) {
      s.rec_step.resize(static_cast<std::size_t>(epoch_) * p.size);
      s.rec_id.resize(static_cast<std::size_t>(epoch_) * p.size);
    }
  }
  init_state();
  TB_CUDA_CHECK(cudaStreamSynchronize(stream_));
  timers_["time_construction_create"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  t0 = std::chrono::steady_clock::now();
  csr_.clear();
  for (const auto& p : plan.projections) csr_.push_back(build_device_csr(p, plan.dt, stream_));
  timers_["time_construction_connect"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  t0 = std::chrono::steady_clock::now();
  const std::size_t na = plan.astrocytes.size();
  std::vector<kern::csr_view> views;
  std::vector<unsigned long long> sizes;
  for (std::size_t j = 0; j < csr_.size(); ++j) {
    views.push_back(csr_[j].view(plan.projections[j]));
    sizes.push_back(csr_[j].synapses);
  }
  astro_.build(cuda_executor{stream_}, plan, views, sizes, epoch_, rec_);
  if (na) timers_["time_construction_astrocytes"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  make_descriptors();
  dc_changes_ = plan::dc_change_steps(plan);
  next_dc_ = 0;
  rec_.states.assign(plan.state_recorders.size(), {});
  // The initial state is sample 0: the record kernel sees "step -1" end.
  step_counter_.upload(std::vector<long long>{-1}, stream_);
  record_initial();
  step_counter_.upload(std::vector<long long>{0}, stream_);
  flush(0);
}

void cuda_backend::make_descriptors() {
  const auto& P = *plan_;
  const std::size_t np = P.populations.size();
  counts_.resize(2 * np);
  counts_.zero(stream_);
  totals_.resize(np);
  totals_.zero(stream_);
  rec_counts_.resize(np);
  rec_counts_.zero(stream_);
  bad_.resize(np);
  TB_CUDA_CHECK(cudaMemsetAsync(bad_.data(), 0xff, bad_.bytes(), stream_));
  host_pops_.assign(np, {});
  update_blocks_ = 0;
  for (std::size_t pi = 0; pi < np; ++pi) {
    const auto& p = P.populations[pi];
    auto& s = pops_[pi];
    auto& d = host_pops_[pi];
    set_model(p.params, d);
    for (std::size_t k = 0; k < s.vars.size(); ++k) d.state.v[k] = s.vars[k].data();
    d.state.refractory = s.refractory.data();
    d.ring = {s.ring.data(), p.size, p.ring_len};
    d.i_ext = s.i_ext.size() ? s.i_ext.data() : nullptr;
    d.i_slow = astro_.slow_current(pi);
    d.n = p.size;
    d.gid0 = p.gid0;
    d.block_begin = update_blocks_;
    update_blocks_ += (p.size + block_size - 1) / block_size;
    d.spikes = s.spikes.data();
    d.count = counts_.data() + 2 * pi;
    d.total = totals_.data() + pi;
    d.bad = bad_.data() + pi;
    d.recorded = rec_.spikes_recorded[pi] ? 1 : 0;
    d.rec_count = rec_counts_.data() + pi;
    d.rec_step = s.rec_step.size() ? s.rec_step.data() : nullptr;
    d.rec_id = s.rec_id.size() ? s.rec_id.data() : nullptr;
  }
  pop_desc_.upload(host_pops_, stream_);

  std::vector<proj_desc> projs;
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    const auto& p = P.projections[j];
    proj_desc d{};
    d.csr = csr_[j].view(p);
    d.ring = host_pops_[p.target].ring;
    d.source = p.source;
    d.per_thread = csr_[j].mean_row < thread_per_spike_below ? 1 : 0;
    d.chunks = static_cast<unsigned>(std::max<unsigned long long>(1, (csr_[j].max_row + row_chunk - 1) / row_chunk));
    d.layout = kern::layout_of(d.csr);
    d.dynamic = p.dynamic() ? 1 : 0;
    d.dyn = astro_.dynamics(j);
    d.slow_steps = P.slow_steps;
    projs.push_back(d);
  }
  proj_desc_.upload(projs, stream_);

  std::vector<poisson_desc> ps;
  poisson_cdf_.clear();
  poisson_guide_.clear();
  poisson_nodes_.clear();
  for (const auto& s : P.poisson) {
    poisson_cdf_.emplace_back().upload(s.cdf, stream_);
    poisson_guide_.emplace_back().upload(s.guide, stream_);
    poisson_nodes_.emplace_back().upload(s.node_ids, stream_);
    poisson_desc d{};
    d.in = {s.key, s.n_chunks, poisson_cdf_.back().data(), static_cast<int>(s.cdf.size()), poisson_guide_.back().data()};
    set_input_target(d, s, host_pops_[s.target].ring);
    d.node_ids = s.node_ids.empty() ? nullptr : poisson_nodes_.back().data();
    d.n_targets = s.node_ids.empty() ? P.populations[s.target].size : static_cast<unsigned>(s.node_ids.size());
    d.gid0 = P.populations[s.target].gid0;
    d.start_step = s.start_step;
    d.stop_step = s.stop_step;
    ps.push_back(d);
  }
  poisson_desc_.upload(ps, stream_);

  std::vector<spike_times_desc> st;
  event_steps_.clear();
  event_nodes_.clear();
  for (const auto& s : P.spike_times) {
    std::vector<long long> steps;
    std::vector<unsigned> nodes;
    for (const auto& e : s.events) {
      steps.push_back(e.step);
      nodes.push_back(e.node);
    }
    event_steps_.emplace_back().upload(steps, stream_);
    event_nodes_.emplace_back().upload(nodes, stream_);
    spike_times_desc d{};
    d.step = event_steps_.back().data();
    d.node = event_nodes_.back().data();
    d.n_events = steps.size();
    set_input_target(d, s, host_pops_[s.target].ring);
    st.push_back(d);
  }
  spike_times_desc_.upload(st, stream_);

  std::vector<state_rec_desc> rs;
  state_nodes_.clear();
  state_buffers_.clear();
  state_capacity_.clear();
  for (const auto& r : P.state_recorders) {
    state_nodes_.emplace_back().upload(r.node_ids, stream_);
    const unsigned long long cap = static_cast<unsigned long long>(epoch_ / r.interval) + 2;  // samples per epoch, and one
    state_capacity_.push_back(cap);
    state_buffers_.emplace_back(cap * r.node_ids.size() * r.vars.size());
    state_rec_desc d{};
    d.state = r.astro ? astro_.state(r.population) : host_pops_[r.population].state;
    d.nodes = state_nodes_.back().data();
    d.n_nodes = static_cast<unsigned>(r.node_ids.size());
    for (std::size_t v = 0; v < r.vars.size(); ++v) d.vars[v] = r.vars[v];
    d.n_vars = static_cast<int>(r.vars.size());
    d.interval = r.interval;
    d.buffer = state_buffers_.back().data();
    d.capacity = cap;
    rs.push_back(d);
  }
  state_desc_.upload(rs, stream_);
  TB_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

std::vector<projection_stats> cuda_backend::synapse_stats() const {
  std::vector<projection_stats> out;
  for (std::size_t i = 0; i < csr_.size(); ++i) {
    const auto& p = plan_->projections[i];
    out.push_back({csr_[i].synapses, csr_[i].bytes() + astro_.projection_bytes(i),
                   p.constant_delay ? "constant_delay" : (p.pack_delay ? "packed_delay" : "delay_array")});
  }
  return out;
}

memory_stats cuda_backend::memory() const {
  memory_stats m;
  for (const auto& s : pops_) {
    for (const auto& v : s.vars) m.neuron_state_bytes += v.bytes();
    m.neuron_state_bytes += s.refractory.bytes() + s.i_ext.bytes();
    m.ring_buffer_bytes += s.ring.bytes();
  }
  for (std::size_t j = 0; j < csr_.size(); ++j) m.synapse_bytes += csr_[j].bytes() + astro_.projection_bytes(j);
  m.astrocyte_bytes = astro_.astrocyte_bytes();
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess) m.device_bytes_in_use = total_bytes - free_bytes;
  return m;
}

backend::synapse_list cuda_backend::synapses(int projection) const {
  const auto& c = csr_.at(projection);
  const auto& p = plan_->projections[projection];
  const auto row_ptr = c.row_ptr.download(stream_);
  const auto col = c.col.download(stream_);
  const auto weight = c.weight.download(stream_);
  const auto delay = c.delay.download(stream_);
  const kern::csr_view v = p.view(row_ptr.data(), col.data(), delay.empty() ? nullptr : delay.data(), weight.data());
  synapse_list out;
  for (std::size_t i = 0; i + 1 < row_ptr.size(); ++i) {
    for (auto s = row_ptr[i]; s < row_ptr[i + 1]; ++s) {
      out.source.push_back(static_cast<std::uint32_t>(i));
      out.target.push_back(v.target(s));
      out.weight.push_back(weight[s]);
      out.delay.push_back(v.delay_steps(s));
    }
  }
  return out;
}

}  // namespace tribody::cuda
