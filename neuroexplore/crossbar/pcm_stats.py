"""PCM inference statistics in torch (Joshi et al., Nat. Commun. 11:2473, 2020).

Conductances enter in microsiemens on the PCM scale ``g_max = 25 uS`` (the crossbar
maps any device onto it as ``g_uS = 25 * G / G_max``).  The formulas follow
``/work/shared/reference/pcm_inference_model.md`` and are cross-checked in the tests
against the numpy functions of :mod:`neuroexplore.devices` (``pcm_drift_nu``,
``pcm_read_noise``, ``pcm_programming_noise_std``) when those are available.

* Programming noise std (uS): ``0.26348 + 1.9650 x - 1.1731 x^2`` with
  ``x = g / 25 uS`` (polynomial fit, Joshi et al. 2020, Methods).
* Drift exponent: ``nu ~ N(mu, sd)``, ``mu = clip(-0.0155 ln g + 0.0244, 0.049, 0.1)``,
  ``sd = clip(-0.0125 ln g - 0.0059, 0.008, 0.045)``; ``G(t) = G(t0) (t/t0)^-nu``,
  ``t0 = 20 s``.
* 1/f read noise: relative std ``Q = min(0.0088 / g^0.65, 0.2)`` times
  ``sqrt(ln((t + t_read) / (2 t_read)))``, ``t_read = 250 ns``.
"""

from __future__ import annotations

import math

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
_G_FLOOR_US = 1e-3  # avoids log(0) / 0**-0.65 for an empty cell


def programming_noise_std_us(g_us: torch.Tensor) -> torch.Tensor:
    """Programming-noise std (uS) for target conductances ``g_us`` (uS)."""
    x = g_us / PCM_G_MAX_US
    return (0.26348 + 1.9650 * x - 1.1731 * x**2).clamp(min=0.0)


def drift_nu_stats(g_us: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and std of the drift exponent nu for conductances ``g_us`` (uS)."""
    lg = torch.log(g_us.clamp(min=_G_FLOOR_US))
    mu = (-0.0155 * lg + 0.0244).clamp(0.049, 0.1)
    sd = (-0.0125 * lg - 0.0059).clamp(0.008, 0.045)
    return mu, sd


def read_noise_rel_std(g_us: torch.Tensor, t: float) -> torch.Tensor:
    """Relative 1/f read-noise std at time ``t`` (s) after programming."""
    q = (0.0088 / g_us.clamp(min=_G_FLOOR_US) ** 0.65).clamp(max=0.2)
    t_eff = max(float(t), T0)
    return q * math.sqrt(math.log((t_eff + T_READ) / (2 * T_READ)))


def drift_factor(nu: torch.Tensor, t: float) -> torch.Tensor:
    """``(t/t0)^-nu`` for ``t > t0``, else 1."""
    if t <= T0:
        return torch.ones_like(nu)
    return torch.exp(-nu * math.log(t / T0))
