// STDP rules on exact spike trains (parrot neurons driven by spike_times),
// against weight changes computed by hand from NEST's definitions
// (docs/plasticity.md).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "backend.hpp"
#include "bad_case.hpp"
#include "plan/network_plan.hpp"
#include "test_util.hpp"
#include "tribody/errors.hpp"

namespace tribody {
namespace {

std::string times(const std::vector<double>& t) {
  std::ostringstream s;
  s << "[";
  for (std::size_t k = 0; k < t.size(); ++k) s << (k ? ", " : "") << t[k];
  s << "]";
  return s.str();
}

// One synapse pre -> post with a dendritic delay; parrots spike at the
// given times (the generator's delay is dt).
std::string pair_model(const std::string& plasticity, const std::vector<double>& pre, const std::vector<double>& post,
                       double weight, double delay, double t_stop = 100.0) {
  auto minus_dt = [](std::vector<double> t) {
    for (auto& x : t) x -= 0.1;
    return t;
  };
  std::ostringstream s;
  s << R"({"simulation": {"dt": 0.1, "t_stop": )" << t_stop << R"(},
    "populations": [{"name": "pre", "size": 1, "model": "parrot_neuron"},
                    {"name": "post", "size": 1, "model": "parrot_neuron"}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 1.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": )"
    << times(minus_dt(pre)) << R"(}]},
                {"type": "spike_times", "target": "post", "weight": 1.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": )"
    << times(minus_dt(post)) << R"(}]}],
    "projections": [{"name": "syn", "source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"},
                     "silent": true, "weight": )"
    << weight << R"(, "delay": )" << delay << R"(, "plasticity": )" << plasticity << R"(}],
    "recorders": [{"type": "spikes", "populations": ["pre", "post"]},
                  {"type": "weights", "name": "w", "projection": "syn"}]})";
  return s.str();
}

TEST(Stdp, AllToAllAdditiveByHand) {
  // pre 10, 30 ms; post 15 ms; delay 1 ms: the post spike reaches the
  // synapse at 16 ms.
  const auto sim = test::run_json(pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0})", {10.0, 30.0},
                                             {15.0}, 50.0, 1.0));
  const auto& w = sim->results().weights.at(0);
  ASSERT_EQ(w.steps, (std::vector<long long>{99, 299}));
  EXPECT_DOUBLE_EQ(w.weights[0], 50.0);  // nothing before the first pre spike
  const double after_post = 50.0 + 100.0 * 0.01 * std::exp(-6.0 / 20.0);
  EXPECT_NEAR(w.weights[1], after_post - 100.0 * 0.01 * std::exp(-14.0 / 20.0), 1e-12);
  EXPECT_NEAR(sim->results().plastic_weights.at(0).at(0), w.weights[1], 1e-15);
}

// The weight after the pre spikes at 10 and 30 ms, post spikes at 15 and
// 20 ms (arriving at 16 and 21 ms), delay 1 ms, additive (lambda = 0.01,
// Wmax = 100: each pairing moves the weight by its trace).
double after_two_pairs(const std::string& rule) {
  const auto sim = test::run_json(pair_model(R"({"rule": ")" + rule + R"(", "mu_plus": 0, "mu_minus": 0})",
                                             {10.0, 30.0}, {15.0, 20.0}, 50.0, 1.0));
  const auto& w = sim->results().weights.at(0);
  EXPECT_EQ(w.weights.size(), 2u);
  return w.weights.at(1);
}

TEST(Stdp, AllToAllPairsEveryPostSpikeWithEveryPreSpike) {
  const double ltp = std::exp(-6.0 / 20.0) + std::exp(-11.0 / 20.0);
  const double ltd = std::exp(-14.0 / 20.0) + std::exp(-9.0 / 20.0);  // both post spikes before 30 - 1 ms
  EXPECT_NEAR(after_two_pairs("stdp"), 50.0 + ltp - ltd, 1e-12);
}

