r"""Tactile pattern recognition: braille read by a sliding fingertip of neuromorphic sensors.

The pipeline follows the bioinspired artificial afferent nerve of Kim et al.
(*A bioinspired flexible organic artificial afferent nerve*, Science 360:998, 2018),
which read braille characters: pressure sensors -> oscillators that turn pressure
into spike trains (the afferent neurons) -> a synaptic transistor that integrates
the spikes into an excitatory postsynaptic current (EPSC).  A self-powered variant
gates the synaptic transistor directly with a triboelectric nanogenerator (Yu et
al., Nat. Commun. 12:1581, 2021).  Every stage runs on the package's engines:

1. **Braille surface** (units: mm).  A six-dot cell, dots 1-2-3 down the left
   column and 4-5-6 down the right, dot spacing ``dot_spacing`` = 2.34 mm, dot height
   0.48 mm and base diameter 1.44 mm (Library of Congress NLS Specification 800,
   2014).  A dot is a Gaussian bump of height ``h`` and width
   :math:`\sigma_d = d_\text{base}/4`.
2. **Fingertip sensor.**  Three taxels, one per dot row, slide across the cell at
   ``speed`` (mm/s), from 3 mm before the left column to 3 mm past the right one.
   A taxel reports the surface height averaged over a Gaussian receptive field of
   width :math:`\sigma_t` (``taxel_sigma``); for Gaussian bumps this is exact,

   .. math::

       z(x_f, y) = \sum_\text{dots} h_d\,\frac{\sigma_d^2}{s^2}
                   \exp\!\Big(-\frac{(x_f - x_d)^2 + (y - y_d)^2}{2 s^2}\Big),
       \qquad s^2 = \sigma_d^2 + \sigma_t^2,

   and the pressure (linear elastic skin) is normalised so that a nominal dot right
   under a taxel gives :math:`p = 1`.  Variability per sample: sliding speed
   (relative std ``speed_jitter``), start position and lateral offset (std
   ``jitter``, mm), dot heights (relative std ``height_var``); sensor noise adds
   white Gaussian noise of std ``noise`` to every 1 ms sample of :math:`p`.
3. **Afferent neuron** (default transducer ``"afferent"``): a leaky integrate-and-
   fire neuron (:func:`neuroexplore.neurons.simulate`, model ``"lif"``, exact for the
   piecewise-constant sensor signal) receives :math:`I = I_\text{rest} + I_\text{gain}
   \max(p, 0)` (nA), so the spike rate rises with pressure as the ring oscillator's
   frequency does in Kim et al.  Each spike is a gate pulse of ``v_spike`` volts and
   ``spike_width`` seconds.  Transducer ``"triboelectric"``: the local indentation
   :math:`x = x_\text{press} \max(p, 0)` is the separation of a contact-separation
   TENG whose open-circuit voltage, divided by the gate capacitance
   (:func:`neuroexplore.devices.triboelectric.teng_gate_voltage`), gates the transistor.
4. **Synaptic transistor** (:mod:`neuroexplore.devices.synaptic_transistor`, preset
   ``p3ht_pmma``): the gate waveform drives the three-store ionic kinetics exactly
   (:func:`~neuroexplore.devices.synaptic_transistor.simulate_gate_waveforms`); the
   EPSC :math:`I_d - G_0 v_\text{read}` of each taxel is the device output.
5. **Classifier.**  The EPSC of each taxel averaged in ``n_bins`` time bins
   (``3 * n_bins`` features) feeds a softmax layer or a one-hidden-layer MLP
   (:func:`neuroexplore.networks.train_mlp`).  The software baseline is the same
   classifier on the raw (noisy) pressure, binned the same way -- an ideal sensor
   read out without neuromorphic devices.

Units: mm, mm/s and seconds for the mechanics; nA and ms inside the neuron model;
volts, amperes, seconds for the devices.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from ..devices.synaptic_transistor import (
    SYNAPTIC_TRANSISTOR_PRESETS,
    SynapticTransistor,
    simulate_gate_waveforms,
)
from ..devices.triboelectric import ContactSeparationTENG, teng_gate_voltage
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs
from ..progress import Callback
from ..progress import notify as _notify
from ..seeding import as_seed
from ..sweeps import run_grid

__all__ = [
    "BRAILLE_DOTS",
    "BRAILLE_SPECS",
    "SENSOR_SPECS",
    "TRANSDUCER_SPECS",
    "TASK_SPECS",
    "CLASS_SETS",
    "SIZE_SETTINGS",
    "SIZE_SPEC",
    "BrailleSweep",
    "TactileResponse",
    "TactileResult",
    "NoiseSweep",
    "braille_pressure",
    "afferent_response",
    "bin_features",
    "tactile_benchmark",
    "accuracy_vs_noise",
]


#: Raised dots of the letters (standard English braille, grade 1).
BRAILLE_DOTS: dict[str, tuple[int, ...]] = {
    "a": (1,), "b": (1, 2), "c": (1, 4), "d": (1, 4, 5), "e": (1, 5), "f": (1, 2, 4),
    "g": (1, 2, 4, 5), "h": (1, 2, 5), "i": (2, 4), "j": (2, 4, 5), "k": (1, 3),
    "l": (1, 2, 3), "m": (1, 3, 4), "n": (1, 3, 4, 5), "o": (1, 3, 5), "p": (1, 2, 3, 4),
    "q": (1, 2, 3, 4, 5), "r": (1, 2, 3, 5), "s": (2, 3, 4), "t": (2, 3, 4, 5),
    "u": (1, 3, 6), "v": (1, 2, 3, 6), "w": (2, 4, 5, 6), "x": (1, 3, 4, 6),
    "y": (1, 3, 4, 5, 6), "z": (1, 3, 5, 6),
}

#: The letter sets of the task: the first decade a-j (dots 1, 2, 4, 5) or a-z.
CLASS_SETS: dict[str, tuple[str, ...]] = {
    "a-j": tuple("abcdefghij"),
    "a-z": tuple("abcdefghijklmnopqrstuvwxyz"),
}

#: Braille cell geometry (mm), NLS Specification 800 (2014).
BRAILLE_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("dot_spacing", 2.34, 1.5, 4.0, step=0.01, unit="mm", label="dot spacing",
              doc="centre-to-centre distance of neighbouring dots in a cell"),
    ParamSpec("dot_height", 0.48, 0.1, 1.5, step=0.01, unit="mm", label="dot height",
              doc="height of a raised dot"),
    ParamSpec("dot_diameter", 1.44, 0.5, 2.5, step=0.01, unit="mm", label="dot diameter",
              doc="base diameter of a dot (Gaussian sigma = diameter / 4)"),
)

#: Fingertip sensor, sliding and noise.
SENSOR_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("speed", 20.0, 5.0, 100.0, step=1.0, unit="mm/s",
              doc="sliding speed of the fingertip"),
    ParamSpec("noise", 0.2, 0.0, 2.0, step=0.01, label="sensor noise",
              doc="std of white noise on each 1 ms pressure sample (1 = one dot)"),
    ParamSpec("jitter", 0.3, 0.0, 1.5, step=0.01, unit="mm",
              doc="std of the random start position and lateral offset"),
    ParamSpec("speed_jitter", 0.1, 0.0, 0.5, step=0.01, label="speed jitter",
              doc="relative std of the sliding speed between samples"),
    ParamSpec("height_var", 0.1, 0.0, 0.5, step=0.01, label="dot height variation",
              doc="relative std of each dot's height"),
    ParamSpec("taxel_sigma", 0.5, 0.05, 2.0, step=0.01, unit="mm", label="taxel size",
              doc="Gaussian receptive-field width of a taxel"),
)

#: Transduction: afferent neuron or TENG, then the synaptic transistor.
TRANSDUCER_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("transducer", "afferent", ("afferent", "triboelectric"),
               doc="pressure -> LIF spikes -> gate pulses, or TENG gate voltage"),
    ParamSpec("i_rest", 1.0, -5.0, 10.0, step=0.05, unit="nA", label="I rest",
              doc="afferent-neuron input current without pressure (1.5 nA = threshold)"),
    ParamSpec("i_gain", 3.0, 0.0, 20.0, step=0.05, unit="nA", label="I gain",
              doc="afferent-neuron input current per unit pressure"),
    ParamSpec("v_spike", 1.0, 0.05, 5.0, step=0.05, unit="V", label="spike amplitude",
              doc="gate-pulse amplitude of a spike"),
    ParamSpec("spike_width", 2e-3, 2e-4, 0.01, unit="s", log=True, label="spike width",
              doc="gate-pulse width of a spike"),
    ParamSpec("x_press", 0.5e-3, 1e-6, 5e-3, unit="m", log=True, label="TENG stroke",
              doc="TENG plate separation at unit pressure (triboelectric transducer)"),
)

#: Dataset and classifier.
TASK_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("classes", "a-j", tuple(CLASS_SETS), doc="letters to recognise"),
    ParamSpec("n_per_class", 20, 2, 500, integer=True, label="samples per class",
              doc="training (and as many test) sweeps per letter"),
    ParamSpec("n_bins", 10, 2, 50, integer=True, label="time bins",
              doc="time bins per taxel in the feature vector"),
    ChoiceSpec("classifier", "softmax", ("softmax", "mlp"),
               doc="softmax layer, or an MLP with 32 hidden units"),
    ParamSpec("epochs", 150, 1, 2000, integer=True, doc="classifier training epochs"),
)

#: Default (live session) and full (stronger figure) settings.
SIZE_SETTINGS: dict[str, dict[str, Any]] = {
    "default": dict(classes="a-j", n_per_class=20, noises=(0.0, 0.2, 0.5, 1.0)),
    "full": dict(classes="a-z", n_per_class=40, noises=(0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0,
                                                       1.5)),
}

#: Which of :data:`SIZE_SETTINGS` a lab or notebook runs.
SIZE_SPEC = ChoiceSpec("size", "default", tuple(SIZE_SETTINGS),
                       doc="default: fits a live session; full: the stronger figure")

SENSOR_DT = 1e-3  # s, sampling interval of the pressure sensors (1 kHz)
DEVICE_DT = 1e-3  # s, zero-order-hold step of the synaptic transistor
_MARGIN = 3.0  # mm travelled before the left and after the right dot column
_N_TAXELS = 3


def _dot_positions(spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of dots 1..6 (mm): column 0 holds dots 1-3 top to bottom."""
    col = np.array([0, 0, 0, 1, 1, 1])
    row = np.array([0, 1, 2, 0, 1, 2])
    return col * spacing, row * spacing


