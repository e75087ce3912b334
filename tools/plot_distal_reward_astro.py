#!/usr/bin/env python3
"""The distal reward task with the eligibility held by astrocytes
(models/distal_reward_astro*.json, astro_three_factor): the rewarded
synapse's weight against its territory neighbours', for local gating and
for broadcast gating over territories of about 1, 10, 100 and 1000
synapses (bench/distal_reward_astro.sh runs them).

    python3 tools/plot_distal_reward_astro.py OUT docs/figures

OUT holds one run per folder: local, local_k30 (--param k_gate=30),
broadcast_1, broadcast_10, broadcast_100, broadcast_1000 (those present) (each with chosen.csv, EE_final.csv with the
astrocyte column, spikes.csv). Prints the numbers docs/plasticity.md
quotes; needs numpy and matplotlib.
"""
import csv
import os
import sys

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RUNS = [("local", None), ("local_k30", None), ("broadcast_1", 1), ("broadcast_10", 10), ("broadcast_100", 100),
        ("broadcast_1000", 1000)]


def summary(folder):
    chosen = list(csv.DictReader(open(f"{folder}/chosen.csv")))
    s_src, s_tgt = int(chosen[0]["source"]), int(chosen[0]["target"])
    edges = list(csv.DictReader(open(f"{folder}/EE_final.csv")))
    w = np.array([float(r["weight"]) for r in edges])
    src = np.array([int(r["source"]) for r in edges])
    tgt = np.array([int(r["target"]) for r in edges])
    astro = np.array([int(r["astrocyte"]) for r in edges])
    k = int(np.flatnonzero((src == s_src) & (tgt == s_tgt))[0])
    mates = (astro == astro[k]) & (np.arange(len(w)) != k)
    rewards = len({r["time_ms"] for r in csv.DictReader(open(f"{folder}/spikes.csv")) if r["population"] == "DA"})
    t = np.array([float(r["time_ms"]) for r in chosen]) / 60000.0
    trace = np.array([float(r["weight"]) for r in chosen])
    return {
        "w": w[k], "territory": int(mates.sum()) + 1, "mates_mean": w[mates].mean() if mates.any() else float("nan"),
        "mates_max": w[mates].max() if mates.any() else float("nan"), "all_mean": w.mean(),
        "rank": int((w > w[k]).sum()), "at_bound": int((w >= 3.99).sum()), "rewards": rewards, "t": t, "trace": trace,
    }


def main(out, fig_dir):
    rows = [(name, size, summary(f"{out}/{name}")) for name, size in RUNS if os.path.isdir(f"{out}/{name}")]
    for name, size, s in rows:
        print(f"{name}: rewards {s['rewards']}, rewarded synapse {s['w']:.3f} mV, its territory {s['territory']} "
              f"synapses (others: mean {s['mates_mean']:.3f}, max {s['mates_max']:.3f}), all E->E mean "
              f"{s['all_mean']:.3f}, synapses above it {s['rank']}, at the bound {s['at_bound']}")

    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, size, s in rows:
        ax.plot(s["t"], s["trace"], lw=1.0, label=name.replace("_", " "))
    ax.set_xlabel("time (min)")
    ax.set_ylabel("rewarded weight (mV)")
    ax.set_ylim(0, 4.2)
    ax.legend(fontsize=8, frameon=False, ncol=2)
    fig.tight_layout()
    fig.savefig(f"{fig_dir}/distal_reward_astro_weight.png", dpi=120)

    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    bro = [(size, s) for name, size, s in rows if size is not None]
    if bro:
        x = [s["territory"] for _, s in bro]
        ax.plot(x, [s["w"] for _, s in bro], "o-", color="C3", label="rewarded synapse")
        ax.plot(x, [s["mates_mean"] for _, s in bro], "s--", color="C0", label="its territory's others (mean)")
        ax.plot(x, [s["mates_max"] for _, s in bro], "v:", color="C0", label="its territory's others (max)")
    for name, size, s in rows:
        if name == "local":
            ax.axhline(s["w"], color="C2", lw=1.0, label="rewarded synapse, local gating")
    ax.set_xscale("log")
    ax.set_xlabel("territory size (synapses)")
    ax.set_ylabel("final weight (mV)")
    ax.set_ylim(0, 4.2)
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig.savefig(f"{fig_dir}/distal_reward_astro_territory.png", dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
