"""NeuronLab headless: controls come from the engine's specs and update the figures."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import model_info, models, simulate
from neuroexplore.widgets import NeuronLab


@pytest.fixture(scope="module")
def lab():
    return NeuronLab("izhikevich", preset="RS")


def _y(fig, i=0):
    return np.asarray(fig.data[i].y, dtype=float).copy()


def test_sliders_are_built_from_param_specs(lab):
    for spec in model_info("izhikevich").specs:
        ctl = lab.param_controls[spec.name]
        assert (ctl.min, ctl.max) == (spec.low, spec.high)
        if spec.unit:
            assert spec.unit in ctl.description


def test_every_parameter_slider_changes_the_trace(lab):
    lab.model_select.value = "izhikevich"
    for name, ctl in lab.param_controls.items():
        before = _y(lab.fig_trace)
        ctl.value = ctl.value + 5 * ctl.step if ctl.value + 5 * ctl.step <= ctl.max else ctl.min
        after = _y(lab.fig_trace)
        assert before.shape != after.shape or not np.allclose(before, after), name
    assert lab.error == ""


def test_plot_shows_the_engine_result(lab):
    lab.model_select.value = "hodgkin_huxley"
    lab.stimulus_select.value = "step"
    tr = lab.trace
    ref = simulate("hh", current=lab._stimulus(), t_stop=lab.t_stop.value, dt=0.01, **lab.params)
    np.testing.assert_allclose(tr.spike_times, ref.spike_times)
    assert lab.fig_trace.data[1].x is not None and len(lab.fig_trace.data[1].x) == len(
        ref.spike_times
    )


@pytest.mark.parametrize("model", models())
def test_every_model_builds_without_error(lab, model):
    lab.model_select.value = model
    assert lab.error == ""
    assert len(lab.fig_trace.data[0].y) > 10


def test_phase_plane_for_planar_models(lab):
    lab.model_select.value = "fitzhugh_nagumo"
    lab.tabs.selected_index = 1  # built when first opened
    assert lab.tabs.children[1].children[0] is lab.fig_phase
    assert len(lab.fig_phase.data[1].x) > 10  # v-nullcline drawn
    assert len(lab.fig_phase.data[4].x) >= 1  # a fixed point
    before = np.asarray(lab.fig_phase.data[2].y, dtype=float).copy()  # w-nullcline
    lab.param_controls["a"].value = 0.9  # while shown, it follows the sliders
    assert not np.allclose(before, np.asarray(lab.fig_phase.data[2].y, dtype=float))
    lab.model_select.value = "lif"
    assert len(lab.fig_phase.data[1].x or []) == 0
    lab.tabs.selected_index = 0


def test_only_the_visible_figure_is_built_at_start():
    fresh = NeuronLab("lif")
    assert fresh.fig_phase is None and fresh.fig_fi is None


def test_fi_curve_is_computed_when_its_tab_opens(lab):
    lab.model_select.value = "lif"
    lab.tabs.selected_index = 2
    rates = _y(lab.fig_fi)
    assert rates.size > 5 and np.all(np.diff(rates) >= -1e-9) and rates.max() > 0
    lab.tabs.selected_index = 0


def test_bad_input_shows_a_message_not_a_traceback(lab):
    lab.model_select.value = "lif"
    lab.stimulus_select.value = "pulse_train"
    lab.stim_controls["frequency"].value = 400.0
    lab.stim_controls["width"].value = 10.0  # longer than the 2.5 ms period
    assert "width" in lab.error and "period" in lab.error
    lab.stim_controls["width"].value = 1.0
    assert lab.error == ""
    lab.stimulus_select.value = "step"


def test_export_csv_roundtrip(lab):
    lab.model_select.value = "izhikevich"
    text = lab.export_csv()
    header = text.splitlines()[0].split(",")
    assert header[:2] == ["t_ms", "v"]
    data = np.loadtxt(text.splitlines()[1:], delimiter=",")
    assert data.shape[0] == lab.trace.t.size
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value
