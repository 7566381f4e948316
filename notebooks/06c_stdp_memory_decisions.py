# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%

# %% [markdown]
# # Chapter 6c — Learning rules on device synapses: STDP, memory and decisions
#
# *Chapter 6, Applications assisted by machine learning, session 3 of 3* (6a: digits on
# device arrays; 6b: reservoirs and touch). Three learning rules, each with its weights
# stored as device conductances and each beside a software baseline (Huo *et al.*, Int.
# J. Extreme Manuf. **7**(4), 042007 (2025), section 6): **unsupervised** STDP that
# learns digit prototypes without labels, an **associative** Hopfield memory stored with
# Hebb's rule on a crossbar, and **reinforcement** learning (Q-learning) of a path
# through a grid world.
#
# **Learning objectives.** After this session you can
#
# * turn a spike-timing rule into programming pulses, and explain how a device's
#   nonlinear curve and noise reshape the STDP window;
# * store patterns with Hebb's rule, explain why asynchronous recall lowers the
#   energy, and estimate the capacity from the signal-to-noise argument;
# * write the Q-learning update, and explain why stochastic pulse rounding and
#   cycle-to-cycle noise matter for a value table read value by value.
#
# **Prerequisites.** Chapter 1 (LIF neurons), chapter 2 (Hebb's rule, STDP), chapter 3
# (pulse programming and the device presets), chapter 4 (the crossbar's matrix–vector
# product) and session 6a (weights as conductances).
#
# **Estimated time.** About 100 minutes: 30 for STDP, 25 for the Hopfield memory, 25
# for decision making, 20 for the three exercises (one of them is code you write). The
# notebook runs top to bottom in well under a minute.
#
# **Exercises.** Three, each ending in a check: replace `None` (or the
# `NotImplementedError` of the function) and re-run the cell; a wrong attempt shows the
# next hint of a ladder.
#
# `FULL` below is the one switch of this session: `False` runs the live-session
# sizes, `True` the stronger figures (about two minutes more).

# %%
import numpy as np

from neuroexplore.applications import decision as dm
from neuroexplore.applications import hopfield as hf
from neuroexplore.applications import stdp_learning as sl
from neuroexplore.devices import presets
from neuroexplore.exercises import check
from neuroexplore.widgets import decision_lab as dlab
from neuroexplore.widgets import hopfield_lab as hlab
from neuroexplore.widgets import stdp_learning_lab as slab

FULL = False   # True: the stronger figures (larger networks, every preset, more agents)

