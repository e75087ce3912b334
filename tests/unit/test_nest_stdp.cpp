// STDP weight trajectories against NEST 3.10 (bench/peers/nest_stdp_reference.py):
// the same spike trains through the same rules, the weight after every
// presynaptic spike equal within 1e-9 relative, for every case and pair.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace tribody {
namespace {

using nlohmann::json;

json load_cases() {
  std::ifstream in(std::string(TRIBODY_SOURCE_DIR) + "/tests/data/nest/stdp_cases.json");
  EXPECT_TRUE(in.good());
  return json::parse(in);
}

struct nest_event {
  double t, w;
};

// NEST's weight events by case and pair, in time order.
std::map<std::string, std::vector<std::vector<nest_event>>> load_weights(std::size_t pairs) {
  std::ifstream in(std::string(TRIBODY_SOURCE_DIR) + "/tests/data/nest/stdp_weights.csv");
  EXPECT_TRUE(in.good());
  std::map<std::string, std::vector<std::vector<nest_event>>> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string name, pair, t, w;
    std::getline(s, name, ',');
    std::getline(s, pair, ',');
    std::getline(s, t, ',');
    std::getline(s, w, ',');
    auto& c = out[name];
    c.resize(pairs);
    c.at(std::stoul(pair)).push_back({std::stod(t), std::stod(w)});
  }
  return out;
}

std::string rule_of(const std::string& nest_model) {
  if (nest_model == "stdp_synapse") return "stdp";
  if (nest_model == "stdp_nn_symm_synapse") return "stdp_nn_symm";
  if (nest_model == "stdp_dopamine_synapse") return "stdp_dopamine";
  return "stdp_nn_pre_centered";
}

// The NEST case as a tribody model: parrots driven by spike_times (0.1 ms
// delay), pre_k -> post_k silent and plastic; for stdp_dopamine, parrots
// "da" as the volume transmitter's population.
std::string model_of(const json& c, double dt, double t_stop) {
  const std::size_t n = c["pre"].size();
  auto trains = [&](const json& sets) {
    json out = json::array();
    for (std::size_t k = 0; k < sets.size(); ++k) {
      json times = json::array();
      for (double t : sets[k]) times.push_back(std::round((t - dt) * 10.0) / 10.0);
      out.push_back({{"node_id", k}, {"times", times}});
    }
    return out;
  };
  json plasticity = c["params"];
  plasticity["rule"] = rule_of(c["nest_model"]);
  plasticity["tau_minus"] = c["tau_minus"];
  json m = {
      {"simulation", {{"dt", dt}, {"t_stop", t_stop}}},
      {"populations",
       {{{"name", "pre"}, {"size", n}, {"model", "parrot_neuron"}},
        {{"name", "post"}, {"size", n}, {"model", "parrot_neuron"}}}},
      {"stimuli",
       {{{"type", "spike_times"}, {"target", "pre"}, {"weight", 1.0}, {"delay", dt}, {"trains", trains(c["pre"])}},
        {{"type", "spike_times"}, {"target", "post"}, {"weight", 1.0}, {"delay", dt}, {"trains", trains(c["post"])}}}},
      {"projections",
       {{{"name", "syn"},
         {"source", "pre"},
         {"target", "post"},
         {"connectivity", {{"rule", "one_to_one"}}},
         {"weight", c["weight"]},
         {"delay", c["delay"]},
         {"silent", true},
         {"plasticity", plasticity}}}},
      {"recorders", {{{"type", "weights"}, {"name", "w"}, {"projection", "syn"}}}}};
  if (c.contains("dopamine")) {
    m["populations"].push_back({{"name", "da"}, {"size", c["dopamine"].size()}, {"model", "parrot_neuron"}});
    m["stimuli"].push_back(
        {{"type", "spike_times"}, {"target", "da"}, {"weight", 1.0}, {"delay", dt}, {"trains", trains(c["dopamine"])}});
    m["projections"][0]["plasticity"]["volume_transmitter"] = "da";
  }
  return m.dump();
}

TEST(NestStdp, WeightAfterEveryPresynapticSpikeWithin1e9) {
  const json ref = load_cases();
  const double dt = ref["dt"], t_stop = ref["t_stop"];
  const auto& cases = ref["cases"];
  ASSERT_GE(cases.size(), 11u);
  const auto nest = load_weights(cases[0]["pre"].size());
  for (const auto& c : cases) {
    const std::string name = c["name"];
    SCOPED_TRACE(name);
    const auto sim = test::run_json(model_of(c, dt, t_stop));
    const auto& w = sim->results().weights.at(0);
    const std::size_t n = c["pre"].size();
    std::vector<std::vector<nest_event>> mine(n);
    for (std::size_t e = 0; e < w.steps.size(); ++e) {
      mine.at(w.sources[e]).push_back({static_cast<double>(w.steps[e] + 1) * dt, w.weights[e]});
    }
    const auto& theirs = nest.at(name);
    std::size_t events = 0;
    double worst = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      ASSERT_EQ(mine[k].size(), theirs[k].size()) << "pair " << k;
      ASSERT_EQ(mine[k].size(), c["pre"][k].size()) << "one event per presynaptic spike";
      for (std::size_t e = 0; e < mine[k].size(); ++e) {
        ASSERT_NEAR(mine[k][e].t, theirs[k][e].t, 1e-9) << "pair " << k << " event " << e;
        const double rel = std::fabs(mine[k][e].w - theirs[k][e].w) / std::max(1e-300, std::fabs(theirs[k][e].w));
        worst = std::max(worst, rel);
        ASSERT_LE(rel, 1e-9) << "pair " << k << " event " << e << " at " << theirs[k][e].t << " ms: tribody "
                             << mine[k][e].w << ", NEST " << theirs[k][e].w;
        ++events;
      }
    }
    // The weights must have moved, or the comparison shows nothing.
    double moved = 0.0;
    for (const auto& pair : theirs) moved = std::max(moved, std::fabs(pair.back().w - 50.0));
    EXPECT_GT(moved, 1.0);
    std::cout << "  " << name << ": " << events << " events, worst relative difference " << worst << "\n";
  }
}

}  // namespace
}  // namespace tribody
