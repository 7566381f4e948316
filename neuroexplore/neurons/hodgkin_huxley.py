r"""Hodgkin-Huxley squid giant axon (Hodgkin & Huxley 1952, J. Physiol. 117:500), 6.3 degC.

Modern sign convention (rest near -65 mV), membrane current density in uA/cm^2:

.. math::

    C \frac{dV}{dt} = I - \bar g_{Na} m^3 h (V - E_{Na}) - \bar g_K n^4 (V - E_K)
                      - g_L (V - E_L), \qquad
    \frac{dx}{dt} = \phi\,[\alpha_x(V)(1 - x) - \beta_x(V) x],\ x \in \{m, h, n\},

    \alpha_m = \frac{0.1 (V + 40)}{1 - e^{-(V + 40)/10}},\
    \beta_m = 4 e^{-(V + 65)/18},\
    \alpha_h = 0.07 e^{-(V + 65)/20},\
    \beta_h = \frac{1}{1 + e^{-(V + 35)/10}},

    \alpha_n = \frac{0.01 (V + 55)}{1 - e^{-(V + 55)/10}},\
    \beta_n = 0.125 e^{-(V + 65)/80},

with C = 1 uF/cm^2, gNa = 120, gK = 36, gL = 0.3 mS/cm^2, ENa = 50, EK = -77,
EL = -54.387 mV (HH 1952 Eqs. 26 and Table 3, shifted by -65 mV), V in mV, t in ms,
rates in 1/ms.  ``phi = 3 ** ((T - 6.3) / 10)`` is HH's temperature factor (Q10 = 3).

The removable singularities of alpha_m at V = -40 mV and alpha_n at V = -55 mV are
handled with the series ``x / (1 - exp(-x/k)) = k + x/2 + O(x^2)`` for |x| < 1e-6.

Integration: classical Runge-Kutta 4 on (V, m, h, n); ``dt`` in [0.001, 0.05] ms.  A step
in which ``dt`` times the fastest rate (total conductance / C, or phi (alpha + beta) of
a gate) exceeds 2.5 -- beyond RK4's stability limit of 2.785 -- is taken instead with
the unconditionally stable exponential-Euler update (V relaxes exactly towards its
instantaneous reversal with frozen conductances, each gate exactly towards x_inf;
Rush & Larsen 1978).  For the squid-axon parameters this never happens at
dt <= 0.02 ms; it only guards extreme parameter/current combinations and the coarsest
steps, so the model never blows up and the gates stay in [0, 1].
Spikes: peaks of V.  A sample that is a local maximum of V (``v[k-1] < v[k] >= v[k+1]``)
is a spike when it lies above ``V_PEAK_MIN`` = -50 mV and rose at least ``PROMINENCE`` =
5 mV above the minimum of V since the previous local maximum; its time is the vertex
of the parabola through the three samples around the maximum.  A fixed crossing level
(e.g. 0 mV) would not do: above ~62 uA/cm^2 the repetitive firing no longer overshoots
0 mV (at 100 uA/cm^2 it swings between -60 and -20 mV, at 150 between -47 and -39 mV),
yet the axon keeps firing until its amplitude shrinks to zero at the upper Hopf
bifurcation near 154 uA/cm^2 (depolarisation block; Rinzel & Miller 1980).  The
prominence ignores ripples, and the shrinking oscillation stops counting about
2 uA/cm^2 below the Hopf point, where its swing falls under 5 mV.  Above the Hopf point
the damped oscillation after a current step counts only while its swing exceeds 5 mV.
Initial state: V = -65 mV, gates at their steady state at -65 mV.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numba import njit, prange

from ..params import ParamSpec
from ._common import put_spike
from .info import ModelInfo

__all__ = ["INFO", "SPECS", "rates", "steady_state", "V_PEAK_MIN", "PROMINENCE", "V_INIT"]

V_PEAK_MIN = -50.0
"""Lowest peak (mV) that counts as a spike: above rest (-65 mV) and its ripples."""
PROMINENCE = 5.0
"""Least rise (mV) of a spike's peak above the minimum since the previous local maximum."""
V_INIT = -65.0

