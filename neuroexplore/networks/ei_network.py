"""A small excitatory/inhibitory network of leaky integrate-and-fire neurons.

A reduced version of Brunel's sparsely connected network (Brunel 2000,
J. Comput. Neurosci. 8:183, sec. 2).  Each neuron ``i`` obeys (mV, ms)

.. math:: \\tau_m \\dot V_i = -V_i + \\mu_{ext} + \\tau_m \\sum_j J_{ij}
          \\sum_k \\delta(t - t_j^k - D),

with threshold :math:`\\theta`, reset :math:`V_r` and an absolute refractory period
:math:`\\tau_{ref}` during which :math:`V_i` is clamped at :math:`V_r`.  Each ordered
pair is connected independently with probability ``p_conn`` (no autapses); an
excitatory connection has efficacy :math:`J` and an inhibitory one :math:`-gJ`, so
``g > 4`` with 4:1 E:I neurons makes inhibition dominate (Brunel 2000, Fig. 2).

External drive, in units of Brunel's :math:`\\eta = \\nu_{ext}/\\nu_{thr}`:

* ``drive="poisson"``: every neuron receives independent Poisson events of size
  :math:`J_{ext}` at total rate :math:`\\eta\\,\\theta / (J_{ext}\\tau_m)`, whose mean
  drive is :math:`\\mu = \\eta\\theta` (so :math:`\\eta = 1` just reaches threshold
  on average);
* ``drive="constant"``: a constant :math:`\\mu_{ext} = \\eta\\theta`, for which an
  uncoupled neuron fires regularly at the analytic rate of :func:`lif_rate`.

``eta`` may also be an array giving each neuron its own drive.

Recurrent synapses are either ``"delta"`` (a spike arriving after the delay
:math:`D` makes :math:`V` jump by :math:`J_{ij}`, as in Brunel 2000) or current-based
``"exponential"`` (it adds :math:`J_{ij}\\tau_m/\\tau_s` to a current :math:`I_i` with
:math:`\\tau_s \\dot I_i = -I_i` entering as :math:`\\tau_m \\dot V_i = \\dots + I_i`, which
keeps the PSP area :math:`J\\tau_m`).  External Poisson events are always
delta-shaped.

Regimes of the defaults (N_E = 400, N_I = 100, p = 0.1 so C_E = 40, J = 1 mV,
eta = 2, D = 1.5 ms; 500 ms, seeds 0-2, measured): g = 2 gives ~290 Hz with ISI
CV ~ 0.15 (excitation dominated, firing near saturation 1/(t_ref + D)); g = 5 gives
70-105 Hz, CV ~ 0.6-0.75; g = 8 gives 48-61 Hz, CV ~ 0.8-0.95 (irregular).  The network is
small, so the population rate keeps finite-size fluctuations; Brunel's asynchronous
irregular state is strictly a large-N notion, and no synchrony measure is asserted.

Time stepping is exact for the linear sub-threshold dynamics between steps
(exponential propagators, Rotter & Diesmann 1999, Biol. Cybern. 81:381); spikes
are detected on the grid ``dt``.  The connectivity is stored sparsely
(:func:`.sparse.bernoulli_csr`, no dense N x N matrix); a numba kernel runs the
time loop and writes each spike's efficacies into a ring buffer of length ``D/dt``.
External Poisson events are drawn as exponential waiting times per neuron (a
Poisson count per step when more than one event per step is expected).  10,000
neurons (N_E = 8000, N_I = 2000, p = 0.005, defaults otherwise) for 1 s take about
0.85 s of CPU time on the 2-core development machine (measured, loaded).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, check_dt, takes_specs
from .sparse import bernoulli_csr

__all__ = ["EI_NETWORK_SPECS", "NetworkTrace", "simulate_ei_network", "lif_rate"]

EI_NETWORK_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ParamSpec("n_exc", 400, 1, 40_000, integer=True, doc="excitatory neurons N_E"),
    ParamSpec("n_inh", 100, 0, 10_000, integer=True, doc="inhibitory neurons N_I"),
    ParamSpec("p_conn", 0.1, 0.0, 1.0, step=0.01, doc="connection probability epsilon"),
    ParamSpec("J", 1.0, 0.0, 5.0, step=0.01, unit="mV", doc="excitatory PSP amplitude"),
    ParamSpec("g", 5.0, 0.0, 10.0, step=0.1, doc="relative inhibitory strength (J_I = -g J)"),
    ParamSpec("eta", 2.0, 0.0, 6.0, step=0.05, doc="external drive nu_ext / nu_thr"),
    ChoiceSpec("drive", "poisson", ("poisson", "constant"), doc="external input"),
    ParamSpec("J_ext", 1.0, 0.01, 5.0, step=0.01, unit="mV", doc="external event PSP size"),
    ParamSpec("tau_m", 20.0, 2.0, 100.0, step=0.5, unit="ms", doc="membrane time constant"),
    ParamSpec("theta", 20.0, 1.0, 50.0, step=0.5, unit="mV", doc="firing threshold"),
    ParamSpec("v_reset", 10.0, -20.0, 40.0, step=0.5, unit="mV", doc="reset potential"),
    ParamSpec("t_ref", 2.0, 0.0, 20.0, step=0.1, unit="ms", doc="refractory period"),
    ParamSpec("delay", 1.5, 0.01, 20.0, step=0.1, unit="ms", doc="synaptic delay D"),
    ChoiceSpec("synapse", "delta", ("delta", "exponential"), doc="recurrent synapse shape"),
    ParamSpec("tau_syn", 2.0, 0.1, 20.0, step=0.1, unit="ms", doc="exponential synapse decay"),
    ParamSpec("t_stop", 500.0, 1.0, 10000.0, step=10.0, unit="ms", doc="simulated time"),
    ParamSpec("dt", 0.1, 0.01, 0.5, step=0.01, unit="ms", doc="time step"),
    ParamSpec("n_record", 5, 0, 50, integer=True, doc="membrane traces recorded"),
)


_SPECS = {s.name: s for s in EI_NETWORK_SPECS}


@takes_specs(tuple(_SPECS[n] for n in ("tau_m", "theta", "v_reset", "t_ref")))
def lif_rate(
    mu: np.ndarray | float,
    *,
    tau_m: float = FROM_SPEC,
    theta: float = FROM_SPEC,
    v_reset: float = FROM_SPEC,
    t_ref: float = FROM_SPEC,
) -> np.ndarray:
    """Firing rate (Hz) of a LIF neuron under constant drive ``mu`` (mV).

    :math:`\\nu = [\\tau_{ref} + \\tau_m \\ln((\\mu - V_r)/(\\mu - \\theta))]^{-1}` for
    :math:`\\mu > \\theta`, else 0 (e.g. Gerstner et al. 2014, *Neuronal Dynamics*, eq. 1.11).

    Examples
    --------
    >>> round(float(lif_rate(30.0)), 3)   # T = 2 + 20 ln 2 ms
    63.04
    """
    if np.any(np.asarray(v_reset) >= np.asarray(theta)):
        raise ValueError(f"v_reset = {np.max(v_reset):g} mV must be below theta = "
                         f"{np.min(theta):g} mV (valid range: v_reset < theta)")
    mu = np.asarray(mu, dtype=float)
    above = mu > theta
    safe = np.where(above, mu, theta + 1.0)
    period = t_ref + tau_m * np.log((safe - v_reset) / (safe - theta))
    return np.where(above, 1000.0 / period, 0.0)


@dataclass(frozen=True)
class NetworkTrace:
    """Spikes and recorded potentials of :func:`simulate_ei_network`.

    Attributes
    ----------
    spike_times : ndarray, float, ms
    spike_neurons : ndarray, int
        Neuron index of each spike; ``0..n_exc-1`` excitatory, then inhibitory.
    n_exc, n_inh : int
    t_stop, dt : float (ms)
    t : ndarray, shape (steps + 1,)
        Time grid of the recorded potentials.
    v : ndarray, shape (n_record, steps + 1)
        Membrane potentials (mV) of the first ``n_record`` excitatory neurons.
    n_connections : int
    """

    spike_times: np.ndarray
    spike_neurons: np.ndarray
    n_exc: int
    n_inh: int
    t_stop: float
    dt: float
    t: np.ndarray
    v: np.ndarray
    n_connections: int

    @property
    def n_neurons(self) -> int:
        return self.n_exc + self.n_inh

    def _select(self, population: str) -> tuple[np.ndarray, int]:
        if population == "all":
            return np.ones(self.spike_neurons.shape, bool), self.n_neurons
        if population == "exc":
            return self.spike_neurons < self.n_exc, self.n_exc
        if population == "inh":
            return self.spike_neurons >= self.n_exc, self.n_inh
        raise ValueError(f"population = {population!r} is not valid; expected 'all', 'exc', 'inh'")

    def rates(self) -> np.ndarray:
        """Mean firing rate of every neuron (Hz), shape ``(n_neurons,)``."""
        counts = np.bincount(self.spike_neurons, minlength=self.n_neurons)
        return counts * 1000.0 / self.t_stop

    def mean_rate(self, population: str = "all") -> float:
        """Mean rate per neuron (Hz) of ``"all"``, ``"exc"`` or ``"inh"`` neurons."""
        sel, n = self._select(population)
        return float(sel.sum() * 1000.0 / (self.t_stop * n)) if n else 0.0

    def population_rate(
        self, bin_ms: float = 1.0, population: str = "all"
    ) -> tuple[np.ndarray, np.ndarray]:
        """Population rate (Hz per neuron) in bins; returns ``(bin_centres_ms, rate_hz)``."""
        if not self.dt <= bin_ms <= self.t_stop:
            raise ValueError(
                f"bin_ms = {bin_ms} is outside its valid range [{self.dt}, {self.t_stop}] ms"
            )
        sel, n = self._select(population)
        edges = np.arange(0.0, self.t_stop + 0.5 * bin_ms, bin_ms)
        counts, _ = np.histogram(self.spike_times[sel], bins=edges)
        widths = np.diff(edges)
        return 0.5 * (edges[1:] + edges[:-1]), counts * 1000.0 / (max(n, 1) * widths)

    def cv_isi(self, min_spikes: int = 3) -> np.ndarray:
        """Coefficient of variation of the ISIs of each neuron with >= ``min_spikes`` spikes."""
        order = np.lexsort((self.spike_times, self.spike_neurons))
        nrn, ts = self.spike_neurons[order], self.spike_times[order]
        same = nrn[1:] == nrn[:-1]
        isi, who = np.diff(ts)[same], nrn[1:][same]
        cnt = np.bincount(who, minlength=self.n_neurons)
        keep = cnt >= max(2, min_spikes - 1)
        s1 = np.bincount(who, isi, minlength=self.n_neurons)
        s2 = np.bincount(who, isi * isi, minlength=self.n_neurons)
        mean = s1[keep] / cnt[keep]
        var = np.maximum(s2[keep] / cnt[keep] - mean**2, 0.0)
        return np.sqrt(var) / mean

    def mean_cv(self, min_spikes: int = 3) -> float | None:
        """Mean ISI CV over neurons with enough spikes; ``None`` when there are none."""
        cv = self.cv_isi(min_spikes)
        return float(cv.mean()) if cv.size else None


@takes_specs(EI_NETWORK_SPECS)
def simulate_ei_network(
    n_exc: int = FROM_SPEC,
    n_inh: int = FROM_SPEC,
    *,
    p_conn: float = FROM_SPEC,
    J: float = FROM_SPEC,
    g: float = FROM_SPEC,
    eta: float | np.ndarray = FROM_SPEC,
    drive: str = FROM_SPEC,
    J_ext: float = FROM_SPEC,
    tau_m: float = FROM_SPEC,
    theta: float = FROM_SPEC,
    v_reset: float = FROM_SPEC,
    t_ref: float = FROM_SPEC,
    delay: float = FROM_SPEC,
    synapse: str = FROM_SPEC,
    tau_syn: float = FROM_SPEC,
    t_stop: float = FROM_SPEC,
    dt: float = FROM_SPEC,
    n_record: int = FROM_SPEC,
    v_init: np.ndarray | None = None,
    seed: int | None = 0,
) -> NetworkTrace:
    """Simulate the E/I LIF network (see the module docstring for the equations).

    Parameters are listed, with units and ranges, in ``EI_NETWORK_SPECS``.
    ``v_init`` (mV, shape ``(n_exc + n_inh,)``) defaults to a seeded uniform draw
    in ``[v_reset, theta)``; ``seed`` also seeds the connectivity and the Poisson
    drive.

    Examples
    --------
    >>> tr = simulate_ei_network(80, 20, t_stop=100.0, seed=1)
    >>> tr.n_neurons, bool(tr.mean_rate() > 0)
    (100, True)
    """
    dt = check_dt(dt, t_stop, dt_max=0.5, dt_min=0.01)
    if v_reset >= theta:
        raise ValueError(
            f"v_reset = {v_reset:g} mV must be below theta = {theta:g} mV"
        )
    NE, NI = n_exc, n_inh
    N = NE + NI
    eta_arr = np.broadcast_to(np.asarray(eta, dtype=float), (N,)) if np.ndim(
        eta) == 0 else np.asarray(eta, dtype=float)
    if eta_arr.shape != (N,):
        raise ValueError(f"eta must be a scalar or have shape ({N},), got {eta_arr.shape}")
    rng = np.random.default_rng(seed)

    # Connectivity in CSR form, presynaptic-major (no dense N x N matrix).
    indptr, indices = bernoulli_csr(N, p_conn, rng)
    w_exc, w_inh = J, -g * J
    if synapse == "exponential":
        w_exc, w_inh = w_exc * tau_m / tau_syn, w_inh * tau_m / tau_syn

    theta_, vr, tau = theta, v_reset, tau_m
    if v_init is None:
        v = rng.uniform(vr, theta_, size=N)
    else:
        v = np.asarray(v_init, dtype=float).copy()
        if v.shape != (N,) or not np.all(np.isfinite(v)):
            raise ValueError(f"v_init must be a finite array of shape ({N},), got {v.shape}")
        v = np.minimum(v, theta_)

    n_steps = int(round(t_stop / dt))
    decay = np.exp(-dt / tau)
    poisson = drive == "poisson"
    mu = np.zeros(N) if poisson else eta_arr * theta_
    lam = np.ascontiguousarray(eta_arr * theta_ / (J_ext * tau) * dt)  # events per step
    exp_syn = synapse == "exponential"
    syn_decay = syn_to_v = 0.0
    if exp_syn:
        ts = tau_syn
        syn_decay = np.exp(-dt / ts)
        if abs(ts - tau) < 1e-9:
            syn_to_v = dt / tau * np.exp(-dt / tau)
        else:
            syn_to_v = ts / (ts - tau) * (np.exp(-dt / ts) - np.exp(-dt / tau))
    n_delay = max(1, int(round(delay / dt)))
    ref_steps = int(round(t_ref / dt))
    v_rec = np.empty((min(n_record, N), n_steps + 1))
    from . import _kernels  # numba: compiled (or loaded from cache) on first use

    cap = int(min(max(N * t_stop / 1000.0 * 50.0, 1024), 50_000_000))
    steps, ids = _kernels.run_ei(
        n_steps, v, mu, lam, float(J_ext), poisson, float(decay), exp_syn, float(syn_decay),
        float(syn_to_v), float(theta_), float(vr), ref_steps, n_delay, NE, float(w_exc),
        float(w_inh), indptr, indices, v_rec, rng, cap)
    return NetworkTrace(
        spike_times=steps * dt,
        spike_neurons=ids.astype(np.int64),
        n_exc=NE,
        n_inh=NI,
        t_stop=n_steps * dt,
        dt=dt,
        t=np.arange(n_steps + 1) * dt,
        v=v_rec,
        n_connections=int(indptr[-1]),
    )
