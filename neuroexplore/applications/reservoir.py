r"""Reservoir computing with dynamic (volatile) memristors, against an echo-state network.

**Device reservoir** (Du et al., Nat. Commun. 8:2204, 2017; Zhong et al., *Dynamic
memristor-based reservoir computing for high-efficiency temporal signal
processing*, Nat. Commun. 12:408, 2021).  The short-term memory of a volatile
memristor (:mod:`neuroexplore.devices.volatile_memristor`) is the reservoir.  An input sample
:math:`u(k) \in [0, 1]` is *time-multiplexed*: device :math:`i` receives
:math:`M` pulses, one per virtual node :math:`j`, of amplitude

.. math::

    V_{ij}(k) = V_\min + (V_\max - V_\min)\,\frac{1 + m_{ij}\,u(k)}{2},

with a fixed random mask :math:`m_{ij} \sim U(-1, 1)` (Zhong et al. 2021, "mask
process").  Pulses of width ``pulse_width`` start every ``node_interval``; the
device relaxes in between.  The current at the end of pulse :math:`(k, j)` is the
state :math:`x_{ij}(k)` of virtual node :math:`j` of device :math:`i`, so ``N``
devices with mask length ``M`` give ``N * M`` features.  Because the state carries
over from pulse to pulse and decays with :math:`\tau`, each node mixes the present
input with a fading trace of earlier ones (Appeltant et al., Nat. Commun. 2:468,
2011, for time-multiplexed reservoirs).  Device-to-device variation draws each
device's relaxation time as :math:`\tau_i = \tau\,e^{\sigma z_i}`,
:math:`z_i \sim N(0, 1)` (``tau_spread`` = :math:`\sigma`); a spread of time
constants gives the reservoir memories of different lengths.

**Echo-state network** (Jaeger, GMD Report 148, 2001; Jaeger & Haas, Science
304:78, 2004), the software baseline of the same size :math:`N_r`:

.. math::

    \mathbf x(k) = (1 - a)\,\mathbf x(k-1)
                   + a \tanh\big(W_\text{in}\mathbf u(k) + W \mathbf x(k-1) + \mathbf b\big),

with a sparse random :math:`W` (``density``) rescaled to spectral radius
:math:`\rho < 1` (echo-state property), :math:`W_\text{in}, \mathbf b \sim
U(-s, s)` (``input_scaling`` :math:`s`) and leak rate :math:`a`.

**Readout** (both reservoirs, same data split).  Features are standardised with the
training mean and standard deviation; ridge regression
:math:`W_\text{out} = (X^\top X + \alpha n I)^{-1} X^\top Y` with an unpenalised
offset (Lukosevicius, *A practical guide to applying echo state networks*, 2012).
For classification the readout is a softmax layer trained by
:func:`neuroexplore.networks.train_mlp` with no hidden layer.

**Error measure.**  Normalised root-mean-square error on the test set,

.. math:: \mathrm{NRMSE} = \sqrt{\langle (y - \hat y)^2 \rangle} \,/\, \sigma_y,

with :math:`\sigma_y` the standard deviation of the test targets: predicting the
mean gives NRMSE = 1.

**Tasks.**  (1) Mackey-Glass (:mod:`.mackey_glass_series`, tau = 17) sampled every time
unit, predicting ``horizon`` steps ahead from the reservoir state; (2) temporal
pattern classification after Du et al. (Fig. 1): each row of a 5 x 4 pixel digit
is a pulse stream (pixel 1 = a pulse, 0 = none) into one device, the five device
states read after the stream are the features; the "full" setting streams the
8 x 8 scikit-learn digits, each row split into two 4-pixel streams (16 devices),
as Du et al. streamed sub-rows of MNIST images.

Units: volts, seconds, amperes; time-series values are dimensionless.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from ..devices.volatile_memristor import VolatileMemristor, current, drive_pulses
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs, validate_params
from ..progress import Callback
from ..progress import notify as _notify
from ..seeding import as_seed
from ..sweeps import run_grid
from .mackey_glass_series import mackey_glass

__all__ = [
    "DEVICE_RESERVOIR_SPECS",
    "ESN_SPECS",
    "READOUT_SPECS",
    "PREDICTION_SPECS",
    "PATTERN_SPECS",
    "SIZE_SETTINGS",
    "SIZE_SPEC",
    "DIGITS_5X4",
    "DeviceReservoir",
    "EchoStateNetwork",
    "RidgeReadout",
    "PredictionResult",
    "SizeSweep",
    "PatternSet",
    "ClassificationResult",
    "benchmark_series",
    "scale_to_unit",
    "make_device_reservoir",
    "device_reservoir_states",
    "make_esn",
    "esn_states",
    "fit_ridge",
    "nrmse",
    "mackey_glass_benchmark",
    "nrmse_vs_size",
    "pattern_dataset",
    "inversion_mean",
    "pattern_streams",
    "pattern_states",
    "classify_patterns",
]


#: Device reservoir: time multiplexing, voltages, timing, variation.
DEVICE_RESERVOIR_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("n_devices", 8, 1, 64, integer=True, label="devices",
              doc="parallel devices, each with its own mask"),
    ParamSpec("mask_length", 10, 1, 40, integer=True, label="mask length",
              doc="virtual nodes (pulses) per device and input sample"),
    ParamSpec("v_min", -0.8, -3.0, 0.0, step=0.05, unit="V", label="V min",
              doc="pulse voltage for the lowest masked input"),
    ParamSpec("v_max", 2.0, 0.1, 3.0, step=0.05, unit="V", label="V max",
              doc="pulse voltage for the highest masked input"),
    ParamSpec("pulse_width", 1e-3, 1e-5, 0.1, unit="s", log=True, label="pulse width",
              doc="width of each virtual-node pulse"),
    ParamSpec("node_interval", 5e-3, 2e-5, 1.0, unit="s", log=True, label="node interval",
              doc="onset-to-onset interval of the virtual-node pulses (theta)"),
    ParamSpec("tau_spread", 0.5, 0.0, 1.5, step=0.05, label="tau spread",
              doc="device-to-device variation: log-normal sigma of tau"),
)

#: Echo-state network (software baseline).
ESN_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("spectral_radius", 0.9, 0.0, 1.5, step=0.01, label="spectral radius",
              doc="largest |eigenvalue| of the recurrent matrix W"),
    ParamSpec("input_scaling", 1.0, 0.01, 5.0, step=0.01, label="input scaling",
              doc="W_in and bias drawn from U(-s, s)"),
    ParamSpec("density", 0.1, 0.01, 1.0, step=0.01, doc="fraction of non-zero entries of W"),
    ParamSpec("leak", 1.0, 0.01, 1.0, step=0.01, doc="leak rate a (1 = no leak)"),
)

#: Ridge readout.
READOUT_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("ridge", 1e-6, 1e-10, 1.0, log=True, label="ridge alpha",
              doc="ridge penalty alpha (on standardised features, times n)"),
)

#: Mackey-Glass prediction task.
PREDICTION_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("horizon", 3, 1, 50, integer=True, unit="steps",
              doc="prediction horizon (samples ahead, one sample = 1 time unit)"),
    ParamSpec("n_train", 1500, 100, 20_000, integer=True, label="training samples",
              doc="training samples (including the washout)"),
    ParamSpec("n_test", 500, 50, 20_000, integer=True, label="test samples",
              doc="test samples"),
    ParamSpec("washout", 100, 0, 2000, integer=True, doc="initial samples not used for fitting"),
)

#: Temporal-pattern classification task.
PATTERN_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("dataset", "digits5x4", ("digits5x4", "digits8x8"),
               doc="5x4 pixel digits (Du et al.) or the 8x8 scikit-learn digits"),
    ParamSpec("noise", 0.05, 0.0, 0.5, step=0.01, label="pixel noise",
              doc="probability that a pixel is inverted (x -> 1 - x)"),
    ParamSpec("n_per_class", 40, 2, 500, integer=True, label="samples per class",
              doc="training (and test) samples per class of the 5x4 set"),
    ParamSpec("v_pulse", 2.0, 0.1, 3.0, step=0.05, unit="V", label="pulse voltage",
              doc="pulse amplitude for a full pixel"),
    ParamSpec("slot_interval", 0.02, 2e-3, 1.0, unit="s", log=True, label="slot interval",
              doc="time between the pulses of a stream (one pixel per slot)"),
    ParamSpec("v_read", 0.5, 0.05, 1.0, step=0.05, unit="V", label="read voltage",
              doc="voltage of the read pulse after the stream"),
    ParamSpec("epochs", 150, 1, 2000, integer=True, doc="softmax-readout training epochs"),
)

_STREAM = tuple(s for s in PATTERN_SPECS if s.name in ("v_pulse", "slot_interval", "v_read"))
#: Pulse width (s) of a pixel pulse in the pattern task: the device reservoir's default.
_PULSE_WIDTH = DEVICE_RESERVOIR_SPECS[4].default

#: Default (live session) and full (stronger figure) settings of the benchmarks.
SIZE_SETTINGS: dict[str, dict[str, Any]] = {
    "default": dict(n_train=1500, n_test=500, sizes=(1, 2, 4, 8, 16), dataset="digits5x4"),
    "full": dict(n_train=4000, n_test=1000, sizes=(1, 2, 4, 8, 16, 32, 64),
                 dataset="digits8x8"),
}

#: Which of :data:`SIZE_SETTINGS` a lab or notebook runs.
SIZE_SPEC = ChoiceSpec("size", "default", tuple(SIZE_SETTINGS),
                       doc="default: fits a live session; full: the stronger figure")

_DIGIT_ROWS = {
    0: ("1111", "1001", "1001", "1001", "1111"),
    1: ("0010", "0110", "0010", "0010", "0111"),
    2: ("1111", "0001", "1111", "1000", "1111"),
    3: ("1111", "0001", "0111", "0001", "1111"),
    4: ("1001", "1001", "1111", "0001", "0001"),
    5: ("1111", "1000", "1111", "0001", "1111"),
    6: ("1111", "1000", "1111", "1001", "1111"),
    7: ("1111", "0001", "0010", "0100", "0100"),
    8: ("1111", "1001", "1111", "1001", "1111"),
    9: ("1111", "1001", "1111", "0001", "1111"),
}
#: Ten 5-row x 4-column binary digits (our glyphs, in the format of Du et al. Fig. 1).
DIGITS_5X4: np.ndarray = np.array(
    [[[int(c) for c in row] for row in _DIGIT_ROWS[d]] for d in range(10)], dtype=np.uint8
)


# ---------------------------------------------------------------------------
# reservoirs
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DeviceReservoir:
    """A time-multiplexed reservoir of ``n_devices`` volatile memristors (frozen)."""

    devices: VolatileMemristor
    """The devices (``tau`` is an array of shape ``(n_devices,)``)."""
    mask: np.ndarray
    """Mask ``m_ij`` in [-1, 1], shape ``(n_devices, mask_length)``."""
    v_min: float
    """Voltage of the lowest masked input (V)."""
    v_max: float
    """Voltage of the highest masked input (V)."""
    pulse_width: float
    """Virtual-node pulse width (s)."""
    node_interval: float
    """Virtual-node interval theta (s)."""

    @property
    def n_devices(self) -> int:
        return int(self.mask.shape[0])

    @property
    def mask_length(self) -> int:
        return int(self.mask.shape[1])

    @property
    def size(self) -> int:
        """Number of reservoir features ``n_devices * mask_length``."""
        return int(self.mask.size)

    def voltages(self, u: np.ndarray) -> np.ndarray:
        """Pulse voltages (V), shape ``(n_devices, T * mask_length)``, for inputs ``u``."""
        u = _unit_input(u)
        s = 0.5 * (1.0 + self.mask[:, None, :] * u[None, :, None])
        return (self.v_min + (self.v_max - self.v_min) * s).reshape(self.n_devices, -1)


def _unit_input(u: Any) -> np.ndarray:
    arr = np.asarray(u, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"u must be a non-empty 1-D input series, got shape {arr.shape}")
    if np.any(~np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError("u must be scaled to [0, 1] (finite values)")
    return arr


@takes_specs(DEVICE_RESERVOIR_SPECS)
def make_device_reservoir(
    device: VolatileMemristor | None = None,
    *,
    n_devices: int = FROM_SPEC,
    mask_length: int = FROM_SPEC,
    v_min: float = FROM_SPEC,
    v_max: float = FROM_SPEC,
    pulse_width: float = FROM_SPEC,
    node_interval: float = FROM_SPEC,
    tau_spread: float = FROM_SPEC,
    seed: int = 0,
) -> DeviceReservoir:
    """Draw the mask and the devices' relaxation times of a device reservoir.

    ``device`` (default :class:`VolatileMemristor()`) must be a single device; its
    ``tau`` is spread log-normally across the ``n_devices`` copies.
    """
    p = dict(n_devices=n_devices, mask_length=mask_length, v_min=v_min, v_max=v_max,
             pulse_width=pulse_width, node_interval=node_interval, tau_spread=tau_spread)
    if p["node_interval"] <= p["pulse_width"]:
        raise ValueError(f"node_interval = {p['node_interval']:.6g} s must exceed "
                         f"pulse_width = {p['pulse_width']:.6g} s")
    device = VolatileMemristor() if device is None else device
    if not isinstance(device, VolatileMemristor) or device.shape != ():
        raise ValueError("device must be a single (scalar) VolatileMemristor")
    rng = np.random.default_rng(as_seed(seed))
    mask = rng.uniform(-1.0, 1.0, size=(p["n_devices"], p["mask_length"]))
    taus = device.tau * np.exp(p["tau_spread"] * rng.standard_normal(p["n_devices"]))
    return DeviceReservoir(devices=device.with_params(tau=taus), mask=mask, v_min=p["v_min"],
                           v_max=p["v_max"], pulse_width=p["pulse_width"],
                           node_interval=p["node_interval"])


def device_reservoir_states(reservoir: DeviceReservoir, u: Any) -> np.ndarray:
    """Virtual-node states (device currents, A) for the input series ``u`` in [0, 1].

    Returns an array of shape ``(T, n_devices * mask_length)``: row ``k`` holds the
    current at the end of every pulse that encodes ``u(k)``, device-major.
    """
    v = reservoir.voltages(u)
    st = drive_pulses(reservoir.devices, v, pulse_width=reservoir.pulse_width,
                      interval=reservoir.node_interval)
    i = current(reservoir.devices, st.w_pulse_end, v)
    t = v.shape[1] // reservoir.mask_length
    return i.reshape(reservoir.n_devices, t, reservoir.mask_length).transpose(1, 0, 2).reshape(
        t, reservoir.size)


@dataclass(frozen=True, eq=False)
class EchoStateNetwork:
    """A leaky tanh echo-state network (frozen)."""

    w: np.ndarray
    """Recurrent weights, shape ``(n, n)``."""
    w_in: np.ndarray
    """Input weights, shape ``(n, n_inputs)``."""
    bias: np.ndarray
    """Bias, shape ``(n,)``."""
    leak: float
    """Leak rate a."""

    @property
    def size(self) -> int:
        return int(self.w.shape[0])


@takes_specs(ESN_SPECS)
def make_esn(
    n_nodes: int,
    n_inputs: int = 1,
    *,
    spectral_radius: float = FROM_SPEC,
    input_scaling: float = FROM_SPEC,
    density: float = FROM_SPEC,
    leak: float = FROM_SPEC,
    seed: int = 0,
) -> EchoStateNetwork:
    """Draw an echo-state network with ``W`` rescaled to ``spectral_radius``."""
    p = dict(spectral_radius=spectral_radius, input_scaling=input_scaling, density=density,
             leak=leak)
    for name, value in (("n_nodes", n_nodes), ("n_inputs", n_inputs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
                1 <= value <= 5000):
            raise ValueError(f"{name} = {value!r} must be an integer in [1, 5000]")
    rng = np.random.default_rng(as_seed(seed))
    w = rng.uniform(-1.0, 1.0, (n_nodes, n_nodes)) * (rng.random((n_nodes, n_nodes))
                                                      < p["density"])
    radius = float(np.max(np.abs(np.linalg.eigvals(w)))) if n_nodes > 0 else 0.0
    w = w * (p["spectral_radius"] / radius) if radius > 0 else w
    s = p["input_scaling"]
    return EchoStateNetwork(w=w, w_in=rng.uniform(-s, s, (n_nodes, n_inputs)),
                            bias=rng.uniform(-s, s, n_nodes), leak=p["leak"])


def esn_states(esn: EchoStateNetwork, u: Any) -> np.ndarray:
    """States of ``esn`` driven by ``u`` from rest.

    ``u`` has shape ``(T,)`` (one input), ``(T, n_inputs)`` or ``(B, T, n_inputs)``
    (a batch of sequences); the result has shape ``(T, n)`` or ``(B, T, n)``.
    """
    arr = np.asarray(u, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError("u contains NaN or infinite values")
    single = arr.ndim <= 2
    if arr.ndim == 1:
        arr = arr[:, None]
    if single:
        arr = arr[None]
    if arr.ndim != 3 or arr.shape[-1] != esn.w_in.shape[1]:
        raise ValueError(f"u must have {esn.w_in.shape[1]} input(s) on its last axis, "
                         f"got shape {np.shape(u)}")
    drive = arr @ esn.w_in.T + esn.bias  # (B, T, n)
    x = np.zeros((arr.shape[0], esn.size))
    out = np.empty(drive.shape)
    wt = esn.w.T
    for k in range(arr.shape[1]):
        x = (1.0 - esn.leak) * x + esn.leak * np.tanh(drive[:, k] + x @ wt)
        out[:, k] = x
    return out[0] if single else out


# ---------------------------------------------------------------------------
# readout and error
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RidgeReadout:
    """A ridge-regression readout on standardised features (frozen)."""

    mean: np.ndarray
    """Feature means (training set)."""
    scale: np.ndarray
    """Feature standard deviations (1 where a feature is constant)."""
    weights: np.ndarray
    """Output weights, shape ``(features, outputs)``."""
    offset: np.ndarray
    """Output offsets (the training target means)."""

    def predict(self, x: Any) -> np.ndarray:
        """Readout output for features ``x`` of shape ``(n, features)``."""
        z = (np.asarray(x, dtype=float) - self.mean) / self.scale
        return z @ self.weights + self.offset


def fit_ridge(x: Any, y: Any, alpha: float = READOUT_SPECS[0].default) -> RidgeReadout:
    """Fit ``y ~ standardise(x) W + c`` with penalty ``alpha * n * |W|^2``.

    ``x`` has shape ``(n, features)``; ``y`` shape ``(n,)`` or ``(n, outputs)``
    (a 1-D ``y`` gives a readout whose ``predict`` returns shape ``(n, 1)``).
    """
    alpha = READOUT_SPECS[0].validate(alpha)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    y = y[:, None] if y.ndim == 1 else y
    if x.ndim != 2 or y.ndim != 2 or x.shape[0] != y.shape[0] or x.shape[0] < 2:
        raise ValueError(f"x (n, features) and y (n, outputs) must share n >= 2 rows, got "
                         f"{x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = (x - mean) / scale
    offset = y.mean(axis=0)
    gram = z.T @ z + alpha * x.shape[0] * np.eye(z.shape[1])
    weights = np.linalg.solve(gram, z.T @ (y - offset))
    return RidgeReadout(mean=mean, scale=scale, weights=weights, offset=offset)


def nrmse(target: Any, prediction: Any) -> float:
    """``sqrt(mean((y - y_hat)^2)) / std(y)`` (see the module docstring)."""
    y = np.asarray(target, dtype=float).ravel()
    yh = np.asarray(prediction, dtype=float).ravel()
    if y.shape != yh.shape or y.size < 2:
        raise ValueError(f"target and prediction must have the same size >= 2, got "
                         f"{y.size} and {yh.size}")
    sd = float(np.std(y))
    if sd == 0 or not np.isfinite(sd):
        raise ValueError("NRMSE is undefined for a constant target")
    return float(np.sqrt(np.mean((y - yh) ** 2)) / sd)


# ---------------------------------------------------------------------------
# Mackey-Glass prediction
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PredictionResult:
    """Test-set prediction of a Mackey-Glass series by both reservoirs."""

    t: np.ndarray
    """Test sample index (time units)."""
    target: np.ndarray
    """Target x(k + horizon)."""
    device: np.ndarray
    """Device-reservoir prediction."""
    esn: np.ndarray
    """Echo-state-network prediction."""
    persistence: np.ndarray
    """Persistence prediction x(k)."""
    nrmse: dict[str, float]
    """NRMSE of ``device``, ``esn``, ``persistence`` and ``mean`` (train-mean) predictors."""
    size: int
    """Number of features of each reservoir."""
    horizon: int
    """Prediction horizon (samples)."""
    seconds: float
    """Wall time of the run (s)."""
    params: dict = field(default_factory=dict)
    """The settings used."""

    def to_csv(self) -> str:
        """The test-set predictions as CSV text (with the NRMSEs in comment lines)."""
        lines = [f"# {k} NRMSE = {v:.6g}" for k, v in self.nrmse.items()]
        lines.append(f"# reservoir size = {self.size}, horizon = {self.horizon}")
        lines.append("t,target,device,esn,persistence")
        rows = np.column_stack([self.t, self.target, self.device, self.esn, self.persistence])
        lines += [",".join(f"{v:.8g}" for v in row) for row in rows]
        return "\n".join(lines) + "\n"


def benchmark_series(n_samples: int, seed: int = 0) -> np.ndarray:
    """The Mackey-Glass series of the benchmarks (tau = 17, one sample per time unit).

    ``seed`` shifts the sampled window along the attractor (start ``500 + 100 seed``).
    """
    return mackey_glass(n_samples, discard=500.0 + 100.0 * as_seed(seed)).x


def _prepare(series: np.ndarray | None, p: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    need = p["n_train"] + p["n_test"] + p["horizon"]
    x = benchmark_series(need, seed) if series is None else np.asarray(series, dtype=float)
    if x.ndim != 1 or x.size < need or not np.all(np.isfinite(x)):
        raise ValueError(f"series must be a finite 1-D array of at least n_train + n_test + "
                         f"horizon = {need} samples")
    x = x[:need]
    if p["washout"] >= p["n_train"] - 10:
        raise ValueError(f"washout = {p['washout']} must leave at least 10 of the "
                         f"n_train = {p['n_train']} training samples")
    return x, scale_to_unit(x, p["n_train"])


def scale_to_unit(x: Any, n_train: int) -> np.ndarray:
    """Scale a series to [0, 1] with the min and max of its first ``n_train`` samples.

    Later samples outside that range are clipped (the pulse voltages stay in
    ``[v_min, v_max]``).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not 2 <= n_train <= x.size or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a finite 1-D series with at least n_train = {n_train} "
                         "samples")
    lo, hi = float(x[:n_train].min()), float(x[:n_train].max())
    if hi <= lo:
        raise ValueError("the training series is constant")
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)


