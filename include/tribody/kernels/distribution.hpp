// Random values for weights, delays and initial states: a plain struct that
// both backends sample with the same arithmetic.
#pragma once

#include "tribody/kernels/hd.hpp"
#include "tribody/kernels/portable_math.hpp"
#include "tribody/kernels/rng.hpp"

namespace tribody::kern {

enum class dist_kind : int { constant, uniform, normal, normal_clipped, lognormal };

struct value_dist {
  dist_kind kind = dist_kind::constant;
  double a = 0.0;  // constant: value | uniform: low  | normal*: mean | lognormal: mu
  double b = 0.0;  //                   uniform: high | normal*: std  | lognormal: sigma
  double c = 0.0;  // normal_clipped: low
  double d = 0.0;  // normal_clipped: high

  TB_HD_INLINE bool is_constant() const { return kind == dist_kind::constant; }
};

// Redraws before a clipped normal gives up and clamps; validation refuses
// bounds that would make this likely (acceptance probability < 1e-3).
constexpr int max_clip_redraws = 10000;

TB_HD_INLINE double sample(const value_dist& d, stream_rng& g) {
  switch (d.kind) {
    case dist_kind::constant: return d.a;
    case dist_kind::uniform: return d.a + (d.b - d.a) * g.uniform();
    case dist_kind::normal: return d.a + d.b * g.normal();
    case dist_kind::normal_clipped: {
      for (int i = 0; i < max_clip_redraws; ++i) {
        const double x = d.a + d.b * g.normal();
        if (x >= d.c && x <= d.d) return x;
      }
      return d.a < d.c ? d.c : (d.a > d.d ? d.d : d.a);
    }
    case dist_kind::lognormal: return pm::exp(d.a + d.b * g.normal());
  }
  return d.a;
}

}  // namespace tribody::kern
