#!/usr/bin/env python3
"""Weight trajectories of NEST's STDP synapses on correlated random spike trains.

Writes tests/data/nest/stdp_cases.json (the cases and their spike trains) and
tests/data/nest/stdp_weights.csv (case,pair,time_ms,weight: NEST's
weight_recorder, the weight after every presynaptic spike). tribody's test
(tests/validation/test_nest_stdp.cpp) runs the same trains through the same
rules and compares at 1e-9 relative.

Each case: N pairs of parrot neurons pre_k -> post_k (one synapse each, the
plastic connection on the post parrot's receptor 1, so it does not drive
it), both parrots driven by spike generators (delay 0.1 ms). Post trains are
correlated with the pre trains (shifted copies with jitter, before and
after), mixed with independent Poisson spikes, and include exact
coincidences at the synaptic delay (the boundary cases of NEST's windows).

    python3 -m venv /work/peers && /work/peers/bin/pip install nest-simulator==3.10.0 'numpy<2.4'
    /work/peers/bin/python bench/peers/nest_stdp_reference.py
"""
import json
import os
import sys

import numpy as np

T_MS = 12000.0
DT = 0.1
N_PAIRS = 6
W0 = 50.0

CASES = [
    # name, NEST model, synapse params, delay (ms), tau_minus (ms)
    ("stdp_additive", "stdp_synapse", {"lambda": 0.05, "alpha": 1.05, "mu_plus": 0.0, "mu_minus": 0.0,
                                       "tau_plus": 16.8, "Wmax": 100.0}, 1.0, 33.7),
    ("stdp_multiplicative", "stdp_synapse", {"lambda": 0.05, "alpha": 1.2, "mu_plus": 1.0, "mu_minus": 1.0,
                                             "tau_plus": 20.0, "Wmax": 100.0}, 2.5, 20.0),
    ("stdp_mixed_mu", "stdp_synapse", {"lambda": 0.03, "alpha": 0.9, "mu_plus": 0.4, "mu_minus": 0.7,
                                       "tau_plus": 15.0, "Wmax": 80.0}, 0.1, 25.0),
    ("stdp_long_delay", "stdp_synapse", {"lambda": 0.02, "alpha": 1.1, "mu_plus": 1.0, "mu_minus": 1.0,
                                         "tau_plus": 20.0, "Wmax": 100.0}, 20.0, 20.0),
    ("stdp_nn_symm", "stdp_nn_symm_synapse", {"lambda": 0.05, "alpha": 1.1, "mu_plus": 1.0, "mu_minus": 1.0,
                                              "tau_plus": 20.0, "Wmax": 100.0}, 4.3, 30.0),
    ("stdp_nn_symm_short", "stdp_nn_symm_synapse", {"lambda": 0.04, "alpha": 1.0, "mu_plus": 0.0, "mu_minus": 0.0,
                                                    "tau_plus": 10.0, "Wmax": 100.0}, 0.1, 12.0),
    ("stdp_nn_pre_centered", "stdp_nn_pre_centered_synapse", {"lambda": 0.05, "alpha": 1.1, "mu_plus": 1.0,
                                                              "mu_minus": 1.0, "tau_plus": 20.0, "Wmax": 100.0},
     1.7, 20.0),
    ("stdp_nn_pre_centered_add", "stdp_nn_pre_centered_synapse", {"lambda": 0.03, "alpha": 1.0, "mu_plus": 0.0,
                                                                  "mu_minus": 0.0, "tau_plus": 25.0, "Wmax": 100.0},
     0.5, 15.0),
    # stdp_dopamine: parameters are the model's common properties; the
    # volume transmitter gets the spikes of DA_PARROTS parrots (vt_delay).
    ("stdp_dopamine_default", "stdp_dopamine_synapse", {"A_plus": 0.02, "A_minus": 0.03, "tau_plus": 20.0,
                                                        "tau_c": 1000.0, "tau_n": 200.0, "b": 0.0, "Wmin": 0.0,
                                                        "Wmax": 200.0, "vt_delay": 1.0}, 1.0, 20.0),
    ("stdp_dopamine_baseline", "stdp_dopamine_synapse", {"A_plus": 0.015, "A_minus": 0.02, "tau_plus": 15.0,
                                                         "tau_c": 600.0, "tau_n": 150.0, "b": 0.002, "Wmin": 0.0,
                                                         "Wmax": 200.0, "vt_delay": 3.2}, 2.5, 30.0),
    ("stdp_dopamine_fast", "stdp_dopamine_synapse", {"A_plus": 0.04, "A_minus": 0.05, "tau_plus": 20.0,
                                                     "tau_c": 200.0, "tau_n": 50.0, "b": 0.001, "Wmin": 0.0,
                                                     "Wmax": 200.0, "vt_delay": 0.1}, 0.1, 20.0),
]
DA_PARROTS = 3


def grid(t):
    return np.round(np.asarray(t) / DT).astype(np.int64)


def trains(rng, delay):
    """Parrot spike times (ms, on the dt grid, unique, in (0.1, T)) of N pairs."""
    d = int(round(delay / DT))
    pre_all, post_all = [], []
    for k in range(N_PAIRS):
        n = rng.poisson(12.0 * T_MS / 1000.0)
        pre = grid(rng.uniform(0.2, T_MS - 1.0, n))
        sign = 1.0 if k % 2 == 0 else -1.0  # even pairs: post after pre (LTP); odd: before
        keep = rng.random(pre.size) < 0.6
        shifted = pre[keep] + grid(sign * np.abs(rng.normal(6.0, 8.0, keep.sum())))
        extra = grid(rng.uniform(0.2, T_MS - 1.0, rng.poisson(5.0 * T_MS / 1000.0)))
        exact = pre[rng.random(pre.size) < 0.03]  # post reaches the synapse with the pre spike
        exact_pre = pre[rng.random(pre.size) < 0.03]
        post = np.concatenate([shifted, extra, exact - d, exact_pre + d])
        lo, hi = 2, int(T_MS / DT) - 10
        pre = np.unique(pre[(pre >= lo) & (pre < hi)])
        post = np.unique(post[(post >= lo) & (post < hi)])
        pre_all.append([round(float(s) * DT, 1) for s in pre])
        post_all.append([round(float(s) * DT, 1) for s in post])
    return pre_all, post_all


