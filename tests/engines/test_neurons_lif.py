"""LIF: simulated spike trains against the analytic f-I curve (Gerstner et al. 2014, Eq. 1.11)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.neurons import fi_curve, simulate
from neuroexplore.neurons.lif import SPECS


def analytic_rate(I, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0, t_ref=2.0):
    """Independent closed form: f = 1 / (t_ref + tau ln((RI + EL - Vr)/(RI + EL - Vth)))."""
    I = np.asarray(I, dtype=float)
    out = np.zeros_like(I)
    on = R * I + E_L > V_th
    drive = R * I[on] + E_L
    out[on] = 1000.0 / (t_ref + tau_m * np.log((drive - V_reset) / (drive - V_th)))
    return out


@pytest.mark.parametrize("dt", [0.01, 0.1, 1.0])
def test_isi_equals_analytic_period_at_any_dt(dt):
    currents = np.linspace(1.55, 8.0, 12)
    tr = simulate("lif", current=currents[:, None], t_stop=500.0, dt=dt, record="spikes")
    expected_period = 1000.0 / analytic_rate(currents)
    for isi, period in zip(tr.isi(), expected_period, strict=True):
        assert len(isi) >= 3
        np.testing.assert_allclose(isi, period, rtol=1e-9)


def test_first_spike_time_is_exact():
    """From V = E_L the first threshold crossing is at tau ln(RI / (RI - (Vth - EL)))."""
    tr = simulate("lif", current=2.5, t_stop=50.0, dt=0.1)
    assert tr.spike_times[0] == pytest.approx(10.0 * np.log(25.0 / 10.0), rel=1e-12)


def test_fi_curve_isi_method_matches_formula():
    I = np.linspace(0.0, 5.0, 26)
    _, rates = fi_curve("lif", I, t_stop=1000.0, dt=0.1, method="isi", t_transient=0.0)
    np.testing.assert_allclose(rates, analytic_rate(I), rtol=1e-9, atol=1e-12)


def test_fi_curve_count_method_within_one_spike():
    I = np.linspace(1.6, 5.0, 8)
    _, rates = fi_curve("lif", I, t_stop=1000.0, dt=0.1, t_transient=200.0)
    assert np.all(np.abs(rates - analytic_rate(I)) <= 1000.0 / 800.0 + 1e-9)


def test_no_spikes_at_or_below_rheobase():
    # rheobase: R I = V_th - E_L = 15 mV -> I = 1.5 nA (V only approaches V_th)
    tr = simulate("lif", current=np.array([[0.0], [1.0], [1.5]]), t_stop=2000.0, dt=0.1,
                  record="spikes")
    assert tr.spike_index.size == 0


def test_membrane_relaxes_exactly():
    """Below threshold V(t) = E_L + R I (1 - exp(-t/tau)) on every sample."""
    tr = simulate("lif", current=1.0, t_stop=100.0, dt=0.37)
    expected = -65.0 + 10.0 * (1.0 - np.exp(-tr.t / 10.0))
    np.testing.assert_allclose(tr.v, expected, rtol=0, atol=1e-10)


def test_refractory_clamps_at_reset():
    tr = simulate("lif", current=3.0, t_stop=100.0, dt=0.01, t_ref=5.0, V_reset=-70.0)
    t_sp = tr.spike_times[0]
    inside = (tr.t > t_sp + 1e-9) & (tr.t < t_sp + 5.0 - 1e-9)
    assert np.all(tr.v[inside] == -70.0)


spec = {s.name: s for s in SPECS}


@settings(max_examples=40, deadline=None)
@given(
    tau_m=st.floats(spec["tau_m"].low, spec["tau_m"].high),
    R=st.floats(1.0, 100.0),
    t_ref=st.floats(spec["t_ref"].low, spec["t_ref"].high),
    gap=st.floats(1.0, 30.0),
    dt=st.sampled_from([0.05, 0.1, 0.5]),
)
def test_property_isi_matches_formula(tau_m, R, t_ref, gap, dt):
    V_th = -50.0
    V_reset = V_th - gap
    I = np.array([(V_th + 65.0) / R * 1.2, (V_th + 65.0) / R * 3.0])
    tr = simulate("lif", current=I[:, None], t_stop=600.0, dt=dt, record="spikes",
                  tau_m=tau_m, R=R, t_ref=t_ref, V_reset=V_reset)
    expected = analytic_rate(I, tau_m=tau_m, R=R, t_ref=t_ref, V_reset=V_reset)
    for isi, f in zip(tr.isi(), expected, strict=True):
        if len(isi):
            np.testing.assert_allclose(isi, 1000.0 / f, rtol=1e-8)
