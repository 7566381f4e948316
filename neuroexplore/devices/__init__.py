"""Device models (review chapter 3): memristors/RRAM, PCM, ferroelectric devices.

Units throughout: siemens (S), volts (V), seconds (s), amperes (A), ohms, coulombs (C).

* :mod:`.pulse` -- :class:`PulseDevice`, the pulse-programmed conductance contract
  shared with :mod:`neuroexplore.crossbar`;
* :mod:`.presets` -- :func:`presets`, :func:`get_device` (published device table);
* :mod:`.nonlinearity` -- NeuroSim nonlinearity label <-> A;
* :mod:`.pcm` -- phase-change memory: programming, drift, read noise (Joshi et al. 2020).

torch is never imported here.
"""

from .nonlinearity import a_to_nonlinearity, nonlinearity_to_a
from .pcm import (
    PCMCell,
    pcm_drift,
    pcm_drift_compensation,
    pcm_drift_nu,
    pcm_drift_nu_stats,
    pcm_program,
    pcm_programming_noise_std,
    pcm_read_noise,
    pcm_read_noise_std,
)
from .presets import get_device, preset_table, presets
from .pulse import PULSE_DEVICE_SPECS, PULSE_MODELS, PulseDevice

__all__ = [
    "PulseDevice",
    "PULSE_DEVICE_SPECS",
    "PULSE_MODELS",
    "presets",
    "get_device",
    "preset_table",
    "nonlinearity_to_a",
    "a_to_nonlinearity",
    "PCMCell",
    "pcm_programming_noise_std",
    "pcm_program",
    "pcm_drift_nu_stats",
    "pcm_drift_nu",
    "pcm_drift",
    "pcm_read_noise_std",
    "pcm_read_noise",
    "pcm_drift_compensation",
]

# ---------------------------------------------------------------------------
# Synaptic transistors, optoelectronic, triboelectric, device STDP, PPF
# (maintained by the synaptic-devices engineer; append imports and __all__ below)
# ---------------------------------------------------------------------------
