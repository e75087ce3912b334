// An astrocyte model's parameter table: its catalogue entry (names, units,
// defaults, initial values, what a synaptic event adds, its input's decay)
// and its kernel parameters from the values. One specialisation per model
// of kern::astro_model_list, in src/models/astro/<model>.cpp; the catalogue
// and the plan are generated from them.
#pragma once

#include <string>

#include "models/astro_models.hpp"
#include "tribody/kernels/astro/astro_list.hpp"

namespace tribody::models {

template <class Model>
struct astro_table {
  static astro_model_info info();
  static typename Model::params make(const value_map& values, bool euler, bool modulated);
};

template <class Model>
constexpr astro_kind kind_of_astro() {
  return kern::model_index<Model, kern::astro_model_list>::value;
}

inline std::string check_none(const value_map&) { return ""; }

}  // namespace tribody::models
