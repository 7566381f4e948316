"""A small registry of devices kept from DeviceLab for the crossbar lab.

DeviceLab's "Keep this device" button calls :func:`keep_device` with the
:class:`~neuroexplore.devices.PulseDevice` fitted to the user's data; the crossbar lab
reads :func:`kept_devices`.  The registry is a module-level dict (shared by every
lab in the same kernel) and is also written, best effort, to
``~/.neuroexplore/devices.json`` (``$NEUROEXPLORE_HOME/devices.json`` when that
variable is set) so that a kept device survives a kernel restart.  A file that
cannot be written or read is ignored (the in-memory registry still works).

Examples
--------
>>> from neuroexplore.devices import get_device
>>> name = keep_device(get_device("ideal").with_params(name="my ideal"), persist=False)
>>> name, kept_devices()[name].states_ltp
('my ideal', 1000)
>>> forget_device(name, persist=False)
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from ..devices import PulseDevice

__all__ = ["keep_device", "kept_devices", "forget_device", "store_path"]

_KEPT: dict[str, PulseDevice] = {}
_loaded_from: set[Path] = set()


def store_path() -> Path:
    """Where kept devices are persisted: ``$NEUROEXPLORE_HOME/devices.json``
    (default ``~/.neuroexplore/devices.json``)."""
    home = os.environ.get("NEUROEXPLORE_HOME")
    base = Path(home) if home else Path.home() / ".neuroexplore"
    return base / "devices.json"


def _read_file(path: Path) -> dict[str, PulseDevice]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, PulseDevice] = {}
    names = {f.name for f in dataclasses.fields(PulseDevice)}
    for key, fields in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(fields, dict):
            continue
        try:
            out[str(key)] = PulseDevice(**{k: v for k, v in fields.items() if k in names})
        except (TypeError, ValueError):
            continue  # an entry this version cannot rebuild is skipped, not fatal
    return out


def _write_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {k: dataclasses.asdict(d) for k, d in _KEPT.items()}
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # best effort: the in-memory registry is the source of truth


def _load_once() -> None:
    path = store_path()
    if path in _loaded_from:
        return
    _loaded_from.add(path)
    for key, dev in _read_file(path).items():
        _KEPT.setdefault(key, dev)


def keep_device(device: PulseDevice, name: str | None = None, *, persist: bool = True) -> str:
    """Keep ``device`` under ``name`` (default: ``device.name``); return the name used.

    A device kept under an existing name replaces it.

    Raises
    ------
    ValueError
        if ``device`` is not a :class:`~neuroexplore.devices.PulseDevice` or the name
        is empty.
    """
    if not isinstance(device, PulseDevice):
        raise ValueError(f"device must be a PulseDevice, got {type(device).__name__}")
    key = (name if name is not None else device.name).strip()
    if not key:
        raise ValueError("a kept device needs a non-empty name")
    if device.name != key:
        device = device.with_params(name=key)
    _load_once()
    _KEPT[key] = device
    if persist:
        _write_file(store_path())
    return key


def kept_devices() -> dict[str, PulseDevice]:
    """A copy of the kept devices, by name (including those persisted earlier)."""
    _load_once()
    return dict(_KEPT)


def forget_device(name: str, *, persist: bool = True) -> None:
    """Remove a kept device (no error if it is not there)."""
    _load_once()
    _KEPT.pop(name, None)
    if persist:
        _write_file(store_path())
