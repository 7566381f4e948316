"""Auto-checked exercises for the chapter notebooks.

Each chapter module (:mod:`.ch01`, :mod:`.ch02`) offers ``check_*`` functions that
compute their reference at call time (theory or an engine run) and return a
:class:`Feedback`: truthy when the answer is right, rendered in a notebook as a green
tick or an amber hint.  Leaving the placeholder ``answer = None`` shows the hint.

Examples
--------
>>> from neuroexplore.exercises import ch01
>>> fb = ch01.check_lif_rheobase(None)
>>> bool(fb), "Replace None" in fb.message
(False, True)
"""

from __future__ import annotations

from . import ch01, ch02, ch03, ch04, ch05, ch07
from .feedback import Feedback, as_choices, as_number, check_choices, check_number

__all__ = ["Feedback", "as_number", "as_choices", "check_number", "check_choices", "ch01", "ch02",
           "ch03", "ch04", "ch05", "ch07"]
