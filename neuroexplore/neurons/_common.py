"""Shared machinery of the neuron kernels: chunked (parallel) runs and spike buffers.

Every model provides two numba functions with the same arguments:

``chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start, cap)``
    Simulates neurons ``lo <= i < hi`` for all ``steps``, writes their voltage and
    state history into rows ``lo:hi`` of ``V`` / ``S`` (when recorded) and their
    spikes, ordered by neuron then time, into ``idx_buf[start:start + cap]`` and
    ``t_buf[start:start + cap]``.  It returns the number of spikes it *produced*,
    which exceeds ``cap`` when its slice overflowed (the extra spikes are counted,
    not written).
``parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
caps, counts)``
    Runs ``chunk`` for every chunk ``los[c]:his[c]`` in a numba ``prange`` (threads
    take chunks one at a time) with the slice ``starts[c]``, ``caps[c]`` of the
    buffers, and stores the spike counts in ``counts[c]``.

Neurons are independent, so a chunk performs exactly the floating-point operations
that a serial run performs for its neurons: results do not depend on the chunking,
the thread count or the serial/parallel choice.  :func:`run_chunks` picks the path,
reruns any overflowing chunk with an exact-size buffer (runs are deterministic) and
concatenates the chunks' spikes in neuron-then-time order.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from numba import njit

__all__ = [
    "crossing_fraction",
    "put_spike",
    "sort_chunk_spikes",
    "chunk_bounds",
    "run_chunks",
    "require_below",
    "PARALLEL_MIN_WORK",
    "MAX_CHUNK",
]

PARALLEL_MIN_WORK = 2_000_000
"""Neuron-steps below which a run stays on one thread (thread start-up would dominate)."""

MAX_CHUNK = 256
"""Largest number of neurons per chunk (a chunk's state stays in the L1/L2 cache)."""

_SPIKE_GUESS_MAX = 16_000_000  # total initial buffer entries (allocated lazily by the OS)
_PARALLEL_LOCK = threading.Lock()  # numba's workqueue layer must not be entered concurrently
_THREADS_STARTED_IN: list[int] = []  # pid of the process that started numba's threads


@njit(cache=True)
def crossing_fraction(v_old, v_new, level):  # pragma: no cover - jitted
    """Fraction of a step at which the line from ``v_old`` to ``v_new`` reaches ``level``."""
    dv = v_new - v_old
    if dv <= 0.0:
        return 1.0
    f = (level - v_old) / dv
    if f < 0.0:
        return 0.0
    if f > 1.0:
        return 1.0
    return f


@njit(cache=True)
def put_spike(idx_buf, t_buf, start, cap, count, neuron, t):  # pragma: no cover - jitted
    """Write spike number ``count`` of a chunk into its slice if it fits; return count + 1."""
    if count < cap:
        idx_buf[start + count] = neuron
        t_buf[start + count] = t
    return count + 1


@njit(cache=True)
def sort_chunk_spikes(idx_buf, t_buf, start, count, lo, hi):  # pragma: no cover - jitted
    """Stable counting sort of a chunk's spikes by neuron (time order kept per neuron)."""
    if count < 2:
        return
    per = np.zeros(hi - lo + 1, dtype=np.int64)
    for s in range(start, start + count):
        per[idx_buf[s] - lo + 1] += 1
    for j in range(1, hi - lo + 1):
        per[j] += per[j - 1]
    idx = idx_buf[start:start + count].copy()
    tt = t_buf[start:start + count].copy()
    for s in range(count):
        j = idx[s] - lo
        dest = start + per[j]
        per[j] += 1
        idx_buf[dest] = idx[s]
        t_buf[dest] = tt[s]


def require_below(p: Any, lower: str, upper: str, unit: str, why: str = "") -> None:
    """Raise a ValueError naming both parameters unless ``p[lower] < p[upper]`` everywhere.

    Examples
    --------
    >>> require_below({"R_on": 5.0, "R_off": 2.0}, "R_on", "R_off", "kOhm")
    Traceback (most recent call last):
    ...
    ValueError: R_on = 5 kOhm must be below R_off = 2 kOhm (valid range: R_on < R_off)
    """
    if np.any(np.asarray(p[lower]) >= np.asarray(p[upper])):
        raise ValueError(
            f"{lower} = {np.max(p[lower]):g} {unit} must be below {upper} = "
            f"{np.min(p[upper]):g} {unit} (valid range: {lower} < {upper}{why})"
        )


def chunk_bounds(n: int, threads: int) -> np.ndarray:
    """Chunk edges ``[0, ..., n]``: about four chunks per thread, at most ``MAX_CHUNK`` each.

    Examples
    --------
    >>> chunk_bounds(10, 2).tolist()
    [0, 2, 4, 6, 8, 10]
    >>> chunk_bounds(1000, 1).tolist()
    [0, 250, 500, 750, 1000]
    """
    size = int(min(MAX_CHUNK, max(1, -(-n // (4 * max(1, threads))))))
    return np.append(np.arange(0, n, size, dtype=np.int64), np.int64(n))


def _num_threads() -> int:
    return numba.get_num_threads()


def _forked_after_threads() -> bool:
    """True in a child forked after this process ran threads (GNU OpenMP is not fork-safe)."""
    return bool(_THREADS_STARTED_IN) and _THREADS_STARTED_IN[0] != os.getpid()


def _spike_caps(sizes: np.ndarray, steps: int) -> np.ndarray:
    per_neuron = max(4, steps // 200)
    total = max(1, int(sizes.sum()) * per_neuron)
    scale = min(1.0, _SPIKE_GUESS_MAX / total)
    return np.maximum(16, (sizes * per_neuron * scale).astype(np.int64))


def run_chunks(
    chunk: Callable[..., int],
    parallel: Callable[..., None],
    P: np.ndarray,
    I: np.ndarray,
    dt: float,
    steps: int,
    rec_v: bool,
    rec_state: bool,
    X0: np.ndarray,
    n_state: int,
    *,
    use_parallel: bool | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run a model kernel over a population; return ``(V, S, spike_index, spike_time)``.

    Parameters
    ----------
    chunk, parallel : numba functions
        The model's chunk kernel and its ``prange`` driver (see the module docstring).
    P : ndarray, shape (n_params, n)
        Parameters per neuron, in the model's spec order.
    I : ndarray, shape (1 or n, 1 or steps)
        Input current.
    dt : float
        Step in ms.
    steps : int
        Number of steps.
    rec_v, rec_state : bool
        Record the voltage / the other state variables.
    X0 : ndarray, shape (1 + n_state, n)
        Initial state.
    n_state : int
        Number of state variables besides ``v``.
    use_parallel : bool or None
        Force the multi-threaded (``True``) or the single-threaded (``False``) path;
        ``None`` chooses: threads when numba has more than one and the run has at
        least :data:`PARALLEL_MIN_WORK` neuron-steps (but not in a process forked
        after threads were started, where GNU OpenMP would abort).  The results are
        identical either way.

    Returns
    -------
    V : ndarray, shape (n, steps) or (n, 0)
    S : ndarray, shape (n_state, n, steps) or (n_state, n, 0)
    spike_index, spike_time : ndarray
        All spikes, ordered by neuron, then time.
    """
    n = P.shape[1]
    V = np.empty((n, steps if rec_v else 0))
    S = np.empty((n_state, n, steps if rec_state else 0))
    threads = _num_threads()
    if use_parallel is None:
        use_parallel = (threads > 1 and n > 1 and n * steps >= PARALLEL_MIN_WORK
                        and not _forked_after_threads())
    bounds = chunk_bounds(n, threads if use_parallel else 1)
    los, his = bounds[:-1], bounds[1:]
    args = (P, I, dt, steps, rec_v, rec_state, X0, V, S)
    caps = _spike_caps(his - los, steps)
    idx_buf, t_buf, starts, counts = _launch(chunk, parallel, use_parallel, args, los, his, caps)
    segments = [(idx_buf, t_buf, int(starts[c]), int(counts[c])) for c in range(len(los))]
    over = np.flatnonzero(counts > caps)
    if over.size:  # rerun only the overflowing chunks, with exact-size slices
        ib, tb, st, ct = _launch(chunk, parallel, use_parallel and over.size > 1, args,
                                 los[over], his[over], counts[over])
        if np.any(ct != counts[over]):  # pragma: no cover - would be a kernel bug
            raise RuntimeError("a neuron kernel gave different spike counts on a rerun")
        for j, c in enumerate(over):
            segments[c] = (ib, tb, int(st[j]), int(ct[j]))
    if len(segments) == 1:
        ib, tb, a, m = segments[0]
        return V, S, ib[a:a + m].copy(), tb[a:a + m].copy()
    return (V, S, np.concatenate([ib[a:a + m] for ib, _, a, m in segments]),
            np.concatenate([tb[a:a + m] for _, tb, a, m in segments]))


def _launch(
    chunk: Callable[..., int],
    parallel: Callable[..., None],
    use_parallel: bool,
    args: tuple[Any, ...],
    los: np.ndarray,
    his: np.ndarray,
    caps: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run chunks ``los[c]:his[c]`` into fresh buffers; return them, the starts and counts."""
    starts = np.concatenate([[0], np.cumsum(caps)[:-1]]).astype(np.int64)
    total = int(caps.sum())
    idx_buf = np.empty(total, dtype=np.int64)
    t_buf = np.empty(total, dtype=np.float64)
    counts = np.zeros(len(los), dtype=np.int64)
    if use_parallel:
        if not _THREADS_STARTED_IN:
            _THREADS_STARTED_IN.append(os.getpid())
        with _PARALLEL_LOCK, numba.parallel_chunksize(1):  # threads take chunks one by one
            parallel(*args, los, his, idx_buf, t_buf, starts, caps.astype(np.int64), counts)
    else:
        for c in range(len(los)):
            counts[c] = chunk(*args, int(los[c]), int(his[c]), idx_buf, t_buf,
                              int(starts[c]), int(caps[c]))
    return idx_buf, t_buf, starts, counts
