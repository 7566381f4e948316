"""PatternRecognitionLab: digits on device arrays, every device beside the published table.

Review ch. 6 (pattern recognition).  A thin front end over
:mod:`neuroexplore.applications.pattern_recognition` (no physics here):

* **Device** (live): the chosen device's pulse response (the curve the crossbar programs
  along, with one pulse's cycle-to-cycle noise as a band) and, once the float MLPs are
  trained, its ex-situ digits accuracy (plain and hardware-aware) re-evaluated on the
  spot for the states / write-noise sliders;
* **Device table** (button, progress bar, Stop): ex-situ and in-situ accuracy of every
  preset, of devices kept in the device lab and of uploaded measurements, beside the
  float baselines and the published NeuroSim accuracies (V3.0 Table II, MNIST
  400-100-10: only the ranking is comparable, by Spearman's rho), with the in-situ learning
  curves and a CSV export.

torch is imported only when a network is trained or evaluated.
"""

from __future__ import annotations

import html
import io
from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from ..applications import pattern_recognition as pr
from ..devices import presets
from ..devices.measurements import UPLOAD_ACCEPT
from . import palette as pal
from ._device_common import download_link, export_with_provenance
from ._runs import Runner
from .base import Lab, first_upload
from .controls import control_for, controls_for
from .plotting import LAYOUT, figure

__all__ = ["PatternRecognitionLab", "N_CURVE_SLOTS", "device_curves_figure", "table_figure",
           "in_situ_figure", "table_html"]

#: In-situ learning curves kept on the plot (presets + a few of the user's devices).
N_CURVE_SLOTS = 12
DEFAULT_DEVICE = "AlOx/HfO2"
_NOTE = (
    "Our network: a 64-32-10 MLP on 8x8 digits (450 test images, chance 10 %), trained in "
    "situ with the protocol chosen above ('neurosim': one device + reference per weight, "
    "SGD after every image, as NeuroSim). The published NeuroSim accuracies (MLP+NeuroSim "
    "V3.0 user manual 2019, sec. 9, Table II) are for a 400-100-10 MLP on 20x20 binarised "
    "MNIST: compare the ranking (Spearman rho), not the numbers."
)


def _rank_text(table: pr.AccuracyTable) -> str:
    """``"Spearman rho = 0.89 vs NeuroSim (7 devices)"`` or why it is unavailable."""
    cmp = pr.compare_with_published(table)
    if cmp.rho is None:
        return "published NeuroSim ranking: " + cmp.reason
    return (f"Spearman ρ = {cmp.rho:.2f} vs NeuroSim's published ranking "
            f"({len(cmp.devices)} devices)")


def _kept() -> dict[str, Any]:
    try:
        from .device_store import kept_devices

        return dict(kept_devices())
    except Exception:  # noqa: BLE001 - a broken store must not break this lab
        return {}


