"""``neuroexplore course grade``: score one submission offline with otter-grader.

The submission is executed and graded by otter's own non-containerised runner
(:func:`otter.api.grade_submission`, what ``otter run`` does) with the autograder zip
written by ``neuroexplore course build``.  Errors and loops in the submission cost
points, never the grading run: otter executes with errors allowed, every cell has a
time limit (the autograder's otter plugin) and every check its own
(:mod:`neuroexplore.exercises.registry`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..exercises.registry import exercise
from .build import find_exercises, read_chapter, write_autograder

__all__ = ["grade_submission"]


def _exercises_of(submission: Path) -> list:
    nb = read_chapter(submission)
    ids = nb.metadata.get("neuroexplore", {}).get("exercises")
    if ids:
        return [exercise(i) for i in ids]
    return find_exercises(nb)[0]


def _id_of(test_name: str) -> str:
    """``"ex_3_2a"`` -> ``"3.2a"`` (the test names written by the build)."""
    return re.sub(r"^ex_", "", test_name).replace("_", ".", 1)


def _feedback_text(message: Any) -> str:
    """The check's Feedback message out of otter's failure report."""
    text = str(message).strip()
    _, sep, tail = text.rpartition("AssertionError: ")
    return tail.strip() if sep else text


def _autograder_ids(autograder: str | Path) -> list[str]:
    with zipfile.ZipFile(autograder) as z:
        names = [Path(n).stem for n in z.namelist()
                 if n.startswith("tests/") and n.endswith(".py")]
    return [_id_of(n) for n in sorted(names)]


@contextlib.contextmanager
def _kernel_imports_this_package():
    """Let the grading kernel import the same ``neuroexplore`` as this process."""
    root = str(Path(__file__).resolve().parents[2])
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = root if not old else f"{root}{os.pathsep}{old}"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def grade_submission(submission: str | Path, autograder: str | Path | None = None, *,
                     time_limit: float | None = None) -> dict[str, Any]:
    """Grade ``submission`` (``.ipynb``) and return the scores.

    Parameters
    ----------
    submission : path
        The student's notebook.
    autograder : path, optional
        The chapter's zip from ``neuroexplore course build``.  Without it an autograder
        is generated for the exercises the submission's metadata names (written by the
        build) or, failing that, whose answer names it defines -- pass the instructor's
        zip for real grading, since a student can edit both.
    time_limit : float, optional
        Seconds per check when the autograder is generated here.

    Returns
    -------
    dict
        ``{"submission", "score", "max_score", "exercises": {id: {"score", "max_score",
        "passed", "message"}}}``, plus ``"error"`` when otter reports one.
    """
    from otter.api import grade_submission as otter_grade

    submission = Path(submission).resolve()
    with contextlib.ExitStack() as stack:
        if autograder is None:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            autograder = write_autograder(_exercises_of(submission),
                                          Path(tmp) / "autograder.zip", time_limit=time_limit)
        stack.enter_context(_kernel_imports_this_package())
        sink = io.StringIO()
        stack.enter_context(contextlib.redirect_stdout(sink))
        error = None
        try:
            results = otter_grade(str(submission), str(Path(autograder).resolve()), quiet=True)
        except Exception as err:  # an unreadable submission scores 0, it does not crash
            results, error = None, f"{type(err).__name__}: {err}"
        per: dict[str, Any] = {}
        for ex_id in _autograder_ids(autograder):  # every graded exercise, even if otter failed
            ex = exercise(ex_id)
            per[ex_id] = {"score": 0.0, "max_score": float(ex.points), "passed": False,
                          "message": "not graded"}
    for name, tf in (results.results if results is not None else {}).items():
        msgs = [_feedback_text(r.message) for r in tf.test_case_results if not r.passed]
        per[_id_of(name)] = {"score": float(tf.score), "max_score": float(tf.possible),
                             "passed": bool(tf.passed_all), "message": " ".join(msgs)[:500]}
    out: dict[str, Any] = {"submission": submission.name,
                           "score": sum(v["score"] for v in per.values()),
                           "max_score": sum(v["max_score"] for v in per.values()),
                           "exercises": per}
    if results is not None and results.catastrophic_error is not None:
        error = str(results.catastrophic_error)
    if error:
        out["error"] = error[:500]
    return out
