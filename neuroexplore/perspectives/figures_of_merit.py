r"""Device figures of merit (FoMs): one validated dataclass, the presets and the ideal.

Review chapter 7 (Huo et al., *Int. J. Extreme Manuf.* 7, 042007, 2025) lists what still
keeps synaptic devices from large neuromorphic systems: too few and nonlinear
conductance states, cycle-to-cycle and device-to-device variation, a small on/off
ratio, a low on-resistance (energy, IR drop) and limited retention.
:class:`DeviceFiguresOfMerit` collects exactly these numbers, each with a
:class:`~neuroexplore.params.ParamSpec` (bounds, step, unit, doc) that validates it
and that a widget turns into a slider.

Meaning of each figure (units: ohm, s, fractions)
-------------------------------------------------
* ``states_ltp``, ``states_ltd`` -- identical pulses from ``G_min`` to ``G_max``
  (potentiation) and back (depression); NeuroSim's "number of levels".
* ``nonlinearity_ltp``, ``nonlinearity_ltd`` -- NeuroSim nonlinearity labels of the
  saturating-exponential pulse curve ``G(P) = G_min + (G_max - G_min)
  (1 - e^{-x/a}) / (1 - e^{-1/a})``, ``x = P/P_max`` (MLP NeuroSim V3.0; Chen, Peng &
  Yu, IEEE TCAD 37:3067, 2018); see :mod:`neuroexplore.devices.nonlinearity`.
* ``c2c_sigma`` -- cycle-to-cycle std of one pulse's conductance step as a fraction of
  ``G_max - G_min`` (``n`` pulses: ``c2c_sigma sqrt(n)``).
* ``d2d_sigma`` -- device-to-device relative spread of each cell's conductance window.
* ``on_off_ratio`` = ``G_max / G_min`` and ``r_on`` = ``1 / G_max`` (ohm).
* ``retention_time`` ``tau`` and ``retention_beta`` ``beta`` -- stretched-exponential
  (Kohlrausch) relaxation of the programmed window towards ``G_min``:
  :math:`G(t) - G_{min} = (G_0 - G_{min})\,\exp[-(t/\tau)^\beta]`
  (:mod:`neuroexplore.devices.retention`); ``tau`` is the time to ``1/e`` of the window.

:func:`preset_figures_of_merit` converts every row of the published device table
(``neuroexplore/data/devices_pulse_update.csv``, via :mod:`neuroexplore.devices.presets`)
into figures of merit: states, nonlinearity labels, c2c and on/off ratio are the
published values, ``r_on`` is the table's ``R_on``.  The table gives neither
device-to-device spread nor retention: those are set to their ideal values (0 and the
longest ``tau``) and flagged in :attr:`DeviceFiguresOfMerit.notes`.

:data:`IDEAL_FOM` is the reference of the one-at-a-time ("repair") analysis of
:mod:`neuroexplore.perspectives.design_challenge`: each FoM at the best end of its
range (1000 linear states, no noise, on/off 10^4, ``R_on`` = 100 MOhm, ``tau`` = 10^9 s,
``beta = 1``).  :data:`FOM_GROUPS` groups the fields that are repaired together
(both nonlinearity labels, both kinds of variation, ...).

torch is not imported here.

Examples
--------
>>> fom = DeviceFiguresOfMerit(states_ltp=32, on_off_ratio=10.0, r_on=1e5)
>>> dev = fom.to_pulse_device()
>>> dev.states_ltp, round(dev.g_max * 1e5, 12), round(dev.on_off_ratio, 12)
(32, 1.0, 10.0)
>>> preset_figures_of_merit("Ag:a-Si").states_ltp
97
>>> DeviceFiguresOfMerit(states_ltp=0)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: states_ltp = 0 pulses is outside its valid range [2, 1000] pulses (...
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

from ..devices import PULSE_DEVICE_SPECS, PulseDevice, get_device, presets, retention
from ..devices.nonlinearity import MAX_LABEL
from ..params import ParamSpec, param, spec_dataclass, specs_by_name

__all__ = [
    "DeviceFiguresOfMerit",
    "FOM_SPECS",
    "FOM_GROUPS",
    "FOM_GROUP_LABELS",
    "IDEAL_FOM",
    "HIGHER_IS_BETTER",
    "preset_figures_of_merit",
    "all_preset_figures_of_merit",
    "repaired",
    "fom_scores",
]

_PULSE = specs_by_name(PULSE_DEVICE_SPECS)

#: Fields repaired together in the one-at-a-time analysis, by figure-of-merit name.
FOM_GROUPS: dict[str, tuple[str, ...]] = {
    "states": ("states_ltp", "states_ltd"),
    "nonlinearity": ("nonlinearity_ltp", "nonlinearity_ltd"),
    "variation": ("c2c_sigma", "d2d_sigma"),
    "on_off": ("on_off_ratio",),
    "r_on": ("r_on",),
    "retention": ("retention_time", "retention_beta"),
}

#: Readable name of each group.
FOM_GROUP_LABELS: dict[str, str] = {
    "states": "number of states",
    "nonlinearity": "nonlinearity (LTP/LTD)",
    "variation": "variation (c2c/d2d)",
    "on_off": "on/off ratio",
    "r_on": "on-resistance R_on",
    "retention": "retention",
}

#: Fields for which a larger value is better (the others: smaller magnitude is better).
HIGHER_IS_BETTER = frozenset(
    {"states_ltp", "states_ltd", "on_off_ratio", "r_on", "retention_time", "retention_beta"}
)


@spec_dataclass(eq=True)
class DeviceFiguresOfMerit:
    """The figures of merit of one synaptic device (frozen, validated).

    Units: ohm (``r_on``), seconds (``retention_time``); the rest are counts, labels
    or fractions.  See the module docstring and :data:`FOM_SPECS` for each field.  The
    defaults (the specs' defaults) describe a plausible filamentary RRAM that is not yet
    good enough: 100 states, labels +2/-2, 3 % c2c and 10 % d2d spread, on/off 10,
    10 kOhm, tau = 10^6 s with beta = 0.5 -- the starting point of the design challenge.
    """

    name: str = "my device"
    """Display name."""
    states_ltp: int = param(100, 2, 1000, step=1, unit="pulses", integer=True,
                            doc="potentiation pulses (levels) from G_min to G_max",
                            label="states LTP")
    states_ltd: int = param(100, 2, 1000, step=1, unit="pulses", integer=True,
                            doc="depression pulses (levels) from G_max to G_min",
                            label="states LTD")
    nonlinearity_ltp: float = param(2.0, -MAX_LABEL, MAX_LABEL, step=0.01, unit="label",
                                    doc=_PULSE["nonlinearity_ltp"].doc, label="nonlinearity LTP")
    nonlinearity_ltd: float = param(-2.0, -MAX_LABEL, MAX_LABEL, step=0.01, unit="label",
                                    doc=_PULSE["nonlinearity_ltd"].doc, label="nonlinearity LTD")
    c2c_sigma: float = param(0.03, 0.0, 0.5, step=0.001, unit="frac",
                             doc="cycle-to-cycle std per pulse, fraction of (G_max - G_min)",
                             label="c2c variation")
    d2d_sigma: float = param(0.1, 0.0, 0.5, step=0.005, unit="frac",
                             doc="device-to-device relative spread of each cell's conductance "
                                 "window", label="d2d variation")
    on_off_ratio: float = param(10.0, 1.1, 1e4, unit="", log=True, doc="G_max / G_min",
                                label="on/off ratio")
    r_on: float = param(1e4, 1e3, 1e8, unit="ohm", log=True, doc="on-state resistance 1/G_max",
                        label="R_on")
    retention_time: float = param(1e6, 1.0, 1e9, unit="s", log=True,
                                  doc="Kohlrausch time constant tau: the programmed window "
                                      "decays to 1/e", label="retention tau")
    retention_beta: float = param(0.5, 0.01, 1.0, step=0.01, unit="",
                                  doc="Kohlrausch stretching exponent (1 = exponential)",
                                  label="retention beta")
    reference: str = ""
    """Where the numbers come from."""
    notes: str = ""
    """What was assumed (e.g. values the published table does not give)."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string, got {self.name!r}")

    # ------------------------------------------------------------------ access
    def values(self) -> dict[str, float]:
        """The numeric figures of merit, field name -> value."""
        return {s.name: getattr(self, s.name) for s in FOM_SPECS}

    def as_dict(self) -> dict[str, Any]:
        """Every field, name -> value."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    # ----------------------------------------------------------------- physics
    @property
    def g_max(self) -> float:
        """Maximum conductance ``1 / R_on`` (S)."""
        return 1.0 / self.r_on

    @property
    def g_min(self) -> float:
        """Minimum conductance ``G_max / on_off_ratio`` (S)."""
        return self.g_max / self.on_off_ratio

    def retained_fraction(self, t: float) -> float:
        """Fraction of the programmed window left after ``t`` seconds.

        ``exp(-(t/tau)^beta)``, evaluated with
        :func:`neuroexplore.devices.retention.retention` on a normalised window
        (``g0 = 1``, ``g_rest = 0``).
        """
        t = float(t)
        if not math.isfinite(t) or t < 0:
            raise ValueError(f"t = {t} s must be finite and >= 0")
        return float(retention(t, g0=1.0, g_rest=0.0, tau=self.retention_time,
                               beta=self.retention_beta))

    def to_pulse_device(self) -> PulseDevice:
        """The :class:`~neuroexplore.devices.PulseDevice` the crossbar engine programs.

        NeuroSim update model with these states, labels, c2c and d2d spreads,
        ``g_max = 1/R_on`` and ``g_min = g_max / on_off_ratio``.
        """
        return PulseDevice(
            name=self.name,
            reference=self.reference,
            model="neurosim",
            g_min=self.g_min,
            g_max=self.g_max,
            states_ltp=self.states_ltp,
            states_ltd=self.states_ltd,
            nonlinearity_ltp=self.nonlinearity_ltp,
            nonlinearity_ltd=self.nonlinearity_ltd,
            c2c_sigma=self.c2c_sigma,
            d2d_sigma=self.d2d_sigma,
        )

    @classmethod
    def from_pulse_device(cls, device: PulseDevice, **extra: Any) -> DeviceFiguresOfMerit:
        """Figures of merit of a :class:`PulseDevice` (retention from ``extra`` or ideal).

        The states are capped to the FoM range (a device with more than 1000 pulses is
        treated as 1000, which is already continuous for a 64-32-10 network).
        """
        cap = int(_SPECS["states_ltp"].high)
        values: dict[str, Any] = dict(
            name=device.name,
            reference=device.reference,
            states_ltp=min(int(device.states_ltp), cap),
            states_ltd=min(int(device.states_ltd), cap),
            nonlinearity_ltp=0.0 if device.model == "linear" else device.nonlinearity_ltp,
            nonlinearity_ltd=0.0 if device.model == "linear" else device.nonlinearity_ltd,
            c2c_sigma=device.c2c_sigma,
            d2d_sigma=device.d2d_sigma,
            on_off_ratio=min(device.g_max / device.g_min, _SPECS["on_off_ratio"].high),
            r_on=1.0 / device.g_max,
            retention_time=_SPECS["retention_time"].high,
            retention_beta=1.0,
        )
        values.update(extra)
        return cls(**values)


#: Every numeric field of :class:`DeviceFiguresOfMerit` (validation and sliders).
FOM_SPECS: tuple[ParamSpec, ...] = DeviceFiguresOfMerit.SPECS
_SPECS = specs_by_name(FOM_SPECS)


#: The reference device: every figure of merit at the best end of its range.
IDEAL_FOM = DeviceFiguresOfMerit(
    name="ideal (reference)",
    states_ltp=1000,
    states_ltd=1000,
    nonlinearity_ltp=0.0,
    nonlinearity_ltd=0.0,
    c2c_sigma=0.0,
    d2d_sigma=0.0,
    on_off_ratio=1e4,
    r_on=1e8,
    retention_time=1e9,
    retention_beta=1.0,
    reference="every figure of merit at the best end of its range",
)


def repaired(fom: DeviceFiguresOfMerit, group: str,
             ideal: DeviceFiguresOfMerit = IDEAL_FOM) -> DeviceFiguresOfMerit:
    """``fom`` with the fields of ``group`` (a key of :data:`FOM_GROUPS`) set to ``ideal``'s."""
    if group not in FOM_GROUPS:
        raise ValueError(f"group = {group!r} is not valid; expected one of {list(FOM_GROUPS)}")
    return fom.with_params(**{name: getattr(ideal, name) for name in FOM_GROUPS[group]})


