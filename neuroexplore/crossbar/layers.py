"""Analog torch layers whose weights live in programmed crossbar arrays.

:class:`AnalogLinear` computes ``y = W x + b`` with ``W x`` read from a
:class:`~neuroexplore.crossbar.array.CrossbarArray` (bias added digitally).
:class:`AnalogConv2d` lowers the convolution to one matrix-vector product per output
pixel (im2col via ``torch.nn.functional.unfold``), the way a crossbar executes it:
the kernel ``(out, in*kh*kw)`` is the programmed matrix and each receptive field is
one input vector.  :func:`convert` maps a trained model's ``Linear``/``Conv2d`` layers
onto crossbars (on a deep copy; other layers untouched); :func:`calibrate` sets every
layer's ADC ranges from a calibration batch run through the converted model (each
layer sees the analog outputs of the layers before it, as on a chip).  A layer that
is read before it is calibrated calibrates on the first batch it sees.

Examples
--------
>>> import torch
>>> net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
>>> analog = convert(net, CrossbarConfig(torch_device="cpu"), seed=0)
>>> x = torch.rand(5, 4)
>>> bool(torch.allclose(analog(x), net(x), atol=1e-5))
True
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .array import CrossbarArray
from .config import CrossbarConfig
from .device_model import resolve_compute_device

__all__ = [
    "AnalogLinear",
    "AnalogConv2d",
    "convert",
    "calibrate",
    "set_inference_time",
    "analog_layers",
    "adc_clip_fraction",
    "count_adc_clipping",
]


class _AnalogBase(nn.Module):
    array: CrossbarArray

    def __init__(self, array: CrossbarArray, bias: torch.Tensor | None, t_inference: float):
        super().__init__()
        self.array = array
        if bias is not None:
            self.register_buffer("bias", bias.detach().clone().to(array.torch_device))
        else:
            self.bias = None
        self.t_inference = float(t_inference)
        self._calibration_t = 0.0  # ADC ranges are set right after programming

    @property
    def adc_clip_fraction(self) -> float:
        """Fraction of this layer's ADC conversions that saturated (see the array)."""
        return self.array.adc_clip_fraction

    def set_inference_time(self, t: float) -> None:
        """Read the array at ``t`` seconds after programming (drift, 1/f noise)."""
        t = float(t)
        if not np.isfinite(t) or t < 0:
            raise ValueError(f"t_inference = {t} s must be finite and >= 0")
        self.t_inference = t

    def _mvm(self, x2d: torch.Tensor) -> torch.Tensor:
        """Crossbar read plus digital bias; no autograd (the array read detaches ``x``)."""
        dev = x2d.device
        with torch.no_grad():
            if self.array.needs_adc_calibration:  # first batch seen (or calibrate())
                self.array.calibrate_adc(x2d.to(self.array.torch_device),
                                         t=self._calibration_t)
            y = self.array.matmul(x2d.to(self.array.torch_device), t=self.t_inference)
            if self.bias is not None:
                y.add_(self.bias)  # y is a fresh tensor owned by this call
        return y.to(dev)


class AnalogLinear(_AnalogBase):
    """``torch.nn.Linear`` executed on a crossbar: ``y = array.matmul(x) + bias``.

    Parameters
    ----------
    array : CrossbarArray
        Programmed ``out_features x in_features`` weights.
    bias : Tensor or None
        Digital bias.
    t_inference : float
        Seconds after programming at which the array is read.
    """

    @classmethod
    def from_linear(
        cls, layer: nn.Linear, config: CrossbarConfig, seed: int | None = None
    ) -> AnalogLinear:
        """Program a trained ``nn.Linear`` into a crossbar."""
        array = CrossbarArray.from_weights(layer.weight.detach(), None, config, seed)
        return cls(array, layer.bias, config.t_inference)

    @property
    def in_features(self) -> int:
        return self.array.rows

    @property
    def out_features(self) -> int:
        return self.array.cols

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        lead = x.shape[:-1]
        y = self._mvm(x.reshape(-1, x.shape[-1]))
        return y.reshape(*lead, y.shape[-1])

    def extra_repr(self) -> str:
        return f"{self.in_features} -> {self.out_features}, {self.array!r}"


