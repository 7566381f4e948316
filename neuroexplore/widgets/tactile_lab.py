"""TactileLab: braille read by a sliding fingertip of neuromorphic tactile sensors.

A thin front end over :mod:`neuroexplore.applications.tactile` (no physics here).
The sliders redraw one sweep over the chosen letter at once: the three taxels'
pressure, the afferent spikes (or the TENG gate voltage) and the synaptic
transistors' EPSCs.  *Run* generates the dataset, trains the same classifier on the
device features and on the raw pressure, and sweeps the sensor noise (in the
background, with a progress bar and a Stop button); the *full* size reads all 26
letters with more samples and more noise levels.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..applications.tactile import (
    BRAILLE_DOTS,
    SENSOR_SPECS,
    SIZE_SETTINGS,
    SIZE_SPEC,
    TASK_SPECS,
    TRANSDUCER_SPECS,
    accuracy_vs_noise,
    afferent_response,
    braille_pressure,
    tactile_benchmark,
)
from ..params import specs_by_name
from . import palette as pal
from ._device_common import control_snapshot, download_link, export_with_provenance
from ._runs import Runner
from .base import Lab
from .controls import control_for, controls_for
from .plotting import LAYOUT, figure

__all__ = ["TactileLab", "sweep_figure", "noise_figure"]

_SENSOR = specs_by_name(SENSOR_SPECS)
_TRANS = specs_by_name(TRANSDUCER_SPECS)
_TASK = specs_by_name(TASK_SPECS)
TAXEL_COLORS = (pal.BLUE, pal.ORANGE, pal.GREEN)
TAXEL_DASHES = ("solid", "dash", "dot")
SENSOR_KEYS = ("speed", "noise", "jitter")
TRANSDUCER_KEYS = ("transducer", "i_gain", "v_spike", "x_press")
AFFERENT_ONLY = ("i_gain", "v_spike")
TENG_ONLY = ("x_press",)


class TactileLab(Lab):
    """Interactive lab for chapter 6: tactile (braille) pattern recognition.

    Parameters
    ----------
    background : bool
        Run (the Run button) in a background thread (so Stop works in a notebook);
        ``False`` runs in the caller's thread.

    Examples
    --------
    >>> lab = TactileLab()
    >>> lab.preview.epsc.shape[:2]
    (1, 3)
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.result = self.noise_sweep = None
        self.letter_control = w.Dropdown(options=list(BRAILLE_DOTS), value="d",
                                         description="letter shown",
                                         style={"description_width": "150px"},
                                         layout=w.Layout(width="420px"))
        self.sensor_controls = controls_for([_SENSOR[k] for k in SENSOR_KEYS])
        self.transducer_controls = controls_for([_TRANS[k] for k in TRANSDUCER_KEYS])
        self.task_controls = {**controls_for([_TASK["classes"], _TASK["classifier"]]),
                              "size": control_for(SIZE_SPEC)}
        self.observe_all([self.letter_control, *self.sensor_controls.values(),
                          *self.transducer_controls.values()], self._update_preview,
                         "preview")
        self.runner = Runner(self, "run", "Run")
        self.run_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.run_button.on_click(lambda _b: self.start_run())
        self.progress = self.runner.progress
        self.export_button = w.Button(description="Export (CSV)", icon="download")
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        self.export_link = w.HTML()

        self.fig_trace = figure(rows=3, height=520, title="One sweep")
        for k in range(3):
            style = dict(color=TAXEL_COLORS[k], dash=TAXEL_DASHES[k])
            self.fig_trace.add_scatter(name=f"taxel {k + 1} (dots {k + 1}, {k + 4})",
                                       mode="lines", line=style, legendgroup=str(k),
                                       row=1, col=1)
        for k in range(3):
            self.fig_trace.add_scatter(name=f"spikes {k + 1}", mode="markers",
                                       marker=dict(symbol="line-ns-open", size=10,
                                                   color=TAXEL_COLORS[k]),
                                       legendgroup=str(k), showlegend=False, row=2, col=1)
        for k in range(3):
            self.fig_trace.add_scatter(name=f"EPSC {k + 1}", mode="lines",
                                       line=dict(color=TAXEL_COLORS[k], dash=TAXEL_DASHES[k]),
                                       legendgroup=str(k), showlegend=False, row=3, col=1)
        self.fig_trace.update_yaxes(title_text="pressure", row=1, col=1)
        self.fig_trace.update_yaxes(title_text="afferent", row=2, col=1)
        self.fig_trace.update_yaxes(title_text="EPSC (nA)", row=3, col=1)
        self.fig_trace.update_xaxes(title_text="time (ms)", row=3, col=1)

        self.fig_cell = figure(height=300, width=230, title="braille cell",
                               margin=dict(l=20, r=20, t=60, b=20))
        self.fig_cell.add_scatter(mode="markers+text", textposition="middle right",
                                  marker=dict(size=26, line=dict(color=pal.BLACK, width=1)),
                                  showlegend=False)
        self.fig_cell.update_layout(xaxis=dict(range=[-0.7, 1.9], visible=False),
                                    yaxis=dict(range=[2.6, -0.6], visible=False))

        self.fig_result = go.FigureWidget(make_subplots(
            rows=1, cols=2, horizontal_spacing=0.14,
            subplot_titles=("test accuracy", "device confusion matrix")))
        self.fig_result.update_layout(**{**LAYOUT, "height": 400})
        self.fig_result.add_bar(x=["device EPSC", "raw pressure"],
                                marker_color=[pal.VERMILLION, pal.GREY],
                                marker_pattern_shape=["", "/"], showlegend=False,
                                row=1, col=1)
        self.fig_result.add_scatter(x=[-0.5, 1.5], mode="lines", name="chance",
                                    line=dict(color=pal.BLACK, dash="dot"), row=1, col=1)
        self.fig_result.add_heatmap(colorscale="Blues", showscale=False, row=1, col=2)
        self.fig_result.update_yaxes(range=[0, 1], title_text="accuracy", row=1, col=1)
        self.fig_result.update_yaxes(autorange="reversed", title_text="true", row=1, col=2)
        self.fig_result.update_xaxes(title_text="predicted", row=1, col=2)

        self.fig_noise = figure(height=400, title="Accuracy vs sensor noise (press Run)")
        self.fig_noise.add_scatter(name="device EPSC", mode="lines+markers",
                                   line=dict(color=pal.VERMILLION))
        self.fig_noise.add_scatter(name="raw pressure", mode="lines+markers",
                                   line=dict(color=pal.GREY, dash="dash"),
                                   marker=dict(symbol="square"))
        self.fig_noise.add_scatter(name="chance", mode="lines",
                                   line=dict(color=pal.BLACK, dash="dot"))
        self.fig_noise.update_layout(xaxis_title="sensor noise (std per 1 ms sample)",
                                     yaxis=dict(range=[0, 1.02], title="test accuracy"))

        controls = w.HBox([
            w.VBox([self.letter_control, *self.sensor_controls.values()]),
            w.VBox([*self.transducer_controls.values(), *self.task_controls.values(),
                    w.HBox([self.run_button, self.stop_button, self.export_button]),
                    self.progress,
                    self.export_link]),
        ])
        super().__init__([controls, w.HBox([self.fig_trace, self.fig_cell]),
                          w.HBox([self.fig_result, self.fig_noise])])
        self.guarded(self._update_preview, "preview")()

    def state_controls(self) -> dict[str, Any]:
        """State keys: letter, then the sensor, transducer and task settings by name."""
        return {"letter": self.letter_control, **self.sensor_controls,
                **self.transducer_controls, **self.task_controls}

    # -- settings ------------------------------------------------------------------------
    def _sensor(self) -> dict:
        return {k: ctl.value for k, ctl in self.sensor_controls.items()}

    def _transducer(self) -> dict:
        return {k: ctl.value for k, ctl in self.transducer_controls.items()}

    # -- preview -------------------------------------------------------------------------
    def _show_transducer_controls(self) -> None:
        teng = self.transducer_controls["transducer"].value == "triboelectric"
        for k in AFFERENT_ONLY:
            self.transducer_controls[k].layout.display = "none" if teng else None
        for k in TENG_ONLY:
            self.transducer_controls[k].layout.display = None if teng else "none"

    def _update_preview(self) -> None:
        self._show_transducer_controls()
        letter = self.letter_control.value
        sweep = braille_pressure(letter, seed=0, **self._sensor())
        resp = afferent_response(sweep, **self._transducer())
        self.preview = resp
        t_ms = 1e3 * sweep.t
        afferent = resp.transducer == "afferent"
        with self.fig_trace.batch_update():
            for k in range(3):
                self.fig_trace.data[k].x, self.fig_trace.data[k].y = t_ms, sweep.pressure[0, k]
                spikes = 1e3 * resp.spike_times[k] if afferent else np.empty(0)
                self.fig_trace.data[3 + k].x = spikes
                self.fig_trace.data[3 + k].y = np.full(spikes.size, k + 1)
                self.fig_trace.data[6 + k].x = 1e3 * resp.t
                self.fig_trace.data[6 + k].y = 1e9 * resp.epsc[0, k]
            self.fig_trace.layout.yaxis2.title.text = ("afferent spikes" if afferent
                                                       else "no spikes (TENG)")
            dots = ", ".join(str(d) for d in BRAILLE_DOTS[letter])
            self.fig_trace.layout.title.text = (
                f"Letter {letter!r} (dots {dots}) at {self._sensor()['speed']:.0f} mm/s: "
                f"{int(resp.spike_counts.sum())} spikes" if afferent else
                f"Letter {letter!r} (dots {dots}) through the TENG-gated transistor")
        raised = np.isin(np.arange(1, 7), BRAILLE_DOTS[letter])
        with self.fig_cell.batch_update():
            cell = self.fig_cell.data[0]
            cell.x = [0, 0, 0, 1, 1, 1]
            cell.y = [0, 1, 2, 0, 1, 2]
            cell.text = [str(d) for d in range(1, 7)]
            cell.marker.color = np.where(raised, pal.BLACK, pal.LIGHT_GREY).tolist()
            self.fig_cell.layout.title.text = f"'{letter}'"

    # -- run -------------------------------------------------------------------------------
    def _run_kwargs(self) -> dict:
        size = SIZE_SETTINGS[self.task_controls["size"].value]
        trans = self._transducer()
        return dict(self._sensor(), **trans, classes=self.task_controls["classes"].value
                    if self.task_controls["size"].value == "default" else size["classes"],
                    classifier=self.task_controls["classifier"].value,
                    n_per_class=size["n_per_class"], seed=0)

    def start_run(self) -> None:
        """:meth:`run` as the Run button does (in the background unless ``background``
        is False); Stop ends it after the present step."""
        self.runner.start(self.run, "run")

    def run(self) -> None:
        """Benchmark at the present settings, then accuracy against sensor noise.

        Stop (or a progress callback returning ``False``) cuts the classifier
        training short or ends the noise sweep after the present level; the lab says
        after how many steps it stopped.
        """
        kw = self._run_kwargs()
        noises = SIZE_SETTINGS[self.task_controls["size"].value]["noises"]
        n_steps = len(noises) + 1
        self.runner.begin()
        snapshot = control_snapshot(self._export_controls())
        r = tactile_benchmark(**kw, callback=lambda _s, _t, m: self.runner.report(
            0, n_steps, m, draw=False))
        self.result, self.noise_sweep, self._run_snapshot = r, None, (snapshot, kw)
        cut = self.runner.stopped  # Stop during the benchmark cut its training short
        self.runner.report(1, n_steps)
        acc = r.accuracy
        with self.fig_result.batch_update():
            self.fig_result.data[0].y = [acc["device"], acc["pressure"]]
            self.fig_result.data[1].y = [r.chance, r.chance]
            self.fig_result.data[2].z = r.confusion["device"]
            self.fig_result.data[2].x = self.fig_result.data[2].y = list(r.classes)
            self.fig_result.layout.title.text = (
                f"{len(r.classes)} letters, noise {kw['noise']:.2g}: device "
                f"{100 * acc['device']:.1f} %, raw pressure {100 * acc['pressure']:.1f} % "
                f"(chance {100 * r.chance:.0f} %)"
                f"{' (stopped: training cut short)' if cut else ''}")
        if self.runner.stopped:
            with self.fig_noise.batch_update():
                for trace in self.fig_noise.data:
                    trace.x, trace.y = [], []
                self.fig_noise.layout.title.text = "Accuracy vs sensor noise (stopped: not run)"
            self.runner.end(True, "run")
            return
        kw = {k: v for k, v in kw.items() if k != "noise"}
        sweep = accuracy_vs_noise(noises, **kw, callback=lambda s, _t, m: self.runner.report(
            1 + s, n_steps, m))
        self.noise_sweep = sweep
        self.runner.end(sweep.cancelled, "run")
        with self.fig_noise.batch_update():
            self.fig_noise.data[0].x, self.fig_noise.data[0].y = sweep.noise, sweep.device
            self.fig_noise.data[1].x, self.fig_noise.data[1].y = sweep.noise, sweep.pressure
            self.fig_noise.data[2].x = [sweep.noise[0], sweep.noise[-1]]
            self.fig_noise.data[2].y = [sweep.chance] * 2
            self.fig_noise.layout.title.text = (
                f"Accuracy vs sensor noise ({r.seconds + sweep.seconds:.1f} s in all)"
                f"{' (stopped)' if sweep.cancelled else ''}")

    def _export_controls(self) -> list[dict[str, w.ValueWidget]]:
        return [self.sensor_controls, self.transducer_controls, self.task_controls]

    def export_csv(self) -> str:
        """The last run's accuracies, confusion matrix and noise sweep (``""`` before one).

        Provenance comments come first: the controls as the run had them, with their
        units, the seed, the neuroexplore version and the date.
        """
        if self.result is None:
            return ""
        text = self.result.to_csv()
        if self.noise_sweep is not None:
            text += "\n" + self.noise_sweep.to_csv()
        snapshot, kw = self._run_snapshot
        notes = [] if self.noise_sweep is not None else ["noise sweep: not run (stopped)"]
        return export_with_provenance(
            text, "TactileLab braille recognition from device EPSCs vs raw pressure",
            snapshot,
            {"classes": kw["classes"], "n_per_class": (kw["n_per_class"], "")},
            specs=[_TASK["classes"]], seed=kw["seed"], notes=notes)

    def _export(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "tactile_braille.csv",
                                               "download the results as CSV")


