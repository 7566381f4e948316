"""Reservoir computing with volatile memristors: Mackey-Glass, device model, benchmarks.

References checked against:
* Mackey-Glass: a method-of-steps solution with scipy's DOP853 (rtol 1e-12), the
  analytic Hopf point of the linearised delay equation, and the correlation
  dimension 1.95 +- 0.03 of the tau = 17 attractor (Grassberger & Procaccia,
  Physica D 9:189, 1983);
* the volatile memristor: the closed-form single-pulse response and exp(-t/tau)
  decay, and an adaptive ODE solution of the pulse train;
* the readout: scikit-learn's Ridge; the ESN: numpy's eigenvalues.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.spatial.distance import pdist

from neuroexplore.applications.mackey_glass_series import fixed_point, hopf_point, mackey_glass
from neuroexplore.applications.reservoir import (
    DIGITS_5X4,
    classify_patterns,
    device_reservoir_states,
    esn_states,
    fit_ridge,
    mackey_glass_benchmark,
    make_device_reservoir,
    make_esn,
    nrmse,
    nrmse_vs_size,
    pattern_states,
    pattern_streams,
)
from neuroexplore.devices.volatile_memristor import (
    VolatileMemristor,
    current,
    drive_pulses,
    evolve,
    simulate_pulses,
    steady_state,
)

DEV = VolatileMemristor()


# ----------------------------------------------------------------- Mackey-Glass
def _method_of_steps(t_end: float, tau=17.0, beta=0.2, gamma=0.1, n=10.0, x0=1.2):
    """Independent reference: solve interval by interval with the previous dense output."""
    pieces = []

    def history(t):
        for t_lo, sol in reversed(pieces):
            if t >= t_lo:
                return sol(t)[0]
        return x0

    t0, y0 = 0.0, x0
    while t0 < t_end:
        t1 = min(t0 + tau, t_end)

        def rhs(t, y):
            xd = history(t - tau)
            return [beta * xd / (1 + xd**n) - gamma * y[0]]

        s = solve_ivp(rhs, (t0, t1), [y0], method="DOP853", rtol=1e-12, atol=1e-12,
                      dense_output=True)
        pieces.append((t0, s.sol))
        t0, y0 = t1, s.y[0, -1]
    return history


def test_mackey_glass_matches_an_independent_method_of_steps_solution():
    ref = _method_of_steps(200.0)
    mg = mackey_glass(201, discard=0.0, sample_dt=1.0, h=0.1)
    expected = np.array([ref(t) for t in mg.t])
    assert mg.t[0] == 0.0 and mg.x[0] == 1.2
    # RK4 with Hermite-interpolated delay: fourth order, ~3e-9 at h = 0.1 over 200 units
    np.testing.assert_allclose(mg.x, expected, atol=1e-7)
    coarse = mackey_glass(201, discard=0.0, h=0.2)
    err_h = np.max(np.abs(mg.x - expected))
    err_2h = np.max(np.abs(coarse.x - expected))
    assert err_2h / err_h > 8  # order >= 3 (16 for exact fourth order)


def test_hopf_point_is_analytic_and_brackets_the_loss_of_stability():
    hp = hopf_point()
    assert fixed_point() == pytest.approx(1.0)
    # b = -f'(x*) = 0.4, a = gamma = 0.1 -> tau_c = arccos(-1/4)/sqrt(0.15)
    assert hp.b == pytest.approx(0.4)
    assert hp.tau_c == pytest.approx(np.arccos(-0.25) / np.sqrt(0.15), rel=1e-12)
    stable = mackey_glass(400, tau=hp.tau_c - 0.3, discard=1500.0)
    assert np.ptp(stable.x) < 1e-3 and np.mean(stable.x) == pytest.approx(1.0, abs=1e-3)
    osc = mackey_glass(400, tau=hp.tau_c + 0.15, discard=3000.0, sample_dt=0.1)
    assert np.ptp(osc.x) > 0.05
    # close to onset the oscillation has the linear period 2 pi / omega_c = 16.22
    y = osc.x - osc.x.mean()
    up = np.flatnonzero((y[:-1] < 0) & (y[1:] >= 0))
    period = np.mean(np.diff(osc.t[up]))
    assert period == pytest.approx(hp.period, rel=0.03)


def test_chaotic_attractor_has_the_published_correlation_dimension():
    """Grassberger & Procaccia (1983): nu = 1.95 +- 0.03 for tau = 17; we allow 0.1."""
    x = mackey_glass(25_000, discard=1000.0).x
    lag, m, n_pts = 17, 4, 5000
    idx = np.arange(n_pts) * 4 + (m - 1) * lag
    emb = np.stack([x[idx - i * lag] for i in range(m)], axis=1)
    d = pdist(emb)
    r = np.logspace(-1.7, -1.0, 8)
    corr = np.array([np.mean(d < ri) for ri in r])
    slope = np.polyfit(np.log(r), np.log(corr), 1)[0]
    assert slope == pytest.approx(1.95, abs=0.1)


def test_mackey_glass_rejects_bad_parameters():
    with pytest.raises(ValueError, match="tau"):
        mackey_glass(10, tau=0.0)
    with pytest.raises(ValueError, match="n_samples"):
        mackey_glass(0)


# ------------------------------------------------------------ volatile memristor
def test_single_pulse_response_and_decay_are_the_analytic_exponentials():
    """State after one pulse = w_inf (1 - exp(-t_w/tau)); afterwards w_end exp(-t/tau)."""
    width, gap = 1e-3, 0.2
    tr = simulate_pulses(DEV, [2.0], pulse_width=width, interval=width + gap, samples=50)
    w_inf = DEV.lam * DEV.tau * np.sinh(DEV.eta * 2.0)
    w_end = w_inf * (1 - np.exp(-width / DEV.tau))
    on = tr.t <= width
    np.testing.assert_allclose(tr.w[on], w_inf * (1 - np.exp(-tr.t[on] / DEV.tau)), rtol=1e-12)
    off = tr.t > width
    np.testing.assert_allclose(tr.w[off], w_end * np.exp(-(tr.t[off] - width) / DEV.tau),
                               rtol=1e-12)
    # after one time constant the memory has fallen to 1/e
    assert evolve(DEV, w_end, 0.0, DEV.tau) == pytest.approx(w_end / np.e, rel=1e-12)


def test_pulse_train_matches_an_adaptive_ode_solution():
    rng = np.random.default_rng(3)
    v = rng.uniform(-0.5, 2.5, 30)
    width, interval = 1e-3, 4e-3
    st_ = drive_pulses(DEV, v, pulse_width=width, interval=interval, w0=0.1)
    w = 0.1
    for k, vk in enumerate(v):
        seg = []
        for volt, dur in ((vk, width), (0.0, interval - width)):
            sol = solve_ivp(lambda _t, y, volt=volt: [DEV.lam * np.sinh(DEV.eta * volt)
                                                      - y[0] / DEV.tau],
                            (0.0, dur), [w], method="DOP853", rtol=1e-12, atol=1e-14)
            w = sol.y[0, -1]
            if w < 0:  # the hard bound: here only negative pulses reach it
                w = 0.0
            seg.append(w)
        assert st_.w_pulse_end[k] == pytest.approx(seg[0], abs=1e-9)
    assert st_.w_final == pytest.approx(w, abs=1e-9)


def test_negative_pulse_rests_on_the_lower_bound():
    w_inf = steady_state(DEV, -1.0)
    t_zero = DEV.tau * np.log((0.05 - w_inf) / (-w_inf))  # analytic time to reach w = 0
    assert evolve(DEV, 0.05, -1.0, 0.5 * t_zero) > 0
    assert evolve(DEV, 0.05, -1.0, 1.01 * t_zero) == 0.0
    assert evolve(DEV, 0.05, -1.0, 10 * t_zero) == 0.0


def test_current_has_the_schottky_and_tunnelling_limits():
    v = np.linspace(-1, 2, 7)
    np.testing.assert_allclose(current(DEV, 0.0, v), DEV.alpha * (1 - np.exp(-DEV.beta * v)))
    np.testing.assert_allclose(current(DEV, 1.0, v), DEV.gamma * np.sinh(DEV.delta * v))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=40),
       st.floats(1e-5, 0.5), st.floats(0.0, 1.0))
def test_state_stays_in_its_bounds(volts, width, w0):
    s = drive_pulses(DEV, volts, pulse_width=width, interval=2 * width, w0=w0)
    assert np.all((s.w_pulse_end >= 0) & (s.w_pulse_end <= 1))
    assert 0 <= s.w_final <= 1


def test_device_errors_name_the_parameter():
    with pytest.raises(ValueError, match="tau"):
        VolatileMemristor(tau=-1.0)
    with pytest.raises(ValueError, match="interval"):
        drive_pulses(DEV, [1.0], pulse_width=2e-3, interval=1e-3)
    with pytest.raises(ValueError, match="voltage"):
        drive_pulses(DEV, [9.0])


# ----------------------------------------------------------------- reservoirs
def test_time_multiplexing_gives_one_feature_per_device_and_virtual_node():
    res = make_device_reservoir(n_devices=3, mask_length=4, seed=1)
    u = np.linspace(0, 1, 6)
    x = device_reservoir_states(res, u)
    assert x.shape == (6, 12)
    # feature (k, i*M + j) is the current at the end of pulse j of input k on device i
    st_ = drive_pulses(res.devices, res.voltages(u), pulse_width=res.pulse_width,
                       interval=res.node_interval)
    i = current(res.devices, st_.w_pulse_end, res.voltages(u))
    assert x[4, 1 * 4 + 2] == i[1, 4 * 4 + 2]
    assert np.all(np.abs(res.mask) <= 1)


def test_esn_has_the_requested_spectral_radius_and_echo_state_property():
    esn = make_esn(60, spectral_radius=0.8, density=0.2, seed=4)
    assert np.max(np.abs(np.linalg.eigvals(esn.w))) == pytest.approx(0.8, rel=1e-9)
    rng = np.random.default_rng(0)
    u = rng.random(300)
    a = esn_states(esn, np.r_[rng.random(50), u])[50:]
    b = esn_states(esn, np.r_[np.zeros(50), u])[50:]
    # different histories, same recent input: the states converge (fading memory)
    assert np.abs(a[0] - b[0]).max() > 1e-3
    assert np.abs(a[-1] - b[-1]).max() < 1e-8


def test_ridge_readout_matches_scikit_learn():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 6)) * [1, 2, 3, 4, 5, 6] + 3
    y = x @ rng.normal(size=6) + rng.normal(size=200)
    r = fit_ridge(x, y, alpha=0.01)
    z = (x - x.mean(0)) / x.std(0)
    sk = Ridge(alpha=0.01 * 200).fit(z, y)
    np.testing.assert_allclose(r.predict(x)[:, 0], sk.predict(z), rtol=1e-10)


def test_nrmse_of_the_mean_predictor_is_one():
    y = np.sin(np.linspace(0, 20, 300))
    assert nrmse(y, np.full_like(y, y.mean())) == pytest.approx(1.0)
    assert nrmse(y, y) == 0.0
    with pytest.raises(ValueError, match="constant"):
        nrmse(np.ones(5), np.ones(5))


def test_nrmse_falls_as_the_device_reservoir_grows():
    """Mackey-Glass, 3 steps ahead: 1, 4 and 16 devices x 10 virtual nodes (10, 40, 160
    features); NRMSE must fall at each step and at least halve from 10 to 160."""
    sweep = nrmse_vs_size((1, 4, 16), mask_length=10, horizon=3, seed=0)
    assert list(sweep.size) == [10, 40, 160]
    assert np.all(np.diff(sweep.device) < 0)
    assert sweep.device[-1] < 0.5 * sweep.device[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_device_reservoir_is_near_the_esn_and_far_below_trivial_predictors(seed):
    """160 features (16 devices x 10 nodes) vs an ESN of 160 nodes, same ridge readout and
    split, 3-step Mackey-Glass prediction.  Margins: device NRMSE <= 4 x ESN NRMSE,
    <= 0.25 x persistence NRMSE and <= 0.1 x the mean predictor's (= 1)."""
    r = mackey_glass_benchmark(n_devices=16, mask_length=10, horizon=3, seed=seed)
    e = r.nrmse
    assert r.size == 160
    assert e["mean"] == pytest.approx(1.0, abs=0.05)
    assert e["device"] <= 4.0 * e["esn"]
    assert e["device"] <= 0.25 * e["persistence"]
    assert e["device"] <= 0.1 * e["mean"]
    assert r.target.shape == r.device.shape == (500,)
    assert "device NRMSE" in r.to_csv()


