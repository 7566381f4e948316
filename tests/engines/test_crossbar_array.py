"""CrossbarArray: Ohm/Kirchhoff read-out, mapping, tiling, quantisation, faults, drift."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.crossbar import CrossbarArray, CrossbarConfig, config_parameters
from neuroexplore.crossbar.converters import lsb, quantize
from neuroexplore.devices import PulseDevice, get_device
from neuroexplore.params import ChoiceSpec

CPU = dict(torch_device="cpu")


def _wx(out=37, inp=53, batch=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(out, inp)), rng.normal(size=(batch, inp))


# ------------------------------------------------------------------ ideal read-out
@pytest.mark.parametrize("mapping", ["differential", "offset"])
@pytest.mark.parametrize("accumulation", ["digital", "analog"])
@pytest.mark.parametrize("tiles", [(128, 128), (8, 5), (7, 64)])
def test_ideal_crossbar_equals_matrix_product(mapping, accumulation, tiles):
    W, x = _wx()
    cfg = CrossbarConfig(mapping=mapping, accumulation=accumulation, tile_rows=tiles[0],
                         tile_cols=tiles[1], **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    y = arr.matmul(x)
    ref = x @ W.T
    np.testing.assert_allclose(y, ref, rtol=0, atol=2e-5 * np.abs(ref).max())
    # 1-D input gives the matrix-vector product W @ x
    np.testing.assert_allclose(arr.matmul(x[0]), W @ x[0], atol=2e-5 * np.abs(ref).max())


@pytest.mark.parametrize("mapping", ["differential", "offset"])
def test_mvm_is_ohm_and_kirchhoff(mapping):
    """Column currents equal sum_i G_ij V_i of the programmed conductances (in amperes)."""
    W, x = _wx(out=9, inp=12, batch=3)
    cfg = CrossbarConfig(pulse_device="PCMO", mapping=mapping, tile_rows=5, v_read=0.3, **CPU)
    arr = CrossbarArray.from_weights(W, None, cfg, seed=3)
    g = {k: v.double().numpy() for k, v in arr.conductances().items()}
    v = 0.3 * x / np.abs(x).max(axis=1, keepdims=True)  # abs-max input scaling
    if mapping == "differential":
        ref = v @ g["pos"] - v @ g["neg"]
    else:  # one reference column per tile (all columns in one tile here)
        ref = v @ g["main"] - v @ g["ref"]
    np.testing.assert_allclose(arr.mvm(x), ref, rtol=1e-5, atol=1e-12)


def test_torch_in_torch_out_and_shapes():
    W, x = _wx(out=4, inp=6)
    arr = CrossbarArray.from_weights(W, "ideal", CrossbarConfig(**CPU), seed=0)
    out = arr.matmul(torch.as_tensor(x, dtype=torch.float32))
    assert isinstance(out, torch.Tensor) and out.shape == (6, 4)
    assert arr.tiles == (1, 1)
    with pytest.raises(ValueError, match="x must have shape"):
        arr.matmul(np.ones(5))
    with pytest.raises(ValueError, match="NaN"):
        CrossbarArray.from_weights(np.array([[np.nan]]), "ideal", CrossbarConfig(**CPU))


# -------------------------------------------------------------------- quantisation
@pytest.mark.parametrize("states", [4, 16, 100])
@pytest.mark.parametrize("mapping", ["differential", "offset"])
def test_quantisation_error_at_most_half_a_step(states, mapping):
    dev = PulseDevice(name="lin", model="linear", states_ltp=states, states_ltd=states)
    rng = np.random.default_rng(1)
    W = rng.uniform(-1, 1, size=(30, 40))
    W[0, 0] = 1.0  # w_max = 1
    arr = CrossbarArray.from_weights(W, dev, CrossbarConfig(mapping=mapping, **CPU), seed=0)
    err = np.abs(arr.effective_weights().double().numpy() - W)
    # one level step of the device, in weight units: dG/states * (w per siemens)
    step = (dev.g_max - dev.g_min) / states * arr.weight_per_siemens
    assert err.max() <= 0.5 * step * (1 + 1e-4)
    assert err.max() > 0.3 * step  # the bound is tight, not vacuous


def test_nearest_reachable_level_on_nonlinear_curve():
    """Programmed conductances are the device's own levels G(k), the nearest to the target."""
    dev = get_device("Ag:a-Si")
    levels = dev.potentiation_curve(np.arange(dev.states_ltp + 1))  # numpy reference curve
    W = np.linspace(0, 1, 301)[None, :]
    arr = CrossbarArray.from_weights(W, dev, CrossbarConfig(c2c_scale=0.0, **CPU), seed=0)
    g = arr.conductances()["pos"].double().numpy().ravel()
    target = dev.g_min + (dev.g_max - dev.g_min) * W.ravel()
    dist = np.abs(g[:, None] - levels[None, :])
    assert dist.min(axis=1).max() < 1e-6 * dev.g_max  # on a level (float32 storage)
    best = np.abs(target[:, None] - levels[None, :]).min(axis=1)
    np.testing.assert_allclose(np.abs(g - target), best, atol=1e-6 * dev.g_max)
    # the nonlinear curve leaves big gaps near g_max: worst error = half the largest gap
    assert np.abs(g - target).max() <= 0.5 * np.diff(levels).max() * (1 + 1e-4)


