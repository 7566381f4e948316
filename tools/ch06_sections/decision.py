"""Chapter 6, section 6: decision making with device-synapse weights (Q-learning)."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 6. Decision making with device synapses

Decisions are learned from consequences: an agent acts, receives a reward and
adjusts its preferences. **Reinforcement learning** formalises this (Sutton & Barto,
*Reinforcement Learning: An Introduction*, 2nd ed., MIT Press, 2018), and memristive
synapses have been used to store what the agent learns (e.g. Wang *et al.*, *Nat.
Mach. Intell.* **1**, 434, 2019). Here an agent learns to cross a small grid world to
a goal while avoiding pits and walls (obstacle avoidance), with its **action values
stored as device conductances**.

**The task** is a deterministic Markov decision process: states are cells, actions
are the four moves; a move into a wall leaves the agent in place; entering the goal
pays $r = +1$, a pit $r = -1$ (both end the episode), any other move costs
$r = c = -0.01$. The best achievable discounted return obeys **Bellman's optimality
equation**

$$Q^*(s,a) = r(s,a) + \gamma\,\max_{a'} Q^*(s',a'),\qquad V^*(s) = \max_a Q^*(s,a),$$

which **value iteration** solves (Bellman 1957). Here the optimal path is the
shortest pit-free one, of $d(s)$ moves, so
$V^*(s) = \gamma^{d(s)-1} + c\,\frac{1-\gamma^{d(s)-1}}{1-\gamma}$ — checked in the
tests against a breadth-first search.

**Q-learning** (Watkins 1989; Watkins & Dayan, *Mach. Learn.* **8**, 279, 1992)
learns $Q$ from experience, without knowing the world: after each move
$s \xrightarrow{a} s'$ with reward $r$,

$$\delta = r + \gamma\max_{a'}Q(s',a') - Q(s,a),\qquad Q(s,a) \leftarrow Q(s,a) +
\alpha\,\delta ,$$

while acting $\varepsilon$-greedily. One weight per state and action: a
states × actions crossbar.

**Device weights.** $Q(s,a) = w_\max (G^+ - G^-)/(G_\max - G_\min)$, one differential
pair each, both devices starting mid-range ($Q = 0$). An update $\alpha\delta$ asks each
device for $\Delta G = \alpha\delta\,(G_\max - G_\min)/(2w_\max)$, i.e.
$n = \Delta G/\Delta G_\text{nominal}$ pulses. Updates are mostly *much smaller than
one pulse*, so $n$ is rounded **stochastically** — $\lfloor n\rfloor$ pulses plus one
more with probability $n - \lfloor n\rfloor$ — so that the update is right on average
(Gupta *et al.*, ICML 2015; the stochastic pulse update of Gokmen & Vlasov, *Front.
Neurosci.* **10**, 333, 2016); rounding to the nearest integer, as NeuroSim does,
would lose every update below half a step. Each pulse then follows the device's
nonlinear curve, with its cycle-to-cycle noise.
"""),
    ("code", """
from neuroexplore.applications import decision as dm
from neuroexplore.devices import presets
from neuroexplore.widgets import decision_lab as dlab

FULL = False   # True: every preset, 300 episodes, 16 agents (~1 min)
world = dm.grid_world("obstacles 5x5")
vi = dm.value_iteration(world, gamma=0.9)
d = dm.shortest_path_lengths(world)[world.start]
print(f"shortest path {d:.0f} moves; V*(start) = {vi.v[world.start]:.4f} "
      f"(closed form {0.9**(d - 1) - 0.01 * (1 - 0.9**(d - 1)) / 0.1:.4f}), "
      f"{vi.iterations} value-iteration sweeps")
dlab.world_figure(world, {"optimal V*": vi.v}, {"optimal V*": vi.policy},
                  title="The grid world: optimal values and moves (S start, G goal, ☠ pit)")
"""),
    ("markdown", r"""
### Chance level and the best an exploring agent can do

The **random policy** is the chance level. Its return, success probability and
episode length follow exactly from the absorbing Markov chain of its moves (the tests
check them by Monte Carlo). An agent that keeps exploring with probability
$\varepsilon$ cannot do better than the $\varepsilon$-greedy version of the optimal
policy, which is the ceiling of the learning curves below.
"""),
    ("code", """
refs = {"optimum": dm.evaluate_policy(world, dm.epsilon_greedy_policy(vi.q, 0.0), 0.9, 50),
        "epsilon-greedy optimum": dm.evaluate_policy(
            world, dm.epsilon_greedy_policy(vi.q, 0.1), 0.9, 50),
        "random policy": dm.evaluate_policy(world, dm.random_policy(world), 0.9, 50)}
for name, s in refs.items():
    print(f"{name:24s} return {s.value:+.3f}  success {100 * s.success:5.1f} %  "
          f"moves {s.steps:5.1f}")
"""),
    ("markdown", r"""
### What a device does with a TD update

The dashed line is what the algorithm asks for, the coloured curves what a pair of
devices delivers (mean ± std over 64 repetitions, from $Q = 0$). Few states show as
a coarse staircase in each single update (its spread), a nonlinear curve as a slope
different from one, cycle-to-cycle noise as a spread that does not shrink with the
update's size.
"""),
    ("code", """
dlab.update_figure([dm.weight_update_curve(dev, lr=0.5)
                    for dev in ("EpiRAM Ag:SiGe", "AlOx/HfO2", "TaOx/HfOx")])
"""),
    ("markdown", r"""
### Learning curves: float weights against device weights

Eight agents per device, 100 episodes each; the curves are their mean.
"""),
    ("code", """
devices = list(presets()) if FULL else ["EpiRAM Ag:SiGe", "AlOx/HfO2", "TaOx/HfOx"]
run = dict(episodes=300, agents=16) if FULL else dict(episodes=100, agents=8)
histories = {"float": dm.train_q_agent(None, world, seed=0, **run)}
for name in devices:
    histories[name] = dm.train_q_agent(name, world, seed=0, **run)
for name, h in histories.items():
    print(f"{name:16s} greedy return {h.final_greedy_return:+.3f}  agents at the goal "
          f"{100 * h.greedy_success:5.1f} %  pulses per agent {h.pulses.mean():7.0f}")
dlab.learning_figure(histories, refs)
"""),
    ("code", """
last = histories[devices[-1]]
dlab.world_figure(world, {"optimal V*": vi.v, f"learned ({last.device})": last.value_map()},
                  {"optimal V*": vi.policy,
                   f"learned ({last.device})": last.q.mean(axis=0).argmax(axis=1)},
                  title="What the device agents learned (mean over agents)")
"""),
    ("markdown", r"""
**What the curves show** (default run, seed 0): the float agent converges to the
optimal policy (greedy return 0.426 = $V^*$, every agent at the goal), far above the
random policy (−0.152). EpiRAM (64 states, small symmetric nonlinearity, 2 % noise)
matches it. AlOx/HfO2 (40 states, 5 % noise) gets 6 of 8 agents to the goal, and
TaOx/HfOx — 128 fine steps but 3.7 % noise per pulse, so one pulse's noise is five
times its step — only 1 of 8: noise that is larger than the updates randomises the
small value differences the greedy policy relies on. The ranking differs from the
digit table (where TaOx/HfOx learned well in situ): a Q table is read *value by
value*, with no averaging over many weights to wash the noise out.
The float agent is the software baseline; the tests check that it reaches $V^*$,
that the EpiRAM agent beats the random policy by more than 0.4 in return and stays
within 0.1 of the float agent.
"""),
]
