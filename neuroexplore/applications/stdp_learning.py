r"""Unsupervised STDP learning of digit prototypes with device synapses.

A reduced version of Diehl & Cook, *Unsupervised learning of digit recognition using
spike-timing-dependent plasticity*, Front. Comput. Neurosci. **9**:99 (2015), run on
scikit-learn's 8x8 digits (:func:`neuroexplore.datasets.load_digits`) with every
input synapse realised by a pulse-programmed device of :mod:`neuroexplore.devices`
(review chapter 6, unsupervised learning with device synapses; see also Querlioz
*et al.*, IEEE Trans. Nanotechnol. **12**:288, 2013, for the same network on memristors).

Network (units: mV, ms, Hz; conductances in units of the leak conductance)
-----------------------------------------------------------------------------
* **Input.** 64 Poisson neurons, pixel intensity :math:`I_i \in [0, 1]` -> rate
  :math:`r_i = I_i\,r_{max}` for ``t_present`` ms (D&C: 350 ms, 63.75 Hz for a white
  MNIST pixel).  With fewer than ``min_spikes`` output spikes the digit is shown again
  with :math:`r_{max}` raised by ``rate_boost`` (D&C: 5 spikes, +32 Hz; STDP and
  the threshold adapt during every repeat).  The state is reset between digits (D&C's
  150 ms rest ``t_rest``, during which only :math:`\theta` decays noticeably).
* **Excitatory LIF neurons** with conductance synapses (D&C eq. 1-3):

  .. math:: \tau_m \frac{dV}{dt} = (E_{rest} - V) + g_e (E_{exc} - V) + g_i (E_{inh} - V),
            \qquad \tau_e \dot g_e = -g_e,\ \tau_i \dot g_i = -g_i,

  a presynaptic spike of input :math:`i` raises :math:`g_e` of neuron :math:`j` by
  :math:`w_{ij}`.  Spike when :math:`V > V_{th} + \theta_j`; then :math:`V \leftarrow
  V_{reset}`, refractory ``t_ref``.
* **Adaptive threshold** (homeostasis): :math:`\theta_j \mathrel{+}= \theta_+` per
  spike, :math:`\tau_\theta \dot\theta = -\theta` (D&C: 0.05 mV, :math:`10^7` ms);
  frozen after learning.
* **Lateral inhibition.** D&C's inhibitory population (one inhibitory neuron per
  excitatory one, firing on each of its spikes, inhibiting all the others) is reduced
  to its effect: a spike of neuron :math:`j` raises :math:`g_i` of every other
  excitatory neuron by ``w_inh`` one step later (soft winner-take-all).
* **STDP** (pair rule with traces, Morrison, Diesmann & Gerstner, Biol. Cybern.
  98:459, 2008; D&C's "pre-and-post" rule): at a post spike :math:`\Delta w = A_+ x_{pre}`,
  at a pre spike :math:`\Delta w = -A_- y_{post}`, traces decaying with
  :math:`\tau_+`, :math:`\tau_-` and incremented by 1 (``"all_to_all"``) or reset to
  1 (``"nearest"``, as in D&C's code).  For one pair this is the window of
  :func:`neuroexplore.networks.stdp.stdp_window`.  Weights are held during a
  presentation and the summed update is written after it (the order of the online
  rule with weights frozen for 350 ms; :math:`\Delta t = 0` counts as depression).
* **Weight normalisation** (D&C): after each digit the weights onto each neuron are
  clipped to :math:`[0, w_{max}]` and scaled to sum to ``w_sum``.

Device synapses
---------------
Each weight is one device, :math:`w = w_{max}(G - G_{min})/(G_{max} - G_{min})`.  A
requested change :math:`\Delta w` is written as :math:`n` identical pulses,
:math:`n = \mathrm{round_{stoch}}(P\,\Delta w / w_{max})` with :math:`P` the device's
``states_ltp`` (``states_ltd`` for depression) and unbiased stochastic rounding
(the nominal linear step; open-loop programming as in MLP NeuroSim, Chen, Peng & Yu,
IEEE TCAD 37:3067, 2018; :func:`neuroexplore.devices.weight_change_to_pulses`).  The
device moves along its own nonlinear curve with its cycle-to-cycle noise
(:meth:`neuroexplore.devices.PulseDevice.apply_pulses`) and
optional device-to-device variation (``d2d_sigma``: per-device ``G_min``, ``G_max`` and
nonlinearity), so the learned weights feel the published presets' finite states,
nonlinearity and noise.  Weights are read with the nominal range; a device below the
nominal ``G_min`` reads as weight 0.  ``device="float"`` is the
software baseline: the same network with float weights.

Read-out (D&C)
--------------
After learning (thresholds frozen), each neuron is labelled with the class for which
its average spike count over the labelling digits (the training digits) is highest;
a held-out digit is assigned the class whose neurons spike most on average.
Chance level is 10 %.  A second software baseline, :func:`kmeans_baseline`, labels
``n_neurons`` k-means prototypes (scikit-learn) the same way.

Reduction and scaled parameters
-------------------------------
D&C present 60,000 MNIST digits (784 pixels) to 100-6,400 neurons; here a few hundred
8x8 digits meet 20-100 neurons, about 100 times fewer presentations per neuron.  The
membrane, synapse, inhibition and normalisation constants are D&C's; these are scaled
and stated: white-pixel rate 120 Hz (an 8x8 digit has ~20 pixel-equivalents of ink
against ~100 in MNIST, so the rate is raised to keep ~5-10 output spikes per digit),
``w_sum = 15`` (mean weight 0.23 instead of 0.1), ``theta_plus = 0.2`` mV,
``tau_theta = 3e5`` ms (the threshold equilibrates within a short run) and
``A_plus = 0.03`` (D&C's ``nu_post = 0.01``); ``A_minus = 1e-4`` is D&C's
``nu_pre``.  These were chosen on a validation split of the training digits (never
the test digits).  Measured on the held-out 450 digits (seed 0): 30 neurons after 400
digits, float weights 72 %, Ag:a-Si devices 46 %, k-means (30) 90 %; 100 neurons
after 2 x 1,347 digits, float 86 %, HZO FeFET 80 %, k-means (100) 98 %
(D&C: 82.9 % on MNIST with 100 neurons).

Integration: exact exponential decay of the conductances; the membrane uses each
step's mean conductance :math:`\bar g = g\,\tau (1 - e^{-dt/\tau})/dt` in the exact
solution for constant conductance (exponential Euler, stable for any ``dt``).

Examples
--------
>>> res = train_stdp_network(n_neurons=10, n_train=20, n_test=20, t_present=100.0,
...                          device="float", seed=0)
>>> res.weights.shape, res.labels.shape
((64, 10), (10,))
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numba import njit
from scipy.signal import lfilter

from ..datasets import Dataset, load_digits
from ..devices import PulseDevice, presets
from ..devices.presets import resolve_device
from ..devices.weight_updates import nominal_pulse_count, weight_change_to_pulses
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs, validate_params
from ..progress import Callback, notify

__all__ = [
    "STDP_LEARNING_SPECS",
    "SIZE_SPEC",
    "SIZES",
    "device_choices",
    "StdpLearningResult",
    "train_stdp_network",
    "stdp_weight_update",
    "program_weight_change",
    "weights_to_conductance",
    "conductance_to_weights",
    "assign_labels",
    "classify_responses",
    "network_responses",
    "kmeans_baseline",
    "compare_with_baselines",
    "expected_weight_change",
    "device_stdp_window",
    "initial_weights",
    "Presentation",
    "simulate_presentation",
    "present_digit",
]

FLOAT = "float"


def device_choices() -> tuple[str, ...]:
    """``"float"`` (software baseline) followed by the device presets."""
    return (FLOAT, *presets())


#: Every tunable parameter (widgets build sliders from these; the engine validates).
STDP_LEARNING_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("device", "Ag:a-Si", device_choices(),
               doc="synaptic device preset ('float' = software weights)"),
    ParamSpec("n_neurons", 30, 2, 400, integer=True, unit="neurons",
              doc="excitatory neurons (learned prototypes)"),
    ParamSpec("n_train", 400, 10, 1347, integer=True, unit="digits",
              doc="training digits presented per epoch"),
    ParamSpec("epochs", 1, 1, 20, integer=True, doc="passes over the training digits"),
    ParamSpec("n_test", 450, 10, 450, integer=True, unit="digits", doc="held-out test digits"),
    ParamSpec("d2d_sigma", 0.0, 0.0, 0.5, step=0.01,
              doc="device-to-device relative spread of G_min, G_max and nonlinearity"),
    ParamSpec("input_rate", 120.0, 10.0, 2000.0, step=5.0, unit="Hz",
              doc="Poisson rate of a white pixel"),
    ParamSpec("t_present", 350.0, 20.0, 1000.0, step=10.0, unit="ms",
              doc="presentation time per digit"),
    ParamSpec("dt", 0.5, 0.05, 2.0, step=0.05, unit="ms", doc="time step"),
    ParamSpec("tau_m", 100.0, 5.0, 500.0, step=1.0, unit="ms", doc="membrane time constant"),
    ParamSpec("E_rest", -65.0, -90.0, -40.0, step=0.5, unit="mV", doc="resting potential"),
    ParamSpec("E_exc", 0.0, -20.0, 20.0, step=0.5, unit="mV", doc="excitatory reversal"),
    ParamSpec("E_inh", -100.0, -120.0, -60.0, step=0.5, unit="mV", doc="inhibitory reversal"),
    ParamSpec("V_th", -52.0, -70.0, -20.0, step=0.5, unit="mV", doc="base threshold"),
    ParamSpec("V_reset", -65.0, -90.0, -40.0, step=0.5, unit="mV", doc="reset potential"),
    ParamSpec("t_ref", 5.0, 0.0, 50.0, step=0.5, unit="ms", doc="refractory period"),
    ParamSpec("tau_e", 1.0, 0.1, 20.0, step=0.1, unit="ms", doc="excitatory conductance decay"),
    ParamSpec("tau_i", 2.0, 0.1, 20.0, step=0.1, unit="ms", doc="inhibitory conductance decay"),
    ParamSpec("w_inh", 17.0, 0.0, 100.0, step=0.5,
              doc="lateral inhibitory conductance per spike (leak units)"),
    ParamSpec("theta_plus", 0.2, 0.0, 5.0, step=0.01, unit="mV",
              doc="threshold increase per spike"),
    ParamSpec("tau_theta", 3e5, 1e3, 1e9, log=True, unit="ms", doc="threshold decay time"),
    ParamSpec("t_rest", 150.0, 0.0, 1000.0, step=10.0, unit="ms",
              doc="rest between digits (the state relaxes; theta decays)"),
    ParamSpec("A_plus", 0.03, 0.0, 0.1, step=1e-3,
              doc="potentiation per pre trace at a post spike"),
    ParamSpec("A_minus", 1e-4, 0.0, 0.1, step=1e-4,
              doc="depression per post trace at a pre spike"),
    ParamSpec("tau_plus", 20.0, 1.0, 200.0, step=0.5, unit="ms", doc="pre trace time constant"),
    ParamSpec("tau_minus", 20.0, 1.0, 200.0, step=0.5, unit="ms", doc="post trace time constant"),
    ChoiceSpec("pairing", "nearest", ("nearest", "all_to_all"),
               doc="trace increment: reset to 1 (D&C) or +1"),
    ParamSpec("w_max", 1.0, 0.01, 10.0, step=0.01, doc="maximum weight (= G_max)"),
    ParamSpec("w_sum", 15.0, 0.1, 100.0, step=0.1,
              doc="sum of the 64 input weights onto each neuron after normalisation"),
    ParamSpec("w_init", 0.3, 0.0, 1.0, step=0.01,
              doc="initial weights uniform in [0, w_init * w_max]"),
    ParamSpec("min_spikes", 5, 0, 50, integer=True, doc="spikes needed, else the digit repeats"),
    ParamSpec("rate_boost", 32.0, 0.0, 500.0, step=1.0, unit="Hz",
              doc="rate increase of a repeated presentation"),
    ParamSpec("max_repeats", 5, 0, 20, integer=True, doc="repeats allowed per digit"),
)
_SPECS = {s.name: s for s in STDP_LEARNING_SPECS}

#: Run sizes: "default" fits a live session; "full" reproduces the stronger figure.
SIZE_SPEC = ChoiceSpec("size", "default", ("default", "full"),
                       doc="run size: default (~10 s) or full (the stronger figure, ~1 min)")
SIZES: dict[str, dict[str, int]] = {
    "default": {"n_neurons": 30, "n_train": 400, "epochs": 1, "n_test": 450},
    "full": {"n_neurons": 100, "n_train": 1347, "epochs": 2, "n_test": 450},
}


# ------------------------------------------------------------------- utilities
def weights_to_conductance(w: np.ndarray, device: PulseDevice, w_max: float) -> np.ndarray:
    """``G = G_min + (G_max - G_min) w / w_max`` (S), nominal device range."""
    return device.g_min + (device.g_max - device.g_min) * np.asarray(w, dtype=float) / w_max


def conductance_to_weights(g: np.ndarray, device: PulseDevice, w_max: float) -> np.ndarray:
    """``w = w_max (G - G_min)/(G_max - G_min)`` with the nominal range (a read-out)."""
    return w_max * (np.asarray(g, dtype=float) - device.g_min) / (device.g_max - device.g_min)


def program_weight_change(
    g: np.ndarray,
    dw: np.ndarray,
    device: PulseDevice,
    *,
    w_max: float,
    rng: np.random.Generator,
    params: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Write requested weight changes ``dw`` into devices at conductances ``g`` (S).

    ``n = round_stoch(P dw / w_max)`` pulses (``P = states_ltp`` for ``dw > 0``,
    ``states_ltd`` for ``dw < 0``; :func:`neuroexplore.devices.weight_change_to_pulses`
    with stochastic rounding) are applied along the device's own curve with its
    cycle-to-cycle noise (``rng``) and, if given, per-device parameters ``params``
    from :meth:`PulseDevice.sample_d2d`.  The result lies in ``[G_min, G_max]``.

    Returns
    -------
    g_new : ndarray
        Conductances after the pulses (S).
    n : ndarray of int
        Signed pulse counts applied.
    """
    dw = np.asarray(dw, dtype=float)
    if not np.all(np.isfinite(dw)):
        raise ValueError("dw contains NaN or infinite weight changes")
    n = weight_change_to_pulses(dw, device, w_max=w_max, rounding="stochastic", rng=rng)
    return device.apply_pulses(g, n, rng=rng, params=params), n


