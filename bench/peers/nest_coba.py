#!/usr/bin/env python3
"""Vogels-Abbott COBA benchmark (as in PyNN's VAbenchmarks), simulated with NEST.

3200 E + 800 I iaf_cond_exp, pairwise_bernoulli p=0.02 (autapses allowed),
4 nS / -51 nS, delay 0.1 ms; 20 Poisson(100 Hz, first 50 ms) -> parrot sources
connected with p=0.01, 100 nS, to E and I.
Usage: nest_coba.py [--threads N] [--T ms] [--seed S]
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
a = ap.parse_args()

NE, NI, NX = 3200, 800, 20
dt, delay, p, w_e, w_i, w_x = 0.1, 0.1, 0.02, 4.0, -51.0, 100.0

t0 = time.perf_counter()
nest.ResetKernel()
nest.verbosity = nest.VerbosityLevel.WARNING
nest.SetKernelStatus({"resolution": dt, "local_num_threads": a.threads,
                      "rng_seed": a.seed})
params = {"C_m": 200.0, "g_L": 10.0, "E_L": -60.0, "V_th": -50.0,
          "V_reset": -60.0, "t_ref": 5.0, "E_ex": 0.0, "E_in": -80.0,
          "tau_syn_ex": 5.0, "tau_syn_in": 10.0, "I_e": 0.0}
E = nest.Create("iaf_cond_exp", NE, params=params)
I = nest.Create("iaf_cond_exp", NI, params=params)
allN = E + I
allN.V_m = nest.random.uniform(-60.0, -50.0)
gen = nest.Create("poisson_generator", params={"rate": 100.0, "start": 0.0, "stop": 50.0})
X = nest.Create("parrot_neuron", NX)
sr = nest.Create("spike_recorder")

bern = lambda q: {"rule": "pairwise_bernoulli", "p": q, "allow_autapses": True}
nest.Connect(gen, X, "all_to_all", {"delay": dt})   # independent train per parrot
nest.Connect(E, allN, bern(p), {"weight": w_e, "delay": delay})
nest.Connect(I, allN, bern(p), {"weight": w_i, "delay": delay})
nest.Connect(X, E, bern(0.01), {"weight": w_x, "delay": delay})
nest.Connect(X, I, bern(0.01), {"weight": w_x, "delay": delay})
nest.Connect(allN, sr)
t_build, t_sim = timed_nest_run(nest, t0, a.T)

ev = sr.events
pops = ei_stats(ev["senders"], ev["times"], E.tolist(), I.tolist(), a.T)
print(f"# NEST {nest.__version__} coba threads={a.threads} seed={a.seed} T={a.T} ms "
      f"connections={nest.num_connections}")
report("nest_coba", pops, t_build, t_sim)
