// The definitions of network_engine<X> (src/engine/network_engine.hpp);
// included by the one file of each backend that instantiates it.
#pragma once

#include <algorithm>
#include <chrono>
#include <limits>
#include <sstream>

#include "engine/astro_engine_impl.hpp"
#include "engine/plasticity_engine_impl.hpp"
#include "engine/state_io.hpp"
#include "engine/network_engine.hpp"
#include "plan/dc_input.hpp"
#include "plan/input_bound.hpp"
#include "tribody/errors.hpp"

namespace tribody::engine {

template <class X>
kern::soa_state network_engine<X>::state(std::size_t p) {
  return soa_of(pops_[p].vars, pops_[p].refractory.data());
}

template <class X>
void network_engine<X>::build_population(std::size_t pi) {
  const auto& P = *plan_;
  const auto& p = P.populations[pi];
  auto& s = pops_[pi];
  s.vars.resize(p.var_names.size());
  for (auto& v : s.vars) x_.resize(v, p.size);
  x_.fill(s.refractory, p.size, 0);
  x_.fill(s.ring, static_cast<std::size_t>(p.n_ports) * p.ring_len * p.size, kern::fixed_t{0});
  if (p.has_dc) x_.fill(s.i_ext, p.size, 0.0);
  x_.resize(s.spikes, p.size);
  x_.reserve_select(p.size);
  if (rec_.spikes_recorded[pi]) {
    x_.resize(s.rec_step, static_cast<std::size_t>(epoch_) * p.size);
    x_.resize(s.rec_id, static_cast<std::size_t>(epoch_) * p.size);
  }
  draw_initial(x_, s.vars, p.initial, P.seed, kern::purpose::init, p.gid0);
  link_initial(x_, s.vars, p.linked_source, p.linked_factor);
}

template <class X>
void network_engine<X>::build_delivery(const std::vector<projection_csr>& csr) {
  const auto& P = *plan_;
  host_delivery_.clear();
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    const auto& pj = P.projections[j];
    const auto& tgt = P.populations[pj.target];
    delivery d;
    d.spikes = pops_[pj.source].spikes.data();
    d.count = counts_.data() + pj.source;
    d.csr = csr[j].view;
    d.n_targets = tgt.size;
    d.n_sources = P.populations[pj.source].size;
    const double n_src = std::max<double>(1.0, P.populations[pj.source].size);
    d.per_thread = static_cast<double>(csr[j].synapses) / n_src < thread_per_spike_below ? 1 : 0;
    d.chunks = static_cast<unsigned>(std::max<ull>(1, (csr[j].max_row + delivery_row_chunk - 1) / delivery_row_chunk));
    d.ring = {pops_[pj.target].ring.data(), tgt.size, tgt.ring_len};
    d.layout = kern::layout_of(d.csr);
    d.dynamic = pj.dynamic() ? 1 : 0;
    d.dyn = astro_.dynamics(j);
    d.slow_steps = P.slow_steps;
    d.silent = pj.silent ? 1 : 0;
    if (pj.plastic()) {
      d.plastic = 1;
      d.stdp = stdp_.view(j);
    }
    host_delivery_.push_back(d);
  }
  x_.upload(delivery_, host_delivery_);
}

template <class X>
void network_engine<X>::build_stimuli() {
  const auto& P = *plan_;
  poisson_cdf_.clear();
  poisson_guide_.clear();
  poisson_nodes_.clear();
  poisson_cdf_.resize(P.poisson.size());
  poisson_guide_.resize(P.poisson.size());
  poisson_nodes_.resize(P.poisson.size());
  for (std::size_t j = 0; j < P.poisson.size(); ++j) {
    x_.upload(poisson_cdf_[j], P.poisson[j].cdf);
    x_.upload(poisson_guide_[j], P.poisson[j].guide);
    x_.upload(poisson_nodes_[j], P.poisson[j].node_ids);
  }
  rewards_.clear();
  rewards_.resize(P.rewards.size());
  for (std::size_t j = 0; j < P.rewards.size(); ++j) {
    x_.fill(rewards_[j].last_pre, 1, -1LL);
    x_.fill(rewards_[j].n_rewards, 1, 0ULL);
    x_.upload(rewards_[j].nodes, P.rewards[j].node_ids);
  }
  spike_times_.clear();
  spike_times_.resize(P.spike_times.size());
  for (std::size_t j = 0; j < P.spike_times.size(); ++j) {
    const auto& ev = P.spike_times[j].events;  // sorted by step
    std::vector<long long> steps;
    std::vector<unsigned> nodes;
    auto& st = spike_times_[j];
    for (std::size_t k = 0, run = 0; k < ev.size(); ++k) {
      steps.push_back(ev[k].step);
      nodes.push_back(ev[k].node);
      run = (k > 0 && ev[k].step == ev[k - 1].step) ? run + 1 : 1;
      st.max_per_step = std::max<ull>(st.max_per_step, run);
    }
    x_.upload(st.steps, steps);
    x_.upload(st.nodes, nodes);
    x_.fill(st.range, 2, 0ULL);
  }
}

