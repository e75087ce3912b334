// What every neuron model kernel sees: structure-of-arrays state, the
// per-step context and the input of one neuron for one step.
#pragma once

#include "tribody/kernels/hd.hpp"

namespace tribody::kern {

constexpr int max_state_vars = 8;

// State of one population: double per variable, an int refractory counter.
struct soa_state {
  double* v[max_state_vars] = {};
  int* refractory = nullptr;
};

struct step_ctx {
  long long step = 0;              // index of the step being computed: [t, t + dt)
  unsigned long long seed = 0;     // model seed
  unsigned long long gid0 = 0;     // global id of the population's first neuron
};

// Input to one neuron for one step. ports[k] is the summed weight of
// events that arrive at the end of the step on port k (pA, nS or mV,
// depending on the model); i_ext is a current (pA) held over the step.
struct neuron_input {
  double ports[2] = {0.0, 0.0};
  double i_ext = 0.0;
};

// Outcome bits of one neuron update.
enum : int { step_spiked = 1, step_nonfinite = 2 };

}  // namespace tribody::kern
