#include "parity_models.hpp"

namespace tribody::test {

// Tripartite synapses of every kind: Tsodyks-Markram, pools, space and
// explicit territories, local and broadcast pathways, SIC into LIF and
// conductance neurons, gap junctions and a neuromodulator.
std::string tripartite_network(const char* mode) {
  const std::string m = std::string(R"({"simulation": {"dt": 0.1, "t_stop": 500.0, "slow_dt": 5.0, "seed": 3},
    "neuromodulators": [{"name": "DA", "pulses": [{"start": 200.0, "stop": 400.0, "amplitude": 1.5}]}],
    "populations": [{"name": "E", "size": 400, "model": "iaf_psc_exp"}, {"name": "C", "size": 100, "model": "iaf_cond_exp"},
                    {"name": "P", "size": 50, "model": "poisson_source", "params": {"rate": 40.0}}],
    "astrocytes": [{"name": "G", "size": 16, "model": "astro_gchi", "grid": {"rows": 4, "cols": 4}},
                   {"name": "S", "size": 20, "model": "astro_slow", "neuromodulator": "DA", "params": {"tau_Ca": 300.0}}],
    "gap_junctions": [{"astrocytes": "G", "rule": "distance", "radius": 1.5, "F": 1e-3}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 9000.0, "weight": 30.0}],
    "projections": [
      {"source": "P", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 10}, "weight": 80.0,
       "synapse": {"model": "tsodyks_markram", "U_0": 0.5},
       "tripartite": {"astrocytes": "G", "assignment": {"rule": "space"}, "pathways": [
         {"type": "release_modulation", "mode": ")") + mode + R"(", "O_G": 0.05, "alpha": 0.2},
         {"type": "sic", "mode": ")" + mode + R"(", "weight": 5.0, "SIC_th": 0.05}]}},
      {"source": "E", "target": "C", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.1}, "weight": 2.0,
       "tripartite": {"astrocytes": "S", "assignment": {"rule": "pool", "pool_size": 3, "pool_type": "random", "p": 0.7},
         "pathways": [{"type": "plasticity_gate", "mode": ")" + mode + R"("}, {"type": "sic", "weight": 20.0, "SIC_th": 0.0}]}},
      {"source": "E", "target": "E", "connectivity": {"rule": "fixed_outdegree", "outdegree": 20}, "weight": 20.0,
       "delay": {"distribution": "uniform", "low": 0.5, "high": 3.0}}],
    "recorders": [{"type": "spikes", "populations": ["E", "C", "G"]},
                  {"type": "state", "population": "G", "node_ids": [0, 5, 15], "variables": ["C", "I", "G_A", "Y_S"], "interval": 5.0},
                  {"type": "state", "population": "S", "node_ids": [0, 19], "variables": ["Ca", "gate"], "interval": 10.0},
                  {"type": "state", "population": "C", "node_ids": [0, 1], "variables": ["V_m", "g_ex"], "interval": 1.0}]})";
  return m;
}

