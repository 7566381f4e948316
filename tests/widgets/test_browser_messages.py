"""What a browser (or a crafted client) sends over a lab's comms: bad values are refused
with a message in the lab, the control keeps its value and nothing raises in the kernel.

The comm path of ipywidgets is ``Widget._handle_msg`` -> ``widget.set_state(state)``;
these tests call it with the message a client would send.
"""

from __future__ import annotations

import math

import ipywidgets as w
import pytest

from neuroexplore import widgets
from neuroexplore.widgets.base import Lab

LABS = widgets.__all__


def _update(widget: w.Widget, state: dict) -> None:
    """Deliver a comm ``update`` message to *widget*, as the kernel's comm manager does."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state}},
                        "buffers": []})


def _controls(lab: Lab):
    return [c for _k, c in lab._state_items() if isinstance(c, w.Widget)]


@pytest.mark.parametrize("name", LABS)
def test_out_of_range_slider_and_unknown_option_are_refused(name: str) -> None:
    lab = getattr(widgets, name)()
    controls = _controls(lab)
    sliders = [c for c in controls if isinstance(c, (w.IntSlider, w.FloatSlider,
                                                     w.FloatLogSlider, w.BoundedIntText,
                                                     w.BoundedFloatText))]
    dropdowns = [c for c in controls if isinstance(c, w.Dropdown)]
    assert sliders or dropdowns, f"{name}: no slider or dropdown in its state"
    for slider in sliders[:3]:
        before = slider.value
        low, high = slider.min, slider.max
        if isinstance(slider, w.FloatLogSlider):
            low, high = slider.base ** low, slider.base ** high
        for bad in (high * 10 + 1e6, low - 1e6, math.nan, math.inf, "x"):
            slider._neuroexplore_lab.clear_message()
            _update(slider, {"value": bad})  # nothing raises
            assert slider.value == before, (name, slider.description, bad)
            # the message shows in the lab the control belongs to (maybe a nested one)
            assert "was refused" in slider._neuroexplore_lab.error, (name, bad)
    for dropdown in dropdowns[:3]:
        before = dropdown.value
        for bad in ({"index": len(dropdown.options) + 5}, {"index": -3},
                    {"index": "nope"}):
            dropdown._neuroexplore_lab.clear_message()
            _update(dropdown, bad)
            assert dropdown.value == before, (name, dropdown.description, bad)
            assert "was refused" in dropdown._neuroexplore_lab.error, (name, bad)


def test_a_valid_update_still_applies_and_clears_the_refusal() -> None:
    lab = widgets.NeuronLab()
    slider = lab.t_stop
    _update(slider, {"value": slider.max * 10})
    assert "t_stop" in lab.error or "was refused" in lab.error
    target = slider.min + (slider.max - slider.min) / 2
    _update(slider, {"value": target})
    assert slider.value == pytest.approx(target, rel=0.05, abs=slider.step)
    assert lab.error == ""


def test_a_callback_error_from_a_browser_update_is_a_message() -> None:
    slider = w.IntSlider(value=1, min=0, max=10, description="k")
    lab = Lab([slider])

    def boom(_change):
        raise RuntimeError("engine failed")

    slider.observe(boom, "value")
    _update(slider, {"value": 4})  # does not raise
    assert "engine failed" in lab.error


def test_widgets_of_a_tab_built_later_are_guarded() -> None:
    lab = widgets.ApplicationLab()
    for index in range(len(lab.tabs.children)):
        lab.ensure_tab(index)
    dropdowns = [c for c in _controls(lab) if isinstance(c, w.Dropdown)]
    assert dropdowns
    for dropdown in dropdowns:
        before = dropdown.value
        _update(dropdown, {"index": 999})
        assert dropdown.value == before


def test_a_50_mb_upload_gets_a_message_not_a_dead_kernel() -> None:
    """The device lab's upload, delivered as the browser sends it (one comm message with
    the file as a binary buffer), over the 5 MB cap: a message, the lab keeps working."""
    from neuroexplore.devices.measurements import MAX_UPLOAD_BYTES

    lab = widgets.DeviceLab()
    lab.ensure_tab(3)
    upload = lab.data.upload
    raw = b"V,I\n" + b"0.1,1e-6\n" * (50_000_000 // 9 + 1)
    assert len(raw) >= 10 * MAX_UPLOAD_BYTES
    upload._handle_msg({
        "content": {"data": {"method": "update", "buffer_paths": [["value", 0, "content"]],
                             "state": {"value": [{"name": "big.csv", "type": "text/csv",
                                                  "size": len(raw), "last_modified": 0,
                                                  "content": None}]}}},
        "buffers": [memoryview(raw)]})
    assert upload._neuroexplore_lab is lab
    assert lab.error == "big.csv is 50 MB; measurement files are limited to 5 MB"
    lab.data.load_sample()  # the lab still works


def test_a_log_slider_accepts_its_whole_range_and_refuses_beyond() -> None:
    slider = w.FloatLogSlider(value=1e-3, base=10, min=-6, max=0, description="rate")
    lab = Lab([slider])
    _update(slider, {"value": 0.5})
    assert slider.value == 0.5 and lab.error == ""
    _update(slider, {"value": 1e-6})
    assert slider.value == 1e-6 and lab.error == ""
    _update(slider, {"value": 5.0})
    assert slider.value == 1e-6
    assert lab.error == "rate = 5.0 was refused: outside its range [1e-06, 1]"
