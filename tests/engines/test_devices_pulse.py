"""PulseDevice contract, NeuroSim nonlinearity mapping and presets.

References: NeuroSim getParamA pairs (CSV header / task contract), the NeuroSim
LTP/LTD formulas written out independently here, and the published table
../shared/reference/devices_pulse_update.csv.
"""

from __future__ import annotations

import csv
import io
import math
import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from neuroexplore.devices import (
    PULSE_DEVICE_SPECS,
    PulseDevice,
    a_to_nonlinearity,
    get_device,
    nonlinearity_to_a,
    presets,
)
from neuroexplore.devices.nonlinearity import max_deviation, shape

PAIRS = [(1.00, 1.2517), (2.40, 0.4992), (4.88, 0.2003)]


def _reference_rows(reference_dir):
    text = (reference_dir / "devices_pulse_update.csv").read_text()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return {r["name"]: r for r in csv.DictReader(io.StringIO("\n".join(lines)))}


# ------------------------------------------------------------------ label <-> A
@pytest.mark.parametrize("label, a", PAIRS)
def test_neurosim_getparama_pairs(label, a):
    assert nonlinearity_to_a(label) == pytest.approx(a, rel=1e-3)
    assert nonlinearity_to_a(-label) == pytest.approx(-a, rel=1e-3)
    assert a_to_nonlinearity(a) == pytest.approx(label, rel=1e-3)


def test_pairs_as_stated_in_reference_header(reference_dir):
    header = (reference_dir / "devices_pulse_update.csv").read_text().splitlines()[1]
    pairs = re.findall(r"(\d+\.\d+)->(\d+\.\d+)", header)
    assert len(pairs) == 3
    for label, a in pairs:
        assert nonlinearity_to_a(float(label)) == pytest.approx(float(a), rel=1e-3)


@pytest.mark.parametrize("a", [0.05, 0.2003, 1.0, 7.0, 300.0])
def test_closed_form_deviation_matches_brute_force(a):
    x = np.linspace(0.0, 1.0, 400_001)
    s = (1 - np.exp(-x / a)) / (1 - np.exp(-1 / a))
    assert max_deviation(1 / a) == pytest.approx(np.max(s - x), rel=1e-8, abs=1e-12)
    # convex curve (negative a): same deviation below the diagonal
    s_neg = (1 - np.exp(x / a)) / (1 - np.exp(1 / a))
    assert max_deviation(1 / a) == pytest.approx(np.max(x - s_neg), rel=1e-8, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(-9.0, 9.0).filter(lambda v: abs(v) > 1e-6))
def test_label_roundtrip(label):
    assert a_to_nonlinearity(nonlinearity_to_a(label)) == pytest.approx(label, rel=1e-9)


def test_label_zero_is_linear_and_out_of_range_rejected():
    assert math.isinf(nonlinearity_to_a(0.0))
    with pytest.raises(ValueError, match="nonlinearity label"):
        nonlinearity_to_a(12.0)


# ------------------------------------------------------------ NeuroSim formulas
def test_neurosim_curves_match_manual_formulas():
    dev = PulseDevice(g_min=2e-6, g_max=2e-5, states_ltp=50, states_ltd=40,
                      nonlinearity_ltp=2.4, nonlinearity_ltd=-4.88)
    p_max, A = 50, 0.4992 * 50
    B = (dev.g_max - dev.g_min) / (1 - np.exp(-p_max / A))
    p = np.linspace(0, p_max, 37)
    np.testing.assert_allclose(dev.potentiation_curve(p),
                               B * (1 - np.exp(-p / A)) + dev.g_min, rtol=2e-4)
    q_max, A_d = 40, 0.2003 * 40
    B_d = (dev.g_max - dev.g_min) / (1 - np.exp(-q_max / A_d))
    q = np.linspace(0, q_max, 29)
    np.testing.assert_allclose(dev.depression_curve(q),
                               -B_d * (1 - np.exp((q - q_max) / A_d)) + dev.g_max, rtol=2e-4)


def test_inverses_roundtrip_all_models():
    for model in ("neurosim", "soft_bounds", "linear"):
        dev = PulseDevice(model=model, states_ltp=30, states_ltd=30,
                          nonlinearity_ltp=3.0, nonlinearity_ltd=-2.0)
        p = np.linspace(0.5, 29.5, 11)
        np.testing.assert_allclose(dev.pulses_from_g_ltp(dev.potentiation_curve(p)), p,
                                   rtol=1e-9)
        np.testing.assert_allclose(dev.pulses_from_g_ltd(dev.depression_curve(p)), p,
                                   rtol=1e-9)


def test_soft_bounds_step_rule():
    dev = PulseDevice(model="soft_bounds", states_ltp=20, states_ltd=25)
    g = np.array([1.5e-6, 5e-6, 9e-6])
    np.testing.assert_allclose(dev.apply_pulses(g, 1) - g, (dev.g_max - g) / 20, rtol=1e-10)
    np.testing.assert_allclose(g - dev.apply_pulses(g, -1), (g - dev.g_min) / 25, rtol=1e-10)


