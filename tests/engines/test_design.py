"""neuroexplore.design: inverse design by Bayesian optimisation on the real engines.

References used here:
* Branin-Hoo function, global minimum 0.397887 at (-pi, 12.275), (pi, 2.275),
  (9.42478, 2.475) (Dixon & Szego 1978; the standard BO benchmark, Jones et al. 1998);
* a constrained quadratic whose optimum lies on the constraint (analytic: minimise
  x^2 + y^2 subject to x + y >= 1 -> 0.5 at (0.5, 0.5));
* the Pareto front of points on a quarter circle with dominated points outside it;
* the array read energy ``sum V^2 G t_read`` is proportional to ``1/R_on`` at a fixed
  on/off ratio (Ohm's law), while the accuracy does not depend on R_on.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import numpy as np
import pytest

pytest.importorskip("optuna")
pd = pytest.importorskip("pandas")

from neuroexplore import design  # noqa: E402
from neuroexplore.design.study import pareto_mask  # noqa: E402
from neuroexplore.provenance import read_provenance  # noqa: E402

BRANIN_MIN = 0.397887
BRANIN_ARGMIN = ((-math.pi, 12.275), (math.pi, 2.275), (9.42478, 2.475))


def branin(x: float, y: float) -> dict:
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return {"f": a * (y - b * x**2 + c * x - r) ** 2 + s * (1 - t) * math.cos(x) + s}


def _branin_space():
    return design.space(x=(-5.0, 10.0), y=(0.0, 15.0), custom=True)


# ------------------------------------------------------------------ synthetic optima
@pytest.mark.parametrize(("sampler", "budget", "tol"),
                         [pytest.param("gp", 40, 0.05, marks=pytest.mark.slow),
                          ("tpe", 100, 0.25)])
def test_finds_branin_minimum(sampler, budget, tol):
    st = design.optimize(design.custom(branin, minimize="f"), _branin_space(), budget=budget,
                         seed=0, sampler=sampler)
    best = st.best
    assert len(st.trials) == budget
    assert best["values"]["f"] < BRANIN_MIN + tol
    x, y = best["params"]["x"], best["params"]["y"]
    assert min(math.hypot(x - a, y - b) for a, b in BRANIN_ARGMIN) < 1.0


@pytest.mark.slow
def test_bo_beats_random_on_branin():
    """Same budget: GP-BO ends far closer to the optimum than random search."""
    gaps = {}
    for sampler in ("gp", "random"):
        gaps[sampler] = [design.optimize(design.custom(branin, minimize="f"), _branin_space(),
                                         budget=20, seed=s, sampler=sampler).best["values"]["f"]
                         - BRANIN_MIN for s in range(3)]
    assert statistics.median(gaps["gp"]) < statistics.median(gaps["random"])


def test_constraint_binds_at_analytic_optimum():
    obj = design.custom(lambda x, y: {"f": x * x + y * y, "s": x + y}, minimize="f",
                        constraint=lambda m: 1.0 - m["s"])
    sp = design.space(x=(0.0, 1.0), y=(0.0, 1.0), custom=True)
    st = design.optimize(obj, sp, budget=30, seed=0, sampler="tpe")
    best = st.best
    assert best["metrics"]["s"] >= 1.0  # feasible
    assert 0.5 <= best["values"]["f"] < 0.6
    # the unconstrained minimum (0 at the origin) is never reported as best
    infeasible = st.trials[~st.trials.feasible]
    assert (infeasible.value_f < best["values"]["f"]).any() or len(infeasible) == 0


def test_grid_finds_discrete_optimum_exactly():
    obj = design.custom(lambda n, mode: {"f": (n - 7) ** 2 + (0 if mode == "b" else 3)},
                        minimize="f")
    sp = design.space(n=(1, 10), mode=["a", "b"], custom=True)
    st = design.optimize(obj, sp, budget=20, seed=3, sampler="grid")
    assert len(st.trials) == 20  # 10 integers x 2 choices
    assert st.best["params"] == {"n": 7, "mode": "b"} and st.best["values"]["f"] == 0


def test_pareto_mask_quarter_circle():
    theta = np.linspace(0, np.pi / 2, 9)
    front = np.c_[np.cos(theta), np.sin(theta)]
    behind = 1.3 * front[1:-1] + 0.01  # each dominated by its front point
    mask = pareto_mask(np.r_[front, behind], ("minimize", "minimize"))
    assert mask[:9].all() and not mask[9:].any()


def test_nsga2_pareto_front_is_non_dominated():
    obj = design.custom(lambda x, y: {"f1": x, "f2": (1 - x) ** 2 + y}, minimize=["f1", "f2"])
    st = design.optimize(obj, design.space(x=(0.0, 1.0), y=(0.0, 1.0), custom=True),
                         budget=40, seed=0, sampler="nsga2")
    front = st.pareto
    assert 1 <= len(front) <= len(st.trials)
    allp = st.trials[["f1", "f2"]].to_numpy()
    for f1, f2 in front[["f1", "f2"]].to_numpy():
        dominated = ((allp[:, 0] <= f1) & (allp[:, 1] <= f2)
                     & ((allp[:, 0] < f1) | (allp[:, 1] < f2)))
        assert not dominated.any()


# ------------------------------------------------------------------ bad input
def test_space_errors_name_the_parameter_and_range():
    with pytest.raises(ValueError, match=r"adc_bits.*valid range \[2, 16\] bits"):
        design.space(adc_bits=(0, 8))
    with pytest.raises(ValueError, match=r"r_on.*outside its valid range"):
        design.space(r_on=(0.1, 1e3))
    with pytest.raises(ValueError, match="not a design parameter; known:"):
        design.space("colour")
    with pytest.raises(ValueError, match="low < high"):
        design.space(states=(64, 8))
    with pytest.raises(ValueError, match="mapping"):
        design.space(mapping=["diagonal"])
    with pytest.raises(ValueError, match=r"c2c_sigma = 0\.9"):
        design.space("adc_bits", c2c_sigma=0.9)  # a fixed value out of range


def test_optimize_errors():
    obj = design.custom(branin, minimize="f")
    with pytest.raises(ValueError, match="sampler = 'cma'"):
        design.optimize(obj, _branin_space(), sampler="cma")
    with pytest.raises(ValueError, match=r"budget = 0 must be an integer in \[1, 10000\]"):
        design.optimize(obj, _branin_space(), budget=0)
    with pytest.raises(ValueError, match="fidelity"):
        design.optimize(obj, _branin_space(), fidelity="high")
    with pytest.raises(ValueError, match="loosens"):
        design.optimize(design.loosest_spec(0.9, ("c2c_sigma", "states")),
                        design.space("adc_bits", "states"))
    with pytest.raises(ValueError, match="custom space"):
        design.optimize(design.min_energy(0.9), _branin_space())
    with pytest.raises(ValueError, match=r"target_accuracy = 1\.5"):
        design.min_energy(1.5)


def test_space_defaults_come_from_engine_specs():
    from neuroexplore.crossbar import config_parameters
    from neuroexplore.devices import PULSE_DEVICE_SPECS

    sp = design.space()
    assert sp.names == design.DEFAULT_SPACE
    cfg = {s.name: s for s in config_parameters()}
    dev = {s.name: s for s in PULSE_DEVICE_SPECS}
    assert sp["adc_bits"].unit == cfg["adc_bits"].unit and sp["adc_bits"].high <= 16
    assert sp["c2c_sigma"].high <= dev["c2c_sigma"].high
    assert sp["r_on"].log and sp["r_on"].unit == "ohm"
    assert set(sp["mapping"].choices) == set(cfg["mapping"].choices)
    # any other CrossbarConfig knob may be searched within its own bounds
    assert design.space(read_noise=(0.0, 0.05))["read_noise"].high == 0.05


def test_looseness_orientation():
    from neuroexplore.design.objectives import looseness

    sp = design.space(c2c_sigma=(0.0, 0.1), states=(4, 256))
    assert looseness({"c2c_sigma": 0.1, "states": 4}, ("c2c_sigma", "states"), sp) == 1.0
    assert looseness({"c2c_sigma": 0.0, "states": 256}, ("c2c_sigma", "states"), sp) == 0.0
    assert looseness({"c2c_sigma": 0.05, "states": 32}, ("c2c_sigma", "states"),
                     sp) == pytest.approx(0.5)  # 32 is the geometric middle of 4..256


# ------------------------------------------------------------------ callbacks, executor
def test_stop_and_on_trial():
    seen, rows = [], []

    def progress(done, total, row):
        rows.append((done, total, row))
        return done < 3  # Stop pressed after the third evaluation

    st = design.optimize(design.custom(branin, minimize="f"), _branin_space(), budget=20,
                         seed=0, sampler="random", progress=progress,
                         on_trial=lambda s: seen.append((len(s), s.last["number"])))
    assert st.cancelled and len(st.trials) == 3
    assert seen == [(1, 0), (2, 1), (3, 2)]
    done, total, row = rows[-1]
    assert (done, total) == (3, 20) and row["number"] == 2
    assert row["f"] == pytest.approx(branin(row["x"], row["y"])["f"])


def test_executor_gives_the_same_trials_as_serial():
    obj = design.custom(branin, minimize="f")
    kw = dict(budget=12, seed=4, sampler="tpe", batch_size=3)
    serial = design.optimize(obj, _branin_space(), **kw).trials
    with ThreadPoolExecutor(3) as pool:
        par = design.optimize(obj, _branin_space(), executor=pool, **kw).trials
    cols = [c for c in serial.columns if c != "elapsed_s"]
    pd.testing.assert_frame_equal(serial[cols], par[cols])


def test_a_dask_client_gives_the_same_trials_as_serial():
    """The scale-out path: the same call, pointed at a dask.distributed cluster."""
    distributed = pytest.importorskip("distributed")
    obj = design.custom(branin, minimize="f")
    kw = dict(budget=8, seed=2, sampler="tpe", batch_size=4)
    serial = design.optimize(obj, _branin_space(), **kw).trials
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        par = design.optimize(obj, _branin_space(), executor=client, **kw).trials
    cols = [c for c in serial.columns if c != "elapsed_s"]
    pd.testing.assert_frame_equal(serial[cols], par[cols])


def test_engine_study_on_threads_equals_serial():
    sp = design.space(adc_bits=(3, 8), states=(4, 64), r_on=1e5)
    kw = dict(budget=4, seed=1, sampler="random", batch_size=2)
    serial = design.optimize(design.min_energy(0.85), sp, **kw).trials
    with ThreadPoolExecutor(2) as pool:
        par = design.optimize(design.min_energy(0.85), sp, executor=pool, **kw).trials
    cols = [c for c in serial.columns if c != "elapsed_s"]
    pd.testing.assert_frame_equal(serial[cols], par[cols])


def test_exports_carry_provenance():
    st = design.optimize(design.custom(branin, minimize="f"), _branin_space(), budget=5,
                         seed=2, sampler="random")
    text = st.to_csv()
    info = read_provenance(text)
    assert info["seed"] == "2" and info["parameters"]["sampler"] == ("random", None)
    back = pd.read_csv(StringIO(text), comment="#")
    assert len(back) == 5 and {"x", "y", "f", "feasible", "fidelity"} <= set(back.columns)
    best = json.loads(st.best_json())
    assert best["best"]["params"] == st.best["params"] and best["seed"] == 2


def test_import_is_light():
    code = ("import sys, neuroexplore.design as d; d.space('adc_bits'); "
            "print(sorted(m for m in ('optuna', 'torch', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ real engines
def test_engine_r_on_scales_read_energy_only():
    """Read energy ~ G ~ 1/R_on (Ohm); the accuracy does not depend on R_on."""
    ev = design.DigitsEvaluator(n_test_cheap=60)
    m = {r: ev({"adc_bits": 5, "dac_bits": 4, "states": 8, "r_on": r}) for r in (1e4, 1e5, 1e6)}
    assert m[1e4]["accuracy"] == m[1e5]["accuracy"] == m[1e6]["accuracy"]
    d1 = m[1e4]["energy_pj"] - m[1e5]["energy_pj"]
    d2 = m[1e5]["energy_pj"] - m[1e6]["energy_pj"]
    assert d1 / d2 == pytest.approx(10.0, rel=1e-3)


def test_engine_drift_nu_scale_is_a_time_rescaling():
    """(t/t0)^(-k nu) = (t_k/t0)^(-nu), t_k = t0 (t/t0)^k: k = 2 at t equals k = 1 at t_k."""
    from neuroexplore.crossbar.pcm_stats import T0

    point = {"adc_bits": 6, "dac_bits": 6, "states": 16}
    t = 1e4
    a = design.DigitsEvaluator(n_test_cheap=60, t_retention=t)({**point, "drift_nu_scale": 2.0})
    b = design.DigitsEvaluator(n_test_cheap=60, t_retention=T0 * (t / T0) ** 2)(
        {**point, "drift_nu_scale": 1.0})
    c = design.DigitsEvaluator(n_test_cheap=60, t_retention=t)({**point, "drift_nu_scale": 0.0})
    d = design.DigitsEvaluator(n_test_cheap=60, t_retention=T0)(point)  # read at t0
    assert a["accuracy"] == b["accuracy"]
    assert c["accuracy"] == d["accuracy"]  # nu = 0: as if read at t0, no drift yet


def test_multi_fidelity_promotes_and_ranks_full_trials():
    sp = design.space(adc_bits=(3, 8), dac_bits=(3, 8), states=8, r_on=1e5)
    st = design.optimize(design.min_energy(0.85), sp, budget=6, seed=0, sampler="random",
                         fidelity="multi")
    fid = set(st.trials.fidelity)
    assert fid <= {"cheap", "full"} and "full" in fid
    assert st.best is None or st.best["fidelity"] == "full"
    full = st.trials[st.trials.fidelity == "full"]
    assert (full.elapsed_s.median() > st.trials[st.trials.fidelity == "cheap"].elapsed_s.min())


def test_loosest_spec_ranks_feasible_designs_by_looseness():
    sp = design.space(c2c_sigma=(0.0, 0.1), states=(4, 256), adc_bits=6, dac_bits=6)
    st = design.optimize(design.loosest_spec(0.85, ("c2c_sigma", "states")), sp, budget=5,
                         seed=0, sampler="random")
    df = st.trials
    assert ((df.accuracy >= 0.85) == df.feasible).all()
    feas = df[df.feasible]
    assert st.best["values"]["looseness"] == feas.looseness.max()
    u_c2c = feas.c2c_sigma / 0.1
    u_states = 1 - np.log(feas.states / 4) / np.log(256 / 4)  # fewer states is looser
    np.testing.assert_allclose(feas.looseness, (u_c2c + u_states) / 2)


BO_SPACE = dict(adc_bits=(2, 8), dac_bits=(2, 8), r_on=(1e4, 1e6), states=8)


@pytest.mark.slow
def test_bo_needs_fewer_engine_evaluations_than_random():
    """Real engine, cheap fidelity, 5 seeds, equal budget (40): median evaluations to
    reach a design within 1.5x of the least energy meeting 90 % accuracy.  The optimum
    comes from enumerating the converter bits at the largest R_on (energy falls with
    R_on and the accuracy does not depend on it: test above)."""
    ref = design.optimize(design.min_energy(0.9), design.space(**{**BO_SPACE, "r_on": 1e6}),
                          budget=49, seed=0, sampler="grid", eval_seed=0)
    assert len(ref) == 49
    e_star = ref.best["metrics"]["energy_pj"]
    res = design.compare_samplers(design.min_energy(0.9), design.space(**BO_SPACE),
                                  math.log10(1.5 * e_star), samplers=("tpe", "random"),
                                  seeds=range(5), budget=40)
    assert res["tpe"]["median"] < res["random"]["median"]
    assert res["tpe"]["reached"] >= 3
