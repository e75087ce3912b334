#!/usr/bin/env python3
# coding=utf-8
"""
Modeling neuron-glia interactions with the Brian 2 simulator
Marcel Stimberg, Dan F. M. Goodman, Romain Brette, Maurizio De Pittà
bioRxiv 198366; doi: https://doi.org/10.1101/198366

Figure 6: Recurrent neuron-glial network.

Randomly connected COBA network (see Brunel, 2000) with excitatory synapses modulated
by release-increasing gliotransmission from a randomly connected network of astrocytes.
"""

from brian2 import *


import argparse
import brian2
import json
import os
import time

from peer_stats import pop_stats

_ap = argparse.ArgumentParser()
_ap.add_argument("--T", type=float, default=8.0, help="simulated time (s); published: 8")
_ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "brian2_stimberg2018_fig6.json"))
_ap.add_argument("--builddir", default="/tmp/brian2_stimberg2018_fig6_build")
_ap.add_argument("--threads", type=int, default=0,
                 help="prefs.devices.cpp_standalone.openmp_threads (0 = no OpenMP, the default)")
_args = _ap.parse_args()
_t_script0 = time.perf_counter()

# CHANGED: build_on_run=False so that code generation/compilation and the run of
# the binary can be timed separately (the published script builds on run()).
set_device('cpp_standalone', build_on_run=False)  # Use fast "C++ standalone mode"
prefs.devices.cpp_standalone.openmp_threads = _args.threads
seed(28371)  # to get identical figures for repeated runs

################################################################################
# Model parameters
################################################################################
### General parameters
N_e = 3200                   # Number of excitatory neurons
N_i = 800                    # Number of inhibitory neurons
N_a = 3200                   # Number of astrocytes

## Some metrics parameters needed to establish proper connections
size = 3.75*mmeter           # Length and width of the square lattice
distance = 50*umeter         # Distance between neurons

### Neuron parameters
E_l = -60*mV                 # Leak reversal potential
g_l = 9.99*nS                # Leak conductance
E_e = 0*mV                   # Excitatory synaptic reversal potential
E_i = -80*mV                 # Inhibitory synaptic reversal potential
C_m = 198*pF                 # Membrane capacitance
tau_e = 5*ms                 # Excitatory synaptic time constant
tau_i = 10*ms                # Inhibitory synaptic time constant
tau_r = 5*ms                 # Refractory period
I_ex = 100*pA                # External current
V_th = -50*mV                # Firing threshold
V_r = E_l                    # Reset potential

### Synapse parameters
rho_c = 0.005                # Synaptic vesicle-to-extracellular space volume ratio
Y_T = 500.*mmolar            # Total vesicular neurotransmitter concentration
Omega_c = 40/second          # Neurotransmitter clearance rate
U_0__star = 0.6              # Resting synaptic release probability
Omega_f = 3.33/second        # Synaptic facilitation rate
Omega_d = 2.0/second         # Synaptic depression rate
w_e = 0.05*nS                # Excitatory synaptic conductance
w_i = 1.0*nS                 # Inhibitory synaptic conductance
# --- Presynaptic receptors
O_G = 1.5/umolar/second      # Agonist binding (activating) rate
Omega_G = 0.5/(60*second)    # Agonist release (deactivating) rate

