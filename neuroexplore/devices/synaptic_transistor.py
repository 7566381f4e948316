"""Electrolyte-gated synaptic transistor (EDL transistor, ECRAM, OECT): EPSC/IPSC, PPF, STP->LTP.

Physical picture
----------------
A presynaptic gate pulse of amplitude ``V_g`` drives ions from the electrolyte
(ion gel, proton conductor, polymer electrolyte) towards the channel.  Three ionic
stores, each a dimensionless occupancy, carry the memory:

1. **electric double layer (EDL)** at the channel/electrolyte interface, volatile
   (tens of ms).  Field-driven drift fills the free interfacial sites at a rate
   ``k_on V_g`` per free site; back-diffusion empties them with time constant
   ``tau_edl``:  ``dn1/dt = k_on V_g (1 - n1) - n1 / tau_edl``.
2. **electrochemical doping** of the channel bulk, slow (hundreds of ms): ions
   diffuse between interface and bulk, relaxing the bulk occupancy towards the
   interfacial one, ``dn2/dt = (n1 - n2) / tau_doping`` (first-order diffusion
   exchange).
3. **long-term (non-volatile) doping**: a cooperative, second-order step in which
   pairs of dopant ions become trapped/stabilised (``k_ltp n2^2``) and are released
   only very slowly, ``dn3/dt = k_ltp n2^2 - n3 / tau_ltp``.

The squared formation step is what turns short-term into long-term plasticity when
the stimulation is *dense*: many, frequent or strong pulses raise ``n2`` and the
long-term store grows super-linearly, as in the multi-store (STM -> LTM)
description of ionic synapses (Chang, Jo & Lu, ACS Nano 5:7669, 2011; Ohno et al.,
Nat. Mater. 10:591, 2011) and the EDL/doping picture of electrolyte-gated
synaptic transistors (Zhu et al., Nat. Commun. 5:3158, 2014; Xu et al., Sci. Adv.
2:e1501326, 2016; van de Burgt et al., Nat. Mater. 16:414, 2017).

Channel conductance and currents (SI units)::

    excitatory (accumulation):  G = G0 (1 + r_edl n1 + r_doping n2 + r_ltp n3)
    inhibitory (depletion OECT): G = G0 max(0, 1 - r_edl n1 - r_doping n2 - r_ltp n3)
    I_d = G v_read                                  (drain/postsynaptic current, A)
    I_g = q_edl dn1/dt + V_g / r_leak               (gate current, A)

The inhibitory form is the Bernards & Malliaras (Adv. Funct. Mater. 17:3538, 2007)
depletion-mode OECT: injected cations de-dope the channel linearly until it is
fully de-doped (``G = 0``).

Every quantity is integrated *exactly*: on each pulse and each gap the drive is
constant and the cascade has a closed-form solution
(:mod:`neuroexplore.devices.synaptic_kinetics`).  EPSC amplitudes are read at the
end of each pulse (where the fast store peaks), so paired-pulse facilitation obeys
``PPF = A2/A1 = 1 + C1 exp(-dt/tau_edl) + C2 exp(-dt/tau_doping)`` up to the small
long-term term: the double-exponential law of the P3HT/PMMA synaptic transistor
preset (``tau1 ~ 18 ms``, ``tau2 ~ 218 ms``; ``shared/reference/neuron_models.md``).

Energy per spike (J), over the pulse of width ``w``::

    E_gate  = V_g q_edl [n1(end) - n1(start)] + V_g^2 w / r_leak
    E_drain = v_read^2 * integral of G(t) over the pulse   (Gauss-Legendre, 64 nodes)
    E_estimate = v_read * I_peak * w                        (the usual "V I t" figure)

for comparison with e.g. ~1.23 fJ per event of an organic nanowire synaptic
transistor (Xu et al., Sci. Adv. 2:e1501326, 2016) or < 10 pJ of the ENODe
(van de Burgt et al., Nat. Mater. 16:414, 2017).

Examples
--------
>>> dev = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
>>> train = GatePulseTrain(amplitude=1.0, width=0.005, interval=0.02, n_pulses=2)
>>> a = pulse_amplitudes(dev, train)
>>> bool(a[1] > a[0] > 0)
True
>>> ppf = paired_pulse_facilitation(dev, [0.02, 0.1, 1.0, 5.0])
>>> bool(np.all(np.diff(ppf) < 0) and ppf[-1] > 0.99)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..params import FROM_SPEC, ParamSpec, choice, param, spec_dataclass, specs_by_name, takes_specs
from .synaptic_kinetics import (
    CascadeState,
    advance,
    stack_states,
    train_states,
    train_trace,
    zero_order_hold_states,
)

__all__ = [
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
]

POLARITIES = ("excitatory", "inhibitory")

@spec_dataclass
class SynapticTransistor:
    """An electrolyte-gated synaptic transistor (frozen; SI units).

    Fields may be scalars or broadcastable arrays (a sweep over devices); all are
    validated against their specs (:data:`SYNAPTIC_TRANSISTOR_SPECS`) on
    construction.  Time-constant ranges are disjoint (tau_edl < tau_doping <
    tau_ltp), which keeps the closed form well conditioned.  See the module
    docstring for the equations.
    """

    name: str = "custom"
    """Display name."""
    reference: str = ""
    """Source of the preset's numbers."""
    polarity: str = choice(
        "excitatory", POLARITIES,
        doc="excitatory: accumulation (EPSC); inhibitory: depletion OECT (IPSC)")
    g0: Any = param(1e-8, 1e-12, 1e-2, unit="S", log=True,
                    doc="resting channel conductance G0")
    r_edl: Any = param(1.0, 0.0, 20.0, step=0.01,
                       doc="relative conductance change per unit EDL occupancy n1")
    r_doping: Any = param(2.0, 0.0, 50.0, step=0.01,
                          doc="relative conductance change per unit doping occupancy n2")
    r_ltp: Any = param(2.0, 0.0, 50.0, step=0.01,
                       doc="relative conductance change per unit long-term store n3")
    k_on: Any = param(100.0, 1.0, 1e4, unit="1/(V s)", log=True,
                      doc="EDL charging rate per volt of gate pulse")
    tau_edl: Any = param(0.018, 1e-3, 0.09, unit="s", log=True,
                         doc="EDL relaxation (back-diffusion) time constant")
    tau_doping: Any = param(0.218, 0.1, 9.0, unit="s", log=True,
                            doc="interface-bulk ion diffusion (electrochemical doping) "
                                "time constant")
    k_ltp: Any = param(2.0, 0.0, 1e3, unit="1/s", step=0.01,
                       doc="rate of cooperative (n2^2) formation of the long-term store")
    tau_ltp: Any = param(3600.0, 10.0, 1e7, unit="s", log=True,
                         doc="retention time constant of the long-term store")
    v_read: Any = param(0.1, 1e-4, 5.0, unit="V", log=True, doc="drain (read) voltage")
    q_edl: Any = param(1e-11, 0.0, 1e-6, unit="C", step=1e-12,
                       doc="gate charge of a full EDL (C_EDL x area x voltage scale)")
    r_leak: Any = param(1e11, 1e5, 1e16, unit="ohm", log=True,
                        doc="gate leakage resistance through the electrolyte")

    # -------------------------------------------------------------- helpers
    def _rates(self, v_gate: np.ndarray) -> dict[str, np.ndarray]:
        u = self.k_on * np.asarray(v_gate, dtype=float)
        return dict(a=u, b=u + 1.0 / self.tau_edl, c2=1.0 / self.tau_doping,
                    tau2=self.tau_doping, k3=self.k_ltp, tau3=self.tau_ltp)

    def conductance(self, x: CascadeState) -> np.ndarray:
        """Channel conductance (S) for store occupancies ``x``."""
        dg = self.r_edl * x.n1 + self.r_doping * x.n2 + self.r_ltp * x.n3
        if self.polarity == "excitatory":
            return self.g0 * (1.0 + dg)
        return self.g0 * np.maximum(1.0 - dg, 0.0)


