"""Make the gallery's thumbnails from the labs' browser screenshots.

Usage::

    UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest -m ui tests/ui/test_labs_ui.py
    .venv/bin/python tools/make_thumbnails.py          # docs/<app>.png -> thumbnails

The browser tests save a 1400 x 1000 screenshot of each lab as ``docs/<app>.png``. This
tool trims the page's white margins, crops the top of the lab to a 3:2 frame, scales it
to 480 px wide and writes ``widgets/thumbnails/<app>.webp`` (lossy WebP, a few tens of
KB), which ships in the wheel as package data (``neuroexplore/apps/thumbnails``) and is
embedded in the gallery cards. Needs Pillow (``pip install pillow``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from neuroexplore.widgets.gallery import APPS, THUMBNAIL_DIR  # noqa: E402

WIDTH = 480
ASPECT = 3 / 2  # width / height of a thumbnail
QUALITY = 80


def make_thumbnail(src: Path, dst: Path, width: int = WIDTH, quality: int = QUALITY) -> int:
    """Write the thumbnail of screenshot ``src`` to ``dst``; return its size in bytes."""
    from PIL import Image, ImageChops

    with Image.open(src) as im:
        rgb = im.convert("RGB")
    # trim the page's white margins (a little tolerance for antialiased edges)
    diff = ImageChops.difference(rgb, Image.new("RGB", rgb.size, (255, 255, 255)))
    box = diff.convert("L").point(lambda v: 255 if v > 8 else 0).getbbox()
    if box is not None:
        pad = 12
        left, top, right, bottom = box
        rgb = rgb.crop((max(left - pad, 0), max(top - pad, 0),
                        min(right + pad, rgb.width), min(bottom + pad, rgb.height)))
    # the top of the lab (title, controls, first plots) in a 3:2 frame; a short lab is
    # padded with white below, so every thumbnail has the same shape
    height = round(rgb.width / ASPECT)
    frame = Image.new("RGB", (rgb.width, height), (255, 255, 255))
    frame.paste(rgb.crop((0, 0, rgb.width, min(height, rgb.height))), (0, 0))
    rgb = frame.resize((width, round(width / ASPECT)), Image.Resampling.LANCZOS)
    dst.parent.mkdir(parents=True, exist_ok=True)
    rgb.save(dst, "WEBP", quality=quality, method=6)
    return dst.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenshots", type=Path, default=ROOT / "docs",
                        help="folder of <app>.png screenshots (default: docs/)")
    parser.add_argument("--out", type=Path, default=THUMBNAIL_DIR,
                        help="folder for <app>.webp (default: widgets/thumbnails/)")
    parser.add_argument("--width", type=int, default=WIDTH, help="thumbnail width (px)")
    args = parser.parse_args(argv)
    missing = [a.notebook for a in APPS
               if not (args.screenshots / a.notebook.replace(".ipynb", ".png")).exists()]
    if missing:
        print(f"no screenshot in {args.screenshots} for {', '.join(missing)}: run "
              "UPDATE_SCREENSHOTS=1 python -m pytest -m ui tests/ui/test_labs_ui.py",
              file=sys.stderr)
        return 2
    for app in APPS:
        stem = app.notebook.replace(".ipynb", "")
        size = make_thumbnail(args.screenshots / f"{stem}.png", args.out / f"{stem}.webp",
                              args.width)
        print(f"{stem}.webp  {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