### Astrocyte parameters
# ---  Calcium fluxes
O_P = 0.9*umolar/second      # Maximal Ca^2+ uptake rate by SERCAs
K_P = 0.05*umolar            # Ca2+ affinity of SERCAs
C_T = 2*umolar               # Total cell free Ca^2+ content
rho_A = 0.18                 # ER-to-cytoplasm volume ratio
Omega_C = 6/second           # Maximal rate of Ca^2+ release by IP_3Rs
Omega_L = 0.1/second         # Maximal rate of Ca^2+ leak from the ER
# --- IP_3R kinectics
d_1 = 0.13*umolar            # IP_3 binding affinity
d_2 = 1.05*umolar            # Ca^2+ inactivation dissociation constant
O_2 = 0.2/umolar/second      # IP_3R binding rate for Ca^2+ inhibition
d_3 = 0.9434*umolar          # IP_3 dissociation constant
d_5 = 0.08*umolar            # Ca^2+ activation dissociation constant
# --- IP_3 production
# --- Agonist-dependent IP_3 production
O_beta = 0.5*umolar/second   # Maximal rate of IP_3 production by PLCbeta
O_N = 0.3/umolar/second      # Agonist binding rate
Omega_N = 0.5/second         # Maximal inactivation rate
K_KC = 0.5*umolar            # Ca^2+ affinity of PKC
zeta = 10                    # Maximal reduction of receptor affinity by PKC
# --- Endogenous IP3 production
O_delta = 1.2*umolar/second  # Maximal rate of IP_3 production by PLCdelta
kappa_delta = 1.5*umolar     # Inhibition constant of PLC_delta by IP_3
K_delta = 0.1*umolar         # Ca^2+ affinity of PLCdelta
# --- IP_3 degradation
Omega_5P = 0.05/second       # Maximal rate of IP_3 degradation by IP-5P
K_D = 0.7*umolar             # Ca^2+ affinity of IP3-3K
K_3K = 1.0*umolar            # IP_3 affinity of IP_3-3K
O_3K = 4.5*umolar/second     # Maximal rate of IP_3 degradation by IP_3-3K
# --- IP_3 diffusion
F = 0.09*umolar/second       # GJC IP_3 permeability
I_Theta = 0.3*umolar         # Threshold gradient for IP_3 diffusion
omega_I = 0.05*umolar        # Scaling factor of diffusion
# --- Gliotransmitter release and time course
C_Theta = 0.5*umolar         # Ca^2+ threshold for exocytosis
Omega_A = 0.6/second         # Gliotransmitter recycling rate
U_A = 0.6                    # Gliotransmitter release probability
G_T = 200*mmolar             # Total vesicular gliotransmitter concentration
rho_e = 6.5e-4               # Astrocytic vesicle-to-extracellular volume ratio
Omega_e = 60/second          # Gliotransmitter clearance rate
alpha = 0.0                  # Gliotransmission nature

################################################################################
# Define HF stimulus
################################################################################
stimulus = TimedArray([1.0, 1.2, 1.0, 1.0], dt=2*second)

################################################################################
# Simulation time (based on the stimulus)
################################################################################
duration = 8*second          # Total simulation time
duration = _args.T*second     # CHANGED: --T for smoke tests (default 8 s)

################################################################################
# Model definition
################################################################################
### Neurons
neuron_eqs = '''
dv/dt = (g_l*(E_l-v) + g_e*(E_e-v) + g_i*(E_i-v) + I_ex*stimulus(t))/C_m : volt (unless refractory)
dg_e/dt = -g_e/tau_e : siemens  # post-synaptic excitatory conductance
dg_i/dt = -g_i/tau_i : siemens  # post-synaptic inhibitory conductance
# Neuron position in space
x : meter (constant)
y : meter (constant)
'''
neurons = NeuronGroup(N_e + N_i, model=neuron_eqs,
                      threshold='v>V_th', reset='v=V_r',
                      refractory='tau_r', method='euler')
exc_neurons = neurons[:N_e]
inh_neurons = neurons[N_e:]
# Arrange excitatory neurons in a grid
N_rows = int(sqrt(N_e))
N_cols = N_e//N_rows
grid_dist = (size / N_cols)
exc_neurons.x = '(i // N_rows)*grid_dist - N_rows/2.0*grid_dist'
exc_neurons.y = '(i % N_rows)*grid_dist - N_cols/2.0*grid_dist'
# Random initial membrane potential values and conductances
neurons.v = 'E_l + rand()*(V_th-E_l)'
neurons.g_e = 'rand()*w_e'
neurons.g_i = 'rand()*w_i'

