"""Static plotly figures for the device chapter (notebook 03): display only, no physics.

Every function takes results the notebook computed with :mod:`neuroexplore.devices`
(arrays, traces, fits) and returns a ``plotly.graph_objects.Figure`` (or an HTML
table); none of them evaluates a device model.  Units on the axes: V, µA / nA, µS,
s / ms, as labelled.

Examples
--------
>>> import numpy as np
>>> fig = lines_figure(np.arange(3), {"y = x": np.arange(3)}, "x", "y")
>>> len(fig.data)
1
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import palette as pal
from .plotting import LAYOUT

__all__ = [
    "lines_figure",
    "memristance_figure",
    "window_figure",
    "pinched_loops_figure",
    "iv_state_figure",
    "nonlinearity_figure",
    "preset_cycles_figure",
    "variation_figure",
    "pcm_figure",
    "fefet_figure",
    "epsc_figure",
    "ppf_figure",
    "srdp_ltp_figure",
    "opto_figure",
    "tribo_figure",
    "stdp_figure",
    "fit_figure",
    "device_neuron_figure",
    "device_table",
    "fit_table",
    "HTMLBlock",
]

_COLORS = pal.CYCLE


class HTMLBlock(str):
    """A string that a notebook renders as HTML (``_repr_html_``)."""

    def _repr_html_(self) -> str:
        return str(self)


def _color(k: int) -> str:
    return _COLORS[k % len(_COLORS)]


def _style(fig: go.Figure, height: int, title: str = "") -> go.Figure:
    """The labs' layout with the legend below the axes (clear of subplot titles)."""
    fig.update_layout(**{**LAYOUT, "height": height + 70,
                         "margin": dict(l=60, r=20, t=70 if title else 40, b=110),
                         "legend": dict(orientation="h", yanchor="top",
                                        y=-110 / (height + 70) - 0.02, x=0)})
    if title:
        fig.update_layout(title=title)
    return fig


def _panels(rows: int, cols: int, titles: Sequence[str], height: int | None = None,
            **kwargs: Any) -> go.Figure:
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(titles),
                        horizontal_spacing=kwargs.pop("horizontal_spacing", 0.1),
                        vertical_spacing=kwargs.pop("vertical_spacing", 0.14), **kwargs)
    return _style(fig, height or 340 * rows)


def _axes(fig: go.Figure, row: int, col: int, x: str, y: str, *, log_x: bool = False,
          log_y: bool = False) -> None:
    fig.update_xaxes(title_text=x, type="log" if log_x else None, row=row, col=col)
    fig.update_yaxes(title_text=y, type="log" if log_y else None, row=row, col=col)


def _line(x, y, name: str, k: int, *, dash: str | None = None, mode: str = "lines",
          show: bool = True, group: str | None = None, width: float = 2.0) -> go.Scatter:
    return go.Scatter(x=np.asarray(x), y=np.asarray(y), name=name, mode=mode,
                      line=dict(color=_color(k), dash=dash, width=width),
                      marker=dict(color=_color(k), size=6), showlegend=show,
                      legendgroup=group or name)


# ----------------------------------------------------------------------------- generic
def lines_figure(x: np.ndarray, curves: Mapping[str, np.ndarray], x_title: str, y_title: str,
                 *, title: str = "", log_x: bool = False, log_y: bool = False,
                 mode: str = "lines") -> go.Figure:
    """One panel of named curves sharing ``x``."""
    fig = _style(go.Figure(), 340, title)
    for k, (name, y) in enumerate(curves.items()):
        fig.add_trace(_line(x, y, name, k, mode=mode))
    fig.update_xaxes(title_text=x_title, type="log" if log_x else None)
    fig.update_yaxes(title_text=y_title, type="log" if log_y else None)
    return fig


