"""A convolutional network on the crossbar: im2col against torch, the digits CNN on devices.

Independent references: ``torch.nn.functional.conv2d`` (and ``unfold``) for the im2col
lowering, and the float CNN's own logits for the ideal crossbar (continuous, linear,
noiseless device, ideal converters and wires).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.nn import functional as F

from neuroexplore.crossbar import (
    AnalogConv2d,
    CrossbarConfig,
    conv_mapping,
    conv_output_size,
    convert,
    device_accuracy,
    digits_cnn,
    digits_cnn_module,
    im2col,
)
from neuroexplore.datasets import load_digits
from neuroexplore.threads import limit_threads


@pytest.fixture(scope="module")
def cnn():
    with limit_threads(1):
        yield digits_cnn()


@pytest.fixture(scope="module")
def test_images():
    ds = load_digits()
    return torch.as_tensor(ds.x_test).reshape(-1, 1, 8, 8), ds.y_test


# ------------------------------------------------------------------ im2col
@settings(max_examples=40, deadline=None)
@given(c_in=st.integers(1, 3), c_out=st.integers(1, 4), h=st.integers(3, 9),
       w=st.integers(3, 9), kh=st.integers(1, 3), kw=st.integers(1, 3),
       stride=st.integers(1, 3), padding=st.integers(0, 2), seed=st.integers(0, 10**6))
def test_im2col_product_equals_torch_conv2d(c_in, c_out, h, w, kh, kw, stride, padding, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(c_in, h, w))
    weight = rng.normal(size=(c_out, c_in, kh, kw))
    bias = rng.normal(size=c_out)
    m = conv_mapping(x, weight, bias, stride=stride, padding=padding)
    ref = F.conv2d(torch.as_tensor(x)[None], torch.as_tensor(weight), torch.as_tensor(bias),
                   stride=stride, padding=padding)[0].numpy()
    assert m.feature_maps().shape == ref.shape
    np.testing.assert_allclose(m.feature_maps(), ref, rtol=1e-12, atol=1e-12)
    # The im2col matrix is torch's unfold, transposed: one patch per row.
    cols = F.unfold(torch.as_tensor(x)[None], (kh, kw), stride=stride, padding=padding)[0]
    np.testing.assert_array_equal(im2col(x, (kh, kw), stride=stride, padding=padding),
                                  cols.T.numpy())
    # Each output channel is one column of the kernel matrix (one array column).
    for o in range(c_out):
        np.testing.assert_array_equal(m.kernel_matrix[:, o], weight[o].ravel())


def test_patch_origin_and_output_size():
    x = np.arange(64.0).reshape(8, 8)
    m = conv_mapping(x, np.ones((2, 1, 3, 3)), padding=1)
    assert m.out_shape == (8, 8) and m.patches.shape == (64, 9)
    assert m.patch_origin(0) == (-1, -1) and m.patch_origin(19) == (1, 2)
    # read 19's patch is the 3x3 block at rows 1-3, columns 2-4 of the image
    np.testing.assert_array_equal(m.patches[19], x[1:4, 2:5].ravel())
    assert conv_output_size(8, 3, stride=2) == 3
    with pytest.raises(ValueError, match="read"):
        m.patch_origin(64)


def test_im2col_bad_input():
    with pytest.raises(ValueError, match="kernel_size"):
        im2col(np.zeros((4, 4)), 5)
    with pytest.raises(ValueError, match="stride"):
        im2col(np.zeros((4, 4)), 2, stride=0)
    with pytest.raises(ValueError, match="padding"):
        im2col(np.zeros((4, 4)), 2, padding=-1)
    with pytest.raises(ValueError, match="image"):
        im2col(np.zeros(4), 2)
    with pytest.raises(ValueError, match="NaN"):
        im2col(np.full((4, 4), np.nan), 2)
    with pytest.raises(ValueError, match="weight"):
        conv_mapping(np.zeros((2, 4, 4)), np.zeros((3, 1, 2, 2)))
    with pytest.raises(ValueError, match="bias"):
        conv_mapping(np.zeros((4, 4)), np.zeros((3, 1, 2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="channels"):
        digits_cnn_module(0)


# ------------------------------------------------------------ digits CNN
def test_ideal_crossbar_reproduces_the_float_cnn_logits(cnn, test_images):
    x, y = test_images
    cfg = CrossbarConfig(torch_device="cpu", pulse_device="ideal", programming="exact")
    analog = convert(cnn, cfg, seed=0)
    assert isinstance(analog[0], AnalogConv2d)
    with torch.no_grad(), limit_threads(1):
        ref = cnn(x)
        out = analog(x)
    scale = float(ref.abs().max())
    torch.testing.assert_close(out, ref, atol=1e-5 * scale, rtol=0)
    assert torch.equal(out.argmax(1), ref.argmax(1))
    # The first layer's crossbar reads equal the im2col product of the same image.
    conv = cnn[0]
    m = conv_mapping(x[0, 0].numpy(), conv.weight.detach().numpy(),
                     conv.bias.detach().numpy(), padding=1)
    with torch.no_grad():
        fmap = analog[0](x[:1])[0].numpy()
    np.testing.assert_allclose(fmap, m.feature_maps(), atol=1e-5 * np.abs(fmap).max())
    # and the trained CNN classifies the held-out digits well
    assert float((ref.argmax(1).numpy() == y).mean()) > 0.95


def test_device_accuracy_beside_float(cnn):
    res = device_accuracy(cnn, ("ideal", "TaOx/HfOx"), repeats=2, seed=0)
    assert res.devices == ("ideal", "TaOx/HfOx")
    assert res.accuracy.shape == (2, 2) and not res.cancelled
    np.testing.assert_array_equal(res.accuracy[0], res.accuracy_float)  # ideal = float
    assert np.all(res.output_rel_rmse[0] < 1e-5)
    # TaOx/HfOx: 3.7 % cycle-to-cycle write noise per pulse -> large logit error
    assert np.all(res.output_rel_rmse[1] > 0.1)
    assert res.mean()[1] < res.accuracy_float
    stopped = device_accuracy(cnn, ("ideal", "PCMO"), callback=lambda *_: False)
    assert stopped.cancelled and np.isnan(stopped.accuracy[1]).all()
    with pytest.raises(ValueError, match="devices"):
        device_accuracy(cnn, ())
    with pytest.raises(ValueError, match="repeats"):
        device_accuracy(cnn, ("ideal",), repeats=0)
