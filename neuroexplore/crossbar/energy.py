"""Energy and latency of one inference on crossbars (first-order estimate).

Per matrix-vector multiplication (MVM) of a layer programmed on ``n_rt x n_ct`` tiles:

* array read energy ``E_read = sum_ij V_i^2 G_ij t_read`` over every cell of every
  tile (both rails of a differential pair, or the cells plus reference column), with
  the row voltages of the actual inputs when given, else full-scale ``V_read`` on all
  rows (an upper bound);
* DAC energy ``rows * n_ct * E_DAC`` (each tile drives its own rows) with a
  switched-capacitor DAC ``E_DAC = 2^b C_u V_DD^2`` (binary-weighted C-DAC switching
  energy, Saberi et al., IEEE TCAS-I 58:1736, 2011; ``C_u = 1 fF``, ``V_DD = 1 V``
  are assumed round numbers);
* ADC energy ``cols * (n_rt if digital accumulation else 1) * E_ADC`` with the Walden
  figure of merit ``E_ADC = FoM_W 2^b`` (``FoM_W = 10 fJ/conv-step``, typical of
  low-resolution SAR ADCs in B. Murmann's *ADC Performance Survey 1997-2024*).

Ideal (0-bit) converters are costed as 8-bit ones.  Latency per MVM is
``t_read + cols_per_adc * b_ADC * t_bit`` (tiles in parallel; ``cols_per_adc = 8``
columns share one SAR ADC as in MLP NeuroSim's column multiplexing, one SAR cycle
``t_bit`` per bit); layers run one after another and a convolution needs one MVM per
output pixel.  Peripheral circuits other than the converters (sense amplifiers,
shift-adders, buffers, interconnect) are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from ..params import param, spec_dataclass
from .array import CrossbarArray
from .config import CrossbarConfig
from .layers import AnalogConv2d, analog_layers, convert

__all__ = ["EnergyParams", "ENERGY_SPECS", "LayerEnergy", "EnergyReport", "estimate_energy"]

@spec_dataclass(eq=True)
class EnergyParams:
    """Circuit parameters of the energy model (see module doc for sources)."""

    t_read: float = param(250e-9, 1e-9, 1e-5, unit="s", log=True,
                          doc="array read-pulse duration (Joshi et al. 2020 use 250 ns)")
    adc_fom: float = param(10e-15, 1e-16, 1e-11, unit="J/conv-step", log=True,
                           doc="ADC Walden figure of merit (Murmann ADC survey, low-res SAR "
                           "~1-10 fJ)")
    dac_unit_cap: float = param(1e-15, 1e-17, 1e-12, unit="F", log=True,
                                doc="unit capacitor of the switched-capacitor input DAC "
                                "(assumed)")
    v_dd: float = param(1.0, 0.3, 3.3, unit="V", doc="supply voltage of the DAC (assumed)")
    t_bit: float = param(1e-9, 1e-11, 1e-6, unit="s", log=True,
                         doc="one SAR ADC cycle (per bit; assumed 1 GHz)")
    cols_per_adc: int = param(8, 1, 256, unit="columns", integer=True,
                              doc="columns multiplexed onto one ADC (MLP NeuroSim default 8)")


#: The energy model's specs (sliders read these).
ENERGY_SPECS = EnergyParams.SPECS


@dataclass(frozen=True)
class LayerEnergy:
    """Energy (J) and latency (s) of one layer per inference (one input sample)."""

    name: str
    n_mvm: int
    cells: int
    read: float
    dac: float
    adc: float
    latency: float

    @property
    def total(self) -> float:
        return self.read + self.dac + self.adc


@dataclass(frozen=True)
class EnergyReport:
    """Per-layer and total energy (J) and latency (s) per inference."""

    layers: tuple[LayerEnergy, ...]
    params: EnergyParams

    @property
    def total(self) -> float:
        return float(sum(layer.total for layer in self.layers))

    @property
    def latency(self) -> float:
        return float(sum(layer.latency for layer in self.layers))

    @property
    def read(self) -> float:
        return float(sum(layer.read for layer in self.layers))

    @property
    def dac(self) -> float:
        return float(sum(layer.dac for layer in self.layers))

    @property
    def adc(self) -> float:
        return float(sum(layer.adc for layer in self.layers))


def _bits(b: int) -> int:
    return b if b > 0 else 8


def _array_energy(
    name: str, array: CrossbarArray, x_rows: Any, n_mvm: int, p: EnergyParams
) -> LayerEnergy:
    cfg = array.config
    n_rt, n_ct = array.tiles
    e_read = array.read_energy(x_rows, t_read=p.t_read)
    e_dac = (2 ** _bits(cfg.dac_bits)) * p.dac_unit_cap * p.v_dd**2
    e_adc = p.adc_fom * 2 ** _bits(cfg.adc_bits)
    n_adc = array.cols * (n_rt if cfg.accumulation == "digital" else 1)
    cols_in_tile = min(cfg.tile_cols, array.cols)
    mux = min(p.cols_per_adc, cols_in_tile)
    t_mvm = p.t_read + mux * _bits(cfg.adc_bits) * p.t_bit
    cells = int(array._g[0].numel() + array._g[1].numel())
    return LayerEnergy(
        name=name,
        n_mvm=int(n_mvm),
        cells=cells,
        read=n_mvm * e_read,
        dac=n_mvm * array.rows * n_ct * e_dac,
        adc=n_mvm * n_adc * e_adc,
        latency=n_mvm * t_mvm,
    )


def estimate_energy(
    model_or_arrays: Any,
    config: CrossbarConfig | None = None,
    x: Any = None,
    *,
    params: EnergyParams | None = None,
    seed: int | None = None,
) -> EnergyReport:
    """Energy and latency per inference of a model (or arrays) on crossbars.

    Parameters
    ----------
    model_or_arrays : nn.Module, CrossbarArray or sequence of CrossbarArray
        A float model (converted with ``config``), an already converted model, or
        arrays (each counted as one MVM per inference).
    config : CrossbarConfig, optional
        Used to convert a float model.
    x : array_like or Tensor, optional
        A batch of inputs; the read energy then uses the actual row voltages (mean over
        the batch) and convolution layers their true number of MVMs.  Needed for models
        with convolutions.
    params : EnergyParams, optional
    seed : int, optional
        Seed for converting a float model.

    Returns
    -------
    EnergyReport

    Examples
    --------
    >>> import torch
    >>> net = torch.nn.Sequential(torch.nn.Linear(64, 10))
    >>> rep = estimate_energy(net, CrossbarConfig(torch_device="cpu"), seed=0)
    >>> rep.total > 0 and rep.latency > 0
    True
    """
    p = EnergyParams() if params is None else params
    config = CrossbarConfig() if config is None else config
    if isinstance(model_or_arrays, CrossbarArray):
        model_or_arrays = [model_or_arrays]
    if isinstance(model_or_arrays, (list, tuple)):
        if not all(isinstance(a, CrossbarArray) for a in model_or_arrays):
            raise ValueError("model_or_arrays must be a torch model or CrossbarArrays")
        return EnergyReport(
            tuple(_array_energy(f"array{i}", a, x, 1, p) for i, a in enumerate(model_or_arrays)),
            p,
        )
    if not isinstance(model_or_arrays, nn.Module):
        raise ValueError(f"model_or_arrays must be a torch model or CrossbarArrays, got "
                         f"{type(model_or_arrays).__name__}")
    model = model_or_arrays
    if not analog_layers(model):
        model = convert(model, config, seed)
    layers = analog_layers(model)
    if x is None:
        if any(isinstance(m, AnalogConv2d) for _, m in layers):
            raise ValueError("x (a batch of inputs) is needed to cost convolution layers")
        return EnergyReport(tuple(_array_energy(n, m.array, None, 1, p) for n, m in layers), p)
    records: dict[str, tuple[torch.Tensor, int]] = {}
    hooks = []
    for name, mod in layers:
        def hook(m: nn.Module, inputs: tuple, _out: Any, name: str = name) -> None:
            xin = inputs[0].detach()
            if isinstance(m, AnalogConv2d):
                cols = torch.nn.functional.unfold(
                    xin, m.kernel_size, dilation=m.dilation, padding=m.padding, stride=m.stride
                )
                records[name] = (cols.transpose(1, 2).reshape(-1, cols.shape[1]), cols.shape[2])
            else:
                records[name] = (xin.reshape(-1, xin.shape[-1]), 1)
        hooks.append(mod.register_forward_hook(hook))
    try:
        first = next(iter(model.parameters()), None)
        dev = layers[0][1].array.torch_device if first is None else first.device
        with torch.no_grad():
            model(torch.as_tensor(np.asarray(x) if not isinstance(x, torch.Tensor) else x,
                                  dtype=torch.float32).to(dev))
    finally:
        for h in hooks:
            h.remove()
    return EnergyReport(
        tuple(_array_energy(n, m.array, records[n][0], records[n][1], p) for n, m in layers), p
    )
