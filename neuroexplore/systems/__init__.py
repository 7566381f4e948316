"""Integrated neuromorphic systems (review chapter 5), built from the package's engines.

* :mod:`.afferent` -- an artificial afferent nerve (Kim et al., Science 360:998, 2018):
  piezoresistive pressure sensor -> LIF spike encoder -> synaptic transistor -> reflex,
  and a touch-intensity classifier on its EPSC;
* :mod:`.in_sensor` -- in-sensor computing (Mennel et al., Nature 579:62, 2020): a
  photodiode array whose tunable responsivities are the first network layer,
  classifying the letters n, v, z;
* :mod:`.fusion` -- visual-haptic fusion in bimodal sensory neurons (Wan et al.,
  Nat. Commun. 11:4602, 2020).

numpy only (the networks engine trains the software baselines); torch is never
imported.  :func:`parameters` returns each part's specs for widgets.
"""

from __future__ import annotations

from ..params import ChoiceSpec, ParamSpec
from . import afferent, fusion, in_sensor
from .afferent import *  # noqa: F403 - every name of afferent.__all__
from .fusion import *  # noqa: F403 - every name of fusion.__all__
from .in_sensor import *  # noqa: F403 - every name of in_sensor.__all__

__all__ = ["parameters", "KINDS", *afferent.__all__, *in_sensor.__all__, *fusion.__all__]

_KINDS: dict[str, tuple[ParamSpec | ChoiceSpec, ...]] = {
    "afferent": (afferent.PRESSURE, *afferent.AFFERENT_SPECS),
    "touch": afferent.TOUCH_SPECS,
    "photodiode": in_sensor.PHOTODIODE_SPECS,
    "in_sensor_training": in_sensor.TRAINING_SPECS,
    "fusion": fusion.FUSION_SPECS,
}
KINDS: tuple[str, ...] = tuple(_KINDS)


def parameters(kind: str) -> tuple[ParamSpec | ChoiceSpec, ...]:
    """The parameter specs of one part (``KINDS`` lists them).

    Examples
    --------
    >>> [s.name for s in parameters("afferent")][:4]
    ['pressure', 'gain', 'plasticity', 'threshold']
    """
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"kind = {kind!r} is not valid; expected one of {list(KINDS)}") from None
