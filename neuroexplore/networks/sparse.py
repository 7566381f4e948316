"""Sparse random connectivity without dense N x N matrices.

A recurrent network of ``N`` neurons with connection probability ``p`` has about
``p N^2`` synapses; at 100,000 neurons a dense boolean matrix would take 10 GB, the
synapse list at a fixed mean in-degree of 80 only 32 MB.  The connectivity is
stored presynaptic-major in compressed sparse row (CSR) form: the targets of neuron
``j`` are ``indices[indptr[j]:indptr[j + 1]]`` (sorted, ``int32``), which is what an
event-driven simulation reads when ``j`` spikes.

Sampling (Bernoulli / Erdos-Renyi, every ordered pair independently with
probability ``p``, as Brian2's ``Synapses.connect(p=...)`` and Brette et al. 2007):
each presynaptic neuron draws its out-degree ``k ~ Binomial(m, p)`` (``m`` possible
targets) and then a uniformly random ``k``-subset of them: ``k`` targets are drawn
with replacement, and duplicates are redrawn until none is left.  The procedure is
equivariant under relabelling the targets, so the subset is uniform over all
``k``-subsets; together with the binomial size, each pair is connected independently
with probability ``p``.  Autapses are excluded by drawing from ``m = N - 1`` and
skipping the neuron's own index.  Rows are processed in blocks, so peak memory stays
a small multiple of the result.

Examples
--------
>>> import numpy as np
>>> indptr, indices = bernoulli_csr(5, 1.0, np.random.default_rng(0))
>>> indptr.tolist(), indices[:4].tolist()   # all-to-all, no autapses
([0, 4, 8, 12, 16, 20], [1, 2, 3, 4])
"""

from __future__ import annotations

import numpy as np

__all__ = ["bernoulli_csr", "MAX_SYNAPSES"]

MAX_SYNAPSES = 400_000_000
"""Largest expected synapse count accepted (1.6 GB of ``int32`` targets)."""

_BLOCK = 4_000_000  # synapses sampled per block


def bernoulli_csr(
    n: int,
    p: float,
    rng: np.random.Generator,
    *,
    n_pre: int | None = None,
    autapses: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Random recurrent connectivity of ``n`` neurons in presynaptic-major CSR form.

    Parameters
    ----------
    n : int
        Number of neurons (targets ``0..n-1``).
    p : float
        Connection probability of every ordered pair, in ``[0, 1]``.
    rng : numpy.random.Generator
    n_pre : int, optional
        Number of presynaptic neurons ``0..n_pre-1`` (default ``n``).
    autapses : bool
        Whether a neuron may connect to itself (default no).

    Returns
    -------
    indptr : ndarray of int64, shape (n_pre + 1,)
    indices : ndarray of int32, shape (indptr[-1],)
        Targets of neuron ``j``: ``indices[indptr[j]:indptr[j + 1]]``, sorted.
    """
    n = int(n)
    n_pre = n if n_pre is None else int(n_pre)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p_conn = {p} is outside its valid range [0, 1]")
    expected = float(p) * n_pre * n
    if expected > MAX_SYNAPSES:
        raise ValueError(
            f"p_conn = {p:g} must not exceed {MAX_SYNAPSES / (n_pre * n):.3g} for {n} neurons "
            f"(about {expected:.3g} synapses, at most {MAX_SYNAPSES:.0e}; at a fixed "
            "in-degree K use p_conn = K / N)"
        )
    m = n if autapses else n - 1
    if m <= 0:
        return np.zeros(n_pre + 1, np.int64), np.zeros(0, np.int32)
    k = rng.binomial(m, p, size=n_pre).astype(np.int64)
    indptr = np.zeros(n_pre + 1, np.int64)
    np.cumsum(k, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), np.int32)
    start = 0
    while start < n_pre:  # blocks of rows with about _BLOCK synapses
        stop = int(np.searchsorted(indptr, indptr[start] + _BLOCK, side="right"))
        stop = min(max(stop, start + 1), n_pre)
        lo, hi = int(indptr[start]), int(indptr[stop])
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), k[start:stop])
        key = rows * m + rng.integers(0, m, size=hi - lo)
        key.sort()
        while True:
            dup = np.flatnonzero(key[1:] == key[:-1]) + 1
            if dup.size == 0:
                break
            key[dup] = (key[dup] // m) * m + rng.integers(0, m, size=dup.size)
            key.sort()
        target = key - rows * m  # rows are unchanged by the sort: row-major keys
        if not autapses:
            target += target >= rows  # skip the neuron's own index
        indices[lo:hi] = target
        start = stop
    return indptr, indices
