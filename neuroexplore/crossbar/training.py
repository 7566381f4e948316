"""Training for crossbars: hardware-aware (noise injection) and in-situ (device pulses).

Hardware-aware training (Joshi et al., Nat. Commun. 11:2473, 2020; Rasch et al.,
Nat. Commun. 14:5282, 2023) trains the float model with random weight perturbations
in every forward pass, so that it lands in a flat minimum robust to programming
noise: additive Gaussian ``N(0, (noise_std * w_max)^2)`` per layer (``w_max`` the
layer's max |W|), or PCM-shaped noise whose std follows the Joshi programming-noise
polynomial of the differential pair encoding ``w``.

In-situ training (MLP NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018) keeps
the weights of a ``64-hidden-10`` MLP (sigmoid hidden layer, softmax output,
cross-entropy, no biases, as in NeuroSim) *only* as device conductances of
differential pairs, ``w = w_max (G+ - G-) / (G_max - G_min)``.  Every mini-batch SGD
update ``dw = -lr dL/dw`` becomes pulses: the pair splits the change,
``dG = dw (G_max - G_min) / (2 w_max)`` per device, one device potentiated by
``round(dG / dG_LTP)`` pulses and the other depressed by ``round(dG / dG_LTD)`` pulses
(``dG_LTP/LTD = (G_max - G_min)/states_LTP/LTD``, the nominal linear step; the actual
change follows the device's nonlinear curve from its current state, with c2c noise,
saturating at the bounds).  The counts come from
:func:`~neuroexplore.devices.pair_weight_change_to_pulses`; pulses are applied by
:func:`~neuroexplore.crossbar.device_model.apply_pulses_torch`, cross-checked in
the tests against ``PulseDevice.apply_pulses``.  Weights start from a Xavier-uniform
draw written exactly (an ideal write-verify).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..datasets import Dataset, load_digits, load_mnist_idx
from ..devices.weight_updates import (
    neurosim_weight_change_to_pulses,
    pair_weight_change_to_pulses,
)
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, specs_by_name, takes_specs
from ..progress import Callback
from ..progress import notify as _notify
from ..seeding import as_seed
from ..threads import limit_threads
from .array import DeviceView
from .device_model import apply_pulses_torch, make_generator
from .in_situ_protocol import (
    IN_SITU_PROTOCOLS,
    IN_SITU_READOUTS,
    NEUROSIM_SETTINGS,
    PROTOCOL,
    READOUT,
)
from .pcm_stats import programming_noise_std_us

__all__ = [
    "History",
    "IN_SITU_SPECS",
    "IN_SITU_PROTOCOLS",
    "IN_SITU_READOUTS",
    "NEUROSIM_SETTINGS",
    "neurosim_readout",
    "neurosim_dataset",
    "HWA_SPECS",
    "train_in_situ",
    "train_hardware_aware",
    "device_table_accuracy",
    "DeviceTableRow",
]


IN_SITU_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("epochs", 10, 1, 200, step=1, unit="epochs", integer=True,
              doc="passes over the training set"),
    ParamSpec("hidden", 32, 2, 1024, step=1, unit="neurons", integer=True,
              doc="hidden-layer width"),
    ParamSpec("lr", 0.5, 1e-4, 10.0, step=0.01, unit="", log=True, doc="SGD learning rate"),
    ParamSpec("batch_size", 10, 1, 1024, step=1, unit="samples", integer=True,
              doc="mini-batch size of one weight update"),
    ParamSpec("w_max", 1.0, 0.05, 10.0, step=0.05, unit="", log=True,
              doc="weight represented by a full-range differential pair"),
    ParamSpec("c2c_scale", 1.0, 0.0, 5.0, step=0.05, unit="x",
              doc="multiplier on the device's cycle-to-cycle noise"),
    PROTOCOL,
    READOUT,
)

HWA_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("epochs", 30, 1, 500, step=1, unit="epochs", integer=True,
              doc="passes over the training set"),
    ParamSpec("lr", 0.01, 1e-5, 1.0, step=0.001, unit="", log=True, doc="Adam learning rate"),
    ParamSpec("batch_size", 64, 1, 4096, step=1, unit="samples", integer=True,
              doc="mini-batch size"),
    ParamSpec("noise_std", 0.05, 0.0, 0.5, step=0.005, unit="frac",
              doc="Gaussian weight noise std as a fraction of the layer's max |W|"),
    ChoiceSpec("noise", "gaussian", ("gaussian", "pcm", "none"),
               doc="injected weight noise: additive Gaussian or PCM programming-noise shaped"),
    ParamSpec("hidden", 32, 2, 1024, step=1, unit="neurons", integer=True,
              doc="hidden width of the default MLP (when no model is given)"),
)


@dataclass(frozen=True)
class History:
    """Per-epoch record of a training run.

    Attributes
    ----------
    test_accuracy : ndarray, shape (epochs_run,)
        Test accuracy (fraction) after each epoch.
    train_loss : ndarray, shape (epochs_run,)
        Mean training cross-entropy over each epoch.
    pulses : ndarray, shape (epochs_run,)
        Programming pulses applied per epoch (in-situ only; zeros otherwise).
    device : str
        Device name (``"float"`` for software training).
    cancelled : bool
        Whether a callback stopped the run early.
    weights : tuple of ndarray
        Final weight matrices (out x in).
    model : nn.Module or None
        The trained float model (hardware-aware training).
    """

    test_accuracy: np.ndarray
    train_loss: np.ndarray
    pulses: np.ndarray
    device: str
    cancelled: bool = False
    weights: tuple = field(default=(), repr=False)
    model: Any = field(default=None, repr=False, compare=False)

    @property
    def final_accuracy(self) -> float:
        """Test accuracy after the last epoch run (0 if none)."""
        return float(self.test_accuracy[-1]) if self.test_accuracy.size else 0.0


def _dataset(dataset: Any) -> Dataset:
    if isinstance(dataset, Path) or (isinstance(dataset, str) and dataset != "digits"):
        if Path(dataset).is_dir():  # a folder of MNIST IDX files
            return load_mnist_idx(dataset)
        raise ValueError(f"dataset = {str(dataset)!r} is not valid; expected 'digits', a "
                         "folder of MNIST IDX files or a Dataset")
    if isinstance(dataset, str):
        return load_digits()
    if isinstance(dataset, Dataset):
        return dataset
    raise ValueError(f"dataset must be 'digits' or a Dataset, got {type(dataset).__name__}")


def neurosim_dataset(dataset: Any) -> Dataset:
    """The data as NeuroSim's protocol feeds it: black-and-white images.

    MNIST (28x28) is cropped to its central 20x20 pixels (rows and columns 4..23, the
    400 inputs of NeuroSim's 400-100-10 network); every image is binarised, pixel
    ``>= 0.5`` of full scale -> 1 else 0 (NeuroSim's ``BWthreshold = 0.5``).  The 8x8
    digits (0..16 scaled to [0, 1]) are binarised the same way (ink ``>= 8/16``), kept
    8x8 (64 inputs).

    Parameters
    ----------
    dataset : "digits", folder of MNIST IDX files, or Dataset

    Returns
    -------
    Dataset
        float32 pixels in {0, 1}, ``name`` suffixed ``"-bw"``.

    Examples
    --------
    >>> ds = neurosim_dataset("digits")
    >>> ds.n_features, sorted(set(ds.x_train.ravel().tolist()))
    (64, [0.0, 1.0])
    """
    ds = _dataset(dataset)
    xtr, xte, shape = ds.x_train, ds.x_test, tuple(ds.image_shape)
    if shape == (28, 28):
        def crop(x: np.ndarray) -> np.ndarray:
            return x.reshape(-1, 28, 28)[:, 4:24, 4:24].reshape(len(x), -1)

        xtr, xte, shape = crop(xtr), crop(xte), (20, 20)

    def bw(x: np.ndarray) -> np.ndarray:
        return (np.asarray(x) >= 0.5).astype(np.float32)

    return Dataset(bw(xtr), ds.y_train, bw(xte), ds.y_test, name=f"{ds.name}-bw",
                   image_shape=shape)  # type: ignore[arg-type]


# --------------------------------------------------------------------- in situ
class _PairLayer:
    """One weight matrix stored as differential device pairs (G+, G-), float64."""

    def __init__(self, w0: torch.Tensor, dev: DeviceView | None, w_max: float) -> None:
        self.dev, self.w_max = dev, w_max
        if dev is None:  # software (float) weights
            self.w = w0.clone()
            return
        mid = 0.5 * (dev.g_min + dev.g_max)
        half = w0.clamp(-w_max, w_max) * dev.span / (2 * w_max)
        self.g_pos, self.g_neg = mid + half, mid - half

    def weight(self) -> torch.Tensor:
        if self.dev is None:
            return self.w
        return (self.g_pos - self.g_neg) * (self.w_max / self.dev.span)

    def update(self, dw: torch.Tensor, c2c_scale: float, gen: torch.Generator) -> int:
        """Apply ``dw``; return the number of pulses used."""
        dev = self.dev
        if dev is None:
            self.w = self.w + dw
            return 0
        dg = dw * dev.span / (2 * self.w_max)  # per device of the pair
        if dev.continuous:
            self.g_pos = (self.g_pos + dg).clamp(dev.g_min, dev.g_max)
            self.g_neg = (self.g_neg - dg).clamp(dev.g_min, dev.g_max)
            return 0
        n_plus, n_minus = pair_weight_change_to_pulses(dw, dev, w_max=self.w_max)
        self.g_pos = apply_pulses_torch(self.g_pos, n_plus, dev, c2c_scale=c2c_scale,
                                        generator=gen)
        self.g_neg = apply_pulses_torch(self.g_neg, n_minus, dev, c2c_scale=c2c_scale,
                                        generator=gen)
        return int(n_plus.abs().sum() + n_minus.abs().sum())


def neurosim_readout(g: Any, x: Any, device: Any) -> Any:
    """``W_A x`` read from one device per weight and a reference current (NeuroSim V3.0).

    The algorithm weight ``W_A`` in (-1, 1) is stored squeezed as
    ``W_H = (G - G_min)/(G_max - G_min)`` in (0, 1), ``W_A = 2 W_H - 1``.  With input
    voltages ``x V_read`` the column current is ``I_j = V sum_k G_jk x_k``; the periphery
    subtracts the reference ``I_ref = V sum_k x_k (G_max + G_min)/2`` (a dummy column of
    mid-range cells, ``(I_on + I_off)/2`` per active input) and shifts left by one bit:

    .. math::  (W_A x)_j = \\frac{2 (I_j - I_{ref})}{V (G_{max} - G_{min})}
               = \\sum_k (2 W_{H,jk} - 1) x_k.

    Parameters
    ----------
    g : array or Tensor, shape (out, in)
        Conductances (S).
    x : array or Tensor, shape (batch, in)
        Inputs in units of the read voltage ``V``.
    device : PulseDevice-like
        Supplies ``g_min``, ``g_max`` (S).

    Returns
    -------
    array or Tensor, shape (batch, out)

    Examples
    --------
    >>> from neuroexplore.devices import PulseDevice
    >>> dev = PulseDevice(g_min=1e-6, g_max=1e-5)
    >>> g = np.array([[1e-5, 1e-6], [5.5e-6, 1e-5]])      # W_A = [[1, -1], [0, 1]]
    >>> neurosim_readout(g, np.array([[1.0, 1.0], [0.0, 1.0]]), dev).round(12).tolist()
    [[0.0, 1.0], [-1.0, 1.0]]
    """
    g_min, g_max = float(device.g_min), float(device.g_max)
    current = x @ g.T  # I_j / V
    reference = x.sum(-1)[..., None] * (0.5 * (g_max + g_min))  # I_ref / V per column
    return 2.0 * (current - reference) / (g_max - g_min)


class _RefLayer:
    """One weight matrix as one device per weight plus a reference column (NeuroSim V3.0).

    ``G = G_min + (G_max - G_min)(W_A + 1)/2``, read by :func:`neurosim_readout`;
    updated by :func:`~neuroexplore.devices.neurosim_weight_change_to_pulses` pulses
    applied along the device curve (:func:`apply_pulses_torch`).  ``dev=None``: float
    weights (software baseline); a continuous device is updated exactly, clipped to
    ``[-1, 1]``.
    """

    def __init__(self, w0: torch.Tensor, dev: DeviceView | None) -> None:
        self.dev = dev
        if dev is None:
            self.w = w0.clone()
            return
        self.g = dev.g_min + dev.span * (w0.clamp(-1.0, 1.0) + 1.0) / 2.0

    def weight(self) -> torch.Tensor:
        if self.dev is None:
            return self.w
        return 2.0 * (self.g - self.dev.g_min) / self.dev.span - 1.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.dev is None:
            return x @ self.w.T
        return neurosim_readout(self.g, x, self.dev)

    def update(self, dw: torch.Tensor, c2c_scale: float, gen: torch.Generator,
               cols: torch.Tensor | None = None) -> int:
        """Apply ``dw`` (to the columns ``cols`` only, if given); return the pulses used."""
        dev = self.dev
        if dev is None:
            if cols is None:
                self.w += dw
            else:
                self.w[:, cols] += dw
            return 0
        g = self.g if cols is None else self.g[:, cols]
        if dev.continuous:
            new = (g + dw * (dev.span / 2.0)).clamp(dev.g_min, dev.g_max)
            n_used = 0
        else:
            n = neurosim_weight_change_to_pulses(dw, dev)
            new = apply_pulses_torch(g, n, dev, c2c_scale=c2c_scale, generator=gen)
            n_used = int(n.abs().sum())
        if cols is None:
            self.g = new
        else:
            self.g[:, cols] = new
        return n_used


def _hidden_forward(h: torch.Tensor, readout: str) -> torch.Tensor:
    """The hidden activation sent forward: sigmoid (analog) or 1 bit (``h >= 0.5``)."""
    return (h >= 0.5).to(h.dtype) if readout == "1bit" else h


def _mlp_forward(x: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor,
                 readout: str = "analog") -> torch.Tensor:
    return _hidden_forward(torch.sigmoid(x @ w1.T), readout) @ w2.T


def _end_epoch(history: tuple[list, list, list], pred: torch.Tensor, yte: torch.Tensor,
               loss: float, n_pulses: int, epoch: int, p: dict, callback: Any, name: str
               ) -> bool:
    """Record one epoch (test accuracy, loss, pulses); True when the callback says stop."""
    acc, losses, pulses = history
    acc.append(float((pred == yte).double().mean()))
    losses.append(loss)
    pulses.append(n_pulses)
    metrics = {"epoch": epoch + 1, "test_accuracy": acc[-1], "train_loss": loss,
               "device": name}
    return bool(_notify(callback, epoch + 1, p["epochs"], metrics))


def _neurosim_epochs(layers, xtr, ytr, xte, yte, eye, p, order_rng, gen_noise, callback, name):
    """The per-image SGD loop of the NeuroSim protocol (MLP NeuroSim V3.0 ``Train.cpp``).

    ``a1 = sigmoid(W1 x)``, forward ``d1 = a1`` or ``[a1 >= 0.5]`` (1-bit read-out),
    ``a2 = sigmoid(W2 d1)``; squared error ``L = sum (t - a2)^2``:
    ``s2 = -2 a2 (1 - a2)(t - a2)``, ``s1 = a1 (1 - a1) (W2^T s2)`` (high-precision
    ``a1`` in back-propagation), ``dW1 = -lr s1 x^T``, ``dW2 = -lr s2 a1^T``, applied
    after every image.  Only the columns of active (non-zero) inputs of layer 1 are
    touched (``dW1`` is zero elsewhere).
    """
    history: tuple[list, list, list] = ([], [], [])
    cancelled = False
    lr, readout, c2c = p["lr"], p["readout"], p["c2c_scale"]
    l1, l2 = layers
    for epoch in range(p["epochs"]):
        order = order_rng.permutation(xtr.shape[0])
        loss_sum, n_pulses = 0.0, 0
        for i in order:
            x, t = xtr[i : i + 1], eye[ytr[i]]
            a1 = torch.sigmoid(l1.forward(x))
            a2 = torch.sigmoid(l2.forward(_hidden_forward(a1, readout)))
            err = t - a2
            loss_sum += float((err * err).sum())
            s2 = -2.0 * a2 * (1.0 - a2) * err  # (1, out)
            s1 = a1 * (1.0 - a1) * (s2 @ l2.weight())  # (1, hidden), W2 before the update
            cols = torch.nonzero(x[0]).flatten()
            n_pulses += l1.update(-lr * s1.T @ x[:, cols], c2c, gen_noise, cols)
            n_pulses += l2.update(-lr * s2.T @ a1, c2c, gen_noise)
        pred = l2.forward(_hidden_forward(torch.sigmoid(l1.forward(xte)), readout)).argmax(1)
        if _end_epoch(history, pred, yte, loss_sum / xtr.shape[0], n_pulses, epoch, p,
                      callback, name):
            cancelled = True
            break
    return (*history, cancelled)


def _in_situ_epochs(layers, xtr, ytr, xte, yte, eye, p, order_rng, gen_noise, callback, name):
    """The SGD loop of :func:`train_in_situ` (explicit backpropagation, no autograd).

    ``h = sigmoid(x W1^T)``, ``z = h W2^T``, ``q = softmax(z)``; with one-hot targets
    ``t``: ``dL/dz = (q - t)/B``, ``dL/dW2 = (dL/dz)^T h``,
    ``dL/dW1 = ((dL/dz W2) * h (1 - h))^T x`` (Rumelhart et al. 1986).
    """
    history: tuple[list, list, list] = ([], [], [])
    cancelled = False
    bs = p["batch_size"]
    for epoch in range(p["epochs"]):
        order = torch.as_tensor(order_rng.permutation(xtr.shape[0]))
        loss_sum, n_pulses = 0.0, 0
        for i in range(0, order.numel(), bs):
            idx = order[i : i + bs]
            x, t = xtr[idx], eye[ytr[idx]]
            w1, w2 = layers[0].weight(), layers[1].weight()
            h = torch.sigmoid(x @ w1.T)
            logq = torch.log_softmax(_hidden_forward(h, p["readout"]) @ w2.T, dim=1)
            loss_sum += float(-(logq * t).sum())
            dz = (logq.exp() - t) / idx.numel()
            g2 = dz.T @ h
            g1 = ((dz @ w2) * h * (1.0 - h)).T @ x
            n_pulses += layers[0].update(-p["lr"] * g1, p["c2c_scale"], gen_noise)
            n_pulses += layers[1].update(-p["lr"] * g2, p["c2c_scale"], gen_noise)
        pred = _mlp_forward(xte, layers[0].weight(), layers[1].weight(),
                            p["readout"]).argmax(1)
        if _end_epoch(history, pred, yte, loss_sum / xtr.shape[0], n_pulses, epoch, p,
                      callback, name):
            cancelled = True
            break
    return (*history, cancelled)


@takes_specs(IN_SITU_SPECS)
def train_in_situ(
    device: Any,
    dataset: Any = "digits",
    epochs: int = FROM_SPEC,
    seed: int | None = None,
    *,
    hidden: int = FROM_SPEC,
    lr: float = FROM_SPEC,
    batch_size: int = FROM_SPEC,
    w_max: float = FROM_SPEC,
    c2c_scale: float = FROM_SPEC,
    protocol: str = FROM_SPEC,
    readout: str = FROM_SPEC,
    states: int = 0,
    callback: Callback | None = None,
) -> History:
    """Train a ``features-hidden-classes`` MLP whose weights are device conductances.

    Two protocols (``protocol``; the default stays ``"pair"``, today's engine, so
    every earlier number is unchanged; the device table against NeuroSim's published
    accuracies uses ``"neurosim"`` with :data:`NEUROSIM_SETTINGS`):

    * ``"pair"``: differential pairs ``w = w_max (G+ - G-)/(G_max - G_min)``, softmax
      output and cross-entropy, mini-batches of ``batch_size`` (see the module doc).
    * ``"neurosim"`` (MLP NeuroSim V3.0): one device per weight plus a reference
      current per input (:func:`neurosim_readout`), ``W_A = 2 W_H - 1`` in (-1, 1);
      sigmoid hidden *and* output units, squared error; SGD after every image
      (``batch_size`` is not used); each ``dw`` becomes
      ``n = round_half_away(dw P / 2)`` pulses on the device's own nonlinear curve with
      c2c noise per pulse (:func:`~neuroexplore.devices.neurosim_weight_change_to_pulses`);
      the images are binarised, MNIST cropped to 20x20 (:func:`neurosim_dataset`).

    ``readout="1bit"`` sends the hidden layer forward as 1 bit (``a1 >= 0.5``, NeuroSim's
    ``Hthreshold``) while back-propagation uses the sigmoid value.

    Parameters
    ----------
    device : str, PulseDevice or None
        Synaptic device (name, ``"ideal"`` = continuous linear, or a PulseDevice);
        ``None`` trains the same MLP with float weights (software baseline, same
        initialisation, batches and learning rate).
    dataset : "digits", folder of MNIST IDX files, or Dataset
        With the NeuroSim protocol MNIST is cropped to 20x20 and binarised
        (:func:`neurosim_dataset`); NeuroSim's own network is then 400-100-10
        (``hidden=100``).
    epochs, hidden, lr, batch_size, w_max, c2c_scale, protocol, readout
        See :data:`IN_SITU_SPECS` (``batch_size`` and ``w_max``: pair protocol only).
    seed : int, optional
        Seeds initialisation, batch order and c2c noise.
    states : int
        Override the device's number of states (0 = its own).
    callback : callable, optional
        ``callback(epoch, epochs, metrics) -> bool | None`` after each epoch; return
        ``False`` to stop early.

    Returns
    -------
    History
        Test accuracy and training loss per epoch, pulses per epoch.

    Examples
    --------
    >>> h = train_in_situ("ideal", epochs=2, seed=0)
    >>> h.test_accuracy.shape
    (2,)
    >>> h = train_in_situ("HZO FeFET", epochs=1, seed=0, protocol="neurosim")
    >>> bool(h.pulses[0] > 0), h.weights[0].shape
    (True, (32, 64))
    """
    p = dict(epochs=epochs, hidden=hidden, lr=lr, batch_size=batch_size, w_max=w_max,
             c2c_scale=c2c_scale, readout=readout)
    ds = neurosim_dataset(dataset) if protocol == "neurosim" else _dataset(dataset)
    seed = as_seed(seed)
    dev = None if device is None else DeviceView.of(device, int(states))
    name = "float" if dev is None else dev.name
    ss = np.random.SeedSequence(seed)
    init_seed, order_seed, noise_seed = (int(s.generate_state(1)[0]) for s in ss.spawn(3))
    cpu = torch.device("cpu")
    gen_init = make_generator(init_seed, cpu)
    gen_noise = make_generator(noise_seed, cpu)
    order_rng = np.random.default_rng(order_seed)
    n_in, n_out, n_hid = ds.n_features, ds.n_classes, p["hidden"]

    def xavier(fan_out: int, fan_in: int) -> torch.Tensor:
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        u = torch.rand(fan_out, fan_in, generator=gen_init, dtype=torch.float64)
        return (2 * u - 1) * bound

    if protocol == "neurosim":
        layers: list[Any] = [_RefLayer(xavier(n_hid, n_in), dev),
                             _RefLayer(xavier(n_out, n_hid), dev)]
        loop = _neurosim_epochs
    else:
        layers = [_PairLayer(xavier(n_hid, n_in), dev, p["w_max"]),
                  _PairLayer(xavier(n_out, n_hid), dev, p["w_max"])]
        loop = _in_situ_epochs
    xtr = torch.as_tensor(ds.x_train, dtype=torch.float64)
    ytr = torch.as_tensor(ds.y_train)
    xte = torch.as_tensor(ds.x_test, dtype=torch.float64)
    yte = torch.as_tensor(ds.y_test)
    eye = torch.eye(n_out, dtype=torch.float64)
    with limit_threads(1):  # tiny matrices: threading only adds overhead
        acc, losses, pulses, cancelled = loop(
            layers, xtr, ytr, xte, yte, eye, p, order_rng, gen_noise, callback, name
        )
    return History(
        test_accuracy=np.asarray(acc),
        train_loss=np.asarray(losses),
        pulses=np.asarray(pulses, dtype=np.int64),
        device=name,
        cancelled=cancelled,
        weights=tuple(layer.weight().detach().numpy().copy() for layer in layers),
    )


# -------------------------------------------------------------- device table
@dataclass(frozen=True)
class DeviceTableRow:
    """One device's in-situ result (accuracy after the last epoch) and its parameters."""

    name: str
    reference: str
    states_ltp: int
    states_ltd: int
    nonlinearity_ltp: float
    nonlinearity_ltd: float
    c2c_sigma: float
    accuracy: float
    history: History = field(repr=False, compare=False)


@takes_specs(specs_by_name(IN_SITU_SPECS)["epochs"])
def device_table_accuracy(
    presets: Sequence[Any] | None = None,
    epochs: int = FROM_SPEC,
    seed: int | None = 0,
    callback: Callback | None = None,
    *,
    dataset: Any = "digits",
    **train_kwargs: Any,
) -> tuple[DeviceTableRow, ...]:
    """Rerun the NeuroSim device table: in-situ training on every preset.

    Parameters
    ----------
    presets : sequence of names or PulseDevices, optional
        Defaults to every preset of ``neuroexplore.devices.presets()`` (which includes
        ``"ideal"``).  ``None`` entries give the float baseline.
    epochs, seed, dataset, **train_kwargs
        Passed to :func:`train_in_situ` (same seed for every device, so all start from
        the same initial weights and batch order).
    callback : callable, optional
        ``callback(step, total, metrics)`` with ``step`` counting epochs over all
        devices; return ``False`` to cancel (the rows finished so far are returned).

    Returns
    -------
    tuple of DeviceTableRow
    """
    if presets is None:
        from neuroexplore.devices import presets as _names

        presets = list(_names())
    if len(presets) == 0:
        raise ValueError("presets must name at least one device")
    ds = _dataset(dataset)
    total = len(presets) * epochs
    rows = []
    stop = False
    for k, item in enumerate(presets):
        def cb(step: int, _total: int, metrics: dict, k: int = k) -> bool | None:
            nonlocal stop
            if _notify(callback, k * epochs + step, total, metrics):
                stop = True
                return False
            return None

        hist = train_in_situ(item, ds, epochs, seed, callback=cb, **train_kwargs)
        if item is None:
            rows.append(DeviceTableRow("float", "software baseline (float64 weights)", 0, 0,
                                       0.0, 0.0, 0.0, hist.final_accuracy, hist))
        else:
            from .device_model import resolve_device

            d = resolve_device(item)
            rows.append(DeviceTableRow(
                str(d.name), str(getattr(d, "reference", "")), int(d.states_ltp),
                int(d.states_ltd), float(d.nonlinearity_ltp), float(d.nonlinearity_ltd),
                float(d.c2c_sigma), hist.final_accuracy, hist,
            ))
        if stop:
            break
    return tuple(rows)


# ------------------------------------------------------------ hardware-aware
def _default_mlp(n_in: int, n_hidden: int, n_out: int) -> nn.Module:
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))


