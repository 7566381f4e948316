"""StdpLearningLab headless: sliders drive cheap previews; Train runs with progress."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.widgets.stdp_learning_lab import (
    StdpLearningLab,
    accuracy_figure,
    device_curve_figure,
    mosaic,
    receptive_fields_figure,
    window_figure,
)

from .helpers import check_provenance, figure_data


@pytest.fixture(scope="module")
def lab():
    return StdpLearningLab(background=False)


def test_starts_with_previews_and_no_error(lab):
    assert lab.error == ""
    assert len(lab.fig_device.data[0].y) == 97 + 100 + 1  # Ag:a-Si: 97 LTP + 100 LTD pulses
    assert np.shape(lab.fig_fields.data[0].z) == (5 * 9 - 1, 6 * 9 - 1)  # 30 neurons: 5 x 6
    assert lab.fig_accuracy.data[0].y[0] == pytest.approx(0.1)
    assert lab.export_button.disabled


def test_every_slider_changes_a_preview(lab):
    figs = (lab.fig_device, lab.fig_window, lab.fig_fields, lab.fig_data)
    for name, ctl in lab.sliders.items():
        before, start = figure_data(*figs, decimals=12), ctl.value
        ctl.value = min(ctl.max, ctl.value + ctl.step)
        assert figure_data(*figs, decimals=12) != before, name
        ctl.value = start
        assert lab.error == ""


def test_device_choice_redraws_curve_and_window(lab):
    before = figure_data(lab.fig_device, lab.fig_window, decimals=12)
    lab.device_control.value = "PCMO"
    assert figure_data(lab.fig_device, lab.fig_window, decimals=12) != before
    assert len(lab.fig_device.data[0].y) == 101  # 50 + 50 pulses
    lab.device_control.value = "float"
    for k in (0, 2):  # depression and potentiation panels
        req, real = lab.fig_window.data[k].y, lab.fig_window.data[k + 1].y
        np.testing.assert_allclose(req, real)  # float weights realise the rule exactly
    lab.device_control.value = "Ag:a-Si"
    assert lab.error == ""


def test_size_setting_fills_the_sliders(lab):
    lab.size_control.value = "full"
    assert (lab.sliders["n_neurons"].value, lab.sliders["epochs"].value) == (100, 2)
    lab.size_control.value = "default"
    assert (lab.sliders["n_neurons"].value, lab.sliders["n_train"].value) == (30, 400)


def test_train_button_runs_with_progress_and_exports(lab):
    lab.sliders["n_neurons"].value = 6
    lab.sliders["n_train"].value = 30
    lab.train_button.click()
    assert lab.error == ""
    assert lab.progress.bar.value == pytest.approx(1.0)
    runs = lab.runs
    assert set(runs) == {"device", "float", "kmeans", "chance"}
    y = lab.fig_accuracy.data[0].y
    assert y[1] == pytest.approx(runs["device"].accuracy)
    assert y[2] == pytest.approx(runs["float"].accuracy)
    assert "synapses" in lab.fig_fields.layout.annotations[0].text
    assert not lab.export_button.disabled
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value
    text = lab.export_csv()
    body = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert len(body) == 1 + 6 and body[0].startswith("neuron,label,theta_mV")
    from neuroexplore.applications.stdp_learning import STDP_LEARNING_SPECS
    from neuroexplore.params import ParamSpec

    info = check_provenance(text, lab.sliders, {"device": lab.device_control,
                                                "size": lab.size_control}, seed=0,
                            params=[s.name for s in STDP_LEARNING_SPECS])
    for spec in STDP_LEARNING_SPECS:  # every engine parameter, with its unit
        unit = info["parameters"][spec.name][1]
        assert unit == ((spec.unit or "1") if isinstance(spec, ParamSpec) else None), spec.name
    assert info["parameters"]["t_present"][1] == "ms"
    assert f"accuracy_device = {runs['device'].accuracy:.6g}" in info["notes"]


def test_stop_ends_training_early_and_a_later_run_completes():
    lab = StdpLearningLab(background=True)
    lab.sliders["n_neurons"].value = 6
    lab.sliders["n_train"].value = 40

    def on_progress(change) -> None:
        if change["new"] > 0:
            lab.stop_button.click()

    lab.progress.bar.observe(on_progress, "value")
    lab.train_button.click()
    lab.runner.join(120)
    assert not lab.runner.running and not lab.busy and lab.error == ""
    runs = lab.runs
    assert runs["device"].cancelled and runs["float"] is None and np.isnan(runs["kmeans"])
    assert runs["device"].spikes_per_digit.size == 10  # the first drawn step: 10 digits
    assert "training stopped after 10 of 80 steps" in lab.message.value
    assert "(stopped)" in lab.summary.value and "not trained" in lab.summary.value
    assert "training stopped early" in lab.export_csv()
    assert not lab.train_button.disabled and lab.stop_button.disabled
    lab.progress.bar.unobserve(on_progress, "value")
    lab.train_button.click()
    lab.runner.join(120)
    assert not lab.runs["device"].cancelled and not lab.runs["float"].cancelled
    assert lab.runner.done == 80 and "stopped" not in lab.message.value


def test_errors_show_in_the_lab(lab, monkeypatch):
    import neuroexplore.widgets.stdp_learning_lab as mod

    def boom(**_kwargs):
        raise ValueError("n_train = 0 is outside its valid range")

    monkeypatch.setattr(mod, "compare_with_baselines", boom)
    lab.train_button.click()
    assert "n_train" in lab.error


def test_static_figures(lab):
    from neuroexplore.applications.stdp_learning import compare_with_baselines

    assert len(device_curve_figure("HZO FeFET", 0.1).data[1].y) > 0
    assert len(window_figure("PCMO").data) == 4  # requested and realised, LTD and LTP
    runs = compare_with_baselines(seed=0, device="ideal", n_neurons=4, n_train=20, n_test=20,
                                  t_present=100.0)
    assert len(receptive_fields_figure(runs["device"], runs["float"]).data) == 2
    assert list(accuracy_figure(runs).data[0].y)[0] == 0.1
    z, rows, cols = mosaic(np.ones((5, 8, 8)))
    assert (rows, cols) == (2, 3) and np.isnan(z).sum() == z.size - 5 * 64