# ------------------------------------------------------------------------- memristors
def memristance_figure(t: np.ndarray, m_simulated: np.ndarray, m_closed_form: np.ndarray,
                       v: np.ndarray, i: np.ndarray) -> go.Figure:
    """HP memristor: memristance vs time (ODE vs closed form) and its pinched I-V loop."""
    fig = _panels(1, 2, ("memristance M(t): ODE vs closed form M(φ)", "pinched I-V loop"))
    fig.add_trace(_line(t, np.asarray(m_simulated) / 1e3, "solve_ivp", 0), 1, 1)
    fig.add_trace(_line(t, np.asarray(m_closed_form) / 1e3, "closed form √(M0² − 2ΔR k φ)", 1,
                        dash="dash"), 1, 1)
    fig.add_trace(_line(v, np.asarray(i) * 1e6, "I-V", 2), 1, 2)
    _axes(fig, 1, 1, "t (s)", "M (kΩ)")
    _axes(fig, 1, 2, "V (V)", "I (µA)")
    return fig


def window_figure(x: np.ndarray, curves: Mapping[str, np.ndarray]) -> go.Figure:
    """Window functions f(x) on the state axis."""
    return lines_figure(x, curves, "state x = w/D", "f(x)",
                        title="window functions (Joglekar: both bounds; Biolek: driven bound)")


def pinched_loops_figure(loops: Sequence[tuple[str, np.ndarray, np.ndarray]],
                         sweep_frequency: np.ndarray, sweep_area: np.ndarray,
                         loop_frequency: Sequence[float] | None = None,
                         loop_area: Sequence[float] | None = None,
                         reference_slope: float | None = -1.0) -> go.Figure:
    """Pinched I-V loops at several frequencies and loop area vs frequency (log-log).

    ``loops`` are ``(label, v, i)`` with ``v`` in V, ``i`` in A.  ``reference_slope``
    adds a power-law guide through the highest-frequency point.
    """
    fig = _panels(1, 2, ("I-V loops: the lobes shrink as f rises", "loop area vs frequency"))
    for k, (label, v, i) in enumerate(loops):
        fig.add_trace(_line(v, np.asarray(i) * 1e6, label, k), 1, 1)
    f = np.asarray(sweep_frequency, dtype=float)
    a = np.asarray(sweep_area, dtype=float)
    fig.add_trace(_line(f, a * 1e6, "area (vectorised sweep)", 8, mode="lines+markers"), 1, 2)
    if loop_frequency is not None and loop_area is not None:
        fig.add_trace(go.Scatter(x=list(loop_frequency), y=np.asarray(loop_area) * 1e6,
                                 mode="markers", name="area of the loops at left",
                                 marker=dict(symbol="circle-open", size=12, color=pal.BLACK)),
                      1, 2)
    if reference_slope is not None and f.size:
        guide = a[-1] * (f / f[-1]) ** reference_slope
        fig.add_trace(_line(f, guide * 1e6, f"∝ f^{reference_slope:g}", 9, dash="dot"), 1, 2)
    _axes(fig, 1, 1, "V (V)", "I (µA)")
    _axes(fig, 1, 2, "f (Hz)", "loop area (µW)", log_x=True, log_y=True)
    return fig


def iv_state_figure(traces: Mapping[str, Any]) -> go.Figure:
    """I-V loops and state vs time for named :class:`~neuroexplore.devices.IVTrace` objects."""
    fig = _panels(1, 2, ("I-V", "state x(t)"))
    for k, (label, tr) in enumerate(traces.items()):
        fig.add_trace(_line(tr.v, np.asarray(tr.i) * 1e6, label, k, group=label), 1, 1)
        fig.add_trace(_line(tr.t, tr.state, label, k, show=False, group=label), 1, 2)
    _axes(fig, 1, 1, "V (V)", "I (µA)")
    _axes(fig, 1, 2, "t (s)", "x")
    return fig


