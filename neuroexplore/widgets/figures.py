"""Static plotly figures for the chapter notebooks (no physics here).

Each helper takes engine results (a :class:`~neuroexplore.neurons.Trace`, a
:class:`~neuroexplore.neurons.PhasePlane`, a trained network...) and returns a
``plotly.graph_objects.Figure`` ready to display; a few call an engine themselves
when the figure *is* that engine call (the HH rate functions, a population run of a
model's presets, an MLP decision surface).  Interactive versions of the same views
live in the labs (:class:`~neuroexplore.widgets.NeuronLab`,
:class:`~neuroexplore.widgets.NetworkLab`).

Examples
--------
>>> from neuroexplore.neurons import simulate
>>> fig = trace_figure(simulate("lif", current=2.0, t_stop=100.0))
>>> fig.data[0].name
'V'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..neurons import model_info, preset, presets, simulate, stimulus_protocol
from ..neurons.hodgkin_huxley import rates as hh_rates
from ..neurons.hodgkin_huxley import steady_state as hh_steady_state
from ..neurons.stimuli import Step
from . import palette as pal
from .plotting import LAYOUT, decimate_minmax, display_unit

__all__ = [
    "trace_figure",
    "gating_figure",
    "fi_figure",
    "presets_figure",
    "protocols_figure",
    "phase_plane_figure",
    "perceptron_figure",
    "errors_figure",
    "decision_surface_figure",
    "learning_curve_figure",
    "hebbian_figure",
    "stdp_figure",
    "raster_figure",
    "sweep_figure",
]

COLORS = pal.CYCLE
EXC_COLOR, INH_COLOR = pal.BLUE, pal.VERMILLION


STATIC_LAYOUT = {
    **LAYOUT,
    # a static figure has room for its legend on the right, clear of the title and of
    # subplot titles
    "legend": dict(orientation="v", x=1.02, y=1.0, xanchor="left", yanchor="top"),
    "margin": dict(l=70, r=20, t=70, b=50),
}


def _layout(fig: go.Figure, **layout: Any) -> go.Figure:
    fig.update_layout(**{**STATIC_LAYOUT, **layout})
    return fig


def _unit(text: str) -> str:
    return f" ({display_unit(text)})" if text else ""


# -- neurons ------------------------------------------------------------------------------


def trace_figure(
    trace: Any,
    *,
    title: str | None = None,
    states: bool = True,
    show_current: bool = True,
    bins: int = 2000,
    height: int | None = None,
) -> go.Figure:
    """V(t) of a single-neuron trace, with its state variables and input below.

    Spike times are marked with ticks above the voltage (LIF traces show only the
    reset, so the ticks are the spikes).  Long traces are min/max decimated.
    """
    if trace.n is not None or trace.v is None or trace.v.ndim != 1:
        raise ValueError("trace_figure needs a single-neuron trace recorded with record='all'")
    info = model_info(trace.model)
    state_names = tuple(trace.state) if states else ()
    rows = 1 + bool(state_names) + bool(show_current)
    heights = [0.55, 0.25, 0.2][:rows] if rows == 3 else ([0.7, 0.3] if rows == 2 else [1.0])
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.05,
                        row_heights=heights)
    t, v = decimate_minmax(trace.t, trace.v, bins)
    fig.add_trace(go.Scatter(x=t, y=v, name="V", line=dict(color=pal.BLACK, width=1.2)),
                  row=1, col=1)
    spikes = np.asarray(trace.spike_times)
    if spikes.size:
        top = float(np.max(trace.v))
        fig.add_trace(go.Scatter(x=spikes, y=np.full(spikes.size, top), mode="markers",
                                 name="spikes", marker=dict(symbol="line-ns-open", size=10,
                                                            color=pal.ORANGE)), row=1, col=1)
    row = 2
    if state_names:
        for k, name in enumerate(state_names):
            ts, ys = decimate_minmax(trace.t, trace.state[name], bins)
            fig.add_trace(go.Scatter(x=ts, y=ys, name=name,
                                     line=pal.series_line(k, width=1.2)),
                          row=row, col=1)
        fig.update_yaxes(title_text=", ".join(state_names), row=row, col=1)
        row += 1
    if show_current:
        tc, ic = decimate_minmax(trace.t, trace.current, bins)
        fig.add_trace(go.Scatter(x=tc, y=ic, name="input", line=dict(color=pal.GREY, width=1)),
                      row=row, col=1)
        fig.update_yaxes(title_text="I" + _unit(info.current.unit), row=row, col=1)
    fig.update_yaxes(title_text="V" + _unit(info.v_unit), row=1, col=1)
    fig.update_xaxes(title_text="time (ms)", row=rows, col=1)
    if title is None:
        rate = len(spikes) * 1000.0 / trace.t_stop
        title = f"{info.title}: {len(spikes)} spikes in {trace.t_stop:g} ms ({rate:.1f} Hz)"
    return _layout(fig, title=title, height=height or (260 + 120 * rows))


def gating_figure(v_range: tuple[float, float] = (-100.0, 50.0), points: int = 301) -> go.Figure:
    """Hodgkin-Huxley steady states x∞(V) and time constants τ_x(V), x = m, h, n.

    Both come from the engine's rate functions at 6.3 °C
    (:func:`neuroexplore.neurons.hodgkin_huxley.rates`):
    ``x_inf = alpha_x / (alpha_x + beta_x)``, ``tau_x = 1 / (alpha_x + beta_x)`` (ms).
    """
    V = np.linspace(*v_range, points)
    x_inf = hh_steady_state(V)
    am, bm, ah, bh, an, bn = np.vectorize(hh_rates, otypes=[float] * 6)(V)
    taus = (1.0 / (am + bm), 1.0 / (ah + bh), 1.0 / (an + bn))
    fig = make_subplots(rows=1, cols=2, subplot_titles=("steady state x∞(V)",
                                                        "time constant τ<sub>x</sub>(V)"))
    for k, name in enumerate("mhn"):
        style = pal.styled(name, width=2)
        symbol = pal.SYMBOLS[k]
        marks = dict(symbol=symbol, size=7, maxdisplayed=12)
        fig.add_trace(go.Scatter(x=V, y=x_inf[k], name=f"{name}∞", mode="lines+markers",
                                 line=style, marker=marks, legendgroup=name), row=1, col=1)
        fig.add_trace(go.Scatter(x=V, y=taus[k], name=f"τ<sub>{name}</sub>",
                                 mode="lines+markers", line=style, marker=marks,
                                 legendgroup=name), row=1, col=2)
    fig.update_xaxes(title_text="V (mV)")
    fig.update_yaxes(title_text="x∞", range=[-0.02, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="τ<sub>x</sub> (ms)", row=1, col=2)
    return _layout(fig, title="Hodgkin-Huxley gating variables (6.3 °C)", height=380)


def fi_figure(
    currents: np.ndarray,
    rates: np.ndarray,
    *,
    analytic: tuple[np.ndarray, np.ndarray] | None = None,
    unit: str = "",
    title: str = "f-I curve",
    label: str = "simulation",
) -> go.Figure:
    """Firing rate versus constant current; ``analytic = (I, f)`` overlays a theory curve."""
    fig = go.Figure()
    if analytic is not None:
        fig.add_trace(go.Scatter(x=analytic[0], y=analytic[1], name="analytic",
                                 line=dict(color=pal.BLACK, width=1.5)))
    fig.add_trace(go.Scatter(x=currents, y=rates, name=label, mode="markers",
                             marker=dict(color=COLORS[1], size=7)))
    return _layout(fig, title=title, xaxis_title="input current" + _unit(unit),
                   yaxis_title="firing rate (Hz)")


def presets_figure(
    model: str,
    names: Sequence[str] | None = None,
    *,
    t_stop: float = 300.0,
    onset: float = 20.0,
    dt: float | None = None,
    bins: int = 1500,
) -> go.Figure:
    """V(t) of several presets of ``model``, each driven by its suggested step current.

    All presets run at once as one population (parameter arrays, one row each),
    the step switching on at ``onset`` ms.
    """
    info = model_info(model)
    valid = presets(info.name)
    names = list(valid) if names is None else list(names)
    unknown = [n for n in names if n not in valid]
    if unknown or not names:
        raise ValueError(f"names = {unknown or names!r} are not presets of {info.name}; valid "
                         f"presets are {', '.join(valid)}")
    table = {n: preset(info.name, n) for n in names}
    defaults = {s.name: s.default for s in info.specs}
    params = {p: np.array([table[n].get(p, defaults[p]) for n in names]) for p in defaults}
    amps = np.array([table[n].get("current", info.current.default) for n in names])
    tr = simulate(info.name, current=Step(amps, onset=onset), t_stop=t_stop, dt=dt,
                  record="v", **params)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=0.02)
    for k, name in enumerate(names):
        t, v = decimate_minmax(tr.t, tr.v[k], bins)
        unit = f" {display_unit(info.current.unit)}" if info.current.unit else ""
        fig.add_trace(go.Scatter(x=t, y=v, name=name, line=dict(color=COLORS[k % 7], width=1)),
                      row=k + 1, col=1)
        fig.update_yaxes(title_text=f"{name}<br>I = {amps[k]:g}{unit}", row=k + 1, col=1,
                         title_font=dict(size=11))
    fig.update_xaxes(title_text="time (ms)", row=len(names), col=1)
    return _layout(fig, title=f"{info.title}: preset firing patterns ({info.v_unit or 'v'})",
                   height=120 + 110 * len(names), showlegend=False,
                   margin=dict(l=100, r=20, t=60, b=50))


def protocols_figure(
    model: str,
    names: Sequence[str] | None = None,
    *,
    dt: float | None = None,
    bins: int = 1500,
) -> go.Figure:
    """V(t) of presets of ``model``, each under the stimulus protocol it declares.

    Each preset runs with its own protocol (:func:`~neuroexplore.neurons.stimulus_protocol`:
    stimulus and ``t_stop``); its input current is drawn in grey on a second axis.
    Presets without a protocol are refused.

    Examples
    --------
    >>> fig = protocols_figure("izhikevich", ["TC", "RZ"])
    >>> [tr.name for tr in fig.data]
    ['TC', 'TC input', 'RZ', 'RZ input']
    """
    info = model_info(model)
    with_protocol = [n for n in presets(info.name) if stimulus_protocol(info.name, n)]
    names = with_protocol if names is None else list(names)
    unknown = [n for n in names if n not in with_protocol]
    if unknown or not names:
        raise ValueError(f"names = {unknown or names!r} are not presets of {info.name} with a "
                         f"stimulus protocol; valid: {', '.join(with_protocol) or '(none)'}")
    fig = make_subplots(rows=len(names), cols=1, vertical_spacing=0.045,
                        specs=[[{"secondary_y": True}]] * len(names),
                        subplot_titles=[f"{n}: {stimulus_protocol(info.name, n).shows}"
                                        for n in names])
    for k, name in enumerate(names):
        proto = stimulus_protocol(info.name, name)
        tr = simulate(info.name, preset=name, current=proto.stimulus(), t_stop=proto.t_stop,
                      dt=dt, record="v")
        t, v = decimate_minmax(tr.t, tr.v, bins)
        fig.add_trace(go.Scatter(x=t, y=v, name=name, line=dict(color=COLORS[k % 7], width=1)),
                      row=k + 1, col=1)
        ti, ii = decimate_minmax(tr.t, tr.current, bins)
        fig.add_trace(go.Scatter(x=ti, y=ii, name=f"{name} input",
                                 line=dict(color=pal.GREY, width=1, dash="dot")),
                      row=k + 1, col=1, secondary_y=True)
        fig.update_yaxes(title_text=info.v_unit or "v", row=k + 1, col=1, secondary_y=False)
        fig.update_yaxes(title_text="I", row=k + 1, col=1, secondary_y=True)
    fig.update_annotations(font_size=11)
    fig.update_xaxes(title_text="time (ms)", row=len(names), col=1)
    return _layout(fig, title=f"{info.title}: each preset under its signature protocol",
                   height=120 + 150 * len(names), showlegend=False,
                   margin=dict(l=70, r=50, t=80, b=50))


def _field_segments(pp: Any, scale: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """NaN-separated segments of equal screen length pointing along the vector field."""
    vv, ww = np.meshgrid(pp.v, pp.w)
    span_v, span_w = pp.v[-1] - pp.v[0], pp.w[-1] - pp.w[0]
    dv, dw = pp.dv / span_v, pp.dw / span_w
    norm = np.hypot(dv, dw)
    norm[norm == 0] = 1.0
    cell = scale / (len(pp.v) - 1)
    x1 = vv + dv / norm * cell * span_v
    y1 = ww + dw / norm * cell * span_w
    nan = np.full_like(vv, np.nan)
    return (np.stack([vv, x1, nan], axis=-1).ravel(), np.stack([ww, y1, nan], axis=-1).ravel())


def phase_plane_figure(pp: Any, trace: Any | None = None, *, title: str | None = None
                       ) -> go.Figure:
    """Nullclines, direction field and fixed points of a ``PhasePlane``.

    ``trace`` (a single-neuron ``Trace`` of the same model) adds its trajectory.
    Stable fixed points are filled, unstable ones open.
    """
    fig = go.Figure()
    x, y = _field_segments(pp)
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name="direction",
                             line=dict(color=pal.GREY, width=1), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=pp.v_nullcline[0], y=pp.v_nullcline[1], name="v-nullcline",
                             line=pal.series_line(0, width=2)))
    fig.add_trace(go.Scatter(x=pp.w_nullcline[0], y=pp.w_nullcline[1], name="w-nullcline",
                             line=pal.series_line(1, width=2)))
    if trace is not None:
        w_name = next(iter(trace.state))
        fig.add_trace(go.Scatter(x=trace.v, y=trace.state[w_name], name="trajectory",
                                 line=dict(color=pal.BLACK, width=1.2)))
    for fp in pp.fixed_points:
        fig.add_trace(go.Scatter(
            x=[fp.v], y=[fp.w], mode="markers", name=fp.stability,
            marker=dict(size=12, color=pal.BLACK if fp.stable else "white",
                        line=dict(color=pal.BLACK, width=2))))
    fig.update_xaxes(range=[pp.v[0], pp.v[-1]], title_text=pp.v_label)
    fig.update_yaxes(range=[pp.w[0], pp.w[-1]], title_text=pp.w_label)
    labels = ", ".join(fp.stability for fp in pp.fixed_points) or "no fixed point"
    return _layout(fig, title=title or f"{model_info(pp.model).title} at I = {pp.current:g}: "
                   f"{labels}", height=420)


# -- networks -----------------------------------------------------------------------------


def perceptron_figure(X: np.ndarray, y: np.ndarray, result: Any, *, title: str | None = None
                      ) -> go.Figure:
    """Two-input data (class 0 blue circles, class 1 vermillion squares) and the boundary."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    fig = go.Figure()
    for cls in (0, 1):
        sel = y == cls
        fig.add_trace(go.Scatter(x=X[sel, 0], y=X[sel, 1], mode="markers", name=f"class {cls}",
                                 marker=dict(color=pal.color(cls), symbol=pal.SYMBOLS[cls],
                                             size=10)))
    lo = np.minimum(X.min(axis=0), 0.0) - 0.5
    hi = np.maximum(X.max(axis=0), 1.0) + 0.5
    xs, ys = result.boundary_line((lo[0], hi[0]), (lo[1], hi[1]))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="w.x + b = 0",
                             line=dict(color=pal.BLACK, dash="dash")))
    acc = float(np.mean(result.predict(X) == y))
    status = "converged" if result.converged else "did not converge"
    fig.update_xaxes(range=[lo[0], hi[0]], title_text="x1")
    fig.update_yaxes(range=[lo[1], hi[1]], title_text="x2", scaleanchor="x", scaleratio=1)
    return _layout(fig, title=title or f"perceptron {status} after {result.n_updates} updates; "
                   f"accuracy {acc:.0%}", height=420, width=520)


