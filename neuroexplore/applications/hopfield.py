r"""Hopfield associative memory stored on a crossbar of synaptic devices.

Model (Hopfield, PNAS **79**:2554, 1982).  ``N`` binary neurons :math:`s_i = \pm 1`
store ``P`` patterns :math:`\xi^\mu \in \{\pm 1\}^N` with the Hebbian rule

.. math:: W_{ij} = \frac{1}{N} \sum_{\mu=1}^{P} \xi_i^\mu \xi_j^\mu, \qquad W_{ii} = 0 .

Recall starts from a probe (a stored pattern with a fraction of its bits flipped) and
updates :math:`s_i \leftarrow \mathrm{sgn}(h_i)`, :math:`h = W s`, either one neuron
at a time in random order (``"asynchronous"``, Hopfield's rule; one sweep = ``N``
updates) or all at once (``"synchronous"``).  A field with :math:`|h_i| \le 10^{-3}
\max|W|` is a tie and leaves :math:`s_i` unchanged (Hebbian fields are multiples of
:math:`1/N`, so this only catches exact zeros; it sits far above float32 round-off).
Recall stops after a sweep without change or after ``max_sweeps``.  Quality is the
overlap :math:`m = \xi \cdot s / N` with the stored pattern and the fraction of
patterns recalled perfectly (:math:`m = 1`).

With symmetric :math:`W` and zero diagonal the energy
:math:`E = -\tfrac12 s^T W s` never increases under asynchronous updates
(Hopfield 1982).  For random patterns the stored states stop being attractors near
the load :math:`\alpha = P/N \approx 0.138` (Amit, Gutfreund & Sompolinsky, Phys.
Rev. Lett. **55**:1530, 1985); the signal-to-noise argument (Hertz, Krogh & Palmer,
*Introduction to the Theory of Neural Computation*, 1991, sec. 2.2) gives the
fraction of bits of a stored pattern that one update flips,
:math:`P_{err} = \Phi(-1/\sqrt{\alpha})` for large :math:`N` (:func:`bit_error_probability`).

Crossbar.  The weights are programmed into a :class:`~neuroexplore.crossbar.CrossbarArray`
as differential conductance pairs :math:`G^+ - G^- \propto W` with the non-idealities
of :class:`~neuroexplore.crossbar.CrossbarConfig`: the device's finite, nonlinear
states (``programming="nearest"``), its cycle-to-cycle write noise (scaled by
``c2c_scale``), device-to-device variation (``d2d_sigma``: each cell's conductance
change scaled by a fixed gain :math:`\mathcal N(1, \sigma^2)`), and read noise
(``read_noise``, drawn afresh on each read).  Every field :math:`h = Ws` is one analog
matrix-vector product (:meth:`CrossbarArray.matmul`).  ``device="float"`` is the
software baseline: the same recall with float64 weights.

torch is imported only when a crossbar is programmed (by the crossbar engine).

Examples
--------
>>> xi = random_patterns(3, 64, seed=0)
>>> W = hebbian_weights(xi)
>>> out = recall(W, corrupt(xi, 0.1, seed=1), seed=2)
>>> bool(np.all(overlaps(xi, out.states) == 1.0))
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from scipy.special import ndtr

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs, validate_params
from ..progress import Callback
from ..sweeps import run_grid

__all__ = [
    "HOPFIELD_SPECS",
    "SIZE_SPEC",
    "SIZES",
    "device_choices",
    "random_patterns",
    "hebbian_weights",
    "corrupt",
    "energy",
    "overlaps",
    "bit_error_probability",
    "RecallTrace",
    "recall",
    "program_crossbar",
    "HopfieldResult",
    "run_hopfield",
    "SweepResult",
    "recall_vs_noise",
    "recall_vs_variation",
    "capacity_curve",
]

FLOAT = "float"
TIE = 1e-3  # ties: |h| <= TIE * max|W|


def device_choices() -> tuple[str, ...]:
    """``"float"`` (software weights), ``"ideal"`` and the published device presets."""
    from ..devices import presets

    names = presets()
    return (FLOAT, "ideal", *(n for n in names if n != "ideal"))


#: Parameters of a recall experiment (widgets build their controls from these).
HOPFIELD_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("n_neurons", 100, 4, 1024, integer=True, unit="neurons", doc="network size N"),
    ParamSpec("n_patterns", 12, 1, 300, integer=True, unit="patterns",
              doc="stored random patterns P (load P/N)"),
    ParamSpec("flip_fraction", 0.1, 0.0, 0.5, step=0.01,
              doc="fraction of the probe's bits flipped (input noise)"),
    ChoiceSpec("update", "asynchronous", ("asynchronous", "synchronous"),
               doc="one neuron at a time in random order, or all at once"),
    ParamSpec("max_sweeps", 20, 1, 200, integer=True, unit="sweeps",
              doc="maximum sweeps (N updates each) before recall stops"),
    ChoiceSpec("device", "Ag:a-Si", device_choices(),
               doc="synaptic device of the crossbar ('float' = software weights)"),
    ParamSpec("d2d_sigma", 0.0, 0.0, 0.5, step=0.01, unit="frac",
              doc="device-to-device spread of each cell's conductance change"),
    ParamSpec("c2c_scale", 1.0, 0.0, 5.0, step=0.05, unit="x",
              doc="multiplier on the device's cycle-to-cycle write noise"),
    ParamSpec("read_noise", 0.0, 0.0, 0.2, step=0.001, unit="frac",
              doc="read noise per read, std as a fraction of (G_max - G_min)"),
)
_SPECS = {s.name: s for s in HOPFIELD_SPECS}

#: Sweep sizes: "default" fits a live session; "full" reproduces the stronger figure
#: (a larger network at the same load P/N, more seeds).
SIZE_SPEC = ChoiceSpec("size", "default", ("default", "full"),
                       doc="sweep size: default (N = 100, 4 seeds) or full (N = 200, 8 seeds)")
SIZES: dict[str, dict[str, int]] = {
    "default": {"n_neurons": 100, "seeds": 4},
    "full": {"n_neurons": 200, "seeds": 8},
}


def _check(params: dict[str, Any], where: str) -> dict[str, Any]:
    return validate_params(_SPECS, params, where=where)


# ----------------------------------------------------------------- patterns
@takes_specs(HOPFIELD_SPECS[:2])
def random_patterns(n_patterns: int, n_neurons: int, *, seed: int | None = 0) -> np.ndarray:
    """``P`` random patterns of ``N`` independent, equiprobable +-1 bits, shape (P, N)."""
    rng = np.random.default_rng(seed)
    return rng.choice(np.array([-1.0, 1.0]), size=(n_patterns, n_neurons))


def _as_states(x: np.ndarray, name: str) -> np.ndarray:
    s = np.asarray(x, dtype=float)
    if s.ndim not in (1, 2) or s.size == 0 or not np.all(np.abs(s) == 1.0):
        raise ValueError(f"{name} must be a non-empty (N,) or (B, N) array of +-1")
    return s


def hebbian_weights(patterns: np.ndarray) -> np.ndarray:
    """Hopfield's Hebbian matrix ``W = (1/N) sum_mu xi xi^T`` with zero diagonal, (N, N)."""
    xi = np.atleast_2d(_as_states(patterns, "patterns"))
    n = xi.shape[1]
    w = xi.T @ xi / n
    np.fill_diagonal(w, 0.0)
    return w