SPECS = (
    ParamSpec("C", 1.0, 0.5, 5.0, step=0.05, unit="uF/cm^2", doc="membrane capacitance"),
    ParamSpec("gNa", 120.0, 0.0, 200.0, step=1.0, unit="mS/cm^2", doc="max sodium conductance"),
    ParamSpec("gK", 36.0, 0.0, 100.0, step=0.5, unit="mS/cm^2", doc="max potassium conductance"),
    ParamSpec("gL", 0.3, 0.01, 3.0, step=0.01, unit="mS/cm^2", doc="leak conductance"),
    ParamSpec("ENa", 50.0, 0.0, 100.0, step=0.5, unit="mV", doc="sodium reversal"),
    ParamSpec("EK", -77.0, -100.0, -50.0, step=0.5, unit="mV", doc="potassium reversal"),
    ParamSpec("EL", -54.387, -80.0, -40.0, step=0.1, unit="mV", doc="leak reversal"),
    ParamSpec("T", 6.3, 0.0, 20.0, step=0.1, unit="degC", doc="temperature (Q10 = 3)"),
)

CURRENT = ParamSpec("current", 10.0, -20.0, 200.0, step=0.1, unit="uA/cm^2",
                    doc="input current density")


@njit(cache=True)
def _x_over_1mexp(x, k):  # pragma: no cover - jitted
    """x / (1 - exp(-x/k)), continuous at x = 0 (limit k)."""
    if abs(x) < 1e-6:
        return k + 0.5 * x
    return x / (-np.expm1(-x / k))


@njit(cache=True)
def rates(V):  # pragma: no cover - jitted
    """(alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n) in 1/ms at 6.3 degC."""
    am = 0.1 * _x_over_1mexp(V + 40.0, 10.0)
    bm = 4.0 * np.exp(-(V + 65.0) / 18.0)
    ah = 0.07 * np.exp(-(V + 65.0) / 20.0)
    bh = 1.0 / (1.0 + np.exp(-(V + 35.0) / 10.0))
    an = 0.01 * _x_over_1mexp(V + 55.0, 10.0)
    bn = 0.125 * np.exp(-(V + 65.0) / 80.0)
    return am, bm, ah, bh, an, bn


@njit(cache=True)
def rhs(V, m, h, n, cur, C, gNa, gK, gL, ENa, EK, EL, phi):  # pragma: no cover - jitted
    """Hodgkin-Huxley right-hand side (dV/dt, dm/dt, dh/dt, dn/dt)."""
    am, bm, ah, bh, an, bn = rates(V)
    i_ion = gNa * m * m * m * h * (V - ENa) + gK * n * n * n * n * (V - EK) + gL * (V - EL)
    return (
        (cur - i_ion) / C,
        phi * (am * (1.0 - m) - bm * m),
        phi * (ah * (1.0 - h) - bh * h),
        phi * (an * (1.0 - n) - bn * n),
    )


RK4_LIMIT = 2.5  # |lambda| dt above which a step uses the stable exponential update


@njit(cache=True)
def _rk4(v, m, h, n, cur, dt, C, gNa, gK, gL, ENa, EK, EL, phi):  # pragma: no cover
    hh = 0.5 * dt
    a1, b1, c1, d1 = rhs(v, m, h, n, cur, C, gNa, gK, gL, ENa, EK, EL, phi)
    a2, b2, c2, d2 = rhs(v + hh * a1, m + hh * b1, h + hh * c1, n + hh * d1,
                         cur, C, gNa, gK, gL, ENa, EK, EL, phi)
    a3, b3, c3, d3 = rhs(v + hh * a2, m + hh * b2, h + hh * c2, n + hh * d2,
                         cur, C, gNa, gK, gL, ENa, EK, EL, phi)
    a4, b4, c4, d4 = rhs(v + dt * a3, m + dt * b3, h + dt * c3, n + dt * d3,
                         cur, C, gNa, gK, gL, ENa, EK, EL, phi)
    s = dt / 6.0
    return (v + s * (a1 + 2.0 * a2 + 2.0 * a3 + a4), m + s * (b1 + 2.0 * b2 + 2.0 * b3 + b4),
            h + s * (c1 + 2.0 * c2 + 2.0 * c3 + c4), n + s * (d1 + 2.0 * d2 + 2.0 * d3 + d4))


@njit(cache=True)
def _gate_exp(x, al, be, dt):  # pragma: no cover - jitted
    """Exact update of dx/dt = al (1 - x) - be x for frozen rates (Rush-Larsen)."""
    k = al + be
    x_inf = al / k
    return x_inf + (x - x_inf) * np.exp(-k * dt)


