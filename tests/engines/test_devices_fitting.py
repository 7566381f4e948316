"""Measurement loading (malformed files -> line-numbered errors) and pulse-response fits."""

from __future__ import annotations

import io
from importlib import resources

import numpy as np
import pytest

from neuroexplore.devices import (
    MeasurementError,
    PulseDevice,
    fit_pulse_response,
    get_device,
    load_measurements,
    make_sample_measurement,
    presets,
    pulse_cycle,
)
from neuroexplore.devices.fitting import SAMPLE_PRESET, SAMPLE_SEED


# ------------------------------------------------------------------ fitting
@pytest.mark.parametrize("name", presets())
def test_preset_cycle_fitted_back_recovers_labels(name):
    """Common check over every preset: the fit recovers the labels (within 10 %)."""
    dev = get_device(name)
    p, g, d = pulse_cycle(dev)
    fit = fit_pulse_response(p, g, d)
    for got, want in ((fit.nonlinearity_ltp, dev.nonlinearity_ltp),
                      (fit.nonlinearity_ltd, dev.nonlinearity_ltd)):
        assert got == pytest.approx(want, rel=0.10, abs=1e-6)
    assert fit.g_min == pytest.approx(dev.g_min, rel=1e-4)
    assert fit.g_max == pytest.approx(dev.g_max, rel=1e-4)
    assert (fit.states_ltp, fit.states_ltd) == (dev.states_ltp, dev.states_ltd)
    assert fit.r2 == pytest.approx(1.0, abs=1e-9)
    assert np.all((g >= dev.g_min) & (g <= dev.g_max))
    # automatic phase detection gives the same labels for a noise-free cycle
    auto = fit_pulse_response(p, g)
    assert auto.nonlinearity_ltp == pytest.approx(dev.nonlinearity_ltp, rel=0.10, abs=0.02)


def test_potentiation_only_curve():
    dev = PulseDevice(g_min=1e-6, g_max=1e-5, states_ltp=50, states_ltd=50,
                      nonlinearity_ltp=3.0, nonlinearity_ltd=-3.0)
    p = np.arange(51.0)
    fit = fit_pulse_response(p, dev.potentiation_curve(p))
    assert fit.nonlinearity_ltd is None and fit.states_ltd is None
    assert fit.nonlinearity_ltp == pytest.approx(3.0, rel=1e-6)
    assert fit.device.nonlinearity_ltd == pytest.approx(-3.0, rel=1e-6)  # mirrored
    assert fit.a_ltp == pytest.approx(dev.a_ltp, rel=1e-6)


@pytest.mark.parametrize("name, c2c", [("EpiRAM Ag:SiGe", 0.005), ("AlOx/HfO2", 0.005),
                                       ("Ag:a-Si", 0.01)])
def test_fit_recovers_parameters_from_noisy_data(name, c2c):
    dev = get_device(name).with_params(c2c_sigma=c2c)
    z = {"nonlinearity_ltp": [], "nonlinearity_ltd": [], "g_max": []}
    c2c_hat = []
    for seed in range(12):
        p, g, d = pulse_cycle(dev, seed=seed)
        fit = fit_pulse_response(p, g, d)
        for key in z:
            z[key].append((getattr(fit, key) - getattr(dev, key)) / fit.stderr[key])
        c2c_hat.append(fit.c2c_sigma)
        assert fit.device.c2c_sigma == pytest.approx(fit.c2c_sigma)
    for key, vals in z.items():
        vals = np.asarray(vals)
        # stated uncertainties cover the truth: |z| < 3 for all, z-spread of order 1
        assert np.all(np.abs(vals) < 3.5), (key, vals)
        assert np.std(vals) < 1.6, (key, vals)
    assert np.mean(c2c_hat) == pytest.approx(c2c, rel=0.15)


def test_noise_free_fit_has_negligible_uncertainty():
    dev = get_device("PCMO")
    p, g, d = pulse_cycle(dev)
    fit = fit_pulse_response(p, g, d)
    assert fit.stderr["nonlinearity_ltp"] < 1e-6 and fit.c2c_sigma < 1e-9


def test_fit_input_errors():
    with pytest.raises(ValueError, match="increase"):
        fit_pulse_response([0, 2, 1, 3], [1e-6, 2e-6, 3e-6, 4e-6])
    with pytest.raises(ValueError, match="finite"):
        fit_pulse_response([0, 1, 2, 3], [1e-6, np.nan, 3e-6, 4e-6])
    with pytest.raises(ValueError, match="nothing to fit"):
        fit_pulse_response([0, 1, 2, 3], [1e-6] * 4)


# ------------------------------------------------------------- sample data
def _bundled_sample() -> str:
    return resources.files("neuroexplore").joinpath("data", "sample_pulse_measurement.csv") \
        .read_text(encoding="utf-8")


