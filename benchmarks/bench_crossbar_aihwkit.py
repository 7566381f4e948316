"""Crossbar MLP inference: neuroexplore vs aihwkit vs plain torch, side by side.

The case: a 784-256-10 MLP (ReLU), trained briefly (3 epochs of Adam) on scikit-learn's
digits upsampled from 8 x 8 to 28 x 28 (bilinear); the 10,000 inputs are the 1,797
upsampled digits repeated.  Both simulators program the weights as PCM conductances
with programming noise (aihwkit: ``PCMLikeNoiseModel``; neuroexplore: the same Joshi
et al. 2020 statistics, ``pcm_noise=True``, fits in ``x = g / g_max``), drift them to
t = 1 h with global drift compensation, and read them with a 7-bit DAC and a 9-bit ADC;
aihwkit's extra output noise is switched off.  Tiles are at most 512 x 512 on both sides.

Printed: forward time for the batch for plain ``torch.nn.Linear`` (the floor),
aihwkit's C++ ``InferenceRPUConfig`` tile (aihwkit 1.2.0 built from source) and its
``TorchInferenceRPUConfig`` tile, and neuroexplore (``neuroexplore.crossbar.convert``)
in both read-noise modes; the ratios
neuroexplore/aihwkit and neuroexplore/torch; and the relative output error
``||y - y_float|| / ||y_float||`` per sample (median, 90th percentile) and the
agreement of the predicted class.

Then the error table, one non-ideality switched on at a time (median output error vs
float, read noise per inference as in aihwkit):

* converters only (no PCM noise, no drift);
* PCM noise, no drift (programming and 1/f read noise accumulated over 1 h);
* PCM noise and 1 h drift with global drift compensation;

for neuroexplore with calibrated ADC ranges (the default: 99.99th percentile of
``|I|`` over a calibration batch of 512 training digits, per layer) and with the
old fixed range of 20 full-scale cell currents (its clipping fraction printed),
beside aihwkit 1.2's numbers for the same rows (measured with this case and the
peer below; printed from :data:`AIHWKIT_1_2` when the peer venv is missing).

Remaining differences from aihwkit's ``IOParameters`` / ``InferenceRPUConfig``
(named so that a difference in the error rows can be traced to one of them):

* **ADC range** (``out_bound``).  aihwkit's ADC spans a fixed ``out_bound = 12`` in
  units of ``max|W| * max|x|`` per tile (9 bits over 24 units: one LSB is 0.047 of a
  full-scale weight times a full-scale input); neuroexplore calibrates the full scale
  to the currents the layer produces (``adc_calibration``, ``adc_percentile``), which
  is typically a few times smaller, so its quantisation step is finer.
* **Bound management** (``bound_management = ITERATIVE``).  When an aihwkit output
  saturates at ``out_bound``, the MVM is repeated with the inputs halved (up to
  ``max_bm_factor`` / ``max_bm_res``) and rescaled, so nothing clips but those vectors
  lose input and output resolution.  neuroexplore has no bound management: currents
  beyond the calibrated range clip (rarely, by construction) and are counted
  (``EvalResult.adc_clip_fraction``, ``CrossbarArray.adc_clip_fraction``).
* **Noise management** (``noise_management = ABS_MAX``).  aihwkit scales each input
  vector by its abs-max per tile; neuroexplore (``dac_range = 0``) by the abs-max of
  the whole vector, shared by the row tiles of a 784-input layer.
* **Output noise** (``out_noise = 0.06``) is switched off on the aihwkit side; the
  ``w_noise``, IR drop and non-linearity options are off on both sides.
* **PCM model details.**  Weights map to conductances per layer (neuroexplore,
  ``G+ - G-`` of the ideal device, ``g_min = 0.1 uS`` of ``g_max = 100 uS``, put on the
  25-uS scale) vs per tile with ``g_min = 0`` (aihwkit's single-pair converter);
  programmed conductances are clipped to ``[g_min, g_max]`` (neuroexplore) vs ``>= 0``
  (aihwkit); the drift exponent is drawn from the programmed (neuroexplore) vs the
  target (aihwkit) conductance; aihwkit reads at ``t_inference + t0``; the global
  drift compensation reads 64 random inputs (neuroexplore) vs aihwkit's own
  calibration input.

Measured (2-core shared machine, seed 0; median output error vs float):

==========================  ==========  ===============  ===========
case                        calibrated  fixed 20 (old)   aihwkit 1.2
==========================  ==========  ===============  ===========
converters only             0.0054      0.172 (8.9 %     0.016
                                        clipped)
PCM, no drift               0.039       0.178            0.052
PCM + 1 h drift + GDC       0.034       0.069            0.151
==========================  ==========  ===============  ===========

* *PCM, no drift* is within 30 % of aihwkit (0.76x).
* *Converters only* is 3x below aihwkit: the named difference is the ADC range,
  calibrated here to the layer's currents vs aihwkit's fixed ``out_bound = 12``
  (with iterative bound management), whose step is about three times coarser for
  these currents.
* *PCM + drift* is 4.4x below aihwkit.  A float re-implementation of aihwkit's
  documented ``PCMLikeNoiseModel`` (per-tile mapping, ``g_min = 0``, ``nu`` from the
  target, reads at ``t + t0``, GDC from one-hot readouts, even quantised by a 9-bit
  ADC over ``out_bound = 12``) with ideal converters gives 0.034-0.045 for this row
  and 0.035 without drift, i.e. the PCM statistics agree with ours; the rest of
  aihwkit's 0.151 comes from its tile periphery acting on the drifted weights (fixed
  ``out_bound`` with bound management, noise management per tile), which this
  benchmark cannot separate without the peer venv.  Drift with compensation costing
  little here is what the statistics predict: low-conductance cells drift faster
  (``nu`` up to 0.1), so after compensation the programming noise of the near-zero
  weights shrinks relative to the signal.

aihwkit runs in its own venv (``benchmarks/.venv-aihwkit``, built by
``benchmarks/setup_aihwkit.sh`` if missing, unless ``--no-setup``) through
``benchmarks/aihwkit_peer.py``.  Targets: neuroexplore <= 0.5 x aihwkit's time,
<= 2 x plain torch; each error row within 30 % of aihwkit's, or explained above.

Timing: the torch floor and neuroexplore's reads (``per_inference``; ``per_read``, the
default; and ``per_read`` through the unfused torch read path,
:func:`~neuroexplore.crossbar.read_plan.read_with_plan_torch`, as it ran before the
fused CPU read) are timed interleaved, one call of each per round, and each keeps its
best of ``--repeats`` rounds, so that load from other processes hits all alike; the
aihwkit peers (separate processes) report their median.  The last line is JSON.

Speed measured (issue 14; 2-core machine shared with other jobs, load 3.5-5.3).  One
thread, CPU time, best of 7 (``--threads 1``, robust to the load), three runs: per_read
3.08-3.18x torch (the same as with the earlier in-kernel ziggurat normals, 3.10-3.19x,
runs alternated), the unfused torch path 4.5-5.2x, per_inference 1.42-1.53x.  Default
two threads, wall: per_read 3.79x, torch path 6.20x, per_inference 1.54x (torch 14 ms;
wall times under this load vary by 3x between runs).  Layer 1 (784 -> 256, two ADC
groups), one thread, CPU time relative to its ``nn.Linear``: DAC pass 0.52x, signal
product 1.02x, variance product 0.96x, ``normal_`` 0.58x, fused read-out 0.17x; the
read 3.34x (torch path 5.21x).  The exact per-output draw needs the variance product
``codes^2 @ s^2``, as large as the floor's own product: the two products alone take
about 2x the floor, so per_read cannot reach 2x on the CPU without a cheaper (inexact)
variance product.

Usage: python benchmarks/bench_crossbar_aihwkit.py [--repeats 5] [--no-setup] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
PEER_PY = HERE / ".venv-aihwkit" / "bin" / "python"
SEED = 0
T_INFERENCE = 3600.0
DAC_BITS, ADC_BITS = 7, 9
N_BATCH = 10_000
N_CALIBRATION = 512  # calibration inputs for neuroexplore's ADC ranges (training digits)

#: The error rows: name -> (pcm_noise, drift).
CASES = {
    "converters only": (False, False),
    "PCM, no drift": (True, False),
    "PCM + 1 h drift + GDC": (True, True),
}
#: aihwkit 1.2.0's median output error for those rows (this case, issue 9 of the project).
AIHWKIT_1_2 = {"converters only": 0.016, "PCM, no drift": 0.052,
               "PCM + 1 h drift + GDC": 0.151}


def digits_28(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    from sklearn.datasets import load_digits

    d = load_digits()
    x = torch.tensor(d.images / 16.0, dtype=torch.float32)[:, None]
    x = torch.nn.functional.interpolate(x, size=(28, 28), mode="bilinear",
                                        align_corners=False).reshape(len(d.images), -1)
    y = torch.tensor(d.target)
    reps = -(-n // len(x))
    return x.repeat(reps, 1)[:n], y.repeat(reps)[:n]


def trained_mlp(x: torch.Tensor, y: torch.Tensor) -> nn.Sequential:
    torch.manual_seed(SEED)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    xs, ys = x[:1797], y[:1797]
    for _ in range(3):
        perm = torch.randperm(len(xs))
        for k in range(0, len(xs), 64):
            idx = perm[k:k + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(model(xs[idx]), ys[idx]).backward()
            opt.step()
    return model.eval()


def rel_errors(y: np.ndarray, y_float: np.ndarray) -> np.ndarray:
    """Per-sample relative output error ``||y - y_float|| / ||y_float||``."""
    return np.linalg.norm(y - y_float, axis=1) / np.linalg.norm(y_float, axis=1)


def error_stats(y: np.ndarray, y_float: np.ndarray) -> str:
    rel = rel_errors(y, y_float)
    agree = np.mean(y.argmax(1) == y_float.argmax(1))
    return (f"rel. error median {np.median(rel):.4f}, p90 {np.percentile(rel, 90):.4f}; "
            f"class agreement {agree:.4f}")


def run_peer(tile: str, case: Path, repeats: int, noise: str = "full") -> dict | None:
    out = case.with_name(f"aihwkit_{tile}_{noise}.npz")
    proc = subprocess.run([str(PEER_PY), str(HERE / "aihwkit_peer.py"), str(case), str(out),
                           tile, noise], capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        print(f"  aihwkit ({tile} tile, {noise}) failed:\n    " + "\n    ".join(
            proc.stderr.strip().splitlines()[-4:]))
        return None
    d = np.load(out)
    return {"y": d["y"], "time": float(np.median(d["times"])), "version": str(d["version"]),
            "threads": int(d["threads"])}


def neuroexplore_config(sampling: str, *, pcm_noise: bool = True, drift: bool = True,
                        fixed_range: bool = False):
    from neuroexplore.crossbar import CrossbarConfig

    extra = dict(adc_calibration="fixed", adc_range=20.0) if fixed_range else {}
    return CrossbarConfig(pcm_noise=pcm_noise, drift=drift, t_inference=T_INFERENCE,
                          drift_compensation=True, dac_bits=DAC_BITS, adc_bits=ADC_BITS,
                          tile_rows=512, tile_cols=512, torch_device="cpu", seed=SEED,
                          read_noise_sampling=sampling, **extra)


def neuroexplore_model(model: nn.Module, x_cal: torch.Tensor, sampling: str):
    """The converted model and its programming time (s), or None without the crossbar."""
    try:
        from neuroexplore.crossbar import convert
    except ImportError as exc:  # the crossbar layers are not in this checkout
        print(f"  neuroexplore.crossbar.convert unavailable: {exc}")
        return None
    t0 = time.perf_counter()
    analog = convert(model, neuroexplore_config(sampling), calibration=x_cal)
    return analog, time.perf_counter() - t0


def torch_read_path(fn):
    """``fn`` run through the unfused torch read path (the read before the fused CPU read)."""
    from neuroexplore.crossbar import read_plan

    def run():
        saved = list(read_plan._NUMBA)
        read_plan._NUMBA[:] = [False]
        try:
            return fn()
        finally:
            read_plan._NUMBA[:] = saved
    return run


def interleaved(fns: dict, repeats: int) -> tuple[dict[str, float], dict[str, float], dict]:
    """Best-of-``repeats`` wall time and process CPU time of each callable, one call of
    each per round."""
    best = {k: float("inf") for k in fns}
    best_cpu, out = dict(best), {}
    with torch.no_grad():
        for k, fn in fns.items():
            out[k] = fn()  # warm-up (numba compiles on first use)
        for _ in range(repeats):
            for k, fn in fns.items():
                c0, t0 = time.process_time(), time.perf_counter()
                fn()
                best[k] = min(best[k], time.perf_counter() - t0)
                best_cpu[k] = min(best_cpu[k], time.process_time() - c0)
    return best, best_cpu, out


def neuroexplore_case(model: nn.Module, x: torch.Tensor, x_cal: torch.Tensor,
                      pcm_noise: bool, drift: bool, fixed_range: bool) -> tuple[np.ndarray, float]:
    """Outputs of one error row (read noise per inference) and its ADC clipping fraction."""
    from neuroexplore.crossbar import adc_clip_fraction, convert, count_adc_clipping

    cfg = neuroexplore_config("per_inference", pcm_noise=pcm_noise, drift=drift,
                              fixed_range=fixed_range)
    analog = count_adc_clipping(convert(model, cfg, calibration=x_cal))
    with torch.no_grad():
        y = analog(x).numpy()
    return y, adc_clip_fraction(analog)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-setup", action="store_true",
                    help="do not build the aihwkit venv when it is missing")
    ap.add_argument("--threads", type=int, default=0,
                    help="torch and numba threads (0: their defaults); with 1, CPU time "
                         "is robust to load from other processes")
    args = ap.parse_args()
    if args.threads:
        import numba

        torch.set_num_threads(args.threads)
        numba.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    x, y = digits_28(N_BATCH)
    model = trained_mlp(x, y)
    print(f"784-256-10 MLP, batch {N_BATCH} (upsampled digits), PCM noise, drift to 1 h "
          f"+ global compensation, {DAC_BITS}-bit DAC, {ADC_BITS}-bit ADC; "
          f"torch threads {torch.get_num_threads()}")
    load_before = os.getloadavg()[0]
    x_cal = x[:N_CALIBRATION]  # training digits (the first 1797 inputs are the data set)
    fns = {"torch": lambda: model(x)}
    programs = {}
    for sampling in ("per_inference", "per_read"):
        res = neuroexplore_model(model, x_cal, sampling)
        if res is not None:
            analog, programs[sampling] = res
            fns[sampling] = (lambda a: lambda: a(x))(analog)
    if "per_read" in fns:
        fns["per_read (torch path)"] = torch_read_path(fns["per_read"])
    best, best_cpu, outs = interleaved(fns, args.repeats)
    t_float, y_float = best["torch"], outs["torch"].numpy()
    print(f"  float accuracy on the digits: {np.mean(y_float.argmax(1) == y.numpy()):.4f}")
    rows = [("torch.nn.Linear (floor)", t_float, None)]
    ne = {}
    for sampling in ("per_inference", "per_read", "per_read (torch path)"):
        if sampling in best:
            ne[sampling] = {"time": best[sampling], "cpu": best_cpu[sampling],
                            "y": outs[sampling].numpy()}
            rows.append((f"neuroexplore {sampling}", best[sampling],
                         error_stats(ne[sampling]["y"], y_float)))

    if not PEER_PY.exists() and not args.no_setup:
        print("  building the aihwkit venv (benchmarks/setup_aihwkit.sh) ...", flush=True)
        subprocess.call(["bash", str(HERE / "setup_aihwkit.sh")])
    peers, peer_rows = {}, {}
    if PEER_PY.exists():
        with tempfile.TemporaryDirectory() as tmp:
            case = Path(tmp) / "case.npz"
            np.savez(case, w1=model[0].weight.detach().numpy(),
                     b1=model[0].bias.detach().numpy(), w2=model[2].weight.detach().numpy(),
                     b2=model[2].bias.detach().numpy(), x=x.numpy(), seed=SEED,
                     t_inference=T_INFERENCE, dac_bits=DAC_BITS, adc_bits=ADC_BITS,
                     repeats=args.repeats)
            for tile in ("cpp", "torch"):
                res = run_peer(tile, case, args.repeats)
                if res is not None:
                    peers[tile] = res
                    rows.append((f"aihwkit {res['version']} {tile} tile", res["time"],
                                 error_stats(res["y"], y_float)))
            for name, noise in zip(CASES, ("none", "no_drift", "full"), strict=True):
                res = run_peer("torch", case, 1, noise) if noise != "full" else peers.get(
                    "torch")
                if res is not None:
                    peer_rows[name] = float(np.median(rel_errors(res["y"], y_float)))
    else:
        print("  aihwkit venv missing: run benchmarks/setup_aihwkit.sh (error rows below "
              "show aihwkit 1.2's recorded numbers)")

    cpu_of = {"torch.nn.Linear (floor)": best_cpu["torch"],
              **{f"neuroexplore {k}": best_cpu[k] for k in ne}}
    print(f"\n{'':36} {'forward (s)':>12} {'CPU (s)':>8}   output error vs float")
    for name, t, err in rows:
        cpu = f"{cpu_of[name]:8.4f}" if name in cpu_of else f"{'-':>8}"
        print(f"  {name:34} {t:12.4f} {cpu}   {err or '-'}")
    print()
    for sampling, res in ne.items():
        line = (f"  neuroexplore {sampling:21}: {res['time'] / t_float:6.2f}x torch floor "
                f"(CPU time {res['cpu'] / best_cpu['torch']:5.2f}x)")
        for tile, peer in peers.items():
            line += f", {res['time'] / peer['time']:6.2f}x aihwkit {tile} tile"
        print(line)
    print("  targets: <= 2x torch, <= 0.5x aihwkit (like for like: per_inference)")
    if "per_read" in ne:
        print(f"  per-read ratio to torch (the default read noise): "
              f"{ne['per_read']['time'] / t_float:.2f}x wall, "
              f"{ne['per_read']['cpu'] / best_cpu['torch']:.2f}x CPU (target <= 2x); "
              f"unfused torch path: {ne['per_read (torch path)']['time'] / t_float:.2f}x wall, "
              f"{ne['per_read (torch path)']['cpu'] / best_cpu['torch']:.2f}x CPU")
    for sampling, t_prog in programs.items():
        print(f"  (neuroexplore {sampling} programming + drift setup: {t_prog:.2f} s, "
              "not timed above)")
    print(f"  load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
          f"({os.cpu_count()} CPUs)")

    print("\nMedian output error vs float, one non-ideality at a time (read noise per "
          f"inference; neuroexplore ADC calibrated on {N_CALIBRATION} training digits)")
    src = "measured" if peer_rows else "recorded"
    print(f"  {'case':24} {'calibrated':>11} {'fixed 20':>9} {'clipped':>8} "
          f"{'aihwkit 1.2':>12} ({src})  calibrated/aihwkit")
    error_rows = {}
    for name, (pcm, drift) in CASES.items():
        y_cal, _ = neuroexplore_case(model, x, x_cal, pcm, drift, fixed_range=False)
        y_fix, clip = neuroexplore_case(model, x, x_cal, pcm, drift, fixed_range=True)
        e_cal = float(np.median(rel_errors(y_cal, y_float)))
        e_fix = float(np.median(rel_errors(y_fix, y_float)))
        ref = peer_rows.get(name, AIHWKIT_1_2[name])
        error_rows[name] = {"calibrated": e_cal, "fixed_20": e_fix, "aihwkit": ref}
        print(f"  {name:24} {e_cal:11.4f} {e_fix:9.4f} {100 * clip:7.2f}% {ref:12.3f}"
              f"{'':13}{e_cal / ref:6.2f}x")
    print("  target: each calibrated row within 30 % of aihwkit's, or explained by a "
          "modelling difference named in this file's docstring")
    summary = {"bench": "crossbar_aihwkit", "batch": N_BATCH, "repeats": args.repeats,
               "torch_s": t_float, "load_avg_1min": [load_before, os.getloadavg()[0]],
               "torch_cpu_s": best_cpu["torch"], "cpus": os.cpu_count(),
               "torch_threads": torch.get_num_threads()}
    for sampling, res in ne.items():
        key = sampling.replace(" (torch path)", "_torch_path")
        summary[f"{key}_s"] = res["time"]
        summary[f"{key}_ratio_torch"] = res["time"] / t_float
        summary[f"{key}_cpu_s"] = res["cpu"]
        summary[f"{key}_cpu_ratio_torch"] = res["cpu"] / best_cpu["torch"]
    for tile, peer in peers.items():
        summary[f"aihwkit_{tile}_s"] = peer["time"]
    summary["error_rows"] = error_rows
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
