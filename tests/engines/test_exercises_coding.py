"""Coding exercises: right implementations pass, subtly wrong ones fail with the input named."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.exercises import coding
from neuroexplore.exercises.feedback import Feedback


def lif_ok(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0):
    v = v + dt / tau_m * (-(v - E_L) + R * current)
    return (V_reset, True) if v >= V_th else (v, False)


def lif_wrong_sign(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0):
    v = v + dt / tau_m * ((v - E_L) + R * current)
    return (V_reset, True) if v >= V_th else (v, False)


def lif_no_reset(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0):
    v = v + dt / tau_m * (-(v - E_L) + R * current)
    return v, v >= V_th


def lif_tests_old_v(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0):
    spiked = v >= V_th  # threshold tested before the step: one step late
    v = v + dt / tau_m * (-(v - E_L) + R * current)
    return (V_reset, True) if spiked else (v, False)


def lif_ignores_tau(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0):
    v = v + dt / 10.0 * (-(v - E_L) + R * current)  # hard-coded tau_m
    return (V_reset, True) if v >= V_th else (v, False)


def oja_ok(w, x, lr):
    y = w @ x
    return w + lr * y * (x - y * w)


def oja_no_decay(w, x, lr):
    return w + lr * (w @ x) * x


def oja_decay_sign(w, x, lr):
    y = w @ x
    return w + lr * y * (x + y * w)


def mvm_ok(g_pos, g_neg, v):
    return (g_pos - g_neg).T @ v


def mvm_transposed(g_pos, g_neg, v):
    return (g_pos - g_neg) @ v  # rows and columns swapped


def mvm_sum(g_pos, g_neg, v):
    return (g_pos + g_neg).T @ v


def pulses_ok(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    span = g_max - g_min
    return int(np.rint(dw * span / w_max / (span / (states_ltp if dw > 0 else states_ltd))))


def pulses_ltp_only(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    span = g_max - g_min
    return int(np.rint(dw * span / w_max / (span / states_ltp)))


def pulses_floor(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    span = g_max - g_min
    return int(np.trunc(dw * span / w_max / (span / (states_ltp if dw > 0 else states_ltd))))


def q_ok(q, s, a, r, s_next, terminal, alpha, gamma):
    q = np.array(q, dtype=float)
    target = r if terminal else r + gamma * q[s_next].max()
    q[s, a] += alpha * (target - q[s, a])
    return q


def q_ignores_terminal(q, s, a, r, s_next, terminal, alpha, gamma):
    q = np.array(q, dtype=float)
    q[s, a] += alpha * (r + gamma * q[s_next].max() - q[s, a])
    return q


def q_sarsa_like(q, s, a, r, s_next, terminal, alpha, gamma):
    q = np.array(q, dtype=float)
    target = r if terminal else r + gamma * q[s_next, a]  # not the max over a'
    q[s, a] += alpha * (target - q[s, a])
    return q


CASES = [
    (coding.check_lif_euler_step, lif_ok, [lif_wrong_sign, lif_no_reset, lif_tests_old_v,
                                           lif_ignores_tau], "lif_euler_step("),
    (coding.check_oja_update, oja_ok, [oja_no_decay, oja_decay_sign], "oja_update("),
    (coding.check_differential_mvm, mvm_ok, [mvm_transposed, mvm_sum], ""),
    (coding.check_pulse_count, pulses_ok, [pulses_ltp_only, pulses_floor], "pulse_count("),
    (coding.check_q_update, q_ok, [q_ignores_terminal, q_sarsa_like], "q_update("),
]


@pytest.mark.parametrize(("check", "right", "wrongs", "named"), CASES,
                         ids=[c[0].__name__ for c in CASES])
def test_right_passes_and_subtly_wrong_fails(check, right, wrongs, named) -> None:
    fb = check(right)
    assert isinstance(fb, Feedback) and fb.correct, fb.message
    for wrong in wrongs:
        bad = check(wrong)
        assert not bad.correct, wrong.__name__
        assert named in bad.message
        assert "Correct" not in bad.message


def test_mvm_failure_names_the_input_and_direction() -> None:
    fb = coding.check_differential_mvm(mvm_sum)
    assert "differential_mvm(g_pos=" in fb.message
    assert "too high" in fb.message or "too low" in fb.message


def test_placeholders_and_broken_code_give_hints_not_errors() -> None:
    def stub(*args, **kwargs):
        raise NotImplementedError

    def crashes(w, x, lr):
        return w @ x @ x @ x  # a TypeError/ValueError inside the student's code

    assert "Write the function" in coding.check_oja_update(None).message
    assert "NotImplementedError" in coding.check_oja_update(stub).message
    assert "raised" in coding.check_oja_update(crashes).message
    assert "no parentheses" in coding.check_oja_update(oja_ok(np.ones(2), np.ones(2), 0.1)).message


def test_lif_check_follows_the_engine_rate() -> None:
    """The many-step part is what catches a step that is right once but drifts."""
    def lif_leaky_reset(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
                        V_reset=-65.0):
        v2, spiked = lif_ok(v, current, dt, tau_m, R, E_L, V_th, V_reset)
        return (v2 + 1e-3 * (V_th - v2) if not spiked else v2), spiked
    assert not coding.check_lif_euler_step(lif_leaky_reset).correct
