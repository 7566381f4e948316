"""NeuronLab: live neuron models with sliders built from the engine's specs.

Shows V(t) with the state variables and the input, the phase plane of the 2-D
models (nullclines, vector field, fixed points, the trajectory) and the f-I curve
with the present operating point. Every control updates the figures in place.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import ipywidgets as w
import numpy as np

from ..neurons import (
    fi_curve,
    model_info,
    models,
    phase_plane,
    presets,
    simulate,
    stimulus_protocol,
)
from ..neurons import preset as preset_values
from ..neurons.stimulus_params import STIMULUS_KINDS, make_stimulus, stimulus_parameters
from ..params import ParamSpec
from . import palette as pal
from ._device_common import export_with_provenance
from .base import TabbedLab
from .controls import control_for, controls_for, slider_value
from .plotting import decimate_minmax, display_unit, figure

__all__ = ["NeuronLab"]

PLANAR_MODELS = ("fitzhugh_nagumo", "izhikevich", "adex")
T_STOP = ParamSpec("t_stop", 500.0, 50.0, 2000.0, step=10.0, unit="ms", doc="simulated time")
FI_POINTS = 17
PHASE_TAB = 1
FI_TAB = 2
STATE_COLORS = (pal.BLUE, pal.VERMILLION, pal.GREEN)


def _arrows(pp, scale: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Line segments (NaN-separated) drawing the vector field with unit-length arrows."""
    vv, ww = np.meshgrid(pp.v, pp.w)
    span_v = pp.v[-1] - pp.v[0]
    span_w = pp.w[-1] - pp.w[0]
    dv = pp.dv / span_v
    dw = pp.dw / span_w
    norm = np.hypot(dv, dw)
    norm[norm == 0] = 1.0
    cell = scale / (len(pp.v) - 1)
    x1 = vv + dv / norm * cell * span_v
    y1 = ww + dw / norm * cell * span_w
    nan = np.full_like(vv, np.nan)
    x = np.stack([vv, x1, nan], axis=-1).ravel()
    y = np.stack([ww, y1, nan], axis=-1).ravel()
    return x, y


def _phase_figure():
    fig = figure(title="Phase plane", height=420)
    fig.add_scatter(
        name="vector field", mode="lines", line=dict(color=pal.GREY, width=1, dash="dot"),
        hoverinfo="skip",
    )
    fig.add_scatter(name="v-nullcline", line=pal.series_line(0, width=2))
    fig.add_scatter(name="w-nullcline", line=pal.series_line(1, width=2))
    fig.add_scatter(name="trajectory", line=dict(color=pal.BLACK, width=1, dash="longdash"))
    fig.add_scatter(
        name="fixed points", mode="markers",
        marker=dict(size=11, line=dict(width=2, color=pal.BLACK)),
    )
    return fig


def _fi_figure():
    fig = figure(title="f-I curve", height=420)
    fig.add_scatter(name="rate", mode="lines+markers", line=dict(color=pal.GREEN))
    fig.add_scatter(
        name="now", mode="markers", marker=dict(size=14, color=pal.VERMILLION, symbol="diamond")
    )
    fig.update_layout(yaxis_title="firing rate (Hz)")
    return fig


