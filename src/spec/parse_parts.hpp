// Internal: the parsers of each top-level section of a model file.
#pragma once

#include <string>
#include <vector>

#include "models/neuron_models.hpp"
#include "spec/json_reader.hpp"
#include "tribody/model_spec.hpp"

namespace tribody::spec {

// Index of population `name`, or a model_error at `path` listing the names.
int population_index(const model_spec& m, const std::string& name, const std::string& path);
// Names are used for files and HDF5 groups: letters, digits, '_' and '-'.
void check_name(const std::string& name, const std::string& path);
// A time that must lie on the dt grid; returns it in steps.
// Times on the dt grid, as steps: at most max_steps (step counters are
// int); a slow step at most max_slow_steps fast steps.
constexpr long long max_steps = 2147483647;
constexpr std::size_t max_name_length = 100;  // population, projection, recorder, ... names
constexpr long long max_slow_steps = 1000000;
long long grid_steps(double t, double dt, const std::string& path);

// The smallest and largest value a distribution can produce (infinite
// for unbounded ones).
void support(const value_dist& d, double& lo, double& hi);

// Weights must stay within +-1e6 (pA, nS or mV): each fits the fixed-point
// input sums with a margin of 2^31 coincident events of that size.
void check_weight_range(const json_reader& r, const value_dist& w);

// A model parameter's value, checked against its constraint (at params.key).
double parameter_value(const json_reader& params, const models::param_info& pi);

// Index of astrocyte population `name`, or a model_error at `path`.
int astro_index(const model_spec& m, const std::string& name, const std::string& path);

void parse_neuromodulators(const json_reader& top, model_spec& m);
void parse_astrocytes(const json_reader& top, model_spec& m);
void parse_gap_junctions(const json_reader& top, model_spec& m);
void parse_synapse_model(const json_reader& projection, projection_spec& p);
void parse_tripartite(const json_reader& projection, const model_spec& m, projection_spec& p);
void parse_plasticity(const json_reader& projection, const model_spec& m, projection_spec& p);
void parse_projections(const json_reader& top, model_spec& m);
void parse_stimuli(const json_reader& top, model_spec& m);
void parse_recorders(const json_reader& top, model_spec& m);

}  // namespace tribody::spec
