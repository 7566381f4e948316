r"""An artificial afferent nerve: pressure sensor -> spike encoder -> synaptic transistor -> reflex.

Reference architecture: Kim *et al.*, "A bioinspired flexible organic artificial
afferent nerve", Science **360**, 998 (2018): resistive pressure sensors drive
oscillators whose pulse rate rises with pressure; the pulses gate an ion-gel
synaptic transistor whose postsynaptic current (EPSC) drives a response (in the
paper, the leg of a cockroach twitches: a hybrid reflex arc).  The same chain, with a
neuron-like spiking encoder, is the artificial spiking afferent of Zhang *et al.*,
Nat. Commun. **11**, 51 (2020).  Here every stage is a model of this package:

1. **Piezoresistive sensor** (constant-sensitivity regime of microstructured
   resistive sensors; Tee *et al.*, Science 350, 313 (2015); Kim *et al.* 2018)::

       R(P) = R0 / (1 + P / P0)                        (ohm; P in kPa)
       I_s(P) = V_bias / R(P) = (V_bias / R0) (1 + P / P0)     (A)

   so the current sensitivity ``S = d(Delta I / I0)/dP = 1 / P0`` (1/kPa) is
   constant; ``R(0) = R0`` and ``R -> R0 P0 / P -> 0`` as ``P -> infinity``.
2. **Front end and encoder**: a current mirror of gain ``k`` (nA of neuron input per
   uA of sensor current) feeds a leaky integrate-and-fire neuron
   (:mod:`neuroexplore.neurons.lif`; Lapicque 1907, Gerstner *et al.* 2014)::

       I_in = k I_s                                            (nA, with I_s in uA)
       f = 1 / (t_ref + tau_m ln[(R I_in + E_L - V_reset) / (R I_in + E_L - V_th)])
                                     (R I_in + E_L > V_th; else f = 0)

   Starting at rest (``V = E_L``), the first spike comes after
   ``t_1 = tau_m ln[R I_in / (R I_in + E_L - V_th)]`` and then every ``1/f``.  Each
   spike is a rectangular gate pulse (``spike_amplitude`` V, ``spike_width`` s).
   Kim *et al.* used ring oscillators; their pulse rate also rises monotonically
   with the sensor current, and the LIF neuron plays the same part with an analytic
   rate.
3. **Synaptic transistor**: the EDL / doping / long-term cascade of
   :mod:`neuroexplore.devices.synaptic_transistor`, integrated exactly pulse by pulse
   (default: the P3HT/PMMA preset).  The *plasticity* knob is that model's
   ``r_doping``: the conductance change per unit of slow (doping) store, which sets
   how strongly repeated spikes facilitate the EPSC.  The spikes that fall inside
   the touch (``0 <= t_j <= duration``) gate the device; the response of the touch
   is the peak EPSC ``max_t |I_d(t) - G0 v_read|``, reached at the end of the last
   pulse or, when the slow store dominates (large ``r_doping / tau_doping``), while
   the doping store keeps filling after it.
4. **Reflex**: the actuator fires when the peak EPSC reaches ``threshold``; the
   threshold pressure ``P*`` is the smallest pressure that fires it
   (:func:`reflex_threshold`).  More pressure gives more and closer spikes, so the
   peak EPSC never falls as pressure rises for ``plasticity <= 4`` (tested).  At
   larger plasticity the EDL saturation shows: the same number of spikes packed
   closer injects slightly fewer ions (the ``1 - n1`` factor), and between the
   pressures at which one more spike enters the touch the peak dips by up to
   ~0.1 %.  For a vanishing threshold ``P*`` is where the first spike arrives
   exactly at the end of the touch (``t_1 = duration``), in closed form
   (:func:`first_spike_pressure`)::

       I* = (V_th - E_L) / (R (1 - exp(-duration / tau_m)))
       P* = P0 (R0 I* / (k V_bias) - 1)

Units: pressure kPa, resistance ohm, sensor current A (uA in the front-end formula),
neuron current nA, potentials mV, neuron times ms, device times s, EPSC A.

Examples
--------
>>> nerve = AfferentNerve()
>>> r = respond(nerve, [0.0, 20.0, 60.0])
>>> bool(r.rate[0] == 0 and r.rate[2] > r.rate[1] > 0)
True
>>> bool(r.epsc[2] > r.epsc[1] > 0)
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..devices.synaptic_kinetics import (
    CascadeState,
    advance,
    derivatives,
    stack_states,
    train_states,
)
from ..devices.synaptic_transistor import (
    SYNAPTIC_TRANSISTOR_PRESETS,
    GatePulseTrain,
    SynapticTransistor,
    simulate_pulse_train,
)
from ..neurons.lif import SPECS as LIF_SPECS
from ..neurons.lif import lif_rate
from ..params import (
    FROM_SPEC,
    ChoiceSpec,
    ParamSpec,
    param,
    spec_dataclass,
    takes_specs,
    validate_params,
)

__all__ = [
    "PRESSURE",
    "AFFERENT_SPECS",
    "TOUCH_SPECS",
    "TOUCH_CLASSES",
    "AfferentNerve",
    "AfferentResponse",
    "AfferentTrace",
    "TouchClassification",
    "sensor_resistance",
    "sensor_current",
    "encoder_current",
    "encoder_rate",
    "first_spike_time",
    "spike_times",
    "peak_epsc",
    "peak_epsc_from_current",
    "respond",
    "afferent_trace",
    "reflex_threshold",
    "first_spike_pressure",
    "rate_to_pressure",
    "touch_dataset",
    "classify_touch",
    "transfer_csv",
]

_LIF = {s.name: s for s in LIF_SPECS}

#: The stimulus.
PRESSURE = ParamSpec("pressure", 20.0, 0.0, 100.0, step=0.5, unit="kPa",
                     doc="pressure applied to the sensor")

#: Touch classes of the afferent classifier and their mean pressures (kPa).
TOUCH_CLASSES: dict[str, float] = {"gentle": 10.0, "firm": 30.0, "hard": 60.0}

#: Parameters of the touch-classification data set.
TOUCH_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("n_per_class", 100, 5, 2000, integer=True, doc="touches per class and split"),
    ParamSpec("spread", 0.3, 0.0, 1.0, step=0.01,
              doc="relative spread (std / mean) of the pressure within a class"),
    ParamSpec("epochs", 200, 1, 5000, integer=True, doc="training epochs of the classifier"),
)


@spec_dataclass
class AfferentNerve:
    """Sensor, encoder, synaptic transistor and reflex threshold (frozen).

    The spec'd fields (:data:`AFFERENT_SPECS`; the first four are the lab's sliders)
    are followed by the encoder's LIF parameters, whose specs are those of
    :mod:`neuroexplore.neurons.lif` (``tau_m``, ``R``, ``E_L``, ``V_th``, ``V_reset``,
    ``t_ref`` in ms, MOhm, mV); ``device`` is the synaptic transistor whose
    ``r_doping`` is replaced by ``plasticity``.  See the module docstring.
    """

    gain: float = param(1.0, 0.2, 5.0, step=0.05, unit="nA/uA",
                        doc="encoder gain: neuron input current per sensor current "
                            "(current mirror)")
    plasticity: float = param(2.0, 0.0, 20.0, step=0.1,
                              doc="device plasticity: conductance change per unit doping "
                                  "store (r_doping)")
    threshold: float = param(0.5, 0.01, 5.0, step=0.01, unit="nA",
                             doc="reflex threshold on the peak EPSC")
    duration: float = param(0.3, 0.05, 0.5, step=0.01, unit="s",
                            doc="touch duration (spikes counted inside it)")
    r0: float = param(1e6, 1e3, 1e9, unit="ohm", log=True, doc="sensor resistance R0 at P = 0")
    p0: float = param(10.0, 0.1, 1000.0, unit="kPa", log=True,
                      doc="pressure P0 = 1/S that doubles the sensor conductance")
    v_bias: float = param(1.0, 0.01, 10.0, step=0.01, unit="V", doc="sensor bias voltage")
    spike_amplitude: float = param(1.0, 0.05, 5.0, step=0.05, unit="V",
                                   doc="gate-pulse amplitude of one spike")
    spike_width: float = param(1e-3, 1e-5, 1e-2, unit="s", log=True,
                               doc="gate-pulse width of one spike (must be shorter than t_ref)")
    tau_m: float = _LIF["tau_m"].default
    R: float = _LIF["R"].default
    E_L: float = _LIF["E_L"].default
    V_th: float = _LIF["V_th"].default
    V_reset: float = _LIF["V_reset"].default
    t_ref: float = _LIF["t_ref"].default
    device: SynapticTransistor = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
    """Synaptic transistor (excitatory, scalar fields)."""

    def __post_init__(self) -> None:
        lif = validate_params(_LIF, {k: getattr(self, k) for k in _LIF}, where="AfferentNerve")
        for k, v in lif.items():
            object.__setattr__(self, k, v)
        for k in (*(s.name for s in type(self).SPECS), *lif):
            if np.ndim(getattr(self, k)):
                raise ValueError(f"{k} must be one number, got an array (sweep the pressure)")
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset = {self.V_reset:g} mV must be below V_th = "
                             f"{self.V_th:g} mV")
        if self.spike_width * 1e3 >= self.t_ref:
            raise ValueError(f"spike_width = {self.spike_width * 1e3:g} ms must be shorter "
                             f"than t_ref = {self.t_ref:g} ms (spike pulses may not overlap)")
        if self.duration * 1e3 / self.t_ref > 500:
            raise ValueError(f"duration = {self.duration:g} s holds more than 500 spikes at "
                             f"t_ref = {self.t_ref:g} ms; shorten it to <= "
                             f"{500 * self.t_ref * 1e-3:g} s")
        dev = self.device
        if not isinstance(dev, SynapticTransistor) or dev.polarity != "excitatory":
            raise ValueError("device must be an excitatory SynapticTransistor")
        if any(np.ndim(getattr(dev, f.name)) for f in dataclasses.fields(dev)
               if f.name not in ("name", "reference", "polarity")):
            raise ValueError("device must have scalar fields")

    @property
    def synapse(self) -> SynapticTransistor:
        """The synaptic transistor with ``r_doping = plasticity``."""
        return self.device.with_params(r_doping=self.plasticity)

    @property
    def lif_params(self) -> dict[str, float]:
        """The encoder's LIF parameters (ms, MOhm, mV)."""
        return {k: getattr(self, k) for k in _LIF}


