r"""Auto-checked exercises of chapter 2, *Information processing in simple networks*.

Each check computes its reference at call time from the engines in
:mod:`neuroexplore.networks` and returns a :class:`~neuroexplore.exercises.Feedback`.

1. :func:`check_perceptron_gates` -- which two-input gates a single perceptron can
   learn: exactly the linearly separable ones (Rosenblatt 1958; Novikoff 1962;
   Minsky & Papert 1969).  The reference set is decided by linear programming
   (:func:`~neuroexplore.networks.linear_separability`) on each gate's truth table.
2. :func:`check_stdp_dw` -- the weight change of one pre/post pair at a given
   :math:`\Delta t = t_{post} - t_{pre}` (ms) under the pair rule
   :math:`W(\Delta t) = A_+ e^{-\Delta t/\tau_+}` for :math:`\Delta t > 0`,
   :math:`-A_- e^{\Delta t/\tau_-}` otherwise (Bi & Poo 1998; Song, Miller & Abbott
   2000), with the engine's defaults (:func:`~neuroexplore.networks.stdp_window`;
   :math:`A_-\tau_- = 1.05\,A_+\tau_+`).
   Accepted within 2 %.
3. :func:`check_rate_vs_g` -- which way the mean rate of the E/I network moves when
   the relative inhibition ``g`` grows (Brunel 2000): the check simulates the
   network (:func:`~neuroexplore.networks.simulate_ei_network`, 300 ms, seed 0) at
   ``g = 3`` and ``g = 7`` and compares the mean rates (on the first call; the
   seeded result is reused afterwards).

Examples
--------
>>> bool(check_perceptron_gates(["AND", "OR", "NAND", "NOR"]))
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..networks import linear_separability, logic_gate, simulate_ei_network, stdp_window
from ..networks.perceptron import LOGIC_GATE_SPECS
from ..params import specs_by_name
from .feedback import Feedback, as_number, check_choices, check_number

__all__ = [
    "GATES",
    "separable_gates",
    "rate_trend",
    "check_perceptron_gates",
    "check_stdp_dw",
    "check_rate_vs_g",
]

GATES: tuple[str, ...] = tuple(specs_by_name(LOGIC_GATE_SPECS)["gate"].choices)
STDP_RTOL = 0.02
G_LOW, G_HIGH = 3.0, 7.0
TRENDS = ("increases", "decreases", "unchanged")
_SYNONYMS = {
    "increases": ("increase", "increases", "increasing", "up", "rises", "higher", "grows",
                  "more", "+"),
    "decreases": ("decrease", "decreases", "decreasing", "down", "falls", "drops", "lower",
                  "less", "-"),
    "unchanged": ("unchanged", "same", "constant", "flat", "no change", "none"),
}
_TREND_OF = {word: trend for trend, words in _SYNONYMS.items() for word in words}


def separable_gates() -> tuple[str, ...]:
    """The gates (of ``GATES``) whose truth table is linearly separable.

    Examples
    --------
    >>> separable_gates()
    ('AND', 'OR', 'NAND', 'NOR')
    """
    return tuple(g for g in GATES if linear_separability(*logic_gate(g)).separable)


def rate_trend(g_low: float = G_LOW, g_high: float = G_HIGH, *, t_stop: float = 300.0,
               seed: int | None = 0, rel_change: float = 0.05) -> str:
    """``"increases"``, ``"decreases"`` or ``"unchanged"``: the network rate from g_low to g_high.

    Both runs use the same seed (same connectivity, drive and initial state);
    a relative change below ``rel_change`` counts as unchanged.
    """
    r_low = simulate_ei_network(g=g_low, t_stop=t_stop, seed=seed).mean_rate()
    r_high = simulate_ei_network(g=g_high, t_stop=t_stop, seed=seed).mean_rate()
    if abs(r_high - r_low) <= rel_change * max(r_low, r_high, 1e-12):
        return "unchanged"
    return "increases" if r_high > r_low else "decreases"


@lru_cache(maxsize=1)
def _reference_trend() -> str:
    """``rate_trend()`` at its defaults (seeded, deterministic), run once and reused."""
    return rate_trend()


def check_perceptron_gates(answer: Any) -> Feedback:
    """Check the list of gates a single perceptron can learn (case-insensitive).

    Examples
    --------
    >>> check_perceptron_gates("AND, XOR").correct
    False
    """
    return check_choices(
        answer, separable_gates(), GATES, what="a list of gate names",
        exercise="What a single perceptron can learn",
        hint="A perceptron draws one straight line through the unit square. For which "
        "truth tables can one line put all the 1s on one side and all the 0s on the other?",
    )


def check_stdp_dw(answer: Any, delta_t: float = -20.0) -> Feedback:
    """Check the weight change of one pair at ``delta_t = t_post - t_pre`` (ms).

    Uses the engine's default window (A+ = 0.005, tau+ = 16.8 ms, tau- = 33.7 ms,
    depression/potentiation area ratio 1.05, so A- = 1.05 A+ tau+/tau- = 0.002617).

    Examples
    --------
    >>> check_stdp_dw(None).correct
    False
    """
    dt = as_number(delta_t)
    if dt is None:
        raise ValueError(f"delta_t = {delta_t!r} must be a finite number of ms")
    expected = float(stdp_window(delta_t_ms=dt))
    branch = "potentiation branch, A+ exp(-dt/tau+)" if dt > 0 else (
        "depression branch, -A- exp(dt/tau-)")
    return check_number(
        answer, expected, rel_tol=STDP_RTOL, what=f"the weight change at dt = {dt:g} ms",
        exercise="STDP weight change",
        hint=f"dt = t_post - t_pre = {dt:g} ms lies on the window's {branch}.",
        sign_hint="Post before pre (dt <= 0) weakens the synapse; pre before post "
        "strengthens it.",
    )


def _trend(answer: Any) -> str | None:
    if isinstance(answer, str):
        return _TREND_OF.get(answer.strip().lower())
    value = as_number(answer)
    if value is None:
        return None
    return "increases" if value > 0 else "decreases" if value < 0 else "unchanged"


def check_rate_vs_g(answer: Any) -> Feedback:
    """Check which way the E/I network's mean rate moves as ``g`` grows.

    ``answer`` is ``"increases"``, ``"decreases"`` or ``"unchanged"`` (synonyms such
    as ``"up"``/``"down"`` or a signed number are accepted).

    Examples
    --------
    >>> check_rate_vs_g("sideways").correct
    False
    """
    expected = _reference_trend()
    exercise = "E/I network rate versus g"
    hint = ("Run simulate_ei_network at a small and a large g (same seed) and compare "
            "mean_rate(). g scales the inhibitory synapses: J_I = -g J.")
    if answer is None:
        return Feedback(False, f"Replace None with one of {', '.join(TRENDS)}. {hint}",
                        exercise)
    trend = _trend(answer)
    if trend is None:
        return Feedback(False, f"Expected one of {', '.join(TRENDS)}, got {answer!r:.60}.",
                        exercise)
    if trend == expected:
        return Feedback(True, f"Correct: the mean rate {expected} from g = {G_LOW:g} to "
                        f"g = {G_HIGH:g}; stronger inhibition balances the excitation.",
                        exercise)
    return Feedback(False, f"Not what the network does. {hint}", exercise)
