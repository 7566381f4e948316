r"""Auto-checked exercises of chapter 6, *Applications assisted by machine learning*.

Chapter 6 is taught in three sessions (``notebooks/06a_*``, ``06b_*``, ``06c_*``).  Each
check computes its reference when it is called, from the engines (device presets and
curves, the volatile memristor, the tactile pipeline's defaults, the STDP network's
rule, the Hopfield theory), and returns a
:class:`~neuroexplore.exercises.feedback.Feedback`; it never raises on the answer and
never shows the reference while the answer is wrong.  Exercise 6.7 (the Q-learning
update, a function the student writes) is checked in :mod:`.coding`.

1. :func:`check_programming_noise` -- ex-situ programming from :math:`G_\min` to the
   middle of the range with identical pulses along the device's own curve: the
   reachable level nearest the target takes :math:`k` pulses, and the programming
   error has standard deviation :math:`\sigma_\text{c2c}\sqrt{k}` of
   :math:`G_\max - G_\min` (MLP NeuroSim; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018).
2. :func:`check_lost_update` -- NeuroSim's in-situ protocol sends
   :math:`n = \mathrm{round}(\Delta w\,P/2)` pulses (half away from zero) for a change
   of the algorithm weight :math:`W_A\in(-1, 1)`: the smallest :math:`|\Delta w|` that
   moves the device at all (:func:`neuroexplore.devices.neurosim_weight_change_to_pulses`).
3. :func:`check_volatile_state` -- the state :math:`w` of the WOx dynamic memristor
   (Chang, Jo & Lu, ACS Nano 5:7669, 2011; Du *et al.*, Nat. Commun. 8:2204, 2017)
   at the end of a burst of identical pulses, integrated exactly
   (:func:`neuroexplore.devices.volatile_memristor.drive_pulses`).
4. :func:`check_afferent_threshold` -- the smallest pressure at which the braille
   pipeline's afferent LIF neuron fires: :math:`R\,(I_\text{rest} + I_\text{gain}\,p)
   = V_\text{th} - E_L` (Kim *et al.*, Science 360:998, 2018).
5. :func:`check_stdp_pulses` -- the mean number of programming pulses one isolated
   pre-before-post pair asks of a device synapse: :math:`\Delta w =
   A_+e^{-\Delta t/\tau_+}`, :math:`n = P\,\Delta w/w_\max` (stochastic rounding is right
   on average; Diehl & Cook, Front. Comput. Neurosci. 9:99, 2015; Querlioz *et al.*,
   IEEE Trans. Nanotechnol. 12:288, 2013).
6. :func:`check_bit_error` -- the probability that one update flips a bit of a stored
   Hopfield pattern, in the large-:math:`N` Gaussian estimate
   :math:`\Phi(-1/\sqrt{\alpha})`, :math:`\alpha = P/N` (Hertz, Krogh & Palmer 1991,
   eq. 2.13).

Examples
--------
>>> bool(check_lost_update(1 / 32)), bool(check_lost_update(None))
(True, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .feedback import Feedback, check_number

__all__ = [
    "NOISE_DEVICE",
    "THRESHOLD_DEVICE",
    "BURST",
    "STDP_DEVICE",
    "STDP_DELTA_T",
    "HOPFIELD_SIZE",
    "programming_noise",
    "lost_update_threshold",
    "volatile_state",
    "afferent_threshold",
    "stdp_pulses",
    "bit_error",
    "check_programming_noise",
    "check_lost_update",
    "check_volatile_state",
    "check_afferent_threshold",
    "check_stdp_pulses",
    "check_bit_error",
]

#: Device of exercise 6.1 (programmed ex situ to mid-range).
NOISE_DEVICE = "Ag:a-Si"
#: Device of exercise 6.2 (trained in situ with the NeuroSim protocol).
THRESHOLD_DEVICE = "HZO FeFET"
#: The burst of exercise 6.3: amplitudes (V), pulse width and onset-to-onset interval (s).
BURST: dict[str, Any] = {"voltages": (2.0,) * 5, "pulse_width": 1e-3, "interval": 5e-3}
#: Device and pair timing (ms, t_post - t_pre) of exercise 6.5.
STDP_DEVICE = "Ag:a-Si"
STDP_DELTA_T = 10.0
#: Neurons and stored patterns of exercise 6.6 (the chapter's "one recall" network).
HOPFIELD_SIZE: dict[str, int] = {"n_neurons": 100, "n_patterns": 12}


# ------------------------------------------------------------------ references
def programming_noise(device: str = NOISE_DEVICE, fraction: float = 0.5) -> float:
    """Std of the programming error (fraction of ``G_max - G_min``) of one device
    programmed from ``G_min`` to ``G_min + fraction (G_max - G_min)``.

    The device reaches the level nearest the target after ``k`` identical potentiation
    pulses along its own curve (:meth:`~neuroexplore.devices.PulseDevice.potentiation_curve`);
    each pulse adds independent cycle-to-cycle noise of std ``c2c_sigma`` of the range.

    Examples
    --------
    >>> round(programming_noise(), 4), round(programming_noise("ideal"), 4)
    (0.1819, 0.0)
    """
    from ..devices import get_device

    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction = {fraction} is outside its valid range [0, 1]")
    dev = get_device(device)
    k = np.arange(int(dev.states_ltp) + 1)
    target = dev.g_min + fraction * (dev.g_max - dev.g_min)
    pulses = int(np.argmin(np.abs(dev.potentiation_curve(k) - target)))
    return float(dev.c2c_sigma * np.sqrt(pulses))


def lost_update_threshold(device: str = THRESHOLD_DEVICE) -> float:
    """Smallest ``|dw|`` of the algorithm weight that NeuroSim's protocol writes at all.

    Found on the engine's own pulse count
    (:func:`~neuroexplore.devices.neurosim_weight_change_to_pulses`) by bisection, for
    potentiation and depression; the larger of the two is returned (below it, at least
    one direction rounds to zero pulses).

    Examples
    --------
    >>> round(lost_update_threshold(), 6), round(lost_update_threshold("TaOx/HfOx"), 6)
    (0.03125, 0.007812)
    """
    from ..devices import get_device, neurosim_weight_change_to_pulses

    dev = get_device(device)

    def smallest(sign: float) -> float:
        lo, hi = 0.0, 2.0  # no pulse at lo, at least one at hi
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            n = neurosim_weight_change_to_pulses(np.array([sign * mid]), dev)[0]
            lo, hi = (lo, mid) if n != 0 else (mid, hi)
        return hi

    return float(max(smallest(1.0), smallest(-1.0)))


def volatile_state(**burst: Any) -> float:
    """State ``w`` of the default WOx dynamic memristor at the end of the burst's last pulse.

    Keywords override :data:`BURST` (``voltages``, ``pulse_width``, ``interval``).

    Examples
    --------
    >>> round(volatile_state(), 4), round(volatile_state(voltages=(2.0,)), 4)
    (0.2234, 0.054)
    """
    from ..devices.volatile_memristor import VolatileMemristor, drive_pulses

    b = {**BURST, **burst}
    states = drive_pulses(VolatileMemristor(), np.asarray(b["voltages"], dtype=float),
                          pulse_width=b["pulse_width"], interval=b["interval"])
    return float(np.ravel(states.w_pulse_end)[-1])


def afferent_threshold() -> float:
    """Smallest normalised pressure at which the braille pipeline's afferent neuron fires.

    The afferent is the default LIF neuron fed ``I = i_rest + i_gain p`` (the defaults
    of :mod:`neuroexplore.applications.tactile`); it fires once the steady state
    ``E_L + R I`` exceeds ``V_th``.  Cross-checked on the engine's analytic rate
    (:func:`neuroexplore.neurons.lif.lif_rate`): silent just below, firing just above.

    Examples
    --------
    >>> round(afferent_threshold(), 6)
    0.166667
    """
    from ..applications.tactile import TRANSDUCER_SPECS
    from ..neurons import parameters
    from ..neurons.lif import lif_rate

    tr = {s.name: s.default for s in TRANSDUCER_SPECS}
    lif = {s.name: s.default for s in parameters("lif")}
    p = ((lif["V_th"] - lif["E_L"]) / lif["R"] - tr["i_rest"]) / tr["i_gain"]
    below, above = (lif_rate(tr["i_rest"] + tr["i_gain"] * p * f) for f in (0.999, 1.001))
    if not (float(below) == 0.0 < float(above)):  # pragma: no cover - an engine change
        raise RuntimeError("the afferent threshold no longer matches the LIF engine")
    return float(p)


def stdp_pulses(device: str = STDP_DEVICE, delta_t: float = STDP_DELTA_T) -> float:
    """Mean signed pulse count one isolated pre/post pair asks of a device synapse.

    The pair rule of the STDP network (its default ``A_plus``, ``A_minus``, ``tau_plus``,
    ``tau_minus``, ``w_max``; ``delta_t = t_post - t_pre`` in ms) requests ``dw``; the
    device is asked for ``P dw / w_max`` pulses before (stochastic, unbiased) rounding
    (:func:`neuroexplore.devices.weight_updates.nominal_pulse_count`).

    Examples
    --------
    >>> round(stdp_pulses(), 4), round(stdp_pulses("HZO FeFET"), 4)
    (1.765, 0.5823)
    """
    from ..applications.stdp_learning import STDP_LEARNING_SPECS
    from ..devices import get_device
    from ..devices.weight_updates import nominal_pulse_count
    from ..networks.stdp import pair_window

    p = {s.name: s.default for s in STDP_LEARNING_SPECS}
    dev = get_device(device)
    dw = pair_window(delta_t, A_plus=p["A_plus"], A_minus=p["A_minus"],
                     tau_plus=p["tau_plus"], tau_minus=p["tau_minus"])
    return float(nominal_pulse_count(dw * (dev.g_max - dev.g_min) / p["w_max"], dev))


def bit_error(n_neurons: int = HOPFIELD_SIZE["n_neurons"],
              n_patterns: int = HOPFIELD_SIZE["n_patterns"]) -> float:
    """Gaussian estimate of the one-update bit-flip probability at load ``P/N``.

    Examples
    --------
    >>> round(bit_error(), 6)
    0.001946
    """
    from ..applications.hopfield import bit_error_probability

    return float(bit_error_probability(n_patterns / n_neurons))


# ------------------------------------------------------------------ checks
def check_programming_noise(answer: Any) -> Feedback:
    """Exercise 6.1: std of the mid-range programming error of :data:`NOISE_DEVICE`."""
    return check_number(
        answer, programming_noise(), rel_tol=0.02, abs_tol=1e-4,
        what=f"the std of the programming error of {NOISE_DEVICE} at mid-range, as a "
             "fraction of G_max - G_min",
        hint="The error grows with the number of pulses k: sigma_c2c sqrt(k).",
    )


def check_lost_update(answer: Any) -> Feedback:
    """Exercise 6.2: smallest |dw| that :data:`THRESHOLD_DEVICE` receives in situ."""
    return check_number(
        answer, lost_update_threshold(), rel_tol=0.02,
        what=f"the smallest weight change that moves a {THRESHOLD_DEVICE} device in situ",
        hint="W_A spans (-1, 1), so one state is worth 2/P of weight, and the count is "
             "rounded to the nearest whole pulse.",
    )


def check_volatile_state(answer: Any) -> Feedback:
    """Exercise 6.3: the memristor's state at the end of the burst of :data:`BURST`."""
    n = len(BURST["voltages"])
    return check_number(
        answer, volatile_state(), rel_tol=0.02,
        what=f"the state w at the end of pulse {n}",
        hint="Each pulse moves w towards w_inf = lam tau sinh(eta V) and every gap lets "
             "it decay as exp(-gap / tau).",
    )


