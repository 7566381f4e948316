"""SynapseLab: synaptic transistors, optical and triboelectric synapses (review chapter 3).

Six tabs over :mod:`neuroexplore.devices`, each with its own sliders (built from
the engine's ``ParamSpec``\\ s) that drive only that tab's figures:

1. **EPSC train** -- gate-pulse train -> EPSC/IPSC trace, pulse-by-pulse peak
   amplitudes, energy per spike (:func:`~neuroexplore.devices.simulate_pulse_train`,
   :func:`~neuroexplore.devices.spike_energy`);
2. **PPF** -- paired-pulse facilitation vs interval and its double-exponential fit
   with C1, tau1, C2, tau2 and their errors (:func:`~neuroexplore.devices.fit_ppf`);
3. **STP -> LTP** -- weight retained after a train vs pulse number and frequency, and
   its decay (:func:`~neuroexplore.devices.retained_weight`);
4. **Device STDP** -- the window from overlapping spike waveforms on a threshold
   memristor, with an exponential fit (:func:`~neuroexplore.devices.stdp_window`);
5. **Optical synapse** -- light pulses -> photocurrent with persistent
   photoconductivity (:func:`~neuroexplore.devices.simulate_light_train`);
6. **Triboelectric synapse** -- presses -> TENG gate voltage -> EPSC
   (:func:`~neuroexplore.devices.simulate_tribo_synapse`).

The preset dropdown (top) chooses the synaptic transistor used by tabs 1-3 and 6.
No physics here: every number shown comes from an engine call.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import ipywidgets as w
import numpy as np

from ..devices import (
    GATE_PULSE_TRAIN_SPECS,
    SYNAPTIC_TRANSISTOR_PRESETS,
    SYNAPTIC_TRANSISTOR_SPECS,
    ContactSeparationTENG,
    GatePulseTrain,
    LightPulseTrain,
    OptoelectronicSynapse,
    SpikeWaveform,
    ThresholdMemristor,
    fit_ppf,
    fit_stdp_window,
    paired_pulse_facilitation,
    retained_weight,
    simulate_light_train,
    simulate_pulse_train,
    simulate_tribo_synapse,
    spike_energy,
    stdp_window,
)
from ..devices.device_stdp import (
    _POST_DEFAULT,
    SPIKE_WAVEFORM_SPECS,
    THRESHOLD_MEMRISTOR_SPECS,
    exponential_stdp_window,
    net_voltage,
    spike_waveform,
)
from ..devices.optoelectronic import LIGHT_PULSE_SPECS, OPTOELECTRONIC_SPECS, spectral_factor
from ..devices.triboelectric import PRESS_SPECS, TENG_SPECS
from ..params import ParamSpec, specs_by_name
from . import palette as pal
from ._device_common import (
    axis_scale,
    csv_text,
    device_parameters,
    download_link,
    export_with_provenance,
    fit_table,
    si,
    value_pm,
)
from .base import LazyControls, TabbedLab, tab_property
from .controls import controls_for
from .plotting import figure

__all__ = ["SynapseLab", "TAB_TITLES"]

TAB_TITLES = (
    "EPSC train",
    "PPF",
    "STP → LTP",
    "Device STDP",
    "Optical synapse",
    "Triboelectric synapse",
)
EPSC, PPF, LTP, STDP, OPTO, TRIBO = range(len(TAB_TITLES))
#: tabs whose figures depend on the synaptic-transistor preset
DEVICE_TABS = (EPSC, PPF, LTP, TRIBO)

_TRAIN = specs_by_name(GATE_PULSE_TRAIN_SPECS)
_DEVICE = specs_by_name(SYNAPTIC_TRANSISTOR_SPECS)
_WAVE = specs_by_name(SPIKE_WAVEFORM_SPECS)
_MEM = specs_by_name(THRESHOLD_MEMRISTOR_SPECS)
_LIGHT = specs_by_name(LIGHT_PULSE_SPECS)
_OPTO = specs_by_name(OPTOELECTRONIC_SPECS)
_TENG = specs_by_name(TENG_SPECS)
_PRESS = specs_by_name(PRESS_SPECS)

# -- display-only specs, derived from the engine's where one exists -------------------
#: pulse frequency = 1 / interval, on the engine's interval range
FREQUENCY = ParamSpec(
    "frequency", 20.0, 1.0 / _TRAIN["interval"].high, 1.0 / _TRAIN["interval"].low,
    unit="Hz", log=True, doc="pulse frequency 1/interval (must stay below 1/width)",
)
#: read-out delay after the last pulse for the retained weight
DELAY = ParamSpec("delay", 10.0, 1e-3, 1e5, unit="s", log=True,
                  doc="time after the last pulse at which the retained weight is read")
PPF_POINTS = 25
STDP_POINTS = 20
LTP_FREQ_POINTS = 15
LTP_PULSE_POINTS = 12
#: the STDP tab's overlap view: spike-time difference of the waveform plot
DT_VIEW = ParamSpec("dt_view", 0.01, -0.1, 0.1, step=0.001, unit="s",
                    doc="t_post - t_pre shown in the waveform view")
#: light intensity on a log slider: the engine's range without its zero end
INTENSITY = dataclasses.replace(_LIGHT["intensity"], low=_LIGHT["intensity"].high * 1e-6,
                                log=True)


def _spec(spec: ParamSpec, label: str) -> ParamSpec:
    return dataclasses.replace(spec, label=label)


class SynapseLab(TabbedLab):
    """Interactive lab for synaptic devices (review chapter 3).

    Parameters
    ----------
    preset : str
        Initial synaptic-transistor preset, a key of
        :data:`~neuroexplore.devices.SYNAPTIC_TRANSISTOR_PRESETS`.

    Examples
    --------
    >>> lab = SynapseLab()
    >>> lab.device.name
    'p3ht_pmma'
    >>> lab.error
    ''
    """

    def __init__(self, preset: str = "p3ht_pmma") -> None:
        self.preset_select = w.Dropdown(
            options=list(SYNAPTIC_TRANSISTOR_PRESETS),
            value=preset,
            description="transistor preset",
            style={"description_width": "150px"},
            layout=w.Layout(width="420px"),
        )
        self.reference = w.HTML()
        self.export_button = w.Button(description="Export this tab (CSV)", icon="download")
        self.export_link = w.HTML()
        self.data: dict[int, dict[str, np.ndarray]] = {}
        self.results: dict[int, object] = {}
        self.preset_select.observe(self.guarded(self._on_preset, "preset"), names="value")
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        self._show_reference()
        # a tab's controls and figures are built when it is first shown (fast start-up)
        builders = (self._build_epsc, self._build_ppf, self._build_ltp, self._build_stdp,
                    self._build_opto, self._build_tribo)
        updates = (self._update_epsc, self._update_ppf, self._update_ltp,
                   self._update_stdp, self._update_opto, self._update_tribo)
        self.init_tabs(
            list(zip(TAB_TITLES, builders, updates, strict=True)),
            header=[w.HBox([self.preset_select, self.export_button, self.export_link]),
                    self.reference],
        )

    ppf_controls = tab_property(PPF, "_ppf_controls")
    fig_ppf = tab_property(PPF, "_fig_ppf")
    ppf_table = tab_property(PPF, "_ppf_table")
    ltp_controls = tab_property(LTP, "_ltp_controls")
    fig_ltp_n = tab_property(LTP, "_fig_ltp_n")
    fig_ltp_f = tab_property(LTP, "_fig_ltp_f")
    fig_decay = tab_property(LTP, "_fig_decay")
    stdp_controls = tab_property(STDP, "_stdp_controls")
    fig_stdp = tab_property(STDP, "_fig_stdp")
    fig_wave = tab_property(STDP, "_fig_wave")
    stdp_table = tab_property(STDP, "_stdp_table")
    opto_controls = tab_property(OPTO, "_opto_controls")
    fig_opto = tab_property(OPTO, "_fig_opto")
    fig_spectrum = tab_property(OPTO, "_fig_spectrum")
    tribo_controls = tab_property(TRIBO, "_tribo_controls")
    fig_tribo = tab_property(TRIBO, "_fig_tribo")
    fig_presses = tab_property(TRIBO, "_fig_presses")

    def state_controls(self) -> dict[str, Any]:
        """State keys: preset, then ``epsc.*``, ``ppf.*``, ... one group a tab."""
        return {
            "preset": self.preset_select,
            "epsc": LazyControls(EPSC, lambda: self.epsc_controls),
            "ppf": LazyControls(PPF, lambda: self.ppf_controls),
            "ltp": LazyControls(LTP, lambda: self.ltp_controls),
            "stdp": LazyControls(STDP, lambda: self.stdp_controls),
            "opto": LazyControls(OPTO, lambda: self.opto_controls),
            "tribo": LazyControls(TRIBO, lambda: self.tribo_controls),
        }

    # -- public ----------------------------------------------------------------------
    @property
    def device(self):
        """The selected synaptic-transistor preset."""
        return SYNAPTIC_TRANSISTOR_PRESETS[self.preset_select.value]

    def refresh(self, tab: int | None = None) -> None:
        """Recompute and redraw ``tab`` (default: the visible one), errors to the message."""
        self.redraw_tab(self.tabs.selected_index if tab is None else tab)

    def export_csv(self, tab: int | None = None) -> str:
        """The data shown in ``tab`` (default: the visible one) as CSV text."""
        tab = self.tabs.selected_index if tab is None else tab
        if self.is_stale(tab):
            self.redraw_tab(tab)
        if tab not in self.data:
            raise ValueError(f"the {TAB_TITLES[tab]} tab has no data to export")
        controls = getattr(self, ("epsc_controls", "_ppf_controls", "_ltp_controls",
                                  "_stdp_controls", "_opto_controls", "_tribo_controls")[tab])
        params, specs = {}, []
        if tab not in (STDP, OPTO):
            params, specs = device_parameters(self.device)
            params = {"device": self.device.name, **params}
        return export_with_provenance(
            csv_text(self.data[tab]), f"SynapseLab: {TAB_TITLES[tab]} "
            f"({self._export_note(tab)})", controls, params, specs=specs)

    # -- callbacks -------------------------------------------------------------------
    def _on_preset(self, _change) -> None:
        self._show_reference()
        self.invalidate_tabs(*DEVICE_TABS)

    def _watch(self, controls, tab: int) -> None:
        for ctl in controls.values():
            ctl.observe(lambda _c, tab=tab: self.redraw_tab(tab), names="value")

    def _show_reference(self) -> None:
        dev = self.device
        self.reference.value = (
            f"<div style='color:#555;font-size:0.9em'><b>{dev.name}</b> ({dev.polarity}): "
            f"{dev.reference}</div>"
        )

    def _export_note(self, tab: int) -> str:
        if tab in (STDP, OPTO):
            return "device: tab parameters"
        return f"device preset: {self.device.name}"

    def _export(self) -> None:
        tab = self.tabs.selected_index
        name = TAB_TITLES[tab].lower().replace(" ", "_").replace("→", "to")
        self.export_link.value = download_link(
            self.export_csv(tab), f"synapse_{name}.csv", f"download {TAB_TITLES[tab]} data as CSV"
        )

    # -- 1. EPSC train ---------------------------------------------------------------
    def _build_epsc(self) -> w.Widget:
        self.epsc_controls = controls_for(GATE_PULSE_TRAIN_SPECS)
        self.epsc_controls["n_pulses"].continuous_update = False
        self._watch(self.epsc_controls, EPSC)
        self.fig_epsc = figure(rows=2, height=480, title="EPSC train")
        self.fig_epsc.add_scatter(name="gate voltage", line=dict(color=pal.PURPLE), row=1, col=1)
        self.fig_epsc.add_scatter(name="drain current", line=dict(color=pal.BLACK, width=1.4),
                                  row=2, col=1)
        self.fig_epsc.add_scatter(name="pulse-end peaks", mode="markers",
                                  marker=dict(color=pal.VERMILLION, size=8), row=2, col=1)
        self.fig_epsc.update_yaxes(title_text="V_gate (V)", row=1, col=1)
        self.fig_epsc.update_xaxes(title_text="time (s)", row=2, col=1)
        self.fig_peaks = figure(title="Peak amplitude per pulse", height=480)
        self.fig_peaks.add_bar(name="A_n / A_1", marker_color=pal.BLUE)
        self.fig_peaks.update_layout(xaxis_title="pulse number", yaxis_title="A_n / A_1")
        return w.VBox([
            w.VBox(list(self.epsc_controls.values())),
            w.HBox([self.fig_epsc, self.fig_peaks]),
        ])

    def _train(self, controls) -> GatePulseTrain:
        return GatePulseTrain(**{k: c.value for k, c in controls.items()})

    def _update_epsc(self) -> None:
        dev = self.device
        train = self._train(self.epsc_controls)
        tr = simulate_pulse_train(dev, train, t_after=max(1.0, 5 * float(dev.tau_doping)))
        energy = spike_energy(dev, train, pulse=0)
        self.results[EPSC] = (tr, energy)
        scale, unit = axis_scale(tr.current, "A")
        t_end = train.interval * np.arange(train.n_pulses) + train.width
        i_end = np.interp(t_end, tr.t, tr.current)
        amps = tr.amplitudes
        ratio = amps / amps[0] if amps[0] > 0 else np.zeros_like(amps)
        kind = "EPSC" if dev.polarity == "excitatory" else "IPSC"
        fig = self.fig_epsc
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = tr.t, tr.v_gate
            fig.data[1].x, fig.data[1].y = tr.t, tr.current / scale
            fig.data[2].x, fig.data[2].y = t_end, i_end / scale
            fig.layout.yaxis2.title.text = f"I_d ({unit})"
            fig.layout.title.text = (
                f"{kind}: A1 = {si(amps[0], 'A')}, energy per spike {si(energy.total, 'J')} "
                f"(gate {si(energy.gate, 'J')}, drain {si(energy.drain, 'J')})"
            )
        with self.fig_peaks.batch_update():
            self.fig_peaks.data[0].x = np.arange(1, amps.size + 1)
            self.fig_peaks.data[0].y = ratio
            self.fig_peaks.layout.title.text = (
                f"A_{amps.size}/A_1 = {ratio[-1]:.3g} at {1 / train.interval:.3g} Hz"
            )
        self.data[EPSC] = {"t_s": tr.t, "v_gate_V": tr.v_gate, "i_drain_A": tr.current,
                           "pulse": np.arange(1, amps.size + 1), "amplitude_A": amps}

    # -- 2. PPF ----------------------------------------------------------------------
    def _build_ppf(self) -> w.Widget:
        specs = (_TRAIN["amplitude"], _TRAIN["width"],
                 _spec(_DEVICE["tau_edl"], "device τ_EDL"),
                 _spec(_DEVICE["tau_doping"], "device τ_doping"))
        self._ppf_controls = controls_for(specs, continuous_update=False)
        self._watch(self.ppf_controls, PPF)
        self._fig_ppf = figure(title="Paired-pulse facilitation", height=420)
        self.fig_ppf.add_scatter(name="simulated PPF", mode="markers",
                                 marker=dict(size=9, color=pal.BLUE))
        self.fig_ppf.add_scatter(name="double-exponential fit", mode="lines",
                                 line=dict(color=pal.VERMILLION))
        self.fig_ppf.update_layout(xaxis=dict(type="log", title="pulse interval Δt (ms)"),
                                   yaxis_title="PPF = A2/A1 (%)")
        self._ppf_table = w.HTML()
        return w.VBox([w.VBox(list(self.ppf_controls.values())),
                       w.HBox([self.fig_ppf, self.ppf_table])])

    def _ppf_device(self):
        c = self.ppf_controls
        return self.device.with_params(tau_edl=c["tau_edl"].value,
                                       tau_doping=c["tau_doping"].value)

    def _update_ppf(self) -> None:
        c = self.ppf_controls
        dev = self._ppf_device()
        width = c["width"].value
        lo = max(2.0 * width, _TRAIN["interval"].low)
        hi = min(_TRAIN["interval"].high, max(20.0 * float(dev.tau_doping), 50.0 * width))
        intervals = np.geomspace(lo, hi, PPF_POINTS)
        ppf = paired_pulse_facilitation(dev, intervals, amplitude=c["amplitude"].value,
                                        width=width)
        fit = fit_ppf(intervals, ppf)
        self.results[PPF] = fit
        dense = np.geomspace(lo, hi, 200)
        with self.fig_ppf.batch_update():
            self.fig_ppf.data[0].x, self.fig_ppf.data[0].y = intervals * 1e3, 100 * ppf
            self.fig_ppf.data[1].x, self.fig_ppf.data[1].y = dense * 1e3, 100 * fit(dense)
            self.fig_ppf.layout.title.text = (
                f"PPF fit: τ1 = {fit.tau1 * 1e3:.3g} ms, τ2 = {fit.tau2 * 1e3:.3g} ms "
                f"(device τ_EDL {float(dev.tau_edl) * 1e3:.3g} ms, "
                f"τ_doping {float(dev.tau_doping) * 1e3:.3g} ms)"
            )
        err = fit.errors
        self.ppf_table.value = fit_table(
            [
                ("C1", value_pm(fit.c1, err[0])),
                ("τ1", value_pm(fit.tau1, err[1], 1e-3, "ms")),
                ("C2", value_pm(fit.c2, err[2])),
                ("τ2", value_pm(fit.tau2, err[3], 1e-3, "ms")),
                ("residual (rms)", f"{100 * fit.residual_rms:.2g} %"),
                ("points", str(fit.n_points)),
            ],
            caption="PPF = 1 + C1 exp(-Δt/τ1) + C2 exp(-Δt/τ2)",
        )
        self.data[PPF] = {"interval_s": intervals, "ppf_ratio": ppf, "fit_ratio": fit(intervals)}

    # -- 3. STP -> LTP ---------------------------------------------------------------
    def _build_ltp(self) -> w.Widget:
        specs = (_TRAIN["amplitude"], _TRAIN["width"], _TRAIN["n_pulses"], FREQUENCY, DELAY)
        self._ltp_controls = controls_for(specs, continuous_update=False, n_pulses=20)
        self._watch(self.ltp_controls, LTP)
        self._fig_ltp_n = figure(title="Retained weight vs pulse number", height=380)
        self.fig_ltp_n.add_scatter(name="retained ΔG", mode="lines+markers",
                                   line=dict(color=pal.BLUE))
        self.fig_ltp_n.update_layout(xaxis=dict(type="log", title="number of pulses"))
        self._fig_ltp_f = figure(title="Retained weight vs frequency", height=380)
        self.fig_ltp_f.add_scatter(name="retained ΔG", mode="lines+markers",
                                   line=dict(color=pal.GREEN))
        self.fig_ltp_f.update_layout(xaxis=dict(type="log", title="pulse frequency (Hz)"))
        for fig in (self.fig_ltp_n, self.fig_ltp_f):
            fig.add_scatter(name="selected", mode="markers",
                            marker=dict(size=14, color=pal.VERMILLION, symbol="diamond"))
        self._fig_decay = figure(title="Decay after the train", height=340)
        self.fig_decay.add_scatter(name="ΔG(t)", line=dict(color=pal.BLACK))
        self.fig_decay.add_scatter(name="read-out delay", mode="markers",
                                   marker=dict(size=12, color=pal.VERMILLION, symbol="diamond"))
        self.fig_decay.update_layout(xaxis=dict(type="log", title="time after the last pulse (s)"))
        return w.VBox([w.VBox(list(self.ltp_controls.values())),
                       w.HBox([self.fig_ltp_n, self.fig_ltp_f]), self.fig_decay])

    def _update_ltp(self) -> None:
        c = {k: ctl.value for k, ctl in self.ltp_controls.items()}
        dev = self.device
        width, f_sel, n_sel, delay = c["width"], c["frequency"], c["n_pulses"], c["delay"]
        if 1.0 / f_sel <= width:
            raise ValueError(
                f"frequency = {f_sel:.4g} Hz is too high for width = {width:.4g} s: "
                f"the interval 1/frequency must exceed the width (frequency < {1 / width:.4g} Hz)"
            )
        common = dict(amplitude=c["amplitude"], width=width)
        sel = retained_weight(
            dev, GatePulseTrain(interval=1.0 / f_sel, n_pulses=n_sel, **common), delay)
        # sweep 1: pulse number at the selected frequency (one engine call per count)
        counts = np.unique(np.geomspace(1, max(n_sel, 2), LTP_PULSE_POINTS).round().astype(int))
        by_n = np.array([
            float(retained_weight(dev, GatePulseTrain(interval=1.0 / f_sel, n_pulses=int(n),
                                                      **common), delay).weight)
            for n in counts
        ])
        # sweep 2: frequency at the selected pulse number (vectorised over intervals)
        f_hi = min(FREQUENCY.high, 0.5 / width)
        freqs = np.geomspace(max(FREQUENCY.low, f_hi * 1e-3), f_hi, LTP_FREQ_POINTS)
        by_f = retained_weight(
            dev, GatePulseTrain(interval=1.0 / freqs, n_pulses=n_sel, **common), delay).weight
        decay_t = np.geomspace(min(width, 1e-3), DELAY.high, 120)
        decay = retained_weight(
            dev, GatePulseTrain(interval=1.0 / f_sel, n_pulses=n_sel, **common), decay_t).weight
        scale, unit = axis_scale(np.r_[by_n, by_f, decay], "S")
        self.results[LTP] = sel
        with self.fig_ltp_n.batch_update():
            self.fig_ltp_n.data[0].x, self.fig_ltp_n.data[0].y = counts, by_n / scale
            self.fig_ltp_n.data[1].x, self.fig_ltp_n.data[1].y = [n_sel], [float(sel.weight) /
                                                                           scale]
            self.fig_ltp_n.layout.yaxis.title.text = f"ΔG after {delay:.3g} s ({unit})"
            self.fig_ltp_n.layout.title.text = f"vs pulse number at {f_sel:.3g} Hz"
        with self.fig_ltp_f.batch_update():
            self.fig_ltp_f.data[0].x, self.fig_ltp_f.data[0].y = freqs, by_f / scale
            self.fig_ltp_f.data[1].x, self.fig_ltp_f.data[1].y = [f_sel], [float(sel.weight) /
                                                                           scale]
            self.fig_ltp_f.layout.yaxis.title.text = f"ΔG after {delay:.3g} s ({unit})"
            self.fig_ltp_f.layout.title.text = f"vs frequency, {n_sel} pulses"
        with self.fig_decay.batch_update():
            self.fig_decay.data[0].x, self.fig_decay.data[0].y = decay_t, decay / scale
            self.fig_decay.data[1].x = [delay]
            self.fig_decay.data[1].y = [float(sel.weight) / scale]
            self.fig_decay.layout.yaxis.title.text = f"ΔG ({unit})"
            self.fig_decay.layout.title.text = (
                f"{n_sel} pulses at {f_sel:.3g} Hz: {100 * float(sel.fraction):.3g} % of the "
                f"change retained after {delay:.3g} s ({si(float(sel.weight), 'S')})"
            )
        self.data[LTP] = {"t_after_s": decay_t, "dG_decay_S": decay, "n_pulses": counts,
                          "dG_vs_n_S": by_n, "frequency_Hz": freqs, "dG_vs_f_S": by_f}

    # -- 4. device STDP --------------------------------------------------------------
    def _build_stdp(self) -> w.Widget:
        specs = (
            _WAVE["head_amplitude"],
            _WAVE["tail_amplitude"],
            _spec(_WAVE["tail_tau"], "pre tail τ"),
            _spec(dataclasses.replace(_WAVE["tail_tau"], name="post_tail_tau",
                                      default=_POST_DEFAULT.tail_tau),
                  "post tail τ"),
            _spec(_MEM["v_on"], "threshold v_on"),
            _spec(_MEM["v_off"], "threshold v_off"),
            DT_VIEW,
        )
        self._stdp_controls = controls_for(specs, continuous_update=False)
        self._watch(self.stdp_controls, STDP)
        self._fig_stdp = figure(title="STDP window of the device", height=420)
        self.fig_stdp.add_scatter(name="Δw(Δt)", mode="lines", line=dict(color=pal.GREY))
        self.fig_stdp.add_scatter(name="sweep points", mode="markers",
                                  marker=dict(size=8, color=pal.BLUE))
        self.fig_stdp.add_scatter(name="exponential fit", mode="lines",
                                  line=dict(color=pal.VERMILLION, dash="dash"))
        self.fig_stdp.update_layout(xaxis_title="Δt = t_post - t_pre (ms)",
                                    yaxis_title="Δw (weight units)")
        self._fig_wave = figure(title="Spike overlap across the device", height=420)
        for name, color, dash in (("pre (top electrode)", pal.BLUE, "dash"),
                                  ("post (bottom)", pal.ORANGE, "dashdot"),
                                  ("net V_post − V_pre", pal.BLACK, "solid")):
            self.fig_wave.add_scatter(name=name, line=dict(color=color, dash=dash))
        self.fig_wave.add_scatter(name="thresholds", mode="lines",
                                  line=dict(color=pal.VERMILLION, dash="dot"))
        self.fig_wave.update_layout(xaxis_title="time (ms)", yaxis_title="voltage (V)")
        self._stdp_table = w.HTML()
        return w.VBox([w.VBox(list(self.stdp_controls.values())),
                       w.HBox([self.fig_stdp, self.fig_wave]), self.stdp_table])

    def _stdp_setup(self):
        c = {k: ctl.value for k, ctl in self.stdp_controls.items()}
        shape = dict(head_amplitude=c["head_amplitude"], tail_amplitude=c["tail_amplitude"])
        pre = SpikeWaveform(tail_tau=c["tail_tau"], **shape)
        post = SpikeWaveform(tail_tau=c["post_tail_tau"], **shape)
        device = ThresholdMemristor(v_on=c["v_on"], v_off=c["v_off"])
        return pre, post, device, c["dt_view"]

    def _update_stdp(self) -> None:
        pre, post, device, dt_view = self._stdp_setup()
        # sweep while the head still meets the other spike's tail; show a little beyond
        span = min(5.0 * max(pre.tail_tau, post.tail_tau),
                   0.95 * min(pre.tail_duration, post.tail_duration))
        side = np.linspace(pre.head_width, max(span, 2 * pre.head_width), STDP_POINTS)
        dts = np.r_[-side[::-1], side]
        dw = stdp_window(device, delta_t_s=dts, pre=pre, post=post)
        dense = np.linspace(-1.2 * side[-1], 1.2 * side[-1], 301)
        dw_dense = stdp_window(device, delta_t_s=dense, pre=pre, post=post)
        fig = self.fig_stdp
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = dense * 1e3, dw_dense
            fig.data[1].x, fig.data[1].y = dts * 1e3, dw
        self.data[STDP] = {"dt_s": dts, "dw": dw}
        # waveform view (drawn before the fit, so it shows even when the fit fails)
        t = np.linspace(min(0.0, dt_view) - 0.002, max(0.0, dt_view) + span, 600)
        v_pre = spike_waveform(t, pre)
        v_post = spike_waveform(t - dt_view, post)
        with self.fig_wave.batch_update():
            self.fig_wave.data[0].x, self.fig_wave.data[0].y = t * 1e3, v_pre
            self.fig_wave.data[1].x, self.fig_wave.data[1].y = t * 1e3, v_post
            self.fig_wave.data[2].x = t * 1e3
            self.fig_wave.data[2].y = net_voltage(t, dt_view, pre, post)
            t0, t1 = float(t[0] * 1e3), float(t[-1] * 1e3)
            self.fig_wave.data[3].x = [t0, t1, None, t0, t1]
            self.fig_wave.data[3].y = [device.v_on, device.v_on, None, -device.v_off,
                                       -device.v_off]
            self.fig_wave.layout.title.text = (
                f"Δt = {dt_view * 1e3:.3g} ms: Δw = "
                f"{float(stdp_window(device, delta_t_s=dt_view, pre=pre, post=post)):.3g}"
            )
        try:
            fit = fit_stdp_window(dts, dw)
        except ValueError as exc:
            with fig.batch_update():
                fig.data[2].x, fig.data[2].y = [], []
                fig.layout.title.text = "STDP window: no exponential fit"
            self.stdp_table.value = ""
            raise ValueError(
                f"{exc} -- the spikes never push the device past its thresholds "
                f"(head_amplitude + tail_amplitude must exceed v_on and v_off)"
            ) from exc
        self.results[STDP] = fit
        err = fit.errors
        with fig.batch_update():
            fig.data[2].x, fig.data[2].y = dense * 1e3, fit(dense)
            fig.layout.title.text = (
                f"STDP fit: τ+ = {fit.tau_plus * 1e3:.3g} ms, τ- = {fit.tau_minus * 1e3:.3g} ms"
            )
        self.stdp_table.value = fit_table(
            [
                ("A+", value_pm(fit.a_plus, err[0])),
                ("τ+", value_pm(fit.tau_plus, err[1], 1e-3, "ms")),
                ("A-", value_pm(fit.a_minus, err[2])),
                ("τ-", value_pm(fit.tau_minus, err[3], 1e-3, "ms")),
                ("residual (rms)", f"{fit.residual_rms:.2g}"),
            ],
            caption="Δw = A+ exp(-Δt/τ+) for Δt > 0, -A- exp(Δt/τ-) for Δt < 0",
        )
        self.data[STDP]["fit"] = exponential_stdp_window(dts, fit.a_plus, fit.tau_plus,
                                                         fit.a_minus, fit.tau_minus)

    # -- 5. optical synapse ----------------------------------------------------------
    def _build_opto(self) -> w.Widget:
        specs = (INTENSITY, _LIGHT["wavelength"], _LIGHT["width"], _LIGHT["interval"],
                 _LIGHT["n_pulses"], _OPTO["bandgap"], _OPTO["tau_ppc"])
        self._opto_controls = controls_for(specs, continuous_update=False)
        self._watch(self.opto_controls, OPTO)
        self._fig_opto = figure(rows=2, height=480, title="Photocurrent")
        self.fig_opto.add_scatter(name="light", line=dict(color=pal.ORANGE), fill="tozeroy",
                                  row=1, col=1)
        self.fig_opto.add_scatter(name="photocurrent", line=dict(color=pal.BLACK), row=2, col=1)
        self.fig_opto.update_yaxes(title_text="intensity (W/m²)", row=1, col=1)
        self.fig_opto.update_xaxes(title_text="time (s)", row=2, col=1)
        self._fig_spectrum = figure(title="Spectral response", height=480)
        self.fig_spectrum.add_scatter(name="absorbed photons / W (rel. 550 nm)",
                                      line=dict(color=pal.SKY_BLUE))
        self.fig_spectrum.add_scatter(name="this wavelength", mode="markers",
                                      marker=dict(size=14, color=pal.VERMILLION, symbol="diamond"))
        self.fig_spectrum.update_layout(xaxis_title="wavelength (nm)",
                                        yaxis_title="spectral factor A(λ) λ/550 nm")
        return w.VBox([w.VBox(list(self.opto_controls.values())),
                       w.HBox([self.fig_opto, self.fig_spectrum])])

    def _update_opto(self) -> None:
        c = {k: ctl.value for k, ctl in self.opto_controls.items()}
        syn = OptoelectronicSynapse(bandgap=c["bandgap"], tau_ppc=c["tau_ppc"])
        train = LightPulseTrain(intensity=c["intensity"], wavelength=c["wavelength"],
                                width=c["width"], interval=c["interval"],
                                n_pulses=c["n_pulses"])
        tr = simulate_light_train(syn, train, t_after=max(20.0, 4.0 * c["tau_ppc"]))
        self.results[OPTO] = tr
        scale, unit = axis_scale(tr.photocurrent, "A")
        lam = np.linspace(_LIGHT["wavelength"].low, _LIGHT["wavelength"].high, 400)
        spec = spectral_factor(syn, lam)
        end = train.interval * (train.n_pulses - 1) + train.width
        late = float(np.interp(end + 10.0, tr.t, tr.photocurrent))
        peak = float(tr.amplitudes[-1])
        with self.fig_opto.batch_update():
            self.fig_opto.data[0].x, self.fig_opto.data[0].y = tr.t, tr.intensity
            self.fig_opto.data[1].x, self.fig_opto.data[1].y = tr.t, tr.photocurrent / scale
            self.fig_opto.layout.yaxis2.title.text = f"I_ph ({unit})"
            ppc = 100 * late / peak if peak > 0 else 0.0
            self.fig_opto.layout.title.text = (
                f"last-pulse photocurrent {si(peak, 'A')}; {ppc:.3g} % persists 10 s later (PPC)"
            )
        with self.fig_spectrum.batch_update():
            self.fig_spectrum.data[0].x, self.fig_spectrum.data[0].y = lam, spec
            self.fig_spectrum.data[1].x = [c["wavelength"]]
            self.fig_spectrum.data[1].y = [float(spectral_factor(syn, c["wavelength"]))]
            self.fig_spectrum.layout.title.text = (
                f"band gap {c['bandgap']:.3g} eV (edge at {1239.84 / c['bandgap']:.0f} nm)"
            )
        self.data[OPTO] = {"t_s": tr.t, "intensity_W_m2": tr.intensity,
                           "photocurrent_A": tr.photocurrent, "pulse": np.arange(
                               1, tr.amplitudes.size + 1), "pulse_photocurrent_A": tr.amplitudes}

    # -- 6. triboelectric synapse ----------------------------------------------------
    def _build_tribo(self) -> w.Widget:
        specs = (_spec(_TENG["x_max"], "press amplitude x_max"), _PRESS["frequency"],
                 _PRESS["n_presses"], _TENG["sigma"])
        self._tribo_controls = controls_for(specs, continuous_update=False)
        self._watch(self.tribo_controls, TRIBO)
        self._fig_tribo = figure(rows=3, height=560, title="Press -> TENG -> synaptic transistor")
        self.fig_tribo.add_scatter(name="separation", line=dict(color=pal.SKY_BLUE), row=1, col=1)
        self.fig_tribo.add_scatter(name="gate voltage", line=dict(color=pal.PURPLE), row=2, col=1)
        self.fig_tribo.add_scatter(name="drain current", line=dict(color=pal.BLACK), row=3, col=1)
        self.fig_tribo.update_yaxes(title_text="x (mm)", row=1, col=1)
        self.fig_tribo.update_yaxes(title_text="V_gate (V)", row=2, col=1)
        self.fig_tribo.update_xaxes(title_text="time (s)", row=3, col=1)
        self._fig_presses = figure(title="Peak response per press", height=560)
        self.fig_presses.add_bar(name="peak |ΔI|", marker_color=pal.GREEN)
        self.fig_presses.update_layout(xaxis_title="press number")
        return w.VBox([w.VBox(list(self.tribo_controls.values())),
                       w.HBox([self.fig_tribo, self.fig_presses])])

    def _update_tribo(self) -> None:
        c = {k: ctl.value for k, ctl in self.tribo_controls.items()}
        teng = ContactSeparationTENG(x_max=c["x_max"], sigma=c["sigma"])
        dev = self.device
        res = simulate_tribo_synapse(teng, dev, frequency=c["frequency"],
                                     n_presses=c["n_presses"], t_after=2.0,
                                     samples_per_press=100)
        self.results[TRIBO] = res
        scale, unit = axis_scale(res.synapse.current, "A")
        pscale, punit = axis_scale(res.press_peaks, "A")
        peaks = res.press_peaks
        with self.fig_tribo.batch_update():
            self.fig_tribo.data[0].x, self.fig_tribo.data[0].y = res.t, res.displacement * 1e3
            self.fig_tribo.data[1].x, self.fig_tribo.data[1].y = res.t, res.v_gate
            self.fig_tribo.data[2].x = res.t
            self.fig_tribo.data[2].y = res.synapse.current / scale
            self.fig_tribo.layout.yaxis3.title.text = f"I_d ({unit})"
            self.fig_tribo.layout.title.text = (
                f"peak gate voltage {float(np.max(res.v_gate)):.3g} V at "
                f"x_max = {c['x_max'] * 1e3:.3g} mm"
            )
        with self.fig_presses.batch_update():
            self.fig_presses.data[0].x = np.arange(1, peaks.size + 1)
            self.fig_presses.data[0].y = peaks / pscale
            self.fig_presses.layout.yaxis.title.text = f"peak |ΔI| ({punit})"
            gain = peaks[-1] / peaks[0] if peaks[0] > 0 else 0.0
            self.fig_presses.layout.title.text = (
                f"last/first press = {gain:.3g} at {c['frequency']:.3g} Hz"
            )
        self.data[TRIBO] = {"t_s": res.t, "x_m": res.displacement, "v_gate_V": res.v_gate,
                            "i_drain_A": res.synapse.current, "press": np.arange(
                                1, peaks.size + 1), "press_peak_A": peaks}

