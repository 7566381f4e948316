"""Parameter specs of the stimulus waveforms, and a factory that builds them.

The input-current range comes from the model (``model_info(model).current``); the
timing and noise parameters below are model-independent (times in ms, frequency in
Hz, noise ``sigma`` in the model's current unit as a fraction of its range).

Examples
--------
>>> from neuroexplore.neurons import model_info
>>> stim = make_stimulus("pulse_train", 10.0, frequency=50.0, width=2.0)
>>> type(stim).__name__, stim.frequency
('CurrentPulseTrain', 50.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..params import ChoiceSpec, ParamSpec, validate_params
from .stimuli import CurrentPulseTrain, OrnsteinUhlenbeck, Ramp, Step, Stimulus

__all__ = ["STIMULUS_KINDS", "stimulus_parameters", "make_stimulus", "StimulusProtocol"]

STIMULUS_KINDS = ChoiceSpec(
    "kind",
    "step",
    ("step", "ramp", "pulse_train", "noisy"),
    doc="stimulus waveform",
    label="stimulus",
)

_TIMING = (
    ParamSpec("onset", 20.0, 0.0, 1000.0, step=5.0, unit="ms", doc="stimulus onset"),
    ParamSpec("duration", 400.0, 5.0, 2000.0, step=5.0, unit="ms", doc="stimulus duration"),
)
_KIND_SPECS: dict[str, tuple[ParamSpec, ...]] = {
    "step": _TIMING,
    "ramp": _TIMING,
    "pulse_train": (
        *_TIMING,
        ParamSpec("frequency", 50.0, 1.0, 500.0, step=1.0, unit="Hz", doc="pulse rate"),
        ParamSpec("width", 2.0, 0.1, 50.0, step=0.1, unit="ms", doc="pulse width"),
    ),
    "noisy": (
        *_TIMING,
        ParamSpec(
            "noise",
            0.1,
            0.0,
            1.0,
            step=0.01,
            doc="noise std as a fraction of the current range",
        ),
        ParamSpec("tau", 5.0, 0.1, 100.0, step=0.1, unit="ms", doc="noise correlation time"),
    ),
}


def stimulus_parameters(kind: str) -> tuple[ParamSpec, ...]:
    """The specs of stimulus ``kind`` (one of ``STIMULUS_KINDS.choices``)."""
    STIMULUS_KINDS.validate(kind)
    return _KIND_SPECS[kind]


def make_stimulus(
    kind: str, amplitude: float, *, current_range: float = 1.0, **params: Any
) -> Stimulus:
    """Build the stimulus ``kind`` with peak ``amplitude`` (the model's current unit).

    Parameters
    ----------
    kind : {"step", "ramp", "pulse_train", "noisy"}
        ``step``: constant ``amplitude`` from onset for ``duration``; ``ramp``: linear
        rise from 0 to ``amplitude`` over ``duration``; ``pulse_train``: rectangular
        pulses of ``width`` at ``frequency``; ``noisy``: Ornstein-Uhlenbeck current with
        mean ``amplitude``, std ``noise * current_range`` and correlation time ``tau``.
    amplitude : float
    current_range : float
        Span of the model's current spec (scales the noise std).
    **params
        The kind's parameters (see :func:`stimulus_parameters`).
    """
    p = validate_params(stimulus_parameters(kind), params, where=f"stimulus {kind!r}")
    onset, offset = p["onset"], p["onset"] + p["duration"]
    if kind == "step":
        return Step(amplitude, onset=onset, offset=offset)
    if kind == "ramp":
        return Ramp(0.0, amplitude, onset=onset, offset=offset)
    if kind == "pulse_train":
        period = 1000.0 / p["frequency"]
        if p["width"] >= period:
            raise ValueError(
                f"width = {p['width']:g} ms must be shorter than the pulse period "
                f"{period:g} ms (1000 / frequency)"
            )
        return CurrentPulseTrain(amplitude, p["frequency"], p["width"], onset=onset, offset=offset)
    sigma = p["noise"] * current_range
    return OrnsteinUhlenbeck(amplitude, sigma, p["tau"], onset=onset, offset=offset)




@dataclass(frozen=True)
class StimulusProtocol:
    """The stimulus that shows a preset's signature behaviour (declared next to the preset).

    Attributes
    ----------
    kind : str
        Stimulus kind (one of ``STIMULUS_KINDS.choices``).
    amplitude : float
        Stimulus amplitude in the model's current unit (negative: hyperpolarising).
    params : mapping
        The kind's parameters (see :func:`stimulus_parameters`); the others default.
    t_stop : float
        Simulated time (ms) that shows the behaviour.
    shows : str
        What the protocol shows and why, with its source.

    Examples
    --------
    >>> proto = StimulusProtocol("step", -10.0, {"onset": 50.0, "duration": 150.0}, 400.0,
    ...                          "rebound after release")
    >>> stim = proto.stimulus()
    >>> float(stim.amplitude), stim.onset, stim.offset
    (-10.0, 50.0, 200.0)
    """

    kind: str
    amplitude: float
    params: Mapping[str, float] = field(default_factory=dict)
    t_stop: float = 500.0
    shows: str = ""

    def __post_init__(self) -> None:
        specs = stimulus_parameters(self.kind)
        validate_params(specs, dict(self.params), where=f"stimulus {self.kind!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def values(self) -> dict[str, float]:
        """Every parameter of the kind: the protocol's, the spec defaults for the rest."""
        return {s.name: float(self.params.get(s.name, s.default))
                for s in stimulus_parameters(self.kind)}

    def stimulus(self, *, current_range: float = 1.0) -> Stimulus:
        """The :class:`~neuroexplore.neurons.stimuli.Stimulus` of this protocol."""
        return make_stimulus(self.kind, self.amplitude, current_range=current_range,
                             **self.params)