### Synapses
synapses_eqs = '''
# Neurotransmitter
dY_S/dt = -Omega_c * Y_S                                    : mmolar (clock-driven)
# Fraction of activated presynaptic receptors
dGamma_S/dt = O_G * G_A * (1 - Gamma_S) - Omega_G * Gamma_S : 1 (clock-driven)
# Usage of releasable neurotransmitter per single action potential:
du_S/dt = -Omega_f * u_S                                    : 1 (event-driven)
# Fraction of synaptic neurotransmitter resources available for release:
dx_S/dt = Omega_d *(1 - x_S)                                : 1 (event-driven)
U_0                                                         : 1
# released synaptic neurotransmitter resources:
r_S                                                         : 1
# gliotransmitter concentration in the extracellular space:
G_A                                                         : mmolar
# which astrocyte covers this synapse ?
astrocyte_index : integer (constant)
'''
synapses_action = '''
U_0 = (1 - Gamma_S) * U_0__star + alpha * Gamma_S
u_S += U_0 * (1 - u_S)
r_S = u_S * x_S
x_S -= r_S
Y_S += rho_c * Y_T * r_S
'''
exc_syn = Synapses(exc_neurons, neurons, model=synapses_eqs,
                   on_pre=synapses_action+'g_e_post += w_e*r_S',
                   method='exact')
exc_syn.connect(True, p=0.05)
exc_syn.x_S = 1.0
inh_syn = Synapses(inh_neurons, neurons, model=synapses_eqs,
                   on_pre=synapses_action+'g_i_post += w_i*r_S',
                   method='exact')
inh_syn.connect(True, p=0.2)
inh_syn.x_S = 1.0
# Connect excitatory synapses to an astrocyte depending on the position of the
# post-synaptic neuron
N_rows_a = int(sqrt(N_a))
N_cols_a = N_a/N_rows_a
grid_dist = size / N_rows_a
exc_syn.astrocyte_index = ('int(x_post/grid_dist) + '
                           'N_cols_a*int(y_post/grid_dist)')
### Astrocytes
# The astrocyte emits gliotransmitter when its Ca^2+ concentration crosses
# a threshold
astro_eqs = '''
# Fraction of activated astrocyte receptors:
dGamma_A/dt = O_N * Y_S * (1 - clip(Gamma_A,0,1)) -
              Omega_N*(1 + zeta * C/(C + K_KC)) * clip(Gamma_A,0,1) : 1
# Intracellular IP_3
dI/dt = J_beta + J_delta - J_3K - J_5P + J_coupling              : mmolar
J_beta = O_beta * Gamma_A                                        : mmolar/second
J_delta = O_delta/(1 + I/kappa_delta) * C**2/(C**2 + K_delta**2) : mmolar/second
J_3K = O_3K * C**4/(C**4 + K_D**4) * I/(I + K_3K)                : mmolar/second
J_5P = Omega_5P*I                                                : mmolar/second
# Diffusion between astrocytes:
J_coupling                                                       : mmolar/second

# Ca^2+-induced Ca^2+ release:
dC/dt = J_r + J_l - J_p                                   : mmolar
dh/dt = (h_inf - h)/tau_h                                 : 1
J_r = (Omega_C * m_inf**3 * h**3) * (C_T - (1 + rho_A)*C) : mmolar/second
J_l = Omega_L * (C_T - (1 + rho_A)*C)                     : mmolar/second
J_p = O_P * C**2/(C**2 + K_P**2)                          : mmolar/second
m_inf = I/(I + d_1) * C/(C + d_5)                         : 1
h_inf = Q_2/(Q_2 + C)                                     : 1
tau_h = 1/(O_2 * (Q_2 + C))                               : second
Q_2 = d_2 * (I + d_1)/(I + d_3)                           : mmolar

# Fraction of gliotransmitter resources available for release:
dx_A/dt = Omega_A * (1 - x_A) : 1
# gliotransmitter concentration in the extracellular space:
dG_A/dt = -Omega_e*G_A        : mmolar
# Neurotransmitter concentration in the extracellular space:
Y_S                           : mmolar
# The astrocyte position in space
x : meter (constant)
y : meter (constant)
'''
glio_release = '''
G_A += rho_e * G_T * U_A * x_A
x_A -= U_A *  x_A
'''
astrocytes = NeuronGroup(N_a, astro_eqs,
                         # The following formulation makes sure that a "spike" is
                         # only triggered at the first threshold crossing
                         threshold='C>C_Theta',
                         refractory='C>C_Theta',
                         # The gliotransmitter release happens when the threshold
                         # is crossed, in Brian terms it can therefore be
                         # considered a "reset"
                         reset=glio_release,
                         method='rk4',
                         dt=1e-2*second)
