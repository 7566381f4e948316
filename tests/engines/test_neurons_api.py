"""simulate()/Trace API: shapes, broadcasting, record modes, stimuli, seeds, validation."""

from __future__ import annotations

import numpy as np
import pytest

import neuroexplore.neurons as neurons
from neuroexplore.neurons import (
    CurrentPulseTrain,
    OrnsteinUhlenbeck,
    Ramp,
    Step,
    fi_curve,
    mcculloch_pitts,
    model_info,
    models,
    parameters,
    perceptron_output,
    preset,
    presets,
    simulate,
)

SHORT = {"lif": 2.0, "adex": 500.0, "izhikevich": 10.0, "hodgkin_huxley": 10.0,
         "fitzhugh_nagumo": 0.5, "mott": 2.0, "diffusive_memristor": 1.0}


@pytest.mark.parametrize("model", models())
def test_every_model_single_neuron_shapes(model):
    info = model_info(model)
    tr = simulate(model, current=SHORT[model], t_stop=100.0)
    steps = int(round(100.0 / info.dt_default))
    assert tr.t.shape == tr.v.shape == (steps,)
    assert set(tr.state) == set(info.state_names)
    assert all(x.shape == (steps,) for x in tr.state.values())
    assert tr.spike_times.ndim == 1 and np.all(np.diff(tr.spike_times) > 0)
    assert len(tr.spike_times) > 0 and tr.n is None
    assert isinstance(tr.rates(), float)


@pytest.mark.parametrize("model", models())
@pytest.mark.parametrize("preset", ["__all__"])
def test_every_preset_runs_finite(model, preset):
    for name in presets(model):
        p = neurons.preset(model, name)
        tr = simulate(model, preset=name, current=p.get("current", SHORT[model]), t_stop=100.0)
        assert np.all(np.isfinite(tr.v)), (model, name)


@pytest.mark.parametrize("model", models())
def test_population_equals_neurons_one_by_one(model):
    info = model_info(model)
    spec = info.specs[0]
    values = np.linspace(spec.low + 0.3 * (spec.high - spec.low),
                         spec.low + 0.7 * (spec.high - spec.low), 3)
    if model == "adex":  # keep C/gL within the dt limit
        values = np.array([150.0, 200.0, 250.0])
    currents = np.array([[0.8], [1.0], [1.2]]) * SHORT[model]
    pop = simulate(model, current=currents, t_stop=100.0, **{spec.name: values})
    assert pop.v.shape == (3, len(pop.t)) and pop.n == 3
    for i in range(3):
        one = simulate(model, current=float(currents[i, 0]), t_stop=100.0,
                       **{spec.name: float(values[i])})
        np.testing.assert_array_equal(pop.v[i], one.v)
        np.testing.assert_array_equal(pop.spike_times[i], one.spike_times)
        for k in info.state_names:
            np.testing.assert_array_equal(pop.state[k][i], one.state[k])


@pytest.mark.parametrize("model", models())
def test_record_modes_give_identical_spikes(model):
    cur = np.array([[0.9], [1.1]]) * SHORT[model]
    full = simulate(model, current=cur, t_stop=150.0, record="all")
    vonly = simulate(model, current=cur, t_stop=150.0, record="v")
    spikes = simulate(model, current=cur, t_stop=150.0, record="spikes")
    assert spikes.v is None and spikes.state == {} and vonly.state == {}
    np.testing.assert_array_equal(vonly.v, full.v)
    for run in (vonly, spikes):
        np.testing.assert_array_equal(run.spike_index, full.spike_index)
        np.testing.assert_array_equal(run.spike_time, full.spike_time)


def test_spikes_only_for_a_big_population_allocates_no_history():
    n = 10_000
    rng = np.random.default_rng(1)
    tr = simulate("izh", preset="RS", current=rng.uniform(0, 10, (n, 1)), t_stop=50.0, dt=0.1,
                  record="spikes")
    assert tr.v is None and len(tr.spike_times) == n
    assert tr.spike_index.size == tr.spike_time.size > 0
    assert np.all(np.diff(tr.spike_index) >= 0)


def test_spike_buffers_grow_beyond_initial_capacity():
    # LIF without refractoriness and a huge drive: many spikes per neuron
    tr = simulate("lif", current=np.full((3, 1), 20.0), t_stop=1000.0, dt=0.5, t_ref=0.0,
                  record="spikes")
    assert tr.spike_index.size > 3 * 1000  # far more than the initial guess
    assert np.all(np.isfinite(tr.spike_time))


def test_rates_helper_and_raster_arrays():
    tr = simulate("lif", current=[[2.0], [3.0]], t_stop=1000.0, dt=0.1)
    counts = [np.sum(s >= 200.0) for s in tr.spike_times]
    np.testing.assert_allclose(tr.rates(t_start=200.0), np.array(counts) / 0.8)
    assert tr.spike_index.shape == tr.spike_time.shape
    with pytest.raises(ValueError, match="t_start"):
        tr.rates(t_start=2000.0)


def test_current_array_per_step_equals_stimulus():
    t = np.arange(1000) * 0.1
    arr = np.where((t >= 20.0) & (t < 70.0), 2.0, 0.0)
    a = simulate("lif", current=arr, t_stop=100.0, dt=0.1)
    b = simulate("lif", current=Step(2.0, onset=20.0, offset=70.0), t_stop=100.0, dt=0.1)
    np.testing.assert_array_equal(a.v, b.v)
    np.testing.assert_array_equal(b.current, arr)


