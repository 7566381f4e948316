"""Frequency-current (f-I) curves, simulated as one population."""

from __future__ import annotations

from typing import Any

import numpy as np

from .registry import model_info
from .simulation import simulate

__all__ = ["fi_curve"]


def fi_curve(
    model: str,
    currents: Any,
    *,
    t_stop: float = 1000.0,
    dt: float | None = None,
    t_transient: float | None = None,
    preset: str | None = None,
    method: str = "count",
    **params: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Steady firing rate (Hz) versus constant input current.

    All currents are simulated at once as a population (``record="spikes"``).

    Parameters
    ----------
    model : str
        Model name (see :func:`~neuroexplore.neurons.models`).
    currents : array_like, shape (k,)
        Constant input currents in the model's unit.
    t_stop : float
        Simulated time per current (ms).
    dt : float, optional
        Time step (default: the model's).
    t_transient : float, optional
        Initial interval discarded before measuring (ms); default ``0.2 * t_stop``.
    preset : str, optional
        Preset name; explicit ``params`` override it.
    method : {"count", "isi"}
        ``"count"``: spikes in ``[t_transient, t_stop)`` divided by the window;
        ``"isi"``: 1000 / mean inter-spike interval of the spikes after the transient
        (falls back to the count when fewer than two spikes).
    **params
        Model parameters (scalars, or arrays broadcasting with ``currents``).

    Returns
    -------
    currents, rates : ndarray
        The currents and the rates in Hz.

    Examples
    --------
    >>> I, f = fi_curve("lif", [1.0, 2.0, 3.0], t_stop=500.0, method="isi")
    >>> [round(float(x), 2) for x in f]
    [0.0, 63.04, 111.96]
    """
    info = model_info(model)
    I = np.asarray(currents, dtype=float)
    if I.ndim != 1 or I.size == 0:
        raise ValueError(f"currents must be a non-empty 1-D array, got shape {I.shape}")
    if method not in ("count", "isi"):
        raise ValueError(f"method = {method!r} is not valid; expected 'count' or 'isi'")
    t_transient = 0.2 * float(t_stop) if t_transient is None else float(t_transient)
    if not 0.0 <= t_transient < float(t_stop):
        raise ValueError(f"t_transient = {t_transient} ms must lie in [0, t_stop = {t_stop}) ms")
    trace = simulate(info.name, current=I[:, None], t_stop=t_stop, dt=dt, preset=preset,
                     record="spikes", **params)
    rates = np.asarray(trace.rates(t_transient), dtype=float).reshape(-1)
    if method == "isi":
        for_isi = trace.spike_time >= t_transient
        idx = trace.spike_index[for_isi]
        times = trace.spike_time[for_isi]
        n = trace.n_neurons
        counts = np.bincount(idx, minlength=n)
        first = np.full(n, np.nan)
        last = np.full(n, np.nan)
        # spikes are ordered by neuron, then time
        starts = np.searchsorted(idx, np.arange(n))
        has = counts > 0
        first[has] = times[starts[has]]
        last[has] = times[starts[has] + counts[has] - 1]
        ok = counts >= 2
        rates = rates.copy()
        rates[ok] = 1000.0 * (counts[ok] - 1) / (last[ok] - first[ok])
    return I, rates
