// The tripartite synapse on the fast clock: Tsodyks-Markram release,
// glutamate (or IP3, or activity) reaching the synapse's astrocyte, the
// synapse's own perisynaptic trace; and which astrocyte a synapse belongs
// to. The math of docs/astrocytes.md, shared by both backends.
#pragma once

#include "tribody/kernels/astro/astro_common.hpp"
#include "tribody/kernels/rng.hpp"
#include "tribody/kernels/synapses.hpp"

namespace tribody::kern {

constexpr unsigned no_astrocyte = 0xffffffffu;

// Which astrocyte synapse s (CSR index) onto target neuron j belongs to.
struct territory_rule {
  enum kind_t : int { pool, space, by_target } kind = pool;
  unsigned n_astro = 0, n_target = 0;
  unsigned pool_size = 1;
  bool pool_random = false;
  double p = 1.0;
  rng_key key{};       // purpose::territory: per-synapse draws
  rng_key pool_key{};  // purpose::territory_pool: random pools per target
  unsigned astro_rows = 0, astro_cols = 0;  // space: the astrocyte grid
  unsigned target_rows = 1, target_cols = 1;  // space: the targets' grid (set_target_grid)
  const int* target_astro = nullptr;        // by_target

  TB_HD_INLINE unsigned astro_of(unsigned long long s, unsigned j) const {
    switch (kind) {
      case by_target: return target_astro[j] < 0 ? no_astrocyte : static_cast<unsigned>(target_astro[j]);
      case space: {
        // The synapse belongs to the astrocyte whose grid cell holds its target.
        const double x = ((j % target_cols) + 0.5) / target_cols, y = ((j / target_cols) + 0.5) / target_rows;
        const unsigned c = static_cast<unsigned>(x * astro_cols), r = static_cast<unsigned>(y * astro_rows);
        return r * astro_cols + c;
      }
      case pool: {
        stream_rng g(key, s);
        if (p < 1.0 && g.uniform() >= p) return no_astrocyte;
        const unsigned q = pool_size > 1 ? g.uniform_int(pool_size) : 0u;
        if (!pool_random) {
          // Block pools: targets split evenly over n_astro / pool_size blocks.
          const unsigned blocks = n_astro / pool_size > 0 ? n_astro / pool_size : 1u;
          const unsigned b = static_cast<unsigned>(static_cast<unsigned long long>(j) * blocks / n_target);
          return b * pool_size + q;  // b < blocks, so below n_astro
        }
        // Random pools: pool_size distinct astrocytes per target (Floyd's
        // algorithm, in its draw order); the synapse takes member q.
        stream_rng pg(pool_key, j);
        unsigned chosen[64];
        unsigned m = 0;
        for (unsigned t = n_astro - pool_size; t < n_astro; ++t) {
          const unsigned cand = pg.uniform_int(t + 1);
          bool seen = false;
          for (unsigned i = 0; i < m; ++i) seen = seen || chosen[i] == cand;
          chosen[m++] = seen ? t : cand;
        }
        return chosen[q];
      }
    }
    return no_astrocyte;
  }

  // Targets lie on a near-square grid of the unit square: the smallest
  // cols with cols^2 >= n_target, and the rows they need.
  void set_target_grid() {
    target_cols = 1;
    while (static_cast<unsigned long long>(target_cols) * target_cols < n_target) ++target_cols;
    target_rows = (n_target + target_cols - 1) / target_cols;
  }
};

// Per-projection state and constants of dynamic (Tsodyks-Markram and/or
// tripartite) synapses. Pointers are null where a feature is off.
struct synapse_dynamics {
  // Tsodyks-Markram (Stimberg et al. 2018): u decays with Omega_f, x recovers
  // with Omega_d; per spike u += U_0 (1 - u), r = u x, x -= r.
  float* u = nullptr;
  float* x = nullptr;
  double U_0 = 0.0, Omega_f = 0.0, Omega_d = 0.0;  // 1, 1/ms, 1/ms
  // Per source the step of its last spike delivered (-1: none): every
  // synapse of a row has the same last event, so it is kept per row (TM
  // and local traces; set after delivery, source_delivered). The rows, to
  // find a synapse's source outside delivery.
  int* source_last = nullptr;
  const unsigned long long* row_ptr = nullptr;
  unsigned n_rows = 0;
  double dt = 0.1;

