"""The exercise registry: unique answer names, hint ladders that never give the answer."""

from __future__ import annotations

import dataclasses
import re

import pytest

from neuroexplore.exercises import ch01, ch04, ch07, registry
from neuroexplore.exercises.feedback import Feedback
from neuroexplore.exercises.registry import EXERCISES, check, grade, reset_hints


def test_every_exercise_has_a_unique_answer_name_and_a_ladder() -> None:
    answers = [e.answer for e in EXERCISES.values()]
    assert len(answers) == len(set(answers)) == len(EXERCISES) >= 26
    assert "answer" not in answers
    coding = [e for e in EXERCISES.values() if e.kind == "function"]
    assert {e.answer for e in coding} >= {"lif_euler_step", "oja_update", "differential_mvm",
                                         "pulse_count", "q_update"}
    for e in EXERCISES.values():
        assert re.fullmatch(r"\d\.\d[ab]?", e.id)
        assert len(e.hints) >= 2 and e.points > 0 and e.time_limit > 0
        if e.kind == "value":
            assert e.answer == "answer_" + e.id.replace(".", "_")


def test_the_21_numeric_exercises_keep_their_checks_under_new_names() -> None:
    renames = registry.ANSWER_RENAMES
    # chapter 6 had no exercises before it was split into sessions: all of its are new;
    # 7.4 and 7.5 came with chapter 7's section on machine learning for device design
    kept = {i for k, v in renames.items() if k != "06" for i in v} - {"7.4", "7.5"}
    assert len(kept) == 21
    assert renames["01"] == {"1.1": "answer_1_1", "1.2": "answer_1_2", "1.4": "answer_1_4"}
    assert set(renames) == {"01", "02", "03", "04", "05", "06", "07"}


def test_feedback_holds_no_reference_value() -> None:
    fields = {f.name for f in dataclasses.fields(Feedback)}
    assert fields == {"correct", "message", "exercise"}
    fb = check("1.2", 2.0)
    assert not hasattr(fb, "expected")
    assert "1.5" not in str(fb) + repr(fb) + fb._repr_html_()


@pytest.mark.parametrize(("ex_id", "wrong", "reference"), [
    ("1.2", 2.0, ch01.lif_rheobase()),
    ("1.4", 0.5, ch01.fhn_hopf_current()),
    ("4.2", 0.5, ch04.quantisation_bound()),
    ("7.2", 1e3, ch07.required_retention_time()),
])
def test_hint_ladder_climbs_and_never_shows_the_reference(ex_id, wrong, reference) -> None:
    reset_hints(ex_id)
    n = len(EXERCISES[ex_id].hints)
    msgs = [check(ex_id, wrong).message for _ in range(n + 1)]
    assert [f"Hint {k}/{n}" in m for k, m in zip(range(1, n + 1), msgs, strict=False)] == [
        True] * n
    assert f"Hint {n}/{n}" in msgs[-1]  # the last hint repeats
    assert len(set(msgs[:n])) == n       # each attempt says something new
    if reference is not None:
        shown = " ".join(msgs)
        for text in {f"{reference:.4g}", f"{reference:.3g}", repr(reference)}:
            assert text not in shown, text
    assert "Hint" not in check(ex_id, None).message  # the placeholder is not an attempt
    reset_hints(ex_id)
    assert "Hint 1/" in check(ex_id, wrong).message


def test_a_correct_answer_gets_no_hint_and_the_title_names_the_exercise() -> None:
    fb = check("1.2", 1.5)
    assert fb.correct and "Hint" not in fb.message
    assert fb.exercise == "Exercise 1.2: LIF rheobase"


def test_grade_reads_the_namespace_and_the_context() -> None:
    assert grade("1.2", {"answer_1_2": 1.5}).correct
    assert "answer_1_2 is not defined" in grade("1.2", {}).message
    assert "ppf_fit" in grade("3.5", {"answer_3_5": 1.2}).message
    with pytest.raises(TypeError, match="fit=ppf_fit"):
        check("3.5", 1.2)


def test_a_check_that_raises_is_a_wrong_answer() -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    fb = grade("6.7", {"q_update": broken})
    assert not fb.correct and "RuntimeError: boom" in fb.message
