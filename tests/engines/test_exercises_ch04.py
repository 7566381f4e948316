"""Chapter-4 exercises: references against theory and the engines; checks never raise."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.crossbar import CrossbarArray, CrossbarConfig
from neuroexplore.devices import PulseDevice
from neuroexplore.exercises import ch04
from neuroexplore.exercises.feedback import Feedback

ANY_ANSWER = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**6, 10**6), st.text(max_size=12), st.lists(st.text(max_size=8), max_size=5),
    st.lists(st.floats(allow_nan=True), max_size=3),
)


def test_crossbar_current_is_ohm_plus_kirchhoff():
    G = np.array(ch04.EXERCISE_G_US)  # uS
    V = np.array(ch04.EXERCISE_V)
    expected = G.T @ V  # uS x V = uA
    assert expected.tolist() == pytest.approx([7.0, 10.0])
    for col in (0, 1):
        assert ch04.crossbar_current(col) == pytest.approx(expected[col], rel=1e-12)
    assert ch04.check_crossbar_current(10.0)
    assert ch04.check_crossbar_current("10")
    assert ch04.check_crossbar_current(7.0, column=0)
    wrong = ch04.check_crossbar_current(7.0)
    assert not wrong and "too low" in wrong.message


def test_crossbar_current_rejects_a_bad_column():
    with pytest.raises(ValueError, match="column = 2"):
        ch04.crossbar_current(2)


@pytest.mark.parametrize("n", [4, 16, 40])
def test_quantisation_bound_matches_the_engines_worst_error(n):
    """Dense weights programmed on a linear device with n pulses: the worst error
    reaches (and never exceeds) w_max / (2 n)."""
    dev = PulseDevice(name="linear", model="linear", g_min=1e-6, g_max=1e-5, states_ltp=n,
                      states_ltd=n)
    w = np.linspace(-1.0, 1.0, 4001)[None, :]  # 1 output x 4001 inputs, w_max = 1
    arr = CrossbarArray.from_weights(w, dev, CrossbarConfig(torch_device="cpu"), seed=0)
    err = np.abs(arr.effective_weights().numpy() - w).max()
    bound = ch04.quantisation_bound(n)
    assert bound == pytest.approx(1 / (2 * n))
    assert err <= bound * (1 + 1e-4)
    assert err >= 0.98 * bound
    assert ch04.check_quantisation_bound(bound, n_states=n)
    assert not ch04.check_quantisation_bound(2 * bound, n_states=n)


def test_quantisation_bound_validates_n_states():
    with pytest.raises(ValueError, match="n_states"):
        ch04.quantisation_bound(1)


def test_accuracy_ranking_check_accepts_only_the_computed_order():
    order, acc = ch04.accuracy_ranking()
    assert sorted(order) == sorted(ch04.RANKING_OPTIONS)
    assert [acc[k] for k in order] == sorted(acc.values())
    # physics sanity: a tenth of the cells stuck is worse than 4 levels
    assert acc["STUCK10"] < acc["STATES4"]
    assert ch04.check_accuracy_ranking(order)
    assert ch04.check_accuracy_ranking([k.lower() for k in order])
    fb = ch04.check_accuracy_ranking(order[::-1])
    assert not fb and "places are right" in fb.message
    for bad in (None, "STUCK10", order[:3], [*order[:3], order[0]], [1, 2, 3, 4]):
        fb = ch04.check_accuracy_ranking(bad)
        assert isinstance(fb, Feedback) and not fb


def test_ir_drop_trend_grows_with_size_as_theory_says():
    # first-order theory: the line drop ~ r_wire * G * N^2, so the relative error grows
    assert ch04.ir_drop_trend((16, 64), 2.0) == "grows"
    assert ch04.ir_drop_trend((64, 16), 2.0) == "shrinks"
    assert ch04.check_ir_drop_trend("grows")
    assert ch04.check_ir_drop_trend(" Grows ")
    assert not ch04.check_ir_drop_trend("shrinks")
    assert not ch04.check_ir_drop_trend("bigger")


@settings(max_examples=40, deadline=None)
@given(ANY_ANSWER)
def test_checks_never_raise_on_any_answer(answer):
    for check in (ch04.check_crossbar_current, ch04.check_quantisation_bound,
                  ch04.check_ir_drop_trend):
        fb = check(answer)
        assert isinstance(fb, Feedback)
        assert isinstance(fb.message, str) and fb.message
        if answer is None or (isinstance(answer, float) and not math.isfinite(answer)):
            assert not fb


@settings(max_examples=25, deadline=None)
@given(ANY_ANSWER)
def test_ranking_check_never_raises(answer):
    fb = ch04.check_accuracy_ranking(answer)
    assert isinstance(fb, Feedback) and not fb
