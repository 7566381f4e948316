"""Chapter-7 exercises: the design challenge, the limiter question, the retention time.

References: the Kohlrausch law solved by hand, the engine's limiter analysis on
constructed designs; checks never raise on an answer.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuroexplore.exercises import ch07
from neuroexplore.exercises.feedback import Feedback
from neuroexplore.perspectives import (
    FOM_GROUP_LABELS,
    IDEAL_FOM,
    TARGET_SPECS,
    DeviceFiguresOfMerit,
    EvaluationSettings,
    limiting_fom,
    preset_figures_of_merit,
)

FAST = EvaluationSettings(repeats=1)
ANY_ANSWER = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**6, 10**6), st.text(max_size=12), st.lists(st.text(max_size=8), max_size=4),
)


def test_challenge_targets_are_the_engines_target_defaults() -> None:
    assert ch07.CHALLENGE_TARGETS == {s.name: s.default for s in TARGET_SPECS}


@pytest.mark.parametrize(("fraction", "t", "beta"), [(0.9, ch07.TEN_YEARS, 1.0),
                                                     (0.5, 3600.0, 0.5), (0.99, 1e6, 0.7)])
def test_required_retention_time_solves_the_kohlrausch_law(fraction, t, beta) -> None:
    tau = t / (-math.log(fraction)) ** (1.0 / beta)  # exp(-(t/tau)^beta) = fraction
    assert ch07.required_retention_time(fraction, t, beta) == pytest.approx(tau, rel=1e-12)
    assert math.exp(-((t / tau) ** beta)) == pytest.approx(fraction, rel=1e-12)
    assert ch07.check_retention_time(tau * 1.01, fraction, t, beta)
    low = ch07.check_retention_time(tau / 2, fraction, t, beta)
    assert not low and "too low" in low.message


def test_ten_year_retention_needs_three_billion_seconds() -> None:
    assert ch07.required_retention_time() == pytest.approx(2.995e9, rel=1e-3)
    with pytest.raises(ValueError, match="fraction = 1.5 is outside"):
        ch07.required_retention_time(1.5)


def test_design_check_accepts_a_design_that_meets_the_targets() -> None:
    fb = ch07.check_design(IDEAL_FOM, settings=FAST)
    assert fb and "meets both targets" in fb.message
    assert limiting_fom(IDEAL_FOM, FAST, **ch07.CHALLENGE_TARGETS).meets_targets


@pytest.mark.parametrize(("changes", "limiter"), [
    (dict(states_ltp=2, states_ltd=2), "states"),
    (dict(c2c_sigma=0.3), "variation"),
    (dict(retention_time=1.0), "retention"),
    (dict(r_on=1e3), "r_on"),
])
def test_design_check_names_the_limiting_figure_of_merit(changes, limiter) -> None:
    design = IDEAL_FOM.with_params(name="constructed", **changes)
    fb = ch07.check_design(design, settings=FAST)
    assert not fb
    assert limiting_fom(design, FAST, **ch07.CHALLENGE_TARGETS).limiter == limiter
    assert FOM_GROUP_LABELS[limiter] in fb.message


def test_default_design_misses_the_targets_and_the_hint_agrees_with_the_engine() -> None:
    start = DeviceFiguresOfMerit()
    fb = ch07.check_design(start, settings=FAST)
    ref = limiting_fom(start, FAST, **ch07.CHALLENGE_TARGETS)
    assert not fb and not ref.meets_targets
    assert FOM_GROUP_LABELS[ref.limiter] in fb.message


def test_design_check_enforces_the_change_budget() -> None:
    start = DeviceFiguresOfMerit()
    too_many = start.with_params(c2c_sigma=0.0, d2d_sigma=0.0, r_on=1e6, states_ltp=200)
    fb = ch07.check_design(too_many, start=start, max_changes=2, settings=FAST)
    assert not fb and "changed 3 groups" in fb.message
    two = start.with_params(c2c_sigma=0.0, d2d_sigma=0.0, r_on=1e6)
    fb2 = ch07.check_design(two, start=start, max_changes=2, settings=FAST)
    assert fb2, fb2.message  # variation and R_on were the limiters: fixing both suffices


def test_limiter_check_against_the_engine() -> None:
    ref = limiting_fom(preset_figures_of_merit("TaOx/HfOx"), FAST,
                       target_accuracy=0.92).accuracy_limiter
    assert ref == "variation"
    assert ch07.check_limiter(ref, "TaOx/HfOx", mode="inference", settings=FAST)
    assert ch07.check_limiter(ref.upper(), "TaOx/HfOx", mode="inference", settings=FAST)
    wrong = ch07.check_limiter("states", "TaOx/HfOx", mode="inference", settings=FAST)
    assert not wrong and "should not be in your answer" in wrong.message
    unknown = ch07.check_limiter("speed", "TaOx/HfOx", mode="inference", settings=FAST)
    assert not unknown and "Unknown option" in unknown.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_ANSWER)
def test_checks_never_raise_on_an_answer(answer) -> None:
    for fb in (ch07.check_design(answer, settings=FAST), ch07.check_retention_time(answer),
               ch07.check_limiter(answer, "TaOx/HfOx", mode="inference", settings=FAST)):
        assert isinstance(fb, Feedback)
        assert not fb or answer is not None
