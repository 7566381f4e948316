"""Static figures for notebook 04 (device arrays); display only.

Every function takes results the engines (the studies of
:mod:`neuroexplore.crossbar.studies` included) already computed and returns a plotly
``go.Figure``; none computes physics::

    from neuroexplore.crossbar import studies
    from neuroexplore.widgets import crossbar_figures as cf
    res = studies.run_sweep("adc_bits", "AlOx/HfO2")
    cf.sweep_grid({"adc_bits": res})
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..crossbar.studies import SWEEPS
from . import palette as pal
from .plotting import LAYOUT, display_unit

__all__ = [
    "mvm_figure",
    "mapping_figure",
    "read_margin_figure",
    "voltage_map",
    "ir_drop_trend_figure",
    "approx_figure",
    "converter_figure",
    "tiling_figure",
    "sweep_grid",
    "device_table_figure",
    "training_curves",
    "energy_figure",
    "im2col_figure",
    "device_accuracy_figure",
]

_COLORS = pal.CYCLE


def _layout(fig: go.Figure, **kw: Any) -> go.Figure:
    fig.update_layout(**{**LAYOUT, **kw})
    return fig


def _np(x: Any) -> np.ndarray:
    return x.detach().cpu().numpy() if hasattr(x, "detach") else np.asarray(x)


def mvm_figure(G_pos: Any, G_neg: Any, v: Any, i_out: Any, i_expected: Any) -> go.Figure:
    """Differential conductance map (µS) and column currents: array vs Ohm + Kirchhoff."""
    dg = (_np(G_pos) - _np(G_neg)) * 1e6
    i_out, i_expected = _np(i_out) * 1e6, _np(i_expected) * 1e6
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.15,
                        subplot_titles=("G+ − G− (µS), rows = inputs",
                                        "column currents (µA)"))
    fig.add_heatmap(z=dg, colorscale=pal.DIVERGING, zmid=0, row=1, col=1,
                    colorbar=dict(x=0.42, len=0.9, thickness=12))
    cols = np.arange(i_out.size)
    fig.add_bar(x=cols, y=i_expected, name="Σᵢ (G+ − G−)ᵢⱼ Vᵢ", row=1, col=2,
                marker_color=pal.GREY)
    fig.add_scatter(x=cols, y=i_out, mode="markers", name="array read", row=1, col=2,
                    marker=dict(size=10, color=pal.VERMILLION))
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(title_text="column j (output)", row=1, col=2)
    err = float(np.abs(i_out - i_expected).max() / max(np.abs(i_expected).max(), 1e-30))
    return _layout(fig, height=360, title=f"Ohm + Kirchhoff: V = {np.round(_np(v), 3)} V, "
                   f"max relative difference {err:.1e}")


def mapping_figure(diff: Mapping[str, Any], offset: Mapping[str, Any]) -> go.Figure:
    """Conductances (µS) of the differential pair and of the offset mapping's cells."""
    panels = (("G+ (differential)", diff["pos"]), ("G− (differential)", diff["neg"]),
              ("G (offset)", offset["main"]), ("G_ref column (offset)", offset["ref"]))
    fig = make_subplots(rows=1, cols=4, subplot_titles=[p[0] for p in panels],
                        column_widths=[0.3, 0.3, 0.3, 0.1], horizontal_spacing=0.05)
    lo = min(float(_np(p[1]).min()) for p in panels) * 1e6
    hi = max(float(_np(p[1]).max()) for p in panels) * 1e6
    for k, (_t, g) in enumerate(panels, start=1):
        fig.add_heatmap(z=_np(g) * 1e6, zmin=lo, zmax=hi, colorscale=pal.SEQUENTIAL, row=1, col=k,
                        showscale=k == 4, colorbar=dict(title="µS", thickness=12))
        fig.update_yaxes(autorange="reversed", row=1, col=k)
    return _layout(fig, height=330, title="Two ways to store signed weights in positive "
                   "conductances")


def read_margin_figure(margins: Mapping[str, Mapping[str, np.ndarray]], g_on: float,
                       g_off: float) -> go.Figure:
    """Worst-case read margin vs array size per bias scheme, with the 1T1R limit."""
    fig = go.Figure()
    for k, (label, m) in enumerate(margins.items()):
        fig.add_scatter(x=m["sizes"], y=m["margin"], mode="lines+markers", name=label,
                        line=dict(color=_COLORS[k % len(_COLORS)],
                                  dash="dot" if "selector" in label else "solid"))
    sizes = next(iter(margins.values()))["sizes"]
    fig.add_scatter(x=[sizes.min(), sizes.max()], y=[1 - g_off / g_on] * 2, mode="lines",
                    name="1T1R (unselected rows' transistors off): 1 − G_off/G_on",
                    line=dict(color=pal.BLACK, dash="dash"))
    return _layout(fig, height=380, title="Sneak paths: read margin of an N×N passive array",
                   xaxis=dict(title="N (rows = columns)", type="log"),
                   yaxis=dict(title="(I_on − I_off) / I_on", range=[0, 1.02]))