def test_write_verify_fixes_open_loop_nonlinearity_error():
    dev = get_device("PCMO")
    W = np.random.default_rng(2).uniform(-1, 1, size=(40, 50))
    base = dict(programming="linear", c2c_scale=1.0, **CPU)
    open_loop = CrossbarArray.from_weights(W, dev, CrossbarConfig(**base), seed=0)
    verified = CrossbarArray.from_weights(
        W, dev, CrossbarConfig(write_verify=20, write_verify_tol=0.02, **base), seed=0
    )
    e_open = np.abs(open_loop.effective_weights().numpy() - W)
    e_ver = np.abs(verified.effective_weights().numpy() - W)
    assert e_ver.mean() < 0.5 * e_open.mean()
    # tolerance 0.02 dG per device -> 0.04 w_max per pair; most pairs meet it
    w_max = np.abs(W).max()
    assert np.mean(e_ver <= 0.04 * w_max + 1e-6) > 0.9


# ----------------------------------------------------------------- DAC and ADC
@settings(max_examples=50, deadline=None)
@given(
    x=st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=20),
    bits=st.integers(2, 12),
    fs=st.floats(0.1, 5.0),
)
def test_converter_error_half_lsb_and_clipping(x, bits, fs):
    xt = torch.tensor(x, dtype=torch.float64)
    q = quantize(xt, bits=bits, full_scale=fs).numpy()
    x = np.asarray(x)
    inside = np.abs(x) <= fs
    assert np.all(np.abs(q[inside] - x[inside]) <= lsb(bits, fs) / 2 * (1 + 1e-9))
    np.testing.assert_allclose(q[~inside], np.sign(x[~inside]) * fs)
    assert np.all(np.abs(q) <= fs * (1 + 1e-12))


