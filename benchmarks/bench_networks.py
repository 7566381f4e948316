"""COBA network (Brette et al. 2007, benchmark 1) vs Brian2 2.9, and scaling to 100k.

Cases (both simulators: same equations, exponential Euler, dt = 0.1 ms, 1 s,
spikes recorded by index and time):

(a) COBA 4,000 neurons, p = 0.02 (mean in-degree 80);
(b) COBA 40,000 neurons at the same mean in-degree, p = 0.002 (80 / N: each neuron
    sees the same input statistics, so the rate stays ~19 Hz and the cost grows
    about linearly with N -- the scaling used for the Brian2 paper's COBA runs);
(c) neuroexplore alone at 4k, 10k, 40k and 100k neurons (p = 80 / N): wall time and
    peak memory, each in a fresh process (resident set size sampled every 5 ms
    during the call, minus the RSS of the imported, compiled process before it).

neuroexplore's time is one whole ``coba()`` call (connectivity, initial state and
simulation; the kernel compiled or loaded from numba's cache by a warm-up call),
best of 2.  Brian2 runs in its own venv through brian2_coba.py with the cython
target: it builds and runs the network twice in one process; the first run
compiles, the second is timed warm (``net.run`` only: building the synapses is
reported separately and left out of the ratio, which favours Brian2).  The two
simulators are run alternately, twice per case, and the best time of each is
compared: the machine is shared, the load average is printed before and after, and
process CPU times are printed beside the wall times.

Usage: python benchmarks/bench_networks.py [--quick]   (--quick: 4k and 10k only)
The last line printed is one JSON object with every number.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

IN_DEGREE = 80


def p_for(n: int) -> float:
    return IN_DEGREE / n


def run_ours(n: int) -> tuple[float, float, float, float]:
    """(wall seconds, rate_hz, mean CV, CPU seconds) of one coba() call."""
    from neuroexplore.networks import coba

    t0, c0 = time.perf_counter(), time.process_time()
    res = coba(n, p_conn=p_for(n), seed=0)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return dt, res.rate_hz, res.mean_cv() or float("nan"), cpu


_FRESH = """
import json, sys, threading, time
sys.path.insert(0, {root!r})
from neuroexplore.networks import coba

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * {page} / 2**20

coba(200, t_stop=10.0, p_conn=0.1)  # compile or load the kernel first
base = rss_mb()
peak = [base]
done = threading.Event()

def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_mb())
        time.sleep(0.005)

th = threading.Thread(target=sample, daemon=True)
th.start()
t0, c0 = time.perf_counter(), time.process_time()
r = coba({n}, p_conn={p!r}, seed=0)
t, cpu = time.perf_counter() - t0, time.process_time() - c0
done.set()
th.join()
peak[0] = max(peak[0], rss_mb())
print(json.dumps(dict(n={n}, seconds=t, cpu_s=cpu, rss_base_mb=base, rss_growth_mb=peak[0] - base,
                      rate_hz=r.rate_hz, synapses=r.n_connections,
                      spikes=int(r.spike_times.size))))
"""


def ours_in_fresh_process(n: int) -> dict | None:
    """Time and peak RSS growth of coba(n) in a new process (RSS sampled every 5 ms)."""
    code = _FRESH.format(root=str(ROOT), page=os.sysconf("SC_PAGE_SIZE"), n=n, p=p_for(n))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"  neuroexplore {n} failed: {out.stderr.strip()[-400:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def brian2(n: int) -> dict | None:
    venv = Path(os.environ.get("BRIAN2_VENV", HERE / ".venv-brian2"))
    args = [str(venv / "bin" / "python"), str(HERE / "brian2_coba.py"), str(n), repr(p_for(n)),
            "1000", "0", "cython"]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"  brian2 {n} failed: {out.stderr.strip()[-500:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    import numba

    quick = "--quick" in sys.argv
    print(f"{load()}; {os.cpu_count()} CPUs, numba {numba.__version__} (serial kernel)")
    env = dict(os.environ)
    setup = subprocess.run(["bash", str(HERE / "setup_brian2.sh")], capture_output=True,
                           text=True, env=env)
    have_brian = setup.returncode == 0
    print(setup.stdout.strip() if have_brian else f"brian2 unavailable: {setup.stderr[-300:]}")
    from neuroexplore.networks import coba

    t0 = time.perf_counter()
    coba(200, t_stop=10.0, p_conn=0.1)  # compile, or load the kernel from numba's cache
    print(f"neuroexplore warm-up (compile or cache load): {time.perf_counter() - t0:.2f} s")

    report: dict = {"load_before": os.getloadavg()[0], "cases": {}, "scaling": []}
    sizes = (4000, 10_000) if quick else (4000, 40_000)
    for n in sizes:
        ours, peers = [], []
        for _ in range(2):  # alternate: ours, Brian2, ours, Brian2
            ours.append(run_ours(n))
            if have_brian:
                b = brian2(n)
                if b is not None:
                    peers.append(b)
        best = min(o[0] for o in ours)
        best_cpu = min(o[3] for o in ours)
        case = {"n": n, "p": p_for(n), "ours_s": best, "ours_cpu_s": best_cpu,
                "ours_rate_hz": ours[0][1], "ours_cv": ours[0][2]}
        if peers:
            bw = min(b["warm_s"] for b in peers)
            bc = min(b["warm_cpu_s"] for b in peers)
            case.update(brian2_warm_s=bw, brian2_warm_cpu_s=bc,
                        brian2_build_s=min(b["build_s"] for b in peers),
                        brian2_cold_s=peers[0]["cold_s"], brian2_rate_hz=peers[0]["rate_hz"],
                        ratio=best / bw, ratio_cpu=best_cpu / bc)
        report["cases"][str(n)] = case
        print(f"COBA {n:6d} (p = {p_for(n):.4g}): neuroexplore {best:7.3f} s "
              f"({ours[0][1]:.2f} Hz, CV {ours[0][2]:.2f})"
              + (f" | Brian2 cython warm run {case['brian2_warm_s']:7.3f} s (+ build "
                 f"{case['brian2_build_s']:.2f} s, cold {case['brian2_cold_s']:.1f} s, "
                 f"{case['brian2_rate_hz']:.2f} Hz) | ratio {case['ratio']:.2f}x (CPU time: "
                 f"{best_cpu:.3f} s vs {case['brian2_warm_cpu_s']:.3f} s, "
                 f"{case['ratio_cpu']:.2f}x)"
                 if peers else " | Brian2 n/a"), flush=True)

    print("\nneuroexplore scaling at in-degree 80 (fresh process each):")
    print("      N   synapses   wall (s)   CPU (s)  CPU / (N * 1 s)   peak RSS growth (MB)"
          "   rate (Hz)")
    for n in ((4000, 10_000) if quick else (4000, 10_000, 40_000, 100_000)):
        r = ours_in_fresh_process(n)
        if r is None:
            continue
        report["scaling"].append(r)
        print(f"{n:7d} {r['synapses']:10d} {r['seconds']:9.3f} {r['cpu_s']:9.3f} "
              f"{r['cpu_s'] / n * 1e6:10.1f} us {r['rss_growth_mb']:17.1f} {r['rate_hz']:14.2f}",
              flush=True)
    print("\nratio = neuroexplore time / Brian2 warm time (target <= 0.5; lower is faster); "
          "CPU-time ratios are less sensitive to a loaded machine")
    report["load_after"] = os.getloadavg()[0]
    report["peak_rss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(load())
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
