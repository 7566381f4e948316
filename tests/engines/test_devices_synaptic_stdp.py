"""Device STDP from overlapping spike waveforms: analytic window, symmetry, no overlap, fit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.devices.device_stdp import (
    SpikeWaveform,
    ThresholdMemristor,
    exponential_stdp_window,
    fit_stdp_window,
    net_voltage,
    spike_waveform,
    stdp_window,
    threshold_rate,
)

PRE = SpikeWaveform()                    # tail tau 16.8 ms (Bi & Poo tau+)
POST = SpikeWaveform(tail_tau=0.0337)    # tail tau 33.7 ms (Bi & Poo tau-)
DEV = ThresholdMemristor()


def _analytic_a(k, v_tail, tau, t_head, v_th):
    """A = (k V_tail tau / v_th)(e^{t_head/tau} - 1): integral of k (V/v_th - 1) over the
    post head lying on the pre tail, V = v_th + V_tail e^{-(dt - t_head + s)/tau}."""
    return k * v_tail * tau / v_th * np.expm1(t_head / tau)


def test_window_matches_analytic_exponential_where_head_lies_on_tail():
    dt = np.linspace(PRE.head_width, PRE.tail_duration, 50)
    dw = stdp_window(DEV, delta_t_s=dt, pre=PRE, post=POST)
    a_plus = _analytic_a(DEV.k_on, PRE.tail_amplitude, PRE.tail_tau, POST.head_width, DEV.v_on)
    np.testing.assert_allclose(dw, a_plus * np.exp(-dt / PRE.tail_tau), rtol=1e-10)
    dwm = stdp_window(DEV, delta_t_s=-dt, pre=PRE, post=POST)
    a_minus = _analytic_a(DEV.k_off, POST.tail_amplitude, POST.tail_tau, PRE.head_width,
                          DEV.v_off)
    np.testing.assert_allclose(dwm, -a_minus * np.exp(-dt / POST.tail_tau), rtol=1e-10)


def test_fit_recovers_exponential_constants():
    dt = np.linspace(PRE.head_width, 0.09, 40)
    x = np.r_[-dt[::-1], dt]
    fit = fit_stdp_window(x, stdp_window(DEV, delta_t_s=x, pre=PRE, post=POST))
    assert fit.tau_plus == pytest.approx(0.0168, rel=1e-8)
    assert fit.tau_minus == pytest.approx(0.0337, rel=1e-8)
    assert fit.a_plus == pytest.approx(
        _analytic_a(DEV.k_on, PRE.tail_amplitude, PRE.tail_tau, POST.head_width, DEV.v_on),
        rel=1e-8)
    np.testing.assert_allclose(fit(x), exponential_stdp_window(x, fit.a_plus, fit.tau_plus,
                                                               fit.a_minus, fit.tau_minus))


def test_fit_recovers_noisy_window_within_uncertainty():
    rng = np.random.default_rng(3)
    x = np.r_[-np.linspace(0.002, 0.1, 30), np.linspace(0.002, 0.1, 30)]
    y = exponential_stdp_window(x, 0.8, 0.0168, 0.5, 0.0337)
    y = y + rng.normal(0, 0.005, x.size)
    fit = fit_stdp_window(x, np.where(np.sign(y) == np.sign(x), y, 0.0))
    z = np.abs(np.r_[fit.a_plus, fit.tau_plus, fit.a_minus, fit.tau_minus]
               - [0.8, 0.0168, 0.5, 0.0337]) / fit.errors
    assert np.all(z < 4)


@settings(max_examples=30, deadline=None)
@given(
    head=st.floats(0.3, 1.0), tail=st.floats(0.1, 0.9), tau=st.floats(1e-3, 0.05),
    width=st.floats(1e-4, 5e-3), dur=st.floats(0.01, 0.2), v_th=st.floats(0.5, 2.0),
    alpha=st.floats(0.5, 3.0), dt=st.floats(1e-4, 0.3),
)
def test_window_is_antisymmetric_and_sign_correct(head, tail, tau, width, dur, v_th, alpha, dt):
    wave = SpikeWaveform(head_amplitude=head * v_th, head_width=width, tail_amplitude=tail * v_th,
                         tail_tau=tau, tail_duration=dur)
    dev = ThresholdMemristor(v_on=v_th, v_off=v_th, k_on=50.0, k_off=50.0, alpha_on=alpha,
                             alpha_off=alpha)
    p, m = stdp_window(dev, delta_t_s=np.array([dt, -dt]), pre=wave, post=wave)
    assert p >= 0 and m <= 0
    assert p == pytest.approx(-m, rel=1e-9, abs=1e-15)
    if dt >= wave.length:
        assert p == 0.0 and m == 0.0


def test_no_overlap_no_change_and_single_spikes_subthreshold():
    dw = stdp_window(DEV, delta_t_s=np.array([PRE.length, 0.2, 1.0, -POST.length, -1.0]),
                     pre=PRE, post=POST)
    assert np.all(dw == 0.0)
    t = np.linspace(-0.01, 0.2, 5001)
    assert np.all(threshold_rate(spike_waveform(t, PRE), DEV) == 0)
    assert np.all(threshold_rate(-spike_waveform(t, POST), DEV) == 0)


def test_net_voltage_definition_and_threshold_law():
    t = np.array([0.0105])
    v = net_voltage(t, 0.01, PRE, POST)  # post head on pre tail
    assert v[0] == pytest.approx(1.0 + 0.6 * np.exp(-(0.0105 - 0.001) / 0.0168))
    assert threshold_rate(1.5, DEV) == pytest.approx(100 * 0.5)
    assert threshold_rate(-1.5, DEV) == pytest.approx(-100 * 0.5)
    assert threshold_rate(0.99, DEV) == 0.0


def test_quadrature_converges_with_threshold_crossing_inside():
    """Head below threshold: the crossing lies inside a piece; refine until converged."""
    wave = SpikeWaveform(head_amplitude=0.8)
    coarse = stdp_window(DEV, delta_t_s=0.01, pre=wave, post=wave, panels=8)
    fine = stdp_window(DEV, delta_t_s=0.01, pre=wave, post=wave, panels=512)
    finer = stdp_window(DEV, delta_t_s=0.01, pre=wave, post=wave, panels=2048)
    assert fine == pytest.approx(finer, rel=1e-8)
    assert coarse == pytest.approx(finer, rel=1e-4)
    # analytic: with V = 0.8 + 0.6 e^{-(dt - w + s)/tau} the rate is on while V > 1
    tau, w = wave.tail_tau, wave.head_width
    c = 0.6 * np.exp(-(0.01 - w) / tau)
    s_end = min(w, tau * np.log(c / 0.2)) if c > 0.2 else 0.0
    exact = 100 * (c * tau * -np.expm1(-s_end / tau) - 0.2 * s_end)
    assert finer == pytest.approx(exact, rel=1e-9)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: SpikeWaveform(tail_tau=0.0), "tail_tau"),
        (lambda: ThresholdMemristor(v_on=-1.0), "v_on"),
        (lambda: stdp_window(delta_t_s=np.nan), "delta_t_s"),
        (lambda: stdp_window(delta_t_s=0.01, panels=0), "panels"),
        (lambda: fit_stdp_window([0.01, 0.02], [1.0]), "equal length"),
        (lambda: fit_stdp_window([0.01, 0.02, -0.01, -0.02], [1, 0.5, -1, -0.5]), "at least 3"),
        (lambda: fit_stdp_window([np.nan] * 6, [1.0] * 6), "NaN"),
    ],
)
def test_bad_input(make, name):
    with pytest.raises(ValueError, match=name):
        make()


# ------------------------------------------------------------------ Tsodyks-Markram comparison
def test_tsodyks_markram_ppr_and_steady_state_are_analytic():
    from neuroexplore.devices.short_term_plasticity import tsodyks_markram_amplitudes

    dt = np.geomspace(0.01, 5.0, 12)
    a = tsodyks_markram_amplitudes(dt, 400, U=0.5, tau_rec=0.8)
    np.testing.assert_allclose(a[:, 1] / a[:, 0], 1 - 0.5 * np.exp(-dt / 0.8), rtol=1e-14)
    e = np.exp(-dt / 0.8)
    x_ss = (1 - e) / (1 - 0.5 * e)
    np.testing.assert_allclose(a[:, -1], 0.5 * x_ss, rtol=1e-10)
    with pytest.raises(ValueError, match="U"):
        tsodyks_markram_amplitudes(0.1, 3, U=1.5)


def test_the_time_difference_is_a_required_keyword_in_seconds():
    # devices.stdp_window takes seconds, networks.stdp_window milliseconds: the keyword says so
    with pytest.raises(TypeError, match="delta_t_s"):
        stdp_window(DEV)
    with pytest.raises(TypeError):
        stdp_window(0.01, DEV)