@spec_dataclass
class GatePulseTrain:
    """A train of identical rectangular gate pulses (frozen; SI units).

    ``amplitude`` (V), ``width`` (s) and ``interval`` (s, onset to onset) may be
    broadcastable arrays (a sweep); ``n_pulses`` is one integer.
    """

    amplitude: Any = param(1.0, 0.0, 20.0, step=0.05, unit="V",
                           doc="gate pulse amplitude (magnitude)")
    width: Any = param(0.005, 1e-5, 1.0, unit="s", log=True, doc="gate pulse width")
    interval: Any = param(0.05, 1e-4, 100.0, unit="s", log=True,
                          doc="onset-to-onset pulse interval (1/frequency); must exceed "
                              "the width")
    n_pulses: int = param(10, 1, 500, integer=True, unit="pulses", doc="number of pulses")

    def __post_init__(self) -> None:
        if np.ndim(self.n_pulses) != 0:
            raise ValueError(f"n_pulses must be one integer in "
                             f"{_TRAIN_SPECS['n_pulses'].range_text}, got {self.n_pulses!r}")
        if np.any(np.asarray(self.interval) <= np.asarray(self.width)):
            raise ValueError(
                f"interval = {np.min(self.interval):.6g} s must exceed the pulse width "
                f"width = {np.max(self.width):.6g} s (pulses may not overlap)"
            )

    @property
    def frequency(self) -> np.ndarray | float:
        """Pulse frequency (Hz)."""
        return 1.0 / self.interval

    @property
    def duration(self) -> np.ndarray | float:
        """Time from the first onset to the end of the last pulse (s)."""
        return (self.n_pulses - 1) * self.interval + self.width


