"""Loading measured device data from CSV, with errors that name the line.

Accepted layouts (comment lines start with ``#``; the first other line is the
header; column names are case-insensitive and may carry a unit in parentheses or
brackets, e.g. ``conductance (uS)``, which is converted to SI):

* pulse response: ``pulse, conductance`` plus an optional ``direction`` (or
  ``phase``) column with ``ltp``/``ltd`` (also ``+``/``-``, ``1``/``-1``,
  ``potentiation``/``depression``, ``set``/``reset``);
* paired-pulse facilitation: ``interval, ppf``;
* I-V: ``time, voltage, current``.

Malformed files raise :class:`MeasurementError` (a ``ValueError``) naming the
problem and the line number (1-based, counting comment lines).

Units after loading: pulses (count), siemens, seconds, volts, amperes; ``ppf`` is a
ratio (or percent, as given).

Examples
--------
>>> import io
>>> text = "# demo\\npulse,conductance (uS)\\n0,1\\n1,2\\n2,2.5\\n3,2.75\\n"
>>> m = load_measurements(io.StringIO(text))
>>> m.kind, (m["conductance"] * 1e6).round(6).tolist()
('pulse', [1.0, 2.0, 2.5, 2.75])
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

__all__ = ["MeasurementError", "Measurements", "load_measurements", "MIN_POINTS"]

#: Minimum number of data rows per layout.
MIN_POINTS = {"pulse": 4, "ppf": 3, "iv": 3}
_LAYOUTS = {
    "pulse": ("pulse", "conductance"),
    "ppf": ("interval", "ppf"),
    "iv": ("time", "voltage", "current"),
}
_SCALE = {
    "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9,
    "v": 1.0, "mv": 1e-3,
    "a": 1.0, "ma": 1e-3, "ua": 1e-6, "µa": 1e-6, "na": 1e-9, "pa": 1e-12,
}
_G_SCALE = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "ps": 1e-12}
_DIRECTIONS = {
    "ltp": 1, "+": 1, "1": 1, "+1": 1, "potentiation": 1, "set": 1, "p": 1, "up": 1,
    "ltd": -1, "-": -1, "-1": -1, "depression": -1, "reset": -1, "d": -1, "down": -1,
}
_HEADER = re.compile(r"^\s*([A-Za-z_]+)\s*(?:[\(\[]\s*([^\)\]]*)\s*[\)\]])?\s*$")


class MeasurementError(ValueError):
    """A malformed measurement file; the message names the problem and the line."""


@dataclass(frozen=True)
class Measurements:
    """Loaded measurement.

    Attributes
    ----------
    kind : {"pulse", "ppf", "iv"}
    data : dict of column name -> float array (SI units); ``direction`` (if present)
        is an int array of +1 (LTP) / -1 (LTD).
    comments : the ``#`` lines (without ``#``), e.g. provenance.
    source : file name or ``"<buffer>"``.
    """

    kind: str
    data: dict = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    source: str = "<buffer>"

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def __len__(self) -> int:
        return len(next(iter(self.data.values())))


def _read_text(src: str | Path | IO[str]) -> tuple[str, str]:
    if isinstance(src, (str, Path)):
        path = Path(src)
        if not path.is_file():
            raise MeasurementError(f"measurement file {str(path)!r} does not exist")
        return path.read_text(encoding="utf-8-sig"), str(path)
    if isinstance(src, io.TextIOBase) or hasattr(src, "read"):
        text = src.read()
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        return text, getattr(src, "name", "<buffer>")
    raise MeasurementError(f"cannot read measurements from {type(src).__name__}")


def _parse_header(cells: list[str], lineno: int) -> list[tuple[str, float]]:
    cols = []
    for cell in cells:
        m = _HEADER.match(cell)
        if not m:
            raise MeasurementError(f"line {lineno}: cannot read column name {cell!r} in header")
        name, unit = m.group(1).lower(), (m.group(2) or "").strip().lower()
        if name == "phase":
            name = "direction"
        scale = 1.0
        if unit and unit not in ("%", "-", "1", "count", "#", "ratio"):
            table = _G_SCALE if name == "conductance" else _SCALE
            if unit not in table:
                raise MeasurementError(
                    f"line {lineno}: unknown unit {unit!r} for column {name!r} "
                    f"(known: {sorted(table)})")
            scale = table[unit]
        cols.append((name, scale))
    return cols


def load_measurements(src: str | Path | IO[str]) -> Measurements:
    """Read a measurement CSV (path or text buffer) into :class:`Measurements`.

    Raises
    ------
    MeasurementError
        naming the problem and its line: missing header or columns, wrong number
        of fields, non-numeric or NaN values, too few points, non-monotone pulse
        numbers or times, negative conductance, non-positive PPF intervals, unknown
        direction labels.
    """
    text, source = _read_text(src)
    comments: list[str] = []
    header: list[tuple[str, float]] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            comments.append(line[1:].strip())
            continue
        cells = [c.strip() for c in line.split(",")]
        if header is None:
            header, header_line = _parse_header(cells, lineno), lineno
        else:
            if len(cells) != len(header):
                raise MeasurementError(
                    f"line {lineno}: expected {len(header)} fields "
                    f"({', '.join(n for n, _ in header)}), found {len(cells)}")
            rows.append((lineno, cells))
    if header is None:
        raise MeasurementError("no header line found (the file is empty or only comments)")
    names = [n for n, _ in header]
    kind = next((k for k, req in _LAYOUTS.items() if set(req) <= set(names)), None)
    if kind is None:
        raise MeasurementError(
            f"line {header_line}: header {names} lacks the required columns; expected one of "
            + "; ".join(", ".join(req) for req in _LAYOUTS.values()))
    if len(rows) < MIN_POINTS[kind]:
        last = rows[-1][0] if rows else header_line
        raise MeasurementError(
            f"line {last}: too few points: {len(rows)} data rows, a {kind} measurement "
            f"needs at least {MIN_POINTS[kind]}")

    data: dict[str, np.ndarray] = {}
    for j, (name, scale) in enumerate(header):
        if name == "direction":
            vals = []
            for lineno, cells in rows:
                key = cells[j].lower()
                if key not in _DIRECTIONS:
                    raise MeasurementError(
                        f"line {lineno}: direction {cells[j]!r} is not one of ltp/ltd/+/-")
                vals.append(_DIRECTIONS[key])
            data[name] = np.array(vals, dtype=int)
            continue
        vals = np.empty(len(rows))
        for k, (lineno, cells) in enumerate(rows):
            try:
                x = float(cells[j])
            except ValueError:
                raise MeasurementError(
                    f"line {lineno}: column {name!r} has non-numeric value {cells[j]!r}"
                ) from None
            if not math.isfinite(x):
                raise MeasurementError(f"line {lineno}: column {name!r} is {cells[j]!r} (NaN/inf)")
            vals[k] = x * scale
        data[name] = vals

    lines = [ln for ln, _ in rows]

    def _first(mask: np.ndarray) -> int:
        return lines[int(np.argmax(mask))]

    if kind == "pulse":
        d = np.diff(data["pulse"])
        if np.any(d <= 0):
            bad = _first(np.concatenate([[False], d <= 0]))
            raise MeasurementError(f"line {bad}: pulse numbers must increase strictly")
        if np.any(data["conductance"] < 0):
            bad = _first(data["conductance"] < 0)
            raise MeasurementError(f"line {bad}: negative conductance")
    elif kind == "ppf":
        if np.any(data["interval"] <= 0):
            raise MeasurementError(f"line {_first(data['interval'] <= 0)}: "
                                   "interval must be positive")
    else:
        d = np.diff(data["time"])
        if np.any(d <= 0):
            bad = _first(np.concatenate([[False], d <= 0]))
            raise MeasurementError(f"line {bad}: time must increase strictly")
    return Measurements(kind=kind, data=data, comments=tuple(comments), source=source)
