"""Lab state: state() -> from_state() round trips for every lab, the page's link
(URL query string) and the "Copy link" control."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import ipywidgets as w
import pytest

import neuroexplore
from neuroexplore import widgets
from neuroexplore.widgets import NeuronLab
from neuroexplore.widgets.base import META_KEYS, Lab, TabbedLab, _tab_slugs, control_state

from .helpers import one_step

LABS = widgets.__all__


def _other_value(ctl: w.Widget):
    """A state value different from the control's present one (as a person would choose)."""
    if isinstance(ctl, w.Tab):
        slugs = _tab_slugs(ctl)
        return slugs[-1] if ctl.selected_index != len(slugs) - 1 else slugs[0]
    if isinstance(ctl, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.Select)):
        now = control_state(ctl)
        for label, value in ((o if isinstance(o, tuple) else (str(o), o)) for o in ctl.options):
            text = value if isinstance(value, (str, int, float, bool)) else label
            if text != now:
                return text
        return None
    if isinstance(ctl.value, bool):
        return not ctl.value
    if hasattr(ctl, "step") and hasattr(ctl, "max") and ctl.max > ctl.min:
        value = one_step(ctl)
        return int(value) if isinstance(ctl.value, int) else float(value)
    return None


def _change_some(lab: Lab) -> dict:
    """Set the first two, a middle and the last state control (and the tab) to other
    values, one at a time (a control may rebuild the ones after it); return what was set."""
    changed = {}
    for pick in (0, 1, "middle", -1, "tab"):
        items = [(k, c) for k, c in lab._state_items() if k != "tab"]
        if pick == "tab":
            items = [(k, c) for k, c in lab._state_items() if k == "tab"]
            pick = 0
        if not items:
            continue
        key, ctl = items[len(items) // 2 if pick == "middle" else pick]
        value = _other_value(ctl)
        if value is None or key in changed:
            continue
        lab.apply_state({key: value})
        changed[key] = value
    return changed


@pytest.mark.parametrize("name", LABS)
def test_every_lab_round_trips_its_state(name: str) -> None:
    cls = getattr(widgets, name)
    lab = cls()
    if getattr(cls, "missing", None):  # torch absent: a stand-in lab has no state
        pytest.skip(cls.missing)
    default = lab.state()
    assert default["lab"] == name and default["version"] == neuroexplore.__version__
    assert len(default) > len(META_KEYS), f"{name} declares no state controls"
    # an unchanged lab comes back the same
    again = cls.from_state(default)
    assert again.state() == default
    changed = _change_some(lab)
    state = lab.state()
    assert changed and state != default
    for key, value in changed.items():
        expected = pytest.approx(value, rel=1e-9) if isinstance(value, float) else value
        assert state[key] == expected, f"{name}: {key} set to {value!r} reads {state[key]!r}"
    text = json.dumps(state)
    rebuilt = Lab.from_state(json.loads(text))
    assert type(rebuilt) is cls
    assert rebuilt.state() == state
    assert rebuilt.error == "", rebuilt.error
    # the link of the changed lab reopens it in the same state
    assert again.apply_url(lab.link_query()) == []
    assert again.state() == state


# controls deliberately left out of the state: the name an uploaded fit is kept under,
# and the evaluation settings that only their "Apply settings" button (a long run) uses
NOT_STATE = {"DeviceLab": {"device name"},
             "PerspectivesLab": {"mode", "deployment time (s)", "wire resistance (Ω)",
                                 "read voltage (V)", "write-verify (iterations)",
                                 "repeats (seeds)", "in-situ epochs (epochs)"}}
_SETTABLE = (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.Select, w.SelectionSlider,
             w.IntSlider, w.FloatSlider, w.FloatLogSlider, w.IntRangeSlider,
             w.FloatRangeSlider, w.Checkbox, w.Text, w.BoundedIntText, w.BoundedFloatText)


def _shown_controls(widget: w.Widget, found: dict) -> dict:
    found[id(widget)] = widget
    for child in getattr(widget, "children", ()) or ():
        if id(child) not in found:
            _shown_controls(child, found)
    return found


@pytest.mark.parametrize("name", [n for n in LABS if n != "ApplicationLab"])
def test_every_shown_control_is_in_the_state(name: str) -> None:
    """Catches a control left out of ``state_controls`` or hidden by a duplicate key."""
    lab = getattr(widgets, name)()
    if getattr(lab, "missing", None):
        pytest.skip(lab.missing)
    for i in range(len(lab.tabs.children)) if isinstance(lab, TabbedLab) else ():
        lab.ensure_tab(i)
    in_state = {id(ctl) for _key, ctl in lab._state_items()}
    left_out = {ctl.description for key, ctl in _shown_controls(lab, {}).items()
                if isinstance(ctl, _SETTABLE) and key not in in_state}
    assert left_out == NOT_STATE.get(name, set())


def test_state_is_cheap_and_builds_no_tab() -> None:
    lab = widgets.SynapseLab()
    built = {i for i in range(len(lab.tabs.children)) if lab.is_built(i)}
    state = lab.state()
    assert {i for i in range(len(lab.tabs.children)) if lab.is_built(i)} == built
    assert not any(k.startswith("ltp.") for k in state)
    # naming a control of another tab builds that tab and sets it
    lab.apply_state({"ltp.n_pulses": 30})
    assert lab.is_built(2) and lab.ltp_controls["n_pulses"].value == 30
    assert lab.state()["ltp.n_pulses"] == 30


def test_dependent_controls_are_applied_in_order() -> None:
    # the preset is among the new model's options only once the model is set,
    # and the preset loads its own amplitude, which the state then overrides
    state = {"amplitude": 10, "preset": "CH", "model": "izhikevich"}
    lab = NeuronLab.from_state(state)
    assert (lab.model, lab.preset_select.value, lab.amplitude.value) == ("izhikevich", "CH", 10)
    assert lab.error == ""
    assert lab.trace is not None and lab.fig_trace.data[0].y is not None


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ({"bogus": 1}, ["bogus", "unknown state key", "model"]),
        ({"amplitude": 1e9}, ["amplitude", "outside its valid range", "["]),
        ({"amplitude": "loud"}, ["amplitude", "must be a number"]),
        ({"model": "hodgkin"}, ["model", "not valid", "izhikevich"]),
        ({"tab": "nowhere"}, ["tab", "phase-plane"]),
        ({"lab": "DeviceLab"}, ["DeviceLab"]),
    ],
)
def test_bad_state_raises_naming_the_key_and_its_range(state, words) -> None:
    with pytest.raises(ValueError) as info:
        NeuronLab.from_state(state)
    for word in words:
        assert word in str(info.value)


