// Neuron models against closed-form solutions: the linear models are
// integrated exactly, so every sample must match to rounding error.
#include <gtest/gtest.h>

#include "models/neuron_table.hpp"

#include <cmath>

#include "plan/network_plan.hpp"
#include "test_util.hpp"

using namespace tribody;

namespace {

// One neuron of `model` with a state recorder on V_m every step.
std::string single_neuron(const std::string& model, const std::string& params, const std::string& stimuli,
                          double t_stop = 100.0) {
  return R"({"simulation": {"dt": 0.1, "t_stop": )" + std::to_string(t_stop) + R"(},
    "populations": [{"name": "n", "size": 1, "model": ")" + model + R"(", "params": )" + params + R"(}],
    "stimuli": [)" + stimuli + R"(],
    "recorders": [{"type": "state", "population": "n", "node_ids": [0], "variables": ["V_m"], "interval": 0.1},
                  {"type": "spikes", "populations": ["n"]}]})";
}

}  // namespace

TEST(NeuronAnalytic, PscExpDcStepFollowsClosedForm) {
  // tau_m = 10 ms, C = 250 pF: V = E_L + I tau/C (1 - exp(-(t - 20)/tau)) from t = 20 ms.
  const auto sim = test::run_json(single_neuron(
      "iaf_psc_exp", R"({"V_th": 1000.0})", R"({"type": "dc", "target": "n", "amplitude": 300.0, "start": 20.0, "stop": 60.0})"));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  ASSERT_EQ(v.size(), 1001u);
  const double R = 10.0 / 250.0, I = 300.0, tau = 10.0;
  const double v60 = -70.0 + R * I * (1.0 - std::exp(-40.0 / tau));
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k;
    double expect = -70.0;
    if (t > 20.0 && t <= 60.0) expect += R * I * (1.0 - std::exp(-(t - 20.0) / tau));
    if (t > 60.0) expect = -70.0 + (v60 + 70.0) * std::exp(-(t - 60.0) / tau);
    ASSERT_NEAR(v[k], expect, 1e-11) << "t = " << t;
  }
}

TEST(NeuronAnalytic, PscExpSinglePspFollowsClosedForm) {
  // A 100 pA spike sent at 5 ms with delay 1 ms: the current jumps at 6 ms.
  const double tau_m = 10.0, tau_s = 2.0, C = 250.0, w = 100.0, t0 = 6.0;
  const auto sim = test::run_json(single_neuron(
      "iaf_psc_exp", R"({"V_th": 1000.0, "tau_syn_ex": 2.0})",
      R"({"type": "spike_times", "target": "n", "weight": 100.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [5.0]}]})"));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  double peak = -70.0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k;
    double expect = -70.0;
    if (t > t0) {
      const double s = t - t0;
      expect += w / C * tau_s * tau_m / (tau_m - tau_s) * (std::exp(-s / tau_m) - std::exp(-s / tau_s));
    }
    ASSERT_NEAR(v[k], expect, 1e-12) << "t = " << t;
    peak = std::max(peak, v[k]);
  }
  EXPECT_GT(peak, -69.9);  // the PSP is there (about 0.13 mV)
}

TEST(NeuronAnalytic, PscExpEqualTimeConstantsUseTheLimitPropagator) {
  // tau_syn == tau_m: V - E_L = w/C * s * exp(-s/tau).
  const double tau = 10.0, C = 250.0, w = 200.0, t0 = 2.0;
  const auto sim = test::run_json(single_neuron(
      "iaf_psc_exp", R"({"V_th": 1000.0, "tau_syn_ex": 10.0, "tau_m": 10.0})",
      R"({"type": "spike_times", "target": "n", "weight": 200.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [1.0]}]})"));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k, s = t - t0;
    const double expect = t > t0 ? -70.0 + w / C * s * std::exp(-s / tau) : -70.0;
    ASSERT_NEAR(v[k], expect, 1e-12) << "t = " << t;
  }
}

