r"""Phase-plane analysis of the two-dimensional models (FitzHugh-Nagumo, Izhikevich, AdEx).

For a constant input ``I`` each model is a planar ODE ``v' = F(v, w)``, ``w' = G(v, w)``.
:func:`phase_plane` returns

* the nullclines ``F = 0`` and ``G = 0`` as curves (``w`` as a function of ``v``);
* the vector field (v', w') on a ``grid x grid`` mesh (per ms);
* every fixed point, its Jacobian, eigenvalues and a stability label.

Fixed points solve ``F(v, w(v)) = 0`` with ``w`` on the ``G = 0`` nullcline:

* FitzHugh-Nagumo: ``v^3 + 3 (1/b - 1) v + 3 (a/b - I) = 0`` (cubic, ``numpy.roots``);
  Jacobian ``[[1 - v^2, -1], [1/tau, -b/tau]]``.
* Izhikevich: ``0.04 v^2 + (5 - b) v + 140 + I = 0``, ``u = b v``;
  Jacobian ``[[0.08 v + 5, -1], [a b, -a]]``.
* AdEx: ``-(gL + a)(V - EL) + gL DT exp((V - VT)/DT) + I = 0`` (convex in V, so at
  most two roots, bracketed on either side of its minimum and found with ``brentq``),
  ``w = a (V - EL)``; Jacobian ``[[gL (exp((V-VT)/DT) - 1)/C, -1/C], [a/tau_w, -1/tau_w]]``.

Stability (Strogatz, *Nonlinear Dynamics and Chaos*, Sec. 5.2): eigenvalues with real
parts of opposite sign -> "saddle"; both negative -> "stable node" (real) or "stable
focus" (complex); both positive -> "unstable node/focus"; a zero real part ->
"center (non-hyperbolic)" / "non-hyperbolic".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .adex import EXP_ARG_MAX
from .registry import model_info
from .simulation import _resolve_params

__all__ = ["phase_plane", "PhasePlane", "FixedPoint", "classify"]


@dataclass(frozen=True)
class FixedPoint:
    """An equilibrium of the planar system.

    Attributes
    ----------
    v, w : float
        Location (w is ``u`` for Izhikevich, ``w`` in pA for AdEx).
    jacobian : ndarray, shape (2, 2)
        Jacobian of (v', w') with respect to (v, w), per ms.
    eigenvalues : ndarray, shape (2,)
        Complex eigenvalues of the Jacobian (1/ms).
    stability : str
        Classification, see :func:`classify`.
    """

    v: float
    w: float
    jacobian: np.ndarray
    eigenvalues: np.ndarray
    stability: str

    @property
    def stable(self) -> bool:
        """Whether both eigenvalues have negative real part."""
        return bool(np.all(self.eigenvalues.real < 0))


@dataclass(frozen=True)
class PhasePlane:
    """Nullclines, vector field and fixed points of a 2-D neuron model.

    Attributes
    ----------
    model : str
    current : float
    params : dict
    v, w : ndarray, shape (grid,)
        Grid axes.
    dv, dw : ndarray, shape (grid, grid)
        Vector field ``(v', w')`` at ``(v[j], w[i])`` stored at ``[i, j]`` (meshgrid "xy").
    v_nullcline, w_nullcline : tuple of ndarray
        ``(v_curve, w_curve)`` where ``v' = 0`` and ``w' = 0`` respectively.
    fixed_points : tuple of FixedPoint
    v_label, w_label : str
        Axis labels with units.
    """

    model: str
    current: float
    params: Mapping[str, Any]
    v: np.ndarray
    w: np.ndarray
    dv: np.ndarray
    dw: np.ndarray
    v_nullcline: tuple[np.ndarray, np.ndarray]
    w_nullcline: tuple[np.ndarray, np.ndarray]
    fixed_points: tuple[FixedPoint, ...]
    v_label: str
    w_label: str


def classify(eigenvalues: np.ndarray, tol: float = 1e-12) -> str:
    """Stability label of a planar fixed point from its two eigenvalues.

    Examples
    --------
    >>> classify(np.array([-1.0, -2.0])), classify(np.array([-1 + 2j, -1 - 2j]))
    ('stable node', 'stable focus')
    >>> classify(np.array([1.0, -2.0])), classify(np.array([0.1 + 1j, 0.1 - 1j]))
    ('saddle', 'unstable focus')
    """
    ev = np.asarray(eigenvalues, dtype=complex)
    re = ev.real
    scale = max(1.0, float(np.max(np.abs(ev))))
    complex_pair = bool(np.any(np.abs(ev.imag) > tol * scale))
    if np.any(np.abs(re) <= tol * scale):
        return "center (non-hyperbolic)" if complex_pair else "non-hyperbolic"
    if re[0] * re[1] < 0:
        return "saddle"
    kind = "focus" if complex_pair else "node"
    return f"stable {kind}" if re[0] < 0 else f"unstable {kind}"


def _fixed_point(v: float, w: float, jac: np.ndarray) -> FixedPoint:
    ev = np.linalg.eigvals(jac).astype(complex)
    ev = ev[np.argsort(-ev.real, kind="stable")]
    return FixedPoint(float(v), float(w), jac, ev, classify(ev))


# --- per-model field, nullclines, fixed points -----------------------------------------


def _fhn(p: Mapping[str, float], I: float):
    a, b, tau = p["a"], p["b"], p["tau"]

    def field(v, w):
        return v - v**3 / 3.0 - w + I, (v + a - b * w) / tau

    def v_null(v):
        return v - v**3 / 3.0 + I

    def jac(v):
        return np.array([[1.0 - v * v, -1.0], [1.0 / tau, -b / tau]])

    if b > 0:
        roots = np.roots([1.0, 0.0, 3.0 * (1.0 / b - 1.0), 3.0 * (a / b - I)])
        vs = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
        w_null = ((lambda v: (v + a) / b), None)
    else:
        vs = np.array([-a])
        w_null = (None, -a)  # vertical line v = -a
    fps = [_fixed_point(v, v_null(v), jac(v)) for v in vs]
    extrema = [v_null(-1.0), v_null(1.0)]
    return field, v_null, w_null, fps, (-2.5, 2.5), extrema, ("v", "w")


def _izh(p: Mapping[str, float], I: float):
    a, b = p["a"], p["b"]

    def field(v, u):
        return 0.04 * v * v + 5.0 * v + 140.0 - u + I, a * (b * v - u)

    def v_null(v):
        return 0.04 * v * v + 5.0 * v + 140.0 + I

    disc = (5.0 - b) ** 2 - 4.0 * 0.04 * (140.0 + I)
    vs = []
    if disc >= 0:
        r = np.sqrt(disc)
        vs = sorted({(-(5.0 - b) - r) / 0.08, (-(5.0 - b) + r) / 0.08})
    fps = [
        _fixed_point(v, b * v, np.array([[0.08 * v + 5.0, -1.0], [a * b, -a]])) for v in vs
    ]
    return (field, v_null, ((lambda v: b * v), None), fps, (-90.0, 30.0),
            [v_null(-62.5)], ("v (mV)", "u"))


def _adex(p: Mapping[str, float], I: float):
    from scipy.optimize import brentq  # lazily: scipy.optimize costs ~0.4 s at start-up

    C, gL, EL, VT, DT = p["C"], p["gL"], p["EL"], p["VT"], p["DT"]
    a, tau_w = p["a"], p["tau_w"]

    def expo(V):
        return np.exp(np.minimum((V - VT) / DT, EXP_ARG_MAX))

    def field(V, w):
        return (-gL * (V - EL) + gL * DT * expo(V) - w + I) / C, (a * (V - EL) - w) / tau_w

    def v_null(V):
        return -gL * (V - EL) + gL * DT * expo(V) + I

    def F(V):
        return v_null(V) - a * (V - EL)

    vs = []
    lo, hi = EL - 200.0, VT + DT * 40.0
    if gL + a > 0:
        vmin = VT + DT * np.log((gL + a) / gL)
        if F(vmin) < 0:
            if F(lo) > 0:
                vs.append(brentq(F, lo, vmin, xtol=1e-12))
            if F(hi) > 0:
                vs.append(brentq(F, vmin, hi, xtol=1e-12))
        elif F(vmin) == 0:
            vs.append(vmin)
    elif F(lo) < 0 < F(hi):
        vs.append(brentq(F, lo, hi, xtol=1e-12))
    fps = []
    for V in vs:
        jac = np.array([[gL * (expo(V) - 1.0) / C, -1.0 / C], [a / tau_w, -1.0 / tau_w]])
        fps.append(_fixed_point(V, a * (V - EL), jac))
    v_range = (min(EL, p["Vr"]) - 15.0, VT + 5.0 * DT)
    return (field, v_null, ((lambda V: a * (V - EL)), None), fps, v_range,
            [v_null(VT)], ("V (mV)", "w (pA)"))


_BUILDERS: dict[str, Callable[..., Any]] = {
    "fitzhugh_nagumo": _fhn,
    "izhikevich": _izh,
    "adex": _adex,
}


def _check_range(name: str, rng: Any) -> tuple[float, float]:
    lo, hi = (float(x) for x in rng)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} = {rng!r} must be a finite (low, high) pair with low < high")
    return lo, hi


def phase_plane(
    model: str,
    *,
    current: float,
    preset: str | None = None,
    v_range: tuple[float, float] | None = None,
    w_range: tuple[float, float] | None = None,
    grid: int = 21,
    **params: Any,
) -> PhasePlane:
    """Nullclines, vector field and fixed points of a 2-D model at constant ``current``.

    Parameters
    ----------
    model : {"fitzhugh_nagumo", "izhikevich", "adex"} or an alias
    current : float
        Constant input in the model's unit.
    preset : str, optional
        Preset name; explicit ``params`` override it.
    v_range, w_range : (float, float), optional
        Plot window; defaults cover the nullclines' turning points and fixed points.
    grid : int
        Vector-field resolution per axis (2 to 201).
    **params
        Scalar model parameters.

    Returns
    -------
    PhasePlane

    Examples
    --------
    >>> pp = phase_plane("fhn", current=0.0)
    >>> [(round(f.v, 4), f.stability) for f in pp.fixed_points]
    [(-1.1994, 'stable focus')]
    """
    info = model_info(model)
    if info.name not in _BUILDERS:
        raise ValueError(
            f"model = {model!r} has no 2-D phase plane; valid models are {', '.join(_BUILDERS)}"
        )
    I = float(np.asarray(current, dtype=float)) if np.ndim(current) == 0 else np.nan
    if not np.isfinite(I):
        raise ValueError(f"current = {current!r} must be a finite number")
    if not (isinstance(grid, int | np.integer) and 2 <= grid <= 201):
        raise ValueError(f"grid = {grid!r} must be an integer in [2, 201]")
    p = _resolve_params(info, preset, params)
    for name, val in p.items():
        if np.ndim(val) != 0:
            raise ValueError(f"{name} must be a scalar for phase_plane, got shape {np.shape(val)}")
    field, v_null, w_null, fps, v_default, extrema, labels = _BUILDERS[info.name](p, I)
    v_lo, v_hi = _check_range("v_range", v_range) if v_range is not None else v_default
    vc = np.linspace(v_lo, v_hi, 801)
    w_fn, w_vertical = w_null
    if w_fn is not None:
        w_curve = (vc, w_fn(vc))
    else:
        w_curve = None
    if w_range is not None:
        w_lo, w_hi = _check_range("w_range", w_range)
    else:
        ws = list(extrema) + [f.w for f in fps if v_lo <= f.v <= v_hi]
        if w_curve is not None:
            ws += [float(w_curve[1].min()), float(w_curve[1].max())]
        w_lo, w_hi = min(ws), max(ws)
        pad = 0.15 * max(w_hi - w_lo, 1e-3 * max(1.0, abs(w_hi)))
        w_lo, w_hi = w_lo - pad, w_hi + pad
    if w_curve is None:
        w_curve = (np.full(2, w_vertical), np.array([w_lo, w_hi]))
    v_axis = np.linspace(v_lo, v_hi, grid)
    w_axis = np.linspace(w_lo, w_hi, grid)
    VV, WW = np.meshgrid(v_axis, w_axis)
    dv, dw = field(VV, WW)
    return PhasePlane(
        model=info.name,
        current=I,
        params=p,
        v=v_axis,
        w=w_axis,
        dv=np.asarray(dv, dtype=float),
        dw=np.asarray(dw, dtype=float),
        v_nullcline=(vc, np.asarray(v_null(vc), dtype=float)),
        w_nullcline=(np.asarray(w_curve[0], dtype=float), np.asarray(w_curve[1], dtype=float)),
        fixed_points=tuple(fps),
        v_label=labels[0],
        w_label=labels[1],
    )
