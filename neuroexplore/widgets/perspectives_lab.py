"""PerspectivesLab: accuracy vs energy per inference vs device figures of merit (chapter 7).

A thin front end over :mod:`neuroexplore.perspectives` (no physics here):

* **Trade-off & challenge**: the published devices as labelled points and *your design*
  as a star on accuracy vs energy per inference (crossbar-engine evaluations), the
  targets as dotted lines; a bar view of the design's figures of merit (1 = ideal) next
  to a preset's; sliders for every figure of merit (each moves the bars at once and
  re-evaluates the star: ~50 ms in the default inference mode); *Check my design*
  runs the one-at-a-time repair analysis with a progress bar and names the limiting
  figure of merit (the chapter-7 exercise feedback); *Export CSV* downloads the table;
* **Settings**: evaluation mode (inference or in-situ training), deployment time, wire
  resistance, read voltage, write-verify, seeds; *Apply* re-evaluates the presets.

The static figure builders (:func:`tradeoff_figure`, :func:`fom_figure`,
:func:`repair_figure`) draw the same views for the chapter-7 notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from ..devices import presets
from ..exercises.ch07 import design_feedback
from ..params import ChoiceSpec
from ..perspectives import (
    FOM_GROUP_LABELS,
    FOM_GROUPS,
    FOM_SPECS,
    TARGET_SPECS,
    DesignResult,
    DeviceFiguresOfMerit,
    EvaluationSettings,
    LimiterAnalysis,
    TradeoffTable,
    evaluate_design,
    fom_scores,
    limiting_fom,
    preset_figures_of_merit,
    tradeoff_table,
)
from . import palette as pal
from ._device_common import device_parameters, download_link, export_with_provenance
from .base import LazyControls, Progress, TabbedLab, tab_property
from .controls import controls_for, slider_value
from .figures import STATIC_LAYOUT
from .plotting import figure

__all__ = ["PerspectivesLab", "tradeoff_figure", "fom_figure", "repair_figure", "COMPARE_SPEC"]

#: Which preset the figure-of-merit bars compare the design with.
COMPARE_SPEC = ChoiceSpec("compare", "HZO FeFET", presets(), doc="preset shown beside the design")
DESIGN_NAME = "my design"
_GROUPS = list(FOM_GROUPS)
_GROUP_TEXT = [FOM_GROUP_LABELS[g] for g in _GROUPS]
_PJ = 1e12
_DESIGN_COLOR, _PRESET_COLOR, _COMPARE_COLOR = pal.VERMILLION, pal.BLUE, pal.GREY


# ----------------------------------------------------------------- figure drawing
def _add_tradeoff_traces(fig: go.Figure) -> None:
    fig.add_scatter(name="published devices", mode="markers+text", textposition="top center",
                    marker=dict(size=10, color=_PRESET_COLOR), hoverinfo="text")
    fig.add_scatter(name=DESIGN_NAME, mode="markers",
                    marker=dict(size=20, symbol="star", color=_DESIGN_COLOR,
                                line=dict(width=1, color=pal.BLACK)), hoverinfo="text")
    fig.add_scatter(name="float network", mode="lines", line=dict(color=pal.BLACK, dash="dash"),
                    hoverinfo="skip")
    fig.add_scatter(name="targets", mode="lines", line=dict(color=pal.GREEN, dash="dot"),
                    hoverinfo="skip")
    fig.update_layout(
        xaxis=dict(type="log", title="energy per inference (pJ)"),
        yaxis=dict(title="test accuracy (%)"),
    )


def _hover(r: DesignResult) -> str:
    f = r.fom
    return (f"{f.name}<br>accuracy {100 * r.accuracy:.1f} % ± {100 * r.accuracy_std:.1f}"
            f"<br>energy {r.energy * _PJ:.3g} pJ (read {r.energy_read * _PJ:.3g})"
            f"<br>states {f.states_ltp}/{f.states_ltd}, NL {f.nonlinearity_ltp:g}/"
            f"{f.nonlinearity_ltd:g}<br>c2c {f.c2c_sigma:g}, d2d {f.d2d_sigma:g}, on/off "
            f"{f.on_off_ratio:.3g}<br>R_on {f.r_on:.3g} ohm, tau {f.retention_time:.3g} s")


def _draw_tradeoff(fig: go.Figure, points: Sequence[DesignResult], design: DesignResult | None,
                   target_accuracy: float, target_energy: float) -> None:
    every = [*points, *([design] if design is not None else [])]
    energies = [r.energy * _PJ for r in every] + [target_energy * _PJ]
    lo, hi = min(energies) / 1.6, max(energies) * 1.6
    acc_float = 100 * every[0].accuracy_float if every else 100.0
    fig.data[0].x = [r.energy * _PJ for r in points]
    fig.data[0].y = [100 * r.accuracy for r in points]
    fig.data[0].text = [r.name for r in points]
    fig.data[0].hovertext = [_hover(r) for r in points]
    if design is not None:
        fig.data[1].x, fig.data[1].y = [design.energy * _PJ], [100 * design.accuracy]
        fig.data[1].hovertext = [_hover(design)]
    fig.data[2].x, fig.data[2].y = [lo, hi], [acc_float, acc_float]
    # target box edge: accuracy line from lo to the energy target, then down the energy line
    ta, te = 100 * target_accuracy, target_energy * _PJ
    fig.data[3].x, fig.data[3].y = [lo, te, te], [ta, ta, 0.0]
    fig.update_xaxes(range=[np.log10(lo), np.log10(hi)])
    fig.update_yaxes(range=[0.0, 102.0])


def _add_fom_traces(fig: go.Figure) -> None:
    fig.add_bar(name=DESIGN_NAME, orientation="h", marker_color=_DESIGN_COLOR)
    fig.add_bar(name="preset", orientation="h", marker_color=_COMPARE_COLOR,
                marker_pattern_shape="/")
    fig.update_layout(barmode="group", xaxis=dict(range=[0, 1.05], title="score (1 = ideal)"),
                      yaxis=dict(autorange="reversed"))


def _draw_foms(fig: go.Figure, foms: Sequence[DeviceFiguresOfMerit]) -> None:
    for trace, fom in zip(fig.data, foms, strict=False):
        scores = fom_scores(fom)
        trace.x = [scores[g] for g in _GROUPS]
        trace.y = _GROUP_TEXT
        trace.name = fom.name


def _add_repair_traces(fig: go.Figure) -> None:
    fig.add_bar(name="accuracy recovered (points)", marker_color=pal.GREEN)
    fig.add_bar(name="energy saved (%)", marker_color=pal.ORANGE, marker_pattern_shape="/",
                yaxis="y2")
    fig.update_layout(barmode="group", yaxis=dict(title="accuracy recovered (points)"),
                      yaxis2=dict(title="energy saved (%)", overlaying="y", side="right"))


def _draw_repair(fig: go.Figure, analysis: LimiterAnalysis) -> None:
    gains, savings = analysis.accuracy_gain, analysis.energy_saving
    groups = [g for g in _GROUPS if g in gains]
    fig.data[0].x = fig.data[1].x = [FOM_GROUP_LABELS[g] for g in groups]
    fig.data[0].y = [100 * gains[g] for g in groups]
    fig.data[1].y = [100 * savings[g] / analysis.design.energy for g in groups]


def _static(title: str, height: int = 420) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**{**STATIC_LAYOUT, "height": height,
                         "title": {**STATIC_LAYOUT["title"], "text": title}})
    return fig


def tradeoff_figure(table: TradeoffTable, *, target_accuracy: float | None = None,
                    target_energy: float | None = None, title: str | None = None) -> go.Figure:
    """Accuracy vs energy per inference: presets as points, designs as stars, targets."""
    ta = TARGET_SPECS[0].default if target_accuracy is None else target_accuracy
    te = TARGET_SPECS[1].default if target_energy is None else target_energy
    fig = _static(title or f"Accuracy vs energy ({table.results[0].settings.mode})", 460)
    _add_tradeoff_traces(fig)
    points = [r for r, k in zip(table.results, table.kinds, strict=True) if k == "preset"]
    designs = [r for r, k in zip(table.results, table.kinds, strict=True) if k == "design"]
    _draw_tradeoff(fig, points, designs[0] if designs else None, ta, te)
    if len(designs) > 1:  # further designs as extra stars
        for r in designs[1:]:
            fig.add_scatter(name=r.name, mode="markers+text", text=[r.name],
                            textposition="bottom center", x=[r.energy * _PJ],
                            y=[100 * r.accuracy],
                            marker=dict(size=16, symbol="star", line=dict(width=1)))
    if designs:
        fig.data[1].name = designs[0].name
    return fig


def fom_figure(foms: Sequence[DeviceFiguresOfMerit], *, title: str = "Figures of merit "
               "(1 = ideal)") -> go.Figure:
    """Bars of each figure-of-merit group's score (:func:`fom_scores`) per device."""
    fig = _static(title, 380)
    for k, fom in enumerate(foms):
        scores = fom_scores(fom)
        fig.add_bar(name=fom.name, orientation="h", y=_GROUP_TEXT,
                    x=[scores[g] for g in _GROUPS],
                    marker_pattern_shape=pal.PATTERNS[k % len(pal.PATTERNS)])
    fig.update_layout(barmode="group", xaxis=dict(range=[0, 1.05], title="score (1 = ideal)"),
                      yaxis=dict(autorange="reversed"))
    return fig