def _weight_noise(w: torch.Tensor, kind: str, noise_std: float, gen: torch.Generator
                  ) -> torch.Tensor:
    w_max = float(w.detach().abs().max())
    if w_max == 0.0:
        return torch.zeros_like(w)
    z = torch.randn(w.shape, generator=gen, dtype=w.dtype)
    if kind == "gaussian":
        return noise_std * w_max * z
    # PCM: |w| on one device of the pair (25 uS at w_max), the other at 0 uS.
    g_us = 25.0 * w.detach().abs() / w_max
    sd_us = torch.sqrt(programming_noise_std_us(g_us) ** 2
                       + programming_noise_std_us(torch.zeros_like(g_us)) ** 2)
    return sd_us * (w_max / 25.0) * z


@takes_specs(HWA_SPECS)
def train_hardware_aware(
    model: nn.Module | None = None,
    dataset: Any = "digits",
    epochs: int = FROM_SPEC,
    seed: int | None = None,
    *,
    noise: str = FROM_SPEC,
    noise_std: float = FROM_SPEC,
    lr: float = FROM_SPEC,
    batch_size: int = FROM_SPEC,
    hidden: int = FROM_SPEC,
    callback: Callback | None = None,
) -> History:
    """Train a float model with weight-noise injection so it survives analog hardware.

    In every training step each ``Linear``/``Conv2d`` weight is perturbed (see module
    doc), the loss gradient is taken at the perturbed weights and applied (Adam) to
    the clean ones.  ``noise="none"`` is ordinary float training.

    Parameters
    ----------
    model : nn.Module, optional
        Trained in place on a copy; default: a ``features-hidden-classes`` ReLU MLP.
    dataset : "digits" or Dataset
    epochs, noise, noise_std, lr, batch_size, hidden : see :data:`HWA_SPECS`
    seed : int, optional
    callback : callable, optional
        ``callback(epoch, epochs, metrics)``; return ``False`` to stop.

    Returns
    -------
    History
        With ``model`` set to the trained float model (evaluate it on crossbars with
        :func:`~neuroexplore.crossbar.evaluate`).
    """
    import copy

    p = dict(epochs=epochs, lr=lr, batch_size=batch_size, noise_std=noise_std, noise=noise,
             hidden=hidden)
    ds = _dataset(dataset)
    seed = as_seed(seed)
    ss = np.random.SeedSequence(seed)
    init_seed, order_seed, noise_seed = (int(s.generate_state(1)[0]) for s in ss.spawn(3))
    if model is None:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(init_seed)
            net = _default_mlp(ds.n_features, p["hidden"], ds.n_classes)
    else:
        if not isinstance(model, nn.Module):
            raise ValueError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        net = copy.deepcopy(model).cpu()
    net = net.float()
    shape = None
    if any(isinstance(m, nn.Conv2d) for m in net.modules()):
        shape = (1, *ds.image_shape)
    xtr = torch.as_tensor(ds.x_train)
    xte = torch.as_tensor(ds.x_test)
    if shape is not None:
        xtr, xte = xtr.reshape(-1, *shape), xte.reshape(-1, *shape)
    ytr, yte = torch.as_tensor(ds.y_train), torch.as_tensor(ds.y_test)
    weights = [m.weight for m in net.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    opt = torch.optim.Adam(net.parameters(), lr=p["lr"])
    gen = make_generator(noise_seed, torch.device("cpu"))
    order_rng = np.random.default_rng(order_seed)
    acc, losses = [], []
    cancelled = False
    for epoch in range(p["epochs"]):
        net.train()
        order = torch.as_tensor(order_rng.permutation(xtr.shape[0]))
        loss_sum = 0.0
        for i in range(0, order.numel(), p["batch_size"]):
            idx = order[i : i + p["batch_size"]]
            deltas = []
            if p["noise"] != "none":
                with torch.no_grad():
                    for w in weights:
                        d = _weight_noise(w, p["noise"], p["noise_std"], gen)
                        w.add_(d)
                        deltas.append(d)
            opt.zero_grad()
            loss = F.cross_entropy(net(xtr[idx]), ytr[idx])
            loss.backward()
            with torch.no_grad():
                for w, d in zip(weights, deltas, strict=False):
                    w.sub_(d)
            opt.step()
            loss_sum += float(loss.detach()) * idx.numel()
        net.eval()
        with torch.no_grad():
            acc.append(float((net(xte).argmax(1) == yte).float().mean()))
        losses.append(loss_sum / xtr.shape[0])
        metrics = {"epoch": epoch + 1, "test_accuracy": acc[-1], "train_loss": losses[-1]}
        if _notify(callback, epoch + 1, p["epochs"], metrics):
            cancelled = True
            break
    return History(
        test_accuracy=np.asarray(acc),
        train_loss=np.asarray(losses),
        pulses=np.zeros(len(acc), dtype=np.int64),
        device="float",
        cancelled=cancelled,
        weights=tuple(w.detach().numpy().copy() for w in weights),
        model=net.eval(),
    )
