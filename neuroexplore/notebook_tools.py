"""Small helpers for writing the repository's notebooks programmatically.

Notebooks are generated from cell lists (``tools/`` scripts or tests) so that they
stay thin and are committed with outputs stripped.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["write_notebook", "has_outputs", "SOLUTION_MARK", "REVIEW"]

#: How the chapters cite the review they follow (markdown).
REVIEW = (
    "Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, "
    "Int. J. Extreme Manuf. **7**(4), 042007 (2025)"
)

SOLUTION_MARK = "# Solution"


def write_notebook(path: str | Path, cells: list[tuple[str, str]]) -> None:
    """Write an nbformat-4 notebook of ``(kind, source)`` cells, outputs stripped.

    Code cells whose source starts with ``# Solution`` are collapsed
    (``source_hidden``) and tagged ``solution``.
    """
    nb_cells = []
    for kind, source in cells:
        cell = {"cell_type": kind, "metadata": {}, "source": source.strip("\n")}
        if kind == "code" and cell["source"].startswith(SOLUTION_MARK):
            # exercise solutions start collapsed, so that students try first
            cell["metadata"] = {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        nb_cells.append(cell)
    nb = {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i:02d}"
    Path(path).write_text(json.dumps(nb, indent=1) + "\n")


def has_outputs(path: str | Path) -> bool:
    """Whether any code cell of the notebook at ``path`` stores outputs or counts."""
    nb = json.loads(Path(path).read_text())
    return any(
        c.get("outputs") or c.get("execution_count")
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    )
