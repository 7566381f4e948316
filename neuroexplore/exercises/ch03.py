r"""Auto-checked exercises of chapter 3, *Neuromorphic devices by material and structure*.

Each check computes its reference at call time, from theory or from the engines in
:mod:`neuroexplore.devices`, and returns a :class:`~neuroexplore.exercises.Feedback`;
``None`` (the notebook's placeholder) or a malformed answer gives a hint, never an
exception.

1. :func:`check_nonlinearity_label` -- the NeuroSim nonlinearity label of a
   normalised :math:`a = A/P_{max}` (MLP NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD
   37:3067, 2018).  The LTP curve is :math:`s(x; a) = (1 - e^{-x/a})/(1 - e^{-1/a})`
   on the pulse axis :math:`x = P/P_{max}`, and the label is
   :math:`\kappa \max_x |s(x) - x|` with :math:`\kappa = 10.102` calibrated on
   NeuroSim's table (:mod:`neuroexplore.devices.nonlinearity`).  Accepted within 2 %.
2. :func:`check_most_linear_preset` / :func:`check_most_symmetric_preset` -- which
   published preset (``devices_pulse_update.csv``) has the most linear potentiation
   (smallest :func:`ltp_nonlinearity`) and the most symmetric LTP/LTD pair (smallest
   :func:`update_asymmetry`), both measured on the engine's conductance curves.
3. :func:`check_pcm_drift` (exercise 3.3) -- the fraction of its conductance a PCM device keeps
   after one day, :math:`G(t)/G(t_0) = (t/t_0)^{-\nu}` with :math:`t_0 = 20` s
   (Joshi et al., Nat. Commun. 11:2473, 2020).  Accepted within 1 %.
4. :func:`check_ppf` (exercise 3.4) -- the paired-pulse facilitation at an interval from fitted
   double-exponential constants,
   :math:`\mathrm{PPF} = 1 + C_1 e^{-\Delta t/\tau_1} + C_2 e^{-\Delta t/\tau_2}` (a ratio;
   Zucker & Regehr, Annu. Rev. Physiol. 64:355, 2002).  Accepted within 1 %.

Examples
--------
>>> bool(check_pcm_drift((86400 / 20) ** -0.05)), bool(check_pcm_drift(None))
(True, False)
>>> bool(check_most_symmetric_preset("EpiRAM Ag:SiGe"))
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..devices import (
    PulseDevice,
    a_to_nonlinearity,
    get_device,
    pcm_drift,
    ppf_double_exponential,
    preset_table,
)
from ..devices.pcm import PCM_T0
from ..devices.ppf import PPFFit
from .feedback import Feedback, as_number, check_number

__all__ = [
    "LABEL_A",
    "PPF_INTERVAL",
    "DRIFT_NU",
    "ONE_DAY",
    "nonlinearity_label",
    "table_presets",
    "ltp_nonlinearity",
    "update_asymmetry",
    "most_linear_preset",
    "most_symmetric_preset",
    "ppf_at",
    "pcm_drift_fraction",
    "check_nonlinearity_label",
    "check_most_linear_preset",
    "check_most_symmetric_preset",
    "check_ppf",
    "check_pcm_drift",
]

#: Normalised A of exercise 1.
LABEL_A = 0.25
#: Pulse interval (s) of exercise 3.4.
PPF_INTERVAL = 0.05
#: Drift exponent and time (s) of exercise 3.3.
DRIFT_NU = 0.05
ONE_DAY = 86_400.0

LABEL_RTOL = 0.02
PPF_RTOL = 0.01
DRIFT_RTOL = 0.01
_GRID = np.linspace(0.0, 1.0, 2001)


# ------------------------------------------------------------------ exercise 1
def nonlinearity_label(a: float = LABEL_A) -> float:
    """NeuroSim label of the normalised A ``a`` (signed; dimensionless).

    Examples
    --------
    >>> round(nonlinearity_label(0.4992), 2)   # NeuroSim's getParamA pair 2.40 -> 0.4992
    2.4
    """
    a = float(a)
    if not math.isfinite(a) or a == 0.0:
        raise ValueError(f"a = {a} must be a finite, nonzero normalised A (A / P_max)")
    return a_to_nonlinearity(a)


def check_nonlinearity_label(answer: Any, a: float = LABEL_A) -> Feedback:
    """Check the nonlinearity label of normalised ``a`` (exercise 1, 2 % tolerance)."""
    expected = nonlinearity_label(a)
    title = "Exercise 1: nonlinearity label"
    hint = ("The label is KAPPA = 10.102 times the largest gap between the normalised "
            "curve s(x; a) = (1 - exp(-x/a)) / (1 - exp(-1/a)) and the straight line s = x "
            "on 0 <= x <= 1; its sign is the sign of a.")
    value = as_number(answer)
    if value is not None and math.isclose(value, a, rel_tol=1e-3) and not math.isclose(
            value, expected, rel_tol=LABEL_RTOL):
        return Feedback(False, f"{value:g} is A/P_max itself, not its label. {hint}", title)
    return check_number(answer, expected, rel_tol=LABEL_RTOL, what=f"the label of a = {a:g}",
                        hint=hint, exercise=title,
                        sign_hint="A positive a (concave, saturating curve) has a positive "
                                  "label.")


# ------------------------------------------------------------------ exercise 2
def table_presets() -> tuple[PulseDevice, ...]:
    """The published presets (rows of ``devices_pulse_update.csv``, not ``"ideal"``)."""
    return tuple(get_device(row["name"]) for row in preset_table())


def _normalised_curves(dev: PulseDevice) -> tuple[np.ndarray, np.ndarray]:
    """Fraction of the range covered after a fraction ``x`` of the LTP / LTD pulses."""
    dg = dev.g_max - dev.g_min
    up = (dev.potentiation_curve(_GRID * dev.states_ltp) - dev.g_min) / dg
    down = (dev.g_max - dev.depression_curve(dev.states_ltd * (1.0 - _GRID))) / dg
    return up, down


def ltp_nonlinearity(dev: PulseDevice) -> float:
    """Largest departure of the normalised potentiation curve from a straight line (0 = linear).

    ``max_x |(G(x N_p) - G_min)/(G_max - G_min) - x|`` on the engine's LTP curve.
    """
    up, _ = _normalised_curves(dev)
    return float(np.max(np.abs(up - _GRID)))


def update_asymmetry(dev: PulseDevice) -> float:
    """Largest gap between the range covered by LTP and by LTD after the same fraction of pulses.

    ``max_x |u(x) - d(x)|`` with ``u(x)`` the fraction of ``G_max - G_min`` gained after
    ``x N_p`` potentiation pulses from ``G_min`` and ``d(x)`` the fraction lost after
    ``x N_d`` depression pulses from ``G_max``.  Zero for a device whose depression
    curve mirrors its potentiation curve (NeuroSim labels ``NL_ltd = -NL_ltp``).
    """
    up, down = _normalised_curves(dev)
    return float(np.max(np.abs(up - down)))


def most_linear_preset() -> str:
    """Name of the published preset with the smallest :func:`ltp_nonlinearity`."""
    devs = table_presets()
    return devs[int(np.argmin([ltp_nonlinearity(d) for d in devs]))].name


def most_symmetric_preset() -> str:
    """Name of the published preset with the smallest :func:`update_asymmetry`."""
    devs = table_presets()
    return devs[int(np.argmin([update_asymmetry(d) for d in devs]))].name


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s/]+", text.casefold()) if t]


def _resolve_preset(answer: str, names: Sequence[str]) -> str | None:
    """The preset a free-text answer names: full name (any case/spacing) or a unique word."""
    key = "".join(_tokens(answer))
    full = {"".join(_tokens(n)): n for n in names}
    if key in full:
        return full[key]
    hits = {n for n in names if key in _tokens(n)}
    return hits.pop() if len(hits) == 1 else None


def _check_preset(answer: Any, expected: str, title: str, what: str, hint: str) -> Feedback:
    names = [d.name for d in table_presets()]
    listing = ", ".join(names)
    if answer is None:
        return Feedback(False, f"Replace None with the name of {what} (one of: {listing}). "
                        f"{hint}", title)
    if not isinstance(answer, str):
        return Feedback(False, f"Expected a preset name as a string, got {answer!r:.60}. "
                        f"Choose from: {listing}.", title)
    if answer.strip().casefold() == "ideal":
        return Feedback(False, "'ideal' is the linear baseline, not a published device; "
                        f"choose among {listing}.", title)
    name = _resolve_preset(answer, names)
    if name is None:
        return Feedback(False, f"{answer!r:.60} is not one of the published presets: "
                        f"{listing}.", title)
    if name == expected:
        return Feedback(True, f"Correct: {what} is {expected}.", title)
    return Feedback(False, f"Not {name}. {hint}", title)


def check_most_linear_preset(answer: Any) -> Feedback:
    """Which published preset has the most linear potentiation (exercise 2a)?"""
    return _check_preset(
        answer, most_linear_preset(), "Exercise 2a: most linear potentiation",
        "the preset with the most linear LTP curve",
        "Compare the LTP nonlinearity labels of the table: the closer to 0, the more "
        "nearly equal the conductance steps.")


def check_most_symmetric_preset(answer: Any) -> Feedback:
    """Which published preset has the most symmetric LTP/LTD pair (exercise 2b)?"""
    return _check_preset(
        answer, most_symmetric_preset(), "Exercise 2b: most symmetric LTP/LTD",
        "the preset with the most symmetric potentiation/depression",
        "Symmetric means depression retraces potentiation as its mirror image: with "
        "NeuroSim's sign convention the LTD label is then minus the LTP label "
        "(NL_ltd = -NL_ltp), whatever their size.")


# ------------------------------------------------------------------ exercise 3
def _ppf_constants(fit: PPFFit | Sequence[float]) -> tuple[float, float, float, float]:
    if isinstance(fit, PPFFit):
        vals = (fit.c1, fit.tau1, fit.c2, fit.tau2)
    else:
        try:
            vals = tuple(float(v) for v in fit)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"fit must be a PPFFit or (c1, tau1, c2, tau2), got {fit!r}") \
                from exc
        if len(vals) != 4:
            raise ValueError(f"fit must be a PPFFit or (c1, tau1, c2, tau2), got {fit!r}")
    c1, tau1, c2, tau2 = vals
    if not all(math.isfinite(v) for v in vals) or tau1 <= 0 or tau2 <= 0:
        raise ValueError(f"fit constants (c1, tau1, c2, tau2) = {vals} must be finite with "
                         "tau1, tau2 > 0 s")
    return c1, tau1, c2, tau2


def ppf_at(fit: PPFFit | Sequence[float], interval: float = PPF_INTERVAL) -> float:
    """``1 + C1 exp(-dt/tau1) + C2 exp(-dt/tau2)`` (ratio) at ``interval`` (s).

    Examples
    --------
    >>> round(ppf_at((0.6, 0.018, 0.3, 0.218), 0.0), 6)
    1.9
    """
    dt = float(interval)
    if not math.isfinite(dt) or dt < 0:
        raise ValueError(f"interval = {interval!r} s must be finite and >= 0")
    return float(ppf_double_exponential(dt, *_ppf_constants(fit)))


def check_ppf(answer: Any, fit: PPFFit | Sequence[float],
              interval: float = PPF_INTERVAL) -> Feedback:
    """Check the PPF ratio predicted at ``interval`` (s) from fitted constants (exercise 3.4)."""
    expected = ppf_at(fit, interval)
    title = "Exercise 3.5: PPF from the fitted constants"
    hint = (f"Evaluate 1 + C1 exp(-dt/tau1) + C2 exp(-dt/tau2) at dt = {interval:g} s with "
            "the fitted constants (seconds for both dt and the taus).")
    value = as_number(answer)
    if value is not None and math.isclose(value, 100 * expected, rel_tol=PPF_RTOL):
        return Feedback(False, "That looks like a percentage: give PPF as the ratio A2/A1 "
                        "(e.g. 1.5, not 150).", title)
    c1, tau1, c2, tau2 = _ppf_constants(fit)
    dt_ms = interval * 1e3  # the interval in ms with taus in s: a common slip
    mixed = 1 + c1 * math.exp(-dt_ms / tau1) + c2 * math.exp(-dt_ms / tau2)
    if (value is not None and math.isclose(value, mixed, rel_tol=1e-6)
            and not math.isclose(value, expected, rel_tol=PPF_RTOL)):
        return Feedback(False, "Units: the interval and the time constants must both be in "
                        "seconds (or both in ms).", title)
    return check_number(answer, expected, rel_tol=PPF_RTOL,
                        what=f"PPF at {interval * 1e3:g} ms", hint=hint, exercise=title)


# ------------------------------------------------------------------ exercise 4
def pcm_drift_fraction(nu: float = DRIFT_NU, t: float = ONE_DAY, t0: float = PCM_T0) -> float:
    """``G(t)/G(t0) = (t/t0)^-nu`` from the engine's drift law (dimensionless).

    Examples
    --------
    >>> round(pcm_drift_fraction(), 4)
    0.658
    """
    if not (math.isfinite(float(t)) and math.isfinite(float(t0)) and t >= t0 > 0):
        raise ValueError(f"t = {t!r} s and t0 = {t0!r} s must satisfy t >= t0 > 0")
    return float(pcm_drift(1.0, t, t0, nu))


def check_pcm_drift(answer: Any, nu: float = DRIFT_NU, t: float = ONE_DAY,
                    t0: float = PCM_T0) -> Feedback:
    """Check ``G(t)/G(t0)`` after drift with exponent ``nu`` (exercise 3.3)."""
    expected = pcm_drift_fraction(nu, t, t0)
    title = "Exercise 3.3: PCM drift after one day"
    hint = (f"G(t)/G(t0) = (t/t0)^(-nu) with t = {t:g} s, t0 = {t0:g} s (the time of the "
            "first read after programming), nu = " + f"{nu:g}.")
    value = as_number(answer)
    if value is not None:
        if math.isclose(value, 100 * expected, rel_tol=DRIFT_RTOL):
            return Feedback(False, "Give the fraction G(t)/G(t0) (e.g. 0.7), not a percentage.",
                            title)
        if t0 != 1.0 and math.isclose(value, t ** -nu, rel_tol=1e-3):
            return Feedback(False, f"The drift law is referenced to t0 = {t0:g} s, not 1 s: "
                            "use t/t0.", title)
        if math.isclose(value, 1 - expected, rel_tol=DRIFT_RTOL) and not math.isclose(
                value, expected, rel_tol=DRIFT_RTOL):
            return Feedback(False, "That is the fraction lost; the question asks for the "
                            "fraction kept, G(t)/G(t0).", title)
    return check_number(answer, expected, rel_tol=DRIFT_RTOL,
                        what="G(1 day)/G(t0)", hint=hint, exercise=title)
