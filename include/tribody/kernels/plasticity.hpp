// Spike-timing-dependent plasticity, written once for both backends: the
// weight updates of NEST's stdp_synapse, stdp_nn_symm_synapse and
// stdp_nn_pre_centered_synapse (docs/plasticity.md), applied event by event.
//
// Times are in steps: a spike of step n is stamped (n + 1) dt. With a
// (dendritic) delay of D steps, the synapse sees a presynaptic spike of
// step m at step m and a postsynaptic spike of step n at step n + D. At
// step m, arrivals (post-triggered potentiation) come before the
// presynaptic spikes (pre-triggered depression and transmission); each sees
// the other side's spikes strictly before it, as NEST does.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

enum class stdp_pairing : int { all_to_all, nn_symm, nn_pre_centered };

// The astrocyte as the third factor (docs/plasticity.md): tripartite_stdp
// scales each pairing by a factor of the astrocyte's calcium;
// astro_three_factor puts the pairings into a compartment's history, whose
// Ca gates the weight change on the slow clock.
enum class astro_rule : int { none, tripartite_stdp, three_factor };

struct stdp_params {
  stdp_pairing pairing = stdp_pairing::all_to_all;
  double lambda = 0.01, alpha = 1.0, mu_plus = 1.0, mu_minus = 1.0, Wmax = 100.0;
  double inv_Wmax = 0.01;  // 1 / Wmax: a multiplication per update instead of a division
  double rate_plus = 0.005;   // dt / tau_plus
  double rate_minus = 0.005;  // dt / tau_minus
  double step_plus = 0.0, step_minus = 0.0;  // exp(-rate_plus), exp(-rate_minus): a step's decay (host std::exp)
  // stdp_dopamine (all-to-all traces): eligibility jumps and weight bounds,
  // the dopamine trace's constants.
  int dopamine = 0;
  double A_plus = 1.0, A_minus = 1.5, Wmin = 0.0, b_tau_c = 0.0;  // b_tau_c: b * tau_c
  double step_n = 1.0;      // exp(-dt / tau_n)
  double inv_tau_n = 0.0;   // n's jump per dopamine spike
  double step_c = 1.0;      // exp(-dt / tau_c)
  double n_integral = 0.0;  // integral over one step of exp(-u / tau_c - u / tau_n) du (ms)
  // The astrocyte rules: local (the synapse's own compartment or factor)
  // or broadcast (its territory's).
  astro_rule astro = astro_rule::none;
  int local = 0;
  double inv_Ca_scale = 1.0, theta = 0.3, k_gate = 2.0;
  // astro_three_factor on slow steps of length S: dw = eta / tau_h * gate *
  // (integral of h over the step), h decays by step_h per slow step (h_int0
  // = tau_h (1 - step_h): the integral of a unit h over one), Ca by step_Ca,
  // and gains max(integral of h, 0) * (integral of M) * Ca_gain, Ca_gain =
  // tau_Ca (1 - step_Ca) / S^2 (the step means' product); M_step: the
  // constant modulator's integral over a slow step.
  double eta_per_tau_h = 0.0, step_h = 1.0, h_int0 = 0.0, step_Ca = 1.0, Ca_gain = 0.0, M_step = 0.0;
  double n_step_int = 0.0;  // integral over one fast step of the dopamine trace, per unit of it: tau_n (1 - step_n)
};

// tripartite_stdp's factor of normalised calcium c: c / theta below theta
// (suppressed), 1 + k (c - theta) above (enhanced).
TB_HD_INLINE double tripartite_factor(const stdp_params& p, double c) {
  return c < p.theta ? c / p.theta : 1.0 + p.k_gate * (c - p.theta);
}

// A weight clipped to [Wmin, Wmax].
TB_HD_INLINE double clip_weight(const stdp_params& p, double w) { return w < p.Wmin ? p.Wmin : (w > p.Wmax ? p.Wmax : w); }

// astro_three_factor's compartment after a slow step: Ca decays and gains
// the step's activity (integral of h, rectified) times its modulator
// (integral of n, plus the constant's).
// The drive: max(integral of the activity, 0) x (integral of M).
TB_HD_INLINE double three_factor_drive(const stdp_params& p, double activity, double n_integral) {
  return (activity > 0.0 ? activity : 0.0) * (n_integral + p.M_step);
}
TB_HD_INLINE double three_factor_calcium(const stdp_params& p, double ca, double activity, double n_integral) {
  return ca * p.step_Ca + three_factor_drive(p, activity, n_integral) * p.Ca_gain;
}

// stdp_dopamine's weight, NEST's dw/dt = c (n - b): the integrals of
// exp(-(s - base) / tau_c) n(s) from a period's start `base` (a time index)
// to base + k, and exp(-k dt / tau_c), for k up to the period's length
// (dopamine_period in the engine, where all synapses are brought to the
// end of a period and a new one starts).
struct dopamine_integrals {
  const double* B = nullptr;
  const double* D = nullptr;
  const long long* base = nullptr;  // [1]
};

// Synapse state (w, c at relative time index k0) to k1: the weight gains the
// integral of c (n - b) and is clipped to [Wmin, Wmax] (as NEST does at its
// update points), c decays.
TB_HD_INLINE void dopamine_advance(const stdp_params& p, const dopamine_integrals& d, double& w, double& c, long long k0,
                                   long long k1) {
  const double ratio = d.D[k1] / d.D[k0];
  w = clip_weight(p, w + c * ((d.B[k1] - d.B[k0]) / d.D[k0] - p.b_tau_c * (1.0 - ratio)));
  c *= ratio;
}

