#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "models/neuron_models.hpp"
#include "spec/params.hpp"
#include "spec/parse_parts.hpp"
#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"

namespace tribody {
namespace spec {

int population_index(const model_spec& m, const std::string& name, const std::string& path) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < m.populations.size(); ++i) {
    if (m.populations[i].name == name) return static_cast<int>(i);
    names.push_back(m.populations[i].name);
  }
  std::string msg = "got \"" + name + "\"; expected a population name: " + join(names);
  const std::string near = closest(name, names);
  if (!near.empty()) msg += " (did you mean '" + near + "'?)";
  throw model_error(path, msg);
}

void check_name(const std::string& name, const std::string& path) {
  // (names become file names and HDF5 groups: <recorder>_<variable>.h5 must fit a file system's 255 bytes)
  if (name.size() > max_name_length) {
    throw model_error(path, "got a name of " + std::to_string(name.size()) + " characters; expected at most " +
                                std::to_string(max_name_length));
  }
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
      throw model_error(path, "got \"" + name + "\"; expected a name of letters, digits, '_' and '-'");
    }
  }
}

double parameter_value(const json_reader& params, const models::param_info& pi) {
  const double x = params.number(pi.name);
  using models::constraint;
  if (pi.rule == constraint::positive && !(x > 0.0)) params.fail(pi.name, "a number > 0 (" + pi.unit + ")");
  if (pi.rule == constraint::nonnegative && x < 0.0) params.fail(pi.name, "a number >= 0 (" + pi.unit + ")");
  if (pi.rule == constraint::unit_interval && (x < 0.0 || x > 1.0)) params.fail(pi.name, "a number in [0, 1]");
  return x;
}

long long grid_steps(double t, double dt, const std::string& path) {
  const double steps = t / dt;
  const double rounded = std::round(steps);
  if (!(std::fabs(rounded) <= static_cast<double>(max_steps))) {  // (NaN too) step counters are int
    std::ostringstream s;
    s << "got " << t << " ms = " << steps << " steps of dt = " << dt << " ms; expected at most " << max_steps
      << " steps";
    throw model_error(path, s.str());
  }
  if (std::fabs(steps - rounded) > 1e-6 * std::max(1.0, rounded)) {
    std::ostringstream s;
    s << "got " << t << " ms; expected a multiple of dt = " << dt << " ms";
    throw model_error(path, s.str());
  }
  return static_cast<long long>(rounded);
}

namespace {

void parse_simulation(const json_reader& top, const load_options& opt, model_spec& m) {
  auto& s = m.simulation;
  if (auto r = top.optional_object("simulation")) {
    r->allow_only({"dt", "t_stop", "seed", "threads", "slow_dt"});
    s.dt = r->positive("dt", 0.1);
    s.slow_dt = r->positive("slow_dt", 10.0);
    s.t_stop = r->positive("t_stop", 1000.0);
    s.seed = r->integer("seed", 0, std::numeric_limits<std::uint64_t>::max(), 1);
    s.threads = static_cast<int>(r->integer("threads", 0, 4096, 0));
  }
  if (s.dt < 1e-4) throw model_error("$.simulation.dt", "got " + std::to_string(s.dt) + "; expected dt >= 0.0001 ms");
  if (opt.seed) s.seed = *opt.seed;
  if (opt.threads) s.threads = *opt.threads;
  std::string t_path = "$.simulation.t_stop";
  if (opt.t_stop) {
    s.t_stop = *opt.t_stop;
    t_path = "--t-stop";
    if (!(s.t_stop > 0.0) || !std::isfinite(s.t_stop)) throw usage_error("--t-stop: expected a time > 0 ms");
  }
  grid_steps(s.t_stop, s.dt, t_path);
  const long long slow = grid_steps(s.slow_dt, s.dt, "$.simulation.slow_dt");
  if (slow < 1 || slow > max_slow_steps) {  // (tables of a slow step's fast steps are kept)
    throw model_error("$.simulation.slow_dt", "got " + fmt_number(s.slow_dt) + " ms; expected a multiple of dt in [dt, " +
                                                  std::to_string(max_slow_steps) + " dt]");
  }
}

void parse_params(const json_reader& r, const models::neuron_model_info& info, population_spec& p,
                  double dt) {
  for (const auto& pi : info.params) p.params[pi.name] = pi.fallback;
  if (r.has("preset")) {
    std::vector<std::string> names;
    for (const auto& [name, values] : info.presets) names.push_back(name);
    if (names.empty()) r.fail("preset", "no preset: model " + info.name + " has none");
    const std::string preset = r.one_of("preset", names);
    for (const auto& [k, v] : info.presets.at(preset)) p.params[k] = v;
  }
  if (auto params = r.optional_object("params")) {
    std::vector<std::string> names;
    for (const auto& pi : info.params) names.push_back(pi.name);
    params->allow_only(names);
    for (const auto& pi : info.params) {
      if (!params->has(pi.name)) continue;
      p.params[pi.name] = parameter_value(*params, pi);
    }
  }
  const std::string problem = info.check(p.params, dt);
  if (!problem.empty()) throw model_error(r.path_of("params"), "model " + info.name + ": " + problem);
}

void parse_initial(const json_reader& r, const models::neuron_model_info& info, population_spec& p) {
  for (const auto& [name, v] : info.initial_defaults(p.params)) p.initial[name].a = v;
  auto init = r.optional_object("initial");
  for (const auto& [var, source, factor] : info.linked_initial) {
    if (!init || !init->has(var)) p.initial_linked[var] = {source, p.params.at(factor)};
  }
  if (!init) return;
  std::vector<std::string> names;
  for (const auto& si : info.state) names.push_back(si.name);
  if (names.empty()) throw model_error(init->path(), "model " + info.name + " has no state to initialise");
  init->allow_only(names);
  for (const auto& n : names) {
    if (init->has(n)) p.initial[n] = init->distribution(n);
  }
}

void parse_populations(const json_reader& top, model_spec& m) {
  const auto items = top.objects("populations", true);
  if (items.empty()) throw model_error("$.populations", "got []; expected at least one population");
  std::set<std::string> seen;
  for (const auto& r : items) {
    r.allow_only({"name", "size", "model", "preset", "params", "initial"});
    population_spec p;
    p.name = r.string("name");
    check_name(p.name, r.path_of("name"));
    if (!seen.insert(p.name).second) r.fail("name", "a unique population name (\"" + p.name + "\" is used twice)");
    p.size = static_cast<std::uint32_t>(r.integer("size", 1, 0xffffffffULL));
    p.model = r.one_of("model", models::neuron_model_names());
    const auto& info = *models::find_neuron_model(p.model);
    parse_params(r, info, p, m.simulation.dt);
    parse_initial(r, info, p);
    m.populations.push_back(std::move(p));
  }
}

}  // namespace
}  // namespace spec

