"""Per-read read noise on the fused CPU path (``crossbar._fused_read``): exact in distribution.

The fused read draws its normals with ``torch`` from the array's generator, in the torch
read's shape and order, and applies them in one numba pass.  Checked here, each against
an independent reference:

* the fused read against the unfused torch read (``read_plan.read_with_plan_torch``)
  from the *same* generator state: same DAC codes bit for bit, same outputs to float
  rounding, same ADC clip counts, same generator state afterwards, for every
  noise/ADC/DAC variant, directly and through ``CrossbarArray.matmul(seed=...)``;
* both paths' per-output mean and variance over repeated reads against the analytic
  ``I_j = sum_i V_i G_ij`` and ``S_j^2 = sum_i V_i^2 s_ij^2`` (no ADC), and the
  distribution of the ADC codes against the discretised Gaussian ``P(k) =
  Phi((k + 1/2 - mu)/S) - Phi((k - 1/2 - mu)/S)`` (chi-square).

Seeds are fixed, so every statistical test is deterministic (derandomised).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy import stats

from neuroexplore.crossbar import CrossbarArray, CrossbarConfig
from neuroexplore.crossbar import read_plan as rp
from neuroexplore.crossbar._fused_read import dac_pass
from neuroexplore.devices import PulseDevice

CPU = dict(torch_device="cpu")
PCM_LIKE = PulseDevice(name="pcm-like", model="linear", g_min=1e-9, g_max=25e-6,
                       states_ltp=1000, states_ltd=1000)


@pytest.fixture(params=["fused", "torch"])
def path(request, monkeypatch):
    """Run a test on the fused CPU read and on the torch read."""
    monkeypatch.setattr(rp, "_NUMBA", [request.param == "fused"])
    monkeypatch.setattr(rp, "FUSED_MIN_ELEMENTS", 0)  # small reads too
    return request.param


CONFIGS = [
    dict(pcm_noise=True, drift=True, t_inference=3600.0, adc_bits=9, dac_bits=7,
         tile_rows=128),
    dict(read_noise=0.05, adc_bits=6, dac_bits=5, tile_rows=128, adc_calibration="per_column"),
    dict(read_noise=0.05, adc_bits=0, dac_bits=0),
    dict(pcm_noise=True, adc_bits=8, dac_bits=6, dac_range=0.5, adc_calibration="fixed",
         adc_range=5.0, tile_rows=100),
    dict(adc_bits=8, dac_bits=6, accumulation="analog", tile_rows=64),
    dict(pcm_noise=True, mapping="offset", adc_bits=7, dac_bits=4, tile_rows=90),
]


def _agree(a: np.ndarray, b: np.ndarray, adc: bool) -> None:
    """Outputs equal up to float rounding: ``|a - b| <= 1e-6`` of the largest output
    (measured: at most 1.5e-7, a few float32 ulps).  With an ADC an output may instead
    differ by whole codes where a value lies within rounding of a code boundary (a
    rounding tie): at most 1 in 10,000 outputs (measured: 2 in 4.8 million)."""
    tol = 1e-6 * np.abs(a).max()
    off = np.abs(a - b) > tol
    assert off.mean() <= (1e-4 if adc else 0.0), off.mean()


@pytest.mark.parametrize("kw", CONFIGS)
def test_fused_read_equals_torch_read_with_the_same_seed(kw):
    rng = np.random.default_rng(4)
    W = rng.normal(size=(40, 300))
    cfg = CrossbarConfig(**CPU, **kw)
    arr = CrossbarArray.from_weights(W, "ideal", cfg, seed=1)
    x = torch.tensor(rng.uniform(-0.2, 1.0, (400, 300)), dtype=torch.float32)
    x[3] = 0.0  # an all-zero vector (x_s = 1)
    arr.calibrate_adc(x[:100])
    plan = arr._read_plan(cfg.t_inference)
    codes, _ = rp.dac_codes(x, plan, cfg.dac_range)
    bounds = np.array([s.start for s in plan.groups] + [plan.groups[-1].stop])
    fused_codes = dac_pass(x.numpy(), plan.code_max, plan.dac_levels, cfg.dac_range, bounds,
                           want_c2=False, want_rowsq=False)[0]
    np.testing.assert_array_equal(fused_codes, codes.numpy())  # bit for bit
    for seed, undo in ((0, True), (1, False)):
        g_a, g_b = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)
        a_clips, b_clips = [], []
        a = rp.read_with_plan_torch(plan, x, g_a, dac_range=cfg.dac_range, gain=1.7,
                                    undo_input_scale=undo, clip_counts=a_clips).numpy()
        b = rp._read_fused(plan, x, g_b, dac_range=cfg.dac_range, gain=1.7,
                           undo_input_scale=undo, clip_counts=b_clips).numpy()
        _agree(a, b, plan.adc_max is not None)
        assert torch.equal(g_a.get_state(), g_b.get_state())  # the same draws were made
        if plan.adc_max is not None:
            assert int(a_clips[0][0]) == b_clips[0][0] and a_clips[0][1] == b_clips[0][1]
        if plan.noisy:  # and the noise is really there: another seed moves the outputs
            c = rp._read_fused(plan, x, torch.Generator().manual_seed(seed + 7),
                               dac_range=cfg.dac_range, gain=1.7,
                               undo_input_scale=undo).numpy()
            assert np.mean(np.abs(c - b) > 1e-5 * np.abs(b).max()) > 0.1


def test_seeded_array_reads_equal_on_both_paths(monkeypatch):
    """Through the public API: a PCM array read with a seed (per-read noise, 9-bit ADC,
    calibrated ranges) gives the same outputs on the fused and the torch path."""
    rng = np.random.default_rng(6)
    W = rng.normal(size=(64, 256))
    x = rng.uniform(0, 1, size=(512, 256))
    cfg = CrossbarConfig(pcm_noise=True, drift=True, t_inference=3600.0, dac_bits=7,
                         adc_bits=9, tile_rows=128, **CPU)
    monkeypatch.setattr(rp, "FUSED_MIN_ELEMENTS", 0)
    out = {}
    for path in ("fused", "torch"):
        monkeypatch.setattr(rp, "_NUMBA", [path == "fused"])
        arr = CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=2)
        arr.calibrate_adc(x[:128])
        out[path] = (arr.matmul(x, seed=11), arr.matmul(x), arr.matmul(x))
    for a, b in zip(out["torch"], out["fused"], strict=True):
        _agree(np.asarray(a), np.asarray(b), adc=True)


def test_fused_read_rejects_nan_and_inf():
    arr = CrossbarArray.from_weights(np.ones((3, 8)), "ideal",
                                     CrossbarConfig(read_noise=0.01, **CPU), seed=0)
    for bad in (np.nan, np.inf, -np.inf):
        x = np.ones((4, 8))
        x[2, 5] = bad
        with pytest.raises(ValueError, match="NaN or infinite"):
            arr.matmul(x)


def _analytic(arr: CrossbarArray, x: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of each column current (A) for one input vector, from Ohm and
    Kirchhoff on the noise-free conductances and the per-cell read-noise variances
    (Joshi et al. 2020 1/f noise, Q(G) G per rail), with DAC voltages
    ``V = v_read round(n x / max|x|) / n``."""
    cfg = arr.config
    g = {k: v.double().numpy() for k, v in arr.conductances(t=t).items()}
    n = 2 ** (cfg.dac_bits - 1) - 1
    volts = cfg.v_read * np.round(n * x / np.abs(x).max()) / n
    _, (var_a, var_b), _ = arr._state(t)
    s2 = (var_a + var_b).double().numpy()[0, 0][: arr.rows, : arr.cols]  # one tile
    return volts @ (g["pos"] - g["neg"]), (volts**2) @ s2


