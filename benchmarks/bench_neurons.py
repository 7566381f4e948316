"""Neuron engine vs Brian2 2.9 (``make bench``).

Cases (both simulators integrate the same equations with the same scheme):

(a) 10,000 Izhikevich RS neurons, random constant input I ~ U(0, 15) (seed 0), 1 s at
    dt = 0.1 ms, forward Euler, spikes only recorded;
(b) 1 Hodgkin-Huxley neuron, I = 10 uA/cm^2, 1 s at dt = 0.01 ms, RK4.

neuroexplore runs in-process after a warm-up call (numba compile / cache load timed
separately, plus a cold compile in a fresh process with an empty numba cache); best
of 3 timed runs, on all of numba's threads and (case a) on one thread.  Brian2 runs
in benchmarks/.venv-brian2 (created by setup_brian2.sh) through brian2_peer.py: the
cython target is run twice in one process (the first run compiles, the second is
timed warm) and the numpy target once.
Spike counts are compared as a sanity check.  The load average is printed before and
after: on a shared machine the timings move with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from neuroexplore.neurons import simulate  # noqa: E402

N_IZH = 10_000


def izh_currents() -> np.ndarray:
    return np.random.default_rng(0).uniform(0.0, 15.0, N_IZH)


def run_izh():
    return simulate("izhikevich", preset="RS", current=izh_currents()[:, None], t_stop=1000.0,
                    dt=0.1, record="spikes")


def run_hh():
    return simulate("hh", current=10.0, t_stop=1000.0, dt=0.01, record="all")


CASES = {"izhikevich": run_izh, "hh": run_hh}


def one_thread(fn):
    def run():
        before = numba.get_num_threads()
        numba.set_num_threads(1)
        try:
            return fn()
        finally:
            numba.set_num_threads(before)
    return run


def time_neuroexplore(fn) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    best = np.inf
    for _ in range(3):
        t0 = time.perf_counter()
        tr = fn()
        best = min(best, time.perf_counter() - t0)
    return first, best, int(tr.spike_index.size)


def cold_compile_seconds() -> float | None:
    code = ("import time; t0 = time.perf_counter(); import sys; "
            f"sys.path.insert(0, {str(ROOT)!r}); "
            "from benchmarks.bench_neurons import run_izh, run_hh; run_izh(); run_hh(); "
            "print(time.perf_counter() - t0)")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, cwd=ROOT)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def brian2(case: str, target: str, currents_file: str) -> dict | None:
    py = HERE / ".venv-brian2" / "bin" / "python"
    args = [str(py), str(HERE / "brian2_peer.py"), case, target, currents_file]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"  brian2 {case}/{target} failed: {out.stderr.strip()[-500:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    print(f"{load()}; {os.cpu_count()} CPUs, numba {numba.__version__} with "
          f"{numba.get_num_threads()} threads")
    setup = subprocess.run(["bash", str(HERE / "setup_brian2.sh")], capture_output=True,
                           text=True)
    have_brian = setup.returncode == 0
    print(setup.stdout.strip() if have_brian else f"brian2 unavailable: {setup.stderr[-300:]}")
    with tempfile.TemporaryDirectory() as tmp:
        cur_file = str(Path(tmp) / "currents.npy")
        np.save(cur_file, izh_currents())
        rows = []
        for case, fn in CASES.items():
            first, best, spikes = time_neuroexplore(fn)
            peers = {t: brian2(case, t, cur_file) if have_brian else None
                     for t in ("cython", "numpy")}
            rows.append((case, first, best, spikes, peers))
            if case == "izhikevich":
                first1, best1, spikes1 = time_neuroexplore(one_thread(fn))
                rows.append(("izh 1 thread", first1, best1, spikes1, peers))
    cold = cold_compile_seconds()
    print("\ncase         neuroexplore  (first call)  spikes | brian2 cython warm (cold)  "
          "spikes  ratio | brian2 numpy  ratio")
    for case, first, best, spikes, peers in rows:
        cy, npy = peers["cython"], peers["numpy"]
        cy_txt = (f"{cy['warm_s']:8.3f} s ({cy['cold_s']:6.1f} s) {cy['spikes']:7d} "
                  f"{cy['warm_s'] / best:6.1f}x") if cy else "    n/a" + " " * 30
        np_txt = (f"{npy['warm_s']:8.3f} s {npy['warm_s'] / best:6.1f}x "
                  f"(spikes {npy['spikes']})") if npy else "n/a"
        print(f"{case:12s} {best:9.4f} s  ({first:7.3f} s) {spikes:7d} | {cy_txt} | {np_txt}")
    if cold is not None:
        print(f"\nneuroexplore numba compile, empty cache, both kernels + imports: {cold:.1f} s")
    print("ratio = Brian2 time / neuroexplore time (higher is faster for neuroexplore)")
    print(load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
