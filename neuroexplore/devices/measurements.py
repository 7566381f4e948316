"""Loading measured device data from CSV, with errors that name the line.

Files are read as instruments and spreadsheets write them: the delimiter (comma,
semicolon or tab) is detected from the header line and fields are split by the
:mod:`csv` module (quoted fields, Excel headers); a UTF-8 BOM, blank lines, comment
lines (``#``) and trailing delimiters are skipped; with a semicolon or tab
delimiter a decimal comma (``1,5e-6``) is read as a decimal point.

The first line that is not blank or a comment is the header. Column names are
case-insensitive and may carry a unit in parentheses or brackets, e.g.
``conductance (uS)``, ``G [S]``, ``resistance (kohm)``, ``time (ms)``; values are
converted to SI. Accepted layouts:

* pulse response: a conductance (``conductance``/``G``, S), a resistance
  (``resistance``/``R``, ohm; G = 1/R) or a current (``current``/``I``, A; G = I /
  V_read with the read voltage from a ``v_read`` column, a comment such as
  ``# read voltage: 0.1 V``, or ``load_measurements(..., v_read=0.1)``), against a
  pulse number (``pulse``) or a time column (pulses are then numbered in time
  order); an optional ``direction`` (or ``phase``) column with ``ltp``/``ltd``
  (also ``+``/``-``, ``1``/``-1``, ``potentiation``/``depression``,
  ``set``/``reset``) and an optional ``cycle`` column. Several cycles (a ``cycle``
  column, or the direction turning from LTD back to LTP) may restart the pulse
  count; pulses are then renumbered to run on across the file, and
  ``data["cycle"]`` holds the cycle index (0, 1, ...);
* paired-pulse facilitation: ``interval, ppf``;
* I-V: ``time, voltage, current``.

Malformed files raise :class:`MeasurementError` (a ``ValueError``) naming the
problem and the line number (1-based, counting blank and comment lines).

Units after loading: pulses (count), siemens, ohms, seconds, volts, amperes;
``ppf`` is a ratio (or percent, as given).

Examples
--------
>>> import io
>>> text = "# demo\\npulse,conductance (uS)\\n0,1\\n1,2\\n2,2.5\\n3,2.75\\n"
>>> m = load_measurements(io.StringIO(text))
>>> m.kind, (m["conductance"] * 1e6).round(6).tolist()
('pulse', [1.0, 2.0, 2.5, 2.75])
>>> excel = '\\ufeff"Pulse";"R [kOhm]";\\n1;1000;\\n2;500;\\n3;400;\\n4;312,5;\\n'
>>> (load_measurements(io.StringIO(excel))["conductance"] * 1e6).round(6).tolist()
[1.0, 2.0, 2.5, 3.2]
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

__all__ = ["MeasurementError", "Measurements", "load_measurements", "decode_measurement",
           "MIN_POINTS", "MAX_UPLOAD_BYTES", "UPLOAD_ACCEPT"]

#: Largest measurement file the labs accept as an upload (bytes): 5 MB, far above an
#: instrument's pulse train (a 10,000-pulse log is ~0.3 MB) and below the Jupyter
#: server's default websocket message limit (tornado's 10 MiB).
MAX_UPLOAD_BYTES = 5_000_000
#: File types the labs' upload buttons offer (instrument logs are often .txt or .dat).
UPLOAD_ACCEPT = ".csv,.txt,.tsv,.dat"

#: Minimum number of data rows per layout.
MIN_POINTS = {"pulse": 4, "ppf": 3, "iv": 3}
_LAYOUTS = {
    "pulse": ("pulse", "conductance"),
    "ppf": ("interval", "ppf"),
    "iv": ("time", "voltage", "current"),
}
_SCALE = {
    "s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9,
    "v": 1.0, "mv": 1e-3, "uv": 1e-6,
    "a": 1.0, "ma": 1e-3, "ua": 1e-6, "na": 1e-9, "pa": 1e-12,
}
_G_SCALE = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12}
_R_SCALE = {"ohm": 1.0, "kohm": 1e3, "Mohm": 1e6, "Gohm": 1e9, "mohm": 1e-3}
_TABLES = {
    "conductance": _G_SCALE, "resistance": _R_SCALE,
    "time": {k: v for k, v in _SCALE.items() if k in ("s", "ms", "us", "ns")},
    "interval": {k: v for k, v in _SCALE.items() if k in ("s", "ms", "us", "ns")},
    "voltage": {"v": 1.0, "mv": 1e-3, "uv": 1e-6},
    "v_read": {"v": 1.0, "mv": 1e-3, "uv": 1e-6},
    "current": {"a": 1.0, "ma": 1e-3, "ua": 1e-6, "na": 1e-9, "pa": 1e-12},
}
_UNITLESS = ("", "%", "-", "1", "count", "#", "ratio", "a.u.", "n")
_ALIASES = {
    "g": "conductance", "conductance": "conductance",
    "r": "resistance", "resistance": "resistance",
    "i": "current", "current": "current",
    "v": "voltage", "voltage": "voltage",
    "t": "time", "time": "time",
    "pulse": "pulse", "pulse_number": "pulse", "pulse_no": "pulse", "pulse_index": "pulse",
    "pulses": "pulse", "n_pulse": "pulse", "pulse_count": "pulse",
    "phase": "direction", "direction": "direction",
    "cycle": "cycle", "cycle_number": "cycle", "cycle_no": "cycle",
    "v_read": "v_read", "vread": "v_read", "read_voltage": "v_read", "v_read_v": "v_read",
    "interval": "interval", "ppf": "ppf",
}
_DIRECTIONS = {
    "ltp": 1, "+": 1, "1": 1, "+1": 1, "potentiation": 1, "set": 1, "p": 1, "up": 1,
    "ltd": -1, "-": -1, "-1": -1, "depression": -1, "reset": -1, "d": -1, "down": -1,
}
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_ .#\-]*?)\s*(?:[\(\[]\s*([^\)\]]*?)\s*[\)\]])?\s*$")
_NUMBER = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?"
_V_READ_COMMENT = re.compile(
    r"(?:read[ _-]?voltage|v[ _-]?read)\s*(?:\(\s*(m?V)\s*\)|\[\s*(m?V)\s*\])?\s*[:=]?\s*"
    rf"({_NUMBER})\s*(mV|V)?\b", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"^[-+]?(?:\d+,\d*|,\d+)(?:[eE][-+]?\d+)?$")


class MeasurementError(ValueError):
    """A malformed measurement file; the message names the problem and the line."""


@dataclass(frozen=True)
class Measurements:
    """Loaded measurement.

    Attributes
    ----------
    kind : {"pulse", "ppf", "iv"}
    data : dict of column name -> float array (SI units); ``direction`` (if present)
        is an int array of +1 (LTP) / -1 (LTD); ``cycle`` (for several cycles) an int
        array of cycle indices 0, 1, ...
    comments : the ``#`` lines (without ``#``), e.g. provenance.
    source : file name or ``"<buffer>"``.
    detected : what the reader found: ``delimiter`` (``"comma"``, ``"semicolon"``,
        ``"tab"``), ``decimal`` (``"point"`` or ``"comma"``), ``units`` (column ->
        ``(unit as written, factor to SI)`` for the columns that had a unit) and, for
        a pulse response, ``conductance_from`` (``"conductance"``, ``"1 / resistance"``
        or ``"current / v_read"``) and ``pulse_axis`` (``"pulse"`` or ``"time"``).
    """

    kind: str
    data: dict = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    source: str = "<buffer>"
    detected: dict = field(default_factory=dict)

    def describe(self) -> str:
        """One line saying how the file was read (delimiter, decimal, units, cycles).

        >>> text = "pulse;R (kohm)\\n0;2000\\n1;1250\\n2;1000\\n3;812,5\\n"
        >>> print(load_measurements(io.StringIO(text)).describe())
        4 rows, pulse; delimiter semicolon, decimal comma; R in kohm (x 1000 to SI); \
