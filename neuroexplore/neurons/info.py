"""The description every neuron model publishes: specs, presets, time step, kernel.

:class:`ModelInfo` is what :func:`neuroexplore.neurons.model_info` returns, so a widget
can discover a model's parameters (:class:`~neuroexplore.params.ParamSpec`), its
presets, its input-current slider, its default time step and the valid range of
``dt`` without knowing anything about the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ..params import ParamSpec

__all__ = ["ModelInfo"]


@dataclass(frozen=True)
class ModelInfo:
    """Static description of one neuron model.

    Attributes
    ----------
    name : str
        Canonical name accepted by :func:`~neuroexplore.neurons.simulate`.
    title : str
        Human-readable title.
    aliases : tuple of str
        Other accepted names (case-insensitive).
    specs : tuple of ParamSpec
        Every tunable parameter, in the order the kernel reads them.
    current : ParamSpec
        Range and unit of the input current (for a slider).
    presets : mapping
        Named parameter sets; a ``"current"`` entry is the suggested input.
    dt_default, dt_min, dt_max : float
        Default and valid integration step (ms).
    state_names : tuple of str
        State variables besides ``v`` (keys of ``Trace.state``).
    v_unit : str
        Unit of the voltage-like variable.
    spike_rule : str
        How a spike is detected and timed.
    integrator : str
        The time-stepping scheme.
    reference : str
        Source paper(s).
    kernel : callable
        numba chunk kernel ``(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi,
        idx_buf, t_buf, start, cap) -> spike count`` that simulates neurons
        ``lo:hi`` (see :mod:`neuroexplore.neurons._common`).
    parallel_kernel : callable
        numba ``prange`` driver running ``kernel`` over chunks of the population.
    initial_state : callable
        ``params -> X0`` with shape ``(1 + len(state_names), n)``.
    check : callable or None
        Extra cross-parameter / step-size validation ``(params, dt) -> None``.
    protocols : mapping
        Preset name -> :class:`~neuroexplore.neurons.stimulus_params.StimulusProtocol`,
        the stimulus that shows that preset's signature behaviour (where declared).
    """

    name: str
    title: str
    aliases: tuple[str, ...]
    specs: tuple[ParamSpec, ...]
    current: ParamSpec
    presets: Mapping[str, Mapping[str, float]]
    dt_default: float
    dt_min: float
    dt_max: float
    state_names: tuple[str, ...]
    v_unit: str
    spike_rule: str
    integrator: str
    reference: str
    kernel: Callable[..., Any] = field(repr=False)
    parallel_kernel: Callable[..., Any] = field(repr=False)
    initial_state: Callable[[Mapping[str, np.ndarray]], np.ndarray] = field(repr=False)
    check: Callable[[Mapping[str, Any], float], None] | None = field(default=None, repr=False)
    protocols: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        frozen = {k: MappingProxyType(dict(v)) for k, v in self.presets.items()}
        object.__setattr__(self, "presets", MappingProxyType(frozen))
        unknown = set(self.protocols) - set(self.presets)
        if unknown:
            raise ValueError(f"protocols for unknown presets of {self.name}: {sorted(unknown)}")
        object.__setattr__(self, "protocols", MappingProxyType(dict(self.protocols)))

    @property
    def param_names(self) -> tuple[str, ...]:
        """Parameter names in kernel order."""
        return tuple(s.name for s in self.specs)
