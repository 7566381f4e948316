"""The Voila gallery in a real headless Chromium: a grid of cards that reflows from
several columns on a desktop to one on a phone, thumbnails that load, a card that opens
its lab and chapter links that Voila serves. With ``UPDATE_SCREENSHOTS=1`` the page is
saved as ``docs/gallery.png`` (the README's picture)."""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from neuroexplore.widgets.gallery import APPS

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

ROOT = Path(__file__).resolve().parents[2]
GALLERY = "/voila/render/index.ipynb"


@pytest.fixture(scope="module")
def gallery_page(browser, voila_url):
    """The gallery, opened once for the module (Voila keeps two warm kernels per
    notebook and the tests do not refill them). The tests run in file order; the
    last one leaves the gallery for a lab."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(voila_url + GALLERY, timeout=60_000)
    page.wait_for_selector(".neuroexplore-card", timeout=60_000)
    yield page
    ctx.close()


def _card_boxes(page) -> list[dict]:
    return [c.bounding_box() for c in page.query_selector_all(".neuroexplore-card")]


def _columns(boxes: list[dict]) -> int:
    return len({round(b["x"] / 10) for b in boxes})


def test_gallery_lists_every_app(gallery_page):
    hrefs = gallery_page.eval_on_selector_all(
        ".neuroexplore-card a", "els => els.map(e => e.href)")
    for app in APPS:
        assert any(h.endswith("/voila/render/" + app.notebook) for h in hrefs), app.notebook
    headings = gallery_page.eval_on_selector_all(
        ".neuroexplore-chapter h2", "els => els.map(e => e.innerText)")
    assert [h.split(" ·")[0] for h in headings] == [f"Chapter {n}" for n in range(1, 8)]


def test_grid_reflows_from_desktop_to_phone(gallery_page):
    page = gallery_page
    boxes = _card_boxes(page)
    assert len(boxes) == len(APPS)
    assert _columns(boxes) >= 3, f"only {_columns(boxes)} columns at 1280 px"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280, "the grid overflows the page"
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "gallery.png"), full_page=False)

    page.set_viewport_size({"width": 400, "height": 800})
    page.wait_for_function(
        """() => { const xs = Array.from(document.querySelectorAll('.neuroexplore-card'))
                     .map(c => Math.round(c.getBoundingClientRect().x));
                   return new Set(xs).size === 1; }""", timeout=5_000)
    boxes = _card_boxes(page)
    assert _columns(boxes) == 1
    assert all(b["width"] > 300 and b["x"] + b["width"] <= 400 for b in boxes)
    ys = [b["y"] for b in boxes]
    assert ys == sorted(ys), "the cards are not stacked in chapter order"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 400
    page.set_viewport_size({"width": 1280, "height": 900})


def test_thumbnails_load(gallery_page):
    sizes = gallery_page.eval_on_selector_all(
        ".neuroexplore-card img", "els => els.map(e => [e.complete, e.naturalWidth])")
    assert len(sizes) == len(APPS)
    assert all(done and w == 480 for done, w in sizes), sizes


def test_chapter_links_answer(gallery_page):
    links = gallery_page.eval_on_selector_all(
        ".neuroexplore-chapter-link", "els => els.map(e => e.href)")
    expected = {nb for a in APPS for nb in a.chapter_notebooks}
    assert {urllib.parse.urlparse(h).path.rsplit("/", 1)[1] for h in links} == expected
    # one chapter rendered to the end (chapter 2 executes in a few seconds): Voila
    # answers 200 with the chapter's text and no traceback
    (ch2,) = [h for h in links if h.endswith("/02_neural_networks.ipynb")]
    with urllib.request.urlopen(ch2, timeout=180) as r:
        assert r.status == 200
        body = r.read().decode()
    assert "Chapter 2" in body and "perceptron" in body.lower()
    assert "Traceback (most recent call last)" not in body
    # ...while a chapter that is not there is a 404
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(ch2.replace("02_neural_networks", "99_none"), timeout=30)
    assert err.value.code == 404


def test_card_opens_its_lab(gallery_page):
    # the system lab: no other browser test opens it twice (two warm kernels per app)
    page = gallery_page
    page.click('.neuroexplore-card[data-app="system_lab.ipynb"] .neuroexplore-open')
    page.wait_for_url("**/voila/render/system_lab.ipynb", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    assert not page.query_selector(".neuroexplore-error")
