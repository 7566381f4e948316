"""Triboelectric-nanogenerator (TENG) gated synaptic transistor: self-powered mechanical synapse.

A contact-separation TENG converts a press into a gate voltage for the synaptic
transistor of :mod:`neuroexplore.devices.synaptic_transistor`, so that touch
frequency and force are "learned" as short- and long-term plasticity (the
contact-electrification-gated / tribotronic synapse line of work: Zhang et al.,
ACS Nano 8:8702, 2014 (contact-electrification FET); Yu et al., Nat. Commun.
12:1581, 2021 (contact-electrification-activated artificial afferents); reviewed in
Huo et al. 2025, chapter 3).

TENG electrostatics (parallel plates, contact-separation mode; Niu et al., Energy
Environ. Sci. 6:3576, 2013, eq. 5; Niu & Wang, Nano Energy 14:161, 2015)::

    V = -Q (d0 + x) / (eps0 S) + sigma x / eps0,      d0 = sum_i d_i / eps_ri
    V_oc(x) = sigma x / eps0                            (Q = 0, open circuit)
    Q_sc(x) = S sigma x / (d0 + x)                      (V = 0, short circuit)

Loaded by the transistor's gate capacitance ``C_g`` (ion-gel EDL: large) the TENG
is a voltage source ``V_oc`` in series with its own capacitance
``C_T = eps0 S / (d0 + x)``, so the gate sees the capacitive divider::

    V_g(x) = V_oc C_T / (C_T + C_g) = sigma S x / (eps0 S + C_g (d0 + x))

(quasi-static: the press is slow compared with the RC of the gate loop).  One press
of period ``1/f`` moves the plates as ``x(t) = x_max (1 - cos 2 pi f t)/2``
(separation from contact, ``x = 0`` at contact).  SI units throughout: C/m^2, m^2,
m, F, V, s, Hz.

Examples
--------
>>> teng = ContactSeparationTENG()
>>> v = open_circuit_voltage(teng, 1e-3)
>>> bool(np.isclose(v, teng.sigma * 1e-3 / EPS0))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..params import FROM_SPEC, ParamSpec, param, spec_dataclass, takes_specs
from .synaptic_transistor import (
    GATE_PULSE_TRAIN_SPECS,
    SynapticTrace,
    SynapticTransistor,
    simulate_gate_waveform,
)

__all__ = [
    "EPS0",
    "ContactSeparationTENG",
    "TENG_SPECS",
    "PRESS_SPECS",
    "TriboTrace",
    "open_circuit_voltage",
    "short_circuit_charge",
    "teng_capacitance",
    "teng_gate_voltage",
    "press_displacement",
    "simulate_tribo_synapse",
]

EPS0 = 8.8541878128e-12  # vacuum permittivity (F/m), CODATA 2018

@spec_dataclass
class ContactSeparationTENG:
    """A contact-separation TENG loaded by a gate capacitance (frozen; SI units)."""

    sigma: Any = param(5e-5, 1e-7, 1e-3, unit="C/m^2", log=True,
                       doc="triboelectric surface charge density")
    area: Any = param(1e-4, 1e-8, 1e-1, unit="m^2", log=True, doc="electrode area S")
    d0: Any = param(5e-5, 1e-8, 1e-2, unit="m", log=True,
                    doc="effective dielectric thickness sum(d_i / eps_ri)")
    x_max: Any = param(1e-3, 1e-7, 1e-2, unit="m", log=True, doc="maximum plate separation")
    c_gate: Any = param(1e-9, 1e-15, 1e-5, unit="F", log=True,
                        doc="gate (EDL) capacitance loading the TENG")


#: TENG parameters (SI units), declared on :class:`ContactSeparationTENG`.
TENG_SPECS = ContactSeparationTENG.SPECS

#: Pressing protocol of :func:`simulate_tribo_synapse`.
PRESS_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("frequency", 2.0, 0.01, 100.0, unit="Hz", log=True, doc="pressing frequency"),
    ParamSpec("n_presses", 5, 1, 200, integer=True, doc="number of presses"),
    ParamSpec("samples_per_press", 400, 20, 10_000, integer=True,
              doc="time steps per press (zero-order hold)"),
)


def _x(x: np.ndarray | float) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if np.any(~np.isfinite(arr) | (arr < 0)):
        raise ValueError(f"x (plate separation) must be finite and >= 0 m, got {x!r}")
    return arr


def open_circuit_voltage(teng: ContactSeparationTENG, x: np.ndarray | float) -> np.ndarray:
    """``V_oc = sigma x / eps0`` (V) at separation ``x`` (m)."""
    return teng.sigma * _x(x) / EPS0


def short_circuit_charge(teng: ContactSeparationTENG, x: np.ndarray | float) -> np.ndarray:
    """``Q_sc = S sigma x / (d0 + x)`` (C)."""
    x = _x(x)
    return teng.area * teng.sigma * x / (teng.d0 + x)


def teng_capacitance(teng: ContactSeparationTENG, x: np.ndarray | float) -> np.ndarray:
    """``C_T = eps0 S / (d0 + x)`` (F)."""
    return EPS0 * teng.area / (teng.d0 + _x(x))


def teng_gate_voltage(teng: ContactSeparationTENG, x: np.ndarray | float) -> np.ndarray:
    """Gate voltage (V) across ``c_gate``: ``sigma S x / (eps0 S + C_g (d0 + x))``."""
    x = _x(x)
    return teng.sigma * teng.area * x / (EPS0 * teng.area + teng.c_gate * (teng.d0 + x))


def press_displacement(
    t: np.ndarray, *, x_max: float, frequency: float, n_presses: int
) -> np.ndarray:
    """Separation ``x_max (1 - cos 2 pi f t)/2`` for ``n_presses`` cycles, 0 afterwards (m)."""
    t = np.asarray(t, dtype=float)
    active = (t >= 0) & (t <= n_presses / frequency)
    return np.where(active, 0.5 * x_max * (1.0 - np.cos(2 * np.pi * frequency * t)), 0.0)


@dataclass(frozen=True, eq=False)
class TriboTrace:
    """Response of a TENG-gated synaptic transistor to repeated presses."""

    t: np.ndarray
    """Times (s)."""
    displacement: np.ndarray
    """Plate separation x(t) (m)."""
    v_gate: np.ndarray
    """Gate voltage (V)."""
    synapse: SynapticTrace
    """The transistor's trace (EPSC in ``synapse.current``)."""
    press_peaks: np.ndarray
    """Peak postsynaptic-current change |I - I0| during each press (A)."""


