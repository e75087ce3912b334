// The CPU executor (src/engine/executor.hpp): host vectors, OpenMP loops.
// Inside an OpenMP team (the step loop) for_each is a worksharing loop that
// every thread of the team reaches, and serial work runs on one thread;
// outside one, for_each opens a team of `threads`.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "engine/executor.hpp"
#include "tribody/kernels/synapses.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tribody::cpu {

using engine::ull;

// Stable LSD radix sort of keys < 2^bits: perm[k] is the index of the k-th
// smallest key (ties in index order), sorted[k] its key.
template <class Key>
void radix_sort_permutation(const Key* keys, ull n, int bits, ull* perm, Key* sorted, int threads);
// Indices i < n with flags[i] != 0, ascending; returns how many.
ull select_flagged(const int* flags, ull n, unsigned* out);

// Inside a parallel region, even of one thread (omp_in_parallel() is false
// there, and a loop would open a nested region per call).
inline bool in_team() {
#if defined(_OPENMP)
  return omp_get_level() > 0;
#else
  return false;
#endif
}

inline int team_rank() {
#if defined(_OPENMP)
  return omp_get_thread_num();
#else
  return 0;
#endif
}
inline int team_size() {
#if defined(_OPENMP)
  return omp_get_num_threads();
#else
  return 1;
#endif
}

// Thread t of nt takes [n t / nt, n (t + 1) / nt): the same neurons in every
// phase of a step.
inline void thread_range(ull n, int t, int nt, ull& lo, ull& hi) {
  lo = n * static_cast<ull>(t) / static_cast<ull>(nt);
  hi = n * static_cast<ull>(t + 1) / static_cast<ull>(nt);
}

// The first synapse of row [b, e) whose target is >= t (rows are sorted by target).
inline ull first_target(const kern::csr_view& v, ull b, ull e, unsigned t) {
  while (b < e) {
    const ull mid = b + (e - b) / 2;
    if (v.target(mid) < t) b = mid + 1;
    else e = mid;
  }
  return b;
}

// Large arrays on transparent huge pages where the kernel offers them on
// request (madvise): the random accesses of delivery and of plasticity's
// post-triggered pass then miss the TLB far less.
void* acquire_pages(std::size_t bytes);
void release_pages(void* p, std::size_t bytes);
template <class T>
struct big_page_allocator {
  using value_type = T;
  big_page_allocator() = default;
  template <class U>
  big_page_allocator(const big_page_allocator<U>&) {}
  T* allocate(std::size_t n);
  void deallocate(T* p, std::size_t n) { release_pages(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const big_page_allocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const big_page_allocator<U>&) const { return false; }
};
template <class T>
T* big_page_allocator<T>::allocate(std::size_t n) {
  return static_cast<T*>(acquire_pages(n * sizeof(T)));
}

struct plain_adder {
  void operator()(kern::fixed_t* at, kern::fixed_t v) const { *at += v; }
};
// Adds into what every thread of a team may touch (astrocyte input).
struct shared_adder {
  bool atomic;
  void operator()(kern::fixed_t* at, kern::fixed_t v) const {
    if (atomic) __atomic_fetch_add(at, v, __ATOMIC_RELAXED);
    else *at += v;
  }
};

// What the executor's copies share: per-thread selection lists and the
// phase clock.
struct cpu_scratch {
  struct pending_select {
    std::size_t slot;
    unsigned* out;
    ull* count;
  };
  struct per_thread {
    std::vector<std::vector<unsigned>> lists;  // by select slot
    std::vector<pending_select> pending;       // selects of the open independent() block
    bool independent = false;
  };
  std::vector<per_thread> threads;
  std::chrono::steady_clock::time_point last;
};

struct cpu_executor {
  template <class T>
  using array = std::vector<T, big_page_allocator<T>>;
  static constexpr bool measures_phases = true;

  int threads = 1;
  std::shared_ptr<cpu_scratch> scratch = std::make_shared<cpu_scratch>();