# Arrange astrocytes in a grid
astrocytes.x = '(i // N_rows_a)*grid_dist - N_rows_a/2.0*grid_dist'
astrocytes.y = '(i % N_rows_a)*grid_dist - N_cols_a/2.0*grid_dist'
# Add random initialization
astrocytes.C = 0.01*umolar
astrocytes.h = 0.9
astrocytes.I = 0.01*umolar
astrocytes.x_A = 1.0

ecs_astro_to_syn = Synapses(astrocytes, exc_syn,
                            'G_A_post = G_A_pre : mmolar (summed)')
ecs_astro_to_syn.connect('i == astrocyte_index_post')
ecs_syn_to_astro = Synapses(exc_syn, astrocytes,
                            'Y_S_post = Y_S_pre/N_incoming : mmolar (summed)')
ecs_syn_to_astro.connect('astrocyte_index_pre == j')
# Diffusion between astrocytes
astro_to_astro_eqs = '''
delta_I = I_post - I_pre            : mmolar
J_coupling_post = -(1 + tanh((abs(delta_I) - I_Theta)/omega_I))*
                  sign(delta_I)*F/2 : mmolar/second (summed)
'''
astro_to_astro = Synapses(astrocytes, astrocytes,
                          model=astro_to_astro_eqs)
# Connect to all astrocytes less than 75um away
# (about 4 connections per astrocyte)
astro_to_astro.connect('i != j and '
                       'sqrt((x_pre-x_post)**2 +'
                       '     (y_pre-y_post)**2) < 75*um')

################################################################################
# Monitors
################################################################################
# Note that we could use a single monitor for all neurons instead, but this
# way plotting is a bit easier in the end
exc_mon = SpikeMonitor(exc_neurons)
inh_mon = SpikeMonitor(inh_neurons)
ast_mon = SpikeMonitor(astrocytes)
# ADDED: astrocyte state sampled every 100 ms on all astrocytes
ast_state_mon = StateMonitor(astrocytes, ['C', 'I', 'G_A'], record=True, dt=100*ms)

################################################################################
# Simulation run
################################################################################
_t_python = time.perf_counter() - _t_script0
run(duration, report='text')
_t0 = time.perf_counter()
device.build(directory=_args.builddir, compile=True, run=False)
_t_codegen_compile = time.perf_counter() - _t0
_t0 = time.perf_counter()
_c0 = os.times()
device.run(directory=_args.builddir, with_output=True)
_t_binary = time.perf_counter() - _t0
_c1 = os.times()
_cpu_binary = (_c1.children_user - _c0.children_user) + (_c1.children_system - _c0.children_system)

################################################################################
# ADDED: measurements (replacing the plots)
################################################################################
T_s = float(duration/second)
edges = [0.0, 2.0, 4.0, 6.0, 8.0]
edges = [e for e in edges if e <= T_s + 1e-9]
if edges[-1] < T_s:
    edges.append(T_s)
windows = list(zip(edges[:-1], edges[1:]))


def _window_counts(t_s):
    return [int(np.sum((t_s >= a) & (t_s < b))) for a, b in windows]


def _rates(t_s, n):
    return [c / (n * (b - a)) for c, (a, b) in zip(_window_counts(t_s), windows)]


