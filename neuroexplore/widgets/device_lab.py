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

import ipywidgets as w

from ._device_common import csv_text, download_link
from ._device_data import DataPanel
from ._device_iv import IVPanel
from ._device_pulse import DriftPanel, PulsePanel
from .base import Lab
from .plotting import sync_figure_state

__all__ = ["DeviceLab", "TAB_TITLES"]

TAB_TITLES = ("I–V loops", "Pulse response", "Drift & retention", "Your data")
IV, PULSE, DRIFT, DATA = range(len(TAB_TITLES))


class DeviceLab(Lab):
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
        self.iv = IVPanel(self.guarded)
        # the other tabs are built when first shown or used (fast start-up)
        self._panels: dict[int, w.Widget] = {IV: self.iv}
        self.tabs = w.Tab([self.iv, w.VBox(), w.VBox(), w.VBox()])
        for i, title in enumerate(TAB_TITLES):
            self.tabs.set_title(i, title)
        self.tabs.observe(self.guarded(self._on_tab, "tab"), names="selected_index")
        self.export_button = w.Button(description="Export this tab (CSV)", icon="download")
        self.export_link = w.HTML()
        self.export_button.on_click(self.guarded(lambda _b: self._export(), "export"))
        super().__init__([self.tabs, w.HBox([self.export_button, self.export_link])])
        self.iv.refresh()

    # -- lazily built tabs ---------------------------------------------------------------
    def _panel(self, tab: int) -> w.Widget:
        if tab not in self._panels:
            panel = {PULSE: lambda: PulsePanel(self.guarded),
                     DRIFT: lambda: DriftPanel(self.guarded),
                     DATA: lambda: DataPanel(self.guarded, self.show_info)}[tab]()
            self._panels[tab] = panel
            if tab in (PULSE, DRIFT):
                panel.refresh()
            # a figure displayed after the lab starts its view from the synced state:
            # sync the freshly drawn data first, then show the panel
            sync_figure_state(panel)
            self.tabs.children[tab].children = [panel]
        return self._panels[tab]

    @property
    def pulse(self) -> PulsePanel:
        """The pulse-response tab."""
        return self._panel(PULSE)

    @property
    def drift(self) -> DriftPanel:
        """The drift & retention tab."""
        return self._panel(DRIFT)

    @property
    def data(self) -> DataPanel:
        """The "Your data" tab."""
        return self._panel(DATA)

    def _on_tab(self, _change) -> None:
        self._panel(self.tabs.selected_index)

    def export_csv(self, tab: int | None = None) -> str:
        """The data shown in ``tab`` (default: the visible one) as CSV text."""
        tab = self.tabs.selected_index if tab is None else tab
        if tab == DATA:
            return self.data.export_csv()
        panel = self._panel(tab)
        return csv_text(panel.export_columns(),
                        header=[f"neuroexplore DeviceLab: {TAB_TITLES[tab]}"])

    def _export(self) -> None:
        tab = self.tabs.selected_index
        name = ("iv", "pulse_response", "drift_retention", "your_data")[tab]
        self.export_link.value = download_link(self.export_csv(tab), f"device_{name}.csv",
                                               f"download {TAB_TITLES[tab]} data as CSV")
