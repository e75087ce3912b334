// iaf_psc_delta: its parameter table (names, units, defaults, checks) and its
// kernel parameters computed from the values (exact propagators, in double).
#include <cmath>
#include <limits>

#include "models/neuron_table.hpp"

namespace tribody::models {
template <>
neuron_model_info neuron_table<kern::iaf_psc_delta>::info() {
  auto params = lif_common();
  params.push_back({"V_min", "mV", -inf, constraint::any, "lower bound of V_m (default: none)"});
  return {kind_of<kern::iaf_psc_delta>(), "iaf_psc_delta",
         "Leaky integrate-and-fire, delta synapses: a spike makes V_m jump by its weight "
         "(NEST iaf_psc_delta); exact integration; input during refractoriness is lost.",
         params,
         {{"V_m", "mV", "E_L", "membrane potential"}},
         1, false, "mV", {}, check_lif, lif_initial};
}

template <>
kern::iaf_psc_delta::params neuron_table<kern::iaf_psc_delta>::make(const value_map& p, double h) {
  kern::iaf_psc_delta::params k{};
  k.E_L = p.at("E_L");
  k.V_th = p.at("V_th");
  k.V_reset = p.at("V_reset");
  k.V_min = p.at("V_min");
  k.I_e = p.at("I_e");
  k.P33 = std::exp(-h / p.at("tau_m"));
  k.P30 = current_propagator(p.at("tau_m"), p.at("C_m"), h);
  k.ref_steps = steps_of(p.at("t_ref"), h);
  return k;
}

}  // namespace tribody::models
