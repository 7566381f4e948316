"""Retention: stretched-exponential (Kohlrausch) relaxation of a programmed conductance.

.. math::

    G(t) = G_{rest} + (G_0 - G_{rest}) \\exp[-(t/\\tau)^\\beta]

(Kohlrausch 1854; Williams & Watts 1970) -- the form used for short-term memory
decay in memristive synapses (e.g. Ohno et al., Nat. Mater. 10:591, 2011; Chang
et al., ACS Nano 5:7669, 2011).  ``beta = 1`` is a simple exponential; ``beta < 1``
describes a distribution of relaxation times.

Units: siemens (S), seconds (s).

Examples
--------
>>> float(retention(1.0, g0=2e-6, g_rest=1e-6, tau=1.0, beta=1.0)) == 1e-6 + 1e-6 / np.e
True
>>> round(float(retention_time(np.exp(-1.0), tau=5.0, beta=0.5)), 12)
5.0
"""

from __future__ import annotations

import numpy as np

from ..params import FROM_SPEC, ParamSpec, takes_specs

__all__ = ["RETENTION_SPECS", "retention", "retention_time"]

RETENTION_SPECS = (
    ParamSpec("g0", 1e-5, 0.0, 1.0, unit="S", doc="conductance just after programming"),
    ParamSpec("g_rest", 1e-6, 0.0, 1.0, unit="S", doc="resting conductance reached at long times"),
    ParamSpec("tau", 100.0, 1e-9, 1e9, unit="s", log=True, doc="relaxation time"),
    ParamSpec("beta", 0.5, 0.01, 1.0, step=0.01, doc="stretching exponent (1 = exponential)"),
)


@takes_specs(RETENTION_SPECS)
def retention(
    t: np.ndarray | float,
    *,
    g0: float | np.ndarray = FROM_SPEC,
    g_rest: float | np.ndarray = FROM_SPEC,
    tau: float | np.ndarray = FROM_SPEC,
    beta: float | np.ndarray = FROM_SPEC,
) -> np.ndarray:
    """Conductance (S) at times ``t >= 0`` (s) after programming; parameters broadcast."""
    t = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t) | (t < 0)):
        raise ValueError("t must be finite and >= 0 s")
    return g_rest + (g0 - g_rest) * np.exp(-((t / tau) ** beta))


@takes_specs(RETENTION_SPECS[2:])
def retention_time(
    fraction: np.ndarray | float,
    *,
    tau: float | np.ndarray = FROM_SPEC,
    beta: float | np.ndarray = FROM_SPEC,
) -> np.ndarray:
    """Time (s) at which ``(G - G_rest)/(G0 - G_rest)`` has decayed to ``fraction`` in (0, 1].

    ``t = tau (-ln fraction)^(1/beta)``.
    """
    f = np.asarray(fraction, dtype=float)
    if np.any(~np.isfinite(f) | (f <= 0) | (f > 1)):
        raise ValueError(f"fraction = {fraction!r} must lie in (0, 1]")
    return tau * (-np.log(f)) ** (1.0 / beta)
