// The astrocyte part of the bad-input corpus: astrocyte populations,
// neuromodulators, gap junctions and tripartite projections.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bad_case.hpp"
#include "plan/network_plan.hpp"

using namespace tribody;
using test::bad_case;

namespace {

const std::string gchi_grid = R"({"name": "A", "size": 4, "model": "astro_gchi", "grid": {"rows": 2, "cols": 2}})";
const std::string pool2 = R"({"astrocytes": "A", "assignment": {"rule": "pool", "pool_size": 2}})";

// A valid model with one astrocyte population and a tripartite projection;
// cases replace one part of it.
std::string model(const std::string& astrocytes = "[" + gchi_grid + "]", const std::string& tripartite = pool2,
                  const std::string& extra = "", const std::string& synapse = "") {
  return R"({"simulation": {"dt": 0.1, "t_stop": 100.0, "slow_dt": 10.0},
    "populations": [{"name": "E", "size": 10, "model": "iaf_psc_exp"}],
    "astrocytes": )" + astrocytes + (extra.empty() ? "" : ", " + extra) + R"(,
    "projections": [{"source": "E", "target": "E", "connectivity": {"rule": "all_to_all"}, "weight": 1.0, )" +
         (synapse.empty() ? "" : synapse + ", ") + R"("tripartite": )" + tripartite + "}]}";
}

std::string astro(const std::string& fields) { return R"([{"name": "A", "size": 4, )" + fields + "}]"; }
std::string pathway(const std::string& body) {
  return R"({"astrocytes": "A", "assignment": {"rule": "pool"}, "pathways": [)" + body + "]}";
}

std::vector<bad_case> corpus() {
  return {
      {"astro_unknown_model", model(astro(R"("model": "astro_gchy")")), "$.astrocytes[0].model",
       "did you mean 'astro_gchi'"},
      {"astro_fraction_above_one", model(astro(R"("model": "astro_gchi", "params": {"U_A": 1.5})")),
       "$.astrocytes[0].params.U_A", "a number in [0, 1]"},
      {"astro_negative_rate", model(astro(R"("model": "astro_gchi", "params": {"Omega_N": -1})")),
       "$.astrocytes[0].params.Omega_N", "a number > 0"},
      {"astro_unknown_param", model(astro(R"("model": "astro_lr", "params": {"delta_ip3": 1})")),
       "$.astrocytes[0].params.delta_ip3", "did you mean 'delta_IP3'"},
      {"astro_name_taken", model(R"([{"name": "E", "size": 4, "model": "astro_gchi"}])"), "$.astrocytes[0].name",
       "is taken"},
      {"astro_grid_size", model(astro(R"("model": "astro_gchi", "grid": {"rows": 3, "cols": 2})")),
       "$.astrocytes[0].grid.rows", "rows * cols = size (4)"},
      {"astro_unknown_neuromodulator",
       model(astro(R"("model": "astro_slow", "neuromodulator": "DAx")"), pool2,
             R"("neuromodulators": [{"name": "DA", "baseline": 1.0}])"),
       "$.astrocytes[0].neuromodulator", "did you mean 'DA'"},
      {"astro_slow_euler", model(astro(R"("model": "astro_slow", "integrator": "euler")")),
       "$.astrocytes[0].integrator", "always integrated exactly"},
      {"neuromodulator_below_zero",
       model("[" + gchi_grid + "]", pool2,
             R"("neuromodulators": [{"name": "DA", "baseline": 1.0, "pulses": [{"start": 10, "stop": 20, "amplitude": -2}]}])"),
       "$.neuromodulators[0].pulses[0].amplitude", "sum to -1"},
      {"neuromodulator_pulse_backwards",
       model("[" + gchi_grid + "]", pool2,
             R"("neuromodulators": [{"name": "DA", "pulses": [{"start": 20, "stop": 10, "amplitude": 1}]}])"),
       "$.neuromodulators[0].pulses[0].stop", "a time after start (20 ms)"},
      {"gap_pairs_missing", model("[" + gchi_grid + "]", pool2, R"("gap_junctions": [{"astrocytes": "A", "rule": "pairs"}])"),
       "$.gap_junctions[0].pairs", "missing required key"},
      {"gap_pair_out_of_range",
       model("[" + gchi_grid + "]", pool2, R"("gap_junctions": [{"astrocytes": "A", "rule": "pairs", "pairs": [[0, 4]]}])"),
       "$.gap_junctions[0].pairs[0]", "two different astrocytes in [0, 4)"},
      // Issue 10: both used to double the coupling silently.
      {"gap_pair_twice",
       model("[" + gchi_grid + "]", pool2, R"("gap_junctions": [{"astrocytes": "A", "rule": "pairs", "pairs": [[0, 1], [2, 3], [1, 0]]}])"),
       "$.gap_junctions[0].pairs[2]", "a second time"},
      {"gap_two_entries_one_population",
       model("[" + gchi_grid + "]", pool2,
             R"("gap_junctions": [{"astrocytes": "A", "rule": "grid_neighbors"}, {"astrocytes": "A", "rule": "pairs", "pairs": [[0, 1]]}])"),
       "$.gap_junctions[1].astrocytes", "one gap_junctions entry per astrocyte population"},
      {"gap_radius_without_distance",
       model("[" + gchi_grid + "]", pool2,
             R"("gap_junctions": [{"astrocytes": "A", "rule": "grid_neighbors", "radius": 2}])"),
       "$.gap_junctions[0].radius", "applies to rule \"distance\" only"},
      {"gap_grid_rule_without_grid",
       model(astro(R"("model": "astro_gchi")"), pool2, R"("gap_junctions": [{"astrocytes": "A", "rule": "distance"}])"),
       "$.gap_junctions[0].rule", "a grid on astrocyte population \"A\""},
      {"tripartite_unknown_astrocytes", model("[" + gchi_grid + "]", R"({"astrocytes": "B", "assignment": {"rule": "pool"}})"),
       "$.projections[0].tripartite.astrocytes", "expected an astrocyte population: A"},
      {"tripartite_negative_weight",
       model("[" + gchi_grid + "]", R"({"astrocytes": "A", "astro_weight": -1, "assignment": {"rule": "pool"}})"),
       "$.projections[0].tripartite.astro_weight", "got -1"},
      {"tripartite_by_target_missing_list",
       model("[" + gchi_grid + "]", R"({"astrocytes": "A", "assignment": {"rule": "by_target"}})"),
       "$.projections[0].tripartite.assignment.astrocytes", "missing required key"},
      {"tripartite_by_target_short_list",
       model("[" + gchi_grid + "]", R"({"astrocytes": "A", "assignment": {"rule": "by_target", "astrocytes": [0, 1]}})"),
       "$.projections[0].tripartite.assignment.astrocytes", "per neuron of \"E\" (10)"},
      {"tripartite_pool_probability",
       model("[" + gchi_grid + "]", R"({"astrocytes": "A", "assignment": {"rule": "pool", "p": 1.5}})"),
       "$.projections[0].tripartite.assignment.p", "a probability in [0, 1]"},
      {"tripartite_space_without_grid",
       model(astro(R"("model": "astro_gchi")"), R"({"astrocytes": "A", "assignment": {"rule": "space"}})"),
       "$.projections[0].tripartite.assignment.rule", "a grid on astrocyte population \"A\""},
      {"pathway_K_local_on_broadcast", model("[" + gchi_grid + "]", pathway(R"({"type": "sic", "K_local": 2})")),
       "$.projections[0].tripartite.pathways[0].K_local", "applies to \"mode\": \"local\" only"},
      {"tsodyks_omega_f_zero", model("[" + gchi_grid + "]", pool2, "", R"("synapse": {"model": "tsodyks_markram", "Omega_f": 0})"),
       "$.projections[0].synapse.Omega_f", "no facilitation is a large Omega_f"},
      {"pathway_release_without_tsodyks", model("[" + gchi_grid + "]", pathway(R"({"type": "release_modulation"})")),
       "$.projections[0].tripartite.pathways[0].type", "tsodyks_markram"},
      {"pathway_twice", model("[" + gchi_grid + "]", pathway(R"({"type": "sic"}, {"type": "sic"})")),
       "$.projections[0].tripartite.pathways[1].type", "each pathway type at most once"},
      {"astro_recorder_off_the_slow_clock",
       model("[" + gchi_grid + "]", pool2,
             R"("recorders": [{"type": "state", "population": "A", "node_ids": [0], "variables": ["C"], "interval": 15.0}])"),
       "$.recorders[0].interval", "a multiple of slow_dt = 10 ms"},
      {"pathway_unknown_mode", model("[" + gchi_grid + "]", pathway(R"({"type": "sic", "mode": "global"})")),
       "$.projections[0].tripartite.pathways[0].mode", "expected one of: broadcast, local"},
  };
}

}  // namespace

class BadAstroInput : public ::testing::TestWithParam<bad_case> {};

TEST_P(BadAstroInput, IsRefusedWithPathAndReason) { test::expect_refused(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Corpus, BadAstroInput, ::testing::ValuesIn(corpus()), test::case_name);

TEST(BadAstroPlan, AnEventTooLargeForTheFixedPointSumIsRefused) {
  const auto m = parse_model(model("[" + gchi_grid + "]", R"({"astrocytes": "A", "astro_weight": 1000, "assignment": {"rule": "pool"}})"));
  try {
    plan::make_plan(m);
    FAIL() << "accepted";
  } catch (const model_error& e) {
    EXPECT_NE(std::string(e.what()).find("$.projections[0].tripartite.astro_weight: got 1000"), std::string::npos) << e.what();
  }
}

TEST(BadAstroPlan, RunsLongerThanTheSynapsesStepCounterAreRefused) {
  auto m = parse_model(model());
  m.simulation.t_stop = 0.1 * 2147483648.0;
  try {
    plan::make_plan(m);
    FAIL() << "accepted";
  } catch (const model_error& e) {
    EXPECT_NE(std::string(e.what()).find("$.simulation.t_stop"), std::string::npos) << e.what();
  }
}
