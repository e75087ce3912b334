// The bad-input corpus: every wrong model is refused before anything is
// built, with the JSON path, the offending value and what was expected.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bad_case.hpp"

using namespace tribody;
using test::bad_case;

namespace {

// A valid two-population model; cases replace one part of it.
std::string base(const std::string& pops_extra = "", const std::string& projections = "[]",
                 const std::string& stimuli = "[]", const std::string& sim = R"({"dt": 0.1, "t_stop": 100.0})",
                 const std::string& recorders = "") {
  return R"({"simulation": )" + sim + R"(,
    "populations": [{"name": "E", "size": 10, "model": "iaf_psc_exp"},
                    {"name": "I", "size": 5, "model": "iaf_cond_exp"}, )" + pops_extra + R"(
                    {"name": "P", "size": 3, "model": "poisson_source", "params": {"rate": 10.0}}],
    "projections": )" + projections + R"(, "stimuli": )" + stimuli + (recorders.empty() ? "" : R"(, "recorders": )" + recorders) + "}";
}

std::string proj(const std::string& body) { return "[{" + body + "}]"; }
const std::string ok_conn = R"("connectivity": {"rule": "all_to_all"})";

std::vector<bad_case> corpus() {
  return {
      {"not_json", "{\"populations\": [", "$", "not valid JSON"},
      {"nan_literal", R"({"populations": [{"name": "E", "size": NaN, "model": "iaf_psc_exp"}]})", "$", "not valid JSON"},
      {"number_overflow", R"({"simulation": {"dt": 1e999}, "populations": []})", "$", "not valid JSON"},
      {"top_not_object", "[1, 2]", "$", "expected a model object"},
      {"parrot_params", R"({"populations": [{"name": "P", "size": 2, "model": "parrot_neuron", "params": {"V_th": 1}}]})",
       "$.populations[0].params.V_th", "expected no keys here"},
      {"parrot_initial", R"({"populations": [{"name": "P", "size": 2, "model": "parrot_neuron", "initial": {"V_m": 1}}]})",
       "$.populations[0].initial", "has no state"},
      {"unknown_top_key", R"({"population": []})", "$.population", "did you mean 'populations'"},
      {"missing_populations", R"({"simulation": {"dt": 0.1}})", "$.populations", "missing required key"},
      {"empty_populations", R"({"populations": []})", "$.populations", "at least one population"},
      {"size_zero", R"({"populations": [{"name": "E", "size": 0, "model": "iaf_psc_exp"}]})", "$.populations[0].size",
       "expected an integer in [1,"},
      {"size_negative", R"({"populations": [{"name": "E", "size": -5, "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "got -5"},
      {"size_fraction", R"({"populations": [{"name": "E", "size": 10.5, "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "got 10.5"},
      {"size_string", R"({"populations": [{"name": "E", "size": "ten", "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "cannot evaluate \"ten\""},
      {"unknown_model", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_expo"}]})",
       "$.populations[0].model", "did you mean 'iaf_psc_exp'"},
      {"unknown_param", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "params": {"tau_mem": 10}}]})",
       "$.populations[0].params.tau_mem", "did you mean 'tau_m'"},
      {"negative_tau", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "params": {"tau_m": -10}}]})",
       "$.populations[0].params.tau_m", "expected a number > 0"},
      {"reset_above_threshold",
       R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "params": {"V_reset": -50}}]})",
       "$.populations[0].params", "V_reset must be below V_th"},
      {"duplicate_population",
       R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}, {"name": "E", "size": 2, "model": "iaf_psc_exp"}]})",
       "$.populations[1].name", "used twice"},
      {"bad_name", R"({"populations": [{"name": "E/x", "size": 1, "model": "iaf_psc_exp"}]})", "$.populations[0].name",
       "letters, digits"},
      {"unknown_state", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "initial": {"V": -70}}]})",
       "$.populations[0].initial.V", "did you mean 'V_m'"},
      {"bad_distribution",
       R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "initial": {"V_m": {"distribution": "gauss"}}}]})",
       "$.populations[0].initial.V_m.distribution", "expected one of: constant, uniform"},
      {"negative_std",
       R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "initial": {"V_m": {"distribution": "normal", "mean": -70, "std": -1}}}]})",
       "$.populations[0].initial.V_m.std", "expected a number >= 0"},
      {"uniform_reversed",
       R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "initial": {"V_m": {"distribution": "uniform", "low": 0, "high": -1}}}]})",
       "$.populations[0].initial.V_m.high", "expected a number >= low"},
      {"dt_negative", base("", "[]", "[]", R"({"dt": -0.1})"), "$.simulation.dt", "expected a number > 0"},
      {"t_stop_off_grid", base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 100.05})"), "$.simulation.t_stop",
       "expected a multiple of dt"},
      {"unknown_simulation_key", base("", "[]", "[]", R"({"dt": 0.1, "tstop": 100})"), "$.simulation.tstop",
       "did you mean 't_stop'"},
      // Issue 10's silent wrong results: each used to run (0 steps, seed 0, the last key winning).
      {"t_stop_beyond_int_steps", base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 1e300})"), "$.simulation.t_stop",
       "expected at most 2147483647 steps"},
      {"slow_dt_huge", base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 10, "slow_dt": 1e7})"), "$.simulation.slow_dt",
       "expected a multiple of dt in [dt, 1000000 dt]"},
      {"spike_time_huge", base("", "[]", R"([{"type": "spike_times", "target": "E", "weight": 1.0, "trains": [{"node_id": 0, "times": [1e300]}]}])"),
       "$.stimuli[0].trains[0].times[0]", "expected at most 2147483647 steps"},
      {"seed_2_to_64", base("", "[]", "[]", R"({"dt": 0.1, "seed": 18446744073709551616})"), "$.simulation.seed",
       "expected an integer in [0, 18446744073709551615]"},
      {"seed_expression_2_to_64", R"({"parameters": {"s": "2^64-1"}, "simulation": {"seed": "s"}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.simulation.seed", "got \"s\" = 1.84467e+19"},
      {"seed_inexact_expression", base("", "[]", "[]", R"({"dt": 0.1, "seed": "2^60+1"})"), "$.simulation.seed",
       "write the integer itself"},
      {"duplicate_key_top", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}], "populations": []})",
       "$.populations", "a key given twice"},
      {"duplicate_key_nested", R"({"populations": [{"name": "E", "size": 10, "size": 20, "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "a key given twice"},
      {"hex_in_expression", R"({"parameters": {"a": "0x10"}, "populations": [{"name": "E", "size": "a", "model": "iaf_psc_exp"}]})",
       "$.parameters.a", "unexpected 'x'"},
      {"exponent_without_digits", R"({"parameters": {"a": "2e"}, "populations": [{"name": "E", "size": "a", "model": "iaf_psc_exp"}]})",
       "$.parameters.a", "bad number '2e'"},
      {"parameter_name_with_space", R"({"parameters": {"a b": 1}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters", "got a parameter named \"a b\""},
      {"parameter_name_digit_first", R"({"parameters": {"1a": 1}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters", "got a parameter named \"1a\""},
      {"parameter_name_empty", R"({"parameters": {"": 1}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters", "got a parameter named \"\""},
      {"t_ref_beyond_int_steps", R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "params": {"t_ref": 1e9}}]})",
       "$.populations[0].params", "t_ref must be at most 2^31 - 1 steps"},
      {"t_ref_beyond_int_steps_aeif", R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"t_ref": 1e9}}]})",
       "$.populations[0].params", "t_ref must be at most 2^31 - 1 steps"},
      {"recorder_name_too_long", base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 10})", R"([{"name": ")" + std::string(250, 'r') + R"(", "type": "spikes", "populations": ["E"]}])"),
       "$.recorders[0].name", "got a name of 250 characters; expected at most 100"},
      // Issue 10: each of these overflowed the stack (SIGSEGV) in validate.
      {"deep_parentheses", R"({"populations": [{"name": "E", "size": ")" + std::string(20000, '(') + "1" + std::string(20000, ')') + R"(", "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "expression nested deeper than 500 levels"},
      {"many_unary_minuses", R"({"populations": [{"name": "E", "size": ")" + std::string(500000, '-') + R"(1", "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "expression nested deeper than 500 levels"},
      {"power_tower", R"({"populations": [{"name": "E", "size": "2)" + [] { std::string t; for (int k = 0; k < 100000; ++k) t += "^2"; return t; }() + R"(", "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "expression nested deeper than 500 levels"},
      {"deep_json_array", R"({"populations": [{"name": "E", "size": )" + std::string(100000, '[') + std::string(100000, ']') + R"(, "model": "iaf_psc_exp"}]})",
       "$.populations[0].size[0]", "JSON nested deeper than 100 levels"},
      {"parameter_chain", [] {
         std::string p = R"({"parameters": {"p0": 1)";
         for (int k = 1; k < 8000; ++k) p += ", \"p" + std::to_string(k) + "\": \"p" + std::to_string(k - 1) + "\"";
         return p + R"(}, "populations": [{"name": "E", "size": "p7999", "model": "iaf_psc_exp"}]})";
       }(), "$.parameters.p", "nested deeper than 500 levels"},
      {"expression_value_shown", R"({"parameters": {"tau": 10, "k": 2}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp", "params": {"tau_m": "tau - 5 * k"}}]})",
       "$.populations[0].params.tau_m", "got \"tau - 5 * k\" = 0; expected a number > 0"},
      {"duplicate_parameter", R"({"parameters": {"g": 1, "g": 2}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters.g", "a key given twice"},
      {"missing_source", base("", proj(R"("target": "E", "weight": 1.0, )" + ok_conn)),
       "$.projections[0].source", "missing required key"},
      {"unknown_target", base("", proj(R"("source": "E", "target": "X", "weight": 1.0, )" + ok_conn)),
       "$.projections[0].target", "expected a population name: E, I, P"},
      {"target_without_input", base("", proj(R"("source": "E", "target": "P", "weight": 1.0, )" + ok_conn)),
       "$.projections[0].target", "takes no input"},
      {"delay_below_dt", base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "delay": 0.05, )" + ok_conn)),
       "$.projections[0].delay", "delays >= dt"},
      {"delay_negative", base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "delay": -1, )" + ok_conn)),
       "$.projections[0].delay", "got -1"},
      {"delay_unbounded",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "delay": {"distribution": "normal", "mean": 2, "std": 1}, )" + ok_conn)),
       "$.projections[0].delay", "a bounded delay"},
      {"probability_above_one",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "connectivity": {"rule": "pairwise_bernoulli", "p": 1.5})")),
       "$.projections[0].connectivity.p", "a probability in [0, 1]"},
      {"probability_negative",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "connectivity": {"rule": "pairwise_bernoulli", "p": -0.1})")),
       "$.projections[0].connectivity.p", "got -0.1"},
      {"indegree_too_large",
       base("", proj(R"("source": "I", "target": "E", "weight": 1.0, "connectivity": {"rule": "fixed_indegree", "indegree": 6, "allow_multapses": false})")),
       "$.projections[0].connectivity.indegree", "at most 5"},
      {"indegree_too_large_no_autapses",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "connectivity": {"rule": "fixed_indegree", "indegree": 10, "allow_multapses": false, "allow_autapses": false})")),
       "$.projections[0].connectivity.indegree", "at most 9"},
      {"rule_key_of_other_rule",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "connectivity": {"rule": "fixed_indegree", "p": 0.1, "indegree": 2})")),
       "$.projections[0].connectivity.p", "unknown key 'p'"},
      {"unknown_rule", base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "connectivity": {"rule": "fixed_in_degree"})")),
       "$.projections[0].connectivity.rule", "did you mean 'fixed_indegree'"},
      {"one_to_one_sizes", base("", proj(R"("source": "E", "target": "I", "weight": 1.0, "connectivity": {"rule": "one_to_one"})")),
       "$.projections[0].connectivity.rule", "equal size"},
      {"total_number_no_multapses",
       base("", proj(R"("source": "E", "target": "I", "weight": 1.0, "connectivity": {"rule": "fixed_total_number", "N": 5, "allow_multapses": false})")),
       "$.projections[0].connectivity.allow_multapses", "fixed_total_number draws pairs independently"},
      {"excitatory_negative_weight",
       base("", proj(R"("source": "E", "target": "E", "weight": -1.0, "receptor": "excitatory", )" + ok_conn)),
       "$.projections[0].weight", "weights >= 0"},
      {"inhibitory_positive_weight",
       base("", proj(R"("source": "E", "target": "E", "weight": 1.0, "receptor": "inhibitory", )" + ok_conn)),
       "$.projections[0].weight", "weights <= 0"},
      {"weight_bool", base("", proj(R"("source": "E", "target": "E", "weight": true, )" + ok_conn)),
       "$.projections[0].weight", "expected a number or a distribution"},
      {"weight_too_large", base("", proj(R"("source": "E", "target": "E", "weight": 1e12, )" + ok_conn)),
       "$.projections[0].weight", "weights within +-1e6"},
      {"stimulus_weight_too_large",
       base("", "[]", R"([{"type": "poisson", "target": "E", "rate": 5, "weight": -2e6}])"), "$.stimuli[0].weight",
       "weights within +-1e6"},
      {"poisson_negative_rate",
       base("", "[]", R"([{"type": "poisson", "target": "E", "rate": -5, "weight": 1.0}])"), "$.stimuli[0].rate",
       "a rate >= 0"},
      {"poisson_into_source", base("", "[]", R"([{"type": "poisson", "target": "P", "rate": 5, "weight": 1.0}])"),
       "$.stimuli[0].target", "takes input"},
      {"spike_time_off_grid",
       base("", "[]", R"([{"type": "spike_times", "target": "E", "weight": 1.0, "trains": [{"node_id": 0, "times": [1.05]}]}])"),
       "$.stimuli[0].trains[0].times[0]", "multiple of dt"},
      {"spike_times_unsorted",
       base("", "[]", R"([{"type": "spike_times", "target": "E", "weight": 1.0, "trains": [{"node_id": 0, "times": [2.0, 1.0]}]}])"),
       "$.stimuli[0].trains[0].times[1]", "ascending"},
      {"spike_node_out_of_range",
       base("", "[]", R"([{"type": "spike_times", "target": "E", "weight": 1.0, "trains": [{"node_id": 10, "times": [1.0]}]}])"),
       "$.stimuli[0].trains[0].node_id", "an integer in [0, 9]"},
      {"dc_stop_before_start", base("", "[]", R"([{"type": "dc", "target": "E", "amplitude": 5, "start": 50, "stop": 10}])"),
       "$.stimuli[0].stop", "a time after start"},
      {"unknown_stimulus_type", base("", "[]", R"([{"type": "poison", "target": "E"}])"), "$.stimuli[0].type",
       "did you mean 'poisson'"},
      {"recorder_unknown_variable",
       base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 10})",
            R"([{"type": "state", "population": "E", "node_ids": [0], "variables": ["v"]}])"),
       "$.recorders[0].variables[0]", "expected a state variable of iaf_psc_exp: V_m, I_syn_ex, I_syn_in"},
      {"recorder_node_out_of_range",
       base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 10})",
            R"([{"type": "state", "population": "E", "node_ids": [3, 10], "variables": ["V_m"]}])"),
       "$.recorders[0].node_ids[1]", "a node id in [0, 10)"},
      {"recorder_interval_off_grid",
       base("", "[]", "[]", R"({"dt": 0.1, "t_stop": 10})",
            R"([{"type": "state", "population": "E", "node_ids": [0], "variables": ["V_m"], "interval": 0.25}])"),
       "$.recorders[0].interval", "multiple of dt"},
      {"parameter_unknown_name", R"({"parameters": {"N": 10}, "populations": [{"name": "E", "size": "2 * M", "model": "iaf_psc_exp"}]})",
       "$.populations[0].size", "unknown parameter 'M'"},
      {"parameter_cycle", R"({"parameters": {"a": "b", "b": "a"}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters.", "depends on itself"},
      {"parameter_division_by_zero", R"({"parameters": {"x": "1 / 0"}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
       "$.parameters.x", "expected a finite number"},
      {"poisson_source_rate_too_high",
       R"({"populations": [{"name": "P", "size": 1, "model": "poisson_source", "params": {"rate": 20000}}]})",
       "$.populations[0].params", "rate * dt must be <= 1"},
      {"aeif_reset_above_peak",
       R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"V_reset": 10}}]})",
       "$.populations[0].params", "V_reset must be below V_peak"},
      {"aeif_peak_below_threshold",
       R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"V_peak": -55}}]})",
       "$.populations[0].params", "V_peak must be >= V_th"},
      {"aeif_exponential_overflow",
       R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"Delta_T": 0.05}}]})",
       "$.populations[0].params", "exp() would overflow"},
      {"aeif_fractional_substeps",
       R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"n_substeps": 2.5}}]})",
       "$.populations[0].params", "n_substeps must be a whole number"},
      {"aeif_substep_above_tau_w",
       R"({"populations": [{"name": "E", "size": 1, "model": "aeif_cond_alpha", "params": {"tau_w": 0.01}}]})",
       "$.populations[0].params", "dt / n_substeps must not exceed"},
      {"preset_unknown",
       R"({"populations": [{"name": "E", "size": 1, "model": "izhikevich", "preset": "XX"}]})",
       "$.populations[0].preset", "expected one of: CH, FS"},
  };
}

}  // namespace

