"""Provenance header comments for exported CSV files.

Every CSV the labs export starts with ``# `` comment lines saying what the data is,
every parameter with its unit (read from the :class:`~neuroexplore.params.ParamSpec`
that declares it), the seed, the neuroexplore version and the UTC date and time, so
a file found on a disk a year later still says how it was made.  CSV readers that
skip ``#`` lines (:func:`neuroexplore.devices.load_measurements`, ``pandas.read_csv(...,
comment="#")``) read the columns that follow unchanged.

A parameter line reads ``# parameter: name = value [unit] -- doc``; ``[1]`` marks a
dimensionless number, a choice (a :class:`~neuroexplore.params.ChoiceSpec`) has no
unit, and a value that holds ``[`` or `` -- `` is quoted.  :func:`read_provenance`
parses the header back.

Examples
--------
>>> from datetime import datetime, timezone
>>> from neuroexplore.params import ParamSpec
>>> tau = ParamSpec("tau_m", 10.0, 1.0, 100.0, unit="ms", doc="membrane time constant")
>>> when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
>>> text = with_provenance("t_ms,v_mV\\n0,-65\\n", "LIF trace", {"tau_m": 20.0, "n": (3, "")},
...                        specs=[tau], seed=0, when=when)
>>> print(text.replace(__version__, "X"))
# neuroexplore X export: LIF trace
# version: neuroexplore X
# date: 2026-01-02T03:04:05+00:00
# seed: 0
# parameter: tau_m = 20 [ms] -- membrane time constant
# parameter: n = 3 [1]
t_ms,v_mV
0,-65
<BLANKLINE>
>>> info = read_provenance(text)
>>> info["seed"], info["parameters"]["tau_m"]
('0', ('20', 'ms'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import numpy as np

from . import __version__
from .params import ChoiceSpec, ParamSpec

__all__ = ["provenance_lines", "with_provenance", "read_provenance"]

_PARAM_RE = re.compile(r"^parameter:\s*(?P<name>[^=]+?)\s*=\s*(?P<value>\"[^\"]*\"|.*?)"
                       r"(?:\s+\[(?P<unit>[^\]]*)\])?(?:\s+--\s+(?P<doc>.*))?$")


def _value_text(value: Any) -> str:
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return f"{float(value):.8g}"
    text = getattr(value, "name", None) if not isinstance(value, str) else value
    text = str(value if text is None else text).replace("\n", " ")
    # quoted when it could be read as a unit or a doc ("software [x]", "a -- b")
    return f'"{text}"' if ("[" in text or " -- " in text or text.startswith('"')) else text


def _parameter_line(name: str, value: Any, spec: ParamSpec | ChoiceSpec | None) -> str:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        value, unit = value  # (value, unit) for a parameter without a spec
    elif isinstance(spec, ParamSpec):
        unit = spec.unit or "1"
    elif isinstance(spec, ChoiceSpec) or isinstance(value, str | bool | np.bool_):
        unit = None
    elif isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"parameter {name!r} = {value!r} has no spec and no unit: pass "
                         f"(value, unit) or its ParamSpec")
    else:
        unit = None  # a device object or another choice-like value
    line = f"parameter: {name} = {_value_text(value)}"
    if unit is not None:
        line += f" [{unit or '1'}]"
    doc = getattr(spec, "doc", "")
    return f"{line} -- {doc}" if doc else line


def provenance_lines(
    what: str,
    params: Mapping[str, Any] | None = None,
    *,
    specs: Iterable[ParamSpec | ChoiceSpec] = (),
    seed: Any = None,
    when: datetime | None = None,
    notes: Iterable[str] = (),
) -> list[str]:
    """The header lines (without the leading ``# ``) for an export of ``what``.

    Parameters
    ----------
    what : str
        What the data is: the lab, the model or the device, and which table.
    params : mapping, optional
        Parameter name -> value.  The unit comes from the spec of that name in
        ``specs``; a parameter without a spec is given as ``(value, unit)`` (``""``
        for a dimensionless number).  A number without either raises ``ValueError``.
    specs : iterable of ParamSpec or ChoiceSpec
        The declarations the units and one-line docs are read from.
    seed : optional
        The random seed of the run (``None``: no seed line).
    when : datetime, optional
        The time stamp (default: now, UTC).
    notes : iterable of str
        Further free-text lines (fitted values, accuracies...).
    """
    by_name = {s.name: s for s in specs}
    when = datetime.now(timezone.utc) if when is None else when.astimezone(timezone.utc)
    lines = [f"neuroexplore {__version__} export: {what}", f"version: neuroexplore {__version__}",
             f"date: {when.isoformat(timespec='seconds')}"]
    if seed is not None:
        lines.append(f"seed: {seed}")
    for name, value in (params or {}).items():
        lines.append(_parameter_line(name, value, by_name.get(name)))
    lines += [str(n).replace("\n", " ") for n in notes]
    return lines


def with_provenance(text: str, what: str, params: Mapping[str, Any] | None = None,
                    **kwargs: Any) -> str:
    """``text`` (CSV) preceded by the ``# `` provenance lines of :func:`provenance_lines`."""
    head = "".join(f"# {line}\n" for line in provenance_lines(what, params, **kwargs))
    return head + text


def read_provenance(text: str) -> dict[str, Any]:
    """Parse the leading ``#`` lines of an exported CSV.

    Returns ``{"what", "version", "date", "seed", "parameters", "notes"}``:
    ``parameters`` maps a name to ``(value text, unit or None)``; ``notes`` keeps the
    other comment lines.  Missing entries are ``None``.
    """
    out: dict[str, Any] = {"what": None, "version": None, "date": None, "seed": None,
                           "parameters": {}, "notes": []}
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        line = raw[1:].strip()
        key, _, rest = line.partition(":")
        if key.startswith("neuroexplore ") and key.endswith(" export"):
            out["what"] = rest.strip()
        elif key in ("version", "date", "seed"):
            out[key] = rest.strip()
        elif key == "parameter" and (m := _PARAM_RE.match(line)):
            value = m["value"]
            if len(value) > 1 and value[0] == value[-1] == '"':
                value = value[1:-1]
            out["parameters"][m["name"]] = (value, m["unit"])
        else:
            out["notes"].append(line)
    return out
