"""numba kernels of :func:`.coba` and :func:`.simulate_ei_network` (imported on first use).

One call runs the whole time loop.  Per step ``n -> n + 1`` (dt):

1. every neuron not refractory advances ``v`` by exponential Euler with the
   conductances of step ``n`` frozen over the step (exact for that linear ODE):
   ``g = g_l + g_ext + g_e + g_i``, ``v_inf = (g_l E_l + (g_ext + g_e) E_e + g_i E_i) / g``,
   ``v <- v_inf + (v - v_inf) exp(-g dt / C)``; a refractory neuron stays at reset;
2. the conductances decay exactly, ``g_e <- g_e exp(-dt/tau_e)`` (same for ``g_i``);
3. ``v > V_t`` is a spike at ``t_{n+1}``: ``v <- V_r``, refractory for
   ``round(t_ref / dt)`` steps;
4. each spike of neuron ``j`` adds ``w_e`` (``j < n_exc``) or ``w_i`` to ``g_e`` /
   ``g_i`` of its targets ``indices[indptr[j]:indptr[j + 1]]`` (no delay: felt from
   the next step on, as in Brian2).

``exp(-x)``, ``x = g dt / C``, is the (3,3) Pade approximant
``(1 - x/2 + x^2/10 - x^3/120) / (1 + x/2 + x^2/10 + x^3/120)`` when ``x <= 0.25``
(relative error < 7e-10 there, ~x^7/100800: 1e-13 mV on ``V`` in practice), which
lets the update be written with one division and no ``exp`` call -- about 1.8 times
faster than libm's ``exp`` here (no SVML); ``np.exp`` / ``np.expm1`` otherwise (a
negative initial conductance can make ``g`` negative or zero for a few steps, so
that branch never divides by ``g``).

The neuron update runs over chunks of neurons in a numba ``prange`` when the
network is large (``parallel``), else in one serial loop; chunks only write their
own neurons' state and their own slice of the per-step spike list, and spikes are
propagated serially in neuron order, so the result does not depend on the threads.
For the synchrony measure the kernel also sums ``v`` and ``v^2`` per neuron and for
the population mean (Golomb 2007).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

CHUNK = 2048  # neurons per parallel chunk
PADE_MAX = 0.25  # below this g dt / C, exp(-x) by its (3,3) Pade approximant


@njit(cache=True, nogil=True)
def _update(lo, hi, v, ge, gi, refr, P, ref_steps, fired, base, sum_v, sum_v2,
            rec_mask):  # pragma: no cover - compiled
    """Advance neurons ``lo:hi`` one step; write spiking ones to ``fired[base:]``."""
    g_l, g_ext, E_l, E_e, E_i, C, v_t, v_r, dt, de, di = (
        P[0], P[1], P[2], P[3], P[4], P[5], P[6], P[7], P[8], P[9], P[10])
    dt_c = dt / C
    g_rest = g_l + g_ext
    num_rest = g_l * E_l + g_ext * E_e
    count = 0
    vsum = 0.0
    for i in range(lo, hi):
        a = ge[i]
        b = gi[i]
        if refr[i] > 0:
            refr[i] -= 1
            vi = v[i]
        else:
            g = g_rest + a + b
            num = num_rest + a * E_e + b * E_i
            x = g * dt_c
            if 0.0 <= x <= PADE_MAX:  # e^-x = (p-q)/(p+q), V_inf(1-e^-x) = num dt/C (1+x²/60)/(p+q)
                x2 = x * x
                p = 1.0 + x2 * 0.1
                q = x * (0.5 + x2 * (1.0 / 120.0))
                vi = (v[i] * (p - q) + num * dt_c * (1.0 + x2 * (1.0 / 60.0))) / (p + q)
            else:  # V e^-x + V_inf (1 - e^-x), written without dividing by g (g may pass 0)
                vi = v[i] * np.exp(-x) - num * dt_c * (np.expm1(-x) / x)
            if vi > v_t:
                vi = v_r
                refr[i] = ref_steps
                fired[base + count] = i
                count += 1
            v[i] = vi
        ge[i] = a * de
        gi[i] = b * di
        if rec_mask:
            sum_v[i] += vi
            sum_v2[i] += vi * vi
            vsum += vi
    return count, vsum


@njit(cache=True, parallel=True)
def _update_parallel(v, ge, gi, refr, P, ref_steps, fired, counts, vsums, sum_v, sum_v2,
                     stats):  # pragma: no cover - compiled
    n = v.shape[0]
    n_chunks = counts.shape[0]
    for c in prange(n_chunks):
        lo = c * CHUNK
        hi = min(lo + CHUNK, n)
        cnt, vs = _update(lo, hi, v, ge, gi, refr, P, ref_steps, fired, lo, sum_v, sum_v2,
                          stats)
        counts[c] = cnt
        vsums[c] = vs


@njit(cache=True, nogil=True)
def run(n_steps, v, ge, gi, refr, P, ref_steps, n_exc, w_e, w_i, indptr, indices,
        rec_idx, rec_v, rec_ge, rec_gi, spike_cap, parallel, stats):  # pragma: no cover
    """Simulate ``n_steps``; returns ``(spike_step, spike_id, n_spikes, sums)``.

    ``sums = (sum_v, sum_v2, sum_V, sum_V2)``: per-neuron sums of ``v`` and ``v^2`` and
    the sums of the population mean ``V`` and ``V^2`` over the steps (when ``stats``).
    """
    n = v.shape[0]
    fired = np.empty(n, np.int64)
    n_chunks = (n + CHUNK - 1) // CHUNK
    counts = np.zeros(n_chunks, np.int64)
    vsums = np.zeros(n_chunks)
    sum_v = np.zeros(n if stats else 0)
    sum_v2 = np.zeros(n if stats else 0)
    sum_V = 0.0
    sum_V2 = 0.0
    spike_step = np.empty(spike_cap, np.int32)
    spike_id = np.empty(spike_cap, np.int32)
    n_sp = 0
    n_rec = rec_idx.shape[0]
    for k in range(n_rec):
        rec_v[k, 0] = v[rec_idx[k]]
        rec_ge[k, 0] = ge[rec_idx[k]]
        rec_gi[k, 0] = gi[rec_idx[k]]
    for step in range(n_steps):
        if parallel:
            _update_parallel(v, ge, gi, refr, P, ref_steps, fired, counts, vsums, sum_v,
                             sum_v2, stats)
        else:
            cnt, vs = _update(0, n, v, ge, gi, refr, P, ref_steps, fired, 0, sum_v, sum_v2,
                              stats)
            counts[0] = cnt
            vsums[0] = vs
        if stats:
            V = vsums.sum() / n
            sum_V += V
            sum_V2 += V * V
        for c in range(n_chunks if parallel else 1):
            base = c * CHUNK if parallel else 0
            for q in range(counts[c]):
                j = fired[base + q]
                if n_sp == spike_cap:  # grow the spike buffers
                    spike_cap *= 2
                    s2 = np.empty(spike_cap, np.int32)
                    s2[:n_sp] = spike_step[:n_sp]
                    spike_step = s2
                    i2 = np.empty(spike_cap, np.int32)
                    i2[:n_sp] = spike_id[:n_sp]
                    spike_id = i2
                spike_step[n_sp] = step + 1
                spike_id[n_sp] = j
                n_sp += 1
                if j < n_exc:
                    for s in range(indptr[j], indptr[j + 1]):
                        ge[indices[s]] += w_e
                else:
                    for s in range(indptr[j], indptr[j + 1]):
                        gi[indices[s]] += w_i
        for k in range(n_rec):
            rec_v[k, step + 1] = v[rec_idx[k]]
            rec_ge[k, step + 1] = ge[rec_idx[k]]
            rec_gi[k, step + 1] = gi[rec_idx[k]]
    return spike_step[:n_sp].copy(), spike_id[:n_sp].copy(), sum_v, sum_v2, sum_V, sum_V2


@njit(cache=True, nogil=True)
def run_ei(n_steps, v, mu, lam, J_ext, poisson, decay, exp_syn, syn_decay, syn_to_v, theta,
           v_reset, ref_steps, n_delay, n_exc, w_exc, w_inh, indptr, indices, v_rec, rng,
           spike_cap):  # pragma: no cover - compiled
    """Time loop of :func:`neuroexplore.networks.simulate_ei_network` (see its module).

    Per step: exact propagation of ``V`` (and the exponential current), the delayed
    input of the ring buffer slot, the external Poisson events (``lam`` mean events
    per step and neuron: exponential waiting times when ``lam <= 1``, a Poisson count
    otherwise), the refractory clamp, threshold and reset, then the spikes' efficacies
    written into the ring buffer ``n_delay`` steps ahead.
    """
    n = v.shape[0]
    ring = np.zeros((n_delay, n))
    current = np.zeros(n)
    refr = np.zeros(n, np.int64)
    next_ev = np.full(n, np.inf)
    if poisson:
        for i in range(n):
            if 0.0 < lam[i] <= 1.0:
                next_ev[i] = rng.exponential(1.0 / lam[i])
    fired = np.empty(n, np.int64)
    spike_step = np.empty(spike_cap, np.int32)
    spike_id = np.empty(spike_cap, np.int32)
    n_sp = 0
    n_rec = v_rec.shape[0]
    for k in range(n_rec):
        v_rec[k, 0] = v[k]
    for step in range(n_steps):
        slot = step % n_delay
        count = 0
        for i in range(n):
            arriving = ring[slot, i]
            ring[slot, i] = 0.0
            if exp_syn:
                vi = mu[i] + (v[i] - mu[i]) * decay + current[i] * syn_to_v
                current[i] = current[i] * syn_decay + arriving
            else:
                vi = mu[i] + (v[i] - mu[i]) * decay + arriving
            if poisson:
                li = lam[i]
                if li > 1.0:
                    vi += rng.poisson(li) * J_ext
                else:
                    while next_ev[i] < step + 1:
                        vi += J_ext
                        next_ev[i] += rng.exponential(1.0 / li)
            if refr[i] > 0:
                vi = v_reset
                refr[i] -= 1
            elif vi >= theta:
                vi = v_reset
                refr[i] = ref_steps
                fired[count] = i
                count += 1
            v[i] = vi
        for q in range(count):
            j = fired[q]
            if n_sp == spike_cap:
                spike_cap *= 2
                s2 = np.empty(spike_cap, np.int32)
                s2[:n_sp] = spike_step[:n_sp]
                spike_step = s2
                i2 = np.empty(spike_cap, np.int32)
                i2[:n_sp] = spike_id[:n_sp]
                spike_id = i2
            spike_step[n_sp] = step + 1
            spike_id[n_sp] = j
            n_sp += 1
            w = w_exc if j < n_exc else w_inh
            for s in range(indptr[j], indptr[j + 1]):
                ring[slot, indices[s]] += w
        for k in range(n_rec):
            v_rec[k, step + 1] = v[k]
    return spike_step[:n_sp].copy(), spike_id[:n_sp].copy()
