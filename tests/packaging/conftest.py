"""Fresh virtual environments for the packaging tests: Binder's pinned requirements, then
the wheel built from this checkout, installed as a user or repo2docker would."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
#: What the wheel is built from (the links neuroexplore/apps and chapters point into
#: widgets/ and notebooks/).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "neuroexplore", "widgets",
                 "notebooks")
INSTALL_TIMEOUT_S = 420


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def venv_env(venv: Path, home: Path) -> dict[str, str]:
    """The environment of a command run inside *venv*: its ``bin/`` first on ``PATH``,
    nothing of this checkout on ``sys.path`` (no ``PYTHONPATH``), and Jupyter's user
    folders in *home*, so that no kernel spec or setting of the developer's leaks in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "CONDA"))}
    for name in ("config", "data", "runtime"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _local_torch_wheel(pin: str) -> Path | None:
    """A ``torch-<version>`` wheel for *pin* in one of pip's ``--find-links`` folders."""
    version = pin.split("==", 1)[1]
    for folder in os.environ.get("PIP_FIND_LINKS", "").split():
        folder = folder.removeprefix("file://")
        hits = sorted(Path(folder).glob(f"torch-{version}-*.whl")) if Path(folder).is_dir() \
            else []
        if hits:
            return hits[0]
    return None


def installable_requirements(tmp: Path) -> Path:
    """``binder/requirements.txt`` as this machine can install it.

    Two lines change, no pin: ``-c constraints.txt`` becomes an absolute path (the copy
    lives in *tmp*), and the PyTorch CPU index line is dropped when pip's ``--find-links``
    (``PIP_FIND_LINKS``) already holds the pinned ``+cpu`` wheel, as on the test machines
    that cannot reach that index.
    """
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    pins = (BINDER / "constraints.txt").read_text()
    torch_pin = next(ln for ln in pins.splitlines() if ln.startswith("torch=="))
    out = []
    for line in lines:
        if line.strip() == "-c constraints.txt":
            line = f"-c {BINDER / 'constraints.txt'}"
        elif line.strip() == f"--extra-index-url {TORCH_INDEX}" and _local_torch_wheel(torch_pin):
            continue
        out.append(line)
    path = tmp / "requirements.txt"
    path.write_text("\n".join(out) + "\n")
    return path


def _run(cmd: list, *, env: dict, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def find_uv() -> str | None:
    """uv (the ``dev`` extra), beside this interpreter or on ``PATH``."""
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


@pytest.fixture(scope="session")
def binder_venv(tmp_path_factory) -> Path:
    """A fresh venv (``python -m venv``, no system site-packages) with Binder's
    requirements installed, from the checkout's root as repo2docker does.

    uv installs them when it is there (from its cache, seconds instead of minutes; with
    pip's rule of taking each package from whichever index has it, and pip's
    ``--find-links``); else pip does. Either way pip then resolves the same file again
    (``--dry-run``) and must find nothing missing but the checkout itself.
    """
    tmp = tmp_path_factory.mktemp("binder")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = venv_env(venv, tmp / "home")
    reqs = installable_requirements(tmp)
    uv = find_uv()
    if uv:
        uv_env = dict(env, UV_FIND_LINKS=" ".join(os.environ.get("PIP_FIND_LINKS", "").split()))
        _run([uv, "pip", "install", "--quiet", "--python", venv_python(venv),
              "--index-strategy", "unsafe-best-match", "-r", reqs],
             env=uv_env, cwd=ROOT, timeout=INSTALL_TIMEOUT_S)
    else:
        _run([venv_python(venv), "-m", "pip", "install", "-q", "-r", reqs],
             env=env, cwd=ROOT, timeout=INSTALL_TIMEOUT_S)
    report = tmp / "pip-report.json"
    _run([venv_python(venv), "-m", "pip", "install", "-q", "--dry-run", "--report", report,
          "-r", reqs], env=env, cwd=ROOT, timeout=INSTALL_TIMEOUT_S)
    would_install = [i["metadata"]["name"] for i in json.loads(report.read_text())["install"]]
    assert would_install in ([], ["neuroexplore"]), f"pip would also install {would_install}"
    return venv


def _build_isolation() -> list[str]:
    """Build with this interpreter's setuptools when it meets pyproject's build
    requirements (no download); else let pip fetch them into an isolated environment."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]
    for spec in build["requires"]:
        req = Requirement(spec)
        try:
            if not req.specifier.contains(importlib.metadata.version(req.name)):
                return []
        except importlib.metadata.PackageNotFoundError:
            return []
    return ["--no-build-isolation"]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built by pip from a copy of its sources (the checkout
    gets no build/ or egg-info folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.nbi", "*.nbc")
    for name in WHEEL_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *_build_isolation(),
          "-w", tmp / "dist", src], env=dict(os.environ), cwd=tmp, timeout=300)
    (whl,) = (tmp / "dist").glob("neuroexplore-*.whl")
    return whl


@pytest.fixture(scope="session")
def wheel_venv(binder_venv: Path, wheel: Path) -> Path:
    """*binder_venv* with the checkout's editable install replaced by the wheel (its
    dependencies are the pinned ones already there)."""
    env = venv_env(binder_venv, binder_venv.parent / "home")
    uv = find_uv()
    if uv:
        cmd = [uv, "pip", "install", "--quiet", "--python", venv_python(binder_venv),
               "--no-deps", "--reinstall", wheel]
    else:
        cmd = [venv_python(binder_venv), "-m", "pip", "install", "-q", "--no-deps",
               "--force-reinstall", wheel]
    _run(cmd, env=env, cwd=binder_venv.parent, timeout=INSTALL_TIMEOUT_S)
    return binder_venv
