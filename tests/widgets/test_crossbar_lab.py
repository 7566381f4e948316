"""CrossbarLab headless: live controls redraw from the engine; sweeps, training, export."""

from __future__ import annotations

import base64
import csv

import numpy as np
import pytest

from neuroexplore.crossbar import CrossbarArray, train_in_situ
from neuroexplore.crossbar.ir_drop_exact import ir_drop
from neuroexplore.crossbar.studies import SWEEPS, random_conductances
from neuroexplore.devices import PulseDevice
from neuroexplore.widgets import CrossbarLab
from neuroexplore.widgets.controls import spec_of

from .helpers import check_provenance


@pytest.fixture(scope="module")
def lab():
    return CrossbarLab(background=False)


def _arrays(fig):
    out = []
    for d in fig.data:
        z = getattr(d, "z", None)
        out.append(np.asarray(z if z is not None else (d.y if d.y is not None else []),
                              dtype=float).tolist())
    return out


def _signature(lab):
    return [_arrays(lab.fig_maps), _arrays(lab.fig_out)]


def test_starts_without_error_on_the_default_device(lab):
    assert lab.error == ""
    assert lab.fig_maps.layout.title.text.startswith("AlOx/HfO2")
    # the states slider shows the device's own number of pulses (40 in the NeuroSim table)
    assert lab.weight_controls["states"].value == 40


def test_heatmaps_are_the_engines_conductances_and_weight_error(lab):
    cfg = lab.config()
    arr = CrossbarArray.from_weights(lab.weights, None, cfg, seed=0)
    g = arr.conductances()
    np.testing.assert_allclose(lab.fig_maps.data[1].z, g["pos"].numpy() * 1e6, rtol=1e-6)
    np.testing.assert_allclose(lab.fig_maps.data[2].z, g["neg"].numpy() * 1e6, rtol=1e-6)
    err = (arr.effective_weights().numpy() - lab.weights) / arr.w_max
    np.testing.assert_allclose(lab.fig_maps.data[3].z, err.T, atol=1e-6)
    np.testing.assert_allclose(lab.fig_maps.data[0].z, lab.weights.T)


def test_every_live_slider_changes_a_plot(lab):
    for name, ctl in lab.weight_controls.items():
        if not hasattr(ctl, "step"):
            continue
        before, start = _signature(lab), ctl.value
        ctl.value = ctl.value + ctl.step if ctl.value < ctl.max else ctl.value - ctl.step
        assert _signature(lab) != before, name
        assert lab.error == "", name
        ctl.value = start


def test_ideal_device_and_ideal_adc_compute_exactly_w_times_x(lab):
    lab.device_select.value = "ideal"
    lab.weight_controls["adc_bits"].value = 0
    try:
        assert lab.weight_controls["states"].value == 0  # continuous device
        exact = np.asarray(lab.fig_out.data[1].x)
        crossbar = np.asarray(lab.fig_out.data[1].y)
        np.testing.assert_allclose(crossbar, exact, atol=1e-4 * np.abs(exact).max())
        assert float(np.abs(np.asarray(lab.fig_maps.data[3].z)).max()) < 1e-5
    finally:
        lab.weight_controls["adc_bits"].value = 8
        lab.device_select.value = "AlOx/HfO2"
    assert lab.weight_controls["states"].value == 40


def test_fewer_adc_bits_give_a_larger_output_error(lab):
    def rms():
        x, y = np.asarray(lab.fig_out.data[1].x), np.asarray(lab.fig_out.data[1].y)
        return float(np.sqrt(np.mean((x - y) ** 2)))

    lab.weight_controls["c2c_scale"].value = 0.0
    lab.weight_controls["adc_bits"].value = 12
    fine = rms()
    lab.weight_controls["adc_bits"].value = 4
    coarse = rms()
    lab.weight_controls["adc_bits"].value = 8
    lab.weight_controls["c2c_scale"].value = 1.0
    assert coarse > 2 * fine


def test_offset_mapping_shows_one_reference_column(lab):
    lab.weight_controls["mapping"].value = "offset"
    try:
        ref = np.asarray(lab.fig_maps.data[2].z)
        assert ref.shape == (lab.weights.shape[1], 1)
        assert "reference" in lab.fig_maps.layout.annotations[2].text
    finally:
        lab.weight_controls["mapping"].value = "differential"


