"""Hodgkin-Huxley: published behaviour and a tight-tolerance solve_ivp reference."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import fi_curve, simulate
from neuroexplore.neurons.hodgkin_huxley import rates, steady_state
from tests.engines.test_neurons_reference import hh_spike_times


def test_spike_times_match_solve_ivp_over_one_second():
    """RK4 at dt = 0.01 ms vs LSODA (rtol = atol = 1e-10): every spike within 0.05 ms."""
    ref = hh_spike_times(10.0, 1000.0)
    got = simulate("hh", current=10.0, t_stop=1000.0, dt=0.01, record="spikes").spike_times
    assert len(got) == len(ref)
    assert np.max(np.abs(got - ref)) < 0.05
    # in practice RK4 + linear interpolation is far better than the requirement
    assert np.max(np.abs(got - ref)) < 1e-3


def test_rate_at_10_uA_is_about_68_hz():
    """Textbook value for the 6.3 degC squid axon: ~68-69 Hz at 10 uA/cm^2 (steady ISI)."""
    tr = simulate("hh", current=10.0, t_stop=1000.0, dt=0.01, record="spikes")
    rate = 1000.0 / np.mean(np.diff(tr.spike_times[5:]))
    assert 66.0 < rate < 71.0


def test_rheobase_for_sustained_firing():
    """Repetitive firing from rest starts between 6 and 7 uA/cm^2 (bistable region below
    the Hopf bifurcation near 9.8 uA/cm^2; e.g. Rinzel & Miller 1980); below that only
    an onset spike or none."""
    I = np.array([2.0, 4.0, 5.5, 6.0, 7.0, 8.0, 12.0])
    _, f = fi_curve("hh", I, t_stop=500.0, dt=0.02, t_transient=100.0)
    assert np.all(f[I <= 6.0] == 0.0)
    assert np.all(f[I >= 7.0] > 45.0)
    assert np.all(np.diff(f[I >= 7.0]) >= 0)


def test_resting_potential_and_no_spikes_without_input():
    tr = simulate("hh", current=0.0, t_stop=200.0, dt=0.01)
    assert len(tr.spike_times) == 0
    assert abs(tr.v[-1] + 65.0) < 0.1
    np.testing.assert_allclose([tr.state[k][-1] for k in "mhn"], steady_state(tr.v[-1]),
                               atol=1e-3)


def test_removable_singularities_are_finite_and_continuous():
    for v0 in (-40.0, -55.0):
        at = np.array(rates(v0))
        near = np.array(rates(v0 + 1e-5))
        assert np.all(np.isfinite(at))
        np.testing.assert_allclose(at, near, rtol=1e-5)
    # limits: alpha_m(-40) = 0.1 * 10 = 1, alpha_n(-55) = 0.01 * 10 = 0.1
    assert rates(-40.0)[0] == pytest.approx(1.0)
    assert rates(-55.0)[4] == pytest.approx(0.1)


def test_voltage_clamped_exactly_on_singular_points_stays_finite():
    # hold V near -40 / -55 through a big input: no NaN anywhere
    tr = simulate("hh", current=np.linspace(-5.0, 60.0, 20000), t_stop=200.0, dt=0.01)
    assert np.all(np.isfinite(tr.v))


@pytest.mark.parametrize("dt", [0.05, 0.03])
def test_stable_and_accurate_at_coarse_dt(dt):
    ref = hh_spike_times(10.0, 200.0)
    got = simulate("hh", current=10.0, t_stop=200.0, dt=dt).spike_times
    assert len(got) == len(ref)
    assert np.max(np.abs(got - ref)) < 0.05


def test_temperature_speeds_up_firing():
    """HH's Q10 = 3: warmer axons fire faster (shorter spikes, higher rate)."""
    _, f = fi_curve("hh", [20.0, 20.0], t_stop=500.0, dt=0.01, T=np.array([6.3, 16.3]))
    assert f[1] > f[0]
