"""Sweeps: a pure engine call over a parameter grid x seeds, on any executor.

A sweep runs ``fn(**point, seed=seed)`` for every point of the cartesian product of
``grid`` (a mapping of parameter names to lists of values) and every seed, and
collects the results in a fixed order -- the grid's product in the order its keys
are given (the last key varies fastest), each point with every seed (or, with
``order="seeds"``, every point for the first seed, then for the next) -- whatever
order the tasks finish in.

* :func:`sweep` -- ``fn`` returns a dict of metrics (finite numbers); the result is a
  :class:`pandas.DataFrame` with one row per (point, seed): the parameters, ``seed``
  and the metrics.
* :func:`run_grid` -- the same machinery for any result (arrays, dataclasses); it
  returns a :class:`GridRun`.  The engine's own sweeps (crossbar non-ideality sweeps,
  device accuracy tables, Hopfield, reservoir and tactile sweeps) run on it.

Where the work runs -- ``executor``:

* ``None`` -- serially, in this thread;
* any :class:`concurrent.futures.Executor` (``ThreadPoolExecutor``,
  ``ProcessPoolExecutor``; a process pool needs ``fn`` to be picklable: a
  module-level function or a :func:`functools.partial` of one);
* a ``dask.distributed.Client`` -- a ``LocalCluster`` on this machine, or an existing
  cluster (``dask-jobqueue``'s ``SLURMCluster``, ``dask-kubernetes``): the same call
  scales out.  dask is never imported here; a client is recognised when
  ``distributed`` is already loaded.

Reproducibility: seeds are fixed before any task is sent
(:func:`~neuroexplore.seeding.spawn_seeds` for ``seeds=n``), and each task runs with
at most ``threads`` torch, numba and BLAS threads (:func:`~neuroexplore.threads.limit_threads`
plus threadpoolctl), in this process and in worker processes alike, so the same seed
gives bit-identical results serially and in parallel, and workers sharing a machine do
not oversubscribe it.  In a worker process a library first loaded by the task reads the
limit from ``OMP_NUM_THREADS`` / ``MKL_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` (set
while the task runs); in this process torch's thread count is process-wide, so import
torch (e.g. :mod:`neuroexplore.crossbar`) before a serial or threaded sweep whose first
task would load it, or that task runs with torch's default thread count.

Progress and cancellation follow :mod:`neuroexplore.progress`: ``progress(done, total,
metrics)`` is called as each task finishes (``metrics``: its point, seed and, for
:func:`sweep`, its metrics); returning ``False`` stops the sweep -- tasks not started
are cancelled and the rows finished so far are returned, flagged as cancelled
(``DataFrame.attrs["cancelled"]``, :attr:`GridRun.cancelled`).

Examples
--------
>>> def square(x, offset, seed):
...     return {"y": x * x + offset, "seed_parity": seed % 2}
>>> df = sweep(square, {"x": [1, 2], "offset": [0.0, 0.5]}, seeds=[3, 4])
>>> df.columns.tolist()
['x', 'offset', 'seed', 'y', 'seed_parity']
>>> df[["x", "offset", "seed", "y"]].values.tolist()[:3]
[[1.0, 0.0, 3.0, 1.0], [1.0, 0.0, 4.0, 1.0], [1.0, 0.5, 3.0, 1.5]]
>>> len(df), df.attrs["cancelled"]
(8, False)

The same call on a process pool (or a ``dask.distributed.Client``) gives the same frame:

>>> from concurrent.futures import ThreadPoolExecutor
>>> with ThreadPoolExecutor(2) as pool:
...     df.equals(sweep(square, {"x": [1, 2], "offset": [0.0, 0.5]}, [3, 4], pool))
True
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import math
import numbers
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .progress import Callback, notify
from .seeding import as_seed, spawn_seeds
from .threads import limit_threads

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["GridRun", "grid_points", "run_grid", "sweep"]

#: Environment variables read by BLAS/OpenMP runtimes (and torch) when they load.
_THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


# ------------------------------------------------------------------ validation
def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """The points of ``grid``: its cartesian product, last key fastest.

    Raises ``ValueError`` naming the parameter for an empty or non-list value.

    Examples
    --------
    >>> grid_points({"a": [1, 2], "b": ["x", "y"]})
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    >>> grid_points({})
    [{}]
    >>> grid_points({"a": []})
    Traceback (most recent call last):
    ...
    ValueError: grid['a'] is empty; give at least one value to sweep
    """
    if not isinstance(grid, Mapping):
        raise ValueError(f"grid = {grid!r} must be a mapping of parameter names to lists "
                         "of values, e.g. {'d2d_sigma': [0.0, 0.1]}")
    names, values = [], []
    for name, vals in grid.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"grid key {name!r} must be a parameter name (an identifier)")
        if name == "seed":
            raise ValueError("grid['seed']: seeds are given by the seeds argument, "
                             "not as a grid parameter")
        if isinstance(vals, str | bytes | Mapping) or not isinstance(vals, Sequence | np.ndarray):
            raise ValueError(f"grid[{name!r}] = {vals!r} must be a list of values")
        vals = list(vals.tolist() if isinstance(vals, np.ndarray) else vals)
        if not vals:
            raise ValueError(f"grid[{name!r}] is empty; give at least one value to sweep")
        names.append(name)
        values.append(vals)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]


def _seed_list(seeds: int | Sequence[int], base_seed: int) -> tuple[int, ...]:
    if isinstance(seeds, bool):
        raise ValueError(f"seeds = {seeds!r} must be a count (int >= 1) or a list of seeds")
    if isinstance(seeds, int | np.integer):
        if seeds < 1:
            raise ValueError(f"seeds = {seeds!r} must be at least 1 (or a list of seeds)")
        return spawn_seeds(as_seed(base_seed, name="base_seed"), int(seeds))
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Sequence | np.ndarray):
        raise ValueError(f"seeds = {seeds!r} must be a count (int >= 1) or a list of seeds")
    out = tuple(as_seed(s, name=f"seeds[{i}]") for i, s in enumerate(seeds))
    if not out:
        raise ValueError("seeds is empty; give at least one seed")
    return out


def _is_dask_client(executor: Any) -> bool:
    distributed = sys.modules.get("distributed")  # a Client exists only if it is loaded
    return distributed is not None and isinstance(executor, distributed.Client)


# ------------------------------------------------------------------ one task
@contextmanager
def _blas_limit(threads: int) -> Iterator[None]:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        yield
        return
    with threadpool_limits(limits=threads):
        yield


@contextmanager
def _thread_env(threads: int) -> Iterator[None]:
    """Thread variables for libraries first loaded inside the task (torch, BLAS)."""
    saved = {k: os.environ.get(k) for k in _THREAD_ENV}
    os.environ.update({k: str(threads) for k in _THREAD_ENV})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _load_numba() -> None:
    """Load numba (a dependency) so that its limit holds from a task's first call."""
    if "numba" not in sys.modules:
        try:
            import numba  # noqa: F401
        except ImportError:  # pragma: no cover - numba is a dependency
            pass


