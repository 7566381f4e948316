r"""Sneak paths when one cell of a passive (0T1R) crossbar is read.

The selected row is driven at ``v_read``, the selected column is held at 0 V by its
sense amplifier (behind ``r_sense``), and the other lines are biased by a scheme
(Liang & Wong 2010, Sec. II; Chen & An 2013, Sec. III):

``"floating"``
    unselected rows and columns float.  Current leaks through every three-cell path
    row -> unselected column -> unselected row -> selected column.  For linear cells,
    zero wire resistance and all unselected cells at ``g``, the three groups of
    ``N-1``, ``(M-1)(N-1)`` and ``M-1`` parallel cells are in series (every floating
    line settles at one voltage by symmetry):

    .. math:: g_\text{sneak} = \Bigl(\frac{1}{(N-1)g} + \frac{1}{(M-1)(N-1)g}
              + \frac{1}{(M-1)g}\Bigr)^{-1}

    for an ``M x N`` array (rows x columns).
``"V/2"``
    unselected rows and columns at ``v_read/2``: only the ``M - 1`` half-selected
    cells of the selected column add current, each at ``v_read/2``.
``"V/3"``
    unselected rows at ``v_read/3``, unselected columns at ``2 v_read/3``: the
    half-selected cells of the selected column see ``v_read/3``.
``"grounded"``
    every unselected line at 0 V: with ideal wires no parasitic current reaches the
    sense amplifier (it flows to the grounded lines instead).

A selector's nonlinearity :math:`I(V)/I(V/2)` suppresses the half-selected currents;
with the sinh selector of :mod:`.ir_drop_exact` the parasitic current falls as
:math:`\sinh(k v_\text{read}/2)/\sinh(k v_\text{read})`.

References
----------
J. Liang, H.-S. P. Wong, IEEE Trans. Electron Devices 57(10):2531-2538 (2010).
A. Chen, IEEE Trans. Electron Devices 60(4):1318-1326 (2013).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroexplore.crossbar.ir_drop_exact import IRDropSolver, cell_current, validate_conductances
from neuroexplore.params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs

__all__ = ["SNEAK_SPECS", "SneakReadResult", "sneak_path_read", "read_margin"]

#: Read parameters (sliders read these).
SNEAK_SPECS = (
    ChoiceSpec("scheme", "floating", ("floating", "V/2", "V/3", "grounded"),
               doc="bias of the unselected rows and columns during a read"),
    ParamSpec("v_read", 0.2, 0.01, 2.0, step=0.01, unit="V",
              doc="read voltage on the selected row"),
    ParamSpec("r_wire", 0.0, 0.0, 1e3, step=0.1, unit="ohm", doc="wire resistance per segment"),
    ParamSpec("r_sense", 0.0, 0.0, 1e6, step=10.0, unit="ohm",
              doc="sense-amplifier input resistance"),
    ParamSpec("selector_k", 0.0, 0.0, 30.0, step=0.5, unit="1/V",
              doc="selector nonlinearity (0: no selector, linear cells)"),
)


@dataclass(frozen=True)
class SneakReadResult:
    """One read of a passive array.

    Attributes
    ----------
    i_read : float
        Current into the selected column's sense amplifier (A).
    i_cell : float
        Current of the selected cell alone at the full read voltage (A): what an
        ideal, sneak-free read returns.
    i_sneak : float
        ``i_read - i_cell`` (A): parasitic current (plus the selected cell's own loss
        of voltage to the wires).
    v_cell : float
        Voltage across the selected cell (V).
    v_cells : ndarray, shape (M, N)
        Voltage across every cell (V), for display.
    """

    i_read: float
    i_cell: float
    i_sneak: float
    v_cell: float
    v_cells: np.ndarray

    @property
    def sneak_fraction(self) -> float:
        """``i_sneak / i_read``."""
        return self.i_sneak / self.i_read if self.i_read else 0.0


def _biases(scheme: str, v: float, n_rows: int, n_cols: int, row: int, col: int):
    rows_on = np.ones(n_rows, bool)
    cols_on = np.ones(n_cols, bool)
    unsel_row, unsel_col = {"floating": (0.0, 0.0), "V/2": (v / 2, v / 2),
                            "V/3": (v / 3, 2 * v / 3), "grounded": (0.0, 0.0)}[scheme]
    v_rows = np.full(n_rows, unsel_row)
    v_cols = np.full(n_cols, unsel_col)
    if scheme == "floating":
        rows_on[:] = False
        cols_on[:] = False
    rows_on[row] = cols_on[col] = True
    v_rows[row] = v
    v_cols[col] = 0.0
    return rows_on, cols_on, v_rows, v_cols


@takes_specs(SNEAK_SPECS)
def sneak_path_read(G: Any, row: int, col: int, *, scheme: str = FROM_SPEC,
                    v_read: float = FROM_SPEC, r_wire: float = FROM_SPEC,
                    r_sense: float = FROM_SPEC, selector_k: float = FROM_SPEC
                    ) -> SneakReadResult:
    """Read cell ``(row, col)`` of a passive crossbar and separate the sneak current.

    Parameters
    ----------
    G : array_like, shape (M, N)
        Cell conductances (S) at the read voltage: a cell carries ``G v_read`` at
        ``v_read`` whatever its selector (the selector's ``v_ref = v_read``).
    row, col : int
        Selected cell.
    scheme : {"floating", "V/2", "V/3", "grounded"}
        Bias of the unselected lines (see the module docstring).
    v_read, r_wire, r_sense, selector_k : float
        Read voltage (V), wire resistance per segment on rows and columns (ohm), sense
        resistance (ohm), selector nonlinearity (1/V; 0 = linear cells).

    Examples
    --------
    >>> G = np.full((4, 4), 1e-4)
    >>> res = sneak_path_read(G, 0, 0, scheme="floating")
    >>> round(res.i_read / res.i_cell, 6)   # 1 + g_sneak/g: 3 || 9 || 3 cells in series
    2.285714
    """
    g = validate_conductances(G)
    p = {"scheme": scheme, "v_read": v_read, "r_wire": r_wire, "r_sense": r_sense,
         "selector_k": selector_k}
    M, N = g.shape
    for name, idx, n in (("row", row, M), ("col", col, N)):
        if not isinstance(idx, (int, np.integer)) or not 0 <= idx < n:
            raise ValueError(f"{name} = {idx!r} is outside its valid range [0, {n - 1}]")
    rows_on, cols_on, v_rows, v_cols = _biases(p["scheme"], p["v_read"], M, N, row, col)
    solver = IRDropSolver(g, p["r_wire"], r_sense=p["r_sense"], cell="0T1R",
                          selector_k=p["selector_k"], v_ref=p["v_read"],
                          _row_driven=rows_on, _col_driven=cols_on)
    res = solver.solve(v_rows, col_bias=v_cols)
    i_ideal = float(cell_current(np.array(p["v_read"]), g[row, col], cell="0T1R",
                                 selector_k=p["selector_k"], v_ref=p["v_read"]))
    i_read = float(res.i_out[col])
    return SneakReadResult(i_read, i_ideal, i_read - i_ideal, float(res.v_cell[row, col]),
                           res.v_cell)


@takes_specs(SNEAK_SPECS)
def read_margin(sizes: Any, *, g_on: float = 1e-4, g_off: float = 1e-6,
                scheme: str = FROM_SPEC, v_read: float = FROM_SPEC, r_wire: float = FROM_SPEC,
                r_sense: float = FROM_SPEC, selector_k: float = FROM_SPEC
                ) -> dict[str, np.ndarray]:
    """Worst-case read margin of an ``N x N`` passive array versus ``N``.

    Worst case (Liang & Wong 2010, Fig. 3): every unselected cell in the on state
    ``g_on``; the selected cell -- the far corner, row 0 and the column farthest from
    the drivers -- is read in the on and in the off state.  The normalised margin is
    ``(i_read_on - i_read_off) / i_read_on``: 1 - g_off/g_on for an ideal array,
    falling towards 0 as sneak currents swamp the cell.

    Returns
    -------
    dict with ``sizes``, ``i_on``, ``i_off`` (A) and ``margin`` arrays.
    """
    sizes = np.asarray(sizes, dtype=int)
    if sizes.ndim != 1 or sizes.size == 0 or np.any(sizes < 2) or np.any(sizes > 512):
        raise ValueError(f"sizes = {sizes.tolist()} must be array sizes in [2, 512]")
    for name, val in (("g_on", g_on), ("g_off", g_off)):
        if not (np.isfinite(val) and 0 < val <= 1.0):
            raise ValueError(f"{name} = {val} S is outside its valid range (0, 1] S")
    i_on, i_off = [], []
    for n in sizes:  # one network per size (a sweep over sizes, not over devices)
        G = np.full((n, n), float(g_on))
        kw = dict(scheme=scheme, v_read=v_read, r_wire=r_wire, r_sense=r_sense,
                  selector_k=selector_k)
        i_on.append(sneak_path_read(G, 0, n - 1, **kw).i_read)
        G[0, n - 1] = g_off
        i_off.append(sneak_path_read(G, 0, n - 1, **kw).i_read)
    i_on, i_off = np.array(i_on), np.array(i_off)
    return {"sizes": sizes, "i_on": i_on, "i_off": i_off, "margin": (i_on - i_off) / i_on}
