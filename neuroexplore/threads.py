"""One thread-limit helper for torch and numba.

Small matrices (a 64-32-10 network, one crossbar tile) run faster on one thread:
threads only add synchronisation.  Sweep workers also limit their threads so that
several workers share a machine without oversubscribing it.

Examples
--------
>>> with limit_threads(1):
...     pass
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

__all__ = ["limit_threads"]


@contextlib.contextmanager
def limit_threads(n: int = 1) -> Iterator[None]:
    """Run the block with at most ``n`` torch (and numba) threads, then restore them.

    torch is only touched when it is already imported, so this never imports it.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n = {n!r} threads must be a positive integer")
    restore = []
    torch = sys.modules.get("torch")
    if torch is not None:
        before = torch.get_num_threads()
        if before != n:
            torch.set_num_threads(n)
            restore.append(lambda: torch.set_num_threads(before))
    numba = sys.modules.get("numba")
    if numba is not None:
        try:
            before_nb = numba.get_num_threads()
        except Exception:  # noqa: BLE001 - numba's threading layer may be unavailable
            before_nb = None
        if before_nb is not None and n < before_nb:
            numba.set_num_threads(n)
            restore.append(lambda: numba.set_num_threads(before_nb))
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()
