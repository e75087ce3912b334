// Neuron models against closed-form solutions: the linear models are
// integrated exactly, so every sample must match to rounding error.
#include <gtest/gtest.h>

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
  const auto k = std::get<kern::iaf_psc_exp::params>(plan::make_neuron_params(models::neuron_kind::iaf_psc_exp, p, 0.1));
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