# %% [markdown]
# ## 1. Unsupervised STDP learning of digit prototypes
#
# Can a network *without labels* learn what digits look like, using only the local
# timing rule of its synapses? Diehl & Cook (*Front. Comput. Neurosci.* **9**, 99,
# 2015) showed that it can: 100 leaky integrate-and-fire neurons with STDP synapses,
# lateral inhibition and an adaptive threshold reach 82.9 % on MNIST, each neuron
# becoming the prototype of one way of writing a digit. Querlioz *et al.* (*IEEE
# Trans. Nanotechnol.* **12**, 288, 2013) ran the same idea on memristive synapses —
# the device's conductance *is* the weight, and each STDP event is a programming pulse.
# Here a reduced version runs on scikit-learn's 8×8 digits with the published devices
# of chapter 3.
#
# **Input.** Each of the 64 pixels is a Poisson spike train with rate
# $r_i = I_i\,r_\max$ (intensity $I_i\in[0,1]$) for 350 ms; a digit that evokes fewer
# than 5 output spikes is shown again 32 Hz brighter (Diehl & Cook's rule).
#
# **Neurons** (mV, ms; conductances in units of the leak):
#
# $$\tau_m\frac{dV_j}{dt} = (E_\text{rest}-V_j) + g_{e,j}(E_\text{exc}-V_j)
# + g_{i,j}(E_\text{inh}-V_j),\qquad \tau_e\dot g_e = -g_e,\ \tau_i \dot g_i = -g_i,$$
#
# with $\tau_m = 100$, $E_\text{rest} = -65$, $E_\text{exc} = 0$, $E_\text{inh} = -100$,
# $\tau_e = 1$, $\tau_i = 2$. An input spike of pixel $i$ raises $g_{e,j}$ by the weight
# $w_{ij}$. Neuron $j$ fires when $V_j > V_\text{th} + \theta_j$ ($V_\text{th} = -52$ mV)
# and is reset to $-65$ mV for 5 ms.
#
# * **Adaptive threshold** (homeostasis): $\theta_j \mathrel{+}= \theta_+$ per spike and
#   decays with $\tau_\theta$, so a neuron that wins too often becomes harder to excite
#   and every neuron gets a share of the digits.
# * **Lateral inhibition**: each spike raises $g_i$ of all the *other* neurons by
#   $w_\text{inh} = 17$ — a soft winner-take-all (Diehl & Cook's inhibitory population,
#   reduced to its effect).
# * **STDP** (pair rule with traces): at a postsynaptic spike $\Delta w = A_+x_\text{pre}$,
#   at a presynaptic spike $\Delta w = -A_-y_\text{post}$; the traces decay with
#   $\tau_\pm = 20$ ms and are reset to 1 by each spike. For one isolated pair this is
#   the window $W(\Delta t) = A_+e^{-\Delta t/\tau_+}$ ($\Delta t > 0$),
#   $-A_-e^{\Delta t/\tau_-}$ ($\Delta t \le 0$) of chapter 2.
# * **Normalisation**: after each digit the 64 weights onto a neuron are scaled to a
#   fixed sum, so a neuron can only *redistribute* its weight towards the pixels that
#   made it fire — which is how its weights become a digit prototype.
#
# **Device synapses.** Each weight is one device,
# $w = w_\max (G - G_\min)/(G_\max - G_\min)$. The learning rule asks for a change
# $\Delta w$; the hardware sends $n = \mathrm{round}(P\,\Delta w/w_\max)$ identical
# pulses ($P$ = the device's number of states; stochastic rounding, so small changes
# are written on average) and the device moves **along its own nonlinear curve, with
# its own cycle-to-cycle noise** — exactly as in chapter 4's open-loop programming.
# The software baseline is the same network with float weights, and a second one is
# k-means with as many prototypes as neurons.
#
# **Read-out** (Diehl & Cook): after learning, each neuron is labelled with the digit
# class that makes it fire most on average; a test digit is assigned the class whose
# neurons fire most. Chance is 10 %.
#
# *Reduction.* A few hundred 8×8 digits reach 20–100 neurons — about 100 times fewer
# presentations per neuron than the original — so four constants are scaled (stated
# in `neuroexplore.applications.stdp_learning`): $r_\max = 120$ Hz, weight sum 15,
# $\theta_+ = 0.2$ mV with $\tau_\theta = 300$ s, and $A_+ = 0.03$. They were chosen
# on a validation split of the training digits, never on the test digits.

# %% [markdown]
# ### The device and the STDP window it realises
#
# The Ag:a-Si memristor of Jo *et al.* (*Nano Lett.* **10**, 1297, 2010) has 97
# potentiation and 100 depression states, NeuroSim nonlinearity labels +2.4 / −4.88 and
# 3.5 % cycle-to-cycle noise per pulse. Its conductance under identical pulses bends
# strongly, so the change a pulse makes depends on where the device sits:

# %%
slab.device_curve_figure("Ag:a-Si", d2d_sigma=0.1)

# %%
slab.window_figure("Ag:a-Si")

# %% [markdown]
# At mid-range ($w = 0.5\,w_\max$) the device realises about 2.5 times the requested
# depression (the steep part of its saturating LTD curve) and 1.3 times the requested
# potentiation. The ratio depends on the state: near $G_\max$ potentiation shrinks to
# 0.7× and depression grows to 3.9× — the device itself imposes a soft bound. Repeat
# with `"HZO FeFET"` (close to 1.1× at mid-range) or `"ideal"` (exactly 1×).
#
# ### Learning
#
# The default run trains 30 neurons on 400 digits with device synapses, then the same
# network with float weights, and k-means with 30 centroids (a few seconds):

