"""NetworkLab E/I tab at 2,500-10,000 neurons: first chunk drawn, then the whole run.

Speed is measured in benchmarks/bench_networks.py (``lab`` rows), not here.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.networks import fixed_indegree, simulate_ei_network
from neuroexplore.widgets import NetworkLab
from neuroexplore.widgets.network_lab import EI_T_STOP, FIRST_MS, RASTER_ROWS


def _recording(lab: NetworkLab) -> list[tuple[float, float, bool]]:
    """Record ``(g, t_stop, partial)`` of every E/I draw of ``lab``."""
    draws: list[tuple[float, float, bool]] = []
    draw = lab._draw_ei

    def wrapped(net, kw, note=""):
        draws.append((kw["g"], net.t_stop, "computing" in note))
        draw(net, kw, note)

    lab._draw_ei = wrapped
    return draws


def _raster(lab: NetworkLab) -> list[np.ndarray]:
    return [np.asarray(lab.fig_raster.data[i][a]) for i in (0, 1, 2) for a in ("x", "y")]


def test_progressive_run_ends_with_the_figure_of_one_full_run():
    lab = NetworkLab(background=False)
    lab.tabs.selected_index = 3
    draws = _recording(lab)
    lab.ei_controls["n_neurons"].value = 2500
    assert lab.error == ""
    assert draws == [(5.0, FIRST_MS, True), (5.0, EI_T_STOP, False)]
    kw = lab.ei_settings()
    assert (kw["n_exc"], kw["n_inh"], kw["p_conn"]) == (2000, 500, pytest.approx(0.02))
    direct = simulate_ei_network(**kw)
    np.testing.assert_array_equal(lab.ei_result.spike_times, direct.spike_times)
    np.testing.assert_array_equal(lab.ei_result.spike_neurons, direct.spike_neurons)
    # what a second lab draws at once (no chunks) is the same figure
    other = NetworkLab(background=False)
    other.tabs.selected_index = 3
    other._draw_ei(direct, kw)
    for a, b in zip(_raster(lab), _raster(other), strict=True):
        np.testing.assert_array_equal(a, b)
    assert lab.fig_raster.layout.title.text == other.fig_raster.layout.title.text
    assert "computing" not in lab.fig_raster.layout.title.text
    assert lab.ei_runner.progress.bar.value == pytest.approx(1.0)


def test_a_newer_change_cancels_the_running_one():
    lab = NetworkLab()  # background: the rest of a large run goes on in a thread
    lab.tabs.selected_index = 3
    draws = _recording(lab)
    lab.ei_controls["n_neurons"].value = 10_000
    # the setter came back once the first chunk was drawn, with the run going on
    assert draws[0] == (5.0, FIRST_MS, True)
    assert "the rest is computing" in lab.fig_raster.layout.title.text
    assert lab.ei_runner.running
    lab.ei_controls["g"].value = 7.0
    lab.ei_runner.join(60.0)
    assert not lab.ei_runner.running and lab.error == ""
    assert (5.0, EI_T_STOP, False) not in draws  # the old run was stopped, never drawn
    assert draws[-2:] == [(7.0, FIRST_MS, True), (7.0, EI_T_STOP, False)]
    direct = simulate_ei_network(**lab.ei_settings())
    np.testing.assert_array_equal(lab.ei_result.spike_neurons, direct.spike_neurons)
    # the raster is light: at most RASTER_ROWS neurons drawn, and the title says so
    shown = np.concatenate([lab.fig_raster.data[0].y, lab.fig_raster.data[1].y])
    assert 0 < np.unique(shown).size <= RASTER_ROWS
    assert "1 neuron in 20 drawn" in lab.fig_raster.layout.title.text
    assert "g = 7" in lab.fig_raster.layout.title.text


def test_bad_sizes_give_the_lab_message():
    lab = NetworkLab(background=False)
    lab.tabs.selected_index = 3
    size = lab.ei_controls["n_neurons"]
    before = lab.fig_raster.layout.title.text
    for bad, why in ((20_000, "[500, 10000]"), (100, "[500, 10000]"),
                     (float("nan"), "not a finite number")):
        size.set_state({"value": bad})  # as a comm update from the browser
        assert "n_neurons" in lab.error and why in lab.error
        assert size.value == 500 and lab.fig_raster.layout.title.text == before
    with pytest.raises(ValueError, match=r"n_neurons = 20000 .*\[500, 10000\]"):
        lab.apply_state({"ei.n_neurons": 20_000})
    with pytest.raises(ValueError, match="n_neurons"):
        fixed_indegree(50_000, 0.1)


def test_fixed_indegree_keeps_the_mean_number_of_inputs():
    """Brunel's C_E = p N_E is the same at every size (counted in the built graph)."""
    for n in (500, 2500, 10_000):
        n_exc, n_inh, p = fixed_indegree(n, 0.1)
        assert (n_exc, n_inh) == (4 * n // 5, n // 5)
        net = simulate_ei_network(n_exc, n_inh, p_conn=p, t_stop=1.0, n_record=0)
        assert net.n_connections / n == pytest.approx(0.1 * 500, rel=0.03)


def test_stop_keeps_the_time_simulated_and_says_so():
    lab = NetworkLab()
    lab.tabs.selected_index = 3
    lab.ei_controls["n_neurons"].value = 10_000
    assert lab.ei_runner.running
    lab.ei_runner.stop_button.click()
    lab.ei_runner.join(60.0)
    net = lab.ei_result
    assert FIRST_MS <= net.t_stop < EI_T_STOP
    assert f"(stopped at {net.t_stop:g} of 1000 ms)" in lab.fig_raster.layout.title.text
    assert "E/I run stopped after" in lab.message.value and lab.error == ""
    full = simulate_ei_network(**lab.ei_settings())
    early = full.spike_times <= net.t_stop + 1e-9
    np.testing.assert_array_equal(net.spike_neurons, full.spike_neurons[early])
    lab.ei_controls["n_neurons"].value = 500  # a later change runs afresh, note cleared
    assert "stopped" not in lab.fig_raster.layout.title.text
    assert "stopped" not in lab.message.value
