"""COBA network and sparse connectivity: analytic single neurons, Brian2's statistics, AI state.

Independent references:

* a single neuron under a constant conductance (exact exponential relaxation to the
  analytic steady state, the analytic LIF firing period) and under a decaying
  conductance (tight ``solve_ivp`` solution of the same ODE);
* Brian2 2.9 simulating the same network (``benchmarks/brian2_coba.py``, ten seeds,
  stored with its provenance in ``tests/engines/data/coba_brian2.json``): different
  random numbers, so the mean rate and ISI CV are compared as statistics over seeds;
* combinatorics of the Bernoulli graph (pair probabilities, binomial degrees).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from scipy.integrate import solve_ivp

from neuroexplore.networks import COBA_SPECS, CobaResult, bernoulli_csr, coba, parameters

BRIAN2 = json.loads((Path(__file__).parent / "data" / "coba_brian2.json").read_text())


# --- sparse connectivity ----------------------------------------------------------------
def test_bernoulli_pairs_are_independent_with_probability_p() -> None:
    """Every ordered pair (i != j) appears with probability p; the out-degree is
    Binomial(n - 1, p) -- a biased duplicate redraw or autapse skip would show."""
    n, p, reps = 7, 0.3, 3000
    rng = np.random.default_rng(0)
    counts = np.zeros((n, n))
    degrees = []
    for _ in range(reps):
        indptr, indices = bernoulli_csr(n, p, rng)
        for j in range(n):
            row = indices[indptr[j]:indptr[j + 1]]
            counts[j, row] += 1
            degrees.append(row.size)
    assert np.all(np.diag(counts) == 0)
    off = counts[~np.eye(n, dtype=bool)] / reps
    sd = np.sqrt(p * (1 - p) / reps)
    assert np.all(np.abs(off - p) < 4.5 * sd), off
    observed = np.bincount(degrees, minlength=n)
    expected = stats.binom.pmf(np.arange(n), n - 1, p) * len(degrees)
    keep = expected > 5
    chi2 = ((observed[keep] - expected[keep]) ** 2 / expected[keep]).sum()
    assert stats.chi2.sf(chi2, keep.sum() - 1) > 1e-3


def test_bernoulli_rows_are_sorted_unique_and_degrees_binomial() -> None:
    n, p = 3000, 0.02
    indptr, indices = bernoulli_csr(n, p, np.random.default_rng(1))
    assert indptr.shape == (n + 1,) and indices.dtype == np.int32
    rows = np.repeat(np.arange(n), np.diff(indptr))
    assert np.all(indices != rows)
    key = rows.astype(np.int64) * n + indices
    assert np.all(np.diff(key) > 0)  # sorted within rows, no duplicate synapse
    k_in = np.bincount(indices, minlength=n)
    for deg in (np.diff(indptr), k_in):  # out- and in-degree ~ Binomial(n - 1, p)
        assert deg.mean() == pytest.approx((n - 1) * p, rel=0.02)
        assert deg.var() == pytest.approx((n - 1) * p * (1 - p), rel=0.12)


def test_hundred_thousand_neurons_fit_without_a_dense_matrix() -> None:
    """100,000 neurons at in-degree 80: 8 M synapses, 32 MB of targets; a dense boolean
    matrix would take 10 GB."""
    n = 100_000
    tracemalloc.start()
    indptr, indices = bernoulli_csr(n, 80 / n, np.random.default_rng(2))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert indices.size == pytest.approx(80 * n, rel=0.01)
    assert peak < 200e6, peak  # a few times the 32 MB result (block-wise sampling)


def test_too_many_synapses_refused() -> None:
    with pytest.raises(ValueError, match="p_conn"):
        bernoulli_csr(200_000, 0.02, np.random.default_rng(0))


# --- single neurons against analytic results ---------------------------------------------
def one_neuron(**kw) -> CobaResult:
    kw = {"p_conn": 0.0, "g_e_init": 0.0, "g_i_init": 0.0, "v_init": -70.0, **kw}
    return coba(1, n_record=1, **kw)


def test_constant_conductance_relaxes_exactly_to_steady_state() -> None:
    """C V' = g_l (E_l - V) + g_ext (E_e - V): V relaxes to V_inf = (g_l E_l + g_ext E_e)
    / (g_l + g_ext) with tau = C / (g_l + g_ext); exponential Euler is exact here."""
    g_ext, g_l, C = 1.0, 10.0, 200.0
    res = one_neuron(g_ext=g_ext, t_stop=200.0, dt=0.1)
    v_inf = (g_l * -60.0 + g_ext * 0.0) / (g_l + g_ext)
    expected = v_inf + (-70.0 - v_inf) * np.exp(-res.t * (g_l + g_ext) / C)
    np.testing.assert_allclose(res.v[0], expected, rtol=1e-12, atol=1e-10)
    assert res.spike_times.size == 0 and res.v[0, -1] == pytest.approx(v_inf, abs=1e-3)


@pytest.mark.parametrize(("g_ext", "t_ref", "dt"), [(5.0, 5.0, 0.1), (20.0, 2.0, 0.05)])
def test_constant_conductance_fires_at_analytic_period(g_ext, t_ref, dt) -> None:
    """Above threshold the interval is T = t_ref + tau ln((V_inf - V_r)/(V_inf - V_t)),
    with the spike detected at the first grid point past the crossing."""
    res = one_neuron(g_ext=g_ext, t_ref=t_ref, v_init=-60.0, t_stop=500.0, dt=dt)
    tau = 200.0 / (10.0 + g_ext)
    v_inf = -600.0 / (10.0 + g_ext)
    T = t_ref + tau * np.log((v_inf + 60.0) / (v_inf + 50.0))
    isi = np.diff(res.spike_times)
    assert isi.size >= 10
    assert np.all(isi >= T - 1e-9) and np.all(isi <= T + dt + 1e-9), (isi, T)
    assert res.rate_hz == pytest.approx(1000.0 / (T + dt / 2), rel=0.03)


def test_decaying_conductance_matches_ode_and_converges_first_order() -> None:
    """g_e(t) = g0 exp(-t / tau_e) exactly; V against solve_ivp (rtol 1e-11) of
    C V' = g_l (E_l - V) + g_e(t) (E_e - V); freezing g over a step errs by O(dt)."""
    g0 = 40.0

    def rhs(t, v):
        return (10.0 * (-60.0 - v) + g0 * np.exp(-t / 5.0) * (0.0 - v)) / 200.0

    errors = []
    for dt in (0.1, 0.05, 0.025):
        res = one_neuron(g_e_init=g0, v_th=0.0, t_stop=50.0, dt=dt)
        np.testing.assert_allclose(res.g_e[0], g0 * np.exp(-res.t / 5.0), rtol=1e-11)
        assert np.all(res.g_i == 0.0) and res.spike_times.size == 0
        ref = solve_ivp(rhs, (0, 50.0), [-70.0], t_eval=res.t, rtol=1e-11, atol=1e-11).y[0]
        errors.append(np.abs(res.v[0] - ref).max())
    assert errors[0] < 0.5  # mV, with a peak depolarisation of ~ 20 mV
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    np.testing.assert_allclose(ratios, 2.0, rtol=0.1)


