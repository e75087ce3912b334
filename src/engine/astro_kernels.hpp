// TB_HD functors of the astrocytes' slow step (src/engine/astro_engine.hpp):
// the per-element math of kern:: wrapped with what the program needs around
// it (the step from a step_ref, outcome flags, failure slots, recording).
#pragma once

#include "engine/executor.hpp"
#include "tribody/kernels/astro/astro_step.hpp"
#include "tribody/kernels/astro/pathways.hpp"
#include "tribody/kernels/distribution.hpp"
#include "tribody/kernels/neuron_common.hpp"

namespace tribody::engine {

// Initial value of element i: stream (key) at id first_id + i.
struct draw_values {
  double* v;
  kern::value_dist d;
  kern::rng_key key;
  ull first_id;
  TB_HD_INLINE void operator()(ull i) const {
    kern::stream_rng g(key, first_id + i);
    v[i] = kern::sample(d, g);
  }
};

// out[i] = factor * in[i] (initial values that follow another variable).
struct scale_values {
  double* out;
  const double* in;
  double factor;
  TB_HD_INLINE void operator()(ull i) const { out[i] = factor * in[i]; }
};

// The mean neuromodulator concentration over the slow step that ends with
// the current fast step; pulses as arrays [start, stop) steps.
struct modulator_mean {
  const long long* start;
  const long long* stop;
  const double* amplitude;
  int n_pulses;
  double baseline;
  long long slow_steps;
  step_ref step;
  double* out;  // [1]
  TB_HD_INLINE void operator()(ull) const {
    const long long last = step.value() + 1;
    out[0] = kern::pulse_mean(start, stop, amplitude, n_pulses, baseline, last - slow_steps, slow_steps);
  }
};

// Gap-junction fluxes from the state at the start of the slow step.
struct gap_fluxes {
  kern::gap_junction_flux flux;
  double* gap;
  bool assign;  // the first gap-junction set of its population
  TB_HD_INLINE void operator()(ull a) const { gap[a] = (assign ? 0.0 : gap[a]) + flux(static_cast<unsigned>(a)); }
};

// One astrocyte's slow step; flags[a] = 1 where it released. A non-finite
// state lowers *bad to (step << 32 | a).
template <class Model>
struct astro_advance {
  kern::astro_update<Model> f;
  const double* modulator;  // [1] or null
  step_ref step;
  int* released;
  ull* bad;
  ull* halted;  // the run's halt step (executor.hpp): after it, nothing changes
  TB_HD_INLINE void operator()(ull a) const {
    const long long t = step.value();
    if (halted_before(halted, t)) {
      released[a] = 0;
      return;
    }
    kern::astro_update<Model> g = f;
    if (modulator != nullptr) g.neuromodulator = modulator[0];
    const int flags = g(static_cast<unsigned>(a));
    released[a] = (flags & kern::astro_released) ? 1 : 0;
    if (flags & kern::astro_nonfinite) {
      atomic_min(bad, failure_key(t, a));
      atomic_min(halted, static_cast<ull>(t));
    }
  }
};

// At the step of the first failure: the failing element's state, for the
// message (later steps of a GPU epoch change the state, not this copy).
struct snapshot_failure {
  kern::soa_state s;
  int n_vars;
  const ull* bad;
  step_ref step;
  double* out;  // [n_vars]
  TB_HD_INLINE void operator()(ull) const {
    if (bad[0] == no_failure || static_cast<long long>(bad[0] >> 32) != step.value()) return;
    const ull id = bad[0] & 0xffffffffULL;
    for (int k = 0; k < n_vars; ++k) out[k] = s.v[k][id];
  }
};

// Appends the releases of this slow step, (release step, astrocyte), to
// the recording buffer at *recorded; count[0] = how many released.
struct record_releases {
  const unsigned* ids;
  const ull* count;
  const double* release_at;
  const ull* recorded;
  long long slow_steps;
  step_ref step;
  long long* rec_step;
  unsigned* rec_id;
  TB_HD_INLINE void operator()(ull k) const {
    if (k >= count[0]) return;
    const unsigned a = ids[k];
    const long long first = step.value() + 1 - slow_steps;
    rec_step[recorded[0] + k] = kern::release_step(first, release_at[a], slow_steps);
    rec_id[recorded[0] + k] = a;
  }
};

struct add_count {
  const ull* count;
  ull* total;
  TB_HD_INLINE void operator()(ull) const { total[0] += count[0]; }
};

struct receptor_broadcast {
  double* gamma;
  const double* glio;
  double O_G, Omega_G, h;
  TB_HD_INLINE void operator()(ull a) const { gamma[a] = kern::receptor_step(gamma[a], glio[a], 1.0, O_G, Omega_G, h); }
};

// (per row: its synapses share their last event)
struct receptor_local {
  kern::synapse_dynamics d;
  float* gamma;
  const double* glio;
  double O_G, Omega_G, K, h;
  step_ref step;
  TB_HD_INLINE void operator()(ull i) const {
    const long long m = step.value();
    const int last = d.source_last != nullptr ? d.source_last[i] : -1;
    for (ull s = d.row_ptr[i]; s < d.row_ptr[i + 1]; ++s) {
      const unsigned a = d.astro[s];
      if (a == kern::no_astrocyte) continue;
      const double q = kern::local_factor_since(d, s, last, m, K);
      gamma[s] = static_cast<float>(kern::receptor_step(gamma[s], glio[a], q, O_G, Omega_G, h));
    }
  }
};

// After delivery in step m: the sources that spiked had their last event.
struct source_delivered {
  const unsigned* spikes;
  int* source_last;
  step_ref step;
  const ull* halted;
  TB_HD_INLINE void operator()(ull k) const {
    const long long m = step.value();
    if (!halted_before(halted, m)) source_last[spikes[k]] = static_cast<int>(m);
  }
};

struct gate_values {
  double* gate;
  const double* calcium;
  double k, theta;
  TB_HD_INLINE void operator()(ull a) const { gate[a] = kern::plasticity_gate(calcium[a], k, theta); }
};

struct sic_add {
  kern::sic_sum f;
  double* current;
  step_ref step;
  TB_HD_INLINE void operator()(ull i) const { current[i] += f(static_cast<unsigned>(i), step.value()); }
};

// Per-synapse values for inspection (synapse_values).
struct synapse_value {
  enum what_t : int { astrocyte, u, x, gamma, gate, local_factor } what;
  kern::synapse_dynamics d;
  const double* gate_astro;
  bool gate_local;
  double K;
  long long step;
  double* out;
  TB_HD_INLINE void operator()(ull s) const {
    const unsigned a = d.astro != nullptr ? d.astro[s] : kern::no_astrocyte;
    double v = 0.0;
    switch (what) {
      case astrocyte: v = a == kern::no_astrocyte ? -1.0 : static_cast<double>(a); break;
      case u: v = d.u != nullptr ? d.u[s] : 0.0; break;
      case x: v = d.x != nullptr ? d.x[s] : 0.0; break;
      case gamma:
        if (a != kern::no_astrocyte) v = d.gamma_local != nullptr ? d.gamma_local[s] : (d.gamma_astro != nullptr ? d.gamma_astro[a] : 0.0);
        break;
      case gate:
        if (gate_astro != nullptr && a != kern::no_astrocyte) {
          v = gate_local ? gate_astro[a] * kern::local_factor(d, s, step, K) : gate_astro[a];
        }
        break;
      case local_factor:
        if (d.trace != nullptr) v = kern::local_factor(d, s, step, K);
        break;
    }
    out[s] = v;
  }
};

// mean-input scale per astrocyte: 1 / its synapses in the projection.
struct mean_scales {
  const ull* ptr;
  double* scale;
  TB_HD_INLINE void operator()(ull a) const { scale[a] = kern::mean_input_scale(ptr[a + 1] - ptr[a]); }
};

}  // namespace tribody::engine