def test_stimuli_values():
    t = np.arange(0, 20, 0.5)
    r = Ramp(0.0, 10.0, onset=5.0, offset=15.0).sample(t)
    assert r[t == 10.0][0] == pytest.approx(5.0) and r[t < 5.0].sum() == 0
    p = CurrentPulseTrain(3.0, frequency=200.0, width=1.0, onset=2.0).sample(t)
    assert np.array_equal(np.flatnonzero(p), np.flatnonzero(((t - 2.0) % 5.0 < 1.0) & (t >= 2)))
    pop = Step(np.array([1.0, 2.0]), onset=1.0).sample(t)
    assert pop.shape == (2, len(t))


def test_ornstein_uhlenbeck_statistics_and_seed():
    stim = OrnsteinUhlenbeck(mean=1.0, sigma=0.5, tau=5.0)
    t = np.arange(200_000) * 0.1
    x = stim.sample(t, rng=np.random.default_rng(0))
    assert x.mean() == pytest.approx(1.0, abs=0.03)
    assert x.std() == pytest.approx(0.5, rel=0.03)
    # lag-tau autocorrelation of an OU process is exp(-1)
    d = x - x.mean()
    lag = 50
    assert np.mean(d[:-lag] * d[lag:]) / d.var() == pytest.approx(np.exp(-1), abs=0.03)
    a = simulate("lif", current=OrnsteinUhlenbeck(2.0, 1.0, 5.0), t_stop=200.0, seed=3)
    b = simulate("lif", current=OrnsteinUhlenbeck(2.0, 1.0, 5.0), t_stop=200.0, seed=3)
    c = simulate("lif", current=OrnsteinUhlenbeck(2.0, 1.0, 5.0), t_stop=200.0, seed=4)
    np.testing.assert_array_equal(a.v, b.v)
    assert not np.array_equal(a.v, c.v)


def test_ou_population_gets_independent_noise():
    tr = simulate("lif", current=OrnsteinUhlenbeck(2.0, 1.0, 5.0), t_stop=100.0, seed=0,
                  tau_m=np.array([10.0, 10.0]))
    assert tr.current.shape == (2, 1000) and not np.array_equal(tr.current[0], tr.current[1])


def test_preset_and_override():
    tr = simulate("izh", preset="CH", current=10.0, t_stop=10.0, d=4.0)
    assert tr.params["c"] == -50.0 and tr.params["d"] == 4.0
    assert preset("adex", "bursting")["current"] == 210.0


def test_model_aliases_and_info():
    assert model_info("HH").name == model_info("hodgkin-huxley").name == "hodgkin_huxley"
    assert model_info("fhn").name == "fitzhugh_nagumo"
    for m in models():
        info = model_info(m)
        assert info.dt_min <= info.dt_default <= info.dt_max
        assert parameters(m) == info.specs
        assert info.reference and info.current.unit is not None


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(model="nope"), "model"),
        (dict(dt=5.0), "dt"),
        (dict(dt=0.0), "dt"),
        (dict(t_stop=-1.0), "t_stop"),
        (dict(tau_m=0.01), "tau_m"),
        (dict(tau_m=np.array([10.0, np.nan])), "tau_m"),
        (dict(bogus=1.0), "bogus"),
        (dict(current=np.ones(7)), "current"),
        (dict(current=np.ones((2, 7))), "current"),
        (dict(current=np.ones((2, 3, 4))), "current"),
        (dict(current="abc"), "current"),
        (dict(current=np.nan), "current"),
        (dict(current=np.ones((3, 1)), tau_m=np.ones(2) * 10), "current"),
        (dict(tau_m=np.ones(2) * 10, R=np.ones(3)), "R"),
        (dict(record="everything"), "record"),
        (dict(preset="nope"), "preset"),
        (dict(V_reset=-40.0), "V_reset"),
    ],
)
def test_validation_errors_name_the_parameter(kwargs, word):
    args = dict(model="lif", current=2.0, t_stop=100.0, dt=0.1)
    args.update(kwargs)
    model = args.pop("model")
    with pytest.raises(ValueError, match=word):
        simulate(model, **args)


def test_range_error_message_has_value_and_range():
    with pytest.raises(ValueError, match=r"gNa = 500 mS/cm\^2 is outside its valid range"):
        simulate("hh", current=10.0, t_stop=10.0, gNa=500.0)


def test_fi_curve_validation():
    with pytest.raises(ValueError, match="currents"):
        fi_curve("lif", [[1.0, 2.0]])
    with pytest.raises(ValueError, match="t_transient"):
        fi_curve("lif", [1.0], t_stop=100.0, t_transient=200.0)


def test_static_units_truth_tables():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(mcculloch_pitts(X, [1, 1], 2), [0, 0, 0, 1])
    np.testing.assert_array_equal(mcculloch_pitts(X, [1, 1], 1), [0, 1, 1, 1])
    np.testing.assert_array_equal(mcculloch_pitts(X[:, :1], [-1], 0), [1, 1, 0, 0])  # NOT
    layer = mcculloch_pitts(X, np.array([[1, 1], [1, 1]]), np.array([2, 1]))
    np.testing.assert_array_equal(layer, [[0, 0], [0, 1], [0, 1], [1, 1]])
    np.testing.assert_array_equal(perceptron_output(X, [1.0, 1.0], -0.5), [0, 1, 1, 1])
    with pytest.raises(ValueError, match="weights"):
        mcculloch_pitts(X, [1, 1, 1], 1)