def test_inhibitory_spike_and_excitatory_spike_reach_their_targets() -> None:
    """All-to-all pairs: neuron 0 (E) fires once at t = dt, so every other neuron's g_e
    jumps by w_e there; the I neuron's g_i is untouched."""
    n = 5  # 4 E, 1 I
    v0 = np.full(n, -70.0)
    v0[0] = -40.0
    res = coba(n, p_conn=1.0, v_init=v0, g_e_init=0.0, g_i_init=0.0, t_stop=3.0,
               n_record=n, v_th=-45.0)
    assert res.spike_neurons.tolist() == [0] and res.spike_times.tolist() == [pytest.approx(0.1)]
    assert res.g_e[0, 1] == 0.0  # no autapse
    np.testing.assert_allclose(res.g_e[1:, 1], 6.0)
    np.testing.assert_allclose(res.g_e[1:, 2], 6.0 * np.exp(-0.1 / 5.0))
    assert np.all(res.g_i == 0.0)


# --- the network against Brian2 ------------------------------------------------------------
def _brian2_runs():
    return [r for r in BRIAN2["runs"] if r["n"] == 4000]


def test_brian2_reference_file_is_complete() -> None:
    runs = _brian2_runs()
    assert len(runs) >= 10 and len({r["seed"] for r in runs}) == len(runs)
    assert BRIAN2["brian2_version"].startswith("2.9")
    rates = np.array([r["rate_hz"] for r in runs])
    assert 15.0 < rates.mean() < 25.0  # Brette et al. 2007: self-sustained, ~20 Hz