def test_linear_fixed_step():
    dev = PulseDevice(model="linear", states_ltp=10, states_ltd=20)
    g = dev.pulse_response(10)
    np.testing.assert_allclose(np.diff(g[:11]), 0.9e-6, rtol=1e-9)
    np.testing.assert_allclose(np.diff(g[11:]), -0.45e-6, rtol=1e-9)
    assert math.isinf(dev.a_ltp) and math.isinf(dev.a_ltd)


def test_apply_pulses_batch_equals_single_steps():
    dev = get_device("PCMO")
    g0 = np.array([dev.g_min, 1.5e-8, 3e-8, dev.g_max])
    for n in (7, -7):
        g = g0.copy()
        for _ in range(abs(n)):
            g = dev.apply_pulses(g, int(np.sign(n)))
        np.testing.assert_allclose(dev.apply_pulses(g0, n), g, rtol=1e-9)


def test_apply_pulses_vectorised_shape_and_purity():
    dev = get_device("Ag:a-Si")
    g = np.full((4, 5), dev.g_min)
    g_copy = g.copy()
    n = np.arange(-10, 10).reshape(4, 5)
    out = dev.apply_pulses(g, n, rng=3)
    assert out.shape == (4, 5)
    np.testing.assert_array_equal(g, g_copy)
    assert np.all(out[n == 0] == g[n == 0])


def test_c2c_noise_scales_with_sqrt_pulses():
    dev = PulseDevice(model="linear", states_ltp=1000, states_ltd=1000, c2c_sigma=0.01)
    g = np.full(40_000, 0.5 * (dev.g_min + dev.g_max))
    rng = np.random.default_rng(0)
    for n in (1, 16):
        out = dev.apply_pulses(g, n, rng=rng)
        expected_mean = g[0] + n * (dev.g_max - dev.g_min) / 1000
        std = 0.01 * (dev.g_max - dev.g_min) * np.sqrt(n)
        assert np.mean(out) == pytest.approx(expected_mean, abs=4 * std / 200)
        assert np.std(out) == pytest.approx(std, rel=0.03)


def test_seeded_noise_is_reproducible():
    dev = get_device("TaOx/HfOx")
    np.testing.assert_array_equal(dev.pulse_response(20, seed=5), dev.pulse_response(20, seed=5))
    assert not np.array_equal(dev.pulse_response(20, seed=5), dev.pulse_response(20, seed=6))
    np.testing.assert_array_equal(dev.pulse_response(20), dev.pulse_response(20))


def test_d2d_sampling():
    dev = get_device("Ag:a-Si").with_params(d2d_sigma=0.1)
    p = dev.sample_d2d((200, 50), np.random.default_rng(1))
    assert p["g_max"].shape == (200, 50)
    assert np.all(p["g_max"] > p["g_min"])
    assert np.std(np.log(p["g_max"])) == pytest.approx(0.1, rel=0.05)
    assert np.all(np.sign(p["a_ltd"]) == -1)
    g = dev.apply_pulses(np.broadcast_to(p["g_min"], (200, 50)), 500, params=p)
    np.testing.assert_allclose(g, p["g_max"])
    a, b = get_device("Ag:a-Si", seed=1), get_device("Ag:a-Si", seed=1)
    assert a == b
    assert dev.sample(7) == dev.sample(7) and dev.sample(7) != dev


# --------------------------------------------------------------------- presets
def test_preset_names_and_unknown():
    names = presets()
    assert names[-1] == "ideal"
    assert {"Ag:a-Si", "TaOx/HfOx", "PCMO", "AlOx/HfO2", "GST PCM", "EpiRAM Ag:SiGe",
            "HZO FeFET"} <= set(names)
    with pytest.raises(ValueError, match="valid names"):
        get_device("unobtainium")


#: Corrections of the bundled table to the reference file (stated in its provenance line).
ERRATA = {"Kuzum et al. Nano Lett. 2011": "Kuzum et al. Nano Lett. 2012"}  # 12:2179 (2012)


def test_every_reference_row_has_a_preset(reference_dir):
    rows = _reference_rows(reference_dir)
    assert set(rows) == set(presets()) - {"ideal"}
    for name, r in rows.items():
        dev = get_device(name)
        assert dev.reference == ERRATA.get(r["reference"], r["reference"])
        assert dev.g_max == pytest.approx(1 / float(r["r_on_ohm"]), rel=1e-12)
        assert dev.on_off_ratio == pytest.approx(float(r["on_off_ratio"]), rel=1e-12)
        assert (dev.states_ltp, dev.states_ltd) == (int(r["states_ltp"]), int(r["states_ltd"]))
        assert dev.nonlinearity_ltp == float(r["nonlinearity_ltp"])
        assert dev.nonlinearity_ltd == float(r["nonlinearity_ltd"])
        assert dev.c2c_sigma == float(r["c2c_sigma"])
        assert dev.write_pulse == r["write_pulse"]
        assert dev.model == "neurosim" and dev.d2d_sigma == 0


