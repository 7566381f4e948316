"""Pulse-programmed synaptic devices seen from the crossbar, in torch.

The crossbar reads only the ``PulseDevice`` contract of :mod:`neuroexplore.devices`
(``g_min``, ``g_max``, ``states_ltp``/``states_ltd``, ``a_ltp``/``a_ltd``,
``c2c_sigma``, ``d2d_sigma``, ``name``).  Devices are resolved lazily so that
importing the crossbar does not import the device engine.

Update model (MLP NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018)
---------------------------------------------------------------------------
With the normalised conductance ``h = (G - G_min)/(G_max - G_min)`` and the
normalised curve on the pulse-position axis ``x = P / P_max`` in ``[0, 1]``

.. math::  s(x; a) = \\frac{1 - e^{-x/a}}{1 - e^{-1/a}}  \\quad(s = x \\text{ for } a = \\infty),

a device at ``h`` sits at ``x = s^{-1}(h; a)``.  ``n > 0`` potentiation pulses move
``x -> x + n / P_max^{LTP}`` along ``s(.; a_LTP)``; ``n < 0`` depression pulses move
``x -> x - |n| / P_max^{LTD}`` along ``s(.; a_LTD)`` (NeuroSim's convention: the sign
of ``a`` is the sign of the nonlinearity label, the same axis for LTP and LTD).
``x`` saturates in ``[0, 1]``.  Cycle-to-cycle noise adds
``N(0, (c2c_sigma (G_max - G_min))^2 |n|)`` and the result is clipped to
``[G_min, G_max]``.  Soft-bounds devices (``model="soft_bounds"``; Gokmen & Vlasov,
Front. Neurosci. 10:333, 2016) step ``h -> 1 - (1 - h)(1 - 1/P_LTP)^n`` up and
``h -> h (1 - 1/P_LTD)^n`` down.  Tabulated devices (``model="table"``, e.g. a learned
model's :class:`~neuroexplore.devices.learned.TabulatedDevice`) replace ``s`` by the
piecewise-linear interpolation of their level tables ``levels_ltp``/``levels_ltd``
(normalised conductance at integer pulse positions 0..P_max), with the same position
update, noise and clipping.  :func:`apply_pulses_torch` implements this for any tensor shape
and is cross-checked in the tests against the numpy ``PulseDevice.apply_pulses``
(``TabulatedDevice.apply_pulses`` for tables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

__all__ = [
    "IdealDevice",
    "IDEAL",
    "resolve_device",
    "is_continuous",
    "apply_pulses_torch",
    "curve_torch",
    "curve_inverse_torch",
    "pulse_position",
    "level_at",
    "resolve_compute_device",
    "make_generator",
    "table_interp_torch",
]


@dataclass(frozen=True)
class IdealDevice:
    """A continuous, linear, noiseless synapse (the reference for every non-ideality).

    It follows the ``PulseDevice`` contract with ``a = inf`` (linear) and zero noise;
    ``continuous = True`` tells the crossbar to program and update it exactly, with no
    pulse quantisation.  Conductance range 0..25 uS (the PCM scale of Joshi et al. 2020).
    """

    name: str = "ideal"
    reference: str = "idealised linear, continuous, noiseless synapse"
    model: str = "linear"
    g_min: float = 1e-7
    g_max: float = 1e-4
    states_ltp: int = 1000
    states_ltd: int = 1000
    nonlinearity_ltp: float = 0.0
    nonlinearity_ltd: float = 0.0
    c2c_sigma: float = 0.0
    d2d_sigma: float = 0.0
    write_pulse: str = "ideal"
    continuous: bool = True

    @property
    def a_ltp(self) -> float:
        return math.inf

    @property
    def a_ltd(self) -> float:
        return math.inf


IDEAL = IdealDevice()


def resolve_device(device: Any) -> Any:
    """Return a PulseDevice-like object for a name, ``"ideal"`` or a device object.

    ``None`` and ``"ideal"`` give the crossbar's continuous :data:`IDEAL`; other names
    and :class:`~neuroexplore.devices.PulseDevice` objects go through
    :func:`neuroexplore.devices.resolve_device` (imported on first use); any other
    object honouring the ``PulseDevice`` contract (duck-typed, e.g. :class:`IdealDevice`)
    is checked for the fields the crossbar reads.
    """
    if device is None or (isinstance(device, str) and device.lower() == "ideal"):
        return IDEAL
    from neuroexplore.devices.presets import resolve_device as resolve_pulse_device
    from neuroexplore.devices.pulse import PulseDevice

    if isinstance(device, str | PulseDevice):
        return resolve_pulse_device(device)
    needed = ("g_min", "g_max", "states_ltp", "states_ltd", "a_ltp", "a_ltd", "c2c_sigma")
    missing = [n for n in needed if not hasattr(device, n)]
    if missing:
        raise ValueError(f"pulse_device {device!r} lacks the PulseDevice fields {missing}")
    if not 0.0 <= float(device.g_min) < float(device.g_max):
        raise ValueError(
            f"pulse_device g_min = {device.g_min} S, g_max = {device.g_max} S: "
            "need 0 <= g_min < g_max"
        )
    return device


def is_continuous(device: Any) -> bool:
    """Whether the device is programmed and updated without pulse quantisation."""
    return bool(getattr(device, "continuous", False))


def resolve_compute_device(name: str) -> torch.device:
    """``"auto"`` -> CUDA if available else CPU; ``"cuda"`` without CUDA raises ValueError."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device = {name!r} requested but torch.cuda.is_available() is False")
    return torch.device(name)


