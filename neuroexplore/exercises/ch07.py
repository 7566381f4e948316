r"""Auto-checked exercises of chapter 7, *Perspectives and challenges*.

Each check computes its reference when it is called, from the engines in
:mod:`neuroexplore.perspectives` (crossbar evaluations of device designs) or from the
retention law of :mod:`neuroexplore.devices.retention`, and returns a
:class:`~neuroexplore.exercises.feedback.Feedback`; it never raises on the answer.

* Exercise 7.3, :func:`check_design` -- *design your device*: a
  :class:`~neuroexplore.perspectives.DeviceFiguresOfMerit` must reach a target test
  accuracy and stay under a target energy per inference (evaluated by the crossbar
  engine, :func:`~neuroexplore.perspectives.evaluate_design`).  Optionally only
  ``max_changes`` groups of figures of merit may differ from a starting device.  A
  design that misses a target gets the **limiting figure of merit** by name, found by
  the one-at-a-time repair analysis :func:`~neuroexplore.perspectives.limiting_fom`.
* Exercise 7.1, :func:`check_limiter` -- name the figure of merit that limits a published device
  (a preset) in a given mode (inference or in-situ training); the reference is the
  same repair analysis, run at call time.
* Exercise 7.2, :func:`check_retention_time` -- the Kohlrausch time constant a device needs to keep
  a fraction ``f`` of its programmed window after ``t`` seconds:
  :math:`f = \exp[-(t/\tau)^\beta] \Rightarrow \tau = t / (-\ln f)^{1/\beta}`
  (computed with :func:`neuroexplore.devices.retention_time`, which is linear in
  :math:`\tau`).
* Exercise 7.4, :func:`check_least_energy` -- *what must my device reach?* read a design
  study (:func:`neuroexplore.design.optimize`): the least energy per inference (pJ) of
  its trials that reach the target accuracy; the reference is computed from the
  student's own study at call time.
* Exercise 7.5, :func:`check_extrapolation_winner` -- which model, the physical
  (NeuroSim) fit or a learned one, predicts a device better beyond the measured
  pulses; the reference is the comparison's own error table
  (:func:`neuroexplore.devices.learned.compare_device_models`).

Examples
--------
>>> bool(check_retention_time(2.995e9)), bool(check_retention_time(None))
(True, False)
"""

from __future__ import annotations

from typing import Any

from ..devices import retention_time
from ..params import ParamSpec
from .feedback import Feedback, check_choices, check_number

__all__ = [
    "CHALLENGE_TARGETS",
    "TEN_YEARS",
    "required_retention_time",
    "check_design",
    "design_feedback",
    "check_limiter",
    "check_retention_time",
    "check_least_energy",
    "check_extrapolation_winner",
]

#: Default targets of the design challenge: accuracy (fraction), energy per inference (J).
CHALLENGE_TARGETS = {"target_accuracy": 0.92, "target_energy": 2e-10}
#: Ten years (365.25-day years) in seconds: the usual non-volatile retention goal.
TEN_YEARS = 10 * 365.25 * 86400.0

_FRACTION = ParamSpec("fraction", 0.9, 1e-6, 0.999999, unit="",
                      doc="fraction of the programmed window that must be left")
_T = ParamSpec("t", TEN_YEARS, 1e-3, 1e10, unit="s", log=True, doc="time after programming")
_BETA = ParamSpec("beta", 1.0, 0.01, 1.0, unit="", doc="Kohlrausch stretching exponent")


def required_retention_time(fraction: float = 0.9, t: float = TEN_YEARS, beta: float = 1.0
                            ) -> float:
    """Time constant ``tau`` (s) that leaves ``fraction`` of the window after ``t`` seconds.

    ``retention_time(fraction, tau=1, beta)`` is the time per unit ``tau``; the law is
    linear in ``tau``, so ``tau = t / retention_time(fraction, tau=1, beta)``.

    Examples
    --------
    >>> round(required_retention_time(0.9, 3.15576e8, 1.0) / 1e9, 3)
    2.995
    """
    f, t, b = _FRACTION.validate(fraction), _T.validate(t), _BETA.validate(beta)
    return t / float(retention_time(f, tau=1.0, beta=b))