class PatternRecognitionLab(Lab):
    """Interactive lab: digit recognition on device arrays, ex situ and in situ.

    Parameters
    ----------
    background : bool
        Run the device table in a background thread (so Stop works in a notebook);
        ``False`` runs it in the caller's thread.

    Examples
    --------
    >>> lab = PatternRecognitionLab(background=False)
    >>> lab.error
    ''
    """

    def __init__(self, device: str = DEFAULT_DEVICE, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.user_devices: dict[str, Any] = {}
        self.table: pr.AccuracyTable | None = None
        self.base: pr.Baselines | None = None

        self.device_select = w.Dropdown(options=self._options(), value=device,
                                        description="device", layout=w.Layout(width="420px"))
        self.refresh_button = w.Button(description="refresh devices", icon="refresh",
                                       tooltip="reload devices kept in the device lab")
        self.upload = w.FileUpload(accept=UPLOAD_ACCEPT, multiple=False,
                                   description="Upload measurement", icon="upload",
                                   layout=w.Layout(width="200px"))
        self.preview_controls = controls_for(pr.PREVIEW_SPECS, continuous_update=False)
        self.run_size = control_for(pr.RUN_SIZE)
        self.run_controls = controls_for(pr.RECOGNITION_SPECS, continuous_update=False)
        self.runner = Runner(self, "table", "Run device table")
        self.run_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.progress = self.runner.progress
        self.export_button = w.Button(description="Export CSV", icon="download")
        self.export_link = w.HTML()
        self.table_html = w.HTML()
        self._build_figures()

        self._quiet = False
        self.device_select.observe(self.guarded(lambda _c: self._on_device(), "device"),
                                   names="value")
        self.observe_all(self.preview_controls, self._on_preview, "device")
        self.refresh_button.on_click(self.guarded(lambda _b: self.refresh_devices(), "device"))
        self.upload.observe(self.guarded(self._on_upload, "upload"), names="value")
        self.run_size.observe(self.guarded(lambda _c: self._apply_run_size(), "run"),
                              names="value")
        self.run_button.on_click(lambda _b: self.run_table())
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))

        settings = w.Accordion([w.VBox(list(self.run_controls.values()))])
        settings.set_title(0, "run settings")
        settings.selected_index = None
        header = w.HBox([self.device_select, self.refresh_button, self.upload])
        run_row = w.HBox([self.run_size, self.run_button, self.stop_button, self.progress])
        super().__init__([
            header,
            w.HBox([w.VBox(list(self.preview_controls.values())), self.fig_device,
                    self.fig_live]),
            run_row, settings,
            w.HTML(f"<small>{html.escape(_NOTE)}</small>"),
            self.fig_table,
            w.HBox([self.fig_curves, self.table_html]),
            w.HBox([self.export_button, self.export_link]),
        ])
        self._sync_states()
        self._update_device()

    def state_controls(self) -> dict[str, Any]:
        """State keys: device, ``preview.*``, run_size, then ``run.*`` (an uploaded
        measurement is not part of the state)."""
        return {"device": self.device_select, "preview": self.preview_controls,
                "run_size": self.run_size, "run": self.run_controls}

    # -- public -----------------------------------------------------------------------
    @property
    def device(self) -> Any:
        """The selected device (preset name or PulseDevice)."""
        return self.device_select.value

    def settings(self) -> dict[str, Any]:
        """The run settings of the (advanced) controls."""
        return {k: c.value for k, c in self.run_controls.items()}

    def devices(self) -> list[Any]:
        """What the table runs on: every preset, kept devices, uploaded measurements."""
        return [*presets(), *_kept().values(), *self.user_devices.values()]

    def refresh_devices(self) -> None:
        """Reload the device list (presets, kept devices, uploaded measurements)."""
        keep = self.device_select.value
        self.device_select.options = self._options()
        values = [v for _, v in self.device_select.options]
        self.device_select.value = keep if keep in values else DEFAULT_DEVICE

    def add_measurement(self, text: str, filename: str = "measurement.csv") -> Any:
        """Fit an uploaded pulse measurement (CSV text) and add it to the devices."""
        try:
            dev = pr.device_from_measurement(io.StringIO(text), name=f"fitted: {filename}")
        except ValueError as exc:
            raise ValueError(f"{filename}: {exc}") from None
        self.user_devices[dev.name] = dev
        self.refresh_devices()
        self.device_select.value = dev
        return dev

    def run_table(self) -> None:
        """Run the device table (in the background unless ``background`` is False)."""
        self.runner.start(self._run, "run")

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run (scripts and tests)."""
        self.runner.join(timeout)

    def export_csv(self) -> str:
        """The last table as CSV (``""`` before the first run).

        Provenance comments come first: the run settings of the table with their units,
        the seed, the neuroexplore version and the date.
        """
        if self.table is None:
            return ""
        t = self.table
        return export_with_provenance(
            t.to_csv(), f"PatternRecognitionLab device table: digits on {len(t.rows)} device "
            "arrays, ex situ and in situ", (),
            {k: v for k, v in t.settings.items() if k != "seed"},
            specs=pr.RECOGNITION_SPECS, seed=t.settings.get("seed", 0),
            notes=["table stopped early: the devices reached"] if t.cancelled else ())

    # -- building ---------------------------------------------------------------------
    def _options(self) -> list[tuple[str, Any]]:
        opts: list[tuple[str, Any]] = [(n, n) for n in presets()]
        opts += [(f"kept: {k}", d) for k, d in _kept().items()]
        opts += [(k, d) for k, d in self.user_devices.items()]
        return opts

    def _build_figures(self) -> None:
        self.fig_device = figure(height=360, width=520, title="device")
        self.fig_device.add_scatter(mode="lines", name="± one pulse's c2c noise",
                                    line=dict(width=0), showlegend=False)
        self.fig_device.add_scatter(mode="lines", name="± c2c (one pulse)", fill="tonexty",
                                    line=dict(width=0), fillcolor=pal.rgba(pal.BLUE, 0.2))
        self.fig_device.add_scatter(mode="lines+markers", name="potentiation",
                                    marker=dict(size=4, symbol="triangle-up"),
                                    line=pal.styled("potentiation"))
        self.fig_device.add_scatter(mode="lines+markers", name="depression",
                                    marker=dict(size=4, symbol="triangle-down"),
                                    line=pal.styled("depression"))
        self.fig_device.update_layout(xaxis_title="pulse",
                                      yaxis=dict(title="(G − G_min)/(G_max − G_min)",
                                                 range=[-0.05, 1.05]))
        self.fig_live = figure(height=360, width=430,
                               title="ex situ on this device: press Run device table")
        self.fig_live.add_bar(name="float", marker_color=pal.GREY, marker_pattern_shape="/")
        self.fig_live.add_bar(name="on the crossbar", marker_color=pal.VERMILLION,
                              error_y=dict(type="data", array=[], visible=True))
        self.fig_live.update_layout(barmode="group", yaxis=dict(title="test accuracy",
                                                                range=[0, 1.02]))
        self.fig_table = figure(height=420, title="Device table: press Run device table")
        self.fig_table.add_bar(name="ex situ, plain", marker_color=pal.SKY_BLUE,
                               marker_pattern_shape="/",
                               error_y=dict(type="data", array=[], visible=True))
        self.fig_table.add_bar(name="ex situ, hardware-aware", marker_color=pal.BLUE,
                               marker_pattern_shape="x",
                               error_y=dict(type="data", array=[], visible=True))
        self.fig_table.add_bar(name="in situ", marker_color=pal.VERMILLION)
        self.fig_table.add_scatter(name="published NeuroSim (MNIST)", mode="markers",
                                   marker=dict(symbol="diamond", size=11, color=pal.BLACK))
        for name, dash in (("float, ex situ", "dash"), ("float, in-situ network", "dot")):
            self.fig_table.add_scatter(name=name, mode="lines",
                                       line=dict(color=pal.BLACK, dash=dash, width=1))
        self.fig_table.update_layout(barmode="group", yaxis=dict(title="test accuracy",
                                                                 range=[0, 1.02]))
        self.fig_curves = figure(height=380, width=560, title="In-situ training")
        for k in range(N_CURVE_SLOTS):
            self.fig_curves.add_scatter(mode="lines+markers", visible=False, name=f"run {k}",
                                        line=pal.series_line(k),
                                        marker=dict(symbol=pal.series_symbol(k)))
        self.fig_curves.add_scatter(mode="lines", name="float weights", visible=False,
                                    line=dict(color=pal.BLACK, dash="dash"))
        self.fig_curves.update_layout(xaxis_title="epoch",
                                      yaxis=dict(title="test accuracy", range=[0, 1.02]))

    # -- live -------------------------------------------------------------------------
    def _sync_states(self) -> None:
        """Show the device's own number of states on the states slider.

        0 (the crossbar's "use the device's own") is kept for the continuous ideal device.
        """
        dev = self.device
        own = 0 if dev == "ideal" else int(pr.device_curve(dev).states_ltp)
        self._quiet = True
        try:
            self.preview_controls["states"].value = own
        finally:
            self._quiet = False

    def _on_device(self) -> None:
        self._sync_states()
        self._update_device()

    def _on_preview(self) -> None:
        if not self._quiet:
            self._update_device()

    def _update_device(self) -> None:
        c = {k: ctl.value for k, ctl in self.preview_controls.items()}
        curve = pr.device_curve(self.device, states=c["states"], c2c_scale=c["c2c_scale"])
        up, down = curve.ltp, ~curve.ltp | (curve.pulses == curve.states_ltp)
        with self.fig_device.batch_update():
            d = self.fig_device.data
            d[0].x, d[0].y = curve.pulses, np.clip(curve.level + curve.c2c, -0.05, 1.05)
            d[1].x, d[1].y = curve.pulses, np.clip(curve.level - curve.c2c, -0.05, 1.05)
            d[2].x, d[2].y = curve.pulses[up], curve.level[up]
            d[3].x, d[3].y = curve.pulses[down], curve.level[down]
            self.fig_device.layout.title.text = (
                f"{curve.name}: {curve.states_ltp}/{curve.states_ltd} pulses, c2c σ = "
                f"{curve.c2c:.3g} of the range per pulse")
        self._update_live()

    def _update_live(self) -> None:
        if self.base is None:
            return
        c = {k: ctl.value for k, ctl in self.preview_controls.items()}
        plain = pr.ex_situ_accuracy(self.base.plain.model, self.device, repeats=1, **c)
        hwa = pr.ex_situ_accuracy(self.base.hwa.model, self.device, repeats=1, **c)
        cats = ["plain", "hardware-aware"]
        with self.fig_live.batch_update():
            self.fig_live.data[0].x = cats
            self.fig_live.data[0].y = [self.base.accuracy_plain, self.base.accuracy_hwa]
            self.fig_live.data[1].x = cats
            self.fig_live.data[1].y = [plain[0], hwa[0]]
            self.fig_live.data[1].error_y.array = [plain[1], hwa[1]]
            self.fig_live.layout.title.text = (
                f"ex situ on {self.device_select.label}: {100 * plain[0]:.1f} % plain, "
                f"{100 * hwa[0]:.1f} % HWA")
        self.live_accuracy = {"plain": plain[0], "hwa": hwa[0]}

    def _on_upload(self, change) -> None:
        with first_upload(change) as upload:
            if upload is not None:
                self.add_measurement(*upload)

    def _apply_run_size(self) -> None:
        for k, v in pr.run_settings(self.run_size.value).items():
            self.run_controls[k].value = v

    # -- the table --------------------------------------------------------------------
    def _run(self) -> None:
        def callback(step: int, total: int, metrics: dict) -> bool:
            go_on = self.runner.report(step, total, metrics)
            self.progress.text.value = f"{step}/{total} {metrics.get('device', '')}"
            return go_on

        settings = self.settings()
        table = pr.accuracy_table(self.devices(), seed=0, callback=callback, **settings)
        self.table = table
        if table.rows or not table.cancelled:
            self.base = pr.baselines(seed=0, **settings)
        self._draw_table(table)
        self._update_live()
        self.runner.end(table.cancelled, "device table")

    def _draw_table(self, table: pr.AccuracyTable) -> None:
        rows = table.rows
        names = [r.name for r in rows]
        pub = [r.published for r in rows]
        have = [i for i, v in enumerate(pub) if v is not None]
        with self.fig_table.batch_update():
            d = self.fig_table.data
            d[0].x, d[0].y = names, [r.ex_situ_plain for r in rows]
            d[0].error_y.array = [r.ex_situ_plain_std for r in rows]
            d[1].x, d[1].y = names, [r.ex_situ_hwa for r in rows]
            d[1].error_y.array = [r.ex_situ_hwa_std for r in rows]
            d[2].x, d[2].y = names, [r.in_situ for r in rows]
            d[3].x, d[3].y = [names[i] for i in have], [pub[i] for i in have]
            ends = [names[0], names[-1]] if names else []
            d[4].x, d[4].y = ends, [table.float_plain] * len(ends)
            d[5].x, d[5].y = ends, [table.float_in_situ] * len(ends)
            stop = " (stopped)" if table.cancelled else ""
            self.fig_table.layout.title.text = (
                f"Digits on device arrays{stop}: float {100 * table.float_plain:.1f} % "
                f"(HWA {100 * table.float_hwa:.1f} %), in-situ float weights "
                f"{100 * table.float_in_situ:.1f} %; {_rank_text(table)}")
        with self.fig_curves.batch_update():
            for k, tr in enumerate(self.fig_curves.data[:N_CURVE_SLOTS]):
                if k < len(rows) and rows[k].history is not None:
                    acc = rows[k].history.test_accuracy
                    tr.x, tr.y = np.arange(1, acc.size + 1), acc
                    tr.name, tr.visible = rows[k].name, True
                else:
                    tr.x, tr.y, tr.visible = [], [], False
            flt = self.fig_curves.data[N_CURVE_SLOTS]
            if table.float_history is not None:
                acc = table.float_history.test_accuracy
                flt.x, flt.y, flt.visible = np.arange(1, acc.size + 1), acc, True
        self.table_html.value = table_html(table)

    def _export(self) -> None:
        text = self.export_csv()
        if not text:
            self.export_link.value = ""
            self.show_info("nothing to export yet: run the device table first")
            return
        self.export_link.value = download_link(text, "device_table.csv", "device table (CSV)")


# --------------------------------------------------------------- notebook figures
def table_html(table: pr.AccuracyTable) -> str:
    """The table ranked by in-situ accuracy, published column and rank comparison (HTML)."""
    cmp = pr.compare_with_published(table)
    body = []
    for rank, name in enumerate(table.ranking("in_situ"), start=1):
        r = table.row(name)
        pub = "unavailable" if r.published is None else f"{100 * r.published:.1f}"
        body.append(
            f"<tr><td>{rank}</td><td>{html.escape(name)}</td><td>{r.states_ltp}</td>"
            f"<td>{r.nonlinearity_ltp:.3g} / {r.nonlinearity_ltd:.3g}</td>"
            f"<td>{r.c2c_sigma:.3g}</td>"
            f"<td>{100 * r.ex_situ_plain:.1f} ± {100 * r.ex_situ_plain_std:.1f}</td>"
            f"<td>{100 * r.ex_situ_hwa:.1f} ± {100 * r.ex_situ_hwa_std:.1f}</td>"
            f"<td>{100 * r.in_situ:.1f}</td><td>{pub}</td></tr>")
    head = ("<tr><th>rank</th><th>device</th><th>states</th><th>NL LTP / LTD</th>"
            "<th>c2c σ</th><th>ex situ plain (%)</th><th>ex situ HWA (%)</th>"
            "<th>in situ (%)</th><th>published NeuroSim, MNIST (%)</th></tr>")
    base = (f"float baselines: ex situ {100 * table.float_plain:.1f} % (HWA-trained "
            f"{100 * table.float_hwa:.1f} %), in-situ network with float weights "
            f"{100 * table.float_in_situ:.1f} %")
    return (f"<table class='neuroexplore-fit-table'>{head}{''.join(body)}</table>"
            f"<div style='max-width:640px'><small>{html.escape(base)}. "
            f"{html.escape(cmp.summary())}. {html.escape(_NOTE)}</small></div>")


def _layout(fig: go.Figure, **kw: Any) -> go.Figure:
    fig.update_layout(**{**LAYOUT, **kw})
    return fig


def device_curves_figure(devices: list[Any] | None = None) -> go.Figure:
    """Normalised pulse responses of ``devices`` (default: every preset), one line each."""
    fig = go.Figure()
    for k, dev in enumerate(devices if devices is not None else list(presets())):
        c = pr.device_curve(dev)
        x = c.pulses / c.states_ltp  # LTP in [0, 1], LTD in [1, 1 + states_ltd/states_ltp]
        fig.add_scatter(x=x, y=c.level, mode="lines", name=f"{c.name} ({c.states_ltp})",
                        line=pal.series_line(k))
    return _layout(fig, height=380, title="Pulse responses: potentiation from G_min, then "
                   "depression (pulse axis normalised by states_ltp)",
                   xaxis_title="pulses / states_ltp",
                   yaxis_title="(G − G_min)/(G_max − G_min)")


def table_figure(table: pr.AccuracyTable) -> go.Figure:
    """Grouped bars: ex situ (plain, HWA), in situ, published markers, float lines."""
    names = [r.name for r in table.rows]
    fig = go.Figure()
    fig.add_bar(x=names, y=[r.ex_situ_plain for r in table.rows], name="ex situ, plain",
                marker_color=pal.SKY_BLUE, marker_pattern_shape="/",
                error_y=dict(type="data", array=[r.ex_situ_plain_std for r in table.rows]))
    fig.add_bar(x=names, y=[r.ex_situ_hwa for r in table.rows],
                name="ex situ, hardware-aware", marker_color=pal.BLUE,
                marker_pattern_shape="x",
                error_y=dict(type="data", array=[r.ex_situ_hwa_std for r in table.rows]))
    fig.add_bar(x=names, y=[r.in_situ for r in table.rows], name="in situ",
                marker_color=pal.VERMILLION)
    have = [r for r in table.rows if r.published is not None]
    fig.add_scatter(x=[r.name for r in have], y=[r.published for r in have], mode="markers",
                    name="published NeuroSim (MNIST)",
                    marker=dict(symbol="diamond", size=11, color=pal.BLACK))
    if names:
        for y, name, dash in ((table.float_plain, "float, ex situ", "dash"),
                              (table.float_in_situ, "float, in-situ network", "dot")):
            fig.add_scatter(x=[names[0], names[-1]], y=[y, y], mode="lines", name=name,
                            line=dict(color=pal.BLACK, dash=dash, width=1))
    return _layout(fig, height=420, barmode="group",
                   title=f"Digits on device arrays: ex situ and in situ; {_rank_text(table)}",
                   yaxis=dict(title="test accuracy", range=[0, 1.02]))


def in_situ_figure(table: pr.AccuracyTable) -> go.Figure:
    """Test accuracy per epoch of every device's in-situ training (dashed: float weights)."""
    fig = go.Figure()
    for k, r in enumerate(table.rows):
        if r.history is None:
            continue
        acc = r.history.test_accuracy
        fig.add_scatter(x=np.arange(1, acc.size + 1), y=acc, mode="lines+markers", name=r.name,
                        line=pal.series_line(k), marker=dict(symbol=pal.series_symbol(k)))
    if table.float_history is not None:
        acc = table.float_history.test_accuracy
        fig.add_scatter(x=np.arange(1, acc.size + 1), y=acc, mode="lines", name="float weights",
                        line=dict(color=pal.BLACK, dash="dash"))
    return _layout(fig, height=380, title="In-situ training: test accuracy per epoch",
                   xaxis_title="epoch", yaxis=dict(title="test accuracy", range=[0, 1.02]))
