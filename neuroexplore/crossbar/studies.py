"""Studies over the crossbar engine: the reference digits MLP and accuracy sweeps.

Nothing here adds physics: every number comes from the engine
(:class:`~neuroexplore.crossbar.CrossbarConfig`,
:class:`~neuroexplore.crossbar.CrossbarArray`, :func:`~neuroexplore.crossbar.evaluate`,
:func:`~neuroexplore.crossbar.train_hardware_aware`,
:func:`~neuroexplore.crossbar.ir_drop_exact.ir_drop`,
:func:`~neuroexplore.crossbar.ir_drop_approx.approx_ir_drop`) and
:mod:`neuroexplore.devices`.  This module organises engine calls into the studies of
chapter 4, its lab (``CrossbarLab``), its exercises and the device-design trade-off of
:mod:`neuroexplore.perspectives`:

* :func:`digits_mlp` -- the reference float ``64-32-10`` ReLU MLP on scikit-learn's
  8x8 digits, trained once per process and seed (:data:`MLP_RECIPE`:
  ``train_hardware_aware(noise="none")``, i.e. plain Adam training) and cached;
* :func:`digits_cnn` -- a small float CNN on the same digits (3x3 convolution with
  8 channels, ReLU, 2x2 max-pool, linear 128 -> 10; :data:`CNN_RECIPE`), trained and
  cached the same way; its convolution runs on the array by im2col
  (:mod:`neuroexplore.crossbar.convolution`);
* :func:`device_accuracy` -- test accuracy of a float model programmed onto crossbars
  of each of several devices (their own states, nonlinearity and write noise, ideal
  peripherals), beside its float accuracy;
* :data:`SWEEPS` / :func:`run_sweep` -- test accuracy of that MLP on crossbars while
  one non-ideality is swept, one at a time: the device keeps its own states and
  pulse-curve nonlinearity, but its cycle-to-cycle noise is off (``c2c_scale = 0``)
  unless it is the swept knob, and the peripherals are ideal; Monte-Carlo repeats
  run over programming seeds;
* :func:`ir_drop_grid`, :func:`approx_vs_exact`, :func:`converter_error`,
  :func:`tiling_error` -- IR-drop, DAC/ADC and tiling error studies of single arrays;
* :func:`sweep_csv`, :func:`histories_csv` -- CSV text of sweep and training results.

Long studies take the progress callback of :mod:`neuroexplore.progress`,
``callback(step, total, metrics)``; returning ``False`` stops them early.

Examples
--------
>>> grid = ir_drop_grid([4, 8], [0.0, 5.0], device="ideal")
>>> grid.shape
(2, 2)
>>> bool(grid[0, 0] < 1e-12 and grid[1, 1] > grid[0, 1] > 0)
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import numpy as np
import torch

from ..devices.presets import resolve_device
from ..params import FROM_SPEC, ParamSpec, takes_specs
from ..progress import Callback
from ..sweeps import run_grid
from ..threads import limit_threads
from .array import CrossbarArray
from .config import CrossbarConfig
from .evaluation import evaluate
from .ir_drop_approx import approx_ir_drop
from .ir_drop_exact import ir_drop
from .training import train_hardware_aware

__all__ = [
    "MLP_RECIPE",
    "CNN_RECIPE",
    "digits_cnn",
    "digits_cnn_module",
    "DeviceAccuracy",
    "device_accuracy",
    "SWEEPS",
    "SWEEP_REPEATS",
    "Sweep",
    "SweepResult",
    "digits_mlp",
    "run_sweep",
    "sweep_csv",
    "histories_csv",
    "random_conductances",
    "ir_drop_grid",
    "approx_vs_exact",
    "converter_error",
    "tiling_error",
]

#: How the reference digits MLP is trained (plain float training, no noise injection).
MLP_RECIPE = dict(epochs=20, hidden=32, batch_size=128, lr=0.02, noise="none", seed=0)

#: Monte-Carlo repeats (programming seeds) per sweep point.
SWEEP_REPEATS = ParamSpec("repeats", 1, 1, 10, step=1, unit="seeds", integer=True,
                          doc="Monte-Carlo repeats (programming seeds) per sweep point")


def digits_mlp(seed: int = 0) -> torch.nn.Module:
    """The reference float digits MLP (64-32-10, ReLU), trained once per seed and cached.

    Trained with :func:`~neuroexplore.crossbar.train_hardware_aware` with
    ``noise="none"`` (plain Adam) and :data:`MLP_RECIPE`; about 96 % test accuracy.

    Parameters
    ----------
    seed : int
        Training seed (initialisation and batch order); :data:`MLP_RECIPE` uses 0.

    Returns
    -------
    torch.nn.Module
        The trained model in eval mode.  It is shared by every caller: treat it as
        read-only (the crossbar engine converts copies).
    """
    return _digits_mlp(int(seed))


@lru_cache(maxsize=4)
def _digits_mlp(seed: int) -> torch.nn.Module:
    with limit_threads(1):  # 64-32-10 matrices: threads only add overhead
        hist = train_hardware_aware(None, "digits", **{**MLP_RECIPE, "seed": seed})
    return hist.model.eval()


#: How the reference digits CNN is built and trained (plain float training).
CNN_RECIPE = dict(channels=8, epochs=20, batch_size=128, lr=0.02, noise="none", seed=0)


def digits_cnn_module(channels: int = 8) -> torch.nn.Module:
    """The untrained digits CNN: ``Conv2d(1, channels, 3, padding=1)``, ReLU,
    ``MaxPool2d(2)``, flatten, ``Linear(16 channels, 10)`` on ``(N, 1, 8, 8)`` images.

    Examples
    --------
    >>> net = digits_cnn_module(4)
    >>> tuple(net(torch.zeros(2, 1, 8, 8)).shape)
    (2, 10)
    """
    if isinstance(channels, bool) or not isinstance(channels, (int, np.integer)) \
            or not 1 <= channels <= 64:
        raise ValueError(f"channels = {channels!r} is outside its valid range [1, 64]")
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, int(channels), 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(int(channels) * 16, 10),
    )


def digits_cnn(seed: int = 0) -> torch.nn.Module:
    """The reference float digits CNN (:func:`digits_cnn_module`), trained once per seed.

    Initialised from ``torch.manual_seed(seed)`` and trained with
    :func:`~neuroexplore.crossbar.train_hardware_aware` (``noise="none"``, plain Adam)
    with :data:`CNN_RECIPE`; about 97 % test accuracy on the digits test split.

    Parameters
    ----------
    seed : int
        Initialisation and batch-order seed; :data:`CNN_RECIPE` uses 0.

    Returns
    -------
    torch.nn.Module
        The trained model in eval mode, shared by every caller: treat it as read-only
        (the crossbar engine converts copies).
    """
    return _digits_cnn(int(seed))


@lru_cache(maxsize=4)
def _digits_cnn(seed: int) -> torch.nn.Module:
    recipe = {k: v for k, v in CNN_RECIPE.items() if k not in ("channels", "seed")}
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = digits_cnn_module(CNN_RECIPE["channels"])
    with limit_threads(1):  # 8x8 images, 8 channels: threads only add overhead
        hist = train_hardware_aware(net, "digits", seed=seed, **recipe)
    return hist.model.eval()


@dataclass(frozen=True)
class DeviceAccuracy:
    """Test accuracy of one float model on crossbars of several devices.

    Attributes
    ----------
    devices : tuple of str
        Device names, in the order run.
    accuracy : ndarray, shape (n_devices, repeats)
        Test accuracy (fraction) per device and programming seed.
    output_rel_rmse : ndarray, shape (n_devices, repeats)
        RMS output (logit) error relative to the float outputs' RMS.
    accuracy_float : float
        The float model's test accuracy.
    cancelled : bool
        Whether the callback stopped the study early (rows not run are NaN).
    """

    devices: tuple[str, ...]
    accuracy: np.ndarray
    output_rel_rmse: np.ndarray
    accuracy_float: float
    cancelled: bool = False

    def mean(self) -> np.ndarray:
        """Mean accuracy per device over the programming seeds."""
        return self.accuracy.mean(axis=1)

    def std(self) -> np.ndarray:
        """Standard deviation of the accuracy per device over the programming seeds."""
        return self.accuracy.std(axis=1)


@takes_specs(SWEEP_REPEATS)
def device_accuracy(
    model: torch.nn.Module,
    devices: Sequence[Any] = ("ideal", "GST PCM", "AlOx/HfO2", "PCMO"),
    *,
    repeats: int = FROM_SPEC,
    seed: int = 0,
    base: CrossbarConfig | None = None,
    callback: Callback | None = None,
    executor: Any = None,
) -> DeviceAccuracy:
    """Digits test accuracy of ``model`` on crossbars of each device, beside float.

    Each device is mapped with its own states, pulse-curve nonlinearity and
    cycle-to-cycle write noise; the rest comes from ``base`` (default: differential
    pairs, nearest-level programming, ideal converters and wires, CPU).  Convolutions
    run by im2col (:class:`~neuroexplore.crossbar.AnalogConv2d`).

    Parameters
    ----------
    model : nn.Module
        A trained float model (e.g. :func:`digits_cnn` or :func:`digits_mlp`).
    devices : sequence of str or PulseDevice
    repeats : int
        Programming seeds per device (``seed, seed + 1, ...``).
    seed : int
        First programming seed.
    base : CrossbarConfig, optional
        Every other knob.
    callback : callable, optional
        ``callback(done, total, metrics)`` after each evaluation; return ``False`` to stop.
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where the evaluations run (:func:`neuroexplore.sweeps.run_grid`; default
        serially here).  The results are the same on every executor.

    Returns
    -------
    DeviceAccuracy
    """
    devices = list(devices)
    names = tuple(_device_name(d) for d in devices)
    if not names:
        raise ValueError("devices must name at least one device")
    base = CrossbarConfig(torch_device="cpu") if base is None else base
    acc = np.full((len(names), repeats), np.nan)
    err = np.full((len(names), repeats), np.nan)
    acc_float = float("nan")
    run = run_grid(partial(_device_task, model=model, base=base), {"device": devices},
                   [seed + r for r in range(repeats)], executor, progress=callback,
                   metrics=lambda point, s, res: {"device": _device_name(point["device"]),
                                                  "repeat": s - seed,
                                                  "accuracy": res["accuracy"]})
    for k, _point, _seed, res in run.finished():
        i, r = divmod(k, repeats)
        acc[i, r], err[i, r] = res["accuracy"], res["output_rel_rmse"]
        acc_float = res["accuracy_float"]
    cancelled = run.cancelled
    return DeviceAccuracy(names, acc, err, acc_float, cancelled)


def _device_task(device: Any, seed: int, *, model: torch.nn.Module,
                 base: CrossbarConfig) -> dict[str, float]:
    """One :func:`device_accuracy` evaluation (a picklable sweep task)."""
    res = evaluate(model, base.with_params(pulse_device=device), "digits", seed=seed)
    return {"accuracy": res.accuracy, "output_rel_rmse": res.output_rel_rmse,
            "accuracy_float": res.accuracy_float}


# ------------------------------------------------------------------------ sweeps
@dataclass(frozen=True)
class Sweep:
    """One non-ideality swept against digits accuracy.

    ``configure(base, device, value)`` returns ``(config, t_inference)`` for one point;
    ``series`` names the curves (several when a second knob is compared, e.g. drift with
    and without global compensation).
    """

    name: str
    label: str
    unit: str
    values: tuple[float, ...]
    values_full: tuple[float, ...]
    log_x: bool
    configure: Callable[[CrossbarConfig, Any, float, str], tuple[CrossbarConfig, float]]
    series: tuple[str, ...] = ("crossbar",)
    note: str = ""


def _set(field_name: str):
    def configure(base, device, value, _series):
        return base.with_params(pulse_device=device, **{field_name: value}), 0.0

    return configure


def _nonlinearity(base, device, value, _series):
    dev = resolve_device(device)
    dev = dev.with_params(model="neurosim", nonlinearity_ltp=float(value),
                          nonlinearity_ltd=-float(value), name=f"{dev.name} NL={value:g}")
    return base.with_params(pulse_device=dev, programming="linear"), 0.0


def _stuck(base, device, value, _series):
    return base.with_params(pulse_device=device, stuck_on_rate=value / 2,
                        stuck_off_rate=value / 2), 0.0


def _drift(base, device, value, series):
    comp = series == "with global drift compensation"
    return base.with_params(pulse_device=device, drift=True, drift_compensation=comp,
                        t_inference=float(value)), float(value)


SWEEPS: dict[str, Sweep] = {
    s.name: s
    for s in (
        Sweep("states", "programmable states (pulses from G_min to G_max)", "levels",
              (4, 8, 16, 32, 64, 128), (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128, 256),
              True, _set("states"),
              note="'nearest' open-loop programming along the device's pulse curve"),
        Sweep("nonlinearity", "NeuroSim nonlinearity label (LTP +v, LTD -v)", "",
              (0, 1, 2, 3, 4, 6), (0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 9), False,
              _nonlinearity,
              note="'linear' programming (pulse count assuming a linear device)"),
        Sweep("c2c", "cycle-to-cycle noise (x device's c2c sigma)", "x",
              (0, 0.5, 1, 2, 3, 5), (0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5), False, _set("c2c_scale")),
        Sweep("d2d", "device-to-device spread sigma_d2d", "frac",
              (0, 0.05, 0.1, 0.2, 0.3, 0.5), (0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5),
              False, _set("d2d_sigma")),
        Sweep("stuck-at", "stuck-at faults (half ON, half OFF)", "frac",
              (0, 0.01, 0.02, 0.05, 0.1, 0.2), (0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3),
              False, _stuck),
        Sweep("drift", "time after programming (PCM drift, Joshi et al. 2020)", "s",
              (20, 3600, 86400, 2.6e6, 3.2e7),
              (20, 60, 600, 3600, 36000, 86400, 6.05e5, 2.6e6, 3.2e7), True, _drift,
              series=("with global drift compensation", "without compensation")),
        Sweep("adc_bits", "ADC resolution", "bits", (2, 3, 4, 5, 6, 8, 10),
              (2, 3, 4, 5, 6, 7, 8, 9, 10, 12), False, _set("adc_bits")),
        Sweep("r_wire", "wire resistance per cell segment (IR drop)", "ohm",
              (0, 1, 2, 5, 10, 20), (0, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30), False,
              _set("r_wire")),
    )
}


@dataclass(frozen=True)
class SweepResult:
    """Digits accuracy of the crossbar MLP along one sweep.

    Attributes
    ----------
    sweep : str
        Key of :data:`SWEEPS`.
    device : str
        Device name.
    values : ndarray, shape (n,)
        Swept values (points run so far when cancelled).
    accuracy : dict of str -> ndarray, shape (n, repeats)
        Test accuracy (fraction) per series, point and Monte-Carlo repeat.
    accuracy_float : float
        Accuracy of the same MLP in floating point.
    cancelled : bool
        Whether the callback stopped the sweep early.
    meta : dict
        ``label``, ``unit`` and ``repeats`` of the sweep (for display).
    """

    sweep: str
    device: str
    values: np.ndarray
    accuracy: dict[str, np.ndarray]
    accuracy_float: float
    cancelled: bool = False
    meta: dict = field(default_factory=dict, compare=False)

    def mean(self, series: str | None = None) -> np.ndarray:
        """Mean accuracy over the repeats of one series (default: the first)."""
        key = next(iter(self.accuracy)) if series is None else series
        return self.accuracy[key].mean(axis=1)

    def std(self, series: str | None = None) -> np.ndarray:
        """Standard deviation of the accuracy over the repeats of one series."""
        key = next(iter(self.accuracy)) if series is None else series
        return self.accuracy[key].std(axis=1)


def _device_name(device: Any) -> str:
    return device if isinstance(device, str) else str(getattr(device, "name", "device"))


@takes_specs(SWEEP_REPEATS)
def run_sweep(
    name: str,
    device: Any = "AlOx/HfO2",
    *,
    values: Sequence[float] | None = None,
    full: bool = False,
    repeats: int = FROM_SPEC,
    seed: int = 0,
    base: CrossbarConfig | None = None,
    model: torch.nn.Module | None = None,
    callback: Callback | None = None,
    executor: Any = None,
) -> SweepResult:
    """Digits accuracy of :func:`digits_mlp` on crossbars along one sweep.

    Parameters
    ----------
    name : str
        A key of :data:`SWEEPS`.
    device : str or PulseDevice
        The synaptic device of every array.
    values : sequence, optional
        Points to run; default the sweep's quick (or ``full``) list.
    repeats : int
        Programming seeds per point (``seed, seed + 1, ...``).
    base : CrossbarConfig, optional
        Every knob not swept (default: ``c2c_scale = 0``, ideal peripherals, CPU).
    model : nn.Module, optional
        Float model to map (default :func:`digits_mlp`).
    seed : int
        First programming seed.
    full : bool
        Run the sweep's longer list of points (``values_full``).
    callback : callable, optional
        ``callback(done, total, metrics)`` after each evaluation (``metrics``: the
        sweep, value, series, repeat and accuracy); return ``False`` to stop (the
        points finished so far are returned, with ``cancelled=True``).
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where the evaluations run (:func:`neuroexplore.sweeps.run_grid`; default
        serially here).  Every (point, series, repeat) is one task; the results are
        the same on every executor.

    Returns
    -------
    SweepResult
    """
    if name not in SWEEPS:
        raise ValueError(f"sweep = {name!r} is not valid; expected one of {list(SWEEPS)}")
    sw = SWEEPS[name]
    if values is None:
        values = sw.values_full if full else sw.values
    vals = np.asarray(values, dtype=float)
    if vals.ndim != 1 or vals.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, got shape {vals.shape}")
    base = CrossbarConfig(torch_device="cpu", c2c_scale=0.0) if base is None else base
    model = digits_mlp() if model is None else model
    acc = {s: np.full((vals.size, repeats), np.nan) for s in sw.series}
    acc_float = float("nan")
    run = run_grid(partial(_sweep_task, name=name, device=device, base=base, model=model),
                   {"value": [float(v) for v in vals], "series": list(sw.series)},
                   [seed + r for r in range(repeats)], executor, progress=callback,
                   metrics=lambda point, s, res: {"sweep": name, **point, "repeat": s - seed,
                                                  "accuracy": res["accuracy"]})
    n_series = len(sw.series)
    for k, point, _seed, res in run.finished():
        i, rest = divmod(k, n_series * repeats)
        acc[point["series"]][i, rest % repeats] = res["accuracy"]
        acc_float = res["accuracy_float"]
    cancelled = run.cancelled
    complete = np.array([all(not np.isnan(a[i]).any() for a in acc.values())
                         for i in range(vals.size)])
    n_done = int(np.argmin(complete)) if not complete.all() else vals.size
    acc = {s: a[:n_done] for s, a in acc.items()}
    return SweepResult(name, _device_name(device), vals[:n_done], acc, acc_float, cancelled,
                       {"label": sw.label, "unit": sw.unit, "repeats": repeats})


def _sweep_task(value: float, series: str, seed: int, *, name: str, device: Any,
                base: CrossbarConfig, model: torch.nn.Module) -> dict[str, float]:
    """One :func:`run_sweep` evaluation (a picklable sweep task)."""
    cfg, t = SWEEPS[name].configure(base, device, value, series)
    res = evaluate(model, cfg, "digits", t_inference=t, seed=seed)
    return {"accuracy": res.accuracy, "accuracy_float": res.accuracy_float}


def sweep_csv(result: SweepResult) -> str:
    """CSV text: one row per point and series, mean and std of the accuracy."""
    out = io.StringIO()
    out.write(f"# sweep={result.sweep}; device={result.device}; "
              f"float accuracy={result.accuracy_float:.6f}\n")
    out.write("value,series,mean_accuracy,std_accuracy,repeats\n")
    for s, a in result.accuracy.items():
        for v, row in zip(result.values, a, strict=True):
            out.write(f"{v:.6g},{s},{row.mean():.6f},{row.std():.6f},{row.size}\n")
    return out.getvalue()


def histories_csv(runs: Sequence[tuple[str, Any]]) -> str:
    """CSV text of in-situ training histories: ``(label, History)`` pairs."""
    out = io.StringIO()
    out.write("run,device,epoch,test_accuracy,train_loss,pulses\n")
    for label, h in runs:
        for k, (a, loss, p) in enumerate(
            zip(h.test_accuracy, h.train_loss, h.pulses, strict=True), start=1
        ):
            out.write(f"{label},{h.device},{k},{a:.6f},{loss:.6f},{int(p)}\n")
    return out.getvalue()


# ------------------------------------------------------------------- IR drop, ADC
def random_conductances(rows: int, cols: int, device: Any = "AlOx/HfO2", seed: int = 0
                        ) -> np.ndarray:
    """Cell conductances (S) drawn uniformly in the device's ``[g_min, g_max]``."""
    dev = resolve_device(device)
    rng = np.random.default_rng(seed)
    return dev.g_min + (dev.g_max - dev.g_min) * rng.random((int(rows), int(cols)))


