// The paths `tribody run` takes: run() in uneven chunks (so CUDA epochs start
// at every phase of the slow clock, graphs of many lengths are captured and
// the kernel-by-kernel fallback runs), past the model's t_stop, on every
// astrocyte feature. On the CPU, chunked runs must equal one run (this runs
// everywhere); the CUDA backend, run in chunks, must equal the CPU.
#include <gtest/gtest.h>

#include <algorithm>

#include "parity_util.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

// Chunk sizes that are prime to the slow clock (10 steps here) and to each
// other; more distinct sizes than the CUDA backend keeps graphs for.
const std::vector<long long> odd_chunks = {7, 13, 101, 3, 1, 29, 57, 11, 17, 19, 23, 31, 37, 41, 43, 47, 53, 59};

// Astrocyte features the other parity models leave out: by_target
// territories, block pools, astro_input "mean", gap junctions on a grid and
// by pairs, astro_lr in a network, a neuromodulator, empty projections.
std::string astro_features() {
  return R"({"simulation": {"dt": 0.1, "t_stop": 300.0, "slow_dt": 1.0, "seed": 11},
    "neuromodulators": [{"name": "DA", "pulses": [{"start": 50.0, "stop": 290.0, "amplitude": 2.0}]}],
    "populations": [{"name": "E", "size": 200, "model": "iaf_psc_exp"},
                    {"name": "A", "size": 60, "model": "aeif_cond_alpha"},
                    {"name": "P", "size": 40, "model": "poisson_source", "params": {"rate": 60.0}}],
    "astrocytes": [{"name": "L", "size": 9, "model": "astro_lr", "grid": {"rows": 3, "cols": 3}},
                   {"name": "S", "size": 8, "model": "astro_slow", "neuromodulator": "DA", "params": {"tau_Ca": 50.0}},
                   {"name": "G", "size": 4, "model": "astro_gchi"}],
    "gap_junctions": [{"astrocytes": "L", "rule": "grid_neighbors", "F": 1e-2, "threshold": 0.0},
                      {"astrocytes": "G", "rule": "pairs", "pairs": [[0, 1], [2, 3], [1, 3]], "F": 1e-3}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 9000.0, "weight": 30.0},
                {"type": "poisson", "target": "A", "rate": 20000.0, "weight": 1.5}],
    "projections": [
      {"source": "P", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 8}, "weight": 60.0,
       "tripartite": {"astrocytes": "L", "astro_weight": 50.0, "assignment": {"rule": "space"},
                      "pathways": [{"type": "sic", "weight": 4.0, "SIC_th": 0.1}]}},
      {"source": "E", "target": "A", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.2}, "weight": 1.0,
       "tripartite": {"astrocytes": "S", "astro_input": "mean", "assignment": {"rule": "pool", "pool_size": 2, "pool_type": "block"},
                      "pathways": [{"type": "plasticity_gate", "mode": "local"}, {"type": "sic", "mode": "local", "weight": 30.0}]}},
      {"source": "E", "target": "E", "connectivity": {"rule": "fixed_outdegree", "outdegree": 10}, "weight": 10.0,
       "synapse": {"model": "tsodyks_markram", "U_0": 0.3},
       "tripartite": {"astrocytes": "G", "assignment": {"rule": "by_target", "astrocytes": [)" +
         [] {
           std::string s;
           for (int i = 0; i < 200; ++i) s += (i ? ", " : "") + std::to_string(i % 5 == 4 ? -1 : i % 4);
           return s;
         }() + R"(]},
                      "pathways": [{"type": "release_modulation", "O_G": 0.5, "alpha": 0.1}]}},
      {"source": "E", "target": "A", "connectivity": {"rule": "fixed_indegree", "indegree": 0}, "weight": 1.0},
      {"source": "A", "target": "E", "connectivity": {"rule": "fixed_total_number", "N": 0}, "weight": 1.0,
       "tripartite": {"astrocytes": "G", "assignment": {"rule": "pool", "pool_size": 2}, "pathways": [{"type": "sic"}]}}],
    "recorders": [{"type": "spikes", "populations": ["E", "A", "L", "S", "G"]},
                  {"type": "state", "population": "L", "node_ids": [0, 4, 8], "variables": ["Ca_astro", "h_IP3R", "IP3"], "interval": 1.0},
                  {"type": "state", "population": "S", "node_ids": [0, 7], "variables": ["Ca", "gate"], "interval": 2.0},
                  {"type": "state", "population": "A", "node_ids": [0, 1], "variables": ["V_m", "w"], "interval": 0.7}]})";
}

model_spec shipped(const std::string& file, double t_stop) {
  load_options o;
  o.t_stop = t_stop;
  return load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o);
}

std::vector<std::pair<std::string, model_spec>> chunk_models() {
  return {{"astrocyte features", parse_text(astro_features(), "astro_features")},
          {"stimberg2018_published", shipped("stimberg2018_published.json", 600.0)},
          {"nest_astro_benchmark", shipped("nest_astro_benchmark.json", 60.0)},
          {"brunel", shipped("brunel.json", 50.0)}};
}

}  // namespace

TEST(ChunkedRuns, AstroFeaturesModelIsActive) {
  const auto net = plan::make_plan(parse_text(astro_features(), "astro_features"));
  const auto o = run_backend(net, "cpu");
  for (std::size_t p = 0; p < 2; ++p) EXPECT_GT(o.rec.spike_count[p], 0u) << p;
  const auto& ca = o.rec.states[0].values;  // the Li-Rinzel astrocytes respond to their synapses
  EXPECT_NE(*std::min_element(ca.begin(), ca.end()), *std::max_element(ca.begin(), ca.end()));
  EXPECT_EQ(o.synapses[3].source.size(), 0u);
  EXPECT_EQ(o.synapses[4].source.size(), 0u);
}

TEST(ChunkedRuns, CpuChunksEqualOneRun) {
  for (const auto& [name, m] : chunk_models()) {
    const auto net = plan::make_plan(m);
    expect_identical(run_backend(net, "cpu", {}, 37), run_backend(net, "cpu", odd_chunks, 37), name + " (cpu chunks)");
  }
}

TEST(ChunkedRuns, CudaChunksEqualCpu) {
  REQUIRE_CUDA();
  for (const auto& [name, m] : chunk_models()) {
    const auto net = plan::make_plan(m);
    const auto cpu = run_backend(net, "cpu", {}, 37);
    expect_identical(cpu, run_backend(net, "cuda", odd_chunks, 37), name + " (cuda chunks vs cpu)");
    expect_identical(cpu, run_backend(net, "cuda", {}, 37), name + " (cuda one run vs cpu)");
  }
}
