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