def ir_drop_grid(sizes: Sequence[int], r_wires: Sequence[float], *, device: Any = "AlOx/HfO2",
                 v_read: float = 0.2, cell: str = "1T1R", seed: int = 0) -> np.ndarray:
    """Worst relative output error ``max|I - I_ideal| / max I_ideal`` of N x N arrays.

    Exact nodal solves (:func:`~neuroexplore.crossbar.ir_drop_exact.ir_drop`) with every row
    at ``v_read``; returns an array of shape ``(len(sizes), len(r_wires))``.
    """
    out = np.zeros((len(sizes), len(r_wires)))
    for i, n in enumerate(sizes):
        G = random_conductances(n, n, device, seed)
        for j, r in enumerate(r_wires):
            res = ir_drop(G, np.full(int(n), v_read), float(r), cell=cell)
            out[i, j] = float(res.relative_error.max())
    return out


def approx_vs_exact(sizes: Sequence[int], r_wire: float = 2.0, *, device: Any = "AlOx/HfO2",
                    v_read: float = 0.2, seed: int = 0) -> dict[str, np.ndarray]:
    """IR-drop error of the exact solve and how far two fast models are from it.

    Returns ``sizes``, ``ir_error`` (exact vs ideal wires) and ``chebyshev`` /
    ``first_order`` (fast model vs exact), each a worst-case fraction of the largest
    ideal output current.
    """
    ir, cheb, first = [], [], []
    for n in sizes:
        G = random_conductances(n, n, device, seed)
        v = np.full(int(n), v_read)
        res = ir_drop(G, v, r_wire)
        scale = float(np.abs(res.i_ideal).max())
        ir.append(float(np.abs(res.i_out - res.i_ideal).max()) / scale)
        a = approx_ir_drop(G, v, r_wire)
        f = approx_ir_drop(G, v, r_wire, n_iter=1, method="neumann")
        cheb.append(float(np.abs(a - res.i_out).max()) / scale)
        first.append(float(np.abs(f - res.i_out).max()) / scale)
    return {"sizes": np.asarray(sizes), "ir_error": np.array(ir), "chebyshev": np.array(cheb),
            "first_order": np.array(first)}


