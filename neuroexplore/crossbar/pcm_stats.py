"""PCM inference statistics for the crossbar (Joshi et al., Nat. Commun. 11:2473, 2020).

Thin torch adapters around the numpy functions of :mod:`neuroexplore.devices`
(``pcm_programming_noise_std``, ``pcm_drift_nu_stats``, ``pcm_read_noise_std``;
imported lazily), which implement ``/work/shared/reference/pcm_inference_model.md``
on the PCM scale ``g_max = 25 uS``.  The statistics are deterministic functions of
the conductance, evaluated once per programming or per read time; the random draws
are made in torch from the array's generator.  Conductances enter here in microsiemens
on the 25-uS scale (the crossbar maps any device as ``g_uS = 25 * G / G_max``).

* Programming noise std (uS): ``0.26348 + 1.9650 x - 1.1731 x^2``, ``x = g / 25 uS``.
* Drift exponent ``nu ~ N(mu, sd)``, ``mu = clip(-0.0155 ln x + 0.0244, 0.049, 0.1)``,
  ``sd = clip(-0.0125 ln x - 0.0059, 0.008, 0.045)``; ``G(t) = G(t0) (t/t0)^-nu``,
  ``t0 = 20 s``.
* 1/f read noise: relative std ``Q = min(0.0088 / max(x^0.65, 1e-3), 0.2)`` of the
  *programmed* conductance, times ``sqrt(ln((t + t_read) / (2 t_read)))``,
  ``t_read = 250 ns``, evaluated at ``max(t, t0)`` (the model is calibrated from
  ``t0`` on); the std of a read is ``|G(t)|`` (drifted) times that.

Every fit takes the relative conductance ``x = g / g_max`` (``g_us / 25``), as IBM
aihwkit's ``PCMLikeNoiseModel`` does, not ``g`` in uS.
"""

from __future__ import annotations

import math

import numpy as np
import torch

__all__ = [
    "PCM_G_MAX_US",
    "T0",
    "T_READ",
    "programming_noise_std_us",
    "drift_nu_stats",
    "read_noise_rel_std",
    "drift_factor",
]

PCM_G_MAX_US = 25.0
T0 = 20.0
T_READ = 250e-9


def _np(g_us: torch.Tensor) -> np.ndarray:
    return g_us.detach().double().cpu().numpy() * 1e-6  # uS -> S on the 25-uS scale


def _back(a: np.ndarray, like: torch.Tensor) -> torch.Tensor:
    return torch.as_tensor(np.asarray(a, dtype=float), dtype=like.dtype, device=like.device)


def programming_noise_std_us(g_us: torch.Tensor) -> torch.Tensor:
    """Programming-noise std (uS) for target conductances ``g_us`` (uS, 25-uS scale)."""
    from neuroexplore.devices import pcm_programming_noise_std

    return _back(pcm_programming_noise_std(np.maximum(_np(g_us), 0.0)) * 1e6, g_us)


def drift_nu_stats(g_us: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and std of the drift exponent nu for conductances ``g_us`` (uS)."""
    from neuroexplore.devices import pcm_drift_nu_stats

    mu, sd = pcm_drift_nu_stats(np.maximum(_np(g_us), 0.0))
    return _back(mu, g_us), _back(sd, g_us)


def read_noise_rel_std(g_us: torch.Tensor, t: float) -> torch.Tensor:
    """Relative 1/f read-noise std at time ``t`` (s) after programming.

    ``g_us`` is the *programmed* conductance (uS, 25-uS scale); multiply by the
    conductance read at ``t`` for the absolute std.
    """
    from neuroexplore.devices import pcm_read_noise_std

    return _back(pcm_read_noise_std(np.maximum(_np(g_us), 0.0), max(float(t), T0)), g_us)


def drift_factor(nu: torch.Tensor, t: float) -> torch.Tensor:
    """``(t/t0)^-nu`` for ``t > t0``, else 1."""
    if t <= T0:
        return torch.ones_like(nu)
    return torch.exp(-nu * math.log(t / T0))