def errors_figure(results: Mapping[str, Any], *, title: str = "Perceptron mistakes per epoch"
                  ) -> go.Figure:
    """Mistakes per epoch of several ``PerceptronResult``\\ s (one line each)."""
    fig = go.Figure()
    for k, (name, res) in enumerate(results.items()):
        epochs = np.arange(1, res.epochs_run + 1)
        fig.add_trace(go.Scatter(x=epochs, y=res.errors, mode="lines+markers",
                                 name=f"{name} ({'converged' if res.converged else 'never'})",
                                 line=pal.series_line(k),
                                 marker=dict(symbol=pal.series_symbol(k))))
    return _layout(fig, title=title, xaxis_title="epoch", yaxis_title="mistakes (updates)")


def decision_surface_figure(result: Any, X: np.ndarray, y: np.ndarray, *,
                            title: str | None = None, resolution: int = 101) -> go.Figure:
    """Class-1 probability of a 2-input MLP over the plane, with the data points."""
    from ..networks import decision_surface

    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    lo = np.minimum(X.min(axis=0), 0.0) - 0.5
    hi = np.maximum(X.max(axis=0), 1.0) + 0.5
    xs, ys, zz = decision_surface(result, xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]),
                                  resolution=resolution)
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=zz, zmin=0, zmax=1, colorscale=pal.DIVERGING,
                               opacity=0.75, colorbar=dict(title="P(class 1)")))
    fig.add_trace(go.Contour(x=xs, y=ys, z=zz, contours=dict(start=0.5, end=0.5, size=1,
                                                             coloring="none"),
                             line=dict(color=pal.BLACK, width=2), showscale=False,
                             name="P = 0.5"))
    for cls, color in ((0, COLORS[0]), (1, COLORS[1])):
        sel = y == cls
        fig.add_trace(go.Scatter(x=X[sel, 0], y=X[sel, 1], mode="markers", name=f"class {cls}",
                                 marker=dict(color=color, size=11, line=dict(color="white",
                                                                             width=1.5))))
    acc = result.accuracy(X, y)
    fig.update_xaxes(title_text="x1")
    fig.update_yaxes(title_text="x2", scaleanchor="x", scaleratio=1)
    hidden = ", ".join(str(w.shape[1]) for w in result.weights[:-1])
    return _layout(fig, title=title or f"MLP ({hidden} hidden): decision surface, accuracy "
                   f"{acc:.0%}", height=440, width=560)