template <class X>
void network_engine<X>::build_recorders() {
  const auto& P = *plan_;
  state_nodes_.clear();
  state_buffers_.clear();
  state_capacity_.clear();
  state_nodes_.resize(P.state_recorders.size());
  state_buffers_.resize(P.state_recorders.size());
  for (std::size_t r = 0; r < P.state_recorders.size(); ++r) {
    const auto& rp = P.state_recorders[r];
    x_.upload(state_nodes_[r], rp.node_ids);
    const ull cap = static_cast<ull>(epoch_ / rp.interval) + 2;  // the samples of an epoch, and one
    state_capacity_.push_back(cap);
    x_.resize(state_buffers_[r], cap * rp.node_ids.size() * rp.vars.size());
  }
  rec_.states.assign(P.state_recorders.size(), {});
}

template <class X>
void network_engine<X>::build(const X& x, const plan::network_plan& plan, const std::vector<projection_csr>& csr,
                              int epoch, phase_timers& timers) {
  using clock = std::chrono::steady_clock;
  x_ = x;
  plan_ = &plan;
  epoch_ = std::max(1, epoch);
  step_ = 0;
  next_dc_ = 0;
  stopped_.clear();
  std::fill(std::begin(phase_time_), std::end(phase_time_), 0.0);
  const auto& P = plan;
  const std::size_t np = P.populations.size();
  rec_ = recordings{};
  rec_.spike_count.assign(np, 0);
  rec_.spikes_recorded.assign(np, false);
  rec_.spikes.assign(np, {});
  for (const auto& r : P.spike_recorders) {
    for (int p : r.populations) rec_.spikes_recorded[p] = true;
  }
  x_.fill(counter_, 1, 0LL);
  x_.fill(halted_, 1, no_failure);
  x_.fill(counts_, np, 0ULL);
  x_.fill(totals_, np, 0ULL);
  x_.fill(recorded_, np, 0ULL);
  x_.fill(bad_, np, no_failure);
  x_.fill(n_bad_, np, 0LL);

  auto t0 = clock::now();
  pops_.clear();
  pops_.resize(np);
  for (std::size_t p = 0; p < np; ++p) build_population(p);
  x_.sync("building the populations");
  timers["time_construction_create"] = std::chrono::duration<double>(clock::now() - t0).count();

  check_input_bound(csr);
  t0 = clock::now();
  std::vector<kern::csr_view> views;
  std::vector<ull> sizes;
  for (const auto& c : csr) {
    views.push_back(c.view);
    sizes.push_back(c.synapses);
  }
  astro_.build(x_, P, views, sizes, epoch_, halted_.data(), rec_);
  last_event_projections_.clear();  // (sources_delivered: once here, not every step)
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    if (astro_.dynamic(j) && astro_.dynamics(j).source_last != nullptr) last_event_projections_.push_back(j);
  }
  x_.sync("building the astrocytes");
  if (!P.astrocytes.empty()) {
    timers["time_construction_astrocytes"] = std::chrono::duration<double>(clock::now() - t0).count();
  }
  std::vector<const unsigned*> spikes;
  for (auto& pop : pops_) spikes.push_back(pop.spikes.data());
  std::vector<astro_link> links(P.projections.size());
  for (std::size_t j = 0; j < P.projections.size(); ++j) {
    const auto& t = P.projections[j].tripartite;
    if (!t.enabled) continue;
    links[j] = {astro_.dynamics(j), astro_.calcium(t.astrocytes), astro_.territory_ptr(j), astro_.territory_syn(j),
                P.astrocytes[t.astrocytes].size, t.event_K()};
    const int var = P.projections[j].plasticity.astro_var;
    if (var >= 0) {
      links[j].variable = astro_.variable(t.astrocytes, var);
      links[j].input_end = astro_.input_end(t.astrocytes);
      links[j].input_int = astro_.input_int(t.astrocytes);
    }
  }
  stdp_.build(x_, P, csr, spikes, counts_.data(), epoch_, halted_.data(), rec_, links);
  snapshot_step_ = -1;
  build_delivery(csr);
  build_stimuli();
  build_recorders();
  dc_changes_ = plan::dc_change_steps(P);
  snapshot_steps_.clear();
  next_snapshot_ = 0;
  for (const auto& e : P.edge_recorders) snapshot_steps_.insert(snapshot_steps_.end(), e.steps.begin(), e.steps.end());
  std::sort(snapshot_steps_.begin(), snapshot_steps_.end());
  snapshot_steps_.erase(std::unique(snapshot_steps_.begin(), snapshot_steps_.end()), snapshot_steps_.end());
  rec_.snapshots.assign(P.edge_recorders.size(), {});
  apply_dc(0);
  // The initial state is sample 0: the recorders see the end of "step -1".
  x_.fill(counter_, 1, -1LL);
  record({counter_.data(), 0}, false);
  record({counter_.data(), 0}, true);
  x_.fill(counter_, 1, 0LL);
  flush(0);
  take_snapshots();
}