TEST(NeuronAnalytic, PropagatorNearSingularityIsContinuous) {
  models::value_map p = {{"E_L", -70.0}, {"C_m", 250.0}, {"tau_m", 10.0}, {"t_ref", 2.0}, {"V_th", -55.0},
                         {"V_reset", -70.0}, {"I_e", 0.0}, {"tau_syn_ex", 10.0}, {"tau_syn_in", 10.0 + 1e-9}};
  const auto k = std::get<kern::iaf_psc_exp::params>(plan::make_neuron_params(models::kind_of<kern::iaf_psc_exp>(), p, 0.1));
  const double limit = 0.1 / 250.0 * std::exp(-0.1 / 10.0);
  EXPECT_NEAR(k.P21_ex, limit, 1e-18);
  EXPECT_NEAR(k.P21_in, limit, 1e-15);
}

TEST(NeuronAnalytic, PscDeltaJumpAndDecay) {
  // A 2 mV jump arriving at exactly 3.5 + 1.5 = 5 ms, then decay with tau_m = 10 ms.
  const auto sim = test::run_json(single_neuron(
      "iaf_psc_delta", R"({"V_th": 1000.0})",
      R"({"type": "spike_times", "target": "n", "weight": 2.0, "delay": 1.5, "trains": [{"node_id": 0, "times": [3.5]}]})"));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k;
    const double expect = t >= 5.0 - 1e-9 ? -70.0 + 2.0 * std::exp(-(t - 5.0) / 10.0) : -70.0;
    ASSERT_NEAR(v[k], expect, 1e-12) << "t = " << t;
  }
}

TEST(NeuronAnalytic, PscDeltaDcDrivenFiringPeriod) {
  // Constant suprathreshold current: period = t_ref + tau ln(RI / (RI - theta)) from reset.
  // With V_reset = E_L: R I = 40 mV, theta = 15 mV: T = 2 + 10 ln(40/25) ms, on the grid.
  const auto sim = test::run_json(single_neuron("iaf_psc_delta", R"({"I_e": 1000.0})", "", 200.0));
  const auto t = test::spike_times(*sim, 0, 0.1);
  ASSERT_GE(t.size(), 5u);
  const double first = 10.0 * std::log(40.0 / 25.0);  // from V = E_L at t = 0
  EXPECT_NEAR(t[0], std::ceil(first / 0.1 - 1e-9) * 0.1, 1e-9);
  for (std::size_t k = 1; k < t.size(); ++k) {
    // refractory 2 ms then the same climb; spike on the first grid point past threshold
    EXPECT_NEAR(t[k] - t[k - 1], 2.0 + std::ceil(first / 0.1 - 1e-9) * 0.1, 1e-9);
  }
}

TEST(NeuronAnalytic, CondExpRelaxesExactlyWithoutInput) {
  // No synaptic input: exponential Euler is exact: V -> E_L + I/g_L with tau = C/g_L.
  const auto sim = test::run_json(single_neuron(
      "iaf_cond_exp", R"({"V_th": 1000.0, "I_e": 100.0})", ""));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  const double g = 16.6667, C = 250.0, vinf = -70.0 + 100.0 / g;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k;
    ASSERT_NEAR(v[k], vinf + (-70.0 - vinf) * std::exp(-t * g / C), 1e-11) << "t = " << t;
  }
}

TEST(NeuronAnalytic, CondExpConductanceDecaysExactly) {
  const std::string model = R"({"simulation": {"dt": 0.1, "t_stop": 30.0},
    "populations": [{"name": "n", "size": 1, "model": "iaf_cond_exp", "params": {"V_th": 1000.0}}],
    "stimuli": [{"type": "spike_times", "target": "n", "weight": 20.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [1.0]}]},
                {"type": "spike_times", "target": "n", "weight": -30.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [4.0]}]}],
    "recorders": [{"type": "state", "population": "n", "node_ids": [0], "variables": ["g_ex", "g_in"]}]})";
  const auto sim = test::run_json(model);
  const auto ge = test::trace(*sim, 0, 0, 0, 1, 2), gi = test::trace(*sim, 0, 0, 1, 1, 2);
  for (std::size_t k = 0; k < ge.size(); ++k) {
    const double t = 0.1 * k;
    ASSERT_NEAR(ge[k], t >= 2.0 - 1e-9 ? 20.0 * std::exp(-(t - 2.0) / 0.2) : 0.0, 1e-12) << t;
    ASSERT_NEAR(gi[k], t >= 5.0 - 1e-9 ? 30.0 * std::exp(-(t - 5.0) / 2.0) : 0.0, 1e-12) << t;
  }
}

