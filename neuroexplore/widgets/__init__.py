"""Interactive labs: thin ipywidgets + plotly ``FigureWidget`` front ends over the engines.

Labs are imported lazily so that ``from neuroexplore.widgets import NeuronLab``
does not import torch (only the crossbar and perspectives labs need it).  Without
torch those two are stand-ins that show "install neuroexplore[torch]" in their message
area (:func:`~neuroexplore.widgets.base.missing_extra_lab`).
"""

from __future__ import annotations

import importlib

_LABS = {
    "NeuronLab": "neuron_lab",
    "NetworkLab": "network_lab",
    "DeviceLab": "device_lab",
    "SynapseLab": "synapse_lab",
    "CrossbarLab": "crossbar_lab",
    "SystemLab": "system_lab",
    "ApplicationLab": "application_lab",
    "PerspectivesLab": "perspectives_lab",
    "PatternRecognitionLab": "pattern_lab",
    "ReservoirLab": "reservoir_lab",
    "TactileLab": "tactile_lab",
    "StdpLearningLab": "stdp_learning_lab",
    "HopfieldLab": "hopfield_lab",
    "DecisionLab": "decision_lab",
    "DesignLab": "design_lab",
}

__all__ = sorted(_LABS)


def __getattr__(name: str):
    if name in _LABS:
        try:
            module = importlib.import_module(f".{_LABS[name]}", __name__)
        except ModuleNotFoundError as exc:  # an optional extra (torch) is not installed
            from .base import missing_extra_lab, missing_extra_text

            if missing_extra_text(exc) is None:
                raise
            return missing_extra_lab(name, exc)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