TEST(Stdp, NearestNeighbourSymmetricPairsOnlyNeighbours) {
  // Each post spike with the pre spike before it (both with 10 ms); the
  // pre spike at 30 ms only with the post spike at 20 ms.
  const double ltp = std::exp(-6.0 / 20.0) + std::exp(-11.0 / 20.0);
  EXPECT_NEAR(after_two_pairs("stdp_nn_symm"), 50.0 + ltp - std::exp(-9.0 / 20.0), 1e-12);
}

TEST(Stdp, PreCenteredPairsTheFirstPostSpikeAfterAPreSpike) {
  EXPECT_NEAR(after_two_pairs("stdp_nn_pre_centered"), 50.0 + std::exp(-6.0 / 20.0) - std::exp(-9.0 / 20.0), 1e-12);
}

TEST(Stdp, NearestNeighbourPairsEarlyPostSpikesWithTimeZeroAsNest) {
  // NEST's synapses start with their last presynaptic spike at t = 0: a
  // post spike before the first pre spike pairs with it in stdp_nn_symm
  // (not in stdp, whose trace starts at 0).
  const std::string add = R"(", "mu_plus": 0, "mu_minus": 0})";
  const auto nn = test::run_json(pair_model(R"({"rule": "stdp_nn_symm)" + add, {10.0}, {5.0}, 50.0, 1.0));
  const auto aa = test::run_json(pair_model(R"({"rule": "stdp)" + add, {10.0}, {5.0}, 50.0, 1.0));
  const double ltd = std::exp(-4.0 / 20.0);  // post at 5 ms, seen from 10 - 1 ms
  EXPECT_NEAR(nn->results().weights.at(0).weights.at(0), 50.0 + std::exp(-6.0 / 20.0) - ltd, 1e-12);
  EXPECT_NEAR(aa->results().weights.at(0).weights.at(0), 50.0 - ltd, 1e-12);
}

TEST(Stdp, CoincidentArrivalAndPreSpikeDoNotPair) {
  // The post spike at 9 ms reaches the synapse at 10 ms with the pre spike:
  // neither sees the other (NEST's strict windows); the pre spike at 20 ms
  // is depressed by it.
  const auto sim = test::run_json(pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0})", {10.0, 20.0}, {9.0},
                                             50.0, 1.0));
  const auto& w = sim->results().weights.at(0).weights;
  EXPECT_DOUBLE_EQ(w.at(0), 50.0);
  EXPECT_NEAR(w.at(1), 50.0 - std::exp(-10.0 / 20.0), 1e-12);
}

TEST(Stdp, ArrivalsWaitingThroughALongSilenceAreAppliedInOrder) {
  // pre 10 and 600 ms; post every 5 ms from 12 to 990 ms: ~118 arrivals
  // wait for the second pre spike and ~78 for the end of the run, many
  // more than a target's history holds between catch-up passes
  // (docs/plasticity.md#engine).
  std::vector<double> post;
  for (double t = 12.0; t < 991.0; t += 5.0) post.push_back(t);
  const std::string add = R"(", "lambda": 0.001, "mu_plus": 0, "mu_minus": 0})";
  for (const std::string rule : {"stdp", "stdp_nn_symm", "stdp_nn_pre_centered"}) {
    SCOPED_TRACE(rule);
    const auto sim = test::run_json(pair_model(R"({"rule": ")" + rule + add, {10.0, 600.0}, post, 50.0, 1.0, 1000.0));
    const auto& w = sim->results().weights.at(0).weights;
    ASSERT_EQ(w.size(), 2u);
    const bool centered = rule == "stdp_nn_pre_centered", nn = rule != "stdp";
    // Each arrival (1 ms after its post spike) pairs with the pre trace:
    // exp of the time since the last pre spike (stdp: the sum over both;
    // stdp_nn_symm: with t = 0 before any; pre-centred: the first only).
    double expect = 50.0;
    for (double t : post) {
      const double a = t + 1.0;
      if (a > 600.0) break;
      if (a <= 10.0) continue;
      if (!centered || t == post.front()) expect += 0.1 * std::exp(-(a - 10.0) / 20.0);
    }
    double ltd = 0.0;  // the post trace at 600 - 1 ms (nearest-neighbour: the last spike's)
    for (double t : post) {
      if (t < 599.0) ltd = (nn ? 0.0 : ltd) + std::exp(-(599.0 - t) / 20.0);
    }
    expect -= 0.1 * ltd;
    EXPECT_NEAR(w[1], expect, 1e-11);
    // After 600 ms: the arrivals the run's end leaves waiting are in the final weights.
    const double k_after = nn ? 1.0 : 1.0 + std::exp(-590.0 / 20.0);
    double last = w[1];
    bool first = true;
    for (double t : post) {
      const double a = t + 1.0;
      if (a <= 600.0 || a >= 1000.0) continue;
      if (!centered || first) last += 0.1 * k_after * std::exp(-(a - 600.0) / 20.0);
      first = false;
    }
    EXPECT_NEAR(sim->results().plastic_weights.at(0).at(0), last, 1e-11);
  }
}

