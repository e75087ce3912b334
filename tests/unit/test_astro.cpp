// Astrocyte kernels and tripartite semantics: fluxes against hand-computed
// values, exact steps, territories, local versus broadcast pathways, gap
// junction conservation, neuromodulation.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "cpu/cpu_backend.hpp"
#include "plan/network_plan.hpp"
#include "test_util.hpp"
#include "tribody/errors.hpp"
#include "tribody/kernels/astro/astro_gchi.hpp"
#include "tribody/kernels/astro/astro_lr.hpp"

using namespace tribody;

namespace {

kern::astro_gchi::params gchi_defaults() {
  astro_population_spec a;
  a.model = "astro_gchi";
  for (const auto& p : models::find_astro_model("astro_gchi")->params) a.params[p.name] = p.fallback;
  return std::get<kern::astro_gchi::params>(plan::make_astro_params(a));
}

double hill(double x, double k, int n) { return std::pow(x, n) / (std::pow(x, n) + std::pow(k, n)); }

}  // namespace

TEST(AstroKernels, GChiRatesMatchTheEquations) {
  const auto p = gchi_defaults();
  const double G = 0.3, I = 0.8, C = 0.4, h = 0.7, Y = 120.0;  // uM, Y in uM
  kern::astro_input in;
  const auto r = kern::astro_gchi::eval(p, G, I, C, h, Y, in);
  // De Pitta et al. 2009 in ms and uM, written out independently.
  const double dG = 3e-4 * Y * (1 - G) - 5e-4 * (1 + 10 * C / (C + 0.5)) * G;
  const double J_beta = 5e-3 * G, J_delta = 2e-4 / (1 + I / 1.5) * hill(C, 0.3, 2);
  const double J_3K = 4.5e-3 * hill(C, 0.5, 4) * I / (I + 1.0), J_5P = 1e-4 * I;
  const double J_ex = -(9e-5 / 2) * (1 + std::tanh((I - 0.3) / 0.05));
  const double dI = J_beta + J_delta - J_3K - J_5P + J_ex;
  const double m_inf = I / (I + 0.13) * C / (C + 0.08);
  const double dC = (6e-3 * std::pow(m_inf * h, 3) + 1e-4) * (2.0 - 1.18 * C) - 9e-4 * C * C / (C * C + 0.01);
  const double Q2 = 1.05 * (I + 0.13) / (I + 0.9434);
  const double dh = (Q2 / (Q2 + C) - h) * 2e-4 * (Q2 + C);
  EXPECT_NEAR(r.P[0] - r.L[0] * G, dG, 1e-15);
  EXPECT_NEAR(r.P[1] - r.L[1] * I, dI, 1e-15);
  EXPECT_NEAR(r.P[2] - r.L[2] * C, dC, 1e-15);
  EXPECT_NEAR(r.P[3] - r.L[3] * h, dh, 1e-15);
  for (int k = 0; k < 4; ++k) {
    EXPECT_GE(r.P[k], 0.0);
    EXPECT_GE(r.L[k], 0.0);
  }
}

TEST(AstroKernels, LiRinzelRatesMatchNestEquations) {
  const kern::astro_lr::params p{2.0, 0.16, 0.13, 0.9434, 0.08234, 1.049, 0.1, 0.0002, 0.006, 0.00011, 0.0009, 0.185,
                                 7142.0, 0.0, kern::astro_integrator::exponential};
  const double C = 0.3, h = 0.6, ip3 = 0.5;
  double P[2], L[2];
  kern::astro_lr::eval(p, C, h, ip3, P, L);
  const double Ca_ER = (2.0 - C) / 0.185;
  const double m = ip3 / (ip3 + 0.13), n = C / (C + 0.08234);
  const double J_ch = 0.185 * 0.006 * std::pow(m * n * h, 3) * (Ca_ER - C);
  const double J_leak = 0.185 * 0.00011 * (Ca_ER - C);
  const double J_pump = 0.0009 * C * C / (0.01 + C * C);
  const double alpha = 0.0002 * 1.049 * (ip3 + 0.13) / (ip3 + 0.9434), beta = 0.0002 * C;
  EXPECT_NEAR(P[0] - L[0] * C, J_ch - J_pump + J_leak, 1e-15);
  EXPECT_NEAR(P[1] - L[1] * h, alpha * (1 - h) - beta * h, 1e-15);
}

