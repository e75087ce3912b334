// The astrocyte as the third factor (docs/plasticity.md): astro_three_factor
// (pairing history h, the compartment's Ca driven by h x dopamine, the gate
// on the slow clock), local and broadcast, against the same equations
// integrated here in continuous time; tripartite_stdp's calcium factor by
// hand; determinism; bad input.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "backend.hpp"
#include "bad_case.hpp"
#include "test_util.hpp"

namespace tribody {
namespace {

std::string times(const std::vector<double>& t) {
  std::ostringstream s;
  s << "[";
  for (std::size_t k = 0; k < t.size(); ++k) s << (k ? ", " : "") << t[k] - 0.1;  // the generator's delay is dt
  s << "]";
  return s.str();
}

// The first `from` in m becomes `to`.
void substitute(std::string& m, const std::string& from, const std::string& to) {
  const auto at = m.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  m.replace(at, from.size(), to);
}

// Parrots: pre (one per train in `pre`), one post, n_da dopamine parrots
// all spiking at the times `da`; pre -> post silent, delay 1 ms, weight 50,
// one astro_slow astrocyte whose territory holds every synapse.
std::string astro_pairs(const std::string& plasticity, const std::vector<std::vector<double>>& pre,
                        const std::vector<double>& post, int n_da, const std::vector<double>& da,
                        const std::string& astro_params = "{}", double astro_weight = 1.0) {
  std::ostringstream s;
  s << R"({"simulation": {"dt": 0.1, "t_stop": 100.0, "slow_dt": 10.0},
    "populations": [{"name": "pre", "size": )" << pre.size() << R"(, "model": "parrot_neuron"},
                    {"name": "post", "size": 1, "model": "parrot_neuron"},
                    {"name": "da", "size": )" << n_da << R"(, "model": "parrot_neuron"}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_slow", "params": )" << astro_params << R"(}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 1.0, "delay": 0.1, "trains": [)";
  for (std::size_t i = 0; i < pre.size(); ++i) s << (i ? ", " : "") << R"({"node_id": )" << i << R"(, "times": )" << times(pre[i]) << "}";
  s << R"(]},
                {"type": "spike_times", "target": "post", "weight": 1.0, "delay": 0.1, "trains": [{"node_id": 0, "times": )"
    << times(post) << R"(}]})";
  if (!da.empty()) {
    s << R"(, {"type": "spike_times", "target": "da", "weight": 1.0, "delay": 0.1, "trains": [)";
    for (int i = 0; i < n_da; ++i) s << (i ? ", " : "") << R"({"node_id": )" << i << R"(, "times": )" << times(da) << "}";
    s << "]}";
  }
  s << R"(],
    "projections": [{"name": "syn", "source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"},
                     "silent": true, "weight": 50.0, "delay": 1.0,
                     "tripartite": {"astrocytes": "astro", "assignment": {"rule": "pool", "pool_size": 1},
                                    "astro_weight": )" << astro_weight << R"(},
                     "plasticity": )" << plasticity << R"(}],
    "recorders": [{"type": "weights", "name": "w", "projection": "syn"}]})";
  return s.str();
}

// astro_three_factor's equations in continuous time, for pairings (time,
// amount) of each synapse, dopamine spikes of multiplicity n_da at t_da
// (already delayed), slow steps of S ms: the weights after `steps` slow
// steps. h_i(t) = sum of amounts e^{-(t - t_p)/tau_h}; per slow step the
// gate held over it (of the compartment's Ca at its start) scales eta /
// tau_h * integral of h_i; the compartment's Ca decays with tau_Ca and
// gains max(integral of h, 0) * (integral of n) * tau_Ca (1 - e^{-S/tau_Ca}) / S^2.
struct pairing {
  double t, e;
};
std::vector<double> three_factor_reference(const std::vector<std::vector<pairing>>& pairs, double t_da, double n_da,
                                           bool local, int steps, std::vector<double>* ca_out = nullptr) {
  const double S = 10.0, tau_h = 100.0, tau_Ca = 5000.0, tau_n = 200.0, eta = 1.0, theta = 0.3, k = 10.0;
  const std::size_t n = pairs.size();
  // The integral of h_i over [a, b].
  auto h_integral = [&](std::size_t i, double a, double b) {
    double sum = 0.0;
    for (const auto& p : pairs[i]) {
      const double lo = std::max(a, p.t);
      if (lo >= b) continue;
      sum += p.e * tau_h * (std::exp(-(lo - p.t) / tau_h) - std::exp(-(b - p.t) / tau_h));
    }
    return sum;
  };
  auto n_integral = [&](double a, double b) {
    const double lo = std::max(a, t_da);
    if (lo >= b) return 0.0;
    return n_da * (std::exp(-(lo - t_da) / tau_n) - std::exp(-(b - t_da) / tau_n));
  };
  auto gate = [&](double ca) { return 1.0 / (1.0 + std::exp(-k * (ca - theta))); };
  const double gain = tau_Ca * (1.0 - std::exp(-S / tau_Ca)) / (S * S), decay = std::exp(-S / tau_Ca);
  std::vector<double> w(n, 50.0), ca(n, 0.0);
  double ca_t = 0.0;
  for (int s = 0; s < steps; ++s) {
    const double a = s * S, b = a + S, m = n_integral(a, b);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += h_integral(i, a, b);
    const double g_t = gate(ca_t);
    for (std::size_t i = 0; i < n; ++i) {
      const double in = h_integral(i, a, b);
      w[i] += eta / tau_h * (local ? gate(ca[i]) : g_t) * in;
      ca[i] = ca[i] * decay + std::max(in, 0.0) * m * gain;
    }
    ca_t = ca_t * decay + std::max(sum, 0.0) * m * gain;
  }
  if (ca_out != nullptr) *ca_out = local ? ca : std::vector<double>(n, ca_t);
  return w;
}

const char* three_factor(bool local) {
  return local ? R"({"rule": "astro_three_factor", "mode": "local", "eta": 1.0, "tau_h": 100.0, "Wmax": 100.0,
                     "volume_transmitter": "da", "vt_delay": 1.0})"
               : R"({"rule": "astro_three_factor", "mode": "broadcast", "eta": 1.0, "tau_h": 100.0, "Wmax": 100.0,
                     "volume_transmitter": "da", "vt_delay": 1.0})";
}

