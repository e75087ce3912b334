#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "models/astro_models.hpp"
#include "models/neuron_models.hpp"
#include "spec/parse_parts.hpp"

namespace tribody::spec {
namespace {

const models::neuron_model_info& model_of(const model_spec& m, int pop) {
  return *models::find_neuron_model(m.populations[pop].model);
}

double stim_delay(const json_reader& r, double dt) {
  const double d = r.number("delay", 1.0);
  if (d < dt * (1.0 - 1e-9)) r.fail("delay", "a delay >= dt = " + fmt_number(dt) + " ms");
  if (d / dt > 65535.0) r.fail("delay", "a delay <= " + fmt_number(65535.0 * dt) + " ms");
  return d;
}

void parse_window(const json_reader& r, stimulus_spec& s) {
  s.start = r.number_at_least("start", 0.0, 0.0);
  s.stop = r.number("stop", std::numeric_limits<double>::infinity());
  if (!(s.stop > s.start)) r.fail("stop", "a time after start (" + fmt_number(s.start) + " ms)");
}

void parse_trains(const json_reader& r, const model_spec& m, stimulus_spec& s) {
  const double dt = m.simulation.dt;
  const std::uint32_t size = m.populations[s.target].size;
  const auto trains = r.objects("trains", true);
  if (trains.empty()) r.fail("trains", "at least one {\"node_id\": ..., \"times\": [...]}");
  for (const auto& t : trains) {
    t.allow_only({"node_id", "times"});
    spike_train st;
    st.node_id = static_cast<std::uint32_t>(t.integer("node_id", 0, size - 1ULL));
    st.times = t.numbers("times");
    for (std::size_t k = 0; k < st.times.size(); ++k) {
      const std::string path = t.path_of("times") + "[" + std::to_string(k) + "]";
      if (st.times[k] < dt * (1.0 - 1e-9)) {
        throw model_error(path, "got " + fmt_number(st.times[k]) + " ms; expected a spike time >= dt = " + fmt_number(dt) + " ms");
      }
      grid_steps(st.times[k], dt, path);
      if (k > 0 && st.times[k] < st.times[k - 1]) {
        throw model_error(path, "got " + fmt_number(st.times[k]) + " ms; expected times in ascending order");
      }
    }
    s.trains.push_back(std::move(st));
  }
}

// One neuron of a population: {"population": ..., "node_id": ...}.
void parse_neuron(const json_reader& r, const model_spec& m, int& pop, std::uint32_t& node) {
  r.allow_only({"population", "node_id"});
  pop = population_index(m, r.string("population"), r.path_of("population"));
  node = static_cast<std::uint32_t>(r.integer("node_id", 0, m.populations[pop].size - 1ULL));
}

// The reward rule of Izhikevich (2007): a pairing of two chosen neurons
// sends an event (a dopamine spike, through a parrot) seconds later.
void parse_reward(const json_reader& r, const model_spec& m, stimulus_spec& s) {
  r.allow_only({"type", "name", "target", "node_ids", "pre", "post", "window", "delay_min", "delay_max", "weight"});
  s.type = stimulus_type::reward;
  const double dt = m.simulation.dt;
  const auto& tgt = model_of(m, s.target);
  if (tgt.n_ports == 0) r.fail("target", "a population that takes input (" + tgt.name + " does not)");
  parse_neuron(r.object("pre"), m, s.pre_pop, s.pre_node);
  parse_neuron(r.object("post"), m, s.post_pop, s.post_node);
  s.window = r.positive("window", 10.0);
  s.delay_min = r.positive("delay_min", 1000.0);
  s.delay_max = r.positive("delay_max", 3000.0);
  grid_steps(s.window, dt, r.path_of("window"));
  grid_steps(s.delay_min, dt, r.path_of("delay_min"));
  grid_steps(s.delay_max, dt, r.path_of("delay_max"));
  if (s.window / dt > 1e9) r.fail("window", "a window of at most 1e9 steps");
  if (s.delay_max < s.delay_min) r.fail("delay_max", "a delay >= delay_min = " + fmt_number(s.delay_min) + " ms");
  if (s.delay_max / dt > 65535.0) r.fail("delay_max", "a delay <= " + fmt_number(65535.0 * dt) + " ms (65535 steps)");
  s.weight = r.number("weight", 1.0);
  if (s.weight == 0.0) r.fail("weight", "a non-zero weight");
  if (r.has("weight")) check_weight_range(r, r.distribution("weight"));
  if (r.has("node_ids")) s.node_ids = r.indices("node_ids", m.populations[s.target].size);
}

}  // namespace

void parse_stimuli(const json_reader& top, model_spec& m) {
  std::set<std::string> names;
  const auto items = top.objects("stimuli", false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& r = items[i];
    stimulus_spec s;
    const std::string type = r.one_of("type", {"poisson", "spike_times", "dc", "reward"});
    s.name = r.string("name", type + "_" + std::to_string(i));
    check_name(s.name, r.path_of("name"));
    if (!names.insert(s.name).second) r.fail("name", "a unique stimulus name (\"" + s.name + "\" is used twice)");
    s.target = population_index(m, r.string("target"), r.path_of("target"));
    const auto& tgt = model_of(m, s.target);
    const std::uint32_t size = m.populations[s.target].size;
    if (type == "poisson") {
      r.allow_only({"type", "name", "target", "node_ids", "rate", "weight", "delay", "start", "stop"});
      s.type = stimulus_type::poisson;
      if (tgt.n_ports == 0) r.fail("target", "a population that takes input (" + tgt.name + " does not)");
      s.rate = r.number("rate");
      if (s.rate < 0.0) r.fail("rate", "a rate >= 0 (Hz)");
      if (s.rate * m.simulation.dt * 1e-3 > 1e5) r.fail("rate", "at most 1e5 events per step (rate * dt)");
      s.weight = r.number("weight");
      check_weight_range(r, r.distribution("weight"));
      s.delay = stim_delay(r, m.simulation.dt);
      parse_window(r, s);
      if (r.has("node_ids")) s.node_ids = r.indices("node_ids", size);
    } else if (type == "spike_times") {
      r.allow_only({"type", "name", "target", "trains", "weight", "delay"});
      s.type = stimulus_type::spike_times;
      if (tgt.n_ports == 0) r.fail("target", "a population that takes input (" + tgt.name + " does not)");
      s.weight = r.number("weight");
      check_weight_range(r, r.distribution("weight"));
      s.delay = stim_delay(r, m.simulation.dt);
      parse_trains(r, m, s);
    } else if (type == "reward") {
      parse_reward(r, m, s);
    } else {
      r.allow_only({"type", "name", "target", "node_ids", "amplitude", "start", "stop"});
      s.type = stimulus_type::dc;
      if (tgt.name == "poisson_source") r.fail("target", "a population with a membrane (poisson_source has none)");
      s.amplitude = r.number("amplitude");
      parse_window(r, s);
      if (r.has("node_ids")) s.node_ids = r.indices("node_ids", size);
    }
    m.stimuli.push_back(std::move(s));
  }
}

void check_output_names(const model_spec& m, const std::vector<json_reader>& items);

namespace {

// A neuron population (astro = false) or an astrocyte population by name.
struct any_population {
  bool astro;
  int index;
};

any_population find_any(const model_spec& m, const std::string& name, const std::string& path) {
  for (std::size_t i = 0; i < m.astrocytes.size(); ++i) {
    if (m.astrocytes[i].name == name) return {true, static_cast<int>(i)};
  }
  return {false, population_index(m, name, path)};
}

// NEST's weight_recorder: the weight of each chosen synapse of a plastic
// projection after each presynaptic spike.
// Snapshot times of an edges recorder: ascending, distinct, on the dt grid,
// within [0, t_stop].
std::vector<double> snapshot_times(const json_reader& r, const model_spec& m) {
  const auto t = r.numbers("times");
  const double dt = m.simulation.dt, stop = m.simulation.t_stop;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const std::string path = r.path_of("times") + "[" + std::to_string(k) + "]";
    grid_steps(t[k], dt, path);
    if (t[k] < 0.0 || t[k] > stop * (1.0 + 1e-12)) {
      throw model_error(path, "got " + fmt_number(t[k]) + " ms; expected a time in [0, t_stop = " + fmt_number(stop) + "] ms");
    }
    if (k > 0 && !(t[k] > t[k - 1])) {
      throw model_error(path, "got " + fmt_number(t[k]) + " ms; expected ascending, distinct times");
    }
  }
  return t;
}

// The synapse state an edges recorder may write for projection p
// (docs/plasticity.md#recording-weights): each once, each one p has.
std::vector<std::string> synapse_variables(const json_reader& r, const projection_spec& p) {
  std::vector<std::string> has;
  if (p.synapse.kind == synapse_spec::tsodyks_markram) has.insert(has.end(), {"u", "x"});
  for (const auto& w : p.tripartite.pathways) {
    if (w.kind == pathway_spec::release_modulation) has.push_back("Gamma_S");
  }
  if (p.plasticity.rule == plasticity_spec::stdp_dopamine) has.push_back("c");
  if (p.plasticity.rule == plasticity_spec::astro_three_factor) has.insert(has.end(), {"h", "Ca"});
  const auto names = r.strings("variables");
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string path = r.path_of("variables") + "[" + std::to_string(k) + "]";
    if (std::find(has.begin(), has.end(), names[k]) == has.end()) {
      throw model_error(path, "got \"" + names[k] + "\"; expected a synapse variable of projection \"" + p.name +
                                  "\" (" + (has.empty() ? std::string("it has none") : join(has)) + ")");
    }
    if (std::find(names.begin(), names.begin() + static_cast<long>(k), names[k]) != names.begin() + static_cast<long>(k)) {
      throw model_error(path, "got \"" + names[k] + "\" twice; expected each variable once");
    }
  }
  return names;
}

