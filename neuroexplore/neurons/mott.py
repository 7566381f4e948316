r"""Mott (VO2 / NbO2) threshold-switch neuron: a relaxation oscillator.

Circuit (Pickett, Medeiros-Ribeiro & Williams, *Nat. Mater.* 12:114, 2013; Yi et al.,
*Nat. Commun.* 9:4661, 2018): a volatile threshold switch in parallel with a capacitor
``C`` (the membrane), charged from a DC source ``V_in`` through a series (load)
resistor ``R_s``.  The switch is insulating (``R_off``) until the voltage across it
reaches ``V_th``, then metallic (``R_on << R_off``) until the voltage falls to
``V_hold < V_th`` (the hysteresis of the insulator-metal transition):

.. math::

    C \frac{dv}{dt} = \frac{V_{in} - v}{R_s} - \frac{v}{R_{dev}}, \qquad
    R_{dev} = \begin{cases} R_{off} & \text{insulating; switches on at } v \ge V_{th}\\
                             R_{on} & \text{metallic; switches off at } v \le V_{hold}
              \end{cases}

In each phase the circuit is linear: ``v`` relaxes exponentially towards the
Thevenin voltage of the source seen through the divider,

.. math::

    V_\infty = V_{in} \frac{R_{dev}}{R_s + R_{dev}}, \qquad
    \tau = C \, (R_s \parallel R_{dev}) = C \frac{R_s R_{dev}}{R_s + R_{dev}},

so the phase from ``V_start`` to ``V_end`` lasts
``t = tau ln((V_inf - V_start) / (V_inf - V_end))``.  The oscillation period is

.. math::

    T = \tau_{off} \ln\frac{V_{\infty,off} - V_{hold}}{V_{\infty,off} - V_{th}}
      + \tau_{on} \ln\frac{V_{th} - V_{\infty,on}}{V_{hold} - V_{\infty,on}}
      \quad [\text{ms}],

and it oscillates only while the load line crosses the switch's negative-differential-
resistance window: ``V_inf,off > V_th`` (the charge reaches threshold: all-or-nothing,
``V_in > V_th (R_s + R_off) / R_off``) and ``V_inf,on < V_hold`` (the metallic state
cannot hold itself on: ``V_in < V_hold (R_s + R_on) / R_on``; above it the switch
latches on and the oscillation stops).  :func:`mott_period` evaluates these formulas.

Units: voltages in V, resistances in kOhm, ``C`` in nF, time in ms (so
``tau = R[kOhm] * C[nF] * 1e-3`` ms), device current in mA.  The input of
:func:`~neuroexplore.neurons.simulate` (its ``current`` argument) is the source
voltage ``V_in`` in V.  Only positive polarity is modelled (a negative ``V_in``
charges ``C`` negatively and never switches).

Defaults are illustrative values of the order of a VO2 device (threshold about 1 V,
``R_off / R_on = 50``, ``V_hold / V_th = 0.5``), not a fit to one device; ``C`` is an
external 500 nF capacitor so that the period (about 4 ms) lies on the engine's
millisecond scale (nanoscale devices with pF capacitors oscillate in ns to us; the
period scales with ``C``).  The switch is ideal: it changes state instantly (the real
transition takes ns, far below ``tau``).

Integration is *exact* for input constant over each step: within a phase the
exponential solution is evaluated in closed form, the switching times are found in
closed form, and several switchings inside one step are handled.  A spike is the
insulator-to-metal transition (the moment the switch turns on; the device current
then jumps to ``V_th / R_on``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numba import njit, prange

from ..params import FROM_SPEC, ParamSpec, takes_specs
from ._common import put_spike, require_below
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "mott_period", "mott_threshold_input"]

MS_PER_KOHM_NF = 1e-3
"""kOhm x nF = 1 us = 1e-3 ms."""

SPECS = (
    ParamSpec("R_s", 10.0, 1.0, 100.0, step=0.1, unit="kOhm", doc="series (load) resistor",
              log=True),
    ParamSpec("R_on", 1.0, 0.1, 10.0, step=0.01, unit="kOhm",
              doc="switch resistance, metallic (on)", log=True),
    ParamSpec("R_off", 50.0, 5.0, 1000.0, step=0.5, unit="kOhm",
              doc="switch resistance, insulating (off)", log=True),
    ParamSpec("C", 500.0, 1.0, 5000.0, step=1.0, unit="nF", doc="membrane capacitor",
              log=True),
    ParamSpec("V_th", 1.2, 0.1, 5.0, step=0.01, unit="V", doc="switch-on (threshold) voltage"),
    ParamSpec("V_hold", 0.6, 0.05, 4.0, step=0.01, unit="V",
              doc="switch-off (hold) voltage, below V_th"),
)

CURRENT = ParamSpec("current", 2.0, 0.0, 10.0, step=0.01, unit="V",
                    doc="source voltage V_in (through R_s)")


@takes_specs(SPECS)
def mott_threshold_input(
    *,
    R_s: float = FROM_SPEC,
    R_on: float = FROM_SPEC,
    R_off: float = FROM_SPEC,
    C: float = FROM_SPEC,
    V_th: float = FROM_SPEC,
    V_hold: float = FROM_SPEC,
) -> tuple[np.ndarray, np.ndarray]:
    """The window of source voltages (V) in which the neuron oscillates.

    Returns ``(V_low, V_high)``: below ``V_low = V_th (R_s + R_off) / R_off`` the
    charging never reaches ``V_th`` (no spike at all); above
    ``V_high = V_hold (R_s + R_on) / R_on`` the metallic state holds itself on.
    ``C`` does not enter (it sets only the time scale).

    Examples
    --------
    >>> lo, hi = mott_threshold_input()
    >>> round(float(lo), 4), round(float(hi), 4)
    (1.44, 6.6)
    """
    _check({"V_hold": V_hold, "V_th": V_th, "R_on": R_on, "R_off": R_off}, 0.0)
    return V_th * (R_s + R_off) / R_off, V_hold * (R_s + R_on) / R_on


@takes_specs(SPECS)
def mott_period(
    v_in: float | np.ndarray,
    *,
    R_s: float = FROM_SPEC,
    R_on: float = FROM_SPEC,
    R_off: float = FROM_SPEC,
    C: float = FROM_SPEC,
    V_th: float = FROM_SPEC,
    V_hold: float = FROM_SPEC,
) -> np.ndarray:
    """Analytic oscillation period (ms) for a constant source voltage ``v_in`` (V).

    ``inf`` outside the oscillation window of :func:`mott_threshold_input`.  Broadcasts.

    Examples
    --------
    >>> round(float(mott_period(2.0)), 4)   # ms
    3.849
    >>> float(mott_period(1.0))             # below threshold: no oscillation
    inf
    """
    v_in = np.asarray(v_in, dtype=float)
    lo, hi = mott_threshold_input(R_s=R_s, R_on=R_on, R_off=R_off, C=C, V_th=V_th,
                                  V_hold=V_hold)
    osc = (v_in > lo) & (v_in < hi)
    v = np.where(osc, v_in, 0.5 * (lo + hi))
    tau_off = MS_PER_KOHM_NF * C * R_s * R_off / (R_s + R_off)
    tau_on = MS_PER_KOHM_NF * C * R_s * R_on / (R_s + R_on)
    vinf_off = v * R_off / (R_s + R_off)
    vinf_on = v * R_on / (R_s + R_on)
    # where the window is empty (lo >= hi) the placeholder v is not inside it either and
    # the logs below are undefined there; those entries are replaced by inf
    with np.errstate(invalid="ignore", divide="ignore"):
        t_charge = tau_off * np.log((vinf_off - V_hold) / (vinf_off - V_th))
        t_discharge = tau_on * np.log((V_th - vinf_on) / (V_hold - vinf_on))
    return np.where(osc, t_charge + t_discharge, np.inf)


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    for i in range(lo, hi):
        rs = P[0, i]
        ron = P[1, i]
        roff = P[2, i]
        c = P[3, i] * MS_PER_KOHM_NF
        vth = P[4, i]
        vhold = P[5, i]
        v = X0[0, i]
        on = X0[1, i] > 0.5
        ri = i if row_step else 0
        for k in range(steps):
            if rec_v:
                V[i, k] = v
            if rec_state:
                S[0, i, k] = 1.0 if on else 0.0
                S[1, i, k] = v / (ron if on else roff)
            vin = I[ri, k if col_step else 0]
            t0 = k * dt
            rem = dt
            while rem > 0.0:
                rdev = ron if on else roff
                g = 1.0 / rs + 1.0 / rdev
                vinf = vin / rs / g
                tau = c / g
                if not on:
                    if v >= vth:
                        ts = 0.0
                    elif vinf > vth:
                        ts = tau * np.log((vinf - v) / (vinf - vth))
                    else:
                        ts = np.inf
                    if ts <= rem:
                        count = put_spike(idx_buf, t_buf, start, cap, count, i,
                                          t0 + (dt - rem) + ts)
                        v = vth
                        on = True
                        rem -= ts
                        continue
                else:
                    if v <= vhold:
                        ts = 0.0
                    elif vinf < vhold:
                        ts = tau * np.log((v - vinf) / (vhold - vinf))
                    else:
                        ts = np.inf
                    if ts <= rem:
                        v = vhold
                        on = False
                        rem -= ts
                        continue
                v = vinf + (v - vinf) * np.exp(-rem / tau)
                rem = 0.0
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    zero = np.zeros_like(np.asarray(p["C"], dtype=float))
    return np.stack([zero, zero])  # discharged capacitor, insulating switch


def _check(p: Mapping[str, Any], dt: float) -> None:
    require_below(p, "V_hold", "V_th", "V", ", the switch's hysteresis")
    require_below(p, "R_on", "R_off", "kOhm")


INFO = ModelInfo(
    name="mott",
    title="Mott threshold-switch neuron (VO2 / NbO2)",
    aliases=("mott_neuron", "vo2", "nbo2", "threshold_switch"),
    specs=SPECS,
    current=CURRENT,
    presets={
        "default": {"current": 2.0},
        "near_threshold": {"current": 1.5},
        "fast_small_C": {"C": 50.0, "current": 3.0},
    },
    dt_default=0.01,
    dt_min=1e-5,
    dt_max=0.1,
    state_names=("on", "i_dev"),
    v_unit="V",
    spike_rule="exact time of the insulator-to-metal switching (v reaches V_th)",
    integrator="exact exponential integrator per phase, switching times in closed form",
    reference="Pickett, Medeiros-Ribeiro & Williams, Nat. Mater. 12:114 (2013); "
    "Yi et al., Nat. Commun. 9:4661 (2018)",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
    check=_check,
)
