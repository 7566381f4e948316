"""Sneak-path reads of a passive crossbar against closed-form circuit results."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.crossbar.ir_drop_sneak import read_margin, sneak_path_read


def g_sneak_floating(m: int, n: int, g: float) -> float:
    """Three groups of parallel cells in series: (N-1) g, (M-1)(N-1) g, (M-1) g."""
    return 1.0 / (1 / ((n - 1) * g) + 1 / ((m - 1) * (n - 1) * g) + 1 / ((m - 1) * g))


@pytest.mark.parametrize("m, n", [(2, 2), (4, 4), (8, 5), (16, 16)])
def test_floating_scheme_matches_series_parallel_formula(m, n):
    g, g_sel, v = 1e-4, 3e-6, 0.3
    G = np.full((m, n), g)
    G[1, 2 % n] = g_sel
    res = sneak_path_read(G, 1, 2 % n, scheme="floating", v_read=v)
    np.testing.assert_allclose(res.i_cell, g_sel * v, rtol=1e-14)
    np.testing.assert_allclose(res.i_read, v * (g_sel + g_sneak_floating(m, n, g)), rtol=1e-10)
    assert res.i_sneak > 0


@pytest.mark.parametrize("scheme, frac", [("V/2", 0.5), ("V/3", 1 / 3)])
def test_half_select_schemes_add_m_minus_1_half_selected_cells(scheme, frac):
    m, n, g, v = 12, 9, 5e-5, 0.4
    rng = np.random.default_rng(1)
    G = rng.uniform(1e-6, 1e-4, (m, n))
    res = sneak_path_read(G, 3, 4, scheme=scheme, v_read=v)
    others = np.delete(G[:, 4], 3)
    np.testing.assert_allclose(res.i_read, G[3, 4] * v + others.sum() * frac * v, rtol=1e-10)
    # with a sinh selector each half-selected cell carries G v sinh(k f v)/sinh(k v)
    k = 15.0
    res_k = sneak_path_read(G, 3, 4, scheme=scheme, v_read=v, selector_k=k)
    expected = G[3, 4] * v + others.sum() * v * np.sinh(k * frac * v) / np.sinh(k * v)
    np.testing.assert_allclose(res_k.i_read, expected, rtol=1e-10)
    del g


def test_grounded_scheme_has_no_sneak_current_with_ideal_wires():
    rng = np.random.default_rng(2)
    G = rng.uniform(1e-6, 1e-4, (10, 10))
    res = sneak_path_read(G, 2, 7, scheme="grounded", v_read=0.2)
    np.testing.assert_allclose(res.i_read, res.i_cell, rtol=1e-12)


def test_sneak_current_vanishes_with_an_ideal_selector():
    G = np.full((16, 16), 1e-4)
    fractions = [sneak_path_read(G, 0, 15, scheme="floating", v_read=0.5, selector_k=k)
                 .sneak_fraction for k in (0.0, 10.0, 20.0, 30.0)]
    assert fractions[0] > 0.5
    assert all(a > b for a, b in zip(fractions, fractions[1:], strict=False))
    assert fractions[-1] < 5e-3


def test_v3_scheme_reduces_parasitic_current_below_v2_with_a_selector():
    G = np.full((32, 32), 1e-4)
    kw = dict(v_read=0.5, selector_k=15.0)
    v2 = sneak_path_read(G, 0, 31, scheme="V/2", **kw).i_sneak
    v3 = sneak_path_read(G, 0, 31, scheme="V/3", **kw).i_sneak
    assert 0 < v3 < 0.5 * v2


def test_read_margin_falls_with_array_size_and_selector_restores_it():
    sizes = [2, 4, 8, 16, 32]
    lin = read_margin(sizes, g_on=1e-4, g_off=1e-5)
    assert np.all(np.diff(lin["margin"]) < 0)
    # N = 2 closed form: i = v (g_sel + g_sneak) with g_sneak = g/3 (three cells in series)
    g, v = 1e-4, 0.2
    i_on, i_off = v * (g + g / 3), v * (1e-5 + g / 3)
    np.testing.assert_allclose(lin["margin"][0], (i_on - i_off) / i_on, rtol=1e-12)
    sel = read_margin(sizes, g_on=1e-4, g_off=1e-5, selector_k=25.0, v_read=0.5)
    assert np.all(sel["margin"] > lin["margin"])
    assert sel["margin"][-1] > 0.5


def test_wire_resistance_lowers_the_read_current():
    G = np.full((16, 16), 1e-4)
    ideal = sneak_path_read(G, 0, 15, scheme="grounded")
    wired = sneak_path_read(G, 0, 15, scheme="grounded", r_wire=50.0)
    assert wired.i_read < ideal.i_read
    assert wired.v_cell < 0.2


@pytest.mark.parametrize("kwargs, name", [
    (dict(row=5), "row"), (dict(col=-1), "col"), (dict(scheme="V/4"), "scheme"),
    (dict(v_read=5.0), "v_read"), (dict(r_wire=-1.0), "r_wire"),
])
def test_bad_read_arguments_raise(kwargs, name):
    args = dict(row=0, col=0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        sneak_path_read(np.full((4, 4), 1e-5), **args)
