// Kernel parameters of each neuron model: exact propagators, in double.
#include <cmath>
#include <limits>

#include "plan/network_plan.hpp"

namespace tribody::plan {
namespace {

int steps_of(double t, double dt) { return static_cast<int>(std::llround(t / dt)); }

// tau/C * (1 - e^{-h/tau}): voltage response to a current held for one step.
double current_propagator(double tau, double C, double h) { return -tau / C * std::expm1(-h / tau); }

// Voltage response over one step to a synaptic current that starts at 1 pA
// and decays with tau_syn: (h/C) e^{-h/tau_m} (e^x - 1)/x, x = h(1/tau_m - 1/tau_syn).
// Finite and accurate also when tau_syn == tau_m.
double syn_propagator(double tau_syn, double tau_m, double C, double h) {
  const double x = h * (1.0 / tau_m - 1.0 / tau_syn);
  const double ratio = std::fabs(x) < 1e-300 ? 1.0 : std::expm1(x) / x;
  return h / C * std::exp(-h / tau_m) * ratio;
}

long long start_step(double t, double dt) { return static_cast<long long>(std::ceil(t / dt - 1e-9)); }

long long stop_step(double t, double dt) {
  if (!std::isfinite(t)) return std::numeric_limits<long long>::max();
  return static_cast<long long>(std::ceil(t / dt - 1e-9));
}

}  // namespace

neuron_params make_neuron_params(models::neuron_kind kind, const models::value_map& p, double h) {
  using models::neuron_kind;
  switch (kind) {
    case neuron_kind::iaf_psc_exp: {
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
    case neuron_kind::iaf_psc_delta: {
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
    case neuron_kind::iaf_cond_exp: {
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
    case neuron_kind::aeif_cond_alpha: {
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
    case neuron_kind::izhikevich: {
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
    case neuron_kind::poisson_source: {
      kern::poisson_source::params k{};
      k.p_spike = p.at("rate") * h * 1e-3;
      k.start_step = start_step(p.at("start"), h);
      k.stop_step = stop_step(p.at("stop"), h);
      return k;
    }
  }
  return kern::iaf_psc_exp::params{};
}

}  // namespace tribody::plan
