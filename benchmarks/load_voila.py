"""Load test: N concurrent students on one Voila gallery server, moving sliders.

::

    python benchmarks/load_voila.py --lab neuron_lab --sessions 30 --seconds 60
    python benchmarks/load_voila.py --lab neuron_lab --find-break

The server is started exactly as ``neuroexplore gallery`` starts it
(:func:`neuroexplore.cli_apps.gallery_command`, on loopback, a free port). Each session is
a protocol client that does what Voila's front end does: it fetches
``/voila/render/<lab>.ipynb`` (which hands it a kernel), connects to
``/api/kernels/<id>/channels``, lists the widget comms (``comm_info_request``) and asks
each model for its state (``request_state``), then, at a student's pace (one change
every ``--interval`` seconds, randomised), sends a slider change as a browser does (a
``comm_msg`` with ``method: "update"``, ``state: {"value": v}``, ``buffer_paths: []``) and
waits until the kernel has handled it (its ``idle`` status for that message). The
latency is the time from sending to the last update of a plotly ``FigureWidget`` model
(``_py2js_*`` or figure data) before that ``idle``. A change is *failed* when the kernel
does not finish within ``--timeout`` seconds, shows an error (an ``error`` or ``stderr``
message, or the lab's error message), or the websocket closes. A change handled without
error that sends no figure data is counted as ``unchanged``, not as an update: plotly
sends only data that changed, so e.g. a stimulus onset moved past the end of the
simulated time leaves the figure as it was. The sliders driven are those whose first
change (a calibration probe on the first session) updated a figure.

``--browsers K`` opens real headless-Chromium pages of the same lab, one after another,
while the clients drive (the page probe of ``bench_render.py``: render time, then key
presses timed in the page from keydown to the figure's redraw): ``browser_p95_ms`` next
to ``p95_ms`` shows whether a browser sees the loaded server as the clients do.

The sessions speak the ``v1.kernel.websocket.jupyter.org`` protocol, as JupyterLab's
and Voila's front ends do. (Voila 0.5 reads every binary message's header in that
format; a legacy-protocol client used to hang the whole server, which
:mod:`neuroexplore.serving` now guards against, and ``tests/ui/test_serving.py``
keeps so.)

The last line printed is one JSON object: ``sessions``, ``updates``, ``failed``,
``unchanged``, ``p50_ms``, ``p95_ms``, ``max_ms``, ``rss_mb_per_kernel`` (``mean``,
``max``: the peak RSS of the sessions' own kernels), ``pss_mb_per_kernel`` (their
proportional set size at the end: shared libraries split among the processes that map
them, the memory one more student costs), ``rss_mb_total``, ``pss_mb_total`` (the server and
all its kernels, the preheated ones of every lab included), ``cpu_percent`` (the server
and its kernels, in percent of one core, over the driving window) and the context
(``load_avg``, ``cores``, ``setup_s``). Every loop is bounded in count and in time, and
only loopback is targeted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_render's page probe

from jupyter_server.services.kernels.connection.base import (  # noqa: E402
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.iostream import StreamClosedError  # noqa: E402
from tornado.websocket import WebSocketClosedError  # noqa: E402

from neuroexplore.cli_apps import gallery_command  # noqa: E402

HOST = "127.0.0.1"
SLIDERS = ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")
FIGURE_KEYS = ("_py2js_restyle", "_py2js_update", "_py2js_relayout", "_py2js_animate",
               "_py2js_addTraces", "_py2js_deleteTraces", "_py2js_moveTraces",
               "_data", "_layout")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- server
class Server:
    """``neuroexplore gallery`` on a free loopback port, with its process tree watched."""

    def __init__(self, port: int | None = None, log_dir: str | None = None,
                 max_kernels: int | None = None) -> None:
        self.port = port or _free_port()
        self.max_kernels = max_kernels
        self.base = f"http://{HOST}:{self.port}"
        self.log = Path(log_dir or tempfile.mkdtemp(prefix="load_voila_")) / "voila.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout_s: float = 120.0) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(self.log, "w") as fh:
            extra = {} if self.max_kernels is None else {"max_kernels": self.max_kernels}
            self.proc = subprocess.Popen(gallery_command(port=self.port, ip=HOST, **extra),
                                         stdout=fh,
                                         stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except Exception:
                if self.proc.poll() is not None:
                    raise RuntimeError("voila exited:\n" + self.log.read_text()) from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"voila did not answer within {timeout_s:.0f} s")

    def processes(self) -> list:
        import psutil

        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kernels(self) -> list:
        return [p for p in self.processes()[1:] if _is_kernel(p)]

    def wait_quiet(self, timeout_s: float = 300.0) -> float:
        """Wait until the preheated kernels have run their notebooks (CPU goes quiet)."""
        t0 = time.time()
        quiet = 0
        while time.time() - t0 < timeout_s and quiet < 3:
            procs = self.processes()
            for p in procs:
                _cpu(p)
            time.sleep(1.0)
            busy = sum(_cpu(p) for p in procs)
            quiet = quiet + 1 if busy < 15.0 else 0
        return time.time() - t0

    def stop(self) -> None:
        if self.proc is None:
            return
        import psutil

        children = self.processes()[1:]
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for c in children:  # kernels the server did not shut down (ours, by pid)
            try:
                c.kill()
            except psutil.NoSuchProcess:
                pass


def _is_kernel(p) -> bool:
    try:
        return "ipykernel" in " ".join(p.cmdline())
    except Exception:
        return False


def _cpu(p) -> float:
    try:
        return p.cpu_percent(interval=None)
    except Exception:
        return 0.0


class Sampler(threading.Thread):
    """CPU time and peak RSS of the server's process tree, sampled once a second."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.rss: dict[int, float] = {}
        self.kernel_pids: set[int] = set()
        self.kernel_of: dict[int, str] = {}  # pid -> Jupyter kernel id
        self.stop_event = threading.Event()
        self.t0 = self.t1 = time.time()

    def sample(self) -> None:
        for p in self.server.processes():
            try:
                t = p.cpu_times()
                cpu = t.user + t.system
                self.first.setdefault(p.pid, cpu)
                self.last[p.pid] = cpu
                self.rss[p.pid] = max(self.rss.get(p.pid, 0.0), p.memory_info().rss / 2**20)
                if _is_kernel(p):
                    self.kernel_pids.add(p.pid)
                    if p.pid not in self.kernel_of:
                        found = re.search(r"kernel-([0-9a-f-]+)\.json", " ".join(p.cmdline()))
                        self.kernel_of[p.pid] = found.group(1) if found else ""
            except Exception:  # noqa: S112 - a kernel that ended between listing and sampling
                continue

    def run(self) -> None:
        self.t0 = time.time()
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(1.0)
        self.sample()
        self.t1 = time.time()

    def result(self, kernel_ids: set[str] | None = None) -> dict:
        """CPU and memory; per-kernel memory over the kernels of *kernel_ids* only."""
        wall = max(self.t1 - self.t0, 1e-9)
        cpu = sum(self.last[p] - self.first[p] for p in self.last)
        pids = {p for p in self.kernel_pids
                if kernel_ids is None or self.kernel_of.get(p) in kernel_ids}
        kernels = [self.rss[p] for p in pids if p in self.rss]
        pss = self.proportional(pids)
        return {
            "rss_mb_per_kernel": {
                "mean": round(statistics.fmean(kernels), 1) if kernels else None,
                "max": round(max(kernels), 1) if kernels else None,
                "kernels": len(kernels),
            },
            "rss_mb_total": round(sum(self.rss.values()), 1),
            # PSS shares each shared library's pages among the processes that map them
            # (numba's LLVM, scipy, torch, plotly's validators): what one more student
            # costs the machine, where RSS counts the shared libraries in every kernel
            "pss_mb_per_kernel": {
                "mean": round(statistics.fmean(pss), 1) if pss else None,
                "max": round(max(pss), 1) if pss else None,
            },
            "pss_mb_total": round(sum(self.proportional(set(self.rss))), 1),
            "cpu_percent": round(100.0 * cpu / wall, 1),
        }

    @staticmethod
    def proportional(pids: set[int]) -> list[float]:
        """Proportional set size (MB) of the live processes *pids*, read now."""
        import psutil

        out = []
        for pid in pids:
            try:
                out.append(psutil.Process(pid).memory_full_info().pss / 2**20)
            except (psutil.Error, AttributeError):  # gone, or no PSS on this platform
                continue
        return out