def _letters(letters: Any) -> tuple[str, ...]:
    if isinstance(letters, str):
        letters = (letters,)
    out = tuple(letters)
    bad = [c for c in out if c not in BRAILLE_DOTS]
    if not out or bad:
        raise ValueError(f"letters must be among {''.join(BRAILLE_DOTS)}, got {bad or out!r}")
    return out


@dataclass(frozen=True, eq=False)
class BrailleSweep:
    """Pressure seen by the three taxels while sliding over braille cells."""

    t: np.ndarray
    """Sample times (s), every 1 ms."""
    pressure: np.ndarray
    """Noisy normalised pressure, shape ``(n, 3, T)`` (taxel = dot row)."""
    clean: np.ndarray
    """The same without sensor noise."""
    letters: tuple[str, ...]
    """Letter of each sweep."""
    params: dict = field(default_factory=dict)
    """Geometry and sensor settings used."""


@takes_specs(BRAILLE_SPECS, SENSOR_SPECS)
def braille_pressure(
    letters: Any,
    *,
    dot_spacing: float = FROM_SPEC,
    dot_height: float = FROM_SPEC,
    dot_diameter: float = FROM_SPEC,
    speed: float = FROM_SPEC,
    noise: float = FROM_SPEC,
    jitter: float = FROM_SPEC,
    speed_jitter: float = FROM_SPEC,
    height_var: float = FROM_SPEC,
    taxel_sigma: float = FROM_SPEC,
    seed: int = 0,
) -> BrailleSweep:
    """Sweep a fingertip of three taxels over one braille cell per letter.

    All sweeps share the time grid of the nominal speed (duration
    ``(dot_spacing + 6 mm) / speed``); a faster or slower sweep simply passes the dots
    earlier or later.  See the module docstring for the contact model.
    """
    g = dict(dot_spacing=dot_spacing, dot_height=dot_height, dot_diameter=dot_diameter)
    s = dict(speed=speed, noise=noise, jitter=jitter, speed_jitter=speed_jitter,
             height_var=height_var, taxel_sigma=taxel_sigma)
    letters = _letters(letters)
    rng = np.random.default_rng(as_seed(seed))
    n = len(letters)
    duration = (g["dot_spacing"] + 2 * _MARGIN) / s["speed"]
    t = np.arange(int(round(duration / SENSOR_DT)) + 1) * SENSOR_DT
    speed_k = s["speed"] * np.maximum(1.0 + s["speed_jitter"] * rng.standard_normal(n), 0.2)
    x0 = -_MARGIN + s["jitter"] * rng.standard_normal(n)
    dy = s["jitter"] * rng.standard_normal(n)
    heights = np.maximum(1.0 + s["height_var"] * rng.standard_normal((n, 6)), 0.0)
    raised = np.zeros((n, 6))
    for k, c in enumerate(letters):
        raised[k, np.asarray(BRAILLE_DOTS[c]) - 1] = 1.0
    sig_d2 = (g["dot_diameter"] / 4.0) ** 2
    s2 = sig_d2 + s["taxel_sigma"] ** 2
    xd, yd = _dot_positions(g["dot_spacing"])
    xf = x0[:, None] + speed_k[:, None] * t[None, :]  # (n, T) finger position
    y_taxel = np.arange(_N_TAXELS) * g["dot_spacing"]  # taxel r faces dot row r
    # (n, taxel, dot, T): normalised so that a nominal dot right under a taxel gives 1
    gy = np.exp(-((y_taxel[None, :, None] + dy[:, None, None] - yd[None, None, :]) ** 2)
                / (2 * s2))
    gx = np.exp(-((xf[:, None, :] - xd[None, :, None]) ** 2) / (2 * s2))  # (n, dot, T)
    amp = (raised * heights)[:, None, :, None] * gy[..., None]
    clean = np.sum(amp * gx[:, None, :, :], axis=2)
    noisy = clean + s["noise"] * rng.standard_normal(clean.shape)
    return BrailleSweep(t=t, pressure=noisy, clean=clean, letters=letters,
                        params={**g, **s, "seed": seed})