TEST(AstroThreeFactor, LocalCompartmentGatesAfterDopamineAsTheEquations) {
  // pre 10 (and 95: reads the weight), post 15 ms: the post spike reaches
  // the synapse at 16 ms and pairs with K+ = exp(-6/20). 50 dopamine
  // spikes at 30 ms reach it at 31 ms (vt_delay 1 ms).
  const auto sim = test::run_json(astro_pairs(three_factor(true), {{10.0, 95.0}}, {15.0}, 50, {30.0}));
  const auto& r = sim->results();
  const std::vector<std::vector<pairing>> pairs{{{16.0, std::exp(-6.0 / 20.0)}}};
  const auto at95 = three_factor_reference(pairs, 31.0, 50.0, true, 9);  // slow steps ending by 90 ms
  const auto at100 = three_factor_reference(pairs, 31.0, 50.0, true, 10);
  const auto& w = r.weights.at(0).weights;
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NEAR(w[0], 50.0 + 1.0 / 100.0 * 0.0, 1e-12);  // nothing before the pairing
  EXPECT_NEAR(w[1], at95[0], 2e-5);
  EXPECT_NEAR(r.plastic_weights.at(0).at(0), at100[0], 2e-5);
  // The gate opened: far more change than the closed gate's sigma(-3) gives.
  const auto closed = three_factor_reference(pairs, 31.0, 0.0, true, 10);
  EXPECT_GT(at100[0] - 50.0, 5.0 * (closed[0] - 50.0));
  EXPECT_GT(closed[0], 50.0);
}

TEST(AstroThreeFactor, WithoutDopamineTheGateStaysClosed) {
  const auto sim = test::run_json(astro_pairs(three_factor(true), {{10.0, 95.0}}, {15.0}, 1, {}));
  const std::vector<std::vector<pairing>> pairs{{{16.0, std::exp(-6.0 / 20.0)}}};
  EXPECT_NEAR(sim->results().plastic_weights.at(0).at(0), three_factor_reference(pairs, 31.0, 0.0, true, 10)[0], 2e-5);
}