TEST(Stdp, WeightsStayWithinZeroAndWmax) {
  // lambda = 1: one pairing would carry an additive weight past either bound.
  const auto up = test::run_json(pair_model(R"({"rule": "stdp", "lambda": 1, "mu_plus": 0, "mu_minus": 0})",
                                            {10.0, 40.0}, {11.0}, 95.0, 1.0));
  EXPECT_NEAR(up->results().plastic_weights.at(0).at(0), 100.0 - 100.0 * std::exp(-28.0 / 20.0), 1e-12);
  EXPECT_NEAR(up->results().weights.at(0).weights.at(1), 100.0 - 100.0 * std::exp(-28.0 / 20.0), 1e-12);
  const auto down = test::run_json(pair_model(R"({"rule": "stdp", "lambda": 1, "mu_plus": 0, "mu_minus": 0})",
                                              {10.0}, {8.0}, 5.0, 1.0));
  EXPECT_EQ(down->results().weights.at(0).weights.at(0), 0.0);
  // Multiplicative: the steps shrink near the bounds, which are never reached.
  const auto mult = test::run_json(pair_model(R"({"rule": "stdp", "lambda": 1})", {10.0}, {8.0}, 5.0, 1.0));
  EXPECT_NEAR(mult->results().weights.at(0).weights.at(0), 5.0 * (1.0 - std::exp(-1.0 / 20.0)), 1e-12);
}

TEST(Stdp, NegativeWmaxForInhibitorySynapses) {
  // Weights and Wmax share a sign; the rule works on w / Wmax.
  const auto sim = test::run_json(pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0, "Wmax": -100})",
                                             {10.0, 30.0}, {15.0}, -50.0, 1.0));
  const auto& w = sim->results().weights.at(0).weights;
  EXPECT_NEAR(w.at(1), -50.0 - std::exp(-6.0 / 20.0) + std::exp(-14.0 / 20.0), 1e-12);
}

// pre at 10 and 60 ms, post at 15 ms, a dopamine parrot at 30 ms; one
// stdp_dopamine synapse (delay 1 ms, vt_delay 1 ms) and the given recorder.
std::string dopamine_pair(const std::string& recorder) {
  return R"({"simulation": {"dt": 0.1, "t_stop": 100.0},
    "populations": [{"name": "pre", "size": 1, "model": "parrot_neuron"},
                    {"name": "post", "size": 1, "model": "parrot_neuron"},
                    {"name": "da", "size": 1, "model": "parrot_neuron"}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 0, "times": [9.9, 59.9]}]},
                {"type": "spike_times", "target": "post", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 0, "times": [14.9]}]},
                {"type": "spike_times", "target": "da", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 0, "times": [29.9]}]}],
    "projections": [{"name": "syn", "source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"},
                     "weight": 50.0, "delay": 1.0, "silent": true,
                     "plasticity": {"rule": "stdp_dopamine", "volume_transmitter": "da", "vt_delay": 1.0}}],
    "recorders": [)" + recorder + "]}";
}