def test_rate_and_cv_match_brian2_over_seeds() -> None:
    """Same model and integration scheme as Brian2's exponential Euler, different
    random numbers: our per-seed mean rates and mean ISI CVs must be a sample from the
    same distribution as Brian2's (Welch t test), and the means must agree within the
    seed spread.  Brian2 integrates again from the step at which ``timestep(t -
    lastspike) >= timestep(refractory)`` (``neurongroup.py``), i.e. it holds ``V`` for
    49 steps after a spike at dt = 0.1 ms, so t_ref = 4.9 ms here is the same rule
    (with t_ref = 5 ms the mean rate is ~0.4 Hz lower)."""
    runs = _brian2_runs()
    b_rate = np.array([r["rate_hz"] for r in runs])
    b_cv = np.array([r["cv_isi_mean"] for r in runs])
    ours = [coba(seed=s, t_ref=4.9) for s in range(4)]
    rate = np.array([r.rate_hz for r in ours])
    cv = np.array([r.mean_cv() for r in ours])
    for a, b, name in ((rate, b_rate, "rate"), (cv, b_cv, "cv")):
        p = stats.ttest_ind(a, b, equal_var=False).pvalue
        sd = max(a.std(ddof=1), b.std(ddof=1))
        tol = 3.0 * sd * np.sqrt(1 / a.size + 1 / b.size)
        assert p > 0.005 and abs(a.mean() - b.mean()) < tol, (name, a, b)
    # the asynchronous irregular state: irregular firing, no population synchrony
    assert np.all(cv > 1.0)
    assert all(r.synchrony < 0.3 for r in ours)
    assert all(r.n_connections == pytest.approx(0.02 * 4000 * 3999, rel=0.01) for r in ours)


def test_synchrony_measure_detects_a_synchronous_regime() -> None:
    """400 neurons with the same in-degree (p = 0.2) lock into a regular, synchronous
    rhythm: chi near 1 and CV near 0, unlike the 4,000-neuron AI state."""
    res = coba(400, t_stop=300.0, p_conn=0.2, seed=1)
    assert res.synchrony > 0.6
    assert res.mean_cv() < 0.4


@pytest.mark.slow  # compiles the parallel kernel; threads meet every step
def test_parallel_and_serial_give_identical_spikes() -> None:
    kw = dict(n_neurons=5000, p_conn=80 / 5000, t_stop=20.0, seed=3)
    a, b = coba(parallel=True, **kw), coba(parallel=False, **kw)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    np.testing.assert_array_equal(a.spike_neurons, b.spike_neurons)
    np.testing.assert_array_equal(a.v, b.v)
    assert a.synchrony == pytest.approx(b.synchrony, rel=1e-9)


def test_result_bookkeeping() -> None:
    res = coba(1000, t_stop=100.0, p_conn=0.08, seed=2, n_record=3)
    assert res.rate_hz == pytest.approx(res.spike_times.size / 1000 / 0.1)
    assert res.spike_indices is res.spike_neurons
    assert res.v.shape == res.g_e.shape == res.g_i.shape == (3, 1001)
    t, rate = res.population_rate(bin_ms=1.0)
    assert rate.mean() == pytest.approx(res.rate_hz, rel=1e-9)
    assert np.all(np.diff(res.spike_times) >= 0)
    assert np.all(res.v <= -50.0)  # spikes are reset on the step they cross


# --- parameters -------------------------------------------------------------------------
def test_specs_are_the_networks_kind() -> None:
    assert parameters("coba") == COBA_SPECS
    assert {s.name for s in COBA_SPECS} >= {"n_neurons", "p_conn", "w_e", "w_i", "tau_e",
                                            "tau_i", "t_stop", "dt"}


@pytest.mark.parametrize(
    ("kw", "name"),
    [
        ({"n_neurons": 0}, "n_neurons"),
        ({"w_i": -1.0}, "w_i"),
        ({"dt": 1.0}, "dt"),
        ({"dt": 0.4, "tau_e": 2.0}, "dt"),
        ({"v_reset": -45.0}, "v_reset"),
        ({"n_neurons": 200_000, "p_conn": 0.05}, "p_conn"),
        ({"v_init": np.zeros(3)}, "v_init"),
        ({"t_stop": 0.0}, "t_stop"),
    ],
)
def test_bad_input_raises_naming_the_parameter(kw: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        coba(**kw)
