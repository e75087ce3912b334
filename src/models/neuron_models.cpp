// The catalogue of neuron models, generated from kern::neuron_model_list
// and each model's parameter table (src/models/neurons/).
#include "models/neuron_models.hpp"

#include "models/neuron_table.hpp"

namespace tribody::models {
namespace {

template <class... Models>
std::vector<neuron_model_info> make_catalogue(kern::model_list<Models...>) {
  return {neuron_table<Models>::info()...};
}

}  // namespace

const std::vector<neuron_model_info>& neuron_models() {
  static const std::vector<neuron_model_info> catalogue = make_catalogue(kern::neuron_model_list{});
  return catalogue;
}

const neuron_model_info* find_neuron_model(const std::string& name) {
  for (const auto& m : neuron_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> neuron_model_names() {
  std::vector<std::string> names;
  for (const auto& m : neuron_models()) names.push_back(m.name);
  return names;
}

}  // namespace tribody::models
