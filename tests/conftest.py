"""Shared fixtures: repository paths and the reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _find_reference() -> Path | None:
    for candidate in (ROOT.parent / "shared" / "reference", ROOT / "shared" / "reference"):
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference`` (published figures); tests needing it skip if absent."""
    ref = _find_reference()
    if ref is None:
        pytest.skip("../shared/reference is not present beside this checkout")
    return ref
