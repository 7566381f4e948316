"""The design search space, declared once from the engines' own parameter specs.

Every dimension of a design is a :class:`~neuroexplore.params.ParamSpec` (a number
with bounds, unit, log scale, integer flag) or a :class:`~neuroexplore.params.ChoiceSpec`
(a categorical choice).  They are *derived* from the specs the engines already
validate against -- :data:`~neuroexplore.devices.PULSE_DEVICE_SPECS` for the device and
:func:`~neuroexplore.crossbar.config_parameters` (``CrossbarConfig.SPECS``) for the
array -- with narrower default search bounds.  The engine's own range stays the limit a
user may widen to: a bound outside it raises ``ValueError`` naming the parameter and its
valid range.

The catalogue (:data:`DESIGN_SPECS`; units in brackets):

========================  ================================================  ==================
name                      meaning (engine field)                            default bounds
========================  ================================================  ==================
``states``                programmable levels per LTP/LTD sweep             4 .. 256 (log)
                          (``PulseDevice.states_ltp`` = ``states_ltd``)
``nonlinearity_ltp``      NeuroSim LTP label (``PulseDevice``)              0 .. 6
``nonlinearity_ltd``      NeuroSim LTD label (``PulseDevice``)              -6 .. 0
``c2c_sigma``             cycle-to-cycle write noise per pulse, fraction    0 .. 0.1
                          of (g_max - g_min) (``PulseDevice``)
``d2d_sigma``             device-to-device spread of the conductance        0 .. 0.2
                          range (``CrossbarConfig``)
``on_off``                ``g_max / g_min`` [1]                             2 .. 100 (log)
``r_on``                  ``1 / g_max`` [ohm]                               1e3 .. 1e6 (log)
``drift_nu_scale``        multiplier on the PCM drift exponents nu          0 .. 2
                          (Joshi et al. 2020 statistics) [x]
``adc_bits``              ADC resolution (``CrossbarConfig``) [bits]        2 .. 10
``dac_bits``              DAC resolution (``CrossbarConfig``) [bits]        2 .. 10
``mapping``               signed weights as a differential pair or          both
                          against a reference column (``CrossbarConfig``)
========================  ================================================  ==================

Any other field of ``CrossbarConfig.SPECS`` (``read_noise``, ``write_verify``,
``stuck_on_rate``...) may be searched too, with its engine bounds.

Examples
--------
>>> sp = space("adc_bits", "states", r_on=(1e4, 1e6))
>>> sp.names
('adc_bits', 'states', 'r_on')
>>> print(sp.describe()[-1])
r_on in [10000, 1e+06] ohm (log)
>>> space(adc_bits=(1, 8))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: adc_bits: bounds (1, 8) bits are outside its valid range [2, 16] bits (ADC ...
>>> space("colour")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: 'colour' is not a design parameter; known: ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..params import ChoiceSpec, ParamSpec, Spec

__all__ = ["DesignSpace", "DESIGN_SPECS", "DEFAULT_SPACE", "LIMITS", "space"]

#: Names that map onto fields of the pulse device (the rest go to CrossbarConfig,
#: except ``drift_nu_scale``, which scales the drift time, see :mod:`.engine`).
DEVICE_NAMES = ("states", "nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma", "on_off", "r_on")


def _engine_specs() -> tuple[dict[str, Spec], dict[str, Spec]]:
    """The engines' own specs (light imports: numpy only, no torch)."""
    from ..crossbar.config import CrossbarConfig
    from ..devices.pulse import PULSE_DEVICE_SPECS

    dev = {s.name: s for s in PULSE_DEVICE_SPECS}
    cfg = {s.name: s for s in CrossbarConfig.SPECS}
    return dev, cfg


def _catalogue() -> tuple[dict[str, Spec], dict[str, Spec]]:
    """(design specs with default search bounds, limit specs with the valid ranges)."""
    dev, cfg = _engine_specs()
    g_max = dev["g_max"]
    limits: dict[str, Spec] = {
        "states": replace(dev["states_ltp"], name="states", low=2, high=4096, default=40,
                          unit="levels", log=True,
                          doc="programmable levels per potentiation / depression sweep"),
        "nonlinearity_ltp": dev["nonlinearity_ltp"],
        "nonlinearity_ltd": dev["nonlinearity_ltd"],
        "c2c_sigma": replace(dev["c2c_sigma"], unit="frac"),
        "d2d_sigma": cfg["d2d_sigma"],
        # derived from g_max / g_min: R_on = 1/g_max, on/off = g_max/g_min
        "on_off": ParamSpec("on_off", 10.0, 1.01, 1e6, unit="1", log=True,
                            doc="on/off conductance ratio g_max / g_min"),
        "r_on": ParamSpec("r_on", 1e5, 1.0 / g_max.high, 1.0 / g_max.low, unit="ohm",
                          log=True, doc="on-state resistance 1 / g_max"),
        "drift_nu_scale": ParamSpec("drift_nu_scale", 1.0, 0.0, 5.0, step=0.05, unit="x",
                                    doc="multiplier on the PCM drift exponents nu (Joshi "
                                    "et al. 2020 statistics)"),
        "adc_bits": replace(cfg["adc_bits"], low=2, default=6,
                            doc="ADC resolution; 2..16 bits, a signed converter"),
        "dac_bits": replace(cfg["dac_bits"], low=2, default=6,
                            doc="DAC resolution; 2..16 bits, a signed converter"),
        "mapping": cfg["mapping"],
    }
    bounds = {"states": (4, 256), "nonlinearity_ltp": (0.0, 6.0),
              "nonlinearity_ltd": (-6.0, 0.0), "c2c_sigma": (0.0, 0.1),
              "d2d_sigma": (0.0, 0.2), "on_off": (2.0, 100.0), "r_on": (1e3, 1e6),
              "drift_nu_scale": (0.0, 2.0), "adc_bits": (2, 10), "dac_bits": (2, 10)}
    design: dict[str, Spec] = {}
    for name, spec in limits.items():
        if name in bounds:
            lo, hi = bounds[name]
            default = min(max(spec.default, lo), hi)
            spec = replace(spec, low=lo, high=hi, default=default, step=0.0)
            spec = replace(spec, step=1.0 if spec.integer else (hi - lo) / 100)
        design[name] = spec
    for name, spec in cfg.items():  # any other array knob, with its engine bounds
        limits.setdefault(name, spec)
        design.setdefault(name, spec)
    return design, limits


