// From a population's parameter variant to its model type, so backends can
// instantiate the one neuron_step<Model> functor per model.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "plan/network_plan.hpp"

namespace tribody::plan {

// f(model_tag<Model>{}, params) with the population's model.
template <class Model>
struct model_tag {
  using type = Model;
};

template <class F>
decltype(auto) with_model(const neuron_params& p, F&& f) {
  return kern::dispatch_model<kern::neuron_model_list>(static_cast<int>(p.index()), [&](auto* model) -> decltype(auto) {
    using M = std::remove_pointer_t<decltype(model)>;
    return f(model_tag<M>{}, std::get<kern::model_index<M, kern::neuron_model_list>::value>(p));
  });
}

// f(model_tag<Model>{}, params) with the astrocyte population's model.
template <class F>
decltype(auto) with_astro_model(const astro_params& p, F&& f) {
  return kern::dispatch_model<kern::astro_model_list>(static_cast<int>(p.index()), [&](auto* model) -> decltype(auto) {
    using M = std::remove_pointer_t<decltype(model)>;
    return f(model_tag<M>{}, std::get<kern::model_index<M, kern::astro_model_list>::value>(p));
  });
}

}  // namespace tribody::plan
