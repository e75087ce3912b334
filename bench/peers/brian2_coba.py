#!/usr/bin/env python3
"""Vogels-Abbott COBA benchmark, same network as nest_coba.py, simulated with Brian2.

Conductances jump on spike arrival and decay exponentially (as iaf_cond_exp);
V_m is clamped at V_reset for t_ref while conductances keep evolving.
Usage: brian2_coba.py [--T ms] [--seed S] [--target cython|numpy]
"""
import argparse
import time

import numpy as np
import brian2 as b2
from brian2 import ms, mV, nS, pF
from peer_stats import ei_stats, report, timed_brian_run

ap = argparse.ArgumentParser()
ap.add_argument("--T", type=float, default=1000.0, help="simulated time (ms)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--target", default="cython", choices=["cython", "numpy"])
ap.add_argument("--method", default="exponential_euler")
a = ap.parse_args()
b2.prefs.codegen.target = a.target
b2.seed(a.seed)

NE, NI, NX = 3200, 800, 20
C, gL, EL, Vt, Vr = 200 * pF, 10 * nS, -60 * mV, -50 * mV, -60 * mV
Ee, Ei, tau_e, tau_i = 0 * mV, -80 * mV, 5 * ms, 10 * ms

t0 = time.perf_counter()
b2.defaultclock.dt = 0.1 * ms
eqs = """dv/dt = (gL*(EL - v) + ge*(Ee - v) + gi*(Ei - v)) / C : volt (unless refractory)
         dge/dt = -ge/tau_e : siemens
         dgi/dt = -gi/tau_i : siemens"""
G = b2.NeuronGroup(NE + NI, eqs, threshold="v >= Vt", reset="v = Vr",
                   refractory=5 * ms, method=a.method)
G.v = "-60*mV + 10*mV*rand()"
SE = b2.Synapses(G[:NE], G, on_pre="ge_post += 4*nS", delay=0.1 * ms)
SE.connect(p=0.02)                     # autapses allowed (no i != j condition)
SI = b2.Synapses(G[NE:], G, on_pre="gi_post += 51*nS", delay=0.1 * ms)
SI.connect(p=0.02)
X = b2.PoissonGroup(NX, rates="100*Hz*int(t < 50*ms)")
SX = b2.Synapses(X, G, on_pre="ge_post += 100*nS", delay=0.1 * ms)
SX.connect(p=0.01)
mon = b2.SpikeMonitor(G)
net = b2.Network(G, SE, SI, X, SX, mon)
t_build, t_prep, t_sim = timed_brian_run(net, t0, a.T, ms)

s, t = np.asarray(mon.i), np.asarray(mon.t / ms)
pops = ei_stats(s, t, np.arange(NE), np.arange(NE, NE + NI), a.T)
print(f"# Brian2 {b2.__version__} ({a.target}, {a.method}) coba seed={a.seed} T={a.T} ms "
      f"synapses={len(SE) + len(SI) + len(SX)}")
report("brian2_coba", pops, t_build, t_sim, f"(codegen/compile {t_prep:.2f} s)")
