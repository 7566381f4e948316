"""Static plotly figures for chapter 5, integrated systems (no physics here).

Each helper takes results of :mod:`neuroexplore.systems` and returns a
``plotly.graph_objects.Figure``; the interactive versions live in
:class:`~neuroexplore.widgets.system_lab.SystemLab`.

Examples
--------
>>> from neuroexplore.systems import AfferentNerve, respond
>>> fig = transfer_figure(respond(AfferentNerve(), [0.0, 50.0, 100.0]), threshold_na=0.5)
>>> [d.name for d in fig.data][:2]
['spike rate', 'peak EPSC']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import palette as pal
from .figures import STATIC_LAYOUT

__all__ = [
    "sensor_figure",
    "transfer_figure",
    "touch_trace_figure",
    "touch_classes_figure",
    "images_figure",
    "responsivity_figure",
    "learning_figure",
    "fusion_figure",
]

RATE, EPSC, GREY = pal.BLUE, pal.VERMILLION, pal.DARK_GREY


def _layout(fig: go.Figure, **layout: Any) -> go.Figure:
    title = layout.pop("title", None)
    fig.update_layout(**{**STATIC_LAYOUT, **layout})
    if title:
        fig.update_layout(title=dict(text=title, y=0.98, yanchor="top"))
    return fig


def sensor_figure(response: Any, *, title: str = "Piezoresistive sensor") -> go.Figure:
    """Sensor resistance (kΩ) and current (µA) against pressure (a ``respond`` result)."""
    fig = go.Figure()
    fig.add_scatter(x=response.pressure, y=np.asarray(response.resistance) / 1e3,
                    name="resistance R(P)", line=dict(color=GREY))
    fig.add_scatter(x=response.pressure, y=np.asarray(response.sensor_current) * 1e6,
                    name="current I_s(P)", yaxis="y2", line=dict(color=RATE))
    return _layout(fig, title=title, xaxis_title="pressure (kPa)",
                   yaxis=dict(title="resistance (kΩ)", rangemode="tozero"),
                   yaxis2=dict(title="current (µA)", overlaying="y", side="right",
                               rangemode="tozero"))


def transfer_figure(response: Any, *, threshold_na: float | None = None,
                    p_star: float | None = None,
                    title: str = "Pressure → spike rate → peak EPSC") -> go.Figure:
    """Spike rate and peak EPSC against pressure, with the reflex threshold and ``P*``."""
    fig = go.Figure()
    p = np.atleast_1d(response.pressure)
    fig.add_scatter(x=p, y=np.atleast_1d(response.rate), name="spike rate",
                    line=dict(color=RATE))
    epsc = np.atleast_1d(response.epsc) * 1e9
    fig.add_scatter(x=p, y=epsc, name="peak EPSC", yaxis="y2", line=dict(color=EPSC))
    if threshold_na is not None:
        fig.add_scatter(x=[p[0], p[-1]], y=[threshold_na] * 2, yaxis="y2", mode="lines",
                        name="reflex threshold", line=dict(color=GREY, dash="dash"))
    if p_star is not None and np.isfinite(p_star):
        top = max(float(np.max(epsc)), threshold_na or 0.0) * 1.05
        fig.add_scatter(x=[p_star] * 2, y=[0, top], yaxis="y2", mode="lines",
                        name=f"P* = {p_star:.2f} kPa", line=dict(color=GREY, dash="dot"))
    return _layout(fig, title=title, xaxis_title="pressure (kPa)",
                   yaxis=dict(title="spike rate (Hz)", rangemode="tozero"),
                   yaxis2=dict(title="peak EPSC (nA)", overlaying="y", side="right",
                               rangemode="tozero"))


def touch_trace_figure(traces: Sequence[Any], *, threshold_na: float | None = None,
                       title: str = "Touches: encoder spikes and EPSC") -> go.Figure:
    """Spike rasters (top) and EPSCs (bottom) of :func:`afferent_trace` results."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        row_heights=[0.3, 0.7])
    colors = (pal.GREEN, pal.ORANGE, pal.PURPLE, pal.SKY_BLUE)
    for i, tr in enumerate(traces):
        p = float(tr.response.pressure)
        c = colors[i % len(colors)]
        fig.add_scatter(x=tr.spike_times * 1e3, y=np.full(tr.spike_times.size, i),
                        mode="markers", marker=dict(symbol="line-ns-open", size=12, color=c),
                        name=f"{p:g} kPa spikes", showlegend=False, row=1, col=1)
        fig.add_scatter(x=tr.t * 1e3, y=tr.epsc * 1e9, name=f"{p:g} kPa",
                        line=dict(color=c), row=2, col=1)
    if threshold_na is not None and traces:
        t_end = float(traces[0].t[-1]) * 1e3
        fig.add_scatter(x=[0, t_end], y=[threshold_na] * 2, mode="lines",
                        name="reflex threshold", line=dict(color=GREY, dash="dash"),
                        row=2, col=1)
    fig.update_yaxes(title_text="touch", showticklabels=False, row=1, col=1)
    fig.update_yaxes(title_text="EPSC (nA)", row=2, col=1)
    fig.update_xaxes(title_text="time (ms)", row=2, col=1)
    return _layout(fig, title=title, height=460)