  template <class F>
  void for_each(ull n, const F& f, const char* /*name*/) const {
    const long long m = static_cast<long long>(n);
    if (in_team()) {
      const auto g = engine::bound(f);
      if (independent_now()) {
#pragma omp for schedule(static) nowait
        for (long long i = 0; i < m; ++i) g(static_cast<ull>(i));
      } else {
#pragma omp for schedule(static)
        for (long long i = 0; i < m; ++i) g(static_cast<ull>(i));
      }
    } else if (threads <= 1) {
      const auto g = engine::bound(f);
      for (long long i = 0; i < m; ++i) g(static_cast<ull>(i));
    } else {
#pragma omp parallel num_threads(threads)
      {
        const auto g = engine::bound(f);
#pragma omp for schedule(static)
        for (long long i = 0; i < m; ++i) g(static_cast<ull>(i));
      }
    }
  }

  // f(i) for i < *count, read once the team has written it.
  template <class F>
  void for_each_upto(const ull* count, ull /*max*/, const F& f, const char* name) const {
    const ull n = *count;
    for_each(n, f, name);
  }

  // The i < n where f(i) is true, ascending (thread order = index order).
  template <class F>
  void for_each_select(ull n, const F& f, unsigned* out, ull* count, const char* /*name*/) const {
    if (!in_team()) prepare();
    if (!in_team() && threads > 1) {
#pragma omp parallel num_threads(threads)
      select_in_team(n, f, out, count);
    } else {
      select_in_team(n, f, out, count);
    }
  }

  // Every spiking row of every task, split by the targets each thread owns:
  // the adds into the rings need no atomics, and the sums are the same for
  // any number of threads.
  // Reads the tasks from `device` (kernels may have aimed them this step).
  template <class Task, class Host, class Body>
  void for_each_spike_row(const array<Task>& tasks, const Host& /*host copy*/, const Body& body,
                          const char* /*name*/) const {
    if (!in_team()) prepare();
    if (!in_team() && threads > 1) {
#pragma omp parallel num_threads(threads)
      rows_in_team(tasks, body);
    } else {
      rows_in_team(tasks, body);
    }
  }

  // The program's steps in one team (one thread: none, as a team of one
  // pays for its barriers); the key serves CUDA's graph cache.
  template <class Enqueue>
  void run_epoch(std::pair<int, long long> /*key*/, const Enqueue& enqueue) const {
    prepare();
    scratch->last = std::chrono::steady_clock::now();
    if (threads <= 1) {
      enqueue();
      return;
    }
#pragma omp parallel num_threads(threads)
    enqueue();
  }
  void sync(const char*) const {}

  // Calls inside f that do not depend on each other (none reads what
  // another writes): one barrier at the end instead of one per call, and
  // selections finish together.
  template <class F>
  void independent(const F& f) const {
    if (!in_team()) {
      f();
      return;
    }
    auto& me = scratch->threads[team_rank()];
    me.independent = true;
    f();
    me.independent = false;
#pragma omp barrier
    if (me.pending.empty()) return;  // the same on every thread: one program
    for (const auto& p : me.pending) copy_selected(p.slot, p.out, p.count);
    me.pending.clear();
#pragma omp barrier
  }
  // Thread 0 after a barrier: the phase's time includes the slowest thread.
  void mark_time(double* slot) const {
    if (in_team() && team_rank() != 0) return;
    const auto now = std::chrono::steady_clock::now();
    *slot += std::chrono::duration<double>(now - scratch->last).count();
    scratch->last = now;
  }

  // Host code that must run once; the team waits for it.
  template <class F>
  void serial(F&& f) const {
    if (in_team()) {
#pragma omp single
      f();
    } else {
      f();
    }
  }

  template <class T>
  void resize(array<T>& a, std::size_t n) const {
    a.resize(n);
  }
  template <class T>
  void fill(array<T>& a, std::size_t n, const T& v) const {
    a.assign(n, v);
  }
  template <class T>
  void upload(array<T>& a, const std::vector<T>& v) const {
    a.assign(v.begin(), v.end());
  }
  template <class T>
  std::vector<T> download(const array<T>& a, std::size_t count, std::size_t offset = 0) const {
    return std::vector<T>(a.begin() + offset, a.begin() + offset + count);
  }
  template <class T>
  std::vector<T> download(const array<T>& a) const {
    return std::vector<T>(a.begin(), a.end());
  }
  template <class T>
  T back(const array<T>& a) const {
    return a.back();
  }