class AnalogConv2d(_AnalogBase):
    """``torch.nn.Conv2d`` (groups = 1) executed on a crossbar by im2col.

    The kernel is flattened to ``(out_channels, in_channels*kh*kw)`` and programmed;
    each of the ``H_out*W_out`` receptive fields is one crossbar read.
    """

    def __init__(
        self,
        array: CrossbarArray,
        bias: torch.Tensor | None,
        t_inference: float,
        *,
        kernel_size: tuple[int, int],
        stride: tuple[int, int],
        padding: tuple[int, int],
        dilation: tuple[int, int],
    ) -> None:
        super().__init__(array, bias, t_inference)
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation

    @classmethod
    def from_conv2d(
        cls, layer: nn.Conv2d, config: CrossbarConfig, seed: int | None = None
    ) -> AnalogConv2d:
        """Program a trained ``nn.Conv2d`` into a crossbar."""
        if layer.groups != 1:
            raise ValueError(f"groups = {layer.groups}: only groups = 1 convolutions map here")
        if isinstance(layer.padding, str) or layer.padding_mode != "zeros":
            raise ValueError(
                f"padding = {layer.padding!r} ({layer.padding_mode}): use numeric zero padding"
            )
        w = layer.weight.detach()
        array = CrossbarArray.from_weights(w.reshape(w.shape[0], -1), None, config, seed)
        return cls(
            array,
            layer.bias,
            config.t_inference,
            kernel_size=tuple(layer.kernel_size),
            stride=tuple(layer.stride),
            padding=tuple(layer.padding),
            dilation=tuple(layer.dilation),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, _, h, w = x.shape
        cols = F.unfold(
            x, self.kernel_size, dilation=self.dilation, padding=self.padding, stride=self.stride
        )  # (B, C*kh*kw, L)
        h_out = (h + 2 * self.padding[0] - self.dilation[0] * (self.kernel_size[0] - 1) - 1)
        h_out = h_out // self.stride[0] + 1
        w_out = (w + 2 * self.padding[1] - self.dilation[1] * (self.kernel_size[1] - 1) - 1)
        w_out = w_out // self.stride[1] + 1
        y = self._mvm(cols.transpose(1, 2).reshape(-1, cols.shape[1]))  # (B*L, out)
        return y.reshape(b, h_out * w_out, -1).transpose(1, 2).reshape(b, -1, h_out, w_out)

    def extra_repr(self) -> str:
        return f"kernel={self.kernel_size}, stride={self.stride}, {self.array!r}"


def analog_layers(model: nn.Module) -> list[tuple[str, _AnalogBase]]:
    """(name, layer) of every analog layer in ``model``."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, _AnalogBase)]


def convert(model: nn.Module, config: CrossbarConfig | None = None, seed: int | None = None,
            *, calibration: Any = None) -> nn.Module:
    """Deep copy of ``model`` with every ``Linear``/``Conv2d`` programmed onto crossbars.

    Parameters
    ----------
    model : nn.Module
        A trained float model (left untouched).
    config : CrossbarConfig
    seed : int, optional
        Seeds all layers (one independent stream per layer); defaults to ``config.seed``.
    calibration : array_like or Tensor, optional
        Calibration inputs (a batch shaped like the model's input): the ADC ranges are
        set from them with :func:`calibrate` right after programming.  Without them each
        layer calibrates on the first batch it reads (when its ADC is calibrated, see
        ``CrossbarConfig.adc_calibration``).

    Returns
    -------
    nn.Module
        The converted copy in eval mode, on the config's compute device.
    """
    config = CrossbarConfig() if config is None else config
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    seed = config.seed if seed is None else seed
    new = copy.deepcopy(model).to(resolve_compute_device(config.torch_device))
    targets = [
        (name, mod) for name, mod in new.named_modules()
        if isinstance(mod, (nn.Linear, nn.Conv2d))
    ]
    seeds: list[Any] = [None] * len(targets)
    if seed is not None:
        seeds = [
            int(s.generate_state(1)[0])
            for s in np.random.SeedSequence(int(seed)).spawn(len(targets))
        ]
    for (name, mod), s in zip(targets, seeds, strict=True):
        if isinstance(mod, nn.Linear):
            analog: nn.Module = AnalogLinear.from_linear(mod, config, s)
        else:
            analog = AnalogConv2d.from_conv2d(mod, config, s)
        if name == "":  # the model is a bare Linear/Conv2d
            new = analog
            break
        _set_submodule(new, name, analog)
    new = new.eval()
    if calibration is not None:
        calibrate(new, calibration)
    return new


def calibrate(model: nn.Module, x: Any, t: float = 0.0) -> nn.Module:
    """Set the ADC ranges of every analog layer of ``model`` from the inputs ``x``.

    ``x`` (a batch shaped like the model's input) is run through the converted model
    once; each layer calibrates on the inputs it receives (the analog outputs of the
    layers before it) with :meth:`CrossbarArray.calibrate_adc` at ``t`` s after
    programming (default 0: right after programming), and passes on its calibrated
    read.  Layers without a calibrated ADC are read as usual.  Returns ``model``.

    Examples
    --------
    >>> import torch
    >>> net = torch.nn.Sequential(torch.nn.Linear(64, 16), torch.nn.ReLU(),
    ...                           torch.nn.Linear(16, 4))
    >>> cfg = CrossbarConfig(adc_bits=8, torch_device="cpu")
    >>> x = torch.rand(256, 64)
    >>> analog = count_adc_clipping(calibrate(convert(net, cfg, seed=0), x))
    >>> [layer.array.needs_adc_calibration for _, layer in analog_layers(analog)]
    [False, False]
    >>> _ = analog(x)
    >>> adc_clip_fraction(analog) < 0.001
    True
    """
    layers = analog_layers(model)
    if not any(layer.array.config.adc_bits and layer.array.config.adc_calibration != "fixed"
               for _, layer in layers):
        return model
    t = float(t)
    for _, layer in layers:
        layer._calibration_t = t
        layer.array.reset_adc_calibration()  # recalibrate on the batch below
    dev = layers[0][1].array.torch_device
    xt = x if isinstance(x, torch.Tensor) else torch.as_tensor(np.asarray(x), dtype=torch.float32)
    with torch.no_grad():
        model(xt.to(device=dev, dtype=torch.float32))
    for _, layer in layers:
        layer.array.reset_adc_clip_count()  # clipping is reported for later reads
    return model


def count_adc_clipping(model: nn.Module, on: bool = True) -> nn.Module:
    """Count saturated ADC conversions on every read of ``model``'s analog layers.

    Counting costs a few passes over each layer's outputs, so plain inference leaves it
    off; :func:`~neuroexplore.crossbar.evaluate` switches it on for its reads.  Returns
    ``model``.
    """
    for _, layer in analog_layers(model):
        layer.array.count_adc_clipping = bool(on)
    return model


def adc_clip_fraction(model: nn.Module) -> float:
    """Fraction of ADC conversions that saturated over every analog layer of ``model``
    (reads since programming or calibration; 0 when nothing was converted).  Counted
    while :func:`count_adc_clipping` is on; otherwise a ``ValueError`` says so."""
    counts = [layer.array.adc_clip_counts() for _, layer in analog_layers(model)]
    total = sum(n for _, n in counts)
    return sum(c for c, _ in counts) / total if total else 0.0


def _set_submodule(root: nn.Module, name: str, module: nn.Module) -> None:
    parent_name, _, child = name.rpartition(".")
    parent = root.get_submodule(parent_name) if parent_name else root
    setattr(parent, child, module)


def set_inference_time(model: nn.Module, t: float) -> nn.Module:
    """Set the read time ``t`` (s after programming) of every analog layer; returns ``model``."""
    for _, layer in analog_layers(model):
        layer.set_inference_time(t)
    return model
