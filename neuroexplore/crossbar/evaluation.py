"""Accuracy of a model on crossbars against the same model in floating point.

:func:`evaluate` programs a trained torch model onto crossbars with
:func:`~neuroexplore.crossbar.layers.convert`, reads it at ``t_inference`` seconds
after programming and reports the test accuracy (overall and per class) next to the
float model's, with statistics of the output error ``y_analog - y_float`` and the
fraction of ADC conversions that clipped.  Calibrated ADC ranges
(``CrossbarConfig.adc_calibration``) are set from a calibration batch right after
programming: by default the first ``N_CALIBRATION`` training inputs of the data set
(for an ``(x, y)`` pair, which has no training split: the first ``N_CALIBRATION``
test inputs).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from ..datasets import Dataset, load_digits
from .config import CrossbarConfig
from .device_model import resolve_compute_device
from .layers import (
    AnalogConv2d,
    adc_clip_fraction,
    analog_layers,
    convert,
    count_adc_clipping,
    set_inference_time,
)

__all__ = ["EvalResult", "evaluate", "resolve_test_data", "N_CALIBRATION"]

#: Calibration inputs :func:`evaluate` takes from the data set by default.
N_CALIBRATION = 512


@dataclass(frozen=True)
class EvalResult:
    """Outcome of :func:`evaluate`.

    Attributes
    ----------
    accuracy, accuracy_float : float
        Test accuracy (fraction) on crossbars and in floating point.
    per_class, per_class_float : ndarray, shape (n_classes,)
        Per-class accuracy (recall); classes absent from the test set give 0.
    output_mae, output_rmse : float
        Mean absolute and root-mean-square error of the outputs (logits) vs float.
    output_rel_rmse : float
        ``output_rmse / rms(float outputs)``.
    output_corr : float
        Pearson correlation of analog and float outputs (1 when both are constant).
    n_samples : int
    t_inference : float
        Seconds after programming.
    adc_clip_fraction : float
        Fraction of ADC conversions over all layers that saturated on the test set.
    """

    accuracy: float
    accuracy_float: float
    per_class: np.ndarray
    per_class_float: np.ndarray
    output_mae: float
    output_rmse: float
    output_rel_rmse: float
    output_corr: float
    n_samples: int
    t_inference: float
    adc_clip_fraction: float = 0.0


def resolve_test_data(dataset: Any) -> tuple[np.ndarray, np.ndarray, tuple[int, int] | None]:
    """Test inputs, labels and image shape from ``"digits"``, a Dataset or ``(x, y)``."""
    if isinstance(dataset, str):
        if dataset != "digits":
            raise ValueError(f"dataset = {dataset!r} is not valid; expected 'digits', a "
                             "Dataset or an (x, y) pair")
        dataset = load_digits()
    if isinstance(dataset, Dataset):
        return dataset.x_test, dataset.y_test, tuple(dataset.image_shape)
    if isinstance(dataset, (tuple, list)) and len(dataset) == 2:
        x = np.asarray(dataset[0], dtype=np.float32)
        y = np.asarray(dataset[1])
        if x.shape[0] != y.shape[0] or x.shape[0] == 0:
            raise ValueError(f"dataset (x, y) needs matching, non-empty lengths; got "
                             f"{x.shape[0]} and {y.shape[0]}")
        if y.dtype.kind not in "iu" or y.ndim != 1 or y.min() < 0:
            raise ValueError("dataset labels y must be a 1-D array of non-negative integers")
        if not np.all(np.isfinite(x)):
            raise ValueError("dataset inputs x contain NaN or infinite values")
        return x, y.astype(np.int64), None
    raise ValueError(f"dataset must be 'digits', a Dataset or an (x, y) pair, got "
                     f"{type(dataset).__name__}")


def _first_layer_is_conv(model: nn.Module) -> bool:
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, AnalogConv2d)):
            return True
        if isinstance(m, nn.Linear) or m.__class__.__name__ == "AnalogLinear":
            return False
    return False


def _forward(model: nn.Module, x: np.ndarray, device: torch.device, batch: int = 512
             ) -> np.ndarray:
    outs = []
    with torch.inference_mode():  # outputs leave as numpy: no autograd state needed
        for i in range(0, x.shape[0], batch):
            xb = torch.as_tensor(x[i : i + batch], dtype=torch.float32, device=device)
            outs.append(model(xb).detach().cpu().numpy().astype(float))
    return np.concatenate(outs)


def _per_class(pred: np.ndarray, y: np.ndarray, n_classes: int) -> np.ndarray:
    hits = np.bincount(y[pred == y], minlength=n_classes)[:n_classes]
    counts = np.bincount(y, minlength=n_classes)[:n_classes]
    return np.divide(hits, counts, out=np.zeros(n_classes), where=counts > 0)


def evaluate(
    model: nn.Module,
    config: CrossbarConfig | None = None,
    dataset: Any = "digits",
    t_inference: float = 0.0,
    seed: int | None = None,
    calibration: Any = None,
) -> EvalResult:
    """Test accuracy of ``model`` programmed onto crossbars, next to its float accuracy.

    Parameters
    ----------
    model : nn.Module
        A trained float model (it is deep-copied and converted; left untouched).
    config : CrossbarConfig
    dataset : "digits", Dataset or (x, y)
        Test data; for a Dataset or "digits" the test split is used.  Flat inputs are
        reshaped to ``(N, 1, H, W)`` when the model starts with a convolution.
    t_inference : float
        Seconds after programming at which the arrays are read.
    seed : int, optional
        Seeds programming and read noise (defaults to ``config.seed``).
    calibration : array_like, optional
        Inputs that set calibrated ADC ranges after programming (see
        :func:`~neuroexplore.crossbar.calibrate`); default: the first
        :data:`N_CALIBRATION` training inputs of a Dataset (``"digits"``), or the first
        :data:`N_CALIBRATION` test inputs of an ``(x, y)`` pair.

    Returns
    -------
    EvalResult
    """
    config = CrossbarConfig() if config is None else config
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if analog_layers(model):
        raise ValueError("evaluate() expects the float model; it converts a copy itself")
    t = float(t_inference)
    if not np.isfinite(t) or t < 0:
        raise ValueError(f"t_inference = {t} s must be finite and >= 0")
    x, y, image_shape = resolve_test_data(dataset)
    if calibration is None:
        if dataset == "digits" or isinstance(dataset, Dataset):
            ds = load_digits() if isinstance(dataset, str) else dataset
            calibration = ds.x_train[:N_CALIBRATION]
        else:
            calibration = x[:N_CALIBRATION]
    x_cal = np.asarray(calibration, dtype=np.float32)
    conv = _first_layer_is_conv(model)
    if conv and (x.ndim == 2 or x_cal.ndim == 2):
        if image_shape is None:
            raise ValueError("a convolutional model needs image-shaped x (N, C, H, W)")
        x = x.reshape(x.shape[0], 1, *image_shape)
        x_cal = x_cal.reshape(x_cal.shape[0], 1, *image_shape)
    tdev = resolve_compute_device(config.torch_device)
    y_float = _forward(copy.deepcopy(model).to(tdev).eval(), x, tdev)
    analog = set_inference_time(convert(model, config, seed, calibration=x_cal), t)
    count_adc_clipping(analog)  # reported in the result
    y_analog = _forward(analog, x, tdev)
    if not np.all(np.isfinite(y_analog)):
        raise ValueError("the crossbar produced non-finite outputs; check the configuration")
    n_classes = int(max(y.max() + 1, y_float.shape[1]))
    pred_a, pred_f = y_analog.argmax(1), y_float.argmax(1)
    err = y_analog - y_float
    rms_float = float(np.sqrt(np.mean(y_float**2)))
    sa, sf = y_analog.std(), y_float.std()
    corr = 1.0
    if sa > 0 and sf > 0:
        corr = float(np.corrcoef(y_analog.ravel(), y_float.ravel())[0, 1])
    return EvalResult(
        accuracy=float(np.mean(pred_a == y)),
        accuracy_float=float(np.mean(pred_f == y)),
        per_class=_per_class(pred_a, y, n_classes),
        per_class_float=_per_class(pred_f, y, n_classes),
        output_mae=float(np.mean(np.abs(err))),
        output_rmse=float(np.sqrt(np.mean(err**2))),
        output_rel_rmse=float(np.sqrt(np.mean(err**2)) / rms_float) if rms_float > 0 else 0.0,
        output_corr=corr,
        n_samples=int(y.shape[0]),
        t_inference=t,
        adc_clip_fraction=adc_clip_fraction(analog),
    )
