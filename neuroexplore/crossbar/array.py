"""A programmed crossbar array of conductances computing ``I = G^T V`` in one step.

Physics (review ch. 4; Ohm's and Kirchhoff's laws)
--------------------------------------------------
Row ``i`` is driven at voltage ``V_i``; the cell at row ``i``, column ``j`` has
conductance ``G_ij`` (siemens) and passes ``G_ij V_i`` (Ohm).  Column ``j`` sums its
cells' currents (Kirchhoff): ``I_j = sum_i G_ij V_i``, i.e. ``I = G^T V`` (amperes).

Mapping signed weights ``W`` (``out x in``, rows = inputs, columns = outputs),
with ``w_max = max |W|`` and ``dG = G_max - G_min``:

* ``differential``: ``G+ = G_min + dG [w]_+ / w_max``, ``G- = G_min + dG [-w]_+ / w_max``;
  ``I = (G+ - G-)^T V = (dG / w_max) W V``.
* ``offset``: ``G = G_min + dG (w / w_max + 1) / 2`` against one reference column per
  tile at ``G_ref = G_min + dG / 2``; ``I = (G - G_ref)^T V = (dG / (2 w_max)) W V``.

Inputs ``x`` become voltages ``V = v_read * x / x_s`` (``x_s`` = ``dac_range`` or the
per-vector abs-max), quantised by the DAC; currents are quantised by the ADC.

ADC full scale (``adc_calibration``): a chip sets its ADC ranges after programming
from a calibration read, so that the ADC spans the currents the array actually
produces.  :meth:`CrossbarArray.calibrate_adc` reads a calibration batch (noise-free,
ideal wires, at ``t = 0`` by default: ranges are set once after programming, and
drift later lowers the currents inside them) and sets each ADC's full scale to the
``adc_percentile``-th percentile of ``|I|`` of its column currents: one range per
array (``"per_layer"``) or one per column (``"per_column"``), per row tile when tiles
are converted separately.  An array read before it is calibrated calibrates on the
first batch it reads (documented default; :func:`~neuroexplore.crossbar.calibrate`
and ``convert(..., calibration=x)`` make the step explicit).  ``"fixed"`` uses
``adc_range * dG * v_read`` whatever the currents; :attr:`CrossbarArray.adc_clip_fraction`
reports the fraction of conversions that saturated.  A matrix larger than one tile is split into
``tile_rows x tile_cols`` tiles; partial sums over row tiles are either ADC'd per tile
and added digitally or added as currents before one ADC.

Programming (MLP NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD 2018): from ``G_min`` a cell
receives ``k`` potentiation pulses along the device's curve, ``k`` chosen as the
reachable level nearest the target (``programming="nearest"``) or as the linear guess
``round(h P_max)`` (``"linear"``, exposing the nonlinearity); each pulse adds
cycle-to-cycle noise.  Optional write-verify re-reads every cell and applies corrective
pulses (LTP or LTD) until it is within ``write_verify_tol * dG``.  Device-to-device
variation scales each cell's conductance change by a fixed gain ``N(1, sigma_d2d)``.
PCM non-idealities (Joshi et al., Nat. Commun. 11:2473, 2020; see
:mod:`neuroexplore.crossbar.pcm_stats`): programming noise, drift
``G(t) = G(t0)(t/t0)^-nu`` with global drift compensation, and 1/f read noise.
Stuck-at-ON/OFF cells sit at ``G_max``/``G_min`` whatever is programmed.

Read noise (``read_noise``, PCM 1/f) is sampled per read by default
(``read_noise_sampling="per_read"``); for Gaussian, independent per-cell noise the output
``sum_i (G_ij + n_ij) V_i`` has exactly the distribution ``I_j + N(0, sum_i sigma_ij^2
V_i^2)``, which is how it is drawn (no per-cell noise matrix per input vector).  With
``read_noise_sampling="per_inference"`` (aihwkit's ``PCMLikeNoiseModel`` convention)
one per-cell realisation ``n_ij`` is drawn per read time ``t`` and read seed and frozen
into the conductances: the same per-cell statistics, but repeated reads at one ``t``
are identical.  The realisation is a deterministic function of (read seed, ``t``): the
array's read seed, or the ``seed`` passed to :meth:`CrossbarArray.mvm` /
:meth:`CrossbarArray.matmul` (without any seed it is drawn once per ``t`` from fresh
entropy).

Speed: with ideal wires everything input-independent (the conductance difference after
programming, drift, compensation and faults; the read-noise variance matrix; the
converter scales) is computed once per read time and configuration and cached
(:mod:`neuroexplore.crossbar.read_plan`); a read is then one matrix product per ADC
group for the signal (plus one for the noise std when PCM read noise is sampled per
read), a normal draw per output and the DAC/ADC rounding.  On the CPU (batches of at
least ``read_plan.FUSED_MIN_ELEMENTS`` inputs) the DAC is one fused pass and the read
noise, ADC and digital sum another (:mod:`neuroexplore.crossbar._fused_read`), applying
normals that torch draws from the array's generator into a reused buffer (the same
draws as the unfused path, so seeded reads agree to float rounding); on CUDA the same
steps are torch operations.  The cache is keyed on ``t`` and on the (frozen) ``config`` object (and,
for frozen read noise, on the read seed that picks the realisation); per read, the seed
only picks the noise draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..seeding import spawn_seeds
from .config import CrossbarConfig
from .converters import quantize
from .device_model import (
    apply_pulses_torch,
    is_continuous,
    level_at,
    make_generator,
    pulse_position,
    resolve_compute_device,
    resolve_device,
)
from .ir_drop_approx import ir_drop_currents_torch
from .pcm_stats import (
    PCM_G_MAX_US,
    T0,
    drift_factor,
    drift_nu_stats,
    programming_noise_std_us,
    read_noise_rel_std,
)
from .read_plan import (
    ReadPlan,
    adc_groups,
    build_read_plan,
    dac_codes,
    read_with_plan,
    sample_read_noise,
)

__all__ = ["CrossbarArray", "DeviceView"]

_DTYPE = torch.float32


@dataclass(frozen=True)
class DeviceView:
    """The fields of a PulseDevice the crossbar uses, with an optional states override."""

    name: str
    model: str
    g_min: float
    g_max: float
    states_ltp: int
    states_ltd: int
    a_ltp: float
    a_ltd: float
    c2c_sigma: float
    d2d_sigma: float
    continuous: bool
    levels_ltp: tuple[float, ...] | None = None  # level tables of model "table" devices
    levels_ltd: tuple[float, ...] | None = None

    @classmethod
    def of(cls, device: Any, states: int = 0) -> DeviceView:
        dev = resolve_device(device)
        ltp, ltd = int(dev.states_ltp), int(dev.states_ltd)
        model = str(getattr(dev, "model", "neurosim"))
        if states and model == "table":
            raise ValueError(f"states = {states}: a tabulated device ({dev.name!r}) has its "
                             "own levels; use states = 0")
        if states:
            ltd = max(1, round(ltd * states / ltp))
            ltp = int(states)
        return cls(
            name=str(getattr(dev, "name", "device")),
            model=model,
            g_min=float(dev.g_min),
            g_max=float(dev.g_max),
            states_ltp=ltp,
            states_ltd=ltd,
            a_ltp=float(dev.a_ltp),
            a_ltd=float(dev.a_ltd),
            c2c_sigma=float(dev.c2c_sigma),
            d2d_sigma=float(getattr(dev, "d2d_sigma", 0.0) or 0.0),
            continuous=is_continuous(dev) and not states,
            levels_ltp=getattr(dev, "levels_ltp", None) if model == "table" else None,
            levels_ltd=getattr(dev, "levels_ltd", None) if model == "table" else None,
        )

    @property
    def span(self) -> float:
        return self.g_max - self.g_min


def _as_tensor(x: Any, device: torch.device) -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        return x.detach().to(device=device, dtype=_DTYPE)
    arr = np.asarray(x, dtype=float)
    return torch.as_tensor(arr, dtype=_DTYPE, device=device)


def _nearest_level(h: torch.Tensor, dev: DeviceView) -> torch.Tensor:
    """LTP pulse count k from g_min whose reachable level is nearest to ``h``.

    k runs over 0..states_ltp (0..20 states_ltp for soft-bounds devices, which only
    approach g_max asymptotically).
    """
    k_max = dev.states_ltp * (20 if dev.model == "soft_bounds" else 1)
    x = pulse_position(h, dev, ltp=True)
    k0 = torch.floor(x).clamp(0, k_max)
    k1 = (k0 + 1).clamp(0, k_max)
    e0 = (level_at(k0, dev, ltp=True) - h).abs()
    e1 = (level_at(k1, dev, ltp=True) - h).abs()
    return torch.where(e1 < e0, k1, k0)


class CrossbarArray:
    """A weight matrix programmed into (tiled) crossbar conductances.

    Build with :meth:`from_weights`; read with :meth:`mvm` (physical currents, A) or
    :meth:`matmul` (weight units).  All tensors live on ``self.torch_device``.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, -0.5], [0.25, 2.0]])
    >>> arr = CrossbarArray.from_weights(W, "ideal", CrossbarConfig(torch_device="cpu"), seed=0)
    >>> np.round(arr.matmul(np.array([2.0, 1.0])), 5).tolist()
    [1.5, 2.5]
    """

    def __init__(
        self,
        *,
        weight_shape: tuple[int, int],
        w_max: float,
        device: DeviceView,
        config: CrossbarConfig,
        g_a: torch.Tensor,
        g_b: torch.Tensor,
        nu_a: torch.Tensor | None,
        nu_b: torch.Tensor | None,
        fault_a: torch.Tensor,
        fault_b: torch.Tensor,
        read_seed: int | None,
    ) -> None:
        self.weight_shape = weight_shape
        self.w_max = w_max
        self.device = device
        self.config = config
        self.torch_device = g_a.device
        self._g = (g_a, g_b)
        self._nu = (nu_a, nu_b)
        self._fault = (fault_a, fault_b)
        self._read_seed = read_seed
        self._gen = make_generator(read_seed, self.torch_device)
        self._frozen: tuple[tuple, tuple[torch.Tensor, torch.Tensor]] | None = None
        self._cache: tuple[tuple[float, CrossbarConfig], tuple] | None = None
        self._plan: tuple[tuple, ReadPlan] | None = None
        #: calibrated ADC full scales (A), (n_groups, cols); None = not calibrated
        self._adc_fs: torch.Tensor | None = None
        self._adc_key: tuple | None = None  # the settings the ranges were calibrated for
        self._adc_version = 0  # bumped by every calibration (read-plan cache key)
        self._clips: list = []  # (n_clipped tensor, n_conversions) per read
        #: count saturated ADC conversions on every read (costs a few passes over the
        #: outputs, so it is off for plain inference; see :attr:`adc_clip_fraction`)
        self.count_adc_clipping = False

    # ------------------------------------------------------------------ build
    @classmethod
    def from_weights(
        cls,
        W: Any,
        device: Any = None,
        config: CrossbarConfig | None = None,
        seed: int | None = None,
    ) -> CrossbarArray:
        """Program the weight matrix ``W`` (``out x in``) into crossbar tiles.

        Parameters
        ----------
        W : array_like or Tensor, shape (out, in)
            Weights in any unit; ``matmul`` returns outputs in the same unit.
        device : str or PulseDevice, optional
            Synaptic device; defaults to ``config.pulse_device``.
        config : CrossbarConfig, optional
        seed : int, optional
            Seeds programming noise, faults, drift exponents and read noise;
            defaults to ``config.seed``.
        """
        config = CrossbarConfig() if config is None else config
        dev = DeviceView.of(config.pulse_device if device is None else device, config.states)
        tdev = resolve_compute_device(config.torch_device)
        w = _as_tensor(W, tdev)
        if w.ndim != 2 or w.shape[0] < 1 or w.shape[1] < 1:
            raise ValueError(f"W must be a 2-D (out, in) matrix, got shape {tuple(w.shape)}")
        if not torch.isfinite(w).all():
            raise ValueError("W contains NaN or infinite values")
        seed = config.seed if seed is None else seed
        prog_seed, read_seed = (None, None) if seed is None else spawn_seeds(seed, 2)
        gen = make_generator(prog_seed, tdev)
        out_f, in_f = w.shape
        w_max = float(w.abs().max())
        w_max = w_max if w_max > 0 else 1.0
        # a matrix smaller than a tile uses only part of it: unused rows sit at 0 V and
        # unused columns are not read, so they are not simulated
        tr, tc = min(config.tile_rows, in_f), min(config.tile_cols, out_f)
        n_rt, n_ct = math.ceil(in_f / tr), math.ceil(out_f / tc)
        wn = torch.zeros(n_rt * tr, n_ct * tc, dtype=_DTYPE, device=tdev)
        wn[:in_f, :out_f] = w.T / w_max
        wn = wn.reshape(n_rt, tr, n_ct, tc).permute(0, 2, 1, 3)  # (n_rt, n_ct, tr, tc)
        if config.mapping == "differential":
            h_a, h_b = wn.clamp(min=0.0), (-wn).clamp(min=0.0)
        else:
            h_a = (wn + 1.0) / 2.0
            h_b = torch.full((n_rt, n_ct, tr, 1), 0.5, dtype=_DTYPE, device=tdev)
        g_a, nu_a, f_a = _program(h_a, dev, config, gen)
        g_b, nu_b, f_b = _program(h_b, dev, config, gen)
        return cls(
            weight_shape=(out_f, in_f),
            w_max=w_max,
            device=dev,
            config=config,
            g_a=g_a,
            g_b=g_b,
            nu_a=nu_a,
            nu_b=nu_b,
            fault_a=f_a,
            fault_b=f_b,
            read_seed=read_seed,
        )

    # ------------------------------------------------------------- geometry
    @property
    def rows(self) -> int:
        """Physical input rows used (= in_features)."""
        return self.weight_shape[1]

    @property
    def cols(self) -> int:
        """Physical output columns used (= out_features)."""
        return self.weight_shape[0]

    @property
    def tiles(self) -> tuple[int, int]:
        """Number of tiles along rows and columns."""
        return int(self._g[0].shape[0]), int(self._g[0].shape[1])

    @property
    def weight_per_siemens(self) -> float:
        """Weight units represented by one siemens of differential conductance."""
        factor = 1.0 if self.config.mapping == "differential" else 2.0
        return factor * self.w_max / self.device.span

    # ---------------------------------------------------------------- state
    def _state(self, t: float) -> tuple:
        key = self._cache[0] if self._cache is not None else None
        if key is not None and key[0] == t and key[1] is self.config:
            return self._cache[1]
        with torch.no_grad():
            state = self._compute_state(t)
        self._cache = ((t, self.config), state)
        return state

    def _compute_state(self, t: float) -> tuple:
        cfg, dev = self.config, self.device
        gs, variances = [], []
        for g_prog, nu, fault in zip(self._g, self._nu, self._fault, strict=True):
            g = g_prog
            if cfg.drift and nu is not None:
                g = (g * drift_factor(nu, t)).clamp(dev.g_min, dev.g_max)
            stuck = torch.where(fault > 0, dev.g_max, dev.g_min)
            g = torch.where(fault != 0, stuck, g)
            gs.append(g)
            var = torch.full_like(g, (cfg.read_noise * dev.span) ** 2)
            if cfg.pcm_noise:  # Q of the programmed state, times the conductance at t
                q = read_noise_rel_std(torch.where(fault != 0, stuck, g_prog)
                                       * _pcm_us_per_siemens(dev), t)
                var = var + (q * g) ** 2
            variances.append(var)
        alpha = 1.0
        if cfg.drift and cfg.drift_compensation and t > T0:
            ref = self._weight_l1(self._state(0.0)[0])
            now = self._weight_l1(gs)
            alpha = ref / now if now > 0 else 1.0
        return (tuple(gs), tuple(variances), alpha)

    def _frozen_read_noise(
        self, t: float, seed: int | None
    ) -> tuple[torch.Tensor, torch.Tensor] | None:
        """The per-inference read-noise realisation (S, per cell and rail) at ``t``.

        ``None`` when the read noise is sampled per read or there is none.  Drawn from
        ``SeedSequence([seed, t])`` (``seed``: the call's, else the array's read seed),
        so it depends only on (seed, ``t``); without any seed, once per ``t`` from the
        array's generator.  Cached for the last (``t``, config, seed).
        """
        cfg = self.config
        if cfg.read_noise_sampling != "per_inference" or not (cfg.pcm_noise or cfg.read_noise):
            return None
        base = self._read_seed if seed is None else seed
        key = (t, cfg, base)
        if self._frozen is not None and self._frozen[0][0] == t and \
                self._frozen[0][1] is cfg and self._frozen[0][2] == base:
            return self._frozen[1]
        if base is None:
            gen = self._gen
        else:
            t_bits = int(np.float64(t).view(np.uint64))
            entropy = [int(base), t_bits >> 32, t_bits & 0xFFFFFFFF]
            gen = make_generator(
                int(np.random.SeedSequence(entropy).generate_state(1)[0]), self.torch_device)
        with torch.no_grad():
            noise = sample_read_noise(self._state(t)[1], gen)
        self._frozen = (key, noise)
        return noise

    def _read_plan(self, t: float, seed: int | None = None) -> ReadPlan:
        """The cached, input-independent part of a read at ``t`` (ideal wires).

        ``seed`` picks the frozen read-noise realisation (``per_inference`` only).
        """
        cfg = self.config
        frozen = cfg.read_noise_sampling == "per_inference"
        key_seed = (self._read_seed if seed is None else seed) if frozen else None
        fs = self._full_scale()
        fs_key = fs if isinstance(fs, float) else ("calibrated", self._adc_version)
        if self._plan is not None:
            (t_plan, cfg_plan, seed_plan, fs_plan), plan = self._plan
            if t_plan == t and cfg_plan is cfg and seed_plan == key_seed and fs_plan == fs_key:
                return plan
        gs, variances, _ = self._state(t)
        with torch.no_grad():
            plan = build_read_plan(
                gs, variances, rows=self.rows, cols=self.cols, span=self.device.span,
                v_read=cfg.v_read, dac_bits=cfg.dac_bits, adc_bits=cfg.adc_bits,
                adc_full_scale=fs, digital=cfg.accumulation == "digital",
                read_noise=cfg.read_noise, pcm_noise=cfg.pcm_noise,
                frozen_noise=self._frozen_read_noise(t, seed),
            )
        self._plan = ((t, cfg, key_seed, fs_key), plan)
        return plan

    # ------------------------------------------------------------ ADC calibration
    @property
    def needs_adc_calibration(self) -> bool:
        """Whether the ADC ranges are calibrated and not yet set (see :meth:`calibrate_adc`)."""
        cfg = self.config
        return bool(cfg.adc_bits) and cfg.adc_calibration != "fixed" and (
            self._adc_fs is None or self._adc_key != self._calibration_key())

    def _full_scale(self) -> float | torch.Tensor:
        """ADC full scale(s) (A): the fixed range, or the calibrated (n_groups, cols)."""
        cfg = self.config
        if cfg.adc_calibration == "fixed" or not cfg.adc_bits:
            return cfg.adc_range * self.device.span * cfg.v_read
        if self.needs_adc_calibration:
            raise ValueError("the ADC ranges are not calibrated yet: call calibrate_adc(x) "
                             "(or read a first batch) or use adc_calibration='fixed'")
        return self._adc_fs

    def _groups(self) -> tuple[slice, ...]:
        cfg = self.config
        return adc_groups(self.rows, int(self._g[0].shape[2]),
                          digital=cfg.accumulation == "digital", adc_bits=cfg.adc_bits)

    def calibrate_adc(self, x: Any, t: float = 0.0) -> CrossbarArray:
        """Set the ADC full scales from a calibration batch ``x`` (batch x in); returns self.

        Reads ``x`` (noise-free, ideal wires, at ``t`` s after programming; default 0:
        right after programming) and sets the full scale of each ADC to the
        ``config.adc_percentile``-th percentile of ``|I|`` of the column currents it
        converts: over all columns and inputs of an ADC group (row tile, or all rows)
        for ``adc_calibration="per_layer"`` (one range per group), over the inputs of
        each column for ``"per_column"``.  A group whose calibration currents are all
        zero keeps one full-scale cell current.  No effect with ``adc_bits = 0`` or
        ``adc_calibration="fixed"``.  Resets :attr:`adc_clip_fraction`.

        Examples
        --------
        >>> cfg = CrossbarConfig(adc_bits=9, torch_device="cpu")
        >>> arr = CrossbarArray.from_weights(np.ones((2, 784)), "ideal", cfg, seed=0)
        >>> x = np.random.default_rng(0).random((64, 784))
        >>> arr = arr.calibrate_adc(x)
        >>> arr.count_adc_clipping = True
        >>> y = arr.matmul(x)
        >>> bool(np.allclose(y, x @ np.ones((784, 2)), rtol=0.01))
        True
        >>> arr.adc_clip_fraction < 0.01  # only the largest calibration currents clip
        True
        """
        cfg = self.config
        self._clips = []
        if not cfg.adc_bits or cfg.adc_calibration == "fixed":
            return self
        xt, _, _ = self._prepare(x)
        t = float(t)
        if not np.isfinite(t) or t < 0:
            raise ValueError(f"t = {t} s must be finite and >= 0")
        i_ref = self.device.span * cfg.v_read
        groups = self._groups()
        with torch.no_grad():
            (g_a, g_b), _, _ = self._state(t)
            d = _untile(g_a - g_b.expand_as(g_a))[: self.rows, : self.cols] / self.device.span
            n = float(2 ** (cfg.dac_bits - 1) - 1) if cfg.dac_bits else 1.0
            codes = dac_codes(xt, _CodePlan(n, bool(cfg.dac_bits)), cfg.dac_range)[0] / n
            cur = torch.stack([codes[:, sl] @ d[sl] for sl in groups]).abs_()
        a = cur.double().cpu().numpy()  # (n_groups, batch, cols), cell currents
        if cfg.adc_calibration == "per_column":
            fs = np.percentile(a, cfg.adc_percentile, axis=1)  # (n_groups, cols)
            layer = np.percentile(a.reshape(len(groups), -1), cfg.adc_percentile, axis=1)
            fs = np.where(fs > 0, fs, layer[:, None])
        else:
            fs = np.percentile(a.reshape(len(groups), -1), cfg.adc_percentile, axis=1)
            fs = np.broadcast_to(fs[:, None], (len(groups), self.cols))
        fs = np.where(fs > 0, fs, 1.0) * i_ref
        self._adc_fs = torch.as_tensor(np.ascontiguousarray(fs), dtype=_DTYPE,
                                       device=self.torch_device)
        self._adc_key = self._calibration_key()
        self._adc_version += 1
        return self

    def _calibration_key(self) -> tuple:
        cfg = self.config
        return (cfg.adc_calibration, cfg.adc_percentile, cfg.accumulation, cfg.dac_bits,
                cfg.dac_range, cfg.v_read)

    @property
    def adc_full_scale(self) -> torch.Tensor | float | None:
        """ADC full scale(s) in A: a float (fixed range), a tensor (n_groups, cols) once
        calibrated, ``None`` before calibration or for an ideal ADC."""
        if not self.config.adc_bits or self.needs_adc_calibration:
            return None
        return self._full_scale()

    @property
    def adc_clip_fraction(self) -> float:
        """Fraction of ADC conversions that saturated (``|I| > full scale``) over the
        reads since programming or the last calibration (0 for an ideal ADC).

        Counted only while :attr:`count_adc_clipping` is set (``evaluate`` sets it for
        its own reads); reading the fraction without it raises a ``ValueError``.
        """
        if not self.count_adc_clipping and not self._clips and self.config.adc_bits:
            raise ValueError("ADC clipping is not counted: set count_adc_clipping = True on "
                             "the array (or call count_adc_clipping(model)) before reading")
        n_clip = sum(int(c) for c, _ in self._clips)
        n_all = sum(n for _, n in self._clips)
        self._clips = [(n_clip, n_all)] if n_all else []
        return n_clip / n_all if n_all else 0.0

    def reset_adc_calibration(self) -> None:
        """Forget the calibrated ADC ranges (the next read, or :meth:`calibrate_adc`,
        sets them again) and the clipping count."""
        self._adc_fs, self._adc_key, self._clips = None, None, []

    def reset_adc_clip_count(self) -> None:
        """Restart the count behind :attr:`adc_clip_fraction`."""
        self._clips = []

    def adc_clip_counts(self) -> tuple[int, int]:
        """(clipped conversions, all conversions) since programming or calibration."""
        _ = self.adc_clip_fraction
        return self._clips[0] if self._clips else (0, 0)

    def _weight_l1(self, gs: Any) -> float:
        """Calibration read (Joshi et al. 2020): sum over columns of |output currents|
        for a fixed set of 64 uniform-random calibration inputs (seeded, noise-free)."""
        n_rt, _, tr, _ = gs[0].shape
        gen = make_generator(1234, self.torch_device)
        v = torch.rand(64, n_rt, tr, generator=gen, device=self.torch_device, dtype=_DTYPE)
        out = torch.einsum("brk,rckn->brcn", v, gs[0] - gs[1]).sum(dim=1)
        return float(out.abs().sum())

    def conductances(self, t: float | None = None) -> dict[str, torch.Tensor]:
        """Noise-free conductances (S) at time ``t`` of the cells in use.

        Returns ``{"pos", "neg"}`` (each ``rows x cols``) for the differential mapping
        and ``{"main": rows x cols, "ref": rows x column_tiles}`` for the offset mapping.
        """
        t = self.config.t_inference if t is None else float(t)
        (g_a, g_b), _, _ = self._state(t)
        names = ("pos", "neg") if self.config.mapping == "differential" else ("main", "ref")
        return {
            names[0]: _untile(g_a)[: self.rows, : self.cols],
            names[1]: _untile(g_b)[: self.rows] if names[1] == "ref"
            else _untile(g_b)[: self.rows, : self.cols],
        }

    def fault_map(self) -> dict[str, torch.Tensor]:
        """Stuck cells of each rail: +1 stuck-ON, -1 stuck-OFF, 0 healthy (rows x cols)."""
        names = ("pos", "neg") if self.config.mapping == "differential" else ("main", "ref")
        fa, fb = (_untile(f)[: self.rows] for f in self._fault)
        return {names[0]: fa[:, : self.cols], names[1]: fb if names[1] == "ref"
                else fb[:, : self.cols]}

    def effective_weights(self, t: float | None = None) -> torch.Tensor:
        """Noise-free weight matrix (out x in) that the array realises at time ``t``."""
        t = self.config.t_inference if t is None else float(t)
        (g_a, g_b), _, alpha = self._state(t)
        dg = _untile(g_a - g_b)[: self.rows, : self.cols]
        return (dg * self.weight_per_siemens * alpha).T

    def relaxed(self, retained: float) -> CrossbarArray:
        """A copy whose programmed conductances have relaxed towards ``G_min``.

        Every cell keeps the fraction ``retained`` (in [0, 1]) of its programmed window,
        ``G -> G_min + retained (G - G_min)`` on both rails of every tile, as a state that
        relaxes towards the high-resistance state does; e.g. ``retained`` is the
        Kohlrausch factor ``exp(-(t/tau)^beta)`` of
        :func:`neuroexplore.devices.retention.retention`.  With the differential mapping
        this scales the realised weights by ``retained``; with the offset mapping the
        reference column relaxes too.  Stuck cells, drift exponents, the configuration,
        the calibrated ADC ranges and the read seed are kept.
        """
        r = float(retained)
        if not 0.0 <= r <= 1.0:
            raise ValueError(f"retained = {retained!r} is outside its valid range [0, 1]")
        g_min = self.device.g_min
        g_a, g_b = (g_min + r * (g - g_min) for g in self._g)
        new = CrossbarArray(
            weight_shape=self.weight_shape, w_max=self.w_max, device=self.device,
            config=self.config, g_a=g_a, g_b=g_b, nu_a=self._nu[0], nu_b=self._nu[1],
            fault_a=self._fault[0], fault_b=self._fault[1], read_seed=self._read_seed,
        )
        new._adc_fs, new._adc_key = self._adc_fs, self._adc_key  # ranges stay set
        new._adc_version = self._adc_version
        return new

    # ----------------------------------------------------------------- read
    def _read(self, xt: torch.Tensor, t: float, seed: int | None, *,
              weights: bool) -> torch.Tensor:
        """Column currents (A), or with ``weights`` the products in weight units."""
        cfg = self.config
        if self.needs_adc_calibration:  # first batch seen calibrates (module doc)
            self.calibrate_adc(xt)
        plan = self._read_plan(t, seed)
        generator = self._gen_for(seed)
        to_weights = self._state(t)[2] * self.weight_per_siemens / cfg.v_read
        if cfg.r_wire > 0:
            codes, scale = dac_codes(xt, plan, cfg.dac_range)
            i = self._currents_ir_drop(codes * plan.v_unit, t, generator,
                                       self._frozen_read_noise(t, seed))
            return i.mul_(scale * to_weights) if weights else i
        gain = plan.i_unit * (to_weights if weights else 1.0)
        return read_with_plan(plan, xt, generator, dac_range=cfg.dac_range, gain=gain,
                              undo_input_scale=weights,
                              clip_counts=self._clips if self.count_adc_clipping else None)

    def _currents_ir_drop(
        self, v: torch.Tensor, t: float, generator: torch.Generator,
        frozen: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> torch.Tensor:
        """Column currents (A) with wire resistance: per-rail nonlinear IR-drop model.

        Read noise is added to the IR-drop currents as the linear term ``sum_i n_ij V_i``
        (per read, or the ``frozen`` per-inference realisation)."""
        cfg = self.config
        (g_a, g_b), (var_a, var_b), _ = self._state(t)
        n_rt, n_ct, tr, tc = g_a.shape
        vt = torch.zeros(v.shape[0], n_rt * tr, dtype=v.dtype, device=v.device)
        vt[:, : v.shape[1]] = v
        vt = vt.reshape(-1, n_rt, tr)
        i = (ir_drop_currents_torch(g_a, vt, cfg.r_wire)
             - ir_drop_currents_torch(g_b, vt, cfg.r_wire))
        if frozen is not None:
            i = i + torch.einsum("brk,rckn->brcn", vt, frozen[0]) - torch.einsum(
                "brk,rckn->brcn", vt, frozen[1])
        elif cfg.read_noise > 0 or cfg.pcm_noise:  # (B, n_rt, n_ct, tc)
            v2 = vt * vt
            var = torch.einsum("brk,rckn->brcn", v2, var_a) + torch.einsum(
                "brk,rckn->brcn", v2, var_b
            )
            noise = torch.randn(i.shape, generator=generator, dtype=i.dtype, device=i.device)
            i = i + var.sqrt() * noise
        if cfg.accumulation != "digital":
            i = i.sum(dim=1, keepdim=True)
        if cfg.adc_bits:
            fs = self._full_scale()
            if isinstance(fs, torch.Tensor):  # (n_groups, cols) -> (1, n_groups, n_ct, tc)
                pad = torch.ones(fs.shape[0], n_ct * tc, dtype=i.dtype, device=i.device)
                pad[:, : self.cols] = fs
                fs = pad.reshape(1, fs.shape[0], n_ct, tc)
            fs = torch.as_tensor(fs, dtype=i.dtype, device=i.device)
            if self.count_adc_clipping:
                clipped = (i.abs() > fs).reshape(i.shape[0], i.shape[1], n_ct * tc)[
                    ..., : self.cols]
                self._clips.append((torch.count_nonzero(clipped), clipped.numel()))
            i = quantize(i, bits=cfg.adc_bits, full_scale=fs)
        i = i.sum(dim=1)
        return i.reshape(i.shape[0], n_ct * tc)[:, : self.cols]

    def _prepare(self, x: Any) -> tuple[torch.Tensor, bool, bool]:
        is_np = not isinstance(x, torch.Tensor)
        xt = _as_tensor(x, self.torch_device)
        squeeze = xt.ndim == 1
        if squeeze:
            xt = xt[None, :]
        if xt.ndim != 2 or xt.shape[1] != self.rows:
            raise ValueError(
                f"x must have shape (batch, {self.rows}) or ({self.rows},), got {tuple(xt.shape)}"
            )
        return xt, is_np, squeeze  # finiteness is checked by the DAC (read_plan.dac_codes)

    def _gen_for(self, seed: int | None) -> torch.Generator:
        return self._gen if seed is None else make_generator(seed, self.torch_device)

    def mvm(self, x: Any, t: float | None = None, *, seed: int | None = None) -> Any:
        """Output column currents (A) for inputs ``x`` (batch x in, or in).

        The inputs are converted to row voltages by the DAC (see module doc), the array
        computes ``I = G^T V`` per tile with read noise (per read: drawn from the array's
        generator, or from ``seed``; ``read_noise_sampling="per_inference"``: the
        realisation frozen for (``seed`` or the array's read seed, ``t``)), and the ADC
        quantises per tile (digital accumulation) or once (analog).  Returns net
        currents (``I+ - I-`` or ``I - I_ref``), numpy in -> numpy out.
        Not differentiable (inputs are detached; computed without autograd).
        """
        xt, is_np, squeeze = self._prepare(x)
        t = self.config.t_inference if t is None else float(t)
        with torch.no_grad():
            i = self._read(xt, t, seed, weights=False)
        i = i[0] if squeeze else i
        return i.cpu().numpy() if is_np else i

    def matmul(self, x: Any, t: float | None = None, *, seed: int | None = None) -> Any:
        """``W x`` computed by the array, in weight units (batch x out, or out).

        Applies the inverse of the input scaling and weight mapping and, with drift
        compensation, the global calibration factor.  Not differentiable (see :meth:`mvm`).
        """
        xt, is_np, squeeze = self._prepare(x)
        t = self.config.t_inference if t is None else float(t)
        with torch.no_grad():
            y = self._read(xt, t, seed, weights=True)
        y = y[0] if squeeze else y
        return y.cpu().numpy() if is_np else y

    def read_energy(
        self, x: Any = None, t: float | None = None, t_read: float = 250e-9
    ) -> float:
        """Mean read energy (J) per input vector: ``sum_ij V_i^2 G_ij t_read`` over all cells.

        ``x = None`` drives every used row at the full-scale ``v_read`` (upper bound).
        """
        t = self.config.t_inference if t is None else float(t)
        (g_a, g_b), _, _ = self._state(t)
        n_rt, n_ct, tr, _ = g_a.shape
        vt = torch.zeros(1 if x is None else 0, n_rt * tr, dtype=_DTYPE, device=self.torch_device)
        if x is None:
            vt[:, : self.rows] = self.config.v_read
        else:
            xt, _, _ = self._prepare(x)
            plan = self._read_plan(t)
            with torch.no_grad():
                v = dac_codes(xt, plan, self.config.dac_range)[0] * plan.v_unit
            vt = torch.zeros(v.shape[0], n_rt * tr, dtype=v.dtype, device=v.device)
            vt[:, : v.shape[1]] = v
        v2 = (vt * vt).reshape(-1, n_rt, tr).mean(dim=0)  # (n_rt, tr)
        g_row = g_a.sum(dim=(1, 3)) + g_b.sum(dim=(1, 3))  # (n_rt, tr)
        return float((v2 * g_row).sum()) * t_read

    def __repr__(self) -> str:
        return (
            f"CrossbarArray({self.cols}x{self.rows} weights, device={self.device.name!r}, "
            f"mapping={self.config.mapping!r}, tiles={self.tiles})"
        )


def _pcm_us_per_siemens(dev: DeviceView) -> float:
    """Microsiemens on the 25-uS PCM scale per siemens of this device: ``25 uS / g_max``.

    The Joshi et al. (2020) statistics are stated for a PCM with ``g_max = 25 uS``; any
    device is mapped onto that scale by its own ``g_max`` (``G = g_max`` -> 25 uS), so
    the drift and read-noise fits see ``x = G / g_max`` and the programming-noise std
    scales with ``g_max``.
    """
    return PCM_G_MAX_US / dev.g_max


@dataclass(frozen=True)
class _CodePlan:
    """The DAC part of a read plan (for :func:`dac_codes` during calibration)."""

    code_max: float
    dac_levels: bool


def _untile(g: torch.Tensor) -> torch.Tensor:
    """(n_rt, n_ct, tr, tc) -> (n_rt*tr, n_ct*tc)."""
    n_rt, n_ct, tr, tc = g.shape
    return g.permute(0, 2, 1, 3).reshape(n_rt * tr, n_ct * tc)


def _program(
    h: torch.Tensor, dev: DeviceView, cfg: CrossbarConfig, gen: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """Program normalised targets ``h`` in [0, 1]; return conductances, drift nu, faults."""
    span = dev.span
    target = dev.g_min + span * h
    d2d = math.hypot(dev.d2d_sigma, cfg.d2d_sigma)
    gain = None
    if d2d > 0:
        gain = (1.0 + d2d * torch.randn(h.shape, generator=gen, device=h.device)).clamp(min=0.0)

    def observed(state: torch.Tensor) -> torch.Tensor:
        if gain is None:
            return state
        return (dev.g_min + gain * (state - dev.g_min)).clamp(dev.g_min, dev.g_max)

    if dev.continuous or cfg.programming == "exact":
        state = target.clone()
    else:
        if cfg.programming == "nearest":
            k = _nearest_level(h, dev)
        else:
            k = torch.round(h * dev.states_ltp)
        start = torch.full_like(h, dev.g_min)
        state = apply_pulses_torch(start, k, dev, c2c_scale=cfg.c2c_scale, generator=gen)
        tol = cfg.write_verify_tol * span
        for _ in range(cfg.write_verify):
            g_obs = observed(state)
            err = target - g_obs
            bad = err.abs() > tol
            if not bool(bad.any()):
                break
            h_obs = (g_obs - dev.g_min) / span
            p_up = pulse_position(h, dev, True) - pulse_position(h_obs, dev, True)
            p_dn = pulse_position(h, dev, False) - pulse_position(h_obs, dev, False)
            n_up = torch.round(p_up).clamp(1.0, 20.0 * dev.states_ltp)
            n_dn = torch.round(p_dn).clamp(-20.0 * dev.states_ltd, -1.0)
            n = torch.where(err > 0, n_up, n_dn) * bad
            state = apply_pulses_torch(state, n, dev, c2c_scale=cfg.c2c_scale, generator=gen)
    g = observed(state)
    if cfg.pcm_noise:
        to_us = _pcm_us_per_siemens(dev)
        sd = programming_noise_std_us(target * to_us) / to_us
        g = g + sd * torch.randn(g.shape, generator=gen, device=g.device)
    g = g.clamp(dev.g_min, dev.g_max)
    nu = None
    if cfg.drift:
        mu, sd = drift_nu_stats(g * _pcm_us_per_siemens(dev))
        nu = (mu + sd * torch.randn(g.shape, generator=gen, device=g.device)).clamp(min=0.0)
    fault = torch.zeros_like(g, dtype=torch.int8)
    if cfg.stuck_on_rate > 0 or cfg.stuck_off_rate > 0:
        u = torch.rand(g.shape, generator=gen, device=g.device)
        fault = torch.where(u < cfg.stuck_on_rate, 1, 0).to(torch.int8)
        off = (u >= cfg.stuck_on_rate) & (u < cfg.stuck_on_rate + cfg.stuck_off_rate)
        fault = torch.where(off, torch.tensor(-1, dtype=torch.int8, device=g.device), fault)
    return g, nu, fault
