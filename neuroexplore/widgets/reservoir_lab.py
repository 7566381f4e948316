"""ReservoirLab: reservoir computing with volatile memristors against an echo-state network.

Two tabs over :mod:`neuroexplore.applications.reservoir` (no physics here):

* **Mackey-Glass prediction** -- the masked pulse train on one device and its
  current (updates as the sliders move); prediction vs target and the NRMSE of the
  device reservoir, the ESN of the same size and two trivial predictors (re-run on
  slider release, a fraction of a second); NRMSE against reservoir size (*Run*, with a
  progress bar and Stop; the sweep runs in the background).
* **Temporal patterns** -- a noisy digit streamed row by row into the devices and
  their states (live); classification accuracy and confusion matrix (*Run*).

The *size* setting ``full`` reproduces the stronger figures (longer series, reservoirs
up to 640 features; the 8 x 8 digits in the pattern tab).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..applications.reservoir import (
    DEVICE_RESERVOIR_SPECS,
    ESN_SPECS,
    PATTERN_SPECS,
    PREDICTION_SPECS,
    SIZE_SETTINGS,
    SIZE_SPEC,
    benchmark_series,
    classify_patterns,
    inversion_mean,
    mackey_glass_benchmark,
    make_device_reservoir,
    nrmse_vs_size,
    pattern_dataset,
    pattern_streams,
    scale_to_unit,
)
from ..devices.volatile_memristor import (
    VOLATILE_MEMRISTOR_SPECS,
    VolatileMemristor,
    simulate_pulses,
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
from .base import LazyControls, Progress, TabbedLab, tab_property
from .controls import control_for, controls_for
from .plotting import LAYOUT, figure

__all__ = [
    "ReservoirLab",
    "series_figure",
    "pulse_figure",
    "prediction_figure",
    "nrmse_figure",
    "size_figure",
    "accuracy_figure",
    "confusion_figure",
]

_DEV = specs_by_name(DEVICE_RESERVOIR_SPECS)
_ESN = specs_by_name(ESN_SPECS)
_TASK = specs_by_name(PREDICTION_SPECS)
_PAT = specs_by_name(PATTERN_SPECS)
_TAU = specs_by_name(VOLATILE_MEMRISTOR_SPECS)["tau"]
AUTO_RUN_MAX_FEATURES = 400  # above this a slider release does not re-run the benchmark
N_PREVIEW = 5  # input samples shown in the pulse preview
N_SHOWN = 300  # test samples drawn in the prediction plot
MAX_STREAMS = 16
COLORS = {"device": pal.VERMILLION, "esn": pal.BLUE, "persistence": pal.GREY,
          "mean": pal.YELLOW, "pixels": pal.GREEN}


def _grid(cols: int, titles: tuple[str, ...], **layout) -> go.FigureWidget:
    fig = go.FigureWidget(make_subplots(rows=1, cols=cols, subplot_titles=titles,
                                        horizontal_spacing=0.14))
    fig.update_layout(**{**LAYOUT, **layout})
    return fig


class ReservoirLab(TabbedLab):
    """Interactive lab for chapter 6: reservoir computing with dynamic memristors.

    Parameters
    ----------
    background : bool
        Run the size sweep of the Run button in a background thread (so Stop works in
        a notebook); ``False`` runs it in the caller's thread.

    Examples
    --------
    >>> lab = ReservoirLab()
    >>> lab.result.nrmse["device"] < lab.result.nrmse["persistence"]
    True
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.result = self.sweep = self.pattern_result = None
        self.init_tabs([
            ("Mackey-Glass prediction", self._build_mg, self._update_mg),
            ("Temporal patterns", self._build_patterns, self._update_pattern_preview),
        ])

    pattern_controls = tab_property(1, "_pattern_controls")
    fig_pattern = tab_property(1, "_fig_pattern")
    fig_classes = tab_property(1, "_fig_classes")
    pattern_run_button = tab_property(1, "_pattern_run_button")
    pattern_progress = tab_property(1, "_pattern_progress")
    digit_control = tab_property(1, "_digit_control")

    def state_controls(self) -> dict[str, Any]:
        """State keys ``mg.*`` (Mackey-Glass tab) and ``patterns.*``."""
        return {
            "mg": LazyControls(0, lambda: {**self.device_controls, **self.task_controls,
                                           "size": self.size_control}),
            "patterns": LazyControls(1, lambda: {**self.pattern_controls,
                                                 "digit": self.digit_control}),
        }

    # -- Mackey-Glass ------------------------------------------------------------------
    def _build_mg(self) -> w.Widget:
        dev_specs = [_DEV[n] for n in ("n_devices", "mask_length", "v_min", "v_max",
                                       "node_interval", "tau_spread")]
        self.device_controls = controls_for([*dev_specs, _TAU], continuous_update=False)
        self.task_controls = controls_for([_ESN["spectral_radius"], _TASK["horizon"]],
                                          continuous_update=False)
        self.size_control = control_for(SIZE_SPEC)
        self.observe_all(self.device_controls, self._on_device, "mg")
        self.observe_all(self.task_controls, self._on_task, "mg")
        self.size_control.observe(self.guarded(lambda _c: self._on_task(), "mg"), "value")
        self.runner = Runner(self, "sweep", "Run size sweep")
        self.run_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.run_button.on_click(lambda _b: self.start_sweep())
        self.progress = self.runner.progress
        self.export_button = w.Button(description="Export (CSV)", icon="download")
        self.export_button.on_click(self.guarded(lambda _b: self._export_mg(), "export"))
        self.export_link = w.HTML()
        self.summary = w.HTML()

        self.fig_drive = figure(rows=2, height=420, title="Device 1: masked input pulses")
        self.fig_drive.add_scatter(name="pulse voltage", line=dict(color=pal.PURPLE),
                                   row=1, col=1)
        self.fig_drive.add_scatter(name="device current", line=dict(color=pal.BLACK, width=1.2),
                                   row=2, col=1)
        self.fig_drive.add_scatter(name="virtual-node states", mode="markers",
                                   marker=dict(color=COLORS["device"], size=6), row=2, col=1)
        self.fig_drive.update_yaxes(title_text="V (V)", row=1, col=1)
        self.fig_drive.update_yaxes(title_text="I (µA)", row=2, col=1)
        self.fig_drive.update_xaxes(title_text="time (ms)", row=2, col=1)

        self.fig_pred = figure(height=420, title="Prediction on the test set")
        for name, style in (("target", dict(color=pal.BLACK, width=2, dash="dot")),
                            ("device reservoir", dict(color=COLORS["device"], width=1.3)),
                            ("ESN", dict(color=COLORS["esn"], width=1.3, dash="dash"))):
            self.fig_pred.add_scatter(name=name, mode="lines", line=style)
        self.fig_pred.update_layout(xaxis_title="time (time units)", yaxis_title="x")

        self.fig_bars = figure(height=380, title="NRMSE (test)")
        self.fig_bars.add_bar(x=["device", "ESN", "persistence", "mean"],
                              marker_color=[COLORS[k] for k in ("device", "esn", "persistence",
                                                                "mean")], showlegend=False)
        self.fig_bars.update_layout(yaxis=dict(type="log", title="NRMSE"))

        self.fig_size = figure(height=380, title="NRMSE vs reservoir size (press Run)")
        self.fig_size.add_scatter(name="device reservoir", mode="lines+markers",
                                  line=dict(color=COLORS["device"]))
        self.fig_size.add_scatter(name="ESN", mode="lines+markers",
                                  line=dict(color=COLORS["esn"], dash="dash"),
                                  marker=dict(symbol="square"))
        self.fig_size.add_scatter(name="persistence", mode="lines",
                                  line=dict(color=COLORS["persistence"], dash="dot"))
        self.fig_size.add_scatter(name="this run", mode="markers",
                                  marker=dict(symbol="star", size=14, color=COLORS["device"]))
        self.fig_size.update_layout(xaxis=dict(type="log", title="features (devices x nodes)"),
                                    yaxis=dict(type="log", title="NRMSE"))
        controls = w.HBox([
            w.VBox(list(self.device_controls.values())),
            w.VBox([*self.task_controls.values(), self.size_control,
                    w.HBox([self.run_button, self.stop_button, self.export_button]),
                    self.progress,
                    self.export_link, self.summary]),
        ])
        return w.VBox([controls, w.HBox([self.fig_drive, self.fig_pred]),
                       w.HBox([self.fig_bars, self.fig_size])])

    # settings --------------------------------------------------------------------------
    def _settings(self) -> dict:
        c = {k: ctl.value for k, ctl in self.device_controls.items()}
        tau = c.pop("tau")
        size = SIZE_SETTINGS[self.size_control.value]
        return dict(c, **{k: ctl.value for k, ctl in self.task_controls.items()},
                    n_train=size["n_train"], n_test=size["n_test"], tau=tau)

    @staticmethod
    def _device(tau: float) -> VolatileMemristor:
        return VolatileMemristor(tau=tau)

    def _reservoir(self, s: dict):
        return make_device_reservoir(self._device(s["tau"]), n_devices=s["n_devices"],
                                     mask_length=s["mask_length"], v_min=s["v_min"],
                                     v_max=s["v_max"], node_interval=s["node_interval"],
                                     tau_spread=s["tau_spread"], seed=0)

    def _series(self, s: dict) -> np.ndarray:
        key = (s["n_train"], s["n_test"], s["horizon"])
        if getattr(self, "_series_key", None) != key:
            self._series_cache = benchmark_series(sum(key), seed=0)
            self._series_key = key
        return self._series_cache

    # updates --------------------------------------------------------------------------
    def _on_device(self) -> None:
        self._update_drive()
        self._maybe_run()

    def _on_task(self) -> None:
        self._maybe_run()

    def _update_mg(self) -> None:
        self._update_drive()
        self.run_benchmark()

    def _update_drive(self) -> None:
        s = self._settings()
        res = self._reservoir(s)
        u = scale_to_unit(self._series(s), s["n_train"])[:N_PREVIEW]
        volts = res.voltages(u)[0]
        one = res.devices.with_params(tau=float(res.devices.tau[0]))
        tr = simulate_pulses(one, volts, pulse_width=res.pulse_width,
                             interval=res.node_interval, samples=8)
        ends = res.pulse_width + res.node_interval * np.arange(volts.size)
        i_nodes = np.interp(ends, tr.t, tr.current)
        with self.fig_drive.batch_update():
            self.fig_drive.data[0].x, self.fig_drive.data[0].y = 1e3 * tr.t, tr.v
            self.fig_drive.data[1].x, self.fig_drive.data[1].y = 1e3 * tr.t, 1e6 * tr.current
            self.fig_drive.data[2].x, self.fig_drive.data[2].y = 1e3 * ends, 1e6 * i_nodes
            self.fig_drive.layout.title.text = (
                f"Device 1 (tau = {1e3 * float(one.tau):.3g} ms): {N_PREVIEW} inputs x "
                f"{res.mask_length} masked pulses")

    def _maybe_run(self) -> None:
        s = self._settings()
        if s["n_devices"] * s["mask_length"] > AUTO_RUN_MAX_FEATURES:
            self.summary.value = ("<i>large reservoir: press Run size sweep (or lower the "
                                  "size) to re-evaluate</i>")
            return
        self.run_benchmark()

    def run_benchmark(self) -> None:
        """Evaluate both reservoirs at the present settings; draw prediction and NRMSE."""
        s = self._settings()
        r = mackey_glass_benchmark(
            device=self._device(s["tau"]), n_devices=s["n_devices"],
            mask_length=s["mask_length"], v_min=s["v_min"], v_max=s["v_max"],
            node_interval=s["node_interval"], tau_spread=s["tau_spread"],
            spectral_radius=s["spectral_radius"], horizon=s["horizon"], n_train=s["n_train"],
            n_test=s["n_test"], series=self._series(s), seed=0)
        self.result = r
        e = r.nrmse
        n = min(N_SHOWN, r.t.size)
        with self.fig_pred.batch_update():
            for trace, y in zip(self.fig_pred.data, (r.target, r.device, r.esn), strict=True):
                trace.x, trace.y = r.t[:n], y[:n]
            self.fig_pred.layout.title.text = (
                f"{r.horizon}-step prediction, {r.size} features: device NRMSE "
                f"{e['device']:.3g}, ESN {e['esn']:.3g}")
        with self.fig_bars.batch_update():
            self.fig_bars.data[0].y = [e["device"], e["esn"], e["persistence"], e["mean"]]
            self.fig_bars.layout.title.text = f"NRMSE (test), reservoir size {r.size}"
        with self.fig_size.batch_update():
            self.fig_size.data[3].x, self.fig_size.data[3].y = [r.size], [e["device"]]
        self.summary.value = (f"device {e['device']:.3g} · ESN {e['esn']:.3g} · persistence "
                              f"{e['persistence']:.3g} · run {1e3 * r.seconds:.0f} ms")

    def start_sweep(self) -> None:
        """:meth:`run_sweep` as the Run button does (in the background unless
        ``background`` is False); Stop ends it after the present size."""
        self.runner.start(self.run_sweep, "sweep")

    def run_sweep(self) -> None:
        """NRMSE vs number of devices (sizes of the chosen setting), with progress.

        Stop (or a progress callback returning ``False``) ends the sweep after the
        present size; the sizes done are drawn and the lab says where it stopped.
        """
        s = self._settings()
        sizes = SIZE_SETTINGS[self.size_control.value]["sizes"]
        self.runner.begin()
        self._sweep_snapshot = control_snapshot(self._mg_controls())
        self.run_benchmark()
        sweep = nrmse_vs_size(
            sizes, device=self._device(s["tau"]), mask_length=s["mask_length"],
            v_min=s["v_min"], v_max=s["v_max"], node_interval=s["node_interval"],
            tau_spread=s["tau_spread"], spectral_radius=s["spectral_radius"],
            horizon=s["horizon"], n_train=s["n_train"], n_test=s["n_test"],
            series=self._series(s), seed=0, callback=self.runner.report)
        self.sweep = sweep
        with self.fig_size.batch_update():
            self.fig_size.data[0].x, self.fig_size.data[0].y = sweep.size, sweep.device
            self.fig_size.data[1].x, self.fig_size.data[1].y = sweep.size, sweep.esn
            self.fig_size.data[2].x = [sweep.size[0], sweep.size[-1]]
            self.fig_size.data[2].y = [sweep.persistence] * 2
            self.fig_size.layout.title.text = (
                f"NRMSE vs reservoir size ({self.size_control.value}: "
                f"{sweep.seconds:.1f} s){' (stopped)' if sweep.cancelled else ''}")
        self.runner.end(sweep.cancelled, "size sweep")

    def export_csv(self) -> str:
        """The present prediction (and the size sweep, when run) as CSV text.

        Provenance comments come first: every control with its unit, the series
        lengths, the seed, the neuroexplore version and the date.
        """
        text = self.result.to_csv() if self.result is not None else ""
        if self.sweep is not None:
            text += "\n" + self.sweep.to_csv()
        if not text:
            return ""
        s = self._settings()
        notes = [] if self.sweep is None else [
            f"size sweep over n_devices = {list(map(int, self.sweep.n_devices))}"
            f"{' (stopped early)' if self.sweep.cancelled else ''}",
            *snapshot_changes(self._sweep_snapshot, self._mg_controls(), "the size sweep")]
        return export_with_provenance(
            text, "ReservoirLab Mackey-Glass prediction: volatile-memristor reservoir vs ESN",
            self._mg_controls(),
            {"n_train": (s["n_train"], ""), "n_test": (s["n_test"], "")}, seed=0, notes=notes)

    def _mg_controls(self) -> list[dict[str, w.ValueWidget]]:
        return [self.device_controls, self.task_controls, {"size": self.size_control}]

    def _export_mg(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "reservoir_mackey_glass.csv",
                                               "download predictions and NRMSE as CSV")

    # -- temporal patterns ---------------------------------------------------------------
    def _build_patterns(self) -> w.Widget:
        specs = [_PAT[n] for n in ("dataset", "noise", "v_pulse", "slot_interval")]
        self._pattern_controls = controls_for([*specs, _TAU])
        self._digit_control = w.IntSlider(value=2, min=0, max=9, description="digit shown",
                                         style={"description_width": "150px"},
                                         layout=w.Layout(width="420px"))
        self.observe_all([*self._pattern_controls.values(), self._digit_control],
                         self._update_pattern_preview, "pattern-preview")
        self._pattern_run_button = w.Button(description="Train and test", icon="play",
                                            button_style="primary")
        self._pattern_run_button.on_click(self.guarded(lambda _b: self.run_patterns(),
                                                       "patterns"))
        self._pattern_progress = Progress("readouts")
        self.pattern_export_button = w.Button(description="Export (CSV)", icon="download")
        self.pattern_export_button.on_click(self.guarded(lambda _b: self._export_patterns(),
                                                         "export"))
        self.pattern_export_link = w.HTML()

        self._fig_pattern = _grid(2, ("pixel-on probability (rows = streams)",
                                      "device states, one noisy sample"),
                                  height=400)
        self._fig_pattern.add_heatmap(colorscale="Greys", zmin=0, zmax=1, showscale=False,
                                      row=1, col=1)
        for k in range(MAX_STREAMS):
            self._fig_pattern.add_scatter(mode="lines", name=f"stream {k + 1}",
                                          showlegend=False, row=1, col=2)
        self._fig_pattern.update_yaxes(autorange="reversed", title_text="row", row=1, col=1)
        self._fig_pattern.update_xaxes(title_text="column (time slot)", row=1, col=1)
        self._fig_pattern.update_xaxes(title_text="time (ms)", row=1, col=2)
        self._fig_pattern.update_yaxes(title_text="state w", row=1, col=2)

        self._fig_classes = _grid(2, ("test accuracy", "device confusion matrix"), height=400)
        self._fig_classes.add_bar(x=["device", "ESN", "pixels"],
                                  marker_color=[COLORS[k] for k in ("device", "esn", "pixels")],
                                  showlegend=False, row=1, col=1)
        self._fig_classes.add_scatter(x=[-0.5, 2.5], mode="lines", name="chance",
                                      line=dict(color=pal.BLACK, dash="dot"), row=1, col=1)
        self._fig_classes.add_heatmap(colorscale="Blues", showscale=False, row=1, col=2)
        self._fig_classes.update_yaxes(range=[0, 1], title_text="accuracy", row=1, col=1)
        self._fig_classes.update_yaxes(autorange="reversed", title_text="true", row=1, col=2)
        self._fig_classes.update_xaxes(title_text="predicted", row=1, col=2)
        left = w.VBox([*self._pattern_controls.values(), self._digit_control])
        right = w.VBox([w.HBox([self._pattern_run_button, self.pattern_export_button]),
                        self._pattern_progress, self.pattern_export_link])
        return w.VBox([w.HBox([left, right]), self._fig_pattern, self._fig_classes])

    def _pattern_kwargs(self) -> dict:
        c = {k: ctl.value for k, ctl in self.pattern_controls.items()}
        return dict(dataset=c["dataset"], noise=c["noise"], v_pulse=c["v_pulse"],
                    slot_interval=c["slot_interval"], device=self._device(c["tau"]))

    def _update_pattern_preview(self) -> None:
        kw = self._pattern_kwargs()
        clean = self._clean_patterns(kw["dataset"])
        data = pattern_dataset(kw["dataset"], noise=kw["noise"], n_per_class=2, seed=0)
        digit = self.digit_control.value
        k = np.flatnonzero(data.y_test == digit)[0]
        image = data.x_test[k]
        streams = pattern_streams(image[None], data.split)[0]
        with self.fig_pattern.batch_update():
            self.fig_pattern.data[0].z = inversion_mean(clean.x_test[k], kw["noise"])
            for k in range(MAX_STREAMS):
                trace = self.fig_pattern.data[1 + k]
                if k < streams.shape[0]:
                    tr = simulate_pulses(kw["device"], streams[k] * kw["v_pulse"],
                                         pulse_width=1e-3, interval=kw["slot_interval"],
                                         samples=10)
                    trace.x, trace.y, trace.visible = 1e3 * tr.t, tr.w, True
                else:
                    trace.visible = False
            self.fig_pattern.layout.title.text = (
                f"Digit {digit} streamed into {streams.shape[0]} devices "
                f"({streams.shape[1]} slots of {1e3 * kw['slot_interval']:.3g} ms)")

    def _clean_patterns(self, dataset: str):
        cache = self.__dict__.setdefault("_clean_cache", {})
        if dataset not in cache:
            cache[dataset] = pattern_dataset(dataset, noise=0.0, n_per_class=2, seed=0)
        return cache[dataset]

    def run_patterns(self) -> None:
        """Train the softmax readouts of the device reservoir and its baselines."""
        self.pattern_progress.reset()
        snapshot = control_snapshot(self.pattern_controls)
        r = classify_patterns(**self._pattern_kwargs(), seed=0,
                              callback=lambda s, t, _m: self.pattern_progress(s, t))
        self.pattern_result, self._pattern_snapshot = r, snapshot
        acc = r.accuracy
        with self.fig_classes.batch_update():
            self.fig_classes.data[0].y = [acc["device"], acc["esn"], acc["pixels"]]
            self.fig_classes.data[1].y = [r.chance, r.chance]
            self.fig_classes.data[2].z = r.confusion
            self.fig_classes.layout.title.text = (
                f"{r.dataset}: device {100 * acc['device']:.1f} %, ESN "
                f"{100 * acc['esn']:.1f} %, pixels {100 * acc['pixels']:.1f} % "
                f"(chance {100 * r.chance:.0f} %, {r.seconds:.1f} s)")

    def export_patterns_csv(self) -> str:
        """Accuracies and confusion matrix of the last run (``""`` before one), with
        provenance comments (controls with units, seed, version, date) first."""
        if self.pattern_result is None:
            return ""
        return export_with_provenance(
            self.pattern_result.to_csv(),
            "ReservoirLab temporal patterns: volatile-memristor reservoir vs ESN and pixels",
            self._pattern_snapshot, seed=0)

    def _export_patterns(self) -> None:
        self.pattern_export_link.value = download_link(
            self.export_patterns_csv(), "reservoir_patterns.csv", "download the result as CSV")