@dataclass(frozen=True, eq=False)
class TactileResponse:
    """Transducer and synaptic-transistor response to braille sweeps."""

    t: np.ndarray
    """Device time grid (s)."""
    v_gate: np.ndarray
    """Gate voltage of each taxel's transistor, shape ``(n, 3, T)`` (V)."""
    epsc: np.ndarray
    """Excitatory postsynaptic current ``I_d - G0 v_read`` (A), shape ``(n, 3, T)``."""
    spike_times: tuple
    """Afferent spike times (s) of each (sweep, taxel), flattened sweep-major
    (empty arrays for the triboelectric transducer)."""
    transducer: str
    """``"afferent"`` or ``"triboelectric"``."""

    @property
    def spike_counts(self) -> np.ndarray:
        """Afferent spikes per (sweep, taxel)."""
        n, k = self.epsc.shape[:2]
        return np.array([len(s) for s in self.spike_times]).reshape(n, k)


def _pulse_coverage(spikes: Sequence[np.ndarray], width: float, dt: float,
                    n_bins: int) -> np.ndarray:
    """Fraction of each device step covered by gate pulses ``[t_s, t_s + width]``."""
    counts = np.array([len(s) for s in spikes])
    out = np.zeros((len(spikes), n_bins))
    if counts.sum() == 0:
        return out
    ts = np.concatenate([np.asarray(s, dtype=float) for s in spikes])
    who = np.repeat(np.arange(len(spikes)), counts)
    first = np.floor(ts / dt).astype(int)
    span = int(np.ceil(width / dt)) + 1
    j = first[:, None] + np.arange(span)[None, :]
    overlap = (np.minimum(ts[:, None] + width, (j + 1) * dt)
               - np.maximum(ts[:, None], j * dt))
    keep = (overlap > 0) & (j < n_bins)
    np.add.at(out, (np.broadcast_to(who[:, None], j.shape)[keep], j[keep]), overlap[keep])
    return np.minimum(out / dt, 1.0)


