"""Cached crossbar read-out (read_plan): per-output noise statistics, converters, caching.

The fast read draws one Gaussian per output and ADC group with variance
``sum_i V_i^2 s_ij^2`` instead of a noise value per cell.  These tests check that
claim against an independent Monte-Carlo simulation that does draw per-cell noise
(numpy, per-cell std from the Joshi et al. 2020 formula in
``/work/shared/reference/pcm_inference_model.md``), and check the noise-free read
against a numpy tile-by-tile reference with DAC and per-tile ADC.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy import integrate, stats

from neuroexplore.crossbar import AnalogLinear, CrossbarArray, CrossbarConfig
from neuroexplore.devices import PulseDevice

CPU = dict(device="cpu")
# a linear device on the PCM scale (g_max = 25 uS), so g_uS = G * 1e6 in Joshi's formulas
PCM_LIKE = PulseDevice(name="pcm-like", model="linear", g_min=1e-9, g_max=25e-6,
                       states_ltp=1000, states_ltd=1000)


def _joshi_read_std_rel(g_us: np.ndarray, t: float) -> np.ndarray:
    """Relative 1/f read-noise std (reference file): Q(g) sqrt(ln((t + t_r)/(2 t_r)))."""
    t_read = 250e-9
    t = max(t, 20.0)  # the model is calibrated from t0 = 20 s on
    with np.errstate(divide="ignore"):
        q = np.minimum(0.0088 / g_us**0.65, 0.2)
    return q * math.sqrt(math.log((t + t_read) / (2 * t_read)))


def _adc_np(i: np.ndarray, bits: int, i_fs: float) -> np.ndarray:
    step = i_fs / (2 ** (bits - 1) - 1)
    return np.round(np.clip(i, -i_fs, i_fs) / step) * step


@pytest.mark.parametrize("pcm_noise", [True, False])
@pytest.mark.parametrize("adc_bits", [0, 8])
def test_per_output_noise_matches_per_cell_monte_carlo(pcm_noise, adc_bits):
    """Mean, variance and distribution of every output equal those of per-cell noise."""
    rng = np.random.default_rng(11)
    n_out, n_in, reads, t = 5, 40, 6000, 3600.0
    W = rng.uniform(-1, 1, size=(n_out, n_in))
    x = rng.uniform(0, 1, size=n_in)
    read_noise = 0.0 if pcm_noise else 0.01
    cfg = CrossbarConfig(pcm_noise=pcm_noise, read_noise=read_noise, programming="exact",
                         c2c_scale=0.0, t_inference=t, tile_rows=16, adc_bits=adc_bits,
                         adc_range=3.0, accumulation="digital", **CPU)
    arr = CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=3)
    fast = arr.mvm(np.tile(x, (reads, 1)))  # one fresh read per row

    # independent per-cell simulation on the noise-free conductances at t
    g = {k: v.double().numpy() for k, v in arr.conductances(t=t).items()}
    span = PCM_LIKE.g_max - PCM_LIKE.g_min
    v = cfg.v_read * x / np.abs(x).max()
    i_fs = cfg.adc_range * span * cfg.v_read
    sd = {}
    for rail in ("pos", "neg"):
        var = np.full_like(g[rail], (read_noise * span) ** 2)
        if pcm_noise:
            var += (_joshi_read_std_rel(g[rail] * 1e6, t) * g[rail]) ** 2
        sd[rail] = np.sqrt(var)
    mc = np.zeros((reads, n_out))
    analytic_var = np.zeros(n_out)
    for r0 in range(0, n_in, cfg.tile_rows):  # per row tile, ADC'd, summed digitally
        sl = slice(r0, r0 + cfg.tile_rows)
        noisy = {k: g[k][sl] + sd[k][sl] * rng.standard_normal((reads, *g[k][sl].shape))
                 for k in ("pos", "neg")}
        part = np.einsum("i,rij->rj", v[sl], noisy["pos"] - noisy["neg"])
        analytic_var += (v[sl] ** 2) @ (sd["pos"][sl] ** 2 + sd["neg"][sl] ** 2)
        mc += _adc_np(part, adc_bits, i_fs) if adc_bits else part

    se_mean = np.sqrt(analytic_var / reads)
    np.testing.assert_array_less(np.abs(fast.mean(0) - mc.mean(0)), 6 * se_mean)
    rel_se_var = math.sqrt(2 / reads)  # relative standard error of a Gaussian variance
    ratio = fast.var(0) / mc.var(0)
    assert np.all(np.abs(ratio - 1) < 6 * math.sqrt(2) * rel_se_var), ratio
    if not adc_bits:  # the fast read against the closed-form variance itself
        assert np.all(np.abs(fast.var(0) / analytic_var - 1) < 6 * rel_se_var)
        np.testing.assert_allclose(fast.mean(0), (v @ (g["pos"] - g["neg"])),
                                   atol=6 * se_mean.max())
    if adc_bits:  # compare ADC codes, not float32 vs float64 copies of the same levels
        step = i_fs / (2 ** (adc_bits - 1) - 1)
        fast, mc = np.round(fast / step), np.round(mc / step)
        assert np.ptp(mc, axis=0).min() >= 3  # the noise spans several ADC levels
    for j in range(n_out):  # same distribution (two-sample Kolmogorov-Smirnov)
        assert stats.ks_2samp(fast[:, j], mc[:, j], method="asymp").pvalue > 1e-4


@pytest.mark.parametrize("mapping", ["differential", "offset"])
@pytest.mark.parametrize("accumulation", ["digital", "analog"])
def test_noise_free_read_matches_tile_by_tile_reference(mapping, accumulation):
    """DAC codes, per-(row, column)-tile currents, reference columns and ADC, in numpy."""
    rng = np.random.default_rng(5)
    n_out, n_in, tr, tc = 11, 23, 7, 4
    W = rng.normal(size=(n_out, n_in))
    x = rng.normal(size=(50, n_in))
    cfg = CrossbarConfig(pulse_device="PCMO", mapping=mapping, accumulation=accumulation,
                         tile_rows=tr, tile_cols=tc, dac_bits=5, dac_range=1.5, adc_bits=7,
                         adc_range=1.5, v_read=0.25, **CPU)
    arr = CrossbarArray.from_weights(W, None, cfg, seed=2)
    g = {k: v.double().numpy() for k, v in arr.conductances().items()}
    n = 2 ** 4 - 1
    v = cfg.v_read * np.round(np.clip(x / 1.5, -1, 1) * n) / n
    span = arr.device.g_max - arr.device.g_min
    i_fs = cfg.adc_range * span * cfg.v_read
    expect = np.zeros((50, n_out))
    analog_sum = np.zeros((50, n_out))
    for r0 in range(0, n_in, tr):
        rows = slice(r0, r0 + tr)
        for c, c0 in enumerate(range(0, n_out, tc)):
            cols = slice(c0, c0 + tc)
            if mapping == "differential":
                dg = g["pos"][rows, cols] - g["neg"][rows, cols]
            else:  # one reference column per tile
                dg = g["main"][rows, cols] - g["ref"][rows, c][:, None]
            part = v[:, rows] @ dg
            expect[:, cols] += _adc_np(part, 7, i_fs)
            analog_sum[:, cols] += part
    if accumulation == "analog":
        expect = _adc_np(analog_sum, 7, i_fs)
    got = arr.mvm(x)
    step = i_fs / (2**6 - 1)
    # float32 vs float64 may land a value on the other side of a rounding edge
    assert np.mean(np.abs(got - expect) < 1e-3 * step) > 0.98
    assert np.abs(got - expect).max() <= math.ceil(n_in / tr) * step * 1.001
    assert np.abs(expect).max() > 3 * step  # the comparison is not about zeros


def test_cache_follows_time_and_config():
    """Switching t or the config re-derives the cached read; same answers as fresh arrays."""
    rng = np.random.default_rng(1)
    W, x = rng.normal(size=(8, 30)), np.abs(rng.normal(size=(20, 30)))
    cfg = CrossbarConfig(drift=True, drift_compensation=False, tile_rows=10, adc_bits=8,
                         **CPU)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=4)
    day, hour = 86400.0, 3600.0
    y_day, y_hour = arr.matmul(x, t=day), arr.matmul(x, t=hour)
    assert not np.allclose(y_day, y_hour)
    np.testing.assert_array_equal(arr.matmul(x, t=day), y_day)
    fresh = CrossbarArray.from_weights(W, "ideal", cfg, seed=4)
    np.testing.assert_array_equal(fresh.matmul(x, t=hour), y_hour)
    # a new read-side config (programming untouched): the cache must not be reused
    arr.config = cfg.replace(adc_bits=4)
    coarse = CrossbarArray.from_weights(W, "ideal", cfg.replace(adc_bits=4), seed=4)
    np.testing.assert_array_equal(arr.matmul(x, t=day), coarse.matmul(x, t=day))
    assert not np.allclose(arr.matmul(x, t=day), y_day)


def test_analog_layer_output_usable_in_autograd():
    """The read runs without autograd, but its output is an ordinary tensor (no
    inference-mode tensor) that later differentiable code can use."""
    torch.manual_seed(0)
    lin = torch.nn.Linear(6, 3)
    layer = AnalogLinear.from_linear(lin, CrossbarConfig(read_noise=0.01, **CPU), seed=0)
    p = torch.nn.Parameter(torch.ones(3))
    y = layer(torch.rand(4, 6))
    assert not y.requires_grad and not y.is_inference()
    (y * p).sum().backward()
    torch.testing.assert_close(p.grad, y.sum(0))


# --------------------------------------------- PCM statistics on the device's own scale
def test_pcm_programming_noise_follows_joshi_polynomial():
    """std(G - target) = 0.26348 + 1.9650 x - 1.1731 x^2 uS at x = target / 25 uS."""
    W = np.full((60, 80), 0.4)
    W[0, 0] = 1.0  # w_max = 1: the 0.4 weights target 10 uS on the positive rail
    cfg = CrossbarConfig(pcm_noise=True, programming="exact", c2c_scale=0.0, **CPU)
    arr = CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=8)
    g_us = arr.conductances(t=0.0)["pos"].double().numpy().ravel()[1:] * 1e6
    target = PCM_LIKE.g_min * 1e6 + 0.4 * 25.0
    x = target / 25.0
    expected = 0.26348 + 1.9650 * x - 1.1731 * x**2
    se = math.sqrt(2 / g_us.size)
    assert abs(g_us.std() / expected - 1) < 5 * se
    assert abs(g_us.mean() - target) < 5 * expected / math.sqrt(g_us.size)


def test_pcm_drift_exponent_statistics_at_low_conductance():
    """At 0.05 uS neither mu(g) nor sd(g) of Joshi's drift exponent is clipped, so the
    mean drift ratio tests the conductance scale the statistics are evaluated on."""
    W = np.full((60, 80), 0.002)
    W[0, 0] = 1.0
    day = 86400.0
    cfg = CrossbarConfig(drift=True, programming="exact", c2c_scale=0.0, **CPU)
    arr = CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=9)
    g0 = arr.conductances(t=0.0)["pos"].double().numpy().ravel()[1:]
    g1 = arr.conductances(t=day)["pos"].double().numpy().ravel()[1:]
    g_us = float(np.mean(g0)) * 1e6
    mu = min(max(-0.0155 * math.log(g_us) + 0.0244, 0.049), 0.1)
    sd = min(max(-0.0125 * math.log(g_us) - 0.0059, 0.008), 0.045)
    assert 0.049 < mu < 0.1 and 0.008 < sd < 0.045  # inside both clipping ranges
    L = math.log(day / 20.0)
    # E[(t/t0)^-nu] with nu ~ N(mu, sd) clipped at 0 (no negative drift)
    expected, _ = integrate.quad(
        lambda nu: math.exp(-max(nu, 0.0) * L) * stats.norm.pdf(nu, mu, sd), mu - 10 * sd,
        mu + 10 * sd, points=[0.0])
    ratio = g1 / g0
    assert abs(ratio.mean() / expected - 1) < 5 * ratio.std() / math.sqrt(ratio.size) / expected
