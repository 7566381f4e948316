"""PerspectivesLab headless: sliders move plots, the check names the limiter, export works."""

from __future__ import annotations

import base64
import csv

import numpy as np
import pytest

from neuroexplore.devices import presets
from neuroexplore.perspectives import (
    FOM_GROUP_LABELS,
    IDEAL_FOM,
    DeviceFiguresOfMerit,
    EvaluationSettings,
    evaluate_design,
    limiting_fom,
    preset_figures_of_merit,
    tradeoff_table,
)
from neuroexplore.widgets import perspectives_lab as pl
from neuroexplore.widgets.perspectives_lab import PerspectivesLab

from .helpers import check_provenance, one_step


@pytest.fixture(scope="module")
def lab():
    return PerspectivesLab()


def _sig(fig):
    return [[np.asarray(v if v is not None else [], dtype=object).tolist() for v in (d.x, d.y)]
            for d in fig.data]


def test_starts_without_error_with_every_preset_and_the_design(lab):
    assert lab.error == ""
    assert lab.design() == DeviceFiguresOfMerit(name="my design",
                                                reference="designed in PerspectivesLab")
    assert list(lab.fig_tradeoff.data[0].text) == list(presets())
    star = lab.fig_tradeoff.data[1]
    ref = evaluate_design(lab.design(), lab.settings)
    assert star.x[0] == pytest.approx(ref.energy * 1e12)
    assert star.y[0] == pytest.approx(100 * ref.accuracy)


def test_every_visible_slider_changes_a_plot(lab):
    for name, ctl in [*lab.fom_controls.items(), *lab.target_controls.items()]:
        before = (_sig(lab.fig_tradeoff), _sig(lab.fig_foms))
        start = ctl.value
        ctl.value = one_step(ctl)
        assert (_sig(lab.fig_tradeoff), _sig(lab.fig_foms)) != before, name
        ctl.value = start
        assert lab.error == ""


def test_a_worse_variation_moves_the_star_down(lab):
    acc0 = lab.fig_tradeoff.data[1].y[0]
    lab.fom_controls["c2c_sigma"].value = 0.2
    assert lab.fig_tradeoff.data[1].y[0] < acc0 - 10
    lab.fom_controls["c2c_sigma"].value = DeviceFiguresOfMerit().c2c_sigma
    assert lab.fig_tradeoff.data[1].y[0] == pytest.approx(acc0)


def test_compare_and_copy_a_preset(lab):
    before = _sig(lab.fig_foms)
    lab.compare_select.value = "PCMO"
    assert _sig(lab.fig_foms) != before and lab.fig_foms.data[1].name == "PCMO"
    lab.copy_button.click()
    pcmo = preset_figures_of_merit("PCMO")
    assert lab.design().values() == pcmo.values()
    i = list(presets()).index("PCMO")
    # the copied design lands on the preset's point (same figures, same seeds)
    assert lab.fig_tradeoff.data[1].x[0] == pytest.approx(lab.fig_tradeoff.data[0].x[i])
    assert lab.fig_tradeoff.data[1].y[0] == pytest.approx(lab.fig_tradeoff.data[0].y[i])
    lab.load_design(DeviceFiguresOfMerit())


def test_check_names_the_limiting_figure_of_merit(lab):
    lab.load_design(IDEAL_FOM.with_params(name="my design", c2c_sigma=0.3))
    lab.check_button.click()
    assert lab.error == ""
    assert lab.analysis.limiter == "variation"
    assert FOM_GROUP_LABELS["variation"] in lab.feedback.value
    assert "variation" in lab.fig_repair.layout.title.text
    assert lab.progress.bar.value == pytest.approx(1.0)
    gains = dict(zip(lab.fig_repair.data[0].x, lab.fig_repair.data[0].y, strict=True))
    ref = limiting_fom(lab.design(), lab.settings, **lab.targets())
    assert gains[FOM_GROUP_LABELS["variation"]] == pytest.approx(
        100 * ref.accuracy_gain["variation"])
    lab.load_design(IDEAL_FOM.with_params(name="my design"))
    lab.check_button.click()
    assert "neuroexplore-feedback-correct" in lab.feedback.value
    lab.load_design(DeviceFiguresOfMerit())


def test_export_csv_holds_presets_and_design(lab):
    lab.export_button.click()
    payload = lab.export_link.value.split("base64,", 1)[1].split('"', 1)[0]
    text = base64.b64decode(payload).decode()
    rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
    info = check_provenance(text, lab.fom_controls, lab.target_controls,
                            seed=lab.settings.seed)
    for spec in type(lab.settings).SPECS:  # every evaluation setting, with its unit
        assert f"settings.{spec.name}" in info["parameters"], spec.name
    assert [r["name"] for r in rows] == [*presets(), "my design"]
    assert rows[-1]["kind"] == "design"
    assert float(rows[-1]["accuracy"]) == pytest.approx(lab.design_result.accuracy, abs=1e-6)


def test_settings_apply_re_evaluates_presets_and_design(lab):
    ctl = lab.settings_controls["t_deploy"]
    ctl.value = 3.0e7
    lab.apply_button.click()
    assert lab.error == ""
    assert lab.settings.t_deploy == pytest.approx(3.0e7)
    assert lab.design_result.settings == lab.settings
    assert lab.design_result.retained == pytest.approx(
        DeviceFiguresOfMerit().retained_fraction(3.0e7))
    assert lab.settings_progress.bar.value == pytest.approx(1.0)
    ctl.value = EvaluationSettings().t_deploy
    lab.apply_button.click()


def test_an_engine_error_is_shown_not_raised(lab, monkeypatch):
    def broken(*_a, **_k):
        raise ValueError("engine says no")

    monkeypatch.setattr(pl, "evaluate_design", broken)
    ctl = lab.fom_controls["states_ltp"]
    ctl.value = one_step(ctl)
    assert lab.error == "engine says no"
    monkeypatch.undo()
    ctl = lab.fom_controls["states_ltp"]
    ctl.value = one_step(ctl)
    assert lab.error == ""


def test_static_figures_for_the_notebook():
    s = EvaluationSettings(repeats=1)
    design = DeviceFiguresOfMerit(name="mine")
    table = tradeoff_table([design, IDEAL_FOM], s)
    fig = pl.tradeoff_figure(table)
    assert list(fig.data[0].text) == list(presets())
    assert fig.data[1].name == "mine" and len(fig.data) == 5  # + one extra star
    assert fig.data[1].y[0] == pytest.approx(100 * table.result("mine").accuracy)
    bars = pl.fom_figure([design, IDEAL_FOM])
    assert list(bars.data[1].x) == [1.0] * 6
    analysis = limiting_fom(design, s)
    rep = pl.repair_figure(analysis)
    assert list(rep.data[0].y) == pytest.approx(
        [100 * analysis.accuracy_gain[g] for g in analysis.accuracy_gain])
