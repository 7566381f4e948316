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
from .device_stdp import (
    SpikeWaveform,
    STDPWindowFit,
    ThresholdMemristor,
    fit_stdp_window,
    stdp_window,
)
from .optoelectronic import (
    LightPulseTrain,
    OptoelectronicSynapse,
    fit_intensity_exponent,
    light_ppf,
    light_pulse_amplitudes,
    light_retained_weight,
    ppc_decay,
    simulate_light_train,
)
from .ppf import PPFFit, fit_ppf, ppf_double_exponential
from .short_term_plasticity import tsodyks_markram_amplitudes
from .synaptic_transistor import (
    PULSE_TRAIN_SPECS,
    SYNAPTIC_TRANSISTOR_PRESETS,
    SYNAPTIC_TRANSISTOR_SPECS,
    PulseTrain,
    SynapticTrace,
    SynapticTransistor,
    paired_pulse_facilitation,
    pulse_amplitudes,
    retained_weight,
    simulate_gate_waveform,
    simulate_pulse_train,
    spike_energy,
    srdp_gain,
)
from .triboelectric import ContactSeparationTENG, gate_voltage, simulate_tribo_synapse

__all__ += [
    "SynapticTransistor", "PulseTrain", "SynapticTrace", "SYNAPTIC_TRANSISTOR_SPECS",
    "PULSE_TRAIN_SPECS", "SYNAPTIC_TRANSISTOR_PRESETS", "simulate_pulse_train",
    "simulate_gate_waveform", "pulse_amplitudes", "paired_pulse_facilitation", "srdp_gain",
    "retained_weight", "spike_energy",
    "fit_ppf", "PPFFit", "ppf_double_exponential",
    "OptoelectronicSynapse", "LightPulseTrain", "simulate_light_train",
    "light_pulse_amplitudes", "light_ppf", "light_retained_weight", "ppc_decay",
    "fit_intensity_exponent",
    "ContactSeparationTENG", "gate_voltage", "simulate_tribo_synapse",
    "SpikeWaveform", "ThresholdMemristor", "stdp_window", "fit_stdp_window", "STDPWindowFit",
    "tsodyks_markram_amplitudes",
]
