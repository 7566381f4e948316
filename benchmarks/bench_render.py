"""First render and slider -> plot latency of every Voila lab, in headless Chromium.

The gallery is started exactly as ``neuroexplore gallery`` starts it
(:func:`neuroexplore.cli_apps.gallery_command`: preheated pool of one kernel per app,
ipc transport, light theme, the shared-server options), serving this checkout's
``widgets/`` on a free loopback port, with this checkout's package on the kernels'
``PYTHONPATH``.  Each lab (``widgets/*_lab.ipynb``) is then opened ``--repeat`` times,
each time in a fresh browser context (an empty cache, as a first visit) once the
preheated pool has been refilled (Voila's kernels gone quiet), after one uncounted
warm-up open (a fresh server's and browser's first page is slow):

* **render**: from navigation start to the first plotly figure drawn with its traces
  and a slider on the page (the moment the UI tests call "rendered"), read in the page
  from ``performance.now()`` (zero at navigation start) by a ``MutationObserver``;
  **all drawn**: the last figure on the first screen drawn;
* **slider -> plot latency** (first open of each lab): every visible slider is probed
  with one arrow key; those that redraw a figure are then pressed in turn,
  ``--presses`` times in all, alternately right and left, each press after the page
  has settled (no figure mutation for 0.3 s) -- at most ~3 presses a second.  The
  latency is measured in the page, from the ``keydown`` event to the first mutation of
  a figure's SVG (``performance.now()`` both).

Each open also records the CPU seconds Chromium (all its processes, from the DevTools
``SystemInfo``) and the server (Voila and its kernels, from ``psutil``) spent on it: on
a machine loaded by other work the wall-clock times stretch, the CPU seconds much less.

Prints per-lab render (median and best of the opens), all-drawn, browser CPU, p50/p95
latency and the number of presses, then one JSON line.  Targets (issue 14): render < 3 s per lab,
p95 < 250 ms.  ``--baseline DIR`` serves a second checkout (say ``/work/main``) from a
second server and alternates the two open by open, for before/after ratios on a
loaded machine.  ``--no-preheat`` measures renders with kernels started on demand.

Loopback only; at most ``labs x repeat`` page opens and ``labs x presses`` key presses;
each wait is bounded.

Usage: python benchmarks/bench_render.py [--repeat 3] [--presses 24] [--labs neuron network]
       [--baseline /work/main] [--no-preheat] [--cache cold|warm]
Needs voila, psutil, playwright and a Chromium (Debian's /usr/bin/chromium or Playwright's).
The last line is JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: as the browser tests (tests/ui/conftest.py)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RENDER_TARGET_S = 3.0
P95_TARGET_MS = 250.0
PAGE_TIMEOUT_MS = 90_000
PRESS_TIMEOUT_MS = 5_000
SETTLE_MS = 300

#: Installed before any page script: timestamps (performance.now(), ms from navigation
#: start) of each figure's first drawing, of the first slider, of the last key press and
#: of the figure mutations after it.
PAGE_PROBE = r"""
(() => {
  const W = window.__nx = {plots: [], firstPlot: null, firstSlider: null, key: null,
                          first: null, last: null, lastPlotMutation: 0};
  const drawn = (p) => p.querySelector('.main-svg .trace, .main-svg .hm, .main-svg image');
  const seen = new WeakSet();
  const scan = (now) => {
    for (const p of document.querySelectorAll('.js-plotly-plot')) {
      if (!seen.has(p) && drawn(p)) {
        seen.add(p);
        W.plots.push(now);
        if (W.firstPlot === null) W.firstPlot = now;
      }
    }
    if (W.firstSlider === null && document.querySelector('.widget-slider .noUi-handle')) {
      W.firstSlider = now;
    }
  };
  const obs = new MutationObserver((records) => {
    const now = performance.now();
    let inPlot = false;
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest && el.closest('.js-plotly-plot')) { inPlot = true; break; }
    }
    if (inPlot) {
      W.lastPlotMutation = now;
      if (W.key !== null) {
        if (W.first === null) W.first = now;
        W.last = now;
      }
    }
    if (W.firstPlot === null || W.firstSlider === null || inPlot) scan(now);
  });
  obs.observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener('keydown', () => {
    W.key = performance.now(); W.first = null; W.last = null;
  }, true);
})();
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quiet(proc: subprocess.Popen, timeout_s: float = 240.0) -> None:
    """Wait until the server's kernels have gone quiet (preheated pools filled).

    A pool is refilled ``fill_delay`` seconds after its kernel was taken: that long after
    the last page request is waited for first, so that a refill is not missed.
    """
    import psutil

    delay = 1.0  # Voila's default
    for opt in proc.args:
        if str(opt).startswith("--VoilaKernelManager.fill_delay="):
            delay = float(str(opt).split("=", 1)[1])
    taken = getattr(proc, "nx_last_open", None)
    if taken is not None:
        time.sleep(max(0.0, taken + delay + 1.0 - time.monotonic()))

    server = psutil.Process(proc.pid)
    deadline = time.time() + timeout_s
    quiet = 0
    while time.time() < deadline and quiet < 3:
        kernels = [k for k in server.children(recursive=True) if k.is_running()]
        for k in kernels:
            with contextlib.suppress(psutil.Error):
                k.cpu_percent(interval=None)
        time.sleep(1.0)
        busy = 0.0
        for k in kernels:
            with contextlib.suppress(psutil.Error):
                busy += k.cpu_percent(interval=None)
        quiet = quiet + 1 if kernels and busy < 10.0 else 0


