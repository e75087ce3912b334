#include "plan/memory_estimate.hpp"

#include <algorithm>

#include "engine/executor.hpp"

namespace tribody::plan {

namespace {

// A stable sort of n keys of `key` bytes below max_key: permutation, sorted
// keys, and a second pair of buffers when it takes two radix passes.
double sort_bytes(double n, double key, double max_key) {
  const bool two = engine::key_bits(static_cast<engine::ull>(std::max(1.0, max_key))) > engine::radix_digit_bits;
  return n * (8.0 + key + (two ? 8.0 + key : 0.0));
}

}  // namespace

double csr_bytes(const projection_plan& p) {
  return p.expected_synapses * (8.0 + ((p.constant_delay || p.pack_delay) ? 0.0 : 2.0)) + 8.0 * (p.rule.n_src + 1.0);
}

memory_estimate estimate_memory(const network_plan& plan) {
  memory_estimate m;
  for (const auto& p : plan.populations) {
    m.neuron_state += static_cast<double>(p.size) *
                      (8.0 * p.var_names.size() + 4.0 + 8.0 * p.n_ports * p.ring_len + (p.has_dc ? 8.0 : 0.0));
  }
  for (const auto& p : plan.projections) {
    const double n = p.expected_synapses;
    m.synapses += csr_bytes(p);
    if (p.synapse.kind == synapse_spec::tsodyks_markram) m.synapses += n * 8.0;  // u, x
    if (p.dynamic()) m.synapses += p.rule.n_src * 4.0;                            // per source: its last spike
    if (p.plastic()) {
      // The weight in double (the float weight goes after the build),
      // nn_pre_centered's trace; per target its spike lists and history
      // (lazy rules: every spike a pending arrival may come from) and
      // traces, per source its trace and last spike. The astrocyte rules
      // add the by-arrival order (an id per synapse, a row start per
      // (delay, target)).
      const double targets = p.rule.n_tgt, slots = p.max_delay + 1.0;
      const bool lazy = p.plasticity.params.astro == kern::astro_rule::none;
      m.synapses += n * 8.0 + (p.plasticity.params.pairing == kern::stdp_pairing::nn_pre_centered ? n * 8.0 : 0.0);
      // (the trace at each spike only for per-synapse delays)
      const double history = kern::history_depth(p.max_delay, lazy, p.constant_delay);
      const double per_spike = p.constant_delay ? 8.0 : 16.0;
      m.synapses += targets * (slots * 4.0 + history * per_spike + 20.0 + (lazy ? 8.0 * kern::spike_history::recent_len : 0.0)) + 16.0 * p.rule.n_src +
                    8.0 * slots;
      if (!lazy) m.synapses += n * 4.0 + 8.0 * (p.max_delay - p.min_delay + 1.0) * targets;
      if (p.plasticity.params.dopamine) m.synapses += n * 8.0 + 16.0 * (p.plasticity.dopamine_period + 1.0);
      if (p.plasticity.three_factor()) {  // the history and its integral; Ca per synapse (local) or per astrocyte
        const double n_astro = plan.astrocytes[p.tripartite.astrocytes].size;
        const double per_astro = p.plasticity.astro_var >= 0 ? 8.0 : 16.0;  // the gate (and the rule's own Ca)
        m.synapses += n * 8.0 + (p.plasticity.params.local ? n * 4.0 : n_astro * per_astro);
      }
    }
    const auto& t = p.tripartite;
    if (!t.enabled) continue;
    const double n_astro = plan.astrocytes[t.astrocytes].size;
    const double targets = plan.populations[p.target].size;
    double scratch = 4.0 * n + sort_bytes(n, 4.0, n_astro);  // territories
    if (t.sic >= 0) {
      scratch = std::max(scratch, t.pathways[t.sic].local ? 4.0 * n + sort_bytes(n, 4.0, targets)
                                                          : 16.0 * n + sort_bytes(n, 8.0, targets * (n_astro + 1.0)));
    }
    if (p.plastic()) {  // the astrocyte rules' by-arrival order
      scratch = std::max(scratch, 12.0 * n + sort_bytes(n, 4.0, (p.max_delay - p.min_delay + 1.0) * targets));
    }
    m.index_scratch = std::max(m.index_scratch, scratch);
    m.synapses += n * (4.0 + 8.0) + 8.0 * (n_astro + 1.0);  // synapse -> astrocyte, astrocyte -> synapses
    if (t.needs_trace) m.synapses += n * 4.0;
    if (t.release >= 0) m.synapses += t.pathways[t.release].local ? n * 4.0 : n_astro * 8.0;
    if (t.gate >= 0) m.astrocytes += n_astro * 8.0;
    if (t.mean_input) m.astrocytes += n_astro * 8.0;
    if (t.sic >= 0) {
      const double targets = plan.populations[p.target].size;
      m.synapses += 8.0 * (targets + 1.0) + n * 8.0;  // per target: its synapses, or (astrocyte, count) pairs
      m.neuron_state += targets * 8.0;                // the slow current
    }
  }
  // A weight recorder's selection of its synapses: a flag, an id and a
  // per-thread list entry per synapse of its projection.
  for (const auto& r : plan.weight_recorders) {
    m.index_scratch = std::max(m.index_scratch, 12.0 * plan.projections[r.projection].expected_synapses);
  }
  for (const auto& a : plan.astrocytes) {
    // state, two input accumulators, gliotransmitter mean, gap flux, release time
    m.astrocytes += static_cast<double>(a.size) * (8.0 * a.var_names.size() + 16.0 + 24.0);
  }
  return m;
}

}  // namespace tribody::plan
