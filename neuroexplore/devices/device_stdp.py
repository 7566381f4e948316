"""STDP from the device itself: overlapping pre/post spike waveforms across a threshold memristor.

Scheme of Linares-Barranco & Serrano-Gotarredona (Nature Precedings 2009; Zamarreno-
Ramos et al., Front. Neurosci. 5:26, 2011) as demonstrated by Jo et al. (Nano Lett.
10:1297, 2010): every neuron emits the same spike waveform -- a short head below
the device threshold followed by an opposite-sign tail -- on its axon (device top
electrode, pre) and its dendrite (bottom electrode, post).  Alone, no spike moves
the device; when the post head arrives on top of the pre tail, the net voltage

.. math::  V_{mem}(t) = V_{post}(t - \\Delta t) - V_{pre}(t),\\qquad \\Delta t = t_{post} - t_{pre}

crosses the threshold and the conductance changes.  The spike waveform (SI units)::

    V(s) = V_head                                  0 <= s < t_head
         = -V_tail exp(-(s - t_head)/tau_tail)     t_head <= s < t_head + t_tail
         = 0                                        otherwise

The device follows a VTEAM-like threshold law (Kvatinsky et al., IEEE TCAS-II
62:786, 2015, eq. 2, without window function)::

    dw/dt =  k_on  (V/v_on - 1)^alpha_on       V >  v_on
          = -k_off (-V/v_off - 1)^alpha_off    V < -v_off
          =  0                                 otherwise

and ``dw = integral of dw/dt`` over the overlap.  Analytic expectation (derived in
the tests): for ``alpha_on = 1``, ``V_head = v_on`` and ``t_head <= dt <= t_tail``
the post head lies entirely on the pre tail and

.. math::  \\Delta w = A_+ e^{-\\Delta t/\\tau_{tail}}, \\qquad
           A_+ = \\frac{k_{on} V_{tail} \\tau_{tail}}{v_{on}} (e^{t_{head}/\\tau_{tail}} - 1),

an exact exponential STDP window with ``tau_+`` equal to the *pre* tail constant
(and ``tau_-`` to the *post* tail constant by symmetry).  The defaults use the
Bi & Poo time constants tau+ = 16.8 ms, tau- = 33.7 ms (as tabulated by Pfister &
Gerstner, J. Neurosci. 26:9673, 2006; ``shared/reference/neuron_models.md``).

Examples
--------
>>> dw = stdp_window(delta_t_s=[-0.02, -0.005, 0.005, 0.02])
>>> bool(dw[0] < 0 and dw[1] < 0 and dw[2] > 0 and dw[3] > 0)
True
>>> float(stdp_window(delta_t_s=0.5)) == 0.0   # no overlap, no change
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import curve_fit

from ..params import param, spec_dataclass

__all__ = [
    "SpikeWaveform",
    "ThresholdMemristor",
    "SPIKE_WAVEFORM_SPECS",
    "THRESHOLD_MEMRISTOR_SPECS",
    "STDPWindowFit",
    "spike_waveform",
    "net_voltage",
    "threshold_rate",
    "stdp_window",
    "exponential_stdp_window",
    "fit_stdp_window",
]


def _scalar_fields(obj: Any) -> None:
    """One spike shape / one device: array-valued fields are not offered here."""
    for spec in obj.SPECS:
        if np.ndim(getattr(obj, spec.name)):
            raise ValueError(f"{spec.name} must be a scalar in {type(obj).__name__}")


@spec_dataclass(eq=True)
class SpikeWaveform:
    """Spike: rectangular head then a truncated exponential tail of opposite sign (V, s)."""

    head_amplitude: float = param(1.0, 0.0, 10.0, step=0.01, unit="V",
                                  doc="spike head amplitude (at or below the device threshold)")
    head_width: float = param(1e-3, 1e-6, 0.1, unit="s", log=True, doc="spike head duration")
    tail_amplitude: float = param(0.6, 0.0, 10.0, step=0.01, unit="V",
                                  doc="initial magnitude of the opposite-sign tail")
    tail_tau: float = param(0.0168, 1e-5, 1.0, unit="s", log=True,
                            doc="exponential decay time of the tail")
    tail_duration: float = param(0.1, 1e-5, 10.0, unit="s", log=True,
                                 doc="tail length (the tail is cut to 0 afterwards)")

    def __post_init__(self) -> None:
        _scalar_fields(self)

    @property
    def length(self) -> float:
        """Total spike duration (s)."""
        return self.head_width + self.tail_duration


@spec_dataclass(eq=True)
class ThresholdMemristor:
    """A VTEAM-like threshold memristor without window (thresholds V, rates 1/s)."""

    v_on: float = param(1.0, 0.01, 10.0, step=0.01, unit="V", doc="potentiation threshold")
    v_off: float = param(1.0, 0.01, 10.0, step=0.01, unit="V",
                         doc="depression threshold magnitude (switches at V < -v_off)")
    k_on: float = param(100.0, 0.0, 1e9, unit="1/s", step=1.0,
                        doc="potentiation rate (weight units per second)")
    k_off: float = param(100.0, 0.0, 1e9, unit="1/s", step=1.0,
                         doc="depression rate (weight units per second)")
    alpha_on: float = param(1.0, 0.1, 10.0, step=0.1, doc="VTEAM exponent above v_on")
    alpha_off: float = param(1.0, 0.1, 10.0, step=0.1, doc="VTEAM exponent below -v_off")

    def __post_init__(self) -> None:
        _scalar_fields(self)


#: Spike-waveform parameters, declared on :class:`SpikeWaveform`.
SPIKE_WAVEFORM_SPECS = SpikeWaveform.SPECS
#: Threshold-memristor parameters, declared on :class:`ThresholdMemristor`.
THRESHOLD_MEMRISTOR_SPECS = ThresholdMemristor.SPECS

_POST_DEFAULT = SpikeWaveform(tail_tau=0.0337)


def spike_waveform(s: np.ndarray | float, wave: SpikeWaveform) -> np.ndarray:
    """Spike voltage (V) at time ``s`` (s) after its onset."""
    s = np.asarray(s, dtype=float)
    head = (s >= 0) & (s < wave.head_width)
    u = s - wave.head_width
    tail = (u >= 0) & (u < wave.tail_duration)
    return np.where(head, wave.head_amplitude,
                    np.where(tail, -wave.tail_amplitude * np.exp(-np.maximum(u, 0.0)
                                                                  / wave.tail_tau), 0.0))


def net_voltage(
    t: np.ndarray, dt: np.ndarray | float, pre: SpikeWaveform, post: SpikeWaveform
) -> np.ndarray:
    """Device voltage ``V_post(t - dt) - V_pre(t)`` (V); pre spike at ``t = 0``."""
    return spike_waveform(np.asarray(t) - np.asarray(dt), post) - spike_waveform(t, pre)


def threshold_rate(v: np.ndarray, device: ThresholdMemristor) -> np.ndarray:
    """``dw/dt`` (1/s) of the VTEAM-like threshold law at voltage ``v``."""
    v = np.asarray(v, dtype=float)
    up = np.maximum(v / device.v_on - 1.0, 0.0)
    down = np.maximum(-v / device.v_off - 1.0, 0.0)
    return device.k_on * up**device.alpha_on - device.k_off * down**device.alpha_off


_GX, _GW = np.polynomial.legendre.leggauss(16)


def stdp_window(
    device: ThresholdMemristor | None = None,
    *,
    delta_t_s: np.ndarray | float,
    pre: SpikeWaveform | None = None,
    post: SpikeWaveform | None = None,
    panels: int = 16,
) -> np.ndarray:
    """Weight change ``dw`` for spike-time differences ``delta_t_s = t_post - t_pre``.

    ``delta_t_s`` is in **seconds** (a required keyword, so that it is never
    mistaken for the milliseconds of :func:`neuroexplore.networks.stdp_window`).
    Vectorised over ``delta_t_s``.  The integral of ``dw/dt`` is split at the six
    waveform breakpoints (where the net voltage is smooth in between) and each piece is
    integrated by composite 16-point Gauss-Legendre quadrature on ``panels`` panels
    (exact to rounding where no threshold crossing falls inside a piece; otherwise
    converging as ``panels^-2`` or faster).

    Defaults: :class:`ThresholdMemristor()`, pre tail 16.8 ms, post tail 33.7 ms.
    """
    device = ThresholdMemristor() if device is None else device
    pre = SpikeWaveform() if pre is None else pre
    post = _POST_DEFAULT if post is None else post
    if not isinstance(device, ThresholdMemristor):
        raise ValueError(f"device must be a ThresholdMemristor, got {type(device).__name__}")
    if not (isinstance(pre, SpikeWaveform) and isinstance(post, SpikeWaveform)):
        raise ValueError("pre and post must be SpikeWaveform instances")
    if not (isinstance(panels, (int, np.integer)) and 1 <= panels <= 4096):
        raise ValueError(f"panels = {panels!r} must be an integer in [1, 4096]")
    d = np.asarray(delta_t_s, dtype=float)
    if np.any(~np.isfinite(d)):
        raise ValueError("delta_t_s (spike-time difference, s) must be finite")
    flat = d.reshape(-1, 1)
    bps = np.sort(np.concatenate([
        np.broadcast_to([0.0, pre.head_width, pre.length], (flat.shape[0], 3)),
        flat + [0.0, post.head_width, post.length],
    ], axis=1), axis=1)  # (n, 6)
    lo, hi = bps[:, :-1], bps[:, 1:]  # (n, 5) smooth pieces
    edges = lo[..., None] + (hi - lo)[..., None] * np.linspace(0, 1, panels + 1)
    a, b = edges[..., :-1], edges[..., 1:]  # (n, 5, panels)
    half = 0.5 * (b - a)
    nodes = 0.5 * (a + b)[..., None] + half[..., None] * _GX  # (n, 5, panels, 16)
    v = net_voltage(nodes, flat[:, :, None, None], pre, post)
    dw = np.sum(threshold_rate(v, device) * _GW * half[..., None], axis=(1, 2, 3))
    return dw.reshape(d.shape)


def exponential_stdp_window(
    dt: np.ndarray | float, a_plus: float, tau_plus: float, a_minus: float, tau_minus: float
) -> np.ndarray:
    """``A+ exp(-dt/tau+)`` for ``dt > 0``, ``-A- exp(dt/tau-)`` for ``dt < 0``, 0 at 0."""
    dt = np.asarray(dt, dtype=float)
    return np.where(dt > 0, a_plus * np.exp(-np.abs(dt) / tau_plus),
                    np.where(dt < 0, -a_minus * np.exp(-np.abs(dt) / tau_minus), 0.0))


@dataclass(frozen=True, eq=False)
class STDPWindowFit:
    """Exponential STDP window fitted to ``(dt, dw)`` (s, weight units)."""

    a_plus: float
    tau_plus: float
    a_minus: float
    tau_minus: float
    covariance_plus: np.ndarray
    """2x2 covariance of ``(a_plus, tau_plus)``."""
    covariance_minus: np.ndarray
    """2x2 covariance of ``(a_minus, tau_minus)``."""
    residual_rms: float

    @property
    def errors(self) -> np.ndarray:
        """One-sigma errors of ``(a_plus, tau_plus, a_minus, tau_minus)``."""
        return np.sqrt(np.clip(np.r_[np.diag(self.covariance_plus),
                                     np.diag(self.covariance_minus)], 0, None))

    def __call__(self, dt: np.ndarray | float) -> np.ndarray:
        return exponential_stdp_window(dt, self.a_plus, self.tau_plus, self.a_minus,
                                       self.tau_minus)


def _fit_side(x: np.ndarray, y: np.ndarray, side: str) -> tuple[float, float, np.ndarray]:
    if x.size < 3:
        raise ValueError(f"fit_stdp_window needs at least 3 non-zero points with dt "
                         f"{'> 0' if side == 'plus' else '< 0'} (the {side} branch), got {x.size}")
    slope, icpt = np.polyfit(x, np.log(y), 1)
    tau0 = -1.0 / slope if slope < 0 else float(np.ptp(x) or 1.0)
    popt, pcov = curve_fit(lambda s, a, tau: a * np.exp(-s / tau), x, y,
                           p0=[np.exp(icpt), tau0], bounds=([0, 1e-12], [np.inf, np.inf]),
                           method="trf", x_scale="jac", max_nfev=10000)
    return float(popt[0]), float(popt[1]), pcov


def fit_stdp_window(dt: np.ndarray, dw: np.ndarray) -> STDPWindowFit:
    """Fit ``A+, tau+, A-, tau-`` of the exponential window to a measured/simulated one.

    Each branch is fitted separately (log-linear start, then nonlinear least
    squares) on its points with the expected sign (``dw > 0`` for ``dt > 0``,
    ``dw < 0`` for ``dt < 0``); zeros beyond the overlap are ignored.
    """
    x = np.asarray(dt, dtype=float)
    y = np.asarray(dw, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"dt and dw must be 1-D arrays of equal length, got shapes "
                         f"{x.shape} and {y.shape}")
    if np.any(~np.isfinite(x)) or np.any(~np.isfinite(y)):
        raise ValueError("dt and dw must not contain NaN or infinite values")
    plus = (x > 0) & (y > 0)
    minus = (x < 0) & (y < 0)
    a_p, t_p, c_p = _fit_side(x[plus], y[plus], "plus")
    a_m, t_m, c_m = _fit_side(-x[minus], -y[minus], "minus")
    sel = plus | minus
    resid = y[sel] - exponential_stdp_window(x[sel], a_p, t_p, a_m, t_m)
    return STDPWindowFit(a_p, t_p, a_m, t_m, c_p, c_m, float(np.sqrt(np.mean(resid**2))))