def _fit_predict(feats: np.ndarray, x: np.ndarray, p: dict, alpha: float) -> np.ndarray:
    h, ntr, nte, wash = p["horizon"], p["n_train"], p["n_test"], p["washout"]
    readout = fit_ridge(feats[wash:ntr], x[wash + h: ntr + h], alpha)
    return readout.predict(feats[ntr: ntr + nte])[:, 0]


@takes_specs(DEVICE_RESERVOIR_SPECS, ESN_SPECS, READOUT_SPECS, PREDICTION_SPECS)
def mackey_glass_benchmark(
    *,
    device: VolatileMemristor | None = None,
    n_devices: int = FROM_SPEC,
    mask_length: int = FROM_SPEC,
    v_min: float = FROM_SPEC,
    v_max: float = FROM_SPEC,
    pulse_width: float = FROM_SPEC,
    node_interval: float = FROM_SPEC,
    tau_spread: float = FROM_SPEC,
    spectral_radius: float = FROM_SPEC,
    input_scaling: float = FROM_SPEC,
    density: float = FROM_SPEC,
    leak: float = FROM_SPEC,
    ridge: float = FROM_SPEC,
    horizon: int = FROM_SPEC,
    n_train: int = FROM_SPEC,
    n_test: int = FROM_SPEC,
    washout: int = FROM_SPEC,
    seed: int = 0,
    series: Any = None,
    callback: Callback | None = None,
) -> PredictionResult:
    """Predict Mackey-Glass ``horizon`` steps ahead with a device reservoir and an ESN.

    Both reservoirs have ``n_devices * mask_length`` features, see the same input
    (the series scaled to [0, 1] with the training minimum and maximum) and use the
    same ridge readout and split: samples ``washout .. n_train - 1`` train, the next
    ``n_test`` test.  ``series`` replaces the generated Mackey-Glass series.

    Returns
    -------
    PredictionResult
    """
    t0 = time.perf_counter()
    p = dict(horizon=horizon, n_train=n_train, n_test=n_test, washout=washout)
    seed = as_seed(seed)
    x, u = _prepare(series, p, seed)
    _notify(callback, 0, 3, {"stage": "series"})
    res = make_device_reservoir(device, n_devices=n_devices, mask_length=mask_length,
                                v_min=v_min, v_max=v_max, pulse_width=pulse_width,
                                node_interval=node_interval, tau_spread=tau_spread, seed=seed)
    dev_pred = _fit_predict(device_reservoir_states(res, u), x, p, ridge)
    _notify(callback, 1, 3, {"stage": "device reservoir"})
    esn = make_esn(res.size, 1, spectral_radius=spectral_radius, input_scaling=input_scaling,
                   density=density, leak=leak, seed=seed)
    esn_pred = _fit_predict(esn_states(esn, u), x, p, ridge)
    _notify(callback, 2, 3, {"stage": "echo-state network"})
    h, ntr, nte = p["horizon"], p["n_train"], p["n_test"]
    target = x[ntr + h: ntr + nte + h]
    persistence = x[ntr: ntr + nte]
    mean_pred = np.full(nte, x[p["washout"] + h: ntr + h].mean())
    errors = {"device": nrmse(target, dev_pred), "esn": nrmse(target, esn_pred),
              "persistence": nrmse(target, persistence), "mean": nrmse(target, mean_pred)}
    _notify(callback, 3, 3, {"stage": "done", **errors})
    return PredictionResult(
        t=np.arange(ntr + h, ntr + nte + h, dtype=float), target=target, device=dev_pred,
        esn=esn_pred, persistence=persistence, nrmse=errors, size=res.size,
        horizon=h, seconds=time.perf_counter() - t0,
        params=dict(p, n_devices=n_devices, mask_length=mask_length, seed=seed),
    )