@njit(cache=True)
def step(v, m, h, n, cur, dt, C, gNa, gK, gL, ENa, EK, EL, phi):  # pragma: no cover
    """One step: RK4, or the stable exponential update when the step is too stiff.

    The exponential update also replaces an RK4 step that would take a gate out of
    [0, 1] (a step too long for the fast rates of a warm or low-capacitance membrane):
    it keeps every gate a probability for any ``dt``.
    """
    am, bm, ah, bh, an, bn = rates(v)
    g_na = gNa * m * m * m * h
    g_k = gK * n * n * n * n
    g_tot = g_na + g_k + gL
    lam = max(g_tot / C, phi * max(am + bm, max(ah + bh, an + bn)))
    if lam * dt <= RK4_LIMIT:
        v4, m4, h4, n4 = _rk4(v, m, h, n, cur, dt, C, gNa, gK, gL, ENa, EK, EL, phi)
        if 0.0 <= m4 <= 1.0 and 0.0 <= h4 <= 1.0 and 0.0 <= n4 <= 1.0:
            return v4, m4, h4, n4
    v_inf = (cur + g_na * ENa + g_k * EK + gL * EL) / g_tot
    v_new = v_inf + (v - v_inf) * np.exp(-g_tot * dt / C)
    return (v_new, _gate_exp(m, phi * am, phi * bm, dt), _gate_exp(h, phi * ah, phi * bh, dt),
            _gate_exp(n, phi * an, phi * bn, dt))


@njit(cache=True)
def peak_offset(v_prev, v_peak, v_next):  # pragma: no cover - jitted
    """Vertex of the parabola through three equally spaced samples, in steps from the
    middle one (in [-0.5, 0.5] when the middle sample is the largest)."""
    curv = v_prev - 2.0 * v_peak + v_next
    if curv >= 0.0:
        return 0.0
    return 0.5 * (v_prev - v_next) / curv


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    count = 0
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    for i in range(lo, hi):
        C = P[0, i]
        gNa = P[1, i]
        gK = P[2, i]
        gL = P[3, i]
        ENa = P[4, i]
        EK = P[5, i]
        EL = P[6, i]
        phi = 3.0 ** ((P[7, i] - 6.3) / 10.0)
        v = X0[0, i]
        m = X0[1, i]
        h = X0[2, i]
        n = X0[3, i]
        ri = i if row_step else 0
        v_old = v  # V one step back (no maximum at k = 0)
        v_low = v  # minimum of V since the last local maximum
        for k in range(steps):
            if rec_v:
                V[i, k] = v
            if rec_state:
                S[0, i, k] = m
                S[1, i, k] = h
                S[2, i, k] = n
            cur = I[ri, k if col_step else 0]
            v_new, m, h, n = step(v, m, h, n, cur, dt, C, gNa, gK, gL, ENa, EK, EL, phi)
            if v_old < v >= v_new:  # local maximum at sample k
                if v > V_PEAK_MIN and v - v_low >= PROMINENCE:
                    count = put_spike(idx_buf, t_buf, start, cap, count, i,
                                      (k + peak_offset(v_old, v, v_new)) * dt)
                v_low = v
            if v_new < v_low:
                v_low = v_new
            v_old = v
            v = v_new
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def steady_state(V: float | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steady-state gates (m_inf, h_inf, n_inf) at voltage ``V`` (mV)."""
    V = np.asarray(V, dtype=float)
    am, bm, ah, bh, an, bn = (np.asarray(r) for r in _rates_np(V))
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


def _rates_np(V: np.ndarray) -> tuple[np.ndarray, ...]:
    return np.vectorize(rates, otypes=[float] * 6)(V)


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    c = np.asarray(p["C"], dtype=float)
    m0, h0, n0 = steady_state(V_INIT)
    return np.stack([np.full_like(c, V_INIT), np.full_like(c, m0), np.full_like(c, h0),
                     np.full_like(c, n0)])


INFO = ModelInfo(
    name="hodgkin_huxley",
    title="Hodgkin-Huxley (squid axon, 6.3 °C)",
    aliases=("hh", "hodgkin-huxley", "hodgkinhuxley"),
    specs=SPECS,
    current=CURRENT,
    presets={
        "squid_6.3C": {"current": 10.0},
        "squid_18.5C": {"T": 18.5, "current": 10.0},
    },
    dt_default=0.01,
    dt_min=1e-3,
    dt_max=0.05,
    state_names=("m", "h", "n"),
    v_unit="mV",
    spike_rule=("peak of V above -50 mV that rose >= 5 mV from the preceding minimum; "
                "time at the vertex of the parabola through the three samples around it"),
    integrator=("Runge-Kutta 4 on (V, m, h, n); exponential Euler in too-stiff steps and "
                "where an RK4 step would take a gate out of [0, 1]"),
    reference="Hodgkin & Huxley, J. Physiol. 117:500 (1952), Eqs. 26 and Table 3",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
)
