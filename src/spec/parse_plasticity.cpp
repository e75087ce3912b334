// The "plasticity" block of a projection (docs/plasticity.md).
#include <algorithm>
#include <cmath>

#include "spec/parse_parts.hpp"

namespace tribody::spec {
namespace {

// Weights start within [lo, hi]: the rules keep them there.
void check_weights_within(const json_reader& pr, const projection_spec& p, double wlo, double whi,
                          const std::string& what) {
  double lo = 0.0, hi = 0.0;
  support(p.weight, lo, hi);
  if (lo < wlo || hi > whi) {
    pr.fail("weight", "weights in [" + fmt_number(wlo) + ", " + fmt_number(whi) + "] for a plastic projection with " +
                          what + " (use a constant, uniform or normal_clipped within these bounds)");
  }
}

void check_combinations(const json_reader& r, const projection_spec& p) {
  if (p.synapse.kind != synapse_spec::static_synapse) {
    r.fail("rule", "\"static\": plasticity together with a tsodyks_markram synapse is not supported yet");
  }
  if (p.tripartite.enabled) {
    r.fail("rule", "\"static\": plasticity on a tripartite projection is not supported yet");
  }
}

void check_finite(const json_reader& r, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const double v = r.number(k, 0.0);
    if (!std::isfinite(v) || std::fabs(v) > 1e12) r.fail(k, "a finite value within +-1e12");
  }
}

// NEST's stdp_dopamine_synapse with its defaults, and the volume
// transmitter: a population whose spikes are the dopamine spikes.
void parse_dopamine(const json_reader& pr, const json_reader& r, const model_spec& m, projection_spec& p) {
  r.allow_only({"rule", "tau_plus", "tau_minus", "A_plus", "A_minus", "tau_c", "tau_n", "b", "Wmin", "Wmax",
                "volume_transmitter", "vt_delay"});
  auto& s = p.plasticity;
  s.rule = plasticity_spec::stdp_dopamine;
  s.tau_plus = r.positive("tau_plus", 20.0);
  s.tau_minus = r.positive("tau_minus", 20.0);
  s.A_plus = r.number("A_plus", 1.0);
  s.A_minus = r.number("A_minus", 1.5);
  s.tau_c = r.positive("tau_c", 1000.0);
  s.tau_n = r.positive("tau_n", 200.0);
  s.b = r.number("b", 0.0);
  s.Wmin = r.number("Wmin", 0.0);
  s.Wmax = r.number("Wmax", 200.0);
  check_finite(r, {"tau_plus", "tau_minus", "A_plus", "A_minus", "tau_c", "tau_n", "b", "Wmin", "Wmax"});
  if (s.Wmax < s.Wmin) r.fail("Wmax", "a bound >= Wmin = " + fmt_number(s.Wmin));
  s.volume_transmitter = population_index(m, r.string("volume_transmitter"), r.path_of("volume_transmitter"));
  s.vt_delay = r.positive("vt_delay", 1.0);
  const double dt = m.simulation.dt, k = s.vt_delay / dt;
  if (k < 1.0 - 1e-9 || std::fabs(k - std::round(k)) > 1e-6 * std::max(1.0, k) || k > 65535.0) {
    r.fail("vt_delay", "a multiple of dt = " + fmt_number(dt) + " ms, at least dt and at most 65535 dt");
  }
  check_weights_within(pr, p, s.Wmin, s.Wmax, "Wmin = " + fmt_number(s.Wmin) + " and Wmax = " + fmt_number(s.Wmax));
  check_combinations(r, p);
}

}  // namespace

void parse_plasticity(const json_reader& pr, const model_spec& m, projection_spec& p) {
  auto r = pr.optional_object("plasticity");
  if (!r) return;
  auto& s = p.plasticity;
  const std::string rule =
      r->one_of("rule", {"static", "stdp", "stdp_nn_symm", "stdp_nn_pre_centered", "stdp_dopamine"});
  if (rule == "static") {
    r->allow_only({"rule"});
    return;
  }
  if (rule == "stdp_dopamine") {
    parse_dopamine(pr, *r, m, p);
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
  check_finite(*r, {"tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus"});
  const double wlo = std::min(0.0, s.Wmax), whi = std::max(0.0, s.Wmax);
  check_weights_within(pr, p, wlo, whi, "Wmax = " + fmt_number(s.Wmax));
  check_combinations(*r, p);
}

}  // namespace tribody::spec