namespace {

// Watches a parse for a key given twice in one object (JSON allows it and
// the last would win silently): the path of the first such key; and
// refuses nesting deeper than max_depth.
class duplicate_keys {
 public:
  bool operator()(int, nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if ((event == E::object_start || event == E::array_start) && stack_.size() >= max_depth) {
      // (deeper JSON is no model, and destroying or printing it recurses)
      throw model_error(path(), "JSON nested deeper than " + std::to_string(max_depth) + " levels");
    }
    switch (event) {
      case E::object_start: stack_.push_back(frame{false, 0, {}, {}}); break;
      case E::array_start: stack_.push_back(frame{true, 0, {}, {}}); break;
      case E::key: {
        auto& f = stack_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second && first_.empty()) first_ = path() + " (\"" + f.key + "\")";
        break;
      }
      case E::value: next(); break;
      case E::object_end:
      case E::array_end:
        stack_.pop_back();
        next();
        break;
    }
    return true;
  }
  // "$.a.b[2].key (\"key\")", or empty.
  const std::string& first() const { return first_; }

 private:
  struct frame {
    bool array;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys;
  };
  void next() {  // a value of the enclosing container is complete
    if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
  }
  std::string path() const {
    std::string p = "$";
    for (const auto& f : stack_) p += f.array ? "[" + std::to_string(f.index) + "]" : "." + f.key;
    return p;
  }
  static constexpr std::size_t max_depth = 100;
  std::vector<frame> stack_;
  std::string first_;
};

}  // namespace

model_spec parse_model(const std::string& json_text, const std::string& source, const load_options& options) {
  nlohmann::json j;
  duplicate_keys dup;
  try {
    j = nlohmann::json::parse(json_text, std::ref(dup));
  } catch (const nlohmann::json::exception& e) {
    // e.what() names the line and column; NaN/Infinity are not JSON.
    throw model_error("$", std::string("not valid JSON: ") + e.what());
  }
  if (!dup.first().empty()) {
    const auto& d = dup.first();
    throw model_error(d.substr(0, d.find(' ')), "a key given twice in one object; expected each key once");
  }
  if (!j.is_object()) throw model_error("$", "got " + spec::show(j) + "; expected a model object {...}");
  const nlohmann::json* params_json = j.contains("parameters") ? &j["parameters"] : nullptr;
  const spec::param_table params(params_json, options.params);
  params.all();  // evaluate every parameter now, so a bad one is reported even if unused

  const spec::json_reader top(j, "$", &params);
  top.allow_only({"description", "parameters", "simulation", "populations", "projections", "stimuli",
                  "recorders", "astrocytes", "neuromodulators", "gap_junctions"});
  if (top.has("description") && !j["description"].is_string()) top.fail("description", "a string");
  model_spec m;
  m.source = source;
  spec::parse_simulation(top, options, m);
  spec::parse_populations(top, m);
  spec::parse_neuromodulators(top, m);
  spec::parse_astrocytes(top, m);
  spec::parse_gap_junctions(top, m);
  spec::parse_projections(top, m);
  spec::parse_stimuli(top, m);
  spec::parse_recorders(top, m);
  return m;
}

model_spec load_model(const std::string& path, const load_options& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw io_error("model file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot open model file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_model(text.str(), path, options);
}

}  // namespace tribody