# ---------------------------------------------------------------- pulse-programmed
def nonlinearity_figure(labels: np.ndarray, a_values: np.ndarray,
                        published: Sequence[tuple[float, float]], x: np.ndarray,
                        shapes: Mapping[str, np.ndarray]) -> go.Figure:
    """NeuroSim label <-> |A/P_max| (with the published pairs) and normalised curves."""
    fig = _panels(1, 2, ("label ↔ normalised A", "normalised LTP curves s(x; a)"))
    fig.add_trace(_line(labels, np.abs(a_values), "|a(label)| (this library)", 0), 1, 1)
    pl, pa = zip(*published, strict=True) if published else ((), ())
    fig.add_trace(go.Scatter(x=list(pl), y=list(pa), mode="markers",
                             name="NeuroSim getParamA table",
                             marker=dict(symbol="x", size=11, color=pal.BLACK)), 1, 1)
    for k, (name, s) in enumerate(shapes.items()):
        fig.add_trace(_line(x, s, name, k + 1), 1, 2)
    _axes(fig, 1, 1, "nonlinearity label", "|A| / P_max", log_y=True)
    _axes(fig, 1, 2, "pulse position P / P_max", "(G − Gmin)/(Gmax − Gmin)")
    return fig


def preset_cycles_figure(devices: Sequence[Any],
                         cycles: Sequence[tuple[np.ndarray, np.ndarray]],
                         cols: int = 4) -> go.Figure:
    """One LTP/LTD cycle per preset (normalised conductance vs pulse), titled with its source.

    ``devices`` are :class:`~neuroexplore.devices.PulseDevice`; ``cycles`` the matching
    ``(pulse, conductance)`` arrays.
    """
    rows = math.ceil(len(devices) / cols)
    titles = [f"{d.name}<br><sub>{html.escape(d.reference)}; NL {d.nonlinearity_ltp:g}/"
              f"{d.nonlinearity_ltd:g}</sub>" for d in devices]
    fig = _panels(rows, cols, titles, height=300 * rows, horizontal_spacing=0.06,
                  vertical_spacing=0.2)
    for k, (dev, (p, g)) in enumerate(zip(devices, cycles, strict=True)):
        r, c = divmod(k, cols)
        norm = (np.asarray(g) - dev.g_min) / (dev.g_max - dev.g_min)
        fig.add_trace(_line(p, norm, dev.name, k, mode="lines+markers", show=False,
                            width=1.5), r + 1, c + 1)
        fig.update_traces(marker=dict(size=3), row=r + 1, col=c + 1)
        _axes(fig, r + 1, c + 1, "pulse #" if r == rows - 1 else "",
              "G (norm.)" if c == 0 else "")
    fig.update_annotations(font_size=11)
    return fig


def variation_figure(c2c: Sequence[tuple[np.ndarray, np.ndarray]],
                     d2d: Sequence[tuple[np.ndarray, np.ndarray]],
                     nominal: tuple[np.ndarray, np.ndarray], name: str) -> go.Figure:
    """Cycle-to-cycle (same device, repeated cycles) and device-to-device variation (µS)."""
    fig = _panels(1, 2, (f"{name}: cycle-to-cycle", f"{name}: device-to-device"))
    for col, runs in ((1, c2c), (2, d2d)):
        for k, (p, g) in enumerate(runs):
            fig.add_trace(_line(p, np.asarray(g) * 1e6, f"run {k}", k, show=False, width=1.2),
                          1, col)
        fig.add_trace(_line(nominal[0], np.asarray(nominal[1]) * 1e6, "nominal", 8,
                            dash="dash", show=col == 1, group="nominal"), 1, col)
        _axes(fig, 1, col, "pulse #", "G (µS)")
    return fig


