"""Weight change -> pulses (devices.weight_updates): formulas, numpy == torch, rounding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.devices import (
    PulseDevice,
    get_device,
    nominal_pulse_count,
    nominal_pulse_steps,
    pair_weight_change_to_pulses,
    round_pulses,
    weight_change_to_pulses,
)

torch = pytest.importorskip("torch")

DEV = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=100, states_ltd=50,
                  nonlinearity_ltp=2.0, nonlinearity_ltd=-3.0)


def test_steps_and_counts_follow_the_device_states():
    step_ltp, step_ltd = nominal_pulse_steps(DEV)
    assert step_ltp == pytest.approx(9e-8) and step_ltd == pytest.approx(1.8e-7)
    n = nominal_pulse_count(np.array([9e-7, -9e-7, 0.0]), DEV)
    np.testing.assert_allclose(n, [10.0, -5.0, 0.0])


def test_single_device_uses_ltp_states_up_and_ltd_states_down():
    dw = np.array([0.1, -0.1, 0.004, -0.004, 0.0])
    assert weight_change_to_pulses(dw, DEV, w_max=1.0).tolist() == [10, -5, 0, 0, 0]
    # w_max scales the full range: the same dw is half the conductance change
    assert weight_change_to_pulses(dw, DEV, w_max=2.0).tolist() == [5, -2, 0, 0, 0]


def test_pair_splits_the_change_and_swaps_roles_with_the_sign():
    dev = DEV.with_params(states_ltd=100)
    n_plus, n_minus = pair_weight_change_to_pulses(np.array([0.2, -0.2, 0.0]), dev, w_max=1.0)
    assert n_plus.tolist() == [10, -10, 0] and n_minus.tolist() == [-10, 10, 0]
    n_plus, n_minus = pair_weight_change_to_pulses(np.array([0.2, -0.2]), DEV, w_max=1.0)
    assert n_plus.tolist() == [10, -5] and n_minus.tolist() == [-5, 10]


def test_nearest_rounds_half_to_even_like_neurosim_code():
    assert round_pulses(np.array([0.5, 1.5, 2.5, -0.5, -1.5, 0.49])).tolist() == \
        [0, 2, 2, 0, -2, 0]
    t = round_pulses(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 0.49], dtype=torch.float64))
    assert t.dtype == torch.int64 and t.tolist() == [0, 2, 2, 0, -2, 0]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), scale=st.floats(1e-3, 1.0),
       name=st.sampled_from(["Ag:a-Si", "PCMO", "AlOx/HfO2", "EpiRAM Ag:SiGe"]))
def test_numpy_and_torch_give_identical_pulse_counts(seed, scale, name):
    dev = get_device(name)
    dw = np.random.default_rng(seed).normal(0.0, scale, (17, 13))
    dw[0, :4] = [0.0, 0.5 / dev.states_ltp, -0.5 / dev.states_ltd, 1.5 / dev.states_ltp]
    tw = torch.from_numpy(dw)
    n_np = weight_change_to_pulses(dw, dev, w_max=0.7)
    n_t = weight_change_to_pulses(tw, dev, w_max=0.7)
    assert isinstance(n_t, torch.Tensor) and n_t.dtype == torch.int64
    np.testing.assert_array_equal(n_np, n_t.numpy())
    for a, b in zip(pair_weight_change_to_pulses(dw, dev, w_max=0.7),
                    pair_weight_change_to_pulses(tw, dev, w_max=0.7), strict=True):
        assert a.dtype == np.int64
        np.testing.assert_array_equal(a, b.numpy())


def test_pair_counts_match_the_torch_formula_of_in_situ_training():
    """The formula crossbar training used inline before it moved here."""
    dw = torch.from_numpy(np.random.default_rng(1).normal(0.0, 0.05, 5000))
    span = DEV.g_max - DEV.g_min
    dg = dw * span / (2 * 1.0)
    n_up = torch.round(dg.abs() / (span / DEV.states_ltp))
    n_dn = torch.round(dg.abs() / (span / DEV.states_ltd))
    n_plus, n_minus = pair_weight_change_to_pulses(dw, DEV, w_max=1.0)
    assert torch.equal(n_plus, torch.where(dg > 0, n_up, -n_dn).long())
    assert torch.equal(n_minus, torch.where(dg > 0, -n_dn, n_up).long())


@pytest.mark.parametrize("backend", ["numpy", "torch"])
def test_stochastic_rounding_is_unbiased(backend):
    n = np.linspace(-3.0, 3.0, 13)
    reps = 20_000
    x = np.repeat(n[None, :], reps, axis=0)
    if backend == "numpy":
        counts = round_pulses(x, "stochastic", np.random.default_rng(2))
    else:
        gen = torch.Generator().manual_seed(2)
        counts = round_pulses(torch.from_numpy(x), "stochastic", gen).numpy()
    assert counts.dtype == np.int64
    assert np.all(counts - np.floor(x) >= 0) and np.all(counts - np.floor(x) <= 1)
    np.testing.assert_allclose(counts.mean(axis=0), n, atol=4 * 0.5 / np.sqrt(reps))


def test_stochastic_rounding_draws_from_the_given_generator():
    x = np.full(1000, 0.3)
    a = weight_change_to_pulses(x, DEV, w_max=1.0, rounding="stochastic",
                                rng=np.random.default_rng(3))
    b = weight_change_to_pulses(x, DEV, w_max=1.0, rounding="stochastic",
                                rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


def test_unknown_rounding_raises():
    with pytest.raises(ValueError, match="rounding"):
        round_pulses(np.ones(3), "up")


@pytest.mark.parametrize("w_max", [0.0, -1.0, float("inf")])
def test_bad_w_max_raises(w_max):
    with pytest.raises(ValueError, match="w_max"):
        weight_change_to_pulses(np.ones(3), DEV, w_max=w_max)
    with pytest.raises(ValueError, match="w_max"):
        pair_weight_change_to_pulses(np.ones(3), DEV, w_max=w_max)


def test_neurosim_pulse_count_matches_the_hand_computed_count():
    """NeuroSim V3.0 RealDevice::Write: n = truncate(dw/(w_max - w_min), P) * P with
    truncate rounding |x| P half away from zero.  HZO FeFET (32/32 states), weights in
    (-1, 1), so one pulse is worth 2/32 = 0.0625 of weight:
      dw = +0.2    -> 0.2/2*32 = 3.2   -> 3
      dw = -0.09375 -> -1.5 (an exact half) -> -2 (NeuroSim), -2 (half to even too)
      dw = +0.03125 -> 0.5 (an exact half)  -> 1 (NeuroSim), 0 with half-to-even
      dw = -0.03   -> -0.48 -> 0
    GST PCM (100 LTP / 120 LTD states): dw = -0.1 -> -0.05*120 = -6; +0.1 -> +5."""
    from neuroexplore.devices import get_device, neurosim_weight_change_to_pulses

    fefet = get_device("HZO FeFET")
    dw = np.array([0.2, -0.09375, 0.03125, -0.03])
    assert neurosim_weight_change_to_pulses(dw, fefet).tolist() == [3, -2, 1, 0]
    assert neurosim_weight_change_to_pulses(dw, fefet, rounding="nearest").tolist() == [
        3, -2, 0, 0]
    gst = get_device("GST PCM")
    assert neurosim_weight_change_to_pulses(np.array([-0.1, 0.1]), gst).tolist() == [-6, 5]
    # torch gives the same counts
    import torch

    assert neurosim_weight_change_to_pulses(torch.tensor(dw), fefet).tolist() == [3, -2, 1, 0]
    with pytest.raises(ValueError, match="w_min"):
        neurosim_weight_change_to_pulses(dw, fefet, w_min=1.0, w_max=1.0)
