#include <cmath>
#include <set>
#include <sstream>

#include "models/neuron_models.hpp"
#include "spec/parse_parts.hpp"

namespace tribody::spec {
namespace {

// Delays are stored in 16 bits of steps.
constexpr double max_delay_steps = 65535.0;
constexpr double max_weight = 1e6;

}  // namespace

void support(const value_dist& d, double& lo, double& hi) {
  const double inf = std::numeric_limits<double>::infinity();
  switch (d.kind) {
    case dist_kind::constant: lo = hi = d.a; return;
    case dist_kind::uniform: lo = d.a; hi = d.b; return;
    case dist_kind::normal_clipped: lo = d.c; hi = d.d; return;
    case dist_kind::normal: lo = (d.b == 0.0 ? d.a : -inf); hi = (d.b == 0.0 ? d.a : inf); return;
    case dist_kind::lognormal: lo = 0.0; hi = inf; return;
  }
}

void check_weight_range(const json_reader& r, const value_dist& w) {
  double lo = 0.0, hi = 0.0;
  support(w, lo, hi);
  if (w.kind == dist_kind::normal || w.kind == dist_kind::normal_clipped) {
    lo = std::max(lo, w.a - 10.0 * w.b);
    hi = std::min(hi, w.a + 10.0 * w.b);
  } else if (w.kind == dist_kind::lognormal) {
    lo = 0.0;
    hi = std::exp(w.a + 10.0 * w.b);
  }
  if (std::max(std::fabs(lo), std::fabs(hi)) > max_weight) {
    r.fail("weight", "weights within +-1e6 (pA, nS or mV): larger inputs overflow a neuron's input sum");
  }
}

namespace {

void parse_delay(const json_reader& r, projection_spec& p, double dt) {
  if (!r.has("delay")) {
    p.delay.a = 1.0;  // NEST's default
    if (p.delay.a < dt) r.fail("delay", "a delay >= dt (" + fmt_number(dt) + " ms); the default 1 ms is shorter");
    return;
  }
  p.delay = r.distribution("delay");
  double lo = 0.0, hi = 0.0;
  support(p.delay, lo, hi);
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    r.fail("delay", "a bounded delay: a constant, uniform, or normal_clipped with low and high (ms)");
  }
  if (lo < dt * (1.0 - 1e-9)) {
    r.fail("delay", "delays >= dt = " + fmt_number(dt) + " ms (the smallest this can give is " + fmt_number(lo) + " ms)");
  }
  if (hi / dt > max_delay_steps) {
    r.fail("delay", "delays <= " + fmt_number(max_delay_steps * dt) + " ms (65535 steps)");
  }
}

void parse_weight(const json_reader& r, projection_spec& p, const models::neuron_model_info& tgt,
                  const std::string& tgt_name) {
  if (tgt.n_ports == 0) {
    throw model_error(r.path_of("target"), "population \"" + tgt_name + "\" (" + tgt.name + ") takes no input");
  }
  p.weight = r.distribution("weight");
  check_weight_range(r, p.weight);
  if (!r.has("receptor")) return;
  const std::string rec = r.one_of("receptor", {"excitatory", "inhibitory"});
  p.receptor = rec == "excitatory" ? receptor_kind::excitatory : receptor_kind::inhibitory;
  double lo = 0.0, hi = 0.0;
  support(p.weight, lo, hi);
  if (p.receptor == receptor_kind::excitatory && lo < 0.0) {
    r.fail("weight", "weights >= 0 for an excitatory projection (use normal_clipped with low >= 0 for a normal)");
  }
  if (p.receptor == receptor_kind::inhibitory && hi > 0.0) {
    r.fail("weight", "weights <= 0 for an inhibitory projection (tribody follows NEST: inhibitory weights are negative)");
  }
}

void parse_connectivity(const json_reader& pr, const model_spec& m, projection_spec& p) {
  const json_reader r = pr.object("connectivity");
  auto& c = p.connectivity;
  const std::string rule = r.one_of("rule", {"all_to_all", "one_to_one", "fixed_indegree", "fixed_outdegree",
                                             "fixed_total_number", "pairwise_bernoulli"});
  const std::uint32_t n_src = m.populations[p.source].size;
  const std::uint32_t n_tgt = m.populations[p.target].size;
  const bool same = p.source == p.target;
  c.allow_autapses = r.boolean("allow_autapses", true);
  const bool no_self = same && !c.allow_autapses;
  if (rule == "all_to_all" || rule == "one_to_one") {
    r.allow_only({"rule", "allow_autapses"});
    c.rule = rule == "all_to_all" ? rule_kind::all_to_all : rule_kind::one_to_one;
    if (c.rule == rule_kind::one_to_one && n_src != n_tgt) {
      r.fail("rule", "populations of equal size for one_to_one (source has " + std::to_string(n_src) +
                         ", target " + std::to_string(n_tgt) + ")");
    }
  } else if (rule == "pairwise_bernoulli") {
    r.allow_only({"rule", "p", "allow_autapses"});
    c.rule = rule_kind::pairwise_bernoulli;
    c.p = r.number("p");
    if (c.p < 0.0 || c.p > 1.0) r.fail("p", "a probability in [0, 1]");
  } else {
    const bool in = rule == "fixed_indegree";
    const bool out = rule == "fixed_outdegree";
    const std::string key = in ? "indegree" : (out ? "outdegree" : "N");
    r.allow_only({"rule", key.c_str(), "allow_autapses", "allow_multapses"});
    c.rule = in ? rule_kind::fixed_indegree : (out ? rule_kind::fixed_outdegree : rule_kind::fixed_total_number);
    c.allow_multapses = r.boolean("allow_multapses", true);
    const std::uint64_t limit = (in || out) ? 0xffffffffULL : (1ULL << 62);
    c.n = r.integer(key, 0, limit);
    const std::uint64_t pool = (in ? n_src : n_tgt) - (no_self ? 1 : 0);
    if (!in && !out) {
      if (!c.allow_multapses) {
        r.fail("allow_multapses", "true: fixed_total_number draws pairs independently (as in NEST)");
      }
    } else if (!c.allow_multapses && c.n > pool) {
      r.fail(key, "at most " + std::to_string(pool) + " (the " + (in ? "source" : "target") +
                      " population" + (no_self ? " without autapses" : "") +
                      ") when allow_multapses is false");
    }
    if (c.n > 0 && pool == 0) r.fail(key, "0: there is no partner to connect to without autapses");
  }
}

}  // namespace

