#!/usr/bin/env python3
"""Draw a spike raster and population rates from a tribody output directory.

Usage: python3 tools/plot_raster.py OUT_DIR [-o raster.png] [--t-min MS] [--t-max MS]
                                    [--bin MS] [--max-neurons N]

Reads OUT_DIR/spikes.h5 (SONATA, needs h5py) or OUT_DIR/spikes.csv, and
OUT_DIR/report.json for population sizes. Astrocyte populations' recorded
gliotransmitter releases are drawn in the raster (as bars), and their
recorded Ca2+ and IP3 (SONATA <recorder>_<variable>.h5 of an astrocyte
population, or a CSV state recorder with such a column) in a panel below.
Needs matplotlib and numpy.
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


# State variables drawn in the astrocyte panel: Ca2+ and IP3 of each model.
ASTRO_VARS = ("C", "Ca", "Ca_astro", "I", "IP3")


def load_astro_traces(out_dir, astro_names):
    """Return [(label, times_ms, values)] of the astrocytes' Ca2+ and IP3 samples."""
    import numpy as np
    traces = []
    for name in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, name)
        if name.endswith(".h5") and name != "spikes.h5":
            try:
                import h5py
            except ImportError:
                continue
            with h5py.File(path, "r") as f:
                if "report" not in f:
                    continue
                var = name[:-3].rsplit("_", 1)[-1]
                for pop, g in f["report"].items():
                    if pop not in astro_names or var not in ASTRO_VARS:
                        continue
                    start, stop, step = np.asarray(g["mapping"]["time"])
                    data = np.asarray(g["data"])
                    t = start + step * np.arange(data.shape[0])
                    for k, node in enumerate(np.asarray(g["mapping"]["node_ids"])[:5]):
                        traces.append((f"{pop} {node} {var}", t, data[:, k]))
        elif name.endswith(".csv") and name != "spikes.csv":
            with open(path) as f:
                header = f.readline().strip().split(",")
            if header[:2] != ["time_ms", "node_id"] or not any(v in ASTRO_VARS for v in header[2:]):
                continue
            rows = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
            for node in np.unique(rows[:, 1])[:5]:
                sel = rows[:, 1] == node
                for j, var in enumerate(header[2:], start=2):
                    if var in ASTRO_VARS:
                        traces.append((f"{name[:-4]} {int(node)} {var}", rows[sel, 0], rows[sel, j]))
    return traces


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
    astro_names = [a["name"] for a in report.get("astrocytes", [])]
    sizes.update({a["name"]: a["size"] for a in report.get("astrocytes", [])})
    spikes = load_spikes(args.out_dir)
    pops = [p for p in list(sizes) if p in spikes]
    traces = load_astro_traces(args.out_dir, astro_names)
    t0 = args.t_min if args.t_min is not None else 0.0
    t1 = args.t_max if args.t_max is not None else report["t_reached_ms"]

    rows = 3 if traces else 2
    fig, axes = plt.subplots(rows, 1, sharex=True, figsize=(10, 6 + 2 * (rows - 2)),
                             gridspec_kw={"height_ratios": [3, 1, 2][:rows]})
    ax_r, ax_h = axes[0], axes[1]
    offset = 0
    for i, pop in enumerate(pops):
        t, n = spikes[pop]
        keep = (n < args.max_neurons) & (t >= t0) & (t <= t1)
        color = f"C{i}"
        astro = pop in astro_names
        ax_r.plot(t[keep], n[keep] + offset, "|" if astro else ".", ms=8 if astro else 1.5, color=color,
                  label=pop + (" (gliotransmitter releases)" if astro else ""))
        shown = min(args.max_neurons, sizes[pop])
        offset_next = offset + shown
        if astro:  # releases are rare: the raster shows them, the rate panel is for neurons
            offset = offset_next
            continue
        edges = np.arange(t0, t1 + args.bin, args.bin)
        counts, _ = np.histogram(t, bins=edges)
        rate = counts / (sizes[pop] * args.bin * 1e-3)
        ax_h.step(edges[:-1], rate, where="post", color=color, label=f"{pop} ({np.mean(rate):.1f} Hz)")
        offset += shown
    ax_r.set_ylabel("cell (first %d per population)" % args.max_neurons)
    leg = ax_r.legend(loc="upper right")
    for h in getattr(leg, "legend_handles", getattr(leg, "legendHandles", [])):
        h.set_markersize(8)
    ax_r.set_title(f"{report['model']}  ({report['neurons']} neurons, {report['synapses']} synapses, "
                   f"{report['backend']})")
    ax_h.set_ylabel("rate (Hz)")
    if ax_h.get_lines():
        ax_h.legend(loc="upper right")
    ax_h.set_xlim(t0, t1)
    if traces:
        ax_a = axes[2]
        for label, t, v in traces:
            keep = (t >= t0) & (t <= t1)
            ax_a.plot(t[keep], v[keep], lw=1, label=label)
        ax_a.set_ylabel("astrocytes (µM)")
        ax_a.legend(loc="upper right", fontsize=7)
    axes[-1].set_xlabel("time (ms)")
    fig.tight_layout()
    out = args.output or os.path.join(args.out_dir, "raster.png")
    fig.savefig(out, dpi=120)
    print(out)


if __name__ == "__main__":
    main()
