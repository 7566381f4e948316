"""NeuronLab headless: controls come from the engine's specs and update the figures."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from neuroexplore.neurons import model_info, models, simulate, stimulus_protocol
from neuroexplore.widgets import NeuronLab
from neuroexplore.widgets.plotting import display_unit

from .helpers import check_provenance


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
    assert lab.is_built(1)
    assert lab.fig_phase in lab.tabs.children[1].children[0].children
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
    assert fresh.is_built(0) and not fresh.is_built(1) and not fresh.is_built(2)
    assert fresh.tabs.children[0].children == (fresh.fig_trace,)
    assert fresh.tabs.children[1].children == () and fresh.tabs.children[2].children == ()


def test_hidden_tabs_are_redrawn_when_shown_not_before():
    fresh = NeuronLab("fitzhugh_nagumo")
    fresh.tabs.selected_index = 1
    fresh.tabs.selected_index = 0
    before = np.asarray(fresh.fig_phase.data[2].y, dtype=float).copy()  # w-nullcline
    fresh.param_controls["a"].value = 0.9
    assert fresh.is_stale(1)  # hidden: not recomputed yet
    np.testing.assert_array_equal(np.asarray(fresh.fig_phase.data[2].y, dtype=float), before)
    fresh.tabs.selected_index = 1  # shown: drawn from the present parameters
    assert not fresh.is_stale(1)
    after = np.asarray(fresh.fig_phase.data[2].y, dtype=float)
    assert not np.allclose(before, after)
    # the w-nullcline of FitzHugh-Nagumo (FitzHugh 1961): tau dw/dt = v + a - b w = 0
    v = np.asarray(fresh.fig_phase.data[2].x, dtype=float)
    b = fresh.params["b"]
    np.testing.assert_allclose(after, (v + 0.9) / b, rtol=1e-9, atol=1e-12)


def test_fi_curve_is_recomputed_only_when_its_inputs_change(monkeypatch):
    import neuroexplore.widgets.neuron_lab as module

    calls = []

    def counting_fi_curve(*args, **kwargs):
        calls.append(kwargs)
        return module_fi_curve(*args, **kwargs)

    module_fi_curve = module.fi_curve
    monkeypatch.setattr(module, "fi_curve", counting_fi_curve)
    fresh = NeuronLab("lif")
    assert calls == []  # nothing until the tab opens
    fresh.tabs.selected_index = 2
    assert len(calls) == 1
    rates = _y(fresh.fig_fi)
    # the input moves only the operating point, read off the drawn curve
    amp = fresh.amplitude
    amp.value = amp.value + 4 * amp.step if amp.value + 4 * amp.step <= amp.max else amp.min
    fresh.t_stop.value = 300.0
    assert len(calls) == 1
    np.testing.assert_array_equal(_y(fresh.fig_fi), rates)
    now = fresh.fig_fi.data[1]
    np.testing.assert_allclose(now.x, [amp.value])
    np.testing.assert_allclose(now.y, np.interp(amp.value, fresh.fig_fi.data[0].x, rates))
    # a model parameter changes the curve: recomputed, but only while shown
    fresh.tabs.selected_index = 0
    ctl = next(iter(fresh.param_controls.values()))
    ctl.value = ctl.value + 5 * ctl.step if ctl.value + 5 * ctl.step <= ctl.max else ctl.min
    assert len(calls) == 1
    fresh.tabs.selected_index = 2
    assert len(calls) == 2
    fresh.tabs.selected_index = 0
    fresh.tabs.selected_index = 2  # nothing changed meanwhile
    assert len(calls) == 2
    assert fresh.error == ""


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
    info = check_provenance(text, lab.param_controls, lab.stim_controls,
                            {"t_stop": lab.t_stop}, seed=0, params=("dt", "current"))
    assert "izhikevich" in info["what"] and info["parameters"]["t_stop"][1] == "ms"
    data = pd.read_csv(io.StringIO(text), comment="#")  # the columns read past the header
    assert list(data.columns[:2]) == ["t_ms", "v"]
    assert data.shape[0] == lab.trace.t.size and np.isfinite(data.to_numpy()).all()
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value


@pytest.mark.parametrize("model", ["mott", "diffusive_memristor"])
def test_device_neurons_are_offered_and_spike_with_their_defaults(model):
    fresh = NeuronLab(model)
    assert model in [value for _, value in fresh.model_select.options]
    assert fresh.error == ""
    info = model_info(model)
    assert fresh.amplitude.value == info.presets["default"]["current"]
    assert len(fresh.trace.spike_times) > 5  # the default stimulus drives it above threshold
    fresh.tabs.selected_index = 2  # f-I (f-V for the Mott neuron) curve
    assert fresh.error == ""
    assert display_unit(info.current.unit) in fresh.fig_fi.layout.xaxis.title.text
    rates = _y(fresh.fig_fi)
    assert rates[0] == 0 and rates.max() > 0  # silent below threshold


def test_choosing_a_preset_loads_its_stimulus_protocol():
    """The Izhikevich TC and RZ presets bring the stimulus that shows their signature:
    a rebound burst after hyperpolarisation, a resonant doublet of pulses."""
    lab = NeuronLab("izhikevich", preset="RS")
    for name in ("TC", "RZ", "RS"):
        lab.preset_select.value = name
        proto = stimulus_protocol("izhikevich", name)
        assert lab.stimulus_select.value == proto.kind
        assert lab.amplitude.value == pytest.approx(proto.amplitude)
        assert lab.t_stop.value == proto.t_stop
        for key, value in proto.params.items():
            assert lab.stim_controls[key].value == pytest.approx(value)
        ref = simulate("izhikevich", preset=name, current=proto.stimulus(),
                       t_stop=proto.t_stop)
        np.testing.assert_allclose(lab.trace.spike_times, ref.spike_times)
        assert lab.error == ""
        if name == "TC":  # silent while hyperpolarised, a burst on release at 200 ms
            s = lab.trace.spike_times
            assert not np.any((s > 50.0) & (s < 200.0)) and np.sum(s < 250.0) >= 2
        if name == "RZ":  # the doublet at 300 and 340 ms fires
            assert np.any(lab.trace.spike_times > 300.0)
    lab.model_select.value = "hodgkin_huxley"  # a model without protocols keeps the stimulus
    assert lab.error == "" and lab.stimulus_select.value == "step"
