"""FitzHugh-Nagumo dynamics and phase-plane analysis (FHN, Izhikevich, AdEx)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from neuroexplore.neurons import adex, fitzhugh_nagumo, izhikevich, phase_plane, simulate

A, B, TAU = 0.7, 0.8, 12.5


def fhn_fixed_point(I):
    """Independent: bracket the single root of v - v^3/3 - (v + a)/b + I (monotone for b<1)."""
    g = lambda v: v - v**3 / 3 - (v + A) / B + I  # noqa: E731
    return brentq(g, -5.0, 5.0, xtol=1e-14)


@pytest.mark.parametrize("I, stable", [(0.0, True), (0.5, False), (1.5, True)])
def test_fhn_fixed_point_and_stability(I, stable):
    pp = phase_plane("fhn", current=I)
    (fp,) = pp.fixed_points
    v = fhn_fixed_point(I)
    assert fp.v == pytest.approx(v, abs=1e-10)
    assert fp.w == pytest.approx((v + A) / B, abs=1e-10)
    # analytic trace/determinant of [[1 - v^2, -1], [1/tau, -b/tau]]
    tr = 1 - v * v - B / TAU
    det = -(1 - v * v) * B / TAU + 1 / TAU
    assert (tr < 0 and det > 0) == stable == fp.stable
    assert np.sum(fp.eigenvalues).real == pytest.approx(tr)
    assert np.prod(fp.eigenvalues).real == pytest.approx(det)


def test_fhn_rest_at_zero_input_and_limit_cycle_at_half():
    rest = simulate("fhn", current=0.0, t_stop=500.0, dt=0.05)
    assert len(rest.spike_times) == 0
    assert rest.v[-1] == pytest.approx(fhn_fixed_point(0.0), abs=1e-4)
    osc = simulate("fhn", current=0.5, t_stop=1000.0, dt=0.05)
    isi = np.diff(osc.spike_times)
    assert len(isi) > 10 and np.std(isi[3:]) / np.mean(isi[3:]) < 1e-4


def test_fhn_spike_times_vs_solve_ivp():
    def f(t, y):
        v, w = y
        return [v - v**3 / 3 - w + 0.5, (v + A - B * w) / TAU]

    def up(t, y):
        return y[0] - 1.0

    up.direction = 1.0
    sol = solve_ivp(f, (0, 500.0), [fitzhugh_nagumo.V_REST, fitzhugh_nagumo.W_REST],
                    method="DOP853", rtol=1e-11, atol=1e-11, events=up)
    got = simulate("fhn", current=0.5, t_stop=500.0, dt=0.01).spike_times
    assert len(got) == len(sol.t_events[0])
    assert np.max(np.abs(got - sol.t_events[0])) < 1e-3


def test_fhn_nullclines_and_field_consistent():
    pp = phase_plane("fhn", current=0.3, grid=15)
    vc, wc = pp.v_nullcline
    np.testing.assert_allclose(vc - vc**3 / 3 - wc + 0.3, 0.0, atol=1e-12)
    vc, wc = pp.w_nullcline
    np.testing.assert_allclose(vc + A - B * wc, 0.0, atol=1e-12)
    VV, WW = np.meshgrid(pp.v, pp.w)
    np.testing.assert_allclose(pp.dv, VV - VV**3 / 3 - WW + 0.3)
    assert pp.dv.shape == pp.dw.shape == (15, 15)


@pytest.mark.parametrize("I", [-5.0, 0.0, 3.0])
def test_izhikevich_fixed_points_vs_numpy_roots(I):
    pp = phase_plane("izhikevich", preset="RS", current=I)
    roots = np.sort(np.roots([0.04, 5.0 - 0.2, 140.0 + I]).real)
    np.testing.assert_allclose([f.v for f in pp.fixed_points], roots, rtol=1e-10)
    assert [f.stability for f in pp.fixed_points] == ["stable node", "saddle"]
    for f in pp.fixed_points:
        assert f.w == pytest.approx(0.2 * f.v)


def test_izhikevich_no_fixed_point_above_bifurcation():
    # saddle-node at 0.04 v^2 + 4.8 v + 140 + I with zero discriminant: I = 4.8^2/0.16 - 140
    assert phase_plane("izh", preset="RS", current=4.8**2 / 0.16 - 140 + 0.1).fixed_points == ()


def _finite_difference_jacobian(f, v, w, h=1e-6):
    J = np.empty((2, 2))
    for j, (dv, dw) in enumerate([(h, 0.0), (0.0, h)]):
        plus = np.array(f(v + dv, w + dw))
        minus = np.array(f(v - dv, w - dw))
        J[:, j] = (plus - minus) / (2 * h)
    return J


@pytest.mark.parametrize("name", ["tonic", "adapting", "delayed_accelerating"])
def test_adex_fixed_points_are_equilibria_of_the_kernel_rhs(name):
    p = adex.PRESETS[name]
    par = dict(C=p["C"], gL=p["gL"], EL=p["EL"], VT=p["VT"], DT=p["DT"], a=p["a"],
               tau_w=p["tau_w"])

    def f(v, w, I=0.0):
        return adex.rhs(v, w, I, *par.values())

    pp = phase_plane("adex", preset=name, current=0.0)
    assert len(pp.fixed_points) == 2  # rest (stable) and threshold (saddle)
    rest, thr = pp.fixed_points
    assert rest.stable and thr.stability == "saddle"
    for fp in pp.fixed_points:
        np.testing.assert_allclose(f(fp.v, fp.w), 0.0, atol=1e-9)
        np.testing.assert_allclose(fp.jacobian, _finite_difference_jacobian(f, fp.v, fp.w),
                                   rtol=1e-5, atol=1e-8)
    # large enough current removes both (saddle-node) -> tonic firing
    assert phase_plane("adex", preset=name, current=p["current"]).fixed_points == ()


def test_izhikevich_jacobian_matches_kernel_rhs():
    pp = phase_plane("izh", preset="FS", current=0.0)
    for fp in pp.fixed_points:
        J = _finite_difference_jacobian(lambda v, u: izhikevich.rhs(v, u, 0.0, 0.1, 0.2),
                                        fp.v, fp.w)
        np.testing.assert_allclose(fp.jacobian, J, rtol=1e-6, atol=1e-9)


def test_phase_plane_validation():
    with pytest.raises(ValueError, match="model"):
        phase_plane("lif", current=1.0)
    with pytest.raises(ValueError, match="grid"):
        phase_plane("fhn", current=0.0, grid=1)
    with pytest.raises(ValueError, match="v_range"):
        phase_plane("fhn", current=0.0, v_range=(1.0, -1.0))
    with pytest.raises(ValueError, match="tau"):
        phase_plane("fhn", current=0.0, tau=-3.0)
    with pytest.raises(ValueError, match="current"):
        phase_plane("fhn", current=np.nan)