// The weights of plastic projections with an edges recorder whose
// snapshot is due now (epochs end at snapshot steps).
template <class X>
void network_engine<X>::take_snapshots() {
  const auto& P = *plan_;
  while (next_snapshot_ < snapshot_steps_.size() && snapshot_steps_[next_snapshot_] <= step_) {
    const long long s = snapshot_steps_[next_snapshot_++];
    for (std::size_t r = 0; r < P.edge_recorders.size(); ++r) {
      const auto& e = P.edge_recorders[r];
      if (!P.projections[e.projection].plastic() || std::find(e.steps.begin(), e.steps.end(), s) == e.steps.end()) {
        continue;
      }
      rec_.snapshots[r].steps.push_back(s);
      rec_.snapshots[r].weights.push_back(stdp_.weights(static_cast<std::size_t>(e.projection)));
    }
  }
}

template <class X>
void network_engine<X>::update(std::size_t p, step_ref s) {
  const auto& P = *plan_;
  const auto& pp = P.populations[p];
  auto& pop = pops_[p];
  plan::with_model(pp.params, [&](auto tag, const auto& prm) {
    using M = typename decltype(tag)::type;
    update_neurons<M> f;
    f.p = prm;
    f.s = state(p);
    f.ring = {pop.ring.data(), pp.size, pp.ring_len};
    f.i_ext = ptr_of(pop.i_ext);
    f.i_slow = astro_.slow_current(p);
    f.seed = P.seed;
    f.gid0 = pp.gid0;
    f.step = s;
    f.halted = halted_.data();
    f.bad = bad_.data() + p;
    f.n_bad = n_bad_.data() + p;
    x_.for_each_select(pp.size, f, pop.spikes.data(), counts_.data() + p, "update");
  });
}

template <class X>
void network_engine<X>::record(step_ref s, bool astro) {
  const auto& P = *plan_;
  for (std::size_t r = 0; r < P.state_recorders.size(); ++r) {
    const auto& rp = P.state_recorders[r];
    if (rp.astro != astro) continue;
    record_state f;
    f.s = astro ? astro_.state(rp.population) : state(rp.population);
    f.nodes = state_nodes_[r].data();
    f.n_nodes = static_cast<unsigned>(rp.node_ids.size());
    for (std::size_t v = 0; v < rp.vars.size(); ++v) f.vars[v] = rp.vars[v];
    f.n_vars = static_cast<int>(rp.vars.size());
    f.interval = rp.interval;
    f.buffer = state_buffers_[r].data();
    f.capacity = state_capacity_[r];
    f.step = s;
    f.halted = halted_.data();
    x_.for_each(static_cast<ull>(f.n_nodes) * f.n_vars, f, "record_state");
  }
}