# ----------------------------------------------------------------------------- PCM
def pcm_figure(set_curves: Mapping[str, np.ndarray], reset_trace: tuple[np.ndarray, np.ndarray],
               t: np.ndarray, drift_curves: Mapping[str, np.ndarray],
               ensemble: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> go.Figure:
    """PCM: gradual SET vs pulse number, SET-then-RESET, and drift on log-log axes (µS).

    ``ensemble`` is ``(mean, p5, p95)`` of a programmed array read at times ``t``.
    """
    fig = _panels(1, 3, ("gradual SET (identical pulses)", "SET train, then one RESET",
                         "drift G(t) = G(t0)(t/t0)^−ν"), horizontal_spacing=0.08)
    for k, (label, g) in enumerate(set_curves.items()):
        fig.add_trace(_line(np.arange(np.size(g)), np.asarray(g) * 1e6, label, k,
                            mode="lines+markers"), 1, 1)
    p, g = reset_trace
    fig.add_trace(_line(p, np.asarray(g) * 1e6, "SET ... RESET", 5, mode="lines+markers"), 1, 2)
    for k, (label, g) in enumerate(drift_curves.items()):
        fig.add_trace(_line(t, np.asarray(g) * 1e6, label, k + 6), 1, 3)
    if ensemble is not None:
        mean, lo, hi = (np.asarray(a) * 1e6 for a in ensemble)
        fig.add_trace(go.Scatter(x=np.r_[t, t[::-1]], y=np.r_[hi, lo[::-1]], fill="toself",
                                 line=dict(width=0), fillcolor=pal.rgba(pal.BLUE, 0.2),
                                 name="array 5-95 % (noise + ν spread)"), 1, 3)
        fig.add_trace(_line(t, mean, "array mean", 0, dash="dot"), 1, 3)
    _axes(fig, 1, 1, "SET pulse #", "G (µS)")
    _axes(fig, 1, 2, "pulse #", "G (µS)")
    _axes(fig, 1, 3, "t (s)", "G (µS)", log_x=True, log_y=True)
    return fig


# ---------------------------------------------------------------------------- FeFET
def fefet_figure(amplitudes: np.ndarray, polarization: np.ndarray,
                 trains: Mapping[str, np.ndarray],
                 scheme: tuple[np.ndarray, np.ndarray]) -> go.Figure:
    """FeFET: P/P_s after one pulse vs amplitude; G vs pulse number; incremental scheme (µS)."""
    fig = _panels(1, 3, ("one pulse from −P_s: P/P_s vs amplitude", "identical pulses",
                         "amplitude-incremented LTP/LTD"), horizontal_spacing=0.08)
    fig.add_trace(_line(amplitudes, polarization, "P/P_s", 0, mode="lines+markers"), 1, 1)
    for k, (label, g) in enumerate(trains.items()):
        fig.add_trace(_line(np.arange(np.size(g)), np.asarray(g) * 1e6, label, k + 1), 1, 2)
    p, g = scheme
    fig.add_trace(_line(p, np.asarray(g) * 1e6, "incremental scheme", 5, mode="lines+markers"),
                  1, 3)
    _axes(fig, 1, 1, "pulse amplitude (V)", "P / P_s")
    _axes(fig, 1, 2, "pulse #", "G (µS)")
    _axes(fig, 1, 3, "pulse #", "G (µS)")
    return fig


# ------------------------------------------------------------ synaptic transistors
def epsc_figure(t: np.ndarray, v_gate: np.ndarray, current: np.ndarray,
                title: str = "EPSC under a gate pulse train") -> go.Figure:
    """Gate pulses (top) and postsynaptic current (bottom, nA)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.3, 0.7],
                        vertical_spacing=0.05)
    _style(fig, 420, title)
    fig.add_trace(_line(t, v_gate, "gate V", 3), 1, 1)
    fig.add_trace(_line(t, np.asarray(current) * 1e9, "drain current", 0), 2, 1)
    fig.update_yaxes(title_text="V_g (V)", row=1, col=1)
    fig.update_yaxes(title_text="I_d (nA)", row=2, col=1)
    fig.update_xaxes(title_text="t (s)", row=2, col=1)
    return fig


def ppf_figure(intervals: np.ndarray, ppf: np.ndarray, fit: Any,
               label: str = "device") -> go.Figure:
    """PPF (%) vs interval with the fitted double exponential (a ``PPFFit``)."""
    dt = np.asarray(intervals, dtype=float)
    fine = np.geomspace(dt.min(), dt.max(), 200)
    fig = _style(go.Figure(), 340, "paired-pulse facilitation")
    fig.add_trace(go.Scatter(x=dt * 1e3, y=np.asarray(ppf) * 100, mode="markers",
                             name=f"{label} (simulated)", marker=dict(color=_color(0), size=7)))
    fig.add_trace(_line(fine * 1e3, np.asarray(fit(fine)) * 100,
                        f"fit: τ1 = {fit.tau1 * 1e3:.1f} ms, τ2 = {fit.tau2 * 1e3:.0f} ms", 1))
    fig.update_xaxes(title_text="pulse interval Δt (ms)", type="log")
    fig.update_yaxes(title_text="PPF = A2/A1 (%)")
    return fig


def srdp_ltp_figure(frequency: np.ndarray, gain: np.ndarray, n_pulses: np.ndarray,
                    retained: np.ndarray, delay: float) -> go.Figure:
    """SRDP gain vs frequency and retained fraction vs number of pulses (STP -> LTP)."""
    fig = _panels(1, 2, ("spike-rate-dependent plasticity", f"STP → LTP: retained after "
                         f"{delay:g} s"))
    fig.add_trace(_line(frequency, gain, "A_n/A_1", 0, mode="lines+markers"), 1, 1)
    fig.add_trace(_line(n_pulses, np.asarray(retained) * 100, "retained", 1,
                        mode="lines+markers"), 1, 2)
    _axes(fig, 1, 1, "pulse frequency (Hz)", "A_n / A_1", log_x=True)
    _axes(fig, 1, 2, "number of pulses", "retained ΔG (% of ΔG at the end)", log_x=True)
    return fig


def opto_figure(trace: Any, intensity: np.ndarray, intensity_amp: np.ndarray,
                wavelength: np.ndarray, wavelength_amp: np.ndarray) -> go.Figure:
    """Optoelectronic synapse: photocurrent trace with PPC tail; last-pulse photocurrent vs
    intensity (log-log) and vs wavelength (nA)."""
    fig = _panels(1, 3, ("light pulses → photocurrent, PPC tail", "vs intensity",
                         "vs wavelength"), horizontal_spacing=0.08)
    fig.add_trace(_line(trace.t, np.asarray(trace.photocurrent) * 1e9, "photocurrent", 0),
                  1, 1)
    fig.add_trace(_line(intensity, np.asarray(intensity_amp) * 1e9, "after last pulse", 1,
                        mode="lines+markers"), 1, 2)
    fig.add_trace(_line(wavelength, np.asarray(wavelength_amp) * 1e9, "after last pulse", 2,
                        mode="lines+markers", show=False), 1, 3)
    _axes(fig, 1, 1, "t (s)", "I_ph (nA)")
    _axes(fig, 1, 2, "intensity (W/m²)", "I_ph (nA)", log_x=True, log_y=True)
    _axes(fig, 1, 3, "wavelength (nm)", "I_ph (nA)")
    return fig


def tribo_figure(x: np.ndarray, v_oc: np.ndarray, v_gate: np.ndarray,
                 traces: Mapping[str, Any]) -> go.Figure:
    """TENG open-circuit and loaded gate voltage vs separation; EPSC for press trains (nA).

    ``traces`` maps a label to a ``TriboTrace``.
    """
    fig = _panels(1, 2, ("TENG voltage vs plate separation", "self-powered synapse: presses"))
    fig.add_trace(_line(np.asarray(x) * 1e3, v_oc, "V_oc = σx/ε0", 0), 1, 1)
    fig.add_trace(_line(np.asarray(x) * 1e3, v_gate, "V_g (loaded by C_gate)", 1), 1, 1)
    for k, (label, tr) in enumerate(traces.items()):
        i0 = np.asarray(tr.synapse.current)[..., 0]
        fig.add_trace(_line(tr.t, (np.asarray(tr.synapse.current) - i0) * 1e9, label, k + 2),
                      1, 2)
    _axes(fig, 1, 1, "separation x (mm)", "V (V)", log_y=True)
    _axes(fig, 1, 2, "t (s)", "ΔI_d (nA)")
    return fig


def stdp_figure(dt: np.ndarray, dw: np.ndarray, fit: Any) -> go.Figure:
    """Device STDP window Δw(Δt) and its exponential fit (an ``STDPWindowFit``)."""
    d = np.asarray(dt, dtype=float)
    fine = np.linspace(d.min(), d.max(), 400)
    fine = fine[fine != 0]
    fig = _style(go.Figure(), 340, "STDP from overlapping spike waveforms")
    fig.add_trace(go.Scatter(x=d * 1e3, y=dw, mode="markers", name="device (integrated)",
                             marker=dict(color=_color(0), size=6)))
    fig.add_trace(_line(fine * 1e3, fit(fine),
                        f"fit: τ+ = {fit.tau_plus * 1e3:.1f} ms, τ− = {fit.tau_minus * 1e3:.1f}"
                        " ms", 1))
    fig.update_xaxes(title_text="Δt = t_post − t_pre (ms)")
    fig.update_yaxes(title_text="Δw")
    return fig


# ------------------------------------------------------------------------ fitting
def fit_figure(pulse: np.ndarray, conductance: np.ndarray, fitted: np.ndarray,
               source: tuple[np.ndarray, np.ndarray] | None = None) -> go.Figure:
    """Measured points, fitted NeuroSim curve (and the source preset), residuals (µS)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28],
                        vertical_spacing=0.05)
    _style(fig, 460, "pulse-response fit")
    g = np.asarray(conductance) * 1e6
    f = np.asarray(fitted) * 1e6
    fig.add_trace(go.Scatter(x=pulse, y=g, mode="markers", name="measurement",
                             marker=dict(color=_color(0), size=6)), 1, 1)
    fig.add_trace(_line(pulse, f, "NeuroSim fit", 1), 1, 1)
    if source is not None:
        fig.add_trace(_line(source[0], np.asarray(source[1]) * 1e6, "source preset (noiseless)",
                            2, dash="dash"), 1, 1)
    fig.add_trace(go.Scatter(x=pulse, y=g - f, mode="markers", name="residual",
                             marker=dict(color=_color(3), size=5)), 2, 1)
    fig.update_yaxes(title_text="G (µS)", row=1, col=1)
    fig.update_yaxes(title_text="residual (µS)", row=2, col=1)
    fig.update_xaxes(title_text="pulse #", row=2, col=1)
    return fig


