"""Analog layers, convert, evaluate and the energy estimate."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from neuroexplore.crossbar import (
    AnalogConv2d,
    AnalogLinear,
    CrossbarArray,
    CrossbarConfig,
    EnergyParams,
    convert,
    estimate_energy,
    evaluate,
    set_inference_time,
)
from neuroexplore.datasets import load_digits

CPU = dict(torch_device="cpu")


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    n = torch.get_num_threads()
    torch.set_num_threads(1)  # 2 shared cores: small matrices run faster on one thread
    yield
    torch.set_num_threads(n)


def _mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 24), nn.ReLU(), nn.Linear(24, 10))


def _cnn(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 6, 3, stride=2),
        nn.Flatten(), nn.Linear(6 * 3 * 3, 10),
    )


@pytest.fixture(scope="module")
def trained_mlp():
    ds = load_digits()
    net = _mlp()
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    x, y = torch.as_tensor(ds.x_train), torch.as_tensor(ds.y_train)
    for _ in range(150):
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
    return net, ds


@pytest.mark.parametrize("mapping", ["differential", "offset"])
def test_convert_ideal_equals_float_model(mapping):
    cfg = CrossbarConfig(mapping=mapping, tile_rows=16, tile_cols=8, **CPU)
    for net, shape in ((_mlp(), (5, 64)), (_cnn(), (5, 1, 8, 8))):
        analog = convert(net, cfg, seed=0)
        x = torch.rand(*shape)
        with torch.no_grad():
            ref = net(x)
            torch.testing.assert_close(analog(x), ref, atol=5e-5 * ref.abs().max(), rtol=0)


def test_convert_copies_and_replaces_only_weight_layers():
    net = _cnn()
    before = [p.detach().clone() for p in net.parameters()]
    analog = convert(net, CrossbarConfig(pulse_device="PCMO", **CPU), seed=1)
    assert isinstance(analog[0], AnalogConv2d) and isinstance(analog[4], AnalogLinear)
    assert isinstance(analog[1], nn.ReLU) and isinstance(analog[3], nn.Flatten)
    assert isinstance(net[0], nn.Conv2d)  # original untouched
    for p, q in zip(net.parameters(), before, strict=True):
        assert torch.equal(p, q)
    bare = convert(nn.Linear(3, 2), CrossbarConfig(**CPU), seed=0)
    assert isinstance(bare, AnalogLinear)


def test_analog_conv_matches_conv2d_by_im2col():
    torch.manual_seed(3)
    conv = nn.Conv2d(2, 5, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2))
    layer = AnalogConv2d.from_conv2d(conv, CrossbarConfig(**CPU), seed=0)
    x = torch.randn(3, 2, 9, 7)
    with torch.no_grad():
        ref = conv(x)
        torch.testing.assert_close(layer(x), ref, atol=5e-5 * ref.abs().max(), rtol=0)
    with pytest.raises(ValueError, match="groups"):
        AnalogConv2d.from_conv2d(nn.Conv2d(2, 2, 3, groups=2), CrossbarConfig(**CPU))


def test_same_seed_same_model_and_inference_time():
    cfg = CrossbarConfig(pulse_device="GST PCM", pcm_noise=True, drift=True, **CPU)
    net = _mlp()
    x = torch.rand(4, 64)
    a, b = convert(net, cfg, seed=5), convert(net, cfg, seed=5)
    c = convert(net, cfg, seed=6)
    with torch.no_grad():
        ya, yb, yc = a(x), b(x), c(x)
        assert torch.equal(ya, yb) and not torch.equal(ya, yc)
        comp_off = convert(net, cfg.with_params(drift_compensation=False), seed=5)
        y0 = comp_off(x).abs().mean()
        y_day = set_inference_time(comp_off, 86400.0)(x).abs().mean()
    assert y_day < 0.9 * y0  # uncompensated drift shrinks outputs


def test_evaluate_ideal_equals_float(trained_mlp):
    net, ds = trained_mlp
    res = evaluate(net, CrossbarConfig(**CPU), ds, seed=0)
    assert res.accuracy == res.accuracy_float > 0.9
    assert res.output_rel_rmse < 1e-5 and res.output_corr > 0.999999
    counts = np.bincount(ds.y_test, minlength=10)
    assert math.isclose(float(res.per_class @ counts) / counts.sum(), res.accuracy)
    res2 = evaluate(net, CrossbarConfig(**CPU), (ds.x_test, ds.y_test), seed=0)
    assert res2.accuracy == res.accuracy
    with pytest.raises(ValueError, match="dataset"):
        evaluate(net, CrossbarConfig(**CPU), "cifar")


def test_evaluate_degrades_with_non_idealities(trained_mlp):
    net, ds = trained_mlp
    noisy = evaluate(net, CrossbarConfig(pulse_device="PCMO", read_noise=0.05, adc_bits=4,
                                         **CPU), ds, seed=0)
    assert noisy.accuracy < noisy.accuracy_float and noisy.output_rel_rmse > 0.05
    day = evaluate(net, CrossbarConfig(drift=True, drift_compensation=False, **CPU), ds,
                   t_inference=86400.0, seed=0)
    assert day.t_inference == 86400.0 and day.output_rel_rmse > 0.1


# ------------------------------------------------------------------------- energy
def test_read_energy_is_sum_v2_g_t():
    W = np.array([[0.5, -1.0, 0.25], [1.0, 0.0, -0.5]])
    cfg = CrossbarConfig(v_read=0.2, dac_range=1.0, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    x = np.array([[1.0, 0.5, 0.0], [0.2, 1.0, 1.0]])
    g = {k: v.double().numpy() for k, v in arr.conductances().items()}
    v = 0.2 * x
    by_hand = np.mean([(vi**2) @ (g["pos"] + g["neg"]).sum(axis=1) for vi in v]) * 100e-9
    p = EnergyParams(t_read=100e-9)
    rep = estimate_energy(arr, cfg, x, params=p)
    assert math.isclose(rep.read, by_hand, rel_tol=1e-5)
    # converters: 2 outputs x 1 row tile ADC'd at (costed) 8 bits; 3 rows DAC'd
    assert math.isclose(rep.adc, 2 * p.adc_fom * 2**8, rel_tol=1e-12)
    assert math.isclose(rep.dac, 3 * 2**8 * p.dac_unit_cap * p.v_dd**2, rel_tol=1e-12)


def test_energy_counts_tiles_accumulation_and_conv_pixels():
    net = _cnn()
    x = torch.rand(2, 1, 8, 8)
    cfg = CrossbarConfig(tile_rows=16, adc_bits=6, **CPU)
    dig = estimate_energy(net, cfg, x, seed=0)
    ana = estimate_energy(net, cfg.with_params(accumulation="analog"), x, seed=0)
    # conv1: 8x8 output pixels, conv2: 3x3, linear: 1 MVM per inference
    assert [layer.n_mvm for layer in dig.layers] == [64, 9, 1]
    # conv2 has 36 rows -> 3 row tiles of 16: digital accumulation converts 3x more
    assert math.isclose(dig.layers[1].adc, 3 * ana.layers[1].adc)
    assert dig.total > 0 and dig.latency > 0
    with pytest.raises(ValueError, match="x"):
        estimate_energy(net, cfg)
