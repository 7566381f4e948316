"""Chapter-6 exercises (sessions 06a-06c): references from the engines, checks that teach.

Each reference is checked against an independent computation (a closed form, a
Monte Carlo run of the device engine, the engine's own pulse count or rate); each check
accepts the right answer, rejects a typical wrong one, and its Feedback holds no
reference value.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.stats import norm

from neuroexplore.devices import get_device, neurosim_weight_change_to_pulses
from neuroexplore.devices.volatile_memristor import VolatileMemristor
from neuroexplore.exercises import ch06
from neuroexplore.exercises.feedback import Feedback
from neuroexplore.exercises.registry import EXERCISES, check, grade, reset_hints


def test_programming_noise_is_sigma_sqrt_k_at_the_nearest_level() -> None:
    dev = get_device("Ag:a-Si")
    # independent: invert the curve, then a Monte Carlo of the engine's pulses
    k = round(float(dev.pulses_from_g_ltp(dev.g_min + 0.5 * (dev.g_max - dev.g_min))))
    assert ch06.programming_noise() == pytest.approx(dev.c2c_sigma * math.sqrt(k), rel=1e-12)
    g = dev.apply_pulses(np.full(20000, dev.g_min), np.full(20000, k), rng=1)
    mc = np.std(g) / (dev.g_max - dev.g_min)
    assert mc == pytest.approx(ch06.programming_noise(), rel=0.05)
    # a nonlinear device reaches mid-range in fewer pulses than a linear one
    assert ch06.programming_noise() < dev.c2c_sigma * math.sqrt(dev.states_ltp / 2) - 0.03
    assert ch06.programming_noise("ideal") == 0.0


def test_lost_update_threshold_is_one_over_the_states() -> None:
    for name in ("HZO FeFET", "TaOx/HfOx", "AlOx/HfO2"):
        dev = get_device(name)
        thr = ch06.lost_update_threshold(name)
        assert thr == pytest.approx(1.0 / max(dev.states_ltp, dev.states_ltd), rel=1e-9)
        n = neurosim_weight_change_to_pulses(np.array([thr, -thr, 0.999 * thr]), dev)
        assert n.tolist() == [1, -1, 0]


def test_volatile_state_follows_the_exact_pulse_by_pulse_solution() -> None:
    d = VolatileMemristor()
    w = 0.0
    for _ in range(5):
        w_inf = d.lam * d.tau * math.sinh(d.eta * 2.0)
        w = w_inf + (w - w_inf) * math.exp(-1e-3 / d.tau)
        w_end = w
        w *= math.exp(-4e-3 / d.tau)
    assert ch06.volatile_state() == pytest.approx(w_end, rel=1e-9)
    assert ch06.volatile_state() < 5 * ch06.volatile_state(voltages=(2.0,))


def test_afferent_threshold_separates_silence_from_firing() -> None:
    from neuroexplore.applications import tactile as tac

    p = ch06.afferent_threshold()
    assert p == pytest.approx((1.5 - 1.0) / 3.0, rel=1e-12)  # (15 mV / 10 MOhm - 1) / 3
    sweep = tac.braille_pressure("a", noise=0.0, seed=0)
    assert sweep.pressure.max() > p  # a dot under a taxel makes it fire


def test_stdp_pulses_are_states_times_the_window() -> None:
    assert ch06.stdp_pulses() == pytest.approx(97 * 0.03 * math.exp(-0.5), rel=1e-12)
    assert ch06.stdp_pulses(delta_t=-10.0) < 0  # post before pre depresses


def test_bit_error_is_the_gaussian_estimate() -> None:
    assert ch06.bit_error() == pytest.approx(norm.cdf(-1 / math.sqrt(0.12)), rel=1e-12)


CASES = [  # (id, right answer, typical wrong answer)
    ("6.1", ch06.programming_noise(), 0.035 * math.sqrt(97 / 2)),   # linear device
    ("6.2", 1 / 32, 2 / 32),                                        # one whole state
    ("6.3", ch06.volatile_state(), 5 * ch06.volatile_state(voltages=(2.0,))),
    ("6.4", ch06.afferent_threshold(), 0.5),
    ("6.5", ch06.stdp_pulses(), 0.03 * 97),                         # no exp decay
    ("6.6", ch06.bit_error(), ch06.bit_error() * 100),              # a percentage
]


@pytest.mark.parametrize(("ex_id", "right", "wrong"), CASES, ids=[c[0] for c in CASES])
def test_right_passes_wrong_fails_and_feedback_hides_the_reference(ex_id, right, wrong):
    assert check(ex_id, right).correct
    assert grade(ex_id, {EXERCISES[ex_id].answer: right}).correct
    assert not grade(ex_id, {EXERCISES[ex_id].answer: None}).correct
    reset_hints(ex_id)
    n = len(EXERCISES[ex_id].hints)
    shown = []
    for _ in range(n + 1):
        fb = check(ex_id, wrong)
        assert isinstance(fb, Feedback) and not fb.correct
        assert {f.name for f in dataclasses.fields(fb)} == {"correct", "message", "exercise"}
        shown.append(str(fb) + repr(fb) + fb._repr_html_())
    reset_hints(ex_id)
    text = " ".join(shown)
    assert f"Hint {n}/{n}" in text
    for fmt in (f"{right:.4g}", f"{right:.3g}", repr(right), repr(float(right))):
        assert fmt not in text, fmt


@pytest.mark.parametrize("answer", [None, "abc", [1, 2], float("nan"), True, -1e9])
def test_checks_never_raise_on_an_answer(answer) -> None:
    for ex_id, *_ in CASES:
        assert not check(ex_id, answer).correct
        reset_hints(ex_id)


def test_exercises_are_numbered_in_session_order() -> None:
    ids = [e.id for e in EXERCISES.values() if e.chapter == "06"]
    assert ids == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"]
    assert EXERCISES["6.7"].answer == "q_update" and EXERCISES["6.7"].kind == "function"
