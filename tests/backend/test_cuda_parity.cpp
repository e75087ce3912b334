// CUDA backend against the CPU backend: the same model and seed must give
// exactly the same connectivity, spikes and recorded state, and two CUDA
// runs must agree. Skipped (and reported as skipped) without a usable GPU.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "backend.hpp"
#include "parity_models.hpp"
#include "parity_util.hpp"
#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

void check_model(const model_spec& m, const std::string& what) {
  const auto net = plan::make_plan(m);
  const auto cpu = run_backend(net, "cpu");
  const auto gpu = run_backend(net, "cuda");
  const auto gpu2 = run_backend(net, "cuda");
  std::uint64_t spikes = 0;
  for (auto c : cpu.rec.spike_count) spikes += c;
  EXPECT_GT(spikes, 0u) << what << ": a model without spikes tests little";
  expect_identical(cpu, gpu, what + " (cpu vs cuda)");
  expect_identical(gpu, gpu2, what + " (cuda vs cuda)");
}

model_spec shipped(const std::string& file, double t_stop) {
  load_options o;
  o.t_stop = t_stop;
  return load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o);
}

// A random small network: every neuron model, rule, delay layout and
// stimulus type appears across seeds.
std::string random_model(unsigned seed) {
  std::mt19937 g(seed);
  auto pick = [&](std::initializer_list<const char*> v) { return *(v.begin() + g() % v.size()); };
  std::ostringstream s;
  const unsigned na = 50 + g() % 300, nb = 50 + g() % 300;
  s << R"({"simulation": {"dt": 0.1, "t_stop": 200.0, "seed": )" << seed << R"(},
    "populations": [
      {"name": "A", "size": )" << na << R"(, "model": ")" << pick({"iaf_psc_exp", "iaf_psc_delta", "izhikevich"})
    << R"(", "params": {"I_e": )" << (g() % 2 ? 0 : 5) << R"(}},
      {"name": "B", "size": )" << nb << R"(, "model": ")" << pick({"iaf_cond_exp", "aeif_cond_alpha"}) << R"(",
       "initial": {"V_m": {"distribution": "normal_clipped", "mean": -60, "std": 5, "high": -56}}},
      {"name": "P", "size": 30, "model": "poisson_source", "params": {"rate": 50.0}}],
    "projections": [
      {"source": "P", "target": "A", "connectivity": {"rule": "fixed_indegree", "indegree": )" << 1 + g() % 10
    << R"(, "allow_multapses": false}, "weight": {"distribution": "uniform", "low": 0.5, "high": 5.0}, "delay": 1.0},
      {"source": "A", "target": "B", "connectivity": {"rule": ")"
    << pick({"pairwise_bernoulli", "fixed_outdegree", "fixed_total_number", "all_to_all"}) << R"(", )"
    << R"("p": 0.1, "outdegree": 7, "N": 3000}, "weight": {"distribution": "normal", "mean": 1.0, "std": 2.0},
       "delay": {"distribution": "uniform", "low": 0.1, "high": )" << pick({"0.1", "2.0", "30.0"}) << R"(}},
      {"source": "B", "target": "A", "connectivity": {"rule": "fixed_indegree", "indegree": 5}, "weight": -1.0,
       "delay": {"distribution": "normal_clipped", "mean": 2.0, "std": 1.0, "low": 0.5, "high": 4.0}},
      {"source": "B", "target": "B", "connectivity": {"rule": "one_to_one", "allow_autapses": false}, "weight": 1.0}],
    "stimuli": [
      {"type": "poisson", "target": "B", "rate": )" << 1000 + g() % 20000 << R"(, "weight": 2.0, "delay": 0.5},
      {"type": "poisson", "target": "A", "rate": 5000, "weight": -1.0, "node_ids": [0, 3, 7]},
      {"type": "spike_times", "target": "A", "weight": 20.0, "trains": [{"node_id": 1, "times": [5.0, 5.0, 17.3]}]},
      {"type": "dc", "target": "B", "amplitude": 150.0, "start": 50.0, "stop": 120.0, "node_ids": [0, 2]}],
    "recorders": [{"type": "spikes", "populations": ["A", "B", "P"]},
      {"type": "state", "population": "B", "node_ids": [0, 1, 2], "variables": ["V_m", "g_ex", "g_in"], "interval": 0.3}]})";
  return s.str();
}

}  // namespace

