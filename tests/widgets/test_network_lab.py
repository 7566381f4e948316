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


def _columns(text: str) -> dict:
    """The CSV body (past the provenance comments) as name -> float array (NaN = empty)."""
    import io

    import pandas as pd

    frame = pd.read_csv(io.StringIO(text), comment="#")
    return {k: frame[k].to_numpy(dtype=float) for k in frame.columns}


def test_export_of_every_tab_holds_its_data_and_provenance(lab):
    from .helpers import check_provenance

    # perceptron tab: the gate data, the errors per epoch and, once trained, the MLP loss
    lab.tabs.selected_index = 0
    lab.gate_controls["gate"].value = "XOR"
    lab.train_button.click()
    text = lab.export_csv()
    info = check_provenance(text, lab.gate_controls, seed=0,
                            params=("hidden_units", "mlp.lr", "mlp.epochs"))
    assert "XOR" in info["what"] and info["parameters"]["mlp.epochs"] == ("400", "1")
    cols = _columns(text)
    X, y = lab._gate_data()
    np.testing.assert_allclose(cols["x1"][: len(X)], X[:, 0], rtol=1e-7)
    np.testing.assert_array_equal(cols["label"][: len(y)], y)
    errors = cols["perceptron_errors"][~np.isnan(cols["perceptron_errors"])]
    np.testing.assert_array_equal(errors, lab.perceptron_result.errors)
    loss = cols["mlp_loss"][~np.isnan(cols["mlp_loss"])]
    np.testing.assert_allclose(loss, lab.mlp_result.loss_history, rtol=1e-6)
    lab.gate_controls["gate"].value = "AND"  # new data: the old MLP is not exported
    assert "mlp_loss" not in lab.export_csv()

    # STDP tab: the window curve and the protocol points, as plotted
    lab.tabs.selected_index = 2
    text = lab.export_csv()
    info = check_provenance(text, lab.stdp_controls, seed=None, params=("w0", "w_min"))
    assert info["parameters"]["tau_plus"][1] == "ms"
    cols = _columns(text)
    n = len(lab.fig_stdp.data[0].x)
    np.testing.assert_allclose(cols["dw"][:n], lab.fig_stdp.data[0].y, rtol=1e-7, atol=1e-12)
    m = len(lab.fig_stdp.data[1].x)
    np.testing.assert_allclose(cols["protocol_dt_ms"][:m], lab.fig_stdp.data[1].x)

    # E/I tab: every spike of the raster and the population rate
    lab.tabs.selected_index = 3
    text = lab.export_csv()
    info = check_provenance(text, lab.ei_controls, seed=0, params=("n_exc", "n_inh", "t_stop"))
    assert info["parameters"]["t_stop"] == ("1000", "ms")
    cols = _columns(text)
    net = lab.ei_result
    k = len(net.spike_times)
    assert k > 100
    np.testing.assert_allclose(cols["spike_time_ms"][:k], net.spike_times, rtol=1e-7)
    np.testing.assert_array_equal(cols["neuron"][:k], net.spike_neurons)
    exc = int(np.sum(np.asarray(net.spike_neurons) < net.n_exc))
    assert exc == len(lab.fig_raster.data[0].x)  # the raster's excitatory dots

    # Hebb tab, then the button gives a download link of the visible tab
    lab.tabs.selected_index = 1
    cols = _columns(lab.export_csv())
    np.testing.assert_allclose(cols["w1"][~np.isnan(cols["w1"])],
                               lab.hebbian_result.weights[:, 0], rtol=1e-7, atol=1e-12)
    lab.export_button.click()
    assert 'download="network_hebb_oja.csv"' in lab.export_link.value
    assert lab.error == ""
    lab.tabs.selected_index = 0
