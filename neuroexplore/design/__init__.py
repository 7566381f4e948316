"""Machine learning *for* devices: inverse design of a device and its array.

What must a synaptic device (and the array's converters) reach for a target network,
and at what energy?  :func:`optimize` answers with Bayesian optimisation (or TPE,
NSGA-II, random search or a grid, for comparison) over a search space of device and
array figures of merit, every point evaluated by the real engines -- the digits MLP of
:mod:`neuroexplore.crossbar.studies` programmed onto crossbars of the candidate device
(:func:`~neuroexplore.crossbar.evaluate`, optionally
:func:`~neuroexplore.crossbar.train_in_situ`) and costed by
:func:`~neuroexplore.crossbar.estimate_energy` -- never by a fitted stand-in.

* :mod:`.spaces` -- :class:`DesignSpace`, :func:`space`, :data:`DESIGN_SPECS`: the
  search space, declared once from the engines' own :class:`~neuroexplore.params.ParamSpec`
  s (states, LTP/LTD nonlinearity, c2c and d2d variation, on/off ratio, R_on, drift nu,
  ADC/DAC bits, mapping);
* :mod:`.engine` -- :class:`DigitsEvaluator`, :func:`evaluate_design`: one design point
  on the real engines, at a cheap or a full fidelity;
* :mod:`.objectives` -- :func:`min_energy` (target accuracy at least energy),
  :func:`accuracy_energy` (Pareto front), :func:`loosest_spec` (the loosest device
  specification meeting a target), :func:`custom` (any function, e.g. a synthetic test);
* :mod:`.optimizer` -- :func:`optimize` on optuna's samplers, serial or through the
  executors of :mod:`neuroexplore.sweeps`;
* :mod:`.study` -- :class:`DesignStudy`: every trial (a pandas DataFrame), the best
  design, the Pareto front, CSV and JSON export with provenance.

``import neuroexplore.design`` is light: optuna, torch and pandas load on first use.

Examples
--------
>>> from neuroexplore import design
>>> sp = design.space("x", x=(-2.0, 2.0), custom=True)
>>> obj = design.custom(lambda x: {"y": (x - 0.5) ** 2}, minimize="y")
>>> st = design.optimize(obj, sp, budget=12, seed=0, sampler="random")
>>> len(st.trials), abs(st.best["params"]["x"] - 0.5) < 0.6
(12, True)
"""

from neuroexplore._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "DesignSpace": ".spaces",
    "DESIGN_SPECS": ".spaces",
    "DEFAULT_SPACE": ".spaces",
    "space": ".spaces",
    "DigitsEvaluator": ".engine",
    "evaluate_design": ".engine",
    "FIDELITIES": ".engine",
    "Objective": ".objectives",
    "min_energy": ".objectives",
    "accuracy_energy": ".objectives",
    "loosest_spec": ".objectives",
    "custom": ".objectives",
    "SAMPLERS": ".optimizer",
    "optimize": ".optimizer",
    "evals_to_target": ".optimizer",
    "compare_samplers": ".compare",
    "DesignStudy": ".study",
})
