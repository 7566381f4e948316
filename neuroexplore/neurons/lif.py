r"""Leaky integrate-and-fire neuron with an absolute refractory period.

Equations (Lapicque 1907; Gerstner et al., *Neuronal Dynamics*, 2014, Eq. 1.5 and 1.11)

.. math::

    \tau_m \frac{dV}{dt} = -(V - E_L) + R I(t), \qquad
    V(t) \ge V_{th} \Rightarrow \text{spike},\ V \leftarrow V_{reset}
    \text{ for } t_{ref}.

Units: V in mV, t in ms, R in MOhm, I in nA (so ``R * I`` is in mV).

Integration is *exact* for input that is constant over each step: with
``V_inf = E_L + R I`` the solution is ``V(t+s) = V_inf + (V(t) - V_inf) exp(-s / tau_m)``
and the threshold crossing time inside a step is found in closed form,
``s* = tau_m ln((V_inf - V) / (V_inf - V_th))``.  Spikes are therefore timed to
floating-point precision (not snapped to the grid), the refractory period starts at
the exact spike time, and the constant-current firing rate equals the analytic
f-I curve

.. math::

    f = \left[t_{ref} + \tau_m \ln\frac{R I + E_L - V_{reset}}{R I + E_L - V_{th}}\right]^{-1}
    \quad (R I + E_L > V_{th}),\ \text{else } 0,

for every ``dt``.  The recorded trace samples V on the grid; it shows the reset but
no spike "peak" (use ``Trace.spike_times``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numba import njit, prange

from ..params import FROM_SPEC, ParamSpec, takes_specs
from ._common import put_spike
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "lif_rate"]

SPECS = (
    ParamSpec("tau_m", 10.0, 1.0, 200.0, step=0.5, unit="ms", doc="membrane time constant"),
    ParamSpec("R", 10.0, 0.1, 1000.0, step=0.1, unit="MOhm", doc="membrane resistance",
              log=True),
    ParamSpec("E_L", -65.0, -100.0, -30.0, step=0.5, unit="mV", doc="leak reversal (rest)"),
    ParamSpec("V_th", -50.0, -80.0, 0.0, step=0.5, unit="mV", doc="spike threshold"),
    ParamSpec("V_reset", -65.0, -100.0, -30.0, step=0.5, unit="mV", doc="reset potential"),
    ParamSpec("t_ref", 2.0, 0.0, 50.0, step=0.1, unit="ms", doc="absolute refractory period"),
)

CURRENT = ParamSpec("current", 2.0, -5.0, 20.0, step=0.05, unit="nA", doc="input current")


@takes_specs(SPECS)
def lif_rate(
    current: float | np.ndarray,
    *,
    tau_m: float = FROM_SPEC,
    R: float = FROM_SPEC,
    E_L: float = FROM_SPEC,
    V_th: float = FROM_SPEC,
    V_reset: float = FROM_SPEC,
    t_ref: float = FROM_SPEC,
) -> np.ndarray:
    """Analytic LIF firing rate (Hz) for constant current (nA); broadcasts.

    The parameters are those of the model (see ``SPECS``), validated against their
    ranges; they may be arrays that broadcast with ``current``.

    Examples
    --------
    >>> float(lif_rate(1.0))  # R I = 10 mV < 15 mV to threshold: silent
    0.0
    >>> round(float(lif_rate(2.0)), 3)
    63.04
    """
    _check({"V_reset": V_reset, "V_th": V_th}, 0.0)
    v_inf = E_L + R * np.asarray(current, dtype=float)
    above = v_inf > V_th
    safe = np.where(above, v_inf, V_th + 1.0)
    period = t_ref + tau_m * np.log((safe - V_reset) / (safe - V_th))
    return np.where(above, 1000.0 / period, 0.0)


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    for i in range(lo, hi):
        tau = P[0, i]
        R = P[1, i]
        EL = P[2, i]
        vth = P[3, i]
        vreset = P[4, i]
        tref = P[5, i]
        v = X0[0, i]
        refr = 0.0
        ri = i if row_step else 0
        for k in range(steps):
            if rec_v:
                V[i, k] = v
            cur = I[ri, k if col_step else 0]
            v_inf = EL + R * cur
            t0 = k * dt
            rem = dt
            while rem > 0.0:
                if refr > 0.0:
                    if refr >= rem:
                        refr -= rem
                        rem = 0.0
                        break
                    rem -= refr
                    refr = 0.0
                if v_inf > vth:
                    if v >= vth:
                        ts = 0.0
                    else:
                        ts = tau * np.log((v_inf - v) / (v_inf - vth))
                    if ts <= rem:
                        count = put_spike(idx_buf, t_buf, start, cap, count, i,
                                          t0 + (dt - rem) + ts)
                        v = vreset
                        refr = tref
                        rem -= ts
                        continue
                v = v_inf + (v - v_inf) * np.exp(-rem / tau)
                rem = 0.0
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    return np.asarray(p["E_L"], dtype=float)[None, :].copy()


def _check(p: Mapping[str, Any], dt: float) -> None:
    if np.any(np.asarray(p["V_reset"]) >= np.asarray(p["V_th"])):
        raise ValueError(
            f"V_reset = {np.max(p['V_reset']):g} mV must be below V_th = "
            f"{np.min(p['V_th']):g} mV (valid range: V_reset < V_th)"
        )


INFO = ModelInfo(
    name="lif",
    title="Leaky integrate-and-fire",
    aliases=("leaky_integrate_and_fire", "integrate_and_fire", "if"),
    specs=SPECS,
    current=CURRENT,
    presets={
        "default": {"current": 2.0},
        "no_refractory": {"t_ref": 0.0, "current": 2.0},
        "slow_membrane": {"tau_m": 30.0, "R": 20.0, "current": 1.0},
    },
    dt_default=0.1,
    dt_min=1e-4,
    dt_max=1.0,
    state_names=(),
    v_unit="mV",
    spike_rule="exact threshold-crossing time of V_th (closed form inside each step)",
    integrator="exact exponential integrator for piecewise-constant input",
    reference="Lapicque 1907; Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), Ch. 1",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
    check=_check,
)
