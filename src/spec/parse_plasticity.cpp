// The "plasticity" block of a projection (docs/plasticity.md).
#include <algorithm>
#include <cmath>

#include "models/astro_models.hpp"
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

// The astrocyte rules need territories (a tripartite block); the others
// do not take one yet.
void check_combinations(const json_reader& r, const projection_spec& p) {
  if (p.synapse.kind != synapse_spec::static_synapse) {
    r.fail("rule", "\"static\": plasticity together with a tsodyks_markram synapse is not supported yet");
  }
  const bool astro = p.plasticity.rule == plasticity_spec::tripartite_stdp ||
                     p.plasticity.rule == plasticity_spec::astro_three_factor;
  if (p.tripartite.enabled && !astro) {
    r.fail("rule", "\"tripartite_stdp\" or \"astro_three_factor\": the other rules on a tripartite projection are not "
                   "supported yet");
  }
  if (astro && !p.tripartite.enabled) {
    r.fail("rule", "a projection with a \"tripartite\" block: its astrocytes' territories are where the rule's "
                   "astrocyte value comes from");
  }
}

// "mode": where an astrocyte rule takes the astrocyte's value.
bool parse_local(const json_reader& r) { return r.one_of("mode", {"local", "broadcast"}) == "local"; }

void check_finite(const json_reader& r, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const double v = r.number(k, 0.0);
    if (!std::isfinite(v) || std::fabs(v) > 1e12) r.fail(k, "a finite value within +-1e12");
  }
}

// The volume transmitter: a population whose spikes are the dopamine
// (neuromodulator) spikes, and their delay.
void parse_volume_transmitter(const json_reader& r, const model_spec& m, plasticity_spec& s) {
  s.volume_transmitter = population_index(m, r.string("volume_transmitter"), r.path_of("volume_transmitter"));
  s.vt_delay = r.positive("vt_delay", 1.0);
  const double dt = m.simulation.dt, k = s.vt_delay / dt;
  if (k < 1.0 - 1e-9 || std::fabs(k - std::round(k)) > 1e-6 * std::max(1.0, k) || k > 65535.0) {
    r.fail("vt_delay", "a multiple of dt = " + fmt_number(dt) + " ms, at least dt and at most 65535 dt");
  }
}

void parse_bounds(const json_reader& pr, const json_reader& r, projection_spec& p, double wmax) {
  auto& s = p.plasticity;
  s.Wmin = r.number("Wmin", 0.0);
  s.Wmax = r.number("Wmax", wmax);
  check_finite(r, {"Wmin", "Wmax"});
  if (s.Wmax < s.Wmin) r.fail("Wmax", "a bound >= Wmin = " + fmt_number(s.Wmin));
  check_weights_within(pr, p, s.Wmin, s.Wmax, "Wmin = " + fmt_number(s.Wmin) + " and Wmax = " + fmt_number(s.Wmax));
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
  check_finite(r, {"tau_plus", "tau_minus", "A_plus", "A_minus", "tau_c", "tau_n", "b"});
  parse_volume_transmitter(r, m, s);
  parse_bounds(pr, r, p, 200.0);
  check_combinations(r, p);
}

// astro_three_factor, broadcast: the territory astrocyte's own model as the
// compartment, through one of its state variables (docs/plasticity.md).
void parse_astrocyte_variable(const json_reader& r, const model_spec& m, projection_spec& p) {
  auto& s = p.plasticity;
  if (!r.has("astrocyte_variable")) {
    if (r.has("Ca_scale")) r.fail("Ca_scale", "no Ca_scale without an astrocyte_variable (it scales that variable)");
    return;
  }
  if (s.local) {
    r.fail("astrocyte_variable", "mode \"broadcast\" for an astrocyte_variable: a local compartment is each "
                                 "synapse's own, not an astrocyte's");
  }
  if (r.has("tau_Ca")) {
    r.fail("tau_Ca", "no tau_Ca with an astrocyte_variable: the astrocyte model's own dynamics replace the rule's "
                     "compartment");
  }
  const auto& astro = m.astrocytes[p.tripartite.astrocytes];
  const auto& info = *models::find_astro_model(astro.model);
  const std::string name = r.string("astrocyte_variable");
  std::string names;
  for (std::size_t k = 0; k < info.state.size(); ++k) {
    if (info.state[k].name == name) s.astro_variable = static_cast<int>(k);
    names += (k ? ", " : "") + info.state[k].name;
  }
  if (s.astro_variable < 0) {
    r.fail("astrocyte_variable", "a state variable of " + astro.model + " (astrocytes \"" + astro.name + "\"): one of " +
                                     names + " (got \"" + name.substr(0, 60) + "\")");
  }
  if (astro.neuromodulator >= 0 && info.modulated_input) {
    r.fail("astrocyte_variable", "astrocytes \"" + astro.name + "\" without a neuromodulator: " + astro.model +
                                     " multiplies its input by it, and the rule's (volume_transmitter, M) already "
                                     "multiplies the pairings it feeds them");
  }
  s.Ca_scale = r.positive("Ca_scale", 1.0);
  check_finite(r, {"Ca_scale"});
}