@takes_specs(TRANSDUCER_SPECS)
def afferent_response(
    sweep: BrailleSweep,
    *,
    transducer: str = FROM_SPEC,
    device: SynapticTransistor | None = None,
    teng: ContactSeparationTENG | None = None,
    i_rest: float = FROM_SPEC,
    i_gain: float = FROM_SPEC,
    v_spike: float = FROM_SPEC,
    spike_width: float = FROM_SPEC,
    x_press: float = FROM_SPEC,
) -> TactileResponse:
    """Turn pressure sweeps into EPSCs: afferent LIF spikes (or a TENG) -> synaptic transistor.

    ``device`` defaults to the ``p3ht_pmma`` synaptic-transistor preset, ``teng`` to
    :class:`~neuroexplore.devices.triboelectric.ContactSeparationTENG()`.
    """
    p = dict(transducer=transducer, i_rest=i_rest, i_gain=i_gain, v_spike=v_spike,
             spike_width=spike_width, x_press=x_press)
    if not isinstance(sweep, BrailleSweep):
        raise ValueError(f"sweep must be a BrailleSweep, got {type(sweep).__name__}")
    device = SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"] if device is None else device
    n, k, steps = sweep.pressure.shape
    duration = sweep.t[-1] + SENSOR_DT
    t_dev = np.arange(int(round(duration / DEVICE_DT))) * DEVICE_DT
    press = np.maximum(sweep.pressure, 0.0).reshape(n * k, steps)
    spikes: tuple = tuple(np.empty(0) for _ in range(n * k))
    if p["transducer"] == "afferent":
        from ..neurons import simulate

        cur = p["i_rest"] + p["i_gain"] * press  # nA, held for each 1 ms sensor sample
        tr = simulate("lif", current=cur, t_stop=1e3 * steps * SENSOR_DT,
                      dt=1e3 * SENSOR_DT, record="spikes")
        spikes = tuple(np.asarray(s) * 1e-3 for s in tr.spike_times)  # ms -> s
        v_gate = p["v_spike"] * _pulse_coverage(spikes, p["spike_width"], DEVICE_DT,
                                                t_dev.size)
    else:
        teng = ContactSeparationTENG() if teng is None else teng
        idx = np.minimum((t_dev / SENSOR_DT).astype(int), steps - 1)
        v_gate = teng_gate_voltage(teng, p["x_press"] * press[:, idx])
    trace = simulate_gate_waveforms(device, t_dev, v_gate)
    epsc = trace.current - device.g0 * device.v_read
    return TactileResponse(t=t_dev, v_gate=v_gate.reshape(n, k, -1),
                            epsc=epsc.reshape(n, k, -1), spike_times=spikes,
                            transducer=p["transducer"])


