r"""Auto-checked exercises of chapter 5, *Integrated neuromorphic systems*.

Each check computes its reference when it is called, from the engines in
:mod:`neuroexplore.systems`, and returns a
:class:`~neuroexplore.exercises.feedback.Feedback`; it never raises on the answer.

1. :func:`check_encoder_rate` -- the spike rate of the afferent nerve's LIF encoder at
   a given pressure: :math:`R(P) = R_0/(1 + P/P_0)`, :math:`I_s = V/R`,
   :math:`I_\text{in} = k I_s` and the LIF rate
   :math:`f = [t_\text{ref} + \tau_m \ln(R_m I/(R_m I - (V_\text{th} - E_L)))]^{-1}`
   (Kim *et al.*, Science 360:998, 2018; Gerstner *et al.* 2014).
2. :func:`check_silent_pressure` -- the pressure below which the encoder never fires:
   :math:`R_m k I_s(P) = V_\text{th} - E_L`, i.e.
   :math:`P = P_0 [R_0 (V_\text{th} - E_L)/(R_m k V) - 1]`.
3. :func:`check_wire_current` -- Kirchhoff's current law on one output wire of the
   in-sensor photodiode array of Mennel *et al.* (Nature 579:62, 2020):
   :math:`I_m = \sum_n R_{mn} P_n`, in nA for responsivities in mA/W and powers in uW.

Examples
--------
>>> bool(check_silent_pressure(5.0)), bool(check_silent_pressure(None))
(True, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .feedback import Feedback, check_number

__all__ = [
    "EXERCISE_PRESSURE",
    "EXERCISE_RESPONSIVITY",
    "EXERCISE_LETTER",
    "encoder_rate_at",
    "silent_pressure",
    "wire_current",
    "check_encoder_rate",
    "check_silent_pressure",
    "check_wire_current",
]

#: Pressure of exercise 1 (kPa).
EXERCISE_PRESSURE = 20.0
#: Responsivities (mA/W) of the "n" output wire in exercise 3, pixels in row-major order.
EXERCISE_RESPONSIVITY = (30.0, 20.0, 30.0, 10.0, -40.0, 10.0, 10.0, -50.0, 10.0)
#: The letter projected in exercise 3 (1 uW on each lit pixel).
EXERCISE_LETTER = "z"


def encoder_rate_at(pressure: float = EXERCISE_PRESSURE) -> float:
    """Spike rate (Hz) of the default afferent nerve's encoder at ``pressure`` (kPa).

    Examples
    --------
    >>> round(encoder_rate_at(20.0), 2)
    111.96
    """
    from ..systems import AfferentNerve, encoder_rate

    return float(encoder_rate(AfferentNerve(), pressure))


def silent_pressure() -> float:
    """Pressure (kPa) below which the default encoder never fires (its rheobase).

    Examples
    --------
    >>> round(silent_pressure(), 9)
    5.0
    """
    from ..systems import AfferentNerve

    n = AfferentNerve()
    i_rheo_ua = (n.V_th - n.E_L) / n.R / n.gain  # nA -> uA of sensor current
    return n.p0 * (i_rheo_ua * 1e-6 * n.r0 / n.v_bias - 1.0)


def wire_current(responsivity_ma_w: Any = EXERCISE_RESPONSIVITY,
                 letter: str = EXERCISE_LETTER) -> float:
    """Current (nA) on one output wire when ``letter`` is projected at 1 uW per lit pixel.

    Examples
    --------
    >>> round(wire_current(), 9), round(wire_current(letter='n'), 9)
    (-30.0, 120.0)
    """
    from ..systems import LETTERS, PhotodiodeArray, photocurrents

    if letter not in LETTERS:
        raise ValueError(f"letter = {letter!r} is not valid; expected one of {list(LETTERS)}")
    r = np.asarray(responsivity_ma_w, dtype=float).reshape(1, 9) * 1e-3
    array = PhotodiodeArray(r_max=max(float(np.max(np.abs(r))), 1e-3), power=1e-6)
    return float(photocurrents(array, r, LETTERS[letter].ravel())[0]) * 1e9


def check_encoder_rate(answer: Any, pressure: float = EXERCISE_PRESSURE) -> Feedback:
    """Exercise 1: the encoder's spike rate (Hz) at ``pressure``."""
    return check_number(
        answer, encoder_rate_at(pressure), rel_tol=0.01, unit="Hz",
        what=f"the spike rate at {pressure:g} kPa",
        hint="R = R0 / (1 + P/P0); I_s = V_bias / R in uA; the neuron gets gain x I_s in nA; "
             "then f = 1 / (t_ref + tau_m ln(R_m I / (R_m I - 15 mV))) with times in s.",
        exercise="Ex. 5.1 encoder rate",
    )


def check_silent_pressure(answer: Any) -> Feedback:
    """Exercise 2: the pressure (kPa) below which the encoder stays silent."""
    return check_number(
        answer, silent_pressure(), rel_tol=0.01, abs_tol=0.05, unit="kPa",
        what="the pressure below which the encoder never fires",
        hint="The LIF neuron fires when R_m I_in exceeds V_th - E_L = 15 mV; find the "
             "sensor current that gives that, then the pressure.",
        exercise="Ex. 5.2 silent below",
    )


def check_wire_current(answer: Any) -> Feedback:
    """Exercise 3: the current (nA) on the wire of :data:`EXERCISE_RESPONSIVITY`."""
    return check_number(
        answer, wire_current(), rel_tol=0.01, abs_tol=0.05, unit="nA",
        what=f"the current of that wire when '{EXERCISE_LETTER}' is shown",
        hint="Only lit pixels contribute; each adds R_mn x 1 uW (mA/W x uW = nA); the "
             "shared wire sums them (Kirchhoff).",
        exercise="Ex. 5.3 in-sensor current", sign_hint="Negative responsivities give "
        "negative currents: keep their sign.",
    )
