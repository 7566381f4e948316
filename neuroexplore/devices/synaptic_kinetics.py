"""Closed-form kinetics of a three-store synaptic cascade (shared by the synaptic devices).

The synaptic-transistor and optoelectronic-synapse models of this package are both
written as a cascade of three stores (dimensionless state variables):

.. math::

    \\dot n_1 &= a - b\\, n_1                       \\qquad &\\text{(fast store, driven)}\\\\
    \\dot n_2 &= c_2\\, n_1 - n_2/\\tau_2             \\qquad &\\text{(slow store)}\\\\
    \\dot n_3 &= k_3\\, n_2^2 - n_3/\\tau_3          \\qquad &\\text{(long-term store)}

with ``a, b`` constant on each segment of a piecewise-constant stimulus (a pulse or
the gap after it).  The fast store is linear with constant coefficients, the slow
store is linear in the fast one, and the long-term store is driven by the *square*
of the slow one (a cooperative, second-order formation step: the nonlinearity that
makes long-term storage depend on stimulation frequency, as in the multi-store
picture of Chang, Jo & Lu, ACS Nano 5:7669, 2011, and Ohno et al., Nat. Mater.
10:591, 2011).  Every segment therefore has an exact solution that is a sum of
exponentials; this module evaluates it.

With ``m = a/b``, ``lam2 = -1/tau_2`` and ``lam3 = -1/tau_3``:

* ``n1(s) = m + (n1_0 - m) e^{-b s}``
* ``n2(s) = B0 + B1 e^{-b s} + B2 e^{lam2 s}`` with ``B0 = c2 m tau2``,
  ``B1 = c2 (n1_0 - m) / (1/tau2 - b)``, ``B2 = n2_0 - B0 - B1``
* ``n3(s) = n3_0 e^{lam3 s} + k3 sum_ij B_i B_j phi(mu_i + mu_j, lam3, s)``,
  ``mu = (0, -b, lam2)`` and ``phi(mu, lam, s) = (e^{mu s} - e^{lam s})/(mu - lam)``
  evaluated without cancellation through ``expm1``.

The exponents must be distinct (``b != 1/tau2``, ``tau2 != tau3``...); the callers
guarantee this through disjoint :class:`~neuroexplore.params.ParamSpec` ranges of
the time constants.  Units: seconds for ``s`` and the time constants, 1/s for
``a, b, c2, k3``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["CascadeState", "phi", "advance", "zero_state", "derivatives"]


class CascadeState(NamedTuple):
    """The three stores ``(n1, n2, n3)`` (dimensionless arrays, broadcastable)."""

    n1: np.ndarray
    n2: np.ndarray
    n3: np.ndarray


def zero_state(shape: tuple[int, ...] = ()) -> CascadeState:
    """All stores empty."""
    z = np.zeros(shape)
    return CascadeState(z, z.copy(), z.copy())


def phi(mu: np.ndarray, lam: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``(exp(mu s) - exp(lam s)) / (mu - lam)`` for ``mu != lam``, ``s >= 0``, stably.

    Written as ``exp(hi s) * (-expm1((lo - hi) s)) / (hi - lo)`` with
    ``hi = max(mu, lam)``: no overflow and no cancellation.
    """
    mu, lam, s = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (mu, lam, s)))
    hi = np.maximum(mu, lam)
    lo = np.minimum(mu, lam)
    return np.exp(hi * s) * (-np.expm1((lo - hi) * s)) / (hi - lo)


def advance(
    x0: CascadeState,
    s: np.ndarray,
    *,
    a: np.ndarray,
    b: np.ndarray,
    c2: np.ndarray,
    tau2: np.ndarray,
    k3: np.ndarray,
    tau3: np.ndarray,
) -> CascadeState:
    """Exact state after a time ``s`` (s) of constant drive ``a`` (1/s), rate ``b`` (1/s).

    All arguments broadcast together; see the module docstring for the solution.
    """
    s = np.asarray(s, dtype=float)
    m = a / b
    d1 = x0.n1 - m
    e_b = np.exp(-b * s)
    n1 = m + d1 * e_b

    lam2 = -1.0 / tau2
    lam3 = -1.0 / tau3
    b0 = c2 * m * tau2
    b1 = c2 * d1 / (1.0 / tau2 - b)
    b2 = x0.n2 - b0 - b1
    e_2 = np.exp(lam2 * s)
    n2 = b0 + b1 * e_b + b2 * e_2

    # n2^2 = sum over the six exponent pairs of (0, -b, lam2)
    zero = np.zeros_like(b)
    pairs = (
        (zero, b0 * b0),
        (-b, 2.0 * b0 * b1),
        (lam2 + zero, 2.0 * b0 * b2),
        (-2.0 * b, b1 * b1),
        (2.0 * lam2 + zero, b2 * b2),
        (lam2 - b, 2.0 * b1 * b2),
    )
    forced = sum(coef * phi(mu, lam3, s) for mu, coef in pairs)
    n3 = x0.n3 * np.exp(lam3 * s) + k3 * forced
    return CascadeState(n1, n2, n3)


def derivatives(
    x: CascadeState,
    *,
    a: np.ndarray,
    b: np.ndarray,
    c2: np.ndarray,
    tau2: np.ndarray,
    k3: np.ndarray,
    tau3: np.ndarray,
) -> CascadeState:
    """Right-hand side of the cascade ODE (used for gate currents and by tests)."""
    return CascadeState(
        a - b * x.n1,
        c2 * x.n1 - x.n2 / tau2,
        k3 * x.n2**2 - x.n3 / tau3,
    )
