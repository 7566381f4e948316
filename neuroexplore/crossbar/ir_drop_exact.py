r"""Exact IR drop in a resistive crossbar by sparse nodal analysis.

The array has ``R`` word lines (rows) and ``C`` bit lines (columns).  Every cell
``(i, j)`` joins a row node and a column node; adjacent nodes on a line are joined
by one wire segment.  Rows are driven at the left end (``drive="left"``; or at both
ends, ``drive="both"``) by a voltage source ``v_in[i]`` behind a source resistance
``r_source``; columns are sensed at the bottom end (row ``R - 1``) by an amplifier
that holds a virtual ground behind a sense resistance ``r_sense``::

    v_in[0] -r_source- (0,0) -r_wire- (0,1) - ... - (0,C-1)      row 0
                         |cell          |cell
    v_in[1] -r_source- (1,0) -r_wire- (1,1) - ...               row 1
                         |              |
                        ...            ...        column wires r_wire_col
                         |              |
                      r_sense        r_sense
                         |              |
                       0 V (virtual ground: i_out[j] flows into it)

Kirchhoff's current law at the ``2 R C`` nodes gives the linear system
(Chen & An 2013, Sec. II; the conductance-matrix form of Chen, IEEE TED 60:1318)

.. math::

    \bigl(L_\text{wire} + D^\top \operatorname{diag}(g)\, D\bigr)\, x = B\, v_b,

with :math:`L_\text{wire}` the Laplacian of the wire, source and sense resistors,
:math:`D` the cell incidence matrix (cell voltage = row node - column node), ``g``
the cell conductances and :math:`B v_b` the currents injected by the drivers.  It
is assembled with :mod:`scipy.sparse` (COO -> CSC), its nodes ordered by nested
dissection (George 1973) and factorised once.  The matrix is symmetric positive
definite.  Below 512 x 512 cells SuperLU (:func:`scipy.sparse.linalg.splu`) factorises
it on its diagonal, kept as :math:`L D L^\top`; from 512 x 512 on a multifrontal
Cholesky :math:`L L^\top` on the dissection tree (:mod:`._multifrontal`: dense fronts,
the large ones with LAPACK), about 3x faster to factorise at 512 x 512 (its dense
fronts hold ~1.2x the entries, so a further vector costs ~1.5x SuperLU's sparser
factor's).  Every further input vector costs
one forward and one back substitution with :math:`L` (compiled with numba;
:class:`IRDropSolver`).  Measured on a shared 2-core machine (CPU seconds,
``benchmarks/bench_ir_drop.py``): the 1024 x 1024 array (2.1 M nodes) takes 4.6-5.3 s
for the first vector (assembly, ordering, factorisation, solve) and 0.22-0.24 s for
each further one; its factor holds 8.0e7 entries (0.8 GB) and the first solve peaks
at 1.5-1.6 GB of Python heap (tracemalloc; about 1.8 GB resident).  A zero
resistance merges the nodes it joins (exact, no large-conductance penalty), so
``r_wire = 0`` with an ideal driver and sense amplifier gives exactly
``i_out = G.T @ v_in``.

Cells
-----
``"1T1R"``
    memristor conductance ``G`` in series with the access transistor's
    on-resistance ``r_access`` (linear): :math:`g = G / (1 + G\,r_\text{access})`.
``"0T1R"``
    passive cell with a nonlinear selector (Chen & An 2013, Eq. 1 form;
    Burr et al., JVST B 32:040802, 2014):

    .. math:: I(V) = G\, v_\text{ref}\, \frac{\sinh(k V)}{\sinh(k\, v_\text{ref})},

    so that ``I(v_ref) = G v_ref`` and ``k -> 0`` is the linear cell.  The
    half-bias nonlinearity is :math:`I(V)/(2 I(V/2)) = \cosh(kV/2)`.  The network
    equations are then solved by Newton's method on the sparse Jacobian with a
    backtracking line search on the circuit's co-content (a strictly convex
    function whose gradient is the KCL residual), which converges from any start.

Units: siemens, ohms, volts, amperes.

References
----------
A. Chen, "A comprehensive crossbar array model with solutions for line resistance
and nonlinear device characteristics", IEEE Trans. Electron Devices 60(4):1318-1326
(2013).
J. Liang, H.-S. P. Wong, "Cross-point memory array without cell selectors --
device characteristics and data storage pattern dependencies", IEEE Trans.
Electron Devices 57(10):2531-2538 (2010).
A. George, "Nested dissection of a regular finite element mesh", SIAM J. Numer.
Anal. 10(2):345-363 (1973).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from neuroexplore.crossbar._ir_common import (
    IR_DROP_SPECS,
    _line_voltages,
    _validate_inputs,
    circuit_specs,
    validate_conductances,
    validate_r_wire_col,
)
from neuroexplore.crossbar._multifrontal import MultifrontalCholesky, crossbar_fronts
from neuroexplore.crossbar.ir_drop_approx import (
    _solve_cg_numpy,
    approx_ir_drop,
    approx_ir_drop_torch,
    effective_conductance,
    effective_conductance_torch,
    ir_drop_currents_torch,
)
from neuroexplore.params import FROM_SPEC, takes_specs

__all__ = [
    "IR_DROP_SPECS",
    "IRDropResult",
    "IRDropSolver",
    "ir_drop",
    "cell_current",
    "validate_conductances",
    "approx_ir_drop",
    "approx_ir_drop_torch",
    "effective_conductance",
    "effective_conductance_torch",
    "ir_drop_currents_torch",
]

#: Linear arrays of at least this many cells (with both wire resistances > 0) are
#: factorised by the multifrontal Cholesky on the nested-dissection tree
#: (:mod:`._multifrontal`); smaller ones by SuperLU, kept as ``L D L^T``.
_MULTIFRONTAL_MIN_CELLS = 512 * 512

#: The circuit specs every solve takes (``r_wire_col`` may be ``None``: checked by hand).
_SOLVER_SPECS = circuit_specs("r_wire", "r_source", "r_sense", "r_access", "selector_k",
                              "v_ref", "cell", "drive")


def cell_current(v: np.ndarray, G: np.ndarray, *, cell: str = "1T1R", r_access: float = 0.0,
                 selector_k: float = 10.0, v_ref: float = 0.2) -> np.ndarray:
    """Current (A) through cells of conductance ``G`` (S) at cell voltage ``v`` (V).

    ``"1T1R"``: :math:`I = G V / (1 + G r_\\text{access})`;
    ``"0T1R"``: :math:`I = G v_\\text{ref} \\sinh(kV) / \\sinh(k v_\\text{ref})`.

    Examples
    --------
    >>> float(cell_current(np.array(0.2), np.array(1e-4), cell="0T1R", selector_k=10.0))
    2e-05
    """
    if cell == "1T1R":
        return _g_1t1r(G, r_access) * v
    k = float(selector_k)
    if k == 0.0:
        return G * v
    if k * v_ref < _SMALL_KV:
        return _small_k_terms(v, G, k, v_ref)[0]
    return G * (v_ref / np.sinh(k * v_ref)) * np.sinh(np.clip(k * v, -700.0, 700.0))


#: Below this ``k v_ref`` the selector terms use their Taylor forms: ``sinh(k v_ref)``
#: would lose precision, and underflows to 0 for a subnormal ``k`` (I = inf * 0).
_SMALL_KV = 1e-6


def _small_k_terms(v, G, k, v_ref):
    """Current, slope and co-content of a nearly linear sinh selector (``k v_ref`` tiny).

    ``sinh(kV) / sinh(k v_ref) = (V / v_ref) (1 + (kV)^2/6) / (1 + (k v_ref)^2/6)`` up to
    terms of order ``(kV)^4 / 120``.
    """
    norm = G / (1.0 + (k * v_ref) ** 2 / 6.0)
    kv2 = (k * v) ** 2
    return (norm * v * (1.0 + kv2 / 6.0), norm * (1.0 + kv2 / 2.0),
            norm * v * v * (0.5 + kv2 / 24.0))


def _g_1t1r(G: np.ndarray, r_access: float) -> np.ndarray:
    return G / (1.0 + G * r_access)


def _cell_current_and_slope(v, G, k, v_ref):
    """0T1R current, its derivative dI/dV and its co-content integral (for Newton)."""
    if k == 0.0:
        return G * v, G + 0.0 * v, 0.5 * G * v * v
    if k * v_ref < _SMALL_KV:
        return _small_k_terms(v, G, k, v_ref)
    a = np.clip(k * v, -700.0, 700.0)
    scale = G * v_ref / np.sinh(k * v_ref)
    return scale * np.sinh(a), scale * k * np.cosh(a), scale * (np.cosh(a) - 1.0) / k


@dataclass(frozen=True)
class IRDropResult:
    """Node voltages and currents of a crossbar read (arrays carry a leading batch axis
    when several input vectors were solved at once).

    Attributes
    ----------
    v_row, v_col : ndarray, shape ([B,] R, C)
        Voltage (V) of the row-line node and of the column-line node at every cell.
    v_cell : ndarray, shape ([B,] R, C)
        Voltage across every cell, ``v_row - v_col`` (V).
    i_cell : ndarray, shape ([B,] R, C)
        Current through every cell, row to column (A).
    i_out : ndarray, shape ([B,] C)
        Current into each column's sense amplifier (A).
    i_in : ndarray, shape ([B,] R)
        Current delivered by each row driver (A).
    i_ideal : ndarray, shape ([B,] C)
        Output currents of the same cells with ideal wires, driver and sense amplifier
        (every cell sees its full input voltage); ``G.T @ v_in`` for linear cells with
        ``r_access = 0``.
    iterations : int
        Newton iterations used (largest over the batch; 0 for linear cells).
    """

    v_row: np.ndarray
    v_col: np.ndarray
    v_cell: np.ndarray
    i_cell: np.ndarray
    i_out: np.ndarray
    i_in: np.ndarray
    i_ideal: np.ndarray
    iterations: int = 0

    @property
    def relative_error(self) -> np.ndarray:
        """``|i_out - i_ideal| / max|i_ideal|`` per output (0 where the ideal is all zero)."""
        scale = np.max(np.abs(self.i_ideal), axis=-1, keepdims=True)
        diff = np.abs(self.i_out - self.i_ideal)
        return np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)


@dataclass(frozen=True)
class _Network:
    """Node numbering and the fixed (wire, source, sense) part of the nodal matrix.

    Node ids ``0 .. R-1`` are the row drivers, ``R .. R+C-1`` the column amplifiers
    (boundary nodes with known voltage); unknown nodes follow.  Zero resistances
    merge nodes before numbering.
    """

    n_rows: int
    n_cols: int
    row_id: np.ndarray  # (R, C) node id of each row-line node
    col_id: np.ndarray  # (R, C) node id of each column-line node
    n_nodes: int
    l_fixed: sp.csc_matrix = field(repr=False)  # Laplacian of wires, sources, senses

    @property
    def n_boundary(self) -> int:
        return self.n_rows + self.n_cols


class _PermutedLU:
    """An LU factor of ``A[p][:, p]`` that solves ``A x = b``."""

    def __init__(self, lu, perm: np.ndarray) -> None:
        self.lu, self.perm = lu, perm

    def solve(self, b: np.ndarray) -> np.ndarray:
        x = np.empty_like(b, dtype=float)
        x[self.perm] = self.lu.solve(np.asfortranarray(b[self.perm]))
        return x


@functools.cache
def _ldl_kernels():
    """numba triangular solves with ``A[p][:, p] = L D L^T`` (imported on first use).

    ``L`` is the strictly lower part, stored by columns (CSC: ``indptr``, ``indices``,
    ``data``); ``dinv = 1 / diag(D)``.  The right-hand side is overwritten in place:
    forward substitution by columns, scaling, then back substitution as one dot
    product per column of ``L`` (so only ``L`` is stored and read, twice).
    """
    from numba import njit

    @njit(cache=True, nogil=True)
    def solve_1(indptr, indices, data, dinv, x):  # pragma: no cover - compiled
        n = x.shape[0]
        for j in range(n):
            xj = x[j]
            if xj != 0.0:
                for p in range(indptr[j], indptr[j + 1]):
                    x[indices[p]] -= data[p] * xj
        for j in range(n):
            x[j] *= dinv[j]
        for j in range(n - 1, -1, -1):
            s = x[j]
            for p in range(indptr[j], indptr[j + 1]):
                s -= data[p] * x[indices[p]]
            x[j] = s

    @njit(cache=True, nogil=True)
    def solve_k(indptr, indices, data, dinv, x):  # pragma: no cover - compiled
        n, k = x.shape
        for j in range(n):
            for p in range(indptr[j], indptr[j + 1]):
                i = indices[p]
                lij = data[p]
                for c in range(k):
                    x[i, c] -= lij * x[j, c]
        for j in range(n):
            for c in range(k):
                x[j, c] *= dinv[j]
        for j in range(n - 1, -1, -1):
            for p in range(indptr[j], indptr[j + 1]):
                i = indices[p]
                lij = data[p]
                for c in range(k):
                    x[j, c] -= lij * x[i, c]

    return solve_1, solve_k


class _LDLFactor:
    """Symmetric factor ``A[p][:, p] = L D L^T`` taken from a SuperLU factorisation.

    The nodal matrix is symmetric positive definite and SuperLU factorises it with
    diagonal pivots and a symmetric permutation (``perm_r == perm_c``), so its
    ``U = D L^T`` up to round-off: keeping ``L`` (strict part) and ``D`` halves the
    memory, and :func:`_ldl_kernels` solves with it faster than SuperLU's own solve
    (about 7 ms against 10-30 ms for the 256 x 256 array's 130 560 nodes).
    """

    def __init__(self, lu, perm: np.ndarray | None = None) -> None:
        n = lu.shape[0]
        q = np.argsort(lu.perm_c)  # L U = A[q][:, q]  (SuperLU: Pr A Pc = L U)
        self.perm = q if perm is None else perm[q]
        lower = lu.L.tocsc()
        counts = np.diff(lower.indptr)
        col = np.repeat(np.arange(n), counts)
        keep = lower.indices > col  # drop the unit diagonal
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(col[keep], minlength=n))]
                                     ).astype(lower.indices.dtype)
        self.indices = np.ascontiguousarray(lower.indices[keep])
        self.data = np.ascontiguousarray(lower.data[keep])
        self.dinv = 1.0 / lu.U.diagonal()
        self.nnz = int(self.data.size)

    @classmethod
    def from_superlu(cls, lu, perm: np.ndarray | None = None):
        """The symmetric factor, or ``None`` when SuperLU pivoted off the diagonal."""
        if not np.array_equal(lu.perm_r, lu.perm_c):
            return None
        return cls(lu, perm)

    def solve_inplace(self, y: np.ndarray) -> None:
        """Overwrite ``y`` (C-contiguous float, ``(n,)`` or ``(n, k)``, in the factor's
        order ``perm``) with the solution of ``A[p][:, p] y_new = y``."""
        solve_1, solve_k = _ldl_kernels()
        if y.ndim == 1 or y.shape[1] == 1:
            solve_1(self.indptr, self.indices, self.data, self.dinv, y.reshape(-1))
        else:
            solve_k(self.indptr, self.indices, self.data, self.dinv, y)

    def solve(self, b: np.ndarray) -> np.ndarray:
        """``x`` with ``A x = b`` for ``b`` of shape ``(n,)`` or ``(n, k)``."""
        y = np.ascontiguousarray(b[self.perm], dtype=float)
        self.solve_inplace(y)
        x = np.empty_like(y)
        x[self.perm] = y
        return x


def _build_network(n_rows: int, n_cols: int, *, r_wire: float, r_wire_col: float,
                   r_source: float, r_sense: float, drive: str,
                   row_driven: np.ndarray, col_driven: np.ndarray) -> _Network:
    R, C = n_rows, n_cols
    nb = R + C
    if r_wire > 0:
        row_id = nb + np.arange(R * C).reshape(R, C)
        nxt = nb + R * C
    else:
        row_id = np.repeat((nb + np.arange(R))[:, None], C, axis=1)
        nxt = nb + R
    if r_wire_col > 0:
        col_id = nxt + np.arange(R * C).reshape(R, C)
        total = nxt + R * C
    else:
        col_id = np.repeat((nxt + np.arange(C))[None, :], R, axis=0)
        total = nxt + C
    rows = np.flatnonzero(row_driven)
    cols = np.flatnonzero(col_driven)
    relabel = np.arange(total)
    if r_source == 0:
        relabel[row_id[rows, 0]] = rows
        if drive == "both":
            relabel[row_id[rows, -1]] = rows
    if r_sense == 0:
        relabel[col_id[-1, cols]] = R + cols
    row_id, col_id = relabel[row_id], relabel[col_id]
    # Compact the unknown nodes that remain to nb .. nb + n - 1.
    ids = np.concatenate([row_id.ravel(), col_id.ravel()])
    present = np.zeros(total, bool)  # (a mask: np.unique's sort or hash is slower)
    present[ids[ids >= nb]] = True
    unknown = np.flatnonzero(present)
    compact = np.arange(total)
    compact[unknown] = nb + np.arange(unknown.size)
    row_id, col_id = compact[row_id], compact[col_id]
    n_nodes = nb + unknown.size

    a_list, b_list, g_list = [], [], []

    def add(a, b, g):
        a = np.asarray(a).ravel()
        a_list.append(a)
        b_list.append(np.asarray(b).ravel())
        g_list.append(np.full(a.size, g))

    if r_wire > 0 and C > 1:
        add(row_id[:, :-1], row_id[:, 1:], 1.0 / r_wire)
    if r_wire_col > 0 and R > 1:
        add(col_id[:-1, :], col_id[1:, :], 1.0 / r_wire_col)
    if r_source > 0 and rows.size:
        add(rows, row_id[rows, 0], 1.0 / r_source)
        if drive == "both":
            add(rows, row_id[rows, -1], 1.0 / r_source)
    if r_sense > 0 and cols.size:
        add(R + cols, col_id[-1, cols], 1.0 / r_sense)
    if a_list:
        l_fixed = _laplacian(np.concatenate(a_list), np.concatenate(b_list),
                             np.concatenate(g_list), n_nodes)
    else:
        l_fixed = sp.csc_matrix((n_nodes, n_nodes))
    return _Network(R, C, row_id, col_id, n_nodes, l_fixed)


def _nested_dissection_nodes(n_rows: int, n_cols: int, leaf: int = 32) -> np.ndarray:
    """Geometric nested-dissection order of the crossbar's nodes (George 1973).

    Returns node keys: ``i * C + j`` for the row-line node of site ``(i, j)`` and
    ``R C + i C + j`` for its column-line node.  The row lines run along ``j`` and the
    column lines along ``i``, and the two meet only through the cells, so the row
    nodes of one grid column alone cut the array in two (that column's column nodes
    then hang on the separator only and go with the left half), and so do the column
    nodes of one grid row.  A region -- the row nodes of one rectangle of sites and the
    column nodes of another, one line larger -- is ordered: first part, second part,
    separator, recursively, splitting its longer side, down to ``leaf`` nodes.  The
    separators are half the size of whole site lines, which cuts the fill of the
    256 x 256 array's factor from 4.6 M to 2.6 M entries (of ``L``).
    """
    R, C = n_rows, n_cols
    out: list[np.ndarray] = []

    def size(rect) -> int:
        r0, r1, c0, c1 = rect
        return max(r1 - r0, 0) * max(c1 - c0, 0)

    def keys(rect, offset: int) -> np.ndarray:
        r0, r1, c0, c1 = rect
        if size(rect) == 0:
            return np.zeros(0, dtype=np.int64)
        return offset + (np.arange(r0, r1)[:, None] * C + np.arange(c0, c1)).ravel()

    def rec(rr, cr) -> None:  # rr: rectangle of row nodes, cr: of column nodes
        n_r, n_c = size(rr), size(cr)
        if n_r + n_c <= leaf:
            out.append(keys(rr, 0))
            out.append(keys(cr, R * C))
            return
        height = max(rr[1], cr[1]) - min(rr[0], cr[0])
        width = max(rr[3], cr[3]) - min(rr[2], cr[2])
        if n_c == 0 or (n_r > 0 and width >= height):
            m = (rr[2] + rr[3]) // 2  # cut: the row nodes of grid column m
            rec((rr[0], rr[1], rr[2], m), (cr[0], cr[1], cr[2], min(m + 1, cr[3])))
            rec((rr[0], rr[1], m + 1, rr[3]), (cr[0], cr[1], max(m + 1, cr[2]), cr[3]))
            out.append(keys((rr[0], rr[1], m, m + 1), 0))
        else:
            m = (cr[0] + cr[1]) // 2  # cut: the column nodes of grid row m
            rec((rr[0], min(m + 1, rr[1]), rr[2], rr[3]), (cr[0], m, cr[2], cr[3]))
            rec((max(m + 1, rr[0]), rr[1], rr[2], rr[3]), (m + 1, cr[1], cr[2], cr[3]))
            out.append(keys((m, m + 1, cr[2], cr[3]), R * C))

    rec((0, R, 0, C), (0, R, 0, C))
    return np.concatenate(out)


def _laplacian(a: np.ndarray, b: np.ndarray, g: np.ndarray, n: int) -> sp.csc_matrix:
    """Conductance (Laplacian) matrix of two-terminal conductances ``g`` between a and b."""
    rows = np.concatenate([a, b, a, b])
    cols = np.concatenate([a, b, b, a])
    vals = np.concatenate([g, g, -g, -g])
    return sp.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsc()


class IRDropSolver:
    """Crossbar nodal analysis, factorised once and solved for many input vectors.

    Parameters
    ----------
    G : array_like, shape (R, C)
        Cell conductances (S), ``G[i, j]`` between row ``i`` and column ``j``.
    r_wire : float
        Row-line wire resistance per segment (ohm); see :data:`IR_DROP_SPECS`.
    r_wire_col : float, optional
        Column-line wire resistance per segment (ohm); defaults to ``r_wire``.
    r_source, r_sense : float
        Driver output and sense-amplifier input resistances (ohm), default 0 (ideal).
    cell : {"1T1R", "0T1R"}
        Linear access-transistor cell or passive cell with a nonlinear selector.
    r_access : float
        1T1R access-transistor on-resistance (ohm).
    selector_k, v_ref : float
        0T1R selector nonlinearity (1/V) and normalisation voltage (V).
    drive : {"left", "both"}
        Rows driven at the left end, or at both ends (Chen 2013, double-sided).
    method : {"direct", "iterative"}
        ``"direct"``: sparse LU (SuperLU), kept as ``L D L^T``, or from 512 x 512 cells
        (linear cells, both wire resistances > 0) the multifrontal Cholesky.  ``"iterative"``:
        preconditioned conjugate gradients in cell-current space
        (:mod:`.ir_drop_approx`), matrix-free and O(R C) memory, for very large linear
        arrays (``cell="1T1R"``, ``drive="left"``); iterates to ``rtol``.
    permc_spec : str
        Node ordering for the factorisation: ``"ND"`` (default; geometric nested
        dissection of the array, falls back to ``"MMD_AT_PLUS_A"`` when a zero wire
        resistance merges a line) or one of SuperLU's ``"MMD_AT_PLUS_A"``,
        ``"COLAMD"``, ``"MMD_ATA"``, ``"NATURAL"``.
    rtol : float
        Relative residual tolerance of the iterative and Newton solves.

    Examples
    --------
    >>> G = np.full((2, 3), 1e-4)
    >>> solver = IRDropSolver(G, r_wire=0.0)
    >>> res = solver.solve(np.array([0.2, 0.1]))
    >>> np.allclose(res.i_out, G.T @ [0.2, 0.1], rtol=1e-14)
    True
    >>> solver = IRDropSolver(G, r_wire=100.0)
    >>> bool(np.all(solver.solve([0.2, 0.1]).i_out < G.T @ [0.2, 0.1]))
    True
    """

    @takes_specs(_SOLVER_SPECS, where="IRDropSolver")
    def __init__(self, G: Any, r_wire: float = FROM_SPEC, *, r_wire_col: float | None = None,
                 r_source: float = FROM_SPEC, r_sense: float = FROM_SPEC,
                 cell: str = FROM_SPEC, r_access: float = FROM_SPEC,
                 selector_k: float = FROM_SPEC, v_ref: float = FROM_SPEC,
                 drive: str = FROM_SPEC, method: str = "direct",
                 permc_spec: str = "ND", rtol: float = 1e-12,
                 _row_driven: np.ndarray | None = None,
                 _col_driven: np.ndarray | None = None) -> None:
        self.G = validate_conductances(G)
        p = {"r_wire": r_wire,
             "r_wire_col": validate_r_wire_col(r_wire_col, r_wire, "IRDropSolver"),
             "r_source": r_source, "r_sense": r_sense, "r_access": r_access,
             "selector_k": selector_k, "v_ref": v_ref, "cell": cell, "drive": drive}
        if method not in ("direct", "iterative"):
            raise ValueError(f"method = {method!r} is not valid; expected 'direct' or "
                             "'iterative' ('auto' in ir_drop)")
        if permc_spec not in ("ND", "MMD_AT_PLUS_A", "COLAMD", "MMD_ATA", "NATURAL"):
            raise ValueError(f"permc_spec = {permc_spec!r} is not a SuperLU ordering")
        if not 0 < rtol < 1e-2:
            raise ValueError(f"rtol = {rtol} is outside its valid range (0, 0.01)")
        # A resistance whose drop would be below 1e-13 of the signal is merged exactly
        # (a nano-ohm wire would otherwise put ~1e13 S beside 1e-4 S cells).
        g_line = max(self.G.sum(axis=0).max(), self.G.sum(axis=1).max(), 1e-300)
        for name in ("r_wire", "r_wire_col", "r_source", "r_sense"):
            if p[name] * g_line < 1e-13:
                p[name] = 0.0
        self.params = p
        self.method = method
        self.rtol = float(rtol)
        R, C = self.G.shape
        self.shape = (R, C)
        row_driven = np.ones(R, bool) if _row_driven is None else np.asarray(_row_driven, bool)
        col_driven = np.ones(C, bool) if _col_driven is None else np.asarray(_col_driven, bool)
        self._standard = bool(row_driven.all() and col_driven.all())
        if method == "iterative" and not (p["cell"] == "1T1R" and p["drive"] == "left"
                                          and self._standard):
            raise ValueError("method = 'iterative' needs cell='1T1R', drive='left' and every "
                             "row driven / every column sensed; use method='direct'")
        self.nonlinear = p["cell"] == "0T1R" and p["selector_k"] > 0
        if p["cell"] == "1T1R":
            self._g_lin = _g_1t1r(self.G, p["r_access"])
        else:  # chord conductance at v_ref: the linear start of Newton's iteration
            self._g_lin = self.G
        self._lu = None
        if method == "iterative":
            return
        net = _build_network(R, C, r_wire=p["r_wire"], r_wire_col=p["r_wire_col"],
                             r_source=p["r_source"], r_sense=p["r_sense"], drive=p["drive"],
                             row_driven=row_driven, col_driven=col_driven)
        self._net = net
        nb = net.n_boundary
        a, b = net.row_id.ravel(), net.col_id.ravel()
        # Cell incidence: cell voltage = x[a] - x[b]  (ncell x n_nodes).
        ncell = a.size
        d_all = sp.csr_matrix((np.concatenate([np.ones(ncell), -np.ones(ncell)]),
                               (np.tile(np.arange(ncell), 2), np.concatenate([a, b]))),
                              shape=(ncell, net.n_nodes))
        self._d_b = d_all[:, :nb].tocsc()
        self._d_u = d_all[:, nb:].tocsc()
        lf = net.l_fixed
        self._lf_uu = lf[nb:, nb:].tocsc()
        self._lf_ub = lf[nb:, :nb].tocsc()
        self.n_unknown = net.n_nodes - nb
        self._perm = None
        self._fronts = None
        self._permc = permc_spec
        if permc_spec == "ND":
            self._permc = "MMD_AT_PLUS_A"
            if (p["r_wire"] > 0 and p["r_wire_col"] > 0 and self.n_unknown
                    and not self.nonlinear and R * C >= _MULTIFRONTAL_MIN_CELLS):
                self._perm, *self._fronts = crossbar_fronts(net.row_id, net.col_id, nb)
                self._permc = "NATURAL"
            elif p["r_wire"] > 0 and p["r_wire_col"] > 0 and self.n_unknown:
                ids = np.concatenate([net.row_id.ravel(), net.col_id.ravel()])
                ids = ids[_nested_dissection_nodes(R, C)] - nb
                ids = ids[ids >= 0]
                _, first = np.unique(ids, return_index=True)
                self._perm = ids[np.sort(first)]
                self._permc = "NATURAL"
        self._ids_linear = (net.row_id, net.col_id)  # node positions in [v_boundary, x]
        if not self.nonlinear and self.n_unknown:
            a_uu, self._b_mat = self._linear_system(self._g_lin.ravel())
            self._lu = self._factorise(a_uu, ldl=True)
            if isinstance(self._lu, (_LDLFactor, MultifrontalCholesky)):
                # Work in the factor's node order: the right-hand side is assembled there
                # and the node voltages are read from there (no permutation per solve).
                perm = self._lu.perm
                self._b_perm = self._b_mat[perm]
                inv = np.empty_like(perm)
                inv[perm] = np.arange(perm.size)
                where = np.concatenate([np.arange(nb), nb + inv])
                self._ids_linear = (where[net.row_id], where[net.col_id])

    # -- assembly -------------------------------------------------------------------
    def _linear_system(self, g_cell: np.ndarray):
        """Matrix on the unknown nodes and the map from boundary voltages to currents."""
        dg = sp.diags(g_cell)
        a_uu = (self._lf_uu + self._d_u.T @ dg @ self._d_u).tocsc()
        b_mat = -(self._lf_ub + self._d_u.T @ dg @ self._d_b)
        return a_uu, b_mat.tocsr()

    def _factorise(self, a_uu: sp.csc_matrix, *, ldl: bool = False):
        """Sparse LU of ``a_uu`` in the chosen ordering; with ``ldl``, its symmetric
        :class:`_LDLFactor` (faster repeated solves) where SuperLU kept to the diagonal.
        """
        floating = ("G leaves part of the array floating (a line connected only through "
                    "zero-conductance cells); the network is singular")
        if ldl and self._fronts is not None:
            try:
                return MultifrontalCholesky(a_uu, self._perm, *self._fronts)
            except ValueError as exc:
                raise ValueError(floating) from exc
        try:
            if self._perm is not None:
                lu = splu(a_uu[self._perm][:, self._perm].tocsc(), permc_spec="NATURAL",
                          diag_pivot_thresh=0.0, options={"SymmetricMode": True})
            else:
                lu = splu(a_uu, permc_spec=self._permc, diag_pivot_thresh=0.0,
                          options={"SymmetricMode": True})
        except RuntimeError as exc:  # exactly singular: a floating island of zero cells
            raise ValueError(floating) from exc
        if ldl:
            factor = _LDLFactor.from_superlu(lu, self._perm)
            if factor is not None:
                return factor
        return lu if self._perm is None else _PermutedLU(lu, self._perm)

    # -- solving --------------------------------------------------------------------
    def _boundary(self, v: np.ndarray, col_bias: np.ndarray | None) -> np.ndarray:
        B = v.shape[0]
        cb = np.zeros((B, self.shape[1])) if col_bias is None else np.broadcast_to(
            col_bias, (B, self.shape[1]))
        return np.concatenate([v, cb], axis=1)

    def solve(self, v_in: Any, *, col_bias: Any = None) -> IRDropResult:
        """Node voltages and currents for one input vector ``(R,)`` or a batch ``(B, R)``.

        ``col_bias`` (V, shape ``(C,)``) sets the voltage the column amplifiers hold
        (default 0: virtual ground).
        """
        R, C = self.shape
        v = _validate_inputs(v_in, R)
        single = v.ndim == 1
        v2 = np.atleast_2d(v)
        if col_bias is not None:
            col_bias = _validate_inputs(col_bias, C, "col_bias")
        if self.method == "iterative":
            res = self._solve_iterative(v2)
        else:
            vb = self._boundary(v2, col_bias)
            if self.nonlinear:
                x, iters = self._solve_newton(vb)
            else:
                x, iters = self._solve_linear(vb), 0
            ids = self._ids_linear if not self.nonlinear else (self._net.row_id,
                                                               self._net.col_id)
            res = self._result(vb, x, iters, v2, ids)
        if single:
            res = IRDropResult(*(getattr(res, f)[0] for f in (
                "v_row", "v_col", "v_cell", "i_cell", "i_out", "i_in", "i_ideal")),
                iterations=res.iterations)
        return res

    __call__ = solve

    def _currents(self, v_cell: np.ndarray) -> np.ndarray:
        p = self.params
        if p["cell"] == "1T1R":
            return self._g_lin * v_cell
        return cell_current(v_cell, self.G, cell="0T1R", selector_k=p["selector_k"],
                            v_ref=p["v_ref"])

    def _solve_linear(self, vb: np.ndarray) -> np.ndarray:
        """Unknown node voltages ``(B, n)`` of the linear network (in the factor's node
        order when the factor is an :class:`_LDLFactor`, else in node-id order)."""
        if self._lu is None:
            return np.zeros((vb.shape[0], 0))
        if not isinstance(self._lu, (_LDLFactor, MultifrontalCholesky)):
            return self._lu.solve(np.asfortranarray(self._b_mat @ vb.T)).T
        y = np.ascontiguousarray(self._b_perm @ vb.T)  # (n, B)
        self._lu.solve_inplace(y)
        return y.T

    def _result(self, vb: np.ndarray, x: np.ndarray, iters: int, v2: np.ndarray,
                ids: tuple[np.ndarray, np.ndarray]):
        """Currents and voltages from the boundary ``vb`` and unknown ``x`` node voltages;
        ``ids`` are the (R, C) positions of the row and column nodes in ``[vb, x]``."""
        x_all = np.concatenate([vb, x], axis=1)
        v_row = x_all[:, ids[0]]
        v_col = x_all[:, ids[1]]
        v_cell = v_row - v_col
        i_cell = self._currents(v_cell)
        if self.params["cell"] == "1T1R":
            i_ideal = v2 @ self._g_lin
        else:
            i_ideal = self._currents(np.broadcast_to(v2[:, :, None], i_cell.shape)).sum(
                axis=1)
        return IRDropResult(v_row, v_col, v_cell, i_cell, i_cell.sum(axis=1),
                            i_cell.sum(axis=2), i_ideal, iters)

    def _solve_iterative(self, v2: np.ndarray) -> IRDropResult:
        p = self.params
        lines = dict(r_wire=p["r_wire"], r_wire_col=p["r_wire_col"], r_source=p["r_source"],
                     r_sense=p["r_sense"])
        i_cell, iters = _solve_cg_numpy(self._g_lin, v2, rtol=self.rtol, **lines)
        drop, rise = _line_voltages(i_cell, np, **lines)
        v_row = v2[:, :, None] - drop
        v_col = rise
        v_cell = v_row - v_col
        i_ideal = v2 @ self._g_lin
        return IRDropResult(v_row, v_col, v_cell, i_cell, i_cell.sum(axis=1),
                            i_cell.sum(axis=2), i_ideal, iters)

    def _solve_newton(self, vb: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, int]:
        """Damped Newton on KCL, one input vector at a time (each has its own Jacobian)."""
        p = self.params
        k, v_ref = p["selector_k"], p["v_ref"]
        G = self.G.ravel()
        a_lin, b_lin = self._linear_system(G)
        out = np.zeros((vb.shape[0], self.n_unknown))
        worst = 0
        if self.n_unknown == 0:
            return out, 0
        lu_lin = self._factorise(a_lin)
        v_max = float(np.abs(vb).max()) if vb.size else 0.0
        too_nonlinear = (
            f"selector_k = {k:g} 1/V at cell voltages up to {v_max:g} V (k V = {k * v_max:.3g}) "
            f"is too nonlinear for the Newton solve of this network (cells below threshold "
            f"conduct ~exp(-k V / 2) of the selected one, which leaves lines numerically "
            f"floating); selector_k must be lower for these voltages")
        # KCL cannot be met below the round-off of its largest terms: with very low wire
        # resistance the wire currents dwarf the cell currents, so the stopping test
        # allows a few ulps of them as well as rtol of the cell current
        lf_norm = float(abs(self._lf_uu).sum(axis=1).max())
        eps = np.finfo(float).eps
        for n, vbn in enumerate(vb):
            inj = -(self._lf_ub @ vbn)  # currents injected through source/sense resistors
            vcell_b = self._d_b @ vbn

            def energy_and_grad(x, inj=inj, vcell_b=vcell_b):
                # a trial step can overshoot into sinh/cosh terms that overflow; such a
                # step has an infinite (or NaN) co-content and is halved by the line search
                with np.errstate(over="ignore", invalid="ignore"):
                    vc = vcell_b + self._d_u @ x
                    i, di, phi = _cell_current_and_slope(vc, G, k, v_ref)
                    lx = self._lf_uu @ x
                    e = 0.5 * x @ lx - inj @ x + phi.sum()
                    return e, lx - inj + self._d_u.T @ i, di

            x = lu_lin.solve(b_lin @ vbn)  # linear start with the chord conductances
            e, f, di = energy_and_grad(x)
            # Current scale for the stopping test: the total current the cells carry.
            vc0 = vcell_b + self._d_u @ x
            scale = max(np.abs(_cell_current_and_slope(vc0, G, k, v_ref)[0]).sum(), 1e-300)
            for iteration in range(1, max_iter + 1):
                jac = (self._lf_uu + self._d_u.T @ sp.diags(di) @ self._d_u).tocsc()
                try:
                    dx = -self._factorise(jac).solve(f)
                except ValueError:  # cells below threshold conduct ~0: a line floats
                    raise ValueError(too_nonlinear) from None
                t = 1.0
                with np.errstate(over="ignore", invalid="ignore"):
                    slope = f @ dx
                if not np.isfinite(slope):  # the Newton direction itself overflows
                    raise ValueError(too_nonlinear)
                while True:
                    e_new, f_new, di_new = energy_and_grad(x + t * dx)
                    # Armijo on the co-content; near the root its decrease drowns in
                    # round-off, so a full step that halves the KCL residual is taken too.
                    if t < 1e-12:
                        break
                    if not np.isfinite(e_new):
                        t *= 0.5
                        continue
                    if (e_new <= e + 1e-4 * t * slope
                            or (t == 1.0 and np.abs(f_new).max() <= 0.5 * np.abs(f).max())):
                        break
                    t *= 0.5
                x = x + t * dx
                e, f, di = e_new, f_new, di_new
                floor = 64.0 * eps * (lf_norm * np.abs(x).max() + np.abs(inj).max())
                if (np.abs(f).max() <= max(self.rtol * scale, floor)
                        or np.abs(t * dx).max() <= 1e-15):
                    worst = max(worst, iteration)
                    break
            else:
                raise ValueError(too_nonlinear)
            if not np.all(np.isfinite(x)):
                raise ValueError(too_nonlinear)
            out[n] = x
        return out, worst


@takes_specs(_SOLVER_SPECS)
def ir_drop(G: Any, v_in: Any, r_wire: float = FROM_SPEC, *, r_wire_col: float | None = None,
            r_source: float = FROM_SPEC, r_sense: float = FROM_SPEC, cell: str = FROM_SPEC,
            r_access: float = FROM_SPEC, selector_k: float = FROM_SPEC,
            v_ref: float = FROM_SPEC, drive: str = FROM_SPEC,
            method: str = "auto") -> IRDropResult:
    """Solve the crossbar's node voltages and currents exactly (one call).

    See :class:`IRDropSolver` for the parameters and the module docstring for the
    circuit, the equations and the references.  ``method="auto"`` uses the matrix-free
    iterative solver (to ``rtol = 1e-12``) for linear, left-driven arrays of 4096 cells
    or more, where one factorisation costs more than it saves, and sparse LU
    otherwise.  For many input vectors with the same ``G``, build an
    :class:`IRDropSolver` once and call ``.solve`` (or pass a batch ``v_in`` of shape
    ``(B, R)`` here).

    Examples
    --------
    >>> G = np.array([[1e-4, 2e-5], [5e-5, 1e-4]])
    >>> res = ir_drop(G, [0.2, 0.2], r_wire=10.0)
    >>> res.i_out.shape, bool(np.all(res.i_out <= res.i_ideal))
    ((2,), True)
    """
    if method == "auto":
        size = np.shape(G)[0] * np.shape(G)[1] if np.ndim(G) == 2 else 0
        method = "iterative" if (cell == "1T1R" and drive == "left" and size >= 4096) else "direct"
    return IRDropSolver(G, r_wire, r_wire_col=r_wire_col, r_source=r_source, r_sense=r_sense,
                        cell=cell, r_access=r_access, selector_k=selector_k, v_ref=v_ref,
                        drive=drive, method=method).solve(v_in)

