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


Rates = dict  # keyword arguments of :func:`advance` except ``x0`` and ``s``


def stack_states(states: list[CascadeState]) -> CascadeState:
    """Stack states along a new last axis (broadcasting them to one shape first)."""
    shape = np.broadcast_shapes(*(np.shape(c) for s in states for c in s))
    return CascadeState(*(np.stack([np.broadcast_to(s[i], shape) for s in states], axis=-1)
                          for i in range(3)))


def train_states(
    on: Rates, off: Rates, width: np.ndarray, interval: np.ndarray, n_pulses: int
) -> tuple[list[CascadeState], list[CascadeState]]:
    """Exact states at every pulse onset and every pulse end of a rectangular train.

    ``on``/``off`` are the rates during and between pulses; timing may broadcast.
    """
    x = zero_state()
    starts, ends = [], []
    for _ in range(n_pulses):
        starts.append(x)
        x = advance(x, width, **on)
        ends.append(x)
        x = advance(x, np.asarray(interval) - width, **off)
    return starts, ends


def train_trace(
    on: Rates, off: Rates, width: float, interval: float, n_pulses: int, t: np.ndarray
) -> tuple[CascadeState, np.ndarray, dict[str, np.ndarray]]:
    """Exact states at times ``t`` (1-D, s) of a rectangular train with scalar timing.

    Returns the states (rate shape + time axis last), the boolean "pulse on" mask
    over ``t`` and the rates in force at each sample (same trailing time axis).
    """
    starts, ends = train_states(on, off, width, interval, n_pulses)
    seg_start = np.empty(2 * n_pulses)
    seg_start[0::2] = interval * np.arange(n_pulses)
    seg_start[1::2] = interval * np.arange(n_pulses) + width
    seg_state = stack_states([s for pair in zip(starts, ends, strict=True) for s in pair])
    idx = np.clip(np.searchsorted(seg_start, t, side="right") - 1, 0, 2 * n_pulses - 1)
    is_on = idx % 2 == 0
    s = t - seg_start[idx]
    rates = {k: np.where(is_on, np.expand_dims(np.asarray(on[k], dtype=float), -1),
                         np.expand_dims(np.asarray(off[k], dtype=float), -1))
             for k in on}
    x0 = CascadeState(*(c[..., idx] for c in seg_state))
    return advance(x0, s, **rates), is_on, rates


def zero_order_hold_states(s: np.ndarray, **rates: np.ndarray) -> CascadeState:
    """Exact states after each of ``K`` consecutive constant-drive steps.

    ``s`` has shape ``(K,)`` (step durations, s); each rate broadcasts to
    ``(K, *batch)``.  Returns states of shape ``(*batch, K + 1)`` starting from
    empty stores.  Everything that does not depend on the state (exponentials and
    the ``phi`` weights of :func:`advance`) is computed for all steps at once; the
    remaining recursion is a few multiply-adds per step.
    """
    s = np.asarray(s, dtype=float)
    k = s.size
    nd = max([1] + [np.ndim(v) for v in rates.values()])
    shape = np.broadcast_shapes(*(np.shape(v) for v in rates.values()), (k,) + (1,) * (nd - 1))
    sk = s.reshape((k,) + (1,) * (len(shape) - 1))
    r = {n: np.broadcast_to(np.asarray(v, dtype=float), shape) for n, v in rates.items()}
    a, b, c2, tau2, k3, tau3 = (r[n] for n in ("a", "b", "c2", "tau2", "k3", "tau3"))
    m = a / b
    lam2, lam3 = -1.0 / tau2, -1.0 / tau3
    e_b, e_2, e_3 = np.exp(-b * sk), np.exp(lam2 * sk), np.exp(lam3 * sk)
    g1 = c2 / (1.0 / tau2 - b)
    b0 = c2 * m * tau2
    zero = np.zeros(shape)
    ph = [k3 * phi(mu, lam3, sk) for mu in (zero, -b, lam2 + zero, -2.0 * b,
                                             2.0 * lam2 + zero, lam2 - b)]
    batch = shape[1:]
    if batch == ():
        cols = [x.tolist() for x in (m, e_b, e_2, e_3, g1, b0, *ph)]
        n1 = n2 = n3 = 0.0
        out = np.empty((3, k + 1))
        out[:, 0] = 0.0
        for i, (mi, ebi, e2i, e3i, g1i, b0i, p0, p1, p2, p3, p4, p5) in enumerate(
            zip(*cols, strict=True)
        ):
            d1 = n1 - mi
            bb1 = g1i * d1
            bb2 = n2 - b0i - bb1
            n1 = mi + d1 * ebi
            n3 = (n3 * e3i + b0i * b0i * p0 + 2.0 * b0i * bb1 * p1 + 2.0 * b0i * bb2 * p2
                  + bb1 * bb1 * p3 + bb2 * bb2 * p4 + 2.0 * bb1 * bb2 * p5)
            n2 = b0i + bb1 * ebi + bb2 * e2i
            out[:, i + 1] = (n1, n2, n3)
        return CascadeState(out[0], out[1], out[2])
    out = np.zeros((3, k + 1, *batch))
    n1 = np.zeros(batch)
    n2 = np.zeros(batch)
    n3 = np.zeros(batch)
    for i in range(k):
        d1 = n1 - m[i]
        bb1 = g1[i] * d1
        bb2 = n2 - b0[i] - bb1
        n1 = m[i] + d1 * e_b[i]
        n3 = (n3 * e_3[i] + b0[i] ** 2 * ph[0][i] + 2 * b0[i] * bb1 * ph[1][i]
              + 2 * b0[i] * bb2 * ph[2][i] + bb1**2 * ph[3][i] + bb2**2 * ph[4][i]
              + 2 * bb1 * bb2 * ph[5][i])
        n2 = b0[i] + bb1 * e_b[i] + bb2 * e_2[i]
        out[0, i + 1], out[1, i + 1], out[2, i + 1] = n1, n2, n3
    return CascadeState(*(np.moveaxis(o, 0, -1) for o in out))