TEST(NeuronAnalytic, IzhikevichEulerStepMatchesHandComputation) {
  const auto sim = test::run_json(single_neuron("izhikevich", R"({"I_e": 10.0})", "", 1.0));
  const auto v = test::trace(*sim, 0, 0, 0, 1, 1);
  double V = -65.0, U = 0.2 * -65.0;
  for (std::size_t k = 1; k < v.size(); ++k) {
    const double v0 = V, u0 = U;
    V = v0 + 0.1 * (0.04 * v0 * v0 + 5.0 * v0 + 140.0 - u0 + 10.0);
    U = u0 + 0.1 * 0.02 * (0.2 * v0 - u0);
    ASSERT_DOUBLE_EQ(v[k], V) << k;
  }
}

namespace {

// One aeif_cond_alpha neuron with `params` and `stimuli`, recording
// V_m, w, g_ex, dg_ex, g_in, dg_in every step.
std::unique_ptr<simulation> aeif(const std::string& params, const std::string& stimuli, double t_stop = 100.0) {
  return test::run_json(R"({"simulation": {"dt": 0.1, "t_stop": )" + std::to_string(t_stop) + R"(},
    "populations": [{"name": "n", "size": 1, "model": "aeif_cond_alpha", "params": )" + params + R"(}],
    "stimuli": [)" + stimuli + R"(],
    "recorders": [{"type": "state", "population": "n", "node_ids": [0],
                   "variables": ["V_m", "w", "g_ex", "dg_ex", "g_in", "dg_in"]},
                  {"type": "spikes", "populations": ["n"]}]})");
}

std::vector<double> aeif_var(const simulation& sim, std::size_t var) { return test::trace(sim, 0, 0, var, 1, 6); }

}  // namespace

TEST(NeuronAnalytic, AeifAlphaConductancesAreExactAtTheSamples) {
  // 10 nS arriving at 2 ms, -20 nS (inhibitory, |w|) at 5 ms:
  // g(t) = |w| (s/tau) e^{1 - s/tau} and dg = |w| (e/tau) e^{-s/tau}, s = t - arrival;
  // g peaks at |w| at s = tau.
  const auto sim = aeif(R"({"tau_syn_ex": 0.2, "tau_syn_in": 2.0})",
                        R"({"type": "spike_times", "target": "n", "weight": 10.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [1.0]}]},
                           {"type": "spike_times", "target": "n", "weight": -20.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [4.0]}]})",
                        30.0);
  const auto ge = aeif_var(*sim, 2), dge = aeif_var(*sim, 3), gi = aeif_var(*sim, 4), dgi = aeif_var(*sim, 5);
  ASSERT_EQ(ge.size(), 301u);
  const auto alpha = [](double w, double tau, double s) { return s < -1e-9 ? 0.0 : w * (s / tau) * std::exp(1.0 - s / tau); };
  const auto driver = [](double w, double tau, double s) { return s < -1e-9 ? 0.0 : w * std::exp(1.0) / tau * std::exp(-s / tau); };
  for (std::size_t k = 0; k < ge.size(); ++k) {
    const double t = 0.1 * k;
    ASSERT_NEAR(ge[k], alpha(10.0, 0.2, t - 2.0), 1e-12) << t;
    ASSERT_NEAR(dge[k], driver(10.0, 0.2, t - 2.0), 1e-10) << t;
    ASSERT_NEAR(gi[k], alpha(20.0, 2.0, t - 5.0), 1e-12) << t;
    ASSERT_NEAR(dgi[k], driver(20.0, 2.0, t - 5.0), 1e-12) << t;
  }
  EXPECT_NEAR(ge[22], 10.0, 1e-12);  // peak at 2.2 ms
  EXPECT_NEAR(gi[70], 20.0, 1e-12);  // peak at 7.0 ms
}

