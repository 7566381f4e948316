"""The result of :func:`neuroexplore.neurons.simulate`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Trace"]


@dataclass(frozen=True)
class Trace:
    """Recorded time course and spikes of one neuron or a population.

    Attributes
    ----------
    t : ndarray, shape (steps,)
        Sample times in ms, ``t[k] = k * dt``; sample ``k`` is the state *before*
        step ``k``.  The run covers ``[0, steps * dt)``.
    v : ndarray or None
        Membrane potential (the model's ``v_unit``): shape (steps,) for a single
        neuron, (n, steps) for a population; ``None`` when ``record="spikes"``.
    state : dict of ndarray
        The other state variables (e.g. ``{"u": ...}``, ``{"w": ...}``,
        ``{"m", "h", "n"}``), same shapes as ``v``; empty unless ``record="all"``.
    spike_times : ndarray or tuple of ndarray
        Spike times in ms: a 1-D array for a single neuron, a tuple of ``n`` arrays
        for a population.
    spike_index, spike_time : ndarray
        Flat raster arrays (neuron index, time in ms), ordered by neuron then time.
    model : str
        Canonical model name.
    params : dict
        The validated parameters (scalars or arrays of shape (n,)).
    dt : float
        Integration step in ms.
    current : ndarray
        The input: (steps,) for a single neuron; for a population the broadcastable
        (n or 1, steps or 1) array passed to the kernel.
    n : int or None
        Population size, or ``None`` for a single neuron.
    """

    t: np.ndarray
    v: np.ndarray | None
    state: Mapping[str, np.ndarray]
    spike_times: np.ndarray | tuple[np.ndarray, ...]
    spike_index: np.ndarray
    spike_time: np.ndarray
    model: str
    params: Mapping[str, Any]
    dt: float
    current: np.ndarray = field(repr=False)
    n: int | None = None

    @property
    def t_stop(self) -> float:
        """End of the simulated interval (ms)."""
        return len(self.t) * self.dt

    @property
    def n_neurons(self) -> int:
        """Number of neurons (1 for a single neuron)."""
        return 1 if self.n is None else self.n

    def spike_counts(self, t_start: float = 0.0, t_stop: float | None = None) -> np.ndarray | int:
        """Number of spikes with ``t_start <= t < t_stop`` per neuron."""
        t_stop = self.t_stop if t_stop is None else float(t_stop)
        sel = (self.spike_time >= t_start) & (self.spike_time < t_stop)
        counts = np.bincount(self.spike_index[sel], minlength=self.n_neurons)
        return int(counts[0]) if self.n is None else counts

    def rates(self, t_start: float = 0.0, t_stop: float | None = None) -> np.ndarray | float:
        """Mean firing rate in Hz over ``[t_start, t_stop)`` (spike count / duration).

        Returns a float for a single neuron, an array of shape (n,) for a population.
        """
        t_stop_ = self.t_stop if t_stop is None else float(t_stop)
        if not 0.0 <= t_start < t_stop_:
            raise ValueError(
                f"t_start = {t_start} ms must lie in [0, t_stop = {t_stop_}) ms"
            )
        counts = self.spike_counts(t_start, t_stop_)
        rate = np.asarray(counts, dtype=float) * 1000.0 / (t_stop_ - t_start)
        return float(rate) if self.n is None else rate

    def isi(self) -> np.ndarray | tuple[np.ndarray, ...]:
        """Inter-spike intervals (ms), per neuron like ``spike_times``."""
        if self.n is None:
            return np.diff(self.spike_times)
        return tuple(np.diff(s) for s in self.spike_times)