def make_generator(seed: int | None, device: torch.device) -> torch.Generator:
    """A torch.Generator on ``device``, seeded from ``seed`` (fresh entropy when None)."""
    gen = torch.Generator(device=device)
    if seed is None:
        gen.seed()
    else:
        gen.manual_seed(int(seed))
    return gen


def _u(a: float) -> float:
    """1/a with 0 for a linear (infinite-a) curve."""
    return 0.0 if math.isinf(a) else 1.0 / a


def curve_torch(x: torch.Tensor, a: float) -> torch.Tensor:
    """``s(x; a)`` (normalised conductance at normalised pulse position ``x``)."""
    u = _u(a)
    if u == 0.0:
        return x
    return torch.expm1(-x * u) / math.expm1(-u)


def curve_inverse_torch(h: torch.Tensor, a: float) -> torch.Tensor:
    """``x = s^{-1}(h; a) = -a ln(1 + h (e^{-1/a} - 1))`` for ``h`` in [0, 1]."""
    u = _u(a)
    h = h.clamp(0.0, 1.0)
    if u == 0.0:
        return h
    return -torch.log1p(h * math.expm1(-u)) / u


def _levels(device: Any, ltp: bool) -> tuple[float, ...]:
    levels = getattr(device, "levels_ltp" if ltp else "levels_ltd", None)
    if levels is None:
        raise ValueError(f"device {getattr(device, 'name', device)!r} has model 'table' but "
                         "no levels_ltp/levels_ltd tables")
    return levels


def table_interp_torch(x: torch.Tensor, levels: tuple[float, ...], *,
                       inverse: bool = False) -> torch.Tensor:
    """Piecewise-linear level table ``L[k]`` (k = 0..S): ``L(x)``, or its inverse.

    Forward: the level at pulse position ``x`` (clipped to ``[0, S]``).  ``inverse``: the
    position of level ``x`` (clipped to ``[0, 1]``; flat steps of ``L`` resolve to their
    lower end).  ``L`` rises monotonically from 0 to 1.
    """
    lv = torch.as_tensor(levels, dtype=x.dtype, device=x.device)
    s = lv.numel() - 1
    if not inverse:
        xc = x.clamp(0.0, float(s))
        k = torch.floor(xc).clamp(max=s - 1)
        i = k.long()
        return lv[i] + (xc - k) * (lv[i + 1] - lv[i])
    hc = x.clamp(0.0, 1.0)
    i = (torch.searchsorted(lv, hc.contiguous(), right=True) - 1).clamp(0, s - 1)
    lo, hi = lv[i], lv[i + 1]
    step = hi - lo
    frac = torch.where(step > 0, (hc - lo) / torch.where(step > 0, step, 1.0),
                       torch.ones_like(hc))
    return i.to(x.dtype) + frac.clamp(0.0, 1.0)


