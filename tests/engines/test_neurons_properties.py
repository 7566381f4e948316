"""Hypothesis invariants over every ParamSpec range of every neuron model.

* any parameter set inside the specs and any current inside the model's current spec
  gives finite outputs (voltages, state variables, spike times);
* the f-I curve does not fall as the current rises (within one spike of counting
  noise) for LIF (exact), Hodgkin-Huxley (default parameters, up to 150 uA/cm^2),
  Izhikevich (spiking classes: a in [0.01, 0.1], b in [0.15, 0.26]) and AdEx with
  a, b >= 0.  Exceptions, stated honestly: FitzHugh-Nagumo stops oscillating above
  I ~ 1.4 (depolarisation block), so its f-I curve is not monotone; HH falls silent
  at its own depolarisation block near 153 uA/cm^2 (just below the Hopf point at
  154.5 uA/cm^2); bursting AdEx/Izhikevich regimes (a < 0, large b) are not covered.
  The diffusive-memristor neuron's rate rises with the input above its rheobase; the
  Mott oscillator's f-V curve is not monotone by design: above
  ``V_hold (R_s + R_on) / R_on`` the metallic state holds itself on and it stops
  (tested in test_neurons_devices.py).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.neurons import fi_curve, model_info, simulate

T_STOP = {"lif": 200.0, "adex": 200.0, "izhikevich": 200.0, "hodgkin_huxley": 50.0,
          "fitzhugh_nagumo": 200.0, "mott": 50.0, "diffusive_memristor": 100.0}
DT = {"lif": 0.1, "adex": 0.05, "izhikevich": 0.1, "hodgkin_huxley": 0.05,
      "fitzhugh_nagumo": 0.1, "mott": 0.01, "diffusive_memristor": 0.01}


def _params(model, draw):
    info = model_info(model)
    p = {s.name: draw(st.floats(s.low, s.high, allow_nan=False)) for s in info.specs}
    if model == "lif":
        p["V_reset"] = min(p["V_reset"], p["V_th"] - 0.5)
    if model == "adex":
        p["V_peak"] = max(p["V_peak"], p["VT"] + 1.0)
        p["Vr"] = min(p["Vr"], p["V_peak"] - 1.0)
        p["gL"] = min(p["gL"], p["C"] / (2 * DT[model]) / 1.01)
        p["tau_w"] = max(p["tau_w"], 2 * DT[model] * 1.01)
    if model == "mott":
        p["V_hold"] = min(p["V_hold"], 0.9 * p["V_th"])
    if model in ("mott", "diffusive_memristor"):
        p["R_on"] = min(p["R_on"], 0.5 * p["R_off"])
    return p


def _check_finite(model, data):
    info = model_info(model)
    p = _params(model, data.draw)
    I = np.array(data.draw(st.lists(st.floats(info.current.low, info.current.high),
                                    min_size=1, max_size=4)))
    tr = simulate(model, current=I[:, None], t_stop=T_STOP[model], dt=DT[model], **p)
    assert np.all(np.isfinite(tr.v))
    for x in tr.state.values():
        assert np.all(np.isfinite(x))
    assert np.all(np.isfinite(tr.spike_time))
    assert np.all((tr.spike_time >= 0) & (tr.spike_time < tr.t_stop))
    if model == "diffusive_memristor":
        assert np.all(tr.state["x"] >= 0)  # a filament has no negative length
    if model == "hodgkin_huxley":
        for k in "mhn":
            assert np.all((tr.state[k] > -1e-6) & (tr.state[k] < 1 + 1e-6))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_lif_finite(data):
    _check_finite("lif", data)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_adex_finite(data):
    _check_finite("adex", data)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_izhikevich_finite(data):
    _check_finite("izhikevich", data)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_hodgkin_huxley_finite(data):
    _check_finite("hodgkin_huxley", data)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_fitzhugh_nagumo_finite(data):
    _check_finite("fitzhugh_nagumo", data)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_mott_finite(data):
    _check_finite("mott", data)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_diffusive_memristor_finite(data):
    _check_finite("diffusive_memristor", data)


def _monotone(rates, window):
    # counting noise: one spike in the window
    return np.all(np.diff(rates) >= -1000.0 / window - 1e-9)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_lif_fi_monotone(data):
    p = _params("lif", data.draw)
    I = np.linspace(-2.0, 20.0, 23)
    _, f = fi_curve("lif", I, t_stop=300.0, dt=0.1, t_transient=0.0, method="isi", **p)
    assert np.all(np.diff(f) >= -1e-9)


@settings(max_examples=30, deadline=None)
@given(a=st.floats(0.01, 0.1), b=st.floats(0.15, 0.26), c=st.floats(-70.0, -60.0),
       d=st.floats(0.05, 8.0))
def test_izhikevich_fi_monotone_for_spiking_classes(a, b, c, d):
    I = np.linspace(0.0, 30.0, 16)
    _, f = fi_curve("izh", I, t_stop=600.0, dt=0.1, t_transient=100.0, a=a, b=b, c=c, d=d)
    assert _monotone(f, 500.0)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0.0, 10.0), b=st.floats(0.0, 100.0), tau_w=st.floats(10.0, 300.0))
def test_adex_fi_monotone_without_subthreshold_negative_feedback(a, b, tau_w):
    I = np.linspace(0.0, 1000.0, 11)
    _, f = fi_curve("adex", I, t_stop=600.0, dt=0.1, t_transient=200.0, a=a, b=b,
                    tau_w=tau_w)
    assert _monotone(f, 400.0)


def test_hodgkin_huxley_fi_monotone_up_to_150_uA():
    I = np.linspace(0.0, 150.0, 31)
    _, f = fi_curve("hh", I, t_stop=400.0, dt=0.02, t_transient=100.0)
    assert _monotone(f, 300.0)


def test_hodgkin_huxley_spikes_below_0_mV_still_count():
    """At 100 uA/cm^2 the spikes peak below 0 mV after the first one; every peak of the
    sustained oscillation is still a spike."""
    tr = simulate("hh", current=100.0, t_stop=100.0, dt=0.01)
    late = tr.v[tr.t > 50.0]
    assert late.max() - late.min() > 10.0 and late.max() < 0
    n_peaks = np.sum((late[1:-1] > late[:-2]) & (late[1:-1] >= late[2:]))
    assert np.sum(tr.spike_times > 50.0) == n_peaks >= 5


def test_fitzhugh_nagumo_depolarisation_block_is_the_documented_exception():
    _, f = fi_curve("fhn", [0.0, 0.5, 1.0, 2.0], t_stop=1000.0, t_transient=300.0)
    assert f[0] == 0 and f[1] > 0 and f[2] > 0 and f[3] == 0


@settings(max_examples=20, deadline=None)
@given(k_grow=st.floats(0.3, 2.0), tau_relax=st.floats(0.5, 3.5), x_off=st.floats(0.4, 0.95))
def test_diffusive_memristor_rate_rises_with_input(k_grow, tau_relax, x_off):
    """Monotone while the bridged filament's own drive k I (R_on || R_off) tau_relax stays
    small against x_off; near it the refractory phase lengthens (the rate falls) and
    above it the filament holds itself (latching), as in the module docstring."""
    I = np.linspace(0.0, 5.0, 11)
    R_on = max(0.001, min(0.01, 0.1 * x_off / (k_grow * I[-1] * tau_relax)))
    r_par = R_on * 2.0 / (R_on + 2.0)  # R_on || R_off (default 2 MOhm)
    assert k_grow * I[-1] * r_par * tau_relax <= 0.1 * x_off
    _, f = fi_curve("diffusive_memristor", I, t_stop=300.0, dt=0.02, t_transient=100.0,
                    k_grow=k_grow, tau_relax=tau_relax, x_off=x_off, R_on=R_on)
    assert _monotone(f, 200.0)