@takes_specs(TASK_SPECS[2])
def bin_features(signal: Any, n_bins: int) -> np.ndarray:
    """Means of ``signal`` ``(n, taxels, T)`` in ``n_bins`` equal time bins.

    Returns shape ``(n, taxels * n_bins)``, taxel-major.
    """
    x = np.asarray(signal, dtype=float)
    if x.ndim != 3 or x.shape[-1] < n_bins:
        raise ValueError(f"signal must have shape (n, taxels, T) with T >= n_bins = {n_bins}, "
                         f"got {x.shape}")
    edges = np.linspace(0, x.shape[-1], n_bins + 1).astype(int)
    sums = np.add.reduceat(x, edges[:-1], axis=-1)
    return (sums / np.diff(edges)).reshape(x.shape[0], -1)


@dataclass(frozen=True, eq=False)
class TactileResult:
    """Braille recognition from device features and from the raw pressure."""

    accuracy: dict[str, float]
    """Test accuracy from the device EPSC features (``device``) and from the raw
    pressure (``pressure``, the software baseline)."""
    chance: float
    """Chance level ``1 / n_classes``."""
    classes: tuple[str, ...]
    """The letters."""
    confusion: dict[str, np.ndarray]
    """Confusion matrices (rows: true letter, columns: predicted) for both."""
    n_train: int
    """Training sweeps."""
    n_test: int
    """Test sweeps."""
    mean_spikes: float
    """Mean afferent spikes per taxel and sweep."""
    seconds: float
    """Wall time (s)."""
    params: dict = field(default_factory=dict)
    """The settings used."""

    def to_csv(self) -> str:
        """Accuracies and the device confusion matrix as CSV text."""
        lines = [f"# classes = {''.join(self.classes)}, chance = {self.chance:.4g}"]
        lines += [f"# {k} accuracy = {v:.6g}" for k, v in self.accuracy.items()]
        lines.append("true," + ",".join(f"pred_{c}" for c in self.classes))
        lines += [f"{c}," + ",".join(str(int(v)) for v in row)
                  for c, row in zip(self.classes, self.confusion["device"], strict=True)]
        return "\n".join(lines) + "\n"


