r"""FitzHugh-Nagumo model (FitzHugh 1961, Biophys. J. 1:445; Nagumo et al. 1962).

.. math::

    \frac{dv}{dt} = v - \frac{v^3}{3} - w + I, \qquad
    \tau \frac{dw}{dt} = v + a - b w,

with the usual a = 0.7, b = 0.8, tau = 12.5.  All variables are dimensionless;
time is nominally in ms (so rates are reported "per 1000 time units" in Hz).

Integration: classical 4th-order Runge-Kutta, ``dt`` in [0.001, 0.25].
Spikes: upward crossings of v = 1.0, timed by linear interpolation inside the step.
Initial state: the resting fixed point for the default parameters and I = 0,
(v, w) = (-1.19941, -0.62426).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numba import njit, prange

from ..params import ParamSpec
from ._common import crossing_fraction, put_spike
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "V_SPIKE"]

V_SPIKE = 1.0
V_REST, W_REST = -1.1994091, -0.6242614

SPECS = (
    ParamSpec("a", 0.7, -1.0, 2.0, step=0.01, unit="", doc="recovery offset"),
    ParamSpec("b", 0.8, 0.0, 2.0, step=0.01, unit="", doc="recovery self-coupling"),
    ParamSpec("tau", 12.5, 1.0, 100.0, step=0.5, unit="ms", doc="recovery time constant"),
)

CURRENT = ParamSpec("current", 0.5, -1.0, 2.0, step=0.01, unit="", doc="input (dimensionless)")


@njit(cache=True)
def rhs(v, w, cur, a, b, tau):  # pragma: no cover - jitted
    """FitzHugh-Nagumo right-hand side (dv/dt, dw/dt)."""
    return v - v * v * v / 3.0 - w + cur, (v + a - b * w) / tau


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    h = 0.5 * dt
    for i in range(lo, hi):
        a = P[0, i]
        b = P[1, i]
        tau = P[2, i]
        v = X0[0, i]
        w = X0[1, i]
        ri = i if row_step else 0
        for k in range(steps):
            if rec_v:
                V[i, k] = v
            if rec_state:
                S[0, i, k] = w
            cur = I[ri, k if col_step else 0]
            k1v, k1w = rhs(v, w, cur, a, b, tau)
            k2v, k2w = rhs(v + h * k1v, w + h * k1w, cur, a, b, tau)
            k3v, k3w = rhs(v + h * k2v, w + h * k2w, cur, a, b, tau)
            k4v, k4w = rhs(v + dt * k3v, w + dt * k3w, cur, a, b, tau)
            v_new = v + dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
            w = w + dt / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
            if v < V_SPIKE <= v_new:
                f = crossing_fraction(v, v_new, V_SPIKE)
                count = put_spike(idx_buf, t_buf, start, cap, count, i, (k + f) * dt)
            v = v_new
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    a = np.asarray(p["a"], dtype=float)
    return np.stack([np.full_like(a, V_REST), np.full_like(a, W_REST)])


INFO = ModelInfo(
    name="fitzhugh_nagumo",
    title="FitzHugh-Nagumo",
    aliases=("fhn", "fitzhugh-nagumo", "fitzhugh"),
    specs=SPECS,
    current=CURRENT,
    presets={
        "excitable": {"a": 0.7, "b": 0.8, "tau": 12.5, "current": 0.0},
        "oscillating": {"a": 0.7, "b": 0.8, "tau": 12.5, "current": 0.5},
    },
    dt_default=0.1,
    dt_min=1e-3,
    dt_max=0.25,
    state_names=("w",),
    v_unit="",
    spike_rule="upward crossing of v = 1.0, linearly interpolated",
    integrator="classical Runge-Kutta 4",
    reference="FitzHugh, Biophys. J. 1:445 (1961); Nagumo, Arimoto & Yoshizawa, "
    "Proc. IRE 50:2061 (1962)",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
)
