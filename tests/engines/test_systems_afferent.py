"""Artificial afferent nerve: sensor limits, LIF encoder, exact EPSC, reflex threshold.

References: the sensor's closed form and its limits; the analytic LIF rate and the
numerically simulated LIF neuron (neuroexplore.neurons.simulate); the synaptic
cascade integrated by scipy's solve_ivp at tight tolerance; the closed-form
first-spike threshold.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar

from neuroexplore.neurons import simulate
from neuroexplore.systems import (
    AfferentNerve,
    afferent_trace,
    classify_touch,
    encoder_current,
    encoder_rate,
    first_spike_pressure,
    first_spike_time,
    parameters,
    peak_epsc,
    rate_to_pressure,
    reflex_threshold,
    respond,
    sensor_current,
    sensor_resistance,
    spike_times,
    transfer_csv,
)

NERVE = AfferentNerve()


# ------------------------------------------------------------------------------ sensor
def test_sensor_closed_form_and_limits():
    p = np.array([0.0, 10.0, 50.0, 100.0])
    r = sensor_resistance(NERVE, p)
    assert r[0] == pytest.approx(NERVE.r0, rel=1e-15)  # R(0) = R0
    assert r[1] == pytest.approx(NERVE.r0 / 2, rel=1e-15)  # P = P0 halves R
    np.testing.assert_allclose(r * (1 + p / NERVE.p0), NERVE.r0, rtol=1e-14)
    # P >> P0: R -> R0 P0 / P
    stiff = NERVE.with_params(p0=0.1)
    assert sensor_resistance(stiff, 100.0) == pytest.approx(stiff.r0 * 0.1 / 100.0, rel=2e-3)
    # constant current sensitivity S = d(dI/I0)/dP = 1/P0
    i = sensor_current(NERVE, p)
    assert i[0] == pytest.approx(NERVE.v_bias / NERVE.r0, rel=1e-15)
    slope = np.diff(i) / np.diff(p) / i[0]
    np.testing.assert_allclose(slope, 1 / NERVE.p0, rtol=1e-12)
    np.testing.assert_allclose(encoder_current(NERVE, p), NERVE.gain * i * 1e6, rtol=1e-14)


# ----------------------------------------------------------------------------- encoder
def _analytic_rate(i_na, tau=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0, t_ref=2.0):
    ri = R * i_na
    if ri + E_L <= V_th:
        return 0.0
    return 1000.0 / (t_ref + tau * np.log((ri + E_L - V_reset) / (ri + E_L - V_th)))


@pytest.mark.parametrize("pressure", [0.0, 4.9, 5.2, 20.0, 75.0])
def test_encoder_rate_is_the_analytic_lif_rate(pressure):
    i = float(encoder_current(NERVE, pressure))
    assert float(encoder_rate(NERVE, pressure)) == pytest.approx(_analytic_rate(i), rel=1e-12)


@pytest.mark.parametrize("pressure", [8.0, 40.0])
def test_spike_times_match_the_simulated_lif_neuron(pressure):
    i = float(encoder_current(NERVE, pressure))
    tr = simulate("lif", current=i, t_stop=NERVE.duration * 1e3, dt=0.05)
    sim = np.asarray(tr.spike_times)
    ours = spike_times(NERVE, pressure) * 1e3
    assert ours.size == sim.size > 3
    np.testing.assert_allclose(ours, sim, rtol=0, atol=1e-9)
    assert float(first_spike_time(NERVE, pressure)) * 1e3 == pytest.approx(sim[0], abs=1e-9)


def test_rate_to_pressure_inverts_the_encoder():
    p = np.array([6.0, 15.0, 40.0, 90.0])
    np.testing.assert_allclose(rate_to_pressure(NERVE, encoder_rate(NERVE, p)), p, rtol=1e-10)
    with pytest.raises(ValueError, match="rate"):
        rate_to_pressure(NERVE, 600.0)


# --------------------------------------------------------------------- synaptic transistor
def _epsc_by_ode(nerve: AfferentNerve, pressure: float) -> float:
    """Peak EPSC from the device's ODEs integrated segment by segment (solve_ivp),
    including the relaxation after the last spike (dense output, bounded maximiser)."""
    d = nerve.synapse
    spikes = spike_times(nerve, pressure)
    v, w = nerve.spike_amplitude, nerve.spike_width

    def rhs(_t, y, vg):
        return [d.k_on * vg * (1 - y[0]) - y[0] / d.tau_edl,
                (y[0] - y[1]) / d.tau_doping,
                d.k_ltp * y[1] ** 2 - y[2] / d.tau_ltp]

    def epsc(y):
        return d.g0 * (d.r_edl * y[0] + d.r_doping * y[1] + d.r_ltp * y[2]) * d.v_read

    opts = dict(rtol=1e-12, atol=1e-15, method="DOP853")
    y = np.zeros(3)
    peak = 0.0
    for k, t0 in enumerate(spikes):
        y = solve_ivp(rhs, (0, w), y, args=(v,), **opts).y[:, -1]
        peak = max(peak, epsc(y))
        if k + 1 < spikes.size:
            y = solve_ivp(rhs, (0, spikes[k + 1] - t0 - w), y, args=(0.0,), **opts).y[:, -1]
    tail = solve_ivp(rhs, (0, 1.5), y, args=(0.0,), dense_output=True, **opts)
    s = np.linspace(0, 1.5, 30001)
    k = int(np.argmax(epsc(tail.sol(s))))
    if k > 0:
        best = minimize_scalar(lambda x: -epsc(tail.sol(x)), bounds=(s[k - 1], s[k + 1]),
                               method="bounded", options=dict(xatol=1e-12))
        peak = max(peak, -best.fun)
    return peak


@pytest.mark.parametrize("pressure,plasticity", [(12.0, 2.0), (35.0, 8.0), (20.0, 18.0)])
def test_peak_epsc_matches_an_ode_solution(pressure, plasticity):
    nerve = NERVE.with_params(plasticity=plasticity, duration=0.15)
    ref = _epsc_by_ode(nerve, pressure)
    assert ref > 0
    assert float(peak_epsc(nerve, pressure)) == pytest.approx(ref, rel=1e-8)


def test_strong_doping_keeps_the_epsc_rising_after_the_last_spike():
    # r_doping / tau_doping > r_edl / tau_edl: the slow store fills faster than the
    # fast one empties, so the peak comes after the last pulse, not at its end
    nerve = NERVE.with_params(plasticity=18.0, duration=0.1)
    tr = afferent_trace(nerve, 10.0, samples=20000)
    k = int(np.argmax(tr.epsc))
    assert tr.t[k] > tr.spike_times[-1] + 5 * nerve.spike_width
    assert np.max(tr.epsc) == pytest.approx(float(tr.response.epsc), rel=1e-6)


def test_saturation_dip_at_large_plasticity_is_small_and_within_one_spike_count():
    # the same spikes packed closer inject fewer ions (EDL saturation): at fixed spike
    # count the peak falls slightly with pressure; the ODE reference agrees
    nerve = NERVE.with_params(gain=4.35, plasticity=17.3, duration=0.0526)
    p = np.linspace(0.0, 100.0, 401)
    r = respond(nerve, p)
    drop = (r.epsc[:-1] - r.epsc[1:]) / np.where(r.epsc[:-1] > 0, r.epsc[:-1], 1.0)
    k = int(np.argmax(drop))
    assert 0 < drop[k] < 5e-3
    assert r.n_spikes[k] == r.n_spikes[k + 1]
    assert _epsc_by_ode(nerve, p[k + 1]) < _epsc_by_ode(nerve, p[k])


def test_trace_peak_is_the_response_and_is_silent_below_rheobase():
    tr = afferent_trace(NERVE, 30.0)
    assert np.max(tr.epsc) == pytest.approx(float(tr.response.epsc), rel=1e-12)
    assert tr.spike_times.size == int(tr.response.n_spikes)
    on = tr.v_gate > 0
    assert np.all(tr.v_gate[on] == NERVE.spike_amplitude)
    quiet = afferent_trace(NERVE, 2.0)
    assert quiet.spike_times.size == 0 and np.all(quiet.epsc == 0)


@settings(max_examples=25, deadline=None)
@given(
    p1=st.floats(0.0, 100.0), p2=st.floats(0.0, 100.0),
    gain=st.floats(0.2, 5.0), plasticity=st.floats(0.0, 4.0), duration=st.floats(0.05, 0.5),
)
def test_pressure_rate_epsc_mapping_is_monotone(p1, p2, gain, plasticity, duration):
    # plasticity <= 4: see the saturation-dip test below for larger values
    nerve = NERVE.with_params(gain=gain, plasticity=plasticity, duration=duration)
    lo, hi = sorted((p1, p2))
    r = respond(nerve, [lo, hi])
    assert r.resistance[0] >= r.resistance[1]
    assert r.rate[0] <= r.rate[1]
    assert r.n_spikes[0] <= r.n_spikes[1]
    assert r.epsc[0] <= r.epsc[1] * (1 + 1e-12)
    assert np.all(np.isfinite(r.epsc)) and np.all(r.epsc >= 0)


# ------------------------------------------------------------------------------ reflex
@pytest.mark.parametrize("duration,tau_m", [(0.05, 10.0), (0.06, 30.0)])
def test_vanishing_threshold_fires_at_the_first_spike_pressure(duration, tau_m):
    nerve = NERVE.with_params(threshold=0.01, duration=duration, tau_m=tau_m)
    # closed form, written out independently of the engine
    i_star = 15.0 / (10.0 * (1 - np.exp(-duration * 1e3 / tau_m)))  # nA into the neuron

    def pressure_for(i_neuron_na):
        i_sensor = i_neuron_na * 1e-9 / (nerve.gain * 1e-3)  # A (gain in nA/uA)
        return nerve.p0 * (i_sensor * nerve.r0 / nerve.v_bias - 1)

    p_star = pressure_for(i_star)
    assert first_spike_pressure(nerve) == pytest.approx(p_star, rel=1e-12)
    rheobase_p = pressure_for(1.5)  # (V_th - E_L) / R = 1.5 nA
    assert p_star > rheobase_p + 0.05  # the window, not the rheobase, sets it
    found = reflex_threshold(nerve, tol=1e-7)
    # the tiniest EPSC crosses 0.01 nA at once: the threshold sits at the first spike
    assert found == pytest.approx(p_star, abs=1e-5)


def test_reflex_fires_exactly_above_its_threshold_pressure():
    nerve = NERVE.with_params(threshold=0.6)
    p_star = reflex_threshold(nerve, tol=1e-7)
    assert 0 < p_star < 100
    r = respond(nerve, [p_star - 1e-4, p_star + 1e-6])
    assert not r.fires[0] and r.fires[1]
    assert r.epsc[1] >= 0.6e-9 > r.epsc[0]
    # a curve-seeded search finds the same pressure
    curve = respond(nerve, np.linspace(0, 100, 101))
    assert reflex_threshold(nerve, tol=1e-7, curve=curve) == pytest.approx(p_star, abs=1e-6)
    assert reflex_threshold(nerve.with_params(threshold=5.0)) == np.inf


# --------------------------------------------------------------------------- classifier
def test_touch_classifier_beats_chance_and_matches_the_sensor_baseline():
    res = classify_touch(NERVE, n_per_class=60, epochs=150, seed=1)
    # stated margins: >= chance + 0.4 and within 0.05 of the classifier on the sensor current
    assert res.accuracy >= res.chance + 0.4
    assert abs(res.accuracy - res.baseline_accuracy) <= 0.05


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs,name",
    [(dict(gain=50.0), "gain"), (dict(plasticity=-1.0), "plasticity"),
     (dict(duration=2.0), "duration"), (dict(spike_width=5e-3), "spike_width"),
     (dict(tau_m=0.1), "tau_m")],
)
def test_bad_parameters_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=name):
        NERVE.with_params(**kwargs)


def test_bad_pressure_is_rejected_and_csv_exports():
    with pytest.raises(ValueError, match="pressure"):
        respond(NERVE, -1.0)
    with pytest.raises(ValueError, match="pressure"):
        respond(NERVE, float("nan"))
    text = transfer_csv(NERVE, [0.0, 50.0])
    lines = text.strip().splitlines()
    assert lines[1].startswith("pressure_kPa") and len(lines) == 4
    assert [s.name for s in parameters("afferent")][:4] == [
        "pressure", "gain", "plasticity", "threshold"]
