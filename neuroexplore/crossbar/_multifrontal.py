r"""Multifrontal sparse Cholesky on the crossbar's nested-dissection tree (private).

The nodal matrix ``A`` of a crossbar (:mod:`.ir_drop_exact`) is symmetric positive
definite and its graph is a planar-like grid: the row-line nodes of site ``(i, j)``
join their row neighbours and the site's column-line node, which joins its column
neighbours.  A geometric nested dissection (George 1973) splits the array
recursively into two halves and a separator that no edge crosses.  Ordered
first half, second half, separator, the factor ``A[p][:, p] = L L^T`` then has the
structure of the dissection tree: the columns of one separator (a *front*) share
one dense pattern, their own rows plus the rows of the ancestor separators that
border the region (George 1973; the multifrontal method of Duff & Reid 1983, as
surveyed by Liu, SIAM Rev. 34:82, 1992).

Each front ``f`` with separator ``S`` (``s`` nodes) and border ``B`` (``b`` nodes)
assembles the dense matrix

.. math::

    F_f = \begin{pmatrix} A_{SS} & A_{SB} \\ A_{BS} & 0 \end{pmatrix}
          + \sum_{c \in \text{children}(f)} \operatorname{extend}(U_c),

factors its first ``s`` columns (``L_{SS} L_{SS}^T = F_{SS}``,
``L_{BS} = F_{BS} L_{SS}^{-T}``) and hands the Schur complement
``U_f = F_{BB} - L_{BS} L_{BS}^T`` to its parent.  The large fronts near the root
carry most of the work and are updated with BLAS (``numpy.dot`` inside numba); the
small ones with compiled loops.  The result is the same exact Cholesky factor a
general sparse solver would compute in this ordering (to round-off), but stored as
dense panels, so the work runs at BLAS speed: at 512 x 512 it takes 2.8x less CPU
than SuperLU's LU in the same ordering, and the 1024 x 1024 array (2.1 M nodes)
takes 4.6-5.3 CPU seconds to its first solution (``benchmarks/bench_ir_drop.py``).  A solve is
a forward and a back substitution over the panels.  Memory at 1024 x 1024: the
panels hold 8.0e7 entries of ``L`` (0.8 GB), the first solve peaks at 1.5-1.6 GB.

References
----------
A. George, "Nested dissection of a regular finite element mesh", SIAM J. Numer.
Anal. 10(2):345-363 (1973).
I. S. Duff, J. K. Reid, "The multifrontal solution of indefinite sparse symmetric
linear equations", ACM Trans. Math. Softw. 9(3):302-325 (1983).
J. W. H. Liu, "The multifrontal method for sparse matrix solution: theory and
practice", SIAM Review 34(1):82-109 (1992).
"""

from __future__ import annotations

import functools

import numpy as np

__all__: list[str] = []


@functools.cache
def _kernels():
    """The compiled tree, symbolic, numeric and solve kernels (numba, cached on disk;
    imported on first use)."""
    from neuroexplore.crossbar import _multifrontal_kernels as k

    return k.nd_tree, k.symbolic, k.numeric, k.solve_1, k.solve_k


#: Relative pivot below which the matrix is taken as singular (see ``_numeric``).
_PIVOT_RTOL = 1e-12


#: Fronts of at least this order are factored by LAPACK/BLAS (potrf, trsm, syrk).
_BIG_FRONT = 96


