"""Data-driven device models learned from pulse measurements, and a learned model as a device.

A pulse-programmed synapse is a one-dimensional state machine: what one identical pulse
does depends only on the present conductance and the pulse's polarity (this is the
assumption behind every compact pulse model, NeuroSim's included).  The learners here
therefore learn the **state-update map** (the same map
:meth:`~neuroexplore.devices.PulseDevice.apply_pulses` implements with its equations)

.. math::  h_{n+1} = h_n + \\Delta_d(h_n) + \\varepsilon_n, \\qquad
           \\varepsilon_n \\sim \\mathcal N(0, \\sigma_{c2c}^2),

with the normalised conductance ``h = (G - G_lo)/(G_hi - G_lo)`` (``G_lo``, ``G_hi``
the measured range, S, to which ``h_{n+1}`` is clipped), the direction ``d`` (+1 LTP,
-1 LTD) and the cycle-to-cycle noise ``sigma_c2c`` per pulse in units of the range
(the ``c2c_sigma`` of :class:`~neuroexplore.devices.PulseDevice`).  Two learners of ``Delta_d``:

``"gp"``
    Gaussian-process regression (Rasmussen & Williams, *Gaussian Processes for Machine
    Learning*, MIT Press 2006, ch. 2 and 5), one GP per direction with the kernel
    ``C RBF(l) + White(s^2)`` and hyper-parameters by maximum marginal likelihood
    (scikit-learn's ``GaussianProcessRegressor``).  The white-noise level ``s^2`` *is*
    the per-pulse c2c variance; the predictive std of the next conductance is
    ``sqrt(var_latent + s^2)``.
``"mlp"``
    A small torch multilayer perceptron ``(h, d) -> Delta`` (two hidden layers of 8 tanh
    units: wider nets fit the c2c noise), seeded and deterministic, 400 full-batch Adam
    steps on the squared error (< 1 s of CPU);
    ``sigma_c2c`` is the residual std.  torch is imported only when this learner runs.

Iterating the mean map from the start of a cycle gives the predicted pulse response;
tabulating it gives a :class:`TabulatedDevice`, a ``PulseDevice``-compatible device
(``model = "table"``) that the crossbar engine programs and trains like any preset.

Why the map, and not ``G`` against pulse number?  A regression of ``G`` on the pulse
number (``"gp_curve"`` in :func:`compare_device_models`) interpolates well but, beyond
the measured pulses, a stationary GP reverts to its prior mean: it forgets that the
device keeps moving.  The map ``Delta(h)`` is a property of the *state*: it still
predicts within the measured conductance range however many pulses are applied, and it
is the update rule a crossbar needs.  Outside the measured conductance range the map
itself must extrapolate, and there a physical compact model (the NeuroSim exponential,
Chen, Peng & Yu, IEEE TCAD 37:3067, 2018; VTEAM for I-V, Kvatinsky et al., IEEE TCAS-II
62:786, 2015) carries its equation beyond the data, which a data-driven model cannot.

Units: siemens (S), pulses; ``c2c_sigma`` as a fraction of the conductance range.

Examples
--------
>>> from neuroexplore.devices import get_device
>>> p, g, d, c = pulse_cycles(get_device("HZO FeFET"), n_cycles=2, seed=0)
>>> model = fit_learned_device(p, g, d, cycle=c, method="gp", seed=0)
>>> model.states_ltp, model.states_ltd, bool(0.002 < model.c2c_sigma < 0.01)
(32, 32, True)
>>> dev = model.to_device()
>>> dev.model, dev.states_ltp, len(dev.levels_ltp)
('table', 32, 33)
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..seeding import as_generator, as_seed
from .fitting import _cycle_blocks, _split, pulse_arrays
from .pulse import pulse_inputs

__all__ = [
    "LEARNED_METHODS",
    "LearnedDeviceModel",
    "TabulatedDevice",
    "fit_learned_device",
    "learn_from_measurements",
    "pulse_cycles",
    "COMPARED_MODELS",
    "QUESTIONS",
    "ModelComparison",
    "compare_device_models",
]

#: The learners of :func:`fit_learned_device`.
LEARNED_METHODS = ("gp", "mlp")
#: Most transitions per direction a GP is trained on (O(n^3)); more are subsampled.
GP_MAX_POINTS = 1500


# --------------------------------------------------------------------------- data
def pulse_cycles(device: Any, n_cycles: int = 3, seed: int | None = 0
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``n_cycles`` measured-style LTP/LTD cycles of ``device`` with its c2c noise.

    Each cycle is :func:`~neuroexplore.devices.pulse_cycle` (``states_ltp`` LTP pulses
    from ``g_min``, then ``states_ltd`` LTD pulses), the pulse count restarting at 0;
    cycle ``k`` is drawn with the ``k``-th seed spawned from ``seed``.

    Returns
    -------
    pulse, conductance (S), direction (+1/-1), cycle (0, 1, ...) : arrays
        The layout of :func:`~neuroexplore.devices.load_measurements` and
        :func:`~neuroexplore.devices.fit_pulse_response`.
    """
    from ..seeding import spawn_seeds
    from .fitting import pulse_cycle

    if isinstance(n_cycles, bool) or not isinstance(n_cycles, (int, np.integer)) \
            or not 1 <= n_cycles <= 1000:
        raise ValueError(f"n_cycles = {n_cycles!r} must be an integer in [1, 1000]")
    seeds = spawn_seeds(as_seed(seed), int(n_cycles))
    runs = [pulse_cycle(device, seed=s) for s in seeds]
    p, g, d = (np.concatenate(a) for a in zip(*runs, strict=True))
    c = np.repeat(np.arange(int(n_cycles)), runs[0][0].size)
    return p, g, d.astype(int), c


