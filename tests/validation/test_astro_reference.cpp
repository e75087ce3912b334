// Astrocyte models against the reference traces (tests/data/astro/README.md):
// at slow_dt = 10 ms every trace within 2% of its range (RMS) and every
// Ca2+ peak above 0.5 uM within 50 ms; at 50 ms stable and within 10%.
#include <gtest/gtest.h>

#include "astro_reference.hpp"

using namespace tribody;
using test::rms_percent;
using test::worst_peak_shift;

TEST(AstroReference, GChiAt10ms) {
  const auto ref = test::read_reference("gchi_regular.csv");
  const auto s = test::run_astro("gchi_single.json", 10.0);
  EXPECT_LT(rms_percent(s, "C", ref, "C_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "I", ref, "I_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "h", ref, "h"), 2.0);
  int peaks = 0;
  EXPECT_LE(worst_peak_shift(s, "C", ref, "C_uM", 0.5, &peaks), 50.0);
  EXPECT_EQ(peaks, 8);  // Ca2+ peaks above 0.5 uM in the reference
}

TEST(AstroReference, GChiAt50msStableWithin10Percent) {
  const auto ref = test::read_reference("gchi_regular.csv");
  const auto s = test::run_astro("gchi_single.json", 50.0);
  EXPECT_LT(rms_percent(s, "C", ref, "C_uM"), 10.0);
  EXPECT_LT(rms_percent(s, "I", ref, "I_uM"), 10.0);
  EXPECT_LT(rms_percent(s, "h", ref, "h"), 10.0);
}

TEST(AstroReference, LiRinzelAt10ms) {
  const auto ref = test::read_reference("lr_regular.csv");
  const auto s = test::run_astro("lr_single.json", 10.0);
  EXPECT_LT(rms_percent(s, "Ca_astro", ref, "C_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "IP3", ref, "IP3_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "h_IP3R", ref, "h"), 2.0);
  int peaks = 0;
  EXPECT_LE(worst_peak_shift(s, "Ca_astro", ref, "C_uM", 0.5, &peaks), 50.0);
  EXPECT_GE(peaks, 1);
}

TEST(AstroReference, LiRinzelAt50msStableWithin10Percent) {
  const auto ref = test::read_reference("lr_regular.csv");
  const auto s = test::run_astro("lr_single.json", 50.0);
  EXPECT_LT(rms_percent(s, "Ca_astro", ref, "C_uM"), 10.0);
  EXPECT_LT(rms_percent(s, "IP3", ref, "IP3_uM"), 10.0);
  EXPECT_LT(rms_percent(s, "h_IP3R", ref, "h"), 10.0);
}

// The closed loop of Stimberg et al. 2018 (Fig. 4 model): Tsodyks-Markram
// synapse, G-ChI astrocyte, gliotransmitter release lowering the release
// probability. Astrocyte traces within 2% (C, I) and 5% (G_A, x_A); the
// three releases of the reference, each within two slow steps.
TEST(AstroReference, TripartiteClosedLoopAt10ms) {
  const auto ref = test::read_reference("tripartite_closed.csv");
  std::unique_ptr<simulation> sim;
  const auto s = test::run_astro("tripartite_closed.json", 10.0, false, &sim);
  EXPECT_LT(rms_percent(s, "C", ref, "C_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "I", ref, "I_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "Y_S", ref, "Y_S_uM"), 2.0);
  EXPECT_LT(rms_percent(s, "G_A", ref, "G_A_uM"), 5.0);
  EXPECT_LT(rms_percent(s, "x_A", ref, "x_A"), 5.0);
  const auto& rel = sim->results().releases[0];
  const std::vector<double> expected = {2311.2, 6419.55, 14656.2};
  ASSERT_EQ(rel.steps.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_NEAR(static_cast<double>(rel.steps[k] + 1) * 0.1, expected[k], 20.0) << "release " << k;
  }
}

TEST(AstroReference, TripartiteReleasesConvergeWithSlowDt) {
  std::unique_ptr<simulation> sim;
  test::run_astro("tripartite_closed.json", 1.0, false, &sim);
  const auto& rel = sim->results().releases[0];
  const std::vector<double> expected = {2311.2, 6419.55, 14656.2};
  ASSERT_EQ(rel.steps.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_NEAR(static_cast<double>(rel.steps[k] + 1) * 0.1, expected[k], 2.0) << "release " << k;
  }
}

// The convergence table of docs/astrocytes.md: RMS error (% of each trace's
// range) against the references for slow_dt = 1, 10, 50, 100 ms, with the
// exponential midpoint integrator and with explicit Euler. Printed as
// Markdown; the integrator must converge and beat Euler at every step.
TEST(AstroReference, ConvergenceTable) {
  struct model_case {
    const char* file;
    const char* ref;
    std::vector<std::pair<const char*, const char*>> vars;  // ours, reference
  };
  const std::vector<model_case> cases = {
      {"gchi_single.json", "gchi_regular.csv", {{"C", "C_uM"}, {"I", "I_uM"}, {"h", "h"}}},
      {"lr_single.json", "lr_regular.csv", {{"Ca_astro", "C_uM"}, {"IP3", "IP3_uM"}, {"h_IP3R", "h"}}}};
  std::printf("\n| model | slow_dt (ms) | integrator | C | IP3 | h | worst Ca peak shift (ms) |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
  for (const auto& c : cases) {
    const auto ref = test::read_reference(c.ref);
    std::vector<double> previous(3, 1e9);
    for (double dt : {1.0, 10.0, 50.0, 100.0}) {
      double exp_err[3], euler_err[3];
      for (bool euler : {false, true}) {
        const auto s = test::run_astro(c.file, dt, euler);
        double* e = euler ? euler_err : exp_err;
        for (int k = 0; k < 3; ++k) e[k] = rms_percent(s, c.vars[k].first, ref, c.vars[k].second);
        const double shift = worst_peak_shift(s, c.vars[0].first, ref, c.vars[0].second, 0.5);
        std::printf("| %s | %g | %s | %.3f%% | %.3f%% | %.3f%% | %.0f |\n", c.file, dt, euler ? "explicit Euler" : "exponential midpoint",
                    e[0], e[1], e[2], shift);
      }
      for (int k = 0; k < 3; ++k) {
        EXPECT_LE(exp_err[k], euler_err[k] + 1e-3) << c.file << " dt " << dt << " var " << k;
        if (dt >= 10.0) {
          EXPECT_GE(exp_err[k], previous[k] - 1e-3) << "error should grow with slow_dt";
        }
        previous[k] = exp_err[k];
      }
    }
  }
}