# --------------------------------------------------------------------- device neurons
def device_neuron_figure(trace: Any, inputs: np.ndarray, rates: np.ndarray,
                         analytic: np.ndarray | None = None, *, state: str,
                         input_label: str, thresholds: Sequence[float] = (),
                         title: str = "") -> go.Figure:
    """A device neuron: membrane voltage, one state variable, and its rate-input curve.

    ``trace`` is a single-neuron :class:`~neuroexplore.neurons.Trace` (``v`` in V,
    time in ms); ``rates`` (Hz) were simulated at ``inputs``; ``analytic`` (Hz), when
    given, is drawn as a line over them; ``thresholds`` (input units) as dotted
    vertical lines.
    """
    fig = _panels(1, 3, ("membrane voltage", state, f"rate vs {input_label.split(' (')[0]}"),
                  horizontal_spacing=0.08)
    _style(fig, 340, title)
    fig.add_trace(_line(trace.t, trace.v, "v (V)", 0, width=1.5), 1, 1)
    spikes = np.asarray(trace.spike_times)
    fig.add_trace(go.Scatter(x=spikes, y=np.full(spikes.shape, float(np.max(trace.v))),
                             mode="markers", name="spikes",
                             marker=dict(symbol="line-ns-open", size=10, color=_color(1))),
                  1, 1)
    fig.add_trace(_line(trace.t, trace.state[state], state, 2, width=1.5), 1, 2)
    fig.add_trace(go.Scatter(x=np.asarray(inputs), y=np.asarray(rates), mode="markers",
                             name="simulated rate", marker=dict(color=_color(0), size=6)), 1, 3)
    if analytic is not None:
        fig.add_trace(_line(inputs, analytic, "analytic 1 / period", 1), 1, 3)
    for x in thresholds:
        fig.add_vline(x=float(x), line=dict(dash="dot", color=pal.GREY), row=1, col=3)
    _axes(fig, 1, 1, "t (ms)", "v (V)")
    _axes(fig, 1, 2, "t (ms)", state)
    _axes(fig, 1, 3, input_label, "rate (Hz)")
    return fig


