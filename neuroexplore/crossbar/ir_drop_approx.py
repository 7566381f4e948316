r"""Fast IR-drop model for network inference: cell-current iterations with cumulative sums.

For the standard read (rows driven at the left end, columns sensed at the bottom,
linear cells) the wire network is a set of trees, so the voltage at any line node is
a superposition of the cell currents through shared wire resistance
(Chen & An 2013, Sec. II.A; the "line resistance" analysis of Liang & Wong 2010):

.. math::

    V^\text{row}_{ij} = v_i - \sum_{j'} \bigl(r_s + r_w \min(j, j')\bigr) I_{ij'},
    \qquad
    V^\text{col}_{ij} = \sum_{i'} \bigl(r_\text{sense} + r_c \min(\bar\imath, \bar\imath')\bigr)
    I_{i'j},

with :math:`\bar\imath = R - 1 - i` the distance to the sense amplifier.  Both sums
are two cumulative sums along the line (``O(R C)`` work), written here as
:math:`K I`.  The cell law :math:`I = g \circ (V^\text{row} - V^\text{col})` then
gives the exact, symmetric positive-definite system

.. math:: (D_g^{-1} + K)\, I = v \otimes 1, \qquad i^\text{out}_j = \sum_i I_{ij}.

Preconditioned by :math:`D_g` its operator :math:`1 + D_g K` has eigenvalues in
:math:`[1, 1 + \rho]`, where :math:`\rho \le \max_{ij} g_{ij} (K\mathbf 1)_{ij}`
(Gershgorin: ``K`` has non-negative entries) measures how strong the IR drop is.
Starting from the ideal currents :math:`I_0 = g \circ v`:

``method="neumann"``
    :math:`I_{n+1} = g \circ (v - K I_n)`.  One step (``n_iter=1``) is the classic
    first-order correction: each cell sees its input minus the row-wire drop of the
    downstream ideal currents and minus the column-wire rise of the upstream ones.
    Converges only when :math:`\rho < 1` (small arrays, small ``r_wire``).
``method="chebyshev"`` (default)
    Chebyshev acceleration on :math:`[1, 1 + \rho]` (Saad, *Iterative Methods for
    Sparse Linear Systems*, 2nd ed., Alg. 12.1).  Converges for any :math:`\rho`, and
    the energy-norm error of the IR-drop correction after ``n`` steps is at most
    :math:`1/T_n(\sigma)`, :math:`\sigma = (2 + \rho)/\rho` (``T_n`` the Chebyshev
    polynomial).  With ``n_iter=None`` the smallest ``n`` that makes this bound
    ``<= tol`` is used.

Both are linear in ``v``, so the crossbar stays a linear map
:math:`i^\text{out} = W_\text{eff}^\top v` with an effective conductance matrix
(:func:`effective_conductance`), and a batch of ``B`` vectors is solved either
directly (``B R C`` work per step) or through ``W_eff`` (``min(R, C) R C`` per step,
then one matrix product), whichever is cheaper.  Gradients flow through the torch
version (no square roots or divisions by ``g``), so it can sit in a training loop.

Measured accuracy (tests/engines/test_crossbar_ir_drop_approx.py, benchmarks): with
the default ``tol = 1e-3``, the output error relative to the exact nodal solution,
as a fraction of the largest output, is < 1e-4 at 64 x 64, < 3e-4 at 128 x 128 and
~1e-3 at 256 x 256 (``r_wire = 1`` ohm, ``G`` uniform in 1-100 uS, where the IR drop
itself is 16 %, 60 % and 150 % of the ideal outputs), and below 1 % at 64 x 64 up to
``r_wire = 100`` ohm.  The first-order correction alone is within 3 % at 64 x 64
(``rho ~ 0.3``) and diverges once ``rho > 1`` (128 x 128 and larger at 1 ohm).

References
----------
A. Chen, IEEE Trans. Electron Devices 60(4):1318 (2013);
J. Liang, H.-S. P. Wong, IEEE Trans. Electron Devices 57(10):2531 (2010);
Y. Saad, Iterative Methods for Sparse Linear Systems, SIAM (2003), Alg. 12.1.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from neuroexplore.crossbar._ir_common import (
    _apply_k,
    _validate_inputs,
    circuit_specs,
    validate_conductances,
    validate_r_wire_col,
)
from neuroexplore.params import FROM_SPEC, ParamSpec, takes_specs

__all__ = [
    "APPROX_SPECS",
    "approx_ir_drop",
    "approx_ir_drop_torch",
    "effective_conductance",
    "effective_conductance_torch",
    "ir_drop_currents_torch",
    "ir_drop_strength",
]

#: Parameters of the fast model beyond the circuit ones in ``IR_DROP_SPECS``.
APPROX_SPECS = (
    ParamSpec("n_iter", 3, 0, 500, step=1, integer=True,
              doc="number of correction steps (None: chosen from tol)"),
    ParamSpec("tol", 1e-3, 1e-12, 0.5, step=1e-4, log=True,
              doc="bound on the relative energy-norm error of the IR-drop correction"),
)
_METHODS = ("chebyshev", "neumann")
#: What every fast-model function validates through ``takes_specs`` (``r_wire_col`` and
#: ``n_iter`` may be ``None``: checked by hand).
_FAST_SPECS = (*circuit_specs("r_wire", "r_source", "r_sense", "r_access"), APPROX_SPECS[1])
_CHUNK_ELEMENTS = 1 << 22  # cells x batch processed at once (bounds memory)


def ir_drop_strength(g, lines: dict) -> float:
    """Upper bound ``rho`` on the spectral radius of ``D_g K`` (the IR-drop strength).

    ``rho << 1``: weak IR drop, the first-order correction suffices; ``rho >~ 1``:
    strong IR drop.  Takes the smaller of two Gershgorin bounds (rows of ``D_g K`` and
    of the symmetric ``D_g^{1/2} K D_g^{1/2}``).
    """
    if isinstance(g, np.ndarray):
        ones = np.ones_like(g)
        s = np.sqrt(g)
        b1 = float(np.max(g * _apply_k(ones, lines)))
        b2 = float(np.max(s * _apply_k(s, lines)))
    else:
        gd = g.detach()
        b1 = float((gd * _apply_k(gd.new_ones(gd.shape), lines)).max())
        s = gd.sqrt()
        b2 = float((s * _apply_k(s, lines)).max())
    return max(0.0, min(b1, b2))


def _iterations_for(rho: float, tol: float) -> int:
    """Smallest n with T_n(sigma) >= 1/tol (Chebyshev error bound)."""
    if rho <= 0:
        return 0
    sigma = (2.0 + rho) / rho
    return int(min(500, max(1, math.ceil(math.acosh(1.0 / tol) / math.acosh(sigma)))))


def _iterate(g, gb, n_iter: int, rho: float, method: str, lines: dict):
    """Correction steps on the cell currents, starting from the ideal ``gb = g * b``."""
    i_cell = gb
    if n_iter == 0 or rho == 0.0:
        return i_cell
    if method == "neumann":
        for _ in range(n_iter):
            i_cell = gb - g * _apply_k(i_cell, lines)
        return i_cell
    theta, delta = 1.0 + 0.5 * rho, 0.5 * rho
    sigma = theta / delta
    rho_k = 1.0 / sigma
    z = gb - g * _apply_k(i_cell, lines) - i_cell  # preconditioned residual
    d = z / theta
    i_cell = i_cell + d
    for _ in range(n_iter - 1):
        z = gb - g * _apply_k(i_cell, lines) - i_cell
        rho_next = 1.0 / (2.0 * sigma - rho_k)
        d = (rho_next * rho_k) * d + (2.0 * rho_next / delta) * z
        i_cell = i_cell + d
        rho_k = rho_next
    return i_cell


def _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method, where):
    """The line resistances and ``n_iter`` of one call (the spec'd values arrive validated)."""
    r_wire_col = validate_r_wire_col(r_wire_col, r_wire, where)
    if n_iter is not None:
        try:
            n_iter = APPROX_SPECS[0].validate(n_iter)
        except ValueError as err:
            raise ValueError(f"{err} [{where}]") from None
    if method not in _METHODS:
        raise ValueError(f"method = {method!r} is not valid; expected one of {_METHODS}")
    lines = {"r_wire": r_wire, "r_wire_col": r_wire_col, "r_source": r_source,
             "r_sense": r_sense}
    return lines, n_iter


def _plan(shape_b: int, R: int, C: int, path: str) -> str:
    if path not in ("auto", "batch", "effective"):
        raise ValueError(f"path = {path!r} is not valid; expected 'auto', 'batch' or "
                         "'effective'")
    if path != "auto":
        return path
    return "effective" if shape_b > min(R, C) else "batch"


def _effective(g, n_iter, rho, method, lines, eye):
    """W_eff (..., R, C) from min(R, C) unit solves (rows or columns as right-hand sides).

    ``g`` may carry leading tile dimensions ``(..., R, C)``; they are solved together.
    """
    R, C = g.shape[-2:]
    lead = g.ndim - 2
    chunk = max(1, _CHUNK_ELEMENTS // _numel(g))
    parts = []
    by_rows = R <= C
    n = R if by_rows else C
    for start in range(0, n, chunk):
        e = eye(n)[start:start + chunk]  # (k, n)
        if by_rows:  # unit voltage on row r: W[r, :] = column sums of the cell currents
            e = e.reshape((e.shape[0],) + (1,) * lead + (R, 1))
            parts.append(_iterate(g, g * e, n_iter, rho, method, lines).sum(-2))
        else:  # unit "voltage" on the cells of column c: W[:, c] = row sums (symmetry)
            e = e.reshape((e.shape[0],) + (1,) * lead + (1, C))
            parts.append(_iterate(g, g * e, n_iter, rho, method, lines).sum(-1))
    w = _cat(parts, 0)  # (n, ..., C) or (n, ..., R)
    return _moveaxis(w, 0, -2 if by_rows else -1)


def _numel(x) -> int:
    return int(x.size) if isinstance(x, np.ndarray) else int(x.numel())


def _moveaxis(x, src: int, dst: int):
    if isinstance(x, np.ndarray):
        return np.moveaxis(x, src, dst)
    return x.movedim(src, dst)


def _cat(parts, axis):
    if isinstance(parts[0], np.ndarray):
        return np.concatenate(parts, axis=axis)
    import torch

    return torch.cat(parts, dim=axis)


def _forward(g, v, n_iter, tol, method, lines, path, eye):
    """Output currents for inputs ``v`` (B, ..., R) on arrays ``g`` (..., R, C) -> (B, ..., C)."""
    R, C = g.shape[-2:]
    rho = ir_drop_strength(g, lines)
    n = _iterations_for(rho, tol) if n_iter is None else n_iter
    if _plan(v.shape[0], R, C, path) == "effective":
        w = _effective(g, n, rho, method, lines, eye)
        return (v[..., None, :] @ w)[..., 0, :]
    chunk = max(1, _CHUNK_ELEMENTS // _numel(g))
    parts = []
    for start in range(0, v.shape[0], chunk):
        vb = v[start:start + chunk]
        parts.append(_iterate(g, g * vb[..., :, None], n, rho, method, lines).sum(-2))
    return _cat(parts, 0)


@takes_specs(_FAST_SPECS)
def approx_ir_drop(G: Any, V: Any, r_wire: float = FROM_SPEC, *,
                   r_wire_col: float | None = None, r_source: float = FROM_SPEC,
                   r_sense: float = FROM_SPEC, r_access: float = FROM_SPEC,
                   n_iter: int | None = None, tol: float = FROM_SPEC, method: str = "chebyshev",
                   path: str = "auto") -> np.ndarray:
    """Output currents (A) of a 1T1R crossbar with IR drop, fast approximate model (numpy).

    Parameters
    ----------
    G : array_like, shape (R, C)
        Cell conductances (S).
    V : array_like, shape (R,) or (B, R)
        Input voltages (V) on the rows.
    r_wire, r_wire_col, r_source, r_sense, r_access : float
        Circuit resistances (ohm), as in :class:`~neuroexplore.crossbar.ir_drop_exact.IRDropSolver`
        (rows driven at the left, columns sensed at the bottom).
    n_iter : int or None
        Correction steps; ``None`` picks them from ``tol`` (Chebyshev bound).
        ``n_iter=1, method="neumann"`` is the first-order correction.
    tol : float
        Target bound on the relative error of the IR-drop correction.
    method : {"chebyshev", "neumann"}
    path : {"auto", "batch", "effective"}
        Iterate on the batch directly, or build ``W_eff`` first (cheaper for large
        batches); ``"auto"`` picks the cheaper one.  Both give the same result.

    Returns
    -------
    ndarray, shape (C,) or (B, C)

    Examples
    --------
    >>> G = np.full((64, 64), 5e-5)
    >>> i = approx_ir_drop(G, np.full(64, 0.2), r_wire=1.0)
    >>> ideal = G.T @ np.full(64, 0.2)
    >>> bool(np.all(i < ideal)) and bool(np.all(i > 0.8 * ideal))
    True
    """
    g = validate_conductances(G)
    lines, n_iter = _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method,
                             "approx_ir_drop")
    v = _validate_inputs(V, g.shape[0], "V")
    g = g / (1.0 + g * r_access)
    out = _forward(g, np.atleast_2d(v), n_iter, tol, method, lines, path, np.eye)
    return out[0] if v.ndim == 1 else out


@takes_specs(_FAST_SPECS)
def effective_conductance(G: Any, r_wire: float = FROM_SPEC, *,
                          r_wire_col: float | None = None, r_source: float = FROM_SPEC,
                          r_sense: float = FROM_SPEC, r_access: float = FROM_SPEC,
                          n_iter: int | None = None, tol: float = FROM_SPEC,
                          method: str = "chebyshev") -> np.ndarray:
    """Effective conductance matrix ``W_eff`` (S, shape (R, C)): ``i_out = V @ W_eff``.

    Equals ``G`` without IR drop; every entry is smaller with it.  Computed with the
    same iterations as :func:`approx_ir_drop` (exact as ``tol -> 0``).
    """
    g = validate_conductances(G)
    lines, n_iter = _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method,
                             "effective_conductance")
    g = g / (1.0 + g * r_access)
    rho = ir_drop_strength(g, lines)
    n = _iterations_for(rho, tol) if n_iter is None else n_iter
    return _effective(g, n, rho, method, lines, np.eye)


def _check_torch(G, V=None):
    import torch

    if not isinstance(G, torch.Tensor) or G.ndim != 2:
        raise ValueError("G must be a 2-D torch tensor of conductances (S)")
    if not bool(torch.isfinite(G).all()) or bool((G < 0).any()):
        raise ValueError("G must hold finite, non-negative conductances (S)")
    if V is not None:
        if not isinstance(V, torch.Tensor) or V.ndim not in (1, 2) or V.shape[-1] != G.shape[0]:
            shape = tuple(V.shape) if isinstance(V, torch.Tensor) else type(V).__name__
            raise ValueError(f"V must be a torch tensor of shape ({G.shape[0]},) or "
                             f"(batch, {G.shape[0]}) matching the rows of G, got {shape}")
        if not bool(torch.isfinite(V).all()):
            raise ValueError("V must hold finite voltages")
    return torch


@takes_specs(_FAST_SPECS)
def approx_ir_drop_torch(G, V, r_wire: float = FROM_SPEC, *, r_wire_col: float | None = None,
                         r_source: float = FROM_SPEC, r_sense: float = FROM_SPEC,
                         r_access: float = FROM_SPEC, n_iter: int | None = None,
                         tol: float = FROM_SPEC, method: str = "chebyshev",
                         path: str = "auto"):
    """Torch version of :func:`approx_ir_drop` (differentiable in ``G`` and ``V``).

    ``G``: tensor (R, C) in S; ``V``: tensor (B, R) or (R,) in V; returns (B, C) or (C,)
    in A, in ``G``'s dtype and device.  torch is imported only when this is called.

    Examples
    --------
    >>> import torch
    >>> G = torch.full((8, 4), 1e-4, dtype=torch.float64)
    >>> out = approx_ir_drop_torch(G, torch.full((3, 8), 0.1, dtype=torch.float64), 0.0)
    >>> bool(torch.allclose(out, torch.full((3, 4), 8e-5, dtype=torch.float64)))
    True
    """
    torch = _check_torch(G, V)
    lines, n_iter = _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method,
                             "approx_ir_drop_torch")
    g = G / (1.0 + G * r_access) if r_access else G
    v2 = V.reshape(1, -1) if V.ndim == 1 else V
    v2 = v2.to(g.dtype)

    def eye(n):
        return torch.eye(n, dtype=g.dtype, device=g.device)

    out = _forward(g, v2, n_iter, tol, method, lines, path, eye)
    return out[0] if V.ndim == 1 else out


