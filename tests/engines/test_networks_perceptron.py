"""Perceptron: Novikoff's bound on AND/OR/NAND, no convergence on XOR, LP separability."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import LinearConstraint, minimize

from neuroexplore.networks import linear_separability, logic_gate, train_perceptron


def novikoff_R_gamma(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """R and gamma computed independently of the engine (trust-constr hard-margin SVM)."""
    t = np.where(y == 1, 1.0, -1.0)
    Xa = np.hstack([X, np.ones((len(X), 1))])
    R = float(np.max(np.linalg.norm(Xa, axis=1)))
    con = LinearConstraint(t[:, None] * Xa, lb=np.ones(len(X)), ub=np.inf)
    res = minimize(lambda u: 0.5 * u @ u, np.ones(Xa.shape[1]), jac=lambda u: u,
                   hess=lambda u: np.eye(len(u)), constraints=[con], method="trust-constr",
                   options={"gtol": 1e-12, "xtol": 1e-12, "maxiter": 5000})
    u = res.x / np.linalg.norm(res.x)
    gamma = float(np.min(t * (Xa @ u)))
    assert gamma > 0
    return R, gamma


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_converges_within_novikoff_bound(gate: str, seed: int) -> None:
    X, y = logic_gate(gate)
    R, gamma = novikoff_R_gamma(X, y)
    res = train_perceptron(X, y, lr=0.3, epochs=500, seed=seed)
    assert res.converged
    assert res.n_updates <= (R / gamma) ** 2
    assert res.errors[-1] == 0 and res.accuracy[-1] == 1.0
    np.testing.assert_array_equal(res.predict(X), y)


def test_margin_agrees_with_independent_solver() -> None:
    for gate in ["AND", "OR", "NAND"]:
        X, y = logic_gate(gate)
        R, gamma = novikoff_R_gamma(X, y)
        sep = linear_separability(X, y)
        assert sep.separable
        assert sep.radius == pytest.approx(R, rel=1e-12)
        assert sep.margin == pytest.approx(gamma, rel=1e-5)
        assert sep.novikoff_bound == pytest.approx((R / gamma) ** 2, rel=1e-4)
    # AND: the max-margin augmented separator is known in closed form by symmetry:
    # u ∝ (2, 2, -3) gives margin 1/sqrt(17) on all four corners.
    sep = linear_separability(*logic_gate("AND"))
    assert sep.margin == pytest.approx(1 / np.sqrt(17), rel=1e-6)


def test_noisy_separable_copies_respect_bound() -> None:
    X, y = logic_gate("OR", noise=0.05, n=40, seed=3)
    assert linear_separability(X, y).separable
    R, gamma = novikoff_R_gamma(X, y)
    res = train_perceptron(X, y, epochs=1000, seed=0)
    assert res.converged and res.n_updates <= (R / gamma) ** 2


@given(lr=st.floats(1e-3, 10.0), seed=st.integers(0, 2**31 - 1))
@settings(max_examples=30, deadline=None)
def test_xor_never_converges(lr: float, seed: int) -> None:
    X, y = logic_gate("XOR")
    res = train_perceptron(X, y, lr=lr, epochs=200, seed=seed)
    assert not res.converged
    assert res.epochs_run == 200
    assert np.all(res.errors >= 1)  # at least one mistake every epoch
    assert np.all(res.accuracy <= 0.75)  # a line gets at most 3 of 4 XOR points right


def test_xor_not_linearly_separable() -> None:
    sep = linear_separability(*logic_gate("XOR"))
    assert not sep.separable and sep.novikoff_bound == np.inf
    X, y = logic_gate("XOR", noise=0.02, n=400, seed=1)
    assert not linear_separability(X, y).separable


@given(seed=st.integers(0, 1000), lr=st.floats(1e-3, 10.0))
@settings(max_examples=25, deadline=None)
def test_update_count_independent_of_lr(seed: int, lr: float) -> None:
    """From w=0 the weights only scale with eta, so the mistakes are identical."""
    X, y = logic_gate("NAND")
    a = train_perceptron(X, y, lr=lr, seed=seed)
    b = train_perceptron(X, y, lr=1.0, seed=seed)
    np.testing.assert_array_equal(a.errors, b.errors)
    np.testing.assert_allclose(a.weight_history, lr * b.weight_history, rtol=1e-12)


def test_boundary_line_lies_on_decision_boundary() -> None:
    res = train_perceptron(*logic_gate("AND"), seed=0)
    xs, ys = res.boundary_line()
    np.testing.assert_allclose(res.decision_function(np.column_stack([xs, ys])), 0, atol=1e-12)


def test_same_seed_same_result_and_labels_pm1() -> None:
    X, y = logic_gate("OR", noise=0.1, n=20, seed=5)
    a, b = train_perceptron(X, y, seed=7), train_perceptron(X, y, seed=7)
    np.testing.assert_array_equal(a.weight_history, b.weight_history)
    c = train_perceptron(X, 2 * y - 1, seed=7)
    np.testing.assert_array_equal(a.weight_history, c.weight_history)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: train_perceptron(*logic_gate("AND"), lr=0.0), "lr"),
        (lambda: train_perceptron(*logic_gate("AND"), epochs=0), "epochs"),
        (lambda: logic_gate("XNOR"), "gate"),
        (lambda: logic_gate("AND", noise=-1.0), "noise"),
        (lambda: train_perceptron(np.zeros((4, 2)), np.array([0, 1, 2, 1])), "y"),
        (lambda: train_perceptron(np.full((2, 2), np.nan), np.array([0, 1])), "X"),
    ],
)
def test_bad_input_raises(call, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()
