"""A crossbar non-ideality sweep, serially and on a 2-worker Dask LocalCluster.

The sweep: the reference digits MLP (:func:`neuroexplore.crossbar.studies.digits_mlp`,
trained once, before any timing) programmed onto crossbars of every device preset, at
several device-to-device spreads ``d2d_sigma``, over several programming seeds -- one
:func:`neuroexplore.crossbar.evaluate` per (preset, sigma, seed), run by
:func:`neuroexplore.sweeps.sweep`.

It runs serially, then on ``LocalCluster(n_workers=2, processes=True,
threads_per_worker=1)``: once on fresh workers (each loads torch and the package on its
first task) and once on warm ones.  Each task runs with one torch thread in both cases,
so the ratio is the gain from two processes; the DataFrames are checked to be
bit-identical.  Cluster start-up is timed on its own line.  On a machine shared with
other work the ratio is below 2 (a second process competes for the same cores).

Usage: python benchmarks/bench_sweeps.py [--seeds 3] [--sigmas 0 0.1 0.2] [--workers 2]
Needs dask.distributed (pip install 'neuroexplore[dask]').  The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from functools import partial
from typing import Any

from neuroexplore.sweeps import sweep


def accuracy_task(device: str, d2d_sigma: float, seed: int, *, model: Any) -> dict[str, float]:
    """One crossbar evaluation of the digits MLP (module level: workers unpickle it)."""
    from neuroexplore.crossbar import CrossbarConfig, evaluate

    cfg = CrossbarConfig(torch_device="cpu", pulse_device=device, d2d_sigma=d2d_sigma,
                         c2c_scale=0.0)
    res = evaluate(model, cfg, "digits", seed=seed)
    return {"accuracy": res.accuracy, "output_rel_rmse": res.output_rel_rmse}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3, help="programming seeds per point")
    ap.add_argument("--sigmas", type=float, nargs="*", default=[0.0, 0.1, 0.2])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("skipped: dask.distributed is not installed (pip install 'neuroexplore[dask]')")
        return
    from pandas.testing import assert_frame_equal

    from neuroexplore.crossbar.studies import digits_mlp
    from neuroexplore.devices import presets

    model = digits_mlp()  # trained once, outside every timing
    fn = partial(accuracy_task, model=model)
    grid = {"device": list(presets()), "d2d_sigma": list(args.sigmas)}
    seeds = list(range(args.seeds))
    n_tasks = len(grid["device"]) * len(grid["d2d_sigma"]) * len(seeds)
    print(f"sweep: {len(grid['device'])} presets x {len(grid['d2d_sigma'])} d2d_sigma x "
          f"{len(seeds)} seeds = {n_tasks} crossbar evaluations; "
          f"{os.cpu_count()} CPUs visible", flush=True)

    sweep(fn, {"device": ["ideal"], "d2d_sigma": [0.0]}, [0])  # warm the serial caches
    t0 = time.perf_counter()
    serial = sweep(fn, grid, seeds)
    t_serial = time.perf_counter() - t0
    print(f"serial (1 process, 1 thread):        {t_serial:7.2f} s", flush=True)

    t0 = time.perf_counter()
    with LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1,
                      dashboard_address=None, host="127.0.0.1") as cluster, \
            Client(cluster) as client:
        t_start = time.perf_counter() - t0
        print(f"LocalCluster start ({args.workers} workers):        {t_start:7.2f} s",
              flush=True)
        t0 = time.perf_counter()
        cold = sweep(fn, grid, seeds, client)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm = sweep(fn, grid, seeds, client)
        t_warm = time.perf_counter() - t0
    assert_frame_equal(cold, serial, check_exact=True)
    assert_frame_equal(warm, serial, check_exact=True)
    print(f"dask, {args.workers} workers, fresh (first run):  {t_cold:7.2f} s  "
          f"speed-up {t_serial / t_cold:.2f}x", flush=True)
    print(f"dask, {args.workers} workers, warm (second run):  {t_warm:7.2f} s  "
          f"speed-up {t_serial / t_warm:.2f}x", flush=True)
    print("DataFrames: dask == serial, bit for bit", flush=True)
    print(json.dumps({"tasks": n_tasks, "workers": args.workers, "serial_s": round(t_serial, 3),
                      "cluster_start_s": round(t_start, 3), "dask_cold_s": round(t_cold, 3),
                      "dask_warm_s": round(t_warm, 3),
                      "speedup_cold": round(t_serial / t_cold, 3),
                      "speedup_warm": round(t_serial / t_warm, 3),
                      "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