def dopamine_trains(rng):
    """Spike times (ms, grid) of the dopamine parrots: bursts of rewards and sparse background."""
    out = []
    for k in range(DA_PARROTS):
        bursts = rng.uniform(100.0, T_MS - 100.0, 12)
        t = np.concatenate([b + rng.uniform(0.0, 30.0, rng.integers(1, 6)) for b in bursts] +
                           [rng.uniform(1.0, T_MS - 10.0, rng.poisson(1.0 * T_MS / 1000.0))])
        s = np.unique(grid(t))
        s = s[(s >= 2) & (s < int(T_MS / DT) - 10)]
        out.append([round(float(x) * DT, 1) for x in s])
    return out


def run_case(nest, case, pre, post, da=None):
    name, model, params, delay, tau_minus = case
    nest.ResetKernel()
    nest.resolution = DT
    nest.local_num_threads = 1
    gen_pre = nest.Create("spike_generator", N_PAIRS)
    gen_post = nest.Create("spike_generator", N_PAIRS)
    for k in range(N_PAIRS):
        # The generator's spike at g reaches the parrot at g + 0.1 ms.
        gen_pre[k].spike_times = [round(t - DT, 1) for t in pre[k]]
        gen_post[k].spike_times = [round(t - DT, 1) for t in post[k]]
    p_pre = nest.Create("parrot_neuron", N_PAIRS)
    p_post = nest.Create("parrot_neuron", N_PAIRS, params={"tau_minus": tau_minus})
    nest.Connect(gen_pre, p_pre, "one_to_one", {"delay": DT})
    nest.Connect(gen_post, p_post, "one_to_one", {"delay": DT})
    wr = nest.Create("weight_recorder")
    if da is None:
        nest.CopyModel(model, "rec_syn", {"weight_recorder": wr})
        syn = dict(params)
    else:
        gen_da = nest.Create("spike_generator", DA_PARROTS)
        for k in range(DA_PARROTS):
            gen_da[k].spike_times = [round(t - DT, 1) for t in da[k]]
        p_da = nest.Create("parrot_neuron", DA_PARROTS)
        nest.Connect(gen_da, p_da, "one_to_one", {"delay": DT})
        vt = nest.Create("volume_transmitter")
        nest.Connect(p_da, vt, syn_spec={"delay": params["vt_delay"]})
        common = {k: v for k, v in params.items() if k != "vt_delay"}
        common.update({"weight_recorder": wr, "volume_transmitter": vt})
        nest.CopyModel(model, "rec_syn", common)
        syn = {}
    syn.update({"synapse_model": "rec_syn", "weight": W0, "delay": delay, "receptor_type": 1})
    nest.Connect(p_pre, p_post, "one_to_one", syn)
    spikes = nest.Create("spike_recorder")
    nest.Connect(p_pre + p_post, spikes)
    nest.Simulate(T_MS)
    ev = wr.get("events")
    pre_ids = list(p_pre.tolist())
    rows = []
    for s, t, w in zip(ev["senders"], ev["times"], ev["weights"]):
        rows.append((name, pre_ids.index(int(s)), float(t), float(w)))
    # The parrots must have spiked exactly at the requested times.
    sp = spikes.get("events")
    n_expected = sum(len(x) for x in pre) + sum(len(x) for x in post)
    assert len(sp["times"]) == n_expected, (name, len(sp["times"]), n_expected)
    return rows


def main():
    import nest

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    out = os.path.join(root, "tests", "data", "nest")
    rng = np.random.default_rng(20261202)
    cases, rows = [], []
    for case in CASES:
        pre, post = trains(rng, case[3])
        da = dopamine_trains(rng) if case[1] == "stdp_dopamine_synapse" else None
        got = run_case(nest, case, pre, post, da)
        rows += got
        name, model, params, delay, tau_minus = case
        entry = {"name": name, "nest_model": model, "params": params, "delay": delay,
                 "tau_minus": tau_minus, "weight": W0, "pre": pre, "post": post}
        if da is not None:
            entry["dopamine"] = da
            # The comparison is exact only away from the bounds, where NEST's
            # clipping (at its own update points) does not act.
            ws = [w for _, _, _, w in got]
            assert params["Wmin"] < min(ws) and max(ws) < params["Wmax"], (name, min(ws), max(ws))
            print(f"{name}: weights in [{min(ws):.3f}, {max(ws):.3f}]", file=sys.stderr)
        cases.append(entry)
    with open(os.path.join(out, "stdp_cases.json"), "w") as f:
        json.dump({"nest_version": nest.__version__, "dt": DT, "t_stop": T_MS, "cases": cases}, f)
    with open(os.path.join(out, "stdp_weights.csv"), "w") as f:
        f.write("case,pair,time_ms,weight\n")
        for name, k, t, w in rows:
            f.write(f"{name},{k},{t:.1f},{w:.17g}\n")
    print(f"{len(cases)} cases, {len(rows)} weight events", file=sys.stderr)


if __name__ == "__main__":
    main()
