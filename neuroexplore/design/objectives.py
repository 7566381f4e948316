"""What a design study optimises: objectives over the metrics of a design.

An :class:`Objective` evaluates a design (a dict of parameters) into metrics and maps
them to the values the optimiser sees:

* :func:`min_energy` -- the least energy per inference ``E`` (pJ) that still reaches a
  target accuracy: minimise ``log10 E`` subject to ``c = a_target - a <= 0``.  The
  constraint goes to optuna's samplers as ``constraints_func``: the GP sampler then
  maximises expected improvement times the probability of feasibility (constrained EI,
  Gardner et al., ICML 2014), TPE splits good/bad trials feasible-first (c-TPE,
  Watanabe & Hutter, IJCAI 2023), NSGA-II uses constraint domination (Deb et al.,
  IEEE TEVC 6:182, 2002).  Random search and the grid ignore it.
* :func:`accuracy_energy` -- two objectives, maximise ``a`` and minimise ``log10 E``:
  the Pareto front (NSGA-II or the GP sampler's multi-objective mode, log-EHVI).
* :func:`loosest_spec` -- the loosest device specification still meeting a target:
  maximise the mean *looseness* ``L = (1/n) sum_i u_i`` of the named parameters, where
  ``u_i`` is the parameter's position between its search bounds (log scale for log
  dimensions), flipped for parameters where less is looser (``states``: fewer levels is
  a cheaper device) -- subject to ``a >= a_target``.
* :func:`custom` -- any function of the parameters returning a dict of metrics
  (synthetic test functions, a user's own engine call).

The engine objectives evaluate with :class:`~neuroexplore.design.DigitsEvaluator`
(real engines).

Examples
--------
>>> obj = min_energy(0.9)
>>> obj.directions, obj.values({"accuracy": 0.95, "energy_pj": 100.0})
(('minimize',), (2.0,))
>>> obj.constraint({"accuracy": 0.85, "energy_pj": 100.0}) > 0
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .engine import DigitsEvaluator

__all__ = ["Objective", "min_energy", "accuracy_energy", "loosest_spec", "custom"]

#: Parameters where a larger value is a looser (easier) device specification; for
#: the others in :data:`LOOSER_SMALLER` a smaller value is looser.
LOOSER_LARGER = ("c2c_sigma", "d2d_sigma", "nonlinearity_ltp", "drift_nu_scale",
                 "read_noise", "stuck_on_rate", "stuck_off_rate", "r_on")
LOOSER_SMALLER = ("states", "on_off", "adc_bits", "dac_bits")


def _check_target(target: Any) -> float:
    if isinstance(target, bool) or not isinstance(target, int | float) \
            or not math.isfinite(target) or not 0.0 < target <= 1.0:
        raise ValueError(f"target_accuracy = {target!r} must be a fraction in (0, 1]")
    return float(target)


@dataclass(frozen=True)
class Objective:
    """An objective of a design study (picklable when its parts are).

    Attributes
    ----------
    name : str
        Short name (``"min_energy"``, ``"accuracy_energy"``, ``"loosest_spec"``,
        ``"custom"``).
    directions : tuple of {"minimize", "maximize"}
        One per value.
    value_names : tuple of str
        Names of the values (columns ``value_<name>`` of the trials).
    target_accuracy : float or None
        The accuracy a feasible design reaches (engine objectives).
    evaluator : callable
        ``evaluator(params, fidelity=..., seed=...) -> dict`` of metrics.
    loosen : tuple of str
        Parameters of the looseness score (``loosest_spec``).
    fn : callable or None
        The user's function (``custom``).
    minimize, maximize : tuple of str
        Metric names optimised by a ``custom`` objective.
    constraint_fn : callable or None
        ``constraint_fn(metrics) -> float``, feasible when ``<= 0`` (``custom``).
    pareto_metrics : tuple of (str, str)
        ``(metric, direction)`` pairs the Pareto front is taken over.
    """

    name: str
    directions: tuple[str, ...]
    value_names: tuple[str, ...]
    target_accuracy: float | None = None
    evaluator: Any = None
    loosen: tuple[str, ...] = ()
    fn: Callable[..., Mapping[str, float]] | None = field(default=None, repr=False)
    minimize: tuple[str, ...] = ()
    maximize: tuple[str, ...] = ()
    constraint_fn: Callable[[Mapping[str, float]], float] | None = field(default=None,
                                                                          repr=False)
    pareto_metrics: tuple[tuple[str, str], ...] = ()

    @property
    def uses_engine(self) -> bool:
        """Whether designs are evaluated by the real engines (not a custom function)."""
        return self.fn is None

    @property
    def constrained(self) -> bool:
        return self.target_accuracy is not None or self.constraint_fn is not None

    def describe(self) -> str:
        """One line: what is optimised, subject to what."""
        vals = ", ".join(f"{d[:3]} {n}" for d, n in zip(self.directions, self.value_names,
                                                         strict=True))
        tail = f" s.t. accuracy >= {self.target_accuracy:g}" if self.target_accuracy else ""
        return f"{self.name}: {vals}{tail}"

    def evaluate(self, params: Mapping[str, Any], *, fidelity: str = "cheap",
                 seed: int = 0, space: Any = None) -> dict[str, float]:
        """The metrics of ``params`` (plus ``looseness`` for :func:`loosest_spec`)."""
        if self.fn is not None:
            out = dict(self.fn(**params))
        else:
            out = dict(self.evaluator(params, fidelity=fidelity, seed=seed))
        if self.loosen:
            out["looseness"] = looseness(params, self.loosen, space)
        return out

    def values(self, metrics: Mapping[str, float]) -> tuple[float, ...]:
        """The values the optimiser sees, one per direction."""
        if self.name == "min_energy":
            return (math.log10(metrics["energy_pj"]),)
        if self.name == "accuracy_energy":
            return (metrics["accuracy"], math.log10(metrics["energy_pj"]))
        if self.name == "loosest_spec":
            return (metrics["looseness"],)
        return tuple(float(metrics[k]) for k in (*self.minimize, *self.maximize))

    def constraint(self, metrics: Mapping[str, float]) -> float | None:
        """``c`` with ``c <= 0`` feasible (``None``: unconstrained)."""
        if self.target_accuracy is not None:
            return self.target_accuracy - metrics["accuracy"]
        if self.constraint_fn is not None:
            return float(self.constraint_fn(metrics))
        return None


def looseness(params: Mapping[str, Any], names: Sequence[str], space: Any) -> float:
    """Mean position of ``names`` between their search bounds, oriented so that 1 is
    the loosest spec (see :func:`loosest_spec`)."""
    if space is None:
        raise ValueError("looseness needs the design space (its bounds)")
    total = 0.0
    for n in names:
        u = space.unit_position(n, float(params[n])) if n in space.names else 0.0
        total += 1.0 - u if n in LOOSER_SMALLER else u
    return total / len(names)


def min_energy(target_accuracy: float = 0.9, *,
               evaluator: DigitsEvaluator | None = None) -> Objective:
    """Least energy per inference reaching ``target_accuracy`` on the digits MLP.

    Minimises ``log10(energy_pj)`` subject to ``accuracy >= target_accuracy``.
    """
    return Objective("min_energy", ("minimize",), ("log10_energy_pj",),
                     _check_target(target_accuracy),
                     DigitsEvaluator() if evaluator is None else evaluator,
                     pareto_metrics=(("accuracy", "maximize"), ("energy_pj", "minimize")))


def accuracy_energy(*, evaluator: DigitsEvaluator | None = None) -> Objective:
    """The Pareto front of accuracy (maximised) against ``log10`` energy (minimised)."""
    return Objective("accuracy_energy", ("maximize", "minimize"),
                     ("accuracy", "log10_energy_pj"), None,
                     DigitsEvaluator() if evaluator is None else evaluator,
                     pareto_metrics=(("accuracy", "maximize"), ("energy_pj", "minimize")))


def loosest_spec(target_accuracy: float = 0.9,
                 loosen: Sequence[str] = ("c2c_sigma", "d2d_sigma", "states"), *,
                 evaluator: DigitsEvaluator | None = None) -> Objective:
    """The loosest device specification still reaching ``target_accuracy``.

    Maximises the looseness ``L`` of ``loosen`` (largest tolerable variation, fewest
    states; see the module doc) subject to ``accuracy >= target_accuracy``.  Every
    name in ``loosen`` must be searched by the study's space.
    """
    loosen = tuple(loosen)
    if not loosen:
        raise ValueError("loosen is empty; name the parameters to loosen")
    bad = [n for n in loosen if n not in (*LOOSER_LARGER, *LOOSER_SMALLER)]
    if bad:
        raise ValueError(f"loosen: {bad} have no looser direction; choose from "
                         f"{', '.join((*LOOSER_LARGER, *LOOSER_SMALLER))}")
    return Objective("loosest_spec", ("maximize",), ("looseness",),
                     _check_target(target_accuracy),
                     DigitsEvaluator() if evaluator is None else evaluator, loosen,
                     pareto_metrics=(("looseness", "maximize"), ("accuracy", "maximize")))


def custom(fn: Callable[..., Mapping[str, float]], *, minimize: str | Sequence[str] = (),
           maximize: str | Sequence[str] = (),
           constraint: Callable[[Mapping[str, float]], float] | None = None) -> Objective:
    """An objective from any function ``fn(**params) -> dict`` of metrics.

    Parameters
    ----------
    fn : callable
        Called with the design's parameters as keywords.
    minimize, maximize : str or sequence of str
        Metrics to minimise / maximise (one in all: single-objective; more: Pareto).
    constraint : callable, optional
        ``constraint(metrics) -> c``; a design is feasible when ``c <= 0``.
    """
    if not callable(fn):
        raise ValueError(f"fn = {fn!r} must be callable as fn(**params) -> dict")
    mins = (minimize,) if isinstance(minimize, str) else tuple(minimize)
    maxs = (maximize,) if isinstance(maximize, str) else tuple(maximize)
    if not mins and not maxs:
        raise ValueError("custom: name the metric(s) to minimize or maximize")
    if constraint is not None and not callable(constraint):
        raise ValueError(f"constraint = {constraint!r} must be callable as constraint(metrics)")
    dirs = ("minimize",) * len(mins) + ("maximize",) * len(maxs)
    names = (*mins, *maxs)
    return Objective("custom", dirs, names, None, None, (), fn, mins, maxs, constraint,
                     pareto_metrics=tuple(zip(names, dirs, strict=True)))
