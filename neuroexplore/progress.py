"""The progress-callback convention shared by every long computation.

A long function takes ``callback(step, total, metrics)``; it is called as work
advances (``metrics`` is a dict of what is known so far) and returning ``False``
asks the computation to stop early.  Widgets pass a callback that drives a
:class:`~neuroexplore.widgets.base.Progress` bar.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Callback", "notify"]

Callback = Callable[[int, int, dict], "bool | None"]


def notify(callback: Callback | None, step: int, total: int, metrics: dict) -> bool:
    """Call ``callback`` (if any); return ``True`` when it asks to stop."""
    return callback is not None and callback(step, total, metrics) is False
