// Astrocyte populations, neuromodulators, gap junctions, and the synapse
// model and tripartite part of projections.
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "models/astro_models.hpp"
#include "spec/parse_parts.hpp"

namespace tribody::spec {
namespace {

void parse_values(const json_reader& r, const std::vector<models::param_info>& info,
                  std::map<std::string, double>& out) {
  for (const auto& pi : info) out[pi.name] = pi.fallback;
  auto params = r.optional_object("params");
  if (!params) return;
  std::vector<std::string> names;
  for (const auto& pi : info) names.push_back(pi.name);
  params->allow_only(names);
  for (const auto& pi : info) {
    if (!params->has(pi.name)) continue;
    out[pi.name] = parameter_value(*params, pi);
  }
}

}  // namespace

int astro_index(const model_spec& m, const std::string& name, const std::string& path) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < m.astrocytes.size(); ++i) {
    if (m.astrocytes[i].name == name) return static_cast<int>(i);
    names.push_back(m.astrocytes[i].name);
  }
  if (names.empty()) throw model_error(path, "got \"" + name + "\"; the model has no \"astrocytes\"");
  std::string msg = "got \"" + name + "\"; expected an astrocyte population: " + join(names);
  const std::string near = closest(name, names);
  if (!near.empty()) msg += " (did you mean '" + near + "'?)";
  throw model_error(path, msg);
}

void parse_neuromodulators(const json_reader& top, model_spec& m) {
  std::set<std::string> names;
  for (const auto& r : top.objects("neuromodulators", false)) {
    r.allow_only({"name", "baseline", "pulses"});
    neuromodulator_spec n;
    n.name = r.string("name");
    check_name(n.name, r.path_of("name"));
    if (!names.insert(n.name).second) r.fail("name", "a unique neuromodulator name");
    n.baseline = r.number_at_least("baseline", 0.0, 0.0);
    const auto pulses = r.objects("pulses", false);
    for (const auto& p : pulses) {
      p.allow_only({"start", "stop", "amplitude"});
      neuromodulator_spec::pulse q{p.number_at_least("start", 0.0, 0.0), p.number("stop"), p.number("amplitude")};
      if (!(q.stop > q.start)) p.fail("stop", "a time after start (" + fmt_number(q.start) + " ms)");
      n.pulses.push_back(q);
    }
    // A concentration: it may dip (negative amplitudes) but not below zero.
    // It only changes where a pulse starts, so checking there suffices.
    for (std::size_t k = 0; k < n.pulses.size(); ++k) {
      double c = n.baseline;
      for (const auto& q : n.pulses) {
        if (q.start <= n.pulses[k].start && n.pulses[k].start < q.stop) c += q.amplitude;
      }
      if (c < 0.0) {
        pulses[k].fail("amplitude", "a concentration >= 0: baseline plus the pulses active at t = " +
                                        fmt_number(n.pulses[k].start) + " ms sum to " + fmt_number(c));
      }
    }
    m.neuromodulators.push_back(std::move(n));
  }
}

void parse_astrocytes(const json_reader& top, model_spec& m) {
  std::set<std::string> names;
  for (const auto& p : m.populations) names.insert(p.name);
  for (const auto& r : top.objects("astrocytes", false)) {
    r.allow_only({"name", "size", "model", "params", "initial", "grid", "neuromodulator", "integrator"});
    astro_population_spec a;
    a.name = r.string("name");
    check_name(a.name, r.path_of("name"));
    if (!names.insert(a.name).second) {
      r.fail("name", "a name no neuron or astrocyte population uses (\"" + a.name + "\" is taken)");
    }
    a.size = static_cast<std::uint32_t>(r.integer("size", 1, 0xffffffffULL));
    a.model = r.one_of("model", models::astro_model_names());
    const auto& info = *models::find_astro_model(a.model);
    parse_values(r, info.params, a.params);
    const std::string problem = info.check(a.params);
    if (!problem.empty()) throw model_error(r.path_of("params"), "model " + a.model + ": " + problem);
    for (const auto& [k, v] : info.initial_defaults(a.params)) a.initial[k].a = v;
    if (auto init = r.optional_object("initial")) {
      std::vector<std::string> vars;
      for (const auto& s : info.state) vars.push_back(s.name);
      init->allow_only(vars);
      for (const auto& v : vars) {
        if (init->has(v)) a.initial[v] = init->distribution(v);
      }
    }
    if (auto g = r.optional_object("grid")) {
      g->allow_only({"rows", "cols"});
      a.grid_rows = static_cast<std::uint32_t>(g->integer("rows", 1, 0xffffffffULL));
      a.grid_cols = static_cast<std::uint32_t>(g->integer("cols", 1, 0xffffffffULL));
      if (static_cast<std::uint64_t>(a.grid_rows) * a.grid_cols != a.size) {
        g->fail("rows", "rows * cols = size (" + std::to_string(a.size) + ")");
      }
    }
    if (r.has("neuromodulator")) {
      const std::string n = r.string("neuromodulator");
      std::vector<std::string> defined;
      for (std::size_t i = 0; i < m.neuromodulators.size(); ++i) {
        if (m.neuromodulators[i].name == n) a.neuromodulator = static_cast<int>(i);
        defined.push_back(m.neuromodulators[i].name);
      }
      if (a.neuromodulator < 0) {
        std::string msg = "got \"" + n + "\"; expected a neuromodulator: " +
                          (defined.empty() ? std::string("the model has no \"neuromodulators\"") : join(defined));
        const std::string near = closest(n, defined);
        if (!near.empty()) msg += " (did you mean '" + near + "'?)";
        throw model_error(r.path_of("neuromodulator"), msg);
      }
    }
    if (r.has("integrator")) {
      a.euler = r.one_of("integrator", {"exponential", "euler"}) == "euler";
      if (a.euler && a.model == "astro_slow") {
        r.fail("integrator", "\"exponential\": astro_slow is linear and always integrated exactly");
      }
    }
    m.astrocytes.push_back(std::move(a));
  }
}

