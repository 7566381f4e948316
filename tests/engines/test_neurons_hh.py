"""Hodgkin-Huxley: published behaviour and a tight-tolerance solve_ivp reference."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import fi_curve, simulate
from neuroexplore.neurons.hodgkin_huxley import rates, steady_state
from tests.engines.test_neurons_reference import hh_hopf_currents, hh_spike_times


def test_spike_times_match_solve_ivp_over_one_second():
    """RK4 at dt = 0.01 ms vs LSODA (rtol = atol = 1e-10): every spike (peak) within
    0.05 ms."""
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


@pytest.mark.parametrize("current", [70.0, 100.0, 130.0])
def test_firing_above_62_uA_matches_solve_ivp(current):
    """Above ~62 uA/cm^2 the spikes no longer overshoot 0 mV, but the axon keeps firing:
    the engine's spikes (peaks) and rate match the LSODA solution at high current."""
    ref = hh_spike_times(current, 500.0)
    got = simulate("hh", current=current, t_stop=500.0, dt=0.01, record="all")
    assert got.v[got.t > 100.0].max() < 0.0  # no 0 mV crossing any more
    assert len(got.spike_times) == len(ref)
    assert np.max(np.abs(got.spike_times - ref)) < 0.01
    late = ref[ref >= 200.0]
    ref_rate = 1000.0 * (len(late) - 1) / (late[-1] - late[0])
    _, f = fi_curve("hh", [current], t_stop=500.0, t_transient=200.0, method="isi")
    assert f[0] == pytest.approx(ref_rate, rel=2e-3)


def test_fi_curve_rises_up_to_depolarisation_block():
    """Repetitive firing from 7 uA/cm^2 up to block near 153 uA/cm^2, rate rising."""
    I = np.array([10.0, 40.0, 62.0, 70.0, 100.0, 130.0, 150.0])
    _, f = fi_curve("hh", I, t_stop=500.0, t_transient=200.0, method="isi")
    assert np.all(f > 60.0)
    assert np.all(np.diff(f) > 0.0)
    _, f_block = fi_curve("hh", [160.0, 200.0, 400.0], t_stop=600.0, t_transient=400.0)
    assert np.all(f_block == 0.0)


def test_block_current_matches_solve_ivp_and_the_hopf_point():
    """Loss of repetitive firing: bisection on the current for sustained spikes (>= 2 in
    the last 200 ms of 600 ms), engine vs LSODA; both just below the upper Hopf point
    of the resting state (linear stability of the reference ODE, ~154.5 uA/cm^2), where
    the oscillation's swing shrinks to zero (HH's upper Hopf is supercritical)."""

    def ref_fires(current):
        return np.sum(hh_spike_times(current, 600.0, rtol=1e-8) >= 400.0) >= 2

    def engine_fires(current):
        return fi_curve("hh", [current], t_stop=600.0, t_transient=400.0)[1][0] > 0.0

    def edge(fires, lo=140.0, hi=170.0):
        assert fires(lo) and not fires(hi)
        while hi - lo > 0.25:
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if fires(mid) else (lo, mid)
        return 0.5 * (lo + hi)

    i_onset, i_hopf = hh_hopf_currents()
    assert i_onset == pytest.approx(9.78, abs=0.02)  # Rinzel & Miller 1980
    assert i_hopf == pytest.approx(154.5, abs=0.5)
    i_ref = edge(ref_fires)
    i_engine = edge(engine_fires)
    assert abs(i_engine - i_ref) <= 0.5
    assert i_hopf - 5.0 < i_engine < i_hopf


def test_temperature_factor_matches_solve_ivp():
    """phi = 3 ** ((T - 6.3) / 10) on the gates only: the engine at 18.5 degC matches the
    reference ODE with that factor."""
    ref = hh_spike_times(20.0, 200.0, T=18.5)
    got = simulate("hh", current=20.0, t_stop=200.0, dt=0.01, T=18.5).spike_times
    assert len(got) == len(ref) > 5
    assert np.max(np.abs(got - ref)) < 0.01


def test_gates_stay_probabilities_in_a_warm_low_capacitance_membrane():
    """At 20 degC and C = 0.5 uF/cm^2 the rates are ~4.5x faster and RK4 at dt_max would
    push m below 0; the step falls back to the exponential update, which keeps every gate
    in [0, 1], and the spike still lands where a 10x finer step puts it."""
    kw = dict(C=0.5, gNa=70.0, gK=54.0, gL=1.0, ENa=100.0, EK=-78.0, EL=-40.0, T=20.0)
    coarse = simulate("hh", current=0.0, t_stop=50.0, dt=0.05, **kw)
    fine = simulate("hh", current=0.0, t_stop=50.0, dt=0.005, **kw)
    for k in "mhn":
        assert coarse.state[k].min() >= 0.0 and coarse.state[k].max() <= 1.0
    assert coarse.spike_times.size == fine.spike_times.size == 1
    assert abs(coarse.spike_times[0] - fine.spike_times[0]) < 0.05
