#include "tribody/simulation.hpp"

#include <algorithm>
#include <chrono>

#include "backend.hpp"
#include "models/neuron_models.hpp"
#include "output/writers.hpp"
#include "plan/network_plan.hpp"
#include "engine/epochs.hpp"
#include "sim/analysis.hpp"
#include "sim/simulation_impl.hpp"
#include "sim/system_info.hpp"
#include "tribody/errors.hpp"

#ifndef TRIBODY_VERSION
#define TRIBODY_VERSION "unknown"
#endif

namespace tribody {

using clock_type = std::chrono::steady_clock;


std::string version() { return TRIBODY_VERSION; }
bool sonata_output_available() { return output::hdf5_available(); }

simulation::simulation(model_spec model, const std::string& backend_name) : impl_(std::make_unique<impl>()) {
  impl_->model = std::move(model);
  impl_->net = plan::make_plan(impl_->model);
  impl_->engine = make_backend(backend_name, impl_->model.simulation.threads);
}

simulation::~simulation() = default;

const model_spec& simulation::model() const { return impl_->model; }
const plan::network_plan& simulation::network() const { return impl_->net; }
backend& simulation::engine() { return *impl_->engine; }
const recordings& simulation::results() const { return impl_->engine->results(); }
void simulation::set_failure(const std::string& message) { impl_->failure = message; }

void simulation::build() {
  // The state samples of the whole run stay in host memory until written
  // (on every backend): refuse, before anything is allocated, what cannot.
  const double samples = engine::run_samples_bytes(impl_->net);
  const double avail = static_cast<double>(available_memory_bytes());
  if (avail > 0.0 && samples > 0.8 * avail) {
    const auto mib = [](double b) { return std::to_string(static_cast<long long>(b / 1048576.0)) + " MiB"; };
    throw capacity_error("the state recorders' samples need about " + mib(samples) + " of memory over the run, but only " +
                         mib(avail) + " is available; record fewer nodes or variables, at a longer interval, or run shorter");
  }
  impl_->rss_before_build = resident_bytes();
  impl_->engine->build(impl_->net);
  impl_->built = true;
}

void simulation::run(const std::function<void(const progress&)>& on_progress) { run(on_progress, {}, {}); }

void simulation::run(const std::function<void(const progress&)>& on_progress, const std::vector<long long>& stops,
                     const std::function<void(long long)>& at_stop) {
  if (!impl_->built) build();
  auto& eng = *impl_->engine;
  const long long total = impl_->net.n_steps;
  const auto t0 = clock_type::now();
  std::size_t next = 0;
  while (next < stops.size() && stops[next] <= eng.current_step()) ++next;
  // Chunks of steps sized to about a quarter second of wall time, so
  // progress can be reported without costing anything per step.
  long long chunk = std::max(1, impl_->net.min_delay);
  try {
    while (eng.current_step() < total) {
      long long n = std::min(chunk, total - eng.current_step());
      if (next < stops.size()) n = std::min(n, stops[next] - eng.current_step());
      const auto c0 = clock_type::now();
      eng.run(n);
      if (next < stops.size() && eng.current_step() == stops[next]) {
        if (at_stop) at_stop(stops[next]);
        ++next;
      }
      const double took = std::chrono::duration<double>(clock_type::now() - c0).count();
      if (took < 0.1) chunk *= 2;
      else if (took > 0.5 && chunk > 1) chunk /= 2;
      if (on_progress) {
        const double wall = std::chrono::duration<double>(clock_type::now() - t0).count();
        on_progress({static_cast<double>(eng.current_step()) / total,
                     static_cast<double>(eng.current_step()) * impl_->net.dt, wall});
      }
    }
  } catch (const numerical_error& e) {
    impl_->time_simulate = std::chrono::duration<double>(clock_type::now() - t0).count();
    impl_->failure = e.what();
    throw;
  }
  impl_->time_simulate = std::chrono::duration<double>(clock_type::now() - t0).count();
}

nlohmann::json simulation::report() const {
  const auto& net = impl_->net;
  const auto& m = impl_->model;
  auto& eng = *impl_->engine;
  const auto& rec = eng.results();
  const double model_ms = static_cast<double>(eng.current_step()) * net.dt;
  nlohmann::json j;
  j["tribody_version"] = version();
  j["model"] = m.source;
  j["status"] = impl_->failure.empty() ? "completed" : "failed";
  if (!impl_->failure.empty()) j["error"] = impl_->failure;
  j["backend"] = eng.name();
  j["threads"] = eng.threads();
  j["seed"] = net.seed;
  j["dt_ms"] = net.dt;
  j["t_stop_ms"] = static_cast<double>(net.n_steps) * net.dt;
  j["t_reached_ms"] = model_ms;
  j["neurons"] = net.total_neurons();

  std::uint64_t synapses = 0, synapse_bytes = 0;
  const auto stats = eng.synapse_stats();
  nlohmann::json projections = nlohmann::json::array();
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const auto& p = net.projections[i];
    synapses += stats[i].synapses;
    synapse_bytes += stats[i].bytes;
    projections.push_back({{"name", p.name},
                           {"source", net.populations[p.source].name},
                           {"target", net.populations[p.target].name},
                           {"synapses", stats[i].synapses},
                           {"bytes_per_synapse", stats[i].synapses ? double(stats[i].bytes) / stats[i].synapses : 0.0},
                           {"layout", stats[i].layout}});
  }
  j["synapses"] = synapses;
  j["projections"] = projections;
  const auto mem = eng.memory();
  j["memory"] = {{"neuron_state_bytes", mem.neuron_state_bytes},
                 {"ring_buffer_bytes", mem.ring_buffer_bytes},
                 {"synapse_bytes", mem.synapse_bytes},
                 {"bytes_per_synapse", synapses ? double(synapse_bytes) / synapses : 0.0}};
  if (mem.device_bytes_in_use > 0) j["memory"]["device_bytes_in_use"] = mem.device_bytes_in_use;
  if (mem.astrocyte_bytes > 0) j["memory"]["astrocyte_bytes"] = mem.astrocyte_bytes;
  // The estimate the memory check used, against what the process grew by.
  if (eng.estimated_host_bytes() > 0.0) j["memory"]["estimated_host_bytes"] = eng.estimated_host_bytes();
  j["memory"]["resident_before_build_bytes"] = impl_->rss_before_build;
  j["memory"]["peak_resident_bytes"] = peak_resident_bytes();

