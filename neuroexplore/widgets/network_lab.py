"""NetworkLab: perceptron vs XOR, an MLP that solves it, Oja's rule, STDP, an E/I raster.

Four tabs over :mod:`neuroexplore.networks`; every control comes from the engine's
``ParamSpec``\\ s. The MLP trains on a button with a progress bar; the E/I network
updates when a slider is released: up to 1,000 neurons at once; larger networks (up to
10,000, at the in-degree of 500) draw their first 100 ms at once, then the whole
second from a background thread, and a newer change stops a run still going.  *Export* writes
the data of the visible tab as CSV, provenance comments first: the gate data with
the perceptron errors (and the MLP loss), the Hebbian weight trajectory, the STDP
window and pairing protocol, or the raster's spike times and the population rate.
"""

from __future__ import annotations

import threading
from typing import Any

import ipywidgets as w
import numpy as np

from ..networks import (
    decision_surface,
    depression_amplitude,
    fixed_indegree,
    gaussian_cloud,
    hebbian_learning,
    logic_gate,
    pair_protocol,
    parameters,
    principal_axis,
    simulate_ei_network,
    stdp_window,
    train_mlp,
    train_perceptron,
    window_integral,
)
from ..params import specs_by_name
from . import palette as pal
from ._device_common import csv_text, download_link, export_with_provenance
from ._runs import Runner
from .base import LazyControls, Progress, TabbedLab, tab_property
from .controls import controls_for
from .plotting import figure

__all__ = ["NetworkLab"]

DT_SWEEP = np.linspace(-100.0, 100.0, 41)
DT_CURVE = np.concatenate([np.linspace(-100, -0.01, 200), np.linspace(0.01, 100, 200)])
CLASS_COLORS = np.array([pal.BLUE, pal.VERMILLION])
CLASS_SYMBOLS = np.array(["circle", "square"])
TAB_FILES = ("perceptron_xor", "hebb_oja", "stdp", "ei_raster")
EI_T_STOP, RATE_BIN = 1000.0, 5.0
# above PROGRESSIVE_FROM neurons a change first draws the first FIRST_MS of simulated
# time, then the rest runs in the background (the state carried over) and replaces it
PROGRESSIVE_FROM, FIRST_MS = 1000, 100.0
RASTER_ROWS = 500  # at most this many neurons drawn in the raster (every k-th one)


def _pick(kind: str, *names: str):
    specs = specs_by_name(parameters(kind))
    return [specs[n] for n in names]


def _fixed(kind: str, name: str, value):
    """``(value, unit)`` of a parameter the lab fixes, the unit from the engine's spec."""
    return value, specs_by_name(parameters(kind))[name].unit