def _call(fn: Callable[..., Any], point: dict[str, Any], seed: int, threads: int,
          parent_pid: int) -> Any:
    """Run one task under the thread limit (picklable: it is what executors receive).

    In the submitting process the limit of torch and BLAS is already set around the
    whole sweep (both are process-wide); numba's is per thread, so it is set here.  In
    a worker process (process pool, dask worker) everything is limited here; torch and
    BLAS libraries first loaded by the task read the limit from ``OMP_NUM_THREADS``,
    ``MKL_NUM_THREADS`` and ``OPENBLAS_NUM_THREADS``, set for the task's duration.
    """
    with ExitStack() as stack:
        if os.getpid() != parent_pid:
            _load_numba()
            stack.enter_context(_thread_env(threads))
            stack.enter_context(_blas_limit(threads))
        stack.enter_context(limit_threads(threads))
        return fn(**point, seed=seed)


# ------------------------------------------------------------------ the runner
@dataclass(frozen=True, eq=False)
class GridRun:
    """The tasks of a grid x seeds run and what each returned.

    Attributes
    ----------
    points : tuple of dict
        The grid point of each task, in the sweep's order.
    seeds : tuple of int
        The seed of each task.
    results : tuple
        What ``fn`` returned for each task; ``None`` where it did not run (cancelled).
    done : tuple of bool
        Whether each task finished.
    cancelled : bool
        Whether ``progress`` stopped the run early.
    seconds : float
        Wall time.
    names : tuple of str
        The grid's parameter names.
    """

    points: tuple[dict[str, Any], ...]
    seeds: tuple[int, ...]
    results: tuple[Any, ...]
    done: tuple[bool, ...]
    cancelled: bool = False
    seconds: float = 0.0
    names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.points)

    def finished(self) -> Iterator[tuple[int, dict[str, Any], int, Any]]:
        """``(index, point, seed, result)`` of each finished task, in order."""
        for i, ok in enumerate(self.done):
            if ok:
                yield i, self.points[i], self.seeds[i], self.results[i]


