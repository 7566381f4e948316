"""Fast IR-drop model against the exact nodal solution."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.crossbar.ir_drop_exact import (
    IRDropSolver,
    approx_ir_drop,
    approx_ir_drop_torch,
    effective_conductance,
    effective_conductance_torch,
    ir_drop_currents_torch,
)


def exact(G, V, r, **kw):
    return IRDropSolver(G, r, **kw).solve(V).i_out


def rel_err(a, b):
    return float(np.abs(a - b).max() / np.abs(b).max())


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(0)
    out = {}
    for n in (64, 128):
        G = rng.uniform(1e-6, 1e-4, (n, n))
        V = rng.uniform(0.0, 0.2, (4, n))
        out[n] = (G, V, exact(G, V, 1.0))
    return out


@pytest.mark.parametrize("n", [64, 128])
def test_default_model_within_0p1_percent_at_1_ohm(arrays, n):
    G, V, ref = arrays[n]
    assert rel_err(approx_ir_drop(G, V, 1.0), ref) < 1e-3
    # the IR drop itself is far larger than that error
    assert rel_err(V @ G, ref) > 0.1


def test_first_order_correction_within_3_percent_at_64(arrays):
    G, V, ref = arrays[64]
    first = approx_ir_drop(G, V, 1.0, n_iter=1, method="neumann")
    err = rel_err(first, ref)
    assert err < 0.03
    assert err < 0.25 * rel_err(V @ G, ref)  # far better than ignoring the IR drop


def test_error_shrinks_with_iterations_and_converges_to_exact(arrays):
    G, V, ref = arrays[128]
    errs = [rel_err(approx_ir_drop(G, V, 1.0, n_iter=k), ref) for k in (1, 2, 4, 8, 30)]
    assert all(a > b for a, b in zip(errs, errs[1:], strict=False))
    assert errs[-1] < 1e-10


def test_degrades_gracefully_with_wire_resistance():
    rng = np.random.default_rng(1)
    G = rng.uniform(1e-6, 1e-4, (64, 64))
    V = rng.uniform(0.0, 0.2, (2, 64))
    fixed, auto, ideal = [], [], []
    for r in (0.1, 1.0, 5.0, 20.0, 100.0):
        ref = exact(G, V, r)
        fixed.append(rel_err(approx_ir_drop(G, V, r, n_iter=3), ref))
        auto.append(rel_err(approx_ir_drop(G, V, r), ref))
        ideal.append(rel_err(V @ G, ref))
    # three fixed steps: error grows smoothly with r but stays far below the IR drop itself
    assert all(a < b for a, b in zip(fixed, fixed[1:], strict=False))
    assert all(f < 0.4 * i for f, i in zip(fixed, ideal, strict=False))
    # steps chosen from tol: below 1 % even where the IR drop exceeds 100 %
    assert max(auto) < 1e-2 and ideal[-1] > 1.0


def test_same_circuit_options_as_exact():
    rng = np.random.default_rng(2)
    G = rng.uniform(0, 1e-4, (40, 24))
    V = rng.uniform(-0.2, 0.2, (3, 40))
    kw = dict(r_wire_col=2.0, r_source=10.0, r_sense=20.0, r_access=2e3)
    ref = exact(G, V, 0.5, **kw)
    np.testing.assert_allclose(approx_ir_drop(G, V, 0.5, tol=1e-12, **kw), ref, rtol=1e-9,
                               atol=1e-12 * np.abs(ref).max())


def test_batch_and_effective_paths_agree_and_are_linear():
    rng = np.random.default_rng(3)
    G = rng.uniform(1e-6, 1e-4, (30, 20))
    V = rng.uniform(0, 0.2, (5, 30))
    a = approx_ir_drop(G, V, 2.0, n_iter=3, path="batch")
    b = approx_ir_drop(G, V, 2.0, n_iter=3, path="effective")
    np.testing.assert_allclose(a, b, rtol=1e-12)
    W = effective_conductance(G, 2.0, n_iter=3)
    np.testing.assert_allclose(V @ W, a, rtol=1e-12)
    assert np.all(W <= G + 1e-20) and np.all(W > 0)


def test_torch_matches_numpy_and_has_gradients():
    rng = np.random.default_rng(4)
    G = rng.uniform(1e-6, 1e-4, (32, 16))
    V = rng.uniform(0, 0.2, (6, 32))
    ref = approx_ir_drop(G, V, 1.0)
    Gt = torch.tensor(G, requires_grad=True)
    Vt = torch.tensor(V, requires_grad=True)
    out = approx_ir_drop_torch(Gt, Vt, 1.0)
    np.testing.assert_allclose(out.detach().numpy(), ref, rtol=1e-12)
    out.sum().backward()
    assert torch.isfinite(Gt.grad).all() and torch.isfinite(Vt.grad).all()
    # d(sum of outputs)/dV equals the row sums of W_eff (linear model)
    W = effective_conductance_torch(torch.tensor(G), 1.0)
    np.testing.assert_allclose(Vt.grad.numpy(), np.broadcast_to(W.sum(1).numpy(), V.shape),
                               rtol=1e-10)
    # zero conductances give finite gradients too (no square roots of g)
    G0 = torch.tensor(np.where(G > 5e-5, G, 0.0), requires_grad=True)
    approx_ir_drop_torch(G0, Vt.detach(), 1.0).sum().backward()
    assert torch.isfinite(G0.grad).all()


def test_float32_forward_close_to_float64():
    rng = np.random.default_rng(5)
    G = rng.uniform(1e-6, 1e-4, (64, 64))
    V = rng.uniform(0, 0.2, (200, 64))
    ref = approx_ir_drop(G, V, 1.0)
    out = approx_ir_drop_torch(torch.tensor(G, dtype=torch.float32),
                               torch.tensor(V, dtype=torch.float32), 1.0)
    assert out.dtype == torch.float32
    assert rel_err(out.numpy().astype(float), ref) < 1e-5


def test_tiled_hook_matches_per_tile_exact_solves():
    rng = np.random.default_rng(6)
    g = rng.uniform(1e-6, 1e-4, (2, 3, 16, 8))
    vt = rng.uniform(0, 0.2, (4, 2, 16))
    out = ir_drop_currents_torch(torch.tensor(g), torch.tensor(vt), 1.0, tol=1e-12).numpy()
    assert out.shape == (4, 2, 3, 8)
    for a in range(2):
        for b in range(3):
            np.testing.assert_allclose(out[:, a, b], exact(g[a, b], vt[:, a], 1.0),
                                       rtol=1e-9)


def test_bad_inputs_raise():
    G = np.full((4, 3), 1e-5)
    with pytest.raises(ValueError, match="r_wire"):
        approx_ir_drop(G, np.zeros(4), -1.0)
    with pytest.raises(ValueError, match="V"):
        approx_ir_drop(G, np.zeros(3), 1.0)
    with pytest.raises(ValueError, match="G"):
        approx_ir_drop(-G, np.zeros(4), 1.0)
    with pytest.raises(ValueError, match="method"):
        approx_ir_drop(G, np.zeros(4), 1.0, method="jacobi")
    with pytest.raises(ValueError, match="V"):
        approx_ir_drop_torch(torch.tensor(G), torch.zeros(2, 3), 1.0)
    with pytest.raises(ValueError, match="G"):
        approx_ir_drop_torch(torch.tensor(-G), torch.zeros(2, 4), 1.0)


@settings(max_examples=30, deadline=None)
@given(rows=st.integers(1, 12), cols=st.integers(1, 12), seed=st.integers(0, 2**31 - 1),
       r=st.floats(0.0, 100.0))
def test_converged_model_equals_exact_solve(rows, cols, seed, r):
    rng = np.random.default_rng(seed)
    G = rng.uniform(0, 1e-3, (rows, cols))
    V = rng.uniform(-0.5, 0.5, (2, rows))
    out = approx_ir_drop(G, V, r, tol=1e-12)
    assert np.all(np.isfinite(out))
    ref = exact(G, V, r)
    np.testing.assert_allclose(out, ref, rtol=1e-7, atol=1e-9 * max(np.abs(ref).max(), 1e-12))
