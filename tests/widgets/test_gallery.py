"""The gallery page: one card per app with its thumbnail, grouped in chapter order, with
links to the lab and to its chapter notebooks that exist under the served root."""

from __future__ import annotations

import base64
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomllib

from neuroexplore import cli_apps
from neuroexplore.widgets import gallery
from neuroexplore.widgets.gallery import APPS, THUMBNAIL_DIR, Gallery, chapters, gallery_html

ROOT = Path(__file__).resolve().parents[2]


class _Page(HTMLParser):
    """Collects the chapter sections, the cards in each and every link and image."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[tuple[int, list[str]]] = []
        self.headings: list[str] = []
        self.links: dict[str, list[tuple[str, str]]] = {}
        self.images: dict[str, list[str]] = {}
        self._card: str | None = None
        self._in_h2 = False
        self._link_class = ""
        self._link_href = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "").split()
        if tag == "section" and "neuroexplore-chapter" in cls:
            self.sections.append((int(a["data-chapter"]), []))
        elif tag == "div" and "neuroexplore-card" in cls:
            self._card = a["data-app"]
            self.sections[-1][1].append(self._card)
            self.links[self._card], self.images[self._card] = [], []
        elif tag == "h2":
            self._in_h2 = True
            self.headings.append("")
        elif tag == "a" and self._card:
            self.links[self._card].append((a.get("class", ""), a["href"]))
        elif tag == "img" and self._card:
            self.images[self._card].append(a["src"])

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.headings[-1] += data


def _parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


def _webp_size(data: bytes) -> tuple[int, int]:
    """Width and height of a lossy (VP8) WebP, read from its frame header."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP file"
    assert data[12:16] == b"VP8 ", f"expected a lossy VP8 WebP, got {data[12:16]!r}"
    assert data[23:26] == b"\x9d\x01\x2a", "no VP8 key frame"
    w, h = struct.unpack("<HH", data[26:30])
    return w & 0x3FFF, h & 0x3FFF


def test_apps_are_the_voila_notebooks_in_chapter_order():
    served = {p.name for p in cli_apps.app_notebooks()} - {"index.ipynb"}
    assert {a.notebook for a in APPS} == served
    numbers = [a.chapter_number for a in APPS]
    assert numbers == sorted(numbers)
    assert [c.number for c in chapters()] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("app", APPS, ids=lambda a: a.notebook)
def test_every_app_has_a_small_thumbnail(app):
    assert app.thumbnail.parent == THUMBNAIL_DIR
    assert app.thumbnail.is_file(), (
        f"{app.thumbnail} is missing: run tools/make_thumbnails.py (see CONTRIBUTING.md)")
    data = app.thumbnail.read_bytes()
    assert _webp_size(data) == (480, 320)
    assert 2_000 < len(data) < 80_000, f"{len(data)} bytes"


def test_one_card_per_app_grouped_in_chapter_order():
    page = _parse(gallery_html())
    assert [n for n, _ in page.sections] == [1, 2, 3, 4, 5, 6, 7]
    cards = [c for _, cs in page.sections for c in cs]
    assert cards == [a.notebook for a in APPS]
    by_chapter = {n: cs for n, cs in page.sections}
    assert by_chapter[3] == ["device_lab.ipynb", "synapse_lab.ipynb"]
    for app in APPS:
        assert app.notebook in by_chapter[app.chapter_number]
    for heading, group in zip(page.headings, chapters(), strict=True):
        assert heading == f"Chapter {group.number} · {group.title}"


def test_cards_embed_their_thumbnail_and_link_the_lab_and_chapters():
    page = _parse(gallery_html())
    for app in APPS:
        (src,) = page.images[app.notebook]
        prefix = "data:image/webp;base64,"
        assert src.startswith(prefix)
        assert base64.b64decode(src[len(prefix):]) == app.thumbnail.read_bytes()
        hrefs = [h for _, h in page.links[app.notebook]]
        assert hrefs.count(app.notebook) >= 2  # the thumbnail, the title, "Open the lab"
        chapter_hrefs = [h for cls, h in page.links[app.notebook]
                         if cls == "neuroexplore-chapter-link"]
        assert chapter_hrefs == [f"chapters/{nb}" for nb in app.chapter_notebooks]
        assert chapter_hrefs, f"{app.notebook} links no chapter"


