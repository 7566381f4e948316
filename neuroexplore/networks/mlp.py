"""A multilayer perceptron trained by backpropagation, in numpy.

Forward pass (layer ``l = 1..L``, row-vector convention, batch of ``n`` rows):

.. math:: z^{(l)} = a^{(l-1)} W^{(l)} + b^{(l)}, \\qquad a^{(l)} = f(z^{(l)}),

with :math:`a^{(0)} = x`, hidden activation :math:`f` = sigmoid, tanh or ReLU, and an
output layer that is either softmax with cross-entropy,
:math:`\\mathcal L = -\\tfrac1n \\sum_i \\log p_{i, y_i}`, or logistic sigmoid with
mean squared error against one-hot targets,
:math:`\\mathcal L = \\tfrac1{2n} \\sum_i \\lVert a^{(L)}_i - t_i \\rVert^2`
(the set-up of Rumelhart, Hinton & Williams 1986, Nature 323:533).  An optional
L2 penalty :math:`\\tfrac\\lambda2 \\sum_l \\lVert W^{(l)} \\rVert^2` is added.

Backpropagation (Rumelhart et al. 1986, eqs. for the generalised delta rule):
:math:`\\delta^{(L)} = \\partial \\mathcal L / \\partial z^{(L)}`,
:math:`\\delta^{(l)} = (\\delta^{(l+1)} W^{(l+1)\\top}) \\odot f'(z^{(l)})`,
:math:`\\partial \\mathcal L / \\partial W^{(l)} = a^{(l-1)\\top} \\delta^{(l)}`.
Training is mini-batch SGD with classical momentum (Polyak 1964):
:math:`v \\leftarrow \\mu v - \\eta \\nabla \\mathcal L`, :math:`\\theta \\leftarrow \\theta + v`.
Weights start with Glorot/Xavier uniform initialisation (He for ReLU).

Inputs and outputs are dimensionless; labels are integer class indices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..datasets import Dataset, load_digits
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs
from ..progress import Callback, notify

__all__ = [
    "MLP_SPECS",
    "MLPResult",
    "train_mlp",
    "init_mlp",
    "mlp_forward",
    "mlp_loss_and_gradients",
    "decision_surface",
    "digits_split",
]

MLP_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("lr", 0.1, 1e-4, 10.0, log=True, doc="SGD learning rate eta"),
    ParamSpec("momentum", 0.9, 0.0, 0.99, step=0.01, doc="classical momentum mu"),
    ParamSpec("epochs", 100, 1, 5000, integer=True, doc="passes through the training set"),
    ParamSpec("batch_size", 32, 1, 4096, integer=True, doc="samples per SGD step"),
    ParamSpec("weight_decay", 0.0, 0.0, 0.1, step=1e-4, doc="L2 penalty lambda on weights"),
    ParamSpec("hidden_units", 16, 1, 1024, integer=True, doc="units in a hidden layer"),
    ChoiceSpec("activation", "tanh", ("sigmoid", "tanh", "relu"), doc="hidden activation"),
    ChoiceSpec("loss", "cross_entropy", ("cross_entropy", "mse"), doc="output layer and loss"),
)
_SPECS = {s.name: s for s in MLP_SPECS}


def _subset(*names: str) -> tuple[ParamSpec | ChoiceSpec, ...]:
    return tuple(_SPECS[n] for n in names)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Numerically stable logistic function (no overflow for large |z|).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _act(name: str, z: np.ndarray) -> np.ndarray:
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)


def _act_grad(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    return (z > 0).astype(z.dtype)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


Params = tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]


@takes_specs(_subset("activation"))
def init_mlp(
    sizes: Sequence[int],
    *,
    activation: str = FROM_SPEC,
    seed: int | np.random.Generator | None = 0,
) -> Params:
    """Initial ``(weights, biases)`` for layer sizes ``(n_in, h1, ..., n_out)``.

    Glorot/Xavier uniform, ``U(-a, a)`` with ``a = sqrt(6 / (fan_in + fan_out))``
    (Glorot & Bengio 2010); He-uniform ``a = sqrt(6 / fan_in)`` for ReLU hidden
    layers (He et al. 2015).  Biases start at zero.
    """
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        hidden_relu = activation == "relu" and i < len(sizes) - 2
        a = np.sqrt(6.0 / fan_in) if hidden_relu else np.sqrt(6.0 / (fan_in + fan_out))
        weights.append(rng.uniform(-a, a, size=(fan_in, fan_out)))
        biases.append(np.zeros(fan_out))
    return tuple(weights), tuple(biases)


@takes_specs(_subset("activation", "loss"))
def mlp_forward(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    X: np.ndarray,
    *,
    activation: str = FROM_SPEC,
    loss: str = FROM_SPEC,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Forward pass; returns pre-activations ``zs`` and activations ``acts``.

    ``acts[0]`` is ``X`` and ``acts[-1]`` the network output (softmax
    probabilities for cross-entropy, sigmoid outputs for MSE).
    """
    return _forward(weights, biases, X, activation, loss)


