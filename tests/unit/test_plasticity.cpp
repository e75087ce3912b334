// STDP rules on exact spike trains (parrot neurons driven by spike_times),
// against weight changes computed by hand from NEST's definitions
// (docs/plasticity.md).
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "tribody/errors.hpp"

namespace tribody {
namespace {

std::string times(const std::vector<double>& t) {
  std::ostringstream s;
  s << "[";
  for (std::size_t k = 0; k < t.size(); ++k) s << (k ? ", " : "") << t[k];
  s << "]";
  return s.str();
}

// One synapse pre -> post with a dendritic delay; parrots spike at the
// given times (the generator's delay is dt).
std::string pair_model(const std::string& plasticity, const std::vector<double>& pre, const std::vector<double>& post,
                       double weight, double delay, double t_stop = 100.0) {
  auto minus_dt = [](std::vector<double> t) {
    for (auto& x : t) x -= 0.1;
    return t;
  };
  std::ostringstream s;
  s << R"({"simulation": {"dt": 0.1, "t_stop": )" << t_stop << R"(},
    "populations": [{"name": "pre", "size": 1, "model": "parrot_neuron"},
                    {"name": "post", "size": 1, "model": "parrot_neuron"}],
    "stimuli": [{"type": "spike_times", "target": "pre", "weight": 1.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": )"
    << times(minus_dt(pre)) << R"(}]},
                {"type": "spike_times", "target": "post", "weight": 1.0, "delay": 0.1,
                 "trains": [{"node_id": 0, "times": )"
    << times(minus_dt(post)) << R"(}]}],
    "projections": [{"name": "syn", "source": "pre", "target": "post", "connectivity": {"rule": "all_to_all"},
                     "silent": true, "weight": )"
    << weight << R"(, "delay": )" << delay << R"(, "plasticity": )" << plasticity << R"(}],
    "recorders": [{"type": "spikes", "populations": ["pre", "post"]},
                  {"type": "weights", "name": "w", "projection": "syn"}]})";
  return s.str();
}

TEST(Stdp, AllToAllAdditiveByHand) {
  // pre 10, 30 ms; post 15 ms; delay 1 ms: the post spike reaches the
  // synapse at 16 ms.
  const auto sim = test::run_json(pair_model(R"({"rule": "stdp", "mu_plus": 0, "mu_minus": 0})", {10.0, 30.0},
                                             {15.0}, 50.0, 1.0));
  const auto& w = sim->results().weights.at(0);
  ASSERT_EQ(w.steps, (std::vector<long long>{99, 299}));
  EXPECT_DOUBLE_EQ(w.weights[0], 50.0);  // nothing before the first pre spike
  const double after_post = 50.0 + 100.0 * 0.01 * std::exp(-6.0 / 20.0);
  EXPECT_NEAR(w.weights[1], after_post - 100.0 * 0.01 * std::exp(-14.0 / 20.0), 1e-12);
  EXPECT_NEAR(sim->results().plastic_weights.at(0).at(0), w.weights[1], 1e-15);
}

}  // namespace
}  // namespace tribody