TEST(AstroThreeFactor, BroadcastGatesTheWholeTerritoryLocalOnlyTheActive) {
  // Synapse 0 pairs strongly (pre 10, K+ = exp(-6/20)), synapse 1 weakly
  // (pre 1 ms, K+ = exp(-15/20)); 2 dopamine spikes: alone, synapse 1's
  // compartment stays below theta (Ca 0.17); the territory's sum crosses it (0.45).
  const std::vector<std::vector<double>> pre{{10.0}, {1.0}};
  const std::vector<std::vector<pairing>> pairs{{{16.0, std::exp(-6.0 / 20.0)}}, {{16.0, std::exp(-15.0 / 20.0)}}};
  const auto local = test::run_json(astro_pairs(three_factor(true), pre, {15.0}, 2, {30.0}));
  const auto broadcast = test::run_json(astro_pairs(three_factor(false), pre, {15.0}, 2, {30.0}));
  const auto ref_local = three_factor_reference(pairs, 31.0, 2.0, true, 10);
  const auto ref_broadcast = three_factor_reference(pairs, 31.0, 2.0, false, 10);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(local->results().plastic_weights.at(0).at(i), ref_local[i], 2e-5) << i;
    EXPECT_NEAR(broadcast->results().plastic_weights.at(0).at(i), ref_broadcast[i], 2e-5) << i;
  }
  // The weak synapse gains more where the territory's gate opens for it.
  EXPECT_GT(ref_broadcast[1] - 50.0, 1.5 * (ref_local[1] - 50.0)) << ref_broadcast[1] << " " << ref_local[1];
}

TEST(AstroThreeFactor, DepressionPairingsLowerTheHistory) {
  // A_minus: a pre spike after a post spike pairs negatively; a negative
  // history drives no Ca, and its (closed-gate) weight change is negative.
  const std::string rule = R"({"rule": "astro_three_factor", "mode": "local", "eta": 1.0, "tau_h": 100.0,
                               "A_plus": 0.0, "A_minus": 1.0, "Wmax": 100.0, "volume_transmitter": "da"})";
  const auto sim = test::run_json(astro_pairs(rule, {{20.0}}, {15.0}, 50, {30.0}));
  // post at 15 ms reaches the synapse at 16; the pre spike at 20 meets K- = exp(-4/20).
  const std::vector<std::vector<pairing>> pairs{{{20.0, -std::exp(-4.0 / 20.0)}}};
  const double w = sim->results().plastic_weights.at(0).at(0);
  EXPECT_LT(w, 50.0);
  EXPECT_NEAR(w, three_factor_reference(pairs, 31.0, 50.0, true, 10)[0], 2e-5);
}

// astro_three_factor through the territory astrocyte's own model (broadcast,
// "astrocyte_variable"): the drive is the astrocyte's input, one of its
// state variables gates.
std::string via_variable(const std::string& variable, const std::string& extra = "") {
  std::string rule = three_factor(false);
  substitute(rule, R"("eta": 1.0)", R"("eta": 1.0, "astrocyte_variable": ")" + variable + "\"" + extra);
  return rule;
}

TEST(AstroThreeFactor, AnAstroSlowAstrocyteIsTheRulesOwnCompartment) {
  // astro_slow with the rule's tau_Ca: its Ca integrates the same drive as
  // the rule's own compartment (up to the input's fixed point, 2^-32).
  const std::vector<std::vector<double>> pre{{10.0}, {1.0}};
  const auto own = test::run_json(astro_pairs(three_factor(false), pre, {15.0}, 2, {30.0}));
  const auto via = test::run_json(astro_pairs(via_variable("Ca"), pre, {15.0}, 2, {30.0}));
  const auto ca_own = own->engine().synapse_state(0, "Ca"), ca_via = via->engine().synapse_state(0, "Ca");
  ASSERT_EQ(ca_via.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(via->results().plastic_weights.at(0).at(i), own->results().plastic_weights.at(0).at(i), 1e-9) << i;
    EXPECT_NEAR(ca_via[i], ca_own[i], 1e-9) << i;
  }
  EXPECT_GT(ca_via[0], 0.4);  // the territory's gate opened (see BroadcastGates...)
  // Ca_scale divides the variable the gate reads: Ca / 2 stays below theta.
  const auto halved = test::run_json(astro_pairs(via_variable("Ca", R"(, "Ca_scale": 2.0)"), pre, {15.0}, 2, {30.0}));
  EXPECT_NEAR(halved->engine().synapse_state(0, "Ca")[0], ca_via[0] / 2.0, 1e-9);
  EXPECT_LT(halved->results().plastic_weights[0][1], via->results().plastic_weights[0][1] - 0.01);
}