#: Device parameters (SI units), declared on :class:`SynapticTransistor`.
SYNAPTIC_TRANSISTOR_SPECS = SynapticTransistor.SPECS
_SPECS = specs_by_name(SYNAPTIC_TRANSISTOR_SPECS)
#: Presynaptic gate-pulse train (SI units), declared on :class:`GatePulseTrain`.
GATE_PULSE_TRAIN_SPECS = GatePulseTrain.SPECS
_TRAIN_SPECS = specs_by_name(GATE_PULSE_TRAIN_SPECS)


@dataclass(frozen=True, eq=False)
class SynapticTrace:
    """Time course of a synaptic device under a stimulus (SI units).

    Arrays have the device's broadcast shape followed by a time axis.
    """

    t: np.ndarray
    """Sample times (s)."""
    v_gate: np.ndarray
    """Gate (presynaptic) voltage (V)."""
    n1: np.ndarray
    """Fast (EDL) store occupancy."""
    n2: np.ndarray
    """Slow (doping) store occupancy."""
    n3: np.ndarray
    """Long-term store."""
    conductance: np.ndarray
    """Channel conductance (S)."""
    current: np.ndarray
    """Postsynaptic (drain) current I_d (A)."""
    gate_current: np.ndarray
    """Gate current I_g (A)."""
    amplitudes: np.ndarray
    """EPSC/IPSC amplitude |I_d - I_0| at the end of each pulse (A); last axis: pulse."""


@dataclass(frozen=True, eq=False)
class SpikeEnergy:
    """Energy of one presynaptic spike (J)."""

    gate: np.ndarray
    """Integral of V_g I_g over the pulse (J)."""
    drain: np.ndarray
    """Integral of v_read I_d over the pulse (J)."""
    total: np.ndarray
    """gate + drain (J)."""
    estimate: np.ndarray
    """The usual literature figure v_read x I_peak x width (J)."""


