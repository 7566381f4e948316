"""DecisionLab headless: live controls redraw from the engine; training, export, errors."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from neuroexplore.applications import decision as dm
from neuroexplore.devices.presets import resolve_device
from neuroexplore.widgets.decision_lab import LIVE, DecisionLab

from .helpers import check_provenance


@pytest.fixture(scope="module")
def lab():
    return DecisionLab()


def _data(fig):
    out = []
    for d in fig.data:
        for key in ("x", "y", "z"):
            v = getattr(d, key, None)
            arr = np.asarray(v if v is not None else [], dtype=float)
            out.append(np.nan_to_num(arr, nan=-9.0).round(12).tolist())
    return out


def _signature(lab):
    return [_data(lab.fig_world), _data(lab.fig_curves), _data(lab.fig_update)]


def test_starts_without_error_and_shows_the_optimum(lab):
    assert lab.error == ""
    world = dm.grid_world("obstacles 5x5")
    vi = dm.value_iteration(world, 0.9)
    z = np.asarray(lab.fig_world.data[0].z, dtype=float).ravel()
    np.testing.assert_allclose(z[world.free], vi.v[world.free])
    assert np.all(np.isnan(z[~world.free]))
    assert "V*(start) = 0.426" in lab.fig_world.layout.title.text
    # the reference lines are the engine's exact policy evaluations
    rand = dm.evaluate_policy(world, dm.random_policy(world), 0.9, 50)
    assert lab.fig_curves.data[8].y[0] == pytest.approx(rand.steps)
    assert lab.fig_curves.data[9].y[0] == pytest.approx(rand.value)


def test_every_visible_slider_changes_a_plot(lab):
    for name in LIVE:
        ctl = lab.controls[name]
        before, start = _signature(lab), ctl.value
        ctl.value = ctl.max if ctl.value != ctl.max else ctl.min
        assert _signature(lab) != before, name
        ctl.value = start
        assert lab.error == ""
    for ctl in (lab.layout_select, lab.device_select, lab.rounding_select):
        before, start = _signature(lab), ctl.value
        ctl.value = [v for v in ctl.options if v != start][0] if not isinstance(
            ctl.options[0], tuple) else [v for _, v in ctl.options if v != start][0]
        assert _signature(lab) != before, ctl.description
        ctl.value = start


def test_weight_update_figure_is_the_engine_curve(lab):
    curve = dm.weight_update_curve(lab.device_select.value, lr=lab.controls["lr"].value,
                                   c2c_scale=lab.controls["c2c_scale"].value)
    np.testing.assert_allclose(lab.fig_update.data[3].y, curve.mean)
    np.testing.assert_allclose(lab.fig_update.data[1].y, curve.mean + curve.std)


def test_train_draws_learning_curves_and_exports(lab):
    lab.run_controls["episodes"].value = 40
    lab.run_controls["agents"].value = 2
    lab.train_button.click()
    assert lab.error == ""
    assert set(lab.histories) == {"float", lab.device_select.label}
    flt = lab.histories["float"]
    np.testing.assert_allclose(lab.fig_curves.data[0].y, flt.mean_steps)
    assert len(lab.fig_curves.data[2].y) == 40
    assert lab.progress.bar.value == pytest.approx(1.0)
    assert "greedy return" in lab.fig_curves.layout.title.text
    assert "learned by" in lab.fig_world.layout.annotations[1].text
    lab.export_button.click()
    link = lab.export_link.value
    assert "download=" in link
    text = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode()
    assert "episode,steps_mean" in text and "device = float" in text
    info = check_provenance(text, lab.controls, lab.run_controls,
                            {"layout": lab.layout_select, "rounding": lab.rounding_select},
                            seed=0, params=("device",))
    assert info["parameters"]["device"][0] == lab.device_select.label


def test_bad_value_shows_an_error_instead_of_raising():
    lab = DecisionLab()
    noisy = resolve_device("AlOx/HfO2").with_params(name="noisy", c2c_sigma=0.3)
    lab.device_select.options = [*lab.device_select.options, ("noisy", noisy)]
    lab.device_select.value = noisy
    lab.controls["c2c_scale"].value = 4.0  # 1.2 > the device model's limit 0.5
    assert "c2c_scale" in lab.error
    lab.controls["c2c_scale"].value = 1.0
    assert lab.error == ""


def test_notebook_figures():
    from neuroexplore.widgets import decision_lab as dlab

    world = dm.grid_world("open 4x4")
    vi = dm.value_iteration(world, 0.9)
    fig = dlab.world_figure(world, {"V*": vi.v}, {"V*": vi.policy})
    np.testing.assert_allclose(np.asarray(fig.data[0].z, dtype=float).ravel(), vi.v)
    h = dm.train_q_agent(None, world, episodes=5, agents=2)
    ref = {"random policy": dm.evaluate_policy(world, dm.random_policy(world))}
    curves = dlab.learning_figure({"float": h}, ref)
    np.testing.assert_allclose(curves.data[0].y, h.mean_steps)
    assert curves.data[2].y[0] == pytest.approx(ref["random policy"].steps)
    upd = dlab.update_figure([dm.weight_update_curve("GST PCM")])
    assert upd.data[1].name == "GST PCM"
