#!/usr/bin/env python3
"""Astrocyte / AdEx reference traces from NEST for tribody's unit tests.

Writes into tests/data/nest/ (see tests/data/nest/README_astro.md):

  nest_astrocyte_lr_1994.csv   one astrocyte_lr_1994 (NEST defaults) driven by
                               spikes emitted at 2000, 4000, ..., 28000 ms, plus
                               one aeif_cond_alpha_astro receiving its SIC
                               (sic_connection, weight 1, delay 1 ms);
                               multimeter interval 10 ms, 0..30000 ms.
  nest_aeif_cond_alpha.csv     one aeif_cond_alpha (defaults), spike + dc input,
  nest_aeif_cond_alpha_spikes.csv  interval 0.1 ms, 0..200 ms (same conventions
                               as nest_single_neuron_refs.py).
  nest_aeif_sic.csv            astrocyte (defaults) driven by spikes emitted at
  nest_aeif_sic_spikes.csv     500, 1000, ..., 10000 ms -> aeif_cond_alpha_astro
                               (defaults) via sic_connection (weight 1, delay
                               1 ms); interval 1 ms, 0..10000 ms.

Conventions (as in nest_single_neuron_refs.py): dt = 0.1 ms; the first row
(t = 0) is the initial state read from the nodes before simulating; every other
row is a multimeter sample, i.e. the state at the end of the step (t - dt, t];
the simulation runs a little longer than T (multimeter lag of one min_delay)
and rows with t > T are dropped.

Astrocyte input path: spike_generator --(static, delay 1 ms)--> parrot_neuron
--(static_synapse, weight w, delay 1 ms)--> astrocyte. The generator fires
1 ms before the listed times, so the parrot emits exactly at the listed times.
A static_synapse is used (not tsodyks_synapse) so that every spike carries the
full weight: the IP3 jump per spike is exactly delta_IP3 * w.

NEST does not expose the astrocyte's SIC output as a recordable. The column
SIC is computed here from the recorded Ca_astro with NEST's own formula
(SIC = SIC_scale * ln((Ca - SIC_th) * 1000) if (Ca - SIC_th) * 1000 > 1,
else 0), which is exactly what the astrocyte computes from the same
(post-clamp) Ca value in the same step. The neuron's I_SIC is recorded.
Only aeif_cond_alpha_astro can receive SICEvents in NEST 3.10 (iaf_psc_exp and
plain aeif_cond_alpha refuse a sic_connection), so it is the SIC receiver.

Usage: nest_astro_refs.py [--out DIR] [--delta-ip3 X]
  --delta-ip3 X  override the astrocytes' delta_IP3 (default: NEST default
                 0.0002 uM). With an override, file names get the suffix
                 _dIP3_<X> so that the default references are not replaced.
"""
import argparse
import math
import os

os.environ.setdefault("PYNEST_QUIET", "1")
import nest  # noqa: E402
import numpy as np  # noqa: E402

import nest_single_neuron_refs  # noqa: E402  (same folder)

DT = 0.1
SPIKE_DELAY = 1.0   # every spike connection (generator->parrot, parrot->astro, generator->neuron)
SIC_DELAY = 1.0     # sic_connection delay (NEST default)
SIC_WEIGHT = 1.0
ASTRO_WEIGHT = 1.0  # weight of the parrot -> astrocyte static_synapse


def reset():
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.resolution = DT


def sic_from_ca(ca, p):
    """NEST astrocyte_lr_1994 SIC output for (already clamped) Ca values."""
    out = np.zeros_like(ca)
    for i, c in enumerate(ca):
        thr = (c - p["SIC_th"]) * 1000.0
        out[i] = math.log(thr) * p["SIC_scale"] if thr > 1.0 else 0.0
    return out


def driven_astro(emit_times, astro_params):
    """spike_generator -> parrot -> astrocyte; parrot emits at emit_times."""
    a = nest.Create("astrocyte_lr_1994", params=astro_params)
    sg = nest.Create("spike_generator", params={"spike_times": [t - SPIKE_DELAY for t in emit_times]})
    parrot = nest.Create("parrot_neuron")
    nest.Connect(sg, parrot, syn_spec={"synapse_model": "static_synapse", "delay": SPIKE_DELAY})
    nest.Connect(parrot, a, syn_spec={"synapse_model": "static_synapse",
                                      "weight": ASTRO_WEIGHT, "delay": SPIKE_DELAY})
    sr = nest.Create("spike_recorder")
    nest.Connect(parrot, sr)
    return a, sr


