"""``optimize``: a design study on optuna's samplers, serial or on an executor.

The optimiser runs optuna's ask-and-tell loop (Akiba et al., *Optuna: a
next-generation hyperparameter optimization framework*, KDD 2019) with a fixed seed:

* ``"gp"`` -- Bayesian optimisation: a Gaussian-process surrogate (Matern 5/2 kernel
  with automatic relevance determination) and the log expected improvement
  ``EI(x) = E[max(f* - f(x), 0)]`` (Jones et al. 1998; Snoek, Larochelle & Adams,
  *Practical Bayesian optimization of machine learning algorithms*, NeurIPS 2012),
  times the probability of feasibility with constraints (Gardner et al. 2014);
  log-EHVI for several objectives (optuna's ``GPSampler``);
* ``"tpe"`` -- the tree-structured Parzen estimator (Bergstra et al., NeurIPS 2011;
  Watanabe, arXiv:2304.11127), multivariate, with c-TPE constraints;
* ``"nsga2"`` -- NSGA-II, non-dominated sorting with crowding distance and
  constraint domination (Deb et al., IEEE TEVC 6:182, 2002), for Pareto fronts;
* ``"random"`` -- independent uniform (log-uniform for log dimensions) draws;
* ``"grid"`` -- a full-factorial grid of at most ``budget`` points
  (:meth:`DesignSpace.grid`), visited in a seeded random order.

The acquisition functions and models are optuna's; this module only declares the
search space from the engines' specs, evaluates every asked point on the real engines
(:mod:`.engine`) and records the trials (:class:`~neuroexplore.design.DesignStudy`).

Batches: ``batch_size`` points are asked, evaluated together -- through
:func:`neuroexplore.sweeps.run_grid`, so on any executor it takes (``None``: serially;
a :class:`concurrent.futures.Executor`; a ``dask.distributed.Client``) -- and told in
trial order.  The same seed and ``batch_size`` give the same trials serially and in
parallel.  Progress and cancellation follow :mod:`neuroexplore.progress`:
``progress(done, budget, row)`` as each evaluation finishes; ``False`` stops the study
(evaluations of the batch not yet started are cancelled and dropped).

Multi-fidelity (``fidelity="multi"``): each trial is evaluated cheaply first; it is
promoted to the full fidelity -- and the full-fidelity metrics are what the sampler is
told -- only when it is promising: within ``promote_margin`` of the target accuracy and
(single objective) no worse than the best full-fidelity value so far.  Unpromising
trials keep their cheap metrics (``fidelity = "cheap"`` in their row); :attr:`best`
and the Pareto front consider the full-fidelity trials only.  (A simple successive
screening, not a multi-fidelity surrogate.)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..progress import Callback, notify
from ..seeding import as_seed
from .objectives import Objective
from .spaces import DesignSpace
from .spaces import space as make_space
from .study import DesignStudy

__all__ = ["SAMPLERS", "optimize", "evals_to_target"]

#: The samplers :func:`optimize` offers.
SAMPLERS = ("gp", "tpe", "random", "grid", "nsga2")

#: Fidelity modes of :func:`optimize`.
FIDELITY_MODES = ("cheap", "full", "multi")


@dataclass(frozen=True)
class _Promote:
    """When a cheap evaluation is promoted to the full fidelity (picklable)."""

    margin: float
    best: float | None  # best full-fidelity first value so far (None: none yet)
    maximize: bool

    def __call__(self, objective: Objective, metrics: Mapping[str, float]) -> bool:
        c = objective.constraint(metrics)
        if c is not None and c > self.margin:
            return False
        if self.best is None or len(objective.directions) > 1:
            return True
        v = objective.values(metrics)[0]
        return v >= self.best if self.maximize else v <= self.best


def _evaluate_task(trial: int, seed: int, *, objective: Objective, space: DesignSpace,
                   points: tuple[dict[str, Any], ...], fidelity: str,
                   promote: _Promote | None) -> dict[str, Any]:
    """Evaluate the ``trial``-th asked point (a module-level, picklable task)."""
    t0 = time.perf_counter()
    params = {**space.fixed, **points[trial]}
    if not objective.uses_engine:
        metrics, level = objective.evaluate(params, space=space), "full"
    elif fidelity == "multi":
        metrics, level = objective.evaluate(params, fidelity="cheap", seed=seed,
                                            space=space), "cheap"
        if promote is not None and promote(objective, metrics):
            metrics, level = objective.evaluate(params, fidelity="full", seed=seed,
                                                space=space), "full"
    else:
        metrics, level = objective.evaluate(params, fidelity=fidelity, seed=seed,
                                            space=space), fidelity
    return {"metrics": metrics, "fidelity": level, "elapsed_s": time.perf_counter() - t0}


def _sampler(name: str, seed: int, objective: Objective, space: DesignSpace, budget: int,
             n_startup: int) -> tuple[Any, int]:
    """The optuna sampler and the number of trials it will run."""
    import optuna

    # constraints reach the samplers through Trial.set_constraint (optuna >= 5)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed, n_startup_trials=n_startup), budget
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=n_startup,
                                          multivariate=True), budget
    if name == "nsga2":
        pop = max(4, min(50, budget // 4))
        return optuna.samplers.NSGAIISampler(seed=seed, population_size=pop), budget
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed), budget
    grid = space.grid(budget)
    size = math.prod(len(v) for v in grid.values())
    return optuna.samplers.GridSampler(grid, seed=seed), min(budget, size)


def _tell(ostudy: Any, trial: Any, values: list[float] | None = None, **kw: Any) -> None:
    """``ostudy.tell``; optuna's GridSampler calls ``study.stop()`` when its grid is
    used up, which raises outside ``study.optimize`` -- after the trial is stored (its
    ``finally``), so the error is dropped here."""
    try:
        ostudy.tell(trial, values, **kw)
    except RuntimeError as exc:
        if "Study.stop" not in str(exc):
            raise


def _check(objective: Any, space: Any, budget: Any, sampler: Any, executor: Any,
           progress: Any, on_trial: Any, fidelity: Any, batch_size: Any,
           promote_margin: Any) -> None:
    if not isinstance(objective, Objective):
        raise ValueError(f"objective = {objective!r} must be an Objective (min_energy(), "
                         "accuracy_energy(), loosest_spec() or custom())")
    if not isinstance(space, DesignSpace):
        raise ValueError(f"space = {space!r} must be a DesignSpace (see design.space())")
    if objective.uses_engine and space.custom:
        raise ValueError("an engine objective needs a space of design parameters, not a "
                         "custom space")
    missing = [n for n in objective.loosen if n not in space.names]
    if missing:
        raise ValueError(f"loosest_spec loosens {missing}, which the space does not "
                         f"search; add them to the space ({', '.join(space.names)})")
    if isinstance(budget, bool) or not isinstance(budget, int) or not 1 <= budget <= 10_000:
        raise ValueError(f"budget = {budget!r} must be an integer in [1, 10000] trials")
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler = {sampler!r} is not valid; expected one of "
                         f"{', '.join(SAMPLERS)}")
    if progress is not None and not callable(progress):
        raise ValueError(f"progress = {progress!r} must be callable as "
                         "progress(done, total, metrics) or None")
    if on_trial is not None and not callable(on_trial):
        raise ValueError(f"on_trial = {on_trial!r} must be callable as on_trial(study)")
    if fidelity not in FIDELITY_MODES:
        raise ValueError(f"fidelity = {fidelity!r} is not valid; expected one of "
                         f"{', '.join(FIDELITY_MODES)}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(
            batch_size, int) or not 1 <= batch_size <= 256):
        raise ValueError(f"batch_size = {batch_size!r} must be an integer in [1, 256]")
    if isinstance(promote_margin, bool) or not isinstance(promote_margin, int | float) \
            or not 0.0 <= promote_margin <= 1.0:
        raise ValueError(f"promote_margin = {promote_margin!r} must be in [0, 1]")


def _default_batch(executor: Any) -> int:
    if executor is None:
        return 1
    n = getattr(executor, "_max_workers", None)
    if n is None and hasattr(executor, "nthreads"):  # dask Client
        try:
            n = sum(executor.nthreads().values())
        except Exception:  # pragma: no cover - a client without workers
            n = None
    return max(1, int(n or 4))


def optimize(
    objective: Objective,
    space: DesignSpace | None = None,
    budget: int = 30,
    seed: int = 0,
    sampler: str = "gp",
    executor: Any = None,
    progress: Callback | None = None,
    *,
    on_trial: Callable[[DesignStudy], Any] | None = None,
    fidelity: str = "cheap",
    batch_size: int | None = None,
    n_startup: int | None = None,
    promote_margin: float = 0.03,
    threads: int = 1,
    eval_seed: int | None = None,
) -> DesignStudy:
    """Search ``space`` for the best design under ``objective``.

    Parameters
    ----------
    objective : Objective
        :func:`~neuroexplore.design.min_energy`,
        :func:`~neuroexplore.design.accuracy_energy`,
        :func:`~neuroexplore.design.loosest_spec` or
        :func:`~neuroexplore.design.custom`.
    space : DesignSpace, optional
        The search space (default: :data:`~neuroexplore.design.DEFAULT_SPACE`).
    budget : int
        Trials (evaluated design points); a grid stops at its size if smaller.
    seed : int
        Seeds the sampler and (unless ``eval_seed`` is given) every evaluation's
        programming noise (common random numbers: each design of a study sees the same
        draws).
    sampler : {"gp", "tpe", "random", "grid", "nsga2"}
        See the module doc.
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where each batch's evaluations run (via :func:`neuroexplore.sweeps.run_grid`).
    progress : callable, optional
        ``progress(done, budget, row)`` as each evaluation finishes (``row``: the trial
        ``number``, its parameters, metrics and ``fidelity``); return ``False`` to stop.
    on_trial : callable, optional
        ``on_trial(study)`` after each trial is told (``study.last`` is its row,
        ``study.trials`` / ``study.pareto`` the tables so far), e.g. to redraw a lab.
    fidelity : {"cheap", "full", "multi"}
        Evaluation fidelity (see :class:`~neuroexplore.design.DigitsEvaluator`);
        ``"multi"`` promotes promising cheap trials to the full fidelity.
    batch_size : int, optional
        Points asked per batch (default 1 serially, the executor's worker count
        otherwise).
    n_startup : int, optional
        Random trials before the model-based samplers (GP, TPE) take over (default
        ``max(3, min(10, budget // 5))``).
    promote_margin : float
        Multi-fidelity: a cheap trial within this accuracy of the target is promoted.
    threads : int
        torch / BLAS threads per evaluation.
    eval_seed : int, optional
        Programming seed of every evaluation (default ``seed``).  Fix it to compare
        samplers (or sampler seeds) on one and the same objective function.

    Returns
    -------
    DesignStudy

    Raises
    ------
    ValueError
        For a bad objective, space, budget, sampler, fidelity or callback.

    Examples
    --------
    >>> from neuroexplore import design
    >>> sp = design.space(x=(-3.0, 3.0), y=(-3.0, 3.0), custom=True)
    >>> obj = design.custom(lambda x, y: {"f": (x - 1) ** 2 + (y + 2) ** 2}, minimize="f")
    >>> st = optimize(obj, sp, budget=25, seed=1, sampler="tpe")
    >>> st.best["values"]["f"] < 1.0
    True
    """
    import optuna

    if space is None:
        space = make_space()
    _check(objective, space, budget, sampler, executor, progress, on_trial, fidelity,
           batch_size, promote_margin)
    seed = as_seed(seed, name="seed")
    eval_seed = seed if eval_seed is None else as_seed(eval_seed, name="eval_seed")
    if n_startup is None:
        n_startup = max(3, min(10, budget // 5))
    batch = batch_size if batch_size is not None else _default_batch(executor)
    samp, n_trials = _sampler(sampler, seed, objective, space, budget, n_startup)
    from ..sweeps import run_grid

    verbosity = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    t0 = time.perf_counter()
    study = DesignStudy(objective, space, sampler, seed, budget, fidelity, eval_seed=eval_seed)
    try:
        ostudy = optuna.create_study(directions=list(objective.directions), sampler=samp)
        study.optuna_study = ostudy
        dists = space.distributions()
        value_keys = [f"value_{n}" for n in objective.value_names]
        maximize = objective.directions[0] == "maximize"
        best_full: float | None = None
        stop: list[bool] = []
        done = 0
        while done < n_trials and not study.cancelled:
            k = min(batch, n_trials - done)
            asked = [ostudy.ask(dists) for _ in range(k)]
            points = tuple(dict(t.params) for t in asked)
            promote = _Promote(float(promote_margin), best_full, maximize)
            task = partial(_evaluate_task, objective=objective, space=space, points=points,
                           fidelity=fidelity, promote=promote)
            start = done

            def on_done(i: int, _total: int, info: dict, start: int = start) -> bool | None:
                info = dict(info)
                row = {"number": start + int(info.pop("trial", i - 1)), **info}
                if notify(progress, start + i, n_trials, row):
                    stop.append(True)
                    return False
                return None

            run = run_grid(task, {"trial": list(range(k))}, [eval_seed], executor,
                           progress=on_done if progress is not None else None,
                           threads=threads,
                           metrics=lambda p, s, r, points=points: {
                               "trial": p["trial"], **points[p["trial"]], **r["metrics"],
                               "fidelity": r["fidelity"]})
            study.cancelled = bool(stop) or run.cancelled
            for j, trial in enumerate(asked):
                res = run.results[j]
                if not run.done[j]:
                    _tell(ostudy, trial, state=optuna.trial.TrialState.FAIL)
                    continue
                metrics = res["metrics"]
                values = objective.values(metrics)
                c = objective.constraint(metrics)
                if c is not None:
                    trial.set_constraint("constraint", float(c))
                _tell(ostudy, trial, list(values))
                feasible = c is None or c <= 0
                if res["fidelity"] == "full" and feasible:
                    v = values[0]
                    if best_full is None or (v > best_full if maximize else v < best_full):
                        best_full = v
                row = {"number": trial.number, **points[j], **metrics,
                       **dict(zip(value_keys, values, strict=True)),
                       "constraint": float(c) if c is not None else float("nan"),
                       "feasible": bool(feasible), "fidelity": res["fidelity"],
                       "elapsed_s": float(res["elapsed_s"])}
                study.rows.append(row)
                if on_trial is not None:
                    on_trial(study)
            done += k
    finally:
        optuna.logging.set_verbosity(verbosity)
        study.seconds = time.perf_counter() - t0
    return study


def evals_to_target(study: DesignStudy, threshold: float) -> int:
    """Trials until ``study`` first reaches ``threshold`` (``budget + 1`` if never);
    see :meth:`DesignStudy.evals_to_target`."""
    return int(study.evals_to_target(threshold, censored=True))
