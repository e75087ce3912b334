// The gliotransmitter pathways applied at the end of each slow step
// (docs/astrocytes.md, "Gliotransmitter pathways"), shared by both backends.
#pragma once

#include "tribody/kernels/astro/astro_common.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::kern {

// release_modulation: one exact step of the presynaptic receptor activation
// dGamma/dt = O_G f G_A (1 - Gamma) - Omega_G Gamma over h, with f = 1
// (broadcast) or the synapse's local factor.
TB_HD_INLINE double receptor_step(double gamma, double glio, double factor, double O_G, double Omega_G, double h) {
  const double drive = O_G * factor * glio;
  return exp_step(gamma, drive, drive + Omega_G, h);
}

// plasticity_gate of an astrocyte: sigma(k (C - theta)).
TB_HD_INLINE double plasticity_gate(double calcium, double k, double theta) { return sigmoid(k * (calcium - theta)); }

// astro_input "mean": each astrocyte sees its synapses' mean input.
TB_HD_INLINE double mean_input_scale(unsigned long long n_synapses) {
  return n_synapses > 0 ? 1.0 / static_cast<double>(n_synapses) : 0.0;
}

// The fast step of a release that happened at fraction `at` of the slow
// step of M fast steps beginning with step `first`.
TB_HD_INLINE long long release_step(long long first, double at, long long M) {
  const auto k = static_cast<long long>(at * static_cast<double>(M));
  return first + (k < M - 1 ? k : M - 1);
}

// Mean concentration of a baseline plus pulses [start, stop) (steps) over
// fast steps [first, first + steps): a pulse shorter than a slow step still
// counts with its share.
TB_HD_INLINE double pulse_mean(const long long* start, const long long* stop, const double* amplitude, int n,
                               double baseline, long long first, long long steps) {
  double c = baseline;
  const long long last = first + steps;
  for (int k = 0; k < n; ++k) {
    const long long hi = last < stop[k] ? last : stop[k], lo = first > start[k] ? first : start[k];
    if (hi - lo > 0) c += amplitude[k] * static_cast<double>(hi - lo) / static_cast<double>(steps);
  }
  return c;
}

// sic: the slow inward current of one projection into target i, summed
// over its tripartite synapses (local: each scaled by its local factor) or
// over its (astrocyte, synapse count) pairs (broadcast).
struct sic_sum {
  const unsigned long long* ptr = nullptr;  // per target: range in syn or in pair_*
  const unsigned long long* syn = nullptr;  // local
  const unsigned* pair_astro = nullptr;     // broadcast
  const unsigned* pair_count = nullptr;
  const double* calcium = nullptr;
  synapse_dynamics d;
  bool local = false;
  double scale = 1.0, threshold = 0.0, weight = 1.0, K = 1.0;

  TB_HD_INLINE double operator()(unsigned i, long long step) const {
    double sum = 0.0;
    for (unsigned long long k = ptr[i]; k < ptr[i + 1]; ++k) {
      if (local) {
        const unsigned long long s = syn[k];
        sum += sic_current(calcium[d.astro[s]], scale, threshold) * local_factor(d, s, step, K);
      } else {
        sum += pair_count[k] * sic_current(calcium[pair_astro[k]], scale, threshold);
      }
    }
    return weight * sum;
  }
};

}  // namespace tribody::kern
