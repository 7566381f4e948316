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
from .afferent import (
    AFFERENT_SPECS,
    PRESSURE,
    TOUCH_CLASSES,
    TOUCH_SPECS,
    AfferentNerve,
    AfferentResponse,
    AfferentTrace,
    TouchClassification,
    afferent_trace,
    classify_touch,
    encoder_current,
    encoder_rate,
    first_spike_pressure,
    first_spike_time,
    peak_epsc,
    peak_epsc_from_current,
    rate_to_pressure,
    reflex_threshold,
    respond,
    sensor_current,
    sensor_resistance,
    spike_times,
    touch_dataset,
    transfer_csv,
)
from .fusion import (
    FUSION_SPECS,
    GLYPH_NAMES,
    GLYPHS,
    MODALITIES,
    FusionData,
    FusionResult,
    fusion_dataset,
    receptor_currents,
    run_fusion,
    sensory_neuron_output,
)
from .in_sensor import (
    LETTER_NAMES,
    LETTERS,
    PHOTODIODE_SPECS,
    TRAINING_SPECS,
    InSensorComparison,
    InSensorResult,
    LetterData,
    PhotodiodeArray,
    classify,
    compare_in_sensor,
    gate_voltage,
    letter_dataset,
    photocurrents,
    quantise_responsivity,
    responsivity_from_efficiency,
    software_baseline,
    train_in_sensor,
)

__all__ = [
    "parameters",
    "KINDS",
    # afferent nerve
    "PRESSURE",
    "AFFERENT_SPECS",
    "TOUCH_SPECS",
    "TOUCH_CLASSES",
    "AfferentNerve",
    "AfferentResponse",
    "AfferentTrace",
    "TouchClassification",
    "sensor_resistance",
    "sensor_current",
    "encoder_current",
    "encoder_rate",
    "first_spike_time",
    "spike_times",
    "peak_epsc",
    "peak_epsc_from_current",
    "respond",
    "afferent_trace",
    "reflex_threshold",
    "first_spike_pressure",
    "rate_to_pressure",
    "touch_dataset",
    "classify_touch",
    "transfer_csv",
    # in-sensor computing
    "LETTERS",
    "LETTER_NAMES",
    "PHOTODIODE_SPECS",
    "TRAINING_SPECS",
    "PhotodiodeArray",
    "LetterData",
    "InSensorResult",
    "InSensorComparison",
    "letter_dataset",
    "quantise_responsivity",
    "gate_voltage",
    "photocurrents",
    "classify",
    "train_in_sensor",
    "software_baseline",
    "compare_in_sensor",
    "responsivity_from_efficiency",
    # fusion
    "GLYPHS",
    "GLYPH_NAMES",
    "MODALITIES",
    "FUSION_SPECS",
    "FusionData",
    "FusionResult",
    "fusion_dataset",
    "receptor_currents",
    "sensory_neuron_output",
    "run_fusion",
]

_KINDS: dict[str, tuple[ParamSpec | ChoiceSpec, ...]] = {
    "afferent": (PRESSURE, *AFFERENT_SPECS),
    "touch": TOUCH_SPECS,
    "photodiode": PHOTODIODE_SPECS,
    "in_sensor_training": TRAINING_SPECS,
    "fusion": FUSION_SPECS,
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