template <class X>
void network_engine<X>::record_spikes_of(step_ref s) {
  const auto& P = *plan_;
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    if (!rec_.spikes_recorded[p]) continue;
    auto& pop = pops_[p];
    x_.for_each_upto(counts_.data() + p, P.populations[p].size,
                     record_spikes{pop.spikes.data(), counts_.data() + p, recorded_.data() + p, s, pop.rec_step.data(),
                                   pop.rec_id.data()},
                     "record_spikes");
  }
}

// Each stimulus adds into the rings of its targets without atomics, so
// stimuli go one at a time; storing the recorded spikes goes with the first.
template <class X>
void network_engine<X>::stimulate(step_ref s) {
  const auto& P = *plan_;
  bool records_done = false;
  const auto with_records = [&](const auto& op) {
    if (records_done) return op();
    records_done = true;
    x_.independent([&] {
      record_spikes_of(s);
      op();
    });
  };
  for (std::size_t j = 0; j < P.poisson.size(); ++j) {
    const auto& sp = P.poisson[j];
    const auto& tgt = P.populations[sp.target];
    poisson_stimulus f;
    f.f.in = {sp.key, sp.n_chunks, poisson_cdf_[j].data(), static_cast<int>(sp.cdf.size()), poisson_guide_[j].data()};
    f.f.node_ids = ptr_of(poisson_nodes_[j]);
    f.f.gid0 = tgt.gid0;
    f.f.value = sp.value;
    f.ring = {pops_[sp.target].ring.data(), tgt.size, tgt.ring_len};
    f.port = sp.port;
    f.delay = sp.delay;
    f.start_step = sp.start_step;
    f.stop_step = sp.stop_step;
    f.step = s;
    f.halted = halted_.data();
    with_records([&] { x_.for_each(sp.node_ids.empty() ? tgt.size : sp.node_ids.size(), f, "poisson"); });
  }
  for (std::size_t j = 0; j < P.spike_times.size(); ++j) {
    const auto& sp = P.spike_times[j];
    const auto& tgt = P.populations[sp.target];
    auto& st = spike_times_[j];
    if (st.max_per_step == 0) continue;
    with_records([&] {
      x_.for_each(1, events_of_step{st.steps.data(), sp.events.size(), s, st.range.data()}, "spike_times_range");
    });
    const spike_time_events f{st.nodes.data(), st.range.data(), {pops_[sp.target].ring.data(), tgt.size, tgt.ring_len},
                              sp.value, sp.port, sp.delay, s, halted_.data()};
    x_.for_each_upto(st.range.data() + 1, st.max_per_step, f, "spike_times");
  }
  for (std::size_t j = 0; j < P.rewards.size(); ++j) {
    const auto& rp = P.rewards[j];
    const auto& tgt = P.populations[rp.target];
    auto& st = rewards_[j];
    const reward_check f{pops_[rp.pre_pop].spikes.data(), counts_.data() + rp.pre_pop,
                         pops_[rp.post_pop].spikes.data(), counts_.data() + rp.post_pop,
                         rp.pre_node, rp.post_node, rp.window, rp.d_min, rp.d_max,
                         st.last_pre.data(), st.n_rewards.data(),
                         {pops_[rp.target].ring.data(), tgt.size, tgt.ring_len}, rp.port, rp.value,
                         ptr_of(st.nodes), rp.node_ids.empty() ? tgt.size : rp.node_ids.size(), rp.key, s,
                         halted_.data()};
    with_records([&] { x_.for_each(1, f, "reward"); });
  }
  if (!records_done) record_spikes_of(s);
}

