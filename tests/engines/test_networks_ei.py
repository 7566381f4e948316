"""E/I LIF network: analytic LIF rate, Siegert rate, PSPs vs solve_ivp, g sweep, AI state."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad, solve_ivp
from scipy.special import erfcx

from neuroexplore.networks import EI_NETWORK_SPECS, NetworkTrace, lif_rate, simulate_ei_network


def lif_period(mu, tau_m, theta, v_reset, t_ref):
    """Analytic LIF inter-spike interval (ms) for constant suprathreshold drive mu (mV)."""
    return t_ref + tau_m * np.log((mu - v_reset) / (mu - theta))


@pytest.mark.parametrize(
    ("coupling", "tau_m", "v_reset", "t_ref", "dt"),
    [({"J": 0.0}, 20.0, 10.0, 2.0, 0.1), ({"p_conn": 0.0}, 10.0, 0.0, 0.0, 0.05)],
)
def test_uncoupled_neurons_fire_at_analytic_rate(coupling, tau_m, v_reset, t_ref, dt) -> None:
    n = 60
    eta = np.linspace(1.05, 3.0, n)
    tr = simulate_ei_network(48, 12, drive="constant", eta=eta, tau_m=tau_m, v_reset=v_reset,
                             t_ref=t_ref, t_stop=1000.0, dt=dt, seed=0, **coupling)
    T = lif_period(eta * 20.0, tau_m, 20.0, v_reset, t_ref)
    for i in range(n):  # per-neuron check of the reference, not of the engine's inner loop
        isi = np.diff(tr.spike_times[tr.spike_neurons == i])
        assert isi.size >= 10
        # Exact sub-threshold propagation: only the spike is rounded up to the grid.
        assert np.all(isi >= T[i] - 1e-9) and np.all(isi <= T[i] + dt + 1e-9)
    np.testing.assert_allclose(
        lif_rate(eta * 20, tau_m=tau_m, v_reset=v_reset, t_ref=t_ref), 1000 / T, rtol=1e-12
    )
    assert tr.mean_cv() < 0.01  # constant drive: perfectly regular


def siegert_rate(mu, sigma, tau=20.0, theta=20.0, v_reset=10.0, t_ref=2.0):
    """Diffusion-approximation rate (Brunel 2000, eq. 21); e^{u^2}(1+erf u) = erfcx(-u)."""
    integral, _ = quad(lambda u: erfcx(-u), (v_reset - mu) / sigma, (theta - mu) / sigma)
    return 1000.0 / (t_ref + tau * np.sqrt(np.pi) * integral)


@pytest.mark.parametrize(("J_ext", "eta"), [(0.1, 1.2), (0.2, 0.95)])
def test_uncoupled_poisson_drive_matches_siegert(J_ext: float, eta: float) -> None:
    """Small Poisson kicks approach the diffusion limit: mu = eta theta, sigma^2 = J_ext mu."""
    tr = simulate_ei_network(200, 0, J=0.0, eta=eta, J_ext=J_ext, t_stop=1000.0, dt=0.05,
                             seed=3)
    mu = eta * 20.0
    expected = siegert_rate(mu, np.sqrt(J_ext * mu))
    assert tr.mean_rate() == pytest.approx(expected, rel=0.06)


@pytest.mark.parametrize("synapse", ["delta", "exponential"])
def test_single_psp_matches_ode(synapse: str) -> None:
    """Neuron 0 fires once at t = dt; neuron 1 (at rest, no drive) shows one PSP that must
    follow tau_m V' = -V + I, tau_s I' = -I (solve_ivp, rtol 1e-10)."""
    J, D, dt, tau_m, tau_s = 0.8, 1.5, 0.1, 20.0, 3.0
    eta = np.array([1.0001, 0.0])  # neuron 0: next spike only after ~180 ms
    tr = simulate_ei_network(2, 0, p_conn=1.0, J=J, drive="constant", eta=eta,
                             v_init=np.array([20.0, 0.0]), delay=D, synapse=synapse,
                             tau_syn=tau_s, tau_m=tau_m, t_stop=60.0, dt=dt, n_record=2)
    assert tr.spike_times.tolist() == [pytest.approx(dt)] and tr.spike_neurons.tolist() == [0]
    t_arr = dt + D  # arrival of the PSP at neuron 1
    after = tr.t >= t_arr - 1e-9
    s = tr.t[after] - t_arr
    if synapse == "delta":
        expected = J * np.exp(-s / tau_m)
    else:
        sol = solve_ivp(lambda _, y: [(-y[0] + y[1]) / tau_m, -y[1] / tau_s], (0, s[-1]),
                        [0.0, J * tau_m / tau_s], t_eval=s, rtol=1e-10, atol=1e-12)
        expected = sol.y[0]
    np.testing.assert_allclose(tr.v[1, after], expected, rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(tr.v[1, ~after], 0.0)


@pytest.mark.parametrize("seed", [0, 1])
def test_more_inhibition_lowers_rate(seed: int) -> None:
    rates = [simulate_ei_network(g=g, seed=seed).mean_rate() for g in (2.0, 3.0, 4.0, 5.0, 6.0,
                                                                         8.0)]
    assert np.all(np.diff(rates) < 0), rates


@pytest.mark.parametrize("seed", [0, 2])
def test_inhibition_dominated_network_is_irregular(seed: int) -> None:
    """Defaults (N_E=400, N_I=100, p=0.1, J=1 mV, eta=2, D=1.5 ms, Poisson drive): with
    g = 8 (> N_E/N_I = 4, inhibition dominated) spiking is irregular (mean CV >= 0.5);
    with g = 2 (excitation dominated) neurons fire near saturation and regularly."""
    ai = simulate_ei_network(g=8.0, seed=seed)
    assert ai.mean_cv() >= 0.5
    assert 5.0 < ai.mean_rate() < 150.0
    regular = simulate_ei_network(g=2.0, seed=seed)
    assert regular.mean_cv() < 0.3 and regular.mean_rate() > 200.0


def test_same_seed_same_result() -> None:
    a = simulate_ei_network(100, 25, t_stop=200.0, seed=5)
    b = simulate_ei_network(100, 25, t_stop=200.0, seed=5)
    c = simulate_ei_network(100, 25, t_stop=200.0, seed=6)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    np.testing.assert_array_equal(a.spike_neurons, b.spike_neurons)
    np.testing.assert_array_equal(a.v, b.v)
    assert not np.array_equal(a.spike_neurons, c.spike_neurons)


@pytest.mark.parametrize("kw", [{}, {"synapse": "exponential"}, {"drive": "constant"},
                                {"eta": 6.0, "J_ext": 0.01}])  # last: > 1 event per step
def test_chunked_run_with_callback_equals_one_run(kw: dict) -> None:
    """State carried across chunks (ring buffer, currents, refractory, Poisson clocks, rng)."""
    one = simulate_ei_network(160, 40, t_stop=230.0, seed=4, **kw)
    seen: list[tuple[int, int, float]] = []

    def cb(step: int, total: int, metrics: dict) -> None:
        seen.append((step, total, metrics["trace"].t_stop))

    chunked = simulate_ei_network(160, 40, t_stop=230.0, seed=4, callback=cb, chunk_ms=37.0,
                                  **kw)
    assert one.spike_times.size > 100
    np.testing.assert_array_equal(chunked.spike_times, one.spike_times)
    np.testing.assert_array_equal(chunked.spike_neurons, one.spike_neurons)
    np.testing.assert_array_equal(chunked.v, one.v)
    assert [s[0] for s in seen] == [370, 740, 1110, 1480, 1850, 2220, 2300]
    assert seen[0][2] == pytest.approx(37.0) and seen[-1][1] == 2300


def test_stopped_run_returns_the_prefix_of_the_full_run() -> None:
    full = simulate_ei_network(160, 40, t_stop=300.0, seed=2)
    part = simulate_ei_network(160, 40, t_stop=300.0, seed=2, chunk_ms=50.0,
                               callback=lambda step, total, m: step < 1000)
    assert part.t_stop == pytest.approx(100.0) and part.v.shape == (5, 1001)
    early = full.spike_times <= 100.0 + 1e-9
    assert part.spike_times.size == early.sum() > 0
    np.testing.assert_array_equal(part.spike_neurons, full.spike_neurons[early])
    np.testing.assert_array_equal(part.v, full.v[:, :1001])
    assert part.mean_rate() == pytest.approx(early.sum() / 200 / 0.1)
    with pytest.raises(ValueError, match="chunk_ms"):
        simulate_ei_network(16, 4, t_stop=10.0, callback=lambda *a: None, chunk_ms=0.0)


def test_trace_analyses_against_direct_computation() -> None:
    rng = np.random.default_rng(0)
    times = np.sort(rng.uniform(0, 300, 400))
    ids = rng.integers(0, 10, 400)
    tr = NetworkTrace(times, ids, 8, 2, 300.0, 0.1, np.zeros(1), np.zeros((0, 1)), 0)
    cv_ref = []
    for i in range(10):
        isi = np.diff(times[ids == i])
        cv_ref.append(isi.std() / isi.mean())
    np.testing.assert_allclose(tr.cv_isi(), cv_ref, rtol=1e-9)
    assert tr.mean_cv() == pytest.approx(np.mean(cv_ref))
    centres, rate = tr.population_rate(bin_ms=5.0)
    assert rate.sum() * 5.0 / 1000 * 10 == pytest.approx(400)
    assert tr.mean_rate("exc") == pytest.approx(np.sum(ids < 8) / 8 / 0.3)
    assert tr.rates().sum() == pytest.approx(400 / 0.3)


_SPECS = {s.name: s for s in EI_NETWORK_SPECS}


def _in(name: str):
    s = _SPECS[name]
    return st.floats(s.low, s.high)


@given(p_conn=_in("p_conn"), J=_in("J"), g=_in("g"), eta=_in("eta"), J_ext=_in("J_ext"),
       tau_m=_in("tau_m"), t_ref=_in("t_ref"), delay=_in("delay"), tau_syn=_in("tau_syn"),
       dt=_in("dt"), drive=st.sampled_from(["poisson", "constant"]),
       synapse=st.sampled_from(["delta", "exponential"]), seed=st.integers(0, 100))
@settings(max_examples=30, deadline=None)
def test_outputs_finite_over_spec_ranges(**kw) -> None:
    tr = simulate_ei_network(40, 10, t_stop=50.0, **kw)
    assert np.all(np.isfinite(tr.v)) and np.all(tr.v <= 20.0)
    assert np.all((tr.spike_times > 0) & (tr.spike_times <= tr.t_stop + 1e-9))
    assert np.all(np.isfinite(tr.population_rate()[1]))
    cv = tr.mean_cv()
    assert cv is None or np.isfinite(cv)


@pytest.mark.parametrize(
    ("kw", "name"),
    [
        ({"g": -1.0}, "g"),
        ({"dt": 1.0}, "dt"),
        ({"v_reset": 25.0}, "v_reset"),
        ({"n_exc": 0}, "n_exc"),
        ({"eta": np.ones(3)}, "eta"),
        ({"synapse": "alpha"}, "synapse"),
        ({"t_stop": 0.0}, "t_stop"),
    ],
)
def test_bad_input_raises(kw: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        simulate_ei_network(**kw)
