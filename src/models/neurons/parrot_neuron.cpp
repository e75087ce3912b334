// parrot_neuron: its (empty) parameter table; it repeats its input spikes.
#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

std::string check_nothing(const value_map&, double) { return ""; }
value_map no_state(const value_map&) { return {}; }

}  // namespace

template <>
neuron_model_info neuron_table<kern::parrot_neuron>::info() {
  return {kind_of<kern::parrot_neuron>(), "parrot_neuron",
          "Repeats its input spikes (NEST parrot_neuron): spikes in every step in which an event of nonzero "
          "weight arrives, whatever the weight; one spike per step.",
          {},
          {},
          1, true, "1 (ignored; must be nonzero)", {}, check_nothing, no_state};
}

template <>
kern::parrot_neuron::params neuron_table<kern::parrot_neuron>::make(const value_map&, double) {
  return {0};
}

}  // namespace tribody::models
