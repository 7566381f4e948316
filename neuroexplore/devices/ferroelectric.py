"""Multi-domain ferroelectric FET (FeFET): partial polarisation switching -> analog states.

Model
-----
The gate ferroelectric is an ensemble of ``N`` independent domains, each a
rectangular hysteron (Preisach 1935; Mayergoyz, *Mathematical Models of
Hysteresis*, 1991) with polarisation ``s_i = +-1``.  Domain ``i`` has a coercive
voltage ``V_c,i`` drawn from a Gaussian or Lorentzian distribution (mean
``vc_mean``, width ``vc_sigma``), taken on a deterministic quantile grid so the
ensemble is reproducible; its switching thresholds are ``imprint +- V_c,i``.

Switching kinetics follow a Merz-type law per domain (Merz, Phys. Rev. 95:690,
1954; nucleation-limited switching, Tagantsev et al., PRB 66:214109, 2002): under a
drive ``u`` (the pulse amplitude minus ``imprint``, signed along the switching
direction) the waiting time is ``tau_i(u) = tau0 exp(V_c,i L / u)`` with
``L = ln(w_ref / tau0)``, so that a single pulse of the reference width ``w_ref``
switches exactly the domains with ``V_c,i <= u``.  Nucleation is accumulative
(Mulaosmanovic et al., ACS Appl. Mater. Interfaces 9:3792, 2017): each pulse adds
``w / tau_i(u)`` to a domain's progress and the domain flips when the progress
reaches 1; a pulse of the opposite polarity erases the progress of the domains
it does not act on.  Hence ``n`` pulses of width ``w`` act like one pulse of width
``n w``, and a single pulse of width ``w`` switches the domains with
``V_c,i <= u ln(w/tau0) / L``.

Polarisation ``P = P_s mean(s_i)`` (C/m^2) shifts the threshold voltage
``V_th = v_th0 - (P/P_s) MW/2`` (memory window ``MW``, V), and the channel
conductance at gate bias ``v_read`` follows the EKV interpolation
``G = g_spec ln^2(1 + exp((v_read - V_th)/(2 n phi_t)))`` (S), sub-threshold
exponential to above-threshold quadratic (Enz, Krummenacher & Vittoz 1995).

Reference device: Jerry et al., *Ferroelectric FET analog synapse for acceleration
of deep neural network training*, IEDM 2017 (HZO FeFET, 32 states with 75 ns
amplitude-modulated pulses; row "HZO FeFET" of the device table).

Units: volts (V), seconds (s), coulombs per square metre (C/m^2), siemens (S).

Examples
--------
>>> dev = FeFET()
>>> st = initial_state(dev, -1)
>>> tr = apply_pulses(dev, st, [dev.vc_mean], dev.w_ref)
>>> round(float(tr.polarization[-1] / dev.p_s), 2)   # half the domains switch at V = vc_mean
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from ..params import choice, param, spec_dataclass

__all__ = [
    "FeFET",
    "FEFET_SPECS",
    "FeState",
    "FeTrace",
    "initial_state",
    "coercive_voltages",
    "apply_pulses",
    "incremental_scheme",
    "distinguishable_states",
]

PHI_T = 0.02585  # thermal voltage at 300 K (V)

@spec_dataclass(eq=True)
class FeFET:
    """Multi-domain FeFET parameters (module docstring; V, s, C/m^2, S)."""

    p_s: float = param(0.2, 1e-3, 1.0, unit="C/m^2", doc="saturation polarisation (HZO ~ 0.2)")
    vc_mean: float = param(2.8, 0.1, 10.0, step=0.05, unit="V",
                           doc="mean domain coercive voltage at the reference width")
    vc_sigma: float = param(0.5, 0.01, 5.0, step=0.01, unit="V",
                            doc="width of the coercive-voltage distribution")
    distribution: str = choice("gaussian", ("gaussian", "lorentzian"),
                               doc="coercive-voltage distribution (sigma = std or half width)")
    n_domains: int = param(500, 1, 100_000, integer=True, doc="number of domains")
    imprint: float = param(0.0, -3.0, 3.0, step=0.05, unit="V", doc="built-in voltage shift")
    tau0: float = param(1e-12, 1e-15, 1e-9, unit="s", log=True, doc="Merz-law attempt time")
    w_ref: float = param(75e-9, 1e-9, 1e-3, unit="s", log=True,
                         doc="pulse width at which vc_mean is defined")
    memory_window: float = param(1.0, 0.05, 5.0, step=0.05, unit="V",
                                 doc="threshold-voltage shift between -P_s and +P_s")
    v_th0: float = param(0.6, -2.0, 3.0, step=0.01, unit="V", doc="threshold voltage at P = 0")
    v_read: float = param(0.6, -2.0, 3.0, step=0.01, unit="V", doc="gate read voltage")
    g_spec: float = param(1e-6, 1e-12, 1e-2, unit="S", log=True, doc="EKV specific conductance")
    slope_n: float = param(1.5, 1.0, 3.0, step=0.05, doc="sub-threshold slope factor n")

    def __post_init__(self) -> None:
        if self.w_ref <= self.tau0:
            raise ValueError(f"w_ref = {self.w_ref:.3g} s must exceed tau0 = {self.tau0:.3g} s")

    def threshold_voltage(self, polarization) -> np.ndarray:
        """``V_th = v_th0 - (P/P_s) MW/2`` (V)."""
        return self.v_th0 - np.asarray(polarization) / self.p_s * self.memory_window / 2

    def conductance(self, polarization) -> np.ndarray:
        """Channel conductance (S) at ``v_read`` (EKV interpolation)."""
        x = (self.v_read - self.threshold_voltage(polarization)) / (2 * self.slope_n * PHI_T)
        return self.g_spec * np.logaddexp(0.0, x) ** 2


#: FeFET parameters, declared on :class:`FeFET`.
FEFET_SPECS = FeFET.SPECS


@dataclass(frozen=True)
class FeState:
    """Domain states ``s`` (+-1) and accumulated nucleation progress, shape (..., N)."""

    s: np.ndarray
    progress: np.ndarray


@dataclass(frozen=True)
class FeTrace:
    """Polarisation (C/m^2), threshold voltage (V), conductance (S) after each pulse.

    Arrays have length ``n_pulses + 1`` along the last axis (initial state first);
    ``state`` is the final :class:`FeState`.
    """

    polarization: np.ndarray
    v_th: np.ndarray
    conductance: np.ndarray
    state: FeState


def coercive_voltages(dev: FeFET) -> np.ndarray:
    """Deterministic quantile grid of domain coercive voltages (V), shape (N,).

    Lorentzian tails are truncated at ``0.05 vc_mean`` (a coercive voltage must be
    positive).
    """
    q = (np.arange(dev.n_domains) + 0.5) / dev.n_domains
    if dev.distribution == "gaussian":
        vc = dev.vc_mean + dev.vc_sigma * ndtri(q)
    else:
        vc = dev.vc_mean + dev.vc_sigma * np.tan(np.pi * (q - 0.5))
    return np.maximum(vc, 0.05 * dev.vc_mean)


def initial_state(dev: FeFET, polarization: float = -1.0, shape: tuple[int, ...] = ()
                  ) -> FeState:
    """A state with normalised polarisation ``polarization`` in [-1, 1].

    The domains with the lowest coercive voltages point up (as after a partial
    switching pulse from negative saturation).
    """
    if not -1.0 <= float(polarization) <= 1.0:
        raise ValueError(f"polarization = {polarization} must lie in [-1, 1] (fraction of P_s)")
    n_up = int(round((float(polarization) + 1.0) / 2.0 * dev.n_domains))
    s = -np.ones((*shape, dev.n_domains))
    s[..., :n_up] = 1.0
    return FeState(s=s, progress=np.zeros_like(s))


def apply_pulses(dev: FeFET, state: FeState, amplitudes, widths) -> FeTrace:
    """Apply gate pulses one after another (vectorised over domains and devices).

    Parameters
    ----------
    dev : FeFET
    state : FeState
        Starting state (not modified).
    amplitudes : array_like, shape (n_pulses,)
        Pulse amplitudes (V); positive switches domains up.
    widths : float or array_like
        Pulse widths (s), broadcast against ``amplitudes``; each > ``tau0``.

    Returns
    -------
    FeTrace
    """
    amps = np.atleast_1d(np.asarray(amplitudes, dtype=float))
    w = np.broadcast_to(np.asarray(widths, dtype=float), amps.shape)
    if amps.ndim != 1 or not np.all(np.isfinite(amps)):
        raise ValueError("amplitudes must be a 1-D array of finite voltages (V)")
    if np.any(~np.isfinite(w) | (w <= dev.tau0)) or np.any(w > 1.0):
        raise ValueError(f"widths = {widths!r} must lie in ({dev.tau0:.3g}, 1] s")
    vc = coercive_voltages(dev)
    big_l = np.log(dev.w_ref / dev.tau0)
    s = np.array(state.s, dtype=float)
    prog = np.array(state.progress, dtype=float)
    pol = [dev.p_s * s.mean(axis=-1)]
    for v, width in zip(amps, w, strict=True):
        u = v - dev.imprint
        if u != 0.0:
            target = 1.0 if u > 0 else -1.0
            acting = s != target
            # progress per pulse = w / tau_i(u) = (w/tau0) exp(-V_c,i L / |u|)
            with np.errstate(over="ignore"):  # |u| -> 0: infinitely slow, rate -> 0
                rate = np.exp(np.log(width / dev.tau0) - vc * big_l / abs(u))
            prog = np.where(acting, prog + rate, 0.0)
            flip = acting & (prog >= 1.0 - 1e-9)
            s = np.where(flip, target, s)
            prog = np.where(flip, 0.0, prog)
        pol.append(dev.p_s * s.mean(axis=-1))
    p = np.stack(pol, axis=-1)
    return FeTrace(polarization=p, v_th=dev.threshold_voltage(p), conductance=dev.conductance(p),
                   state=FeState(s=s, progress=prog))


def incremental_scheme(n: int, v_start: float, v_stop: float) -> np.ndarray:
    """Amplitude-modulated scheme: ``n`` pulses stepping linearly ``v_start`` -> ``v_stop`` (V).

    Jerry et al. (IEDM 2017) programmed 32 states with such amplitude steps at a
    fixed 75 ns width (potentiation positive, depression negative amplitudes).
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n = {n!r} must be a positive integer")
    return np.linspace(v_start, v_stop, n)


def distinguishable_states(values, min_separation: float) -> int:
    """Number of levels in ``values`` separated by at least ``min_separation`` (greedy, sorted)."""
    if not min_separation > 0:
        raise ValueError(f"min_separation = {min_separation} must be > 0")
    vals = np.sort(np.asarray(values, dtype=float).ravel())
    count, last = 0, -np.inf
    for x in vals:
        if x - last >= min_separation:
            count += 1
            last = x
    return count