def _one_blas_thread():
    """Context limiting BLAS to one thread: the fronts are many and mid-sized, and
    OpenBLAS threads that spin between the calls cost more than they gain (measured
    10x slower on a shared 2-core machine)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def crossbar_fronts(row_id: np.ndarray, col_id: np.ndarray, n_boundary: int,
                    leaf: int = 16) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nested-dissection order and fronts of a crossbar's unknown nodes.

    ``row_id`` / ``col_id`` (shape ``(R, C)``) give the node id of every row- and
    column-line node; ids below ``n_boundary`` are boundary nodes (known voltage) and
    are left out.  Returns ``(perm, sep_end, parent)`` for
    :class:`MultifrontalCholesky` (``perm`` indexes the unknowns, ids minus
    ``n_boundary``).

    Examples
    --------
    >>> ids = 2 + np.arange(8).reshape(2, 2, 2)  # 2 x 2 array, 2 boundary nodes
    >>> perm, sep_end, parent = crossbar_fronts(ids[0], ids[1], 2, leaf=2)
    >>> sorted(perm.tolist()), int(sep_end[-1]), int((parent == -1).sum())
    ([0, 1, 2, 3, 4, 5, 6, 7], 8, 1)
    """
    nd_tree = _kernels()[0]
    R, C = row_id.shape
    keys, key_end, parent = nd_tree(R, C, leaf)
    ids = np.concatenate([row_id.ravel(), col_id.ravel()])[keys] - n_boundary
    keep = ids >= 0
    cum = np.concatenate([[0], np.cumsum(keep)])
    perm = ids[keep]
    if np.bincount(perm, minlength=1).max(initial=0) > 1:
        raise ValueError("merged nodes: the nested dissection needs every node distinct")
    return perm, cum[key_end], parent


def _lapack_partial(F: np.ndarray, s: int, dmin: np.ndarray) -> bool:
    """Partial Cholesky of the front ``F`` (row-major, upper triangle): LAPACK's
    ``potrf`` on the separator block, ``trsm`` for the border rows of ``L`` and ``syrk``
    for the Schur complement, on ``F.T`` (column-major, lower triangle)."""
    from scipy.linalg import blas, lapack

    Ff = F.T  # Fortran-ordered view: lower triangle holds the matrix
    l11, info = lapack.dpotrf(Ff[:s, :s], lower=1, clean=0, overwrite_a=0)
    if info != 0 or not np.all(np.diagonal(l11) ** 2 > dmin):
        return False
    Ff[:s, :s] = l11
    if s < F.shape[0]:
        l21 = blas.dtrsm(1.0, l11, Ff[s:, :s], side=1, lower=1, trans_a=1)
        Ff[s:, :s] = l21
        Ff[s:, s:] = blas.dsyrk(-1.0, l21, beta=1.0, c=Ff[s:, s:], lower=1)
    return True