def preset_figures_of_merit(name: str) -> DeviceFiguresOfMerit:
    """Figures of merit of the device preset ``name`` (see :func:`neuroexplore.devices.presets`).

    States, nonlinearity labels, c2c and on/off ratio are the published table's values;
    ``r_on = 1 / g_max``.  Device-to-device spread and retention are not in the table:
    they are set to their ideal values and said so in ``notes``.
    """
    dev = get_device(name)
    notes = "d2d spread and retention not in the published table: set to ideal (0, tau = 1e9 s)"
    if name == "ideal":
        notes = "the project's linear baseline device; retention set to ideal"
    return DeviceFiguresOfMerit.from_pulse_device(dev, notes=notes)


def all_preset_figures_of_merit() -> tuple[DeviceFiguresOfMerit, ...]:
    """:func:`preset_figures_of_merit` of every preset, in table order (``"ideal"`` last)."""
    return tuple(preset_figures_of_merit(n) for n in presets())


def fom_scores(fom: DeviceFiguresOfMerit, ideal: DeviceFiguresOfMerit = IDEAL_FOM
               ) -> dict[str, float]:
    """Each group's quality in [0, 1]: 0 at the worst end of its range, 1 at ``ideal``.

    A display normalisation (no physics): log-spaced fields (states, on/off, R_on,
    tau) are scored on a log scale, the others linearly; a group scores the mean of its
    fields.  Used by the radar view of the perspectives lab and notebook.
    """
    def score(name: str) -> float:
        spec = _SPECS[name]
        v, best = float(getattr(fom, name)), float(getattr(ideal, name))
        if name in HIGHER_IS_BETTER:
            lo = spec.low
            if spec.log or spec.integer:
                num, den = math.log(v / lo), math.log(best / lo)
            else:
                num, den = v - lo, best - lo
        else:
            worst = max(abs(spec.low), abs(spec.high))
            num, den = worst - abs(v), worst - abs(best)
        return min(1.0, max(0.0, num / den)) if den > 0 else 1.0

    return {g: sum(score(n) for n in names) / len(names) for g, names in FOM_GROUPS.items()}