DESIGN_SPECS, LIMITS = _catalogue()

#: The default search space: the device and array figures of merit of issue 13.
DEFAULT_SPACE = ("states", "nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma", "d2d_sigma",
                 "on_off", "r_on", "drift_nu_scale", "adc_bits", "dac_bits", "mapping")


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _unit(spec: ParamSpec) -> str:
    return f" {spec.unit}" if spec.unit and spec.unit != "1" else ""


@dataclass(frozen=True)
class DesignSpace:
    """The dimensions searched and the values held fixed.

    Build one with :func:`space`.

    Attributes
    ----------
    specs : tuple of ParamSpec or ChoiceSpec
        The searched dimensions, each with its search bounds (``low``, ``high``,
        ``log``, ``integer``) or choices.
    fixed : dict
        Design parameters held at a value (not searched).
    custom : bool
        Whether the names are free (a synthetic or user objective) rather than the
        engine's design parameters.
    """

    specs: tuple[Spec, ...]
    fixed: Mapping[str, Any] = field(default_factory=dict)
    custom: bool = False

    def __post_init__(self) -> None:
        names = [s.name for s in self.specs]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate names in the design space: {names}")
        if not self.specs:
            raise ValueError("the design space is empty; name at least one parameter")

    @property
    def names(self) -> tuple[str, ...]:
        """The searched parameters, in order."""
        return tuple(s.name for s in self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def __getitem__(self, name: str) -> Spec:
        for s in self.specs:
            if s.name == name:
                return s
        raise KeyError(name)

    def describe(self) -> list[str]:
        """One line per dimension: ``name in [low, high] unit (log)`` or its choices."""
        out = []
        for s in self.specs:
            if isinstance(s, ChoiceSpec):
                out.append(f"{s.name} in {{{', '.join(repr(c) for c in s.choices)}}}")
            else:
                log = " (log)" if s.log else ""
                out.append(f"{s.name} in [{_fmt(s.low)}, {_fmt(s.high)}]{_unit(s)}{log}")
        out += [f"{k} = {v!r} (fixed)" for k, v in self.fixed.items()]
        return out

    def distributions(self) -> dict[str, Any]:
        """optuna distributions of the dimensions (imports optuna)."""
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        out: dict[str, Any] = {}
        for s in self.specs:
            if isinstance(s, ChoiceSpec):
                out[s.name] = CategoricalDistribution(list(s.choices))
            elif s.integer:
                out[s.name] = IntDistribution(int(s.low), int(s.high), log=s.log)
            else:
                out[s.name] = FloatDistribution(float(s.low), float(s.high), log=s.log)
        return out

    def grid(self, budget: int) -> dict[str, list[Any]]:
        """A full-factorial grid of at most ``budget`` points.

        Every choice keeps all its options; the numeric dimensions share the rest
        evenly: ``n = floor((budget / n_choices) ** (1 / n_numeric))`` values each
        (at least 2), evenly spaced (geometrically for log dimensions), integers
        rounded and de-duplicated.

        Examples
        --------
        >>> space("adc_bits", "mapping").grid(8)
        {'adc_bits': [2, 5, 7, 10], 'mapping': ['differential', 'offset']}
        """
        n_cat = math.prod(len(s.choices) for s in self.specs if isinstance(s, ChoiceSpec))
        numeric = [s for s in self.specs if isinstance(s, ParamSpec)]
        per = 1
        if numeric:
            per = max(2, int(math.floor((max(budget, 1) / n_cat) ** (1 / len(numeric)) + 1e-9)))
        out: dict[str, list[Any]] = {}
        for s in self.specs:
            if isinstance(s, ChoiceSpec):
                out[s.name] = list(s.choices)
                continue
            if s.log:
                vals = np.geomspace(s.low, s.high, per)
            else:
                vals = np.linspace(s.low, s.high, per)
            if s.integer:
                out[s.name] = sorted({int(round(v)) for v in vals})
            else:
                out[s.name] = [float(v) for v in vals]
        return out

    def unit_position(self, name: str, value: float) -> float:
        """Where ``value`` sits between the bounds, in [0, 1] (log scale if ``log``)."""
        s = self[name]
        if isinstance(s, ChoiceSpec):
            raise ValueError(f"{name} is a choice; it has no position between bounds")
        if s.high == s.low:
            return 0.0
        if s.log:
            return (math.log(value) - math.log(s.low)) / (math.log(s.high) - math.log(s.low))
        return (value - s.low) / (s.high - s.low)


def _bounds_spec(name: str, value: Any, limit: Spec | None, base: Spec | None) -> Spec | None:
    """The spec for ``name`` searched over ``value`` (bounds or choices), or ``None``
    when ``value`` fixes the parameter."""
    if isinstance(limit, ChoiceSpec) or (limit is None and isinstance(value, list)):
        choices = tuple(value) if isinstance(value, list | tuple) else None
        if choices is None:
            if limit is not None:
                limit.validate(value)
            return None
        if not choices:
            raise ValueError(f"{name}: give at least one choice")
        if limit is not None:
            for c in choices:
                limit.validate(c)
        return ChoiceSpec(name, choices[0], choices, doc=getattr(limit, "doc", ""))
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(f"{name}: bounds must be (low, high), got {value!r}")
        lo, hi = value
        if not all(isinstance(v, int | float | np.integer | np.floating)
                   and not isinstance(v, bool) and math.isfinite(float(v)) for v in (lo, hi)):
            raise ValueError(f"{name}: bounds must be two finite numbers, got {value!r}")
        if lo >= hi:
            raise ValueError(f"{name}: bounds ({_fmt(lo)}, {_fmt(hi)}) need low < high")
        if limit is None:  # a free (custom) dimension
            is_int = all(isinstance(v, int | np.integer) for v in (lo, hi))
            return ParamSpec(name, lo, lo, hi, unit="", integer=is_int)
        if not isinstance(limit, ParamSpec):  # pragma: no cover - a choice returned above
            raise ValueError(f"{name}: give a list of choices, got {value!r}")
        if lo < limit.low or hi > limit.high:
            doc = f" ({limit.doc})" if limit.doc else ""
            raise ValueError(f"{name}: bounds ({_fmt(lo)}, {_fmt(hi)}){_unit(limit)} are "
                             f"outside its valid range {limit.range_text}{doc}")
        if limit.integer and (lo != round(lo) or hi != round(hi)):
            raise ValueError(f"{name}: bounds ({lo!r}, {hi!r}) must be integers in "
                             f"{limit.range_text}")
        log = (base.log if isinstance(base, ParamSpec) else limit.log) and lo > 0
        spec = base if isinstance(base, ParamSpec) else limit
        default = min(max(spec.default, lo), hi)
        if limit.integer:
            lo, hi, default = int(round(lo)), int(round(hi)), int(round(default))
        return replace(spec, low=lo, high=hi, default=default, log=log,
                       step=1.0 if spec.integer else (hi - lo) / 100)
    if limit is not None:
        limit.validate(value)  # a fixed value: ValueError names the valid range
    return None


def space(*names: str, custom: bool = False, **bounds: Any) -> DesignSpace:
    """Declare a design space: a subset of :data:`DESIGN_SPECS`, bounds narrowed.

    Parameters
    ----------
    *names : str
        Parameters to search over their default bounds (none and no ``bounds``:
        :data:`DEFAULT_SPACE`).
    custom : bool
        Free names (for :func:`~neuroexplore.design.custom` objectives): every
        dimension is then given in ``bounds``.
    **bounds
        ``name=(low, high)`` searches ``name`` between these bounds (inside the
        engine's valid range); ``name=[choice, ...]`` searches those choices;
        ``name=value`` holds it fixed.

    Returns
    -------
    DesignSpace

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones), bounds outside the
        valid range (named with the range and unit), ``low >= high`` or a fixed value
        out of range.
    """
    for n in names:
        if not isinstance(n, str):
            raise ValueError(f"parameter names must be strings, got {n!r}")
    if not names and not bounds and not custom:
        names = DEFAULT_SPACE
    order = list(dict.fromkeys([*names, *bounds]))
    specs: list[Spec] = []
    fixed: dict[str, Any] = {}
    for name in order:
        if custom:
            if name not in bounds:
                raise ValueError(f"{name}: a custom space needs bounds, e.g. {name}=(0.0, 1.0)")
            limit = base = None
        else:
            if name not in LIMITS:
                raise ValueError(f"{name!r} is not a design parameter; known: "
                                 f"{', '.join(sorted(LIMITS))}")
            limit, base = LIMITS[name], DESIGN_SPECS[name]
        if name not in bounds:
            specs.append(base)
            continue
        spec = _bounds_spec(name, bounds[name], limit, base)
        if spec is None:
            fixed[name] = bounds[name]
        else:
            specs.append(spec)
    return DesignSpace(tuple(specs), fixed, custom)
