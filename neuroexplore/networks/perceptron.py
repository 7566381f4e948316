"""Rosenblatt's perceptron, logic-gate datasets and a linear-separability test.

Model (Rosenblatt 1958, Psychol. Rev. 65:386).  With labels :math:`t \\in \\{-1, +1\\}`
and the prediction :math:`\\hat t = \\operatorname{sign}(w \\cdot x + b)`, every
misclassified sample (:math:`t (w \\cdot x + b) \\le 0`) triggers the update

.. math:: w \\leftarrow w + \\eta\\, t\\, x, \\qquad b \\leftarrow b + \\eta\\, t .

Convergence theorem (Novikoff 1962, Proc. Symp. Math. Theory of Automata 12:615).
Write :math:`\\tilde x = (x, 1)` so the bias is a weight on a constant input.  If
some unit vector :math:`u` separates the data with margin
:math:`\\gamma = \\min_i t_i\\, u \\cdot \\tilde x_i > 0` and :math:`R = \\max_i
\\lVert \\tilde x_i \\rVert`, the perceptron started from :math:`w = 0, b = 0`
makes at most :math:`(R/\\gamma)^2` updates, whatever the learning rate and the
order of presentation.  XOR is not linearly separable (Minsky & Papert 1969), so
no such :math:`u` exists and the rule never stops making mistakes.

Labels may be given as {0, 1} or {-1, +1}; inputs are dimensionless.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog, minimize

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs

__all__ = [
    "PERCEPTRON_SPECS",
    "LOGIC_GATE_SPECS",
    "PerceptronResult",
    "Separability",
    "logic_gate",
    "train_perceptron",
    "linear_separability",
]

PERCEPTRON_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("lr", 0.1, 1e-3, 10.0, unit="", doc="perceptron learning rate eta", log=True),
    ParamSpec("epochs", 50, 1, 1000, integer=True, unit="", doc="passes through the data"),
)

LOGIC_GATE_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("gate", "AND", ("AND", "OR", "NAND", "NOR", "XOR"), doc="Boolean function"),
    ParamSpec("noise", 0.0, 0.0, 0.5, step=0.01, doc="std of Gaussian jitter added to inputs"),
    ParamSpec("n", 4, 4, 4000, integer=True, doc="number of points (cycling the 4 corners)"),
)

_TRUTH = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}
_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@takes_specs(LOGIC_GATE_SPECS)
def logic_gate(
    gate: str = FROM_SPEC, *, noise: float = FROM_SPEC, n: int = FROM_SPEC, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and {0, 1} targets of a two-input Boolean gate.

    Point ``k`` sits on corner ``k % 4`` of the unit square (order 00, 01, 10, 11),
    jittered by independent Gaussian noise of standard deviation ``noise``.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,), int

    Examples
    --------
    >>> X, y = logic_gate("XOR")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    k = np.arange(n) % 4
    X = _CORNERS[k].copy()
    if noise > 0:
        X += np.random.default_rng(seed).normal(0.0, noise, size=X.shape)
    y = np.asarray(_TRUTH[gate], dtype=int)[k]
    return X, y


def _as_data(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate a data set; return float inputs and labels in {-1, +1}."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array (samples, features), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {y.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values")
    labels = set(np.unique(y).tolist())
    if labels <= {0, 1}:
        t = np.where(y == 1, 1.0, -1.0)
    elif labels <= {-1, 1}:
        t = y.astype(float)
    else:
        raise ValueError(f"y must hold binary labels in {{0, 1}} or {{-1, +1}}, got {labels}")
    return X, t


@dataclass(frozen=True)
class PerceptronResult:
    """Outcome of :func:`train_perceptron`.

    Attributes
    ----------
    weights : ndarray, shape (features,)
    bias : float
    errors : ndarray, shape (epochs_run,)
        Updates (= misclassifications met on line) in each epoch.
    accuracy : ndarray, shape (epochs_run,)
        Training accuracy of the weights at the end of each epoch.
    weight_history : ndarray, shape (epochs_run + 1, features + 1)
        ``(w, b)`` at the start and after every epoch.
    n_updates : int
        Total number of updates made (the quantity Novikoff's theorem bounds).
    converged : bool
        Whether an epoch passed with no mistake (training stops there).
    """

    weights: np.ndarray
    bias: float
    errors: np.ndarray
    accuracy: np.ndarray
    weight_history: np.ndarray
    n_updates: int
    converged: bool

    @property
    def epochs_run(self) -> int:
        return int(self.errors.size)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """``w . x + b`` for each row of ``X``."""
        return np.asarray(X, dtype=float) @ self.weights + self.bias

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted labels in {0, 1} (``w . x + b > 0`` gives 1)."""
        return (self.decision_function(X) > 0).astype(int)

    def boundary_line(
        self, xlim: tuple[float, float] = (-0.5, 1.5), ylim: tuple[float, float] = (-0.5, 1.5)
    ) -> tuple[np.ndarray, np.ndarray]:
        """Two end points of the line ``w0 x + w1 y + b = 0`` inside a 2-D box.

        Returns ``(xs, ys)`` of length 2 (a vertical line when ``w1 = 0``); both
        empty when the weights are zero and no boundary exists.
        """
        if self.weights.size != 2:
            raise ValueError(f"boundary_line needs 2 input features, got {self.weights.size}")
        w0, w1 = self.weights
        b = self.bias
        if w0 == 0 and w1 == 0:
            return np.empty(0), np.empty(0)
        if abs(w1) >= abs(w0):
            xs = np.asarray(xlim, dtype=float)
            return xs, -(w0 * xs + b) / w1
        ys = np.asarray(ylim, dtype=float)
        return -(w1 * ys + b) / w0, ys


@takes_specs(PERCEPTRON_SPECS)
def train_perceptron(
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float = FROM_SPEC,
    epochs: int = FROM_SPEC,
    seed: int | None = 0,
) -> PerceptronResult:
    """Train a perceptron with Rosenblatt's rule, from zero weights.

    Each epoch presents the samples once in a seeded random order and updates on
    every mistake; training stops after the first epoch with no mistake
    (``converged=True``).  Starting from zero, the number of updates does not
    depend on ``lr`` (the weights only scale), so Novikoff's bound applies as is.

    Parameters
    ----------
    X : ndarray, shape (n, features)
    y : ndarray, shape (n,)
        Labels in {0, 1} or {-1, +1}.
    lr : float
        Learning rate eta (see ``PERCEPTRON_SPECS``).
    epochs : int
        Maximum number of passes.
    seed : int or None
        Seeds the presentation order.

    Examples
    --------
    >>> X, y = logic_gate("AND")
    >>> res = train_perceptron(X, y)
    >>> res.converged, res.predict(X).tolist()
    (True, [0, 0, 0, 1])
    >>> train_perceptron(*logic_gate("XOR"), epochs=100).converged
    False
    """
    X, t = _as_data(X, y)
    rng = np.random.default_rng(seed)
    n, d = X.shape
    # From zero weights (w, b) = eta * v with v the running sum of t_i x_i over the
    # mistakes; deciding on v makes the mistake sequence exactly independent of eta
    # (no rounding differences at points lying on the boundary).
    v = np.zeros(d + 1)
    Xa = np.hstack([X, np.ones((n, 1))])
    errors, accuracy, history = [], [], [v.copy()]
    converged = False
    # Loop over presentations: the rule is sequential by definition (each update
    # changes the next prediction), so it cannot be vectorised over samples.
    for _ in range(epochs):
        mistakes = 0
        for i in rng.permutation(n):
            if t[i] * (Xa[i] @ v) <= 0:
                v += t[i] * Xa[i]
                mistakes += 1
        errors.append(mistakes)
        accuracy.append(float(np.mean(np.where(Xa @ v > 0, 1.0, -1.0) == t)))
        history.append(v.copy())
        if mistakes == 0:
            converged = True
            break
    wb = lr * v
    return PerceptronResult(
        weights=wb[:d].copy(),
        bias=float(wb[d]),
        errors=np.asarray(errors, dtype=int),
        accuracy=np.asarray(accuracy),
        weight_history=lr * np.asarray(history),
        n_updates=int(np.sum(errors)),
        converged=converged,
    )


@dataclass(frozen=True)
class Separability:
    """Result of :func:`linear_separability`.

    Attributes
    ----------
    separable : bool
        Whether a hyperplane ``w . x + b`` puts every point strictly on its side.
    margin : float
        Novikoff's gamma: the largest ``min_i t_i u . (x_i, 1)`` over unit vectors
        ``u`` in the augmented space (0 when not separable).
    radius : float
        Novikoff's R: ``max_i ||(x_i, 1)||``.
    weights : ndarray, shape (features,)
    bias : float
        The maximum-margin unit vector ``u = (weights, bias)`` (zeros if not separable).
    """

    separable: bool
    margin: float
    radius: float
    weights: np.ndarray
    bias: float

    @property
    def novikoff_bound(self) -> float:
        """``(R / gamma)^2``, the most updates the perceptron can make (inf if inseparable)."""
        return float((self.radius / self.margin) ** 2) if self.separable else float("inf")


def linear_separability(X: np.ndarray, y: np.ndarray) -> Separability:
    """Decide linear separability by linear programming and compute the margin.

    Feasibility: the data are separable iff the LP ``t_i (w . x_i + b) >= 1`` has a
    solution (found with :func:`scipy.optimize.linprog`, HiGHS).  The margin is then
    the hard-margin SVM in the augmented space, ``min ||u||^2`` s.t.
    ``t_i u . (x_i, 1) >= 1``, solved with SLSQP; ``gamma = 1 / ||u*||``.

    Examples
    --------
    >>> linear_separability(*logic_gate("OR")).separable
    True
    >>> linear_separability(*logic_gate("XOR")).separable
    False
    """
    X, t = _as_data(X, y)
    n, d = X.shape
    Xa = np.hstack([X, np.ones((n, 1))])
    radius = float(np.max(np.linalg.norm(Xa, axis=1)))
    A = -(t[:, None] * Xa)
    lp = linprog(
        np.zeros(d + 1), A_ub=A, b_ub=-np.ones(n), bounds=[(None, None)] * (d + 1), method="highs"
    )
    if lp.status != 0:
        return Separability(False, 0.0, radius, np.zeros(d), 0.0)
    res = minimize(
        lambda u: 0.5 * u @ u,
        lp.x,
        jac=lambda u: u,
        constraints=[{"type": "ineq", "fun": lambda u: -A @ u - 1.0, "jac": lambda u: -A}],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    u = res.x if res.success else lp.x
    norm = float(np.linalg.norm(u))
    unit = u / norm
    margin = float(np.min(t * (Xa @ unit)))
    return Separability(True, margin, radius, unit[:d].copy(), float(unit[d]))