def astro_neuron_case(T, interval, emit_times, astro_params):
    """Astrocyte driven by parrot spikes, SIC to one aeif_cond_alpha_astro."""
    reset()
    a, sr_parrot = driven_astro(emit_times, astro_params)
    n = nest.Create("aeif_cond_alpha_astro")
    nest.Connect(a, n, syn_spec={"synapse_model": "sic_connection",
                                 "weight": SIC_WEIGHT, "delay": SIC_DELAY})
    pa = a.get()
    pn = n.get()
    a_rec = ["IP3", "Ca_astro", "h_IP3R"]
    n_rec = ["V_m", "I_SIC"]
    init = [pa[r] for r in a_rec] + [pn["V_m"], 0.0]   # I_SIC is not in the status dict; it starts at 0
    mma = nest.Create("multimeter", params={"interval": interval, "record_from": a_rec})
    mmn = nest.Create("multimeter", params={"interval": interval, "record_from": n_rec})
    sr_n = nest.Create("spike_recorder")
    nest.Connect(mma, a)
    nest.Connect(mmn, n)
    nest.Connect(n, sr_n)
    nest.Simulate(T + 2 * interval + 2.0)

    def grab(mm, rec):
        ev = {k: np.asarray(v) for k, v in mm.events.items()}
        keep = ev["times"] <= T + 1e-9
        return ev["times"][keep], [ev[r][keep] for r in rec]

    ta, va = grab(mma, a_rec)
    tn, vn = grab(mmn, n_rec)
    assert np.array_equal(ta, tn)
    times = np.concatenate([[0.0], ta])
    ip3, ca, h = (np.concatenate([[x0], x]) for x0, x in zip(init[:3], va))
    v, isic = (np.concatenate([[x0], x]) for x0, x in zip(init[3:], vn))
    sic = sic_from_ca(ca, pa)
    # self-check: I_SIC(t) == weight * SIC(t - delay) wherever t - delay is a sample
    k = int(round(SIC_DELAY / interval)) if abs(SIC_DELAY / interval - round(SIC_DELAY / interval)) < 1e-9 else 0
    if k > 0:
        err = np.max(np.abs(isic[k:] - SIC_WEIGHT * sic[:-k]))
        assert err < 1e-12, f"I_SIC is not weight*SIC(t-delay): max err {err}"
        assert np.all(isic[:k] == 0.0)
    cols = ["IP3", "Ca_astro", "h_IP3R", "SIC", "V_m", "I_SIC"]
    data = np.column_stack([times, ip3, ca, h, sic, v, isic])
    spk = np.asarray(sr_n.events["times"])
    parrot_spk = np.asarray(sr_parrot.events["times"])
    return cols, data, spk[spk <= T + 1e-9], parrot_spk


def aeif_case():
    """aeif_cond_alpha, same conventions and code path as nest_single_neuron_refs.py."""
    spikes = [(10.0, 10.0), (12.0, 10.0), (14.0, 10.0), (50.0, -20.0)]
    dc = (800.0, 100.0, 150.0)
    return nest_single_neuron_refs.run_case("aeif_cond_alpha", {}, spikes, dc)


def save(path, cols, data, tfmt="%.1f"):
    np.savetxt(path, data, fmt=[tfmt] + ["%.17g"] * len(cols), delimiter=",",
               header=",".join(["time_ms"] + cols), comments="")


def save_spikes(path, spk):
    np.savetxt(path, spk, fmt="%.1f", header="time_ms", comments="")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "tests", "data", "nest"))
    ap.add_argument("--delta-ip3", type=float, default=None)
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    astro_params = {}
    sfx = ""
    if args.delta_ip3 is not None:
        astro_params["delta_IP3"] = args.delta_ip3
        sfx = f"_dIP3_{args.delta_ip3:g}"

    # a. astrocyte with defaults, spikes every 2 s, 10-ms samples over 30 s
    emit_a = [2000.0 * k for k in range(1, 15)]           # 2000 ... 28000
    cols, data, spk, parrot = astro_neuron_case(30000.0, 10.0, emit_a, astro_params)
    assert np.allclose(parrot, emit_a), parrot
    save(os.path.join(out, f"nest_astrocyte_lr_1994{sfx}.csv"), cols, data)
    print(f"astrocyte_lr_1994: {len(data)} rows, columns {cols}; parrot spikes {parrot.tolist()}; "
          f"Ca range [{data[:, 2].min():.6g}, {data[:, 2].max():.6g}] uM; max SIC {data[:, 4].max():.6g}; "
          f"neuron spikes {len(spk)}")

    # b. aeif_cond_alpha single neuron (no astrocyte; skipped for --delta-ip3 variants)
    if not sfx:
        rec, data, spk = aeif_case()
        save(os.path.join(out, "nest_aeif_cond_alpha.csv"), rec, data)
        save_spikes(os.path.join(out, "nest_aeif_cond_alpha_spikes.csv"), spk)
        print(f"aeif_cond_alpha: {len(data)} rows, columns {rec}, {len(spk)} spikes: {spk.tolist()}")

    # c. astrocyte (defaults) -> aeif_cond_alpha_astro, spikes every 500 ms, 1-ms samples over 10 s
    emit_c = [500.0 * k for k in range(1, 21)]            # 500 ... 10000
    cols, data, spk, parrot = astro_neuron_case(10000.0, 1.0, emit_c, astro_params)
    assert np.allclose(parrot, emit_c), parrot
    save(os.path.join(out, f"nest_aeif_sic{sfx}.csv"), cols, data)
    save_spikes(os.path.join(out, f"nest_aeif_sic{sfx}_spikes.csv"), spk)
    print(f"aeif_sic: {len(data)} rows, columns {cols}; Ca range [{data[:, 2].min():.6g}, "
          f"{data[:, 2].max():.6g}] uM; max SIC {data[:, 4].max():.6g}; "
          f"V_m range [{data[:, 5].min():.6g}, {data[:, 5].max():.6g}] mV; {len(spk)} spikes: {spk.tolist()}")
    print(f"NEST {nest.__version__}")


if __name__ == "__main__":
    main()
