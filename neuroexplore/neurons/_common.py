"""Shared numba helpers for the neuron kernels (spike buffers, linear crossing times)."""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["push_spike", "crossing_fraction", "new_spike_buffers"]


def new_spike_buffers(n: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Initial spike buffers: a guess that usually avoids any regrowth."""
    cap = int(min(max(1024, n * max(4, steps // 200)), 50_000_000))
    return np.empty(cap, dtype=np.int64), np.empty(cap, dtype=np.float64)


@njit(cache=True)
def push_spike(idx_buf, t_buf, count, neuron, t):  # pragma: no cover - jitted
    """Append one spike, doubling the buffers when they are full."""
    if count >= idx_buf.shape[0]:
        cap = 2 * idx_buf.shape[0] + 16
        new_i = np.empty(cap, dtype=np.int64)
        new_t = np.empty(cap, dtype=np.float64)
        new_i[:count] = idx_buf[:count]
        new_t[:count] = t_buf[:count]
        idx_buf = new_i
        t_buf = new_t
    idx_buf[count] = neuron
    t_buf[count] = t
    return idx_buf, t_buf, count + 1


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
