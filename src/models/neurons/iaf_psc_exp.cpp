// iaf_psc_exp: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

value_map psc_exp_initial(const value_map& p) {
  return {{"V_m", p.at("E_L")}, {"I_syn_ex", 0.0}, {"I_syn_in", 0.0}};
}

}  // namespace

template <>
neuron_model_info neuron_table<kern::iaf_psc_exp>::info() {
  auto params = lif_common();
  params.push_back({"tau_syn_ex", "ms", 2.0, constraint::positive, "excitatory current decay"});
  params.push_back({"tau_syn_in", "ms", 2.0, constraint::positive, "inhibitory current decay"});
  return {kind_of<kern::iaf_psc_exp>(), "iaf_psc_exp",
         "Leaky integrate-and-fire, exponentially decaying synaptic currents (NEST iaf_psc_exp); "
         "exact integration.",
         params,
         {{"V_m", "mV", "E_L", "membrane potential"},
          {"I_syn_ex", "pA", "0", "excitatory synaptic current"},
          {"I_syn_in", "pA", "0", "inhibitory synaptic current"}},
         2, false, "pA", {}, check_lif, psc_exp_initial};
}

template <>
kern::iaf_psc_exp::params neuron_table<kern::iaf_psc_exp>::make(const value_map& p, double h) {
  kern::iaf_psc_exp::params k{};
  k.E_L = p.at("E_L");
  k.V_th = p.at("V_th");
  k.V_reset = p.at("V_reset");
  k.I_e = p.at("I_e");
  k.P22 = std::exp(-h / p.at("tau_m"));
  k.P20 = current_propagator(p.at("tau_m"), p.at("C_m"), h);
  k.P11_ex = std::exp(-h / p.at("tau_syn_ex"));
  k.P11_in = std::exp(-h / p.at("tau_syn_in"));
  k.P21_ex = syn_propagator(p.at("tau_syn_ex"), p.at("tau_m"), p.at("C_m"), h);
  k.P21_in = syn_propagator(p.at("tau_syn_in"), p.at("tau_m"), p.at("C_m"), h);
  k.ref_steps = steps_of(p.at("t_ref"), h);
  return k;
}

}  // namespace tribody::models
