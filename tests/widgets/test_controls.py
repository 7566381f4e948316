"""Controls built from specs keep preset values exactly and read back without round-off."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.neurons import model_info, models
from neuroexplore.params import ParamSpec
from neuroexplore.widgets.controls import control_for, slider_value


def _on_grid(ctl) -> bool:
    k = round((ctl.value - ctl.min) / ctl.step)
    return abs(ctl.min + k * ctl.step - ctl.value) <= 1e-9 * max(1.0, abs(ctl.value))


def test_every_neuron_preset_value_lies_on_its_slider_grid():
    # otherwise the browser snaps it and silently changes the model (HH's E_L = -54.387 mV)
    for name in models():
        info = model_info(name)
        specs = {s.name: s for s in info.specs}
        for preset in info.presets.values():
            for key, value in preset.items():
                if key in specs and not specs[key].integer and not specs[key].log:
                    ctl = control_for(specs[key], value=value)
                    assert ctl.value == value and _on_grid(ctl), (name, key, value)


@settings(max_examples=40, deadline=None)
@given(k=st.integers(0, 400))
def test_slider_value_removes_browser_round_off(k):
    spec = ParamSpec("x", 0.0, -1.0, 3.0, step=0.01)
    ctl = control_for(spec)
    snapped = -1.0 + k * 0.01  # what the browser sends back, in binary floating point
    ctl.value = snapped
    assert slider_value(ctl) == round(snapped, 5)
    assert np.signbit(slider_value(ctl)) == (round(snapped, 5) < 0)


def test_log_and_integer_controls():
    assert isinstance(control_for(ParamSpec("r", 1.0, 0.01, 100.0, log=True)), w.FloatLogSlider)
    assert isinstance(control_for(ParamSpec("n", 4, 1, 10, integer=True)), w.IntSlider)
