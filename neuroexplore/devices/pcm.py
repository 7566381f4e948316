"""Phase-change memory (PCM): programming, conductance drift and read noise.

Two layers:

1. **Statistical inference model** (Joshi et al., *Accurate deep neural network
   inference using computational phase-change memory*, Nat. Commun. 11:2473, 2020,
   Methods and Supplementary Note; Nandakumar et al. 2019), calibrated on
   doped-Ge2Sb2Te5 mushroom cells with ``g_max = 25 uS``, ``t0 = 20 s`` and
   ``t_read = 250 ns``.  With the dimensionless ``x = g / g_max`` (the conductance
   relative to the device's maximum, as in IBM aihwkit's ``PCMLikeNoiseModel``:
   ``g_relative = g_target / g_max``):

   * programming noise std (uS on the 25-uS scale):
     ``sigma_p = 0.26348 + 1.9650 x - 1.1731 x^2``;
   * drift ``G(t) = G(t0) (t/t0)^(-nu)`` with ``nu ~ N(mu_nu, sigma_nu)``,
     ``mu_nu = clamp(-0.0155 ln x + 0.0244, 0.049, 0.1)``,
     ``sigma_nu = clamp(-0.0125 ln x - 0.0059, 0.008, 0.045)``;
   * 1/f read noise: relative std
     ``Q = min(0.0088 / max(x^0.65, 1e-3), 0.2) * sqrt(ln((t + t_read) / (2 t_read)))``,
     ``x = |g_prog| / g_max``.

   The drift and read-noise fits take ``x``, *not* ``g`` in uS (in uS their clamps
   saturate: ``mu_nu`` would sit at its 0.049 floor above 0.2 uS and the read noise
   would be ~8x too small).  E.g. at ``x = 0.1``: ``mu_nu = 0.0601``,
   ``sigma_nu = 0.0229``, ``Q = 0.0393``; at ``x = 1``: 0.049, 0.008, 0.0088.  The
   functions take and return siemens; only the programming-noise std carries a unit,
   and it scales with ``g_max`` (``sigma_S = sigma_p * 1e-6 * g_max / 25e-6``), as in
   aihwkit.  Scaling ``g`` and ``g_max`` together leaves ``nu`` and ``Q`` unchanged.

2. **Pulse physics of one cell** (:class:`PCMCell`): gradual, accumulative,
   saturating SET (crystallisation) and abrupt RESET (melt-quench to ``g_min`` in
   one pulse above the melt threshold).  Per SET pulse of amplitude ``V`` and width
   ``w`` the crystalline fraction grows as
   ``f <- f + gamma (1 - f)``, ``gamma = (1 - exp(-w/tau_cryst)) (V - V_set)/(V_melt - V_set)``
   for ``V_set <= V < V_melt`` (no change below ``V_set``), and
   ``G = g_min + (g_max - g_min) f``.  This is the phenomenological
   "growth-limited crystallisation" picture of Burr et al., J. Vac. Sci. Technol. B
   28:223 (2010) and Kuzum et al., Nano Lett. 12:2179 (2012): each pulse crystallises
   a fraction of the remaining amorphous volume, so ``f_n = 1 - (1 - gamma)^n``.

Units: siemens (S), seconds (s), volts (V).

Examples
--------
>>> round(float(pcm_programming_noise_std(25e-6, 25e-6)) * 1e6, 5)
1.05538
>>> float(pcm_drift(1e-5, 200.0, 20.0, 0.05)) == 1e-5 * 10 ** -0.05
True
"""

from __future__ import annotations

import numpy as np

from ..params import param, spec_dataclass
from ..seeding import as_generator

__all__ = [
    "PCM_G_MAX",
    "PCM_T0",
    "PCM_T_READ",
    "PROG_NOISE_COEFFS",
    "pcm_programming_noise_std",
    "pcm_program",
    "pcm_drift_nu_stats",
    "pcm_drift_nu",
    "pcm_drift",
    "pcm_read_noise_std",
    "pcm_read_noise",
    "pcm_drift_compensation",
    "PCMCell",
    "PCM_CELL_SPECS",
]

#: Published calibration scale (S), reference time t0 (s) and read duration (s).
PCM_G_MAX = 25e-6
PCM_T0 = 20.0
PCM_T_READ = 250e-9
#: Programming-noise polynomial (uS): c0 + c1 x + c2 x^2, x = g_target/g_max.
PROG_NOISE_COEFFS = (0.26348, 1.9650, -1.1731)


def _arr(name: str, value, *, low: float = 0.0, allow_equal: bool = True) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a) | ((a < low) if allow_equal else (a <= low))
    if np.any(bad):
        worst = a[bad].flat[0] if a.ndim else float(a)
        rel = ">=" if allow_equal else ">"
        raise ValueError(f"{name} = {worst:.6g} is invalid: it must be finite and {rel} {low:g}")
    return a


