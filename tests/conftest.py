"""Shared fixtures: repository paths and the reference folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are deterministic by default ("ci": `make test`, CI, a plain pytest):
# the same examples every run, so a red build is reproducible, not luck.  Developers
# explore new random examples by hand with HYPOTHESIS_PROFILE=explore (failures are
# remembered in .hypothesis/ and should be pinned with @example).
# Per-test @settings(max_examples=...) still override the profile's max_examples.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("explore", derandomize=False, max_examples=1000, deadline=None,
                          print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
