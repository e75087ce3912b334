// Conductance-based leaky integrate-and-fire with exponential synaptic
// conductances (NEST iaf_cond_exp; the Vogels-Abbott COBA neuron).
// Conductances decay exactly; the membrane is advanced by exponential Euler
// with each conductance replaced by its exact mean over the step: exact
// while both conductances are zero, second order in dt otherwise
// (docs/numerics.md).
#pragma once

#include "tribody/kernels/neuron_common.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

struct iaf_cond_exp {
  enum var { V_m, g_ex, g_in, n_vars };
  static constexpr int n_ports = 2;         // 0: excitatory, 1: inhibitory (nS)
  static constexpr bool conductance = true;  // port values are |weight|

  struct params {
    double E_L, E_ex, E_in, g_L, V_th, V_reset, I_e;  // mV, mV, mV, nS, mV, mV, pA
    double h_over_C;                                  // dt / C_m (ms/pF)
    double P_ex, P_in;                                // conductance decay over one step
    double mean_ex, mean_in;                          // step mean of g / g at step start
    int ref_steps;
  };

  TB_HD_INLINE static int update(const params& p, const soa_state& s, unsigned i,
                                 const neuron_input& in, const step_ctx&) {
    double V = s.v[V_m][i];
    double ge = s.v[g_ex][i];
    double gi = s.v[g_in][i];
    int r = s.refractory[i];
    int out = 0;
    if (r > 0) {
      --r;
      V = p.V_reset;
    } else {
      const double ge_m = ge * p.mean_ex;
      const double gi_m = gi * p.mean_in;
      const double g_tot = p.g_L + ge_m + gi_m;
      const double V_inf = (p.g_L * p.E_L + ge_m * p.E_ex + gi_m * p.E_in + p.I_e + in.i_ext) / g_tot;
      V = V_inf + (V - V_inf) * pm::exp(-g_tot * p.h_over_C);
      if (V >= p.V_th) {
        r = p.ref_steps;
        V = p.V_reset;
        out = step_spiked;
      }
    }
    s.v[V_m][i] = V;
    s.v[g_ex][i] = ge * p.P_ex + in.ports[0];
    s.v[g_in][i] = gi * p.P_in + in.ports[1];
    s.refractory[i] = r;
    return out;
  }
};

}  // namespace tribody::kern