def converter_error(bits: Sequence[int], *, kind: str = "adc", rows: int = 64, cols: int = 32,
                    n_inputs: int = 200, seed: int = 0, **config: Any) -> np.ndarray:
    """RMS error of ``W x`` read through an ideal array with a ``bits``-bit DAC or ADC.

    Relative to the RMS of the exact ``W x``; ``W`` is Gaussian, ``x`` uniform in
    ``[0, 1]``; ``config`` overrides other :class:`CrossbarConfig` fields.  A calibrated
    ADC (the default) calibrates on the inputs ``x`` themselves.
    """
    if kind not in ("adc", "dac"):
        raise ValueError(f"kind = {kind!r} is not valid; expected 'adc' or 'dac'")
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(cols, rows))
    x = rng.random((n_inputs, rows))
    exact = x @ W.T
    rms = float(np.sqrt(np.mean(exact**2)))
    out = []
    with limit_threads(1):
        for b in bits:
            cfg = CrossbarConfig(torch_device="cpu", programming="exact",
                                 **{f"{kind}_bits": int(b)}, **config)
            arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=seed)
            y = arr.matmul(x)
            out.append(float(np.sqrt(np.mean((y - exact) ** 2))) / rms)
    return np.array(out)


def tiling_error(tiles: Sequence[int], *, adc_bits: int = 6, seed: int = 0,
                 n_inputs: int = 200) -> dict[str, np.ndarray]:
    """RMS output error of the digits MLP's first layer (32 x 64) split into square tiles.

    For each tile size and for digital (ADC per tile, partial sums added digitally) and
    analog (currents added, one ADC) accumulation, on the ideal device with exact
    programming and a fixed ADC full scale (``adc_calibration="fixed"``, ``adc_range``
    cell currents: the same range for every tile, so small partial sums use few
    codes); relative to the RMS of the exact ``W x`` on digits test inputs.
    Returns ``tiles``, ``n_tiles`` and one error array per accumulation mode.
    """
    from ..datasets import load_digits

    W = digits_mlp()[0].weight.detach().numpy().astype(float)
    x = load_digits().x_test[:n_inputs].astype(float)
    exact = x @ W.T
    rms = float(np.sqrt(np.mean(exact**2)))
    out: dict[str, Any] = {"tiles": np.asarray(tiles), "n_tiles": []}
    with limit_threads(1):
        for acc in ("digital", "analog"):
            errs = []
            for t in tiles:
                cfg = CrossbarConfig(torch_device="cpu", programming="exact", adc_bits=adc_bits,
                                     adc_calibration="fixed", tile_rows=int(t),
                                     tile_cols=int(t), accumulation=acc)
                arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=seed)
                errs.append(float(np.sqrt(np.mean((arr.matmul(x) - exact) ** 2))) / rms)
                if acc == "digital":
                    out["n_tiles"].append(arr.tiles[0] * arr.tiles[1])
            out[acc] = np.array(errs)
    out["n_tiles"] = np.array(out["n_tiles"])
    return out
