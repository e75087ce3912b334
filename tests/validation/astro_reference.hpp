// Runs the single-astrocyte reference models and compares their traces
// with tests/data/astro (independent Brian2 runs, RK4 at 0.05 ms).
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "plan/network_plan.hpp"
#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

namespace tribody::test {

struct series {
  std::vector<double> t;
  std::map<std::string, std::vector<double>> v;
};

inline series read_reference(const std::string& file) {
  std::ifstream in(std::string(TRIBODY_SOURCE_DIR) + "/tests/data/astro/" + file);
  std::string line, cell;
  std::getline(in, line);
  std::vector<std::string> names;
  std::istringstream h(line);
  while (std::getline(h, cell, ',')) names.push_back(cell);
  series s;
  while (std::getline(in, line)) {
    std::istringstream r(line);
    for (std::size_t k = 0; std::getline(r, cell, ','); ++k) {
      const double x = std::strtod(cell.c_str(), nullptr);
      if (k == 0) s.t.push_back(x);
      else s.v[names[k]].push_back(x);
    }
  }
  return s;
}

// Runs a model of models/astro with the given slow_dt (and integrator);
// returns its astrocyte state recorder (recorder 0) as a series.
inline series run_astro(const std::string& file, double slow_dt, bool euler = false,
                        std::unique_ptr<simulation>* keep = nullptr) {
  load_options o;
  o.params["slow_dt"] = slow_dt;
  o.threads = 1;
  auto m = load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/astro/" + file, o);
  m.astrocytes[0].euler = euler;
  auto sim = std::make_unique<simulation>(m);
  sim->run();
  const auto& net = sim->network();
  const auto& rp = net.state_recorders[0];
  const auto& rec = sim->results().states[0];
  series s;
  for (std::size_t k = 0; k < rec.steps.size(); ++k) {
    s.t.push_back(static_cast<double>(rec.steps[k]) * net.dt);
    for (std::size_t v = 0; v < rp.vars.size(); ++v) s.v[rp.var_names[v]].push_back(rec.values[k * rp.vars.size() + v]);
  }
  if (keep != nullptr) *keep = std::move(sim);
  return s;
}

// RMS difference at the reference's sample times that ours also has, as a
// percentage of the reference trace's range.
inline double rms_percent(const series& ours, const std::string& var, const series& ref, const std::string& ref_var) {
  const auto& a = ours.v.at(var);
  const auto& b = ref.v.at(ref_var);
  double sum = 0.0;
  std::size_t n = 0;
  std::size_t j = 0;
  for (std::size_t k = 0; k < ref.t.size(); ++k) {
    while (j < ours.t.size() && ours.t[j] < ref.t[k] - 1e-6) ++j;
    if (j >= ours.t.size() || std::fabs(ours.t[j] - ref.t[k]) > 1e-6) continue;
    sum += (a[j] - b[k]) * (a[j] - b[k]);
    ++n;
  }
  const auto [lo, hi] = std::minmax_element(b.begin(), b.end());
  return n ? 100.0 * std::sqrt(sum / n) / (*hi - *lo) : 1e9;
}

// For every local maximum of the reference above `level`, the distance (ms)
// to the nearest local maximum of ours; returns the largest.
inline double worst_peak_shift(const series& ours, const std::string& var, const series& ref, const std::string& ref_var,
                               double level, int* peaks = nullptr) {
  auto maxima = [](const std::vector<double>& t, const std::vector<double>& x, double above) {
    std::vector<double> out;
    for (std::size_t k = 1; k + 1 < x.size(); ++k) {
      if (x[k] > above && x[k] >= x[k - 1] && x[k] > x[k + 1]) out.push_back(t[k]);
    }
    return out;
  };
  const auto theirs = maxima(ref.t, ref.v.at(ref_var), level);
  const auto mine = maxima(ours.t, ours.v.at(var), 0.0);
  double worst = 0.0;
  for (double tr : theirs) {
    double nearest = 1e30;
    for (double tm : mine) nearest = std::min(nearest, std::fabs(tm - tr));
    worst = std::max(worst, nearest);
  }
  if (peaks != nullptr) *peaks = static_cast<int>(theirs.size());
  return worst;
}

}  // namespace tribody::test
