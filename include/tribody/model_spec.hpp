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
  int threads = 0;  // 0: all available cores
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

struct projection_spec {
  std::string name;
  int source = -1;  // population indices
  int target = -1;
  connectivity_spec connectivity;
  value_dist weight;  // pA, nS or mV, as the target model takes it
  value_dist delay;   // ms
  receptor_kind receptor = receptor_kind::by_sign;
};

enum class stimulus_type { poisson, spike_times, dc };

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
};

enum class recorder_type { spikes, state };

struct recorder_spec {
  std::string name;
  recorder_type type = recorder_type::spikes;
  std::vector<int> populations;         // spikes
  int population = -1;                  // state
  std::vector<std::uint32_t> node_ids;  // state
  std::vector<std::string> variables;   // state
  double interval = 1.0;                // state: ms
};

struct model_spec {
  std::string source;  // file the model was read from, if any
  simulation_spec simulation;
  std::vector<population_spec> populations;
  std::vector<projection_spec> projections;
  std::vector<stimulus_spec> stimuli;
  std::vector<recorder_spec> recorders;

  std::uint64_t total_neurons() const {
    std::uint64_t n = 0;
    for (const auto& p : populations) n += p.size;
    return n;
  }
};

}  // namespace tribody
