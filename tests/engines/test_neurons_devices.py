"""Device neurons: the Mott threshold-switch oscillator and the diffusive-memristor LIF.

References, independent of the kernels:

* Mott: the period of an RC relaxation oscillator between two thresholds, derived here
  from the circuit (Thevenin equivalent of source + R_s seen by C in each phase), the
  oscillation window from the load line, and a scipy ``solve_ivp`` integration of the
  circuit ODE with switching events;
* diffusive memristor: ``solve_ivp`` with events for the hybrid (v, x) system, the
  closed-form relaxation ``x = exp(-t / tau_relax)`` (fitted), and the rheobase
  ``x_inf = k R_off I tau_relax = 1``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from neuroexplore.neurons import Step, fi_curve, model_info, simulate
from neuroexplore.neurons.diffusive import diffusive_first_spike_latency, diffusive_rheobase
from neuroexplore.neurons.mott import mott_period, mott_threshold_input

MOTT_CASES = [
    dict(),  # defaults: R_s 10, R_on 1, R_off 50 kOhm, C 500 nF, V_th 1.2, V_hold 0.6 V
    dict(R_s=5.0, R_on=0.3, R_off=200.0, C=100.0, V_th=1.0, V_hold=0.3),
    dict(R_s=20.0, R_on=5.0, R_off=80.0, C=2000.0, V_th=2.0, V_hold=1.5),
]


def _mott_p(case):
    p = {s.name: s.default for s in model_info("mott").specs}
    p.update(case)
    return p


def _period_by_hand(v_in, R_s, R_on, R_off, C, V_th, V_hold):
    """Two RC phases between the thresholds (kOhm x nF = 1e-3 ms)."""
    def phase(r_dev, v_start, v_end):
        v_inf = v_in * r_dev / (R_s + r_dev)        # Thevenin voltage seen by C
        tau = 1e-3 * C / (1.0 / R_s + 1.0 / r_dev)  # C (R_s || R_dev), ms
        return tau * np.log((v_inf - v_start) / (v_inf - v_end))
    return phase(R_off, V_hold, V_th) + phase(R_on, V_th, V_hold)


@pytest.mark.parametrize("case", MOTT_CASES)
@pytest.mark.parametrize("dt", [0.05, 0.01, 0.001])
def test_mott_period_equals_the_rc_charge_discharge_time(case, dt):
    p = _mott_p(case)
    lo, hi = mott_threshold_input(**p)
    for v_in in (lo * 1.05, 0.5 * (lo + hi), hi * 0.95):
        expected = _period_by_hand(v_in, **p)
        tr = simulate("mott", current=v_in, t_stop=12 * expected, dt=dt, **p)
        isi = np.diff(tr.spike_times)[1:]  # the first interval starts from v = 0
        assert isi.size >= 3
        np.testing.assert_allclose(isi, expected, rtol=1e-9)
        assert float(mott_period(v_in, **p)) == pytest.approx(expected, rel=1e-12)


def test_mott_first_spike_and_trace_match_solve_ivp():
    p = _mott_p(MOTT_CASES[1])
    v_in = 2.0
    c = 1e-3 * p["C"]

    def rhs(on):
        r = p["R_on"] if on else p["R_off"]
        return lambda t, y: [((v_in - y[0]) / p["R_s"] - y[0] / r) / c]

    def up(t, y):
        return y[0] - p["V_th"]

    def down(t, y):
        return y[0] - p["V_hold"]

    up.terminal = down.terminal = True
    t, y, on, spikes = 0.0, 0.0, False, []
    while t < 40.0:
        ev = down if on else up
        sol = solve_ivp(rhs(on), (t, 40.0), [y], events=ev, rtol=1e-12, atol=1e-14,
                        method="DOP853")
        if not sol.t_events[0].size:
            break
        t = float(sol.t_events[0][0])
        y = p["V_hold"] if on else p["V_th"]
        if not on:
            spikes.append(t)
        on = not on
    tr = simulate("mott", current=v_in, t_stop=40.0, dt=0.01, **p)
    np.testing.assert_allclose(tr.spike_times, spikes, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("case", MOTT_CASES)
def test_mott_all_or_nothing_threshold_and_latching(case):
    p = _mott_p(case)
    # the load line: charging reaches V_th only if V_in R_off / (R_s + R_off) > V_th;
    # the metallic state cannot hold itself while V_in R_on / (R_s + R_on) < V_hold
    lo = p["V_th"] * (p["R_s"] + p["R_off"]) / p["R_off"]
    hi = p["V_hold"] * (p["R_s"] + p["R_on"]) / p["R_on"]
    assert mott_threshold_input(**p) == pytest.approx((lo, hi), rel=1e-12)
    tau_off = 1e-3 * p["C"] * p["R_s"] * p["R_off"] / (p["R_s"] + p["R_off"])
    t_stop = 35 * tau_off  # two charges from a 1e-6 margin above threshold take ~28 tau
    v = np.array([0.5 * lo, lo * (1 - 1e-6), lo * (1 + 1e-6), 0.5 * (lo + hi),
                  hi * (1 - 1e-6), hi * (1 + 1e-6), 1.2 * hi])
    assert v.max() <= model_info("mott").current.high
    tr = simulate("mott", current=v[:, None], t_stop=t_stop, dt=0.01, **p)
    counts = [len(s) for s in tr.spike_times]
    assert counts[0] == counts[1] == 0  # below threshold: silent (the steady state < V_th)
    assert all(n >= 2 for n in counts[2:5])  # inside the window: oscillates
    assert all(n == 1 for n in counts[5:])  # above it: one spike, then latched on
    assert np.all(tr.state["on"][5:, -1] == 1.0) and np.all(tr.state["on"][2:5, :].min() == 0)


def test_mott_f_v_curve_is_the_inverse_period():
    V = np.linspace(0.5, 7.0, 27)
    _, f = fi_curve("mott", V, t_stop=400.0, dt=0.01, t_transient=50.0, method="isi")
    expected = 1000.0 / mott_period(V)
    np.testing.assert_allclose(f, np.where(np.isfinite(expected), expected, 0.0),
                               rtol=1e-8, atol=1e-9)
    assert f[V < 1.44].max() == 0 and f[V > 6.6].max() == 0 and f.max() > 200.0


def test_mott_validation():
    with pytest.raises(ValueError, match="V_hold"):
        simulate("mott", current=2.0, t_stop=10.0, V_hold=1.5)
    with pytest.raises(ValueError, match="R_on"):
        simulate("mott", current=2.0, t_stop=10.0, R_on=8.0, R_off=6.0)
    with pytest.raises(ValueError, match=r"C = 0\.5 nF is outside"):
        simulate("mott", current=2.0, t_stop=10.0, C=0.5)


# --- diffusive memristor --------------------------------------------------------------


def _diff_p(**kw):
    p = {s.name: s.default for s in model_info("diffusive_memristor").specs}
    p.update(kw)
    return p


def _diffusive_reference(p, current_of_t, t_stop, breaks=()):
    """Hybrid (v, x, on) system integrated by solve_ivp with switching events."""
    r_par = p["R_on"] * p["R_off"] / (p["R_on"] + p["R_off"])

    def rhs(on):
        r = r_par if on else p["R_off"]
        return lambda t, y: [(current_of_t(t) - y[0] / r) / p["C"],
                             p["k_grow"] * y[0] - y[1] / p["tau_relax"]]

    def fire(t, y):
        return y[1] - 1.0

    def rupture(t, y):
        return y[1] - p["x_off"]

    fire.terminal = rupture.terminal = True
    fire.direction, rupture.direction = 1, -1
    t, y, on, spikes = 0.0, [0.0, 0.0], False, []
    edges = sorted(set(list(breaks) + [t_stop]))
    while t < t_stop:
        t_end = next(e for e in edges if e > t)
        sol = solve_ivp(rhs(on), (t, t_end), y, events=rupture if on else fire, rtol=1e-12,
                        atol=1e-14, method="DOP853")
        if sol.t_events[0].size:
            t = float(sol.t_events[0][0])
            y = [float(sol.y_events[0][0][0]), p["x_off"] if on else 1.0]
            if not on:
                spikes.append(t)
            on = not on
        else:
            t, y = t_end, list(sol.y[:, -1])
    return np.array(spikes)


@pytest.mark.parametrize("current", [0.4, 1.0, 3.0])
def test_diffusive_first_spike_latency_matches_the_closed_form_and_solve_ivp(current):
    p = _diff_p()
    latency = diffusive_first_spike_latency(current)
    ref = _diffusive_reference(p, lambda t: current, t_stop=latency * 1.001 + 0.1)
    assert ref[0] == pytest.approx(latency, rel=1e-8)
    for dt in (0.05, 0.01):
        tr = simulate("diffusive_memristor", current=current, t_stop=latency + 1.0, dt=dt)
        assert tr.spike_times[0] == pytest.approx(latency, rel=1e-9)


def test_diffusive_spike_train_matches_solve_ivp():
    p = _diff_p(tau_relax=3.0, x_off=0.3)
    ref = _diffusive_reference(p, lambda t: 1.2, t_stop=80.0)
    tr = simulate("diffusive_memristor", current=1.2, t_stop=80.0, dt=0.01,
                  tau_relax=3.0, x_off=0.3)
    assert len(ref) >= 5
    np.testing.assert_allclose(tr.spike_times, ref, rtol=1e-7)


def test_diffusive_rheobase_is_the_steady_state_condition():
    for kw in (dict(), dict(R_off=10.0, tau_relax=5.0, k_grow=0.3)):
        p = _diff_p(**kw)
        i_rh = 1.0 / (p["k_grow"] * p["R_off"] * p["tau_relax"])  # x_inf = 1
        assert diffusive_rheobase(**kw) == pytest.approx(i_rh, rel=1e-12)
        below = simulate("diffusive_memristor", current=0.999 * i_rh, t_stop=2000.0,
                         dt=0.05, **kw)
        assert len(below.spike_times) == 0
        assert below.state["x"].max() < 1.0
        above_latency = diffusive_first_spike_latency(1.02 * i_rh, **kw)
        above = simulate("diffusive_memristor", current=1.02 * i_rh,
                         t_stop=above_latency + 5.0, dt=0.05, **kw)
        assert len(above.spike_times) >= 1


@pytest.mark.parametrize("tau_relax", [1.0, 2.0, 7.5])
def test_diffusive_filament_relaxes_with_its_time_constant(tau_relax):
    # x_off = 0.05: the filament stays bridged (v clamped to 0 through R_on, no growth)
    # for about 3 tau_relax, so its free decay is seen over three e-folds
    p = dict(tau_relax=tau_relax, x_off=0.05)
    latency = diffusive_first_spike_latency(2.0, **p)
    off = latency + 0.01  # the input stops right after the first spike
    tr = simulate("diffusive_memristor", current=Step(2.0, onset=0.0, offset=off),
                  t_stop=off + 6 * tau_relax, dt=0.01, **p)
    assert len(tr.spike_times) == 1
    x, on = tr.state["x"], tr.state["on"]
    last_on = np.flatnonzero(on == 1.0)[-1]
    t_rupture = tr.t[last_on]
    tau_on = model_info("diffusive_memristor").specs[0].default * 0.01 * 2.0 / 2.01  # C R_par
    window = (tr.t > off + 15 * tau_on) & (tr.t <= t_rupture)  # v has collapsed
    assert t_rupture - (off + 15 * tau_on) > 1.5 * tau_relax
    slope, _ = np.polyfit(tr.t[window], np.log(x[window]), 1)
    assert -1.0 / slope == pytest.approx(tau_relax, rel=1e-6)
    # it returns to high resistance by itself when x falls to x_off, and keeps relaxing
    assert x[last_on] > 0.05 >= x[last_on + 1] and on[-1] == 0.0
    assert np.all(np.diff(x[last_on + 1:]) < 0) and x[-1] < 0.05 * np.exp(-2)


def test_diffusive_rate_increases_with_input():
    I = np.linspace(0.0, 5.0, 21)
    _, f = fi_curve("diffusive_memristor", I, t_stop=500.0, dt=0.02, t_transient=100.0,
                    method="isi")
    i_rh = diffusive_rheobase()
    assert np.all(f[I < i_rh] == 0) and np.all(f[I > 1.2 * i_rh] > 0)
    above = f[I > 1.2 * i_rh]
    assert np.all(np.diff(above) > 0)


def test_diffusive_validation():
    with pytest.raises(ValueError, match="R_on"):
        simulate("diffusive_memristor", current=1.0, t_stop=10.0, R_on=0.5, R_off=0.2)
    with pytest.raises(ValueError, match="tau_relax"):
        simulate("diffusive_memristor", current=1.0, t_stop=10.0, tau_relax=0.0)
    with pytest.raises(ValueError, match="current"):
        diffusive_first_spike_latency(float("nan"))


@pytest.mark.parametrize("model", ["mott", "diffusive_memristor"])
def test_device_neurons_have_no_phase_plane_and_say_so(model):
    from neuroexplore.neurons import phase_plane

    with pytest.raises(ValueError, match="no 2-D phase plane"):
        phase_plane(model, current=1.0)