class BadInput : public ::testing::TestWithParam<bad_case> {};

TEST_P(BadInput, IsRefusedWithPathAndReason) { test::expect_refused(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(corpus()), test::case_name);

TEST(BadInputCorpus, HasAtLeast25Cases) { EXPECT_GE(corpus().size(), 25u); }

TEST(BadInputOverrides, UnknownParamOverrideIsAUsageError) {
  load_options o;
  o.params["nope"] = 1.0;
  EXPECT_THROW(parse_model(R"({"parameters": {"g": 5}, "populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})",
                           "<test>", o),
               usage_error);
}

TEST(BadInputOverrides, TStopOverrideMustFitTheStepCounter) {
  load_options o;
  o.t_stop = 1e18;
  try {
    parse_model(R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})", "<test>", o);
    ADD_FAILURE() << "accepted --t-stop 1e18";
  } catch (const model_error& e) {
    EXPECT_NE(std::string(e.what()).find("--t-stop"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("at most 2147483647 steps"), std::string::npos) << e.what();
  }
}

TEST(BadInputOverrides, TStopOverrideMustBeOnTheGrid) {
  load_options o;
  o.t_stop = 10.05;
  EXPECT_THROW(parse_model(R"({"populations": [{"name": "E", "size": 1, "model": "iaf_psc_exp"}]})", "<test>", o),
               model_error);
}