void parse_gap_junctions(const json_reader& top, model_spec& m) {
  std::set<int> coupled;  // a second entry on a population would double its coupling
  for (const auto& r : top.objects("gap_junctions", false)) {
    r.allow_only({"astrocytes", "rule", "radius", "pairs", "F", "threshold", "width"});
    gap_junction_spec g;
    g.astrocytes = astro_index(m, r.string("astrocytes"), r.path_of("astrocytes"));
    if (!coupled.insert(g.astrocytes).second) {
      r.fail("astrocytes", "one gap_junctions entry per astrocyte population (\"" + m.astrocytes[g.astrocytes].name +
                               "\" has one already)");
    }
    const auto& a = m.astrocytes[g.astrocytes];
    const std::string rule = r.one_of("rule", {"grid_neighbors", "distance", "pairs"});
    if (rule != "distance" && r.has("radius")) r.fail("radius", "no radius: it applies to rule \"distance\" only");
    if (rule != "pairs" && r.has("pairs")) r.fail("pairs", "no pairs: they apply to rule \"pairs\" only");
    if (rule == "pairs") {
      g.rule = gap_junction_spec::pair_list;
      const json& pairs = r.at("pairs");
      if (!pairs.is_array()) r.fail("pairs", "an array of [i, j] astrocyte pairs");
      std::set<std::pair<std::uint32_t, std::uint32_t>> seen;  // unordered: [i, j] is [j, i]
      for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto& q = pairs[k];
        const std::string path = r.path_of("pairs") + "[" + std::to_string(k) + "]";
        if (!q.is_array() || q.size() != 2 || !q[0].is_number_unsigned() || !q[1].is_number_unsigned() ||
            q[0].get<std::uint64_t>() >= a.size || q[1].get<std::uint64_t>() >= a.size || q[0] == q[1]) {
          throw model_error(path, "got " + show(q) + "; expected [i, j], two different astrocytes in [0, " +
                                      std::to_string(a.size) + ")");
        }
        const auto i = q[0].get<std::uint32_t>(), j = q[1].get<std::uint32_t>();
        if (!seen.insert({std::min(i, j), std::max(i, j)}).second) {
          throw model_error(path, "got " + show(q) + " a second time; expected each pair once (a pair is coupled both ways)");
        }
        g.pairs.emplace_back(i, j);
      }
    } else {
      g.rule = rule == "distance" ? gap_junction_spec::distance : gap_junction_spec::grid_neighbors;
      if (a.grid_rows == 0) r.fail("rule", "\"pairs\", or a grid on astrocyte population \"" + a.name + "\"");
      if (g.rule == gap_junction_spec::distance) {
        g.radius = r.positive("radius", g.radius);
        if (g.radius > 16.0) r.fail("radius", "a radius of at most 16 grid spacings");
      }
    }
    g.F = r.number_at_least("F", 0.0, g.F);
    g.threshold = r.number_at_least("threshold", 0.0, g.threshold);
    g.width = r.positive("width", g.width);
    m.gap_junctions.push_back(std::move(g));
  }
}

void parse_synapse_model(const json_reader& pr, projection_spec& p) {
  auto r = pr.optional_object("synapse");
  if (!r) return;
  const std::string model = r->one_of("model", {"static", "tsodyks_markram"});
  if (model == "static") {
    r->allow_only({"model"});
    return;
  }
  r->allow_only({"model", "U_0", "Omega_f", "Omega_d"});
  p.synapse.kind = synapse_spec::tsodyks_markram;
  p.synapse.U_0 = r->number("U_0", p.synapse.U_0);
  if (p.synapse.U_0 <= 0.0 || p.synapse.U_0 > 1.0) r->fail("U_0", "a release probability in (0, 1]");
  p.synapse.Omega_f = r->number("Omega_f", p.synapse.Omega_f);
  if (!(p.synapse.Omega_f > 0.0) || !std::isfinite(p.synapse.Omega_f)) {
    r->fail("Omega_f", "a rate > 0 (1/ms): u relaxes to 0 at this rate between spikes, so no facilitation is a large "
                       "Omega_f (such as 1e3), not 0");
  }
  p.synapse.Omega_d = r->positive("Omega_d", p.synapse.Omega_d);
}

