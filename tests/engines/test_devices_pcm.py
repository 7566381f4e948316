"""PCM statistical model (Joshi et al., Nat. Commun. 11:2473, 2020) and cell physics.

Reference: the coefficients in ../shared/reference/pcm_inference_model.md, parsed
from that file where present, and the closed forms they define.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.devices import (
    PCMCell,
    pcm_drift,
    pcm_drift_compensation,
    pcm_drift_nu,
    pcm_drift_nu_stats,
    pcm_program,
    pcm_programming_noise_std,
    pcm_read_noise,
    pcm_read_noise_std,
)

G_MAX = 25e-6


def test_programming_noise_polynomial_from_reference(reference_dir):
    text = (reference_dir / "pcm_inference_model.md").read_text()
    line = next(ln for ln in text.splitlines() if "Programming noise" in ln)
    c0, c1, c2 = (float(v) for v in re.findall(r"[-+]?\d+\.\d+", line.split(":")[1])[:3])
    c2 = -abs(c2)  # written "- 1.1731 x^2"
    x = np.linspace(0, 1, 11)
    expected_us = c0 + c1 * x + c2 * x**2
    np.testing.assert_allclose(pcm_programming_noise_std(x * G_MAX, G_MAX) * 1e6, expected_us,
                               rtol=1e-12)


def test_programming_noise_published_values_and_scaling():
    # 0.26348 uS at g = 0; 0.26348 + 1.9650 - 1.1731 = 1.05538 uS at g_max
    assert pcm_programming_noise_std(0.0) == pytest.approx(0.26348e-6, rel=1e-12)
    assert pcm_programming_noise_std(G_MAX) == pytest.approx(1.05538e-6, rel=1e-12)
    # twice g_max -> twice the std at the same relative target
    assert pcm_programming_noise_std(25e-6, 50e-6) == pytest.approx(
        2 * pcm_programming_noise_std(12.5e-6), rel=1e-12)


def test_program_noise_statistics():
    g_t = np.full(100_000, 10e-6)
    g = pcm_program(g_t, np.random.default_rng(0))
    std = 0.26348 + 1.9650 * 0.4 - 1.1731 * 0.16
    assert np.std(g) * 1e6 == pytest.approx(std, rel=0.02)
    assert np.mean(g) == pytest.approx(10e-6, abs=3 * std * 1e-6 / np.sqrt(1e5))


# Hand-computed from the published fits with x = g/g_max (reference file, corrected):
# x = 0.1: ln x = -2.302585; mu = 0.0155*2.302585 + 0.0244 = 0.06009,
#          sd = 0.0125*2.302585 - 0.0059 = 0.02288, Q = 0.0088 / 0.1**0.65 = 0.0088/0.22387
#          = 0.03931;
# x = 1:   ln x = 0; mu = 0.0244 -> floor 0.049, sd = -0.0059 -> floor 0.008, Q = 0.0088.
HAND = [(0.1, 0.0601, 0.0229, 0.0393), (1.0, 0.049, 0.008, 0.0088)]
T_UNIT = 250e-9 * (2 * np.e - 1)  # ln((t + t_read) / (2 t_read)) = 1: std = Q


@pytest.mark.parametrize(("x", "mu_hand", "sd_hand", "q_hand"), HAND)
@pytest.mark.parametrize("g_max", [25e-6, 1e-4, 3e-7])
def test_drift_and_read_noise_take_relative_conductance(x, mu_hand, sd_hand, q_hand, g_max):
    # hand values to 3 significant figures; unchanged when g and g_max scale together
    mu, sd = pcm_drift_nu_stats(x * g_max, g_max)
    assert mu == pytest.approx(mu_hand, abs=5e-5)
    assert sd == pytest.approx(sd_hand, abs=5e-5)
    assert pcm_read_noise_std(x * g_max, T_UNIT, g_max=g_max) == pytest.approx(q_hand, abs=5e-5)


def test_fits_are_not_on_the_microsiemens_scale():
    # 2.5 uS on the 25-uS scale is x = 0.1, not "2.5": in uS the mean would sit on its
    # 0.049 floor and Q would be 0.0088 / 2.5**0.65 = 0.0049 (8x too small)
    mu, _ = pcm_drift_nu_stats(2.5e-6)
    assert mu > 0.06
    assert pcm_read_noise_std(2.5e-6, T_UNIT) > 0.039


def test_drift_nu_limits_and_sampling():
    mu, sd = pcm_drift_nu_stats(np.array([0.0, 1e-9, G_MAX]))
    assert mu[0] == 0.1 and sd[0] == 0.045
    assert mu[2] == pytest.approx(0.049) and sd[2] == pytest.approx(0.008)
    nu = pcm_drift_nu(np.full(200_000, 1e-6), np.random.default_rng(2))
    m, s = pcm_drift_nu_stats(1e-6)
    assert np.mean(nu) == pytest.approx(m, rel=0.01)
    assert np.std(nu) == pytest.approx(s, rel=0.02)
    assert np.all(nu >= 0)
    np.testing.assert_array_equal(pcm_drift_nu(np.ones(5) * 1e-6, 3),
                                  pcm_drift_nu(np.ones(5) * 1e-6, 3))


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-9, 1e-3), st.floats(1.0, 1e8), st.floats(0.0, 0.2), st.floats(1.0, 100.0))
def test_drift_power_law_exact(g0, t, nu, t0):
    g = pcm_drift(g0, t, t0, nu)
    assert g == pytest.approx(g0 * (t / t0) ** (-nu), rel=1e-13)
    # log-log slope is exactly -nu
    g2 = pcm_drift(g0, 10 * t, t0, nu)
    assert np.log10(g2 / g) == pytest.approx(-nu, abs=1e-12)


def test_drift_at_t0_is_identity_and_bad_time_rejected():
    g0 = np.array([1e-6, 5e-6])
    np.testing.assert_array_equal(pcm_drift(g0, 20.0, 20.0, np.array([0.05, 0.1])), g0)
    with pytest.raises(ValueError, match="t = -1"):
        pcm_drift(g0, -1.0, 20.0, 0.05)


def test_read_noise_time_factor_and_ceiling():
    # the 1/f std grows as sqrt(ln((t + t_read) / (2 t_read))): 0 at t = t_read
    t = 3600.0
    factor = np.sqrt(np.log((t + 250e-9) / 500e-9))
    assert pcm_read_noise_std(G_MAX, t) == pytest.approx(0.0088 * factor, rel=1e-12)
    # Q saturates at 0.2 for small x: 0.0088 / x**0.65 = 0.2 at x = 0.044**(1/0.65) = 0.0082
    assert pcm_read_noise_std(np.array([0.0, 1e-3 * G_MAX]), T_UNIT) == pytest.approx(0.2)
    assert pcm_read_noise_std(1e-6, 250e-9) == 0.0  # ln(1) = 0 at t = t_read


def test_read_noise_sampling():
    g = np.full(100_000, 2e-6)
    reads = pcm_read_noise(g, 1e4, np.random.default_rng(4))
    rel = np.std(reads / g)
    assert rel == pytest.approx(float(pcm_read_noise_std(2e-6, 1e4)), rel=0.02)
    with pytest.raises(ValueError, match="t = "):
        pcm_read_noise(g, 1e-9, 0)


def test_drift_compensation_undoes_uniform_drift():
    g0 = np.linspace(1e-6, 2e-5, 50)
    gt = pcm_drift(g0, 86400.0, 20.0, 0.06)
    assert pcm_drift_compensation(gt, g0) * gt == pytest.approx(g0, rel=1e-12)


# ------------------------------------------------------------------ cell physics
def test_set_is_gradual_saturating_and_matches_closed_form():
    cell = PCMCell()
    g = cell.set_train(40, amplitude=1.0, width=100e-9)
    gamma = (1 - np.exp(-100e-9 / cell.tau_cryst)) * (1.0 - 0.6) / (1.5 - 0.6)
    f = 1 - (1 - gamma) ** np.arange(41)
    np.testing.assert_allclose(g, cell.g_min + (cell.g_max - cell.g_min) * f, rtol=1e-12)
    steps = np.diff(g)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)  # accumulative, saturating
    # pulse by pulse equals the closed form
    gi = cell.g_min
    for _ in range(40):
        gi = cell.apply_pulse(gi, 1.0, 100e-9)
    assert gi == pytest.approx(g[-1], rel=1e-12)


def test_reset_is_abrupt_and_subthreshold_does_nothing():
    cell = PCMCell()
    g = np.array([1e-6, 1e-5, cell.g_max])
    np.testing.assert_array_equal(cell.apply_pulse(g, 1.6), cell.g_min)
    np.testing.assert_array_equal(cell.apply_pulse(g, 0.5), g)
    with pytest.raises(ValueError, match="v_melt"):
        PCMCell(v_set=2.0, v_melt=1.0)
