// What every astrocyte model kernel sees. Astrocytes advance on the slow
// clock (slow_dt, a multiple of dt). Their synaptic input is accumulated on
// the fast clock, exactly: each event adds its amount decayed to the end of
// the slow step (acc_end) and its time integral over the rest of the step
// (acc_int), both as fixed-point integers so the sums are order-independent.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

// Astrocyte input accumulators use the fixed point of hd.hpp (to_fixed,
// from_fixed): 2^-32 resolution (a NEST-default IP3 jump of 2e-4 uM is
// resolved to 1e-6 of itself), range +-2^31 (uM, uM*ms) per astrocyte and
// slow step.

enum class astro_integrator : int { exponential, euler };

// The input of one astrocyte over one slow step [t, t + Delta).
struct astro_input {
  double acc_end = 0.0;    // events decayed to the end of the step
  double acc_int = 0.0;    // time integral of the events' contributions over the step (unit * ms)
  double neuromodulator = 0.0;  // concentration during the step
};

// What a slow step reports besides the new state.
struct astro_output {
  double glio_mean = 0.0;  // mean released gliotransmitter over the step (µM), G-ChI only
  bool released = false;   // a gliotransmitter release happened in the step
  double release_at = 0.0; // ... at this fraction of the step
};

// x' = P - L x over h with P and L held constant: exact, stable for any
// L >= 0 and positive when P >= 0 (the exponential / QSS step).
TB_HD_INLINE double exp_step(double x, double P, double L, double h) {
  const double z = L * h;
  const double f = z < 1e-8 ? h * (1.0 - 0.5 * z) : -pm::expm1(-z) / L;  // (1 - e^{-Lh}) / L
  return x + (P - L * x) * f;
}

// One step of x' = P - L x: the exponential step, or explicit Euler.
TB_HD_INLINE double advance(astro_integrator k, double x, double P, double L, double h) {
  return k == astro_integrator::euler ? x + (P - L * x) * h : exp_step(x, P, L, h);
}

TB_HD_INLINE double hill(double x, double k, int n) {
  double xn = 1.0, kn = 1.0;
  for (int i = 0; i < n; ++i) {
    xn *= x;
    kn *= k;
  }
  return xn / (xn + kn);
}

TB_HD_INLINE double sigmoid(double z) { return 1.0 / (1.0 + pm::exp(-z)); }

// Gap-junction flux from a neighbour with value xn to a cell with value xc
// (Stimberg et al. 2018): F/2 (1 + tanh((|d| - threshold) / width)) sign(d).
TB_HD_INLINE double gap_flux(double xn, double xc, double F, double threshold, double width) {
  const double d = xn - xc;
  if (d == 0.0) return 0.0;
  const double ad = d < 0.0 ? -d : d;
  const double j = 0.5 * F * (1.0 + pm::tanh((ad - threshold) / width));
  return d > 0.0 ? j : -j;
}

}  // namespace tribody::kern
