// How many fast steps the programs run between two host flushes (an epoch:
// one CUDA graph launch), and what their recording buffers take.
#pragma once

#include "plan/network_plan.hpp"

namespace tribody::engine {

// Steps per epoch: bounded by the memory recorded spikes may take between
// two flushes, and whole slow steps where there are astrocytes.
int epoch_steps(const plan::network_plan& plan);
// Bytes of the recording buffers of an epoch of `epoch` steps.
double recording_bytes(const plan::network_plan& plan, int epoch);
// Bytes of the whole run's state samples (kept on the host until written).
double run_samples_bytes(const plan::network_plan& plan);

}  // namespace tribody::engine
