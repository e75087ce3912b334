// The CPU step loop. One OpenMP region spans a chunk of steps. Thread t of
// T owns neurons [n t / T, n (t + 1) / T) of every population, for every
// phase of a step:
//   1. it updates its neurons (kern::neuron_step) and lists their spikes;
//   2. one thread gathers the lists (thread order = id order), records,
//      checks for NaN/Inf and advances dc input;
//   3. it adds to its own neurons' delay ring slots: its part of every
//      spiking row (rows are sorted by target, so the part is found by
//      binary search), Poisson input and spike_times events.
// No two threads write the same memory, so the adds are plain integer adds,
// and the sums are the same for any T.
#include <algorithm>
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
inline int omp_get_num_threads() { return 1; }
#endif

namespace tribody::cpu {
namespace {

using clock_type = std::chrono::steady_clock;
double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct plain_adder {
  void operator()(kern::fixed_t* at, kern::fixed_t v) const { *at += v; }
};

// The first synapse of row [b, e) whose target is >= t (rows are sorted).
unsigned long long first_target(const kern::csr_view& v, unsigned long long b, unsigned long long e, unsigned t) {
  while (b < e) {
    const unsigned long long mid = b + (e - b) / 2;
    if (v.target(mid) < t) b = mid + 1;
    else e = mid;
  }
  return b;
}

void deliver_part(const kern::csr_view& v, const kern::ring_view& ring, int slot, unsigned long long b,
                  unsigned long long e) {
  plain_adder add;
  switch (kern::layout_of(v)) {
    case kern::delay_layout::constant: kern::deliver_range<kern::delay_layout::constant>(v, ring, slot, b, e, add); break;
    case kern::delay_layout::packed: kern::deliver_range<kern::delay_layout::packed>(v, ring, slot, b, e, add); break;
    case kern::delay_layout::array: kern::deliver_range<kern::delay_layout::array>(v, ring, slot, b, e, add); break;
  }
}

struct astro_adder {
  bool atomic;
  void operator()(kern::fixed_t* at, kern::fixed_t v) const {
    if (atomic) __atomic_fetch_add(at, v, __ATOMIC_RELAXED);  // astrocytes are shared by all threads' synapses
    else *at += v;
  }
};

void deliver_dynamic_part(const kern::csr_view& v, const kern::ring_view& ring, int slot, unsigned long long b,
                          unsigned long long e, const kern::synapse_dynamics& d, long long step, int m, bool atomic) {
  plain_adder add;
  astro_adder astro{atomic};
  switch (kern::layout_of(v)) {
    case kern::delay_layout::constant:
      kern::deliver_dynamic_range<kern::delay_layout::constant>(v, ring, slot, b, e, add, d, step, m, astro);
      break;
    case kern::delay_layout::packed:
      kern::deliver_dynamic_range<kern::delay_layout::packed>(v, ring, slot, b, e, add, d, step, m, astro);
      break;
    case kern::delay_layout::array:
      kern::deliver_dynamic_range<kern::delay_layout::array>(v, ring, slot, b, e, add, d, step, m, astro);
      break;
  }
}

}  // namespace

void cpu_backend::run(long long n_steps) {
  stopped_.check();
  const auto& P = *plan_;
  const int T = threads_;
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
  // spike_times events of the current step: [first, last) per stimulus.
  std::vector<std::pair<std::size_t, std::size_t>> events(P.spike_times.size());

  const long long first = step_;
  const long long end = step_ + n_steps;
  bool failed = false;
  std::string failure;
  double t_update = 0.0, t_gather = 0.0, t_deliver = 0.0, t_stimulus = 0.0, t_astro = 0.0;

#pragma omp parallel num_threads(T)
  {
    const int tid = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    auto own = [tid, nt](unsigned n, unsigned& lo, unsigned& hi) {
      lo = static_cast<unsigned>(static_cast<unsigned long long>(n) * tid / nt);
      hi = static_cast<unsigned>(static_cast<unsigned long long>(n) * (tid + 1) / nt);
    };
    for (long long step = first; step < end; ++step) {
      const auto t0 = clock_type::now();
      // 1. Neuron updates.
      for (std::size_t p = 0; p < n_pops; ++p) {
        const auto& pp = P.populations[p];
        auto& mine = found[tid][p];
        auto& my_bad = bad[tid][p];
        mine.clear();
        const int slot = static_cast<int>(step % pp.ring_len);
        plan::with_model(pp.params, [&](auto tag, const auto& prm) {
          using M = typename decltype(tag)::type;
          kern::neuron_step<M> f;
          f.p = prm;
          f.s = pops_[p].state();
          for (int k = 0; k < M::n_ports; ++k) f.port[k] = rings[p].slot(k, slot);
          f.i_ext = pops_[p].i_ext.empty() ? nullptr : pops_[p].i_ext.data();
          f.i_slow = astro_.slow_current(p);
          f.ctx = {step, P.seed, pp.gid0};
          unsigned lo, hi;
          own(pp.size, lo, hi);
          for (unsigned i = lo; i < hi; ++i) {
            const int out = f(i);
            if (out & kern::step_spiked) mine.push_back(i);
            if (out & kern::step_nonfinite) my_bad.push_back(i);
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
          for (int t = 0; t < nt; ++t) {
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
        for (std::size_t j = 0; j < P.spike_times.size(); ++j) {
          const auto& ev = P.spike_times[j].events;
          auto& next = next_spike_event_[j];
          while (next < ev.size() && ev[next].step < step) ++next;
          events[j].first = next;
          while (next < ev.size() && ev[next].step == step) ++next;
          events[j].second = next;
        }
        try {
          check_finite(step, bad_all);
          record_step(step, false);
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
      // 3. This thread's targets of every spiking row.
      for (std::size_t j = 0; j < views.size(); ++j) {
        const auto& pj = P.projections[j];
        const auto& v = views[j];
        const auto& ring = rings[pj.target];
        const int slot = static_cast<int>(step % ring.len);
        unsigned lo, hi;
        own(P.populations[pj.target].size, lo, hi);
        const bool dynamic = astro_.dynamic(j);
        const int m = static_cast<int>(step % P.slow_steps);
        for (const auto row : pops_[pj.source].spikes) {
          const unsigned long long b = v.row_ptr[row], e = v.row_ptr[row + 1];
          const unsigned long long sb = nt == 1 ? b : first_target(v, b, e, lo);
          const unsigned long long se = nt == 1 ? e : first_target(v, sb, e, hi);
          if (dynamic) deliver_dynamic_part(v, ring, slot, sb, se, astro_.dynamics(j), step, m, nt > 1);
          else deliver_part(v, ring, slot, sb, se);
        }
      }
      const auto t3 = clock_type::now();
      // Poisson input and spike_times events of this thread's neurons.
      for (std::size_t j = 0; j < poisson.size(); ++j) {
        const auto& sp = P.poisson[j];
        if (step < sp.start_step || step >= sp.stop_step || sp.n_chunks == 0) continue;
        kern::poisson_delivery f;
        f.in = poisson[j];
        f.slot = rings[sp.target].slot(sp.port, rings[sp.target].slot_after(step, sp.delay));
        f.gid0 = P.populations[sp.target].gid0;
        f.value = sp.value;
        f.step = step;
        unsigned lo, hi;
        own(P.populations[sp.target].size, lo, hi);
        if (sp.node_ids.empty()) {
          for (unsigned i = lo; i < hi; ++i) f.slot[i] += f.amount(i);
        } else {
          for (const unsigned i : sp.node_ids) {
            if (i >= lo && i < hi) f.slot[i] += f.amount(i);
          }
        }
      }
      for (std::size_t j = 0; j < P.spike_times.size(); ++j) {
        const auto& st = P.spike_times[j];
        kern::fixed_t* base = rings[st.target].slot(st.port, rings[st.target].slot_after(step, st.delay));
        unsigned lo, hi;
        own(P.populations[st.target].size, lo, hi);
        for (std::size_t k = events[j].first; k < events[j].second; ++k) {
          const unsigned i = st.events[k].node;
          if (i >= lo && i < hi) base[i] += st.value;
        }
      }
#pragma omp barrier
      if (tid == 0) {
        t_update += std::chrono::duration<double>(t1 - t0).count();
        t_deliver += std::chrono::duration<double>(t3 - t2).count();
        t_stimulus += since(t3);
      }
      // 4. The astrocytes' slow step, when one ends with this step.
      if (!P.astrocytes.empty() && (step + 1) % P.slow_steps == 0) {
        const auto t4 = clock_type::now();
        astro_.slow_step({&step, 0});
#pragma omp single
        {
          astro_.flush(rec_, step);
          record_step(step, true);
          if (astro_.first_failure() <= step) {
            failed = true;
            failure = astro_.failure_message();
            step_ = step + 1;
          }
          t_astro += since(t4);
        }
        if (failed) break;
      }
    }
  }
  timers_["time_update"] += t_update;
  timers_["time_gather_record"] += t_gather;
  timers_["time_deliver_spike_data"] += t_deliver;
  timers_["time_stimulus"] += t_stimulus;
  if (!P.astrocytes.empty()) timers_["time_astrocytes"] += t_astro;
  if (failed) stopped_.fail(failure);
  step_ = end;
}

}  // namespace tribody::cpu
