"""Execute a notebook headless in a fresh kernel and report its wall time.

Usage::

    .venv/bin/python tools/run_notebook.py notebooks/06a_pattern_recognition.ipynb

Exits non-zero when a cell raises or a lab shows an error.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    rendered = json.dumps([c.get("outputs", []) for c in nb.cells])
    if "neuroexplore-error" in rendered:
        raise RuntimeError(f"{path}: a lab shows an error")
    return elapsed


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: ran top to bottom in {run(Path(arg)):.1f} s")