@takes_specs(_FAST_SPECS)
def effective_conductance_torch(G, r_wire: float = FROM_SPEC, *,
                                r_wire_col: float | None = None, r_source: float = FROM_SPEC,
                                r_sense: float = FROM_SPEC, r_access: float = FROM_SPEC,
                                n_iter: int | None = None, tol: float = FROM_SPEC,
                                method: str = "chebyshev"):
    """Torch version of :func:`effective_conductance` (differentiable in ``G``).

    Compute it once per programmed array and reuse it: ``i_out = V @ W_eff``.
    """
    torch = _check_torch(G)
    lines, n_iter = _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method,
                             "effective_conductance_torch")
    g = G / (1.0 + G * r_access) if r_access else G
    rho = ir_drop_strength(g, lines)
    n = _iterations_for(rho, tol) if n_iter is None else n_iter

    def eye(k):
        return torch.eye(k, dtype=g.dtype, device=g.device)

    return _effective(g, n, rho, method, lines, eye)


@takes_specs(_FAST_SPECS)
def ir_drop_currents_torch(g, vt, r_wire: float = FROM_SPEC, *,
                           r_wire_col: float | None = None, r_source: float = FROM_SPEC,
                           r_sense: float = FROM_SPEC, r_access: float = FROM_SPEC,
                           n_iter: int | None = None, tol: float = FROM_SPEC,
                           method: str = "chebyshev", path: str = "auto"):
    """Column currents of tiled arrays with IR drop (the hook ``CrossbarArray`` calls).

    Parameters
    ----------
    g : torch.Tensor, shape (n_rt, n_ct, tr, tc)
        Conductances (S) of a grid of ``tr x tc`` tiles.
    vt : torch.Tensor, shape (B, n_rt, tr)
        Row voltages (V) of each row of tiles.
    r_wire : float
        Wire resistance per segment (ohm); further keywords as in
        :func:`approx_ir_drop_torch`.

    Returns
    -------
    torch.Tensor, shape (B, n_rt, n_ct, tc)
        Output currents (A) of every tile's columns.
    """
    _check_torch(g.reshape(-1, g.shape[-1]))
    if g.ndim != 4 or vt.ndim != 3 or vt.shape[1:] != (g.shape[0], g.shape[2]):
        raise ValueError(f"g must be (n_rt, n_ct, tr, tc) and vt (B, n_rt, tr); got "
                         f"{tuple(g.shape)} and {tuple(vt.shape)}")
    lines, n_iter = _circuit(r_wire, r_wire_col, r_source, r_sense, n_iter, method,
                             "ir_drop_currents_torch")
    gg = g / (1.0 + g * r_access) if r_access else g
    eye = _torch_eye(gg)
    return _forward(gg, vt.to(gg.dtype)[:, :, None, :], n_iter, tol, method, lines, path, eye)


