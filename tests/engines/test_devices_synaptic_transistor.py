"""Synaptic transistor (EDL/ECRAM/OECT): closed form vs solve_ivp, PPF, SRDP, STP->LTP, energy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroexplore.devices.ppf import fit_ppf
from neuroexplore.devices.synaptic_kinetics import CascadeState, advance
from neuroexplore.devices.synaptic_transistor import (
    GATE_PULSE_TRAIN_SPECS,
    SYNAPTIC_TRANSISTOR_PRESETS,
    SYNAPTIC_TRANSISTOR_SPECS,
    GatePulseTrain,
    SynapticTransistor,
    paired_pulse_facilitation,
    pulse_amplitudes,
    retained_weight,
    simulate_gate_waveform,
    simulate_pulse_train,
    spike_energy,
    srdp_gain,
)
from neuroexplore.params import ParamSpec

P3HT = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]


def _rhs(dev: SynapticTransistor, v: float):
    """The model ODE written out independently of the closed form."""

    def f(_t, y):
        n1, n2, n3 = y
        return [
            dev.k_on * v * (1 - n1) - n1 / dev.tau_edl,
            (n1 - n2) / dev.tau_doping,
            dev.k_ltp * n2**2 - n3 / dev.tau_ltp,
        ]

    return f


def _ivp_train(dev: SynapticTransistor, train: GatePulseTrain, t_eval: np.ndarray) -> np.ndarray:
    """Integrate pulse by pulse with solve_ivp (rtol 1e-10); returns states at t_eval."""
    edges = [0.0]
    volts = []
    for k in range(train.n_pulses):
        edges += [k * train.interval + train.width, (k + 1) * train.interval]
        volts += [train.amplitude, 0.0]
    edges[-1] = max(edges[-1], t_eval.max())
    y = np.zeros(3)
    out = np.empty((3, t_eval.size))
    for (a, b), v in zip(zip(edges[:-1], edges[1:], strict=True), volts, strict=True):
        sel = (t_eval >= a) & (t_eval <= b)
        sol = solve_ivp(_rhs(dev, v), (a, b), y, method="DOP853", rtol=1e-10, atol=1e-14,
                        t_eval=t_eval[sel] if sel.any() else None)
        if sel.any():
            out[:, sel] = sol.y
        y = solve_ivp(_rhs(dev, v), (a, b), y, method="DOP853", rtol=1e-10,
                      atol=1e-14).y[:, -1]
    return out


# ------------------------------------------------------------------ closed form
@settings(max_examples=30, deadline=None)
@given(
    v=st.floats(0.0, 5.0),
    k_on=st.floats(1.0, 1000.0),
    tau_edl=st.floats(2e-3, 0.09),
    tau_doping=st.floats(0.1, 5.0),
    k_ltp=st.floats(0.0, 20.0),
    tau_ltp=st.floats(10.0, 1e4),
    y0=st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
    s=st.floats(1e-4, 3.0),
)
def test_segment_closed_form_matches_solve_ivp(v, k_on, tau_edl, tau_doping, k_ltp, tau_ltp,
                                               y0, s):
    dev = SynapticTransistor(k_on=k_on, tau_edl=tau_edl, tau_doping=tau_doping, k_ltp=k_ltp,
                             tau_ltp=tau_ltp)
    sol = solve_ivp(_rhs(dev, v), (0, s), list(y0), method="DOP853", rtol=1e-12, atol=1e-15)
    x = advance(CascadeState(*map(np.float64, y0)), s, **dev._rates(v))
    np.testing.assert_allclose(np.array(x), sol.y[:, -1], rtol=1e-8, atol=1e-11)


def test_pulse_train_trace_matches_solve_ivp():
    train = GatePulseTrain(amplitude=1.5, width=0.004, interval=0.03, n_pulses=6)
    dev = P3HT.with_params(k_ltp=5.0)
    t = np.linspace(0, 0.6, 301)
    tr = simulate_pulse_train(dev, train, t=t)
    ref = _ivp_train(dev, train, t)
    np.testing.assert_allclose(tr.n1, ref[0], rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(tr.n2, ref[1], rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(tr.n3, ref[2], rtol=1e-7, atol=1e-14)
    g_ref = dev.g0 * (1 + dev.r_edl * ref[0] + dev.r_doping * ref[1] + dev.r_ltp * ref[2])
    np.testing.assert_allclose(tr.current, g_ref * dev.v_read, rtol=1e-8)
    # amplitudes = response at the end of each pulse
    ends = np.arange(train.n_pulses) * train.interval + train.width
    ref_end = _ivp_train(dev, train, ends)
    dg = dev.r_edl * ref_end[0] + dev.r_doping * ref_end[1] + dev.r_ltp * ref_end[2]
    np.testing.assert_allclose(tr.amplitudes, dev.g0 * dg * dev.v_read, rtol=1e-8)


def test_gate_waveform_zero_order_hold_equals_pulse_train():
    train = GatePulseTrain(amplitude=2.0, width=0.005, interval=0.02, n_pulses=4)
    k = np.arange(201)  # 1 ms steps; pulses on steps 0-4, 20-24, 40-44, 60-64
    t = k * 1e-3
    v = np.where((k % 20 < 5) & (k < 80), 2.0, 0.0)
    a = simulate_gate_waveform(P3HT, t, v)
    b = simulate_pulse_train(P3HT, train, t=t)
    np.testing.assert_allclose(a.current, b.current, rtol=1e-10)


# ------------------------------------------------------------------ PPF
def test_ppf_of_p3ht_preset_recovers_reference_time_constants():
    """Reference: P3HT/PMMA synaptic transistor, tau1 ~ 18 ms, tau2 ~ 218 ms."""
    dt = np.geomspace(0.006, 3.0, 30)
    fit = fit_ppf(dt, paired_pulse_facilitation(P3HT, dt))
    assert fit.tau1 == pytest.approx(0.018, rel=0.10)
    assert fit.tau2 == pytest.approx(0.218, rel=0.10)
    assert fit.c1 > 0 and fit.c2 > 0
    assert paired_pulse_facilitation(P3HT, 0.01) > 1.2


@settings(max_examples=25, deadline=None)
@given(tau_edl=st.floats(0.005, 0.05), tau_doping=st.floats(0.15, 2.0),
       k_on=st.floats(10, 500))
@example(tau_edl=0.0410, tau_doping=0.3906, k_on=280.0)  # once gave tau1 ~ tau2 ~ 0.41 s
def test_ppf_is_exactly_double_exponential_without_ltp(tau_edl, tau_doping, k_on):
    """Analytic: with no long-term store, A2/A1 is exactly 1 + C1 e^-dt/tau1 + C2 e^-dt/tau2."""
    dev = SynapticTransistor(tau_edl=tau_edl, tau_doping=tau_doping, k_on=k_on, k_ltp=0.0)
    dt = np.geomspace(0.006, 8 * tau_doping, 30)
    fit = fit_ppf(dt, paired_pulse_facilitation(dev, dt))
    assert fit.residual_rms < 1e-6
    assert not fit.ill_conditioned, fit.warning
    assert fit.tau1 == pytest.approx(tau_edl, rel=1e-3)
    assert fit.tau2 == pytest.approx(tau_doping, rel=1e-3)


def test_ppf_decreases_to_one():
    ppf = paired_pulse_facilitation(P3HT.with_params(k_ltp=0.0), np.geomspace(0.006, 20, 40))
    assert np.all(np.diff(ppf) <= 0) and np.all(np.diff(ppf[:20]) < 0)
    assert ppf[-1] == pytest.approx(1.0, abs=1e-6)


# ------------------------------------------------------------------ SRDP, STP->LTP
def test_srdp_gain_increases_with_frequency():
    f = np.array([0.5, 1, 2, 5, 10, 20, 50, 100])
    gain = srdp_gain(P3HT, f, n_pulses=10)
    assert np.all(np.diff(gain) > 0)
    assert gain[0] == pytest.approx(1.0, abs=0.02)  # isolated pulses barely interact


def test_stp_to_ltp_with_pulse_number():
    train = GatePulseTrain(amplitude=1.0, width=0.005, interval=0.05, n_pulses=1)
    n = [1, 2, 5, 10, 20, 50, 100, 200]
    r = [retained_weight(P3HT, train.with_params(n_pulses=k), 10.0) for k in n]
    weight = np.array([x.weight for x in r])
    frac = np.array([x.fraction for x in r])
    assert np.all(np.diff(weight) > 0) and np.all(np.diff(frac) > 0)
    assert frac[0] < 0.01  # one pulse: short-term (forgotten after 10 s)
    assert frac[-1] > 0.3  # 200 pulses: long-term


def test_stp_to_ltp_with_frequency_and_amplitude():
    f = np.array([0.5, 1, 2, 5, 10, 20])
    r = retained_weight(P3HT, GatePulseTrain(amplitude=1.0, width=0.005, interval=1 / f,
                                             n_pulses=20))
    assert np.all(np.diff(r.weight) > 0) and np.all(np.diff(r.fraction) > 0)
    amp = np.array([0.25, 0.5, 1, 2, 4, 8])
    r = retained_weight(P3HT, GatePulseTrain(amplitude=amp, width=0.005, interval=0.05,
                                             n_pulses=20))
    assert np.all(np.diff(r.weight) > 0) and np.all(np.diff(r.fraction) > 0)


def test_retention_decay_after_train_is_long_term_store():
    """Long after the train only n3 survives: it decays as exp(-t/tau_ltp) (analytic)."""
    train = GatePulseTrain(n_pulses=50, interval=0.05)
    r = retained_weight(P3HT, train, np.array([50.0, 50.0 + P3HT.tau_ltp]))
    assert r.weight[1] / r.weight[0] == pytest.approx(np.exp(-1.0), rel=1e-6)


# ------------------------------------------------------------------ energy
def test_energy_of_rectangular_pulse_is_v_i_t():
    """No plasticity, no EDL charge: E = v_read^2 G0 w + V^2 w / R exactly."""
    dev = SynapticTransistor(r_edl=0, r_doping=0, r_ltp=0, q_edl=0.0, g0=2e-8, v_read=0.2,
                             r_leak=1e10)
    train = GatePulseTrain(amplitude=1.5, width=0.01, interval=0.05, n_pulses=3)
    e = spike_energy(dev, train, pulse=1)
    assert e.drain == pytest.approx(0.2 * (2e-8 * 0.2) * 0.01, rel=1e-12)
    assert e.gate == pytest.approx(1.5 * (1.5 / 1e10) * 0.01, rel=1e-12)
    assert e.estimate == pytest.approx(e.drain, rel=1e-12)
    assert e.total == pytest.approx(e.gate + e.drain)


def test_energy_equals_integral_of_trace():
    train = GatePulseTrain(amplitude=1.0, width=0.005, interval=0.05, n_pulses=3)
    t = np.linspace(0.05, 0.055, 20001)  # second pulse
    tr = simulate_pulse_train(P3HT, train, t=t)
    gate = np.trapezoid(tr.v_gate * tr.gate_current, t)
    drain = np.trapezoid(P3HT.v_read * tr.current, t)
    e = spike_energy(P3HT, train, pulse=1)
    assert e.gate == pytest.approx(gate, rel=1e-6)
    assert e.drain == pytest.approx(drain, rel=1e-6)
    assert 1e-15 < e.total < 1e-10  # fJ..pJ-class device (Xu 2016: ~1 fJ; ENODe: < 10 pJ)


# ------------------------------------------------------------------ polarity, sweeps
def test_inhibitory_oect_current_drops_and_stays_non_negative():
    dev = SYNAPTIC_TRANSISTOR_PRESETS["oect_depletion"]
    tr = simulate_pulse_train(dev, GatePulseTrain(amplitude=5.0, width=0.05, interval=0.1,
                                                  n_pulses=200))
    i0 = dev.g0 * dev.v_read
    assert np.all(tr.current >= 0) and np.all(tr.current <= i0 * (1 + 1e-12))
    assert tr.current.min() < 0.5 * i0


def test_array_fields_broadcast_like_scalar_runs():
    k_on = np.array([10.0, 100.0, 1000.0])
    interval = np.array([[0.02], [0.2]])
    train = GatePulseTrain(interval=interval, n_pulses=5)
    amps = pulse_amplitudes(P3HT.with_params(k_on=k_on), train)
    assert amps.shape == (2, 3, 5)
    for i in range(2):
        for j in range(3):
            one = pulse_amplitudes(P3HT.with_params(k_on=k_on[j]),
                                   GatePulseTrain(interval=interval[i, 0], n_pulses=5))
            np.testing.assert_allclose(amps[i, j], one, rtol=1e-13)
    tr = simulate_pulse_train(P3HT.with_params(k_on=k_on), GatePulseTrain(n_pulses=3))
    assert tr.current.shape == (3, tr.t.size)


# ------------------------------------------------------------------ invariants
def _spec_strategy(spec: ParamSpec):
    if spec.integer:
        return st.integers(int(spec.low), int(min(spec.high, 60)))
    if spec.log:
        return st.floats(np.log10(spec.low), np.log10(spec.high)).map(
            lambda e: float(np.clip(10.0**e, spec.low, spec.high)))
    return st.floats(spec.low, spec.high)


_DEV_NUM = {s.name: s for s in SYNAPTIC_TRANSISTOR_SPECS if isinstance(s, ParamSpec)}
_TRAIN = {s.name: s for s in GATE_PULSE_TRAIN_SPECS}


@settings(max_examples=40, deadline=None)
@given(
    dev=st.fixed_dictionaries({k: _spec_strategy(s) for k, s in _DEV_NUM.items()}),
    train=st.fixed_dictionaries({k: _spec_strategy(s) for k, s in _TRAIN.items()}),
    polarity=st.sampled_from(["excitatory", "inhibitory"]),
)
def test_outputs_finite_and_currents_non_negative_over_spec_ranges(dev, train, polarity):
    if train["interval"] <= train["width"]:
        train["interval"] = min(train["width"] * 3, 100.0)
        if train["interval"] <= train["width"]:
            return
    device = SynapticTransistor(polarity=polarity, **dev)
    tr = simulate_pulse_train(device, GatePulseTrain(**train), t_after=2.0)
    for arr in (tr.current, tr.gate_current, tr.n1, tr.n2, tr.n3, tr.amplitudes):
        assert np.all(np.isfinite(arr))
    assert np.all(tr.current >= 0)
    assert np.all((tr.n1 >= 0) & (tr.n1 <= 1) & (tr.n2 >= -1e-12) & (tr.n2 <= 1 + 1e-12))
    e = spike_energy(device, GatePulseTrain(**train))
    assert np.isfinite(e.total) and e.total >= 0


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: SynapticTransistor(tau_edl=0.5), "tau_edl"),
        (lambda: SynapticTransistor(g0=-1.0), "g0"),
        (lambda: SynapticTransistor(polarity="both"), "polarity"),
        (lambda: SynapticTransistor(k_on=np.array([1.0, np.nan])), "k_on"),
        (lambda: GatePulseTrain(width=0.01, interval=0.005), "interval"),
        (lambda: GatePulseTrain(n_pulses=2.5), "n_pulses"),
        (lambda: GatePulseTrain(n_pulses=[1, 2]), "n_pulses"),
        (lambda: GatePulseTrain(amplitude=-1.0), "amplitude"),
        (lambda: P3HT.with_params(tau=1.0), "tau"),
        (lambda: srdp_gain(P3HT, 0.0), "frequency"),
        (lambda: retained_weight(P3HT, GatePulseTrain(), -1.0), "delay"),
        (lambda: spike_energy(P3HT, GatePulseTrain(n_pulses=2), pulse=2), "pulse"),
        (lambda: paired_pulse_facilitation(P3HT, 0.01, amplitude=0.0), "PPF"),
        (lambda: simulate_gate_waveform(P3HT, [0, 1, 2], [0, -1, 0]), "amplitude"),
        (lambda: simulate_pulse_train(P3HT, GatePulseTrain(), t=[-1.0, 0.0]), "t"),
    ],
)
def test_bad_input_raises_value_error_naming_it(make, name):
    with pytest.raises(ValueError, match=name):
        make()
