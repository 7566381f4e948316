"""HopfieldLab headless: sliders re-program and recall at once; sweeps run on a button."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.widgets.hopfield_lab import (
    HopfieldLab,
    capacity_figure,
    energy_figure,
    recall_figure,
    sweep_figure,
)

from .helpers import check_provenance, figure_data


@pytest.fixture(scope="module")
def lab():
    return HopfieldLab(background=False)


def test_starts_with_a_recall_and_no_error(lab):
    assert lab.error == ""
    assert lab.result.patterns.shape == (12, 100)
    assert lab.fig_images.data[0].z is not None and np.shape(lab.fig_images.data[0].z) == (10, 10)
    assert "crossbar" in lab.fig_images.layout.title.text


def test_every_slider_changes_a_plot(lab):
    figs = (lab.fig_images, lab.fig_fields, lab.fig_overlap)
    for name, ctl in [*lab.sliders.items(), ("shown pattern", lab.index_control)]:
        before, start = figure_data(*figs, decimals=12), ctl.value
        ctl.value = min(ctl.max, ctl.value + ctl.step)
        assert figure_data(*figs, decimals=12) != before, name
        ctl.value = start
        assert lab.error == ""


def test_noise_shows_in_the_probe_and_float_device_matches_the_baseline(lab):
    lab.sliders["flip_fraction"].value = 0.3
    flipped = np.sum(lab.result.probes != lab.result.patterns, axis=1)
    assert np.all(flipped == 30)
    lab.device_control.value = "float"
    np.testing.assert_array_equal(lab.result.trace.states, lab.result.baseline.states)
    lab.device_control.value = "Ag:a-Si"
    lab.sliders["flip_fraction"].value = 0.1
    assert lab.error == ""


def test_sweep_button_fills_both_panels_with_progress(lab, monkeypatch):
    import neuroexplore.widgets.hopfield_lab as mod

    monkeypatch.setattr(mod, "SIZES", {"default": {"n_neurons": 100, "seeds": 1},
                                       "full": {"n_neurons": 200, "seeds": 1}})
    monkeypatch.setattr(mod, "NOISE_GRID", (0.0, 0.3))
    monkeypatch.setattr(mod, "SIGMA_GRID", (0.0, 0.5))
    lab.run_button.click()
    assert lab.error == ""
    assert lab.progress.bar.value == pytest.approx(1.0)
    assert list(lab.fig_sweeps.data[0].x) == [0.0, 0.3]
    assert list(lab.fig_sweeps.data[4].x) == [0.0, 0.5]
    assert lab.fig_sweeps.data[0].y[0] >= lab.fig_sweeps.data[0].y[1]
    text = lab.export_csv()
    assert "\npattern,flipped_bits" in text and "d2d_sigma,overlap" in text
    info = check_provenance(text, lab.sliders, {"device": lab.device_control,
                                                "update": lab.update_control}, seed=0,
                            params=("n_neurons", "max_sweeps", "size"))
    assert "HopfieldLab" in info["what"] and info["parameters"]["n_neurons"] == ("100", "1")
    assert info["parameters"]["flip_fraction"][1] == "1"  # a fraction: dimensionless
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value


def test_engine_error_is_shown_not_raised(lab, monkeypatch):
    import neuroexplore.widgets.hopfield_lab as mod

    def boom(**_kwargs):
        raise ValueError("n_patterns = 999 is outside its valid range")

    monkeypatch.setattr(mod, "run_hopfield", boom)
    lab.sliders["n_patterns"].value = 13
    assert "n_patterns" in lab.error
    monkeypatch.undo()
    lab.sliders["n_patterns"].value = 12
    assert lab.error == ""


def test_static_figures_for_the_notebook(lab):
    from neuroexplore.applications import hopfield as hf

    fig = recall_figure(lab.result, 2)
    assert len(fig.data) == 4
    noise = hf.recall_vs_noise((0.0, 0.2), seeds=1, device="float")
    assert len(sweep_figure(noise=noise).data) == 8
    cap = hf.capacity_curve((0.05, 0.2), n_neurons=60, seeds=1)
    assert len(capacity_figure(cap).data) == 3
    xi = hf.random_patterns(3, 30, seed=0)
    tr = hf.recall(hf.hebbian_weights(xi), hf.corrupt(xi, 0.2), record_steps=True)
    assert len(energy_figure(tr, 30).data) == 3
    with pytest.raises(ValueError, match="record_steps"):
        energy_figure(hf.recall(hf.hebbian_weights(xi), xi), 30)


def _stop_after_first_step(lab) -> list:
    """Press Stop from the progress bar as soon as the first step is reported."""
    steps: list = []

    def on_progress(change) -> None:
        if change["new"] > 0:
            steps.append(lab.runner.done)
            lab.stop_button.click()

    lab.progress.bar.observe(on_progress, "value")
    return steps


def test_stop_ends_the_sweeps_early_and_a_later_run_completes(monkeypatch):
    import neuroexplore.widgets.hopfield_lab as mod

    monkeypatch.setattr(mod, "SIZES", {"default": {"n_neurons": 100, "seeds": 2},
                                       "full": {"n_neurons": 200, "seeds": 2}})
    monkeypatch.setattr(mod, "NOISE_GRID", (0.0, 0.2, 0.4))
    monkeypatch.setattr(mod, "SIGMA_GRID", (0.0, 0.5))
    lab = HopfieldLab(background=True)
    steps = _stop_after_first_step(lab)
    lab.run_button.click()
    lab.runner.join(60)
    assert not lab.runner.running and not lab.busy
    total = 2 * (3 + 2)
    assert steps and lab.runner.done < total
    assert "stopped after 1 of 10 steps" in lab.message.value
    assert "(stopped)" in lab.fig_sweeps.layout.title.text
    assert lab.sweeps["noise"].cancelled and "variation" not in lab.sweeps
    assert not lab.run_button.disabled and lab.stop_button.disabled
    assert "stopped early" in lab.export_csv()
    # a later run (Stop no longer pressed) runs every step
    lab.progress.bar.unobserve_all()
    lab.run_button.click()
    lab.runner.join(60)
    assert lab.runner.done == total and lab.error == ""
    assert not lab.sweeps["noise"].cancelled and not lab.sweeps["variation"].cancelled
    assert "(stopped)" not in lab.fig_sweeps.layout.title.text
    assert "stopped" not in lab.message.value


def test_stop_clicked_from_the_kernel_thread_ends_a_background_run(monkeypatch):
    """As in a notebook: the run goes on in its thread while the kernel handles the click."""
    import time

    import neuroexplore.widgets.hopfield_lab as mod

    monkeypatch.setattr(mod, "SIZES", {"default": {"n_neurons": 100, "seeds": 40},
                                       "full": {"n_neurons": 200, "seeds": 40}})
    lab = HopfieldLab(background=True)
    lab.run_button.click()
    assert lab.runner.running  # the click returned at once; the run goes on
    deadline = time.monotonic() + 60
    while lab.runner.done < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    lab.stop_button.click()
    lab.runner.join(60)
    total = 40 * (len(mod.NOISE_GRID) + len(mod.SIGMA_GRID))
    assert not lab.runner.running and 1 <= lab.runner.done < total
    assert f"of {total} steps" in lab.message.value
    assert any(s.cancelled for s in lab.sweeps.values())