// One astro_gchi astrocyte whose C is sampled every slow step.
std::string gchi_pairs(const std::string& rule, const std::vector<std::vector<double>>& pre, int n_da,
                       const std::vector<double>& da) {
  std::string m = astro_pairs(rule, pre, {15.0}, n_da, da);
  substitute(m, R"("t_stop": 100.0)", R"("t_stop": 2000.0)");
  substitute(m, R"("model": "astro_slow", "params": {})", R"("model": "astro_gchi")");
  m.replace(m.rfind("]}"), 2,
            R"(, {"type": "state", "name": "C", "population": "astro", "node_ids": [0], "variables": ["C"], "interval": 10.0}]})");
  return m;
}

TEST(AstroThreeFactor, AGChIAstrocytesCalciumGatesAndOnlyTheDriveFeedsIt) {
  const std::string rule = via_variable("C", R"(, "Ca_scale": 0.2, "theta": 0.5)");
  const auto da = test::run_json(gchi_pairs(rule, {{10.0}, {1.0}}, 50, {30.0}));
  const auto& C = da->results().states.at(0).values;
  ASSERT_EQ(C.size(), 201u);  // t = 0, 10, ..., 2000 ms
  // The presynaptic spikes do not feed the astrocyte: without dopamine its
  // C is the same for other trains (and is what it is with no input).
  const auto none = test::run_json(gchi_pairs(rule, {{10.0}, {1.0}}, 1, {}));
  const auto other = test::run_json(gchi_pairs(rule, {{10.0, 20.0, 40.0}, {1.0, 50.0}}, 1, {}));
  EXPECT_EQ(none->results().states.at(0).values, other->results().states.at(0).values);
  // ... while on a rule of its own they would (the events are its input).
  const auto fed = test::run_json(gchi_pairs(three_factor(false), {{10.0, 20.0, 40.0}, {1.0, 50.0}}, 1, {}));
  EXPECT_NE(fed->results().states.at(0).values, none->results().states.at(0).values);
  // The pairings x dopamine raise C after the dopamine (31 ms) and not before.
  const auto& C0 = none->results().states.at(0).values;
  for (int k = 0; k <= 3; ++k) EXPECT_EQ(C[k], C0[k]) << k;
  EXPECT_GT(C[100], C0[100] + 1.0) << C[100] << " " << C0[100];  // a Ca2+ transient of about 1.2 uM
  // Each slow step's gate is sigma(k (C / Ca_scale - theta)) of C at the step's start.
  const std::vector<std::vector<pairing>> pairs{{{16.0, std::exp(-6.0 / 20.0)}}, {{16.0, std::exp(-15.0 / 20.0)}}};
  const double tau_h = 100.0;
  for (const auto* run : {&da, &none}) {
    const auto& c = (*run)->results().states.at(0).values;
    for (int i = 0; i < 2; ++i) {
      double w = 50.0;
      for (int s = 0; s < 200; ++s) {
        const double a = 10.0 * s, b = a + 10.0, t = pairs[i][0].t, e = pairs[i][0].e, lo = std::max(a, t);
        const double in = lo >= b ? 0.0 : e * tau_h * (std::exp(-(lo - t) / tau_h) - std::exp(-(b - t) / tau_h));
        w += 1.0 / tau_h * in / (1.0 + std::exp(-10.0 * (c[s] / 0.2 - 0.5)));
      }
      EXPECT_NEAR((*run)->results().plastic_weights[0][i], w, 1e-6) << i;  // the history is kept in float
    }
  }
  // The gate opens (C / Ca_scale far above theta) while the history lasts; closed: sigma(-2.5).
  for (int i = 0; i < 2; ++i) {
    EXPECT_GT(da->results().plastic_weights[0][i] - 50.0, 2.0 * (none->results().plastic_weights[0][i] - 50.0)) << i;
  }
}

// tripartite_stdp: one astro_slow astrocyte that does not decay; every
// pre spike adds astro_weight to its Ca at the end of its slow step.
std::string tripartite_stdp(const std::string& mode) {
  return astro_pairs(R"({"rule": "tripartite_stdp", "mode": ")" + mode +
                         R"(", "lambda": 0.01, "mu_plus": 0, "mu_minus": 0, "Wmax": 100.0})",
                     {{10.0, 30.0}}, {15.0}, 1, {}, R"({"tau_Ca": 1e9})", 0.8);
}

