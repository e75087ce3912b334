// Leaky integrate-and-fire with delta synapses (NEST iaf_psc_delta): each
// input spike makes the membrane potential jump by its weight (mV). Exact
// integration; input that arrives during refractoriness is discarded.
#pragma once

#include "tribody/kernels/neuron_common.hpp"

namespace tribody::kern {

struct iaf_psc_delta {
  enum var { V_m, n_vars };
  static constexpr int n_ports = 1;  // voltage jumps (mV), signed
  static constexpr bool conductance = false;

  struct params {
    double E_L, V_th, V_reset, V_min, I_e;  // mV, mV, mV, mV, pA
    double P33, P30;                        // membrane decay; current -> voltage (mV/pA)
    int ref_steps;
  };

  TB_HD_INLINE static int update(const params& p, const soa_state& s, unsigned i,
                                 const neuron_input& in, const step_ctx&) {
    double V = s.v[V_m][i];
    int r = s.refractory[i];
    if (r == 0) {
      V = p.E_L + (V - p.E_L) * p.P33 + (p.I_e + in.i_ext) * p.P30 + in.ports[0];
      if (V < p.V_min) V = p.V_min;
    } else {
      --r;
    }
    int out = 0;
    if (V >= p.V_th) {
      r = p.ref_steps;
      V = p.V_reset;
      out = step_spiked;
    }
    s.v[V_m][i] = V;
    s.refractory[i] = r;
    return out;
  }
};

}  // namespace tribody::kern