int projection_index(const json_reader& r, const model_spec& m) {
  const std::string name = r.string("projection");
  std::vector<std::string> names;
  for (std::size_t j = 0; j < m.projections.size(); ++j) {
    names.push_back(m.projections[j].name);
    if (m.projections[j].name == name) return static_cast<int>(j);
  }
  r.fail("projection", "the name of a projection (" + (names.empty() ? std::string("there are none") : join(names)) + ")");
}

void parse_weight_recorder(const json_reader& r, const model_spec& m, recorder_spec& rec) {
  r.allow_only({"type", "name", "projection", "sources", "targets"});
  rec.type = recorder_type::weights;
  rec.projection = projection_index(r, m);
  const std::string name = m.projections[rec.projection].name;
  const auto& p = m.projections[rec.projection];
  if (p.plasticity.rule == plasticity_spec::none) {
    r.fail("projection", "a plastic projection (\"" + name + "\" has no plasticity block)");
  }
  if (r.has("sources")) rec.sources = r.indices("sources", m.populations[p.source].size);
  if (r.has("targets")) rec.targets = r.indices("targets", m.populations[p.target].size);
}

}  // namespace

void parse_recorders(const json_reader& top, model_spec& m) {
  if (!top.has("recorders")) {  // default: the spikes of every population
    recorder_spec r;
    r.name = "spikes";
    for (std::size_t i = 0; i < m.populations.size(); ++i) r.populations.push_back(static_cast<int>(i));
    m.recorders.push_back(r);
    return;
  }
  std::set<std::string> names;
  const auto items = top.objects("recorders", true);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& r = items[i];
    recorder_spec rec;
    const std::string type = r.one_of("type", {"spikes", "state", "weights", "edges"});
    rec.name = r.string("name", type == "spikes" ? "spikes" : type + "_" + std::to_string(i));
    check_name(rec.name, r.path_of("name"));
    if (!names.insert(rec.name).second) r.fail("name", "a unique recorder name (\"" + rec.name + "\" is used twice)");
    if (type == "spikes") {
      r.allow_only({"type", "name", "populations"});
      rec.type = recorder_type::spikes;
      const auto pops = r.strings("populations");
      for (std::size_t k = 0; k < pops.size(); ++k) {
        const auto p = find_any(m, pops[k], r.path_of("populations") + "[" + std::to_string(k) + "]");
        auto& list = p.astro ? rec.astro_populations : rec.populations;
        if (std::find(list.begin(), list.end(), p.index) == list.end()) list.push_back(p.index);
      }
    } else if (type == "weights") {
      parse_weight_recorder(r, m, rec);
    } else if (type == "edges") {
      r.allow_only({"type", "name", "projection", "times", "variables"});
      rec.type = recorder_type::edges;
      rec.projection = projection_index(r, m);
      if (r.has("times")) rec.times = snapshot_times(r, m);
      if (r.has("variables")) rec.variables = synapse_variables(r, m.projections[rec.projection]);
    } else {
      r.allow_only({"type", "name", "population", "node_ids", "variables", "interval"});
      rec.type = recorder_type::state;
      const auto target = find_any(m, r.string("population"), r.path_of("population"));
      rec.population = target.index;
      rec.astro = target.astro;
      const std::string model = target.astro ? m.astrocytes[target.index].model : m.populations[target.index].model;
      const auto& states = target.astro ? models::find_astro_model(model)->state : models::find_neuron_model(model)->state;
      rec.node_ids = r.indices("node_ids", target.astro ? m.astrocytes[target.index].size : m.populations[target.index].size);
      std::vector<std::string> vars;
      for (const auto& s : states) vars.push_back(s.name);
      if (vars.empty()) r.fail("population", "a population with state (" + model + " has none)");
      rec.variables = r.strings("variables");
      for (std::size_t k = 0; k < rec.variables.size(); ++k) {
        if (std::find(rec.variables.begin(), rec.variables.begin() + k, rec.variables[k]) !=
            rec.variables.begin() + k) {
          throw model_error(r.path_of("variables") + "[" + std::to_string(k) + "]",
                            "got \"" + rec.variables[k] + "\" a second time; expected each variable once");
        }
        if (std::find(vars.begin(), vars.end(), rec.variables[k]) == vars.end()) {
          throw model_error(r.path_of("variables") + "[" + std::to_string(k) + "]",
                            "got \"" + rec.variables[k] + "\"; expected a state variable of " + model + ": " + join(vars));
        }
      }
      // Astrocytes are sampled on the slow clock, neurons on dt.
      const double clock = rec.astro ? m.simulation.slow_dt : m.simulation.dt;
      const std::string clock_name = rec.astro ? "slow_dt" : "dt";
      rec.interval = r.positive("interval", clock);
      const double k = rec.interval / clock;
      if (k < 1.0 - 1e-9 || std::fabs(k - std::round(k)) > 1e-6 * std::max(1.0, k)) {
        r.fail("interval", "a multiple of " + clock_name + " = " + fmt_number(clock) + " ms" +
                               (rec.astro ? " (astrocytes are sampled on the slow clock)" : ""));
      }
    }
    m.recorders.push_back(std::move(rec));
  }
  check_output_names(m, items);
}

// Every file a run writes must have its own name, in either format.
void check_output_names(const model_spec& m, const std::vector<json_reader>& items) {
  std::set<std::string> files = {"spikes.h5", "spikes.csv", "report.json"};
  for (std::size_t i = 0; i < m.recorders.size(); ++i) {
    const auto& r = m.recorders[i];
    if (r.type == recorder_type::spikes) continue;
    std::vector<std::string> mine = {r.name + ".csv"};
    if (r.type == recorder_type::weights || r.type == recorder_type::edges) mine.push_back(r.name + ".h5");
    if (r.type == recorder_type::edges && !r.times.empty()) mine.push_back(r.name + "_snapshots.csv");
    for (const auto& v : r.variables) mine.push_back(r.name + "_" + v + ".h5");
    for (const auto& f : mine) {
      if (!files.insert(f).second) {
        items[i].fail("name", "a recorder name whose output file " + f + " no other output uses");
      }
    }
  }
}

}  // namespace tribody::spec
