"""Crossbar configuration: every non-ideality as one validated, slider-ready field.

:class:`CrossbarConfig` is a frozen dataclass declared with
:func:`~neuroexplore.params.spec_dataclass`: each numeric field is a
:func:`~neuroexplore.params.param` (default, bounds, step, unit, doc) and each
categorical field a :func:`~neuroexplore.params.choice`, declared once.  Their specs
are ``CrossbarConfig.SPECS`` (also :func:`config_parameters`), so a widget builds its
controls from them and the constructor validates against the very same specs.

Examples
--------
>>> cfg = CrossbarConfig(adc_bits=6, mapping="offset")
>>> cfg.adc_bits, cfg.mapping
(6, 'offset')
>>> CrossbarConfig(adc_bits=40)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: adc_bits = 40 bits is outside its valid range [0, 16] bits (ADC resolution...
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..params import ChoiceSpec, ParamSpec, choice, param, spec_dataclass
from ..seeding import as_seed

__all__ = ["CrossbarConfig", "config_parameters", "COMPUTE_DEVICES"]

#: Values accepted by :attr:`CrossbarConfig.torch_device` (the torch compute device).
COMPUTE_DEVICES = ("auto", "cpu", "cuda")


@spec_dataclass(eq=True)
class CrossbarConfig:
    """Every knob of a simulated crossbar, validated on construction.

    Units: conductance in siemens, voltage in volts, time in seconds, current in
    amperes.  See :attr:`SPECS` (or :func:`config_parameters`) for each field's range,
    unit and meaning.

    Parameters
    ----------
    pulse_device : str or PulseDevice
        The synaptic device: ``"ideal"`` (continuous, linear, noiseless, built in), the
        name of a preset of :mod:`neuroexplore.devices` (looked up lazily with
        ``get_device``) or any object honouring the ``PulseDevice`` contract.
    torch_device : {"auto", "cpu", "cuda"} or "cuda:N"
        torch compute device; ``"auto"`` picks CUDA when available, else CPU.
    seed : int or None
        Default seed for programming and read noise when a function gets none.

    Notes
    -----
    ``read_noise_sampling`` chooses *when* the read noise (``read_noise`` and the PCM
    1/f noise of ``pcm_noise``) is sampled; both choices give every cell the same
    marginal noise ``N(0, s_ij^2)``:

    * ``"per_read"`` (default, physical): a fresh realisation on every read, so two
      reads of the same input differ and averaging reads reduces the noise.
    * ``"per_inference"``: one realisation per inference time ``t`` and read seed,
      frozen into the effective conductances, as aihwkit's ``PCMLikeNoiseModel`` does
      when it drifts the weights to ``t``.  Repeated reads at the same ``t`` give
      identical outputs; the output spread appears across seeds (or times), not across
      reads.  A read is then one matrix product plus the converters.
    The ADC full scale is calibrated as chips calibrate it (``adc_calibration``, default
    ``"per_layer"``): after programming, a calibration batch is read and the full scale
    set to the ``adc_percentile``-th percentile of ``|I|`` of the column currents, per
    array or per column (and per row tile when tiles are ADC'd separately).  See
    :meth:`CrossbarArray.calibrate_adc` and :func:`~neuroexplore.crossbar.calibrate`.
    ``"fixed"`` keeps ``adc_range`` full-scale cell currents whatever the currents are;
    the fraction of conversions that clip is then worth watching
    (:attr:`CrossbarArray.adc_clip_fraction`).  The DAC scales each input vector by its
    own abs-max unless ``dac_range`` fixes the input range.
    """

    pulse_device: Any = "ideal"
    mapping: str = choice("differential", ("differential", "offset"),
        doc="signed weights as a differential pair G+ - G- or as G - G_ref (one reference "
        "column per tile at mid-range)")
    programming: str = choice("nearest", ("nearest", "linear", "exact"),
        doc="open-loop programming: 'nearest' reachable state on the device's pulse curve, "
        "'linear' pulse count assuming a linear device (shows the curve's nonlinearity), "
        "'exact' continuous target (no quantisation)")
    states: int = param(0, 0, 4096, step=1, unit="levels", integer=True,
        doc="override the number of programmable levels (0 = device's states_ltp pulses)")
    c2c_scale: float = param(1.0, 0.0, 5.0, step=0.05, unit="x",
        doc="multiplier on the device's cycle-to-cycle write noise per pulse")
    d2d_sigma: float = param(0.0, 0.0, 0.5, step=0.005, unit="frac",
        doc="device-to-device spread of each cell's conductance range (relative std)")
    read_noise: float = param(0.0, 0.0, 0.2, step=0.001, unit="frac",
        doc="Gaussian read noise per read, std as a fraction of (g_max - g_min)")
    read_noise_sampling: str = choice("per_read", ("per_read", "per_inference"),
        doc="when read noise (read_noise, PCM 1/f) is drawn: 'per_read' afresh on every read "
        "(physical: repeated reads are independent); 'per_inference' once per inference time "
        "and seed into the cells' conductances, as aihwkit's PCMLikeNoiseModel does (repeated "
        "reads at one time give identical outputs; same per-cell statistics; faster)")
    pcm_noise: bool = choice(False, (False, True),
        doc="add PCM programming noise and 1/f read noise (Joshi et al. 2020)")
    drift: bool = choice(False, (False, True),
        doc="conductance drift G(t) = G(t0) (t/t0)^-nu with PCM statistics (Joshi et al. 2020)")
    t_inference: float = param(0.0, 0.0, 3.2e7, step=60.0, unit="s",
        doc="time of inference after programming (drift, 1/f read noise)")
    drift_compensation: bool = choice(True, (False, True),
        doc="global drift compensation: rescale outputs by a calibration read at t vs t0")
    dac_bits: int = param(0, 0, 16, step=1, unit="bits", integer=True,
        doc="input DAC resolution; 0 = ideal (float) inputs; 1 is not allowed (signed DAC)")
    dac_range: float = param(0.0, 0.0, 100.0, step=0.1, unit="input units",
        doc="input value mapped to full-scale read voltage (clipped beyond); "
        "0 = per-vector abs-max scaling")
    adc_bits: int = param(0, 0, 16, step=1, unit="bits", integer=True,
        doc="ADC resolution; 0 = ideal (float) read-out")
    adc_calibration: str = choice("per_layer", ("per_layer", "per_column", "fixed"),
        doc="ADC full scale: calibrated from a calibration batch as a percentile of |column "
        "current| ('per_layer': one range for all ADCs of an array; 'per_column': one per "
        "column ADC), or 'fixed' at adc_range cell currents (clipping reported)")
    adc_percentile: float = param(99.99, 50.0, 100.0, step=0.01, unit="%",
        doc="percentile of |column current| over the calibration batch taken as ADC full "
        "scale (adc_calibration 'per_layer' or 'per_column')")
    adc_range: float = param(20.0, 0.5, 1000.0, step=0.5, unit="cell currents", log=True,
        doc="fixed ADC full scale (adc_calibration='fixed') in units of one full-scale cell "
        "current (g_max - g_min) V_read; outputs clip beyond it")
    v_read: float = param(0.2, 0.01, 1.0, step=0.01, unit="V", doc="full-scale read voltage")
    stuck_on_rate: float = param(0.0, 0.0, 0.5, step=0.001, unit="frac",
        doc="fraction of cells stuck at g_max")
    stuck_off_rate: float = param(0.0, 0.0, 0.5, step=0.001, unit="frac",
        doc="fraction of cells stuck at g_min")
    r_wire: float = param(0.0, 0.0, 100.0, step=0.1, unit="ohm",
        doc="wire resistance per cell segment (IR drop); 0 = ideal wires")
    tile_rows: int = param(128, 2, 4096, step=1, unit="rows", integer=True,
        doc="rows (inputs) per physical array tile")
    tile_cols: int = param(128, 1, 4096, step=1, unit="cols", integer=True,
        doc="columns (outputs) per physical array tile")
    accumulation: str = choice("digital", ("digital", "analog"),
        doc="partial sums over row tiles: ADC each tile then add digitally, or add currents "
        "then one ADC")
    write_verify: int = param(0, 0, 50, step=1, unit="iterations", integer=True,
        doc="write-verify: up to n read-compare-pulse iterations (0 = open loop)")
    write_verify_tol: float = param(0.02, 0.001, 0.5, step=0.001, unit="frac",
        doc="write-verify tolerance as a fraction of (g_max - g_min)")
    torch_device: str = "auto"
    seed: int | None = None

    def __post_init__(self) -> None:
        """Cross-field checks (every spec'd field is already validated)."""
        for name in ("dac_bits", "adc_bits"):
            if getattr(self, name) == 1:
                raise ValueError(
                    f"{name} = 1 bits is not valid; use 0 (ideal) or 2..16 bits (signed converter)"
                )
        if self.states == 1:
            raise ValueError("states = 1 levels is not valid; use 0 (device's own) or 2..4096")
        if self.stuck_on_rate + self.stuck_off_rate > 1.0:
            raise ValueError(
                f"stuck_on_rate + stuck_off_rate = {self.stuck_on_rate + self.stuck_off_rate} "
                "must not exceed 1"
            )
        dev = self.torch_device
        if not isinstance(dev, str) or not (dev in COMPUTE_DEVICES or dev.startswith("cuda:")):
            raise ValueError(
                f"torch_device = {dev!r} is not valid; expected one of {COMPUTE_DEVICES} (the "
                "torch compute device; the synaptic device goes in pulse_device)"
            )
        if self.seed is not None:
            as_seed(self.seed)
        pd = self.pulse_device
        if not isinstance(pd, str) and not hasattr(pd, "g_max"):
            raise ValueError(
                f"pulse_device = {pd!r} must be a device name or a PulseDevice-like object"
            )

    def as_dict(self) -> dict[str, Any]:
        """Field name -> value."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def config_parameters() -> tuple[ParamSpec | ChoiceSpec, ...]:
    """All validated, slider-ready fields of :class:`CrossbarConfig` (its ``SPECS``).

    ``pulse_device``, ``torch_device`` and ``seed`` are not sliders and are validated
    separately.
    """
    return CrossbarConfig.SPECS
