"""DeviceLab in a real headless Chromium: upload the bundled sample CSV and see the fit.

Then an Excel export saved as Windows-1252 with two cycles: both cycles are fitted.

Opens ``device_lab.ipynb`` in Voila, switches to the "Your data" tab, gives the
upload button the bundled ``sample_pulse_measurement.csv`` through the file chooser
it opens (as a person choosing the file would) and waits until the plot shows the
data and the fitted curve and the parameter table shows the nonlinearity labels.
"""

from __future__ import annotations

from importlib import resources

import pytest

from .helpers import RENDER_TIMEOUT_MS, all_plots_signature, open_app, wait_for_change

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

SAMPLE = resources.files("neuroexplore").joinpath("data", "sample_pulse_measurement.csv")
EXAMPLES = resources.files("neuroexplore").joinpath("data", "measurements")


def test_upload_sample_csv_shows_the_fit(page, voila_url, tmp_path):
    open_app(page, voila_url, "device_lab.ipynb")
    assert not page.query_selector(".neuroexplore-error")
    page.locator(".lm-TabBar-tab", has_text="Your data").first.click()
    page.wait_for_selector("text=Upload CSV", timeout=RENDER_TIMEOUT_MS)
    before = all_plots_signature(page)
    # ipywidgets 8 keeps FileUpload's <input type=file> out of the DOM and opens it from
    # the button, so the file goes in through the chooser that the click opens (Playwright
    # then sets the input's files exactly as set_input_files does)
    with resources.as_file(SAMPLE) as path:
        with page.expect_file_chooser(timeout=30_000) as chooser:
            page.locator(".widget-upload").first.click()
        chooser.value.set_files(str(path))
    wait_for_change(page, before, timeout_s=30.0)
    page.wait_for_selector(".neuroexplore-fit-table >> text=nonlinearity label LTP",
                           timeout=30_000)
    table = page.inner_text(".neuroexplore-fit-table")
    assert "nonlinearity label LTD" in table and "±" in table
    assert not page.query_selector(".neuroexplore-error")
    # the plot of the "Your data" tab now holds the measured points and the fit
    counts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
              .filter(p => p.offsetParent !== null)
              .map(p => (p.data || []).map(t => (t.x || []).length))"""
    )
    assert any(len(c) >= 2 and c[0] == 65 and c[1] == 65 for c in counts), counts

    # an Excel export saved on Windows (cp1252: 'µ' is the byte 0xb5) with two cycles
    excel = EXAMPLES.joinpath("excel_semicolon_two_cycles.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "excel_two_cycles.csv"
    path.write_bytes(excel.encode("cp1252"))
    before = all_plots_signature(page)
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.locator(".widget-upload").first.click()
    chooser.value.set_files(str(path))
    wait_for_change(page, before, timeout_s=30.0)
    page.wait_for_selector(".neuroexplore-fit-table >> text=fitted jointly", timeout=30_000)
    assert "2, fitted jointly" in page.inner_text(".neuroexplore-fit-table")
    assert not page.query_selector(".neuroexplore-error")