def _forward(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    X: np.ndarray,
    activation: str,
    loss: str,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """:func:`mlp_forward` without the argument check (for the training loop)."""
    acts, zs = [X], []
    n_layers = len(weights)
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = acts[-1] @ W + b
        zs.append(z)
        if i < n_layers - 1:
            acts.append(_act(activation, z))
        elif loss == "cross_entropy":
            acts.append(_softmax(z))
        else:
            acts.append(_sigmoid(z))
    return zs, acts


def _data_loss(out: np.ndarray, y: np.ndarray, loss: str) -> float:
    """Mean cross-entropy of softmax outputs, or half mean squared error to one-hot."""
    n = out.shape[0]
    if loss == "cross_entropy":
        return float(-np.mean(np.log(np.clip(out[np.arange(n), y], 1e-300, None))))
    sq = np.sum(out * out) - 2.0 * np.sum(out[np.arange(n), y]) + n
    return float(0.5 * sq / n)


@takes_specs(_subset("activation", "loss", "weight_decay"))
def mlp_loss_and_gradients(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    activation: str = FROM_SPEC,
    loss: str = FROM_SPEC,
    weight_decay: float = FROM_SPEC,
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """Mean loss over the batch and its exact gradients by backpropagation.

    Returns ``(loss, grad_weights, grad_biases)``, gradients in layer order.
    """
    return _loss_and_gradients(weights, biases, X, y, activation, loss, weight_decay)


def _loss_and_gradients(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    activation: str,
    loss: str,
    weight_decay: float,
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """:func:`mlp_loss_and_gradients` without the argument check (for the training loop)."""
    zs, acts = _forward(weights, biases, X, activation, loss)
    n = X.shape[0]
    out = acts[-1]
    T = np.zeros_like(out)
    T[np.arange(n), y] = 1.0
    value = _data_loss(out, y, loss)
    if loss == "cross_entropy":
        delta = (out - T) / n
    else:
        delta = (out - T) * out * (1.0 - out) / n
    value += 0.5 * weight_decay * sum(float(np.sum(W * W)) for W in weights)
    gw: list[np.ndarray] = [np.empty(0)] * len(weights)
    gb: list[np.ndarray] = [np.empty(0)] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        gw[layer] = acts[layer].T @ delta + weight_decay * weights[layer]
        gb[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ weights[layer].T) * _act_grad(activation, zs[layer - 1], acts[layer])
    return float(value), gw, gb


@dataclass(frozen=True)
class MLPResult:
    """A trained MLP and its learning curves.

    Attributes
    ----------
    weights, biases : tuple of ndarray
        Layer parameters; ``weights[l]`` has shape ``(fan_in, fan_out)``.
    activation, loss : str
    loss_history, accuracy_history : ndarray, shape (epochs_run,)
        Training loss (mean over the epoch's mini-batches) and training accuracy
        measured after each epoch.
    val_loss_history, val_accuracy_history : ndarray, shape (epochs_run,)
        The same on the validation set (empty when none was given).
    stopped_early : bool
        Whether the callback stopped training.
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    activation: str
    loss: str
    loss_history: np.ndarray
    accuracy_history: np.ndarray
    val_loss_history: np.ndarray
    val_accuracy_history: np.ndarray
    stopped_early: bool

    @property
    def epochs_run(self) -> int:
        return int(self.loss_history.size)

    @property
    def n_classes(self) -> int:
        return int(self.weights[-1].shape[1])

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Network outputs, shape ``(n, n_classes)`` (softmax or sigmoid units)."""
        X = _check_X(X, self.weights[0].shape[0])
        return _forward(self.weights, self.biases, X, self.activation, self.loss)[1][-1]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted class indices."""
        return np.argmax(self.predict_proba(X), axis=1)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Output-layer pre-activations (logits), shape ``(n, n_classes)``.

        For two classes a 1-D score ``z_1 - z_0`` is returned: positive means class
        1, and its zero level set is the decision boundary.
        """
        X = _check_X(X, self.weights[0].shape[0])
        z = _forward(self.weights, self.biases, X, self.activation, self.loss)[0][-1]
        return z[:, 1] - z[:, 0] if z.shape[1] == 2 else z

    def accuracy(self, X: np.ndarray, y: np.ndarray) -> float:
        """Fraction of correctly classified samples."""
        return float(np.mean(self.predict(X) == np.asarray(y)))


def _check_X(X: np.ndarray, n_features: int | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array (samples, features), got {X.shape}")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"X must have {n_features} features, got {X.shape[1]}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values")
    return X


def _check_y(y: np.ndarray, n: int) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X, got {y.shape}")
    if y.dtype.kind not in "iu" and not np.all(y == np.round(y)):
        raise ValueError("y must hold integer class indices")
    y = y.astype(np.int64)
    if y.min() < 0:
        raise ValueError(f"y must hold class indices >= 0, got {int(y.min())}")
    return y


@takes_specs(_subset("lr", "epochs", "batch_size", "momentum", "weight_decay", "activation",
                     "loss"))
def train_mlp(
    X: np.ndarray,
    y: np.ndarray,
    hidden: Sequence[int] = (int(_SPECS["hidden_units"].default),),
    *,
    lr: float = FROM_SPEC,
    epochs: int = FROM_SPEC,
    batch_size: int = FROM_SPEC,
    momentum: float = FROM_SPEC,
    weight_decay: float = FROM_SPEC,
    activation: str = FROM_SPEC,
    loss: str = FROM_SPEC,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    seed: int | None = 0,
    callback: Callback | None = None,
) -> MLPResult:
    """Train an MLP classifier by backpropagation and mini-batch SGD.

    Parameters
    ----------
    X : ndarray, shape (n, features)
    y : ndarray, shape (n,)
        Integer class labels ``0..K-1`` (``K >= 2``; inferred from ``y``).
    hidden : sequence of int
        Units per hidden layer, each within ``MLP_SPECS["hidden_units"]`` (default: one
        layer of its default size).
    lr, epochs, batch_size, momentum, weight_decay, activation, loss
        See ``MLP_SPECS``.
    validation : (X_val, y_val), optional
        Held-out data scored after each epoch.
    seed : int or None
        Seeds the initial weights and the mini-batch shuffling.
    callback : callable, optional
        ``callback(epoch, n_epochs, metrics)`` after each epoch, ``epoch`` counting
        from 1 and ``metrics`` holding ``loss``, ``accuracy`` (and ``val_loss``,
        ``val_accuracy``).  Returning ``False`` stops training.

    Examples
    --------
    >>> from neuroexplore.networks import logic_gate
    >>> X, y = logic_gate("XOR")
    >>> res = train_mlp(X, y, hidden=(4,), lr=0.5, epochs=500, batch_size=4, seed=1)
    >>> res.predict(X).tolist()
    [0, 1, 1, 0]
    """
    hidden = tuple(int(_SPECS["hidden_units"].validate(h)) for h in hidden)
    if len(hidden) > 8:
        raise ValueError(f"hidden has {len(hidden)} layers; at most 8 are supported")
    X = _check_X(X)
    y = _check_y(y, X.shape[0])
    n_classes = max(2, int(y.max()) + 1)
    if validation is not None:
        Xv = _check_X(validation[0], X.shape[1])
        yv = _check_y(validation[1], Xv.shape[0])
        n_classes = max(n_classes, int(yv.max()) + 1)
    rng = np.random.default_rng(seed)
    weights, biases = init_mlp((X.shape[1], *hidden, n_classes), activation=activation,
                               seed=rng)
    W, B = list(weights), list(biases)
    vW = [np.zeros_like(w) for w in W]
    vB = [np.zeros_like(b) for b in B]
    n, bs = X.shape[0], min(batch_size, X.shape[0])
    hist: dict[str, list[float]] = {"loss": [], "accuracy": [], "val_loss": [],
                                    "val_accuracy": []}
    stopped = False

    def score(Xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
        with np.errstate(over="ignore", invalid="ignore"):
            out = _forward(W, B, Xs, activation, loss)[1][-1]
            value = _data_loss(out, ys, loss)
        if not (np.isfinite(value) and np.all(np.isfinite(out))):
            raise diverged(epoch)
        return value, float(np.mean(np.argmax(out, axis=1) == ys))

    def diverged(epoch: int) -> ValueError:
        return ValueError(
            f"training diverged (non-finite loss or weights) at epoch {epoch}; "
            f"lower lr = {lr:g} (valid range {_SPECS['lr'].range_text})"
        )

    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        batch_losses = []
        # Overflow can only come from a diverging run, which is reported as ValueError.
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, n, bs):
                idx = order[start : start + bs]
                value, gW, gB = _loss_and_gradients(W, B, X[idx], y[idx], activation, loss,
                                                    weight_decay)
                if not np.isfinite(value):
                    raise diverged(epoch)
                batch_losses.append(value)
                for k in range(len(W)):
                    vW[k] = momentum * vW[k] - lr * gW[k]
                    vB[k] = momentum * vB[k] - lr * gB[k]
                    W[k] = W[k] + vW[k]
                    B[k] = B[k] + vB[k]
        if not all(np.all(np.isfinite(w)) for w in W + B):
            raise diverged(epoch)
        hist["loss"].append(float(np.mean(batch_losses)))
        hist["accuracy"].append(score(X, y)[1])
        metrics = {"loss": hist["loss"][-1], "accuracy": hist["accuracy"][-1]}
        if validation is not None:
            vl, va = score(Xv, yv)
            hist["val_loss"].append(vl)
            hist["val_accuracy"].append(va)
            metrics.update(val_loss=vl, val_accuracy=va)
        if notify(callback, epoch, epochs, metrics):
            stopped = epoch < epochs
            break
    return MLPResult(
        weights=tuple(W),
        biases=tuple(B),
        activation=activation,
        loss=loss,
        loss_history=np.asarray(hist["loss"]),
        accuracy_history=np.asarray(hist["accuracy"]),
        val_loss_history=np.asarray(hist["val_loss"]),
        val_accuracy_history=np.asarray(hist["val_accuracy"]),
        stopped_early=stopped,
    )


def decision_surface(
    result: MLPResult,
    *,
    xlim: tuple[float, float] = (-0.5, 1.5),
    ylim: tuple[float, float] = (-0.5, 1.5),
    resolution: int = 101,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate a 2-input network on a grid, for a contour/heatmap plot.

    Returns ``(xs, ys, zz)`` with ``zz[j, i]`` the class-1 output probability at
    ``(xs[i], ys[j])``.
    """
    if not 2 <= int(resolution) <= 1000:
        raise ValueError(f"resolution = {resolution} is outside its valid range [2, 1000]")
    xs = np.linspace(*xlim, int(resolution))
    ys = np.linspace(*ylim, int(resolution))
    gx, gy = np.meshgrid(xs, ys)
    prob = result.predict_proba(np.column_stack([gx.ravel(), gy.ravel()]))
    return xs, ys, prob[:, 1].reshape(gx.shape)


def digits_split(test_size: float = 0.25, seed: int | None = 0) -> Dataset:
    """scikit-learn's bundled 8x8 digits, pixels in [0, 1], stratified split.

    A thin alias of :func:`neuroexplore.datasets.load_digits` (no download).
    """
    return load_digits(test_size=test_size, seed=seed)
