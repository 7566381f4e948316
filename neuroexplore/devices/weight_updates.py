"""Weight change -> programming pulses: the one home of open-loop weight updates.

A network weight stored in pulse-programmed devices is changed by sending identical
pulses, counted from the device's *nominal* (linear) step; the conductance then
moves along the device's own nonlinear curve, with its cycle-to-cycle noise and
saturation, when the pulses are applied (:meth:`PulseDevice.apply_pulses`, or
:func:`neuroexplore.crossbar.device_model.apply_pulses_torch`).  Open-loop
programming as in MLP NeuroSim V3.0 (Chen, Peng & Yu, IEEE TCAD 37:3067, 2018).

Nominal step of one pulse (S), from the device's own number of states:

.. math::  \\Delta G_{LTP} = (G_{max} - G_{min}) / P_{LTP}, \\qquad
           \\Delta G_{LTD} = (G_{max} - G_{min}) / P_{LTD}.

* **One device with a reference** (:func:`weight_change_to_pulses`):
  ``w = w_max (G - G_ref) / (G_max - G_min)``.  A change ``dw`` asks the device for
  ``dG = dw (G_max - G_min) / w_max`` and sends ``n = dG / dG_LTP`` pulses for
  ``dw > 0`` (potentiation, ``n > 0``) or ``n = dG / dG_LTD`` for ``dw < 0``
  (depression, ``n < 0``).
* **Differential pair** (:func:`pair_weight_change_to_pulses`):
  ``w = w_max (G+ - G-) / (G_max - G_min)``.  Both devices share the change,
  ``dG = |dw| (G_max - G_min) / (2 w_max)`` each: for ``dw > 0`` ``G+`` is
  potentiated by ``round(dG / dG_LTP)`` pulses and ``G-`` depressed by
  ``round(dG / dG_LTD)``; for ``dw <= 0`` the roles swap (``G+`` depressed, ``G-``
  potentiated).

* **NeuroSim's one device with a reference** (:func:`neurosim_weight_change_to_pulses`;
  MLP NeuroSim V3.0 ``RealDevice::Write``): the algorithm weight ``W_A`` in
  ``(w_min, w_max) = (-1, 1)`` is squeezed into ``W_H = (W_A - w_min)/(w_max - w_min)``
  in ``(0, 1)``, ``W_H = (G - G_min)/(G_max - G_min)``; the read-out subtracts the
  reference ``(G_max + G_min)/2`` per input, so ``W_A = 2 W_H - 1``.  A change ``dw``
  becomes ``n = truncate(dw/(w_max - w_min), P) P`` pulses, ``P = P_LTP`` for
  ``dw > 0`` and ``P_LTD`` otherwise, i.e. ``dw`` measured in weight steps of one
  state, ``(w_max - w_min)/P``, rounded half away from zero (NeuroSim's
  ``truncate(x, numLevel)`` with threshold 0.5).  This is
  :func:`weight_change_to_pulses` with ``w_max -> w_max - w_min`` and
  ``rounding="half_away"``.

Rounding of the real pulse count ``n`` (:func:`round_pulses`):
``"nearest"`` is round-half-to-even (``numpy.rint``, ``torch.round``: a change below
half a step is lost); ``"half_away"`` rounds halves away from zero (NeuroSim's own
``truncate``: ``sign(n) floor(|n| + 1/2)``; it differs from ``"nearest"`` only at
exact halves); ``"stochastic"`` sends ``floor(n)``
pulses plus one more with probability ``n - floor(n)``, so ``E[pulses] = n``
(Gupta et al., ICML 2015; Gokmen & Vlasov, Front. Neurosci. 10:333, 2016).

Every function takes numpy arrays (with a :class:`numpy.random.Generator`) or torch
tensors (with a :class:`torch.Generator`) and applies the same formula; counts come
back as int64 of the same kind.  torch is never imported here.

Units: siemens (S), pulses (count); weights in the caller's units (``w_max``).

Examples
--------
>>> from neuroexplore.devices import PulseDevice
>>> dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=50)
>>> weight_change_to_pulses(np.array([0.1, -0.1, 0.004]), dev, w_max=1.0).tolist()
[10, -5, 0]
>>> n_plus, n_minus = pair_weight_change_to_pulses(np.array([0.1, -0.1]), dev, w_max=1.0)
>>> n_plus.tolist(), n_minus.tolist()
([5, -2], [-2, 5])
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "ROUNDING_MODES",
    "nominal_pulse_steps",
    "nominal_pulse_count",
    "round_pulses",
    "weight_change_to_pulses",
    "pair_weight_change_to_pulses",
    "neurosim_weight_change_to_pulses",
]

#: Rounding rules of a real pulse count (see :func:`round_pulses`).
ROUNDING_MODES = ("nearest", "half_away", "stochastic")


def _is_torch(x: Any) -> bool:
    return type(x).__module__.split(".")[0] == "torch"


def _as_array(x: Any) -> Any:
    return x if _is_torch(x) else np.asarray(x, dtype=float)


def _span(device: Any, w_max: float) -> float:
    if not (isinstance(w_max, (int, float, np.floating)) and 0 < w_max < np.inf):
        raise ValueError(f"w_max = {w_max!r} must be a positive finite weight")
    return float(device.g_max) - float(device.g_min)


def nominal_pulse_steps(device: Any) -> tuple[float, float]:
    """``(dG_LTP, dG_LTD)``: the nominal conductance step of one pulse (S).

    ``dG = (G_max - G_min) / states`` for the LTP and the LTD states of ``device``
    (a :class:`PulseDevice` or anything with ``g_min``, ``g_max``, ``states_ltp``,
    ``states_ltd``).

    >>> from neuroexplore.devices import PulseDevice
    >>> nominal_pulse_steps(PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100,
    ...                                 states_ltd=50))
    (9e-08, 1.8e-07)
    """
    span = float(device.g_max) - float(device.g_min)
    return span / int(device.states_ltp), span / int(device.states_ltd)


def nominal_pulse_count(dg: Any, device: Any) -> Any:
    """Real (unrounded) signed pulse count for conductance changes ``dg`` (S).

    ``n = dg / dG_LTP`` where ``dg > 0`` (potentiation), ``dg / dG_LTD`` elsewhere
    (depression, ``n <= 0``); see :func:`nominal_pulse_steps`.

    >>> from neuroexplore.devices import PulseDevice
    >>> dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=50)
    >>> nominal_pulse_count(np.array([4.5e-7, -4.5e-7]), dev).round(6).tolist()
    [5.0, -2.5]
    """
    dg = _as_array(dg)
    step_ltp, step_ltd = nominal_pulse_steps(device)
    xp = _namespace(dg)
    return xp.where(dg > 0, dg / step_ltp, dg / step_ltd)


def round_pulses(n: Any, rounding: str = "nearest", rng: Any = None) -> Any:
    """Round real pulse counts ``n`` to integers (int64, numpy or torch like ``n``).

    Parameters
    ----------
    n : array or Tensor
        Real pulse counts (signed).
    rounding : {"nearest", "half_away", "stochastic"}
        ``"nearest"``: round half to even.  ``"half_away"``: round half away from
        zero (NeuroSim's ``truncate``).  ``"stochastic"``: ``floor(n) + 1`` with
        probability ``n - floor(n)``, else ``floor(n)`` (unbiased: ``E = n``).
    rng : numpy.random.Generator or torch.Generator, optional
        Source of the uniform draws of stochastic rounding (one per element, drawn
        in one call); ``None`` is fresh entropy (numpy) or torch's global generator.

    >>> round_pulses(np.array([0.5, 1.5, -2.5, 2.6])).tolist()
    [0, 2, -2, 3]
    >>> round_pulses(np.array([0.5, 1.5, -2.5, 2.4]), "half_away").tolist()
    [1, 2, -3, 2]
    >>> counts = round_pulses(np.full(100_000, 0.25), "stochastic", np.random.default_rng(0))
    >>> round(float(counts.mean()), 2)
    0.25
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding = {rounding!r} is not one of {ROUNDING_MODES}")
    n = _as_array(n)
    xp = _namespace(n)
    if rounding == "nearest":
        return xp.to_int(xp.round(n))
    if rounding == "half_away":
        return xp.to_int(xp.where(n < 0, -xp.floor(0.5 - n), xp.floor(n + 0.5)))
    lo = xp.floor(n)
    return xp.to_int(lo + (xp.uniform(n, rng) < (n - lo)))


def weight_change_to_pulses(
    dw: Any, device: Any, *, w_max: float, rounding: str = "nearest", rng: Any = None
) -> Any:
    """Signed pulse counts for weight changes ``dw`` of single devices with a reference.

    The weight is ``w = w_max (G - G_ref) / (G_max - G_min)`` (``G_ref`` a fixed
    reference, e.g. ``G_min``), so ``dw`` asks for ``dG = dw (G_max - G_min) / w_max``
    and ``n = round(dG / dG_step)`` pulses are sent, ``dG_step`` the nominal LTP step
    for ``dw > 0`` and the LTD step otherwise (:func:`nominal_pulse_steps`).

    Parameters
    ----------
    dw : array or Tensor
        Requested weight changes (units of ``w_max``), any shape.
    device : PulseDevice or PulseDevice-like
        Supplies ``g_min``, ``g_max`` (S), ``states_ltp``, ``states_ltd``.
    w_max : float
        Weight of the full conductance range.
    rounding, rng
        See :func:`round_pulses`.

    Returns
    -------
    array or Tensor of int64
        Signed pulse counts (positive = potentiation), shape of ``dw``.  The
        cycle-to-cycle noise is left to the device update that applies them.

    >>> from neuroexplore.devices import PulseDevice
    >>> dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=50)
    >>> weight_change_to_pulses(np.array([0.5, -0.5]), dev, w_max=2.0).tolist()
    [25, -12]
    """
    dw = _as_array(dw)
    span = _span(device, w_max)
    return round_pulses(nominal_pulse_count(dw * span / w_max, device), rounding, rng)


def pair_weight_change_to_pulses(
    dw: Any, device: Any, *, w_max: float, rounding: str = "nearest", rng: Any = None
) -> tuple[Any, Any]:
    """Pulse counts ``(n_plus, n_minus)`` for weight changes ``dw`` of differential pairs.

    The weight is ``w = w_max (G+ - G-) / (G_max - G_min)``; each device of the pair
    takes half the change, ``dG = |dw| (G_max - G_min) / (2 w_max)``, as
    ``n_up = round(dG / dG_LTP)`` potentiating or ``n_dn = round(dG / dG_LTD)``
    depressing pulses (:func:`nominal_pulse_steps`; ``n_up`` is rounded before
    ``n_dn``, which fixes the order of stochastic draws).

    Parameters
    ----------
    dw, device, rounding, rng
        As in :func:`weight_change_to_pulses`.
    w_max : float
        Weight of a full-range difference ``G+ - G- = G_max - G_min``.

    Returns
    -------
    n_plus, n_minus : array or Tensor of int64
        Signed counts for ``G+`` and ``G-``: ``(+n_up, -n_dn)`` where ``dw > 0``,
        ``(-n_dn, +n_up)`` elsewhere.

    >>> from neuroexplore.devices import PulseDevice
    >>> dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=100)
    >>> n_plus, n_minus = pair_weight_change_to_pulses(np.array([0.2, -0.05]), dev,
    ...                                                w_max=1.0)
    >>> n_plus.tolist(), n_minus.tolist()
    ([10, -2], [-10, 2])
    """
    dw = _as_array(dw)
    xp = _namespace(dw)
    span = _span(device, w_max)
    step_ltp, step_ltd = nominal_pulse_steps(device)
    dg = xp.abs(dw) * span / (2.0 * w_max)  # per device of the pair
    n_up = round_pulses(dg / step_ltp, rounding, rng)
    n_dn = round_pulses(dg / step_ltd, rounding, rng)
    pos = dw > 0
    return xp.where(pos, n_up, -n_dn), xp.where(pos, -n_dn, n_up)


def neurosim_weight_change_to_pulses(
    dw: Any, device: Any, *, w_min: float = -1.0, w_max: float = 1.0,
    rounding: str = "half_away", rng: Any = None,
) -> Any:
    """Signed pulse counts for ``dw`` on NeuroSim's one device per weight (with reference).

    MLP NeuroSim V3.0 (``RealDevice::Write``; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018):
    the weight range ``(w_min, w_max)`` spans the full conductance range of one
    device, so one state is worth ``(w_max - w_min)/P`` of weight and

    .. math::  n = \\mathrm{round}\\!\\left(\\frac{\\Delta w}{w_{max} - w_{min}} P\\right),
               \\qquad P = P_{LTP} \\ (\\Delta w > 0), \\ P_{LTD} \\ (\\Delta w \\le 0),

    rounded half away from zero by default (NeuroSim's ``truncate``).  The device then
    moves ``n`` pulses along its own nonlinear curve from where it is, with c2c noise
    per pulse (left to the update that applies the counts).

    Parameters
    ----------
    dw : array or Tensor
        Requested changes of the algorithm weight ``W_A``.
    device : PulseDevice or PulseDevice-like
        Supplies ``states_ltp``, ``states_ltd`` (and ``g_min``, ``g_max``).
    w_min, w_max : float
        Weight range mapped onto ``[G_min, G_max]`` (NeuroSim V3.0: ``(-1, 1)``).
    rounding, rng
        See :func:`round_pulses`.

    Returns
    -------
    array or Tensor of int64
        Signed counts (positive = potentiation), shape of ``dw``.

    >>> from neuroexplore.devices import PulseDevice
    >>> dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=50)
    >>> neurosim_weight_change_to_pulses(np.array([0.1, -0.1, 0.01, 0.009]), dev).tolist()
    [5, -3, 1, 0]
    """
    if not (np.isfinite(w_min) and np.isfinite(w_max) and w_max > w_min):
        raise ValueError(f"w_min = {w_min!r}, w_max = {w_max!r}: need finite w_min < w_max")
    return weight_change_to_pulses(dw, device, w_max=float(w_max - w_min), rounding=rounding,
                                   rng=rng)


# ------------------------------------------------------- numpy / torch dispatch
class _Numpy:
    abs = staticmethod(np.abs)
    floor = staticmethod(np.floor)
    round = staticmethod(np.rint)  # half to even, like torch.round
    where = staticmethod(np.where)

    @staticmethod
    def to_int(x: np.ndarray) -> np.ndarray:
        return np.asarray(x).astype(np.int64)

    @staticmethod
    def uniform(like: np.ndarray, rng: Any) -> np.ndarray:
        gen = rng if rng is not None else np.random.default_rng()
        return gen.random(np.shape(like))


class _Torch:
    def __init__(self) -> None:
        import torch

        self.torch = torch
        self.abs, self.floor, self.round = torch.abs, torch.floor, torch.round

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        return self.torch.where(cond, a, b)

    def to_int(self, x: Any) -> Any:
        return x.to(self.torch.int64)

    def uniform(self, like: Any, rng: Any) -> Any:
        return self.torch.rand(like.shape, generator=rng, dtype=like.dtype,
                               device=like.device)


def _namespace(x: Any) -> Any:
    return _Torch() if _is_torch(x) else _Numpy
