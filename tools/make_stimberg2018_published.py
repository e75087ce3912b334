#!/usr/bin/env python3
"""Writes models/stimberg2018_published.json: models/stimberg2018_network.json
with the territories and gap junctions of the published Brian 2 script
(Stimberg et al. 2018, Fig. 6, example_6_COBA_with_astro.py) reproduced
exactly, quirks included, so that the two simulators can be compared:

- astrocyte i sits at x = (i // 56) gd - 28 gd, y = (i % 56) gd - (3200/56)/2 gd,
  gd = 3.75 mm / 56 (3200 astrocytes, the last column holds 8);
- excitatory neuron i sits at x = (i // 56) gn - 28 gn, y = (i % 56) gn - 28.5 gn,
  gn = 3.75 mm / 57; inhibitory neurons have no position: (0, 0);
- a synapse onto neuron j belongs to astrocyte
  trunc(trunc(x_j / gd) + (3200/56) * trunc(y_j / gd)); negative: none;
- astrocytes closer than 75 um are coupled (their 4 lattice neighbours).

Usage: python3 tools/make_stimberg2018_published.py  (from the repository root)
"""
import json
import math

N_E, N_A, ROWS = 3200, 3200, 56
GD_A = 3.75e3 / ROWS            # um
GD_N = 3.75e3 / (N_E // ROWS)   # um
COLS_A = N_A / ROWS             # 57.142857..., true division as published


def astro_pos(i):
    return ((i // ROWS) * GD_A - ROWS / 2.0 * GD_A, (i % ROWS) * GD_A - COLS_A / 2.0 * GD_A)


def exc_pos(i):
    return ((i // ROWS) * GD_N - ROWS / 2.0 * GD_N, (i % ROWS) * GD_N - (N_E // ROWS) / 2.0 * GD_N)


def astrocyte_index(x, y):
    index = math.trunc(math.trunc(x / GD_A) + COLS_A * math.trunc(y / GD_A))
    return index if index >= 0 else -1


def main():
    m = json.load(open("models/stimberg2018_network.json"))
    m["description"] = (
        "Stimberg et al. 2018, Fig. 6, with the territories and gap junctions of the published Brian 2 script "
        "reproduced exactly (tools/make_stimberg2018_published.py; quirks in docs/models.md): 3200 astrocytes, "
        "41% of excitatory synapses without an astrocyte, every E->I synapse on astrocyte 0. For comparison with "
        "Brian 2 (bench/peers/brian2_stimberg2018_fig6.json); models/stimberg2018_network.json is the clean version.")
    astro = m["astrocytes"][0]
    astro["size"] = N_A
    del astro["grid"]
    astro["initial"] = {"C": 0.01, "I": 0.01, "h": 0.9, "x_A": 1.0}
    positions = [astro_pos(i) for i in range(N_A)]
    pairs = []
    for i in range(N_A):
        for j in range(i + 1, N_A):
            dx, dy = positions[i][0] - positions[j][0], positions[i][1] - positions[j][1]
            if dx * dx + dy * dy < 75.0 ** 2:
                pairs.append([i, j])
    m["gap_junctions"] = [{"astrocytes": "astro", "rule": "pairs", "pairs": pairs,
                           "F": 9e-5, "threshold": 0.3, "width": 0.05}]
    by_target = {"E": [astrocyte_index(*exc_pos(i)) for i in range(N_E)], "I": [0] * 800}
    projections = []
    for p in m["projections"]:
        if p["source"] == "E":
            p["tripartite"] = {
                "astrocytes": "astro", "astro_input": "mean",
                "assignment": {"rule": "by_target", "astrocytes": by_target[p["target"]]},
                "pathways": [{"type": "release_modulation", "mode": "broadcast", "O_G": 1.5e-3,
                              "Omega_G": 0.5 / 60000.0, "alpha": 0.0}]}
        projections.append(p)
    m["projections"] = projections
    m["recorders"][1]["node_ids"] = list(range(0, N_A, 64))
    with open("models/stimberg2018_published.json", "w") as f:
        json.dump(m, f, separators=(",", ":"))
    print(f"{len(pairs)} gap-junction pairs, "
          f"{sum(1 for a in by_target['E'] if a < 0)} of {N_E} E targets without astrocyte")


if __name__ == "__main__":
    main()