# --------------------------------------------------------------------------- protocol
def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "load",
                   "session": session, "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": metadata or {}, "content": content,
        "channel": "shell", "buffers": [],
    }


WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def _pack(part: dict) -> bytes:
    return json.dumps(part).encode("utf-8")


def _encode(msg: dict) -> bytes:
    """A message in the v1 websocket protocol (channel and parts, with offsets)."""
    return serialize_msg_to_ws_v1(msg, msg["channel"], pack=_pack)


def _decode(frame: str | bytes) -> dict:
    """One websocket frame of the v1 protocol: channel, header, ..., content (no buffers)."""
    if isinstance(frame, str):  # a server that fell back to the JSON text protocol
        return json.loads(frame)
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header = json.loads(parts[0])
    return {"channel": channel, "header": header, "msg_type": header.get("msg_type"),
            "parent_header": json.loads(parts[1]), "content": json.loads(parts[3])}


def _order_key(state: dict) -> str:
    return json.dumps({k: v for k, v in state.items() if not k.startswith("_") or
                       k == "_model_name"}, sort_keys=True, default=str)[:2000]


def _is_figure_update(msg: dict, sliders: dict) -> bool:
    """A plotly FigureWidget update (its models may not answer ``request_state``)."""
    if msg.get("msg_type") != "comm_msg":
        return False
    content = msg.get("content", {})
    data = content.get("data", {})
    if data.get("method") != "update" or content.get("comm_id") in sliders:
        return False
    return any(k in data.get("state", {}) for k in FIGURE_KEYS)