  // The step of synapse s's last event (-1: none).
  TB_HD_INLINE int last_event(unsigned long long s) const { return source_last[row_of(row_ptr, n_rows, s)]; }
  // Release modulation: U_0 = (1 - Gamma_S) U_0 + alpha Gamma_S.
  const float* gamma_local = nullptr;    // per synapse
  const double* gamma_astro = nullptr;   // per astrocyte (broadcast)
  double alpha = 0.0;
  // Input to the synapse's astrocyte.
  const unsigned* astro = nullptr;  // per synapse, no_astrocyte if none
  fixed_t* acc_end = nullptr;       // per astrocyte (null: the synapses' events do not feed it)
  fixed_t* acc_int = nullptr;
  const double* end_factor = nullptr;  // [m]: e^{-lambda (slow_dt - (m+1) dt)}
  const double* int_factor = nullptr;  // [m]: (1 - end_factor[m]) / lambda
  double amount = 0.0;                 // astro_weight * the model's input per event
  const double* astro_scale = nullptr;  // per astrocyte: 1 / its synapses here (astro_input "mean"), or none
  // The synapse's own perisynaptic trace (local pathways), decaying like
  // the astrocyte's input.
  float* trace = nullptr;
  double trace_rate = 0.0;  // lambda (1/ms)
};

// One presynaptic spike at synapse s, emitted in step `step`, fast step m of
// its slow step, the source's previous one in step `prev` (-1: none; its
// source_last before this step's): updates the synapse's dynamic state,
// feeds its astrocyte (astro_add(address, value) adds fixed-point
// amounts), and returns the fraction of the weight the target receives (1
// for static synapses).
template <class AstroAdd>
TB_HD_INLINE double synapse_event(const synapse_dynamics& d, unsigned long long s, long long step, int m, int prev,
                                  AstroAdd& astro_add) {
  double r = 1.0;
  const unsigned a = d.astro != nullptr ? d.astro[s] : no_astrocyte;
  const double elapsed = prev < 0 ? 1e30 : static_cast<double>(step - prev) * d.dt;
  if (d.u != nullptr) {
    double U0 = d.U_0;
    if (d.gamma_local != nullptr) U0 = (1.0 - d.gamma_local[s]) * d.U_0 + d.alpha * d.gamma_local[s];
    else if (d.gamma_astro != nullptr && a != no_astrocyte) U0 = (1.0 - d.gamma_astro[a]) * d.U_0 + d.alpha * d.gamma_astro[a];
    double u = static_cast<double>(d.u[s]) * pm::exp(-d.Omega_f * elapsed);
    double x = 1.0 - (1.0 - static_cast<double>(d.x[s])) * pm::exp(-d.Omega_d * elapsed);
    u += U0 * (1.0 - u);
    r = u * x;
    x -= r;
    d.u[s] = static_cast<float>(u);
    d.x[s] = static_cast<float>(x);
  }
  if (a != no_astrocyte) {
    const double v = d.amount * r;  // the synapse's own amount (its trace: not divided by the territory size)
    if (d.acc_end != nullptr) {  // none: the astrocyte takes a plasticity rule's drive instead
      const double to_astro = v * (d.astro_scale != nullptr ? d.astro_scale[a] : 1.0);
      astro_add(d.acc_end + a, to_fixed(to_astro * d.end_factor[m]));
      astro_add(d.acc_int + a, to_fixed(to_astro * d.int_factor[m]));
    }
    if (d.trace != nullptr) {
      d.trace[s] = static_cast<float>(static_cast<double>(d.trace[s]) * pm::exp(-d.trace_rate * elapsed) + v);
    }
  }
  return r;
}

// Delivers synapses [begin, end) of a spiking row through synapse_event;
// the target receives weight * r.
template <delay_layout Layout, class Add, class AstroAdd>
TB_HD_INLINE void deliver_dynamic_range(const csr_view& c, const ring_view& rv, int step_slot,
                                        unsigned long long begin, unsigned long long end, Add& add,
                                        const synapse_dynamics& d, long long step, int m, AstroAdd& astro_add) {
  if (begin >= end) return;
  const int prev = d.source_last != nullptr ? d.source_last[row_of(c.row_ptr, d.n_rows, begin)] : -1;
  for (unsigned long long s = begin; s < end; ++s) {
    const double r = synapse_event(d, s, step, m, prev, astro_add);
    const unsigned word = c.col[s];
    const int port = c.port(c.weight[s]);
    add(rv.landing(port, step_slot, delay_in<Layout>(c, s, word), word & c.target_mask),
        c.value(static_cast<double>(c.weight[s]) * r));
  }
}

// The perisynaptic factor of local pathways: the synapse's own trace,
// decayed to the end of step `step` from its last event (in step `last`,
// -1: none), as an occupancy q / (q + K).
TB_HD_INLINE double local_factor_since(const synapse_dynamics& d, unsigned long long s, int last, long long step,
                                       double K) {
  if (d.trace == nullptr || last < 0) return 0.0;
  const double q = static_cast<double>(d.trace[s]) * pm::exp(-d.trace_rate * static_cast<double>(step - last) * d.dt);
  return q > 0.0 ? q / (q + K) : 0.0;
}
// ... finding the last event from the synapse's source.
TB_HD_INLINE double local_factor(const synapse_dynamics& d, unsigned long long s, long long step, double K) {
  if (d.trace == nullptr || d.source_last == nullptr) return 0.0;
  return local_factor_since(d, s, d.last_event(s), step, K);
}

// Slow inward current (NEST astrocyte_lr_1994): SIC_scale ln(y) for
// y = (C - SIC_th) * 1000 > 1 (C in uM), else 0.
TB_HD_INLINE double sic_current(double calcium, double scale, double threshold) {
  const double y = (calcium - threshold) * 1000.0;
  return y > 1.0 ? scale * pm::log(y) : 0.0;
}

}  // namespace tribody::kern