void parse_projections(const json_reader& top, model_spec& m) {
  std::set<std::string> names;
  const auto items = top.objects("projections", false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& r = items[i];
    r.allow_only({"name", "source", "target", "connectivity", "weight", "delay", "receptor", "synapse", "tripartite",
                  "plasticity", "silent"});
    projection_spec p;
    p.source = population_index(m, r.string("source"), r.path_of("source"));
    p.target = population_index(m, r.string("target"), r.path_of("target"));
    const std::string fallback = m.populations[p.source].name + "_to_" + m.populations[p.target].name;
    p.name = r.string("name", names.count(fallback) ? fallback + "_" + std::to_string(i) : fallback);
    if (r.has("name")) check_name(p.name, r.path_of("name"));  // (a default is made of valid names)
    if (!names.insert(p.name).second) r.fail("name", "a unique projection name (\"" + p.name + "\" is used twice)");
    const auto& tgt = *models::find_neuron_model(m.populations[p.target].model);
    parse_weight(r, p, tgt, m.populations[p.target].name);
    parse_delay(r, p, m.simulation.dt);
    parse_connectivity(r, m, p);
    parse_synapse_model(r, p);
    parse_tripartite(r, m, p);
    parse_plasticity(r, m, p);
    p.silent = r.boolean("silent", false);
    // Plastic delivery feeds the astrocytes of a silent projection too; the
    // dynamic one does not.
    const bool plastic = p.plasticity.rule != plasticity_spec::none;
    if (p.silent && (p.synapse.kind != synapse_spec::static_synapse || (p.tripartite.enabled && !plastic))) {
      r.fail("silent", "false: a silent projection has static or plastic synapses only");
    }
    m.projections.push_back(std::move(p));
  }
}

}  // namespace tribody::spec