@dataclass
class Session:
    base: str
    lab: str
    index: int
    timeout: float
    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    unchanged: int = 0
    closed: bool = False
    errors: list[str] = field(default_factory=list)
    sliders: dict = field(default_factory=dict)
    figures: set = field(default_factory=set)

    async def connect(self, setup_timeout: float) -> None:
        from tornado.httpclient import AsyncHTTPClient
        from tornado.websocket import websocket_connect

        url = f"{self.base}/voila/render/{self.lab}.ipynb"
        resp = await AsyncHTTPClient().fetch(url, request_timeout=setup_timeout,
                                             connect_timeout=setup_timeout)
        found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', resp.body.decode())
        if not found:
            raise RuntimeError(f"no kernel id in {url}")
        self.kernel_id = found.group(1)
        self.session = uuid.uuid4().hex
        ws_url = (self.base.replace("http://", "ws://")
                  + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        self.ws = await websocket_connect(ws_url, max_message_size=512 * 2**20,
                                          subprotocols=[WS_PROTOCOL])
        # what ipywidgets' front end does without the control comm: list the widget
        # comms, then ask each model for its state
        await self._send("comm_info_request", {"target_name": "jupyter.widget"})
        deadline = time.time() + setup_timeout
        comms: set[str] | None = None
        states: dict = {}
        for _ in range(100000):
            if time.time() >= deadline:
                raise TimeoutError("no widget states")
            wait = deadline - time.time() if comms is None else min(3.0, deadline - time.time())
            try:
                frame = await asyncio.wait_for(self.ws.read_message(), wait)
            except asyncio.TimeoutError:
                if comms is None or not states:
                    raise
                break  # some models never answer request_state: go on with the rest
            if frame is None:
                raise RuntimeError("websocket closed while loading the widget states")
            msg = _decode(frame)
            content = msg.get("content", {})
            if msg.get("msg_type") == "comm_info_reply" and comms is None:
                comms = set(content.get("comms", {}))
                for cid in comms:
                    await self._send("comm_msg", {"comm_id": cid,
                                                  "data": {"method": "request_state"}})
            elif msg.get("msg_type") == "comm_msg" and content.get("comm_id") in (comms or ()):
                data = content.get("data", {})
                if data.get("method") == "update" and "_model_name" in data.get("state", {}):
                    st = data["state"]
                    states[content["comm_id"]] = {"model_name": st["_model_name"], "state": st}
            if comms is not None and len(states) == len(comms):
                break
        self.n_comms, self.n_states = len(comms or ()), len(states)
        self._models(states)

    def _models(self, states: dict) -> None:
        for model_id, s in states.items():
            st = s.get("state", {})
            if s.get("model_name") == "FigureModel":
                self.figures.add(model_id)
            elif s.get("model_name") in SLIDERS and not st.get("disabled"):
                self.sliders[model_id] = st

    async def _send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg = _message(msg_type, content, self.session, metadata)
        await self.ws.write_message(_encode(msg), binary=True)
        return msg["header"]["msg_id"]

    def _new_value(self, model_id: str, rng: random.Random):
        st = self.sliders[model_id]
        lo, hi, step = st["min"], st["max"], st.get("step") or 1
        n = max(int(round((hi - lo) / step)), 1)
        for _ in range(10):
            v = lo + step * rng.randint(0, n)
            if st.get("_model_name", "").startswith("Int") or isinstance(st["value"], int):
                v = int(round(v))
            v = min(max(v, lo), hi)
            if v != st["value"]:
                return v
        return lo if st["value"] != lo else hi

    async def drive(self, sliders: list[str], seconds: float, interval: float,
                    rng: random.Random) -> None:
        """Move the sliders for *seconds*, one change per ~*interval* s (bounded count)."""
        end = time.time() + seconds
        max_changes = int(seconds / (interval / 2)) + 1
        for _ in range(max_changes):
            if time.time() >= end:
                break
            await asyncio.sleep(min(rng.uniform(0.5 * interval, 1.5 * interval),
                                    max(end - time.time(), 0)))
            if time.time() >= end:
                break
            if self.closed:  # the server dropped this student: every later change fails
                self.failed += 1
                continue
            model_id = rng.choice(sliders)
            value = self._new_value(model_id, rng)
            outcome, latency = await self.change(model_id, value)
            if outcome == "figure":
                self.latencies.append(latency)
            elif outcome == "unchanged":
                self.unchanged += 1
            else:
                self.failed += 1
                self.errors.append(f"{outcome} after {self.sliders[model_id].get('description')!r}"
                                   f" -> {value}")

    async def change(self, model_id: str, value) -> tuple[str, float]:
        """Set a slider as the browser does; wait until the kernel has handled it.

        Returns the outcome and the seconds from sending to the last figure update:

        * ``"figure"``: one or more figures updated (the plot the student sees);
        * ``"unchanged"``: handled without an error, and the figures are the same as
          before (plotly sends only changed data; e.g. a stimulus onset moved past the
          end of the simulated time);
        * ``"error: ..."``: the lab showed an error message, or the kernel an error;
        * ``"timeout"``: the kernel did not finish within ``timeout`` seconds.
        """
        t0 = time.perf_counter()
        try:
            msg_id = await self._send("comm_msg", {"comm_id": model_id, "data": {
                "method": "update", "state": {"value": value}, "buffer_paths": []}})
        except (WebSocketClosedError, StreamClosedError):
            self.closed = True
            return "error: websocket closed", 0.0
        self.sliders[model_id]["value"] = value
        last_figure = None
        error = None
        while (left := self.timeout - (time.perf_counter() - t0)) > 0:
            try:
                frame = await asyncio.wait_for(self.ws.read_message(), left)
            except asyncio.TimeoutError:
                break
            if frame is None:
                self.closed = True
                return "error: websocket closed", 0.0
            msg = _decode(frame)
            content = msg.get("content", {})
            if _is_figure_update(msg, self.sliders):
                last_figure = time.perf_counter() - t0
            elif error is None and (msg.get("msg_type") == "error" or (
                    msg.get("msg_type") == "stream" and content.get("name") == "stderr")):
                error = f"error: kernel {msg['msg_type']} {str(content)[:200]}"
            elif msg.get("msg_type") == "comm_msg":
                text = str(content.get("data", {}).get("state", {}).get("value", ""))
                if "neuroexplore-error" in text and error is None:
                    error = "error: lab message " + re.sub(r"<[^>]+>", "", text)[:200]
            elif (msg.get("msg_type") == "status"
                  and content.get("execution_state") == "idle"
                  and msg.get("parent_header", {}).get("msg_id") == msg_id):
                if error is not None:
                    return error, time.perf_counter() - t0
                if last_figure is None:
                    return "unchanged", time.perf_counter() - t0
                return "figure", last_figure
        return "timeout", time.perf_counter() - t0

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()


def _slider_key(state: dict) -> tuple:
    """A slider as a student sees it (its label and range), the same in every kernel."""
    return (state.get("_model_name"), state.get("description"), state.get("min"),
            state.get("max"), state.get("step"))


async def _calibrate(session: Session) -> list[str]:
    """The sliders whose change updates a figure (one probe each, on the first session)."""
    rng = random.Random(0)
    useful = []
    for model_id in list(session.sliders):
        outcome, _ = await session.change(model_id, session._new_value(model_id, rng))
        if outcome == "figure":
            useful.append(model_id)
    return useful


class Browsers(threading.Thread):
    """*count* real headless-Chromium pages of the lab, opened while the clients drive.

    Each page is opened and driven as ``bench_render.py`` does (the same in-page probe:
    render time, then key presses on the sliders that redraw a figure, key -> first
    figure mutation timed in the page), one page after another for as long as the
    clients run; their numbers show whether a real browser sees the server as the
    protocol clients do.
    """

    def __init__(self, base: str, lab: str, count: int, seconds: float, presses: int = 12):
        super().__init__(daemon=True)
        self.base, self.lab, self.count = base, lab, count
        self.seconds, self.presses = seconds, presses
        self.runs: list[dict] = []
        self.errors: list[str] = []

    def run(self) -> None:
        import shutil

        from bench_render import CHROMIUM_ARGS, open_lab
        from playwright.sync_api import sync_playwright

        end = time.time() + self.seconds
        kwargs = {"headless": True, "args": CHROMIUM_ARGS}
        if exe := shutil.which("chromium") or shutil.which("chromium-browser"):
            kwargs["executable_path"] = exe
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(**kwargs)
                try:
                    for _ in range(self.count):
                        if time.time() >= end:
                            break
                        try:
                            self.runs.append(open_lab(browser, self.base, f"{self.lab}.ipynb",
                                                      self.presses))
                        except Exception as exc:  # noqa: BLE001 - a failed page is a result
                            self.errors.append(f"browser page: {exc!r}"[:300])
                finally:
                    browser.close()
        except Exception as exc:  # noqa: BLE001 - no Chromium / playwright: say so
            self.errors.append(f"browser: {exc!r}"[:300])

    def result(self) -> dict:
        lat = sorted(x for r in self.runs for x in r.get("latencies_ms", []))
        renders = [r["render_s"] for r in self.runs if "render_s" in r]

        def pct(q: float) -> float | None:
            return round(lat[min(int(q * len(lat)), len(lat) - 1)], 1) if lat else None

        return {"browser_pages": len(self.runs), "browser_updates": len(lat),
                "browser_missed": sum(r.get("missed", 0) for r in self.runs),
                "browser_p50_ms": pct(0.50), "browser_p95_ms": pct(0.95),
                "browser_render_s": [round(x, 2) for x in renders],
                "browser_errors": self.errors[:3]}


async def run_load(base: str, lab: str, sessions: int, seconds: float, interval: float,
                   timeout: float, setup_timeout: float, seed: int, server: Server,
                   browsers: int = 0) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    # every page request at once, as a class opening the lab (tornado's default: 10)
    AsyncHTTPClient.configure(None, max_clients=sessions + 10)
    clients = [Session(base, lab, i, timeout) for i in range(sessions)]
    t0 = time.time()
    results = await asyncio.gather(*(c.connect(setup_timeout) for c in clients),
                                   return_exceptions=True)
    setup_s = time.time() - t0
    ready = [c for c, r in zip(clients, results, strict=True) if not isinstance(r, Exception)]
    setup_errors = [repr(r) for r in results if isinstance(r, Exception)]
    if not ready:
        raise RuntimeError(f"no session connected: {setup_errors[:3]}")
    sliders = await _calibrate(ready[0])
    if not sliders:
        raise RuntimeError(f"no slider of {lab} updates a figure")
    # each kernel has its own model ids: find the same sliders by what a student sees
    keys = [_slider_key(ready[0].sliders[s]) for s in sliders]
    sampler = Sampler(server)
    sampler.start()
    rngs = [random.Random(seed + c.index) for c in ready]
    drives = []
    for c, rng in zip(ready, rngs, strict=True):
        by_key = {_slider_key(st): mid for mid, st in c.sliders.items()}
        mine = [by_key[k] for k in keys if k in by_key]
        if len(mine) < len(keys):
            c.errors.append(f"{len(keys) - len(mine)} sliders not found")
        drives.append(c.drive(mine, seconds, interval, rng))
    pages = Browsers(base, lab, browsers, seconds) if browsers else None
    if pages is not None:
        pages.start()
    await asyncio.gather(*drives)
    if pages is not None:
        await asyncio.to_thread(pages.join, 180)
    sampler.stop_event.set()
    sampler.join(5)
    usage = sampler.result({c.kernel_id for c in ready})  # while the kernels live
    lat = sorted(x * 1000 for c in ready for x in c.latencies)
    failed = sum(c.failed for c in ready) + len(setup_errors)
    for c in ready:
        c.close()

    def pct(q: float) -> float | None:
        if not lat:
            return None
        return round(lat[min(int(q * len(lat)), len(lat) - 1)], 1)

    return {
        "lab": lab, "sessions": sessions, "connected": len(ready), "seconds": seconds,
        "updates": len(lat), "failed": failed, "unchanged": sum(c.unchanged for c in ready),
        "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": round(lat[-1], 1) if lat else None,
        **usage,
        **(pages.result() if pages is not None else {}),
        "sliders_driven": len(sliders), "setup_s": round(setup_s, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(),
        "errors": setup_errors[:3] + [e for c in ready for e in c.errors][:3],
    }


def measure(args: argparse.Namespace, sessions: int) -> dict:
    server = Server(max_kernels=args.max_kernels)
    try:
        server.start()
        server.wait_quiet(args.setup_timeout)
        return asyncio.run(run_load(server.base, args.lab, sessions, args.seconds,
                                    args.interval, args.timeout, args.setup_timeout,
                                    args.seed, server, args.browsers))
    finally:
        server.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (checked: sessions 1..200, seconds 1..3600, an existing lab)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lab", default="neuron_lab", help="app notebook name (widgets/<lab>.ipynb)")
    ap.add_argument("--sessions", type=int, default=30, help="concurrent sessions (1..200)")
    ap.add_argument("--seconds", type=float, default=60.0, help="driving time (1..3600)")
    ap.add_argument("--interval", type=float, default=2.0,
                    help="mean seconds between one session's changes (randomised 0.5x..1.5x)")
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds a change may wait for its figure update before it fails")
    ap.add_argument("--setup-timeout", type=float, default=600.0,
                    help="seconds for the sessions to start (kernels start on demand)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-kernels", type=int, default=None,
                    help="the gallery's kernel cap (default: neuroexplore gallery's, 60); "
                         "raise it to find where latency, not the cap, stops a class")
    ap.add_argument("--browsers", type=int, default=0,
                    help="real headless-Chromium pages opened one after another alongside "
                         "the clients (0..5; needs playwright and Chromium)")
    ap.add_argument("--find-break", action="store_true",
                    help="add sessions until p95 passes --break-ms; print the breaking point")
    ap.add_argument("--break-ms", type=float, default=2000.0)
    ap.add_argument("--step", type=int, default=10, help="sessions added per --find-break step")
    ap.add_argument("--max-sessions", type=int, default=80, help="--find-break stops here")
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        ap.error(f"--sessions must be in 1..200, got {args.sessions}")
    if not 0 <= args.browsers <= 5:
        ap.error(f"--browsers must be in 0..5, got {args.browsers}")
    if not 1 <= args.seconds <= 3600:
        ap.error(f"--seconds must be in 1..3600, got {args.seconds}")
    if not (ROOT / "widgets" / f"{args.lab}.ipynb").exists():
        ap.error(f"--lab {args.lab!r}: no widgets/{args.lab}.ipynb")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.find_break:
        print(json.dumps(measure(args, args.sessions)), flush=True)
        return 0
    n, broke = args.sessions, None
    for _ in range(20):  # bounded
        if n > args.max_sessions:
            break
        res = measure(args, n)
        print(json.dumps(res), flush=True)
        if res["p95_ms"] is None or res["p95_ms"] > args.break_ms or res["failed"]:
            broke = n
            break
        n += args.step
    print(json.dumps({"lab": args.lab, "break_sessions": broke, "break_ms": args.break_ms,
                      "max_tried": min(n, args.max_sessions)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
