// The project's own elementary functions against libm: within a few ulp
// over their ranges (bitwise equality across backends is tested elsewhere).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/portable_math.hpp"

using namespace tribody;

namespace {

double ulps(double a, double b) {
  if (a == b) return 0.0;
  return std::fabs(a - b) / std::fabs(std::nextafter(b, a) - b);
}

}  // namespace

TEST(PortableMath, ExpWithinTwoUlp) {
  std::mt19937_64 g(1);
  std::uniform_real_distribution<double> d(-700.0, 700.0);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = d(g);
    worst = std::max(worst, ulps(pm::exp(x), std::exp(x)));
  }
  for (double x : {0.0, 1e-300, -1e-10, 1.0, -1.0, 0.5 * std::log(2.0), 709.7, -708.0}) {
    worst = std::max(worst, ulps(pm::exp(x), std::exp(x)));
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_EQ(pm::exp(0.0), 1.0);
  EXPECT_EQ(pm::exp(800.0), pm::inf);
  EXPECT_EQ(pm::exp(-800.0), 0.0);
  EXPECT_TRUE(std::isnan(pm::exp(std::nan(""))));
}

TEST(PortableMath, ExpSubnormalResults) {
  for (double x : {-710.0, -720.0, -740.0}) EXPECT_NEAR(pm::exp(x) / std::exp(x), 1.0, 1e-6) << x;
}

TEST(PortableMath, LogWithinTwoUlp) {
  std::mt19937_64 g(2);
  std::uniform_real_distribution<double> e(-300.0, 300.0);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::pow(10.0, e(g));
    worst = std::max(worst, ulps(pm::log(x), std::log(x)));
  }
  for (double x : {1.0 + 1e-12, 1.0 - 1e-12, 0.5, 2.0, 1.4142135623730951, 1e-310, 1.7e308}) {
    worst = std::max(worst, ulps(pm::log(x), std::log(x)));
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_EQ(pm::log(1.0), 0.0);
  EXPECT_EQ(pm::log(0.0), -pm::inf);
  EXPECT_TRUE(std::isnan(pm::log(-1.0)));
}

TEST(PortableMath, Expm1AndTanhAccurate) {
  for (double x = -3.0; x <= 3.0; x += 0.0137) {
    EXPECT_NEAR(pm::expm1(x), std::expm1(x), 4e-16 * std::max(1.0, std::fabs(std::expm1(x)))) << x;
    EXPECT_NEAR(pm::tanh(x), std::tanh(x), 4e-16) << x;
  }
  EXPECT_NEAR(pm::expm1(1e-12), std::expm1(1e-12), 1e-27);
  EXPECT_NEAR(pm::tanh(1e-9) / 1e-9, 1.0, 1e-15);
  EXPECT_EQ(pm::tanh(50.0), 1.0);
  EXPECT_EQ(pm::tanh(-50.0), -1.0);
}

TEST(PortableMath, SinCosOfTurns) {
  double worst = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const double u = i / 100000.0;
    double s, c;
    pm::sincos_turns(u, &s, &c);
    worst = std::max({worst, std::fabs(s - std::sin(2 * M_PI * u)), std::fabs(c - std::cos(2 * M_PI * u))});
  }
  EXPECT_LT(worst, 1e-15);
}

TEST(FixedPoint, RoundTripAndOrderIndependence) {
  EXPECT_EQ(kern::to_fixed(1.0), 1LL << 32);
  EXPECT_EQ(kern::to_fixed(-1.0), -(1LL << 32));
  EXPECT_EQ(kern::from_fixed(kern::to_fixed(0.1f)), std::round(static_cast<double>(0.1f) * 4294967296.0) / 4294967296.0);
  // Summing in any order gives the same bits.
  std::vector<double> w = {0.1, -0.3, 1e-3, 123.456, -7.0, 0.25};
  kern::fixed_t a = 0, b = 0;
  for (double x : w) a += kern::to_fixed(x);
  for (auto it = w.rbegin(); it != w.rend(); ++it) b += kern::to_fixed(*it);
  EXPECT_EQ(a, b);
  EXPECT_NEAR(kern::from_fixed(a), 0.1 - 0.3 + 1e-3 + 123.456 - 7.0 + 0.25, 1e-8);
}