# -- static figures for the chapter notebook (no physics) -------------------------------
def sweep_figure(sweep, response=None, index: int = 0, *, title: str | None = None
                 ) -> go.Figure:
    """Pressure (and, with ``response``, spikes and EPSC) of sweep ``index``."""
    from .figures import STATIC_LAYOUT

    rows = 1 if response is None else 3
    fig = go.Figure(make_subplots(rows=rows, cols=1, shared_xaxes=True,
                                  vertical_spacing=0.07))
    t_ms = 1e3 * sweep.t
    for k in range(3):
        fig.add_scatter(x=t_ms, y=sweep.pressure[index, k], name=f"taxel {k + 1}",
                        line=dict(color=TAXEL_COLORS[k], dash=TAXEL_DASHES[k]),
                        legendgroup=str(k), row=1, col=1)
    fig.update_yaxes(title_text="pressure", row=1, col=1)
    if response is not None:
        n_tax = response.epsc.shape[1]
        for k in range(3):
            s = 1e3 * np.asarray(response.spike_times[index * n_tax + k])
            fig.add_scatter(x=s, y=np.full(s.size, k + 1), mode="markers", showlegend=False,
                            marker=dict(symbol="line-ns-open", size=10,
                                        color=TAXEL_COLORS[k]), row=2, col=1)
            fig.add_scatter(x=1e3 * response.t, y=1e9 * response.epsc[index, k],
                            showlegend=False, row=3, col=1,
                            line=dict(color=TAXEL_COLORS[k], dash=TAXEL_DASHES[k]))
        fig.update_yaxes(title_text="spikes", row=2, col=1)
        fig.update_yaxes(title_text="EPSC (nA)", row=3, col=1)
    fig.update_xaxes(title_text="time (ms)", row=rows, col=1)
    letter = sweep.letters[index]
    fig.update_layout(**{**STATIC_LAYOUT, "height": 250 + 150 * rows,
                         "title": title or f"Sweep over {letter!r} (dots "
                         f"{', '.join(map(str, BRAILLE_DOTS[letter]))})"})
    return fig


def noise_figure(noise_sweep) -> go.Figure:
    """Accuracy against sensor noise (:class:`NoiseSweep`)."""
    from .figures import STATIC_LAYOUT

    fig = go.Figure()
    fig.add_scatter(x=noise_sweep.noise, y=noise_sweep.device, name="device EPSC",
                    mode="lines+markers", line=dict(color=pal.VERMILLION))
    fig.add_scatter(x=noise_sweep.noise, y=noise_sweep.pressure, name="raw pressure",
                    mode="lines+markers", line=dict(color=pal.GREY, dash="dash"),
                    marker=dict(symbol="square"))
    fig.add_scatter(x=[noise_sweep.noise[0], noise_sweep.noise[-1]],
                    y=[noise_sweep.chance] * 2, name="chance", mode="lines",
                    line=dict(color=pal.BLACK, dash="dot"))
    fig.update_layout(**{**STATIC_LAYOUT, "title": "Braille accuracy vs sensor noise",
                         "xaxis_title": "sensor noise (std per 1 ms sample)",
                         "yaxis": dict(range=[0, 1.05], title="test accuracy")})
    return fig