TEST(AstroKernels, ExponentialStepIsExactForLinearEquations) {
  for (double L : {0.0, 1e-9, 0.01, 1.0, 50.0}) {
    const double x0 = 0.7, P = 0.3, h = 10.0;
    const long double f = L > 0 ? -std::expm1(-static_cast<long double>(L) * h) / L : h;  // (1 - e^{-Lh}) / L
    const double exact = static_cast<double>(x0 + (P - static_cast<long double>(L) * x0) * f);
    EXPECT_NEAR(kern::exp_step(x0, P, L, h), exact, 1e-12 * std::max(1.0, std::fabs(exact))) << L;
  }
}

TEST(AstroKernels, SicAndGapFluxByHand) {
  EXPECT_DOUBLE_EQ(kern::sic_current(0.19669 + 0.0005, 1.0, 0.19669), 0.0);  // y = 0.5 < 1
  EXPECT_NEAR(kern::sic_current(0.3, 2.0, 0.19669), 2.0 * std::log((0.3 - 0.19669) * 1000.0), 1e-12);
  const double F = 9e-5, th = 0.3, w = 0.05;
  EXPECT_NEAR(kern::gap_flux(1.0, 0.2, F, th, w), F / 2 * (1 + std::tanh((0.8 - th) / w)), 1e-18);
  EXPECT_NEAR(kern::gap_flux(0.2, 1.0, F, th, w), -F / 2 * (1 + std::tanh((0.8 - th) / w)), 1e-18);
  EXPECT_EQ(kern::gap_flux(0.5, 0.5, F, th, w), 0.0);
}

namespace {

// Two presynaptic neurons (0 fires, 1 is silent) onto four targets; the
// targets 0-2 belong to astrocyte 0 and target 3 to none.
std::string territory_model(const std::string& mode) {
  return R"({"simulation": {"dt": 0.1, "t_stop": 400.0, "slow_dt": 10.0},
    "populations": [{"name": "pre", "size": 2, "model": "iaf_psc_delta", "params": {"t_ref": 0.1}},
                    {"name": "post", "size": 4, "model": "iaf_psc_exp", "params": {"V_th": 1000.0}}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_slow", "params": {"tau_Ca": 1000.0, "theta": 0.5, "k": 4.0}}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 100.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": [50.0, 60.0, 70.0, 80.0, 90.0, 300.0]}]}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"}, "weight": 1.0,
      "tripartite": {"astrocytes": "astro", "assignment": {"rule": "by_target", "astrocytes": [0, 0, 0, -1]},
        "pathways": [{"type": "plasticity_gate", "mode": ")" + mode + R"(", "k": 4.0, "theta": 0.5},
                     {"type": "sic", "mode": ")" + mode + R"(", "weight": 2.0, "SIC_th": 0.0, "SIC_scale": 1.5}]}}],
    "recorders": [{"type": "state", "population": "astro", "node_ids": [0], "variables": ["Ca"], "interval": 10.0}]})";
}

const cpu::cpu_astro& astro_of(simulation& sim) { return dynamic_cast<cpu::cpu_backend&>(sim.engine()).astrocytes(); }

}  // namespace

