"""The multifrontal Cholesky path of the exact IR-drop solver (kilo-arrays).

Large linear arrays (``_MULTIFRONTAL_MIN_CELLS`` cells and more) are factorised by
:mod:`neuroexplore.crossbar._multifrontal`; here the threshold is lowered so that
small arrays take the same path, and every result is checked against a reference
that shares no code with it: a dense ``numpy.linalg.solve`` of Kirchhoff's
equations assembled with loops, SuperLU through ``spsolve`` in natural numbering,
the closed-form ladder solution, current conservation at the drivers and sense
amplifiers, and (slow) the matrix-free CG of :mod:`.ir_drop_approx` at 1024 x 1024.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.crossbar import ir_drop_exact
from neuroexplore.crossbar._multifrontal import MultifrontalCholesky
from neuroexplore.crossbar.ir_drop_exact import IRDropSolver
from tests.engines.test_crossbar_ir_drop import (
    assert_voltages_close,
    dense_reference,
    ladder_voltages,
    result_at,
    sparse_reference,
)


@pytest.fixture
def multifrontal_everywhere(monkeypatch):
    monkeypatch.setattr(ir_drop_exact, "_MULTIFRONTAL_MIN_CELLS", 1)


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (7, 1), (2, 2), (9, 13), (13, 9),
                                   (16, 16), (5, 40)])
@pytest.mark.parametrize("drive", ["left", "both"])
def test_multifrontal_matches_dense_kirchhoff(shape, drive, multifrontal_everywhere):
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    G = rng.uniform(1e-6, 1e-3, shape)
    if G.size > 4:
        G[rng.random(shape) < 0.1] = 0.0  # open cells
    V = rng.uniform(-0.3, 0.3, (3, shape[0]))
    solver = IRDropSolver(G, 3.0, r_wire_col=1.5, r_source=20.0, r_sense=40.0, drive=drive)
    assert isinstance(solver._lu, MultifrontalCholesky)
    batch = solver.solve(V)  # (n, 3) right-hand side: the batched kernel
    for k in range(3):
        one = solver.solve(V[k])
        vr, vc = dense_reference(G, V[k], 3.0, 1.5, 20.0, 40.0, G, both=drive == "both")
        for res in (one, result_at(batch, k)):
            assert_voltages_close(res.v_row, vr)
            assert_voltages_close(res.v_col, vc)


@pytest.mark.parametrize("r_source, r_sense", [(0.0, 0.0), (0.0, 7.0), (3.0, 0.0)])
def test_ideal_driver_or_sense_drops_boundary_nodes(r_source, r_sense,
                                                    multifrontal_everywhere):
    # an ideal driver / amplifier merges the line's end node into the boundary
    rng = np.random.default_rng(7)
    G = rng.uniform(1e-6, 1e-4, (24, 20))
    V = rng.uniform(0.0, 0.2, (2, 24))
    mf = IRDropSolver(G, 2.0, r_wire_col=1.0, r_source=r_source, r_sense=r_sense)
    lu = IRDropSolver(G, 2.0, r_wire_col=1.0, r_source=r_source, r_sense=r_sense,
                      permc_spec="COLAMD")  # SuperLU, another ordering
    assert isinstance(mf._lu, MultifrontalCholesky)
    a, b = mf.solve(V), lu.solve(V)
    assert_voltages_close(a.v_row, b.v_row, rel=1e-11)
    assert_voltages_close(a.v_col, b.v_col, rel=1e-11)


@pytest.mark.parametrize("n", [2, 300, 4096])
def test_multifrontal_single_row_and_column_ladders_match_closed_form(
        n, multifrontal_everywhere):
    # uniform cells on one line with an ideal driver and sense amplifier: the cosh ladder
    g, r, v = 8e-5, 2.5, 0.3
    expected = ladder_voltages(n, g, r, 0.0, v)
    row = IRDropSolver(np.full((1, n), g), r, r_wire_col=1.0).solve([v])
    # (the 4096 ladder decays to ~1e-25 V at its far end: compare to 1e-11 of v there)
    np.testing.assert_allclose(row.v_row[0], expected, rtol=1e-10, atol=1e-11 * v)
    # one column: the column line rises from 0 V at the amplifier; each cell sees
    # v - V_col, the same ladder read from the bottom end
    col = IRDropSolver(np.full((n, 1), g), 1.0, r_wire_col=r).solve(np.full(n, v))
    np.testing.assert_allclose(v - col.v_col[::-1, 0], expected, rtol=1e-10, atol=1e-11 * v)


def test_256x256_matches_sparse_solve_and_conserves_current(multifrontal_everywhere):
    # an independent SuperLU solve (natural numbering)
    rng = np.random.default_rng(256)
    G = rng.uniform(1e-6, 1e-4, (256, 256))
    V = rng.uniform(0.0, 0.2, (2, 256))
    r_s, r_sense = 2.0, 5.0
    solver = IRDropSolver(G, 1.0, r_wire_col=0.8, r_source=r_s, r_sense=r_sense)
    assert isinstance(solver._lu, MultifrontalCholesky)
    res = solver.solve(V)
    vr, vc = sparse_reference(G, V, 1.0, 0.8, r_s, r_sense, G)
    assert_voltages_close(res.v_row, vr)
    assert_voltages_close(res.v_col, vc)
    # Kirchhoff on whole lines: the current through each driver's source resistor
    # equals what its row's cells carry, and each amplifier takes its column's current
    i_source = (V - res.v_row[:, :, 0]) / r_s
    i_sense = res.v_col[:, -1, :] / r_sense
    np.testing.assert_allclose(i_source, res.i_cell.sum(axis=2), rtol=1e-9,
                               atol=1e-12 * np.abs(i_source).max())
    np.testing.assert_allclose(i_sense, res.i_out, rtol=1e-9, atol=1e-12 * np.abs(i_sense).max())
    np.testing.assert_allclose(i_source.sum(axis=1), i_sense.sum(axis=1), rtol=1e-10)


def test_floating_line_is_a_value_error(multifrontal_everywhere):
    G = np.full((6, 6), 1e-4)
    G[2, :] = 0.0  # row 2 is not driven and touches no cell: its line floats
    with pytest.raises(ValueError, match="floating"):
        IRDropSolver(G, 1.0, _row_driven=np.arange(6) != 2)


@pytest.mark.slow
def test_1024x1024_matches_matrix_free_cg():
    # the size: factor once, solve two vectors, compare with CG to 1e-12
    rng = np.random.default_rng(1024)
    G = rng.uniform(1e-6, 1e-4, (1024, 1024))
    V = rng.uniform(0.0, 0.2, (2, 1024))
    solver = IRDropSolver(G, 1.0)
    assert isinstance(solver._lu, MultifrontalCholesky)
    cg = IRDropSolver(G, 1.0, method="iterative", rtol=1e-12)
    for k in range(2):
        a, b = solver.solve(V[k]), cg.solve(V[k])
        scale = np.abs(b.i_out).max()
        assert np.abs(a.i_out - b.i_out).max() <= 1e-8 * scale
        assert_voltages_close(a.v_row, b.v_row, rel=1e-8)
