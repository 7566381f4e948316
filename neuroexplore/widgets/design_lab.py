"""DesignLab: machine learning *for* devices -- Bayesian inverse design and learned models.

A thin front end (no physics here) over :mod:`neuroexplore.design` (issue 13):

* **Design search**: choose what the device must reach (a target accuracy at the least
  energy per inference, or the Pareto front of accuracy against energy), an evaluation
  budget and a sampler (optuna's GP or TPE Bayesian optimisation, NSGA-II, a grid or
  random search), then *Run*: each trial is a device design evaluated by the crossbar
  engine (:func:`neuroexplore.perspectives.evaluate_design`), drawn as it finishes on
  accuracy against energy with the Pareto front, and on the best-so-far curve against
  the number of evaluations.  *Compare with random search* runs random search at the
  same budget afterwards and overlays it.  Stop ends a run between two trials; the
  trials reached are kept.  *Export trials (CSV)* (provenance-stamped) and *Best design
  (JSON)* download the results.
* **Data-driven model**: a pulse-response measurement (the bundled example files or an
  upload, read through the device lab's path,
  :func:`neuroexplore.devices.load_measurements`) fitted twice on its first pulses --
  by the physical NeuroSim model (:func:`neuroexplore.devices.fit_pulse_response`) and
  by a learned model (a Gaussian process or a small neural network) -- and both
  compared on the pulses held out: inside the measured range (interpolation) and
  beyond it (extrapolation).

The static figure helpers (:func:`trials_figure`, :func:`convergence_figure`,
:func:`model_comparison_figure`) serve the chapter-7 notebook.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from ..params import ChoiceSpec, ParamSpec
from . import palette as pal
from ._device_common import download_link, export_with_provenance, fit_table
from ._runs import Runner
from .base import LazyControls, TabbedLab, first_upload, tab_property
from .controls import control_for, slider_value
from .figures import STATIC_LAYOUT
from .plotting import figure

__all__ = [
    "DesignLab",
    "DESIGN_LAB_SPECS",
    "DATA_SPECS",
    "MEASUREMENT_FILES",
    "measurement_text",
    "trials_figure",
    "convergence_figure",
    "model_comparison_figure",
    "extrapolation_figure",
    "fit_both_models",
    "ModelFits",
]


#: The lab's own controls (the search space and the evaluation live in the engine).
DESIGN_LAB_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("objective", "target", ("target", "pareto"),
               doc="target: reach the target accuracy at the least energy per inference; "
                   "pareto: the front of accuracy against energy", label="objective"),
    ChoiceSpec("sampler", "gp", ("gp", "tpe", "nsga2", "grid", "random"),
               doc="optuna sampler: Gaussian-process or TPE Bayesian optimisation, NSGA-II, "
                   "a grid, or random search", label="sampler"),
    ParamSpec("budget", 12, 4, 60, step=1, unit="evaluations", integer=True,
              doc="crossbar-engine evaluations per search", label="budget"),
    ParamSpec("target_accuracy", 0.92, 0.5, 0.99, step=0.005, unit="",
              doc="test accuracy the design must reach (fraction)", label="target accuracy"),
    ParamSpec("target_energy", 200.0, 10.0, 1e4, unit="pJ", log=True,
              doc="energy per inference the design must stay under", label="target energy"),
    ParamSpec("seed", 0, 0, 999, step=1, unit="", integer=True,
              doc="seed of the sampler (and of random search)", label="seed"),
)
_SPECS = {s.name: s for s in DESIGN_LAB_SPECS}

#: The data-driven tab's controls.
DATA_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("model", "gp", ("gp", "mlp"),
               doc="learned model: a Gaussian process (scikit-learn) or a small neural "
                   "network (torch)", label="learned model"),
)

#: Example pulse measurements shipped with the package: the device lab's synthetic
#: sample (``neuroexplore/data``) and the format examples of ``data/measurements``.
MEASUREMENT_FILES: tuple[str, ...] = (
    "sample_pulse_measurement.csv", "excel_semicolon_two_cycles.csv", "resistance_kohm.csv",
)

COLORS = {"search": pal.VERMILLION, "random": pal.GREY, "front": pal.BLUE,
          "target": pal.GREEN, "physical": pal.BLUE, "learned": pal.VERMILLION}


def measurement_text(name: str) -> str:
    """The text of a bundled example measurement (one of :data:`MEASUREMENT_FILES`).

    >>> measurement_text("resistance_kohm.csv").startswith("# Resistance")
    True
    """
    if name not in MEASUREMENT_FILES:
        raise ValueError(f"measurement = {name!r} is not bundled; "
                         f"valid files are {', '.join(MEASUREMENT_FILES)}")
    data = resources.files("neuroexplore").joinpath("data")
    path = data / name if name == "sample_pulse_measurement.csv" else data / "measurements" / name
    return path.read_text("utf-8-sig")


# ------------------------------------------------------------------ trial bookkeeping
def _pareto_mask(acc: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """Trials no other trial beats on both accuracy (higher) and energy (lower)."""
    keep = np.ones(acc.size, dtype=bool)
    for i in range(acc.size):
        better = (acc >= acc[i]) & (energy <= energy[i]) & ((acc > acc[i]) | (energy < energy[i]))
        keep[i] = not np.any(better)
    return keep


def _front(rows: Sequence[Mapping[str, Any]]) -> tuple[list[float], list[float]]:
    """The Pareto front of ``rows`` as a staircase (energy in pJ, accuracy in %)."""
    if not rows:
        return [], []
    acc = np.array([r["accuracy"] for r in rows], dtype=float)
    energy = np.array([r["energy_pj"] for r in rows], dtype=float)
    mask = _pareto_mask(acc, energy) & np.isfinite(acc) & np.isfinite(energy)
    order = np.argsort(energy[mask])
    e, a = energy[mask][order], 100 * acc[mask][order]
    xs, ys = [], []
    for k in range(e.size):
        if k:
            xs.append(float(e[k]))
            ys.append(float(a[k - 1]))
        xs.append(float(e[k]))
        ys.append(float(a[k]))
    return xs, ys


def best_so_far(rows: Sequence[Mapping[str, Any]], objective: str, target_accuracy: float,
                target_energy: float) -> list[float | None]:
    """The running best after each evaluation (``None`` before the first feasible one).

    ``target``: the least energy per inference (pJ) of the trials reaching
    ``target_accuracy``; ``pareto``: the best accuracy (%) of the trials under
    ``target_energy``.

    >>> rows = [dict(accuracy=0.9, energy_pj=100.0), dict(accuracy=0.95, energy_pj=300.0),
    ...         dict(accuracy=0.93, energy_pj=200.0)]
    >>> best_so_far(rows, "target", 0.92, 1000.0)
    [None, 300.0, 200.0]
    >>> best_so_far(rows, "pareto", 0.92, 250.0)
    [90.0, 90.0, 93.0]
    """
    out: list[float | None] = []
    best: float | None = None
    for r in rows:
        acc, energy = float(r["accuracy"]), float(r["energy_pj"])
        if objective == "target":
            if acc >= target_accuracy and math.isfinite(energy):
                value = energy
                best = value if best is None else min(best, value)
        elif energy <= target_energy and math.isfinite(acc):
            value = 100 * acc
            best = value if best is None else max(best, value)
        out.append(None if best is None else round(best, 9))
    return out


def _convergence_label(objective: str) -> str:
    return ("least energy reaching the target (pJ)" if objective == "target"
            else "best accuracy under the energy target (%)")


# ------------------------------------------------------------------------- figures
def _add_trials_traces(fig: go.Figure) -> None:
    fig.add_scatter(name="random search", mode="markers",
                    marker=dict(size=8, symbol="x", color=COLORS["random"]))
    fig.add_scatter(name="trials", mode="markers",
                    marker=dict(size=9, symbol="circle", color=COLORS["search"],
                                line=dict(width=1, color=pal.BLACK)))
    fig.add_scatter(name="Pareto front", mode="lines",
                    line=dict(color=COLORS["front"], width=2, shape="linear"))
    fig.add_scatter(name="best design", mode="markers",
                    marker=dict(size=18, symbol="star", color=pal.ORANGE,
                                line=dict(width=1, color=pal.BLACK)))
    fig.add_scatter(name="targets", mode="lines", line=dict(color=COLORS["target"], dash="dot"),
                    hoverinfo="skip")
    fig.update_layout(xaxis=dict(type="log", title="energy per inference (pJ)"),
                      yaxis=dict(title="test accuracy (%)"))


def _hover(r: Mapping[str, Any]) -> str:
    skip = {"accuracy", "energy_pj", "number", "value", "sampler", "state", "feasible"}
    parts = [f"{k} = {v:.3g}" if isinstance(v, float) else f"{k} = {v}"
             for k, v in r.items() if k not in skip]
    return (f"trial {r.get('number', '?')}: {100 * float(r['accuracy']):.1f} %, "
            f"{float(r['energy_pj']):.3g} pJ<br>" + "<br>".join(parts))


def _draw_trials(fig: go.Figure, rows: Sequence[Mapping[str, Any]],
                 random_rows: Sequence[Mapping[str, Any]], best: Mapping[str, Any] | None,
                 target_accuracy: float, target_energy: float, sampler: str = "") -> None:
    every = [*rows, *random_rows]
    energies = [float(r["energy_pj"]) for r in every if math.isfinite(float(r["energy_pj"]))]
    te, ta = target_energy, 100 * target_accuracy
    lo = min([*energies, te]) / 1.6
    hi = max([*energies, te]) * 1.6
    fig.data[0].x = [float(r["energy_pj"]) for r in random_rows]
    fig.data[0].y = [100 * float(r["accuracy"]) for r in random_rows]
    fig.data[0].hovertext = [_hover(r) for r in random_rows]
    fig.data[1].x = [float(r["energy_pj"]) for r in rows]
    fig.data[1].y = [100 * float(r["accuracy"]) for r in rows]
    fig.data[1].hovertext = [_hover(r) for r in rows]
    fig.data[1].name = f"trials ({sampler})" if sampler else "trials"
    fig.data[2].x, fig.data[2].y = _front(rows)
    if best is not None:
        fig.data[3].x, fig.data[3].y = [float(best["energy_pj"])], [100 * float(best["accuracy"])]
        fig.data[3].hovertext = [_hover(best)]
    else:
        fig.data[3].x, fig.data[3].y = [], []
    # the target box: accuracy line up to the energy target, then down the energy line
    fig.data[4].x, fig.data[4].y = [lo, te, te], [ta, ta, 0.0]
    fig.update_xaxes(range=[math.log10(lo), math.log10(hi)])
    fig.update_yaxes(range=[0.0, 102.0])


def _add_convergence_traces(fig: go.Figure) -> None:
    fig.add_scatter(name="search", mode="lines+markers", line=dict(color=COLORS["search"]),
                    marker=dict(symbol="circle"), line_shape="hv", connectgaps=False)
    fig.add_scatter(name="random search", mode="lines+markers",
                    line=dict(color=COLORS["random"], dash="dash"), marker=dict(symbol="x"),
                    line_shape="hv", connectgaps=False)
    fig.add_scatter(name="budget", mode="lines", line=dict(color=pal.BLACK, dash="dot"),
                    hoverinfo="skip")
    fig.update_layout(xaxis=dict(title="evaluations"))


def _draw_convergence(fig: go.Figure, rows: Sequence[Mapping[str, Any]],
                      random_rows: Sequence[Mapping[str, Any]], objective: str,
                      target_accuracy: float, target_energy: float, budget: int,
                      sampler: str = "") -> None:
    curves = [best_so_far(r, objective, target_accuracy, target_energy)
              for r in (rows, random_rows)]
    for trace, curve in zip(fig.data[:2], curves, strict=True):
        trace.x = list(range(1, len(curve) + 1))
        trace.y = curve
    fig.data[0].name = sampler or "search"
    values = [v for c in curves for v in c if v is not None]
    if objective == "target":
        lo, hi = (min(values) / 1.3, max(values) * 1.3) if values else (10.0, 1000.0)
        fig.update_yaxes(type="log", range=[math.log10(lo), math.log10(hi)],
                         title_text=_convergence_label(objective))
        ys = [lo, hi]
    else:
        lo, hi = (min(values) - 2.0, min(max(values) + 2.0, 101.0)) if values else (0.0, 100.0)
        fig.update_yaxes(type="linear", range=[lo, hi], title_text=_convergence_label(objective))
        ys = [lo, hi]
    fig.data[2].x, fig.data[2].y = [budget, budget], ys
    fig.update_xaxes(range=[0.5, budget + 0.5])


def _static(title: str, height: int = 420) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**{**STATIC_LAYOUT, "height": height,
                         "title": {**STATIC_LAYOUT["title"], "text": title}})
    return fig


def _rows_of(study: Any) -> list[dict[str, Any]]:
    if study is None:
        return []
    if isinstance(study, Sequence):
        return [dict(r) for r in study]
    return [dict(r) for r in study.rows]


def trials_figure(study: Any, random_study: Any = None, *, target_accuracy: float = 0.92,
                  target_energy: float = 200.0, title: str | None = None) -> go.Figure:
    """Accuracy vs energy of every trial of ``study`` (and of a random search), the front."""
    fig = _static(title or "Trials: accuracy against energy per inference", 440)
    _add_trials_traces(fig)
    rows = _rows_of(study)
    best = getattr(study, "best", None) if not isinstance(study, Sequence) else None
    best_row = _best_row(best)
    _draw_trials(fig, rows, _rows_of(random_study), best_row, target_accuracy, target_energy)
    return fig


def convergence_figure(studies: Mapping[str, Any], *, objective: str = "target",
                       target_accuracy: float = 0.92, target_energy: float = 200.0,
                       title: str | None = None) -> go.Figure:
    """Best-so-far against evaluations for several searches (``{label: study}``)."""
    fig = _static(title or "Best so far against evaluations", 380)
    for k, (label, study) in enumerate(studies.items()):
        curve = best_so_far(_rows_of(study), objective, target_accuracy, target_energy)
        fig.add_scatter(x=list(range(1, len(curve) + 1)), y=curve, name=label,
                        mode="lines+markers", line_shape="hv",
                        line=pal.series_line(k), marker=dict(symbol=pal.series_symbol(k)))
    fig.update_layout(xaxis=dict(title="evaluations"),
                      yaxis=dict(title=_convergence_label(objective),
                                 type="log" if objective == "target" else "linear"))
    return fig


def _best_row(best: Any) -> dict[str, Any] | None:
    """A trial-like row (number, parameters, metrics) of a study's ``best`` dict."""
    if not isinstance(best, Mapping):
        return None
    row = {"number": best.get("number"), **best.get("params", {}),
           **best.get("metrics", {})}
    return row if "accuracy" in row and "energy_pj" in row else None