class NetworkLab(TabbedLab):
    """Interactive lab for chapter 2: information processing in simple networks.

    Examples
    --------
    >>> lab = NetworkLab()
    >>> lab.perceptron_result.converged
    True
    """

    def __init__(self, *, background: bool = True) -> None:
        # background: a large E/I network finishes in a thread after its first chunk
        self.background, self.busy = background, False
        self.progress = Progress("MLP")
        self.export_button = w.Button(description="Export (CSV)", icon="download",
                                      tooltip="the data of the visible tab as CSV")
        self.export_link = w.HTML()
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        self.init_tabs(
            [
                ("Perceptron & XOR", self._build_perceptron, self._update_perceptron),
                ("Hebb / Oja", self._build_hebbian, self._update_hebbian),
                ("STDP", self._build_stdp, self._update_stdp),
                ("E/I network", self._build_ei, self._update_ei),
            ],
            footer=[w.HBox([self.export_button, self.export_link])],
        )

    hebb_controls = tab_property(1, "_hebb_controls")
    fig_hebb = tab_property(1, "_fig_hebb")
    stdp_controls = tab_property(2, "_stdp_controls")
    fig_stdp = tab_property(2, "_fig_stdp")
    ei_controls = tab_property(3, "_ei_controls")
    fig_raster = tab_property(3, "_fig_raster")

    # -- export --------------------------------------------------------------------
    def export_csv(self, tab: int | None = None) -> str:
        """The data of ``tab`` (default: the visible one) as CSV, provenance first.

        Columns of different lengths are padded with empty cells: perceptron tab --
        ``x1, x2, label`` of the gate data, ``epoch, perceptron_errors`` and, once the
        MLP is trained on this data, ``mlp_epoch, mlp_loss``; Hebb / Oja -- the inputs
        and the weight trajectory; STDP -- the window ``dt_ms, dw`` and the pairing
        protocol ``protocol_dt_ms, dw_per_pair``; E/I network -- ``spike_time_ms,
        neuron`` of every spike in the raster (excitatory neurons first:
        ``neuron < n_exc``) and the population rate ``rate_t_ms, rate_Hz``.
        """
        tab = self.tabs.selected_index if tab is None else tab
        self.ensure_tab(tab)
        if self.is_stale(tab):
            self.redraw_tab(tab)
        return (self._export_gate, self._export_hebbian, self._export_stdp,
                self._export_ei)[tab]()

    def _export(self) -> None:
        tab = self.tabs.selected_index
        self.export_link.value = download_link(
            self.export_csv(tab), f"network_{TAB_FILES[tab]}.csv",
            f"download the {self.tabs.get_title(tab)} data as CSV")

    def _export_gate(self) -> str:
        X, y = self._gate_data()
        res = self.perceptron_result
        cols = {"x1": X[:, 0], "x2": X[:, 1], "label": y,
                "epoch": np.arange(1, len(res.errors) + 1), "perceptron_errors": res.errors}
        params = {"hidden_units": self.hidden_control.value}
        weights = " ".join(f"{v:.6g}" for v in np.ravel(res.weights))
        notes = [f"perceptron converged: {res.converged}; weights {weights}; "
                 f"bias {float(np.ravel(res.bias)[0]):.6g}"]
        if self.fig_gate.data[0].visible and getattr(self, "mlp_result", None) is not None:
            loss = np.asarray(self.mlp_result.loss_history, dtype=float)
            cols.update(mlp_epoch=np.arange(1, loss.size + 1), mlp_loss=loss)
            params.update({"mlp.lr": _fixed("mlp", "lr", 0.1),
                           "mlp.epochs": _fixed("mlp", "epochs", 400),
                           "mlp.batch_size": _fixed("mlp", "batch_size", min(len(X), 32))})
            notes.append(f"MLP accuracy on this data: {self.mlp_result.accuracy(X, y):.6g}")
        return export_with_provenance(
            csv_text(cols), f"NetworkLab perceptron vs {self.gate_controls['gate'].value}",
            self.gate_controls, params, specs=_pick("mlp", "hidden_units"), seed=0,
            notes=notes)

    def _export_hebbian(self) -> str:
        res = self.hebbian_result
        cols = {"x1": self._hebb_inputs[:, 0], "x2": self._hebb_inputs[:, 1],
                "step": np.arange(res.weights.shape[0]), "w1": res.weights[:, 0],
                "w2": res.weights[:, 1]}
        return export_with_provenance(
            csv_text(cols), f"NetworkLab {self.hebb_controls['rule'].value} learning on a "
            "Gaussian cloud (inputs, then the weight trajectory)", self.hebb_controls,
            {"n": _fixed("gaussian_cloud", "n", self._hebb_inputs.shape[0])}, seed=0,
            notes=["diverged: the weights grow without bound"] if res.diverged else ())

    def _export_stdp(self) -> str:
        d = self.fig_stdp.data
        cols = {"dt_ms": d[0].x, "dw": d[0].y, "protocol_dt_ms": d[1].x,
                "dw_per_pair": d[1].y}
        return export_with_provenance(
            csv_text(cols), "NetworkLab STDP pair rule: window and pairing protocol "
            "(dt = t_post - t_pre)", self.stdp_controls,
            {"w0": _fixed("stdp", "w0", 0.0), "w_min": _fixed("stdp", "w_min", -10.0),
             "w_max": _fixed("stdp", "w_max", 10.0)})

    def _export_ei(self) -> str:
        net = self.ei_result
        t_bins, rate = net.population_rate(bin_ms=RATE_BIN)
        cols = {"spike_time_ms": net.spike_times, "neuron": net.spike_neurons,
                "rate_t_ms": t_bins, "rate_Hz": rate}
        return export_with_provenance(
            csv_text(cols), "NetworkLab E/I network (Brunel 2000): spike raster and "
            "population rate", self.ei_controls,
            {"n_exc": _fixed("ei_network", "n_exc", net.n_exc),
             "n_inh": _fixed("ei_network", "n_inh", net.n_inh),
             "p_conn (used)": _fixed("ei_network", "p_conn", self._ei_p),
             "t_stop": _fixed("ei_network", "t_stop", net.t_stop), "rate_bin": (RATE_BIN, "ms")},
            seed=0, notes=[f"mean rate {net.mean_rate():.6g} Hz"])
    def state_controls(self) -> dict[str, Any]:
        """State keys ``perceptron.*``, ``hebb.*``, ``stdp.*`` and ``ei.*``, one group a tab."""
        return {
            "perceptron": LazyControls(0, lambda: {**self.gate_controls,
                                                   "hidden_units": self.hidden_control}),
            "hebb": LazyControls(1, lambda: self.hebb_controls),
            "stdp": LazyControls(2, lambda: self.stdp_controls),
            "ei": LazyControls(3, lambda: self.ei_controls),
        }

    # -- perceptron / MLP ------------------------------------------------------------
    def _build_perceptron(self) -> w.Widget:
        # the perceptron from zero weights is exactly invariant to its learning rate
        # (every update scales with lr), so lr gets no slider here
        specs = (*_pick("logic_gate", "gate", "noise", "n"), *_pick("perceptron", "epochs"))
        self.gate_controls = controls_for(specs, n=40, noise=0.1)
        self.observe_all(self.gate_controls, self._update_perceptron)
        self.hidden_control = controls_for(_pick("mlp", "hidden_units"), hidden_units=4)[
            "hidden_units"
        ]
        self.hidden_control.continuous_update = False
        # a new hidden-layer size retrains the MLP (a fraction of a second on 4-40 points)
        self.hidden_control.observe(self.guarded(lambda _c: self.train_mlp(), "mlp"), "value")
        self.train_button = w.Button(description="Train MLP", icon="play", button_style="primary")
        self.train_button.on_click(self.guarded(lambda _b: self.train_mlp(), "mlp"))
        self.fig_gate = figure(title="Perceptron", height=420)
        self.fig_gate.add_heatmap(
            name="MLP output",
            colorscale=pal.DIVERGING,
            zmin=0,
            zmax=1,
            opacity=0.45,
            showscale=False,
            visible=False,
        )
        self.fig_gate.add_scatter(
            name="data", mode="markers", marker=dict(size=9, line=dict(width=1, color=pal.BLACK))
        )
        self.fig_gate.add_scatter(
            name="perceptron boundary", mode="lines", line=dict(color=pal.BLACK, width=3)
        )
        self.fig_gate.update_layout(
            xaxis=dict(range=[-0.5, 1.5], title="x1"),
            yaxis=dict(range=[-0.5, 1.5], title="x2", scaleanchor="x"),
        )
        self.fig_errors = figure(title="Perceptron errors per epoch", height=420)
        self.fig_errors.add_scatter(name="perceptron errors", mode="lines+markers")
        self.fig_errors.add_scatter(name="MLP loss", mode="lines", yaxis="y2")
        self.fig_errors.update_layout(
            xaxis_title="epoch",
            yaxis_title="misclassified points",
            yaxis2=dict(overlaying="y", side="right", title="MLP loss"),
        )
        return w.VBox(
            [
                w.HBox(
                    [
                        w.VBox(list(self.gate_controls.values())),
                        w.VBox([self.hidden_control, self.train_button, self.progress]),
                    ]
                ),
                w.HBox([self.fig_gate, self.fig_errors]),
            ]
        )

    def _gate_data(self):
        c = self.gate_controls
        return logic_gate(c["gate"].value, noise=c["noise"].value, n=c["n"].value, seed=0)

    def _update_perceptron(self) -> None:
        c = self.gate_controls
        X, y = self._gate_data()
        res = train_perceptron(X, y, epochs=c["epochs"].value, seed=0)
        self.perceptron_result = res
        bx, by = res.boundary_line()
        verdict = (
            "converged: the classes are linearly separable"
            if res.converged
            else "did not converge: no straight line separates these classes"
        )
        with self.fig_gate.batch_update():
            self.fig_gate.data[0].visible = False
            self.fig_gate.data[1].x, self.fig_gate.data[1].y = X[:, 0], X[:, 1]
            self.fig_gate.data[1].marker.color = CLASS_COLORS[y.astype(int)]
            self.fig_gate.data[1].marker.symbol = CLASS_SYMBOLS[y.astype(int)]
            self.fig_gate.data[2].x, self.fig_gate.data[2].y = bx, by
            self.fig_gate.layout.title.text = (
                f"{c['gate'].value}: perceptron {verdict} (accuracy {100 * res.accuracy[-1]:.0f} %)"
            )
        # training stops once an epoch is error-free; later epochs would make no errors
        errors = np.zeros(c["epochs"].value, dtype=int)
        errors[: len(res.errors)] = res.errors
        with self.fig_errors.batch_update():
            self.fig_errors.data[0].x = np.arange(1, errors.size + 1)
            self.fig_errors.data[0].y = errors
            self.fig_errors.data[1].x, self.fig_errors.data[1].y = [], []

    def train_mlp(self) -> None:
        """Train a one-hidden-layer MLP on the present gate data; draw its surface."""
        X, y = self._gate_data()
        self.progress.reset()

        def report(epoch, n_epochs, _metrics):
            if epoch % 20 == 0 or epoch == n_epochs:
                self.progress(epoch, n_epochs)

        res = train_mlp(
            X,
            y,
            hidden=(self.hidden_control.value,),
            lr=0.1,
            epochs=400,
            batch_size=min(len(X), 32),
            seed=0,
            callback=report,
        )
        self.mlp_result = res
        xx, yy, zz = decision_surface(res, resolution=81)
        with self.fig_gate.batch_update():
            heat = self.fig_gate.data[0]
            heat.x, heat.y, heat.z, heat.visible = xx, yy, zz, True
            self.fig_gate.layout.title.text = (
                f"MLP with {self.hidden_control.value} hidden units: "
                f"accuracy {100 * res.accuracy(X, y):.0f} %"
            )
        with self.fig_errors.batch_update():
            self.fig_errors.data[1].x = np.arange(1, len(res.loss_history) + 1)
            self.fig_errors.data[1].y = res.loss_history

    # -- Hebb / Oja ------------------------------------------------------------------
    def _build_hebbian(self) -> w.Widget:
        specs = (
            *_pick("gaussian_cloud", "angle", "std_minor"),
            *_pick("hebbian", "rule", "lr", "epochs"),
        )
        self._hebb_controls = controls_for(specs, epochs=3)
        self.observe_all(self.hebb_controls, self._update_hebbian)
        self._fig_hebb = figure(title="Hebbian learning", height=460)
        self.fig_hebb.add_scatter(
            name="inputs", mode="markers", marker=dict(size=4, color=pal.GREY)
        )
        self.fig_hebb.add_scatter(
            name="principal axis", mode="lines", line=dict(color=pal.GREEN, dash="dash", width=3)
        )
        self.fig_hebb.add_scatter(
            name="weight trajectory", mode="lines", line=dict(color=pal.VERMILLION)
        )
        self.fig_hebb.add_scatter(
            name="final weight", mode="markers",
            marker=dict(size=12, color=pal.VERMILLION, symbol="x"),
        )
        self.fig_hebb.update_layout(
            xaxis=dict(range=[-3, 3], title="x1"),
            yaxis=dict(range=[-3, 3], title="x2", scaleanchor="x"),
        )
        return w.HBox([w.VBox(list(self.hebb_controls.values())), self.fig_hebb])

    def _update_hebbian(self) -> None:
        c = self.hebb_controls
        X = gaussian_cloud(500, angle=c["angle"].value, std_minor=c["std_minor"].value, seed=0)
        res = hebbian_learning(
            X, rule=c["rule"].value, lr=c["lr"].value, epochs=c["epochs"].value, seed=0
        )
        self.hebbian_result, self._hebb_inputs = res, X
        axis = principal_axis(X)
        final = res.weights[-1]
        norm = float(np.linalg.norm(final))
        cosine = abs(float(final @ axis)) / norm if norm > 0 else 0.0
        with self.fig_hebb.batch_update():
            self.fig_hebb.data[0].x, self.fig_hebb.data[0].y = X[:, 0], X[:, 1]
            self.fig_hebb.data[1].x, self.fig_hebb.data[1].y = (
                [-3 * axis[0], 3 * axis[0]],
                [-3 * axis[1], 3 * axis[1]],
            )
            self.fig_hebb.data[2].x = res.weights[:, 0]
            self.fig_hebb.data[2].y = res.weights[:, 1]
            self.fig_hebb.data[3].x, self.fig_hebb.data[3].y = [final[0]], [final[1]]
            status = " (diverged: the weights grow without bound)" if res.diverged else ""
            self.fig_hebb.layout.title.text = (
                f"{c['rule'].value}: |w| = {norm:.3g}, |cos(w, principal axis)| = "
                f"{cosine:.3f}{status}"
            )

    # -- STDP ------------------------------------------------------------------------
    def _build_stdp(self) -> w.Widget:
        specs = _pick(
            "stdp", "A_plus", "area_ratio", "tau_plus", "tau_minus", "n_pairs", "frequency",
            "pairing",
        )
        self._stdp_controls = controls_for(specs)
        self.observe_all(self.stdp_controls, self._update_stdp)
        self._fig_stdp = figure(title="STDP window", height=440)
        self.fig_stdp.add_scatter(name="pair rule", mode="lines", line=dict(color=pal.BLACK))
        self.fig_stdp.add_scatter(
            name="pairing protocol (per pair)", mode="markers",
            marker=dict(color=pal.VERMILLION, size=8),
        )
        self.fig_stdp.update_layout(
            xaxis_title="Δt = t_post − t_pre (ms)", yaxis_title="Δw per pair"
        )
        return w.HBox([w.VBox(list(self.stdp_controls.values())), self.fig_stdp])

    def _update_stdp(self) -> None:
        c = {k: v.value for k, v in self.stdp_controls.items()}
        window = dict(
            A_plus=c["A_plus"],
            area_ratio=c["area_ratio"],
            tau_plus=c["tau_plus"],
            tau_minus=c["tau_minus"],
        )
        curve = stdp_window(delta_t_ms=DT_CURVE, **window)
        protocol = pair_protocol(
            DT_SWEEP,
            n_pairs=c["n_pairs"],
            frequency=c["frequency"],
            pairing=c["pairing"],
            w0=0.0,
            w_min=-10.0,
            w_max=10.0,
            **window,
        )
        per_pair = np.asarray(protocol.dw_total) / c["n_pairs"]
        with self.fig_stdp.batch_update():
            self.fig_stdp.data[0].x, self.fig_stdp.data[0].y = DT_CURVE, curve
            self.fig_stdp.data[1].x, self.fig_stdp.data[1].y = DT_SWEEP, per_pair
            self.fig_stdp.layout.title.text = (
                f"STDP window ({c['n_pairs']} pairs at {c['frequency']:g} Hz): "
                f"A− = {depression_amplitude(**window):.3g}, "
                f"∫W = {window_integral(**window):.3g} ms"
            )

    # -- E/I network -----------------------------------------------------------------
    def _build_ei(self) -> w.Widget:
        specs = (*_pick("ei_size", "n_neurons"), *_pick("ei_network", "g", "eta", "J", "p_conn",
                                                          "delay"))
        self._ei_controls = controls_for(specs, continuous_update=False)
        self.observe_all(self.ei_controls, self._update_ei)
        self.ei_runner = Runner(self, "E/I network", "Run")
        self._fig_raster = figure(rows=2, height=520, title="E/I network")
        self.fig_raster.add_scattergl(
            name="excitatory", mode="markers", marker=dict(size=2, color=pal.BLUE), row=1, col=1
        )
        self.fig_raster.add_scattergl(
            name="inhibitory", mode="markers",
            marker=dict(size=2, color=pal.VERMILLION, symbol="x"), row=1, col=1,
        )
        self.fig_raster.add_scatter(name="population rate", line=dict(color=pal.BLACK),
                                    row=2, col=1)
        self.fig_raster.update_yaxes(title_text="neuron", row=1, col=1)
        self.fig_raster.update_yaxes(title_text="rate (Hz)", row=2, col=1)
        self.fig_raster.update_xaxes(title_text="time (ms)", row=2, col=1)
        self.fig_raster.update_xaxes(range=[0.0, EI_T_STOP])
        note = w.HTML("<small>p_conn is the connection probability at N = 500; larger "
                      "networks keep each neuron's number of inputs (p = p_conn·500/N)."
                      "</small>")
        run = w.HBox([self.ei_runner.progress, self.ei_runner.stop_button])
        return w.HBox([w.VBox([*self.ei_controls.values(), note, run]), self.fig_raster])

    def ei_settings(self) -> dict[str, Any]:
        """Keyword arguments of :func:`simulate_ei_network` from the E/I controls."""
        c = {k: v.value for k, v in self.ei_controls.items()}
        n_exc, n_inh, p = fixed_indegree(c.pop("n_neurons"), c.pop("p_conn"))
        return dict(n_exc=n_exc, n_inh=n_inh, p_conn=p, t_stop=EI_T_STOP, seed=0, **c)

    def _update_ei(self) -> None:
        """Simulate and draw; a large network draws its first FIRST_MS, then the whole run.

        A newer change stops a run still in progress before starting its own.  With
        ``background`` the rest of a large run goes on in a thread once its first part
        is drawn, so the kernel takes the next slider change meanwhile.
        """
        runner = self.ei_runner
        self._ei_replacing = True  # a run stopped for this one draws nothing more
        try:
            runner.cancel()
        finally:
            self._ei_replacing = False
        kw = self.ei_settings()
        self._ei_p = kw["p_conn"]
        if kw["n_exc"] + kw["n_inh"] <= PROGRESSIVE_FROM:
            self._draw_ei(simulate_ei_network(**kw), kw)
            runner.end(False)  # clears a "stopped" note of an earlier run
            return
        first = threading.Event()

        def report(done: int, total: int, metrics: dict) -> bool:
            if runner.stopped:
                return False
            if not first.is_set():
                self._draw_ei(metrics["trace"], kw, f" (first {metrics['trace'].t_stop:g} "
                              f"of {EI_T_STOP:g} ms; the rest is computing)")
                first.set()
            return runner.report(done, total)

        def job() -> None:
            try:
                runner.begin()
                net = simulate_ei_network(callback=report, chunk_ms=FIRST_MS, **kw)
                if not runner.stopped:
                    self._draw_ei(net, kw)
                    runner.end(False)
                elif not self._ei_replacing:  # the Stop button: keep what was simulated
                    self._draw_ei(net, kw, f" (stopped at {net.t_stop:g} of {EI_T_STOP:g} ms)")
                    runner.end(True, "E/I run")
            finally:
                first.set()

        runner.start(job, "ei")
        first.wait(timeout=10.0)  # the first chunk drawn before the kernel moves on

    def _draw_ei(self, net, kw: dict, note: str = "") -> None:
        self.ei_result = net
        times, neurons = np.asarray(net.spike_times), np.asarray(net.spike_neurons)
        stride = -(-net.n_neurons // RASTER_ROWS)
        shown = neurons % stride == 0
        exc = neurons < net.n_exc
        t_bins, rate = net.population_rate(bin_ms=RATE_BIN)
        cv = net.mean_cv()
        cv_text = f"{cv:.2f}" if cv is not None else "n/a"
        size = f"N = {net.n_neurons:,}, p = {kw['p_conn']:.3g}"
        raster = "" if stride == 1 else f"; raster: 1 neuron in {stride} drawn"
        with self.fig_raster.batch_update():
            self.fig_raster.data[0].x = times[exc & shown]
            self.fig_raster.data[0].y = neurons[exc & shown]
            self.fig_raster.data[1].x = times[~exc & shown]
            self.fig_raster.data[1].y = neurons[~exc & shown]
            self.fig_raster.data[2].x, self.fig_raster.data[2].y = t_bins, rate
            self.fig_raster.layout.title.text = (
                f"E/I network, {size}, g = {kw['g']:g}: mean rate {net.mean_rate():.1f} Hz, "
                f"mean CV of ISIs {cv_text}{raster}{note}"
            )
