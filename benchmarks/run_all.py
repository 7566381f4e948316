"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``).

Each benchmark sets up (or reuses) the peer library's own virtual environment and
prints its timings side by side with neuroexplore's, as ratios.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        status |= subprocess.call([sys.executable, str(script), *sys.argv[1:]])
    return status


if __name__ == "__main__":
    raise SystemExit(main())
