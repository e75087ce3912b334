// What a non-finite state does, on every path `tribody run` takes: the run
// halts at the failing step, whatever the chunks, threads and epochs; the
// message names the population, neuron, time and state; spike counts,
// recorded spikes and samples end with that step; and the CUDA backend
// says and keeps the same (skipped without a device).
#include <gtest/gtest.h>

#include "parity_util.hpp"
#include "plan/network_plan.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

// Neuron 2 of B is an Izhikevich neuron whose recovery variable stays at 0
// until it spikes; its first spike (Poisson input from 20 ms) makes U_m
// overflow at the next step (t = 27.2 ms: step 271, inside the second
// epoch of 200 steps), while E keeps firing.
std::string failing_model(double t_stop) {
  return R"({"simulation": {"dt": 0.1, "t_stop": )" + std::to_string(t_stop) + R"(, "seed": 3},
    "populations": [{"name": "E", "size": 50, "model": "iaf_psc_exp"},
                    {"name": "B", "size": 4, "model": "izhikevich", "params": {"a": 1e300, "b": 0.0},
                     "initial": {"U_m": 0.0}}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 20000.0, "weight": 30.0},
                {"type": "poisson", "target": "B", "node_ids": [2], "rate": 8000.0, "weight": 3.0, "start": 20.0}],
    "projections": [{"source": "E", "target": "B", "connectivity": {"rule": "fixed_indegree", "indegree": 5},
                     "weight": 0.5}],
    "recorders": [{"type": "spikes", "populations": ["E", "B"]},
                  {"type": "state", "population": "B", "node_ids": [2], "variables": ["V_m", "U_m"],
                   "interval": 0.3}]})";
}

const std::vector<long long> chunks = {7, 13, 101, 3, 1, 29, 57, 11};

}  // namespace

TEST(FailureParity, TheRunHaltsAtTheFailingStepWithItsState) {
  const auto net = plan::make_plan(parse_text(failing_model(100.0)));
  const auto one = run_backend(net, "cpu");
  ASSERT_EQ(one.failure,
            "neuron 2 of population 'B' has a non-finite state at t = 27.2 ms (V_m = -65, U_m = inf); 1 neuron(s) "
            "of this population are affected. Check the model's parameters and weights (and dt for izhikevich).");
  EXPECT_EQ(one.step, 272);
  // Nothing after the failing step: the last spike and sample are its own.
  ASSERT_FALSE(one.rec.spikes[1].steps.empty());
  EXPECT_EQ(one.rec.spikes[1].steps.back(), 271);
  EXPECT_LE(one.rec.spikes[0].steps.back(), 271);
  EXPECT_EQ(one.rec.spike_count[0], one.rec.spikes[0].steps.size());
  EXPECT_EQ(one.rec.states[0].steps.back(), 270);  // samples every 3 steps: t = 27.0 ms
  // A run that ends with the failing step has the same results: the steps
  // after it in the same epoch did nothing.
  const auto exact = run_backend(plan::make_plan(parse_text(failing_model(27.2))), "cpu");
  expect_identical(one, exact, "run to t_stop vs run to the failing step");
  expect_identical(one, run_backend(net, "cpu", chunks), "chunked");
}

TEST(FailureParity, CudaHaltsWhereTheCpuDoes) {
  REQUIRE_CUDA();
  const auto net = plan::make_plan(parse_text(failing_model(100.0)));
  const auto cpu = run_backend(net, "cpu");
  expect_identical(cpu, run_backend(net, "cuda"), "cuda, one run");
  expect_identical(cpu, run_backend(net, "cuda", chunks), "cuda, chunked");
}

namespace {

// The astrocytes overflow in the first slow step (C = 1e200), which ends
// with step 99, while the neurons spike.
std::string failing_astrocytes() {
  return R"({"simulation": {"dt": 0.1, "t_stop": 100.0, "slow_dt": 10.0},
    "populations": [{"name": "E", "size": 20, "model": "iaf_psc_exp"}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 20000.0, "weight": 30.0}],
    "astrocytes": [{"name": "A", "size": 3, "model": "astro_gchi", "initial": {"C": 1e200}}],
    "recorders": [{"type": "spikes", "populations": ["E", "A"]},
                  {"type": "state", "population": "A", "node_ids": [1], "variables": ["C"], "interval": 10.0}]})";
}

}  // namespace

TEST(FailureParity, AnAstrocyteFailureHaltsAfterItsSlowStep) {
  const auto net = plan::make_plan(parse_text(failing_astrocytes()));
  const auto one = run_backend(net, "cpu", {}, 300);
  EXPECT_NE(one.failure.find("astrocyte 0 of population 'A' has a non-finite state at t = 10 ms"), std::string::npos)
      << one.failure;
  EXPECT_EQ(one.step, 100);
  EXPECT_LE(one.rec.spikes[0].steps.back(), 99);
  EXPECT_EQ(one.rec.states[0].steps.back(), 100);  // the failing slow step's sample
  expect_identical(one, run_backend(net, "cpu", chunks, 300), "chunked");
}

TEST(FailureParity, CudaHaltsAfterTheSameSlowStep) {
  REQUIRE_CUDA();
  const auto net = plan::make_plan(parse_text(failing_astrocytes()));
  const auto one = run_backend(net, "cpu", {}, 300);
  expect_identical(one, run_backend(net, "cuda", {}, 300), "cuda");
  expect_identical(one, run_backend(net, "cuda", chunks, 300), "cuda, chunked");
}