conductance = 1 / resistance; 1 cycle
        """
        d = self.detected
        parts = [f"{len(self)} rows, {self.kind}",
                 f"delimiter {d.get('delimiter', '?')}, decimal {d.get('decimal', '?')}"]
        parts += [f"{col} in {unit} (x {scale:g} to SI)"
                  for col, (unit, scale) in d.get("units", {}).items()]
        if d.get("conductance_from", "conductance") != "conductance":
            parts.append(f"conductance = {d['conductance_from']}")
        if d.get("pulse_axis") == "time":
            parts.append("pulses numbered in time order")
        if self.kind == "pulse":
            n = int(self.data["cycle"].max()) + 1 if "cycle" in self.data else 1
            parts.append(f"{n} cycle{'s' if n > 1 else ''}")
        return "; ".join(parts)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def __len__(self) -> int:
        return len(next(iter(self.data.values())))


def decode_measurement(raw: bytes, name: str = "<buffer>", *,
                       max_bytes: int | None = None) -> str:
    """Text of a measurement file's bytes: UTF-8 (a BOM allowed), else cp1252.

    Excel on Windows saves CSV in cp1252, where ``µ`` is the byte ``0xb5``; such a
    file is not valid UTF-8 and is read as cp1252.  :func:`load_measurements` and
    the labs' uploads decode with this one function.

    Parameters
    ----------
    raw : the file's bytes.
    name : the file name, for the error message.
    max_bytes : largest accepted size in bytes (``None``: no limit); the labs pass
        :data:`MAX_UPLOAD_BYTES`.

    Raises
    ------
    MeasurementError
        when the file is larger than ``max_bytes`` (the message names the limit).

    Examples
    --------
    >>> decode_measurement("pulse;G (µS)\\n".encode("cp1252"))
    'pulse;G (µS)\\n'
    >>> decode_measurement("\\ufeffpulse;G (µS)\\n".encode("utf-8"))
    'pulse;G (µS)\\n'
    >>> try:
    ...     decode_measurement(b"x" * 10, "big.csv", max_bytes=8)
    ... except MeasurementError as exc:
    ...     print(exc)
    big.csv is 10 bytes; measurement files are limited to 8 bytes
    """
    raw = bytes(raw)
    if max_bytes is not None and len(raw) > max_bytes:
        raise MeasurementError(f"{name} is {_size(len(raw))}; measurement files are limited "
                               f"to {_size(max_bytes)}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel on Windows


def _size(n: int) -> str:
    return f"{n / 1e6:.3g} MB" if n >= 100_000 else f"{n} bytes"


def _read_text(src: str | Path | IO[str]) -> tuple[str, str]:
    if isinstance(src, (str, Path)):
        path = Path(src)
        try:
            raw = path.read_bytes() if path.is_file() else None
        except (OSError, ValueError):
            raw = None
        if raw is None:
            raise MeasurementError(f"measurement file {str(path)!r} does not exist")
        return decode_measurement(raw), str(path)
    if isinstance(src, io.TextIOBase) or hasattr(src, "read"):
        try:
            text = src.read()
        except UnicodeDecodeError as exc:
            raise MeasurementError(f"cannot decode the file as text: {exc}") from None
        if isinstance(text, (bytes, bytearray)):
            text = decode_measurement(bytes(text))
        if not isinstance(text, str):
            raise MeasurementError(f"cannot read measurements from {type(src).__name__}")
        return text.lstrip("\ufeff"), str(getattr(src, "name", "<buffer>"))
    raise MeasurementError(f"cannot read measurements from {type(src).__name__}")


def _delimiter(header: str) -> str:
    """The header's delimiter: tab, else semicolon, else comma (outside quotes)."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    for delim in ("\t", ";", ","):
        if delim in unquoted:
            return delim
    return ","


