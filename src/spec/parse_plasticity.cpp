// The "plasticity" block of a projection (docs/plasticity.md).
#include <cmath>

#include "spec/parse_parts.hpp"

namespace tribody::spec {

void parse_plasticity(const json_reader& pr, const model_spec& m, projection_spec& p) {
  auto r = pr.optional_object("plasticity");
  if (!r) return;
  auto& s = p.plasticity;
  const std::string rule = r->one_of("rule", {"static", "stdp", "stdp_nn_symm", "stdp_nn_pre_centered"});
  if (rule == "static") {
    r->allow_only({"rule"});
    return;
  }
  r->allow_only({"rule", "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax"});
  s.rule = rule == "stdp"           ? plasticity_spec::stdp
           : rule == "stdp_nn_symm" ? plasticity_spec::stdp_nn_symm
                                    : plasticity_spec::stdp_nn_pre_centered;
  s.tau_plus = r->positive("tau_plus", s.tau_plus);
  s.tau_minus = r->positive("tau_minus", s.tau_minus);
  s.lambda = r->number_at_least("lambda", 0.0, s.lambda);
  s.alpha = r->number_at_least("alpha", 0.0, s.alpha);
  s.mu_plus = r->number_at_least("mu_plus", 0.0, s.mu_plus);
  s.mu_minus = r->number_at_least("mu_minus", 0.0, s.mu_minus);
  s.Wmax = r->number("Wmax", s.Wmax);
  if (s.Wmax == 0.0 || !std::isfinite(s.Wmax)) r->fail("Wmax", "a non-zero bound with the sign of the weights");
  for (const char* k : {"tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus"}) {
    const double v = r->number(k, 0.0);
    if (!std::isfinite(v) || v > 1e12) r->fail(k, "a finite value below 1e12");
  }
  // Weights start in [0, Wmax] (or [Wmax, 0]): the rules keep them there.
  const auto& w = p.weight;
  double lo = w.a, hi = w.a;
  switch (w.kind) {
    case dist_kind::constant: break;
    case dist_kind::uniform: lo = w.a; hi = w.b; break;
    case dist_kind::normal_clipped: lo = w.c; hi = w.d; break;
    case dist_kind::normal:
      lo = w.b == 0.0 ? w.a : -INFINITY;
      hi = w.b == 0.0 ? w.a : INFINITY;
      break;
    case dist_kind::lognormal: lo = 0.0; hi = INFINITY; break;
  }
  const double wlo = std::min(0.0, s.Wmax), whi = std::max(0.0, s.Wmax);
  if (lo < wlo || hi > whi) {
    pr.fail("weight", "weights in [" + fmt_number(wlo) + ", " + fmt_number(whi) +
                          "] for a plastic projection with Wmax = " + fmt_number(s.Wmax) +
                          " (use a constant, uniform or normal_clipped within these bounds)");
  }
  if (p.synapse.kind != synapse_spec::static_synapse) {
    r->fail("rule", "\"static\": plasticity together with a tsodyks_markram synapse is not supported yet");
  }
  if (p.tripartite.enabled) {
    r->fail("rule", "\"static\": plasticity on a tripartite projection is not supported yet");
  }
  (void)m;
}

}  // namespace tribody::spec
