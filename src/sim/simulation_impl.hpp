// Internal: what a simulation holds (simulation.cpp, checkpoint.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.hpp"
#include "plan/network_plan.hpp"
#include "tribody/simulation.hpp"

namespace tribody {

struct simulation::impl {
  model_spec model;
  plan::network_plan net;
  std::unique_ptr<backend> engine;
  bool built = false;
  double time_simulate = 0.0;
  double time_write = 0.0;
  std::string failure;
  std::uint64_t rss_before_build = 0;  // the process before the network existed
};

}  // namespace tribody
