"""Tactile (braille) recognition: geometry, transduction, devices, classifier.

References checked against: the construction rules of the braille alphabet; the
analytic Gaussian contact model; the analytic LIF firing rate (neurons engine); the
single-waveform synaptic-transistor integration; chance level and the raw-pressure
baseline.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.applications.tactile import (
    BRAILLE_DOTS,
    CLASS_SETS,
    BrailleSweep,
    _pulse_coverage,
    accuracy_vs_noise,
    afferent_response,
    bin_features,
    braille_pressure,
    tactile_benchmark,
)
from neuroexplore.devices.synaptic_transistor import (
    SYNAPTIC_TRANSISTOR_PRESETS,
    simulate_gate_waveform,
    simulate_gate_waveforms,
)
from neuroexplore.neurons.lif import lif_rate

CLEAN = dict(noise=0.0, jitter=0.0, speed_jitter=0.0, height_var=0.0)


def test_braille_alphabet_follows_its_construction_rules():
    first = CLASS_SETS["a-j"]
    assert all(set(BRAILLE_DOTS[c]) <= {1, 2, 4, 5} for c in first)
    # k-t are a-j plus dot 3; u, v, x, y, z are a-e plus dots 3 and 6 (w is the exception)
    for a, k in zip(first, "klmnopqrst", strict=True):
        assert set(BRAILLE_DOTS[k]) == set(BRAILLE_DOTS[a]) | {3}
    for a, u in zip("abcde", "uvxyz", strict=True):
        assert set(BRAILLE_DOTS[u]) == set(BRAILLE_DOTS[a]) | {3, 6}
    assert len({BRAILLE_DOTS[c] for c in BRAILLE_DOTS}) == 26


def test_a_dot_under_a_taxel_gives_unit_pressure_at_the_analytic_time():
    """Letter a (dot 1): taxel 1 peaks at p = 1 when the finger is over the dot, i.e. at
    t = 3 mm / speed; taxel 2 sees the Gaussian tail exp(-d^2 / 2 s^2)."""
    sw = braille_pressure("a", speed=20.0, **CLEAN)
    p = sw.clean[0]
    k = np.argmax(p[0])
    assert sw.t[k] == pytest.approx(3.0 / 20.0, abs=1e-3)
    assert p[0, k] == pytest.approx(1.0, abs=1e-3)
    s2 = (1.44 / 4) ** 2 + 0.5**2
    assert p[1, k] == pytest.approx(np.exp(-(2.34**2) / (2 * s2)), rel=1e-3)
    np.testing.assert_array_equal(sw.pressure, sw.clean)
    # letter c (dots 1 and 4) has a second peak 2.34 mm later on the same taxel
    c = braille_pressure("c", speed=20.0, **CLEAN).clean[0, 0]
    peaks = np.flatnonzero((c[1:-1] > c[:-2]) & (c[1:-1] >= c[2:])) + 1
    assert np.diff(peaks * 1e-3) == pytest.approx(2.34 / 20.0, abs=1.5e-3)


def test_sensor_noise_has_the_requested_std():
    sw = braille_pressure(["a"] * 20, noise=0.3, seed=2)
    assert np.std(sw.pressure - sw.clean) == pytest.approx(0.3, rel=0.03)


def test_afferent_rate_equals_the_analytic_lif_rate():
    """Constant pressure p -> current 1 + 3 p nA -> spikes at lif_rate(1 + 3 p)."""
    t = np.arange(1000) * 1e-3
    levels = np.array([0.0, 0.3, 0.6, 1.0])
    press = np.broadcast_to(levels[:, None, None], (4, 3, t.size)).copy()
    sweep = BrailleSweep(t=t, pressure=press, clean=press, letters=("a",) * 4)
    r = afferent_response(sweep, i_rest=1.0, i_gain=3.0)
    expected = lif_rate(1.0 + 3.0 * levels)  # Hz over 1 s
    counts = r.spike_counts[:, 0]
    assert counts[0] == 0
    np.testing.assert_allclose(counts, expected, atol=1.0)
    # more spikes -> more EPSC (the synapse integrates the afferent's rate)
    assert np.all(np.diff(r.epsc[:, 0, -1]) > 0)


def test_gate_pulses_cover_the_spike_widths():
    spikes = (np.array([0.0101, 0.05]), np.array([]), np.array([0.2]))
    cov = _pulse_coverage(spikes, 2e-3, 1e-3, 300)
    assert cov.sum(axis=1) == pytest.approx([4.0, 0.0, 2.0])  # width / dt per pulse
    assert cov[0, 10] == pytest.approx(0.9) and cov[0, 12] == pytest.approx(0.1)


def test_batched_gate_waveforms_equal_one_at_a_time():
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
    t = np.arange(300) * 1e-3
    rng = np.random.default_rng(0)
    v = (rng.random((2, 3, 300)) < 0.2) * 1.5
    many = simulate_gate_waveforms(dev, t, v)
    for i in range(2):
        for j in range(3):
            one = simulate_gate_waveform(dev, t, v[i, j])
            np.testing.assert_allclose(many.current[i, j], one.current, rtol=1e-13)
            np.testing.assert_allclose(many.gate_current[i, j], one.gate_current, rtol=1e-13)


def test_bin_features_are_bin_means():
    x = np.arange(24, dtype=float).reshape(1, 2, 12)
    f = bin_features(x, 3)
    np.testing.assert_allclose(f, [[1.5, 5.5, 9.5, 13.5, 17.5, 21.5]])


def test_braille_recognition_beats_chance_and_matches_the_raw_pressure_baseline():
    """Letters a-j (chance 0.1), 20 training + 20 test sweeps per letter, sensor noise 0.2,
    afferent LIF + synaptic transistor: accuracy >= chance + 0.6 and within 0.1 of the same
    softmax classifier on the raw pressure."""
    r = tactile_benchmark(classes="a-j", n_per_class=20, noise=0.2, seed=0)
    assert r.chance == pytest.approx(0.1) and r.n_test == 200
    assert r.accuracy["device"] >= r.chance + 0.6
    assert r.accuracy["device"] >= r.accuracy["pressure"] - 0.1
    assert r.confusion["device"].sum() == 200
    assert r.mean_spikes > 1
    assert "device accuracy" in r.to_csv()


def test_self_powered_triboelectric_pipeline_also_reads_braille():
    """Same task through the TENG-gated transistor: accuracy >= chance + 0.6."""
    r = tactile_benchmark(transducer="triboelectric", n_per_class=20, noise=0.2, seed=1)
    assert r.accuracy["device"] >= r.chance + 0.6
    assert r.mean_spikes == 0


def test_accuracy_falls_with_sensor_noise():
    sw = accuracy_vs_noise((0.0, 2.0), n_per_class=10, seed=0)
    assert sw.device[0] > sw.device[1] and sw.pressure[0] > sw.pressure[1]
    assert sw.device[0] >= 0.9


def test_errors_name_the_parameter():
    with pytest.raises(ValueError, match="speed"):
        braille_pressure("a", speed=1000.0)
    with pytest.raises(ValueError, match="letters"):
        braille_pressure("ä")
    with pytest.raises(ValueError, match="transducer"):
        tactile_benchmark(transducer="laser")
    with pytest.raises(ValueError, match="unknown parameter"):
        tactile_benchmark(sped=3.0)
