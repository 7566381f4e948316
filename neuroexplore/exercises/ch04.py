r"""Auto-checked exercises of chapter 4, *Device arrays* (crossbars).

Each check computes its reference when it is called, from circuit theory or from
the engines in :mod:`neuroexplore.crossbar`, and returns a
:class:`~neuroexplore.exercises.feedback.Feedback`; it never raises on the answer.

1. :func:`check_crossbar_current` -- the output current of a 2 x 2 crossbar.  Ohm's
   law per cell and Kirchhoff's current law per column give
   :math:`I_j = \sum_i G_{ij} V_i` (review ch. 4); the reference is the exact nodal
   solve with ideal wires (:func:`~neuroexplore.crossbar.ir_drop_exact.ir_drop`,
   ``r_wire = 0``), in uA for uS and V.
2. :func:`check_quantisation_bound` -- a linear device reaching ``n`` pulse levels
   above ``G_min`` (``n + 1`` conductances, spacing :math:`\Delta G / n`) programs a
   weight of a differential pair to the nearest level, so the weight error is at most
   half a step: :math:`|w - w_\text{target}| \le w_\max / (2 n)` (MLP NeuroSim V3.0
   programming; Chen, Peng & Yu, IEEE TCAD 2018).  Answer as a fraction of
   :math:`w_\max`.
3. :func:`check_accuracy_ranking` -- order four non-idealities by the digits accuracy
   they cost the chapter's MLP on crossbars of the AlOx/HfO2 device with its
   cycle-to-cycle noise off, as in the sweeps of section 4.7
   (:func:`~neuroexplore.crossbar.studies.run_sweep`; engine runs of
   :func:`~neuroexplore.crossbar.evaluate`, seed 0, at call time).
4. :func:`check_ir_drop_trend` -- whether the worst relative output error caused by
   wire resistance grows or shrinks as the array grows (exact nodal solves at call
   time): every extra cell adds current through the same wires and every extra
   segment adds resistance, so the drop grows roughly as :math:`r_w G N^2`
   (Chen, IEEE TED 60:1318, 2013).

Examples
--------
>>> bool(check_crossbar_current(10.0)), bool(check_crossbar_current(None))
(True, False)
>>> bool(check_quantisation_bound(1 / 32))
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..params import ParamSpec
from .feedback import Feedback, check_choices, check_number

__all__ = [
    "EXERCISE_G_US",
    "EXERCISE_V",
    "RANKING_OPTIONS",
    "RANKING_DEVICE",
    "crossbar_current",
    "quantisation_bound",
    "accuracy_ranking",
    "ir_drop_trend",
    "check_crossbar_current",
    "check_quantisation_bound",
    "check_accuracy_ranking",
    "check_ir_drop_trend",
]

#: The 2 x 2 crossbar of exercise 1: conductances (uS), rows = inputs, columns = outputs.
EXERCISE_G_US = ((10.0, 20.0), (30.0, 40.0))
#: Its row voltages (V).
EXERCISE_V = (0.1, 0.2)
_STATES = ParamSpec("n_states", 16, 2, 4096, step=1, unit="pulses", integer=True,
                    doc="programming pulses from G_min to G_max of a linear device")

#: The device of exercise 3: the device of the chapter's accuracy sweeps (section 4.7).
RANKING_DEVICE = "AlOx/HfO2"
#: Non-idealities of exercise 3 (each alone, on :data:`RANKING_DEVICE` with its
#: cycle-to-cycle noise off, as in the sweeps): each is a point of one sweep.
RANKING_OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "ADC3": ("3-bit ADC", {"adc_bits": 3}),
    "STATES4": ("4 programmable states", {"states": 4}),
    "STUCK10": ("10 % stuck-at cells (5 % ON, 5 % OFF)",
                {"stuck_on_rate": 0.05, "stuck_off_rate": 0.05}),
    "RWIRE20": ("20 ohm wire segments (IR drop)", {"r_wire": 20.0}),
}


def crossbar_current(column: int = 1, G_us: Any = EXERCISE_G_US, V: Any = EXERCISE_V) -> float:
    """Output current (uA) of ``column`` by exact nodal analysis with ideal wires.

    Examples
    --------
    >>> round(crossbar_current(0), 9), round(crossbar_current(1), 9)
    (7.0, 10.0)
    """
    from ..crossbar.ir_drop_exact import ir_drop

    G = np.asarray(G_us, dtype=float) * 1e-6
    if not isinstance(column, (int, np.integer)) or not 0 <= column < G.shape[1]:
        raise ValueError(f"column = {column!r} is outside its valid range [0, {G.shape[1] - 1}]")
    res = ir_drop(G, np.asarray(V, dtype=float), r_wire=0.0)
    return float(res.i_out[column]) * 1e6


def quantisation_bound(n_states: int = 16) -> float:
    """Worst weight error, as a fraction of ``w_max``, with ``n_states`` linear pulses.

    Examples
    --------
    >>> quantisation_bound(16)
    0.03125
    """
    n = _STATES.validate(n_states)
    return 1.0 / (2.0 * n)


def accuracy_ranking(seed: int = 0) -> tuple[list[str], dict[str, float]]:
    """Keys of :data:`RANKING_OPTIONS`, most harmful first, and each one's accuracy.

    Runs :func:`~neuroexplore.crossbar.evaluate` on the chapter's cached digits MLP
    (:func:`neuroexplore.crossbar.studies.digits_mlp`) once per option (cached per
    seed: the MLP and the seeded programming are deterministic).
    """
    order, acc = _ranking(int(seed))
    return list(order), dict(acc)


@lru_cache(maxsize=8)
def _ranking(seed: int) -> tuple[tuple[str, ...], tuple[tuple[str, float], ...]]:
    from ..crossbar import CrossbarConfig, digits_mlp, evaluate
    from ..threads import limit_threads

    model = digits_mlp()
    acc = {}
    with limit_threads(1):
        for key, (_label, knobs) in RANKING_OPTIONS.items():
            cfg = CrossbarConfig(pulse_device=RANKING_DEVICE, torch_device="cpu",
                                 c2c_scale=0.0, **knobs)
            acc[key] = evaluate(model, cfg, "digits", seed=seed).accuracy
    return tuple(sorted(acc, key=acc.get)), tuple(acc.items())


def ir_drop_trend(sizes: tuple[int, int] = (16, 64), r_wire: float = 2.0) -> str:
    """``"grows"``, ``"shrinks"`` or ``"unchanged"``: the worst relative IR-drop error
    from the smaller to the larger array (exact solves, AlOx/HfO2 conductances)."""
    from ..crossbar.studies import ir_drop_grid

    err = ir_drop_grid(list(sizes), [r_wire])[:, 0]
    if np.isclose(err[1], err[0], rtol=1e-3, atol=1e-12):
        return "unchanged"
    return "grows" if err[1] > err[0] else "shrinks"


# ------------------------------------------------------------------------- checks
def check_crossbar_current(answer: Any, column: int = 1) -> Feedback:
    """Exercise 1: the current (uA) leaving column ``column`` of the 2 x 2 crossbar."""
    return check_number(
        answer, crossbar_current(column), rel_tol=0.01, unit="µA",
        what=f"the current of column {column}",
        hint="Each cell passes G_ij V_i (Ohm); a column adds the currents of its cells "
             "(Kirchhoff). µS × V = µA.",
        exercise="Ex. 4.1 crossbar current",
    )


def check_quantisation_bound(answer: Any, n_states: int = 16) -> Feedback:
    """Exercise 2: worst weight error / w_max with ``n_states`` pulses of a linear device."""
    return check_number(
        answer, quantisation_bound(n_states), rel_tol=0.02,
        what=f"the worst weight error for {n_states} states (fraction of w_max)",
        hint="Adjacent levels are Delta G / n apart and w_max spans Delta G; nearest "
             "programming misses by at most half a step.",
        exercise="Ex. 4.2 quantisation bound",
    )


def check_accuracy_ranking(answer: Any, seed: int = 0) -> Feedback:
    """Exercise 3: the keys of :data:`RANKING_OPTIONS`, most harmful first (a list)."""
    title = "Ex. 4.3 accuracy ranking"
    order, acc = accuracy_ranking(seed)
    keys = list(RANKING_OPTIONS)
    hint = (" Run the accuracy sweeps above (or CrossbarLab's sweep tab) and compare each "
            "point with the float baseline.")
    listing = ", ".join(keys)
    if answer is None:
        return Feedback(False, f"Replace None with a list of the keys {listing}, most harmful "
                        f"first.{hint}", title)
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        return Feedback(False, f"Expected a list of strings (the keys {listing}), got "
                        f"{answer!r:.60}.", title)
    if sorted(str(a).strip().upper() for a in answer) != sorted(keys):
        return Feedback(False, f"Give each of the four keys {listing} exactly once, most "
                        "harmful first.", title)
    given = [str(a).strip().upper() for a in answer]
    if given == order:
        summary = ", ".join(f"{k} {100 * acc[k]:.1f} %" for k in order)
        return Feedback(True, f"Correct: {summary}.", title)
    right = sum(g == o for g, o in zip(given, order, strict=True))
    first = "The most harmful one is right. " if given[0] == order[0] else ""
    return Feedback(False, f"{first}{right} of 4 places are right.{hint}", title)


def check_ir_drop_trend(answer: Any, sizes: tuple[int, int] = (16, 64),
                        r_wire: float = 2.0) -> Feedback:
    """Exercise 4: does the relative IR-drop error grow or shrink with the array size?"""
    return check_choices(
        answer, [ir_drop_trend(sizes, r_wire)], ("grows", "shrinks", "unchanged"),
        what=f"how the error changes from {sizes[0]}x{sizes[0]} to {sizes[1]}x{sizes[1]}",
        hint="Think about how many cell currents share the last wire segment, and how "
             "many segments a far cell's current crosses.",
        exercise="Ex. 4.4 IR-drop trend", normalize=str.lower,
    )