def repair_figure(analysis: LimiterAnalysis, *, title: str | None = None) -> go.Figure:
    """What making each figure of merit ideal (alone) recovers: accuracy and energy."""
    fig = _static(title or f"Repairs of {analysis.design.name}, one at a time", 380)
    _add_repair_traces(fig)
    _draw_repair(fig, analysis)
    return fig


# ------------------------------------------------------------------------- lab
class PerspectivesLab(TabbedLab):
    """Interactive lab for chapter 7: trade-offs between device figures of merit,
    accuracy and energy, and the *design your device* challenge.

    Parameters
    ----------
    settings : EvaluationSettings, optional
        How designs are evaluated (default: inference mode, 2 seeds).

    Examples
    --------
    >>> lab = PerspectivesLab()
    >>> lab.design().name, len(lab.table) == len(lab.presets_shown)
    ('my design', True)
    """

    def __init__(self, settings: EvaluationSettings | None = None) -> None:
        self.settings = EvaluationSettings() if settings is None else settings
        self.table: TradeoffTable | None = None
        self.design_result: DesignResult | None = None
        self.analysis: LimiterAnalysis | None = None
        self.presets_shown: tuple[str, ...] = presets()
        self._quiet = False
        self.progress = Progress("check")
        self.init_tabs([
            ("Trade-off & challenge", self._build_main, self._refresh_all),
            ("Settings", self._build_settings, None),
        ])

    settings_controls = tab_property(1, "_settings_controls")
    apply_button = tab_property(1, "_apply_button")

    def state_controls(self) -> dict[str, Any]:
        """State keys ``design.*``, ``target.*`` and compare (the evaluation settings,
        applied by their button after a long run, are not part of the state)."""
        return {"design": LazyControls(0, lambda: self.fom_controls),
                "target": LazyControls(0, lambda: self.target_controls),
                "compare": LazyControls(0, lambda: self.compare_select)}

    # -- public ----------------------------------------------------------------------
    def design(self) -> DeviceFiguresOfMerit:
        """The design the sliders describe (validated)."""
        values = {k: slider_value(c) for k, c in self.fom_controls.items()}
        return DeviceFiguresOfMerit(name=DESIGN_NAME, reference="designed in PerspectivesLab",
                                    **values)

    def targets(self) -> dict[str, float]:
        """The target accuracy (fraction) and energy per inference (J) of the sliders."""
        return {k: slider_value(c) for k, c in self.target_controls.items()}

    def load_design(self, fom: DeviceFiguresOfMerit) -> None:
        """Set every figure-of-merit slider from ``fom`` and evaluate once."""
        self._quiet = True
        try:
            for name, ctl in self.fom_controls.items():
                ctl.value = getattr(fom, name)
        finally:
            self._quiet = False
        self.guarded(self._on_design, "design")()

    def check_design(self) -> None:
        """Run the repair analysis of the design against the targets; show the feedback."""
        self.progress.reset()
        self.analysis = limiting_fom(
            self.design(), self.settings, **self.targets(),
            callback=lambda i, n, _m: self.progress(i, n),
        )
        self.feedback.value = design_feedback(self.analysis)._repr_html_()
        with self.fig_repair.batch_update():
            _draw_repair(self.fig_repair, self.analysis)
            lim = self.analysis.limiter
            self.fig_repair.layout.title.text = (
                "Meets both targets" if lim is None and self.analysis.meets_targets else
                f"Limiting figure of merit: {FOM_GROUP_LABELS[lim]}" if lim else
                "No single figure of merit recovers the target")

    def export_csv(self) -> str:
        """CSV of the presets and the current design (accuracy, energy, figures of merit)."""
        design = [self.design_result] if self.design_result is not None else []
        results = (*self.table.results, *design)
        kinds = (*self.table.kinds, *["design"] * len(design))
        params, specs = device_parameters(self.settings, prefix="settings.")
        return export_with_provenance(
            TradeoffTable(results, kinds).to_csv(),
            f"PerspectivesLab trade-off table: the presets and {DESIGN_NAME}",
            [self.fom_controls, self.target_controls], params, specs=specs,
            seed=getattr(self.settings, "seed", None),
            notes=["design figures of merit: the fom controls; evaluation: settings.*"])

    def apply_settings(self) -> None:
        """Take the settings tab's values and re-evaluate the presets and the design."""
        values = {k: slider_value(c) for k, c in self.settings_controls.items()}
        self.settings = EvaluationSettings(**values)
        self.analysis = None
        self._evaluate_presets(self.settings_progress)
        self._on_design()

    # -- main tab --------------------------------------------------------------------
    def _build_main(self) -> w.Widget:
        self.fom_controls = controls_for(FOM_SPECS, continuous_update=False)
        self.target_controls = controls_for(TARGET_SPECS, continuous_update=False)
        self.compare_select = controls_for((COMPARE_SPEC,))["compare"]
        self.copy_button = w.Button(description="Copy preset to design", icon="copy",
                                    tooltip="set the sliders to the compared preset's values")
        self.check_button = w.Button(description="Check my design", icon="check",
                                     button_style="primary")
        self.export_button = w.Button(description="Export CSV", icon="download")
        self.export_link = w.HTML()
        self.feedback = w.HTML()
        for ctl in self.fom_controls.values():
            ctl.observe(lambda _c: None if self._quiet else self.guarded(
                self._on_design, "design")(), names="value")
        self.observe_all(self.target_controls, self._on_targets, "targets")
        self.compare_select.observe(lambda _c: self.guarded(self._draw_foms, "foms")(),
                                    names="value")
        self.copy_button.on_click(self.guarded(
            lambda _b: self.load_design(preset_figures_of_merit(self.compare_select.value)
                                        .with_params(name=DESIGN_NAME)), "copy"))
        self.check_button.on_click(self.guarded(lambda _b: self.check_design(), "check"))
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))

        self.fig_tradeoff = figure(title="Accuracy vs energy per inference", height=440)
        _add_tradeoff_traces(self.fig_tradeoff)
        self.fig_foms = figure(title="Figures of merit (1 = ideal)", height=330)
        _add_fom_traces(self.fig_foms)
        self.fig_repair = figure(title="Press 'Check my design': each figure of merit made "
                                 "ideal in turn", height=330)
        _add_repair_traces(self.fig_repair)
        note = w.HTML(
            "<small>Accuracy: the cached 64-32-10 digits MLP programmed onto crossbars of "
            "each device by the crossbar engine (open loop, 1-ohm wires), read after the "
            "deployment time (retention), mean of the seeds; energy: array reads plus "
            "8-bit DAC/ADC per inference. Presets: d2d spread and retention are not "
            "published and are set ideal. See the Settings tab.</small>")
        controls = w.VBox([
            w.HTML("<b>Your device</b>"), *self.fom_controls.values(),
            w.HTML("<b>Targets</b>"), *self.target_controls.values(),
            w.HBox([self.check_button, self.export_button]), self.progress,
            self.export_link,
        ])
        plots = w.VBox([self.fig_tradeoff, w.HBox([self.compare_select, self.copy_button]),
                        self.fig_foms, self.feedback, self.fig_repair, note])
        return w.HBox([controls, plots])

    def _refresh_all(self) -> None:
        self._evaluate_presets(None)
        self._on_design()

    def _evaluate_presets(self, progress: Progress | None) -> None:
        def report(i: int, n: int, _m: dict) -> None:
            if progress is not None:
                progress(i, n)

        self.table = tradeoff_table((), self.settings, callback=report)

    def _on_design(self) -> None:
        self._draw_foms()
        self.design_result = evaluate_design(self.design(), self.settings)
        self._draw_tradeoff()

    def _on_targets(self) -> None:
        self._draw_tradeoff()

    def _draw_foms(self) -> None:
        compare = preset_figures_of_merit(self.compare_select.value)
        with self.fig_foms.batch_update():
            _draw_foms(self.fig_foms, [self.design(), compare])

    def _draw_tradeoff(self) -> None:
        t = self.targets()
        r = self.design_result
        with self.fig_tradeoff.batch_update():
            _draw_tradeoff(self.fig_tradeoff, self.table.results, r, **t)
            if r is not None:
                ok = ("meets both targets" if r.accuracy >= t["target_accuracy"]
                      and r.energy <= t["target_energy"] else "misses a target")
                self.fig_tradeoff.layout.title.text = (
                    f"{DESIGN_NAME}: {100 * r.accuracy:.1f} % at {r.energy * _PJ:.3g} pJ per "
                    f"inference ({ok}; {self.settings.mode})")

    def _export(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "perspectives_tradeoff.csv",
                                               "download perspectives_tradeoff.csv")

    # -- settings tab ----------------------------------------------------------------
    def _build_settings(self) -> w.Widget:
        specs = [s for s in EvaluationSettings.SPECS if s.name != "seed"]
        self._settings_controls = controls_for(
            specs, continuous_update=False,
            **{s.name: getattr(self.settings, s.name) for s in specs})
        self._apply_button = w.Button(description="Apply settings", icon="refresh",
                                      button_style="primary")
        self.settings_progress = Progress("presets")
        self._apply_button.on_click(self.guarded(lambda _b: self.apply_settings(), "settings"))
        text = w.HTML(
            "<p><b>inference</b>: the trained float MLP is programmed onto the device "
            "(~50 ms per seed). <b>in_situ</b>: a short NeuroSim-style training on device "
            "pulses (~0.3 s per epoch and seed; nonlinearity and states matter most). "
            "Applying re-evaluates every preset (inference ~1 s, in situ ~10-30 s).</p>")
        return w.VBox([text, *self._settings_controls.values(),
                       w.HBox([self._apply_button, self.settings_progress])])

