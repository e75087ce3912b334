// Counter-based random numbers: reproducible, independent across keys, and
// with the right moments.
#include <gtest/gtest.h>

#include <cmath>

#include "plan/network_plan.hpp"
#include "tribody/kernels/distribution.hpp"
#include "tribody/kernels/rng.hpp"
#include "tribody/kernels/stimulus.hpp"

using namespace tribody::kern;

TEST(Rng, SameCounterSameNumbers) {
  const auto k = make_key(42, purpose::weight, 3);
  const auto a = philox(k, 17, 5), b = philox(k, 17, 5);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(a.v[i], b.v[i]);
  const auto c = philox(make_key(42, purpose::delay, 3), 17, 5);
  EXPECT_NE(a.v[0], c.v[0]);
  const auto d = philox(make_key(43, purpose::weight, 3), 17, 5);
  EXPECT_NE(a.v[0], d.v[0]);
}

TEST(Rng, UniformMoments) {
  stream_rng g(make_key(1, purpose::init, 0), 0);
  double s = 0.0, s2 = 0.0;
  const int n = 400000;
  for (int i = 0; i < n; ++i) {
    const double u = g.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    s += u;
    s2 += u * u;
  }
  EXPECT_NEAR(s / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(s2 / n - (s / n) * (s / n), 1.0 / 12, 0.002);
}

TEST(Rng, UniformIntIsUnbiased) {
  stream_rng g(make_key(1, purpose::connect, 0), 9);
  std::vector<int> c(7, 0);
  const int n = 700000;
  for (int i = 0; i < n; ++i) ++c[g.uniform_int(7)];
  for (int k : c) EXPECT_NEAR(k, n / 7.0, 5 * std::sqrt(n / 7.0));
}

TEST(Rng, NormalMoments) {
  stream_rng g(make_key(3, purpose::init, 1), 2);
  double s = 0.0, s2 = 0.0, s4 = 0.0;
  const int n = 400000;
  for (int i = 0; i < n; ++i) {
    const double z = g.normal();
    s += z;
    s2 += z * z;
    s4 += z * z * z * z;
  }
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.01);
  EXPECT_NEAR(s4 / n, 3.0, 0.06);
}

TEST(Rng, PoissonMeanAndVariance) {
  for (double lambda : {0.05, 2.0, 20.0, 100.0}) {
    poisson_input p;
    p.key = make_key(5, purpose::poisson_input, 0);
    p.n_chunks = static_cast<int>(std::ceil(lambda / poisson_chunk));
    const auto cdf = tribody::plan::poisson_cdf(lambda / p.n_chunks);
    p.cdf = cdf.data();
    p.cdf_len = static_cast<int>(cdf.size());
    const auto guide = tribody::plan::poisson_guide(cdf);
    p.guide = guide.data();
    double s = 0.0, s2 = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      const double k = p.count(static_cast<unsigned long long>(i % 1000), i / 1000);
      s += k;
      s2 += k * k;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, lambda, 5 * std::sqrt(lambda / n)) << lambda;
    EXPECT_NEAR(var / lambda, 1.0, 0.03) << lambda;
  }
}

TEST(Rng, LognormalMean) {
  value_dist d;
  d.kind = dist_kind::lognormal;
  d.a = 0.5;
  d.b = 0.4;
  stream_rng g(make_key(8, purpose::weight, 0), 0);
  double s = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) s += sample(d, g);
  EXPECT_NEAR(s / n, std::exp(0.5 + 0.08), 0.01);
}
