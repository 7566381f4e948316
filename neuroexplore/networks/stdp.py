"""Pair-based spike-timing-dependent plasticity (STDP).

Window (Bi & Poo 1998, J. Neurosci. 18:10464; pair rule as in Song, Miller &
Abbott 2000, Nat. Neurosci. 3:919, eq. 1), with :math:`\\Delta t = t_{post} - t_{pre}` in ms:

.. math::
    W(\\Delta t) = \\begin{cases} A_+\\, e^{-\\Delta t/\\tau_+} & \\Delta t > 0 \\\\
                                 -A_-\\, e^{\\Delta t/\\tau_-} & \\Delta t \\le 0 \\end{cases}

(:math:`\\Delta t = 0` counts as depression, the convention of
``shared/reference/neuron_models.md``).  Its integral is
:math:`\\int W = A_+\\tau_+ - A_-\\tau_-`.  Defaults: :math:`\\tau_+ = 16.8` ms,
:math:`\\tau_- = 33.7` ms (Bi & Poo 2001 fit, as tabulated by Pfister & Gerstner
2006, J. Neurosci. 26:9673); :math:`A_+ = 0.005`.

Balance of the window.  Song et al. (2000) set :math:`A_-/A_+ = 1.05` with
:math:`\\tau_+ = \\tau_- = 20` ms, so that the depression area exceeds the potentiation
area by 5 % and uncorrelated pre/post firing weakens a synapse slightly.  With the
unequal Bi & Poo time constants the same amplitude ratio would make the depression
area :math:`1.05 \\cdot 33.7/16.8 = 2.1` times the potentiation area
(:math:`\\int W = -0.093` ms with :math:`A_+ = 0.005`).  The balance is therefore the
declared parameter, the area ratio

.. math::
    r = \\frac{A_-\\tau_-}{A_+\\tau_+}, \\qquad
    A_- = r\\,A_+\\,\\frac{\\tau_+}{\\tau_-} \\quad (:func:`depression_amplitude`),

with default :math:`r = 1.05` (Song et al.'s intent): :math:`A_- = 0.002617` and
:math:`\\int W = A_+\\tau_+ (1 - r) = -0.0042` ms (:func:`window_integral`).

Online implementation (Morrison, Diesmann & Gerstner 2008, Biol. Cybern. 98:459,
sec. 4.1).  A presynaptic trace :math:`x` and a postsynaptic trace :math:`y` decay
as :math:`\\dot x = -x/\\tau_+`, :math:`\\dot y = -y/\\tau_-`, integrated exactly
between events.  At a post spike :math:`w \\mathrel{+}= A_+ x` then
:math:`y \\mathrel{+}= 1`; at a pre spike :math:`w \\mathrel{-}= A_- y` then
:math:`x \\mathrel{+}= 1` (``pairing="all_to_all"``: every pre/post pair
interacts).  With ``pairing="nearest"`` a spike resets its trace to 1 instead, so
each spike pairs only with the nearest preceding spike of the other neuron
(symmetric nearest-spike interaction, Morrison et al. 2008, Fig. 7).  Simultaneous
pre and post spikes are processed post first, matching :math:`W(0) = -A_-`.

Weight dependence: ``bounds="hard"`` applies the additive update and clips to
``[w_min, w_max]``; ``bounds="soft"`` scales potentiation by
:math:`(w_{max} - w)/(w_{max} - w_{min})` and depression by
:math:`(w - w_{min})/(w_{max} - w_{min})` (multiplicative rule, van Rossum, Bi &
Turrigiano 2000, J. Neurosci. 20:8812), also clipped as a safeguard against one
huge step.  Weights are dimensionless; times in ms; frequency in Hz.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs

__all__ = [
    "STDP_SPECS",
    "WINDOW_SPECS",
    "RULE_SPECS",
    "PROTOCOL_SPECS",
    "STDPTrace",
    "STDPFit",
    "stdp_window",
    "pair_window",
    "depression_amplitude",
    "window_integral",
    "stdp_online",
    "pair_protocol",
    "fit_stdp_window",
]

WINDOW_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("A_plus", 0.005, 0.0, 0.1, step=1e-4, doc="potentiation amplitude A+"),
    ParamSpec("area_ratio", 1.05, 0.0, 4.0, step=0.01,
              doc="depression/potentiation area A- tau- / (A+ tau+)"),
    ParamSpec("tau_plus", 16.8, 1.0, 100.0, step=0.1, unit="ms", doc="potentiation window tau+"),
    ParamSpec("tau_minus", 33.7, 1.0, 200.0, step=0.1, unit="ms", doc="depression window tau-"),
)
RULE_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("w0", 0.5, -10.0, 10.0, step=0.01, doc="initial weight"),
    ParamSpec("w_min", 0.0, -10.0, 10.0, step=0.01, doc="lower weight bound"),
    ParamSpec("w_max", 1.0, -10.0, 10.0, step=0.01, doc="upper weight bound"),
    ChoiceSpec("bounds", "hard", ("hard", "soft"), doc="additive+clip or multiplicative"),
    ChoiceSpec("pairing", "all_to_all", ("all_to_all", "nearest"), doc="spike interaction"),
)
PROTOCOL_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("delta_t", 10.0, -100.0, 100.0, step=0.5, unit="ms", doc="t_post - t_pre"),
    ParamSpec("n_pairs", 60, 1, 500, integer=True, doc="number of pre/post pairings"),
    ParamSpec("frequency", 1.0, 0.1, 100.0, log=True, unit="Hz", doc="pairing frequency"),
)
STDP_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = WINDOW_SPECS + RULE_SPECS + PROTOCOL_SPECS


@takes_specs(WINDOW_SPECS)
def depression_amplitude(
    *,
    A_plus: float = FROM_SPEC,
    area_ratio: float = FROM_SPEC,
    tau_plus: float = FROM_SPEC,
    tau_minus: float = FROM_SPEC,
) -> float:
    """The depression amplitude :math:`A_- = r A_+ \\tau_+/\\tau_-` of the window.

    ``area_ratio`` :math:`r = A_-\\tau_-/(A_+\\tau_+)` is the declared balance of the
    window; :math:`A_-` is derived from it (see the module docstring).

    Examples
    --------
    >>> round(depression_amplitude(), 8)                   # 1.05 * 0.005 * 16.8 / 33.7
    0.00261721
    >>> depression_amplitude(tau_plus=20.0, tau_minus=20.0)  # Song et al.: A- = 1.05 A+
    0.00525
    """
    return area_ratio * A_plus * tau_plus / tau_minus


@takes_specs(WINDOW_SPECS)
def window_integral(
    *,
    A_plus: float = FROM_SPEC,
    area_ratio: float = FROM_SPEC,
    tau_plus: float = FROM_SPEC,
    tau_minus: float = FROM_SPEC,
) -> float:
    """The window's integral :math:`\\int W\\,d\\Delta t = A_+\\tau_+ - A_-\\tau_-` (ms).

    Negative when depression dominates (``area_ratio > 1``): the mean drift of a
    synapse under uncorrelated pre/post Poisson firing at rates :math:`\\nu_{pre},
    \\nu_{post}` is :math:`\\nu_{pre}\\nu_{post}\\int W` (Kempter, Gerstner & van
    Hemmen 1999, Phys. Rev. E 59:4498).

    Examples
    --------
    >>> round(window_integral(), 6)         # A+ tau+ (1 - r) = 0.084 * (-0.05)
    -0.0042
    """
    A_minus = depression_amplitude(A_plus=A_plus, area_ratio=area_ratio, tau_plus=tau_plus,
                                   tau_minus=tau_minus)
    return A_plus * tau_plus - A_minus * tau_minus


@takes_specs(WINDOW_SPECS)
def stdp_window(
    *,
    delta_t_ms: np.ndarray | float,
    A_plus: float = FROM_SPEC,
    area_ratio: float = FROM_SPEC,
    tau_plus: float = FROM_SPEC,
    tau_minus: float = FROM_SPEC,
) -> np.ndarray:
    """Weight change of one pre/post pair separated by ``delta_t_ms = t_post - t_pre``.

    Parameters
    ----------
    delta_t_ms : float or ndarray
        Spike-time difference ``t_post - t_pre`` in **milliseconds** (keyword only:
        :func:`neuroexplore.devices.stdp_window` takes seconds).
    A_plus, area_ratio, tau_plus, tau_minus : float
        Potentiation amplitude (dimensionless), depression/potentiation area ratio
        :math:`A_-\\tau_-/(A_+\\tau_+)` and time constants (ms); see ``WINDOW_SPECS``.
        :math:`A_-` follows from them (:func:`depression_amplitude`).

    Returns
    -------
    ndarray
        The weight change, same shape as ``delta_t_ms``.

    Examples
    --------
    >>> float(stdp_window(delta_t_ms=16.8) / 0.005)
    0.36787944117144233
    >>> bool(stdp_window(delta_t_ms=0.0) == -depression_amplitude())
    True
    """
    A_minus = depression_amplitude(A_plus=A_plus, area_ratio=area_ratio, tau_plus=tau_plus,
                                   tau_minus=tau_minus)
    return pair_window(delta_t_ms, A_plus=A_plus, A_minus=A_minus, tau_plus=tau_plus,
                       tau_minus=tau_minus)


def pair_window(
    delta_t_ms: np.ndarray | float, *, A_plus: float, A_minus: float, tau_plus: float,
    tau_minus: float,
) -> np.ndarray:
    """The exponential pair window with explicit amplitudes, ``dt = t_post - t_pre`` (ms).

    For rules that declare both amplitudes themselves (a fitted window,
    :class:`STDPFit`; Diehl & Cook's ``nu_post``/``nu_pre``,
    :mod:`neuroexplore.applications.stdp_learning`).  ``dt = 0`` depresses.

    Examples
    --------
    >>> pair_window([-10.0, 0.0, 10.0], A_plus=1.0, A_minus=0.5, tau_plus=10.0,
    ...             tau_minus=10.0).round(4).tolist()
    [-0.1839, -0.5, 0.3679]
    """
    dt = np.asarray(delta_t_ms, dtype=float)
    if not np.all(np.isfinite(dt)):
        raise ValueError("delta_t_ms must be finite (ms)")
    pos = dt > 0
    # Evaluate each branch only where it applies, so exponentials never overflow.
    return np.where(
        pos,
        A_plus * np.exp(-np.where(pos, dt, 0.0) / tau_plus),
        -A_minus * np.exp(np.where(pos, 0.0, dt) / tau_minus),
    )


@dataclass(frozen=True)
class STDPTrace:
    """Weight trajectory of an online STDP run.

    Attributes
    ----------
    t : ndarray, shape (..., n_events + 1)
        Event times in ms (the first entry is the start, ``t = 0`` or earlier).
    w : ndarray, shape (..., n_events + 1)
        Weight just after each event (the first entry is ``w0``).
    pre_times, post_times : ndarray
        The spike trains used (for a sweep, those of the last row).
    """

    t: np.ndarray
    w: np.ndarray
    pre_times: np.ndarray
    post_times: np.ndarray

    @property
    def w_final(self) -> np.ndarray | float:
        out = self.w[..., -1]
        return float(out) if np.ndim(out) == 0 else out

    @property
    def dw_total(self) -> np.ndarray | float:
        out = self.w[..., -1] - self.w[..., 0]
        return float(out) if np.ndim(out) == 0 else out


def _rule(**p: float | str) -> dict:
    """The validated rule's parameters, with the derived ``A_minus`` (checks the bounds)."""
    _check_rule(p)
    p["A_minus"] = depression_amplitude(A_plus=p["A_plus"], area_ratio=p.pop("area_ratio"),
                                        tau_plus=p["tau_plus"], tau_minus=p["tau_minus"])
    return p


