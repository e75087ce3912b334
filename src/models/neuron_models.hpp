// The catalogue of neuron models: parameter and state names, units,
// defaults and constraints. One table serves validation, initialisation,
// `tribody models` and the documentation test.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

namespace tribody::models {

// A neuron model: its position in kern::neuron_model_list.
using neuron_kind = int;

enum class constraint { any, positive, nonnegative, unit_interval };

struct param_info {
  std::string name;
  std::string unit;
  double fallback;  // default
  constraint rule;
  std::string doc;
};

struct state_info {
  std::string name;
  std::string unit;
  std::string default_doc;  // how the default initial value is chosen
  std::string doc;
};

using value_map = std::map<std::string, double>;

struct neuron_model_info {
  neuron_kind kind;
  std::string name;
  std::string doc;
  std::vector<param_info> params;
  std::vector<state_info> state;
  int n_ports;            // input ports: 0 none, 1 single, 2 excitatory + inhibitory
  bool conductance;       // ports take conductances (weights' magnitude)
  std::string port_unit;  // unit of projection weights onto this model
  std::map<std::string, value_map> presets;
  // Cross-parameter checks: "" when fine, else what is wrong.
  std::string (*check)(const value_map& params, double dt);
  // Default initial value of each state variable from the parameters.
  value_map (*initial_defaults)(const value_map& params);
  // Defaults that follow another variable of the same neuron:
  // {variable, source variable, factor parameter}: var = factor * source.
  std::vector<std::array<std::string, 3>> linked_initial = {};
};

const std::vector<neuron_model_info>& neuron_models();
const neuron_model_info* find_neuron_model(const std::string& name);
std::vector<std::string> neuron_model_names();

}  // namespace tribody::models
