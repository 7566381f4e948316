"""torch pulse update vs the numpy PulseDevice.apply_pulses of the device engine."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from neuroexplore.crossbar.device_model import apply_pulses_torch, make_generator
from neuroexplore.devices import get_device, presets


@pytest.mark.parametrize("name", presets())
@pytest.mark.parametrize("model", ["neurosim", "soft_bounds", "linear"])
def test_torch_update_equals_numpy_apply_pulses(name, model):
    dev = get_device(name).with_params(model=model)
    rng = np.random.default_rng(0)
    g = rng.uniform(dev.g_min, dev.g_max, 2000)
    g[:20], g[20:40] = dev.g_min, dev.g_max  # saturation at both bounds
    n = rng.integers(-2 * dev.states_ltd, 2 * dev.states_ltp, 2000)
    n[40:60] = 0
    ref = dev.apply_pulses(g, n)  # noiseless (rng=None)
    got = apply_pulses_torch(torch.tensor(g, dtype=torch.float64), torch.tensor(n), dev).numpy()
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12 * (dev.g_max - dev.g_min))


@pytest.mark.parametrize("name", ["Ag:a-Si", "AlOx/HfO2"])
def test_torch_c2c_noise_statistics_match_numpy(name):
    """Same mean and std of the conductance after n noisy pulses (20000 devices)."""
    dev = get_device(name)
    size, span = 20000, dev.g_max - dev.g_min
    g0 = np.full(size, dev.g_min + 0.4 * span)
    for n_p in (3, -5):
        ref = dev.apply_pulses(g0, np.full(size, n_p), rng=1)
        got = apply_pulses_torch(
            torch.tensor(g0, dtype=torch.float64), torch.full((size,), n_p), dev,
            generator=make_generator(2, torch.device("cpu")),
        ).numpy()
        se = ref.std() / np.sqrt(size)
        assert abs(got.mean() - ref.mean()) < 5 * np.sqrt(2) * se
        assert abs(got.std() / ref.std() - 1) < 0.05
        # and the std is the per-pulse c2c law sqrt(|n|) * c2c * span (no clipping here)
        assert abs(got.std() / (dev.c2c_sigma * span * np.sqrt(abs(n_p))) - 1) < 0.05
