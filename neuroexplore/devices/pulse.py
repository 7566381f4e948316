"""Pulse-programmed conductance: the contract between device and crossbar engines.

A :class:`PulseDevice` describes how an identical programming pulse moves a
synaptic device's conductance between ``g_min`` and ``g_max`` (siemens).  Three
update models are offered:

``"neurosim"``
    MLP NeuroSim V3.0 (Chen, Peng & Yu, IEEE TCAD 37:3067, 2018; manual sec. 9).
    On the pulse-position axis ``P``:
    LTP ``G(P) = B (1 - exp(-P/A)) + G_min``, ``B = (G_max - G_min)/(1 - exp(-P_max/A))``;
    LTD ``G(P) = -B (1 - exp((P - P_max)/A)) + G_max`` (``A = -a_ltd * states_ltd``),
    which is :func:`~neuroexplore.devices.nonlinearity.shape` with signed normalised
    ``a = A / P_max`` from the NeuroSim nonlinearity label (see
    :mod:`neuroexplore.devices.nonlinearity` for the label <-> A mapping and its
    sign convention).  Potentiation moves ``P`` up on the LTP curve, depression moves
    it down on the LTD curve; ``P`` is clipped to ``[0, P_max]``.
``"soft_bounds"``
    ``dG+ = alpha+ (G_max - G)``, ``dG- = alpha- (G - G_min)`` per pulse with
    ``alpha+- = 1 / states`` (the first step from a bound equals the mean linear step
    ``(G_max - G_min)/states``; the convention of aihwkit's ``SoftBoundsDevice``,
    Gokmen & Vlasov, Front. Neurosci. 10:333, 2016).  Closed form on the position
    axis: LTP ``G(P) = G_max - dG (1 - alpha+)^P``, LTD
    ``G(P) = G_min + dG (1 - alpha-)^(P_max - P)``.  The bounds are approached, never
    reached; the nonlinearity labels are not used.
``"linear"``
    Fixed step ``(G_max - G_min)/states`` per pulse (labels ignored, ``a = inf``).

Cycle-to-cycle (c2c) noise: every pulse adds a Gaussian step of std
``c2c_sigma * (g_max - g_min)``; ``n`` pulses applied at once add std
``c2c_sigma * (g_max - g_min) * sqrt(|n|)`` (independent pulses).  Device-to-device
(d2d) variation: :meth:`PulseDevice.sample_d2d` draws per-device ``g_min``, ``g_max``
(log-normal, relative std ``d2d_sigma``) and normalised ``a`` (log-normal in ``|a|``,
which to first order is a relative spread ``d2d_sigma`` of the label).

Units: siemens (S), seconds (s), joules (J).

Examples
--------
>>> dev = PulseDevice(name="demo", g_min=1e-6, g_max=1e-5, states_ltp=10, states_ltd=10,
...                   nonlinearity_ltp=2.4, nonlinearity_ltd=-2.4)
>>> g = dev.pulse_response(10)
>>> bool(np.isclose(g[0], 1e-6) and np.isclose(g[10], 1e-5) and np.isclose(g[-1], 1e-6))
True
>>> round(dev.a_ltp, 4)
0.4992
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..params import choice, param, spec_dataclass
from ..seeding import as_generator
from .nonlinearity import MAX_LABEL, a_to_nonlinearity, nonlinearity_to_a, shape, shape_inverse

__all__ = ["PulseDevice", "PULSE_DEVICE_SPECS", "PULSE_MODELS"]

PULSE_MODELS = ("neurosim", "soft_bounds", "linear")


def pulse_inputs(g: Any, n_pulses: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked ``apply_pulses`` inputs: conductances and signed pulse counts, broadcast.

    Returns ``(g, n, n_float)``; raises ``ValueError`` for non-integer or non-finite
    pulse counts and for NaN or inf conductances.
    """
    g = np.asarray(g, dtype=float)
    n = np.asarray(n_pulses)
    if n.dtype.kind not in "iu":
        nf = np.asarray(n, dtype=float)
        if not np.all(np.isfinite(nf)) or np.any(nf != np.round(nf)):
            raise ValueError("n_pulses must be an array of signed integers")
        n = nf.astype(np.int64)
    if not np.all(np.isfinite(g)):
        raise ValueError("g contains NaN or inf conductances")
    g, n = np.broadcast_arrays(g, n)
    return g, n, n.astype(float)