@pytest.mark.parametrize("accumulation", ["digital", "analog"])
def test_adc_in_array_half_lsb_and_saturation(accumulation):
    W, x = _wx(out=10, inp=30, batch=8)
    ideal = CrossbarArray.from_weights(W, "ideal", CrossbarConfig(tile_rows=10, **CPU), seed=0)
    exact = ideal.mvm(x)  # float ADC
    adc_range = 2.0 if accumulation == "analog" else 0.7
    cfg = CrossbarConfig(adc_bits=6, adc_range=adc_range, adc_calibration="fixed", tile_rows=10,
                         accumulation=accumulation, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    i_fs = adc_range * (arr.device.g_max - arr.device.g_min) * cfg.v_read
    step = lsb(6, i_fs)
    got = arr.mvm(x)
    if accumulation == "analog":  # one ADC after summing the three row tiles
        inside = np.abs(exact) <= i_fs
        assert np.all(np.abs(got - exact)[inside] <= step / 2 * 1.001)
        np.testing.assert_allclose(got[~inside], np.sign(exact[~inside]) * i_fs, rtol=1e-5)
        assert (~inside).any() and inside.any()
    else:  # one ADC per tile of 10 rows: half an LSB each (3 tiles), or saturated
        g = {k: v.double().numpy() for k, v in arr.conductances().items()}
        v = cfg.v_read * x / np.abs(x).max(axis=1, keepdims=True)
        dg = g["pos"] - g["neg"]
        parts = [v[:, k : k + 10] @ dg[k : k + 10] for k in range(0, 30, 10)]
        expect = sum(np.clip(p, -i_fs, i_fs) for p in parts)
        assert np.all(np.abs(got - expect) <= 3 * step / 2 * 1.001)
        assert any((np.abs(p) > i_fs).any() for p in parts)  # saturation was exercised


def test_dac_quantisation_and_clipping_in_array():
    W = np.eye(4)
    cfg = CrossbarConfig(dac_bits=4, dac_range=1.0, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
    x = np.array([0.33, -0.71, 2.5, -9.0])
    y = arr.matmul(x)
    step = lsb(4, 1.0)
    assert np.all(np.abs(y[:2] - x[:2]) <= step / 2 + 1e-6)
    np.testing.assert_allclose(y[2:], [1.0, -1.0], atol=1e-6)  # clipped at the DAC range


# ----------------------------------------------------------------------- faults
@pytest.mark.parametrize("on_rate,off_rate", [(0.05, 0.0), (0.02, 0.1), (0.2, 0.3)])
def test_stuck_fault_fraction_matches_rate(on_rate, off_rate):
    W = np.zeros((100, 200))  # offset mapping: every healthy cell sits at mid-range
    cfg = CrossbarConfig(mapping="offset", stuck_on_rate=on_rate, stuck_off_rate=off_rate,
                         **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=4)
    g = arr.conductances()["main"].double().numpy()
    n = g.size
    for rate, level in ((on_rate, arr.device.g_max), (off_rate, arr.device.g_min)):
        frac = np.mean(np.isclose(g, level, rtol=1e-6))
        half_width = 4 * math.sqrt(max(rate * (1 - rate), 1e-12) / n)  # ~4-sigma binomial CI
        assert abs(frac - rate) <= half_width + 1e-12


# ------------------------------------------------------------------------ drift
def _expected_drift_ratio(x: float, t: float) -> float:
    """E[(t/t0)^-nu] for nu ~ N(mu, sd) (lognormal mean), stats from the Joshi formulas
    at the relative conductance ``x = g / g_max``."""
    mu = min(max(-0.0155 * math.log(x) + 0.0244, 0.049), 0.1)
    sd = min(max(-0.0125 * math.log(x) - 0.0059, 0.008), 0.045)
    L = math.log(t / 20.0)
    return math.exp(-mu * L + 0.5 * (sd * L) ** 2)


def test_drift_follows_joshi_statistics():
    dev = PulseDevice(name="pcm", model="linear", g_min=1e-9, g_max=25e-6, states_ltp=1000)
    W = np.full((60, 80), 0.4)
    W[0, 0] = 1.0
    cfg = CrossbarConfig(drift=True, c2c_scale=0.0, programming="exact", **CPU)
    arr = CrossbarArray.from_weights(W, dev, cfg, seed=5)
    g0 = arr.conductances(t=0.0)["pos"].double().numpy()
    g1 = arr.conductances(t=86400.0)["pos"].double().numpy()
    ratio = (g1 / g0)[g0 > 5e-6]  # the 10 uS cells
    assert abs(ratio.mean() / _expected_drift_ratio(0.4, 86400.0) - 1) < 0.01  # x = 10/25


@pytest.mark.parametrize("mapping", ["differential", "offset"])
def test_drift_compensation_restores_mean_output_at_one_day(mapping):
    W, x = _wx(out=40, inp=64, batch=200, seed=6)
    x = np.abs(x)
    day = 86400.0
    outs = {}
    for comp in (False, True):
        cfg = CrossbarConfig(drift=True, drift_compensation=comp, mapping=mapping, **CPU)
        arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=7)
        outs[comp] = (np.abs(arr.matmul(x, t=0.0)).mean(), np.abs(arr.matmul(x, t=day)).mean())
    ref, drifted = outs[False]
    assert drifted < 0.85 * ref  # drift alone loses > 15 % of the signal after a day
    _, compensated = outs[True]
    assert abs(compensated / ref - 1) < 0.03  # stated tolerance: 3 %


def test_read_noise_is_per_read_and_seeded():
    W, x = _wx(out=5, inp=8, batch=2)
    cfg = CrossbarConfig(read_noise=0.02, **CPU)
    a = CrossbarArray.from_weights(W, "ideal", cfg, seed=1)
    b = CrossbarArray.from_weights(W, "ideal", cfg, seed=1)
    y1, y2 = a.matmul(x), a.matmul(x)
    assert not np.allclose(y1, y2)  # fresh noise on each read
    np.testing.assert_array_equal(b.matmul(x), y1)  # same seed, same sequence
    np.testing.assert_array_equal(a.matmul(x, seed=9), b.matmul(x, seed=9))


def test_read_noise_std_matches_analytic():
    """Output std = read_noise dG sqrt(sum_i V_i^2 * 2) (two rails per pair)."""
    W = np.random.default_rng(3).uniform(-1, 1, size=(3, 50))
    x = np.ones(50)
    cfg = CrossbarConfig(read_noise=0.01, v_read=0.2, **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=2)
    xs = np.tile(x, (4000, 1))
    i = arr.mvm(xs)
    span = arr.device.g_max - arr.device.g_min
    expected = 0.01 * span * 0.2 * math.sqrt(2 * 50)
    np.testing.assert_allclose(i.std(axis=0), expected, rtol=0.06)


# ------------------------------------------------------------------- validation
def test_config_errors_name_the_field():
    with pytest.raises(ValueError, match="stuck_on_rate"):
        CrossbarConfig(stuck_on_rate=0.9)
    with pytest.raises(ValueError, match="adc_bits"):
        CrossbarConfig(adc_bits=1)
    with pytest.raises(ValueError, match="mapping"):
        CrossbarConfig(mapping="diagonal")
    with pytest.raises(ValueError, match="torch_device"):
        CrossbarConfig(torch_device="PCMO")
    with pytest.raises(ValueError, match="unknown device preset"):
        CrossbarArray.from_weights(np.eye(2), "no-such-device", CrossbarConfig(**CPU))


def _config_strategy():
    parts = {}
    for spec in config_parameters():
        if isinstance(spec, ChoiceSpec):
            parts[spec.name] = st.sampled_from(spec.choices)
        elif spec.integer:
            parts[spec.name] = st.integers(int(spec.low), int(spec.high))
        elif spec.name in ("stuck_on_rate", "stuck_off_rate"):
            parts[spec.name] = st.floats(0.0, 0.5)
        else:
            parts[spec.name] = st.floats(spec.low, spec.high)
    parts.pop("r_wire")  # IR drop has its own tests (test_crossbar_ir_drop*)
    for name in ("states", "dac_bits", "adc_bits"):
        parts[name] = parts[name].filter(lambda v: v != 1)
    return st.fixed_dictionaries(parts)


@settings(max_examples=40, deadline=None)
@given(params=_config_strategy(), device=st.sampled_from(["ideal", "PCMO", "GST PCM",
                                                          "HZO FeFET"]),
       seed=st.integers(0, 2**31 - 1))
def test_conductances_in_bounds_and_outputs_finite(params, device, seed):
    cfg = CrossbarConfig(pulse_device=device, **params, **CPU)
    W, x = _wx(out=6, inp=11, batch=3, seed=seed % 1000)
    arr = CrossbarArray.from_weights(W, None, cfg, seed=seed)
    lo, hi = arr.device.g_min, arr.device.g_max
    for t in (0.0, cfg.t_inference):
        for g in arr.conductances(t=t).values():
            g = g.double().numpy()
            assert np.all(g >= lo * (1 - 1e-6)) and np.all(g <= hi * (1 + 1e-6))
    assert np.all(np.isfinite(arr.mvm(x)))
    assert np.all(np.isfinite(arr.matmul(x)))


# ---------------------------------------------------------------------- IR drop
def test_ir_drop_hook_matches_nodal_solver_and_vanishes_with_r_wire():
    from neuroexplore.crossbar import ir_drop

    rng = np.random.default_rng(0)
    W, x = np.abs(rng.normal(size=(12, 24))), np.abs(rng.normal(size=(3, 24)))
    ref_ideal = x @ W.T
    outs = []
    for r in (1e-4, 2.0, 20.0):
        cfg = CrossbarConfig(r_wire=r, **CPU)
        arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=0)
        outs.append(arr.matmul(x))
        if r == 2.0:  # the fast model against the full nodal analysis, per rail
            g = {k: v.double().numpy() for k, v in arr.conductances().items()}
            v = cfg.v_read * x / np.abs(x).max(axis=1, keepdims=True)
            exact = np.array([ir_drop(g["pos"], vi, r).i_out - ir_drop(g["neg"], vi, r).i_out
                              for vi in v])
            np.testing.assert_allclose(arr.mvm(x), exact, rtol=1e-2)
    np.testing.assert_allclose(outs[0], ref_ideal, rtol=1e-3)
    assert np.all(outs[2] < outs[1]) and np.all(outs[1] < ref_ideal)  # IR drop loses current
