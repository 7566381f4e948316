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

:func:`fit_ppf` fits this law by separable least squares (variable projection;
Golub & Pereyra, SIAM J. Numer. Anal. 10:413, 1973): for any pair ``(tau1, tau2)``
the amplitudes ``C1, C2`` are the exact linear least-squares solution, so only the
two log time constants are optimised (:func:`scipy.optimize.least_squares`), from
every local minimum of a log-spaced grid of pairs; the lowest residual wins (the
global solution, not a degenerate ``tau1 ~ tau2`` pair).  The covariance of
``(C1, tau1, C2, tau2)`` is ``s^2 (J^T J)^-1`` (``J`` the Jacobian; ``s^2`` the
residual variance, or 1 with absolute ``sigma``).  A fit whose time constants the
data cannot resolve is flagged (``PPFFit.ill_conditioned``, ``PPFFit.warning``).

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
from scipy.optimize import least_squares

__all__ = ["ppf_double_exponential", "fit_ppf", "PPFFit", "MIN_TAU_RATIO"]


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
    ill_conditioned: bool = False
    """True when the data do not resolve two time constants (see ``warning``)."""
    warning: str = ""
    """Why the fit is ill-conditioned; empty for a well-conditioned fit."""

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

    def summary(self) -> str:
        """A readable table of the fitted parameters, their errors and any warning."""
        err = self.errors
        rows = [f"{'c1':>12}: {self.c1:.4g} +/- {err[0]:.2g}",
                f"{'tau1':>12}: {self.tau1 * 1e3:.4g} +/- {err[1] * 1e3:.2g} ms",
                f"{'c2':>12}: {self.c2:.4g} +/- {err[2]:.2g}",
                f"{'tau2':>12}: {self.tau2 * 1e3:.4g} +/- {err[3] * 1e3:.2g} ms",
                f"{'residual':>12}: RMS {self.residual_rms:.3g} ({self.n_points} points)"]
        if self.ill_conditioned:
            rows.append(f"{'WARNING':>12}: {self.warning}")
        return "\n".join(rows)


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