TEST(TripartiteStdp, PairingsScaledByTheAstrocytesCalciumFactor) {
  // The pre spike at 10 ms (slow step [0, 10)) gives Ca = 0.8 from 10 ms
  // on; the arrival at 16 ms and the depression at 30 ms (before that slow
  // step's update) both see it: factor 1 + 2 (0.8 - 0.3) = 2.
  const auto sim = test::run_json(tripartite_stdp("broadcast"));
  const auto& w = sim->results().weights.at(0).weights;
  ASSERT_EQ(w.size(), 2u);
  const double f = 2.0;
  EXPECT_NEAR(w[1], 50.0 + f * 100.0 * 0.01 * (std::exp(-6.0 / 20.0) - std::exp(-14.0 / 20.0)), 1e-6);
}

TEST(TripartiteStdp, LocalFactorScalesTheCalciumBySynapticActivity) {
  // Local: Ca times the synapse's own p = q / (q + K) = 0.5 (one recent
  // event, K = one event's amount): c = 0.4, factor 1 + 2 (0.4 - 0.3) = 1.2.
  const auto sim = test::run_json(tripartite_stdp("local"));
  const auto& w = sim->results().weights.at(0).weights;
  ASSERT_EQ(w.size(), 2u);
  const double after = 50.0 + 1.2 * 100.0 * 0.01 * std::exp(-6.0 / 20.0);
  // The depression at 30 ms: p counts the spikes before it (the one at 10 ms).
  EXPECT_NEAR(w[1], after - 1.2 * 100.0 * 0.01 * std::exp(-14.0 / 20.0), 1e-5);
}

TEST(TripartiteStdp, NoCalciumSuppressesPlasticity) {
  // Below theta the factor is Ca / theta: an astrocyte that never sees an
  // event (astro_weight 0) leaves the weight where it was.
  std::string m = tripartite_stdp("broadcast");
  substitute(m, R"("astro_weight": 0.8)", R"("astro_weight": 0.0)");
  const auto sim = test::run_json(m);
  EXPECT_DOUBLE_EQ(sim->results().plastic_weights.at(0).at(0), 50.0);
}

TEST(AstroPlasticity, EdgesOfATripartiteProjectionNameEachSynapsesAstrocyte) {
  // Two synapses in one astrocyte's territory (p = 1): astrocyte 0 each.
  std::string m = astro_pairs(three_factor(false), {{10.0}, {1.0}}, {15.0}, 2, {30.0});
  m.replace(m.rfind("]}"), 2, R"(, {"type": "edges", "name": "final", "projection": "syn"}]})");
  const auto sim = test::run_json(m);
  const std::string dir = test::written_csv(*sim, "astro_edges");
  std::ifstream in(dir + "/final.csv");
  std::string header, a, b;
  std::getline(in, header);
  std::getline(in, a);
  std::getline(in, b);
  EXPECT_EQ(header, "source,target,weight,delay_ms,astrocyte");
  EXPECT_EQ(a.substr(a.rfind(',')), ",0");
  EXPECT_EQ(b.substr(b.rfind(',')), ",0");
  std::filesystem::remove_all(dir);
}

TEST(AstroPlasticity, EdgesRecordTheHistoryAndCalcium) {
  for (bool local : {true, false}) {
    std::string m = astro_pairs(three_factor(local), {{10.0}, {1.0}}, {15.0}, 2, {30.0});
    m.replace(m.rfind("]}"), 2, R"(, {"type": "edges", "name": "final", "projection": "syn", "variables": ["h", "Ca"]}]})");
    const auto sim = test::run_json(m);
    const auto h = sim->engine().synapse_state(0, "h");
    const auto ca = sim->engine().synapse_state(0, "Ca");
    std::vector<double> ref_ca;
    three_factor_reference({{{16.0, std::exp(-6.0 / 20.0)}}, {{16.0, std::exp(-15.0 / 20.0)}}}, 31.0, 2.0, local, 10,
                           &ref_ca);
    for (int i = 0; i < 2; ++i) {
      // h at 100 ms: the pairing at 16 ms, decayed with tau_h = 100 ms.
      EXPECT_NEAR(h.at(i), std::exp(-(i == 0 ? 6.0 : 15.0) / 20.0) * std::exp(-84.0 / 100.0), 1e-6) << i;
      EXPECT_NEAR(ca.at(i), ref_ca[i], 1e-6) << i;
    }
    const std::string dir = test::written_csv(*sim, "astro_state");
    std::ifstream in(dir + "/final.csv");
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "source,target,weight,delay_ms,astrocyte,h,Ca");
    std::filesystem::remove_all(dir);
  }
}

