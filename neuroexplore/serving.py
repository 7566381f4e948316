"""Serving a class: a kernel manager that caps the number of live kernels.

``neuroexplore gallery`` runs Voila with :class:`CappedKernelManager` as its kernel
manager (``--VoilaConfiguration.multi_kernel_manager_class``). Every Voila page
starts one Python kernel; on a shared server a class that opens more pages than the
machine can hold would otherwise slow every student down, then run out of memory.
With the cap reached, a new page gets HTTP 503 and a short page saying that the
server is full and to try again in a minute, instead of a kernel that never starts.
Preheated (pool) kernels count towards the cap: they are live processes; a pool
that the cap left empty is filled again when a kernel is shut down (closed page, idle
kernel culled).

Examples
--------
>>> CappedKernelManager.max_kernels.default_value
0
>>> print(full_message(40))  # doctest: +NORMALIZE_WHITESPACE
The class server is full: 40 labs are open, its limit. Close a lab you no longer use,
or try again in a minute (idle labs are closed automatically).
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Integer

__all__ = ["CappedKernelManager", "full_message"]


def full_message(max_kernels: int) -> str:
    """The text of the page a visitor gets when *max_kernels* kernels are live."""
    return (f"The class server is full: {max_kernels} labs are open, its limit. "
            "Close a lab you no longer use, or try again in a minute "
            "(idle labs are closed automatically).")


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with a cap on live kernels (0: no cap).

    Voila wraps it with its preheating pool, so the cap counts pool kernels too.
    A kernel start beyond the cap raises ``tornado.web.HTTPError(503)``, which Voila
    renders as its error page, headed ``503:`` and :func:`full_message`.
    """

    max_kernels = Integer(
        0, config=True,
        help="Most kernels alive at once (pages open plus preheated ones); 0: no cap.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0

    def live_kernels(self) -> int:
        """Kernels running or being started now."""
        return len(self.list_kernel_ids()) + self._starting

    async def start_kernel(self, *args, kernel_id=None, **kwargs):  # type: ignore[override]
        """Start a kernel, or raise HTTP 503 when :attr:`max_kernels` are alive."""
        if kernel_id is not None and kernel_id in self:  # reconnecting to a live one
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        if self.max_kernels > 0 and self.live_kernels() >= self.max_kernels:
            self.log.warning("kernel cap reached (%d live): refusing a new kernel",
                             self.max_kernels)
            # Voila's error page shows the reason (not the log message): put the text there
            raise HTTPError(503, "kernel cap reached",
                            reason=full_message(self.max_kernels))
        self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):  # type: ignore[override]
        """Shut a kernel down, then refill a preheated pool the cap had left empty."""
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)
        self._refill_empty_pools()
        return result

    async def shutdown_all(self, *args, **kwargs):  # type: ignore[override]
        self._closing = True
        return await super().shutdown_all(*args, **kwargs)

    def _refill_empty_pools(self) -> None:
        # Voila's pool (when preheating) refills only after a page takes a kernel from
        # it; a refill refused at the cap leaves it empty. Refill once a slot is free.
        pools = getattr(self, "_pools", None)
        fill = getattr(self, "fill_if_needed", None)
        if not pools or fill is None or getattr(self, "_closing", False):
            return
        for name, pool in list(pools.items()):
            if not pool and (self.max_kernels <= 0 or self.live_kernels() < self.max_kernels):
                self.log.info("a kernel slot is free: preheating %s again", name)
                fill(notebook_name=name)