def pulse_position(h: torch.Tensor, device: Any, ltp: bool) -> torch.Tensor:
    """Pulse position ``P`` (pulses) of normalised conductance ``h`` on the LTP/LTD curve.

    NeuroSim/linear: ``P = P_max s^{-1}(h; a)`` in ``[0, P_max]``.  Soft bounds:
    ``P = ln(1 - h)/ln(1 - 1/P_LTP)`` (LTP) or ``P_max - ln(h)/ln(1 - 1/P_LTD)`` (LTD),
    with ``h`` kept 1e-7 inside the bounds so that ``P`` stays finite.
    """
    states = float(device.states_ltp if ltp else device.states_ltd)
    if getattr(device, "model", "neurosim") == "table":
        return table_interp_torch(h, _levels(device, ltp), inverse=True)
    if getattr(device, "model", "neurosim") == "soft_bounds":
        hc = h.clamp(1e-7, 1.0 - 1e-7)
        k = math.log1p(-1.0 / states)
        return torch.log1p(-hc) / k if ltp else states - torch.log(hc) / k
    a = float(device.a_ltp if ltp else device.a_ltd)
    return states * curve_inverse_torch(h, a)


def level_at(p: torch.Tensor, device: Any, ltp: bool) -> torch.Tensor:
    """Normalised conductance at pulse position ``p`` (inverse of :func:`pulse_position`)."""
    states = float(device.states_ltp if ltp else device.states_ltd)
    if getattr(device, "model", "neurosim") == "table":
        return table_interp_torch(p, _levels(device, ltp))
    if getattr(device, "model", "neurosim") == "soft_bounds":
        k = math.log1p(-1.0 / states)
        if ltp:
            return -torch.expm1(p.clamp(min=0.0) * k)
        return torch.exp((states - p).clamp(min=0.0) * k)
    a = float(device.a_ltp if ltp else device.a_ltd)
    return curve_torch((p / states).clamp(0.0, 1.0), a)


def apply_pulses_torch(
    g: torch.Tensor,
    n_pulses: torch.Tensor,
    device: Any,
    *,
    c2c_scale: float = 1.0,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Apply signed pulse counts to conductances ``g`` (S); pure, any shape.

    Parameters
    ----------
    g : Tensor
        Present conductances in siemens.
    n_pulses : Tensor
        Signed integer pulse counts (positive = potentiation), broadcast with ``g``.
    device : PulseDevice-like
    c2c_scale : float
        Multiplier on ``device.c2c_sigma``.
    generator : torch.Generator, optional
        Source of the cycle-to-cycle noise; ``None`` gives the noiseless update (as
        ``PulseDevice.apply_pulses`` with ``rng=None``).

    Returns
    -------
    Tensor
        New conductances in ``[g_min, g_max]`` (siemens), same dtype as ``g``.
    """
    g_min, g_max = float(device.g_min), float(device.g_max)
    span = g_max - g_min
    n = n_pulses.to(g.dtype)
    h = ((g - g_min) / span).clamp(0.0, 1.0)
    if getattr(device, "model", "neurosim") == "table":
        lv_p, lv_d = _levels(device, True), _levels(device, False)
        h_p = table_interp_torch(table_interp_torch(h, lv_p, inverse=True) + n, lv_p)
        h_d = table_interp_torch(table_interp_torch(h, lv_d, inverse=True) + n, lv_d)
    elif getattr(device, "model", "neurosim") == "soft_bounds":
        k_p = math.log1p(-1.0 / float(device.states_ltp))
        k_d = math.log1p(-1.0 / float(device.states_ltd))
        h_p = 1.0 - (1.0 - h) * torch.exp(n.clamp(min=0.0) * k_p)
        h_d = h * torch.exp(-n.clamp(max=0.0) * k_d)
    else:
        x_p = curve_inverse_torch(h, float(device.a_ltp)) + n / float(device.states_ltp)
        h_p = curve_torch(x_p.clamp(0.0, 1.0), float(device.a_ltp))
        x_d = curve_inverse_torch(h, float(device.a_ltd)) + n / float(device.states_ltd)
        h_d = curve_torch(x_d.clamp(0.0, 1.0), float(device.a_ltd))
    h_new = torch.where(n > 0, h_p, torch.where(n < 0, h_d, h))
    sigma = float(device.c2c_sigma) * c2c_scale
    if sigma > 0.0 and generator is not None:
        noise = torch.randn(h_new.shape, generator=generator, device=g.device, dtype=g.dtype)
        h_new = h_new + sigma * torch.sqrt(n.abs()) * noise
    return g_min + span * h_new.clamp(0.0, 1.0)
