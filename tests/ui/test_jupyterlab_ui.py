"""A chapter notebook's lab in JupyterLab 4, in a real headless Chromium.

JupyterLab (the ``make lab`` and Binder ``lab/`` paths) is started on a free loopback
port in a temporary copy of chapter 1 (the repository is never written to); the
chapter's lab cell (``NeuronLab()``) is run with Shift+Enter, the plotly figures must
render in its output area, a slider moved with the keyboard must change the drawn
traces (the SVG paths, not only the figure's data), a tab built when first opened must
draw its figure, and the figure toolbar's camera
button must save a publication PNG named after the lab.  This is what the plotly
front-end extension (jupyterlab-plotly 5.24, which ``jupyter labextension list`` flags
for its old lumino dependency ranges) must do inside JupyterLab 4.
"""

from __future__ import annotations

import shutil
import struct
import time
from pathlib import Path

import pytest

from .helpers import (
    WAIT_TIMEOUT_MS,
    all_plots_signature,
    nudge_slider,
    sliders,
    start_jupyterlab,
    svg_paths_signature,
    wait_for_change,
    wait_for_idle_kernel,
    wait_until_settled,
)

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui"), pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_biological_neurons.ipynb"
LAB_CELL = "NeuronLab()"
LAZY_TAB = "f-I curve"


@pytest.fixture
def jupyterlab_url(tmp_path_factory):
    from .conftest import _warm_numba_cache

    _warm_numba_cache()
    folder = tmp_path_factory.mktemp("jupyterlab")
    shutil.copy(ROOT / "notebooks" / CHAPTER, folder / CHAPTER)
    with start_jupyterlab(folder, pythonpath=ROOT) as url:
        yield url


def _open_and_run_lab_cell(page, jupyterlab_url):
    """Open the chapter in JupyterLab, run its lab cell (Shift+Enter), wait for a plot and
    a slider in the cell's output; return the cell."""
    page.goto(f"{jupyterlab_url}/lab/tree/{CHAPTER}", timeout=WAIT_TIMEOUT_MS)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT_TIMEOUT_MS)
    wait_for_idle_kernel(jupyterlab_url)
    cell = page.locator(".jp-CodeCell", has_text=LAB_CELL).last
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")

    output = cell.locator(".jp-OutputArea")
    output.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=WAIT_TIMEOUT_MS)
    output.locator(".widget-slider").first.wait_for(timeout=WAIT_TIMEOUT_MS)
    return cell


def test_chapter_lab_in_jupyterlab_draws_updates_and_exports(page, jupyterlab_url, tmp_path):
    from neuroexplore.widgets.plotting import EXPORT_SCALE

    t0 = time.perf_counter()
    cell = _open_and_run_lab_cell(page, jupyterlab_url)
    render_s = time.perf_counter() - t0
    output = cell.locator(".jp-OutputArea")
    assert not output.locator(".neuroexplore-error").count(), "the lab shows an error"
    assert not output.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']"
                              ).count(), "the lab cell wrote to stderr"
    wait_until_settled(page)
    drawn = svg_paths_signature(page)
    assert drawn.count("M") > 0, "the plotly figure drew no trace"

    slider = sliders(page)[0]
    data_before = all_plots_signature(page)
    pressed = nudge_slider(page, slider)
    latency = wait_for_change(page, data_before, since=pressed)
    wait_until_settled(page)
    assert svg_paths_signature(page) != drawn, "the figure's data changed but its SVG did not"
    assert render_s < 90.0 and latency < 10.0

    # a tab built only when opened (TabbedLab) draws its figure in JupyterLab too
    plots_before = output.locator(".js-plotly-plot").count()
    output.locator(".lm-TabBar-tab", has_text=LAZY_TAB).click()
    page.wait_for_function(
        """(n) => {
            const plots = document.querySelectorAll('.jp-OutputArea .js-plotly-plot');
            if (plots.length <= n) return false;
            const p = plots[plots.length - 1];
            return p.data && p.data.some(t => t.x && t.x.length > 0)
                && p.querySelectorAll('.main-svg .trace path').length > 0;
        }""",
        arg=plots_before,
        timeout=WAIT_TIMEOUT_MS,
    )
    output.locator(".lm-TabBar-tab").first.click()

    # the camera button of the figure's toolbar saves a PNG at EXPORT_SCALE times its size
    # on screen, named after the lab
    plot = output.locator(".js-plotly-plot").first
    width, height = plot.evaluate("p => [p._fullLayout.width, p._fullLayout.height]")
    plot.hover()  # the modebar shows on hover
    button = plot.locator(".modebar-btn[data-title^='Download plot']")
    with page.expect_download(timeout=30_000) as download:
        button.click()
    name = download.value.suggested_filename
    assert name.startswith("neuron_lab") and name.endswith(".png"), name
    saved = tmp_path / name
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    png_width, png_height = struct.unpack(">II", data[16:24])
    assert (png_width, png_height) == (EXPORT_SCALE * width, EXPORT_SCALE * height)
