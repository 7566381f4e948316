"""The provenance header of exported CSV files: written, parsed back, read past by readers."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

import neuroexplore
from neuroexplore.params import ChoiceSpec, ParamSpec
from neuroexplore.provenance import provenance_lines, read_provenance, with_provenance

TAU = ParamSpec("tau", 10.0, 1.0, 100.0, unit="ms", doc="time constant (membrane)")
N = ParamSpec("n", 3, 1, 10, integer=True, doc="count")
KIND = ChoiceSpec("kind", "a [x]", ("a [x]", "b"), doc="a choice")


def test_every_parameter_unit_seed_version_and_date_round_trip():
    when = datetime(2026, 5, 6, 9, 8, 7, tzinfo=timezone(timedelta(hours=2)))
    text = with_provenance("t,v\n0,1\n", "demo", {"tau": 12.5, "n": np.int64(4),
                                                  "kind": "a [x]", "dt": (0.1, "ms"),
                                                  "ratio": (0.5, ""), "label": "x -- y"},
                           specs=[TAU, N, KIND], seed=7, when=when)
    info = read_provenance(text)
    assert info["what"] == "demo" and info["seed"] == "7"
    assert info["version"] == f"neuroexplore {neuroexplore.__version__}"
    assert info["date"] == "2026-05-06T07:08:07+00:00"  # converted to UTC
    assert info["parameters"] == {"tau": ("12.5", "ms"), "n": ("4", "1"), "kind": ("a [x]", None),
                                  "dt": ("0.1", "ms"), "ratio": ("0.5", "1"),
                                  "label": ("x -- y", None)}
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert list(frame.columns) == ["t", "v"] and frame.shape == (1, 2)


def test_a_number_without_spec_or_unit_is_refused():
    with pytest.raises(ValueError, match="'gain'.*no spec and no unit"):
        provenance_lines("demo", {"gain": 2.0})


def test_no_seed_line_without_a_seed_and_notes_follow_the_parameters():
    lines = provenance_lines("demo", {"tau": 20.0}, specs=[TAU], notes=["fit r2 = 0.99"])
    assert not any(ln.startswith("seed:") for ln in lines)
    assert lines[-2:] == ["parameter: tau = 20 [ms] -- time constant (membrane)",
                          "fit r2 = 0.99"]
    assert read_provenance("".join(f"# {ln}\n" for ln in lines))["notes"] == ["fit r2 = 0.99"]


def test_a_stopped_stdp_comparison_skips_the_float_run_and_kmeans():
    from neuroexplore.applications.stdp_learning import compare_with_baselines

    calls = []

    def stop_at_5(step, total, metrics):
        calls.append(step)
        return step < 5

    runs = compare_with_baselines(seed=0, device="ideal", n_neurons=4, n_train=20, n_test=20,
                                  t_present=100.0, callback=stop_at_5)
    assert runs["device"].cancelled and runs["device"].spikes_per_digit.size == 5
    assert runs["float"] is None and np.isnan(runs["kmeans"]) and max(calls) == 5


def test_a_stopped_noise_sweep_says_so():
    from neuroexplore.applications.tactile import accuracy_vs_noise

    sweep = accuracy_vs_noise((0.0, 0.5, 1.0), n_per_class=4, callback=lambda s, t, m: s < 1)
    assert sweep.cancelled and list(sweep.noise) == [0.0]
    assert "stopped early" in sweep.to_csv()
    full = accuracy_vs_noise((0.0, 0.5), n_per_class=4, callback=lambda s, t, m: True)
    assert not full.cancelled and full.noise.size == 2
