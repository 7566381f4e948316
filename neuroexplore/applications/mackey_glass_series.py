r"""The Mackey-Glass delay differential equation: the standard chaotic time series.

Mackey & Glass (Science 197:287, 1977) modelled blood-cell production with a
delayed feedback:

.. math::

    \frac{dx}{dt} = \beta\,\frac{x(t-\tau)}{1 + x(t-\tau)^n} - \gamma\,x(t),

with the classical chaotic setting :math:`\tau = 17,\ \beta = 0.2,\ \gamma = 0.1,\
n = 10` used for reservoir-computing benchmarks since Jaeger (GMD Report 148, 2001)
and Jaeger & Haas (Science 304:78, 2004).  Time is dimensionless ("time units").
The history is constant, :math:`x(t) = x_0` for :math:`t \le 0`.

**Integration.**  Classical RK4 with a step ``h`` that divides ``tau``: the delayed
state at the step ends is a stored grid value, and at the step midpoint it comes
from cubic Hermite interpolation with the stored derivatives,
:math:`x_{k+1/2} = (x_k + x_{k+1})/2 + h (f_k - f_{k+1})/8` -- fourth-order
accurate, so the scheme keeps RK4's order (checked against a method-of-steps
solution with an adaptive Runge-Kutta solver in the tests).  The first delay
interval, whose delayed state is the constant history, uses the history value.

**Linear stability** (Mackey & Glass 1977; a textbook delay-equation result).
The non-trivial fixed point is :math:`x^* = (\beta/\gamma - 1)^{1/n}`.  With
:math:`a = \gamma` and :math:`b = -\beta\,[1 + (1-n)x^{*n}]/(1+x^{*n})^2` the
linearisation :math:`\dot y = -a y - b y(t-\tau)` is stable for
:math:`\tau < \tau_c = \arccos(-a/b)/\sqrt{b^2-a^2}` (when :math:`b > a`) and
oscillates at :math:`\omega_c = \sqrt{b^2 - a^2}` at the Hopf bifurcation
(:func:`hopf_point`).  For the default parameters :math:`x^* = 1`, :math:`b = 0.4`,
:math:`\tau_c = 4.708`, period :math:`2\pi/\omega_c = 16.22`.

Examples
--------
>>> mg = mackey_glass(500)
>>> mg.x.shape, bool(0.2 < mg.x.min() and mg.x.max() < 1.5)
((500,), True)
>>> round(hopf_point().tau_c, 3)
4.708
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from ..params import FROM_SPEC, ParamSpec, takes_specs

__all__ = ["MACKEY_GLASS_SPECS", "MackeyGlass", "HopfPoint", "mackey_glass", "fixed_point",
           "hopf_point"]

MACKEY_GLASS_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("tau", 17.0, 0.5, 100.0, step=0.5, doc="delay tau (time units)"),
    ParamSpec("beta", 0.2, 0.01, 2.0, step=0.01, doc="production rate beta"),
    ParamSpec("gamma", 0.1, 0.01, 1.0, step=0.01, doc="decay rate gamma"),
    ParamSpec("n", 10.0, 1.0, 30.0, step=0.5, doc="Hill exponent n"),
    ParamSpec("x0", 1.2, 0.01, 3.0, step=0.01, doc="constant history x(t <= 0)"),
    ParamSpec("sample_dt", 1.0, 0.1, 10.0, step=0.1, doc="sampling interval (time units)"),
    ParamSpec("h", 0.1, 1e-3, 0.5, log=True, doc="RK4 step (adjusted to divide tau)"),
    ParamSpec("discard", 500.0, 0.0, 1e4, step=10.0,
              doc="initial transient dropped before sampling (time units)"),
    ParamSpec("n_samples", 2000, 1, 200_000, integer=True, doc="number of samples"),
)
_RATES = MACKEY_GLASS_SPECS[1:4]  # beta, gamma, n


@dataclass(frozen=True, eq=False)
class MackeyGlass:
    """A sampled Mackey-Glass series."""

    t: np.ndarray
    """Sample times (time units, counted from the end of the history)."""
    x: np.ndarray
    """Samples x(t)."""
    params: dict
    """The parameters that produced it (after validation and step adjustment)."""


class HopfPoint(NamedTuple):
    """Linear stability of the fixed point (see the module docstring)."""

    x_star: float
    """Non-trivial fixed point."""
    a: float
    """Coefficient of the instantaneous term (= gamma)."""
    b: float
    """Coefficient of the delayed term."""
    tau_c: float
    """Critical delay of the Hopf bifurcation (inf when the fixed point never loses stability)."""
    omega_c: float
    """Angular frequency of the oscillation born at ``tau_c``."""

    @property
    def period(self) -> float:
        """Period ``2 pi / omega_c`` of the oscillation at onset."""
        return 2.0 * np.pi / self.omega_c if self.omega_c > 0 else np.inf


@njit(cache=True)
def _rk4(d, total, h, beta, gamma, n, x0):  # pragma: no cover - jitted
    x = np.empty(total + d)
    f = np.zeros(total + d)
    x[: d + 1] = x0
    for k in range(d, total + d - 1):
        xd0 = x[k - d]
        xd1 = x[k - d + 1]
        if k - d + 1 > d:
            xdm = 0.5 * (xd0 + xd1) + h * (f[k - d] - f[k - d + 1]) / 8.0
            if xdm < 0.0:
                # the cubic Hermite midpoint undershoots below 0 at a sharp rise of a
                # near-zero solution (tau = 100, gamma = 1); x^n needs x >= 0, and the
                # solution of a positive history stays positive: interpolate linearly
                xdm = 0.5 * (xd0 + xd1)
        else:  # the whole delayed step lies in the constant history
            xdm = xd0
        xk = x[k]
        k1 = beta * xd0 / (1.0 + xd0**n) - gamma * xk
        f[k] = k1
        k2 = beta * xdm / (1.0 + xdm**n) - gamma * (xk + 0.5 * h * k1)
        k3 = beta * xdm / (1.0 + xdm**n) - gamma * (xk + 0.5 * h * k2)
        k4 = beta * xd1 / (1.0 + xd1**n) - gamma * (xk + h * k3)
        x[k + 1] = xk + h * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0
    return x


@takes_specs(MACKEY_GLASS_SPECS)
def mackey_glass(
    n_samples: int = FROM_SPEC,
    *,
    tau: float = FROM_SPEC,
    beta: float = FROM_SPEC,
    gamma: float = FROM_SPEC,
    n: float = FROM_SPEC,
    x0: float = FROM_SPEC,
    sample_dt: float = FROM_SPEC,
    h: float = FROM_SPEC,
    discard: float = FROM_SPEC,
) -> MackeyGlass:
    """Integrate the Mackey-Glass equation and sample it every ``sample_dt``.

    Parameters
    ----------
    n_samples : int
        Number of samples returned.
    tau, beta, gamma, n, x0
        Equation parameters and constant history (see :data:`MACKEY_GLASS_SPECS`).
    sample_dt : float
        Sampling interval (time units).
    h : float
        Requested RK4 step; the step used is the largest ``tau / m`` (integer ``m``)
        not above ``h`` that also divides ``sample_dt`` to within rounding (else the
        nearest grid point is sampled).
    discard : float
        Transient (time units) integrated but not returned.

    Returns
    -------
    MackeyGlass
    """
    given = dict(n_samples=n_samples, tau=tau, beta=beta, gamma=gamma, n=n, x0=x0,
                 sample_dt=sample_dt, h=h, discard=discard)
    p = {spec.name: given[spec.name] for spec in MACKEY_GLASS_SPECS}
    d = int(np.ceil(p["tau"] / p["h"] - 1e-9))
    step = p["tau"] / d
    stride = max(1, int(round(p["sample_dt"] / step)))
    first = int(round(p["discard"] / step))
    total = first + stride * (p["n_samples"] - 1) + 1
    x = _rk4(d, total, step, p["beta"], p["gamma"], p["n"], p["x0"])
    idx = d + first + stride * np.arange(p["n_samples"])
    samples = x[idx]
    if not np.all(np.isfinite(samples)):
        raise ValueError("the Mackey-Glass integration diverged; lower h")
    p.update(h=step, sample_dt=stride * step)
    return MackeyGlass(t=(first + stride * np.arange(p["n_samples"])) * step, x=samples,
                       params=p)


@takes_specs(_RATES)
def fixed_point(*, beta: float = FROM_SPEC, gamma: float = FROM_SPEC,
                n: float = FROM_SPEC) -> float:
    """Non-trivial fixed point ``x* = (beta/gamma - 1)^(1/n)`` (needs ``beta > gamma``)."""
    if beta <= gamma:
        raise ValueError(f"beta = {beta} must exceed gamma = {gamma} for a non-trivial "
                         "fixed point")
    return float((beta / gamma - 1.0) ** (1.0 / n))


@takes_specs(_RATES)
def hopf_point(*, beta: float = FROM_SPEC, gamma: float = FROM_SPEC,
               n: float = FROM_SPEC) -> HopfPoint:
    """Critical delay and frequency where the fixed point loses stability."""
    xs = fixed_point(beta=beta, gamma=gamma, n=n)
    xn = xs**n
    a = float(gamma)
    b = float(-beta * (1.0 + (1.0 - n) * xn) / (1.0 + xn) ** 2)
    if b <= a:
        return HopfPoint(xs, a, b, np.inf, 0.0)
    omega = float(np.sqrt(b * b - a * a))
    return HopfPoint(xs, a, b, float(np.arccos(-a / b) / omega), omega)
