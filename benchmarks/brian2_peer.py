"""Brian2 side of bench_neurons.py; run inside benchmarks/.venv-brian2.

Usage: python brian2_peer.py {izhikevich,hh} {cython,numpy} [currents.npy]
Prints one JSON line: {"case", "target", "cold_s", "warm_s", "spikes"}.
The same model equations as neuroexplore (Izhikevich: forward Euler; HH: RK4).
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
    defaultclock,
    ms,
    prefs,
    second,
)


def izhikevich_net(currents: np.ndarray) -> tuple[Network, SpikeMonitor]:
    eqs = """dv/dt = (0.04*v**2 + 5*v + 140 - u + I)/ms : 1
             du/dt = a*(b*v - u)/ms : 1
             I : 1 (constant)"""
    g = NeuronGroup(len(currents), eqs, threshold="v >= 30", reset="v = c; u += d",
                    method="euler", namespace=dict(a=0.02, b=0.2, c=-65.0, d=8.0), name="izh")
    g.v = -65.0
    g.u = 0.2 * -65.0
    g.I = currents
    mon = SpikeMonitor(g, record=False, name="spikes")
    return Network(g, mon, name="net"), mon


def hh_net() -> tuple[Network, SpikeMonitor]:
    eqs = """dv/dt = (I - gNa*m**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL))/C/ms : 1
             dm/dt = (am*(1 - m) - bm*m)/ms : 1
             dh/dt = (ah*(1 - h) - bh*h)/ms : 1
             dn/dt = (an*(1 - n) - bn*n)/ms : 1
             am = 1.0/exprel(-(v + 40)/10) : 1
             bm = 4*exp(-(v + 65)/18) : 1
             ah = 0.07*exp(-(v + 65)/20) : 1
             bh = 1/(1 + exp(-(v + 35)/10)) : 1
             an = 0.1/exprel(-(v + 55)/10) : 1
             bn = 0.125*exp(-(v + 65)/80) : 1"""
    ns = dict(I=10.0, C=1.0, gNa=120.0, gK=36.0, gL=0.3, ENa=50.0, EK=-77.0, EL=-54.387)
    g = NeuronGroup(1, eqs, threshold="v > 0", refractory="v > 0", method="rk4", namespace=ns,
                    name="hh")
    v0 = -65.0
    am = 0.1 * (v0 + 40) / (1 - np.exp(-(v0 + 40) / 10))
    bm = 4 * np.exp(-(v0 + 65) / 18)
    ah = 0.07 * np.exp(-(v0 + 65) / 20)
    bh = 1 / (1 + np.exp(-(v0 + 35) / 10))
    an = 0.01 * (v0 + 55) / (1 - np.exp(-(v0 + 55) / 10))
    bn = 0.125 * np.exp(-(v0 + 65) / 80)
    g.v = v0
    g.m, g.h, g.n = am / (am + bm), ah / (ah + bh), an / (an + bn)
    mon = SpikeMonitor(g, record=False, name="spikes")
    return Network(g, mon, name="net"), mon


def main() -> None:
    case, target = sys.argv[1], sys.argv[2]
    prefs.codegen.target = target
    if case == "izhikevich":
        currents = np.load(sys.argv[3])
        defaultclock.dt = 0.1 * ms
        build = lambda: izhikevich_net(currents)  # noqa: E731
    else:
        defaultclock.dt = 0.01 * ms
        build = hh_net
    times = []
    spikes = 0
    for _ in range(2 if target == "cython" else 1):  # cython: 1st compiles, 2nd is warm
        net, mon = build()
        t0 = time.perf_counter()
        net.run(1 * second)
        times.append(time.perf_counter() - t0)
        spikes = int(mon.num_spikes)
    print(json.dumps(dict(case=case, target=target, cold_s=times[0], warm_s=times[-1],
                          spikes=spikes)))


if __name__ == "__main__":
    main()
