"""Optoelectronic and triboelectric synapses: closed forms, power law, TENG electrostatics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroexplore.devices.optoelectronic import (
    LIGHT_PULSE_SPECS,
    LightPulseTrain,
    OptoelectronicSynapse,
    absorption_coefficient,
    fit_intensity_exponent,
    generation_rate,
    light_ppf,
    light_pulse_amplitudes,
    light_retained_weight,
    photon_energy_ev,
    ppc_decay,
    simulate_light_train,
    spectral_factor,
)
from neuroexplore.devices.synaptic_transistor import (
    SYNAPTIC_TRANSISTOR_PRESETS,
    simulate_gate_waveform,
)
from neuroexplore.devices.triboelectric import (
    EPS0,
    ContactSeparationTENG,
    open_circuit_voltage,
    press_displacement,
    short_circuit_charge,
    simulate_tribo_synapse,
    teng_capacitance,
    teng_gate_voltage,
)

SYN = OptoelectronicSynapse()


# ------------------------------------------------------------------ optoelectronic
def test_light_train_matches_solve_ivp():
    syn = SYN.with_params(k_ltp=2.0)
    train = LightPulseTrain(intensity=30.0, wavelength=405.0, width=0.05, interval=0.3,
                            n_pulses=4)
    g = float(generation_rate(syn, 30.0, 405.0))
    t_eval = np.linspace(0, 3.0, 151)
    tr = simulate_light_train(syn, train, t=t_eval)

    def rhs(t, y):
        on = (t % 0.3) < 0.05 and t < 1.2
        return [(g if on else 0.0) - y[0] / syn.tau_free,
                y[0] / syn.tau_capture - y[1] / syn.tau_ppc,
                syn.k_ltp * y[1] ** 2 - y[2] / syn.tau_ltp]

    edges = np.r_[np.ravel([[k * 0.3, k * 0.3 + 0.05] for k in range(4)]), 3.0]
    y = np.zeros(3)
    ref = np.empty((3, t_eval.size))
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        sel = (t_eval >= a) & (t_eval <= b)
        mid = 0.5 * (a + b)
        sol = solve_ivp(lambda t, y, mid=mid: rhs(mid, y), (a, b), y, method="DOP853",
                        rtol=1e-11, atol=1e-14, dense_output=True)
        ref[:, sel] = sol.sol(t_eval[sel])
        y = sol.y[:, -1]
    np.testing.assert_allclose(tr.n_free, ref[0], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(tr.n_trap, ref[1], rtol=1e-7, atol=1e-11)
    np.testing.assert_allclose(tr.n_ltp, ref[2], rtol=1e-6, atol=1e-14)


def test_ppc_decay_matches_closed_form_after_a_pulse():
    """After one pulse the dark decay is the two-exponential closed form (analytic)."""
    train = LightPulseTrain(width=0.2, interval=100.0, n_pulses=1)
    end = 0.2
    t = end + np.geomspace(1e-4, 60.0, 80)
    tr = simulate_light_train(SYN, train, t=np.r_[end, t])
    n_f0, n_t0 = tr.n_free[0], tr.n_trap[0]
    # independent closed form: free carriers e^{-t/tf}; traps fed by them, e^{-t/tp}
    s = t - end
    tf, tc, tp = SYN.tau_free, SYN.tau_capture, SYN.tau_ppc
    n_f = n_f0 * np.exp(-s / tf)
    n_t = n_t0 * np.exp(-s / tp) + n_f0 / tc * (np.exp(-s / tf) - np.exp(-s / tp)) / (
        1 / tp - 1 / tf)
    expected = SYN.v_read * (SYN.g_free * n_f + SYN.g_trap * n_t)
    np.testing.assert_allclose(tr.photocurrent[1:], expected, rtol=1e-10)
    np.testing.assert_allclose(ppc_decay(SYN, s, n_free0=n_f0, n_trap0=n_t0), expected,
                               rtol=1e-12)
    # persistent: after 10 tau_free the free carriers are gone but the PPC remains
    late = tr.photocurrent[1:][s > 10 * tf]
    assert np.all(late > 0.1 * tr.photocurrent[0]) or late[0] > 0


@settings(max_examples=25, deadline=None)
@given(alpha=st.floats(0.2, 1.0), wl=st.floats(300.0, 600.0))
def test_intensity_power_law_slope_recovered(alpha, wl):
    syn = SYN.with_params(intensity_exponent=alpha)
    p = np.geomspace(0.1, 1000.0, 12)
    amps = light_pulse_amplitudes(syn, LightPulseTrain(intensity=p, wavelength=wl,
                                                       n_pulses=1))[..., 0]
    slope, _ = fit_intensity_exponent(p, amps)
    assert slope == pytest.approx(alpha, rel=1e-9)


def test_spectral_response_band_edge():
    eg = SYN.bandgap
    wl_edge = 1239.841984 / eg
    assert photon_energy_ev(wl_edge) == pytest.approx(eg)
    wl = np.linspace(250, 1200, 400)
    a = absorption_coefficient(SYN, wl)
    # absorption falls monotonically with wavelength, and steeply (Urbach) below the gap
    assert np.all(np.diff(a) <= 0)
    e = photon_energy_ev(wl)
    below = e < eg - 0.1
    assert np.all(a[below] < 0.2 * SYN.absorption_coeff * np.sqrt(SYN.urbach_energy))
    # Tauc edge above the gap: a^2 linear in E (direct gap)
    above = e > eg + SYN.urbach_energy
    slope = np.polyfit(e[above], a[above] ** 2, 1)[0]
    np.testing.assert_allclose(a[above] ** 2, slope * (e[above] - eg), rtol=1e-9)
    # continuity of value and slope at the join
    ej = eg + SYN.urbach_energy / 2
    wj = 1239.841984 / ej
    h = 1e-6
    lo, mid, hi = absorption_coefficient(SYN, [wj * (1 + h), wj, wj * (1 - h)])
    assert lo == pytest.approx(mid, rel=1e-4) and hi == pytest.approx(mid, rel=1e-4)
    assert spectral_factor(SYN, 1500.0) < 1e-3 * spectral_factor(SYN, 400.0)


def test_light_ppf_and_stp_to_ltp():
    ppf = light_ppf(SYN, np.geomspace(0.15, 100, 20))
    assert ppf[0] > 1.1 and np.all(np.diff(ppf) < 0) and ppf[-1] == pytest.approx(1, abs=1e-3)
    syn = SYN.with_params(k_ltp=1.0)
    n = [1, 5, 10, 20, 50]
    w = [light_retained_weight(syn, LightPulseTrain(n_pulses=k), 60.0) for k in n]
    assert np.all(np.diff(w) > 0)
    amps = light_pulse_amplitudes(syn, LightPulseTrain(intensity=[1.0, 10.0, 100.0],
                                                       n_pulses=20))
    w_int = light_retained_weight(syn, LightPulseTrain(intensity=[1.0, 10.0, 100.0],
                                                       n_pulses=20), 60.0)
    assert np.all(np.diff(w_int) > 0) and np.all(np.diff(amps[:, -1]) > 0)


@settings(max_examples=30, deadline=None)
@given(i=st.floats(0, 1e4), wl=st.floats(200, 2000), tf=st.floats(1e-5, 0.09),
       tp=st.floats(0.1, 100), k=st.floats(0, 100), n=st.integers(1, 30))
def test_opto_outputs_finite_and_non_negative(i, wl, tf, tp, k, n):
    syn = SYN.with_params(tau_free=tf, tau_ppc=tp, k_ltp=k)
    tr = simulate_light_train(syn, LightPulseTrain(intensity=i, wavelength=wl, n_pulses=n))
    assert np.all(np.isfinite(tr.current)) and np.all(tr.photocurrent >= 0)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: OptoelectronicSynapse(tau_free=0.5), "tau_free"),
        (lambda: OptoelectronicSynapse(intensity_exponent=1.5), "intensity_exponent"),
        (lambda: LightPulseTrain(wavelength=100.0), "wavelength"),
        (lambda: LightPulseTrain(intensity=-1.0), "intensity"),
        (lambda: LightPulseTrain(width=1.0, interval=0.5), "interval"),
        (lambda: light_ppf(SYN, 1.0, intensity=0.0), "PPF"),
        (lambda: fit_intensity_exponent([1, 2], [1, -1]), "positive"),
        (lambda: ppc_decay(SYN.with_params(k_ltp=1.0), 1.0, n_free0=1, n_trap0=0), "k_ltp"),
    ],
)
def test_opto_bad_input(make, name):
    with pytest.raises(ValueError, match=name):
        make()


assert {s.name for s in LIGHT_PULSE_SPECS} >= {"intensity", "wavelength"}


# ------------------------------------------------------------------ triboelectric
TENG = ContactSeparationTENG()


def test_teng_open_circuit_voltage_is_parallel_plate_value():
    x = np.linspace(0, 2e-3, 11)
    v = open_circuit_voltage(TENG, x)
    np.testing.assert_allclose(v, TENG.sigma * x / 8.8541878128e-12, rtol=1e-15)
    # proportional to x: constant ratio
    np.testing.assert_allclose(v[1:] / x[1:], TENG.sigma / EPS0, rtol=1e-14)


def test_teng_v_q_x_relation_holds():
    """Niu 2013: V = -Q (d0 + x)/(eps0 S) + sigma x / eps0 is zero at Q = Q_sc, and the
    gate voltage solves V = Q / C_g with V given by the same relation."""
    x = np.geomspace(1e-6, 1e-2, 20)
    q = short_circuit_charge(TENG, x)
    v_sc = -q * (TENG.d0 + x) / (EPS0 * TENG.area) + TENG.sigma * x / EPS0
    np.testing.assert_allclose(v_sc, 0, atol=1e-9 * TENG.sigma * x.max() / EPS0)
    vg = teng_gate_voltage(TENG, x)
    qg = vg * TENG.c_gate
    v_teng = -qg * (TENG.d0 + x) / (EPS0 * TENG.area) + TENG.sigma * x / EPS0
    np.testing.assert_allclose(v_teng, vg, rtol=1e-10)
    np.testing.assert_allclose(teng_capacitance(TENG, x), EPS0 * TENG.area / (TENG.d0 + x))
    # a tiny load sees the open-circuit voltage, a huge one almost nothing
    small = TENG.with_params(c_gate=1e-15)
    assert teng_gate_voltage(small, 1e-3) == pytest.approx(open_circuit_voltage(TENG, 1e-3),
                                                           rel=1e-2)
    assert teng_gate_voltage(TENG.with_params(c_gate=1e-5), 1e-3) < 1e-3 * open_circuit_voltage(
        TENG, 1e-3)


def test_press_displacement_waveform():
    t = np.linspace(0, 2.0, 2001)
    x = press_displacement(t, x_max=1e-3, frequency=2.0, n_presses=3)
    assert x.max() == pytest.approx(1e-3) and x.min() == 0.0
    assert np.all(x[t > 1.5] == 0.0)


def test_tribo_synapse_potentiates_with_presses_and_converges():
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
    r = simulate_tribo_synapse(TENG, dev, frequency=5.0, n_presses=10)
    assert np.all(np.diff(r.press_peaks) > 0)  # EPSC facilitation press after press
    assert r.v_gate.max() == pytest.approx(float(teng_gate_voltage(TENG, TENG.x_max)), rel=1e-3)
    fine = simulate_tribo_synapse(TENG, dev, frequency=5.0, n_presses=10,
                                  samples_per_press=3200)
    np.testing.assert_allclose(r.press_peaks, fine.press_peaks, rtol=2e-4)
    # a harder press (larger separation -> larger gate voltage) gives a larger EPSC
    hard = simulate_tribo_synapse(TENG.with_params(x_max=3e-3), dev, frequency=5.0, n_presses=10)
    assert np.all(hard.press_peaks > r.press_peaks)


def test_gate_waveform_converges_to_continuous_solution():
    """ZOH of a smooth gate waveform converges to solve_ivp of the continuous input."""
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]

    def vg(t):
        return 2.0 * np.sin(np.pi * t / 0.1) ** 2

    def rhs(t, y):
        u = dev.k_on * vg(t)
        return [u * (1 - y[0]) - y[0] / dev.tau_edl, (y[0] - y[1]) / dev.tau_doping,
                dev.k_ltp * y[1] ** 2 - y[2] / dev.tau_ltp]

    ref = solve_ivp(rhs, (0, 0.5), [0, 0, 0], method="DOP853", rtol=1e-11, atol=1e-14).y[:, -1]
    errs = []
    for n in (250, 500, 1000):
        t = np.linspace(0, 0.5, n + 1)
        tm = np.r_[0.5 * (t[1:] + t[:-1]), 0.0]  # midpoint hold
        tr = simulate_gate_waveform(dev, t, vg(tm))
        errs.append(abs(tr.n1[-1] - ref[0]))
    assert errs[-1] < 5e-5 and errs[1] / errs[2] > 3.5  # second order with midpoint hold


def test_gate_waveform_broadcasts_over_devices():
    dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
    k = np.array([10.0, 100.0, 1000.0])
    t = np.linspace(0, 0.2, 101)
    v = np.where(t < 0.05, 1.0, 0.0)
    many = simulate_gate_waveform(dev.with_params(k_on=k), t, v)
    for j in range(3):
        one = simulate_gate_waveform(dev.with_params(k_on=k[j]), t, v)
        np.testing.assert_allclose(many.current[j], one.current, rtol=1e-13)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: ContactSeparationTENG(sigma=1.0), "sigma"),
        (lambda: ContactSeparationTENG(c_gate=0.0), "c_gate"),
        (lambda: open_circuit_voltage(TENG, -1e-3), "x"),
        (lambda: simulate_tribo_synapse(TENG, SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"],
                                        frequency=0.0), "frequency"),
        (lambda: simulate_tribo_synapse(TENG, SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"],
                                        n_presses=0), "n_presses"),
    ],
)
def test_tribo_bad_input(make, name):
    with pytest.raises(ValueError, match=name):
        make()
