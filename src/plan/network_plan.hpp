// The network as the backends consume it: every number a kernel needs
// (propagators, fixed-point weights, steps, RNG keys) computed once on the
// host, in double, from the validated model. Both backends build and run
// from the same plan, which is what makes their results identical.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/astro_models.hpp"
#include "models/neuron_models.hpp"
#include "tribody/kernels/astro/astro_list.hpp"
#include "tribody/kernels/astro/pathways.hpp"
#include "tribody/kernels/plasticity.hpp"
#include "tribody/kernels/tripartite.hpp"
#include "tribody/kernels/connect.hpp"
#include "tribody/kernels/synapses.hpp"
#include "tribody/kernels/neurons/neuron_list.hpp"
#include "tribody/model_spec.hpp"

namespace tribody::plan {

// One alternative per model of a list, in its order.
template <class List>
struct params_variant;
template <class... Models>
struct params_variant<kern::model_list<Models...>> {
  using type = std::variant<typename Models::params...>;
};
// A population's kernel parameters; the variant's index is the model's id.
using neuron_params = params_variant<kern::neuron_model_list>::type;

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

// The astrocyte side of a tripartite projection.
struct tripartite_plan {
  bool enabled = false;
  int astrocytes = -1;
  kern::territory_rule rule;     // target_astro points into target_astro below
  std::vector<int> target_astro;  // by_target rule
  double amount = 0.0;            // astro_weight * the model's input per event
  bool mean_input = false;        // divide by the astrocyte's number of synapses in this projection
  std::vector<pathway_spec> pathways;
  int sic = -1, release = -1, gate = -1;  // indices into pathways, or -1
  bool needs_trace = false;               // some pathway is local
  bool spike_input = true;  // false: astro_three_factor feeds its pairing drive instead (plasticity_plan)

  // The input amount of one full-release event: the default half-activation
  // of local factors.
  double event_K() const { return amount != 0.0 ? amount : 1.0; }
  // Half-activation K of a pathway's local factor.
  double local_K(int pathway) const {
    const double K = pathways[pathway].K_local;
    return K > 0.0 ? K : event_K();
  }
  // The sic pathway's constants; the backend sets the arrays.
  kern::sic_sum sic_constants() const {
    const auto& w = pathways[sic];
    kern::sic_sum f;
    f.local = w.local;
    f.scale = w.SIC_scale;
    f.threshold = w.SIC_th;
    f.weight = w.weight;
    f.K = local_K(sic);
    return f;
  }
};

// A plastic projection's rule (docs/plasticity.md).
struct plasticity_plan {
  bool enabled = false;
  kern::stdp_params params;
  bool constant_weight = false;  // initial weights: this constant, exactly (else the CSR's floats)
  double weight = 0.0;
  // stdp_dopamine: the volume transmitter's population, its delay (steps),
  // and the length of a dopamine period (steps; docs/plasticity.md).
  int vt_population = -1;
  int vt_delay = 1;
  long long dopamine_period = 1;
  // astro_three_factor: a pairing in fast step i of a slow step adds
  // h_end[i] to the history at the slow step's end and h_int[i] to its
  // integral over the step.
  std::vector<double> h_end, h_int;
  double tau_h = 1000.0;  // ms
  // ... through the territory astrocyte's state variable astro_var (-1:
  // the rule's own compartment): a slow step's drive max(integral of a, 0)
  // x (integral of M) enters its input as drive_end (decayed to the step's
  // end) and drive_int (integrated over the step) per unit.
  int astro_var = -1;
  double drive_end = 0.0, drive_int = 0.0;
  bool three_factor() const { return params.astro == kern::astro_rule::three_factor; }
  bool volume_transmitter() const { return vt_population >= 0; }
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
  bool silent = false;  // the target receives nothing
  double expected_synapses = 0.0;
  synapse_spec synapse;
  tripartite_plan tripartite;
  plasticity_plan plasticity;