class NeuronLab(TabbedLab):
    """Interactive neuron-model lab.

    Parameters
    ----------
    model : str
        Initial model (name or alias), e.g. ``"hodgkin_huxley"``.
    preset : str, optional
        Initial preset of that model.  Choosing a preset also loads the stimulus
        protocol the engine declares for it (kind, amplitude, timing and ``t_stop``;
        see :func:`~neuroexplore.neurons.stimulus_protocol`), e.g. the rebound burst
        of the Izhikevich TC cell after release from hyperpolarisation.

    Examples
    --------
    >>> lab = NeuronLab("izhikevich", preset="CH")
    >>> lab.model
    'izhikevich'
    """

    def __init__(self, model: str = "hodgkin_huxley", preset: str | None = None) -> None:
        info = model_info(model)
        self.model_select = w.Dropdown(
            options=[(model_info(m).title, m) for m in models()],
            value=info.name,
            description="model",
            layout=w.Layout(width="420px"),
        )
        self.preset_select = w.Dropdown(description="preset", layout=w.Layout(width="300px"))
        self.stimulus_select = control_for(STIMULUS_KINDS)
        self.t_stop = control_for(T_STOP)
        self.param_box = w.VBox()
        self.stimulus_box = w.VBox()
        self.export_button = w.Button(description="Export trace (CSV)", icon="download")
        self.export_link = w.HTML()
        self.fixed_point_text = w.HTML()
        self._building = False
        self._fi_key = None  # the (model, parameters) the f-I curve was computed for
        self.trace = None

        self.fig_trace = figure(rows=3, height=520, title="Membrane potential")
        self.fig_trace.add_scatter(name="V", line=dict(color=pal.BLACK, width=1.2), row=1, col=1)
        self.fig_trace.add_scatter(
            name="spikes",
            mode="markers",
            marker=dict(symbol="line-ns-open", size=10, color=pal.VERMILLION),
            row=1,
            col=1,
        )
        for k in range(len(STATE_COLORS)):
            self.fig_trace.add_scatter(line=pal.series_line(k, width=1.2), row=2, col=1)
        self.fig_trace.add_scatter(name="input", line=dict(color=pal.PURPLE), row=3, col=1)
        self.fig_trace.update_xaxes(title_text="time (ms)", row=3, col=1)

        # the phase-plane and f-I figures are built when their tab is first opened
        # (TabbedLab): every FigureWidget ships plotly.js to the browser, so fewer at
        # start-up means a faster first render; until then they are None
        self.fig_phase = None
        self.fig_fi = None

        self.model_select.observe(self.guarded(self._on_model, "update"), names="value")
        self.preset_select.observe(self.guarded(self._on_preset, "update"), names="value")
        self.stimulus_select.observe(self.guarded(self._on_stimulus_kind, "update"), names="value")
        self.t_stop.observe(self.guarded(lambda _c: self._update(), "update"), names="value")
        self.export_button.on_click(self.guarded(lambda _b: self._export()))

        controls = w.VBox(
            [
                w.HBox([self.model_select, self.preset_select]),
                w.HBox(
                    [
                        w.VBox(
                            [
                                w.HTML("<b>Stimulus</b>"),
                                self.stimulus_select,
                                self.stimulus_box,
                                self.t_stop,
                            ]
                        ),
                        w.VBox([w.HTML("<b>Model parameters</b>"), self.param_box]),
                    ]
                ),
            ]
        )
        self.init_tabs(
            [
                ("V(t) and states", lambda: self.fig_trace, None),
                ("Phase plane", self._build_phase_tab, self._draw_phase_tab),
                ("f-I curve", self._build_fi_tab, self._draw_fi_tab),
            ],
            header=[controls, w.HBox([self.export_button, self.export_link])],
        )
        self._build_model(info.name, preset)
        self._build_stimulus()
        self.guarded(self._update, "update")()

    def state_controls(self) -> dict[str, Any]:
        """State keys: model, preset, stimulus, amplitude, ``stim.*`` (the stimulus
        timing), t_stop, then the model's parameters by name (see :meth:`Lab.state`)."""
        return {"model": self.model_select, "preset": self.preset_select,
                "stimulus": self.stimulus_select, "amplitude": self.amplitude,
                "stim": self.stim_controls, "t_stop": self.t_stop, **self.param_controls}

    # -- public ----------------------------------------------------------------------
    @property
    def model(self) -> str:
        return self.model_select.value

    @property
    def params(self) -> dict[str, float]:
        """Current model-parameter values from the sliders."""
        return {name: slider_value(ctl) for name, ctl in self.param_controls.items()}

    def export_csv(self) -> str:
        """The present trace as CSV text (time, V, states, input).

        Provenance comments come first: the model and preset, every model and
        stimulus parameter with its unit, the seed, the neuroexplore version and the date.
        """
        tr = self.trace
        cols = {"t_ms": tr.t, "v": tr.v, **dict(tr.state), "input": tr.current}
        buf = io.StringIO()
        buf.write(",".join(cols) + "\n")
        np.savetxt(buf, np.column_stack(list(cols.values())), delimiter=",", fmt="%.6g")
        info = model_info(self.model)
        return export_with_provenance(
            buf.getvalue(), f"NeuronLab trace of {info.title} ({self.model}), preset "
            f"{self.preset_select.value}",
            [{"stimulus": self.stimulus_select, info.current.name: self.amplitude,
              "t_stop": self.t_stop}, self.stim_controls, self.param_controls],
            {"dt": (info.dt_default, "ms")}, seed=0)

    # -- building --------------------------------------------------------------------
    def _build_model(self, model: str, preset: str | None = None) -> None:
        info = model_info(model)
        self._building = True
        try:
            names = list(presets(model))
            # one sync message for options and choice, so the browser shows the preset
            with self.preset_select.hold_sync():
                self.preset_select.options = ["(custom)", *names]
                self.preset_select.value = (
                    preset if preset in names else (names[0] if names else "(custom)")
                )
            chosen = self.preset_select.value
            values = preset_values(model, chosen) if chosen in names else {}
            self.param_controls = controls_for(info.specs, **values)
            for ctl in self.param_controls.values():
                ctl.observe(self.guarded(lambda _c: self._on_param(), "update"), names="value")
            self.param_box.children = list(self.param_controls.values())
            current = values.get("current", info.current.default)
            self.amplitude = control_for(info.current, value=current)
            unit = display_unit(info.current.unit)
            self.amplitude.description = f"amplitude ({unit})" if unit else "amplitude"
            self.amplitude.observe(self.guarded(lambda _c: self._update(), "update"), "value")
            self.fig_trace.layout.yaxis.title.text = f"V ({info.v_unit})" if info.v_unit else "v"
            self.fig_trace.layout.yaxis2.title.text = ", ".join(info.state_names) or "(no state)"
            self.fig_trace.layout.yaxis3.title.text = self.amplitude.description
        finally:
            self._building = False
        self._build_stimulus()
        self._load_protocol(chosen)

    def _build_stimulus(self, values: dict[str, float] | None = None) -> None:
        kind = self.stimulus_select.value
        self.stim_controls = controls_for(stimulus_parameters(kind), **(values or {}))
        for ctl in self.stim_controls.values():
            ctl.observe(self.guarded(lambda _c: self._update(), "update"), names="value")
        self.stimulus_box.children = [self.amplitude, *self.stim_controls.values()]

    # -- callbacks -------------------------------------------------------------------
    def _on_model(self, change) -> None:
        self._build_model(change["new"])
        self._update()

    def _on_preset(self, change) -> None:
        if self._building or change["new"] == "(custom)":
            return
        values = preset_values(self.model, change["new"])
        self._building = True
        try:
            for name, ctl in self.param_controls.items():
                if name in values:
                    ctl.value = values[name]
            if "current" in values:
                self.amplitude.value = values["current"]
        finally:
            self._building = False
        self._load_protocol(change["new"])
        self._update()

    def _load_protocol(self, name: str) -> None:
        """Load the stimulus (kind, amplitude, timing, t_stop) that the engine declares
        for preset ``name`` to show its signature behaviour (none: keep the stimulus)."""
        proto = stimulus_protocol(self.model, name) if name in presets(self.model) else None
        if proto is None:
            return
        self._building = True
        try:
            self.stimulus_select.value = proto.kind
            self._build_stimulus(proto.values())
            self.amplitude.value = proto.amplitude
            self.t_stop.value = proto.t_stop
        finally:
            self._building = False

    def _on_param(self) -> None:
        if self._building:
            return
        chosen = self.preset_select.value
        values = preset_values(self.model, chosen) if chosen in presets(self.model) else {}
        params = self.params
        # the browser echoes float round-off; only a real change leaves the preset
        if not all(np.isclose(params[k], v) for k, v in values.items() if k in params):
            self._building = True
            self.preset_select.value = "(custom)"
            self._building = False
        self._update()

    def _on_stimulus_kind(self, _change) -> None:
        self._build_stimulus()
        self._update()

    # -- computing and drawing -------------------------------------------------------
    def _stimulus(self):
        info = model_info(self.model)
        stim_values = {k: c.value for k, c in self.stim_controls.items()}
        return make_stimulus(
            self.stimulus_select.value,
            slider_value(self.amplitude),
            current_range=info.current.high - info.current.low,
            **stim_values,
        )

    def _update(self) -> None:
        if self._building:
            return
        info = model_info(self.model)
        params = self.params
        trace = simulate(
            self.model,
            current=self._stimulus(),
            t_stop=self.t_stop.value,
            dt=info.dt_default,
            seed=0,
            **params,
        )
        self.trace = trace
        self._draw_trace(trace, info)
        # the phase plane and the f-I marker follow every change, but only the shown
        # tab is redrawn now (the others when opened); the slow f-I curve itself is
        # recomputed only when its inputs (model, parameters) changed: see _compute_fi
        self.invalidate_tabs(PHASE_TAB, FI_TAB)

    def _build_phase_tab(self) -> w.Widget:
        self.fig_phase = _phase_figure()
        return w.VBox([self.fig_phase, self.fixed_point_text])

    def _draw_phase_tab(self) -> None:
        planar = self.model in PLANAR_MODELS
        pp = (
            phase_plane(self.model, current=slider_value(self.amplitude), **self.params)
            if planar
            else None
        )
        self._draw_phase(self.trace, pp)

    def _build_fi_tab(self) -> w.Widget:
        self.fig_fi = _fi_figure()
        return self.fig_fi

    def _draw_fi_tab(self) -> None:
        self._draw_fi(self._compute_fi())

    def _fi_inputs(self) -> tuple:
        """What the f-I curve depends on: the model and its parameters."""
        return (self.model, tuple(sorted(self.params.items())))

    def _compute_fi(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The f-I curve, or ``None`` when the one drawn is still that of the inputs."""
        key = self._fi_inputs()
        if key == self._fi_key:
            return None
        info = model_info(self.model)
        currents = np.linspace(info.current.low, info.current.high, FI_POINTS)
        dt = max(info.dt_default, min(0.025, info.dt_max))
        data = fi_curve(self.model, currents, t_stop=500.0, dt=dt, **self.params)
        self._fi_key = key
        return data

    def _draw_trace(self, tr, info) -> None:
        t, v = decimate_minmax(tr.t, tr.v)
        fig = self.fig_trace
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = t, v
            spikes = np.asarray(tr.spike_times)
            top = float(np.max(tr.v)) if tr.v.size else 0.0
            fig.data[1].x, fig.data[1].y = spikes, np.full(spikes.shape, top)
            for i in range(len(STATE_COLORS)):
                trace = fig.data[2 + i]
                if i < len(info.state_names):
                    name = info.state_names[i]
                    trace.x, trace.y = decimate_minmax(tr.t, tr.state[name])
                    trace.name, trace.visible = name, True
                else:
                    trace.x, trace.y, trace.visible = [], [], False
            fig.data[5].x, fig.data[5].y = decimate_minmax(tr.t, tr.current)
            rate = len(spikes) / (tr.t_stop / 1000.0)
            fig.layout.title.text = (
                f"{info.title}: {len(spikes)} spikes in {tr.t_stop:g} ms ({rate:.1f} Hz)"
            )

    def _draw_phase(self, tr, pp) -> None:
        fig = self.fig_phase
        with fig.batch_update():
            if pp is None:
                for trace in fig.data:
                    trace.x, trace.y = [], []
                fig.layout.title.text = (
                    "Phase plane: available for the 2-D models (FitzHugh-Nagumo, Izhikevich, AdEx)"
                )
                self.fixed_point_text.value = ""
                return
            wname = model_info(self.model).state_names[0]
            fig.data[0].x, fig.data[0].y = _arrows(pp)
            fig.data[1].x, fig.data[1].y = pp.v_nullcline
            fig.data[2].x, fig.data[2].y = pp.w_nullcline
            fig.data[3].x, fig.data[3].y = tr.v[::5], tr.state[wname][::5]
            fps = pp.fixed_points
            fig.data[4].x = [f.v for f in fps]
            fig.data[4].y = [f.w for f in fps]
            fig.data[4].marker.color = [pal.GREEN if f.stable else "white" for f in fps]
            fig.data[4].text = [f.stability for f in fps]
            fig.layout.xaxis.range = [pp.v[0], pp.v[-1]]
            fig.layout.yaxis.range = [pp.w[0], pp.w[-1]]
            fig.layout.xaxis.title.text = pp.v_label
            fig.layout.yaxis.title.text = pp.w_label
            fig.layout.title.text = f"Phase plane at input {pp.current:g}"
        rows = (
            "".join(
                f"<tr><td>{f.v:.4g}</td><td>{f.w:.4g}</td><td>{f.stability}</td>"
                f"<td>{', '.join(f'{e.real:.3g}{e.imag:+.3g}j' for e in f.eigenvalues)}</td></tr>"
                for f in pp.fixed_points
            )
            or "<tr><td colspan=4>no fixed point in view</td></tr>"
        )
        self.fixed_point_text.value = (
            "<table><tr><th>v</th><th>w</th><th>stability</th><th>eigenvalues (1/ms)</th></tr>"
            f"{rows}</table>"
        )

    def _draw_fi(self, fi_data) -> None:
        fig = self.fig_fi
        with fig.batch_update():
            current = model_info(self.model).current  # a voltage for the Mott neuron
            fig.layout.xaxis.title.text = (
                f"{current.doc} ({display_unit(current.unit)})" if current.unit else current.doc
            )
            if fi_data is not None:
                fig.data[0].x, fig.data[0].y = fi_data
            xs, ys = fig.data[0].x, fig.data[0].y
            if xs is not None and len(xs):
                now = slider_value(self.amplitude)
                fig.data[1].x, fig.data[1].y = [now], [float(np.interp(now, xs, ys))]

    def _export(self) -> None:
        payload = base64.b64encode(self.export_csv().encode()).decode()
        self.export_link.value = (
            f'<a download="{self.model}_trace.csv" href="data:text/csv;base64,{payload}">'
            "download the trace as CSV</a>"
        )
