// Elementary functions built only from IEEE-754 +, -, *, / and exact bit
// manipulation, so that the host (g++, -ffp-contract=off) and the device
// (nvcc, --fmad=false) compute bit-identical results. libm and CUDA's math
// library differ in their last bits; step kernels must not call them.
// Accuracy: a few ulp over the whole double range (tests/unit/portable_math).
#pragma once

#include <cstring>

#include "tribody/kernels/hd.hpp"

namespace tribody::pm {

constexpr double inf = __builtin_huge_val();
constexpr double ln2_hi = 6.93147180369123816490e-01;  // trailing zero bits: k*ln2_hi is exact
constexpr double ln2_lo = 1.90821492927058770002e-10;
constexpr double inv_ln2 = 1.44269504088896338700e+00;
constexpr double half_pi = 1.57079632679489661923;

TB_HD_INLINE double from_bits(unsigned long long b) {
#if defined(__CUDA_ARCH__)
  return __longlong_as_double(static_cast<long long>(b));
#else
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
#endif
}

TB_HD_INLINE unsigned long long to_bits(double d) {
#if defined(__CUDA_ARCH__)
  return static_cast<unsigned long long>(__double_as_longlong(d));
#else
  unsigned long long b;
  std::memcpy(&b, &d, sizeof b);
  return b;
#endif
}

TB_HD_INLINE bool is_finite(double x) { return x - x == 0.0; }

// 2^k for k in [-1022, 1023], exactly.
TB_HD_INLINE double pow2i(int k) { return from_bits(static_cast<unsigned long long>(k + 1023) << 52); }

// p * 2^k for any k in [-1100, 1100], exactly unless the result is subnormal.
TB_HD_INLINE double scale2(double p, int k) {
  if (k > 1023) return p * pow2i(1023) * pow2i(k - 1023);
  if (k < -1022) return p * pow2i(k + 600) * pow2i(-600);
  return p * pow2i(k);
}

// Nearest integer to x (half away from zero), |x| < 2^31.
TB_HD_INLINE int round_to_int(double x) { return static_cast<int>(x >= 0.0 ? x + 0.5 : x - 0.5); }

// e^r for |r| <= ln2/2 by its Taylor series (truncation error < 1e-17).
TB_HD_INLINE double exp_reduced(double r) {
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  return p * r + 1.0;
}

TB_HD_INLINE double exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return inf;
  if (x < -745.1332191019412) return 0.0;
  const int k = round_to_int(x * inv_ln2);
  const double kd = static_cast<double>(k);
  const double r = (x - kd * ln2_hi) - kd * ln2_lo;
  return scale2(exp_reduced(r), k);
}

// e^x - 1, accurate near 0.
TB_HD_INLINE double expm1(double x) {
  if (x > -0.5 && x < 0.5) {
    double p = 1.0 / 355687428096000.0;  // 1/17!
    const double inv_fact[16] = {1.0 / 20922789888000.0, 1.0 / 1307674368000.0, 1.0 / 87178291200.0,
                                 1.0 / 6227020800.0,     1.0 / 479001600.0,     1.0 / 39916800.0,
                                 1.0 / 3628800.0,        1.0 / 362880.0,        1.0 / 40320.0,
                                 1.0 / 5040.0,           1.0 / 720.0,           1.0 / 120.0,
                                 1.0 / 24.0,             1.0 / 6.0,             0.5,
                                 1.0};
    for (int i = 0; i < 16; ++i) p = p * x + inv_fact[i];
    return p * x;
  }
  return exp(x) - 1.0;
}

TB_HD_INLINE double log(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -inf : (x - x) / (x - x);  // -inf, or NaN for x < 0 / NaN
  if (x == inf) return x;
  int e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range
    x *= 18014398509481984.0;          // 2^54
    e = -54;
  }
  const unsigned long long b = to_bits(x);
  e += static_cast<int>((b >> 52) & 0x7ffULL) - 1023;
  double m = from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }
  // log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716.
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double s2 = s * s;
  double p = 1.0 / 23.0;
  p = p * s2 + 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  const double log_m = 2.0 * s + 2.0 * s * (s2 * p);
  const double ed = static_cast<double>(e);
  return ed * ln2_hi + (log_m + ed * ln2_lo);
}

TB_HD_INLINE double tanh(double x) {
  const double a = x < 0.0 ? -x : x;
  if (a != a) return x;
  double r = 1.0;
  if (a < 20.0) {
    const double t = expm1(2.0 * a);
    r = t / (t + 2.0);
  }
  return x < 0.0 ? -r : r;
}

// sin and cos of 2*pi*u for u in [0, 1): the angle of Box-Muller draws.
TB_HD_INLINE void sincos_turns(double u, double* s, double* c) {
  const double q4 = u * 4.0;
  const int q = static_cast<int>(q4);
  const double a = (q4 - static_cast<double>(q)) * half_pi;  // [0, pi/2)
  const double a2 = a * a;
  // Taylor series; (pi/2)^23/23! < 1e-18.
  double sp = -1.0 / 51090942171709440000.0;  // -1/21!
  sp = sp * a2 + 1.0 / 121645100408832000.0;  // 1/19!
  sp = sp * a2 - 1.0 / 355687428096000.0;
  sp = sp * a2 + 1.0 / 1307674368000.0;
  sp = sp * a2 - 1.0 / 6227020800.0;
  sp = sp * a2 + 1.0 / 39916800.0;
  sp = sp * a2 - 1.0 / 362880.0;
  sp = sp * a2 + 1.0 / 5040.0;
  sp = sp * a2 - 1.0 / 120.0;
  sp = sp * a2 + 1.0 / 6.0;
  const double sin_a = a - a * (a2 * sp);
  double cp = 1.0 / 2432902008176640000.0;  // 1/20!
  cp = cp * a2 - 1.0 / 6402373705728000.0;  // 1/18!
  cp = cp * a2 + 1.0 / 20922789888000.0;
  cp = cp * a2 - 1.0 / 87178291200.0;
  cp = cp * a2 + 1.0 / 479001600.0;
  cp = cp * a2 - 1.0 / 3628800.0;
  cp = cp * a2 + 1.0 / 40320.0;
  cp = cp * a2 - 1.0 / 720.0;
  cp = cp * a2 + 1.0 / 24.0;
  cp = cp * a2 - 0.5;
  const double cos_a = 1.0 + a2 * cp;
  switch (q & 3) {
    case 0: *s = sin_a; *c = cos_a; break;
    case 1: *s = cos_a; *c = -sin_a; break;
    case 2: *s = -sin_a; *c = -cos_a; break;
    default: *s = -cos_a; *c = sin_a; break;
  }
}

}  // namespace tribody::pm
