"""Independent reference solutions (scipy.integrate.solve_ivp) for the neuron tests.

These re-implement the published equations directly in numpy, without importing the
engine, so the comparison is against an independent solver and code path.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

# Hodgkin & Huxley 1952 squid axon, 6.3 degC, modern convention (../shared/reference).
HH = dict(C=1.0, gNa=120.0, gK=36.0, gL=0.3, ENa=50.0, EK=-77.0, EL=-54.387)


def _hh_rates(V):
    am = 0.1 * (V + 40.0) / (1.0 - np.exp(-(V + 40.0) / 10.0))
    bm = 4.0 * np.exp(-(V + 65.0) / 18.0)
    ah = 0.07 * np.exp(-(V + 65.0) / 20.0)
    bh = 1.0 / (1.0 + np.exp(-(V + 35.0) / 10.0))
    an = 0.01 * (V + 55.0) / (1.0 - np.exp(-(V + 55.0) / 10.0))
    bn = 0.125 * np.exp(-(V + 65.0) / 80.0)
    return am, bm, ah, bh, an, bn


HH_PEAK_MIN = -50.0  # mV: a spike's peak lies above this level ...
HH_PROMINENCE = 5.0  # mV: ... and at least this far above the minimum since the last peak


def _hh_rhs(current: float, phi: float = 1.0):
    p = HH

    def f(t, y):
        V, m, h, n = y
        am, bm, ah, bh, an, bn = _hh_rates(V)
        i_ion = (p["gNa"] * m**3 * h * (V - p["ENa"]) + p["gK"] * n**4 * (V - p["EK"])
                 + p["gL"] * (V - p["EL"]))
        return [(current - i_ion) / p["C"], phi * (am * (1 - m) - bm * m),
                phi * (ah * (1 - h) - bh * h), phi * (an * (1 - n) - bn * n)]

    return f


def hh_spike_times(current: float, t_stop: float, v0: float = -65.0, T: float = 6.3,
                   rtol: float = 1e-10) -> np.ndarray:
    """Spike (peak) times of the HH ODE solved with LSODA (rtol = atol = 1e-10).

    The extrema of V are located as events on dV/dt = 0 (from the right-hand side);
    a maximum is a spike when V > HH_PEAK_MIN and it rose at least HH_PROMINENCE above
    the lowest V since the previous maximum.  Gates run ``3 ** ((T - 6.3) / 10)`` times
    faster at temperature T (HH's Q10 = 3).
    """
    am, bm, ah, bh, an, bn = _hh_rates(v0)
    y0 = [v0, am / (am + bm), ah / (ah + bh), an / (an + bn)]
    f = _hh_rhs(current, 3.0 ** ((T - 6.3) / 10.0))

    def top(t, y):
        return f(t, y)[0]

    def bottom(t, y):
        return f(t, y)[0]

    top.direction = -1.0
    bottom.direction = 1.0
    sol = solve_ivp(f, (0.0, t_stop), y0, method="LSODA", rtol=rtol, atol=rtol,
                    events=(top, bottom))
    tops = zip(sol.t_events[0], sol.y_events[0], strict=True)
    bottoms = zip(sol.t_events[1], sol.y_events[1], strict=True)
    extrema = sorted([(t, y[0], True) for t, y in tops]
                     + [(t, y[0], False) for t, y in bottoms])
    spikes, low = [], v0
    for t, v, is_max in extrema:
        if is_max:
            if v > HH_PEAK_MIN and v - low >= HH_PROMINENCE:
                spikes.append(t)
            low = v
        else:
            low = min(low, v)
    return np.array(spikes)


def hh_hopf_currents() -> tuple[float, float]:
    """Currents of the two Hopf bifurcations of the HH resting state (linear stability).

    The fixed point V*(I) solves I = I_ion(V, m_inf, h_inf, n_inf); the Jacobian of
    the right-hand side there (central differences) has a complex pair whose real part
    changes sign at the lower (onset) and upper (depolarisation block) Hopf points.
    """
    from scipy.optimize import brentq

    def fixed_point(current):
        def i_net(V):
            am, bm, ah, bh, an, bn = _hh_rates(V)
            return _hh_rhs(current)(0.0, [V, am / (am + bm), ah / (ah + bh), an / (an + bn)])[0]
        V = brentq(i_net, -90.0, 0.0, xtol=1e-12)
        am, bm, ah, bh, an, bn = _hh_rates(V)
        return np.array([V, am / (am + bm), ah / (ah + bh), an / (an + bn)])

    def growth(current):
        y, f = fixed_point(current), _hh_rhs(current)
        J = np.empty((4, 4))
        for j in range(4):
            e = np.zeros(4)
            e[j] = 1e-6 * max(1.0, abs(y[j]))
            J[:, j] = (np.array(f(0.0, y + e)) - np.array(f(0.0, y - e))) / (2 * e[j])
        return float(np.max(np.linalg.eigvals(J).real))

    return brentq(growth, 2.0, 50.0, xtol=1e-6), brentq(growth, 50.0, 300.0, xtol=1e-6)


def izhikevich_spike_times(a, b, c, d, current, t_stop, v0=-65.0) -> np.ndarray:
    """Izhikevich 2003 ODE with event-based reset (v >= 30 -> v = c, u += d), DOP853."""

    def f(t, y):
        v, u = y
        return [0.04 * v * v + 5 * v + 140 - u + current, a * (b * v - u)]

    def peak(t, y):
        return y[0] - 30.0

    peak.terminal = True
    peak.direction = 1.0
    t, y = 0.0, [v0, b * v0]
    spikes = []
    while t < t_stop:
        sol = solve_ivp(f, (t, t_stop), y, method="DOP853", rtol=1e-11, atol=1e-11,
                        events=peak)
        if sol.status != 1:
            break
        t = float(sol.t_events[0][0])
        spikes.append(t)
        y = [c, sol.y_events[0][0][1] + d]
    return np.array(spikes)


def adex_spike_times(p: dict, current: float, t_stop: float, v_peak: float = 0.0) -> np.ndarray:
    """AdEx ODE (Brette & Gerstner 2005) with event-based reset at v_peak, DOP853."""
    C, gL, EL, VT, DT, a, tau_w, b, Vr = (p[k] for k in
                                         ("C", "gL", "EL", "VT", "DT", "a", "tau_w", "b", "Vr"))

    def f(t, y):
        V, w = y
        return [(-gL * (V - EL) + gL * DT * np.exp((V - VT) / DT) - w + current) / C,
                (a * (V - EL) - w) / tau_w]

    def peak(t, y):
        return y[0] - v_peak

    peak.terminal = True
    peak.direction = 1.0
    t, y = 0.0, [EL, 0.0]
    spikes = []
    while t < t_stop:
        sol = solve_ivp(f, (t, t_stop), y, method="DOP853", rtol=1e-10, atol=1e-10,
                        events=peak)
        if sol.status != 1:
            break
        t = float(sol.t_events[0][0])
        spikes.append(t)
        y = [Vr, sol.y_events[0][0][1] + b]
    return np.array(spikes)


# --- checks of the reference solvers themselves ----------------------------------------


def test_hh_reference_rest_is_quiet_without_input():
    """At I = 0 the squid axon started at -65 mV with steady gates does not spike."""
    assert len(hh_spike_times(0.0, 100.0)) == 0


def test_izhikevich_reference_matches_closed_form_first_spike():
    """With a = 0 (u frozen), v' = 0.04 v^2 + 5 v + 140 - u0 + I has a closed-form
    blow-up; the time to reach 30 mV from v0 is an arctan integral."""
    b, I, v0 = 0.2, 10.0, -65.0
    u0 = b * v0
    # v' = 0.04 (v + 62.5)^2 + k with k = 140 - u0 + I - 156.25 > 0
    k = 140.0 - u0 + I - 156.25
    s = np.sqrt(0.04 * k)

    def prim(v):
        return np.arctan(0.04 * (v + 62.5) / s) / s

    expected = prim(30.0) - prim(v0)
    got = izhikevich_spike_times(0.0, b, -65.0, 8.0, I, 50.0)[0]
    assert got == pytest.approx(expected, rel=1e-8)