// A recurrent network with astrocytes over random territories: every rule
// and mode gives the same bits for 1, 2 and 3 threads.
std::string recurrent(const std::string& plasticity) {
  return R"({"simulation": {"dt": 0.1, "t_stop": 300.0, "seed": 5, "slow_dt": 5.0},
    "populations": [{"name": "E", "size": 200, "model": "iaf_psc_delta",
                     "params": {"C_m": 1.0, "tau_m": 20.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_th": 20.0},
                     "initial": {"V_m": {"distribution": "uniform", "low": 0.0, "high": 20.0}}}],
    "astrocytes": [{"name": "A", "size": 20, "model": "astro_slow", "params": {"tau_Ca": 200.0}}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 10000.0, "weight": 0.1, "delay": 1.0}],
    "projections": [{"name": "EE", "source": "E", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 30},
                     "weight": {"distribution": "uniform", "low": 0.1, "high": 0.4},
                     "delay": {"distribution": "uniform", "low": 0.5, "high": 3.0},
                     "tripartite": {"astrocytes": "A", "astro_weight": 0.01,
                                    "assignment": {"rule": "pool", "pool_size": 4, "pool_type": "random", "p": 0.9}},
                     "plasticity": )" + plasticity + R"(}],
    "recorders": [{"type": "spikes", "populations": ["E"]},
                  {"type": "weights", "name": "all", "projection": "EE"}]})";
}

TEST(AstroPlasticity, SameBitsForAnyThreadCount) {
  for (const std::string rule :
       {R"({"rule": "tripartite_stdp", "mode": "broadcast", "lambda": 0.05, "Wmax": 1.0})",
        R"({"rule": "tripartite_stdp", "mode": "local", "lambda": 0.05, "Wmax": 1.0})",
        R"({"rule": "astro_three_factor", "mode": "local", "eta": 0.05, "A_minus": 0.5, "tau_h": 50.0, "tau_Ca": 100.0, "theta": 0.05, "Wmax": 1.0, "volume_transmitter": "E", "tau_n": 20.0})",
        R"({"rule": "astro_three_factor", "mode": "broadcast", "eta": 0.05, "A_minus": 0.5, "tau_h": 50.0, "tau_Ca": 100.0, "theta": 0.05, "Wmax": 1.0, "M": 0.01})",
        R"({"rule": "astro_three_factor", "mode": "broadcast", "eta": 0.05, "A_minus": 0.5, "tau_h": 50.0, "astrocyte_variable": "Ca", "theta": 0.05, "Wmax": 1.0, "M": 0.01})"}) {
    SCOPED_TRACE(rule);
    const auto a = test::run_json(recurrent(rule), 1);
    const auto& ra = a->results();
    EXPECT_GT(ra.spike_count[0], 2000u);
    for (int threads : {2, 3}) {
      const auto b = test::run_json(recurrent(rule), threads);
      const auto& rb = b->results();
      EXPECT_EQ(ra.spikes[0].steps, rb.spikes[0].steps);
      EXPECT_EQ(ra.spikes[0].ids, rb.spikes[0].ids);
      EXPECT_EQ(ra.weights[0].weights, rb.weights[0].weights);
      EXPECT_EQ(ra.plastic_weights[0], rb.plastic_weights[0]);
    }
    // Something learned, within the bounds.
    const auto& w = ra.plastic_weights[0];
    double moved = 0.0;
    for (double x : w) {
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 1.0);
    }
    const auto& events = ra.weights[0].weights;
    for (std::size_t e = 0; e + 1 < events.size(); ++e) moved = std::max(moved, std::fabs(events[e + 1] - events[e]));
    EXPECT_GT(moved, 0.0);
  }
}