#: Parameters of the afferent nerve (the first four are the lab's sliders).
AFFERENT_SPECS: tuple[ParamSpec, ...] = AfferentNerve.SPECS


@dataclass(frozen=True, eq=False)
class AfferentResponse:
    """Every stage of the chain for an array of pressures (same shape as ``pressure``)."""

    pressure: np.ndarray
    """Applied pressure (kPa)."""
    resistance: np.ndarray
    """Sensor resistance (ohm)."""
    sensor_current: np.ndarray
    """Sensor current (A)."""
    encoder_current: np.ndarray
    """Neuron input current (nA)."""
    rate: np.ndarray
    """Spike rate (Hz)."""
    n_spikes: np.ndarray
    """Spikes within the touch."""
    epsc: np.ndarray
    """Peak EPSC during the touch (A)."""
    fires: np.ndarray
    """Whether the reflex fires (peak EPSC >= threshold)."""


@dataclass(frozen=True, eq=False)
class AfferentTrace:
    """Time course of one touch at one pressure (times in s from the touch onset)."""

    t: np.ndarray
    """Sample times (s)."""
    spike_times: np.ndarray
    """Encoder spike times (s)."""
    v_gate: np.ndarray
    """Gate voltage of the synaptic transistor (V)."""
    epsc: np.ndarray
    """Postsynaptic current change |I_d - G0 v_read| (A)."""
    response: AfferentResponse
    """The chain's summary at this pressure."""


