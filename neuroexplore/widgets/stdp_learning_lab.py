"""StdpLearningLab: unsupervised STDP learning of digits with device synapses.

A thin view of :mod:`neuroexplore.applications.stdp_learning` (Diehl & Cook 2015,
reduced; no physics here).  The sliders drive cheap previews at once -- the device's
conductance-vs-pulse curve, the STDP window it realises, the initial receptive
fields and the training data -- and *Train* runs the network with the chosen device
synapses beside the same network with float weights and k-means prototypes, with a
progress bar and a Stop button (training goes on in the background).  The *size*
setting ``full`` reproduces the stronger figure (100 neurons, two passes over all
1,347 training digits).

The static figure helpers (:func:`device_curve_figure`, :func:`window_figure`,
:func:`receptive_fields_figure`, :func:`accuracy_figure`) serve the chapter notebook.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..applications.stdp_learning import (
    FLOAT,
    SIZE_SPEC,
    SIZES,
    STDP_LEARNING_SPECS,
    StdpLearningResult,
    compare_with_baselines,
    device_stdp_window,
    initial_weights,
)
from ..datasets import load_digits
from ..devices import get_device
from ..params import specs_by_name
from . import palette as pal
from ._device_common import axis_scale, download_link, export_with_provenance
from ._runs import Runner
from .base import Lab
from .controls import control_for, controls_for
from .plotting import LAYOUT

__all__ = [
    "StdpLearningLab",
    "device_curve_figure",
    "window_figure",
    "receptive_fields_figure",
    "accuracy_figure",
    "mosaic",
]

_SPECS = specs_by_name(STDP_LEARNING_SPECS)
DT_WINDOW = np.concatenate([np.arange(-100.0, 0.5, 1.0), np.arange(1.0, 101.0, 1.0)])
N_D2D_SAMPLES = 6
COLORS = {"device": pal.VERMILLION, "float": pal.BLUE, "kmeans": pal.GREEN, "chance": pal.GREY}


# ------------------------------------------------------------- display helpers
def mosaic(images: np.ndarray, cols: int | None = None) -> tuple[np.ndarray, int, int]:
    """Tile ``(n, h, w)`` images into one array with NaN gaps; returns (z, rows, cols)."""
    imgs = np.asarray(images, dtype=float)
    n, h, wd = imgs.shape
    cols = cols or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    z = np.full((rows * (h + 1) - 1, cols * (wd + 1) - 1), np.nan)
    for k in range(n):
        r, c = divmod(k, cols)
        z[r * (h + 1): r * (h + 1) + h, c * (wd + 1): c * (wd + 1) + wd] = imgs[k]
    return z[::-1], rows, cols  # row 0 at the top of the heatmap


def _tile_labels(n: int, rows: int, cols: int, h: int, wd: int, labels: Any) -> np.ndarray:
    text = np.full((rows * (h + 1) - 1, cols * (wd + 1) - 1), "", dtype=object)
    for k in range(n):
        r, c = divmod(k, cols)
        lab = "" if labels is None else f", class {int(labels[k])}"
        text[r * (h + 1): r * (h + 1) + h, c * (wd + 1): c * (wd + 1) + wd] = f"neuron {k}{lab}"
    return text[::-1]


def _device_curves(name: str, d2d_sigma: float, seed: int = 0) -> dict[str, np.ndarray]:
    """Conductance (µS) for n LTP then n LTD pulses: nominal and d2d samples."""
    if name == FLOAT:
        x = np.linspace(0.0, 200.0, 201)
        w_ = np.concatenate([np.linspace(0, 1, 101), np.linspace(1, 0, 101)[1:]])
        return {"x": x, "nominal": w_, "samples_x": np.array([]),
                "samples_y": np.array([]), "unit": "weight / w_max",
                "title": "float weights: continuous, linear"}
    dev = get_device(name)
    n_ltp, n_ltd = dev.states_ltp, dev.states_ltd
    p_up = np.arange(n_ltp + 1, dtype=float)
    p_dn = dev.states_ltd - np.arange(1, n_ltd + 1, dtype=float)
    x = np.arange(n_ltp + n_ltd + 1, dtype=float)
    factor, unit = axis_scale(np.array([dev.g_max]), "S")

    def curve(params=None):
        return np.concatenate([dev.potentiation_curve(p_up, params=params),
                               dev.depression_curve(p_dn, params=params)]) / factor

    nominal = curve()
    sx, sy = [], []
    if d2d_sigma > 0:
        par = dev.with_params(d2d_sigma=d2d_sigma).sample_d2d(N_D2D_SAMPLES, seed)
        for k in range(N_D2D_SAMPLES):
            sy.append(np.append(curve({key: v[k] for key, v in par.items()}), np.nan))
            sx.append(np.append(x, np.nan))
    return {"x": x, "nominal": nominal,
            "samples_x": np.concatenate(sx) if sx else np.array([]),
            "samples_y": np.concatenate(sy) if sy else np.array([]), "unit": f"G ({unit})",
            "title": f"{name}: {n_ltp} LTP then {n_ltd} LTD pulses"}


def _layout(fig: go.Figure, title: str = "", **layout: Any) -> go.Figure:
    fig.update_layout(**{**LAYOUT, **layout, "title": {**LAYOUT["title"], "text": title}})
    return fig


def _grid(cols: int, titles: tuple[str, ...], **layout: Any) -> go.Figure:
    fig = make_subplots(rows=1, cols=cols, subplot_titles=titles, horizontal_spacing=0.08)
    return _layout(fig, **layout)


def _fill_device(fig: go.Figure, name: str, d2d_sigma: float) -> None:
    c = _device_curves(name, d2d_sigma)
    fig.data[0].x, fig.data[0].y = c["x"], c["nominal"]
    fig.data[1].x, fig.data[1].y = c["samples_x"], c["samples_y"]
    fig.layout.yaxis.title.text = c["unit"]
    fig.layout.title.text = c["title"]


def _device_skeleton() -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(name="nominal device", mode="lines+markers", marker=dict(size=3),
                    line=dict(color=COLORS["device"]))
    fig.add_scatter(name="device-to-device samples", mode="lines",
                    line=dict(color=pal.ORANGE, width=1))
    _layout(fig, height=320, xaxis_title="pulse number", yaxis_title="G (µS)")
    return fig


def device_curve_figure(device: str = "Ag:a-Si", d2d_sigma: float = 0.0) -> go.Figure:
    """Conductance of ``device`` under identical LTP then LTD pulses (static figure)."""
    fig = _device_skeleton()
    _fill_device(fig, _SPECS["device"].validate(device), _SPECS["d2d_sigma"].validate(d2d_sigma))
    return fig


def _window_skeleton() -> go.Figure:
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("Δt ≤ 0: depression", "Δt > 0: potentiation"))
    for col in (1, 2):
        fig.add_scatter(name="requested (pair rule)", mode="lines", legendgroup="req",
                        showlegend=col == 1, line=dict(color=pal.BLACK), row=1, col=col)
        fig.add_scatter(name="realised by the device (mean)", mode="lines",
                        legendgroup="real", showlegend=col == 1,
                        line=dict(color=COLORS["device"], dash="dash"), row=1, col=col)
        fig.update_xaxes(title_text="Δt = t_post − t_pre (ms)", row=1, col=col)
    fig.update_yaxes(title_text="Δw per pair (weight / w_max)", row=1, col=1)
    return _layout(fig, height=360, legend=dict(orientation="h", yanchor="top", y=-0.3, x=0),
                   margin=dict(l=60, r=20, t=85, b=100))


def _fill_window(fig: go.Figure, device: str, **params: Any) -> None:
    req, real = device_stdp_window(DT_WINDOW, device, w0=0.5, **params)
    neg = DT_WINDOW <= 0
    for k, sel in enumerate((neg, ~neg)):
        fig.data[2 * k].x, fig.data[2 * k].y = DT_WINDOW[sel], req[sel]
        fig.data[2 * k + 1].x, fig.data[2 * k + 1].y = DT_WINDOW[sel], real[sel]
    ratio = [float(np.sum(real[sel]) / np.sum(req[sel])) if np.sum(req[sel]) else 1.0
             for sel in (neg, ~neg)]
    fig.layout.title.text = (f"STDP window at w = 0.5 w_max, {device}: realised / requested "
                             f"= {ratio[0]:.2f} (LTD), {ratio[1]:.2f} (LTP)")


def window_figure(device: str = "Ag:a-Si", **params: Any) -> go.Figure:
    """The pair-STDP window requested by the rule and realised by ``device`` (static)."""
    fig = _window_skeleton()
    _fill_window(fig, device, **params)
    return fig


def _fields_skeleton() -> go.Figure:
    fig = _grid(2, ("device synapses", "float weights"), height=420)
    for col in (1, 2):
        fig.add_heatmap(colorscale=pal.SEQUENTIAL, zmin=0.0, showscale=col == 2,
                        hovertemplate="%{text}<br>w = %{z:.3f}<extra></extra>",
                        row=1, col=col)
        fig.update_xaxes(visible=False, row=1, col=col)
        fig.update_yaxes(visible=False, scaleanchor="x" if col == 1 else "x2", row=1, col=col)
    fig.layout.title.text = "Receptive fields"
    return fig


def _fill_fields(fig: go.Figure, panels: list[tuple[np.ndarray, Any, str]]) -> None:
    """``panels``: (weights (64, N), labels or None, subplot title) for each column."""
    zmax = max(float(np.nanmax(p[0])) for p in panels) or 1.0
    for k, (wts, labels, title) in enumerate(panels):
        imgs = np.asarray(wts).T.reshape(-1, 8, 8)
        z, rows, cols = mosaic(imgs)
        fig.data[k].z = z
        fig.data[k].text = _tile_labels(imgs.shape[0], rows, cols, 8, 8, labels)
        fig.data[k].zmax = zmax
        fig.layout.annotations[k].text = title


def receptive_fields_figure(
    device: StdpLearningResult, baseline: StdpLearningResult | None = None
) -> go.Figure:
    """The learned weights of each neuron as 8x8 images (device, float) (static)."""
    fig = _fields_skeleton()
    other = baseline if baseline is not None else device
    _fill_fields(fig, [(device.weights, device.labels, f"{device.device} synapses"),
                       (other.weights, other.labels, f"{other.device} weights")])
    return fig


def _accuracy_skeleton() -> go.Figure:
    fig = go.Figure()
    fig.add_bar(name="accuracy", marker_color=[COLORS[k] for k in
                                               ("chance", "device", "float", "kmeans")],
                texttemplate="%{y:.0%}", textposition="outside")
    _layout(fig, "Test accuracy", height=320, yaxis=dict(range=[0, 1.1], title="accuracy"),
            showlegend=False)
    return fig


def _fill_accuracy(fig: go.Figure, runs: dict[str, Any] | None) -> None:
    names = ["chance", "device synapses", "float weights", "k-means"]
    if runs is None:
        fig.data[0].x, fig.data[0].y = names, [0.1, 0.0, 0.0, 0.0]
        fig.layout.title.text = "Test accuracy (press Train)"
        return
    dev = runs["device"]
    fig.data[0].x = ["chance", f"{dev.device} synapses", "float weights",
                     f"k-means ({dev.weights.shape[1]})"]
    flt = runs["float"].accuracy if runs["float"] is not None else np.nan  # None: stopped
    fig.data[0].y = [runs["chance"], dev.accuracy, flt, runs["kmeans"]]
    fig.layout.title.text = (f"Test accuracy on {dev.y_test.size} held-out digits "
                             f"({dev.weights.shape[1]} neurons, {dev.spikes_per_digit.size} "
                             f"presentations)")


def accuracy_figure(runs: dict[str, Any]) -> go.Figure:
    """Bars: chance, device network, float network, k-means (from compare_with_baselines)."""
    fig = _accuracy_skeleton()
    _fill_accuracy(fig, runs)
    return fig


# ---------------------------------------------------------------------- the lab
class StdpLearningLab(Lab):
    """Unsupervised STDP learning of digit prototypes with device synapses.

    Parameters
    ----------
    background : bool
        Train (the Train button) in a background thread (so Stop works in a
        notebook); ``False`` trains in the caller's thread.

    Examples
    --------
    >>> lab = StdpLearningLab()
    >>> lab.error
    ''
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.device_control = control_for(_SPECS["device"])
        self.sliders = controls_for(
            [_SPECS[k] for k in ("d2d_sigma", "A_plus", "n_neurons", "n_train", "epochs")],
            continuous_update=False,
        )
        self.size_control = control_for(SIZE_SPEC)
        self.runner = Runner(self, "train", "Train")
        self.train_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.progress = self.runner.progress
        self.export_button = w.Button(description="Export (CSV)", icon="download",
                                      disabled=True)
        self.export_link = w.HTML()
        self.summary = w.HTML()
        self.runs: dict[str, Any] | None = None
        self._digits = load_digits()

        self.fig_device = go.FigureWidget(_device_skeleton())
        self.fig_window = go.FigureWidget(_window_skeleton())
        self.fig_fields = go.FigureWidget(_fields_skeleton())
        self.fig_accuracy = go.FigureWidget(_accuracy_skeleton())
        self.fig_data = go.FigureWidget()
        self.fig_data.add_bar(name="training presentations", marker_color=pal.PURPLE)
        _layout(self.fig_data, height=260, xaxis_title="digit class",
                yaxis_title="presentations", showlegend=False)

        self.device_control.observe(self.guarded(lambda _c: self._on_device(), "device"),
                                    "value")
        self.sliders["d2d_sigma"].observe(self.guarded(lambda _c: self._on_device(), "device"),
                                          "value")
        self.sliders["A_plus"].observe(self.guarded(lambda _c: self._draw_window(), "window"),
                                       "value")
        self.sliders["n_neurons"].observe(self.guarded(lambda _c: self._draw_initial(), "init"),
                                          "value")
        for k in ("n_train", "epochs"):
            self.sliders[k].observe(self.guarded(lambda _c: self._draw_data(), "data"), "value")
        self.size_control.observe(self.guarded(lambda _c: self._on_size(), "size"), "value")
        self.train_button.on_click(lambda _b: self.start_training())
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))

        controls = w.VBox([
            w.HTML("<b>Synapses</b>"), self.device_control, self.sliders["d2d_sigma"],
            self.sliders["A_plus"], w.HTML("<b>Network and data</b>"),
            self.sliders["n_neurons"], self.sliders["n_train"], self.sliders["epochs"],
            self.size_control, w.HBox([self.train_button, self.stop_button, self.progress]),
            w.HBox([self.export_button, self.export_link]), self.summary,
        ])
        super().__init__([
            w.HBox([controls, w.VBox([self.fig_device, self.fig_window])]),
            w.HBox([self.fig_fields, w.VBox([self.fig_accuracy, self.fig_data])]),
        ])
        for fn in (self._on_device, self._draw_initial, self._draw_data):
            self.guarded(fn)()
        with self.fig_accuracy.batch_update():
            _fill_accuracy(self.fig_accuracy, None)

    def state_controls(self) -> dict[str, Any]:
        """State keys: device, size, then the sliders by name."""
        return {"device": self.device_control, "size": self.size_control, **self.sliders}

    # -- settings ---------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """The engine parameters the controls describe."""
        out = {k: c.value for k, c in self.sliders.items()}
        out["device"] = self.device_control.value
        return out

    def _on_size(self) -> None:
        for k, v in SIZES[self.size_control.value].items():
            if k in self.sliders:
                self.sliders[k].value = v

    # -- previews ---------------------------------------------------------------
    def _on_device(self) -> None:
        dev, d2d = self.device_control.value, self.sliders["d2d_sigma"].value
        with self.fig_device.batch_update():
            _fill_device(self.fig_device, dev, d2d)
        self._draw_window()

    def _draw_window(self) -> None:
        with self.fig_window.batch_update():
            _fill_window(self.fig_window, self.device_control.value,
                         A_plus=self.sliders["A_plus"].value)

    def _draw_initial(self) -> None:
        w0 = initial_weights(self.sliders["n_neurons"].value, seed=0)
        with self.fig_fields.batch_update():
            _fill_fields(self.fig_fields, [(w0, None, "initial weights (device run)"),
                                           (w0, None, "initial weights (float run)")])
            self.fig_fields.layout.title.text = (
                f"Receptive fields of {w0.shape[1]} neurons before learning (press Train)")

    def _draw_data(self) -> None:
        n, epochs = self.sliders["n_train"].value, self.sliders["epochs"].value
        y = self._digits.y_train[:n]
        counts = np.bincount(y, minlength=10) * epochs
        with self.fig_data.batch_update():
            self.fig_data.data[0].x, self.fig_data.data[0].y = np.arange(10), counts
            self.fig_data.layout.title.text = (
                f"Training data: {min(n, y.size)} digits x {epochs} epoch(s)")

    # -- training ---------------------------------------------------------------
    def start_training(self) -> None:
        """:meth:`train` as the Train button does (in the background unless
        ``background`` is False); Stop ends it after the present digit."""
        self.runner.start(self.train, "train")

    def train(self) -> dict[str, Any]:
        """Train with the chosen device and with float weights; draw the results.

        Stop (or a progress callback returning ``False``) ends training after the
        present digit: the network is evaluated as far as it learned, a float run not
        yet started is skipped, and the lab says after how many digits it stopped.
        """
        self.runner.begin()
        self.export_button.disabled = True
        self.export_link.value = ""

        def report(step: int, total: int, metrics: dict) -> bool:
            return self.runner.report(step, total, metrics,
                                      draw=step % 10 == 0 or step == total)

        runs = compare_with_baselines(seed=0, callback=report, **self.settings())
        self.runs = runs
        dev, flt = runs["device"], runs["float"]
        stopped = dev.cancelled or flt is None or flt.cancelled
        mark = " (stopped)" if stopped else ""
        with self.fig_fields.batch_update():
            second = ((flt.weights, flt.labels, f"float weights: {flt.accuracy:.0%}{mark}")
                      if flt is not None else
                      (initial_weights(dev.weights.shape[1], seed=0), None,
                       "float weights: not trained (stopped)"))
            _fill_fields(self.fig_fields, [
                (dev.weights, dev.labels, f"{dev.device} synapses: {dev.accuracy:.0%}"
                 f"{' (stopped)' if dev.cancelled else ''}"), second])
            self.fig_fields.layout.title.text = (
                f"Learned receptive fields ({dev.weights.shape[1]} neurons; hover for labels)"
                f"{mark}")
        with self.fig_accuracy.batch_update():
            _fill_accuracy(self.fig_accuracy, runs)
        flt_text = f"{flt.accuracy:.1%}" if flt is not None else "not trained"
        self.summary.value = (
            f"<b>{dev.device}</b>: {dev.accuracy:.1%} vs float {flt_text}, "
            f"k-means {runs['kmeans']:.1%}, chance 10 %; {dev.pulses:,} programming pulses; "
            f"{dev.elapsed + (flt.elapsed if flt is not None else 0.0):.1f} s{mark}")
        self.runner.end(stopped, "training")
        self.export_button.disabled = False
        return runs

    def export_csv(self) -> str:
        """Accuracies and the learned device network (one row per neuron) as CSV.

        Provenance comments come first: every engine parameter of the run with its
        unit (as the run had it), the seed, the neuroexplore version and the date.
        """
        if self.runs is None:
            raise ValueError("nothing to export yet: press Train first")
        r = self.runs
        dev, flt = r["device"], r["float"]
        notes = [f"accuracy_device = {dev.accuracy:.6g}",
                 f"accuracy_float = {flt.accuracy if flt is not None else float('nan'):.6g}",
                 f"accuracy_kmeans = {r['kmeans']:.6g}", "chance = 0.1"]
        if dev.cancelled or flt is None or flt.cancelled:
            notes.append(f"training stopped early: device run {dev.spikes_per_digit.size} of "
                         f"{dev.params['n_train'] * dev.params['epochs']} presentations")
        return export_with_provenance(
            dev.to_csv(), f"StdpLearningLab: network learned with {dev.device} synapses "
            "(one row per neuron)", {"size": self.size_control}, dev.params,
            specs=STDP_LEARNING_SPECS, seed=0, notes=notes)

    def _export(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "stdp_learning.csv",
                                               "download the learned network as CSV")