def voltage_map(res: Any, title: str = "") -> go.Figure:
    """Heatmap of the voltage across every cell (V) from an IR-drop solve."""
    fig = go.Figure(go.Heatmap(z=res.v_cell, colorscale=pal.SEQUENTIAL, colorbar=dict(title="V")))
    err = float(res.relative_error.max())
    fig.update_yaxes(autorange="reversed", title="row (driven at the left)")
    fig.update_xaxes(title="column (sensed at the bottom)")
    return _layout(fig, height=420, width=560, title=title or
                   f"voltage across each cell; worst output error {100 * err:.1f} %")


def ir_drop_trend_figure(sizes: Sequence[int], r_wires: Sequence[float],
                         grid: np.ndarray) -> go.Figure:
    """Worst relative output error vs array size, one line per wire resistance."""
    fig = go.Figure()
    for j, r in enumerate(r_wires):
        fig.add_scatter(x=list(sizes), y=100 * grid[:, j], mode="lines+markers",
                        name=f"r_wire = {r:g} Ω")
    return _layout(fig, height=360, title="IR drop grows with array size and wire resistance",
                   xaxis=dict(title="N (N×N array)", type="log"),
                   yaxis=dict(title="worst output error (% of largest output)", type="log"))


def approx_figure(cmp: Mapping[str, np.ndarray]) -> go.Figure:
    """IR-drop error itself and the error of two fast models against the exact solve."""
    fig = go.Figure()
    for key, label, dash in (("ir_error", "IR drop itself (exact vs ideal wires)", "solid"),
                             ("first_order", "first-order correction vs exact", "dot"),
                             ("chebyshev", "Chebyshev model (tol 1e-3) vs exact", "dash")):
        fig.add_scatter(x=cmp["sizes"], y=np.maximum(cmp[key], 1e-12), mode="lines+markers",
                        name=label, line=dict(dash=dash))
    return _layout(fig, height=360, title="Fast IR-drop models against the exact nodal solve",
                   xaxis=dict(title="N (N×N array)", type="log"),
                   yaxis=dict(title="worst error / largest output", type="log",
                              exponentformat="power"))


def converter_figure(bits: Sequence[int], errors: Mapping[str, np.ndarray]) -> go.Figure:
    """Relative MVM error vs converter resolution, with a 2^-b guide."""
    bits = np.asarray(bits)
    fig = go.Figure()
    for label, err in errors.items():
        fig.add_scatter(x=bits, y=err, mode="lines+markers", name=label)
    last = min(float(e[-1]) for e in errors.values())
    fig.add_scatter(x=bits, y=last * 2.0 ** (bits[-1] - bits), mode="lines", name="∝ 2^−b",
                    line=dict(color=pal.BLACK, dash="dash"))
    return _layout(fig, height=360, title="Peripheral resolution: MVM error vs bits",
                   xaxis_title="bits", yaxis=dict(title="RMS error / RMS(W·x)", type="log"))


def tiling_figure(res: Mapping[str, np.ndarray], adc_bits: int) -> go.Figure:
    """Output error vs tile size for digital and analog accumulation of partial sums."""
    labels = [f"{t}×{t} ({n} tiles)" for t, n in zip(res["tiles"], res["n_tiles"], strict=True)]
    fig = go.Figure()
    fig.add_bar(x=labels, y=100 * res["digital"], name="ADC per tile, digital sum")
    fig.add_bar(x=labels, y=100 * res["analog"], name="currents summed, one ADC",
                marker_pattern_shape="/")
    return _layout(fig, height=360, barmode="group",
                   title=f"Tiling the 32×64 first layer ({adc_bits}-bit ADCs)",
                   xaxis_title="tile size", yaxis_title="RMS output error (%)")


