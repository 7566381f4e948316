"""Time-stepped simulation of single neurons and unconnected populations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..params import check_dt, validate_params
from ._common import run_chunks
from .info import ModelInfo
from .registry import model_info
from .registry import preset as preset_values
from .stimuli import Stimulus
from .trace import Trace

__all__ = ["simulate"]

RECORD_MODES = ("all", "v", "spikes")


def _resolve_params(
    info: ModelInfo, preset: str | None, params: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge a preset (if any) with explicit parameters and validate them.

    Returns every parameter as a float or a 1-D float array.
    """
    values: dict[str, Any] = {}
    if preset is not None:
        values.update({k: v for k, v in preset_values(info.name, preset).items()
                       if k != "current"})
    values.update(params)
    out = validate_params(info.specs, values, where=info.name)
    for name, val in out.items():
        if np.ndim(val) > 1:
            raise ValueError(
                f"{name} must be a scalar or a 1-D array (one value per neuron), "
                f"got shape {np.shape(val)}"
            )
    return out


def _population_size(params: Mapping[str, Any]) -> int | None:
    n = None
    for name, val in params.items():
        if np.ndim(val) == 1:
            if n is None:
                n = len(val)
            elif len(val) != n:
                raise ValueError(
                    f"{name} has {len(val)} values but other parameters have {n}; "
                    "parameter arrays must all have the population size n"
                )
    return n


