"""DesignLab in a real browser: a search runs in the kernel's background thread, its
trials fill the accuracy-energy plot live, Stop ends it between two trials, and the
trials export as a CSV download link.

With ``UPDATE_SCREENSHOTS=1`` the page is saved mid-run as ``docs/design_lab.png``
(the gallery thumbnail is made from it by ``tools/make_thumbnails.py``).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .helpers import RENDER_TIMEOUT_MS, WAIT_TIMEOUT_MS, free_port, open_app, wait_until_settled

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

ROOT = Path(__file__).resolve().parents[2]
#: the first trial trains the reference digits MLP in the fresh kernel (tens of seconds
#: on a loaded machine)
SLOW_MS = 2 * WAIT_TIMEOUT_MS



@pytest.fixture(scope="module")
def design_voila(tmp_path_factory):
    """Voila on ``widgets/`` with one preheated kernel for this app only.

    (The session's server preheats two kernels of every app at once; on a loaded
    two-core machine the design lab's page then waited minutes for its kernel.)
    """
    port = free_port()
    log = tmp_path_factory.mktemp("voila-design") / "voila.log"
    pools = {"default": {"pool_size": 0}, "design_lab.ipynb": {"pool_size": 1}}
    cmd = [sys.executable, "-m", "voila", str(ROOT / "widgets"), f"--port={port}",
           "--no-browser", "--Voila.ip=127.0.0.1", "--VoilaConfiguration.show_tracebacks=True",
           "--KernelManager.transport=ipc", "--preheat_kernel=True",
           "--VoilaKernelManager.fill_delay=3600",
           f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
           "--VoilaKernelManager.preheat_denylist=/chapters/"]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT,
                                env=dict(os.environ, PYTHONUNBUFFERED="1"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("voila did not start:\n" + log.read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


#: points of the live trials trace (the search's own, not random search's)
_TRIALS = """() => {
    for (const p of document.querySelectorAll('.js-plotly-plot')) {
        for (const t of (p.data || [])) {
            if (t.name && t.name.startsWith('trials') && t.x) return t.x.length;
        }
    }
    return -1;
}"""


def test_design_search_fills_live_stops_and_exports(page, design_voila):
    # a budget large enough that the run is still going when Stop is pressed
    page.set_viewport_size({"width": 1400, "height": 1000})
    # the GP sampler (about a second a trial) keeps the run going when Stop is pressed
    open_app(page, design_voila, "design_lab.ipynb?budget=60&sampler=gp&compare=true",
             timeout_ms=SLOW_MS)
    run = page.locator("button.widget-button:visible", has_text="Run search").first
    run.wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_settled(page)
    assert page.evaluate(_TRIALS) == 0
    stop = page.locator("button.widget-button:visible", has_text="Stop").first
    assert stop.is_disabled()
    run.click()
    # the trials trace fills in while the run goes on
    page.wait_for_function(f"() => ({_TRIALS})() >= 8", timeout=SLOW_MS)
    assert not stop.is_disabled() and run.is_disabled()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "design_lab.png"), full_page=False)
    stop.click()
    info = page.locator(".neuroexplore-info", has_text="search stopped after")
    info.wait_for(timeout=WAIT_TIMEOUT_MS)
    text = info.inner_text()
    done, total = (int(v) for v in text.split("after ")[1].split(" steps")[0].split(" of "))
    assert 8 <= done < total == 120, text  # the search, then random search, 60 each
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
    assert "# parameter: budget = 60" in csv
    assert not page.query_selector(".neuroexplore-error")
