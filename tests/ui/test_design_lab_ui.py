"""DesignLab in a real browser: a search runs in the kernel's background thread, its
trials fill the accuracy-energy plot live, Stop ends it between two trials, and the
trials export as a CSV download link.

With ``UPDATE_SCREENSHOTS=1`` the page is saved mid-run as ``docs/design_lab.png``
(the gallery thumbnail is made from it by ``tools/make_thumbnails.py``).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from .helpers import RENDER_TIMEOUT_MS, WAIT_TIMEOUT_MS, open_app, wait_until_settled

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

ROOT = Path(__file__).resolve().parents[2]
#: the first trial trains the reference digits MLP in the fresh kernel (tens of seconds
#: on a loaded machine), and the session's Voila preheats every app at once
SLOW_MS = 4 * WAIT_TIMEOUT_MS

#: points of the live trials trace (the search's own, not random search's)
_TRIALS = """() => {
    for (const p of document.querySelectorAll('.js-plotly-plot')) {
        for (const t of (p.data || [])) {
            if (t.name && t.name.startsWith('trials') && t.x) return t.x.length;
        }
    }
    return -1;
}"""


def test_design_search_fills_live_stops_and_exports(page, voila_url):
    # a budget large enough that the run is still going when Stop is pressed
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, voila_url, "design_lab.ipynb?budget=40&sampler=tpe&compare=false",
             timeout_ms=SLOW_MS)
    run = page.locator("button.widget-button:visible", has_text="Run search").first
    run.wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_settled(page)
    assert page.evaluate(_TRIALS) == 0
    stop = page.locator("button.widget-button:visible", has_text="Stop").first
    assert stop.is_disabled()
    run.click()
    # the trials trace fills in while the run goes on
    page.wait_for_function(f"() => ({_TRIALS})() >= 3", timeout=SLOW_MS)
    assert not stop.is_disabled() and run.is_disabled()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "design_lab.png"), full_page=False)
    stop.click()
    info = page.locator(".neuroexplore-info", has_text="search stopped after")
    info.wait_for(timeout=WAIT_TIMEOUT_MS)
    text = info.inner_text()
    done, total = (int(v) for v in text.split("after ")[1].split(" steps")[0].split(" of "))
    assert 3 <= done < total == 40, text
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('button.widget-button'))
              .some(b => b.textContent.includes('Run search') && !b.disabled
                         && b.getBoundingClientRect().width > 0)""",
        timeout=RENDER_TIMEOUT_MS,
    )
    assert page.evaluate(_TRIALS) == done
    export = page.locator("button.widget-button:visible", has_text="Export trials").first
    assert not export.is_disabled()
    export.click()
    link = page.locator("a[download='design_trials.csv']")
    link.wait_for(timeout=RENDER_TIMEOUT_MS)
    payload = link.get_attribute("href").split("base64,", 1)[1]
    csv = base64.b64decode(payload).decode()
    lines = [ln for ln in csv.splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == 1 + done  # a header, then one line per trial
    assert "# parameter: budget = 40" in csv
    assert not page.query_selector(".neuroexplore-error")
