// The neuron models, listed once. A model's position in the list is its
// id; the plan's parameter variant, the parameter tables of `tribody
// models`, and both backends' dispatch are generated from this list
// (docs/developing.md, "Adding a neuron model").
#pragma once

#include "tribody/kernels/neurons/aeif_cond_alpha.hpp"
#include "tribody/kernels/neurons/iaf_cond_exp.hpp"
#include "tribody/kernels/neurons/iaf_psc_delta.hpp"
#include "tribody/kernels/neurons/iaf_psc_exp.hpp"
#include "tribody/kernels/neurons/izhikevich.hpp"
#include "tribody/kernels/neurons/parrot_neuron.hpp"
#include "tribody/kernels/neurons/poisson_source.hpp"

namespace tribody::kern {

template <class... Models>
struct model_list {
  static constexpr int size = sizeof...(Models);
};

using neuron_model_list =
    model_list<iaf_psc_exp, iaf_psc_delta, iaf_cond_exp, aeif_cond_alpha, izhikevich, poisson_source, parrot_neuron>;

// The I-th model of a list.
template <int I, class List>
struct model_at;
template <class M, class... R>
struct model_at<0, model_list<M, R...>> {
  using type = M;
};
template <int I, class M, class... R>
struct model_at<I, model_list<M, R...>> : model_at<I - 1, model_list<R...>> {};

// The position of model M in a list.
template <class M, class List>
struct model_index;
template <class M, class... R>
struct model_index<M, model_list<M, R...>> {
  static constexpr int value = 0;
};
template <class M, class N, class... R>
struct model_index<M, model_list<N, R...>> {
  static constexpr int value = 1 + model_index<M, model_list<R...>>::value;
};

// f((Model*)nullptr) for the model at run-time position id: one branch per
// model, no table.
#if defined(__CUDACC__)
#pragma nv_exec_check_disable
#endif
template <class List, int I = 0, class F>
TB_HD_INLINE auto dispatch_model(int id, F&& f) {
  using M = typename model_at<I, List>::type;
  if constexpr (I + 1 == List::size) {
    return f(static_cast<M*>(nullptr));
  } else {
    if (id == I) return f(static_cast<M*>(nullptr));
    return dispatch_model<List, I + 1>(id, f);
  }
}

}  // namespace tribody::kern
