// A spike arrives exactly `delay` after it was emitted, through stimuli and
// through projections, for constant, packed and separate delay layouts.
#include <gtest/gtest.h>

#include "backend.hpp"
#include "plan/network_plan.hpp"
#include "test_util.hpp"

using namespace tribody;

namespace {

// Source neuron "a" is made to spike at a known time by a strong input;
// "b" receives a 1 mV jump through a projection with the given delay.
std::string relay(const std::string& delay, unsigned b_size) {
  return R"({"simulation": {"dt": 0.1, "t_stop": 40.0},
    "populations": [{"name": "a", "size": 1, "model": "iaf_psc_delta"},
                    {"name": "b", "size": )" + std::to_string(b_size) + R"(, "model": "iaf_psc_delta", "params": {"V_th": 1000.0}}],
    "stimuli": [{"type": "spike_times", "target": "a", "weight": 100.0, "delay": 0.5, "trains": [{"node_id": 0, "times": [2.0]}]}],
    "projections": [{"source": "a", "target": "b", "connectivity": {"rule": "all_to_all"}, "weight": 1.0, "delay": )" +
         delay + R"(}],
    "recorders": [{"type": "spikes", "populations": ["a"]},
                  {"type": "state", "population": "b", "node_ids": [0], "variables": ["V_m"]}]})";
}

double arrival_time(const simulation& sim) {
  const auto v = test::trace(sim, 0, 0, 0, 1, 1);
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k] > -70.0 + 0.5) return 0.1 * k;
  }
  return -1.0;
}

}  // namespace

TEST(Delays, StimulusSpikeArrivesAfterItsDelay) {
  const auto sim = test::run_json(relay("1.0", 1));
  const auto t = test::spike_times(*sim, 0, 0.1);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_NEAR(t[0], 2.5, 1e-9);  // 2.0 + 0.5: a jumps 100 mV above threshold on arrival
}

TEST(Delays, ProjectionDelaysAreExact) {
  for (const char* d : {"0.1", "1.0", "1.5", "7.3", "25.0"}) {
    const auto sim = test::run_json(relay(d, 1));
    EXPECT_NEAR(arrival_time(*sim), 2.5 + std::stod(d), 1e-9) << "delay " << d;
  }
}

TEST(Delays, PerSynapseDelaysAreExact) {
  // Uniform delays: each synapse's arrival time minus the spike time must be
  // its stored delay, with delays packed beside the target and stored apart.
  std::string model = relay(R"({"distribution": "uniform", "low": 0.1, "high": 30.0})", 5);
  model.replace(model.find(R"("node_ids": [0])"), 15, R"("node_ids": [0, 1, 2, 3, 4])");
  for (bool packed : {true, false}) {
    auto net = plan::make_plan(parse_model(model));
    ASSERT_TRUE(net.projections[0].pack_delay);
    net.projections[0].pack_delay = packed;
    auto b = make_backend("cpu", 2);
    b->build(net);
    b->run(net.n_steps);
    const auto syn = b->synapses(0);
    const auto& s = b->results().states[0];
    for (std::size_t k = 0; k < syn.target.size(); ++k) {
      const unsigned node = syn.target[k];
      double arrival = -1.0;
      for (std::size_t j = 0; j < s.steps.size() && arrival < 0; ++j) {
        if (s.values[j * 5 + node] > -69.5) arrival = 0.1 * s.steps[j];
      }
      EXPECT_NEAR(arrival, 2.5 + 0.1 * syn.delay[k], 1e-9) << "node " << node << (packed ? " packed" : " apart");
    }
  }
}

// spike_times -> parrot_neuron -> projection: the parrot spikes when an
// event arrives, whatever its weight's sign, once per step; its spikes then
// travel with the projection's delay.
TEST(Parrot, RepeatsInputSpikesAtTheirArrival) {
  const auto sim = test::run_json(R"({"simulation": {"dt": 0.1, "t_stop": 20.0},
    "populations": [{"name": "p", "size": 3, "model": "parrot_neuron"},
                    {"name": "b", "size": 1, "model": "iaf_psc_delta", "params": {"V_th": 1000.0}}],
    "stimuli": [{"type": "spike_times", "target": "p", "weight": -2.0, "delay": 0.5,
                 "trains": [{"node_id": 0, "times": [1.0, 1.1, 5.0]}, {"node_id": 2, "times": [3.3, 3.3]}]}],
    "projections": [{"source": "p", "target": "b", "connectivity": {"rule": "all_to_all"}, "weight": 1.5, "delay": 2.0}],
    "recorders": [{"type": "spikes", "populations": ["p"]},
                  {"type": "state", "population": "b", "node_ids": [0], "variables": ["V_m"]}]})");
  const auto& s = sim->results().spikes[0];
  EXPECT_EQ(s.steps, (std::vector<long long>{14, 15, 37, 54}));  // stamps 1.5, 1.6, 3.8, 5.5 ms
  EXPECT_EQ(s.ids, (std::vector<unsigned>{0, 0, 2, 0}));          // node 2's two events: one spike
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  EXPECT_DOUBLE_EQ(v[34], -70.0);        // t = 3.4 ms: nothing yet
  EXPECT_DOUBLE_EQ(v[35], -70.0 + 1.5);  // t = 3.5 ms: the parrot's 1.5 ms spike after 2 ms
}