TEST(StdpDopamine, WeightIntegratesEligibilityTimesDopamineByHand) {
  // pre 10, 60 ms; post 15 ms (arrives at 16 ms): c = A_plus exp(-6/20) at
  // 16 ms. A dopamine parrot spikes at 30 ms, reaching the synapses at 31 ms
  // (vt_delay 1 ms): n = 1/tau_n then. The pre spike at 60 ms carries
  // w0 + int_31^60 c(s) n(s) ds.
  const std::string m = dopamine_pair(R"({"type": "weights", "name": "w", "projection": "syn"})");
  const auto sim = test::run_json(m);
  const auto& w = sim->results().weights.at(0).weights;
  ASSERT_EQ(w.size(), 2u);
  const double tc = 1000.0, tn = 200.0, taus = 1.0 / tc + 1.0 / tn;
  const double c31 = std::exp(-6.0 / 20.0) * std::exp(-15.0 / tc);
  EXPECT_DOUBLE_EQ(w[0], 50.0);
  EXPECT_NEAR(w[1], 50.0 + c31 / tn * (1.0 - std::exp(-29.0 * taus)) / taus, 1e-12);
}

// The reward rule: B within 10 ms after A sends an event to the dopamine
// parrot after [delay_min, delay_max].
std::string reward_model(double d_min, double d_max, const std::vector<double>& a, const std::vector<double>& b) {
  std::ostringstream s;
  s << R"({"simulation": {"dt": 0.1, "t_stop": 200.0, "seed": 3},
    "populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}, {"name": "B", "size": 3, "model": "parrot_neuron"},
                    {"name": "da", "size": 1, "model": "parrot_neuron"}],
    "stimuli": [{"type": "spike_times", "target": "A", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 1, "times": )"
    << times(a) << R"(}]},
                {"type": "spike_times", "target": "B", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 2, "times": )"
    << times(b) << R"(}, {"node_id": 0, "times": [14.9]}]},
                {"type": "reward", "name": "r", "target": "da", "pre": {"population": "A", "node_id": 1},
                 "post": {"population": "B", "node_id": 2}, "window": 10.0, "delay_min": )"
    << d_min << R"(, "delay_max": )" << d_max << R"(}],
    "recorders": [{"type": "spikes", "populations": ["da"]}]})";
  return s.str();
}

TEST(Reward, PairingWithinTheWindowSendsAnEventAfterTheDelay) {
  // A at 10, 40, 50 ms; B at 15 (5 ms after: reward), 30 (20 ms: none),
  // 40 (same step: none), 60 ms (10 ms: reward). The generator's 0.1 ms
  // delay is part of the times given.
  const auto sim = test::run_json(reward_model(5.0, 5.0, {9.9, 39.9, 49.9}, {14.9, 29.9, 39.9, 59.9}));
  EXPECT_EQ(test::spike_times(*sim, 2, 0.1), (std::vector<double>{20.0, 65.0}));
  EXPECT_EQ(sim->results().reward_count, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(sim->report()["rewards"][0]["rewards"], 2);
}

TEST(Reward, DelaysAreDrawnWithinTheirRangeAndReproducibly) {
  std::vector<double> a, b;
  for (int k = 0; k < 12; ++k) {
    a.push_back(10.0 + 12.0 * k - 0.1);
    b.push_back(13.0 + 12.0 * k - 0.1);
  }
  const auto x = test::run_json(reward_model(5.0, 8.0, a, b));
  const auto y = test::run_json(reward_model(5.0, 8.0, a, b), 2);
  const auto t = test::spike_times(*x, 2, 0.1);
  EXPECT_EQ(t, test::spike_times(*y, 2, 0.1));
  ASSERT_EQ(t.size(), b.size());
  std::set<long long> delays;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const double d = t[k] - (b[k] + 0.1);
    EXPECT_GE(d, 5.0 - 1e-9);
    EXPECT_LE(d, 8.0 + 1e-9);
    delays.insert(std::llround(d * 10));
  }
  EXPECT_GE(delays.size(), 3u);  // drawn, not constant
}