# %%
stdp_runs = sl.compare_with_baselines(seed=0, **sl.SIZES["full" if FULL else "default"])
stdp_device, stdp_float = stdp_runs["device"], stdp_runs["float"]
print(f"{stdp_device.device} synapses: {stdp_device.accuracy:.1%} | float weights: "
      f"{stdp_float.accuracy:.1%} | k-means: {stdp_runs['kmeans']:.1%} | chance: 10 %")
print(f"{stdp_device.pulses:,} programming pulses, "
      f"{stdp_device.spikes_per_digit.mean():.1f} output spikes per training digit")
slab.accuracy_figure(stdp_runs)

# %%
slab.receptive_fields_figure(stdp_device, stdp_float)

# %% [markdown]
# Each tile is one neuron's 64 input weights after learning: most have become a
# recognisable digit — learned without a single label. The device network's prototypes
# are noisier: each of its weights received many pulses, and every pulse adds
# 3.5 % of the conductance range as noise, while the nonlinear curve distorts the
# requested steps. The network with float weights does better, and k-means — which
# computes its prototypes exactly, with many passes over the data — better still; the
# gap between the spiking network and k-means mirrors Diehl & Cook's gap on MNIST.
#
# **Try it.** Change `device=` to `"HZO FeFET"` (32 states but only 0.5 % noise) or
# `"ideal"`, add device-to-device variation (`d2d_sigma=0.2`), or lower the learning
# rate `A_plus`. The stronger figure — 100 neurons, two passes over all 1,347 training
# digits, about a minute (`FULL = True` at the top gives the size) — is
#
# ```python
# stdp_runs = sl.compare_with_baselines(seed=0, device="HZO FeFET", **sl.SIZES["full"])
# ```
#
# (measured: HZO FeFET 80 %, float 86 %, k-means 98 %). `StdpLearningLab` (a tab of
# the application lab) runs the same experiment with sliders.

# %% [markdown]
# ### Exercise 6.5 — pulses for one STDP pair
#
# A presynaptic spike arrives 10 ms before a postsynaptic one ($\Delta t = +10$ ms),
# an isolated pair. With the network's default rule (`sl.STDP_LEARNING_SPECS`: $A_+$,
# $\tau_+$, $w_\max$), how many programming pulses does this pair ask of an
# **Ag:a-Si** synapse **on average**, fractions included (the stochastic rounding
# sends $\lfloor n\rfloor$ or $\lfloor n\rfloor + 1$ pulses, right on average)? How
# often does it send the larger count?

# %%
answer_6_5 = None  # your value here: the mean number of pulses
check("6.5", answer_6_5)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: dw = A+ exp(-dt / tau+), then n = P dw / w_max with P = the LTP states
from neuroexplore.devices import get_device

rule = {spec.name: spec.default for spec in sl.STDP_LEARNING_SPECS}
dw_pair = rule["A_plus"] * np.exp(-10.0 / rule["tau_plus"])
answer_6_5 = get_device("Ag:a-Si").states_ltp * dw_pair / rule["w_max"]
check("6.5", answer_6_5)