  nlohmann::json pops = nlohmann::json::array();
  std::uint64_t total_spikes = 0;
  for (std::size_t p = 0; p < net.populations.size(); ++p) {
    const auto& pp = net.populations[p];
    const auto st = analyse_spikes(rec.spikes[p], rec.spike_count[p], pp.size, model_ms, net.dt);
    total_spikes += rec.spike_count[p];
    nlohmann::json e = {{"name", pp.name},        {"model", m.populations[p].model}, {"size", pp.size},
                        {"spikes", rec.spike_count[p]}, {"mean_rate_hz", st.mean_rate_hz},
                        {"spikes_recorded", static_cast<bool>(rec.spikes_recorded[p])}};
    if (rec.spikes_recorded[p]) {
      e["cv_isi"] = st.cv_isi;
      e["neurons_with_isi"] = st.neurons_with_isi;
    }
    pops.push_back(e);
  }
  j["populations"] = pops;
  if (!net.astrocytes.empty()) {
    nlohmann::json astros = nlohmann::json::array();
    for (std::size_t a = 0; a < net.astrocytes.size(); ++a) {
      const auto& ap = net.astrocytes[a];
      const std::uint64_t n = a < rec.release_count.size() ? rec.release_count[a] : 0;
      astros.push_back({{"name", ap.name},
                        {"model", m.astrocytes[a].model},
                        {"size", ap.size},
                        {"releases", n},
                        {"release_rate_hz", model_ms > 0 ? n / (ap.size * model_ms * 1e-3) : 0.0},
                        {"releases_recorded", a < rec.releases_recorded.size() && rec.releases_recorded[a]}});
    }
    j["astrocytes"] = astros;
    j["slow_dt_ms"] = static_cast<double>(net.slow_steps) * net.dt;
  }
  j["spikes"] = total_spikes;
  if (!net.rewards.empty()) {
    nlohmann::json rewards = nlohmann::json::array();
    for (std::size_t r = 0; r < net.rewards.size(); ++r) {
      rewards.push_back({{"name", net.rewards[r].name},
                         {"rewards", r < rec.reward_count.size() ? rec.reward_count[r] : 0}});
    }
    j["rewards"] = rewards;
  }
  nlohmann::json timers = eng.timers();
  timers["time_simulate"] = impl_->time_simulate;
  if (impl_->time_write > 0.0) timers["time_write_output"] = impl_->time_write;
  j["timers"] = timers;
  j["real_time_factor"] = model_ms > 0.0 ? impl_->time_simulate / (model_ms * 1e-3) : 0.0;
  // Spikes times mean out-degree of their projections (exact when every
  // source neuron of a projection has the same out-degree).
  double events = 0.0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const auto& p = net.projections[i];
    events += static_cast<double>(rec.spike_count[p.source]) * stats[i].synapses / net.populations[p.source].size;
  }
  j["synaptic_events"] = events;
  j["synaptic_events_per_second"] = impl_->time_simulate > 0.0 ? events / impl_->time_simulate : 0.0;
  return j;
}

