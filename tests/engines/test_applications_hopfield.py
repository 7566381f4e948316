"""Hopfield associative memory on a crossbar (Hopfield 1982; Amit et al. 1985).

References: the Hebbian formula itself, Hopfield's energy theorem (E never rises
under asynchronous updates), the exact binomial bit-error probability of the
signal-to-noise argument (Hertz, Krogh & Palmer 1991), the capacity ~0.138 N, and
the float-weight recall as the baseline of the crossbar recall.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ndtr

from neuroexplore.applications import hopfield as hf


def test_hebbian_weights_follow_the_formula():
    xi = hf.random_patterns(5, 40, seed=0)
    w = hf.hebbian_weights(xi)
    ref = sum(np.outer(p, p) for p in xi) / 40.0
    np.fill_diagonal(ref, 0.0)
    np.testing.assert_allclose(w, ref, atol=1e-15)
    assert np.array_equal(w, w.T) and np.all(np.diag(w) == 0)


def test_corrupt_flips_exactly_k_nested_bits():
    xi = hf.random_patterns(6, 50, seed=1)
    a = hf.corrupt(xi, 0.1, seed=3)
    b = hf.corrupt(xi, 0.3, seed=3)
    assert np.all((a != xi).sum(axis=1) == 5) and np.all((b != xi).sum(axis=1) == 15)
    assert np.all((b != xi) | (a == xi))  # the 5 flips are among the 15 (same seed)
    np.testing.assert_allclose(hf.overlaps(xi, a), 0.8)


@pytest.mark.parametrize("update", ["asynchronous", "synchronous"])
def test_ideal_crossbar_recall_equals_the_float_recall(update):
    res = hf.run_hopfield(device="ideal", n_neurons=100, n_patterns=14, flip_fraction=0.25,
                          update=update, seed=5)
    # a hard case (load 0.14, 25 % noise), so some probes fail and some take sweeps
    assert 0.0 < res.baseline_recalled < 1.0
    np.testing.assert_array_equal(res.trace.history.shape, res.baseline.history.shape)
    np.testing.assert_array_equal(res.trace.history, res.baseline.history)
    assert res.weight_error < 1e-5


@pytest.mark.parametrize("device", ["float", "ideal"])
def test_energy_never_rises_under_asynchronous_updates(device):
    xi = hf.random_patterns(20, 80, seed=2)  # above capacity: long relaxations
    w = hf.hebbian_weights(xi)
    probes = hf.corrupt(xi, 0.3, seed=4)
    arr = None if device == "float" else hf.program_crossbar(w, device="ideal", seed=0)
    tr = hf.recall(w, probes, crossbar=arr, record_steps=True, seed=1)
    steps = tr.step_energy
    assert steps.shape[0] == tr.sweeps * 80 + 1
    assert np.all(np.diff(steps, axis=0) <= 1e-12)
    assert np.any(steps[-1] < steps[0] - 1.0)  # and it does descend
    # the synchronous rule carries no such guarantee, only the asynchronous one is tested


def test_one_update_flips_bits_at_the_exact_binomial_rate():
    """N = 200, P = 41 (load 0.205), 20 seeds: flips after one synchronous update."""
    n, p = 200, 41
    flips = []
    for seed in range(20):
        xi = hf.random_patterns(p, n, seed=seed)
        tr = hf.recall(hf.hebbian_weights(xi), xi, update="synchronous", max_sweeps=1)
        flips.append(np.mean(tr.history[1] != xi))
    flips = np.array(flips)
    exact = float(hf.bit_error_probability(p / n, n))
    sem = flips.std(ddof=1) / np.sqrt(flips.size)
    assert abs(flips.mean() - exact) < 4 * sem
    # and the large-N Gaussian limit Phi(-1/sqrt(alpha)) is close to the exact value
    assert float(hf.bit_error_probability(p / n)) == pytest.approx(exact, rel=0.1)
    assert float(hf.bit_error_probability(0.1)) == pytest.approx(ndtr(-np.sqrt(10.0)))


def test_capacity_near_0138_n():
    """N = 200, 2 seeds, probes = stored patterns: fine well below 0.138, fails above."""
    c = hf.capacity_curve((0.05, 0.3), n_neurons=200, seeds=2)
    low, high = c.mean("recalled"), c.mean("overlap")
    assert low[0] >= 0.95  # load 0.05: (almost) every pattern is a fixed point
    assert high[1] < 0.7 and c.mean("recalled")[1] <= 0.1  # load 0.3: retrieval is lost
    np.testing.assert_allclose(c.values, [0.05, 0.3])


def test_recall_degrades_monotonically_with_device_variation():
    """Ideal device, N = 100, P = 13, 10 % flipped, synchronous, 12 seeds (common draws)."""
    s = hf.recall_vs_variation((0.0, 0.25, 0.5), seeds=12, device="ideal", n_neurons=100,
                               n_patterns=13, flip_fraction=0.1, update="synchronous")
    m = s.mean("overlap")
    assert np.all(np.diff(m) <= 0.0)
    assert m[0] - m[-1] >= 0.01  # measured 0.986 -> 0.976 -> 0.958
    np.testing.assert_array_equal(s.mean("baseline_overlap"), s.mean("baseline_overlap")[0])
    assert s.to_csv().startswith("d2d_sigma,overlap,recalled,")


def test_recall_degrades_with_input_noise_and_tracks_the_float_baseline():
    """Ag:a-Si crossbar, N = 100, P = 12, asynchronous, 3 seeds."""
    s = hf.recall_vs_noise((0.0, 0.1, 0.2, 0.3, 0.4), seeds=3, device="Ag:a-Si")
    m, base = s.mean("overlap"), s.mean("baseline_overlap")
    assert np.all(np.diff(m) <= 0.0) and np.all(np.diff(base) <= 0.0)
    assert m[0] - m[-1] >= 0.3
    # better than the probe itself (overlap 1 - 2 f) at 10 % noise: recall cleans it up
    assert m[1] >= 0.8 + 0.1
    # within 0.05 of the float baseline up to 20 % noise (measured: 0.004, 0.02, 0.04)
    assert np.all(np.abs(m[:3] - base[:3]) <= 0.05)


def test_noisy_devices_realise_different_weights():
    res = hf.run_hopfield(device="Ag:a-Si", d2d_sigma=0.2, read_noise=0.02, seed=0)
    assert res.weight_error > 0.05
    assert res.effective_weights.shape == (100, 100)
    flt = hf.run_hopfield(device="float", seed=0)
    assert flt.effective_weights is None and flt.weight_error == 0.0
    assert flt.trace is flt.baseline


def test_callback_and_cancel():
    seen = []

    def cb(step, total, metrics):
        seen.append((step, total))
        return step < 2

    s = hf.recall_vs_noise((0.0, 0.2), seeds=2, device="float", callback=cb)
    assert s.cancelled and seen == [(1, 4), (2, 4)]
    assert np.isnan(s.overlap[:, 1]).all() and not np.isnan(s.overlap[:, 0]).any()
    np.testing.assert_array_equal(s.mean(), s.overlap[:, 0])  # unreached points left out
    first = hf.recall_vs_noise((0.0, 0.2), seeds=1, device="float", callback=lambda *a: False)
    assert first.cancelled and np.isnan(first.mean()[1]) and not np.isnan(first.mean()[0])


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: hf.run_hopfield(n_patterns=0), "n_patterns"),
        (lambda: hf.run_hopfield(flip_fraction=0.7), "flip_fraction"),
        (lambda: hf.run_hopfield(device="vacuum tube"), "device"),
        (lambda: hf.run_hopfield(d2d_sigma=-0.1), "d2d_sigma"),
        (lambda: hf.run_hopfield(colour="red"), "colour"),
        (lambda: hf.recall_vs_variation(device="float"), "float"),
        (lambda: hf.recall(np.eye(3), np.array([1.0, 0.5, -1.0])), "probes"),
        (lambda: hf.recall(np.eye(3), np.ones(3), update="sideways"), "update"),
        (lambda: hf.bit_error_probability(0.0), "load"),
    ],
)
def test_bad_input_raises_one_clear_error(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_doctests_run():
    import doctest

    assert doctest.testmod(hf, optionflags=doctest.ELLIPSIS).failed == 0
