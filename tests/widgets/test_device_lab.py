"""DeviceLab headless: controls from the engine's specs, figures equal engine results.

Independent references (typed out here, not taken from the lab):
* HP memristor without window: ``M(t) = sqrt(M0^2 - 2 (R_off - R_on) mu_v R_on / D^2 phi)``
  with the flux of a sine ``phi = A (1 - cos 2 pi f t) / (2 pi f)`` (Strukov et al. 2008);
* the frequency fingerprint of a memristor: the loop area shrinks as frequency grows;
* PCM drift ``G0 (t/t0)^-nu`` with the Joshi et al. (2020) mean drift exponent
  ``clip(-0.0155 ln g + 0.0244, 0.049, 0.1)`` (g in uS on the 25-uS scale);
* stretched exponential: ``G(tau) = G_rest + (G0 - G_rest)/e`` for every beta;
* the bundled sample was generated from the "HZO FeFET" preset: the fit must find
  its nonlinearity labels within 3 standard errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
from importlib import resources

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuroexplore.devices import (
    MODEL_SPECS,
    fit_pulse_response,
    get_device,
    load_measurements,
    loop_area,
    presets,
    pulse_cycle,
    simulate_iv,
    sine,
)
from neuroexplore.devices.measurements import MAX_UPLOAD_BYTES
from neuroexplore.widgets import DeviceLab, device_store
from neuroexplore.widgets._device_data import sample_text
from neuroexplore.widgets._device_iv import usable_specs
from neuroexplore.widgets._device_pulse import N_DEVICES
from neuroexplore.widgets.device_lab import DATA, DRIFT, IV, PULSE

from .helpers import check_provenance, one_step


@pytest.fixture(scope="module")
def lab():
    return DeviceLab()


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An empty device store persisted under a temporary home."""
    monkeypatch.setenv("NEUROEXPLORE_HOME", str(tmp_path))
    monkeypatch.setattr(device_store, "_KEPT", {})
    monkeypatch.setattr(device_store, "_loaded_from", set())
    return tmp_path


def _y(fig, i=0):
    return np.asarray(fig.data[i].y, dtype=float).copy()


# -- I-V tab ---------------------------------------------------------------------------
def test_only_the_iv_tab_is_built_at_start_and_others_on_use():
    lab = DeviceLab()
    assert lab.is_built(IV) and not any(lab.is_built(t) for t in (PULSE, DRIFT, DATA))
    assert lab.tabs.children[DRIFT].children == ()
    panel = lab.drift  # built on first use, without switching tabs
    assert lab.is_built(DRIFT) and lab.tabs.selected_index == IV
    assert lab.tabs.children[DRIFT].children == (panel,)
    assert len(panel.fig_drift.data[2].y) > 10 and lab.error == ""


def test_starts_on_the_iv_tab_without_error(lab):
    assert lab.tabs.selected_index == IV and lab.error == ""
    assert "loop area" in lab.iv.fig_loop.layout.title.text


@pytest.mark.parametrize("model", list(MODEL_SPECS))
def test_iv_sliders_come_from_the_engine_specs(lab, model):
    lab.iv.model_select.value = model
    assert lab.error == ""
    kept = {s.name for s in usable_specs(model)}
    assert set(lab.iv.param_controls) == kept
    for spec in usable_specs(model):
        ctl = lab.iv.param_controls[spec.name]
        if hasattr(spec, "low"):
            lo, hi = (np.log10(spec.low), np.log10(spec.high)) if spec.log else (spec.low,
                                                                                  spec.high)
            assert (ctl.min, ctl.max) == pytest.approx((lo, hi))
        assert ctl.value == spec.default
    lab.iv.model_select.value = "hp"


def test_iv_tab_names_the_source_of_the_defaults(lab):
    lab.iv.model_select.value = "yakopcic"
    assert "Oblea" in lab.iv.source.value and "32:1436 (2011)" in lab.iv.source.value
    lab.iv.model_select.value = "hp"
    assert "Strukov" in lab.iv.source.value