TEST(NeuronAnalytic, AeifLinearCaseFollowsTheMatrixExponential) {
  // Delta_T = 0 and no spike: (V_m, w) is linear, x' = A x around the fixed point
  // V* = E_L + I/(g_L + a), w* = a I/(g_L + a), with
  // A = [[-g_L/C, -1/C], [a/tau_w, -1/tau_w]] (real distinct eigenvalues here).
  const double C = 281.0, gL = 30.0, EL = -70.6, a = 4.0, tau_w = 144.0, I = 200.0;
  const auto sim = aeif(R"({"Delta_T": 0.0, "V_th": 1000.0, "V_peak": 1000.0, "a": 4.0, "b": 0.0, "I_e": 200.0})", "", 200.0);
  const auto v = aeif_var(*sim, 0), w = aeif_var(*sim, 1);
  const double A11 = -gL / C, A12 = -1.0 / C, A21 = a / tau_w, A22 = -1.0 / tau_w;
  const double tr = A11 + A22, det = A11 * A22 - A12 * A21, disc = std::sqrt(tr * tr / 4.0 - det);
  const double l1 = tr / 2.0 + disc, l2 = tr / 2.0 - disc;
  const double Vs = EL + I / (gL + a), ws = a * I / (gL + a);
  const double x0 = EL - Vs, y0 = 0.0 - ws;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * k, e1 = std::exp(l1 * t), e2 = std::exp(l2 * t);
    // e^{At} = (e1 (A - l2) - e2 (A - l1)) / (l1 - l2)
    const double m11 = (e1 * (A11 - l2) - e2 * (A11 - l1)) / (l1 - l2), m12 = (e1 - e2) * A12 / (l1 - l2);
    const double m21 = (e1 - e2) * A21 / (l1 - l2), m22 = (e1 * (A22 - l2) - e2 * (A22 - l1)) / (l1 - l2);
    ASSERT_NEAR(v[k], Vs + m11 * x0 + m12 * y0, 1e-10) << t;
    ASSERT_NEAR(w[k], ws + m21 * x0 + m22 * y0, 1e-10) << t;
  }
}

TEST(NeuronAnalytic, AeifWithoutExponentialSpikesAtVthAndHoldsForTref) {
  // Delta_T = 0, a = b = 0: a leaky integrator that spikes at V_th (NEST's
  // rule), held at V_reset for t_ref = 2 ms after the stamp. From V0 the
  // membrane reaches V_th after tau_m ln((V_inf - V0)/(V_inf - V_th)).
  const double tau = 281.0 / 30.0, Vinf = -70.6 + 1000.0 / 30.0, Vth = -50.4, Vr = -60.0;
  const auto sim = aeif(R"({"Delta_T": 0.0, "a": 0.0, "b": 0.0, "t_ref": 2.0, "I_e": 1000.0})", "", 200.0);
  const auto v = aeif_var(*sim, 0);
  const auto t = test::spike_times(*sim, 0, 0.1);
  ASSERT_GE(t.size(), 5u);
  const double first = tau * std::log((Vinf + 70.6) / (Vinf - Vth));
  const double period = 2.0 + 0.1 * std::ceil(tau * std::log((Vinf - Vr) / (Vinf - Vth)) / 0.1 - 1e-9);
  EXPECT_NEAR(t[0], 0.1 * std::ceil(first / 0.1 - 1e-9), 1e-9);
  for (std::size_t k = 1; k < t.size(); ++k) EXPECT_NEAR(t[k] - t[k - 1], period, 1e-9) << k;
  for (double s : t) {
    const auto k = static_cast<std::size_t>(std::llround(s / 0.1));
    for (std::size_t j = k; j <= k + 20 && j < v.size(); ++j) ASSERT_EQ(v[j], Vr) << "t = " << 0.1 * j;
    if (k + 21 < v.size()) {
      EXPECT_GT(v[k + 21], Vr);
    }
  }
}

