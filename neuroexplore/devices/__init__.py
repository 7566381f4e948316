"""Device models (review chapter 3): memristors/RRAM, PCM, ferroelectric and synaptic devices.

Units throughout: siemens (S), volts (V), seconds (s), amperes (A), ohms, coulombs (C).

* :mod:`.pulse` -- :class:`PulseDevice`, the pulse-programmed conductance contract
  shared with :mod:`neuroexplore.crossbar`;
* :mod:`.presets` -- :func:`presets`, :func:`get_device`, :func:`resolve_device`
  (published device table);
* :mod:`.nonlinearity` -- NeuroSim nonlinearity label <-> A;
* :mod:`.pcm` -- phase-change memory: programming, drift, read noise (Joshi et al. 2020);
* :mod:`.iv`, :mod:`.waveforms`, :mod:`.windows` -- HP / VTEAM / Yakopcic I-V dynamics;
* :mod:`.ferroelectric` -- multi-domain FeFET; :mod:`.retention` -- stretched-exponential decay;
* :mod:`.measurements`, :mod:`.fitting` -- loading measured CSVs and fitting pulse responses;
* :mod:`.volatile_memristor` -- the dynamic (volatile) WOx memristor of reservoir computing
  (Chang et al. 2011; Du et al. 2017);
* :mod:`.synaptic_transistor`, :mod:`.optoelectronic`, :mod:`.triboelectric` -- synaptic
  transistors driven by gate, light and touch; :mod:`.device_stdp` -- STDP from
  overlapping spike waveforms; :mod:`.ppf`, :mod:`.short_term_plasticity` -- paired-pulse
  facilitation and the Tsodyks-Markram comparison;
* :mod:`.weight_updates` -- a weight change as programming pulses, for one device with a
  reference or a differential pair (numpy or torch).

Numpy, scipy and numba only: torch is never imported here.
"""

