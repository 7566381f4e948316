"""Fused CPU kernels for a crossbar read (numba): DAC codes in one pass, and read
noise + ADC + digital sum in one pass with the normals drawn inside the kernel.

What is computed is exactly :func:`~neuroexplore.crossbar.read_plan.read_with_plan`'s
torch path (see that module for the physics); only the passes are fused:

* **DAC** (:func:`dac_pass`): per input vector its abs-max ``x_s`` (or the fixed
  ``dac_range``), the codes ``round(clip(x / x_s, -1, 1) n)`` and, for the read-noise
  variance, the codes squared (``V_i^2`` up to the constant folded into the plan) or
  their sums per ADC group (uniform read noise), in one pass over ``x`` with the same
  float32 operations as the torch path (the codes are bit-identical).
* **Products**: torch's BLAS, unchanged (``codes @ D`` per ADC group and, for PCM read
  noise, ``codes^2 @ s^2``).
* **Read-out** (:func:`readout_pass`): per output ``mu + sqrt(S^2) z`` with ``z ~ N(0, 1)``
  drawn in place, the ADC clip and rounding, the column gains and the digital sum over
  ADC groups, then the input scale: one pass over the products instead of seven, and no
  array of normals in memory.

Normals.  ``z`` comes from Marsaglia & Tsang's ziggurat (J. Stat. Softw. 5(8), 2000;
256 layers, the layout and constants of NumPy's ``random_standard_normal``), fed by the
SplitMix64 sequence (Steele, Lea & Flood, OOPSLA 2014): output ``i`` of a read uses the
64-bit word ``mix(seed + (i + 1) gamma)``, so each output's normal depends only on the
read seed and its position (the same for any number of threads), and outputs are
independent.  The rare rejections (about 1.2 %) draw further words from a second
SplitMix64 stream started at the output's position.  The read seed is drawn from the
array's torch generator, so seeded reads are reproducible and successive reads differ.
The normals are checked against N(0, 1) in ``tests/engines/test_crossbar_read_noise.py``
(moments, Kolmogorov-Smirnov, tail mass beyond the ziggurat's base ``r``).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from numba import njit, prange

__all__ = ["ZIGGURAT", "Workspace", "dac_pass", "readout_pass", "standard_normals"]

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

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SALT = np.uint64(0xD1B54A32D192ED03)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_S1, _S8, _S11 = np.uint64(1), np.uint64(8), np.uint64(11)
_ONE = np.uint64(1)
_BYTE = np.uint64(0xFF)
_MANT = np.uint64(0x000FFFFFFFFFFFFF)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2^-53
_ZIG_R = 3.6541528853610088  # right edge of the base layer (NumPy's 256-layer ziggurat)
_ZIG_V = 0.00492867323399  # area of each layer
_ZIG_INV_R = 1.0 / _ZIG_R


def _ziggurat_tables(n: int = 256, r: float = _ZIG_R, v: float = _ZIG_V
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marsaglia & Tsang's tables for 52-bit uniforms: ``k`` (accept bounds), ``w``
    (layer widths / 2^52) and ``f`` (the density ``exp(-x^2/2)`` at the layer edges)."""
    m = 2.0 ** 52
    k = np.zeros(n, np.uint64)
    w = np.zeros(n)
    f = np.zeros(n)
    dn = tn = r
    q = v / math.exp(-0.5 * dn * dn)
    k[0] = np.uint64((dn / q) * m)
    w[0], w[n - 1] = q / m, dn / m
    f[0], f[n - 1] = 1.0, math.exp(-0.5 * dn * dn)
    for i in range(n - 2, 0, -1):
        dn = math.sqrt(-2.0 * math.log(v / dn + math.exp(-0.5 * dn * dn)))
        k[i + 1] = np.uint64((dn / tn) * m)
        tn = dn
        f[i] = math.exp(-0.5 * dn * dn)
        w[i] = dn / m
    return k, w, f


#: The ziggurat tables ``(k, w, f)`` (see :func:`_ziggurat_tables`).
ZIGGURAT = _ziggurat_tables()
_ZK, _ZW, _ZF = ZIGGURAT


@njit(inline="always")
def _mix(z):  # SplitMix64 finaliser
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always")
def _normal(seed, i, zk, zw, zf):
    """Standard normal number ``i`` of the read with ``seed`` (float64)."""
    r = _mix(seed + (np.uint64(i) + _ONE) * _GAMMA)
    st = _mix((seed ^ _SALT) + (np.uint64(i) + _ONE) * _GAMMA)  # rejection stream
    return _normal_from(r, st, zk, zw, zf)


