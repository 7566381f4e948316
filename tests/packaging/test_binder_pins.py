"""binder/ and pyproject.toml must not drift apart: the Binder environment pins every
dependency of the package and of the extras Binder installs, within pyproject's ranges,
with torch the Makefile's CPU build, for the Python of binder/runtime.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _makefile() -> str:
    return (ROOT / "Makefile").read_text()


def _requirement_lines() -> list[str]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [ln.split(" #", 1)[0].strip() for ln in lines if ln.strip()
            and not ln.lstrip().startswith("#")]


def _binder_extras() -> list[str]:
    (project,) = [ln for ln in _requirement_lines() if not ln.startswith("-")
                  or ln.startswith("-e ")]
    match = re.fullmatch(r"(?:-e )?\.\[([\w,]+)\]", project)
    assert match, f"binder/requirements.txt installs the checkout with extras: {project!r}"
    return match.group(1).split(",")


def _lock_extras() -> list[str]:
    recipe = re.search(r"^binder-lock:.*\n((?:\t.*\n)+)", _makefile(), re.M).group(1)
    return re.findall(r"--extra (\w+)", recipe)


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (BINDER / "constraints.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"not a pin: {line!r}"
            pins[canonicalize_name(req.name)] = Version(spec.version)
    return pins


def _direct_pins() -> set[str]:
    """The packages the lock says it holds for pyproject.toml (uv's ``# via`` notes)."""
    direct, name = set(), None
    for line in (BINDER / "constraints.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name = canonicalize_name(Requirement(line).name)
        elif "neuroexplore (pyproject.toml)" in line:
            direct.add(name)
    return direct


def _binder_python() -> str:
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    return runtime.removeprefix("python-")


def _required(extras: list[str]) -> list[Requirement]:
    """pyproject's dependencies and those of *extras* that apply to Binder's Python on
    Linux (environment markers evaluated)."""
    project = _pyproject()
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    env = default_environment()
    env.update(python_version=_binder_python(), python_full_version=_binder_python() + ".0",
               sys_platform="linux", platform_system="Linux", platform_machine="x86_64")
    reqs = [Requirement(s) for s in specs]
    return [r for r in reqs if r.marker is None or r.marker.evaluate(env)]


def test_requirements_install_the_checkout_under_the_pins():
    lines = _requirement_lines()
    assert "-c constraints.txt" in lines
    assert f"--extra-index-url {TORCH_INDEX}" in lines
    assert not [ln for ln in lines if ln.startswith("--index-url")], "PyPI stays the index"
    extras = _binder_extras()
    assert set(extras) == {"apps", "torch", "design"}
    assert set(extras) <= set(_pyproject()["optional-dependencies"])
    assert sorted(extras) == sorted(_lock_extras()), "make binder-lock resolves other extras"


def test_every_dependency_is_pinned_within_pyproject_ranges():
    pins = _pins()
    for req in _required(_binder_extras()):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} (pyproject.toml) is not pinned in binder/constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"binder pins {name}=={pins[name]}, pyproject.toml asks {req}: run make binder-lock")


def test_lock_holds_no_dependency_pyproject_dropped():
    wanted = {canonicalize_name(r.name) for r in _required(_binder_extras())}
    assert _direct_pins() == wanted, "run make binder-lock"


def test_torch_is_the_makefiles_cpu_build():
    match = re.search(r"^TORCH_CPU \?= torch==(\S+)$", _makefile(), re.M)
    assert match, "the Makefile names TORCH_CPU"
    torch = _pins()["torch"]
    assert torch == Version(match.group(1) + "+cpu"), torch
    assert torch.local == "cpu"  # only the PyTorch CPU index has it: never a CUDA wheel
    assert not [n for n in _pins() if n.startswith("nvidia")]


def test_runtime_python_is_one_the_package_supports():
    python = Version(_binder_python())
    assert SpecifierSet(_pyproject()["requires-python"]).contains(python)
    header = (BINDER / "constraints.txt").read_text()
    assert "make binder-lock" in header
    recipe = re.search(r"^binder-lock:.*\n((?:\t.*\n)+)", _makefile(), re.M).group(1)
    assert "--python-version $(BINDER_PYTHON)" in recipe
    assert "BINDER_PYTHON  = $(patsubst python-%,%,$(shell cat binder/runtime.txt))" \
        in _makefile()


def test_postbuild_checks_voila():
    text = (BINDER / "postBuild").read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert "jupyter server extension list" in text and "voila" in text


def test_drift_is_caught(monkeypatch):
    """The checks above fail on a lock that lost a package or moved out of range."""
    real = (BINDER / "constraints.txt").read_text()
    assert "\nplotly==" in real
    dropped = re.sub(r"\nplotly==.*", "", real)
    monkeypatch.setattr(Path, "read_text", _reading({BINDER / "constraints.txt": dropped}))
    with pytest.raises(AssertionError, match="plotly"):
        test_every_dependency_is_pinned_within_pyproject_ranges()
    moved = re.sub(r"\nplotly==\S+", "\nplotly==6.0.0", real)
    monkeypatch.setattr(Path, "read_text", _reading({BINDER / "constraints.txt": moved}))
    with pytest.raises(AssertionError, match="plotly==6.0.0"):
        test_every_dependency_is_pinned_within_pyproject_ranges()
    cuda = real.replace("+cpu\n", "\n")
    monkeypatch.setattr(Path, "read_text", _reading({BINDER / "constraints.txt": cuda}))
    with pytest.raises(AssertionError):
        test_torch_is_the_makefiles_cpu_build()


def _reading(replacements: dict[Path, str]):
    original = Path.read_text

    def read_text(self, *args, **kwargs):
        return replacements.get(self, None) or original(self, *args, **kwargs)

    return read_text