class MultifrontalCholesky:
    """Cholesky factor ``A[p][:, p] = L L^T`` of a crossbar's nodal matrix.

    Parameters
    ----------
    A : scipy.sparse matrix, shape (n, n)
        Symmetric positive-definite matrix on the unknown nodes (both triangles).
    perm : ndarray of int, shape (n,)
        ``perm[k]`` = the unknown node eliminated ``k``-th (nested-dissection order).
    sep_end : ndarray of int, shape (n_fronts,)
        Fronts in postorder: front ``f`` eliminates ``perm[sep_end[f-1]:sep_end[f]]``.
    parent : ndarray of int, shape (n_fronts,)
        Parent front of each front (-1 for a root).

    Raises
    ------
    ValueError
        If a pivot is not positive (a floating part of the network) or the fronts'
        separators do not separate (a bug in the ordering, never silently wrong).
    """

    def __init__(self, A, perm: np.ndarray, sep_end: np.ndarray, parent: np.ndarray) -> None:
        _, symbolic, numeric, _, _ = _kernels()
        n = A.shape[0]
        self.perm = np.asarray(perm, np.int64)
        ap = A[self.perm][:, self.perm].tocsc()
        ap.sort_indices()
        indptr, indices = ap.indptr, ap.indices  # (int32 or int64: numba takes either)
        sep_end = np.asarray(sep_end, np.int64)
        sep_start = np.concatenate([[0], sep_end[:-1]]).astype(np.int64)
        parent = np.asarray(parent, np.int64)
        bidx, bptr, cptr, child, ok = symbolic(n, indptr, indices, sep_start, sep_end, parent)
        if not ok:
            raise ValueError("nested dissection: a separator does not separate")
        s = sep_end - sep_start
        m = s + np.diff(bptr)
        lptr = np.concatenate([[0], np.cumsum(s * m)]).astype(np.int64)
        stack_size = self._stack_size(np.diff(bptr), parent)
        with _one_blas_thread():
            L = self._numeric(numeric, n, indptr, indices, np.asarray(ap.data, np.float64),
                              sep_start, sep_end, bidx, bptr, cptr, child, lptr,
                              int(m.max(initial=1)), stack_size, ap.diagonal())
        self.L, self.lptr = L, lptr
        self.sep_start, self.sep_end = sep_start, sep_end
        self.bidx, self.bptr = bidx, bptr
        self._scratch = np.empty(int(np.diff(bptr).max(initial=1)))
        self.n = n
        #: entries of ``L`` (its separator triangles and border rows; the panels also
        #: hold the unused strict upper triangles of the separator blocks)
        self.nnz = int((s * (s + 1) // 2 + s * (m - s)).sum())

    @staticmethod
    def _numeric(numeric, n, indptr, indices, data, sep_start, sep_end, bidx, bptr, cptr,
                 child, lptr, max_m, stack_size, diagonal) -> np.ndarray:
        """Run the compiled front loop, factoring the large fronts with LAPACK."""
        from neuroexplore.crossbar._multifrontal_kernels import store_front

        L = np.empty(lptr[-1], np.float64)
        pos = np.full(n, -1, np.int64)
        stack = np.empty(stack_size, np.float64)
        state = np.zeros(1, np.int64)
        ustart = np.zeros(sep_start.size, np.int64)
        buf = np.empty(max_m * max_m, np.float64)
        # a pivot below 1e-12 of its node's diagonal is round-off of a zero pivot: that
        # part of the network floats (a physical pivot is the node's conductance to the
        # nodes not yet eliminated, a sizeable part of its diagonal)
        dmin = _PIVOT_RTOL * diagonal
        f = 0
        while True:
            f, code = numeric(f, _BIG_FRONT, n, indptr, indices, data, sep_start, sep_end,
                              bidx, bptr, cptr, child, lptr, L, pos, stack, state, ustart,
                              buf, dmin)
            if code == 1:
                s = int(sep_end[f] - sep_start[f])
                m = s + int(bptr[f + 1] - bptr[f])
                F = buf[:m * m].reshape(m, m)
                if not _lapack_partial(F, s, dmin[sep_start[f]:sep_end[f]]):
                    code = 2
                else:
                    store_front(f, s, m, F, L, lptr, stack, state, ustart)
                    f += 1
                    continue
            if code == 2:
                raise ValueError("the nodal matrix is not positive definite (a floating "
                                 "part of the network)")
            return L

    @staticmethod
    def _stack_size(b: np.ndarray, parent) -> int:
        """Largest total size of the Schur complements waiting on the stack."""
        size = b.astype(np.int64) ** 2
        # postorder: a front pops its children's complements, then pushes its own
        has = parent >= 0
        popped = np.bincount(parent[has], weights=size[has], minlength=b.size)
        peak = int(np.cumsum(size - popped.astype(np.int64)).max(initial=0))
        return max(peak, 1)

    @property
    def nbytes(self) -> int:
        """Memory held by the factor (bytes)."""
        return int(self.L.nbytes + self.bidx.nbytes + self.perm.nbytes)

    def solve_inplace(self, y: np.ndarray) -> None:
        """Overwrite ``y`` (C-contiguous float, ``(n,)`` or ``(n, k)``, in the factor's
        order ``perm``) with the solution of ``A[p][:, p] y_new = y``."""
        _, _, _, solve_1, solve_k = _kernels()
        args = (self.L, self.lptr, self.sep_start, self.sep_end, self.bidx, self.bptr)
        if y.ndim == 1 or y.shape[1] == 1:
            solve_1(*args, y.reshape(-1), self._scratch)
        else:
            solve_k(*args, y)

    def solve(self, b: np.ndarray) -> np.ndarray:
        """``x`` with ``A x = b`` for ``b`` of shape ``(n,)`` or ``(n, k)``."""
        y = np.ascontiguousarray(b[self.perm], dtype=float)
        self.solve_inplace(y)
        x = np.empty_like(y)
        x[self.perm] = y
        return x
