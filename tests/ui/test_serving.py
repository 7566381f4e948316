"""`neuroexplore gallery`'s production settings on a live Voila, and its kernel websocket.

Each test starts Voila with the gallery's own command line (``gallery_command``) on a
small widget notebook in a temporary folder, on loopback, with small limits so that a
test takes seconds: the kernel cap gives a 503 page, idle kernels are culled and
free their slot, and a client that sends ``execute_request`` over a page's kernel
websocket gets nothing executed.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from neuroexplore import cli_apps
from neuroexplore.serving import full_message

from .conftest import _free_port

pytestmark = pytest.mark.ui

KERNEL_ID = re.compile(r'kernelId["\']?\s*[:=]\s*["\']([0-9a-f-]{36})["\']')
SERVER_START_S = 60


def _notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as w\nw.IntSlider(value=3, min=0, max=10)")]
    nbformat.write(nb, folder / "tiny.ipynb")


def _wait_for_pool(log: Path, timeout_s: float = 60) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline and "Kernel pool of tiny.ipynb is filled" not in log.read_text():
        time.sleep(0.3)


def _start(tmp_path: Path, **settings) -> tuple[subprocess.Popen, str, Path]:
    folder = tmp_path / "apps"
    folder.mkdir()
    _notebook(folder)
    port = _free_port()
    cmd = cli_apps.gallery_command(port=port, directory=folder, **settings)
    log = tmp_path / "voila.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + SERVER_START_S
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            _wait_for_pool(log)
            return proc, base, log
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("voila exited:\n" + log.read_text()) from None
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("voila did not start:\n" + log.read_text())


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _get(url: str, timeout: float = 60) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _kernel_alive(base: str, kernel_id: str) -> bool:
    return _get(f"{base}/api/kernels/{kernel_id}", timeout=10)[0] == 200


@pytest.fixture
def server(tmp_path, request):
    proc, base, log = _start(tmp_path, **getattr(request, "param", {}))
    yield base, log
    _stop(proc)


def test_listens_on_loopback_only(tmp_path):
    """The default address is loopback: the port is not open on another interface."""
    assert "--Voila.ip=127.0.0.1" in cli_apps.gallery_command()
    proc, base, log = _start(tmp_path)
    try:
        assert "127.0.0.1" in log.read_text() or _get(base + "/")[0] == 200
        import psutil

        addrs = {c.laddr.ip for c in psutil.Process(proc.pid).net_connections("tcp")
                 if c.status == psutil.CONN_LISTEN}
        assert addrs == {"127.0.0.1"}
    finally:
        _stop(proc)


@pytest.mark.parametrize("server", [{"max_kernels": 1, "cull_idle_minutes": 0.05}],
                         indirect=True)
def test_kernel_cap_page_then_culling_frees_the_slot(server):
    base, log = server
    status, html = _get(f"{base}/voila/render/tiny.ipynb")  # the preheated kernel
    assert status == 200, html[-2000:]
    (first,) = set(KERNEL_ID.findall(html))
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 503
    assert full_message(1) in html.replace("\n", " ")
    # no page is connected to the first kernel: after 3 s idle it is culled
    deadline = time.time() + 30
    while time.time() < deadline and _kernel_alive(base, first):
        time.sleep(1)
    assert not _kernel_alive(base, first), log.read_text()[-3000:]
    assert "Culling" in log.read_text()
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200, html[-2000:]


def _msg(msg_type: str, content: dict, session: str) -> str:
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "x",
                   "session": session, "date": "2026-01-01T00:00:00Z", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
        "buffers": []})


def test_execute_request_over_the_kernel_websocket_runs_nothing(server, tmp_path):
    import websocket  # websocket-client

    base, log = server
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200
    (kernel_id,) = set(KERNEL_ID.findall(html))
    marker = tmp_path / "pwned.txt"
    session = uuid.uuid4().hex
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
    ws = websocket.create_connection(ws_url, timeout=10)
    try:
        code = f"open({str(marker)!r}, 'w').write('executed')"
        ws.send(_msg("execute_request", {"code": code, "silent": False,
                                         "store_history": False, "user_expressions": {},
                                         "allow_stdin": False, "stop_on_error": True},
                     session))
        ws.send(_msg("kernel_info_request", {}, session))
        # the kernel answers the (allowed) kernel_info_request; the shell channel is
        # in order, so an execute_request that had passed would have run by then
        seen = []
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                msg = json.loads(ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            seen.append(msg["header"]["msg_type"])
            if msg["header"]["msg_type"] == "kernel_info_reply":
                break
    finally:
        ws.close()
    assert "kernel_info_reply" in seen, seen
    assert "execute_reply" not in seen and "execute_input" not in seen, seen
    time.sleep(1)
    assert not marker.exists()
    assert "execute_request" in log.read_text()  # jupyter_server logged the refusal