# %% [markdown]
# ## 2. Associative memory: a Hopfield network on a crossbar
#
# An **associative memory** returns a whole stored item from a damaged or partial
# cue. Hopfield (*PNAS* **79**, 2554, 1982) built one from $N$ binary neurons
# $s_i = \pm1$ connected by symmetric weights. To store $P$ patterns
# $\xi^\mu\in\{\pm1\}^N$ he used Hebb's rule,
#
# $$W_{ij} = \frac1N\sum_{\mu=1}^{P}\xi_i^\mu\xi_j^\mu,\qquad W_{ii} = 0,$$
#
# and recall lets the state relax from the cue: one neuron at a time, in random order,
# $s_i \leftarrow \mathrm{sgn}(h_i)$ with the field $h = Ws$ (*asynchronous* updates;
# one sweep is $N$ of them).
#
# **Energy.** With symmetric $W$ and zero diagonal, the energy
# $E = -\tfrac12 s^\mathsf{T}Ws$ can only go down at each asynchronous update
# ($\Delta E = -|h_i|\,|\Delta s_i| \le 0$), so recall always ends in a fixed point — a
# local minimum of $E$. Stored patterns are such minima as long as there are not too
# many of them.
#
# **Capacity.** At a stored pattern the field of bit $i$ is the signal
# $(N-1)/N$ plus the crosstalk of the other $P-1$ patterns, a sum of
# $(P-1)(N-1)$ random $\pm1/N$ terms: one update flips a bit with probability
# $P_\text{err} = \Pr[\text{crosstalk} < -(N-1)/N] \approx \Phi(-1/\sqrt{\alpha})$,
# $\alpha = P/N$ (Hertz, Krogh & Palmer, *Introduction to the Theory of Neural
# Computation*, 1991, §2.2). Flipped bits make more flips; the statistical mechanics of
# Amit, Gutfreund & Sompolinsky (*Phys. Rev. Lett.* **55**, 1530, 1985) shows that the
# stored states stop being attractors at $\alpha_c \approx 0.138$.
#
# **On a crossbar** (chapter 4) the field $h = Ws$ is one analog matrix–vector
# product: $W$ is programmed as differential conductance pairs
# $G^+ - G^- \propto W$ and the state $\pm1$ drives the rows as read voltages. The
# devices bring their non-idealities: a finite number of nonlinear states, cycle-to-cycle
# write noise, **device-to-device variation** (each cell's conductance change scaled by
# a fixed gain $\mathcal N(1,\sigma^2)$) and **read noise** on every read. The software
# baseline is the same recall, with the same probes and update order, in float64.

# %% [markdown]
# ### One recall
#
# 100 neurons store 12 random patterns (load 0.12, below capacity) on a crossbar of
# Ag:a-Si memristors; each probe is a stored pattern with 10 % of its bits flipped.

# %%
one_recall = hf.run_hopfield(seed=0, n_neurons=100, n_patterns=12, flip_fraction=0.1,
                             device="Ag:a-Si")
print(f"crossbar: {one_recall.recalled:.0%} of the patterns recalled exactly "
      f"(mean overlap {one_recall.overlap.mean():.3f}); float weights: "
      f"{one_recall.baseline_recalled:.0%} ({one_recall.baseline_overlap.mean():.3f}); "
      f"realised weights off by {one_recall.weight_error:.1%}")
hlab.recall_figure(one_recall, index=0)

# %% [markdown]
# ### The energy goes down
#
# The energy after every single asynchronous update, for five probes of a network above
# capacity (where relaxations are long): it never rises.

# %%
xi = hf.random_patterns(20, 80, seed=2)
trace = hf.recall(hf.hebbian_weights(xi), hf.corrupt(xi[:5], 0.3, seed=4), record_steps=True)
hlab.energy_figure(trace, n_neurons=80)

# %% [markdown]
# ### Capacity
#
# Float weights, $N = 200$, probes equal to the stored patterns: the final overlap and
# the fraction of patterns that stay exactly stored, against the load. The dotted
# curve is the overlap after *one* update from the signal-to-noise estimate,
# $1 - 2P_\text{err}$; the avalanche of further flips makes the real collapse sharper,
# near $\alpha_c \approx 0.138$.

# %%
cap = hf.capacity_curve((0.05, 0.1, 0.138, 0.2, 0.3), n_neurons=200, seeds=2)
hlab.capacity_figure(cap)

# %% [markdown]
# ### Recall versus input noise and device variation
#
# Each point averages 3 seeds (same patterns and crossbar across one curve). Solid:
# mean final overlap; dashed: fraction recalled exactly.

