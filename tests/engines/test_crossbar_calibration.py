"""ADC full-scale calibration (CrossbarConfig.adc_calibration) and clipping reports.

References: the uniform-quantisation error of a mid-tread ADC with step ``LSB`` is at
most ``LSB / 2`` per conversion inside its range and, for inputs spread over many
steps, uniformly distributed with variance ``LSB^2 / 12`` (Widrow & Kollar,
*Quantization Noise*, 2008); the saturated fraction of a fixed range is counted here
independently from the exact currents in numpy.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from neuroexplore.crossbar import (
    CrossbarArray,
    CrossbarConfig,
    adc_clip_fraction,
    calibrate,
    convert,
    count_adc_clipping,
    evaluate,
)

CPU = dict(torch_device="cpu")
ADC_BITS, L = 9, 2**8 - 1


def _case(seed=0, batch=600):
    """784-input columns that carry ~100 full-scale cell currents (like an MNIST layer)."""
    rng = np.random.default_rng(seed)
    W = rng.uniform(-0.3, 1.0, size=(16, 784))
    return W, rng.random((batch, 784)), rng.random((batch, 784))


def _exact_currents(arr, x):
    """Ideal-device partial currents per row tile (in one full-scale cell current)."""
    g = {k: v.double().numpy() for k, v in arr.conductances().items()}
    d = (g["pos"] - g["neg"]) / arr.device.span
    v = x / np.abs(x).max(axis=1, keepdims=True)  # per-vector DAC scaling, ideal DAC
    tr = arr.config.tile_rows
    return np.stack([v[:, r:r + tr] @ d[r:r + tr] for r in range(0, arr.rows, tr)])


@pytest.mark.parametrize("mode", ["per_layer", "per_column"])
def test_calibrated_adc_error_is_quantisation_only(mode):
    W, x_cal, x = _case()
    cfg = CrossbarConfig(adc_bits=ADC_BITS, adc_calibration=mode, tile_rows=512, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0).calibrate_adc(x_cal)
    arr.count_adc_clipping = True
    parts = _exact_currents(arr, x)  # (2 tiles, batch, cols)
    fs = arr.adc_full_scale.double().numpy() / (arr.device.span * cfg.v_read)
    # the full scale is the 99.99th percentile of the calibration currents
    cal = np.abs(_exact_currents(arr, x_cal))
    if mode == "per_layer":
        np.testing.assert_allclose(fs[:, 0], np.percentile(cal.reshape(2, -1), 99.99, axis=1),
                                   rtol=1e-5)
    else:
        np.testing.assert_allclose(fs, np.percentile(cal, 99.99, axis=1), rtol=1e-5)
    y = arr.mvm(x) / (arr.device.span * cfg.v_read)
    exact = parts.sum(0)
    lsb = fs / L  # (tiles, cols)
    inside = np.all(np.abs(parts) <= fs[:, None, :], axis=0)
    assert inside.mean() > 0.995  # clipping is gone (it was ~100 % at 20 cell currents)
    err = (y - exact)[inside]
    bound = (lsb / 2).sum(0)  # half an LSB per tile conversion, summed digitally
    within = np.abs(y - exact) <= bound * 1.001 + 1e-4
    assert np.all(within | ~inside)
    # RMS error = uniform quantisation noise sqrt(sum_tiles LSB^2 / 12) within 10 %
    expected_rms = np.sqrt(np.mean(np.broadcast_to((lsb**2).sum(0) / 12, y.shape)[inside]))
    assert np.sqrt(np.mean(err**2)) == pytest.approx(expected_rms, rel=0.1)
    assert arr.adc_clip_fraction < 0.005


def test_fixed_range_reports_its_clipping_fraction():
    W, _, x = _case(batch=200)
    cfg = CrossbarConfig(adc_bits=ADC_BITS, adc_calibration="fixed", adc_range=20.0,
                         tile_rows=512, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    arr.count_adc_clipping = True
    y = arr.mvm(x) / (arr.device.span * cfg.v_read)
    parts = _exact_currents(arr, x)
    counted = float(np.mean(np.abs(parts) > 20.0))
    assert counted > 0.5  # the 784-input columns carry far more than 20 cell currents
    assert arr.adc_clip_fraction == pytest.approx(counted, abs=2 / parts.size)
    rel = np.linalg.norm(y - parts.sum(0)) / np.linalg.norm(parts.sum(0))
    assert rel > 0.3  # the fixed range, not the device, makes the error
    arr.reset_adc_clip_count()
    assert arr.adc_clip_fraction == 0.0


def test_first_batch_calibrates_and_settings_change_recalibrates():
    W, x_cal, x = _case(batch=300)
    cfg = CrossbarConfig(adc_bits=ADC_BITS, **CPU)
    a = CrossbarArray.from_weights(W, "ideal", cfg, seed=1)
    b = CrossbarArray.from_weights(W, "ideal", cfg, seed=1).calibrate_adc(x_cal)
    assert a.needs_adc_calibration and a.adc_full_scale is None
    a.mvm(x_cal)  # the first batch seen sets the ranges
    assert not a.needs_adc_calibration
    np.testing.assert_array_equal(a.mvm(x), b.mvm(x))
    a.config = cfg.with_params(adc_percentile=50.0)
    assert a.needs_adc_calibration  # stale ranges are not reused


def test_calibrate_model_and_evaluate_report_clipping():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
    x = torch.rand(300, 64)
    cfg = CrossbarConfig(adc_bits=ADC_BITS, **CPU)
    analog = count_adc_clipping(calibrate(convert(net, cfg, seed=0), x[:200]))
    with torch.no_grad():
        rel = (analog(x[200:]) - net(x[200:])).norm() / net(x[200:]).norm()
    assert rel < 0.02 and adc_clip_fraction(analog) < 0.01
    y = np.zeros(300, dtype=np.int64)
    fixed = evaluate(net, cfg.with_params(adc_calibration="fixed", adc_range=0.5),
                     (x.numpy(), y), seed=0)
    cal = evaluate(net, cfg, (x.numpy(), y), seed=0)
    assert fixed.adc_clip_fraction > 0.1 and cal.adc_clip_fraction < 0.01
    assert cal.output_rel_rmse < fixed.output_rel_rmse


def test_clipping_is_counted_only_on_request_and_never_changes_the_outputs():
    W, x_cal, x = _case(batch=100)
    cfg = CrossbarConfig(adc_bits=ADC_BITS, adc_calibration="fixed", adc_range=20.0, **CPU)
    quiet = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    counted = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    counted.count_adc_clipping = True
    np.testing.assert_array_equal(quiet.mvm(x), counted.mvm(x))
    assert counted.adc_clip_fraction > 0.5
    with pytest.raises(ValueError, match="count_adc_clipping"):
        _ = quiet.adc_clip_fraction
