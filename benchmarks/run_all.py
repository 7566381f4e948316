"""Run every ``benchmarks/bench_*.py`` in turn, then the classroom load test (``make bench``).

Each benchmark sets up (or reuses) the peer library's own virtual environment and
prints its timings side by side with neuroexplore's, as ratios. The load test
(``load_voila.py``) runs the issue's two targets -- 30 students on the neuron lab and
10 on the crossbar lab, 60 s each -- and then looks for the number of neuron-lab
students at which the p95 latency passes 2 s. ``--no-load`` skips it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


#: the classroom load runs of ``make bench`` (benchmarks/load_voila.py arguments)
LOAD_RUNS = (
    ["--lab", "neuron_lab", "--sessions", "30", "--seconds", "60", "--browsers", "2"],
    ["--lab", "crossbar_lab", "--sessions", "10", "--seconds", "60", "--browsers", "2"],
    # the default cap (60 kernels, preheated ones included) refuses the ~50th student
    # first; with the cap raised the search finds where latency breaks
    ["--lab", "neuron_lab", "--find-break", "--sessions", "60", "--step", "30",
     "--max-sessions", "150", "--seconds", "45", "--max-kernels", "200"],
)


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--no-load"]
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        status |= subprocess.call([sys.executable, str(script), *args])
    if "--no-load" not in sys.argv[1:]:
        for run in LOAD_RUNS:
            print(f"\n=== load_voila.py {' '.join(run)} ===", flush=True)
            status |= subprocess.call([sys.executable, str(HERE / "load_voila.py"), *run])
    return status


if __name__ == "__main__":
    raise SystemExit(main())