def touch_classes_figure(result: Any, *, title: str | None = None) -> go.Figure:
    """Peak EPSC against pressure of the test touches, coloured by class."""
    fig = go.Figure()
    for k, name in enumerate(result.classes):
        m = result.y_test == k
        fig.add_scatter(x=result.pressure_test[m], y=result.epsc_test[m] * 1e9,
                        mode="markers", name=name, marker=dict(size=6))
    title = title or (f"Touch intensity from the EPSC: {100 * result.accuracy:.1f} % "
                      f"(sensor current {100 * result.baseline_accuracy:.1f} %)")
    return _layout(fig, title=title, xaxis_title="pressure (kPa)",
                   yaxis_title="peak EPSC (nA)")


def images_figure(images: Sequence[np.ndarray], titles: Sequence[str], *,
                  title: str | None = None, zmax: float = 1.0,
                  colorscale: str = "gray") -> go.Figure:
    """Small images side by side (each reshaped to a square)."""
    n = len(images)
    fig = make_subplots(rows=1, cols=n, subplot_titles=list(titles), horizontal_spacing=0.03)
    for i, img in enumerate(images):
        side = int(round(np.sqrt(np.size(img))))
        fig.add_heatmap(z=np.reshape(img, (side, side)), zmin=0, zmax=zmax,
                        colorscale=colorscale, showscale=False, row=1, col=i + 1)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False, autorange="reversed")
    return _layout(fig, title=title, height=240 if n > 3 else 260,
                   margin=dict(l=20, r=20, t=70, b=20))


def responsivity_figure(result: Any, names: Sequence[str], *,
                        title: str = "Trained responsivities R_mn (mA/W)") -> go.Figure:
    """Each output wire's responsivities as a 3 x 3 map (an ``InSensorResult``)."""
    r = np.asarray(result.responsivity) * 1e3
    lim = float(np.max(np.abs(r))) or 1.0
    fig = make_subplots(rows=1, cols=r.shape[0], horizontal_spacing=0.05,
                        subplot_titles=[f"wire '{k}'" for k in names])
    for m in range(r.shape[0]):
        fig.add_heatmap(z=r[m].reshape(3, 3), zmin=-lim, zmax=lim, colorscale=pal.DIVERGING,
                        showscale=m == r.shape[0] - 1, colorbar=dict(title="mA/W"),
                        row=1, col=m + 1)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False, autorange="reversed")
    return _layout(fig, title=title, height=280, margin=dict(l=20, r=20, t=70, b=20))


def learning_figure(curves: Mapping[str, np.ndarray], *, chance: float | None = None,
                    title: str = "Test accuracy while training") -> go.Figure:
    """Accuracy curves against epoch, with the chance level."""
    fig = go.Figure()
    for name, y in curves.items():
        y = np.asarray(y)
        fig.add_scatter(x=np.arange(1, y.size + 1), y=y, name=name, mode="lines+markers")
    if chance is not None:
        n = max(np.asarray(v).size for v in curves.values())
        fig.add_scatter(x=[1, n], y=[chance] * 2, name="chance", mode="lines",
                        line=dict(color=pal.GREY, dash="dot"))
    return _layout(fig, title=title, xaxis_title="epoch",
                   yaxis=dict(title="accuracy", range=[0, 1.02]))


def fusion_figure(result: Any, *, title: str | None = None) -> go.Figure:
    """Accuracy bars per modality, sensory neurons beside software (a ``FusionResult``)."""
    mods = list(result.accuracy)
    fig = go.Figure()
    fig.add_bar(x=mods, y=[result.accuracy[m] for m in mods], name="bimodal sensory neurons",
                marker_color=EPSC)
    fig.add_bar(x=mods, y=[result.baseline_accuracy[m] for m in mods],
                name="software on receptor currents", marker_color=RATE,
                marker_pattern_shape="/")
    fig.add_scatter(x=mods, y=[result.chance] * len(mods), name="chance", mode="lines",
                    line=dict(color=pal.GREY, dash="dot"))
    title = title or "Letter recognition from touch, vision and both"
    return _layout(fig, title=title, barmode="group",
                   yaxis=dict(title="test accuracy", range=[0, 1.02]))