def _check_args(fn: Any, executor: Any, progress: Any, order: Any, threads: Any) -> None:
    if not callable(fn):
        raise ValueError(f"fn = {fn!r} must be callable as fn(**point, seed=seed)")
    if executor is not None and not isinstance(executor, cf.Executor) \
            and not _is_dask_client(executor):
        raise ValueError(f"executor = {executor!r} must be None, a concurrent.futures."
                         "Executor or a dask.distributed.Client")
    if progress is not None and not callable(progress):
        raise ValueError(f"progress = {progress!r} must be callable as "
                         "progress(done, total, metrics) or None")
    if order not in ("points", "seeds"):
        raise ValueError(f"order = {order!r} is not valid; expected 'points' or 'seeds'")
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads = {threads!r} must be a positive integer")


def _note(exc: BaseException, text: str) -> None:
    add = getattr(exc, "add_note", None)  # Python >= 3.11
    if add is not None:
        add(text)


def run_grid(
    fn: Callable[..., Any],
    grid: Mapping[str, Sequence[Any]],
    seeds: int | Sequence[int],
    executor: Any = None,
    *,
    progress: Callback | None = None,
    order: Literal["points", "seeds"] = "points",
    threads: int = 1,
    base_seed: int = 0,
    check: Callable[[dict[str, Any], int, Any], Any] | None = None,
    metrics: Callable[[dict[str, Any], int, Any], dict] | None = None,
) -> GridRun:
    """Run ``fn(**point, seed=seed)`` over ``grid`` x ``seeds``; keep every result.

    Parameters
    ----------
    fn : callable
        A pure function of the grid's parameters and ``seed``.
    grid : mapping of str to list
        Parameter values to sweep (cartesian product, last key fastest).
    seeds : int or sequence of int
        The seeds themselves, or a count ``n``: ``spawn_seeds(base_seed, n)``.
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where the tasks run (``None``: serially here).  It is used, never shut down.
    progress : callable, optional
        ``progress(done, total, metrics)`` as each task finishes; ``False`` stops.
    order : {"points", "seeds"}
        ``"points"``: each point with every seed in turn; ``"seeds"``: every point
        with the first seed, then every point with the next.
    threads : int
        torch / numba / BLAS threads per task.
    base_seed : int
        Seeds ``seeds=n`` derive from.
    check : callable, optional
        ``check(point, seed, result)`` as each result comes back, in this process; it
        may raise (the run stops and the error propagates) or return a replacement.
    metrics : callable, optional
        ``metrics(point, seed, result)`` -> the dict given to ``progress`` (default:
        the point, the seed and, when the result is a mapping, its items).

    Returns
    -------
    GridRun
    """
    _check_args(fn, executor, progress, order, threads)
    pts = grid_points(grid)
    seed_list = _seed_list(seeds, base_seed)
    if order == "points":
        tasks = [(p, s) for p in pts for s in seed_list]
    else:
        tasks = [(p, s) for s in seed_list for p in pts]
    n = len(tasks)
    results: list[Any] = [None] * n
    done = [False] * n
    cancelled = False
    pid = os.getpid()
    t0 = time.perf_counter()

    def finish(i: int, value: Any) -> bool:
        point, seed = tasks[i]
        if check is not None:
            value = check(point, seed, value)
        results[i], done[i] = value, True
        if progress is None:
            return False
        if metrics is not None:
            info = metrics(point, seed, value)
        else:
            info = {**point, "seed": seed, **(value if isinstance(value, Mapping) else {})}
        return notify(progress, sum(done), n, info)

    # torch and BLAS thread counts are process-wide: set them once for the whole run
    _load_numba()
    with limit_threads(threads), _blas_limit(threads):
        if executor is None:
            for i, (point, seed) in enumerate(tasks):
                if finish(i, _call(fn, point, seed, threads, pid)):
                    cancelled = i + 1 < n
                    break
        elif _is_dask_client(executor):
            cancelled = _run_dask(executor, fn, tasks, threads, pid, finish)
        else:
            cancelled = _run_futures(executor, fn, tasks, threads, pid, finish)
    return GridRun(tuple(p for p, _ in tasks), tuple(s for _, s in tasks), tuple(results),
                   tuple(done), cancelled, time.perf_counter() - t0, tuple(grid))


def _drain(completed, index_of, tasks, finish) -> bool:
    """Hand each finished future's result to ``finish`` as it completes; whether tasks
    were left out (``finish`` asked to stop before the last one)."""
    for k, fut in enumerate(completed):
        i = index_of(fut)
        try:
            value = fut.result()
        except Exception as exc:
            _note(exc, f"in the sweep task {tasks[i][0]!r}, seed {tasks[i][1]}")
            raise
        if finish(i, value):
            return k + 1 < len(tasks)
    return False


def _run_futures(executor: cf.Executor, fn, tasks, threads, pid, finish) -> bool:
    futures = {executor.submit(_call, fn, p, s, threads, pid): i
               for i, (p, s) in enumerate(tasks)}
    try:
        return _drain(cf.as_completed(futures), futures.__getitem__, tasks, finish)
    finally:
        for fut in futures:
            fut.cancel()  # no-op on finished or running tasks


