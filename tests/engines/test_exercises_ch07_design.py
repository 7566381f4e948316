"""Chapter-7 exercises of section 8 (machine learning for device design): 7.4 reads a
design study, 7.5 reads a model comparison.

References: a study of a synthetic objective whose feasible minimum is computed by hand
from its trials, and comparison tables built by hand (either model winning); the checks
never raise on an answer.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.exercises import ch07, grade
from neuroexplore.exercises.registry import exercise

pytest.importorskip("optuna")


@pytest.fixture(scope="module")
def study():
    from neuroexplore import design

    sp = design.space(x=(0.0, 1.0), y=(0.0, 1.0), custom=True)
    obj = design.custom(lambda x, y: {"accuracy": 0.8 + 0.2 * x,
                                      "energy_pj": 50.0 + 400.0 * x + 100.0 * y},
                        minimize="energy_pj", constraint=lambda m: 0.92 - m["accuracy"])
    return design.optimize(obj, sp, budget=12, seed=3, sampler="random")


def _least_feasible_energy(study) -> float:
    # by hand: accuracy 0.8 + 0.2 x >= 0.92  <=>  x >= 0.6
    return min(50.0 + 400.0 * r["x"] + 100.0 * r["y"] for r in study.rows if r["x"] >= 0.6)


def test_least_energy_accepts_the_feasible_minimum(study):
    want = _least_feasible_energy(study)
    assert ch07.check_least_energy(want, study=study)
    assert ch07.check_least_energy(want * 1.005, study=study)  # 1 % tolerance
    low = ch07.check_least_energy(want / 2, study=study)
    assert not low and "too low" in low.message
    # the minimum over all trials (feasible or not) is a classic mistake
    overall = min(r["energy_pj"] for r in study.rows)
    if overall < want * 0.99:
        assert not ch07.check_least_energy(overall, study=study)


def test_least_energy_without_a_study_or_a_feasible_trial_says_what_to_do(study):
    fb = ch07.check_least_energy(100.0, study=None)
    assert not fb and "Run the search cell" in fb.message

    class NoneFeasible:
        rows = [dict(r, feasible=False) for r in study.rows]

    fb = ch07.check_least_energy(100.0, study=NoneFeasible())
    assert not fb and "raise the budget" in fb.message


def _table(neurosim: float, gp: float, gp_curve: float = float("nan")) -> pd.DataFrame:
    rows = []
    for q in ("interpolation", "extrapolation"):
        for m, e in (("neurosim", neurosim), ("gp", gp), ("gp_curve", gp_curve)):
            rows.append(dict(model=m, question=q, rmse=e if q == "extrapolation" else 0.0))
    return pd.DataFrame(rows)


class _Cmp:
    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table


@pytest.mark.parametrize(("neurosim", "gp", "gp_curve", "winner"), [
    (0.01, 0.15, 0.23, "physical"),
    (0.20, 0.12, 0.34, "learned"),
    (0.20, 0.30, 0.10, "learned"),  # the best learned model counts
])
def test_extrapolation_winner_follows_the_table(neurosim, gp, gp_curve, winner):
    cmp = _Cmp(_table(neurosim, gp, gp_curve))
    assert ch07.check_extrapolation_winner(winner, comparison=cmp)
    assert ch07.check_extrapolation_winner(winner.upper(), comparison=cmp)
    other = "learned" if winner == "physical" else "physical"
    assert not ch07.check_extrapolation_winner(other, comparison=cmp)
    fb = ch07.check_extrapolation_winner(None, comparison=cmp)
    assert not fb and "physical" in fb.message and "learned" in fb.message


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=12),
                 st.lists(st.text(max_size=6), max_size=3)))
def test_checks_never_raise_on_an_answer(answer):
    cmp = _Cmp(_table(0.01, 0.2))

    class Study:
        rows = [dict(energy_pj=100.0, feasible=True)]

    fb = ch07.check_extrapolation_winner(answer, comparison=cmp)
    assert fb.correct == (isinstance(answer, str) and answer.lower() == "physical")
    fb = ch07.check_least_energy(answer, study=Study())
    assert isinstance(fb.message, str) and (answer is not None or not fb.correct)


def test_registry_grades_from_the_notebook_namespace(study):
    want = _least_feasible_energy(study)
    assert exercise("7.4").context == {"study": "bo"}
    assert grade("7.4", {"answer_7_4": want, "bo": study}).correct
    assert not grade("7.4", {"answer_7_4": want}).correct  # the study is missing
    cmp = _Cmp(_table(0.01, 0.2))
    assert grade("7.5", {"answer_7_5": "physical", "cmp": cmp}).correct
    assert not grade("7.5", {"answer_7_5": "learned", "cmp": cmp}).correct
