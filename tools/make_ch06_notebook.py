"""Generate notebooks/06_applications.ipynb from the sections in ``tools/ch06_sections``.

Each section module defines ``CELLS: list[tuple[str, str]]`` (kind, source).  Run
from the repository root::

    .venv/bin/python tools/make_ch06_notebook.py

The notebook is written with outputs stripped.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from neuroexplore.notebook_tools import REVIEW, write_notebook  # noqa: E402

# the order of the chapter; a section that is not written yet is skipped
SECTIONS = (
    "pattern_recognition",
    "reservoir",
    "tactile",
    "stdp_learning",
    "hopfield",
    "decision",
)

INTRO = [
    (
        "markdown",
        rf"""
# Chapter 6 — Applications assisted by machine learning

The previous chapters built neurons, synaptic devices and crossbar arrays. This
chapter runs the applications the review surveys ({REVIEW}, section 6) **on those
engines**, each beside a software baseline on the same data:

1. pattern recognition on device arrays (digits, ex-situ and in-situ training);
2. reservoir computing with volatile (dynamic) memristors;
3. tactile pattern recognition from a pressure-sensor + synapse pipeline;
4. unsupervised STDP learning of digit prototypes;
5. associative (Hopfield) memory stored on a crossbar;
6. decision making with device-synapse weights.

Every run below uses a default size that fits a live session; each section says
which setting reproduces the stronger figure.
""",
    )
]


def cells() -> list[tuple[str, str]]:
    out = list(INTRO)
    for name in SECTIONS:
        try:
            module = importlib.import_module(f"ch06_sections.{name}")
        except ModuleNotFoundError:
            continue
        out.extend(module.CELLS)
    return out


DEFAULT_PATH = ROOT / "notebooks" / "06_applications.ipynb"


def main(path: Path = DEFAULT_PATH) -> None:
    write_notebook(path, cells())
    print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_PATH)
