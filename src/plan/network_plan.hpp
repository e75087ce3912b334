// The network as the backends consume it: every number a kernel needs
// (propagators, fixed-point weights, steps, RNG keys) computed once on the
// host, in double, from the validated model. Both backends build and run
// from the same plan, which is what makes their results identical.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/neuron_models.hpp"
#include "tribody/kernels/connect.hpp"
#include "tribody/kernels/synapses.hpp"
#include "tribody/kernels/neurons/aeif_cond_alpha.hpp"
#include "tribody/kernels/neurons/iaf_cond_exp.hpp"
#include "tribody/kernels/neurons/iaf_psc_delta.hpp"
#include "tribody/kernels/neurons/iaf_psc_exp.hpp"
#include "tribody/kernels/neurons/izhikevich.hpp"
#include "tribody/kernels/neurons/poisson_source.hpp"
#include "tribody/model_spec.hpp"

namespace tribody::plan {

using neuron_params = std::variant<kern::iaf_psc_exp::params, kern::iaf_psc_delta::params,
                                   kern::iaf_cond_exp::params, kern::aeif_cond_alpha::params,
                                   kern::izhikevich::params, kern::poisson_source::params>;

struct population_plan {
  std::string name;
  std::uint32_t size = 0;
  std::uint64_t gid0 = 0;  // global id of neuron 0 (RNG key)
  models::neuron_kind kind{};
  neuron_params params;
  std::vector<std::string> var_names;
  std::vector<std::string> var_units;
  std::vector<value_dist> initial;    // per variable
  std::vector<int> linked_source;     // per variable: -1, or the variable it follows
  std::vector<double> linked_factor;  // ... times this factor
  int n_ports = 0;
  bool conductance = false;
  int ring_len = 1;         // max input delay (steps) + 1
  bool has_dc = false;      // some dc stimulus targets it
};

struct projection_plan {
  std::string name;
  int source = 0, target = 0;
  kern::connect_rule rule;
  value_dist weight;
  value_dist delay_ms;
  kern::rng_key weight_key{}, delay_key{};
  int min_delay = 1, max_delay = 1;  // steps
  bool constant_delay = true;
  bool pack_delay = false;  // delay in the high bits of the target word
  unsigned target_bits = 1;
  bool port_by_sign = false;
  bool magnitude = false;
  double expected_synapses = 0.0;

  kern::synapse_gen generator(double dt) const;
  // The view of this projection's CSR arrays (host or device pointers).
  kern::csr_view view(const unsigned long long* row_ptr, const unsigned* col, const unsigned short* delay,
                      const float* weight) const;
};

// Independent Poisson input to each target neuron.
struct poisson_plan {
  std::string name;
  int target = 0;
  std::vector<std::uint32_t> node_ids;  // empty: all
  int n_chunks = 0;                     // lambda split into chunks <= kern::poisson_chunk
  std::vector<double> cdf;              // CDF of one chunk (poisson_cdf)
  std::vector<int> guide;               // its guide table (poisson_guide)
  long long start_step = 0, stop_step = 0;  // emission steps [start, stop)
  kern::fixed_t value = 0;
  int port = 0;
  int delay = 1;
  kern::rng_key key{};
};

struct spike_event {
  long long step;  // emission step: the spike is stamped (step + 1) * dt
  std::uint32_t node;
};

struct spike_times_plan {
  std::string name;
  int target = 0;
  std::vector<spike_event> events;  // sorted by step, then node
  kern::fixed_t value = 0;
  int port = 0;
  int delay = 1;
};

struct dc_plan {
  std::string name;
  int target = 0;
  std::vector<std::uint32_t> node_ids;  // empty: all
  long long start_step = 0, stop_step = 0;
  double amplitude = 0.0;
};

struct state_recorder_plan {
  std::string name;
  int population = 0;
  std::vector<std::uint32_t> node_ids;
  std::vector<int> vars;
  std::vector<std::string> var_names, var_units;
  long long interval = 1;  // steps
};

struct spike_recorder_plan {
  std::string name;
  std::vector<int> populations;
};

struct network_plan {
  double dt = 0.1;
  long long n_steps = 0;
  std::uint64_t seed = 1;
  int threads = 0;
  std::vector<population_plan> populations;
  std::vector<projection_plan> projections;
  std::vector<poisson_plan> poisson;
  std::vector<spike_times_plan> spike_times;
  std::vector<dc_plan> dc;
  std::vector<state_recorder_plan> state_recorders;
  std::vector<spike_recorder_plan> spike_recorders;
  int min_delay = 1;  // smallest synaptic delay (steps): the epoch length

  std::uint64_t total_neurons() const;
  double expected_synapses() const;
};

network_plan make_plan(const model_spec& model);

// P(X <= k) of a Poisson(lambda) variable for k = 0, 1, ... until it
// reaches 1 to double precision (at most kern::poisson_cdf_max entries).
std::vector<double> poisson_cdf(double lambda);
// Guide table of a CDF: entry i is the smallest k with cdf[k] > i / len.
std::vector<int> poisson_guide(const std::vector<double>& cdf);

neuron_params make_neuron_params(models::neuron_kind kind, const models::value_map& p, double dt);

}  // namespace tribody::plan