@pytest.mark.parametrize("adc_bits", [0, 9])
def test_per_read_outputs_have_the_analytic_distribution(path, adc_bits):
    """Repeated reads of one vector: per-output mean I_j and variance S_j^2 (ideal ADC),
    or the discretised Gaussian over ADC codes (9-bit ADC), on both read paths."""
    rng = np.random.default_rng(13)
    n_out, n_in, n, t = 6, 48, 4000, 3600.0
    W = rng.uniform(-1, 1, size=(n_out, n_in))
    x = rng.uniform(0.05, 1, size=n_in)
    cfg = CrossbarConfig(pcm_noise=True, programming="exact", c2c_scale=0.0, t_inference=t,
                         dac_bits=7, **CPU)
    mean, var = _analytic(CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=3), x, t)
    span = PCM_LIKE.g_max - PCM_LIKE.g_min
    i_fs = 1.1 * np.abs(mean).max()  # a fixed ADC range just above the largest mean
    cfg = cfg.with_params(adc_bits=adc_bits, adc_calibration="fixed",
                          adc_range=i_fs / (span * cfg.v_read))
    arr = CrossbarArray.from_weights(W, PCM_LIKE, cfg, seed=3)  # the same programming
    reads = arr.mvm(np.tile(x, (n, 1))).astype(float)
    if not adc_bits:
        se = np.sqrt(var / n)
        assert np.all(np.abs(reads.mean(0) - mean) < 5 * se)
        assert np.all(np.abs(reads.var(0) / var - 1) < 5 * math.sqrt(2 / n))
        z = (reads - mean) / np.sqrt(var)
        assert stats.kstest(z.ravel(), "norm").pvalue > 1e-3
        return
    L = 2 ** (adc_bits - 1) - 1
    lsb = i_fs / L
    codes = np.round(reads / lsb).astype(int)
    mu, sd = mean / lsb, np.sqrt(var) / lsb
    assert np.all(sd > 0.5) and np.all(np.abs(mu) + 3 * sd < L + 20)
    k = np.arange(-L, L + 1)
    for j in range(n_out):
        cdf_hi = stats.norm.cdf((k + 0.5 - mu[j]) / sd[j])
        cdf_lo = stats.norm.cdf((k - 0.5 - mu[j]) / sd[j])
        p = cdf_hi - cdf_lo
        p[0], p[-1] = cdf_hi[0], 1.0 - cdf_lo[-1]  # clipped at -L and +L
        observed = np.bincount(codes[:, j] + L, minlength=2 * L + 1)
        keep = p * n >= 5  # pool the sparse cells into one
        obs = np.append(observed[keep], observed[~keep].sum())
        exp = np.append(p[keep], p[~keep].sum()) * n
        if exp[-1] < 5:
            obs, exp = obs[:-1], exp[:-1] * (obs[:-1].sum() / exp[:-1].sum())
        assert len(obs) >= 5  # several codes carry the noise
        assert stats.chisquare(obs, exp).pvalue > 1e-3, j


def test_per_read_reads_are_fresh_and_seeded(path):
    rng = np.random.default_rng(2)
    W, x = rng.normal(size=(5, 30)), rng.uniform(size=(3, 30))
    for noise in (dict(pcm_noise=True), dict(read_noise=0.02)):
        arr = CrossbarArray.from_weights(W, PCM_LIKE, CrossbarConfig(**noise, **CPU), seed=1)
        a, b = arr.matmul(x), arr.matmul(x)
        assert not np.array_equal(a, b)  # every read is a new sample
        np.testing.assert_array_equal(arr.matmul(x, seed=5), arr.matmul(x, seed=5))
        again = CrossbarArray.from_weights(W, PCM_LIKE, CrossbarConfig(**noise, **CPU), seed=1)
        np.testing.assert_array_equal(again.matmul(x), a)  # the array's stream is seeded