// The rules above mention keys of other rules; keep only the rule's own.
std::string clean(std::string m) {
  for (const char* rule : {"pairwise_bernoulli", "fixed_outdegree", "fixed_total_number", "all_to_all"}) {
    if (m.find(std::string("\"rule\": \"") + rule + "\"") == std::string::npos) continue;
    const std::string keep = std::string(rule) == "pairwise_bernoulli" ? "\"p\": 0.1, "
                             : std::string(rule) == "fixed_outdegree"  ? "\"outdegree\": 7, "
                             : std::string(rule) == "fixed_total_number" ? "\"N\": 3000, "
                                                                          : "";
    const std::string all = R"("p": 0.1, "outdegree": 7, "N": 3000)";
    const auto at = m.find(all);
    m.replace(at, all.size() + 0, keep.empty() ? std::string("\"allow_autapses\": true")
                                               : keep.substr(0, keep.size() - 2));
  }
  return m;
}

TEST(CudaParity, DefaultModel) {
  REQUIRE_CUDA();
  check_model(shipped("default.json", 300.0), "default.json");
}

TEST(CudaParity, Brunel) {
  REQUIRE_CUDA();
  check_model(shipped("brunel.json", 300.0), "brunel.json");
}

TEST(CudaParity, Coba) {
  REQUIRE_CUDA();
  check_model(shipped("coba.json", 300.0), "coba.json");
}

TEST(CudaParity, AstrocyteReferenceModels) {
  REQUIRE_CUDA();
  for (const char* file : {"astro/gchi_single.json", "astro/lr_single.json", "astro/tripartite_closed.json"}) {
    check_model(shipped(file, 10000.0), file);
  }
}

TEST(CudaParity, PlasticNetworks) {
  REQUIRE_CUDA();
  for (const std::string& rule : plastic_rules) {
    const auto m = parse_model(plastic_network(rule), rule);
    check_model(m, std::string("plastic network, ") + rule);
    const auto net = plan::make_plan(m);
    expect_identical(run_backend(net, "cpu"), run_backend(net, "cuda", {7, 13}), std::string(rule) + " in chunks");
  }
}

TEST(CudaParity, PlasticNetworksRunOnTheCpu) {  // runs everywhere: the parity models are valid and learn
  for (const std::string& rule : plastic_rules) {
    const auto net = plan::make_plan(parse_model(plastic_network(rule), rule));
    const auto cpu = run_backend(net, "cpu");
    EXPECT_GT(cpu.rec.spike_count[0], 1000u) << rule;
    EXPECT_GT(cpu.rec.reward_count.at(0), 0u) << rule;
    EXPECT_GT(cpu.rec.weights.at(0).steps.size(), 100u) << rule;
    EXPECT_GT(cpu.rec.weights.at(1).steps.size(), 100u) << rule;
    const auto& w = cpu.rec.plastic_weights.at(1);
    EXPECT_NE(*std::min_element(w.begin(), w.end()), *std::max_element(w.begin(), w.end())) << rule;
    // In chunks, the same bits.
    expect_identical(cpu, run_backend(net, "cpu", {7, 13}), std::string(rule) + " cpu in chunks");
  }
}

TEST(CudaParity, TripartiteNetwork) {
  REQUIRE_CUDA();
  for (const char* mode : {"broadcast", "local"}) {
    check_model(parse_model(tripartite_network(mode), mode), std::string("tripartite network, ") + mode);
  }
}