def sweep_grid(results: Mapping[str, Any], cols: int = 4) -> go.Figure:
    """One panel per sweep: accuracy (mean ± std over seeds) and the float baseline."""
    names = list(results)
    rows = math.ceil(len(names) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names, vertical_spacing=0.16,
                        horizontal_spacing=0.06)
    for k, name in enumerate(names):
        res, sw = results[name], SWEEPS[name]
        r, c = k // cols + 1, k % cols + 1
        for s_i, s in enumerate(res.accuracy):
            fig.add_scatter(x=res.values, y=res.mean(s), mode="lines+markers",
                            error_y=dict(type="data", array=res.std(s)), row=r, col=c,
                            name=s, showlegend=len(res.accuracy) > 1,
                            line=dict(color=_COLORS[s_i]))
        fig.add_scatter(x=[res.values.min(), res.values.max()], y=[res.accuracy_float] * 2,
                        mode="lines", line=dict(color=pal.BLACK, dash="dash"), row=r, col=c,
                        name="float", showlegend=k == 0)
        unit = f" ({display_unit(sw.unit)})" if sw.unit else ""
        fig.update_xaxes(title_text=name + unit, type="log" if sw.log_x else "linear",
                         row=r, col=c)
        fig.update_yaxes(range=[0, 1.02], row=r, col=c)
    device = next(iter(results.values())).device
    return _layout(fig, height=330 * rows, title=f"Digits accuracy on {device} crossbars, one "
                   "non-ideality at a time (dashed: float)")


def device_table_figure(rows: Sequence[Any], published: Sequence[Mapping[str, str]]
                        ) -> go.Figure:
    """Our in-situ accuracy ranking beside NeuroSim's published accuracy and figures of merit.

    The published online-learning accuracy (MLP+NeuroSim V3.0 user manual 2019, sec. 9,
    Table II; MNIST 400-100-10) stands beside ours, and the title gives Spearman's rank
    correlation between the two columns (:func:`~neuroexplore.applications.
    pattern_recognition.rank_comparison`).
    """
    from ..applications.pattern_recognition import published_accuracy, rank_comparison

    pub = {r["name"]: r for r in published}
    acc_pub = published_accuracy()
    ranked = sorted(rows, key=lambda r: -r.accuracy)
    cells: list[list[Any]] = [[] for _ in range(9)]
    for rank, r in enumerate(ranked, start=1):
        p = pub.get(r.name, {})
        v = acc_pub.get(r.name)
        for col, val in enumerate((rank, r.name, f"{100 * r.accuracy:.1f}",
                                   "–" if v is None else f"{100 * v:.0f}", r.states_ltp,
                                   f"{r.nonlinearity_ltp:g} / {r.nonlinearity_ltd:g}",
                                   f"{r.c2c_sigma:g}", p.get("on_off_ratio", "–"),
                                   p.get("reference", r.reference))):
            cells[col].append(val)
    header = ["rank", "device", "our accuracy (%)", "NeuroSim V3.0 (%)", "states (LTP)",
              "nonlinearity LTP / LTD", "c2c σ", "on/off", "source"]
    cmp = rank_comparison({r.name: r.accuracy for r in rows}, acc_pub)
    rho = (f"Spearman ρ = {cmp.rho:.2f} over {len(cmp.devices)} devices" if cmp.rho is not None
           else cmp.reason)
    fig = go.Figure(go.Table(header=dict(values=header, fill_color="#e8eef7"),
                             cells=dict(values=cells),
                             columnwidth=[0.5, 1.4, 1, 1, 0.8, 1.2, 0.6, 0.6, 2.0]))
    return _layout(fig, height=90 + 32 * len(ranked), margin=dict(l=10, r=10, t=40, b=10),
                   title=f"In-situ training on each device, ranked, beside NeuroSim's published "
                         f"table ({rho})")


def training_curves(rows: Sequence[Any]) -> go.Figure:
    """Test accuracy per epoch of every device-table row."""
    fig = go.Figure()
    for k, r in enumerate(rows):
        acc = r.history.test_accuracy
        fig.add_scatter(x=np.arange(1, acc.size + 1), y=acc, mode="lines+markers", name=r.name,
                        line=dict(color=_COLORS[k % len(_COLORS)],
                                  dash="dash" if r.name == "float" else "solid"))
    return _layout(fig, height=380, title="In-situ training: test accuracy per epoch",
                   xaxis_title="epoch", yaxis=dict(title="test accuracy", range=[0, 1.02]))


def energy_figure(reports: Mapping[str, Any]) -> go.Figure:
    """Stacked read / DAC / ADC energy per inference (pJ), one bar per configuration."""
    labels = list(reports)
    fig = go.Figure()
    for k_part, part in enumerate(("read", "dac", "adc")):
        fig.add_bar(x=labels, y=[getattr(reports[k], part) * 1e12 for k in labels],
                    name=part.upper() if part != "read" else "array read",
                    marker_pattern_shape=pal.PATTERNS[k_part])
    totals = ", ".join(f"{k}: {reports[k].total * 1e12:.3g} pJ" for k in labels)
    return _layout(fig, height=360, barmode="stack", yaxis_title="energy per inference (pJ)",
                   title=f"Energy per digit inference ({totals})")


