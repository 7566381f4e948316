"""Brian2 side of bench_networks.py and of tests/engines/data/coba_brian2.json.

Runs inside benchmarks/.venv-brian2 (setup_brian2.sh).  The COBA network of Brette
et al. (2007), benchmark 1 -- R. Brette's Brian 1 script ``examples/misc/COBA.py``
(brian-team/brian), written here in Brian2 syntax with physical units, the same
model as ``neuroexplore.networks.coba``:

    C dv/dt = g_l (E_l - v) + g_e (E_e - v) + g_i (E_i - v)   (unless refractory)
    dg_e/dt = -g_e / tau_e,  dg_i/dt = -g_i / tau_i
    threshold v > -50 mV, reset v = -60 mV, refractory 5 ms
    C = 200 pF, g_l = 10 nS, E_l = -60 mV, E_e = 0 mV, E_i = -80 mV,
    tau_e = 5 ms, tau_i = 10 ms; w_e = 6 nS, w_i = 67 nS (no delay);
    80 % excitatory, each ordered pair connected with probability p (no autapses);
    v(0) ~ N(-65, 5^2) mV, g_e(0) ~ N(40, 15^2) nS, g_i(0) ~ N(200, 120^2) nS
    (Brette's initial values, in units of g_l there), conductances clipped at 0.

Integration: method='exponential_euler' (exact for the conductances, and for v with
the conductances frozen over the step), dt = 0.1 ms.

Usage: python brian2_coba.py N P T_MS SEED {cython,numpy} [stats]
Prints one JSON line: {"n", "p", "seed", "target", "cold_s", "warm_s", "warm_cpu_s", "build_s",
"spikes", "rate_hz"[, "cv_isi_mean", "cv_isi_median", "n_cv"]}.  With the cython
target the network is built and run twice in one process; the first run compiles,
the second is the warm time (``warm_s``: ``net.run`` only; ``build_s``: building the
group and the synapses of the warm run).
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from brian2 import (
    Network,
    NeuronGroup,
    SpikeMonitor,
    Synapses,
    defaultclock,
    ms,
    mV,
    nS,
    pF,
    prefs,
    seed,
)


def build(n: int, p: float, record_spikes: bool):
    n_exc = int(round(0.8 * n))
    ns = dict(C=200 * pF, g_l=10 * nS, E_l=-60 * mV, E_e=0 * mV, E_i=-80 * mV,
              tau_e=5 * ms, tau_i=10 * ms, V_t=-50 * mV, V_r=-60 * mV,
              w_e=6 * nS, w_i=67 * nS, n_exc=n_exc, n_all=n, p=p)
    eqs = """dv/dt = (g_l*(E_l - v) + g_e*(E_e - v) + g_i*(E_i - v))/C : volt (unless refractory)
             dg_e/dt = -g_e/tau_e : siemens
             dg_i/dt = -g_i/tau_i : siemens"""
    P = NeuronGroup(n, eqs, threshold="v > V_t", reset="v = V_r", refractory=5 * ms,
                    method="exponential_euler", namespace=ns, name="coba")
    P.v = "-65*mV + 5*mV*randn()"
    P.g_e = "40*nS + 15*nS*randn()"
    P.g_i = "200*nS + 120*nS*randn()"
    Ce = Synapses(P[:n_exc], P, on_pre="g_e_post += w_e", namespace=ns, name="ce")
    Ci = Synapses(P[n_exc:], P, on_pre="g_i_post += w_i", namespace=ns, name="ci")
    Ce.connect(j="k for k in sample(n_all, p=p) if k != i")
    Ci.connect(j="k for k in sample(n_all, p=p) if k != i + n_exc")
    mon = SpikeMonitor(P, record=record_spikes, name="spikes")
    return Network(P, Ce, Ci, mon, name="net"), mon


def cv_isi(i: np.ndarray, t: np.ndarray, n: int, min_spikes: int = 3) -> np.ndarray:
    order = np.lexsort((t, i))
    i, t = i[order], t[order]
    cvs = []
    bounds = np.searchsorted(i, np.arange(n + 1))
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if b - a >= min_spikes:
            isi = np.diff(t[a:b])
            cvs.append(isi.std() / isi.mean())
    return np.asarray(cvs)


def main() -> None:
    n, p, t_ms, sd, target = (int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]),
                              int(sys.argv[4]), sys.argv[5])
    stats = len(sys.argv) > 6 and sys.argv[6] == "stats"
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    times, cpus, builds = [], [], []
    for _ in range(2 if target == "cython" else 1):
        seed(sd)
        t0 = time.perf_counter()
        net, mon = build(n, p, record_spikes=stats)
        builds.append(time.perf_counter() - t0)
        t0, c0 = time.perf_counter(), time.process_time()
        net.run(t_ms * ms)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    out = dict(n=n, p=p, seed=sd, target=target, cold_s=times[0], warm_s=times[-1],
               warm_cpu_s=cpus[-1],
               build_s=builds[-1], spikes=int(mon.num_spikes),
               rate_hz=float(mon.num_spikes / n / (t_ms / 1000.0)))
    if stats:
        cv = cv_isi(np.asarray(mon.i), np.asarray(mon.t / ms), n)
        out.update(cv_isi_mean=float(cv.mean()) if cv.size else None,
                   cv_isi_median=float(np.median(cv)) if cv.size else None, n_cv=int(cv.size))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
