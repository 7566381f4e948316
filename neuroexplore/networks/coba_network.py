"""The COBA benchmark network: sparse E/I LIF neurons with conductance synapses.

Vogels & Abbott (2005, J. Neurosci. 25:10786) built a randomly connected network of
leaky integrate-and-fire neurons with conductance-based synapses; Brette et al.
(2007, J. Comput. Neurosci. 23:349, Appendix B, *Benchmark 1*) made it the standard
simulator benchmark, and Brian's reference script (R. Brette, ``examples/misc/COBA.py``
of Brian 1) fixes the details used here.  Each neuron ``i`` obeys (mV, ms, nS, pF)

.. math:: C \\dot V_i = g_l (E_l - V_i) + (g_{ext} + g_{e,i}) (E_e - V_i) + g_{i,i} (E_i - V_i),
          \\qquad \\tau_e \\dot g_{e,i} = -g_{e,i}, \\qquad \\tau_i \\dot g_{i,i} = -g_{i,i},

with threshold :math:`V_t = -50` mV, reset :math:`V_r = -60` mV and an absolute
refractory period of 5 ms (``V`` clamped at reset, conductances keep decaying).  A
spike of excitatory neuron ``j`` increments :math:`g_e` of each of its targets by
:math:`w_e = 6` nS, one of an inhibitory neuron :math:`g_i` by :math:`w_i = 67` nS,
with no delay.  80 % of the neurons are excitatory; every ordered pair is connected
with probability ``p_conn = 0.02`` (no autapses; :func:`.sparse.bernoulli_csr`, CSR,
no dense matrix).  :math:`C = 200` pF, :math:`g_l = 10` nS (:math:`\\tau_m = 20` ms),
:math:`E_l = -60`, :math:`E_e = 0`, :math:`E_i = -80` mV, :math:`\\tau_e = 5`,
:math:`\\tau_i = 10` ms.  There is no external input (``g_ext = 0``): the activity
is self-sustained, ignited by the initial state of Brette's script,
:math:`V \\sim N(-65, 5^2)` mV, :math:`g_e \\sim N(40, 15^2)` nS and
:math:`g_i \\sim N(200, 120^2)` nS (4 and 20 times :math:`g_l`).  As in that script
the draws are not clipped: the ~5 % of neurons whose initial :math:`g_i` is negative
are transiently depolarised and help ignite the activity (clipped at 0 nS, the
network fell silent within 50 ms for 1 of 4 seeds here, and for Brian2's seed 0).

Integration (clock-driven, dt = 0.1 ms, spikes on the grid): the conductances decay
exactly; ``V`` advances by exponential Euler with the conductances frozen over the
step, :math:`V \\leftarrow V_\\infty + (V - V_\\infty) e^{-g\\,dt/C}` with
:math:`g = g_l + g_{ext} + g_e + g_i` and :math:`V_\\infty = (g_l E_l + (g_{ext} +
g_e) E_e + g_i E_i)/g` -- Brian2's ``method='exponential_euler'`` for these
equations; exact when the conductances are constant (the exponential is evaluated
by a Pade approximant to < 7e-10 relative error when :math:`g\\,dt/C \\le 0.25`, see
``_kernels``).  The scheme is stable for any
step, but freezing the conductances is only accurate for ``dt`` well below
:math:`\\tau_e`: ``dt > min(tau_e, tau_i) / 10`` is refused.

Measures of the asynchronous irregular (AI) state: the coefficient of variation of
each neuron's inter-spike intervals (``cv_isi``; ~1 for Poisson-like firing) and
Golomb's synchrony measure :math:`\\chi` (Golomb 2007, Scholarpedia 2:1347;
Golomb & Rinzel 1993), :math:`\\chi^2 = \\sigma_V^2 / \\overline{\\sigma_{V_i}^2}`, the
variance over time of the population-mean potential over the mean variance of
single potentials: 1 for full synchrony, :math:`O(1/\\sqrt{N})` when asynchronous.

Brian2 2.9 (same model and scheme, ``benchmarks/brian2_coba.py``) gives 4,000
neurons a mean rate of 19.5 +- 0.8 Hz and a mean ISI CV of 1.53 +- 0.02 (ten seeds,
``tests/engines/data/coba_brian2.json``); Brian2 resumes integrating ``V`` one step
earlier after a spike (an effective refractory period of 4.9 ms at dt = 0.1 ms),
and with ``t_ref = 4.9`` this model gives 19.0 +- 1.4 Hz, CV 1.54 (12 seeds); with
5 ms about 0.4 Hz less.

To scale the network at a fixed mean in-degree (80 inputs, the 4,000-neuron
benchmark's), pass ``p_conn = 80 / n_neurons``: 40,000 neurons at ``p_conn =
0.002``, 100,000 at ``0.0008``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import FROM_SPEC, ParamSpec, check_dt, takes_specs
from .ei_network import NetworkTrace
from .sparse import bernoulli_csr

__all__ = ["COBA_SPECS", "CobaResult", "coba"]

COBA_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("n_neurons", 4000, 1, 200_000, integer=True, doc="neurons N (80 % excitatory)"),
    ParamSpec("p_conn", 0.02, 0.0, 1.0, step=0.001, doc="connection probability of a pair"),
    ParamSpec("w_e", 6.0, 0.0, 100.0, step=0.1, unit="nS", doc="excitatory synaptic weight"),
    ParamSpec("w_i", 67.0, 0.0, 1000.0, step=1.0, unit="nS", doc="inhibitory synaptic weight"),
    ParamSpec("tau_e", 5.0, 0.5, 50.0, step=0.1, unit="ms", doc="excitatory conductance decay"),
    ParamSpec("tau_i", 10.0, 0.5, 100.0, step=0.1, unit="ms", doc="inhibitory conductance decay"),
    ParamSpec("E_e", 0.0, -30.0, 60.0, step=1.0, unit="mV", doc="excitatory reversal potential"),
    ParamSpec("E_i", -80.0, -120.0, -40.0, step=1.0, unit="mV",
              doc="inhibitory reversal potential"),
    ParamSpec("E_l", -60.0, -90.0, -40.0, step=0.5, unit="mV", doc="leak reversal potential"),
    ParamSpec("v_th", -50.0, -70.0, 0.0, step=0.5, unit="mV", doc="firing threshold"),
    ParamSpec("v_reset", -60.0, -90.0, -40.0, step=0.5, unit="mV", doc="reset potential"),
    ParamSpec("t_ref", 5.0, 0.0, 20.0, step=0.1, unit="ms", doc="refractory period"),
    ParamSpec("C", 200.0, 20.0, 2000.0, step=10.0, unit="pF", doc="membrane capacitance"),
    ParamSpec("g_l", 10.0, 1.0, 100.0, step=0.5, unit="nS", doc="leak conductance"),
    ParamSpec("g_ext", 0.0, 0.0, 200.0, step=0.5, unit="nS",
              doc="constant background conductance (reversal E_e)"),
    ParamSpec("t_stop", 1000.0, 1.0, 20_000.0, step=10.0, unit="ms", doc="simulated time"),
    ParamSpec("dt", 0.1, 0.01, 0.5, step=0.01, unit="ms", doc="time step"),
    ParamSpec("n_record", 5, 0, 100, integer=True, doc="neurons whose V, g_e, g_i are recorded"),
)

_SPECS = {s.name: s for s in COBA_SPECS}


@dataclass(frozen=True)
class CobaResult(NetworkTrace):
    """Spikes, recorded traces and AI-state measures of :func:`coba`.

    Besides the :class:`~neuroexplore.networks.NetworkTrace` fields and methods
    (``spike_times`` ms, ``spike_neurons``, ``rates()``, ``population_rate(bin_ms)``,
    ``cv_isi()``, ``mean_cv()``, ``v`` mV of the first ``n_record`` neurons):

    Attributes
    ----------
    g_e, g_i : ndarray, shape (n_record, steps + 1)
        Conductances (nS) of the recorded neurons, after the step's spikes arrived.
    synchrony : float
        Golomb's :math:`\\chi` over the whole run (0 asynchronous .. 1 synchronous).
    """

    g_e: np.ndarray
    g_i: np.ndarray
    synchrony: float

    @property
    def rate_hz(self) -> float:
        """Mean firing rate per neuron (Hz)."""
        return self.mean_rate()

    @property
    def spike_indices(self) -> np.ndarray:
        """Neuron index of each spike (same as ``spike_neurons``)."""
        return self.spike_neurons


def _initial(arr, name: str, n: int, default: np.ndarray) -> np.ndarray:
    if arr is None:
        return default
    out = np.array(arr, dtype=float).reshape(-1)
    if out.size == 1:
        out = np.full(n, out[0])
    if out.shape != (n,) or not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be a finite scalar or array of shape ({n},), "
                         f"got shape {np.shape(arr)}")
    return out


@takes_specs(COBA_SPECS)
def coba(
    n_neurons: int = FROM_SPEC,
    t_stop: float = FROM_SPEC,
    dt: float = FROM_SPEC,
    seed: int | None = 0,
    *,
    p_conn: float = FROM_SPEC,
    w_e: float = FROM_SPEC,
    w_i: float = FROM_SPEC,
    tau_e: float = FROM_SPEC,
    tau_i: float = FROM_SPEC,
    E_e: float = FROM_SPEC,
    E_i: float = FROM_SPEC,
    E_l: float = FROM_SPEC,
    v_th: float = FROM_SPEC,
    v_reset: float = FROM_SPEC,
    t_ref: float = FROM_SPEC,
    C: float = FROM_SPEC,
    g_l: float = FROM_SPEC,
    g_ext: float = FROM_SPEC,
    n_record: int = FROM_SPEC,
    v_init: np.ndarray | float | None = None,
    g_e_init: np.ndarray | float | None = None,
    g_i_init: np.ndarray | float | None = None,
    parallel: bool = False,
) -> CobaResult:
    """Simulate the COBA network of Vogels & Abbott (2005) / Brette et al. (2007).

    The equations, defaults, initial state and integration scheme are in the module
    docstring; parameters, units and ranges in ``COBA_SPECS``.  ``seed`` seeds the
    connectivity and the initial state; ``v_init`` (mV), ``g_e_init`` and ``g_i_init``
    (nS), scalars or arrays of shape ``(n_neurons,)``, replace the random initial
    state.  ``parallel=True`` updates the neurons of each step on numba's threads (the
    result does not depend on it); it pays only on an idle multi-core machine, since
    the threads meet once per step (on a loaded 2-core machine 4,000 neurons ran
    6-10 times slower than serially, measured), so the default is serial.

    Examples
    --------
    >>> res = coba(400, t_stop=200.0, p_conn=0.2, seed=1)   # same in-degree as 4,000
    >>> res.n_exc, res.n_inh, bool(res.rate_hz > 1.0)
    (320, 80, True)
    """
    dt = check_dt(dt, t_stop, dt_max=0.5, dt_min=0.01)
    if dt > min(tau_e, tau_i) / 10:
        raise ValueError(
            f"dt = {dt:g} ms must not exceed min(tau_e, tau_i) / 10 = "
            f"{min(tau_e, tau_i) / 10:g} ms (the conductances are frozen over a step)")
    if v_reset >= v_th:
        raise ValueError(f"v_reset = {v_reset:g} mV must be below v_th = {v_th:g} mV "
                         "(valid range: v_reset < v_th)")
    N = n_neurons
    NE = int(round(0.8 * N))
    rng = np.random.default_rng(seed)
    indptr, indices = bernoulli_csr(N, p_conn, rng)
    v = _initial(v_init, "v_init", N, -65.0 + 5.0 * rng.standard_normal(N))
    ge = _initial(g_e_init, "g_e_init", N, 40.0 + 15.0 * rng.standard_normal(N))
    gi = _initial(g_i_init, "g_i_init", N, 200.0 + 120.0 * rng.standard_normal(N))
    n_steps = int(round(t_stop / dt))
    P = np.array([g_l, g_ext, E_l, E_e, E_i, C, v_th, v_reset, dt,
                  np.exp(-dt / tau_e), np.exp(-dt / tau_i)])
    n_rec = min(n_record, N)
    rec = [np.empty((n_rec, n_steps + 1)) for _ in range(3)]
    from . import _kernels as kern  # numba: compiled (or loaded from cache) on first use

    cap = int(min(max(N * t_stop / 1000.0 * 30.0, 1024), 50_000_000))  # ~30 Hz, grows
    steps, ids, sum_v, sum_v2, sum_V, sum_V2 = kern.run(
        n_steps, v, ge, gi, np.zeros(N, np.int64), P, int(round(t_ref / dt)), NE,
        float(w_e), float(w_i), indptr, indices, np.arange(n_rec, dtype=np.int64),
        rec[0], rec[1], rec[2], cap, bool(parallel), True)
    var_i = np.maximum(sum_v2 / n_steps - (sum_v / n_steps) ** 2, 0.0)
    var_pop = max(sum_V2 / n_steps - (sum_V / n_steps) ** 2, 0.0)
    chi = float(np.sqrt(var_pop / var_i.mean())) if var_i.mean() > 0 else float("nan")
    return CobaResult(
        spike_times=steps * dt,
        spike_neurons=ids.astype(np.int64),
        n_exc=NE,
        n_inh=N - NE,
        t_stop=n_steps * dt,
        dt=dt,
        t=np.arange(n_steps + 1) * dt,
        v=rec[0],
        n_connections=int(indptr[-1]),
        g_e=rec[1],
        g_i=rec[2],
        synchrony=min(chi, 1.0) if np.isfinite(chi) else chi,
    )