void parse_tripartite(const json_reader& pr, const model_spec& m, projection_spec& p) {
  auto r = pr.optional_object("tripartite");
  if (!r) return;
  r->allow_only({"astrocytes", "assignment", "astro_weight", "astro_input", "pathways"});
  auto& t = p.tripartite;
  t.enabled = true;
  t.astrocytes = astro_index(m, r->string("astrocytes"), r->path_of("astrocytes"));
  const auto& astro = m.astrocytes[t.astrocytes];
  const auto& target = m.populations[p.target];
  t.astro_weight = r->number_at_least("astro_weight", 0.0, 1.0);
  if (t.astro_weight > 1e6) r->fail("astro_weight", "a weight in [0, 1e6]");
  if (r->has("astro_input")) t.astro_mean = r->one_of("astro_input", {"sum", "mean"}) == "mean";
  const json_reader a = r->object("assignment");
  const std::string rule = a.one_of("rule", {"pool", "space", "by_target"});
  if (rule == "pool") {
    a.allow_only({"rule", "pool_size", "pool_type", "p"});
    t.rule = tripartite_spec::pool;
    t.pool_size = static_cast<std::uint32_t>(a.integer("pool_size", 1, astro.size, 1));
    t.pool_random = a.has("pool_type") && a.one_of("pool_type", {"block", "random"}) == "random";
    if (t.pool_random && t.pool_size > 64) a.fail("pool_size", "at most 64 astrocytes in a random pool");
    t.p = a.number("p", 1.0);
    if (t.p < 0.0 || t.p > 1.0) a.fail("p", "a probability in [0, 1]");
  } else if (rule == "space") {
    a.allow_only({"rule"});
    t.rule = tripartite_spec::space;
    if (astro.grid_rows == 0) a.fail("rule", "a grid on astrocyte population \"" + astro.name + "\" for rule space");
  } else {
    a.allow_only({"rule", "astrocytes"});
    t.rule = tripartite_spec::by_target;
    const json& list = a.at("astrocytes");
    if (!list.is_array() || list.size() != target.size) {
      a.fail("astrocytes", "an array with one astrocyte index (or -1) per neuron of \"" + target.name + "\" (" +
                               std::to_string(target.size) + ")");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (!list[k].is_number_integer() || list[k].get<long long>() < -1 ||
          list[k].get<long long>() >= static_cast<long long>(astro.size)) {
        throw model_error(a.path_of("astrocytes") + "[" + std::to_string(k) + "]",
                          "got " + show(list[k]) + "; expected -1 or an astrocyte in [0, " + std::to_string(astro.size) + ")");
      }
      t.target_astrocyte.push_back(list[k].get<long long>());
    }
  }
  std::set<int> kinds;
  for (const auto& q : r->objects("pathways", false)) {
    pathway_spec w;
    const std::string type = q.one_of("type", {"sic", "release_modulation", "plasticity_gate"});
    if (type == "sic") {
      q.allow_only({"type", "mode", "K_local", "weight", "SIC_scale", "SIC_th"});
      w.kind = pathway_spec::sic;
      w.weight = q.number("weight", w.weight);
      w.SIC_scale = q.number("SIC_scale", w.SIC_scale);
      w.SIC_th = q.number("SIC_th", w.SIC_th);
    } else if (type == "release_modulation") {
      q.allow_only({"type", "mode", "K_local", "O_G", "Omega_G", "alpha"});
      w.kind = pathway_spec::release_modulation;
      if (astro.model != "astro_gchi") q.fail("type", "a pathway astrocyte model " + astro.model + " has (release_modulation needs astro_gchi)");
      if (p.synapse.kind != synapse_spec::tsodyks_markram) {
        q.fail("type", "a pathway this synapse has: release_modulation needs \"synapse\": {\"model\": \"tsodyks_markram\"}");
      }
      w.O_G = q.number_at_least("O_G", 0.0, w.O_G);
      w.Omega_G = q.number_at_least("Omega_G", 0.0, w.Omega_G);
      w.alpha = q.number("alpha", w.alpha);
      if (w.alpha < 0.0 || w.alpha > 1.0) q.fail("alpha", "a number in [0, 1]");
    } else {
      q.allow_only({"type", "mode", "K_local", "k", "theta"});
      w.kind = pathway_spec::plasticity_gate;
      w.k = q.number("k", w.k);
      w.theta = q.number("theta", w.theta);
    }
    w.local = q.has("mode") && q.one_of("mode", {"broadcast", "local"}) == "local";
    if (!w.local && q.has("K_local")) q.fail("K_local", "no K_local: it applies to \"mode\": \"local\" only");
    w.K_local = q.number_at_least("K_local", 0.0, 0.0);
    if (!kinds.insert(w.kind).second) q.fail("type", "each pathway type at most once per projection");
    t.pathways.push_back(w);
  }
}

}  // namespace tribody::spec
