"""Izhikevich 2003 presets: each declared stimulus protocol shows the preset's signature.

Every criterion is measured on the simulated trace; the resonator's interval is checked
against the period of the linearised subthreshold oscillation (eigenvalues of the
model's Jacobian at rest), an analytic reference independent of the engine.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.neurons import make_stimulus, preset, presets, simulate, stimulus_protocol


def _run(name, stimulus=None, t_stop=None):
    proto = stimulus_protocol("izhikevich", name)
    return simulate("izhikevich", preset=name,
                    current=proto.stimulus() if stimulus is None else stimulus,
                    t_stop=proto.t_stop if t_stop is None else t_stop)


def _isi(name):
    return np.diff(_run(name).spike_times)


def test_every_preset_declares_a_protocol():
    for name in presets("izhikevich"):
        proto = stimulus_protocol("izhikevich", name)
        assert proto is not None and proto.shows
    with pytest.raises(ValueError, match="preset"):
        stimulus_protocol("izhikevich", "XX")


def test_rs_adapts():
    isi = _isi("RS")
    assert len(isi) >= 4
    assert isi[-1] > 1.5 * isi[0]
    assert np.all(np.diff(isi) > -0.5)  # intervals never shorten


def test_ib_bursts_then_fires_tonically():
    isi = _isi("IB")
    assert len(isi) >= 5
    assert isi[0] < 0.2 * np.median(isi[3:])      # initial burst
    late = isi[3:]
    assert np.all(late > 20.0) and np.std(late) < 0.1 * np.mean(late)  # then regular


def test_ch_bursts_repeat():
    isi = _isi("CH")
    short, long_ = isi[isi < 10.0], isi[isi > 30.0]
    assert len(long_) >= 3                         # at least four bursts
    assert len(short) >= 3 * len(long_)            # several spikes per burst
    assert np.max(short) < 0.25 * np.min(long_)    # bimodal intervals


def test_fs_fast_without_adaptation():
    tr = _run("FS")
    isi = np.diff(tr.spike_times)
    steady = isi[tr.spike_times[1:] > 100.0]
    assert 1000.0 / np.mean(steady) > 100.0
    assert np.std(steady) < 0.02 * np.mean(steady)
    # compared with RS and LTS under the same step, FS barely adapts
    ratio = {n: _isi(n)[-1] / _isi(n)[0] for n in ("FS", "RS", "LTS")}
    assert ratio["FS"] < ratio["RS"] and ratio["FS"] < ratio["LTS"]


def test_lts_adapts_strongly_from_a_low_threshold():
    isi = _isi("LTS")
    assert isi[0] < 5.0 and isi[-1] > 2.5 * isi[0]
    # low threshold: a weak step that leaves RS silent makes LTS fire
    weak = make_stimulus("step", 3.0, onset=20.0, duration=280.0)
    assert len(_run("LTS", weak, 300.0).spike_times) > 0
    assert len(_run("RS", weak, 300.0).spike_times) == 0


def test_tc_rebound_burst_after_hyperpolarisation_and_tonic_when_depolarised():
    proto = stimulus_protocol("izhikevich", "TC")
    tr = _run("TC")
    release = proto.params["onset"] + proto.params["duration"]
    assert proto.amplitude < 0
    s = tr.spike_times
    assert not np.any((s >= proto.params["onset"]) & (s < release))
    burst = s[(s >= release) & (s < release + 50.0)]
    assert len(burst) >= 2 and np.min(np.diff(burst)) < 15.0
    # the same cell held depolarised fires single spikes at a steady rate
    tonic = _run("TC", make_stimulus("step", preset("izhikevich", "TC")["current"],
                                     onset=20.0, duration=280.0), 300.0)
    isi = np.diff(tonic.spike_times[tonic.spike_times > 100.0])
    assert len(isi) >= 5 and np.std(isi) < 0.05 * np.mean(isi)


def _resonant_period(a, b):
    """2 pi / Im(lambda) of the linearised model at its stable rest for I = 0."""
    # rest: 0.04 v^2 + (5 - b) v + 140 = 0, lower root
    v = (-(5.0 - b) - np.sqrt((5.0 - b) ** 2 - 4 * 0.04 * 140.0)) / (2 * 0.04)
    J = np.array([[0.08 * v + 5.0, -1.0], [a * b, -a]])
    lam = np.linalg.eigvals(J)
    assert np.all(lam.real < 0) and np.any(lam.imag != 0)  # a damped oscillation
    return 2 * np.pi / np.max(lam.imag)


def test_rz_fires_for_a_resonant_doublet_only():
    p = preset("izhikevich", "RZ")
    period = _resonant_period(p["a"], p["b"])
    proto = stimulus_protocol("izhikevich", "RZ")
    interval = 1000.0 / proto.params["frequency"]
    assert interval == pytest.approx(period, rel=0.05)
    onset = proto.params["onset"]

    def fires(interval, n_pulses=2):
        stim = make_stimulus("pulse_train", proto.amplitude, onset=onset,
                             frequency=1000.0 / interval, width=proto.params["width"],
                             duration=(n_pulses - 1) * interval + proto.params["width"] + 1.0)
        return int(np.sum(_run("RZ", stim).spike_times > onset))

    assert fires(interval) >= 1              # the declared (resonant) doublet fires
    assert fires(period) >= 1                # so does one at the analytic period
    assert fires(period / 2) == 0            # half a period apart: no spike
    assert fires(1.5 * period) == 0          # one and a half periods: no spike
    assert fires(interval, n_pulses=1) == 0  # a single pulse is subthreshold