TEST(NeuronAnalytic, AeifResetInsideTheStepIntegratesOn) {
  // t_ref = 0: the reset happens at the located crossing and the membrane
  // integrates on to the end of the step, so the sample at the stamp is
  // V_inf + (V_reset - V_inf) e^{-(stamp - t_c)/tau_m} with t_c the crossing.
  // Each located crossing is off by about 1e-5 ms (linear interpolation in
  // a substep), which shifts all later spikes: 2e-5 mV allowed per reset.
  const double tau = 281.0 / 30.0, Vinf = -70.6 + 1000.0 / 30.0, Vth = -50.4, Vr = -60.0;
  const auto sim = aeif(R"({"Delta_T": 0.0, "a": 0.0, "b": 0.0, "I_e": 1000.0})", "", 50.0);
  const auto v = aeif_var(*sim, 0);
  const auto t = test::spike_times(*sim, 0, 0.1);
  ASSERT_GE(t.size(), 5u);
  double tc = tau * std::log((Vinf + 70.6) / (Vinf - Vth));
  for (std::size_t k = 0; k < t.size(); ++k) {
    ASSERT_NEAR(t[k], 0.1 * std::ceil(tc / 0.1 - 1e-9), 1e-9);
    const double expect = Vinf + (Vr - Vinf) * std::exp(-(t[k] - tc) / tau);
    EXPECT_NEAR(v[static_cast<std::size_t>(std::llround(t[k] / 0.1))], expect, 2e-5 * static_cast<double>(k + 1)) << t[k];
    tc += tau * std::log((Vinf - Vr) / (Vinf - Vth));
  }
}

TEST(NeuronAnalytic, AeifAdaptationJumpsByBAtEachSpike) {
  // a = 0: w decays with tau_w between spikes and jumps by b at each
  // crossing; the jump lies inside the stamped step.
  const double tau_w = 144.0, b = 80.5;
  const auto sim = aeif(R"({"a": 0.0, "I_e": 1000.0})", "", 200.0);
  const auto w = aeif_var(*sim, 1);
  const auto t = test::spike_times(*sim, 0, 0.1);
  ASSERT_GE(t.size(), 3u);
  std::size_t next = 0;
  for (std::size_t k = 1; k < w.size(); ++k) {
    const double decayed = w[k - 1] * std::exp(-0.1 / tau_w);
    if (next < t.size() && std::llround(t[next] / 0.1) == static_cast<long long>(k)) {
      // jump b at some point of the step, then decay for the rest of it
      EXPECT_GE(w[k] - decayed, b * std::exp(-0.1 / tau_w) - 1e-9) << k;
      EXPECT_LE(w[k] - decayed, b + 1e-9) << k;
      ++next;
    } else {
      ASSERT_NEAR(w[k], decayed, 1e-12 * (1.0 + w[k - 1])) << k;
    }
  }
  EXPECT_EQ(next, t.size());
}

TEST(NeuronAnalytic, AeifHugeInputStaysFinite) {
  // The exponential acts with V_m at most V_peak, so an absurd drive gives
  // spikes (one per step at most), never an overflow; 5 uS of conductance
  // is well inside RK4's stability range (docs/numerics.md).
  const auto sim = aeif(R"({"I_e": 1e7})",
                        R"({"type": "spike_times", "target": "n", "weight": 5000.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [1.0, 2.0]}]},
                           {"type": "spike_times", "target": "n", "weight": -5000.0, "delay": 1.0, "trains": [{"node_id": 0, "times": [5.0]}]})",
                        20.0);
  const auto v = aeif_var(*sim, 0), w = aeif_var(*sim, 1);
  for (std::size_t k = 0; k < v.size(); ++k) {
    ASSERT_TRUE(std::isfinite(v[k]) && std::isfinite(w[k])) << k;
    ASSERT_LT(v[k], 0.0) << k;
  }
  EXPECT_GT(test::spike_times(*sim, 0, 0.1).size(), 100u);
}
