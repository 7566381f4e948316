r"""Izhikevich simple model (Izhikevich 2003, IEEE Trans. Neural Netw. 14:1569, Eqs. 1-3).

.. math::

    v' = 0.04 v^2 + 5 v + 140 - u + I, \qquad u' = a (b v - u),

    \text{if } v \ge 30\ \text{mV}: \quad v \leftarrow c,\ u \leftarrow u + d.

Units: v in mV, t in ms, ``I`` and ``u`` in Izhikevich's dimensionless current units.

Integration: forward Euler at the user's ``dt`` (both variables from the values at
the start of the step), valid ``dt`` in [0.001, 1] ms.  Izhikevich's own code used
``dt = 1`` ms with two half-steps for v; results depend on ``dt`` at first order,
so small steps (default 0.05 ms) are recommended for quantitative work.

Spikes: when the Euler step takes v to >= 30 mV, the spike time is the linear
interpolation of the crossing of 30 mV inside that step; the trace records the peak
clipped at 30 mV at the next sample and the state is reset (v <- c, u <- u + d).

Initial state: v = -65 mV, u = b v (as in Izhikevich's published code).

Presets (a, b, c, d) are the cortical / thalamic classes of Fig. 2 of the 2003
paper: RS, IB, CH, FS, LTS, TC, RZ.  Each preset declares the stimulus protocol that
shows its signature (:data:`PROTOCOLS`, loaded by NeuronLab with the preset):

* RS, IB, CH, FS, LTS: a step of I = 10 (Fig. 2) -- RS fires with lengthening
  intervals (adaptation), IB a burst then single spikes, CH repeated bursts, FS a fast
  train without adaptation, LTS a fast start that adapts strongly.
* TC: hyperpolarised (I = -10, v near -77 mV) for 150 ms, then released to I = 0: a
  rebound burst (Fig. 2 shows TC bursting from -87 mV and firing tonically from
  -63 mV; the preset's I = 10 step shows the tonic mode).
* RZ: two 4-ms pulses of I = 0.65 40 ms apart, once the cell rests: they fire because
  the interval matches the damped subthreshold oscillation (period
  2 pi / Im(lambda) = 41.0 ms at the rest v* = -62.5 mV); 20 ms apart they do not.  The
  pulse shape and the 20 / 40 ms intervals follow Izhikevich's published script of
  the resonator panel (Izhikevich 2004, Fig. 1J).  The spike at ~20 ms is the rebound
  from the initial state v = -65 mV, below RZ's rest.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numba import njit, prange

from ..params import ParamSpec
from ._common import crossing_fraction, put_spike, sort_chunk_spikes
from .info import ModelInfo
from .stimulus_params import StimulusProtocol

__all__ = ["INFO", "SPECS", "PROTOCOLS", "V_PEAK", "V_INIT"]

V_PEAK = 30.0
V_INIT = -65.0

SPECS = (
    ParamSpec("a", 0.02, 0.001, 0.5, step=0.001, unit="1/ms", doc="recovery time scale"),
    ParamSpec("b", 0.2, -1.0, 1.0, step=0.005, unit="", doc="recovery sensitivity to v"),
    ParamSpec("c", -65.0, -80.0, -30.0, step=0.5, unit="mV", doc="after-spike reset of v"),
    ParamSpec("d", 8.0, -5.0, 20.0, step=0.05, unit="", doc="after-spike jump of u"),
)

CURRENT = ParamSpec("current", 10.0, -20.0, 40.0, step=0.05, unit="",
                    doc="input current (Izhikevich units)")

PRESETS = {
    "RS": {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "current": 10.0},
    "IB": {"a": 0.02, "b": 0.2, "c": -55.0, "d": 4.0, "current": 10.0},
    "CH": {"a": 0.02, "b": 0.2, "c": -50.0, "d": 2.0, "current": 10.0},
    "FS": {"a": 0.1, "b": 0.2, "c": -65.0, "d": 2.0, "current": 10.0},
    "LTS": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 2.0, "current": 10.0},
    "TC": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 0.05, "current": 10.0},
    "RZ": {"a": 0.1, "b": 0.26, "c": -65.0, "d": 2.0, "current": 10.0},
}

_FIG2_STEP = {"onset": 20.0, "duration": 280.0}
_FIG2 = "step of I = 10 (Izhikevich 2003, Fig. 2)"
PROTOCOLS = {
    "RS": StimulusProtocol("step", 10.0, _FIG2_STEP, 300.0,
                           f"tonic spiking with lengthening intervals (adaptation); {_FIG2}"),
    "IB": StimulusProtocol("step", 10.0, _FIG2_STEP, 300.0,
                           f"an initial burst, then single spikes; {_FIG2}"),
    "CH": StimulusProtocol("step", 10.0, _FIG2_STEP, 300.0,
                           f"repeated high-frequency bursts (chattering); {_FIG2}"),
    "FS": StimulusProtocol("step", 10.0, _FIG2_STEP, 300.0,
                           f"a fast train with a near-constant interval; {_FIG2}"),
    "LTS": StimulusProtocol("step", 10.0, _FIG2_STEP, 300.0,
                            f"a fast start that adapts strongly; {_FIG2}"),
    "TC": StimulusProtocol("step", -10.0, {"onset": 50.0, "duration": 150.0}, 400.0,
                           "no spikes while hyperpolarised, a rebound burst on release "
                           "(Izhikevich 2003, Fig. 2, TC from -87 mV)"),
    "RZ": StimulusProtocol("pulse_train", 0.65,
                           {"onset": 300.0, "duration": 45.0, "frequency": 25.0,
                            "width": 4.0}, 500.0,
                           "two 4-ms pulses 40 ms apart (the subthreshold oscillation's "
                           "period) fire; 20 ms apart (frequency 50 Hz) they do not "
                           "(Izhikevich 2004, Fig. 1J, and its published script)"),
}


@njit(cache=True)
def rhs(v, u, cur, a, b):  # pragma: no cover - jitted
    """Izhikevich right-hand side (dv/dt, du/dt) in mV/ms and 1/ms."""
    return 0.04 * v * v + 5.0 * v + 140.0 - u + cur, a * (b * v - u)


@njit(cache=True)
def _euler_step(v, u, cur, a, b, dt, v_next):  # pragma: no cover - jitted
    """Euler step of a chunk without resets: v into ``v_next``, u in place; count v >= peak.

    Kept as a separate small function so that LLVM vectorises its loop.
    """
    fired = 0
    for j in range(v.shape[0]):
        vj = v[j]
        uj = u[j]
        dv, du = rhs(vj, uj, cur[j], a[j], b[j])
        v_new = vj + dt * dv
        v_next[j] = v_new
        u[j] = uj + dt * du
        fired += v_new >= V_PEAK
    return fired


@njit(cache=True)
def _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, lo, hi, idx_buf, t_buf, start,
           cap):  # pragma: no cover - jitted
    # Time-outer / neuron-inner over the chunk, so the chunk's state stays in cache.
    # The hot loop only does the Euler step (v into a second buffer, u in place) and
    # counts threshold crossings, which lets LLVM vectorise it (SIMD lanes do the same
    # IEEE operations as scalar code, so results are bit-identical); the rare steps
    # with a spike are finished in a second pass: crossing time, v <- c, u <- u + d.
    m = hi - lo
    a = P[0, lo:hi].copy()
    b = P[1, lo:hi].copy()
    c = P[2, lo:hi].copy()
    d = P[3, lo:hi].copy()
    v = X0[0, lo:hi].copy()
    u = X0[1, lo:hi].copy()
    v_next = np.empty(m)
    peak = np.zeros(m, dtype=np.bool_)
    any_peak = False
    cur = np.empty(m)
    row_step = I.shape[0] > 1
    col_step = I.shape[1] > 1
    count = 0
    for k in range(steps):
        if k == 0 or col_step:
            kc = k if col_step else 0
            for j in range(m):
                cur[j] = I[lo + j if row_step else 0, kc]
        if rec_v:
            for j in range(m):
                V[lo + j, k] = V_PEAK if peak[j] else v[j]
        if rec_state:
            for j in range(m):
                S[0, lo + j, k] = u[j]
        fired = _euler_step(v, u, cur, a, b, dt, v_next)
        if fired > 0 or (rec_v and any_peak):
            for j in range(m):
                spike = v_next[j] >= V_PEAK
                if rec_v:
                    peak[j] = spike
                if spike:
                    f = crossing_fraction(v[j], v_next[j], V_PEAK)
                    count = put_spike(idx_buf, t_buf, start, cap, count, lo + j, (k + f) * dt)
                    v_next[j] = c[j]
                    u[j] += d[j]
            any_peak = fired > 0
        v, v_next = v_next, v
    if count <= cap:
        sort_chunk_spikes(idx_buf, t_buf, start, count, lo, hi)
    return count


@njit(cache=True, parallel=True)
def _parallel(P, I, dt, steps, rec_v, rec_state, X0, V, S, los, his, idx_buf, t_buf, starts,
              caps, counts):  # pragma: no cover - jitted
    for ch in prange(los.shape[0]):
        counts[ch] = _chunk(P, I, dt, steps, rec_v, rec_state, X0, V, S, los[ch], his[ch],
                            idx_buf, t_buf, starts[ch], caps[ch])


def _initial_state(p: Mapping[str, np.ndarray]) -> np.ndarray:
    b = np.asarray(p["b"], dtype=float)
    return np.stack([np.full_like(b, V_INIT), b * V_INIT])


INFO = ModelInfo(
    name="izhikevich",
    title="Izhikevich simple model",
    aliases=("izh", "izhikevich2003"),
    specs=SPECS,
    current=CURRENT,
    presets=PRESETS,
    protocols=PROTOCOLS,
    dt_default=0.05,
    dt_min=1e-3,
    dt_max=1.0,
    state_names=("u",),
    v_unit="mV",
    spike_rule="v >= 30 mV; time linearly interpolated inside the Euler step; peak clipped at 30",
    integrator="forward Euler",
    reference="Izhikevich, IEEE Trans. Neural Netw. 14:1569 (2003), Eqs. 1-3, Fig. 2",
    kernel=_chunk,
    parallel_kernel=_parallel,
    initial_state=_initial_state,
)
