"""Display helpers shared by the labs (no physics here).

Traces of 10^5 samples are too heavy to send to the browser on every slider tick;
:func:`decimate_minmax` keeps each display bin's minimum and maximum, so spikes and
extremes survive while the payload stays ~``2 * bins`` points.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

from . import palette as pal

__all__ = ["decimate_minmax", "display_label", "display_unit", "figure", "sync_figure_state",
           "LAYOUT"]

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
    return fig


def _figures_in(widget) -> list[go.FigureWidget]:
    if isinstance(widget, go.FigureWidget):
        return [widget]
    found = []
    for child in getattr(widget, "children", ()) or ():
        found.extend(_figures_in(child))
    return found


def sync_figure_state(widget) -> None:
    """Copy every nested ``FigureWidget``'s present data and layout into its synced state.

    plotly's ``FigureWidget`` refreshes the state a new front-end view starts from only
    when the figure itself is displayed; nested in a box or tab, edits made before the
    box was displayed would reach no view. Labs call this when they are displayed.
    """
    from copy import deepcopy

    for fig in _figures_in(widget):
        fig._widget_layout = deepcopy(fig._layout_obj._props)
        fig._widget_data = deepcopy(fig._data)

