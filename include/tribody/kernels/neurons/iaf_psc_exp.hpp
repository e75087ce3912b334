// Leaky integrate-and-fire with exponential post-synaptic currents
// (NEST iaf_psc_exp). Linear subthreshold dynamics: integrated exactly by
// propagators computed on the host (docs/numerics.md).
#pragma once

#include "tribody/kernels/neuron_common.hpp"

namespace tribody::kern {

struct iaf_psc_exp {
  enum var { V_m, I_syn_ex, I_syn_in, n_vars };
  static constexpr int n_ports = 2;          // 0: excitatory, 1: inhibitory (pA)
  static constexpr bool conductance = false;  // port values are signed currents

  struct params {
    double E_L, V_th, V_reset, I_e;    // mV, mV, mV, pA
    double P22, P20;                   // membrane decay; current -> voltage (mV/pA)
    double P11_ex, P11_in;             // synaptic current decay
    double P21_ex, P21_in;             // synaptic current -> voltage (mV/pA)
    int ref_steps;
  };

  TB_HD_INLINE static int update(const params& p, const soa_state& s, unsigned i,
                                 const neuron_input& in, const step_ctx&) {
    double V = s.v[V_m][i];
    double Ie = s.v[I_syn_ex][i];
    double Ii = s.v[I_syn_in][i];
    int r = s.refractory[i];
    if (r == 0) {
      V = p.E_L + (V - p.E_L) * p.P22 + Ie * p.P21_ex + Ii * p.P21_in + (p.I_e + in.i_ext) * p.P20;
    } else {
      --r;
    }
    Ie = Ie * p.P11_ex + in.ports[0];
    Ii = Ii * p.P11_in + in.ports[1];
    int out = 0;
    if (V >= p.V_th) {
      r = p.ref_steps;
      V = p.V_reset;
      out = step_spiked;
    }
    s.v[V_m][i] = V;
    s.v[I_syn_ex][i] = Ie;
    s.v[I_syn_in][i] = Ii;
    s.refractory[i] = r;
    return out;
  }
};

}  // namespace tribody::kern
