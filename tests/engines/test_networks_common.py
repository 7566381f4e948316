"""Checks common to every kind in neuroexplore.networks: specs, defaults, imports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from neuroexplore.networks import KINDS, parameters
from neuroexplore.params import ChoiceSpec, ParamSpec, validate_params


@pytest.mark.parametrize("kind", KINDS)
def test_specs_are_complete(kind: str) -> None:
    specs = parameters(kind)
    assert specs and len({s.name for s in specs}) == len(specs)
    for s in specs:
        assert isinstance(s, ParamSpec | ChoiceSpec) and s.doc
        if isinstance(s, ParamSpec):
            assert s.low < s.high and s.step > 0
    values = validate_params(specs, {})
    assert set(values) == {s.name for s in specs}


@pytest.mark.parametrize("kind", [k for k in KINDS if any(isinstance(s, ParamSpec)
                                                          for s in parameters(k))])
def test_out_of_range_names_parameter_and_range(kind: str) -> None:
    spec = next(s for s in parameters(kind) if isinstance(s, ParamSpec))
    with pytest.raises(ValueError, match=rf"{spec.name} = .* outside its valid range \["):
        validate_params(parameters(kind), {spec.name: spec.high + 10 * (spec.high - spec.low)})


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        parameters("hopfield")


def test_defaults_run_and_are_finite() -> None:
    from neuroexplore import networks as nw

    X, y = nw.logic_gate()
    assert nw.train_perceptron(X, y).converged
    assert np.all(np.isfinite(nw.train_mlp(X, y, epochs=5).loss_history))
    assert np.all(np.isfinite(nw.hebbian_learning(nw.gaussian_cloud()).weights))
    assert np.isfinite(nw.pair_protocol().w_final)
    tr = nw.simulate_ei_network(t_stop=50.0)
    assert np.all(np.isfinite(tr.v))


def test_import_pulls_no_torch_or_widgets() -> None:
    code = ("import sys, neuroexplore.networks; "
            "print(sorted(m for m in ('torch', 'ipywidgets', 'plotly') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
