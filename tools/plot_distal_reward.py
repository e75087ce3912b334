#!/usr/bin/env python3
"""Figures of the distal reward model (models/distal_reward.json), after
Izhikevich (2007) Fig. 1: the rewarded synapse's weight over time with the
rewards, and the final distribution of the E->E weights.

    tribody run models/distal_reward.json --out OUT --format csv
    python3 tools/plot_distal_reward.py OUT docs/figures

Reads OUT/chosen.csv (weights recorder), OUT/EE_final.csv (edges recorder)
and OUT/spikes.csv (the dopamine parrots' spikes = rewards); needs numpy
and matplotlib. Prints the numbers docs/plasticity.md quotes.
"""
import csv
import sys

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(out, fig_dir):
    chosen = list(csv.DictReader(open(f"{out}/chosen.csv")))
    t = np.array([float(r["time_ms"]) for r in chosen]) / 1000.0
    w = np.array([float(r["weight"]) for r in chosen])
    edges = list(csv.DictReader(open(f"{out}/EE_final.csv")))
    final = np.array([float(r["weight"]) for r in edges])
    src = np.array([int(r["source"]) for r in edges])
    tgt = np.array([int(r["target"]) for r in edges])
    rewards = sorted({float(r["time_ms"]) / 1000.0 for r in csv.DictReader(open(f"{out}/spikes.csv"))
                      if r["population"] == "DA"})
    chosen_final = final[(src == int(chosen[0]["source"])) & (tgt == int(chosen[0]["target"]))]

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(t / 60.0, w, lw=1.0, label="rewarded synapse")
    ax.vlines(np.array(rewards) / 60.0, 0, 0.25, color="C3", lw=0.5, label="rewards (dopamine)")
    ax.axhline(np.mean(final), color="gray", ls="--", lw=0.8, label="mean E→E weight at the end")
    ax.set_xlabel("time (min)")
    ax.set_ylabel("weight (mV)")
    ax.set_ylim(0, 4.2)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(f"{fig_dir}/distal_reward_weight.png", dpi=120)

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist(final, bins=80, range=(0, 4), color="C0")
    ax.set_yscale("log")
    ax.axvline(chosen_final.max(), color="C3", lw=1.0, label="rewarded synapse")
    ax.set_xlabel("final E→E weight (mV)")
    ax.set_ylabel("synapses")
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(f"{fig_dir}/distal_reward_histogram.png", dpi=120)

    rank = (final > chosen_final.max()).sum()
    print(f"rewards: {len(rewards)}; rewarded synapse: {w[0]:.3f} -> {chosen_final.max():.3f} "
          f"(first >= 3.9 at {next((x / 60 for x, y in zip(t, w) if y >= 3.9), float('nan')):.1f} min); "
          f"E->E weights at the end: mean {final.mean():.3f}, median {np.median(final):.3f}, "
          f"99th percentile {np.percentile(final, 99):.3f}, max {final.max():.3f}; "
          f"{rank} of {final.size} synapses end above the rewarded one")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ".")
