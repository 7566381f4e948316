r"""A dynamic (volatile) memristor: the short-term memory used as a reservoir.

The WOx memristor of Chang, Jo & Lu (ACS Nano 5:7669, 2011), used by Du et al. for
reservoir computing (Du, Cai, Zidan, Ma, Lee & Lu, *Reservoir computing using dynamic
memristors for temporal information processing*, Nat. Commun. 8:2204, 2017, Methods),
has one internal state :math:`w \in [0, 1]` (the fraction of the area where oxygen
vacancies have drifted in to form a conducting region).  A positive voltage drives
vacancies in; they diffuse back spontaneously, so the conductance decays to its
resting value within tens of milliseconds:

.. math::

    \frac{dw}{dt} &= \lambda \sinh(\eta V) - \frac{w}{\tau}, \qquad 0 \le w \le 1,\\
    I &= (1 - w)\,\alpha\,[1 - e^{-\beta V}] + w\,\gamma \sinh(\delta V).

The current has a rectifying Schottky-like term (region without vacancies) and a
tunnelling term (region with vacancies).  Units: volts, amperes, seconds; ``lam``
in 1/s, ``beta``, ``delta``, ``eta`` in 1/V.

**Exact integration.**  For a voltage held constant over a segment of length ``s``
the equation is linear in ``w`` with fixed point
:math:`w_\infty = \lambda\tau\sinh(\eta V)`, so

.. math:: w(s) = \mathrm{clip}\big(w_\infty + (w_0 - w_\infty)\,e^{-s/\tau},\ 0,\ 1\big).

Within a segment the unclipped solution is monotone, so clipping it *is* the
solution with the hard bounds (the state rests on a bound once it reaches it).
Between pulses (``V = 0``) the state decays as :math:`w_0 e^{-s/\tau}`: the fading
memory a reservoir needs.  Every pulse is integrated this way -- no time step.

**Parameters.**  The equations are those of Chang et al. / Du et al.; the default
numbers are *illustrative*, chosen so that a 1 ms, 2 V pulse raises ``w`` by about
0.05 and the state relaxes with ``tau = 50 ms`` (Du et al. report a short-term
memory of tens of milliseconds for their WOx devices), with currents of
micro-amperes.  They are not fitted values from the papers.  Fields may be arrays
(one value per device) to model device-to-device variation.

Examples
--------
>>> dev = VolatileMemristor()
>>> w = evolve(dev, 0.5, 0.0, dev.tau)          # one time constant at 0 V
>>> bool(np.isclose(w, 0.5 / np.e))
True
>>> st = drive_pulses(dev, [2.0, 2.0, 0.0], pulse_width=1e-3, interval=5e-3)
>>> bool(st.w_pulse_end[1] > st.w_pulse_end[0] > 0)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit

from ..params import FROM_SPEC, ParamSpec, param, spec_dataclass, takes_specs

__all__ = [
    "VolatileMemristor",
    "VOLATILE_MEMRISTOR_SPECS",
    "PULSE_SPECS",
    "PulseStates",
    "VolatileTrace",
    "steady_state",
    "evolve",
    "current",
    "drive_pulses",
    "simulate_pulses",
]

@spec_dataclass
class VolatileMemristor:
    """A WOx dynamic memristor (frozen; SI units).  See the module docstring.

    Fields may be arrays broadcastable to the number of devices (d2d variation).
    """

    name: str = "wox_dynamic"
    """Display name."""
    reference: str = (
        "equations: Chang, Jo & Lu, ACS Nano 5:7669 (2011); Du et al., Nat. Commun. "
        "8:2204 (2017), Methods; numbers illustrative (tau ~ tens of ms)"
    )
    """Source of the equations and numbers."""
    alpha: Any = param(1e-6, 1e-10, 1e-2, unit="A", log=True,
                       doc="Schottky-term current scale alpha")
    beta: Any = param(3.0, 0.01, 50.0, unit="1/V", log=True,
                      doc="Schottky-term voltage factor beta")
    gamma: Any = param(2e-6, 1e-10, 1e-2, unit="A", log=True,
                       doc="tunnelling-term current scale gamma")
    delta: Any = param(2.0, 0.01, 10.0, unit="1/V", log=True,
                       doc="tunnelling-term voltage factor delta")
    lam: Any = param(2.0, 1e-4, 1e4, unit="1/s", log=True,
                     doc="vacancy drift rate lambda (state rate per unit sinh)")
    eta: Any = param(2.0, 0.01, 10.0, unit="1/V", log=True, doc="drift voltage factor eta")
    tau: Any = param(0.05, 1e-5, 100.0, unit="s", log=True,
                     doc="relaxation (diffusion) time constant of the state")

    @property
    def shape(self) -> tuple[int, ...]:
        """Broadcast shape of the array-valued fields (``()`` for one device)."""
        return np.broadcast_shapes(*(np.shape(getattr(self, s.name)) for s in self.SPECS))


#: Device parameters (SI units), declared on :class:`VolatileMemristor`.
VOLATILE_MEMRISTOR_SPECS = VolatileMemristor.SPECS

#: Pulse programming (SI units).
PULSE_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("voltage", 2.0, -5.0, 5.0, step=0.05, unit="V", doc="pulse amplitude"),
    ParamSpec("pulse_width", 1e-3, 1e-6, 1.0, unit="s", log=True, doc="pulse width"),
    ParamSpec("interval", 5e-3, 1e-6, 10.0, unit="s", log=True,
              doc="onset-to-onset pulse interval (must exceed the width)"),
)
_PULSE = {s.name: s for s in PULSE_SPECS}
#: The timing specs that :func:`drive_pulses` and :func:`simulate_pulses` take.
_TIMING = (_PULSE["pulse_width"], _PULSE["interval"])


@dataclass(frozen=True, eq=False)
class PulseStates:
    """States of devices driven by pulse sequences (last axis: pulse)."""

    w_pulse_end: np.ndarray
    """State at the end of each pulse."""
    w_final: np.ndarray
    """State at the end of the last interval (after the last gap)."""
    voltages: np.ndarray
    """The applied pulse amplitudes (V)."""

    def currents(self, device: VolatileMemristor, v_read: float | None = None) -> np.ndarray:
        """Current (A) at the end of each pulse, at the pulse voltage or at ``v_read``."""
        v = self.voltages if v_read is None else _voltage(v_read, "v_read")
        return current(device, self.w_pulse_end, v)


@dataclass(frozen=True, eq=False)
class VolatileTrace:
    """Time course of one device under a pulse sequence (SI units)."""

    t: np.ndarray
    """Times (s)."""
    v: np.ndarray
    """Applied voltage (V)."""
    w: np.ndarray
    """State variable."""
    current: np.ndarray
    """Current (A)."""


def _voltage(v: Any, name: str = "voltage") -> np.ndarray:
    arr = np.asarray(v, dtype=float)
    spec = _PULSE["voltage"]
    if np.any(~np.isfinite(arr)) or np.any(np.abs(arr) > spec.high):
        bad = arr[~np.isfinite(arr) | (np.abs(arr) > spec.high)].flat[0]
        raise ValueError(f"{name} = {bad:.6g} V is outside its valid range {spec.range_text}")
    return arr


def _state(w: Any) -> np.ndarray:
    arr = np.asarray(w, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"w (memristor state) must lie in [0, 1], got {w!r}")
    return arr


def steady_state(device: VolatileMemristor, v: Any) -> np.ndarray:
    """Unclipped fixed point ``w_inf = lam tau sinh(eta V)`` of the state at voltage ``v``."""
    return device.lam * device.tau * np.sinh(device.eta * _voltage(v))


def evolve(device: VolatileMemristor, w0: Any, v: Any, duration: Any) -> np.ndarray:
    """Exact state after holding voltage ``v`` (V) for ``duration`` (s) from ``w0``."""
    d = np.asarray(duration, dtype=float)
    if np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError(f"duration must be finite and >= 0 s, got {duration!r}")
    w_inf = steady_state(device, v)
    w = w_inf + (_state(w0) - w_inf) * np.exp(-d / device.tau)
    return np.clip(w, 0.0, 1.0)


def current(device: VolatileMemristor, w: Any, v: Any) -> np.ndarray:
    """Device current (A): ``(1-w) alpha (1 - exp(-beta V)) + w gamma sinh(delta V)``."""
    w = _state(w)
    v = _voltage(v)
    return ((1.0 - w) * device.alpha * (-np.expm1(-device.beta * v))
            + w * device.gamma * np.sinh(device.delta * v))


@njit(cache=True)
def _drive(V, lam, eta, tau, width, gap, w0, out):  # pragma: no cover - jitted
    n, k_pulses = V.shape
    final = np.empty(n)
    for i in range(n):
        a_on = np.exp(-width / tau[i])
        a_off = np.exp(-gap / tau[i])
        scale = lam[i] * tau[i]
        w = w0[i]
        for k in range(k_pulses):
            w_inf = scale * np.sinh(eta[i] * V[i, k])
            w = w_inf + (w - w_inf) * a_on
            if w < 0.0:
                w = 0.0
            elif w > 1.0:
                w = 1.0
            out[i, k] = w
            w *= a_off
        final[i] = w
    return final


def _check_timing(width: float, step: float) -> None:
    if step <= width:
        raise ValueError(f"interval = {step:.6g} s must exceed the pulse width "
                         f"pulse_width = {width:.6g} s (pulses may not overlap)")


@takes_specs(_TIMING)
def drive_pulses(
    device: VolatileMemristor,
    voltages: Any,
    *,
    pulse_width: float = FROM_SPEC,
    interval: float = FROM_SPEC,
    w0: Any = 0.0,
) -> PulseStates:
    """Exact states under sequences of rectangular pulses (0 V between pulses).

    Parameters
    ----------
    device : VolatileMemristor
        Array fields broadcast against the leading axes of ``voltages``.
    voltages : array, shape (..., K)
        Pulse amplitudes (V); the last axis is time (pulse ``k`` starts at
        ``k * interval``).  Leading axes index independent devices.
    pulse_width, interval : float
        Pulse width and onset-to-onset interval (s).
    w0 : float or array
        Initial state(s) in [0, 1].

    Returns
    -------
    PulseStates
    """
    if not isinstance(device, VolatileMemristor):
        raise ValueError(f"device must be a VolatileMemristor, got {type(device).__name__}")
    width, step = pulse_width, interval
    _check_timing(width, step)
    v = _voltage(voltages)
    if v.ndim == 0 or v.shape[-1] == 0:
        raise ValueError("voltages must have a last (time) axis with at least one pulse")
    lead = np.broadcast_shapes(v.shape[:-1], device.shape, np.shape(w0))
    v_full = np.broadcast_to(v, (*lead, v.shape[-1])).reshape(-1, v.shape[-1])
    n = v_full.shape[0]

    def per_device(x: Any) -> np.ndarray:
        return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=float), lead)
                                    .reshape(n))

    out = np.empty(v_full.shape)
    final = _drive(np.ascontiguousarray(v_full), per_device(device.lam), per_device(device.eta),
                   per_device(device.tau), width, step - width, per_device(_state(w0)), out)
    return PulseStates(w_pulse_end=out.reshape(*lead, v.shape[-1]),
                       w_final=final.reshape(lead),
                       voltages=np.broadcast_to(v, (*lead, v.shape[-1])))


@takes_specs(_TIMING)
def simulate_pulses(
    device: VolatileMemristor,
    voltages: Any,
    *,
    pulse_width: float = FROM_SPEC,
    interval: float = FROM_SPEC,
    w0: float = 0.0,
    samples: int = 12,
) -> VolatileTrace:
    """Time course of one device under a 1-D pulse sequence, for plotting.

    The state at each segment start comes from :func:`drive_pulses`; inside each
    pulse and each gap it is evaluated with the exact solution at ``samples``
    points.  The current is the device current at the applied voltage (0 A in the
    gaps, where no voltage is applied).
    """
    if np.ndim(voltages) != 1:
        raise ValueError("simulate_pulses takes one 1-D pulse sequence")
    if device.shape != ():
        raise ValueError("simulate_pulses needs a single (scalar) device")
    if not (isinstance(samples, (int, np.integer)) and 2 <= samples <= 1000):
        raise ValueError(f"samples = {samples!r} must be an integer in [2, 1000]")
    width, step = pulse_width, interval
    _check_timing(width, step)
    st = drive_pulses(device, voltages, pulse_width=width, interval=step, w0=w0)
    v = st.voltages
    k = v.size
    w_start = np.concatenate([[float(w0)], st.w_pulse_end[:-1] * np.exp(-(step - width)
                                                                        / device.tau)])
    s_on = np.linspace(0.0, width, samples)
    s_off = np.linspace(0.0, step - width, samples)[1:]
    w_on = evolve(device, w_start[:, None], v[:, None], s_on[None, :])
    w_off = evolve(device, st.w_pulse_end[:, None], 0.0, s_off[None, :])
    onsets = step * np.arange(k)[:, None]
    t = np.concatenate([onsets + s_on, onsets + width + s_off], axis=1).ravel()
    w = np.concatenate([w_on, w_off], axis=1).ravel()
    volt = np.concatenate([np.broadcast_to(v[:, None], w_on.shape),
                           np.zeros(w_off.shape)], axis=1).ravel()
    return VolatileTrace(t=t, v=volt, w=w, current=current(device, w, volt))