# %%
hf_size = dict(seeds=8, n_neurons=200, n_patterns=24) if FULL else dict(seeds=3)
noise_recall = hf.recall_vs_noise((0.0, 0.1, 0.2, 0.3, 0.4), device="Ag:a-Si", **hf_size)
variation_recall = hf.recall_vs_variation((0.0, 0.1, 0.2, 0.3, 0.4, 0.5), device="Ag:a-Si",
                                          **hf_size)
hlab.sweep_figure(noise_recall, variation_recall)

# %% [markdown]
# The memory is robust: up to ~20 % flipped bits the crossbar recalls almost as well as
# float weights, and device-to-device variation of tens of percent costs only a few
# points of overlap — the crosstalk of the other patterns is already a large "noise"
# that the attractor dynamics tolerate, and independent weight errors only add to it.
# The fraction of *perfectly* recalled patterns is the more sensitive measure. Close to
# capacity (try `n_patterns=14`) every source of error matters more.
#
# **Try it.** Compare devices (`"ideal"`, `"PCMO"`, `"HZO FeFET"`), add read noise
# (`read_noise=0.05`), or use `update="synchronous"` (all neurons at once — faster on
# a crossbar, but without the energy guarantee: it can oscillate between two states).
# The stronger figure (`FULL = True` at the top) uses $N = 200$ at the same load and 8
# seeds (about half a minute):
#
# ```python
# noise_recall = hf.recall_vs_noise(seeds=8, n_neurons=200, n_patterns=24, device="Ag:a-Si")
# ```
#
# `HopfieldLab` (a tab of the application lab) shows every recall as you move the
# sliders.

# %% [markdown]
# ### Exercise 6.6 — how often does one update flip a bit?
#
# The "one recall" network above stores $P = 12$ patterns in $N = 100$ neurons. With
# the large-$N$ estimate of the capacity paragraph, $P_\text{err} \approx
# \Phi(-1/\sqrt{\alpha})$, what is the probability that one update flips a bit of a
# stored pattern? (Give a probability, not a percentage.) About how many of the 100
# bits would one sweep flip — and why does the recall still succeed?

# %%
answer_6_6 = None  # your value here: a probability between 0 and 1
check("6.6", answer_6_6)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: alpha = P / N = 0.12, P_err = Phi(-1 / sqrt(alpha))
from scipy.stats import norm

answer_6_6 = norm.cdf(-1.0 / np.sqrt(12 / 100))
check("6.6", answer_6_6)