@takes_specs(_SPECS["flip_fraction"])
def corrupt(patterns: np.ndarray, flip_fraction: float, *, seed: int | None = 0) -> np.ndarray:
    """Copies of the patterns with exactly ``round(flip_fraction N)`` bits flipped each."""
    f = flip_fraction
    xi = np.atleast_2d(_as_states(patterns, "patterns"))
    b, n = xi.shape
    k = int(round(f * n))
    rng = np.random.default_rng(seed)
    flips = np.argsort(rng.random((b, n)), axis=1)[:, :k]
    out = xi.copy()
    np.put_along_axis(out, flips, -np.take_along_axis(xi, flips, axis=1), axis=1)
    return out


def energy(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Hopfield energy ``E = -1/2 s^T W s`` of each state (scalar or (B,))."""
    s = _as_states(states, "states")
    w = np.asarray(weights, dtype=float)
    return -0.5 * np.einsum("...i,ij,...j->...", s, w, s)


def overlaps(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Overlap ``m = xi . s / N`` of each state with its pattern (row by row)."""
    xi = _as_states(patterns, "patterns")
    s = _as_states(states, "states")
    if xi.shape != s.shape:
        raise ValueError(f"patterns {xi.shape} and states {s.shape} must have the same shape")
    return np.mean(xi * s, axis=-1)


def bit_error_probability(
    load: np.ndarray | float, n_neurons: int | None = None
) -> np.ndarray:
    """Probability that one update flips a bit of a stored random pattern.

    Signal-to-noise argument (Hertz, Krogh & Palmer 1991, sec. 2.2): at a stored
    pattern the field of bit ``i`` is ``h_i xi_i = ((N - 1) + X)/N`` where the
    crosstalk ``X`` of the other ``P - 1`` patterns is a sum of
    ``M = (P - 1)(N - 1)`` independent, equiprobable +-1 terms.  With ``n_neurons``
    this is evaluated exactly, ``P(X < -(N - 1))`` from the binomial distribution
    (``P = round(load N)``; a zero field is a tie and flips nothing); without it, the
    large-N Gaussian limit ``Phi(-1/sqrt(alpha))`` (HKP eq. 2.13).
    """
    a = np.asarray(load, dtype=float)
    if np.any(~np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("load alpha = P/N must be positive and finite")
    if n_neurons is None:
        return ndtr(-1.0 / np.sqrt(a))
    from scipy.stats import binom

    n = _SPECS["n_neurons"].validate(n_neurons)
    p = np.maximum(1, np.round(a * n))
    m = (p - 1) * (n - 1)
    k_max = np.ceil((m - n + 1) / 2.0) - 1  # flip iff 2K - M < -(N - 1)
    return np.where(m > 0, binom.cdf(k_max, np.maximum(m, 1), 0.5), 0.0)


# ------------------------------------------------------------------- recall
@dataclass(frozen=True, eq=False)
class RecallTrace:
    """Outcome of :func:`recall` for a batch of probes.

    Attributes
    ----------
    states : ndarray, shape (B, N)
        Final states.
    history : ndarray, shape (sweeps + 1, B, N)
        States after each sweep (the probe first).
    energy : ndarray, shape (sweeps + 1, B)
        Energy ``-1/2 s^T W s`` (with the stored float ``W``) after each sweep.
    step_energy : ndarray or None, shape (updates + 1, B)
        With ``record_steps`` (asynchronous): the energy after every single update.
    sweeps : int
        Sweeps done.
    converged : bool
        Whether the last sweep changed nothing (a fixed point for every probe).
    """

    states: np.ndarray
    history: np.ndarray
    energy: np.ndarray
    step_energy: np.ndarray | None
    sweeps: int
    converged: bool


def _sign(h: np.ndarray, s: np.ndarray, tol: float) -> np.ndarray:
    return np.where(h > tol, 1.0, np.where(h < -tol, -1.0, s))


@takes_specs(_SPECS["update"], _SPECS["max_sweeps"])
def recall(
    weights: np.ndarray,
    probes: np.ndarray,
    *,
    update: str = FROM_SPEC,
    max_sweeps: int = FROM_SPEC,
    seed: int | None = 0,
    crossbar: Any = None,
    record_steps: bool = False,
) -> RecallTrace:
    """Let the network relax from ``probes``.

    Parameters
    ----------
    weights : ndarray, shape (N, N)
        The stored (float) weights; the fields come from them unless ``crossbar`` is
        given, and the energy is always measured with them.
    probes : ndarray, shape (B, N) or (N,)
        Start states (+-1).
    update : {"asynchronous", "synchronous"}
    max_sweeps : int
    seed : int or None
        Order of the asynchronous updates (a fresh random permutation per sweep and
        probe).  The same seed gives the same order with or without a crossbar.
    crossbar : CrossbarArray, optional
        Programmed weights; every field is then one analog read ``crossbar.matmul(s)``.
    record_steps : bool
        Record the energy after every asynchronous update.

    Returns
    -------
    RecallTrace
    """
    upd, sweeps_max = update, max_sweeps
    w = np.asarray(weights, dtype=float)
    s = np.atleast_2d(_as_states(probes, "probes")).copy()
    b, n = s.shape
    if w.shape != (n, n) or not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be a finite ({n}, {n}) matrix, got shape {w.shape}")
    tol = TIE * float(np.max(np.abs(w)))
    rng = np.random.default_rng(seed)
    rows = np.arange(b)

    def fields(states: np.ndarray) -> np.ndarray:
        if crossbar is None:
            return states @ w.T
        return np.asarray(crossbar.matmul(states), dtype=float)

    history = [s.copy()]
    energies = [energy(w, s)]
    steps = [energies[0]] if record_steps and upd == "asynchronous" else None
    converged = False
    done = 0
    for _sweep in range(sweeps_max):
        before = s.copy()
        if upd == "synchronous":
            s = _sign(fields(s), s, tol)
        elif crossbar is None:
            order = np.argsort(rng.random((b, n)), axis=1)
            for k in range(n):
                idx = order[:, k]
                h = np.einsum("bj,bj->b", w[idx], s)
                s[rows, idx] = _sign(h, s[rows, idx], tol)
                if steps is not None:
                    steps.append(energy(w, s))
        else:
            s = _async_sweep_crossbar(crossbar, s, np.argsort(rng.random((b, n)), axis=1), tol,
                                      None if steps is None else (w, steps))
        done += 1
        history.append(s.copy())
        energies.append(energy(w, s))
        if np.array_equal(s, before):
            converged = True
            break
    return RecallTrace(
        states=s,
        history=np.stack(history),
        energy=np.stack(energies),
        step_energy=None if steps is None else np.stack(steps),
        sweeps=done,
        converged=converged,
    )


def _async_sweep_crossbar(
    crossbar: Any, s: np.ndarray, order: np.ndarray, tol: float,
    record: tuple[np.ndarray, list] | None,
) -> np.ndarray:
    """One asynchronous sweep with a crossbar read per update (states kept in torch).

    The same decisions as the float path, only the fields come from the array; the
    state lives in a torch tensor between reads (no numpy round trip per read).
    """
    import torch

    st = torch.as_tensor(s, dtype=torch.float32, device=crossbar.torch_device)
    rows = torch.arange(s.shape[0], device=st.device)
    order_t = torch.as_tensor(order, device=st.device)
    one = torch.ones((), dtype=st.dtype, device=st.device)
    for k in range(order.shape[1]):
        idx = order_t[:, k]
        h = crossbar.matmul(st)[rows, idx]
        old = st[rows, idx]
        st[rows, idx] = torch.where(h > tol, one, torch.where(h < -tol, -one, old))
        if record is not None:
            record[1].append(energy(record[0], st.cpu().numpy().astype(float)))
    return st.cpu().numpy().astype(float)


@takes_specs(_SPECS["d2d_sigma"], _SPECS["c2c_scale"], _SPECS["read_noise"])
def program_crossbar(
    weights: np.ndarray,
    *,
    device: str = "ideal",
    d2d_sigma: float = FROM_SPEC,
    c2c_scale: float = FROM_SPEC,
    read_noise: float = FROM_SPEC,
    seed: int | None = 0,
) -> Any:
    """Program ``weights`` into a :class:`~neuroexplore.crossbar.CrossbarArray` (CPU).

    Differential mapping, nearest reachable device state, the device's c2c write
    noise times ``c2c_scale``, d2d gain spread ``d2d_sigma``, per-read ``read_noise``.
    ``seed`` draws the programming noise and seeds the read noise.
    """
    p = dict(device=_SPECS["device"].validate(device), d2d_sigma=d2d_sigma,
             c2c_scale=c2c_scale, read_noise=read_noise)
    if p["device"] == FLOAT:
        raise ValueError("device = 'float' has no crossbar; use recall() without one")
    from ..crossbar import CrossbarArray, CrossbarConfig

    cfg = CrossbarConfig(pulse_device=p["device"], mapping="differential",
                         programming="nearest", d2d_sigma=p["d2d_sigma"],
                         c2c_scale=p["c2c_scale"], read_noise=p["read_noise"], torch_device="cpu",
                         tile_rows=1024, tile_cols=1024)
    return CrossbarArray.from_weights(np.asarray(weights, dtype=float), None, cfg, seed=seed)


# ------------------------------------------------------------- experiments
@dataclass(frozen=True, eq=False)
class HopfieldResult:
    """One recall experiment: the crossbar network beside the float baseline.

    Attributes
    ----------
    patterns, probes : ndarray, shape (P, N)
        Stored patterns and their corrupted probes.
    weights : ndarray, shape (N, N)
        Stored Hebbian weights.
    effective_weights : ndarray or None, shape (N, N)
        Noise-free weights the crossbar realises (``None`` for ``device="float"``).
    trace, baseline : RecallTrace
        Recall on the crossbar (or float) and with float weights (same probes, order).
    probe_fields, baseline_fields : ndarray, shape (P, N)
        The fields ``h = W s`` of the probes: one analog read of the crossbar (after the
        recall, with its read noise) and the float product.
    params : dict
    """

    patterns: np.ndarray
    probes: np.ndarray
    weights: np.ndarray
    effective_weights: np.ndarray | None
    trace: RecallTrace
    baseline: RecallTrace
    probe_fields: np.ndarray
    baseline_fields: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def overlap(self) -> np.ndarray:
        """Final overlap of each probe with its pattern (crossbar)."""
        return overlaps(self.patterns, self.trace.states)

    @property
    def baseline_overlap(self) -> np.ndarray:
        """Final overlap with float weights."""
        return overlaps(self.patterns, self.baseline.states)

    @property
    def recalled(self) -> float:
        """Fraction of patterns recalled perfectly on the crossbar."""
        return float(np.mean(self.overlap == 1.0))

    @property
    def baseline_recalled(self) -> float:
        """Fraction of patterns recalled perfectly with float weights."""
        return float(np.mean(self.baseline_overlap == 1.0))

    @property
    def weight_error(self) -> float:
        """RMS of (realised - stored) weights relative to max|W| (0 for float)."""
        if self.effective_weights is None:
            return 0.0
        d = self.effective_weights - self.weights
        return float(np.sqrt(np.mean(d**2)) / np.max(np.abs(self.weights)))


def run_hopfield(*, seed: int | None = 0, **params: Any) -> HopfieldResult:
    """Store random patterns, program the crossbar, corrupt and recall every pattern.

    ``seed`` draws the patterns (``seed``), the probes (``seed + 1``), the crossbar
    programming and read noise (``seed + 2``) and the update order (``seed + 3``);
    the float baseline uses the same probes and order.  ``**params``: any of
    :data:`HOPFIELD_SPECS`.
    """
    p = _check(params, "run_hopfield")
    base = 0 if seed is None else int(seed)
    xi = random_patterns(p["n_patterns"], p["n_neurons"], seed=base)
    w = hebbian_weights(xi)
    probes = corrupt(xi, p["flip_fraction"], seed=base + 1)
    kw = dict(update=p["update"], max_sweeps=p["max_sweeps"], seed=base + 3)
    baseline = recall(w, probes, **kw)
    h_float = probes @ w.T
    if p["device"] == FLOAT:
        return HopfieldResult(xi, probes, w, None, baseline, baseline, h_float, h_float, p)
    arr = program_crossbar(w, device=p["device"], d2d_sigma=p["d2d_sigma"],
                           c2c_scale=p["c2c_scale"], read_noise=p["read_noise"], seed=base + 2)
    trace = recall(w, probes, crossbar=arr, **kw)
    w_eff = np.asarray(arr.effective_weights().cpu().numpy(), dtype=float)
    h_bar = np.asarray(arr.matmul(probes), dtype=float)
    return HopfieldResult(xi, probes, w, w_eff, trace, baseline, h_bar, h_float, p)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Recall versus one swept parameter, averaged over seeds.

    Attributes
    ----------
    name : str
        The swept parameter.
    values : ndarray, shape (K,)
    overlap, recalled : ndarray, shape (K, seeds)
        Mean final overlap and fraction recalled perfectly, per value and seed
        (crossbar, or float for ``device="float"``); NaN where a cancelled sweep
        stopped before a point (:meth:`mean` ignores those).
    baseline_overlap, baseline_recalled : ndarray, shape (K, seeds)
        The same with float weights.
    params : dict
        The fixed parameters.
    elapsed : float
        Wall time (s).
    cancelled : bool
    """

    name: str
    values: np.ndarray
    overlap: np.ndarray
    recalled: np.ndarray
    baseline_overlap: np.ndarray
    baseline_recalled: np.ndarray
    params: dict = field(default_factory=dict)
    elapsed: float = 0.0
    cancelled: bool = False

    def mean(self, what: str = "overlap") -> np.ndarray:
        """Seed average of ``overlap``, ``recalled`` or their ``baseline_`` versions.

        Points a cancelled sweep never reached are left out (NaN if none was reached).
        """
        if what not in ("overlap", "recalled", "baseline_overlap", "baseline_recalled"):
            raise ValueError(f"what = {what!r} is not valid; expected 'overlap', 'recalled', "
                             "'baseline_overlap' or 'baseline_recalled'")
        vals = getattr(self, what)
        done = np.sum(~np.isnan(vals), axis=1)
        return np.where(done > 0, np.nansum(vals, axis=1) / np.maximum(done, 1), np.nan)

    def to_csv(self) -> str:
        """CSV text: one row per swept value with the seed means."""
        cols = ("overlap", "recalled", "baseline_overlap", "baseline_recalled")
        lines = [",".join((self.name, *cols))]
        means = [self.mean(c) for c in cols]
        for i, v in enumerate(self.values):
            lines.append(",".join([f"{v:.6g}", *(f"{m[i]:.6g}" for m in means)]))
        return "\n".join(lines) + "\n"


def _sweep(
    name: str,
    values: np.ndarray,
    seeds: int,
    params: dict[str, Any],
    callback: Callback | None,
    executor: Any = None,
) -> SweepResult:
    t0 = time.perf_counter()
    values = np.asarray(values, dtype=float).ravel()
    if values.size == 0:
        raise ValueError(f"{name}: give at least one value to sweep")
    for v in values:
        _check({name: v}, f"the {name} sweep")
    if isinstance(seeds, bool) or not isinstance(seeds, (int, np.integer)) \
            or not 1 <= seeds <= 1000:
        raise ValueError(f"seeds = {seeds!r} must be an integer in [1, 1000]")
    _check(params, f"the {name} sweep")
    shape = (values.size, int(seeds))
    out = {k: np.full(shape, np.nan) for k in ("o", "r", "bo", "br")}
    integer = isinstance(_SPECS[name], ParamSpec) and _SPECS[name].integer
    grid = {name: [int(v) if integer else float(v) for v in values]}
    run = run_grid(partial(_recall_task, params=dict(params)), grid,
                   [1000 * j for j in range(seeds)], executor, progress=callback,
                   order="seeds",
                   metrics=lambda point, s, res: {name: float(point[name]), "seed": s // 1000,
                                                  "overlap": res["o"]})
    for k, _point, _seed, res in run.finished():
        j, i = divmod(k, values.size)
        for key, v in res.items():
            out[key][i, j] = v
    cancelled = run.cancelled
    return SweepResult(name, values, out["o"], out["r"], out["bo"], out["br"],
                       dict(params), time.perf_counter() - t0, cancelled)


def _recall_task(seed: int, *, params: dict[str, Any], **point: Any) -> dict[str, float]:
    """One recall experiment of a sweep, reduced to its seed means (a picklable task)."""
    res = run_hopfield(seed=seed, **{**params, **point})
    return {"o": float(np.mean(res.overlap)), "r": res.recalled,
            "bo": float(np.mean(res.baseline_overlap)), "br": res.baseline_recalled}


def recall_vs_noise(
    flip_fractions: np.ndarray = (0.0, 0.1, 0.2, 0.3, 0.4),
    *,
    seeds: int = 4,
    callback: Callback | None = None,
    executor: Any = None,
    **params: Any,
) -> SweepResult:
    """Recall versus input noise (fraction of flipped probe bits), averaged over seeds.

    Seed ``j`` uses the same patterns and crossbar for every noise level.  ``executor``
    (None, a ``concurrent.futures`` executor or a ``dask.distributed.Client``) runs the
    experiments (:func:`neuroexplore.sweeps.run_grid`); the result does not depend on it.
    """
    return _sweep("flip_fraction", np.asarray(flip_fractions), seeds, params, callback,
                  executor)


def recall_vs_variation(
    sigmas: np.ndarray = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    *,
    seeds: int = 4,
    callback: Callback | None = None,
    executor: Any = None,
    **params: Any,
) -> SweepResult:
    """Recall versus device-to-device variation ``d2d_sigma``, averaged over seeds.

    Seed ``j`` uses the same patterns, probes, update order and programming draws for
    every sigma (common random numbers), so the curve shows the effect of sigma alone.
    ``executor`` as in :func:`recall_vs_noise`.
    """
    if params.get("device", _SPECS["device"].default) == FLOAT:
        raise ValueError("device = 'float' has no device variation; choose a device")
    return _sweep("d2d_sigma", np.asarray(sigmas), seeds, params, callback, executor)


def capacity_curve(
    loads: np.ndarray = (0.05, 0.1, 0.138, 0.2, 0.3),
    *,
    n_neurons: int = 200,
    seeds: int = 2,
    flip_fraction: float = 0.0,
    callback: Callback | None = None,
    executor: Any = None,
) -> SweepResult:
    """Float-network recall versus load ``alpha = P/N`` (the capacity figure).

    ``P = max(1, round(alpha N))`` patterns; probes are the stored patterns with
    ``flip_fraction`` noise.  Compare with the Amit-Gutfreund-Sompolinsky limit 0.138.
    ``executor`` as in :func:`recall_vs_noise`.
    """
    a = np.asarray(loads, dtype=float).ravel()
    if a.size == 0 or np.any(~np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("loads alpha = P/N must be positive and finite")
    n = _SPECS["n_neurons"].validate(n_neurons)
    counts = np.maximum(1, np.round(a * n)).astype(int)
    res = _sweep("n_patterns", counts.astype(float), seeds,
                 dict(n_neurons=n, flip_fraction=flip_fraction, device=FLOAT), callback,
                 executor)
    return SweepResult("load", counts / n, res.overlap, res.recalled, res.baseline_overlap,
                       res.baseline_recalled, res.params, res.elapsed, res.cancelled)


