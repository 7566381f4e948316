"""A small run of the classroom load test (``benchmarks/load_voila.py``).

Three protocol-client students on the gallery server (started as ``neuroexplore
gallery`` starts it) move the neuron lab's sliders for 10 s; every change must be
handled without an error or a timeout, and most must redraw a figure. The capacity
numbers come from the full run (``make bench``), not from this test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.ui, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_voila.py"


def _load_voila():
    spec = importlib.util.spec_from_file_location("load_voila", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(420)
def test_three_students_ten_seconds_no_failed_update():
    load = _load_voila()
    args = load.parse_args(["--lab", "neuron_lab", "--sessions", "3", "--seconds", "10",
                            "--interval", "2", "--timeout", "30"])
    result = load.measure(args, args.sessions)
    assert result["connected"] == 3, result
    assert result["failed"] == 0, result["errors"]
    assert result["updates"] >= 6, result  # ~5 changes per session, most redraw a figure
    assert result["updates"] >= 2 * result["unchanged"], result
    assert result["p95_ms"] is not None and result["p95_ms"] < 30_000
    kernel = result["rss_mb_per_kernel"]
    assert kernel["kernels"] == 3 and 50 < kernel["mean"] < 2000, kernel
