"""Decision making with device-synapse weights: Q-learning in a grid world.

A reinforcement-learning agent (review ch. 6, decision making) learns to walk from a
start cell to a goal in a small grid world with walls and pits (obstacle avoidance).
Its action values are **device conductances**: every ``Q(s, a)`` is one differential
pair of pulse-programmed synapses from :mod:`neuroexplore.devices`, and every
temporal-difference update becomes potentiation/depression pulses along the device's
nonlinear, finite-state, noisy pulse curve (:meth:`PulseDevice.apply_pulses`).  The
same agent with float weights is the software baseline; value iteration gives the
optimum both are checked against.

The task (a deterministic Markov decision process; Sutton & Barto, *Reinforcement
Learning: An Introduction*, 2nd ed., MIT Press 2018, ch. 3-4)
------------------------------------------------------------------------------------
States are the grid's cells, actions ``a`` in {up, right, down, left}.  A move into a
wall or off the grid leaves the agent where it is.  Entering the goal gives reward
``r = +1`` and entering a pit ``r = -1``; both end the episode; every other move
costs ``r = c`` (``step_reward``, default -0.01: a small cost per move, so that
untried actions, still at ``Q = 0``, look better than tried ones and the agent
explores systematically).  An episode is also cut after ``max_steps`` moves.  With
discount ``gamma`` the optimal values obey Bellman's optimality equation

.. math::  Q^*(s, a) = r(s, a) + \\gamma\\,[1 - \\text{term}(s')]\\,\\max_{a'} Q^*(s', a'),
           \\qquad V^*(s) = \\max_a Q^*(s, a),

solved by :func:`value_iteration`.  Since only the goal pays (and ``|c|`` is small),
the optimal path is the shortest pit-free one, of ``d(s)`` moves, and

.. math::  V^*(s) = \\gamma^{d(s) - 1} + c\\,\\frac{1 - \\gamma^{d(s) - 1}}{1 - \\gamma}

(checked in the tests against a breadth-first search for ``d``).

Q-learning (Watkins, PhD thesis, Cambridge 1989; Watkins & Dayan, Mach. Learn. 8:279, 1992)
------------------------------------------------------------------------------------------
The agent acts epsilon-greedily (ties broken at random) and after each move updates

.. math::  \\delta = r + \\gamma\\,[1 - \\text{term}(s')]\\max_{a'} Q(s', a') - Q(s, a),
           \\qquad \\Delta Q(s, a) = \\alpha\\,\\delta .

This is linear Q-learning with one-hot state features, i.e. one weight per
``(s, a)``: a ``states x actions`` crossbar.

Device weights (MLP NeuroSim convention; Chen, Peng & Yu, IEEE TCAD 37:3067, 2018)
--------------------------------------------------------------------------------
``Q(s, a) = w_max (G+ - G-) / (G_max - G_min)``, both devices starting at mid-range
(``Q = 0``).  An update ``dQ`` asks each device of the pair for
``dG = dQ (G_max - G_min) / (2 w_max)``: ``G+`` moves by ``+dG`` and ``G-`` by
``-dG``, as ``n = dG / dG_nominal`` pulses with ``dG_nominal = (G_max - G_min) /
states`` (LTP or LTD states).  ``rounding="nearest"`` sends ``round(n)`` pulses (as
NeuroSim, so updates smaller than half a step are lost); ``"stochastic"`` sends
``floor(n)`` plus one more with probability ``n - floor(n)``, so the expected pulse
count equals ``n`` (stochastic rounding; Gupta et al., ICML 2015; the stochastic pulse
update of Gokmen & Vlasov, Front. Neurosci. 10:333, 2016); the counts come from
:func:`neuroexplore.devices.pair_weight_change_to_pulses`.  The pulses act along the
device's own curve from its present state, with its cycle-to-cycle noise
(``c2c_sigma * c2c_scale``), saturating at the bounds.

References the tests check
--------------------------
* value iteration vs the closed form above with ``d`` from a breadth-first search;
* the float agent's greedy policy reaches the optimal return ``V^*(start)``;
* the uniformly random policy (chance level) evaluated exactly as an absorbing
  Markov chain (:func:`evaluate_policy`), against a Monte-Carlo rollout;
* the device agent beats the random policy and is within a stated margin of the
  float agent.

Units: rewards and Q values are dimensionless; conductances in siemens.  torch is
never imported here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..devices.presets import resolve_device
from ..devices.weight_updates import pair_weight_change_to_pulses
from ..params import FROM_SPEC, ChoiceSpec, ParamSpec, takes_specs
from ..progress import Callback, notify
from ..seeding import as_seed

__all__ = [
    "LAYOUTS",
    "ACTIONS",
    "Q_SPECS",
    "GridWorld",
    "ValueResult",
    "PolicyStats",
    "QHistory",
    "UpdateCurve",
    "grid_world",
    "value_iteration",
    "evaluate_policy",
    "random_policy",
    "epsilon_greedy_policy",
    "greedy_rollout",
    "shortest_path_lengths",
    "train_q_agent",
    "weight_update_curve",
]


#: Action names in index order and their (row, col) moves.
ACTIONS: tuple[str, ...] = ("up", "right", "down", "left")
_MOVES = np.array([(-1, 0), (0, 1), (1, 0), (0, -1)])

#: Grid layouts: ``S`` start, ``G`` goal, ``#`` wall, ``X`` pit (ends the episode, r = -1),
#: ``.`` free.  "cliff 4x8" is a short version of Sutton & Barto's cliff walk (Example 6.6).
LAYOUTS: dict[str, tuple[str, ...]] = {
    "open 4x4": (
        "S...",
        "....",
        "....",
        "...G",
    ),
    "obstacles 5x5": (
        "S.#..",
        "..#..",
        "....X",
        ".#.#.",
        ".X..G",
    ),
    "obstacles 6x6": (
        "S..#..",
        ".#.#..",
        ".#...#",
        "...#..",
        "#.X...",
        "..#.XG",
    ),
    "cliff 4x8": (
        "........",
        "........",
        "........",
        "SXXXXXXG",
    ),
    "maze 7x7": (
        "S.#....",
        ".##.##.",
        "...#...",
        "##.#.#X",
        "...#...",
        ".#...#.",
        ".#.X#.G",
    ),
}

#: Parameters of :func:`train_q_agent` (widgets build their sliders from these).
Q_SPECS: tuple[ParamSpec | ChoiceSpec, ...] = (
    ChoiceSpec("layout", "obstacles 5x5", tuple(LAYOUTS), doc="grid-world layout"),
    ParamSpec("episodes", 100, 1, 5000, step=1, unit="episodes", integer=True,
              doc="training episodes per agent"),
    ParamSpec("lr", 0.5, 0.01, 1.0, step=0.01, unit="", doc="learning rate alpha of the TD update"),
    ParamSpec("gamma", 0.9, 0.5, 0.99, step=0.01, unit="", doc="discount factor"),
    ParamSpec("step_reward", -0.01, -0.2, 0.0, step=0.005, unit="",
              doc="reward of an ordinary move (a small cost drives exploration)"),
    ParamSpec("epsilon", 0.1, 0.0, 1.0, step=0.01, unit="",
              doc="exploration: probability of a uniformly random action"),
    ParamSpec("max_steps", 50, 5, 1000, step=1, unit="moves", integer=True,
              doc="an episode is cut after this many moves"),
    ParamSpec("agents", 8, 1, 64, step=1, unit="agents", integer=True,
              doc="independent agents (seeds) trained side by side; curves are their mean"),
    ParamSpec("w_max", 1.0, 0.1, 10.0, step=0.05, unit="", log=True,
              doc="Q value represented by a full-range differential pair"),
    ParamSpec("c2c_scale", 1.0, 0.0, 5.0, step=0.05, unit="x",
              doc="multiplier on the device's cycle-to-cycle noise"),
    ChoiceSpec("rounding", "stochastic", ("stochastic", "nearest"),
               doc="pulse count of an update: stochastic rounding (unbiased) or nearest"),
)
_SPEC = {s.name: s for s in Q_SPECS}


# ----------------------------------------------------------------------- world
@dataclass(frozen=True)
class GridWorld:
    """A deterministic grid world built from a layout (see :data:`LAYOUTS`).

    Attributes
    ----------
    layout : tuple of str
        Rows of the grid (``S``, ``G``, ``#``, ``X``, ``.``).
    name : str
    next_state : ndarray, shape (n_states, 4)
        Cell index reached by each action (walls and edges: stay).
    reward : ndarray, shape (n_states, 4)
        Reward of each move (+1 into the goal, -1 into a pit, else ``step_reward``).
    terminal : ndarray of bool, shape (n_states,)
        Goal and pit cells.
    free : ndarray of bool, shape (n_states,)
        Cells that are not walls.
    start, goal : int
        Cell indices (row-major).
    """

    layout: tuple[str, ...]
    name: str
    next_state: np.ndarray = field(repr=False)
    reward: np.ndarray = field(repr=False)
    terminal: np.ndarray = field(repr=False)
    free: np.ndarray = field(repr=False)
    start: int = 0
    goal: int = 0
    step_reward: float = _SPEC["step_reward"].default

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.layout), len(self.layout[0])

    @property
    def n_states(self) -> int:
        return self.shape[0] * self.shape[1]

    @property
    def pits(self) -> np.ndarray:
        """Boolean mask of pit cells."""
        return np.array([c == "X" for row in self.layout for c in row])

    def cell(self, s: int) -> tuple[int, int]:
        """(row, col) of state ``s``."""
        return divmod(int(s), self.shape[1])


@takes_specs(_SPEC["step_reward"])
def grid_world(layout: str | tuple[str, ...] = _SPEC["layout"].default,
               step_reward: float = FROM_SPEC) -> GridWorld:
    """Build a :class:`GridWorld` from a layout name of :data:`LAYOUTS` or its rows.

    ``step_reward`` is the reward of every move that does not end in the goal (+1) or
    a pit (-1).

    Raises
    ------
    ValueError
        for an unknown name, ragged rows, unknown characters or not exactly one
        ``S`` and one ``G``.
    """
    cost = step_reward
    if isinstance(layout, str):
        if layout not in LAYOUTS:
            raise ValueError(f"layout = {layout!r} is not valid; expected one of "
                             f"{list(LAYOUTS)} or a tuple of rows")
        name, rows = layout, LAYOUTS[layout]
    else:
        name, rows = "custom", tuple(str(r) for r in layout)
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        raise ValueError("layout rows must be non-empty and of equal length")
    text = "".join(rows)
    bad = set(text) - set("SG#X.")
    if bad:
        raise ValueError(f"layout has unknown cell characters {sorted(bad)}; use S G # X .")
    if text.count("S") != 1 or text.count("G") != 1:
        raise ValueError("layout needs exactly one start 'S' and one goal 'G'")
    n_rows, n_cols = len(rows), len(rows[0])
    cells = np.array(list(text)).reshape(n_rows, n_cols)
    free = (cells != "#").ravel()
    r, c = np.divmod(np.arange(n_rows * n_cols), n_cols)
    nr = r[:, None] + _MOVES[None, :, 0]
    nc = c[:, None] + _MOVES[None, :, 1]
    inside = (nr >= 0) & (nr < n_rows) & (nc >= 0) & (nc < n_cols)
    target = np.where(inside, nr.clip(0, n_rows - 1) * n_cols + nc.clip(0, n_cols - 1), 0)
    ok = inside & free[target]
    nxt = np.where(ok, target, np.arange(n_rows * n_cols)[:, None])
    kind = cells.ravel()
    reward = np.where(kind[nxt] == "G", 1.0, np.where(kind[nxt] == "X", -1.0, cost))
    terminal = (kind == "G") | (kind == "X")
    # a terminal cell is never left: its moves stay and pay nothing
    nxt[terminal] = np.arange(n_rows * n_cols)[terminal][:, None]
    reward[terminal] = 0.0
    return GridWorld(layout=rows, name=name, next_state=nxt, reward=reward, terminal=terminal,
                     free=free, start=int(text.index("S")), goal=int(text.index("G")),
                     step_reward=cost)


def _world(world: GridWorld | str | tuple[str, ...]) -> GridWorld:
    return world if isinstance(world, GridWorld) else grid_world(world)


def _gamma(gamma: float) -> float:
    return float(ParamSpec("gamma", 0.9, 0.0, 0.999999, doc="discount factor").validate(gamma))


# -------------------------------------------------------------- dynamic programming
@dataclass(frozen=True)
class ValueResult:
    """Optimal values of a grid world (:func:`value_iteration`).

    Attributes
    ----------
    v : ndarray, shape (n_states,)
        ``V*(s)``; 0 on terminal cells and walls.
    q : ndarray, shape (n_states, 4)
        ``Q*(s, a)``.
    policy : ndarray of int, shape (n_states,)
        A greedy optimal action per cell (lowest index among ties).
    iterations : int
    gamma : float
    """

    v: np.ndarray
    q: np.ndarray
    policy: np.ndarray
    iterations: int
    gamma: float


def value_iteration(world: GridWorld | str, gamma: float = 0.9, *, tol: float = 1e-12,
                    max_iter: int = 100_000) -> ValueResult:
    """Solve Bellman's optimality equation by value iteration (Bellman 1957).

    ``Q(s, a) <- r(s, a) + gamma [1 - term(s')] max_a' Q(s', a')`` until the largest
    change is below ``tol`` (a contraction with modulus ``gamma``: converges for
    ``gamma < 1``).
    """
    w = _world(world)
    g = _gamma(gamma)
    cont = ~w.terminal[w.next_state]
    v = np.zeros(w.n_states)
    it = 0
    while True:
        it += 1
        q = w.reward + g * cont * v[w.next_state]
        q[w.terminal] = 0.0
        v_new = q.max(axis=1)
        v_new[~w.free] = 0.0
        change = float(np.max(np.abs(v_new - v)))
        v = v_new
        if change < tol:
            break
        if it >= max_iter:  # pragma: no cover - gamma < 1 converges well within max_iter
            raise ValueError(f"value iteration did not converge in {max_iter} sweeps")
    q = w.reward + g * cont * v[w.next_state]
    q[w.terminal] = 0.0
    return ValueResult(v=v, q=q, policy=q.argmax(axis=1), iterations=it, gamma=g)


def shortest_path_lengths(world: GridWorld | str) -> np.ndarray:
    """Moves from each cell to the goal along pit-free paths (breadth-first search).

    ``inf`` where the goal cannot be reached; 0 at the goal.
    """
    w = _world(world)
    dist = np.full(w.n_states, np.inf)
    dist[w.goal] = 0.0
    frontier = [w.goal]
    # predecessors: cells whose move lands on a given cell, not through pits or walls
    walkable = w.free & ~w.pits
    while frontier:
        nxt = []
        for cell in frontier:
            src = np.flatnonzero((w.next_state == cell).any(axis=1) & walkable
                                 & ~w.terminal & np.isinf(dist))
            dist[src] = dist[cell] + 1
            nxt.extend(src.tolist())
        frontier = nxt
    return dist


@dataclass(frozen=True)
class PolicyStats:
    """Exact statistics of a stochastic policy from the start cell (:func:`evaluate_policy`).

    Attributes
    ----------
    value : float
        Expected discounted return ``V_pi(start)`` of an episode cut at ``max_steps``.
    success : float
        Probability of reaching the goal within ``max_steps`` moves.
    steps : float
        Expected episode length ``E[min(T, max_steps)]`` (moves).
    """

    value: float
    success: float
    steps: float


def random_policy(world: GridWorld | str) -> np.ndarray:
    """The uniformly random policy, shape (n_states, 4) (the chance level)."""
    w = _world(world)
    return np.full((w.n_states, len(ACTIONS)), 1.0 / len(ACTIONS))


@takes_specs(_SPEC["epsilon"])
def epsilon_greedy_policy(q: np.ndarray, epsilon: float) -> np.ndarray:
    """``(1 - eps)`` on the greedy action (ties shared) plus ``eps`` spread uniformly."""
    q = np.asarray(q, dtype=float)
    best = np.isclose(q, q.max(axis=-1, keepdims=True), rtol=0.0, atol=1e-12)
    greedy = best / best.sum(axis=-1, keepdims=True)
    return (1.0 - epsilon) * greedy + epsilon / q.shape[-1]


def evaluate_policy(world: GridWorld | str, policy: np.ndarray, gamma: float = 0.9,
                    max_steps: int = 100) -> PolicyStats:
    """Exact return, success probability and episode length of ``policy`` from the start.

    The state distribution ``p_k`` over non-terminal cells evolves by the policy's
    transition matrix for ``k = 0 .. max_steps - 1`` (an absorbing Markov chain cut at
    ``max_steps``): ``V = sum_k gamma^k p_k . r_pi``, ``P(success) = sum_k p_k .
    P(goal next)``, ``E[min(T, max_steps)] = sum_k P(T > k)``.
    """
    w = _world(world)
    g = _gamma(gamma)
    pol = np.asarray(policy, dtype=float)
    if pol.shape != (w.n_states, len(ACTIONS)) or np.any(pol < 0) or not np.allclose(
            pol.sum(axis=1), 1.0):
        raise ValueError(f"policy must be a ({w.n_states}, 4) array of action probabilities")
    steps_max = int(ParamSpec("max_steps", 100, 1, 100_000, integer=True).validate(max_steps))
    n = w.n_states
    trans = np.zeros((n, n))
    np.add.at(trans, (np.repeat(np.arange(n), len(ACTIONS)), w.next_state.ravel()),
              pol.ravel())
    r_pi = (pol * w.reward).sum(axis=1)
    into_goal = (pol * (w.next_state == w.goal)).sum(axis=1)
    alive = ~w.terminal
    trans_alive = trans * alive[None, :]  # mass that stays in non-terminal cells
    p = np.zeros(n)
    p[w.start] = 1.0
    value = success = steps = 0.0
    for k in range(steps_max):
        steps += p.sum()
        value += g**k * (p @ r_pi)
        success += p @ into_goal
        p = p @ trans_alive
    return PolicyStats(value=float(value), success=float(success), steps=float(steps))


def greedy_rollout(world: GridWorld | str, q: np.ndarray, gamma: float = 0.9,
                   max_steps: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow ``argmax_a Q`` (lowest index among ties) from the start, for many Q tables.

    Parameters
    ----------
    q : ndarray, shape (n_states, 4) or (agents, n_states, 4)

    Returns
    -------
    steps, ret : ndarray, shape (agents,)
        Moves until a terminal cell (``max_steps`` when none is reached) and the
        discounted return ``sum_k gamma^k r_k`` of the walk.
    success : ndarray of bool, shape (agents,)
        Whether the walk ends in the goal.
    """
    w = _world(world)
    g = _gamma(gamma)
    q = np.asarray(q, dtype=float)
    q3 = q[None] if q.ndim == 2 else q
    policy = q3.argmax(axis=2)
    n_ag = q3.shape[0]
    s = np.full(n_ag, w.start)
    steps = np.full(n_ag, max_steps)
    ret = np.zeros(n_ag)
    done = np.zeros(n_ag, dtype=bool)
    rows = np.arange(n_ag)
    for k in range(max_steps):
        a = policy[rows, s]
        ret += np.where(done, 0.0, g**k * w.reward[s, a])
        s = w.next_state[s, a]
        end = ~done & w.terminal[s]
        steps[end] = k + 1
        done |= end
        if done.all():
            break
    return steps, ret, done & (s == w.goal)


# --------------------------------------------------------------------- devices
def _noisy_device(dev: Any, c2c_scale: float) -> Any:
    sigma = dev.c2c_sigma * c2c_scale
    if sigma > 0.5:
        raise ValueError(f"c2c_scale = {c2c_scale:g} gives c2c_sigma = {sigma:.3g} for "
                         f"{dev.name!r}, above the device model's limit 0.5")
    return dev if sigma == dev.c2c_sigma else dev.with_params(c2c_sigma=sigma)


def _pair_update(dev: Any, g_pos: np.ndarray, g_neg: np.ndarray, dq: np.ndarray,
                 w_max: float, rounding: str, rng: np.random.Generator
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New (G+, G-) after asking for ``dq`` on each pair; also the pulses used."""
    n_plus, n_minus = pair_weight_change_to_pulses(dq, dev, w_max=w_max, rounding=rounding,
                                                   rng=rng)
    # one engine call for both devices of every pair (the call's overhead dominates)
    g_new = dev.apply_pulses(np.stack([g_pos, g_neg]), np.stack([n_plus, n_minus]), rng=rng)
    return g_new[0], g_new[1], np.abs(n_plus) + np.abs(n_minus)


@dataclass(frozen=True)
class UpdateCurve:
    """Realised vs requested weight change of one device pair (:func:`weight_update_curve`)."""

    requested: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    device: str

    @property
    def rms_error(self) -> float:
        """Root-mean-square error of the realised change, bias and spread together:
        ``sqrt(mean((mean - requested)^2 + std^2))`` over the requested changes."""
        return float(np.sqrt(np.mean((self.mean - self.requested) ** 2 + self.std**2)))


@takes_specs(tuple(_SPEC[k] for k in ("lr", "w_max", "c2c_scale", "rounding")))
def weight_update_curve(device: Any, *, lr: float = FROM_SPEC, w_max: float = FROM_SPEC,
                        start: float = 0.0, c2c_scale: float = FROM_SPEC,
                        rounding: str = FROM_SPEC, n_points: int = 41, repeats: int = 64,
                        seed: int | None = 0) -> UpdateCurve:
    """What a TD update ``alpha * delta`` (``delta`` in [-1, 1]) really does to a pair.

    The pair starts at weight ``start`` (fraction of ``w_max``), every requested change
    is sent ``repeats`` times (independent c2c noise and rounding) and the realised
    weight change's mean and standard deviation are returned.  Float weights give the
    identity line.
    """
    p = dict(lr=lr, w_max=w_max, c2c_scale=c2c_scale, rounding=rounding)
    start = float(ParamSpec("start", 0.0, -1.0, 1.0, doc="initial weight / w_max"
                            ).validate(start))
    requested = p["lr"] * np.linspace(-1.0, 1.0, int(n_points))
    dev = resolve_device(device, allow_float=True)
    if dev is None:
        return UpdateCurve(requested, requested.copy(), np.zeros_like(requested), "float")
    dev = _noisy_device(dev, p["c2c_scale"])
    rng = np.random.default_rng(seed)
    span = dev.g_max - dev.g_min
    mid = 0.5 * (dev.g_min + dev.g_max)
    half = np.clip(start, -1.0, 1.0) * span / 4.0
    shape = (int(repeats), requested.size)
    g_pos = np.full(shape, mid + half)
    g_neg = np.full(shape, mid - half)
    w0 = p["w_max"] * (g_pos - g_neg) / span
    dq = np.broadcast_to(requested, shape)
    g_pos, g_neg, _ = _pair_update(dev, g_pos, g_neg, dq, p["w_max"], p["rounding"], rng)
    dw = p["w_max"] * (g_pos - g_neg) / span - w0
    return UpdateCurve(requested, dw.mean(axis=0), dw.std(axis=0), str(dev.name))


# ------------------------------------------------------------------- training
@dataclass(frozen=True)
class QHistory:
    """Outcome of :func:`train_q_agent` for ``agents`` independent agents.

    Attributes
    ----------
    steps : ndarray of int, shape (agents, episodes)
        Moves per training episode (the learning curve).
    returns : ndarray, shape (agents, episodes)
        Discounted return ``sum_k gamma^k r_k`` of each training episode.
    success : ndarray of bool, shape (agents, episodes)
        Whether the episode reached the goal.
    q : ndarray, shape (agents, n_states, 4)
        Final action values (read from the devices for device agents).
    greedy_steps, greedy_return : ndarray, shape (agents,)
        The final greedy policy's moves to a terminal cell and discounted return.
    greedy_reached : ndarray of bool, shape (agents,)
        Whether the final greedy policy reaches the goal.
    pulses : ndarray of int, shape (agents,)
        Programming pulses sent (0 for float weights).
    device : str
        Device name, ``"float"`` for the software agent.
    params : dict
        The validated parameters.
    cancelled : bool
        Whether the callback stopped the run.
    """

    steps: np.ndarray
    returns: np.ndarray
    success: np.ndarray
    q: np.ndarray = field(repr=False)
    greedy_steps: np.ndarray
    greedy_return: np.ndarray
    greedy_reached: np.ndarray
    pulses: np.ndarray
    device: str
    params: dict = field(repr=False, default_factory=dict)
    cancelled: bool = False

    @property
    def mean_steps(self) -> np.ndarray:
        """Mean moves per episode over the agents, shape (episodes,)."""
        return self.steps.mean(axis=0)

    @property
    def mean_return(self) -> np.ndarray:
        """Mean discounted return per episode over the agents."""
        return self.returns.mean(axis=0)

    @property
    def final_greedy_return(self) -> float:
        """Mean over agents of the final greedy policy's discounted return."""
        return float(self.greedy_return.mean())

    @property
    def greedy_success(self) -> float:
        """Fraction of agents whose final greedy policy reaches the goal."""
        return float(np.mean(self.greedy_reached))

    def value_map(self) -> np.ndarray:
        """``max_a Q(s, a)`` averaged over agents, shape (n_states,)."""
        return self.q.max(axis=2).mean(axis=0)

    def to_csv(self) -> str:
        """CSV: per episode, the mean and std over agents of moves and return."""
        buf = io.StringIO()
        buf.write(f"# Q-learning in a grid world, device = {self.device}; "
                  f"{self.steps.shape[0]} agents; parameters {self.params}\n")
        buf.write(f"# final greedy return {self.final_greedy_return:.6g}, "
                  f"greedy success {self.greedy_success:.3g}\n")
        buf.write("episode,steps_mean,steps_std,return_mean,return_std,success_rate\n")
        for k in range(self.steps.shape[1]):
            buf.write(f"{k + 1},{self.steps[:, k].mean():.6g},{self.steps[:, k].std():.6g},"
                      f"{self.returns[:, k].mean():.6g},{self.returns[:, k].std():.6g},"
                      f"{self.success[:, k].mean():.6g}\n")
        return buf.getvalue()


@takes_specs(tuple(s for s in Q_SPECS if s.name not in ("layout", "step_reward")))
def train_q_agent(
    device: Any = None,
    layout: str | tuple[str, ...] | GridWorld = _SPEC["layout"].default,
    episodes: int = FROM_SPEC,
    seed: int | None = 0,
    *,
    lr: float = FROM_SPEC,
    gamma: float = FROM_SPEC,
    step_reward: float | None = None,
    epsilon: float = FROM_SPEC,
    max_steps: int = FROM_SPEC,
    agents: int = FROM_SPEC,
    w_max: float = FROM_SPEC,
    c2c_scale: float = FROM_SPEC,
    rounding: str = FROM_SPEC,
    callback: Callback | None = None,
) -> QHistory:
    """Train ``agents`` epsilon-greedy Q-learning agents side by side (module doc).

    Parameters
    ----------
    device : None, "float", preset name or PulseDevice
        Where the Q table lives: float weights (``None``) or device pairs.
    layout : layout name, rows or GridWorld
        A GridWorld keeps its own ``step_reward`` (then leave ``step_reward`` None).
    episodes, lr, gamma, step_reward, epsilon, max_steps, agents, w_max, c2c_scale, rounding
        See :data:`Q_SPECS`; ``step_reward=None`` means the spec's default.
    seed : int, optional
        Seeds exploration, tie breaking, pulse rounding and c2c noise.
    callback : callable, optional
        ``callback(episodes_done, episodes, metrics)`` whenever every agent finished
        one more episode; return ``False`` to stop.

    Returns
    -------
    QHistory

    Examples
    --------
    >>> h = train_q_agent(None, "open 4x4", episodes=60, agents=2, seed=0)
    >>> h.greedy_steps.tolist()   # the shortest path from corner to corner: 6 moves
    [6, 6]
    """
    if isinstance(layout, GridWorld):
        if step_reward is not None and step_reward != layout.step_reward:
            raise ValueError(f"step_reward = {step_reward} differs from the GridWorld's own "
                             f"{layout.step_reward}; pass one or the other")
        w = layout
    else:
        w = grid_world(layout) if step_reward is None else grid_world(layout, step_reward)
    p = dict(episodes=episodes, lr=lr, gamma=gamma, epsilon=epsilon, max_steps=max_steps,
             agents=agents, w_max=w_max, c2c_scale=c2c_scale, rounding=rounding)
    rng = np.random.default_rng(as_seed(seed))
    dev = resolve_device(device, allow_float=True)
    n_ag, n_ep, n_s, n_a = p["agents"], p["episodes"], w.n_states, len(ACTIONS)
    shape = (n_ag, n_s, n_a)
    if dev is None:
        q = np.zeros(shape)
        g_pos = g_neg = None
        span = 1.0
    else:
        dev = _noisy_device(dev, p["c2c_scale"])
        span = dev.g_max - dev.g_min
        g_pos = np.full(shape, 0.5 * (dev.g_min + dev.g_max))
        g_neg = g_pos.copy()
    scale = p["w_max"] / span

    def q_of(ag: np.ndarray, s: np.ndarray) -> np.ndarray:
        if dev is None:
            return q[ag, s]
        return scale * (g_pos[ag, s] - g_neg[ag, s])

    steps = np.zeros((n_ag, n_ep), dtype=np.int64)
    rets = np.zeros((n_ag, n_ep))
    succ = np.zeros((n_ag, n_ep), dtype=bool)
    pulses = np.zeros(n_ag, dtype=np.int64)
    state = np.full(n_ag, w.start)
    t_ep = np.zeros(n_ag, dtype=np.int64)
    ret_acc = np.zeros(n_ag)
    ep = np.zeros(n_ag, dtype=np.int64)
    gam, eps = p["gamma"], p["epsilon"]
    cancelled = False
    reported = 0
    while True:
        act = np.flatnonzero(ep < n_ep)
        if act.size == 0:
            break
        s = state[act]
        q_s = q_of(act, s)
        best = q_s >= q_s.max(axis=1, keepdims=True) - 1e-12
        greedy = np.argmax(best * rng.random(q_s.shape), axis=1)  # random among ties
        explore = rng.random(act.size) < eps
        a = np.where(explore, rng.integers(0, n_a, act.size), greedy)
        s2, r = w.next_state[s, a], w.reward[s, a]
        term = w.terminal[s2]
        target = r + gam * (~term) * q_of(act, s2).max(axis=1)
        dq = p["lr"] * (target - q_s[np.arange(act.size), a])
        if dev is None:
            q[act, s, a] += dq
        else:
            gp, gn, n_p = _pair_update(dev, g_pos[act, s, a], g_neg[act, s, a], dq,
                                       p["w_max"], p["rounding"], rng)
            g_pos[act, s, a], g_neg[act, s, a] = gp, gn
            pulses[act] += n_p
        ret_acc[act] += gam ** t_ep[act] * r
        t_ep[act] += 1
        state[act] = s2
        end = term | (t_ep[act] >= p["max_steps"])
        if end.any():
            ag, e = act[end], ep[act[end]]
            steps[ag, e] = t_ep[ag]
            rets[ag, e] = ret_acc[ag]
            ret_acc[ag] = 0.0
            succ[ag, e] = term[end] & (r[end] > 0)
            ep[ag] += 1
            t_ep[ag] = 0
            state[ag] = w.start
            done_all = int(ep.min())
            if done_all > reported:
                reported = done_all
                k = done_all - 1
                metrics = {"episode": done_all, "steps": float(steps[:, k].mean()),
                           "return": float(rets[:, k].mean()),
                           "success": float(succ[:, k].mean()),
                           "device": "float" if dev is None else str(dev.name)}
                if notify(callback, done_all, n_ep, metrics):
                    cancelled = True
                    break
    n_done = int(ep.min()) if cancelled else n_ep
    q_final = q.copy() if dev is None else scale * (g_pos - g_neg)
    g_steps, g_ret, g_ok = greedy_rollout(w, q_final, gam, p["max_steps"])
    return QHistory(
        steps=steps[:, :n_done], returns=rets[:, :n_done], success=succ[:, :n_done],
        q=q_final, greedy_steps=g_steps, greedy_return=g_ret, greedy_reached=g_ok,
        pulses=pulses,
        device="float" if dev is None else str(dev.name),
        params={"layout": w.name, "step_reward": w.step_reward, **p}, cancelled=cancelled,
    )