// A recurrent network with per-synapse delays (every arrival task) under
// Poisson drive: spikes, weight events and final weights are the same bits
// for any number of threads.
std::string recurrent_model(const std::string& rule) {
  return R"({"simulation": {"dt": 0.1, "t_stop": 200.0, "seed": 7},
    "populations": [{"name": "E", "size": 300, "model": "iaf_psc_delta",
                     "params": {"C_m": 1.0, "tau_m": 20.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_th": 20.0},
                     "initial": {"V_m": {"distribution": "uniform", "low": 0.0, "high": 20.0}}}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 10000.0, "weight": 0.1, "delay": 1.0}],
    "projections": [{"name": "EE", "source": "E", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 40},
                     "weight": {"distribution": "uniform", "low": 0.1, "high": 0.4},
                     "delay": {"distribution": "uniform", "low": 0.5, "high": 3.0},
                     "plasticity": )" +
         (rule == "stdp_dopamine"
              ? std::string(R"({"rule": "stdp_dopamine", "volume_transmitter": "E", "vt_delay": 2.0, "A_plus": 0.5,
                               "A_minus": 0.6, "tau_c": 30.0, "b": 0.01, "Wmax": 1.0})")
              : R"({"rule": ")" + rule + R"(", "lambda": 0.05, "Wmax": 1.0})") +
         R"(}],
    "recorders": [{"type": "spikes", "populations": ["E"]},
                  {"type": "weights", "name": "w", "projection": "EE", "sources": [0, 1, 2], "targets": [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]},
                  {"type": "weights", "name": "all", "projection": "EE"}]})";
}

TEST(Stdp, SameBitsForAnyThreadCount) {
  for (const std::string rule : {"stdp", "stdp_nn_symm", "stdp_nn_pre_centered", "stdp_dopamine"}) {
    SCOPED_TRACE(rule);
    const auto a = test::run_json(recurrent_model(rule), 1);
    const auto b = test::run_json(recurrent_model(rule), 2);
    const auto c = test::run_json(recurrent_model(rule), 3);
    const auto& ra = a->results();
    EXPECT_GT(ra.spike_count[0], 3000u);
    ASSERT_GT(ra.weights.at(1).weights.size(), 10000u);
    for (const auto* s : {b.get(), c.get()}) {
      const auto& rb = s->results();
      EXPECT_EQ(ra.spikes[0].steps, rb.spikes[0].steps);
      EXPECT_EQ(ra.spikes[0].ids, rb.spikes[0].ids);
      for (std::size_t r = 0; r < 2; ++r) {
        EXPECT_EQ(ra.weights[r].steps, rb.weights[r].steps);
        EXPECT_EQ(ra.weights[r].synapses, rb.weights[r].synapses);
        EXPECT_EQ(ra.weights[r].weights, rb.weights[r].weights);
      }
      EXPECT_EQ(ra.plastic_weights[0], rb.plastic_weights[0]);
    }
    // Run in calls of 37 steps (epochs end elsewhere): the same bits, as
    // dopamine periods end at fixed steps.
    load_options o;
    o.threads = 2;
    simulation chunked(parse_model(recurrent_model(rule), "<test>", o));
    chunked.build();
    const long long n_steps = chunked.network().n_steps;
    while (chunked.engine().current_step() < n_steps) {
      chunked.engine().run(std::min(37LL, n_steps - chunked.engine().current_step()));
      (void)chunked.results();  // reading the weights mid-run changes nothing
    }
    EXPECT_EQ(ra.plastic_weights[0], chunked.results().plastic_weights[0]);
    EXPECT_EQ(ra.weights[1].weights, chunked.results().weights[1].weights);
    // The filtered recorder holds exactly the events of its synapses.
    std::size_t mine = 0;
    const auto& all = ra.weights[1];
    for (std::size_t e = 0; e < all.steps.size(); ++e) {
      mine += all.sources[e] <= 2 && all.targets[e] >= 5 && all.targets[e] <= 30;
    }
    EXPECT_EQ(ra.weights[0].steps.size(), mine);
    EXPECT_GT(mine, 0u);
    // The weights moved, and stayed within [0, Wmax].
    const auto& w = ra.plastic_weights[0];
    EXPECT_GT(*std::max_element(w.begin(), w.end()), 0.4);
    EXPECT_GE(*std::min_element(w.begin(), w.end()), 0.0);
    EXPECT_LE(*std::max_element(w.begin(), w.end()), 1.0);
  }
}