@contextlib.contextmanager
def gallery(checkout: Path, preheat: bool, log_dir: Path,
            extra: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen]]:
    """``neuroexplore gallery`` serving *checkout*'s ``widgets/`` (plus Voila options
    *extra*); yields (url, process)."""
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join([str(checkout), os.environ.get("PYTHONPATH", "")]))
    # the command of *checkout*'s own `neuroexplore gallery` (a baseline keeps its options)
    code = ("import json, sys; from neuroexplore.cli_apps import gallery_command; "
            f"print(json.dumps(gallery_command(port={port}, directory=sys.argv[1])))")
    cmd = json.loads(subprocess.run([sys.executable, "-c", code, str(checkout / "widgets")],
                                    env=env, cwd=checkout, capture_output=True, text=True,
                                    check=True).stdout)
    cmd += list(extra)
    if not preheat:
        cmd = [o for o in cmd if not o.startswith("--preheat_kernel=")]
        cmd.append("--preheat_kernel=False")
    log = log_dir / f"voila-{port}.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=checkout, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("voila did not start:\n" + log.read_text()) from None
                time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _sliders(page) -> list:
    return [s for s in page.query_selector_all(".widget-slider")
            if s.is_visible() and s.query_selector(".noUi-handle")]


def _press(page, slider, key: str) -> float | None:
    """Press *key* on *slider*'s handle; the in-page latency (ms) to the first figure
    mutation, or ``None`` when no figure changed within the timeout."""
    handle = slider.query_selector(".noUi-handle")
    if handle is None:
        return None
    handle.focus()
    page.evaluate("() => { __nx.key = null; __nx.first = null; __nx.last = null; }")
    page.keyboard.press(key)
    try:
        page.wait_for_function(
            f"() => __nx.first !== null && performance.now() - __nx.last > {SETTLE_MS}",
            timeout=PRESS_TIMEOUT_MS, polling=50)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: nothing redrew
        return None
    key_t, first = page.evaluate("() => [__nx.key, __nx.first]")
    return None if key_t is None else first - key_t


def _direction(slider) -> str:
    handle = slider.query_selector(".noUi-handle")
    now, top = handle.get_attribute("aria-valuetext"), handle.get_attribute("aria-valuemax")
    with contextlib.suppress(TypeError, ValueError):
        if float(now) >= float(top):
            return "ArrowLeft"
    return "ArrowRight"


