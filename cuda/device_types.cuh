// Descriptors the step kernels read from device memory: one per
// population, projection, stimulus and state recorder. Plain data only.
#pragma once

#include "tribody/kernels/neuron_common.hpp"
#include <algorithm>

#include "tribody/kernels/neurons/neuron_list.hpp"
#include "tribody/kernels/stimulus.hpp"
#include "tribody/kernels/synapses.hpp"
#include "tribody/kernels/tripartite.hpp"

namespace tribody::cuda {

constexpr int block_size = 256;
// Synapses of one row handled by one warp task (long rows are split).
constexpr unsigned row_chunk = 1024;
// Rows shorter than this on average are delivered one thread per spike.
constexpr double thread_per_spike_below = 16.0;
// Descriptors one launch of a fused kernel can hold in shared memory.
constexpr int max_fused = 128;

// Kernel parameters of any neuron model of kern::neuron_model_list: the
// model's params struct at offset 0 (all are trivially copyable).
template <class List>
struct largest_params;
template <class... Models>
struct largest_params<kern::model_list<Models...>> {
  static constexpr std::size_t value = std::max({sizeof(typename Models::params)...});
};
struct model_params {
  alignas(8) unsigned char bytes[largest_params<kern::neuron_model_list>::value];
};

struct pop_desc {
  int model;  // position in kern::neuron_model_list
  model_params params;
  kern::soa_state state;
  kern::ring_view ring;
  const double* i_ext;   // dc input or nullptr
  const double* i_slow;  // astrocytic slow inward current or nullptr
  unsigned n;
  unsigned long long gid0;
  unsigned block_begin;  // first block of this population in the update grid
  unsigned* spikes;      // ids that spiked in the current step (capacity n)
  unsigned* count;       // [2]: number of spikes of steps with parity 0 / 1
  unsigned long long* total;  // all spikes so far
  unsigned long long* bad;    // min over non-finite neurons of (step << 32 | id)
  int recorded;
  unsigned long long* rec_count;  // entries in rec_step / rec_id since the last flush
  long long* rec_step;
  unsigned* rec_id;
};

struct proj_desc {
  kern::csr_view csr;
  kern::ring_view ring;  // of the target population
  int source;
  int per_thread;  // 1: one thread per spike (short rows); 0: warps over row chunks
  unsigned chunks;  // row chunks per spike (warp strategy)
  kern::delay_layout layout;
  int dynamic;                 // Tsodyks-Markram and/or tripartite: kern::synapse_event per synapse
  kern::synapse_dynamics dyn;
  long long slow_steps;
};

struct poisson_desc {
  kern::poisson_input in;
  kern::ring_view ring;
  const unsigned* node_ids;  // or nullptr: all
  unsigned n_targets;
  unsigned long long gid0;
  kern::fixed_t value;
  int port, delay;
  long long start_step, stop_step;
};

struct spike_times_desc {
  const long long* step;  // emission steps, ascending
  const unsigned* node;
  unsigned long long n_events;
  kern::ring_view ring;
  kern::fixed_t value;
  int port, delay;
};

struct state_rec_desc {
  kern::soa_state state;  // of the recorded (neuron or astrocyte) population
  const unsigned* nodes;
  unsigned n_nodes;
  int vars[kern::max_state_vars];
  int n_vars;
  long long interval;        // steps
  double* buffer;            // [capacity][n_nodes][n_vars], sample g at g % capacity
  unsigned long long capacity;
};

}  // namespace tribody::cuda
