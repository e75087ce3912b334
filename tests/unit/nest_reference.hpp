// Single-neuron runs in the setting of the NEST reference traces
// (tests/data/nest/README.md): 200 ms at dt = 0.1 ms, spike inputs with
// delay 1 ms and NEST's dc timing, and the CSV files to compare with.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace tribody::test::nest {

struct table {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::vector<double> column(const std::string& name) const {
    const auto c = std::find(columns.begin(), columns.end(), name) - columns.begin();
    std::vector<double> out;
    for (const auto& r : rows) out.push_back(r.at(c));
    return out;
  }
};

inline table read_csv(const std::string& name) {
  std::ifstream in(std::string(TRIBODY_SOURCE_DIR) + "/tests/data/nest/" + name);
  EXPECT_TRUE(in.good()) << name;
  table t;
  std::string line, cell;
  std::getline(in, line);
  std::istringstream h(line);
  while (std::getline(h, cell, ',')) t.columns.push_back(cell);
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::vector<double> row;
    while (std::getline(s, cell, ',')) row.push_back(std::strtod(cell.c_str(), nullptr));  // stod throws on subnormals
    t.rows.push_back(row);
  }
  return t;
}

// Runs one neuron for 200 ms with the given stimuli; returns recorded
// variables (every 0.1 ms from t = 0) and spike times.
struct run_result {
  std::vector<std::vector<double>> vars;
  std::vector<double> spikes;
};

inline run_result run_one(const std::string& model, const std::string& params, const std::string& stimuli,
                          const std::vector<std::string>& vars) {
  std::string var_list;
  for (const auto& v : vars) var_list += (var_list.empty() ? "\"" : ", \"") + v + "\"";
  const std::string text = R"({"simulation": {"dt": 0.1, "t_stop": 200.0},
    "populations": [{"name": "n", "size": 1, "model": ")" + model + R"(", "params": )" + params + R"(}],
    "stimuli": [)" + stimuli + R"(],
    "recorders": [{"type": "spikes", "populations": ["n"]},
                  {"type": "state", "population": "n", "node_ids": [0], "variables": [)" + var_list + "]}]}";
  const auto sim = test::run_json(text);
  run_result r;
  for (std::size_t v = 0; v < vars.size(); ++v) r.vars.push_back(test::trace(*sim, 0, 0, v, 1, vars.size()));
  r.spikes = test::spike_times(*sim, 0, 0.1);
  return r;
}

inline std::string spike(double t, double w) {
  return R"({"type": "spike_times", "target": "n", "weight": )" + std::to_string(w) +
         R"(, "delay": 1.0, "trains": [{"node_id": 0, "times": [)" + std::to_string(t) + "]}]}";
}

// NEST's dc_generator with delay 0.1 ms acts on (start + 0.1, stop + 0.1].
inline std::string dc(double amplitude) {
  return R"({"type": "dc", "target": "n", "amplitude": )" + std::to_string(amplitude) +
         R"(, "start": 100.1, "stop": 150.1})";
}

inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  EXPECT_EQ(a.size(), b.size());
  double m = 0.0;
  for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) m = std::max(m, std::fabs(a[k] - b[k]));
  return m;
}

inline void expect_spikes(const std::vector<double>& ours, const std::string& file, double tol) {
  const auto ref = read_csv(file).column("time_ms");
  ASSERT_EQ(ours.size(), ref.size()) << file;
  for (std::size_t k = 0; k < ref.size(); ++k) EXPECT_NEAR(ours[k], ref[k], tol) << file << " spike " << k;
}

}  // namespace tribody::test::nest