def _check_rule(p: dict) -> None:
    if not p["w_min"] < p["w_max"]:
        raise ValueError(f"w_min = {p['w_min']:g} must be below w_max = {p['w_max']:g}")
    if not p["w_min"] <= p["w0"] <= p["w_max"]:
        raise ValueError(
            f"w0 = {p['w0']:g} must lie between the weight bounds [w_min, w_max] = "
            f"[{p['w_min']:g}, {p['w_max']:g}]"
        )


def _run_events(
    times: np.ndarray, is_post: np.ndarray, p: dict
) -> tuple[np.ndarray, np.ndarray]:
    """Trace-based STDP over event rows sorted in time; vectorised across rows.

    ``times`` and ``is_post`` have shape ``(m, E)``; returns ``w`` of shape ``(m, E + 1)``.
    """
    m, E = times.shape
    w = np.empty((m, E + 1))
    w[:, 0] = p["w0"]
    x = np.zeros(m)
    y = np.zeros(m)
    last = np.full(m, times[:, 0] if E else 0.0)
    span = p["w_max"] - p["w_min"]
    soft = p["bounds"] == "soft"
    nearest = p["pairing"] == "nearest"
    # Loop over events in time (the rule is causal), vectorised over the sweep rows.
    for k in range(E):
        tk = times[:, k]
        gap = tk - last
        x *= np.exp(-gap / p["tau_plus"])
        y *= np.exp(-gap / p["tau_minus"])
        last = tk
        post = is_post[:, k]
        wk = w[:, k]
        if soft:
            up = p["A_plus"] * x * (p["w_max"] - wk) / span
            down = p["A_minus"] * y * (wk - p["w_min"]) / span
        else:
            up = p["A_plus"] * x
            down = p["A_minus"] * y
        w[:, k + 1] = np.clip(np.where(post, wk + up, wk - down), p["w_min"], p["w_max"])
        if nearest:
            y = np.where(post, 1.0, y)
            x = np.where(post, x, 1.0)
        else:
            y = y + post
            x = x + ~post
    return w, times


