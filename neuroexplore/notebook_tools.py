"""Small helpers for the repository's notebooks.

The chapters are authored as jupytext percent sources (``notebooks/NN_name.py``)
paired with their notebooks, which are committed with outputs stripped; see
CONTRIBUTING.md ("Editing a chapter").
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["has_outputs"]


def has_outputs(path: str | Path) -> bool:
    """Whether any code cell of the notebook at ``path`` stores outputs or counts."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return any(
        c.get("outputs") or c.get("execution_count")
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    )