// Refuses, before anything runs, a network in which one neuron's input in
// one step could leave the fixed-point range (plan/input_bound.hpp): where
// the plan's bound is above it, the synapses' own weights decide.
template <class X>
void network_engine<X>::check_input_bound(const std::vector<projection_csr>& csr) {
  const auto& P = *plan_;
  const auto bound = plan::input_bound(P);
  const auto stimuli = plan::stimulus_input_bound(P);
  for (std::size_t p = 0; p < P.populations.size(); ++p) {
    if (bound[p] < plan::input_limit) continue;
    array<long long> sums;
    x_.fill(sums, P.populations[p].size, 0LL);
    for (std::size_t j = 0; j < P.projections.size(); ++j) {
      const auto& pj = P.projections[j];
      if (pj.target != static_cast<int>(p) || pj.silent || csr[j].synapses == 0) continue;
      const double all = pj.plastic() || csr[j].view.weight == nullptr ? plan::max_abs_weight(pj) : 0.0;
      x_.for_each(csr[j].synapses, input_weights{csr[j].view, all, sums.data()}, "input_bound");
    }
    const auto s = x_.download(sums);
    const auto most = std::max_element(s.begin(), s.end());
    const double total = stimuli[p] + (most == s.end() ? 0.0 : static_cast<double>(*most));
    if (total < plan::input_limit) continue;
    std::ostringstream msg;
    msg << "the input of neuron " << (most - s.begin()) << " of population \"" << P.populations[p].name
        << "\" could reach " << total << " in one step (the |weights| of its synapses, " << *most
        << ", and what its stimuli can add, " << stimuli[p] << "), beyond the +-2^31 = 2.1e9 that a neuron's input "
        << "sum holds (docs/numerics.md): lower the weights or the number of inputs";
    throw capacity_error(msg.str());
  }
}

template <class X>
template <class IO>
void network_engine<X>::visit_state(IO& io) {
  stopped_.check();  // a failed run has no state to give or take
  io.value("step", step_);
  io.value("next_dc", next_dc_);
  io.value("next_snapshot", next_snapshot_);
  io.value("snapshot_step", snapshot_step_);
  io.array("counter", counter_);
  io.array("halted", halted_);
  io.array("counts", counts_);
  io.array("totals", totals_);
  io.array("recorded", recorded_);
  io.array("bad", bad_);
  io.array("n_bad", n_bad_);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    auto& q = pops_[p];
    const std::string n = "population[" + std::to_string(p) + "].";
    for (std::size_t v = 0; v < q.vars.size(); ++v) io.array(n + "var" + std::to_string(v), q.vars[v]);
    io.array(n + "refractory", q.refractory);
    io.array(n + "ring", q.ring);
    io.array(n + "i_ext", q.i_ext);
    io.array(n + "spikes", q.spikes);
  }
  for (std::size_t k = 0; k < rewards_.size(); ++k) {
    io.array("reward[" + std::to_string(k) + "].last_pre", rewards_[k].last_pre);
    io.array("reward[" + std::to_string(k) + "].n_rewards", rewards_[k].n_rewards);
  }
  for (std::size_t k = 0; k < spike_times_.size(); ++k) io.array("spike_times[" + std::to_string(k) + "].range", spike_times_[k].range);
  astro_.visit_state(io);
  stdp_.visit_state(io);
  visit_recordings(io, rec_);
}

template <class X>
void network_engine<X>::save_state(std::ostream& out) {
  state_saver<X> io{x_, {out}};
  visit_state(io);
}

template <class X>
void network_engine<X>::load_state(std::istream& in) {
  state_loader<X> io{x_, {in}};
  visit_state(io);
  x_.sync("restoring the run state");
}