# ---------------------------------------------------------------------------- the lab
class _Stopped(Exception):
    """Raised by the lab's ``on_trial`` once Stop was pressed: ends a study at once.

    (``optimize`` stops by itself when its progress callback returns ``False``; a Stop
    pressed after that callback, while the trial is being told, is caught here.)
    """


class DesignLab(TabbedLab):
    """Bayesian inverse design of a device for a target network, and learned device models.

    Parameters
    ----------
    background : bool
        Run searches in a background thread (so Stop works in a notebook); ``False``
        runs them in the caller's thread (scripts, tests).

    Examples
    --------
    >>> lab = DesignLab(background=False)
    >>> lab.error, len(lab.fig_trials.data), lab.settings()["sampler"]
    ('', 5, 'gp')
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background, self.busy = background, False
        self.runner = Runner(self, "trials", "Run search")
        self.run_button, self.stop_button = self.runner.run_button, self.runner.stop_button
        self.progress = self.runner.progress
        self.rows: dict[str, list[dict[str, Any]]] = {"search": [], "random": []}
        self.study: Any = None
        self.random_study: Any = None
        self.comparison: Any = None
        self._snapshot: list = []
        self.init_tabs([
            ("Design search", self._build_search, self._draw_search),
            ("Data-driven model", self._build_data, None),
        ])

    # tab 1's widgets, built when first opened
    data_controls = tab_property(1, "_data_controls")
    measurement_control = tab_property(1, "_measurement_control")
    upload = tab_property(1, "_upload")
    fig_model = tab_property(1, "_fig_model")
    model_table = tab_property(1, "_model_table")

    def state_controls(self) -> dict[str, Any]:
        """State keys: objective, sampler, budget, target_accuracy, target_energy, seed,
        compare, then ``data.*`` (the data-driven tab's model, fitted fraction and
        example file)."""
        return {**self.controls, "compare": self.compare_control,
                "data": LazyControls(1, lambda: {**self.data_controls,
                                                 "measurement": self.measurement_control})}

    # -- tab 0: the search ------------------------------------------------------------
    def _build_search(self) -> w.Widget:
        self.controls = {s.name: control_for(s, continuous_update=False)
                         for s in DESIGN_LAB_SPECS if s.name != "seed"}
        # the seed acts on the next run only: a number box, not a slider that redraws
        seed = _SPECS["seed"]
        self.controls["seed"] = w.BoundedIntText(
            value=seed.default, min=int(seed.low), max=int(seed.high), description="seed",
            tooltip=f"{seed.doc} -- valid range {seed.range_text}",
            style={"description_width": "150px"}, layout=w.Layout(width="260px"))
        self.controls["seed"].param_spec = seed
        self.compare_control = w.Checkbox(value=True, description="compare with random search",
                                          style={"description_width": "initial"})
        self.export_button = w.Button(description="Export trials (CSV)", icon="download",
                                      disabled=True)
        self.best_button = w.Button(description="Best design (JSON)", icon="download",
                                    disabled=True)
        self.export_link = w.HTML()
        self.summary = w.HTML()
        self.fig_trials = figure(height=440, title="Trials: press Run search")
        _add_trials_traces(self.fig_trials)
        self.fig_convergence = figure(height=380, title="Best so far against evaluations")
        _add_convergence_traces(self.fig_convergence)

        redraw = self.guarded(lambda _c: self._draw_search(), "draw")
        for ctl in self.controls.values():
            ctl.observe(redraw, "value")
        self.run_button.on_click(lambda _b: self.start())
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        self.best_button.on_click(self.guarded(lambda _b: self._export_best(), "export"))
        panel = w.VBox([
            *self.controls.values(), self.compare_control,
            w.HBox([self.run_button, self.stop_button]), self.progress,
            w.HBox([self.export_button, self.best_button]), self.export_link, self.summary,
        ])
        return w.VBox([w.HBox([panel, self.fig_convergence]), self.fig_trials])

    def settings(self) -> dict[str, Any]:
        """The search the controls describe (targets as fraction and joules)."""
        out = {k: slider_value(c) for k, c in self.controls.items()}
        out["budget"], out["seed"] = int(out["budget"]), int(out["seed"])
        out["compare"] = bool(self.compare_control.value)
        return out

    def _draw_search(self) -> None:
        s = self.settings()
        best = _best_row(getattr(self.study, "best", None)) if self.study is not None else None
        if best is None and self.rows["search"]:
            best = self._running_best(self.rows["search"], s)
        n, m = len(self.rows["search"]), len(self.rows["random"])
        title = (f"Trials: {n} designs ({s['sampler']})" + (f", {m} of random search" if m
                                                              else "")
                 if n else "Trials: press Run search")
        with self.fig_trials.batch_update():
            _draw_trials(self.fig_trials, self.rows["search"], self.rows["random"], best,
                         s["target_accuracy"], s["target_energy"], s["sampler"])
            self.fig_trials.layout.title.text = title
        with self.fig_convergence.batch_update():
            _draw_convergence(self.fig_convergence, self.rows["search"], self.rows["random"],
                              s["objective"], s["target_accuracy"], s["target_energy"],
                              s["budget"], s["sampler"])

    @staticmethod
    def _running_best(rows: Sequence[Mapping[str, Any]], s: Mapping[str, Any]
                      ) -> dict[str, Any] | None:
        """The best trial so far under the lab's objective (for the live star)."""
        if s["objective"] == "target":
            ok = [r for r in rows if r["accuracy"] >= s["target_accuracy"]]
            return dict(min(ok, key=lambda r: r["energy_pj"])) if ok else None
        ok = [r for r in rows if r["energy_pj"] <= s["target_energy"]]
        return dict(max(ok, key=lambda r: r["accuracy"])) if ok else None

    # -- running ----------------------------------------------------------------------
    def start(self) -> None:
        """:meth:`run` as the Run button does (in the background unless ``background``
        is False); Stop ends it after the present trial."""
        self.runner.start(self.run, "search")

    def run(self) -> Any:
        """Run the search (then random search at the same budget if asked), live.

        Stop (or a progress callback returning ``False``) ends the run after the
        present trial: the trials reached are kept and exported.
        """
        from .. import design

        self.runner.begin()
        s = self.settings()
        self._snapshot = self._export_snapshot()
        self.study = self.random_study = None
        self.rows = {"search": [], "random": []}
        self.export_button.disabled = self.best_button.disabled = True
        self.export_link.value = self.summary.value = ""
        compare = s["compare"] and s["sampler"] != "random"
        total = s["budget"] * (2 if compare else 1)
        self._draw_search()

        def progress(offset: int):
            def cb(done: int, _total: int, _metrics: dict | None = None) -> bool:
                return self.runner.report(offset + done, total)
            return cb

        studies: dict[str, Any] = {}

        def on_trial(which: str):
            def cb(study: Any) -> None:
                studies[which] = study
                self.rows[which] = list(study.rows)
                if which == "search":
                    self.study = study
                self._draw_search()
                if self.runner.stopped:  # end the study after this trial (see _Stopped)
                    raise _Stopped
            return cb

        objective, space = self._problem(s)

        def search(which: str, sampler: str, offset: int) -> Any:
            try:
                return design.optimize(objective, space, s["budget"], s["seed"],
                                       sampler=sampler, progress=progress(offset),
                                       on_trial=on_trial(which))
            except _Stopped:
                study = studies[which]
                study.cancelled = True
                return study

        self.study = search("search", s["sampler"], 0)
        stopped = self.runner.stopped
        if compare and not stopped:
            self.random_study = search("random", "random", s["budget"])
            stopped = self.runner.stopped
        # the studies' own tables are the record (the live rows are their copies)
        self.rows = {"search": _rows_of(self.study), "random": _rows_of(self.random_study)}
        self._draw_search()
        self.export_button.disabled = not self.rows["search"]
        self.best_button.disabled = self._best_design() is None
        self.summary.value = self._summary(s, stopped)
        self.runner.end(stopped, "search")
        return self.study

    def _problem(self, s: Mapping[str, Any]) -> tuple[Any, Any]:
        """The engine's objective and (default) search space for the lab's settings."""
        from .. import design

        if s["objective"] == "target":
            objective = design.min_energy(s["target_accuracy"])
        else:
            objective = design.accuracy_energy()
        return objective, design.space()

    def _best_design(self) -> Any:
        return getattr(self.study, "best", None) if self.study is not None else None

    def _summary(self, s: Mapping[str, Any], stopped: bool) -> str:
        curves = {k: best_so_far(r, s["objective"], s["target_accuracy"], s["target_energy"])
                  for k, r in self.rows.items() if r}
        unit = "pJ" if s["objective"] == "target" else "%"
        rows = []
        for k, curve in curves.items():
            label = s["sampler"] if k == "search" else "random search"
            final = curve[-1] if curve else None
            first = next((i + 1 for i, v in enumerate(curve) if v is not None), None)
            rows.append((label, f"{len(curve)} evaluations; best {final:.4g} {unit}, first "
                         f"feasible at evaluation {first}" if final is not None
                         else f"{len(curve)} evaluations; none feasible"))
        note = " (stopped)" if stopped else ""
        return fit_table(rows, caption=f"Search results{note}")

    # -- export -----------------------------------------------------------------------
    def _export_snapshot(self) -> list:
        from ._device_common import control_snapshot

        return control_snapshot([self.controls])

    def export_csv(self) -> str:
        """Every trial (the search's, then random search's) as CSV with provenance.

        The file starts with provenance comments: every control of the run with its
        unit, the neuroexplore version and the date.
        """
        if not self.rows["search"]:
            raise ValueError("nothing to export yet: run a search first")
        rows = [dict(r, search=self.settings()["sampler"]) for r in self.rows["search"]]
        rows += [dict(r, search="random") for r in self.rows["random"]]
        names: list[str] = []
        for r in rows:
            names += [k for k in r if k not in names]
        buf = io.StringIO()
        buf.write(",".join(names) + "\n")
        for r in rows:
            buf.write(",".join(_cell(r.get(k)) for k in names) + "\n")
        notes = [f"{len(self.rows['search'])} trials of the search, "
                 f"{len(self.rows['random'])} of random search"]
        return export_with_provenance(buf.getvalue(), "DesignLab trials (crossbar-engine "
                                      "evaluations of device designs)", self._snapshot,
                                      seed=self.settings()["seed"], notes=notes)

    def best_json(self) -> str:
        """The best design of the search as JSON (its figures of merit and metrics)."""
        best = self._best_design()
        if best is None:
            raise ValueError("no best design yet: run a search first")
        return self.study.best_json()

    def _export(self) -> None:
        self.export_link.value = download_link(self.export_csv(), "design_trials.csv",
                                               "download the trials as CSV")

    def _export_best(self) -> None:
        payload = self.best_json()
        self.export_link.value = download_link(payload, "best_design.json",
                                               "download the best design as JSON")

    # -- tab 1: the data-driven model ---------------------------------------------------
    def _build_data(self) -> w.Widget:
        self._data_controls = {s.name: control_for(s) for s in DATA_SPECS}
        self._measurement_control = w.Dropdown(
            options=[*MEASUREMENT_FILES, UPLOADED], value=MEASUREMENT_FILES[0],
            description="measurement", style={"description_width": "150px"},
            layout=w.Layout(width="420px"))
        from ..devices.measurements import MAX_UPLOAD_BYTES, UPLOAD_ACCEPT

        self._upload = w.FileUpload(accept=UPLOAD_ACCEPT, multiple=False,
                                    description="Upload CSV", icon="upload")
        self._uploaded: tuple[str, str] | None = None
        self._model_table = w.HTML()
        help_text = w.HTML(
            "<div style='color:#555;max-width:900px'>A pulse response with both polarities "
            "(<code>pulse, conductance</code> [, <code>direction</code>, <code>cycle</code>];"
            " resistance or current with a read voltage also do), read like the device "
            f"lab's uploads (up to {MAX_UPLOAD_BYTES / 1e6:g} MB). The physical NeuroSim "
            "model and a learned state-update map (Gaussian process or small neural "
            "network) are fitted to the same points; each predicts a mean cycle. Beyond "
            "the measured pulses only the physical equation carries on (chapter 7).</div>")
        fig = figure(rows=2, height=560, title="Physical against learned device model")
        fig.add_scatter(name="measured", mode="markers",
                        marker=dict(size=5, color=pal.BLACK), row=1, col=1)
        fig.add_scatter(name="physical (NeuroSim fit)", mode="lines",
                        line=dict(color=COLORS["physical"], width=2), row=1, col=1)
        fig.add_scatter(name="learned model", mode="lines",
                        line=dict(color=COLORS["learned"], width=2, dash="dash"), row=1, col=1)
        fig.add_scatter(name="learned ± 2σ (next pulse)", mode="lines", fill="toself",
                        line=dict(width=0, color=pal.rgba(COLORS["learned"], 0.0)),
                        fillcolor=pal.rgba(COLORS["learned"], 0.2), hoverinfo="skip",
                        row=1, col=1)
        fig.add_scatter(name="physical residual", mode="markers", showlegend=False,
                        marker=dict(size=5, color=COLORS["physical"], symbol="circle"),
                        row=2, col=1)
        fig.add_scatter(name="learned residual", mode="markers", showlegend=False,
                        marker=dict(size=6, color=COLORS["learned"], symbol="x"), row=2, col=1)
        fig.update_yaxes(title_text="conductance (µS)", row=1, col=1)
        fig.update_yaxes(title_text="residual (µS)", row=2, col=1)
        fig.update_xaxes(title_text="pulse in the cycle", row=2, col=1)
        self._fig_model = fig
        redraw = self.guarded(lambda _c: self.fit_models(), "data")
        for ctl in (*self._data_controls.values(), self._measurement_control):
            ctl.observe(redraw, "value")
        self._upload.observe(self.guarded(self._on_upload, "data"), names="value")
        content = w.VBox([
            w.HBox([w.VBox([self._measurement_control, self._upload,
                            *self._data_controls.values()]), self._model_table]),
            help_text, fig,
        ])
        self.guarded(self.fit_models, "data")()
        return content

    def _on_upload(self, change: dict) -> None:
        with first_upload(change) as upload:
            if upload is not None:
                self.load_text(*upload)

    def load_text(self, text: str, name: str = "<text>") -> None:
        """Use ``text`` (a measurement CSV, as uploaded) and fit both models to it.

        Problems (a malformed file, a failed fit) appear as the lab's error message.
        """
        self._uploaded = (text, name)
        if self.measurement_control.value == UPLOADED:
            self.guarded(self.fit_models, "data")()
        else:
            self.measurement_control.value = UPLOADED  # fits through its observer

    def _measurement(self) -> tuple[Any, str]:
        from ..devices import load_measurements

        choice = self.measurement_control.value
        if choice == UPLOADED:
            if self._uploaded is None:
                raise ValueError("no file uploaded yet: use Upload CSV, or pick an example")
            text, name = self._uploaded
        else:
            text, name = measurement_text(choice), choice
        buf = io.StringIO(text)
        buf.name = name
        try:
            m = load_measurements(buf)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        if m.kind != "pulse":
            raise ValueError(f"{name}: a {m.kind} measurement; the device models need a "
                             "pulse response (pulse, conductance)")
        return m, name

    def fit_models(self) -> ModelFits:
        """Fit the physical and the learned model to the chosen measurement; draw both."""
        m, name = self._measurement()
        method = self.data_controls["model"].value
        try:
            fits = fit_both_models(m, method=method, name=name)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        self.comparison = fits
        self._draw_models(fits)
        return fits

    def _draw_models(self, f: ModelFits) -> None:
        fig = self.fig_model
        u = 1e6
        x = np.arange(f.learned.size)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = f.position, f.conductance * u
            fig.data[1].x, fig.data[1].y = np.arange(f.physical.size), f.physical * u
            fig.data[2].x, fig.data[2].y = x, f.learned * u
            fig.data[2].name = f"learned ({f.method})"
            fig.data[3].x = np.concatenate([x, x[::-1]])
            fig.data[3].y = np.concatenate([f.learned + 2 * f.learned_std,
                                            (f.learned - 2 * f.learned_std)[::-1]]) * u
            fig.data[4].x, fig.data[4].y = f.position, f.residual("physical") * u
            fig.data[5].x, fig.data[5].y = f.position, f.residual("learned") * u
            fig.layout.title.text = (f"{f.source}: {f.conductance.size} points, "
                                     f"{f.n_cycles} cycle{'s' if f.n_cycles > 1 else ''}")
        rows = [("RMSE physical (NeuroSim)", f"{f.rmse('physical') * u:.3g} µS"),
                (f"RMSE learned ({f.method})", f"{f.rmse('learned') * u:.3g} µS"),
                ("c2c σ physical", f"{f.c2c_physical:.3g} of the window"),
                ("c2c σ learned", f"{f.c2c_learned:.3g} of the window"),
                ("states LTP / LTD", f"{f.states[0]} / {f.states[1]}")]
        self.model_table.value = fit_table(rows, caption="Mean cycle against the measurement")