def _split(line: str, delim: str, lineno: int) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delim, skipinitialspace=True), [])
    except csv.Error as exc:
        raise MeasurementError(f"line {lineno}: cannot split the line into fields ({exc})") \
            from None
    return [c.strip() for c in cells]


def _unit_key(unit: str) -> str:
    u = unit.strip().replace("µ", "u").replace("μ", "u").replace("Ω", "ohm").replace("Ω", "ohm")
    u = re.sub(r"(?i)ohms?$", "ohm", u)
    if u.lower().endswith("ohm"):  # M (mega) and m (milli) differ only in case here
        prefix = u[:-3]
        return (prefix if prefix in ("M", "m") else prefix.lower()) + "ohm"
    return u.lower()


def _parse_header(cells: list[str], lineno: int,
                  units: dict | None = None) -> list[tuple[str, float]]:
    while cells and not cells[-1]:  # trailing delimiter(s)
        cells = cells[:-1]
    cols: list[tuple[str, float]] = []
    for cell in cells:
        m = _HEADER.match(cell)
        if not m:
            raise MeasurementError(f"line {lineno}: cannot read column name {cell!r} in header")
        raw_name = re.sub(r"[\s\-.#]+", "_", m.group(1).lower()).strip("_")
        name = _ALIASES.get(raw_name, raw_name)
        unit = _unit_key(m.group(2) or "")
        scale = 1.0
        if unit.lower() not in _UNITLESS and name not in ("pulse", "cycle", "direction", "ppf"):
            table = _TABLES.get(name, _SCALE)
            if unit not in table:
                raise MeasurementError(
                    f"line {lineno}: unknown unit {m.group(2)!r} for column {name!r} "
                    f"(known: {sorted(table)})")
            scale = table[unit]
        elif unit.lower() not in _UNITLESS:
            raise MeasurementError(
                f"line {lineno}: unknown unit {m.group(2)!r} for column {name!r} "
                "(it takes no unit)")
        if name in (n for n, _ in cols):
            raise MeasurementError(f"line {lineno}: column {name!r} appears twice in the header")
        cols.append((name, scale))
        if units is not None and m.group(2) and unit.lower() not in _UNITLESS:
            units[m.group(1)] = (m.group(2), scale)
    if not cols:
        raise MeasurementError(f"line {lineno}: the header has no column names")
    return cols