def _changed_groups(design: Any, start: Any) -> list[str]:
    from ..perspectives import FOM_GROUPS

    return [g for g, names in FOM_GROUPS.items()
            if any(getattr(design, n) != getattr(start, n) for n in names)]


def check_design(
    answer: Any,
    *,
    start: Any = None,
    max_changes: int | None = None,
    target_accuracy: float = CHALLENGE_TARGETS["target_accuracy"],
    target_energy: float = CHALLENGE_TARGETS["target_energy"],
    settings: Any = None,
) -> Feedback:
    """Exercise 7.3: does the device design ``answer`` reach both targets?

    Parameters
    ----------
    answer : DeviceFiguresOfMerit
        The student's design.
    start : DeviceFiguresOfMerit, optional
        The device the student started from (for ``max_changes``).
    max_changes : int, optional
        How many groups of figures of merit (``FOM_GROUPS``) may differ from ``start``.
    target_accuracy, target_energy : float
        Fraction and joules per inference.
    settings : EvaluationSettings, optional
        How designs are evaluated (default settings otherwise).

    Returns
    -------
    Feedback
        Correct when both targets are met (within the change budget); otherwise the
        hint names the limiting figure of merit and what repairing it would recover.
        ``expected`` holds the :class:`~neuroexplore.perspectives.LimiterAnalysis`.
    """
    from ..perspectives import FOM_GROUP_LABELS, DeviceFiguresOfMerit, limiting_fom

    title = "Ex. 7.3 design your device"
    if answer is None:
        return Feedback(False, "Replace None with your design, a DeviceFiguresOfMerit(...) "
                        "(start from the one given above and change its figures of merit).",
                        title)
    if not isinstance(answer, DeviceFiguresOfMerit):
        return Feedback(False, f"Expected a DeviceFiguresOfMerit, got {answer!r:.60}.", title)
    if max_changes is not None and start is not None:
        changed = _changed_groups(answer, start)
        if len(changed) > max_changes:
            names = ", ".join(FOM_GROUP_LABELS[g] for g in changed)
            return Feedback(False, f"You changed {len(changed)} groups of figures of merit "
                            f"({names}); at most {max_changes} may change. Which ones limit "
                            "the starting device?", title)
    analysis = limiting_fom(answer, settings, target_accuracy=target_accuracy,
                            target_energy=target_energy)
    return design_feedback(analysis)


def design_feedback(analysis: Any) -> Feedback:
    """The :class:`Feedback` of exercise 7.3 for a finished ``LimiterAnalysis``.

    Correct when the design meets both targets; otherwise the message names the
    limiting figure of merit (used by :func:`check_design` and the perspectives lab).
    """
    title = "Ex. 7.3 design your device"
    if analysis.meets_targets:
        return Feedback(True, f"Correct: {analysis.summary()}", title)
    return Feedback(False, f"Not yet. {analysis.summary()}", title)


