"""Shared helpers of the headless lab tests: move a slider one step, read plot data."""

from __future__ import annotations

import ipywidgets as w
import numpy as np


def one_step(ctl: w.ValueWidget) -> float:
    """The value one slider step away (up, or down at the top), as a person would move it.

    A ``FloatLogSlider`` steps in log10.
    """
    if isinstance(ctl, w.FloatLogSlider):
        up = ctl.value * 10**ctl.step
        return up if np.log10(up) <= ctl.max + 1e-9 else ctl.value / 10**ctl.step
    up = ctl.value + ctl.step
    return up if up <= ctl.max else ctl.value - ctl.step


def figure_data(*figs, decimals: int | None = None) -> list:
    """x, y and z of every trace of ``figs`` as lists (what the browser test compares).

    ``decimals`` rounds numeric data, so that recomputing the same figure compares equal.
    """
    out = []
    for fig in figs:
        for trace in fig.data:
            for attr in ("x", "y", "z"):
                v = getattr(trace, attr, None)
                if v is None:
                    out.append(None)
                    continue
                arr = np.asarray(v)
                if decimals is not None and arr.dtype.kind in "fiu":
                    arr = arr.astype(float).round(decimals)
                out.append(arr.tolist())
    return out


def check_provenance(text: str, *controls, seed=0, params=()) -> dict:
    """Assert that exported CSV ``text`` starts with the provenance header.

    Checks the neuroexplore version, an ISO 8601 UTC date within the last hour, the
    seed (``None``: no seed line), and that every control of the ``controls`` mappings
    (and every name in ``params``) is listed with its value, and a numeric one with
    the unit of its spec.  Returns the parsed header.
    """
    from datetime import datetime, timedelta, timezone

    import neuroexplore
    from neuroexplore.params import ParamSpec
    from neuroexplore.provenance import read_provenance
    from neuroexplore.widgets.controls import spec_of

    assert text.startswith("# neuroexplore "), text[:200]
    info = read_provenance(text)
    assert info["version"] == f"neuroexplore {neuroexplore.__version__}"
    when = datetime.fromisoformat(info["date"])
    assert when.tzinfo is not None and when.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - when) < timedelta(hours=1)
    assert info["seed"] == (None if seed is None else str(seed))
    got = info["parameters"]
    for group in controls:
        for name, ctl in group.items():
            assert name in got, f"{name} missing from the header: {sorted(got)}"
            spec = spec_of(ctl)
            if isinstance(spec, ParamSpec):
                value, unit = got[name]
                assert unit == (spec.unit or "1"), (name, unit, spec.unit)
                assert float(value) == pytest_approx(ctl.value), (name, value, ctl.value)
            elif isinstance(ctl.value, str):
                assert got[name][0] == ctl.value, (name, got[name])
    for name in params:
        assert name in got, f"{name} missing from the header: {sorted(got)}"
    # the header is comment lines only, then the data
    body = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert body, "no data after the header"
    return info


def pytest_approx(value):
    import pytest

    return pytest.approx(value, rel=1e-6, abs=1e-12)
