#include "cpu/csr_build.hpp"

#include <algorithm>

#include "tribody/kernels/connect.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tribody::cpu {
namespace {

using kern::rule_kind;

// Membership for Floyd sampling: one bit per candidate, cleared after use.
struct bitmap_set {
  std::vector<std::uint64_t> bits;
  bool insert(unsigned x) {
    std::uint64_t& w = bits[x >> 6];
    const std::uint64_t m = 1ULL << (x & 63);
    if (w & m) return false;
    w |= m;
    return true;
  }
  void erase(unsigned x) { bits[x >> 6] &= ~(1ULL << (x & 63)); }
};

struct scratch {
  bitmap_set set;
  std::vector<unsigned> chosen;
};

bool samples_distinct(const kern::connect_rule& r) {
  return !r.multapses && (r.kind == rule_kind::fixed_indegree || r.kind == rule_kind::fixed_outdegree);
}

scratch make_scratch(const kern::connect_rule& r) {
  scratch s;
  if (samples_distinct(r)) {
    const unsigned pool = r.kind == rule_kind::fixed_indegree ? r.n_src : r.n_tgt;
    s.set.bits.assign(pool / 64 + 1, 0);
    s.chosen.resize(r.n);
  }
  return s;
}

template <class Emit>
void visit(const kern::connect_rule& r, unsigned long long unit, Emit& emit, scratch& s) {
  kern::visit_unit(r, unit, emit, s.set, s.chosen.data());
  if (samples_distinct(r)) {
    for (unsigned x : s.chosen) s.set.erase(x);
  }
}

// Writes synapse (unit, k) at position pos.
struct synapse_writer {
  kern::synapse_gen gen;
  csr_storage& c;

  void operator()(unsigned long long pos, unsigned tgt, unsigned long long unit, unsigned long long k) const {
    gen.make(unit, k, tgt, &c.col[pos], c.delay.empty() ? nullptr : &c.delay[pos], &c.weight[pos]);
  }
};

void allocate(csr_storage& c, const plan::projection_plan& p) {
  const std::uint64_t n = c.row_ptr.back();
  c.col.resize(n);
  c.weight.resize(n);
  if (!p.constant_delay && !p.pack_delay) c.delay.resize(n);
}

// Rules whose units are source rows: row k-th synapse goes to row_ptr + k.
void build_by_rows(const plan::projection_plan& p, double dt, int threads, csr_storage& c) {
  const auto& r = p.rule;
  const long long units = static_cast<long long>(r.n_src);
  c.row_ptr.assign(units + 1, 0);
  if (r.fixed_unit_size(0) >= 0) {
    for (long long u = 0; u < units; ++u) c.row_ptr[u + 1] = static_cast<unsigned long long>(r.fixed_unit_size(u));
  } else {
#pragma omp parallel num_threads(threads)
    {
      scratch s = make_scratch(r);
#pragma omp for schedule(dynamic, 64)
      for (long long u = 0; u < units; ++u) {
        unsigned long long n = 0;
        auto count = [&n](unsigned, unsigned, unsigned long long, unsigned long long) { ++n; };
        visit(r, static_cast<unsigned long long>(u), count, s);
        c.row_ptr[u + 1] = n;
      }
    }
  }
  for (long long u = 0; u < units; ++u) c.row_ptr[u + 1] += c.row_ptr[u];
  allocate(c, p);
  const synapse_writer write{p.generator(dt), c};
#pragma omp parallel num_threads(threads)
  {
    scratch s = make_scratch(r);
#pragma omp for schedule(dynamic, 64)
    for (long long u = 0; u < units; ++u) {
      auto emit = [&](unsigned src, unsigned tgt, unsigned long long unit, unsigned long long k) {
        write(c.row_ptr[src] + k, tgt, unit, k);
      };
      visit(r, static_cast<unsigned long long>(u), emit, s);
    }
  }
}

// Rules whose units are target columns or chunks of draws. The units are
// cut into `parts` contiguous ranges; part t's synapses of source i go
// after those of parts < t, so rows are ordered by unit for any `parts`.
void build_by_parts(const plan::projection_plan& p, double dt, int threads, csr_storage& c) {
  const auto& r = p.rule;
  const unsigned long long units = r.n_units();
  const int parts = std::max(1, threads);
  const std::size_t n_src = r.n_src;
  std::vector<unsigned long long> cursor(static_cast<std::size_t>(parts) * n_src, 0);
  auto range = [&](int t, unsigned long long& lo, unsigned long long& hi) {
    lo = units * static_cast<unsigned long long>(t) / parts;
    hi = units * static_cast<unsigned long long>(t + 1) / parts;
  };
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (int t = 0; t < parts; ++t) {
    scratch s = make_scratch(r);
    unsigned long long* mine = cursor.data() + static_cast<std::size_t>(t) * n_src;
    auto count = [mine](unsigned src, unsigned, unsigned long long, unsigned long long) { ++mine[src]; };
    unsigned long long lo, hi;
    range(t, lo, hi);
    for (unsigned long long u = lo; u < hi; ++u) visit(r, u, count, s);
  }
  c.row_ptr.assign(n_src + 1, 0);
  for (std::size_t i = 0; i < n_src; ++i) {
    unsigned long long at = c.row_ptr[i];
    for (int t = 0; t < parts; ++t) {
      const unsigned long long n = cursor[t * n_src + i];
      cursor[t * n_src + i] = at;  // counts become write cursors
      at += n;
    }
    c.row_ptr[i + 1] = at;
  }
  allocate(c, p);
  const synapse_writer write{p.generator(dt), c};
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (int t = 0; t < parts; ++t) {
    scratch s = make_scratch(r);
    unsigned long long* mine = cursor.data() + static_cast<std::size_t>(t) * n_src;
    auto emit = [&](unsigned src, unsigned tgt, unsigned long long unit, unsigned long long k) {
      write(mine[src]++, tgt, unit, k);
    };
    unsigned long long lo, hi;
    range(t, lo, hi);
    for (unsigned long long u = lo; u < hi; ++u) visit(r, u, emit, s);
  }
}

}  // namespace

kern::csr_view csr_storage::view(const plan::projection_plan& p) const {
  return p.view(row_ptr.data(), col.data(), delay.empty() ? nullptr : delay.data(), weight.data());
}

csr_storage build_csr(const plan::projection_plan& p, double dt, int threads) {
  csr_storage c;
  if (p.rule.unit_is_source()) build_by_rows(p, dt, threads, c);
  else build_by_parts(p, dt, threads, c);
  if (kern::rows_need_sorting(p.rule)) {
    const kern::row_order order{c.col.data(), c.delay.empty() ? nullptr : c.delay.data(), c.weight.data(),
                                p.pack_delay ? ((1u << p.target_bits) - 1u) : 0xffffffffu};
    const long long rows = static_cast<long long>(c.row_ptr.size()) - 1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
    for (long long i = 0; i < rows; ++i) order.sort(c.row_ptr[i], c.row_ptr[i + 1]);
  }
  return c;
}

}  // namespace tribody::cpu