def check_limiter(
    answer: Any,
    preset: str = "HZO FeFET",
    *,
    mode: str = "in_situ",
    target_accuracy: float = CHALLENGE_TARGETS["target_accuracy"],
    settings: Any = None,
) -> Feedback:
    """Exercise 7.1: which figure of merit limits the accuracy of ``preset`` in ``mode``?

    The answer is one key of ``FOM_GROUPS`` (``"states"``, ``"nonlinearity"``,
    ``"variation"``, ``"on_off"``, ``"r_on"``, ``"retention"``).  The reference is
    :func:`~neuroexplore.perspectives.limiting_fom` of the preset's figures of merit
    (default settings with ``mode``, or ``settings``).
    """
    from ..perspectives import (
        FOM_GROUPS,
        EvaluationSettings,
        limiting_fom,
        preset_figures_of_merit,
    )

    s = EvaluationSettings(mode=mode) if settings is None else settings.with_params(mode=mode)
    analysis = limiting_fom(preset_figures_of_merit(preset), s,
                            target_accuracy=target_accuracy)
    title = "Ex. 7.1 what limits this device?"
    if analysis.accuracy_limiter is None:  # pragma: no cover - depends on the preset chosen
        return Feedback(False, f"{preset} reaches {100 * target_accuracy:.0f} % in {mode} "
                        "mode: nothing limits it; pick another device.", title)
    return check_choices(
        answer, [analysis.accuracy_limiter], tuple(FOM_GROUPS),
        what=f"the figure of merit that limits {preset} ({mode})",
        hint="Compare the preset's figures of merit with the ideal ones, and remember how "
             "the weights are written in this mode (a few programming pulses per weight, "
             "or many small updates during training).",
        exercise=title, normalize=str.lower,
    )


def check_retention_time(answer: Any, fraction: float = 0.9, t: float = TEN_YEARS,
                         beta: float = 1.0) -> Feedback:
    """Exercise 7.2: the ``tau`` (s) that keeps ``fraction`` of the window after ``t`` s."""
    return check_number(
        answer, required_retention_time(fraction, t, beta), rel_tol=0.02, unit="s",
        what=f"the retention time constant for {100 * fraction:g} % after {t:.3g} s",
        hint="Solve exp(-(t/tau)^beta) = fraction for tau.",
        exercise="Ex. 7.2 retention time",
    )


def check_least_energy(answer: Any, study: Any = None) -> Feedback:
    """Exercise 7.4: the least energy per inference (pJ) of the feasible trials of ``study``.

    ``study`` is a :class:`~neuroexplore.design.DesignStudy` of
    :func:`~neuroexplore.design.min_energy` (a trial is feasible when it reaches the
    target accuracy).  The reference is the minimum of ``energy_pj`` over the feasible
    rows of that very study, computed at call time; 1 % tolerance.
    """
    title = "Ex. 7.4 what must my device reach?"
    rows = getattr(study, "rows", None)
    if rows is None:
        return Feedback(False, "Run the search cell above first: the check reads its study "
                        "(bo).", title)
    feasible = [float(r["energy_pj"]) for r in rows if r.get("feasible")]
    if not feasible:
        return Feedback(False, "No trial of this search reaches the target accuracy: raise "
                        "the budget (or change the seed) and run the search again.", title)
    return check_number(
        answer, min(feasible), rel_tol=0.01, unit="pJ",
        what="the least energy per inference of a design that reaches the target",
        hint="Keep the feasible trials (bo.trials.feasible) and take the smallest "
             "energy_pj among them.", exercise=title)


def check_extrapolation_winner(answer: Any, comparison: Any = None) -> Feedback:
    """Exercise 7.5: ``"physical"`` or ``"learned"`` -- which extrapolates better?

    ``comparison`` is the :class:`~neuroexplore.devices.learned.ModelComparison` of the
    notebook; the reference is its table: the smaller extrapolation RMSE of the
    physical ``neurosim`` fit against the best learned model (``gp``, ``mlp``,
    ``gp_curve``).
    """
    title = "Ex. 7.5 physics or data beyond the data?"
    table = getattr(comparison, "table", None)
    if table is None:
        return Feedback(False, "Run the comparison cell above first: the check reads its "
                        "table (cmp).", title)
    ext = table[table["question"] == "extrapolation"]
    physical = ext[ext["model"] == "neurosim"]["rmse"].min()
    learned = ext[ext["model"] != "neurosim"]["rmse"].min()
    expected = "physical" if physical < learned else "learned"
    return check_choices(
        answer, [expected], ("physical", "learned"),
        what="the model with the smaller error beyond the measured pulses",
        hint="Compare the extrapolation rows of cmp.table (rmse, lower is better).",
        exercise=title, normalize=str.lower)
