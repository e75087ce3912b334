#!/usr/bin/env python3
"""aeif_cond_alpha under noisy input: tribody's n_substeps against NEST.

One neuron, 1 s at dt = 0.1 ms, a constant current I_e and Poisson
conductance input drawn per step (about 4 excitatory and 0.2 inhibitory
1-nS events), in four parameter sets x three input draws. The reference is
NEST with gsl_error_tol 1e-10; compared are NEST at its default tolerance
(1e-6) and tribody with n_substeps 1, 2, 3, 4, 8: the number of spikes before
the first one that falls in a different step, the runs without such a
mismatch, and max |dV_m| before the first spike. docs/numerics.md quotes
the table.

Input timing: the events of step k arrive at its end, (k + 1) dt; in NEST a
spike_generator emits them 1 ms earlier with delay 1 ms, in tribody a
spike_times stimulus does the same (repeated times carry multiple events).
Usage: nest_aeif_substeps.py [--tribody PATH] [--work DIR]
"""
import argparse
import csv
import json
import os
import subprocess
import tempfile

os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402
import numpy as np  # noqa: E402

DT, T = 0.1, 1000.0
N = int(round(T / DT))
VARIANTS = {"default": {}, "t_ref2": {"t_ref": 2.0}, "DT1": {"Delta_T": 1.0},
            "tonic": {"a": 0.0, "b": 60.0, "tau_w": 30.0}}
CURRENTS = [700.0, 500.0, 600.0]
SUBSTEPS = [1, 2, 3, 4, 8]


def cases():
    rng = np.random.default_rng(11)
    for name, var in VARIANTS.items():
        for trial, ie in enumerate(CURRENTS):
            ne = rng.poisson(4.0, N)
            ni = rng.poisson(0.2, N)
            ne[:10] = 0  # emission times must be >= dt
            ni[:10] = 0
            yield f"{name}/{trial}", var, ie, ne, ni


def run_nest(var, ie, ne, ni, tol):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.resolution = DT
    n = nest.Create("aeif_cond_alpha", params=dict(var, I_e=ie, gsl_error_tol=tol))
    for counts, sign in [(ne, 1.0), (ni, -1.0)]:
        ks = np.nonzero(counts)[0]
        sg = nest.Create("spike_generator", params={
            "spike_times": np.round((ks + 1) * DT - 1.0, 1).tolist(),
            "spike_weights": (sign * counts[ks]).astype(float).tolist()})
        nest.Connect(sg, n, syn_spec={"weight": 1.0, "delay": 1.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    mm = nest.Create("multimeter", params={"interval": DT, "record_from": ["V_m"]})
    nest.Connect(mm, n)
    nest.Simulate(T + 1.0)
    sp = np.asarray(sr.events["times"])
    times = np.asarray(mm.events["times"])
    v = np.asarray(mm.events["V_m"])[times <= T + 1e-9]
    steps = [int(round(s / DT)) for s in sp if s <= T + 1e-9]
    return steps, np.concatenate([[n.get("E_L")], v])


def train(counts):
    times = []
    for k in np.nonzero(counts)[0]:
        times += [round((k + 1) * DT - 1.0, 1)] * int(counts[k])
    return times


def run_tribody(exe, work, var, ie, ne, ni, n_sub):
    params = dict(var, I_e=ie, n_substeps=n_sub)
    model = {
        "simulation": {"dt": DT, "t_stop": T},
        "populations": [{"name": "n", "size": 1, "model": "aeif_cond_alpha", "params": params}],
        "stimuli": [
            {"type": "spike_times", "target": "n", "weight": w, "delay": 1.0, "trains": [{"node_id": 0, "times": train(c)}]}
            for c, w in [(ne, 1.0), (ni, -1.0)]],
        "recorders": [{"type": "spikes", "populations": ["n"]},
                      {"name": "v", "type": "state", "population": "n", "node_ids": [0], "variables": ["V_m"]}],
    }
    path = os.path.join(work, "model.json")
    with open(path, "w") as f:
        json.dump(model, f)
    out = os.path.join(work, "out")
    subprocess.run([exe, "run", path, "--out", out, "--overwrite", "--format", "csv", "--quiet", "--threads", "1"],
                   check=True)
    with open(os.path.join(out, "spikes.csv")) as f:
        steps = [int(round(float(r["time_ms"]) / DT)) for r in csv.DictReader(f)]
    with open(os.path.join(out, "v.csv")) as f:
        v = np.array([float(r["V_m"]) for r in csv.DictReader(f)])
    return steps, v


def agree(steps, ref):
    k = 0
    while k < min(len(steps), len(ref)) and steps[k] == ref[k]:
        k += 1
    return k


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--tribody", default=os.path.join(here, "..", "..", "build", "tribody"))
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="aeif_substeps_")
    cols = ["nest 1e-6"] + [f"n={n}" for n in SUBSTEPS]
    total = {c: [0, 0, 0.0] for c in cols}  # spikes before mismatch, runs without, max dV
    n_ref = 0
    for key, var, ie, ne, ni in cases():
        ref, v_ref = run_nest(var, ie, ne, ni, 1e-10)
        n_ref += len(ref)
        pre = (ref[0] if ref else N) - 10  # samples before the first spike (1 ms margin)
        runs = {"nest 1e-6": run_nest(var, ie, ne, ni, 1e-6)}
        for n in SUBSTEPS:
            runs[f"n={n}"] = run_tribody(a.tribody, work, var, ie, ne, ni, n)
        line = f"{key:10s} {len(ref):4d} spikes"
        for c in cols:
            steps, v = runs[c]
            k = agree(steps, ref)
            dv = float(np.max(np.abs(v[:pre] - v_ref[:pre])))
            total[c][0] += k
            total[c][1] += int(k == len(ref) == len(steps))
            total[c][2] = max(total[c][2], dv)
            line += f" | {c}: {k:4d} ok, dV {dv:.0e}"
        print(line, flush=True)
    print(f"\n{n_ref} reference spikes in {len(VARIANTS) * len(CURRENTS)} runs")
    print("| | " + " | ".join(cols) + " |")
    print("| --- |" + " --- |" * len(cols))
    print("| spikes before the first mismatch | " + " | ".join(str(total[c][0]) for c in cols) + " |")
    print("| runs without a mismatch | " + " | ".join(str(total[c][1]) for c in cols) + " |")
    print("| max |dV_m| before the first spike (mV) | " + " | ".join(f"{total[c][2]:.0e}" for c in cols) + " |")
    print(f"NEST {nest.__version__}")


if __name__ == "__main__":
    main()
