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
