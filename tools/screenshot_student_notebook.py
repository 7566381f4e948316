"""Screenshot a student notebook mid-exercise in JupyterLab (headless Chromium, loopback).

Usage (after ``neuroexplore course build OUT``)::

    .venv/bin/python tools/screenshot_student_notebook.py OUT/student/01_biological_neurons.ipynb \\
        answer_1_2 1.0 "Exercise 1.2" docs/student_notebook_jupyterlab.png

A copy of the notebook, with ``WRONG_VALUE`` written into the exercise cell that binds
``ANSWER_NAME``, is opened in JupyterLab (started on a free loopback port in a temporary
folder); all cells are run, the page scrolls to the exercise heading and the screenshot
is saved.  ``docs/student_notebook_jupyterlab.png`` was made this way.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCROLL_TO_HEADING = """(h) => {
  const e = Array.from(document.querySelectorAll('h3')).find(x => x.textContent.includes(h));
  if (e) { e.scrollIntoView({block: 'start'}); }
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_wrong_answer(src: Path, dst: Path, answer: str, wrong: str) -> None:
    nb = nbformat.read(src, as_version=4)
    cells = [c for c in nb.cells
             if c.cell_type == "code" and c.source.lstrip().startswith(f"{answer} = None")]
    if not cells:
        raise SystemExit(f"no exercise cell binds {answer} = None in {src}")
    cells[0].source = cells[0].source.replace(f"{answer} = None", f"{answer} = {wrong}", 1)
    nbformat.write(nb, dst)


def _start_lab(folder: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
           f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={folder}", "--LabApp.news_url=",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(folder / "lab.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2)
            return proc
        except OSError:
            time.sleep(1)
    proc.terminate()
    raise SystemExit("JupyterLab did not start; see lab.log")


def _run_all_and_wait(page, timeout_s: float = 300.0) -> None:
    page.click("text=Run", timeout=30000)
    page.click("text=Run All Cells", timeout=30000)
    start = time.time()
    while time.time() - start < timeout_s:
        time.sleep(3)
        prompts = page.eval_on_selector_all(".jp-InputPrompt", "e => e.map(x => x.textContent)")
        if prompts and not any("*" in p for p in prompts) and time.time() - start > 15:
            return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("answer_name")
    ap.add_argument("wrong_value")
    ap.add_argument("heading")
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _with_wrong_answer(args.notebook, folder / args.notebook.name, args.answer_name,
                           args.wrong_value)
        port = _free_port()
        proc = _start_lab(folder, port)
        try:
            with sync_playwright() as p:
                chromium = shutil.which("chromium")
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"http://127.0.0.1:{port}/lab/tree/{args.notebook.name}",
                          timeout=120000)
                page.wait_for_selector(".jp-Notebook", timeout=120000)
                time.sleep(8)
                _run_all_and_wait(page)
                for _ in range(3):
                    page.locator(f"h3:has-text('{args.heading}')").first \
                        .scroll_into_view_if_needed()
                    time.sleep(1.5)
                page.evaluate(SCROLL_TO_HEADING, args.heading)
                time.sleep(2)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