from .device_stdp import (
    SPIKE_WAVEFORM_SPECS,
    THRESHOLD_MEMRISTOR_SPECS,
    SpikeWaveform,
    STDPWindowFit,
    ThresholdMemristor,
    exponential_stdp_window,
    fit_stdp_window,
    net_voltage,
    spike_waveform,
    stdp_window,
    threshold_rate,
)
from .ferroelectric import (
    FEFET_SPECS,
    FeFET,
    FeState,
    FeTrace,
    coercive_voltages,
    distinguishable_states,
    incremental_scheme,
)
from .ferroelectric import apply_pulses as fefet_apply_pulses
from .ferroelectric import initial_state as fefet_initial_state
from .fitting import PulseFit, fit_pulse_response, make_sample_measurement, pulse_cycle
from .iv import MODEL_SPECS, IVTrace, hp_memristance_closed_form, loop_area, simulate_iv
from .measurements import MeasurementError, Measurements, load_measurements
from .nonlinearity import a_to_nonlinearity, nonlinearity_to_a
from .optoelectronic import (
    LIGHT_PULSE_SPECS,
    OPTOELECTRONIC_SPECS,
    LightPulseTrain,
    OptoelectronicSynapse,
    OptoTrace,
    absorptance,
    absorption_coefficient,
    fit_intensity_exponent,
    generation_rate,
    light_ppf,
    light_pulse_amplitudes,
    light_retained_weight,
    photon_energy_ev,
    ppc_decay,
    simulate_light_train,
    spectral_factor,
)
from .pcm import (
    PCM_CELL_SPECS,
    PCM_G_MAX,
    PCM_T0,
    PCM_T_READ,
    PROG_NOISE_COEFFS,
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
from .ppf import PPFFit, fit_ppf, ppf_double_exponential
from .presets import FLOAT, IDEAL, get_device, preset_table, presets, resolve_device
from .pulse import PULSE_DEVICE_SPECS, PULSE_MODELS, PulseDevice
from .retention import RETENTION_SPECS, retention, retention_time
from .short_term_plasticity import TSODYKS_MARKRAM_SPECS, tsodyks_markram_amplitudes
from .synaptic_transistor import (
    GATE_PULSE_TRAIN_SPECS,
    SYNAPTIC_TRANSISTOR_PRESETS,
    SYNAPTIC_TRANSISTOR_SPECS,
    GatePulseTrain,
    RetainedWeight,
    SpikeEnergy,
    SynapticTrace,
    SynapticTransistor,
    paired_pulse_facilitation,
    pulse_amplitudes,
    retained_weight,
    simulate_gate_waveform,
    simulate_gate_waveforms,
    simulate_pulse_train,
    spike_energy,
    srdp_gain,
)
from .triboelectric import (
    EPS0,
    PRESS_SPECS,
    TENG_SPECS,
    ContactSeparationTENG,
    TriboTrace,
    open_circuit_voltage,
    press_displacement,
    short_circuit_charge,
    simulate_tribo_synapse,
    teng_capacitance,
    teng_gate_voltage,
)
from .volatile_memristor import VOLATILE_MEMRISTOR_SPECS, VolatileMemristor, VolatileTrace
from .waveforms import (
    WAVEFORM_SPECS,
    Sampled,
    Sine,
    Triangle,
    VoltagePulseTrain,
    Waveform,
    pulse_train,
    sampled,
    sine,
    triangle,
)
from .weight_updates import (
    ROUNDING_MODES,
    neurosim_weight_change_to_pulses,
    nominal_pulse_count,
    nominal_pulse_steps,
    pair_weight_change_to_pulses,
    round_pulses,
    weight_change_to_pulses,
)
from .windows import WINDOW_SPECS, WINDOWS, window

__all__ = [
    # pulse-programmed devices and presets
    "PulseDevice",
    "PULSE_DEVICE_SPECS",
    "PULSE_MODELS",
    "presets",
    "get_device",
    "preset_table",
    "resolve_device",
    "IDEAL",
    "FLOAT",
    "nonlinearity_to_a",
    "a_to_nonlinearity",
    # phase-change memory
    "PCMCell",
    "PCM_CELL_SPECS",
    "PCM_G_MAX",
    "PCM_T0",
    "PCM_T_READ",
    "PROG_NOISE_COEFFS",
    "pcm_programming_noise_std",
    "pcm_program",
    "pcm_drift_nu_stats",
    "pcm_drift_nu",
    "pcm_drift",
    "pcm_read_noise_std",
    "pcm_read_noise",
    "pcm_drift_compensation",
    # ferroelectric FET
    "FeFET",
    "FEFET_SPECS",
    "FeState",
    "FeTrace",
    "fefet_initial_state",
    "fefet_apply_pulses",
    "coercive_voltages",
    "incremental_scheme",
    "distinguishable_states",
    # measurements and fits
    "PulseFit",
    "fit_pulse_response",
    "make_sample_measurement",
    "pulse_cycle",
    "MeasurementError",
    "Measurements",
    "load_measurements",
    # I-V dynamics, waveforms, windows
    "IVTrace",
    "MODEL_SPECS",
    "simulate_iv",
    "loop_area",
    "hp_memristance_closed_form",
    "Waveform",
    "Sine",
    "Triangle",
    "VoltagePulseTrain",
    "Sampled",
    "WAVEFORM_SPECS",
    "sine",
    "triangle",
    "pulse_train",
    "sampled",
    "WINDOWS",
    "WINDOW_SPECS",
    "window",
    # retention
    "RETENTION_SPECS",
    "retention",
    "retention_time",
    # synaptic transistor
    "SynapticTransistor",
    "GatePulseTrain",
    "SynapticTrace",
    "SpikeEnergy",
    "RetainedWeight",
    "SYNAPTIC_TRANSISTOR_SPECS",
    "GATE_PULSE_TRAIN_SPECS",
    "SYNAPTIC_TRANSISTOR_PRESETS",
    "simulate_pulse_train",
    "simulate_gate_waveform",
    "simulate_gate_waveforms",
    "pulse_amplitudes",
    "paired_pulse_facilitation",
    "srdp_gain",
    "retained_weight",
    "spike_energy",
    # paired-pulse facilitation and short-term plasticity
    "fit_ppf",
    "PPFFit",
    "ppf_double_exponential",
    "TSODYKS_MARKRAM_SPECS",
    "tsodyks_markram_amplitudes",
    # optoelectronic synapse
    "OptoelectronicSynapse",
    "LightPulseTrain",
    "OptoTrace",
    "OPTOELECTRONIC_SPECS",
    "LIGHT_PULSE_SPECS",
    "photon_energy_ev",
    "absorption_coefficient",
    "absorptance",
    "spectral_factor",
    "generation_rate",
    "simulate_light_train",
    "light_pulse_amplitudes",
    "light_ppf",
    "light_retained_weight",
    "ppc_decay",
    "fit_intensity_exponent",
    # triboelectric synapse
    "ContactSeparationTENG",
    "TENG_SPECS",
    "PRESS_SPECS",
    "TriboTrace",
    "EPS0",
    "open_circuit_voltage",
    "short_circuit_charge",
    "teng_capacitance",
    "teng_gate_voltage",
    "press_displacement",
    "simulate_tribo_synapse",
    # device STDP
    "SpikeWaveform",
    "ThresholdMemristor",
    "SPIKE_WAVEFORM_SPECS",
    "THRESHOLD_MEMRISTOR_SPECS",
    "spike_waveform",
    "net_voltage",
    "threshold_rate",
    "stdp_window",
    "exponential_stdp_window",
    "fit_stdp_window",
    "STDPWindowFit",
    # volatile memristor (its functions: neuroexplore.devices.volatile_memristor)
    "VolatileMemristor",
    "VolatileTrace",
    "VOLATILE_MEMRISTOR_SPECS",
    # weight change -> programming pulses (one home for crossbar, decision, STDP learning)
    "ROUNDING_MODES",
    "nominal_pulse_steps",
    "nominal_pulse_count",
    "round_pulses",
    "weight_change_to_pulses",
    "pair_weight_change_to_pulses",
    "neurosim_weight_change_to_pulses",
]
