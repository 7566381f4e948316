"""Execute every chapter notebook and every app headless with nbclient.

Each chapter must run top to bottom in a fresh kernel; the suite also checks that
committed notebooks carry no outputs and that apps only import, show and read their link.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from neuroexplore.notebook_tools import has_outputs
from neuroexplore.widgets.gallery import APPS

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
APP_NOTEBOOKS = sorted((ROOT / "widgets").glob("*.ipynb"))
ALL = CHAPTERS + APP_NOTEBOOKS


def _execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    nb = _execute(path)
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, errors
    # a lab's error area must be empty after a default run
    rendered = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "neuroexplore-error" not in rendered


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_notebook_is_stripped(path: Path) -> None:
    assert not has_outputs(path), f"{path.name} stores outputs: run `make strip`"


@pytest.mark.parametrize("path", APP_NOTEBOOKS, ids=lambda p: p.name)
def test_app_notebooks_only_import_and_show(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if path.name != "index.ipynb":
        # import, build and show (preheated kernels build the lab before the page is
        # asked for), then set the lab from the page's link
        assert len(code) == 3, f"{path.name}: an app is three cells (import, show, link)"
        assert code[1].startswith("lab = ") and code[1].endswith("\nlab"), path.name
        assert code[2].endswith("lab.apply_url()"), f"{path.name}: no lab.apply_url()"
    else:
        assert len(code) <= 2, f"{path.name}: the gallery is two cells (import, show)"
    for src in code:
        assert "def " not in src and "class " not in src, f"{path.name} defines code"


def test_gallery_links_every_app() -> None:
    apps = {p.name for p in APP_NOTEBOOKS} - {"index.ipynb"}
    assert apps == {a.notebook for a in APPS}
