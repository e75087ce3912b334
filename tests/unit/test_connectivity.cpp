// Connectivity rules: exact counts where the rule fixes them, binomial
// bounds where it draws them, and layouts independent of thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "backend.hpp"
#include "cpu/csr_build.hpp"
#include "plan/network_plan.hpp"
#include "tribody/model_io.hpp"

using namespace tribody;

namespace {

// A model with populations A (n_a) and B (n_b) and one projection.
model_spec two_pops(unsigned n_a, unsigned n_b, const std::string& conn, const std::string& target = "B",
                    const std::string& weight = "1.0", const std::string& delay = "1.0") {
  return parse_model(R"({"simulation": {"seed": 7},
    "populations": [{"name": "A", "size": )" + std::to_string(n_a) + R"(, "model": "iaf_psc_exp"},
                    {"name": "B", "size": )" + std::to_string(n_b) + R"(, "model": "iaf_psc_exp"}],
    "projections": [{"source": "A", "target": ")" + target + R"(", "connectivity": )" + conn +
                     R"(, "weight": )" + weight + R"(, "delay": )" + delay + "}]}");
}

backend::synapse_list build(const model_spec& m, int threads = 1) {
  const auto net = plan::make_plan(m);
  auto b = make_backend("cpu", threads);
  b->build(net);
  return b->synapses(0);
}

std::map<unsigned, unsigned> count_by(const std::vector<std::uint32_t>& ids) {
  std::map<unsigned, unsigned> c;
  for (auto i : ids) ++c[i];
  return c;
}

}  // namespace

TEST(Connectivity, FixedIndegreeIsExactForEveryTarget) {
  const auto s = build(two_pops(300, 200, R"({"rule": "fixed_indegree", "indegree": 37})"));
  const auto in = count_by(s.target);
  ASSERT_EQ(in.size(), 200u);
  for (const auto& [t, n] : in) EXPECT_EQ(n, 37u) << "target " << t;
}

TEST(Connectivity, FixedIndegreeWithoutMultapsesOrAutapses) {
  const auto s = build(two_pops(50, 50, R"({"rule": "fixed_indegree", "indegree": 49, "allow_autapses": false,
                                            "allow_multapses": false})", "A"));
  std::set<std::pair<unsigned, unsigned>> pairs;
  for (std::size_t k = 0; k < s.source.size(); ++k) {
    EXPECT_NE(s.source[k], s.target[k]) << "autapse";
    EXPECT_TRUE(pairs.insert({s.source[k], s.target[k]}).second) << "multapse";
  }
  EXPECT_EQ(pairs.size(), 50u * 49u);  // 49 of 49 candidates: every other neuron exactly once
}

TEST(Connectivity, FixedIndegreeSourcesAreUniform) {
  // 2000 targets x 50 sources from 100: each source is chosen ~1000 times.
  const auto s = build(two_pops(100, 2000, R"({"rule": "fixed_indegree", "indegree": 50, "allow_multapses": false})"));
  const auto out = count_by(s.source);
  ASSERT_EQ(out.size(), 100u);
  // Binomial(2000, 0.5): sd ~ 22.4; 5 sd bounds.
  for (const auto& [src, n] : out) {
    EXPECT_GT(n, 1000 - 112);
    EXPECT_LT(n, 1000 + 112);
  }
}

TEST(Connectivity, FixedOutdegreeIsExactForEverySource) {
  const auto s = build(two_pops(120, 80, R"({"rule": "fixed_outdegree", "outdegree": 15, "allow_multapses": false})"));
  const auto out = count_by(s.source);
  ASSERT_EQ(out.size(), 120u);
  for (const auto& [src, n] : out) EXPECT_EQ(n, 15u);
  std::set<std::pair<unsigned, unsigned>> pairs;
  for (std::size_t k = 0; k < s.source.size(); ++k) EXPECT_TRUE(pairs.insert({s.source[k], s.target[k]}).second);
}

TEST(Connectivity, AllToAllAndOneToOne) {
  const auto a = build(two_pops(30, 30, R"({"rule": "all_to_all", "allow_autapses": false})", "A"));
  EXPECT_EQ(a.source.size(), 30u * 29u);
  for (std::size_t k = 0; k < a.source.size(); ++k) EXPECT_NE(a.source[k], a.target[k]);
  const auto o = build(two_pops(40, 40, R"({"rule": "one_to_one"})"));
  ASSERT_EQ(o.source.size(), 40u);
  for (std::size_t k = 0; k < 40; ++k) EXPECT_EQ(o.source[k], o.target[k]);
}

TEST(Connectivity, FixedTotalNumberIsExact) {
  const auto s = build(two_pops(70, 90, R"({"rule": "fixed_total_number", "N": 12345, "allow_autapses": false})", "A"));
  EXPECT_EQ(s.source.size(), 12345u);
  for (std::size_t k = 0; k < s.source.size(); ++k) {
    EXPECT_NE(s.source[k], s.target[k]);
    EXPECT_LT(s.target[k], 70u);
  }
}

TEST(Connectivity, BernoulliCountWithinBinomialBounds) {
  // n = 1000 * 800 pairs, p = 0.05: mean 40000, sd ~ 195; allow 5 sd.
  const auto s = build(two_pops(1000, 800, R"({"rule": "pairwise_bernoulli", "p": 0.05})"));
  EXPECT_NEAR(static_cast<double>(s.source.size()), 40000.0, 5 * std::sqrt(800000 * 0.05 * 0.95));
  // Each row's count is Binomial(800, 0.05): the mean over rows is 40 +- 5 * sqrt(38/1000).
  const auto out = count_by(s.source);
  double sum = 0.0, sum2 = 0.0;
  for (unsigned i = 0; i < 1000; ++i) {
    const double n = out.count(i) ? out.at(i) : 0.0;
    sum += n;
    sum2 += n * n;
  }
  const double var = sum2 / 1000 - (sum / 1000) * (sum / 1000);
  EXPECT_NEAR(var, 800 * 0.05 * 0.95, 0.2 * 38.0);  // variance of a binomial
  // No duplicates and targets ascending in each row.
  for (std::size_t k = 1; k < s.source.size(); ++k) {
    if (s.source[k] == s.source[k - 1]) {
      EXPECT_LT(s.target[k - 1], s.target[k]);
    }
  }
}

TEST(Connectivity, BernoulliExtremes) {
  EXPECT_EQ(build(two_pops(50, 60, R"({"rule": "pairwise_bernoulli", "p": 0.0})")).source.size(), 0u);
  EXPECT_EQ(build(two_pops(50, 60, R"({"rule": "pairwise_bernoulli", "p": 1.0})")).source.size(), 3000u);
  EXPECT_EQ(build(two_pops(50, 60, R"({"rule": "pairwise_bernoulli", "p": 1.0, "allow_autapses": false})", "A"))
                .source.size(),
            50u * 49u);
}

TEST(Connectivity, LayoutDoesNotDependOnThreads) {
  const std::vector<std::string> rules = {
      R"({"rule": "fixed_indegree", "indegree": 20})",
      R"({"rule": "fixed_indegree", "indegree": 20, "allow_multapses": false})",
      R"({"rule": "fixed_total_number", "N": 9000})",
      R"({"rule": "pairwise_bernoulli", "p": 0.1})",
      R"({"rule": "fixed_outdegree", "outdegree": 9})"};
  for (const auto& r : rules) {
    const auto m = two_pops(150, 170, r, "B", R"({"distribution": "normal", "mean": 1.0, "std": 0.3})",
                            R"({"distribution": "uniform", "low": 0.5, "high": 3.0})");
    const auto a = build(m, 1), b = build(m, 2), c = build(m, 3);
    EXPECT_EQ(a.source, b.source) << r;
    EXPECT_EQ(a.target, b.target) << r;
    EXPECT_EQ(a.weight, b.weight) << r;
    EXPECT_EQ(a.delay, b.delay) << r;
    EXPECT_EQ(a.target, c.target) << r;
    EXPECT_EQ(a.weight, c.weight) << r;
  }
}

TEST(Connectivity, WeightAndDelayDistributions) {
  const auto m = two_pops(200, 200, R"({"rule": "fixed_indegree", "indegree": 100})", "B",
                          R"({"distribution": "normal_clipped", "mean": 2.0, "std": 1.0, "low": 1.0, "high": 2.5})",
                          R"({"distribution": "uniform", "low": 1.0, "high": 2.0})");
  const auto s = build(m);
  double sum = 0.0;
  std::map<int, int> delays;
  for (std::size_t k = 0; k < s.weight.size(); ++k) {
    ASSERT_GE(s.weight[k], 1.0f);
    ASSERT_LE(s.weight[k], 2.5f);
    sum += s.weight[k];
    ++delays[s.delay[k]];
  }
  // Mean of N(2, 1) truncated to [1, 2.5]: 2 + (phi(-1) - phi(0.5)) / (Phi(0.5) - Phi(-1)).
  const double phi = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); }(-1.0);
  const double phi2 = std::exp(-0.5 * 0.25) / std::sqrt(2 * M_PI);
  const double Z = 0.5 * (std::erfc(-0.5 / std::sqrt(2.0)) - std::erfc(1.0 / std::sqrt(2.0)));
  EXPECT_NEAR(sum / s.weight.size(), 2.0 + (phi - phi2) / Z, 0.01);
  // Delays 1.0 .. 2.0 ms are 10 .. 20 steps; the ends get half the mass of the rest.
  EXPECT_EQ(delays.begin()->first, 10);
  EXPECT_EQ(delays.rbegin()->first, 20);
  EXPECT_EQ(delays.size(), 11u);
}

TEST(Connectivity, PackedDelaysRoundTrip) {
  // 200 targets need 8 bits; delays up to 30 steps need 5: packed in one word.
  const auto m = two_pops(100, 200, R"({"rule": "fixed_indegree", "indegree": 10})", "B", "1.0",
                          R"({"distribution": "uniform", "low": 0.1, "high": 3.0})");
  const auto net = plan::make_plan(m);
  EXPECT_TRUE(net.projections[0].pack_delay);
  const auto s = build(m);
  for (auto d : s.delay) {
    EXPECT_GE(d, 1);
    EXPECT_LE(d, 30);
  }
  for (auto t : s.target) EXPECT_LT(t, 200u);
}
