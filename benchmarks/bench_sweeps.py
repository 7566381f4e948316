"""Two crossbar sweeps, serially and on a 2-worker Dask LocalCluster.

Both run through :func:`neuroexplore.sweeps.sweep`:

* **ex situ** (fine-grained, ~20-60 ms a task): the reference digits MLP
  (:func:`neuroexplore.crossbar.studies.digits_mlp`, trained once, before any timing)
  programmed onto crossbars of every device preset at several device-to-device spreads
  ``d2d_sigma``, over several programming seeds -- one
  :func:`neuroexplore.crossbar.evaluate` per (preset, sigma, seed);
* **in situ** (coarse, ~0.2-2 s a task): :func:`neuroexplore.crossbar.train_in_situ`
  (2 epochs on digits) for every preset at several cycle-to-cycle noise scales
  ``c2c_scale``, over several seeds.

Each sweep runs once on ``LocalCluster(n_workers=2, processes=True,
threads_per_worker=1)`` to warm the workers (they load torch and the package; the
function and its model travel once per run), then ``--rounds`` times serially and on the
cluster, alternating (and on a ``ProcessPoolExecutor`` of as many processes, to tell
Dask's overhead from the machine's); best and median times are printed.  Each task
runs with one torch thread everywhere, so the ratio is the gain from two processes;
every DataFrame is checked to be bit-identical to the serial one.  Cluster start-up is
timed on its own line.  On a machine shared with other work the ratio is below 2 and noisy (a second
process competes for the same cores), hence best and median.

Usage: python benchmarks/bench_sweeps.py [--seeds 3] [--sigmas 0 0.1 0.2] [--c2c 0.5 1]
       [--epochs 2] [--workers 2] [--rounds 3]
Needs dask.distributed (pip install 'neuroexplore[dask]').  The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
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


def in_situ_task(device: str, c2c_scale: float, seed: int, *, epochs: int) -> dict[str, float]:
    """In-situ training of the digits MLP on one device (module level: workers unpickle it)."""
    from neuroexplore.crossbar import train_in_situ

    hist = train_in_situ(device, "digits", epochs, seed, c2c_scale=c2c_scale)
    return {"accuracy": hist.final_accuracy}


def _time(label: str, fn, grid, seeds, client, rounds: int) -> dict[str, Any]:
    """Serial and Dask runs, alternating, ``rounds`` times each after one warm-up run."""
    from pandas.testing import assert_frame_equal

    serial = sweep(fn, grid, seeds)
    t0 = time.perf_counter()
    first = sweep(fn, grid, seeds, client)  # warm-up: workers load what the tasks need
    t_first = time.perf_counter() - t0
    assert_frame_equal(first, serial, check_exact=True)
    t_serial, t_dask, t_pool = [], [], []
    with ProcessPoolExecutor(len(client.scheduler_info()["workers"]),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        sweep(fn, grid, seeds, pool)  # warm-up
        for _ in range(rounds):
            t0 = time.perf_counter()
            again = sweep(fn, grid, seeds)
            t_serial.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            par = sweep(fn, grid, seeds, client)
            t_dask.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            local = sweep(fn, grid, seeds, pool)
            t_pool.append(time.perf_counter() - t0)
            for df in (again, par, local):
                assert_frame_equal(df, serial, check_exact=True)
    best_s, best_d = min(t_serial), min(t_dask)
    med_s, med_d = statistics.median(t_serial), statistics.median(t_dask)
    best_p, med_p = min(t_pool), statistics.median(t_pool)
    n = len(serial)
    print(f"{label}: {n} tasks, {1e3 * best_s / n:.0f} ms a task serially (best)")
    print(f"  dask first run (warm-up):  {t_first:7.2f} s")
    print(f"  serial, 1 process:  best {best_s:7.2f} s   median {med_s:7.2f} s")
    print(f"  dask, 2 workers:    best {best_d:7.2f} s   median {med_d:7.2f} s")
    print(f"  speed-up:           best {best_s / best_d:5.2f}x     median {med_s / med_d:5.2f}x")
    print(f"  (ProcessPoolExecutor, same workers: best {best_p:.2f} s, {best_s / best_p:.2f}x; "
          f"median {med_p:.2f} s, {med_s / med_p:.2f}x)")
    print("  DataFrames: dask == process pool == serial, bit for bit, every run", flush=True)
    return {"tasks": n, "rounds": rounds, "dask_first_s": round(t_first, 3),
            "serial_s": [round(t, 3) for t in t_serial],
            "dask_s": [round(t, 3) for t in t_dask],
            "pool_s": [round(t, 3) for t in t_pool],
            "speedup_best": round(best_s / best_d, 3), "speedup_median": round(med_s / med_d, 3),
            "pool_speedup_best": round(best_s / best_p, 3),
            "pool_speedup_median": round(med_s / med_p, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3, help="seeds per point")
    ap.add_argument("--sigmas", type=float, nargs="*", default=[0.0, 0.1, 0.2],
                    help="d2d_sigma values of the ex-situ sweep")
    ap.add_argument("--c2c", type=float, nargs="*", default=[0.5, 1.0],
                    help="c2c_scale values of the in-situ sweep")
    ap.add_argument("--epochs", type=int, default=2, help="in-situ epochs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3,
                    help="serial/Dask pairs timed (a shared machine is noisy: best and median)")
    args = ap.parse_args()

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("skipped: dask.distributed is not installed (pip install 'neuroexplore[dask]')")
        return

    from neuroexplore.crossbar.studies import digits_mlp
    from neuroexplore.devices import presets

    devices = list(presets())
    seeds = list(range(args.seeds))
    ex_situ = partial(accuracy_task, model=digits_mlp())  # trained once, outside timings
    in_situ = partial(in_situ_task, epochs=args.epochs)
    sweep(ex_situ, {"device": ["ideal"], "d2d_sigma": [0.0]}, [0])  # warm serial caches
    sweep(in_situ, {"device": ["ideal"], "c2c_scale": [1.0]}, [0])
    print(f"{os.cpu_count()} CPUs visible; load average {os.getloadavg()[0]:.1f} at start",
          flush=True)

    t0 = time.perf_counter()
    with LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1,
                      dashboard_address=":0", host="127.0.0.1") as cluster, \
            Client(cluster) as client:
        t_start = time.perf_counter() - t0
        print(f"LocalCluster start ({args.workers} workers, 1 thread each): {t_start:.2f} s",
              flush=True)
        out = {
            "ex_situ": _time("ex situ: presets x d2d_sigma x seeds", ex_situ,
                             {"device": devices, "d2d_sigma": list(args.sigmas)}, seeds,
                             client, args.rounds),
            "in_situ": _time("in situ: presets x c2c_scale x seeds", in_situ,
                             {"device": devices, "c2c_scale": list(args.c2c)}, seeds,
                             client, args.rounds),
        }
    print(json.dumps({"workers": args.workers, "cpus": os.cpu_count(),
                      "load_average_end": round(os.getloadavg()[0], 1),
                      "cluster_start_s": round(t_start, 3), **out}))


if __name__ == "__main__":
    main()