# ------------------------------------------------------------------------- tables
def _table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> HTMLBlock:
    cap = f"<caption style='text-align:left'>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th style='text-align:left;padding-right:14px'>{html.escape(h)}</th>"
                   for h in header)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left;padding-right:14px'>"
                                    f"{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return HTMLBlock(f"<table class='neuroexplore-table'>{cap}<tr>{head}</tr>{body}</table>")


def device_table(devices: Sequence[Any]) -> HTMLBlock:
    """The pulse-device presets as an HTML table (values as the presets hold them)."""
    rows = [(d.name, d.reference, f"{d.states_ltp}/{d.states_ltd}",
             f"{d.nonlinearity_ltp:g} / {d.nonlinearity_ltd:g}", f"{d.on_off_ratio:.3g}",
             f"{d.g_max * 1e6:.3g}", f"{d.c2c_sigma:g}", d.write_pulse) for d in devices]
    return _table(("device", "reference", "states LTP/LTD", "nonlinearity LTP / LTD",
                   "on/off", "G_max (µS)", "c2c σ", "write pulse"), rows,
                  "Published pulse-update figures (devices_pulse_update.csv)")


def _pm(value: float, err: float | None, scale: float = 1.0) -> str:
    if err is None or not math.isfinite(err):
        return f"{value / scale:.4g}"
    return f"{value / scale:.4g} ± {err / scale:.2g}"


