// Same model and seed give bitwise-identical results for any thread count;
// another seed gives another network.
#include <gtest/gtest.h>

#include <map>

#include "test_util.hpp"

using namespace tribody;

namespace {

std::unique_ptr<simulation> run_file(const std::string& file, int threads, std::map<std::string, double> params,
                                     double t_stop, std::uint64_t seed = 1) {
  load_options o;
  o.threads = threads;
  o.params = std::move(params);
  o.t_stop = t_stop;
  o.seed = seed;
  auto sim = std::make_unique<simulation>(load_model(std::string(TRIBODY_SOURCE_DIR) + "/models/" + file, o));
  sim->run();
  return sim;
}

void expect_same(const simulation& a, const simulation& b) {
  const auto& ra = a.results();
  const auto& rb = b.results();
  ASSERT_EQ(ra.spike_count, rb.spike_count);
  for (std::size_t p = 0; p < ra.spikes.size(); ++p) {
    EXPECT_EQ(ra.spikes[p].steps, rb.spikes[p].steps) << "population " << p;
    EXPECT_EQ(ra.spikes[p].ids, rb.spikes[p].ids) << "population " << p;
  }
  ASSERT_EQ(ra.states.size(), rb.states.size());
  for (std::size_t r = 0; r < ra.states.size(); ++r) EXPECT_EQ(ra.states[r].values, rb.states[r].values);
}

}  // namespace

TEST(Determinism, BrunelThreads1And2Identical) {
  const std::map<std::string, double> small = {{"NE", 2000}, {"NI", 500}, {"J", 0.5}};
  const auto a = run_file("brunel.json", 1, small, 200.0);
  const auto b = run_file("brunel.json", 2, small, 200.0);
  EXPECT_GT(a->results().spike_count[0], 1000u);
  expect_same(*a, *b);
}

TEST(Determinism, CobaThreads1And3Identical) {
  const auto a = run_file("coba.json", 1, {}, 200.0);
  const auto b = run_file("coba.json", 3, {}, 200.0);
  EXPECT_GT(a->results().spike_count[0], 1000u);
  expect_same(*a, *b);
}

TEST(Determinism, SeedChangesTheRun) {
  const std::map<std::string, double> small = {{"NE", 800}, {"NI", 200}, {"J", 1.25}};
  const auto a = run_file("brunel.json", 2, small, 100.0, 1);
  const auto b = run_file("brunel.json", 2, small, 100.0, 2);
  EXPECT_NE(a->results().spikes[0].ids, b->results().spikes[0].ids);
}
