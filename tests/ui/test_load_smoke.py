"""A small run of the classroom load test (``benchmarks/load_voila.py``).

Three protocol-client students on the gallery server (started as ``neuroexplore
gallery`` starts it) move the neuron lab's sliders for 10 s; every change must be
handled without an error or a timeout, and most must redraw a figure. The script runs
as a user runs it, in its own process (its asyncio loop is its own), and its last line
is the JSON result. The capacity numbers come from the full run (``make bench``), not
from this test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.ui, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_voila.py"


@pytest.mark.timeout(420)
def test_three_students_ten_seconds_no_failed_update():
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--lab", "neuron_lab", "--sessions", "3",
         "--seconds", "10", "--interval", "2", "--timeout", "30"],
        capture_output=True, text=True, timeout=400, cwd=SCRIPT.parents[1])
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["connected"] == 3, result
    assert result["failed"] == 0, result["errors"]
    assert result["updates"] >= 6, result  # ~5 changes per session, most redraw a figure
    assert result["updates"] >= 2 * result["unchanged"], result
    assert result["p95_ms"] is not None and result["p95_ms"] < 30_000
    kernel = result["rss_mb_per_kernel"]
    assert kernel["kernels"] == 3 and 50 < kernel["mean"] < 2000, kernel