def _classify(f_tr, y_tr, f_te, y_te, kind, epochs, seed, report):
    from ..networks import train_mlp

    mean = f_tr.mean(axis=0)
    scale = f_tr.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    hidden = () if kind == "softmax" else (32,)
    res = train_mlp((f_tr - mean) / scale, y_tr, hidden=hidden, lr=0.05, epochs=epochs,
                    batch_size=32, momentum=0.9, seed=seed,
                    callback=lambda e, n, _m: False if report(e, n) else None)
    pred = res.predict((f_te - mean) / scale)
    k = int(max(y_tr.max(), y_te.max()) + 1)
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (y_te, pred), 1)
    return float(np.mean(pred == y_te)), confusion


@takes_specs(TASK_SPECS, TRANSDUCER_SPECS[0])
def tactile_benchmark(
    *,
    classes: str = FROM_SPEC,
    n_per_class: int = FROM_SPEC,
    n_bins: int = FROM_SPEC,
    classifier: str = FROM_SPEC,
    epochs: int = FROM_SPEC,
    transducer: str = FROM_SPEC,
    device: SynapticTransistor | None = None,
    seed: int = 0,
    callback: Callback | None = None,
    **kwargs: Any,
) -> TactileResult:
    """Recognise braille letters from device EPSCs and, as the baseline, from raw pressure.

    ``n_per_class`` training and as many test sweeps are drawn per letter (different
    random jitter and noise).  ``kwargs`` go to :func:`braille_pressure` (``speed``,
    ``noise``, ``jitter``...) and :func:`afferent_response` (``i_rest``, ``v_spike``...).
    The same classifier, epochs and seed are used for both feature sets.
    """
    t0 = time.perf_counter()
    p = dict(classes=classes, n_per_class=n_per_class, n_bins=n_bins, classifier=classifier,
             epochs=epochs)
    seed = as_seed(seed)
    sensor_keys = {s.name for s in (*BRAILLE_SPECS, *SENSOR_SPECS)}
    trans_keys = {s.name for s in TRANSDUCER_SPECS} - {"transducer"}
    unknown = set(kwargs) - sensor_keys - trans_keys - {"teng"}
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)} for tactile_benchmark; "
                         f"valid are {sorted(sensor_keys | trans_keys | {'teng'})}")
    letters = CLASS_SETS[p["classes"]]
    k = len(letters)
    labels = np.tile(np.arange(k), 2 * p["n_per_class"])
    sweep = braille_pressure([letters[i] for i in labels], seed=seed,
                             **{key: v for key, v in kwargs.items() if key in sensor_keys})
    total = 2 * p["epochs"] + 1
    stop = [False]
    _notify(callback, 0, total, {"stage": "sensors"})
    resp = afferent_response(sweep, transducer=transducer, device=device,
                             **{key: v for key, v in kwargs.items()
                                if key in trans_keys or key == "teng"})
    stop[0] = _notify(callback, 1, total, {"stage": "devices"})
    f_dev = bin_features(resp.epsc, p["n_bins"])
    f_raw = bin_features(sweep.pressure, p["n_bins"])
    n_tr = k * p["n_per_class"]
    y_tr, y_te = labels[:n_tr], labels[n_tr:]

    def stage(offset: int) -> Callable[[int, int], bool]:
        def report(epoch: int, _n: int) -> bool:
            if epoch % 10 == 0 or epoch == p["epochs"]:
                stop[0] = stop[0] or _notify(callback, 1 + offset + epoch, total, {})
            return stop[0]
        return report

    acc_dev, conf_dev = _classify(f_dev[:n_tr], y_tr, f_dev[n_tr:], y_te, p["classifier"],
                                  p["epochs"], seed, stage(0))
    acc_raw, conf_raw = _classify(f_raw[:n_tr], y_tr, f_raw[n_tr:], y_te, p["classifier"],
                                  p["epochs"], seed, stage(p["epochs"]))
    spikes = float(resp.spike_counts.mean())
    return TactileResult(
        accuracy={"device": acc_dev, "pressure": acc_raw}, chance=1.0 / k, classes=letters,
        confusion={"device": conf_dev, "pressure": conf_raw}, n_train=n_tr,
        n_test=labels.size - n_tr, mean_spikes=spikes, seconds=time.perf_counter() - t0,
        params=dict(p, transducer=transducer, seed=seed, **kwargs),
    )