def _finite_nonzero(x) -> bool:
    try:
        return math.isfinite(float(x)) and float(x) != 0
    except (TypeError, ValueError):
        return False


def _comment_v_read(comments: list[str]) -> float | None:
    for text in comments:
        m = _V_READ_COMMENT.search(text)
        if m:
            value = float(m.group(3).replace(",", "."))
            unit = (m.group(1) or m.group(2) or m.group(4) or "V").lower()
            return value * (1e-3 if unit == "mv" else 1.0)
    return None


def _kind(names: list[str]) -> str | None:
    has = set(names).__contains__
    g_source = has("conductance") or has("resistance") or has("current")
    if has("pulse") and g_source:
        return "pulse"
    if has("time") and has("voltage") and has("current"):
        return "iv"
    if has("interval") and has("ppf"):
        return "ppf"
    if has("time") and g_source:
        return "pulse"
    return None


def load_measurements(src: str | Path | IO[str], *, v_read: float | None = None
                      ) -> Measurements:
    """Read a measurement CSV (path or text buffer) into :class:`Measurements`.

    Parameters
    ----------
    src : path, or a text (or bytes) buffer.
    v_read : read voltage (V) turning a ``current`` column into conductance, when
        the file has neither a ``v_read`` column nor a ``# read voltage: ...``
        comment (a column wins over this argument, the argument over a comment).

    Raises
    ------
    MeasurementError
        naming the problem and its line: missing header or columns, an unknown
        unit (naming the column), wrong number of fields, non-numeric or NaN
        values, too few points, non-monotone pulse numbers or times, negative
        conductance, non-positive resistance, a missing read voltage, non-positive
        PPF intervals, unknown direction labels.
    """
    if v_read is not None and not _finite_nonzero(v_read):
        raise MeasurementError(f"v_read = {v_read!r} V must be finite and non-zero")
    text, source = _read_text(src)
    comments: list[str] = []
    header: list[tuple[str, float]] | None = None
    header_line = 0
    delim = ","
    rows: list[tuple[int, list[str]]] = []
    units: dict[str, tuple[str, float]] = {}
    decimal_comma = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or not line.strip(",;\t "):
            continue
        if line.startswith("#") or (line.startswith('"#') and header is None):
            comments.append(line.rstrip(",;\t ").strip('"').lstrip("#").strip())
            continue
        if header is None:
            delim = _delimiter(line)
            header = _parse_header(_split(line, delim, lineno), lineno, units)
            header_line = lineno
            continue
        cells = _split(line, delim, lineno)
        while len(cells) > len(header) and not cells[-1]:  # trailing delimiter(s)
            cells = cells[:-1]
        if len(cells) != len(header):
            raise MeasurementError(
                f"line {lineno}: expected {len(header)} fields "
                f"({', '.join(n for n, _ in header)}), found {len(cells)}")
        rows.append((lineno, cells))
    if header is None:
        raise MeasurementError("no header line found (the file is empty or only comments)")
    names = [n for n, _ in header]
    kind = _kind(names)
    if kind is None:
        raise MeasurementError(
            f"line {header_line}: header {names} lacks the required columns; expected one of "
            + "; ".join(", ".join(req) for req in _LAYOUTS.values())
            + " (or resistance/current instead of conductance, time instead of pulse)")
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
            cell = cells[j]
            if delim != "," and _DECIMAL_COMMA.match(cell):
                cell = cell.replace(",", ".")
                decimal_comma = True
            try:
                x = float(cell)
            except ValueError:
                raise MeasurementError(
                    f"line {lineno}: column {name!r} has non-numeric value {cells[j]!r}"
                ) from None
            if not math.isfinite(x) or not math.isfinite(x * scale):
                raise MeasurementError(f"line {lineno}: column {name!r} is {cells[j]!r} (NaN/inf)")
            vals[k] = x * scale
        data[name] = vals

    lines = [ln for ln, _ in rows]

    def _first(mask: np.ndarray) -> int:
        return lines[int(np.argmax(mask))]

    detected = {"delimiter": {"\t": "tab", ";": "semicolon", ",": "comma"}[delim],
                "decimal": "comma" if decimal_comma else "point", "units": units}
    if kind == "pulse":
        detected["conductance_from"] = (
            "conductance" if "conductance" in data else
            "1 / resistance" if "resistance" in data else "current / v_read")
        detected["pulse_axis"] = "pulse" if "pulse" in data else "time"
        _pulse_conductance(data, lines, header_line, comments, v_read, _first)
    elif kind == "ppf":
        if np.any(data["interval"] <= 0):
            raise MeasurementError(f"line {_first(data['interval'] <= 0)}: "
                                   "interval must be positive")
    else:
        d = np.diff(data["time"])
        if np.any(d <= 0):
            bad = _first(np.concatenate([[False], d <= 0]))
            raise MeasurementError(f"line {bad}: time must increase strictly")
    return Measurements(kind=kind, data=data, comments=tuple(comments), source=source,
                        detected=detected)