# %% [markdown]
# ## 3. Decision making with device synapses
#
# Decisions are learned from consequences: an agent acts, receives a reward and
# adjusts its preferences. **Reinforcement learning** formalises this (Sutton & Barto,
# *Reinforcement Learning: An Introduction*, 2nd ed., MIT Press, 2018), and memristive
# synapses have been used to store what the agent learns (e.g. Wang *et al.*, *Nat.
# Mach. Intell.* **1**, 434, 2019). Here an agent learns to cross a small grid world to
# a goal while avoiding pits and walls (obstacle avoidance), with its **action values
# stored as device conductances**.
#
# **The task** is a deterministic Markov decision process: states are cells, actions
# are the four moves; a move into a wall leaves the agent in place; entering the goal
# pays $r = +1$, a pit $r = -1$ (both end the episode), any other move costs
# $r = c = -0.01$. The best achievable discounted return obeys **Bellman's optimality
# equation**
#
# $$Q^*(s,a) = r(s,a) + \gamma\,\max_{a'} Q^*(s',a'),\qquad V^*(s) = \max_a Q^*(s,a),$$
#
# which **value iteration** solves (Bellman 1957). Here the optimal path is the
# shortest pit-free one, of $d(s)$ moves, so
# $V^*(s) = \gamma^{d(s)-1} + c\,\frac{1-\gamma^{d(s)-1}}{1-\gamma}$ — checked in the
# tests against a breadth-first search.
#
# **Q-learning** (Watkins 1989; Watkins & Dayan, *Mach. Learn.* **8**, 279, 1992)
# learns $Q$ from experience, without knowing the world: after each move
# $s \xrightarrow{a} s'$ with reward $r$,
#
# $$\delta = r + \gamma\max_{a'}Q(s',a') - Q(s,a),\qquad Q(s,a) \leftarrow Q(s,a) +
# \alpha\,\delta ,$$
#
# while acting $\varepsilon$-greedily. One weight per state and action: a
# states × actions crossbar.
#
# **Device weights.** $Q(s,a) = w_\max (G^+ - G^-)/(G_\max - G_\min)$, one differential
# pair each, both devices starting mid-range ($Q = 0$). An update $\alpha\delta$ asks each
# device for $\Delta G = \alpha\delta\,(G_\max - G_\min)/(2w_\max)$, i.e.
# $n = \Delta G/\Delta G_\text{nominal}$ pulses. Updates are mostly *much smaller than
# one pulse*, so $n$ is rounded **stochastically** — $\lfloor n\rfloor$ pulses plus one
# more with probability $n - \lfloor n\rfloor$ — so that the update is right on average
# (Gupta *et al.*, ICML 2015; the stochastic pulse update of Gokmen & Vlasov, *Front.
# Neurosci.* **10**, 333, 2016); rounding to the nearest integer, as NeuroSim does,
# would lose every update below half a step. Each pulse then follows the device's
# nonlinear curve, with its cycle-to-cycle noise.

# %%
world = dm.grid_world("obstacles 5x5")
vi = dm.value_iteration(world, gamma=0.9)
d = dm.shortest_path_lengths(world)[world.start]
print(f"shortest path {d:.0f} moves; V*(start) = {vi.v[world.start]:.4f} "
      f"(closed form {0.9**(d - 1) - 0.01 * (1 - 0.9**(d - 1)) / 0.1:.4f}), "
      f"{vi.iterations} value-iteration sweeps")
dlab.world_figure(world, {"optimal V*": vi.v}, {"optimal V*": vi.policy},
                  title="The grid world: optimal values and moves (S start, G goal, ☠ pit)")

# %% [markdown]
# ### Chance level and the best an exploring agent can do
#
# The **random policy** is the chance level. Its return, success probability and
# episode length follow exactly from the absorbing Markov chain of its moves (the tests
# check them by Monte Carlo). An agent that keeps exploring with probability
# $\varepsilon$ cannot do better than the $\varepsilon$-greedy version of the optimal
# policy, which is the ceiling of the learning curves below.

# %%
refs = {"optimum": dm.evaluate_policy(world, dm.epsilon_greedy_policy(vi.q, 0.0), 0.9, 50),
        "epsilon-greedy optimum": dm.evaluate_policy(
            world, dm.epsilon_greedy_policy(vi.q, 0.1), 0.9, 50),
        "random policy": dm.evaluate_policy(world, dm.random_policy(world), 0.9, 50)}
for name, stats in refs.items():
    print(f"{name:24s} return {stats.value:+.3f}  success {100 * stats.success:5.1f} %  "
          f"moves {stats.steps:5.1f}")

# %% [markdown]
# ### Exercise 6.7 — write the Q-learning update
#
# Write `q_update(q, s, a, r, s_next, terminal, alpha, gamma)`: it returns a **new**
# table (do not change `q` in place) in which $Q(s,a)$ has moved a fraction $\alpha$ of
# the way to the TD target $r + \gamma\max_{a'}Q(s', a')$ — and after a terminal
# state there is no future. The check runs your function on random tables, then sweeps
# every state and action of a small grid world with it and compares the result with
# the optimal $Q^*$ of value iteration.

# %%
def q_update(q, s, a, r, s_next, terminal, alpha, gamma):
    raise NotImplementedError  # your code here


