"""takes_specs names a bad value before it complains about a missing required argument."""

from __future__ import annotations

import pytest

from neuroexplore.params import FROM_SPEC, ParamSpec, takes_specs

RATE = ParamSpec("rate", 5.0, 0.0, 100.0, unit="Hz", doc="firing rate")


@takes_specs(RATE)
def _expected(duration: float, *, rate: float = FROM_SPEC) -> float:
    return duration * rate


def test_a_bad_value_is_named_even_when_a_required_argument_is_missing():
    with pytest.raises(ValueError, match=r"rate = 500 Hz is outside its valid range \[0, 100\]"):
        _expected(rate=500.0)


def test_a_missing_required_argument_is_still_a_type_error():
    with pytest.raises(TypeError):
        _expected(rate=5.0)
    assert _expected(2.0) == 10.0
