#include "cli/summary.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "models/astro_models.hpp"
#include "models/neuron_models.hpp"
#include "plan/memory_estimate.hpp"
#include "plan/network_plan.hpp"

namespace tribody::cli {
namespace {

std::string fixed(double x, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << x;
  return s.str();
}

std::string rule_name(rule_kind r) {
  switch (r) {
    case rule_kind::all_to_all: return "all_to_all";
    case rule_kind::one_to_one: return "one_to_one";
    case rule_kind::fixed_indegree: return "fixed_indegree";
    case rule_kind::fixed_outdegree: return "fixed_outdegree";
    case rule_kind::fixed_total_number: return "fixed_total_number";
    case rule_kind::pairwise_bernoulli: return "pairwise_bernoulli";
  }
  return "?";
}

}  // namespace

void print_summary(std::ostream& out, const nlohmann::json& r, const std::string& out_dir) {
  const auto& t = r["timers"];
  auto timer = [&](const char* k) { return t.contains(k) ? t[k].get<double>() : 0.0; };
  out << "tribody " << r["tribody_version"].get<std::string>() << ": " << r["model"].get<std::string>() << " ("
      << r["backend"].get<std::string>() << " backend, " << r["threads"] << " thread(s), seed " << r["seed"] << ")\n";
  out << "  network      " << r["neurons"] << " neurons, " << r["synapses"] << " synapses, "
      << fixed(r["memory"]["bytes_per_synapse"].get<double>(), 2) << " B/synapse\n";
  out << "  construction create " << fixed(timer("time_construction_create"), 3) << " s, connect "
      << fixed(timer("time_construction_connect"), 3) << " s\n";
  out << "  simulation   " << fixed(r["t_reached_ms"].get<double>(), 1) << " ms of model time in "
      << fixed(timer("time_simulate"), 3) << " s (real-time factor " << std::setprecision(4)
      << r["real_time_factor"].get<double>() << ")\n";
  out << "  phases       update " << fixed(timer("time_update"), 3) << " s, deliver "
      << fixed(timer("time_deliver_spike_data"), 3) << " s, gather/record " << fixed(timer("time_gather_record"), 3)
      << " s\n";
  out << "  spikes       " << r["spikes"] << "\n";
  for (const auto& p : r["populations"]) {
    out << "    " << std::left << std::setw(12) << p["name"].get<std::string>() << std::right << std::setw(10)
        << p["size"] << " neurons " << std::setw(10) << p["spikes"] << " spikes " << std::setw(8)
        << fixed(p["mean_rate_hz"].get<double>(), 2) << " Hz";
    if (p.contains("cv_isi")) out << "  CV(ISI) " << fixed(p["cv_isi"].get<double>(), 2);
    out << "\n";
  }
  if (r.contains("astrocytes") && !r["astrocytes"].empty()) {
    out << "  astrocytes   gliotransmitter releases\n";
    for (const auto& a : r["astrocytes"]) {
      out << "    " << std::left << std::setw(12) << a["name"].get<std::string>() << std::right << std::setw(10)
          << a["size"] << " x " << a["model"].get<std::string>() << " " << std::setw(8) << a["releases"] << " releases "
          << std::setw(8) << fixed(a["release_rate_hz"].get<double>(), 3) << " Hz\n";
    }
  }
  out << "  output       " << out_dir << (r["status"] == "completed" ? "" : " (run failed: see report.json)") << "\n";
}

const char* plasticity_name(plasticity_spec::rule_t r) {
  switch (r) {
    case plasticity_spec::none: return "static";
    case plasticity_spec::stdp: return "stdp";
    case plasticity_spec::stdp_nn_symm: return "stdp_nn_symm";
    case plasticity_spec::stdp_nn_pre_centered: return "stdp_nn_pre_centered";
    case plasticity_spec::stdp_dopamine: return "stdp_dopamine";
    case plasticity_spec::tripartite_stdp: return "tripartite_stdp";
    case plasticity_spec::astro_three_factor: return "astro_three_factor";
  }
  return "?";
}

const char* pathway_name(pathway_spec::kind_t k) {
  return k == pathway_spec::sic ? "sic" : k == pathway_spec::release_modulation ? "release_modulation" : "plasticity_gate";
}

// Astrocytes, their coupling and neuromodulators, and what each
// projection adds (territories, pathways, plasticity).
void print_astrocytes(std::ostream& out, const model_spec& m, const plan::network_plan& net) {
  if (!m.astrocytes.empty()) {
    std::uint64_t n = 0;
    for (const auto& a : m.astrocytes) n += a.size;
    out << "  astrocytes  " << m.astrocytes.size() << (m.astrocytes.size() == 1 ? " population, " : " populations, ") << n
        << " astrocytes\n";
    for (const auto& a : m.astrocytes) {
      out << "    " << a.name << ": " << a.size << " x " << a.model;
      if (a.grid_rows > 0) out << " on a " << a.grid_rows << " x " << a.grid_cols << " grid";
      if (a.neuromodulator >= 0) out << ", neuromodulator " << m.neuromodulators[a.neuromodulator].name;
      if (a.euler) out << ", explicit Euler";
      out << "\n";
    }
  }
  for (const auto& g : m.gap_junctions) {
    const char* rule = g.rule == gap_junction_spec::grid_neighbors ? "grid neighbours"
                       : g.rule == gap_junction_spec::distance     ? "distance"
                                                                   : "pairs";
    out << "  gap junctions on " << m.astrocytes[g.astrocytes].name << ": " << rule << ", "
        << net.gap_junctions[&g - m.gap_junctions.data()].neighbor.size() / 2 << " pairs, F " << g.F << "\n";
  }
  for (const auto& n : m.neuromodulators) {
    out << "  neuromodulator " << n.name << ": baseline " << n.baseline << ", " << n.pulses.size() << " pulses\n";
  }
  bool header = false;
  for (std::size_t j = 0; j < m.projections.size(); ++j) {
    const auto& p = m.projections[j];
    const auto& t = p.tripartite;
    std::vector<std::string> parts;
    if (p.synapse.kind == synapse_spec::tsodyks_markram) parts.push_back("tsodyks_markram");
    if (t.enabled) {
      const char* rule = t.rule == tripartite_spec::pool ? "pool" : t.rule == tripartite_spec::space ? "space" : "by_target";
      const double share = t.rule == tripartite_spec::pool ? t.p : 1.0;
      std::string s = std::string("tripartite over ") + m.astrocytes[t.astrocytes].name + " (" + rule + ", ~" +
                      fixed(net.projections[j].expected_synapses * share / m.astrocytes[t.astrocytes].size, 1) +
                      " synapses per astrocyte)";
      for (const auto& w : t.pathways) s += std::string(", ") + pathway_name(w.kind) + (w.local ? " (local)" : " (broadcast)");
      parts.push_back(s);
    }
    if (p.plasticity.rule != plasticity_spec::none) {
      std::string s = std::string("plasticity ") + plasticity_name(p.plasticity.rule);
      if (p.plasticity.astro_variable >= 0) {
        s += " through " + m.astrocytes[t.astrocytes].name + "'s " +
             models::find_astro_model(m.astrocytes[t.astrocytes].model)->state[p.plasticity.astro_variable].name;
      }
      parts.push_back(s);
    }
    if (parts.empty()) continue;
    if (!header) out << "  synapse dynamics, astrocytes and plasticity\n";
    header = true;
    out << "    " << net.projections[j].name << ": ";
    for (std::size_t k = 0; k < parts.size(); ++k) out << (k ? "; " : "") << parts[k];
    out << "\n";
  }
}

void print_validation(std::ostream& out, const model_spec& m) {
  const auto net = plan::make_plan(m);
  out << m.source << ": valid\n";
  out << "  simulation  dt " << m.simulation.dt << " ms, t_stop " << m.simulation.t_stop << " ms ("
      << net.n_steps << " steps), seed " << m.simulation.seed << "\n";
  out << "  populations " << m.populations.size() << ", " << m.total_neurons() << " neurons\n";
  for (const auto& p : m.populations) out << "    " << p.name << ": " << p.size << " x " << p.model << "\n";
  double syn = 0.0;
  out << "  projections " << m.projections.size() << "\n";
  for (const auto& p : net.projections) {
    syn += p.expected_synapses;
    out << "    " << p.name << ": " << net.populations[p.source].name << " -> " << net.populations[p.target].name
        << ", " << rule_name(p.rule.kind) << ", ~" << std::llround(p.expected_synapses) << " synapses, delay "
        << p.min_delay * net.dt << (p.constant_delay ? "" : ".." + fixed(p.max_delay * net.dt, 3)) << " ms\n";
  }
  double bytes = 0.0;
  for (const auto& p : net.projections) {
    bytes += plan::csr_bytes(p);
  }
  out << "  synapses    ~" << std::llround(syn) << " expected, ~" << fixed(bytes / (1 << 20), 1)
      << " MiB of synapse storage (CSR with row offsets)\n";
  print_astrocytes(out, m, net);
  out << "  stimuli     " << m.stimuli.size() << ", recorders " << m.recorders.size() << "\n";
}

namespace {

void print_tables(std::ostream& out, const std::vector<models::param_info>& params,
                  const std::vector<models::state_info>& state) {
  out << "\nparameters (name, unit, default):\n";
  for (const auto& p : params) {
    out << "  " << std::left << std::setw(12) << p.name << std::setw(10) << p.unit << std::setw(10) << p.fallback
        << p.doc << "\n";
  }
  out << "\nstate (name, unit, default initial value):\n";
  for (const auto& s : state) {
    out << "  " << std::left << std::setw(12) << s.name << std::setw(10) << s.unit << std::setw(28)
        << s.default_doc << " " << s.doc << "\n";
  }
}

}  // namespace

int print_models(std::ostream& out, const std::string& name) {
  if (name.empty()) {
    out << "neuron models:\n";
    for (const auto& m : models::neuron_models()) out << "  " << m.name << ": " << m.doc << "\n";
    out << "astrocyte models:\n";
    for (const auto& m : models::astro_models()) out << "  " << m.name << ": " << m.doc << "\n";
    return 0;
  }
  if (const auto* a = models::find_astro_model(name)) {
    out << a->name << ": " << a->doc << "\n";
    print_tables(out, a->params, a->state);
    out << "\ninput per synaptic event (per unit astro_weight): " << a->input_doc << "\n";
    out << "pathways read " << a->calcium << " as Ca2+; gap junctions couple " << a->coupled << "\n";
    return 0;
  }
  const auto* m = models::find_neuron_model(name);
  if (m == nullptr) {
    out << "unknown model '" << name << "'; models: ";
    for (const auto& n : models::neuron_model_names()) out << n << " ";
    for (const auto& n : models::astro_model_names()) out << n << " ";
    out << "\n";
    return 2;
  }
  out << m->name << ": " << m->doc << "\n";
  print_tables(out, m->params, m->state);
  if (m->n_ports > 0) out << "\nprojection weights onto it are in " << m->port_unit << "\n";
  return 0;
}

}  // namespace tribody::cli
