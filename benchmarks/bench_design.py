"""Inverse design on the real engines: Bayesian optimisation against random search and
a grid, at equal evaluation budgets, over several seeds.

The problem (issue 13, section 1): the least energy per inference at which the digits
MLP (:func:`neuroexplore.crossbar.digits_mlp`) programmed onto crossbars of a designed
device still reaches a target accuracy (default 90 %, cheap fidelity: 150 test digits,
one programming seed), searching ADC bits (2..8), DAC bits (2..8) and the on-state
resistance R_on (1e4..1e6 ohm, log), the device otherwise the AlOx/HfO2 preset with 8
states (:func:`neuroexplore.design.min_energy`, :func:`neuroexplore.design.optimize`).
Every trial runs :func:`~neuroexplore.crossbar.evaluate` and
:func:`~neuroexplore.crossbar.estimate_energy`; no stand-in model.

The optimum ``E*`` is found by enumerating every (ADC, DAC) pair at the largest R_on
(a grid study: the read energy falls as 1/R_on while the accuracy does not depend on
R_on -- tests/engines/test_design.py checks both).  A study *reaches the target* at the
first feasible trial with ``E <= factor * E*``; the number of trials it took is
counted (``budget + 1`` when it never does: right-censored, so a median of
``budget + 1`` means "not reached within the budget").  Every study of every sampler
evaluates with the same programming seed (one objective function); the sampler seeds
differ.

Usage: python benchmarks/bench_design.py [--budget 30] [--seeds 5] [--factor 1.25]
       [--target 0.9] [--samplers gp tpe random grid]
Prints a table, then one JSON line last: bo_median_evals (GP), tpe_median_evals,
random_median_evals, grid_median_evals, seeds, budget, target, factor, e_star_pj.
Counts of evaluations are machine-independent; the seconds are not (GP fitting is the
slow part on a loaded machine).
"""

from __future__ import annotations

import argparse
import json
import math
import time

from neuroexplore import design

#: The search space of the comparison.
SPACE = dict(adc_bits=(2, 8), dac_bits=(2, 8), r_on=(1e4, 1e6), states=8)


def reference_optimum(target: float, space: dict = SPACE) -> dict:
    """The least feasible energy: every (ADC, DAC) pair at the largest R_on."""
    fixed = {**space, "r_on": space["r_on"][1]}
    lo_a, hi_a = space["adc_bits"]
    lo_d, hi_d = space["dac_bits"]
    n = (hi_a - lo_a + 1) * (hi_d - lo_d + 1)
    st = design.optimize(design.min_energy(target), design.space(**fixed), budget=n,
                         seed=0, sampler="grid", eval_seed=0)
    if len(st) != n or st.best is None:
        raise RuntimeError("the reference grid did not cover every pair or found no "
                           "feasible design")
    return st.best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=30)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--factor", type=float, default=1.25)
    ap.add_argument("--target", type=float, default=0.9)
    ap.add_argument("--samplers", nargs="+", default=["gp", "tpe", "random", "grid"])
    args = ap.parse_args()

    t0 = time.perf_counter()
    ref = reference_optimum(args.target)
    e_star = ref["metrics"]["energy_pj"]
    print(f"reference optimum: E* = {e_star:.3f} pJ per inference at "
          f"{ref['params']} (accuracy {ref['metrics']['accuracy']:.3f}); "
          f"{time.perf_counter() - t0:.1f} s incl. training the MLP", flush=True)
    threshold = math.log10(args.factor * e_star)
    res = {}
    for name in args.samplers:
        res.update(design.compare_samplers(
            design.min_energy(args.target), design.space(**SPACE), threshold,
            samplers=(name,), seeds=range(args.seeds), budget=args.budget))
        r = res[name]
        print(f"{name:>7}: evaluations to E <= {args.factor:g} E* per seed {r['evals']}, "
              f"median {r['median']:g}, reached {r['reached']}/{args.seeds}, "
              f"{r['seconds']:.0f} s", flush=True)
    print()
    print(f"{'sampler':>8} {'median evals':>13} {'reached':>8} {'best E (pJ), per seed':>40}")
    for name, r in res.items():
        best = ", ".join("-" if b is None else f"{10 ** b:.1f}" for b in r["best"])
        print(f"{name:>8} {r['median']:>13g} {r['reached']:>5}/{args.seeds:<2} {best:>40}")
    out = {"bench": "design", "seeds": args.seeds, "budget": args.budget,
           "target": args.target, "factor": args.factor, "e_star_pj": e_star,
           "space": {k: list(v) if isinstance(v, tuple) else v for k, v in SPACE.items()}}
    for name, r in res.items():
        key = "bo" if name == "gp" else name
        out[f"{key}_median_evals"] = r["median"]
        out[f"{key}_evals"] = r["evals"]
        out[f"{key}_seconds"] = round(r["seconds"], 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
