"""CrossbarLab: weights programmed into device arrays, IR drop, accuracy sweeps, in-situ training.

Review chapter 4 (device arrays).  Four tabs over :mod:`neuroexplore.crossbar`, the one
lab that imports torch:

* **Weights -> conductances** (live sliders): a weight matrix, the programmed ``G+``
  and ``G-`` (µS) of the chosen device, the realised-weight error, and the crossbar's
  ``W x`` against the exact product through the ADC;
* **IR drop**: the exact nodal solve of an ``N x N`` array
  (:func:`~neuroexplore.crossbar.ir_drop_exact.ir_drop`): voltage across every cell and the
  output currents with and without wire resistance;
* **Accuracy sweep** (button): digits accuracy of a cached MLP on crossbars versus one
  non-ideality, with the float baseline;
* **In-situ training** (button): test accuracy per epoch of MLP NeuroSim-style training
  on device pulses, several devices overlaid.

Every control is built from the engine's ``ParamSpec``\\ s; kept devices from the device
lab (``neuroexplore.widgets.device_store``, when present) join the preset list.  Only the
first tab is built at start; the others are built when first opened (or used).
"""

from __future__ import annotations

import base64
import html
from dataclasses import replace
from typing import Any

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..crossbar import CrossbarArray, CrossbarConfig
from ..crossbar.ir_drop_exact import IR_DROP_SPECS, ir_drop
from ..crossbar.pcm_stats import T0
from ..crossbar.studies import (
    SWEEP_REPEATS,
    SWEEPS,
    digits_mlp,
    histories_csv,
    random_conductances,
    sweep_csv,
)
from ..devices import presets
from ..devices.presets import resolve_device
from ..params import ChoiceSpec, specs_by_name
from ..threads import limit_threads
from . import palette as pal
from ._crossbar_runs import SWEEP_SPEC, SweepTab, TrainTab
from ._device_common import export_with_provenance
from .base import LazyControls, TabbedLab, tab_property
from .controls import control_for, controls_for, step_over
from .device_store import kept_devices
from .plotting import LAYOUT, figure

__all__ = ["CrossbarLab", "device_options", "WEIGHT_CONTROLS", "MATRIX_SPEC", "IR_SIZE_SPEC",
           "TAB_TITLES"]

TAB_TITLES = ("Weights -> conductances", "IR drop", "Accuracy sweep", "In-situ training")
WEIGHTS, IR, SWEEP, TRAIN = range(len(TAB_TITLES))

DEFAULT_DEVICE = "AlOx/HfO2"
#: CrossbarConfig fields with live controls on the first tab.
WEIGHT_CONTROLS = ("mapping", "programming", "drift", "states", "c2c_scale", "d2d_sigma",
                   "stuck_on_rate", "stuck_off_rate", "adc_bits")
#: The weight matrix shown on the first tab.
MATRIX_SPEC = ChoiceSpec("matrix", "random 32x32",
                         ("random 16x16", "random 32x32", "digits MLP output layer (10x32)"),
                         doc="weight matrix programmed into the array")
#: Array size of the IR-drop tab.
IR_SIZE_SPEC = ChoiceSpec("size", 64, (16, 32, 64, 128, 256, 512, 1024),
                          doc="rows = columns of the array")
#: Largest array solved with 0T1R selector cells (Newton: one factorisation per step).
IR_MAX_0T1R = 128
#: Arrays above this many rows are drawn as block minima (the plot stays light).
IR_DRAW_MAX = 256
_CFG = specs_by_name(CrossbarConfig.SPECS)
_IR = specs_by_name(IR_DROP_SPECS)
#: Drift time on a log axis: from the drift reference time t0 to the spec's upper bound.
T_INFERENCE_SPEC = replace(_CFG["t_inference"], low=T0, default=3600.0, log=True)
#: Wire resistance on a log axis (the spec's 0 = ideal wires is the lower limit).
R_WIRE_SPEC = replace(_IR["r_wire"], low=0.01, default=2.0, log=True)
N_TEST_INPUTS = 64
V_READ = _CFG["v_read"].default