# --------------------------------------------------------------------------- stages
def _pressure(pressure: Any) -> np.ndarray:
    return np.asarray(PRESSURE.validate(pressure), dtype=float)


def sensor_resistance(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """``R(P) = R0 / (1 + P/P0)`` (ohm) for pressures in kPa."""
    return nerve.r0 / (1.0 + _pressure(pressure) / nerve.p0)


def sensor_current(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """``I_s = V_bias / R(P)`` (A)."""
    return nerve.v_bias / sensor_resistance(nerve, pressure)


def encoder_current(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """Neuron input current ``I_in = k I_s`` (nA, with ``I_s`` in uA)."""
    return nerve.gain * sensor_current(nerve, pressure) * 1e6


def encoder_rate(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """Encoder spike rate (Hz): the analytic LIF rate of ``I_in``."""
    return lif_rate(encoder_current(nerve, pressure), **nerve.lif_params)


def _first_spike(nerve: AfferentNerve, i_in: np.ndarray) -> np.ndarray:
    drive = nerve.R * np.asarray(i_in, dtype=float)
    gap = nerve.V_th - nerve.E_L
    above = drive > gap
    safe = np.where(above, drive, gap + 1.0)
    return np.where(above, nerve.tau_m * np.log(safe / (safe - gap)) * 1e-3, np.inf)


def first_spike_time(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """Time of the first spike from rest (s); ``inf`` when the neuron stays silent."""
    return _first_spike(nerve, encoder_current(nerve, pressure))


def _counts_from_current(nerve: AfferentNerve, i_in: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Rate (Hz) and number of spikes within the touch for input current ``i_in`` (nA)."""
    rate = lif_rate(i_in, **nerve.lif_params)
    t1 = _first_spike(nerve, i_in)
    fires = (rate > 0) & (t1 <= nerve.duration)
    period = 1.0 / np.where(rate > 0, rate, 1.0)
    n = np.where(fires, np.floor((nerve.duration - np.where(fires, t1, 0.0)) / period) + 1, 0)
    return rate, n.astype(int)


def _spike_counts(nerve: AfferentNerve, pressure: Any) -> tuple[np.ndarray, np.ndarray]:
    return _counts_from_current(nerve, encoder_current(nerve, pressure))


def peak_epsc_from_current(nerve: AfferentNerve, i_in: Any) -> np.ndarray:
    """Peak EPSC (A) of the encoder + synaptic transistor for a neuron input current
    ``i_in`` (nA, any shape, >= 0): the sensory neuron without its sensor.

    The spike trains of all inputs are integrated at once, exactly, with the
    device's closed-form cascade (:mod:`neuroexplore.devices.synaptic_kinetics`);
    the maximum of the relaxation after the last spike is then located on a
    log-spaced grid and refined by golden-section search.
    """
    i = np.asarray(i_in, dtype=float)
    if np.any(~np.isfinite(i)) or np.any(i < 0):
        raise ValueError("i_in must be finite and >= 0 (nA)")
    rate, n = _counts_from_current(nerve, i)
    return _peak_from_counts(nerve, rate, n)


def spike_times(nerve: AfferentNerve, pressure: float) -> np.ndarray:
    """Spike times (s) within the touch at one pressure: ``t_1 + j / f``."""
    p = _pressure(pressure)
    if p.ndim:
        raise ValueError("spike_times takes one pressure; use respond for arrays")
    rate, n = _spike_counts(nerve, p)
    if n == 0:
        return np.zeros(0)
    return float(first_spike_time(nerve, p)) + np.arange(int(n)) / float(rate)


def peak_epsc(nerve: AfferentNerve, pressure: Any) -> np.ndarray:
    """Peak EPSC (A) of the touch; 0 when no spike falls inside it.

    Vectorised over ``pressure``; see :func:`peak_epsc_from_current` for the method.
    """
    rate, n = _spike_counts(nerve, pressure)
    return _peak_from_counts(nerve, rate, n)


_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def _peak_from_counts(nerve: AfferentNerve, rate: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Exact peak of ``|I_d - G0 v_read|`` for periodic trains of ``n`` spikes at ``rate``.

    The cascade is cooperative and starts at rest, so the state at a given phase of
    the train never decreases from one period to the next (comparison principle):
    the peak lies at the end of the last pulse or in the free relaxation after it,
    where the slow store may keep filling while the fast one empties.  That
    relaxation is evaluated in closed form on a log-spaced grid and the best grid
    point refined by golden-section search.
    """
    rate = np.asarray(rate, dtype=float)
    n = np.asarray(n)
    n_max = int(np.max(n, initial=0))
    if n_max == 0:
        return np.zeros(rate.shape)
    dev = nerve.synapse
    interval = np.where(n > 0, 1.0 / np.where(rate > 0, rate, 1.0), 1.0)
    # validates the timing (interval > width, at most 500 pulses)
    GatePulseTrain(amplitude=nerve.spike_amplitude, width=nerve.spike_width,
                   interval=interval, n_pulses=n_max)
    _, ends = train_states(dev._rates(nerve.spike_amplitude), dev._rates(0.0),
                           nerve.spike_width, interval, n_max)
    idx = np.expand_dims(np.maximum(n - 1, 0), -1)
    full = (*rate.shape, n_max)
    x_end = CascadeState(*(np.take_along_axis(np.broadcast_to(c, full), idx, axis=-1)[..., 0]
                           for c in stack_states(ends)))
    off = dev._rates(0.0)
    g0 = float(dev.g0)

    def excess(s: np.ndarray) -> np.ndarray:
        return dev.conductance(advance(x_end, s, **off)) - g0

    s_grid = np.concatenate([[0.0], np.geomspace(1e-6, 5.0 * float(dev.tau_doping), 97)])
    s_col = s_grid.reshape((-1,) + (1,) * rate.ndim)
    values = excess(s_col)
    k = np.argmax(values, axis=0)
    best = np.take_along_axis(values, k[None], axis=0)[0]
    # dG/ds at the end of the last pulse: a falling start on the best grid point means
    # the pulse end itself is the peak
    dx = derivatives(x_end, **off)
    slope = dev.r_edl * dx.n1 + dev.r_doping * dx.n2 + dev.r_ltp * dx.n3
    if np.any((k > 0) | (slope > 0)):
        lo = s_grid[np.maximum(k - 1, 0)]
        hi = s_grid[np.minimum(k + 1, s_grid.size - 1)]
        for _ in range(36):  # golden-section search of the bracketed maximum
            a = hi - _GOLDEN * (hi - lo)
            b = lo + _GOLDEN * (hi - lo)
            fa, fb = excess(np.stack([a, b]))
            best = np.maximum(best, np.maximum(fa, fb))
            left = fa >= fb
            hi = np.where(left, b, hi)
            lo = np.where(left, lo, a)
    return np.where(n > 0, np.maximum(best, 0.0) * float(dev.v_read), 0.0)


def respond(nerve: AfferentNerve, pressure: Any) -> AfferentResponse:
    """Every stage of the chain at the given pressure(s) (kPa)."""
    p = _pressure(pressure)
    rate, n = _spike_counts(nerve, p)
    epsc = _peak_from_counts(nerve, rate, n)
    return AfferentResponse(
        pressure=p,
        resistance=sensor_resistance(nerve, p),
        sensor_current=sensor_current(nerve, p),
        encoder_current=encoder_current(nerve, p),
        rate=rate,
        n_spikes=n,
        epsc=epsc,
        fires=epsc >= nerve.threshold * 1e-9,
    )


def afferent_trace(nerve: AfferentNerve, pressure: float, *, samples: int = 1500
                   ) -> AfferentTrace:
    """Spike train, gate voltage and EPSC of one touch (exact at every sample).

    The trace covers the touch and a further ``max(duration / 2, 0.1 s)`` (the EPSC
    relaxes after the last spike); ``samples`` points on a uniform grid plus every
    pulse edge.
    """
    if not (isinstance(samples, (int, np.integer)) and 50 <= samples <= 100_000):
        raise ValueError(f"samples = {samples!r} must be an integer in [50, 100000]")
    p = _pressure(pressure)
    if p.ndim:
        raise ValueError("afferent_trace takes one pressure")
    resp = respond(nerve, p)
    t_end = nerve.duration + max(0.5 * nerve.duration, 0.1)
    spikes = spike_times(nerve, p)
    grid = np.linspace(0.0, t_end, samples)
    if spikes.size == 0:
        return AfferentTrace(t=grid, spike_times=spikes, v_gate=np.zeros_like(grid),
                             epsc=np.zeros_like(grid), response=resp)
    w = nerve.spike_width
    eps = 1e-9 * w
    edges = np.concatenate([spikes, spikes + w - eps, spikes + w])
    t = np.unique(np.concatenate([grid, edges[edges <= t_end]]))
    t0 = spikes[0]
    interval = 1.0 / float(resp.rate) if spikes.size > 1 else max(2 * w, 1.0)
    train = GatePulseTrain(amplitude=nerve.spike_amplitude, width=w, interval=interval,
                           n_pulses=int(spikes.size))
    after = t >= t0
    syn = simulate_pulse_train(nerve.synapse, train, t=t[after] - t0)
    i0 = nerve.synapse.g0 * nerve.synapse.v_read
    epsc = np.zeros_like(t)
    epsc[after] = np.abs(syn.current - i0)
    v_gate = np.zeros_like(t)
    v_gate[after] = syn.v_gate
    return AfferentTrace(t=t, spike_times=spikes, v_gate=v_gate, epsc=epsc, response=resp)


# ------------------------------------------------------------------------- thresholds
def reflex_threshold(nerve: AfferentNerve, *, tol: float = 1e-6,
                     curve: AfferentResponse | None = None) -> float:
    """Smallest pressure (kPa) at which the reflex fires; ``inf`` if not up to 100 kPa.

    The peak EPSC rises with pressure (see the module docstring for the small
    dips at large plasticity), so the first crossing is bracketed on a 65-point
    grid (or on ``curve``, a :func:`respond` result over increasing pressures of
    this nerve) and the bracket refined on 65-point grids until it is narrower
    than ``tol`` kPa.
    """
    if not (np.isfinite(tol) and 1e-9 <= tol <= 10.0):
        raise ValueError(f"tol = {tol!r} kPa must be in [1e-9, 10]")
    target = nerve.threshold * 1e-9
    if curve is None:
        grid = np.linspace(PRESSURE.low, PRESSURE.high, 65)
        curve = respond(nerve, grid)
    p = np.atleast_1d(curve.pressure)
    above = np.atleast_1d(curve.epsc) >= target
    if p.size < 2 or np.any(np.diff(p) <= 0):
        raise ValueError("curve must be a respond() result over increasing pressures")
    if not above[-1]:
        if p[-1] >= PRESSURE.high:
            return float("inf")
        p = np.append(p, PRESSURE.high)
        above = np.append(above, peak_epsc(nerve, PRESSURE.high) >= target)
        if not above[-1]:
            return float("inf")
    k = int(np.argmax(above))
    if k == 0:
        if p[0] <= PRESSURE.low:
            return float(p[0])
        lo, hi = PRESSURE.low, float(p[0])
        if peak_epsc(nerve, lo) >= target:
            return float(lo)
    else:
        lo, hi = float(p[k - 1]), float(p[k])
    while hi - lo > tol:
        grid = np.linspace(lo, hi, 65)
        above = peak_epsc(nerve, grid) >= target
        k = int(np.argmax(above))  # above[-1] is True (hi fires)
        lo, hi = grid[max(k - 1, 0)], grid[k]
    return float(hi)


def first_spike_pressure(nerve: AfferentNerve) -> float:
    """Pressure (kPa) at which the first spike arrives exactly at the end of the touch.

    ``I* = (V_th - E_L) / (R (1 - exp(-duration/tau_m)))`` and
    ``P* = P0 (R0 I* / (k V_bias) - 1)`` (``I*`` in nA, ``k`` in nA/uA); the limit of
    :func:`reflex_threshold` for a vanishing threshold.  May be negative (the
    encoder fires even at rest).
    """
    i_star = (nerve.V_th - nerve.E_L) / (
        nerve.R * -np.expm1(-nerve.duration * 1e3 / nerve.tau_m))
    return float(nerve.p0 * (nerve.r0 * i_star * 1e-6 / (nerve.gain * nerve.v_bias) - 1.0))


def rate_to_pressure(nerve: AfferentNerve, rate: Any) -> np.ndarray:
    """Invert the sensor and encoder: the pressure (kPa) at which the encoder fires at
    ``rate`` (Hz, ``0 < rate < 1000 / t_ref``), from the closed-form inverse LIF rate::

        x = exp((1/f - t_ref) / tau_m),  R I = [x (V_th - E_L) - (V_reset - E_L)] / (x - 1)
    """
    f = np.asarray(rate, dtype=float)
    f_max = 1e3 / nerve.t_ref
    if np.any(~np.isfinite(f) | (f <= 0) | (f >= f_max)):
        raise ValueError(f"rate = {rate!r} Hz must lie in (0, {f_max:g}) Hz (1/t_ref)")
    x = np.exp((1e3 / f - nerve.t_ref) / nerve.tau_m)
    ri = (x * (nerve.V_th - nerve.E_L) - (nerve.V_reset - nerve.E_L)) / (x - 1.0)
    i_in = ri / nerve.R  # nA
    return nerve.p0 * (i_in * 1e-6 * nerve.r0 / (nerve.gain * nerve.v_bias) - 1.0)


# ------------------------------------------------------------------ touch classifier
@dataclass(frozen=True, eq=False)
class TouchClassification:
    """Touch intensity classified from the afferent's EPSC and, as a software
    baseline, from the sensor reading itself (same touches, same classifier)."""

    classes: tuple[str, ...]
    """Class names (index = label)."""
    pressure_test: np.ndarray
    """Test pressures (kPa)."""
    y_test: np.ndarray
    """Test labels."""
    epsc_test: np.ndarray
    """Peak EPSC of each test touch (A)."""
    predicted: np.ndarray
    """Labels predicted from the EPSC."""
    accuracy: float
    """Test accuracy from the EPSC (the afferent nerve)."""
    baseline_accuracy: float
    """Test accuracy from the sensor current (software baseline)."""
    chance: float
    """Chance level 1 / number of classes."""


@takes_specs(TOUCH_SPECS[:2])
def touch_dataset(n_per_class: int = FROM_SPEC, *, spread: float = FROM_SPEC,
                  seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pressures (kPa) and labels of touches of the :data:`TOUCH_CLASSES`.

    Each class draws ``P = mean (1 + spread z)``, ``z ~ N(0, 1)``, clipped to the
    sensor's range [0, 100] kPa; classes are interleaved.
    """
    rng = np.random.default_rng(seed)
    means = np.array(list(TOUCH_CLASSES.values()))
    y = np.tile(np.arange(means.size), n_per_class)
    p = means[y] * (1.0 + spread * rng.standard_normal(y.size))
    return np.clip(p, PRESSURE.low, PRESSURE.high), y


def _standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = train.mean(axis=0)
    sd = train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (train - mu) / sd, (test - mu) / sd


def _softmax_classifier(X: np.ndarray, y: np.ndarray, Xt: np.ndarray, yt: np.ndarray, *,
                        epochs: int, seed: int | None,
                        callback: Callable[[int, int, dict], Any] | None = None):
    from ..networks import train_mlp

    Xs, Xts = _standardise(X, Xt)
    res = train_mlp(Xs, y, hidden=(), lr=0.1, epochs=epochs, batch_size=32,
                    validation=(Xts, yt), seed=seed, callback=callback)
    return res, res.predict(Xts), res.accuracy(Xts, yt)


@takes_specs(TOUCH_SPECS)
def classify_touch(nerve: AfferentNerve, *, n_per_class: int = FROM_SPEC,
                   spread: float = FROM_SPEC, epochs: int = FROM_SPEC, seed: int | None = 0,
                   callback: Callable[[int, int, dict], Any] | None = None
                   ) -> TouchClassification:
    """Classify touch intensity (:data:`TOUCH_CLASSES`) from the peak EPSC.

    Training and test touches are drawn independently (:func:`touch_dataset`); a
    softmax-regression classifier (:func:`neuroexplore.networks.train_mlp` with no
    hidden layer) reads the standardised peak EPSC.  The baseline is the same
    classifier reading the sensor current itself, with no spikes and no device.
    ``callback(epoch, epochs, metrics)`` reports the EPSC classifier's training.
    """
    rng = np.random.default_rng(seed)
    seeds = rng.integers(0, 2**31, size=3)
    p_tr, y_tr = touch_dataset(n_per_class, spread=spread, seed=int(seeds[0]))
    p_te, y_te = touch_dataset(n_per_class, spread=spread, seed=int(seeds[1]))
    e_tr, e_te = peak_epsc(nerve, p_tr), peak_epsc(nerve, p_te)
    _, pred, acc = _softmax_classifier(e_tr[:, None] * 1e9, y_tr, e_te[:, None] * 1e9, y_te,
                                       epochs=epochs, seed=int(seeds[2]),
                                       callback=callback)
    s_tr, s_te = sensor_current(nerve, p_tr), sensor_current(nerve, p_te)
    _, _, base = _softmax_classifier(s_tr[:, None] * 1e6, y_tr, s_te[:, None] * 1e6, y_te,
                                     epochs=epochs, seed=int(seeds[2]))
    return TouchClassification(
        classes=tuple(TOUCH_CLASSES), pressure_test=p_te, y_test=y_te, epsc_test=e_te,
        predicted=pred, accuracy=float(acc), baseline_accuracy=float(base),
        chance=1.0 / len(TOUCH_CLASSES),
    )


def transfer_csv(nerve: AfferentNerve, pressure: Any | None = None) -> str:
    """CSV text of the chain's transfer curve (default: 0-100 kPa in 1 kPa steps)."""
    p = np.linspace(PRESSURE.low, PRESSURE.high, 101) if pressure is None else pressure
    r = respond(nerve, p)
    lines = [
        f"# artificial afferent nerve: gain {nerve.gain:g} nA/uA, plasticity "
        f"{nerve.plasticity:g}, threshold {nerve.threshold:g} nA, duration {nerve.duration:g} s",
        "pressure_kPa,resistance_ohm,sensor_current_A,encoder_current_nA,rate_Hz,n_spikes,"
        "peak_epsc_A,reflex_fires",
    ]
    for row in zip(np.atleast_1d(r.pressure), np.atleast_1d(r.resistance),
                   np.atleast_1d(r.sensor_current), np.atleast_1d(r.encoder_current),
                   np.atleast_1d(r.rate), np.atleast_1d(r.n_spikes), np.atleast_1d(r.epsc),
                   np.atleast_1d(r.fires), strict=True):
        lines.append(",".join([*(f"{v:.8g}" for v in row[:5]), str(int(row[5])),
                               f"{row[6]:.8g}", str(int(row[7]))]))
    return "\n".join(lines) + "\n"
