"""Display helpers shared by the labs (no physics here).

Traces of 10^5 samples are too heavy to send to the browser on every slider tick;
:func:`decimate_minmax` keeps each display bin's minimum and maximum, so spikes and
extremes survive while the payload stays ~``2 * bins`` points.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from . import palette as pal

__all__ = ["decimate_minmax", "display_label", "display_unit", "figure", "figures_in",
           "export_config", "export_filename", "apply_export_config", "EXPORT_SCALE",
           "IMAGE_FORMATS", "LAYOUT"]

_MICRO = re.compile(r"\bu(S|A|F|m|s|V|W|J|C|g|L|Hz|ohm)\b")
_POWERS = {"^2": "²", "^3": "³", "^-1": "⁻¹", "^-2": "⁻²"}


def display_unit(unit: str) -> str:
    """A machine-readable unit string as a reader expects to see it.

    The specs keep ASCII units (``"uA/cm^2"``, ``"degC"``, ``"ohm"``) that code and
    tests compare; labels show them with µ, °, Ω and superscripts.

    >>> [display_unit(u) for u in ("uA/cm^2", "degC", "ohm", "uS", "mS/cm^2", "MOhm", "nA/uA")]
    ['µA/cm²', '°C', 'Ω', 'µS', 'mS/cm²', 'MΩ', 'nA/µA']
    """
    text = _MICRO.sub(r"µ\1", unit)
    text = re.sub(r"\bdegC\b", "°C", text)
    text = re.sub(r"\bdeg\b", "°", text)
    text = re.sub(r"(?<![A-Za-z])([kMG]?)[oO]hm\b", r"\1Ω", text)
    for ascii_power, sup in _POWERS.items():
        text = text.replace(ascii_power, sup)
    return text


def display_label(label: str) -> str:
    """A parameter label with Greek letters and ∞ rendered: ``tau_m`` -> ``τ_m``.

    >>> display_label("tau_plus"), display_label("x_inf"), display_label("theta")
    ('τ_plus', 'x∞', 'theta')
    """
    text = re.sub(r"\btau(?=_|\b)", "τ", label)
    return re.sub(r"_inf\b", "∞", text)

LAYOUT = dict(
    template=pal.TEMPLATE,
    margin=dict(l=60, r=20, t=85, b=45),
    title=dict(y=0.98, yanchor="top"),
    height=340,
    legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
)


def decimate_minmax(
    t: np.ndarray, y: np.ndarray, bins: int = 1500
) -> tuple[np.ndarray, np.ndarray]:
    """Min/max decimation of a 1-D trace for display.

    Returns at most ``2 * bins`` points that keep every bin's extremes in time
    order. Short traces come back unchanged.
    """
    t = np.asarray(t)
    y = np.asarray(y)
    n = y.shape[-1]
    if n <= 2 * bins:
        return t, y
    per = n // bins
    m = per * bins
    yb = y[:m].reshape(bins, per)
    tb = t[:m].reshape(bins, per)
    i_min = yb.argmin(axis=1)
    i_max = yb.argmax(axis=1)
    first = np.minimum(i_min, i_max)
    second = np.maximum(i_min, i_max)
    rows = np.arange(bins)
    idx_t = np.stack([tb[rows, first], tb[rows, second]], axis=1).ravel()
    idx_y = np.stack([yb[rows, first], yb[rows, second]], axis=1).ravel()
    return idx_t, idx_y


#: The figure toolbar's camera button saves the plot at this multiple of its size on screen:
#: a 900-pixel-wide lab figure becomes 3600 pixels, 300 dpi across 12 inches.
EXPORT_SCALE = 4
#: Formats the camera button can save; SVG is vector (any resolution).
IMAGE_FORMATS = ("png", "svg")
#: Environment variable that switches every figure's camera button to SVG.
FORMAT_ENV = "NEUROEXPLORE_FIGURE_FORMAT"
_UNSAFE = re.compile(r"[^A-Za-z0-9.+-]+")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def export_filename(name: str, state: Mapping[str, Any] | None = None,
                    *, max_len: int = 80) -> str:
    """A file name (no extension) for an exported figure: the lab and a short state summary.

    The summary is the state's text values (the model, preset, device...), at most three,
    and 6 hex digits of a hash of the whole state, so that different states get different
    names. Characters unsafe in file names become ``_``.

    >>> export_filename("NeuronLab")
    'neuron_lab'
    >>> export_filename("NeuronLab", {"model": "izhikevich", "preset": "CH", "amplitude": 10})
    'neuron_lab-izhikevich-CH-3c6146'
    >>> export_filename("DeviceLab", {"device": "Ag/a-Si (Jo 2010)"})[:26]
    'device_lab-Ag_a-Si_Jo_2010'
    """
    stem = _snake(name) if not name.islower() else name
    if not state:
        return _UNSAFE.sub("_", stem).strip("_")
    words = [str(v) for v in state.values() if isinstance(v, str) and v][:3]
    digest = hashlib.sha1(  # a short file-name tag, not security
        json.dumps(state, sort_keys=True, default=str).encode(),
        usedforsecurity=False).hexdigest()[:6]
    parts = [_UNSAFE.sub("_", p).strip("_") for p in (stem, *words)]
    text = "-".join(p for p in parts if p)[: max_len - 7]
    return f"{text}-{digest}"


def export_config(filename: str = "neuroexplore", fmt: str | None = None,
                  scale: int = EXPORT_SCALE) -> dict[str, Any]:
    """The plotly config that makes a figure's camera button save a publication image.

    ``fmt`` is ``"png"`` (default; ``scale`` times the on-screen size) or ``"svg"``
    (vector); without it, the environment variable ``NEUROEXPLORE_FIGURE_FORMAT`` decides.

    >>> export_config("neuron_lab")["toImageButtonOptions"]
    {'format': 'png', 'filename': 'neuron_lab', 'scale': 4}
    >>> export_config(fmt="pdf")
    Traceback (most recent call last):
    ...
    ValueError: fmt must be one of 'png', 'svg' (got 'pdf')
    """
    name = "fmt"
    if fmt is None:
        name, fmt = FORMAT_ENV, os.environ.get(FORMAT_ENV) or "png"
    fmt = fmt.lower()
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"{name} must be one of 'png', 'svg' (got {fmt!r})")
    if not isinstance(scale, int) or not 1 <= scale <= 10:
        raise ValueError(f"scale must be an integer in [1, 10] (got {scale!r})")
    return {
        "toImageButtonOptions": {"format": fmt, "filename": filename, "scale": scale},
        "displaylogo": False,
    }


def _set_config(fig: go.FigureWidget, config: Mapping[str, Any]) -> None:
    # FigureWidget has no public config setter (plotly 5 and 6): ``_config`` is the synced
    # trait its browser view passes to Plotly.newPlot; tests/widgets/test_plotting.py
    # checks that ``get_state()`` still carries it
    fig._config = {**fig._config, **config}


def apply_export_config(widget: Any, lab: Any = None, fmt: str | None = None) -> int:
    """Give every ``FigureWidget`` inside ``widget`` the export config; return their count.

    The file name is ``lab``'s class name and, when the lab has ``state()``, a summary
    of its present state (:func:`export_filename`). A browser view reads the config when
    it draws the figure: the name reflects the state when the figure was shown.
    """
    lab = widget if lab is None else lab
    state = None
    state_fn = getattr(lab, "state", None)
    if callable(state_fn):
        try:
            state = state_fn()
        except Exception:  # noqa: BLE001 - a lab still being built: the name alone will do
            state = None
    config = export_config(export_filename(type(lab).__name__, state), fmt)
    figs = figures_in(widget)
    for fig in figs:
        _set_config(fig, config)
    return len(figs)


def figure(rows: int = 1, **layout) -> go.FigureWidget:
    """An empty ``FigureWidget`` with the labs' common layout (``rows`` stacked axes)."""
    if rows == 1:
        fig = go.FigureWidget()
    else:
        from plotly.subplots import make_subplots

        fig = go.FigureWidget(
            make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.06)
        )
    title = layout.pop("title", None)
    if isinstance(title, str):
        title = {**LAYOUT["title"], "text": title}
    fig.update_layout(**{**LAYOUT, **layout, **({"title": title} if title else {})})
    _set_config(fig, export_config(fmt="png"))  # the lab showing it sets name and format
    return fig


def figures_in(widget: Any) -> list[go.FigureWidget]:
    """Every ``FigureWidget`` in a widget tree (``widget`` itself or its children's)."""
    if isinstance(widget, go.FigureWidget):
        return [widget]
    found = []
    for child in getattr(widget, "children", ()) or ():
        found.extend(figures_in(child))
    return found