UPLOADED = "(uploaded)"


@dataclass(frozen=True)
class ModelFits:
    """The physical and the learned model of one measurement, as mean cycles (S).

    Attributes
    ----------
    source, method : str
    position : ndarray
        Pulse position of each measured point within its cycle.
    conductance : ndarray
        Measured conductance (S).
    physical, learned, learned_std : ndarray
        Mean cycle of the NeuroSim fit and of the learned map, and the learned
        predictive std of the next pulse (S), indexed by pulse position.
    c2c_physical, c2c_learned : float
        Cycle-to-cycle noise per pulse, fraction of each model's window.
    states : tuple of int
        LTP and LTD pulses per cycle.
    n_cycles : int
    """

    source: str
    method: str
    position: np.ndarray
    conductance: np.ndarray
    physical: np.ndarray
    learned: np.ndarray
    learned_std: np.ndarray
    c2c_physical: float
    c2c_learned: float
    states: tuple[int, int]
    n_cycles: int

    def residual(self, which: str) -> np.ndarray:
        """Model minus measurement at every measured point (S; NaN past the cycle)."""
        curve = self.physical if which == "physical" else self.learned
        pos = self.position.astype(int)
        ok = pos < curve.size
        out = np.full(self.conductance.size, np.nan)
        out[ok] = curve[pos[ok]] - self.conductance[ok]
        return out

    def rmse(self, which: str) -> float:
        """Root-mean-square residual (S) over the points inside the cycle."""
        r = self.residual(which)
        return float(np.sqrt(np.nanmean(r**2)))