// Plastic projections of each rule: per-synapse delays (every arrival
// task, the spike histories) and a constant delay (the per-target trace),
// weight recorders, final weights.
// rule: a plasticity rule, or "<astrocyte rule>/<mode>" (tripartite_stdp,
// astro_three_factor; local, broadcast, or "variable": broadcast through the
// astrocytes' Ca, astrocyte_variable): then the projections are
// tripartite over astro_slow territories.
std::string plastic_network(const std::string& spec) {
  const std::string rule = spec.substr(0, spec.find('/'));
  const std::string mode = spec.find('/') == std::string::npos ? "" : spec.substr(spec.find('/') + 1);
  const bool astro = !mode.empty();
  const auto block = [&](const std::string& extra) {
    if (rule == "stdp_dopamine") {
      return R"({"rule": "stdp_dopamine", "volume_transmitter": "P", "vt_delay": 0.5, "A_plus": 0.5, "A_minus": 0.6,
                 "tau_c": 20.0, "b": 0.01, )" + extra + "}";
    }
    if (rule == "astro_three_factor") {  // mode "variable": broadcast through the astrocytes' Ca
      const bool via = mode == "variable";
      return R"({"rule": "astro_three_factor", "mode": ")" + std::string(via ? "broadcast" : mode) +
             R"(", "volume_transmitter": "P", "vt_delay": 0.5, "eta": 0.1, "A_minus": 0.8, "tau_h": 20.0, )" +
             (via ? R"("astrocyte_variable": "Ca")" : R"("tau_Ca": 50.0)") +
             R"(, "theta": 0.05, "tau_n": 10.0, "M": 0.001, "Wmax": 2.0})";
    }
    if (rule == "tripartite_stdp") {
      return R"({"rule": "tripartite_stdp", "mode": ")" + mode + R"(", "lambda": 0.05, "Ca_scale": 0.5, )" + extra + "}";
    }
    return R"({"rule": ")" + rule + R"(", "lambda": 0.05, )" + extra + "}";
  };
  const auto tripartite = [&](const char* pool) -> std::string {
    if (!astro) return "";
    return std::string(R"("tripartite": {"astrocytes": "A", "astro_weight": 0.02, "assignment": {"rule": "pool", "pool_size": )") +
           pool + R"(, "pool_type": "random", "p": 0.9}}, )";
  };
  return R"({"simulation": {"dt": 0.1, "t_stop": 150.0, "seed": 11, "slow_dt": 2.0},
    "populations": [{"name": "E", "size": 400, "model": "iaf_psc_delta",
                     "params": {"C_m": 1.0, "tau_m": 20.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_th": 20.0},
                     "initial": {"V_m": {"distribution": "uniform", "low": 0.0, "high": 20.0}}},
                    {"name": "P", "size": 50, "model": "parrot_neuron"}],)" +
         std::string(astro ? R"(
    "astrocytes": [{"name": "A", "size": 40, "model": "astro_slow", "params": {"tau_Ca": 30.0}}],)" : "") + R"(
    "stimuli": [{"type": "poisson", "target": "E", "rate": 9000.0, "weight": 0.12, "delay": 1.0},
                {"type": "poisson", "target": "P", "rate": 30.0, "weight": 1.0, "delay": 0.5},
                {"type": "reward", "target": "P", "node_ids": [0, 7], "pre": {"population": "E", "node_id": 3},
                 "post": {"population": "E", "node_id": 4}, "window": 20.0, "delay_min": 5.0, "delay_max": 30.0}],
    "projections": [
      {"name": "EE", "source": "E", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 30},
       "weight": {"distribution": "uniform", "low": 0.05, "high": 0.3},
       "delay": {"distribution": "uniform", "low": 0.1, "high": 4.0}, )" + tripartite("4") + R"(
       "plasticity": )" + block(rule == "stdp_dopamine" ? R"("Wmax": 0.6)" : R"("Wmax": 0.6, "mu_plus": 0.5)") + R"(},
      {"name": "PE", "source": "P", "target": "E", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.2},
       "weight": 0.5, "delay": 1.3, )" + tripartite("2") + R"("plasticity": )" + block(rule == "stdp_dopamine" ? R"("Wmax": 2.0)" : R"("Wmax": 2.0, "mu_minus": 0)") + R"(}],
    "recorders": [{"type": "spikes", "populations": ["E", "P"]},
                  {"type": "weights", "name": "w_ee", "projection": "EE", "sources": [0, 1, 2, 3]},
                  {"type": "weights", "name": "w_pe", "projection": "PE"}]})";
}

const std::vector<std::string> plastic_rules = {"stdp", "stdp_nn_symm", "stdp_nn_pre_centered", "stdp_dopamine",
                                         "tripartite_stdp/local", "tripartite_stdp/broadcast",
                                         "astro_three_factor/local", "astro_three_factor/broadcast",
                                         "astro_three_factor/variable"};

