"""Input-current waveforms for :func:`neuroexplore.neurons.simulate`.

Each stimulus is a frozen dataclass with ``sample(t, *, n=None, rng=None)`` that
returns the current at the sample times ``t`` (ms): shape ``(len(t),)``, or
``(n, len(t))`` when an amplitude is an array of length ``n`` (one neuron each) or
when a noisy stimulus is drawn for a population of ``n``.  The current in step
``k`` is the value at ``t[k]`` and is held constant over ``[t[k], t[k] + dt)``.
The unit is that of the model's input (nA for LIF, pA for AdEx, uA/cm^2 for
Hodgkin-Huxley, dimensionless for Izhikevich and FitzHugh-Nagumo).

Examples
--------
>>> import numpy as np
>>> t = np.arange(5) * 1.0
>>> Step(2.0, onset=1.0, offset=3.0).sample(t)
array([0., 2., 2., 0., 0.])
>>> CurrentPulseTrain(1.0, frequency=250.0, width=1.0).sample(t)   # period 4 ms
array([1., 0., 0., 0., 1.])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

__all__ = ["Stimulus", "Step", "Ramp", "CurrentPulseTrain", "OrnsteinUhlenbeck"]

_EPS = 1e-9  # ms; tolerance when comparing sample times with onsets


def _finite(name: str, value: float | np.ndarray, *, positive: bool = False) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim > 1 or not np.all(np.isfinite(arr)) or (positive and np.any(arr <= 0)):
        kind = "positive, finite" if positive else "finite"
        raise ValueError(f"{name} = {value!r} must be a {kind} number or 1-D array")
    return arr


def _positive(name: str, value: float, unit: str = "", *, zero: bool = False) -> None:
    """``value`` must be finite and ``> 0`` (``>= 0`` when ``zero``)."""
    if not (math.isfinite(value) and (value >= 0 if zero else value > 0)):
        kind = "a finite number >= 0" if zero else "positive and finite"
        unit = f" {unit}" if unit else ""
        raise ValueError(f"{name} = {value}{unit} must be {kind}")


def _check_times(stim: Stimulus, *, finite_offset: bool = False) -> None:
    """``0 <= onset < offset`` (ms), and ``offset < inf`` when ``finite_offset``."""
    onset, offset = stim.onset, stim.offset  # type: ignore[attr-defined]
    if not (offset > onset >= 0 and (math.isfinite(offset) or not finite_offset)):
        bound = " < inf" if finite_offset else ""
        raise ValueError(
            f"{type(stim).__name__} needs 0 <= onset < offset{bound} (ms), got {onset}, {offset}"
        )


def _window(t: np.ndarray, onset: float, offset: float) -> np.ndarray:
    return (t >= onset - _EPS) & (t < offset - _EPS)


def _shape(amplitude: np.ndarray, profile: np.ndarray) -> np.ndarray:
    if amplitude.ndim == 0:
        return amplitude * profile
    return amplitude[:, None] * profile[None, :]


@njit(cache=True)
def _ar1(xi, rho, gain):  # pragma: no cover - jitted
    """``y[:, k] = rho y[:, k-1] + gain xi[:, k]``, ``y[:, 0] = gain xi[:, 0]``, row by row.

    The same operations as ``scipy.signal.lfilter([gain], [1, -rho], xi, axis=-1)``
    (bit-identical), without importing scipy.signal (~1 s) at start-up.
    """
    y = np.empty_like(xi)
    for r in range(xi.shape[0]):
        prev = 0.0
        for k in range(xi.shape[1]):
            prev = rho * prev + gain * xi[r, k]
            y[r, k] = prev
    return y


class Stimulus:
    """Base class: a current waveform sampled on the simulation grid."""

    def sample(
        self, t: np.ndarray, *, n: int | None = None, rng: np.random.Generator | None = None
    ) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Step(Stimulus):
    """Rectangular step: ``amplitude`` for ``onset <= t < offset``, else 0.

    Parameters
    ----------
    amplitude : float or array of shape (n,)
    onset, offset : float
        Times in ms (``offset`` may be ``inf``).
    """

    amplitude: float | np.ndarray
    onset: float = 0.0
    offset: float = math.inf

    def __post_init__(self) -> None:
        _finite("amplitude", self.amplitude)
        _check_times(self)

    def sample(self, t, *, n=None, rng=None):
        t = np.asarray(t, dtype=float)
        return _shape(np.asarray(self.amplitude, dtype=float),
                      _window(t, self.onset, self.offset).astype(float))


@dataclass(frozen=True)
class Ramp(Stimulus):
    """Linear ramp from ``start`` (at ``onset``) to ``end`` (at ``offset``); 0 outside.

    Parameters
    ----------
    start, end : float or array of shape (n,)
        Current at ``onset`` and (just before) ``offset``.
    onset, offset : float
        Times in ms, ``0 <= onset < offset < inf``.
    """

    start: float | np.ndarray
    end: float | np.ndarray
    onset: float = 0.0
    offset: float = 1000.0

    def __post_init__(self) -> None:
        _finite("start", self.start)
        _finite("end", self.end)
        _check_times(self, finite_offset=True)

    def sample(self, t, *, n=None, rng=None):
        t = np.asarray(t, dtype=float)
        on = _window(t, self.onset, self.offset)
        frac = np.clip((t - self.onset) / (self.offset - self.onset), 0.0, 1.0)
        start = np.asarray(self.start, dtype=float)
        end = np.asarray(self.end, dtype=float)
        return (_shape(start, on * (1.0 - frac)) + _shape(end, on * frac))


@dataclass(frozen=True)
class CurrentPulseTrain(Stimulus):
    """Periodic rectangular pulses.

    Parameters
    ----------
    amplitude : float or array of shape (n,)
        Pulse height.
    frequency : float
        Pulse rate in Hz (period ``1000 / frequency`` ms).
    width : float
        Pulse duration in ms (shorter than the period).
    onset, offset : float
        The train runs for ``onset <= t < offset`` (ms); the first pulse starts at onset.
    """

    amplitude: float | np.ndarray
    frequency: float
    width: float
    onset: float = 0.0
    offset: float = math.inf

    def __post_init__(self) -> None:
        _finite("amplitude", self.amplitude)
        _positive("frequency", self.frequency, "Hz")
        period = 1000.0 / self.frequency
        if not 0 < self.width < period:
            raise ValueError(
                f"width = {self.width} ms must lie in (0, {period:g}) ms (the pulse period)"
            )
        _check_times(self)

    def sample(self, t, *, n=None, rng=None):
        t = np.asarray(t, dtype=float)
        period = 1000.0 / self.frequency
        phase = np.mod(t - self.onset + _EPS, period)
        on = _window(t, self.onset, self.offset) & (phase < self.width)
        return _shape(np.asarray(self.amplitude, dtype=float), on.astype(float))


@dataclass(frozen=True)
class OrnsteinUhlenbeck(Stimulus):
    r"""Ornstein-Uhlenbeck (coloured-noise) current, seeded through ``simulate(seed=...)``.

    .. math:: \tau\,dI = (\mu - I)\,dt + \sigma \sqrt{2\tau}\,dW

    ``sigma`` is the *stationary* standard deviation.  Sampled with the exact update
    ``I_{k+1} = mu + (I_k - mu) e^{-dt/tau} + sigma sqrt(1 - e^{-2 dt/tau}) xi_k``,
    starting from ``I_0 = mean``; each neuron of a population gets independent noise.

    Parameters
    ----------
    mean : float or array of shape (n,)
    sigma : float
        Stationary standard deviation (>= 0).
    tau : float
        Correlation time in ms (> 0).
    onset, offset : float
        The noise is applied for ``onset <= t < offset``; 0 outside.
    """

    mean: float | np.ndarray
    sigma: float
    tau: float
    onset: float = 0.0
    offset: float = math.inf

    def __post_init__(self) -> None:
        _finite("mean", self.mean)
        _positive("sigma", self.sigma, zero=True)
        _positive("tau", self.tau, "ms")
        _check_times(self)

    def sample(self, t, *, n=None, rng=None):
        t = np.asarray(t, dtype=float)
        rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        mean = np.asarray(self.mean, dtype=float)
        rows = mean.shape[0] if mean.ndim else (n if n is not None else None)
        shape = (len(t),) if rows is None else (rows, len(t))
        dt = float(t[1] - t[0]) if len(t) > 1 else 1.0
        rho = math.exp(-dt / self.tau)
        xi = rng.standard_normal(shape)
        xi[..., 0] = 0.0
        gain = self.sigma * math.sqrt(1.0 - rho * rho)
        dev = _ar1(xi.reshape(-1, len(t)), rho, gain).reshape(shape)
        mu = mean[:, None] if mean.ndim else mean
        on = _window(t, self.onset, self.offset)
        return np.where(on, mu + dev, 0.0)
