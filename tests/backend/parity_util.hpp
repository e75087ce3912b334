// Shared pieces of the backend tests: running a plan on a backend in one
// call or in uneven chunks (as `tribody run` does), and exact comparison.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend.hpp"
#include "plan/network_plan.hpp"
#include "tribody/model_io.hpp"

namespace tribody::test {

// GTEST_SKIP returns from the function it is in: this must be a macro.
#define REQUIRE_CUDA()                                                                        \
  do {                                                                                        \
    std::string why_;                                                                         \
    if (!backend_usable("cuda", &why_)) GTEST_SKIP() << "no usable CUDA device: " << why_; \
  } while (0)

struct outcome {
  recordings rec;
  std::vector<backend::synapse_list> synapses;
  std::string failure;  // the numerical_error that stopped the run, if one did
  long long step = 0;   // the step reached
};

// Runs n_steps + extra steps, in run() calls of the sizes in `chunks`
// (cycled), or in one call when chunks is empty; a numerical failure ends
// the run (outcome::failure).
outcome run_backend(const plan::network_plan& net, const std::string& name, const std::vector<long long>& chunks = {},
                    long long extra = 0);
void expect_identical(const outcome& a, const outcome& b, const std::string& what);
model_spec parse_text(const std::string& text, const std::string& name = "test");

}  // namespace tribody::test