@njit(inline="always")
def _normal_from(r, st, zk, zw, zf):
    """The ziggurat on the word ``r``; rejections draw from the stream after ``st``."""
    while True:
        idx = r & _BYTE
        r = r >> _S8
        sign = r & _ONE
        rabs = (r >> _S1) & _MANT
        x = rabs * zw[idx]
        if sign:
            x = -x
        if rabs < zk[idx]:
            return x  # inside the layer's rectangle: about 98.8 % of draws
        if idx == 0:  # the tail beyond r (Marsaglia 1964)
            while True:
                st += _GAMMA
                u1 = (_mix(st) >> _S11) * _TO_UNIT
                st += _GAMMA
                u2 = (_mix(st) >> _S11) * _TO_UNIT
                xx = -_ZIG_INV_R * math.log1p(-u1)
                yy = -math.log1p(-u2)
                if yy + yy > xx * xx:
                    return -(_ZIG_R + xx) if (rabs >> _S8) & _ONE else _ZIG_R + xx
        else:  # the wedge between the rectangle and the density
            st += _GAMMA
            u = (_mix(st) >> _S11) * _TO_UNIT
            if (zf[idx - 1] - zf[idx]) * u + zf[idx] < math.exp(-0.5 * x * x):
                return x
        st += _GAMMA
        r = _mix(st)


@njit(parallel=True, cache=True)
def _normals_kernel(seed, out, zk, zw, zf):  # pragma: no cover - compiled
    for i in prange(out.size):
        out[i] = _normal(seed, i, zk, zw, zf)


def standard_normals(seed: int, n: int) -> np.ndarray:
    """The first ``n`` normals (float64) of a read with ``seed``, as the read-out uses
    them (output ``i`` of the read gets number ``i``); for tests and inspection.

    >>> z = standard_normals(1, 100_000)
    >>> bool(abs(z.mean()) < 0.02 and abs(z.std() - 1) < 0.02)
    True
    """
    out = np.empty(int(n))
    _normals_kernel(np.uint64(int(seed) % 2 ** 64), out, _ZK, _ZW, _ZF)
    return out


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
def _readout_kernel(mu, s2, rowsq, mode, uniform_var, seed, adc, adc_max, gain, has_gain,
                    rowfac, z, use_z, count, y, zk, zw, zf):  # pragma: no cover - compiled
    n_groups, batch, cols = mu.shape
    per_row = n_groups * cols
    n_tasks = (batch + _CHUNK - 1) // _CHUNK
    clipped = np.zeros(n_tasks, np.int64)
    for task in prange(n_tasks):
        zb = np.zeros(per_row, np.float32)
        reject = np.zeros(per_row, np.bool_)
        acc = np.empty(cols, np.float32)
        n_clip = 0
        for b in range(task * _CHUNK, min(batch, (task + 1) * _CHUNK)):
            if mode != 0 and not use_z:
                base = np.uint64(b * per_row)
                for t in range(per_row):  # the ziggurat's fast path, branch-free
                    r = _mix(seed + (base + np.uint64(t) + _ONE) * _GAMMA)
                    idx = r & _BYTE
                    rabs = (r >> np.uint64(9)) & _MANT
                    sgn = np.float64((r >> _S8) & _ONE)
                    zb[t] = np.float32((1.0 - 2.0 * sgn) * (rabs * zw[idx]))
                    reject[t] = rabs >= zk[idx]
                for t in range(per_row):  # the rare rest (about 1.2 %)
                    if reject[t]:
                        zb[t] = np.float32(_normal(seed, b * per_row + t, zk, zw, zf))
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
                        zz = z[g, b, j] if use_z else zb[g * cols + j]
                        v = v + sd * zz
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
                 uniform_var: float, seed: int, adc_max: float | None,
                 gain: np.ndarray | None, rowfac: np.ndarray, *, count: bool = False,
                 z: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Noise, ADC and digital sum of the products ``mu`` (n_groups, batch, cols).

    ``s2``: per-output variances (same shape; PCM read noise) or ``None``; ``rowsq``:
    per group and vector sums of codes^2 (uniform read noise, variance
    ``uniform_var * rowsq``) or ``None``; neither: no read noise.  ``gain``: column
    gains (n_groups, 1, cols) or ``None``; ``rowfac``: the factor per vector applied
    last.  ``z``: given normals (same shape as ``mu``) instead of drawn ones (tests).
    Returns the outputs (batch, cols) and how many conversions clipped (when
    ``count``).
    """
    n_groups, batch, cols = mu.shape
    mode = 1 if s2 is not None else (2 if rowsq is not None else 0)
    empty3 = np.empty((0, 0, 0), np.float32)
    y = np.empty((batch, cols), np.float32)
    n_clip = _readout_kernel(
        mu, s2 if s2 is not None else empty3,
        rowsq if rowsq is not None else np.empty((0, 0), np.float32), mode,
        np.float32(uniform_var), np.uint64(int(seed) % 2 ** 64), adc_max is not None,
        np.float32(adc_max if adc_max is not None else 0.0),
        gain if gain is not None else empty3, gain is not None, rowfac,
        z if z is not None else empty3, z is not None, bool(count), y, _ZK, _ZW, _ZF)
    return y, int(n_clip)
