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
* :mod:`.learned` -- data-driven device models (Gaussian process, small torch MLP) learned
  from pulse data, compared with the physical fits, and usable as crossbar devices;
  :mod:`.iv_fit` -- a least-squares VTEAM fit to an I-V sweep, against a GP of i(v, flux);
* :mod:`.volatile_memristor` -- the dynamic (volatile) WOx memristor of reservoir computing
  (Chang et al. 2011; Du et al. 2017);
* :mod:`.synaptic_transistor`, :mod:`.optoelectronic`, :mod:`.triboelectric` -- synaptic
  transistors driven by gate, light and touch; :mod:`.device_stdp` -- STDP from
  overlapping spike waveforms; :mod:`.ppf`, :mod:`.short_term_plasticity` -- paired-pulse
  facilitation and the Tsodyks-Markram comparison;
* :mod:`.weight_updates` -- a weight change as programming pulses, for one device with a
  reference or a differential pair (numpy or torch).

Numpy, scipy and numba only: torch is never imported here (:mod:`.learned` imports
scikit-learn, torch and pandas lazily, inside the functions that need them).
"""

import sys

from .device_stdp import *  # noqa: F403 - device_stdp.__all__ is public here
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
from .iv import *  # noqa: F403 - iv.__all__ is public here
from .learned import (
    LearnedDeviceModel,
    TabulatedDevice,
    compare_device_models,
    fit_learned_device,
    learn_from_measurements,
)
from .measurements import MeasurementError, Measurements, decode_measurement, load_measurements
from .nonlinearity import a_to_nonlinearity, nonlinearity_to_a
from .optoelectronic import *  # noqa: F403 - optoelectronic.__all__ is public here
from .pcm import *  # noqa: F403 - pcm.__all__ is public here
from .ppf import PPFFit, fit_ppf, ppf_double_exponential
from .presets import *  # noqa: F403 - presets.__all__ is public here
from .pulse import *  # noqa: F403 - pulse.__all__ is public here
from .retention import *  # noqa: F403 - retention.__all__ is public here
from .short_term_plasticity import *  # noqa: F403 - short_term_plasticity.__all__ is public here
from .synaptic_transistor import *  # noqa: F403 - synaptic_transistor.__all__ is public here
from .triboelectric import *  # noqa: F403 - triboelectric.__all__ is public here
from .volatile_memristor import VOLATILE_MEMRISTOR_SPECS, VolatileMemristor, VolatileTrace
from .waveforms import *  # noqa: F403 - waveforms.__all__ is public here
from .weight_updates import *  # noqa: F403 - weight_updates.__all__ is public here
from .windows import *  # noqa: F403 - windows.__all__ is public here

#: Modules whose whole public API is re-exported here; the others export a part (their
#: remaining names are reached through the module, e.g.
#: ``neuroexplore.devices.volatile_memristor.drive_pulses``).
_WHOLE_MODULES = (
    "device_stdp",
    "iv",
    "optoelectronic",
    "pcm",
    "presets",
    "pulse",
    "retention",
    "short_term_plasticity",
    "synaptic_transistor",
    "triboelectric",
    "waveforms",
    "weight_updates",
    "windows",
)

__all__ = [
    *(name for m in _WHOLE_MODULES for name in sys.modules[f"{__name__}.{m}"].__all__),
    "FeFET",
    "FEFET_SPECS",
    "FeState",
    "FeTrace",
    "coercive_voltages",
    "incremental_scheme",
    "distinguishable_states",
    "fefet_apply_pulses",
    "fefet_initial_state",
    "PulseFit",
    "fit_pulse_response",
    "make_sample_measurement",
    "LearnedDeviceModel",
    "TabulatedDevice",
    "compare_device_models",
    "fit_learned_device",
    "learn_from_measurements",
    "pulse_cycle",
    "MeasurementError",
    "Measurements",
    "load_measurements",
    "decode_measurement",
    "nonlinearity_to_a",
    "a_to_nonlinearity",
    "ppf_double_exponential",
    "fit_ppf",
    "PPFFit",
    "VolatileMemristor",
    "VOLATILE_MEMRISTOR_SPECS",
    "VolatileTrace",
]
