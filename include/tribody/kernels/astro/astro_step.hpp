// One astrocyte, one slow step, for any astrocyte model: take the input
// accumulated on the fast clock (and clear it), the gap-junction flux and
// the neuromodulator, run the model's step, report calcium, released
// gliotransmitter and non-finite state. Both backends run these functors.
#pragma once

#include "tribody/kernels/astro/astro_common.hpp"
#include "tribody/kernels/neuron_common.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::kern {

// Outcome bits of one astrocyte update.
enum : int { astro_released = 1, astro_nonfinite = 2 };

template <class Model>
struct astro_update {
  typename Model::params p;
  soa_state s;
  fixed_t* acc_end = nullptr;  // per astrocyte, read and cleared
  fixed_t* acc_int = nullptr;
  const double* gap = nullptr;  // net gap-junction flux per astrocyte, or none
  double neuromodulator = 0.0;
  double dt = 10.0;             // slow step (ms)
  double* glio_mean = nullptr;  // out: per astrocyte (G-ChI)
  double* release_at = nullptr; // out: per astrocyte, fraction of the step at which it released

  TB_HD_INLINE int operator()(unsigned a) const {
    double x[Model::n_vars];
    for (int k = 0; k < Model::n_vars; ++k) x[k] = s.v[k][a];
    astro_input in;
    in.acc_end = from_fixed(acc_end[a]);
    in.acc_int = from_fixed(acc_int[a]);
    acc_end[a] = 0;
    acc_int[a] = 0;
    in.neuromodulator = neuromodulator;
    // Gap junctions move the coupled variable between neighbours, with the
    // net fluxes of the step's start (operator splitting, explicit): the
    // exchange is antisymmetric and conserves the total exactly.
    if (gap != nullptr) x[Model::coupled_var] += dt * gap[a];
    const astro_output out = Model::step(p, x, in, dt);
    int flags = out.released ? astro_released : 0;
    for (int k = 0; k < Model::n_vars; ++k) {
      s.v[k][a] = x[k];
      if (!pm::is_finite(x[k])) flags |= astro_nonfinite;
    }
    glio_mean[a] = out.glio_mean;
    release_at[a] = out.release_at;
    return flags;
  }
};

// Net flux into astrocyte a from its gap-junction neighbours (CSR), in a
// fixed order: read-only on the coupled variable, so all can run at once.
struct gap_junction_flux {
  const unsigned long long* ptr = nullptr;
  const unsigned* neighbor = nullptr;
  const double* value = nullptr;  // the coupled state variable
  double F = 0.0, threshold = 0.0, width = 1.0;

  TB_HD_INLINE double operator()(unsigned a) const {
    double sum = 0.0;
    for (unsigned long long k = ptr[a]; k < ptr[a + 1]; ++k) {
      sum += gap_flux(value[neighbor[k]], value[a], F, threshold, width);
    }
    return sum;
  }
};

}  // namespace tribody::kern
