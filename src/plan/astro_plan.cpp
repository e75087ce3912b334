// Astrocyte populations, gap junctions, neuromodulators and the tripartite
// part of projections, as the backends consume them.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/astro_table.hpp"
#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"

namespace tribody::plan {

astro_params make_astro_params(const astro_population_spec& a) {
  const int kind = models::find_astro_model(a.model)->kind;
  return kern::dispatch_model<kern::astro_model_list>(kind, [&](auto* model) -> astro_params {
    using M = std::remove_pointer_t<decltype(model)>;
    return astro_params(std::in_place_index<kern::model_index<M, kern::astro_model_list>::value>,
                        models::astro_table<M>::make(a.params, a.euler, a.neuromodulator >= 0));
  });
}

double input_per_event(const astro_population_spec& a) { return models::find_astro_model(a.model)->event_input(a.params); }

astro_population_plan plan_astrocytes(const astro_population_spec& a, std::uint64_t id0, double dt, double slow_dt) {
  const auto& info = *models::find_astro_model(a.model);
  astro_population_plan p;
  p.name = a.name;
  p.size = a.size;
  p.id0 = id0;
  p.kind = info.kind;
  p.params = make_astro_params(a);
  for (const auto& s : info.state) {
    p.var_names.push_back(s.name);
    p.var_units.push_back(s.unit);
    p.initial.push_back(a.initial.at(s.name));
  }
  const auto index = [&](const std::string& n) {
    return static_cast<int>(std::find(p.var_names.begin(), p.var_names.end(), n) - p.var_names.begin());
  };
  p.calcium_var = index(info.calcium);
  p.coupled_var = index(info.coupled);
  p.input_rate = info.input_rate(a.params);
  // An event at the end of fast step m of a slow step lies (M - 1 - m) dt
  // before the slow step's end.
  const long long M = std::llround(slow_dt / dt);
  for (long long m = 0; m < M; ++m) {
    const double before_end = static_cast<double>(M - 1 - m) * dt;
    const double f = std::exp(-p.input_rate * before_end);
    p.end_factor.push_back(f);
    p.int_factor.push_back(-std::expm1(-p.input_rate * before_end) / p.input_rate);
  }
  p.neuromodulator = a.neuromodulator;
  p.grid_rows = a.grid_rows;
  p.grid_cols = a.grid_cols;
  return p;
}

gap_junction_plan plan_gap_junctions(const gap_junction_spec& g, const astro_population_spec& a) {
  gap_junction_plan p;
  p.astrocytes = g.astrocytes;
  p.F = g.F;
  p.threshold = g.threshold;
  p.width = g.width;
  std::vector<std::vector<unsigned>> nb(a.size);
  auto link = [&](unsigned i, unsigned j) {
    nb[i].push_back(j);
    nb[j].push_back(i);
  };
  if (g.rule == gap_junction_spec::pair_list) {
    for (const auto& [i, j] : g.pairs) link(i, j);
  } else {
    const long rows = a.grid_rows, cols = a.grid_cols;
    const double r = g.rule == gap_junction_spec::grid_neighbors ? 1.0 : g.radius;
    const long w = static_cast<long>(std::floor(r));
    for (long y = 0; y < rows; ++y) {
      for (long x = 0; x < cols; ++x) {
        for (long dy = 0; dy <= w; ++dy) {
          for (long dx = -w; dx <= w; ++dx) {
            if (dy == 0 && dx <= 0) continue;  // each pair once
            if (static_cast<double>(dx * dx + dy * dy) > r * r + 1e-9) continue;
            const long ny = y + dy, nx = x + dx;
            if (ny >= rows || nx < 0 || nx >= cols) continue;
            link(static_cast<unsigned>(y * cols + x), static_cast<unsigned>(ny * cols + nx));
          }
        }
      }
    }
  }
  p.ptr.assign(1, 0);
  for (auto& list : nb) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    p.neighbor.insert(p.neighbor.end(), list.begin(), list.end());
    p.ptr.push_back(p.neighbor.size());
  }
  return p;
}

double neuromodulator_plan::mean(long long first, long long steps) const {
  return kern::pulse_mean(start.data(), stop.data(), amplitude.data(), static_cast<int>(start.size()), baseline, first,
                          steps);
}

void plan_tripartite(const projection_spec& s, const model_spec& m, int index, projection_plan& p) {
  const auto& t = s.tripartite;
  if (!t.enabled) return;
  auto& out = p.tripartite;
  out.enabled = true;
  out.astrocytes = t.astrocytes;
  const auto& astro = m.astrocytes[t.astrocytes];
  auto& r = out.rule;
  r.kind = t.rule == tripartite_spec::pool    ? kern::territory_rule::pool
           : t.rule == tripartite_spec::space ? kern::territory_rule::space
                                              : kern::territory_rule::by_target;
  r.n_astro = astro.size;
  r.n_target = m.populations[s.target].size;
  r.pool_size = t.pool_size;
  r.pool_random = t.pool_random;
  r.p = t.p;
  r.key = kern::make_key(m.simulation.seed, kern::purpose::territory, static_cast<unsigned>(index));
  r.pool_key = kern::make_key(m.simulation.seed, kern::purpose::territory_pool, static_cast<unsigned>(index));
  r.astro_rows = astro.grid_rows;
  r.astro_cols = astro.grid_cols;
  r.set_target_grid();
  out.target_astro.assign(t.target_astrocyte.begin(), t.target_astrocyte.end());
  out.pathways = t.pathways;
  for (std::size_t k = 0; k < out.pathways.size(); ++k) {
    const auto& w = out.pathways[k];
    (w.kind == pathway_spec::sic ? out.sic : w.kind == pathway_spec::release_modulation ? out.release : out.gate) =
        static_cast<int>(k);
    out.needs_trace = out.needs_trace || w.local;
  }
  out.amount = t.astro_weight * input_per_event(astro);
  out.mean_input = t.astro_mean;
  // The astrocyte's input is summed in fixed point (range +-2^31 per slow
  // step, kern::fixed_t); one event contributes at most amount * max(1,
  // slow_dt / ms). Keep room for 2^14 full events per astrocyte and step.
  const double per_event = out.amount * std::max(1.0, m.simulation.slow_dt);
  const double limit = 2147483648.0 / 16384.0;
  if (per_event > limit) {
    std::ostringstream msg;
    msg << "got " << t.astro_weight << "; one event would add " << per_event
        << " to the astrocyte's input sum (amount times slow_dt in ms), above " << limit
        << ", which leaves too little range for the events of a slow step: lower astro_weight or slow_dt";
    throw model_error("$.projections[" + std::to_string(index) + "].tripartite.astro_weight", msg.str());
  }
}

kern::synapse_dynamics synapse_constants(const network_plan& plan, const projection_plan& p) {
  kern::synapse_dynamics d;
  d.dt = plan.dt;
  if (p.synapse.kind == synapse_spec::tsodyks_markram) {
    d.U_0 = p.synapse.U_0;
    d.Omega_f = p.synapse.Omega_f;
    d.Omega_d = p.synapse.Omega_d;
  }
  const auto& t = p.tripartite;
  if (t.enabled) {
    d.amount = t.amount;
    if (t.needs_trace) d.trace_rate = plan.astrocytes[t.astrocytes].input_rate;
    if (t.release >= 0) d.alpha = t.pathways[t.release].alpha;
  }
  return d;
}

}  // namespace tribody::plan
