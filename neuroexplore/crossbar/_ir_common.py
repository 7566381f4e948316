"""Shared pieces of the exact and the fast IR-drop models (private).

:mod:`.ir_drop_exact` (nodal analysis) and :mod:`.ir_drop_approx` (cell-current
iterations) both validate conductances and input voltages against the same circuit
specs and compute line voltages from cell currents with the same cumulative sums;
that code lives here so that neither module imports the other's internals (the exact
model imports the fast one, never the reverse).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuroexplore.params import ChoiceSpec, ParamSpec

__all__: list[str] = []

#: Tunable parameters of the IR-drop model (sliders read these).
IR_DROP_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("r_wire", 1.0, 0.0, 1e3, step=0.1, unit="ohm",
              doc="wire resistance of one row-line segment between adjacent cells"),
    ParamSpec("r_wire_col", 1.0, 0.0, 1e3, step=0.1, unit="ohm",
              doc="wire resistance of one column-line segment between adjacent cells"),
    ParamSpec("r_source", 0.0, 0.0, 1e6, step=1.0, unit="ohm",
              doc="output resistance of each row driver (plus its access wire)"),
    ParamSpec("r_sense", 0.0, 0.0, 1e6, step=1.0, unit="ohm",
              doc="input resistance of each column sense amplifier (virtual ground)"),
    ParamSpec("r_access", 0.0, 0.0, 1e6, step=100.0, unit="ohm",
              doc="on-resistance of the 1T1R access transistor in series with each cell"),
    ParamSpec("selector_k", 10.0, 0.0, 30.0, step=0.5, unit="1/V",
              doc="selector nonlinearity k of a 0T1R cell, I = G v_ref sinh(kV)/sinh(k v_ref)"),
    ParamSpec("v_ref", 0.2, 0.01, 2.0, step=0.01, unit="V",
              doc="voltage at which a 0T1R cell carries I = G v_ref"),
    ChoiceSpec("cell", "1T1R", ("1T1R", "0T1R"),
               doc="cell type: access transistor (linear) or passive with a selector"),
    ChoiceSpec("drive", "left", ("left", "both"),
               doc="rows driven at the left end only, or at both ends"),
)

_SPECS = {s.name: s for s in IR_DROP_SPECS}
_V_SPEC = ParamSpec("v_in", 0.0, -10.0, 10.0, step=0.01, unit="V", doc="input voltages")
_G_MAX = 1.0  # S: a single cell above 1 S is certainly a unit mistake


def validate_conductances(G: Any, name: str = "G") -> np.ndarray:
    """Return ``G`` as a float 2-D array, or raise ``ValueError`` naming ``name``.

    Conductances must be finite and in ``[0, 1]`` S.
    """
    try:
        arr = np.array(G, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a 2-D array of conductances in siemens") from exc
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be a non-empty 2-D array (rows x columns), "
                         f"got shape {arr.shape}")
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > _G_MAX)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(f"{name}[{i}, {j}] = {arr[i, j]:.6g} S is outside its valid range "
                         f"[0, {_G_MAX:g}] S (cell conductances must be finite and >= 0)")
    return arr


def _validate_inputs(v_in: Any, n_rows: int, name: str = "v_in") -> np.ndarray:
    try:
        v = np.array(v_in, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of voltages") from exc
    if v.ndim not in (1, 2) or v.shape[-1] != n_rows:
        raise ValueError(f"{name} must have shape ({n_rows},) or (batch, {n_rows}) to match "
                         f"the {n_rows} rows of G, got shape {v.shape}")
    _V_SPEC.validate(v)
    return v


# line operators (numpy or torch, dispatched on the array type)
def _cumsum(x, axis: int):
    return np.cumsum(x, axis=axis) if isinstance(x, np.ndarray) else x.cumsum(dim=axis)


def _rcumsum(x, axis: int):
    """Sum from each index to the end of ``axis``."""
    if isinstance(x, np.ndarray):
        return np.flip(np.cumsum(np.flip(x, axis), axis=axis), axis)
    return x.flip(axis).cumsum(dim=axis).flip(axis)


def _line_voltages(i_cell, xp=None, *, r_wire: float, r_wire_col: float, r_source: float,
                   r_sense: float):
    """Row-line drop below the driver voltage and column-line rise above ground.

    ``i_cell`` has shape ``(..., R, C)``.  Returns ``(drop, rise)`` of the same shape:
    ``v_row = v_in[:, None] - drop`` and ``v_col = rise``.
    """
    del xp
    j_seg = _rcumsum(i_cell, -1)  # current in the row segment feeding node j
    total_row = j_seg[..., :1]
    drop = r_source * total_row
    if r_wire:
        drop = drop + r_wire * (_cumsum(j_seg, -1) - total_row)
    k_seg = _cumsum(i_cell, -2)  # current in the column segment below node i
    total_col = k_seg[..., -1:, :]
    rise = r_sense * total_col
    if r_wire_col:
        rise = rise + r_wire_col * (_rcumsum(k_seg, -2) - total_col)
    return drop, rise


def _apply_k(i_cell, lines: dict):
    drop, rise = _line_voltages(i_cell, **lines)
    return drop + rise


def circuit_specs(*names: str) -> tuple[ParamSpec | ChoiceSpec, ...]:
    """The specs of :data:`IR_DROP_SPECS` called ``names`` (for ``takes_specs``)."""
    return tuple(_SPECS[n] for n in names)


def validate_r_wire_col(r_wire_col: float | None, r_wire: float, where: str) -> float:
    """``r_wire_col`` validated (ohm); ``None`` means "the same as ``r_wire``"."""
    if r_wire_col is None:
        return r_wire
    try:
        return _SPECS["r_wire_col"].validate(r_wire_col)
    except ValueError as err:
        raise ValueError(f"{err} [{where}]") from None