@spec_dataclass(eq=True)
class PulseDevice:
    """A pulse-programmed synaptic device (frozen; units S, s, J).

    See the module docstring for the update models.  Every spec'd field is
    validated against its spec (:data:`PULSE_DEVICE_SPECS`) on construction.
    """

    name: str = "custom"
    """Display name (preset names follow ``devices_pulse_update.csv``)."""
    reference: str = ""
    """Citation of the paper the numbers come from."""
    model: str = choice("neurosim", PULSE_MODELS, doc="conductance-update model")
    g_min: float = param(1e-6, 1e-12, 1.0, unit="S", log=True,
                         doc="minimum conductance (high-resistance state)")
    g_max: float = param(1e-5, 1e-12, 1.0, unit="S", log=True,
                         doc="maximum conductance, 1/R_on (low-resistance state)")
    states_ltp: int = param(64, 2, 10_000, integer=True, unit="pulses",
                            doc="number of potentiation pulses spanning g_min -> g_max")
    states_ltd: int = param(64, 2, 10_000, integer=True, unit="pulses",
                            doc="number of depression pulses spanning g_max -> g_min")
    nonlinearity_ltp: float = param(
        0.0, -MAX_LABEL, MAX_LABEL, step=0.01,
        doc="NeuroSim LTP nonlinearity label (+ = saturating potentiation)")
    nonlinearity_ltd: float = param(
        0.0, -MAX_LABEL, MAX_LABEL, step=0.01,
        doc="NeuroSim LTD nonlinearity label (- = saturating depression)")
    c2c_sigma: float = param(0.0, 0.0, 0.5, step=0.001,
                             doc="cycle-to-cycle std per pulse, fraction of (g_max - g_min)")
    d2d_sigma: float = param(
        0.0, 0.0, 0.5, step=0.005,
        doc="device-to-device relative std of conductance range and nonlinearity")
    write_pulse: str = ""
    """Programming pulse, as text (e.g. ``"+3.2 V / -2.8 V 300 us"``)."""
    energy_per_pulse: float | None = None
    """Energy per programming pulse (J), if known."""
    pulse_width: float | None = None
    """Programming pulse width (s), if known."""

    # ------------------------------------------------------------------ checks
    def __post_init__(self) -> None:
        if not self.g_max > self.g_min:
            raise ValueError(
                f"g_max = {self.g_max:.6g} S must exceed g_min = {self.g_min:.6g} S "
                f"(device {self.name!r})"
            )
        for k in ("energy_per_pulse", "pulse_width"):
            v = getattr(self, k)
            if v is not None and not (math.isfinite(float(v)) and float(v) > 0):
                raise ValueError(f"{k} = {v!r} must be a positive number or None")

    # -------------------------------------------------------------- properties
    @property
    def on_off_ratio(self) -> float:
        """``g_max / g_min``."""
        return self.g_max / self.g_min

    @property
    def a_ltp(self) -> float:
        """Normalised, signed NeuroSim A of the LTP curve (``inf`` when linear)."""
        if self.model == "linear":
            return math.inf
        return nonlinearity_to_a(self.nonlinearity_ltp)

    @property
    def a_ltd(self) -> float:
        """Normalised, signed NeuroSim A of the LTD curve (``inf`` when linear)."""
        if self.model == "linear":
            return math.inf
        return nonlinearity_to_a(self.nonlinearity_ltd)

    # ------------------------------------------------------------ parameters
    def _params(self, params: Mapping[str, Any] | None) -> dict[str, np.ndarray]:
        base = {
            "g_min": self.g_min,
            "g_max": self.g_max,
            "a_ltp": self.a_ltp,
            "a_ltd": self.a_ltd,
            "states_ltp": float(self.states_ltp),
            "states_ltd": float(self.states_ltd),
        }
        if params:
            unknown = set(params) - set(base)
            if unknown:
                raise ValueError(f"unknown device parameter(s) {sorted(unknown)}; "
                                 f"expected some of {sorted(base)}")
            base.update(params)
        return {k: np.asarray(v, dtype=float) for k, v in base.items()}

    def sample_d2d(
        self, shape: int | tuple[int, ...], rng: np.random.Generator | int | None
    ) -> dict[str, np.ndarray]:
        """Per-device parameter arrays of ``shape`` for device-to-device variation.

        Returns a dict with ``g_min``, ``g_max`` (S; log-normal, relative std
        ``d2d_sigma``, ``g_max > g_min`` enforced), ``a_ltp``, ``a_ltd`` (signed
        normalised A, log-normal in ``|a|``; ``inf`` stays ``inf``) and
        ``states_ltp``, ``states_ltd``.  Pass it as ``params=`` to the curve
        methods and :meth:`apply_pulses`.  With ``d2d_sigma = 0`` every array
        equals the nominal value.
        """
        gen = as_generator(rng) or np.random.default_rng()
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        s = self.d2d_sigma
        z = gen.standard_normal((4, *shape)) if s > 0 else np.zeros((4, *shape))
        g_max = self.g_max * np.exp(s * z[0] - 0.5 * s * s)
        g_min = self.g_min * np.exp(s * z[1] - 0.5 * s * s)
        g_min = np.minimum(g_min, 0.999 * g_max)
        out = {"g_min": g_min, "g_max": g_max}
        for i, key in ((2, "a_ltp"), (3, "a_ltd")):
            a = getattr(self, key)
            out[key] = np.full(shape, a) if math.isinf(a) else a * np.exp(s * z[i])
        out["states_ltp"] = np.full(shape, float(self.states_ltp))
        out["states_ltd"] = np.full(shape, float(self.states_ltd))
        return out

    def sample(self, rng: np.random.Generator | int | None) -> PulseDevice:
        """One device drawn from the d2d distribution, as a new ``PulseDevice``."""
        if self.d2d_sigma == 0:
            return self
        p = self.sample_d2d((), rng)
        changes: dict[str, Any] = {"g_min": float(p["g_min"]), "g_max": float(p["g_max"])}
        for key, label in (("a_ltp", "nonlinearity_ltp"), ("a_ltd", "nonlinearity_ltd")):
            a = float(p[key])
            lab = a_to_nonlinearity(a)
            changes[label] = float(np.clip(lab, -MAX_LABEL, MAX_LABEL))
        return self.with_params(**changes)

    # ---------------------------------------------------------------- curves
    def potentiation_curve(
        self, p: np.ndarray | float, *, params: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Conductance (S) at LTP pulse position ``p`` (``p = 0`` at ``g_min``)."""
        q = self._params(params)
        p = np.asarray(p, dtype=float)
        dg = q["g_max"] - q["g_min"]
        if self.model == "soft_bounds":
            alpha = 1.0 / q["states_ltp"]
            return q["g_max"] - dg * np.exp(np.maximum(p, 0.0) * np.log1p(-alpha))
        x = np.clip(p / q["states_ltp"], 0.0, 1.0)
        return q["g_min"] + dg * shape(x, q["a_ltp"])

    def depression_curve(
        self, p: np.ndarray | float, *, params: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Conductance (S) at LTD pulse position ``p`` (``p = states_ltd`` at ``g_max``).

        Depression moves ``p`` *down*: ``k`` depression pulses from ``g_max`` give
        ``depression_curve(states_ltd - k)``.
        """
        q = self._params(params)
        p = np.asarray(p, dtype=float)
        dg = q["g_max"] - q["g_min"]
        if self.model == "soft_bounds":
            alpha = 1.0 / q["states_ltd"]
            k = np.maximum(q["states_ltd"] - p, 0.0)
            return q["g_min"] + dg * np.exp(k * np.log1p(-alpha))
        x = np.clip(p / q["states_ltd"], 0.0, 1.0)
        return q["g_min"] + dg * shape(x, q["a_ltd"])

    def _norm(self, g: np.ndarray, q: dict[str, np.ndarray]) -> np.ndarray:
        return np.clip((np.asarray(g, dtype=float) - q["g_min"]) / (q["g_max"] - q["g_min"]),
                       0.0, 1.0)

    def pulses_from_g_ltp(
        self, g: np.ndarray | float, *, params: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Inverse of :meth:`potentiation_curve` (``inf`` at ``g_max`` for soft bounds)."""
        q = self._params(params)
        s = self._norm(g, q)
        if self.model == "soft_bounds":
            with np.errstate(divide="ignore"):
                return np.log1p(-s) / np.log1p(-1.0 / q["states_ltp"])
        return q["states_ltp"] * shape_inverse(s, q["a_ltp"])

    def pulses_from_g_ltd(
        self, g: np.ndarray | float, *, params: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Inverse of :meth:`depression_curve` (``-inf`` at ``g_min`` for soft bounds)."""
        q = self._params(params)
        s = self._norm(g, q)
        if self.model == "soft_bounds":
            with np.errstate(divide="ignore"):
                return q["states_ltd"] - np.log(s) / np.log1p(-1.0 / q["states_ltd"])
        return q["states_ltd"] * shape_inverse(s, q["a_ltd"])

    # --------------------------------------------------------------- updates
    def apply_pulses(
        self,
        g: np.ndarray | float,
        n_pulses: np.ndarray | int,
        *,
        rng: np.random.Generator | int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> np.ndarray:
        """Conductances (S) after signed pulse counts; vectorised, pure.

        Parameters
        ----------
        g : array_like
            Present conductances (S), any shape.
        n_pulses : array_like of int
            Signed pulse counts broadcasting against ``g`` (+ potentiation,
            - depression, 0 = untouched).
        rng : Generator, int or None
            Source of c2c noise (std ``c2c_sigma (g_max - g_min) sqrt(|n|)``).
            ``None`` gives the noiseless update.
        params : mapping, optional
            Per-device arrays from :meth:`sample_d2d` (broadcast against ``g``).

        Returns
        -------
        ndarray
            New conductances, clipped to ``[g_min, g_max]`` (per device).
        """
        gen = as_generator(rng)
        q = self._params(params)
        g, n, nf = pulse_inputs(g, n_pulses)
        with np.errstate(invalid="ignore"):
            up = self.potentiation_curve(self.pulses_from_g_ltp(g, params=params) + nf,
                                         params=params)
            down = self.depression_curve(self.pulses_from_g_ltd(g, params=params) + nf,
                                         params=params)
        out = np.where(n > 0, up, np.where(n < 0, down, g))
        if gen is not None and self.c2c_sigma > 0:
            std = self.c2c_sigma * (q["g_max"] - q["g_min"]) * np.sqrt(np.abs(nf))
            out = out + std * gen.standard_normal(out.shape)
        lo = np.broadcast_to(q["g_min"], out.shape)
        hi = np.broadcast_to(q["g_max"], out.shape)
        out = np.where(n == 0, g, np.clip(out, lo, hi))
        return out

    def pulse_response(self, n_pulses: int, seed: np.random.Generator | int | None = None
                       ) -> np.ndarray:
        """Conductance trace (S): ``n`` LTP pulses from ``g_min`` then ``n`` LTD pulses.

        Length ``2 n + 1``, starting at ``g_min``.  Pulses are applied one at a time,
        so c2c noise (only when ``c2c_sigma > 0`` and ``seed`` is given) accumulates
        along the curve as in a measurement.
        """
        if (isinstance(n_pulses, bool) or not isinstance(n_pulses, (int, np.integer))
                or not 1 <= n_pulses <= 100_000):
            raise ValueError(f"n_pulses = {n_pulses!r} must be an integer in [1, 100000]")
        n = int(n_pulses)
        gen = as_generator(seed)
        trace = np.empty(2 * n + 1)
        g = np.asarray(self.g_min)
        trace[0] = g
        for k in range(2 * n):
            g = self.apply_pulses(g, 1 if k < n else -1, rng=gen)
            trace[k + 1] = g
        return trace


#: Specs of the numeric fields, declared on :class:`PulseDevice` (widgets build sliders
#: from these; validation uses them).
PULSE_DEVICE_SPECS = PulseDevice.SPECS
