// A population of independent Poisson spike sources (as PyNN's
// SpikeSourcePoisson): in each step of [start, stop) a source fires with
// probability rate*dt. No state, no input.
#pragma once

#include "tribody/kernels/neuron_common.hpp"
#include "tribody/kernels/rng.hpp"

namespace tribody::kern {

struct poisson_source {
  enum var { n_vars };
  static constexpr int n_ports = 0;
  static constexpr bool conductance = false;

  struct params {
    double p_spike;                  // rate * dt, <= 1
    long long start_step, stop_step;  // active for start_step <= step < stop_step
  };

  TB_HD_INLINE static int update(const params& p, const soa_state&, unsigned i, const neuron_input&,
                                 const step_ctx& ctx) {
    if (ctx.step < p.start_step || ctx.step >= p.stop_step) return 0;
    const rand4 r = philox(make_key(ctx.seed, purpose::source_spikes, 0), ctx.gid0 + i,
                           static_cast<unsigned long long>(ctx.step));
    return u01(r.v[0], r.v[1]) < p.p_spike ? step_spiked : 0;
  }
};

}  // namespace tribody::kern