def _pulse_conductance(data: dict, lines: list[int], header_line: int, comments: list[str],
                       v_read: float | None, _first) -> None:
    """Derive ``conductance`` and a strictly increasing ``pulse`` in place."""
    n = len(lines)
    if "conductance" not in data:
        if "resistance" in data:
            r = data["resistance"]
            if np.any(r <= 0):
                raise MeasurementError(f"line {_first(r <= 0)}: resistance must be positive")
            data["conductance"] = 1.0 / r
        else:
            if "v_read" in data:
                v = data["v_read"]
            else:
                v_given = v_read if v_read is not None else _comment_v_read(comments)
                if v_given is None:
                    raise MeasurementError(
                        f"line {header_line}: column 'current' needs a read voltage: a v_read "
                        "column, a '# read voltage: 0.1 V' comment, or "
                        "load_measurements(..., v_read=0.1)")
                v = np.full(n, float(v_given))
            if np.any(v == 0) or not np.all(np.isfinite(v)):
                raise MeasurementError(f"line {_first(v == 0)}: read voltage must be non-zero")
            with np.errstate(all="ignore"):
                g = data["current"] / v
            if not np.all(np.isfinite(g)):
                raise MeasurementError(f"line {_first(~np.isfinite(g))}: conductance I/V_read "
                                       "is not finite")
            data["conductance"] = g
    if np.any(data["conductance"] < 0):
        bad = _first(data["conductance"] < 0)
        raise MeasurementError(f"line {bad}: negative conductance")

    # segments: a new cycle where the cycle column changes or LTD turns to LTP;
    # the pulse count may also restart where the direction changes.
    direction = data.get("direction")
    new_cycle = np.zeros(n, dtype=bool)
    restart_ok = np.zeros(n, dtype=bool)
    if "cycle" in data:
        new_cycle[1:] = data["cycle"][1:] != data["cycle"][:-1]
    if direction is not None:
        turn = np.zeros(n, dtype=bool)
        turn[1:] = direction[1:] != direction[:-1]
        restart_ok |= turn
        if "cycle" not in data:
            new_cycle[1:] |= (direction[:-1] < 0) & (direction[1:] > 0)
    restart_ok |= new_cycle
    axis_name = "pulse" if "pulse" in data else "time"
    axis = data[axis_name]
    step = np.concatenate([[np.inf], np.diff(axis)])
    bad = (step <= 0) & ~restart_ok
    if np.any(bad):
        what = "pulse numbers" if axis_name == "pulse" else "time"
        raise MeasurementError(f"line {_first(bad)}: {what} must increase strictly")
    if axis_name == "time":
        pulse = np.arange(n, dtype=float)
    else:
        pulse = axis.copy()
        for k in range(1, n):
            if axis[k] <= axis[k - 1]:  # a restart (others were rejected above)
                shift = pulse[k - 1] + 1 - axis[k]
                pulse[k:] = axis[k:] + shift
    data["pulse"] = pulse
    if new_cycle.any() or "cycle" in data:
        data["cycle"] = np.cumsum(new_cycle).astype(int)
