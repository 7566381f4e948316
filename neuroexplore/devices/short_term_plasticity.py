"""Tsodyks-Markram short-term depression: the biological comparison for synaptic devices.

Tsodyks & Markram, PNAS 94:719 (1997): a spike releases a fraction ``U`` of the
available resources ``x``; between spikes ``x`` recovers to 1 with ``tau_rec``::

    A_n = U x_n,            x_1 = 1
    x_{n+1} = 1 - (1 - x_n (1 - U)) exp(-dt / tau_rec)

so the paired-pulse ratio is ``A2/A1 = 1 - U exp(-dt/tau_rec)`` (depression, PPF < 1)
and the steady state of a regular train is
``x_ss = (1 - e^{-dt/tau}) / (1 - (1 - U) e^{-dt/tau})``.  Defaults ``U = 0.5``,
``tau_rec = 800 ms`` (``shared/reference/neuron_models.md``).  Units: seconds.

Examples
--------
>>> a = tsodyks_markram_amplitudes(0.1, 3)
>>> bool(np.isclose(a[1] / a[0], 1 - 0.5 * np.exp(-0.1 / 0.8)))
True
"""

from __future__ import annotations

import numpy as np

from ..params import FROM_SPEC, ParamSpec, takes_specs

__all__ = ["TSODYKS_MARKRAM_SPECS", "tsodyks_markram_amplitudes"]

TSODYKS_MARKRAM_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("U", 0.5, 0.01, 1.0, step=0.01, doc="utilisation of synaptic efficacy"),
    ParamSpec("tau_rec", 0.8, 1e-3, 10.0, unit="s", log=True, doc="recovery time constant"),
    ParamSpec("interval", 0.05, 1e-4, 100.0, unit="s", log=True, doc="inter-spike interval"),
    ParamSpec("n_pulses", 10, 1, 1000, integer=True, doc="number of spikes"),
)


@takes_specs(TSODYKS_MARKRAM_SPECS)
def tsodyks_markram_amplitudes(
    interval: np.ndarray | float,
    n_pulses: int,
    *,
    U: float = FROM_SPEC,
    tau_rec: float = FROM_SPEC,
) -> np.ndarray:
    """Relative response ``U x_n`` to each spike of a regular train (last axis: spike)."""
    if np.ndim(n_pulses):
        raise ValueError(f"n_pulses must be one integer, got {n_pulses!r}")
    decay = np.exp(-interval / tau_rec)
    x = np.ones(np.shape(decay))
    out = []
    for _ in range(n_pulses):
        out.append(U * x)
        x = 1.0 - (1.0 - x * (1.0 - U)) * decay
    return np.stack(np.broadcast_arrays(*out), axis=-1)
