// Adaptive exponential integrate-and-fire neuron with alpha-shaped synaptic
// conductances (Brette & Gerstner 2005; NEST aeif_cond_alpha).
// The alpha conductances are linear and are evaluated exactly wherever they
// are needed. (V_m, w) advance by classical RK4 over n_sub equal substeps;
// near a spike the substep integrates u = exp(-(V_m - V_th)/Delta_T)
// instead of V_m, which stays smooth through the exponential blow-up, and a
// threshold crossing is located inside its substep, where the neuron is
// reset and integrated on from the reset state (docs/numerics.md).
#pragma once

#include "tribody/kernels/neuron_common.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

struct aeif_cond_alpha {
  enum var { V_m, w, g_ex, dg_ex, g_in, dg_in, n_vars };
  static constexpr int n_ports = 2;         // 0: excitatory, 1: inhibitory (nS)
  static constexpr bool conductance = true;  // port values are |weight|

  struct params {
    double g_L, E_L, E_ex, E_in, V_th, V_reset, V_peak, a, b, I_e;  // nS, mV x6, nS, pA, pA
    double inv_C;              // 1 / C_m (1/pF)
    double gL_over_C;          // g_L / C_m (1/ms)
    double Delta_T, inv_DT;    // mV; 1/Delta_T, or 0 when Delta_T == 0
    double gL_DT;              // g_L Delta_T (pA): the exponential current at V_th
    double inv_tau_w;          // 1/ms
    double V_spike;            // spike test: V_peak, or V_th when Delta_T == 0
    double u_peak;             // exp(-(V_peak - V_th)/Delta_T), or 0
    double inv_tau_ex, inv_tau_in;  // 1/ms
    double hs;                 // substep h / n_sub (ms)
    double Ph_ex, Ph_in;       // exp(-hs / (2 tau_syn)): half-substep propagators
    double h, P_ex, P_in;      // step (ms); exp(-h / tau_syn)
    double g0_ex, g0_in;       // e / tau_syn: dg jump per nS of input (1/ms)
    int n_sub, ref_steps;
  };

  // One alpha conductance: g and its driver dg (dg' = -dg/tau, g' = dg - g/tau).
  struct alpha {
    double g, dg;
  };
  // Both conductances at one time.
  struct conds {
    double ex, in;
  };
  // Time derivatives of the integrated pair (V_m or u, and w).
  struct deriv {
    double y, w;
  };
  enum mode : int { mode_V, mode_u, mode_held };

  // The alpha pair s ms later, given P = exp(-s/tau): exact.
  TB_HD_INLINE static alpha advance(alpha x, double P, double s) { return {P * (x.g + s * x.dg), P * x.dg}; }

  // Membrane currents other than the exponential one (pA).
  TB_HD_INLINE static double other_currents(const params& p, double V, double W, conds g, double I) {
    return -p.g_L * (V - p.E_L) - g.ex * (V - p.E_ex) - g.in * (V - p.E_in) - W + I;
  }

  TB_HD_INLINE static double dw_dt(const params& p, double V, double W) { return (p.a * (V - p.E_L) - W) * p.inv_tau_w; }

  // Right-hand side in the given mode. As in NEST, V_m above V_peak acts
  // as V_peak, which bounds the exponential; while refractory V_m is V_reset.
  TB_HD_INLINE static deriv rhs(const params& p, int m, double y, double W, conds g, double I) {
    if (m == mode_held) return {0.0, dw_dt(p, p.V_reset, W)};
    if (m == mode_u) {
      const double u = y > p.u_peak ? y : p.u_peak;
      const double V = p.V_th - p.Delta_T * pm::log(u);
      return {-p.gL_over_C - u * other_currents(p, V, W, g, I) * p.inv_DT * p.inv_C, dw_dt(p, V, W)};
    }
    const double V = y < p.V_peak ? y : p.V_peak;
    const double I_exp = p.gL_DT * pm::exp((V - p.V_th) * p.inv_DT);
    return {(other_currents(p, V, W, g, I) + I_exp) * p.inv_C, dw_dt(p, V, W)};
  }

  // Classical RK4 over L ms from (y, W); k1 is the derivative at the start,
  // gm and ge the conductances at L/2 and L.
  TB_HD_INLINE static void rk4(const params& p, int m, double& y, double& W, deriv k1, conds gm, conds ge, double L,
                               double I) {
    const double hh = 0.5 * L;
    const deriv k2 = rhs(p, m, y + hh * k1.y, W + hh * k1.w, gm, I);
    const deriv k3 = rhs(p, m, y + hh * k2.y, W + hh * k2.w, gm, I);
    const deriv k4 = rhs(p, m, y + L * k3.y, W + L * k3.w, ge, I);
    const double L6 = L / 6.0;
    y = y + L6 * (k1.y + 2.0 * k2.y + 2.0 * k3.y + k4.y);
    W = W + L6 * (k1.w + 2.0 * k2.w + 2.0 * k3.w + k4.w);
  }