@takes_specs(PRESS_SPECS)
def simulate_tribo_synapse(
    teng: ContactSeparationTENG,
    device: SynapticTransistor,
    *,
    frequency: float = FROM_SPEC,
    n_presses: int = FROM_SPEC,
    t_after: float = 2.0,
    samples_per_press: int = FROM_SPEC,
) -> TriboTrace:
    """Presses -> TENG gate voltage -> synaptic transistor EPSC/IPSC.

    The gate waveform is sampled ``samples_per_press`` times per press and held
    between samples; each hold is integrated exactly
    (:func:`~neuroexplore.devices.synaptic_transistor.simulate_gate_waveform`).
    """
    if not (np.isfinite(t_after) and 0 <= t_after <= 1e4):
        raise ValueError(f"t_after = {t_after!r} s must be in [0, 1e4] s")
    if np.ndim(teng.x_max) or np.ndim(teng.sigma) or np.ndim(teng.c_gate):
        raise ValueError("simulate_tribo_synapse needs a scalar TENG (sweep devices instead)")
    f, n, m = frequency, n_presses, samples_per_press
    dt = 1.0 / (f * m)
    t_press = np.arange(n * m + 1) * dt
    n_after = int(np.ceil(t_after / dt)) if t_after > 0 else 0
    t_tail = t_press[-1] + np.arange(1, n_after + 1) * dt if n_after <= 20 * m else \
        t_press[-1] + np.geomspace(dt, t_after, 20 * m)
    t = np.concatenate([t_press, t_tail])
    x = press_displacement(t, x_max=teng.x_max, frequency=f, n_presses=n)
    # zero-order hold at the midpoint of each step: second-order accurate waveform
    t_mid = np.r_[0.5 * (t[1:] + t[:-1]), t[-1]]
    v = teng_gate_voltage(teng, press_displacement(t_mid, x_max=teng.x_max, frequency=f,
                                                   n_presses=n))
    gate = next(sp for sp in GATE_PULSE_TRAIN_SPECS if sp.name == "amplitude")
    v_peak = float(teng_gate_voltage(teng, teng.x_max))
    if v_peak > gate.high:
        raise ValueError(
            f"x_max = {teng.x_max:g} m gives a peak gate voltage of {v_peak:.4g} V "
            f"(sigma S x / (eps0 S + c_gate (d0 + x))); it must stay within the transistor's "
            f"gate range {gate.range_text}: lower sigma or x_max, or raise c_gate")
    syn = simulate_gate_waveform(device, t, v)
    i0 = np.expand_dims(np.asarray(device.g0 * device.v_read), -1)
    di = np.abs(syn.current - i0)
    press_id = np.minimum((t * f).astype(int), n - 1)
    peaks = np.stack([np.max(di[..., press_id == k], axis=-1) for k in range(n)], axis=-1)
    return TriboTrace(t=t, displacement=x, v_gate=v, synapse=syn, press_peaks=peaks)
