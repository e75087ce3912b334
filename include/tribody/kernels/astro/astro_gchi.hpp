// G-ChI astrocyte (De Pitta et al. 2009; Stimberg et al. 2018): receptor
// activation Gamma_A by synaptic glutamate, IP3 production (PLCbeta,
// PLCdelta) and degradation (IP3-3K, IP5P), Ca2+-induced Ca2+ release
// through IP3Rs (Li-Rinzel core), and gliotransmitter release when Ca2+
// crosses C_Theta upwards. Units: ms, µM (docs/astrocytes.md).
//
// Integrator: every variable is written x' = P(state) - L(state) x with
// P, L >= 0, and advanced by the exponential step with P, L frozen, first
// at the start of the step (predictor) and then at the midpoint of start and
// predictor (corrector): second order, unconditionally stable on the stiff
// linear parts, and positivity preserving. Explicit Euler is available for
// comparison only (docs/astrocytes.md, convergence table).
#pragma once

#include "tribody/kernels/astro/astro_common.hpp"
#include "tribody/kernels/neuron_common.hpp"

namespace tribody::kern {

struct astro_gchi {
  enum var { Gamma_A, I, C, h, G_A, x_A, Y_S, n_vars };
  static constexpr int coupled_var = I;  // gap junctions carry IP3

  struct params {
    // Receptors (Gamma_A)
    double O_N, Omega_N, K_KC, zeta;
    // IP3 production and degradation
    double O_beta, O_delta, kappa_delta, K_delta, O_3K, K_D, K_3K, Omega_5P;
    double F_ex, I_Theta, omega_I, I_bias;  // exogenous IP3 term J_ex
    double O_M;                             // IP3 production per unit neuromodulator (µM/ms)
    // Ca2+ and IP3R gating
    double Omega_C, Omega_L, O_P, K_P, C_T, rho_A, d_1, d_2, d_3, d_5, O_2;
    // Gliotransmitter: release on upward crossing of C_Theta
    double C_Theta, Omega_A, U_A, G_release, Omega_e;  // G_release = rho_e * G_T (µM)
    // Synaptic glutamate seen by the astrocyte: decays with Omega_c
    double Omega_c;
    astro_integrator integrator;
  };

  struct rates {
    double P[4], L[4];  // Gamma_A, I, C, h
  };

  TB_HD_INLINE static rates eval(const params& p, double gamma, double ip3, double ca, double hh, double glu,
                                 const astro_input& in) {
    rates r;
    r.P[0] = p.O_N * glu;
    r.L[0] = p.O_N * glu + p.Omega_N * (1.0 + p.zeta * ca / (ca + p.K_KC));
    // IP3: positive terms produce, negative terms are losses proportional to I.
    const double j_beta = p.O_beta * gamma;
    const double j_delta = p.O_delta / (1.0 + ip3 / p.kappa_delta) * hill(ca, p.K_delta, 2);
    // Exogenous IP3: the thresholded flux towards I_bias (as between gap-junction neighbours).
    const double j_ex = gap_flux(p.I_bias, ip3, p.F_ex, p.I_Theta, p.omega_I);
    double produce = j_beta + j_delta + p.O_M * in.neuromodulator;
    double lose = 0.0;  // absolute loss rate, turned into L below
    (j_ex > 0.0 ? produce : lose) += j_ex > 0.0 ? j_ex : -j_ex;
    r.P[1] = produce;
    r.L[1] = p.O_3K * hill(ca, p.K_D, 4) / (ip3 + p.K_3K) + p.Omega_5P + lose / (ip3 > 1e-12 ? ip3 : 1e-12);
    // Ca2+: release through IP3Rs and leak from the ER, SERCA uptake.
    const double m_inf = ip3 / (ip3 + p.d_1) * ca / (ca + p.d_5);
    const double mh = m_inf * hh;
    const double k_rel = p.Omega_C * mh * mh * mh + p.Omega_L;
    r.P[2] = k_rel * p.C_T;
    r.L[2] = k_rel * (1.0 + p.rho_A) + p.O_P * ca / (ca * ca + p.K_P * p.K_P);
    // IP3R inactivation gate: h' = (h_inf - h) / tau_h = O_2 Q_2 - O_2 (Q_2 + C) h.
    const double q2 = p.d_2 * (ip3 + p.d_1) / (ip3 + p.d_3);
    r.P[3] = p.O_2 * q2;
    r.L[3] = p.O_2 * (q2 + ca);
    return r;
  }

  // One slow step of astrocyte a; x holds the n_vars state values.
  TB_HD_INLINE static astro_output step(const params& p, double* x, const astro_input& in, double dt) {
    // Synaptic glutamate: exact mean over the step and value at its end.
    const double decay = pm::exp(-p.Omega_c * dt);
    const double glu_mean = (x[Y_S] * (1.0 - decay) / p.Omega_c + in.acc_int) / dt;
    const double glu_end = x[Y_S] * decay + in.acc_end;
    double x0[4] = {x[Gamma_A], x[I], x[C], x[h]};
    double x1[4];
    const rates r0 = eval(p, x0[0], x0[1], x0[2], x0[3], glu_mean, in);
    for (int k = 0; k < 4; ++k) x1[k] = advance(p.integrator, x0[k], r0.P[k], r0.L[k], dt);
    if (p.integrator == astro_integrator::exponential) {
      const rates rm = eval(p, 0.5 * (x0[0] + x1[0]), 0.5 * (x0[1] + x1[1]), 0.5 * (x0[2] + x1[2]),
                            0.5 * (x0[3] + x1[3]), glu_mean, in);
      for (int k = 0; k < 4; ++k) x1[k] = exp_step(x0[k], rm.P[k], rm.L[k], dt);
    }
    astro_output out;
    // Gliotransmitter: G_A decays with Omega_e, x_A recovers with Omega_A;
    // an upward crossing of C_Theta releases at the interpolated time.
    const double ga_decay = pm::exp(-p.Omega_e * dt);
    double ga_integral = x[G_A] * (1.0 - ga_decay) / p.Omega_e;
    double ga = x[G_A] * ga_decay;
    double xa = 1.0 - (1.0 - x[x_A]) * pm::exp(-p.Omega_A * dt);
    if (x0[2] < p.C_Theta && x1[2] >= p.C_Theta) {
      const double f = (p.C_Theta - x0[2]) / (x1[2] - x0[2]);  // crossing at t + f dt
      const double rest = (1.0 - f) * dt;
      const double xa_c = 1.0 - (1.0 - x[x_A]) * pm::exp(-p.Omega_A * f * dt);
      const double release = p.G_release * p.U_A * xa_c;
      const double rest_decay = pm::exp(-p.Omega_e * rest);
      ga += release * rest_decay;
      ga_integral += release * (1.0 - rest_decay) / p.Omega_e;
      xa = 1.0 - (1.0 - xa_c * (1.0 - p.U_A)) * pm::exp(-p.Omega_A * rest);
      out.released = true;
      out.release_at = f;
    }
    x[Gamma_A] = x1[0];
    x[I] = x1[1];
    x[C] = x1[2];
    x[h] = x1[3];
    x[G_A] = ga;
    x[x_A] = xa;
    x[Y_S] = glu_end;
    out.glio_mean = ga_integral / dt;
    return out;
  }
};

}  // namespace tribody::kern
