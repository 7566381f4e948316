"""Parameter specifications that both validation and sliders read.

A :class:`ParamSpec` carries a parameter's default, valid range, slider step,
unit and one-line doc.  Engines validate their inputs against it; widgets build
their sliders from it (see :mod:`neuroexplore.widgets.controls`).  This plays the
part of scikit-learn's ``_parameter_constraints`` / ``Interval`` pattern: one
source of truth for what a parameter may be.

A parameter is declared **once**:

* on a dataclass, with :func:`param` / :func:`choice` fields under the
  :func:`spec_dataclass` decorator, which derives the class's ``SPECS`` tuple from
  the fields, validates every instance and provides ``with_params``;
* on a function, in a spec table read by the :func:`takes_specs` decorator: the
  signature says ``= FROM_SPEC`` and the decorator fills in the spec's default and
  validates each call at the boundary (like scikit-learn's ``validate_params``).

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

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np

__all__ = [
    "ParamSpec",
    "ChoiceSpec",
    "Spec",
    "validate_params",
    "specs_by_name",
    "check_dt",
    "param",
    "choice",
    "spec_dataclass",
    "takes_specs",
    "FROM_SPEC",
    "spec_registry",
]


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


# --------------------------------------------------------------------------------------
# Declaring a parameter once
# --------------------------------------------------------------------------------------
_SPEC_KEY = "neuroexplore_spec"
_REGISTRY: list[Any] = []
_T = TypeVar("_T")


class _FromSpec:
    """Sentinel default: "take this parameter's default from its spec"."""

    _instance: _FromSpec | None = None

    def __new__(cls) -> _FromSpec:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "FROM_SPEC"


#: Write ``= FROM_SPEC`` as a function parameter's default under :func:`takes_specs`.
FROM_SPEC: Any = _FromSpec()


def spec_registry() -> tuple[Any, ...]:
    """Every class and function declared through this module, in import order."""
    return tuple(_REGISTRY)


def param(
    default: float,
    low: float,
    high: float,
    *,
    step: float = 0.0,
    unit: str = "",
    doc: str = "",
    integer: bool = False,
    log: bool = False,
    label: str = "",
) -> Any:
    """A dataclass field whose :class:`ParamSpec` is declared with it, once.

    Use inside a :func:`spec_dataclass`; the field's name becomes the spec's name.

    Examples
    --------
    >>> @spec_dataclass
    ... class Membrane:
    ...     tau_m: float = param(10.0, 1.0, 100.0, step=0.5, unit="ms", doc="time constant")
    >>> Membrane().tau_m, Membrane.SPECS[0].range_text
    (10.0, '[1, 100] ms')
    >>> Membrane(tau_m=500.0)
    Traceback (most recent call last):
    ...
    ValueError: tau_m = 500 ms is outside its valid range [1, 100] ms (time constant) [Membrane]
    """
    spec = ParamSpec("", default, low, high, step=step, unit=unit, doc=doc,
                     integer=integer, log=log, label=label)
    return field(default=default, metadata={_SPEC_KEY: spec})


def choice(default: Any, choices: Iterable[Any], *, doc: str = "", label: str = "") -> Any:
    """A dataclass field chosen from ``choices`` (a dropdown in a widget); see :func:`param`."""
    spec = ChoiceSpec("", default, tuple(choices), doc=doc, label=label)
    return field(default=default, metadata={_SPEC_KEY: spec})


def _named(spec: Spec, name: str) -> Spec:
    return replace(spec, name=name, label=spec.label or name)


def _with_params(self: Any, **changes: Any) -> Any:
    """A validated copy with some fields changed (unknown names raise ``ValueError``)."""
    names = [f.name for f in dataclasses.fields(self)]
    unknown = set(changes) - set(names)
    if unknown:
        raise ValueError(f"unknown {type(self).__name__} field(s) {sorted(unknown)}; "
                         f"valid fields are {sorted(names)}")
    return dataclasses.replace(self, **changes)


def spec_dataclass(
    cls: type[_T] | None = None, /, *, frozen: bool = True, eq: bool = False
) -> Any:
    """Make ``cls`` a dataclass whose :func:`param` / :func:`choice` fields are its specs.

    The decorated class gets

    * ``SPECS``: the tuple of named :class:`ParamSpec` / :class:`ChoiceSpec`, in field
      order (inherited fields first);
    * a ``__post_init__`` that validates every spec'd field (scalars or arrays) and
      stores the validated value, then runs the class's own ``__post_init__`` (for
      checks that involve several fields);
    * ``with_params(**changes)``: a validated copy (unless the class defines its own).

    Instances are frozen and compared by identity (``eq=False``), since fields may
    hold arrays.
    """

    def wrap(c: type[_T]) -> type[_T]:
        own_post_init = c.__dict__.get("__post_init__")

        def __post_init__(self: Any) -> None:
            specs = type(self).SPECS
            where = type(self).__name__
            name = getattr(self, "name", None)
            if isinstance(name, str) and name:
                where = f"{where} {name!r}"
            for spec in specs:
                try:
                    value = spec.validate(getattr(self, spec.name))
                except ValueError as err:
                    raise ValueError(f"{err} [{where}]") from None
                object.__setattr__(self, spec.name, value)
            if own_post_init is not None:
                own_post_init(self)

        c.__post_init__ = __post_init__  # type: ignore[attr-defined]
        if "with_params" not in c.__dict__:
            c.with_params = _with_params  # type: ignore[attr-defined]
        dc = dataclass(frozen=frozen, eq=eq)(c)
        specs = tuple(_named(f.metadata[_SPEC_KEY], f.name)
                      for f in dataclasses.fields(dc) if _SPEC_KEY in f.metadata)
        dc.SPECS = specs  # type: ignore[attr-defined]
        _REGISTRY.append(dc)
        return dc

    return wrap if cls is None else wrap(cls)


def takes_specs(*tables: Iterable[Spec] | Spec, where: str = "") -> Callable[[Callable], Callable]:
    """Decorate a function whose spec'd parameters default and validate from ``tables``.

    Every spec in ``tables`` must name a parameter of the function whose default is
    written ``= FROM_SPEC`` (or that has none): the decorator puts the spec's default
    into the signature, so the default is written once, and validates each call's
    values before the body runs.  Values reach the body validated (``int`` for
    integer specs, ``float`` for the rest, arrays as float arrays).

    Examples
    --------
    >>> RATE = (ParamSpec("rate", 5.0, 0.0, 100.0, unit="Hz", doc="firing rate"),)
    >>> @takes_specs(RATE)
    ... def spikes_expected(duration: float, *, rate: float = FROM_SPEC) -> float:
    ...     return duration * rate
    >>> spikes_expected(2.0)
    10.0
    >>> spikes_expected(2.0, rate=500)
    Traceback (most recent call last):
    ...
    ValueError: rate = 500 Hz is outside its valid range [0, 100] Hz (firing rate) \
