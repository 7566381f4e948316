"""AdEx: Naud et al. 2008 firing patterns and spike times vs an event-based solve_ivp."""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import preset, presets, simulate
from tests.engines.test_neurons_reference import adex_spike_times

PRESETS = {name: preset("adex", name) for name in presets("adex")}


def adaptation_index(isi: np.ndarray) -> float:
    """Naud et al. 2008 Eq. 5: mean of (ISI_{i+1} - ISI_i)/(ISI_{i+1} + ISI_i) (~0: tonic)."""
    return float(np.mean(np.diff(isi) / (isi[1:] + isi[:-1])))


def run(name, t_stop=1000.0, dt=0.02):
    return simulate("adex", preset=name, current=PRESETS[name]["current"], t_stop=t_stop,
                    dt=dt)


def test_table1_values():
    """Spot-check of Naud et al. 2008, Table 1 (C, gL, EL, VT, DT, a, tau_w, b, Vr, I)."""
    assert PRESETS["tonic"] == dict(C=200.0, gL=10.0, EL=-70.0, VT=-50.0, DT=2.0, a=2.0,
                                    tau_w=30.0, b=0.0, Vr=-58.0, current=500.0)
    assert PRESETS["bursting"]["Vr"] == -46.0 and PRESETS["bursting"]["current"] == 210.0
    assert len(PRESETS) == 8


@pytest.mark.parametrize("name", ["tonic", "adapting", "bursting"])
def test_spike_times_vs_solve_ivp(name):
    p = PRESETS[name]
    ref = adex_spike_times(p, p["current"], 300.0)
    got = run(name, t_stop=300.0, dt=0.01).spike_times
    assert len(got) == len(ref) > 3
    assert np.max(np.abs(got - ref)) < 0.1


def test_tonic_vs_adapting():
    tonic = np.diff(run("tonic").spike_times)
    adapting = np.diff(run("adapting").spike_times)
    assert abs(adaptation_index(tonic[len(tonic) // 5:])) < 0.01
    assert adapting[-1] / adapting[0] > 4.0
    assert adaptation_index(adapting[:8]) > 0.1


def test_initial_burst_then_regular():
    isi = np.diff(run("initial_burst").spike_times)
    assert isi[0] < 10.0 and isi[1] < 10.0
    assert np.all(isi[3:] > 40.0)


def test_bursting_has_bimodal_isis():
    isi = np.diff(run("bursting").spike_times)
    short, long_ = isi < 10.0, isi > 50.0
    assert np.all(short | long_) and short.sum() >= long_.sum() > 2


def test_transient_fires_only_at_onset():
    sp = run("transient").spike_times
    assert 1 <= len(sp) <= 3 and sp[-1] < 100.0


def test_delayed_accelerating():
    sp = run("delayed_accelerating").spike_times
    isi = np.diff(sp)
    assert sp[0] > isi[-1]                     # delayed first spike
    assert isi[-1] < isi[0]                    # accelerating


def test_delayed_bursting_and_irregular_fire():
    isi = np.diff(run("delayed_bursting").spike_times)
    assert (isi < 10.0).sum() > 0 and (isi > 30.0).sum() > 0
    irr = np.diff(run("irregular").spike_times)
    assert np.std(irr) / np.mean(irr) > 0.3


def test_trace_shows_peak_and_reset():
    tr = run("adapting", t_stop=200.0, dt=0.05)
    k = np.flatnonzero(tr.v == 0.0)
    assert len(k) == len(tr.spike_times)
    dw = tr.state["w"][k] - tr.state["w"][k - 1]
    np.testing.assert_allclose(dw, 60.0, atol=1.0)     # w jumps by b = 60 pA


def test_exponential_never_overflows_with_extreme_parameters():
    tr = simulate("adex", current=2000.0, t_stop=100.0, dt=0.2, DT=0.5, V_peak=50.0,
                  VT=-70.0, C=1000.0, gL=5.0)
    assert np.all(np.isfinite(tr.v)) and np.all(np.isfinite(tr.state["w"]))
    assert len(tr.spike_times) > 0


def test_dt_checked_against_membrane_time_constant():
    with pytest.raises(ValueError, match="dt"):
        simulate("adex", current=500.0, t_stop=100.0, dt=0.2, C=20.0, gL=100.0)
