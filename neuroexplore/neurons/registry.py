"""Model registry: names, aliases, parameters and presets of every neuron model."""

from __future__ import annotations

from ..params import ParamSpec
from . import adex, diffusive, fitzhugh_nagumo, hodgkin_huxley, izhikevich, lif, mott
from .info import ModelInfo
from .stimulus_params import StimulusProtocol

__all__ = ["models", "model_info", "parameters", "presets", "preset", "stimulus_protocol"]

_MODELS: dict[str, ModelInfo] = {
    m.INFO.name: m.INFO
    for m in (lif, adex, izhikevich, hodgkin_huxley, fitzhugh_nagumo, mott, diffusive)
}
_ALIASES: dict[str, str] = {}
for _info in _MODELS.values():
    _ALIASES[_info.name] = _info.name
    for _alias in _info.aliases:
        _ALIASES[_alias.lower()] = _info.name


def models() -> tuple[str, ...]:
    """Canonical names of the time-stepped neuron models.

    Examples
    --------
    >>> models()  # doctest: +NORMALIZE_WHITESPACE
    ('lif', 'adex', 'izhikevich', 'hodgkin_huxley', 'fitzhugh_nagumo', 'mott',
     'diffusive_memristor')
    """
    return tuple(_MODELS)


def model_info(model: str) -> ModelInfo:
    """The :class:`ModelInfo` of ``model`` (name or alias, case-insensitive).

    Examples
    --------
    >>> info = model_info("HH")
    >>> info.name, info.dt_default, (info.dt_min, info.dt_max)
    ('hodgkin_huxley', 0.01, (0.001, 0.05))
    """
    key = str(model).strip().lower().replace(" ", "_")
    if key not in _ALIASES:
        raise ValueError(
            f"model = {model!r} is not a known neuron model; valid models are "
            f"{', '.join(_MODELS)} (aliases: {', '.join(sorted(set(_ALIASES) - set(_MODELS)))})"
        )
    return _MODELS[_ALIASES[key]]


def parameters(model: str) -> tuple[ParamSpec, ...]:
    """The :class:`~neuroexplore.params.ParamSpec` of every parameter of ``model``.

    Examples
    --------
    >>> [s.name for s in parameters("izhikevich")]
    ['a', 'b', 'c', 'd']
    """
    return model_info(model).specs


def presets(model: str) -> tuple[str, ...]:
    """Names of the preset parameter sets of ``model`` (values: :func:`preset`).

    Examples
    --------
    >>> presets("izhikevich")
    ('RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ')
    """
    return tuple(model_info(model).presets)


def preset(model: str, name: str) -> dict[str, float]:
    """Parameter values of the preset ``name`` of ``model``.

    The preset's ``"current"`` entry, where present, is the suggested input (in the
    model's current unit); the other entries override the parameter defaults.

    Examples
    --------
    >>> preset("adex", "tonic")["current"]
    500.0
    >>> preset("izhikevich", "CH")
    {'a': 0.02, 'b': 0.2, 'c': -50.0, 'd': 2.0, 'current': 10.0}
    """
    info = model_info(model)
    if name not in info.presets:
        raise ValueError(
            f"preset = {name!r} is not a preset of {info.name}; valid presets are "
            f"{', '.join(info.presets) or '(none)'}"
        )
    return dict(info.presets[name])


def stimulus_protocol(model: str, name: str) -> StimulusProtocol | None:
    """The stimulus protocol that shows preset ``name``'s signature, or None if none.

    Examples
    --------
    >>> p = stimulus_protocol("izhikevich", "TC")
    >>> p.kind, p.amplitude, p.t_stop
    ('step', -10.0, 400.0)
    """
    preset(model, name)  # validates both names
    return model_info(model).protocols.get(name)
