"""Cached read-out of a programmed crossbar: one matrix product per ADC group.

Reading a crossbar with ideal wires (``r_wire = 0``) is linear in the row voltages,
so everything that does not depend on the input is computed once per programming and
read time ``t`` and cached in a :class:`ReadPlan`:

* **Signal.**  Column ``j`` of a differential pair carries
  ``I_j = sum_i (G+_ij - G-_ij) V_i`` (offset mapping: ``G_ij - G_ref,i`` of the
  tile's reference column).  The plan stores the effective conductance difference
  ``D = G+ - G-`` after programming, drift and stuck-at faults at time ``t``, scaled
  so that one matrix product of the DAC codes gives the current directly in output
  units (see below).  Columns never interact without IR drop and each column has its
  own ADC, so column tiles are merged: one product per *ADC group* (each row tile for
  ``accumulation="digital"``, all rows at once for ``"analog"`` or an ideal ADC).
* **Read noise.**  Per-cell Gaussian read noise ``n_ij ~ N(0, s_ij^2)``, independent
  over cells and reads, makes a column current
  ``sum_i (G_ij + n_ij) V_i = I_j + sum_i n_ij V_i``.  A sum of independent Gaussians
  is Gaussian, so this is *exactly* distributed as ``I_j + N(0, S_j^2)`` with
  ``S_j^2 = sum_i V_i^2 s_ij^2`` (both rails: ``s^2 = s+^2 + s-^2``).  The plan keeps
  the variance matrix ``s^2`` (PCM 1/f noise, which depends on each cell's
  conductance) and the read draws one standard normal per output and ADC group,
  scaled by ``S_j``: the same mean, variance and (Gaussian) distribution of every
  output as drawing a noise matrix per cell, at the cost of one product instead of
  ``rows x cols`` draws.  With only the uniform ``read_noise`` (no PCM), ``s^2`` is
  one number and ``S_j^2 = s^2 sum_i V_i^2`` needs no product at all.  What is not
  reproduced is the cross-column correlation an offset-mapping reference column's
  noise would induce; as before, each output's noise is drawn independently.
  This is ``read_noise_sampling="per_read"``: every read is an independent sample.
  Its cost is the second product (``codes^2 @ s^2``, as large as the signal's) and one
  normal per output and ADC group (``torch.randn`` from the array's generator; on the
  CPU drawn into a reused buffer and applied by the fused read-out pass of
  :mod:`~neuroexplore.crossbar._fused_read`).
* **Frozen read noise** (``read_noise_sampling="per_inference"``, aihwkit's
  ``PCMLikeNoiseModel`` convention).  One realisation ``n_ij ~ N(0, s_ij^2)`` per cell
  and rail is drawn when the plan is built (once per read time and seed) and added to
  the conductances, ``D = (G+ + n+) - (G- + n-)``; the plan then has no variance and a
  read is one product per ADC group plus the converters.  Each cell has the same
  marginal distribution as in the per-read mode, and so has each output over seeds
  (mean ``I_j``, variance ``S_j^2``), but within one plan the noise is frozen:
  repeated reads of one input are identical and outputs of different inputs share
  the same realisation (correlated), as in aihwkit.  The offset mapping's reference
  column noise is shared by the tile's columns, as on a real array.
* **Converters.**  Inputs become integer DAC codes ``c = round(clip(x / x_s, -1, 1)
  n)``, ``n = 2^(b-1) - 1`` (``V = v_read c / n``), so the plan folds ``v_read / n``
  and the ADC step ``LSB = i_fs / L`` (``L = 2^(b_adc-1) - 1``) into ``D`` and
  ``s^2``: the product is in LSBs and the ADC is an in-place clip to ``[-L, L]`` and
  a rounding.  The full scale ``i_fs`` is one number (a fixed range) or one per ADC
  group and column (calibrated ranges, see :meth:`CrossbarArray.calibrate_adc`); then
  each column's LSBs are scaled back by its gain ``i_fs,kj / i_ref`` before the
  digital sum.  Without converters the units are ``v_read`` and one full-scale cell
  current ``(g_max - g_min) v_read``.

References: Ohm's and Kirchhoff's laws (review ch. 4); PCM statistics from Joshi et
al., Nat. Commun. 11:2473 (2020), see :mod:`neuroexplore.crossbar.pcm_stats`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["ReadPlan", "adc_groups", "build_read_plan", "read_with_plan", "read_with_plan_torch",
           "dac_codes", "sample_read_noise"]


@dataclass(frozen=True)
class ReadPlan:
    """Input-independent part of a crossbar read at one time ``t`` (see module doc).

    Attributes
    ----------
    groups : tuple of slice
        Input rows converted together by one ADC (row tiles, or all rows).
    signal : tuple of Tensor, each (rows_in_group, cols)
        ``D * v_unit / i_unit``: output units per DAC code.
    variance : tuple of Tensor or None
        ``(s+^2 + s-^2) * (v_unit / i_unit)^2`` per cell pair when it varies per cell
        (PCM 1/f read noise); ``None`` otherwise.
    uniform_variance : float
        The same, when it is one number for every cell pair (``read_noise`` only).
    code_max : float
        DAC full scale in codes (``n``; 1 for an ideal DAC).
    dac_levels : bool
        Whether input codes are rounded to integers.
    adc_max : float or None
        ADC full scale in output units (``L``) when the ADC quantises, else ``None``.
    v_unit, i_unit : float
        Volts per input code and amperes per output unit.
    col_gain : Tensor or None, shape (n_groups, 1, cols)
        Per ADC group and column full scale relative to ``i_unit * L`` (calibrated
        ranges); ``None`` for one fixed full scale.
    """

    groups: tuple[slice, ...]
    signal: tuple[torch.Tensor, ...]
    variance: tuple[torch.Tensor, ...] | None
    uniform_variance: float
    code_max: float
    dac_levels: bool
    adc_max: float | None
    v_unit: float
    i_unit: float
    col_gain: torch.Tensor | None = None

    @property
    def noisy(self) -> bool:
        return self.variance is not None or self.uniform_variance > 0


def _untile(g: torch.Tensor) -> torch.Tensor:
    n_rt, n_ct, tr, tc = g.shape
    return g.permute(0, 2, 1, 3).reshape(n_rt * tr, n_ct * tc)


def sample_read_noise(
    var: tuple[torch.Tensor, torch.Tensor], generator: torch.Generator | None
) -> tuple[torch.Tensor, torch.Tensor]:
    """One read-noise realisation per cell and rail: ``s * N(0, 1)``, same shapes as ``var``.

    ``var`` holds each rail's per-cell read-noise variance (S^2); the draws are made
    from ``generator`` in the order (first rail, second rail), each in C order.
    """
    return tuple(v.sqrt() * torch.randn(v.shape, generator=generator, dtype=v.dtype,
                                        device=v.device) for v in var)  # type: ignore[return-value]


def adc_groups(rows: int, tile_rows: int, *, digital: bool, adc_bits: int) -> tuple[slice, ...]:
    """Input rows converted together by one ADC: each row tile (digital accumulation
    with a quantising ADC) or all rows at once.

    An ideal ADC (no rounding, no clipping) is linear: digitally adding row tiles then
    equals adding their currents, and the sum of their independent Gaussian noises is
    one Gaussian with the summed variance -- one product over all rows is exact.
    """
    if digital and adc_bits:
        return tuple(slice(r, min(r + tile_rows, rows)) for r in range(0, rows, tile_rows))
    return (slice(0, rows),)


def build_read_plan(
    g: tuple[torch.Tensor, torch.Tensor],
    var: tuple[torch.Tensor, torch.Tensor],
    *,
    rows: int,
    cols: int,
    span: float,
    v_read: float,
    dac_bits: int,
    adc_bits: int,
    adc_full_scale: float | torch.Tensor,
    digital: bool,
    read_noise: float,
    pcm_noise: bool,
    frozen_noise: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> ReadPlan:
    """Fold conductances, read-noise variances and converter scales into a plan.

    ``g`` and ``var`` are the two rails' tiled conductances (S) and per-cell read-noise
    variances (S^2), each ``(n_rt, n_ct, tr, tc)`` (the offset mapping's reference rail
    ``(n_rt, n_ct, tr, 1)``), at the read time; ``span = g_max - g_min``.
    ``adc_full_scale`` (A): one fixed full scale, or a tensor ``(n_groups, cols)`` of
    calibrated full scales per ADC group (:func:`adc_groups`) and column.
    ``frozen_noise`` (``read_noise_sampling="per_inference"``): one read-noise
    realisation per cell and rail (S, shaped like ``g``, from :func:`sample_read_noise`),
    added to the conductances; the plan then carries no variance (reads are
    deterministic).
    """
    g_a, g_b = g
    if frozen_noise is not None:
        g_a, g_b = g_a + frozen_noise[0], g_b + frozen_noise[1]
        pcm_noise, read_noise = False, 0.0  # the noise is in the conductances now
    tr = g_a.shape[2]
    code_max = float(2 ** (dac_bits - 1) - 1) if dac_bits else 1.0
    v_unit = v_read / code_max
    adc_max = float(2 ** (adc_bits - 1) - 1) if adc_bits else None
    groups = adc_groups(rows, tr, digital=digital, adc_bits=adc_bits)
    col_gain = None
    if adc_max is None:
        i_unit = span * v_read
    elif isinstance(adc_full_scale, torch.Tensor):
        i_ref = span * v_read
        i_unit = i_ref / adc_max
        col_gain = (adc_full_scale.to(g_a) / i_ref).reshape(len(groups), 1, cols).contiguous()
    else:
        i_unit = float(adc_full_scale) / adc_max
    k = v_unit / i_unit
    d = _untile(g_a - g_b.expand_as(g_a))[:rows, :cols] * k
    signal = tuple((d[sl] / col_gain[j] if col_gain is not None else d[sl]).contiguous()
                   for j, sl in enumerate(groups))
    variance, uniform = None, 0.0
    if pcm_noise:
        v2 = _untile(var[0] + var[1].expand_as(var[0]))[:rows, :cols] * k * k
        variance = tuple((v2[sl] / col_gain[j] ** 2 if col_gain is not None else v2[sl])
                         .contiguous() for j, sl in enumerate(groups))
    elif read_noise > 0:  # every cell has the same variance (read_noise * span)^2
        uniform = 2.0 * (read_noise * span) ** 2 * k * k
    return ReadPlan(groups, signal, variance, uniform, code_max, bool(dac_bits), adc_max,
                    v_unit, i_unit, col_gain)


def _input_scale(x: torch.Tensor, dac_range: float) -> torch.Tensor | float:
    """``x_s``: ``dac_range``, or each vector's abs-max (1 for an all-zero vector)."""
    if dac_range > 0:
        lo, hi = torch.aminmax(x)
        if not bool(torch.isfinite(lo) & torch.isfinite(hi)):
            raise ValueError("x contains NaN or infinite values")
        return float(dac_range)
    # max(max x, -min x): two reductions without a |x| temporary; NaN and inf propagate
    s = torch.maximum(x.amax(dim=1, keepdim=True), x.amin(dim=1, keepdim=True).neg_())
    if not bool(torch.isfinite(s).all()):
        raise ValueError("x contains NaN or infinite values")
    return s.masked_fill_(s == 0, 1.0)


