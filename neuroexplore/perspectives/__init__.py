"""Perspectives and challenges (review chapter 7): device figures of merit vs system metrics.

* :mod:`.figures_of_merit` -- :class:`DeviceFiguresOfMerit` (states, nonlinearity,
  c2c/d2d variation, on/off ratio, R_on, retention) with ParamSpecs, the presets'
  figures of merit, the ideal reference (no torch);
* :mod:`.tradeoff` -- accuracy and energy per inference of a design, computed by the
  crossbar engine; :func:`tradeoff_table` of presets and designs;
* :mod:`.design_challenge` -- :func:`limiting_fom`: which figure of merit limits a
  design (one-at-a-time repair analysis).

The names of :mod:`.tradeoff` and :mod:`.design_challenge` import torch (through
:mod:`neuroexplore.crossbar`) when first used; the figures of merit do not.

Reference: Huo et al., *Neuromorphic devices assisted by machine learning algorithms*,
Int. J. Extreme Manuf. 7(4) 042007 (2025), section 7.
"""

from __future__ import annotations

import importlib
from typing import Any

from .figures_of_merit import (
    FOM_GROUP_LABELS,
    FOM_GROUPS,
    FOM_SPECS,
    HIGHER_IS_BETTER,
    IDEAL_FOM,
    DeviceFiguresOfMerit,
    all_preset_figures_of_merit,
    fom_scores,
    preset_figures_of_merit,
    repaired,
)

_LAZY = {
    "SETTINGS_SPECS": "tradeoff",
    "EvaluationSettings": "tradeoff",
    "DesignResult": "tradeoff",
    "TradeoffTable": "tradeoff",
    "evaluate_design": "tradeoff",
    "tradeoff_table": "tradeoff",
    "TARGET_SPECS": "design_challenge",
    "LimiterAnalysis": "design_challenge",
    "limiting_fom": "design_challenge",
}

__all__ = [
    "DeviceFiguresOfMerit",
    "FOM_SPECS",
    "FOM_GROUPS",
    "FOM_GROUP_LABELS",
    "HIGHER_IS_BETTER",
    "IDEAL_FOM",
    "preset_figures_of_merit",
    "all_preset_figures_of_merit",
    "repaired",
    "fom_scores",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
