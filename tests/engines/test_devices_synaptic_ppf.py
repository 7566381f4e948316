"""fit_ppf: recovery of known double-exponential PPF parameters, uncertainties, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.devices.ppf import PPFFit, fit_ppf, ppf_double_exponential

DT = np.geomspace(0.005, 3.0, 30)


def test_exact_data_recovers_parameters():
    y = ppf_double_exponential(DT, 0.6, 0.018, 0.3, 0.218)
    fit = fit_ppf(DT, y)
    np.testing.assert_allclose(fit.params, [0.6, 0.018, 0.3, 0.218], rtol=1e-6)
    assert fit.residual_rms < 1e-9
    np.testing.assert_allclose(fit(DT), y, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    c1=st.floats(0.2, 1.0), tau1=st.floats(0.01, 0.04),
    c2=st.floats(0.1, 0.5), ratio=st.floats(5.0, 30.0), seed=st.integers(0, 2**31),
)
def test_noisy_data_recovered_within_stated_uncertainty(c1, tau1, c2, ratio, seed):
    tau2 = tau1 * ratio
    noise = 0.003
    rng = np.random.default_rng(seed)
    y = ppf_double_exponential(DT, c1, tau1, c2, tau2) + rng.normal(0.0, noise, DT.size)
    fit = fit_ppf(DT, y, sigma=noise)
    z = np.abs(fit.params - [c1, tau1, c2, tau2]) / fit.errors
    assert np.all(z < 5.0)  # 5 sigma: robust against the odd unlucky draw
    assert fit.tau1 < fit.tau2


def test_uncertainties_are_calibrated():
    """Across many noisy repeats the pulls of tau1 and tau2 have unit spread."""
    truth = np.array([0.5, 0.02, 0.25, 0.3])
    rng = np.random.default_rng(0)
    pulls = []
    for _ in range(120):
        y = ppf_double_exponential(DT, *truth) + rng.normal(0, 0.004, DT.size)
        fit = fit_ppf(DT, y, sigma=0.004)
        pulls.append((fit.params - truth) / fit.errors)
    pulls = np.array(pulls)
    np.testing.assert_allclose(pulls.std(axis=0), 1.0, atol=0.2)
    np.testing.assert_allclose(pulls.mean(axis=0), 0.0, atol=0.25)


def test_time_constants_come_out_ordered_whatever_the_start():
    y = ppf_double_exponential(DT, 0.1, 0.5, 0.8, 0.01)  # slow term given first
    fit = fit_ppf(DT, y)
    assert fit.tau1 == pytest.approx(0.01, rel=1e-6) and fit.c1 == pytest.approx(0.8, rel=1e-6)
    assert fit.tau2 == pytest.approx(0.5, rel=1e-6) and fit.c2 == pytest.approx(0.1, rel=1e-6)
    assert isinstance(fit, PPFFit) and fit.covariance.shape == (4, 4)


@pytest.mark.parametrize(
    ("x", "y", "match"),
    [
        (DT, ppf_double_exponential(DT[:-1], 0.5, 0.02, 0.2, 0.2), "same length"),
        (DT[:4], np.ones(4), "at least 5"),
        (np.r_[-0.01, DT[1:]], np.ones(DT.size), "intervals must be positive"),
        (DT, np.r_[np.nan, np.ones(DT.size - 1)], "ppf contains NaN"),
        (np.r_[np.inf, DT[1:]], np.ones(DT.size), "intervals contains NaN"),
        (np.ones((2, 5)), np.ones((2, 5)), "intervals must be 1-D"),
        (["a"] * 6, np.ones(6), "intervals must be"),
    ],
)
def test_bad_input_raises(x, y, match):
    with pytest.raises(ValueError, match=match):
        fit_ppf(x, y)


def test_bad_sigma_raises():
    with pytest.raises(ValueError, match="sigma"):
        fit_ppf(DT, np.ones(DT.size), sigma=0.0)


def test_global_solution_not_the_degenerate_pair():
    """Issue 8: tau_edl 0.0410 s, tau_doping 0.3906 s, k_on 280 once gave tau1 ~ tau2 ~ 0.41 s
    (residual 3.8e-5); the exact double exponential has a tiny fast phase C1 = -2.7e-4."""
    dt = np.geomspace(0.006, 8 * 0.3906, 30)
    y = ppf_double_exponential(dt, -2.6627e-4, 0.0410, 0.2465, 0.3906)
    fit = fit_ppf(dt, y)
    np.testing.assert_allclose(fit.params, [-2.6627e-4, 0.0410, 0.2465, 0.3906], rtol=1e-6)
    assert fit.residual_rms < 1e-12
    assert not fit.ill_conditioned and fit.warning == ""
    assert "WARNING" not in fit.summary()


def test_degenerate_pair_is_flagged():
    """Time constants the data cannot resolve are reported, not returned as a good fit."""
    dt = np.geomspace(0.006, 3.0, 30)
    y = ppf_double_exponential(dt, 1.58, 0.41, -1.33, 0.4101)  # the degenerate pair
    fit = fit_ppf(dt, y)
    assert fit.ill_conditioned
    assert "ill-conditioned" in fit.warning and "coincide" in fit.warning
    assert "WARNING: ill-conditioned" in fit.summary()


def test_single_exponential_with_noise_is_flagged():
    rng = np.random.default_rng(1)
    y = 1.0 + 0.3 * np.exp(-DT / 0.1) + rng.normal(0.0, 0.003, DT.size)
    fit = fit_ppf(DT, y, sigma=0.003)
    assert fit.ill_conditioned and "ill-conditioned" in fit.warning


def test_well_resolved_noisy_fit_is_not_flagged():
    rng = np.random.default_rng(2)
    y = ppf_double_exponential(DT, 0.6, 0.018, 0.3, 0.218) + rng.normal(0.0, 0.003, DT.size)
    fit = fit_ppf(DT, y, sigma=0.003)
    assert not fit.ill_conditioned, fit.warning
