// Static synapses in CSR, keyed by presynaptic neuron, and the delivery of
// one synapse's weight into the target's delay ring buffer.
#pragma once

#include <cstring>

#include "tribody/kernels/connect.hpp"
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
  // The slot of input sent in step `step` with `delay` steps (< len).
  TB_HD_INLINE int slot_after(long long step, int delay) const {
    const int s = static_cast<int>(step % len) + delay;
    return s >= len ? s - len : s;
  }
  // Where input to neuron j, port `port`, sent from the step of ring slot
  // step_slot with `delay` steps (< len) lands.
  TB_HD_INLINE fixed_t* landing(int port, int step_slot, int delay, unsigned j) const {
    int s = step_slot + delay;
    if (s >= len) s -= len;
    return slot(port, s) + j;
  }
};

// One projection's synapses. A synapse's target and delay share one 32-bit
// word when they fit (target_bits + delay bits <= 32); otherwise the delay
// has its own 16-bit array, or is constant for the projection.
// The row (source) of synapse s in a CSR of n_rows rows: the last row
// starting at or before s (rows may be empty).
TB_HD_INLINE unsigned row_of(const unsigned long long* row_ptr, unsigned n_rows, unsigned long long s) {
  unsigned long long lo = 0, hi = static_cast<unsigned long long>(n_rows) + 1;  // first row_ptr[k] > s
  while (lo < hi) {
    const unsigned long long mid = lo + (hi - lo) / 2;
    if (row_ptr[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  return static_cast<unsigned>(lo - 1);
}

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
  TB_HD_INLINE int port(double w) const { return (port_by_sign && w < 0.0) ? 1 : 0; }
  TB_HD_INLINE fixed_t value(double x) const { return to_fixed(magnitude && x < 0.0 ? -x : x); }
};

// How a projection stores delays; the delivery loop is specialised on it.
enum class delay_layout { constant, packed, array };

// The delay (steps) of synapse s, whose target word is `word`, in a layout
// known at compile time.
template <delay_layout Layout>
TB_HD_INLINE int delay_in(const csr_view& c, unsigned long long s, unsigned word) {
  if (Layout == delay_layout::constant) return c.const_delay;
  if (Layout == delay_layout::packed) return static_cast<int>(word >> c.target_bits);
  return c.delay[s];
}

// Delivers synapses [begin, end) of one row of a spike emitted in the step
// whose ring slot is `step_slot` (step mod len): add(address, value) adds
// each synapse's fixed-point weight where and when it lands. Everything
// loop-invariant is read once, so the loop is loads, one add and a store.
template <delay_layout Layout, class Add>
TB_HD_INLINE void deliver_range(const csr_view& c, const ring_view& r, int step_slot, unsigned long long begin,
                                unsigned long long end, Add& add) {
  const unsigned* col = c.col;
  const float* weight = c.weight;
  const unsigned short* delay = c.delay;
  const unsigned mask = c.target_mask, shift = c.target_bits;
  const bool by_sign = c.port_by_sign, magnitude = c.magnitude;
  const unsigned long long n = r.n;
  const int len = r.len;
  int const_slot = step_slot + c.const_delay;
  if (const_slot >= len) const_slot -= len;
  fixed_t* const base0 = r.slot(0, const_slot);
  fixed_t* const base1 = by_sign ? r.slot(1, const_slot) : base0;
  for (unsigned long long s = begin; s < end; ++s) {
    const float w = weight[s];
    const unsigned word = col[s];
    fixed_t* at;
    if (Layout == delay_layout::constant) {
      at = (w < 0.0f ? base1 : base0) + word;
    } else {
      int slot = step_slot + (Layout == delay_layout::packed ? static_cast<int>(word >> shift) : delay[s]);
      if (slot >= len) slot -= len;
      const int port = (by_sign && w < 0.0f) ? 1 : 0;
      at = r.data + (static_cast<unsigned long long>(port) * len + slot) * n + (word & mask);
    }
    const double x = static_cast<double>(w);
    add(at, to_fixed(magnitude && x < 0.0 ? -x : x));
  }
}

// Orders one row by target (then by weight bits and delay, so that only
// identical synapses tie): every CSR row is sorted this way, which lets
// delivery split a row by target range. In-place heapsort, no allocation.
struct row_order {
  unsigned* col;
  unsigned short* delay;  // or nullptr
  float* weight;
  unsigned mask;

  TB_HD_INLINE bool less(unsigned long long a, unsigned long long b) const {
    const unsigned ta = col[a] & mask, tb = col[b] & mask;
    if (ta != tb) return ta < tb;
    const unsigned wa = bits(weight[a]), wb = bits(weight[b]);
    if (wa != wb) return wa < wb;
    if (col[a] != col[b]) return col[a] < col[b];
    return delay != nullptr && delay[a] < delay[b];
  }
  TB_HD_INLINE void swap(unsigned long long a, unsigned long long b) const {
    const unsigned c = col[a];
    col[a] = col[b];
    col[b] = c;
    const float w = weight[a];
    weight[a] = weight[b];
    weight[b] = w;
    if (delay != nullptr) {
      const unsigned short d = delay[a];
      delay[a] = delay[b];
      delay[b] = d;
    }
  }
  TB_HD_INLINE static unsigned bits(float f) {
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
  }
  TB_HD_INLINE void sift(unsigned long long base, unsigned long long root, unsigned long long end) const {
    while (2 * root + 1 < end) {
      unsigned long long child = 2 * root + 1;
      if (child + 1 < end && less(base + child, base + child + 1)) ++child;
      if (!less(base + root, base + child)) return;
      swap(base + root, base + child);
      root = child;
    }
  }
  TB_HD_INLINE void sort(unsigned long long begin, unsigned long long end) const {
    const unsigned long long n = end - begin;
    for (unsigned long long start = n / 2; start-- > 0;) sift(begin, start, n);
    for (unsigned long long last = n; last > 1; --last) {
      swap(begin, begin + last - 1);
      sift(begin, 0, last - 1);
    }
  }
};

// Rules whose generators do not already emit rows sorted by target.
TB_HD_INLINE bool rows_need_sorting(const connect_rule& r) {
  return (r.kind == rule_kind::fixed_outdegree && r.multapses) || r.kind == rule_kind::fixed_total_number;
}

TB_HD_INLINE delay_layout layout_of(const csr_view& c) {
  if (c.const_delay > 0) return delay_layout::constant;
  return c.delay != nullptr ? delay_layout::array : delay_layout::packed;
}

}  // namespace tribody::kern
