// The catalogue of astrocyte models: parameters, state variables, units and
// defaults (ms and µM throughout), and what their synaptic input means.
#pragma once

#include <string>
#include <vector>

#include "models/neuron_models.hpp"

namespace tribody::models {

// Position in kern::astro_model_list.
using astro_kind = int;

struct astro_model_info {
  astro_kind kind;
  std::string name;
  std::string doc;
  std::vector<param_info> params;
  std::vector<state_info> state;
  std::string calcium;        // the state variable pathways read as Ca2+
  std::string coupled;        // the state variable gap junctions carry
  std::string input_doc;      // what one synaptic event adds, per unit astro_weight
  std::string check_doc;      // cross-parameter checks, for the docs
  std::string (*check)(const value_map& params);
  value_map (*initial_defaults)(const value_map& params);
  double (*event_input)(const value_map& params);  // what one event adds, per unit astro_weight
  double (*input_rate)(const value_map& params);   // decay rate of the input channel (1/ms)
  bool modulated_input;  // a named neuromodulator multiplies the synaptic input (else it acts otherwise)
};

const std::vector<astro_model_info>& astro_models();
const astro_model_info* find_astro_model(const std::string& name);
std::vector<std::string> astro_model_names();

}  // namespace tribody::models
