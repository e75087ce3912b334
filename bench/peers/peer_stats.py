"""Shared spike-train statistics for the peer-simulator scripts (NEST, Brian2)."""
import numpy as np


def pop_stats(senders, times, ids, t_sim_ms, min_spikes=3):
    """Mean rate (Hz) over the whole run and mean ISI CV over neurons with
    >= min_spikes spikes, for the population whose ids are given.

    senders/times: arrays of all recorded spikes; ids: array of node ids."""
    ids = np.asarray(ids)
    mask = np.isin(senders, ids)
    s, t = np.asarray(senders)[mask], np.asarray(times)[mask]
    rate = len(s) / (len(ids) * t_sim_ms * 1e-3)
    order = np.lexsort((t, s))
    s, t = s[order], t[order]
    cvs = []
    if len(s):
        bounds = np.flatnonzero(np.diff(s)) + 1
        for tt in np.split(t, bounds):
            if len(tt) >= min_spikes:
                isi = np.diff(tt)
                cvs.append(isi.std() / isi.mean())
    cv = float(np.mean(cvs)) if cvs else float("nan")
    return rate, cv, len(cvs)


def report(tag, pops, t_build, t_sim, extra=""):
    """pops: list of (name, rate, cv, n_cv)."""
    for name, rate, cv, ncv in pops:
        print(f"{tag} {name}: rate = {rate:.3f} Hz, mean CV ISI = {cv:.4f} (n={ncv})")
    print(f"{tag} build time = {t_build:.2f} s, sim time = {t_sim:.2f} s {extra}".rstrip())
