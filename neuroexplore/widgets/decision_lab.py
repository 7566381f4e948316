"""DecisionLab: a Q-learning agent whose action values live in synaptic devices.

Review ch. 6 (decision making).  A thin front end over
:mod:`neuroexplore.applications.decision` (no physics here):

* **Grid world** (live): the optimal values ``V*`` from value iteration with the
  optimal policy's arrows, beside the values and greedy arrows the agents learned;
* **Learning curves** (button): moves and discounted return per episode, the float
  agent against the device agent, with the exact optimum, the epsilon-greedy optimum
  and the random policy (chance level) as reference lines;
* **Weight update** (live): what a requested TD update ``alpha * delta`` really does to
  one differential pair of the chosen device (mean +- std over pulses).

Every control is built from :data:`~neuroexplore.applications.decision.Q_SPECS`.
torch is not needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..applications.decision import (
    Q_SPECS,
    epsilon_greedy_policy,
    evaluate_policy,
    grid_world,
    random_policy,
    shortest_path_lengths,
    train_q_agent,
    value_iteration,
    weight_update_curve,
)
from ..devices import presets
from . import palette as pal
from ._device_common import control_snapshot, download_link, export_with_provenance
from .base import Lab, Progress
from .controls import controls_for
from .plotting import LAYOUT, figure

__all__ = ["DecisionLab", "LIVE", "RUN", "world_figure", "learning_figure", "update_figure"]

#: Sliders shown at once: each redraws a plot immediately.
LIVE = ("gamma", "step_reward", "epsilon", "lr", "c2c_scale")
#: Settings of a training run (in the collapsed "run settings" box).
RUN = ("episodes", "max_steps", "agents", "w_max")
_ARROWS = ("arrow-up", "arrow-right", "arrow-down", "arrow-left")
_SPECS = {s.name: s for s in Q_SPECS}
DEFAULT_DEVICE = "EpiRAM Ag:SiGe"

#: thin reference lines of the learning curves (each its own dash, not colour alone)
_REFERENCE_STYLES = {
    "optimum": dict(color=pal.GREEN, dash="longdash", width=1),
    "ε-greedy optimum": dict(color=pal.GREEN, dash="dot", width=1),
    "random policy": dict(color=pal.GREY, dash="dashdot", width=1),
}


def _kept() -> dict[str, Any]:
    try:
        from .device_store import kept_devices

        return dict(kept_devices())
    except Exception:  # noqa: BLE001 - a broken store must not break this lab
        return {}


def device_options() -> list[tuple[str, Any]]:
    """Presets by name, then devices kept in the device lab as ``kept: name``."""
    return [(n, n) for n in presets()] + [(f"kept: {k}", d) for k, d in _kept().items()]


class DecisionLab(Lab):
    """Interactive lab: Q-learning with device-synapse weights in a grid world.

    Examples
    --------
    >>> lab = DecisionLab()
    >>> lab.error
    ''
    """

    def __init__(self, device: str = DEFAULT_DEVICE) -> None:
        self.histories: dict[str, Any] = {}
        self.layout_select = controls_for([_SPECS["layout"]])["layout"]
        self.rounding_select = controls_for([_SPECS["rounding"]])["rounding"]
        self.device_select = w.Dropdown(options=device_options(), value=device,
                                        description="device", layout=w.Layout(width="420px"))
        self.controls = controls_for([_SPECS[n] for n in LIVE])
        self.run_controls = controls_for([_SPECS[n] for n in RUN], continuous_update=False)
        self.train_button = w.Button(description="Train agents", icon="play",
                                     button_style="primary")
        self.progress = Progress("training")
        self.export_button = w.Button(description="Export CSV", icon="download")
        self.export_link = w.HTML()
        self.summary = w.HTML()

        self._build_figures()
        self.observe_all([self.layout_select, self.controls["gamma"],
                          self.controls["step_reward"]], self._update_world, "world")
        self.observe_all([self.controls["epsilon"], self.run_controls["max_steps"]],
                         self._update_references, "world")
        self.observe_all([self.device_select, self.rounding_select, self.controls["lr"],
                          self.controls["c2c_scale"], self.run_controls["w_max"]],
                         self._update_weights, "weights")
        self.train_button.on_click(self.guarded(lambda _b: self.train(), "train"))
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))

        settings = w.Accordion([w.VBox(list(self.run_controls.values()))])
        settings.set_title(0, "run settings")
        settings.selected_index = None
        left = w.VBox([self.layout_select, self.device_select, self.rounding_select,
                       *self.controls.values(), settings])
        buttons = w.HBox([self.train_button, self.progress, self.export_button,
                          self.export_link])
        note = w.HTML(
            "<small>Q(s, a) = w_max (G+ − G−)/(G_max − G_min): one differential device pair "
            "per state and action. Every TD update α δ becomes potentiation/depression "
            "pulses along the device's own nonlinear, noisy curve (Watkins 1989; MLP "
            "NeuroSim pulse model). The float agent is the software baseline; value "
            "iteration gives the optimum.</small>")
        super().__init__([
            w.HBox([left, self.fig_world]),
            buttons, note, self.summary,
            w.HBox([self.fig_curves, self.fig_update]),
        ])
        self._update_world()
        self._update_weights()

    def state_controls(self) -> dict[str, Any]:
        """State keys: layout, rounding, device, then the live and run settings by name."""
        return {"layout": self.layout_select, "rounding": self.rounding_select,
                "device": self.device_select, **self.controls, **self.run_controls}

    # -- public -----------------------------------------------------------------------
    @property
    def world(self):
        """The grid world the controls describe."""
        return grid_world(self.layout_select.value, self.controls["step_reward"].value)

    def settings(self) -> dict[str, Any]:
        """Keyword arguments of :func:`train_q_agent` from the controls."""
        c = {k: ctl.value for k, ctl in {**self.controls, **self.run_controls}.items()}
        return dict(c, rounding=self.rounding_select.value)

    def train(self, seed: int = 0) -> None:
        """Train the float agent and the device agent; draw their learning curves."""
        p = self.settings()
        self._train_provenance = (control_snapshot(self._export_controls()),
                                  self.device_select.label, seed)
        step_reward = p.pop("step_reward")
        world = grid_world(self.layout_select.value, step_reward)
        device = self.device_select.value
        label = self.device_select.label
        runs = (("float", None), (label, device))
        self.progress.reset()
        total = 2 * p["episodes"]
        self.histories = {}
        for k, (name, dev) in enumerate(runs):
            def report(done: int, n: int, _m: dict, k: int = k) -> None:
                if done % 5 == 0 or done == n:
                    self.progress(k * n + done, total)

            self.histories[name] = train_q_agent(dev, world, seed=seed, callback=report, **p)
        self._draw_histories()

    def export_csv(self) -> str:
        """Learning curves of the last training (``""`` before the first).

        Provenance comments come first: the controls as the training had them, with
        their units, the device, the seed, the neuroexplore version and the date.
        """
        if not self.histories:
            return ""
        snapshot, device, seed = self._train_provenance
        return export_with_provenance(
            "\n".join(h.to_csv() for h in self.histories.values()),
            f"DecisionLab Q-learning learning curves: float agent and {device} synapses",
            snapshot, {"device": device}, seed=seed)

    def _export_controls(self) -> list[Mapping[str, w.ValueWidget]]:
        return [{"layout": self.layout_select, "rounding": self.rounding_select},
                self.controls, self.run_controls]

    # -- figures ----------------------------------------------------------------------
    def _build_figures(self) -> None:
        self.fig_world = go.FigureWidget(make_subplots(
            rows=1, cols=2, horizontal_spacing=0.1,
            subplot_titles=("optimal V* (value iteration)", "learned max_a Q (press Train)")))
        self.fig_world.update_layout(**{**LAYOUT, "height": 380, "width": 780,
                                        "title": {**LAYOUT["title"], "text": "grid world"}})
        for col in (1, 2):
            self.fig_world.add_heatmap(colorscale=pal.DIVERGING, zmid=0.0, showscale=col == 2,
                                       zmin=-1, zmax=1, name="value", row=1, col=col)
            self.fig_world.add_scatter(mode="markers", name="greedy action", showlegend=False,
                                       marker=dict(size=13, color=pal.BLACK), row=1, col=col)
            self.fig_world.add_scatter(mode="text", name="cells", showlegend=False,
                                       textfont=dict(size=15), row=1, col=col)
        self.fig_world.update_yaxes(autorange="reversed", showgrid=False)
        self.fig_world.update_xaxes(showgrid=False)
        self.fig_world.update_layout(margin=dict(l=30, r=20, t=85, b=30))

        self.fig_curves = figure(rows=2, height=460, title="Learning curves: press Train")
        for role, name in (("float", "float agent"), ("device", "device agent")):
            self.fig_curves.add_scatter(mode="lines", name=name, row=1, col=1,
                                        line=pal.styled(role))
            self.fig_curves.add_scatter(mode="lines", name=name, showlegend=False, row=2,
                                        col=1, line=pal.styled(role))
        for name, style in _REFERENCE_STYLES.items():
            for row in (1, 2):
                self.fig_curves.add_scatter(mode="lines", name=name, showlegend=row == 1,
                                            line=style, row=row, col=1)
        self.fig_curves.update_yaxes(title_text="moves per episode", row=1, col=1)
        self.fig_curves.update_yaxes(title_text="discounted return", row=2, col=1)
        self.fig_curves.update_xaxes(title_text="episode", row=2, col=1)

        self.fig_update = figure(height=460, title="Weight update of one pair")
        self.fig_update.add_scatter(mode="lines", name="requested", line=dict(
            color=pal.GREY, dash="dash"))
        self.fig_update.add_scatter(mode="lines", name="mean + std", line=dict(width=0),
                                    showlegend=False)
        self.fig_update.add_scatter(mode="lines", name="± std", fill="tonexty",
                                    line=dict(width=0), fillcolor=pal.rgba(pal.VERMILLION, 0.2))
        self.fig_update.add_scatter(mode="lines+markers", name="realised (mean)",
                                    line=dict(color=pal.VERMILLION), marker=dict(size=4))
        self.fig_update.update_layout(xaxis_title="requested ΔQ = α δ",
                                      yaxis_title="realised ΔQ")

    def _grid_xy(self, world) -> tuple[np.ndarray, np.ndarray]:
        r, c = np.divmod(np.arange(world.n_states), world.shape[1])
        return c, r

    def _draw_map(self, col: int, values: np.ndarray, policy: np.ndarray | None) -> None:
        world = self.world
        rows, cols = world.shape
        x, y = self._grid_xy(world)
        z = np.where(world.free, values, np.nan).reshape(rows, cols)
        show = world.free & ~world.terminal
        kinds = np.array(list("".join(world.layout)))
        labels = np.select([kinds == "S", kinds == "G", kinds == "X", kinds == "#"],
                           ["S", "G", "☠", "█"], "")
        i = 3 * (col - 1)
        with self.fig_world.batch_update():
            heat = self.fig_world.data[i]
            heat.z = z
            heat.x, heat.y = np.arange(cols), np.arange(rows)
            arrows = self.fig_world.data[i + 1]
            if policy is None:
                arrows.x, arrows.y = [], []
            else:
                arrows.x, arrows.y = x[show], y[show]
                arrows.marker.symbol = [_ARROWS[a] for a in policy[show]]
            text = self.fig_world.data[i + 2]
            mark = labels != ""
            text.x, text.y, text.text = x[mark], y[mark], labels[mark].tolist()

    def _update_world(self) -> None:
        world = self.world
        vi = value_iteration(world, self.controls["gamma"].value)
        self._optimal = vi
        self._draw_map(1, vi.v, vi.policy)
        d = shortest_path_lengths(world)[world.start]
        self.fig_world.layout.title.text = (
            f"{world.name}: shortest path {d:.0f} moves, V*(start) = "
            f"{vi.v[world.start]:.3f} (γ = {vi.gamma:g})")
        self._update_references()
        self._draw_learned()

    def _update_references(self) -> None:
        world, vi = self.world, self._optimal
        g, m = vi.gamma, self.run_controls["max_steps"].value
        eps = self.controls["epsilon"].value
        best = evaluate_policy(world, epsilon_greedy_policy(vi.q, 0.0), g, m)
        eps_best = evaluate_policy(world, epsilon_greedy_policy(vi.q, eps), g, m)
        rand = evaluate_policy(world, random_policy(world), g, m)
        self.references = {"optimum": best, "epsilon-greedy optimum": eps_best,
                           "random policy": rand}
        n = max(self.run_controls["episodes"].value, 2)
        if self.histories:
            n = max(n, max(h.steps.shape[1] for h in self.histories.values()))
        xs = [1, n]
        with self.fig_curves.batch_update():
            for k, stats in enumerate((best, eps_best, rand)):
                steps_tr = self.fig_curves.data[4 + 2 * k]
                ret_tr = self.fig_curves.data[5 + 2 * k]
                steps_tr.x, steps_tr.y = xs, [stats.steps] * 2
                ret_tr.x, ret_tr.y = xs, [stats.value] * 2

    def _update_weights(self) -> None:
        c = self.controls
        curve = weight_update_curve(self.device_select.value, lr=c["lr"].value,
                                    w_max=self.run_controls["w_max"].value,
                                    c2c_scale=c["c2c_scale"].value,
                                    rounding=self.rounding_select.value)
        with self.fig_update.batch_update():
            req = curve.requested
            self.fig_update.data[0].x, self.fig_update.data[0].y = req, req
            self.fig_update.data[1].x = req
            self.fig_update.data[1].y = curve.mean + curve.std
            self.fig_update.data[2].x = req
            self.fig_update.data[2].y = curve.mean - curve.std
            self.fig_update.data[3].x, self.fig_update.data[3].y = req, curve.mean
            self.fig_update.layout.title.text = (
                f"{self.device_select.label}: one pair, {self.rounding_select.value} "
                f"rounding (rms error {curve.rms_error:.3g})")

    def _draw_learned(self) -> None:
        names = [n for n in self.histories if n != "float"]
        h = self.histories[names[-1]] if names else None
        title = self.fig_world.layout.annotations[1]
        if h is None or h.params.get("layout") != self.world.name:
            self._draw_map(2, np.zeros(self.world.n_states), None)
            title.text = "learned max_a Q (press Train)"
            return
        q_mean = h.q.mean(axis=0)
        self._draw_map(2, q_mean.max(axis=1), q_mean.argmax(axis=1))
        title.text = f"learned by the {h.device} agents (mean over {h.q.shape[0]})"

    def _draw_histories(self) -> None:
        names = list(self.histories)
        with self.fig_curves.batch_update():
            for k, name in enumerate(names[:2]):
                h = self.histories[name]
                ep = np.arange(1, h.steps.shape[1] + 1)
                self.fig_curves.data[2 * k].x, self.fig_curves.data[2 * k].y = ep, h.mean_steps
                self.fig_curves.data[2 * k + 1].x = ep
                self.fig_curves.data[2 * k + 1].y = h.mean_return
                self.fig_curves.data[2 * k].name = f"{name} agent"
            dev = self.histories[names[-1]]
            flt = self.histories["float"]
            self.fig_curves.layout.title.text = (
                f"greedy return: float {flt.final_greedy_return:.3f}, {names[-1]} "
                f"{dev.final_greedy_return:.3f} (optimum "
                f"{self.references['optimum'].value:.3f}, random "
                f"{self.references['random policy'].value:.3f})")
        self._update_references()
        self._draw_learned()
        rows = "".join(
            f"<tr><td>{name}</td><td>{h.final_greedy_return:.3f}</td>"
            f"<td>{100 * h.greedy_success:.0f} %</td><td>{h.pulses.mean():.0f}</td></tr>"
            for name, h in self.histories.items())
        self.summary.value = (
            "<table class='neuroexplore-fit-table'><tr><th>agent</th><th>greedy return</th>"
            "<th>agents reaching the goal</th><th>pulses per agent</th></tr>"
            f"{rows}</table>")

    def _export(self) -> None:
        text = self.export_csv()
        if not text:
            self.export_link.value = ""
            self.show_info("nothing to export yet: press Train first")
            return
        self.export_link.value = download_link(text, "decision_learning_curves.csv",
                                               "learning curves (CSV)")


# --------------------------------------------------------------- notebook figures
def _cells(world) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r, c = np.divmod(np.arange(world.n_states), world.shape[1])
    kinds = np.array(list("".join(world.layout)))
    labels = np.select([kinds == "S", kinds == "G", kinds == "X", kinds == "#"],
                       ["S", "G", "☠", "█"], "")
    return c, r, labels


def world_figure(world, values: Mapping[str, np.ndarray],
                 policies: Mapping[str, np.ndarray | None] | None = None,
                 title: str = "") -> go.Figure:
    """Value maps side by side (walls blank, S/G/pits marked), greedy arrows if given."""
    names = list(values)
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=names,
                        horizontal_spacing=0.08)
    x, y, labels = _cells(world)
    show = world.free & ~world.terminal
    rows, cols = world.shape
    for k, name in enumerate(names, start=1):
        z = np.where(world.free, np.asarray(values[name], dtype=float), np.nan)
        fig.add_heatmap(z=z.reshape(rows, cols), colorscale=pal.DIVERGING, zmid=0.0, zmin=-1,
                        zmax=1,
                        showscale=k == len(names), row=1, col=k)
        pol = (policies or {}).get(name)
        if pol is not None:
            fig.add_scatter(x=x[show], y=y[show], mode="markers", showlegend=False,
                            marker=dict(size=13, color=pal.BLACK,
                                        symbol=[_ARROWS[a] for a in np.asarray(pol)[show]]),
                            row=1, col=k)
        mark = labels != ""
        fig.add_scatter(x=x[mark], y=y[mark], mode="text", text=labels[mark].tolist(),
                        textfont=dict(size=15), showlegend=False, row=1, col=k)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False)
    fig.update_layout(**{**LAYOUT, "height": 380, "width": 390 * len(names) + 60,
                         "title": {**LAYOUT["title"], "text": title or world.name}})
    return fig


def learning_figure(histories: Mapping[str, Any],
                    references: Mapping[str, Any] | None = None) -> go.Figure:
    """Moves and discounted return per episode (mean over agents) + reference lines."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06)
    n = 1
    for k, (name, h) in enumerate(histories.items()):
        ep = np.arange(1, h.steps.shape[1] + 1)
        n = max(n, ep.size)
        style = pal.styled("float") if name == "float" else pal.series_line(k)
        fig.add_scatter(x=ep, y=h.mean_steps, mode="lines", name=name,
                        line=style, row=1, col=1)
        fig.add_scatter(x=ep, y=h.mean_return, mode="lines", name=name, showlegend=False,
                        line=style, row=2, col=1)
    for name, stats in (references or {}).items():
        style = _REFERENCE_STYLES.get(name.replace("epsilon-", "ε-"),
                                      dict(color=pal.GREY, dash="dot", width=1))
        fig.add_scatter(x=[1, n], y=[stats.steps] * 2, mode="lines", name=name,
                        line=style, row=1, col=1)
        fig.add_scatter(x=[1, n], y=[stats.value] * 2, mode="lines", name=name,
                        showlegend=False, line=style, row=2, col=1)
    fig.update_yaxes(title_text="moves per episode", row=1, col=1)
    fig.update_yaxes(title_text="discounted return", row=2, col=1)
    fig.update_xaxes(title_text="episode", row=2, col=1)
    fig.update_layout(**{**LAYOUT, "height": 520, "title": {
        **LAYOUT["title"], "text": "Q-learning: mean over agents per episode"}})
    return fig


def update_figure(curves: Sequence[Any]) -> go.Figure:
    """Realised vs requested weight change (mean ± std) of one pair, several devices."""
    fig = go.Figure()
    colors = (pal.VERMILLION, pal.BLUE, pal.GREEN, pal.PURPLE, pal.ORANGE, pal.SKY_BLUE)
    if curves:
        req = curves[0].requested
        fig.add_scatter(x=req, y=req, mode="lines", name="requested",
                        line=dict(color=pal.GREY, dash="dash"))
    for k, c in enumerate(curves):
        color = colors[k % len(colors)]
        fig.add_scatter(x=c.requested, y=c.mean, mode="lines+markers", name=c.device,
                        marker=dict(size=4), line=dict(color=color),
                        error_y=dict(type="data", array=c.std, thickness=1, width=0))
    return _fig_layout(fig, height=400, title="What a TD update does to one device pair "
                       "(mean ± std over repeats)", xaxis_title="requested ΔQ = α δ",
                       yaxis_title="realised ΔQ")


def _fig_layout(fig: go.Figure, **kw: Any) -> go.Figure:
    title = kw.pop("title", "")
    fig.update_layout(**{**LAYOUT, **kw, "title": {**LAYOUT["title"], "text": title}})
    return fig
