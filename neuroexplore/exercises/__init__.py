"""Auto-checked exercises for the chapter notebooks.

Each chapter module (:mod:`.ch01`, :mod:`.ch02`, ...) offers ``check_*`` functions that
compute their reference at call time (theory or an engine run) and return a
:class:`Feedback`: truthy when the answer is right, rendered in a notebook as a green
tick or an amber hint.  :mod:`.coding` checks functions the student writes.  The
registry (:mod:`.registry`) declares every exercise once -- id, answer name, check,
points, time limit, hint ladder -- and notebooks call ``check("1.2", answer_1_2)``;
the autograder (:mod:`neuroexplore.course`) calls the same checks.

Examples
--------
>>> from neuroexplore.exercises import ch01
>>> fb = ch01.check_lif_rheobase(None)
>>> bool(fb), "Replace None" in fb.message
(False, True)
"""

from __future__ import annotations

from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, coding, registry
from .feedback import Feedback, as_choices, as_number, check_choices, check_number
from .registry import EXERCISES, Exercise, chapter_exercises, check, exercise, grade

__all__ = ["Feedback", "as_number", "as_choices", "check_number", "check_choices", "ch01", "ch02",
           "ch03", "ch04", "ch05", "ch06", "ch07", "coding", "registry", "EXERCISES", "Exercise",
           "chapter_exercises", "check", "exercise", "grade"]