def expected_weight_change(
    w: np.ndarray, dw: np.ndarray, device: PulseDevice, *, w_max: float = 1.0
) -> np.ndarray:
    """Mean realised weight change of :func:`program_weight_change` without c2c noise.

    Averages exactly over the stochastic rounding: with ``q = P dw / w_max``,
    ``(1 - f) step(floor q) + f step(floor q + 1)``, ``f = q - floor q``, each step
    taken along the device's curve from ``w``.  A linear device away from its bounds
    realises ``dw`` itself; a nonlinear one shrinks or stretches it with the state.
    """
    w, dw = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(dw, dtype=float))
    g = weights_to_conductance(w, device, w_max)
    q = nominal_pulse_count(dw * (device.g_max - device.g_min) / w_max, device)
    lo = np.floor(q)
    f = q - lo
    g_lo = device.apply_pulses(g, lo.astype(np.int64))
    g_hi = device.apply_pulses(g, lo.astype(np.int64) + 1)
    return conductance_to_weights((1.0 - f) * g_lo + f * g_hi, device, w_max) - w


def device_stdp_window(
    delta_t: np.ndarray,
    device: PulseDevice | str | None,
    *,
    w0: float = 0.5,
    pairs: int = 1,
    **params: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """The STDP window requested by the rule and the one a device realises.

    For each ``delta_t = t_post - t_pre`` (ms) the requested change of ``pairs``
    isolated pre/post pairs is ``pairs * W(delta_t)`` (the pair rule of
    :func:`neuroexplore.networks.stdp.pair_window` with this network's ``A_plus``,
    ``A_minus``, ``tau_plus``, ``tau_minus``: D&C declare both amplitudes, not their
    area ratio); the realised one is its mean programmed change from weight
    ``w0 * w_max`` (:func:`expected_weight_change`).

    Returns
    -------
    requested, realised : ndarray
        Weight changes (weight units).
    """
    from ..networks.stdp import pair_window

    p = validate_params(_SPECS, params, where="device_stdp_window")
    if not 0.0 <= w0 <= 1.0:
        raise ValueError(f"w0 = {w0} is outside its valid range [0, 1] (fraction of w_max)")
    if isinstance(pairs, bool) or not isinstance(pairs, (int, np.integer)) or pairs < 1:
        raise ValueError(f"pairs = {pairs!r} must be a positive integer")
    dt = np.asarray(delta_t, dtype=float)
    if not np.all(np.isfinite(dt)):
        raise ValueError("delta_t must be finite (ms)")
    requested = pairs * pair_window(dt, A_plus=p["A_plus"], A_minus=p["A_minus"],
                                    tau_plus=p["tau_plus"], tau_minus=p["tau_minus"])
    dev = resolve_device(device, allow_float=True)
    if dev is None:
        return requested, requested.copy()
    w_max = p["w_max"]
    return requested, expected_weight_change(np.full(dt.shape, w0 * w_max), requested, dev,
                                             w_max=w_max)


def initial_weights(
    n_neurons: int,
    *,
    seed: int | np.random.Generator | None = 0,
    n_inputs: int = 64,
    **params: Any,
) -> np.ndarray:
    """Random initial weights ``(n_inputs, n_neurons)``: uniform in ``[0, w_init w_max]``,
    then normalised (D&C).  ``train_stdp_network(seed=s)`` starts from
    ``initial_weights(n, seed=s)``."""
    p = validate_params(_SPECS, {**params, "n_neurons": n_neurons}, where="initial_weights")
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)) or n_inputs < 1:
        raise ValueError(f"n_inputs = {n_inputs!r} must be a positive integer")
    rng = np.random.default_rng(seed)
    w0 = rng.uniform(0.0, p["w_init"] * p["w_max"], (n_inputs, p["n_neurons"]))
    return _normalise(w0, p["w_sum"], p["w_max"])


