"""ReservoirLab headless: sliders redraw, buttons run, errors are shown, CSV exports."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.widgets.reservoir_lab import ReservoirLab

from .helpers import check_provenance, figure_data, one_step


@pytest.fixture(scope="module")
def lab():
    return ReservoirLab(background=False)


def test_starts_with_a_benchmark_and_no_error(lab):
    assert lab.error == ""
    e = lab.result.nrmse
    assert e["device"] < e["persistence"] < e["mean"] + 0.1
    assert len(lab.fig_pred.data[0].y) > 0 and len(lab.fig_drive.data[0].y) > 0


@pytest.mark.parametrize("group", ["device_controls", "task_controls"])
def test_every_slider_changes_a_plot(lab, group):
    for name, ctl in getattr(lab, group).items():
        before, start = figure_data(lab.fig_drive, lab.fig_pred, lab.fig_bars), ctl.value
        ctl.value = one_step(ctl)
        assert figure_data(lab.fig_drive, lab.fig_pred, lab.fig_bars) != before, name
        ctl.value = start
        assert lab.error == "", name


def test_device_sliders_redraw_the_pulse_preview(lab):
    before = figure_data(lab.fig_drive)
    lab.device_controls["v_max"].value = 2.5
    assert figure_data(lab.fig_drive) != before
    v = np.asarray(lab.fig_drive.data[0].y)
    assert v.max() <= 2.5 and v.min() >= -0.8
    lab.device_controls["v_max"].value = 2.0


def test_size_sweep_button_fills_the_size_plot(lab):
    lab.run_button.click()
    assert lab.error == ""
    assert list(lab.fig_size.data[0].x) == [10, 20, 40, 80, 160]
    assert lab.progress.bar.value == pytest.approx(1.0)
    assert lab.sweep.device[-1] < lab.sweep.device[0]
    csv = lab.export_csv()
    assert "device NRMSE" in csv and "n_devices,size" in csv
    info = check_provenance(csv, lab.device_controls, lab.task_controls,
                            {"size": lab.size_control}, seed=0, params=("n_train", "n_test"))
    assert info["parameters"]["tau"][1] == "s" and "ReservoirLab" in info["what"]
    assert not any("had" in n for n in info["notes"])
    # a control moved after the sweep: the export says what the sweep had
    horizon = lab.task_controls["horizon"]
    start = horizon.value
    horizon.value = one_step(horizon)
    notes = check_provenance(lab.export_csv(), lab.task_controls, seed=0)["notes"]
    assert f"the size sweep had horizon = {start} steps" in notes, notes
    horizon.value = start
    lab.export_button.click()
    assert "data:text/csv;base64" in lab.export_link.value


def test_an_impossible_setting_shows_an_error_instead_of_raising(lab):
    lab.device_controls["node_interval"].value = 5e-4  # shorter than the 1 ms pulse
    assert "node_interval" in lab.error
    lab.device_controls["node_interval"].value = 5e-3
    assert lab.error == ""


def test_pattern_tab_previews_and_classifies(lab):
    c = lab.pattern_controls
    for name in ("noise", "v_pulse", "slot_interval", "tau"):
        before = figure_data(lab.fig_pattern)
        c[name].value = one_step(c[name])
        assert figure_data(lab.fig_pattern) != before, name
    before = figure_data(lab.fig_pattern)
    lab.digit_control.value = 7
    assert figure_data(lab.fig_pattern) != before
    for name in ("noise", "v_pulse", "slot_interval", "tau"):
        c[name].value = {"noise": 0.05, "v_pulse": 2.0, "slot_interval": 0.02,
                         "tau": 0.05}[name]
    lab.pattern_run_button.click()
    assert lab.error == ""
    r = lab.pattern_result
    assert r.accuracy["device"] > r.chance + 0.4
    assert list(lab.fig_classes.data[0].y) == [r.accuracy[k] for k in ("device", "esn",
                                                                        "pixels")]
    assert lab.pattern_progress.bar.value == pytest.approx(1.0)
    assert "device accuracy" in lab.export_patterns_csv()
    check_provenance(lab.export_patterns_csv(), lab.pattern_controls, seed=0)


def test_stop_ends_the_size_sweep_early_and_a_later_sweep_completes():
    lab = ReservoirLab(background=True)

    def on_progress(change) -> None:
        if change["new"] > 0:
            lab.stop_button.click()

    lab.progress.bar.observe(on_progress, "value")
    lab.run_button.click()
    lab.runner.join(120)
    assert not lab.runner.running and not lab.busy and lab.error == ""
    assert lab.sweep.cancelled and lab.sweep.n_devices.size == 1
    assert "stopped after 1 of 5 steps" in lab.message.value
    assert "(stopped)" in lab.fig_size.layout.title.text
    assert list(lab.fig_size.data[0].x) == [10]
    assert "stopped early" in lab.export_csv()
    assert not lab.run_button.disabled and lab.stop_button.disabled
    lab.progress.bar.unobserve(on_progress, "value")
    lab.run_button.click()
    lab.runner.join(120)
    assert not lab.sweep.cancelled and lab.sweep.n_devices.size == 5
    assert "stopped" not in lab.message.value