# -- static figures for the chapter notebook (no physics) -------------------------------
def _static(fig: go.Figure, **layout) -> go.Figure:
    from .figures import STATIC_LAYOUT

    fig.update_layout(**{**STATIC_LAYOUT, **layout})
    return fig


def series_figure(t: np.ndarray, x: np.ndarray, *, title: str = "Mackey-Glass series"
                  ) -> go.Figure:
    """A time series ``x(t)``."""
    fig = go.Figure(go.Scatter(x=t, y=x, mode="lines", line=dict(color=pal.BLACK, width=1.2),
                               name="x(t)"))
    return _static(fig, title=title, xaxis_title="time (time units)", yaxis_title="x")


def pulse_figure(trace, *, title: str = "Volatile memristor under pulses") -> go.Figure:
    """Voltage and state of a volatile-memristor trace (``simulate_pulses``)."""
    fig = go.Figure(make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08))
    fig.add_scatter(x=1e3 * trace.t, y=trace.v, name="voltage (V)",
                    line=dict(color=pal.PURPLE), row=1, col=1)
    fig.add_scatter(x=1e3 * trace.t, y=trace.w, name="state w", line=dict(color=pal.BLACK),
                    row=2, col=1)
    fig.update_yaxes(title_text="V (V)", row=1, col=1)
    fig.update_yaxes(title_text="w", row=2, col=1)
    fig.update_xaxes(title_text="time (ms)", row=2, col=1)
    return _static(fig, title=title, height=420)


