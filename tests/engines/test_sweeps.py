"""neuroexplore.sweeps: grid x seeds over engine calls, on every kind of executor.

References: the row order is the cartesian product of the grid (last key fastest) with
the seeds innermost, whatever order tasks finish in; ``seeds=n`` are
``spawn_seeds(base_seed, n)``; the same seed gives bit-identical rows serially, on a
thread pool, on a process pool and on a Dask cluster; each task runs with the thread
limit it was given (torch, numba and BLAS report it from inside the worker); a stop
from the progress callback (the :mod:`neuroexplore.progress` convention) cancels the
tasks not started and returns the finished rows flagged as cancelled.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import neuroexplore as ne
from neuroexplore.applications import hopfield as hf
from neuroexplore.seeding import spawn_seeds
from neuroexplore.sweeps import grid_points, run_grid, sweep

GRID = {"flip_fraction": [0.0, 0.2], "n_patterns": [2, 6]}
SEEDS = [0, 7, 11]


# ------------------------------------------------------------ module-level tasks
# (module level so that process pools and Dask workers can unpickle them)
def recall_metrics(flip_fraction: float, n_patterns: int, seed: int) -> dict[str, float]:
    """A real engine call: Hopfield recall (float weights), plus a seed-stream draw."""
    res = hf.run_hopfield(seed=seed, n_neurons=64, n_patterns=n_patterns,
                          flip_fraction=flip_fraction, device="float", max_sweeps=5)
    draw = float(np.random.default_rng(seed).standard_normal())
    return {"overlap": float(np.mean(res.overlap)), "recalled": res.recalled, "draw": draw}


def thread_report(x: int, seed: int) -> dict[str, int]:
    """How many threads torch, numba and BLAS would use inside this task."""
    import numba
    import torch  # first loaded here in a fresh worker: reads the thread variables
    from threadpoolctl import threadpool_info

    blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    return {"torch": torch.get_num_threads(), "numba": numba.get_num_threads(),
            "blas": max(blas, default=1), "pid": os.getpid()}


def slow_square(x: float, seed: int) -> dict[str, float]:
    time.sleep(0.02)
    return {"y": x * x}


@pytest.fixture(scope="module")
def spawn_pool():
    # spawn: fresh interpreters, so torch/numba/BLAS are first loaded inside the workers;
    # one pool for the module (each start imports the package in two interpreters)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


@pytest.fixture(scope="module")
def serial() -> pd.DataFrame:
    return sweep(recall_metrics, GRID, SEEDS)


# ------------------------------------------------------------ the frame
def test_front_door_exports_the_module():
    assert ne.sweeps.sweep is sweep and "sweeps" in ne.__all__


def test_serial_frame_has_one_row_per_point_and_seed_in_order(serial):
    assert serial.columns.tolist() == ["flip_fraction", "n_patterns", "seed", "overlap",
                                       "recalled", "draw"]
    assert len(serial) == 2 * 2 * 3 and serial.attrs["cancelled"] is False
    expected = [(f, p, s) for f in (0.0, 0.2) for p in (2, 6) for s in SEEDS]
    assert list(serial[["flip_fraction", "n_patterns", "seed"]].itertuples(
        index=False, name=None)) == expected
    # each row is the engine's own result for its point and seed
    row = serial.iloc[5]  # flip 0.0, 6 patterns, seed 11
    assert row.to_dict() == {"flip_fraction": 0.0, "n_patterns": 6, "seed": 11,
                                  **recall_metrics(0.0, 6, 11)}
    # seeds are honoured: the same point differs across seeds, not across repeats
    assert serial["draw"].nunique() == 3
    assert (serial.groupby("seed")["draw"].nunique() == 1).all()
    # more noise recalls less (the engine's physics, not the harness)
    means = serial.groupby("flip_fraction")["overlap"].mean()
    assert means[0.0] > means[0.2]


def test_order_seeds_puts_every_point_of_a_seed_first():
    df = sweep(recall_metrics, GRID, [3, 4], order="seeds")
    assert df["seed"].tolist() == [3] * 4 + [4] * 4
    assert df["n_patterns"].tolist() == [2, 6, 2, 6] * 2


def test_a_seed_count_draws_spawned_seeds_and_an_empty_grid_sweeps_seeds_only():
    df = sweep(lambda seed: {"s": float(seed)}, {}, 4, base_seed=5)
    assert df.columns.tolist() == ["seed", "s"]
    assert tuple(df["seed"]) == spawn_seeds(5, 4)


def test_grid_points_is_the_cartesian_product_last_key_fastest():
    pts = grid_points({"a": np.array([1, 2]), "b": range(3)})
    assert pts[:4] == [{"a": 1, "b": 0}, {"a": 1, "b": 1}, {"a": 1, "b": 2}, {"a": 2, "b": 0}]
    assert len(pts) == 6 and type(pts[0]["a"]) is int  # numpy values become Python ones


# ------------------------------------------------------------ executors
def test_thread_and_process_pools_give_the_serial_frame_bit_for_bit(serial, spawn_pool):
    with ThreadPoolExecutor(3) as pool:
        threaded = sweep(recall_metrics, GRID, SEEDS, pool)
    processes = sweep(recall_metrics, GRID, SEEDS, spawn_pool)
    assert_frame_equal(threaded, serial, check_exact=True)
    assert_frame_equal(processes, serial, check_exact=True)


def test_rows_keep_the_sweep_order_when_tasks_finish_out_of_order():
    def late_first(x, seed):
        time.sleep(0.15 if x == 0 else 0.0)
        return {"y": float(x)}

    finished = []
    with ThreadPoolExecutor(4) as pool:
        df = sweep(late_first, {"x": [0, 1, 2, 3]}, [0], pool,
                   progress=lambda d, n, m: finished.append(m["x"]))
    assert finished[-1] == 0  # the first task finished last...
    assert df["x"].tolist() == [0, 1, 2, 3]  # ...and its row is still first


def test_each_process_worker_limits_its_own_threads(spawn_pool):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: a limit of 1 thread cannot be told from the default")
    df = sweep(thread_report, {"x": [0, 1, 2, 3]}, [0], spawn_pool, threads=1)
    assert df["pid"].ne(os.getpid()).all()
    assert (df[["torch", "numba", "blas"]] == 1).all().all(), df
    # the submitting process is left as it was
    import numba

    assert numba.get_num_threads() == numba.config.NUMBA_NUM_THREADS


def test_serial_tasks_run_under_the_limit_and_it_is_restored():
    import numba

    before = numba.get_num_threads()
    df = sweep(thread_report, {"x": [0]}, [0], threads=1)
    assert int(df["numba"].iloc[0]) == 1 and int(df["blas"].iloc[0]) == 1
    assert numba.get_num_threads() == before


# ------------------------------------------------------------ progress and cancel
def test_progress_reports_each_task_and_a_stop_cancels_the_rest():
    seen, calls = [], []
    lock = threading.Lock()

    def counted(x, seed):
        with lock:
            calls.append(x)
        return slow_square(x, seed)

    def progress(done, total, metrics):
        seen.append((done, total, metrics["x"], metrics["y"]))
        return done < 2

    with ThreadPoolExecutor(1) as pool:
        df = sweep(counted, {"x": list(range(20))}, [0], pool, progress=progress)
    assert df.attrs["cancelled"] is True
    assert len(df) == 2 and [d for d, *_ in seen] == [1, 2] and seen[0][1] == 20
    assert df["y"].tolist() == [x * x for x in df["x"]]
    time.sleep(0.1)  # a task already running may finish; none of the pending ones start
    assert len(calls) <= 3


def test_serial_stop_returns_the_rows_done():
    df = sweep(slow_square, {"x": [1.0, 2.0, 3.0]}, [0, 1],
               progress=lambda d, n, m: d < 3)
    assert df.attrs["cancelled"] is True and len(df) == 3
    assert df[["x", "seed"]].values.tolist() == [[1.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
    # a stop at the very last task leaves nothing out: not cancelled
    full = sweep(slow_square, {"x": [1.0]}, [0], progress=lambda *a: False)
    assert full.attrs["cancelled"] is False and len(full) == 1


def test_an_error_in_a_task_propagates_and_names_the_point():
    def boom(x, seed):
        if x == 2:
            raise ValueError("engine refused x = 2")
        return {"y": 1.0}

    with ThreadPoolExecutor(2) as pool, pytest.raises(ValueError, match="refused") as info:
        sweep(boom, {"x": [1, 2, 3]}, [0], pool)
    if hasattr(info.value, "__notes__"):
        assert "{'x': 2}" in info.value.__notes__[0]


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fn": 3}, "fn = 3 must be callable"),
        ({"grid": {"x": []}}, r"grid\['x'\] is empty"),
        ({"grid": {"x": "abc"}}, r"grid\['x'\] = 'abc' must be a list"),
        ({"grid": [1, 2]}, "grid = .* must be a mapping"),
        ({"grid": {"seed": [1]}}, r"grid\['seed'\]"),
        ({"grid": {"not a name": [1]}}, "must be a parameter name"),
        ({"seeds": []}, "seeds is empty"),
        ({"seeds": 0}, "seeds = 0 must be at least 1"),
        ({"seeds": [1, -2]}, r"seeds\[1\] = -2 must be a non-negative integer"),
        ({"seeds": True}, "seeds = True"),
        ({"executor": "dask"}, "executor = 'dask' must be None"),
        ({"progress": 5}, "progress = 5 must be callable"),
        ({"order": "random"}, "order = 'random' is not valid"),
        ({"threads": 0}, "threads = 0 must be a positive integer"),
    ],
)
def test_bad_arguments_raise_naming_the_parameter(kwargs, match):
    args = {"fn": slow_square, "grid": {"x": [1.0]}, "seeds": [0], **kwargs}
    with pytest.raises(ValueError, match=match):
        sweep(**args)


@pytest.mark.parametrize(
    ("result", "match"),
    [
        (None, r"fn\(\*\*\{'x': 2\}, seed=0\) returned NoneType"),
        ({}, "returned dict; fn must return a non-empty dict"),
        ({"y": float("nan")}, r"fn\(\*\*\{'x': 2\}, seed=0\) returned y = nan"),
        ({"y": np.inf}, "returned y = inf"),
        ({"y": "high"}, "returned y = 'high'"),
        ({"y": np.ones(2)}, "every metric must be a finite real number"),
        ({"x": 1.0}, "metric 'x', which is also a grid parameter"),
        ({"z": 1.0}, r"returned the metrics \['z'\], but an earlier point returned \['y'\]"),
    ],
)
def test_a_bad_result_raises_naming_the_point(result, match):
    def fn(x, seed):
        return {"y": 1.0} if x == 1 else result

    with pytest.raises(ValueError, match=match):
        sweep(fn, {"x": [1, 2]}, [0])


def test_run_grid_keeps_any_result_and_marks_what_ran():
    run = run_grid(lambda x, seed: np.full(2, x + seed), {"x": [1, 2]}, [10],
                   progress=lambda d, n, m: d < 1)
    assert run.cancelled and run.done == (True, False) and run.results[1] is None
    np.testing.assert_array_equal(run.results[0], [11, 11])


# ------------------------------------------------------------ ported sweeps
def test_ported_hopfield_sweep_is_the_same_on_a_process_pool(spawn_pool):
    ref = hf.recall_vs_noise((0.0, 0.3), seeds=2, device="float", n_neurons=64)
    par = hf.recall_vs_noise((0.0, 0.3), seeds=2, device="float", n_neurons=64,
                             executor=spawn_pool)
    for name in ("overlap", "recalled", "baseline_overlap", "baseline_recalled"):
        np.testing.assert_array_equal(getattr(par, name), getattr(ref, name))
    assert not par.cancelled


@pytest.mark.slow
def test_ported_crossbar_sweeps_are_the_same_on_a_thread_pool():
    from neuroexplore.crossbar.studies import device_accuracy, digits_mlp, run_sweep

    ref = run_sweep("adc_bits", "ideal", values=(3, 6), repeats=2)
    with ThreadPoolExecutor(2) as pool:
        par = run_sweep("adc_bits", "ideal", values=(3, 6), repeats=2, executor=pool)
    np.testing.assert_array_equal(par.accuracy["crossbar"], ref.accuracy["crossbar"])
    assert par.accuracy_float == ref.accuracy_float and not par.cancelled
    assert ref.mean()[0] < ref.mean()[1]  # a 3-bit ADC loses accuracy against 6 bits
    model = digits_mlp()
    table = device_accuracy(model, ("ideal", "PCMO"), repeats=2)
    with ThreadPoolExecutor(2) as pool:
        par_table = device_accuracy(model, ("ideal", "PCMO"), repeats=2, executor=pool)
    np.testing.assert_array_equal(par_table.accuracy, table.accuracy)
    np.testing.assert_array_equal(par_table.output_rel_rmse, table.output_rel_rmse)


# ------------------------------------------------------------ Dask
@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (pip install "
        "'neuroexplore[dask]')")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0", host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.mark.xdist_group("dask")
@pytest.mark.timeout(120)
def test_a_dask_local_cluster_gives_the_serial_frame(dask_client, serial):
    df = sweep(recall_metrics, GRID, SEEDS, dask_client)
    assert_frame_equal(df, serial, check_exact=True)
    stopped = sweep(slow_square, {"x": [float(x) for x in range(40)]}, [0], dask_client,
                    progress=lambda d, n, m: d < 3)
    assert stopped.attrs["cancelled"] is True and len(stopped) == 3


@pytest.mark.xdist_group("dask")
@pytest.mark.timeout(120)
def test_dask_workers_limit_their_threads_and_ported_sweeps_run_there(dask_client):
    df = sweep(thread_report, {"x": [0, 1, 2, 3]}, [0], dask_client, threads=1)
    assert df["pid"].ne(os.getpid()).all()
    assert (df[["torch", "numba", "blas"]] == 1).all().all(), df
    ref = hf.capacity_curve((0.05, 0.3), n_neurons=64, seeds=2)
    par = hf.capacity_curve((0.05, 0.3), n_neurons=64, seeds=2, executor=dask_client)
    np.testing.assert_array_equal(par.overlap, ref.overlap)


@pytest.mark.slow
def test_ported_accuracy_table_is_the_same_on_a_thread_pool():
    from neuroexplore.applications import pattern_recognition as pr

    small = dict(epochs_in_situ=1, epochs_ex_situ=5, repeats=1)
    ref = pr.accuracy_table(["ideal", "GST PCM"], seed=0, **small)
    steps = []
    with ThreadPoolExecutor(2) as pool:
        par = pr.accuracy_table(["ideal", "GST PCM"], seed=0, executor=pool,
                                callback=lambda s, t, m: steps.append((s, t)), **small)
    assert [r.name for r in par.rows] == [r.name for r in ref.rows] == ["ideal", "GST PCM"]
    for a, b in zip(par.rows, ref.rows, strict=True):
        assert (a.ex_situ_plain, a.ex_situ_hwa, a.in_situ) == \
            (b.ex_situ_plain, b.ex_situ_hwa, b.in_situ)
    # the baseline steps one by one, then each device's 1 + epochs at once, up to the total
    assert [s for s, _ in steps] == [1, 2, 4, 6] and {t for _, t in steps} == {6}
    assert not par.cancelled
