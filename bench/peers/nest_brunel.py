#!/usr/bin/env python3
"""Brunel (2000) model A (as in NEST's brunel_delta_nest example), simulated with NEST.

Differences from the NEST example, on purpose: V_reset = 10 mV (Brunel's V_r),
initial V_m ~ U[0, 20) mV, and spikes of *all* neurons are recorded.
With --stdp, the E->E synapses are NEST's stdp_synapse as in
models/brunel_stdp.json (multiplicative, lambda 0.01, alpha 1.05,
tau_plus = tau_minus = 20 ms, Wmax = (1 + alpha) J).
Usage: nest_brunel.py [--threads N] [--T ms] [--seed S] [--example-init] [--stdp]
"""
import argparse
import os
import time

os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402
from peer_stats import ei_stats, report, timed_nest_run  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--T", type=float, default=1000.0, help="simulated time (ms)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--example-init", action="store_true",
                help="NEST example's V_reset = 0 and V_m(0) = 0 instead")
ap.add_argument("--stdp", action="store_true", help="E->E synapses with stdp_synapse")
ap.add_argument("--dopamine", action="store_true",
                help="E->E synapses with stdp_dopamine_synapse as bench/models/brunel_stdp_dopamine.json")
a = ap.parse_args()

NE, NI, CE, CI = 10000, 2500, 1000, 250
tau_m, theta, J, g, eta, delay, dt = 20.0, 20.0, 0.1, 5.0, 2.0, 1.5, 0.1
nu_thr = theta / (J * CE * tau_m)          # 1/ms
p_rate = 1000.0 * eta * nu_thr * CE        # Hz, total external rate per neuron

t0 = time.perf_counter()
nest.ResetKernel()
nest.verbosity = nest.VerbosityLevel.WARNING
nest.SetKernelStatus({"resolution": dt, "local_num_threads": a.threads,
                      "rng_seed": a.seed})
params = {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0,
          "V_reset": 0.0 if a.example_init else 10.0, "V_th": theta}
E = nest.Create("iaf_psc_delta", NE, params=params)
I = nest.Create("iaf_psc_delta", NI, params=params)
allN = E + I
allN.V_m = 0.0 if a.example_init else nest.random.uniform(0.0, theta)
noise = nest.Create("poisson_generator", params={"rate": p_rate})
sr = nest.Create("spike_recorder")

nest.Connect(noise, allN, "all_to_all", {"weight": J, "delay": delay})
if a.dopamine:
    da = nest.Create("poisson_generator", 20, params={"rate": 5.0})
    da_parrots = nest.Create("parrot_neuron", 20)
    nest.Connect(da, da_parrots, "one_to_one", {"delay": dt})
    vt = nest.Create("volume_transmitter")
    nest.Connect(da_parrots, vt, syn_spec={"delay": 1.0})
    nest.CopyModel("stdp_dopamine_synapse", "dopa", {"volume_transmitter": vt, "A_plus": 1e-6, "A_minus": 1.5e-6,
                                                     "tau_plus": 20.0, "tau_c": 1000.0, "tau_n": 200.0, "b": 0.0,
                                                     "Wmin": 0.0, "Wmax": 2 * J})
    nest.Connect(E, E, {"rule": "fixed_indegree", "indegree": CE},
                 {"synapse_model": "dopa", "weight": J, "delay": delay})
    nest.Connect(E, I, {"rule": "fixed_indegree", "indegree": CE}, {"weight": J, "delay": delay})
elif a.stdp:
    alpha = 1.05
    nest.Connect(E, E, {"rule": "fixed_indegree", "indegree": CE},
                 {"synapse_model": "stdp_synapse", "weight": J, "delay": delay, "lambda": 0.01, "alpha": alpha,
                  "mu_plus": 1.0, "mu_minus": 1.0, "tau_plus": 20.0, "Wmax": (1.0 + alpha) * J})
    nest.Connect(E, I, {"rule": "fixed_indegree", "indegree": CE}, {"weight": J, "delay": delay})
else:
    nest.Connect(E, allN, {"rule": "fixed_indegree", "indegree": CE},
                 {"weight": J, "delay": delay})
nest.Connect(I, allN, {"rule": "fixed_indegree", "indegree": CI},
             {"weight": -g * J, "delay": delay})
nest.Connect(allN, sr)
t_build, t_sim = timed_nest_run(nest, t0, a.T)

ev = sr.events
pops = ei_stats(ev["senders"], ev["times"], E.tolist(), I.tolist(), a.T)
print(f"# NEST {nest.__version__} brunel{'_stdp' if a.stdp else ''}{'_dopamine' if a.dopamine else ''} threads={a.threads} seed={a.seed} T={a.T} ms "
      f"{'V_reset=0,V_m(0)=0 ' if a.example_init else ''}"
      f"p_rate={p_rate:.1f} Hz connections={nest.num_connections}")
report("nest_brunel", pops, t_build, t_sim)
