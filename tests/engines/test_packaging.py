"""Packaging metadata: LICENSE, SPDX license, one version, CITATION.cff, CHANGELOG."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

import neuroexplore

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_license_file_and_spdx_expression():
    text = (ROOT / "LICENSE").read_text()
    assert "BSD 3-Clause License" in text
    assert "Copyright (c) 2026, neuroexplore developers" in text
    project = _pyproject()["project"]
    assert project["license"] == "BSD-3-Clause"  # an SPDX expression, not the table form
    assert project["license-files"] == ["LICENSE"]


def test_version_declared_once():
    data = _pyproject()
    assert "version" not in data["project"]
    assert "version" in data["project"]["dynamic"]
    attr = data["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "neuroexplore.__version__"


def test_installed_metadata_version_matches_package():
    try:
        installed = importlib.metadata.version("neuroexplore")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        pytest.skip("neuroexplore is not installed")
    assert installed == neuroexplore.__version__


def test_built_metadata_version_and_license(tmp_path, monkeypatch):
    """The metadata setuptools builds from this tree has the package's version."""
    build_meta = pytest.importorskip("setuptools.build_meta")
    monkeypatch.chdir(ROOT)
    name = build_meta.prepare_metadata_for_build_wheel(str(tmp_path))
    meta = (tmp_path / name / "METADATA").read_text()
    assert f"\nVersion: {neuroexplore.__version__}\n" in meta
    assert "\nLicense-Expression: BSD-3-Clause\n" in meta
    assert "\nLicense-File: LICENSE\n" in meta


def test_citation_names_the_review():
    text = (ROOT / "CITATION.cff").read_text()
    try:
        import yaml
    except ImportError:  # pragma: no cover - minimal check without pyyaml
        assert "cff-version:" in text and "references:" in text
        assert "Neuromorphic devices assisted by machine learning algorithms" in text
        return
    cff = yaml.safe_load(text)
    assert cff["cff-version"].startswith("1.2")
    assert cff["type"] == "software"
    assert cff["license"] == "BSD-3-Clause"
    (review,) = [r for r in cff["references"] if r["type"] == "article"]
    assert review["title"] == "Neuromorphic devices assisted by machine learning algorithms"
    assert [a["family-names"] for a in review["authors"]] == [
        "Huo", "Sun", "Yu", "Wei", "Wang", "Cho", "Wang"]
    assert review["journal"] == "International Journal of Extreme Manufacturing"
    assert (review["volume"], review["issue"], str(review["start"]), review["year"]) == (
        7, 4, "042007", 2025)


def test_changelog_has_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "Keep a Changelog" in text
    assert "## [Unreleased]" in text