// One fast step. Calls grouped in independent() share one CPU barrier.
template <class X>
void network_engine<X>::step_once(step_ref s, bool slow_step) {
  const std::size_t np = pops_.size();
  x_.independent([&] {
    for (std::size_t p = 0; p < np; ++p) update(p, s);
    stdp_.aim(s);
  });
  x_.mark_time(&phase_time_[t_update]);
  if (stdp_.any()) {
    stdp_.potentiate(s);
    x_.mark_time(&phase_time_[t_plastic]);
  }
  x_.independent([&] {
    if (np > 0) x_.for_each(np, count_spikes{counts_.data(), totals_.data(), recorded_.data()}, "count_spikes");
    record(s, false);
    if (!host_delivery_.empty()) {
      x_.for_each_spike_row(delivery_, host_delivery_, deliver_synapses{delivery_.data(), s, halted_.data()}, "deliver");
    }
  });
  sources_delivered(s);
  x_.mark_time(&phase_time_[t_deliver]);
  if (stdp_.any()) {
    stdp_.traces(s);
    x_.mark_time(&phase_time_[t_plastic]);
  }
  stimulate(s);
  x_.mark_time(&phase_time_[t_stimulus]);
  if (slow_step) {
    stdp_.slow_step(s);  // before the astrocytes: astro_three_factor's drive is their input of this slow step
    astro_.slow_step(s);
    record(s, true);
    x_.mark_time(&phase_time_[t_astro]);
  }
}

// Dynamic synapses keep their last event per source (every synapse of a
// row has it): set once every row is delivered.
template <class X>
void network_engine<X>::sources_delivered(step_ref s) {
  const auto& P = *plan_;
  if (last_event_projections_.empty()) return;
  x_.independent([&] {
    for (const std::size_t j : last_event_projections_) {
      int* last = astro_.dynamics(j).source_last;
      const int src = P.projections[j].source;
      x_.for_each_upto(counts_.data() + src, P.populations[src].size,
                       source_delivered{pops_[src].spikes.data(), last, s, halted_.data()}, "source_delivered");
    }
  });
}

template <class X>
void network_engine<X>::apply_dc(long long step) {
  bool changed = false;
  while (next_dc_ < dc_changes_.size() && dc_changes_[next_dc_] <= step) {
    ++next_dc_;
    changed = true;
  }
  if (!changed) return;
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    if (plan_->populations[p].has_dc) x_.upload(pops_[p].i_ext, plan::dc_currents(*plan_, static_cast<int>(p), step));
  }
}

template <class X>
void network_engine<X>::run(long long n_steps) {
  stopped_.check();
  const auto& P = *plan_;
  const long long end = step_ + n_steps;
  while (step_ < end) {
    apply_dc(step_);
    long long stop = end;
    if (next_dc_ < dc_changes_.size()) stop = std::min(stop, dc_changes_[next_dc_]);
    stop = std::min(stop, stdp_.next_period_end());
    if (next_snapshot_ < snapshot_steps_.size()) stop = std::min(stop, snapshot_steps_[next_snapshot_]);
    const int k = static_cast<int>(std::min<long long>(epoch_, stop - step_));
    const long long first = step_;
    const bool astro = !P.astrocytes.empty();
    // The slow step sits at other offsets in epochs of another slow-clock phase.
    x_.run_epoch({k, astro ? first % P.slow_steps : 0}, [&] {
      for (int i = 0; i < k; ++i) step_once({counter_.data(), i}, astro && (first + i + 1) % P.slow_steps == 0);
      x_.for_each(1, advance_step{counter_.data(), k}, "advance_step");
    });
    step_ += k;
    flush(step_);  // throws on a failure: nothing runs past it
    stdp_.end_epoch(step_);
    take_snapshots();
  }
}

