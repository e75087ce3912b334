// poisson_source: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

std::string check_poisson(const value_map& p, double dt) {
  if (p.at("rate") * dt * 1e-3 > 1.0) {
    return "rate * dt must be <= 1 (a source fires at most once per step); lower rate or dt";
  }
  if (!(p.at("stop") > p.at("start"))) return "stop must be after start";
  return "";
}

value_map no_state(const value_map&) { return {}; }

}  // namespace

template <>
neuron_model_info neuron_table<kern::poisson_source>::info() {
  return {kind_of<kern::poisson_source>(), "poisson_source",
         "Independent Poisson spike trains (PyNN SpikeSourcePoisson): each source fires in a "
         "step of [start, stop) with probability rate*dt.",
         {
             {"rate", "Hz", 0.0, constraint::nonnegative, "firing rate"},
             {"start", "ms", 0.0, constraint::nonnegative, "first active time"},
             {"stop", "ms", inf, constraint::nonnegative, "end of activity (default: never)"},
         },
         {},
         0, false, "", {}, check_poisson, no_state};
}

template <>
kern::poisson_source::params neuron_table<kern::poisson_source>::make(const value_map& p, double h) {
  kern::poisson_source::params k{};
  k.p_spike = p.at("rate") * h * 1e-3;
  k.start_step = start_step(p.at("start"), h);
  k.stop_step = stop_step(p.at("stop"), h);
  return k;
}

}  // namespace tribody::models
