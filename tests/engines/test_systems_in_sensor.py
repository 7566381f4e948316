"""In-sensor computing (Mennel et al., Nature 2020): Kirchhoff sums, bounded and
quantised responsivities, training against a software classifier on the same data.

References: the per-subpixel currents summed one by one (Kirchhoff's current law);
R = eta q lambda / (h c) from CODATA constants; the quantisation error bound of a
uniform grid (half a step); the softmax classifier of neuroexplore.networks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants

from neuroexplore.systems import (
    LETTER_NAMES,
    LETTERS,
    PhotodiodeArray,
    classify_letters,
    compare_in_sensor,
    gate_voltage,
    letter_dataset,
    photocurrents,
    quantise_responsivity,
    responsivity_from_efficiency,
    train_in_sensor,
)

ARRAY = PhotodiodeArray()


def test_output_currents_are_the_kirchhoff_sum_of_subpixel_currents():
    rng = np.random.default_rng(0)
    r = rng.uniform(-ARRAY.r_max, ARRAY.r_max, size=(3, 9))
    images = rng.uniform(0, 1, size=(5, 9))
    out = photocurrents(ARRAY, r, images)
    for i in range(5):
        for m in range(3):
            total = 0.0
            for n in range(9):  # each subpixel delivers R_mn P_n onto wire m
                total += r[m, n] * (ARRAY.power * images[i, n])
            assert out[i, m] == pytest.approx(total, rel=1e-12, abs=1e-24)


@settings(max_examples=30, deadline=None)
@given(a=st.lists(st.floats(0, 0.5), min_size=9, max_size=9),
       b=st.lists(st.floats(0, 0.5), min_size=9, max_size=9))
def test_photocurrents_superpose(a, b):
    r = quantise_responsivity(ARRAY, np.linspace(-0.06, 0.06, 27).reshape(3, 9))
    ia, ib = photocurrents(ARRAY, r, a), photocurrents(ARRAY, r, b)
    iab = photocurrents(ARRAY, r, np.add(a, b))
    np.testing.assert_allclose(iab, ia + ib, rtol=1e-12, atol=1e-22)


def test_quantisation_is_bounded_on_grid_and_within_half_a_step():
    array = ARRAY.with_params(levels=5)
    raw = np.linspace(-0.1, 0.1, 2001)
    q = quantise_responsivity(array, raw)
    grid = np.linspace(-array.r_max, array.r_max, 5)
    assert np.all(np.min(np.abs(q[:, None] - grid[None]), axis=1) < 1e-15)
    inside = np.abs(raw) <= array.r_max
    assert np.max(np.abs(q[inside] - raw[inside])) <= array.step / 2 + 1e-15
    np.testing.assert_array_equal(quantise_responsivity(array, q), q)
    assert gate_voltage(array, array.r_max) == pytest.approx(array.v_max)
    assert gate_voltage(array, -array.r_max / 2) == pytest.approx(-array.v_max / 2)


def test_responsivity_from_quantum_efficiency():
    hcq = constants.h * constants.c / constants.e  # V m
    assert float(responsivity_from_efficiency(1.0, hcq * 1e9)) == pytest.approx(1.0, rel=1e-9)
    expected = 0.3 * 650e-9 / hcq
    assert float(responsivity_from_efficiency(0.3, 650.0)) == pytest.approx(expected, rel=1e-9)
    with pytest.raises(ValueError, match="efficiency"):
        responsivity_from_efficiency(1.5, 650.0)


def test_letters_and_noise():
    clean = letter_dataset(2, noise=0.0, seed=0)
    for img, y in zip(clean.X_train, clean.y_train, strict=True):
        np.testing.assert_array_equal(img, LETTERS[LETTER_NAMES[y]].ravel())
    noisy = letter_dataset(200, noise=0.3, seed=1)
    assert noisy.X_train.min() >= 0 and noisy.X_train.max() <= 1
    # zero-mean Gaussian noise clipped to [0, 1]: half the dark pixels clip to 0 and
    # half the lit ones to 1
    base = np.stack([LETTERS[k].ravel() for k in LETTER_NAMES])[noisy.y_train]
    assert np.mean(noisy.X_train[base == 0] == 0) == pytest.approx(0.5, abs=0.05)
    assert np.mean(noisy.X_train[base == 1] == 1) == pytest.approx(0.5, abs=0.05)


def test_noise_free_letters_are_learned_perfectly_within_bounds():
    data = letter_dataset(10, noise=0.0, seed=0)
    res = train_in_sensor(ARRAY, data, epochs=40, seed=0)
    assert res.test_accuracy == 1.0
    assert np.all(np.abs(res.responsivity) <= ARRAY.r_max + 1e-15)
    np.testing.assert_array_equal(quantise_responsivity(ARRAY, res.responsivity),
                                  res.responsivity)
    assert np.all(res.predict(data.X_test) == data.y_test)


@pytest.mark.parametrize("levels", [32, 4])
def test_in_sensor_classifier_beats_chance_and_matches_software(levels):
    cmp_ = compare_in_sensor(ARRAY.with_params(levels=levels), noise=0.5, n_per_class=80,
                             epochs=30, seed=2)
    acc, base = cmp_.in_sensor.test_accuracy, cmp_.baseline_accuracy
    # stated margins: >= chance + 0.45 and within 0.05 of the software softmax classifier
    assert acc >= cmp_.chance + 0.45
    assert abs(acc - base) <= 0.05
    assert cmp_.to_csv().startswith("epoch,in_sensor_test_accuracy")


def test_classify_is_winner_take_all_of_the_currents():
    r = np.zeros((3, 9))
    r[0, 0] = r[1, 4] = r[2, 8] = ARRAY.r_max
    images = np.eye(9)[[0, 4, 8]]
    assert classify_letters(ARRAY, r, images).tolist() == [0, 1, 2]


def test_bad_inputs_raise_named_errors():
    with pytest.raises(ValueError, match="levels"):
        PhotodiodeArray(levels=1)
    with pytest.raises(ValueError, match="noise"):
        letter_dataset(5, noise=-0.1)
    with pytest.raises(ValueError, match="r_max"):
        photocurrents(ARRAY, np.full((3, 9), 1.0), np.zeros(9))
    with pytest.raises(ValueError, match="images"):
        photocurrents(ARRAY, np.zeros((3, 9)), np.zeros(8))
    with pytest.raises(ValueError, match="lr"):
        train_in_sensor(ARRAY, letter_dataset(2), lr=100.0)
