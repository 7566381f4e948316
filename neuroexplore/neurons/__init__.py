"""Neuron models: static units, spiking models, stimuli, f-I curves and phase planes.

Units follow each model's paper (see :func:`model_info`): LIF in mV, ms, MOhm, nA;
AdEx in pF, nS, mV, pA, ms; Izhikevich in mV, ms and dimensionless current;
Hodgkin-Huxley in mV, ms, uA/cm^2; FitzHugh-Nagumo dimensionless; the device neurons
in V, ms, with kOhm and nF (Mott threshold switch, driven by a source voltage in V) or
MOhm, nF and uA (diffusive memristor).

The kernels are compiled with numba, so the names below are imported lazily: the
defining module loads when a name is first used.

Examples
--------
>>> from neuroexplore.neurons import simulate, models
>>> tr = simulate("hh", current=10.0, t_stop=100.0, dt=0.01)
>>> 5 <= len(tr.spike_times) <= 8
True
"""

from __future__ import annotations

from .._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    # simulation and its result
    "simulate": ".simulation",
    "Trace": ".trace",
    # the model registry
    "models": ".registry",
    "model_info": ".registry",
    "ModelInfo": ".info",
    "parameters": ".registry",
    "presets": ".registry",
    "preset": ".registry",
    "stimulus_protocol": ".registry",
    # analyses
    "fi_curve": ".analysis",
    "phase_plane": ".phase_analysis",
    "PhasePlane": ".phase_analysis",
    "FixedPoint": ".phase_analysis",
    "classify": ".phase_analysis",
    # device neurons: analytic results
    "mott_period": ".mott",
    "mott_threshold_input": ".mott",
    "diffusive_rheobase": ".diffusive",
    "diffusive_first_spike_latency": ".diffusive",
    # static units
    "mcculloch_pitts": ".static",
    "perceptron_output": ".static",
    # stimuli
    "Stimulus": ".stimuli",
    "Step": ".stimuli",
    "Ramp": ".stimuli",
    "CurrentPulseTrain": ".stimuli",
    "OrnsteinUhlenbeck": ".stimuli",
    "STIMULUS_KINDS": ".stimulus_params",
    "stimulus_parameters": ".stimulus_params",
    "make_stimulus": ".stimulus_params",
    "StimulusProtocol": ".stimulus_params",
})
