// What a network will hold in memory once built, estimated from its plan
// before anything is allocated; both backends refuse networks that do not fit.
#pragma once

#include "plan/network_plan.hpp"

namespace tribody::plan {

struct memory_estimate {
  double neuron_state = 0.0;   // state, refractory counters, input rings, dc currents
  double synapses = 0.0;       // CSR and per-synapse dynamic and tripartite state
  double astrocytes = 0.0;     // astrocyte state, input accumulators, per-astrocyte outputs
  // The largest transient of the index builds that follow the CSRs (a
  // territory, SIC or by-arrival sort: keys, permutation, sorted keys; a
  // weight recorder's selection of its synapses).
  double index_scratch = 0.0;
  double total() const { return neuron_state + synapses + astrocytes; }
};

memory_estimate estimate_memory(const network_plan& plan);
// A projection's CSR: target words, weights, delays (unless constant or
// packed), row offsets.
double csr_bytes(const projection_plan& p);

}  // namespace tribody::plan
