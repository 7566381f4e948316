"""SystemLab: an artificial afferent nerve, in-sensor computing and visual-haptic fusion.

Three tabs over :mod:`neuroexplore.systems` (chapter 5); every control comes from the
engine's ``ParamSpec``\\ s.  The afferent-nerve sliders drive the whole chain live
(pressure -> rate -> spikes -> EPSC -> reflex); the photodiode array and the fusion
classifiers train on a button with a progress bar, while their sliders update a
cheap preview (noisy letters, the programmed responsivities).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..params import specs_by_name
from ..systems import (
    GLYPH_NAMES,
    LETTER_NAMES,
    MODALITIES,
    AfferentNerve,
    PhotodiodeArray,
    afferent_trace,
    classify_letters,
    classify_touch,
    fusion_dataset,
    letter_dataset,
    parameters,
    quantise_responsivity,
    reflex_threshold,
    respond,
    run_fusion,
    software_baseline,
    train_in_sensor,
    transfer_csv,
)
from . import palette as pal
from ._device_common import download_link, export_with_provenance
from .base import LazyControls, Progress, TabbedLab, tab_property
from .controls import controls_for, slider_value
from .plotting import LAYOUT, figure

__all__ = ["SystemLab"]

PRESSURES = np.linspace(0.0, 100.0, 101)
COLORS = {"rate": pal.BLUE, "epsc": pal.VERMILLION, "threshold": pal.DARK_GREY,
          "in_sensor": pal.VERMILLION, "software": pal.BLUE}


def _pick(kind: str, *names: str):
    specs = specs_by_name(parameters(kind))
    return [specs[n] for n in names]


def _grid_figure(cols: int, titles: list[str], height: int = 260) -> go.FigureWidget:
    """Side-by-side heatmap panels (display only)."""
    fig = go.FigureWidget(make_subplots(rows=1, cols=cols, subplot_titles=titles,
                                        horizontal_spacing=0.04))
    fig.update_layout(**{**LAYOUT, "height": height, "margin": dict(l=20, r=20, t=60, b=20)})
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False, autorange="reversed")
    return fig


class SystemLab(TabbedLab):
    """Interactive lab for chapter 5: integrated neuromorphic systems.

    Examples
    --------
    >>> lab = SystemLab()
    >>> lab.afferent_controls["pressure"].value = 60.0
    >>> bool(lab.response.fires)
    True
    """

    def __init__(self) -> None:
        self.init_tabs(
            [
                ("Afferent nerve", self._build_afferent, self._update_afferent),
                ("In-sensor computing", self._build_in_sensor, self._update_in_sensor),
                ("Multisensory fusion", self._build_fusion, self._update_fusion),
            ]
        )

    in_sensor_controls = tab_property(1, "_in_sensor_controls")
    fig_letters = tab_property(1, "_fig_letters")
    fig_responsivity = tab_property(1, "_fig_responsivity")
    fig_accuracy = tab_property(1, "_fig_accuracy")
    train_button = tab_property(1, "_train_button")
    in_sensor_progress = tab_property(1, "_in_sensor_progress")
    fusion_controls = tab_property(2, "_fusion_controls")
    fig_senses = tab_property(2, "_fig_senses")
    fig_fusion = tab_property(2, "_fig_fusion")
    fusion_button = tab_property(2, "_fusion_button")
    fusion_progress = tab_property(2, "_fusion_progress")

    def state_controls(self) -> dict[str, Any]:
        """State keys ``afferent.*``, ``in_sensor.*`` and ``fusion.*``, one group a tab."""
        return {
            "afferent": LazyControls(0, lambda: self.afferent_controls),
            "in_sensor": LazyControls(1, lambda: self.in_sensor_controls),
            "fusion": LazyControls(2, lambda: self.fusion_controls),
        }

    # -- afferent nerve ------------------------------------------------------------------
    def _build_afferent(self) -> w.Widget:
        specs = _pick("afferent", "pressure", "gain", "plasticity", "threshold", "duration")
        self.afferent_controls = controls_for(specs)
        c = self.afferent_controls
        for name in ("gain", "plasticity", "duration"):
            c[name].observe(lambda _c: self._guarded_curves(), names="value")
        c["threshold"].observe(lambda _c: self._guarded_threshold(), names="value")
        c["pressure"].observe(lambda _c: self._guarded_point(), names="value")
        self._guarded_curves = self.guarded(self._update_afferent, "afferent")
        self._guarded_threshold = self.guarded(self._update_threshold, "afferent")
        self._guarded_point = self.guarded(self._update_point, "afferent")

        self.fig_transfer = figure(title="Pressure → spike rate → peak EPSC", height=380)
        f = self.fig_transfer
        f.add_scatter(name="spike rate", line=dict(color=COLORS["rate"]))
        f.add_scatter(name="peak EPSC", yaxis="y2", line=dict(color=COLORS["epsc"]))
        f.add_scatter(name="reflex threshold", yaxis="y2", mode="lines",
                      line=dict(color=COLORS["threshold"], dash="dash"))
        f.add_scatter(name="threshold pressure P*", yaxis="y2", mode="lines",
                      line=dict(color=COLORS["threshold"], dash="dot"))
        f.add_scatter(name="this touch", mode="markers", showlegend=False,
                      marker=dict(size=11, color=COLORS["rate"], symbol="circle"))
        f.add_scatter(name="this touch (EPSC)", yaxis="y2", mode="markers", showlegend=False,
                      marker=dict(size=11, color=COLORS["epsc"], symbol="diamond"))
        f.update_layout(xaxis_title="pressure (kPa)", yaxis_title="spike rate (Hz)",
                        yaxis2=dict(overlaying="y", side="right", title="peak EPSC (nA)",
                                    rangemode="tozero"))
        self.fig_spikes = figure(rows=2, title="One touch: encoder spikes and EPSC",
                                 height=380)
        g = self.fig_spikes
        g.add_scatter(name="gate pulses (V)", line=dict(color=COLORS["rate"], width=1),
                      row=1, col=1)
        g.add_scatter(name="EPSC", line=dict(color=COLORS["epsc"]), row=2, col=1)
        g.add_scatter(name="reflex threshold", mode="lines",
                      line=dict(color=COLORS["threshold"], dash="dash"), row=2, col=1)
        g.update_yaxes(title_text="gate (V)", row=1, col=1)
        g.update_yaxes(title_text="EPSC (nA)", row=2, col=1)
        g.update_xaxes(title_text="time (ms)", row=2, col=1)
        self.reflex_status = w.HTML()
        self.export_button = w.Button(description="Export transfer (CSV)", icon="download")
        self.export_link = w.HTML()
        self.export_button.on_click(self.guarded(lambda _b: self._export_afferent(), "export"))
        self.touch_button = w.Button(description="Classify touches", icon="play",
                                     button_style="primary")
        self.touch_progress = Progress("classifier")
        self.touch_result = w.HTML()
        self.touch_button.on_click(self.guarded(lambda _b: self.classify_touches(), "touch"))
        return w.VBox([
            w.HBox([w.VBox(list(c.values())),
                    w.VBox([self.reflex_status,
                            w.HBox([self.export_button, self.export_link]),
                            w.HBox([self.touch_button, self.touch_progress]),
                            self.touch_result])]),
            w.HBox([self.fig_transfer, self.fig_spikes]),
        ])

    def _nerve(self) -> AfferentNerve:
        c = self.afferent_controls
        return AfferentNerve(gain=slider_value(c["gain"]), plasticity=slider_value(c["plasticity"]),
                             threshold=slider_value(c["threshold"]),
                             duration=slider_value(c["duration"]))

    def _update_afferent(self) -> None:
        """Recompute the transfer curves (gain, plasticity, duration changed)."""
        nerve = self._nerve()
        self.nerve = nerve
        self.curve = respond(nerve, PRESSURES)
        with self.fig_transfer.batch_update():
            self.fig_transfer.data[0].x = PRESSURES
            self.fig_transfer.data[0].y = self.curve.rate
            self.fig_transfer.data[1].x = PRESSURES
            self.fig_transfer.data[1].y = self.curve.epsc * 1e9
        self._update_threshold()

    def _update_threshold(self) -> None:
        nerve = self.nerve = self._nerve()
        self.p_star = reflex_threshold(nerve, tol=0.02, curve=self.curve)
        thr = nerve.threshold
        top = max(float(np.max(self.curve.epsc)) * 1e9, thr) * 1.05
        with self.fig_transfer.batch_update():
            self.fig_transfer.data[2].x = [PRESSURES[0], PRESSURES[-1]]
            self.fig_transfer.data[2].y = [thr, thr]
            if np.isfinite(self.p_star):
                self.fig_transfer.data[3].x = [self.p_star, self.p_star]
                self.fig_transfer.data[3].y = [0.0, top]
            else:
                self.fig_transfer.data[3].x, self.fig_transfer.data[3].y = [], []
            self.fig_transfer.layout.yaxis2.range = [0.0, top]
        self._update_point()

    def _update_point(self) -> None:
        nerve = self.nerve = self._nerve()
        pressure = slider_value(self.afferent_controls["pressure"])
        trace = afferent_trace(nerve, pressure, samples=1200)
        r = trace.response
        self.trace = trace
        self.response = r
        with self.fig_transfer.batch_update():
            self.fig_transfer.data[4].x, self.fig_transfer.data[4].y = [pressure], [float(r.rate)]
            self.fig_transfer.data[5].x = [pressure]
            self.fig_transfer.data[5].y = [float(r.epsc) * 1e9]
        thr = nerve.threshold
        with self.fig_spikes.batch_update():
            t_ms = trace.t * 1e3
            self.fig_spikes.data[0].x, self.fig_spikes.data[0].y = t_ms, trace.v_gate
            self.fig_spikes.data[1].x, self.fig_spikes.data[1].y = t_ms, trace.epsc * 1e9
            self.fig_spikes.data[2].x = [0.0, float(t_ms[-1])]
            self.fig_spikes.data[2].y = [thr, thr]
            self.fig_spikes.layout.title.text = (
                f"{pressure:g} kPa: {int(r.n_spikes)} spikes at {float(r.rate):.0f} Hz, "
                f"peak EPSC {float(r.epsc) * 1e9:.3g} nA"
            )
        fires = bool(r.fires)
        p_star = (f"{self.p_star:.2f} kPa" if np.isfinite(self.p_star)
                  else "not reached below 100 kPa")
        color, verdict = (pal.GREEN, "REFLEX FIRES") if fires else ("#777", "no reflex")
        self.reflex_status.value = (
            f"<div style='font-size:1.05em'>sensor {float(r.resistance) / 1e3:.4g} kΩ → "
            f"{float(r.encoder_current):.3g} nA into the neuron → {float(r.rate):.0f} Hz → "
            f"{int(r.n_spikes)} spikes in {nerve.duration:g} s → peak EPSC "
            f"{float(r.epsc) * 1e9:.3g} nA</div>"
            f"<div style='font-size:1.4em;font-weight:700;color:{color}'>{verdict}</div>"
            f"<div>threshold pressure P* = {p_star}</div>"
        )

    def export_afferent_csv(self) -> str:
        """CSV text of the present transfer curve, provenance comments first."""
        return export_with_provenance(
            transfer_csv(self._nerve(), PRESSURES),
            "SystemLab artificial afferent nerve: transfer curve (pressure -> spikes -> EPSC)",
            self.afferent_controls)

    def _export_afferent(self) -> None:
        self.export_link.value = download_link(self.export_afferent_csv(),
                                               "afferent_transfer.csv", "download CSV")

    def classify_touches(self) -> None:
        """Classify gentle / firm / hard touches from the EPSC; compare with the sensor."""
        self.touch_progress.reset()

        def report(epoch, n_epochs, _metrics):
            if epoch % 20 == 0 or epoch == n_epochs:
                self.touch_progress(epoch, n_epochs)

        res = classify_touch(self._nerve(), n_per_class=100, epochs=200, seed=0,
                             callback=report)
        self.touch_classification = res
        self.touch_result.value = (
            f"touch intensity ({', '.join(res.classes)}): from the EPSC "
            f"<b>{100 * res.accuracy:.1f} %</b>, from the sensor current (software) "
            f"{100 * res.baseline_accuracy:.1f} %, chance {100 * res.chance:.0f} %"
        )

    # -- in-sensor computing -----------------------------------------------------------------
    def _build_in_sensor(self) -> w.Widget:
        specs = (*_pick("in_sensor_training", "noise"), *_pick("photodiode", "levels"),
                 *_pick("in_sensor_training", "epochs", "lr"))
        self._in_sensor_controls = controls_for(specs, continuous_update=False)
        c = self._in_sensor_controls
        c["noise"].observe(lambda _c: self._guarded_letters(), names="value")
        c["levels"].observe(lambda _c: self._guarded_levels(), names="value")
        self._guarded_letters = self.guarded(self._update_letters, "in-sensor")
        self._guarded_levels = self.guarded(self._update_levels, "in-sensor")
        self._fig_letters = _grid_figure(3, [f"letter {k}" for k in LETTER_NAMES])
        for i in range(3):
            self._fig_letters.add_heatmap(zmin=0, zmax=1, colorscale="gray", showscale=False,
                                          row=1, col=i + 1)
        self._fig_responsivity = figure(title="Programmed responsivities R_mn (mA/W)",
                                        height=300)
        self._fig_responsivity.add_heatmap(colorscale=pal.DIVERGING, zmid=0,
                                           colorbar=dict(title="mA/W"))
        self._fig_responsivity.update_layout(
            xaxis=dict(title="pixel n (row-major 3 × 3)", dtick=1),
            yaxis=dict(title="output wire m", autorange="reversed"),
        )
        self._fig_accuracy = figure(title="Test accuracy while training", height=300)
        self._fig_accuracy.add_scatter(name="photodiode array (in sensor)", mode="lines+markers",
                                       line=dict(color=COLORS["in_sensor"]))
        self._fig_accuracy.add_scatter(name="software softmax", mode="lines",
                                       line=dict(color=COLORS["software"]))
        self._fig_accuracy.add_scatter(name="chance", mode="lines",
                                       line=dict(color=pal.GREY, dash="dot"))
        self._fig_accuracy.update_layout(xaxis_title="epoch", yaxis=dict(title="accuracy",
                                                                         range=[0, 1.02]))
        self._train_button = w.Button(description="Train array", icon="play",
                                      button_style="primary")
        self._in_sensor_progress = Progress("training")
        self._train_button.on_click(self.guarded(lambda _b: self.train_in_sensor(), "in-sensor"))
        self.in_sensor_export = w.HTML()
        self.in_sensor_summary = w.HTML()
        return w.VBox([
            w.HBox([w.VBox(list(c.values())),
                    w.VBox([w.HBox([self._train_button, self._in_sensor_progress]),
                            self.in_sensor_summary, self.in_sensor_export])]),
            self._fig_letters,
            w.HBox([self._fig_responsivity, self._fig_accuracy]),
        ])

    def _array(self) -> PhotodiodeArray:
        return PhotodiodeArray(levels=self.in_sensor_controls["levels"].value)

    def _update_in_sensor(self) -> None:
        self._update_letters()
        self.train_in_sensor()

    def _update_letters(self) -> None:
        """Preview one noisy image of each letter."""
        noise = slider_value(self.in_sensor_controls["noise"])
        data = letter_dataset(1, noise=noise, seed=1)
        with self.fig_letters.batch_update():
            for i in range(3):
                self.fig_letters.data[i].z = data.X_test[i].reshape(3, 3)
            self.fig_letters.layout.title = dict(
                text=f"Projected letters with noise σ = {noise:g}", y=0.98, yanchor="top")

    def _update_levels(self) -> None:
        """Re-program the trained array with another number of levels (no retraining)."""
        if not hasattr(self, "in_sensor_result"):
            return
        array = self._array()
        res = self.in_sensor_result
        r = quantise_responsivity(array, res.weights * array.r_max)
        acc = float(np.mean(classify_letters(array, r, self._in_sensor_data.X_test)
                            == self._in_sensor_data.y_test))
        self._draw_responsivity(r, f"{array.levels} levels: test accuracy {100 * acc:.1f} % "
                                   "without retraining")

    def _draw_responsivity(self, r: np.ndarray, title: str) -> None:
        with self.fig_responsivity.batch_update():
            heat = self.fig_responsivity.data[0]
            heat.z = r * 1e3
            heat.x = np.arange(1, 10)
            heat.y = list(LETTER_NAMES)
            self.fig_responsivity.layout.title.text = f"R_mn (mA/W), {title}"

    def train_in_sensor(self) -> None:
        """Train the photodiode array and the software classifier on fresh noisy letters."""
        c = self.in_sensor_controls
        noise = slider_value(c["noise"])
        epochs, lr = c["epochs"].value, c["lr"].value
        data = letter_dataset(100, noise=noise, seed=0)
        self._in_sensor_data = data
        self.in_sensor_progress.reset()

        def report(epoch, n_epochs, _metrics):
            self.in_sensor_progress(epoch, n_epochs)

        res = train_in_sensor(self._array(), data, epochs=epochs, lr=lr, seed=0,
                              callback=report)
        base = software_baseline(data, epochs=epochs, lr=lr, seed=0)
        self.in_sensor_result = res
        self.in_sensor_baseline = base.val_accuracy_history
        epochs_x = np.arange(1, res.test_accuracy_history.size + 1)
        with self.fig_accuracy.batch_update():
            self.fig_accuracy.data[0].x, self.fig_accuracy.data[0].y = (
                epochs_x, res.test_accuracy_history)
            self.fig_accuracy.data[1].x = np.arange(1, base.val_accuracy_history.size + 1)
            self.fig_accuracy.data[1].y = base.val_accuracy_history
            self.fig_accuracy.data[2].x = [1, max(int(epochs_x[-1]), 2)]
            self.fig_accuracy.data[2].y = [1 / 3, 1 / 3]
        self._draw_responsivity(res.responsivity, f"{res.array.levels} levels")
        self.in_sensor_summary.value = (
            f"test accuracy: photodiode array <b>{100 * res.test_accuracy:.1f} %</b>, "
            f"software {100 * float(base.val_accuracy_history[-1]):.1f} %, chance 33 %"
        )
        rows = ["epoch,in_sensor_test_accuracy,software_test_accuracy"]
        rows += [f"{i + 1},{a:.6g},{b:.6g}" for i, (a, b) in
                 enumerate(zip(res.test_accuracy_history, base.val_accuracy_history,
                               strict=True))]
        self.in_sensor_csv = export_with_provenance(
            "\n".join(rows) + "\n", "SystemLab in-sensor computing: photodiode array vs "
            "software classifier on noisy letters", c, {"n_per_class": (100, "")}, seed=0)
        self.in_sensor_export.value = download_link(self.in_sensor_csv,
                                                    "in_sensor_training.csv", "download CSV")

    # -- multisensory fusion --------------------------------------------------------------
    def _build_fusion(self) -> w.Widget:
        specs = _pick("fusion", "vision_noise", "touch_noise", "contrast_min", "press")
        self._fusion_controls = controls_for(specs, continuous_update=False)
        self.observe_all(self._fusion_controls, self._update_senses, "fusion-preview")
        names = list(GLYPH_NAMES)
        self._fig_senses = _grid_figure(
            4, ["seen (light)", "felt (kPa)", "seen", "felt"], height=240)
        for i in range(4):
            self._fig_senses.add_heatmap(colorscale="gray" if i % 2 == 0 else "Viridis",
                                         zmin=0, zmax=1 if i % 2 == 0 else 100,
                                         showscale=False, row=1, col=i + 1)
        self._fig_fusion = figure(title="Letter recognition (" + ", ".join(names) + ")",
                                  height=360)
        self._fig_fusion.add_bar(name="bimodal sensory neurons (device)",
                                 marker_color=COLORS["in_sensor"])
        self._fig_fusion.add_bar(name="software on receptor currents",
                                 marker_color=COLORS["software"],
                                 marker_pattern_shape="/")
        self._fig_fusion.add_scatter(name="chance", mode="lines",
                                     line=dict(color=pal.GREY, dash="dot"))
        self._fig_fusion.update_layout(barmode="group", yaxis=dict(title="test accuracy",
                                                                   range=[0, 1.02]))
        self._fusion_button = w.Button(description="Run fusion", icon="play",
                                       button_style="primary")
        self._fusion_progress = Progress("classifiers")
        self._fusion_button.on_click(self.guarded(lambda _b: self.run_fusion(), "fusion"))
        self.fusion_export = w.HTML()
        note = w.HTML(
            "<div style='max-width:420px;color:#444'>Each pixel is a bimodal sensory neuron: "
            "the photocurrent and the pressure-sensor current add at its LIF encoder, whose "
            "spikes gate a synaptic transistor (gain and plasticity from the first tab). "
            "A softmax classifier reads the peak EPSCs; the software baseline reads the "
            "receptor currents.</div>")
        return w.VBox([
            w.HBox([w.VBox(list(self._fusion_controls.values())),
                    w.VBox([w.HBox([self._fusion_button, self._fusion_progress]),
                            note, self.fusion_export])]),
            self._fig_senses,
            self._fig_fusion,
        ])

    def _fusion_params(self) -> dict:
        return {k: slider_value(v) for k, v in self.fusion_controls.items()}

    def _update_fusion(self) -> None:
        self._update_senses()
        self.run_fusion()

    def _update_senses(self) -> None:
        """Preview two letters as seen and as felt at the present noise."""
        data = fusion_dataset(1, seed=3, **self._fusion_params())
        picks = (0, 3)
        with self.fig_senses.batch_update():
            for j, k in enumerate(picks):
                self.fig_senses.data[2 * j].z = data.light_test[k].reshape(5, 5)
                self.fig_senses.data[2 * j + 1].z = data.pressure_test[k].reshape(5, 5)
            self.fig_senses.layout.title = dict(
                text=f"Letters {GLYPH_NAMES[picks[0]]} and {GLYPH_NAMES[picks[1]]}, seen "
                     "and felt", y=0.98, yanchor="top")

    def run_fusion(self) -> None:
        """Train the six classifiers (three modalities, device and software)."""
        self.fusion_progress.reset()
        res = run_fusion(self._nerve(), seed=0, n_per_class=40,
                         callback=lambda s, n, _m: self.fusion_progress(s, n),
                         **self._fusion_params())
        self.fusion_result = res
        labels = list(MODALITIES)
        with self.fig_fusion.batch_update():
            self.fig_fusion.data[0].x = labels
            self.fig_fusion.data[0].y = [res.accuracy[m] for m in labels]
            self.fig_fusion.data[1].x = labels
            self.fig_fusion.data[1].y = [res.baseline_accuracy[m] for m in labels]
            self.fig_fusion.data[2].x = labels
            self.fig_fusion.data[2].y = [res.chance] * len(labels)
            self.fig_fusion.layout.title.text = (
                "Letter recognition: touch {:.0f} %, vision {:.0f} %, fused {:.0f} %".format(
                    *(100 * res.accuracy[m] for m in labels)))
        self.fusion_csv = export_with_provenance(
            res.to_csv(), "SystemLab multisensory fusion: touch, vision and fused letter "
            "recognition (device and software)", [self.fusion_controls, self.afferent_controls],
            {"n_per_class": (40, "")}, seed=0)
        self.fusion_export.value = download_link(self.fusion_csv, "fusion_accuracy.csv",
                                                 "download CSV")