// The framework's astrocytic eligibility (docs/plasticity.md): pairings
// into a history h, h x M into the compartment's Ca, dw/dt = eta h gate / tau_h.
void parse_astro_three_factor(const json_reader& pr, const json_reader& r, const model_spec& m, projection_spec& p) {
  r.allow_only({"rule", "mode", "eta", "tau_plus", "tau_minus", "A_plus", "A_minus", "tau_h", "tau_Ca", "theta", "k",
                "Wmin", "Wmax", "volume_transmitter", "vt_delay", "tau_n", "M", "astrocyte_variable", "Ca_scale"});
  auto& s = p.plasticity;
  s.rule = plasticity_spec::astro_three_factor;
  s.local = parse_local(r);
  s.eta = r.number("eta", 0.01);
  s.tau_plus = r.positive("tau_plus", 20.0);
  s.tau_minus = r.positive("tau_minus", 20.0);
  s.A_plus = r.number_at_least("A_plus", 0.0, 1.0);
  s.A_minus = r.number_at_least("A_minus", 0.0, 0.0);
  s.tau_h = r.positive("tau_h", 1000.0);
  s.tau_Ca = r.positive("tau_Ca", 5000.0);
  s.theta = r.number("theta", 0.3);
  s.k = r.number_at_least("k", 0.0, 10.0);
  s.tau_n = r.positive("tau_n", 200.0);
  s.M_const = r.number_at_least("M", 0.0, 0.0);
  check_finite(r, {"eta", "tau_plus", "tau_minus", "A_plus", "A_minus", "tau_h", "tau_Ca", "theta", "k", "tau_n", "M"});
  if (s.tau_h < m.simulation.slow_dt) {
    r.fail("tau_h", "a pairing history at least one slow step long (slow_dt = " + fmt_number(m.simulation.slow_dt) +
                        " ms)");
  }
  if (r.has("volume_transmitter")) parse_volume_transmitter(r, m, s);
  else if (r.has("vt_delay")) r.fail("vt_delay", "no vt_delay without a volume_transmitter");
  parse_bounds(pr, r, p, 100.0);
  check_combinations(r, p);
  parse_astrocyte_variable(r, m, p);
}

// stdp_synapse whose every pairing is scaled by the astrocyte's factor.
void parse_tripartite_stdp(const json_reader& r, plasticity_spec& s) {
  s.local = parse_local(r);
  s.Ca_scale = r.positive("Ca_scale", 1.0);
  s.theta = r.positive("theta", 0.3);
  s.k = r.number_at_least("k", 0.0, 2.0);
  check_finite(r, {"Ca_scale", "theta", "k"});
}

}  // namespace

void parse_plasticity(const json_reader& pr, const model_spec& m, projection_spec& p) {
  auto r = pr.optional_object("plasticity");
  if (!r) return;
  auto& s = p.plasticity;
  const std::string rule =
      r->one_of("rule", {"static", "stdp", "stdp_nn_symm", "stdp_nn_pre_centered", "stdp_dopamine", "tripartite_stdp",
                         "astro_three_factor"});
  if (rule == "static") {
    r->allow_only({"rule"});
    return;
  }
  if (rule == "stdp_dopamine") {
    parse_dopamine(pr, *r, m, p);
    return;
  }
  if (rule == "astro_three_factor") {
    parse_astro_three_factor(pr, *r, m, p);
    return;
  }
  if (rule == "tripartite_stdp") {
    r->allow_only({"rule", "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax", "mode",
                   "Ca_scale", "theta", "k"});
    parse_tripartite_stdp(*r, s);
  } else {
    r->allow_only({"rule", "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax"});
  }
  s.rule = rule == "stdp"              ? plasticity_spec::stdp
           : rule == "stdp_nn_symm"    ? plasticity_spec::stdp_nn_symm
           : rule == "tripartite_stdp" ? plasticity_spec::tripartite_stdp
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