def fit_table(fit: Any, source: Any | None = None) -> HTMLBlock:
    """Fitted NeuroSim parameters ± standard errors, beside the source preset if given."""
    se = fit.stderr
    rows = [
        ("G_min (µS)", _pm(fit.g_min, se.get("g_min"), 1e-6),
         f"{source.g_min * 1e6:.4g}" if source else ""),
        ("G_max (µS)", _pm(fit.g_max, se.get("g_max"), 1e-6),
         f"{source.g_max * 1e6:.4g}" if source else ""),
        ("states LTP / LTD", f"{fit.states_ltp} / {fit.states_ltd}",
         f"{source.states_ltp} / {source.states_ltd}" if source else ""),
        ("nonlinearity LTP", _pm(fit.nonlinearity_ltp, se.get("nonlinearity_ltp")),
         f"{source.nonlinearity_ltp:g}" if source else ""),
    ]
    if fit.nonlinearity_ltd is not None:
        rows.append(("nonlinearity LTD", _pm(fit.nonlinearity_ltd, se.get("nonlinearity_ltd")),
                     f"{source.nonlinearity_ltd:g}" if source else ""))
    rows += [
        ("c2c σ (fraction of range)", f"{fit.c2c_sigma:.3g}",
         f"{source.c2c_sigma:g}" if source else ""),
        ("R² / RMSE (nS)", f"{fit.r2:.5f} / {fit.rmse * 1e9:.3g}", ""),
    ]
    header = ("quantity", "fit ± 1σ", f"preset {source.name!r}" if source else "")
    return _table(header, rows, "fit_pulse_response result")
