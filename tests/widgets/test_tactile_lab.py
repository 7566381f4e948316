"""TactileLab headless: sliders redraw the sweep, Run trains and sweeps noise, errors shown."""

from __future__ import annotations

import pytest

from neuroexplore.applications import tactile
from neuroexplore.provenance import read_provenance
from neuroexplore.widgets import tactile_lab
from neuroexplore.widgets.tactile_lab import TactileLab

from .helpers import check_provenance, figure_data, one_step


@pytest.fixture(scope="module")
def lab():
    return TactileLab(background=False)


def test_starts_without_error_and_shows_a_sweep(lab):
    assert lab.error == ""
    assert len(lab.fig_trace.data[0].y) > 100
    assert lab.preview.spike_counts.sum() > 0


def test_every_visible_slider_changes_the_sweep(lab):
    controls = {**lab.sensor_controls, **lab.transducer_controls}
    for name, ctl in controls.items():
        if not hasattr(ctl, "step") or ctl.layout.display == "none":
            continue
        before, start = figure_data(lab.fig_trace), ctl.value
        ctl.value = one_step(ctl)
        assert figure_data(lab.fig_trace) != before, name
        ctl.value = start
        assert lab.error == ""


def test_letter_and_transducer_choices_redraw(lab):
    before = figure_data(lab.fig_trace, lab.fig_cell)
    lab.letter_control.value = "z"
    assert figure_data(lab.fig_trace, lab.fig_cell) != before
    lab.transducer_controls["transducer"].value = "triboelectric"
    assert lab.transducer_controls["x_press"].layout.display is None
    assert lab.transducer_controls["i_gain"].layout.display == "none"
    before = figure_data(lab.fig_trace)
    lab.transducer_controls["x_press"].value = 1e-3
    assert figure_data(lab.fig_trace) != before
    lab.transducer_controls["transducer"].value = "afferent"
    assert lab.error == ""


def test_run_trains_both_classifiers_and_sweeps_noise(lab, monkeypatch):
    monkeypatch.setitem(tactile.SIZE_SETTINGS, "default",
                        dict(tactile.SIZE_SETTINGS["default"], noises=(0.0, 1.0)))
    lab.run_button.click()
    assert lab.error == ""
    r = lab.result
    assert r.accuracy["device"] > r.chance + 0.5
    assert list(lab.fig_result.data[0].y) == [r.accuracy["device"], r.accuracy["pressure"]]
    assert list(lab.fig_noise.data[0].x) == [0.0, 1.0]
    assert lab.progress.bar.value == pytest.approx(1.0)
    lab.export_button.click()
    assert "data:text/csv;base64" in lab.export_link.value
    assert "noise,device_accuracy" in lab.export_csv()
    info = check_provenance(lab.export_csv(), lab.sensor_controls, lab.transducer_controls,
                            lab.task_controls, seed=0, params=("n_per_class",))
    assert info["parameters"]["speed"][1] == "mm/s" and "TactileLab" in info["what"]
    # the header states the settings of the run, not of a slider moved since
    speed = lab.sensor_controls["speed"]
    start = speed.value
    speed.value = one_step(speed)
    assert read_provenance(lab.export_csv())["parameters"]["speed"][0] == f"{start:.8g}"
    speed.value = start


@pytest.mark.parametrize("stop_at", [1, 2])
def test_stop_ends_the_run_early_and_a_later_run_completes(monkeypatch, stop_at):
    monkeypatch.setitem(tactile.SIZE_SETTINGS, "default",
                        dict(tactile.SIZE_SETTINGS["default"], n_per_class=6,
                             noises=(0.0, 0.5, 1.0)))
    lab = TactileLab(background=True)

    def on_progress(change) -> None:
        if lab.runner.done >= stop_at:
            lab.stop_button.click()

    lab.progress.bar.observe(on_progress, "value")
    lab.run_button.click()
    lab.runner.join(120)
    assert not lab.runner.running and not lab.busy and lab.error == ""
    assert f"run stopped after {stop_at} of 4 steps" in lab.message.value
    assert lab.result is not None and not lab.run_button.disabled
    if stop_at == 1:  # stopped after the benchmark: the noise sweep never started
        assert lab.noise_sweep is None and "not run" in lab.fig_noise.layout.title.text
        assert "noise sweep: not run (stopped)" in lab.export_csv()
    else:  # stopped after the first noise level
        assert lab.noise_sweep.cancelled and list(lab.noise_sweep.noise) == [0.0]
        assert "(stopped)" in lab.fig_noise.layout.title.text
        assert "stopped early" in lab.export_csv()
    lab.progress.bar.unobserve(on_progress, "value")
    lab.run_button.click()
    lab.runner.join(120)
    assert not lab.noise_sweep.cancelled and list(lab.noise_sweep.noise) == [0.0, 0.5, 1.0]
    assert lab.runner.done == 4 and "stopped" not in lab.message.value


def test_engine_errors_are_shown_not_raised(lab, monkeypatch):
    def broken(**_kw):
        raise ValueError("n_per_class = 0 is outside its valid range")

    monkeypatch.setattr(tactile_lab, "tactile_benchmark", broken)
    lab.run_button.click()
    assert "n_per_class" in lab.error