def im2col_figure(mapping: Any, read: int = 0) -> go.Figure:
    """A convolution as crossbar reads, from a :class:`~neuroexplore.crossbar.ConvMapping`.

    Four panels: the input image with the patch of read ``read`` outlined; the im2col
    matrix ``P`` (one unrolled patch per row, that read's row outlined); the kernel
    matrix ``K`` (one output channel per column = one array column); the reads'
    outputs ``Y = P K + b`` (column ``o`` reshaped is feature map ``o``).
    """
    img = mapping.image[0]
    P, K, Y = mapping.patches, mapping.kernel_matrix, mapping.output
    r0, c0 = mapping.patch_origin(read)
    kh, kw = mapping.kernel_size
    fig = make_subplots(
        rows=1, cols=4, column_widths=[0.25, 0.22, 0.22, 0.31], horizontal_spacing=0.07,
        subplot_titles=("input image (channel 0)",
                        f"im2col P: {P.shape[0]} reads × {P.shape[1]} rows",
                        f"kernels K: {K.shape[0]} rows × {K.shape[1]} columns",
                        f"outputs Y = P K + b: {Y.shape[0]} × {Y.shape[1]}"))
    fig.add_heatmap(z=img, colorscale="Greys", showscale=False, row=1, col=1)
    fig.add_heatmap(z=P, colorscale="Greys", showscale=False, row=1, col=2)
    lim = float(np.abs(K).max()) or 1.0
    fig.add_heatmap(z=K, colorscale=pal.DIVERGING, zmin=-lim, zmax=lim, row=1, col=3,
                    colorbar=dict(x=0.655, len=0.9, thickness=10, title="w"))
    fig.add_heatmap(z=Y, colorscale=pal.SEQUENTIAL, row=1, col=4,
                    colorbar=dict(len=0.9, thickness=10, title="y"))
    box = dict(type="rect", line=dict(color=pal.VERMILLION, width=3))
    fig.add_shape(**box, x0=c0 - 0.5, x1=c0 + kw - 0.5, y0=r0 - 0.5, y1=r0 + kh - 0.5,
                  row=1, col=1)
    for col, width in ((2, P.shape[1]), (4, Y.shape[1])):
        fig.add_shape(**box, x0=-0.5, x1=width - 0.5, y0=read - 0.5, y1=read + 0.5,
                      row=1, col=col)
    for col in range(1, 5):
        fig.update_yaxes(autorange="reversed", row=1, col=col)
    fig.update_xaxes(title_text="x (pixel)", row=1, col=1)
    fig.update_xaxes(title_text="crossbar row (c, i, j)", row=1, col=2)
    fig.update_xaxes(title_text="crossbar column = output channel", row=1, col=3)
    fig.update_xaxes(title_text="output channel", row=1, col=4)
    fig.update_yaxes(title_text="read l (output pixel)", row=1, col=2)
    return _layout(fig, height=400, title=f"im2col: read {read} sends the {kh}×{kw} patch at "
                   f"({r0}, {c0}) as one input vector; each kernel is one array column")


def device_accuracy_figure(results: Mapping[str, Any]) -> go.Figure:
    """Test accuracy (mean ± std over seeds) per device, one bar group per model, with
    each model's float accuracy dashed; ``results``: label -> ``DeviceAccuracy``."""
    fig = go.Figure()
    for k, (label, res) in enumerate(results.items()):
        color = _COLORS[k % len(_COLORS)]
        fig.add_bar(x=list(res.devices), y=100 * res.mean(), name=label, marker_color=color,
                    marker_pattern_shape=pal.PATTERNS[k % len(pal.PATTERNS)],
                    error_y=dict(type="data", array=100 * res.std()))
        fig.add_scatter(x=list(res.devices), y=[100 * res.accuracy_float] * len(res.devices),
                        mode="lines", line=dict(color=color, dash=pal.DASHES[1 + k % 5]),
                        name=f"{label}, float ({100 * res.accuracy_float:.1f} %)")
    return _layout(fig, height=400, barmode="group",
                   title="Digits accuracy programmed onto each device (ideal converters)",
                   yaxis=dict(title="test accuracy (%)", range=[0, 102]),
                   xaxis_title="device")