def learning_curve_figure(result: Any, *, title: str | None = None) -> go.Figure:
    """Training loss and (training / validation) accuracy per epoch of an ``MLPResult``."""
    epochs = np.arange(1, result.epochs_run + 1)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("loss", "accuracy"))
    fig.add_trace(go.Scatter(x=epochs, y=result.loss_history, name="training loss",
                             line=dict(color=COLORS[0])), row=1, col=1)
    fig.add_trace(go.Scatter(x=epochs, y=result.accuracy_history, name="training accuracy",
                             line=dict(color=COLORS[0], dash="dash")), row=1, col=2)
    final = f"training accuracy {result.accuracy_history[-1]:.1%}"
    if result.val_accuracy_history.size:
        fig.add_trace(go.Scatter(x=epochs, y=result.val_loss_history, name="test loss",
                                 line=dict(color=COLORS[1])), row=1, col=1)
        fig.add_trace(go.Scatter(x=epochs, y=result.val_accuracy_history, name="test accuracy",
                                 line=dict(color=COLORS[1], dash="dash")), row=1, col=2)
        final = f"test accuracy {result.val_accuracy_history[-1]:.1%}"
    fig.update_xaxes(title_text="epoch")
    return _layout(fig, title=title or f"MLP learning curves: {final}", height=360)


