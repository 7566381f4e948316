"""Fitting the NeuroSim pulse-update model to measured conductance-vs-pulse data.

Model (MLP NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD 2018), in normalised form
with ``u = 1/a`` (``a`` the signed normalised A; ``u = 0`` is linear, so the fit
passes smoothly through the linear device):

* LTP, ``p`` pulses since the start of potentiation, ``N_p`` LTP pulses:
  ``G = G_min + (G_max - G_min) s(p / N_p; 1/u_ltp)``;
* LTD, ``k`` pulses since the start of depression, ``N_d`` LTD pulses:
  ``G = G_min + (G_max - G_min) s((N_d - k) / N_d; 1/u_ltd)``,

with ``s(x; a) = (1 - e^{-x/a})/(1 - e^{-1/a})``.  Each phase is assumed to span the
full range in its number of pulses (as published cycles do), so ``states_ltp = N_p``
and ``states_ltd = N_d``.  ``G_min``, ``G_max``, ``u_ltp`` (and ``u_ltd``) are fitted
jointly by ``scipy.optimize.least_squares``.  Standard errors come from the
Jacobian ``J`` with a sandwich estimator ``cov = B J^T Sigma J B``, ``B = (J^T J)^-1``:
cycle-to-cycle noise accumulates along a pulse train, so the residuals are modelled
as a random walk, ``Sigma_ij = sigma_step^2 min(c_i, c_j)`` (``c`` = pulses since
the first point, ``sigma_step`` from the one-step residuals below); with
independent residuals the plain ``s^2 (J^T J)^-1`` would be several times too
optimistic.  The random walk ignores the contraction of deviations along the
curve, so the stated errors are approximate and, in Monte-Carlo checks on
synthetic cycles (30 seeds, 3 presets), somewhat conservative (z-score std
0.4-1.2).  Label uncertainties follow by the delta method.

Cycle-to-cycle noise is estimated from one-step residuals: with the fitted curve
``F`` mapping the *measured* conductance after pulse ``k`` to the expected one after
pulse ``k + 1``, ``c2c = std(g_{k+1} - F(g_k)) / (G_max - G_min)`` -- exactly the
noise :meth:`PulseDevice.apply_pulses` adds per pulse.

Several cycles (``cycle=``, e.g. the ``cycle`` column of
:func:`~neuroexplore.devices.load_measurements`) are fitted jointly: ``G_min``,
``G_max`` and ``u_ltp``/``u_ltd`` are shared, each cycle's pulse axis restarts at
its first point, the random walk restarts at each cycle (``Sigma`` is
block-diagonal) and the one-step residuals are taken within cycles only.  With
``n`` cycles the standard errors shrink like ``1/sqrt(n)``: in Monte-Carlo checks
with 4 cycles (20 seeds, 4 presets) the median SE was 0.41-0.50 of one cycle's and
the z-score std 0.1-1.05, except the HZO FeFET's LTD label (std 1.5, mean -1.6: a
bias of about 0.7-0.9 one-cycle SE, about the same with 1 and 4 cycles).

Units: siemens, pulses.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ..seeding import as_generator
from .nonlinearity import KAPPA, MAX_LABEL, max_deviation, nonlinearity_to_a
from .presets import get_device
from .pulse import PulseDevice

__all__ = ["PulseFit", "fit_pulse_response", "make_sample_measurement", "pulse_cycle",
           "SAMPLE_PRESET", "SAMPLE_SEED"]

#: Preset and seed of the bundled ``sample_pulse_measurement.csv``.
SAMPLE_PRESET = "HZO FeFET"
SAMPLE_SEED = 2025

_U_MAX = 1.0 / abs(nonlinearity_to_a(MAX_LABEL))


@dataclass(frozen=True)
class PulseFit:
    """Result of :func:`fit_pulse_response` (S, pulses).

    ``nonlinearity_ltd``/``a_ltd`` are ``None`` for a potentiation-only curve (the
    returned ``device`` then mirrors the LTP curve: ``nonlinearity_ltd = -label_ltp``).
    ``stderr`` maps each fitted quantity (``g_min``, ``g_max``, ``nonlinearity_ltp``,
    ``a_ltp``, ... ) to its standard error.  ``ill_conditioned`` is True (and
    ``warning`` says why) when the data do not determine the parameters: a
    nonlinearity at the model's limit ``+/- MAX_LABEL`` (a curve more abrupt than the
    model, or a cycle split at the wrong pulse), or a singular covariance.
    ``n_cycles`` is the number of cycles fitted jointly (``cycle=`` argument).
    """

    g_min: float
    g_max: float
    states_ltp: int
    states_ltd: int | None
    nonlinearity_ltp: float
    nonlinearity_ltd: float | None
    a_ltp: float
    a_ltd: float | None
    rmse: float
    r2: float
    c2c_sigma: float
    stderr: dict
    covariance: np.ndarray = field(repr=False)
    residuals: np.ndarray = field(repr=False)
    device: PulseDevice = field(repr=False)
    fitted: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    ill_conditioned: bool = False
    warning: str = ""
    n_cycles: int = 1

    def summary(self) -> str:
        """A readable table of the fitted parameters with their standard errors."""

        def row(name: str, value, unit: str = "") -> str:
            if value is None:
                return f"{name:>18}: -"
            se = self.stderr.get(name)
            err = f" +/- {se:.3g}" if se is not None else ""
            return f"{name:>18}: {value:.4g}{err} {unit}".rstrip()

        lines = [
            row("g_min", self.g_min, "S"),
            row("g_max", self.g_max, "S"),
            f"{'states_ltp':>18}: {self.states_ltp}",
            f"{'states_ltd':>18}: {self.states_ltd if self.states_ltd is not None else '-'}",
            row("nonlinearity_ltp", self.nonlinearity_ltp),
            row("nonlinearity_ltd", self.nonlinearity_ltd),
            row("a_ltp", self.a_ltp),
            row("a_ltd", self.a_ltd),
            f"{'c2c_sigma':>18}: {self.c2c_sigma:.3g} (of g_max - g_min)",
            f"{'residual':>18}: RMSE {self.rmse:.3g} S, R^2 {self.r2:.4f}",
        ]
        if self.n_cycles > 1:
            lines.append(f"{'cycles':>18}: {self.n_cycles} (fitted jointly)")
        if self.ill_conditioned:
            lines.append(f"{'WARNING':>18}: {self.warning}")
        return "\n".join(lines)


def _shape_u(x: np.ndarray, u: float) -> np.ndarray:
    if abs(u) < 1e-9:
        return x + 0.5 * u * x * (1 - x)  # first order in u
    return np.expm1(-x * u) / np.expm1(-u)


def _label(u: float) -> float:
    return 0.0 if u == 0 else math.copysign(KAPPA * float(max_deviation(abs(u))), u)


def _label_se(u: float, se_u: float) -> float:
    h = max(1e-6, 1e-4 * abs(u))
    return abs(_label(u + h) - _label(u - h)) / (2 * h) * se_u


def _split(g: np.ndarray, direction: np.ndarray | None) -> int:
    """Index of the last LTP point (the turning point)."""
    if direction is not None:
        d = np.asarray(direction)
        if d.shape != g.shape or not np.all(np.isin(d, (-1, 1))):
            raise ValueError("direction must be +1 (LTP) / -1 (LTD) per point, like conductance")
        ltd = np.nonzero(d < 0)[0]
        if ltd.size == 0:
            return g.size - 1
        if np.any(d[ltd[0]:] > 0) or ltd[0] == 0:
            raise ValueError("direction must be LTP points followed by LTD points (one "
                             "cycle; give cycle= to fit several cycles)")
        return int(ltd[0]) - 1
    k = min(5, max(1, g.size // 20))
    smooth = np.convolve(g, np.ones(k) / k, mode="same")
    top = int(np.argmax(smooth[k:-k] if g.size > 2 * k + 4 else smooth)) + (
        k if g.size > 2 * k + 4 else 0)
    lo, hi = max(0, top - k), min(g.size, top + k + 1)
    top = lo + int(np.argmax(g[lo:hi]))  # refine on the raw data near the smoothed maximum
    # potentiation only unless a clear fall follows the maximum
    after = g[top:]
    if after.size < max(4, g.size // 10) or (g[top] - after.min()) < 0.2 * np.ptp(g):
        return g.size - 1
    return top


@dataclass(frozen=True)
class _Cycle:
    """One LTP[/LTD] cycle of the data: where it lies and its normalised pulse axes."""

    rows: slice
    top: int  # index (within the cycle) of the last LTP point
    x_ltp: np.ndarray  # p / N_p for the LTP points (the first at 0)
    x_ltd: np.ndarray | None  # (N_d - k) / N_d for the LTD points after the turning point
    n_ltp: float
    n_ltd: float | None


def _cycle_blocks(cycle, m: int) -> list[tuple[object, slice]]:
    """``(label, rows)`` of each cycle: contiguous runs of equal ``cycle`` labels."""
    if cycle is None:
        return [(None, slice(0, m))]
    c = np.asarray(cycle)
    if c.shape != (m,):
        raise ValueError(f"cycle must give one cycle label per point, like conductance "
                         f"(shape ({m},)), got shape {c.shape}")
    starts = [0, *(np.nonzero(c[1:] != c[:-1])[0] + 1).tolist()]
    ends = [*starts[1:], m]
    labels = [c[k].item() for k in starts]
    seen: set = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"cycle {label!r} appears in two places: each cycle's points "
                             "must be consecutive (sort the data by cycle)")
        seen.add(label)
    return [(label, slice(a, b)) for label, a, b in zip(labels, starts, ends, strict=True)]


def _prepare_cycle(p: np.ndarray, g: np.ndarray, direction: np.ndarray | None,
                   rows: slice, where: str) -> _Cycle:
    """Validate one cycle, split it into LTP/LTD and normalise its pulse axes."""
    pc, gc = p[rows], g[rows]
    if pc.size < 4:
        raise ValueError(f"{where}has {pc.size} points; a cycle needs at least 4")
    if np.any(np.diff(pc) <= 0):
        raise ValueError(f"{where}pulse numbers must increase strictly"
                         + (" within each cycle" if where else ""))
    try:
        top = _split(gc, None if direction is None else direction[rows])
    except ValueError as exc:
        raise ValueError(f"{where}{exc}") from None
    p_ltp = pc[: top + 1] - pc[0]
    n_ltp = float(p_ltp[-1])
    if top == pc.size - 1:
        return _Cycle(rows, top, p_ltp / n_ltp, None, n_ltp, None)
    k_ltd = pc[top:] - pc[top]
    n_ltd = float(k_ltd[-1])
    if n_ltd < 2 or top < 2:
        raise ValueError(f"{where}each phase needs at least 2 pulses")
    return _Cycle(rows, top, p_ltp / n_ltp, (n_ltd - k_ltd[1:]) / n_ltd, n_ltp, n_ltd)


#: Shape parameters ``u`` of the starting grid: 0 and +/- log-spaced up to the label limit.
_U_GRID = np.concatenate([-np.geomspace(_U_MAX, 0.05, 20), [0.0], np.geomspace(0.05, _U_MAX, 20)])


def _grid_start(g: np.ndarray, x_ltp: np.ndarray, x_ltd: np.ndarray | None,
                g_floor: float) -> np.ndarray | None:
    """Best ``(g0, g1, u_ltp[, u_ltd])`` over a grid of shapes (variable projection).

    The model ``g0 (1 - s) + g1 s`` is linear in ``(g0, g1)``: for every grid shape
    (pair) they follow exactly from the 2x2 normal equations, so the whole grid costs
    one vectorised solve.  Points with ``g_floor <= g0 < g1`` only; ``None`` if none.
    """
    n_ltp = x_ltp.size

    def sums(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        s = np.stack([_shape_u(x, u) for u in _U_GRID])  # (U, m)
        r = 1.0 - s
        return np.stack([(r * r).sum(1), (r * s).sum(1), (s * s).sum(1), r @ y, s @ y])

    a = sums(x_ltp, g[:n_ltp])
    if x_ltd is not None:  # (U_ltp, U_ltd) pairs
        a = a[:, :, None] + sums(x_ltd, g[n_ltp:])[:, None, :]
    s11, s12, s22, b1, b2 = a
    det = s11 * s22 - s12**2
    ok = det > 1e-12 * s11 * s22
    det = np.where(ok, det, 1.0)
    g0 = (s22 * b1 - s12 * b2) / det
    g1 = (s11 * b2 - s12 * b1) / det
    sse = g @ g - (g0 * b1 + g1 * b2)
    sse = np.where(ok & (g0 >= g_floor) & (g1 > g0), sse, np.inf)
    k = np.unravel_index(int(np.argmin(sse)), sse.shape)
    if not np.isfinite(sse[k]):
        return None
    return np.array([g0[k], g1[k], *(_U_GRID[i] for i in k)])


def pulse_arrays(pulses: np.ndarray, conductance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Checked pulse-response data: 1-D float arrays of equal length >= 4, finite."""
    p = np.asarray(pulses, dtype=float)
    g = np.asarray(conductance, dtype=float)
    if p.ndim != 1 or p.shape != g.shape or p.size < 4:
        raise ValueError(f"pulses and conductance must be 1-D of equal length >= 4, got "
                         f"shapes {p.shape} and {g.shape}")
    if not (np.all(np.isfinite(p)) and np.all(np.isfinite(g))):
        raise ValueError("pulses and conductance must be finite (no NaN/inf)")
    return p, g


