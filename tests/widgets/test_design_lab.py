"""DesignLab headless: the search tab runs a study live, stops, compares with random
search and exports; the data tab fits a learned and a physical model side by side.

The fast tests replace the crossbar-engine objective with a synthetic one of known
optimum (``design.custom``), so that the lab's own work (live redraws, the Pareto front,
best-so-far, Stop, export) is checked in a fraction of a second; one ``slow`` test runs
the real engine.  References are computed independently of the lab (brute force over
the trials).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuroexplore import design
from neuroexplore.widgets.design_lab import (
    DESIGN_LAB_SPECS,
    DesignLab,
    best_so_far,
    convergence_figure,
    trials_figure,
)

from .helpers import check_provenance, figure_data, one_step

pytest.importorskip("optuna")


def _toy_problem(s):
    """accuracy rises with x, energy with x and y: the least energy reaching the target
    is at y = 0 and the smallest x with accuracy >= target (known optimum)."""
    def fn(x, y):
        return {"accuracy": 0.8 + 0.2 * x, "energy_pj": 50.0 + 400.0 * x + 100.0 * y}

    ta = s["target_accuracy"]
    if s["objective"] == "target":
        obj = design.custom(fn, minimize="energy_pj", constraint=lambda m: ta - m["accuracy"])
    else:
        obj = design.custom(fn, maximize="accuracy", minimize="energy_pj")
    return obj, design.space(x=(0.0, 1.0), y=(0.0, 1.0), custom=True)


@pytest.fixture
def lab(monkeypatch):
    lab = DesignLab(background=False)
    monkeypatch.setattr(lab, "_problem", _toy_problem)
    lab.controls["budget"].value = 8
    lab.controls["sampler"].value = "tpe"  # optuna's GP sampler costs ~1 s a trial
    return lab


def test_starts_empty_without_error_and_light():
    lab = DesignLab(background=False)
    assert lab.error == ""
    assert lab.fig_trials.data[1].x in (None, ()) or len(lab.fig_trials.data[1].x) == 0
    assert lab.export_button.disabled and lab.best_button.disabled
    # the target box is drawn from the sliders before any run
    spec = {s.name: s for s in DESIGN_LAB_SPECS}
    assert lab.fig_trials.data[4].y[0] == pytest.approx(100 * spec["target_accuracy"].default)
    assert lab.fig_trials.data[4].x[1] == pytest.approx(spec["target_energy"].default)


def test_every_slider_changes_a_plot():
    lab = DesignLab(background=False)
    figs = (lab.fig_trials, lab.fig_convergence)
    for name, ctl in lab.controls.items():
        if not hasattr(ctl, "step") or name == "seed":
            continue  # dropdowns; the seed only acts on the next run
        before = figure_data(*figs, decimals=9)
        ctl.value = one_step(ctl)
        assert figure_data(*figs, decimals=9) != before, name
    assert lab.error == ""


def test_run_draws_every_trial_live_and_compares_with_random(lab):
    counts = []
    draw = lab._draw_search

    def spy():
        draw()
        counts.append(len(lab.fig_trials.data[1].x or ()))

    lab._draw_search = spy
    study = lab.run()
    assert lab.error == ""
    assert len(study.rows) == 8 and len(lab.rows["random"]) == 8
    # one redraw per trial of the search, the trace growing one point at a time
    assert counts[:10] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8][:len(counts[:10])]
    assert lab.progress.text.value == "16/16"
    assert len(lab.fig_trials.data[0].x) == 8  # random search's trials, overlaid
    assert len(lab.fig_convergence.data[0].y) == len(lab.fig_convergence.data[1].y) == 8
    assert not lab.export_button.disabled and not lab.best_button.disabled
    assert "random search" in lab.summary.value


def test_best_so_far_and_front_match_brute_force(lab):
    lab.controls["sampler"].value = "random"
    lab.compare_control.value = False
    lab.run()
    rows = lab.rows["search"]
    acc = np.array([r["accuracy"] for r in rows])
    energy = np.array([r["energy_pj"] for r in rows])
    # best so far: least energy of the feasible trials seen so far
    feasible_energy = np.where(acc >= 0.92, energy, np.inf)
    expect = np.minimum.accumulate(feasible_energy)
    got = np.array([np.inf if v is None else v for v in lab.fig_convergence.data[0].y])
    np.testing.assert_allclose(got, expect, rtol=1e-9)
    # the front: every trial no other one beats on both accuracy and energy
    front = {(round(a * 100, 9), round(e, 9)) for a, e in zip(acc, energy, strict=True)
             if not np.any((acc >= a) & (energy <= e) & ((acc > a) | (energy < e)))}
    drawn = {(round(y, 9), round(x, 9)) for x, y in zip(lab.fig_trials.data[2].x,
                                                         lab.fig_trials.data[2].y, strict=True)}
    assert front <= drawn
    # the star is the study's best: the least-energy feasible trial
    best = int(np.argmin(feasible_energy))
    assert lab.fig_trials.data[3].x[0] == pytest.approx(energy[best])
    assert lab.study.best["number"] == rows[best]["number"]


def test_the_search_finds_the_known_optimum(lab):
    """On the toy problem the optimum is x = 0.6 (accuracy 0.92), y = 0: 290 pJ."""
    lab.controls["budget"].value = 30
    lab.controls["sampler"].value = "tpe"
    lab.compare_control.value = False
    lab.run()
    best = lab.study.best
    assert best["metrics"]["accuracy"] >= 0.92
    assert best["metrics"]["energy_pj"] < 290.0 * 1.25


def test_stop_keeps_the_trials_reached_and_says_so(lab, monkeypatch):
    report = lab.runner.report

    def stop_after_three(done, total, *a, **k):
        if done >= 3:
            lab.runner.stop_event.set()
        return report(done, total, *a, **k)

    monkeypatch.setattr(lab.runner, "report", stop_after_three)
    lab.runner.start(lab.run, "search")
    assert lab.rows["random"] == []  # no comparison after a Stop
    assert len(lab.rows["search"]) == 3
    assert "search stopped after 3 of 16 steps" in lab.message.value
    text = lab.export_csv()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == 4


def test_export_csv_has_provenance_and_every_trial(lab):
    lab.run()
    text = lab.export_csv()
    check_provenance(text, lab.controls, seed=0)
    body = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    header = body[0].split(",")
    assert {"number", "x", "y", "accuracy", "energy_pj", "search"} <= set(header)
    assert len(body) == 1 + 16
    searches = [ln.split(",")[header.index("search")] for ln in body[1:]]
    assert searches == ["tpe"] * 8 + ["random"] * 8
    lab.export_button.click()
    assert "design_trials.csv" in lab.export_link.value


def test_best_json_is_the_best_feasible_trial(lab):
    lab.run()
    payload = json.loads(lab.best_json())
    feasible = [r for r in lab.rows["search"] if r["accuracy"] >= 0.92]
    want = min(feasible, key=lambda r: r["energy_pj"])
    assert payload["best"]["number"] == want["number"]
    assert payload["best"]["metrics"]["energy_pj"] == pytest.approx(want["energy_pj"])
    assert payload["budget"] == 8 and payload["sampler"] == "tpe"
    lab.best_button.click()
    assert "best_design.json" in lab.export_link.value


def test_pareto_objective_draws_the_front(lab):
    lab.controls["objective"].value = "pareto"
    lab.controls["sampler"].value = "nsga2"
    lab.compare_control.value = False
    lab.run()
    assert lab.error == ""
    assert "accuracy" in lab.fig_convergence.layout.yaxis.title.text
    assert len(lab.fig_trials.data[2].x) >= 1


def test_export_before_a_run_is_a_message_not_a_traceback():
    lab = DesignLab(background=False)
    lab.guarded(lab.export_csv, "export")()
    assert "run a search first" in lab.error


def test_best_so_far_doc_and_figures():
    rows = [dict(accuracy=0.9, energy_pj=100.0), dict(accuracy=0.95, energy_pj=300.0)]
    assert best_so_far(rows, "target", 0.92, 1e3) == [None, 300.0]
    fig = trials_figure(rows, target_accuracy=0.92, target_energy=200.0)
    assert len(fig.data[1].x) == 2
    fig = convergence_figure({"gp": rows, "random": rows[:1]})
    assert [len(t.y) for t in fig.data] == [2, 1]


@pytest.mark.slow
def test_a_real_engine_search_at_a_tiny_budget():
    lab = DesignLab(background=False)
    lab.controls["budget"].value = 4
    lab.controls["sampler"].value = "random"
    lab.compare_control.value = False
    lab.run()
    assert lab.error == ""
    rows = lab.rows["search"]
    assert len(rows) == 4
    for r in rows:
        assert 0.0 < r["accuracy"] <= 1.0 and r["energy_pj"] > 0


# ------------------------------------------------------------------ the data-driven tab
@pytest.fixture(scope="module")
def data_lab():
    pytest.importorskip("sklearn")
    lab = DesignLab(background=False)
    lab.ensure_tab(1)
    return lab


def test_data_tab_fits_both_models_to_the_sample(data_lab):
    from neuroexplore.devices import get_device

    lab = data_lab
    assert lab.error == ""
    fits = lab.comparison
    # the sample is the HZO FeFET preset with c2c 0.005 (its file header): both models
    # recover the noise level and the states, and follow the data within a few noise steps
    dev = get_device("HZO FeFET")
    assert fits.states == (dev.states_ltp, dev.states_ltd)
    window = fits.conductance.max() - fits.conductance.min()
    for which in ("physical", "learned"):
        assert fits.rmse(which) < 0.03 * window, which
    assert fits.c2c_learned == pytest.approx(dev.c2c_sigma, rel=0.5)
    assert len(lab.fig_model.data[0].x) == fits.conductance.size
    assert len(lab.fig_model.data[2].y) == dev.states_ltp + dev.states_ltd + 1
    assert "RMSE learned (gp)" in lab.model_table.value


def test_data_tab_reads_uploads_like_the_device_lab(data_lab):
    from neuroexplore.widgets.design_lab import measurement_text

    lab = data_lab
    lab.load_text(measurement_text("resistance_kohm.csv"), "mine.csv")
    assert lab.measurement_control.value == "(uploaded)" and lab.error == ""
    assert lab.comparison.source == "mine.csv"
    lab.load_text("pulse,conductance (S)\n0,1\n", "bad.csv")
    assert lab.error.startswith("bad.csv: line 2")  # the engine's message, named
    lab.measurement_control.value = "sample_pulse_measurement.csv"
    assert lab.error == ""