def _kept_devices() -> dict[str, Any]:
    """Devices kept in the device lab (``{}`` when the store cannot be read)."""
    try:
        return dict(kept_devices())
    except Exception:  # noqa: BLE001 - a broken store must not break this lab
        return {}


def device_options(*, with_float: bool = False) -> list[tuple[str, Any]]:
    """Dropdown options: every preset by name, then kept devices as ``kept: name``."""
    opts: list[tuple[str, Any]] = [(n, n) for n in presets()]
    opts += [(f"kept: {k}", dev) for k, dev in _kept_devices().items()]
    if with_float:
        opts.append(("software (float)", "float"))
    return opts


class CrossbarLab(TabbedLab):
    """Interactive lab for chapter 4: device arrays (crossbars).

    Parameters
    ----------
    device : str
        Initial device preset.
    background : bool
        Run sweeps and training in a background thread (so Stop works in a notebook);
        ``False`` runs them in the caller's thread.

    Examples
    --------
    >>> lab = CrossbarLab(background=False)
    >>> lab.array.weight_shape
    (32, 32)
    """

    def __init__(self, device: str = DEFAULT_DEVICE, *, background: bool = True) -> None:
        self.background = background
        self.busy = False
        self._quiet = False
        names = presets()
        if device not in names:
            raise ValueError(f"device = {device!r} is not a preset; valid names are {names}")
        self._initial_device = device
        self.device_select = w.Dropdown(options=device_options(), value=device,
                                        description="device", layout=w.Layout(width="420px"))
        self.refresh_button = w.Button(description="refresh devices", icon="refresh",
                                       tooltip="reload devices kept in the device lab")
        self.refresh_button.on_click(lambda _b: self.refresh_devices())
        self.export_button = w.Button(description="Export CSV", icon="download")
        self.export_link = w.HTML()
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        self.device_select.observe(lambda _c: self._on_device(), names="value")
        header = w.HBox([self.device_select, self.refresh_button, self.export_button,
                         self.export_link])
        # the weights tab is built at start; the IR drop is solved, and the sweep and
        # training tabs are built, when first opened (keeps start-up short)
        self.init_tabs(
            [
                (TAB_TITLES[WEIGHTS], self._build_weights, self._update_weights),
                (TAB_TITLES[IR], self._build_ir, self._update_ir),
                (TAB_TITLES[SWEEP], self._build_sweep, None),
                (TAB_TITLES[TRAIN], self._build_train, None),
            ],
            header=[header],
        )

    ir_controls = tab_property(IR, "_ir_controls")
    fig_ir = tab_property(IR, "_fig_ir")
    fig_cols = tab_property(IR, "_fig_cols")
    sweep_tab = tab_property(SWEEP, "_sweep_tab", "The accuracy-sweep tab (a SweepTab).")
    train_tab = tab_property(TRAIN, "_train_tab", "The in-situ training tab (a TrainTab).")

    def state_controls(self) -> dict[str, Any]:
        """State keys: device, then ``weights.*``, ``ir.*``, ``sweep.*``, ``train.*``."""
        return {
            "device": self.device_select,
            "weights": LazyControls(WEIGHTS, lambda: {"matrix": self.matrix_select,
                                                      **self.weight_controls,
                                                      "t_inference": self.t_control}),
            "ir": LazyControls(IR, lambda: self.ir_controls),
            "sweep": LazyControls(SWEEP, lambda: self.sweep_tab.controls),
            "train": LazyControls(TRAIN, lambda: {"device": self.train_tab.device_select,
                                                  **self.train_tab.controls}),
        }

    # -- public ----------------------------------------------------------------------
    @property
    def device(self) -> Any:
        """The selected device (preset name or kept PulseDevice)."""
        return self.device_select.value

    def config(self) -> CrossbarConfig:
        """The CrossbarConfig the first tab's controls describe (validated)."""
        vals = {k: c.value for k, c in self.weight_controls.items()}
        t = self.t_control.value if vals["drift"] else 0.0
        return CrossbarConfig(pulse_device=self.device, torch_device="cpu", seed=0,
                              t_inference=t, **vals)

    def refresh_devices(self) -> None:
        """Reload the device list (presets plus devices kept in the device lab)."""
        dropdowns = [(self.device_select, device_options())]
        if self.is_built(TRAIN):  # an unbuilt training tab reads the list when built
            dropdowns.append((self.train_tab.device_select, device_options(with_float=True)))
        for dd, opts in dropdowns:
            keep = dd.value
            dd.options = opts
            if keep in [v for _, v in opts]:
                dd.value = keep

    def run_sweep(self) -> None:
        """Start the accuracy sweep selected on its tab."""
        self.sweep_tab.start()

    def train_in_situ(self) -> None:
        """Start in-situ training on the training tab's device."""
        self.train_tab.start()

    def export_sweep_csv(self) -> str:
        """CSV of the last accuracy sweep (``""`` before the first), provenance first."""
        if not self.is_built(SWEEP) or self.sweep_tab.result is None:
            return ""
        res = self.sweep_tab.result
        sw = SWEEPS[res.sweep]
        repeats = int(next(iter(res.accuracy.values())).shape[1]) if res.accuracy else 0
        notes = [f"value column: {sw.label} [{sw.unit or '1'}]"]
        if res.cancelled:
            notes.append("sweep stopped early: the points reached")
        return export_with_provenance(
            sweep_csv(res), f"CrossbarLab accuracy sweep of {sw.name} on {res.device} "
            "(cached 64-32-10 digits MLP)", (), {"sweep": res.sweep, "device": res.device,
                                                 "repeats": repeats},
            specs=[SWEEP_SPEC, SWEEP_REPEATS], seed=0, notes=notes)

    def export_training_csv(self) -> str:
        """CSV of the in-situ training histories on the plot (``""`` before the first).

        Provenance first: each run's device and controls (``run<k>.name``) with units.
        """
        if not self.is_built(TRAIN) or not self.train_tab.runs:
            return ""
        params: dict[str, Any] = {}
        specs: list = []
        tab = self.train_tab
        for k, ((label, hist), snap) in enumerate(zip(tab.runs, tab.run_settings,
                                                      strict=True), start=1):
            params[f"run{k}.device"] = label
            for name, value, spec in snap:
                params[f"run{k}.{name}"] = value
                specs.append(replace(spec, name=f"run{k}.{name}"))
            if hist.cancelled:
                params[f"run{k}.stopped_after_epochs"] = (hist.test_accuracy.size, "")
        return export_with_provenance(
            histories_csv(tab.runs), "CrossbarLab in-situ training histories (digits, "
            "64-32-10 MLP on differential device pairs)", (), params, specs=specs, seed=0)

    # -- weights -> conductances -----------------------------------------------------
    def _build_weights(self) -> w.Widget:
        self.matrix_select = control_for(MATRIX_SPEC)
        self.weight_controls = controls_for([_CFG[n] for n in WEIGHT_CONTROLS], adc_bits=8)
        self.t_control = control_for(T_INFERENCE_SPEC)
        self.t_control.layout.display = "none"
        for name in ("adc_bits", "dac_bits", "states"):  # 1 is refused by the engine
            if name in self.weight_controls:
                step_over(self.weight_controls[name], 1, below=0, above=2)
        for ctl in (*self.weight_controls.values(), self.t_control, self.matrix_select):
            ctl.observe(lambda _c: self._on_weight_control(), names="value")
        self.fig_maps = go.FigureWidget(make_subplots(
            rows=2, cols=2, horizontal_spacing=0.16, vertical_spacing=0.14,
            subplot_titles=("target weights", "G+", "G-", "weight error")))
        bars = ((0.43, 0.79), (1.0, 0.79), (0.43, 0.21), (1.0, 0.21))
        scales = (pal.DIVERGING, pal.SEQUENTIAL, pal.SEQUENTIAL, pal.DIVERGING)
        axes: dict[str, Any] = {}
        for k, ((cx, cy), cs) in enumerate(zip(bars, scales, strict=True)):
            axis = "" if k == 0 else str(k + 1)
            self.fig_maps.add_heatmap(colorscale=cs, xaxis=f"x{axis}", yaxis=f"y{axis}",
                                      colorbar=dict(x=cx, y=cy, len=0.4, thickness=12))
            axes[f"yaxis{axis}"] = dict(autorange="reversed", title="row (input)")
            axes[f"xaxis{axis}"] = dict(title="column (output)")
        self.fig_maps.update_layout(**{**LAYOUT, "height": 620,
                                       "margin": dict(l=50, r=20, t=70, b=40)}, **axes)
        self.fig_out = figure(height=420, title="crossbar output")
        self.fig_out.add_scatter(name="y = x", mode="lines",
                                 line=dict(color=pal.BLACK, dash="dash"))
        self.fig_out.add_scattergl(name="crossbar vs exact", mode="markers",
                                   marker=dict(size=4, color=pal.BLUE, opacity=0.6))
        self.fig_out.update_layout(xaxis_title="exact W·x", yaxis_title="crossbar W·x")
        self.weights_text = w.HTML()
        controls = w.VBox([self.matrix_select, *self.weight_controls.values(), self.t_control,
                           self.weights_text])
        self._set_device_states()
        return w.VBox([w.HBox([controls, self.fig_out]), self.fig_maps])

    def _weight_matrix(self) -> np.ndarray:
        choice = self.matrix_select.value
        if choice.startswith("digits"):
            return digits_mlp()[2].weight.detach().numpy().astype(float)
        n = int(choice.split("x")[-1])
        return np.random.default_rng(0).normal(size=(n, n))

    def _on_weight_control(self) -> None:
        if self._quiet:
            return
        drift = bool(self.weight_controls["drift"].value)
        self.t_control.layout.display = None if drift else "none"
        self.redraw_tab(WEIGHTS)

    def _on_device(self) -> None:
        self._set_device_states()
        self.redraw_tab(WEIGHTS)
        # the IR map is redrawn now if it is shown, else when it is next opened
        self.invalidate_tabs(IR)

    def _set_device_states(self) -> None:
        """Show the device's own number of states on the states slider (0 = continuous)."""
        dev = resolve_device(self.device)
        states = 0 if dev.model == "linear" and dev.c2c_sigma == 0 else int(dev.states_ltp)
        self._quiet = True
        try:
            self.weight_controls["states"].value = min(states, self.weight_controls["states"].max)
        finally:
            self._quiet = False

    def _update_weights(self) -> None:
        cfg = self.config()
        W = self._weight_matrix()
        with limit_threads(1):
            arr = CrossbarArray.from_weights(W, None, cfg, seed=0)
            arr.count_adc_clipping = True  # the title reports the clipped fraction
            g = {k: v.cpu().numpy() * 1e6 for k, v in arr.conductances().items()}
            w_eff = arr.effective_weights().cpu().numpy()
            x = np.random.default_rng(1).random((N_TEST_INPUTS, W.shape[1]))
            y = np.asarray(arr.matmul(x, seed=0), dtype=float)
        self.array, self.weights = arr, W
        exact = x @ W.T
        err = (w_eff - W) / arr.w_max
        rms_rel = float(np.sqrt(np.mean((y - exact) ** 2)) / np.sqrt(np.mean(exact**2)))
        dev = arr.device
        names = list(g)
        labels = ("G+ (µS)", "G- (µS)") if names[0] == "pos" else (
            "G main (µS)", "G reference column (µS)")
        with self.fig_maps.batch_update():
            d = self.fig_maps.data
            d[0].z, d[0].zmin, d[0].zmax = W.T, -arr.w_max, arr.w_max
            for k, name in ((1, names[0]), (2, names[1])):
                d[k].z, d[k].zmin, d[k].zmax = g[name], dev.g_min * 1e6, dev.g_max * 1e6
            lim = max(float(np.abs(err).max()), 1e-6)
            d[3].z, d[3].zmin, d[3].zmax = err.T, -lim, lim
            ann = self.fig_maps.layout.annotations
            ann[0].text = f"target Wᵀ ({W.shape[1]} rows x {W.shape[0]} columns)"
            ann[1].text, ann[2].text = labels
            ann[3].text = (f"(W_eff − W)/max|W|: RMS {100 * np.sqrt(np.mean(err**2)):.2f} %, "
                           f"max {100 * np.abs(err).max():.1f} %")
            self.fig_maps.layout.title.text = (
                f"{dev.name}: {dev.states_ltp} states, G {dev.g_min * 1e6:.3g}–"
                f"{dev.g_max * 1e6:.3g} µS, {cfg.mapping} mapping, {cfg.programming} programming"
            )
        lo, hi = float(min(exact.min(), y.min())), float(max(exact.max(), y.max()))
        adc = "ideal ADC"
        if cfg.adc_bits:
            rng = ("fixed range" if cfg.adc_calibration == "fixed"
                   else f"range calibrated {cfg.adc_calibration.replace('_', ' ')}")
            adc = (f"{cfg.adc_bits}-bit ADC, {rng}, "
                   f"{100 * arr.adc_clip_fraction:.2g} % clipped")
        with self.fig_out.batch_update():
            self.fig_out.data[0].x, self.fig_out.data[0].y = [lo, hi], [lo, hi]
            self.fig_out.data[1].x, self.fig_out.data[1].y = exact.ravel(), y.ravel()
            self.fig_out.layout.title.text = (
                f"crossbar W·x vs exact ({adc}): RMS error {100 * rms_rel:.2f} % of RMS(W·x)"
            )
        faults = {k: int((v != 0).sum()) for k, v in arr.fault_map().items()}
        self.weights_text.value = (
            f"<small>{html.escape(arr.__repr__())}<br>stuck cells: "
            f"{sum(faults.values())} of {sum(v.size for v in g.values())}</small>"
        )

    # -- IR drop ---------------------------------------------------------------------
    def _build_ir(self) -> w.Widget:
        self._ir_controls = {
            "size": control_for(IR_SIZE_SPEC),
            "r_wire": control_for(R_WIRE_SPEC, continuous_update=False),
            "cell": control_for(_IR["cell"]),
            "selector_k": control_for(_IR["selector_k"], continuous_update=False),
        }
        self.ir_controls["selector_k"].layout.display = "none"
        for ctl in self.ir_controls.values():
            ctl.observe(lambda _c: self._on_ir_control(), names="value")
        self._fig_ir = figure(height=520, title="IR drop")
        self.fig_ir.add_heatmap(colorscale=pal.SEQUENTIAL, colorbar=dict(title="V"))
        self.fig_ir.update_layout(yaxis=dict(autorange="reversed", title="row (driven at left)"),
                                  xaxis_title="column (sensed at bottom)")
        self._fig_cols = figure(height=520, title="output currents")
        self.fig_cols.add_scatter(name="ideal wires (G^T V)", mode="lines",
                                  line=dict(color=pal.BLACK, dash="dash"))
        self.fig_cols.add_scatter(name="with wire resistance", mode="lines+markers")
        self.fig_cols.update_layout(xaxis_title="column", yaxis_title="output current (µA)")
        note = w.HTML(
            f"<small>Cells drawn uniformly between the device's G_min and G_max (seeded); "
            f"every row driven at {V_READ:g} V; exact sparse nodal analysis.</small>"
        )
        return w.VBox([w.HBox([w.VBox(list(self.ir_controls.values())), note]),
                       w.HBox([self.fig_ir, self.fig_cols])])

    def _on_ir_control(self) -> None:
        zerot = self.ir_controls["cell"].value == "0T1R"
        self.ir_controls["selector_k"].layout.display = None if zerot else "none"
        self.redraw_tab(IR)

    def _update_ir(self) -> None:
        c = {k: ctl.value for k, ctl in self.ir_controls.items()}
        n = int(c["size"])
        if c["cell"] == "0T1R" and n > IR_MAX_0T1R:
            raise ValueError(f"size = {n} is outside the range of 0T1R arrays in this lab "
                             f"(up to {IR_MAX_0T1R}: Newton's method refactorises every step); "
                             "choose a smaller size or 1T1R cells")
        if n > IR_DRAW_MAX:  # a visible note while the 2 n^2-node network is solved
            self.show_info(f"solving the {n}x{n} array exactly ({2 * n * n:,} nodes): "
                           "a few seconds…")
        G = random_conductances(n, n, self.device, seed=0)
        res = ir_drop(G, np.full(n, V_READ), c["r_wire"], cell=c["cell"],
                      selector_k=c["selector_k"], v_ref=V_READ)
        self.ir_result = res
        if n > IR_DRAW_MAX:
            self.clear_message()
        err = float(res.relative_error.max())
        z, ticks = res.v_cell, np.arange(n)
        if n > IR_DRAW_MAX:  # worst (lowest) cell voltage of each k x k block
            k = n // IR_DRAW_MAX
            z = res.v_cell.reshape(n // k, k, n // k, k).min(axis=(1, 3))
            ticks = np.arange(n // k) * k + (k - 1) / 2
        with self.fig_ir.batch_update():
            self.fig_ir.data[0].z = z
            self.fig_ir.data[0].x, self.fig_ir.data[0].y = ticks, ticks
            self.fig_ir.data[0].zmin, self.fig_ir.data[0].zmax = float(res.v_cell.min()), V_READ
            self.fig_ir.layout.title.text = (
                f"voltage across each cell, {n}x{n} {c['cell']}, r_wire = {c['r_wire']:.3g} Ω: "
                f"min {res.v_cell.min():.3f} V"
            )
        cols = np.arange(n)
        with self.fig_cols.batch_update():
            self.fig_cols.data[0].x, self.fig_cols.data[0].y = cols, res.i_ideal * 1e6
            self.fig_cols.data[1].x, self.fig_cols.data[1].y = cols, res.i_out * 1e6
            self.fig_cols.layout.title.text = (
                f"output current error vs ideal: max {100 * err:.2f} % of the largest output"
            )

    # -- accuracy sweep and in-situ training (slow work behind buttons) ----------------
    def _build_sweep(self) -> w.Widget:
        self._sweep_tab = SweepTab(self)
        return self._sweep_tab

    def _build_train(self) -> w.Widget:
        self._train_tab = TrainTab(self, device_options(with_float=True))
        self._train_tab.device_select.value = self._initial_device
        return self._train_tab

    # -- export ----------------------------------------------------------------------
    def _export(self) -> None:
        links = []
        for text, fname, what in ((self.export_sweep_csv(), "crossbar_sweep.csv", "last sweep"),
                                  (self.export_training_csv(), "crossbar_training.csv",
                                   "training histories")):
            if text:
                payload = base64.b64encode(text.encode()).decode()
                links.append(f'<a download="{fname}" href="data:text/csv;base64,{payload}">'
                             f"{what} (CSV)</a>")
        if not links:
            self.export_link.value = ""
            self.show_info("nothing to export yet: run a sweep or an in-situ training first")
            return
        self.export_link.value = " · ".join(links)
