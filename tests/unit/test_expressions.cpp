#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "spec/expr.hpp"
#include "tribody/model_io.hpp"

using tribody::spec::evaluate;

namespace {
double eval(const std::string& s) {
  return evaluate(s, [](const std::string& n) -> double {
    if (n == "g") return 5.0;
    if (n == "J") return 0.1;
    throw std::invalid_argument("unknown parameter '" + n + "'");
  });
}
}  // namespace

TEST(Expressions, ArithmeticAndPrecedence) {
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7.0);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) * 3"), 9.0);
  EXPECT_DOUBLE_EQ(eval("-g * J"), -0.5);
  EXPECT_DOUBLE_EQ(eval("2 ^ 3 ^ 2"), 512.0);
  EXPECT_DOUBLE_EQ(eval("-2 ^ 2"), -4.0);  // as in Python: -(2^2)
  EXPECT_DOUBLE_EQ(eval("2 ^ -1"), 0.5);
  EXPECT_DOUBLE_EQ(eval("1e3 / 4"), 250.0);
  EXPECT_DOUBLE_EQ(eval("sqrt(16) + max(1, 2) + min(3, 4) + abs(-1)"), 10.0);
  EXPECT_DOUBLE_EQ(eval("round(2.5) + floor(1.7) + ceil(1.2)"), 3.0 + 1.0 + 2.0);
  EXPECT_NEAR(eval("exp(log(3))"), 3.0, 1e-15);
}

TEST(Expressions, ErrorsSayWhat) {
  EXPECT_THROW(eval("1 +"), std::invalid_argument);
  EXPECT_THROW(eval("(1 + 2"), std::invalid_argument);
  EXPECT_THROW(eval("foo(1)"), std::invalid_argument);
  EXPECT_THROW(eval("K"), std::invalid_argument);
  EXPECT_THROW(eval("1 2"), std::invalid_argument);
}

TEST(Expressions, ParametersReferToEachOtherAndCanBeOverridden) {
  const std::string model = R"({"parameters": {"N": "2 * half", "half": 50, "w": "-g", "g": 4},
    "populations": [{"name": "E", "size": "N", "model": "iaf_psc_exp"}],
    "projections": [{"source": "E", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": "N / 10"},
                     "weight": "w"}]})";
  auto m = tribody::parse_model(model);
  EXPECT_EQ(m.populations[0].size, 100u);
  EXPECT_EQ(m.projections[0].connectivity.n, 10u);
  EXPECT_EQ(m.projections[0].weight.a, -4.0);
  tribody::load_options o;
  o.params["half"] = 10;
  o.params["g"] = 6;
  m = tribody::parse_model(model, "<test>", o);
  EXPECT_EQ(m.populations[0].size, 20u);
  EXPECT_EQ(m.projections[0].weight.a, -6.0);
}
