"""Crossbar MLP inference: neuroexplore vs aihwkit vs plain torch, side by side.

The case: a 784-256-10 MLP (ReLU), trained briefly (3 epochs of Adam) on scikit-learn's
digits upsampled from 8 x 8 to 28 x 28 (bilinear); the 10,000 inputs are the 1,797
upsampled digits repeated.  Both simulators program the weights as PCM conductances
with programming noise (aihwkit: ``PCMLikeNoiseModel``; neuroexplore: the same Joshi
et al. 2020 statistics, ``pcm_noise=True``), drift them to t = 1 h with global drift
compensation, and read them with a 7-bit DAC and a 9-bit ADC; aihwkit's extra output
noise is switched off.  Tiles are at most 512 x 512 on both sides.

Printed: forward time for the batch (median of ``--repeats`` runs after a warm-up)
for plain ``torch.nn.Linear`` (the floor), aihwkit's C++ ``InferenceRPUConfig`` tile
(aihwkit 1.2.0 built from source) and its ``TorchInferenceRPUConfig`` tile, and
neuroexplore (``neuroexplore.crossbar.convert``) in both read-noise modes; the ratios
neuroexplore/aihwkit and neuroexplore/torch; and the relative output error
``||y - y_float|| / ||y_float||`` per sample (median, 90th percentile) and the
agreement of the predicted class.

neuroexplore's two read-noise modes (``CrossbarConfig.read_noise_sampling``):

* ``"per_inference"``: the 1/f read noise is drawn once per inference time into the
  conductances, as aihwkit's ``PCMLikeNoiseModel`` does when the weights are drifted
  (``drift_analog_weights``); the forward is one matrix product per ADC group plus the
  converters.  This is the like-for-like comparison with aihwkit.
* ``"per_read"`` (neuroexplore's default, physical): fresh read noise on every read
  (one more product for the per-output noise variance and a Gaussian per output).

aihwkit runs in its own venv (``benchmarks/.venv-aihwkit``, built by
``benchmarks/setup_aihwkit.sh`` if missing) through ``benchmarks/aihwkit_peer.py``.
Targets: neuroexplore <= 0.5 x aihwkit's time, <= 2 x plain torch.

Usage: python benchmarks/bench_crossbar_aihwkit.py [--repeats 5] [--no-setup]
"""

from __future__ import annotations

import argparse
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


def timed(fn, repeats: int) -> tuple[float, torch.Tensor]:
    with torch.no_grad():
        out = fn()  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def error_stats(y: np.ndarray, y_float: np.ndarray) -> str:
    rel = np.linalg.norm(y - y_float, axis=1) / np.linalg.norm(y_float, axis=1)
    agree = np.mean(y.argmax(1) == y_float.argmax(1))
    return (f"rel. error median {np.median(rel):.4f}, p90 {np.percentile(rel, 90):.4f}; "
            f"class agreement {agree:.4f}")


def run_peer(tile: str, case: Path, repeats: int) -> dict | None:
    out = case.with_name(f"aihwkit_{tile}.npz")
    proc = subprocess.run([str(PEER_PY), str(HERE / "aihwkit_peer.py"), str(case), str(out),
                           tile], capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        print(f"  aihwkit ({tile} tile) failed:\n    " + "\n    ".join(
            proc.stderr.strip().splitlines()[-4:]))
        return None
    d = np.load(out)
    return {"y": d["y"], "time": float(np.median(d["times"])), "version": str(d["version"]),
            "threads": int(d["threads"])}


def neuroexplore_forward(model: nn.Module, x: torch.Tensor, repeats: int, sampling: str):
    try:
        from neuroexplore.crossbar import CrossbarConfig, convert
    except ImportError as exc:  # the crossbar layers are not in this checkout
        print(f"  neuroexplore.crossbar.convert unavailable: {exc}")
        return None
    cfg = CrossbarConfig(pcm_noise=True, drift=True, t_inference=T_INFERENCE,
                         drift_compensation=True, dac_bits=DAC_BITS, adc_bits=ADC_BITS,
                         tile_rows=512, tile_cols=512, torch_device="cpu", seed=SEED,
                         read_noise_sampling=sampling)
    t0 = time.perf_counter()
    analog = convert(model, cfg)
    t_program = time.perf_counter() - t0
    t, y = timed(lambda: analog(x), repeats)
    return {"y": y.numpy(), "time": t, "t_program": t_program}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-setup", action="store_true",
                    help="do not build the aihwkit venv when it is missing")
    args = ap.parse_args()
    torch.manual_seed(SEED)
    x, y = digits_28(N_BATCH)
    model = trained_mlp(x, y)
    print(f"784-256-10 MLP, batch {N_BATCH} (upsampled digits), PCM noise, drift to 1 h "
          f"+ global compensation, {DAC_BITS}-bit DAC, {ADC_BITS}-bit ADC; "
          f"torch threads {torch.get_num_threads()}")
    t_float, y_float = timed(lambda: model(x), args.repeats)
    y_float = y_float.numpy()
    print(f"  float accuracy on the digits: {np.mean(y_float.argmax(1) == y.numpy()):.4f}")
    rows = [("torch.nn.Linear (floor)", t_float, None)]

    load_before = os.getloadavg()[0]
    ne = {}
    for sampling in ("per_inference", "per_read"):
        res = neuroexplore_forward(model, x, args.repeats, sampling)
        if res is not None:
            ne[sampling] = res
            rows.append((f"neuroexplore {sampling}", res["time"],
                         error_stats(res["y"], y_float)))

    if not PEER_PY.exists() and not args.no_setup:
        print("  building the aihwkit venv (benchmarks/setup_aihwkit.sh) ...", flush=True)
        subprocess.call(["bash", str(HERE / "setup_aihwkit.sh")])
    peers = {}
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
    else:
        print("  aihwkit venv missing: run benchmarks/setup_aihwkit.sh")

    print(f"\n{'':30} {'forward (s)':>12}   output error vs float")
    for name, t, err in rows:
        print(f"  {name:28} {t:12.4f}   {err or '-'}")
    print()
    for sampling, res in ne.items():
        line = f"  neuroexplore {sampling:13}: {res['time'] / t_float:6.2f}x torch floor"
        for tile, peer in peers.items():
            line += f", {res['time'] / peer['time']:6.2f}x aihwkit {tile} tile"
        print(line)
    print("  targets: <= 2x torch, <= 0.5x aihwkit (like for like: per_inference)")
    for sampling, res in ne.items():
        print(f"  (neuroexplore {sampling} programming + drift setup: {res['t_program']:.2f} s, "
              "not timed above)")
    print(f"  load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
          f"({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