def dac_codes(x: torch.Tensor, plan: ReadPlan, dac_range: float
              ) -> tuple[torch.Tensor, torch.Tensor | float]:
    """DAC codes ``round(clip(x / x_s, -1, 1) n)`` (batch x rows) and the input scale ``x_s``.

    ``x_s`` is ``dac_range`` or, when it is 0, each vector's abs-max (1 for an all-zero
    vector); without DAC quantisation the codes are ``clip(x / x_s, -1, 1)``.  Raises
    ``ValueError`` if ``x`` holds NaN or infinite values.
    """
    n = plan.code_max
    scale = _input_scale(x, dac_range)
    if dac_range > 0:
        # a tiny dac_range saturates every nonzero input; cap the factor at the dtype's
        # largest finite value so that it never overflows to inf (0 * inf would be NaN)
        codes = x * min(n / scale, torch.finfo(x.dtype).max)
        codes.clamp_(-n, n)  # per-vector scaling keeps |codes| <= n by construction
    else:
        codes = x * (n / scale)
    if plan.dac_levels:
        codes.round_()
    return codes, scale


def read_with_plan(
    plan: ReadPlan,
    x: torch.Tensor,
    generator: torch.Generator | None,
    *,
    dac_range: float,
    gain: float,
    undo_input_scale: bool,
    clip_counts: list | None = None,
    fused: bool | None = None,
) -> torch.Tensor:
    """Read inputs ``x`` (batch x rows): DAC, crossbar, read noise, ADC, digital sum.

    On the CPU (float32, at least :data:`FUSED_MIN_ELEMENTS` inputs in the batch) the
    read runs through :mod:`~neuroexplore.crossbar._fused_read` (``fused=None`` or
    ``True``): the DAC in one pass, torch's matrix products, the normals from
    ``generator`` into a reused buffer, then read noise, ADC and digital sum in one
    pass.  Otherwise (CUDA, or ``fused=False``) it runs as the torch operations of
    :func:`read_with_plan_torch`.  Both make the same calls for the products and draw
    the same normals (same shape, same generator, same order), so with the same
    generator state they give the same outputs up to float rounding (an ADC code may
    differ where a value lies within rounding of a code boundary) and leave the
    generator in the same state.
    """
    if fused is None:
        fused = (x.device.type == "cpu" and x.dtype == torch.float32
                 and x.numel() >= FUSED_MIN_ELEMENTS and _numba_ok())
    if fused:
        return _read_fused(plan, x, generator, dac_range=dac_range, gain=gain,
                           undo_input_scale=undo_input_scale, clip_counts=clip_counts)
    return read_with_plan_torch(plan, x, generator, dac_range=dac_range, gain=gain,
                                undo_input_scale=undo_input_scale, clip_counts=clip_counts)