TEST(Tripartite, LocalAndBroadcastSemantics) {
  auto broadcast = test::run_json(territory_model("broadcast"));
  auto local = test::run_json(territory_model("local"));
  // CSR rows by source: synapses 0-3 from pre 0 (active), 4-7 from pre 1 (silent).
  const auto astro = astro_of(*broadcast).synapse_values(0, "astrocyte", 3999);
  EXPECT_EQ(astro, (std::vector<double>{0, 0, 0, -1, 0, 0, 0, -1}));
  const auto gb = astro_of(*broadcast).synapse_values(0, "gate", 3999);
  const auto gl = astro_of(*local).synapse_values(0, "gate", 3999);
  // The astrocyte's Ca2+ after 400 ms and its gate.
  const auto& ca = broadcast->results().states[0].values;
  const double gate = 1.0 / (1.0 + std::exp(-4.0 * (ca.back() - 0.5)));
  for (int s : {0, 1, 2, 4, 5, 6}) EXPECT_NEAR(gb[s], gate, 1e-12) << s;  // one value per territory
  for (int s : {3, 7}) {                                                  // outside any territory
    EXPECT_EQ(gb[s], 0.0);
    EXPECT_EQ(gl[s], 0.0);
  }
  for (int s : {4, 5, 6}) EXPECT_EQ(gl[s], 0.0);  // local: silent synapses get nothing
  for (int s : {0, 1, 2}) {
    EXPECT_GT(gl[s], 0.0);  // active synapses: the gate times their own occupancy
    EXPECT_LT(gl[s], gate);
  }
}

TEST(Tripartite, SicReachesTargetsOfTheTerritoryOnly) {
  auto sim = test::run_json(territory_model("broadcast"));
  const auto& cpu = astro_of(*sim);
  const double* sic = cpu.slow_current(1);
  ASSERT_NE(sic, nullptr);
  const double ca = sim->results().states[0].values.back();
  // Two tripartite synapses (from pre 0 and pre 1) per target 0-2, weight 2.
  const double expected = 2.0 * 2.0 * kern::sic_current(ca, 1.5, 0.0);
  for (int j : {0, 1, 2}) EXPECT_NEAR(sic[j], expected, 1e-12) << j;
  EXPECT_EQ(sic[3], 0.0);
  EXPECT_GT(expected, 0.0);
}

TEST(Tripartite, SlowIntegratorIsExactAtAnyEventTiming) {
  // Ca after the run: sum over events of e^{-(T - t_k)/tau} (astro_slow, no
  // neuromodulator), three tripartite synapses per spike of pre 0. Events
  // fall anywhere inside slow steps.
  auto sim = test::run_json(territory_model("broadcast"));
  const double tau = 1000.0, T = 400.0;
  double expected = 0.0;
  for (double t : {50.1, 60.1, 70.1, 80.1, 90.1, 300.1}) expected += 3.0 * std::exp(-(T - t) / tau);
  EXPECT_NEAR(sim->results().states[0].values.back(), expected, 1e-6);  // fixed-point input: 2^-24
}

TEST(Tripartite, TerritoryInvariantsForPools) {
  for (const char* type : {"block", "random"}) {
    const std::string model = std::string(R"({"simulation": {"t_stop": 1.0},
      "populations": [{"name": "pre", "size": 200, "model": "iaf_psc_exp"},
                      {"name": "post", "size": 100, "model": "iaf_psc_exp"}],
      "astrocytes": [{"name": "astro", "size": 40, "model": "astro_lr"}],
      "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "fixed_indegree", "indegree": 50},
        "weight": 1.0, "tripartite": {"astrocytes": "astro",
          "assignment": {"rule": "pool", "pool_size": 4, "pool_type": ")") + type + R"(", "p": 0.5}}}]})";
    auto sim = test::run_json(model);
    const auto& cpu = astro_of(*sim);
    const auto syn = sim->engine().synapses(0);
    const auto& astro = cpu.synapse_astrocyte(0);
    std::map<unsigned, std::set<unsigned>> pools;
    std::size_t tripartite = 0;
    for (std::size_t s = 0; s < astro.size(); ++s) {
      if (astro[s] == kern::no_astrocyte) continue;
      ++tripartite;
      ASSERT_LT(astro[s], 40u);
      pools[syn.target[s]].insert(astro[s]);
    }
    // p = 0.5 of 5000 synapses: binomial, 5 sd.
    EXPECT_NEAR(static_cast<double>(tripartite), 2500.0, 5 * std::sqrt(1250.0)) << type;
    for (const auto& [target, pool] : pools) {
      EXPECT_LE(pool.size(), 4u) << type << " target " << target;
      if (std::string(type) == "block") {  // block pools: 4 consecutive astrocytes shared by 10 targets
        EXPECT_EQ(*pool.begin() / 4, target * 10 / 100) << target;
      }
    }
    // astrocyte -> synapses is the exact inverse: each tripartite synapse once, in its row.
    const auto& ptr = cpu.astro_synapse_ptr(0);
    const auto& list = cpu.astro_synapses(0);
    ASSERT_EQ(list.size(), tripartite);
    for (unsigned a = 0; a < 40; ++a) {
      for (auto k = ptr[a]; k < ptr[a + 1]; ++k) {
        EXPECT_EQ(astro[list[k]], a);
        if (k > ptr[a]) {
          EXPECT_LT(list[k - 1], list[k]);
        }
      }
    }
  }
}