def _torch_eye(g):
    import torch

    def eye(n):
        return torch.eye(n, dtype=g.dtype, device=g.device)

    return eye


# ---------------------------------------------------------------------------------
# exact iterative solve (preconditioned CG), used by IRDropSolver(method="iterative")
def _solve_cg_numpy(g: np.ndarray, v2: np.ndarray, *, rtol: float, r_wire: float,
                    r_wire_col: float, r_source: float, r_sense: float,
                    max_iter: int = 5000) -> tuple[np.ndarray, int]:
    """Solve ``(D_g^{-1} + K) I = v (x) 1`` by CG preconditioned with ``D_g``.

    Cells with ``g = 0`` carry no current and are left out.  Stops when every
    cell's residual voltage is below ``rtol * max|v|``.
    """
    lines = dict(r_wire=r_wire, r_wire_col=r_wire_col, r_source=r_source, r_sense=r_sense)
    mask = g > 0
    ginv = np.where(mask, 1.0 / np.where(mask, g, 1.0), 0.0)
    b = np.broadcast_to(v2[:, :, None], (v2.shape[0],) + g.shape) * mask

    def a_mul(x):
        return (ginv * x + _apply_k(x, lines)) * mask

    x = g * b
    r = b - a_mul(x)
    z = g * r
    p = z.copy()
    rz = np.einsum("bij,bij->b", r, z)
    vmax = np.abs(v2).max(axis=1)
    thresh = rtol * np.maximum(vmax, 1e-300)
    for it in range(1, max_iter + 1):
        if np.all(np.abs(r).max(axis=(1, 2)) <= thresh):
            return x, it - 1
        ap = a_mul(p)
        pap = np.einsum("bij,bij->b", p, ap)
        alpha = np.divide(rz, pap, out=np.zeros_like(rz), where=pap > 0)
        x = x + alpha[:, None, None] * p
        r = r - alpha[:, None, None] * ap
        if it % 50 == 0:  # refresh the residual against drift
            r = b - a_mul(x)
        z = g * r
        rz_new = np.einsum("bij,bij->b", r, z)
        beta = np.divide(rz_new, rz, out=np.zeros_like(rz), where=rz > 0)
        p = z + beta[:, None, None] * p
        rz = rz_new
    raise ValueError(f"the iterative IR-drop solve did not reach rtol = {rtol:g} in "
                     f"{max_iter} iterations; use method='direct'")