TEST(Stdp, EdgesRecorderWritesTheFinalWeights) {
  std::string m = pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0})", {10.0, 30.0}, {15.0}, 50.0, 1.0);
  m.replace(m.rfind("]}"), 2, R"(, {"type": "edges", "name": "final", "projection": "syn"}]})");
  const auto sim = test::run_json(m);
  const std::string dir = test::written_csv(*sim, "edges");
  std::ifstream in(dir + "/final.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header, "source,target,weight,delay_ms");
  std::ostringstream expect;
  expect.precision(17);
  expect << "0,0," << sim->results().plastic_weights.at(0).at(0) << ",1.0";
  EXPECT_EQ(row, expect.str());
  std::ifstream w(dir + "/w.csv");
  std::getline(w, header);
  EXPECT_EQ(header, "source,target,time_ms,weight");
  std::filesystem::remove_all(dir);
}

TEST(Stdp, EdgesSnapshotsAtChosenTimes) {
  std::string m = pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0})", {10.0, 30.0}, {15.0}, 50.0, 1.0);
  m.replace(m.rfind("]}"), 2, R"(, {"type": "edges", "name": "snap", "projection": "syn", "times": [0, 20, 30, 100]}]})");
  const auto sim = test::run_json(m);
  const auto& s = sim->results().snapshots.at(0);
  ASSERT_EQ(s.steps, (std::vector<long long>{0, 200, 300, 1000}));
  const double after_post = 50.0 + std::exp(-6.0 / 20.0);
  EXPECT_EQ(s.weights[0].at(0), 50.0);
  EXPECT_NEAR(s.weights[1].at(0), after_post, 1e-12);  // the arrival at 16 ms applied
  EXPECT_EQ(s.weights[2].at(0), sim->results().weights.at(0).weights.at(1));  // the pre spike at 30 ms
  EXPECT_EQ(s.weights[3].at(0), sim->results().plastic_weights.at(0).at(0));
  const std::string dir = ::testing::TempDir() + "/tribody_snap_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  sim->write(dir, output_format::csv);
  std::ifstream in(dir + "/snap_snapshots.csv");
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "time_ms,edge_id,weight");
  EXPECT_EQ(lines[1], "0.0,0,50");
  std::filesystem::remove_all(dir);
}

TEST(StdpDopamine, EdgesRecordTheEligibilityNow) {
  // c at 100 ms: the pairing at 16 ms (A_plus K+ = exp(-6/20)) less the
  // pre spike at 60 ms (A_minus K- = 1.5 exp(-44/20)), each decayed with tau_c.
  const auto sim = test::run_json(
      dopamine_pair(R"({"type": "edges", "name": "e", "projection": "syn", "variables": ["c"]})"));
  const double c = std::exp(-6.0 / 20.0) * std::exp(-84.0 / 1000.0) - 1.5 * std::exp(-44.0 / 20.0) * std::exp(-40.0 / 1000.0);
  EXPECT_NEAR(sim->engine().synapse_state(0, "c").at(0), c, 1e-12);
}

TEST(StdpDopamine, SnapshotsIntegrateTheWeightToTheirTime) {
  // As WeightIntegratesEligibilityTimesDopamineByHand, read at 45 ms
  // between the synapse's events.
  const std::string m = dopamine_pair(R"({"type": "edges", "name": "e", "projection": "syn", "times": [45.0]})");
  const auto sim = test::run_json(m);
  const double tc = 1000.0, tn = 200.0, taus = 1.0 / tc + 1.0 / tn;
  const double c31 = std::exp(-6.0 / 20.0) * std::exp(-15.0 / tc);
  EXPECT_NEAR(sim->results().snapshots.at(0).weights.at(0).at(0),
              50.0 + c31 / tn * (1.0 - std::exp(-14.0 * taus)) / taus, 1e-12);
}

// Bad plasticity blocks and weight recorders: refused with the path.
std::string plastic(const std::string& plasticity, const std::string& extra = "", const std::string& recorders = "",
                    const std::string& weight = "50.0") {
  return R"({"populations": [{"name": "A", "size": 4, "model": "parrot_neuron"},
                             {"name": "B", "size": 4, "model": "iaf_psc_exp"}],
    "projections": [{"name": "AB", "source": "A", "target": "B", "connectivity": {"rule": "all_to_all"},
                     "weight": )" + weight + R"(, "plasticity": )" + plasticity + extra + R"(}])" +
         (recorders.empty() ? "" : R"(, "recorders": )" + recorders) + "}";
}