def fit_pulse_response(
    pulses: np.ndarray,
    conductance: np.ndarray,
    direction: np.ndarray | None = None,
    *,
    cycle: np.ndarray | None = None,
    name: str = "fitted device",
    reference: str = "fitted to measured data",
) -> PulseFit:
    """Fit the NeuroSim model to potentiation curves or potentiation/depression cycles.

    Parameters
    ----------
    pulses : array, shape (m,)
        Strictly increasing pulse numbers (any origin).
    conductance : array, shape (m,)
        Measured conductance (S) after each pulse (the first point is before/at the
        first pulse of the phase).
    direction : array of +1/-1, optional
        Phase of each point; if absent, the cycle is split at its (smoothed)
        maximum when a clear fall follows, else treated as potentiation only.  In a
        cycle, the LTD phase starts at the last LTP point.

    Returns
    -------
    PulseFit
        ``n_cycles`` says how many cycles were fitted; ``states_ltp``/``states_ltd``
        are the cycles' mean pulse counts per phase (rounded).

    Raises
    ------
    ValueError
        Arrays of unequal length or fewer than 4 points (per cycle), NaN/inf,
        pulse numbers not increasing within a cycle, negative or constant
        conductance, a phase of fewer than 2 pulses, a cycle's points split in two
        places, or a cycle without LTD points when others have them.

    Notes
    -----
    ``(G_min, G_max)`` enter linearly: on a grid of shape parameters ``u`` (41 per
    phase) they are solved exactly, and the bounded nonlinear least squares is run
    from the best grid point as well as from the data's own range; the lower
    residual is kept, so a poor local minimum of one start does not survive.

    Examples
    --------
    >>> from neuroexplore.devices import get_device
    >>> dev = get_device("Ag:a-Si")
    >>> fit = fit_pulse_response(*pulse_cycle(dev))
    >>> round(fit.nonlinearity_ltp, 2), round(fit.nonlinearity_ltd, 2), fit.ill_conditioned
    (2.4, -4.88, False)

    Three noisy cycles fitted jointly (pulses restarting at 0 in each cycle):

    >>> noisy = dev.with_params(c2c_sigma=0.01)
    >>> runs = [pulse_cycle(noisy, seed=s) for s in (1, 2, 3)]
    >>> p, g, d = (np.concatenate(a) for a in zip(*runs))
    >>> label = np.repeat([1, 2, 3], runs[0][0].size)
    >>> joint = fit_pulse_response(p, g, d, cycle=label)
    >>> one = fit_pulse_response(*runs[0])
    >>> joint.n_cycles, bool(joint.stderr["g_max"] < one.stderr["g_max"])
    (3, True)
    """
    p, g = pulse_arrays(pulses, conductance)
    blocks = _cycle_blocks(cycle, g.size)
    several = len(blocks) > 1
    if not several and np.any(np.diff(p) <= 0):
        raise ValueError("pulse numbers must increase strictly (for several cycles whose "
                         "pulse count restarts, give cycle=)")
    if np.any(g < 0):
        raise ValueError("conductance must be >= 0 S")
    if np.ptp(g) <= 0:
        raise ValueError("conductance does not change: nothing to fit")
    if direction is not None:
        direction = np.asarray(direction)
        if direction.shape != g.shape:
            raise ValueError("direction must be +1 (LTP) / -1 (LTD) per point, like "
                             "conductance")
    cycles = [_prepare_cycle(p, g, direction, rows, f"cycle {label!r}: " if several else "")
              for label, rows in blocks]
    full = [c.x_ltd is not None for c in cycles]
    if any(full) and not all(full):
        lone = blocks[full.index(False)][0]
        other = blocks[full.index(True)][0]
        raise ValueError(f"cycle {lone!r} has no LTD points while cycle {other!r} has: "
                         "fit either full LTP/LTD cycles or potentiation-only curves "
                         "(drop the incomplete cycle, or give its direction)")
    cycle_fit = full[0]
    # the model's points in data order: LTP points of each cycle, then its LTD points
    ltp_rows = np.concatenate([np.arange(c.rows.start, c.rows.start + c.top + 1)
                               for c in cycles])
    x_ltp = np.concatenate([c.x_ltp for c in cycles])
    if cycle_fit:
        ltd_rows = np.concatenate([np.arange(c.rows.start + c.top + 1, c.rows.stop)
                                   for c in cycles])
        x_ltd = np.concatenate([c.x_ltd for c in cycles])
    scale = float(np.ptp(g))

    def model(theta: np.ndarray) -> np.ndarray:
        g0, g1 = theta[0] * scale, theta[1] * scale
        out = np.empty(g.size)
        out[ltp_rows] = g0 + (g1 - g0) * _shape_u(x_ltp, theta[2])
        if cycle_fit:
            out[ltd_rows] = g0 + (g1 - g0) * _shape_u(x_ltd, theta[3])
        return out

    theta0 = [g.min() / scale, g.max() / scale, 0.0] + ([0.0] if cycle_fit else [])
    g_floor = 1e-12 / scale  # conductances stay physical (> 0); PulseDevice needs >= 1 pS
    theta0[0] = max(theta0[0], 2 * g_floor)
    lo = [g_floor, g_floor, -_U_MAX] + ([-_U_MAX] if cycle_fit else [])
    hi = [np.inf, np.inf, _U_MAX] + ([_U_MAX] if cycle_fit else [])
    starts = [np.asarray(theta0, dtype=float)]
    y = np.concatenate([g[ltp_rows], g[ltd_rows]] if cycle_fit else [g[ltp_rows]]) / scale
    grid_start = _grid_start(y, x_ltp, x_ltd if cycle_fit else None, g_floor)
    if grid_start is not None:
        starts.append(grid_start)
    res = None
    for start in starts:  # multi-start: the data's own range and the best grid point
        cand = least_squares(lambda th: (model(th) - g) / scale, start, bounds=(lo, hi),
                             x_scale="jac", xtol=1e-14, ftol=1e-14, gtol=1e-14,
                             max_nfev=5000)
        # a later start wins only by more than rounding (exact data: both reach ~0)
        if res is None or cand.cost < res.cost * (1 - 1e-9) - 1e-24 * g.size:
            res = cand
    th = res.x
    fitted = model(th)
    resid = g - fitted
    m, n = g.size, th.size
    rss = float(resid @ resid)
    rmse = math.sqrt(rss / m)
    r2 = 1.0 - rss / float(np.sum((g - g.mean()) ** 2))
    jac = res.jac * scale  # d(model)/d(theta) in S
    g_min, g_max = th[0] * scale, th[1] * scale
    if not 0 < g_min < g_max:
        raise ValueError(f"fit gave g_min = {g_min:.3g} S, g_max = {g_max:.3g} S: the data do "
                         "not look like a saturating pulse response")
    u_ltp = float(th[2])
    lab_ltp = _label(u_ltp)
    u_ltd, lab_ltd = (float(th[3]), _label(float(th[3]))) if cycle_fit else (None, None)

    # one-step residuals -> cycle-to-cycle noise per pulse (never across a cycle boundary)
    n_states_ltp = max(2, int(round(np.mean([c.n_ltp for c in cycles]))))
    n_states_ltd = (max(2, int(round(np.mean([c.n_ltd for c in cycles])))) if cycle_fit
                    else n_states_ltp)
    lab_ltd_dev = lab_ltd if cycle_fit else -lab_ltp
    clip = lambda x: float(np.clip(x, -MAX_LABEL, MAX_LABEL))  # noqa: E731
    dev0 = PulseDevice(name=name, reference=reference, g_min=g_min, g_max=g_max,
                       states_ltp=n_states_ltp, states_ltd=n_states_ltd,
                       nonlinearity_ltp=clip(lab_ltp), nonlinearity_ltd=clip(lab_ltd_dev))
    one_step = []
    for c in cycles:
        pc, gc = p[c.rows], g[c.rows]
        steps = np.diff(pc).astype(int)
        sign = np.ones(gc.size - 1, dtype=int)
        if cycle_fit:
            sign[c.top:] = -1
        pred = dev0.apply_pulses(np.clip(gc[:-1], g_min, g_max), sign * steps)
        one_step.append((gc[1:] - pred) / np.sqrt(steps))
    sigma_step = float(np.std(np.concatenate(one_step)))
    c2c = sigma_step / (g_max - g_min)

    # parameter covariance: sandwich B (J^T Sigma J) B with a random-walk residual
    # covariance restarting at each cycle, Sigma_ij = sigma_step^2 min(c_i, c_j) within
    # a cycle (c = pulses since the cycle's first point), 0 across cycles; white s2 I
    # when no step noise is detectable.  With dc_k = c_k - c_{k-1} (dc_0 = 0) and
    # R_k = sum_{i >= k} J_i, J^T Sigma J = sigma_step^2 sum_k dc_k R_k R_k^T: O(m n^2)
    # instead of an m x m matrix.
    if sigma_step > 0:
        meat = np.zeros((n, n))
        for c in cycles:
            pc = p[c.rows]
            dc = np.diff(pc - pc[0], prepend=0.0)
            tail = np.cumsum(jac[c.rows][::-1], axis=0)[::-1]  # R_k
            meat += (tail * dc[:, None]).T @ tail
        meat *= sigma_step**2
    else:
        meat = rss / max(m - n, 1) * (jac.T @ jac)
    try:
        bread = np.linalg.pinv(jac.T @ jac)
        cov = bread @ meat @ bread
    except np.linalg.LinAlgError:  # pragma: no cover - defensive
        cov = np.full((n, n), np.inf)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    stderr = {"g_min": se[0] * scale, "g_max": se[1] * scale,
              "nonlinearity_ltp": _label_se(u_ltp, se[2]),
              "a_ltp": se[2] / u_ltp**2 if u_ltp else math.inf}
    if cycle_fit:
        stderr["nonlinearity_ltd"] = _label_se(u_ltd, se[3])
        stderr["a_ltd"] = se[3] / u_ltd**2 if u_ltd else math.inf
    device = dev0.with_params(c2c_sigma=float(np.clip(c2c, 0.0, 0.5)))
    warning = _conditioning(th[2:], cov)
    return PulseFit(
        g_min=g_min, g_max=g_max, states_ltp=n_states_ltp,
        states_ltd=n_states_ltd if cycle_fit else None,
        nonlinearity_ltp=lab_ltp, nonlinearity_ltd=lab_ltd,
        a_ltp=math.inf if u_ltp == 0 else 1.0 / u_ltp,
        a_ltd=None if u_ltd is None else (math.inf if u_ltd == 0 else 1.0 / u_ltd),
        rmse=rmse, r2=r2, c2c_sigma=c2c, stderr=stderr, covariance=cov, residuals=resid,
        device=device, fitted=fitted, ill_conditioned=bool(warning), warning=warning,
        n_cycles=len(cycles),
    )