def fit_both_models(m: Any, *, method: str = "gp", name: str = "", seed: int = 0) -> ModelFits:
    """Fit NeuroSim (:func:`~neuroexplore.devices.fit_pulse_response`) and a learned map
    (:func:`~neuroexplore.devices.learned.fit_learned_device`) to one pulse measurement.

    ``m`` is a loaded pulse measurement (:func:`~neuroexplore.devices.load_measurements`).
    """
    from ..devices import fit_pulse_response
    from ..devices.fitting import pulse_cycle
    from ..devices.learned import fit_learned_device

    p, g = np.asarray(m["pulse"], float), np.asarray(m["conductance"], float)
    direction = m["direction"] if "direction" in m else None
    cycle = m["cycle"] if "cycle" in m else None
    fit = fit_pulse_response(p, g, direction, cycle=cycle)
    learned = fit_learned_device(p, g, direction, cycle=cycle, method=method, seed=seed)
    labels = np.zeros(p.size, dtype=int) if cycle is None else np.asarray(cycle)
    position = np.empty(p.size)
    for c in np.unique(labels):
        rows = labels == c
        position[rows] = p[rows] - p[rows][0]
    physical = pulse_cycle(fit.device)[1]
    mean = learned.cycle()
    n_p = learned.states_ltp
    std = np.zeros(mean.size)
    for k in range(1, mean.size):
        sign = 1 if k <= n_p else -1
        std[k] = float(learned.predict_step(mean[k - 1], sign, return_std=True)[1])
    return ModelFits(name or str(getattr(m, "source", "")), method, position, g, physical,
                     mean, std, float(fit.c2c_sigma), float(learned.c2c_sigma),
                     (int(learned.states_ltp), int(learned.states_ltd)),
                     int(np.unique(labels).size))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.8g}"
    text = str(value)
    return f'"{text}"' if "," in text else text