// An stdp projection AB with these recorders.
std::string recording(const std::string& recorders) { return plastic(R"({"rule": "stdp"})", "", recorders); }

std::vector<test::bad_case> plasticity_corpus() {
  const std::string rec = R"([{"type": "weights", "projection": "AB"}])";
  return {
      {"unknown_rule", plastic(R"({"rule": "stdp_triplet"})"), "$.projections[0].plasticity.rule", "stdp_nn_symm"},
      {"unknown_key", plastic(R"({"rule": "stdp", "tau": 20})"), "$.projections[0].plasticity.tau", "tau_plus"},
      {"static_with_keys", plastic(R"({"rule": "static", "lambda": 1})"), "$.projections[0].plasticity.lambda", ""},
      {"tau_zero", plastic(R"({"rule": "stdp", "tau_plus": 0})"), "$.projections[0].plasticity.tau_plus", ""},
      {"tau_minus_negative", plastic(R"({"rule": "stdp", "tau_minus": -5})"), "$.projections[0].plasticity.tau_minus", ""},
      {"lambda_negative", plastic(R"({"rule": "stdp", "lambda": -0.1})"), "$.projections[0].plasticity.lambda", ""},
      {"mu_negative", plastic(R"({"rule": "stdp", "mu_plus": -1})"), "$.projections[0].plasticity.mu_plus", ""},
      {"lambda_huge", plastic(R"({"rule": "stdp", "lambda": 1e300})"), "$.projections[0].plasticity.lambda", "1e12"},
      {"wmax_zero", plastic(R"({"rule": "stdp", "Wmax": 0})"), "$.projections[0].plasticity.Wmax", "non-zero"},
      {"wmax_string", plastic(R"({"rule": "stdp", "Wmax": "big"})"), "$.projections[0].plasticity.Wmax", ""},
      {"weight_above_wmax", plastic(R"({"rule": "stdp", "Wmax": 10})"), "$.projections[0].weight", "[0, 10]"},
      {"weight_wrong_sign", plastic(R"({"rule": "stdp"})", "", "", "-1.0"), "$.projections[0].weight", "[0, 100]"},
      {"weight_unbounded", plastic(R"({"rule": "stdp"})", "", "", R"({"distribution": "normal", "mean": 5, "std": 1})"),
       "$.projections[0].weight", "normal_clipped"},
      {"with_tsodyks", plastic(R"({"rule": "stdp"})", R"(, "synapse": {"model": "tsodyks_markram"})"),
       "$.projections[0].plasticity.rule", "not supported yet"},
      {"not_an_object", plastic(R"("stdp")"), "$.projections[0].plasticity", ""},
      {"recorder_no_projection", recording(R"([{"type": "weights", "projection": "BA"}])"),
       "$.recorders[0].projection", "AB"},
      {"recorder_static", plastic(R"({"rule": "static"})", "", rec), "$.recorders[0].projection", "plastic"},
      {"recorder_bad_source", recording(R"([{"type": "weights", "projection": "AB", "sources": [4]}])"),
       "$.recorders[0].sources[0]", "[0, 4)"},
      {"recorder_repeat_target", recording(R"([{"type": "weights", "projection": "AB", "targets": [1, 1]}])"),
       "$.recorders[0].targets", "repeats"},
      {"recorder_unknown_key", recording(R"([{"type": "weights", "projection": "AB", "interval": 1}])"),
       "$.recorders[0].interval", ""},
      {"recorder_file_clash", recording(R"([{"type": "state", "name": "s", "population": "B", "node_ids": [0], "variables": ["V_m"]},
                                                                  {"type": "edges", "name": "s_V_m", "projection": "AB"}])"),
       "$.recorders[1].name", "s_V_m.h5"},
      {"edges_unknown_projection", recording(R"([{"type": "edges", "projection": "X"}])"),
       "$.recorders[0].projection", "AB"},
      {"edges_unknown_key", recording(R"([{"type": "edges", "projection": "AB", "at": [1]}])"),
       "$.recorders[0].at", ""},
      {"edges_times_descending", recording(R"([{"type": "edges", "projection": "AB", "times": [5, 1]}])"),
       "$.recorders[0].times[1]", "ascending"},
      {"edges_time_off_grid", recording(R"([{"type": "edges", "projection": "AB", "times": [0.05]}])"),
       "$.recorders[0].times[0]", "multiple of dt"},
      {"edges_time_after_stop", recording(R"([{"type": "edges", "projection": "AB", "times": [5000]}])"),
       "$.recorders[0].times[0]", "t_stop"},
      {"silent_string", plastic(R"({"rule": "stdp"})", R"(, "silent": "yes")"), "$.projections[0].silent", ""},
      {"reward_no_pre", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "post": {"population": "A", "node_id": 0}}]})",
       "$.stimuli[0].pre", "missing required key"},
      {"reward_node_out_of_range", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 2},
                       "post": {"population": "A", "node_id": 0}}]})",
       "$.stimuli[0].pre.node_id", ""},
      {"reward_delays_reversed", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 1},
                       "post": {"population": "A", "node_id": 0}, "delay_min": 30, "delay_max": 20}]})",
       "$.stimuli[0].delay_max", "delay_min"},
      {"reward_off_grid", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 1},
                       "post": {"population": "A", "node_id": 0}, "window": 0.25}]})",
       "$.stimuli[0].window", "multiple of dt"},
      {"reward_too_long", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 1},
                       "post": {"population": "A", "node_id": 0}, "delay_max": 7000}]})",
       "$.stimuli[0].delay_max", "65535"},
      {"reward_unknown_key", R"({"populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 1, "t": 1},
                       "post": {"population": "A", "node_id": 0}}]})",
       "$.stimuli[0].pre.t", ""},
      {"reward_node_expression_out_of_range",
       R"({"parameters": {"n": 7}, "populations": [{"name": "A", "size": 2, "model": "parrot_neuron"}],
          "stimuli": [{"type": "reward", "target": "A", "pre": {"population": "A", "node_id": 1},
                       "post": {"population": "A", "node_id": "n"}}]})",
       "$.stimuli[0].post.node_id", "\"n\" = 7; expected an integer in [0, 1]"},
      {"dopamine_no_vt", plastic(R"({"rule": "stdp_dopamine"})"), "$.projections[0].plasticity.volume_transmitter",
       "missing required key"},
      {"dopamine_unknown_vt", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "DA"})"),
       "$.projections[0].plasticity.volume_transmitter", "A, B"},
      {"dopamine_vt_delay_off_grid", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "vt_delay": 0.15})"),
       "$.projections[0].plasticity.vt_delay", "multiple of dt"},
      {"dopamine_vt_delay_zero", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "vt_delay": 0})"),
       "$.projections[0].plasticity.vt_delay", ""},
      {"dopamine_wmax_below_wmin", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "Wmin": 10, "Wmax": 5})"),
       "$.projections[0].plasticity.Wmax", "Wmin"},
      {"dopamine_weight_below_wmin", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "Wmin": 60})"),
       "$.projections[0].weight", "[60, 200]"},
      {"dopamine_lambda", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "lambda": 1})"),
       "$.projections[0].plasticity.lambda", ""},
      {"dopamine_tau_c_zero", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "tau_c": 0})"),
       "$.projections[0].plasticity.tau_c", ""},
      {"dopamine_b_huge", plastic(R"({"rule": "stdp_dopamine", "volume_transmitter": "A", "b": 1e200})"),
       "$.projections[0].plasticity.b", "1e12"},
  };
}

class BadPlasticity : public ::testing::TestWithParam<test::bad_case> {};
TEST_P(BadPlasticity, IsRefusedWithPathAndReason) { test::expect_refused(GetParam()); }
INSTANTIATE_TEST_SUITE_P(Corpus, BadPlasticity, ::testing::ValuesIn(plasticity_corpus()), test::case_name);

}  // namespace
}  // namespace tribody
