#!/usr/bin/env python3
"""Brunel (2000) model A, same network as nest_brunel.py, simulated with Brian2.

Fixed in-degree connectivity (autapses and multapses allowed, as NEST's
fixed_indegree defaults) is drawn with numpy. Inputs arriving while a neuron is
refractory are discarded, as in NEST's iaf_psc_delta. External drive: one
Poisson train of rate p_rate per neuron (PoissonInput: CE sources at eta*nu_thr).
Usage: brian2_brunel.py [--T ms] [--seed S] [--target cython|numpy]
"""
import argparse
import time

import numpy as np
import brian2 as b2
from brian2 import ms, mV, Hz
from peer_stats import ei_stats, report, timed_brian_run

ap = argparse.ArgumentParser()
ap.add_argument("--T", type=float, default=1000.0, help="simulated time (ms)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--target", default="cython", choices=["cython", "numpy"])
a = ap.parse_args()
b2.prefs.codegen.target = a.target
b2.seed(a.seed)
rng = np.random.default_rng(a.seed)

NE, NI, CE, CI = 10000, 2500, 1000, 250
N = NE + NI
tau_m, theta, Vr, J, g, eta = 20 * ms, 20 * mV, 10 * mV, 0.1 * mV, 5.0, 2.0
nu_thr = theta / (J * CE * tau_m)
p_rate = eta * nu_thr * CE

t0 = time.perf_counter()
b2.defaultclock.dt = 0.1 * ms
G = b2.NeuronGroup(N, "dv/dt = -v/tau_m : volt (unless refractory)",
                   threshold="v >= theta", reset="v = Vr", refractory=2 * ms,
                   method="exact")
G.v = rng.uniform(0.0, 20.0, N) * mV
pre = "v_post += {w} * int(not_refractory_post)"
SE = b2.Synapses(G, G, on_pre=pre.format(w="J"), delay=1.5 * ms)
SE.connect(i=rng.integers(0, NE, N * CE), j=np.repeat(np.arange(N), CE))
SI = b2.Synapses(G, G, on_pre=pre.format(w="-g*J"), delay=1.5 * ms)
SI.connect(i=rng.integers(NE, N, N * CI), j=np.repeat(np.arange(N), CI))
PI = b2.PoissonInput(G, "v", N=CE, rate=eta * nu_thr, weight="J*int(not_refractory)")
mon = b2.SpikeMonitor(G)
net = b2.Network(G, SE, SI, PI, mon)
t_build, t_prep, t_sim = timed_brian_run(net, t0, a.T, ms)

s, t = np.asarray(mon.i), np.asarray(mon.t / ms)
pops = ei_stats(s, t, np.arange(NE), np.arange(NE, N), a.T)
print(f"# Brian2 {b2.__version__} ({a.target}) brunel seed={a.seed} T={a.T} ms "
      f"p_rate={p_rate / Hz:.1f} Hz synapses={len(SE) + len(SI)}")
report("brian2_brunel", pops, t_build, t_sim, f"(codegen/compile {t_prep:.2f} s)")
