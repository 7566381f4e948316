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


TINY = "import ipywidgets as w\nw.IntSlider(value=3, min=0, max=10)"
#: the device lab's upload, its message area, a slider and a dropdown, shown on their
#: own (their model ids are in the page, in this order)
UPLOAD = ("from IPython.display import display\n"
          "from neuroexplore.widgets import DeviceLab\n"
          "lab = DeviceLab()\nlab.ensure_tab(3)\n"
          "display(lab.data.upload)\ndisplay(lab.message)\n"
          "display(lab.iv.wave_controls['amplitude'])\ndisplay(lab.iv.model_select)")
MODEL_ID = re.compile(r'"model_id":\s*"([0-9a-f]{32})"')


def _notebook(folder: Path, code: str = TINY) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, folder / "tiny.ipynb")


def _wait_for_pool(log: Path, timeout_s: float = 60) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline and "Kernel pool of tiny.ipynb is filled" not in log.read_text():
        time.sleep(0.3)


def _start(tmp_path: Path, code: str = TINY,
           **settings) -> tuple[subprocess.Popen, str, Path]:
    folder = tmp_path / "apps"
    folder.mkdir()
    _notebook(folder, code)
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
    # the slot is free: the pool that the cap had emptied is preheated again and serves
    deadline = time.time() + 60
    while time.time() < deadline and log.read_text().count(
            "Kernel pool of tiny.ipynb is filled") < 2:
        time.sleep(0.5)
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200, html[-2000:]
    assert log.read_text().count("Using pre-heated kernel") == 2, log.read_text()[-3000:]


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


def _comm_update(comm_id: str, state: dict, buffer_paths: list, buffers: list[bytes],
                 session: str) -> bytes:
    """A comm ``update`` with binary buffers in jupyter_server's websocket framing."""
    import struct

    msg = json.loads(_msg("comm_msg", {"comm_id": comm_id, "data": {
        "method": "update", "state": state, "buffer_paths": buffer_paths}}, session))
    msg.pop("buffers")
    parts = [json.dumps(msg).encode(), *buffers]
    offsets, at = [], 4 * (len(parts) + 1)
    for part in parts:
        offsets.append(at)
        at += len(part)
    return struct.pack("!I" + "I" * len(parts), len(parts), *offsets) + b"".join(parts)


def _upload_state(size: int) -> dict:
    return {"value": [{"name": "big.csv", "type": "text/csv", "size": size,
                       "last_modified": 0, "content": None}]}


@pytest.mark.parametrize("server", [{"code": UPLOAD}], indirect=True)
def test_big_uploads_over_the_websocket(server):
    """Under the message cap a 50 MB file reaches the lab and gets its message; over the
    cap the server closes that connection and the kernel lives on."""
    import websocket

    base, log = server
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200
    (kernel_id,) = set(KERNEL_ID.findall(html))
    upload_id = MODEL_ID.findall(html)[0]
    session = uuid.uuid4().hex
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
    raw = b"V,I\n" + b"0.1,1e-6\n" * (50_000_000 // 9 + 1)  # 50 MB < the 64 MB cap
    ws = websocket.create_connection(ws_url, timeout=30)
    try:
        ws.send(_comm_update(upload_id, _upload_state(len(raw)), [["value", 0, "content"]],
                             [raw], session), opcode=websocket.ABNF.OPCODE_BINARY)
        shown = False
        deadline = time.time() + 60
        while time.time() < deadline and not shown:
            frame = ws.recv()
            shown = "limited to 5 MB" in (frame if isinstance(frame, str)
                                          else frame.decode("utf8", "replace"))
    finally:
        ws.close()
    assert shown, "the lab showed no message for a 50 MB upload"
    big = b"x" * (70 * 1024 * 1024)  # over the 64 MB cap
    ws = websocket.create_connection(ws_url, timeout=30)
    try:
        # the server drops the connection (while we send, or before any reply)
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError)):
            ws.send(_comm_update(upload_id, _upload_state(len(big)),
                                 [["value", 0, "content"]], [big], session),
                    opcode=websocket.ABNF.OPCODE_BINARY)
            for _ in range(1000):
                ws.recv()
    finally:
        ws.close()
    assert _kernel_alive(base, kernel_id)
    ws = websocket.create_connection(ws_url, timeout=30)  # a new connection works
    try:
        ws.send(_msg("kernel_info_request", {}, session))
        deadline = time.time() + 30
        types = []
        while time.time() < deadline and "kernel_info_reply" not in types:
            types.append(json.loads(ws.recv())["header"]["msg_type"])
    finally:
        ws.close()
    assert "kernel_info_reply" in types



@pytest.mark.parametrize("server", [{"code": UPLOAD}], indirect=True)
def test_out_of_range_updates_over_the_websocket_are_refused(server):
    """A crafted client sets a slider far outside its range and a dropdown to an option
    that does not exist: the lab shows a message for each (and the kernel answers)."""
    import websocket

    base, _log = server
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200
    (kernel_id,) = set(KERNEL_ID.findall(html))
    _upload, _message, slider_id, dropdown_id = MODEL_ID.findall(html)[:4]
    session = uuid.uuid4().hex
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
    ws = websocket.create_connection(ws_url, timeout=30)
    wanted = {"amplitude (V) = 1000000000.0 was refused", "model = 99 was refused"}
    seen: set[str] = set()
    try:
        for comm_id, state in ((slider_id, {"value": 1e9}), (dropdown_id, {"index": 99})):
            ws.send(_msg("comm_msg", {"comm_id": comm_id,
                                      "data": {"method": "update", "state": state}},
                         session))
        deadline = time.time() + 30
        while time.time() < deadline and seen != wanted:
            frame = ws.recv()
            text = frame if isinstance(frame, str) else frame.decode("utf8", "replace")
            seen |= {w for w in wanted if w in text}
    finally:
        ws.close()
    assert seen == wanted


#: a widget whose state goes to the browser as a binary buffer (an Image's bytes)
BINARY = "import ipywidgets as w\nw.Image(value=b'\\x89PNG' + bytes(range(256)) * 40, format='png')"


@pytest.mark.parametrize("server", [{"code": BINARY}], indirect=True)
def test_a_legacy_protocol_client_gets_binary_messages_and_the_server_lives_on(server):
    """Voila reads each binary message's header as the v1 websocket protocol; a client on
    the legacy protocol (no subprotocol) used to hang the whole server on the first
    binary buffer. Hardened (neuroexplore.serving.message_header), it gets its reply."""
    import websocket

    base, _log = server
    status, html = _get(f"{base}/voila/render/tiny.ipynb")
    assert status == 200
    (kernel_id,) = set(KERNEL_ID.findall(html))
    (image_id,) = MODEL_ID.findall(html)[:1]
    session = uuid.uuid4().hex
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
    ws = websocket.create_connection(ws_url, timeout=20)  # no subprotocol: legacy framing
    got = None
    try:
        assert not ws.subprotocol
        ws.send(_msg("comm_msg", {"comm_id": image_id, "data": {"method": "request_state"}},
                     session))
        deadline = time.time() + 20
        while time.time() < deadline and got is None:
            frame = ws.recv()
            if isinstance(frame, bytes):  # legacy binary: 4-byte count, offsets, JSON, buffers
                got = frame
    finally:
        ws.close()
    assert got is not None and b"Image" in got and bytes(range(256)) in got
    t0 = time.time()
    assert _get(base + "/", timeout=10)[0] == 200  # the server still answers at once
    assert time.time() - t0 < 5
