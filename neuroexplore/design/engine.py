"""One design point on the real engines: digits accuracy and energy per inference.

A design (a dict of :mod:`.spaces` parameters) becomes

* a pulse device: the base preset (default ``"AlOx/HfO2"``, Woo et al. IEEE EDL 2016)
  with ``states_ltp = states_ltd = states``, the NeuroSim nonlinearity labels, the
  cycle-to-cycle noise ``c2c_sigma`` and the conductance range
  ``g_max = 1 / r_on``, ``g_min = g_max / on_off``
  (:class:`~neuroexplore.devices.PulseDevice`);
* a :class:`~neuroexplore.crossbar.CrossbarConfig` with that device and the array
  knobs (``adc_bits``, ``dac_bits``, ``mapping``, ``d2d_sigma``, ...).

Accuracy: the reference float digits MLP (64-32-10,
:func:`~neuroexplore.crossbar.digits_mlp`, trained once per process and cached) is
programmed onto the arrays and read ex situ
(:func:`~neuroexplore.crossbar.evaluate`); or (``mode="in_situ"``) the MLP is trained on
the device itself (:func:`~neuroexplore.crossbar.train_in_situ`).  Energy per inference:
:func:`~neuroexplore.crossbar.estimate_energy` on a batch of test digits (array read
``sum V^2 G t_read``, switched-capacitor DAC ``2^b C_u V_DD^2``, Walden-FoM ADC
``FoM 2^b``; see :mod:`neuroexplore.crossbar.energy` for sources).

Retention: with ``t_retention > 0`` the arrays drift, ``G(t) = G(t0) (t/t0)^-nu``
with the PCM statistics of nu of Joshi et al. (Nat. Commun. 11:2473, 2020), and are read
at ``t_retention`` with global drift compensation.  ``drift_nu_scale = k`` multiplies
every nu; since ``(t/t0)^(-k nu) = (t_k/t0)^(-nu)`` with ``t_k = t0 (t/t0)^k``, the
engine is read at ``t_k`` -- exact for drift and its compensation (PCM 1/f read noise,
which also depends on ``t``, is left off).

Fidelities (:data:`FIDELITIES`): ``"cheap"`` reads ``n_test_cheap`` test digits with one
programming seed; ``"full"`` reads the whole test split (450 digits) with
``full_repeats`` programming seeds and averages.  Programming seeds are the trial's seed
and the following integers (common random numbers: every design sees the same draws).

Examples
--------
>>> ev = DigitsEvaluator()
>>> ev.device({"states": 16, "r_on": 1e5, "on_off": 10.0}).g_max
1e-05
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .spaces import DEVICE_NAMES, LIMITS

__all__ = ["DigitsEvaluator", "evaluate_design", "FIDELITIES"]

#: Evaluation fidelities, cheapest first.
FIDELITIES = ("cheap", "full")

#: Test inputs whose row voltages cost the read energy (the mean over this batch).
ENERGY_BATCH = 64


@lru_cache(maxsize=1)
def _data() -> Any:
    from ..datasets import load_digits

    return load_digits()


def _model(seed: int) -> Any:
    from ..crossbar.studies import digits_mlp

    return digits_mlp(seed)


@dataclass(frozen=True)
class DigitsEvaluator:
    """Evaluate designs on the digits MLP (picklable: it travels to worker processes).

    Parameters
    ----------
    base_device : str
        The preset whose other fields the designs keep (``get_device`` name).
    mode : {"ex_situ", "in_situ"}
        Program the trained float MLP (ex situ) or train on the device (in situ).
    n_test_cheap : int
        Test digits read at the cheap fidelity (the first ``n`` of the test split).
    full_repeats : int
        Programming seeds averaged at the full fidelity.
    t_retention : float
        Seconds after programming at which the network is read (0: no drift).
    in_situ_epochs : int
        Epochs of in-situ training (``mode="in_situ"``, at both fidelities; the full
        fidelity averages ``full_repeats`` training seeds).  In-situ training
        (:func:`~neuroexplore.crossbar.train_in_situ`, pair protocol) takes seconds per
        epoch and uses the device (states, nonlinearity, c2c noise, conductance range),
        not the array's converters; the energy per inference is still that of the
        digits MLP read on the designed array.
    model_seed : int
        Training seed of the reference float MLP.
    """

    base_device: str = "AlOx/HfO2"
    mode: str = "ex_situ"
    n_test_cheap: int = 150
    full_repeats: int = 3
    t_retention: float = 0.0
    in_situ_epochs: int = 3
    model_seed: int = 0

    def __post_init__(self) -> None:
        from ..devices import presets

        if self.base_device not in presets():
            raise ValueError(f"base_device = {self.base_device!r} is not a preset; expected "
                             f"one of {', '.join(presets())}")
        if self.mode not in ("ex_situ", "in_situ"):
            raise ValueError(f"mode = {self.mode!r} is not valid; expected 'ex_situ' or "
                             "'in_situ'")
        if not isinstance(self.n_test_cheap, int) or not 10 <= self.n_test_cheap <= 450:
            raise ValueError(f"n_test_cheap = {self.n_test_cheap!r} must be an integer in "
                             "[10, 450] digits")
        if not isinstance(self.full_repeats, int) or not 1 <= self.full_repeats <= 10:
            raise ValueError(f"full_repeats = {self.full_repeats!r} must be an integer in "
                             "[1, 10] seeds")
        t = float(self.t_retention)
        if not math.isfinite(t) or not 0.0 <= t <= 3.2e8:
            raise ValueError(f"t_retention = {self.t_retention!r} s must be in [0, 3.2e8] s")
        if not isinstance(self.in_situ_epochs, int) or not 1 <= self.in_situ_epochs <= 50:
            raise ValueError(f"in_situ_epochs = {self.in_situ_epochs!r} must be an integer "
                             "in [1, 50] epochs")

    # ------------------------------------------------------------------ building
    def device(self, design: Mapping[str, Any]) -> Any:
        """The :class:`~neuroexplore.devices.PulseDevice` of a design."""
        from ..devices import get_device

        base = get_device(self.base_device)
        kw: dict[str, Any] = {"name": f"design ({self.base_device})"}
        if "states" in design:
            kw["states_ltp"] = kw["states_ltd"] = int(design["states"])
        for k in ("nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma"):
            if k in design:
                kw[k] = float(design[k])
        g_max = 1.0 / float(design["r_on"]) if "r_on" in design else base.g_max
        on_off = float(design["on_off"]) if "on_off" in design else base.on_off_ratio
        if "r_on" in design or "on_off" in design:
            kw["g_max"], kw["g_min"] = g_max, g_max / on_off
        return replace(base, **kw)

    def config(self, design: Mapping[str, Any], seed: int = 0) -> Any:
        """The :class:`~neuroexplore.crossbar.CrossbarConfig` of a design."""
        from ..crossbar.config import CrossbarConfig

        kw = {k: v for k, v in design.items() if k not in DEVICE_NAMES
              and k != "drift_nu_scale"}
        for k in kw:
            if k not in LIMITS:
                raise ValueError(f"{k!r} is not a design parameter")
        return CrossbarConfig(pulse_device=self.device(design), torch_device="cpu", seed=seed,
                              drift=self.t_retention > 0, **kw)

    def t_read(self, design: Mapping[str, Any]) -> float:
        """The engine's read time: ``t0 (t/t0)^k`` for ``drift_nu_scale = k``."""
        from ..crossbar.pcm_stats import T0

        t = float(self.t_retention)
        k = float(design.get("drift_nu_scale", 1.0))
        if t <= T0:
            return t
        return T0 * (t / T0) ** k

    # ------------------------------------------------------------------ evaluating
    def __call__(self, design: Mapping[str, Any], *, fidelity: str = "cheap",
                 seed: int = 0) -> dict[str, float]:
        """Metrics of one design: ``accuracy`` (fraction), ``accuracy_float``,
        ``energy_pj`` (pJ per inference), ``latency_ns`` (ns per inference)."""
        import numpy as np

        from ..crossbar import estimate_energy, evaluate, train_in_situ

        if fidelity not in FIDELITIES:
            raise ValueError(f"fidelity = {fidelity!r} is not valid; expected one of "
                             f"{FIDELITIES}")
        data = _data()
        model = _model(self.model_seed)
        cheap = fidelity == "cheap"
        n = self.n_test_cheap if cheap else len(data.y_test)
        repeats = 1 if cheap else self.full_repeats
        test = (data.x_test[:n], data.y_test[:n])
        accs, acc_float = [], 1.0
        cfg = self.config(design, seed)
        for r in range(repeats):
            if self.mode == "ex_situ":
                res = evaluate(model, cfg, test, t_inference=self.t_read(design),
                               seed=seed + r, calibration=data.x_train[:64])
                accs.append(res.accuracy)
                acc_float = res.accuracy_float
            else:
                hist = train_in_situ(cfg.pulse_device, data, self.in_situ_epochs, seed + r,
                                     c2c_scale=cfg.c2c_scale)
                accs.append(float(hist.test_accuracy[-1]))
                acc_float = float("nan")
        rep = estimate_energy(model, cfg, data.x_test[:ENERGY_BATCH], seed=seed)
        out = {"accuracy": float(np.mean(accs)), "energy_pj": rep.total * 1e12,
               "latency_ns": rep.latency * 1e9}
        if math.isfinite(acc_float):
            out["accuracy_float"] = float(acc_float)
        return out


def evaluate_design(design: Mapping[str, Any], *, fidelity: str = "cheap", seed: int = 0,
                    evaluator: DigitsEvaluator | None = None) -> dict[str, float]:
    """Metrics of one design on the real engines (see :class:`DigitsEvaluator`).

    Examples
    --------
    >>> m = evaluate_design({"adc_bits": 6, "dac_bits": 6, "states": 64})
    >>> sorted(m), 0.5 < m["accuracy"] <= 1.0, m["energy_pj"] > 0
    (['accuracy', 'accuracy_float', 'energy_pj', 'latency_ns'], True, True)
    """
    ev = DigitsEvaluator() if evaluator is None else evaluator
    return ev(design, fidelity=fidelity, seed=seed)