def test_sweep_reports_progress_and_can_be_stopped():
    calls = []

    def cb(step, total, metrics):
        calls.append((step, total))
        return False if step == 2 else None

    sweep = nrmse_vs_size((1, 2, 4), callback=cb, n_train=300, n_test=100, washout=50)
    assert calls == [(1, 3), (2, 3)] and sweep.cancelled and len(sweep.device) == 2


# --------------------------------------------------------- pattern classification
def test_digit_rows_map_to_distinct_device_states():
    """All 16 possible 4-pixel rows give different read currents (the reservoir separates
    temporal orders: 1000 and 0001 hold the same number of pulses)."""
    rows = np.array([[(k >> b) & 1 for b in (3, 2, 1, 0)] for k in range(16)], float)
    x = pattern_states(None, rows[None])[0]
    assert np.min(np.diff(np.sort(x))) > 1e-3 * np.ptp(x)
    assert DIGITS_5X4.shape == (10, 5, 4)
    assert pattern_streams(np.zeros((2, 8, 8)), 2).shape == (2, 16, 4)


def test_temporal_digit_classification_beats_chance_and_the_esn():
    """5x4 digits, 5 % inverted pixels, 40 per class: the 5-device reservoir must reach
    chance (0.1) + 0.5, stay within 0.1 of the 5-node ESN (same streams, same readout)
    and within 0.25 of a softmax on all 20 raw pixels."""
    r = classify_patterns("digits5x4", noise=0.05, n_per_class=40, seed=0)
    acc = r.accuracy
    assert r.chance == pytest.approx(0.1) and r.n_features == 5
    assert acc["device"] >= r.chance + 0.5
    assert acc["device"] >= acc["esn"] - 0.1
    assert acc["device"] >= acc["pixels"] - 0.25
    assert r.confusion.sum() == 400 and np.trace(r.confusion) == round(400 * acc["device"])


def test_clean_digits_are_all_recognised():
    r = classify_patterns("digits5x4", noise=0.0, n_per_class=5, epochs=300, seed=0)
    assert r.accuracy["device"] == 1.0