def test_drift_time_slider_appears_with_drift_and_moves_the_plot(lab):
    assert lab.t_control.layout.display == "none"
    lab.weight_controls["drift"].value = True
    try:
        assert lab.t_control.layout.display is None
        before = _signature(lab)
        lab.t_control.value = 3.0e7
        assert _signature(lab) != before
        assert lab.config().t_inference == pytest.approx(3.0e7)
    finally:
        lab.weight_controls["drift"].value = False
    assert lab.t_control.layout.display == "none"


def test_ir_drop_map_is_the_exact_nodal_solution(lab):
    lab.tabs.selected_index = 1
    c = lab.ir_controls
    c["size"].value = 32
    c["r_wire"].value = 5.0
    G = random_conductances(32, 32, lab.device, seed=0)
    ref = ir_drop(G, np.full(32, 0.2), 5.0, cell="1T1R")
    np.testing.assert_allclose(lab.fig_ir.data[0].z, ref.v_cell, rtol=1e-9)
    np.testing.assert_allclose(lab.fig_cols.data[1].y, ref.i_out * 1e6, rtol=1e-9)
    np.testing.assert_allclose(lab.fig_cols.data[0].y, G.T @ np.full(32, 0.2) * 1e6, rtol=1e-9)
    err_5 = float(lab.fig_cols.layout.title.text.split("max ")[1].split(" %")[0])
    c["r_wire"].value = 0.5
    err_05 = float(lab.fig_cols.layout.title.text.split("max ")[1].split(" %")[0])
    assert err_05 < err_5
    c["cell"].value = "0T1R"
    assert c["selector_k"].layout.display is None
    assert lab.error == ""
    c["cell"].value = "1T1R"
    lab.tabs.selected_index = 0


def test_ir_tab_offers_kilo_arrays_drawn_as_block_minima(lab):
    # 0T1R (Newton) is bounded; a large 1T1R array is solved exactly and drawn as the
    # lowest cell voltage of each block, so the drawn minimum is the true minimum
    from neuroexplore.widgets.crossbar_lab import IR_DRAW_MAX, IR_MAX_0T1R, IR_SIZE_SPEC

    assert 1024 in IR_SIZE_SPEC.choices
    lab.tabs.selected_index = 1
    c = lab.ir_controls
    c["size"].value = 16
    c["cell"].value = "0T1R"
    c["size"].value = 2 * IR_MAX_0T1R
    assert "0T1R" in lab.error and str(IR_MAX_0T1R) in lab.error
    c["cell"].value = "1T1R"
    assert lab.error == ""
    n = 2 * IR_DRAW_MAX
    c["size"].value = n
    z = np.asarray(lab.fig_ir.data[0].z)
    assert z.shape == (IR_DRAW_MAX, IR_DRAW_MAX)
    assert z.min() == pytest.approx(lab.ir_result.v_cell.min(), rel=1e-12)
    assert lab.ir_result.v_cell.shape == (n, n)
    c["size"].value = 32
    lab.tabs.selected_index = 0


def test_tabs_are_built_when_first_opened_and_a_hidden_ir_map_follows_the_device():
    lab = CrossbarLab("PCMO", background=False)
    assert lab.is_built(0) and not any(lab.is_built(t) for t in (1, 2, 3))
    lab.refresh_devices()
    assert lab.export_sweep_csv() == "" and lab.export_training_csv() == ""
    assert not any(lab.is_built(t) for t in (1, 2, 3))  # none of these built a tab
    lab.tabs.selected_index = 1
    lab.ir_controls["size"].value = 16
    lab.tabs.selected_index = 0
    lab.device_select.value = "ideal"  # the IR tab is hidden: marked, not solved
    assert lab.is_stale(1) and lab.error == ""
    G_old = random_conductances(16, 16, "PCMO", seed=0)
    old = ir_drop(G_old, np.full(16, 0.2), lab.ir_controls["r_wire"].value, cell="1T1R")
    np.testing.assert_allclose(lab.fig_ir.data[0].z, old.v_cell, rtol=1e-9)
    lab.tabs.selected_index = 1  # shown: solved again for the new device
    assert not lab.is_stale(1) and lab.error == ""
    G = random_conductances(16, 16, "ideal", seed=0)
    ref = ir_drop(G, np.full(16, 0.2), lab.ir_controls["r_wire"].value, cell="1T1R")
    np.testing.assert_allclose(lab.fig_ir.data[0].z, ref.v_cell, rtol=1e-9)
    assert not np.allclose(ref.v_cell, old.v_cell)
    # the training tab, built on first use, starts on the lab's initial device
    assert lab.train_tab.device_select.value == "PCMO" and lab.is_built(3)


