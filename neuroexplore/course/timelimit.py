"""A per-cell time limit for a notebook being graded (installed by the otter plugin).

:func:`install` registers IPython ``pre_run_cell``/``post_run_cell`` hooks that arm a
``SIGALRM`` timer before each cell and disarm it after, so a cell that loops forever
raises :class:`CellTimeout` (an ordinary error in that cell: grading goes on with the
next cell).  POSIX only; elsewhere :func:`install` does nothing.
"""

from __future__ import annotations

import signal
from typing import Any

__all__ = ["CellTimeout", "install"]


class CellTimeout(Exception):
    """A notebook cell ran past the grader's per-cell time limit."""


def install(seconds: float) -> bool:
    """Limit every following cell of the running IPython kernel to ``seconds``.

    Returns ``True`` when the limit is active (an IPython shell on a POSIX system).

    Examples
    --------
    >>> install(10.0)     # outside IPython: no shell to hook into
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None or not hasattr(signal, "setitimer") or seconds <= 0:
        return False

    def _raise(signum: int, frame: Any) -> None:
        raise CellTimeout(f"this cell ran longer than {seconds:g} s and was stopped")

    def _arm(*_: Any) -> None:
        signal.signal(signal.SIGALRM, _raise)
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def _disarm(*_: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    shell.events.register("pre_run_cell", _arm)
    shell.events.register("post_run_cell", _disarm)
    return True
