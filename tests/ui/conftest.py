"""A real Voila server and a real headless Chromium for the UI tests.

Chromium is Debian's package (``/usr/bin/chromium``) when present, driven by the
``playwright`` Python package with ``executable_path``; otherwise Playwright's
own browser.  One Voila server serves ``widgets/`` for the whole session.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from neuroexplore.cli_apps import GALLERY_OPTIONS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _warm_numba_cache() -> None:
    """Compile the numba kernels into their on-disk cache before Voila's kernels start,
    so that a fresh clone's first app render does not include JIT compilation."""
    from neuroexplore.neurons import fi_curve, model_info, models, simulate

    for name in models():
        info = model_info(name)
        for record in ("all", "spikes"):
            simulate(
                name, current=info.current.default, t_stop=2.0, dt=info.dt_default, record=record
            )
        fi_curve(name, [info.current.default], t_stop=2.0, dt=info.dt_default)


def _wait_until_preheated(proc: subprocess.Popen, timeout_s: float = 180.0) -> None:
    """Wait until Voila's preheated kernels have run their notebooks (they go quiet).

    As in ``make app``, a visitor then finds a warm kernel; the render time the tests
    measure is the browser's, not the cost of several kernels starting at once.
    """
    import psutil

    server = psutil.Process(proc.pid)
    deadline = time.time() + timeout_s
    quiet = 0
    while time.time() < deadline and quiet < 3:
        kernels = server.children(recursive=True)
        busy = sum(k.cpu_percent(interval=None) for k in kernels if k.is_running())
        time.sleep(1.0)
        busy = sum(k.cpu_percent(interval=None) for k in kernels if k.is_running())
        quiet = quiet + 1 if kernels and busy < 10.0 else 0


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory):
    """Start ``voila widgets/`` on a free loopback port; yield its base URL."""
    _warm_numba_cache()
    port = _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(ROOT / "widgets"),
        f"--port={port}",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.show_tracebacks=True",
        # kernels talk over Unix sockets: with many kernels starting at once, random TCP
        # ports can collide ("Address already in use") and leave a pool unfilled
        "--KernelManager.transport=ipc",
        "--preheat_kernel=True",
        # two warm kernels per app (a test may open an app twice) and no refill while a
        # test drives a page: a refill would run a whole lab
        # notebook in the background and compete with the slider being measured
        "--VoilaKernelManager.fill_delay=3600",
        "--pool_size=2",
        # the application lab is opened three times (its tabs, the lab sweep, Stop)
        "--VoilaKernelManager.kernel_pools_config="
        + json.dumps({"default": {"pool_size": 2}, "application_lab.ipynb": {"pool_size": 3}}),
        # the chapters (widgets/chapters) render on demand, as in `make app`
        "--VoilaKernelManager.preheat_denylist=/chapters/",
        # as `neuroexplore gallery`: no page loads the dev-only JupyterLab extensions
        *(o for o in GALLERY_OPTIONS if o.startswith("--VoilaConfiguration.extension_deny")),
    ]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("voila exited:\n" + log.read_text()) from None
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError("voila did not start within 60 s:\n" + log.read_text())
    _wait_until_preheated(proc)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        kwargs = {"headless": True, "args": CHROMIUM_ARGS}
        if exe:
            kwargs["executable_path"] = exe
        b = pw.chromium.launch(**kwargs)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()