def test_bundled_sample_is_reproducible_and_documented():
    text = _bundled_sample()
    assert text == make_sample_measurement(SAMPLE_PRESET, SAMPLE_SEED)
    assert "NOT measured data" in text and SAMPLE_PRESET in text
    assert make_sample_measurement("PCMO", 1) == make_sample_measurement("PCMO", 1)


def test_bundled_sample_fit_recovers_preset():
    m = load_measurements(io.StringIO(_bundled_sample()))
    assert m.kind == "pulse" and "direction" in m
    fit = fit_pulse_response(m["pulse"], m["conductance"], m["direction"])
    dev = get_device(SAMPLE_PRESET)
    for key in ("nonlinearity_ltp", "nonlinearity_ltd", "g_max", "g_min"):
        assert abs(getattr(fit, key) - getattr(dev, key)) < 3 * fit.stderr[key], key
    assert fit.r2 > 0.99


# --------------------------------------------------------------- loading
def test_load_layouts_and_units(tmp_path):
    path = tmp_path / "iv.csv"
    path.write_text("# my device\ntime (ms),voltage (mV),current (uA)\n0,0,0\n1,100,2\n2,200,5\n")
    m = load_measurements(path)
    assert m.kind == "iv" and m.comments == ("my device",)
    np.testing.assert_allclose(m["time"], [0, 1e-3, 2e-3])
    np.testing.assert_allclose(m["voltage"], [0, 0.1, 0.2])
    np.testing.assert_allclose(m["current"], [0, 2e-6, 5e-6])
    ppf = load_measurements(io.StringIO("interval,ppf\n0.01,1.6\n0.05,1.3\n0.2,1.1\n"))
    assert ppf.kind == "ppf" and len(ppf) == 3
    cyc = load_measurements(io.StringIO(
        "pulse,conductance (nS),phase\n0,1,ltp\n1,2,+\n2,3,potentiation\n3,2,ltd\n4,1,-\n"))
    assert cyc["direction"].tolist() == [1, 1, 1, -1, -1]
    np.testing.assert_allclose(cyc["conductance"], [1e-9, 2e-9, 3e-9, 2e-9, 1e-9])


GOOD_HEAD = "# comment\npulse,conductance\n"


@pytest.mark.parametrize(
    "text, match",
    [
        ("# only comments\n", "no header"),
        ("# c\nfoo,bar\n1,2\n2,3\n3,4\n4,5\n", r"line 2: header \['foo', 'bar'\] lacks"),
        (GOOD_HEAD + "0,1e-6\n1,abc\n2,3e-6\n3,4e-6\n", "line 4: column 'conductance' has "
                                                       "non-numeric value 'abc'"),
        (GOOD_HEAD + "0,1e-6\n1,2e-6\n2,nan\n3,4e-6\n", r"line 5: column 'conductance' is "
                                                        r"'nan' \(NaN/inf\)"),
        (GOOD_HEAD + "0,1e-6\n1,2e-6\n", "line 4: too few points: 2 data rows"),
        (GOOD_HEAD + "0,1e-6\n1,2e-6\n1,3e-6\n3,4e-6\n", "line 5: pulse numbers must increase"),
        (GOOD_HEAD + "0,1e-6\n1,-2e-6\n2,3e-6\n3,4e-6\n", "line 4: negative conductance"),
        (GOOD_HEAD + "0,1e-6\n1,2e-6,7\n2,3e-6\n3,4e-6\n", "line 4: expected 2 fields"),
        ("pulse,conductance,direction\n0,1,ltp\n1,2,sideways\n2,3,ltd\n3,2,ltd\n",
         "line 3: direction 'sideways'"),
        ("pulse,conductance (furlongs)\n0,1\n1,2\n2,3\n3,4\n", "line 1: unknown unit"),
        ("interval,ppf\n0.1,1.5\n-0.2,1.3\n0.3,1.1\n", "line 3: interval must be positive"),
        ("time,voltage,current\n0,0,0\n1,1,1\n0.5,2,2\n", "line 4: time must increase"),
    ],
)
def test_malformed_csv_errors_name_the_line(text, match):
    with pytest.raises(MeasurementError, match=match):
        load_measurements(io.StringIO(text))


def test_measurement_error_is_value_error_and_missing_file(tmp_path):
    assert issubclass(MeasurementError, ValueError)
    with pytest.raises(MeasurementError, match="does not exist"):
        load_measurements(tmp_path / "nope.csv")


# ------------------------------------------------------- global fit, conditioning
def _shape(x, u):
    return x if u == 0 else np.expm1(-x * u) / np.expm1(-u)


