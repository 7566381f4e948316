"""Pattern recognition on device arrays: digits, ex-situ and in-situ, for every device.

Review ch. 6 (pattern recognition).  This module only organises calls to the crossbar
engine (:mod:`neuroexplore.crossbar`) into the comparison the chapter shows: for every
synaptic-device preset of :mod:`neuroexplore.devices` (and any device fitted to a
user's measurement), the test accuracy of a ``64-hidden-10`` MLP on scikit-learn's 8x8
digits (1,347 training / 450 test images, 10 classes, chance level 10 %) when

1. **ex situ, plain**: a float MLP (ReLU, Adam; :func:`train_hardware_aware` with
   ``noise="none"``) is trained in software, then its weights are programmed once onto
   crossbars of the device (:func:`~neuroexplore.crossbar.evaluate`): differential pairs
   ``G+ - G- = (G_max - G_min) W / w_max``, each cell reached by ``k`` potentiation
   pulses from ``G_min`` along the device's nonlinear curve (the reachable level
   nearest the target), with the device's cycle-to-cycle noise per pulse; reads follow
   Ohm's and Kirchhoff's laws, ``I = G^T V``;
2. **ex situ, hardware-aware (HWA)**: the same, but the float MLP was trained with
   additive Gaussian weight noise ``N(0, (noise_std * max|W|)^2)`` injected in every
   forward pass (Joshi et al., Nat. Commun. 11:2473, 2020; Rasch et al., Nat. Commun.
   14:5282, 2023), so that it sits in a flatter minimum;
3. **in situ**: a sigmoid ``64-hidden-10`` MLP whose weights exist *only* as
   device conductances is trained by SGD, every update ``dw = -lr dL/dw`` becoming
   pulses along the device's curve (:func:`~neuroexplore.crossbar.train_in_situ`).
   By default with MLP NeuroSim V3.0's own protocol (``protocol="neurosim"``: one
   device per weight plus a reference current, binarised images, SGD after every
   image, 1-bit hidden read-out, ``n = round(dw P / 2)`` pulses; the one set of
   hyperparameters :data:`~neuroexplore.crossbar.in_situ_protocol.NEUROSIM_SETTINGS`,
   chosen on the ideal device); ``protocol="pair"`` is the differential-pair,
   mini-batch alternative.

Each number stands beside its software baseline: the float MLP's test accuracy (ex
situ) and the same sigmoid MLP trained with float weights, same initialisation,
batches and learning rate (in situ).  Ex-situ accuracies are averaged over
``repeats`` programming seeds (mean and standard deviation).

Published NeuroSim accuracies
-----------------------------
MLP NeuroSim reports in-situ (online-learning) accuracies of these devices for a
**400-100-10 MLP on 20x20 binarised MNIST** (MLP+NeuroSim V3.0 user manual 2019,
sec. 9, Table II; bundled as ``neurosim_published_accuracy.csv``, every value with
its source, approximate "~" values flagged as such).  Our network is a 64-32-10 MLP
on 8x8 digits, so only the *ranking* of the devices can be compared, not the
numbers: :func:`compare_with_published` (and :func:`rank_comparison` for any mapping
of names to accuracies) returns Spearman's rank correlation
(``scipy.stats.spearmanr``) over the devices with a published value.  A CSV with the
same columns can be passed instead (:func:`load_published_accuracy`); a value
without a source is rejected, an empty one is reported as unavailable.

A measured device joins the table through :func:`device_from_measurement` (the
NeuroSim pulse-update fit of :func:`neuroexplore.devices.fit_pulse_response`), or as a
``PulseDevice`` kept in the device lab.

torch is imported only when a network is trained or evaluated (through the crossbar
engine); the settings, the device-curve preview and the published table need none.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..crossbar.in_situ_protocol import NEUROSIM_SETTINGS, PROTOCOL, READOUT
from ..datasets import Dataset, load_digits
from ..devices.presets import resolve_device
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs, validate_params
from ..progress import Callback, notify
from ..seeding import as_seed
from ..sweeps import run_grid
from ..threads import limit_threads

if TYPE_CHECKING:  # pragma: no cover
    from ..crossbar.training import History

__all__ = [
    "RECOGNITION_SPECS",
    "PREVIEW_SPECS",
    "RUN_SIZE",
    "FULL_SETTINGS",
    "run_settings",
    "DeviceCurve",
    "device_curve",
    "PUBLISHED_FILE",
    "CHANCE_LEVEL",
    "DeviceAccuracy",
    "AccuracyTable",
    "PublishedAccuracy",
    "RankComparison",
    "Baselines",
    "baselines",
    "ex_situ_accuracy",
    "device_accuracy",
    "accuracy_table",
    "device_from_measurement",
    "load_published_accuracy",
    "published_accuracy",
    "compare_with_published",
    "rank_comparison",
    "default_devices",
]

#: Bundled published-accuracy table (in ``neuroexplore/data``).
PUBLISHED_FILE = "neurosim_published_accuracy.csv"
#: Chance level of 10-class digits.
CHANCE_LEVEL = 0.1

#: Settings of a comparison run (widgets build sliders from these).
RECOGNITION_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("epochs_in_situ", NEUROSIM_SETTINGS["epochs"], 1, 100, step=1, unit="epochs",
              integer=True,
              doc="in-situ training epochs per device"),
    ParamSpec("epochs_ex_situ", 40, 1, 300, step=1, unit="epochs", integer=True,
              doc="epochs of the float (plain and hardware-aware) training"),
    ParamSpec("hidden", 32, 4, 256, step=1, unit="neurons", integer=True,
              doc="hidden-layer width of both MLPs"),
    ParamSpec("noise_std", 0.1, 0.0, 0.5, step=0.005, unit="frac",
              doc="hardware-aware training: Gaussian weight noise std / max|W|"),
    ParamSpec("repeats", 3, 1, 20, step=1, unit="seeds", integer=True,
              doc="programming seeds averaged per ex-situ accuracy"),
    ParamSpec("lr_in_situ", 0.5, 0.01, 5.0, step=0.01, unit="", log=True,
              doc="in-situ SGD learning rate"),
    # the crossbar engine's own choices, here defaulting to NeuroSim's protocol
    replace(PROTOCOL, default=NEUROSIM_SETTINGS["protocol"]),
    replace(READOUT, default=NEUROSIM_SETTINGS["readout"]),
)
_SPECS = {s.name: s for s in RECOGNITION_SPECS}

#: The "full" setting: longer float training and more programming seeds; the in-situ
#: settings stay the one set chosen on the ideal device (:data:`NEUROSIM_SETTINGS`).
FULL_SETTINGS: dict[str, Any] = dict(epochs_ex_situ=100, repeats=5)

#: Which settings a run uses: the live-session defaults or :data:`FULL_SETTINGS`.
RUN_SIZE = ChoiceSpec("run_size", "default", ("default", "full"),
                      doc="'default' fits a live session; 'full' reproduces the stronger table")

#: Crossbar knobs of the ex-situ preview (the same ranges as ``CrossbarConfig``'s fields).
PREVIEW_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("states", 0, 0, 4096, step=1, unit="levels", integer=True,
              doc="override the number of programmable levels (0 = device's states_ltp pulses)"),
    ParamSpec("c2c_scale", 1.0, 0.0, 5.0, step=0.05, unit="x",
              doc="multiplier on the device's cycle-to-cycle write noise per pulse"),
)


@takes_specs(RUN_SIZE)
def run_settings(run_size: str = FROM_SPEC) -> dict[str, Any]:
    """The :data:`RECOGNITION_SPECS` values of ``run_size`` ("default" or "full")."""
    base = {s.name: s.default for s in RECOGNITION_SPECS}
    return {**base, **FULL_SETTINGS} if run_size == "full" else base


def _settings(where: str, **values: Any) -> dict[str, Any]:
    return validate_params(RECOGNITION_SPECS, values, where=where)


# ------------------------------------------------------------------- devices
def default_devices() -> tuple[str, ...]:
    """Every preset of :func:`neuroexplore.devices.presets` (``"ideal"`` last)."""
    from ..devices import presets

    return tuple(presets())


def _label(device: Any) -> str:
    if isinstance(device, str):
        return device
    return str(getattr(device, "name", "device"))


def device_from_measurement(src: str | Path | io.TextIOBase, name: str | None = None) -> Any:
    """A PulseDevice fitted (NeuroSim model) to a measured pulse response.

    ``src`` is a CSV path or text buffer in the format of
    :func:`neuroexplore.devices.load_measurements` (columns ``pulse, conductance``
    [, ``direction``, ``cycle``]; several cycles are fitted jointly); the device gets
    ``name`` (default ``"fitted: <file name>"``).
    """
    from ..devices import fit_pulse_response, load_measurements

    m = load_measurements(src)
    if m.kind != "pulse":
        raise ValueError(f"{m.source}: a {m.kind} measurement was given; the device table "
                         "needs a pulse response (columns pulse, conductance[, direction])")
    label = name or f"fitted: {Path(str(m.source)).name}"
    fit = fit_pulse_response(m.data["pulse"], m.data["conductance"], m.data.get("direction"),
                             cycle=m.data.get("cycle"), name=label,
                             reference=f"fitted to {m.source}")
    return fit.device


@dataclass(frozen=True)
class DeviceCurve:
    """A device's noise-free pulse response, normalised to its conductance range.

    ``level[k] = (G_k - G_min) / (G_max - G_min)`` after ``pulses[k]`` pulses: first
    ``states_ltp`` potentiation pulses from ``G_min``, then ``states_ltd`` depression
    pulses; ``ltp`` marks the potentiation part.  ``c2c`` is the std of one pulse's
    cycle-to-cycle noise in the same units.
    """

    pulses: np.ndarray
    level: np.ndarray
    ltp: np.ndarray
    c2c: float
    name: str
    states_ltp: int
    states_ltd: int


@takes_specs(PREVIEW_SPECS)
def device_curve(device: Any, *, states: int = FROM_SPEC,
                 c2c_scale: float = FROM_SPEC) -> DeviceCurve:
    """The pulse response the crossbar programs along (preview of :func:`ex_situ_accuracy`).

    ``states > 0`` rescales the numbers of LTP and LTD pulses as the crossbar engine
    does (``states_ltd`` in proportion).  ``"ideal"`` shows the 1000-state preset (the
    crossbar's ideal device is continuous).
    """
    p = dict(states=states, c2c_scale=c2c_scale)
    if p["states"] == 1:
        raise ValueError("states = 1 levels is not valid; use 0 (device's own) or 2..4096")
    dev = resolve_device(device)
    if p["states"]:
        ltd = max(2, round(dev.states_ltd * p["states"] / dev.states_ltp))
        dev = dev.with_params(states_ltp=p["states"], states_ltd=ltd)
    n, m = dev.states_ltp, dev.states_ltd
    span = dev.g_max - dev.g_min
    up = dev.potentiation_curve(np.arange(n + 1, dtype=float))
    down = dev.depression_curve(m - np.arange(1, m + 1, dtype=float))
    level = (np.concatenate([up, down]) - dev.g_min) / span
    pulses = np.arange(n + m + 1, dtype=float)
    return DeviceCurve(pulses=pulses, level=level, ltp=pulses <= n,
                       c2c=float(dev.c2c_sigma * p["c2c_scale"]), name=str(dev.name),
                       states_ltp=int(n), states_ltd=int(m))


# ----------------------------------------------------------------- baselines
@dataclass(frozen=True)
class Baselines:
    """The float models every device is compared with (:func:`baselines`).

    Attributes
    ----------
    plain, hwa : History
        Float MLPs trained without and with weight-noise injection (``.model`` holds
        the torch model, ``.final_accuracy`` its float test accuracy).
    in_situ_float : History
        The in-situ network (sigmoid MLP, SGD) trained with float weights.
    """

    plain: History
    hwa: History
    in_situ_float: History

    @property
    def accuracy_plain(self) -> float:
        return self.plain.final_accuracy

    @property
    def accuracy_hwa(self) -> float:
        return self.hwa.final_accuracy

    @property
    def accuracy_in_situ(self) -> float:
        return self.in_situ_float.final_accuracy


@lru_cache(maxsize=8)
def _float_models(epochs: int, hidden: int, noise_std: float, seed: int) -> tuple:
    from ..crossbar import train_hardware_aware

    with limit_threads(1):
        plain = train_hardware_aware(None, _digits(), epochs, seed, noise="none",
                                     hidden=hidden, lr=0.01, batch_size=64)
        hwa = train_hardware_aware(None, _digits(), epochs, seed, noise="gaussian",
                                   noise_std=noise_std, hidden=hidden, lr=0.01, batch_size=64)
    return plain, hwa


@lru_cache(maxsize=8)
def _in_situ_float(epochs: int, hidden: int, lr: float, seed: int, protocol: str = "pair",
                   readout: str = "analog") -> History:
    from ..crossbar import train_in_situ

    return train_in_situ(None, _digits(), epochs, seed, hidden=hidden, lr=lr,
                         protocol=protocol, readout=readout)


@lru_cache(maxsize=1)
def _digits() -> Dataset:
    return load_digits()


def baselines(seed: int = 0, **settings: Any) -> Baselines:
    """The float baselines for ``settings`` (see :data:`RECOGNITION_SPECS`); cached per process.

    Treat the returned models as read-only (the crossbar engine converts copies).
    """
    p = _settings("baselines", **settings)
    seed = as_seed(seed)
    plain, hwa = _float_models(p["epochs_ex_situ"], p["hidden"], p["noise_std"], seed)
    float_in = _in_situ_float(p["epochs_in_situ"], p["hidden"], p["lr_in_situ"], seed,
                              p["protocol"], p["readout"])
    return Baselines(plain=plain, hwa=hwa, in_situ_float=float_in)


# -------------------------------------------------------------------- ex situ
@takes_specs(_SPECS["repeats"], PREVIEW_SPECS)
def ex_situ_accuracy(model: Any, device: Any, *, repeats: int = FROM_SPEC, seed: int = 0,
                     states: int = FROM_SPEC, c2c_scale: float = FROM_SPEC
                     ) -> tuple[float, float]:
    """Mean and std test accuracy of a float ``model`` programmed onto ``device`` crossbars.

    Parameters
    ----------
    model : torch.nn.Module
        A trained float model (left untouched).
    device : str or PulseDevice
        ``"ideal"`` is the crossbar engine's continuous, exact device.
    repeats : int
        Programming seeds ``seed, seed + 1, ...`` averaged.
    states, c2c_scale
        :class:`~neuroexplore.crossbar.CrossbarConfig` overrides (0 = device's own states).
    """
    from ..crossbar import CrossbarConfig, evaluate

    seed = as_seed(seed)
    cfg = CrossbarConfig(pulse_device=device, torch_device="cpu", states=states,
                         c2c_scale=c2c_scale)
    with limit_threads(1):
        acc = np.array([evaluate(model, cfg, _digits(), seed=seed + k).accuracy
                        for k in range(repeats)])
    return float(acc.mean()), float(acc.std())


# ---------------------------------------------------------------------- table
@dataclass(frozen=True)
class DeviceAccuracy:
    """One device's row of the comparison (accuracies are fractions in [0, 1]).

    ``published`` is the published NeuroSim accuracy (fraction, MNIST 400-100-10) or
    ``None`` where unavailable.
    """

    name: str
    reference: str
    states_ltp: int
    states_ltd: int
    nonlinearity_ltp: float
    nonlinearity_ltd: float
    c2c_sigma: float
    ex_situ_plain: float
    ex_situ_plain_std: float
    ex_situ_hwa: float
    ex_situ_hwa_std: float
    in_situ: float
    published: float | None = None
    history: History | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class AccuracyTable:
    """Every device's row beside the float baselines (:func:`accuracy_table`)."""

    rows: tuple[DeviceAccuracy, ...]
    float_plain: float
    float_hwa: float
    float_in_situ: float
    settings: dict
    cancelled: bool = False
    float_history: History | None = field(default=None, repr=False, compare=False)

    def row(self, name: str) -> DeviceAccuracy:
        """The row of device ``name`` (ValueError listing the names if absent)."""
        for r in self.rows:
            if r.name == name:
                return r
        raise ValueError(f"no device {name!r} in the table; rows are {[r.name for r in self.rows]}")

    def ranking(self, column: str = "in_situ") -> list[str]:
        """Device names from best to worst by ``column`` (``in_situ``, ``ex_situ_hwa``...)."""
        if column not in ("in_situ", "ex_situ_hwa", "ex_situ_plain"):
            raise ValueError(f"column = {column!r} is not valid; expected 'in_situ', "
                             "'ex_situ_hwa' or 'ex_situ_plain'")
        return [r.name for r in sorted(self.rows, key=lambda r: -getattr(r, column))]

    def to_csv(self) -> str:
        """The table as CSV text (percent), baselines and settings in the header."""
        buf = io.StringIO()
        buf.write("# Digits (8x8, 450 test images) on device arrays; neuroexplore "
                  "applications.pattern_recognition\n")
        buf.write(f"# settings: {self.settings}\n")
        buf.write(f"# float baselines: ex situ plain {100 * self.float_plain:.2f} %, "
                  f"hardware-aware {100 * self.float_hwa:.2f} %, in-situ network "
                  f"{100 * self.float_in_situ:.2f} %\n")
        buf.write("# published_neurosim: MNIST 400-100-10 MLP (empty = unavailable)\n")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["device", "reference", "states_ltp", "states_ltd", "nonlinearity_ltp",
                    "nonlinearity_ltd", "c2c_sigma", "ex_situ_plain_pct", "ex_situ_plain_std",
                    "ex_situ_hwa_pct", "ex_situ_hwa_std", "in_situ_pct",
                    "published_neurosim_pct"])
        for r in self.rows:
            w.writerow([r.name, r.reference, r.states_ltp, r.states_ltd, r.nonlinearity_ltp,
                        r.nonlinearity_ltd, r.c2c_sigma, f"{100 * r.ex_situ_plain:.2f}",
                        f"{100 * r.ex_situ_plain_std:.2f}", f"{100 * r.ex_situ_hwa:.2f}",
                        f"{100 * r.ex_situ_hwa_std:.2f}", f"{100 * r.in_situ:.2f}",
                        "" if r.published is None else f"{100 * r.published:.2f}"])
        return buf.getvalue()


def device_accuracy(device: Any, base: Baselines, *, seed: int = 0,
                    published: PublishedAccuracy | None = None,
                    callback: Callback | None = None, **settings: Any) -> DeviceAccuracy:
    """One device's ex-situ (plain, HWA) and in-situ accuracy (see module doc)."""
    from ..crossbar import train_in_situ

    p = _settings("device_accuracy", **settings)
    dev = resolve_device(device)
    # the crossbar engine's "ideal" is continuous and exact; the preset is 1000 states
    target = "ideal" if device == "ideal" else dev
    plain = ex_situ_accuracy(base.plain.model, target, repeats=p["repeats"], seed=seed)
    hwa = ex_situ_accuracy(base.hwa.model, target, repeats=p["repeats"], seed=seed)
    hist = train_in_situ(target, _digits(), p["epochs_in_situ"], seed, hidden=p["hidden"],
                         lr=p["lr_in_situ"], protocol=p["protocol"], readout=p["readout"],
                         callback=callback)
    pub = None if published is None else published.get(dev.name)
    return DeviceAccuracy(
        name=str(dev.name), reference=str(dev.reference), states_ltp=int(dev.states_ltp),
        states_ltd=int(dev.states_ltd), nonlinearity_ltp=float(dev.nonlinearity_ltp),
        nonlinearity_ltd=float(dev.nonlinearity_ltd), c2c_sigma=float(dev.c2c_sigma),
        ex_situ_plain=plain[0], ex_situ_plain_std=plain[1], ex_situ_hwa=hwa[0],
        ex_situ_hwa_std=hwa[1], in_situ=hist.final_accuracy, published=pub, history=hist,
    )


def _table_task(item: Any, seed: int, *, base: Baselines,
                published: PublishedAccuracy | None, settings: dict) -> DeviceAccuracy:
    """One device's row of :func:`accuracy_table` (a picklable sweep task)."""
    return device_accuracy(item, base, seed=seed, published=published, **settings)


def accuracy_table(
    devices: Sequence[Any] | None = None,
    seed: int = 0,
    callback: Callback | None = None,
    *,
    published: PublishedAccuracy | None | bool = True,
    executor: Any = None,
    **settings: Any,
) -> AccuracyTable:
    """Ex-situ and in-situ digits accuracy of every device, beside the float baselines.

    Parameters
    ----------
    devices : sequence of preset names or PulseDevices, optional
        Default: every preset (:func:`default_devices`).  A fitted device
        (:func:`device_from_measurement`, or kept in the device lab) joins here.
    seed : int
        Seeds the float training, the in-situ runs (every device starts from the same
        weights and batch order) and the programming seeds ``seed .. seed+repeats-1``.
    callback : callable, optional
        ``callback(step, total, metrics)``; ``step`` counts the baseline training
        (1 + ``epochs_in_situ`` steps) and, per device, one ex-situ step plus its
        in-situ epochs.  Return ``False`` to stop; the rows finished so far are kept.
    published : PublishedAccuracy, True or None
        The published table to put beside each row (True: the bundled one).
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where the devices run, one task each (:func:`neuroexplore.sweeps.run_grid`);
        default serially here.  The rows do not depend on it; elsewhere ``callback``
        hears of each device when it finishes (its ``1 + epochs_in_situ`` steps at once),
        and a stop cancels the devices not yet started.
    **settings
        :data:`RECOGNITION_SPECS` (defaults: a live-session run; :data:`FULL_SETTINGS`
        reproduces the stronger table).

    Returns
    -------
    AccuracyTable
    """
    p = _settings("accuracy_table", **settings)
    seed = as_seed(seed)
    devs = list(default_devices() if devices is None else devices)
    if not devs:
        raise ValueError("devices must name at least one device")
    for item in devs:  # unknown names fail before any training
        resolve_device(item)
    pub = published_accuracy() if published is True else (published or None)
    epochs = p["epochs_in_situ"]
    total = 1 + epochs + len(devs) * (1 + epochs)
    done = 0
    stop = False

    def report(metrics: dict) -> None:
        nonlocal done, stop
        done += 1
        if notify(callback, done, total, metrics):
            stop = True

    base = Baselines(*_float_models(p["epochs_ex_situ"], p["hidden"], p["noise_std"], seed),
                     in_situ_float=_in_situ_float(epochs, p["hidden"], p["lr_in_situ"], seed,
                                                  p["protocol"], p["readout"]))
    report({"stage": "float baselines", "device": "float"})
    for _ in range(epochs):
        if not stop:
            report({"stage": "float in situ", "device": "float"})
    if executor is None:
        # in this process: progress per in-situ epoch, and a stop ends the running device
        def task(item: Any, seed: int) -> DeviceAccuracy | None:
            name = _label(item)

            def cb(epoch: int, _total: int, metrics: dict) -> bool | None:
                report({**metrics, "stage": "in situ", "device": name})
                return False if stop else None

            report({"stage": "ex situ", "device": name})
            if stop:
                return None
            return device_accuracy(item, base, seed=seed, published=pub, callback=cb, **p)

        def progress(_done: int, _n: int, _metrics: dict) -> bool | None:
            return False if stop else None
    else:
        # in workers: progress per device (its 1 + epochs_in_situ steps at once)
        task = partial(_table_task, base=base, published=pub, settings=p)

        def progress(_done: int, _n: int, metrics: dict) -> bool | None:
            nonlocal done, stop
            done += 1 + epochs
            if notify(callback, done, total, metrics):
                stop = True
            return False if stop else None

    rows: list[DeviceAccuracy] = []
    if not stop:  # a stop during the baselines runs no device
        run = run_grid(task, {"item": devs}, [seed], executor, progress=progress,
                       metrics=lambda point, _s, row: {
                           "stage": "in situ", "device": _label(point["item"]),
                           "accuracy": None if row is None else row.in_situ})
        rows = [row for _k, _p, _s, row in run.finished()  # a stopped device is left out
                if row is not None and not (row.history is not None and row.history.cancelled)]
        stop = stop or run.cancelled
    return AccuracyTable(rows=tuple(rows), float_plain=base.accuracy_plain,
                         float_hwa=base.accuracy_hwa, float_in_situ=base.accuracy_in_situ,
                         settings={"seed": seed, **p}, cancelled=stop,
                         float_history=base.in_situ_float)


# ------------------------------------------------------------------ published
@dataclass(frozen=True)
class PublishedAccuracy:
    """A published accuracy table: values (fraction or None) and provenance per device.

    Attributes
    ----------
    values : dict
        Device name -> published accuracy (fraction) or ``None`` (unavailable).
    source : dict
        Device name -> citation of the value.
    detail : dict
        Device name -> where in the source / why unavailable.
    network, dataset : dict
        Device name -> network and dataset of the published run.
    header : tuple of str
        The file's comment lines (its provenance statement).
    """

    values: dict
    source: dict
    detail: dict
    network: dict
    dataset: dict
    header: tuple = ()

    def get(self, name: str) -> float | None:
        return self.values.get(name)

    @property
    def available(self) -> dict:
        """Only the devices with a published value."""
        return {k: v for k, v in self.values.items() if v is not None}

    @property
    def unavailable(self) -> list[str]:
        return [k for k, v in self.values.items() if v is None]


_COLUMNS = ("name", "accuracy_percent", "network", "dataset", "source", "source_detail")


def load_published_accuracy(src: str | Path | io.TextIOBase) -> PublishedAccuracy:
    """Read a published-accuracy CSV (path, text buffer) with columns
    ``name, accuracy_percent, network, dataset, source, source_detail``.

    ``accuracy_percent`` may be empty (unavailable); a value needs a non-empty
    ``source``.  Lines starting with ``#`` are the provenance header.
    """
    if isinstance(src, (str, Path)) and Path(src).exists():
        text = Path(src).read_text(encoding="utf-8")
    elif hasattr(src, "read"):
        text = src.read()
    else:
        raise ValueError(f"published table {src!r}: no such file")
    header = tuple(ln[1:].strip() for ln in text.splitlines() if ln.startswith("#"))
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"published table lacks the columns {missing}; expected {_COLUMNS}")
    values, source, detail, network, dataset = {}, {}, {}, {}, {}
    for lineno, row in enumerate(reader, start=2):
        name = (row["name"] or "").strip()
        if not name:
            raise ValueError(f"published table row {lineno}: empty device name")
        raw = (row["accuracy_percent"] or "").strip()
        value = None
        if raw:
            try:
                value = float(raw) / 100.0
            except ValueError:
                raise ValueError(f"published table row {lineno} ({name}): accuracy_percent "
                                 f"{raw!r} is not a number") from None
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"published table row {lineno} ({name}): accuracy_percent = "
                                 f"{raw} is outside [0, 100]")
            if not (row["source"] or "").strip():
                raise ValueError(f"published table row {lineno} ({name}): a value needs its "
                                 "source")
        values[name] = value
        source[name] = (row["source"] or "").strip()
        detail[name] = (row["source_detail"] or "").strip()
        network[name] = (row["network"] or "").strip()
        dataset[name] = (row["dataset"] or "").strip()
    return PublishedAccuracy(values, source, detail, network, dataset, header)