def _traces(spikes: np.ndarray, decay: float, pairing: str) -> np.ndarray:
    """Trace value just after each step's spikes (spike rows ``(T, n)``, 0/1)."""
    s = np.asarray(spikes, dtype=float)
    if pairing == "all_to_all":
        return lfilter([1.0], [1.0, -decay], s, axis=0)
    steps = np.arange(s.shape[0], dtype=float)[:, None]
    last = np.maximum.accumulate(np.where(s > 0, steps, -np.inf), axis=0)
    with np.errstate(over="ignore"):
        return np.where(np.isfinite(last), decay ** (steps - last), 0.0)


def stdp_weight_update(
    pre: np.ndarray,
    post: np.ndarray,
    *,
    dt: float,
    A_plus: float,
    A_minus: float,
    tau_plus: float,
    tau_minus: float,
    pairing: str = "nearest",
) -> np.ndarray:
    """Summed pair-STDP change of every synapse from spike rasters on a ``dt`` grid.

    Parameters
    ----------
    pre : ndarray, shape (T, n_pre), 0/1
    post : ndarray, shape (T, n_post), 0/1
        Spikes per time step ``k`` (time ``k dt``, ms).
    dt, tau_plus, tau_minus : float
        ms.

    Returns
    -------
    ndarray, shape (n_pre, n_post)
        :math:`\\Delta W = A_+ X_{<}^T P - A_- S^T Y_{\\le}`: at a post spike, the pre
        trace of strictly earlier pre spikes; at a pre spike, the post trace including
        a simultaneous post spike (``dt = 0`` depresses).  Equals the online rule of
        :func:`neuroexplore.networks.stdp.stdp_online` summed with frozen weights.
    """
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    if pre.ndim != 2 or post.ndim != 2 or pre.shape[0] != post.shape[0]:
        raise ValueError(f"pre and post must be (T, n) rasters with the same T, got shapes "
                         f"{pre.shape} and {post.shape}")
    if pairing not in ("nearest", "all_to_all"):
        raise ValueError(f"pairing = {pairing!r} is not valid; expected 'nearest' or "
                         "'all_to_all'")
    dw = np.zeros((pre.shape[1], post.shape[1]))
    rows = np.flatnonzero(post.any(axis=1))  # steps with a post spike
    if rows.size == 0:
        return dw
    a_pre = math.exp(-dt / tau_plus)
    x_after = _traces(pre[: rows[-1]], a_pre, pairing)  # pre trace, strictly earlier spikes
    ok = rows > 0
    dw += A_plus * a_pre * (x_after[rows[ok] - 1].T @ post[rows[ok]])
    k0 = rows[0]  # the post trace is zero before the first post spike
    y_after = _traces(post[k0:], math.exp(-dt / tau_minus), pairing)
    dw -= A_minus * (pre[k0:].T @ y_after)
    return dw