@pytest.mark.parametrize(("name", "seed"), [("Ag:a-Si", 3), ("PCMO", 4), ("AlOx/HfO2", 5)])
def test_pulse_fit_is_the_global_least_squares_solution(name, seed):
    """No pair of shapes on a fine grid (amplitudes solved exactly) beats the fit."""
    dev = get_device(name).with_params(c2c_sigma=0.02)
    p, g, d = pulse_cycle(dev, seed=seed)
    fit = fit_pulse_response(p, g, d)
    n_p, n_d = dev.states_ltp, dev.states_ltd
    x_p, x_d = p[: n_p + 1] / n_p, (n_d - (p[n_p + 1:] - n_p)) / n_d
    us = np.concatenate([-np.geomspace(40, 0.01, 60), [0.0], np.geomspace(0.01, 40, 60)])
    best = np.inf
    for u1 in us:
        s1 = _shape(x_p, u1)
        for u2 in us:
            s = np.concatenate([s1, _shape(x_d, u2)])
            a = np.stack([1 - s, s], axis=1)
            coef, *_ = np.linalg.lstsq(a, g, rcond=None)
            best = min(best, float(np.sum((a @ coef - g) ** 2)))
    assert fit.rmse**2 * g.size <= best * (1 + 1e-9)
    assert not fit.ill_conditioned and "WARNING" not in fit.summary()


def test_presets_fit_without_conditioning_warning():
    for name in presets():
        fit = fit_pulse_response(*pulse_cycle(get_device(name).with_params(c2c_sigma=0.01),
                                              seed=1))
        assert not fit.ill_conditioned, (name, fit.warning)


def test_curve_more_abrupt_than_the_model_is_flagged():
    p = np.arange(100.0)
    g = np.where(p < 1, 1e-6, 1e-5) + 1e-8 * np.sin(p)  # a one-pulse step
    fit = fit_pulse_response(p, g)
    assert fit.ill_conditioned and "model's limit" in fit.warning
    assert "WARNING: ill-conditioned" in fit.summary()


# ------------------------------------------------------- several cycles, fitted jointly
def _cycles(dev, seed: int, n: int, *, run_on: bool = False):
    """``n`` independent noisy cycles of ``dev`` (the reference data: ``pulse_cycle``)."""
    runs = [pulse_cycle(dev, seed=1000 * seed + k) for k in range(n)]
    p, g, d = (np.concatenate(a) for a in zip(*runs, strict=True))
    if run_on:  # pulses numbered on across the file, as load_measurements gives them
        p = np.arange(p.size, dtype=float)
    return p, g, d, np.repeat(np.arange(n), runs[0][0].size)


def test_single_cycle_fit_is_unchanged():
    """One cycle gives what the single-cycle fit gave before ``cycle=`` existed."""
    p, g, d = pulse_cycle(get_device("Ag:a-Si").with_params(c2c_sigma=0.01), seed=7)
    fit = fit_pulse_response(p, g, d)
    # values of the previous (single-cycle, dense-covariance) implementation
    assert (fit.g_min, fit.g_max, fit.nonlinearity_ltp, fit.nonlinearity_ltd,
            fit.c2c_sigma) == pytest.approx((3.047869024627083e-09, 3.784036347665641e-08,
                                             1.6273889011856364, -5.230816469429948,
                                             0.00842823211445253), rel=1e-9)
    old_se = {"g_min": 3.225643286821403e-09, "g_max": 3.3428286116618364e-09,
              "nonlinearity_ltp": 0.7966166952334683, "a_ltp": 0.3888340002978863,
              "nonlinearity_ltd": 0.366984963358237, "a_ltd": 0.02222253121920096}
    assert fit.stderr == pytest.approx(old_se, rel=1e-9)
    assert fit.n_cycles == 1 and "cycles" not in fit.summary()
    same = fit_pulse_response(p, g, d, cycle=np.full(p.size, 7))
    assert same.n_cycles == 1
    np.testing.assert_array_equal(same.covariance, fit.covariance)
    np.testing.assert_array_equal(same.fitted, fit.fitted)


def test_repeated_cycle_halves_the_covariance():
    """The same cycle twice: same parameters, covariance exactly 1/2 (block-diagonal)."""
    p, g, d = pulse_cycle(get_device("AlOx/HfO2").with_params(c2c_sigma=0.01), seed=3)
    one = fit_pulse_response(p, g, d)
    two = fit_pulse_response(np.tile(p, 2), np.tile(g, 2), np.tile(d, 2),
                             cycle=np.repeat([0, 1], p.size))
    assert two.n_cycles == 2 and "2 (fitted jointly)" in two.summary()
    for key in ("g_min", "g_max", "nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma"):
        assert getattr(two, key) == pytest.approx(getattr(one, key), rel=1e-7), key
    # a random walk running on across the cycle boundary would not give exactly 1/2
    np.testing.assert_allclose(two.covariance, one.covariance / 2, rtol=1e-6)
    assert (two.states_ltp, two.states_ltd) == (one.states_ltp, one.states_ltd)