@dataclass(frozen=True, eq=False)
class RetainedWeight:
    """Weight retained after a pulse train."""

    delay: np.ndarray
    """Time after the end of the last pulse (s)."""
    weight: np.ndarray
    """Retained conductance change |G - G0| at that delay (S)."""
    fraction: np.ndarray
    """Retained change relative to the change at the end of the last pulse."""


# ---------------------------------------------------------------------------
# engine
# ---------------------------------------------------------------------------
def _check_device(device: Any) -> SynapticTransistor:
    if not isinstance(device, SynapticTransistor):
        raise ValueError(f"device must be a SynapticTransistor, got {type(device).__name__}")
    return device


def _check_train(train: Any) -> GatePulseTrain:
    if not isinstance(train, GatePulseTrain):
        raise ValueError(f"train must be a GatePulseTrain, got {type(train).__name__}")
    return train


def _train_states(device: SynapticTransistor, train: GatePulseTrain):
    """States at every pulse onset and pulse end (lists of CascadeState)."""
    return train_states(device._rates(train.amplitude), device._rates(0.0), train.width,
                        train.interval, train.n_pulses)


def pulse_amplitudes(device: SynapticTransistor, train: GatePulseTrain) -> np.ndarray:
    """EPSC/IPSC amplitude |I_d - G0 v_read| (A) at the end of each pulse.

    Broadcasts over array-valued device and train fields; the last axis indexes
    the pulse.
    """
    device, train = _check_device(device), _check_train(train)
    _, ends = _train_states(device, train)
    x = stack_states(ends)
    g = device.conductance(CascadeState(*x))
    g0 = np.expand_dims(np.asarray(device.g0), -1)
    v = np.expand_dims(np.asarray(device.v_read), -1)
    return np.abs(g - g0) * v


@takes_specs(_TRAIN_SPECS["amplitude"], _TRAIN_SPECS["width"])
def paired_pulse_facilitation(
    device: SynapticTransistor,
    interval: np.ndarray | float,
    *,
    amplitude: float | np.ndarray = FROM_SPEC,
    width: float | np.ndarray = FROM_SPEC,
) -> np.ndarray:
    """PPF index ``A2/A1`` of two pulses ``interval`` (s, onset to onset) apart.

    Returns a ratio (1 = no facilitation; multiply by 100 for the usual percent).
    """
    amps = pulse_amplitudes(device, GatePulseTrain(amplitude=amplitude, width=width,
                                                   interval=interval, n_pulses=2))
    return _ratio(amps[..., 1], amps[..., 0], "PPF")


def _ratio(num: np.ndarray, den: np.ndarray, what: str) -> np.ndarray:
    if np.any(den <= 0):
        raise ValueError(f"{what} is undefined: the first pulse produces no response "
                         "(amplitude = 0 V, or r_edl = r_doping = r_ltp = 0)")
    return num / den


@takes_specs(_TRAIN_SPECS["amplitude"], _TRAIN_SPECS["width"], _TRAIN_SPECS["n_pulses"])
def srdp_gain(
    device: SynapticTransistor,
    frequency: np.ndarray | float,
    *,
    amplitude: float | np.ndarray = FROM_SPEC,
    width: float | np.ndarray = FROM_SPEC,
    n_pulses: int = FROM_SPEC,
) -> np.ndarray:
    """Spike-rate-dependent plasticity gain ``A_n / A_1`` (n = ``n_pulses``) vs frequency (Hz)."""
    f = np.asarray(frequency, dtype=float)
    if np.any(~np.isfinite(f) | (f <= 0)):
        raise ValueError(f"frequency must be positive and finite (Hz), got {frequency!r}")
    amps = pulse_amplitudes(device, GatePulseTrain(amplitude=amplitude, width=width,
                                                   interval=1.0 / f, n_pulses=n_pulses))
    return _ratio(amps[..., -1], amps[..., 0], "SRDP gain")