def _run_dask(client: Any, fn, tasks, threads, pid, finish) -> bool:
    from distributed import as_completed  # a Client exists, so distributed is loaded

    # fn (with whatever it carries: a model, a series) travels to each worker once
    [shared] = client.scatter([fn], broadcast=True, hash=False)
    futures = [client.submit(_call, shared, p, s, threads, pid, pure=False) for p, s in tasks]
    index = {f.key: i for i, f in enumerate(futures)}
    try:
        return _drain(as_completed(futures), lambda f: index[f.key], tasks, finish)
    finally:
        client.cancel([f for f in futures if not f.done()])


# ------------------------------------------------------------------ the DataFrame
def _metric_check(names: Sequence[str]) -> Callable[[dict[str, Any], int, Any], dict]:
    state: dict[str, tuple[str, ...]] = {}
    reserved = {*names, "seed"}

    def check(point: dict[str, Any], seed: int, value: Any) -> dict:
        where = f"fn(**{point!r}, seed={seed})"
        if not isinstance(value, Mapping) or not value:
            raise ValueError(f"{where} returned {type(value).__name__}; fn must return a "
                             "non-empty dict of metric names to finite numbers")
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where} returned the metric name {key!r}; names must "
                                 "be strings")
            if key in reserved:
                raise ValueError(f"{where} returned the metric {key!r}, which is also a "
                                 "grid parameter or 'seed'; rename the metric")
            if isinstance(v, np.ndarray) and v.ndim == 0:
                v = v[()]
            if not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
                raise ValueError(f"{where} returned {key} = {v!r}; every metric must be a "
                                 "finite real number")
            out[key] = v.item() if isinstance(v, np.generic) else v
        keys = tuple(out)
        first = state.setdefault("keys", keys)
        if set(keys) != set(first):
            raise ValueError(f"{where} returned the metrics {sorted(keys)}, but an earlier "
                             f"point returned {sorted(first)}; every point must return "
                             "the same metrics")
        return out

    return check


def sweep(
    fn: Callable[..., Mapping[str, float]],
    grid: Mapping[str, Sequence[Any]],
    seeds: int | Sequence[int],
    executor: Any = None,
    *,
    progress: Callback | None = None,
    order: Literal["points", "seeds"] = "points",
    threads: int = 1,
    base_seed: int = 0,
) -> pd.DataFrame:
    """Run ``fn(**point, seed=seed)`` over ``grid`` x ``seeds``; one row per task.

    Parameters
    ----------
    fn : callable
        A pure engine call returning a dict of metrics (finite numbers), the same
        metric names for every point.
    grid : mapping of str to list
        Parameter values to sweep (cartesian product, last key fastest).
    seeds : int or sequence of int
        The seeds themselves, or a count ``n``: ``spawn_seeds(base_seed, n)``
        (:func:`~neuroexplore.seeding.spawn_seeds`).
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where the tasks run (``None``: serially here).  It is used, never shut down.
    progress : callable, optional
        ``progress(done, total, metrics)`` (:mod:`neuroexplore.progress`) as each task
        finishes, ``metrics`` holding its parameters, seed and metrics; returning
        ``False`` cancels the tasks not yet started.
    order : {"points", "seeds"}
        Row order: each point with every seed (default), or every point per seed.
    threads : int
        torch / numba / BLAS threads per task (default 1).
    base_seed : int
        Seeds ``seeds=n`` derive from.

    Returns
    -------
    pandas.DataFrame
        Columns: the grid's parameters (in the grid's order), ``seed``, the metrics
        (in the order ``fn`` returns them); rows in the sweep's order, whatever order
        they finished in.  ``attrs["cancelled"]`` says whether ``progress`` stopped the
        sweep (then only the finished rows are present); ``attrs["seconds"]`` is the
        wall time.

    Raises
    ------
    ValueError
        For a non-callable ``fn``, an empty or malformed ``grid`` entry, bad seeds, an
        unknown executor, or a result of ``fn`` that is not a dict of finite numbers
        (the message names the point).
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas ships with the extras
        raise ImportError("sweep() returns a pandas DataFrame: pip install "
                          "'neuroexplore[dask]' (or pandas)") from exc
    names = tuple(grid) if isinstance(grid, Mapping) else ()
    run = run_grid(fn, grid, seeds, executor, progress=progress, order=order,
                   threads=threads, base_seed=base_seed, check=_metric_check(names))
    rows = [{**point, "seed": seed, **res} for _, point, seed, res in run.finished()]
    if rows:
        df = pd.DataFrame(rows)
    else:
        df = pd.DataFrame(columns=[*names, "seed"])
    df.attrs["cancelled"] = run.cancelled
    df.attrs["seconds"] = run.seconds
    return df
