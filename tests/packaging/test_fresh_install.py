"""Issue 11's "done when" checks, from a clean checkout: Binder's pinned requirements
install into a fresh venv and enable Voila; the wheel installed there serves the gallery.

One venv for the module (session fixtures in ``conftest.py``): first Binder's
requirements (the checkout installed editable, as repo2docker does), then the wheel built
from the checkout replaces the editable install. pip installs from its configured index
and cache; the PyTorch CPU index is not needed where ``PIP_FIND_LINKS`` holds the wheel.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import BINDER, ROOT, venv_env, venv_python

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fresh-venv")]

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: pip's own tools in every venv, not part of the environment pinned for Binder
INSTALLER_TOOLS = {"pip", "setuptools"}


def _runtime_python() -> str:
    return (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")


@pytest.fixture(scope="module", autouse=True)
def _same_python_as_binder():
    import sys

    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    if here != _runtime_python():
        pytest.skip(f"binder/runtime.txt asks for Python {_runtime_python()}, this is {here}")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "constraints.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#", "-")):
            req = Requirement(line)
            pins[canonicalize_name(req.name)] = str(req.specifier).removeprefix("==")
    return pins


def _venv_run(venv: Path, *args, timeout: float = 120) -> str:
    proc = subprocess.run([str(a) for a in args], env=venv_env(venv, venv.parent / "home"),
                          cwd=venv.parent, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    return ANSI.sub("", proc.stdout + proc.stderr)


def test_binder_installs_exactly_the_pinned_packages(binder_venv):
    out = _venv_run(binder_venv, venv_python(binder_venv), "-m", "pip", "list",
                    "--format=json", "--disable-pip-version-check")
    installed = {canonicalize_name(d["name"]): d["version"] for d in json.loads(out)}
    pins = _pins()
    assert installed.pop("neuroexplore")
    for tool in INSTALLER_TOOLS - pins.keys():
        installed.pop(tool, None)
    unpinned = sorted(set(installed) - set(pins))
    assert not unpinned, f"installed but not pinned in binder/constraints.txt: {unpinned}"
    moved = {n: (v, pins[n]) for n, v in installed.items() if v != pins[n]}
    assert not moved, f"installed version differs from the pin: {moved}"
    assert installed["torch"].endswith("+cpu")
    assert not [n for n in installed if n.startswith("nvidia")]
    _venv_run(binder_venv, venv_python(binder_venv), "-m", "pip", "check")


def test_binder_postbuild_and_voila_server_extension(binder_venv):
    """repo2docker runs postBuild after the install; it checks the imports and Voila."""
    _venv_run(binder_venv, "bash", BINDER / "postBuild")
    out = _venv_run(binder_venv, binder_venv / "bin" / "jupyter", "server", "extension",
                    "list")
    assert re.search(r"voila\.server_extension\s+enabled", out), out
    assert re.search(r"jupyterlab\s+enabled", out), out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        assert resp.status == 200, url
        return resp.read().decode()


def _wait_for_server(proc: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"neuroexplore gallery exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:  # it answers
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def _assert_rendered(page: str, url: str) -> None:
    """Voila executes the notebook before it sends the page: the widget outputs are in
    it (as widget views) and no cell raised (Voila's message for a cell that did)."""
    assert "application/vnd.jupyter.widget-view+json" in page, url
    for failure in ("There was an error when executing cell", "Traceback"):
        assert failure not in page, f"{url}: {failure}"


def test_wheel_installs_outside_the_checkout(wheel_venv, wheel):
    assert wheel.stat().st_size < 5_000_000
    out = _venv_run(wheel_venv, venv_python(wheel_venv), "-c",
                    "import neuroexplore, neuroexplore.cli_apps as c; "
                    "print(neuroexplore.__file__); print(len(c.app_notebooks())); "
                    "print(len(c.chapter_notebooks()))")
    path, n_apps, n_chapters = out.split()
    assert Path(path).is_relative_to(wheel_venv / "lib"), path
    assert not Path(path).is_relative_to(ROOT)
    assert int(n_apps) == len(list((ROOT / "widgets").glob("*.ipynb")))
    assert int(n_chapters) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    assert "gallery" in _venv_run(wheel_venv, venv_python(wheel_venv), "-m", "neuroexplore",
                                  "--help")


def test_wheel_chapters_command_copies_the_chapters(wheel_venv, tmp_path):
    _venv_run(wheel_venv, wheel_venv / "bin" / "neuroexplore", "chapters", tmp_path / "mine")
    copied = sorted(p.name for p in (tmp_path / "mine").iterdir())
    assert copied == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    first = copied[0]
    assert (tmp_path / "mine" / first).read_bytes() == (ROOT / "notebooks" / first).read_bytes()


def test_wheel_serves_the_gallery_and_a_lab(wheel_venv):
    """``neuroexplore gallery`` from the wheel: the gallery and a lab render."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = wheel_venv.parent / "gallery.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [wheel_venv / "bin" / "neuroexplore", "gallery", "--port", str(port),
             "--ip", "127.0.0.1"],
            env=venv_env(wheel_venv, wheel_venv.parent / "home"), cwd=wheel_venv.parent,
            stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(proc, f"{base}/", timeout=60)
        assert "Voil" in _get(f"{base}/", timeout=30)  # Voila's tree of the apps
        gallery = _get(f"{base}/voila/render/index.ipynb", timeout=180)
        # the gallery is one widget: its cards are drawn in the browser (tests/ui)
        _assert_rendered(gallery, "index.ipynb")
        lab = _get(f"{base}/voila/render/device_lab.ipynb", timeout=180)
        _assert_rendered(lab, "device_lab.ipynb")
    finally:
        _stop_group(proc)
    served = log.read_text()
    assert f"Serving static files from {wheel_venv}/lib/" in served, served[-2000:]
    assert "Error at server while executing cell" not in served, served[-4000:]


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop ``neuroexplore gallery``, the voila it started and voila's kernels (one
    process group, the test's own)."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(1.0)  # voila shuts its kernels down after the parent
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
