#!/usr/bin/env python3
"""Draw a spike raster and population rates from a tribody output directory.

Usage: python3 tools/plot_raster.py OUT_DIR [-o raster.png] [--t-min MS] [--t-max MS]
                                    [--bin MS] [--max-neurons N]

Reads OUT_DIR/spikes.h5 (SONATA, needs h5py) or OUT_DIR/spikes.csv, and
OUT_DIR/report.json for population sizes. Needs matplotlib and numpy.
"""
import argparse
import csv
import json
import os
import sys


def load_spikes(out_dir):
    """Return {population: (times_ms, node_ids)} from spikes.h5 or spikes.csv."""
    import numpy as np
    h5_path = os.path.join(out_dir, "spikes.h5")
    csv_path = os.path.join(out_dir, "spikes.csv")
    spikes = {}
    if os.path.exists(h5_path):
        try:
            import h5py
        except ImportError:
            sys.exit("spikes.h5 needs h5py (pip install h5py), or run tribody with --format csv")
        with h5py.File(h5_path, "r") as f:
            for pop, group in f["spikes"].items():
                spikes[pop] = (np.asarray(group["timestamps"]), np.asarray(group["node_ids"]))
    elif os.path.exists(csv_path):
        rows = {}
        with open(csv_path) as f:
            for r in csv.DictReader(f):
                t, n = rows.setdefault(r["population"], ([], []))
                t.append(float(r["time_ms"]))
                n.append(int(r["node_id"]))
        spikes = {p: (np.asarray(t), np.asarray(n)) for p, (t, n) in rows.items()}
    else:
        sys.exit(f"no spikes.h5 or spikes.csv in {out_dir}")
    return spikes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("-o", "--output", default=None, help="PNG to write (default OUT_DIR/raster.png)")
    ap.add_argument("--t-min", type=float, default=None)
    ap.add_argument("--t-max", type=float, default=None)
    ap.add_argument("--bin", type=float, default=5.0, help="rate histogram bin (ms)")
    ap.add_argument("--max-neurons", type=int, default=200, help="neurons shown per population")
    args = ap.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    with open(os.path.join(args.out_dir, "report.json")) as f:
        report = json.load(f)
    sizes = {p["name"]: p["size"] for p in report["populations"]}
    spikes = load_spikes(args.out_dir)
    pops = [p["name"] for p in report["populations"] if p["name"] in spikes]
    t0 = args.t_min if args.t_min is not None else 0.0
    t1 = args.t_max if args.t_max is not None else report["t_reached_ms"]

    fig, (ax_r, ax_h) = plt.subplots(2, 1, sharex=True, figsize=(10, 6), gridspec_kw={"height_ratios": [3, 1]})
    offset = 0
    for i, pop in enumerate(pops):
        t, n = spikes[pop]
        keep = (n < args.max_neurons) & (t >= t0) & (t <= t1)
        color = f"C{i}"
        ax_r.plot(t[keep], n[keep] + offset, ".", ms=1.5, color=color, label=pop)
        shown = min(args.max_neurons, sizes[pop])
        edges = np.arange(t0, t1 + args.bin, args.bin)
        counts, _ = np.histogram(t, bins=edges)
        rate = counts / (sizes[pop] * args.bin * 1e-3)
        ax_h.step(edges[:-1], rate, where="post", color=color, label=f"{pop} ({np.mean(rate):.1f} Hz)")
        offset += shown
    ax_r.set_ylabel("neuron (first %d per population)" % args.max_neurons)
    ax_r.legend(loc="upper right", markerscale=8)
    ax_r.set_title(f"{report['model']}  ({report['neurons']} neurons, {report['synapses']} synapses, "
                   f"{report['backend']})")
    ax_h.set_xlabel("time (ms)")
    ax_h.set_ylabel("rate (Hz)")
    ax_h.legend(loc="upper right")
    ax_h.set_xlim(t0, t1)
    fig.tight_layout()
    out = args.output or os.path.join(args.out_dir, "raster.png")
    fig.savefig(out, dpi=120)
    print(out)


if __name__ == "__main__":
    main()
