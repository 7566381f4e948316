"""Every chapter is a gradable session: the course build and the otter autograder round trip.

For each chapter source (``notebooks/NN_name.py``) the build finds its exercises with no
warning, the instructor notebook scores full marks and the untouched student notebook
scores 0.  Grading executes the notebook in a kernel (``slow``: about as long as the
chapter itself runs, twice).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

pytest.importorskip("otter")
pytest.importorskip("jupytext")

from neuroexplore.course.build import build_course, defined_names, is_solution_cell  # noqa: E402
from neuroexplore.course.grade import grade_submission  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.py"))
pytestmark = [pytest.mark.filterwarnings("ignore:The inplace keyword:Warning"),
              pytest.mark.xdist_group("notebooks")]


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param.stem)
    (b,) = build_course([request.param], out)
    return b


def test_chapter_declares_its_exercises(built):
    assert built.exercises, f"{built.name}: no exercise follows the course convention"
    assert built.warnings == []
    student = nbformat.read(built.student, as_version=4)
    assert not any(is_solution_cell(c) for c in student.cells)


@pytest.mark.slow
@pytest.mark.notebook
def test_instructor_scores_full_marks_and_student_zero(built):
    instructor = grade_submission(built.instructor, built.autograder)
    assert instructor["score"] == instructor["max_score"] > 0, instructor
    student = grade_submission(built.student, built.autograder)
    assert student["score"] == 0, student


@pytest.mark.slow
@pytest.mark.notebook
def test_half_done_submission_with_a_broken_cell_scores_partial_marks(built, tmp_path):
    """The instructor notebook with its first exercise undone (answer reset to None after
    the solution) and a cell that raises at the end: the rest is still graded."""
    nb = nbformat.read(built.instructor, as_version=4)
    first = built.exercises[0]
    solutions = [c for c in nb.cells if is_solution_cell(c) and c.cell_type == "code"
                 and first.answer in defined_names(c.source)]
    assert solutions, f"{built.name}: no solution cell binds {first.answer}"
    solutions[-1].source += f"\n{first.answer} = None  # not done yet\n"
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('a broken cell')"))
    path = tmp_path / "half_done.ipynb"
    nbformat.write(nb, path)
    res = grade_submission(path, built.autograder)
    assert res["exercises"][first.id]["score"] == 0, res
    assert res["score"] == res["max_score"] - first.points, res
