// From a population's parameter variant to its model type, so backends can
// instantiate the one neuron_step<Model> functor per model.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "plan/network_plan.hpp"

namespace tribody::plan {

template <class Params>
struct model_for;
template <>
struct model_for<kern::iaf_psc_exp::params> {
  using type = kern::iaf_psc_exp;
};
template <>
struct model_for<kern::iaf_psc_delta::params> {
  using type = kern::iaf_psc_delta;
};
template <>
struct model_for<kern::iaf_cond_exp::params> {
  using type = kern::iaf_cond_exp;
};
template <>
struct model_for<kern::aeif_cond_alpha::params> {
  using type = kern::aeif_cond_alpha;
};
template <>
struct model_for<kern::izhikevich::params> {
  using type = kern::izhikevich;
};
template <>
struct model_for<kern::poisson_source::params> {
  using type = kern::poisson_source;
};

// f(model_tag<Model>{}, params) with the population's model.
template <class Model>
struct model_tag {
  using type = Model;
};

template <class F>
decltype(auto) with_model(const neuron_params& p, F&& f) {
  return std::visit(
      [&](const auto& prm) -> decltype(auto) {
        using M = typename model_for<std::decay_t<decltype(prm)>>::type;
        return f(model_tag<M>{}, prm);
      },
      p);
}

}  // namespace tribody::plan

namespace tribody::plan {

template <class Params>
struct astro_model_for;
template <>
struct astro_model_for<kern::astro_gchi::params> {
  using type = kern::astro_gchi;
};
template <>
struct astro_model_for<kern::astro_lr::params> {
  using type = kern::astro_lr;
};
template <>
struct astro_model_for<kern::astro_slow::params> {
  using type = kern::astro_slow;
};

// f(model_tag<Model>{}, params) with the astrocyte population's model.
template <class F>
decltype(auto) with_astro_model(const astro_params& p, F&& f) {
  return std::visit(
      [&](const auto& prm) -> decltype(auto) {
        using M = typename astro_model_for<std::decay_t<decltype(prm)>>::type;
        return f(model_tag<M>{}, prm);
      },
      p);
}

}  // namespace tribody::plan
