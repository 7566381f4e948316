"""SynapseLab headless: controls come from the engine's specs; figures show engine results.

Independent references used here (not the lab's own output):
* the exact STDP window of the threshold-memristor scheme: tau+ equals the *pre* tail
  constant and tau- the *post* one when the head sits at the threshold (derivation in
  :mod:`neuroexplore.devices.device_stdp`);
* the capacitive-divider gate voltage of a contact-separation TENG at full separation,
  ``sigma S x / (eps0 S + C_g (d0 + x))`` (Niu et al. 2013), typed out here;
* the Tauc/Urbach absorptance ``1 - exp(-a d)`` written out here for the spectral marker.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuroexplore.devices import (
    GATE_PULSE_TRAIN_SPECS,
    SYNAPTIC_TRANSISTOR_PRESETS,
    ContactSeparationTENG,
    GatePulseTrain,
    fit_ppf,
    paired_pulse_facilitation,
    retained_weight,
    simulate_pulse_train,
    spike_energy,
)
from neuroexplore.widgets import SynapseLab
from neuroexplore.widgets._device_common import si
from neuroexplore.widgets.synapse_lab import EPSC, LTP, OPTO, PPF, STDP, TAB_TITLES, TRIBO

from .helpers import check_provenance

EPS0 = 8.8541878128e-12  # F/m, CODATA 2018


@pytest.fixture(scope="module")
def lab():
    return SynapseLab()


def _xy(fig, i=0):
    d = fig.data[i]
    return np.asarray(d.x, dtype=float).copy(), np.asarray(d.y, dtype=float).copy()


def _train(lab) -> GatePulseTrain:
    return GatePulseTrain(**{k: c.value for k, c in lab.epsc_controls.items()})


def test_sliders_are_built_from_the_engine_specs(lab):
    for spec in GATE_PULSE_TRAIN_SPECS:
        ctl = lab.epsc_controls[spec.name]
        lo, hi = (np.log10(spec.low), np.log10(spec.high)) if spec.log else (spec.low, spec.high)
        assert (ctl.min, ctl.max) == pytest.approx((lo, hi))
        assert ctl.value == pytest.approx(spec.default)
        assert spec.unit in ctl.description


def test_starts_without_error_and_with_a_trace(lab):
    assert lab.error == ""
    assert lab.tabs.selected_index == EPSC
    assert len(lab.fig_epsc.data[1].y) > 100


def test_only_the_epsc_tab_is_built_at_start_and_others_on_use():
    fresh = SynapseLab()
    assert fresh.is_built(EPSC) and not any(fresh.is_built(t) for t in range(1, 6))
    trace = fresh.fig_tribo.data[2].y  # built and drawn on use, without switching tabs
    assert fresh.is_built(TRIBO) and fresh.tabs.selected_index == EPSC
    assert len(trace) > 100 and fresh.error == ""


def test_epsc_trace_and_energy_are_the_engine_result(lab):
    lab.tabs.selected_index = EPSC
    lab.epsc_controls["amplitude"].value = 1.5
    train = _train(lab)
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
    ref = simulate_pulse_train(dev, train, t_after=max(1.0, 5 * float(dev.tau_doping)))
    t, y = _xy(lab.fig_epsc, 1)
    scale = np.max(ref.current) / np.max(y)
    np.testing.assert_allclose(t, ref.t)
    np.testing.assert_allclose(y * scale, ref.current, rtol=1e-12)
    # A_n/A_1 bars
    _, ratio = _xy(lab.fig_peaks)
    np.testing.assert_allclose(ratio, ref.amplitudes / ref.amplitudes[0], rtol=1e-12)
    energy = spike_energy(dev, train, pulse=0)
    assert f"energy per spike {si(energy.total, 'J')}" in lab.fig_epsc.layout.title.text
    lab.epsc_controls["amplitude"].value = 1.0


def test_every_epsc_slider_changes_the_trace(lab):
    lab.tabs.selected_index = EPSC
    for name, ctl in lab.epsc_controls.items():
        before = _xy(lab.fig_epsc, 1)[1]
        old = ctl.value
        ctl.value = old + 1 if name == "n_pulses" else old * 1.1
        after = _xy(lab.fig_epsc, 1)[1]
        assert before.shape != after.shape or not np.allclose(before, after), name
        ctl.value = old
    assert lab.error == ""


def test_a_tab_slider_drives_only_its_own_tab(lab):
    lab.tabs.selected_index = PPF
    epsc_before = _xy(lab.fig_epsc, 1)[1]
    ppf_before = _xy(lab.fig_ppf)[1]
    lab.ppf_controls["amplitude"].value = 2.0
    assert not np.allclose(ppf_before, _xy(lab.fig_ppf)[1])
    np.testing.assert_array_equal(epsc_before, _xy(lab.fig_epsc, 1)[1])
    lab.ppf_controls["amplitude"].value = 1.0


def test_ppf_tab_shows_fit_of_the_engine_points(lab):
    lab.tabs.selected_index = PPF
    lab.ppf_controls["tau_edl"].value = 0.03
    x_ms, y_pct = _xy(lab.fig_ppf)
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"].with_params(
        tau_edl=lab.ppf_controls["tau_edl"].value, tau_doping=lab.ppf_controls["tau_doping"].value
    )
    ref = paired_pulse_facilitation(dev, x_ms / 1e3, amplitude=1.0, width=0.005)
    np.testing.assert_allclose(y_pct / 100, ref, rtol=1e-9)
    fit = fit_ppf(x_ms / 1e3, ref)
    shown = lab.results[PPF]
    np.testing.assert_allclose(shown.params, fit.params, rtol=1e-6)
    # the fast phase is the EDL relaxation: the fit finds the device's tau_EDL (within 5 %)
    assert shown.tau1 == pytest.approx(lab.ppf_controls["tau_edl"].value, rel=0.05)
    table = lab.ppf_table.value
    for label in ("C1", "τ1", "C2", "τ2", "±", "residual"):
        assert label in table
    assert f"{shown.tau1 * 1e3:.4g} ± " in table
    lab.ppf_controls["tau_edl"].value = 0.018


def test_ltp_retained_weight_grows_with_pulse_number_and_matches_engine(lab):
    lab.tabs.selected_index = LTP
    assert lab.error == ""
    n, dg = _xy(lab.fig_ltp_n)
    assert n[0] == 1 and n[-1] == lab.ltp_controls["n_pulses"].value
    assert np.all(np.diff(dg) > 0)
    c = {k: ctl.value for k, ctl in lab.ltp_controls.items()}
    ref = retained_weight(
        SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"],
        GatePulseTrain(amplitude=c["amplitude"], width=c["width"],
                       interval=1 / c["frequency"], n_pulses=c["n_pulses"]),
        c["delay"],
    )
    assert float(lab.results[LTP].weight) == pytest.approx(float(ref.weight), rel=1e-12)
    scale = float(ref.weight) / lab.fig_ltp_n.data[1].y[0]
    assert dg[-1] * scale == pytest.approx(float(ref.weight), rel=1e-9)
    # the decay curve passes through the read-out point and flattens (long-term store)
    t, decay = _xy(lab.fig_decay)
    assert np.all(np.diff(decay) <= 1e-12 * decay.max())


def test_ltp_bad_frequency_is_a_message_naming_it(lab):
    lab.tabs.selected_index = LTP
    lab.ltp_controls["width"].value = 0.1
    lab.ltp_controls["frequency"].value = 50.0
    assert "frequency" in lab.error and "width" in lab.error
    lab.ltp_controls["frequency"].value = 5.0
    assert lab.error == ""
    lab.ltp_controls["width"].value = 0.005
    lab.ltp_controls["frequency"].value = 20.0


def test_epsc_overlapping_pulses_show_the_engine_error(lab):
    lab.tabs.selected_index = EPSC
    lab.epsc_controls["width"].value = 0.1  # longer than the 50 ms interval
    assert "interval" in lab.error and "width" in lab.error
    lab.epsc_controls["width"].value = 0.005
    assert lab.error == ""


def test_stdp_fit_recovers_the_spike_tail_constants(lab):
    lab.tabs.selected_index = STDP
    lab.stdp_controls["tail_tau"].value = 0.012
    lab.stdp_controls["post_tail_tau"].value = 0.04
    fit = lab.results[STDP]
    # head amplitude (1 V) = v_on (1 V) and alpha = 1: the window is exactly exponential
    assert fit.tau_plus == pytest.approx(lab.stdp_controls["tail_tau"].value, rel=1e-6)
    assert fit.tau_minus == pytest.approx(lab.stdp_controls["post_tail_tau"].value, rel=1e-6)
    assert "τ+" in lab.stdp_table.value
    x, y = _xy(lab.fig_stdp, 1)
    assert np.all(y[x > 0] > 0) and np.all(y[x < 0] < 0)


def test_stdp_without_threshold_crossing_is_a_message(lab):
    lab.tabs.selected_index = STDP
    lab.stdp_controls["head_amplitude"].value = 0.2
    lab.stdp_controls["tail_amplitude"].value = 0.2
    assert "threshold" in lab.error
    lab.stdp_controls["head_amplitude"].value = 1.0
    lab.stdp_controls["tail_amplitude"].value = 0.6
    assert lab.error == ""


def test_optical_tab_spectrum_and_ppc(lab):
    lab.tabs.selected_index = OPTO
    assert lab.error == ""
    lab.opto_controls["wavelength"].value = 800.0  # below the 2 eV gap (620 nm edge)
    tr = lab.results[OPTO]
    dark_peak = float(tr.amplitudes[-1])
    lab.opto_controls["wavelength"].value = 400.0
    tr = lab.results[OPTO]
    assert float(tr.amplitudes[-1]) > 100 * dark_peak
    # spectral marker = A(lambda) lambda / 550 with the Tauc edge written out
    e = 1239.841984 / 400.0
    alpha = 1e7 * np.sqrt(e - 2.0)
    expected = -np.expm1(-alpha * 5e-8) * 400.0 / 550.0
    assert lab.fig_spectrum.data[1].y[0] == pytest.approx(expected, rel=1e-9)
    # persistent photoconductivity: once the free carriers (tau_free = 10 ms) are gone the
    # photocurrent decays as exp(-t / tau_ppc) (closed form of the linear cascade)
    t, y = _xy(lab.fig_opto, 1)
    end = t[-1] - 20.0  # the trace runs t_after = max(20 s, 4 tau_ppc) past the last pulse
    i1, i2 = np.searchsorted(t, end + 2.0), np.searchsorted(t, end + 15.0)
    tau_ppc = lab.opto_controls["tau_ppc"].value
    assert y[i2] / y[i1] == pytest.approx(np.exp(-(t[i2] - t[i1]) / tau_ppc), rel=1e-6)


def test_tribo_gate_voltage_matches_the_capacitive_divider(lab):
    lab.tabs.selected_index = TRIBO
    lab.tribo_controls["x_max"].value = 2e-3
    assert lab.error == ""
    teng = ContactSeparationTENG(x_max=lab.tribo_controls["x_max"].value,
                                 sigma=lab.tribo_controls["sigma"].value)
    x = teng.x_max
    v_max = teng.sigma * teng.area * x / (EPS0 * teng.area + teng.c_gate * (teng.d0 + x))
    _, vg = _xy(lab.fig_tribo, 1)
    assert vg.max() == pytest.approx(v_max, rel=1e-3)  # sampled near the top of the press
    _, peaks = _xy(lab.fig_presses)
    assert peaks.size == lab.tribo_controls["n_presses"].value
    assert np.all(np.diff(peaks) > 0)  # facilitation from press to press
    lab.tribo_controls["x_max"].value = 1e-3


def test_preset_switch_updates_visible_tab_and_marks_the_rest(lab):
    lab.tabs.selected_index = EPSC
    lab.preset_select.value = "oect_depletion"
    assert "IPSC" in lab.fig_epsc.layout.title.text
    assert "Bernards" in lab.reference.value
    assert lab.is_stale(PPF) and lab.is_stale(TRIBO)
    lab.tabs.selected_index = TRIBO
    assert not lab.is_stale(TRIBO) and lab.error == ""
    _, y = _xy(lab.fig_tribo, 2)
    assert y[-1] < y[0]  # depletion: presses lower the drain current
    lab.tabs.selected_index = EPSC
    lab.preset_select.value = "p3ht_pmma"


@pytest.mark.parametrize("tab", range(len(TAB_TITLES)))
def test_export_csv_of_every_tab(lab, tab):
    text = lab.export_csv(tab)
    controls = getattr(lab, ("epsc_controls", "_ppf_controls", "_ltp_controls",
                             "_stdp_controls", "_opto_controls", "_tribo_controls")[tab])
    info = check_provenance(text, controls, seed=None)
    assert info["what"].startswith("SynapseLab")
    if tab not in (STDP, OPTO):  # the preset device: its name and every parameter
        assert info["parameters"]["device"][0] == lab.device.name
        for spec in type(lab.device).SPECS:
            assert f"device.{spec.name}" in info["parameters"], spec.name
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    header = lines[0].split(",")
    first = [row.split(",")[0] for row in lines[1:]]
    assert len(first) >= 10 and all(v != "" for v in first)
    assert len(header) >= 2
    lab.tabs.selected_index = tab
    lab.export_button.click()
    assert "data:text/csv;base64," in lab.export_link.value
    lab.tabs.selected_index = EPSC


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amplitude=st.floats(0.05, 20.0),
    width=st.floats(1e-4, 0.05),
    ratio=st.floats(1.05, 50.0),
    n=st.integers(1, 30),
)
def test_any_valid_train_is_shown_exactly(lab, amplitude, width, ratio, n):
    c = lab.epsc_controls
    lab.tabs.selected_index = EPSC
    interval = min(width * ratio, 100.0)
    # set interval first when widening, so no transient overlap error is left behind
    c["interval"].value = max(interval, c["interval"].value)
    c["width"].value = width
    c["interval"].value = interval
    c["amplitude"].value = amplitude
    c["n_pulses"].value = n
    assert lab.error == ""
    amps = simulate_pulse_train(SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"], _train(lab)).amplitudes
    _, ratio_shown = _xy(lab.fig_peaks)
    assert ratio_shown.size == n
    np.testing.assert_allclose(ratio_shown, amps / amps[0], rtol=1e-9)
