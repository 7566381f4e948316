"""Stretched-exponential retention vs closed forms and an independent ODE."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroexplore.devices import RETENTION_SPECS, retention, retention_time


def test_beta_one_is_the_exponential_relaxation_ode():
    tau, g0, gr = 3.0, 5e-6, 1e-6
    t = np.linspace(0, 15, 61)
    sol = solve_ivp(lambda _t, g: -(g - gr) / tau, (0, 15), [g0], t_eval=t, rtol=1e-11,
                    atol=1e-18)
    np.testing.assert_allclose(retention(t, g0=g0, g_rest=gr, tau=tau, beta=1.0), sol.y[0],
                               rtol=1e-8)


def test_stretched_exponential_ode_with_time_dependent_rate():
    # d/dt ln(G - G_rest) = -beta t^(beta-1) / tau^beta
    tau, beta, g0, gr = 2.0, 0.6, 4e-6, 0.5e-6
    t = np.linspace(0.01, 20, 50)
    y0 = retention(0.01, g0=g0, g_rest=gr, tau=tau, beta=beta)
    sol = solve_ivp(lambda tt, g: -(g - gr) * beta * tt ** (beta - 1) / tau**beta,
                    (0.01, 20), [float(y0)], t_eval=t, rtol=1e-11, atol=1e-20)
    np.testing.assert_allclose(retention(t, g0=g0, g_rest=gr, tau=tau, beta=beta), sol.y[0],
                               rtol=1e-7)


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-3, 1e6), st.floats(0.05, 1.0), st.floats(1e-7, 1e-4), st.floats(0.0, 1.0))
def test_kohlrausch_identities(tau, beta, g0, rest_frac):
    gr = rest_frac * g0
    # at t = tau the excess has decayed by exactly 1/e
    g = retention(tau, g0=g0, g_rest=gr, tau=tau, beta=beta)
    assert g == pytest.approx(gr + (g0 - gr) / np.e, rel=1e-12)
    # ln(-ln(excess fraction)) is linear in ln t with slope beta
    if g0 > gr * (1 + 1e-6):
        t = tau * np.array([0.1, 1.0])
        frac = (retention(t, g0=g0, g_rest=gr, tau=tau, beta=beta) - gr) / (g0 - gr)
        slope = np.diff(np.log(-np.log(frac)))[0] / np.log(10.0)
        assert slope == pytest.approx(beta, rel=1e-6)
    # retention_time inverts the decay
    t_half = retention_time(0.5, tau=tau, beta=beta)
    assert t_half == pytest.approx(tau * np.log(2) ** (1 / beta), rel=1e-12)


def test_monotone_limits_and_errors():
    t = np.logspace(-3, 6, 50)
    g = retention(t, g0=1e-5, g_rest=2e-6, tau=10.0, beta=0.4)
    assert np.all(np.diff(g) <= 0) and np.all(np.diff(g[:20]) < 0)
    assert g[-1] == pytest.approx(2e-6, rel=1e-6)
    assert retention(0.0) == pytest.approx(RETENTION_SPECS[0].default)
    with pytest.raises(ValueError, match="beta = 2 is outside"):
        retention(1.0, beta=2.0)
    with pytest.raises(ValueError, match="t must be"):
        retention(-1.0)
    with pytest.raises(ValueError, match="fraction"):
        retention_time(0.0)
