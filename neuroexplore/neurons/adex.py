r"""Adaptive exponential integrate-and-fire model (Brette & Gerstner 2005, J Neurophysiol 94:3637).

.. math::

    C \frac{dV}{dt} = -g_L (V - E_L) + g_L \Delta_T \exp\!\left(\frac{V - V_T}{\Delta_T}\right)
                      - w + I, \qquad
    \tau_w \frac{dw}{dt} = a (V - E_L) - w,

    V \ge V_{peak} \Rightarrow V \leftarrow V_r,\ w \leftarrow w + b.

Units: C in pF, conductances in nS, voltages in mV, currents (w, b, I) in pA, time in ms
(pA / pF = mV / ms).

Spike cut-off: ``V_peak`` (default 0 mV; a parameter).  Past V_T the exponential
term makes V diverge in finite time, so the spike time hardly depends on V_peak.

Integration: classical Runge-Kutta 4 in each step.  A step in which any RK stage
reaches V_peak is redone as 20 RK4 sub-steps; the sub-step that reaches V_peak is
taken with forward Euler from its start (so the divergence of V never contaminates
w), the spike time is the linear interpolation of the crossing of V_peak inside that
sub-step, V and w are reset at its end and the remaining sub-steps continue from the
reset state.  Spike times are thus resolved to ~dt/20, not snapped to the grid.  The
trace shows V_peak at the sample after a spike.

The exponential's argument is capped at 50 (``exp(50) ~ 5e21``), so it never
overflows for any ``dt`` in the valid range; while the cap is active V is already
rising by > 1e19 mV/ms and crosses V_peak within the step, so the cap does not
change the dynamics.  ``dt`` must lie in [0.001, 0.2] ms and not exceed
``0.5 * min(C / g_L, tau_w)``.

Initial state: V = E_L, w = 0.

Presets: the firing patterns of Naud, Marcille, Clopath & Gerstner 2008, Biol.
Cybern. 99:335, Table 1 (with the step current used there as ``"current"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numba import njit, prange

from ..params import ParamSpec
from ._common import crossing_fraction, put_spike
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "PRESETS", "EXP_ARG_MAX"]

EXP_ARG_MAX = 50.0

SPECS = (
    ParamSpec("C", 200.0, 20.0, 1000.0, step=1.0, unit="pF", doc="membrane capacitance"),
    ParamSpec("gL", 10.0, 1.0, 100.0, step=0.5, unit="nS", doc="leak conductance"),
    ParamSpec("EL", -70.0, -90.0, -40.0, step=0.5, unit="mV", doc="leak reversal potential"),
    ParamSpec("VT", -50.0, -70.0, -30.0, step=0.5, unit="mV", doc="threshold slope potential"),
    ParamSpec("DT", 2.0, 0.5, 10.0, step=0.1, unit="mV", doc="slope factor Delta_T"),
    ParamSpec("a", 2.0, -20.0, 40.0, step=0.5, unit="nS", doc="subthreshold adaptation"),
    ParamSpec("tau_w", 30.0, 1.0, 1000.0, step=1.0, unit="ms", doc="adaptation time constant"),
    ParamSpec("b", 0.0, 0.0, 500.0, step=1.0, unit="pA", doc="spike-triggered adaptation"),
    ParamSpec("Vr", -58.0, -90.0, -30.0, step=0.5, unit="mV", doc="reset potential"),
    ParamSpec("V_peak", 0.0, -40.0, 50.0, step=1.0, unit="mV", doc="spike cut-off"),
)

CURRENT = ParamSpec("current", 500.0, -500.0, 2000.0, step=5.0, unit="pA", doc="input current")

_KEYS = ("C", "gL", "EL", "VT", "DT", "a", "tau_w", "b", "Vr", "current")
_TABLE1 = {
    "tonic": (200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
    "adapting": (200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
    "initial_burst": (130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
    "bursting": (200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
    "irregular": (100, 12, -60, -50, 2, -11, 130, 30, -48, 160),
    "transient": (100, 10, -65, -50, 2, 10, 90, 100, -47, 180),
    "delayed_accelerating": (200, 12, -70, -50, 2, -10, 300, 0, -58, 300),
    "delayed_bursting": (100, 10, -65, -50, 2, -10, 90, 30, -47, 110),
}
PRESETS = {name: {k: float(x) for k, x in zip(_KEYS, row, strict=True)}
           for name, row in _TABLE1.items()}


@njit(cache=True)
def rhs(V, w, cur, C, gL, EL, VT, DT, a, tau_w):  # pragma: no cover - jitted
    """AdEx right-hand side (dV/dt in mV/ms, dw/dt in pA/ms), exponent capped at 50."""
    arg = (V - VT) / DT
    if arg > EXP_ARG_MAX:
        arg = EXP_ARG_MAX
    dV = (-gL * (V - EL) + gL * DT * np.exp(arg) - w + cur) / C
    dw = (a * (V - EL) - w) / tau_w
    return dV, dw


SPIKE_SUBSTEPS = 20


@njit(cache=True)
def _rk4(v, w, cur, dt, C, gL, EL, VT, DT, a, tau_w, vpk):  # pragma: no cover - jitted
    """One RK4 step; if any stage reaches ``vpk`` return forward Euler and ``True``."""
    h = 0.5 * dt
    k1v, k1w = rhs(v, w, cur, C, gL, EL, VT, DT, a, tau_w)
    v2 = v + h * k1v
    k2v, k2w = rhs(v2, w + h * k1w, cur, C, gL, EL, VT, DT, a, tau_w)
    v3 = v + h * k2v
    k3v, k3w = rhs(v3, w + h * k2w, cur, C, gL, EL, VT, DT, a, tau_w)
    v4 = v + dt * k3v
    k4v, k4w = rhs(v4, w + dt * k3w, cur, C, gL, EL, VT, DT, a, tau_w)
    v_new = v + dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
    if v2 >= vpk or v3 >= vpk or v4 >= vpk or v_new >= vpk:
        return v + dt * k1v, w + dt * k1w, True
    return v_new, w + dt / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w), False


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    hs = dt / SPIKE_SUBSTEPS
    for i in range(lo, hi):
        C = P[0, i]
        gL = P[1, i]
        EL = P[2, i]
        VT = P[3, i]
        DT = P[4, i]
        a = P[5, i]
        tau_w = P[6, i]
        b = P[7, i]
        Vr = P[8, i]
        vpk = P[9, i]
        v = X0[0, i]
        w = X0[1, i]
        peak = False
        ri = i if row_step else 0
        for k in range(steps):
            if rec_v:
                V[i, k] = vpk if peak else v
            if rec_state:
                S[0, i, k] = w
            peak = False
            cur = I[ri, k if col_step else 0]
            v_new, w_new, near = _rk4(v, w, cur, dt, C, gL, EL, VT, DT, a, tau_w, vpk)
            if not near:
                v = v_new
                w = w_new
                continue
            # the spike step: RK4 sub-steps; the sub-step that reaches V_peak is Euler
            for j in range(SPIKE_SUBSTEPS):
                v_new, w_new, near = _rk4(v, w, cur, hs, C, gL, EL, VT, DT, a, tau_w, vpk)
                if v_new >= vpk:
                    f = crossing_fraction(v, v_new, vpk)
                    count = put_spike(idx_buf, t_buf, start, cap, count, i,
                                      k * dt + (j + f) * hs)
                    v = Vr
                    w = w_new + b
                    peak = True
                else:
                    v = v_new
                    w = w_new
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    el = np.asarray(p["EL"], dtype=float)
    return np.stack([el, np.zeros_like(el)])


def _check(p: Mapping[str, Any], dt: float) -> None:
    vpk, vt, vr = (np.asarray(p[k]) for k in ("V_peak", "VT", "Vr"))
    if np.any(vpk <= vt):
        raise ValueError(f"V_peak = {np.min(vpk):g} mV must be above VT (valid: V_peak > VT)")
    if np.any(vr >= vpk):
        raise ValueError(f"Vr = {np.max(vr):g} mV must be below V_peak (valid: Vr < V_peak)")
    tau_min = float(np.min(np.minimum(np.asarray(p["C"]) / np.asarray(p["gL"]), p["tau_w"])))
    if dt > 0.5 * tau_min:
        raise ValueError(
            f"dt = {dt} ms is unstable for these parameters: it must not exceed "
            f"0.5 * min(C/gL, tau_w) = {0.5 * tau_min:.4g} ms"
        )


INFO = ModelInfo(
    name="adex",
    title="Adaptive exponential integrate-and-fire",
    aliases=("aeif", "adaptive_exponential", "brette_gerstner"),
    specs=SPECS,
    current=CURRENT,
    presets=PRESETS,
    dt_default=0.05,
    dt_min=1e-3,
    dt_max=0.2,
    state_names=("w",),
    v_unit="mV",
    spike_rule="V >= V_peak (default 0 mV); time linearly interpolated; trace clipped at V_peak",
    integrator="Runge-Kutta 4 (20 sub-steps, Euler at the crossing, in a spike step)",
    reference="Brette & Gerstner, J. Neurophysiol. 94:3637 (2005); presets: Naud et al., "
    "Biol. Cybern. 99:335 (2008), Table 1",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
    check=_check,
)
