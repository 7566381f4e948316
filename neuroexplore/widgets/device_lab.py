"""DeviceLab: memristor I-V loops, pulse-programmed synapses, drift/retention, your own data.

Four tabs over :mod:`neuroexplore.devices` (review chapter 3), every slider built
from the engine's ``ParamSpec``\\ s:

1. **I-V loops** (:mod:`._device_iv`) -- HP (with none/Joglekar/Biolek windows),
   VTEAM and Yakopcic models under sine, triangle or pulse drive: the pinched
   hysteresis loop with its area, state and conductance vs time, and an optional
   overlay at 2x and 5x frequency;
2. **Pulse response** (:mod:`._device_pulse`) -- every preset of the published
   device table (and ``"ideal"``): LTP then LTD with cycle-to-cycle and
   device-to-device variation, the preset's curve and the NeuroSim fit, with the
   citation;
3. **Drift & retention** -- PCM drift (Joshi et al. 2020), stretched-exponential
   retention, FeFET incremental programming (Jerry et al. 2017);
4. **Your data** (:mod:`._device_data`) -- upload a CSV (or load the bundled
   sample), fit, read the parameters with their uncertainties, keep the device for
   the crossbar lab, export.

The I-V tab is the start-up view and stays live on every slider tick; the other
tabs compute when first shown and then on slider release.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ._device_common import csv_text, download_link, export_with_provenance
from ._device_data import DataPanel
from ._device_iv import IVPanel
from ._device_pulse import DriftPanel, PulsePanel
from .base import LazyControls, TabbedLab, tab_property

__all__ = ["DeviceLab", "TAB_TITLES"]

TAB_TITLES = ("I–V loops", "Pulse response", "Drift & retention", "Your data")
IV, PULSE, DRIFT, DATA = range(len(TAB_TITLES))


class DeviceLab(TabbedLab):
    """Interactive lab for memristive and pulse-programmed devices.

    Examples
    --------
    >>> lab = DeviceLab()
    >>> lab.iv.model, lab.error
    ('hp', '')
    >>> lab.tabs.selected_index = 3
    >>> lab.data.load_sample()
    >>> "nonlinearity label" in lab.data.table.value
    True
    """

    def __init__(self) -> None:
        self.export_button = w.Button(description="Export this tab (CSV)", icon="download")
        self.export_link = w.HTML()
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        # the I-V tab is built at start; the others when first shown or used
        self.init_tabs(
            [
                (TAB_TITLES[IV], self._build_iv, lambda: self.iv.refresh()),
                (TAB_TITLES[PULSE], self._build_pulse, lambda: self.pulse.refresh()),
                (TAB_TITLES[DRIFT], self._build_drift, lambda: self.drift.refresh()),
                (TAB_TITLES[DATA], self._build_data, None),
            ],
            footer=[w.HBox([self.export_button, self.export_link])],
        )

    pulse = tab_property(PULSE, "_pulse", "The pulse-response tab (a PulsePanel).")
    drift = tab_property(DRIFT, "_drift", "The drift & retention tab (a DriftPanel).")
    data = tab_property(DATA, "_data", 'The "Your data" tab (a DataPanel).')

    def state_controls(self) -> dict[str, Any]:
        """State keys ``iv.*``, ``pulse.*`` and ``drift.*``, one group a tab (an
        uploaded file is not part of the state)."""
        return {
            "iv": LazyControls(IV, lambda: {"model": self.iv.model_select,
                                            **self.iv.wave_controls, "compare": self.iv.compare,
                                            **self.iv.param_controls}),
            "pulse": LazyControls(PULSE, lambda: {"preset": self.pulse.preset_select,
                                                  **self.pulse.controls}),
            "drift": LazyControls(DRIFT, lambda: self.drift.controls),
        }

    # -- tab builders --------------------------------------------------------------------
    def _build_iv(self) -> IVPanel:
        self.iv = IVPanel(self.guarded)
        return self.iv

    def _build_pulse(self) -> PulsePanel:
        self._pulse = PulsePanel(self.guarded)
        return self._pulse

    def _build_drift(self) -> DriftPanel:
        self._drift = DriftPanel(self.guarded)
        return self._drift

    def _build_data(self) -> DataPanel:
        self._data = DataPanel(self.guarded, self.show_info)
        return self._data

    def _panel(self, tab: int) -> w.Widget:
        return getattr(self, ("iv", "pulse", "drift", "data")[tab])

    def export_csv(self, tab: int | None = None) -> str:
        """The data shown in ``tab`` (default: the visible one) as CSV text.

        Provenance comments come first: the model or device, every parameter with its
        unit, the seed (where there is one), the neuroexplore version and the date.
        """
        tab = self.tabs.selected_index if tab is None else tab
        if tab == DATA:
            return self.data.export_csv()
        panel = self._panel(tab)
        prov = panel.provenance()
        return export_with_provenance(csv_text(panel.export_columns()), prov.pop("what"),
                                      **prov)

    def _export(self) -> None:
        tab = self.tabs.selected_index
        name = ("iv", "pulse_response", "drift_retention", "your_data")[tab]
        self.export_link.value = download_link(self.export_csv(tab), f"device_{name}.csv",
                                               f"download {TAB_TITLES[tab]} data as CSV")
