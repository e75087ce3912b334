// astro_lr: its parameter table (names, units, defaults, initial values,
// what one synaptic event adds) and its kernel parameters from the values.
#include <cmath>

#include "models/astro_table.hpp"

namespace tribody::models {
namespace {

constexpr auto pos = constraint::positive;
constexpr auto nonneg = constraint::nonnegative;
constexpr auto any = constraint::any;

value_map lr_initial(const value_map&) { return {{"IP3", 0.16}, {"Ca_astro", 0.073}, {"h_IP3R", 0.793}}; }
double event_input(const value_map& v) { return v.at("delta_IP3"); }
double input_rate(const value_map& v) { return 1.0 / v.at("tau_IP3"); }

}  // namespace

template <>
astro_model_info astro_table<kern::astro_lr>::info() {
  return {kind_of_astro<kern::astro_lr>(), "astro_lr",
               "Li-Rinzel astrocyte as NEST's astrocyte_lr_1994: IP3 relaxes to IP3_0 and jumps by delta_IP3 * w "
               "per input spike; Ca2+ release through IP3Rs, leak, SERCA uptake.",
               {
                   {"Ca_tot", "uM", 2.0, pos, "total free Ca2+ concentration (cytosol and ER)"},
                   {"IP3_0", "uM", 0.16, nonneg, "baseline IP3 concentration"},
                   {"Kd_IP3_1", "uM", 0.13, pos, "first IP3R dissociation constant of IP3"},
                   {"Kd_IP3_2", "uM", 0.9434, pos, "second IP3R dissociation constant of IP3"},
                   {"Kd_act", "uM", 0.08234, pos, "IP3R dissociation constant of Ca2+ (activation)"},
                   {"Kd_inh", "uM", 1.049, pos, "IP3R dissociation constant of Ca2+ (inhibition)"},
                   {"Km_SERCA", "uM", 0.1, pos, "half-activation constant of the SERCA pump"},
                   {"k_IP3R", "1/(uM ms)", 0.0002, pos, "IP3R binding rate for Ca2+ inhibition"},
                   {"rate_IP3R", "1/ms", 0.006, nonneg, "maximal rate of Ca2+ release via IP3Rs"},
                   {"rate_L", "1/ms", 0.00011, nonneg, "rate of Ca2+ leak from the ER"},
                   {"rate_SERCA", "uM/ms", 0.0009, nonneg, "maximal rate of the SERCA pump"},
                   {"ratio_ER_cyt", "1", 0.185, pos, "ER-to-cytosol volume ratio"},
                   {"tau_IP3", "ms", 7142.0, pos, "time constant of IP3 relaxation to IP3_0"},
                   {"delta_IP3", "uM", 0.0002, nonneg, "IP3 jump per input spike of weight 1 (NEST's default)"},
                   {"O_M", "uM/ms", 0.0, nonneg, "IP3 production per unit neuromodulator concentration"},
               },
               {{"IP3", "uM", "0.16", "IP3 concentration"},
                {"Ca_astro", "uM", "0.073", "cytosolic Ca2+ concentration"},
                {"h_IP3R", "1", "0.793", "fraction of IP3Rs not inactivated by Ca2+"}},
               "Ca_astro", "IP3", "delta_IP3 of IP3 (uM), times the release fraction of a tsodyks_markram synapse", "",
               check_none, lr_initial, event_input, input_rate, false};
}

template <>
kern::astro_lr::params astro_table<kern::astro_lr>::make(const value_map& v, bool euler, bool modulated) {
  (void)modulated;
  kern::astro_lr::params p{};
  p.Ca_tot = v.at("Ca_tot");
  p.IP3_0 = v.at("IP3_0");
  p.Kd_IP3_1 = v.at("Kd_IP3_1");
  p.Kd_IP3_2 = v.at("Kd_IP3_2");
  p.Kd_act = v.at("Kd_act");
  p.Kd_inh = v.at("Kd_inh");
  p.Km_SERCA = v.at("Km_SERCA");
  p.k_IP3R = v.at("k_IP3R");
  p.rate_IP3R = v.at("rate_IP3R");
  p.rate_L = v.at("rate_L");
  p.rate_SERCA = v.at("rate_SERCA");
  p.ratio_ER_cyt = v.at("ratio_ER_cyt");
  p.tau_IP3 = v.at("tau_IP3");
  p.O_M = v.at("O_M");
  p.integrator = euler ? kern::astro_integrator::euler : kern::astro_integrator::exponential;
  return p;
}

}  // namespace tribody::models
