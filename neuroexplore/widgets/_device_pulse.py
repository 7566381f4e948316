"""DeviceLab tabs 2-3: pulse-programmed conductance, and drift / retention (no physics here).

*Pulse response*: a preset from the published device table
(:func:`neuroexplore.devices.presets`), ``n`` potentiation then ``n`` depression
pulses on a few device-to-device samples with cycle-to-cycle noise
(:meth:`PulseDevice.sample_d2d`, :meth:`PulseDevice.apply_pulses`, one pulse at a
time, vectorised over the devices), the preset's noise-free curves and the NeuroSim
fit of device 1 (:func:`neuroexplore.devices.fit_pulse_response`).

*Drift & retention*: PCM power-law drift with the Joshi et al. (2020) statistics
(:func:`pcm_drift_nu_stats`, :func:`pcm_drift`), stretched-exponential retention
(:func:`retention`) and the multi-domain FeFET under an incremental-amplitude
scheme (Jerry et al., IEDM 2017).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import numpy as np

from ..devices import (
    PULSE_DEVICE_SPECS,
    RETENTION_SPECS,
    FeFET,
    fefet_apply_pulses,
    fefet_initial_state,
    fit_pulse_response,
    get_device,
    incremental_scheme,
    pcm_drift,
    pcm_drift_nu_stats,
    presets,
    retention,
    retention_time,
)
from ..devices.ferroelectric import FEFET_SPECS
from ..devices.pcm import PCM_G_MAX, PCM_T0
from ..params import ParamSpec, specs_by_name
from . import palette as pal
from ._device_common import value_pm
from .base import Progress
from .controls import controls_for
from .plotting import figure

__all__ = ["PulsePanel", "DriftPanel", "N_DEVICES", "simulate_cycles"]

_PULSE = specs_by_name(PULSE_DEVICE_SPECS)
_RET = specs_by_name(RETENTION_SPECS)
_FE = specs_by_name(FEFET_SPECS)
N_PULSES = ParamSpec("n_pulses", 64, 2, 2000, integer=True, unit="pulses",
                     doc="potentiation pulses; the depression phase that follows has "
                         "n x states_ltd / states_ltp pulses (the same fraction of its range)")
SEED = ParamSpec("seed", 0, 0, 9999, integer=True, doc="random seed of the c2c and d2d draws")
#: device-to-device samples drawn on the pulse-response plot
N_DEVICES = 8
T_SPAN = ParamSpec("t_span", 1e7, 1e3, 1e9, unit="s", log=True,
                   doc="time span of the drift and retention plots")
N_FE = ParamSpec("n_steps", 32, 2, 200, integer=True, unit="pulses",
                 doc="amplitude steps per phase of the incremental FeFET scheme")
PCM_LEVELS = np.array([0.1, 0.25, 0.5, 0.75, 1.0]) * PCM_G_MAX
DEVICE_GREY = "rgba(120,120,120,0.45)"


def ltd_pulses(device, n_ltp: int) -> int:
    """Depression pulses that follow ``n_ltp`` potentiation pulses (same fraction of range)."""
    return max(1, int(round(n_ltp * device.states_ltd / device.states_ltp)))


def simulate_cycles(device, n_ltp: int, n_ltd: int, n_devices: int, seed: int | None,
                    progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Conductance (S), shape ``(n_devices, n_ltp + n_ltd + 1)``: LTP then LTD pulses.

    Device-to-device parameters come from ``device.sample_d2d`` and c2c noise from
    ``apply_pulses``; pulses are applied one at a time (noise accumulates along the
    train), vectorised over the devices.
    """
    gen = np.random.default_rng(seed)
    params = device.sample_d2d(n_devices, gen)
    g = np.array(params["g_min"], dtype=float)
    total = n_ltp + n_ltd
    out = np.empty((n_devices, total + 1))
    out[:, 0] = g
    every = max(1, total // 10)
    for k in range(total):
        g = device.apply_pulses(g, 1 if k < n_ltp else -1, rng=gen, params=params)
        out[:, k + 1] = g
        if progress is not None and (k + 1) % every == 0:
            progress(k + 1, total)
    return out


class PulsePanel(w.VBox):
    """Pulse-response tab: preset, pulses, c2c / d2d variation and seed."""

    def __init__(self, guard: Callable) -> None:
        self._guard = guard
        self._building = False
        self.fit = None
        self.preset_select = w.Dropdown(options=list(presets()), value=presets()[0],
                                        description="device preset",
                                        layout=w.Layout(width="420px"),
                                        style={"description_width": "150px"})
        self.citation = w.HTML()
        dev = get_device(self.preset_select.value)
        self.progress = Progress("pulses")
        self.controls = controls_for((N_PULSES, _PULSE["c2c_sigma"], _PULSE["d2d_sigma"], SEED),
                                     continuous_update=False,
                                     n_pulses=dev.states_ltp,
                                     c2c_sigma=dev.c2c_sigma)
        for ctl in self.controls.values():
            ctl.observe(lambda _c: self.refresh(), names="value")
        self.preset_select.observe(self._guard(self._on_preset, "pulse"), names="value")
        self.fig = figure(title="Pulse response", height=460)
        for k in range(N_DEVICES):
            self.fig.add_scatter(name="d2d samples" if k == 1 else None, mode="lines",
                                 line=dict(color=DEVICE_GREY, width=1, dash="dot"),
                                 showlegend=k == 1, visible=k > 0)
        self.fig.data[0].update(name="device 1", mode="markers",
                                marker=dict(size=4, color=pal.BLACK), showlegend=True)
        self.fig.add_scatter(name="preset model (noise-free)", mode="lines",
                             line=dict(color=pal.BLUE, dash="dash", width=2))
        self.fig.add_scatter(name="NeuroSim fit to device 1", mode="lines",
                             line=dict(color=pal.VERMILLION, width=2))
        self.fig.update_layout(xaxis_title="pulse number", yaxis_title="conductance (µS)")
        self.fit_table = w.HTML()
        super().__init__([
            w.HBox([w.VBox([self.preset_select, *self.controls.values(), self.progress]),
                    self.citation]),
            w.HBox([self.fig, self.fit_table]),
        ])

    @property
    def device(self):
        """The preset with the present c2c / d2d variation."""
        c = self.controls
        return get_device(self.preset_select.value).with_params(
            c2c_sigma=c["c2c_sigma"].value, d2d_sigma=c["d2d_sigma"].value)

    def _on_preset(self, change) -> None:
        dev = get_device(change["new"])
        self._building = True
        try:
            self.controls["n_pulses"].value = dev.states_ltp
            self.controls["c2c_sigma"].value = dev.c2c_sigma
        finally:
            self._building = False
        self.refresh()

    def refresh(self) -> None:
        if self._building:
            return
        self._guard(self._update, "pulse")()

    def _update(self) -> None:
        dev = self.device
        n = self.controls["n_pulses"].value
        n_ltd = ltd_pulses(dev, n)
        self.progress.reset()
        g = simulate_cycles(dev, n, n_ltd, N_DEVICES, self.controls["seed"].value,
                            progress=self.progress)
        self.traces = g
        pulses = np.arange(n + n_ltd + 1)
        direction = np.where(pulses <= n, 1, -1)
        fit = fit_pulse_response(pulses, g[0], direction, name=f"{dev.name} (fit)")
        self.fit = fit
        # the preset's own noise-free curves on the same protocol
        ltp = dev.potentiation_curve(np.arange(n + 1))
        start = dev.pulses_from_g_ltd(ltp[-1])
        ltd = dev.depression_curve(start - np.arange(1, n_ltd + 1))
        nominal = np.concatenate([ltp, ltd])
        self.nominal = nominal
        with self.fig.batch_update():
            for k in range(N_DEVICES):
                self.fig.data[k].x, self.fig.data[k].y = pulses, g[k] * 1e6
                self.fig.data[k].visible = k == 0 or dev.d2d_sigma > 0
            self.fig.data[N_DEVICES].x = pulses
            self.fig.data[N_DEVICES].y = nominal * 1e6
            self.fig.data[N_DEVICES + 1].x = pulses
            self.fig.data[N_DEVICES + 1].y = fit.fitted * 1e6
            self.fig.layout.title.text = (
                f"{dev.name}: fitted NL {fit.nonlinearity_ltp:.2f} / {fit.nonlinearity_ltd:.2f} "
                f"(preset {dev.nonlinearity_ltp:g} / {dev.nonlinearity_ltd:g}), "
                f"c2c {fit.c2c_sigma:.3g}"
            )
        self._show_citation(dev)
        se = fit.stderr
        rows = [
            ("g_min", value_pm(fit.g_min, se["g_min"], 1e-6, "µS"), f"{dev.g_min * 1e6:.4g} µS"),
            ("g_max", value_pm(fit.g_max, se["g_max"], 1e-6, "µS"), f"{dev.g_max * 1e6:.4g} µS"),
            ("nonlinearity label LTP", value_pm(fit.nonlinearity_ltp, se["nonlinearity_ltp"]),
             f"{dev.nonlinearity_ltp:g}"),
            ("nonlinearity label LTD", value_pm(fit.nonlinearity_ltd, se["nonlinearity_ltd"]),
             f"{dev.nonlinearity_ltd:g}"),
            ("c2c sigma", f"{fit.c2c_sigma:.3g}", f"{dev.c2c_sigma:g}"),
            ("RMSE", f"{fit.rmse * 1e6:.3g} µS", ""),
        ]
        body = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
        self.fit_table.value = (
            "<table class='neuroexplore-fit-table'><tr><th>quantity</th><th>fit (device 1)</th>"
            f"<th>preset</th></tr>{body}</table>"
        )

    def _show_citation(self, dev) -> None:
        extra = f"; write pulse: {dev.write_pulse}" if dev.write_pulse else ""
        self.citation.value = (
            f"<div style='max-width:520px;color:#444'><b>{dev.name}</b> -- {dev.reference}"
            f"{extra}. On/off ratio {dev.on_off_ratio:.3g}, {dev.states_ltp}/{dev.states_ltd} "
            "states (NeuroSim device table).</div>"
        )

    def provenance(self) -> dict:
        """What :func:`~._device_common.export_with_provenance` writes above the columns."""
        return dict(what=f"DeviceLab pulse response of the {self.preset_select.value} preset "
                    f"({N_DEVICES} devices; NeuroSim fit to device 1)",
                    controls=self.controls,
                    params={"preset": self.preset_select.value, "n_devices": (N_DEVICES, "")},
                    seed=self.controls["seed"].value)

    def export_columns(self) -> dict[str, np.ndarray]:
        g = self.traces
        # "name (unit)" headers: load_measurements reads device 1 back as a measurement
        cols = {"pulse": np.arange(g.shape[1]), "conductance (S)": g[0],
                "fit (S)": self.fit.fitted, "preset model (S)": self.nominal}
        for k in range(1, g.shape[0]):
            cols[f"device {k + 1} (S)"] = g[k]
        return cols


class DriftPanel(w.VBox):
    """PCM drift, stretched-exponential retention and FeFET incremental programming."""

    def __init__(self, guard: Callable) -> None:
        self._guard = guard
        self.controls = controls_for((T_SPAN, _RET["tau"], _RET["beta"], _FE["vc_sigma"], N_FE),
                                     continuous_update=False)
        for ctl in self.controls.values():
            ctl.observe(lambda _c: self.refresh(), names="value")
        self.fig_drift = figure(title="PCM conductance drift", height=380)
        for _ in PCM_LEVELS:
            self.fig_drift.add_scatter(mode="lines", line=dict(width=0), showlegend=False,
                                       hoverinfo="skip")
            self.fig_drift.add_scatter(mode="lines", line=dict(width=0), fill="tonexty",
                                       fillcolor=pal.rgba(pal.BLUE, 0.15), showlegend=False,
                                       hoverinfo="skip")
            self.fig_drift.add_scatter(mode="lines", line=dict(color=pal.BLUE))
        self.fig_drift.update_layout(xaxis=dict(type="log", title="time since programming (s)"),
                                     yaxis_title="conductance (µS)")
        self.fig_ret = figure(title="Retention", height=380)
        self.fig_ret.add_scatter(name="G(t)", line=dict(color=pal.BLACK))
        self.fig_ret.add_scatter(name="τ (1/e of the change left)", mode="markers",
                                 marker=dict(size=12, color=pal.VERMILLION, symbol="diamond"))
        self.fig_ret.update_layout(xaxis=dict(type="log", title="time (s)"),
                                   yaxis_title="conductance (µS)")
        self.fig_fe = figure(title="FeFET: incremental-amplitude pulses", height=380)
        self.fig_fe.add_scatter(name="potentiation", mode="lines+markers",
                                line=pal.styled("potentiation"),
                                marker=dict(symbol="triangle-up", size=7))
        self.fig_fe.add_scatter(name="depression", mode="lines+markers",
                                line=pal.styled("depression"),
                                marker=dict(symbol="triangle-down", size=7))
        self.fig_fe.update_layout(xaxis_title="pulse number",
                                  yaxis=dict(type="log", title="conductance (µS)"))
        super().__init__([w.VBox(list(self.controls.values())),
                          w.HBox([self.fig_drift, self.fig_ret]), self.fig_fe])

    def refresh(self) -> None:
        self._guard(self._update, "drift")()

    def _update(self) -> None:
        c = {k: ctl.value for k, ctl in self.controls.items()}
        t = np.geomspace(PCM_T0, max(c["t_span"], 10 * PCM_T0), 200)
        mu, sd = pcm_drift_nu_stats(PCM_LEVELS)
        with self.fig_drift.batch_update():
            for k, g0 in enumerate(PCM_LEVELS):
                lo = pcm_drift(g0, t, PCM_T0, nu=mu[k] + sd[k])
                hi = pcm_drift(g0, t, PCM_T0, nu=max(mu[k] - sd[k], 0.0))
                mid = pcm_drift(g0, t, PCM_T0, nu=mu[k])
                for j, y in enumerate((lo, hi, mid)):
                    self.fig_drift.data[3 * k + j].x = t
                    self.fig_drift.data[3 * k + j].y = y * 1e6
                self.fig_drift.data[3 * k + 2].name = f"{g0 * 1e6:.3g} µS: ν = {mu[k]:.3f}"
            day = pcm_drift(PCM_LEVELS[-1], 86400.0, PCM_T0, nu=mu[-1]) / PCM_LEVELS[-1]
            self.fig_drift.layout.title.text = (
                f"PCM drift (Joshi 2020): mean ν, ±1σ bands; G_max keeps {100 * day:.3g} % "
                "after one day"
            )
        g0, g_rest = _RET["g0"].default, _RET["g_rest"].default
        tr = np.geomspace(max(c["tau"] * 1e-4, 1e-9), c["t_span"], 200)
        ret = retention(tr, g0=g0, g_rest=g_rest, tau=c["tau"], beta=c["beta"])
        half = float(retention_time(0.5, tau=c["tau"], beta=c["beta"]))
        with self.fig_ret.batch_update():
            self.fig_ret.data[0].x, self.fig_ret.data[0].y = tr, ret * 1e6
            self.fig_ret.data[1].x = [c["tau"]]
            self.fig_ret.data[1].y = [float(retention(c["tau"], g0=g0, g_rest=g_rest,
                                                      tau=c["tau"], beta=c["beta"])) * 1e6]
            self.fig_ret.layout.title.text = (
                f"Retention: half of the change is lost after {half:.3g} s (β = {c['beta']:.2f})"
            )
        dev = FeFET(vc_sigma=c["vc_sigma"])
        n = c["n_steps"]
        span = (dev.vc_mean - 2 * dev.vc_sigma, dev.vc_mean + 2 * dev.vc_sigma)
        ramp = incremental_scheme(n, max(span[0], 0.05), span[1])
        up = fefet_apply_pulses(dev, fefet_initial_state(dev, -1.0), ramp, dev.w_ref)
        down = fefet_apply_pulses(dev, up.state, -ramp, dev.w_ref)
        self.fefet = (up, down)
        self._columns = {
            "retention_t_s": tr, "retention_g_S": ret, "drift_t_s": t,
            **{f"drift_{g * 1e6:.3g}uS_mean_nu_S": pcm_drift(g, t, PCM_T0, nu=mu[k])
               for k, g in enumerate(PCM_LEVELS)},
            "fefet_g_up_S": up.conductance, "fefet_g_down_S": down.conductance,
        }
        with self.fig_fe.batch_update():
            self.fig_fe.data[0].x = np.arange(n + 1)
            self.fig_fe.data[0].y = up.conductance * 1e6
            self.fig_fe.data[1].x = n + np.arange(n + 1)
            self.fig_fe.data[1].y = down.conductance * 1e6
            self.fig_fe.layout.title.text = (
                f"FeFET: {n} steps {ramp[0]:.2f} -> {ramp[-1]:.2f} V of {dev.w_ref * 1e9:.0f} ns, "
                "then the same negative"
            )

    def provenance(self) -> dict:
        """What :func:`~._device_common.export_with_provenance` writes above the columns."""
        return dict(what="DeviceLab drift and retention: PCM drift (Joshi 2020), "
                    "stretched-exponential retention, FeFET incremental programming",
                    controls=self.controls,
                    params={"g0": _RET["g0"].default, "g_rest": _RET["g_rest"].default,
                            "pcm_t0": (PCM_T0, "s"),
                            "pcm_levels": (" ".join(f"{g:.4g}" for g in PCM_LEVELS), "S")},
                    specs=[_RET["g0"], _RET["g_rest"]])

    def export_columns(self) -> dict[str, np.ndarray]:
        return dict(self._columns)
