// The plan of a plastic projection: the rule's constants in steps, and the
// limits of the indices its engine builds (src/engine/plasticity_engine.hpp).
#include <algorithm>
#include <cmath>
#include <string>

#include "models/astro_models.hpp"
#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"

namespace tribody::plan {

namespace {

// The dopamine trace of a volume transmitter (stdp_dopamine, astro_three_factor).
void plan_volume_transmitter(const plasticity_spec& ps, double dt, kern::stdp_params& k, plasticity_plan& q) {
  k.step_n = std::exp(-dt / ps.tau_n);
  k.inv_tau_n = 1.0 / ps.tau_n;
  q.vt_population = ps.volume_transmitter;
  q.vt_delay = static_cast<int>(std::llround(ps.vt_delay / dt));
}

// astro_three_factor through an astrocyte model's variable: the drive of a
// slow step of length S is a constant rate P = max(A, 0) I / S^2 of
// events (A: the integral of the activity, I: of M) over the step, each
// worth `amount` of the model's input decaying at its input rate L: at the
// step's end it has added P amount E, E = (1 - e^{-LS}) / L, and over the
// step P amount (S - E) / L.
void plan_astrocyte_drive(const projection_spec& s, const model_spec& m, projection_plan& p) {
  const auto& ps = s.plasticity;
  const auto& astro = m.astrocytes[s.tripartite.astrocytes];
  const double S = m.simulation.slow_dt, L = models::find_astro_model(astro.model)->input_rate(astro.params);
  const double LS = L * S;
  // E and (S - E) / L, with their limits for a slowly decaying input.
  const double E = LS < 1e-8 ? S * (1.0 - 0.5 * LS) : -std::expm1(-LS) / L;
  const double rest = LS < 1e-3 ? S * S * (0.5 - LS / 6.0 + LS * LS / 24.0) : (LS + std::expm1(-LS)) / (L * L);
  auto& q = p.plasticity;
  q.astro_var = ps.astro_variable;
  q.params.inv_Ca_scale = 1.0 / ps.Ca_scale;
  q.drive_end = p.tripartite.amount * E / (S * S);
  q.drive_int = p.tripartite.amount * rest / (S * S);
  p.tripartite.spike_input = false;
}

// astro_three_factor's constants on the slow clock (kern::stdp_params).
void plan_three_factor(const plasticity_spec& ps, const model_spec& m, kern::stdp_params& k, plasticity_plan& q) {
  const double dt = m.simulation.dt, S = m.simulation.slow_dt;
  k.astro = kern::astro_rule::three_factor;
  k.local = ps.local ? 1 : 0;
  k.theta = ps.theta;
  k.k_gate = ps.k;
  k.eta_per_tau_h = ps.eta / ps.tau_h;
  k.step_h = std::exp(-S / ps.tau_h);
  k.h_int0 = -ps.tau_h * std::expm1(-S / ps.tau_h);
  k.step_Ca = std::exp(-S / ps.tau_Ca);
  k.Ca_gain = -ps.tau_Ca * std::expm1(-S / ps.tau_Ca) / (S * S);
  k.M_step = ps.M_const * S;
  plan_volume_transmitter(ps, dt, k, q);
  k.n_step_int = -ps.tau_n * std::expm1(-dt / ps.tau_n);
  q.tau_h = ps.tau_h;
  // The pairing history's factors for a pairing in fast step i of a slow step.
  const int n = static_cast<int>(std::llround(S / dt));
  q.h_end.resize(n);
  q.h_int.resize(n);
  for (int i = 0; i < n; ++i) {
    const double left = S - (i + 1) * dt;  // ms from the pairing to the slow step's end
    q.h_end[i] = std::exp(-left / ps.tau_h);
    q.h_int[i] = -ps.tau_h * std::expm1(-left / ps.tau_h);
  }
}

}  // namespace

void plan_plasticity(const projection_spec& s, const model_spec& m, int index, projection_plan& p) {
  const auto& ps = s.plasticity;
  if (ps.rule == plasticity_spec::none) return;
  const double dt = m.simulation.dt;
  auto& q = p.plasticity;
  q.enabled = true;
  auto& k = q.params;
  k.pairing = ps.rule == plasticity_spec::stdp_nn_symm           ? kern::stdp_pairing::nn_symm
              : ps.rule == plasticity_spec::stdp_nn_pre_centered ? kern::stdp_pairing::nn_pre_centered
                                                                 : kern::stdp_pairing::all_to_all;
  k.lambda = ps.lambda;
  k.alpha = ps.alpha;
  k.mu_plus = ps.mu_plus;
  k.mu_minus = ps.mu_minus;
  k.Wmax = ps.Wmax;
  k.inv_Wmax = ps.Wmax != 0.0 ? 1.0 / ps.Wmax : 0.0;  // astro_three_factor's bounds may be [0, 0]
  // The eligibility's (stdp_dopamine) or the history's (astro_three_factor)
  // pairing amounts and the lower bound (the spec's defaults elsewhere, unused).
  k.A_plus = ps.A_plus;
  k.A_minus = ps.A_minus;
  k.Wmin = ps.Wmin;
  k.rate_plus = dt / ps.tau_plus;
  k.rate_minus = dt / ps.tau_minus;
  k.step_plus = std::exp(-k.rate_plus);
  k.step_minus = std::exp(-k.rate_minus);
  if (ps.rule == plasticity_spec::stdp_dopamine) {
    k.dopamine = 1;
    k.b_tau_c = ps.b * ps.tau_c;
    plan_volume_transmitter(ps, dt, k, q);
    k.step_c = std::exp(-dt / ps.tau_c);
    const double taus = 1.0 / ps.tau_c + 1.0 / ps.tau_n;
    k.n_integral = -std::expm1(-dt * taus) / taus;
    // Periods of about tau_c: the integrals' weights stay within [1/e, 1].
    q.dopamine_period = std::clamp<long long>(std::llround(ps.tau_c / dt), 1, 1000000);
  }
  if (ps.rule == plasticity_spec::tripartite_stdp) {
    k.astro = kern::astro_rule::tripartite_stdp;
    k.local = ps.local ? 1 : 0;
    k.inv_Ca_scale = 1.0 / ps.Ca_scale;
    k.theta = ps.theta;
    k.k_gate = ps.k;
    p.tripartite.needs_trace = p.tripartite.needs_trace || ps.local;
  }
  if (ps.rule == plasticity_spec::astro_three_factor) {
    plan_three_factor(ps, m, k, q);
    if (ps.astro_variable >= 0) plan_astrocyte_drive(s, m, p);
  }
  q.constant_weight = s.weight.kind == dist_kind::constant;
  q.weight = s.weight.a;
  // Synapse ids (by-arrival order, weight recording) and (delay, target)
  // keys are 32-bit.
  const std::string path = "$.projections[" + std::to_string(index) + "].plasticity";
  if (p.expected_synapses >= 4294967295.0) {
    throw model_error(path, "a plastic projection has fewer than 2^32 - 1 synapses (this one expects about " +
                                std::to_string(static_cast<unsigned long long>(p.expected_synapses)) +
                                "); split it into several projections");
  }
  const double keys = static_cast<double>(p.max_delay - p.min_delay + 1) * p.rule.n_tgt;
  if (keys >= 4294967295.0) {
    throw model_error(path, "(delay steps) x (target neurons) below 2^32 for a plastic projection (got " +
                                std::to_string(static_cast<unsigned long long>(keys)) + ")");
  }
}

}  // namespace tribody::plan
