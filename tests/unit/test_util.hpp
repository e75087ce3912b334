// Helpers shared by the unit tests: run a model given as JSON text and
// read back what it recorded.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

namespace tribody::test {

// TRIBODY_CORPUS_DIR: every model run is also written there, as a seed of
// the loader's fuzzing corpus (tools/run_tests.sh).
inline void save_seed(const std::string& text) {
  const char* dir = std::getenv("TRIBODY_CORPUS_DIR");
  if (dir == nullptr || *dir == '\0') return;
  std::ofstream(std::string(dir) + "/run_" + std::to_string(std::hash<std::string>{}(text)) + ".json",
                std::ios::binary) << text;
}

inline std::unique_ptr<simulation> run_json(const std::string& text, int threads = 1,
                                            const std::string& backend = "cpu") {
  save_seed(text);
  load_options o;
  o.threads = threads;
  auto sim = std::make_unique<simulation>(parse_model(text, "<test>", o), backend);
  sim->run();
  return sim;
}

// A fresh folder under the test temp dir (tag: unique per test), with the
// run's outputs written there as CSV.
inline std::string written_csv(const simulation& sim, const std::string& tag) {
  const std::string dir = ::testing::TempDir() + "/tribody_" + tag + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  sim.write(dir, output_format::csv);
  return dir;
}

// Samples of variable `var` of node `node` from state recorder `rec`.
inline std::vector<double> trace(const simulation& sim, std::size_t rec, std::size_t node, std::size_t var,
                                 std::size_t n_nodes, std::size_t n_vars) {
  const auto& s = sim.results().states.at(rec);
  std::vector<double> out;
  for (std::size_t k = 0; k < s.steps.size(); ++k) out.push_back(s.values[(k * n_nodes + node) * n_vars + var]);
  return out;
}

// Spike times (ms) of one population.
inline std::vector<double> spike_times(const simulation& sim, std::size_t pop, double dt) {
  std::vector<double> t;
  for (auto s : sim.results().spikes.at(pop).steps) t.push_back(static_cast<double>(s + 1) * dt);
  return t;
}

}  // namespace tribody::test
