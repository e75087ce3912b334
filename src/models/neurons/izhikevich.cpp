// izhikevich: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

std::string check_izh(const value_map& p, double) {
  if (!(p.at("c") < p.at("V_th"))) return "c (reset potential) must be below V_th";
  return "";
}

// U_m's default follows the neuron's own V_m (see plan/initial_state).
value_map izh_initial(const value_map& p) { return {{"V_m", -65.0}, {"U_m", p.at("b") * -65.0}}; }

}  // namespace

template <>
neuron_model_info neuron_table<kern::izhikevich>::info() {
  return {kind_of<kern::izhikevich>(), "izhikevich",
         "Izhikevich (2003) model as NEST's izhikevich with consistent_integration; "
         "presets RS, IB, CH, FS, TC, RZ, LTS.",
         {
             {"a", "1/ms", 0.02, constraint::any, "recovery time scale"},
             {"b", "1/ms", 0.2, constraint::any, "recovery sensitivity to V_m"},
             {"c", "mV", -65.0, constraint::any, "after-spike reset of V_m"},
             {"d", "mV/ms", 8.0, constraint::any, "after-spike increment of U_m"},
             {"V_th", "mV", 30.0, constraint::any, "spike cut-off"},
             {"V_min", "mV", -inf, constraint::any, "lower bound of V_m (default: none)"},
             {"I_e", "pA", 0.0, constraint::any, "constant external current"},
         },
         {{"V_m", "mV", "-65", "membrane potential"},
          {"U_m", "mV/ms", "b * V_m of the same neuron", "recovery variable"}},
         1, false, "mV",
         {{"RS", {{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 8.0}}},
          {"IB", {{"a", 0.02}, {"b", 0.2}, {"c", -55.0}, {"d", 4.0}}},
          {"CH", {{"a", 0.02}, {"b", 0.2}, {"c", -50.0}, {"d", 2.0}}},
          {"FS", {{"a", 0.1}, {"b", 0.2}, {"c", -65.0}, {"d", 2.0}}},
          {"TC", {{"a", 0.02}, {"b", 0.25}, {"c", -65.0}, {"d", 0.05}}},
          {"RZ", {{"a", 0.1}, {"b", 0.26}, {"c", -65.0}, {"d", 2.0}}},
          {"LTS", {{"a", 0.02}, {"b", 0.25}, {"c", -65.0}, {"d", 2.0}}}},
         check_izh, izh_initial, {{"U_m", "V_m", "b"}}};
}

template <>
kern::izhikevich::params neuron_table<kern::izhikevich>::make(const value_map& p, double h) {
  kern::izhikevich::params k{};
  k.a = p.at("a");
  k.b = p.at("b");
  k.c = p.at("c");
  k.d = p.at("d");
  k.V_th = p.at("V_th");
  k.V_min = p.at("V_min");
  k.I_e = p.at("I_e");
  k.h = h;
  return k;
}

}  // namespace tribody::models