@dataclass(frozen=True, eq=False)
class SizeSweep:
    """NRMSE against reservoir size (same task, same seeds)."""

    n_devices: np.ndarray
    """Devices in each device reservoir."""
    size: np.ndarray
    """Features of each reservoir (``n_devices * mask_length`` = ESN nodes)."""
    device: np.ndarray
    """Device-reservoir NRMSE."""
    esn: np.ndarray
    """ESN NRMSE."""
    persistence: float
    """NRMSE of the persistence predictor (independent of size)."""
    seconds: float
    """Wall time (s)."""
    cancelled: bool = False
    """Whether the callback stopped the sweep early (arrays hold the sizes done)."""

    def to_csv(self) -> str:
        """The sweep as CSV text."""
        lines = [f"# persistence NRMSE = {self.persistence:.6g}",
                 "n_devices,size,device_nrmse,esn_nrmse"]
        lines += [f"{n},{s},{d:.8g},{e:.8g}" for n, s, d, e in
                  zip(self.n_devices, self.size, self.device, self.esn, strict=True)]
        return "\n".join(lines) + "\n"


def nrmse_vs_size(
    n_devices: Sequence[int] = (1, 2, 4, 8, 16),
    *,
    callback: Callback | None = None,
    executor: Any = None,
    **kwargs: Any,
) -> SizeSweep:
    """Run :func:`mackey_glass_benchmark` for several numbers of devices.

    ``kwargs`` are passed on (``mask_length``, ``horizon``, ``seed``...); the series is
    generated once.  ``callback(step, total, metrics)`` is called after each size;
    returning ``False`` stops the sweep.  ``executor`` (None, a ``concurrent.futures``
    executor or a ``dask.distributed.Client``) runs the sizes
    (:func:`neuroexplore.sweeps.run_grid`); the result does not depend on it.
    """
    t0 = time.perf_counter()
    sizes = [int(DEVICE_RESERVOIR_SPECS[0].validate(n)) for n in n_devices]
    if not sizes:
        raise ValueError("n_devices must list at least one reservoir size")
    if "series" not in kwargs or kwargs["series"] is None:
        p = validate_params(PREDICTION_SPECS,
                            {k: kwargs[k] for k in ("horizon", "n_train", "n_test", "washout")
                             if k in kwargs}, where="nrmse_vs_size")
        kwargs["series"] = benchmark_series(p["n_train"] + p["n_test"] + p["horizon"],
                                   as_seed(kwargs.get("seed", 0)))
    seed = as_seed(kwargs.pop("seed", 0))
    run = run_grid(partial(_size_task, kwargs=kwargs), {"n_devices": sizes}, [seed],
                   executor, progress=callback,
                   metrics=lambda point, _s, r: {**point, "size": r["size"],
                                                 "device": r["device"], "esn": r["esn"]})
    rows = [(point["n_devices"], r) for _k, point, _s, r in run.finished()]
    done = [n for n, _ in rows]
    dev = [r["device"] for _, r in rows]
    esn = [r["esn"] for _, r in rows]
    persistence = rows[-1][1]["persistence"] if rows else np.nan
    cancelled = run.cancelled
    m = int(kwargs.get("mask_length", 10))
    return SizeSweep(n_devices=np.array(done), size=np.array(done) * m, device=np.array(dev),
                     esn=np.array(esn), persistence=float(persistence),
                     seconds=time.perf_counter() - t0, cancelled=cancelled)


