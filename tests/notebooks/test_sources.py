"""The chapters are authored as jupytext percent sources paired with their notebooks.

``notebooks/NN_name.py`` is the text a person edits (diffs read as prose and code, ruff
lints it); ``notebooks/NN_name.ipynb`` is what Jupyter opens.  ``make sync`` (jupytext
``--sync``) brings the two together; this test fails when they disagree.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _cells(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", ())))
            for c in nb.cells]


def test_every_chapter_has_a_text_source():
    assert NOTEBOOKS
    missing = [p.name for p in NOTEBOOKS if not p.with_suffix(".py").exists()]
    assert not missing, f"no percent source for {missing}: run `make sync`"
    orphans = [p.name for p in (ROOT / "notebooks").glob("*.py")
               if not p.with_suffix(".ipynb").exists()]
    assert not orphans, f"no notebook for {orphans}: run `make sync`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_source_agree(path: Path):
    source = jupytext.read(path.with_suffix(".py"))
    notebook = jupytext.read(path)
    assert notebook.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
    assert _cells(source) == _cells(notebook), (
        f"{path.name} and {path.with_suffix('.py').name} disagree: edit the .py source and "
        "run `make sync`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_session_states_objectives_prerequisites_time_and_sums_up(path: Path):
    """A chapter is a class session: it opens with what students will learn, what they
    need and how long it takes, and closes with a summary."""
    cells = [c.source for c in jupytext.read(path.with_suffix(".py")).cells
             if c.cell_type == "markdown"]
    opening = "\n".join(cells[:3]).lower()
    for phrase in ("learning objectives", "prerequisites", "estimated time"):
        assert phrase in opening, f"{path.stem}: no '{phrase}' at the top"
    headings = [line for src in cells for line in src.splitlines() if line.startswith("#")]
    summary = [i for i, h in enumerate(headings) if "summary" in h.lower()]
    assert summary and summary[-1] >= len(headings) - 4, f"{path.stem}: no closing summary"
