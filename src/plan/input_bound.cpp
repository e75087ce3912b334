#include "plan/input_bound.hpp"

#include <algorithm>
#include <cmath>

namespace tribody::plan {

namespace {

double max_abs(const value_dist& d) {
  const double z = kern::normal_bound;
  switch (d.kind) {
    case dist_kind::constant: return std::fabs(d.a);
    case dist_kind::uniform: return std::max(std::fabs(d.a), std::fabs(d.b));
    case dist_kind::normal_clipped: return std::max(std::fabs(d.c), std::fabs(d.d));
    case dist_kind::normal: return std::fabs(d.a) + z * std::fabs(d.b);
    case dist_kind::lognormal: return std::exp(d.a + z * std::fabs(d.b));
  }
  return 0.0;
}

double units(kern::fixed_t v) { return std::fabs(static_cast<double>(v)) * kern::fixed_inv; }

}  // namespace

double max_abs_weight(const projection_plan& p) {
  // Weights are stored as float: one rounding above the value at most.
  double w = max_abs(p.weight) * (1.0 + 1e-7);
  if (p.plastic()) {
    const auto& k = p.plasticity.params;
    w = std::max({w, std::fabs(k.Wmax), std::fabs(k.Wmin)});
  }
  return w;
}

double max_indegree(const projection_plan& p) {
  const auto& r = p.rule;
  const double self = r.exclude_self() ? 1.0 : 0.0;
  switch (r.kind) {
    case kern::rule_kind::one_to_one: return 1.0;
    case kern::rule_kind::fixed_indegree: return static_cast<double>(r.n);
    case kern::rule_kind::fixed_total_number:
      return r.multapses ? static_cast<double>(r.n) : std::min(static_cast<double>(r.n), r.n_src - self);
    case kern::rule_kind::fixed_outdegree:
      return r.multapses ? static_cast<double>(r.n_src) * static_cast<double>(r.n) : r.n_src - self;
    case kern::rule_kind::all_to_all:
    case kern::rule_kind::pairwise_bernoulli: return r.n_src - self;
  }
  return r.n_src;
}

std::vector<double> stimulus_input_bound(const network_plan& net) {
  std::vector<double> b(net.populations.size(), 0.0);
  for (const auto& s : net.poisson) {
    b[s.target] += static_cast<double>(s.n_chunks) * static_cast<double>(s.cdf.size()) * units(s.value);
  }
  for (const auto& s : net.spike_times) {  // the most events of one node in one step
    long long most = 0, run = 0;
    for (std::size_t k = 0; k < s.events.size(); ++k) {
      const bool same = k > 0 && s.events[k].step == s.events[k - 1].step && s.events[k].node == s.events[k - 1].node;
      run = same ? run + 1 : 1;
      most = std::max(most, run);
    }
    b[s.target] += static_cast<double>(most) * units(s.value);
  }
  for (const auto& s : net.rewards) {  // one trigger per step, landing within [d_min, d_max] steps
    b[s.target] += static_cast<double>(s.d_max - s.d_min + 1) * units(s.value);
  }
  return b;
}

std::vector<double> input_bound(const network_plan& net) {
  auto b = stimulus_input_bound(net);
  for (const auto& p : net.projections) {
    if (!p.silent) b[p.target] += max_abs_weight(p) * max_indegree(p);
  }
  return b;
}

}  // namespace tribody::plan
