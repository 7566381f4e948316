"""Compiled kernels of :mod:`._multifrontal` (private; imported on first use, so that
importing the crossbar package does not import numba)."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def nd_tree(R, C, leaf):  # pragma: no cover - compiled
    """Keys in nested-dissection order (row node ``i C + j``, column node
    ``R C + i C + j``), and the fronts in postorder: ``key_end[f]`` (their keys
    are ``key_end[f - 1] .. key_end[f]``) and ``parent[f]`` (-1 for the root)."""
    n_keys = 2 * R * C
    keys = np.empty(n_keys, np.int64)
    nk = 0
    cap = n_keys + 1  # every front holds at least one key
    key_end = np.empty(cap, np.int64)
    parent = np.full(cap, -1, np.int64)
    nf = 0
    # stack of tasks: (kind, rr0, rr1, rc0, rc1, cr0, cr1, cc0, cc1, sep_type, sep_pos)
    # kind 0: region to split; kind 1: emit the separator of a split region
    st = np.empty((4 * 64 + 16, 11), np.int64)
    top = 0
    done = np.empty(4 * 64 + 16, np.int64)  # front ids of finished regions
    ndone = 0
    st[0, :] = (0, 0, R, 0, C, 0, R, 0, C, 0, 0)
    top = 1
    while top > 0:
        top -= 1
        kind, rr0, rr1, rc0, rc1, cr0, cr1, cc0, cc1, sep_type, sep_pos = st[top]
        n_r = max(rr1 - rr0, 0) * max(rc1 - rc0, 0)
        n_c = max(cr1 - cr0, 0) * max(cc1 - cc0, 0)
        if kind == 1:
            # the two sub-regions are finished: emit the separator front
            if sep_type == 0:  # row nodes of grid column sep_pos, rows rr0..rr1
                for i in range(rr0, rr1):
                    keys[nk] = i * C + sep_pos
                    nk += 1
            else:  # column nodes of grid row sep_pos, columns cc0..cc1
                for j in range(cc0, cc1):
                    keys[nk] = R * C + sep_pos * C + j
                    nk += 1
            key_end[nf] = nk
            for _ in range(2):
                ndone -= 1
                if done[ndone] >= 0:
                    parent[done[ndone]] = nf
            done[ndone] = nf
            ndone += 1
            nf += 1
            continue
        if n_r + n_c == 0:
            done[ndone] = -1
            ndone += 1
            continue
        if n_r + n_c <= leaf:
            for i in range(rr0, rr1):
                for j in range(rc0, rc1):
                    keys[nk] = i * C + j
                    nk += 1
            for i in range(cr0, cr1):
                for j in range(cc0, cc1):
                    keys[nk] = R * C + i * C + j
                    nk += 1
            key_end[nf] = nk
            done[ndone] = nf
            ndone += 1
            nf += 1
            continue
        height = max(rr1, cr1) - min(rr0, cr0)
        width = max(rc1, cc1) - min(rc0, cc0)
        if n_c == 0 or (n_r > 0 and width >= height):
            m = (rc0 + rc1) // 2  # cut: the row nodes of grid column m
            st[top, :] = (1, rr0, rr1, rc0, rc1, cr0, cr1, cc0, cc1, 0, m)
            st[top + 1, :] = (0, rr0, rr1, m + 1, rc1, cr0, cr1, max(m + 1, cc0), cc1,
                              0, 0)
            st[top + 2, :] = (0, rr0, rr1, rc0, m, cr0, cr1, cc0, min(m + 1, cc1), 0, 0)
        else:
            m = (cr0 + cr1) // 2  # cut: the column nodes of grid row m
            st[top, :] = (1, rr0, rr1, rc0, rc1, cr0, cr1, cc0, cc1, 1, m)
            st[top + 1, :] = (0, max(m + 1, rr0), rr1, rc0, rc1, m + 1, cr1, cc0, cc1,
                              0, 0)
            st[top + 2, :] = (0, rr0, min(m + 1, rr1), rc0, rc1, cr0, m, cc0, cc1, 0, 0)
        top += 3
    return keys[:nk], key_end[:nf].copy(), parent[:nf].copy()

@njit(cache=True)
def symbolic(n, indptr, indices, sep_start, sep_end, parent):  # pragma: no cover
    """Border rows ``B_f`` of every front (sorted, flat with offsets), or
    ``ok = False`` when a child's border reaches outside its parent's front (the
    dissection's separators do not separate)."""
    nf = sep_start.size
    # children of each front, CSR
    nchild = np.zeros(nf + 1, np.int64)
    for f in range(nf):
        if parent[f] >= 0:
            nchild[parent[f] + 1] += 1
    cptr = np.cumsum(nchild)
    cfill = cptr[:-1].copy()
    child = np.empty(max(cptr[-1], 1), np.int64)
    for f in range(nf):
        p = parent[f]
        if p >= 0:
            child[cfill[p]] = f
            cfill[p] += 1
    mark = np.full(n, -1, np.int64)
    bptr = np.zeros(nf + 1, np.int64)
    cap = 4 * n + 16
    bidx = np.empty(cap, np.int64)
    ok = True
    for f in range(nf):
        s0, s1 = sep_start[f], sep_end[f]
        start = bptr[f]
        cnt = 0
        for j in range(s0, s1):
            for q in range(indptr[j], indptr[j + 1]):
                k = indices[q]
                if k >= s1 and mark[k] != f:
                    mark[k] = f
                    if start + cnt >= cap:
                        cap *= 2
                        new = np.empty(cap, np.int64)
                        new[:start + cnt] = bidx[:start + cnt]
                        bidx = new
                    bidx[start + cnt] = k
                    cnt += 1
        for ci in range(cptr[f], cptr[f + 1]):
            c = child[ci]
            for q in range(bptr[c], bptr[c + 1]):
                k = bidx[q]
                if k < s0:
                    ok = False
                if k >= s1 and mark[k] != f:
                    mark[k] = f
                    if start + cnt >= cap:
                        cap *= 2
                        new = np.empty(cap, np.int64)
                        new[:start + cnt] = bidx[:start + cnt]
                        bidx = new
                    bidx[start + cnt] = k
                    cnt += 1
        bidx[start:start + cnt] = np.sort(bidx[start:start + cnt])
        bptr[f + 1] = start + cnt
    return bidx[:bptr[nf]].copy(), bptr, cptr, child, ok

@njit(cache=True, nogil=True)
def partial_cholesky(F, s, m, dmin):  # pragma: no cover - compiled
    """Factor the first ``s`` columns of the symmetric ``m x m`` front held in the
    upper triangle of ``F`` (row ``j`` of ``F`` is column ``j`` of ``L``); the
    trailing block becomes the Schur complement.  Returns False on a pivot
    ``<= dmin[j]`` (a singular or numerically singular matrix)."""
    nb = 32
    for k0 in range(0, s, nb):
        k1 = min(k0 + nb, s)
        for j in range(k0, k1):
            for p in range(k0, j):
                f = F[p, j]
                if f != 0.0:
                    for i in range(j, m):
                        F[j, i] -= f * F[p, i]
            d = F[j, j]
            if not d > dmin[j]:
                return False
            d = np.sqrt(d)
            inv = 1.0 / d
            F[j, j] = d
            for i in range(j + 1, m):
                F[j, i] *= inv
        n2 = m - k1
        if n2 == 0:
            continue
        w = k1 - k0
        if n2 * w < 4096:
            for a in range(k1, m):
                for p in range(k0, k1):
                    f = F[p, a]
                    if f != 0.0:
                        for i in range(a, m):
                            F[a, i] -= f * F[p, i]
        else:
            PT = np.ascontiguousarray(F[k0:k1, k1:m].T)  # (n2, w)
            bs = 256
            for a0 in range(0, n2, bs):
                a1 = min(a0 + bs, n2)
                upd = np.dot(PT[a0:a1], PT[a0:].T)
                for a in range(a1 - a0):
                    row = F[k1 + a0 + a]
                    for i in range(a, n2 - a0):
                        row[k1 + a0 + i] -= upd[a, i]
    return True

@njit(cache=True, nogil=True)
def numeric(f_start, big, n, indptr, indices, data, sep_start, sep_end, bidx, bptr, cptr,
            child, lptr, L, pos, stack, state, ustart, buf, dmin):  # pragma: no cover
    """Factor the fronts from ``f_start`` on, in postorder, into the panels ``L`` (flat;
    front ``f`` is an ``s x m`` row-major block at ``lptr[f]``), keeping the children's
    Schur complements on ``stack`` (``state[0]`` = its top).

    A front with ``m >= big`` is only assembled into ``buf`` (row-major ``m x m``,
    upper triangle) and its index returned, so that the caller factors it with
    LAPACK and calls :func:`store_front`.  Returns ``(f, code)``: code 0 = all done,
    1 = front ``f`` assembled for the caller, 2 = front ``f`` not positive definite.
    """
    nf = sep_start.size
    for f in range(f_start, nf):
        s0, s1 = sep_start[f], sep_end[f]
        s = s1 - s0
        b = bptr[f + 1] - bptr[f]
        m = s + b
        F = buf[:m * m].reshape(m, m)
        for r in range(m):  # only the upper triangle is ever read
            F[r, r:] = 0.0
        for i in range(s):
            pos[s0 + i] = i
        for i in range(b):
            pos[bidx[bptr[f] + i]] = s + i
        # assemble A's columns of the separator (upper: rows k >= j)
        for jl in range(s):
            j = s0 + jl
            for q in range(indptr[j], indptr[j + 1]):
                k = indices[q]
                if k >= j:
                    F[jl, pos[k]] += data[q]
        # extend-add the children's Schur complements (they sit on top of the stack)
        low = state[0]
        for ci in range(cptr[f], cptr[f + 1]):
            c = child[ci]
            bc0, bc1 = bptr[c], bptr[c + 1]
            nbc = bc1 - bc0
            if nbc == 0:
                continue
            u0 = ustart[c]
            low = min(low, u0)
            for p in range(nbc):
                rp = pos[bidx[bc0 + p]]
                for q in range(p, nbc):
                    F[rp, pos[bidx[bc0 + q]]] += stack[u0 + p * nbc + q]
        state[0] = low
        if m >= big:
            return f, 1
        if not partial_cholesky(F, s, m, dmin[s0:s1]):
            return f, 2
        store_front(f, s, m, F, L, lptr, stack, state, ustart)
    return nf, 0


@njit(cache=True, nogil=True)
def store_front(f, s, m, F, L, lptr, stack, state, ustart):  # pragma: no cover
    """Copy front ``f``'s factored panel to ``L`` and push its Schur complement."""
    L[lptr[f]:lptr[f] + s * m] = F[:s, :].ravel()
    b = m - s
    if b > 0:
        top = state[0]
        ustart[f] = top
        U = stack[top:top + b * b].reshape(b, b)
        U[:, :] = F[s:, s:]
        state[0] = top + b * b


@njit(cache=True, nogil=True)
def solve_k(L, lptr, sep_start, sep_end, bidx, bptr, x):  # pragma: no cover
    """Overwrite ``x`` (n, k) with ``(L L^T)^{-1} x``."""
    nf = sep_start.size
    k = x.shape[1]
    for f in range(nf):  # forward: L y = x
        s0, s1 = sep_start[f], sep_end[f]
        s = s1 - s0
        b0 = bptr[f]
        b = bptr[f + 1] - b0
        m = s + b
        P = L[lptr[f]:lptr[f] + s * m].reshape(s, m)
        for j in range(s):
            d = 1.0 / P[j, j]
            for c in range(k):
                x[s0 + j, c] *= d
            for i in range(j + 1, s):
                lij = P[j, i]
                for c in range(k):
                    x[s0 + i, c] -= lij * x[s0 + j, c]
            for i in range(b):
                lij = P[j, s + i]
                r = bidx[b0 + i]
                for c in range(k):
                    x[r, c] -= lij * x[s0 + j, c]
    for f in range(nf - 1, -1, -1):  # backward: L^T x = y
        s0, s1 = sep_start[f], sep_end[f]
        s = s1 - s0
        b0 = bptr[f]
        b = bptr[f + 1] - b0
        m = s + b
        P = L[lptr[f]:lptr[f] + s * m].reshape(s, m)
        for j in range(s - 1, -1, -1):
            for i in range(b):
                lij = P[j, s + i]
                r = bidx[b0 + i]
                for c in range(k):
                    x[s0 + j, c] -= lij * x[r, c]
            for i in range(j + 1, s):
                lij = P[j, i]
                for c in range(k):
                    x[s0 + j, c] -= lij * x[s0 + i, c]
            d = 1.0 / P[j, j]
            for c in range(k):
                x[s0 + j, c] *= d

@njit(cache=True, nogil=True)
def solve_1(L, lptr, sep_start, sep_end, bidx, bptr, x, z):  # pragma: no cover
    """Overwrite ``x`` (n,) with ``(L L^T)^{-1} x``; ``z`` is scratch of at least the
    largest front's border: each front gathers its border entries of ``x`` into it
    once, so that the inner loops run over contiguous memory."""
    nf = sep_start.size
    for f in range(nf):
        s0, s1 = sep_start[f], sep_end[f]
        s = s1 - s0
        b0 = bptr[f]
        b = bptr[f + 1] - b0
        m = s + b
        P = L[lptr[f]:lptr[f] + s * m].reshape(s, m)
        for i in range(b):
            z[i] = 0.0
        for j in range(s):
            xj = x[s0 + j] / P[j, j]
            x[s0 + j] = xj
            if xj != 0.0:
                row = P[j]
                for i in range(j + 1, s):
                    x[s0 + i] -= row[i] * xj
                for i in range(b):
                    z[i] += row[s + i] * xj
        for i in range(b):
            x[bidx[b0 + i]] -= z[i]
    for f in range(nf - 1, -1, -1):
        s0, s1 = sep_start[f], sep_end[f]
        s = s1 - s0
        b0 = bptr[f]
        b = bptr[f + 1] - b0
        m = s + b
        P = L[lptr[f]:lptr[f] + s * m].reshape(s, m)
        for i in range(b):
            z[i] = x[bidx[b0 + i]]
        for j in range(s - 1, -1, -1):
            row = P[j]
            acc = x[s0 + j]
            for i in range(b):
                acc -= row[s + i] * z[i]
            for i in range(j + 1, s):
                acc -= row[i] * x[s0 + i]
            x[s0 + j] = acc / row[j]
