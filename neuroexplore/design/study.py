"""The result of a design study: every trial, the best design, the Pareto front.

:class:`DesignStudy` keeps one row per evaluated trial -- its number, parameters,
metrics, the values the optimiser saw, the constraint ``c`` (feasible when ``c <= 0``),
the fidelity it was evaluated at and the seconds it took -- as a list of dicts
(:attr:`DesignStudy.rows`, cheap to append while a study runs, e.g. for a lab drawing
them live) and as a :class:`pandas.DataFrame` (:attr:`DesignStudy.trials`).

The Pareto front (:attr:`DesignStudy.pareto`) is the set of trials no other trial
dominates in the objective's ``pareto_metrics`` (for the engine objectives: accuracy up,
energy per inference down): ``j`` dominates ``i`` when it is at least as good in every
metric and better in one (Deb, *Multi-objective optimization using evolutionary
algorithms*, Wiley 2001, def. 2.5).  With multi-fidelity studies only the trials of the
highest fidelity reached count for :attr:`~DesignStudy.best` and the front.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .objectives import Objective
from .spaces import DesignSpace

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["DesignStudy", "pareto_mask"]


def pareto_mask(points: np.ndarray, directions: Sequence[str]) -> np.ndarray:
    """Boolean mask of the non-dominated rows of ``points`` (n, m).

    Examples
    --------
    >>> pareto_mask(np.array([[1.0, 1.0], [2.0, 2.0], [0.5, 3.0]]), ("maximize", "minimize"))
    array([ True,  True, False])
    """
    pts = np.asarray(points, dtype=float)
    if pts.size == 0:
        return np.zeros(len(pts), dtype=bool)
    sign = np.array([-1.0 if d == "maximize" else 1.0 for d in directions])
    x = pts * sign  # all minimised
    keep = np.ones(len(x), dtype=bool)
    for i in range(len(x)):
        no_worse = np.all(x <= x[i], axis=1)
        better = np.any(x < x[i], axis=1)
        if np.any(no_worse & better):
            keep[i] = False
    return keep


@dataclass(eq=False)
class DesignStudy:
    """Every trial of a design study and what follows from them.

    Attributes
    ----------
    objective : Objective
    space : DesignSpace
    sampler : str
        ``"gp"``, ``"tpe"``, ``"random"``, ``"grid"`` or ``"nsga2"``.
    seed : int
        The sampler's seed (also the programming seed of every evaluation).
    budget : int
        Trials asked for.
    fidelity : str
        ``"cheap"``, ``"full"`` or ``"multi"`` (cheap first, promising trials promoted).
    rows : list of dict
        One dict per finished trial, in trial order (see the module doc).
    cancelled : bool
        Whether ``progress`` stopped the study early.
    seconds : float
        Wall time.
    created : str
        UTC time stamp of the start (ISO 8601).
    optuna_study : optuna.Study or None
        The underlying optuna study (not exported).
    eval_seed : int or None
        The programming seed of every evaluation (``None``: ``seed``).
    """

    objective: Objective
    space: DesignSpace
    sampler: str
    seed: int
    budget: int
    fidelity: str = "cheap"
    rows: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    created: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(
        timespec="seconds"))
    optuna_study: Any = field(default=None, repr=False)
    eval_seed: int | None = None

    # ------------------------------------------------------------------ tables
    def __len__(self) -> int:
        return len(self.rows)

    @property
    def last(self) -> dict[str, Any] | None:
        """The most recent trial's row (``None`` before the first)."""
        return self.rows[-1] if self.rows else None

    @property
    def trials(self) -> pd.DataFrame:
        """Every trial: ``number``, the parameters, the metrics, ``value_<name>``,
        ``constraint``, ``feasible``, ``fidelity``, ``elapsed_s``."""
        import pandas as pd

        if not self.rows:
            return pd.DataFrame(columns=["number", *self.space.names, "feasible",
                                         "fidelity", "elapsed_s"])
        return pd.DataFrame(self.rows)

    def _ranked_rows(self) -> list[dict[str, Any]]:
        """Rows at the highest fidelity reached (all rows unless multi-fidelity)."""
        if self.fidelity == "multi" and any(r["fidelity"] == "full" for r in self.rows):
            return [r for r in self.rows if r["fidelity"] == "full"]
        return list(self.rows)

    @property
    def pareto(self) -> pd.DataFrame:
        """The non-dominated trials in the objective's ``pareto_metrics`` (rows sorted by
        the first metric); infeasible trials of a custom constraint are left out."""
        import pandas as pd

        rows = self._ranked_rows()
        if self.objective.constraint_fn is not None:
            rows = [r for r in rows if r["feasible"]]
        names = [m for m, _ in self.objective.pareto_metrics]
        dirs = [d for _, d in self.objective.pareto_metrics]
        if not rows or not names:
            return pd.DataFrame(columns=self.trials.columns)
        pts = np.array([[r[m] for m in names] for r in rows], dtype=float)
        front = [r for r, k in zip(rows, pareto_mask(pts, dirs), strict=True) if k]
        df = pd.DataFrame(front)
        return df.sort_values(names[0], ascending=dirs[0] == "minimize",
                              kind="stable").reset_index(drop=True)

    @property
    def best(self) -> dict[str, Any] | None:
        """The best feasible design: ``{"number", "params", "metrics", "values",
        "fidelity"}`` (``None`` when no trial is feasible).

        Single objective: the best value.  Several: the trial of the Pareto front that
        is best in the first objective (ties: the next ones).
        """
        rows = [r for r in self._ranked_rows() if r["feasible"]]
        if not rows:
            return None
        dirs = self.objective.directions
        keys = [f"value_{n}" for n in self.objective.value_names]

        def rank(r: dict[str, Any]) -> tuple[float, ...]:
            return tuple(r[k] if d == "minimize" else -r[k] for k, d in zip(keys, dirs,
                                                                             strict=True))

        r = min(rows, key=rank)
        metric_names = [k for k in r if k not in ("number", "feasible", "fidelity",
                                                  "elapsed_s", "constraint", *keys,
                                                  *self.space.names)]
        return {"number": int(r["number"]),
                "params": {k: _plain(r[k]) for k in self.space.names},
                "fixed": {k: _plain(v) for k, v in self.space.fixed.items()},
                "metrics": {k: _plain(r[k]) for k in metric_names},
                "values": {k[len("value_"):]: _plain(r[k]) for k in keys},
                "fidelity": r["fidelity"]}

    def evals_to_target(self, threshold: float, *, censored: bool = True) -> int | None:
        """Trials run until the first feasible trial whose (first) value is at least as
        good as ``threshold`` (``<=`` when minimised, ``>=`` when maximised).

        A study that never gets there counts ``budget + 1`` (right-censored) when
        ``censored``, else ``None``.
        """
        key = f"value_{self.objective.value_names[0]}"
        maximize = self.objective.directions[0] == "maximize"
        for k, r in enumerate(self.rows, 1):
            v = r[key]
            if r["feasible"] and (v >= threshold if maximize else v <= threshold):
                return k
        return self.budget + 1 if censored else None

    # ------------------------------------------------------------------ export
    def provenance(self) -> list[str]:
        """The provenance header lines of the exports (without ``# ``)."""
        from ..provenance import provenance_lines

        params: dict[str, Any] = {"sampler": self.sampler, "budget": (self.budget, ""),
                                  "fidelity": self.fidelity}
        if self.eval_seed is not None and self.eval_seed != self.seed:
            params["eval_seed"] = (self.eval_seed, "")
        if self.objective.target_accuracy is not None:
            params["target_accuracy"] = (self.objective.target_accuracy, "")
        ev = self.objective.evaluator
        notes = [f"objective: {self.objective.describe()}"]
        if ev is not None and self.objective.uses_engine:
            notes.append(f"evaluator: {ev!r}")
        notes += [f"space: {line}" for line in self.space.describe()]
        notes.append(f"trials: {len(self.rows)}{' (cancelled)' if self.cancelled else ''}")
        return provenance_lines("design study", params, seed=self.seed, notes=notes)

    def to_csv(self, path: str | Path | None = None) -> str:
        """The trials as CSV text preceded by ``# `` provenance lines (and written to
        ``path`` when given).  ``pandas.read_csv(..., comment="#")`` reads it back."""
        head = "".join(f"# {line}\n" for line in self.provenance())
        text = head + self.trials.to_csv(index=False)
        if path is not None:
            Path(path).write_text(text)
        return text

    def best_json(self, path: str | Path | None = None) -> str:
        """The best design with the study's provenance, as JSON text (and written to
        ``path`` when given)."""
        from .. import __version__

        out = {"neuroexplore": __version__, "created": self.created,
               "objective": self.objective.describe(), "sampler": self.sampler,
               "seed": self.seed, "eval_seed": self.eval_seed, "budget": self.budget,
               "fidelity": self.fidelity,
               "trials": len(self.rows), "cancelled": self.cancelled,
               "space": self.space.describe(), "best": self.best}
        text = json.dumps(out, indent=2, default=_plain)
        if path is not None:
            Path(path).write_text(text)
        return text


def _plain(v: Any) -> Any:
    """numpy scalars to Python numbers (for JSON)."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, Mapping):
        return {k: _plain(x) for k, x in v.items()}
    return v
