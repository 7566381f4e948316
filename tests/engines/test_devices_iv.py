"""Memristor I-V dynamics: HP closed form, thresholds, pinched hysteresis, windows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroexplore.devices import (
    MODEL_REFERENCES,
    MODEL_SPECS,
    hp_memristance_closed_form,
    loop_area,
    pulse_train,
    sampled,
    simulate_iv,
    sine,
    triangle,
    window,
)


def test_hp_no_window_matches_charge_controlled_closed_form():
    # flux of a sine: phi(t) = A (1 - cos(2 pi f t)) / (2 pi f)
    t = np.linspace(0, 2, 1601)
    tr = simulate_iv("hp", sine(1.0, 1.0), t, x0=0.1)
    phi = (1 - np.cos(2 * np.pi * t)) / (2 * np.pi)
    m_exact = hp_memristance_closed_form(phi, x0=0.1)
    assert tr.state.max() < 1 and tr.state.min() > 0  # stays off the bounds
    np.testing.assert_allclose(1 / tr.conductance, m_exact, rtol=1e-7)
    # the charge q = int i dt moves the state linearly: x = x0 + mu_v R_on q / D^2
    q = np.concatenate([[0], np.cumsum(0.5 * (tr.i[1:] + tr.i[:-1]) * np.diff(t))])
    np.testing.assert_allclose(tr.state, 0.1 + 1e-14 * 100 / 1e-16 * q, atol=1e-5)


def test_hp_closed_form_independent_of_our_integrator():
    """Same physics written directly for solve_ivp (dM/dt form) vs the closed form."""
    k, r_on, r_off = 1e4, 100.0, 16e3

    def rhs(t, y):
        m = y[0]
        return [-(r_off - r_on) * k * np.sin(2 * np.pi * t) / m]

    t = np.linspace(0, 1, 101)
    sol = solve_ivp(rhs, (0, 1), [r_on * 0.1 + r_off * 0.9], t_eval=t, rtol=1e-11, atol=1e-9)
    phi = (1 - np.cos(2 * np.pi * t)) / (2 * np.pi)
    np.testing.assert_allclose(sol.y[0], hp_memristance_closed_form(phi, x0=0.1), rtol=1e-8)


@pytest.mark.parametrize("model", ["hp", "vteam", "yakopcic"])
def test_hysteresis_pinched_at_origin(model):
    f = 1.0 if model != "yakopcic" else 100.0
    amp = 1.0 if model != "yakopcic" else 0.45
    t = np.linspace(0, 1 / f, 2001)
    tr = simulate_iv(model, sine(amp, f), t)
    zero = np.abs(tr.v) < 1e-12 * amp  # t = 0, T/2, T
    assert zero.sum() == 3
    assert np.all(np.abs(tr.i[zero]) < 1e-12 * np.abs(tr.i).max())
    # and it is a loop: the two branches at the same |v| carry different current
    assert loop_area(tr.v, tr.i) > 0


def test_hp_loop_area_falls_with_frequency():
    areas = []
    for f in (1.0, 2.0, 5.0, 10.0, 50.0):
        t = np.linspace(0, 1 / f, 2001)
        tr = simulate_iv("hp", sine(1.0, f), t, x0=0.1)
        areas.append(loop_area(tr.v, tr.i))
    assert np.all(np.diff(areas) < 0)
    # at high frequency the memristor degenerates to a linear resistor: area ~ 1/f
    assert areas[-1] / areas[-2] == pytest.approx(10 / 50, rel=0.05)


def test_loop_area_of_known_shapes():
    th = np.linspace(0, 2 * np.pi, 20001)
    # ellipse v = a cos, i = b sin: area pi a b
    assert loop_area(2 * np.cos(th), 3 * np.sin(th)) == pytest.approx(6 * np.pi, rel=1e-6)
    # figure-eight (two lobes of opposite orientation) does not cancel
    v, i = np.sin(th), np.sin(2 * th)
    assert loop_area(v, i) == pytest.approx(8 / 3, rel=1e-6)  # 2 * int_0^pi |sin 2t| cos t dt
    # a resistor has no area
    assert loop_area(np.sin(th), 0.5 * np.sin(th)) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.01, 0.29), st.floats(0.1, 100.0), st.floats(0.0, 1.0))
def test_vteam_no_state_change_between_thresholds(amp, freq, x0):
    t = np.linspace(0, 1 / freq, 101)
    tr = simulate_iv("vteam", sine(amp, freq), t, x0=x0)  # |v| < v_off = |v_on| = 0.3 V
    assert np.all(tr.state == x0)
    assert loop_area(tr.v, tr.i) == pytest.approx(0.0, abs=1e-18)


def test_vteam_threshold_rate_matches_formula():
    # constant 0.6 V = 2 v_off: dx/dt = k_off / d (0.6/0.3 - 1)^3 = 10 /s (no window)
    t = np.linspace(0, 0.03, 7)
    tr = simulate_iv("vteam", sampled(np.array([0.0, 1.0]), np.array([0.6, 0.6])), t, x0=0.2)
    np.testing.assert_allclose(tr.state, 0.2 + 10.0 * t, rtol=1e-9)
    tr = simulate_iv("vteam", sampled(np.array([0.0, 1.0]), np.array([-0.6, -0.6])), t, x0=0.5)
    np.testing.assert_allclose(tr.state, 0.5 - 10.0 * t, rtol=1e-9)


def test_vteam_exponential_iv_resistance():
    t = np.linspace(0, 0.1, 3)
    tr = simulate_iv("vteam", sine(0.1, 1.0), t, x0=0.5, iv="exponential")
    assert 1 / tr.conductance[0] == pytest.approx(1e3 * np.sqrt(100.0), rel=1e-12)


def test_windows_and_bounds():
    x = np.linspace(0, 1, 11)
    np.testing.assert_allclose(window(x, 1, "joglekar", 2), 1 - (2 * x - 1) ** 4)
    np.testing.assert_allclose(window(x, 1, "biolek", 1), 1 - x**2)
    np.testing.assert_allclose(window(x, -1, "biolek", 1), 1 - (x - 1) ** 2)
    t = np.linspace(0, 4, 2001)
    for w in ("none", "joglekar", "biolek"):
        tr = simulate_iv("hp", sine(1.5, 0.5), t, window=w, x0=0.5)
        assert np.all((tr.state >= 0) & (tr.state <= 1))
    # Biolek lets the state leave the bound it reached, Joglekar's boundary lock does not
    jog = simulate_iv("hp", sine(1.5, 0.5), t, window="joglekar", x0=0.5).state
    bio = simulate_iv("hp", sine(1.5, 0.5), t, window="biolek", x0=0.5).state
    assert bio[-500:].min() < 0.5 < jog[-500:].min()


def test_pulse_train_integration_exact_between_edges():
    # VTEAM under a 0.6 V pulse train: state rises 10 /s only while the pulse is high
    wf = pulse_train(0.6, 10.0, 0.3)
    t = np.linspace(0, 0.25, 26)
    tr = simulate_iv("vteam", wf, t, x0=0.0)
    high_time = np.array([min(tt % 0.1, 0.03) + 0.03 * (tt // 0.1) for tt in t])
    np.testing.assert_allclose(tr.state, 10.0 * high_time, atol=1e-9)


def test_waveforms():
    assert float(triangle(2.0, 1.0)(0.25)) == pytest.approx(2.0)
    assert float(triangle(2.0, 1.0)(0.75)) == pytest.approx(-2.0)
    assert pulse_train(1.0, 1.0, 0.25).breakpoints(0, 2).tolist() == [0.25, 1.0, 1.25]
    with pytest.raises(ValueError, match="frequency"):
        sine(1.0, -5.0)
    with pytest.raises(ValueError, match="strictly increasing"):
        sampled(np.array([0.0, 0.0]), np.array([1.0, 2.0]))


def test_parameter_sweep_broadcasts():
    t = np.linspace(0, 1, 201)
    r_off = np.array([1e4, 2e4, 4e4])
    tr = simulate_iv("hp", sine(1.0, 1.0), t, r_off=r_off)
    assert tr.i.shape == (3, 201)
    single = simulate_iv("hp", sine(1.0, 1.0), t, r_off=2e4)
    np.testing.assert_allclose(tr.i[1], single.i, rtol=1e-9, atol=1e-15)


def test_bad_input_errors():
    t = np.linspace(0, 1, 11)
    with pytest.raises(ValueError, match=r"r_on = 0.5 ohm is outside"):
        simulate_iv("hp", sine(), t, r_on=0.5)
    with pytest.raises(ValueError, match="model"):
        simulate_iv("spice", sine(), t)
    with pytest.raises(ValueError, match="strictly increasing"):
        simulate_iv("hp", sine(), t[::-1])
    with pytest.raises(ValueError, match="unknown parameter"):
        simulate_iv("hp", sine(), t, k_off=1.0)
    with pytest.raises(ValueError, match="r_off"):
        simulate_iv("hp", sine(), t, r_on=1e4, r_off=1e3)


@pytest.mark.parametrize("model", list(MODEL_SPECS))
def test_outputs_finite_at_spec_extremes(model):
    t = np.linspace(0, 0.02, 41)
    for pick in ("low", "high"):
        kw = {s.name: getattr(s, pick) for s in MODEL_SPECS[model] if hasattr(s, "low")}
        if "r_on" in kw:
            kw["r_on"], kw["r_off"] = 10.0, 1e5
        tr = simulate_iv(model, sine(1.0, 50.0), t, **kw)
        for arr in (tr.i, tr.state, tr.conductance):
            assert np.all(np.isfinite(arr))
        assert np.all((tr.state >= 0) & (tr.state <= 1))


def test_yakopcic_defaults_are_the_published_oblea_fit():
    """Yakopcic et al., IEEE EDL 32:1436 (2011): parameters fitted to the Ag-chalcogenide
    device of Oblea et al. (IJCNN 2010), as published in their table."""
    published = dict(a1=0.17, a2=0.17, b=0.05, v_p=0.16, v_n=0.15, a_p=4000.0, a_n=4000.0,
                     x_p=0.3, x_n=0.5, alpha_p=1.0, alpha_n=5.0, x0=0.11, eta=1.0)
    assert {s.name: s.default for s in MODEL_SPECS["yakopcic"]} == published
    assert "Oblea" in MODEL_REFERENCES["yakopcic"]
    assert set(MODEL_REFERENCES) == set(MODEL_SPECS)
