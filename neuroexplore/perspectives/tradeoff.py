r"""Accuracy and energy per inference of a device design, computed by the crossbar engine.

Nothing here is a fitted formula: every number comes from :mod:`neuroexplore.crossbar`.

Accuracy (``settings.mode``)
----------------------------
``"inference"`` (default, ~50 ms per seed)
    A float ``64-32-10`` ReLU MLP is trained once per process on scikit-learn's 8x8
    digits (:func:`~neuroexplore.crossbar.train_hardware_aware` with ``noise="none"``,
    i.e. plain Adam; :func:`neuroexplore.crossbar.studies.digits_mlp`, the reference
    MLP of the chapter-4 study) and cached.
    Its weights are programmed onto crossbars of the designed device with
    :func:`~neuroexplore.crossbar.convert`: differential pairs, open-loop programming
    to the nearest reachable level of the device's pulse curve (states, nonlinearity,
    c2c noise ``c2c_sigma sqrt(n)`` after ``n`` pulses, d2d gain spread), optional
    write-verify, wire resistance ``r_wire`` (IR drop, which grows with the cell
    currents, i.e. with ``1/R_on`` and ``1/on_off``); ideal DAC/ADC.  Retention then
    relaxes every cell towards ``G_min`` for the deployment time,
    ``G - G_min -> (G - G_min) exp[-(t/tau)^beta]``
    (:meth:`~neuroexplore.crossbar.CrossbarArray.relaxed`), with no drift
    compensation or refresh.  The accuracy is the test accuracy (450 digits), averaged
    over ``settings.repeats`` programming seeds.
``"in_situ"`` (~0.2 s per epoch and seed)
    A short in-situ training run of the NeuroSim ``64-32-10`` sigmoid MLP whose weights
    live only as conductance pairs and change only by device pulses
    (:func:`~neuroexplore.crossbar.train_in_situ`, ``settings.epochs`` epochs): this is
    where the pulse-curve nonlinearity, its LTP/LTD asymmetry and the number of states
    matter most (Chen, Peng & Yu, IEEE TCAD 37:3067, 2018).  Retention relaxes the
    trained pairs towards ``G_min`` (exactly a scaling of each weight ``G+ - G-`` by the
    retained fraction) before the test.  The in-situ engine models no d2d spread and
    reads its weights without IR drop.

Energy per inference
--------------------
:func:`~neuroexplore.crossbar.estimate_energy` of the float MLP programmed on the
device (seed ``settings.seed``, before any retention loss), with the test digits as
inputs: array read energy :math:`\sum_{ij} V_i^2 G_{ij} t_{read}` over both rails
(``t_read`` = 250 ns, ``v_read``), plus DAC and ADC energy (ideal converters costed as
8-bit ones: switched-capacitor DAC, Walden-FoM SAR ADC).  The same estimate is used in
both modes (the in-situ network has the same 64-32-10 shape).

:func:`evaluate_design` gives one :class:`DesignResult`; :func:`tradeoff_table` puts
the presets and user designs in one :class:`TradeoffTable` (CSV, pandas).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import torch
from torch import nn

from ..crossbar import CrossbarConfig, convert, estimate_energy
from ..crossbar import train_in_situ as _train_in_situ
from ..crossbar.layers import analog_layers
from ..crossbar.studies import digits_mlp
from ..datasets import load_digits
from ..params import ChoiceSpec, ParamSpec, choice, param, spec_dataclass
from ..progress import Callback, notify
from ..threads import limit_threads
from .figures_of_merit import (
    FOM_SPECS,
    DeviceFiguresOfMerit,
    all_preset_figures_of_merit,
)

__all__ = [
    "SETTINGS_SPECS",
    "EvaluationSettings",
    "DesignResult",
    "TradeoffTable",
    "evaluate_design",
    "tradeoff_table",
]


@spec_dataclass(eq=True)
class EvaluationSettings:
    """How a design is evaluated (not device figures of merit; :data:`SETTINGS_SPECS`).

    Units: seconds (``t_deploy``), ohm (``r_wire``), volts (``v_read``).
    """

    mode: str = choice("inference", ("inference", "in_situ"),
                       doc="accuracy of ex-situ programmed inference, or of a short in-situ "
                           "training")
    t_deploy: float = param(86400.0, 1.0, 3.2e8, unit="s", log=True,
                            doc="time between programming (or training) and use: retention "
                                "loss", label="deployment time")
    r_wire: float = param(1.0, 0.0, 20.0, step=0.1, unit="ohm",
                          doc="wire resistance per cell segment (IR drop; inference mode)",
                          label="wire resistance")
    v_read: float = param(0.2, 0.01, 1.0, step=0.01, unit="V", doc="full-scale read voltage",
                          label="read voltage")
    write_verify: int = param(0, 0, 50, step=1, unit="iterations", integer=True,
                              doc="write-verify iterations when programming (0 = open loop; "
                                  "inference mode)", label="write-verify")
    repeats: int = param(2, 1, 10, step=1, unit="seeds", integer=True,
                         doc="programming (or training) seeds averaged", label="repeats")
    epochs: int = param(3, 1, 30, step=1, unit="epochs", integer=True,
                        doc="in-situ training epochs (in_situ mode)", label="in-situ epochs")
    seed: int = param(0, 0, 2**31 - 1, step=1, unit="", integer=True,
                      doc="first seed; repeat k uses seed + k", label="seed")

    def crossbar_config(self, fom: DeviceFiguresOfMerit) -> CrossbarConfig:
        """The :class:`~neuroexplore.crossbar.CrossbarConfig` a design is programmed with."""
        return CrossbarConfig(
            pulse_device=fom.to_pulse_device(), mapping="differential", programming="nearest",
            r_wire=self.r_wire, v_read=self.v_read, write_verify=self.write_verify,
            torch_device="cpu",
        )


#: Settings of the evaluation (not device figures of merit).
SETTINGS_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = EvaluationSettings.SPECS


@dataclass(frozen=True)
class DesignResult:
    """Accuracy and energy per inference of one design.

    Attributes
    ----------
    fom : DeviceFiguresOfMerit
    settings : EvaluationSettings
    accuracy : float
        Mean test accuracy (fraction) over the seeds.
    accuracy_runs : tuple of float
        Test accuracy per seed.
    accuracy_float : float
        The same network in floating point (inference: the cached MLP; in situ: float
        in-situ training with the same seeds, mean).
    retained : float
        Fraction of the programmed window left at ``settings.t_deploy``.
    energy, energy_read, energy_dac, energy_adc : float
        Energy per inference (J): total and its parts.
    latency : float
        Latency per inference (s).
    """

    fom: DeviceFiguresOfMerit
    settings: EvaluationSettings
    accuracy: float
    accuracy_runs: tuple[float, ...]
    accuracy_float: float
    retained: float
    energy: float
    energy_read: float
    energy_dac: float
    energy_adc: float
    latency: float

    @property
    def name(self) -> str:
        return self.fom.name

    @property
    def accuracy_std(self) -> float:
        """Standard deviation of the accuracy over seeds (0 for one seed)."""
        return float(np.std(self.accuracy_runs))

    def row(self) -> dict[str, Any]:
        """One table row: name, accuracy, energy and every figure of merit."""
        return {
            "name": self.fom.name,
            "accuracy": self.accuracy,
            "accuracy_std": self.accuracy_std,
            "accuracy_float": self.accuracy_float,
            "energy_J": self.energy,
            "energy_read_J": self.energy_read,
            "energy_dac_J": self.energy_dac,
            "energy_adc_J": self.energy_adc,
            "latency_s": self.latency,
            "retained": self.retained,
            **self.fom.values(),
            "mode": self.settings.mode,
            "t_deploy_s": self.settings.t_deploy,
            "reference": self.fom.reference,
            "notes": self.fom.notes,
        }


# ---------------------------------------------------------------- engine calls
@lru_cache(maxsize=1)
def _test_data() -> tuple[torch.Tensor, torch.Tensor]:
    ds = load_digits()
    return (torch.as_tensor(ds.x_test, dtype=torch.float32), torch.as_tensor(ds.y_test))


def _accuracy(model: nn.Module) -> float:
    x, y = _test_data()
    with torch.inference_mode():
        return float((model(x).argmax(1) == y).double().mean())


@lru_cache(maxsize=1)
def _float_accuracy() -> float:
    return _accuracy(digits_mlp())


def _inference_accuracy(fom: DeviceFiguresOfMerit, s: EvaluationSettings, seed: int,
                        retained: float) -> float:
    analog = convert(digits_mlp(), s.crossbar_config(fom), seed)
    if retained < 1.0:
        for _, layer in analog_layers(analog):
            layer.array = layer.array.relaxed(retained)
    return _accuracy(analog)


def _in_situ_accuracy(device: Any, s: EvaluationSettings, seed: int, retained: float
                      ) -> float:
    hist = _train_in_situ(device, "digits", s.epochs, seed)
    w1, w2 = (torch.as_tensor(w, dtype=torch.float32) for w in hist.weights)
    net = nn.Sequential(nn.Linear(w1.shape[1], w1.shape[0], bias=False), nn.Sigmoid(),
                        nn.Linear(w2.shape[1], w2.shape[0], bias=False))
    with torch.no_grad():  # pairs relaxing towards G_min scale G+ - G- by `retained`
        net[0].weight.copy_(retained * w1)
        net[2].weight.copy_(retained * w2)
    return _accuracy(net.eval())


@lru_cache(maxsize=64)
def _in_situ_float(s: EvaluationSettings) -> float:
    runs = [_train_in_situ(None, "digits", s.epochs, s.seed + k).final_accuracy
            for k in range(s.repeats)]
    return float(np.mean(runs))


def _energy(fom: DeviceFiguresOfMerit, s: EvaluationSettings) -> Any:
    x, _ = _test_data()
    return estimate_energy(digits_mlp(), s.crossbar_config(fom), x.numpy(), seed=s.seed)


@lru_cache(maxsize=512)
def _evaluate_cached(fom: DeviceFiguresOfMerit, s: EvaluationSettings) -> DesignResult:
    retained = fom.retained_fraction(s.t_deploy)
    runs = []
    with limit_threads(1):  # 64-32-10 matrices: threads only add overhead
        device = fom.to_pulse_device()
        for k in range(s.repeats):
            if s.mode == "inference":
                runs.append(_inference_accuracy(fom, s, s.seed + k, retained))
            else:
                runs.append(_in_situ_accuracy(device, s, s.seed + k, retained))
        acc_float = _float_accuracy() if s.mode == "inference" else _in_situ_float(s)
        rep = _energy(fom, s)
    return DesignResult(
        fom=fom, settings=s, accuracy=float(np.mean(runs)), accuracy_runs=tuple(runs),
        accuracy_float=acc_float, retained=retained, energy=rep.total,
        energy_read=rep.read, energy_dac=rep.dac, energy_adc=rep.adc, latency=rep.latency,
    )


def evaluate_design(
    fom: DeviceFiguresOfMerit,
    settings: EvaluationSettings | None = None,
    callback: Callback | None = None,
) -> DesignResult:
    """Accuracy and energy per inference of a device design (see the module doc).

    Parameters
    ----------
    fom : DeviceFiguresOfMerit
    settings : EvaluationSettings, optional
    callback : callable, optional
        ``callback(seeds, seeds, metrics)`` once the design is evaluated.  Results are
        cached per ``(fom, settings)``: the evaluation is deterministic (seeded).

    Returns
    -------
    DesignResult

    Examples
    --------
    >>> from neuroexplore.perspectives import IDEAL_FOM
    >>> r = evaluate_design(IDEAL_FOM, EvaluationSettings(repeats=1, r_wire=0.0))
    >>> abs(r.accuracy - r.accuracy_float) <= 2 / 450
    True
    """
    if not isinstance(fom, DeviceFiguresOfMerit):
        raise ValueError(f"fom must be a DeviceFiguresOfMerit, got {type(fom).__name__}")
    s = EvaluationSettings() if settings is None else settings
    if not isinstance(s, EvaluationSettings):
        raise ValueError(f"settings must be EvaluationSettings, got {type(s).__name__}")
    result = _evaluate_cached(fom, s)
    notify(callback, s.repeats, s.repeats, {"design": fom.name, "accuracy": result.accuracy,
                                            "energy": result.energy})
    return result


# ----------------------------------------------------------------------- table
_COLUMNS = (
    "name", "kind", "accuracy", "accuracy_std", "accuracy_float", "energy_J",
    "energy_read_J", "energy_dac_J", "energy_adc_J", "latency_s", "retained",
    *(s.name for s in FOM_SPECS), "mode", "t_deploy_s", "reference", "notes",
)


@dataclass(frozen=True)
class TradeoffTable:
    """Presets and designs side by side: accuracy, energy and figures of merit.

    ``rows`` are dicts with the keys :attr:`columns`; ``kind`` is ``"preset"`` or
    ``"design"``.  :meth:`to_dataframe` gives a pandas DataFrame (pandas imported
    lazily), :meth:`to_csv` CSV text.
    """

    results: tuple[DesignResult, ...]
    kinds: tuple[str, ...]
    columns: tuple[str, ...] = field(default=_COLUMNS, repr=False)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [{"kind": k, **r.row()} for r, k in zip(self.results, self.kinds, strict=True)]

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        if name not in self.columns:
            raise ValueError(f"column = {name!r} is not valid; expected one of {self.columns}")
        return [row[name] for row in self.rows]

    def result(self, name: str) -> DesignResult:
        """The result of the row called ``name``."""
        for r in self.results:
            if r.name == name:
                return r
        raise ValueError(f"no row named {name!r}; rows are {[r.name for r in self.results]}")

    def __len__(self) -> int:
        return len(self.results)

    def to_csv(self) -> str:
        """CSV text (header + one line per row)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(self.columns), lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v)
                             for k, v in row.items()})
        return buf.getvalue()

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of :attr:`rows` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("TradeoffTable.to_dataframe needs pandas (pip install pandas); "
                              "to_csv() and rows work without it") from exc
        return pd.DataFrame(self.rows, columns=list(self.columns))

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{c}</th>" for c in ("name", "accuracy", "energy (pJ)", "states",
                                                  "NL LTP/LTD", "c2c", "on/off", "R_on (ohm)"))
        body = []
        for r in self.results:
            f = r.fom
            body.append(
                f"<tr><td>{f.name}</td><td>{100 * r.accuracy:.1f} %</td>"
                f"<td>{r.energy * 1e12:.3g}</td><td>{f.states_ltp}/{f.states_ltd}</td>"
                f"<td>{f.nonlinearity_ltp:g}/{f.nonlinearity_ltd:g}</td>"
                f"<td>{f.c2c_sigma:g}</td><td>{f.on_off_ratio:.3g}</td><td>{f.r_on:.3g}</td></tr>"
            )
        return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def tradeoff_table(
    designs: Sequence[DeviceFiguresOfMerit] = (),
    settings: EvaluationSettings | None = None,
    *,
    include_presets: bool = True,
    callback: Callback | None = None,
) -> TradeoffTable:
    """Evaluate every preset (optional) and the given designs with the same settings.

    Parameters
    ----------
    designs : sequence of DeviceFiguresOfMerit
        The user's designs (rows of kind ``"design"``).
    settings : EvaluationSettings, optional
    include_presets : bool
        Add every preset of :func:`~neuroexplore.perspectives.all_preset_figures_of_merit`
        first (rows of kind ``"preset"``).
    callback : callable, optional
        ``callback(done, total, metrics)`` after each row; return ``False`` to stop
        (the rows evaluated so far are returned).

    Returns
    -------
    TradeoffTable
    """
    s = EvaluationSettings() if settings is None else settings
    items: list[tuple[DeviceFiguresOfMerit, str]] = []
    if include_presets:
        items += [(f, "preset") for f in all_preset_figures_of_merit()]
    for d in designs:
        if not isinstance(d, DeviceFiguresOfMerit):
            raise ValueError(f"designs must be DeviceFiguresOfMerit, got {type(d).__name__}")
        items.append((d, "design"))
    if not items:
        raise ValueError("tradeoff_table needs at least one design or include_presets=True")
    results, kinds = [], []
    for i, (fom, kind) in enumerate(items):
        res = evaluate_design(fom, s)
        results.append(res)
        kinds.append(kind)
        metrics = {"design": fom.name, "accuracy": res.accuracy, "energy": res.energy}
        if notify(callback, i + 1, len(items), metrics):
            break
    return TradeoffTable(tuple(results), tuple(kinds))

