"""Decision making with device-synapse weights: Q-learning in a grid world.

References: Bellman's optimality equation solved independently (closed form from a
breadth-first search), an absorbing-Markov-chain evaluation of the random policy
checked by Monte Carlo, the analytic pulse arithmetic of a linear device, and the
float agent as the software baseline.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from neuroexplore.applications import decision as dm
from neuroexplore.devices import PulseDevice
from neuroexplore.devices.presets import resolve_device

GAMMA = 0.9
STEP = -0.01


def _bfs_distances(world: dm.GridWorld) -> np.ndarray:
    """Moves to the goal through free, non-pit cells (an independent BFS on the layout)."""
    rows, cols = world.shape
    cells = "".join(world.layout)
    dist = np.full(rows * cols, np.inf)
    dist[world.goal] = 0
    queue = [world.goal]
    while queue:
        cur = queue.pop(0)
        r, c = divmod(cur, cols)
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < rows and 0 <= cc < cols:
                k = rr * cols + cc
                if cells[k] in ".S" and np.isinf(dist[k]):
                    dist[k] = dist[cur] + 1
                    queue.append(k)
    return dist


@pytest.mark.parametrize("layout", [k for k in dm.LAYOUTS])
def test_value_iteration_matches_shortest_path_closed_form(layout):
    world = dm.grid_world(layout, STEP)
    vi = dm.value_iteration(world, GAMMA)
    d = _bfs_distances(world)
    ok = world.free & ~world.terminal & np.isfinite(d)
    expected = GAMMA ** (d[ok] - 1) + STEP * (1 - GAMMA ** (d[ok] - 1)) / (1 - GAMMA)
    np.testing.assert_allclose(vi.v[ok], expected, atol=1e-10)
    np.testing.assert_array_equal(dm.shortest_path_lengths(world), d)
    # the greedy optimal policy walks the shortest path and earns V*(start)
    steps, ret, ok_start = dm.greedy_rollout(world, vi.q, GAMMA, 100)
    assert ok_start[0] and steps[0] == d[world.start]
    assert ret[0] == pytest.approx(vi.v[world.start], abs=1e-12)


def test_random_policy_exact_against_monte_carlo():
    world = dm.grid_world("obstacles 5x5", STEP)
    stats = dm.evaluate_policy(world, dm.random_policy(world), GAMMA, max_steps=50)
    rng = np.random.default_rng(1)
    n = 40_000
    s = np.full(n, world.start)
    ret = np.zeros(n)
    steps = np.zeros(n)
    goal = np.zeros(n, dtype=bool)
    alive = np.ones(n, dtype=bool)
    for k in range(50):
        a = rng.integers(0, 4, n)
        ret += np.where(alive, GAMMA**k * world.reward[s, a], 0.0)
        steps += alive
        s = np.where(alive, world.next_state[s, a], s)
        ended = alive & world.terminal[s]
        goal |= ended & (s == world.goal)
        alive &= ~ended
    for exact, sample in ((stats.value, ret), (stats.steps, steps), (stats.success, goal)):
        se = sample.std() / np.sqrt(n)
        assert abs(exact - sample.mean()) < 4 * se + 1e-12
    # the optimal policy without exploration reaches the goal surely, on the shortest path
    vi = dm.value_iteration(world, GAMMA)
    best = dm.evaluate_policy(world, dm.epsilon_greedy_policy(vi.q, 0.0), GAMMA, 50)
    assert best.success == pytest.approx(1.0)
    assert best.value == pytest.approx(vi.v[world.start], abs=1e-12)
    assert best.steps == pytest.approx(_bfs_distances(world)[world.start])


def test_float_agent_converges_to_the_optimum():
    world = dm.grid_world("obstacles 5x5", STEP)
    v_star = dm.value_iteration(world, GAMMA).v[world.start]
    h = dm.train_q_agent(None, "obstacles 5x5", episodes=100, seed=0, agents=8)
    assert h.device == "float" and h.pulses.sum() == 0
    np.testing.assert_allclose(h.greedy_return, v_star, atol=1e-12)
    assert h.greedy_success == 1.0
    # learning curve: the late episodes are far shorter than the first ones
    assert h.mean_steps[-10:].mean() < 0.5 * h.mean_steps[:10].mean()


def test_device_agent_beats_chance_and_stays_near_float():
    """EpiRAM (64 states, nonlinearity +-0.5, c2c 2 %): stated margins.

    Measured (seed 0, 8 agents, 100 episodes): device 0.426, float 0.426 (= V*),
    random policy -0.151.  Margins: beat random by >= 0.4, within 0.1 of float.
    """
    world = dm.grid_world("obstacles 5x5", STEP)
    chance = dm.evaluate_policy(world, dm.random_policy(world), GAMMA, 50).value
    dev = dm.train_q_agent("EpiRAM Ag:SiGe", "obstacles 5x5", episodes=100, seed=0)
    flt = dm.train_q_agent(None, "obstacles 5x5", episodes=100, seed=0)
    assert dev.device == "EpiRAM Ag:SiGe" and dev.pulses.min() > 0
    assert dev.final_greedy_return >= chance + 0.4
    assert dev.final_greedy_return >= flt.final_greedy_return - 0.1
    # weights stay within what the pairs can represent
    assert np.all(np.abs(dev.q) <= 1.0 + 1e-12)


def test_linear_device_pulse_arithmetic():
    """A linear, noiseless device: a pulse on each device moves the pair by 2 w_max / states."""
    lin = PulseDevice(name="lin", model="linear", g_min=1e-6, g_max=1e-5, states_ltp=20,
                      states_ltd=20)
    nearest = dm.weight_update_curve(lin, lr=0.5, rounding="nearest", n_points=23, repeats=4)
    step = 2.0 / 20  # 23 points: no request falls exactly half-way between two steps
    np.testing.assert_allclose(nearest.mean, np.round(nearest.requested / step) * step,
                               atol=1e-12)
    assert np.all(nearest.std < 1e-12)
    stoch = dm.weight_update_curve(lin, lr=0.5, rounding="stochastic", n_points=21,
                                   repeats=4000, seed=3)
    # stochastic rounding is unbiased: E[dw] = requested; each device of the pair rounds
    # on its own, moving w by step / 2 per pulse: var = 2 (step / 2)^2 f (1 - f)
    frac = np.abs(stoch.requested / step) % 1.0
    sd = step / 2 * np.sqrt(2 * frac * (1 - frac))
    assert np.all(np.abs(stoch.mean - stoch.requested) <= 4 * sd / np.sqrt(4000) + 1e-12)
    np.testing.assert_allclose(stoch.std, sd, atol=0.01)
    flt = dm.weight_update_curve(None, lr=0.5)
    np.testing.assert_array_equal(flt.mean, flt.requested)
    # rms error: the quantisation error alone for a noiseless device, zero for float weights
    quantised = np.round(nearest.requested / step) * step
    assert nearest.rms_error == pytest.approx(
        np.sqrt(np.mean((quantised - nearest.requested) ** 2)), abs=1e-12)
    assert flt.rms_error == 0.0


def test_saturating_device_realises_less_than_requested_near_the_top():
    dev = resolve_device("Ag:a-Si")
    curve = dm.weight_update_curve(dev, lr=1.0, start=0.9, c2c_scale=0.0, repeats=2)
    up = curve.requested > 0.2
    assert np.all(curve.mean[up] < curve.requested[up])
    assert np.all(np.sign(curve.mean[curve.requested > 0.1]) > 0)


def test_callback_cancels_and_csv_export():
    seen = []

    def cb(done, total, metrics):
        seen.append((done, total, metrics["device"]))
        return done < 3

    h = dm.train_q_agent("GST PCM", "open 4x4", episodes=20, agents=2, seed=0, callback=cb)
    assert h.cancelled and h.steps.shape == (2, 3)
    assert seen[-1] == (3, 20, "GST PCM")
    text = h.to_csv()
    assert text.splitlines()[2].startswith("episode,steps_mean")
    assert len([ln for ln in text.splitlines() if not ln.startswith("#")]) == 1 + 3


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"lr": 2.0}, "lr"), ({"gamma": 1.2}, "gamma"), ({"episodes": 0}, "episodes"),
     ({"rounding": "up"}, "rounding"), ({"step_reward": 0.5}, "step_reward"),
     ({"layout": "nowhere"}, "layout")],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        dm.train_q_agent(None, **{"episodes": 2, **kwargs})


def test_bad_layouts_and_devices():
    with pytest.raises(ValueError, match="exactly one"):
        dm.grid_world(("S..", "..."))
    with pytest.raises(ValueError, match="unknown cell"):
        dm.grid_world(("S.Z", "..G"))
    with pytest.raises(ValueError, match="unknown device preset"):
        dm.train_q_agent("unobtainium", episodes=1)
    with pytest.raises(ValueError, match="c2c_scale"):
        dm.train_q_agent("AlOx/HfO2", episodes=1, c2c_scale=6.0)  # outside its spec
    noisy = PulseDevice(name="noisy", c2c_sigma=0.2)
    with pytest.raises(ValueError, match="c2c_scale = 3"):
        dm.train_q_agent(noisy, episodes=1, c2c_scale=3.0)  # 0.6 > the model's 0.5


def test_no_torch_needed():
    code = ("import sys, neuroexplore.applications.decision as d; "
            "d.train_q_agent('GST PCM', 'open 4x4', episodes=2, agents=1); "
            "assert 'torch' not in sys.modules, 'torch was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
