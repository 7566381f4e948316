"""aihwkit side of bench_crossbar_aihwkit.py; runs inside benchmarks/.venv-aihwkit.

Usage: python aihwkit_peer.py IN.npz OUT.npz TILE [NOISE]  (TILE: "cpp" or "torch";
NOISE: "full" (default), "no_drift" (``drift_scale = 0``) or "none" (all three
``PCMLikeNoiseModel`` scales 0: converters only))

IN.npz holds the float MLP's weights (w1, b1, w2, b2), the inputs ``x`` and the case
(t_inference, dac_bits, adc_bits, repeats, seed).  The MLP is rebuilt here with
aihwkit analog layers, programmed with PCM-like noise (PCMLikeNoiseModel), drifted
to t_inference with global drift compensation, and timed; OUT.npz gets the outputs
and the forward times.  Written against aihwkit's documented API, not its code.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import torch
from torch import nn


def rpu_config(tile: str, dac_bits: int, adc_bits: int, noise: str = "full"):
    from aihwkit.inference import GlobalDriftCompensation, PCMLikeNoiseModel
    from aihwkit.simulator.configs import InferenceRPUConfig

    if tile == "torch":
        from aihwkit.simulator.configs import TorchInferenceRPUConfig as Config
    else:
        Config = InferenceRPUConfig
    cfg = Config()
    scales = {"full": (1.0, 1.0, 1.0), "no_drift": (1.0, 1.0, 0.0),
              "none": (0.0, 0.0, 0.0)}[noise]
    cfg.noise_model = PCMLikeNoiseModel(g_max=25.0, prog_noise_scale=scales[0],
                                        read_noise_scale=scales[1], drift_scale=scales[2])
    cfg.drift_compensation = GlobalDriftCompensation()
    cfg.forward.inp_res = 1.0 / (2**dac_bits - 2)
    cfg.forward.out_res = 1.0 / (2**adc_bits - 2)
    cfg.forward.out_noise = 0.0  # no extra output noise: PCM noise only, as on our side
    return cfg


def main() -> int:
    src, dst, tile = sys.argv[1], sys.argv[2], sys.argv[3]
    noise = sys.argv[4] if len(sys.argv) > 4 else "full"
    d = np.load(src)
    seed = int(d["seed"])
    torch.manual_seed(seed)
    from aihwkit.nn.conversion import convert_to_analog

    w1, b1, w2, b2 = (torch.tensor(d[k]) for k in ("w1", "b1", "w2", "b2"))
    model = nn.Sequential(nn.Linear(w1.shape[1], w1.shape[0]), nn.ReLU(),
                          nn.Linear(w2.shape[1], w2.shape[0]))
    with torch.no_grad():
        model[0].weight.copy_(w1)
        model[0].bias.copy_(b1)
        model[2].weight.copy_(w2)
        model[2].bias.copy_(b2)
    cfg = rpu_config(tile, int(d["dac_bits"]), int(d["adc_bits"]), noise)
    analog = convert_to_analog(model, cfg)
    analog.eval()
    t0 = time.perf_counter()
    analog.program_analog_weights()
    analog.drift_analog_weights(float(d["t_inference"]))
    t_program = time.perf_counter() - t0
    x = torch.tensor(d["x"])
    times = []
    with torch.no_grad():
        y = analog(x)  # warm-up
        for _ in range(int(d["repeats"])):
            t0 = time.perf_counter()
            y = analog(x)
            times.append(time.perf_counter() - t0)
    import aihwkit

    np.savez(dst, y=y.numpy(), times=np.array(times), t_program=t_program,
             version=aihwkit.__version__, threads=torch.get_num_threads())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
