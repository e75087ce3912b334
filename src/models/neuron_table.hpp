// A neuron model's parameter table: its catalogue entry (names, units,
// defaults, checks, initial values) and its kernel parameters computed from
// the values. One specialisation per model of kern::neuron_model_list, in
// src/models/neurons/<model>.cpp; the catalogue and the plan are generated
// from them.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "models/neuron_models.hpp"
#include "tribody/kernels/neurons/neuron_list.hpp"

namespace tribody::models {

template <class Model>
struct neuron_table {
  static neuron_model_info info();
  static typename Model::params make(const value_map& values, double dt);
};

template <class Model>
constexpr neuron_kind kind_of() {
  return kern::model_index<Model, kern::neuron_model_list>::value;
}

constexpr double inf = std::numeric_limits<double>::infinity();

// What the leaky integrate-and-fire models share.
inline std::vector<param_info> lif_common() {
  return {
      {"E_L", "mV", -70.0, constraint::any, "resting potential"},
      {"C_m", "pF", 250.0, constraint::positive, "membrane capacitance"},
      {"tau_m", "ms", 10.0, constraint::positive, "membrane time constant"},
      {"t_ref", "ms", 2.0, constraint::nonnegative, "refractory period (V_m clamped)"},
      {"V_th", "mV", -55.0, constraint::any, "spike threshold"},
      {"V_reset", "mV", -70.0, constraint::any, "reset potential"},
      {"I_e", "pA", 0.0, constraint::any, "constant external current"},
  };
}
// The refractory period counts steps in an int.
inline std::string check_refractory(const value_map& p, double dt) {
  if (p.at("t_ref") / dt > 2147483647.0) return "t_ref must be at most 2^31 - 1 steps of dt";
  return "";
}
inline std::string check_lif(const value_map& p, double dt) {
  if (!(p.at("V_reset") < p.at("V_th"))) return "V_reset must be below V_th";
  return check_refractory(p, dt);
}
inline value_map lif_initial(const value_map& p) { return {{"V_m", p.at("E_L")}}; }

inline int steps_of(double t, double dt) { return static_cast<int>(std::llround(t / dt)); }

// tau/C * (1 - e^{-h/tau}): voltage response to a current held for one step.
inline double current_propagator(double tau, double C, double h) { return -tau / C * std::expm1(-h / tau); }

// Voltage response over one step to a synaptic current that starts at 1 pA
// and decays with tau_syn: (h/C) e^{-h/tau_m} (e^x - 1)/x, x = h(1/tau_m - 1/tau_syn).
// Finite and accurate also when tau_syn == tau_m.
inline double syn_propagator(double tau_syn, double tau_m, double C, double h) {
  const double x = h * (1.0 / tau_m - 1.0 / tau_syn);
  const double ratio = std::fabs(x) < 1e-300 ? 1.0 : std::expm1(x) / x;
  return h / C * std::exp(-h / tau_m) * ratio;
}

inline long long start_step(double t, double dt) { return static_cast<long long>(std::ceil(t / dt - 1e-9)); }

inline long long stop_step(double t, double dt) {
  if (!std::isfinite(t)) return std::numeric_limits<long long>::max();
  return static_cast<long long>(std::ceil(t / dt - 1e-9));
}

}  // namespace tribody::models
