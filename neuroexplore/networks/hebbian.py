"""Rate-based Hebbian learning: plain Hebb, Oja's rule and BCM, for one linear neuron.

A linear neuron with weights :math:`w \\in \\mathbb R^d` sees input samples
:math:`x_k` (zero-mean after centring) and responds :math:`y = w \\cdot x`.  Each
sample gives one online update with learning rate :math:`\\eta`:

* plain Hebb (Hebb 1949):  :math:`\\Delta w = \\eta\\, y\\, x`.  On average
  :math:`\\dot w = C w` with :math:`C = \\langle x x^\\top \\rangle`, so :math:`\\lVert w
  \\rVert` grows like :math:`e^{\\lambda_1 t}` without bound.
* Oja's rule (Oja 1982, J. Math. Biol. 15:267, eq. 3):
  :math:`\\Delta w = \\eta\\, y\\, (x - y\\, w)`.  The averaged flow
  :math:`\\dot w = C w - (w^\\top C w) w` has the unit-norm principal eigenvector
  :math:`\\pm e_1` of :math:`C` as its stable fixed point.
* BCM (Bienenstock, Cooper & Munro 1982, J. Neurosci. 2:32; sliding threshold as in
  Intrator & Cooper 1992): :math:`\\Delta w = \\eta\\, x\\, y\\, (y - \\theta)`, with
  :math:`\\theta \\leftarrow \\theta + (y^2 - \\theta)/\\tau_\\theta` (``tau_theta``
  in samples).

Plain Hebb diverges: the run stops once :math:`\\lVert w \\rVert` passes
``norm_limit`` (``diverged=True``) so that nothing overflows.  Inputs and weights
are dimensionless; time is counted in samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs

__all__ = [
    "HEBBIAN_SPECS",
    "GAUSSIAN_CLOUD_SPECS",
    "HebbianResult",
    "hebbian_learning",
    "gaussian_cloud",
    "principal_axis",
]

HEBBIAN_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("rule", "oja", ("hebb", "oja", "bcm"), doc="learning rule"),
    ParamSpec("lr", 0.005, 1e-5, 0.1, log=True, doc="learning rate eta per sample"),
    ParamSpec("epochs", 5, 1, 200, integer=True, doc="passes through the samples"),
    ParamSpec("tau_theta", 100.0, 1.0, 1e4, log=True, unit="samples",
              doc="BCM threshold averaging time"),
    ParamSpec("norm_limit", 1e6, 10.0, 1e12, log=True, doc="stop when |w| exceeds this"),
)

GAUSSIAN_CLOUD_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("n", 500, 2, 100000, integer=True, doc="number of samples"),
    ParamSpec("angle", 30.0, -180.0, 180.0, step=1.0, unit="deg", doc="major axis direction"),
    ParamSpec("std_major", 1.0, 0.01, 10.0, doc="std along the major axis"),
    ParamSpec("std_minor", 0.3, 0.0, 10.0, doc="std along the minor axis"),
)


@takes_specs(GAUSSIAN_CLOUD_SPECS)
def gaussian_cloud(
    n: int = FROM_SPEC,
    *,
    angle: float = FROM_SPEC,
    std_major: float = FROM_SPEC,
    std_minor: float = FROM_SPEC,
    seed: int | None = 0,
) -> np.ndarray:
    """Zero-mean 2-D Gaussian samples, major axis at ``angle`` degrees.

    Examples
    --------
    >>> gaussian_cloud(1000, angle=0.0, seed=0).shape
    (1000, 2)
    """
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2)) * np.array([std_major, std_minor])
    a = np.deg2rad(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return z @ rot.T


@dataclass(frozen=True)
class HebbianResult:
    """Trajectory of :func:`hebbian_learning`.

    Attributes
    ----------
    rule : str
    weights : ndarray, shape (steps + 1, d)
        ``w`` before the first sample and after every sample.
    theta : ndarray, shape (steps + 1,)
        BCM threshold (zeros for the other rules).
    diverged : bool
        Whether ``|w|`` passed ``norm_limit`` (the run stopped there).
    """

    rule: str
    weights: np.ndarray
    theta: np.ndarray
    diverged: bool

    @property
    def final(self) -> np.ndarray:
        return self.weights[-1]

    @property
    def norms(self) -> np.ndarray:
        return np.linalg.norm(self.weights, axis=1)


def principal_axis(X: np.ndarray) -> np.ndarray:
    """Unit-norm principal eigenvector of the input covariance (where Oja's rule converges).

    The sign is fixed so that the largest-magnitude component is positive.

    Examples
    --------
    >>> ax = principal_axis(gaussian_cloud(2000, angle=30.0, seed=1))
    >>> bool(abs(ax @ [np.cos(np.pi / 6), np.sin(np.pi / 6)]) > 0.99)
    True
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 2 or not np.all(np.isfinite(X)):
        raise ValueError("X must be a finite (samples, features) array with at least 2 samples")
    _, vecs = np.linalg.eigh(np.cov(X.T))
    axis = vecs[:, -1]
    return axis if axis[np.argmax(np.abs(axis))] > 0 else -axis


@takes_specs(HEBBIAN_SPECS)
def hebbian_learning(
    X: np.ndarray,
    *,
    rule: str = FROM_SPEC,
    lr: float = FROM_SPEC,
    epochs: int = FROM_SPEC,
    tau_theta: float = FROM_SPEC,
    norm_limit: float = FROM_SPEC,
    w0: np.ndarray | None = None,
    center: bool = True,
    seed: int | None = 0,
) -> HebbianResult:
    """Run a Hebbian rule online over the rows of ``X``.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Input samples; centred first when ``center`` is true.
    rule, lr, epochs, tau_theta, norm_limit
        See ``HEBBIAN_SPECS``.
    w0 : ndarray, shape (d,), optional
        Initial weights; default a seeded random vector of norm 0.1.
    seed : int or None
        Seeds ``w0`` and the order of samples in each epoch.

    Examples
    --------
    >>> X = gaussian_cloud(2000, angle=0.0, std_major=1.0, std_minor=0.2, seed=1)
    >>> w = hebbian_learning(X, rule="oja", lr=0.01, epochs=3, seed=1).final
    >>> bool(abs(abs(w[0]) - 1) < 0.05 and abs(w[1]) < 0.1)
    True
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0 or not np.all(np.isfinite(X)):
        raise ValueError(f"X must be a finite, non-empty 2-D array (samples, d), got {X.shape}")
    if center:
        X = X - X.mean(axis=0)
    n, d = X.shape
    rng = np.random.default_rng(seed)
    if w0 is None:
        w = rng.normal(size=d)
        w *= 0.1 / np.linalg.norm(w)
    else:
        w = np.asarray(w0, dtype=float).copy()
        if w.shape != (d,) or not np.all(np.isfinite(w)):
            raise ValueError(f"w0 must be a finite vector of shape ({d},), got {w.shape}")
    theta = 0.0
    ws, thetas = [w.copy()], [theta]
    diverged = False
    # Online learning is sequential in time: one step per presented sample.
    for _ in range(epochs):
        for x in X[rng.permutation(n)]:
            y = float(w @ x)
            if rule == "hebb":
                w = w + lr * y * x
            elif rule == "oja":
                w = w + lr * y * (x - y * w)
            else:
                w = w + lr * x * y * (y - theta)
                theta += (y * y - theta) / tau_theta
            ws.append(w)
            thetas.append(theta)
            if not np.all(np.isfinite(w)) or np.linalg.norm(w) > norm_limit:
                diverged = True
                break
        if diverged:
            break
    W = np.asarray(ws)
    if not np.all(np.isfinite(W[-1])):
        W = W[:-1]
        thetas = thetas[:-1]
    return HebbianResult(rule=rule, weights=W, theta=np.asarray(thetas), diverged=diverged)
