// The paths `tribody run` takes: run() in uneven chunks (so CUDA epochs start
// at every phase of the slow clock, graphs of many lengths are captured and
// the kernel-by-kernel fallback runs), past the model's t_stop, on every
// astrocyte feature. On the CPU, chunked runs must equal one run (this runs
// everywhere); the CUDA backend, run in chunks, must equal the CPU.
#include <gtest/gtest.h>

#include <algorithm>

#include "parity_models.hpp"
#include "parity_util.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

// Chunk sizes that are prime to the slow clock (10 steps here) and to each
// other; more distinct sizes than the CUDA backend keeps graphs for.
const std::vector<long long> odd_chunks = {7, 13, 101, 3, 1, 29, 57, 11, 17, 19, 23, 31, 37, 41, 43, 47, 53, 59};

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