def _browser_cpu_s(browser) -> float:
    """CPU seconds used so far by all of Chromium's processes (renderer, GPU, network).

    Unlike the wall-clock render time this hardly grows when other processes load the
    machine, so it compares two versions fairly on a busy machine (one page is open at
    a time: the difference over an open is that page's cost).
    """
    cdp = getattr(browser, "_nx_cdp", None)
    if cdp is None:
        cdp = browser._nx_cdp = browser.new_browser_cdp_session()
    return sum(p.get("cpuTime", 0.0) for p in cdp.send("SystemInfo.getProcessInfo")["processInfo"])


def _server_cpu_s(proc: subprocess.Popen | None) -> float:
    """CPU seconds used so far by the Voila server and its live kernels."""
    if proc is None:
        return 0.0
    import psutil

    total = 0.0
    with contextlib.suppress(psutil.Error):
        server = psutil.Process(proc.pid)
        for p in [server, *server.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
    return total


def new_context(browser):
    """A browser context (its own empty HTTP cache) with the page probe installed."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(PAGE_PROBE)
    return ctx


def open_lab(browser, url: str, notebook: str, presses: int, ctx=None,
             proc: subprocess.Popen | None = None, timeout_ms: int = PAGE_TIMEOUT_MS) -> dict:
    """Open one lab, in *ctx* (a context kept between opens: its HTTP cache holds what
    earlier pages loaded) or else in a fresh context (a first visit); its render times
    and (``presses`` > 0) slider latencies."""
    own = ctx is None
    if own:
        ctx = new_context(browser)
    page = ctx.new_page()
    try:
        if proc is not None:
            proc.nx_last_open = time.monotonic()
        cpu0, srv0 = _browser_cpu_s(browser), _server_cpu_s(proc)
        t0 = time.perf_counter()
        page.goto(f"{url}/voila/render/{notebook}", timeout=timeout_ms, wait_until="commit")
        page.wait_for_function("() => __nx.firstPlot !== null && __nx.firstSlider !== null",
                               timeout=timeout_ms, polling=20)
        wall = time.perf_counter() - t0
        cpu, srv = _browser_cpu_s(browser) - cpu0, _server_cpu_s(proc) - srv0
        first_plot, first_slider = page.evaluate("() => [__nx.firstPlot, __nx.firstSlider]")
        # the rest of the first screen: no figure drawn or changed for 1.5 s
        page.wait_for_function("() => performance.now() - Math.max(__nx.lastPlotMutation, "
                               "__nx.plots[__nx.plots.length - 1]) > 1500",
                               timeout=PAGE_TIMEOUT_MS, polling=100)
        plots = page.evaluate("() => __nx.plots")
        out = {"render_s": max(first_plot, first_slider) / 1e3, "wall_s": wall,
               "first_plot_s": first_plot / 1e3, "all_drawn_s": max(plots) / 1e3,
               "figures": len(plots), "browser_cpu_s": cpu, "server_cpu_s": srv,
               "errors": len(page.query_selector_all(".neuroexplore-error"))}
        if presses > 0:
            out.update(_latencies(page, presses))
        return out
    finally:
        with contextlib.suppress(Exception):  # unload: Voila shuts the page's kernel down
            page.goto("about:blank", timeout=10_000)
        page.close()
        if own:
            ctx.close()


def _latencies(page, presses: int) -> dict:
    live, dead = [], 0
    for slider in _sliders(page):  # probe: which sliders redraw a figure
        if _press(page, slider, _direction(slider)) is not None:
            live.append(slider)
        else:
            dead += 1
    lat: list[float] = []
    missed = 0
    keys = {}
    for i in range(presses if live else 0):
        slider = live[i % len(live)]
        key = keys.get(i % len(live), _direction(slider))
        keys[i % len(live)] = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        ms = _press(page, slider, key)
        if ms is None:
            missed += 1
        else:
            lat.append(ms)
        page.wait_for_timeout(100)
    return {"latencies_ms": lat, "sliders": len(live), "sliders_no_redraw": dead,
            "missed": missed}


def _p(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def summarize(runs: list[dict]) -> dict:
    renders = [r["render_s"] for r in runs]
    lat = [x for r in runs for x in r.get("latencies_ms", [])]
    return {
        "render_s_median": statistics.median(renders), "render_s_best": min(renders),
        "render_s_worst": max(renders),
        "all_drawn_s_median": statistics.median(r["all_drawn_s"] for r in runs),
        "browser_cpu_s_median": statistics.median(r["browser_cpu_s"] for r in runs),
        "server_cpu_s_median": statistics.median(r["server_cpu_s"] for r in runs),
        "figures": runs[0]["figures"], "opens": len(runs),
        "p50_ms": _p(lat, 0.5), "p95_ms": _p(lat, 0.95), "presses": len(lat),
        "missed": sum(r.get("missed", 0) for r in runs),
        "sliders": max(r.get("sliders", 0) for r in runs),
        "errors": max(r["errors"] for r in runs),
    }


def main() -> int:
    # a terminated run still stops its Voila servers (the `finally` of `gallery`)
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="opens per lab (1-20)")
    ap.add_argument("--presses", type=int, default=24, help="key presses per lab (0-200)")
    ap.add_argument("--labs", nargs="*", default=None,
                    help="lab names (neuron, crossbar_lab...; default: widgets/*_lab.ipynb)")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="a second checkout to serve side by side (alternating opens)")
    ap.add_argument("--no-preheat", action="store_true", help="kernels started on demand")
    ap.add_argument("--cache", choices=("cold", "warm"), default="cold",
                    help="cold: each open in a fresh browser context (a first visit); warm: "
                         "one context per server for the whole run, as a student going "
                         "from lab to lab (the HTTP cache keeps what the server allows)")
    args, _unknown = ap.parse_known_args()  # run_all.py passes its arguments to every bench
    if not 1 <= args.repeat <= 20 or not 0 <= args.presses <= 200:
        ap.error("--repeat must be in [1, 20] and --presses in [0, 200]")
    labs = sorted(p.name for p in (ROOT / "widgets").glob("*_lab.ipynb"))
    if args.labs:
        wanted = {n if n.endswith(".ipynb") else
                  (n if n.endswith("_lab") else n + "_lab") + ".ipynb" for n in args.labs}
        labs = [n for n in labs if n in wanted]
    checkouts = {"new": ROOT}
    if args.baseline is not None:
        checkouts = {"old": args.baseline.resolve(), "new": ROOT}
    preheat = not args.no_preheat
    if not preheat:  # the numba cache, as the UI tests warm it (a fresh clone compiles once)
        subprocess.run([sys.executable, "-c", "from neuroexplore.neurons import simulate, models,"
                        " model_info\nfor m in models():\n i = model_info(m)\n"
                        " simulate(m, current=i.current.default, t_stop=2.0, dt=i.dt_default)"],
                       check=False, cwd=ROOT)
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    results: dict[str, dict[str, list[dict]]] = {k: {lab: [] for lab in labs} for k in checkouts}
    failures = dict.fromkeys(checkouts, 0)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers = {k: stack.enter_context(gallery(path, preheat, Path(tmp)))
                   for k, path in checkouts.items()}
        with sync_playwright() as pw:
            kwargs = {"headless": True, "args": CHROMIUM_ARGS}
            if exe:
                kwargs["executable_path"] = exe
            browser = pw.chromium.launch(**kwargs)
            contexts = {k: new_context(browser) if args.cache == "warm" else None
                        for k in servers}
            try:
                # warm-up, not counted: a fresh server's and browser's first page is slow
                for which, (url, proc) in servers.items():
                    _quiet(proc)
                    with contextlib.suppress(Exception):  # a slow first page is no result
                        open_lab(browser, url, labs[0], 0, contexts[which], proc,
                                 timeout_ms=3 * PAGE_TIMEOUT_MS)
                for rep in range(args.repeat):
                    for lab in labs:
                        order = list(servers.items())  # old/new first in turn
                        if (rep + labs.index(lab)) % 2:
                            order.reverse()
                        for which, (url, proc) in order:
                            for _url, other in servers.values():
                                _quiet(other)
                            try:
                                run = open_lab(browser, url, lab,
                                               args.presses if rep == 0 else 0,
                                               contexts[which], proc)
                            except Exception as exc:  # noqa: BLE001 - reported, run goes on
                                print(f"{which:3s} {lab:24s} open {rep + 1}: FAILED "
                                      f"({type(exc).__name__}: {str(exc)[:120]})", flush=True)
                                failures[which] += 1
                                continue
                            results[which][lab].append(run)
                            lat = run.get("latencies_ms")
                            extra = (f"  p95 {_p(lat, 0.95):6.0f} ms ({len(lat)} presses)"
                                     if lat is not None else "")
                            print(f"{which:3s} {lab:24s} open {rep + 1}: render "
                                  f"{run['render_s']:.2f} s (CPU: browser "
                                  f"{run['browser_cpu_s']:.2f} s, server "
                                  f"{run['server_cpu_s']:.2f} s), all drawn "
                                  f"{run['all_drawn_s']:.2f} s"
                                  f", {run['figures']} figures{extra}", flush=True)
            finally:
                for ctx in contexts.values():
                    if ctx is not None:
                        ctx.close()
                browser.close()
    summary = {k: {lab: summarize(runs) for lab, runs in per.items() if runs}
               for k, per in results.items()}
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"preheat {preheat}; cache {args.cache}; "
          "render = navigation start -> first figure drawn and a slider")
    head = f"{'lab':24s} {'render med':>10s} {'best':>6s} {'all drawn':>9s} " \
           f"{'cpu s':>6s} {'p50 ms':>7s} {'p95 ms':>7s} {'presses':>7s}"
    for which, per in summary.items():
        print(f"\n[{which}: {checkouts[which]}]\n{head}")
        for lab, s in per.items():
            print(f"{lab:24s} {s['render_s_median']:10.2f} {s['render_s_best']:6.2f} "
                  f"{s['all_drawn_s_median']:9.2f} {s['browser_cpu_s_median']:6.2f} "
                  f"{s['p50_ms']:7.0f} {s['p95_ms']:7.0f} "
                  f"{s['presses']:7d}")
    if "old" in summary:
        print("\nratios new/old (median render, browser CPU time, p95 latency):")
        for lab in labs:
            if lab not in summary["old"] or lab not in summary["new"]:
                continue
            o, n = summary["old"][lab], summary["new"][lab]
            p95 = (f"{n['p95_ms'] / o['p95_ms']:.2f}x" if n["presses"] and o["presses"]
                   else "-")
            print(f"{lab:24s} render {n['render_s_median'] / o['render_s_median']:.2f}x  "
                  f"cpu {n['browser_cpu_s_median'] / o['browser_cpu_s_median']:.2f}x  "
                  f"p95 {p95}")
    new = summary["new"]
    record = {
        "benchmark": "render", "preheat": preheat, "cache": args.cache, "repeat": args.repeat,
        "presses": args.presses, "load_average": os.getloadavg()[0],
        "render_target_s": RENDER_TARGET_S, "p95_target_ms": P95_TARGET_MS,
        "failed_opens": failures,
        "max_render_s": max((s["render_s_median"] for s in new.values()), default=None),
        "max_p95_ms": max((s["p95_ms"] for s in new.values() if s["presses"]),
                          default=None),
        "labs": summary,
    }
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
