"""Figures everyone can read: every lab's figures use the Okabe-Ito palette, proper unit
labels, and give paired traces a cue besides colour (dash, marker symbol or mode).

Each lab is built headless with every tab opened; its ``FigureWidget``\\ s are walked.
"""

from __future__ import annotations

import re
from itertools import combinations

import ipywidgets as w
import plotly.graph_objects as go
import pytest

import neuroexplore.widgets as widgets
from neuroexplore.widgets import figures
from neuroexplore.widgets import palette as pal
from neuroexplore.widgets.base import TabbedLab

#: plotly's D3 set and its own default colorway: no figure may draw with them
BANNED_HEX = {c.lower() for c in (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3",
    "#ff6692", "#b6e880", "#ff97ff", "#fecb52",
)}
BANNED_RGB = {"31,119,180", "214,39,40", "44,160,44", "255,127,14"}
BANNED_NAMES = {"red", "blue", "green", "orange", "purple", "crimson", "steelblue"}
#: ASCII stand-ins for units that must be rendered properly
BAD_LABEL = re.compile(r"degC|\buS\b|x_inf|\buA\b|uA/cm|cm\^2|\bohm\b|\b[kMG]Ohm\b|tau_[a-z]")

LABS = {
    "NeuronLab": lambda: widgets.NeuronLab("hodgkin_huxley"),
    "NetworkLab": lambda: widgets.NetworkLab(),
    "DeviceLab": lambda: widgets.DeviceLab(),
    "SynapseLab": lambda: widgets.SynapseLab(),
    "CrossbarLab": lambda: widgets.CrossbarLab(background=False),
    "SystemLab": lambda: widgets.SystemLab(),
    "ApplicationLab": lambda: widgets.ApplicationLab(),
    "PerspectivesLab": lambda: widgets.PerspectivesLab(),
    "PatternRecognitionLab": lambda: widgets.PatternRecognitionLab(background=False),
    "ReservoirLab": lambda: widgets.ReservoirLab(),
    "TactileLab": lambda: widgets.TactileLab(),
    "StdpLearningLab": lambda: widgets.StdpLearningLab(),
    "HopfieldLab": lambda: widgets.HopfieldLab(),
    "DecisionLab": lambda: widgets.DecisionLab(),
    "DesignLab": lambda: widgets.DesignLab(background=False),
}


def _open_all_tabs(widget) -> None:
    if isinstance(widget, TabbedLab):
        for i in range(len(widget.tabs.children)):
            widget.ensure_tab(i)
    for child in getattr(widget, "children", ()) or ():
        _open_all_tabs(child)


def _figures(widget) -> list[go.FigureWidget]:
    if isinstance(widget, go.FigureWidget):
        return [widget]
    found = []
    for child in getattr(widget, "children", ()) or ():
        found.extend(_figures(child))
    return found


def _lab_figures(name: str) -> tuple[w.Widget, list[go.FigureWidget]]:
    lab = LABS[name]()
    _open_all_tabs(lab)
    assert lab.error == "", lab.error
    figs = _figures(lab)
    assert figs, f"{name} shows no figure"
    return lab, figs


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def _colour_problems(fig: go.Figure) -> list[str]:
    problems = []
    colorway = fig.layout.template.layout.colorway
    if list(colorway or ()) != list(pal.CYCLE):
        problems.append(f"template colorway {colorway} is not the palette's")
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)
    for text in _strings(spec):
        low = text.strip().lower()
        if low in BANNED_HEX or low in BANNED_NAMES:
            problems.append(f"colour {text!r}")
        m = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(,.*)?\)", low)
        if m and ",".join(m.groups()[:3]) in BANNED_RGB:
            problems.append(f"colour {text!r}")
    for trace in fig.data:
        scale = getattr(trace, "colorscale", None)
        if scale is not None and "heatmap" in trace.type:
            colours = {c.lower() for _, c in scale}
            if colours & {"rgb(5,10,172)", "rgb(178,10,28)", "rgb(5,48,97)", "rgb(103,0,31)"}:
                problems.append(f"{trace.type} uses RdBu/Jet-like colorscale")
    return problems


def _labels(fig: go.Figure) -> list[str]:
    lay = fig.layout
    texts = [lay.title.text]
    for key in lay:
        if key.startswith(("xaxis", "yaxis")) and lay[key] is not None:
            texts.append(lay[key].title.text)
    texts += [a.text for a in lay.annotations or ()]
    for trace in fig.data:
        texts.append(trace.name)
        bar = getattr(trace, "colorbar", None)
        if bar is not None:
            texts.append(bar.title.text)
    return [t for t in texts if t]


