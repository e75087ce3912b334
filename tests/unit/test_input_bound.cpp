// The input bound (plan/input_bound.hpp, docs/numerics.md): a network in
// which one neuron's input in one step could wrap the fixed-point sum is
// refused before it runs; one whose plan bound is pessimistic but whose
// synapses fit runs.
#include <gtest/gtest.h>

#include <string>

#include "plan/input_bound.hpp"
#include "test_util.hpp"
#include "tribody/errors.hpp"

namespace tribody {
namespace {

// n parrots onto 2 iaf_psc_exp neurons by `rule`, weights `weight`.
std::string fan_in(int n, const std::string& rule, const std::string& weight, const std::string& extra = "") {
  return R"({"simulation": {"t_stop": 5.0},
    "populations": [{"name": "P", "size": )" + std::to_string(n) + R"(, "model": "parrot_neuron"},
                    {"name": "E", "size": 2, "model": "iaf_psc_exp"}],
    "stimuli": [{"type": "spike_times", "target": "P", "weight": 1.0, "trains": [{"node_id": 0, "times": [1.0]}]})" +
         extra + R"(],
    "projections": [{"name": "PE", "source": "P", "target": "E", "connectivity": )" + rule + R"(, "weight": )" + weight +
         "}]}";
}

std::string refusal(const std::string& model) {
  try {
    test::run_json(model);
  } catch (const capacity_error& e) {
    return e.what();
  }
  return "";
}

TEST(InputBound, TwentyThousandMaximalInputsAreRefused) {
  const auto msg = refusal(fan_in(20000, R"({"rule": "all_to_all"})", "1e6"));
  EXPECT_NE(msg.find("the input of neuron 0 of population \"E\" could reach 2e+10"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2^31"), std::string::npos) << msg;
  // 2000 of them fit (2e9 < 2^31).
  EXPECT_EQ(refusal(fan_in(2000, R"({"rule": "all_to_all"})", "1e6")), "");
}

TEST(InputBound, APessimisticPlanBoundLeavesItToTheSynapsesBuilt) {
  // pairwise_bernoulli may give a neuron all 20 000 sources (2e10), but the
  // drawn in-degree is about 100: it runs.
  const auto m = fan_in(20000, R"({"rule": "pairwise_bernoulli", "p": 0.005})", "1e6");
  const auto net = plan::make_plan(parse_model(m));
  EXPECT_GT(plan::input_bound(net)[1], plan::input_limit);
  EXPECT_EQ(refusal(m), "");
  // Normal weights are bounded by 8.58 sd: 3000 x 8.58e5 > 2^31, the drawn ones fit.
  const auto normal = fan_in(3000, R"({"rule": "all_to_all"})", R"({"distribution": "normal", "mean": 0.0, "std": 1e5})");
  EXPECT_GT(plan::input_bound(plan::make_plan(parse_model(normal)))[1], plan::input_limit);
  EXPECT_EQ(refusal(normal), "");
}

TEST(InputBound, StimuliAndPlasticBoundsCount) {
  // Poisson at 1e8 Hz (1e4 events per step on average) of weight 1e6.
  const std::string poisson = R"(, {"type": "poisson", "target": "E", "rate": 1e8, "weight": 1e6})";
  EXPECT_NE(refusal(fan_in(10, R"({"rule": "all_to_all"})", "1.0", poisson)).find("population \"E\""), std::string::npos);
  const auto net = plan::make_plan(parse_model(fan_in(10, R"({"rule": "all_to_all"})", "1.0", poisson)));
  EXPECT_GT(plan::stimulus_input_bound(net)[1], 1e4 * 1e6);
  // A plastic weight may grow to Wmax: 10 synapses with Wmax 1e9.
  std::string plastic = fan_in(10, R"({"rule": "all_to_all"})", "1.0");
  plastic.replace(plastic.rfind("}]}"), 3, R"(, "plasticity": {"rule": "stdp", "Wmax": 1e9}}]})");
  EXPECT_NE(refusal(plastic).find("could reach 1e+10"), std::string::npos) << refusal(plastic);
  // Silent projections deliver nothing.
  std::string silent = fan_in(20000, R"({"rule": "all_to_all"})", "1e6");
  silent.replace(silent.find(R"("weight": 1e6)"), 13, R"("weight": 1e6, "silent": true)");
  EXPECT_EQ(refusal(silent), "");
}

}  // namespace
}  // namespace tribody