@dataclass(frozen=True)
class _Prepared:
    """Validated measurement split into cycles and one-pulse transitions."""

    g_lo: float
    g_hi: float
    h_before: np.ndarray  # normalised conductance before the pulse
    h_after: np.ndarray
    d: np.ndarray  # +1 / -1 of the pulse
    g_start: float  # mean first conductance of the cycles (S)
    g_top: float  # mean conductance at the LTP -> LTD turning point (S)
    states_ltp: int
    states_ltd: int
    tops: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()


def _prepare(pulses: Any, conductance: Any, direction: Any, cycle: Any) -> _Prepared:
    p, g = pulse_arrays(pulses, conductance)
    if np.any(g < 0):
        raise ValueError("conductance must be >= 0 S")
    g_lo, g_hi = float(g.min()), float(g.max())
    if not g_hi > g_lo:
        raise ValueError("conductance does not change: nothing to learn")
    if direction is not None:
        direction = np.asarray(direction)
        if direction.shape != g.shape or not np.all(np.isin(direction, (-1, 1))):
            raise ValueError("direction must be +1 (LTP) / -1 (LTD) per point, like "
                             "conductance")
    blocks = _cycle_blocks(cycle, g.size)
    hb, ha, dd, starts, tops, n_p, n_d = [], [], [], [], [], [], []
    span = g_hi - g_lo
    for _, rows in blocks:
        pc, gc = p[rows], g[rows]
        if pc.size < 4 or np.any(np.diff(pc) <= 0):
            raise ValueError("pulses must increase strictly within each cycle (>= 4 points "
                             "per cycle; give cycle= when the count restarts)")
        dc = None if direction is None else direction[rows]
        top = _split(gc, dc) if dc is None or dc[0] > 0 else -1
        d_pt = np.where(np.arange(gc.size) <= top, 1, -1) if dc is None else dc
        step = np.diff(pc)
        one = step == 1
        hb.append((gc[:-1][one] - g_lo) / span)
        ha.append((gc[1:][one] - g_lo) / span)
        dd.append(d_pt[1:][one])
        starts.append(gc[0])
        if top >= 0:
            tops.append(gc[top])
            n_p.append(pc[top] - pc[0])
            if top < gc.size - 1:
                n_d.append(pc[-1] - pc[top])
    h_before, h_after, d = (np.concatenate(a) for a in (hb, ha, dd))
    if h_before.size == 0:
        raise ValueError("pulses: no two consecutive points one pulse apart; the learned "
                         "map needs the conductance before and after single pulses")
    n_ltp = int((d > 0).sum())
    n_ltd = int((d < 0).sum())
    if n_ltp < 3 or n_ltd < 3:
        raise ValueError(f"direction: need >= 3 single-pulse transitions of each polarity, "
                         f"got {n_ltp} LTP and {n_ltd} LTD (measure a full LTP/LTD cycle)")
    states_ltp = max(2, int(round(np.mean(n_p)))) if n_p else 2
    states_ltd = max(2, int(round(np.mean(n_d)))) if n_d else states_ltp
    g_top = float(np.mean(tops)) if tops else g_hi
    return _Prepared(g_lo, g_hi, h_before, h_after, d.astype(int), float(np.mean(starts)),
                     g_top, states_ltp, states_ltd)


