// Li-Rinzel astrocyte as NEST's astrocyte_lr_1994 (units ms, µM): IP3
// relaxes to IP3_0 with tau_IP3 and jumps by delta_IP3 * w per input spike
// (integrated exactly, events at their own times); Ca2+ and the IP3R gate
// h_IP3R follow the Li-Rinzel equations, integrated as in astro_gchi.hpp
// with IP3 replaced by its exact mean over the step.
#pragma once

#include "tribody/kernels/astro/astro_common.hpp"

namespace tribody::kern {

struct astro_lr {
  enum var { IP3, Ca_astro, h_IP3R, n_vars };
  static constexpr int coupled_var = IP3;

  struct params {
    double Ca_tot, IP3_0, Kd_IP3_1, Kd_IP3_2, Kd_act, Kd_inh, Km_SERCA;
    double k_IP3R, rate_IP3R, rate_L, rate_SERCA, ratio_ER_cyt, tau_IP3;
    double O_M;  // IP3 production per unit neuromodulator (µM/ms)
    astro_integrator integrator;
  };

  // Ca2+ (index 0) and h (index 1) in production-loss form at mean IP3.
  TB_HD_INLINE static void eval(const params& p, double ca, double hh, double ip3, double* P, double* L) {
    const double m_inf = ip3 / (ip3 + p.Kd_IP3_1);
    const double n_inf = ca / (ca + p.Kd_act);
    const double mnh = m_inf * n_inf * hh;
    // J_ch + J_leak = r (k) (Ca_ER - C), Ca_ER = (Ca_tot - C) / r: linear in C.
    const double k = p.rate_IP3R * mnh * mnh * mnh + p.rate_L;
    P[0] = k * p.Ca_tot;
    L[0] = k * (1.0 + p.ratio_ER_cyt) + p.rate_SERCA * ca / (p.Km_SERCA * p.Km_SERCA + ca * ca);
    const double alpha = p.k_IP3R * p.Kd_inh * (ip3 + p.Kd_IP3_1) / (ip3 + p.Kd_IP3_2);
    P[1] = alpha;
    L[1] = alpha + p.k_IP3R * ca;
  }

  TB_HD_INLINE static astro_output step(const params& p, double* x, const astro_input& in, double dt) {
    // IP3: exact relaxation (to IP3_0 plus neuromodulator-driven production)
    // plus the input events, decayed and integrated exactly.
    const double ip3_inf = p.IP3_0 + p.tau_IP3 * p.O_M * in.neuromodulator;
    const double decay = pm::exp(-dt / p.tau_IP3);
    const double excess = x[IP3] - ip3_inf;
    const double ip3_mean = ip3_inf + (excess * p.tau_IP3 * (1.0 - decay) + in.acc_int) / dt;
    const double ip3_end = ip3_inf + excess * decay + in.acc_end;
    double P0[2], L0[2], Pm[2], Lm[2];
    eval(p, x[Ca_astro], x[h_IP3R], ip3_mean, P0, L0);
    double ca = advance(p.integrator, x[Ca_astro], P0[0], L0[0], dt);
    double hh = advance(p.integrator, x[h_IP3R], P0[1], L0[1], dt);
    if (p.integrator == astro_integrator::exponential) {
      eval(p, 0.5 * (x[Ca_astro] + ca), 0.5 * (x[h_IP3R] + hh), ip3_mean, Pm, Lm);
      ca = exp_step(x[Ca_astro], Pm[0], Lm[0], dt);
      hh = exp_step(x[h_IP3R], Pm[1], Lm[1], dt);
    }
    x[IP3] = ip3_end;
    x[Ca_astro] = ca;
    x[h_IP3R] = hh;
    astro_output out;
    return out;
  }
};

// The slow integrator of the three-body framework: dCa/dt = -Ca/tau_Ca +
// activity * neuromodulator, where activity is the train of synaptic events
// (each adds its amount times the neuromodulator concentration); integrated
// exactly. gate = sigmoid(k (Ca - theta)).
struct astro_slow {
  enum var { Ca, gate, n_vars };
  static constexpr int coupled_var = Ca;

  struct params {
    double tau_Ca, theta, k;
    bool modulated;  // false: no neuromodulator named, the events count fully
  };

  TB_HD_INLINE static astro_output step(const params& p, double* x, const astro_input& in, double dt) {
    const double m = p.modulated ? in.neuromodulator : 1.0;
    const double decay = pm::exp(-dt / p.tau_Ca);
    const double ca = x[Ca] * decay + m * in.acc_end;
    x[Ca] = ca;
    x[gate] = sigmoid(p.k * (ca - p.theta));
    astro_output out;
    return out;
  }
};

}  // namespace tribody::kern
