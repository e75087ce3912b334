// aeif_cond_alpha: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

// NEST's checks, plus a whole number of substeps that resolves tau_m and tau_w.
std::string check_aeif(const value_map& p, double dt) {
  if (!(p.at("V_reset") < p.at("V_peak"))) return "V_reset must be below V_peak";
  if (!(p.at("V_peak") >= p.at("V_th"))) return "V_peak must be >= V_th";
  const double DT = p.at("Delta_T");
  // As NEST: exp((V_peak - V_th)/Delta_T) must stay 1e20 below the largest double.
  if (DT > 0.0 && !((p.at("V_peak") - p.at("V_th")) / DT < std::log(std::numeric_limits<double>::max() / 1e20))) {
    return "(V_peak - V_th) / Delta_T is too large: exp() would overflow at the spike; raise Delta_T or lower V_peak";
  }
  const double n = p.at("n_substeps");
  if (!(n == std::floor(n) && n >= 1.0 && n <= 1000.0)) return "n_substeps must be a whole number from 1 to 1000";
  const double hs = dt / n;
  if (!(hs <= p.at("C_m") / p.at("g_L")) || !(hs <= p.at("tau_w"))) {
    return "dt / n_substeps must not exceed C_m / g_L or tau_w; raise n_substeps or lower dt";
  }
  return check_refractory(p, dt);
}

value_map aeif_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"w", 0.0}, {"g_ex", 0.0}, {"dg_ex", 0.0}, {"g_in", 0.0}, {"dg_in", 0.0}};
}

}  // namespace

template <>
neuron_model_info neuron_table<kern::aeif_cond_alpha>::info() {
  return {kind_of<kern::aeif_cond_alpha>(), "aeif_cond_alpha",
         "Adaptive exponential integrate-and-fire, alpha-shaped conductances (NEST aeif_cond_alpha); "
         "RK4 substeps with exact conductances and a located spike.",
         {
             {"C_m", "pF", 281.0, constraint::positive, "membrane capacitance"},
             {"g_L", "nS", 30.0, constraint::positive, "leak conductance"},
             {"E_L", "mV", -70.6, constraint::any, "leak reversal potential"},
             {"V_th", "mV", -50.4, constraint::any, "spike initiation threshold"},
             {"Delta_T", "mV", 2.0, constraint::nonnegative, "slope factor (0: no exponential term)"},
             {"tau_w", "ms", 144.0, constraint::positive, "adaptation time constant"},
             {"a", "nS", 4.0, constraint::any, "subthreshold adaptation"},
             {"b", "pA", 80.5, constraint::any, "spike-triggered adaptation increment"},
             {"V_peak", "mV", 0.0, constraint::any, "spike detection (V_th when Delta_T = 0)"},
             {"V_reset", "mV", -60.0, constraint::any, "reset potential"},
             {"t_ref", "ms", 0.0, constraint::nonnegative, "refractory period (V_m clamped)"},
             {"E_ex", "mV", 0.0, constraint::any, "excitatory reversal potential"},
             {"E_in", "mV", -85.0, constraint::any, "inhibitory reversal potential"},
             {"tau_syn_ex", "ms", 0.2, constraint::positive, "excitatory conductance rise time (peak)"},
             {"tau_syn_in", "ms", 2.0, constraint::positive, "inhibitory conductance rise time (peak)"},
             {"I_e", "pA", 0.0, constraint::any, "constant external current"},
             {"n_substeps", "1", 4.0, constraint::positive, "RK4 substeps per time step (whole number)"},
         },
         {{"V_m", "mV", "E_L", "membrane potential"},
          {"w", "pA", "0", "adaptation current"},
          {"g_ex", "nS", "0", "excitatory conductance"},
          {"dg_ex", "nS/ms", "0", "excitatory conductance driver"},
          {"g_in", "nS", "0", "inhibitory conductance"},
          {"dg_in", "nS/ms", "0", "inhibitory conductance driver"}},
         2, true, "nS", {}, check_aeif, aeif_initial};
}

template <>
kern::aeif_cond_alpha::params neuron_table<kern::aeif_cond_alpha>::make(const value_map& p, double h) {
  kern::aeif_cond_alpha::params k{};
  const double C = p.at("C_m"), DT = p.at("Delta_T");
  const double tau_ex = p.at("tau_syn_ex"), tau_in = p.at("tau_syn_in");
  k.g_L = p.at("g_L");
  k.E_L = p.at("E_L");
  k.E_ex = p.at("E_ex");
  k.E_in = p.at("E_in");
  k.V_th = p.at("V_th");
  k.V_reset = p.at("V_reset");
  k.V_peak = p.at("V_peak");
  k.a = p.at("a");
  k.b = p.at("b");
  k.I_e = p.at("I_e");
  k.inv_C = 1.0 / C;
  k.gL_over_C = k.g_L / C;
  k.Delta_T = DT;
  k.inv_DT = DT > 0.0 ? 1.0 / DT : 0.0;
  k.gL_DT = k.g_L * DT;
  k.inv_tau_w = 1.0 / p.at("tau_w");
  // As NEST: with Delta_T = 0 the neuron spikes at V_th.
  k.V_spike = DT > 0.0 ? k.V_peak : k.V_th;
  k.u_peak = DT > 0.0 ? std::exp(-(k.V_peak - k.V_th) / DT) : 0.0;
  k.inv_tau_ex = 1.0 / tau_ex;
  k.inv_tau_in = 1.0 / tau_in;
  k.n_sub = static_cast<int>(std::llround(p.at("n_substeps")));
  k.hs = h / k.n_sub;
  k.Ph_ex = std::exp(-0.5 * k.hs / tau_ex);
  k.Ph_in = std::exp(-0.5 * k.hs / tau_in);
  k.h = h;
  k.P_ex = std::exp(-h / tau_ex);
  k.P_in = std::exp(-h / tau_in);
  constexpr double e = 2.718281828459045;  // NEST's numerics::e
  k.g0_ex = e / tau_ex;
  k.g0_in = e / tau_in;
  k.ref_steps = steps_of(p.at("t_ref"), h);
  return k;
}

}  // namespace tribody::models
