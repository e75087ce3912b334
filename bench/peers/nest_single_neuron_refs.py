#!/usr/bin/env python3
"""Single-neuron reference traces from NEST for tribody's unit tests.

Writes tests/data/nest/nest_<model>.csv (time_ms + recorded state variables,
multimeter interval 0.1 ms; a first row at t=0 holds the initial state) and
nest_<model>_spikes.csv (time_ms of each emitted spike). dt = 0.1 ms, 200 ms
(rows t = 0, 0.1, ..., 200.0).
Spike inputs: one spike_generator per input spike, delay 1.0 ms.
DC input: dc_generator connected with delay = dt (0.1 ms), the smallest allowed.
See tests/data/nest/README.md for the stimulus table and timing conventions.
Usage: nest_single_neuron_refs.py [--out DIR]
"""
import argparse
import os

os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402
import numpy as np  # noqa: E402

DT, T, SPIKE_DELAY = 0.1, 200.0, 1.0
# model: (neuron params, [(spike time ms, weight)], dc (amplitude pA, start, stop) or None)
CASES = {
    "iaf_psc_exp": ({}, [(10.0, 500.0), (50.0, -300.0)], (400.0, 100.0, 150.0)),
    "iaf_psc_delta": ({}, [(10.0, 5.0), (50.0, -3.0)], (600.0, 100.0, 150.0)),
    "iaf_cond_exp": ({}, [(10.0, 20.0), (12.0, 20.0), (14.0, 20.0), (50.0, -30.0)],
                     (500.0, 100.0, 150.0)),
    "izhikevich": ({"I_e": 10.0}, [(20.0, 5.0)], None),
}


def run_case(model, params, spikes, dc):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.resolution = DT
    n = nest.Create(model, params=params)
    rec = list(n.get("recordables"))
    rec = ["V_m"] + sorted(r for r in rec if r != "V_m")
    status = n.get()
    init = {r: status.get(r, 0.0) for r in rec}   # I_syn_* of iaf_psc_exp: not in status, start at 0
    for t_sp, w in spikes:
        sg = nest.Create("spike_generator", params={"spike_times": [t_sp]})
        nest.Connect(sg, n, syn_spec={"weight": w, "delay": SPIKE_DELAY})
    if dc is not None:
        amp, start, stop = dc
        g = nest.Create("dc_generator", params={"amplitude": amp, "start": start, "stop": stop})
        nest.Connect(g, n, syn_spec={"delay": DT})
    mm = nest.Create("multimeter", params={"interval": DT, "record_from": rec})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, n)
    nest.Connect(n, sr)
    # NEST hands multimeter data over one min_delay slice late: run 1 ms
    # beyond T (causality: later steps cannot change earlier samples) and cut.
    nest.Simulate(T + 1.0)
    ev = {k: np.asarray(v) for k, v in mm.events.items()}
    keep = ev["times"] <= T + 1e-9
    ev = {k: v[keep] for k, v in ev.items()}
    spk = np.asarray(sr.events["times"])
    cols = [np.concatenate([[0.0], ev["times"]])]
    cols += [np.concatenate([[init[r]], ev[r]]) for r in rec]
    return rec, np.column_stack(cols), spk[spk <= T + 1e-9]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "tests", "data", "nest"))
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    for model, (params, spikes, dc) in CASES.items():
        rec, data, sp = run_case(model, params, spikes, dc)
        fmt = ["%.1f"] + ["%.17g"] * len(rec)
        np.savetxt(os.path.join(out, f"nest_{model}.csv"), data, fmt=fmt,
                   delimiter=",", header=",".join(["time_ms"] + rec), comments="")
        np.savetxt(os.path.join(out, f"nest_{model}_spikes.csv"), sp, fmt="%.1f",
                   header="time_ms", comments="")
        print(f"{model}: {len(data)} rows, columns {rec}, {len(sp)} spikes: {sp.tolist()}")
    print(f"NEST {nest.__version__}")


if __name__ == "__main__":
    main()