def prediction_figure(result, *, n: int = N_SHOWN) -> go.Figure:
    """Target and both reservoirs' predictions of a :class:`PredictionResult`."""
    e = result.nrmse
    fig = go.Figure()
    for name, y, style in (("target", result.target, dict(color=pal.BLACK, width=2, dash="dot")),
                           (f"device ({e['device']:.3g})", result.device,
                            dict(color=COLORS["device"])),
                           (f"ESN ({e['esn']:.3g})", result.esn,
                            dict(color=COLORS["esn"], dash="dash"))):
        fig.add_scatter(x=result.t[:n], y=y[:n], name=name, mode="lines", line=style)
    return _static(fig, title=f"{result.horizon}-step prediction, {result.size} features "
                              "(NRMSE in brackets)",
                   xaxis_title="time (time units)", yaxis_title="x")


def nrmse_figure(result) -> go.Figure:
    """NRMSE of the device reservoir, the ESN and the trivial predictors (log scale)."""
    keys = ("device", "esn", "persistence", "mean")
    fig = go.Figure(go.Bar(x=["device", "ESN", "persistence", "mean"],
                           y=[result.nrmse[k] for k in keys],
                           marker_color=[COLORS[k] for k in keys],
                           text=[f"{result.nrmse[k]:.3g}" for k in keys]))
    return _static(fig, title=f"Test NRMSE, reservoir size {result.size}",
                   yaxis=dict(type="log", title="NRMSE"), showlegend=False)


