// aeif_cond_alpha against NEST 3.10 (tests/data/nest/README_astro.md):
// NEST defaults; excitatory spikes of 10 nS emitted at 10, 12 and 14 ms, an
// inhibitory one of -20 nS at 50 ms (delay 1 ms), 800 pA dc on
// (100.1, 150.1] ms. NEST integrates with adaptive RKF45 (tolerance 1e-6)
// and resets inside the step; tribody with RK4 substeps, exact conductances
// and a located crossing (docs/numerics.md).
#include <cstdio>

#include "nest_reference.hpp"

using namespace tribody::test::nest;

namespace {

const std::string aeif_stimuli = spike(10.0, 10.0) + ", " + spike(12.0, 10.0) + ", " + spike(14.0, 10.0) + ", " +
                                 spike(50.0, -20.0) + ", " + dc(800.0);

struct comparison {
  double dv_pre = 0.0;     // max |dV_m| before the first NEST spike
  double dv_all = 0.0;     // max |dV_m| over all samples
  double dv_after = 0.0;   // max |dV_m| from one sample after the last spike on
  double dw = 0.0;         // max |dw|
  double dg_ex = 0.0, dg_in = 0.0;
  std::vector<double> spikes;
};

comparison compare(const std::string& params) {
  const auto r = run_one("aeif_cond_alpha", params, aeif_stimuli, {"V_m", "w", "g_ex", "g_in"});
  const auto ref = read_csv("nest_aeif_cond_alpha.csv");
  const auto t = ref.column("time_ms"), v = ref.column("V_m");
  const auto ref_spikes = read_csv("nest_aeif_cond_alpha_spikes.csv").column("time_ms");
  comparison c;
  c.spikes = r.spikes;
  c.dv_all = max_abs_diff(r.vars[0], v);
  c.dw = max_abs_diff(r.vars[1], ref.column("w"));
  c.dg_ex = max_abs_diff(r.vars[2], ref.column("g_ex"));
  c.dg_in = max_abs_diff(r.vars[3], ref.column("g_in"));
  const double last = std::max(ref_spikes.empty() ? 0.0 : ref_spikes.back(), r.spikes.empty() ? 0.0 : r.spikes.back());
  for (std::size_t k = 0; k < t.size() && k < r.vars[0].size(); ++k) {
    const double d = std::fabs(r.vars[0][k] - v[k]);
    if (ref_spikes.empty() || t[k] < ref_spikes.front() - 1e-9) c.dv_pre = std::max(c.dv_pre, d);
    if (t[k] > last + 0.1 + 1e-9) c.dv_after = std::max(c.dv_after, d);
  }
  return c;
}

void print(const char* what, const comparison& c) {
  std::printf("%s: max |dV_m| before the first spike %.2e mV, overall %.2e mV, after the last spike %.2e mV; "
              "max |dw| %.2e pA; max |dg_ex| %.1e, |dg_in| %.1e nS; spikes",
              what, c.dv_pre, c.dv_all, c.dv_after, c.dw, c.dg_ex, c.dg_in);
  for (double s : c.spikes) std::printf(" %.1f", s);
  std::printf("\n");
}

}  // namespace

// Tolerances (measured values with the default n_substeps = 4 in brackets):
// - g_ex, g_in: tribody's are exact; NEST's RKF45 follows them to its
//   tolerance [5.6e-7, 3.0e-8 nS]: 1e-5 nS.
// - V_m before the first spike [1.2e-4 mV]: this is NEST's own error; NEST
//   with gsl_error_tol 1e-12 differs from this file by up to 1.3e-4 mV, and
//   tribody from that tighter trace by 4e-5 mV: 5e-4 mV.
// - Spike times: equal. NEST crosses V_peak at 117.813 and 135.19916 ms
//   (tribody locates them to about 3e-5 ms); the second crossing is 8.4e-4 ms
//   before its step ends, 25 times tribody's error.
// - V_m overall [1.2e-4 mV] with the spikes in the same steps, and w
//   [1.3e-3 pA, at the spike samples: NEST resets inside the step too but at
//   its own sub-step]: 1e-3 mV and 1e-2 pA.
TEST(NestReference, AeifCondAlpha) {
  const auto c = compare("{}");
  print("aeif_cond_alpha", c);
  EXPECT_LT(c.dg_ex, 1e-5);
  EXPECT_LT(c.dg_in, 1e-5);
  EXPECT_LT(c.dv_pre, 5e-4);
  EXPECT_LT(c.dv_all, 1e-3);
  EXPECT_LT(c.dw, 1e-2);
  expect_spikes(c.spikes, "nest_aeif_cond_alpha_spikes.csv", 1e-9);
}

// Fewer and more substeps: the same spikes; with one substep per step
// V_m is still within 1e-3 mV (measured 9e-4), from 2 on within 2e-4.
TEST(NestReference, AeifCondAlphaSubsteps) {
  for (int n : {1, 2, 3, 8, 16}) {
    const auto c = compare(R"({"n_substeps": )" + std::to_string(n) + "}");
    print(("n_substeps " + std::to_string(n)).c_str(), c);
    EXPECT_LT(c.dv_all, n == 1 ? 1e-3 : 2e-4) << n;
    expect_spikes(c.spikes, "nest_aeif_cond_alpha_spikes.csv", 1e-9);
  }
}