def _relative(g, g_max: float) -> np.ndarray:
    """``x = g / g_max`` (dimensionless), validated: ``g >= 0``, ``g_max > 0``."""
    g_max = float(_arr("g_max", g_max, allow_equal=False))
    return _arr("g", g) / g_max


def pcm_programming_noise_std(g_target, g_max: float = PCM_G_MAX) -> np.ndarray:
    """Programming-noise std (S) for target conductances ``g_target`` (S).

    ``sigma = (0.26348 + 1.9650 x - 1.1731 x^2) uS * (g_max / 25 uS)``, ``x = g_target/g_max``
    clipped to ``[0, 1]`` (Joshi et al. 2020, Methods).
    """
    g_max = float(_arr("g_max", g_max, allow_equal=False))
    x = np.clip(_arr("g_target", g_target) / g_max, 0.0, 1.0)
    c0, c1, c2 = PROG_NOISE_COEFFS
    return (c0 + c1 * x + c2 * x**2) * 1e-6 * (g_max / PCM_G_MAX)


def pcm_program(g_target, rng, g_max: float = PCM_G_MAX) -> np.ndarray:
    """Programmed conductances (S): target plus Gaussian programming noise, clipped to >= 0."""
    gen = as_generator(rng) or np.random.default_rng()
    g_target = _arr("g_target", g_target)
    std = pcm_programming_noise_std(g_target, g_max)
    return np.maximum(g_target + std * gen.standard_normal(np.shape(g_target)), 0.0)


def pcm_drift_nu_stats(g, g_max: float = PCM_G_MAX) -> tuple[np.ndarray, np.ndarray]:
    """Mean and std of the drift exponent ``nu`` at conductance ``g`` (S).

    ``mu = clamp(-0.0155 ln x + 0.0244, 0.049, 0.1)``,
    ``sigma = clamp(-0.0125 ln x - 0.0059, 0.008, 0.045)`` with the relative
    conductance ``x = g / g_max`` (Joshi et al. 2020; aihwkit ``PCMLikeNoiseModel``).
    ``g = 0`` takes the limits (0.1, 0.045).

    Examples
    --------
    >>> mu, sd = pcm_drift_nu_stats(2.5e-6, 25e-6)  # x = 0.1
    >>> round(float(mu), 4), round(float(sd), 4)
    (0.0601, 0.0229)
    """
    x = _relative(g, g_max)
    with np.errstate(divide="ignore"):
        ln_x = np.log(x)
    mu = np.clip(-0.0155 * ln_x + 0.0244, 0.049, 0.1)
    sd = np.clip(-0.0125 * ln_x - 0.0059, 0.008, 0.045)
    return mu, sd


def pcm_drift_nu(g, rng, g_max: float = PCM_G_MAX) -> np.ndarray:
    """Per-device drift exponents ``nu ~ N(mu(g), sigma(g))``, clipped at 0 (no negative drift)."""
    gen = as_generator(rng) or np.random.default_rng()
    mu, sd = pcm_drift_nu_stats(g, g_max)
    return np.maximum(mu + sd * gen.standard_normal(np.shape(mu)), 0.0)


def pcm_drift(g0, t, t0: float = PCM_T0, nu=0.05) -> np.ndarray:
    """Power-law drift ``G(t) = G(t0) (t / t0)^(-nu)`` (S); ``t``, ``t0`` in s (> 0)."""
    g0 = _arr("g0", g0)
    t = _arr("t", t, allow_equal=False)
    t0 = _arr("t0", t0, allow_equal=False)
    nu = _arr("nu", nu)
    return g0 * (t / t0) ** (-nu)


def pcm_read_noise_std(g, t, t_read: float = PCM_T_READ, g_max: float = PCM_G_MAX):
    """Relative 1/f read-noise std ``Q(x) sqrt(ln((t + t_read)/(2 t_read)))`` (dimensionless).

    ``Q = min(0.0088 / max(x^0.65, 1e-3), 0.2)`` with ``x = g / g_max``, ``g`` the
    programmed conductance (``g = 0`` -> 0.2); the absolute std of a read of ``G(t)``
    is ``|G(t)|`` times this.  ``t`` must be ``>= t_read`` so that the logarithm is
    non-negative.

    Examples
    --------
    >>> t = 250e-9 * (2 * np.e - 1)  # ln((t + t_read) / (2 t_read)) = 1
    >>> round(float(pcm_read_noise_std(2.5e-6, t, g_max=25e-6)), 4)  # x = 0.1
    0.0393
    """
    t_read = float(_arr("t_read", t_read, allow_equal=False))
    t = _arr("t", t, low=t_read)
    x = _relative(g, g_max)
    q = np.minimum(0.0088 / np.maximum(x**0.65, 1e-3), 0.2)
    return q * np.sqrt(np.log((t + t_read) / (2.0 * t_read)))


