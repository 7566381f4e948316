"""DeviceLab tab 4: the user's own measurement -> load, fit, keep, export (no physics here).

A CSV (uploaded, or the bundled sample) goes through
:func:`neuroexplore.devices.load_measurements`; a pulse response is fitted with
:func:`neuroexplore.devices.fit_pulse_response` (the NeuroSim model), a PPF curve
with :func:`neuroexplore.devices.fit_ppf`, an I-V sweep is shown with its loop area
(:func:`neuroexplore.devices.loop_area`).  A fitted pulse device can be kept for
the crossbar lab (:mod:`neuroexplore.widgets.device_store`).  A file with several
cycles (a ``cycle`` column, or the direction turning back to LTP) is fitted over all
of them jointly.  Uploads are decoded like
:func:`~neuroexplore.devices.load_measurements` reads files (UTF-8, else Excel's
cp1252) and limited to :data:`~neuroexplore.devices.measurements.MAX_UPLOAD_BYTES`.
Malformed files show the engine's error, which names the line.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import ipywidgets as w
import numpy as np

from ..devices import fit_ppf, fit_pulse_response, load_measurements, loop_area
from ..devices.measurements import MAX_UPLOAD_BYTES, UPLOAD_ACCEPT
from . import palette as pal
from ._device_common import (
    csv_text,
    download_link,
    export_with_provenance,
    fit_table,
    value_pm,
)
from .base import first_upload
from .device_store import keep_device
from .plotting import figure

__all__ = ["DataPanel", "SAMPLE_FILE", "sample_text"]

SAMPLE_FILE = "sample_pulse_measurement.csv"


def sample_text() -> str:
    """Text of the bundled sample measurement (synthetic, labelled as such in its header)."""
    return resources.files("neuroexplore").joinpath("data", SAMPLE_FILE).read_text("utf-8")


class DataPanel(w.VBox):
    """Upload (or sample) -> fitted model, parameter table, keep and export buttons."""

    def __init__(self, guard: Callable, notify: Callable[[str], None]) -> None:
        self._guard = guard
        self._notify = notify
        self.measurement = None
        self.fit = None
        self.kept_name: str | None = None
        self.upload = w.FileUpload(accept=UPLOAD_ACCEPT, multiple=False,
                                   description="Upload CSV", icon="upload")
        self.sample_button = w.Button(description="Load sample measurement", icon="flask")
        self.keep_button = w.Button(description="Keep this device for the crossbar lab",
                                    icon="save", disabled=True,
                                    layout=w.Layout(width="300px"))
        self.device_name = w.Text(description="device name", value="",
                                  style={"description_width": "100px"})
        self.export_button = w.Button(description="Export fit (CSV)", icon="download",
                                      disabled=True)
        self.export_link = w.HTML()
        self.source = w.HTML(
            "<div style='color:#555'>Columns: <code>pulse, conductance (S|mS|uS|nS)</code> "
            "[, <code>direction</code> ltp/ltd, <code>cycle</code>] for a pulse response "
            "(resistance or current with a read voltage, or a time axis, also do; several "
            "cycles are fitted jointly); <code>interval, ppf</code> "
            "for paired-pulse facilitation; <code>time, voltage, current</code> for an I-V "
            "sweep. Comma, semicolon or tab; decimal comma; UTF-8 or Excel (cp1252); up to "
            f"{MAX_UPLOAD_BYTES / 1e6:g} MB. Lines starting with # are comments.</div>"
        )
        self.table = w.HTML()
        self.fig = figure(rows=2, height=520, title="Your data")
        self.fig.add_scatter(name="measured", mode="markers",
                             marker=dict(size=5, color=pal.BLACK), row=1, col=1)
        self.fig.add_scatter(name="fit", mode="lines", line=dict(color=pal.VERMILLION, width=2),
                             row=1, col=1)
        self.fig.add_scatter(name="residual", mode="markers",
                             marker=dict(size=4, color=pal.GREY), row=2, col=1)
        self.fig.update_yaxes(title_text="residual", row=2, col=1)

        self.upload.observe(self._guard(self._on_upload, "data"), names="value")
        self.sample_button.on_click(lambda _b: self.load_sample())
        self.keep_button.on_click(self._guard(lambda _b: self.keep(), "keep"))
        self.export_button.on_click(self._guard(lambda _b: self._export(), "data-export"))
        super().__init__([
            w.HBox([self.upload, self.sample_button]),
            self.source,
            w.HBox([self.fig, self.table]),
            w.HBox([self.device_name, self.keep_button]),
            w.HBox([self.export_button, self.export_link]),
        ])

    # -- loading ---------------------------------------------------------------------
    def _on_upload(self, change) -> None:
        with first_upload(change) as upload:
            if upload is not None:
                self._load_text(*upload)

    def load_sample(self) -> None:
        """Load and fit the bundled sample measurement."""
        self.load_text(sample_text(), SAMPLE_FILE)

    def load_text(self, text: str, name: str = "<text>") -> None:
        """Parse ``text`` as a measurement CSV, fit it and show the result.

        Problems (a malformed file, a failed fit) appear as the lab's error message.
        """
        self._guard(self._load_text, "data")(text, name)

    def _load_text(self, text: str, name: str) -> None:
        buf = io.StringIO(text)
        buf.name = name
        self._clear()
        try:
            m = load_measurements(buf)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        self.measurement = m
        stem = Path(name).stem or "my device"
        self.device_name.value = stem
        {"pulse": self._show_pulse, "ppf": self._show_ppf, "iv": self._show_iv}[m.kind](m, name)

    def _clear(self) -> None:
        self.measurement = self.fit = None
        self.keep_button.disabled = self.export_button.disabled = True
        self.export_link.value = self.table.value = ""
        with self.fig.batch_update():
            for tr in self.fig.data:
                tr.x, tr.y = [], []
            self.fig.layout.title.text = "Your data"

    def _draw(self, x, y, xf, yf, resid, *, xlabel: str, ylabel: str, title: str,
              xlog: bool = False) -> None:
        fig = self.fig
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = x, y
            fig.data[1].x, fig.data[1].y = xf, yf
            fig.data[2].x, fig.data[2].y = (x, resid) if resid is not None else ([], [])
            fig.layout.xaxis2.title.text = xlabel
            fig.layout.yaxis.title.text = ylabel
            for axis in (fig.layout.xaxis, fig.layout.xaxis2):
                axis.type = "log" if xlog else "linear"
            fig.layout.title.text = title

    def _show_pulse(self, m, name: str) -> None:
        direction = m["direction"] if "direction" in m else None
        fit = fit_pulse_response(m["pulse"], m["conductance"], direction,
                                 cycle=m["cycle"] if "cycle" in m else None,
                                 name=self.device_name.value,
                                 reference=f"fitted to {name} (neuroexplore DeviceLab)")
        self.fit = fit
        se = fit.stderr
        cycle = fit.nonlinearity_ltd is not None
        several = f", {fit.n_cycles} cycles fitted jointly" if fit.n_cycles > 1 else ""
        self._draw(m["pulse"], m["conductance"] * 1e6, m["pulse"], fit.fitted * 1e6,
                   fit.residuals * 1e6, xlabel="pulse number", ylabel="conductance (µS)",
                   title=(f"{name}: NeuroSim fit, nonlinearity label {fit.nonlinearity_ltp:.2f}"
                          + (f" / {fit.nonlinearity_ltd:.2f}" if cycle else "")
                          + f", R² = {fit.r2:.4f}{several}"))
        self.fig.layout.yaxis2.title.text = "residual (µS)"
        rows = [
            ("g_min", value_pm(fit.g_min, se["g_min"], 1e-6, "µS")),
            ("g_max", value_pm(fit.g_max, se["g_max"], 1e-6, "µS")),
            ("states LTP", str(fit.states_ltp)),
            ("nonlinearity label LTP", value_pm(fit.nonlinearity_ltp, se["nonlinearity_ltp"])),
        ]
        if cycle:
            rows += [("states LTD", str(fit.states_ltd)),
                     ("nonlinearity label LTD",
                      value_pm(fit.nonlinearity_ltd, se["nonlinearity_ltd"]))]
        rows += [
            ("c2c sigma (per pulse)", f"{fit.c2c_sigma:.3g}"),
            ("residual RMSE", f"{fit.rmse * 1e6:.3g} µS"),
            ("R²", f"{fit.r2:.5f}"),
            ("points", str(len(m))),
            ("cycles", f"{fit.n_cycles}, fitted jointly (shared G_min, G_max, nonlinearities)"
             if fit.n_cycles > 1 else "1"),
        ]
        self.table.value = fit_table(rows, caption="NeuroSim pulse-update fit (± 1 s.e.)")
        self.keep_button.disabled = False
        self.export_button.disabled = False
        self._note_comments(m)

    def _show_ppf(self, m, name: str) -> None:
        x, y = m["interval"], m["ppf"]
        ratio = y / 100.0 if np.median(y) > 10 else y  # PPF given in percent
        fit = fit_ppf(x, ratio)
        self.fit = fit
        dense = np.geomspace(x.min(), x.max(), 200)
        err = fit.errors
        self._draw(x, ratio, dense, fit(dense), ratio - fit(x), xlabel="interval (s)",
                   ylabel="PPF = A2/A1", xlog=True,
                   title=f"{name}: PPF fit τ1 = {fit.tau1 * 1e3:.3g} ms, "
                         f"τ2 = {fit.tau2 * 1e3:.3g} ms")
        self.fig.layout.yaxis2.title.text = "residual"
        self.table.value = fit_table([
            ("C1", value_pm(fit.c1, err[0])),
            ("τ1", value_pm(fit.tau1, err[1], 1e-3, "ms")),
            ("C2", value_pm(fit.c2, err[2])),
            ("τ2", value_pm(fit.tau2, err[3], 1e-3, "ms")),
            ("residual RMS", f"{fit.residual_rms:.3g}"),
        ], caption="PPF = 1 + C1 exp(-Δt/τ1) + C2 exp(-Δt/τ2)")
        self.export_button.disabled = False
        self._note_comments(m)

    def _show_iv(self, m, name: str) -> None:
        v, i = m["voltage"], m["current"]
        area = loop_area(v, i)
        self._draw(v, i * 1e6, [], [], None, xlabel="voltage (V)", ylabel="current (µA)",
                   title=f"{name}: I-V sweep, loop area {area:.3g} W (V·A)")
        self.table.value = fit_table([("loop area", f"{area:.4g} W (V·A)"),
                                      ("points", str(len(m)))],
                                     caption="I-V sweep (no model fitted)")
        self.export_button.disabled = False
        self._note_comments(m)

    def _note_comments(self, m) -> None:
        if m.comments:
            note = html.escape(" ".join(m.comments))[:400]
            self.table.value += f"<div style='color:#666;max-width:420px'>{note}</div>"

    # -- actions ---------------------------------------------------------------------
    def keep(self) -> str:
        """Keep the fitted device for the crossbar lab; returns the name it is kept under."""
        if self.fit is None or not hasattr(self.fit, "device"):
            raise ValueError("fit a pulse-response measurement first: only a pulse device "
                             "can be kept for the crossbar lab")
        name = keep_device(self.fit.device, self.device_name.value or "my device")
        self.kept_name = name
        self._notify(f"kept {name!r} for the crossbar lab")
        return name

    def export_csv(self) -> str:
        """The measured points, the fitted curve and the fitted parameters as CSV.

        Provenance comments come first (what was fitted, the neuroexplore version, the
        date), then the fitted values, then the columns, which
        :func:`~neuroexplore.devices.load_measurements` reads back.
        """
        m, fit = self.measurement, self.fit
        if m is None:
            raise ValueError("no measurement loaded: upload a CSV or load the sample first")
        header = []
        if m.kind == "pulse":
            for k in ("g_min", "g_max", "nonlinearity_ltp", "nonlinearity_ltd"):
                if getattr(fit, k) is not None:
                    unit = " S" if k.startswith("g_") else ""
                    header.append(f"fitted {k} = {float(getattr(fit, k)):.8g} +- "
                                  f"{fit.stderr[k]:.4g}{unit}")
            header += [f"states_ltp = {fit.states_ltp}", f"states_ltd = {fit.states_ltd}",
                       f"c2c_sigma = {fit.c2c_sigma:.6g}", f"rmse_S = {fit.rmse:.6g}",
                       f"r2 = {fit.r2:.8g}", f"cycles fitted jointly = {fit.n_cycles}"]
            cols = {"pulse": m["pulse"], "conductance (S)": m["conductance"],
                    "fit (S)": fit.fitted, "residual (S)": fit.residuals}
            # read back by load_measurements as the same phases and cycles
            for key in ("direction", "cycle"):
                if key in m:
                    cols[key] = m[key]
        elif m.kind == "ppf":
            header += [f"{k} = {v:.6g} +- {e:.3g}" for k, v, e in
                       zip(("c1", "tau1_s", "c2", "tau2_s"), fit.params, fit.errors, strict=True)]
            ratio = np.asarray(self.fig.data[0].y, dtype=float)
            cols = {"interval (s)": m["interval"], "ppf": ratio, "fit": fit(m["interval"])}
        else:
            cols = {"time (s)": m["time"], "voltage (V)": m["voltage"],
                    "current (A)": m["current"]}
        name = self.device_name.value or "unnamed device"
        return export_with_provenance(
            csv_text(cols), f"DeviceLab {m.kind} fit of {m.source} ({name})",
            notes=[*header, *(f"measurement file: {c}" for c in m.comments)])

    def _export(self) -> None:
        stem = (self.device_name.value or "device").replace(" ", "_")
        self.export_link.value = download_link(self.export_csv(), f"{stem}_fit.csv",
                                               "download the fit as CSV")
