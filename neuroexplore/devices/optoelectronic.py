"""Optoelectronic synapse: photocarriers, persistent photoconductivity (PPC), light-driven STP/LTP.

Light pulses (intensity ``P`` in W/m^2, wavelength ``lambda`` in nm) generate
photocarriers in a thin absorber.  A fraction is captured by traps and released
only slowly -- the persistent photoconductivity that gives optoelectronic synapses
their memory (e.g. MoOx in-sensor synapses, Zhou et al., Nat. Nanotechnol. 14:776,
2019; oxide/organic photonic synapses reviewed by Huo et al. 2025, chapter 3;
WSe2 in-sensor networks, Mennel et al., Nature 579:62, 2020).

Model (SI; the three-store cascade of :mod:`~neuroexplore.devices.synaptic_kinetics`)::

    dn_f/dt = g(P, lambda) - n_f / tau_free               free photocarriers
    dn_t/dt = n_f / tau_capture - n_t / tau_ppc           trapped carriers (PPC)
    dn_l/dt = k_ltp n_t^2 - n_l / tau_ltp                 light-induced long-term store

    g = (F(lambda) P / P_ref)^alpha / tau_free            during a pulse, 0 otherwise
    F(lambda) = A(lambda) * lambda / lambda_ref           absorbed photon-flux factor
    A(lambda) = 1 - exp(-a(E) d),  E = h c / lambda       absorptance of a film of thickness d

    I = v_read (g_dark + g_free n_f + g_trap n_t + g_ltp n_l)

The absorption edge ``a(E)`` is the direct-gap Tauc form ``a0 sqrt((E - Eg)/1 eV)``
above ``Eg + E_U/2`` joined, with value and slope continuous, to an Urbach tail
``a0 sqrt(E_U/2 eV) exp((E - Eg - E_U/2)/E_U)`` below it (Urbach, Phys. Rev. 92:1324,
1953).  ``alpha <= 1`` is the empirical photocurrent power law ``I_ph ~ P^alpha``
(sub-linear from trap filling / bimolecular recombination; Rose, *Concepts in
Photoconductivity*, 1963).  With ``k_ltp = 0`` the kinetics are linear, so the
photocurrent scales exactly as ``P^alpha`` and the decay after a pulse is the
closed form of :func:`ppc_decay`.  ``n_f`` is normalised so that continuous
illumination at ``P_ref`` and ``lambda_ref = 550 nm`` with full absorption gives
``n_f = 1``.

Examples
--------
>>> syn = OptoelectronicSynapse()
>>> a = light_pulse_amplitudes(syn, LightPulseTrain(n_pulses=3))
>>> bool(a[2] > a[1] > a[0] > 0)
True
>>> bool(spectral_factor(syn, 300.0) > spectral_factor(syn, 800.0))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..params import FROM_SPEC, param, spec_dataclass, specs_by_name, takes_specs
from .synaptic_kinetics import CascadeState, advance, stack_states, train_states, train_trace

__all__ = [
    "OptoelectronicSynapse",
    "LightPulseTrain",
    "OptoTrace",
    "OPTOELECTRONIC_SPECS",
    "LIGHT_PULSE_SPECS",
    "photon_energy_ev",
    "absorption_coefficient",
    "absorptance",
    "spectral_factor",
    "generation_rate",
    "simulate_light_train",
    "light_pulse_amplitudes",
    "light_ppf",
    "light_retained_weight",
    "ppc_decay",
    "fit_intensity_exponent",
]

HC_EV_NM = 1239.841984  # h c in eV nm (CODATA 2018)
LAMBDA_REF_NM = 550.0

@spec_dataclass
class OptoelectronicSynapse:
    """A photonic synapse with persistent photoconductivity (frozen; SI units, eV, nm).

    Numeric fields may be broadcastable arrays; they are validated against their
    specs (:data:`OPTOELECTRONIC_SPECS`).  See the module docstring for the equations.
    """

    name: str = "custom"
    reference: str = ""
    g_dark: Any = param(1e-9, 1e-15, 1e-3, unit="S", log=True, doc="dark conductance")
    g_free: Any = param(5e-9, 1e-15, 1e-3, unit="S", log=True,
                        doc="photoconductance per unit free-carrier density n_f")
    g_trap: Any = param(5e-9, 1e-15, 1e-3, unit="S", log=True,
                        doc="photoconductance per unit trapped density n_t (PPC)")
    g_ltp: Any = param(1e-8, 1e-15, 1e-3, unit="S", log=True,
                       doc="conductance per unit long-term store n_l")
    v_read: Any = param(1.0, 1e-3, 10.0, unit="V", log=True, doc="read (drain) voltage")
    bandgap: Any = param(2.0, 0.3, 6.0, step=0.01, unit="eV", doc="optical band gap Eg")
    urbach_energy: Any = param(0.05, 0.005, 0.5, step=0.005, unit="eV",
                               doc="Urbach tail width E_U")
    absorption_coeff: Any = param(1e7, 1e4, 1e9, unit="1/m", log=True,
                                  doc="absorption prefactor a0 (1e7 /m = 1e5 /cm)")
    thickness: Any = param(5e-8, 1e-9, 1e-5, unit="m", log=True, doc="absorber thickness d")
    intensity_exponent: Any = param(0.8, 0.1, 1.0, step=0.01,
                                    doc="photocurrent power-law exponent alpha (I_ph ~ P^alpha)")
    reference_intensity: Any = param(10.0, 1e-3, 1e4, unit="W/m^2", log=True,
                                     doc="P_ref (10 W/m^2 = 1 mW/cm^2)")
    tau_free: Any = param(0.01, 1e-5, 0.09, unit="s", log=True,
                          doc="free-carrier recombination time")
    tau_capture: Any = param(0.2, 1e-3, 1e3, unit="s", log=True,
                             doc="trapping time of free carriers")
    tau_ppc: Any = param(5.0, 0.1, 100.0, unit="s", log=True,
                         doc="trap release (persistent photoconductivity) time")
    k_ltp: Any = param(0.0, 0.0, 100.0, step=0.01, unit="1/s",
                       doc="cooperative (n_t^2) formation rate of the long-term store")
    tau_ltp: Any = param(1e4, 150.0, 1e7, unit="s", log=True,
                         doc="retention time of the long-term store")

    def _rates(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return dict(a=np.asarray(g, dtype=float), b=1.0 / self.tau_free,
                    c2=1.0 / self.tau_capture, tau2=self.tau_ppc, k3=self.k_ltp,
                    tau3=self.tau_ltp)

    def conductance(self, x: CascadeState) -> np.ndarray:
        """Conductance (S) for carrier densities ``x = (n_f, n_t, n_l)``."""
        return self.g_dark + self.g_free * x.n1 + self.g_trap * x.n2 + self.g_ltp * x.n3


@spec_dataclass
class LightPulseTrain:
    """A train of identical rectangular light pulses (intensity W/m^2, wavelength nm, s)."""

    intensity: Any = param(10.0, 0.0, 1e4, unit="W/m^2",
                           doc="light intensity (10 = 1 mW/cm^2)")
    wavelength: Any = param(450.0, 200.0, 2000.0, step=1.0, unit="nm", doc="wavelength")
    width: Any = param(0.1, 1e-5, 10.0, unit="s", log=True, doc="light pulse width")
    interval: Any = param(0.5, 1e-4, 1000.0, unit="s", log=True,
                          doc="onset-to-onset interval; must exceed the width")
    n_pulses: int = param(10, 1, 500, integer=True, unit="pulses", doc="number of pulses")

    def __post_init__(self) -> None:
        if np.ndim(self.n_pulses) != 0:
            raise ValueError(f"n_pulses must be one integer, got {self.n_pulses!r}")
        if np.any(np.asarray(self.interval) <= np.asarray(self.width)):
            raise ValueError(f"interval = {np.min(self.interval):.6g} s must exceed the pulse "
                             f"width = {np.max(self.width):.6g} s")


#: Device parameters, declared on :class:`OptoelectronicSynapse`.
OPTOELECTRONIC_SPECS = OptoelectronicSynapse.SPECS
#: Light-pulse train, declared on :class:`LightPulseTrain`.
LIGHT_PULSE_SPECS = LightPulseTrain.SPECS
_LSPECS = specs_by_name(LIGHT_PULSE_SPECS)


@dataclass(frozen=True, eq=False)
class OptoTrace:
    """Time course under a light pulse train (device shape + time axis)."""

    t: np.ndarray
    """Sample times (s)."""
    intensity: np.ndarray
    """Light intensity (W/m^2)."""
    n_free: np.ndarray
    n_trap: np.ndarray
    n_ltp: np.ndarray
    current: np.ndarray
    """Device current (A)."""
    photocurrent: np.ndarray
    """Current minus dark current (A)."""
    amplitudes: np.ndarray
    """Photocurrent at the end of each pulse (A); last axis: pulse."""


# ---------------------------------------------------------------------------
# optics
# ---------------------------------------------------------------------------
def photon_energy_ev(wavelength_nm: np.ndarray | float) -> np.ndarray:
    """Photon energy ``E = h c / lambda`` (eV) for a wavelength in nm."""
    return HC_EV_NM / np.asarray(wavelength_nm, dtype=float)


def absorption_coefficient(
    syn: OptoelectronicSynapse, wavelength_nm: np.ndarray | float
) -> np.ndarray:
    """Absorption coefficient (1/m): Tauc edge joined C1-smoothly to an Urbach tail."""
    e = photon_energy_ev(wavelength_nm)
    eg, eu, a0 = syn.bandgap, syn.urbach_energy, syn.absorption_coeff
    e_join = eg + 0.5 * eu
    tauc = a0 * np.sqrt(np.maximum(e - eg, 0.0))
    tail = a0 * np.sqrt(0.5 * eu) * np.exp(np.minimum(e - e_join, 0.0) / eu)
    return np.where(e >= e_join, tauc, tail)


def absorptance(syn: OptoelectronicSynapse, wavelength_nm: np.ndarray | float) -> np.ndarray:
    """Fraction of light absorbed in the film, ``1 - exp(-a d)`` (no reflection)."""
    return -np.expm1(-absorption_coefficient(syn, wavelength_nm) * syn.thickness)


def spectral_factor(syn: OptoelectronicSynapse, wavelength_nm: np.ndarray | float) -> np.ndarray:
    """Absorbed photon flux per unit intensity relative to 550 nm: ``A(lambda) lambda/550``."""
    return absorptance(syn, wavelength_nm) * np.asarray(wavelength_nm) / LAMBDA_REF_NM


def generation_rate(
    syn: OptoelectronicSynapse, intensity: np.ndarray | float, wavelength_nm: np.ndarray | float
) -> np.ndarray:
    """Normalised photocarrier generation rate ``g`` (1/s) during illumination."""
    _LSPECS["intensity"].validate(intensity)
    _LSPECS["wavelength"].validate(wavelength_nm)
    flux = spectral_factor(syn, wavelength_nm) * np.asarray(intensity) / syn.reference_intensity
    return flux**syn.intensity_exponent / syn.tau_free


# ---------------------------------------------------------------------------
# dynamics
# ---------------------------------------------------------------------------
def _check(syn: Any, train: Any) -> None:
    if not isinstance(syn, OptoelectronicSynapse):
        raise ValueError(f"syn must be an OptoelectronicSynapse, got {type(syn).__name__}")
    if not isinstance(train, LightPulseTrain):
        raise ValueError(f"train must be a LightPulseTrain, got {type(train).__name__}")


def _states(syn: OptoelectronicSynapse, train: LightPulseTrain):
    g = generation_rate(syn, train.intensity, train.wavelength)
    return train_states(syn._rates(g), syn._rates(0.0), train.width, train.interval,
                        train.n_pulses)


def light_pulse_amplitudes(syn: OptoelectronicSynapse, train: LightPulseTrain) -> np.ndarray:
    """Photocurrent (A) at the end of each light pulse; broadcasts, last axis = pulse."""
    _check(syn, train)
    _, ends = _states(syn, train)
    x = stack_states(ends)
    ex = {k: np.expand_dims(np.asarray(getattr(syn, k)), -1)
          for k in ("g_free", "g_trap", "g_ltp", "v_read")}
    return ex["v_read"] * (ex["g_free"] * x.n1 + ex["g_trap"] * x.n2 + ex["g_ltp"] * x.n3)


@takes_specs(_LSPECS["intensity"], _LSPECS["wavelength"], _LSPECS["width"])
def light_ppf(
    syn: OptoelectronicSynapse,
    interval: np.ndarray | float,
    *,
    intensity: float | np.ndarray = FROM_SPEC,
    wavelength: float | np.ndarray = FROM_SPEC,
    width: float | np.ndarray = FROM_SPEC,
) -> np.ndarray:
    """Paired-pulse facilitation ``A2/A1`` of two light pulses ``interval`` s apart."""
    a = light_pulse_amplitudes(syn, LightPulseTrain(intensity=intensity, wavelength=wavelength,
                                                    width=width, interval=interval, n_pulses=2))
    if np.any(a[..., 0] <= 0):
        raise ValueError("PPF is undefined: the first light pulse produces no photocurrent "
                         "(intensity = 0 or photon energy far below the band gap)")
    return a[..., 1] / a[..., 0]


def light_retained_weight(
    syn: OptoelectronicSynapse, train: LightPulseTrain, delay: np.ndarray | float = 10.0
) -> np.ndarray:
    """Photoconductance (S) still present ``delay`` s after the last light pulse."""
    _check(syn, train)
    d = np.asarray(delay, dtype=float)
    if np.any(~np.isfinite(d) | (d < 0)):
        raise ValueError(f"delay must be >= 0 and finite (s), got {delay!r}")
    _, ends = _states(syn, train)
    x = advance(ends[-1], d, **syn._rates(0.0))
    return syn.conductance(x) - syn.g_dark


def simulate_light_train(
    syn: OptoelectronicSynapse,
    train: LightPulseTrain,
    *,
    t: np.ndarray | None = None,
    t_after: float = 20.0,
) -> OptoTrace:
    """Exact photocurrent trace under ``train`` (scalar timing; device fields may be arrays)."""
    _check(syn, train)
    for name in ("intensity", "wavelength", "width", "interval"):
        if np.ndim(getattr(train, name)) != 0:
            raise ValueError(f"simulate_light_train needs a scalar {name}; "
                             "use light_pulse_amplitudes to sweep it")
    if not (np.isfinite(t_after) and t_after > 0):
        raise ValueError(f"t_after = {t_after!r} s must be positive and finite")
    w, T, n = float(train.width), float(train.interval), train.n_pulses
    if t is None:
        body = (T * np.arange(n)[:, None] + np.r_[np.linspace(0, w, 17),
                                                 w + (T - w) * np.linspace(0, 1, 33)[1:-1]]
                ).ravel()
        end = T * (n - 1) + w
        t = np.unique(np.r_[body, end, end + np.geomspace(w / 20, t_after, 100)])
    t = np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size == 0 or np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("t must be a non-empty 1-D array of finite times >= 0 (s)")
    g = generation_rate(syn, train.intensity, train.wavelength)
    x, is_on, _ = train_trace(syn._rates(g), syn._rates(0.0), w, T, n, t)
    ex = {k: np.expand_dims(np.asarray(getattr(syn, k)), -1)
          for k in ("g_dark", "g_free", "g_trap", "g_ltp", "v_read")}
    photo = ex["v_read"] * (ex["g_free"] * x.n1 + ex["g_trap"] * x.n2 + ex["g_ltp"] * x.n3)
    full = photo.shape
    return OptoTrace(
        t=t,
        intensity=np.broadcast_to(np.where(is_on, float(train.intensity), 0.0), full).copy(),
        n_free=np.broadcast_to(x.n1, full).copy(),
        n_trap=np.broadcast_to(x.n2, full).copy(),
        n_ltp=np.broadcast_to(x.n3, full).copy(),
        current=photo + ex["v_read"] * ex["g_dark"],
        photocurrent=photo,
        amplitudes=light_pulse_amplitudes(syn, train),
    )


def ppc_decay(
    syn: OptoelectronicSynapse,
    t: np.ndarray | float,
    *,
    n_free0: float | np.ndarray,
    n_trap0: float | np.ndarray,
) -> np.ndarray:
    """Closed-form photocurrent decay (A) in the dark from densities ``(n_f0, n_t0)``.

    With ``k_ltp = 0``::

        I_ph(t) = v_read [ g_free n_f0 e^{-t/tau_free}
                           + g_trap ( n_t0 e^{-t/tau_ppc}
                                      + n_f0/tau_capture * (e^{-t/tau_free} - e^{-t/tau_ppc})
                                        / (1/tau_ppc - 1/tau_free) ) ]

    a fast recombination phase followed by the slow PPC tail.
    """
    if np.any(np.asarray(syn.k_ltp) != 0):
        raise ValueError("ppc_decay is the closed form for k_ltp = 0; got k_ltp != 0")
    t = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t) | (t < 0)):
        raise ValueError("t must be finite and >= 0 (s)")
    kf, kp = 1.0 / syn.tau_free, 1.0 / syn.tau_ppc
    ef, ep = np.exp(-kf * t), np.exp(-kp * t)
    trap = n_trap0 * ep + (n_free0 / syn.tau_capture) * (ef - ep) / (kp - kf)
    return syn.v_read * (syn.g_free * n_free0 * ef + syn.g_trap * trap)


def fit_intensity_exponent(
    intensity: np.ndarray, photocurrent: np.ndarray
) -> tuple[float, float]:
    """Least-squares power law ``I_ph = c P^alpha`` in log-log; returns ``(alpha, c)``."""
    p = np.asarray(intensity, dtype=float)
    i = np.asarray(photocurrent, dtype=float)
    if p.ndim != 1 or p.shape != i.shape or p.size < 2:
        raise ValueError("intensity and photocurrent must be 1-D arrays of equal length >= 2")
    if np.any(~np.isfinite(p) | (p <= 0)) or np.any(~np.isfinite(i) | (i <= 0)):
        raise ValueError("intensity and photocurrent must be positive and finite")
    slope, icpt = np.polyfit(np.log(p), np.log(i), 1)
    return float(slope), float(np.exp(icpt))
