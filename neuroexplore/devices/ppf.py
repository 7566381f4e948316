"""Paired-pulse facilitation (PPF): the double-exponential law and its fit.

Synaptic transistors and biological synapses alike show facilitation of a second
response that decays with the pulse interval ``dt`` as

.. math::  \\mathrm{PPF}(\\Delta t) = A_2/A_1
           = 1 + C_1 e^{-\\Delta t/\\tau_1} + C_2 e^{-\\Delta t/\\tau_2},
           \\qquad \\tau_1 < \\tau_2,

a fast phase (``tau1``, tens of ms: ion/EDL relaxation; residual Ca2+ in biology)
and a slow one (``tau2``, hundreds of ms: ion diffusion into the channel).  Zucker
& Regehr, Annu. Rev. Physiol. 64:355 (2002) give the biological form; e.g. the
P3HT/PMMA synaptic transistor of ``shared/reference/neuron_models.md`` has
``tau1 ~ 18 ms``, ``tau2 ~ 218 ms``.  PPF is a ratio here (multiply by 100 for %).

:func:`fit_ppf` fits this law by variable projection: on a log-spaced grid of
``(tau1, tau2)`` pairs the amplitudes ``C1, C2`` follow from linear least squares;
the best pair seeds a nonlinear least-squares refinement
(:func:`scipy.optimize.curve_fit`) whose covariance gives the uncertainties.

Examples
--------
>>> dt = np.geomspace(0.005, 3.0, 30)
>>> y = ppf_double_exponential(dt, 0.6, 0.018, 0.3, 0.218)
>>> fit = fit_ppf(dt, y)
>>> round(fit.tau1 * 1e3, 3), round(fit.tau2 * 1e3, 3)
(18.0, 218.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

__all__ = ["ppf_double_exponential", "fit_ppf", "PPFFit"]


def ppf_double_exponential(
    dt: np.ndarray | float, c1: float, tau1: float, c2: float, tau2: float
) -> np.ndarray:
    """``1 + c1 exp(-dt/tau1) + c2 exp(-dt/tau2)`` (``dt``, ``tau`` in s)."""
    dt = np.asarray(dt, dtype=float)
    return 1.0 + c1 * np.exp(-dt / tau1) + c2 * np.exp(-dt / tau2)


@dataclass(frozen=True, eq=False)
class PPFFit:
    """Result of :func:`fit_ppf` (time constants in s, amplitudes dimensionless)."""

    c1: float
    """Amplitude of the fast phase."""
    tau1: float
    """Fast time constant (s), ``tau1 < tau2``."""
    c2: float
    """Amplitude of the slow phase."""
    tau2: float
    """Slow time constant (s)."""
    covariance: np.ndarray
    """4x4 covariance of ``(c1, tau1, c2, tau2)``."""
    residual_rms: float
    """Root-mean-square residual of the fit."""
    n_points: int
    """Number of data points fitted."""

    @property
    def params(self) -> np.ndarray:
        """``(c1, tau1, c2, tau2)``."""
        return np.array([self.c1, self.tau1, self.c2, self.tau2])

    @property
    def errors(self) -> np.ndarray:
        """One-sigma uncertainties of ``(c1, tau1, c2, tau2)``."""
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    def __call__(self, dt: np.ndarray | float) -> np.ndarray:
        """The fitted law evaluated at intervals ``dt`` (s)."""
        return ppf_double_exponential(dt, self.c1, self.tau1, self.c2, self.tau2)

    predict = __call__


def _as_data(name: str, values: np.ndarray) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a 1-D array of numbers, got {values!r}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if np.any(~np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def fit_ppf(
    intervals: np.ndarray,
    ppf: np.ndarray,
    *,
    sigma: np.ndarray | float | None = None,
) -> PPFFit:
    """Fit ``PPF = 1 + C1 exp(-dt/tau1) + C2 exp(-dt/tau2)`` to measured data.

    Parameters
    ----------
    intervals : array
        Pulse intervals ``dt`` (s), positive.
    ppf : array
        PPF as a ratio ``A2/A1`` (not percent).
    sigma : array or float, optional
        One-sigma measurement errors of ``ppf``.  Given: absolute uncertainties;
        omitted: scaled by the residual (``absolute_sigma=False``).

    Returns
    -------
    PPFFit
        With ``tau1 < tau2``, the covariance and the residual.

    Raises
    ------
    ValueError
        Mismatched lengths, fewer than 5 points, non-positive intervals, NaN, or a
        sigma that is not positive.
    """
    x = _as_data("intervals", intervals)
    y = _as_data("ppf", ppf)
    if x.size != y.size:
        raise ValueError(f"intervals and ppf must have the same length, got {x.size} "
                         f"and {y.size}")
    if x.size < 5:
        raise ValueError(f"fit_ppf needs at least 5 points (4 parameters), got {x.size}")
    if np.any(x <= 0):
        raise ValueError(f"intervals must be positive (s), got min {x.min():.6g}")
    if np.unique(x).size < 4:
        raise ValueError("intervals must contain at least 4 distinct values")
    sig = None
    if sigma is not None:
        sig = np.broadcast_to(np.asarray(sigma, dtype=float), x.shape).copy()
        if np.any(~np.isfinite(sig) | (sig <= 0)):
            raise ValueError("sigma must be positive and finite")
    wts = np.ones_like(x) if sig is None else 1.0 / sig

    lo, hi = x.min() / 5.0, x.max() * 5.0
    grid = np.geomspace(lo, hi, 40)
    e = np.exp(-x[:, None] / grid[None, :]) * wts[:, None]  # (n, G) weighted basis
    z = (y - 1.0) * wts
    s_mat = e.T @ e
    rhs = e.T @ z
    i, j = np.triu_indices(grid.size, k=1)  # all pairs tau1 < tau2
    a11, a12, a22 = s_mat[i, i], s_mat[i, j], s_mat[j, j]
    det = a11 * a22 - a12**2
    ok = det > 1e-12 * a11 * a22
    det = np.where(ok, det, 1.0)
    c1 = (a22 * rhs[i] - a12 * rhs[j]) / det
    c2 = (a11 * rhs[j] - a12 * rhs[i]) / det
    sse = np.where(ok, z @ z - (c1 * rhs[i] + c2 * rhs[j]), np.inf)
    k = int(np.argmin(sse))
    best = (sse[k], (c1[k], grid[i[k]], c2[k], grid[j[k]]))
    p0 = np.array(best[1])
    bounds = ([-np.inf, lo / 10, -np.inf, lo / 10], [np.inf, hi * 10, np.inf, hi * 10])
    try:
        popt, pcov = curve_fit(
            lambda d, c1, t1, c2, t2: ppf_double_exponential(d, c1, t1, c2, t2),
            x, y, p0=p0, sigma=sig, absolute_sigma=sig is not None,
            bounds=bounds, method="trf", x_scale="jac", max_nfev=20000,
        )
    except RuntimeError as exc:  # pragma: no cover - the grid start makes this rare
        raise ValueError(f"fit_ppf did not converge: {exc}") from exc
    if popt[1] > popt[3]:
        order = [2, 3, 0, 1]
        popt = popt[order]
        pcov = pcov[np.ix_(order, order)]
    resid = y - ppf_double_exponential(x, *popt)
    return PPFFit(
        c1=float(popt[0]), tau1=float(popt[1]), c2=float(popt[2]), tau2=float(popt[3]),
        covariance=pcov, residual_rms=float(np.sqrt(np.mean(resid**2))), n_points=int(x.size),
    )