e_t, e_i = np.asarray(exc_mon.t/second), np.asarray(exc_mon.i)
i_t, i_i = np.asarray(inh_mon.t/second), np.asarray(inh_mon.i)
a_t, a_i = np.asarray(ast_mon.t/second), np.asarray(ast_mon.i)
_, cv_e, n_cv_e = pop_stats(e_i, e_t, np.arange(N_e), T_s * 1e3)   # CV is unit-free
_, cv_i, n_cv_i = pop_stats(i_i, i_t, np.arange(N_i), T_s * 1e3)

# population rate in 100 ms bins (E and I), for the time course
nb = max(1, int(round(T_s / 0.1)))
hist_e = np.histogram(e_t, bins=nb, range=(0, T_s))[0] / (N_e * 0.1)
hist_i = np.histogram(i_t, bins=nb, range=(0, T_s))[0] / (N_i * 0.1)

# astrocyte state means
mon_t = np.asarray(ast_state_mon.t/second)
C_mean = np.asarray(ast_state_mon.C/umolar).mean(axis=0)
I_mean = np.asarray(ast_state_mon.I/umolar).mean(axis=0)
GA_mean = np.asarray(ast_state_mon.G_A/umolar).mean(axis=0)
C_final = np.asarray(astrocytes.C[:]/umolar)
I_final = np.asarray(astrocytes.I[:]/umolar)
GA_final = np.asarray(astrocytes.G_A[:]/umolar)


def _at(tq):
    k = int(np.argmin(np.abs(mon_t - tq)))
    if abs(mon_t[k] - tq) > 1e-6:
        return None
    return {'t_s': float(mon_t[k]), 'C_uM': float(C_mean[k]), 'I_uM': float(I_mean[k]),
            'G_A_uM': float(GA_mean[k])}


astro_means_at = {}
for tq in edges[1:]:
    r = _at(tq)
    if r is None and abs(tq - T_s) < 1e-9:
        # the monitor has no sample at t = T (last one is T - 100 ms): use final state
        r = {'t_s': T_s, 'C_uM': float(C_final.mean()), 'I_uM': float(I_final.mean()),
             'G_A_uM': float(GA_final.mean()), 'source': 'final state after run'}
    astro_means_at['%g' % tq] = r
r = _at(T_s - 0.1)
if r is not None:
    astro_means_at['%g (last monitor sample)' % (T_s - 0.1)] = r

# connectivity
n_exc_syn, n_inh_syn = len(exc_syn), len(inh_syn)
n_gap = len(astro_to_astro)
ex = np.asarray(neurons.x[:]/umeter)
ey = np.asarray(neurons.y[:]/umeter)
ast_idx = np.asarray(exc_syn.astrocyte_index[:])
exc_post = np.asarray(exc_syn.j[:])
valid = (ast_idx >= 0) & (ast_idx < N_a)
per_astro = np.bincount(np.asarray(ecs_syn_to_astro.j[:]), minlength=N_a)
per_astro_a2s = np.bincount(np.asarray(ecs_astro_to_syn.i[:]), minlength=N_a)
gap_deg = np.bincount(np.asarray(astro_to_astro.j[:]), minlength=N_a)
ax_ = np.asarray(astrocytes.x[:]/umeter)
ay_ = np.asarray(astrocytes.y[:]/umeter)
gamma_S = np.asarray(exc_syn.Gamma_S[:])
# re-derive astrocyte_index: int() truncates toward zero, N_cols_a = 3200/56 (float),
# and the float sum is truncated again when stored in the integer variable
_gd_a = float(grid_dist/umeter)
_idx_np = np.trunc(np.trunc(ex[exc_post]/_gd_a) + N_cols_a*np.trunc(ey[exc_post]/_gd_a)).astype(int)
_idx_check = bool(np.array_equal(_idx_np, ast_idx))
x_A_final = np.asarray(astrocytes.x_A[:])
Gamma_A_final = np.asarray(astrocytes.Gamma_A[:])

