"""Chapter 5 exercises (references recomputed by hand here) and the doctests of the
chapter-5 modules."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import neuroexplore.exercises.ch05 as ch05
import neuroexplore.systems as systems
import neuroexplore.systems.afferent as afferent
import neuroexplore.systems.fusion as fusion
import neuroexplore.systems.in_sensor as in_sensor


def test_encoder_rate_exercise_by_hand():
    # R = 1 MOhm / (1 + 20/10) = 333 kOhm; I_s = 3 uA; I_in = 3 nA; R_m I = 30 mV
    expected = 1.0 / (2e-3 + 10e-3 * np.log(30.0 / (30.0 - 15.0)))
    assert ch05.encoder_rate_at(20.0) == pytest.approx(expected, rel=1e-12)
    assert ch05.check_encoder_rate(round(expected, 1))
    assert not ch05.check_encoder_rate(expected * 1.1)
    assert not ch05.check_encoder_rate(None)
    assert not ch05.check_encoder_rate("fast")


def test_silent_pressure_exercise_by_hand():
    # R_m k I_s = 15 mV -> I_s = 1.5 uA = (1 V / 1 MOhm)(1 + P/10 kPa) -> P = 5 kPa
    assert ch05.silent_pressure() == pytest.approx(5.0, rel=1e-12)
    assert ch05.check_silent_pressure(5)
    assert not ch05.check_silent_pressure(15)
    # the engine agrees: silent just below, firing just above
    nerve = systems.AfferentNerve()
    assert systems.encoder_rate(nerve, 4.99) == 0 < systems.encoder_rate(nerve, 5.01)


def test_wire_current_exercise_by_hand():
    # 'z' lights pixels 0, 1, 4, 7, 8: 30 + 20 - 40 - 50 + 10 = -30 mA/W x 1 uW = -30 nA
    assert ch05.wire_current() == pytest.approx(-30.0, rel=1e-12)
    fb = ch05.check_wire_current(30.0)
    assert not fb and "sign" in fb.message
    assert ch05.check_wire_current(-30.0)


@pytest.mark.parametrize("module", [ch05, systems, afferent, in_sensor, fusion],
                         ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