// Astrocyte features the other parity models leave out: by_target
// territories, block pools, astro_input "mean", gap junctions on a grid and
// by pairs, astro_lr in a network, a neuromodulator, empty projections.
std::string astro_features() {
  return R"({"simulation": {"dt": 0.1, "t_stop": 300.0, "slow_dt": 1.0, "seed": 11},
    "neuromodulators": [{"name": "DA", "pulses": [{"start": 50.0, "stop": 290.0, "amplitude": 2.0}]}],
    "populations": [{"name": "E", "size": 200, "model": "iaf_psc_exp"},
                    {"name": "A", "size": 60, "model": "aeif_cond_alpha"},
                    {"name": "P", "size": 40, "model": "poisson_source", "params": {"rate": 60.0}}],
    "astrocytes": [{"name": "L", "size": 9, "model": "astro_lr", "grid": {"rows": 3, "cols": 3}},
                   {"name": "S", "size": 8, "model": "astro_slow", "neuromodulator": "DA", "params": {"tau_Ca": 50.0}},
                   {"name": "G", "size": 4, "model": "astro_gchi"}],
    "gap_junctions": [{"astrocytes": "L", "rule": "grid_neighbors", "F": 1e-2, "threshold": 0.0},
                      {"astrocytes": "G", "rule": "pairs", "pairs": [[0, 1], [2, 3], [1, 3]], "F": 1e-3}],
    "stimuli": [{"type": "poisson", "target": "E", "rate": 9000.0, "weight": 30.0},
                {"type": "poisson", "target": "A", "rate": 20000.0, "weight": 1.5}],
    "projections": [
      {"source": "P", "target": "E", "connectivity": {"rule": "fixed_indegree", "indegree": 8}, "weight": 60.0,
       "tripartite": {"astrocytes": "L", "astro_weight": 50.0, "assignment": {"rule": "space"},
                      "pathways": [{"type": "sic", "weight": 4.0, "SIC_th": 0.1}]}},
      {"source": "E", "target": "A", "connectivity": {"rule": "pairwise_bernoulli", "p": 0.2}, "weight": 1.0,
       "tripartite": {"astrocytes": "S", "astro_input": "mean", "assignment": {"rule": "pool", "pool_size": 2, "pool_type": "block"},
                      "pathways": [{"type": "plasticity_gate", "mode": "local"}, {"type": "sic", "mode": "local", "weight": 30.0}]}},
      {"source": "E", "target": "E", "connectivity": {"rule": "fixed_outdegree", "outdegree": 10}, "weight": 10.0,
       "synapse": {"model": "tsodyks_markram", "U_0": 0.3},
       "tripartite": {"astrocytes": "G", "assignment": {"rule": "by_target", "astrocytes": [)" +
         [] {
           std::string s;
           for (int i = 0; i < 200; ++i) s += (i ? ", " : "") + std::to_string(i % 5 == 4 ? -1 : i % 4);
           return s;
         }() + R"(]},
                      "pathways": [{"type": "release_modulation", "O_G": 0.5, "alpha": 0.1}]}},
      {"source": "E", "target": "A", "connectivity": {"rule": "fixed_indegree", "indegree": 0}, "weight": 1.0},
      {"source": "A", "target": "E", "connectivity": {"rule": "fixed_total_number", "N": 0}, "weight": 1.0,
       "tripartite": {"astrocytes": "G", "assignment": {"rule": "pool", "pool_size": 2}, "pathways": [{"type": "sic"}]}}],
    "recorders": [{"type": "spikes", "populations": ["E", "A", "L", "S", "G"]},
                  {"type": "state", "population": "L", "node_ids": [0, 4, 8], "variables": ["Ca_astro", "h_IP3R", "IP3"], "interval": 1.0},
                  {"type": "state", "population": "S", "node_ids": [0, 7], "variables": ["Ca", "gate"], "interval": 2.0},
                  {"type": "state", "population": "A", "node_ids": [0, 1], "variables": ["V_m", "w"], "interval": 0.7}]})";
}

}  // namespace tribody::test
