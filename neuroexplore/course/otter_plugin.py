"""The otter-grader plugin of the autograder: a time limit on every submission cell.

Named in the autograder's ``otter_config.json``::

    "plugins": [{"neuroexplore.course.otter_plugin.CellTimeLimit": {"seconds": 120}}]

Before otter executes a notebook it inserts one first cell that calls
:func:`neuroexplore.course.timelimit.install`, so a cell that loops forever is stopped
and the notebook is still graded (otter runs with errors allowed).  The checks of the
exercises carry their own limit (:mod:`neuroexplore.exercises.registry`).
"""

from __future__ import annotations

from typing import Any

import nbformat

try:
    from otter.plugins import AbstractOtterPlugin
except ImportError:  # pragma: no cover - only otter loads this plugin (the course extra)
    AbstractOtterPlugin = object  # type: ignore[misc,assignment]

__all__ = ["CellTimeLimit"]


class CellTimeLimit(AbstractOtterPlugin):
    """Insert a per-cell time limit (``plugin_config["seconds"]``, default 120 s)."""

    def before_execution(self, submission: Any) -> Any:
        seconds = float((self.plugin_config or {}).get("seconds", 120.0))
        code = ("import neuroexplore.course.timelimit as _nx_timelimit\n"
                f"_nx_timelimit.install({seconds!r})")
        if isinstance(submission, str):  # a script: one cell, limited as a whole
            return code + "\n" + submission
        submission.cells.insert(0, nbformat.v4.new_code_cell(code))
        return submission