TEST(AstroPlasticity, AstroSlowAstrocytesAreTheRulesOwnCompartmentsInANetwork) {
  // Thousands of pairings over random territories (silent: the same spikes).
  const std::string own = R"({"rule": "astro_three_factor", "mode": "broadcast", "eta": 0.05, "A_minus": 0.5, "tau_h": 50.0, "tau_Ca": 200.0, "theta": 0.05, "Wmax": 1.0, "M": 0.01})";
  std::string via = own;
  substitute(via, R"("tau_Ca": 200.0)", R"("astrocyte_variable": "Ca")");
  std::string still = own;
  substitute(still, R"("eta": 0.05)", R"("eta": 0.0)");
  // The drive enters the astrocyte times astro_weight (as its events would): 1 here.
  auto silent = [](std::string m) {
    substitute(m, R"("name": "EE", )", R"("name": "EE", "silent": true, )");
    substitute(m, R"("astro_weight": 0.01)", R"("astro_weight": 1.0)");
    return m;
  };
  const auto a = test::run_json(silent(recurrent(own)));
  const auto b = test::run_json(silent(recurrent(via)));
  const auto& wa = a->results().plastic_weights[0];
  const auto& wb = b->results().plastic_weights[0];
  ASSERT_EQ(wa.size(), wb.size());
  const auto initial = test::run_json(silent(recurrent(still)))->results().plastic_weights[0];
  double moved = 0.0, worst = 0.0;
  for (std::size_t k = 0; k < wa.size(); ++k) {
    moved = std::max(moved, std::fabs(wa[k] - initial[k]));
    worst = std::max(worst, std::fabs(wa[k] - wb[k]));
  }
  EXPECT_GT(moved, 1e-3);
  EXPECT_LT(worst, 1e-9);
  const auto ca_a = a->engine().synapse_state(0, "Ca"), ca_b = b->engine().synapse_state(0, "Ca");
  for (std::size_t k = 0; k < ca_a.size(); ++k) ASSERT_NEAR(ca_a[k], ca_b[k], 1e-9) << k;
}

TEST(AstroPlasticity, SynapsesOutsideEveryTerritoryDoNotLearn) {
  for (const std::string rule :
       {R"({"rule": "tripartite_stdp", "mode": "broadcast", "lambda": 0.05, "Wmax": 1.0})",
        R"({"rule": "astro_three_factor", "mode": "local", "eta": 0.05, "tau_h": 50.0, "theta": 0.05, "Wmax": 1.0, "M": 0.01})"}) {
    SCOPED_TRACE(rule);
    std::string m = recurrent(rule);
    substitute(m, R"("weight": {"distribution": "uniform", "low": 0.1, "high": 0.4})", R"("weight": 0.25)");
    substitute(m, R"("p": 0.9)", R"("p": 0.5)");
    const auto sim = test::run_json(m);
    const auto syn = sim->engine().synapses(0);
    ASSERT_EQ(syn.astrocyte.size(), syn.source.size());
    std::size_t outside = 0, moved = 0;
    for (std::size_t k = 0; k < syn.source.size(); ++k) {
      if (syn.astrocyte[k] == 0xffffffffu) {
        ++outside;
        EXPECT_EQ(sim->results().plastic_weights[0][k], 0.25) << k;
      } else {
        moved += sim->results().plastic_weights[0][k] != 0.25;
      }
    }
    EXPECT_GT(outside, 1000u);
    EXPECT_GT(moved, 1000u);
  }
}

TEST(AstroPlasticity, AProjectionWithoutSynapsesRuns) {
  std::string m = recurrent(R"({"rule": "astro_three_factor", "mode": "broadcast", "M": 0.01})");
  substitute(m, R"({"rule": "fixed_indegree", "indegree": 30})", R"({"rule": "pairwise_bernoulli", "p": 0.0})");
  substitute(m, R"("weight": {"distribution": "uniform", "low": 0.1, "high": 0.4})", R"("weight": 0.25)");
  const auto sim = test::run_json(m);
  EXPECT_TRUE(sim->results().plastic_weights[0].empty());
}

const char* territory = R"(, "tripartite": {"astrocytes": "T", "assignment": {"rule": "pool"}})";
std::string bad(const std::string& plasticity, const std::string& tripartite = territory, const std::string& top = "",
                bool modulated = false) {
  return R"({"populations": [{"name": "A", "size": 4, "model": "parrot_neuron"}, {"name": "B", "size": 4, "model": "iaf_psc_exp"}],
    )" + std::string(modulated ? R"("neuromodulators": [{"name": "DA", "baseline": 1.0}],
    "astrocytes": [{"name": "T", "size": 2, "model": "astro_slow", "neuromodulator": "DA"}],)"
                               : R"("astrocytes": [{"name": "T", "size": 2, "model": "astro_slow"}],)") + R"(
    "projections": [{"name": "AB", "source": "A", "target": "B", "connectivity": {"rule": "all_to_all"},
                     "weight": 50.0)" + tripartite + R"(, "plasticity": )" + plasticity + "}]" + top + "}";
}

