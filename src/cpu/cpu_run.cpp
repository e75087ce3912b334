// The CPU step loop. One OpenMP region spans a chunk of steps; each step:
//   1. every neuron takes its input slot and updates (neuron_step functor),
//   2. one thread gathers spikes in id order, records, checks for NaN/Inf,
//   3. spikes, Poisson input and spike_times events are added to the delay
//      ring buffers as integers (atomically when threads > 1), so the sums
//      do not depend on which thread adds first.
#include <chrono>

#include "cpu/cpu_backend.hpp"
#include "plan/model_dispatch.hpp"
#include "tribody/errors.hpp"
#include "tribody/kernels/neuron_step.hpp"
#include "tribody/kernels/stimulus.hpp"

#if defined(_OPENMP)
#include <omp.h>
#else
inline int omp_get_thread_num() { return 0; }
#endif

namespace tribody::cpu {
namespace {

inline void add(kern::fixed_t* at, kern::fixed_t v, bool atomic) {
  if (atomic) __atomic_fetch_add(at, v, __ATOMIC_RELAXED);
  else *at += v;
}

using clock_type = std::chrono::steady_clock;
double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

}  // namespace

void cpu_backend::run(long long n_steps) {
  const auto& P = *plan_;
  const int T = threads_;
  const bool atomic = T > 1;
  const std::size_t n_pops = pops_.size();
  // Per thread, per population: the spiking neurons it found, ascending.
  std::vector<std::vector<std::vector<std::uint32_t>>> found(T, std::vector<std::vector<std::uint32_t>>(n_pops));
  std::vector<std::vector<std::vector<unsigned>>> bad(T, std::vector<std::vector<unsigned>>(n_pops));
  std::vector<kern::csr_view> views;
  for (std::size_t j = 0; j < csr_.size(); ++j) views.push_back(csr_[j].view(P.projections[j]));
  std::vector<kern::ring_view> rings;
  for (std::size_t p = 0; p < n_pops; ++p) rings.push_back(pops_[p].ring_view(P.populations[p]));
  std::vector<kern::poisson_input> poisson;
  for (const auto& s : P.poisson) {
    poisson.push_back({s.key, s.n_chunks, s.cdf.data(), static_cast<int>(s.cdf.size()), s.guide.data()});
  }

  const long long first = step_;
  const long long end = step_ + n_steps;
  bool failed = false;
  std::string failure;
  double t_update = 0.0, t_gather = 0.0, t_deliver = 0.0, t_stimulus = 0.0;

#pragma omp parallel num_threads(T)
  {
    const int tid = omp_get_thread_num();
    for (long long step = first; step < end; ++step) {
      const auto t0 = clock_type::now();
      // 1. Neuron updates.
      for (std::size_t p = 0; p < n_pops; ++p) {
        const auto& pp = P.populations[p];
        auto& pop = pops_[p];
        auto& mine = found[tid][p];
        auto& my_bad = bad[tid][p];
        mine.clear();
        const int slot = static_cast<int>(step % pp.ring_len);
        plan::with_model(pp.params, [&](auto tag, const auto& prm) {
          using M = typename decltype(tag)::type;
          kern::neuron_step<M> f;
          f.p = prm;
          f.s = pop.state();
          for (int k = 0; k < M::n_ports; ++k) f.port[k] = rings[p].slot(k, slot);
          f.i_ext = pop.i_ext.empty() ? nullptr : pop.i_ext.data();
          f.ctx = {step, P.seed, pp.gid0};
          const long long n = pp.size;
#pragma omp for schedule(static) nowait
          for (long long i = 0; i < n; ++i) {
            const int out = f(static_cast<unsigned>(i));
            if (out & kern::step_spiked) mine.push_back(static_cast<std::uint32_t>(i));
            if (out & kern::step_nonfinite) my_bad.push_back(static_cast<unsigned>(i));
          }
        });
      }
#pragma omp barrier
      const auto t1 = clock_type::now();
      // 2. Gather (thread order = id order), record, check.
#pragma omp single
      {
        std::vector<std::vector<unsigned>> bad_all(n_pops);
        for (std::size_t p = 0; p < n_pops; ++p) {
          auto& list = pops_[p].spikes;
          list.clear();
          for (int t = 0; t < T; ++t) {
            list.insert(list.end(), found[t][p].begin(), found[t][p].end());
            bad_all[p].insert(bad_all[p].end(), bad[t][p].begin(), bad[t][p].end());
            bad[t][p].clear();
          }
          rec_.spike_count[p] += list.size();
          if (rec_.spikes_recorded[p]) {
            auto& r = rec_.spikes[p];
            r.steps.insert(r.steps.end(), list.size(), step);
            r.ids.insert(r.ids.end(), list.begin(), list.end());
          }
        }
        try {
          check_finite(step, bad_all);
          record_step(step);
          update_dc(step + 1);
        } catch (const std::exception& e) {
          failed = true;
          failure = e.what();
          step_ = step + 1;
        }
        t_gather += since(t1);
      }
      if (failed) break;  // every thread reads the same value after the barrier
      const auto t2 = clock_type::now();
      // 3. Spike delivery and stimuli into the ring buffers.
      for (std::size_t j = 0; j < views.size(); ++j) {
        const auto& pj = P.projections[j];
        const auto& spikes = pops_[pj.source].spikes;
        const auto& v = views[j];
        const auto& ring = rings[pj.target];
        const int slot = static_cast<int>(step % ring.len);
        const long long n = static_cast<long long>(spikes.size());
        const auto layout = kern::layout_of(v);
        auto adder = [atomic](kern::fixed_t* at, kern::fixed_t x) { add(at, x, atomic); };
#pragma omp for schedule(dynamic, 1) nowait
        for (long long k = 0; k < n; ++k) {
          const auto row = spikes[k];
          const auto b = v.row_ptr[row], e = v.row_ptr[row + 1];
          switch (layout) {
            case kern::delay_layout::constant:
              kern::deliver_range<kern::delay_layout::constant>(v, ring, slot, b, e, adder);
              break;
            case kern::delay_layout::packed:
              kern::deliver_range<kern::delay_layout::packed>(v, ring, slot, b, e, adder);
              break;
            case kern::delay_layout::array:
              kern::deliver_range<kern::delay_layout::array>(v, ring, slot, b, e, adder);
              break;
          }
        }
      }
      const auto t3 = clock_type::now();
      for (std::size_t j = 0; j < poisson.size(); ++j) {
        const auto& sp = P.poisson[j];
        if (step < sp.start_step || step >= sp.stop_step || sp.n_chunks == 0) continue;
        const auto& ring = rings[sp.target];
        int slot = static_cast<int>(step % ring.len) + sp.delay;
        if (slot >= ring.len) slot -= ring.len;
        kern::poisson_delivery f;
        f.in = poisson[j];
        f.slot = ring.slot(sp.port, slot);
        f.node_ids = sp.node_ids.empty() ? nullptr : sp.node_ids.data();
        f.gid0 = P.populations[sp.target].gid0;
        f.value = sp.value;
        f.step = step;
        const long long n = sp.node_ids.empty() ? P.populations[sp.target].size : static_cast<long long>(sp.node_ids.size());
        if (atomic) {
#pragma omp for schedule(static) nowait
          for (long long k = 0; k < n; ++k) {
            const unsigned i = f.node(k);
            add(f.slot + i, f.amount(i), true);
          }
        } else {
          for (long long k = 0; k < n; ++k) {
            const unsigned i = f.node(k);
            f.slot[i] += f.amount(i);
          }
        }
      }
#pragma omp single nowait
      for (std::size_t j = 0; j < P.spike_times.size(); ++j) {
        const auto& st = P.spike_times[j];
        const auto& ring = rings[st.target];
        int slot = static_cast<int>(step % ring.len) + st.delay;
        if (slot >= ring.len) slot -= ring.len;
        auto& next = next_spike_event_[j];
        while (next < st.events.size() && st.events[next].step < step) ++next;
        for (; next < st.events.size() && st.events[next].step == step; ++next) {
          add(ring.slot(st.port, slot) + st.events[next].node, st.value, atomic);
        }
      }
#pragma omp barrier
      if (tid == 0) {
        t_update += std::chrono::duration<double>(t1 - t0).count();
        t_deliver += std::chrono::duration<double>(t3 - t2).count();
        t_stimulus += since(t3);
      }
    }
  }
  if (failed) {
    timers_["time_update"] += t_update;
    throw numerical_error(failure);
  }
  step_ = end;
  timers_["time_update"] += t_update;
  timers_["time_gather_record"] += t_gather;
  timers_["time_deliver_spike_data"] += t_deliver;
  timers_["time_stimulus"] += t_stimulus;
}

}  // namespace tribody::cpu