# ------------------------------------------------------------------------ learners
def _fit_gp(h: np.ndarray, dh: np.ndarray, seed: int) -> tuple[Callable, float, str]:
    """One GP ``Delta(h)``; returns (predict(h) -> (mean, latent var), noise var, kernel)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    if h.size > GP_MAX_POINTS:
        keep = np.random.default_rng(seed).choice(h.size, GP_MAX_POINTS, replace=False)
        h, dh = h[keep], dh[keep]
    scale = float(np.std(dh)) or 1e-6
    kernel = (ConstantKernel(1.0, (1e-3, 1e3)) * RBF(0.3, (2e-2, 1e2))
              + WhiteKernel(0.5, (1e-6, 2.0)))
    gp = GaussianProcessRegressor(kernel, normalize_y=False, n_restarts_optimizer=0,
                                  random_state=seed)
    mean = float(np.mean(dh))
    from ..threads import limit_threads

    with limit_threads(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(h[:, None], (dh - mean) / scale)
    noise = float(gp.kernel_.k2.noise_level) * scale**2

    def predict(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mu, sd = gp.predict(np.asarray(x, dtype=float).reshape(-1, 1), return_std=True)
        var = np.maximum(sd**2 * scale**2 - noise, 0.0)  # latent variance (noise removed)
        return mean + scale * mu, var

    return predict, noise, str(gp.kernel_)


def _fit_mlp(h: np.ndarray, d: np.ndarray, dh: np.ndarray, seed: int, steps: int = 400
             ) -> tuple[Callable, float, str]:
    """Small torch MLP ``(h, d) -> Delta``; returns (predict(h, d) -> mean, noise var, info)."""
    import torch

    from ..threads import limit_threads

    scale = float(np.std(dh)) or 1e-6
    x = torch.tensor(np.stack([h, d.astype(float)], 1), dtype=torch.float64)
    y = torch.tensor(dh / scale, dtype=torch.float64)[:, None]
    with limit_threads(1), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = torch.nn.Sequential(
            torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
            torch.nn.Linear(8, 1)).to(torch.float64)
        opt = torch.optim.Adam(net.parameters(), lr=1e-2)
        for _ in range(steps):
            opt.zero_grad()
            loss = torch.mean((net(x) - y) ** 2)
            loss.backward()
            opt.step()
        with torch.no_grad():
            resid = (net(x) - y).numpy().ravel() * scale
    noise = float(np.mean(resid**2))

    def predict(hq: np.ndarray, dq: np.ndarray) -> np.ndarray:
        hq = np.asarray(hq, dtype=float).ravel()
        dq = np.broadcast_to(np.asarray(dq, dtype=float), hq.shape)
        with torch.no_grad(), limit_threads(1):
            out = net(torch.tensor(np.stack([hq, dq], 1), dtype=torch.float64))
        return out.numpy().ravel() * scale

    return predict, noise, f"MLP 2-8-8-1 tanh, Adam lr 1e-2, {steps} full-batch steps"


@dataclass(frozen=True, eq=False)
class LearnedDeviceModel:
    """A learned state-update map ``G_{n+1} = f(G_n, d)`` (see the module docstring).

    Attributes
    ----------
    method : {"gp", "mlp"}
    g_lo, g_hi : float
        Measured conductance range (S) that defines ``h``.
    g_start, g_top : float
        Mean conductance at the start of the cycles and at their LTP -> LTD turn (S).
    states_ltp, states_ltd : int
        Mean number of LTP / LTD pulses per cycle.
    c2c_sigma : float
        Learned noise per pulse as a fraction of ``g_hi - g_lo`` (GP: the WhiteKernel
        level, mean over both directions; MLP: the residual std).
    n_train : int
        Number of single-pulse transitions learned from.
    fit_seconds : float
    info : dict
        ``kernel_ltp``/``kernel_ltd`` (GP) or ``net`` (MLP), ``noise_ltp``/``noise_ltd``.
    """

    method: str
    g_lo: float
    g_hi: float
    g_start: float
    g_top: float
    states_ltp: int
    states_ltd: int
    c2c_sigma: float
    n_train: int
    fit_seconds: float
    info: dict = field(default_factory=dict)
    _mean: Callable = field(default=None, repr=False)  # (h, d) -> (Delta, latent var)

    @property
    def span(self) -> float:
        """``g_hi - g_lo`` (S)."""
        return self.g_hi - self.g_lo

    def predict_step(self, g: Any, direction: int, *, return_std: bool = False
                     ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """Expected conductance (S) after one pulse of ``direction`` (+1/-1) from ``g`` (S).

        The prediction is clipped to the measured range ``[g_lo, g_hi]``: the learner
        cannot know where the device saturates beyond its data, and a smooth regression
        cannot follow the kink of a hard bound (devices stop at their bounds).

        With ``return_std`` also the predictive std (S) of the *measured* next
        conductance: ``sqrt(latent variance + c2c variance)`` (GP) or the c2c std (MLP).
        """
        if direction not in (1, -1):
            raise ValueError(f"direction = {direction!r} must be +1 (LTP) or -1 (LTD)")
        g = np.asarray(g, dtype=float)
        h = (g.ravel() - self.g_lo) / self.span
        dh, var = self._mean(h, direction)
        mean = np.clip(g.ravel() + self.span * dh, self.g_lo, self.g_hi).reshape(g.shape)
        if not return_std:
            return mean
        noise = self.info["noise_ltp" if direction > 0 else "noise_ltd"]
        return mean, (self.span * np.sqrt(var + noise)).reshape(g.shape)

    def trajectory(self, n_pulses: int, direction: int, g0: float | None = None) -> np.ndarray:
        """Mean conductance trace (S) of ``n_pulses`` pulses of one polarity from ``g0``.

        Iterates the mean map (length ``n_pulses + 1``, starting at ``g0``; default
        ``g_start`` for LTP, ``g_top`` for LTD).
        """
        if isinstance(n_pulses, bool) or not isinstance(n_pulses, (int, np.integer)) \
                or not 0 <= n_pulses <= 100_000:
            raise ValueError(f"n_pulses = {n_pulses!r} must be an integer in [0, 100000]")
        if g0 is None:
            g0 = self.g_start if direction > 0 else self.g_top
        out = np.empty(int(n_pulses) + 1)
        out[0] = g0
        for k in range(int(n_pulses)):
            out[k + 1] = float(self.predict_step(out[k], direction))
        return out

    def cycle(self, n_ltp: int | None = None, n_ltd: int | None = None) -> np.ndarray:
        """Predicted mean cycle (S): ``n_ltp`` LTP pulses from ``g_start``, then ``n_ltd`` LTD.

        Length ``n_ltp + n_ltd + 1`` (the layout of
        :func:`~neuroexplore.devices.pulse_cycle`); defaults: the learned state counts.
        """
        n_ltp = self.states_ltp if n_ltp is None else n_ltp
        n_ltd = self.states_ltd if n_ltd is None else n_ltd
        up = self.trajectory(n_ltp, 1)
        down = self.trajectory(n_ltd, -1, up[-1])
        return np.concatenate([up, down[1:]])

    def to_device(self, name: str | None = None, reference: str = "") -> TabulatedDevice:
        """This model as a crossbar-ready :class:`TabulatedDevice`.

        The LTP table is the mean trajectory of ``states_ltp`` pulses from ``g_start``; the
        LTD table the mean trajectory of ``states_ltd`` pulses from the LTP end.  ``g_min``
        / ``g_max`` are the tables' extremes; ``c2c_sigma`` is the learned noise per pulse
        rescaled to ``g_max - g_min``.
        """
        up = self.trajectory(self.states_ltp, 1)
        down = self.trajectory(self.states_ltd, -1, up[-1])
        return TabulatedDevice.from_trajectories(
            up, down, c2c_abs=self.c2c_sigma * self.span,
            name=name or f"learned ({self.method})",
            reference=reference or f"learned ({self.method}) state-update map from "
                                   f"{self.n_train} measured pulses")


def fit_learned_device(
    pulses: Any,
    conductance: Any,
    direction: Any = None,
    *,
    cycle: Any = None,
    method: str = "gp",
    seed: int = 0,
) -> LearnedDeviceModel:
    """Learn a device's state-update map from pulse-response data.

    Parameters
    ----------
    pulses, conductance, direction, cycle
        As for :func:`~neuroexplore.devices.fit_pulse_response`: pulse numbers
        (increasing within a cycle), conductance (S), +1/-1 per point (optional: the
        cycle is split at its maximum) and a cycle label per point (optional).  Only
        consecutive points one pulse apart are used (one transition each).
    method : {"gp", "mlp"}
        Gaussian process (scikit-learn) or small torch MLP.
    seed : int
        Seeds the GP optimiser restarts / the MLP initialisation (deterministic).

    Returns
    -------
    LearnedDeviceModel

    Raises
    ------
    ValueError
        naming the parameter: unknown ``method``, mismatched or non-finite arrays,
        negative or constant conductance, fewer than 3 single-pulse transitions per
        polarity.
    """
    if method not in LEARNED_METHODS:
        raise ValueError(f"method = {method!r} is not valid; expected one of "
                         f"{list(LEARNED_METHODS)}")
    seed = as_seed(seed)
    t0 = time.perf_counter()
    prep = _prepare(pulses, conductance, direction, cycle)
    return _learn(prep, method, seed, t0)


def _learn(prep: _Prepared, method: str, seed: int, t0: float | None = None
           ) -> LearnedDeviceModel:
    """Fit ``method`` to prepared transitions."""
    t0 = time.perf_counter() if t0 is None else t0
    dh = prep.h_after - prep.h_before
    info: dict[str, Any] = {}
    if method == "gp":
        preds = {}
        for sgn, key in ((1, "ltp"), (-1, "ltd")):
            m = prep.d == sgn
            if m.sum() < 3:
                raise ValueError(f"direction: need >= 3 single-pulse {key.upper()} "
                                 f"transitions, got {int(m.sum())}")
            pred, noise, kern = _fit_gp(prep.h_before[m], dh[m], seed)
            preds[sgn] = pred
            info[f"noise_{key}"] = noise
            info[f"kernel_{key}"] = kern

        def mean(h: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
            return preds[d](h)
    else:
        pred, noise, desc = _fit_mlp(prep.h_before, prep.d, dh, seed)
        info.update(noise_ltp=noise, noise_ltd=noise, net=desc)

        def mean(h: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
            return pred(h, d), np.zeros(np.size(h))
    c2c = math.sqrt(0.5 * (info["noise_ltp"] + info["noise_ltd"]))
    return LearnedDeviceModel(
        method=method, g_lo=prep.g_lo, g_hi=prep.g_hi, g_start=prep.g_start,
        g_top=prep.g_top, states_ltp=prep.states_ltp, states_ltd=prep.states_ltd,
        c2c_sigma=c2c, n_train=int(prep.d.size), fit_seconds=time.perf_counter() - t0,
        info=info, _mean=mean)


def learn_from_measurements(measurements: Any, method: str = "gp", seed: int = 0
                            ) -> LearnedDeviceModel:
    """:func:`fit_learned_device` on a loaded pulse measurement.

    ``measurements`` is a :class:`~neuroexplore.devices.Measurements` of kind
    ``"pulse"`` (from :func:`~neuroexplore.devices.load_measurements` or
    :func:`~neuroexplore.devices.decode_measurement`, the labs' upload path).
    """
    kind = getattr(measurements, "kind", None)
    if kind != "pulse":
        raise ValueError(f"measurements must be a pulse-response measurement (kind 'pulse'), "
                         f"got kind {kind!r}")
    data = measurements.data
    return fit_learned_device(data["pulse"], data["conductance"], data.get("direction"),
                              cycle=data.get("cycle"), method=method, seed=seed)


# --------------------------------------------------------------------- the device
def _table(levels: Any, name: str) -> tuple[float, ...]:
    lv = np.asarray(levels, dtype=float)
    if lv.ndim != 1 or lv.size < 3 or not np.all(np.isfinite(lv)):
        raise ValueError(f"{name} must be a 1-D array of >= 3 finite levels")
    if abs(lv[0]) > 1e-9 or abs(lv[-1] - 1.0) > 1e-9 or np.any(np.diff(lv) < 0):
        raise ValueError(f"{name} must rise monotonically from 0 to 1 (normalised "
                         "conductance at pulse positions 0..states)")
    return tuple(float(x) for x in lv)


def _normalised_levels(trace: np.ndarray, g_min: float, g_max: float) -> np.ndarray:
    """Increasing trace -> monotone levels stretched to exactly 0..1."""
    h = np.maximum.accumulate((np.asarray(trace, float) - g_min) / (g_max - g_min))
    lo, hi = h[0], h[-1]
    if not hi > lo:
        raise ValueError("the learned trajectory does not move: cannot tabulate a device")
    return (h - lo) / (hi - lo)


@dataclass(frozen=True)
class TabulatedDevice:
    """A pulse device defined by tables of levels (``model = "table"``; units S, pulses).

    The ``PulseDevice`` contract with the NeuroSim curves replaced by tables: on the
    pulse-position axis ``P`` (``P = 0`` at ``g_min``), the LTP curve is the
    piecewise-linear interpolation of ``levels_ltp[k]`` (normalised conductance
    ``h = (G - G_min)/(G_max - G_min)`` after ``k`` LTP pulses from ``g_min``,
    ``k = 0..states_ltp``) and the LTD curve that of ``levels_ltd[k]`` (``h`` at LTD
    position ``k``: ``states_ltd - k`` depression pulses from ``g_max``).  As in
    NeuroSim, a device at ``h`` sits at ``P = curve^{-1}(h)``; ``n > 0`` pulses move ``P``
    up the LTP table, ``n < 0`` down the LTD table, ``P`` clipped to ``[0, states]``; c2c
    noise adds ``N(0, (c2c_sigma (G_max - G_min))^2 |n|)`` and the result is clipped to
    ``[G_min, G_max]``.  For a table sampled from NeuroSim curves this reproduces
    :meth:`PulseDevice.apply_pulses` exactly at integer positions.

    ``nonlinearity_ltp``/``nonlinearity_ltd`` are the NeuroSim labels of a least-squares
    fit to the tables (for display and for code that reads them); ``a_ltp``/``a_ltd``
    follow from them.
    """

    name: str = "tabulated"
    reference: str = ""
    g_min: float = 1e-6
    g_max: float = 1e-5
    levels_ltp: tuple = (0.0, 0.5, 1.0)
    levels_ltd: tuple = (0.0, 0.5, 1.0)
    c2c_sigma: float = 0.0
    d2d_sigma: float = 0.0
    nonlinearity_ltp: float = 0.0
    nonlinearity_ltd: float = 0.0
    write_pulse: str = ""
    energy_per_pulse: float | None = None
    pulse_width: float | None = None
    model: str = "table"

    def __post_init__(self) -> None:
        if not (math.isfinite(self.g_min) and math.isfinite(self.g_max)
                and 0 < self.g_min < self.g_max):
            raise ValueError(f"g_min = {self.g_min!r} S, g_max = {self.g_max!r} S: need "
                             "0 < g_min < g_max")
        object.__setattr__(self, "levels_ltp", _table(self.levels_ltp, "levels_ltp"))
        object.__setattr__(self, "levels_ltd", _table(self.levels_ltd, "levels_ltd"))
        for k in ("c2c_sigma", "d2d_sigma"):
            v = getattr(self, k)
            if not (isinstance(v, (int, float)) and 0.0 <= v <= 0.5):
                raise ValueError(f"{k} = {v!r} is outside its valid range [0, 0.5]")
        if self.model != "table":
            raise ValueError(f"model = {self.model!r}: a TabulatedDevice has model 'table'")

    # ------------------------------------------------------------ construction
    @classmethod
    def from_trajectories(cls, ltp: Any, ltd: Any, *, c2c_abs: float = 0.0,
                          name: str = "tabulated", reference: str = "") -> TabulatedDevice:
        """A device from an LTP trace (S, from the low state up) and an LTD trace (S, down).

        ``g_min``/``g_max`` are the traces' extremes; each trace is made monotone
        (running max/min) and stretched to span 0..1; ``c2c_abs`` (S per pulse) becomes
        ``c2c_sigma = c2c_abs / (g_max - g_min)``.  The NeuroSim labels come from
        :func:`~neuroexplore.devices.fit_pulse_response` on the traces.
        """
        from .fitting import fit_pulse_response

        up = np.asarray(ltp, dtype=float)
        down = np.asarray(ltd, dtype=float)
        if up.ndim != 1 or down.ndim != 1 or up.size < 3 or down.size < 3:
            raise ValueError("ltp and ltd must be 1-D traces of >= 3 conductances (S)")
        g_min = float(min(up.min(), down.min()))
        g_max = float(max(up.max(), down.max()))
        if not g_min > 0:
            raise ValueError(f"ltp/ltd: conductances must be > 0 S, got min {g_min:g} S")
        lv_p = _normalised_levels(up, g_min, g_max)
        lv_d = _normalised_levels(down[::-1], g_min, g_max)
        span = g_max - g_min
        cyc = g_min + span * np.concatenate([lv_p, lv_d[::-1][1:]])
        d = np.where(np.arange(cyc.size) <= lv_p.size - 1, 1, -1)
        try:
            fit = fit_pulse_response(np.arange(cyc.size, dtype=float), cyc, d)
            lab_p, lab_d = float(fit.device.nonlinearity_ltp), float(fit.device.nonlinearity_ltd)
        except ValueError:
            lab_p = lab_d = 0.0
        return cls(name=name, reference=reference, g_min=g_min, g_max=g_max,
                   levels_ltp=lv_p, levels_ltd=lv_d,
                   c2c_sigma=float(np.clip(c2c_abs / span, 0.0, 0.5)),
                   nonlinearity_ltp=lab_p, nonlinearity_ltd=lab_d)

    @classmethod
    def from_device(cls, device: Any, name: str | None = None) -> TabulatedDevice:
        """Tabulate a :class:`PulseDevice`'s LTP/LTD curves (the same device as a table)."""
        k_p = np.arange(device.states_ltp + 1)
        k_d = np.arange(device.states_ltd + 1)
        span = device.g_max - device.g_min
        lv_p = (device.potentiation_curve(k_p) - device.g_min) / span
        lv_d = (device.depression_curve(k_d) - device.g_min) / span
        if device.model == "soft_bounds":  # approached, never reached: stretch to 0..1
            lv_p = (lv_p - lv_p[0]) / (lv_p[-1] - lv_p[0])
            lv_d = (lv_d - lv_d[0]) / (lv_d[-1] - lv_d[0])
        return cls(name=name or f"{device.name} (table)", reference=device.reference,
                   g_min=device.g_min, g_max=device.g_max, levels_ltp=lv_p, levels_ltd=lv_d,
                   c2c_sigma=device.c2c_sigma, d2d_sigma=device.d2d_sigma,
                   nonlinearity_ltp=device.nonlinearity_ltp,
                   nonlinearity_ltd=device.nonlinearity_ltd, write_pulse=device.write_pulse,
                   energy_per_pulse=device.energy_per_pulse, pulse_width=device.pulse_width)

    def with_params(self, **changes: Any) -> TabulatedDevice:
        """A validated copy with ``changes``."""
        return replace(self, **changes)

    # -------------------------------------------------------------- properties
    @property
    def states_ltp(self) -> int:
        """Number of LTP pulses spanning the table."""
        return len(self.levels_ltp) - 1

    @property
    def states_ltd(self) -> int:
        """Number of LTD pulses spanning the table."""
        return len(self.levels_ltd) - 1

    @property
    def on_off_ratio(self) -> float:
        """``g_max / g_min``."""
        return self.g_max / self.g_min

    @property
    def a_ltp(self) -> float:
        """Normalised NeuroSim A of the fitted LTP label (``inf`` when linear)."""
        from .nonlinearity import nonlinearity_to_a

        return nonlinearity_to_a(self.nonlinearity_ltp)

    @property
    def a_ltd(self) -> float:
        """Normalised NeuroSim A of the fitted LTD label (``inf`` when linear)."""
        from .nonlinearity import nonlinearity_to_a

        return nonlinearity_to_a(self.nonlinearity_ltd)

    # ------------------------------------------------------------------ curves
    def potentiation_curve(self, p: Any) -> np.ndarray:
        """Conductance (S) at LTP pulse position ``p``."""
        lv = np.asarray(self.levels_ltp)
        x = np.clip(np.asarray(p, dtype=float), 0, self.states_ltp)
        return self.g_min + (self.g_max - self.g_min) * np.interp(x, np.arange(lv.size), lv)

    def depression_curve(self, p: Any) -> np.ndarray:
        """Conductance (S) at LTD pulse position ``p`` (``p = states_ltd`` at ``g_max``)."""
        lv = np.asarray(self.levels_ltd)
        x = np.clip(np.asarray(p, dtype=float), 0, self.states_ltd)
        return self.g_min + (self.g_max - self.g_min) * np.interp(x, np.arange(lv.size), lv)

    def _position(self, g: Any, levels: tuple) -> np.ndarray:
        lv = np.asarray(levels)
        h = np.clip((np.asarray(g, dtype=float) - self.g_min) / (self.g_max - self.g_min),
                    0.0, 1.0)
        # strictly increasing copy for the inverse (flat steps get a negligible slope)
        lv = lv + 1e-12 * np.arange(lv.size)
        return np.interp(h, lv / lv[-1], np.arange(lv.size, dtype=float))

    def pulses_from_g_ltp(self, g: Any) -> np.ndarray:
        """Inverse of :meth:`potentiation_curve`."""
        return self._position(g, self.levels_ltp)

    def pulses_from_g_ltd(self, g: Any) -> np.ndarray:
        """Inverse of :meth:`depression_curve`."""
        return self._position(g, self.levels_ltd)

    def apply_pulses(self, g: Any, n_pulses: Any, *, rng: Any = None) -> np.ndarray:
        """Conductances (S) after signed pulse counts (as :meth:`PulseDevice.apply_pulses`)."""
        gen = as_generator(rng)
        g, n, nf = pulse_inputs(g, n_pulses)
        up = self.potentiation_curve(self.pulses_from_g_ltp(g) + nf)
        down = self.depression_curve(self.pulses_from_g_ltd(g) + nf)
        out = np.where(n > 0, up, np.where(n < 0, down, g))
        if gen is not None and self.c2c_sigma > 0:
            std = self.c2c_sigma * (self.g_max - self.g_min) * np.sqrt(np.abs(nf))
            out = out + std * gen.standard_normal(out.shape)
        return np.where(n == 0, g, np.clip(out, self.g_min, self.g_max))

    def pulse_response(self, n_pulses: int, seed: Any = None) -> np.ndarray:
        """Trace (S): ``n`` LTP pulses from ``g_min`` then ``n`` LTD pulses (length 2n + 1)."""
        if isinstance(n_pulses, bool) or not isinstance(n_pulses, (int, np.integer)) \
                or not 1 <= n_pulses <= 100_000:
            raise ValueError(f"n_pulses = {n_pulses!r} must be an integer in [1, 100000]")
        gen = as_generator(seed)
        n = int(n_pulses)
        trace = np.empty(2 * n + 1)
        trace[0] = self.g_min
        for k in range(2 * n):
            trace[k + 1] = self.apply_pulses(trace[k], 1 if k < n else -1, rng=gen)
        return trace


# ------------------------------------------------------------ physical comparison
#: Models compared by :func:`compare_device_models`.
COMPARED_MODELS = ("neurosim", "gp", "mlp", "gp_curve")
#: Questions of :func:`compare_device_models`.
QUESTIONS = ("interpolation", "extrapolation", "data_efficiency")


@dataclass(frozen=True)
class ModelComparison:
    """Result of :func:`compare_device_models`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (model, question, n_train): ``model``, ``question``, ``n_train``
        (measured single-pulse transitions used), ``rmse`` (S, against the noise-free
        truth at the test pulses), ``nrmse`` (``rmse / (g_max - g_min)``), ``n_test``,
        ``fit_seconds``, ``note`` (why a fit failed: ``rmse`` is then NaN).
    curves : dict
        Figure-ready arrays: ``position`` (pulse position in a cycle), ``truth`` (S),
        ``measured`` (``(pulse, conductance, cycle)`` of the noisy cycles), and per
        question ``{"predicted": {model: cycle (S)}, "train": bool mask over the
        measured points, "test_positions": positions}``; ``data_efficiency`` holds
        ``{model: (n_train array, rmse array)}``.
    device : str
    """

    table: Any
    curves: dict
    device: str


def _phase_exp_fit(k: np.ndarray, g: np.ndarray, n_total: int
                   ) -> Callable[[np.ndarray], np.ndarray]:
    """Least-squares NeuroSim exponential of one phase, pulse count free.

    ``G(k) = G_0 + (G_K - G_0) s(k/K; 1/u)``, ``s(x; a) = (1 - e^{-x/a})/(1 - e^{-1/a})``
    with ``K`` the last measured pulse: the NeuroSim LTP curve
    ``G = G_min + B (1 - e^{-P/A})`` (Chen, Peng & Yu 2018) with ``A = K/u`` and
    ``G_min``, ``B`` free, so it continues past the measured pulses (``x > 1``); an LTD
    phase (``k`` pulses since its start) is the same curve falling.  ``|u|`` is bounded
    by the NeuroSim label range on the full phase of ``n_total`` pulses (as in
    :func:`~neuroexplore.devices.fit_pulse_response`).
    """
    from scipy.optimize import least_squares

    from .fitting import _U_MAX, _shape_u

    kk = float(k.max())
    x = k / kk
    scale = float(np.ptp(g)) or 1.0
    u_max = _U_MAX * kk / n_total  # the label bound on the full phase, on the x = k/K axis

    def model(th: np.ndarray, xx: np.ndarray) -> np.ndarray:
        return th[0] * scale + (th[1] - th[0]) * scale * _shape_u(xx, th[2])

    best = None
    for u0 in (-0.5, -0.1, 0.0, 0.1, 0.5):
        res = least_squares(lambda th: (model(th, x) - g) / scale,
                            [g[0] / scale, g[-1] / scale, u0 * u_max],
                            bounds=([-np.inf, -np.inf, -u_max], [np.inf, np.inf, u_max]))
        if best is None or res.cost < best.cost:
            best = res
    th = best.x
    return lambda kq: model(th, np.asarray(kq, dtype=float) / kk)


def _gp_curve_fit(k: np.ndarray, g: np.ndarray, n: int) -> Callable[[np.ndarray], np.ndarray]:
    """GP of ``G`` against the pulse number of one phase (stationary RBF + white noise)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    from ..threads import limit_threads

    mu, sd = float(np.mean(g)), float(np.std(g)) or 1.0
    kernel = (ConstantKernel(1.0, (1e-3, 1e3)) * RBF(0.3, (1e-2, 1e2))
              + WhiteKernel(1e-2, (1e-8, 1.0)))
    gp = GaussianProcessRegressor(kernel, n_restarts_optimizer=0)
    with limit_threads(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit((k / n)[:, None], (g - mu) / sd)
    return lambda kq: mu + sd * gp.predict((np.asarray(kq, dtype=float) / n)[:, None])


def _prep_from_mask(p, g, d, c, use, g_lo, g_hi, np_, nd_) -> _Prepared:
    """Transitions into the points ``use`` (point k of a cycle = response to pulse k)."""
    span = g_hi - g_lo
    same = (c[1:] == c[:-1]) & (np.diff(p) == 1) & use[1:]
    hb = (g[:-1][same] - g_lo) / span
    ha = (g[1:][same] - g_lo) / span
    starts = g[np.r_[True, c[1:] != c[:-1]]]
    tops = g[p == np_]
    return _Prepared(g_lo, g_hi, hb, ha, d[1:][same].astype(int), float(np.mean(starts)),
                     float(np.mean(tops)), np_, nd_)


def compare_device_models(
    device: Any = "PCMO",
    *,
    n_cycles: int = 3,
    seed: int = 0,
    models: Sequence[str] = COMPARED_MODELS,
    holdout: float = 0.3,
    measured_fraction: float = 0.4,
    n_train: Sequence[int] = (12, 24, 48, 96, 192),
    questions: Sequence[str] = QUESTIONS,
) -> ModelComparison:
    """Data-driven against physical device models on a device's noisy cycles.

    The data are ``n_cycles`` noisy LTP/LTD cycles of ``device`` (:func:`pulse_cycles`,
    the preset's c2c noise); the truth is its noise-free cycle.  A "measured pulse" is
    one transition ``G_{k-1} -> G_k``; every model predicts a whole mean cycle and is
    scored by its RMSE against the truth at the test pulses.  Models:

    * ``"neurosim"``: the physical fit, :func:`~neuroexplore.devices.fit_pulse_response`
      (NeuroSim V3.0 curve; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018) for the full
      cycles; for extrapolation the same exponential fitted per phase with the pulse
      count free (:func:`_phase_exp_fit`), since the measured phases end early;
    * ``"gp"``, ``"mlp"``: the learned state-update maps (:func:`fit_learned_device`),
      iterated from the cycle start (and, for extrapolation, each phase from its
      measured start);
    * ``"gp_curve"``: a GP of ``G`` against the pulse number of each phase.

    Questions:

    * ``"interpolation"``: a random ``holdout`` fraction of the pulses of every cycle is
      held out (the cycle's first point, turning point and last point always kept);
      test = the held-out pulses;
    * ``"extrapolation"``: only the first ``measured_fraction`` of each phase's pulses is
      measured; test = the rest of each phase (beyond the measured pulses *and* the
      measured conductance range);
    * ``"data_efficiency"``: ``n_train`` random pulses (plus the kept anchors); test =
      the whole cycle.

    ``questions`` picks a subset (the random draws do not depend on it).

    A measured pulse gives the conductance before and after it: the maps learn the
    transition, the curve models get both points.

    Returns
    -------
    ModelComparison

    Examples
    --------
    >>> cmp = compare_device_models("HZO FeFET", n_cycles=1, models=("neurosim", "gp"),
    ...                             questions=("interpolation",))
    >>> cmp.table[["model", "question"]].values.tolist()
    [['neurosim', 'interpolation'], ['gp', 'interpolation']]
    """
    import pandas as pd

    from .fitting import fit_pulse_response, pulse_cycle
    from .presets import resolve_device

    dev = device if isinstance(device, TabulatedDevice) else resolve_device(device)
    bad = [m for m in models if m not in COMPARED_MODELS]
    if bad or len(models) == 0:
        raise ValueError(f"models = {list(models)!r}: expected a non-empty subset of "
                         f"{list(COMPARED_MODELS)}")
    if len(questions) == 0 or any(q not in QUESTIONS for q in questions):
        raise ValueError(f"questions = {list(questions)!r}: expected a non-empty subset of "
                         f"{list(QUESTIONS)}")
    if not 0.05 <= holdout <= 0.8:
        raise ValueError(f"holdout = {holdout!r} is outside its valid range [0.05, 0.8]")
    if not 0.1 <= measured_fraction <= 0.9:
        raise ValueError(f"measured_fraction = {measured_fraction!r} is outside its valid "
                         "range [0.1, 0.9]")
    if len(n_train) == 0 or any(int(n) < 6 for n in n_train):
        raise ValueError(f"n_train = {list(n_train)!r}: give pulse counts >= 6")
    seed = as_seed(seed)
    p, g, d, c = pulse_cycles(dev, n_cycles, seed)
    _, truth, _ = pulse_cycle(dev)
    np_, nd_ = dev.states_ltp, dev.states_ltd
    pos = np.arange(truth.size)
    span = dev.g_max - dev.g_min
    g_lo, g_hi = float(g.min()), float(g.max())
    anchor = (p == 0) | (p == np_) | (p == np_ + nd_)
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    curves: dict[str, Any] = {"position": pos, "truth": truth, "measured": (p, g, c)}

    def points(use: np.ndarray) -> np.ndarray:
        """Measured points of the pulses ``use``: the point after and the one before."""
        before = np.r_[use[1:] & (c[1:] == c[:-1]), False]
        return use | before

    def full_cycle(model: str, use: np.ndarray) -> np.ndarray:
        if model != "gp" and model != "mlp":
            use = points(use)
        if model == "neurosim":
            fit = fit_pulse_response(p[use], g[use], d[use], cycle=c[use])
            return pulse_cycle(fit.device)[1]
        if model in ("gp", "mlp"):
            prep = _prep_from_mask(p, g, d, c, use, g_lo, g_hi, np_, nd_)
            return _learn(prep, model, seed).cycle(np_, nd_)
        # gp_curve: per phase, G against pulses since the phase start
        out = np.empty(truth.size)
        ltp = use & (p <= np_)
        ltd = use & (p >= np_)
        out[: np_ + 1] = _gp_curve_fit(p[ltp], g[ltp], np_)(pos[: np_ + 1])
        out[np_:] = _gp_curve_fit(p[ltd] - np_, g[ltd], nd_)(pos[np_:] - np_)
        return out

    def score(question: str, model: str, use: np.ndarray, test_pos: np.ndarray,
              make: Callable[[], np.ndarray]) -> np.ndarray | None:
        t0 = time.perf_counter()
        note, pred = "", None
        try:
            pred = make()
            err = pred[test_pos] - truth[test_pos]
            rmse = float(np.sqrt(np.mean(err**2)))
        except ValueError as exc:
            note, rmse = str(exc)[:120], math.nan
        n_tr = int(((c[1:] == c[:-1]) & use[1:]).sum())
        rows.append(dict(model=model, question=question, n_train=n_tr, rmse=rmse,
                         nrmse=rmse / span, n_test=int(test_pos.size),
                         fit_seconds=time.perf_counter() - t0, note=note))
        return pred

    # interpolation
    held = (rng.random(g.size) < holdout) & ~anchor
    if "interpolation" not in questions:
        models_q: Sequence[str] = ()
    else:
        models_q = models
    use = ~held
    test = p[held].astype(int)
    curves["interpolation"] = {"train": use, "test_positions": test, "predicted": {}}
    for m in models_q:
        pred = score("interpolation", m, use, test, lambda m=m: full_cycle(m, use))
        curves["interpolation"]["predicted"][m] = pred

    # extrapolation: first measured_fraction of each phase
    kp = max(3, int(round(measured_fraction * np_)))
    kd = max(3, int(round(measured_fraction * nd_)))
    use = (p <= kp) | ((p >= np_) & (p <= np_ + kd))
    test = np.r_[np.arange(kp + 1, np_ + 1), np.arange(np_ + kd + 1, np_ + nd_ + 1)]
    g_top = float(np.mean(g[p == np_]))

    def extrapolated(m: str) -> np.ndarray:
        out = np.empty(truth.size)
        ltp, ltd = use & (p <= np_), use & (p >= np_)
        if m in ("neurosim", "gp_curve"):
            fit = _phase_exp_fit if m == "neurosim" else _gp_curve_fit
            f_p = fit(p[ltp], g[ltp], np_)
            f_d = fit(p[ltd] - np_, g[ltd], nd_)
            out[: np_ + 1] = f_p(pos[: np_ + 1])
            out[np_:] = f_d(pos[np_:] - np_)
            return out
        prep = _prep_from_mask(p, g, d, c, use, g_lo, g_hi, np_, nd_)
        model = _learn(prep, m, seed)
        out[: np_ + 1] = model.trajectory(np_, 1, model.g_start)
        out[np_:] = model.trajectory(nd_, -1, g_top)
        return out

    curves["extrapolation"] = {"train": use, "test_positions": test, "predicted": {}}
    for m in (models if "extrapolation" in questions else ()):
        pred = score("extrapolation", m, use, test, lambda m=m: extrapolated(m))
        curves["extrapolation"]["predicted"][m] = pred

    # data efficiency
    free = np.nonzero(~anchor)[0]
    eff: dict[str, list] = {m: [[], []] for m in models}
    for n in (n_train if "data_efficiency" in questions else ()):
        pick = rng.choice(free, size=min(int(n), free.size), replace=False)
        use = anchor.copy()
        use[pick] = True
        for m in models:
            score("data_efficiency", m, use, pos, lambda m=m, use=use: full_cycle(m, use))
            eff[m][0].append(rows[-1]["n_train"])
            eff[m][1].append(rows[-1]["rmse"])
    curves["data_efficiency"] = {m: (np.array(a), np.array(b)) for m, (a, b) in eff.items()}
    return ModelComparison(table=pd.DataFrame(rows), curves=curves, device=str(dev.name))