res = {
    'script': 'bench/peers/brian2_stimberg2018_fig6.py (brian2 examples/frompapers/'
              'Stimberg_et_al_2018/example_6_COBA_with_astro.py, plotting removed)',
    'brian2_version': brian2.__version__,
    'device': 'cpp_standalone',
    'openmp_threads': int(prefs.devices.cpp_standalone.openmp_threads),
    'seed': 28371,
    'T_s': T_s,
    'dt_ms': float(defaultclock.dt/ms),
    'astro_dt_ms': float(astrocytes.clock.dt/ms),
    'windows_s': windows,
    'rate_E_Hz': _rates(e_t, N_e),
    'rate_I_Hz': _rates(i_t, N_i),
    'rate_E_overall_Hz': len(e_t) / (N_e * T_s),
    'rate_I_overall_Hz': len(i_t) / (N_i * T_s),
    'n_spikes_E': int(len(e_t)), 'n_spikes_I': int(len(i_t)),
    'n_E_silent': int(N_e - len(np.unique(e_i))),
    'n_I_silent': int(N_i - len(np.unique(i_i))),
    'cv_isi_E_mean': cv_e, 'cv_isi_E_n_neurons': n_cv_e,
    'cv_isi_I_mean': cv_i, 'cv_isi_I_n_neurons': n_cv_i,
    'rate_E_100ms_bins_Hz': [round(float(v), 3) for v in hist_e],
    'rate_I_100ms_bins_Hz': [round(float(v), 3) for v in hist_i],
    'astro_release_events_per_window': _window_counts(a_t),
    'astro_release_events_total': int(len(a_t)),
    'astro_n_released_at_least_once': int(len(np.unique(a_i))),
    'astro_max_releases_per_astrocyte': int(np.bincount(a_i, minlength=N_a).max()) if len(a_i) else 0,
    'astro_first_release_t_s': float(a_t.min()) if len(a_t) else None,
    'astro_first_release_index': int(a_i[np.argmin(a_t)]) if len(a_t) else None,
    'astro_last_release_t_s': float(a_t.max()) if len(a_t) else None,
    'astro_release_times_s_first20': [float(v) for v in np.sort(a_t)[:20]],
    'astro_release_indices_first20': [int(v) for v in a_i[np.argsort(a_t, kind='stable')][:20]],
    'astro_means_at_s': astro_means_at,
    'astro_mean_trace_t_s': [round(float(v), 4) for v in mon_t],
    'astro_mean_trace_C_uM': [float('%.6g' % v) for v in C_mean],
    'astro_mean_trace_I_uM': [float('%.6g' % v) for v in I_mean],
    'astro_mean_trace_G_A_uM': [float('%.6g' % v) for v in GA_mean],
    'astro_final_C_uM': {'min': float(C_final.min()), 'mean': float(C_final.mean()),
                         'max': float(C_final.max())},
    'astro_final_I_uM': {'min': float(I_final.min()), 'mean': float(I_final.mean()),
                         'max': float(I_final.max())},
    'astro_final_Gamma_A': {'min': float(Gamma_A_final.min()), 'mean': float(Gamma_A_final.mean()),
                            'max': float(Gamma_A_final.max())},
    'astro_final_x_A': {'min': float(x_A_final.min()), 'mean': float(x_A_final.mean())},
    'exc_syn_final_Gamma_S': {'mean_all': float(gamma_S.mean()),
                              'mean_with_astrocyte': float(gamma_S[valid].mean()) if valid.any() else None,
                              'max': float(gamma_S.max())},
    'n_exc_synapses': int(n_exc_syn),
    'n_inh_synapses': int(n_inh_syn),
    'n_exc_syn_onto_I': int(np.sum(exc_post >= N_e)),
    'n_astro_gap_junctions_directed': int(n_gap),
    'astro_gap_degree': {'min': int(gap_deg.min()), 'mean': float(gap_deg.mean()),
                         'max': int(gap_deg.max())},
    'n_ecs_syn_to_astro': int(len(ecs_syn_to_astro)),
    'n_ecs_astro_to_syn': int(len(ecs_astro_to_syn)),
    'n_exc_syn_without_astrocyte': int(np.sum(~valid)),
    'n_exc_syn_negative_astrocyte_index': int(np.sum(ast_idx < 0)),
    'astrocyte_index_range': [int(ast_idx.min()), int(ast_idx.max())],
    'synapses_per_astrocyte': {
        'min': int(per_astro.min()), 'mean': float(per_astro.mean()),
        'max': int(per_astro.max()), 'argmax': int(per_astro.argmax()),
        'n_astrocytes_with_none': int(np.sum(per_astro == 0)),
        'n_astrocytes_with_some': int(np.sum(per_astro > 0)),
        'mean_over_astrocytes_with_some': float(per_astro[per_astro > 0].mean()),
        'median_over_astrocytes_with_some': float(np.median(per_astro[per_astro > 0])),
        'astrocyte_0': int(per_astro[0]),
        'max_excluding_astrocyte_0': int(per_astro[1:].max()),
        'highest_index_with_some': int(np.flatnonzero(per_astro)[-1]) if per_astro.any() else None,
        'same_count_in_astro_to_syn': bool(np.array_equal(per_astro, per_astro_a2s)),
    },
    'neuron_xy_um': {'E_x': [float(ex[:N_e].min()), float(ex[:N_e].max())],
                     'E_y': [float(ey[:N_e].min()), float(ey[:N_e].max())],
                     'I_x_unique': [float(v) for v in np.unique(ex[N_e:])],
                     'I_y_unique': [float(v) for v in np.unique(ey[N_e:])]},
    'astro_xy_um': {'x': [float(ax_.min()), float(ax_.max())],
                    'y': [float(ay_.min()), float(ay_.max())]},
    'wall_s': {'python_model_construction': _t_python,
               'codegen_and_compile': _t_codegen_compile,
               'make': device.timers['compile']['make'],
               'binary_total': _t_binary},
    # CPU seconds (not wall): the binary as a whole (os.times of the child process)
    # and its network run loop (brian's Network::run measures with std::clock(), i.e.
    # process CPU time; it is also what report='text' prints).
    'cpu_s': {'binary_total': _cpu_binary,
              'binary_network_run': float(device._last_run_time),
              'binary_init_connect_and_io': _cpu_binary - float(device._last_run_time)},
    'astro_release_events_per_window_astrocytes_with_synapses':
        _window_counts(a_t[per_astro[a_i] > 0]),
    'astro_release_events_per_window_astrocytes_without_synapses':
        _window_counts(a_t[per_astro[a_i] == 0]),
    'astro_all_with_synapses_released': bool(np.all(np.isin(np.flatnonzero(per_astro), a_i))),
    'astrocyte_index_matches_numpy_trunc_formula': _idx_check,
}
for k in ('rate_E_Hz', 'rate_I_Hz', 'rate_E_overall_Hz', 'rate_I_overall_Hz', 'cv_isi_E_mean',
          'cv_isi_E_n_neurons', 'cv_isi_I_mean', 'n_E_silent', 'n_I_silent',
          'astro_release_events_per_window', 'astro_release_events_total',
          'astro_n_released_at_least_once', 'astro_first_release_t_s',
          'astro_means_at_s', 'n_exc_synapses', 'n_inh_synapses', 'n_exc_syn_onto_I',
          'n_astro_gap_junctions_directed', 'n_exc_syn_without_astrocyte',
          'synapses_per_astrocyte', 'wall_s', 'cpu_s',
          'astro_release_events_per_window_astrocytes_with_synapses',
          'astrocyte_index_matches_numpy_trunc_formula'):
    print('%s = %s' % (k, res[k]))
with open(_args.out, 'w') as f:
    json.dump(res, f, indent=1)
print('wrote', _args.out)
