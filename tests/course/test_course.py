"""The course build and the otter autograder, on a fixture chapter (tests/course/fixtures).

Grading runs otter's non-containerised runner: a kernel executes the notebook, so each
graded submission takes several seconds (``slow``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("otter")
pytest.importorskip("jupytext")

from neuroexplore.course.build import (  # noqa: E402
    build_course,
    defined_names,
    find_exercises,
    is_solution_cell,
    read_chapter,
)
from neuroexplore.course.grade import grade_submission  # noqa: E402
from neuroexplore.exercises import Feedback  # noqa: E402
from neuroexplore.exercises.ch01 import lif_rheobase  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "90_fixture.py"
ROOT = Path(__file__).resolve().parents[2]
CHECK_LIMIT, CELL_LIMIT = 4.0, 8.0
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword:Warning")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    (b,) = build_course([FIXTURE], out, time_limit=CHECK_LIMIT, cell_time_limit=CELL_LIMIT)
    return b


def _student(built, tmp_path, name, edits, prepend=()):
    """The student notebook with exercise cells replaced (answer name -> new source)."""
    nb = nbformat.read(built.student, as_version=4)
    for cell in nb.cells:
        for answer, src in edits.items():
            if cell.cell_type == "code" and answer in defined_names(cell.source):
                cell.source = src
    nb.cells[1:1] = [nbformat.v4.new_code_cell(src) for src in prepend]
    path = tmp_path / name
    path.mkdir()
    nbformat.write(nb, path / "submission.ipynb")
    return path / "submission.ipynb"


def _grade(path, built):
    t0 = time.perf_counter()
    res = grade_submission(path, built.autograder)
    return res, time.perf_counter() - t0


MVM_OK = ("import numpy as np\n"
          "def differential_mvm(g_pos, g_neg, v):\n"
          "    return (np.asarray(g_pos) - np.asarray(g_neg)).T @ np.asarray(v)\n")


# ---------------------------------------------------------------- the build (fast)
def test_build_finds_the_exercises_of_the_convention(built) -> None:
    assert [e.id for e in built.exercises] == ["1.2", "3.4", "4.5"]
    assert built.warnings == []
    assert built.summary()["max_score"] == 5.0


def test_student_build_has_no_solution_cells_and_no_outputs(built) -> None:
    student = nbformat.read(built.student, as_version=4)
    instructor = nbformat.read(built.instructor, as_version=4)
    solutions = [c.source for c in instructor.cells if is_solution_cell(c)]
    assert len(solutions) == 3
    text = "\n".join(c.source for c in student.cells)
    assert "# Solution" not in text
    assert not any(src in text for src in solutions)
    assert "np.rint" not in text and "(p[\"V_th\"] - p[\"E_L\"])" not in text
    assert len(student.cells) == len(instructor.cells) - 3
    for nb in (student, instructor):
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code)
        tagged = [c for c in code if "exercise" in c.metadata.get("tags", [])]
        assert len(tagged) == 3
        assert nb.metadata["neuroexplore"]["exercises"] == ["1.2", "3.4", "4.5"]


def test_student_notebook_run_reveals_no_reference_value(built, capsys) -> None:
    """Run the student notebook's cells here; nothing shown or reachable holds 1.5 nA."""
    student = nbformat.read(built.student, as_version=4)
    env: dict = {}
    shown = []
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        *body, last = cell.source.strip().split("\n")
        exec("\n".join(body), env)
        value = eval(last, env) if last.startswith("check(") else exec(last, env)
        if isinstance(value, Feedback):
            assert not value.correct
            assert set(vars(value)) == {"correct", "message", "exercise"}
            shown += [str(value), repr(value), value._repr_html_()]
    shown.append(capsys.readouterr().out)
    ref = lif_rheobase()
    assert ref == 1.5
    assert not any(re.search(r"(?<![\d.])1\.50*(?![\d])", s) for s in shown), shown
    assert all("Correct" not in s for s in shown)


