"""Crossbar-array inference and training on PyTorch (review chapter 4: device arrays).

A trained network's weights are programmed as conductances of pulse-programmed
synaptic devices (:mod:`neuroexplore.devices`) in tiled crossbar arrays that compute
``I = G^T V`` in one step (Ohm + Kirchhoff), with the non-idealities of real hardware
gathered in :class:`CrossbarConfig`: discrete device states, nonlinear programming,
write noise, write-verify, device-to-device variation, read noise, PCM drift with
global compensation, DAC/ADC quantisation, stuck-at faults, IR drop (via
:mod:`neuroexplore.crossbar.ir_drop`) and tiling.

* :class:`CrossbarArray` -- one programmed (tiled) matrix; ``mvm`` (A), ``matmul``;
* :class:`AnalogLinear`, :class:`AnalogConv2d`, :func:`convert`,
  :func:`set_inference_time` -- torch layers on crossbars;
* :func:`evaluate` -- accuracy and output error of a converted model vs the float one;
* :func:`train_hardware_aware`, :func:`train_in_situ`, :func:`device_table_accuracy`;
* :func:`estimate_energy` -- read/DAC/ADC energy and latency per inference.

torch is imported here (and only in this subpackage of the engines).
"""

from .array import CrossbarArray
from .config import CrossbarConfig, config_parameters
from .energy import EnergyParams, EnergyReport, estimate_energy
from .evaluate import EvalResult, evaluate
from .layers import AnalogConv2d, AnalogLinear, analog_layers, convert, set_inference_time
from .training import History, device_table_accuracy, train_hardware_aware, train_in_situ

try:  # the IR-drop model is maintained in its own module
    from .ir_drop import ir_drop
except ImportError:  # pragma: no cover - until neuroexplore/crossbar/ir_drop.py lands

    def ir_drop(*args, **kwargs):  # type: ignore[no-redef]
        """Placeholder: forwards to ``neuroexplore.crossbar.ir_drop.ir_drop`` once present."""
        import importlib

        return importlib.import_module("neuroexplore.crossbar.ir_drop").ir_drop(*args, **kwargs)


__all__ = [
    "CrossbarArray",
    "CrossbarConfig",
    "config_parameters",
    "AnalogLinear",
    "AnalogConv2d",
    "analog_layers",
    "convert",
    "set_inference_time",
    "evaluate",
    "EvalResult",
    "train_in_situ",
    "train_hardware_aware",
    "device_table_accuracy",
    "History",
    "estimate_energy",
    "EnergyReport",
    "EnergyParams",
    "ir_drop",
]
