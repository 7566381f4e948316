r"""Diffusive-memristor leaky integrate-and-fire neuron (volatile Ag filament).

After Wang et al., *Nat. Electron.* 1:137 (2018) (the neuron of the fully memristive
network) and the diffusive memristor of Wang et al., *Nat. Mater.* 16:101 (2017): a
SiOxNy:Ag diffusive memristor in parallel with a membrane capacitor ``C``, driven by
an input current ``I``.  Ag atoms drift under the voltage and form a filament that
bridges the electrodes (the device *integrates*); a bridged filament switches the
device to low resistance and discharges the capacitor (it *fires*); without a
driving voltage the Ag cluster dissolves by surface diffusion (it *relaxes*
spontaneously, the device returns to high resistance).

Equations.  State: membrane voltage ``v`` (V), filament state ``x`` (dimensionless:
0 = no filament, 1 = bridged), conduction ``on`` (0/1):

.. math::

    C \frac{dv}{dt} = I - \frac{v}{R_{dev}}, \qquad
    \frac{dx}{dt} = k_{grow}\, v - \frac{x}{\tau_{relax}},

with ``R_dev = R_off`` while insulating and ``R_on || R_off`` while conducting.  The
growth rate is linear in the voltage (field-driven drift, small-signal); the decay is
the filament's spontaneous relaxation with time constant ``tau_relax``.  This is the
simplest law that integrates, fires and relaxes with one stated time constant; the
measured devices grow their filament much more steeply with voltage (their switching
delay falls roughly exponentially with the applied voltage), which a linear law does
not reproduce, and their switching is stochastic.

* **fire**: insulating and ``x`` reaches 1 -> the device switches on (a spike);
* **relax**: conducting and ``x`` falls to ``x_off`` -> the filament ruptures, the
  device switches off.  With no input, after a spike ``v`` collapses within
  ``tau_on = (R_on || R_off) C`` and ``x(t) = x_peak exp(-t / tau_relax)`` thereafter
  (``x_peak`` exceeds 1 by about ``k_grow v_spike tau_on``, the growth while ``v``
  collapses); the conducting phase (a refractory period) lasts about
  ``tau_relax ln(x_peak / x_off)``.  While bridged the filament still grows with the
  small voltage ``I (R_on || R_off)``; this lengthens the refractory phase at high
  input (the rate passes a maximum), and above
  ``I_latch = x_off / (k_grow (R_on || R_off) tau_relax)`` (25 uA at the defaults) the
  filament sustains itself and the device latches on.

Integrate-to-threshold from rest (``v = x = 0``) under a constant input ``I``:
``v(t) = V_inf (1 - exp(-t / tau_m))`` with ``V_inf = I R_off``, ``tau_m = R_off C``,
and

.. math::

    x(t) = k_{grow} V_\infty \left[\tau_r (1 - e^{-t/\tau_r})
           - \frac{\tau_r \tau_m}{\tau_m - \tau_r} (e^{-t/\tau_m} - e^{-t/\tau_r})\right].

The neuron fires iff its steady state ``x_inf = k_grow I R_off tau_relax`` exceeds 1,
i.e. above the rheobase ``I_rh = 1 / (k_grow R_off tau_relax)``; the first-spike
latency is the root of ``x(t) = 1`` (:func:`diffusive_first_spike_latency`).

Units: ``v`` in V, ``I`` in uA, resistances in MOhm, ``C`` in nF, time in ms
(MOhm x nF = ms, uA x MOhm = V), ``k_grow`` in 1/(V ms).  Only positive drive grows a
filament; ``x`` is floored at 0 for a negative voltage.

Defaults are illustrative (a 2 MOhm high-resistance state with a 10 nF capacitor,
``tau_m = 20`` ms; a 10 kOhm on state; ``tau_relax = 2`` ms), chosen for the
engine's millisecond scale; they are not a fit to the published device, whose
relaxation times range from about 1 us to ms depending on the Ag content and the
compliance.

Integration: within each step (input constant) and each phase the linear system is
solved in closed form (``v`` exponential, ``x`` a sum of two exponentials); a
switching inside a step is located by bisection on that closed form to machine
precision, and several switchings per step are handled.  A threshold crossing that
starts and ends inside one step (``x`` rising above 1 and back) is not seen; steps are
limited to ``dt <= 0.05`` ms, far below the time constants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numba import njit, prange

from ..params import FROM_SPEC, ParamSpec, takes_specs
from ._common import put_spike, require_below
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "diffusive_rheobase", "diffusive_first_spike_latency"]

SPECS = (
    ParamSpec("C", 10.0, 0.1, 1000.0, step=0.1, unit="nF", doc="membrane capacitor", log=True),
    ParamSpec("R_off", 2.0, 0.1, 100.0, step=0.1, unit="MOhm",
              doc="device resistance, no filament (off)", log=True),
    ParamSpec("R_on", 0.01, 0.001, 1.0, step=0.001, unit="MOhm",
              doc="device resistance, bridged filament (on)", log=True),
    ParamSpec("k_grow", 1.0, 0.01, 100.0, step=0.01, unit="1/(V ms)",
              doc="filament growth rate per volt", log=True),
    ParamSpec("tau_relax", 2.0, 0.05, 100.0, step=0.05, unit="ms",
              doc="filament relaxation time constant", log=True),
    ParamSpec("x_off", 0.5, 0.05, 0.95, step=0.01, unit="",
              doc="filament state at which it ruptures (device off)"),
)

CURRENT = ParamSpec("current", 1.0, -1.0, 5.0, step=0.01, unit="uA", doc="input current")


@takes_specs(SPECS)
def diffusive_rheobase(
    *,
    C: float = FROM_SPEC,
    R_off: float = FROM_SPEC,
    R_on: float = FROM_SPEC,
    k_grow: float = FROM_SPEC,
    tau_relax: float = FROM_SPEC,
    x_off: float = FROM_SPEC,
) -> float:
    """Smallest constant input (uA) that makes the neuron fire: ``1 / (k R_off tau)``.

    Examples
    --------
    >>> diffusive_rheobase()
    0.25
    """
    return float(1.0 / (k_grow * R_off * tau_relax))


@takes_specs(SPECS)
def diffusive_first_spike_latency(
    current: float,
    *,
    C: float = FROM_SPEC,
    R_off: float = FROM_SPEC,
    R_on: float = FROM_SPEC,
    k_grow: float = FROM_SPEC,
    tau_relax: float = FROM_SPEC,
    x_off: float = FROM_SPEC,
) -> float:
    """Analytic first-spike latency (ms) from rest under a constant input (uA).

    The root of the closed-form ``x(t) = 1`` (module docstring), found with
    :func:`scipy.optimize.brentq`; ``inf`` at or below the rheobase.

    Examples
    --------
    >>> round(diffusive_first_spike_latency(1.0), 4)   # ms
    7.801
    >>> diffusive_first_spike_latency(0.2)
    inf
    """
    from scipy.optimize import brentq  # lazily: scipy.optimize is slow to import

    current = float(current)
    if not np.isfinite(current):
        raise ValueError(f"current = {current!r} uA must be finite")
    v_inf = current * R_off
    tau_m = R_off * C
    tau_r = tau_relax
    if k_grow * v_inf * tau_r <= 1.0:
        return float("inf")

    def x_of(t: float) -> float:
        if abs(tau_m - tau_r) <= 1e-12 * tau_r:
            mixed = t * np.exp(-t / tau_r)
        else:
            mixed = tau_r * tau_m / (tau_m - tau_r) * (np.exp(-t / tau_m) - np.exp(-t / tau_r))
        return k_grow * v_inf * (tau_r * (1.0 - np.exp(-t / tau_r)) - mixed) - 1.0

    hi = tau_r + tau_m
    while x_of(hi) < 0.0:
        hi *= 2.0
    return float(brentq(x_of, 0.0, hi, xtol=1e-14, rtol=1e-14, maxiter=500))


@njit(cache=True)
def _advance(v, x, t, vinf, tau_v, tau_r, k):  # pragma: no cover - jitted
    """Closed-form (v, x) after time ``t`` of one phase with constant input."""
    d = v - vinf
    ev = np.exp(-t / tau_v)
    er = np.exp(-t / tau_r)
    xinf = k * vinf * tau_r
    rate = 1.0 / tau_r - 1.0 / tau_v
    if abs(rate) * tau_r <= 1e-9:
        xn = xinf + (x - xinf) * er + k * d * t * er
    else:
        kk = k * d / rate
        xn = xinf + kk * ev + (x - xinf - kk) * er
    return vinf + d * ev, xn


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    for i in range(lo, hi):
        c = P[0, i]
        roff = P[1, i]
        ron = P[2, i]
        k = P[3, i]
        tau_r = P[4, i]
        xoff = P[5, i]
        r_par = ron * roff / (ron + roff)
        v = X0[0, i]
        x = X0[1, i]
        on = X0[2, i] > 0.5
        ri = i if row_step else 0
        for kk in range(steps):
            if rec_v:
                V[i, kk] = v
            if rec_state:
                S[0, i, kk] = x
                S[1, i, kk] = 1.0 if on else 0.0
            cur = I[ri, kk if col_step else 0]
            t0 = kk * dt
            rem = dt
            while rem > 0.0:
                rdev = r_par if on else roff
                vinf = cur * rdev
                tau_v = rdev * c
                if (not on and x >= 1.0) or (on and x <= xoff):
                    ts = 0.0
                else:
                    vn, xn = _advance(v, x, rem, vinf, tau_v, tau_r, k)
                    if (not on and xn >= 1.0) or (on and xn <= xoff):
                        a = 0.0
                        b = rem
                        for _ in range(200):  # bisection to machine precision
                            m = 0.5 * (a + b)
                            if m <= a or m >= b:
                                break
                            _, xm = _advance(v, x, m, vinf, tau_v, tau_r, k)
                            if (not on and xm >= 1.0) or (on and xm <= xoff):
                                b = m
                            else:
                                a = m
                        ts = b
                    else:
                        v = vn
                        x = max(xn, 0.0)
                        rem = 0.0
                        break
                v, _ = _advance(v, x, ts, vinf, tau_v, tau_r, k)
                if on:
                    x = xoff
                    on = False
                else:
                    x = 1.0
                    on = True
                    count = put_spike(idx_buf, t_buf, start, cap, count, i,
                                      t0 + (dt - rem) + ts)
                rem -= ts
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    zero = np.zeros_like(np.asarray(p["C"], dtype=float))
    return np.stack([zero, zero, zero])  # discharged, no filament, insulating


def _check(p: Mapping[str, Any], dt: float) -> None:
    require_below(p, "R_on", "R_off", "MOhm")


INFO = ModelInfo(
    name="diffusive_memristor",
    title="Diffusive-memristor LIF neuron (Ag filament)",
    aliases=("diffusive", "diffusive_lif", "ag_filament"),
    specs=SPECS,
    current=CURRENT,
    presets={
        "default": {"current": 1.0},
        "near_rheobase": {"current": 0.3},
        "slow_relaxation": {"tau_relax": 10.0, "current": 0.5},
    },
    dt_default=0.01,
    dt_min=1e-5,
    dt_max=0.05,
    state_names=("x", "on"),
    v_unit="V",
    spike_rule="time at which the filament state x reaches 1 (bisection on the closed form)",
    integrator="exact linear solution per phase and step; switchings located by bisection",
    reference="Wang et al., Nat. Electron. 1:137 (2018); Wang et al., Nat. Mater. 16:101 (2017)",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
    check=_check,
)
