"""HopfieldLab: an associative memory stored on a crossbar with non-idealities.

A thin view of :mod:`neuroexplore.applications.hopfield` (Hopfield 1982; no physics
here).  A 100-neuron network stores random 10 x 10 patterns; every slider re-programs
the crossbar and recalls at once (a fraction of a second): the stored pattern, the
corrupted probe and what the crossbar and the float network recall, the fields one
analog read produces against the float ones, and the overlap sweep by sweep.  *Run
sweeps* measures recall versus input noise and versus device-to-device variation,
averaged over seeds, with a progress bar and a Stop button (the run goes on in the
background); the size ``full`` uses N = 200 at the same load and 8 seeds.

The static figure helpers (:func:`recall_figure`, :func:`sweep_figure`,
:func:`capacity_figure`, :func:`energy_figure`) serve the chapter notebook.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..applications.hopfield import (
    FLOAT,
    HOPFIELD_SPECS,
    SIZE_SPEC,
    SIZES,
    HopfieldResult,
    RecallTrace,
    SweepResult,
    bit_error_probability,
    overlaps,
    recall_vs_noise,
    recall_vs_variation,
    run_hopfield,
)
from ..params import specs_by_name
from . import palette as pal
from ._device_common import (
    control_snapshot,
    download_link,
    export_with_provenance,
    snapshot_changes,
)
from ._runs import Runner
from .base import Lab
from .controls import control_for, controls_for
from .plotting import LAYOUT

__all__ = [
    "HopfieldLab",
    "recall_figure",
    "sweep_figure",
    "capacity_figure",
    "energy_figure",
]

_SPECS = specs_by_name(HOPFIELD_SPECS)
N_LAB = 100  # 10 x 10 images
MAX_SWEEPS = 10  # bounds a recall with noisy reads (which never settles) to ~0.3 s
SIDE = 10
NOISE_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)
SIGMA_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
COLORS = {"crossbar": pal.VERMILLION, "float": pal.BLUE, "theory": pal.GREY}


def _layout(fig: go.Figure, title: str = "", **layout: Any) -> go.Figure:
    fig.update_layout(**{**LAYOUT, **layout, "title": {**LAYOUT["title"], "text": title}})
    return fig


# ---------------------------------------------------------------- the figures
def _images_skeleton() -> go.Figure:
    titles = ("stored pattern", "probe", "crossbar recall", "float recall")
    fig = make_subplots(rows=1, cols=4, subplot_titles=titles, horizontal_spacing=0.03)
    for col in range(1, 5):
        fig.add_heatmap(colorscale=[[0, "#f7f7f7"], [1, "#252525"]], zmin=-1, zmax=1,
                        showscale=False, hovertemplate="s = %{z:+.0f}<extra></extra>",
                        row=1, col=col)
        fig.update_xaxes(visible=False, row=1, col=col)
        fig.update_yaxes(visible=False, autorange="reversed",
                         scaleanchor="x" if col == 1 else f"x{col}", row=1, col=col)
    return _layout(fig, height=300)


def _image(v: np.ndarray) -> np.ndarray:
    side = int(round(np.sqrt(v.size)))
    return v.reshape(side, -1) if side * side == v.size else v[None, :]


def _fill_images(fig: go.Figure, res: HopfieldResult, index: int) -> None:
    i = int(np.clip(index, 0, res.patterns.shape[0] - 1))
    m = res.overlap[i]
    mb = res.baseline_overlap[i]
    flipped = int(np.sum(res.probes[i] != res.patterns[i]))
    for k, v in enumerate((res.patterns[i], res.probes[i], res.trace.states[i],
                           res.baseline.states[i])):
        fig.data[k].z = _image(v)
    texts = (f"stored pattern {i}", f"probe: {flipped} bits flipped",
             f"{res.params['device']}: m = {m:.2f}", f"float: m = {mb:.2f}")
    for k, t in enumerate(texts):
        fig.layout.annotations[k].text = t
    p = res.patterns.shape
    fig.layout.title.text = (f"N = {p[1]}, P = {p[0]} (load {p[0] / p[1]:.2f}): "
                             f"{res.recalled:.0%} recalled on the crossbar, "
                             f"{res.baseline_recalled:.0%} with float weights")


def recall_figure(result: HopfieldResult, index: int = 0) -> go.Figure:
    """Stored pattern, probe, crossbar and float recall of pattern ``index`` (static)."""
    fig = _images_skeleton()
    _fill_images(fig, result, index)
    return fig


def _fields_skeleton() -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(name="neurons", mode="markers",
                    marker=dict(size=6, color=COLORS["crossbar"], opacity=0.7))
    fig.add_scatter(name="h_crossbar = h_float", mode="lines",
                    line=dict(color=pal.BLACK, dash="dot"))
    return _layout(fig, height=340, xaxis_title="float field h = W s",
                   yaxis_title="crossbar field (one analog read)")


def _fill_fields(fig: go.Figure, res: HopfieldResult, index: int) -> None:
    i = int(np.clip(index, 0, res.patterns.shape[0] - 1))
    x, y = res.baseline_fields[i], res.probe_fields[i]
    lim = float(max(np.max(np.abs(x)), np.max(np.abs(y)), 1e-12))
    fig.data[0].x, fig.data[0].y = x, y
    fig.data[1].x, fig.data[1].y = [-lim, lim], [-lim, lim]
    fig.layout.title.text = (f"Fields of probe {i}: realised weights off by "
                             f"{res.weight_error:.1%} RMS of max|W|")


def _overlap_skeleton() -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(name="crossbar (mean)", mode="lines+markers",
                    line=dict(color=COLORS["crossbar"]))
    fig.add_scatter(name="float (mean)", mode="lines+markers",
                    line=dict(color=COLORS["float"], dash="dash"))
    fig.add_scatter(name="crossbar, shown probe", mode="lines",
                    line=dict(color=COLORS["crossbar"], width=1, dash="dot"))
    return _layout(fig, height=340, xaxis_title="sweep (N updates)", yaxis_title="overlap m",
                   yaxis=dict(range=[-0.05, 1.05], title="overlap m"))


def _fill_overlap(fig: go.Figure, res: HopfieldResult, index: int) -> None:
    i = int(np.clip(index, 0, res.patterns.shape[0] - 1))

    def curve(trace: RecallTrace) -> np.ndarray:
        return np.stack([overlaps(res.patterns, step) for step in trace.history])  # (sweeps+1, P)

    bar, flt = curve(res.trace), curve(res.baseline)
    fig.data[0].x, fig.data[0].y = np.arange(bar.shape[0]), bar.mean(axis=1)
    fig.data[1].x, fig.data[1].y = np.arange(flt.shape[0]), flt.mean(axis=1)
    fig.data[2].x, fig.data[2].y = np.arange(bar.shape[0]), bar[:, i]
    fig.layout.title.text = (f"Overlap during recall ({res.params['update']} updates, "
                             f"{res.trace.sweeps} sweeps)")


def _sweep_skeleton() -> go.Figure:
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("recall vs input noise", "recall vs device variation"))
    for col in (1, 2):
        show = col == 1
        # crossbar circles, float squares; overlap solid, recalled fraction dashed
        fig.add_scatter(name="crossbar overlap", mode="lines+markers", legendgroup="a",
                        line=dict(color=COLORS["crossbar"]), marker=dict(symbol="circle"),
                        showlegend=show, row=1, col=col)
        fig.add_scatter(name="float overlap", mode="lines+markers", legendgroup="b",
                        line=dict(color=COLORS["float"]), marker=dict(symbol="square"),
                        showlegend=show, row=1, col=col)
        fig.add_scatter(name="crossbar recalled", mode="lines+markers", legendgroup="c",
                        line=dict(color=COLORS["crossbar"], dash="dash"),
                        marker=dict(symbol="circle"), showlegend=show, row=1, col=col)
        fig.add_scatter(name="float recalled", mode="lines+markers", legendgroup="d",
                        line=dict(color=COLORS["float"], dash="dash"),
                        marker=dict(symbol="square"), showlegend=show, row=1, col=col)
        fig.update_yaxes(range=[-0.05, 1.05], row=1, col=col)
    fig.update_xaxes(title_text="fraction of probe bits flipped", row=1, col=1)
    fig.update_xaxes(title_text="d2d σ (relative)", row=1, col=2)
    fig.update_yaxes(title_text="overlap / fraction recalled", row=1, col=1)
    return _layout(fig, "Recall sweeps (press Run sweeps)", height=420,
                   legend=dict(orientation="h", yanchor="top", y=-0.22, x=0),
                   margin=dict(l=60, r=20, t=85, b=110))


def _fill_sweep(fig: go.Figure, sweep: SweepResult | None, col: int) -> None:
    base = 4 * (col - 1)
    if sweep is None:
        for k in range(4):
            fig.data[base + k].x, fig.data[base + k].y = [], []
        return
    for k, what in enumerate(("overlap", "baseline_overlap", "recalled", "baseline_recalled")):
        fig.data[base + k].x, fig.data[base + k].y = sweep.values, sweep.mean(what)


def sweep_figure(noise: SweepResult | None = None,
                 variation: SweepResult | None = None) -> go.Figure:
    """Recall (mean overlap, fraction recalled) vs input noise and vs d2d variation."""
    fig = _sweep_skeleton()
    _fill_sweep(fig, noise, 1)
    _fill_sweep(fig, variation, 2)
    src = noise or variation
    if src is not None:
        p = src.params
        fig.layout.title.text = (f"Recall sweeps: {p.get('device', _SPECS['device'].default)}, "
                                 f"N = {p.get('n_neurons', N_LAB)}, "
                                 f"P = {p.get('n_patterns', _SPECS['n_patterns'].default)}, "
                                 f"{src.overlap.shape[1]} seeds")
    return fig


def capacity_figure(curve: SweepResult) -> go.Figure:
    """Float recall vs load P/N with the 0.138 capacity and the one-step bit-error theory."""
    fig = go.Figure()
    fig.add_scatter(x=curve.values, y=curve.mean("overlap"), name="final overlap",
                    mode="lines+markers", line=dict(color=COLORS["float"]))
    fig.add_scatter(x=curve.values, y=curve.mean("recalled"), name="fraction recalled",
                    mode="lines+markers", line=dict(color=COLORS["float"], dash="dash"))
    a = np.linspace(max(0.01, float(np.min(curve.values))), float(np.max(curve.values)), 100)
    fig.add_scatter(x=a, y=1.0 - 2.0 * bit_error_probability(a), name="1 − 2 P_err (one step)",
                    mode="lines", line=dict(color=COLORS["theory"], dash="dot"))
    fig.add_vline(x=0.138, line=dict(color=pal.BLACK, dash="dash"),
                  annotation_text="α_c ≈ 0.138 (Amit et al. 1985)",
                  annotation_position="bottom right")
    n = curve.params.get("n_neurons", "?")
    return _layout(fig, f"Capacity of the float network (N = {n})", height=380,
                   xaxis_title="load α = P / N", yaxis_title="overlap / fraction",
                   yaxis=dict(range=[-0.05, 1.05], title="overlap / fraction"))


def energy_figure(trace: RecallTrace, n_neurons: int) -> go.Figure:
    """Energy after every asynchronous update (``recall(..., record_steps=True)``)."""
    if trace.step_energy is None:
        raise ValueError("the trace has no per-update energy: recall with record_steps=True")
    fig = go.Figure()
    steps = np.arange(trace.step_energy.shape[0]) / n_neurons
    for b in range(trace.step_energy.shape[1]):
        fig.add_scatter(x=steps, y=trace.step_energy[:, b], mode="lines", name=f"probe {b}",
                        line=dict(width=1))
    return _layout(fig, "Energy E = −½ sᵀWs under asynchronous updates", height=340,
                   xaxis_title="sweeps (N updates each)", yaxis_title="E", showlegend=False)


# ---------------------------------------------------------------------- the lab
class HopfieldLab(Lab):
    """Hopfield associative memory on a crossbar: recall vs noise and device variation.

    Parameters
    ----------
    background : bool
        Run the sweeps of the Run button in a background thread (so Stop works in a
        notebook); ``False`` runs them in the caller's thread.

    Examples
    --------
    >>> lab = HopfieldLab()
    >>> lab.error, lab.result.patterns.shape
    ('', (12, 100))
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.device_control = control_for(_SPECS["device"])
        self.update_control = control_for(_SPECS["update"])
        self.sliders = controls_for(
            [_SPECS[k] for k in ("n_patterns", "flip_fraction", "d2d_sigma", "read_noise",
                                 "c2c_scale")],
            continuous_update=False,
        )
        self.sliders["n_patterns"].max = 40  # up to load 0.4 for N = 100
        self.index_control = w.IntSlider(value=0, min=0, max=self.sliders["n_patterns"].value - 1,
                                         description="shown pattern",
                                         style={"description_width": "150px"},
                                         layout=w.Layout(width="420px"))
        self.size_control = control_for(SIZE_SPEC)
        self.runner = Runner(self, "sweeps", "Run sweeps")
        self.run_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.progress = self.runner.progress
        self.export_button = w.Button(description="Export (CSV)", icon="download")
        self.export_link = w.HTML()
        self.result: HopfieldResult | None = None
        self.sweeps: dict[str, SweepResult] = {}

        self.fig_images = go.FigureWidget(_images_skeleton())
        self.fig_fields = go.FigureWidget(_fields_skeleton())
        self.fig_overlap = go.FigureWidget(_overlap_skeleton())
        self.fig_sweeps = go.FigureWidget(_sweep_skeleton())

        recall_now = self.guarded(lambda _c: self.run(), "recall")
        for ctl in (self.device_control, self.update_control, *self.sliders.values()):
            ctl.observe(recall_now, "value")
        self.index_control.observe(self.guarded(lambda _c: self._draw(), "draw"), "value")
        self.run_button.on_click(lambda _b: self.start_sweeps())
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))

        controls = w.VBox([
            self.device_control, self.update_control, *self.sliders.values(),
            self.index_control, self.size_control,
            w.HBox([self.run_button, self.stop_button, self.progress]),
            w.HBox([self.export_button, self.export_link]),
        ])
        super().__init__([
            w.HBox([controls, self.fig_overlap]),
            self.fig_images,
            w.HBox([self.fig_fields, self.fig_sweeps]),
        ])
        self.guarded(self.run, "recall")()

    def settings(self) -> dict[str, Any]:
        """The engine parameters the controls describe (N = 100, at most 10 sweeps)."""
        out = {k: c.value for k, c in self.sliders.items()}
        out.update(device=self.device_control.value, update=self.update_control.value,
                   n_neurons=N_LAB, max_sweeps=MAX_SWEEPS)
        return out

    def state_controls(self) -> dict[str, Any]:
        """State keys: device, update, size, the sliders by name, then the pattern shown
        (its range follows n_patterns)."""
        return {"device": self.device_control, "update": self.update_control,
                "size": self.size_control, **self.sliders, "pattern": self.index_control}

    # -- one recall -------------------------------------------------------------
    def run(self) -> HopfieldResult:
        """Program the crossbar and recall every stored pattern from its probe."""
        s = self.settings()
        for k in ("d2d_sigma", "read_noise", "c2c_scale"):  # no devices, no device knobs
            self.sliders[k].disabled = s["device"] == FLOAT
        self.result = run_hopfield(seed=0, **s)
        self.index_control.max = s["n_patterns"] - 1
        self._draw()
        return self.result

    def _draw(self) -> None:
        if self.result is None:
            return
        i = self.index_control.value
        for fig, fill in ((self.fig_images, _fill_images), (self.fig_fields, _fill_fields),
                          (self.fig_overlap, _fill_overlap)):
            with fig.batch_update():
                fill(fig, self.result, i)

    # -- sweeps -----------------------------------------------------------------
    def start_sweeps(self) -> None:
        """:meth:`run_sweeps` as the Run button does (in the background unless
        ``background`` is False); Stop ends it after the present step."""
        self.runner.start(self.run_sweeps, "sweeps")

    def sweep_settings(self) -> dict[str, Any]:
        """The engine parameters of the sweeps (the controls at the chosen size)."""
        s = self.settings()
        n = SIZES[self.size_control.value]["n_neurons"]
        params = dict(s, n_neurons=n,
                      n_patterns=max(1, round(s["n_patterns"] * n / N_LAB)))
        if params["device"] == FLOAT:
            params.update(device="ideal")  # variation needs devices; float is the baseline
        return params

    def run_sweeps(self) -> dict[str, SweepResult]:
        """Recall vs input noise and vs d2d variation at the present load (with progress).

        Stop (or a progress callback returning ``False``) ends the run early: the
        points reached are kept and the lab says after how many steps it stopped.
        """
        self.runner.begin()
        self._sweep_snapshot = control_snapshot(self._export_controls())
        size = SIZES[self.size_control.value]
        n = size["n_neurons"]
        params = self.sweep_settings()
        total = size["seeds"] * (len(NOISE_GRID) + len(SIGMA_GRID))

        def report(offset: int):
            def cb(step: int, _total: int, metrics: dict) -> bool:
                return self.runner.report(offset + step, total, metrics)
            return cb

        noise_params = {k: v for k, v in params.items() if k != "flip_fraction"}
        var_params = {k: v for k, v in params.items() if k != "d2d_sigma"}
        noise = recall_vs_noise(NOISE_GRID, seeds=size["seeds"], callback=report(0),
                                **noise_params)
        self.sweeps = {"noise": noise}
        if not noise.cancelled:
            self.sweeps["variation"] = recall_vs_variation(
                SIGMA_GRID, seeds=size["seeds"],
                callback=report(size["seeds"] * len(NOISE_GRID)), **var_params)
        var = self.sweeps.get("variation")
        stopped = noise.cancelled or (var is not None and var.cancelled)
        elapsed = noise.elapsed + (var.elapsed if var is not None else 0.0)
        with self.fig_sweeps.batch_update():
            _fill_sweep(self.fig_sweeps, noise, 1)
            _fill_sweep(self.fig_sweeps, var, 2)
            self.fig_sweeps.layout.title.text = (
                f"{params['device']}, N = {n}, P = {params['n_patterns']}, "
                f"{size['seeds']} seeds ({elapsed:.1f} s){' (stopped)' if stopped else ''}")
        self.runner.end(stopped, "sweeps")
        return self.sweeps

    # -- export -----------------------------------------------------------------
    def export_csv(self) -> str:
        """Per-probe overlaps of the present recall, then the sweeps (if run), as CSV.

        The file starts with provenance comments: every control with its unit, the
        seed, the neuroexplore version and the date.
        """
        if self.result is None:
            raise ValueError("nothing to export yet")
        r = self.result
        lines = ["pattern,flipped_bits,overlap_crossbar,overlap_float"]
        flipped = np.sum(r.probes != r.patterns, axis=1)
        for i, (f, m, mb) in enumerate(zip(flipped, r.overlap, r.baseline_overlap,
                                           strict=True)):
            lines.append(f"{i},{int(f)},{m:.6g},{mb:.6g}")
        text = "\n".join(lines) + "\n"
        notes = []
        for sweep in self.sweeps.values():
            text += "\n" + sweep.to_csv()
            notes.append(f"sweep of {sweep.name}: {sweep.overlap.shape[1]} seeds, "
                         f"N = {sweep.params.get('n_neurons')}, "
                         f"P = {sweep.params.get('n_patterns')}"
                         f"{' (stopped early)' if sweep.cancelled else ''}")
        if self.sweeps:
            notes += snapshot_changes(self._sweep_snapshot, self._export_controls(),
                                      "the sweeps")
        return export_with_provenance(
            text, f"HopfieldLab recall on {r.params['device']} (per-probe overlaps, then "
            "the sweeps)", self._export_controls(),
            {"n_neurons": (N_LAB, ""), "max_sweeps": (MAX_SWEEPS, "")}, seed=0, notes=notes)

    def _export_controls(self) -> list[dict[str, w.ValueWidget]]:
        return [self.sliders, {"device": self.device_control, "update": self.update_control,
                               "size": self.size_control}]

    def _export(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "hopfield_recall.csv",
                                               "download recall results as CSV")

