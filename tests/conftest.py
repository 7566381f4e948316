"""Shared fixtures: repository paths and the reference folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red build is then reproducible, not luck);
# local runs keep exploring new ones and remember failures in .hypothesis/
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
