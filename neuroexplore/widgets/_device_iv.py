"""DeviceLab tab 1: pinched hysteresis loops of memristor I-V models (no physics here).

Drives :func:`neuroexplore.devices.simulate_iv` with the engine's waveforms and
model specs and shows I(V), the state and conductance vs time, and the loop area
(:func:`neuroexplore.devices.loop_area`).  An optional overlay repeats the loop at
2x and 5x the frequency: the lobes shrink towards the single-valued line of a
resistor, the fingerprint of a memristor (Chua 1971; Strukov et al. 2008).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import numpy as np

from ..devices import (
    MODEL_REFERENCES,
    MODEL_SPECS,
    loop_area,
    pulse_train,
    simulate_iv,
    sine,
    triangle,
)
from ..devices.waveforms import WAVEFORM_SPECS
from ..params import ChoiceSpec, ParamSpec, specs_by_name
from . import palette as pal
from ._device_common import axis_scale, si
from .controls import control_for, controls_for
from .plotting import figure

__all__ = ["IVPanel", "IV_MODELS", "WAVEFORMS", "usable_specs"]

IV_MODELS = (("HP linear ion drift", "hp"), ("VTEAM", "vteam"), ("Yakopcic", "yakopcic"))
WAVEFORMS = ("sine", "triangle", "pulses")
WAVEFORM_KIND = ChoiceSpec("waveform", "sine", WAVEFORMS, doc="drive waveform")
_WAVE = specs_by_name(WAVEFORM_SPECS)
SAMPLES_PER_PERIOD = 400
#: pulses move the state one way per period: show a few periods of the staircase
PULSE_PERIODS = 4
COMPARE_FACTORS = (2.0, 5.0)
LOOP_COLORS = (pal.BLACK, pal.BLUE, pal.SKY_BLUE)
LOOP_DASHES = ("solid", "dash", "dot")


def usable_specs(model: str) -> list[ParamSpec | ChoiceSpec]:
    """The model's specs that a slider can represent.

    A linear slider moves on the grid ``low + k step``; when that grid is coarser than
    the default and misses it (e.g. VTEAM's ``k_on = -3e-8`` m/s with step 1 m/s on
    [-100, -1e-15], or Yakopcic's ``a_p = 4000``/s with step 1e6/s) the slider could
    neither show nor return to it, so such specs keep their default and get no slider.
    """
    out = []
    for s in MODEL_SPECS[model]:
        if isinstance(s, ParamSpec) and not s.log:
            nearest = s.low + round((s.default - s.low) / s.step) * s.step
            if s.step > abs(s.default) and abs(nearest - s.default) > 1e-9 * s.step:
                continue
        out.append(s)
    return out


class IVPanel(w.VBox):
    """I-V loop tab: model/waveform dropdowns, waveform and model sliders, two figures."""

    def __init__(self, guard: Callable) -> None:
        self._guard = guard
        self._building = False
        self.trace = None
        self.areas: dict[float, float] = {}
        self.model_select = w.Dropdown(options=list(IV_MODELS), value="hp",
                                       description="model", layout=w.Layout(width="420px"),
                                       style={"description_width": "150px"})
        self.wave_controls = controls_for((WAVEFORM_KIND, _WAVE["amplitude"],
                                           _WAVE["frequency"], _WAVE["duty"]))
        self.compare = w.Checkbox(value=False, description="overlay the loop at 2x and 5x "
                                  "frequency", indent=False)
        self.param_box = w.VBox()
        self.source = w.HTML()
        for ctl in (*self.wave_controls.values(), self.compare):
            ctl.observe(lambda _c: self.refresh(), names="value")
        self.model_select.observe(self._guard(self._on_model, "iv"), names="value")

        self.fig_loop = figure(title="I-V loop", height=460)
        for factor, color, dash in zip((1.0, *COMPARE_FACTORS), LOOP_COLORS, LOOP_DASHES,
                                       strict=True):
            name = "I(V)" if factor == 1.0 else f"{factor:g}× frequency"
            self.fig_loop.add_scatter(name=name, mode="lines",
                                      line=dict(color=color, dash=dash, width=2))
        self.fig_loop.update_layout(xaxis_title="voltage (V)")
        self.fig_time = figure(rows=3, height=460, title="Drive, state and conductance")
        self.fig_time.add_scatter(name="v(t)", line=dict(color=pal.PURPLE), row=1, col=1)
        self.fig_time.add_scatter(name="state x", line=dict(color=pal.VERMILLION), row=2, col=1)
        self.fig_time.add_scatter(name="conductance", line=dict(color=pal.GREEN), row=3, col=1)
        self.fig_time.update_yaxes(title_text="v (V)", row=1, col=1)
        self.fig_time.update_yaxes(title_text="state x", row=2, col=1)
        self.fig_time.update_xaxes(title_text="time (s)", row=3, col=1)
        controls = w.HBox([
            w.VBox([self.model_select, *self.wave_controls.values(), self.compare]),
            w.VBox([w.HTML("<b>Model parameters</b>"), self.source, self.param_box]),
        ])
        super().__init__([controls, w.HBox([self.fig_loop, self.fig_time])])
        self._build_params("hp")

    # -- building --------------------------------------------------------------------
    @property
    def model(self) -> str:
        return self.model_select.value

    def _build_params(self, model: str) -> None:
        self.source.value = f"<small>Source: {MODEL_REFERENCES[model]}</small>"
        self._building = True
        try:
            self.param_controls = {s.name: control_for(s) for s in usable_specs(model)}
            for ctl in self.param_controls.values():
                ctl.observe(lambda _c: self.refresh(), names="value")
            self.param_box.children = list(self.param_controls.values())
        finally:
            self._building = False
        self._sync_visibility()

    def _sync_visibility(self) -> None:
        show = {"duty": self.wave_controls["waveform"].value == "pulses"}
        if "window" in self.param_controls:
            show["p"] = self.param_controls["window"].value != "none"
        for name, visible in show.items():
            ctl = self.param_controls.get(name) or self.wave_controls.get(name)
            ctl.layout.display = None if visible else "none"

    def _on_model(self, change) -> None:
        self._build_params(change["new"])
        self.refresh()

    # -- computing -------------------------------------------------------------------
    @property
    def params(self) -> dict:
        """Present model-parameter values."""
        return {k: c.value for k, c in self.param_controls.items()}

    def waveform(self, factor: float = 1.0):
        """The drive waveform (at ``factor`` times the slider frequency)."""
        c = {k: ctl.value for k, ctl in self.wave_controls.items()}
        f = c["frequency"] * factor
        if c["waveform"] == "sine":
            return sine(c["amplitude"], f)
        if c["waveform"] == "triangle":
            return triangle(c["amplitude"], f)
        return pulse_train(c["amplitude"], f, c["duty"])

    def simulate(self, factor: float = 1.0):
        """Engine call: the trace over the shown periods at ``factor`` x frequency."""
        wave = self.waveform(factor)
        periods = PULSE_PERIODS if self.wave_controls["waveform"].value == "pulses" else 1
        t = np.linspace(0.0, periods * wave.period, periods * SAMPLES_PER_PERIOD + 1)
        return simulate_iv(self.model, wave, t, **self.params)

    def refresh(self) -> None:
        if self._building:
            return
        self._guard(self._update, "iv")()

    def _update(self) -> None:
        self._sync_visibility()
        tr = self.simulate()
        self.trace = tr
        last = slice(-SAMPLES_PER_PERIOD - 1, None)
        self.areas = {1.0: loop_area(tr.v[last], tr.i[last])}
        loops = {1.0: (tr.v[last], tr.i[last])}
        if self.compare.value:
            for factor in COMPARE_FACTORS:
                other = self.simulate(factor)
                loops[factor] = (other.v[last], other.i[last])
                self.areas[factor] = loop_area(*loops[factor])
        scale, unit = axis_scale(np.concatenate([i for _, i in loops.values()]), "A")
        gscale, gunit = axis_scale(tr.conductance, "S")
        name = dict((v, k) for k, v in IV_MODELS)[self.model]
        fig = self.fig_loop
        with fig.batch_update():
            for k, factor in enumerate((1.0, *COMPARE_FACTORS)):
                if factor in loops:
                    fig.data[k].x, fig.data[k].y = loops[factor][0], loops[factor][1] / scale
                    fig.data[k].visible = True
                else:
                    fig.data[k].x, fig.data[k].y, fig.data[k].visible = [], [], False
            fig.layout.yaxis.title.text = f"current ({unit})"
            text = f"{name}: loop area {self.areas[1.0]:.3g} W (V·A)"
            if self.compare.value:
                text += "; at 2x, 5x: " + ", ".join(f"{self.areas[f]:.3g}"
                                                    for f in COMPARE_FACTORS)
            fig.layout.title.text = text
        ft = self.fig_time
        with ft.batch_update():
            ft.data[0].x, ft.data[0].y = tr.t, tr.v
            ft.data[1].x, ft.data[1].y = tr.t, tr.state
            ft.data[2].x, ft.data[2].y = tr.t, tr.conductance / gscale
            ft.layout.yaxis3.title.text = f"G ({gunit})"
            ft.layout.title.text = (
                f"state {tr.state.min():.3g} to {tr.state.max():.3g}; "
                f"G {si(tr.conductance.min(), 'S')} to {si(tr.conductance.max(), 'S')}"
            )

    def provenance(self) -> dict:
        """What :func:`~._device_common.export_with_provenance` writes above the columns."""
        name = dict((v, k) for k, v in IV_MODELS)[self.model]
        return dict(what=f"DeviceLab I-V loop of the {name} model ({MODEL_REFERENCES[self.model]})",
                    controls=[self.wave_controls, self.param_controls],
                    params={"model": self.model,
                            "samples_per_period": (SAMPLES_PER_PERIOD, "")})

    def export_columns(self) -> dict[str, np.ndarray]:
        tr = self.trace
        # "name (unit)" headers: the file loads back with load_measurements
        return {"time (s)": tr.t, "voltage (V)": tr.v, "current (A)": tr.i, "state": tr.state,
                "conductance (S)": tr.conductance}
