"""Build ipywidgets controls from engine parameter specs.

The mapping follows holoviz panel's ``param -> widget`` idea:

* :class:`~neuroexplore.params.ParamSpec` -> ``FloatSlider`` / ``IntSlider``
  (``FloatLogSlider`` when ``spec.log``), labelled with the unit;
* :class:`~neuroexplore.params.ChoiceSpec` -> ``Dropdown``.

Widgets never hard-code a range: it always comes from the engine's spec.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w
import numpy as np

from ..params import ChoiceSpec, ParamSpec
from .plotting import display_label, display_unit

__all__ = ["control_for", "controls_for", "spec_description", "slider_value", "spec_of"]

_STYLE = {"description_width": "150px"}
_LAYOUT = {"width": "420px"}


def spec_description(spec: ParamSpec | ChoiceSpec) -> str:
    """Slider label: the spec's label plus its unit in parentheses, both as displayed.

    >>> from neuroexplore.params import ParamSpec
    >>> spec_description(ParamSpec("T", 6.3, 0.0, 20.0, unit="degC"))
    'T (°C)'
    """
    unit = getattr(spec, "unit", "")
    label = display_label(spec.label)
    return f"{label} ({display_unit(unit)})" if unit else label


def _step_through(value: float, low: float, step: float) -> float:
    """The spec's step, refined by tenths until ``value`` lies on the slider's grid.

    A preset value between grid points (HH's E_L = -54.387 mV on a 0.1 mV grid) would
    otherwise be snapped by the browser, silently changing the model.
    """
    for _ in range(6):
        k = round((value - low) / step)
        if abs(low + k * step - value) <= 1e-9 * max(1.0, abs(value)):
            break
        step /= 10.0
    return step


def control_for(
    spec: ParamSpec | ChoiceSpec, *, value=None, continuous_update: bool = True
) -> w.ValueWidget:
    """Return one control for ``spec``, starting at ``value`` (default: the spec's)."""
    value = spec.default if value is None else value
    common = dict(
        description=spec_description(spec),
        style=_STYLE,
        layout=w.Layout(**_LAYOUT),
        description_allow_html=False,
    )
    if isinstance(spec, ChoiceSpec):
        ctl = w.Dropdown(options=list(spec.choices), value=value, **common)
    elif spec.integer:
        ctl = w.IntSlider(
            value=int(value),
            min=int(spec.low),
            max=int(spec.high),
            step=max(1, int(spec.step)),
            continuous_update=continuous_update,
            **common,
        )
    elif spec.log:
        ctl = w.FloatLogSlider(
            value=float(value),
            min=float(np.log10(spec.low)),
            max=float(np.log10(spec.high)),
            step=0.02,
            base=10,
            readout_format=".3g",
            continuous_update=continuous_update,
            **common,
        )
    else:
        ctl = w.FloatSlider(
            value=float(value),
            min=float(spec.low),
            max=float(spec.high),
            step=_step_through(float(value), float(spec.low), float(spec.step)),
            readout_format=".4g",
            continuous_update=continuous_update,
            **common,
        )
    ctl.tooltip = f"{spec.doc} -- valid range {spec.range_text}" if spec.doc else spec.range_text
    ctl.param_spec = spec  # read by spec_of: units in CSV headers, ranges of the lab state
    return ctl


def controls_for(
    specs: Iterable[ParamSpec | ChoiceSpec], *, continuous_update: bool = True, **values
) -> dict[str, w.ValueWidget]:
    """One control per spec, keyed by parameter name."""
    return {
        s.name: control_for(s, value=values.get(s.name), continuous_update=continuous_update)
        for s in specs
    }


def step_over(ctl: w.ValueWidget, invalid: float, below: float, above: float) -> None:
    """Make ``ctl`` step over an ``invalid`` value inside its range.

    Some declared ranges hold one value the engine refuses (``adc_bits = 1``: a signed
    converter needs 2 bits; ``states = 1``): moving onto it from above lands on
    ``below``, from below on ``above``, so a slider never offers a refused value.
    Register it before the lab's own observers.

    >>> import ipywidgets as w
    >>> s = w.IntSlider(value=8, min=0, max=16)
    >>> step_over(s, 1, below=0, above=2)
    >>> s.value = 1; s.value
    0
    >>> s.value = 1; s.value
    2
    """
    def snap(change: dict) -> None:
        if change["new"] == invalid:
            ctl.value = below if change["old"] > invalid else above

    ctl.observe(snap, names="value")


def slider_value(ctl: w.ValueWidget) -> float:
    """A slider's value with the browser's float round-off removed.

    The browser snaps values to ``min + k * step`` in binary floating point, so a 0
    can come back as -1.1e-16; rounding to a thousandth of a step undoes that.
    """
    value = ctl.value
    step = getattr(ctl, "step", None)
    if not isinstance(value, float) or not step or isinstance(ctl, w.FloatLogSlider):
        return value
    digits = max(0, int(-np.floor(np.log10(step))) + 3)
    return float(round(value, digits)) + 0.0


def spec_of(ctl: w.Widget) -> ParamSpec | ChoiceSpec | None:
    """The spec a control was built from by :func:`control_for` (``None`` otherwise).

    >>> from neuroexplore.params import ParamSpec
    >>> spec_of(control_for(ParamSpec("tau", 10.0, 1.0, 100.0, unit="ms"))).unit
    'ms'
    """
    return getattr(ctl, "param_spec", None)
