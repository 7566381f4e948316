r"""Static (non-spiking) threshold units.

McCulloch & Pitts 1943 (Bull. Math. Biophys. 5:115): a unit fires (output 1) when the
weighted sum of its binary inputs reaches a threshold,

.. math:: y = H\Big(\sum_i w_i x_i - \theta\Big), \quad
          H(z) = 1 \text{ if } z \ge 0 \text{ else } 0.

Rosenblatt's perceptron unit (1958, Psychol. Rev. 65:386) adds a bias instead of a
threshold and fires when the drive is strictly positive,

.. math:: y = 1 \text{ if } \mathbf w \cdot \mathbf x + b > 0 \text{ else } 0
          \quad (\pm 1 \text{ with } ``bipolar=True``).

Both are vectorised: ``x`` has shape (n_inputs,) or (batch, n_inputs); ``weights``
has shape (n_inputs,) for one unit or (n_inputs, n_units) for a layer.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mcculloch_pitts", "perceptron_output"]


def _drive(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.ndim not in (1, 2) or w.ndim not in (1, 2):
        raise ValueError(
            f"x must have shape (n_inputs,) or (batch, n_inputs) and weights (n_inputs,) or "
            f"(n_inputs, n_units); got x {x.shape}, weights {w.shape}"
        )
    if x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"weights has {w.shape[0]} rows but x has {x.shape[-1]} inputs; "
            f"expected weights of shape ({x.shape[-1]},) or ({x.shape[-1]}, n_units)"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(w))):
        raise ValueError("x and weights must be finite")
    return x @ w


def mcculloch_pitts(
    x: np.ndarray, weights: np.ndarray, threshold: float | np.ndarray
) -> np.ndarray:
    """McCulloch-Pitts unit: 1 where ``x @ weights >= threshold``, else 0.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> mcculloch_pitts(X, [1, 1], 2)      # AND
    array([0, 0, 0, 1])
    >>> mcculloch_pitts(X, [1, 1], 1)      # OR
    array([0, 1, 1, 1])
    """
    theta = np.asarray(threshold, dtype=float)
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"threshold = {threshold!r} must be finite")
    return (_drive(x, weights) >= theta).astype(int)


def perceptron_output(
    x: np.ndarray, weights: np.ndarray, bias: float | np.ndarray, *, bipolar: bool = False
) -> np.ndarray:
    """Perceptron unit: 1 (or +1) where ``x @ weights + bias > 0``, else 0 (or -1).

    Examples
    --------
    >>> perceptron_output([[0, 0], [1, 1]], [1.0, 1.0], -1.5)
    array([0, 1])
    >>> perceptron_output([[0, 0], [1, 1]], [1.0, 1.0], -1.5, bipolar=True)
    array([-1,  1])
    """
    b = np.asarray(bias, dtype=float)
    if not np.all(np.isfinite(b)):
        raise ValueError(f"bias = {bias!r} must be finite")
    fired = _drive(x, weights) + b > 0
    return np.where(fired, 1, -1) if bipolar else fired.astype(int)
