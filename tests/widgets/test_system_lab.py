"""SystemLab headless: sliders change figures, buttons train, errors show in the lab."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from neuroexplore.systems import reflex_threshold
from neuroexplore.widgets.system_lab import SystemLab

from .helpers import check_provenance, figure_data


@pytest.fixture(scope="module")
def lab():
    return SystemLab()


def test_starts_on_the_afferent_tab_without_error_and_without_torch():
    code = ("import sys; from neuroexplore.widgets.system_lab import SystemLab; "
            "lab = SystemLab(); assert lab.error == '', lab.error; "
            "assert lab._built_tabs == {0}; assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_every_afferent_slider_changes_a_plot(lab):
    figs = (lab.fig_transfer, lab.fig_spikes)
    for name, ctl in lab.afferent_controls.items():
        before, start = figure_data(*figs), ctl.value
        ctl.value = start + ctl.step if start + ctl.step <= ctl.max else start - ctl.step
        assert figure_data(*figs) != before, name
        ctl.value = start
        assert lab.error == ""


def test_reflex_fires_above_the_threshold_pressure(lab):
    c = lab.afferent_controls
    p_star = reflex_threshold(lab.nerve)
    assert 0 < p_star < 100
    assert lab.p_star == pytest.approx(p_star, abs=0.02)
    c["pressure"].value = float(np.ceil(p_star + 1))
    assert bool(lab.response.fires) and "REFLEX FIRES" in lab.reflex_status.value
    c["pressure"].value = float(np.floor(p_star - 1))
    assert not bool(lab.response.fires) and "no reflex" in lab.reflex_status.value
    # the dotted line marks P*, the dashed one the threshold current
    assert list(lab.fig_transfer.data[3].x) == pytest.approx([lab.p_star] * 2)
    assert list(lab.fig_transfer.data[2].y) == pytest.approx([c["threshold"].value] * 2)


def test_engine_errors_show_in_the_lab(lab):
    gain = lab.afferent_controls["gain"]
    low, start = gain.min, gain.value
    gain.min = 0.0
    gain.value = 0.0
    assert "gain" in lab.error
    gain.value = start
    gain.min = low
    assert lab.error == ""


def test_exports_and_touch_classifier(lab):
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value
    text = lab.export_afferent_csv()
    assert "# artificial afferent nerve" in text
    check_provenance(text, lab.afferent_controls, seed=None)
    lab.touch_button.click()
    res = lab.touch_classification
    assert res.accuracy > res.chance + 0.3
    assert lab.touch_progress.bar.value == pytest.approx(1.0)
    assert "%" in lab.touch_result.value


def test_in_sensor_tab_previews_and_trains(lab):
    lab.tabs.selected_index = 1
    assert lab.error == ""
    assert lab.in_sensor_result.test_accuracy > 0.8
    c = lab.in_sensor_controls
    before = figure_data(lab.fig_letters)
    c["noise"].value = 0.7
    assert figure_data(lab.fig_letters) != before
    before = figure_data(lab.fig_responsivity)
    c["levels"].value = 3
    assert figure_data(lab.fig_responsivity) != before
    assert np.unique(np.round(np.asarray(lab.fig_responsivity.data[0].z, float), 9)).size <= 3
    c["epochs"].value = 5
    lab.train_button.click()
    assert len(lab.fig_accuracy.data[0].y) == 5
    assert lab.in_sensor_progress.bar.value == pytest.approx(1.0)
    assert "data:text/csv" in lab.in_sensor_export.value
    assert lab.error == ""
    check_provenance(lab.in_sensor_csv, c, seed=0, params=("n_per_class",))


def test_fusion_tab_previews_and_runs(lab):
    lab.tabs.selected_index = 2
    assert lab.error == ""
    res = lab.fusion_result
    assert res.accuracy["fused"] > max(res.accuracy["touch"], res.accuracy["vision"])
    assert list(lab.fig_fusion.data[0].y) == pytest.approx(
        [res.accuracy[m] for m in ("touch", "vision", "fused")])
    for name, ctl in lab.fusion_controls.items():
        before = figure_data(lab.fig_senses)
        ctl.value = ctl.max
        assert figure_data(lab.fig_senses) != before, name
    lab.fusion_controls["vision_noise"].value = 0.35
    lab.fusion_controls["touch_noise"].value = 35.0
    lab.fusion_controls["contrast_min"].value = 0.2
    lab.fusion_controls["press"].value = 40.0
    lab.fusion_button.click()
    assert lab.fusion_progress.bar.value == pytest.approx(1.0)
    assert "data:text/csv" in lab.fusion_export.value
    assert lab.error == ""
    check_provenance(lab.fusion_csv, lab.fusion_controls, lab.afferent_controls, seed=0)
