"""Slow CrossbarLab work behind buttons: accuracy sweeps and in-situ training.

Both tabs run their engine calls (:func:`~neuroexplore.crossbar.studies.run_sweep`,
:func:`~neuroexplore.crossbar.train_in_situ`) in a background thread by default, so the
kernel keeps serving the Stop button; the engines' callbacks return ``False`` once Stop
was pressed.  With ``background=False`` (tests, scripts) they run in the caller's thread.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np

from ..crossbar import train_in_situ
from ..crossbar.studies import SWEEP_REPEATS, SWEEPS, run_sweep
from ..crossbar.training import IN_SITU_SPECS
from ..params import ChoiceSpec, specs_by_name
from ..threads import limit_threads
from . import palette as pal
from ._device_common import control_snapshot
from ._runs import Runner as _Runner
from .controls import controls_for
from .plotting import display_unit, figure

__all__ = ["SweepTab", "TrainTab", "N_RUN_SLOTS", "SWEEP_SPEC"]

#: Which non-ideality the accuracy sweep varies.
SWEEP_SPEC = ChoiceSpec("sweep", "states", tuple(SWEEPS), doc="non-ideality to sweep")
#: Training runs kept on the in-situ plot (older ones are overwritten).
N_RUN_SLOTS = 8
_COLORS = pal.CYCLE


class SweepTab(w.VBox):
    """Digits accuracy of the cached MLP on crossbars versus one swept non-ideality."""

    def __init__(self, lab: Any) -> None:
        self.lab = lab
        self.runner = _Runner(lab, "sweep", "Run sweep")
        self.controls = controls_for((SWEEP_SPEC, SWEEP_REPEATS), continuous_update=False)
        self.controls["sweep"].observe(lambda _c: self._axis(), names="value")
        self.runner.run_button.on_click(lambda _b: self.start())
        self.fig = figure(title="Run a sweep: accuracy on crossbars vs one non-ideality",
                          height=420)
        for k in range(2):
            self.fig.add_scatter(name=f"series {k}", mode="lines+markers", visible=k == 0,
                                 line=pal.series_line(k),
                                 marker=dict(symbol=pal.series_symbol(k)),
                                 error_y=dict(type="data", array=[], visible=True))
        self.fig.add_scatter(name="float baseline", mode="lines",
                             line=dict(color=pal.BLACK, dash="dash"))
        self.fig.update_layout(yaxis=dict(title="test accuracy", range=[0, 1.02]))
        self.result = None
        self._axis()
        note = w.HTML(
            "<small>The cached float MLP (64-32-10, trained once per session) is programmed "
            "onto crossbars of the chosen device (its own states and nonlinearity, c2c noise "
            "off unless swept, ideal DAC/ADC/wires) and tested on 450 digits.</small>"
        )
        row = w.HBox([self.runner.run_button, self.runner.stop_button, self.runner.progress])
        super().__init__([w.HBox(list(self.controls.values())), row, note, self.fig])

    def _axis(self) -> None:
        sw = SWEEPS[self.controls["sweep"].value]
        unit = f" ({display_unit(sw.unit)})" if sw.unit else ""
        self.fig.update_xaxes(title_text=sw.label + unit, type="log" if sw.log_x else "linear")

    def start(self) -> None:
        """Run the selected sweep (in the background unless ``lab.background`` is False)."""
        self.runner.start(self._run, "sweep")

    def _run(self) -> None:
        name = self.controls["sweep"].value
        device = self.lab.device
        res = run_sweep(name, device, repeats=self.controls["repeats"].value,
                        callback=self.runner.report)
        self.result = res
        self.draw(res)

    def draw(self, res) -> None:
        sw = SWEEPS[res.sweep]
        with self.fig.batch_update():
            for k in range(2):
                tr = self.fig.data[k]
                if k < len(sw.series):
                    s = sw.series[k]
                    tr.x, tr.y = res.values, res.mean(s)
                    tr.error_y.array = res.std(s)
                    tr.name, tr.visible = f"{res.device}: {s}", True
                else:
                    tr.x, tr.y, tr.visible = [], [], False
            base = self.fig.data[2]
            if res.values.size:
                base.x = [res.values.min(), res.values.max()]
                base.y = [res.accuracy_float] * 2
            worst = float(np.min([res.mean(s).min() for s in res.accuracy])) if (
                res.values.size) else float("nan")
            stop = " (stopped)" if res.cancelled else ""
            self.fig.layout.title.text = (
                f"{res.device}: accuracy vs {sw.name}{stop} -- float {100 * res.accuracy_float:.1f}"
                f" %, worst {100 * worst:.1f} %"
            )


class TrainTab(w.VBox):
    """In-situ training: test accuracy per epoch, several devices overlaid."""

    def __init__(self, lab: Any, options: list) -> None:
        self.lab = lab
        self.runner = _Runner(lab, "training", "Train in situ")
        specs = specs_by_name(IN_SITU_SPECS)
        self.controls = controls_for((specs["epochs"], specs["lr"], specs["c2c_scale"],
                                      specs["protocol"], specs["readout"]),
                                     continuous_update=False, epochs=5)
        self.device_select = w.Dropdown(options=options, description="device",
                                        layout=w.Layout(width="420px"))
        self.clear_button = w.Button(description="Clear plot", icon="trash")
        self.clear_button.on_click(lambda _b: self.clear())
        self.runner.run_button.on_click(lambda _b: self.start())
        self.fig = figure(title="In-situ training: press 'Train in situ'", height=420)
        for k in range(N_RUN_SLOTS):
            self.fig.add_scatter(mode="lines+markers", visible=False, name=f"run {k}",
                                 line=pal.series_line(k),
                                 marker=dict(symbol=pal.series_symbol(k)))
        self.fig.update_layout(xaxis_title="epoch", yaxis=dict(title="test accuracy",
                                                               range=[0, 1.02]))
        self.runs: list[tuple[str, Any]] = []
        #: the controls of each run in :attr:`runs` as it started (for the export header)
        self.run_settings: list[list] = []
        note = w.HTML(
            "<small>MLP NeuroSim-style in-situ training (64-32-10, sigmoid, weights only as "
            "differential device pairs; every SGD update becomes device pulses).  "
            "Choose 'software (float)' for the float baseline.</small>"
        )
        buttons = w.HBox([self.runner.run_button, self.runner.stop_button, self.clear_button,
                          self.runner.progress])
        super().__init__([w.HBox([self.device_select, w.VBox(list(self.controls.values()))]),
                          buttons, note, self.fig])

    def start(self) -> None:
        """Train on the selected device (background unless ``lab.background`` is False)."""
        self.runner.start(self._run, "train")

    def clear(self) -> None:
        self.runs, self.run_settings = [], []
        with self.fig.batch_update():
            for tr in self.fig.data:
                tr.x, tr.y, tr.visible = [], [], False

    def _run(self) -> None:
        device = self.device_select.value
        c = {k: ctl.value for k, ctl in self.controls.items()}
        snapshot = control_snapshot(self.controls)
        label = self.device_select.label
        slot = len(self.runs) % N_RUN_SLOTS
        trace = self.fig.data[slot]
        acc: list[float] = []

        def callback(epoch: int, total: int, metrics: dict) -> bool:
            acc.append(metrics["test_accuracy"])
            with self.fig.batch_update():
                trace.x, trace.y = np.arange(1, len(acc) + 1), list(acc)
                trace.name, trace.visible = label, True
            return self.runner.report(epoch, total)

        with limit_threads(1):
            hist = train_in_situ(None if device == "float" else device, "digits",
                                 c["epochs"], seed=0, lr=c["lr"], c2c_scale=c["c2c_scale"],
                                 protocol=c["protocol"], readout=c["readout"],
                                 callback=callback)
        self.runs.append((label, hist))
        self.run_settings.append(snapshot)
        stop = " (stopped)" if hist.cancelled else ""
        self.fig.layout.title.text = (
            f"In-situ training ({c['protocol']}) on {label}: "
            f"{100 * hist.final_accuracy:.1f} % after {hist.test_accuracy.size} epochs{stop}"
        )
