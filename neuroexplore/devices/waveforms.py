"""Voltage waveforms ``v(t)`` for driving memristor models (volts, seconds).

Each waveform is a frozen, callable dataclass: ``w(t)`` returns volts for an array
of times.  ``w.period`` is its period (s; ``None`` for sampled data) and
``w.breakpoints(t0, t1)`` lists the discontinuities of ``v`` in ``(t0, t1)`` so that
an ODE integrator can restart there (pulse edges).

Examples
--------
>>> w = sine(amplitude=1.0, frequency=2.0)
>>> float(w(0.125))
1.0
>>> p = pulse_train(amplitude=1.0, frequency=1.0, duty=0.25)
>>> p(np.array([0.1, 0.3])).tolist()
[1.0, 0.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import FROM_SPEC, param, spec_dataclass, takes_specs

__all__ = [
    "Waveform",
    "Sine",
    "Triangle",
    "VoltagePulseTrain",
    "Sampled",
    "sine",
    "triangle",
    "pulse_train",
    "sampled",
    "WAVEFORM_SPECS",
]


class Waveform:
    """Base class: ``__call__(t) -> v`` in volts; ``period``; ``breakpoints``."""

    period: float | None = None

    def __call__(self, t: np.ndarray | float) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def breakpoints(self, t0: float, t1: float) -> np.ndarray:
        """Times in ``(t0, t1)`` where ``v`` jumps (empty for continuous waveforms)."""
        return np.empty(0)


@dataclass(frozen=True)
class _Periodic(Waveform):
    """Shared fields of the periodic waveforms: amplitude (V), frequency (Hz), offset (V)."""

    amplitude: float = param(1.0, -20.0, 20.0, step=0.01, unit="V", doc="peak voltage")
    frequency: float = param(1.0, 1e-3, 1e9, unit="Hz", log=True, doc="repetition frequency")
    offset: float = param(0.0, -20.0, 20.0, step=0.01, unit="V", doc="DC offset")

    @property
    def period(self) -> float:  # type: ignore[override]
        return 1.0 / self.frequency


@spec_dataclass(eq=True)
class Sine(_Periodic):
    """``v(t) = offset + amplitude sin(2 pi f t)``."""

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        return self.offset + self.amplitude * np.sin(2 * np.pi * self.frequency * t)


@spec_dataclass(eq=True)
class Triangle(_Periodic):
    """Triangle starting at ``offset`` rising to ``offset + amplitude`` at T/4 (like a sine)."""

    def __call__(self, t):
        phase = np.mod(np.asarray(t, dtype=float) * self.frequency + 0.25, 1.0)
        return self.offset + self.amplitude * (1.0 - 4.0 * np.abs(phase - 0.5))


@spec_dataclass(eq=True)
class VoltagePulseTrain(_Periodic):
    """Rectangular voltage pulses: ``offset + amplitude`` for the first ``duty`` of each period."""

    duty: float = param(0.5, 1e-4, 1.0, step=0.01, doc="fraction of each period at high level")

    def __call__(self, t):
        phase = np.mod(np.asarray(t, dtype=float) * self.frequency, 1.0)
        return self.offset + np.where(phase < self.duty, self.amplitude, 0.0)

    def breakpoints(self, t0: float, t1: float) -> np.ndarray:
        T = self.period
        k = np.arange(np.floor(t0 / T), np.ceil(t1 / T) + 1)
        edges = np.sort(np.concatenate([k * T, (k + self.duty) * T]))
        return edges[(edges > t0) & (edges < t1)]


#: Every waveform parameter (the periodic ones and ``duty``), declared on the classes.
WAVEFORM_SPECS = VoltagePulseTrain.SPECS


@dataclass(frozen=True, eq=False)
class Sampled(Waveform):
    """Arbitrary sampled voltage ``v[k]`` at increasing times ``t[k]``; linear interpolation."""

    t: np.ndarray
    v: np.ndarray

    def __post_init__(self) -> None:
        t = np.asarray(self.t, dtype=float)
        v = np.asarray(self.v, dtype=float)
        if t.ndim != 1 or t.shape != v.shape or t.size < 2:
            raise ValueError(f"sampled waveform needs 1-D t and v of equal length >= 2, "
                             f"got shapes {t.shape} and {v.shape}")
        if not (np.all(np.isfinite(t)) and np.all(np.isfinite(v))):
            raise ValueError("sampled waveform contains NaN or inf")
        if np.any(np.diff(t) <= 0):
            raise ValueError("sampled waveform times t must be strictly increasing")
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "v", v)

    def __call__(self, t):
        return np.interp(np.asarray(t, dtype=float), self.t, self.v)


@takes_specs(Sine.SPECS)
def sine(amplitude: float = FROM_SPEC, frequency: float = FROM_SPEC,
         offset: float = FROM_SPEC) -> Sine:
    """Sine wave (V, Hz)."""
    return Sine(amplitude, frequency, offset)


@takes_specs(Triangle.SPECS)
def triangle(amplitude: float = FROM_SPEC, frequency: float = FROM_SPEC,
             offset: float = FROM_SPEC) -> Triangle:
    """Triangle wave (V, Hz)."""
    return Triangle(amplitude, frequency, offset)


@takes_specs(WAVEFORM_SPECS)
def pulse_train(amplitude: float = FROM_SPEC, frequency: float = FROM_SPEC,
                duty: float = FROM_SPEC, offset: float = FROM_SPEC) -> VoltagePulseTrain:
    """Rectangular voltage pulse train (V, Hz, duty fraction)."""
    return VoltagePulseTrain(amplitude=amplitude, frequency=frequency, offset=offset, duty=duty)


def sampled(t: np.ndarray, v: np.ndarray) -> Sampled:
    """Waveform from samples (s, V), linearly interpolated."""
    return Sampled(t, v)