def test_range_comes_from_the_param_spec() -> None:
    lab = NeuronLab("lif")
    with pytest.raises(ValueError, match=r"t_stop = 5 is outside its valid range \[50, 2000\] ms"):
        lab.apply_state({"t_stop": 5})


def test_lab_from_state_needs_a_known_lab() -> None:
    with pytest.raises(ValueError, match="not a lab"):
        Lab.from_state({"lab": "Nope"})


def test_page_link_sets_the_lab() -> None:
    lab = NeuronLab()
    assert lab.apply_url("?model=izhikevich&preset=CH&amplitude=10&tab=phase-plane") == []
    assert (lab.model, lab.preset_select.value, lab.amplitude.value) == ("izhikevich", "CH", 10)
    assert lab.tabs.selected_index == 1 and lab.fig_phase.data[1].x is not None
    assert lab.error == ""


def test_bad_link_shows_a_message_and_keeps_the_defaults() -> None:
    reference = NeuronLab()
    reference.apply_url("?model=izhikevich&preset=CH")
    lab = NeuronLab()
    problems = lab.apply_url("?model=izhikevich&preset=CH&amplitude=1e9&colour=red&t_stop=abc")
    assert len(problems) == 3  # amplitude, t_stop, then the unknown colour
    assert lab.model == "izhikevich" and lab.preset_select.value == "CH"
    assert lab.amplitude.value == reference.amplitude.value
    assert lab.t_stop.value == reference.t_stop.value
    for word in ("Link: ignored", "amplitude", "valid range", "colour", "t_stop", "Defaults"):
        assert word in lab.error


