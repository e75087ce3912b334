// iaf_cond_exp: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

value_map cond_exp_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"g_ex", 0.0}, {"g_in", 0.0}};
}

}  // namespace

template <>
neuron_model_info neuron_table<kern::iaf_cond_exp>::info() {
  return {kind_of<kern::iaf_cond_exp>(), "iaf_cond_exp",
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
         2, true, "nS", {}, check_lif, cond_exp_initial};
}

template <>
kern::iaf_cond_exp::params neuron_table<kern::iaf_cond_exp>::make(const value_map& p, double h) {
  kern::iaf_cond_exp::params k{};
  k.E_L = p.at("E_L");
  k.E_ex = p.at("E_ex");
  k.E_in = p.at("E_in");
  k.g_L = p.at("g_L");
  k.V_th = p.at("V_th");
  k.V_reset = p.at("V_reset");
  k.I_e = p.at("I_e");
  k.h_over_C = h / p.at("C_m");
  k.P_ex = std::exp(-h / p.at("tau_syn_ex"));
  k.P_in = std::exp(-h / p.at("tau_syn_in"));
  k.mean_ex = -p.at("tau_syn_ex") / h * std::expm1(-h / p.at("tau_syn_ex"));
  k.mean_in = -p.at("tau_syn_in") / h * std::expm1(-h / p.at("tau_syn_in"));
  k.ref_steps = steps_of(p.at("t_ref"), h);
  return k;
}

}  // namespace tribody::models
