"""Chunked / multi-threaded neuron kernels: bit-identical to the serial path, buffer reruns.

Also the start-up path of ``neuroexplore.neurons`` (no scipy.signal, scipy.optimize or
torch) and the OU noise recursion, checked bit-for-bit against scipy.signal.lfilter.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import lfilter

from neuroexplore.neurons import OrnsteinUhlenbeck, _common, model_info, models, simulate
from neuroexplore.neurons.stimuli import _ar1

# one population per model: parameters spread across neurons and a time-varying input
POPULATIONS = {
    "lif": dict(current=OrnsteinUhlenbeck(2.0, 0.8, 3.0), t_stop=120.0, dt=0.1,
                tau_m=np.linspace(5.0, 30.0, 37)),
    "adex": dict(current=OrnsteinUhlenbeck(400.0, 150.0, 3.0), t_stop=120.0, dt=0.05,
                 b=np.linspace(0.0, 120.0, 37)),
    "izhikevich": dict(current=OrnsteinUhlenbeck(8.0, 4.0, 3.0), t_stop=120.0, dt=0.1,
                       d=np.linspace(2.0, 8.0, 37)),
    "hodgkin_huxley": dict(current=OrnsteinUhlenbeck(10.0, 5.0, 2.0), t_stop=40.0, dt=0.01,
                           gK=np.linspace(30.0, 40.0, 37)),
    "fitzhugh_nagumo": dict(current=OrnsteinUhlenbeck(0.5, 0.3, 5.0), t_stop=150.0, dt=0.1,
                            tau=np.linspace(8.0, 20.0, 37)),
    "mott": dict(current=OrnsteinUhlenbeck(2.5, 0.8, 3.0), t_stop=60.0, dt=0.01,
                 C=np.linspace(100.0, 1000.0, 37)),
    "diffusive_memristor": dict(current=OrnsteinUhlenbeck(1.5, 0.8, 3.0), t_stop=60.0,
                                dt=0.01, tau_relax=np.linspace(1.0, 5.0, 37)),
}


def _assert_same(a, b):
    for name in ("spike_index", "spike_time"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    if a.v is None:
        assert b.v is None
    else:
        np.testing.assert_array_equal(a.v, b.v)
    assert a.state.keys() == b.state.keys()
    for k in a.state:
        np.testing.assert_array_equal(a.state[k], b.state[k])


def _run(model, monkeypatch, *, parallel, max_chunk=None, record="all", **extra):
    """simulate() forced onto the serial (one thread) or the chunked parallel path."""
    monkeypatch.setattr(_common, "PARALLEL_MIN_WORK", 0 if parallel else 10**18)
    if parallel:
        monkeypatch.setattr(_common, "_num_threads", lambda: 3)  # chunks even on 1 core
    if max_chunk is not None:
        monkeypatch.setattr(_common, "MAX_CHUNK", max_chunk)
    kw = dict(POPULATIONS[model], **extra)
    return simulate(model, seed=5, record=record, **kw)


@pytest.mark.parametrize("model", models())
@pytest.mark.parametrize("record", ["all", "spikes"])
def test_parallel_equals_serial_bit_for_bit(model, record, monkeypatch):
    serial = _run(model, monkeypatch, parallel=False, record=record)
    assert serial.spike_index.size > 0
    for max_chunk in (5, 256):  # ragged small chunks, and the production size
        par = _run(model, monkeypatch, parallel=True, max_chunk=max_chunk, record=record)
        _assert_same(serial, par)
    assert np.all(np.diff(serial.spike_index) >= 0)
    for i, times in enumerate(serial.spike_times):
        assert np.all(np.diff(times) > 0), (model, i)


@pytest.mark.parametrize("model", models())
def test_chunked_population_equals_single_neurons(model, monkeypatch):
    """Every neuron of a parallel run equals the same neuron simulated alone."""
    kw = dict(POPULATIONS[model])
    name = next(k for k, v in kw.items() if isinstance(v, np.ndarray))
    values = kw[name]
    steps = round(kw["t_stop"] / kw["dt"])
    cur = np.random.default_rng(2).uniform(0.5, 1.5, (len(values), 1)) * kw["current"].mean
    pop = _run(model, monkeypatch, parallel=True, max_chunk=4, current=cur)
    for i in (0, 5, 17, len(values) - 1):
        one = simulate(model, current=float(cur[i, 0]), t_stop=kw["t_stop"], dt=kw["dt"],
                       **{name: float(values[i])})
        np.testing.assert_array_equal(pop.v[i], one.v)
        np.testing.assert_array_equal(pop.spike_times[i], one.spike_times)
        assert pop.v.shape == (len(values), steps)


@pytest.mark.parametrize("model", ["izhikevich", "lif", "hodgkin_huxley"])
def test_overflowing_spike_slices_are_rerun_exactly(model, monkeypatch):
    """Tiny per-chunk buffers: the overflowing chunks are rerun, results unchanged."""
    ref = _run(model, monkeypatch, parallel=True, max_chunk=6, record="spikes")
    counts = np.bincount(ref.spike_index, minlength=37)
    assert counts.max() > 1
    monkeypatch.setattr(_common, "_spike_caps",
                        lambda sizes, steps: np.where(np.arange(len(sizes)) % 2, 1, 10**6))
    some = _run(model, monkeypatch, parallel=True, max_chunk=6, record="spikes")
    _assert_same(ref, some)
    monkeypatch.setattr(_common, "_spike_caps", lambda sizes, steps: np.ones_like(sizes))
    for parallel in (True, False):
        tiny = _run(model, monkeypatch, parallel=parallel, max_chunk=6, record="spikes")
        _assert_same(ref, tiny)


def test_izhikevich_population_matches_independent_numpy_euler(monkeypatch):
    """The vectorised chunk kernel against a plain NumPy forward-Euler population loop."""
    rng = np.random.default_rng(11)
    n, dt, steps = 300, 0.1, 2000
    a = rng.uniform(0.02, 0.1, n)
    b = rng.uniform(0.2, 0.25, n)
    c = rng.uniform(-65.0, -50.0, n)
    d = rng.uniform(2.0, 8.0, n)
    current = rng.uniform(0.0, 15.0, (n, 1))
    monkeypatch.setattr(_common, "PARALLEL_MIN_WORK", 0)
    tr = simulate("izhikevich", current=current, t_stop=steps * dt, dt=dt, a=a, b=b, c=c, d=d,
                  record="spikes")
    v = np.full(n, -65.0)
    u = b * v
    I = current[:, 0]
    idx, times = [], []
    for k in range(steps):
        v_new = v + dt * (0.04 * v * v + 5.0 * v + 140.0 - u + I)
        u_new = u + dt * (a * (b * v - u))
        fired = v_new >= 30.0
        frac = np.clip((30.0 - v[fired]) / (v_new[fired] - v[fired]), 0.0, 1.0)
        idx.append(np.flatnonzero(fired))
        times.append((k + frac) * dt)
        v = np.where(fired, c, v_new)
        u = np.where(fired, u_new + d, u_new)
    idx = np.concatenate(idx)
    times = np.concatenate(times)
    order = np.argsort(idx, kind="stable")
    np.testing.assert_array_equal(tr.spike_index, idx[order])
    np.testing.assert_allclose(tr.spike_time, times[order], rtol=0, atol=1e-12)
    assert 100 < tr.spike_index.size


def test_concurrent_calls_from_python_threads(monkeypatch):
    monkeypatch.setattr(_common, "PARALLEL_MIN_WORK", 0)
    cur = np.linspace(2.0, 14.0, 64)[:, None]
    ref = simulate("izh", preset="RS", current=cur, t_stop=200.0, dt=0.1, record="spikes")
    results = [None] * 4

    def work(j):
        results[j] = simulate("izh", preset="RS", current=cur, t_stop=200.0, dt=0.1,
                              record="spikes")

    threads = [threading.Thread(target=work, args=(j,)) for j in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        _assert_same(ref, r)


def _raster_in_child(cur):
    tr = simulate("izh", preset="RS", current=cur, t_stop=200.0, dt=0.1, record="spikes")
    return tr.spike_index, tr.spike_time, _common._forked_after_threads()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_child_forked_after_threads_runs_serially_with_same_result(monkeypatch):
    monkeypatch.setattr(_common, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(_common, "_num_threads", lambda: 3)
    cur = np.linspace(2.0, 14.0, 64)[:, None]
    ref = simulate("izh", preset="RS", current=cur, t_stop=200.0, dt=0.1, record="spikes")
    assert not _common._forked_after_threads()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        idx, times, forked = pool.apply(_raster_in_child, (cur,))
    assert forked  # the child skipped the threads (GNU OpenMP is not fork-safe)
    np.testing.assert_array_equal(idx, ref.spike_index)
    np.testing.assert_array_equal(times, ref.spike_time)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 5000), threads=st.integers(1, 64))
def test_chunk_bounds_cover_the_population(n, threads):
    b = _common.chunk_bounds(n, threads)
    assert b[0] == 0 and b[-1] == n
    sizes = np.diff(b)
    assert np.all(sizes > 0) and np.all(sizes <= _common.MAX_CHUNK)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lo=st.integers(0, 50), width=st.integers(1, 40),
       count=st.integers(0, 200))
def test_chunk_spike_sort_is_a_stable_sort_by_neuron(seed, lo, width, count):
    rng = np.random.default_rng(seed)
    start = int(rng.integers(0, 5))
    idx = np.full(start + count + 3, -1, dtype=np.int64)
    t = np.full(start + count + 3, -1.0)
    idx[start:start + count] = rng.integers(lo, lo + width, count)
    t[start:start + count] = np.arange(count, dtype=float)  # time order = write order
    order = np.argsort(idx[start:start + count], kind="stable")
    want_i, want_t = idx[start:start + count][order], t[start:start + count][order]
    _common.sort_chunk_spikes(idx, t, start, count, lo, lo + width)
    np.testing.assert_array_equal(idx[start:start + count], want_i)
    np.testing.assert_array_equal(t[start:start + count], want_t)
    assert np.all(idx[:start] == -1) and np.all(idx[start + count:] == -1)


@settings(max_examples=30, deadline=None)
@given(tau=st.floats(0.01, 1e4), dt=st.floats(0.001, 1.0), sigma=st.floats(0.0, 50.0),
       rows=st.integers(1, 4), steps=st.integers(1, 400), seed=st.integers(0, 2**32 - 1))
def test_ou_recursion_is_bit_identical_to_lfilter(tau, dt, sigma, rows, steps, seed):
    xi = np.random.default_rng(seed).standard_normal((rows, steps))
    xi[:, 0] = 0.0
    rho = math.exp(-dt / tau)
    gain = sigma * math.sqrt(1.0 - rho * rho)
    np.testing.assert_array_equal(_ar1(xi, rho, gain),
                                  lfilter([gain], [1.0, -rho], xi, axis=-1))


def test_ou_stimulus_matches_the_exact_update_with_lfilter():
    """The stimulus end to end: same draws, the published exact OU update via lfilter."""
    t = np.arange(3000) * 0.05
    got = OrnsteinUhlenbeck(2.0, 1.5, 4.0).sample(t, n=3, rng=np.random.default_rng(9))
    xi = np.random.default_rng(9).standard_normal((3, len(t)))
    xi[:, 0] = 0.0
    rho = math.exp(-0.05 / 4.0)
    want = 2.0 + lfilter([1.5 * math.sqrt(1.0 - rho * rho)], [1.0, -rho], xi, axis=-1)
    np.testing.assert_array_equal(got, want)


def test_import_path_avoids_heavy_modules():
    code = ("import sys, neuroexplore.neurons; "
            "print(sorted(m for m in ('scipy.signal', 'scipy.optimize', 'scipy.stats', "
            "'torch', 'plotly', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_model_info_exposes_both_kernels():
    for name in models():
        info = model_info(name)
        assert callable(info.kernel) and callable(info.parallel_kernel)
