"""Display helpers shared by SynapseLab and DeviceLab (no physics here).

SI-prefix formatting and axis scaling, CSV export as a data-URI link, and small
HTML tables of fitted values with their uncertainties.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["si", "axis_scale", "csv_text", "download_link", "fit_table", "value_pm"]

_PREFIXES = ((1e-15, "f"), (1e-12, "p"), (1e-9, "n"), (1e-6, "µ"), (1e-3, "m"), (1.0, ""),
             (1e3, "k"), (1e6, "M"), (1e9, "G"))


def _prefix(value: float) -> tuple[float, str]:
    mag = abs(float(value))
    if not np.isfinite(mag) or mag == 0.0:
        return 1.0, ""
    factor, prefix = _PREFIXES[0]
    for f, p in _PREFIXES:
        if mag >= f * 0.9995:
            factor, prefix = f, p
    return factor, prefix


def si(value: float, unit: str, digits: int = 3) -> str:
    """``value`` with an SI prefix, e.g. ``si(4.1e-12, "J") == "4.1 pJ"``.

    Examples
    --------
    >>> si(4.1247e-12, "J")
    '4.12 pJ'
    >>> si(0.0, "A")
    '0 A'
    """
    factor, prefix = _prefix(value)
    return f"{float(value) / factor:.{digits}g} {prefix}{unit}"


def axis_scale(values: np.ndarray, unit: str) -> tuple[float, str]:
    """A display factor and unit label for ``values``, e.g. ``(1e-9, "nA")``.

    Divide the data by the factor before plotting.

    Examples
    --------
    >>> axis_scale(np.array([1e-9, 3e-9]), "A")
    (1e-09, 'nA')
    """
    arr = np.asarray(values, dtype=float)
    finite = arr[np.isfinite(arr)]
    peak = float(np.max(np.abs(finite))) if finite.size else 0.0
    factor, prefix = _prefix(peak)
    return factor, f"{prefix}{unit}"


def csv_text(columns: Mapping[str, Sequence[float]], header: Sequence[str] = ()) -> str:
    """CSV text of named columns (shorter columns are padded with empty cells).

    ``header`` lines are written first, each prefixed with ``# ``.
    """
    buf = io.StringIO()
    for line in header:
        buf.write(f"# {line}\n")
    names = list(columns)
    cols = [np.atleast_1d(np.asarray(columns[n], dtype=float)) for n in names]
    buf.write(",".join(names) + "\n")
    n_rows = max((c.size for c in cols), default=0)
    for i in range(n_rows):
        buf.write(",".join(f"{c[i]:.8g}" if i < c.size else "" for c in cols) + "\n")
    return buf.getvalue()


def download_link(text: str, filename: str, label: str) -> str:
    """An HTML ``<a download>`` link carrying ``text`` as a base64 data URI."""
    payload = base64.b64encode(text.encode()).decode()
    return (
        f'<a download="{html.escape(filename)}" href="data:text/csv;base64,{payload}">'
        f"{html.escape(label)}</a>"
    )


def value_pm(value: float, error: float, scale: float = 1.0, unit: str = "") -> str:
    """``"v ± e unit"`` with both numbers divided by ``scale``."""
    unit = f" {unit}" if unit else ""
    return f"{value / scale:.4g} ± {error / scale:.2g}{unit}"


def fit_table(rows: Sequence[tuple[str, str]], caption: str = "") -> str:
    """A two-column HTML table ``(quantity, value)`` with an optional caption."""
    cap = f"<caption style='text-align:left'>{html.escape(caption)}</caption>" if caption else ""
    body = "".join(
        f"<tr><td style='padding-right:16px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table class='neuroexplore-fit-table'>{cap}{body}</table>"
