"""MLP by backpropagation: gradient check, XOR, digits >= 95 %, callbacks, seeds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.networks import (
    MLP_SPECS,
    decision_surface,
    digits_split,
    init_mlp,
    logic_gate,
    mlp_loss_and_gradients,
    train_mlp,
)


def numeric_gradients(weights, biases, X, y, eps=1e-6, **kw):
    """Central finite differences of the loss w.r.t. every parameter."""
    def loss_at(ws, bs):
        return mlp_loss_and_gradients(ws, bs, X, y, **kw)[0]

    out = []
    for group, other, first in ((weights, biases, True), (biases, weights, False)):
        grads = []
        for k, P in enumerate(group):
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                plus = [q.copy() for q in group]
                minus = [q.copy() for q in group]
                plus[k][idx] += eps
                minus[k][idx] -= eps
                if first:
                    G[idx] = (loss_at(plus, other) - loss_at(minus, other)) / (2 * eps)
                else:
                    G[idx] = (loss_at(other, plus) - loss_at(other, minus)) / (2 * eps)
            grads.append(G)
        out.append(grads)
    return out


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
def test_gradient_check(activation: str, loss: str, weight_decay: float) -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 4))
    y = rng.integers(0, 3, size=7)
    weights, biases = init_mlp((4, 5, 3, 3), activation=activation, seed=1)
    biases = tuple(b + 0.1 * rng.normal(size=b.shape) for b in biases)
    kw = dict(activation=activation, loss=loss, weight_decay=weight_decay)
    _, gw, gb = mlp_loss_and_gradients(weights, biases, X, y, **kw)
    nw, nb = numeric_gradients(list(weights), list(biases), X, y, **kw)
    for a, n in zip(gw + gb, nw + nb, strict=True):
        np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mlp_solves_xor(loss: str, seed: int) -> None:
    X, y = logic_gate("XOR")
    res = train_mlp(X, y, hidden=(8,), lr=0.5 if loss == "cross_entropy" else 2.0,
                    epochs=1000, batch_size=4, loss=loss, seed=seed)
    np.testing.assert_array_equal(res.predict(X), y)
    assert res.accuracy_history[-1] == 1.0
    assert res.loss_history[-1] < 0.1 * res.loss_history[0]
    # The decision function's sign is the predicted class; the surface is a probability map.
    assert np.all((res.decision_function(X) > 0) == (y == 1))
    xs, ys, zz = decision_surface(res, resolution=21)
    assert zz.shape == (21, 21) and np.all((zz >= 0) & (zz <= 1))
    corner = zz[np.searchsorted(ys, 1.0), np.searchsorted(xs, 0.0)]  # (x=0, y=1) -> class 1
    assert corner > 0.5


def test_digits_reaches_95_percent() -> None:
    ds = digits_split(test_size=0.25, seed=0)
    assert ds.x_train.min() >= 0 and ds.x_train.max() <= 1
    res = train_mlp(ds.x_train, ds.y_train, hidden=(64,), lr=0.1, epochs=30, batch_size=32,
                    validation=(ds.x_test, ds.y_test), seed=0)
    acc = res.accuracy(ds.x_test, ds.y_test)
    assert acc >= 0.95
    assert res.val_accuracy_history[-1] == pytest.approx(acc)
    assert res.n_classes == 10


def test_callback_progress_and_early_stop() -> None:
    X, y = logic_gate("XOR")
    seen = []

    def cb(epoch, n_epochs, metrics):
        seen.append((epoch, n_epochs, sorted(metrics)))
        return epoch < 3

    res = train_mlp(X, y, epochs=50, batch_size=4, callback=cb, validation=(X, y))
    assert res.epochs_run == 3 and res.stopped_early
    assert [s[0] for s in seen] == [1, 2, 3] and seen[0][1] == 50
    assert seen[0][2] == ["accuracy", "loss", "val_accuracy", "val_loss"]
    full = train_mlp(X, y, epochs=5, batch_size=4, callback=lambda *a: None)
    assert full.epochs_run == 5 and not full.stopped_early


def test_same_seed_same_result() -> None:
    X, y = logic_gate("XOR", noise=0.1, n=40, seed=0)
    a = train_mlp(X, y, hidden=(6, 4), epochs=20, seed=11)
    b = train_mlp(X, y, hidden=(6, 4), epochs=20, seed=11)
    c = train_mlp(X, y, hidden=(6, 4), epochs=20, seed=12)
    for wa, wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.weights[0], c.weights[0])


_SPEC = {s.name: s for s in MLP_SPECS}


@given(
    lr=st.floats(_SPEC["lr"].low, _SPEC["lr"].high),
    momentum=st.floats(0.0, 0.99),
    batch_size=st.integers(1, 64),
    weight_decay=st.floats(0.0, 0.1),
    activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
    loss=st.sampled_from(["cross_entropy", "mse"]),
    hidden=st.lists(st.integers(1, 12), min_size=1, max_size=3),
    seed=st.integers(0, 1000),
)
@settings(max_examples=30, deadline=None)
def test_outputs_finite_over_spec_ranges(lr, momentum, batch_size, weight_decay, activation,
                                         loss, hidden, seed) -> None:
    X, y = logic_gate("XOR", noise=0.2, n=32, seed=seed)
    try:
        res = train_mlp(X, y, hidden=tuple(hidden), lr=lr, momentum=momentum, epochs=5,
                        batch_size=batch_size, weight_decay=weight_decay,
                        activation=activation, loss=loss, seed=seed)
    except ValueError as err:  # divergence is reported, never returned as NaN
        assert "diverged" in str(err)
        return
    assert np.all(np.isfinite(res.loss_history))
    assert np.all(np.isfinite(res.predict_proba(X)))


@pytest.mark.parametrize(
    ("kw", "name"),
    [
        ({"lr": -1.0}, "lr"),
        ({"momentum": 1.5}, "momentum"),
        ({"batch_size": 0}, "batch_size"),
        ({"activation": "gelu"}, "activation"),
        ({"loss": "hinge"}, "loss"),
        ({"hidden": (0,)}, "hidden_units"),
    ],
)
def test_bad_parameters_raise(kw: dict, name: str) -> None:
    X, y = logic_gate("XOR")
    with pytest.raises(ValueError, match=name):
        train_mlp(X, y, **kw)


def test_bad_data_raise() -> None:
    X, y = logic_gate("XOR")
    with pytest.raises(ValueError, match="y must"):
        train_mlp(X, y[:3])
    with pytest.raises(ValueError, match="X must"):
        train_mlp(X[:, 0], y)
    res = train_mlp(X, y, epochs=2)
    with pytest.raises(ValueError, match="2 features"):
        res.predict(np.zeros((3, 5)))
