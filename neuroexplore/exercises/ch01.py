r"""Auto-checked exercises of chapter 1, *Biological neurons and neuron models*.

Each check computes its reference at call time, from theory or from the engines in
:mod:`neuroexplore.neurons` (the deterministic HH run only on the first call; it is
reused afterwards), and returns a :class:`~neuroexplore.exercises.Feedback`.

1. :func:`check_lif_rheobase` -- the smallest constant current that makes a leaky
   integrate-and-fire neuron fire: the steady state :math:`E_L + R I` must reach
   :math:`V_{th}`, so :math:`I_{rh} = (V_{th} - E_L)/R` (nA, with mV and MOhm;
   Gerstner et al., *Neuronal Dynamics*, 2014, Sec. 1.3).
2. :func:`check_hh_rate` -- the steady firing rate of the Hodgkin-Huxley squid axon
   (Hodgkin & Huxley 1952) at 10 uA/cm^2, measured by the engine
   (:func:`~neuroexplore.neurons.fi_curve`, 1 s, mean inter-spike interval after
   200 ms); an answer within 5 % is accepted (about 68 Hz at 6.3 degC).
3. :func:`check_fhn_hopf_current` -- the current at which the FitzHugh-Nagumo rest
   state loses stability (FitzHugh 1961).  The fixed point :math:`v^*` has the
   Jacobian :math:`J = [[1 - v^{*2}, -1], [1/\tau, -b/\tau]]`; with
   :math:`\det J = (1 - b (1 - v^{*2}))/\tau > 0` its eigenvalues cross the
   imaginary axis when :math:`\operatorname{tr} J = 1 - v^{*2} - b/\tau = 0`, i.e.
   at :math:`v^* = -\sqrt{1 - b/\tau}`, and the fixed-point condition gives
   :math:`I_H = v^{*3}/3 - v^* + (v^* + a)/b` (~0.331 for a = 0.7, b = 0.8,
   tau = 12.5).  Accepted within 3 %.

Examples
--------
>>> bool(check_lif_rheobase(1.5)), bool(check_lif_rheobase(None))
(True, False)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..neurons import fi_curve, model_info, parameters
from ..params import validate_params
from .feedback import Feedback, check_number

__all__ = [
    "lif_rheobase",
    "hh_rate",
    "fhn_hopf_current",
    "check_lif_rheobase",
    "check_hh_rate",
    "check_fhn_hopf_current",
]

HH_RATE_RTOL = 0.05
HOPF_RTOL = 0.03


def lif_rheobase(**params: Any) -> float:
    """Rheobase (nA) of the LIF model, ``(V_th - E_L) / R``; ``params`` override defaults.

    Examples
    --------
    >>> lif_rheobase()
    1.5
    >>> lif_rheobase(R=20.0)
    0.75
    """
    p = validate_params(parameters("lif"), params, where="lif_rheobase")
    return float((p["V_th"] - p["E_L"]) / p["R"])


def hh_rate(current: float = 10.0, **params: Any) -> float:
    """Steady Hodgkin-Huxley firing rate (Hz) at a constant ``current`` (uA/cm^2).

    Simulated for 1 s at the default step; the rate is 1000 / mean ISI of the
    spikes after the first 200 ms (:func:`~neuroexplore.neurons.fi_curve`).
    """
    current = model_info("hh").current.validate(current)
    _, rate = fi_curve("hh", [current], t_stop=1000.0, t_transient=200.0, method="isi",
                       **params)
    return float(rate[0])


def fhn_hopf_current(a: float = 0.7, b: float = 0.8, tau: float = 12.5) -> float:
    """Lower Hopf current of FitzHugh-Nagumo (see the module docstring).

    Raises ``ValueError`` when the parameters admit no Hopf point of the rest
    state (``b >= tau`` or ``b**2 >= tau``) or several fixed points (``b > 1``).

    Examples
    --------
    >>> round(fhn_hopf_current(), 4)
    0.3313
    """
    p = validate_params(parameters("fhn"), {"a": a, "b": b, "tau": tau},
                        where="fhn_hopf_current")
    a, b, tau = p["a"], p["b"], p["tau"]
    if not 0.0 < b <= 1.0:
        raise ValueError(f"b = {b:g} must lie in (0, 1] for a single fixed point with a Hopf "
                         "point (valid range: 0 < b <= 1)")
    if b >= tau or b * b >= tau:
        raise ValueError(f"tau = {tau:g} must exceed b = {b:g} and b**2 = {b * b:g} "
                         "for the rest state to lose stability through a Hopf bifurcation")
    v = -np.sqrt(1.0 - b / tau)
    return float(v**3 / 3.0 - v + (v + a) / b)


@lru_cache(maxsize=16)
def _hh_reference(current: float) -> float:
    """``hh_rate(current)``, computed on the first check and reused (it is deterministic)."""
    return hh_rate(current)


def check_lif_rheobase(answer: Any, **params: Any) -> Feedback:
    """Check the LIF rheobase (nA) for the default (or given) LIF parameters.

    Examples
    --------
    >>> check_lif_rheobase(2.0).correct
    False
    """
    expected = lif_rheobase(**params)
    return check_number(
        answer, expected, rel_tol=0.01, unit="nA", what="the rheobase",
        exercise="LIF rheobase",
        hint="Without spikes, V relaxes to V_inf = E_L + R I. Which I puts V_inf "
        "exactly at V_th? (R in MOhm times I in nA gives mV.)",
        sign_hint="V_th lies above E_L, so a positive current is needed.",
    )


def check_hh_rate(answer: Any, current: float = 10.0) -> Feedback:
    """Check the steady HH firing rate (Hz) at ``current`` uA/cm^2 (default 10).

    Examples
    --------
    >>> check_hh_rate("sixty").correct
    False
    """
    expected = _hh_reference(float(model_info("hh").current.validate(current)))
    return check_number(
        answer, expected, rel_tol=HH_RATE_RTOL, unit="Hz",
        what=f"the firing rate at {current:g} uA/cm^2", exercise="Hodgkin-Huxley rate",
        hint="Simulate about 1 s, skip the first spikes (transient), and divide 1000 by the "
        "mean inter-spike interval in ms -- or call fi_curve with method='isi'.",
    )


def check_fhn_hopf_current(answer: Any) -> Feedback:
    """Check the FitzHugh-Nagumo Hopf current for a = 0.7, b = 0.8, tau = 12.5.

    Examples
    --------
    >>> check_fhn_hopf_current(0.33).correct
    True
    """
    expected = fhn_hopf_current()
    return check_number(
        answer, expected, rel_tol=HOPF_RTOL, what="the Hopf current I_H",
        exercise="FitzHugh-Nagumo Hopf point",
        hint="At the Hopf point the trace of the Jacobian at the fixed point is zero: "
        "1 - v*^2 - b/tau = 0. Take the root on the left branch and insert v* into "
        "the fixed-point condition v - v^3/3 - w + I = 0 with w = (v + a)/b.",
    )
