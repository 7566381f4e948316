"""One colour-blind-safe palette for every figure of the labs (Okabe & Ito 2008).

Colour is never the only cue: paired traces (HH gates m/h/n, potentiation/depression,
design/target, float/device, ex-situ/in-situ, LTP/LTD) also differ by dash pattern or
marker symbol (:data:`DASHES`, :data:`SYMBOLS`). Heatmaps use a perceptually uniform
sequential scale (:data:`SEQUENTIAL`) or a diverging one centred on zero
(:data:`DIVERGING`).

Importing this module registers the plotly template ``"neuroexplore"`` (``plotly_white``
with the Okabe-Ito colorway and these colorscales); every lab figure uses it, so a trace
without an explicit colour still takes a colour from the safe cycle.

Examples
--------
>>> from neuroexplore.widgets import palette as pal
>>> pal.VERMILLION, pal.CYCLE[0], len(pal.CYCLE)
('#D55E00', '#0072B2', 7)
>>> pal.ROLE["potentiation"], pal.ROLE["depression"]
('#0072B2', '#D55E00')
>>> pal.styled("depression")
{'color': '#D55E00', 'dash': 'dash'}
>>> import plotly.io as pio
>>> list(pio.templates[pal.TEMPLATE].layout.colorway) == list(pal.CYCLE)
True
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

__all__ = [
    "BLACK", "ORANGE", "SKY_BLUE", "GREEN", "YELLOW", "BLUE", "VERMILLION", "PURPLE",
    "GREY", "LIGHT_GREY", "DARK_GREY", "OKABE_ITO", "CYCLE", "ROLE", "DASH", "DASHES",
    "SYMBOLS", "PATTERNS", "SEQUENTIAL", "DIVERGING", "GREYSCALE", "TEMPLATE", "color",
    "series_line", "series_symbol", "rgba", "styled",
]

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"  #: Okabe-Ito "bluish green"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"  #: Okabe-Ito "reddish purple"
#: neutral greys (references, chance levels, backgrounds): not part of the colour code
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
DARK_GREY = "#555555"

#: the eight Okabe-Ito colours by name
OKABE_ITO = {
    "black": BLACK, "orange": ORANGE, "sky blue": SKY_BLUE, "bluish green": GREEN,
    "yellow": YELLOW, "blue": BLUE, "vermillion": VERMILLION, "reddish purple": PURPLE,
}

#: the ordered cycle for categories (yellow, weak on white, comes last of all)
CYCLE = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, YELLOW)

#: colours by meaning, so that the same concept has the same colour in every lab
ROLE = {
    "potentiation": BLUE, "depression": VERMILLION,
    "ltp": BLUE, "ltd": VERMILLION,
    "set": BLUE, "reset": VERMILLION,
    "target": BLACK, "design": VERMILLION, "measured": BLUE,
    "float": BLACK, "device": VERMILLION,
    "ex-situ": VERMILLION, "in-situ": BLUE,
    "excitatory": BLUE, "inhibitory": VERMILLION,
    "m": BLUE, "h": VERMILLION, "n": GREEN,  # as series 0, 1, 2
    "reference": GREY,
}

#: the non-colour cue that goes with each role
DASH = {
    "potentiation": "solid", "depression": "dash",
    "ltp": "solid", "ltd": "dash",
    "set": "solid", "reset": "dash",
    "target": "dash", "design": "solid", "measured": "solid",
    "float": "dash", "device": "solid",
    "ex-situ": "dash", "in-situ": "solid",
    "excitatory": "solid", "inhibitory": "dash",
    "m": "solid", "h": "dash", "n": "dot",
    "reference": "dot",
}

#: dash patterns and marker symbols, in the order of :data:`CYCLE`
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")

#: bar fill patterns, so that grouped bars differ by more than colour
PATTERNS = ("", "/", "x", ".", "\\", "+", "-")

#: perceptually uniform, colour-blind-safe colorscales
SEQUENTIAL = "Viridis"
DIVERGING = "balance"  # cmocean: blue (negative) - white - red (positive)
GREYSCALE = "gray"  # images: 0 black, 1 white

TEMPLATE = "neuroexplore"


def color(i: int) -> str:
    """The ``i``-th colour of :data:`CYCLE` (wrapping).

    >>> color(0) == BLUE and color(7) == BLUE
    True
    """
    return CYCLE[i % len(CYCLE)]


def series_line(i: int, **line) -> dict:
    """``line`` dict for the ``i``-th of several series: a cycle colour and a dash.

    Colours repeat every 7 series and dashes every 6, so any two of the first 42
    series differ by colour or dash (never colour alone once the colours run out).

    >>> series_line(0), series_line(1, width=1)
    ({'color': '#0072B2', 'dash': 'solid'}, {'color': '#D55E00', 'dash': 'dash', 'width': 1})
    """
    return {"color": color(i), "dash": DASHES[i % (len(DASHES) - 1)], **line}


def series_symbol(i: int) -> str:
    """Marker symbol of the ``i``-th series (pairs with :func:`series_line`)."""
    return SYMBOLS[i % len(SYMBOLS)]


def rgba(hex_color: str, alpha: float) -> str:
    """``hex_color`` with opacity ``alpha``, for fills.

    >>> rgba(BLUE, 0.2)
    'rgba(0,114,178,0.2)'
    """
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def styled(role: str, **line) -> dict:
    """``line`` dict for ``role``: its colour and its dash (extra keys are kept).

    >>> styled("target", width=2)
    {'color': '#000000', 'dash': 'dash', 'width': 2}
    """
    return {"color": ROLE[role], "dash": DASH[role], **line}


def _register() -> None:
    base = pio.templates["plotly_white"]
    tmpl = go.layout.Template(base)
    tmpl.layout.colorway = list(CYCLE)
    tmpl.layout.colorscale = {"sequential": SEQUENTIAL, "diverging": DIVERGING}
    for kind in ("heatmap", "contour", "histogram2d", "surface"):
        for trace in tmpl.data[kind]:
            trace.colorscale = SEQUENTIAL
    pio.templates[TEMPLATE] = tmpl


_register()
