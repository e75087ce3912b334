// A validated model: what a JSON model file describes, with defaults filled
// in and names resolved to indices. Units: ms, mV, pA, nS, pF, Hz.
// docs/model_format.md documents every key.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tribody/kernels/connect.hpp"
#include "tribody/kernels/distribution.hpp"

namespace tribody {

using kern::dist_kind;
using kern::rule_kind;
using kern::value_dist;

struct simulation_spec {
  double dt = 0.1;         // ms
  double t_stop = 1000.0;  // ms
  std::uint64_t seed = 1;
  int threads = 0;         // 0: all available cores
  double slow_dt = 10.0;   // ms: the astrocytes' clock, a multiple of dt
};

struct population_spec {
  std::string name;
  std::uint32_t size = 0;
  std::string model;
  std::map<std::string, double> params;       // every parameter, defaults filled in
  std::map<std::string, value_dist> initial;  // every state variable, defaults filled in
  // Variables whose default follows another of the same neuron:
  // initial[var] = factor * initial[source] (izhikevich: U_m = b * V_m).
  std::map<std::string, std::pair<std::string, double>> initial_linked;
};

struct connectivity_spec {
  rule_kind rule = rule_kind::all_to_all;
  std::uint64_t n = 0;  // indegree, outdegree or N
  double p = 0.0;       // pairwise_bernoulli
  bool allow_autapses = true;
  bool allow_multapses = true;
};

enum class receptor_kind { by_sign, excitatory, inhibitory };

// The synapse model of a projection.
struct synapse_spec {
  enum kind_t { static_synapse, tsodyks_markram } kind = static_synapse;
  // Tsodyks-Markram as in Stimberg et al. 2018: u decays with Omega_f, x
  // recovers with Omega_d; per spike u += U_0 (1 - u), r = u x, x -= r, and
  // the target receives weight * r.
  double U_0 = 0.6;        // 1
  double Omega_f = 3.33e-3;  // 1/ms
  double Omega_d = 2e-3;     // 1/ms
};

// One gliotransmitter pathway of a tripartite projection.
struct pathway_spec {
  enum kind_t { sic, release_modulation, plasticity_gate } kind = sic;
  bool local = false;      // local: scaled by each synapse's own perisynaptic activity
  double K_local = 0.0;    // half-activation of the local factor (astrocyte input units; 0: one event)
  double weight = 1.0;     // sic: weight of each tripartite synapse's SIC (NEST sic_connection weight)
  double SIC_scale = 1.0;  // sic: pA
  double SIC_th = 0.19669; // sic: uM (NEST's defaults)
  double O_G = 1.5e-3;     // release_modulation: 1/(uM ms)
  double Omega_G = 0.5 / 60000.0;  // release_modulation: 1/ms
  double alpha = 0.0;      // release_modulation: U_0 at full receptor activation
  double k = 10.0;         // plasticity_gate
  double theta = 0.3;      // plasticity_gate (calcium units)
};

// Spike-timing-dependent plasticity of a projection (NEST's stdp_synapse,
// stdp_nn_symm_synapse and stdp_nn_pre_centered_synapse; docs/plasticity.md).
// The delay is dendritic, as in NEST.
struct plasticity_spec {
  enum rule_t { none, stdp, stdp_nn_symm, stdp_nn_pre_centered, stdp_dopamine, tripartite_stdp, astro_three_factor } rule = none;
  double tau_plus = 20.0;   // ms: presynaptic trace
  double tau_minus = 20.0;  // ms: postsynaptic trace (a neuron parameter in NEST)
  double lambda = 0.01;     // step size of potentiation
  double alpha = 1.0;       // depression relative to potentiation
  double mu_plus = 1.0;     // weight dependence of potentiation (0: additive, 1: multiplicative)
  double mu_minus = 1.0;    // ... of depression
  double Wmax = 100.0;      // bound, in the weight's unit and with its sign
  // stdp_dopamine (NEST's stdp_dopamine_synapse; its defaults are set by
  // the parser): eligibility c with tau_c, dopamine trace n with tau_n from
  // the spikes of the volume transmitter's population (delayed by vt_delay).
  double A_plus = 1.0, A_minus = 1.5;  // eligibility per pairing
  double tau_c = 1000.0, tau_n = 200.0;  // ms
  double b = 0.0;                      // dopamine baseline (1/ms, n's unit)
  double Wmin = 0.0;
  int volume_transmitter = -1;  // population index
  double vt_delay = 1.0;        // ms
  // The astrocyte as the third factor (tripartite_stdp, astro_three_factor;
  // the projection's tripartite block gives the territories): its value
  // per synapse (local) or per territory (broadcast).
  bool local = false;
  double Ca_scale = 1.0;  // Ca / Ca_scale is the normalised calcium (tripartite_stdp, astro_variable)
  double theta = 0.3;     // threshold of the factor (tripartite_stdp) or gate (astro_three_factor)
  double k = 2.0;         // its slope (astro_three_factor: 10)
  // astro_three_factor: the pairing history h (tau_h), the compartment's
  // Ca (tau_Ca) driven by h x M, M the volume transmitter's trace plus M_const.
  double eta = 0.01;       // weight change per unit of fully gated pairing
  double tau_h = 1000.0;   // ms
  double tau_Ca = 5000.0;  // ms
  double M_const = 0.0;    // 1/ms
  // astro_three_factor, broadcast: the index of the territory astrocyte
  // model's state variable that gates (its value / Ca_scale), the pairing
  // drive going to that astrocyte as input; -1: the rule's own compartment.
  int astro_variable = -1;
};

struct tripartite_spec {
  bool enabled = false;
  int astrocytes = -1;  // astrocyte population index
  enum rule_t { pool, space, by_target } rule = pool;
  std::uint32_t pool_size = 1;
  bool pool_random = false;  // false: block pools
  double p = 1.0;            // probability that a synapse is tripartite (pool rule)
  std::vector<long long> target_astrocyte;  // by_target: astrocyte per target neuron, -1: none
  double astro_weight = 1.0;
  bool astro_mean = false;  // astro_input "mean": each astrocyte sees the mean over its synapses, not the sum
  std::vector<pathway_spec> pathways;
};

struct projection_spec {
  std::string name;
  int source = -1;  // population indices
  int target = -1;
  connectivity_spec connectivity;
  value_dist weight;  // pA, nS or mV, as the target model takes it
  value_dist delay;   // ms
  receptor_kind receptor = receptor_kind::by_sign;
  // The target receives nothing through these synapses, which still learn
  // (NEST: receptor_type 1 of a parrot_neuron).
  bool silent = false;
  synapse_spec synapse;
  tripartite_spec tripartite;
  plasticity_spec plasticity;
};

struct astro_population_spec {
  std::string name;
  std::uint32_t size = 0;
  std::string model;
  std::map<std::string, double> params;
  std::map<std::string, value_dist> initial;
  std::uint32_t grid_rows = 0, grid_cols = 0;  // placement on the unit square, if given
  int neuromodulator = -1;
  bool euler = false;  // integrator: exponential (default) or explicit Euler (for comparison)
};

struct neuromodulator_spec {
  std::string name;
  double baseline = 0.0;
  struct pulse {
    double start, stop, amplitude;  // ms, ms, concentration
  };
  std::vector<pulse> pulses;
};

struct gap_junction_spec {
  int astrocytes = -1;
  enum rule_t { grid_neighbors, distance, pair_list } rule = grid_neighbors;
  double radius = 1.0;  // distance: in grid spacings
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  double F = 9e-5;        // maximal flux (coupled variable per ms)
  double threshold = 0.3;  // difference below which little flows
  double width = 0.05;     // scale of the tanh transition
};

enum class stimulus_type { poisson, spike_times, dc, reward };

struct spike_train {
  std::uint32_t node_id = 0;
  std::vector<double> times;  // ms, ascending
};

struct stimulus_spec {
  std::string name;
  stimulus_type type = stimulus_type::poisson;
  int target = -1;
  std::vector<std::uint32_t> node_ids;  // poisson, dc: empty means the whole population
  double rate = 0.0;                    // poisson: Hz
  double start = 0.0;                   // poisson, dc: ms
  double stop = std::numeric_limits<double>::infinity();
  double weight = 0.0;  // poisson, spike_times
  double delay = 0.0;   // poisson, spike_times: ms
  double amplitude = 0.0;  // dc: pA
  std::vector<spike_train> trains;  // spike_times
  // reward: when post_node of post_pop fires within `window` ms after
  // pre_node of pre_pop, an event reaches the targets after a delay drawn
  // uniformly from [delay_min, delay_max] ms (on the dt grid).
  int pre_pop = -1, post_pop = -1;
  std::uint32_t pre_node = 0, post_node = 0;
  double window = 10.0, delay_min = 1000.0, delay_max = 3000.0;
};

enum class recorder_type { spikes, state, weights, edges };

struct recorder_spec {
  std::string name;
  recorder_type type = recorder_type::spikes;
  std::vector<int> populations;         // spikes (neuron populations)
  std::vector<int> astro_populations;   // spikes: gliotransmitter releases of astrocyte populations
  int population = -1;                  // state
  bool astro = false;                   // state: population indexes the astrocytes
  std::vector<std::uint32_t> node_ids;  // state
  std::vector<std::string> variables;   // state; edges: synapse state variables
  double interval = 1.0;                // state: ms
  int projection = -1;                  // weights: a plastic projection; edges: any
  std::vector<std::uint32_t> sources, targets;  // weights: only these (empty: all)
  std::vector<double> times;                    // edges: snapshots at these times (ms), besides the end
};

struct model_spec {
  std::string source;  // file the model was read from, if any
  simulation_spec simulation;
  std::vector<population_spec> populations;
  std::vector<projection_spec> projections;
  std::vector<stimulus_spec> stimuli;
  std::vector<recorder_spec> recorders;
  std::vector<astro_population_spec> astrocytes;
  std::vector<neuromodulator_spec> neuromodulators;
  std::vector<gap_junction_spec> gap_junctions;

  std::uint64_t total_neurons() const {
    std::uint64_t n = 0;
    for (const auto& p : populations) n += p.size;
    return n;
  }
};

}  // namespace tribody
