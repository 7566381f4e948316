"""Parameter specifications that both validation and sliders read.

A :class:`ParamSpec` carries a parameter's default, valid range, slider step,
unit and one-line doc.  Engines validate their inputs against it; widgets build
their sliders from it (see :mod:`neuroexplore.widgets.controls`).  This plays the
part of scikit-learn's ``_parameter_constraints`` / ``Interval`` pattern: one
source of truth for what a parameter may be.

Examples
--------
>>> tau = ParamSpec("tau_m", 10.0, 1.0, 100.0, step=0.5, unit="ms", doc="membrane time constant")
>>> tau.validate(20.0)
20.0
>>> tau.validate(500.0)
Traceback (most recent call last):
...
ValueError: tau_m = 500 ms is outside its valid range [1, 100] ms (membrane time constant)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

__all__ = ["ParamSpec", "ChoiceSpec", "validate_params", "specs_by_name", "check_dt"]


def _fmt(x: float) -> str:
    return f"{x:.6g}"


@dataclass(frozen=True)
class ParamSpec:
    """A bounded numeric parameter.

    Parameters
    ----------
    name : str
        Keyword name used by the engine.
    default : float
        Default value.
    low, high : float
        Inclusive valid range.  Values outside raise :class:`ValueError`.
    step : float
        Slider step (also the resolution a widget offers).
    unit : str
        Unit string shown next to the slider, e.g. ``"mV"``.
    doc : str
        One-line description.
    integer : bool
        Whether the parameter is an integer count.
    log : bool
        Whether a slider should move on a logarithmic scale (``low > 0``).
    label : str
        Human-readable label; defaults to ``name``.
    """

    name: str
    default: float
    low: float
    high: float
    step: float = 0.0
    unit: str = ""
    doc: str = ""
    integer: bool = False
    log: bool = False
    label: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.default <= self.high:
            raise ValueError(
                f"ParamSpec {self.name}: default {self.default} outside [{self.low}, {self.high}]"
            )
        if self.log and self.low <= 0:
            raise ValueError(f"ParamSpec {self.name}: a log-scale parameter needs low > 0")
        if self.step == 0.0:
            object.__setattr__(self, "step", 1.0 if self.integer else (self.high - self.low) / 100)
        if not self.label:
            object.__setattr__(self, "label", self.name)

    @property
    def range_text(self) -> str:
        """The valid range as text, e.g. ``"[1, 100] ms"``."""
        unit = f" {self.unit}" if self.unit else ""
        return f"[{_fmt(self.low)}, {_fmt(self.high)}]{unit}"

    def validate(self, value: Any) -> Any:
        """Return ``value`` if it is finite and in range, else raise ``ValueError``.

        Scalars come back as ``float`` (or ``int`` for integer specs); arrays come
        back as float arrays.  The error names the parameter, the offending value
        and the valid range.
        """
        arr = np.asarray(value, dtype=float) if not isinstance(value, bool) else None
        if arr is None or arr.dtype.kind not in "fiu":
            raise ValueError(f"{self.name} must be a number in {self.range_text}, got {value!r}")
        unit = f" {self.unit}" if self.unit else ""
        bad = ~np.isfinite(arr) | (arr < self.low) | (arr > self.high)
        if np.any(bad):
            worst = arr[bad].flat[0] if arr.ndim else float(arr)
            raise ValueError(
                f"{self.name} = {_fmt(worst)}{unit} is outside its valid range "
                f"{self.range_text}" + (f" ({self.doc})" if self.doc else "")
            )
        if self.integer and np.any(arr != np.round(arr)):
            raise ValueError(f"{self.name} must be an integer in {self.range_text}, got {value!r}")
        if arr.ndim == 0:
            return int(arr) if self.integer else float(arr)
        return arr.astype(int) if self.integer else arr

    def with_default(self, default: float) -> ParamSpec:
        """A copy with another default (used by presets)."""
        return replace(self, default=default)


@dataclass(frozen=True)
class ChoiceSpec:
    """A parameter chosen from a fixed set of options (a dropdown in a widget)."""

    name: str
    default: Any
    choices: tuple = field(default_factory=tuple)
    doc: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        if self.default not in self.choices:
            raise ValueError(f"ChoiceSpec {self.name}: default {self.default!r} not in choices")
        if not self.label:
            object.__setattr__(self, "label", self.name)

    @property
    def range_text(self) -> str:
        return "one of " + ", ".join(repr(c) for c in self.choices)

    def validate(self, value: Any) -> Any:
        if value not in self.choices:
            raise ValueError(f"{self.name} = {value!r} is not valid; expected {self.range_text}")
        return value


Spec = ParamSpec | ChoiceSpec


def specs_by_name(specs: Iterable[Spec]) -> dict[str, Spec]:
    """Index an iterable of specs by their names."""
    return {s.name: s for s in specs}


def validate_params(
    specs: Iterable[Spec] | Mapping[str, Spec],
    values: Mapping[str, Any],
    *,
    where: str = "",
) -> dict[str, Any]:
    """Fill defaults and validate ``values`` against ``specs``.

    Parameters
    ----------
    specs : iterable or mapping of ParamSpec / ChoiceSpec
    values : mapping
        User-supplied values; unknown names raise ``ValueError`` listing the known ones.
    where : str
        Context for error messages, e.g. the model name.

    Returns
    -------
    dict
        Every spec's name mapped to its validated value.
    """
    by_name = dict(specs) if isinstance(specs, Mapping) else specs_by_name(specs)
    unknown = set(values) - set(by_name)
    if unknown:
        ctx = f" for {where}" if where else ""
        raise ValueError(
            f"unknown parameter(s) {sorted(unknown)}{ctx}; valid parameters are {sorted(by_name)}"
        )
    return {name: spec.validate(values.get(name, spec.default)) for name, spec in by_name.items()}


def check_dt(dt: float, t_stop: float, *, dt_max: float, dt_min: float = 1e-4) -> float:
    """Validate an integration time step (ms) and stop time.

    Raises ``ValueError`` naming ``dt`` and its stable range when the step is
    outside ``[dt_min, dt_max]`` or larger than ``t_stop``.
    """
    dt = float(dt)
    t_stop = float(t_stop)
    if not np.isfinite(t_stop) or t_stop <= 0:
        raise ValueError(f"t_stop = {t_stop} ms must be a positive, finite time")
    if not np.isfinite(dt) or not dt_min <= dt <= dt_max:
        raise ValueError(
            f"dt = {dt} ms is outside its stable range [{dt_min}, {dt_max}] ms for this model"
        )
    if dt > t_stop:
        raise ValueError(f"dt = {dt} ms must not exceed t_stop = {t_stop} ms")
    return dt
