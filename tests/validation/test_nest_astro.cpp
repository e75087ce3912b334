// The Li-Rinzel astrocyte and its slow inward current against NEST 3.10's
// astrocyte_lr_1994 -> sic_connection -> aeif_cond_alpha_astro
// (tests/data/nest/README_astro.md).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "../unit/nest_reference.hpp"
#include "plan/network_plan.hpp"
#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

using namespace tribody;

namespace {

using test::nest::read_csv;

// NEST's protocol: a parrot neuron emits at the listed times; the
// astrocyte's IP3 jumps one synaptic delay (1 ms) later. tribody feeds the
// astrocyte at the presynaptic spike's time, so its relay fires at t + 1 ms.
std::string model(double t_stop, double first, double period, int count, double interval, double delta_ip3) {
  std::ostringstream times;
  for (int k = 0; k < count; ++k) times << (k ? ", " : "") << first + k * period + 1.0 - 0.1;
  std::ostringstream m;
  m << R"({"simulation": {"dt": 0.1, "t_stop": )" << t_stop << R"(, "slow_dt": 1.0},
    "populations": [{"name": "pre", "size": 1, "model": "iaf_psc_delta", "params": {"t_ref": 0.1}},
                    {"name": "post", "size": 1, "model": "aeif_cond_alpha"}],
    "astrocytes": [{"name": "astro", "size": 1, "model": "astro_lr", "params": {"delta_IP3": )"
    << delta_ip3 << R"(}}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 100.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": [)" << times.str() << R"(]}]}],
    "projections": [{"source": "pre", "target": "post", "connectivity": {"rule": "one_to_one"}, "weight": 0.0,
      "tripartite": {"astrocytes": "astro", "assignment": {"rule": "by_target", "astrocytes": [0]},
                     "pathways": [{"type": "sic", "weight": 1.0}]}}],
    "recorders": [{"type": "state", "population": "astro", "node_ids": [0], "variables": ["IP3", "Ca_astro", "h_IP3R"],
                   "interval": )" << interval << R"(},
                  {"type": "state", "population": "post", "node_ids": [0], "variables": ["V_m"], "interval": )"
    << interval << "}]}";
  return m.str();
}

double max_abs(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) m = std::max(m, std::fabs(a[k] - b[k]));
  return m;
}

std::vector<double> recorded(const simulation& sim, std::size_t rec, std::size_t var, std::size_t vars) {
  const auto& s = sim.results().states[rec];
  std::vector<double> out;
  for (std::size_t k = 0; k < s.steps.size(); ++k) out.push_back(s.values[k * vars + var]);
  return out;
}

}  // namespace

// NEST defaults (delta_IP3 = 0.0002 uM): near rest, exact IP3 jumps, no SIC.
TEST(NestAstro, LiRinzelDefaultsNearRest) {
  simulation sim(parse_model(model(30000.0, 2000.0, 2000.0, 14, 10.0, 0.0002)));
  sim.run();
  const auto ref = read_csv("nest_astrocyte_lr_1994.csv");
  ASSERT_EQ(sim.results().states[0].steps.size(), ref.rows.size());
  EXPECT_LT(max_abs(recorded(sim, 0, 0, 3), ref.column("IP3")), 1e-8);  // exact up to the 2^-32 input resolution
  EXPECT_LT(max_abs(recorded(sim, 0, 1, 3), ref.column("Ca_astro")), 1e-7);
  EXPECT_LT(max_abs(recorded(sim, 0, 2, 3), ref.column("h_IP3R")), 1e-7);
  EXPECT_LT(max_abs(recorded(sim, 1, 0, 1), ref.column("V_m")), 1e-6);  // the neuron stays at rest: no SIC
}

TEST(NestAstro, LiRinzelDefaultsAt1msSamples) {
  simulation sim(parse_model(model(10000.0, 500.0, 500.0, 20, 1.0, 0.0002)));
  sim.run();
  const auto ref = read_csv("nest_aeif_sic.csv");
  ASSERT_EQ(sim.results().states[0].steps.size(), ref.rows.size());
  EXPECT_LT(max_abs(recorded(sim, 0, 0, 3), ref.column("IP3")), 1e-8);  // exact up to the 2^-32 input resolution
  EXPECT_LT(max_abs(recorded(sim, 0, 1, 3), ref.column("Ca_astro")), 1e-7);
  EXPECT_LT(max_abs(recorded(sim, 0, 2, 3), ref.column("h_IP3R")), 1e-7);
}

// delta_IP3 = 0.2 uM drives Ca2+ above SIC_th: the slow inward current
// depolarises the AdEx neuron by up to 0.2 mV. NEST delays the SIC by its
// sic_connection (1 ms) and updates it every step; tribody applies it from
// the end of each slow step (1 ms here) on.
TEST(NestAstro, SlowInwardCurrentIntoAdEx) {
  simulation sim(parse_model(model(10000.0, 500.0, 500.0, 20, 10.0, 0.2)));
  sim.run();
  const auto ref = read_csv("nest_aeif_sic_dIP3_0.2.csv");
  ASSERT_EQ(sim.results().states[0].steps.size(), ref.rows.size());
  EXPECT_LT(max_abs(recorded(sim, 0, 0, 3), ref.column("IP3")), 1e-7);
  EXPECT_LT(max_abs(recorded(sim, 0, 1, 3), ref.column("Ca_astro")), 1e-4);
  const auto v = recorded(sim, 1, 0, 1), v_ref = ref.column("V_m");
  const double rise = *std::max_element(v_ref.begin(), v_ref.end()) - v_ref.front();
  EXPECT_GT(rise, 0.15);  // the reference does depolarise
  EXPECT_LT(max_abs(v, v_ref), 0.02 * rise);
  std::printf("SIC into AdEx: max |dCa| %.2e uM, max |dV_m| %.2e mV of a %.3f mV rise\n",
              max_abs(recorded(sim, 0, 1, 3), ref.column("Ca_astro")), max_abs(v, v_ref), rise);
}