def _normalise(w: np.ndarray, w_sum: float, w_max: float) -> np.ndarray:
    """Clip to ``[0, w_max]`` and scale each column to sum ``w_sum`` (D&C)."""
    w = np.clip(w, 0.0, w_max)
    col = w.sum(axis=0, keepdims=True)
    return np.where(col > 0, w * (w_sum / np.where(col > 0, col, 1.0)), w)


# ------------------------------------------------------------------ dynamics
@dataclass(frozen=True)
class _Net:
    dt: float
    steps: int
    tau_m: float
    E_rest: float
    E_exc: float
    E_inh: float
    V_th: float
    V_reset: float
    ref_steps: int
    tau_e: float
    tau_i: float
    w_inh: float
    theta_plus: float
    tau_theta: float


def _net(p: dict[str, Any]) -> _Net:
    if p["V_reset"] >= p["V_th"]:
        raise ValueError(f"V_reset = {p['V_reset']:g} mV must be below V_th = {p['V_th']:g} mV")
    if p["dt"] > p["t_present"]:
        raise ValueError(f"dt = {p['dt']:g} ms must not exceed t_present = {p['t_present']:g} ms")
    return _Net(
        dt=p["dt"], steps=int(round(p["t_present"] / p["dt"])), tau_m=p["tau_m"],
        E_rest=p["E_rest"], E_exc=p["E_exc"], E_inh=p["E_inh"], V_th=p["V_th"],
        V_reset=p["V_reset"], ref_steps=int(round(p["t_ref"] / p["dt"])), tau_e=p["tau_e"],
        tau_i=p["tau_i"], w_inh=p["w_inh"], theta_plus=p["theta_plus"],
        tau_theta=p["tau_theta"],
    )


