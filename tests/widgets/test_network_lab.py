"""NetworkLab headless: each tab's controls change its figure."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.widgets import NetworkLab


@pytest.fixture(scope="module")
def lab():
    return NetworkLab()


def _sig(fig):
    return [np.asarray(d.y if d.y is not None else [], dtype=float).tolist() for d in fig.data]


def test_starts_without_error(lab):
    assert lab.error == ""


def test_xor_defeats_the_perceptron_but_not_the_mlp(lab):
    lab.gate_controls["gate"].value = "XOR"
    assert not lab.perceptron_result.converged
    assert "did not converge" in lab.fig_gate.layout.title.text
    lab.train_button.click()
    assert lab.mlp_result.accuracy(*lab._gate_data()) > 0.9
    assert lab.fig_gate.data[0].visible
    assert lab.progress.bar.value == pytest.approx(1.0)
    lab.gate_controls["gate"].value = "AND"
    assert lab.perceptron_result.converged


@pytest.mark.parametrize(
    "controls, figs",
    [
        ("gate_controls", ("fig_gate", "fig_errors")),
        ("hebb_controls", ("fig_hebb",)),
        ("stdp_controls", ("fig_stdp",)),
    ],
)
def test_every_slider_changes_its_tab(lab, controls, figs):
    def signature():
        return [_sig(getattr(lab, f)) for f in figs]

    for name, ctl in getattr(lab, controls).items():
        if not hasattr(ctl, "step"):
            continue
        before, start = signature(), ctl.value
        ctl.value = ctl.max if ctl.value != ctl.max else ctl.min
        assert signature() != before, name
        ctl.value = start
        assert lab.error == ""


def test_inhibition_lowers_the_network_rate(lab):
    lab.ei_controls["g"].value = 3.0
    high = lab.fig_raster.layout.title.text
    lab.ei_controls["g"].value = 7.0
    low = lab.fig_raster.layout.title.text

    def rate(title):
        return float(title.split("mean rate ")[1].split(" Hz")[0])

    assert rate(low) < rate(high)


def test_stdp_protocol_matches_window_at_low_frequency(lab):
    lab.stdp_controls["frequency"].value = 1.0
    x = np.asarray(lab.fig_stdp.data[1].x)
    y = np.asarray(lab.fig_stdp.data[1].y)
    cx = np.asarray(lab.fig_stdp.data[0].x)
    cy = np.asarray(lab.fig_stdp.data[0].y)
    nonzero = x != 0
    np.testing.assert_allclose(y[nonzero], np.interp(x[nonzero], cx, cy), rtol=0.05, atol=1e-5)