TEST(Tripartite, SpaceRuleUsesTheCellOfTheTarget) {
  const std::string model = R"({"simulation": {"t_stop": 1.0},
    "populations": [{"name": "pre", "size": 10, "model": "iaf_psc_exp"}, {"name": "post", "size": 16, "model": "iaf_psc_exp"}],
    "astrocytes": [{"name": "astro", "size": 4, "model": "astro_slow", "grid": {"rows": 2, "cols": 2}}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"}, "weight": 1.0,
      "tripartite": {"astrocytes": "astro", "assignment": {"rule": "space"}}}]})";
  auto sim = test::run_json(model);
  const auto syn = sim->engine().synapses(0);
  const auto& astro = astro_of(*sim).synapse_astrocyte(0);
  for (std::size_t s = 0; s < astro.size(); ++s) {
    const unsigned j = syn.target[s];  // 4 x 4 targets, 2 x 2 astrocytes: each owns a 2 x 2 block
    EXPECT_EQ(astro[s], (j / 4 / 2) * 2 + (j % 4) / 2) << "target " << j;
  }
}

TEST(GapJunctions, ConserveTheCoupledVariable) {
  // IP3 with production and degradation switched off: only gap junctions
  // move it, and the total stays constant while the values equalise.
  const std::string model = R"({"simulation": {"t_stop": 20000.0, "slow_dt": 10.0},
    "populations": [{"name": "n", "size": 1, "model": "iaf_psc_exp"}],
    "astrocytes": [{"name": "astro", "size": 9, "model": "astro_gchi", "grid": {"rows": 3, "cols": 3},
      "params": {"O_beta": 0, "O_delta": 0, "O_3K": 0, "Omega_5P": 0, "F_ex": 0},
      "initial": {"I": {"distribution": "uniform", "low": 0.0, "high": 3.0}}}],
    "gap_junctions": [{"astrocytes": "astro", "rule": "grid_neighbors", "F": 2e-3}],
    "recorders": [{"type": "state", "population": "astro", "node_ids": [0, 1, 2, 3, 4, 5, 6, 7, 8], "variables": ["I"], "interval": 10.0}]})";
  auto sim = test::run_json(model);
  const auto& s = sim->results().states[0];
  const std::size_t n = s.steps.size();
  auto total = [&](std::size_t k) {
    double t = 0.0;
    for (int a = 0; a < 9; ++a) t += s.values[k * 9 + a];
    return t;
  };
  auto spread = [&](std::size_t k) {
    double lo = 1e9, hi = -1e9;
    for (int a = 0; a < 9; ++a) {
      lo = std::min(lo, s.values[k * 9 + a]);
      hi = std::max(hi, s.values[k * 9 + a]);
    }
    return hi - lo;
  };
  EXPECT_NEAR(total(n - 1), total(0), 1e-12 * total(0));
  EXPECT_LT(spread(n - 1), 0.5 * spread(0));  // diffusion evens the values out
}

