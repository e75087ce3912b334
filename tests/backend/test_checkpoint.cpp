// Checkpoints (docs/checkpoints.md), tested as Arbor does: run 2T straight;
// run T, save the state, restore it into a network built afresh, run to 2T:
// spikes, state samples, weights and every recording bitwise identical, on
// every feature. The restored run uses another thread count; with a GPU,
// a CPU checkpoint continues on the CUDA backend.
#include <gtest/gtest.h>

#include <sstream>

#include "parity_models.hpp"
#include "parity_util.hpp"

using namespace tribody;
using namespace tribody::test;

namespace {

model_spec shipped(const std::string& file, double t_stop) {
  load_options o;
  o.t_stop = t_stop;
  return load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o);
}

// What the shared models leave out: dc pulses that switch on and off,
// gliotransmitter releases (so release modulation's receptors move),
// edges snapshots at chosen times, a reward rule.
std::string extras() {
  return R"({"simulation": {"dt": 0.1, "t_stop": 2000.0, "slow_dt": 10.0, "seed": 4},
    "populations": [{"name": "P", "size": 40, "model": "poisson_source", "params": {"rate": 80.0}},
                    {"name": "E", "size": 30, "model": "iaf_psc_exp"}, {"name": "D", "size": 2, "model": "parrot_neuron"}],
    "astrocytes": [{"name": "G", "size": 2, "model": "astro_gchi"}],
    "stimuli": [{"type": "dc", "target": "E", "amplitude": 400.0, "start": 100.0, "stop": 900.0},
                {"type": "dc", "target": "E", "amplitude": 300.0, "start": 1200.0, "stop": 1700.0},
                {"type": "spike_times", "target": "E", "weight": 100.0, "trains": [{"node_id": 3, "times": [5.0, 5.0, 999.9, 1000.0]}]},
                {"type": "reward", "target": "D", "pre": {"population": "E", "node_id": 0}, "post": {"population": "E", "node_id": 1},
                 "window": 20.0, "delay_min": 50.0, "delay_max": 400.0}],
    "projections": [
      {"name": "PE", "source": "P", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 10}, "weight": 50.0,
       "synapse": {"model": "tsodyks_markram", "U_0": 0.3},
       "tripartite": {"astrocytes": "G", "astro_weight": 2.0, "assignment": {"rule": "pool", "pool_size": 1},
                      "pathways": [{"type": "release_modulation", "mode": "broadcast", "O_G": 0.5, "alpha": 0.1}]}},
      {"name": "PE2", "source": "P", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 5}, "weight": 30.0,
       "synapse": {"model": "tsodyks_markram", "U_0": 0.3},
       "tripartite": {"astrocytes": "G", "astro_weight": 2.0, "assignment": {"rule": "pool", "pool_size": 1},
                      "pathways": [{"type": "release_modulation", "mode": "local", "O_G": 0.5, "alpha": 0.1}]}},
      {"name": "EE", "source": "E", "target": "E", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.3}, "weight": 20.0,
       "delay": {"distribution": "uniform", "low": 0.5, "high": 2.0},
       "plasticity": {"rule": "stdp_dopamine", "volume_transmitter": "D", "tau_c": 200.0, "Wmax": 60.0}}],
    "recorders": [{"type": "spikes", "populations": ["E", "G", "D"]},
                  {"type": "state", "population": "G", "node_ids": [0, 1], "variables": ["C", "G_A"], "interval": 10.0},
                  {"type": "edges", "name": "ee", "projection": "EE", "times": [500.0, 1000.0, 1500.0]}]})";
}

std::vector<std::pair<std::string, model_spec>> checkpoint_models() {
  std::vector<std::pair<std::string, model_spec>> m = {
      {"extras", parse_text(extras(), "extras")},
      {"astro_features", parse_text(astro_features(), "astro_features")},
      {"tripartite local", parse_text(tripartite_network("local"), "tripartite local")},
      {"tripartite broadcast", parse_text(tripartite_network("broadcast"), "tripartite broadcast")},
      {"distal_reward", shipped("distal_reward.json", 300.0)},
      {"brunel", shipped("brunel.json", 60.0)}};
  for (const auto& rule : plastic_rules) m.push_back({rule, parse_text(plastic_network(rule), rule)});
  return m;
}

// Runs `first` steps on backend a, saves, restores into a fresh backend b
// (its own thread count) and runs the rest there.
outcome split_run(const plan::network_plan& net, long long first, const std::string& b_name, int b_threads) {
  std::stringstream state;
  {
    auto a = make_backend("cpu", 2);
    a->build(net);
    a->run(first);
    a->save_state(state);
  }
  auto b = make_backend(b_name, b_threads);
  b->build(net);
  b->load_state(state);
  EXPECT_EQ(b->current_step(), first);
  b->run(net.n_steps - first);
  outcome o{b->results(), {}, "", b->current_step()};
  for (std::size_t j = 0; j < net.projections.size(); ++j) o.synapses.push_back(b->synapses(static_cast<int>(j)));
  return o;
}

}  // namespace

TEST(Checkpoint, TheExtrasModelExercisesWhatItShould) {
  const auto o = run_backend(plan::make_plan(parse_text(extras(), "extras")), "cpu");
  EXPECT_GT(o.rec.release_count.at(0), 0u);   // gliotransmitter released
  EXPECT_GT(o.rec.reward_count.at(0), 0u);    // rewards sent
  EXPECT_EQ(o.rec.snapshots.at(0).steps.size(), 3u);
  EXPECT_GT(o.rec.spike_count.at(1), 100u);
}

TEST(Checkpoint, RestoredRunsEqualStraightRuns) {
  for (const auto& [name, m] : checkpoint_models()) {
    const auto net = plan::make_plan(m);
    const auto straight = run_backend(net, "cpu");
    // Off every clock's phase (odd steps: within a dc pulse of the extras,
    // between their snapshots), and at the very start.
    for (const long long first : {net.n_steps * 3 / 10 + 7, net.n_steps / 2 + 7, 0LL}) {
      expect_identical(straight, split_run(net, first, "cpu", 1), name + ", restored at step " + std::to_string(first));
    }
  }
}

TEST(Checkpoint, ACheckpointOfAnotherNetworkIsRefused) {
  const auto net = plan::make_plan(parse_text(plastic_network("stdp"), "a"));
  std::stringstream state;
  auto a = make_backend("cpu", 1);
  a->build(net);
  a->run(50);
  a->save_state(state);
  const std::string bytes = state.str();
  // Another network: the brunel model.
  auto other = make_backend("cpu", 1);
  other->build(plan::make_plan(shipped("brunel.json", 10.0)));
  std::stringstream s1(bytes);
  try {
    other->load_state(s1);
    FAIL() << "accepted";
  } catch (const usage_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not match this network"), std::string::npos) << e.what();
  }
  // A truncated one.
  auto b = make_backend("cpu", 1);
  b->build(net);
  std::stringstream s2(bytes.substr(0, bytes.size() / 2));
  try {
    b->load_state(s2);
    FAIL() << "accepted";
  } catch (const io_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, CudaContinuesACpuCheckpoint) {
  REQUIRE_CUDA();
  for (const auto& [name, m] : checkpoint_models()) {
    const auto net = plan::make_plan(m);
    expect_identical(run_backend(net, "cpu"), split_run(net, net.n_steps / 2 + 7, "cuda", 1), name + " (cpu -> cuda)");
  }
}