  // perm (n) and sorted (n): the stable order of keys[0, n) below 2^bits.
  template <class Key>
  void stable_sort_keys(const array<Key>& keys, ull n, int bits, array<ull>& perm, array<Key>& sorted) const {
    perm.resize(n);
    sorted.resize(n);
    radix_sort_permutation(keys.data(), n, bits, perm.data(), sorted.data(), threads);
  }
  // out[0, count) = the i < n with flags[i] != 0, ascending; count[0] = how many.
  void select_flagged(const array<int>& flags, ull n, array<unsigned>& out, ull* count) const {
    serial([&] { count[0] = cpu::select_flagged(flags.data(), n, out.data()); });
  }
  // Units of work that run at once (visitors of CSR construction).
  ull concurrency() const { return static_cast<ull>(std::max(1, threads)); }
  // out[0] = 0, out[i + 1] = in[0] + ... + in[i] for i < n.
  void exclusive_scan(const array<ull>& in, ull n, array<ull>& out) const {
    out.resize(n + 1);
    out[0] = 0;
    for (ull i = 0; i < n; ++i) out[i + 1] = out[i] + in[i];
  }

  // Per-thread lists for selections of up to n elements.
  void reserve_select(ull n) const {
    prepare();
    const int T = std::max(1, threads);
    for (auto& t : scratch->threads) {
      if (t.lists.empty()) t.lists.resize(1);
      for (auto& l : t.lists) l.reserve(n / T + 1);
    }
  }

 private:
  // Per-thread state for a team of `threads` (outside any team).
  void prepare() const {
    const auto T = static_cast<std::size_t>(std::max(1, threads));
    if (scratch->threads.size() < T) scratch->threads.resize(T);
  }
  bool independent_now() const {
    const auto t = static_cast<std::size_t>(team_rank());
    return t < scratch->threads.size() && scratch->threads[t].independent;
  }

  // Thread t's selected ids go after those of threads < t.
  void copy_selected(std::size_t slot, unsigned* out, ull* count) const {
    const int t = team_rank(), nt = team_size();
    ull at = 0;
    for (int u = 0; u < t; ++u) at += scratch->threads[u].lists[slot].size();
    const auto& mine = scratch->threads[t].lists[slot];
    std::copy(mine.begin(), mine.end(), out + at);
    if (t == nt - 1) *count = at + mine.size();
  }

  template <class F>
  void select_in_team(ull n, const F& f, unsigned* out, ull* count) const {
    const int t = team_rank(), nt = team_size();
    auto& me = scratch->threads[t];
    const bool defer = me.independent;
    const std::size_t slot = defer ? me.pending.size() : 0;
    if (me.lists.size() <= slot) me.lists.resize(slot + 1);  // this thread's own
    auto& mine = me.lists[slot];
    mine.clear();
    ull lo, hi;
    thread_range(n, t, nt, lo, hi);
    const auto g = engine::bound(f);
    for (ull i = lo; i < hi; ++i) {
      if (g(i)) mine.push_back(static_cast<unsigned>(i));
    }
    if (defer) {
      me.pending.push_back({slot, out, count});
      return;
    }
#pragma omp barrier
    copy_selected(slot, out, count);
#pragma omp barrier
  }

  template <class Task, class Body>
  void rows_in_team(const array<Task>& tasks, const Body& body) const {
    const int t = team_rank(), nt = team_size();
    plain_adder add;
    shared_adder shared{nt > 1};
    const auto g = engine::bound(body);
    for (std::size_t j = 0; j < tasks.size(); ++j) {
      const Task& D = tasks[j];
      ull lo, hi;
      thread_range(D.n_targets, t, nt, lo, hi);
      const ull n = *D.count;
      for (ull k = 0; k < n; ++k) {
        const unsigned row = D.spikes[k];
        const ull b = D.csr.row_ptr[row], e = D.csr.row_ptr[row + 1];
        if (D.row_owned) {
          if (row >= lo && row < hi && b < e) g(static_cast<int>(j), b, e, add, shared);
          continue;
        }
        const ull sb = nt == 1 ? b : first_target(D.csr, b, e, static_cast<unsigned>(lo));
        const ull se = nt == 1 ? e : first_target(D.csr, sb, e, static_cast<unsigned>(hi));
        if (sb < se) g(static_cast<int>(j), sb, se, add, shared);
      }
    }
    if (!independent_now()) {
#pragma omp barrier
    }
  }
};

}  // namespace tribody::cpu