@pytest.mark.parametrize("name, c2c", [("EpiRAM Ag:SiGe", 0.005), ("AlOx/HfO2", 0.005),
                                       ("Ag:a-Si", 0.01)])
def test_joint_fit_of_several_cycles_covers_the_truth(name, c2c):
    """4 noisy cycles of a known preset: z-scores ~ N(0, 1), SE ~ 1/sqrt(4) of one cycle."""
    dev = get_device(name).with_params(c2c_sigma=c2c)
    keys = ("g_min", "g_max", "nonlinearity_ltp", "nonlinearity_ltd")
    z, se, est, se1, est1 = ({k: [] for k in keys} for _ in range(5))
    c2c_hat = []
    for seed in range(12):
        p, g, d, cyc = _cycles(dev, seed, 4, run_on=seed % 2 == 1)
        fit = fit_pulse_response(p, g, d, cycle=cyc)
        assert fit.n_cycles == 4 and not fit.ill_conditioned
        assert (fit.states_ltp, fit.states_ltd) == (dev.states_ltp, dev.states_ltd)
        single = fit_pulse_response(*pulse_cycle(dev, seed=1000 * seed))
        for k in keys:
            z[k].append((getattr(fit, k) - getattr(dev, k)) / fit.stderr[k])
            se[k].append(fit.stderr[k])
            est[k].append(getattr(fit, k))
            se1[k].append(single.stderr[k])
            est1[k].append(getattr(single, k))
        c2c_hat.append(fit.c2c_sigma)
    for k in keys:
        vals = np.asarray(z[k])
        assert np.all(np.abs(vals) < 3.5), (k, vals)
        assert np.std(vals) < 1.6 and abs(np.mean(vals)) < 1.2, (k, vals)
        # stated SE shrinks like 1/sqrt(n_cycles) ...
        assert np.median(se[k]) / np.median(se1[k]) == pytest.approx(0.5, abs=0.08), k
        # ... and so does the actual scatter of the estimates over seeds
        assert np.std(est[k]) < 0.85 * np.std(est1[k]), k
    assert np.mean(c2c_hat) == pytest.approx(c2c, rel=0.1)


def test_joint_fit_of_a_loaded_file_uses_its_cycle_column():
    m = load_measurements(io.StringIO(resources.files("neuroexplore").joinpath(
        "data", "measurements", "excel_semicolon_two_cycles.csv").read_text("utf-8-sig")))
    fit = fit_pulse_response(m["pulse"], m["conductance"], m["direction"], cycle=m["cycle"])
    assert fit.n_cycles == 2 and fit.r2 > 0.99
    assert (fit.states_ltp, fit.states_ltd) == (5, 6)  # per cycle: 6 LTP points, 6 LTD
    assert 0.45e-6 < fit.g_min < 0.55e-6 and 1.45e-6 < fit.g_max < 1.6e-6
    first = slice(0, 12)
    alone = fit_pulse_response(m["pulse"][first], m["conductance"][first],
                               m["direction"][first])
    assert fit.stderr["g_max"] < alone.stderr["g_max"]


def test_joint_fit_errors():
    dev = get_device("AlOx/HfO2").with_params(c2c_sigma=0.005)
    p, g, d, cyc = _cycles(dev, 0, 3)
    n = p.size // 3
    ltp_only = np.where(np.arange(p.size) // n == 1, 1, d)  # cycle 1 without LTD points
    with pytest.raises(ValueError, match="cycle 1 has no LTD points while cycle 0 has"):
        fit_pulse_response(p, g, ltp_only, cycle=cyc)
    with pytest.raises(ValueError, match="cycle 0 appears in two places"):
        fit_pulse_response(p, g, d, cycle=np.where(cyc == 2, 0, cyc))
    with pytest.raises(ValueError, match=r"one cycle label per point.*got shape \(3,\)"):
        fit_pulse_response(p, g, d, cycle=[0, 1, 2])
    with pytest.raises(ValueError, match="cycle 'b': has 3 points; a cycle needs at least 4"):
        fit_pulse_response(p[: n + 3], g[: n + 3], d[: n + 3],
                           cycle=["a"] * n + ["b"] * 3)
    bad = p.copy()
    bad[n + 5] = bad[n + 3]
    with pytest.raises(ValueError, match="cycle 1: pulse numbers must increase strictly "
                                         "within each cycle"):
        fit_pulse_response(bad, g, d, cycle=cyc)
    with pytest.raises(ValueError, match="restarts, give cycle="):
        fit_pulse_response(p, g, d)  # several cycles without their labels
    with pytest.raises(ValueError, match="give cycle= to fit several cycles"):
        fit_pulse_response(np.arange(p.size), g, d)  # ... pulses running on