// After the epoch that ends at end_step: recorded events and samples up to
// the halt step (if any), then the failure, if one halted the run.
template <class X>
void network_engine<X>::flush(long long end_step) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto& P = *plan_;
  x_.sync(("the epoch that ends at step " + std::to_string(end_step)).c_str());
  constexpr long long none = std::numeric_limits<long long>::max();
  const ull h = x_.back(halted_);
  const long long fail = h == no_failure ? none : static_cast<long long>(h);
  const long long last_step = fail == none ? end_step - 1 : fail;
  const long long last_sample = fail == none ? end_step : fail + 1;
  const auto totals = x_.download(totals_);
  const auto rec_n = x_.download(recorded_);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    rec_.spike_count[p] = totals[p];
    if (rec_.spikes_recorded[p] && rec_n[p] > 0) {
      append_sorted_events(x_.download(pops_[p].rec_step, rec_n[p]), x_.download(pops_[p].rec_id, rec_n[p]), last_step,
                           rec_.spikes[p]);
    }
  }
  x_.fill(recorded_, pops_.size(), 0ULL);
  for (std::size_t r = 0; r < P.state_recorders.size(); ++r) {
    const auto& rp = P.state_recorders[r];
    auto& out = rec_.states[r];
    const std::size_t per_sample = rp.node_ids.size() * rp.vars.size();
    // Samples g0 .. g1 - 1 lie in a ring of state_capacity_[r] samples: at
    // most two pieces.
    const ull g0 = out.steps.size(), g1 = static_cast<ull>(last_sample / rp.interval) + 1;
    const ull cap = state_capacity_[r];
    for (ull g = g0; g < g1;) {
      const ull slot = g % cap, n = std::min(g1 - g, cap - slot);
      const auto v = x_.download(state_buffers_[r], n * per_sample, slot * per_sample);
      out.values.insert(out.values.end(), v.begin(), v.end());
      for (ull k = 0; k < n; ++k) out.steps.push_back(static_cast<long long>(g + k) * rp.interval);
      g += n;
    }
  }
  astro_.flush(rec_, last_step);
  stdp_.flush(rec_, last_step);
  rec_.reward_count.resize(rewards_.size());
  for (std::size_t j = 0; j < rewards_.size(); ++j) rec_.reward_count[j] = x_.back(rewards_[j].n_rewards);
  phase_time_[t_record] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (fail == none) return;
  step_ = fail + 1;
  const auto bad = x_.download(bad_);
  long long neuron_fail = none;
  for (const ull b : bad) {
    if (b != no_failure) neuron_fail = std::min(neuron_fail, static_cast<long long>(b >> 32));
  }
  if (neuron_fail <= astro_.first_failure()) stopped_.fail(neuron_failure(neuron_fail, bad));
  stopped_.fail(astro_.failure_message());
}

// The first population (in model order) with a non-finite neuron at `step`,
// its lowest such neuron and that neuron's state (frozen by the halt).
template <class X>
std::string network_engine<X>::neuron_failure(long long step, const std::vector<ull>& bad) const {
  const auto& P = *plan_;
  const auto n_bad = x_.download(n_bad_);
  std::size_t p = 0;
  while (p + 1 < bad.size() && (bad[p] == no_failure || static_cast<long long>(bad[p] >> 32) != step)) ++p;
  const auto& pp = P.populations[p];
  const std::size_t id = bad[p] & 0xffffffffULL;
  std::ostringstream s;
  s << "neuron " << id << " of population '" << pp.name << "' has a non-finite state at t = " << (step + 1) * P.dt
    << " ms (";
  for (std::size_t k = 0; k < pp.var_names.size(); ++k) {
    s << (k ? ", " : "") << pp.var_names[k] << " = " << x_.download(pops_[p].vars[k], 1, id)[0];
  }
  s << "); " << n_bad[p] << " neuron(s) of this population are affected. Check the model's "
    << "parameters and weights (and dt for izhikevich).";
  return s.str();
}

template <class X>
recordings& network_engine<X>::results() {
  if (stdp_.any() && snapshot_step_ != step_) {
    stdp_.snapshot(rec_);
    snapshot_step_ = step_;
  }
  return rec_;
}

template <class X>
void network_engine<X>::add_timers(phase_timers& t) const {
  if (!X::measures_phases) return;
  t["time_update"] = phase_time_[t_update];
  t["time_gather_record"] = phase_time_[t_record];
  t["time_deliver_spike_data"] = phase_time_[t_deliver];
  t["time_stimulus"] = phase_time_[t_stimulus];
  if (!plan_->astrocytes.empty()) t["time_astrocytes"] = phase_time_[t_astro];
  if (stdp_.any()) t["time_plasticity"] = phase_time_[t_plastic];
}

template <class X>
std::uint64_t network_engine<X>::neuron_state_bytes() const {
  std::uint64_t b = 0;
  for (const auto& s : pops_) {
    for (const auto& v : s.vars) b += bytes(v);
    b += bytes(s.refractory) + bytes(s.i_ext);
  }
  return b;
}

template <class X>
std::uint64_t network_engine<X>::ring_bytes() const {
  std::uint64_t b = 0;
  for (const auto& s : pops_) b += bytes(s.ring);
  return b;
}

}  // namespace tribody::engine
