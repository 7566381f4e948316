"""Multi-domain FeFET: analytic switched fractions, saturation, monotonicity, hysteresis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import cauchy, norm

from neuroexplore.devices import (
    FeFET,
    distinguishable_states,
    fefet_apply_pulses,
    fefet_initial_state,
    incremental_scheme,
)

DEV = FeFET(n_domains=4000)


@pytest.mark.parametrize("v", [1.8, 2.4, 2.8, 3.3, 3.9])
def test_single_reference_pulse_switches_gaussian_fraction(v):
    tr = fefet_apply_pulses(DEV, fefet_initial_state(DEV, -1), [v], DEV.w_ref)
    expected = 2 * norm.cdf((v - DEV.vc_mean) / DEV.vc_sigma) - 1
    assert tr.polarization[-1] / DEV.p_s == pytest.approx(expected, abs=1.0 / DEV.n_domains * 2)


def test_lorentzian_distribution_fraction():
    dev = FeFET(n_domains=4000, distribution="lorentzian", vc_sigma=0.3)
    for v in (2.2, 2.8, 3.5):
        tr = fefet_apply_pulses(dev, fefet_initial_state(dev, -1), [v], dev.w_ref)
        expected = 2 * cauchy.cdf(v, loc=dev.vc_mean, scale=dev.vc_sigma) - 1
        assert tr.polarization[-1] / dev.p_s == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("width", [10e-9, 1e-6, 1e-4])
def test_merz_width_dependence_analytic(width):
    v = 2.6
    tr = fefet_apply_pulses(DEV, fefet_initial_state(DEV, -1), [v], width)
    v_eff = v * np.log(width / DEV.tau0) / np.log(DEV.w_ref / DEV.tau0)
    expected = 2 * norm.cdf((v_eff - DEV.vc_mean) / DEV.vc_sigma) - 1
    assert tr.polarization[-1] / DEV.p_s == pytest.approx(expected, abs=2e-3)


def test_accumulation_n_pulses_equal_one_long_pulse():
    st0 = fefet_initial_state(DEV, -1)
    many = fefet_apply_pulses(DEV, st0, np.full(20, 2.5), 100e-9)
    one = fefet_apply_pulses(DEV, st0, [2.5], 20 * 100e-9)
    assert many.polarization[-1] == pytest.approx(one.polarization[-1], abs=1 / DEV.n_domains)
    assert np.all(np.diff(many.polarization) >= 0)


def test_saturation_to_plus_minus_ps():
    st0 = fefet_initial_state(DEV, -1)
    up = fefet_apply_pulses(DEV, st0, [8.0], DEV.w_ref)
    assert up.polarization[-1] == pytest.approx(DEV.p_s)
    down = fefet_apply_pulses(DEV, up.state, [-8.0], DEV.w_ref)
    assert down.polarization[-1] == pytest.approx(-DEV.p_s)
    assert up.v_th[-1] == pytest.approx(DEV.v_th0 - DEV.memory_window / 2)
    assert up.conductance[-1] > down.conductance[-1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.0, 8.0), min_size=2, max_size=6, unique=True))
def test_monotonic_in_amplitude(amps):
    amps = sorted(amps)
    st0 = fefet_initial_state(DEV, -1)
    p = [fefet_apply_pulses(DEV, st0, [a], DEV.w_ref).polarization[-1] for a in amps]
    assert np.all(np.diff(p) >= 0)
    assert np.all(np.abs(p) <= DEV.p_s + 1e-15)


def test_hysteresis_and_history_dependence():
    dev = FeFET(n_domains=1000)
    sweep = np.concatenate([np.linspace(0, 5, 51), np.linspace(5, -5, 101), np.linspace(-5, 0, 51)])
    tr = fefet_apply_pulses(dev, fefet_initial_state(dev, -1), sweep, dev.w_ref)
    p = tr.polarization[1:]
    # at V = 0 on the descending branch P = +P_s, on the ascending branch (end) P = -P_s
    assert p[51 + 50] == pytest.approx(dev.p_s) and p[-1] == pytest.approx(-dev.p_s)
    # same pulse, different history -> different polarisation
    a = fefet_apply_pulses(dev, fefet_initial_state(dev, -1), [2.8], dev.w_ref)
    b = fefet_apply_pulses(dev, fefet_initial_state(dev, 1), [2.8], dev.w_ref)
    assert b.polarization[-1] > a.polarization[-1] + 0.5 * dev.p_s


def test_states_vs_pulse_scheme():
    """Jerry et al. (IEDM 2017): amplitude-modulated pulses give 32 distinct states."""
    dev = FeFET(n_domains=2000)
    st0 = fefet_initial_state(dev, -1)
    ramp = fefet_apply_pulses(dev, st0, incremental_scheme(32, 1.9, 3.3), 75e-9)
    same = fefet_apply_pulses(dev, st0, np.full(32, 2.8), 75e-9)
    sep = 0.005 * 2 * dev.p_s  # 0.5 % of the full swing
    n_ramp = distinguishable_states(ramp.polarization[1:], sep)
    n_same = distinguishable_states(same.polarization[1:], sep)
    assert n_ramp == 32  # ramp across the coercive-voltage distribution
    assert n_same < n_ramp  # identical pulses: only slow, logarithmic accumulation


def test_bad_input():
    with pytest.raises(ValueError, match="n_domains"):
        FeFET(n_domains=0)
    with pytest.raises(ValueError, match="widths"):
        fefet_apply_pulses(DEV, fefet_initial_state(DEV), [3.0], 1e-15)
    with pytest.raises(ValueError, match="polarization"):
        fefet_initial_state(DEV, 2.0)