  bool plastic() const { return plasticity.enabled; }
  bool dynamic() const { return synapse.kind == synapse_spec::tsodyks_markram || tripartite.enabled; }

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

// The reward rule (stimulus "reward"): delays in steps, [d_min, d_max].
struct reward_plan {
  std::string name;
  int target = 0;
  std::vector<std::uint32_t> node_ids;  // empty: all
  int pre_pop = 0, post_pop = 0;
  std::uint32_t pre_node = 0, post_node = 0;
  long long window = 1;  // steps: post within (0, window] steps after pre
  int d_min = 1, d_max = 1;
  kern::fixed_t value = 0;
  int port = 0;
  kern::rng_key key{};
};

struct dc_plan {
  std::string name;
  int target = 0;
  std::vector<std::uint32_t> node_ids;  // empty: all
  long long start_step = 0, stop_step = 0;
  double amplitude = 0.0;
};

using astro_params = params_variant<kern::astro_model_list>::type;

struct astro_population_plan {
  std::string name;
  std::uint32_t size = 0;
  std::uint64_t id0 = 0;  // index of astrocyte 0 among all astrocytes (RNG key)
  models::astro_kind kind{};
  astro_params params;
  std::vector<std::string> var_names, var_units;
  std::vector<value_dist> initial;
  int calcium_var = 0, coupled_var = 0;
  double input_rate = 0.0;   // decay rate of the input channel (1/ms)
  std::vector<double> end_factor, int_factor;  // per fast step of a slow step
  int neuromodulator = -1;
  std::uint32_t grid_rows = 0, grid_cols = 0;
};

struct gap_junction_plan {
  int astrocytes = 0;
  std::vector<unsigned long long> ptr;  // CSR of neighbours, symmetric, ascending
  std::vector<unsigned> neighbor;
  double F = 0.0, threshold = 0.0, width = 1.0;
};

struct neuromodulator_plan {
  std::string name;
  double baseline = 0.0;
  // Pulses: steps [start, stop), amplitude (arrays: kernels read them).
  std::vector<long long> start, stop;
  std::vector<double> amplitude;
  // Mean concentration over fast steps [first, first + steps) (kern::pulse_mean).
  double mean(long long first, long long steps) const;
};

struct state_recorder_plan {
  std::string name;
  bool astro = false;  // population indexes the astrocyte populations
  int population = 0;
  std::vector<std::uint32_t> node_ids;
  std::vector<int> vars;
  std::vector<std::string> var_names, var_units;
  long long interval = 1;  // steps
};

// NEST's weight_recorder on a plastic projection.
struct weight_recorder_plan {
  std::string name;
  int projection = 0;
  std::vector<std::uint32_t> sources, targets;  // empty: all
};

// The synapses of a projection with their weights at the end of the run.
struct edges_recorder_plan {
  std::string name;
  int projection = 0;
  std::vector<long long> steps;  // snapshots at these step boundaries (time = step * dt), besides the end
  std::vector<std::string> variables;  // synapse state at the end
};

struct spike_recorder_plan {
  std::string name;
  std::vector<int> populations;
  std::vector<int> astro_populations;  // gliotransmitter releases
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
  std::vector<reward_plan> rewards;
  std::vector<state_recorder_plan> state_recorders;
  std::vector<spike_recorder_plan> spike_recorders;
  std::vector<weight_recorder_plan> weight_recorders;
  std::vector<edges_recorder_plan> edge_recorders;
  int min_delay = 1;  // smallest synaptic delay (steps): the epoch length
  long long slow_steps = 100;  // fast steps per slow (astrocyte) step
  std::vector<astro_population_plan> astrocytes;
  std::vector<gap_junction_plan> gap_junctions;
  std::vector<neuromodulator_plan> neuromodulators;

  std::uint64_t total_neurons() const;
  double expected_synapses() const;
};

network_plan make_plan(const model_spec& model);

// P(X <= k) of a Poisson(lambda) variable for k = 0, 1, ... until it
// reaches 1 to double precision (at most kern::poisson_cdf_max entries).
std::vector<double> poisson_cdf(double lambda);
// Guide table of a CDF: entry i is the smallest k with cdf[k] > i / len.
std::vector<int> poisson_guide(const std::vector<double>& cdf);

astro_params make_astro_params(const astro_population_spec& a);
// What one synaptic event adds to an astrocyte per unit astro_weight (the
// model's input unit: uM of glutamate, uM of IP3, or 1).
double input_per_event(const astro_population_spec& a);
astro_population_plan plan_astrocytes(const astro_population_spec& a, std::uint64_t id0, double dt, double slow_dt);
gap_junction_plan plan_gap_junctions(const gap_junction_spec& g, const astro_population_spec& a);
void plan_tripartite(const projection_spec& s, const model_spec& m, int index, projection_plan& p);
void plan_plasticity(const projection_spec& s, const model_spec& m, int index, projection_plan& p);
struct network_plan;
// The constants of projection p's synapse dynamics (Tsodyks-Markram, the
// astrocyte input, the local trace, release modulation); the backends add
// their arrays.
kern::synapse_dynamics synapse_constants(const network_plan& plan, const projection_plan& p);

neuron_params make_neuron_params(models::neuron_kind kind, const models::value_map& p, double dt);

}  // namespace tribody::plan
