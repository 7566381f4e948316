"""Device presets: one :class:`PulseDevice` per row of the published table.

The table ``neuroexplore/data/devices_pulse_update.csv`` is a copy of
``../shared/reference/devices_pulse_update.csv``: published synaptic-device
figures as tabulated for the MLP NeuroSim V3.0 benchmark (manual sec. 9; Chen &
Yu, IEEE Design & Test 2019) with the device papers cited per row (one citation
corrected: GST PCM is Kuzum et al., Nano Lett. 12:2179, 2012).  A preset
overrides only what its row gives:

* ``g_max = 1 / r_on_ohm`` and ``g_min = g_max / on_off_ratio`` (S),
* ``states_ltp``, ``states_ltd``, ``nonlinearity_ltp``, ``nonlinearity_ltd`` (labels
  with the CSV's signs, see :mod:`neuroexplore.devices.nonlinearity`),
* ``c2c_sigma`` (fraction of ``g_max - g_min`` per pulse),
* ``write_pulse`` kept as text; ``pulse_width`` (s) is the first duration in it
  (the potentiation pulse).

Everything else keeps the :class:`PulseDevice` defaults (model ``"neurosim"``,
``d2d_sigma = 0``).  ``"ideal"`` adds a linear baseline: 1000 states, no noise,
``g_max = 100 uS``, on/off ratio 1000.

Examples
--------
>>> "Ag:a-Si" in presets() and "ideal" in presets()
True
>>> dev = get_device("Ag:a-Si")
>>> round(dev.g_max * 2.6e7, 12), dev.states_ltp, dev.nonlinearity_ltd
(1.0, 97, -4.88)
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

import numpy as np

from ..seeding import as_generator
from .pulse import PulseDevice

__all__ = ["presets", "get_device", "preset_table", "IDEAL", "FLOAT", "resolve_device"]

_TABLE = "devices_pulse_update.csv"
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\b")

#: The ideal linear baseline device (no noise, many states).
IDEAL = PulseDevice(
    name="ideal",
    reference="Ideal linear synapse (baseline; no published device)",
    model="linear",
    g_min=1e-7,
    g_max=1e-4,
    states_ltp=1000,
    states_ltd=1000,
    write_pulse="ideal identical pulses",
)


def _pulse_width(text: str) -> float | None:
    m = _DURATION.search(text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None


@lru_cache(maxsize=1)
def preset_table() -> tuple[dict[str, str], ...]:
    """Rows of the bundled ``devices_pulse_update.csv`` (strings, comments removed)."""
    text = resources.files("neuroexplore").joinpath("data", _TABLE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(io.StringIO("\n".join(lines))))


def _from_row(row: dict[str, str]) -> PulseDevice:
    g_max = 1.0 / float(row["r_on_ohm"])
    return PulseDevice(
        name=row["name"],
        reference=row["reference"],
        g_max=g_max,
        g_min=g_max / float(row["on_off_ratio"]),
        states_ltp=int(row["states_ltp"]),
        states_ltd=int(row["states_ltd"]),
        nonlinearity_ltp=float(row["nonlinearity_ltp"]),
        nonlinearity_ltd=float(row["nonlinearity_ltd"]),
        c2c_sigma=float(row["c2c_sigma"]),
        write_pulse=row["write_pulse"],
        pulse_width=_pulse_width(row["write_pulse"]),
    )


@lru_cache(maxsize=1)
def _registry() -> dict[str, PulseDevice]:
    reg = {row["name"]: _from_row(row) for row in preset_table()}
    reg[IDEAL.name] = IDEAL
    return reg


def presets() -> tuple[str, ...]:
    """Names of all presets: the CSV names in table order, then ``"ideal"``."""
    return tuple(_registry())


def get_device(name: str, seed: np.random.Generator | int | None = None) -> PulseDevice:
    """The preset ``name`` as a :class:`PulseDevice`.

    With ``d2d_sigma > 0`` and a ``seed``, one device-to-device sample is drawn
    (:meth:`PulseDevice.sample`); otherwise the nominal device is returned.

    Raises
    ------
    ValueError
        for an unknown name, listing the valid names.
    """
    reg = _registry()
    if name not in reg:
        raise ValueError(f"unknown device preset {name!r}; valid names are {list(reg)}")
    dev = reg[name]
    gen = as_generator(seed)
    if gen is not None and dev.d2d_sigma > 0:
        return dev.sample(gen)
    return dev


#: The name that stands for "no device: float weights" where an engine offers that.
FLOAT = "float"


def resolve_device(
    device: str | PulseDevice | None, *, allow_float: bool = False
) -> PulseDevice | None:
    """The one device resolver: a preset name or a :class:`PulseDevice` -> a device.

    ``None`` means the ideal device, or float weights (``None`` is returned) when
    ``allow_float`` is set; so does the name ``"float"``.  Any other name is looked up
    with :func:`get_device`.

    Examples
    --------
    >>> resolve_device("Ag:a-Si").name
    'Ag:a-Si'
    >>> resolve_device(None).name
    'ideal'
    >>> resolve_device("float", allow_float=True) is None
    True
    """
    if isinstance(device, PulseDevice):
        return device
    if device is None or (isinstance(device, str) and device.lower() == FLOAT):
        if allow_float:
            return None
        if device is None:
            return IDEAL
        raise ValueError(f"device = {device!r} (float weights) is not offered here; "
                         f"choose one of {list(presets())} or a PulseDevice")
    if isinstance(device, str):
        return get_device(device)
    raise ValueError(f"device must be a preset name, a PulseDevice"
                     f"{' or None/' + repr(FLOAT) if allow_float else ' or None'}, "
                     f"got {type(device).__name__}")

