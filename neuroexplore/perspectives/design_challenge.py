"""Which figure of merit limits a design? A one-at-a-time ("repair") analysis.

For a design that misses its target accuracy (or energy per inference), each group of
figures of merit (:data:`~neuroexplore.perspectives.figures_of_merit.FOM_GROUPS`:
states, nonlinearity, variation, on/off ratio, R_on, retention) is set in turn to its
ideal value (:data:`~neuroexplore.perspectives.figures_of_merit.IDEAL_FOM`) while the
others stay as designed, and the design is evaluated again by the crossbar engine
(:func:`~neuroexplore.perspectives.tradeoff.evaluate_design`, same settings and seeds).
The group whose repair recovers the most accuracy is the **accuracy limiter**; the one
whose repair saves the most energy per inference is the **energy limiter**.  This is a
first-order (one-factor-at-a-time) sensitivity analysis, the way device-to-system
benchmarks such as MLP NeuroSim (Chen, Peng & Yu, IEEE TCAD 37:3067, 2018) attribute an
accuracy loss to one non-ideality at a time; interactions between figures of merit are
not attributed.

Examples
--------
>>> from neuroexplore.perspectives import IDEAL_FOM, EvaluationSettings
>>> design = IDEAL_FOM.with_params(name="2 states", states_ltp=2, states_ltd=2)
>>> a = limiting_fom(design, EvaluationSettings(repeats=1), target_accuracy=0.92)
>>> a.accuracy_limiter
'states'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..params import FROM_SPEC, ParamSpec, takes_specs
from ..progress import Callback, notify
from .figures_of_merit import (
    FOM_GROUP_LABELS,
    FOM_GROUPS,
    IDEAL_FOM,
    DeviceFiguresOfMerit,
    repaired,
)
from .tradeoff import DesignResult, EvaluationSettings, evaluate_design

__all__ = ["TARGET_SPECS", "LimiterAnalysis", "limiting_fom"]

#: The design targets of the challenge.
TARGET_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("target_accuracy", 0.92, 0.1, 1.0, step=0.005, unit="",
              doc="test accuracy the design must reach (fraction)", label="target accuracy"),
    ParamSpec("target_energy", 2e-10, 1e-11, 1e-7, unit="J", log=True,
              doc="largest allowed energy per inference", label="target energy"),
)


@dataclass(frozen=True)
class LimiterAnalysis:
    """The outcome of :func:`limiting_fom`.

    Attributes
    ----------
    design : DesignResult
        The design as it is.
    repaired : dict of str -> DesignResult
        The design with one group set to its ideal value, per group.
    target_accuracy, target_energy : float
    accuracy_limiter, energy_limiter : str or None
        The group whose repair recovers the most accuracy / saves the most energy;
        ``None`` when the target is met, or when no single repair helps at all.
    cancelled : bool
        Whether a callback stopped the analysis (``repaired`` is then incomplete).
    """

    design: DesignResult
    repaired: dict[str, DesignResult] = field(compare=False)
    target_accuracy: float
    target_energy: float
    accuracy_limiter: str | None
    energy_limiter: str | None
    cancelled: bool = False

    @property
    def meets_accuracy(self) -> bool:
        return self.design.accuracy >= self.target_accuracy

    @property
    def meets_energy(self) -> bool:
        return self.design.energy <= self.target_energy

    @property
    def meets_targets(self) -> bool:
        return self.meets_accuracy and self.meets_energy

    @property
    def accuracy_gain(self) -> dict[str, float]:
        """Accuracy recovered (fraction) by repairing each group."""
        return {g: r.accuracy - self.design.accuracy for g, r in self.repaired.items()}

    @property
    def energy_saving(self) -> dict[str, float]:
        """Energy per inference saved (J) by repairing each group."""
        return {g: self.design.energy - r.energy for g, r in self.repaired.items()}

    @property
    def limiter(self) -> str | None:
        """The accuracy limiter when accuracy is missed, else the energy limiter."""
        if not self.meets_accuracy:
            return self.accuracy_limiter
        return None if self.meets_energy else self.energy_limiter

    def summary(self) -> str:
        """One paragraph in words (used by the exercise feedback and the lab)."""
        d = self.design
        acc = f"accuracy {100 * d.accuracy:.1f} % (target {100 * self.target_accuracy:.1f} %)"
        en = f"energy {d.energy * 1e12:.3g} pJ (target {self.target_energy * 1e12:.3g} pJ)"
        if self.meets_targets:
            return f"{d.name} meets both targets: {acc}, {en}."
        parts = []
        if not self.meets_accuracy:
            lim = self.accuracy_limiter
            if lim is None:
                parts.append(f"{acc} is missed and no single figure of merit recovers it "
                             f"(float network: {100 * d.accuracy_float:.1f} %)")
            else:
                gain = 100 * self.accuracy_gain[lim]
                parts.append(f"{acc} is limited by {FOM_GROUP_LABELS[lim]}: making it ideal "
                             f"recovers {gain:+.1f} points")
        if not self.meets_energy:
            lim = self.energy_limiter
            if lim is None:
                parts.append(f"{en} is missed and no single figure of merit lowers it")
            else:
                saved = self.energy_saving[lim]
                parts.append(f"{en} is limited by {FOM_GROUP_LABELS[lim]}: making it ideal "
                             f"saves {saved * 1e12:.3g} pJ ({100 * saved / d.energy:.0f} %)")
        return f"{d.name}: " + "; ".join(parts) + "."


def _argmax_positive(gains: dict[str, float]) -> str | None:
    if not gains:
        return None
    best = max(gains, key=gains.get)
    return best if gains[best] > 0 else None


@takes_specs(TARGET_SPECS)
def limiting_fom(
    fom: DeviceFiguresOfMerit,
    settings: EvaluationSettings | None = None,
    *,
    target_accuracy: float = FROM_SPEC,
    target_energy: float = FROM_SPEC,
    ideal: DeviceFiguresOfMerit = IDEAL_FOM,
    callback: Callback | None = None,
) -> LimiterAnalysis:
    """Evaluate ``fom`` and each one-group repair of it; name the limiting figure of merit.

    Parameters
    ----------
    fom : DeviceFiguresOfMerit
    settings : EvaluationSettings, optional
    target_accuracy : float
        Fraction in [0.1, 1] (:data:`TARGET_SPECS`).
    target_energy : float
        Joules per inference in [1e-11, 1e-7].
    ideal : DeviceFiguresOfMerit
        The reference the repairs move to (default :data:`IDEAL_FOM`).
    callback : callable, optional
        ``callback(done, total, metrics)`` after each evaluation (1 + one per group);
        return ``False`` to stop.

    Returns
    -------
    LimiterAnalysis
        Every group is repaired and evaluated, whether or not the targets are met, so
        that the gains can be shown.
    """
    ta, te = target_accuracy, target_energy
    s = EvaluationSettings() if settings is None else settings
    total = 1 + len(FOM_GROUPS)
    design = evaluate_design(fom, s)
    cancelled = _stop(callback, 1, total, design, "as designed")
    fixes: dict[str, DesignResult] = {}
    for i, group in enumerate(FOM_GROUPS):
        if cancelled:
            break
        fixes[group] = evaluate_design(repaired(fom, group, ideal), s)
        cancelled = _stop(callback, i + 2, total, fixes[group], group)
    gains = {g: r.accuracy - design.accuracy for g, r in fixes.items()}
    savings = {g: design.energy - r.energy for g, r in fixes.items()}
    acc_lim = None if design.accuracy >= ta else _argmax_positive(gains)
    en_lim = None if design.energy <= te else _argmax_positive(savings)
    return LimiterAnalysis(design, fixes, ta, te, acc_lim, en_lim, cancelled)


def _stop(callback: Callback | None, done: int, total: int, result: DesignResult,
          what: str) -> bool:
    metrics: dict[str, Any] = {"repair": what, "accuracy": result.accuracy,
                               "energy": result.energy}
    return notify(callback, done, total, metrics)
