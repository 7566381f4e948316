"""Comparing samplers at equal evaluation budgets: evaluations needed to reach a target.

For each sampler and each seed, :func:`compare_samplers` runs one study of ``budget``
trials on one and the same objective function (every study evaluates with the same
programming seed ``eval_seed``, so only the search differs) and counts the trials until
the first feasible trial whose value is at least as good as ``threshold``
(:meth:`~neuroexplore.design.DesignStudy.evals_to_target`).  A study that never gets
there counts ``budget + 1`` (right-censored; the median is then a lower bound).  The
median over seeds is the figure of merit of issue 13 (BO against random search and a
grid).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from .objectives import Objective
from .optimizer import optimize
from .spaces import DesignSpace

__all__ = ["compare_samplers"]


def compare_samplers(
    objective: Objective,
    space: DesignSpace,
    threshold: float,
    *,
    samplers: Sequence[str] = ("gp", "tpe", "random", "grid"),
    seeds: Iterable[int] = range(5),
    budget: int = 30,
    eval_seed: int = 0,
    **kwargs: Any,
) -> dict[str, dict[str, Any]]:
    """Evaluations each sampler needs to reach ``threshold``, over ``seeds``.

    Parameters
    ----------
    objective, space
        As for :func:`~neuroexplore.design.optimize`.
    threshold : float
        Target of the (first) value the optimiser sees (for :func:`min_energy`:
        ``log10`` of the energy in pJ).
    samplers : sequence of str
    seeds : iterable of int
        Sampler seeds.
    budget : int
        Trials per study (equal for every sampler).
    eval_seed : int
        Programming seed of every evaluation (one objective function for all).
    **kwargs
        Passed to :func:`~neuroexplore.design.optimize` (``executor``, ``fidelity``...).

    Returns
    -------
    dict
        ``{sampler: {"evals": [...], "median": m, "reached": n, "best": [...],
        "seconds": s}}``.

    Examples
    --------
    >>> from neuroexplore import design
    >>> obj = design.custom(lambda x: {"f": (x - 0.3) ** 2}, minimize="f")
    >>> sp = design.space(x=(0.0, 1.0), custom=True)
    >>> res = compare_samplers(obj, sp, 0.01, samplers=("random",), seeds=[0, 1], budget=10)
    >>> res["random"]["evals"]
    [10, 4]
    """
    seeds = list(seeds)
    out: dict[str, dict[str, Any]] = {}
    for name in samplers:
        evals, best, secs = [], [], 0.0
        for s in seeds:
            st = optimize(objective, space, budget=budget, seed=s, sampler=name,
                          eval_seed=eval_seed, **kwargs)
            evals.append(st.evals_to_target(threshold))
            b = st.best
            best.append(None if b is None else b["values"][objective.value_names[0]])
            secs += st.seconds
        out[name] = {"evals": evals, "median": float(statistics.median(evals)),
                     "reached": sum(e <= budget for e in evals), "best": best,
                     "seconds": secs}
    return out
