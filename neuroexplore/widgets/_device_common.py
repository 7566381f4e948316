"""Display helpers shared by SynapseLab and DeviceLab (no physics here).

SI-prefix formatting and axis scaling, CSV export as a data-URI link, and small
HTML tables of fitted values with their uncertainties.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np

from ..params import ChoiceSpec, ParamSpec
from ..provenance import with_provenance
from .controls import slider_value, spec_of

__all__ = ["si", "axis_scale", "csv_text", "download_link", "fit_table", "value_pm",
           "export_with_provenance", "control_snapshot", "snapshot_changes",
           "device_parameters"]

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


def control_snapshot(
    controls: Mapping[str, w.ValueWidget] | Iterable[Mapping[str, w.ValueWidget]],
) -> list[tuple[str, Any, ParamSpec | ChoiceSpec | None]]:
    """``(name, value, spec)`` of every control (one mapping or several), e.g. at a run's start.

    A lab keeps the snapshot of a long run, so that its export states the settings the
    run had, even when a slider moved since.
    """
    groups = [controls] if isinstance(controls, Mapping) else list(controls)
    return [(name, slider_value(ctl), spec_of(ctl)) for g in groups for name, ctl in g.items()]


def export_with_provenance(
    text: str,
    what: str,
    controls: Any = (),
    params: Mapping[str, Any] | None = None,
    *,
    specs: Iterable[ParamSpec | ChoiceSpec] = (),
    seed: Any = None,
    notes: Iterable[str] = (),
) -> str:
    """CSV ``text`` preceded by provenance comments (:mod:`neuroexplore.provenance`).

    ``controls`` -- one mapping name -> control, several, or a :func:`control_snapshot`
    -- are written with their values and the units of the specs they were built from;
    ``params`` adds values that no control shows (with a spec in ``specs`` or as
    ``(value, unit)``), and overrides a control of the same name.

    >>> from neuroexplore.params import ParamSpec
    >>> from .controls import controls_for
    >>> ctl = controls_for([ParamSpec("tau", 10.0, 1.0, 100.0, unit="ms")])
    >>> text = export_with_provenance("t,v\\n", "demo", ctl, {"n": (3, "")}, seed=0)
    >>> [ln for ln in text.splitlines() if "parameter" in ln]
    ['# parameter: tau = 10 [ms]', '# parameter: n = 3 [1]']
    """
    snap = controls if _is_snapshot(controls) else control_snapshot(controls)
    values: dict[str, Any] = {}
    all_specs: list[ParamSpec | ChoiceSpec] = []
    for name, value, spec in snap:
        values[name] = value
        if spec is not None:
            all_specs.append(spec if spec.name == name else _renamed(spec, name))
    all_specs += list(specs)
    values.update(params or {})
    return with_provenance(text, what, values, specs=all_specs, seed=seed, notes=notes)


def device_parameters(device: Any, prefix: str = "device.") -> tuple[dict[str, Any], list]:
    """``(params, specs)`` of a spec dataclass (a device preset), names prefixed.

    Pass them to :func:`export_with_provenance` as ``params=`` and ``specs=``.

    >>> from neuroexplore.devices import get_device
    >>> params, specs = device_parameters(get_device("PCMO"))
    >>> "device.g_max" in params and specs[0].name.startswith("device.")
    True
    """
    specs = getattr(type(device), "SPECS", ())
    params = {prefix + s.name: getattr(device, s.name) for s in specs}
    return params, [_renamed(s, prefix + s.name) for s in specs]


def snapshot_changes(snap: list, controls: Any, label: str) -> list[str]:
    """Note lines ``"<label> had name = value"`` for controls moved since ``snap`` was taken."""
    now = {name: value for name, value, _spec in control_snapshot(controls)}
    out = []
    for name, value, spec in snap:
        if now.get(name) != value:
            unit = f" {spec.unit}" if isinstance(spec, ParamSpec) and spec.unit else ""
            out.append(f"{label} had {name} = {value}{unit}")
    return out


def _is_snapshot(controls: Any) -> bool:
    return isinstance(controls, list) and bool(controls) and isinstance(controls[0], tuple)


def _renamed(spec: ParamSpec | ChoiceSpec, name: str) -> ParamSpec | ChoiceSpec:
    return dataclasses.replace(spec, name=name)


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
