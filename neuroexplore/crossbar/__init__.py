"""Crossbar-array inference and training on PyTorch (review chapter 4: device arrays).

A trained network's weights are programmed as conductances of pulse-programmed
synaptic devices (:mod:`neuroexplore.devices`) in tiled crossbar arrays that compute
``I = G^T V`` in one step (Ohm + Kirchhoff), with the non-idealities of real hardware
gathered in :class:`CrossbarConfig`: discrete device states, nonlinear programming,
write noise, write-verify, device-to-device variation, read noise, PCM drift with
global compensation, DAC/ADC quantisation, stuck-at faults, IR drop (via
:mod:`neuroexplore.crossbar.ir_drop_exact`) and tiling.

* :class:`CrossbarArray` -- one programmed (tiled) matrix; ``mvm`` (A), ``matmul``;
* :class:`AnalogLinear`, :class:`AnalogConv2d`, :func:`convert`,
  :func:`set_inference_time` -- torch layers on crossbars;
* :func:`im2col`, :func:`conv_mapping` -- how a convolution's kernels map onto array
  columns (module :mod:`.convolution`, numpy only);
* :func:`evaluate` -- accuracy and output error of a converted model vs the float one;
* :func:`train_hardware_aware`, :func:`train_in_situ`, :func:`device_table_accuracy`;
* :func:`estimate_energy` -- read/DAC/ADC energy and latency per inference;
* :func:`ir_drop` -- exact IR drop of one array (module :mod:`.ir_drop_exact`; the fast
  model in :mod:`.ir_drop_approx`, sneak paths in :mod:`.ir_drop_sneak`);
* :mod:`.studies` -- the reference digits MLP and CNN (:func:`digits_mlp`,
  :func:`digits_cnn`) and the accuracy and error studies of chapter 4
  (:func:`run_sweep`, :data:`SWEEPS`, :func:`device_accuracy`, ...).

torch is the engine of this subpackage (and of no other engine).  The names are
exported lazily: ``import neuroexplore.crossbar`` is light, and torch is imported when
a name that needs it is first used.
"""

from neuroexplore._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "CrossbarArray": ".array",
    "CrossbarConfig": ".config",
    "config_parameters": ".config",
    "AnalogLinear": ".layers",
    "AnalogConv2d": ".layers",
    "analog_layers": ".layers",
    "convert": ".layers",
    "calibrate": ".layers",
    "adc_clip_fraction": ".layers",
    "count_adc_clipping": ".layers",
    "set_inference_time": ".layers",
    "evaluate": ".evaluation",
    "EvalResult": ".evaluation",
    "train_in_situ": ".training",
    "train_hardware_aware": ".training",
    "device_table_accuracy": ".training",
    "History": ".training",
    "estimate_energy": ".energy",
    "EnergyReport": ".energy",
    "EnergyParams": ".energy",
    "ir_drop": ".ir_drop_exact",
    "MLP_RECIPE": ".studies",
    "digits_mlp": ".studies",
    "CNN_RECIPE": ".studies",
    "digits_cnn": ".studies",
    "digits_cnn_module": ".studies",
    "DeviceAccuracy": ".studies",
    "device_accuracy": ".studies",
    "ConvMapping": ".convolution",
    "conv_mapping": ".convolution",
    "im2col": ".convolution",
    "conv_output_size": ".convolution",
    "SWEEPS": ".studies",
    "SWEEP_REPEATS": ".studies",
    "Sweep": ".studies",
    "SweepResult": ".studies",
    "run_sweep": ".studies",
    "sweep_csv": ".studies",
    "histories_csv": ".studies",
    "random_conductances": ".studies",
    "ir_drop_grid": ".studies",
    "approx_vs_exact": ".studies",
    "converter_error": ".studies",
    "tiling_error": ".studies",
})
