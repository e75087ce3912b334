// Static synapses in CSR, keyed by presynaptic neuron, and the delivery of
// one synapse's weight into the target's delay ring buffer.
#pragma once

#include "tribody/kernels/hd.hpp"

namespace tribody::kern {

// Delay ring buffer of one target population: [port][slot][neuron] of
// fixed-point sums. Slot (step mod len) holds what arrives at the end of
// that step; len = max delay (steps) + 1.
struct ring_view {
  fixed_t* data = nullptr;
  unsigned n = 0;
  int len = 1;

  TB_HD_INLINE fixed_t* slot(int port, int s) const {
    return data + (static_cast<unsigned long long>(port) * len + s) * n;
  }
};

// One projection's synapses. A synapse's target and delay share one 32-bit
// word when they fit (target_bits + delay bits <= 32); otherwise the delay
// has its own 16-bit array, or is constant for the projection.
struct csr_view {
  const unsigned long long* row_ptr = nullptr;  // n_src + 1 offsets (64-bit: > 2^31 synapses)
  const unsigned* col = nullptr;                // target | delay << target_bits
  const unsigned short* delay = nullptr;        // per-synapse delay when not packed
  const float* weight = nullptr;
  unsigned target_bits = 32;
  unsigned target_mask = 0xffffffffu;
  int const_delay = 0;      // > 0: every synapse has this delay (steps)
  bool port_by_sign = false;  // two-port target: weight < 0 goes to port 1
  bool magnitude = false;     // conductance target: the port receives |w|

  TB_HD_INLINE unsigned target(unsigned long long s) const { return col[s] & target_mask; }
  TB_HD_INLINE int delay_steps(unsigned long long s) const {
    if (const_delay > 0) return const_delay;
    if (delay != nullptr) return delay[s];
    return static_cast<int>(col[s] >> target_bits);
  }
  TB_HD_INLINE int port(float w) const { return (port_by_sign && w < 0.0f) ? 1 : 0; }
  TB_HD_INLINE fixed_t value(float w) const {
    const double x = static_cast<double>(w);
    return to_fixed(magnitude && x < 0.0 ? -x : x);
  }
};

// Where synapse s of a spike emitted in the step whose ring slot is
// `step_slot` (step mod len) lands, and how much.
struct delivery {
  fixed_t* address;
  fixed_t value;
};

TB_HD_INLINE delivery deliver(const csr_view& c, const ring_view& r, int step_slot, unsigned long long s) {
  const float w = c.weight[s];
  int slot = step_slot + c.delay_steps(s);
  if (slot >= r.len) slot -= r.len;
  return {r.slot(c.port(w), slot) + c.target(s), c.value(w)};
}

}  // namespace tribody::kern
