"""Fitting VTEAM to a measured I-V sweep, and a data-driven I-V model against it.

VTEAM (Kvatinsky, Ramadan, Friedman & Kolodny, IEEE TCAS-II 62:786, 2015, eq. 1; see
:mod:`neuroexplore.devices.iv`): the state ``x`` moves only beyond the thresholds,

.. math::  \\frac{dw}{dt} = k_{off} (v/v_{off} - 1)^{\\alpha_{off}} \\; (v > v_{off}), \\quad
           k_{on} (v/v_{on} - 1)^{\\alpha_{on}} \\; (v < v_{on}),

and ``i = v / R(x)``.  :func:`fit_vteam` fits the switching kinetics -- ``log10 k_off``,
``log10 |k_on|``, ``alpha_off``, ``alpha_on`` -- by ``scipy.optimize.least_squares`` on
the current normalised by its range, the other parameters (``r_on``, ``r_off``,
thresholds, ``d``, ``x0``, ``iv``) being given (they come from the low-field resistance
and the switching onsets of the sweep).  The finite-difference Jacobian is one
vectorised :func:`~neuroexplore.devices.simulate_iv` call (parameters broadcast).

The data-driven model (:func:`compare_iv_models`) is a Gaussian process (Rasmussen &
Williams 2006) of the current against the voltage and the flux ``phi = int v dt`` (V s),
the state surrogate of a flux-controlled memristor (Chua 1971).  It interpolates held-out
samples of the measured sweep but has no threshold or power law to carry to a larger
amplitude: there the fitted VTEAM wins.

Units: V, A, s, ohm, m/s.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..seeding import as_seed
from .iv import MODEL_SPECS, simulate_iv
from .waveforms import sine

__all__ = ["VteamFit", "fit_vteam", "compare_iv_models", "VTEAM_FITTED"]

#: The VTEAM parameters :func:`fit_vteam` fits (the kinetics).
VTEAM_FITTED = ("k_off", "k_on", "alpha_off", "alpha_on")


@dataclass(frozen=True)
class VteamFit:
    """Result of :func:`fit_vteam`: ``params`` (all VTEAM parameters, SI), ``rmse`` (A)."""

    params: dict
    rmse: float
    nfev: int

    def current(self, waveform: Any, t: np.ndarray) -> np.ndarray:
        """Current (A) of the fitted device under ``waveform`` at times ``t`` (s)."""
        return simulate_iv("vteam", waveform, t, **self.params).i


def _theta_to_params(theta: np.ndarray, fixed: dict) -> dict:
    theta = np.asarray(theta, dtype=float)
    return {**fixed, "k_off": 10.0 ** theta[..., 0], "k_on": -(10.0 ** theta[..., 1]),
            "alpha_off": theta[..., 2], "alpha_on": theta[..., 3]}


def fit_vteam(t: Any, v: Any, i: Any, *, fixed: dict | None = None,
              start: dict | None = None) -> VteamFit:
    """Least-squares VTEAM kinetics to a measured I-V trace ``(t, v, i)``.

    Parameters
    ----------
    t, v, i : arrays (s, V, A)
        Strictly increasing times, the applied voltage and the measured current.
    fixed : dict, optional
        VTEAM parameters held fixed (defaults: the :mod:`~neuroexplore.devices.iv`
        defaults), e.g. ``r_on``, ``r_off``, ``v_on``, ``v_off``, ``d``, ``x0``.
    start : dict, optional
        Starting ``k_off``, ``k_on``, ``alpha_off``, ``alpha_on`` (default: the defaults).

    Returns
    -------
    VteamFit

    Raises
    ------
    ValueError
        naming ``t``, ``v``, ``i`` or an unknown parameter in ``fixed``/``start``.
    """
    from scipy.interpolate import interp1d
    from scipy.optimize import least_squares

    t = np.asarray(t, dtype=float)
    v = np.asarray(v, dtype=float)
    i = np.asarray(i, dtype=float)
    if t.ndim != 1 or t.size < 10 or v.shape != t.shape or i.shape != t.shape:
        raise ValueError(f"t, v and i must be 1-D of equal length >= 10, got shapes "
                         f"{t.shape}, {v.shape}, {i.shape}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(v)) and np.all(np.isfinite(i))):
        raise ValueError("t, v and i must be finite (no NaN/inf)")
    if np.any(np.diff(t) <= 0):
        raise ValueError("t must increase strictly")
    names = {s.name for s in MODEL_SPECS["vteam"]}
    defaults = {s.name: s.default for s in MODEL_SPECS["vteam"]}
    fixed = dict(fixed or {})
    start = dict(start or {})
    for label, dct in (("fixed", fixed), ("start", start)):
        bad = set(dct) - names
        if bad:
            raise ValueError(f"{label}: unknown VTEAM parameter(s) {sorted(bad)}; expected "
                             f"some of {sorted(names)}")
    base = {k: val for k, val in defaults.items() if k not in VTEAM_FITTED}
    base.update({k: val for k, val in fixed.items() if k not in VTEAM_FITTED})
    s0 = {k: defaults[k] for k in VTEAM_FITTED} | start
    theta0 = np.array([math.log10(s0["k_off"]), math.log10(-s0["k_on"]), s0["alpha_off"],
                       s0["alpha_on"]])
    lo = np.array([-15.0, -15.0, 1.0, 1.0])
    hi = np.array([2.0, 2.0, 10.0, 10.0])
    wave = interp1d(t, v, kind="linear", bounds_error=False, fill_value=(v[0], v[-1]))
    scale = float(np.ptp(i)) or 1.0
    steps = np.array([1e-3, 1e-3, 1e-3, 1e-3])

    def batch(thetas: np.ndarray) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return simulate_iv("vteam", wave, t, **_theta_to_params(thetas, base)).i

    def fun(theta: np.ndarray) -> np.ndarray:
        return (batch(theta[None, :])[0] - i) / scale

    def jac(theta: np.ndarray) -> np.ndarray:
        h = np.where(theta + steps > hi, -steps, steps)  # stay inside the specs' ranges
        pts = theta[None, :] + np.diag(h)
        cur = batch(np.vstack([theta[None, :], pts]))
        return ((cur[1:] - cur[0]) / h[:, None]).T / scale

    res = least_squares(fun, np.clip(theta0, lo, hi), jac=jac, bounds=(lo, hi),
                        x_scale=np.array([1.0, 1.0, 1.0, 1.0]), max_nfev=60)
    params = {k: (float(val) if not isinstance(val, str) else val)
              for k, val in _theta_to_params(res.x, base).items()}
    rmse = float(np.sqrt(np.mean((res.fun * scale) ** 2)))
    return VteamFit(params=params, rmse=rmse, nfev=int(res.nfev))


def _gp_iv(t: np.ndarray, v: np.ndarray, i: np.ndarray, seed: int) -> Any:
    from scipy.integrate import cumulative_trapezoid
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    from ..threads import limit_threads

    def feats(tt: np.ndarray, vv: np.ndarray) -> np.ndarray:
        phi = cumulative_trapezoid(vv, tt, initial=0.0)
        return np.stack([vv, phi], 1)

    mu, sd = float(np.mean(i)), float(np.std(i)) or 1.0
    kernel = (ConstantKernel(1.0, (1e-3, 1e3)) * RBF([0.3, 0.1], (1e-3, 1e2))
              + WhiteKernel(1e-2, (1e-8, 1.0)))
    gp = GaussianProcessRegressor(kernel, n_restarts_optimizer=0, random_state=seed)
    return gp, feats, mu, sd, limit_threads, ConvergenceWarning


def compare_iv_models(
    *,
    train_amplitude: float = 0.45,
    test_amplitudes: tuple[float, ...] = (0.55, 0.65),
    frequency: float = 1.0,
    noise: float = 0.005,
    holdout: float = 0.3,
    n_samples: int = 201,
    seed: int = 0,
    params: dict | None = None,
) -> Any:
    """VTEAM fit against a GP of ``i(v, phi)`` on a noisy VTEAM sine sweep.

    The "measurement" is one period of a sine of ``train_amplitude`` (V) applied to a
    VTEAM device (``params``, default the :mod:`~neuroexplore.devices.iv` defaults),
    sampled at ``n_samples`` times, with Gaussian current noise of std ``noise`` times
    the current range.  The VTEAM fit starts from 10x the true rates and exponents 2.
    Questions: ``"interpolation"`` (a random ``holdout`` fraction of
    the samples held out; RMSE against the noise-free current there) and
    ``"extrapolation"`` (the noise-free current under larger amplitudes
    ``test_amplitudes``, beyond the measured voltage range).

    Returns
    -------
    pandas.DataFrame
        Rows ``model`` (``"vteam"``, ``"gp"``), ``question``, ``amplitude`` (V),
        ``n_train``, ``rmse`` (A), ``nrmse`` (RMSE over the true current's range there),
        ``fit_seconds``.
    """
    import pandas as pd

    for name, val, lo, hi in (("train_amplitude", train_amplitude, 0.05, 5.0),
                              ("noise", noise, 0.0, 0.5), ("holdout", holdout, 0.05, 0.8),
                              ("frequency", frequency, 1e-3, 1e6)):
        if not (isinstance(val, (int, float)) and lo <= val <= hi):
            raise ValueError(f"{name} = {val!r} is outside its valid range [{lo}, {hi}]")
    if not 20 <= int(n_samples) <= 5000:
        raise ValueError(f"n_samples = {n_samples!r} is outside its valid range [20, 5000]")
    seed = as_seed(seed)
    rng = np.random.default_rng(seed)
    true = dict(params or {})
    t = np.linspace(0.0, 1.0 / frequency, int(n_samples))
    clean = simulate_iv("vteam", sine(train_amplitude, frequency), t, **true).i
    v = sine(train_amplitude, frequency)(t)
    meas = clean + noise * float(np.ptp(clean)) * rng.standard_normal(t.size)
    held = rng.random(t.size) < holdout
    held[[0, -1]] = False
    fixed = {k: val for k, val in true.items() if k not in VTEAM_FITTED}
    rows = []

    t0 = time.perf_counter()
    # VTEAM: simulate on the full time grid, fit to the kept samples only
    keep = ~held
    # started away from the truth (10x the rates, exponents 2)
    start = {"k_off": 10 * float(true.get("k_off", 3e-8)),
             "k_on": 10 * float(true.get("k_on", -3e-8)), "alpha_off": 2.0, "alpha_on": 2.0}
    fit = fit_vteam(t[keep], v[keep], meas[keep], fixed=fixed, start=start)
    t_vteam = time.perf_counter() - t0
    t0 = time.perf_counter()
    gp, feats, mu, sd, limit_threads, conv = _gp_iv(t, v, meas, seed)
    x_all = feats(t, v)
    with limit_threads(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", conv)
        gp.fit(x_all[keep], (meas[keep] - mu) / sd)
    t_gp = time.perf_counter() - t0

    def add(model: str, question: str, amp: float, pred: np.ndarray, truth: np.ndarray,
            secs: float) -> None:
        rmse = float(np.sqrt(np.mean((pred - truth) ** 2)))
        rows.append(dict(model=model, question=question, amplitude=amp,
                         n_train=int(keep.sum()), rmse=rmse,
                         nrmse=rmse / float(np.ptp(truth)), fit_seconds=secs))

    add("vteam", "interpolation", train_amplitude, fit.current(sine(train_amplitude, frequency),
                                                               t)[held], clean[held], t_vteam)
    add("gp", "interpolation", train_amplitude, mu + sd * gp.predict(x_all[held]),
        clean[held], t_gp)
    for amp in test_amplitudes:
        wave = sine(float(amp), frequency)
        truth = simulate_iv("vteam", wave, t, **true).i
        add("vteam", "extrapolation", float(amp), fit.current(wave, t), truth, t_vteam)
        add("gp", "extrapolation", float(amp), mu + sd * gp.predict(feats(t, wave(t))), truth,
            t_gp)
    return pd.DataFrame(rows)