_NUMBA: list[bool] = []
#: Smallest batch x rows read through the fused CPU kernels: below it the torch
#: operations are as fast, and small interactive reads never wait for numba to compile.
FUSED_MIN_ELEMENTS = 1 << 15


def _numba_ok() -> bool:
    """Whether numba imports (the fused CPU read needs it); checked once."""
    if not _NUMBA:
        try:
            from . import _fused_read  # noqa: F401
            _NUMBA.append(True)
        except ImportError:  # pragma: no cover - numba is a core dependency
            _NUMBA.append(False)
    return _NUMBA[0]


def _read_fused(
    plan: ReadPlan,
    x: torch.Tensor,
    generator: torch.Generator | None,
    *,
    dac_range: float,
    gain: float,
    undo_input_scale: bool,
    clip_counts: list | None = None,
) -> torch.Tensor:
    """The fused CPU read (see :func:`read_with_plan`)."""
    from ._fused_read import Workspace, dac_pass, readout_pass

    xs = x.detach().contiguous().numpy()
    bounds = np.array([sl.start for sl in plan.groups] + [plan.groups[-1].stop], np.int64)
    per_cell = plan.variance is not None
    uniform = not per_cell and plan.uniform_variance > 0
    n_groups, batch, cols = len(plan.groups), x.shape[0], plan.signal[0].shape[1]
    whole = n_groups == 1
    with Workspace() as ws:
        codes, c2, rowsq, scale = dac_pass(xs, plan.code_max, plan.dac_levels, dac_range,
                                           bounds, want_c2=per_cell, want_rowsq=uniform, ws=ws)
        codes_t = torch.from_numpy(codes)
        mu = torch.from_numpy(ws.empty((n_groups, batch, cols)))
        for k, sl in enumerate(plan.groups):
            torch.mm(codes_t if whole else codes_t[:, sl], plan.signal[k], out=mu[k])
        s2 = None
        if per_cell:
            c2_t = torch.from_numpy(c2)
            s2 = torch.from_numpy(ws.empty((n_groups, batch, cols)))
            for k, sl in enumerate(plan.groups):
                torch.mm(c2_t if whole else c2_t[:, sl], plan.variance[k], out=s2[k])
        z = None
        if plan.noisy:  # torch.randn(out.shape, generator=...) of the torch path, in place
            z = ws.empty((n_groups, batch, cols))
            torch.from_numpy(z).normal_(generator=generator)
        if isinstance(scale, float):
            rowfac = np.full(batch, np.float32(scale * gain if undo_input_scale else gain),
                             np.float32)
        elif undo_input_scale:
            rowfac = (torch.from_numpy(scale) * gain).numpy()
        else:
            rowfac = np.full(batch, np.float32(gain), np.float32)
        col_gain = plan.col_gain.numpy() if (plan.col_gain is not None
                                             and plan.adc_max is not None) else None
        y, n_clip = readout_pass(
            mu.numpy(), None if s2 is None else s2.numpy(), rowsq, plan.uniform_variance,
            z, plan.adc_max, col_gain, rowfac, count=clip_counts is not None)
    if clip_counts is not None and plan.adc_max is not None:
        clip_counts.append((n_clip, y.size * n_groups))
    return torch.from_numpy(y)