def test_outside_voila_apply_url_does_nothing(monkeypatch) -> None:
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    lab = NeuronLab()
    before = lab.state()
    assert lab.apply_url() == []
    assert lab.state() == before and lab.message.value == ""


def test_voila_query_string_is_read(monkeypatch) -> None:
    # what Voila hands the kernel (no preheat: the request is already in the environment)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "model=lif&amplitude=3")
    lab = NeuronLab()
    assert lab.apply_url() == []
    assert lab.model == "lif" and lab.amplitude.value == 3


def test_copy_link_shows_the_present_state_and_follows_it() -> None:
    lab = NeuronLab("izhikevich", preset="CH")
    assert lab.link_html.value == ""  # nothing computed before the click
    lab.link_button.click()
    query = lab.link_query()
    assert f'href="{query.replace("&", "&amp;")}"' in lab.link_html.value
    pairs = dict(parse_qsl(query[1:]))
    assert pairs["model"] == "izhikevich" and pairs["preset"] == "CH"
    assert not set(META_KEYS) & set(pairs)
    # a later change shows at once, also for controls rebuilt by a model change
    lab.apply_state({"model": "lif"})
    lab.param_controls["tau_m"].value = 12.5
    assert lab.link_query().replace("&", "&amp;") in lab.link_html.value
    assert "model=lif" in lab.link_html.value and "tau_m=12.5" in lab.link_html.value


def test_nested_labs_hide_their_own_link() -> None:
    lab = widgets.ApplicationLab()
    assert lab.link_bar.layout.display != "none"
    assert lab.lab(0).link_bar.layout.display == "none"
    assert any(k.startswith("pattern.") for k in lab.state())


def test_tab_state_by_slug() -> None:
    class Toy(TabbedLab):
        def __init__(self) -> None:
            self.init_tabs([("First one", lambda: w.Label("a"), None),
                            ("Second (B)", lambda: w.Label("b"), None)])

    lab = Toy()
    assert lab.state()["tab"] == "first-one"
    lab.apply_state({"tab": "second-b"})
    assert lab.tabs.selected_index == 1 and lab.is_built(1)


def test_lab_keeps_the_widget_sync_methods() -> None:
    # ipywidgets syncs the browser's changes through Widget.set_state / get_state
    assert Lab.set_state is w.VBox.set_state and Lab.get_state is w.VBox.get_state


def test_neuron_state_keys_are_unique_for_every_model_and_stimulus() -> None:
    from neuroexplore.neurons import model_info, models
    from neuroexplore.neurons.stimulus_params import STIMULUS_KINDS, stimulus_parameters

    fixed = {"model", "preset", "stimulus", "amplitude", "t_stop", "tab"}
    for kind in STIMULUS_KINDS.choices:
        assert not {s.name for s in stimulus_parameters(kind)} & fixed
    for model in models():
        assert not {s.name for s in model_info(model).specs} & fixed, model
    # FitzHugh-Nagumo's tau and a stimulus's tau are both reachable
    lab = NeuronLab("fitzhugh_nagumo")
    stimuli_with_tau = [k for k in STIMULUS_KINDS.choices
                        if "tau" in {s.name for s in stimulus_parameters(k)}]
    if stimuli_with_tau:
        lab.apply_state({"stimulus": stimuli_with_tau[0]})
        keys = lab.state()
        assert "tau" in keys and "stim.tau" in keys
