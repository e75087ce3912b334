"""Shared spike-train statistics for the peer-simulator scripts (NEST, Brian2)."""
import time

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


def ei_stats(senders, times, e_ids, i_ids, t_sim_ms):
    """pop_stats for an excitatory and an inhibitory population, in the
    (name, rate, cv, n_cv) rows that report() takes."""
    return [("E",) + pop_stats(senders, times, e_ids, t_sim_ms),
            ("I",) + pop_stats(senders, times, i_ids, t_sim_ms)]


def timed_nest_run(nest, t0, t_sim_ms):
    """Prepare (counted with the build that began at perf_counter() == t0),
    run and clean up a NEST kernel; returns (build seconds, simulate seconds)."""
    nest.Prepare()   # NEST's connection-infrastructure setup belongs to build time
    t_build = time.perf_counter() - t0
    t1 = time.perf_counter()
    nest.Run(t_sim_ms)
    t_sim = time.perf_counter() - t1
    nest.Cleanup()
    return t_build, t_sim


def timed_brian_run(net, t0, t_sim_ms, ms):
    """Build time since t0, then Brian2 code generation/compilation (a 0-ms
    run) and the simulation timed separately; returns (build, compile, sim) s."""
    t_build = time.perf_counter() - t0
    t1 = time.perf_counter()
    # level=1: Brian2 resolves model constants in the caller's namespace
    net.run(0 * ms, level=1)
    t_prep = time.perf_counter() - t1
    t1 = time.perf_counter()
    net.run(t_sim_ms * ms, level=1)
    return t_build, t_prep, time.perf_counter() - t1
