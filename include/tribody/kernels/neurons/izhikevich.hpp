// Izhikevich (2003) neuron as in NEST's izhikevich with
// consistent_integration: forward Euler on (v, u) from the values at the
// start of the step; input spikes make v jump by their weight (mV).
#pragma once

#include "tribody/kernels/neuron_common.hpp"

namespace tribody::kern {

struct izhikevich {
  enum var { V_m, U_m, n_vars };
  static constexpr int n_ports = 1;
  static constexpr bool conductance = false;

  struct params {
    double a, b, c, d;            // 1/ms, 1/ms, mV, mV/ms (NEST's units)
    double V_th, V_min, I_e, h;   // mV, mV, pA, ms
  };

  TB_HD_INLINE static int update(const params& p, const soa_state& s, unsigned i,
                                 const neuron_input& in, const step_ctx&) {
    const double v0 = s.v[V_m][i];
    const double u0 = s.v[U_m][i];
    double v = v0 + p.h * (0.04 * v0 * v0 + 5.0 * v0 + 140.0 - u0 + p.I_e + in.i_ext) + in.ports[0];
    double u = u0 + p.h * p.a * (p.b * v0 - u0);
    if (v < p.V_min) v = p.V_min;
    int out = 0;
    if (v >= p.V_th) {
      v = p.c;
      u = u + p.d;
      out = step_spiked;
    }
    s.v[V_m][i] = v;
    s.v[U_m][i] = u;
    return out;
  }
};

}  // namespace tribody::kern