std::vector<test::bad_case> corpus() {
#define AT "$.projections[0].plasticity"
  return {
      {"astro_rule_without_territory", bad(R"({"rule": "astro_three_factor", "mode": "local"})", ""), AT ".rule", "tripartite"},
      {"stdp_on_tripartite", bad(R"({"rule": "stdp"})"), AT ".rule", "tripartite_stdp"},
      {"mode_missing", bad(R"({"rule": "tripartite_stdp"})"), AT ".mode", ""},
      {"mode_unknown", bad(R"({"rule": "astro_three_factor", "mode": "global"})"), AT ".mode", "broadcast"},
      {"tau_h_below_slow_dt", bad(R"({"rule": "astro_three_factor", "mode": "local", "tau_h": 1.0})"), AT ".tau_h", "slow step"},
      {"vt_delay_without_vt", bad(R"({"rule": "astro_three_factor", "mode": "local", "vt_delay": 2.0})"), AT ".vt_delay", "volume_transmitter"},
      {"A_minus_negative", bad(R"({"rule": "astro_three_factor", "mode": "local", "A_minus": -1})"), AT ".A_minus", ""},
      {"eta_huge", bad(R"({"rule": "astro_three_factor", "mode": "local", "eta": 1e300})"), AT ".eta", "1e12"},
      {"Ca_scale_zero", bad(R"({"rule": "tripartite_stdp", "mode": "local", "Ca_scale": 0})"), AT ".Ca_scale", ""},
      {"dopamine_key_on_tripartite_stdp", bad(R"({"rule": "tripartite_stdp", "mode": "local", "tau_c": 5})"), AT ".tau_c", ""},
      {"weight_above_wmax", bad(R"({"rule": "astro_three_factor", "mode": "local", "Wmax": 10})"), "$.projections[0].weight", "[0, 10]"},
      {"edges_variable_not_there", bad(R"({"rule": "tripartite_stdp", "mode": "local"})", territory,
                                       R"(, "recorders": [{"type": "edges", "projection": "AB", "variables": ["c"]}])"),
       "$.recorders[0].variables[0]", "it has none"},
      {"edges_variable_twice", bad(R"({"rule": "astro_three_factor", "mode": "local"})", territory,
                                   R"(, "recorders": [{"type": "edges", "projection": "AB", "variables": ["h", "h"]}])"),
       "$.recorders[0].variables[1]", "twice"},
      {"edges_variable_wrong_rule", bad(R"({"rule": "astro_three_factor", "mode": "local"})", territory,
                                        R"(, "recorders": [{"type": "edges", "projection": "AB", "variables": ["c"]}])"),
       "$.recorders[0].variables[0]", "h, Ca"},
      {"variable_local", bad(R"({"rule": "astro_three_factor", "mode": "local", "astrocyte_variable": "Ca"})"), AT ".astrocyte_variable", "broadcast"},
      {"variable_unknown", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "astrocyte_variable": "C"})"), AT ".astrocyte_variable", "one of Ca, gate (got \"C\")"},
      {"variable_not_string", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "astrocyte_variable": 1})"), AT ".astrocyte_variable", "string"},
      {"variable_with_tau_Ca", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "astrocyte_variable": "Ca", "tau_Ca": 10})"), AT ".tau_Ca", "astrocyte model"},
      {"Ca_scale_without_variable", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "Ca_scale": 2})"), AT ".Ca_scale", "astrocyte_variable"},
      {"Ca_scale_negative", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "astrocyte_variable": "Ca", "Ca_scale": -1})"), AT ".Ca_scale", ""},
      {"variable_modulated_astrocytes", bad(R"({"rule": "astro_three_factor", "mode": "broadcast", "astrocyte_variable": "Ca"})", territory, "", true),
       AT ".astrocyte_variable", "neuromodulator"},
      {"unknown_vt", bad(R"({"rule": "astro_three_factor", "mode": "local", "volume_transmitter": "nope"})"), AT ".volume_transmitter", "nope"},
  };
#undef AT
}
class BadAstroPlasticity : public ::testing::TestWithParam<test::bad_case> {};
TEST_P(BadAstroPlasticity, IsRefusedWithPathAndReason) { test::expect_refused(GetParam()); }
INSTANTIATE_TEST_SUITE_P(Corpus, BadAstroPlasticity, ::testing::ValuesIn(corpus()), test::case_name);

}  // namespace
}  // namespace tribody
