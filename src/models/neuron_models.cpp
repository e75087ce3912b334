#include "models/neuron_models.hpp"

#include <cmath>
#include <limits>

namespace tribody::models {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::string check_lif(const value_map& p, double) {
  if (!(p.at("V_reset") < p.at("V_th"))) return "V_reset must be below V_th";
  return "";
}

value_map lif_initial(const value_map& p) { return {{"V_m", p.at("E_L")}}; }
value_map psc_exp_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"I_syn_ex", 0.0}, {"I_syn_in", 0.0}};
}
value_map cond_exp_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"g_ex", 0.0}, {"g_in", 0.0}};
}
value_map aeif_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"w", 0.0}, {"g_ex", 0.0}, {"dg_ex", 0.0}, {"g_in", 0.0}, {"dg_in", 0.0}};
}
// U_m's default follows the neuron's own V_m (see plan/initial_state).
value_map izh_initial(const value_map& p) { return {{"V_m", -65.0}, {"U_m", p.at("b") * -65.0}}; }
value_map no_state(const value_map&) { return {}; }

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
  return "";
}

std::string check_izh(const value_map& p, double) {
  if (!(p.at("c") < p.at("V_th"))) return "c (reset potential) must be below V_th";
  return "";
}

std::string check_poisson(const value_map& p, double dt) {
  if (p.at("rate") * dt * 1e-3 > 1.0) {
    return "rate * dt must be <= 1 (a source fires at most once per step); lower rate or dt";
  }
  if (!(p.at("stop") > p.at("start"))) return "stop must be after start";
  return "";
}

std::vector<param_info> lif_common() {
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

std::vector<neuron_model_info> make_catalogue() {
  std::vector<neuron_model_info> m;

  auto psc_exp_params = lif_common();
  psc_exp_params.push_back({"tau_syn_ex", "ms", 2.0, constraint::positive, "excitatory current decay"});
  psc_exp_params.push_back({"tau_syn_in", "ms", 2.0, constraint::positive, "inhibitory current decay"});
  m.push_back({neuron_kind::iaf_psc_exp, "iaf_psc_exp",
               "Leaky integrate-and-fire, exponentially decaying synaptic currents (NEST iaf_psc_exp); "
               "exact integration.",
               psc_exp_params,
               {{"V_m", "mV", "E_L", "membrane potential"},
                {"I_syn_ex", "pA", "0", "excitatory synaptic current"},
                {"I_syn_in", "pA", "0", "inhibitory synaptic current"}},
               2, false, "pA", {}, check_lif, psc_exp_initial});

  auto delta_params = lif_common();
  delta_params.push_back({"V_min", "mV", -inf, constraint::any, "lower bound of V_m (default: none)"});
  m.push_back({neuron_kind::iaf_psc_delta, "iaf_psc_delta",
               "Leaky integrate-and-fire, delta synapses: a spike makes V_m jump by its weight "
               "(NEST iaf_psc_delta); exact integration; input during refractoriness is lost.",
               delta_params,
               {{"V_m", "mV", "E_L", "membrane potential"}},
               1, false, "mV", {}, check_lif, lif_initial});

  m.push_back({neuron_kind::iaf_cond_exp, "iaf_cond_exp",
               "Conductance-based leaky integrate-and-fire, exponentially decaying conductances "
               "(NEST iaf_cond_exp, the Vogels-Abbott COBA neuron).",
               {
                   {"E_L", "mV", -70.0, constraint::any, "leak reversal potential"},
                   {"C_m", "pF", 250.0, constraint::positive, "membrane capacitance"},
                   {"g_L", "nS", 16.6667, constraint::positive, "leak conductance"},
                   {"t_ref", "ms", 2.0, constraint::nonnegative, "refractory period (V_m clamped)"},
                   {"V_th", "mV", -55.0, constraint::any, "spike threshold"},
                   {"V_reset", "mV", -60.0, constraint::any, "reset potential"},
                   {"E_ex", "mV", 0.0, constraint::any, "excitatory reversal potential"},
                   {"E_in", "mV", -85.0, constraint::any, "inhibitory reversal potential"},
                   {"tau_syn_ex", "ms", 0.2, constraint::positive, "excitatory conductance decay"},
                   {"tau_syn_in", "ms", 2.0, constraint::positive, "inhibitory conductance decay"},
                   {"I_e", "pA", 0.0, constraint::any, "constant external current"},
               },
               {{"V_m", "mV", "E_L", "membrane potential"},
                {"g_ex", "nS", "0", "excitatory conductance"},
                {"g_in", "nS", "0", "inhibitory conductance"}},
               2, true, "nS", {}, check_lif, cond_exp_initial});

  m.push_back({neuron_kind::aeif_cond_alpha, "aeif_cond_alpha",
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
               2, true, "nS", {}, check_aeif, aeif_initial});

  m.push_back({neuron_kind::izhikevich, "izhikevich",
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
               check_izh, izh_initial, {{"U_m", "V_m", "b"}}});

  m.push_back({neuron_kind::poisson_source, "poisson_source",
               "Independent Poisson spike trains (PyNN SpikeSourcePoisson): each source fires in a "
               "step of [start, stop) with probability rate*dt.",
               {
                   {"rate", "Hz", 0.0, constraint::nonnegative, "firing rate"},
                   {"start", "ms", 0.0, constraint::nonnegative, "first active time"},
                   {"stop", "ms", inf, constraint::nonnegative, "end of activity (default: never)"},
               },
               {},
               0, false, "", {}, check_poisson, no_state});
  return m;
}

}  // namespace

const std::vector<neuron_model_info>& neuron_models() {
  static const std::vector<neuron_model_info> catalogue = make_catalogue();
  return catalogue;
}

const neuron_model_info* find_neuron_model(const std::string& name) {
  for (const auto& m : neuron_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> neuron_model_names() {
  std::vector<std::string> names;
  for (const auto& m : neuron_models()) names.push_back(m.name);
  return names;
}

}  // namespace tribody::models
