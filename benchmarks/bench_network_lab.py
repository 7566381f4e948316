"""NetworkLab's E/I tab: time per slider change at 500, 2,500 and 10,000 neurons (1 s).

Issue 14 §1 asks the E/I tab to recompute a 10,000-neuron, 1 s network in under
0.5 s per slider change, or to show a progressive result.  The tab is progressive
above 1,000 neurons: a change draws the first 100 ms of simulated time, then the
rest runs in a background thread (the state carried over, the same result as one
run) and replaces it.  Per slider change (``g`` toggled 5.0 <-> 5.1, the lab built
and the numba kernel warm) this script times, in the kernel, without a browser:

* ``first``: from setting the slider to the setter returning (the first figure is
  drawn by then; the kernel is free for the next change);
* ``full``: from setting the slider to the whole 1 s drawn (the thread joined);
* ``blocking``: the lab's former way, one full ``simulate_ei_network`` call and one
  draw in the caller (the reference the ratios use).

Each is the best of ``REPEAT`` interleaved trials (progressive, blocking, progressive,
...): the machine is shared, so the load average is printed before and after, and
``cpu_s`` is the process CPU time of one full simulation.  Plotly's figure updates are
serialized as in a kernel; the browser's drawing is not included (see
tests/ui and benchmarks/load_voila.py for that).

Usage: python benchmarks/bench_network_lab.py [--quick]   (--quick: 2 trials)
The last line printed is one JSON object with every number.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (500, 2500, 10_000)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    from neuroexplore.networks import simulate_ei_network
    from neuroexplore.widgets import NetworkLab

    repeat = 2 if "--quick" in sys.argv[1:] else 4
    print(f"load average before: {load()} (2-core machine shared with other jobs)")
    lab = NetworkLab()  # background, as in Voila
    lab.tabs.selected_index = 3
    g = lab.ei_controls["g"]
    rows = []
    for n in SIZES:
        lab.ei_controls["n_neurons"].value = n
        lab.ei_runner.join()
        first, full, blocking, cpu = [], [], [], []
        for k in range(repeat):
            t0 = time.perf_counter()
            g.value = 5.1 if g.value == 5.0 else 5.0
            first.append(time.perf_counter() - t0)
            lab.ei_runner.join()
            full.append(time.perf_counter() - t0)
            assert lab.error == "", lab.error
            kw = lab.ei_settings()
            t0, c0 = time.perf_counter(), time.process_time()
            net = simulate_ei_network(**kw)
            cpu.append(time.process_time() - c0)
            lab._draw_ei(net, kw)
            blocking.append(time.perf_counter() - t0)
            del k
        row = dict(n_neurons=n, first_s=min(first), full_s=min(full),
                   blocking_s=min(blocking), sim_cpu_s=min(cpu),
                   spikes=int(net.spike_times.size), rate_hz=round(net.mean_rate(), 2))
        row["first_over_blocking"] = row["first_s"] / row["blocking_s"]
        row["full_over_blocking"] = row["full_s"] / row["blocking_s"]
        rows.append(row)
        print(f"N = {n:>6,}: first figure {row['first_s']:.3f} s, full {row['full_s']:.3f} s, "
              f"blocking full run {row['blocking_s']:.3f} s (simulation CPU "
              f"{row['sim_cpu_s']:.3f} s; {row['spikes']:,} spikes, {row['rate_hz']} Hz); "
              f"first/blocking {row['first_over_blocking']:.2f}, "
              f"full/blocking {row['full_over_blocking']:.2f}", flush=True)
    lab.ei_controls["n_neurons"].value = 500
    print(f"load average after: {load()}")
    print(json.dumps({"bench": "network_lab", "repeat": repeat, "load_after": load(),
                      "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
