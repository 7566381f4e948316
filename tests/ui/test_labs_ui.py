"""Every lab app served by Voila, in a real headless Chromium.

For each app: it renders within 20 s, every visible slider moved (with the
keyboard, as a person would) changes a plot, and the median slider -> plot
latency stays under the app's budget.  Measured numbers are written to
``test-artifacts/ui_latency.json``; with ``UPDATE_SCREENSHOTS=1`` a screenshot of
each lab is saved under ``docs/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from neuroexplore.widgets.gallery import APPS

from .helpers import (
    all_plots_signature,
    median,
    nudge_slider,
    open_app,
    sliders,
    wait_for_change,
    wait_until_settled,
)

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

ROOT = Path(__file__).resolve().parents[2]
# Latency targets (0.3 s for the neuron and device labs, 0.4 s for the crossbar lab,
# 0.5 s for the network lab, which retrains a small MLP) are measurements: each run
# records them in test-artifacts/ui_latency.json.  Speed is not asserted in a test (a
# loaded machine would make CI flaky); the assertion below only catches a lab that has
# become unusably slow, at three times its target.
LATENCY_TARGET_S = {"crossbar_lab.ipynb": 0.4, "network_lab.ipynb": 0.5}
DEFAULT_TARGET_S = 0.3
REGRESSION_FACTOR = 3.0


def _record(app: str, data: dict) -> None:
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    path = out / "ui_latency.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[app] = data
    path.write_text(json.dumps(results, indent=1))


@pytest.mark.parametrize("app", [a.notebook for a in APPS])
def test_lab_renders_and_every_slider_updates_a_plot(page, voila_url, app):
    render_s = open_app(page, voila_url, app)
    assert render_s < 20.0
    assert not page.query_selector(".neuroexplore-error"), "lab shows an error at start-up"
    latencies = []
    controls = sliders(page)
    assert controls, "the lab shows no slider"
    wait_until_settled(page)
    for index in range(len(controls)):
        slider = sliders(page)[index]
        label = slider.inner_text().split("\n")[0]
        before = all_plots_signature(page)
        pressed = nudge_slider(page, slider)
        try:
            latencies.append(wait_for_change(page, before, since=pressed))
        except AssertionError as exc:
            raise AssertionError(f"{app}: slider {label!r} did not change any plot") from exc
        wait_until_settled(page)
    assert not page.query_selector(".neuroexplore-error")
    med = median(latencies)
    _record(app, {"render_s": render_s, "median_latency_s": med, "n_sliders": len(latencies),
                  "target_s": LATENCY_TARGET_S.get(app, DEFAULT_TARGET_S)})
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / app.replace(".ipynb", ".png")), full_page=False)
    target = LATENCY_TARGET_S.get(app, DEFAULT_TARGET_S)
    assert med < REGRESSION_FACTOR * target, f"median latency {med:.3f} s (target {target} s)"