def _size_task(n_devices: int, seed: int, *, kwargs: dict[str, Any]) -> dict[str, float]:
    """One size of :func:`nrmse_vs_size` (a picklable sweep task)."""
    r = mackey_glass_benchmark(n_devices=n_devices, seed=seed, **kwargs)
    return {"device": r.nrmse["device"], "esn": r.nrmse["esn"],
            "persistence": r.nrmse["persistence"], "size": r.size}


# ---------------------------------------------------------------------------
# temporal pattern classification
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PatternSet:
    """Images to be streamed row by row, with labels."""

    x_train: np.ndarray
    """Training images in [0, 1], shape ``(n, rows, columns)``."""
    y_train: np.ndarray
    """Training labels."""
    x_test: np.ndarray
    """Test images."""
    y_test: np.ndarray
    """Test labels."""
    name: str
    """``"digits5x4"`` or ``"digits8x8"``."""
    split: int
    """Streams per image row (each carries ``columns / split`` pixels)."""

    @property
    def n_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max()) + 1)


@takes_specs(PATTERN_SPECS[1])
def inversion_mean(images: Any, noise: float) -> np.ndarray:
    """Expected image under pixel inversion with probability ``noise``: ``(1-p) x + p (1-x)``."""
    p = noise
    x = np.asarray(images, dtype=float)
    return (1.0 - p) * x + p * (1.0 - x)


