// astro_slow: its parameter table (names, units, defaults, initial values,
// what one synaptic event adds) and its kernel parameters from the values.
#include <cmath>

#include "models/astro_table.hpp"

namespace tribody::models {
namespace {

constexpr auto pos = constraint::positive;
constexpr auto nonneg = constraint::nonnegative;
constexpr auto any = constraint::any;

value_map slow_initial(const value_map& p) {
  return {{"Ca", 0.0}, {"gate", 1.0 / (1.0 + std::exp(p.at("k") * p.at("theta")))}};
}
double event_input(const value_map&) { return 1.0; }
double input_rate(const value_map& v) { return 1.0 / v.at("tau_Ca"); }

}  // namespace

template <>
astro_model_info astro_table<kern::astro_slow>::info() {
  return {kind_of_astro<kern::astro_slow>(), "astro_slow",
               "The slow integrator of the three-body framework: dCa/dt = -Ca/tau_Ca + activity * neuromodulator, "
               "gate = 1 / (1 + exp(-k (Ca - theta))).",
               {
                   {"tau_Ca", "ms", 5000.0, pos, "time constant of the Ca2+ trace"},
                   {"theta", "1", 0.3, any, "gate threshold"},
                   {"k", "1", 10.0, any, "gate steepness"},
               },
               {{"Ca", "1", "0", "slow Ca2+ trace (dimensionless)"},
                {"gate", "1", "sigmoid(-k theta)", "gate = 1 / (1 + exp(-k (Ca - theta)))"}},
               "Ca", "Ca",
               "1 (dimensionless), times the neuromodulator concentration if one is named, times the release fraction of a "
               "tsodyks_markram synapse",
               "", check_none, slow_initial, event_input, input_rate, true};
}

template <>
kern::astro_slow::params astro_table<kern::astro_slow>::make(const value_map& v, bool euler, bool modulated) {
  (void)euler;
  kern::astro_slow::params p{};
  p.tau_Ca = v.at("tau_Ca");
  p.theta = v.at("theta");
  p.k = v.at("k");
  p.modulated = modulated;
  return p;
}

}  // namespace tribody::models
