// DC stimuli as per-neuron currents: where they change and what they sum to.
// Computed on the host (changes are rare) by every backend alike.
#pragma once

#include <vector>

#include "plan/network_plan.hpp"

namespace tribody::plan {

// Steps at which some dc stimulus switches on or off, ascending, unique.
std::vector<long long> dc_change_steps(const network_plan& plan);

// The dc current (pA) of every neuron of population `pop` during `step`,
// summed in stimulus order; empty if no dc stimulus targets it.
std::vector<double> dc_currents(const network_plan& plan, int pop, long long step);

}  // namespace tribody::plan