@njit(cache=True)
def _kernel(pre, w, theta, dt, tau_m, e_rest, e_exc, e_inh, v_th, v_reset, ref_steps,
            tau_e, tau_i, w_inh, theta_plus, tau_theta, adapt, record, out,
            learn, a_pre, a_post, A_plus, A_minus, nearest,
            dw):  # pragma: no cover - compiled by numba
    """Time loop of one presentation for a batch (see :func:`_present`).

    With ``learn`` the pair-STDP change with frozen weights is summed into ``dw``
    event by event (the online trace rule; post spikes of a step before its pre
    spikes, so ``dt = 0`` depresses), as :func:`stdp_weight_update` computes it
    from the rasters.
    """
    steps, b_n, m = pre.shape
    n = w.shape[1]
    de = math.exp(-dt / tau_e)
    di = math.exp(-dt / tau_i)
    mean_e = tau_e * (1.0 - de) / dt  # step mean of a decaying exponential, per unit jump
    mean_i = tau_i * (1.0 - di) / dt
    d_theta = math.exp(-dt / tau_theta)
    counts = np.zeros((b_n, n))
    v = np.empty(n)
    ge = np.empty(n)
    gi = np.empty(n)
    ref = np.empty(n, dtype=np.int64)
    last = np.empty(n)
    x = np.empty(m)
    y = np.empty(n)
    for b in range(b_n):
        th = theta[b]
        v[:] = e_rest
        ge[:] = 0.0
        gi[:] = 0.0
        ref[:] = 0
        last[:] = 0.0
        x[:] = 0.0
        y[:] = 0.0
        fired = 0.0
        for k in range(steps):
            if learn:
                x *= a_pre
                y *= a_post
            for i in range(m):  # input spikes of this step
                if pre[k, b, i]:
                    for j in range(n):
                        ge[j] += w[i, j]
            now = 0.0
            for j in range(n):
                gi[j] += w_inh * (fired - last[j])  # the others' spikes of the last step
                g_e = ge[j] * mean_e
                g_i = gi[j] * mean_i
                g_tot = 1.0 + g_e + g_i
                spiked = False
                if ref[j] > 0:
                    v[j] = v_reset
                    ref[j] -= 1
                else:
                    v_inf = (e_rest + g_e * e_exc + g_i * e_inh) / g_tot
                    v[j] = v_inf + (v[j] - v_inf) * math.exp(-dt * g_tot / tau_m)
                    spiked = v[j] > v_th + th[j]
                if adapt:
                    th[j] *= d_theta
                last[j] = 0.0
                if spiked:
                    v[j] = v_reset
                    ref[j] = ref_steps
                    counts[b, j] += 1.0
                    last[j] = 1.0
                    now += 1.0
                    if adapt:
                        th[j] += theta_plus
                    if record:
                        out[k, j] = 1.0
                    if learn:
                        for i in range(m):
                            dw[i, j] += A_plus * x[i]
                        y[j] = 1.0 if nearest else y[j] + 1.0
                ge[j] *= de
                gi[j] *= di
            fired = now
            if learn:
                for i in range(m):
                    if pre[k, b, i]:
                        for j in range(n):
                            dw[i, j] -= A_minus * y[j]
                        x[i] = 1.0 if nearest else x[i] + 1.0
    return counts


@dataclass(frozen=True, eq=False)
class Presentation:
    """One presentation of input spikes to the network.

    Attributes
    ----------
    counts : ndarray, shape (B, N)
        Output spikes per digit and neuron.
    theta : ndarray, shape (B, N)
        Thresholds (mV) at the end (changed only with ``adapt``).
    pre : ndarray, shape (T, B, 64), bool
        Input spikes per time step.
    post : ndarray or None, shape (T, N)
        Output spikes per step of the first digit (with ``record``).
    dw : ndarray or None, shape (64, N)
        Summed STDP change with frozen weights (with ``stdp``), over the batch.
    dt : float
        Time step (ms).
    """

    counts: np.ndarray
    theta: np.ndarray
    pre: np.ndarray
    post: np.ndarray | None
    dw: np.ndarray | None
    dt: float


def _present(
    net: _Net,
    pre: np.ndarray,
    w: np.ndarray,
    theta: np.ndarray,
    *,
    adapt: bool,
    record: bool,
    stdp: dict[str, Any] | None = None,
) -> Presentation:
    """Run the numba time loop over explicit input spikes ``pre`` (T, B, 64)."""
    b, n = pre.shape[1], w.shape[1]
    th = np.ascontiguousarray(np.broadcast_to(theta, (b, n)), dtype=float).copy()
    out = np.zeros((pre.shape[0], n) if record else (1, n))
    learn = stdp is not None
    st = stdp or {"A_plus": 0.0, "A_minus": 0.0, "tau_plus": 1.0, "tau_minus": 1.0,
                  "pairing": "nearest"}
    dw = np.zeros(w.shape)
    counts = _kernel(np.ascontiguousarray(pre, dtype=np.bool_),
                     np.ascontiguousarray(w, dtype=float), th, net.dt, net.tau_m,
                     net.E_rest, net.E_exc, net.E_inh, net.V_th, net.V_reset, net.ref_steps,
                     net.tau_e, net.tau_i, net.w_inh, net.theta_plus, net.tau_theta,
                     adapt, record, out, learn, math.exp(-net.dt / st["tau_plus"]),
                     math.exp(-net.dt / st["tau_minus"]), st["A_plus"], st["A_minus"],
                     st["pairing"] == "nearest", dw)
    return Presentation(counts, th, pre, out if record else None, dw if learn else None,
                        net.dt)