def size_figure(sweep) -> go.Figure:
    """NRMSE against reservoir size of a :class:`SizeSweep` (log-log)."""
    fig = go.Figure()
    fig.add_scatter(x=sweep.size, y=sweep.device, name="device reservoir",
                    mode="lines+markers", line=dict(color=COLORS["device"]))
    fig.add_scatter(x=sweep.size, y=sweep.esn, name="ESN", mode="lines+markers",
                    line=dict(color=COLORS["esn"], dash="dash"), marker=dict(symbol="square"))
    fig.add_scatter(x=[sweep.size[0], sweep.size[-1]], y=[sweep.persistence] * 2,
                    name="persistence", mode="lines",
                    line=dict(color=COLORS["persistence"], dash="dot"))
    return _static(fig, title="NRMSE vs reservoir size",
                   xaxis=dict(type="log", title="features (devices x virtual nodes)"),
                   yaxis=dict(type="log", title="NRMSE"))


def accuracy_figure(accuracy: dict, chance: float, *, title: str = "Test accuracy"
                    ) -> go.Figure:
    """Bars of accuracies with the chance level."""
    names = list(accuracy)
    fig = go.Figure(go.Bar(x=names, y=[accuracy[k] for k in names], showlegend=False,
                           marker_color=[COLORS.get(k, pal.GREY) for k in names],
                           text=[f"{100 * accuracy[k]:.1f} %" for k in names]))
    fig.add_scatter(x=[-0.5, len(names) - 0.5], y=[chance, chance], mode="lines",
                    name="chance", line=dict(color=pal.BLACK, dash="dot"))
    return _static(fig, title=title, yaxis=dict(range=[0, 1.05], title="accuracy"))


def confusion_figure(matrix: np.ndarray, labels=None, *, title: str = "Confusion matrix"
                     ) -> go.Figure:
    """A confusion matrix (rows: true class, columns: predicted)."""
    labels = list(range(len(matrix))) if labels is None else list(labels)
    fig = go.Figure(go.Heatmap(z=matrix, x=labels, y=labels, colorscale="Blues",
                               showscale=False, text=matrix, texttemplate="%{text}"))
    return _static(fig, title=title, height=420, width=480,
                   xaxis=dict(title="predicted", type="category"),
                   yaxis=dict(title="true", autorange="reversed", type="category"))