def test_reading_the_fixture_and_a_current_chapter() -> None:
    nb = read_chapter(FIXTURE)
    assert sum(is_solution_cell(c) for c in nb.cells) == 3
    # a real chapter: every exercise the build finds in it is one of its own chapter
    ch01 = ROOT / "notebooks" / "01_biological_neurons.ipynb"
    if ch01.exists():
        found, _ = find_exercises(read_chapter(ch01))
        assert all(e.chapter == "01" for e in found)


# ---------------------------------------------------------------- grading (slow)
@pytest.mark.slow
def test_instructor_notebook_scores_full_marks_through_the_cli(built) -> None:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "neuroexplore", "course", "grade", str(built.instructor),
         "--autograder", str(built.autograder)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    res = json.loads(lines[0])
    assert res["score"] == res["max_score"] == 5.0, res
    assert {k: v["score"] for k, v in res["exercises"].items()} == {"1.2": 1.0, "3.4": 2.0,
                                                                    "4.5": 2.0}
    print(f"instructor graded in {elapsed:.1f} s")


@pytest.mark.slow
def test_untouched_student_notebook_scores_zero(built) -> None:
    res, elapsed = _grade(built.student, built)
    assert res["score"] == 0.0 and res["max_score"] == 5.0, res
    assert "Replace None" in res["exercises"]["1.2"]["message"]
    print(f"student graded in {elapsed:.1f} s")


@pytest.mark.slow
def test_half_done_notebook_scores_partial_marks(built, tmp_path) -> None:
    path = _student(built, tmp_path, "half", {
        "answer_1_2": "answer_1_2 = 1.5\ncheck('1.2', answer_1_2)",
        "differential_mvm": MVM_OK,
    })
    res, elapsed = _grade(path, built)
    assert res["score"] == 3.0 and res["max_score"] == 5.0, res
    assert res["exercises"]["3.4"]["score"] == 0.0
    print(f"half-done graded in {elapsed:.1f} s")


@pytest.mark.slow
def test_a_submission_that_raises_is_scored(built, tmp_path) -> None:
    path = _student(built, tmp_path, "raises", {
        "answer_1_2": "answer_1_2 = 1.5",
        "pulse_count": "def pulse_count(*args, **kwargs):\n    return 1 / 0\n",
    }, prepend=["raise RuntimeError('a broken cell at the top')"])
    res, elapsed = _grade(path, built)
    assert res["score"] == 1.0 and res["max_score"] == 5.0, res
    assert "ZeroDivisionError" in res["exercises"]["3.4"]["message"]
    print(f"raising submission graded in {elapsed:.1f} s")


@pytest.mark.slow
def test_a_submission_that_loops_hits_the_time_limits(built, tmp_path) -> None:
    path = _student(built, tmp_path, "loops", {
        "answer_1_2": "answer_1_2 = 1.5",
        "differential_mvm": "def differential_mvm(g_pos, g_neg, v):\n    while True:\n"
                            "        pass\n",
    }, prepend=["while True:\n    pass"])
    res, elapsed = _grade(path, built)
    assert res["score"] == 1.0 and res["max_score"] == 5.0, res
    assert "longer than" in res["exercises"]["4.5"]["message"]
    assert elapsed < 60 + CHECK_LIMIT + CELL_LIMIT
    print(f"looping submission graded in {elapsed:.1f} s")


def test_registry_limits_a_looping_answer_in_process() -> None:
    from neuroexplore.exercises.registry import grade

    def forever(g_pos, g_neg, v):
        while True:
            pass

    t0 = time.perf_counter()
    fb = grade("4.5", {"differential_mvm": forever}, time_limit=0.5)
    assert not fb.correct and "longer than 0.5 s" in fb.message
    assert time.perf_counter() - t0 < 5.0


@pytest.mark.slow
def test_grading_without_an_autograder_uses_the_notebooks_exercise_list(built, tmp_path) -> None:
    path = _student(built, tmp_path, "noag", {"differential_mvm": MVM_OK})
    res = grade_submission(path, time_limit=CHECK_LIMIT)
    assert res["score"] == 2.0 and res["max_score"] == 5.0, res
    assert set(res["exercises"]) == {"1.2", "3.4", "4.5"}