def hebbian_figure(X: np.ndarray, results: Mapping[str, Any], *, title: str | None = None
                   ) -> go.Figure:
    """Input cloud with weight trajectories (left) and |w| per sample (right, log scale).

    The dashed line is the principal axis of the (centred) data, the leading
    eigenvector of its covariance (``numpy.linalg.eigh``), for comparison.
    """
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    evals, evecs = np.linalg.eigh(np.cov(Xc.T))
    e1 = evecs[:, np.argmax(evals)]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5],
                        subplot_titles=("inputs and weight vector", "weight norm |w|"))
    fig.add_trace(go.Scatter(x=Xc[:, 0], y=Xc[:, 1], mode="markers", name="inputs",
                             marker=dict(color=pal.LIGHT_GREY, size=4)), row=1, col=1)
    reach = 1.2 * float(np.max(np.abs(Xc)))
    fig.add_trace(go.Scatter(x=[-reach * e1[0], reach * e1[0]], y=[-reach * e1[1], reach * e1[1]],
                             mode="lines", name="principal axis",
                             line=dict(color=pal.BLACK, dash="dash")), row=1, col=1)
    for k, (name, res) in enumerate(results.items()):
        color = COLORS[k % len(COLORS)]
        W = res.weights
        stride = max(1, len(W) // 1000)
        norms = res.norms
        if norms.max() <= reach:  # a bounded run: draw its whole path
            fig.add_trace(go.Scatter(x=W[::stride, 0], y=W[::stride, 1], mode="lines",
                                     name=f"{name} path of w", line=dict(color=color, width=1)),
                          row=1, col=1)
        w_end = W[-1] if norms[-1] <= reach else W[-1] / norms[-1] * reach
        label = f"{name} final w" if norms[-1] <= reach else (
            f"{name} direction of w (|w| = {norms[-1]:.1e})")
        line = dict(color=color, width=3) if norms[-1] <= reach else dict(color=color, width=2,
                                                                           dash="dot")
        fig.add_trace(go.Scatter(x=[0.0, w_end[0]], y=[0.0, w_end[1]], mode="lines+markers",
                                 name=label, line=line), row=1, col=1)
        fig.add_trace(go.Scatter(x=np.arange(0, len(W), stride), y=res.norms[::stride],
                                 name=f"{name} |w|" + (" (diverged)" if res.diverged else ""),
                                 line=dict(color=color)), row=1, col=2)
    fig.update_xaxes(range=[-reach, reach], title_text="x1", row=1, col=1)
    fig.update_yaxes(range=[-reach, reach], title_text="x2", scaleanchor="x", scaleratio=1,
                     row=1, col=1)
    fig.update_xaxes(title_text="samples presented", row=1, col=2)
    fig.update_yaxes(type="log", row=1, col=2)
    return _layout(fig, title=title or "Hebbian learning of a linear neuron", height=440)


def stdp_figure(window: tuple[np.ndarray, np.ndarray], *,
                protocol: tuple[np.ndarray, np.ndarray] | None = None,
                title: str = "STDP window") -> go.Figure:
    """The pair window ``(dt, dw)`` as a curve; ``protocol = (dt, dw per pair)`` as points."""
    dt, dw = (np.asarray(a, dtype=float) for a in window)
    fig = go.Figure()
    pos = dt > 0
    for sel, name in ((pos, "potentiation"), (~pos, "depression")):
        fig.add_trace(go.Scatter(x=dt[sel], y=dw[sel], name=name, line=pal.styled(name)))
    if protocol is not None:
        fig.add_trace(go.Scatter(x=protocol[0], y=protocol[1], mode="markers",
                                 name="pairing protocol (per pair)",
                                 marker=dict(color=pal.BLACK, size=7)))
    fig.add_hline(y=0.0, line=dict(color=pal.GREY, width=1))
    fig.add_vline(x=0.0, line=dict(color=pal.GREY, width=1))
    return _layout(fig, title=title, xaxis_title="dt = t_post - t_pre (ms)",
                   yaxis_title="weight change dw")


def raster_figure(net: Any, *, max_neurons: int = 200, bin_ms: float = 2.0,
                  title: str | None = None) -> go.Figure:
    """Spike raster (excitatory blue, inhibitory red) and the population rate below.

    At most ``max_neurons`` neurons are drawn, taken proportionally from both
    populations; the rate panel uses every neuron.
    """
    n_e = min(net.n_exc, int(round(max_neurons * net.n_exc / max(net.n_neurons, 1))))
    n_i = min(net.n_inh, max_neurons - n_e)
    ids, ts = net.spike_neurons, net.spike_times
    exc = ids < n_e
    inh = (ids >= net.n_exc) & (ids < net.n_exc + n_i)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3],
                        vertical_spacing=0.05)
    marker = dict(symbol="line-ns-open", size=4)
    fig.add_trace(go.Scattergl(x=ts[exc], y=ids[exc], mode="markers", name="excitatory",
                               marker={**marker, "color": EXC_COLOR}), row=1, col=1)
    fig.add_trace(go.Scattergl(x=ts[inh], y=ids[inh] - net.n_exc + n_e, mode="markers",
                               name="inhibitory", marker={**marker, "color": INH_COLOR}),
                  row=1, col=1)
    centres, rate = net.population_rate(bin_ms)
    fig.add_trace(go.Scatter(x=centres, y=rate, name="population rate",
                             line=dict(color=pal.BLACK, width=1)), row=2, col=1)
    fig.update_yaxes(title_text="neuron", row=1, col=1)
    fig.update_yaxes(title_text="rate (Hz)", row=2, col=1)
    fig.update_xaxes(title_text="time (ms)", row=2, col=1)
    cv = net.mean_cv()
    cv_txt = f", ISI CV {cv:.2f}" if cv is not None else ""
    return _layout(fig, title=title or f"E/I network: mean rate {net.mean_rate():.1f} Hz"
                   f"{cv_txt}", height=480)


def sweep_figure(x: np.ndarray, ys: Mapping[str, np.ndarray], *, xlabel: str, ylabel: str,
                 title: str = "") -> go.Figure:
    """Lines ``ys[name]`` against ``x`` (a parameter sweep)."""
    fig = go.Figure()
    for k, (name, yv) in enumerate(ys.items()):
        fig.add_trace(go.Scatter(x=x, y=yv, mode="lines+markers", name=name,
                                 line=dict(color=COLORS[k % len(COLORS)])))
    return _layout(fig, title=title, xaxis_title=xlabel, yaxis_title=ylabel)