def model_comparison_figure(fits: ModelFits, *, title: str | None = None) -> go.Figure:
    """Measured points, the physical mean cycle and the learned one with its ±2σ band."""
    fig = _static(title or f"{fits.source}: physical against learned model", 440)
    x = np.arange(fits.learned.size)
    fig.add_scatter(x=fits.position, y=fits.conductance * 1e6, name="measured",
                    mode="markers", marker=dict(size=5, color=pal.BLACK))
    fig.add_scatter(x=np.arange(fits.physical.size), y=fits.physical * 1e6,
                    name="physical (NeuroSim fit)", mode="lines",
                    line=dict(color=COLORS["physical"], width=2))
    fig.add_scatter(x=x, y=fits.learned * 1e6, name=f"learned ({fits.method})", mode="lines",
                    line=dict(color=COLORS["learned"], width=2, dash="dash"))
    fig.update_layout(xaxis=dict(title="pulse in the cycle"),
                      yaxis=dict(title="conductance (µS)"))
    return fig


_MODEL_LABELS = {"neurosim": "physical (NeuroSim)", "gp": "learned (GP map)",
                 "mlp": "learned (NN map)", "gp_curve": "learned (GP of G vs pulse)"}


def extrapolation_figure(comparison: Any, question: str = "extrapolation", *,
                         title: str | None = None) -> go.Figure:
    """The true mean cycle, the measured points a question fits on, and every model's
    predicted cycle (a :class:`~neuroexplore.devices.learned.ModelComparison`)."""
    curves = comparison.curves
    pos, truth = curves["position"], curves["truth"]
    p, g, _c = curves["measured"]
    part = curves[question]
    train = np.asarray(part["train"], dtype=bool)
    fig = _static(title or f"{comparison.device}: {question}", 460)
    fig.add_scatter(x=pos, y=truth * 1e6, name="true device (noise-free)", mode="lines",
                    line=dict(color=pal.GREY, width=6), opacity=0.5)
    fig.add_scatter(x=p[train], y=g[train] * 1e6, name="measured (fitted)", mode="markers",
                    marker=dict(size=4, color=pal.BLACK))
    for k, (model, pred) in enumerate(part["predicted"].items()):
        if pred is None:
            continue
        color = COLORS["physical"] if model == "neurosim" else pal.color(k + 1)
        fig.add_scatter(x=pos, y=np.asarray(pred) * 1e6, name=_MODEL_LABELS.get(model, model),
                        mode="lines", line=dict(color=color, width=2,
                                                dash="solid" if model == "neurosim" else
                                                pal.DASHES[1 + k % (len(pal.DASHES) - 1)]))
    fig.update_layout(xaxis=dict(title="pulse in the cycle"),
                      yaxis=dict(title="conductance (µS)"))
    return fig