def _events(pre: np.ndarray, post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge spike rows into time-sorted events; post before pre at equal times."""
    times = np.concatenate([post, pre], axis=-1)
    is_post = np.concatenate([np.ones(post.shape, bool), np.zeros(pre.shape, bool)], axis=-1)
    order = np.argsort(times, axis=-1, kind="stable")  # stable: post (first) wins ties
    return np.take_along_axis(times, order, -1), np.take_along_axis(is_post, order, -1)


def _spike_train(name: str, s: np.ndarray) -> np.ndarray:
    s = np.asarray(s, dtype=float).ravel()
    if not np.all(np.isfinite(s)):
        raise ValueError(f"{name} must hold finite spike times (ms)")
    return np.sort(s)


@takes_specs(WINDOW_SPECS, RULE_SPECS)
def stdp_online(
    pre_times: np.ndarray,
    post_times: np.ndarray,
    *,
    A_plus: float = FROM_SPEC,
    area_ratio: float = FROM_SPEC,
    tau_plus: float = FROM_SPEC,
    tau_minus: float = FROM_SPEC,
    w0: float = FROM_SPEC,
    w_min: float = FROM_SPEC,
    w_max: float = FROM_SPEC,
    bounds: str = FROM_SPEC,
    pairing: str = FROM_SPEC,
) -> STDPTrace:
    """Online trace-based STDP of one synapse driven by explicit spike trains (ms).

    Examples
    --------
    >>> tr = stdp_online([0.0], [10.0], w0=0.5)
    >>> round(tr.dw_total / 0.005, 6) == round(float(np.exp(-10 / 16.8)), 6)
    True
    """
    p = _rule(A_plus=A_plus, area_ratio=area_ratio, tau_plus=tau_plus, tau_minus=tau_minus,
              w0=w0, w_min=w_min, w_max=w_max, bounds=bounds, pairing=pairing)
    pre = _spike_train("pre_times", pre_times)
    post = _spike_train("post_times", post_times)
    times, is_post = _events(pre[None, :], post[None, :])
    w, _ = _run_events(times, is_post, p)
    t0 = times[0, :1] if times.shape[1] else np.zeros(1)
    return STDPTrace(np.concatenate([t0, times[0]]), w[0], pre, post)


@takes_specs(STDP_SPECS)
def pair_protocol(
    delta_t: np.ndarray | float = FROM_SPEC,
    n_pairs: int = FROM_SPEC,
    frequency: float = FROM_SPEC,
    *,
    A_plus: float = FROM_SPEC,
    area_ratio: float = FROM_SPEC,
    tau_plus: float = FROM_SPEC,
    tau_minus: float = FROM_SPEC,
    w0: float = FROM_SPEC,
    w_min: float = FROM_SPEC,
    w_max: float = FROM_SPEC,
    bounds: str = FROM_SPEC,
    pairing: str = FROM_SPEC,
) -> STDPTrace:
    """Pairing protocol: pre spikes at ``k / frequency``, post spikes ``delta_t`` later.

    ``delta_t`` may be an array (a sweep of the timing); the runs are vectorised and
    the result's ``t``/``w`` gain a leading axis.  At low frequency
    (``1000/frequency >> tau``) each pair changes ``w`` by ``stdp_window(delta_t_ms=delta_t)``
    (far from the bounds, hard bounds); at higher frequency neighbouring pairs
    interact as well.

    Examples
    --------
    >>> tr = pair_protocol(10.0, n_pairs=10, frequency=1.0)
    >>> bool(np.isclose(tr.dw_total, 10 * stdp_window(delta_t_ms=10.0)))
    True
    """
    p = _rule(A_plus=A_plus, area_ratio=area_ratio, tau_plus=tau_plus, tau_minus=tau_minus,
              w0=w0, w_min=w_min, w_max=w_max, bounds=bounds, pairing=pairing)
    dts = np.atleast_1d(delta_t).astype(float)
    period = 1000.0 / frequency
    pre = np.arange(n_pairs) * period
    pre_rows = np.broadcast_to(pre, (dts.size, pre.size))
    post_rows = pre_rows + dts[:, None]
    times, is_post = _events(pre_rows, post_rows)
    w, _ = _run_events(times, is_post, p)
    t = np.concatenate([np.minimum(times[:, :1], 0.0), times], axis=1)
    if np.ndim(delta_t) == 0:
        return STDPTrace(t[0], w[0], pre, post_rows[0])
    shape = np.shape(delta_t)
    return STDPTrace(t.reshape(*shape, -1), w.reshape(*shape, -1), pre, post_rows[-1])


@dataclass(frozen=True)
class STDPFit:
    """Parameters of the exponential window fitted by :func:`fit_stdp_window`."""

    A_plus: float
    tau_plus: float
    A_minus: float
    tau_minus: float

    def window(self, delta_t_ms: np.ndarray | float) -> np.ndarray:
        """The fitted window at ``delta_t_ms = t_post - t_pre`` (ms)."""
        return pair_window(delta_t_ms, A_plus=self.A_plus, A_minus=self.A_minus,
                           tau_plus=self.tau_plus, tau_minus=self.tau_minus)


def fit_stdp_window(delta_t_ms: np.ndarray, dw: np.ndarray) -> STDPFit:
    """Least-squares fit of the two exponential branches to measured ``(delta_t_ms, dw)``.

    ``delta_t_ms = t_post - t_pre`` is in milliseconds (the time constants of the
    result too).  Each branch (``dt > 0`` and ``dt <= 0``, at least 3 points each)
    is fitted with :func:`scipy.optimize.curve_fit`, started from a log-linear fit.
    """
    dt = np.asarray(delta_t_ms, dtype=float).ravel()
    dw = np.asarray(dw, dtype=float).ravel()
    if dt.shape != dw.shape or not (np.all(np.isfinite(dt)) and np.all(np.isfinite(dw))):
        raise ValueError("dt and dw must be finite arrays of the same length")

    def branch(x: np.ndarray, yv: np.ndarray, name: str) -> tuple[float, float]:
        if x.size < 3:
            raise ValueError(f"fit_stdp_window needs >= 3 points with {name}, got {x.size}")
        good = yv > 0
        if good.sum() >= 2 and np.ptp(x[good]) > 0:
            slope, icpt = np.polyfit(x[good], np.log(yv[good]), 1)
            a0, tau0 = float(np.exp(icpt)), float(np.clip(-1.0 / slope, 1.0, 1e3))
        else:
            a0, tau0 = float(np.max(np.abs(yv))) or 1e-3, 20.0
        try:
            (a, tau), _ = curve_fit(lambda s, a, tau: a * np.exp(-s / tau), x, yv,
                                    p0=(a0, tau0), bounds=([0.0, 1e-3], [np.inf, 1e4]))
        except RuntimeError as err:
            raise ValueError(f"the STDP window fit did not converge for {name}") from err
        return float(a), float(tau)

    pos = dt > 0
    a_p, t_p = branch(dt[pos], dw[pos], "dt > 0")
    a_m, t_m = branch(-dt[~pos], -dw[~pos], "dt <= 0")
    return STDPFit(a_p, t_p, a_m, t_m)