def test_only_rates_off_the_slider_grid_lack_a_slider():
    skipped = {m: {s.name for s in MODEL_SPECS[m]} - {s.name for s in usable_specs(m)}
               for m in MODEL_SPECS}
    assert skipped == {"hp": set(), "vteam": {"k_on"}, "yakopcic": {"a_p", "a_n"}}


def test_hp_loop_matches_the_closed_form_memristance(lab):
    iv = lab.iv
    iv.model_select.value = "hp"
    iv.param_controls["window"].value = "none"
    tr = iv.trace
    p = tr.params
    a, f = iv.wave_controls["amplitude"].value, iv.wave_controls["frequency"].value
    phi = a * (1 - np.cos(2 * np.pi * f * tr.t)) / (2 * np.pi * f)
    k = p["mu_v"] * p["r_on"] / p["d"] ** 2
    m0 = p["r_on"] * p["x0"] + p["r_off"] * (1 - p["x0"])
    m = np.sqrt(m0**2 - 2 * (p["r_off"] - p["r_on"]) * k * phi)
    shown = np.asarray(iv.fig_time.data[2].y)  # conductance in display units
    scale = tr.conductance[0] / shown[0]
    np.testing.assert_allclose(shown * scale, 1 / m, rtol=1e-6)
    # the loop drawn is the engine's, with its area in the title
    ref = simulate_iv("hp", sine(a, f), tr.t, **iv.params)
    np.testing.assert_allclose(iv.fig_loop.data[0].x, ref.v)
    assert f"{loop_area(ref.v, ref.i):.3g}" in iv.fig_loop.layout.title.text


def test_every_visible_iv_slider_changes_a_plot(lab):
    iv = lab.iv
    iv.model_select.value = "hp"
    iv.param_controls["window"].value = "joglekar"
    sliders = [c for c in (*iv.wave_controls.values(), *iv.param_controls.values())
               if hasattr(c, "step") and c.layout.display != "none"]
    assert {"amplitude", "frequency", "r_on", "p"} <= {
        n for n, c in {**iv.wave_controls, **iv.param_controls}.items() if c in sliders}
    for ctl in sliders:
        before = [_y(iv.fig_loop), _y(iv.fig_time, 1)]
        ctl.value = one_step(ctl)
        after = [_y(iv.fig_loop), _y(iv.fig_time, 1)]
        assert any(b.shape != a.shape or not np.allclose(b, a) for b, a in
                   zip(before, after, strict=True)), ctl.description
    assert lab.error == ""
    iv.param_controls["window"].value = "none"


def test_hidden_controls_follow_window_and_waveform(lab):
    iv = lab.iv
    iv.model_select.value = "hp"
    iv.param_controls["window"].value = "none"
    assert iv.param_controls["p"].layout.display == "none"
    assert iv.wave_controls["duty"].layout.display == "none"
    iv.param_controls["window"].value = "biolek"
    assert iv.param_controls["p"].layout.display is None
    iv.wave_controls["waveform"].value = "pulses"
    assert iv.wave_controls["duty"].layout.display is None
    assert lab.error == ""
    iv.wave_controls["waveform"].value = "sine"
    iv.param_controls["window"].value = "none"


def test_loop_shrinks_with_frequency(lab):
    iv = lab.iv
    iv.model_select.value = "hp"
    iv.compare.value = True
    a1, a2, a5 = (iv.areas[k] for k in (1.0, 2.0, 5.0))
    assert a1 > a2 > a5 > 0
    assert all(tr.visible for tr in iv.fig_loop.data)
    iv.compare.value = False
    assert not iv.fig_loop.data[1].visible


def test_iv_bad_parameters_show_the_engine_error(lab):
    iv = lab.iv
    iv.model_select.value = "hp"
    iv.param_controls["r_on"].value = 1e5  # above r_off = 16 kohm
    assert "r_off" in lab.error and "r_on" in lab.error
    iv.param_controls["r_on"].value = 100.0
    assert lab.error == ""


