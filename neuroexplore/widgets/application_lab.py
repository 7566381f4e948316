"""ApplicationLab: the machine-learning applications of chapter 6, one tab each.

Every tab is a lab of its own (usable alone too), built the first time it is
opened, so the app starts with one lab's figures only:

* :class:`~neuroexplore.widgets.pattern_lab.PatternRecognitionLab` -- digits on
  device arrays, ex situ and in situ, beside the float baseline;
* :class:`~neuroexplore.widgets.reservoir_lab.ReservoirLab` -- a volatile-memristor
  reservoir against an echo-state network;
* :class:`~neuroexplore.widgets.tactile_lab.TactileLab` -- braille read by a
  pressure-sensor + synapse pipeline;
* :class:`~neuroexplore.widgets.stdp_learning_lab.StdpLearningLab` -- unsupervised
  STDP learning of digit prototypes (Diehl & Cook 2015, reduced);
* :class:`~neuroexplore.widgets.hopfield_lab.HopfieldLab` -- associative memory on
  a crossbar with non-idealities;
* :class:`~neuroexplore.widgets.decision_lab.DecisionLab` -- Q-learning with
  device-synapse weights.
"""

from __future__ import annotations

import importlib
from typing import Any

import ipywidgets as w

from .base import LazyControls, TabbedLab

__all__ = ["ApplicationLab", "APPLICATION_TABS"]

# (tab title, module, lab class); the order follows chapter 6 of the notebooks
APPLICATION_TABS: tuple[tuple[str, str, str], ...] = (
    ("Pattern recognition", "pattern_lab", "PatternRecognitionLab"),
    ("Reservoir computing", "reservoir_lab", "ReservoirLab"),
    ("Tactile braille", "tactile_lab", "TactileLab"),
    ("STDP learning", "stdp_learning_lab", "StdpLearningLab"),
    ("Hopfield memory", "hopfield_lab", "HopfieldLab"),
    ("Decision making", "decision_lab", "DecisionLab"),
)
#: State-key prefix of each tab's lab (``reservoir.mg.size``), in tab order.
STATE_PREFIXES = ("pattern", "reservoir", "tactile", "stdp", "hopfield", "decision")


class ApplicationLab(TabbedLab):
    """All chapter-6 applications as tabs; each tab's lab is built when first opened.

    Examples
    --------
    >>> lab = ApplicationLab()
    >>> type(lab.lab(0)).__name__
    'PatternRecognitionLab'
    """

    def __init__(self) -> None:
        self._labs: dict[int, w.Widget] = {}
        header = w.HTML(
            "<b>Applications assisted by machine learning</b> (review ch. 6): every "
            "application runs on the neuron, device and crossbar engines and is shown "
            "beside its software baseline."
        )
        self.init_tabs(
            [(title, self._builder(i), None) for i, (title, _m, _c) in enumerate(APPLICATION_TABS)],
            header=[header],
        )

    def _builder(self, index: int):
        def build() -> w.Widget:
            _title, module, name = APPLICATION_TABS[index]
            cls = getattr(importlib.import_module(f".{module}", __package__), name)
            self._labs[index] = cls()
            return self._labs[index]

        return build

    def state_controls(self) -> dict[str, Any]:
        """State keys ``pattern.*``, ``reservoir.*``, ... the state of each tab's lab."""
        return {key: LazyControls(i, lambda i=i: self._labs[i])
                for i, key in enumerate(STATE_PREFIXES)}

    def lab(self, index: int) -> w.Widget:
        """The lab of tab ``index`` (built on first use)."""
        self.ensure_tab(index)
        return self._labs[index]