[spikes_expected]
    """
    specs: list[Spec] = []
    for t in tables:
        specs.extend([t] if isinstance(t, ParamSpec | ChoiceSpec) else list(t))
    by_name = specs_by_name(specs)

    def deco(fn: Callable) -> Callable:
        label = where or fn.__name__
        sig = inspect.signature(fn)
        missing = set(by_name) - set(sig.parameters)
        if missing:
            raise TypeError(f"{fn.__qualname__} has no parameter(s) {sorted(missing)} "
                            "named by its specs")
        params = []
        for p in sig.parameters.values():
            if p.name in by_name:
                if p.default is not FROM_SPEC and p.default is not inspect.Parameter.empty:
                    raise TypeError(f"{fn.__qualname__}({p.name}=...): write '= FROM_SPEC'; "
                                    "the default is the spec's")
                if p.default is FROM_SPEC:
                    p = p.replace(default=by_name[p.name].default)
            params.append(p)
        new_sig = sig.replace(parameters=params)
        checked = tuple(n for n in new_sig.parameters if n in by_name)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = new_sig.bind_partial(*args, **kwargs).arguments
            for name in checked:  # a bad value is named even when a required one is missing
                if name in given:
                    try:
                        by_name[name].validate(given[name])
                    except ValueError as err:
                        raise ValueError(f"{err} [{label}]") from None
            bound = new_sig.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            for name in checked:
                try:
                    arguments[name] = by_name[name].validate(arguments[name])
                except ValueError as err:
                    raise ValueError(f"{err} [{label}]") from None
            return fn(*bound.args, **bound.kwargs)

        wrapper.__signature__ = new_sig  # type: ignore[attr-defined]
        wrapper.SPECS = tuple(by_name[n] for n in checked)  # type: ignore[attr-defined]
        _REGISTRY.append(wrapper)
        return wrapper

    return deco