check("6.7", q_update)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: the TD target, then a step of size alpha towards it, on a copy
def q_update(q, s, a, r, s_next, terminal, alpha, gamma):
    q = np.array(q, dtype=float)
    target = r if terminal else r + gamma * q[s_next].max()
    q[s, a] += alpha * (target - q[s, a])
    return q


check("6.7", q_update)

# %% [markdown]
# ### What a device does with a TD update
#
# The dashed line is what the algorithm asks for, the coloured curves what a pair of
# devices delivers (mean ± std over 64 repetitions, from $Q = 0$). Few states show as
# a coarse staircase in each single update (its spread), a nonlinear curve as a slope
# different from one, cycle-to-cycle noise as a spread that does not shrink with the
# update's size.

# %%
dlab.update_figure([dm.weight_update_curve(preset, lr=0.5)
                    for preset in ("EpiRAM Ag:SiGe", "AlOx/HfO2", "TaOx/HfOx")])

# %% [markdown]
# ### Learning curves: float weights against device weights
#
# Eight agents per device, 100 episodes each; the curves are their mean.

# %%
devices = list(presets()) if FULL else ["EpiRAM Ag:SiGe", "AlOx/HfO2", "TaOx/HfOx"]
run = dict(episodes=300, agents=16) if FULL else dict(episodes=100, agents=8)
histories = {"float": dm.train_q_agent(None, world, seed=0, **run)}
for name in devices:
    histories[name] = dm.train_q_agent(name, world, seed=0, **run)
for name, h in histories.items():
    print(f"{name:16s} greedy return {h.final_greedy_return:+.3f}  agents at the goal "
          f"{100 * h.greedy_success:5.1f} %  pulses per agent {h.pulses.mean():7.0f}")
dlab.learning_figure(histories, refs)

# %%
last = histories[devices[-1]]
dlab.world_figure(world, {"optimal V*": vi.v, f"learned ({last.device})": last.value_map()},
                  {"optimal V*": vi.policy,
                   f"learned ({last.device})": last.q.mean(axis=0).argmax(axis=1)},
                  title="What the device agents learned (mean over agents)")

# %% [markdown]
# **What the curves show** (default run, seed 0): the float agent converges to the
# optimal policy (greedy return 0.426 = $V^*$, every agent at the goal), far above the
# random policy (−0.152). EpiRAM (64 states, small symmetric nonlinearity, 2 % noise)
# matches it. AlOx/HfO2 (40 states, 5 % noise) gets 6 of 8 agents to the goal, and
# TaOx/HfOx — 128 fine steps but 3.7 % noise per pulse, so one pulse's noise is five
# times its step — only 1 of 8: noise that is larger than the updates randomises the
# small value differences the greedy policy relies on. The ranking differs from the
# digit table (where TaOx/HfOx learned well in situ): a Q table is read *value by
# value*, with no averaging over many weights to wash the noise out.
# The float agent is the software baseline; the tests check that it reaches $V^*$,
# that the EpiRAM agent beats the random policy by more than 0.4 in return and stays
# within 0.1 of the float agent.

# %% [markdown]
# ## 4. Summary
#
# * **Unsupervised STDP** on device synapses learns digit prototypes without labels;
#   each STDP event becomes pulses, so the device's nonlinear curve and its
#   cycle-to-cycle noise reshape the window and blur the prototypes (float weights and
#   k-means are the baselines).
# * **A Hopfield memory** stores patterns with Hebb's rule; asynchronous recall never
#   raises the energy, and the capacity ($\alpha_c \approx 0.138$) follows from the
#   crosstalk of the other patterns. On a crossbar the memory tolerates tens of percent
#   of device variation: the attractor absorbs independent weight errors.
# * **Q-learning** with device weights: the TD update becomes stochastically rounded
#   pulses on a differential pair. Noise larger than the updates randomises the small
#   value differences a greedy policy relies on, so the device ranking differs from
#   the digit table of session 6a.
#
# The **application lab** (`widgets/application_lab.ipynb`) has a tab for every
# application of the three sessions.
