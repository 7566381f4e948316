"""Chapter-7 engine: figures of merit, accuracy/energy of a design, the limiting FoM.

References: the published device table (CSV read here independently), the float
network's own accuracy, the analytic read energy sum_ij V_i^2 G_ij t_read of the
programmed conductances, the Kohlrausch law exp(-(t/tau)^beta), and constructed designs
whose only defect is known.  Sizes: the cached 64-32-10 digits MLP, 450 test digits;
an accuracy is resolved to one digit (1/450 = 0.22 %); the binomial standard error of a
~95 % accuracy on 450 digits is 1.0 %, the tolerance of the monotonicity checks.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest
import torch

from neuroexplore.crossbar import CrossbarArray, CrossbarConfig, convert, evaluate
from neuroexplore.crossbar.layers import analog_layers
from neuroexplore.crossbar.studies import digits_mlp
from neuroexplore.datasets import load_digits
from neuroexplore.devices import presets
from neuroexplore.perspectives import (
    FOM_GROUP_LABELS,
    FOM_GROUPS,
    FOM_SPECS,
    IDEAL_FOM,
    DeviceFiguresOfMerit,
    EvaluationSettings,
    evaluate_design,
    fom_scores,
    limiting_fom,
    preset_figures_of_merit,
    repaired,
    tradeoff_table,
)

FAST = EvaluationSettings(repeats=1)
BINOMIAL_SE = 0.01  # sqrt(0.95 * 0.05 / 450)


def _csv_rows() -> list[dict[str, str]]:
    text = resources.files("neuroexplore").joinpath("data", "devices_pulse_update.csv")
    lines = [ln for ln in text.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


# --------------------------------------------------------------- figures of merit
@pytest.mark.parametrize("row", _csv_rows(), ids=lambda r: r["name"])
def test_preset_figures_of_merit_are_the_published_values(row: dict[str, str]) -> None:
    fom = preset_figures_of_merit(row["name"])
    assert fom.states_ltp == int(row["states_ltp"])
    assert fom.states_ltd == int(row["states_ltd"])
    assert fom.nonlinearity_ltp == pytest.approx(float(row["nonlinearity_ltp"]), abs=1e-12)
    assert fom.nonlinearity_ltd == pytest.approx(float(row["nonlinearity_ltd"]), abs=1e-12)
    assert fom.on_off_ratio == pytest.approx(float(row["on_off_ratio"]), rel=1e-12)
    assert fom.r_on == pytest.approx(float(row["r_on_ohm"]), rel=1e-12)
    assert fom.c2c_sigma == pytest.approx(float(row["c2c_sigma"]), abs=1e-15)
    assert fom.reference == row["reference"]
    # not in the table: ideal, and said so
    assert fom.d2d_sigma == 0.0 and fom.retention_time == IDEAL_FOM.retention_time
    assert "not in the published table" in fom.notes


def test_every_preset_converts_and_back_to_a_pulse_device() -> None:
    for name in presets():
        fom = preset_figures_of_merit(name)
        dev = fom.to_pulse_device()
        assert dev.g_max == pytest.approx(1.0 / fom.r_on, rel=1e-12)
        assert dev.g_max / dev.g_min == pytest.approx(fom.on_off_ratio, rel=1e-12)
        assert (dev.states_ltp, dev.states_ltd) == (fom.states_ltp, fom.states_ltd)


def test_spec_defaults_are_the_dataclass_defaults() -> None:
    fom = DeviceFiguresOfMerit()
    for spec in FOM_SPECS:
        assert getattr(fom, spec.name) == spec.default, spec.name
    assert set(sum(FOM_GROUPS.values(), ())) == {s.name for s in FOM_SPECS}


@pytest.mark.parametrize(
    ("field", "value", "range_text"),
    [
        ("states_ltp", 0, "[2, 1000] pulses"),
        ("states_ltd", 1, "[2, 1000] pulses"),
        ("on_off_ratio", 0.5, "[1.1, 10000]"),
        ("on_off_ratio", 1.0, "[1.1, 10000]"),
        ("c2c_sigma", -0.1, "[0, 0.5] frac"),
        ("r_on", 10.0, "[1000, 1e+08] ohm"),
        ("retention_time", 0.0, "[1, 1e+09] s"),
        ("nonlinearity_ltp", float("nan"), "[-9, 9] label"),
    ],
)
def test_bad_figure_of_merit_names_parameter_value_and_range(field, value, range_text) -> None:
    with pytest.raises(ValueError, match=field) as info:
        DeviceFiguresOfMerit(**{field: value})
    assert range_text in str(info.value)


def test_bad_settings_and_targets_raise() -> None:
    with pytest.raises(ValueError, match=r"mode = 'analog' is not valid"):
        EvaluationSettings(mode="analog")
    with pytest.raises(ValueError, match=r"repeats = 0 seeds is outside its valid range"):
        EvaluationSettings(repeats=0)
    with pytest.raises(ValueError, match=r"target_accuracy = 1.5 is outside"):
        limiting_fom(IDEAL_FOM, FAST, target_accuracy=1.5)
    with pytest.raises(ValueError, match=r"unknown DeviceFiguresOfMerit field\(s\) \[.states.\]"):
        IDEAL_FOM.with_params(states=3)
    with pytest.raises(ValueError, match="group = 'speed' is not valid"):
        repaired(IDEAL_FOM, "speed")


def test_retained_fraction_is_the_kohlrausch_law() -> None:
    fom = IDEAL_FOM.with_params(retention_time=3.0e4, retention_beta=0.6)
    for t in (0.0, 10.0, 3.0e4, 1.0e6):
        assert fom.retained_fraction(t) == pytest.approx(math.exp(-((t / 3.0e4) ** 0.6)),
                                                         rel=1e-12)


def test_scores_are_one_for_the_ideal_and_zero_at_the_worst_end() -> None:
    assert fom_scores(IDEAL_FOM) == {g: 1.0 for g in FOM_GROUPS}
    worst = DeviceFiguresOfMerit(states_ltp=2, states_ltd=2, nonlinearity_ltp=9,
                                 nonlinearity_ltd=-9, c2c_sigma=0.5, d2d_sigma=0.5,
                                 on_off_ratio=1.1, r_on=1e3, retention_time=1.0,
                                 retention_beta=0.01)
    assert fom_scores(worst) == {g: 0.0 for g in FOM_GROUPS}


def test_figures_of_merit_import_without_torch() -> None:
    code = ("import sys; import neuroexplore.perspectives as p; "
            "p.preset_figures_of_merit('PCMO'); assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------- relaxation
def test_relaxed_array_scales_the_realised_weights_by_the_retained_fraction() -> None:
    w = np.random.default_rng(1).normal(size=(5, 7))
    cfg = CrossbarConfig(pulse_device=preset_figures_of_merit("PCMO").to_pulse_device(),
                         torch_device="cpu")
    arr = CrossbarArray.from_weights(w, None, cfg, seed=3)
    relaxed = arr.relaxed(0.3)
    g0, g1 = arr.conductances(0.0), relaxed.conductances(0.0)
    g_min = arr.device.g_min
    for rail in ("pos", "neg"):  # G - G_min shrinks by the retained fraction, per cell
        torch.testing.assert_close(g1[rail] - g_min, 0.3 * (g0[rail] - g_min))
    torch.testing.assert_close(relaxed.effective_weights(), 0.3 * arr.effective_weights())
    x = np.random.default_rng(2).uniform(size=(4, 7))
    np.testing.assert_allclose(arr.relaxed(1.0).matmul(x), arr.matmul(x), rtol=1e-6)
    with pytest.raises(ValueError, match=r"retained = 1.5 is outside its valid range \[0, 1\]"):
        arr.relaxed(1.5)


# ------------------------------------------------------------------- accuracy
def test_ideal_device_reaches_the_float_accuracy() -> None:
    # independent reference: the float model's own forward pass in the crossbar engine
    ref = evaluate(digits_mlp(), CrossbarConfig(pulse_device="ideal", torch_device="cpu"),
                   "digits", seed=0).accuracy_float
    assert ref > 0.93
    for r_wire in (0.0, 1.0):
        res = evaluate_design(IDEAL_FOM, EvaluationSettings(repeats=2, r_wire=r_wire))
        assert res.accuracy_float == pytest.approx(ref, abs=1e-12)
        # 1000 linear states: weights within 1/2000 of w_max; tolerance one test digit
        assert abs(res.accuracy - ref) <= 1 / 450 + 1e-12


def test_no_retention_loss_gives_the_crossbar_engines_own_evaluation() -> None:
    fom = preset_figures_of_merit("AlOx/HfO2")
    s = EvaluationSettings(repeats=2, r_wire=0.5, seed=4)
    res = evaluate_design(fom, s)
    assert res.retained == pytest.approx(1.0, abs=1e-4)
    ref = [evaluate(digits_mlp(), s.crossbar_config(fom), "digits", seed=4 + k).accuracy
           for k in range(2)]
    # retained = exp(-(86400/1e9)) = 0.99991: at most one digit may flip
    assert np.allclose(res.accuracy_runs, ref, atol=1 / 450 + 1e-12)


def test_accuracy_does_not_rise_as_states_fall() -> None:
    s = EvaluationSettings(repeats=1, r_wire=0.0)
    acc = [evaluate_design(IDEAL_FOM.with_params(states_ltp=n, states_ltd=n), s).accuracy
           for n in (1000, 64, 16, 8, 4, 2)]
    assert all(b <= a + BINOMIAL_SE for a, b in zip(acc, acc[1:], strict=False)), acc
    assert acc[-1] < acc[0] - 0.05  # two states cost far more than the tolerance


@pytest.mark.parametrize(("field", "values"), [("c2c_sigma", (0.0, 0.02, 0.05, 0.1, 0.2)),
                                               ("d2d_sigma", (0.0, 0.1, 0.2, 0.3, 0.5))])
def test_accuracy_does_not_rise_as_variation_grows(field, values) -> None:
    s = EvaluationSettings(repeats=3, r_wire=0.0)  # mean over three programming seeds
    base = IDEAL_FOM.with_params(states_ltp=32, states_ltd=32)
    acc = [evaluate_design(base.with_params(**{field: v}), s).accuracy for v in values]
    assert all(b <= a + BINOMIAL_SE for a, b in zip(acc, acc[1:], strict=False)), acc
    assert acc[-1] < acc[0] - 0.05


def test_in_situ_accuracy_is_the_training_engines_own_test_accuracy() -> None:
    from neuroexplore.crossbar import train_in_situ

    fom = preset_figures_of_merit("EpiRAM Ag:SiGe")
    s = EvaluationSettings(mode="in_situ", repeats=1, epochs=2, seed=5)
    res = evaluate_design(fom, s)
    hist = train_in_situ(fom.to_pulse_device(), "digits", 2, 5)
    # retained 0.99991 scales the weights: at most one digit may flip
    assert res.accuracy == pytest.approx(hist.final_accuracy, abs=1 / 450 + 1e-12)
    assert res.accuracy_float == pytest.approx(
        train_in_situ(None, "digits", 2, 5).final_accuracy, abs=1e-12)


# --------------------------------------------------------------------- energy
def _analytic_energy(fom: DeviceFiguresOfMerit, s: EvaluationSettings) -> tuple[float, float]:
    """Read energy sum_ij V_i^2 (G+_ij + G-_ij) t_read (mean over the test digits) and the
    converter energy rows 2^8 C_u V_DD^2 + cols FoM_W 2^8, from the programmed cells."""
    t_read, c_unit, v_dd, adc_fom = 250e-9, 1e-15, 1.0, 10e-15
    model = convert(digits_mlp(), s.crossbar_config(fom), s.seed)
    x = torch.as_tensor(load_digits().x_test, dtype=torch.float32)
    read = conv = 0.0
    with torch.no_grad():
        for _, layer in analog_layers(model):
            g = layer.array.conductances(0.0)
            g_row = (g["pos"] + g["neg"]).sum(dim=1).double()  # per input row (S)
            v = s.v_read * x / x.abs().amax(dim=1, keepdim=True)  # per-vector DAC scaling
            read += float(((v.double() ** 2) @ g_row).mean()) * t_read
            conv += layer.array.rows * 2**8 * c_unit * v_dd**2 + layer.array.cols * adc_fom * 2**8
            x = torch.relu(layer(x))  # the next layer's input (the MLP's ReLU)
    return read, conv


@pytest.mark.parametrize("name", ["GST PCM", "AlOx/HfO2", "HZO FeFET"])
def test_energy_is_the_analytic_read_sum_plus_converters(name: str) -> None:
    fom = preset_figures_of_merit(name)
    s = EvaluationSettings(repeats=1, r_wire=0.0)
    res = evaluate_design(fom, s)
    read, conv = _analytic_energy(fom, s)
    assert res.energy_read == pytest.approx(read, rel=1e-4)
    assert res.energy_dac + res.energy_adc == pytest.approx(conv, rel=1e-9)
    assert res.energy == pytest.approx(read + conv, rel=1e-4)


def test_read_energy_scales_with_voltage_squared_and_conductance() -> None:
    fom = IDEAL_FOM.with_params(r_on=1e4, on_off_ratio=100.0)  # noiseless: same h per cell
    s = EvaluationSettings(repeats=1, r_wire=0.0)
    e = evaluate_design(fom, s).energy_read
    assert evaluate_design(fom, s.with_params(v_read=0.4)).energy_read == pytest.approx(4 * e,
                                                                                    rel=1e-5)
    assert evaluate_design(fom.with_params(r_on=5e3), s).energy_read == pytest.approx(2 * e,
                                                                                  rel=1e-5)


# --------------------------------------------------------------------- table
def test_tradeoff_table_rows_csv_and_early_stop() -> None:
    design = DeviceFiguresOfMerit(name="mine")
    table = tradeoff_table([design], FAST)
    names = table.column("name")
    assert names == [*presets(), "mine"]
    assert table.column("kind") == ["preset"] * len(presets()) + ["design"]
    assert table.result("mine").fom == design
    lines = table.to_csv().strip().splitlines()
    assert lines[0].split(",")[:4] == ["name", "kind", "accuracy", "accuracy_std"]
    assert len(lines) == len(presets()) + 2
    row = next(csv.DictReader(lines[:1] + lines[-1:]))
    assert float(row["energy_J"]) == pytest.approx(table.result("mine").energy, rel=1e-5)
    seen = []
    short = tradeoff_table([design], FAST, callback=lambda i, n, m: seen.append(i) or i < 2)
    assert len(short) == 2 and seen == [1, 2]
    with pytest.raises(ValueError, match="at least one design"):
        tradeoff_table([], FAST, include_presets=False)


def test_tradeoff_table_to_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    df = tradeoff_table([IDEAL_FOM], FAST, include_presets=False).to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df["name"]) == [IDEAL_FOM.name]


# ------------------------------------------------------------- limiting FoM
@pytest.mark.parametrize(
    ("changes", "limiter"),
    [
        (dict(states_ltp=2, states_ltd=2), "states"),
        (dict(c2c_sigma=0.3), "variation"),
        (dict(d2d_sigma=0.5, states_ltp=64, states_ltd=64), "variation"),
        (dict(retention_time=1.0), "retention"),
    ],
)
def test_a_design_ideal_but_for_one_defect_is_limited_by_it(changes, limiter) -> None:
    design = IDEAL_FOM.with_params(name="constructed", **changes)
    a = limiting_fom(design, FAST, target_accuracy=0.92)
    assert not a.meets_accuracy and a.meets_energy
    assert a.accuracy_limiter == limiter and a.limiter == limiter
    # repairing the defect recovers (nearly) the ideal accuracy
    ideal = limiting_fom(IDEAL_FOM, FAST).design.accuracy
    assert a.repaired[limiter].accuracy >= ideal - BINOMIAL_SE
    assert FOM_GROUP_LABELS[limiter] in a.summary()


def test_energy_limiters_r_on_and_on_off() -> None:
    a = limiting_fom(IDEAL_FOM.with_params(r_on=1e3), FAST, target_energy=2e-10)
    assert not a.meets_energy and a.energy_limiter == "r_on"
    assert a.energy_saving["r_on"] > 0.5 * a.design.energy_read
    # with R_on fixed by the technology (the reference keeps it), on/off is what is left
    tech = IDEAL_FOM.with_params(r_on=1e4)
    b = limiting_fom(tech.with_params(on_off_ratio=1.2), FAST, target_energy=2e-10, ideal=tech)
    assert not b.meets_energy and b.energy_limiter == "on_off"


def test_in_situ_training_is_limited_by_asymmetric_nonlinearity() -> None:
    design = IDEAL_FOM.with_params(name="NL 5/-5", nonlinearity_ltp=5.0, nonlinearity_ltd=-5.0)
    s = EvaluationSettings(mode="in_situ", repeats=1, epochs=2)
    a = limiting_fom(design, s, target_accuracy=0.85)
    assert a.accuracy_limiter == "nonlinearity"
    assert a.accuracy_gain["nonlinearity"] > 0.1


def test_met_targets_name_no_limiter_and_callback_can_stop() -> None:
    a = limiting_fom(IDEAL_FOM, FAST, target_accuracy=0.5, target_energy=1e-7)
    assert a.meets_targets and a.limiter is None and "meets both targets" in a.summary()
    calls = []
    b = limiting_fom(IDEAL_FOM, FAST, callback=lambda i, n, m: calls.append((i, n)) or i < 3)
    assert b.cancelled and calls == [(1, 7), (2, 7), (3, 7)] and len(b.repaired) == 2
