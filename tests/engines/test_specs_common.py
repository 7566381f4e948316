"""The common check over every spec'd class and function (aihwkit-style: one test, all models).

Every class declared with :func:`neuroexplore.params.spec_dataclass` and every function
declared with :func:`neuroexplore.params.takes_specs` is walked:

* its defaults are its specs' defaults (written once, read everywhere);
* the sliders :func:`~neuroexplore.widgets.controls.controls_for` builds from it match
  the specs (range, step, start value, unit in the label);
* an out-of-range value raises the one ``ValueError`` that names the parameter and
  its valid range.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil

import numpy as np
import pytest

import neuroexplore
from neuroexplore.params import ChoiceSpec, ParamSpec, spec_registry

for _m in pkgutil.walk_packages(neuroexplore.__path__, "neuroexplore."):
    importlib.import_module(_m.name)

REGISTRY = spec_registry()


def _id(obj) -> str:
    return f"{obj.__module__.removeprefix('neuroexplore.')}.{obj.__qualname__}"


def _required(obj) -> list[str]:
    """Arguments without a default (a spec'd class needs none to be built)."""
    if inspect.isclass(obj):
        return [f.name for f in dataclasses.fields(obj)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    return [p.name for p in inspect.signature(obj).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _out_of_range(spec: ParamSpec) -> list[float]:
    bad = []
    if math.isfinite(spec.high):
        bad.append(spec.high + max(1.0, abs(spec.high)))
    if math.isfinite(spec.low):
        bad.append(spec.low - max(1.0, abs(spec.low)))
    return bad + [float("nan")]


def test_the_registry_covers_the_engines():
    modules = {obj.__module__.split(".")[1] for obj in REGISTRY}
    assert {"neurons", "networks", "devices", "crossbar", "systems", "applications",
            "perspectives"} <= modules
    assert all(obj.SPECS for obj in REGISTRY)


@pytest.mark.parametrize("obj", REGISTRY, ids=_id)
def test_defaults_come_from_the_spec(obj):
    if inspect.isclass(obj):
        fields = {f.name: f for f in dataclasses.fields(obj)}
        for spec in obj.SPECS:
            assert fields[spec.name].default == spec.default, spec.name
        if not _required(obj):
            instance = obj()
            for spec in obj.SPECS:
                assert np.all(getattr(instance, spec.name) == spec.default), spec.name
    else:
        params = inspect.signature(obj).parameters
        for spec in obj.SPECS:
            default = params[spec.name].default
            assert default is inspect.Parameter.empty or default == spec.default, spec.name


@pytest.mark.parametrize("obj", REGISTRY, ids=_id)
def test_sliders_match_the_spec(obj):
    from neuroexplore.widgets.controls import controls_for, spec_description
    from neuroexplore.widgets.plotting import display_unit

    controls = controls_for(obj.SPECS)
    for spec in obj.SPECS:
        ctl = controls[spec.name]
        assert ctl.description == spec_description(spec)
        if isinstance(spec, ChoiceSpec):
            assert tuple(ctl.options) == tuple(spec.choices)
            assert ctl.value == spec.default
            continue
        if spec.unit:
            assert f"({display_unit(spec.unit)})" in ctl.description
        if spec.log:
            assert 10 ** ctl.min == pytest.approx(spec.low, rel=1e-9)
            assert 10 ** ctl.max == pytest.approx(spec.high, rel=1e-9)
            assert ctl.value == pytest.approx(spec.default, rel=1e-9)
        else:
            assert ctl.min == pytest.approx(spec.low, abs=1e-12)
            assert ctl.max == pytest.approx(spec.high, abs=1e-12)
            assert ctl.value == pytest.approx(spec.default, abs=1e-12)
            assert 0 < ctl.step <= spec.step * (1 + 1e-12)


@pytest.mark.parametrize("obj", REGISTRY, ids=_id)
def test_out_of_range_raises_one_error_naming_the_parameter(obj):
    for spec in obj.SPECS:
        bad_values = (["not-an-option"] if isinstance(spec, ChoiceSpec)
                      else _out_of_range(spec))
        for bad in bad_values:
            with pytest.raises(ValueError) as err:
                obj(**{spec.name: bad})
            message = str(err.value)
            assert spec.name in message
            assert spec.range_text in message, message