# -- pulse response ---------------------------------------------------------------------
def test_pulse_tab_noise_free_trace_is_the_preset_and_fit_recovers_it(lab):
    lab.tabs.selected_index = PULSE
    pp = lab.pulse
    pp.preset_select.value = "PCMO"
    pp.controls["c2c_sigma"].value = 0.0
    pp.controls["d2d_sigma"].value = 0.0
    assert lab.error == ""
    dev = get_device("PCMO")
    ref = dev.with_params(c2c_sigma=0.0).pulse_response(dev.states_ltp)  # 50 / 50 states
    np.testing.assert_allclose(pp.traces[0], ref, rtol=1e-12)
    np.testing.assert_allclose(_y(pp.fig, 0), ref * 1e6, rtol=1e-12)
    np.testing.assert_allclose(pp.nominal, ref, rtol=1e-9)
    assert pp.fit.nonlinearity_ltp == pytest.approx(dev.nonlinearity_ltp, abs=1e-3)
    assert pp.fit.nonlinearity_ltd == pytest.approx(dev.nonlinearity_ltd, abs=1e-3)
    assert dev.reference in pp.citation.value
    assert "nonlinearity label LTP" in pp.fit_table.value


def test_pulse_variation_is_seeded(lab):
    lab.tabs.selected_index = PULSE
    pp = lab.pulse
    pp.preset_select.value = "HZO FeFET"
    pp.controls["d2d_sigma"].value = 0.1
    pp.controls["seed"].value = 3
    first = pp.traces.copy()
    assert all(tr.visible for tr in pp.fig.data[:N_DEVICES])
    assert np.ptp(first[:, -1 - pp.controls["n_pulses"].value // 2]) > 0  # devices differ
    pp.controls["seed"].value = 4
    assert not np.allclose(first, pp.traces)
    pp.controls["seed"].value = 3
    np.testing.assert_array_equal(first, pp.traces)
    pp.controls["d2d_sigma"].value = 0.0
    assert not pp.fig.data[1].visible
    g = pp.traces
    dev = pp.device
    assert np.all((g >= dev.g_min * (1 - 1e-12)) & (g <= dev.g_max * (1 + 1e-12)))


@pytest.mark.parametrize("name", presets())
def test_every_preset_builds(lab, name):
    lab.tabs.selected_index = PULSE
    lab.pulse.preset_select.value = name
    assert lab.error == ""
    assert lab.pulse.controls["n_pulses"].value == get_device(name).states_ltp
    assert name in lab.pulse.fig.layout.title.text


# -- drift & retention --------------------------------------------------------------------
def test_drift_and_retention_match_their_closed_forms(lab):
    lab.tabs.selected_index = DRIFT
    dp = lab.drift
    assert lab.error == ""
    t = np.asarray(dp.fig_drift.data[2].x)
    g0_us = 2.5  # first level: x = g/g_max = 0.1 of 25 uS
    nu = 0.0155 * np.log(10.0) + 0.0244  # -0.0155 ln(0.1) + 0.0244 = 0.0601, by hand
    assert nu == pytest.approx(0.0601, abs=5e-5)
    np.testing.assert_allclose(_y(dp.fig_drift, 2), g0_us * (t / 20.0) ** -nu, rtol=1e-12)
    dp.controls["beta"].value = 0.7
    dp.controls["tau"].value = 1e3
    g_tau = dp.fig_ret.data[1].y[0] * 1e-6
    assert g_tau == pytest.approx(1e-6 + (1e-5 - 1e-6) / np.e, rel=1e-12)
    up = _y(dp.fig_fe, 0)
    down = _y(dp.fig_fe, 1)
    assert np.all(np.diff(up) >= 0) and np.all(np.diff(down) <= 0) and up[-1] > 100 * up[0]


# -- your data -----------------------------------------------------------------------------
def test_sample_measurement_fit(lab):
    lab.tabs.selected_index = DATA
    lab.data.sample_button.click()
    assert lab.error == ""
    m = load_measurements(io.StringIO(sample_text()))
    ref = fit_pulse_response(m["pulse"], m["conductance"], m["direction"])
    fit = lab.data.fit
    assert fit.nonlinearity_ltp == pytest.approx(ref.nonlinearity_ltp, rel=1e-9)
    np.testing.assert_allclose(_y(lab.data.fig, 1), ref.fitted * 1e6, rtol=1e-9)
    np.testing.assert_allclose(_y(lab.data.fig, 0), m["conductance"] * 1e6)
    true = get_device("HZO FeFET")  # the sample's generating preset
    for k in ("nonlinearity_ltp", "nonlinearity_ltd"):
        assert abs(getattr(fit, k) - getattr(true, k)) < 3 * fit.stderr[k]
    table = lab.data.table.value
    for label in ("nonlinearity label LTP", "nonlinearity label LTD", "g_max", "±", "RMSE"):
        assert label in table
    assert not lab.data.keep_button.disabled


def _upload(lab, name: str, text: str):
    lab.data.upload.value = ({"name": name, "type": "text/csv", "size": len(text),
                              "content": memoryview(text.encode()),
                              "last_modified": datetime.datetime(2025, 1, 1)},)


def test_uploaded_csv_is_fitted(lab):
    lab.tabs.selected_index = DATA
    text = sample_text().replace("conductance (S)", "conductance (uS)")
    lines = text.splitlines()
    body = [ln if ln.startswith(("#", "pulse")) else
            ",".join([ln.split(",")[0], f"{float(ln.split(',')[1]) * 1e6:.9g}", ln.split(",")[2]])
            for ln in lines]
    _upload(lab, "my_device.csv", "\n".join(body) + "\n")
    assert lab.error == ""
    assert lab.data.device_name.value == "my_device"
    assert lab.data.fit.g_max == pytest.approx(lab.data.fit.g_max, rel=1e-12)
    assert 1e-6 < lab.data.fit.g_max < 3e-6  # uS column converted to S


def test_malformed_upload_names_the_line(lab):
    lab.tabs.selected_index = DATA
    text = "# a comment\npulse,conductance (S)\n0,1e-6\n1,2e-6\n2,abc\n3,4e-6\n"
    _upload(lab, "broken.csv", text)
    assert "broken.csv" in lab.error and "line 5" in lab.error and "abc" in lab.error
    assert lab.data.keep_button.disabled and len(lab.data.fig.data[0].x or ()) == 0
    lab.data.load_sample()
    assert lab.error == ""


def _upload_bytes(lab, name: str, raw: bytes):
    lab.data.upload.value = ({"name": name, "type": "text/csv", "size": len(raw),
                              "content": memoryview(raw),
                              "last_modified": datetime.datetime(2025, 1, 1)},)


def _example_text(name: str) -> str:
    return resources.files("neuroexplore").joinpath("data", "measurements", name) \
        .read_text(encoding="utf-8-sig")


def test_excel_cp1252_upload_loads_and_fits_all_cycles(lab):
    """An Excel (cp1252) export with 'µS' in its header loads as load_measurements reads it."""
    lab.tabs.selected_index = DATA
    name = "excel_semicolon_two_cycles.csv"
    raw = _example_text(name).encode("cp1252")
    assert b"(\xb5S)" in raw  # 'µ' as Excel on Windows writes it: not valid UTF-8
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    _upload_bytes(lab, name, raw)
    assert lab.error == ""
    m = load_measurements(io.BytesIO(raw))
    np.testing.assert_array_equal(lab.data.measurement["conductance"], m["conductance"])
    ref = fit_pulse_response(m["pulse"], m["conductance"], m["direction"], cycle=m["cycle"])
    fit = lab.data.fit
    assert fit.n_cycles == 2 and fit.g_max == pytest.approx(ref.g_max, rel=1e-12)
    assert "2 cycles fitted jointly" in lab.data.fig.layout.title.text
    assert "2, fitted jointly" in lab.data.table.value
    assert lab.data.upload.value == ()  # cleared: the same file can be uploaded again
    # an instrument's tab-separated .txt log is offered and read too
    assert ".txt" in lab.data.upload.accept.split(",")
    _upload_bytes(lab, "instrument_log_tab.txt",
                  _example_text("instrument_log_tab.txt").encode("utf-8"))
    assert lab.error == "" and lab.data.fit.n_cycles == 1 and lab.data.fit.r2 > 0.99
    assert "cycles fitted jointly" not in lab.data.fig.layout.title.text


def test_uploaded_cycles_are_fitted_jointly(lab):
    lab.tabs.selected_index = DATA
    dev = get_device("AlOx/HfO2").with_params(c2c_sigma=0.005)
    runs = [pulse_cycle(dev, seed=s) for s in range(3)]
    lines = ["pulse,G (uS),direction,cycle"] + [
        f"{int(p)},{g * 1e6:.12g},{'ltp' if d > 0 else 'ltd'},{k + 1}"
        for k, run in enumerate(runs) for p, g, d in zip(*run, strict=True)]
    _upload(lab, "three_cycles.csv", "\n".join(lines) + "\n")
    assert lab.error == ""
    p, g, d = (np.concatenate(a) for a in zip(*runs, strict=True))
    ref = fit_pulse_response(p, g, d, cycle=np.repeat([1, 2, 3], runs[0][0].size))
    fit = lab.data.fit
    assert fit.n_cycles == 3
    for key in ("g_min", "g_max", "nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma"):
        assert getattr(fit, key) == pytest.approx(getattr(ref, key), rel=1e-6), key
    assert "3 cycles fitted jointly" in lab.data.fig.layout.title.text
    # the export keeps the cycles: read back, the same joint fit comes out
    text = lab.export_csv(DATA)
    assert "cycles fitted jointly = 3" in text
    back = load_measurements(io.StringIO(text))
    again = fit_pulse_response(back["pulse"], back["conductance"], back["direction"],
                               cycle=back["cycle"])
    assert again.n_cycles == 3
    assert again.g_max == pytest.approx(fit.g_max, rel=1e-6)


def test_oversized_upload_names_the_size_limit(lab):
    lab.tabs.selected_index = DATA
    lab.data.load_sample()
    head = b"pulse,conductance (S)\n0,1e-6\n1,2e-6\n2,3e-6\n3,4e-6\n"
    raw = head + b"# padding\n" * (MAX_UPLOAD_BYTES // 10)
    assert len(raw) > MAX_UPLOAD_BYTES
    _upload_bytes(lab, "huge.csv", raw)
    assert "huge.csv" in lab.error and "limited to 5 MB" in lab.error, lab.error
    assert lab.data.upload.value == ()
    _upload_bytes(lab, "small.csv", head)  # at the limit's other side it loads
    assert lab.error == "" and len(lab.data.measurement) == 4


def test_ppf_and_iv_files_are_shown(lab):
    dt = np.geomspace(0.005, 3.0, 20)
    ppf = 1 + 0.6 * np.exp(-dt / 0.018) + 0.3 * np.exp(-dt / 0.218)
    text = "interval (s),ppf\n" + "".join(f"{a:.9g},{b:.9g}\n" for a, b in zip(dt, ppf,
                                                                                   strict=True))
    lab.data.load_text(text, "ppf.csv")
    assert lab.error == "" and lab.data.fit.tau1 == pytest.approx(0.018, rel=1e-4)
    assert "τ2" in lab.data.table.value and lab.data.keep_button.disabled
    t = np.linspace(0, 1, 200)
    v = np.sin(2 * np.pi * t)
    i = v / (1000 + 500 * np.sin(2 * np.pi * t - 0.5))
    text = "time,voltage,current\n" + "".join(f"{a},{b},{c}\n" for a, b, c in zip(t, v, i,
                                                                                  strict=True))
    lab.data.load_text(text, "iv.csv")
    assert f"{loop_area(v, i):.3g}" in lab.data.fig.layout.title.text
    with pytest.raises(ValueError, match="pulse-response"):
        lab.data.keep()


def test_keep_device_for_the_crossbar_lab(lab, store):
    lab.tabs.selected_index = DATA
    lab.data.load_sample()
    lab.data.device_name.value = "my FeFET"
    lab.data.keep_button.click()
    assert lab.error == "" and "my FeFET" in lab.message.value
    kept = device_store.kept_devices()
    dev = kept["my FeFET"]
    assert dev.nonlinearity_ltp == pytest.approx(lab.data.fit.nonlinearity_ltp)
    assert dev.states_ltp == 32 and dev.g_max == pytest.approx(lab.data.fit.g_max)
    raw = json.loads((store / "devices.json").read_text())
    assert raw["my FeFET"]["g_min"] == pytest.approx(dev.g_min)
    # a fresh kernel reads it back from the file
    device_store._KEPT.clear()
    device_store._loaded_from.clear()
    assert device_store.kept_devices()["my FeFET"] == dev


def test_store_survives_an_unwritable_home(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEUROEXPLORE_HOME", str(blocker))
    monkeypatch.setattr(device_store, "_KEPT", {})
    monkeypatch.setattr(device_store, "_loaded_from", set())
    name = device_store.keep_device(get_device("ideal"), "x")
    assert device_store.kept_devices()[name].name == "x"
    with pytest.raises(ValueError, match="PulseDevice"):
        device_store.keep_device("not a device")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g_min=st.floats(1e-9, 1e-5), ratio=st.floats(1.5, 1e3),
       nl=st.floats(-9.0, 9.0), states=st.integers(2, 5000), c2c=st.floats(0, 0.5))
def test_store_roundtrip_keeps_every_field(store, g_min, ratio, nl, states, c2c):
    dev = get_device("ideal").with_params(name="d", model="neurosim", g_min=g_min,
                                          g_max=g_min * ratio, nonlinearity_ltp=nl,
                                          nonlinearity_ltd=-nl, states_ltp=states,
                                          c2c_sigma=c2c)
    device_store.keep_device(dev)
    device_store._KEPT.clear()
    device_store._loaded_from.clear()
    back = device_store.kept_devices()["d"]
    assert dataclasses.asdict(back) == dataclasses.asdict(dev)


# -- export ----------------------------------------------------------------------------------
@pytest.mark.parametrize("tab", [IV, PULSE, DRIFT, DATA])
def test_export_csv(lab, tab):
    lab.data.load_sample()
    text = lab.export_csv(tab)
    rows = [ln for ln in text.splitlines() if not ln.startswith("#")]
    header = rows[0].split(",")
    first = np.array([float(r.split(",")[0]) for r in rows[1:]])
    assert len(header) >= 3 and first.size >= 10 and np.all(np.isfinite(first))
    if tab == DATA:
        assert "nonlinearity_ltp = " in text
        assert header[:3] == ["pulse", "conductance (S)", "fit (S)"]
        check_provenance(text, seed=None)
    else:
        panel = lab._panel(tab)
        groups = panel.controls if tab != IV else [panel.wave_controls, panel.param_controls]
        info = check_provenance(text, *([groups] if isinstance(groups, dict) else groups),
                                seed=panel.controls["seed"].value if tab == PULSE else None)
        assert "DeviceLab" in info["what"]
        if tab == PULSE:
            assert info["parameters"]["preset"][0] == panel.preset_select.value
            assert info["parameters"]["n_pulses"][1] == "pulses"
        if tab == IV:
            assert info["parameters"]["model"][0] == panel.model
    lab.tabs.selected_index = tab
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value
    lab.tabs.selected_index = IV


def test_exported_fit_loads_back_with_its_header(lab):
    """Round trip: the data tab's export (provenance header and all) -> load_measurements."""
    lab.data.load_sample()
    text = lab.export_csv(DATA)
    back = load_measurements(io.StringIO(text))
    assert back.kind == "pulse"
    np.testing.assert_allclose(back["pulse"], lab.data.measurement["pulse"])
    np.testing.assert_allclose(back["conductance"], lab.data.measurement["conductance"],
                               rtol=1e-7)
    assert any(c.startswith("neuroexplore ") and "export" in c for c in back.comments)
    # the pulse tab's export: the simulated device 1 loads as a measurement too
    cols = load_measurements(io.StringIO(lab.export_csv(PULSE)))
    assert cols.kind == "pulse"
    np.testing.assert_allclose(cols["conductance"], lab.pulse.traces[0], rtol=1e-7)
    iv = load_measurements(io.StringIO(lab.export_csv(IV)))
    assert iv.kind == "iv"
    np.testing.assert_allclose(iv["current"], lab.iv.trace.i, rtol=1e-7, atol=1e-30)
