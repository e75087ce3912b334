// A neuron that repeats its input spikes (NEST's parrot_neuron): it spikes
// in every step in which an event arrives, whatever the event's weight.
// The pattern spike_times -> parrot_neuron -> projection drives synapses
// with exact spike trains. No state.
#pragma once

#include "tribody/kernels/neuron_common.hpp"

namespace tribody::kern {

struct parrot_neuron {
  enum var { n_vars };
  static constexpr int n_ports = 1;

  struct params {
    int unused;  // no parameters
  };

  // Weights arrive as magnitudes (the model is declared a conductance
  // target), so any event of nonzero weight makes the sum positive.
  TB_HD_INLINE static int update(const params&, const soa_state&, unsigned, const neuron_input& in,
                                 const step_ctx&) {
    return in.ports[0] > 0.0 ? step_spiked : 0;
  }
};

}  // namespace tribody::kern