def _pair_grid_starts(x: np.ndarray, z: np.ndarray, wts: np.ndarray, grid: np.ndarray,
                      n_starts: int, min_ratio: float = 3.0) -> list[tuple[float, float]]:
    """Starting ``(tau1, tau2)`` pairs: the local minima of the grid's residual.

    For every grid pair ``tau_i < tau_j`` the weighted residual of the best amplitudes
    follows in closed form (2x2 normal equations); the ``n_starts`` lowest local
    minima over the triangular grid (8-neighbourhood) are returned, best first.
    """
    e = np.exp(-x[:, None] / grid[None, :]) * wts[:, None]  # (n, G) weighted basis
    s_mat = e.T @ e
    rhs = e.T @ z
    a11 = np.diag(s_mat)[:, None]
    a22 = np.diag(s_mat)[None, :]
    det = a11 * a22 - s_mat**2
    ok = np.triu(det > 1e-12 * a11 * a22, k=1)
    det = np.where(ok, det, 1.0)
    c1 = (a22 * rhs[:, None] - s_mat * rhs[None, :]) / det
    c2 = (a11 * rhs[None, :] - s_mat * rhs[:, None]) / det
    sse = np.where(ok, z @ z - (c1 * rhs[:, None] + c2 * rhs[None, :]), np.inf)
    padded = np.pad(sse, 1, constant_values=np.inf)
    g = grid.size
    neighbours = np.stack([padded[1 + di:1 + di + g, 1 + dj:1 + dj + g]
                           for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj])
    local = ok & (sse <= neighbours.min(axis=0))
    i, j = np.nonzero(local)
    order = np.argsort(sse[i, j])[:n_starts]
    starts = [(float(grid[i[k]]), float(grid[j[k]])) for k in order]
    # the valley of nearly equal time constants can swallow a small fast phase: also
    # start from well-separated pairs (tau2/tau1 >= min_ratio), for every n_starts-th
    # tau1 of the grid the best tau2
    sep = np.where(grid[None, :] >= min_ratio * grid[:, None], sse, np.inf)
    for a in range(0, g, max(1, g // n_starts)):
        b = int(np.argmin(sep[a]))
        if np.isfinite(sep[a, b]):
            starts.append((float(grid[a]), float(grid[b])))
    return starts


def _fit_time_constants(x: np.ndarray, z: np.ndarray, wts: np.ndarray,
                        start: tuple[float, float] | np.ndarray, lo: float, hi: float,
                        *, screen: bool = False):
    """Variable projection: optimise ``log tau``; the amplitudes are solved exactly.

    ``screen``: a quick refinement (unbounded Levenberg-Marquardt to 1e-8, clipped to
    ``[lo, hi]``) to compare starts; otherwise the bounded polish to full precision.
    Returns ``(rss, tau, amplitudes)``.
    """

    def basis(log_tau: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", under="ignore"):  # far-off trial taus: 0 or 1
            return np.exp(-x[:, None] * np.exp(-log_tau)[None, :]) * wts[:, None]

    def resid(log_tau: np.ndarray) -> np.ndarray:
        e = basis(log_tau)
        amp = np.linalg.lstsq(e, z, rcond=None)[0]
        return e @ amp - z

    bounds = (np.log(lo), np.log(hi))
    if screen:
        res = least_squares(resid, np.log(start), method="lm", xtol=1e-8, ftol=1e-8,
                            gtol=1e-8, max_nfev=400)
        log_tau = np.clip(res.x, *bounds)
    else:
        res = least_squares(resid, np.log(start), bounds=bounds, method="trf", xtol=1e-15,
                            ftol=1e-15, gtol=1e-15, max_nfev=2000)
        log_tau = res.x
    tau = np.exp(log_tau)
    r = resid(log_tau)
    amp = np.linalg.lstsq(basis(log_tau), z, rcond=None)[0]
    return float(r @ r), tau, amp


def _covariance(x: np.ndarray, wts: np.ndarray, p: np.ndarray, scale: float) -> np.ndarray:
    """``scale (J^T J)^-1`` of ``(c1, tau1, c2, tau2)`` by SVD (as ``curve_fit``);
    infinite where the weighted Jacobian ``J`` is rank deficient."""
    c1, t1, c2, t2 = p
    e1, e2 = np.exp(-x / t1), np.exp(-x / t2)
    jac = np.stack([e1, c1 * x / t1**2 * e1, e2, c2 * x / t2**2 * e2], axis=1) * wts[:, None]
    _, s, vt = np.linalg.svd(jac, full_matrices=False)
    if s[-1] <= np.finfo(float).eps * max(jac.shape) * s[0]:
        return np.full((4, 4), np.inf)
    return (vt.T / s**2) @ vt * scale


#: Time constants closer than this ratio are reported as unresolved.
MIN_TAU_RATIO = 1.05


def _conditioning(p: np.ndarray, cov: np.ndarray) -> str:
    """Why the fit cannot be trusted ("" when it can)."""
    c1, t1, c2, t2 = p
    err = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    reasons = []
    if not np.all(np.isfinite(cov)):
        reasons.append("singular Jacobian (a phase has no amplitude, or the two "
                       "exponentials cannot be told apart on these intervals)")
    if t2 / t1 < MIN_TAU_RATIO:
        reasons.append(f"tau2/tau1 = {t2 / t1:.4g} < {MIN_TAU_RATIO}: the time constants "
                       "coincide")
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(p != 0, err / np.where(p != 0, np.abs(p), 1.0), np.inf)
    names = ("c1", "tau1", "c2", "tau2")
    loose = [f"{n} +/- {100 * r:.3g}%" for n, r in zip(names, rel, strict=True)
             if r > 1.0]
    if loose and np.all(np.isfinite(cov)):
        cancel = " with amplitudes of opposite sign cancelling" if c1 * c2 < 0 else ""
        reasons.append("uncertainty larger than the value (" + ", ".join(loose) + ")" + cancel)
    if not reasons:
        return ""
    return ("ill-conditioned: " + "; ".join(reasons)
            + ". The data do not resolve two time constants; fit fewer parameters or "
              "measure over a wider range of intervals")


def fit_ppf(
    intervals: np.ndarray,
    ppf: np.ndarray,
    *,
    sigma: np.ndarray | float | None = None,
) -> PPFFit:
    """Fit ``PPF = 1 + C1 exp(-dt/tau1) + C2 exp(-dt/tau2)`` to measured data.

    Separable (variable-projection) least squares: for any pair of time constants
    the amplitudes ``C1, C2`` are the exact linear least-squares solution, so only
    ``(log tau1, log tau2)`` are optimised (:func:`scipy.optimize.least_squares`).
    The optimisation is started from every local minimum of the residual over a
    40 x 40 log-spaced grid of pairs (up to 8, best first) and from 8 well-separated
    pairs (``tau2/tau1 >= 3``, one per eighth of the ``tau1`` grid), and the lowest
    residual is kept: the global least-squares solution, also when a local
    minimum with ``tau1 ~ tau2`` and cancelling amplitudes exists.  Starts are
    compared after a quick refinement; the best is polished to full precision.

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
        With ``tau1 < tau2``, the covariance and the residual; ``ill_conditioned``
        and ``warning`` say when the data do not resolve the two time constants
        (ratio below :data:`MIN_TAU_RATIO`, a singular Jacobian, or a parameter
        whose uncertainty exceeds its value).

    Raises
    ------
    ValueError
        Mismatched lengths, fewer than 5 points, non-positive intervals, NaN, or a
        sigma that is not positive.

    Examples
    --------
    The example that once made this fit converge to ``tau1 ~ tau2 ~ 0.41 s``:

    >>> from neuroexplore.devices import SynapticTransistor, paired_pulse_facilitation
    >>> dev = SynapticTransistor(tau_edl=0.041, tau_doping=0.3906, k_on=280, k_ltp=0.0)
    >>> dt = np.geomspace(0.006, 8 * 0.3906, 30)
    >>> fit = fit_ppf(dt, paired_pulse_facilitation(dev, dt))
    >>> round(fit.tau1, 6), round(fit.tau2, 6), fit.ill_conditioned
    (0.041, 0.3906, False)
    >>> bool(fit.residual_rms < 1e-12)
    True

    A single exponential with noise has no second time constant to find:

    >>> rng = np.random.default_rng(1)
    >>> one = 1 + 0.3 * np.exp(-dt / 0.1) + rng.normal(0, 0.003, dt.size)
    >>> fit_ppf(dt, one).ill_conditioned
    True
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
    z = (y - 1.0) * wts

    lo, hi = x.min() / 5.0, x.max() * 5.0
    best = None  # every start refined loosely, the best one polished to full precision
    for start in _pair_grid_starts(x, z, wts, np.geomspace(lo, hi, 40), n_starts=8):
        cand = _fit_time_constants(x, z, wts, start, lo / 10, hi * 10, screen=True)
        if best is None or cand[0] < best[0]:
            best = cand
        if best[0] <= 1e-20 * float(z @ z):  # exact to rounding: nothing can do better
            break
    if best is None:  # pragma: no cover - the grid always has a finite pair
        raise ValueError("fit_ppf found no pair of time constants to start from")
    rss, tau, amp = _fit_time_constants(x, z, wts, best[1], lo / 10, hi * 10)
    order = np.argsort(tau)
    tau, amp = tau[order], amp[order]
    popt = np.array([amp[0], tau[0], amp[1], tau[1]])
    resid = y - ppf_double_exponential(x, *popt)
    dof = x.size - 4
    scale = 1.0 if sig is not None else (rss / dof if dof > 0 else np.inf)
    pcov = _covariance(x, wts, popt, scale)
    warning = _conditioning(popt, pcov)
    return PPFFit(
        c1=float(popt[0]), tau1=float(popt[1]), c2=float(popt[2]), tau2=float(popt[3]),
        covariance=pcov, residual_rms=float(np.sqrt(np.mean(resid**2))), n_points=int(x.size),
        ill_conditioned=bool(warning), warning=warning,
    )