def check_afferent_threshold(answer: Any) -> Feedback:
    """Exercise 6.4: the smallest pressure at which the braille afferent fires."""
    return check_number(
        answer, afferent_threshold(), rel_tol=0.02, abs_tol=0.002,
        what="the smallest normalised pressure p at which the afferent neuron fires",
        hint="The LIF neuron fires when E_L + R I exceeds V_th, with I = I_rest + I_gain p.",
    )


def check_stdp_pulses(answer: Any) -> Feedback:
    """Exercise 6.5: mean pulse count of a pre-before-post pair on :data:`STDP_DEVICE`."""
    return check_number(
        answer, stdp_pulses(), rel_tol=0.02,
        what=f"the mean number of pulses for a pair at delta_t = +{STDP_DELTA_T:g} ms",
        hint="First the requested change from the STDP window, then the pulses: "
             "n = P dw / w_max.",
        sign_hint="Pre before post (delta_t > 0) potentiates: the count is positive.",
    )


def check_bit_error(answer: Any) -> Feedback:
    """Exercise 6.6: the Gaussian estimate of the bit-flip probability (a probability)."""
    n, p = HOPFIELD_SIZE["n_neurons"], HOPFIELD_SIZE["n_patterns"]
    return check_number(
        answer, bit_error(), rel_tol=0.02,
        what=f"the probability that one update flips a bit (N = {n}, P = {p})",
        hint="A probability between 0 and 1 (not a percentage); Phi is the standard normal "
             "cumulative distribution (scipy.stats.norm.cdf or scipy.special.ndtr).",
    )