def read_with_plan_torch(
    plan: ReadPlan,
    x: torch.Tensor,
    generator: torch.Generator | None,
    *,
    dac_range: float,
    gain: float,
    undo_input_scale: bool,
    clip_counts: list | None = None,
) -> torch.Tensor:
    """Read inputs ``x`` (batch x rows) with torch operations (any device; see
    :func:`read_with_plan`).

    Returns ``gain * y`` (batch x cols), ``y`` in ``plan.i_unit``, further multiplied by
    each vector's input scale ``x_s`` when ``undo_input_scale``.  Per ADC group: one
    matrix product for the signal and, when the per-cell variances differ, one for the
    read-noise variance (on the codes squared in place); then, over all groups at once,
    one standard normal per output scaled by its std, the ADC as an in-place clip and
    rounding, and the digital sum.  The whole batch goes through each step at once (few,
    large operations) with a single batch x rows temporary (the codes).  With
    ``clip_counts`` (a list), ``(n_clipped, n_conversions)`` is appended: how many ADC
    conversions saturated (``|I| > i_fs``), as a tensor, and how many there were.
    """
    codes, scale = dac_codes(x, plan, dac_range)
    batch, n_groups = x.shape[0], len(plan.groups)
    whole = n_groups == 1
    out = torch.empty(n_groups, batch, plan.signal[0].shape[1], dtype=x.dtype, device=x.device)
    for k, sl in enumerate(plan.groups):
        torch.mm(codes if whole else codes[:, sl], plan.signal[k], out=out[k])
    if plan.noisy:
        c2 = codes.square_()  # the codes are not needed any more
        if plan.variance is not None:
            std = torch.empty_like(out)
            for k, sl in enumerate(plan.groups):
                torch.mm(c2 if whole else c2[:, sl], plan.variance[k], out=std[k])
        else:
            std = torch.stack([(c2 if whole else c2[:, sl]).sum(dim=1, keepdim=True)
                               for sl in plan.groups]).mul_(plan.uniform_variance)
        std.sqrt_()
        if plan.variance is None and plan.col_gain is not None:
            std = std / plan.col_gain  # one std per group and vector -> per column LSBs
        out.addcmul_(std, torch.randn(out.shape, generator=generator, dtype=out.dtype,
                                      device=out.device))
    if plan.adc_max is not None:
        if clip_counts is not None:  # one min/max pass; count only when something clips
            lo, hi = torch.aminmax(out)
            n = 0
            if bool(hi > plan.adc_max) or bool(lo < -plan.adc_max):
                n = torch.count_nonzero(out > plan.adc_max) + torch.count_nonzero(
                    out < -plan.adc_max)
            clip_counts.append((n, out.numel()))
        out.clamp_(-plan.adc_max, plan.adc_max).round_()
    g = plan.col_gain if plan.adc_max is not None else None
    y = out[0] if g is None else out[0].mul_(g[0])
    for k in range(1, n_groups):  # digital sum, in place (no zero-filled accumulator)
        if g is None:
            y.add_(out[k])
        else:  # each ADC's codes times its column gain
            y.addcmul_(out[k], g[k])
    return y.mul_(scale * gain if undo_input_scale else gain)