def _invert(images: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    flip = rng.random(images.shape) < noise
    return np.where(flip, 1.0 - images, images)


@takes_specs(PATTERN_SPECS[:3])
def pattern_dataset(
    dataset: str = FROM_SPEC, *, noise: float = FROM_SPEC, n_per_class: int = FROM_SPEC,
    seed: int = 0,
) -> PatternSet:
    """Noisy digit images for the temporal-pattern task.

    ``"digits5x4"``: :data:`DIGITS_5X4`, ``n_per_class`` training and as many test
    copies per digit, each pixel inverted with probability ``noise``.
    ``"digits8x8"``: :func:`neuroexplore.datasets.load_digits` (its own split;
    ``n_per_class`` unused), pixels in [0, 1] inverted with probability ``noise``.
    """
    p = dict(dataset=dataset, noise=noise, n_per_class=n_per_class)
    rng = np.random.default_rng(as_seed(seed))
    if p["dataset"] == "digits5x4":
        y_tr = np.repeat(np.arange(10), p["n_per_class"])
        y_te = np.repeat(np.arange(10), p["n_per_class"])
        base = DIGITS_5X4.astype(float)
        x_tr = _invert(base[y_tr], p["noise"], rng)
        x_te = _invert(base[y_te], p["noise"], rng)
        order_tr, order_te = rng.permutation(y_tr.size), rng.permutation(y_te.size)
        return PatternSet(x_tr[order_tr], y_tr[order_tr], x_te[order_te], y_te[order_te],
                          "digits5x4", 1)
    from ..datasets import load_digits

    ds = load_digits(seed=as_seed(seed))
    x_tr = _invert(ds.x_train.reshape(-1, 8, 8).astype(float), p["noise"], rng)
    x_te = _invert(ds.x_test.reshape(-1, 8, 8).astype(float), p["noise"], rng)
    return PatternSet(x_tr, ds.y_train, x_te, ds.y_test, "digits8x8", 2)


def pattern_streams(images: Any, split: int = 1) -> np.ndarray:
    """Cut images ``(n, rows, columns)`` into ``rows * split`` streams of pixels.

    Returns shape ``(n, rows * split, columns // split)``: stream ``r * split + s``
    holds part ``s`` of row ``r`` in time order (left to right).
    """
    x = np.asarray(images, dtype=float)
    if x.ndim != 3 or not isinstance(split, (int, np.integer)) or split < 1 or (
            x.shape[2] % split):
        raise ValueError(f"images must have shape (n, rows, columns) with columns divisible "
                         f"by split = {split!r}, got {x.shape}")
    n, rows, cols = x.shape
    return x.reshape(n, rows * split, cols // split)


@takes_specs(_STREAM)
def pattern_states(
    device: VolatileMemristor | None,
    streams: Any,
    *,
    v_pulse: float = FROM_SPEC,
    pulse_width: float = _PULSE_WIDTH,
    slot_interval: float = FROM_SPEC,
    v_read: float = FROM_SPEC,
) -> np.ndarray:
    """Read current (A) of each device after its pixel stream (Du et al. 2017).

    Pixel value ``p`` in [0, 1] of slot ``k`` becomes a pulse of ``p * v_pulse`` at
    ``k * slot_interval``; after the last slot's interval the state is read at
    ``v_read``.  ``streams`` has shape ``(n, n_streams, slots)``; the result
    ``(n, n_streams)``.
    """
    p = dict(v_pulse=v_pulse, slot_interval=slot_interval, v_read=v_read)
    device = VolatileMemristor() if device is None else device
    s = np.asarray(streams, dtype=float)
    if s.ndim != 3 or np.any(~np.isfinite(s)) or np.any((s < 0) | (s > 1)):
        raise ValueError("streams must have shape (n, n_streams, slots) with values in [0, 1]")
    st = drive_pulses(device, s * p["v_pulse"], pulse_width=pulse_width,
                      interval=p["slot_interval"])
    return current(device, st.w_final, p["v_read"])


@dataclass(frozen=True, eq=False)
class ClassificationResult:
    """Accuracy of the device reservoir and its baselines on a pattern task."""

    accuracy: dict[str, float]
    """Test accuracy of ``device`` (device states), ``esn`` (ESN of the same size fed
    the same streams) and ``pixels`` (softmax on the raw pixels, no reservoir)."""
    chance: float
    """Chance level ``1 / n_classes``."""
    confusion: np.ndarray
    """Device-reservoir confusion matrix (rows: true class, columns: predicted)."""
    n_features: int
    """Features of the device reservoir (= number of streams/devices)."""
    dataset: str
    """Dataset name."""
    example_states: np.ndarray
    """Mean device features per class (for display), shape ``(classes, n_features)``."""
    seconds: float
    """Wall time (s)."""

    def to_csv(self) -> str:
        """Accuracies and the confusion matrix as CSV text."""
        lines = [f"# dataset = {self.dataset}, features = {self.n_features}, "
                 f"chance = {self.chance:.4g}"]
        lines += [f"# {k} accuracy = {v:.6g}" for k, v in self.accuracy.items()]
        k = self.confusion.shape[0]
        lines.append("true," + ",".join(f"pred_{j}" for j in range(k)))
        lines += [f"{i}," + ",".join(str(int(v)) for v in row)
                  for i, row in enumerate(self.confusion)]
        return "\n".join(lines) + "\n"


def _softmax_accuracy(
    f_tr: np.ndarray, y_tr: np.ndarray, f_te: np.ndarray, y_te: np.ndarray, epochs: int,
    seed: int, report: Callable[[int, int], bool],
) -> tuple[float, np.ndarray]:
    from ..networks import train_mlp

    mean = f_tr.mean(axis=0)
    scale = f_tr.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    res = train_mlp((f_tr - mean) / scale, y_tr, hidden=(), lr=0.05, epochs=epochs,
                    batch_size=32, momentum=0.9, seed=seed,
                    callback=lambda e, n, _m: False if report(e, n) else None)
    pred = res.predict((f_te - mean) / scale)
    return float(np.mean(pred == y_te)), pred


@takes_specs(PATTERN_SPECS, ESN_SPECS[:2])
def classify_patterns(
    dataset: str = FROM_SPEC,
    *,
    device: VolatileMemristor | None = None,
    noise: float = FROM_SPEC,
    n_per_class: int = FROM_SPEC,
    v_pulse: float = FROM_SPEC,
    pulse_width: float = _PULSE_WIDTH,
    slot_interval: float = FROM_SPEC,
    v_read: float = FROM_SPEC,
    epochs: int = FROM_SPEC,
    spectral_radius: float = FROM_SPEC,
    input_scaling: float = FROM_SPEC,
    seed: int = 0,
    callback: Callback | None = None,
) -> ClassificationResult:
    """Classify digits streamed row by row into volatile memristors (Du et al. 2017).

    The device states after the streams feed a softmax readout
    (:func:`neuroexplore.networks.train_mlp`, no hidden layer).  Baselines with the
    same readout: an ESN with as many nodes as devices, fed one time slot per step
    (all streams in parallel, ``density = 1``), and the raw pixels.
    """
    t0 = time.perf_counter()
    p = dict(dataset=dataset, noise=noise, n_per_class=n_per_class, v_pulse=v_pulse,
             slot_interval=slot_interval, v_read=v_read, epochs=epochs)
    seed = as_seed(seed)
    data = pattern_dataset(p["dataset"], noise=p["noise"], n_per_class=p["n_per_class"],
                           seed=seed)
    s_tr = pattern_streams(data.x_train, data.split)
    s_te = pattern_streams(data.x_test, data.split)
    kw = dict(v_pulse=p["v_pulse"], pulse_width=pulse_width,
              slot_interval=p["slot_interval"], v_read=p["v_read"])
    f_tr = pattern_states(device, s_tr, **kw)
    f_te = pattern_states(device, s_te, **kw)
    n_streams = s_tr.shape[1]
    esn = make_esn(n_streams, n_streams, spectral_radius=spectral_radius,
                   input_scaling=input_scaling, density=1.0, seed=seed)
    e_tr = esn_states(esn, s_tr.transpose(0, 2, 1))[:, -1]
    e_te = esn_states(esn, s_te.transpose(0, 2, 1))[:, -1]
    total = 3 * p["epochs"]
    stop = [False]

    def stage(offset: int) -> Callable[[int, int], bool]:
        def report(epoch: int, _n: int) -> bool:
            if epoch % 10 == 0 or epoch == p["epochs"]:
                stop[0] = stop[0] or _notify(callback, offset + epoch, total, {})
            return stop[0]
        return report

    acc_dev, pred = _softmax_accuracy(f_tr, data.y_train, f_te, data.y_test, p["epochs"],
                                      seed, stage(0))
    acc_esn, _ = _softmax_accuracy(e_tr, data.y_train, e_te, data.y_test, p["epochs"], seed,
                                   stage(p["epochs"]))
    pix_tr = data.x_train.reshape(len(data.x_train), -1)
    pix_te = data.x_test.reshape(len(data.x_test), -1)
    acc_pix, _ = _softmax_accuracy(pix_tr, data.y_train, pix_te, data.y_test, p["epochs"],
                                   seed, stage(2 * p["epochs"]))
    k = data.n_classes
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (data.y_test, pred), 1)
    means = np.stack([f_tr[data.y_train == c].mean(axis=0) for c in range(k)])
    return ClassificationResult(
        accuracy={"device": acc_dev, "esn": acc_esn, "pixels": acc_pix}, chance=1.0 / k,
        confusion=confusion, n_features=n_streams, dataset=data.name, example_states=means,
        seconds=time.perf_counter() - t0,
    )
