// A step crowded with what shares the rings: two Poisson stimuli on one
// population (one on some nodes), spike_times events that hit one node
// several times in one step, dc input switching, parrot neurons relaying a
// spike train, and more projections than one CUDA delivery launch holds
// (128). Every thread count gives the same
// bits, and so does the CUDA backend (skipped without a device).
#include <gtest/gtest.h>

#include "parity_util.hpp"
#include "plan/network_plan.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

std::string crowded_model() {
  std::string projections;
  for (int j = 0; j < 140; ++j) {
    projections += std::string(j ? ", " : "") + R"({"source": ")" + (j % 2 ? "E" : "I") + R"(", "target": ")" +
                   (j % 3 ? "E" : "I") + R"(", "connectivity": {"rule": "fixed_indegree", "indegree": 2}, "weight": )" +
                   (j % 2 ? "20.0" : "-30.0") + R"(, "delay": )" + std::to_string(0.1 * (1 + j % 7)) + "}";
  }
  return R"({"simulation": {"dt": 0.1, "t_stop": 60.0, "seed": 5},
    "populations": [{"name": "E", "size": 300, "model": "iaf_psc_exp"},
                    {"name": "I", "size": 80, "model": "iaf_psc_delta"},
                    {"name": "P", "size": 5, "model": "parrot_neuron"}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 12000.0, "weight": 25.0},
                {"type": "poisson", "target": "E", "node_ids": [0, 5, 7, 299], "rate": 50000.0, "weight": 10.0, "start": 10.0, "stop": 40.0},
                {"type": "spike_times", "target": "E", "weight": 40.0, "delay": 0.3,
                 "trains": [{"node_id": 3, "times": [5.0, 5.0, 5.0, 20.0]}, {"node_id": 4, "times": [5.0, 33.3]}]},
                {"type": "dc", "target": "I", "amplitude": 1.5, "start": 15.0, "stop": 45.0},
                {"type": "spike_times", "target": "P", "weight": 1.0, "delay": 0.1,
                 "trains": [{"node_id": 1, "times": [2.0, 2.1, 9.0]}, {"node_id": 4, "times": [2.0, 30.0]}]}],
    "projections": [)" + projections + R"(,
      {"source": "P", "target": "E", "connectivity": {"rule": "fixed_outdegree", "outdegree": 20}, "weight": 60.0, "delay": 1.0}],
    "recorders": [{"type": "spikes", "populations": ["E", "I", "P"]},
                  {"type": "state", "population": "E", "node_ids": [3, 4, 5], "variables": ["V_m", "I_syn_ex"], "interval": 0.2}]})";
}

outcome run_cpu(const plan::network_plan& net, int threads, long long chunk) {
  auto b = make_backend("cpu", threads);
  b->build(net);
  while (b->current_step() < net.n_steps) b->run(std::min(chunk, net.n_steps - b->current_step()));
  outcome o{b->results(), {}, "", b->current_step()};
  for (std::size_t j = 0; j < net.projections.size(); ++j) o.synapses.push_back(b->synapses(static_cast<int>(j)));
  return o;
}

}  // namespace

TEST(CrowdedStep, EveryThreadCountGivesTheSameBits) {
  const auto net = plan::make_plan(parse_text(crowded_model()));
  const auto one = run_cpu(net, 1, net.n_steps);
  ASSERT_GT(one.rec.spike_count[0], 100u);
  ASSERT_GT(one.rec.spike_count[1], 10u);
  EXPECT_EQ(one.rec.spike_count[2], 5u);  // the parrots repeat the 5 events
  for (int threads : {2, 3}) expect_identical(one, run_cpu(net, threads, 37), std::to_string(threads) + " threads");
}

TEST(CrowdedStep, CudaGivesTheCpuBits) {
  REQUIRE_CUDA();
  const auto net = plan::make_plan(parse_text(crowded_model()));
  expect_identical(run_backend(net, "cpu"), run_backend(net, "cuda", {7, 13, 101}), "cuda");
}
