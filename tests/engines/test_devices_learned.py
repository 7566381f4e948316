"""Data-driven device models (issue 13 section 2): GP / MLP state-update maps, the
tabulated device in the crossbar engine, and the comparison with the physical fits.

References are independent of the learners: the engine's own NeuroSim pulse model
(``PulseDevice.apply_pulses``) generates the noisy data with a known c2c noise and
gives the noise-free truth.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.devices import get_device, presets
from neuroexplore.devices.fitting import pulse_cycle
from neuroexplore.devices.learned import (
    TabulatedDevice,
    compare_device_models,
    fit_learned_device,
    learn_from_measurements,
    pulse_cycles,
)


@pytest.fixture(scope="module")
def hzo_gp():
    dev = get_device("HZO FeFET")  # c2c_sigma = 0.005 of the range per pulse
    p, g, d, c = pulse_cycles(dev, n_cycles=3, seed=0)
    rng = np.random.default_rng(1)
    held = rng.random(g.size) < 0.3
    held[p == 0] = False  # a held-out point is a pulse whose response is not learned
    keep = ~held
    model = fit_learned_device(p[keep], g[keep], d[keep], cycle=c[keep], method="gp")
    return dev, (p, g, d, c), held, model


def test_gp_recovers_held_out_pulses_within_noise_and_is_calibrated(hzo_gp):
    dev, (p, g, d, c), held, model = hzo_gp
    span = dev.g_max - dev.g_min
    sigma = dev.c2c_sigma * span  # the known per-pulse noise (S)
    # held-out pulses k whose preceding point exists in the same cycle
    k = np.nonzero(held & np.r_[False, c[1:] == c[:-1]])[0]
    assert k.size > 20
    mean = np.empty(k.size)
    std = np.empty(k.size)
    for j, kk in enumerate(k):
        mean[j], std[j] = (float(x) for x in model.predict_step(g[kk - 1], int(d[kk]),
                                                                 return_std=True))
    # truth: the noise-free engine step from the measured previous conductance
    truth = np.array([dev.apply_pulses(g[kk - 1], int(d[kk])) for kk in k])
    err = mean - truth
    assert np.sqrt(np.mean(err**2)) < 0.5 * sigma  # the mean map: well within one c2c step
    # the learned noise is the c2c noise (within 20 %)
    assert abs(model.c2c_sigma * model.span / sigma - 1) < 0.2
    # predictive std calibrated on the *measured* held-out responses
    z = (g[k] - mean) / std
    assert 0.85 <= np.mean(np.abs(z) < 2) <= 1.0
    assert 0.75 < np.std(z) < 1.3


def test_learned_cycle_follows_the_true_curve(hzo_gp):
    dev, _, _, model = hzo_gp
    truth = pulse_cycle(dev)[1]
    pred = model.cycle()
    nrmse = np.sqrt(np.mean((pred - truth) ** 2)) / (dev.g_max - dev.g_min)
    # 3 noisy cycles (c2c 0.5 % per pulse): a few c2c steps, far below the curve's range
    assert nrmse < 0.05
    assert model.states_ltp == dev.states_ltp and model.states_ltd == dev.states_ltd


def test_mlp_is_deterministic_and_learns_the_map():
    dev = get_device("HZO FeFET")
    p, g, d, c = pulse_cycles(dev, n_cycles=2, seed=3)
    a = fit_learned_device(p, g, d, cycle=c, method="mlp", seed=5)
    b = fit_learned_device(p, g, d, cycle=c, method="mlp", seed=5)
    np.testing.assert_array_equal(a.cycle(), b.cycle())
    truth = pulse_cycle(dev)[1]
    assert np.sqrt(np.mean((a.cycle() - truth) ** 2)) / (dev.g_max - dev.g_min) < 0.08


@pytest.mark.parametrize("name", [n for n in presets() if n != "ideal"])
def test_table_of_a_preset_is_the_preset(name):
    """TabulatedDevice (interpolated tables) == PulseDevice (NeuroSim equations)."""
    import torch

    from neuroexplore.crossbar.device_model import apply_pulses_torch

    dev = get_device(name)
    tab = TabulatedDevice.from_device(dev)
    rng = np.random.default_rng(0)
    g = rng.uniform(dev.g_min, dev.g_max, 500)
    g[:10], g[10:20] = dev.g_min, dev.g_max
    n = rng.integers(-2 * dev.states_ltd, 2 * dev.states_ltp, 500)
    ref = dev.apply_pulses(g, n)
    tol = 1e-9 * (dev.g_max - dev.g_min)
    np.testing.assert_allclose(tab.apply_pulses(g, n), ref, rtol=0, atol=tol)
    got = apply_pulses_torch(torch.tensor(g, dtype=torch.float64), torch.tensor(n), tab)
    np.testing.assert_allclose(got.numpy(), ref, rtol=0, atol=tol)


def test_crossbar_programs_a_tabulated_preset_exactly_like_the_preset():
    from neuroexplore.crossbar import CrossbarArray, CrossbarConfig

    dev = get_device("Ag:a-Si")
    W = np.random.default_rng(0).normal(size=(8, 12))
    cfg = CrossbarConfig(torch_device="cpu", write_verify=3)
    a = CrossbarArray.from_weights(W, dev, cfg, seed=4)
    b = CrossbarArray.from_weights(W, TabulatedDevice.from_device(dev), cfg, seed=4)
    x = np.random.default_rng(1).random((5, 12))
    np.testing.assert_allclose(a.matmul(x), b.matmul(x), rtol=1e-5, atol=1e-5)


@pytest.mark.slow
def test_learned_device_gives_the_preset_accuracy_within_seed_spread():
    """In-situ training on the learned device ~ on the preset it learned from."""
    from neuroexplore.crossbar import device_table_accuracy, train_in_situ

    dev = get_device("HZO FeFET")
    p, g, d, c = pulse_cycles(dev, n_cycles=3, seed=0)
    learned = fit_learned_device(p, g, d, cycle=c, method="gp").to_device()
    seeds = range(4)
    acc_dev = np.array([train_in_situ(dev, epochs=2, seed=s).final_accuracy for s in seeds])
    acc_lrn = np.array([train_in_situ(learned, epochs=2, seed=s).final_accuracy
                        for s in seeds])
    se = np.sqrt((acc_dev.var(ddof=1) + acc_lrn.var(ddof=1)) / len(seeds))
    assert abs(acc_lrn.mean() - acc_dev.mean()) < 2.5 * se + 0.01
    assert acc_lrn.mean() > 0.3  # far above chance (0.1): the device trains
    rows = device_table_accuracy([dev, learned], epochs=1, seed=0)
    assert [r.name for r in rows] == ["HZO FeFET", "learned (gp)"]


@pytest.mark.slow
def test_extrapolation_in_pulse_number_physics_and_map_beat_the_curve_gp():
    """Beyond the measured pulses (PCMO, 3 data seeds): the NeuroSim exponential and the
    state-update map GP stay close to the truth; a GP of G against pulse number reverts to
    its mean and fails."""
    err: dict[str, list[float]] = {"neurosim": [], "gp": [], "gp_curve": []}
    for s in range(3):
        res = compare_device_models("PCMO", n_cycles=2, seed=s, questions=("extrapolation",),
                                    models=tuple(err))
        for _, row in res.table.iterrows():
            err[row["model"]].append(row["nrmse"])
    for s in range(3):
        assert err["neurosim"][s] < 0.5 * err["gp_curve"][s]
        assert err["gp"][s] < err["gp_curve"][s]
    assert np.mean(err["gp"]) < 0.5 * np.mean(err["gp_curve"])
    assert max(err["neurosim"]) < 0.05


def test_comparison_table_layout():
    res = compare_device_models("HZO FeFET", n_cycles=1, models=("neurosim", "gp"),
                                n_train=(24,))
    t = res.table
    assert set(t.columns) >= {"model", "question", "n_train", "rmse", "nrmse"}
    assert set(t["question"]) == {"interpolation", "extrapolation", "data_efficiency"}
    assert np.all(np.isfinite(t["rmse"]))
    interp = t[t.question == "interpolation"].set_index("model").nrmse
    assert interp.max() < 0.05  # both recover a low-noise curve from 70 % of its pulses
    assert res.curves["truth"].shape == res.curves["interpolation"]["predicted"]["gp"].shape


def test_learn_from_uploaded_measurement():
    import io

    from neuroexplore.devices import (
        decode_measurement,
        load_measurements,
        make_sample_measurement,
    )

    text = decode_measurement(make_sample_measurement().encode(), "sample.csv")
    m = load_measurements(io.StringIO(text))
    model = learn_from_measurements(m, method="gp")
    assert model.states_ltp == get_device("HZO FeFET").states_ltp
    assert model.to_device().model == "table"


@pytest.mark.parametrize("kwargs, name", [
    (dict(method="svm"), "method"),
    (dict(direction=np.zeros(65)), "direction"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    p, g, d, _ = pulse_cycles(get_device("HZO FeFET"), n_cycles=1, seed=0)
    args = dict(direction=d)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        fit_learned_device(p, g, **args)


def test_bad_inputs_elsewhere():
    with pytest.raises(ValueError, match="n_cycles"):
        pulse_cycles(get_device("PCMO"), n_cycles=0)
    with pytest.raises(ValueError, match="holdout"):
        compare_device_models("PCMO", holdout=0.99)
    with pytest.raises(ValueError, match="models"):
        compare_device_models("PCMO", models=("svm",))
    with pytest.raises(ValueError, match="levels_ltp"):
        TabulatedDevice(levels_ltp=(0.0, 0.7, 0.5, 1.0))
    with pytest.raises(ValueError, match="c2c_sigma"):
        TabulatedDevice(c2c_sigma=0.9)
    with pytest.raises(ValueError, match="pulses and conductance"):
        fit_learned_device([0, 1, 2], [1e-6, 2e-6, 3e-6])
    with pytest.raises(ValueError, match="states"):
        from neuroexplore.crossbar import train_in_situ

        train_in_situ(TabulatedDevice.from_device(get_device("PCMO")), epochs=1, states=16)


@pytest.mark.slow
def test_vteam_fit_recovers_the_kinetics_of_a_noise_free_sweep():
    """Least-squares VTEAM from a start 10x off recovers k and alpha (Kvatinsky 2015 eq. 1)."""
    from neuroexplore.devices.iv import simulate_iv
    from neuroexplore.devices.iv_fit import fit_vteam
    from neuroexplore.devices.waveforms import sine

    t = np.linspace(0.0, 1.0, 121)
    tr = simulate_iv("vteam", sine(0.45, 1.0), t)
    fit = fit_vteam(t, tr.v, tr.i, start={"k_off": 1e-7, "k_on": -1e-7, "alpha_off": 2.5,
                                          "alpha_on": 2.5})
    assert fit.rmse < 1e-3 * np.ptp(tr.i)
    assert fit.params["k_off"] == pytest.approx(3e-8, rel=0.2)
    assert fit.params["alpha_off"] == pytest.approx(3.0, rel=0.1)
    assert fit.params["k_on"] == pytest.approx(-3e-8, rel=0.2)


def test_vteam_fit_bad_input():
    from neuroexplore.devices.iv_fit import compare_iv_models, fit_vteam

    t = np.linspace(0, 1, 20)
    with pytest.raises(ValueError, match="t, v and i"):
        fit_vteam(t, t[:-1], t)
    with pytest.raises(ValueError, match="fixed"):
        fit_vteam(t, np.sin(t), np.sin(t), fixed={"r_onn": 1.0})
    with pytest.raises(ValueError, match="noise"):
        compare_iv_models(noise=2.0)
