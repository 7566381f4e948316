"""Memristor I-V dynamics under any voltage waveform (SI units: V, A, ohm, s, C, m).

Models (``model=`` in :func:`simulate_iv`):

``"hp"`` -- HP linear ion drift (Strukov, Snider, Stewart & Williams, Nature 453:80,
    2008, eqs. 1-2).  State ``x = w/D`` (doped fraction; ``x = 1`` is ``R_on``):

    ``M(x) = R_on x + R_off (1 - x)``, ``i = v / M``,
    ``dx/dt = (mu_v R_on / D^2) i(t) f(x)``.

    Without window the state is charge-controlled, ``x(q) = x0 + mu_v R_on q / D^2``,
    and the memristance has the closed form (flux ``phi = int v dt``)
    ``M(t) = sqrt(M0^2 - 2 (R_off - R_on) (mu_v R_on / D^2) phi(t))``
    (:func:`hp_memristance_closed_form`; Strukov et al. eq. 3 generalised to any x0).

``"vteam"`` -- VTEAM (Kvatinsky, Ramadan, Friedman & Kolodny, IEEE TCAS-II 62:786,
    2015, eq. 1).  State ``x = (w - w_on)/(w_off - w_on)`` (``x = 0`` is ``R_on``)::

        dw/dt = k_off (v/v_off - 1)^alpha_off f(x)   for v > v_off > 0
              = 0                                 for v_on <= v <= v_off
              = k_on  (v/v_on - 1)^alpha_on f(x)    for v < v_on < 0   (k_on < 0)

    I-V ``i = v / R(x)`` with ``R = R_on + (R_off - R_on) x`` (``iv="linear"``) or
    ``R = R_on exp(ln(R_off/R_on) x)`` (``iv="exponential"``, eq. 5).

``"yakopcic"`` -- generalised model (Yakopcic, Taha, Subramanyam, Pino & Rogers, IEEE
    EDL 32:1436, 2011, eqs. 1-6): ``i = a1 x sinh(b v)`` (v >= 0) or ``a2 x sinh(b v)``,
    ``dx/dt = eta g(v) f(x)`` with exponential thresholds ``g`` and the
    ``x_p``/``x_n`` motion windows.  Defaults are Yakopcic et al.'s published fit
    (EDL 2011, parameter table) to the Ag-chalcogenide device of Oblea, Timilsina,
    Moore & Campbell (IJCNN 2010, "Silver chalcogenide based memristor devices"):
    ``a1 = a2 = 0.17`` A, ``b = 0.05``/V, ``v_p = 0.16`` V, ``v_n = 0.15`` V,
    ``a_p = a_n = 4000``/s, ``x_p = 0.3``, ``x_n = 0.5``, ``alpha_p = 1``,
    ``alpha_n = 5``, ``x0 = 0.11``, ``eta = 1``.

Windows for ``hp`` and ``vteam``: see :mod:`neuroexplore.devices.windows`.  Without
window the state stops at the hard bounds 0 and 1.

Integration: ``scipy.integrate.solve_ivp`` (DOP853, ``rtol = 1e-8`` by default),
restarted at every discontinuity of the waveform (pulse edges); parameters may be
arrays (a sweep), broadcast against each other and integrated together.

Examples
--------
>>> from neuroexplore.devices.waveforms import sine
>>> t = np.linspace(0, 1, 401)
>>> tr = simulate_iv("hp", sine(1.0, 1.0), t)
>>> bool(np.all((tr.state >= 0) & (tr.state <= 1)))
True
>>> loop_area(tr.v, tr.i) > 0
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs, validate_params
from .waveforms import Waveform
from .windows import WINDOW_SPECS, window

__all__ = [
    "IVTrace",
    "MODEL_SPECS",
    "MODEL_REFERENCES",
    "simulate_iv",
    "loop_area",
    "hp_memristance_closed_form",
]

HP_SPECS = (
    ParamSpec("r_on", 100.0, 1.0, 1e6, unit="ohm", log=True, doc="fully doped resistance"),
    ParamSpec("r_off", 16e3, 10.0, 1e9, unit="ohm", log=True, doc="undoped resistance"),
    ParamSpec("d", 10e-9, 1e-9, 1e-6, unit="m", log=True, doc="film thickness D"),
    ParamSpec("mu_v", 1e-14, 1e-17, 1e-10, unit="m^2/(V s)", log=True,
              doc="dopant mobility"),
    ParamSpec("x0", 0.1, 0.0, 1.0, step=0.01, doc="initial state w0/D"),
    *WINDOW_SPECS,
)
VTEAM_SPECS = (
    ParamSpec("r_on", 1e3, 1.0, 1e6, unit="ohm", log=True, doc="ON resistance (x = 0)"),
    ParamSpec("r_off", 1e5, 10.0, 1e9, unit="ohm", log=True, doc="OFF resistance (x = 1)"),
    ParamSpec("v_on", -0.3, -10.0, -1e-3, step=0.01, unit="V", doc="ON threshold (< 0)"),
    ParamSpec("v_off", 0.3, 1e-3, 10.0, step=0.01, unit="V", doc="OFF threshold (> 0)"),
    ParamSpec("k_on", -3e-8, -1e2, -1e-15, unit="m/s", doc="ON rate (< 0)"),
    ParamSpec("k_off", 3e-8, 1e-15, 1e2, unit="m/s", log=True, doc="OFF rate (> 0)"),
    ParamSpec("alpha_on", 3.0, 1.0, 10.0, step=0.1, doc="ON nonlinearity exponent"),
    ParamSpec("alpha_off", 3.0, 1.0, 10.0, step=0.1, doc="OFF nonlinearity exponent"),
    ParamSpec("d", 3e-9, 1e-10, 1e-6, unit="m", log=True, doc="w_off - w_on"),
    ParamSpec("x0", 0.5, 0.0, 1.0, step=0.01, doc="initial state (w0 - w_on)/(w_off - w_on)"),
    ChoiceSpec("iv", "linear", ("linear", "exponential"), doc="R(x) dependence"),
    *WINDOW_SPECS,
)
# Defaults: Yakopcic et al. 2011's fit to the Oblea et al. (IJCNN 2010) device.
YAKOPCIC_SPECS = (
    ParamSpec("a1", 0.17, 1e-6, 10.0, unit="A", log=True, doc="current scale, v >= 0"),
    ParamSpec("a2", 0.17, 1e-6, 10.0, unit="A", log=True, doc="current scale, v < 0"),
    ParamSpec("b", 0.05, 1e-3, 10.0, unit="1/V", log=True, doc="sinh steepness"),
    ParamSpec("v_p", 0.16, 0.0, 5.0, step=0.01, unit="V", doc="positive threshold"),
    ParamSpec("v_n", 0.15, 0.0, 5.0, step=0.01, unit="V", doc="negative threshold magnitude"),
    ParamSpec("a_p", 4000.0, 0.0, 1e8, unit="1/s", doc="positive switching rate"),
    ParamSpec("a_n", 4000.0, 0.0, 1e8, unit="1/s", doc="negative switching rate"),
    ParamSpec("x_p", 0.3, 0.0, 0.99, step=0.01, doc="state where positive motion slows"),
    ParamSpec("x_n", 0.5, 0.0, 0.99, step=0.01, doc="1 - state where negative motion slows"),
    ParamSpec("alpha_p", 1.0, 0.0, 50.0, step=0.1, doc="positive decay constant"),
    ParamSpec("alpha_n", 5.0, 0.0, 50.0, step=0.1, doc="negative decay constant"),
    ParamSpec("eta", 1.0, -1.0, 1.0, step=2.0, doc="direction of state motion (+1 or -1)"),
    ParamSpec("x0", 0.11, 0.0, 1.0, step=0.01, doc="initial state"),
)
#: Specs per model name (widgets build their sliders from these).
MODEL_SPECS: dict[str, tuple] = {"hp": HP_SPECS, "vteam": VTEAM_SPECS,
                                 "yakopcic": YAKOPCIC_SPECS}
#: Source of each model's equations and of its default parameters (shown by the labs).
MODEL_REFERENCES: dict[str, str] = {
    "hp": "Strukov, Snider, Stewart & Williams, Nature 453:80 (2008), eqs. 1-3",
    "vteam": "Kvatinsky, Ramadan, Friedman & Kolodny, IEEE TCAS-II 62:786 (2015), eq. 1",
    "yakopcic": "Yakopcic, Taha, Subramanyam, Pino & Rogers, IEEE EDL 32:1436 (2011); "
                "defaults: their published fit to the Ag-chalcogenide device of Oblea et al., "
                "IJCNN 2010",
}


@dataclass(frozen=True)
class IVTrace:
    """Result of :func:`simulate_iv`.

    Attributes
    ----------
    t : (n,) s;  v : (n,) V
    i : (..., n) A;  state : (..., n) dimensionless in [0, 1];  conductance : (..., n) S
        (``i / v``, its ``v -> 0`` limit where ``v = 0``).  Leading axes are the
        broadcast shape of array parameters (empty for scalars).
    model : str;  params : dict of the validated parameters.
    """

    t: np.ndarray
    v: np.ndarray
    i: np.ndarray
    state: np.ndarray
    conductance: np.ndarray
    model: str
    params: dict


# ----------------------------------------------------------------- model kernels
def _bounded(x: np.ndarray, dx: np.ndarray) -> np.ndarray:
    return np.where(((x >= 1.0) & (dx > 0)) | ((x <= 0.0) & (dx < 0)), 0.0, dx)


def _hp_g(x, v, p):
    return 1.0 / (p["r_on"] * x + p["r_off"] * (1.0 - x))


def _hp_rhs(x, v, p):
    i = v * _hp_g(x, v, p)
    dx = p["mu_v"] * p["r_on"] / p["d"] ** 2 * i
    return dx * window(x, i, p["window"], p["p"])


def _vteam_g(x, v, p):
    if p["iv"] == "linear":
        return 1.0 / (p["r_on"] + (p["r_off"] - p["r_on"]) * x)
    return 1.0 / (p["r_on"] * np.exp(np.log(p["r_off"] / p["r_on"]) * x))


def _vteam_rhs(x, v, p):
    off = np.where(v > p["v_off"],
                   p["k_off"] * np.maximum(v / p["v_off"] - 1.0, 0.0) ** p["alpha_off"], 0.0)
    on = np.where(v < p["v_on"],
                  p["k_on"] * np.maximum(v / p["v_on"] - 1.0, 0.0) ** p["alpha_on"], 0.0)
    dw = off + on
    return dw / p["d"] * window(x, dw, p["window"], p["p"])


def _yak_current(x, v, p):
    a = np.where(v >= 0, p["a1"], p["a2"])
    return a * x * np.sinh(p["b"] * v)


def _yak_g(x, v, p):
    a = np.where(v >= 0, p["a1"], p["a2"])
    bv = p["b"] * v
    safe = np.where(bv == 0, 1.0, bv)
    ratio = np.where(bv == 0, 1.0, np.sinh(safe) / safe)  # sinh(bv)/(bv) -> 1
    return a * x * p["b"] * ratio


def _yak_rhs(x, v, p):
    g = np.where(v > p["v_p"], p["a_p"] * (np.exp(v) - np.exp(p["v_p"])),
                 np.where(v < -p["v_n"], -p["a_n"] * (np.exp(-v) - np.exp(p["v_n"])), 0.0))
    drive = p["eta"] * g
    f_up = np.where(x >= p["x_p"],
                    np.exp(-p["alpha_p"] * (x - p["x_p"]))
                    * ((p["x_p"] - x) / (1.0 - p["x_p"]) + 1.0), 1.0)
    f_dn = np.where(x <= 1.0 - p["x_n"],
                    np.exp(p["alpha_n"] * (x + p["x_n"] - 1.0)) * (x / (1.0 - p["x_n"])), 1.0)
    return drive * np.where(drive > 0, f_up, f_dn)


_KERNELS: dict[str, tuple[Callable, Callable]] = {
    "hp": (_hp_rhs, _hp_g),
    "vteam": (_vteam_rhs, _vteam_g),
    "yakopcic": (_yak_rhs, _yak_g),
}


# ------------------------------------------------------------------- simulation
def simulate_iv(
    model: str,
    waveform: Waveform | Callable[[np.ndarray], np.ndarray],
    t: np.ndarray,
    *,
    rtol: float = 1e-8,
    atol: float = 1e-10,
    **params: Any,
) -> IVTrace:
    """Integrate a memristor model driven by ``waveform`` and sample it at times ``t``.

    Parameters
    ----------
    model : {"hp", "vteam", "yakopcic"}
    waveform : Waveform or callable
        ``v(t)`` in volts (see :mod:`neuroexplore.devices.waveforms`).
    t : array, shape (n,)
        Strictly increasing sample times (s); integration starts at ``t[0]``.
    rtol, atol : float
        ``solve_ivp`` tolerances on the dimensionless state.
    **params
        Model parameters (see ``MODEL_SPECS[model]``; arrays broadcast into a sweep).

    Returns
    -------
    IVTrace
    """
    if model not in MODEL_SPECS:
        raise ValueError(f"model = {model!r} is not valid; expected one of {list(MODEL_SPECS)}")
    p = validate_params(MODEL_SPECS[model], params, where=f"simulate_iv({model!r})")
    t = np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("t must be a 1-D array of >= 2 finite, strictly increasing times (s)")
    if not (0 < rtol <= 1e-3 and 0 < atol <= 1e-3):
        raise ValueError(f"rtol = {rtol}, atol = {atol} must lie in (0, 1e-3]")
    if model in ("hp", "vteam") and np.any(np.asarray(p["r_off"]) <= np.asarray(p["r_on"])):
        raise ValueError(f"r_off = {p['r_off']} ohm must exceed r_on = {p['r_on']} ohm")
    numeric = {k: v for k, v in p.items() if not isinstance(v, str)}
    shape = np.broadcast_shapes(*(np.shape(v) for v in numeric.values()))
    pb = {k: (np.broadcast_to(v, shape).ravel() if not isinstance(v, str) else v)
          for k, v in p.items()}
    rhs, conductance = _KERNELS[model]

    edges = getattr(waveform, "breakpoints", lambda a, b: np.empty(0))(t[0], t[-1])
    bounds = np.concatenate([[t[0]], edges, [t[-1]]])
    period = getattr(waveform, "period", None)
    span = t[-1] - t[0]
    max_step = min(span / 20, period / 100) if period else span / 20
    if isinstance(waveform, Waveform) and period is None and hasattr(waveform, "t"):
        max_step = max(float(np.median(np.diff(waveform.t))), span * 1e-6)

    y = np.clip(pb["x0"], 0.0, 1.0).astype(float)
    states = np.empty((y.size, t.size))
    filled = np.zeros(t.size, dtype=bool)
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if b <= a:
            continue
        eps = 1e-9 * (b - a)

        def f(tt, x, a=a, b=b, eps=eps):
            v = waveform(np.clip(tt, a + eps, b - eps))
            xc = np.clip(x, 0.0, 1.0)
            return _bounded(xc, rhs(xc, v, pb))

        mask = (t >= a) & (t <= b) & ~filled
        t_eval = np.concatenate([t[mask], [b]]) if not (mask.any() and t[mask][-1] == b) \
            else t[mask]
        sol = solve_ivp(f, (a, b), y, method="DOP853", t_eval=t_eval, rtol=rtol, atol=atol,
                        max_step=max_step)
        if not sol.success:
            raise ValueError(_stiff_message(model, p, sol.message))
        states[:, mask] = np.clip(sol.y[:, : mask.sum()], 0.0, 1.0)
        filled |= mask
        y = np.clip(sol.y[:, -1], 0.0, 1.0)

    v = np.asarray(waveform(t), dtype=float) * np.ones_like(t)
    pcol = {k: (val[:, None] if not isinstance(val, str) else val) for k, val in pb.items()}
    g = conductance(states, v[None, :], pcol) * np.ones_like(states)
    i = _yak_current(states, v[None, :], pcol) if model == "yakopcic" else g * v[None, :]
    out_shape = (*shape, t.size)
    return IVTrace(t=t, v=v, i=i.reshape(out_shape), state=states.reshape(out_shape),
                   conductance=g.reshape(out_shape), model=model, params=p)


def _stiff_message(model: str, p: dict, why: str) -> str:
    """The ValueError text when the state equation is too stiff to integrate.

    A switching rate of up to ~1e12 / s (e.g. VTEAM's ``|k_on| / d`` with a 0.1 nm film)
    drives the state onto its hard bound within picoseconds, and the step size the
    integrator needs to follow it underflows.
    """
    if model == "vteam":
        rate = max(np.max(np.abs(p["k_on"])), np.max(p["k_off"])) / np.min(p["d"])
        head = (f"k_on = {np.min(p['k_on']):g} m/s, k_off = {np.max(p['k_off']):g} m/s over "
                f"d = {np.min(p['d']):g} m")
        fix = "reduce |k_on| or k_off, or raise d"
    elif model == "hp":
        rate = np.max(p["mu_v"] * p["r_on"] / p["d"] ** 2) * np.max(p["r_on"] ** -1)
        head = f"mu_v = {np.max(p['mu_v']):g} m^2/(V s) over d = {np.min(p['d']):g} m"
        fix = "reduce mu_v or raise d"
    else:
        rate = max(np.max(p["a_p"]), np.max(p["a_n"]))
        head = f"a_p = {np.max(p['a_p']):g} 1/s, a_n = {np.max(p['a_n']):g} 1/s"
        fix = "reduce a_p or a_n"
    return (f"{head} give switching rates up to {rate:.3g} 1/s: too stiff for the integrator "
            f"under this waveform ({why}); the rates must be lower: {fix}")


@takes_specs(HP_SPECS[:5])
def hp_memristance_closed_form(phi: np.ndarray, *, r_on: float = FROM_SPEC,
                               r_off: float = FROM_SPEC, d: float = FROM_SPEC,
                               mu_v: float = FROM_SPEC, x0: float = FROM_SPEC) -> np.ndarray:
    """HP memristance (ohm) without window as a function of flux ``phi = int v dt`` (V s).

    From ``v = M(q) dq/dt`` and ``M(q) = M0 - dR k q`` (``k = mu_v R_on / D^2``,
    ``dR = R_off - R_on``, ``M0 = M(x0)``): ``phi = M0 q - dR k q^2 / 2`` whence
    ``M = sqrt(M0^2 - 2 dR k phi)``.  Valid while ``0 <= x <= 1``, that is for
    ``phi`` between ``(M0^2 - R_off^2) / (2 dR k)`` (the state reaches ``x = 0``) and
    ``(M0^2 - R_on^2) / (2 dR k)`` (``x = 1``); a flux outside that window raises
    ``ValueError`` (beyond a bound the state sticks and ``M`` is no longer a function of
    ``phi`` alone: use :func:`simulate_iv`).

    Examples
    --------
    >>> float(hp_memristance_closed_form(0.0, x0=0.5))  # M0 = (R_on + R_off) / 2
    8050.0
    >>> hp_memristance_closed_form(1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: phi = 1 V s is outside the flux window [-0.15205, 0.65295] V s in which ...
    """
    if np.any(np.asarray(r_off) <= np.asarray(r_on)):
        raise ValueError(f"r_off = {np.min(r_off):g} ohm must exceed r_on = {np.max(r_on):g} ohm")
    k = mu_v * r_on / d**2
    m0 = r_on * x0 + r_off * (1.0 - x0)
    phi = np.asarray(phi, dtype=float)
    scale = 2.0 * (r_off - r_on) * k
    lo, hi = (m0**2 - r_off**2) / scale, (m0**2 - r_on**2) / scale
    bad = ~np.isfinite(phi) | (phi < lo) | (phi > hi)
    if np.any(bad):
        worst = float(np.broadcast_to(phi, np.broadcast(phi, lo, hi).shape)[
            np.broadcast_to(bad, np.broadcast(phi, lo, hi).shape)].flat[0])
        raise ValueError(
            f"phi = {worst:g} V s is outside the flux window [{np.max(lo):g}, {np.min(hi):g}] "
            "V s in which the closed form holds (0 <= x <= 1); beyond it the state sits at "
            "a bound: use simulate_iv")
    return np.sqrt(np.maximum(m0**2 - scale * phi, r_on**2))


def loop_area(v: np.ndarray, i: np.ndarray) -> float:
    """Area enclosed by an I-V loop (V A = W), summed over its lobes.

    The samples (one period; the loop is closed from the last sample back to the
    first) are split at the zero crossings of ``v``
    (a pinched loop has lobes of opposite orientation that would cancel in a
    signed shoelace sum); each lobe is closed by a straight chord and its area
    computed with the shoelace formula; the absolute lobe areas are summed.
    """
    v = np.asarray(v, dtype=float)
    i = np.asarray(i, dtype=float)
    if v.shape != i.shape or v.ndim != 1 or v.size < 3:
        raise ValueError("loop_area needs 1-D v and i of equal length >= 3")
    # treat the samples as a closed loop (one period); drop a repeated end point
    if v[-1] == v[0] and i[-1] == i[0]:
        v, i = v[:-1], i[:-1]
    vc, ic = np.append(v, v[0]), np.append(i, i[0])
    # insert interpolated zero crossings between samples of opposite sign
    k = np.nonzero(vc[:-1] * vc[1:] < 0)[0]
    fr = vc[k] / (vc[k] - vc[k + 1])
    vv = np.insert(vc, k + 1, 0.0)
    ii = np.insert(ic, k + 1, ic[k] + fr * (ic[k + 1] - ic[k]))
    zeros = np.nonzero(vv[:-1] == 0.0)[0]
    if zeros.size == 0:
        lobes = [(vv, ii)]
    else:  # rotate to start at a zero, then cut into lobes at every zero
        z0 = zeros[0]
        rv = np.concatenate([vv[z0:-1], vv[: z0 + 1]])
        ri = np.concatenate([ii[z0:-1], ii[: z0 + 1]])
        cuts = np.nonzero(rv == 0.0)[0]
        lobes = [(rv[a : b + 1], ri[a : b + 1]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    total = 0.0
    for pv, pi in lobes:
        if pv.size >= 3:
            total += 0.5 * abs(float(np.dot(pv, np.roll(pi, -1)) - np.dot(np.roll(pv, -1), pi)))
    return total