@pytest.mark.parametrize("name", presets())
def test_preset_common_checks(name):
    """One common check over every preset (aihwkit style)."""
    dev = get_device(name)
    n = max(dev.states_ltp, dev.states_ltd)
    for seed in (None, 0):
        g = dev.pulse_response(n, seed=seed)
        assert g.shape == (2 * n + 1,)
        assert np.all(np.isfinite(g))
        assert np.all(g >= dev.g_min) and np.all(g <= dev.g_max)
        assert g[0] == dev.g_min
    g = dev.pulse_response(n)
    assert g[n] == pytest.approx(dev.g_max, rel=1e-9)  # full LTP reaches g_max
    assert np.all(np.diff(g[: n + 1]) >= 0) and np.all(np.diff(g[n:]) <= 0)
    # LTD spans g_max -> g_min in states_ltd pulses
    g_ltd = dev.apply_pulses(np.asarray(dev.g_max), -dev.states_ltd)
    assert g_ltd == pytest.approx(dev.g_min, rel=1e-9)
    # the label sets the curvature: midpoint of the LTP curve vs the straight line
    mid = (dev.potentiation_curve(dev.states_ltp / 2) - dev.g_min) / (dev.g_max - dev.g_min)
    assert np.sign(mid - 0.5) == np.sign(dev.nonlinearity_ltp) or dev.nonlinearity_ltp == 0
    if dev.pulse_width is not None:
        assert 1e-9 <= dev.pulse_width <= 1e-2


# --------------------------------------------------------------------- validation
def test_bad_parameters_raise_one_clear_error():
    with pytest.raises(ValueError, match=r"c2c_sigma = 2 is outside its valid range \[0, 0.5\]"):
        PulseDevice(c2c_sigma=2.0)
    with pytest.raises(ValueError, match="g_max"):
        PulseDevice(g_min=1e-5, g_max=1e-6)
    with pytest.raises(ValueError, match="model"):
        PulseDevice(model="magic")
    with pytest.raises(ValueError, match="unknown PulseDevice field"):
        PulseDevice().with_params(colour="red")
    with pytest.raises(ValueError, match="states_ltp"):
        get_device("PCMO").with_params(states_ltp=1)
    with pytest.raises(ValueError, match="n_pulses"):
        PulseDevice().apply_pulses(1e-6, 0.5)
    with pytest.raises(ValueError, match="n_pulses"):
        PulseDevice().pulse_response(0)


_specs = {s.name: s for s in PULSE_DEVICE_SPECS if hasattr(s, "low")}


@st.composite
def devices(draw):
    model = draw(st.sampled_from(["neurosim", "soft_bounds", "linear"]))
    g_min = draw(st.floats(1e-12, 1e-2))
    ratio = draw(st.floats(1.01, 1e4))
    kw = {k: draw(st.floats(_specs[k].low, _specs[k].high))
          for k in ("nonlinearity_ltp", "nonlinearity_ltd", "c2c_sigma")}
    kw.update(states_ltp=draw(st.integers(2, 10_000)), states_ltd=draw(st.integers(2, 10_000)))
    return PulseDevice(model=model, g_min=g_min, g_max=min(g_min * ratio, 1.0), **kw)


@settings(max_examples=50, deadline=None)
@given(devices(), st.lists(st.integers(-3000, 3000), min_size=1, max_size=30),
       st.integers(0, 2**31 - 1))
def test_conductance_stays_in_bounds_under_any_sequence(dev, seq, seed):
    rng = np.random.default_rng(seed)
    g = np.array([dev.g_min, 0.5 * (dev.g_min + dev.g_max), dev.g_max])
    for n in seq:
        g = dev.apply_pulses(g, np.array([n, -n, n]), rng=rng)
        assert np.all(np.isfinite(g))
        assert np.all(g >= dev.g_min) and np.all(g <= dev.g_max)


@settings(max_examples=25, deadline=None)
@given(devices())
# found by hypothesis: at label 9, e^(-1/|a|) rounds to 0 and the inverse curve hit log(0)
@example(PulseDevice(g_min=0.0078125, g_max=0.015625, states_ltp=2, states_ltd=2,
                     nonlinearity_ltp=0.0, nonlinearity_ltd=9.0))
def test_pulse_response_finite_over_param_ranges(dev):
    g = dev.pulse_response(min(dev.states_ltp, 300), seed=1)
    assert np.all(np.isfinite(g)) and np.all((g >= dev.g_min) & (g <= dev.g_max))


def test_shape_endpoints():
    for a in (-0.03, -1.0, 0.5, 40.0, math.inf):
        np.testing.assert_allclose(shape(np.array([0.0, 1.0]), a), [0.0, 1.0], atol=1e-12)


def test_device_engine_does_not_import_torch_or_widgets():
    import subprocess
    import sys

    code = ("import sys, neuroexplore.devices; "
            "print(any(m in sys.modules for m in ('torch', 'ipywidgets', 'plotly')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
