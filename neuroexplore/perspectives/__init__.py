"""Perspectives and challenges (review chapter 7): device figures of merit vs system metrics.

* :mod:`.figures_of_merit` -- :class:`DeviceFiguresOfMerit` (states, nonlinearity,
  c2c/d2d variation, on/off ratio, R_on, retention) with ParamSpecs, the presets'
  figures of merit, the ideal reference (no torch);
* :mod:`.tradeoff` -- accuracy and energy per inference of a design, computed by the
  crossbar engine; :func:`tradeoff_table` of presets and designs;
* :mod:`.design_challenge` -- :func:`limiting_fom`: which figure of merit limits a
  design (one-at-a-time repair analysis).

Every name is imported from its module when first used; the names of
:mod:`.tradeoff` and :mod:`.design_challenge` import torch (through
:mod:`neuroexplore.crossbar`), the figures of merit do not.

Reference: Huo et al., *Neuromorphic devices assisted by machine learning algorithms*,
Int. J. Extreme Manuf. 7(4) 042007 (2025), section 7.
"""

from __future__ import annotations

from .._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "DeviceFiguresOfMerit": ".figures_of_merit",
    "FOM_SPECS": ".figures_of_merit",
    "FOM_GROUPS": ".figures_of_merit",
    "FOM_GROUP_LABELS": ".figures_of_merit",
    "HIGHER_IS_BETTER": ".figures_of_merit",
    "IDEAL_FOM": ".figures_of_merit",
    "preset_figures_of_merit": ".figures_of_merit",
    "all_preset_figures_of_merit": ".figures_of_merit",
    "repaired": ".figures_of_merit",
    "fom_scores": ".figures_of_merit",
    "SETTINGS_SPECS": ".tradeoff",
    "EvaluationSettings": ".tradeoff",
    "DesignResult": ".tradeoff",
    "TradeoffTable": ".tradeoff",
    "evaluate_design": ".tradeoff",
    "tradeoff_table": ".tradeoff",
    "TARGET_SPECS": ".design_challenge",
    "LimiterAnalysis": ".design_challenge",
    "limiting_fom": ".design_challenge",
})