// x^mu for x >= 0, exact for mu = 0 and mu = 1 (additive and
// multiplicative STDP).
TB_HD_INLINE double pow_mu(double x, double mu) {
  if (mu == 0.0) return 1.0;
  if (mu == 1.0) return x;
  return x > 0.0 ? pm::exp(mu * pm::log(x)) : 0.0;
}

// NEST's facilitate_ and depress_, in units of Wmax (w / Wmax as w * (1 /
// Wmax): within an ulp of NEST's quotient).
TB_HD_INLINE double stdp_facilitate(const stdp_params& p, double w, double k_plus) {
  const double x = w * p.inv_Wmax;
  const double n = x + p.lambda * pow_mu(1.0 - x, p.mu_plus) * k_plus;
  return n < 1.0 ? n * p.Wmax : p.Wmax;
}
TB_HD_INLINE double stdp_depress(const stdp_params& p, double w, double k_minus) {
  const double x = w * p.inv_Wmax;
  const double n = x - p.alpha * p.lambda * pow_mu(x, p.mu_minus) * k_minus;
  return n > 0.0 ? n * p.Wmax : 0.0;
}

// exp(-steps * rate): the decay of a trace over `steps` steps.
TB_HD_INLINE double decay(long long steps, double rate) { return pm::exp(-static_cast<double>(steps) * rate); }

// A step before any (far enough that adding a delay keeps it before any).
constexpr long long no_spike = -(1LL << 60);

// The last `depth` spikes of each neuron of a population, with the trace
// just after each (NEST's archiving node, bounded: depth covers the longest
// delay, so every query finds its spike or the one before). depth is a
// power of two (a mask, not a division, finds a spike's slot).
struct spike_history {
  long long* step = nullptr;       // [neuron][depth]
  double* trace = nullptr;         // [neuron][depth]: sum of exp over spikes up to this one (or none)
  unsigned long long* n = nullptr;  // [neuron]: spikes so far
  unsigned depth = 1;
  // [neuron][recent_len]: the steps of its newest spikes, newest first
  // (none: no_spike), or null. A dense copy (half a cache line a neuron):
  // lazy plasticity's test for pending arrivals, and the common case of a
  // few, stay in cache.
  static constexpr unsigned recent_len = 4;
  long long* recent = nullptr;

  TB_HD_INLINE unsigned long long at(unsigned j, unsigned long long k) const {
    return j * static_cast<unsigned long long>(depth) + (k & (depth - 1));
  }
  // Index k (0-based, in spike order) of the newest spike of j before step q, or -1.
  TB_HD_INLINE long long before(unsigned j, long long q) const {
    const unsigned long long c = n[j];
    for (unsigned long long back = 0; back < c && back < depth; ++back) {
      const unsigned long long k = c - 1 - back;
      if (step[at(j, k)] < q) return static_cast<long long>(k);
    }
    return -1;
  }
  // After neuron j's spike in step t.
  TB_HD_INLINE void append(unsigned j, long long t, double rate) const {
    const unsigned long long c = n[j];
    if (trace != nullptr) {  // (kept only where queries need it)
      double tr = 1.0;
      if (c > 0) tr += trace[at(j, c - 1)] * decay(t - step[at(j, c - 1)], rate);
      trace[at(j, c)] = tr;
    }
    step[at(j, c)] = t;
    n[j] = c + 1;
    if (recent != nullptr) {
      long long* r = recent + static_cast<unsigned long long>(recent_len) * j;
      for (unsigned q = recent_len - 1; q > 0; --q) r[q] = r[q - 1];
      r[0] = t;
    }
  }
  // The slot of neuron j's newest spike (a prefetch hint's address).
  TB_HD_INLINE const long long* newest(unsigned j) const { return step + at(j, n[j] + depth - 1); }
};

// The depth of a target's spike history (a power of two): lazy rules keep
// every spike a pending arrival may come from, the longest delay's window
// and history_slack more (a catch-up pass when a target fills them);
// the astrocyte rules keep one only for per-synapse delays (a query may
// reach back past later spikes), else 0.
constexpr unsigned history_slack = 32;
inline unsigned history_depth(int max_delay, bool lazy, bool constant_delay) {
  if (!lazy && constant_delay) return 0;
  const unsigned want = static_cast<unsigned>(max_delay) + 1 + (lazy ? history_slack : 0);
  unsigned d = 1;
  while (d < want) d *= 2;
  return d;
}

// The postsynaptic trace a presynaptic spike of step m meets through delay
// D: post spikes of steps < m - D, at time (m + 1 - D) dt (NEST's
// get_K_value; nearest-neighbour rules: only the last spike counts).
TB_HD_INLINE double post_trace(const stdp_params& p, const spike_history& h, unsigned j, long long m, int D) {
  const long long q = m - D;
  const long long k = h.before(j, q);
  if (k < 0) return 0.0;
  const unsigned long long at = h.at(j, static_cast<unsigned long long>(k));
  const double d = decay(q - h.step[at], p.rate_minus);
  return p.pairing == stdp_pairing::all_to_all ? h.trace[at] * d : d;
}

}  // namespace tribody::kern
