#include "plan/network_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tribody/errors.hpp"
#include "tribody/kernels/portable_math.hpp"
#include "tribody/kernels/stimulus.hpp"

namespace tribody::plan {
namespace {

int delay_steps(double ms, double dt) { return kern::delay_to_steps(ms, dt); }

unsigned bits_for(std::uint64_t values) {  // bits to store 0 .. values-1
  unsigned b = 1;
  while (b < 64 && (1ULL << b) < values) ++b;
  return b;
}

long long first_step(double t, double dt) { return static_cast<long long>(std::ceil(t / dt - 1e-9)); }
long long end_step(double t, double dt) {
  if (!std::isfinite(t)) return std::numeric_limits<long long>::max();
  return first_step(t, dt);
}

// The port and fixed-point value a stimulus weight lands with: rounded to
// float first, as synaptic weights are stored, so the same weight arrives
// the same through a stimulus and through a projection.
void route(double weight, const population_plan& tgt, int& port, kern::fixed_t& value) {
  const double w = static_cast<float>(weight);
  port = (tgt.n_ports == 2 && w < 0.0) ? 1 : 0;
  value = kern::to_fixed(tgt.conductance ? std::fabs(w) : w);
}

population_plan plan_population(const population_spec& s, std::uint64_t gid0, double dt) {
  const auto& info = *models::find_neuron_model(s.model);
  population_plan p;
  p.name = s.name;
  p.size = s.size;
  p.gid0 = gid0;
  p.kind = info.kind;
  p.params = make_neuron_params(info.kind, s.params, dt);
  p.n_ports = info.n_ports;
  p.conductance = info.conductance;
  for (const auto& v : info.state) {
    p.var_names.push_back(v.name);
    p.var_units.push_back(v.unit);
    p.initial.push_back(s.initial.at(v.name));
    p.linked_source.push_back(-1);
    p.linked_factor.push_back(0.0);
  }
  for (const auto& [var, link] : s.initial_linked) {
    const auto idx = [&](const std::string& n) {
      return static_cast<int>(std::find(p.var_names.begin(), p.var_names.end(), n) - p.var_names.begin());
    };
    p.linked_source[idx(var)] = idx(link.first);
    p.linked_factor[idx(var)] = link.second;
  }
  return p;
}

double expected_count(const connectivity_spec& c, double n_src, double n_tgt, bool same) {
  const double self = (same && !c.allow_autapses) ? 1.0 : 0.0;
  switch (c.rule) {
    case rule_kind::all_to_all: return n_src * (n_tgt - self);
    case rule_kind::one_to_one: return self > 0 ? 0.0 : n_src;
    case rule_kind::fixed_indegree: return static_cast<double>(c.n) * n_tgt;
    case rule_kind::fixed_outdegree: return static_cast<double>(c.n) * n_src;
    case rule_kind::fixed_total_number: return static_cast<double>(c.n);
    case rule_kind::pairwise_bernoulli: return c.p * n_src * (n_tgt - self);
  }
  return 0.0;
}

projection_plan plan_projection(const projection_spec& s, int index, const model_spec& m,
                                const std::vector<population_plan>& pops) {
  const double dt = m.simulation.dt;
  const auto& src = pops[s.source];
  const auto& tgt = pops[s.target];
  projection_plan p;
  p.name = s.name;
  p.source = s.source;
  p.target = s.target;
  const auto seed = m.simulation.seed;
  const auto stream = static_cast<unsigned>(index);
  auto& r = p.rule;
  r.kind = s.connectivity.rule;
  r.n_src = src.size;
  r.n_tgt = tgt.size;
  r.n = s.connectivity.n;
  r.p = s.connectivity.p;
  r.log1m_p = (r.p > 0.0 && r.p < 1.0) ? std::log1p(-r.p) : 0.0;  // host value, shared by all backends
  r.autapses = s.connectivity.allow_autapses;
  r.multapses = s.connectivity.allow_multapses;
  r.same_population = s.source == s.target;
  r.key = kern::make_key(seed, kern::purpose::connect, stream);
  p.weight = s.weight;
  p.delay_ms = s.delay;
  p.weight_key = kern::make_key(seed, kern::purpose::weight, stream);
  p.delay_key = kern::make_key(seed, kern::purpose::delay, stream);
  // Support of the delay distribution, in steps.
  double lo = s.delay.a, hi = s.delay.a;
  if (s.delay.kind == dist_kind::uniform) hi = s.delay.b;
  if (s.delay.kind == dist_kind::normal_clipped) { lo = s.delay.c; hi = s.delay.d; }
  p.min_delay = std::max(1, delay_steps(lo, dt));
  p.max_delay = std::max(p.min_delay, delay_steps(hi, dt));
  p.constant_delay = p.min_delay == p.max_delay;
  p.target_bits = bits_for(tgt.size);
  p.pack_delay = !p.constant_delay && p.target_bits + bits_for(p.max_delay + 1ULL) <= 32;
  p.port_by_sign = tgt.n_ports == 2;
  p.magnitude = tgt.conductance;
  p.silent = s.silent;
  p.expected_synapses = expected_count(s.connectivity, src.size, tgt.size, r.same_population);
  return p;
}

}  // namespace

kern::synapse_gen projection_plan::generator(double dt) const {
  kern::synapse_gen g;
  g.weight = weight;
  g.delay_ms = delay_ms;
  g.weight_key = weight_key;
  g.delay_key = delay_key;
  g.dt = dt;
  g.min_delay = min_delay;
  g.max_delay = max_delay;
  g.constant_delay = constant_delay;
  g.pack_delay = pack_delay;
  g.target_bits = target_bits;
  return g;
}

kern::csr_view projection_plan::view(const unsigned long long* row_ptr, const unsigned* col,
                                     const unsigned short* delay, const float* weight) const {
  kern::csr_view v;
  v.row_ptr = row_ptr;
  v.col = col;
  v.delay = delay;
  v.weight = weight;
  v.const_delay = constant_delay ? min_delay : 0;
  v.target_bits = pack_delay ? target_bits : 32;
  v.target_mask = pack_delay ? ((1u << target_bits) - 1u) : 0xffffffffu;
  v.port_by_sign = port_by_sign;
  v.magnitude = magnitude;
  return v;
}

std::vector<double> poisson_cdf(double lambda) {
  std::vector<double> cdf;
  long double p = std::exp(-static_cast<long double>(lambda)), sum = p;
  for (int k = 0; k < kern::poisson_cdf_max; ++k) {
    cdf.push_back(static_cast<double>(sum));
    if (cdf.back() >= 1.0) break;
    p *= lambda / (k + 1);
    sum += p;
  }
  return cdf;
}

std::vector<int> poisson_guide(const std::vector<double>& cdf) {
  std::vector<int> guide(kern::poisson_guide_len);
  int k = 0;
  for (int i = 0; i < kern::poisson_guide_len; ++i) {
    const double lo = static_cast<double>(i) / kern::poisson_guide_len;
    while (k < static_cast<int>(cdf.size()) && cdf[k] <= lo) ++k;
    guide[i] = k;
  }
  return guide;
}

std::uint64_t network_plan::total_neurons() const {
  std::uint64_t n = 0;
  for (const auto& p : populations) n += p.size;
  return n;
}

double network_plan::expected_synapses() const {
  double n = 0.0;
  for (const auto& p : projections) n += p.expected_synapses;
  return n;
}

network_plan make_plan(const model_spec& m) {
  const double dt = m.simulation.dt;
  network_plan net;
  net.dt = dt;
  net.n_steps = std::llround(m.simulation.t_stop / dt);
  net.seed = m.simulation.seed;
  net.threads = m.simulation.threads;
  std::uint64_t gid = 0;
  for (const auto& s : m.populations) {
    net.populations.push_back(plan_population(s, gid, dt));
    gid += s.size;
  }
  net.min_delay = std::numeric_limits<int>::max();
  auto need_delay = [&](int target, int d) {
    auto& p = net.populations[target];
    p.ring_len = std::max(p.ring_len, d + 1);
    net.min_delay = std::min(net.min_delay, d);
  };
  net.slow_steps = std::llround(m.simulation.slow_dt / dt);
  std::uint64_t astro_id = 0;
  for (const auto& a : m.astrocytes) {
    net.astrocytes.push_back(plan_astrocytes(a, astro_id, dt, m.simulation.slow_dt));
    astro_id += a.size;
  }
  for (const auto& g : m.gap_junctions) net.gap_junctions.push_back(plan_gap_junctions(g, m.astrocytes[g.astrocytes]));
  for (const auto& n : m.neuromodulators) {
    neuromodulator_plan q;
    q.name = n.name;
    q.baseline = n.baseline;
    for (const auto& pulse : n.pulses) {
      q.start.push_back(first_step(pulse.start, dt));
      q.stop.push_back(end_step(pulse.stop, dt));
      q.amplitude.push_back(pulse.amplitude);
    }
    net.neuromodulators.push_back(std::move(q));
  }
  for (std::size_t i = 0; i < m.projections.size(); ++i) {
    net.projections.push_back(plan_projection(m.projections[i], static_cast<int>(i), m, net.populations));
    net.projections.back().synapse = m.projections[i].synapse;
    plan_tripartite(m.projections[i], m, static_cast<int>(i), net.projections.back());
    plan_plasticity(m.projections[i], m, static_cast<int>(i), net.projections.back());
    // Dynamic synapses store the step of their last spike as a 32-bit int.
    if (net.projections.back().dynamic() && net.n_steps >= 2147483647LL) {
      throw model_error("$.simulation.t_stop", "got " + std::to_string(m.simulation.t_stop) +
                                                   " ms; with dynamic or tripartite synapses a run has at most 2^31 - 1 "
                                                   "steps (split it into shorter runs)");
    }
    need_delay(net.projections.back().target, net.projections.back().max_delay);
    net.min_delay = std::min(net.min_delay, net.projections.back().min_delay);
  }
  for (std::size_t i = 0; i < m.stimuli.size(); ++i) {
    const auto& s = m.stimuli[i];
    const auto& tgt = net.populations[s.target];
    if (s.type == stimulus_type::poisson) {
      poisson_plan p;
      p.name = s.name;
      p.target = s.target;
      p.node_ids = s.node_ids;
      const double lambda = s.rate * dt * 1e-3;
      p.n_chunks = lambda > 0.0 ? static_cast<int>(std::ceil(lambda / kern::poisson_chunk)) : 0;
      p.cdf = poisson_cdf(p.n_chunks > 0 ? lambda / p.n_chunks : 0.0);
      p.guide = poisson_guide(p.cdf);
      p.start_step = first_step(s.start, dt);
      p.stop_step = end_step(s.stop, dt);
      route(s.weight, tgt, p.port, p.value);
      p.delay = delay_steps(s.delay, dt);
      p.key = kern::make_key(net.seed, kern::purpose::poisson_input, static_cast<unsigned>(i));
      need_delay(s.target, p.delay);
      net.poisson.push_back(std::move(p));
    } else if (s.type == stimulus_type::spike_times) {
      spike_times_plan p;
      p.name = s.name;
      p.target = s.target;
      route(s.weight, tgt, p.port, p.value);
      p.delay = delay_steps(s.delay, dt);
      for (const auto& train : s.trains) {
        for (double t : train.times) p.events.push_back({std::llround(t / dt) - 1, train.node_id});
      }
      std::sort(p.events.begin(), p.events.end(), [](const spike_event& a, const spike_event& b) {
        return a.step != b.step ? a.step < b.step : a.node < b.node;
      });
      need_delay(s.target, p.delay);
      net.spike_times.push_back(std::move(p));
    } else if (s.type == stimulus_type::reward) {
      reward_plan p;
      p.name = s.name;
      p.target = s.target;
      p.node_ids = s.node_ids;
      p.pre_pop = s.pre_pop;
      p.post_pop = s.post_pop;
      p.pre_node = s.pre_node;
      p.post_node = s.post_node;
      p.window = std::llround(s.window / dt);
      p.d_min = static_cast<int>(std::llround(s.delay_min / dt));
      p.d_max = static_cast<int>(std::llround(s.delay_max / dt));
      route(s.weight, tgt, p.port, p.value);
      p.key = kern::make_key(net.seed, kern::purpose::reward, static_cast<unsigned>(i));
      need_delay(s.target, p.d_max);
      net.rewards.push_back(std::move(p));
    } else {
      dc_plan p;
      p.name = s.name;
      p.target = s.target;
      p.node_ids = s.node_ids;
      p.start_step = first_step(s.start, dt);
      p.stop_step = end_step(s.stop, dt);
      p.amplitude = s.amplitude;
      net.populations[s.target].has_dc = true;
      net.dc.push_back(std::move(p));
    }
  }
  if (net.min_delay == std::numeric_limits<int>::max()) net.min_delay = 1;
  for (const auto& r : m.recorders) {
    if (r.type == recorder_type::spikes) {
      net.spike_recorders.push_back({r.name, r.populations, r.astro_populations});
      continue;
    }
    if (r.type == recorder_type::weights) {
      net.weight_recorders.push_back({r.name, r.projection, r.sources, r.targets});
      continue;
    }
    if (r.type == recorder_type::edges) {
      edges_recorder_plan e{r.name, r.projection, {}, r.variables};
      for (double t : r.times) e.steps.push_back(std::llround(t / dt));
      net.edge_recorders.push_back(std::move(e));
      continue;
    }
    state_recorder_plan p;
    p.name = r.name;
    p.astro = r.astro;
    p.population = r.population;
    p.node_ids = r.node_ids;
    const auto& names = r.astro ? net.astrocytes[r.population].var_names : net.populations[r.population].var_names;
    const auto& units = r.astro ? net.astrocytes[r.population].var_units : net.populations[r.population].var_units;
    for (const auto& v : r.variables) {
      const auto it = std::find(names.begin(), names.end(), v);
      p.vars.push_back(static_cast<int>(it - names.begin()));
      p.var_names.push_back(v);
      p.var_units.push_back(units[p.vars.back()]);
    }
    p.interval = std::llround(r.interval / dt);
    net.state_recorders.push_back(std::move(p));
  }
  return net;
}

}  // namespace tribody::plan