def test_sweep_plots_the_engine_result_with_the_float_baseline(lab):
    lab.sweep_tab.controls["sweep"].value = "adc_bits"
    lab.run_sweep()
    res = lab.sweep_tab.result
    assert res is not None and not res.cancelled and lab.error == ""
    np.testing.assert_allclose(lab.sweep_tab.fig.data[0].x, SWEEPS["adc_bits"].values)
    np.testing.assert_allclose(lab.sweep_tab.fig.data[0].y, res.mean())
    assert lab.sweep_tab.fig.data[2].y[0] == pytest.approx(res.accuracy_float)
    acc = res.mean()
    assert acc[-1] > 0.85 and acc[0] < 0.5  # 10 bits recover the float MLP; 2 bits do not
    assert lab.sweep_tab.runner.progress.bar.value == pytest.approx(1.0)
    text = lab.export_sweep_csv()
    rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
    assert [float(r["value"]) for r in rows] == list(SWEEPS["adc_bits"].values)
    info = check_provenance(text, lab.sweep_tab.controls, seed=0, params=("device",))
    assert info["parameters"]["repeats"] == (str(lab.sweep_tab.controls["repeats"].value),
                                             "seeds")
    sw = SWEEPS["adc_bits"]
    assert f"value column: {sw.label} [{sw.unit or '1'}]" in info["notes"]


def test_in_situ_training_overlays_devices_and_matches_the_engine(lab):
    lab.train_tab.controls["epochs"].value = 2
    for dev in ("ideal", "float"):
        lab.train_tab.device_select.value = dev
        lab.train_in_situ()
    assert lab.error == ""
    visible = [tr for tr in lab.train_tab.fig.data if tr.visible]
    assert [tr.name for tr in visible] == ["ideal", "software (float)"]
    ref = train_in_situ("ideal", "digits", 2, seed=0, lr=lab.train_tab.controls["lr"].value)
    np.testing.assert_allclose(visible[0].y, ref.test_accuracy)
    text = lab.export_training_csv()
    rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
    assert len(rows) == 4 and rows[0]["run"] == "ideal"
    info = check_provenance(text, seed=0)
    p = info["parameters"]
    assert p["run1.device"][0] == "ideal" and p["run2.device"][0] == "software (float)"
    lr = lab.train_tab.controls["lr"]
    assert p["run2.epochs"][0] == "2" and p["run1.lr"] == (f"{lr.value:.8g}",
                                                           spec_of(lr).unit or "1")
    lab._export()
    # the sweep link is there only if a sweep ran earlier in this process: pick by name
    link = lab.export_link.value.split('download="crossbar_training.csv"')[1]
    href = link.split('href="data:text/csv;base64,')[1].split('"')[0]
    undated = [ln for ln in base64.b64decode(href).decode().splitlines()
               if not ln.startswith("# date:")]
    assert undated == [ln for ln in lab.export_training_csv().splitlines()
                       if not ln.startswith("# date:")]
    lab.train_tab.clear()
    assert not any(tr.visible for tr in lab.train_tab.fig.data)


def test_stop_button_cancels_a_background_training(lab):
    lab.background = True
    try:
        lab.train_tab.controls["epochs"].value = 200
        lab.train_tab.device_select.value = "ideal"
        lab.train_in_situ()
        lab.train_tab.runner.stop_button.click()
        lab.train_tab.runner.join(60)
        assert not lab.train_tab.runner.running
    finally:
        lab.background = False
        lab.train_tab.controls["epochs"].value = 5
    hist = lab.train_tab.runs[-1][1]
    assert hist.cancelled and hist.test_accuracy.size < 200
    assert "stopped" in lab.train_tab.fig.layout.title.text