@dataclass(frozen=True, eq=False)
class NoiseSweep:
    """Accuracy against sensor noise."""

    noise: np.ndarray
    """Sensor-noise levels."""
    device: np.ndarray
    """Accuracy from device features."""
    pressure: np.ndarray
    """Accuracy from raw pressure."""
    chance: float
    """Chance level."""
    seconds: float
    """Wall time (s)."""
    cancelled: bool = False
    """Whether the callback stopped the sweep before its last level."""

    def to_csv(self) -> str:
        """The sweep as CSV text."""
        lines = [f"# chance = {self.chance:.4g}", "noise,device_accuracy,pressure_accuracy"]
        if self.cancelled:
            lines.insert(1, "# stopped early: the levels reached")
        lines += [f"{n:.6g},{d:.6g},{p:.6g}" for n, d, p in
                  zip(self.noise, self.device, self.pressure, strict=True)]
        return "\n".join(lines) + "\n"


def accuracy_vs_noise(
    noises: Sequence[float] = (0.0, 0.2, 0.5, 1.0),
    *,
    callback: Callback | None = None,
    executor: Any = None,
    **kwargs: Any,
) -> NoiseSweep:
    """:func:`tactile_benchmark` at several sensor-noise levels (other settings fixed).

    ``callback(step, total, metrics)`` after each level; returning ``False`` stops.
    ``executor`` (None, a ``concurrent.futures`` executor or a ``dask.distributed.Client``)
    runs the levels (:func:`neuroexplore.sweeps.run_grid`); the result does not depend
    on it.
    """
    t0 = time.perf_counter()
    levels = [float(SENSOR_SPECS[1].validate(v)) for v in noises]
    if not levels:
        raise ValueError("noises must list at least one noise level")
    kwargs.pop("noise", None)
    seed = as_seed(kwargs.pop("seed", 0))
    run = run_grid(partial(_noise_task, kwargs=kwargs), {"noise": levels}, [seed], executor,
                   progress=callback,
                   metrics=lambda point, _s, r: {**point, "device": r["device"],
                                                 "pressure": r["pressure"]})
    rows = [(point["noise"], r) for _k, point, _s, r in run.finished()]
    done = [level for level, _ in rows]
    dev = [r["device"] for _, r in rows]
    raw = [r["pressure"] for _, r in rows]
    chance = rows[-1][1]["chance"] if rows else np.nan
    return NoiseSweep(noise=np.array(done), device=np.array(dev), pressure=np.array(raw),
                      chance=float(chance), seconds=time.perf_counter() - t0,
                      cancelled=run.cancelled)


def _noise_task(noise: float, seed: int, *, kwargs: dict[str, Any]) -> dict[str, float]:
    """One level of :func:`accuracy_vs_noise` (a picklable sweep task)."""
    r = tactile_benchmark(noise=noise, seed=seed, **kwargs)
    return {"device": r.accuracy["device"], "pressure": r.accuracy["pressure"],
            "chance": r.chance}
