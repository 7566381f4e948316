"""Neuron models: static units, spiking models, stimuli, f-I curves and phase planes.

Units follow each model's paper (see :func:`model_info`): LIF in mV, ms, MOhm, nA;
AdEx in pF, nS, mV, pA, ms; Izhikevich in mV, ms and dimensionless current;
Hodgkin-Huxley in mV, ms, uA/cm^2; FitzHugh-Nagumo dimensionless.

Examples
--------
>>> from neuroexplore.neurons import simulate, models
>>> tr = simulate("hh", current=10.0, t_stop=100.0, dt=0.01)
>>> 5 <= len(tr.spike_times) <= 8
True
"""

from . import stimuli
from .analysis import fi_curve
from .model_info import ModelInfo
from .phase_plane import FixedPoint, PhasePlane, phase_plane
from .registry import model_info, models, parameters, presets
from .simulate import simulate
from .static import mcculloch_pitts, perceptron_output
from .stimuli import OrnsteinUhlenbeck, PulseTrain, Ramp, Step
from .trace import Trace

__all__ = [
    "simulate",
    "Trace",
    "models",
    "model_info",
    "ModelInfo",
    "parameters",
    "presets",
    "fi_curve",
    "phase_plane",
    "PhasePlane",
    "FixedPoint",
    "mcculloch_pitts",
    "perceptron_output",
    "stimuli",
    "Step",
    "Ramp",
    "PulseTrain",
    "OrnsteinUhlenbeck",
]
