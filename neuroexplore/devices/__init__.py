"""Device models (review chapter 3): memristors/RRAM, PCM, ferroelectric devices.

Units throughout: siemens (S), volts (V), seconds (s), amperes (A), ohms, coulombs (C).

* :mod:`.pulse` -- :class:`PulseDevice`, the pulse-programmed conductance contract
  shared with :mod:`neuroexplore.crossbar`;
* :mod:`.presets` -- :func:`presets`, :func:`get_device` (published device table);
* :mod:`.nonlinearity` -- NeuroSim nonlinearity label <-> A;
* :mod:`.pcm` -- phase-change memory: programming, drift, read noise (Joshi et al. 2020);
* :mod:`.iv`, :mod:`.waveforms`, :mod:`.windows` -- HP / VTEAM / Yakopcic I-V dynamics;
* :mod:`.ferroelectric` -- multi-domain FeFET; :mod:`.retention` -- stretched-exponential decay;
* :mod:`.measurements`, :mod:`.fitting` -- loading measured CSVs and fitting pulse responses;
* :mod:`.volatile_memristor` -- the dynamic (volatile) WOx memristor of reservoir computing
  (Chang et al. 2011; Du et al. 2017).

torch is never imported here.
"""

from .ferroelectric import FeFET, FeState, FeTrace, distinguishable_states, incremental_scheme
from .ferroelectric import apply_pulses as fefet_apply_pulses
from .ferroelectric import initial_state as fefet_initial_state
from .fitting import PulseFit, fit_pulse_response, make_sample_measurement, pulse_cycle
from .iv import MODEL_SPECS, IVTrace, hp_memristance_closed_form, loop_area, simulate_iv
from .measurements import MeasurementError, Measurements, load_measurements
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
from .retention import RETENTION_SPECS, retention, retention_time
from .waveforms import Sampled, Waveform, pulse_train, sampled, sine, triangle
from .windows import WINDOWS, window

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
    "FeFET",
    "FeState",
    "FeTrace",
    "fefet_initial_state",
    "fefet_apply_pulses",
    "incremental_scheme",
    "distinguishable_states",
    "PulseFit",
    "fit_pulse_response",
    "make_sample_measurement",
    "pulse_cycle",
    "MeasurementError",
    "Measurements",
    "load_measurements",
    "IVTrace",
    "MODEL_SPECS",
    "simulate_iv",
    "loop_area",
    "hp_memristance_closed_form",
    "RETENTION_SPECS",
    "retention",
    "retention_time",
    "Waveform",
    "Sampled",
    "sine",
    "triangle",
    "pulse_train",
    "sampled",
    "WINDOWS",
    "window",
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
from .volatile_memristor import VOLATILE_MEMRISTOR_SPECS, VolatileMemristor, VolatileTrace
from .weight_updates import (
    ROUNDING_MODES,
    nominal_pulse_count,
    nominal_pulse_steps,
    pair_weight_change_to_pulses,
    round_pulses,
    weight_change_to_pulses,
)

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
    "VolatileMemristor", "VolatileTrace", "VOLATILE_MEMRISTOR_SPECS",
    "ROUNDING_MODES", "nominal_pulse_steps", "nominal_pulse_count", "round_pulses",
    "weight_change_to_pulses", "pair_weight_change_to_pulses",
]