def retained_weight(
    device: SynapticTransistor, train: GatePulseTrain, delay: np.ndarray | float = 10.0
) -> RetainedWeight:
    """Weight retained ``delay`` seconds after the end of the last pulse (STP -> LTP).

    ``delay`` broadcasts against the device and train fields.  The retained weight
    grows with pulse number, amplitude and frequency as long as the pulses stay
    separated (interval well above ``tau_edl`` and the width); at duty cycles near
    one the EDL saturates (``n1 -> 1``), fewer ions are injected per pulse, and a
    fixed number of pulses retains less -- a prediction of the model, not a bug.
    """
    device, train = _check_device(device), _check_train(train)
    d = np.asarray(delay, dtype=float)
    if np.any(~np.isfinite(d) | (d < 0)):
        raise ValueError(f"delay must be >= 0 and finite (s), got {delay!r}")
    _, ends = _train_states(device, train)
    x_end = ends[-1]
    x_late = advance(x_end, d, **device._rates(0.0))
    dg_end = np.abs(device.conductance(x_end) - device.g0)
    dg_late = np.abs(device.conductance(x_late) - device.g0)
    frac = _ratio(dg_late, dg_end, "retained fraction")
    return RetainedWeight(delay=d, weight=dg_late, fraction=frac)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(64)


def spike_energy(
    device: SynapticTransistor, train: GatePulseTrain, pulse: int = 0
) -> SpikeEnergy:
    """Energy (J) drawn during pulse number ``pulse`` (0-based) of ``train``.

    See the module docstring for the gate and drain terms.  The drain integral uses
    64-point Gauss-Legendre quadrature of the exact conductance (exact to rounding
    for the smooth excitatory case).
    """
    device, train = _check_device(device), _check_train(train)
    if not (isinstance(pulse, (int, np.integer)) and 0 <= pulse < train.n_pulses):
        raise ValueError(f"pulse = {pulse!r} must be an integer in [0, {train.n_pulses - 1}]")
    starts, ends = _train_states(device, train)
    x0, x1 = starts[pulse], ends[pulse]
    v = np.asarray(train.amplitude)
    w = np.asarray(train.width)
    e_gate = v * device.q_edl * (x1.n1 - x0.n1) + v**2 * w / device.r_leak
    s = np.expand_dims(w, -1) * 0.5 * (_GL_X + 1.0)
    on = {k: np.expand_dims(np.asarray(val), -1) for k, val in device._rates(v).items()}
    xs = advance(CascadeState(*(np.expand_dims(np.asarray(c), -1) for c in x0)), s, **on)
    g = _expand_device(device).conductance(xs)
    e_drain = device.v_read**2 * 0.5 * w * np.sum(g * _GL_W, axis=-1)
    i_peak = device.conductance(x1) * device.v_read
    estimate = device.v_read * i_peak * w
    return SpikeEnergy(gate=e_gate, drain=e_drain, total=e_gate + e_drain, estimate=estimate)


def _expand_device(device: SynapticTransistor) -> SynapticTransistor:
    """A view of ``device`` whose array fields gain a trailing (time) axis."""
    changes = {k: np.expand_dims(np.asarray(getattr(device, k)), -1)
               for k, spec in _SPECS.items() if isinstance(spec, ParamSpec)}
    return _ExpandedDevice(device, changes)


class _ExpandedDevice:
    """Duck-typed device with a trailing broadcast axis (internal; skips validation)."""

    def __init__(self, device: SynapticTransistor, fields: dict[str, np.ndarray]) -> None:
        self.polarity = device.polarity
        self.__dict__.update(fields)

    _rates = SynapticTransistor._rates
    conductance = SynapticTransistor.conductance


def _ndim(device: SynapticTransistor) -> int:
    return len(np.broadcast_shapes(*(np.shape(getattr(device, k)) for k, spec in _SPECS.items()
                                     if isinstance(spec, ParamSpec))))


