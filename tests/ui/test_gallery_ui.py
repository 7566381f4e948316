"""The Voila gallery in a real headless Chromium: it renders and links every app."""

from __future__ import annotations

import pytest

from neuroexplore.widgets.gallery import APPS

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]


def test_gallery_lists_every_app(page, voila_url):
    page.goto(f"{voila_url}/voila/render/index.ipynb", timeout=30_000)
    page.wait_for_selector(".neuroexplore-card", timeout=30_000)
    hrefs = page.eval_on_selector_all(".neuroexplore-card a", "els => els.map(e => e.href)")
    for app in APPS:
        assert any(h.endswith("/voila/render/" + app.notebook) for h in hrefs), app.notebook
