// The most input one neuron can receive in one step, bounded before a run:
// synaptic and stimulus input is summed in fixed point (kern::fixed_t),
// which holds +-2^31 weight units per neuron, port and step. A model whose
// bound exceeds that is refused (docs/numerics.md), so no sum can wrap.
#pragma once

#include <vector>

#include "plan/network_plan.hpp"

namespace tribody::plan {

constexpr double input_limit = 2147483648.0;  // 2^31 weight units

// The largest |weight| projection p's synapses can transmit: its
// distribution's support (normal draws lie within kern::normal_bound
// standard deviations), a plastic rule's bounds; dynamic synapses
// transmit a fraction <= 1 of it.
double max_abs_weight(const projection_plan& p);
// The most synapses of p onto one target neuron.
double max_indegree(const projection_plan& p);
// Per population: the most its stimuli (Poisson, spike times, rewards) give
// one neuron in one step.
std::vector<double> stimulus_input_bound(const network_plan& net);
// Per population: that plus, per projection onto it, max |w| x max in-degree.
std::vector<double> input_bound(const network_plan& net);

}  // namespace tribody::plan