def _cue(trace) -> tuple:
    """What tells a trace apart besides colour (None if it is not a drawn line/marker/bar)."""
    if trace.type == "bar":
        if trace.showlegend is False or not trace.name:
            return None
        return ("bar", trace.marker.pattern.shape or "")
    if trace.type not in ("scatter", "scattergl"):
        return None
    mode = trace.mode or "lines"
    if "lines" in mode and trace.line.width == 0:
        return None  # a fill band's edge
    if trace.showlegend is False or not trace.name:
        return None
    dash = (trace.line.dash or "solid") if "lines" in mode else None
    symbol = trace.marker.symbol
    if symbol is not None and not isinstance(symbol, str):
        symbol = tuple(symbol)  # one symbol per point (e.g. per class)
    symbol = (symbol or "circle") if "markers" in mode else None
    return (mode, dash, symbol, bool(trace.fill and trace.fill != "none"))


def _colour(trace) -> object:
    if trace.type == "bar":
        c = trace.marker.color
        return c if isinstance(c, str) or c is None else "array"
    mode = trace.mode or "lines"
    if "lines" in mode and trace.line.color is not None:
        return trace.line.color
    c = trace.marker.color
    return c if isinstance(c, str) or c is None else "array"


def _same_cue_pairs(fig: go.Figure) -> list[str]:
    """Traces in one subplot whose only difference is colour."""
    by_axes: dict[tuple, list] = {}
    for trace in fig.data:
        cue = _cue(trace)
        if cue is not None:
            by_axes.setdefault((trace.xaxis, trace.yaxis), []).append((trace, cue))
    bad = []
    for traces in by_axes.values():
        for (a, ca), (b, cb) in combinations(traces, 2):
            if ca == cb and (_colour(a) != _colour(b) or _colour(a) is None):
                bad.append(f"{a.name!r} vs {b.name!r}")
    return bad


@pytest.fixture(scope="module", params=sorted(LABS))
def lab_figures(request):
    return request.param, *_lab_figures(request.param)


def test_palette_and_units_in_every_lab_figure(lab_figures):
    name, lab, figs = lab_figures
    problems = []
    for k, fig in enumerate(figs):
        problems += [f"figure {k} ({fig.layout.title.text!r}): {p}" for p in
                     _colour_problems(fig)]
        problems += [f"figure {k}: label {t!r}" for t in _labels(fig) if BAD_LABEL.search(t)]
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_slider_labels_render_units(lab_figures):
    name, lab, _figs = lab_figures
    descriptions = []

    def walk(widget):
        d = getattr(widget, "description", None)
        if isinstance(d, str) and d:
            descriptions.append(d)
        for child in getattr(widget, "children", ()) or ():
            walk(child)

    walk(lab)
    bad = [d for d in descriptions if BAD_LABEL.search(d)]
    assert not bad, f"{name}: {bad}"


def test_paired_traces_differ_by_more_than_colour(lab_figures):
    name, _lab, figs = lab_figures
    bad = [f"figure {k} ({fig.layout.title.text!r}): {p}"
           for k, fig in enumerate(figs) for p in _same_cue_pairs(fig)]
    assert not bad, f"{name}:\n" + "\n".join(bad)


def test_hh_gating_figure_is_readable_without_colour():
    fig = figures.gating_figure(points=31)
    assert not _colour_problems(fig)
    assert not [t for t in _labels(fig) if BAD_LABEL.search(t)]
    assert "x∞" in fig.layout.yaxis.title.text and "°C" in fig.layout.title.text
    gates = [t for t in fig.data if t.xaxis == "x"]
    assert len({(t.line.dash, t.marker.symbol) for t in gates}) == 3
    assert not _same_cue_pairs(fig)


def test_stdp_window_figure_pairs_potentiation_with_depression_by_dash():
    import numpy as np

    dt = np.linspace(-50, 50, 11)
    fig = figures.stdp_figure((dt, np.sign(dt) * np.exp(-np.abs(dt) / 20)))
    dashes = {t.name: t.line.dash for t in fig.data}
    assert dashes["potentiation"] != dashes["depression"]
    assert not _colour_problems(fig) and not _same_cue_pairs(fig)


def test_display_units():
    from neuroexplore.widgets.plotting import display_unit

    assert display_unit("uA/cm^2") == "µA/cm²" and display_unit("degC") == "°C"
    assert display_unit("us") == "µs" and display_unit("mV") == "mV"
