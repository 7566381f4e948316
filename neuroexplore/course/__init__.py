"""Course tooling: student and instructor builds of the chapters, and otter autograding.

``neuroexplore course build OUT`` and ``neuroexplore course grade SUBMISSION.ipynb``
(:mod:`neuroexplore.course.cli`); needs the ``course`` extra (otter-grader, jupytext).

The cell convention a chapter follows
-------------------------------------
A chapter is a notebook ``NN_name.ipynb`` or a jupytext text file ``NN_name.py``
(percent format) / ``NN_name.md``; :func:`build.read_chapter` reads either.

* **Exercise cell** -- a code cell (not a solution) that binds the exercise's answer
  name from the registry (:data:`neuroexplore.exercises.EXERCISES`) at top level to a
  placeholder, and calls the check::

      answer_1_2 = None  # your value here, in nA
      check("1.2", answer_1_2)

  For a coding exercise the answer name is the function the student writes, left as
  a stub::

      def lif_euler_step(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
                         V_reset=-65.0):
          raise NotImplementedError  # your code here
      check("1.3", lif_euler_step)

  Exercises that need notebook objects pass them by the names the registry lists
  (``check("3.5", answer_3_5, fit=ppf_fit)``); the grader looks those names up.
  The build finds a chapter's exercises from these answer names and tags the cells
  ``exercise``.
* **Solution cell** -- a code cell tagged ``solution`` or whose first line starts
  with ``# Solution``; a markdown cell tagged ``solution`` too.  It comes after the
  exercise cell and binds the same answer name to the right answer (so that the
  instructor notebook scores full marks), e.g.
  ``# Solution: ...`` / ``answer_1_2 = (V_th - E_L) / R`` / ``check("1.2", answer_1_2)``.
  The student build removes solution cells (not hidden: gone); the instructor build
  keeps them.
* Nothing else in the chapter prints or stores a reference value: the checks
  compute it and keep it (``Feedback`` has no reference attribute).

Both builds clear all outputs.  Grading executes the notebook top to bottom with
otter-grader and runs one otter test per exercise, which calls
:func:`neuroexplore.exercises.registry.grade` -- the students' own check.
"""

from __future__ import annotations

from .._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__, {"build_course": ".build", "grade_submission": ".grade"})