def test_kept_devices_join_the_dropdown(lab, monkeypatch):
    import neuroexplore.widgets.crossbar_lab as crossbar_lab

    mine = PulseDevice(name="my fitted RRAM", g_min=2e-6, g_max=2e-5, states_ltp=20,
                       states_ltd=20, nonlinearity_ltp=1.0, nonlinearity_ltd=-1.0)
    monkeypatch.setattr(crossbar_lab, "kept_devices", lambda: {"my fitted RRAM": mine})
    lab.refresh_devices()
    labels = [label for label, _ in lab.device_select.options]
    assert "kept: my fitted RRAM" in labels
    lab.device_select.value = mine
    try:
        assert lab.error == ""
        assert lab.fig_maps.layout.title.text.startswith("my fitted RRAM: 20 states")
    finally:
        lab.device_select.value = "AlOx/HfO2"
        monkeypatch.setattr(crossbar_lab, "kept_devices", dict)
        lab.refresh_devices()
    assert "kept: my fitted RRAM" not in [label for label, _ in lab.device_select.options]


def test_export_before_any_run_says_so():
    lab = CrossbarLab(background=False)
    lab._export()
    assert lab.export_link.value == "" and "nothing to export" in lab.message.value


def test_device_table_figure_shows_published_accuracy_and_spearman():
    """Our accuracies beside NeuroSim V3.0 Table II, and scipy's Spearman rho in the title."""
    from types import SimpleNamespace

    from scipy.stats import spearmanr

    from neuroexplore.devices import preset_table
    from neuroexplore.widgets import crossbar_figures as cf

    ours = {"GST PCM": 0.8, "EpiRAM Ag:SiGe": 0.7, "PCMO": 0.1, "AlOx/HfO2": 0.2,
            "ideal": 0.9}
    rows = [SimpleNamespace(name=n, accuracy=a, states_ltp=1, states_ltd=1,
                            nonlinearity_ltp=0.0, nonlinearity_ltd=0.0, c2c_sigma=0.0,
                            reference="") for n, a in ours.items()]
    fig = cf.device_table_figure(rows, preset_table())
    cols = fig.data[0].cells.values
    assert list(cols[1]) == ["ideal", "GST PCM", "EpiRAM Ag:SiGe", "AlOx/HfO2", "PCMO"]
    assert list(cols[3]) == ["–", "89", "92", "20", "33"]
    rho = spearmanr([0.8, 0.7, 0.1, 0.2], [89, 92, 33, 20]).statistic  # = 0.6
    assert f"Spearman ρ = {rho:.2f} over 4 devices" in fig.layout.title.text


def test_in_situ_protocol_dropdown_reaches_the_engine(lab):
    ctl = lab.train_tab.controls
    ctl["epochs"].value, ctl["protocol"].value = 1, "neurosim"
    try:
        lab.train_tab.device_select.value = "GST PCM"
        lab.train_in_situ()
        assert lab.error == ""
        ref = train_in_situ("GST PCM", "digits", 1, seed=0, lr=ctl["lr"].value,
                            protocol="neurosim", readout=ctl["readout"].value)
        np.testing.assert_allclose(lab.train_tab.runs[-1][1].test_accuracy, ref.test_accuracy)
        assert "(neurosim)" in lab.train_tab.fig.layout.title.text
    finally:
        ctl["epochs"].value, ctl["protocol"].value = 5, "pair"


def test_converter_and_state_sliders_step_over_the_refused_value_one():
    """1 bit (no signed converter) and 1 state are refused by the engine: the sliders
    step over them, so moving a slider never ends in an error message (a load-test
    finding: the ADC slider offered 1 bit)."""
    lab = CrossbarLab()
    for name in ("adc_bits", "states"):
        ctl = lab.weight_controls[name]
        ctl.value = 2
        ctl.value = 1  # one step down from 2
        assert ctl.value == 0 and not lab.error, (name, lab.error)
        ctl.value = 1  # one step up from 0
        assert ctl.value == 2 and not lab.error, (name, lab.error)