def test_chapter_links_point_at_notebooks_under_the_served_root():
    """Voila serves widgets/ (the package's apps/): the chapter links resolve there."""
    linked = {nb for a in APPS for nb in a.chapter_notebooks}
    for nb in linked:
        assert (cli_apps.APPS_DIR / gallery.CHAPTERS_LINK / nb).is_file(), nb
        assert (ROOT / "widgets" / "chapters" / nb).resolve() == (ROOT / "notebooks" / nb)
    # every chapter notebook is linked from some card
    assert linked == {p.name for p in cli_apps.chapter_notebooks()}


def test_chapters_are_not_preheated_and_ship_in_the_wheel():
    (deny,) = [o for o in cli_apps.GALLERY_OPTIONS if "preheat_denylist" in o]
    pattern = deny.split("=", 1)[1]
    # Voila's filter skips a notebook whose absolute path contains the pattern
    assert pattern in str(cli_apps.APPS_DIR / "chapters" / "01_biological_neurons.ipynb")
    for app in cli_apps.app_notebooks():
        assert pattern not in str(app)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = data["tool"]["setuptools"]["package-data"]["neuroexplore"]
    assert "apps/thumbnails/*.webp" in shipped and "apps/chapters/*.ipynb" in shipped


def test_missing_extra_mark_is_on_the_card_that_needs_it(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    page = gallery_html()
    cards = re.split(r'<div class="neuroexplore-card" ', page)[1:]
    assert len(cards) == len(APPS)
    for app, card in zip(APPS, cards, strict=True):
        assert card.startswith(f'data-app="{app.notebook}"')
        marked = "install neuroexplore[torch]" in card
        assert marked == ("torch" in app.needs), app.notebook


def test_a_missing_thumbnail_leaves_a_placeholder(monkeypatch, tmp_path):
    monkeypatch.setattr(gallery, "THUMBNAIL_DIR", tmp_path)
    page = _parse(gallery_html())
    assert all(page.images[a.notebook] == [] for a in APPS)
    assert len(page.links) == len(APPS)


def test_gallery_widget_shows_the_grid():
    g = Gallery()
    assert "neuroexplore labs" in g.children[0].value
    assert 'class="neuroexplore-gallery"' in g.children[1].value
    assert "auto-fill" in g.children[1].value


def _tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_thumbnails", ROOT / "tools" / "make_thumbnails.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_thumbnail_tool_names_the_missing_screenshots(tmp_path, capsys):
    tool = _tool()
    assert tool.main(["--screenshots", str(tmp_path), "--out", str(tmp_path / "t")]) == 2
    err = capsys.readouterr().err
    assert "neuron_lab.ipynb" in err and "UPDATE_SCREENSHOTS=1" in err
    assert not (tmp_path / "t").exists()


def test_thumbnail_tool_trims_crops_and_scales(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    tool = _tool()
    # a 1400 x 1000 page: white margins around a 1200 x 300 lab (short: padded below)
    shot = Image.new("RGB", (1400, 1000), (255, 255, 255))
    shot.paste((31, 119, 180), (100, 100, 1300, 400))
    src, dst = tmp_path / "lab.png", tmp_path / "out" / "lab.webp"
    shot.save(src)
    size = tool.make_thumbnail(src, dst)
    data = dst.read_bytes()
    assert size == len(data) and _webp_size(data) == (480, 320)
    with Image.open(dst) as im:
        rgb = im.convert("RGB")
    for x in (8, 240, 471):  # the white margins are trimmed: the lab fills the width
        r, g, b = rgb.getpixel((x, 60))
        assert b > 150 and r < 80, (x, (r, g, b))
    assert min(rgb.getpixel((240, 300))) > 240  # a short lab is padded with white below


def test_a_chapter_without_a_known_title_takes_it_from_its_card():
    extra = gallery.AppCard("x_lab.ipynb", "X lab", "9 - Extra topics: one", "Blurb.")
    groups = chapters((*APPS, extra))
    assert (groups[-1].number, groups[-1].title, groups[-1].apps) == (9, "Extra topics", (extra,))