TEST(Neuromodulation, ScalesTheSlowIntegratorsInput) {
  // The same events, with dopamine 0 (before 200 ms) and 2 (after): only the
  // late events count, twice.
  const std::string model = R"({"simulation": {"dt": 0.1, "t_stop": 400.0, "slow_dt": 10.0},
    "neuromodulators": [{"name": "DA", "baseline": 0.0, "pulses": [{"start": 200.0, "stop": 1000.0, "amplitude": 2.0}]}],
    "populations": [{"name": "pre", "size": 1, "model": "iaf_psc_delta", "params": {"t_ref": 0.1}},
                    {"name": "post", "size": 1, "model": "iaf_psc_exp", "params": {"V_th": 1000.0}}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_slow", "neuromodulator": "DA", "params": {"tau_Ca": 1e9}}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 100.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": [50.0, 100.0, 250.0, 300.0, 350.0]}]}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "one_to_one"}, "weight": 0.0,
      "tripartite": {"astrocytes": "astro", "assignment": {"rule": "by_target", "astrocytes": [0]}}}],
    "recorders": [{"type": "state", "population": "astro", "node_ids": [0], "variables": ["Ca"], "interval": 10.0}]})";
  auto sim = test::run_json(model);
  EXPECT_NEAR(sim->results().states[0].values.back(), 3 * 2.0, 1e-6);
}

TEST(Neuromodulation, APulseShorterThanASlowStepCountsWithItsShare) {
  // Dopamine 10 during [202, 207) ms only: the slow step [200, 210) sees its
  // mean, 5, and scales the one event of that step (at 205 ms) by it.
  const std::string model = R"({"simulation": {"dt": 0.1, "t_stop": 400.0, "slow_dt": 10.0},
    "neuromodulators": [{"name": "DA", "pulses": [{"start": 202.0, "stop": 207.0, "amplitude": 10.0}]}],
    "populations": [{"name": "pre", "size": 1, "model": "iaf_psc_delta", "params": {"t_ref": 0.1}},
                    {"name": "post", "size": 1, "model": "iaf_psc_exp", "params": {"V_th": 1000.0}}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_slow", "neuromodulator": "DA", "params": {"tau_Ca": 1e9}}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 100.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": [50.0, 205.0, 300.0]}]}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "one_to_one"}, "weight": 0.0,
      "tripartite": {"astrocytes": "astro", "assignment": {"rule": "by_target", "astrocytes": [0]}}}],
    "recorders": [{"type": "state", "population": "astro", "node_ids": [0], "variables": ["Ca"], "interval": 10.0}]})";
  auto sim = test::run_json(model);
  EXPECT_NEAR(sim->results().states[0].values.back(), 5.0, 1e-6);
}

TEST(Tripartite, LocalFactorOfOneSpikeIsOneHalfForAnyTerritorySize) {
  // Four synapses share one astrocyte that sees their mean input; a synapse's
  // own trace still holds its full amount, so one spike gives q/(q+K) = 1/2.
  const std::string model = R"({"simulation": {"dt": 0.1, "t_stop": 200.0, "slow_dt": 10.0},
    "populations": [{"name": "pre", "size": 1, "model": "iaf_psc_delta", "params": {"t_ref": 0.1}},
                    {"name": "post", "size": 4, "model": "iaf_psc_exp", "params": {"V_th": 1000.0}}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_slow", "params": {"tau_Ca": 1e9}}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 100.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": [100.0]}]}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"}, "weight": 0.0,
      "tripartite": {"astrocytes": "astro", "astro_input": "mean", "assignment": {"rule": "pool", "pool_size": 1},
                     "pathways": [{"type": "plasticity_gate", "mode": "local"}]}}]})";
  auto sim = test::run_json(model);
  const auto f = astro_of(*sim).synapse_values(0, "local_factor", 1999);
  ASSERT_EQ(f.size(), 4u);
  for (double v : f) EXPECT_NEAR(v, 0.5, 1e-6);
}

TEST(AstroFailure, ANonFiniteAstrocyteStopsTheRunWithItsState) {
  // C = 1e200 overflows the Hill terms to inf/inf in the first slow step.
  const std::string model = R"({"simulation": {"dt": 0.1, "t_stop": 100.0, "slow_dt": 10.0},
    "populations": [{"name": "E", "size": 2, "model": "iaf_psc_exp"}],
    "astrocytes": [{"name": "A", "size": 3, "model": "astro_gchi", "initial": {"C": 1e200}}]})";
  try {
    test::run_json(model);
    FAIL() << "the run did not stop";
  } catch (const numerical_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("astrocyte 0 of population 'A' has a non-finite state at t = 10 ms"), std::string::npos) << msg;
    EXPECT_NE(msg.find("C = "), std::string::npos) << msg;
  }
}