def _conditioning(u: np.ndarray, cov: np.ndarray) -> str:
    """Why a pulse-response fit cannot be trusted ("" when it can)."""
    reasons = []
    for phase, u_k in zip(("ltp", "ltd"), u, strict=False):
        if abs(u_k) >= _U_MAX * (1 - 1e-6):
            reasons.append(f"nonlinearity_{phase} is at the model's limit "
                           f"+/-{MAX_LABEL:g} (the curve is more abrupt than the model, or "
                           "the cycle was split at the wrong pulse)")
    if not np.all(np.isfinite(cov)):
        reasons.append("the parameters are not determined by the data (singular covariance)")
    return ("ill-conditioned: " + "; ".join(reasons)) if reasons else ""


def pulse_cycle(device: PulseDevice, seed=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A measured-style cycle: ``states_ltp`` LTP pulses from ``g_min``, then ``states_ltd`` LTD.

    Returns ``(pulse, conductance, direction)`` with ``states_ltp + states_ltd + 1``
    points; pulses are applied one at a time with c2c noise when ``seed`` is given.
    """
    gen = as_generator(seed)
    n_p, n_d = device.states_ltp, device.states_ltd
    g = np.empty(n_p + n_d + 1)
    g[0] = device.g_min
    for k in range(n_p + n_d):
        g[k + 1] = device.apply_pulses(g[k], 1 if k < n_p else -1, rng=gen)
    direction = np.where(np.arange(g.size) <= n_p, 1, -1)
    return np.arange(g.size, dtype=float), g, direction


def make_sample_measurement(preset: str = SAMPLE_PRESET, seed: int = SAMPLE_SEED) -> str:
    """CSV text of a synthetic measurement: one LTP/LTD cycle of ``preset`` with c2c noise.

    Reproducible: the same ``(preset, seed)`` gives the same text.  The bundled
    ``neuroexplore/data/sample_pulse_measurement.csv`` is
    ``make_sample_measurement(SAMPLE_PRESET, SAMPLE_SEED)``.
    """
    dev = get_device(preset)
    pulse, g, direction = pulse_cycle(dev, seed)
    buf = io.StringIO()
    buf.write("# Synthetic pulse measurement (NOT measured data): generated by\n")
    buf.write(f"# neuroexplore.devices.fitting.make_sample_measurement({preset!r}, seed={seed})\n")
    buf.write(f"# from preset {preset!r} ({dev.reference}): states {dev.states_ltp}/"
              f"{dev.states_ltd}, nonlinearity {dev.nonlinearity_ltp}/{dev.nonlinearity_ltd}, "
              f"c2c_sigma {dev.c2c_sigma}, g_min {dev.g_min:.6g} S, g_max {dev.g_max:.6g} S\n")
    buf.write("pulse,conductance (S),direction\n")
    for pk, gk, dk in zip(pulse, g, direction, strict=True):
        buf.write(f"{int(pk)},{gk:.9e},{'ltp' if dk > 0 else 'ltd'}\n")
    return buf.getvalue()
