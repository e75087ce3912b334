#include "models/astro_models.hpp"

#include <cmath>

namespace tribody::models {
namespace {

constexpr auto pos = constraint::positive;
constexpr auto nonneg = constraint::nonnegative;
constexpr auto any = constraint::any;

std::string check_none(const value_map&) { return ""; }

value_map gchi_initial(const value_map&) {
  return {{"Gamma_A", 0.0}, {"I", 0.0}, {"C", 0.0}, {"h", 0.9}, {"G_A", 0.0}, {"x_A", 1.0}, {"Y_S", 0.0}};
}
value_map lr_initial(const value_map&) { return {{"IP3", 0.16}, {"Ca_astro", 0.073}, {"h_IP3R", 0.793}}; }
value_map slow_initial(const value_map& p) {
  return {{"Ca", 0.0}, {"gate", 1.0 / (1.0 + std::exp(p.at("k") * p.at("theta")))}};
}

std::vector<astro_model_info> make_catalogue() {
  std::vector<astro_model_info> m;
  m.push_back({astro_kind::gchi, "astro_gchi",
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
               "", check_none, gchi_initial});
  m.push_back({astro_kind::lr, "astro_lr",
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
               check_none, lr_initial});
  m.push_back({astro_kind::slow, "astro_slow",
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
               "", check_none, slow_initial});
  return m;
}

}  // namespace

const std::vector<astro_model_info>& astro_models() {
  static const std::vector<astro_model_info> catalogue = make_catalogue();
  return catalogue;
}

const astro_model_info* find_astro_model(const std::string& name) {
  for (const auto& m : astro_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> astro_model_names() {
  std::vector<std::string> names;
  for (const auto& m : astro_models()) names.push_back(m.name);
  return names;
}

}  // namespace tribody::models