void simulation::write(const std::string& dir, output_format format) const {
  const auto t0 = clock_type::now();
  // The synapses of projections with an edges recorder, weights as they are now.
  std::vector<output::edge_table> edges;
  const auto& rec = results();
  for (std::size_t r = 0; r < impl_->net.edge_recorders.size(); ++r) {
    const auto& er = impl_->net.edge_recorders[r];
    const auto j = static_cast<std::size_t>(er.projection);
    const auto syn = impl_->engine->synapses(er.projection);
    output::edge_table e;
    e.name = er.name;
    e.projection = impl_->net.projections[j].name;
    e.source = syn.source;
    e.target = syn.target;
    if (impl_->net.projections[j].plastic()) e.weight = rec.plastic_weights.at(j);
    else e.weight.assign(syn.weight.begin(), syn.weight.end());
    if (impl_->net.projections[j].plastic()) {
      const auto& taken = rec.snapshots.at(r);
      for (long long s : taken.steps) e.snapshot_ms.push_back(static_cast<double>(s) * impl_->net.dt);
      e.snapshots = taken.weights;
    } else {  // static weights do not change: each snapshot reached is the table's
      for (long long s : er.steps) {
        if (s > impl_->engine->current_step()) break;
        e.snapshot_ms.push_back(static_cast<double>(s) * impl_->net.dt);
        e.snapshots.push_back(e.weight);
      }
    }
    for (int d : syn.delay) e.delay_ms.push_back(d * impl_->net.dt);
    for (const auto& v : er.variables) e.state.emplace_back(v, impl_->engine->synapse_state(er.projection, v));
    for (std::uint32_t a : syn.astrocyte) e.astrocyte.push_back(a == 0xffffffffu ? -1 : static_cast<std::int64_t>(a));
    edges.push_back(std::move(e));
  }
  if (format == output_format::sonata) output::write_sonata(dir, impl_->net, rec, edges);
  else output::write_csv(dir, impl_->net, rec, edges);
  impl_->time_write = std::chrono::duration<double>(clock_type::now() - t0).count();
  output::write_json(dir + "/report.json", report());
}

}  // namespace tribody