TEST(CudaParity, TripartiteNetworkRunsOnTheCpu) {  // runs everywhere: the parity model itself is valid and active
  for (const char* mode : {"broadcast", "local"}) {
    const auto net = plan::make_plan(parse_model(tripartite_network(mode), mode));
    const auto cpu = run_backend(net, "cpu");
    EXPECT_GT(cpu.rec.spike_count[0], 0u) << mode;
    EXPECT_GT(cpu.rec.spike_count[1], 0u) << mode;
  }
}

// AdEx neurons through every branch of their update: V_m and u substeps,
// located crossings with and without refractoriness, Delta_T = 0, one and
// several substeps; all six state variables recorded every step.
TEST(CudaParity, AeifCondAlpha) {
  REQUIRE_CUDA();
  const std::string text = R"({"simulation": {"dt": 0.1, "t_stop": 300.0, "seed": 5},
    "populations": [
      {"name": "A", "size": 300, "model": "aeif_cond_alpha", "params": {"I_e": 300.0},
       "initial": {"V_m": {"distribution": "uniform", "low": -70, "high": -45}}},
      {"name": "R", "size": 200, "model": "aeif_cond_alpha", "params": {"t_ref": 2.0, "n_substeps": 1, "Delta_T": 0.5},
       "initial": {"V_m": {"distribution": "uniform", "low": -70, "high": -50}}},
      {"name": "Z", "size": 100, "model": "aeif_cond_alpha", "params": {"Delta_T": 0.0, "a": 0.0, "n_substeps": 3}}],
    "projections": [
      {"source": "A", "target": "R", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.1}, "weight": 2.0, "delay": 1.0},
      {"source": "R", "target": "A", "connectivity": {"rule": "fixed_indegree", "indegree": 10}, "weight": -3.0,
       "delay": {"distribution": "uniform", "low": 0.5, "high": 3.0}},
      {"source": "A", "target": "Z", "connectivity": {"rule": "fixed_indegree", "indegree": 20}, "weight": 1.5, "delay": 2.0}],
    "stimuli": [
      {"type": "poisson", "target": "A", "rate": 40000, "weight": 1.0},
      {"type": "poisson", "target": "R", "rate": 30000, "weight": 1.0},
      {"type": "poisson", "target": "Z", "rate": 20000, "weight": 1.0},
      {"type": "dc", "target": "Z", "amplitude": 700.0, "start": 50.0, "stop": 250.0}],
    "recorders": [{"type": "spikes", "populations": ["A", "R", "Z"]},
      {"type": "state", "population": "A", "node_ids": [0, 1, 2, 3], "variables": ["V_m", "w", "g_ex", "dg_ex", "g_in", "dg_in"]},
      {"type": "state", "population": "R", "node_ids": [0, 1, 2, 3], "variables": ["V_m", "w", "g_ex", "dg_ex", "g_in", "dg_in"]},
      {"type": "state", "population": "Z", "node_ids": [0, 1], "variables": ["V_m", "w", "g_ex", "g_in"]}]})";
  check_model(parse_model(text, "aeif"), "aeif_cond_alpha network");
}

TEST(CudaParity, RandomSmallNetworks) {
  REQUIRE_CUDA();
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const std::string text = clean(random_model(seed));
    check_model(parse_model(text, "random_" + std::to_string(seed)), "random network " + std::to_string(seed));
  }
}

TEST(CudaParity, RandomModelsAreValid) {
  // Runs everywhere: the generator itself must produce valid models.
  for (unsigned seed = 1; seed <= 12; ++seed) EXPECT_NO_THROW(parse_model(clean(random_model(seed)))) << seed;
}

TEST(CudaParity, UnavailableBackendIsReportedClearly) {
  std::string why;
  if (backend_usable("cuda", &why)) GTEST_SKIP() << "a device is present";
  try {
    make_backend("cuda", 1);
    FAIL() << "make_backend(cuda) succeeded without a device";
  } catch (const backend_unavailable& e) {
    EXPECT_NE(std::string(e.what()).find("--backend cpu"), std::string::npos) << e.what();
  }
}
