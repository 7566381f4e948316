"""Helpers for driving ipywidgets sliders and reading plotly plots in a Voila page."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

RENDER_TIMEOUT_MS = 20_000
# generous hard limit for waiting; the render budget itself is asserted by the tests
WAIT_TIMEOUT_MS = 90_000


def open_app(page, base_url: str, notebook: str, *, timeout_ms: int = WAIT_TIMEOUT_MS) -> float:
    """Open ``widgets/<notebook>`` in Voila; wait for a plotly plot and a slider.

    Returns the seconds from navigation to a rendered plot, as a person would wait.
    """
    t0 = time.perf_counter()
    page.goto(f"{base_url}/voila/render/{notebook}", timeout=timeout_ms, wait_until="commit")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
    page.wait_for_selector(".widget-slider", timeout=timeout_ms)
    return time.perf_counter() - t0


def plot_signature(page, index: int = 0) -> str:
    """A string that changes whenever the data of plot ``index`` changes."""
    return page.evaluate(
        """(i) => {
            const plots = document.querySelectorAll('.js-plotly-plot');
            const p = plots[i];
            if (!p || !p.data) return '';
            return JSON.stringify(p.data.map(t => [t.x, t.y, t.z]));
        }""",
        index,
    )


def all_plots_signature(page) -> str:
    return page.evaluate(
        """() => JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot'))
              .map(p => p.data ? p.data.map(t => [t.x, t.y, t.z]) : null))"""
    )


def svg_paths_signature(page) -> str:
    """The ``d`` attributes of every trace path (and the pixels of every heatmap image)
    drawn in the plots' SVG.

    Unlike :func:`all_plots_signature` (the figures' data), this changes only when the
    browser has redrawn a trace.
    """
    return page.evaluate(
        """() => JSON.stringify(Array.from(document.querySelectorAll(
              '.js-plotly-plot .main-svg .trace path, .js-plotly-plot .main-svg .trace image'))
              .map(e => e.getAttribute('d') || e.getAttribute('href')))"""
    )


def sliders(page):
    """Visible ipywidgets sliders on the page."""
    return [s for s in page.query_selector_all(".widget-slider") if s.is_visible()]


def nudge_slider(page, slider, key: str | None = None, *, timeout_s: float = 3.0) -> float:
    """Move a slider one step with the keyboard, as a person would.

    Returns the ``time.perf_counter()`` of the key press that moved it.

    Moves right unless the handle already sits at its maximum.  The key press is
    repeated (after focusing the handle again) until the handle's value changes: a
    redraw of the page just before the press can take the keyboard focus away.
    """
    # aria-valuetext carries the full value (aria-valuenow is rounded to 0.1)
    def handle():  # noUiSlider may rebuild its handle on an update: query it afresh
        return slider.query_selector(".noUi-handle")

    now = handle().get_attribute("aria-valuetext")
    if key is None:
        top = handle().get_attribute("aria-valuemax")
        at_max = now is not None and top is not None and float(now) >= float(top)
        key = "ArrowLeft" if at_max else "ArrowRight"
    t0 = time.perf_counter()
    while True:
        handle().focus()
        pressed = time.perf_counter()
        page.keyboard.press(key)
        for _ in range(20):
            if handle().get_attribute("aria-valuetext") != now:
                return pressed
            page.wait_for_timeout(25)
        if time.perf_counter() - t0 > timeout_s:
            raise AssertionError(f"the slider handle did not move from {now} on {key}")


def wait_for_change(
    page, before: str, *, since: float | None = None, timeout_s: float = 10.0
) -> float:
    """Wait until the plots' signature differs from ``before``; return the latency (s)
    counted from ``since`` (a ``time.perf_counter()``; default: now)."""
    t0 = time.perf_counter() if since is None else since
    while time.perf_counter() - t0 < timeout_s:
        if all_plots_signature(page) != before:
            return time.perf_counter() - t0
        page.wait_for_timeout(10)
    raise AssertionError(f"no plot changed within {timeout_s} s of moving the slider")


def wait_until_settled(page, *, quiet_s: float = 0.3, timeout_s: float = 15.0) -> None:
    """Wait until no plot has changed for ``quiet_s`` (a slider's later redraws, e.g. an
    accuracy re-evaluated on release, must not count as the next slider's response)."""
    t0 = last_change = time.perf_counter()
    before = all_plots_signature(page)
    while time.perf_counter() - t0 < timeout_s:
        page.wait_for_timeout(50)
        now = all_plots_signature(page)
        if now != before:
            before, last_change = now, time.perf_counter()
        elif time.perf_counter() - last_change >= quiet_s:
            return


def median(xs):
    return statistics.median(xs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyterlab_command(folder: Path, port: int) -> list[str]:
    """``jupyter lab`` serving ``folder`` on loopback ``port``: no token, no browser, no
    news or update check (nothing reaches the network), root allowed (containers)."""
    return [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.token=",
            "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={folder}", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


@contextlib.contextmanager
def start_jupyterlab(folder: Path, *, pythonpath: Path | None = None,
                     timeout_s: float = 60.0) -> Iterator[str]:
    """Run JupyterLab in ``folder`` (its workspace, runtime and log files go there too);
    yield its base URL; stop it on exit.  ``pythonpath`` is put first on the kernels'
    ``sys.path`` (the checkout under test)."""
    folder = Path(folder)
    state = folder / ".jupyter-state"
    state.mkdir(exist_ok=True)
    # user settings: no "get notified about Jupyter news?" toast over the notebook
    notification = state / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = dict(os.environ, PYTHONUNBUFFERED="1", JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(state / "settings"))
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(pythonpath), os.environ.get("PYTHONPATH")) if p)
    port = free_port()
    log_path = state / "lab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(jupyterlab_command(folder, port), stdout=log,
                                stderr=subprocess.STDOUT, cwd=folder, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout_s
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text()
                                       ) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for_idle_kernel(base_url: str, *, timeout_s: float = 60.0) -> None:
    """Wait until the server has a kernel and every kernel is idle (started, connected)."""
    deadline = time.time() + timeout_s
    kernels = []
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/api/kernels", timeout=5) as r:
                kernels = json.load(r)
        except OSError:  # the server is busy starting the kernel (HTTP 500/timeout)
            time.sleep(0.5)
            continue
        if kernels and all(k.get("execution_state") == "idle" for k in kernels):
            return
        time.sleep(0.3)
    raise AssertionError(f"no idle kernel within {timeout_s} s: {kernels}")