def _default_times(train: GatePulseTrain, t_after: float) -> np.ndarray:
    w, T, n = float(train.width), float(train.interval), train.n_pulses
    on = np.linspace(0.0, w, 9)
    gap = w + (T - w) * np.linspace(0.0, 1.0, 25)
    onsets = T * np.arange(n)
    body = (onsets[:, None] + np.concatenate([on, gap[1:-1]])[None, :]).ravel()
    end = onsets[-1] + w
    tail = end + np.concatenate([[0.0], np.geomspace(min(w, t_after) / 10, t_after, 80)])
    return np.unique(np.concatenate([body, tail]))


def simulate_pulse_train(
    device: SynapticTransistor,
    train: GatePulseTrain,
    *,
    t: np.ndarray | None = None,
    t_after: float = 1.0,
) -> SynapticTrace:
    """Exact EPSC/IPSC trace of ``device`` under the gate pulse ``train``.

    Parameters
    ----------
    device : SynapticTransistor
        May hold array fields (a sweep); the trace gains their shape in front of time.
    train : GatePulseTrain
        Scalar timing (use :func:`pulse_amplitudes` to sweep timing).
    t : array, optional
        Sample times (s, >= 0).  Default: dense inside pulses, then ``t_after``
        seconds of decay on a log grid.
    t_after : float
        Decay window after the last pulse for the default grid (s).
    """
    device, train = _check_device(device), _check_train(train)
    for name in ("amplitude", "width", "interval"):
        if np.ndim(getattr(train, name)) != 0:
            raise ValueError(f"simulate_pulse_train needs a scalar {name}; "
                             "use pulse_amplitudes to sweep it")
    if not (np.isfinite(t_after) and t_after > 0):
        raise ValueError(f"t_after = {t_after!r} s must be positive and finite")
    if t is None:
        t = _default_times(train, float(t_after))
    t = np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size == 0 or np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("t must be a non-empty 1-D array of finite times >= 0 (s)")
    on = device._rates(train.amplitude)
    x, is_on, rates = train_trace(on, device._rates(0.0), float(train.width),
                                  float(train.interval), train.n_pulses, t)
    v_gate = np.where(is_on, float(train.amplitude), 0.0)
    dev = _expand_device(device)
    g = dev.conductance(x)
    current = g * dev.v_read
    gate_current = dev.q_edl * (rates["a"] - rates["b"] * x.n1) + v_gate / dev.r_leak
    shape = np.broadcast_shapes(*(np.shape(getattr(device, k)) for k in _SPECS
                                  if isinstance(_SPECS[k], ParamSpec)))
    full = (*shape, t.size)
    return SynapticTrace(
        t=t,
        v_gate=np.broadcast_to(v_gate, full).copy(),
        n1=np.broadcast_to(x.n1, full).copy(),
        n2=np.broadcast_to(x.n2, full).copy(),
        n3=np.broadcast_to(x.n3, full).copy(),
        conductance=np.broadcast_to(g, full).copy(),
        current=np.broadcast_to(current, full).copy(),
        gate_current=np.broadcast_to(gate_current, full).copy(),
        amplitudes=pulse_amplitudes(device, train),
    )


