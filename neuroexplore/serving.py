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

Importing this module (Voila does, to load the kernel manager) also hardens Voila's
kernel websocket (:func:`harden_voila_websocket`): Voila reads the header of every
binary message it forwards as if the page spoke the ``v1.kernel.websocket.jupyter.org``
protocol. A client on the legacy protocol (a script, an old front end) makes it read a
4-byte big-endian count as an 8-byte little-endian one, billions of offsets, and the
single-threaded server hangs for every student as soon as a widget sends a binary
buffer. :func:`message_header` reads both formats and checks every offset.

Examples
--------
>>> CappedKernelManager.max_kernels.default_value
0
>>> print(full_message(40))  # doctest: +NORMALIZE_WHITESPACE
The class server is full: 40 labs are open, its limit. Close a lab you no longer use,
or try again in a minute (idle labs are closed automatically).
"""

from __future__ import annotations

import json
import struct
from itertools import pairwise

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Integer

__all__ = ["CappedKernelManager", "full_message", "harden_voila_websocket", "message_header"]


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


_MAX_PARTS = 1024  # a kernel message has 5 parts plus its buffers (a widget: a handful)


def _offsets(blob: bytes, count: int, width: int, order: str) -> list[int] | None:
    if not 1 <= count <= _MAX_PARTS or len(blob) < width * (count + 1):
        return None
    offsets = [int.from_bytes(blob[width * (i + 1):width * (i + 2)], order)
               for i in range(count)]
    if any(b < a for a, b in pairwise(offsets)) or offsets[-1] > len(blob):
        return None
    return offsets


def message_header(ws_msg: bytes) -> dict | None:
    """The header of a binary kernel websocket message, in either protocol; else None.

    * ``v1.kernel.websocket.jupyter.org``: an 8-byte little-endian count ``n``, ``n``
      8-byte offsets, then channel, header, parent header, metadata, content, buffers;
    * legacy (no subprotocol): a 4-byte big-endian count ``n``, ``n`` 4-byte offsets,
      then the whole message as JSON, then the buffers.

    Every offset is checked (count bounded, offsets increasing, inside the message), so
    a message in the other format, or a malformed one, costs a few comparisons.

    Examples
    --------
    >>> from jupyter_server.services.kernels.connection.base import (
    ...     serialize_binary_message, serialize_msg_to_ws_v1)
    >>> msg = {"header": {"msg_type": "comm_msg"}, "parent_header": {}, "metadata": {},
    ...        "content": {}, "buffers": [b"1234"], "channel": "iopub"}
    >>> message_header(serialize_binary_message(dict(msg)))
    {'msg_type': 'comm_msg'}
    >>> pack = lambda part: json.dumps(part).encode()
    >>> message_header(serialize_msg_to_ws_v1(msg, "iopub", pack))
    {'msg_type': 'comm_msg'}
    >>> message_header(b"\\xff" * 64) is None
    True
    """
    v1 = _offsets(ws_msg, int.from_bytes(ws_msg[:8], "little"), 8, "little")
    if v1 is not None and len(v1) >= 3:
        try:
            return json.loads(ws_msg[v1[1]:v1[2]].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            pass
    if len(ws_msg) >= 4:
        legacy = _offsets(ws_msg, struct.unpack("!I", ws_msg[:4])[0], 4, "big")
        if legacy is not None:
            end = legacy[1] if len(legacy) > 1 else len(ws_msg)
            try:
                header = json.loads(ws_msg[legacy[0]:end].decode("utf-8")).get("header")
            except (UnicodeDecodeError, ValueError, AttributeError):
                return None
            return header if isinstance(header, dict) else None
    return None


def harden_voila_websocket() -> bool:
    """Make Voila's kernel websocket read message headers with :func:`message_header`.

    Returns whether Voila's reader was found and replaced (idempotent).
    """
    try:
        from voila.tornado import kernel_websocket_handler as handler
    except ImportError:  # pragma: no cover - Voila not installed (the engines alone)
        return False
    if not hasattr(handler, "read_header_from_binary_message"):  # pragma: no cover
        return False
    handler.read_header_from_binary_message = message_header
    return True


harden_voila_websocket()
