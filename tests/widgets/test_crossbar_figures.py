"""Chapter 4 figure helpers draw exactly the engine's data (no computation of their own)."""

from __future__ import annotations

import numpy as np

from neuroexplore.crossbar import conv_mapping
from neuroexplore.crossbar.studies import DeviceAccuracy
from neuroexplore.widgets import crossbar_figures as cf


def test_im2col_figure_draws_the_mapping():
    rng = np.random.default_rng(0)
    m = conv_mapping(rng.random((8, 8)), rng.normal(size=(4, 1, 3, 3)), padding=1)
    fig = cf.im2col_figure(m, read=19)
    image, patches, kernels, outputs = (np.asarray(t.z) for t in fig.data)
    np.testing.assert_array_equal(image, m.image[0])
    np.testing.assert_array_equal(patches, m.patches)
    np.testing.assert_array_equal(kernels, m.kernel_matrix)
    np.testing.assert_array_equal(outputs, m.output)
    box = fig.layout.shapes[0]  # the patch of read 19 starts at row 1, column 2
    assert (box.x0 + 0.5, box.y0 + 0.5, box.x1 - box.x0, box.y1 - box.y0) == (2, 1, 3, 3)
    assert fig.layout.shapes[1].y0 == 18.5  # row 19 of P outlined


def test_device_accuracy_figure_bars_are_the_means():
    res = DeviceAccuracy(("ideal", "PCMO"), np.array([[0.9, 0.9], [0.7, 0.8]]),
                         np.zeros((2, 2)), 0.9)
    fig = cf.device_accuracy_figure({"CNN": res})
    np.testing.assert_allclose(fig.data[0].y, [90.0, 75.0])
    np.testing.assert_allclose(fig.data[0].error_y.array, [0.0, 5.0])
    np.testing.assert_allclose(fig.data[1].y, [90.0, 90.0])
