"""PatternRecognitionLab headless: live device preview, the device table, upload, export."""

from __future__ import annotations

import base64
import datetime
from importlib import resources

import numpy as np
import pytest

from neuroexplore.applications import pattern_recognition as pr
from neuroexplore.widgets.pattern_lab import PatternRecognitionLab

from .helpers import check_provenance

SMALL = dict(epochs_in_situ=1, epochs_ex_situ=10, repeats=1)
DEVICES = ["GST PCM", "ideal"]


def _data(fig):
    out = []
    for d in fig.data:
        for key in ("x", "y"):
            v = getattr(d, key, None)
            out.append([str(a) for a in (v if v is not None else [])])
    return out


def _small(lab):
    for k, v in SMALL.items():
        lab.run_controls[k].value = v
    lab.devices = lambda: list(DEVICES)  # keep the run short and independent of kept devices


@pytest.fixture(scope="module")
def lab():
    lab = PatternRecognitionLab(background=False)
    _small(lab)
    return lab


def test_starts_without_error_and_draws_the_engine_curve(lab):
    assert lab.error == ""
    curve = pr.device_curve("AlOx/HfO2")
    pot = lab.fig_device.data[2]
    np.testing.assert_allclose(pot.y, curve.level[curve.ltp])
    np.testing.assert_allclose(np.asarray(lab.fig_device.data[0].y)[:5],
                               np.clip(curve.level[:5] + 0.05, -0.05, 1.05))
    assert "40/40 pulses" in lab.fig_device.layout.title.text
    # the states slider shows the device's own number (a one-step nudge stays valid)
    assert lab.preview_controls["states"].value == 40


def test_every_visible_slider_and_the_device_change_the_preview(lab):
    for name, ctl in lab.preview_controls.items():
        before, start = _data(lab.fig_device), ctl.value
        ctl.value = 16 if name == "states" else 2.0
        assert _data(lab.fig_device) != before, name
        ctl.value = start
    before = _data(lab.fig_device)
    lab.device_select.value = "PCMO"
    assert _data(lab.fig_device) != before
    assert lab.preview_controls["states"].value == 50
    lab.device_select.value = "AlOx/HfO2"
    assert lab.error == ""


def test_device_table_run_draws_exports_and_enables_the_live_accuracy(lab):
    lab.run_button.click()
    assert lab.error == ""
    table = lab.table
    assert [r.name for r in table.rows] == DEVICES
    np.testing.assert_allclose(lab.fig_table.data[2].y, [r.in_situ for r in table.rows])
    np.testing.assert_allclose(lab.fig_table.data[1].y, [r.ex_situ_hwa for r in table.rows])
    # NeuroSim V3.0 Table II: GST PCM 89 %; the ideal device has no published value
    assert list(lab.fig_table.data[3].x) == ["GST PCM"]
    assert list(lab.fig_table.data[3].y) == pytest.approx([0.89])
    # two devices, one published: too few for a rank correlation, and the title says so
    assert "1 of 2 devices" in lab.fig_table.layout.title.text
    assert "89.0" in lab.table_html.value and "400-100-10" in lab.table_html.value
    assert "unavailable" in lab.table_html.value  # the ideal row
    assert lab.fig_curves.data[0].visible and lab.fig_curves.data[0].name == "GST PCM"
    assert lab.progress.bar.value == pytest.approx(1.0)
    # the live ex-situ panel now re-evaluates the cached float models on this device
    before = _data(lab.fig_live)
    lab.preview_controls["states"].value = 8
    assert _data(lab.fig_live) != before
    base = pr.baselines(seed=0, **lab.settings())
    plain = pr.ex_situ_accuracy(base.plain.model, "AlOx/HfO2", repeats=1, states=8)
    assert lab.fig_live.data[1].y[0] == pytest.approx(plain[0])
    lab.preview_controls["states"].value = 40
    lab.export_button.click()
    assert lab.error == ""
    payload = lab.export_link.value.split("base64,")[1].split('"')[0]
    text = base64.b64decode(payload).decode()
    assert text.endswith(table.to_csv())
    info = check_provenance(text, lab.run_controls, seed=0)
    assert "device table" in info["what"]


def test_background_run_and_run_size():
    lab = PatternRecognitionLab(background=True)
    _small(lab)
    lab.run_table()
    lab.join(120)
    assert lab.error == "" and lab.table is not None and not lab.table.cancelled
    assert not lab.run_button.disabled and lab.stop_button.disabled
    # Stop pressed at the first reported step: the table ends early and says so
    def on_progress(change) -> None:
        if change["new"] > 0:
            lab.stop_button.click()

    lab.progress.bar.observe(on_progress, "value")
    lab.run_table()
    lab.join(120)
    lab.progress.bar.unobserve(on_progress, "value")
    assert lab.table.cancelled and lab.error == ""
    assert "device table stopped after 1 of" in lab.message.value
    assert "(stopped)" in lab.fig_table.layout.title.text
    lab.run_size.value = "full"
    assert lab.settings() == pr.run_settings("full")
    lab.run_size.value = "default"
    assert lab.settings() == pr.run_settings("default")


def _upload(lab, name, text):
    lab.upload.value = ({"name": name, "type": "text/csv", "size": len(text),
                         "content": memoryview(text.encode()),
                         "last_modified": datetime.datetime(2025, 1, 1)},)


def test_uploaded_measurement_joins_the_devices(lab):
    text = resources.files("neuroexplore").joinpath(
        "data", "sample_pulse_measurement.csv").read_text()
    _upload(lab, "sample.csv", text)
    assert lab.error == ""
    dev = lab.device_select.value
    assert dev.name == "fitted: sample.csv" and dev in lab.user_devices.values()
    assert lab.fig_device.layout.title.text.startswith("fitted: sample.csv")
    assert dev in PatternRecognitionLab.devices(lab)
    _upload(lab, "broken.csv", "pulse,conductance (S)\n0,1e-6\n1,2e-6\n2,abc\n3,4e-6\n")
    assert "broken.csv" in lab.error and "line 4" in lab.error
    lab.device_select.value = "AlOx/HfO2"


def test_bad_value_shows_an_error(lab):
    lab.preview_controls["states"].value = 1
    assert "states = 1" in lab.error
    lab.preview_controls["states"].value = 40
    assert lab.error == ""


def test_notebook_figures_show_the_table(lab):
    from neuroexplore.widgets import pattern_lab as plab

    table = lab.table if lab.table is not None else pr.accuracy_table(DEVICES, **SMALL)
    fig = plab.table_figure(table)
    np.testing.assert_allclose(fig.data[2].y, [r.in_situ for r in table.rows])
    assert "1 of 2 devices" in fig.layout.title.text
    curves = plab.in_situ_figure(table)
    assert [d.name for d in curves.data] == [*DEVICES, "float weights"]
    html_text = plab.table_html(table)
    assert html_text.count("<tr>") == 1 + len(table.rows)
    dev = plab.device_curves_figure(["PCMO", "GST PCM"])
    np.testing.assert_allclose(dev.data[0].y, pr.device_curve("PCMO").level)