def pcm_read_noise(g, t, rng, t_read: float = PCM_T_READ, g_max: float = PCM_G_MAX):
    """One noisy read of ``g`` (S) at time ``t`` (s): ``g (1 + std N(0, 1))``, clipped at 0."""
    gen = as_generator(rng) or np.random.default_rng()
    g = _arr("g", g)
    std = pcm_read_noise_std(g, t, t_read, g_max)
    shape = np.broadcast_shapes(np.shape(g), np.shape(std))
    return np.maximum(g * (1.0 + std * gen.standard_normal(shape)), 0.0)


def pcm_drift_compensation(read_t, read_t0) -> float:
    """Global drift-compensation factor: ``sum|read(t0)| / sum|read(t)|`` (Joshi et al. 2020).

    Multiply outputs read at ``t`` by this factor to undo the mean drift.
    """
    num = float(np.sum(np.abs(_arr_any("read_t0", read_t0))))
    den = float(np.sum(np.abs(_arr_any("read_t", read_t))))
    if den == 0.0:
        raise ValueError("read_t sums to zero: drift compensation is undefined")
    return num / den


def _arr_any(name: str, value) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf")
    return a


# ----------------------------------------------------------------- cell physics
@spec_dataclass(eq=True)
class PCMCell:
    """One PCM cell: gradual SET, abrupt RESET (module docstring; units S, V, s)."""

    g_min: float = param(0.1e-6, 1e-9, 1e-3, unit="S", log=True,
                         doc="fully amorphous (RESET) conductance")
    g_max: float = param(25e-6, 1e-8, 1e-2, unit="S", log=True,
                         doc="fully crystalline (SET) conductance")
    v_set: float = param(0.6, 0.05, 5.0, unit="V", doc="crystallisation threshold voltage")
    v_melt: float = param(1.5, 0.1, 10.0, unit="V", doc="melt (RESET) threshold voltage")
    tau_cryst: float = param(500e-9, 1e-9, 1e-3, unit="s", log=True,
                             doc="crystal-growth time constant at V_melt")

    def __post_init__(self) -> None:
        if not self.g_max > self.g_min:
            raise ValueError(f"g_max = {self.g_max:.6g} S must exceed g_min = {self.g_min:.6g} S")
        if not self.v_melt > self.v_set:
            raise ValueError(f"v_melt = {self.v_melt:.6g} V must exceed v_set = {self.v_set:.6g} V")

    def set_gain(self, amplitude, width) -> np.ndarray:
        """Fraction ``gamma`` of the remaining amorphous volume crystallised by one pulse."""
        v = _arr_any("amplitude", amplitude)
        w = _arr("width", width, allow_equal=False)
        drive = np.clip((v - self.v_set) / (self.v_melt - self.v_set), 0.0, 1.0)
        drive = np.where(v >= self.v_melt, 0.0, drive)
        return -np.expm1(-w / self.tau_cryst) * drive

    def fraction(self, g) -> np.ndarray:
        """Crystalline fraction of conductance ``g`` (S), in ``[0, 1]``."""
        return np.clip((_arr("g", g) - self.g_min) / (self.g_max - self.g_min), 0.0, 1.0)

    def apply_pulse(self, g, amplitude, width=100e-9) -> np.ndarray:
        """Conductance (S) after one pulse of ``amplitude`` (V, >0) and ``width`` (s).

        ``amplitude >= v_melt``: RESET to ``g_min``; ``v_set <= amplitude < v_melt``:
        partial SET; below ``v_set``: unchanged.  Vectorised over ``g``/``amplitude``.
        """
        g = np.clip(_arr("g", g), self.g_min, self.g_max)
        v = np.asarray(amplitude, dtype=float)
        f = self.fraction(g)
        gamma = self.set_gain(v, width)
        g_set = self.g_min + (self.g_max - self.g_min) * (f + gamma * (1.0 - f))
        return np.where(v >= self.v_melt, self.g_min, np.where(v < self.v_set, g, g_set))

    def set_train(self, n_pulses: int, amplitude: float, width: float = 100e-9,
                  g0: float | None = None) -> np.ndarray:
        """Conductance after 0..n identical SET pulses (S), closed form ``1 - (1-gamma)^n``."""
        if isinstance(n_pulses, bool) or not isinstance(n_pulses, (int, np.integer)) \
                or n_pulses < 0:
            raise ValueError(f"n_pulses = {n_pulses!r} must be a non-negative integer")
        f0 = self.fraction(self.g_min if g0 is None else g0)
        gamma = self.set_gain(amplitude, width)
        k = np.arange(n_pulses + 1)
        f = 1.0 - (1.0 - f0) * (1.0 - gamma) ** k
        return self.g_min + (self.g_max - self.g_min) * f


#: Cell parameters, declared on :class:`PCMCell`.
PCM_CELL_SPECS = PCMCell.SPECS
