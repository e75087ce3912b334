#include <gtest/gtest.h>

#include "tribody/model_io.hpp"

TEST(Smoke, ParsesMinimalModel) {
  const auto m = tribody::parse_model(R"({"populations": [{"name": "E", "size": 10, "model": "iaf_psc_exp"}]})");
  EXPECT_EQ(m.populations.size(), 1u);
}