def _current_array(
    current: Any, t: np.ndarray, n: int | None, rng: np.random.Generator
) -> np.ndarray:
    steps = len(t)
    expected = (
        f"a number, a 1-D array of length steps = {steps}, a 2-D array of shape "
        f"(n, {steps}) or (n, 1), or a stimulus from neuroexplore.neurons.stimuli"
    )
    if isinstance(current, Stimulus):
        arr = np.asarray(current.sample(t, n=n, rng=rng), dtype=float)
    else:
        try:
            arr = np.asarray(current, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"current must be {expected}; got {current!r}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if arr.shape[0] != steps:
            raise ValueError(
                f"current has shape {arr.shape}; expected {expected} "
                "(for one constant current per neuron use shape (n, 1))"
            )
        arr = arr[None, :]
    elif arr.ndim == 2:
        if arr.shape[1] not in (1, steps) or arr.shape[0] < 1:
            raise ValueError(f"current has shape {arr.shape}; expected {expected}")
    else:
        raise ValueError(f"current has shape {arr.shape}; expected {expected}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("current contains NaN or infinite values; it must be finite")
    return np.ascontiguousarray(arr)


def simulate(
    model: str,
    *,
    current: Any,
    t_stop: float,
    dt: float | None = None,
    preset: str | None = None,
    seed: int | np.random.Generator | None = None,
    record: str = "all",
    **params: Any,
) -> Trace:
    """Simulate a neuron model (one neuron or an unconnected population).

    Parameters
    ----------
    model : str
        ``"lif"``, ``"adex"``, ``"izhikevich"``, ``"hodgkin_huxley"``,
        ``"fitzhugh_nagumo"``, ``"mott"``, ``"diffusive_memristor"`` or an alias
        (``"hh"``, ``"fhn"``, ``"izh"``, ``"aeif"``, ``"vo2"``, ``"diffusive"``...).
    current : float, array or Stimulus
        Input in the model's unit (``model_info(model).current.unit``): a number
        (constant from t = 0); a 1-D array with one value per step; a 2-D array of
        shape (n, steps) or (n, 1) for a population; or a stimulus object from
        :mod:`neuroexplore.neurons.stimuli` (noise drawn from ``seed``).
    t_stop : float
        Duration in ms; the run has ``steps = round(t_stop / dt)`` steps.
    dt : float, optional
        Time step in ms (default ``model_info(model).dt_default``); must lie in
        ``[dt_min, dt_max]`` of the model.
    preset : str, optional
        Name of a parameter set from :func:`presets` (values: :func:`preset`); explicit
        ``params`` override it.
        (A preset's suggested ``"current"`` is not applied: pass ``current``.)
    seed : int, Generator or None
        Randomness for noisy stimuli; the same seed gives the same result.
    record : {"all", "v", "spikes"}
        What to keep: every state variable, only ``v``, or only spikes (no voltage
        history is allocated).
    **params
        Model parameters (see :func:`parameters`); scalars or arrays of shape (n,)
        that broadcast over the population.

    Returns
    -------
    Trace

    Raises
    ------
    ValueError
        Unknown model/preset/parameter, out-of-range value, unstable ``dt``,
        ``t_stop <= 0``, or a ``current`` of the wrong shape.

    Notes
    -----
    Neurons are unconnected, so a population is simulated in chunks of at most 256
    neurons, spread over numba's threads (``numba.set_num_threads`` or the
    ``NUMBA_NUM_THREADS`` environment variable set how many) once the run has at least
    two million neuron-steps.  Each neuron goes through exactly the same floating-point
    operations whatever the chunking, so the result is bit-identical to a
    single-threaded run.

    Examples
    --------
    >>> tr = simulate("lif", current=2.0, t_stop=100.0, dt=0.1)
    >>> tr.v.shape, len(tr.spike_times)
    ((1000,), 6)
    >>> pop = simulate("izhikevich", preset="RS", current=[[5.0], [10.0]], t_stop=200.0,
    ...                record="spikes")
    >>> pop.v is None, [len(s) > 0 for s in pop.spike_times]
    (True, [True, True])
    """
    info = model_info(model)
    if record not in RECORD_MODES:
        raise ValueError(f"record = {record!r} is not valid; expected one of {RECORD_MODES}")
    dt = info.dt_default if dt is None else dt
    dt = check_dt(dt, t_stop, dt_max=info.dt_max, dt_min=info.dt_min)
    steps = max(1, int(round(float(t_stop) / dt)))
    t = np.arange(steps) * dt
    values = _resolve_params(info, preset, params)
    n_par = _population_size(values)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cur = _current_array(current, t, n_par, rng)
    if n_par is not None and cur.shape[0] not in (1, n_par):
        raise ValueError(
            f"current has {cur.shape[0]} rows but the parameter arrays describe "
            f"n = {n_par} neurons; expected shape ({n_par}, {steps}) or ({n_par}, 1)"
        )
    population = n_par is not None or (np.ndim(current) == 2) or cur.shape[0] > 1
    n = max(n_par or 1, cur.shape[0])
    if info.check is not None:
        info.check(values, dt)
    P = np.empty((len(info.specs), n))
    for j, name in enumerate(info.param_names):
        P[j] = values[name]
    X0 = np.ascontiguousarray(info.initial_state(dict(zip(info.param_names, P, strict=True))))
    V, S, spike_index, spike_time = run_chunks(
        info.kernel, info.parallel_kernel, P, cur, dt, steps, record != "spikes",
        record == "all", X0, len(info.state_names)
    )
    if population:
        splits = np.searchsorted(spike_index, np.arange(1, n))
        spike_times: Any = tuple(np.split(spike_time, splits))
        v = V if record != "spikes" else None
        state = {k: S[j] for j, k in enumerate(info.state_names)} if record == "all" else {}
        current_out = cur
    else:
        spike_times = spike_time
        v = V[0] if record != "spikes" else None
        state = {k: S[j, 0] for j, k in enumerate(info.state_names)} if record == "all" else {}
        current_out = np.broadcast_to(cur[0], (steps,)).copy()
    if v is not None and not np.all(np.isfinite(v)):
        raise ValueError(
            f"{info.name} diverged (non-finite voltage) with these parameters and dt = {dt} ms; "
            "reduce dt or change the parameters"
        )
    return Trace(
        t=t,
        v=v,
        state=state,
        spike_times=spike_times,
        spike_index=spike_index,
        spike_time=spike_time,
        model=info.name,
        params=values,
        dt=dt,
        current=current_out,
        n=n if population else None,
    )
