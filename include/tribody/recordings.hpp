// What a run produces, independent of the backend that ran it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tribody {

// Spikes of one population in emission order; a spike of step n is
// stamped at (n + 1) * dt, the end of the step (NEST's convention).
struct population_spikes {
  std::vector<long long> steps;
  std::vector<std::uint32_t> ids;
};

// Samples of one state recorder: values[(sample * nodes + node) * vars + var].
// Sample k holds the state at time steps[k] * dt (step 0: initial state).
struct state_samples {
  std::vector<long long> steps;
  std::vector<double> values;
};

// Weight events of one weight recorder (NEST's weight_recorder): the weight
// of a synapse after each presynaptic spike, in (step, synapse) order; the
// spike of step n is stamped (n + 1) * dt. synapse: its index in the
// projection's CSR order.
struct weight_events {
  std::vector<long long> steps;
  std::vector<std::uint32_t> sources, targets;
  std::vector<std::uint64_t> synapses;
  std::vector<double> weights;
};

struct recordings {
  std::vector<std::uint64_t> spike_count;  // per population, recorded or not
  std::vector<bool> spikes_recorded;       // per population
  std::vector<population_spikes> spikes;   // per population (empty unless recorded)
  std::vector<state_samples> states;       // per state recorder
  // Gliotransmitter releases of astrocyte populations, as spikes: a
  // release in the slow step that ends with fast step n has step n.
  std::vector<std::uint64_t> release_count;
  std::vector<bool> releases_recorded;
  std::vector<population_spikes> releases;
  std::vector<weight_events> weights;  // per weight recorder
  std::vector<std::uint64_t> reward_count;  // per reward stimulus: rewards sent
  // Per edges recorder: the weights (CSR order) at its snapshot steps so
  // far; empty for static projections, whose weights do not change.
  struct weight_snapshots {
    std::vector<long long> steps;
    std::vector<std::vector<double>> weights;
  };
  std::vector<weight_snapshots> snapshots;
  // Per projection (empty unless plastic): its weights now, in CSR order.
  std::vector<std::vector<double>> plastic_weights;
};

// Synapses of one projection as built.
struct projection_stats {
  std::uint64_t synapses = 0;
  std::uint64_t bytes = 0;  // CSR arrays incl. row offsets
  std::string layout;       // "constant_delay", "packed_delay" or "delay_array"
};

struct memory_stats {
  std::uint64_t neuron_state_bytes = 0;
  std::uint64_t ring_buffer_bytes = 0;
  std::uint64_t synapse_bytes = 0;
  std::uint64_t astrocyte_bytes = 0;      // astrocyte state, input accumulators and outputs
  std::uint64_t device_bytes_in_use = 0;  // GPU backends: all device memory in use (incl. context)
};

// Seconds per phase, named as in NEST where a name fits.
using phase_timers = std::map<std::string, double>;

}  // namespace tribody