def simulate_gate_waveform(
    device: SynapticTransistor, t: np.ndarray, v_gate: np.ndarray
) -> SynapticTrace:
    """Trace under an arbitrary gate waveform, held constant between samples.

    ``v_gate[i]`` (V, magnitude >= 0) is applied on ``[t[i], t[i+1])`` (zero-order
    hold); each step is integrated exactly, so the result is the exact response to
    the sampled waveform and converges to the continuous one as the sampling is
    refined (first order in the step).  ``amplitudes`` is empty (no discrete pulses).
    """
    device = _check_device(device)
    t = np.asarray(t, dtype=float)
    v = np.asarray(v_gate, dtype=float)
    if t.ndim != 1 or t.size < 2 or np.any(~np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("t must be a 1-D array of at least 2 strictly increasing finite times")
    if v.shape != t.shape:
        raise ValueError(f"v_gate must have the shape of t {t.shape}, got {v.shape}")
    _TRAIN_SPECS["amplitude"].validate(v)  # raises naming 'amplitude' (V)
    rates = device._rates(v[:-1].reshape((-1,) + (1,) * _ndim(device)))
    xs = zero_order_hold_states(np.diff(t), **rates)
    dev = _expand_device(device)
    g = dev.conductance(xs)
    rates = dev._rates(v)
    gate_current = dev.q_edl * (rates["a"] - rates["b"] * xs.n1) + v / dev.r_leak
    full = g.shape
    return SynapticTrace(
        t=t - t[0],
        v_gate=np.broadcast_to(v, full).copy(),
        n1=np.broadcast_to(xs.n1, full).copy(),
        n2=np.broadcast_to(xs.n2, full).copy(),
        n3=np.broadcast_to(xs.n3, full).copy(),
        conductance=g,
        current=g * dev.v_read,
        gate_current=np.broadcast_to(gate_current, full).copy(),
        amplitudes=np.zeros((*full[:-1], 0)),
    )


def simulate_gate_waveforms(
    device: SynapticTransistor, t: np.ndarray, v_gate: np.ndarray
) -> SynapticTrace:
    """:func:`simulate_gate_waveform` for a batch of waveforms on one (scalar) device.

    ``v_gate`` has shape ``(..., K)`` with ``K = t.size`` (one waveform per leading
    index, e.g. one per sensor of an array); each is held constant between samples
    and integrated exactly, all at once.  The trace's arrays have ``v_gate``'s shape.
    """
    device = _check_device(device)
    if _ndim(device):
        raise ValueError("simulate_gate_waveforms needs a scalar device (no array fields)")
    t = np.asarray(t, dtype=float)
    v = np.asarray(v_gate, dtype=float)
    if t.ndim != 1 or t.size < 2 or np.any(~np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("t must be a 1-D array of at least 2 strictly increasing finite times")
    if v.ndim == 0 or v.shape[-1] != t.size:
        raise ValueError(f"v_gate must have t's length {t.size} on its last axis, "
                         f"got shape {v.shape}")
    _TRAIN_SPECS["amplitude"].validate(v)  # raises naming 'amplitude' (V)
    xs = zero_order_hold_states(np.diff(t), **device._rates(np.moveaxis(v[..., :-1], -1, 0)))
    g = device.conductance(xs)
    rates = device._rates(v)
    gate_current = device.q_edl * (rates["a"] - rates["b"] * xs.n1) + v / device.r_leak
    return SynapticTrace(
        t=t - t[0], v_gate=v.copy(), n1=xs.n1, n2=xs.n2, n3=xs.n3, conductance=g,
        current=g * device.v_read, gate_current=gate_current,
        amplitudes=np.zeros((*v.shape[:-1], 0)),
    )


#: Presets.  Only the fields with a cited source come from the literature; the rest
#: are the (illustrative) defaults, as named in ``reference``.
SYNAPTIC_TRANSISTOR_PRESETS: dict[str, SynapticTransistor] = {
    "p3ht_pmma": SynapticTransistor(
        name="p3ht_pmma",
        reference=("P3HT/PMMA synaptic transistor, PPF double-exponential fit "
                   "tau1 ~ 18 ms, tau2 ~ 218 ms (shared/reference/neuron_models.md); "
                   "amplitudes and LTP rates illustrative"),
        tau_edl=0.018, tau_doping=0.218,
    ),
    "oect_depletion": SynapticTransistor(
        name="oect_depletion",
        reference=("depletion-mode PEDOT:PSS OECT (IPSC), Bernards & Malliaras, Adv. Funct. "
                   "Mater. 17:3538 (2007); van de Burgt et al., Nat. Mater. 16:414 (2017); "
                   "numbers illustrative"),
        polarity="inhibitory", g0=1e-4, r_edl=0.05, r_doping=0.1, r_ltp=0.2,
        k_on=50.0, tau_edl=0.03, tau_doping=0.5, k_ltp=1.0, tau_ltp=1e4,
        v_read=0.05, q_edl=1e-9, r_leak=1e9,
    ),
}
