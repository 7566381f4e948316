"""CUDA path: the same engine on a GPU (skipped where torch.cuda is unavailable)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from neuroexplore.crossbar import CrossbarArray, CrossbarConfig, convert, evaluate

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]


@pytest.mark.parametrize("mapping", ["differential", "offset"])
def test_ideal_crossbar_on_cuda_equals_matrix_product(mapping):
    rng = np.random.default_rng(0)
    W, x = rng.normal(size=(70, 130)), rng.normal(size=(9, 130))
    cfg = CrossbarConfig(mapping=mapping, tile_rows=32, tile_cols=16, torch_device="cuda")
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    assert arr.torch_device.type == "cuda"
    ref = x @ W.T
    np.testing.assert_allclose(arr.matmul(x), ref, atol=2e-5 * np.abs(ref).max())


def test_cuda_noisy_model_runs_seeded_and_auto_picks_cuda():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
    cfg = CrossbarConfig(pulse_device="GST PCM", pcm_noise=True, drift=True, adc_bits=8,
                         torch_device="auto")
    a, b = convert(net, cfg, seed=1), convert(net, cfg, seed=1)
    x = torch.rand(32, 64, device="cuda")
    with torch.no_grad():
        ya, yb = a(x), b(x)
    assert ya.device.type == "cuda" and torch.equal(ya, yb) and torch.isfinite(ya).all()
    res = evaluate(net, cfg, "digits", t_inference=3600.0, seed=0)
    assert 0.0 <= res.accuracy <= 1.0 and np.isfinite(res.output_rmse)