  TB_HD_INLINE static int update(const params& p, const soa_state& s, unsigned i, const neuron_input& in,
                                 const step_ctx&) {
    double V = s.v[V_m][i];
    double W = s.v[w][i];
    const alpha ex0{s.v[g_ex][i], s.v[dg_ex][i]};
    const alpha in0{s.v[g_in][i], s.v[dg_in][i]};
    int r = s.refractory[i];
    const double I = p.I_e + in.i_ext;
    bool held = r > 0;
    bool spiked = false;
    alpha ex = ex0, inh = in0;  // at the start of the substep
    const double hh = 0.5 * p.hs;
    for (int j = 0; j < p.n_sub; ++j) {
      const alpha ex_m = advance(ex, p.Ph_ex, hh), in_m = advance(inh, p.Ph_in, hh);
      const alpha ex_e = advance(ex_m, p.Ph_ex, hh), in_e = advance(in_m, p.Ph_in, hh);
      const conds c0{ex.g, inh.g}, cm{ex_m.g, in_m.g}, ce{ex_e.g, in_e.g};
      if (held) {
        rk4(p, mode_held, V, W, rhs(p, mode_held, V, W, c0, I), cm, ce, p.hs, I);
        V = p.V_reset;
      } else {
        // Integrate u when the exponential current dominates (never when Delta_T == 0).
        const double Vc = V < p.V_peak ? V : p.V_peak;
        const double other = other_currents(p, Vc, W, c0, I);
        const double I_exp = p.gL_DT * pm::exp((Vc - p.V_th) * p.inv_DT);
        const double dw0 = dw_dt(p, Vc, W);
        const int m = I_exp > (other < 0.0 ? -other : other) ? mode_u : mode_V;
        double y0, k1y;
        if (m == mode_u) {
          y0 = p.gL_DT / I_exp;  // u at the start
          k1y = -p.gL_over_C - y0 * other * p.inv_DT * p.inv_C;
        } else {
          y0 = V;
          k1y = (other + I_exp) * p.inv_C;
        }
        const deriv k1{k1y, dw0};
        double y = y0, W1 = W;
        rk4(p, m, y, W1, k1, cm, ce, p.hs, I);
        bool crossed;
        double theta;  // crossing time as a fraction of the substep
        if (m == mode_u) {
          crossed = y <= p.u_peak;
          theta = (y0 - p.u_peak) / (y0 - y);
        } else {
          crossed = y >= p.V_spike;
          theta = (p.V_spike - y0) / (y - y0);
        }
        if (!crossed) {
          V = m == mode_u ? p.V_th - p.Delta_T * pm::log(y) : y;
          W = W1;
        } else {
          spiked = true;
          if (!(theta > 0.0)) theta = 0.0;  // also NaN
          if (theta > 1.0) theta = 1.0;
          const double d = theta * p.hs;
          // w at the crossing: RK4 over [0, d] in the same mode.
          const double Pq_ex = pm::exp(-0.5 * d * p.inv_tau_ex), Pq_in = pm::exp(-0.5 * d * p.inv_tau_in);
          const alpha ex_q = advance(ex, Pq_ex, 0.5 * d), in_q = advance(inh, Pq_in, 0.5 * d);
          const alpha ex_d = advance(ex_q, Pq_ex, 0.5 * d), in_d = advance(in_q, Pq_in, 0.5 * d);
          if (d > 0.0) {
            double yd = y0;
            rk4(p, m, yd, W, k1, {ex_q.g, in_q.g}, {ex_d.g, in_d.g}, d, I);
          }
          V = p.V_reset;
          W = W + p.b;
          if (p.ref_steps > 0) held = true;
          // The rest of the substep from the reset state.
          const double L = p.hs - d;
          if (L > 0.0) {
            const int mr = held ? mode_held : mode_V;
            const double Pr_ex = pm::exp(-0.5 * L * p.inv_tau_ex), Pr_in = pm::exp(-0.5 * L * p.inv_tau_in);
            const alpha ex_r = advance(ex_d, Pr_ex, 0.5 * L), in_r = advance(in_d, Pr_in, 0.5 * L);
            const conds cd{ex_d.g, in_d.g};
            rk4(p, mr, V, W, rhs(p, mr, V, W, cd, I), {ex_r.g, in_r.g}, ce, L, I);
            if (held) {
              V = p.V_reset;
            } else if (V >= p.V_spike) {  // absurd input: a second crossing, reset at once
              V = p.V_reset;
              W = W + p.b;
            }
          }
        }
      }
      ex = ex_e;
      inh = in_e;
    }
    if (spiked) {
      r = p.ref_steps;
    } else if (r > 0) {
      --r;
    }
    s.v[V_m][i] = V;
    s.v[w][i] = W;
    s.v[g_ex][i] = p.P_ex * (ex0.g + p.h * ex0.dg);
    s.v[dg_ex][i] = p.P_ex * ex0.dg + in.ports[0] * p.g0_ex;
    s.v[g_in][i] = p.P_in * (in0.g + p.h * in0.dg);
    s.v[dg_in][i] = p.P_in * in0.dg + in.ports[1] * p.g0_in;
    s.refractory[i] = r;
    return spiked ? step_spiked : 0;
  }
};

}  // namespace tribody::kern
