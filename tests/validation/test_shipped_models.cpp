// The shipped models behave as docs/models.md says. Ranges come from
// independent runs of the same networks in NEST 3.10 (bench/peers/,
// tests/data/nest/README.md) and from the papers.
#include <gtest/gtest.h>

#include "backend.hpp"
#include "plan/network_plan.hpp"
#include "sim/analysis.hpp"
#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

using namespace tribody;

namespace {

struct pop_stats {
  double rate_hz;
  double cv;
  double late_rate_hz;  // over the last half of the run
};

std::vector<pop_stats> run_model(const std::string& file, double t_stop) {
  load_options o;
  o.threads = 2;
  o.t_stop = t_stop;
  simulation sim(load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o));
  sim.run();
  std::vector<pop_stats> out;
  const auto& net = sim.network();
  const auto& rec = sim.results();
  for (std::size_t p = 0; p < net.populations.size(); ++p) {
    const auto st = analyse_spikes(rec.spikes[p], rec.spike_count[p], net.populations[p].size, t_stop, net.dt);
    std::uint64_t late = 0;
    for (auto s : rec.spikes[p].steps) late += (s + 1) * net.dt > t_stop / 2;
    out.push_back({st.mean_rate_hz, st.cv_isi, late / (net.populations[p].size * t_stop / 2 * 1e-3)});
  }
  return out;
}

}  // namespace

// Brunel (2000) model A, g = 5, eta = 2: asynchronous irregular. The same
// network in NEST 3.10 (6 runs) fires at 37.1-37.8 Hz with CV(ISI) 0.42-0.43,
// in Brian2 at 37.2-37.6 Hz, CV 0.41-0.43 (bench/peers/README.md).
TEST(ShippedModels, BrunelIsAsynchronousIrregular) {
  const auto s = run_model("brunel.json", 1000.0);
  for (const auto& p : s) {
    EXPECT_GT(p.rate_hz, 35.5);
    EXPECT_LT(p.rate_hz, 39.5);
    EXPECT_GT(p.cv, 0.39);
    EXPECT_LT(p.cv, 0.46);
    EXPECT_NEAR(p.late_rate_hz, p.rate_hz, 0.1 * p.rate_hz);  // stationary
  }
  EXPECT_NEAR(s[0].rate_hz, s[1].rate_hz, 2.0);  // E and I receive the same input statistics
}

// Vogels-Abbott COBA: self-sustained irregular activity after a 50 ms kick.
// NEST 3.10 (6 runs): 13.9-15.3 Hz, CV(ISI) 1.32-1.40; Brian2: 14.4-15.8 Hz,
// CV 1.36-1.43. The rate varies by about 1 Hz between network realisations.
TEST(ShippedModels, CobaSustainsIrregularActivity) {
  const auto s = run_model("coba.json", 1000.0);
  for (int p : {0, 1}) {
    EXPECT_GT(s[p].rate_hz, 11.0);
    EXPECT_LT(s[p].rate_hz, 18.0);
    EXPECT_GT(s[p].late_rate_hz, 8.0);  // still active long after the kick ended
    EXPECT_GT(s[p].cv, 1.2);            // irregular, bursty firing
    EXPECT_LT(s[p].cv, 1.5);
  }
}

// The default model: asynchronous irregular at about 25 Hz.
TEST(ShippedModels, DefaultIsAsynchronousIrregular) {
  const auto s = run_model("default.json", 1000.0);
  for (const auto& p : s) {
    EXPECT_GT(p.rate_hz, 15.0);
    EXPECT_LT(p.rate_hz, 40.0);
    EXPECT_GT(p.cv, 0.7);
    EXPECT_LT(p.cv, 1.2);
    EXPECT_NEAR(p.late_rate_hz, p.rate_hz, 0.1 * p.rate_hz);
  }
}

// Stimberg et al. 2018, Fig. 6, as published (territories and gap junctions
// of the Brian 2 script): Brian 2.9 gives, per 2 s window, E 0.32 / 2.07 /
// 1.30 / 1.20 Hz, I 0.35 / 1.71 / 0.32 / 0.31 Hz, and gliotransmitter
// releases 0 / 1458 / 111 / 56 (bench/peers/brian2_stimberg2018_fig6.json).
TEST(ShippedModels, Stimberg2018MatchesBrian2) {
  load_options o;
  o.threads = 2;
  simulation sim(load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/stimberg2018_published.json", o));
  sim.run();
  const auto& rec = sim.results();
  auto window_rate = [&](int pop, int w, double n) {
    std::uint64_t k = 0;
    for (auto s : rec.spikes[pop].steps) {
      const double t = (s + 1) * 0.1;
      k += t > 2000.0 * w && t <= 2000.0 * (w + 1);
    }
    return k / (n * 2.0);
  };
  const double brian_e[] = {0.323, 2.069, 1.296, 1.203}, brian_i[] = {0.349, 1.709, 0.323, 0.311};
  for (int w = 0; w < 4; ++w) {
    EXPECT_NEAR(window_rate(1, w, 800), brian_i[w], 0.2 * brian_i[w]) << "I, window " << w;
    EXPECT_NEAR(window_rate(0, w, 3200), brian_e[w], 0.35 * brian_e[w]) << "E, window " << w;
  }
  std::uint64_t releases[4] = {0, 0, 0, 0};
  for (auto s : rec.releases[0].steps) ++releases[std::min<int>(3, static_cast<int>((s + 1) * 0.1 / 2000.0))];
  EXPECT_EQ(releases[0], 0u);                    // no release before the stimulus
  EXPECT_NEAR(releases[1], 1458.0, 30.0);        // every astrocyte with synapses releases once
  EXPECT_LT(releases[2] + releases[3], 300u);    // then IP3 diffusion reaches a few more
}

// The distal reward models (docs/plasticity.md): their rewarded pair must
// be a synapse of the network the seed builds, with no autapses (they run
// away), and the network must stay in its low-rate regime. The hour-long
// results themselves are in docs/ (7-18 min to run each).
TEST(ShippedModels, DistalRewardModelsRewardAnExistingSynapse) {
  for (const char* file : {"distal_reward.json", "distal_reward_astro.json", "distal_reward_astro_broadcast.json",
                           "distal_reward_tripartite.json"}) {
    SCOPED_TRACE(file);
    load_options o;
    o.threads = 2;
    o.t_stop = 30000.0;
    simulation sim(load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o));
    sim.run();
    const auto& net = sim.network();
    ASSERT_EQ(net.rewards.size(), 1u);
    const auto& r = net.rewards[0];
    const auto syn = sim.engine().synapses(0);  // EE
    bool exists = false;
    std::size_t autapses = 0;
    for (std::size_t k = 0; k < syn.source.size(); ++k) {
      exists = exists || (syn.source[k] == r.pre_node && syn.target[k] == r.post_node);
      autapses += syn.source[k] == syn.target[k];
    }
    EXPECT_TRUE(exists) << "rewarded pair " << r.pre_node << " -> " << r.post_node << " is not an E->E synapse";
    EXPECT_EQ(autapses, 0u);
    const auto& rec = sim.results();
    for (std::size_t p = 0; p < 2; ++p) {
      const double rate = rec.spike_count[p] / (net.populations[p].size * 30.0);
      EXPECT_GT(rate, 0.5) << p;
      EXPECT_LT(rate, 2.0) << p;
    }
    // The weights recorder follows the rewarded synapse at every spike of its source.
    EXPECT_GT(rec.weights.at(0).steps.size(), 10u);
    for (auto t : rec.weights.at(0).targets) EXPECT_EQ(t, r.post_node);
  }
}