def published_accuracy() -> PublishedAccuracy:
    """The bundled ``neurosim_published_accuracy.csv`` (see its header for provenance)."""
    text = resources.files("neuroexplore").joinpath("data", PUBLISHED_FILE).read_text("utf-8")
    return load_published_accuracy(io.StringIO(text))


@dataclass(frozen=True)
class RankComparison:
    """Our ranking against the published one (:func:`compare_with_published`).

    ``rho``/``p_value`` are ``None`` when fewer than 3 devices have a published value
    (``reason`` says so).
    """

    devices: tuple[str, ...]
    ours: tuple[float, ...]
    published: tuple[float, ...]
    rho: float | None
    p_value: float | None
    unavailable: tuple[str, ...]
    reason: str = ""

    def summary(self) -> str:
        if self.rho is None:
            return f"rank comparison unavailable: {self.reason}"
        return (f"Spearman rank correlation with the published NeuroSim accuracies over "
                f"{len(self.devices)} devices: rho = {self.rho:.2f} (p = {self.p_value:.2g}); "
                f"unavailable: {', '.join(self.unavailable) or 'none'}")


def rank_comparison(ours: Any, published: PublishedAccuracy | None = None
                    ) -> RankComparison:
    """Spearman's rank correlation between our accuracies and the published ones.

    Parameters
    ----------
    ours : mapping
        Device name -> our accuracy (fraction); names without a published value are
        listed as unavailable (e.g. ``"ideal"``, ``"float"``).
    published : PublishedAccuracy, optional
        Default: the bundled table (:func:`published_accuracy`).

    Returns
    -------
    RankComparison
        ``rho``, ``p_value`` from ``scipy.stats.spearmanr`` (ties get average ranks),
        or ``None`` with a ``reason`` when fewer than 3 devices can be compared.

    Examples
    --------
    >>> cmp = rank_comparison({"GST PCM": 0.9, "PCMO": 0.2, "AlOx/HfO2": 0.3, "ideal": 0.95})
    >>> round(cmp.rho, 2), cmp.unavailable
    (0.5, ('ideal',))
    """
    from scipy.stats import spearmanr

    pub = published_accuracy() if published is None else published
    names, mine, theirs, missing = [], [], [], []
    for name, value in dict(ours).items():
        v = pub.get(name)
        if v is None:
            missing.append(name)
            continue
        names.append(name)
        mine.append(float(value))
        theirs.append(float(v))
    if len(names) < 3:
        reason = f"{len(names)} of {len(dict(ours))} devices have a published value (need >= 3)"
        return RankComparison(tuple(names), tuple(mine), tuple(theirs), None, None,
                              tuple(missing), reason)
    res = spearmanr(mine, theirs)
    rho, pval = float(res.statistic), float(res.pvalue)
    if not math.isfinite(rho):
        return RankComparison(tuple(names), tuple(mine), tuple(theirs), None, None,
                              tuple(missing), "a ranking is constant (all values tie)")
    return RankComparison(tuple(names), tuple(mine), tuple(theirs), rho, pval, tuple(missing))


def compare_with_published(table: AccuracyTable, published: PublishedAccuracy | None = None,
                           column: str = "in_situ") -> RankComparison:
    """Spearman's rank correlation between our ``column`` and the published accuracies.

    Only devices present in both (with a published value) count
    (:func:`rank_comparison`).  The numbers themselves are not comparable (different
    network and dataset); the ranking is.
    """
    table.ranking(column)  # validates the column
    return rank_comparison({r.name: getattr(r, column) for r in table.rows}, published)