def _poisson(net: _Net, rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Poisson input spikes (T, B, 64) for rates (B, 64) in Hz: P(spike) = r dt per step."""
    p_spike = np.clip(rates * (net.dt * 1e-3), 0.0, 1.0)
    return rng.random((net.steps, *p_spike.shape)) < p_spike


def _stdp_params(p: dict[str, Any]) -> dict[str, Any]:
    return {k: p[k] for k in ("A_plus", "A_minus", "tau_plus", "tau_minus", "pairing")}


def simulate_presentation(
    pre: np.ndarray,
    weights: np.ndarray,
    theta: np.ndarray | float = 0.0,
    *,
    adapt: bool = False,
    learn: bool = False,
    **params: Any,
) -> Presentation:
    """Drive the network with explicit input spikes.

    Parameters
    ----------
    pre : array_like of bool, shape (T, 64) or (T, B, 64)
        Input spikes per time step of ``dt`` (T steps; ``t_present`` is ignored).
    weights : ndarray, shape (64, N)
        Input weights (conductance jumps in leak units).
    theta : float or ndarray, shape (N,)
        Adaptive thresholds (mV) at the start.
    adapt : bool
        Let the thresholds adapt (learning) or keep them frozen (testing).
    learn : bool
        Return the summed STDP change ``dw``.
    **params
        Network parameters of :data:`STDP_LEARNING_SPECS`.

    Returns
    -------
    Presentation
        With the output raster of the first digit.
    """
    p = validate_params(_SPECS, params, where="simulate_presentation")
    w = np.asarray(weights, dtype=float)
    pre = np.asarray(pre, dtype=bool)
    if pre.ndim == 2:
        pre = pre[:, None, :]
    if pre.ndim != 3 or w.ndim != 2 or pre.shape[2] != w.shape[0] or pre.shape[0] < 1:
        raise ValueError(f"pre must be (T, {w.shape[0] if w.ndim == 2 else 'n_in'}) or "
                         f"(T, B, n_in) spikes matching weights (n_in, N); got shapes "
                         f"{pre.shape} and {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative (conductances)")
    theta = np.broadcast_to(np.asarray(theta, dtype=float), (w.shape[1],))
    if not np.all(np.isfinite(theta)):
        raise ValueError("theta must be finite (mV)")
    net = _net({**p, "t_present": max(p["t_present"], p["dt"])})
    return _present(net, pre, w, theta, adapt=adapt, record=True,
                    stdp=_stdp_params(p) if learn else None)


def present_digit(
    image: np.ndarray,
    weights: np.ndarray,
    theta: np.ndarray | float = 0.0,
    *,
    seed: int | None = 0,
    **params: Any,
) -> Presentation:
    """Show one image (pixels in [0, 1]) as Poisson spikes for ``t_present`` ms.

    Thresholds are frozen; returns the input and output rasters (handy for a plot).
    """
    p = validate_params(_SPECS, params, where="present_digit")
    x = np.asarray(image, dtype=float).ravel()
    if not np.all(np.isfinite(x)) or np.any((x < 0) | (x > 1)):
        raise ValueError("image pixels must lie in [0, 1]")
    net = _net(p)
    pre = _poisson(net, x[None] * p["input_rate"], np.random.default_rng(seed))
    theta = np.broadcast_to(np.asarray(theta, dtype=float), (np.shape(weights)[1],))
    return _present(net, pre, np.asarray(weights, dtype=float), theta, adapt=False,
                    record=True)


def network_responses(
    weights: np.ndarray,
    theta: np.ndarray,
    x: np.ndarray,
    *,
    seed: int | None = 0,
    batch: int = 128,
    **params: Any,
) -> np.ndarray:
    """Spike counts ``(n_digits, N)`` of the trained network (thresholds frozen).

    Digits with fewer than ``min_spikes`` total spikes are shown again with the rate
    raised by ``rate_boost`` (up to ``max_repeats`` times), as during learning.
    """
    p = validate_params(_SPECS, params, where="network_responses")
    net = _net(p)
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=float)
    counts = np.zeros((x.shape[0], weights.shape[1]))
    for start in range(0, x.shape[0], batch):
        xs = x[start:start + batch]
        todo = np.arange(xs.shape[0])
        rate = np.full(xs.shape[0], p["input_rate"])
        for rep in range(p["max_repeats"] + 1):
            c = _present(net, _poisson(net, xs[todo] * rate[todo, None], rng), weights, theta,
                         adapt=False, record=False).counts
            counts[start + todo] = c
            low = c.sum(axis=1) < p["min_spikes"]
            if not low.any() or rep == p["max_repeats"]:
                break
            todo = todo[low]
            rate[todo] += p["rate_boost"]
    return counts


def assign_labels(counts: np.ndarray, y: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Each neuron's class: highest average spike count over that class's digits (D&C).

    ``counts`` is ``(n_digits, N)``; returns ``(N,)`` labels (``-1`` for a neuron that
    never spiked).
    """
    counts = np.asarray(counts, dtype=float)
    y = np.asarray(y)
    onehot = (y[:, None] == np.arange(n_classes)).astype(float)
    per_class = onehot.T @ counts / np.maximum(onehot.sum(axis=0), 1.0)[:, None]  # (C, N)
    labels = per_class.argmax(axis=0)
    return np.where(counts.sum(axis=0) > 0, labels, -1)


def classify_responses(counts: np.ndarray, labels: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Predicted class: the class whose labelled neurons have the highest mean count.

    Classes without neurons are never predicted; a digit with no spikes gets class -1.
    """
    counts = np.asarray(counts, dtype=float)
    onehot = (np.asarray(labels)[:, None] == np.arange(n_classes)).astype(float)  # (N, C)
    n_per = onehot.sum(axis=0)
    mean = np.where(n_per > 0, counts @ onehot / np.maximum(n_per, 1.0), -np.inf)
    pred = mean.argmax(axis=1)
    return np.where(counts.sum(axis=1) > 0, pred, -1)


# -------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class StdpLearningResult:
    """Outcome of :func:`train_stdp_network`.

    Attributes
    ----------
    weights : ndarray, shape (64, N)
        Learned weights (read from the device conductances with the nominal range).
    conductances : ndarray or None, shape (64, N)
        Device conductances (S); ``None`` for ``device="float"``.
    theta : ndarray, shape (N,)
        Adaptive thresholds (mV) after learning.
    labels : ndarray, shape (N,)
        Class assigned to each neuron (``-1``: never spiked).
    accuracy : float
        Fraction of held-out test digits classified correctly.
    train_accuracy : float
        The same on the labelling (training) digits.
    predictions, y_test : ndarray
        Predicted and true classes of the test digits.
    confusion : ndarray, shape (10, 10)
        Rows: true class, columns: predicted (a digit with no spikes is not counted).
    spikes_per_digit : ndarray
        Output spikes of each training presentation (last repetition).
    pulses : int
        Programming pulses applied in total (0 for float weights).
    device : str
    params : dict
        Every parameter used.
    image_shape : tuple[int, int]
    elapsed : float
        Wall time (s).
    cancelled : bool
        Whether the callback stopped the run early.
    """

    weights: np.ndarray
    conductances: np.ndarray | None
    theta: np.ndarray
    labels: np.ndarray
    accuracy: float
    train_accuracy: float
    predictions: np.ndarray
    y_test: np.ndarray
    confusion: np.ndarray
    spikes_per_digit: np.ndarray
    pulses: int
    device: str
    params: dict = field(default_factory=dict)
    image_shape: tuple[int, int] = (8, 8)
    elapsed: float = 0.0
    cancelled: bool = False

    @property
    def chance(self) -> float:
        """Chance accuracy (1 / number of classes)."""
        return 0.1

    def receptive_fields(self) -> np.ndarray:
        """Weights as images, shape ``(N, 8, 8)``."""
        return self.weights.T.reshape(-1, *self.image_shape)

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per neuron (label, threshold, weights) for CSV export."""
        rows = []
        for j in range(self.weights.shape[1]):
            row: dict[str, Any] = {"neuron": j, "label": int(self.labels[j]),
                                   "theta_mV": float(self.theta[j])}
            row.update({f"w{i}": float(v) for i, v in enumerate(self.weights[:, j])})
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        """The learned network as CSV text (one line per neuron)."""
        rows = self.to_rows()
        keys = list(rows[0])
        lines = [",".join(keys)]
        lines += [",".join(f"{r[k]:.6g}" if isinstance(r[k], float) else str(r[k])
                           for k in keys) for r in rows]
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ training
def train_stdp_network(
    *,
    seed: int | None = 0,
    dataset: Dataset | None = None,
    callback: Callback | None = None,
    **params: Any,
) -> StdpLearningResult:
    """Train the reduced Diehl & Cook network on digits; label and test it.

    Parameters
    ----------
    seed : int or None
        Seeds the weights, the Poisson inputs, the device noise and the digit order.
    dataset : Dataset, optional
        Defaults to :func:`neuroexplore.datasets.load_digits` (seed 0 split).
    callback : callable, optional
        ``callback(step, total, metrics)`` after each training digit (metrics:
        ``digit``, ``epoch``, ``spikes``, ``pulses``); returning ``False`` stops
        learning early (the network is then labelled and tested as it is).
    **params
        Any of :data:`STDP_LEARNING_SPECS` (see the module docstring).

    Returns
    -------
    StdpLearningResult
    """
    t0 = time.perf_counter()
    p = validate_params(_SPECS, params, where="train_stdp_network")
    net = _net(p)
    ds = load_digits() if dataset is None else dataset
    n_train = min(p["n_train"], ds.x_train.shape[0])
    n_test = min(p["n_test"], ds.x_test.shape[0])
    n_in, n = ds.x_train.shape[1], p["n_neurons"]
    rng = np.random.default_rng(seed)
    device = resolve_device(p["device"], allow_float=True)
    if device is not None and p["d2d_sigma"] > 0:
        device = device.with_params(d2d_sigma=p["d2d_sigma"])
    w_max = p["w_max"]
    w = initial_weights(n, seed=rng, n_inputs=n_in,
                        **{k: p[k] for k in ("w_init", "w_max", "w_sum")})
    g = d2d = None
    if device is not None:
        d2d = device.sample_d2d((n_in, n), rng) if device.d2d_sigma > 0 else None
        g, _ = program_weight_change(np.full((n_in, n), device.g_min), w, device,
                                     w_max=w_max, rng=rng, params=d2d)
        w = np.maximum(conductance_to_weights(g, device, w_max), 0.0)
    theta = np.zeros(n)
    x_train, y_train = ds.x_train[:n_train], ds.y_train[:n_train]
    total = n_train * p["epochs"]
    spikes = np.zeros(total)
    pulses = 0
    cancelled = False
    stdp = _stdp_params(p)
    step = 0
    for epoch in range(p["epochs"]):
        for idx in rng.permutation(n_train):
            rate = p["input_rate"]
            dw = np.zeros_like(w)
            for _rep in range(p["max_repeats"] + 1):  # STDP acts during every repeat
                pres = _present(net, _poisson(net, x_train[idx][None] * rate, rng), w, theta,
                                adapt=True, record=False, stdp=stdp)
                c = pres.counts
                theta = pres.theta[0] * math.exp(-p["t_rest"] / p["tau_theta"])  # and at rest
                dw += pres.dw
                if c.sum() >= p["min_spikes"]:
                    break
                rate += p["rate_boost"]
            spikes[step] = c.sum()
            target = _normalise(w + dw, p["w_sum"], w_max)
            if device is None:
                w = target
            else:
                g, npulse = program_weight_change(g, target - w, device, w_max=w_max,
                                                  rng=rng, params=d2d)
                pulses += int(np.abs(npulse).sum())
                w = np.maximum(conductance_to_weights(g, device, w_max), 0.0)
            step += 1
            metrics = {"digit": step, "epoch": epoch + 1, "spikes": float(c.sum()),
                       "pulses": pulses}
            if notify(callback, step, total, metrics):
                cancelled = True
                break
        if cancelled:
            break
    eval_params = {k: p[k] for k in _SPECS if k != "device"}
    c_train = network_responses(w, theta, x_train, seed=None if seed is None else seed + 1,
                                **eval_params)
    labels = assign_labels(c_train, y_train)
    c_test = network_responses(w, theta, ds.x_test[:n_test],
                               seed=None if seed is None else seed + 2, **eval_params)
    pred = classify_responses(c_test, labels)
    y_test = ds.y_test[:n_test]
    conf = np.zeros((10, 10), dtype=int)
    ok = pred >= 0
    np.add.at(conf, (y_test[ok], pred[ok]), 1)
    return StdpLearningResult(
        weights=w,
        conductances=g,
        theta=theta,
        labels=labels,
        accuracy=float(np.mean(pred == y_test)),
        train_accuracy=float(np.mean(classify_responses(c_train, labels) == y_train)),
        predictions=pred,
        y_test=y_test,
        confusion=conf,
        spikes_per_digit=spikes[:step],
        pulses=pulses,
        device=p["device"],
        params=p,
        image_shape=ds.image_shape,
        elapsed=time.perf_counter() - t0,
        cancelled=cancelled,
    )


# ----------------------------------------------------------------- baselines
@takes_specs(tuple(_SPECS[k] for k in ("n_neurons", "n_train", "n_test")))
def kmeans_baseline(
    n_neurons: int = FROM_SPEC, n_train: int = FROM_SPEC, n_test: int = FROM_SPEC, *,
    seed: int | None = 0, dataset: Dataset | None = None,
) -> float:
    """Test accuracy of ``n_neurons`` k-means prototypes labelled like the network.

    k-means (scikit-learn, k-means++ init, 10 restarts) on the same training digits;
    each centroid takes the majority class of its training members and a test digit
    the class of its nearest centroid -- the non-spiking counterpart of D&C's
    competitive learning with the same number of prototypes.
    """
    from sklearn.cluster import KMeans

    p = dict(n_neurons=n_neurons, n_train=n_train, n_test=n_test)
    ds = load_digits() if dataset is None else dataset
    x, y = ds.x_train[: p["n_train"]], ds.y_train[: p["n_train"]]
    k = min(p["n_neurons"], x.shape[0])
    km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
    lab = np.array([np.bincount(y[km.labels_ == c], minlength=10).argmax()
                    if np.any(km.labels_ == c) else -1 for c in range(k)])
    xt, yt = ds.x_test[: p["n_test"]], ds.y_test[: p["n_test"]]
    return float(np.mean(lab[km.predict(xt)] == yt))


def compare_with_baselines(
    *, seed: int | None = 0, callback: Callback | None = None, **params: Any
) -> dict[str, Any]:
    """Train with the chosen device and with float weights; add the k-means baseline.

    Returns ``{"device": StdpLearningResult, "float": StdpLearningResult,
    "kmeans": float, "chance": 0.1}``.  ``callback(step, total, metrics)`` counts the
    digits of both runs together; when it stops a run (returns ``False``), that run is
    returned as far as it got (``cancelled=True``), the float run is skipped if it had
    not started (``"float": None``) and ``"kmeans"`` is NaN.
    """
    p = validate_params(_SPECS, params, where="compare_with_baselines")
    per_run = p["n_train"] * p["epochs"]
    runs: dict[str, Any] = {}
    for i, name in enumerate((p["device"], FLOAT)):
        key = "device" if i == 0 else "float"

        def cb(step: int, _total: int, metrics: dict, _i: int = i, _key: str = key) -> bool:
            return not notify(callback, _i * per_run + step, 2 * per_run,
                              {**metrics, "run": _key})

        runs[key] = train_stdp_network(seed=seed, callback=cb, **{**p, "device": name})
        if runs[key].cancelled:
            break
    runs.setdefault("float", None)
    stopped = any(r is not None and r.cancelled for r in (runs["device"], runs["float"]))
    runs["kmeans"] = (float("nan") if stopped else
                      kmeans_baseline(p["n_neurons"], p["n_train"], p["n_test"], seed=seed))
    runs["chance"] = 0.1
    return runs
