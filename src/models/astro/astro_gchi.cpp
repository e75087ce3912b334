// astro_gchi: its parameter table (names, units, defaults, initial values,
// what one synaptic event adds) and its kernel parameters from the values.
#include <cmath>

#include "models/astro_table.hpp"

namespace tribody::models {
namespace {

constexpr auto pos = constraint::positive;
constexpr auto nonneg = constraint::nonnegative;
constexpr auto any = constraint::any;

value_map gchi_initial(const value_map&) {
  return {{"Gamma_A", 0.0}, {"I", 0.0}, {"C", 0.0}, {"h", 0.9}, {"G_A", 0.0}, {"x_A", 1.0}, {"Y_S", 0.0}};
}
double event_input(const value_map& v) { return v.at("rho_c") * v.at("Y_T") * 1000.0; }  // mM -> uM
double input_rate(const value_map& v) { return v.at("Omega_c"); }

}  // namespace

template <>
astro_model_info astro_table<kern::astro_gchi>::info() {
  return {kind_of_astro<kern::astro_gchi>(), "astro_gchi",
               "G-ChI astrocyte (De Pitta et al. 2009; Stimberg et al. 2018): glutamate receptors, IP3 "
               "production and degradation, Li-Rinzel Ca2+ release, gliotransmitter release on Ca2+ crossing C_Theta.",
               {
                   {"O_N", "1/(uM ms)", 3e-4, nonneg, "glutamate binding rate of the receptors (0.3 /(uM s))"},
                   {"Omega_N", "1/ms", 5e-4, pos, "receptor unbinding rate (0.5 /s)"},
                   {"K_KC", "uM", 0.5, pos, "Ca2+ affinity of PKC (receptor desensitisation)"},
                   {"zeta", "1", 10.0, nonneg, "maximal reduction of receptor affinity by PKC"},
                   {"O_beta", "uM/ms", 5e-3, nonneg, "maximal rate of IP3 production by PLCbeta (5 uM/s)"},
                   {"O_delta", "uM/ms", 2e-4, nonneg, "maximal rate of IP3 production by PLCdelta (0.2 uM/s)"},
                   {"kappa_delta", "uM", 1.5, pos, "inhibition constant of PLCdelta by IP3"},
                   {"K_delta", "uM", 0.3, pos, "Ca2+ affinity of PLCdelta"},
                   {"O_3K", "uM/ms", 4.5e-3, nonneg, "maximal rate of IP3 degradation by IP3-3K (4.5 uM/s)"},
                   {"K_D", "uM", 0.5, pos, "Ca2+ affinity of IP3-3K"},
                   {"K_3K", "uM", 1.0, pos, "IP3 affinity of IP3-3K"},
                   {"Omega_5P", "1/ms", 1e-4, nonneg, "rate of IP3 degradation by IP-5P (0.1 /s)"},
                   {"F_ex", "uM/ms", 9e-5, nonneg, "maximal exogenous IP3 flux J_ex (0.09 uM/s)"},
                   {"I_Theta", "uM", 0.3, nonneg, "threshold of the exogenous IP3 flux"},
                   {"omega_I", "uM", 0.05, pos, "scale of the exogenous IP3 flux"},
                   {"I_bias", "uM", 0.0, any, "IP3 level towards which J_ex pulls"},
                   {"O_M", "uM/ms", 0.0, nonneg, "IP3 production per unit neuromodulator concentration"},
                   {"Omega_C", "1/ms", 6e-3, nonneg, "maximal rate of Ca2+ release by IP3Rs (6 /s)"},
                   {"Omega_L", "1/ms", 1e-4, nonneg, "maximal rate of Ca2+ leak from the ER (0.1 /s)"},
                   {"O_P", "uM/ms", 9e-4, nonneg, "maximal Ca2+ uptake rate by SERCA pumps (0.9 uM/s)"},
                   {"K_P", "uM", 0.1, pos, "Ca2+ affinity of SERCA pumps"},
                   {"C_T", "uM", 2.0, pos, "total cell free Ca2+ content"},
                   {"rho_A", "1", 0.18, nonneg, "ER-to-cytoplasm volume ratio"},
                   {"d_1", "uM", 0.13, pos, "IP3 binding affinity of the IP3R"},
                   {"d_2", "uM", 1.05, pos, "Ca2+ inactivation dissociation constant of the IP3R"},
                   {"d_3", "uM", 0.9434, pos, "IP3 dissociation constant of the IP3R"},
                   {"d_5", "uM", 0.08, pos, "Ca2+ activation dissociation constant of the IP3R"},
                   {"O_2", "1/(uM ms)", 2e-4, pos, "IP3R binding rate for Ca2+ inhibition (0.2 /(uM s))"},
                   {"C_Theta", "uM", 0.5, nonneg, "Ca2+ threshold of gliotransmitter release"},
                   {"Omega_A", "1/ms", 6e-4, pos, "recovery rate of gliotransmitter resources x_A (0.6 /s)"},
                   {"U_A", "1", 0.6, constraint::unit_interval, "fraction of resources released per release event"},
                   {"G_T", "mM", 200.0, nonneg, "total vesicular gliotransmitter"},
                   {"rho_e", "1", 6.5e-4, nonneg, "ratio of released volume to extracellular volume"},
                   {"Omega_e", "1/ms", 0.06, pos, "gliotransmitter clearance rate (60 /s)"},
                   {"rho_c", "1", 0.001, nonneg, "synaptic vesicle to extracellular volume ratio (glutamate per release)"},
                   {"Y_T", "mM", 500.0, nonneg, "total vesicular glutamate"},
                   {"Omega_c", "1/ms", 0.04, pos, "synaptic glutamate clearance rate (40 /s)"},
               },
               {{"Gamma_A", "1", "0", "fraction of activated astrocyte receptors"},
                {"I", "uM", "0", "IP3 concentration"},
                {"C", "uM", "0", "cytosolic Ca2+ concentration"},
                {"h", "1", "0.9", "fraction of IP3Rs not inactivated by Ca2+"},
                {"G_A", "uM", "0", "released gliotransmitter"},
                {"x_A", "1", "1", "fraction of gliotransmitter resources available"},
                {"Y_S", "uM", "0", "synaptic glutamate of the territory (sum over its synapses)"}},
               "C", "I", "rho_c * Y_T of synaptic glutamate (uM), times the release fraction of a tsodyks_markram synapse",
               "", check_none, gchi_initial, event_input, input_rate, false};
}

template <>
kern::astro_gchi::params astro_table<kern::astro_gchi>::make(const value_map& v, bool euler, bool modulated) {
  (void)modulated;
  kern::astro_gchi::params p{};
  p.O_N = v.at("O_N");
  p.Omega_N = v.at("Omega_N");
  p.K_KC = v.at("K_KC");
  p.zeta = v.at("zeta");
  p.O_beta = v.at("O_beta");
  p.O_delta = v.at("O_delta");
  p.kappa_delta = v.at("kappa_delta");
  p.K_delta = v.at("K_delta");
  p.O_3K = v.at("O_3K");
  p.K_D = v.at("K_D");
  p.K_3K = v.at("K_3K");
  p.Omega_5P = v.at("Omega_5P");
  p.F_ex = v.at("F_ex");
  p.I_Theta = v.at("I_Theta");
  p.omega_I = v.at("omega_I");
  p.I_bias = v.at("I_bias");
  p.O_M = v.at("O_M");
  p.Omega_C = v.at("Omega_C");
  p.Omega_L = v.at("Omega_L");
  p.O_P = v.at("O_P");
  p.K_P = v.at("K_P");
  p.C_T = v.at("C_T");
  p.rho_A = v.at("rho_A");
  p.d_1 = v.at("d_1");
  p.d_2 = v.at("d_2");
  p.d_3 = v.at("d_3");
  p.d_5 = v.at("d_5");
  p.O_2 = v.at("O_2");
  p.C_Theta = v.at("C_Theta");
  p.Omega_A = v.at("Omega_A");
  p.U_A = v.at("U_A");
  p.G_release = v.at("rho_e") * v.at("G_T") * 1000.0;  // mM -> uM
  p.Omega_e = v.at("Omega_e");
  p.Omega_c = v.at("Omega_c");
  p.integrator = euler ? kern::astro_integrator::euler : kern::astro_integrator::exponential;
  return p;
}

}  // namespace tribody::models
