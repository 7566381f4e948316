r"""Izhikevich simple model (Izhikevich 2003, IEEE Trans. Neural Netw. 14:1569, Eqs. 1-3).

.. math::

    v' = 0.04 v^2 + 5 v + 140 - u + I, \qquad u' = a (b v - u),

    \text{if } v \ge 30\ \text{mV}: \quad v \leftarrow c,\ u \leftarrow u + d.

Units: v in mV, t in ms, ``I`` and ``u`` in Izhikevich's dimensionless current units.

Integration: forward Euler at the user's ``dt`` (both variables from the values at
the start of the step), valid ``dt`` in [0.001, 1] ms.  Izhikevich's own code used
``dt = 1`` ms with two half-steps for v; results depend on ``dt`` at first order,
so small steps (default 0.05 ms) are recommended for quantitative work.

Spikes: when the Euler step takes v to >= 30 mV, the spike time is the linear
interpolation of the crossing of 30 mV inside that step; the trace records the peak
clipped at 30 mV at the next sample and the state is reset (v <- c, u <- u + d).

Initial state: v = -65 mV, u = b v (as in Izhikevich's published code).

Presets (a, b, c, d) are the cortical / thalamic classes of Fig. 2 of the 2003
paper: RS, IB, CH, FS, LTS, TC, RZ.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numba import njit

from ..params import ParamSpec
from ._common import crossing_fraction, push_spike
from .model_info import ModelInfo

__all__ = ["INFO", "SPECS", "V_PEAK", "V_INIT"]

V_PEAK = 30.0
V_INIT = -65.0

SPECS = (
    ParamSpec("a", 0.02, 0.001, 0.5, step=0.001, unit="1/ms", doc="recovery time scale"),
    ParamSpec("b", 0.2, -1.0, 1.0, step=0.005, unit="", doc="recovery sensitivity to v"),
    ParamSpec("c", -65.0, -80.0, -30.0, step=0.5, unit="mV", doc="after-spike reset of v"),
    ParamSpec("d", 8.0, -5.0, 20.0, step=0.05, unit="", doc="after-spike jump of u"),
)

CURRENT = ParamSpec("current", 10.0, -20.0, 40.0, step=0.5, unit="",
                    doc="input current (Izhikevich units)")

PRESETS = {
    "RS": {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "current": 10.0},
    "IB": {"a": 0.02, "b": 0.2, "c": -55.0, "d": 4.0, "current": 10.0},
    "CH": {"a": 0.02, "b": 0.2, "c": -50.0, "d": 2.0, "current": 10.0},
    "FS": {"a": 0.1, "b": 0.2, "c": -65.0, "d": 2.0, "current": 10.0},
    "LTS": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 2.0, "current": 10.0},
    "TC": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 0.05, "current": 10.0},
    "RZ": {"a": 0.1, "b": 0.26, "c": -65.0, "d": 2.0, "current": 10.0},
}


@njit(cache=True)
def rhs(v, u, cur, a, b):  # pragma: no cover - jitted
    """Izhikevich right-hand side (dv/dt, du/dt) in mV/ms and 1/ms."""
    return 0.04 * v * v + 5.0 * v + 140.0 - u + cur, a * (b * v - u)


@njit(cache=True)
def _kernel(P, I, dt, steps, rec_v, rec_state, X0, idx_buf, t_buf):  # pragma: no cover
    # time-outer / neuron-inner: independent neurons pipeline (and the state of a large
    # population stays in cache); spikes come out time-major and are sorted by the caller
    n = P.shape[1]
    V = np.empty((n, steps if rec_v else 0))
    S = np.empty((1, n, steps if rec_state else 0))
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    a = P[0].copy()
    b = P[1].copy()
    c = P[2].copy()
    d = P[3].copy()
    v = X0[0].copy()
    u = X0[1].copy()
    peak = np.zeros(n, dtype=np.bool_)
    for k in range(steps):
        kc = k if col_step else 0
        for i in range(n):
            vi = v[i]
            ui = u[i]
            if rec_v:
                V[i, k] = V_PEAK if peak[i] else vi
            if rec_state:
                S[0, i, k] = ui
            cur = I[i if row_step else 0, kc]
            dv, du = rhs(vi, ui, cur, a[i], b[i])
            v_new = vi + dt * dv
            u_new = ui + dt * du
            if v_new >= V_PEAK:
                f = crossing_fraction(vi, v_new, V_PEAK)
                idx_buf, t_buf, count = push_spike(idx_buf, t_buf, count, i, (k + f) * dt)
                v[i] = c[i]
                u[i] = u_new + d[i]
                peak[i] = True
            else:
                v[i] = v_new
                u[i] = u_new
                peak[i] = False
    return V, S, idx_buf, t_buf, count


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    b = np.asarray(p["b"], dtype=float)
    return np.stack([np.full_like(b, V_INIT), b * V_INIT])


INFO = ModelInfo(
    name="izhikevich",
    title="Izhikevich simple model",
    aliases=("izh", "izhikevich2003"),
    specs=SPECS,
    current=CURRENT,
    presets=PRESETS,
    dt_default=0.05,
    dt_min=1e-3,
    dt_max=1.0,
    state_names=("u",),
    v_unit="mV",
    spike_rule="v >= 30 mV; time linearly interpolated inside the Euler step; peak clipped at 30",
    integrator="forward Euler",
    reference="Izhikevich, IEEE Trans. Neural Netw. 14:1569 (2003), Eqs. 1-3, Fig. 2",
    kernel=_kernel,
    initial_state=_initial_state,
)
