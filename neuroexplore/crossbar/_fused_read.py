"""Fused CPU kernels for a crossbar read (numba): DAC codes in one pass, and read
noise + ADC + digital sum in one pass.

What is computed is exactly :func:`~neuroexplore.crossbar.read_plan.read_with_plan`'s
torch path (see that module for the physics); only the passes are fused:

* **DAC** (:func:`dac_pass`): per input vector its abs-max ``x_s`` (or the fixed
  ``dac_range``), the codes ``round(clip(x / x_s, -1, 1) n)`` and, for the read-noise
  variance, the codes squared (``V_i^2`` up to the constant folded into the plan) or
  their sums per ADC group (uniform read noise), in one pass over ``x`` with the same
  float32 operations as the torch path (the codes are bit-identical).
* **Products**: torch's BLAS, unchanged (``codes @ D`` per ADC group and, for PCM read
  noise, ``codes^2 @ s^2``).
* **Normals**: ``torch.Tensor.normal_`` with the array's ``torch.Generator``, into a
  reused buffer of the torch path's shape ``(n_groups, batch, cols)``: the same draws,
  in the same order, as :func:`~neuroexplore.crossbar.read_plan.read_with_plan_torch`'s
  ``torch.randn``, so a seeded read gives the torch path's result up to float rounding.
* **Read-out** (:func:`readout_pass`): per output ``mu + sqrt(S^2) z``, the ADC clip
  and rounding, the column gains and the digital sum over ADC groups, then the input
  scale: one pass over the products and normals instead of seven.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from numba import njit, prange

__all__ = ["Workspace", "dac_pass", "readout_pass"]

_POOL: OrderedDict[tuple, list[np.ndarray]] = OrderedDict()
_POOL_LOCK = threading.Lock()
_POOL_MAX_BYTES = 512 * 2 ** 20


class Workspace:
    """Scratch arrays of a read, reused across reads (fresh pages cost a page fault each:
    for a 10,000 x 784 batch that is about as long as the pass that fills them).

    ``with Workspace() as ws: a = ws.empty(shape)``; the arrays go back to a small
    module-wide pool on exit (at most 512 MiB kept; concurrent reads get their own).
    """

    def __init__(self) -> None:
        self._taken: list[np.ndarray] = []

    def empty(self, shape: tuple[int, ...], dtype: type = np.float32) -> np.ndarray:
        key = (tuple(int(d) for d in shape), np.dtype(dtype).str)
        with _POOL_LOCK:
            free = _POOL.get(key)
            arr = free.pop() if free else None
        if arr is None:
            arr = np.empty(key[0], dtype)
        self._taken.append(arr)
        return arr

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        with _POOL_LOCK:
            for arr in self._taken:
                _POOL.setdefault((arr.shape, arr.dtype.str), []).append(arr)
                _POOL.move_to_end((arr.shape, arr.dtype.str))
            total = sum(a.nbytes for arrs in _POOL.values() for a in arrs)
            while total > _POOL_MAX_BYTES and _POOL:
                _, arrs = _POOL.popitem(last=False)
                total -= sum(a.nbytes for a in arrs)
        self._taken = []

_ABS = np.int32(0x7FFFFFFF)  # float32 bits without the sign
_INF = np.int32(0x7F800000)  # bits of +inf; |x| bits at or above it: inf or NaN


@njit(parallel=True, cache=True)
def _dac_kernel(x, xbits, n, levels, fixed, factor, bounds, codes, c2, want_c2, rowsq,
                want_rowsq, scale, scale_bits):  # pragma: no cover - compiled
    batch, rows = x.shape
    n_groups = bounds.size - 1
    bad = 0
    for b in prange(batch):
        xb, bits = x[b], xbits[b]
        m = np.int32(0)
        for i in range(rows):  # abs-max on the bit patterns: exact, and vectorises
            m = max(m, bits[i] & _ABS)
        if m >= _INF:  # some x is NaN or infinite
            bad += 1
            continue
        scale_bits[b] = m  # scale[b] = max |x|
        if fixed:
            f = factor
        else:
            if m == 0:
                scale[b] = np.float32(1.0)
            f = (np.float32(1.0) / scale[b]) * n  # as torch's n / x_s (reciprocal, product)
        cb = codes[b]
        if fixed:
            for i in range(rows):
                cb[i] = min(max(xb[i] * f, -n), n)
        else:
            for i in range(rows):
                cb[i] = xb[i] * f
        if levels:
            for i in range(rows):
                cb[i] = np.rint(cb[i])
        if want_c2:
            qb = c2[b]
            for i in range(rows):
                qb[i] = cb[i] * cb[i]
        if want_rowsq:
            for g in range(n_groups):
                acc = np.float32(0.0)
                for i in range(bounds[g], bounds[g + 1]):
                    acc += cb[i] * cb[i]
                rowsq[g, b] = acc
    return bad


def dac_pass(x: np.ndarray, code_max: float, dac_levels: bool, dac_range: float,
             bounds: np.ndarray, *, want_c2: bool, want_rowsq: bool,
             ws: Workspace | None = None,
             ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None, np.ndarray | float]:
    """DAC codes of ``x`` (float32, batch x rows, C order) in one pass.

    Returns ``(codes, codes^2 or None, per-group sums of codes^2 (n_groups, batch) or
    None, x_s)``, ``x_s`` per vector (float32 array) or ``dac_range``; the ADC groups are
    ``bounds[g]:bounds[g + 1]``.  Raises ``ValueError`` for NaN or infinite inputs.
    """
    batch, rows = x.shape
    n = np.float32(code_max)
    fixed = dac_range > 0
    factor = np.float32(min(code_max / dac_range, float(np.finfo(np.float32).max))
                        if fixed else 1.0)
    new = np.empty if ws is None else ws.empty
    codes = new((batch, rows), np.float32)
    c2 = new((batch, rows), np.float32) if want_c2 else np.empty((0, 0), np.float32)
    rowsq = (new((len(bounds) - 1, batch), np.float32) if want_rowsq
             else np.empty((0, 0), np.float32))
    scale = np.empty(batch, np.float32)
    bad = _dac_kernel(x, x.view(np.int32), n, bool(dac_levels), fixed, factor, bounds, codes,
                      c2, want_c2, rowsq, want_rowsq, scale, scale.view(np.int32))
    if bad:
        raise ValueError("x contains NaN or infinite values")
    return (codes, c2 if want_c2 else None, rowsq if want_rowsq else None,
            float(dac_range) if fixed else scale)


_CHUNK = 64  # input vectors per task of the read-out kernel


@njit(parallel=True, cache=True)
def _readout_kernel(mu, s2, rowsq, mode, uniform_var, z, adc, adc_max, gain, has_gain,
                    rowfac, count, y):  # pragma: no cover - compiled
    n_groups, batch, cols = mu.shape
    n_tasks = (batch + _CHUNK - 1) // _CHUNK
    clipped = np.zeros(n_tasks, np.int64)
    for task in prange(n_tasks):
        acc = np.empty(cols, np.float32)
        n_clip = 0
        for b in range(task * _CHUNK, min(batch, (task + 1) * _CHUNK)):
            for g in range(n_groups):
                mg = mu[g, b]
                for j in range(cols):
                    v = mg[j]
                    if mode != 0:
                        if mode == 1:  # per-cell variances: S^2 from the product
                            sd = np.sqrt(s2[g, b, j])
                        else:  # uniform read noise: S^2 = s^2 sum_i c_i^2
                            sd = np.sqrt(rowsq[g, b] * uniform_var)
                            if has_gain:
                                sd = sd / gain[g, 0, j]
                        v = v + sd * z[g, b, j]
                    if adc:
                        if count:
                            n_clip += (v > adc_max) + (v < -adc_max)
                        v = np.rint(min(max(v, -adc_max), adc_max))
                        if has_gain:
                            v = v * gain[g, 0, j]
                    if g == 0:
                        acc[j] = v
                    else:
                        acc[j] += v
            f = rowfac[b]
            for j in range(cols):
                y[b, j] = acc[j] * f
        clipped[task] = n_clip
    return clipped.sum()


def readout_pass(mu: np.ndarray, s2: np.ndarray | None, rowsq: np.ndarray | None,
                 uniform_var: float, z: np.ndarray | None, adc_max: float | None,
                 gain: np.ndarray | None, rowfac: np.ndarray, *, count: bool = False,
                 ) -> tuple[np.ndarray, int]:
    """Noise, ADC and digital sum of the products ``mu`` (n_groups, batch, cols).

    ``s2``: per-output variances (same shape; PCM read noise) or ``None``; ``rowsq``:
    per group and vector sums of codes^2 (uniform read noise, variance
    ``uniform_var * rowsq``) or ``None``; neither: no read noise.  ``z``: the standard
    normals (same shape as ``mu``; needed with read noise).  ``gain``: column gains
    (n_groups, 1, cols) or ``None``; ``rowfac``: the factor per vector applied last.
    Returns the outputs (batch, cols) and how many conversions clipped (when
    ``count``).

    >>> mu = np.array([[[0.2, 3.7, -9.0]]], np.float32)  # one group, one vector
    >>> z = np.array([[[1.0, -1.0, 0.0]]], np.float32)
    >>> s2 = np.full_like(mu, 0.25)  # std 0.5
    >>> y, n = readout_pass(mu, s2, None, 0.0, z, 4.0, None, np.ones(1, np.float32),
    ...                     count=True)
    >>> y.tolist(), n  # 0.7 -> 1, 3.2 -> 3, -9 clipped to -4
    ([[1.0, 3.0, -4.0]], 1)
    """
    n_groups, batch, cols = mu.shape
    mode = 1 if s2 is not None else (2 if rowsq is not None else 0)
    if mode and (z is None or z.shape != mu.shape):
        raise ValueError("readout_pass: read noise needs normals z shaped like mu")
    empty3 = np.empty((0, 0, 0), np.float32)
    y = np.empty((batch, cols), np.float32)
    n_clip = _readout_kernel(
        mu, s2 if s2 is not None else empty3,
        rowsq if rowsq is not None else np.empty((0, 0), np.float32), mode,
        np.float32(uniform_var), z if mode else empty3, adc_max is not None,
        np.float32(adc_max if adc_max is not None else 0.0),
        gain if gain is not None else empty3, gain is not None, rowfac, bool(count), y)
    return y, int(n_clip)
