// One neuron, one step, for any model: take the input that arrived in the
// ring-buffer slot of this step (and clear it), run the model's update,
// and flag spikes and non-finite state. Both backends run this functor.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/neuron_common.hpp"
#include "tribody/kernels/portable_math.hpp"

namespace tribody::kern {

template <class Model>
struct neuron_step {
  typename Model::params p;
  soa_state s;
  fixed_t* port[2] = {nullptr, nullptr};  // this step's ring slot per port
  const double* i_ext = nullptr;           // dc current per neuron (pA), or none
  const double* i_slow = nullptr;          // astrocytic slow inward current per neuron (pA), or none
  step_ctx ctx;

  TB_HD_INLINE int operator()(unsigned i) const {
    neuron_input in;
    for (int k = 0; k < Model::n_ports; ++k) {
      in.ports[k] = from_fixed(port[k][i]);
      port[k][i] = 0;
    }
    if (i_ext != nullptr) in.i_ext = i_ext[i];
    if (i_slow != nullptr) in.i_ext += i_slow[i];
    int out = Model::update(p, s, i, in, ctx);
    for (int k = 0; k < Model::n_vars; ++k) {
      if (!pm::is_finite(s.v[k][i])) out |= step_nonfinite;
    }
    return out;
  }
};

}  // namespace tribody::kern
