"""Exact IR-drop solve time for square crossbars, against MemTorch's exact passive solve.

For N x N arrays (N = 32 ... 1024) with G uniform in 1-100 uS and r_wire = 1 ohm:

* first vector: assembly + factorisation + one solve (``ir_drop``);
* each further vector: one solve on the stored factor (``IRDropSolver.solve``), the
  mean over 20 vectors solved one at a time.

MemTorch's exact solve of a passive crossbar, measured on this machine (one vector,
nothing reused): 540 ms at 256 x 256 and 116 ms at 128 x 128; ratios are printed
against it.  1024 x 1024 (2.1 M nodes) uses the matrix-free preconditioned CG solver
(``method="iterative"``) by default: its LU factor would need several GB.

Usage: python benchmarks/bench_ir_drop.py [--sizes 32 64 ...] [--direct-max 512]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from neuroexplore.crossbar.ir_drop import IRDropSolver, ir_drop

MEMTORCH_MS = {128: 116.0, 256: 540.0}
TARGETS_256 = {"first_s": 1.0, "next_ms": 20.0}


def bench(n: int, method: str, n_next: int = 20, seed: int = 0) -> tuple[float, float, float]:
    rng = np.random.default_rng(seed)
    G = rng.uniform(1e-6, 1e-4, (n, n))
    V = rng.uniform(0.0, 0.2, (n_next + 1, n))
    t0 = time.perf_counter()
    first = ir_drop(G, V[0], 1.0, method=method)
    t_first = time.perf_counter() - t0
    solver = IRDropSolver(G, 1.0, method=method)
    solver.solve(V[0])  # warm-up
    t0 = time.perf_counter()
    for k in range(1, n_next + 1):
        solver.solve(V[k])
    t_next = (time.perf_counter() - t0) / n_next
    err = float(np.abs(first.relative_error).max())
    return t_first, t_next, err


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[32, 64, 128, 256, 512, 1024])
    ap.add_argument("--direct-max", type=int, default=512,
                    help="largest N solved by sparse LU; larger N use the iterative solver")
    ap.add_argument("--next", type=int, default=20, help="further vectors to average")
    args = ap.parse_args()
    print("exact IR drop, N x N, G ~ U(1, 100) uS, r_wire = 1 ohm, 20 further vectors")
    print(f"{'N':>6} {'nodes':>9} {'method':>9} {'first (s)':>10} {'next (ms)':>10} "
          f"{'IR err':>8} {'MemTorch/first':>15} {'MemTorch/next':>14}")
    for n in args.sizes:
        method = "direct" if n <= args.direct_max else "iterative"
        n_next = args.next if n <= 512 else max(3, args.next // 5)
        t_first, t_next, err = bench(n, method, n_next)
        mt = MEMTORCH_MS.get(n)
        r1 = f"{mt / 1e3 / t_first:14.1f}x" if mt else f"{'-':>15}"
        r2 = f"{mt / (t_next * 1e3):13.1f}x" if mt else f"{'-':>14}"
        print(f"{n:>6} {2 * n * n:>9} {method:>9} {t_first:10.3f} {t_next * 1e3:10.2f} "
              f"{err:8.3f} {r1} {r2}", flush=True)
        if n == 256:
            ok1 = t_first < TARGETS_256["first_s"]
            ok2 = t_next * 1e3 < TARGETS_256["next_ms"]
            print(f"       targets at 256: first < {TARGETS_256['first_s']} s: "
                  f"{'met' if ok1 else 'MISSED'}; next < {TARGETS_256['next_ms']} ms: "
                  f"{'met' if ok2 else 'MISSED'}")
    print("(MemTorch/x > 1: neuroexplore is faster; 'IR err' = max |i_out - G^T v| / max|G^T v|)")


if __name__ == "__main__":
    main()
