"""Izhikevich 2003: spike times vs an event-based solve_ivp and the Fig. 2 firing classes."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import presets, simulate
from tests.engines.test_neurons_reference import izhikevich_spike_times

RS = dict(a=0.02, b=0.2, c=-65.0, d=8.0)


@pytest.fixture(scope="module")
def rs_reference():
    return izhikevich_spike_times(**RS, current=10.0, t_stop=1000.0)


def test_rs_spike_times_vs_solve_ivp(rs_reference):
    """Forward Euler at dt = 0.01 vs DOP853 (rtol 1e-11) with exact event resets."""
    got = simulate("izhikevich", preset="RS", current=10.0, t_stop=1000.0, dt=0.01).spike_times
    assert len(got) == len(rs_reference)
    err = np.abs(got - rs_reference)
    assert err[0] < 0.03                   # first spike from rest: within 0.03 ms
    # Euler's O(dt) error accumulates ~0.03 ms per spike; still < 1 ms after 23 spikes
    assert np.all(err < 0.04 * np.arange(1, len(err) + 1))
    assert np.max(err) < 1.0


def test_euler_converges_at_first_order(rs_reference):
    errs = []
    for dt in (0.02, 0.01, 0.005):
        got = simulate("izh", preset="RS", current=10.0, t_stop=1000.0, dt=dt,
                       record="spikes").spike_times
        assert len(got) == len(rs_reference)
        errs.append(np.max(np.abs(got - rs_reference)))
    ratios = np.array(errs[:-1]) / np.array(errs[1:])
    assert np.all((ratios > 1.7) & (ratios < 2.6)), ratios


def _isis(name, t_stop=1000.0, current=10.0):
    return np.diff(simulate("izh", preset=name, current=current, t_stop=t_stop,
                            dt=0.01).spike_times)


def test_rs_adapts():
    isi = _isis("RS")
    assert isi[0] < 0.7 * isi[-1]


def test_fs_does_not_adapt():
    """FS: after the onset transient the ISIs are constant (ratio ~1) and short."""
    isi = _isis("FS")
    assert isi[-1] / isi[5] == pytest.approx(1.0, abs=0.02)
    assert 1000.0 / isi[-1] > 100.0


def test_ch_fires_bursts():
    """CH: short intra-burst ISIs followed by long inter-burst intervals."""
    isi = _isis("CH")
    short, long_ = isi < 5.0, isi > 20.0
    assert short.sum() >= 2 * long_.sum() > 0
    assert np.all(short | long_)


def test_ib_has_initial_burst_then_tonic():
    isi = _isis("IB")
    assert isi[0] < 5.0 and isi[1] < 5.0
    assert np.all(isi[3:] > 20.0)


def test_lts_and_tc_fire_and_rz_presets_exist():
    for name in ("LTS", "TC", "RZ"):
        assert len(_isis(name, t_stop=300.0)) > 3
    assert set(presets("izhikevich")) >= {"RS", "IB", "CH", "FS", "LTS", "TC", "RZ"}


def test_trace_clips_peak_at_30_and_resets():
    tr = simulate("izh", preset="RS", current=10.0, t_stop=200.0, dt=0.05)
    assert tr.v.max() == 30.0
    k = np.flatnonzero(tr.v == 30.0)
    assert len(k) == len(tr.spike_times)
    # each recorded peak is followed by the reset value c (the next sample evolves from c)
    assert np.all(tr.v[k + 1] < -55.0)
    # u jumps by about d at each spike
    du = tr.state["u"][k] - tr.state["u"][k - 1]
    assert np.all(np.abs(du - 8.0) < 0.2)
