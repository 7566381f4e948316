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

# %% [markdown]
# # Chapter 2 — Information processing in simple neural networks
#
# Chapter 1 built single neurons. Here they are connected and learn. Following
# chapter 2 of the review (Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025)), we go from
# the McCulloch–Pitts threshold unit to learning rules that memristive and
# synaptic-transistor devices are built to implement:
#
# 1. the McCulloch–Pitts unit and Boolean logic;
# 2. Rosenblatt's perceptron, its learning rule and convergence theorem;
# 3. XOR and linear separability — the limit of one layer;
# 4. the multilayer perceptron trained by backpropagation;
# 5. Hebbian learning and Oja's rule, which finds the principal component;
# 6. spike-timing-dependent plasticity (STDP);
# 7. a small spiking network of excitatory and inhibitory neurons.
#
# **Learning objectives.** After this session you can
#
# * build Boolean gates from McCulloch–Pitts threshold units;
# * state the perceptron learning rule and Novikoff's convergence bound, and decide
#   which problems a single perceptron can learn (linear separability);
# * explain how backpropagation trains a multilayer perceptron, and why a hidden layer
#   solves XOR;
# * implement Oja's rule and explain why it converges to the principal component where
#   plain Hebbian learning diverges;
# * evaluate the pair-based STDP window, including the sign conventions of $\Delta t$
#   and $\Delta w$;
# * predict, then test by simulation, how inhibition shapes the activity of a spiking
#   excitatory–inhibitory network.
#
# **Prerequisites.** Chapter 1 (the LIF neuron); vectors, dot products and matrix
# products; eigenvectors of a symmetric matrix (for Oja's rule); the idea of a gradient;
# Python with NumPy.
#
# **Estimated time.** One 90-minute class session: about 25 minutes for sections 1–3
# and Exercise 2.1, 15 for the multilayer perceptron, 20 for Hebb and Oja with
# Exercise 2.2, 15 for STDP and Exercise 2.3, and 15 for the spiking network with
# Exercise 2.4 and the network lab.
#
# **How to use this notebook.** Run the cells from top to bottom. There are four
# exercises: 2.1 (§3), 2.2 (§5, coding), 2.3 (§6) and 2.4 (§7). In 2.1, 2.3 and 2.4 you
# replace the `None` in `answer_2_1 = None` (and so on) and re-run the cell; in 2.2 you
# write a function. `check(...)` shows a green ✓ when you are right, or an amber box with a hint
# that grows more specific with each try. In the instructor's copy a collapsed
# *solution* cell follows each exercise.

# %%
import numpy as np
from IPython.display import display

from neuroexplore.exercises import check
from neuroexplore.networks import (
    depression_amplitude,
    digits_split,
    gaussian_cloud,
    hebbian_learning,
    linear_separability,
    logic_gate,
    pair_protocol,
    simulate_ei_network,
    stdp_window,
    train_mlp,
    train_perceptron,
    window_integral,
)
from neuroexplore.neurons import mcculloch_pitts
from neuroexplore.widgets import figures

# %% [markdown]
# ## 1. The McCulloch–Pitts unit
#
# McCulloch & Pitts (1943) abstracted a neuron to a threshold gate on binary inputs:
#
# $$y = H\Big(\sum_i w_i x_i - \theta\Big), \qquad
# H(z) = \begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}.$$
#
# With suitable weights and threshold one unit computes AND, OR or NOR, and networks
# of such units compute any Boolean function. In hardware the weighted sum is what a
# memristor crossbar computes in one step (Ohm's and Kirchhoff's laws), and the
# threshold is the neuron circuit.

# %%
X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
units = {"AND": ([1, 1], 2), "OR": ([1, 1], 1), "NOR": ([-1, -1], 0)}
for gate, (weights, theta) in units.items():
    print(f"{gate:4s} w = {weights}, theta = {theta:2d}:  inputs 00 01 10 11 -> "
          f"{mcculloch_pitts(X4, weights, theta)}")

# %% [markdown]
# ## 2. The perceptron learns its weights
#
# Rosenblatt (1958) made the weights learnable. With labels $t = \pm 1$ and the output
# $\operatorname{sign}(\mathbf w\cdot\mathbf x + b)$, every misclassified example moves the
# boundary towards it:
#
# $$\mathbf w \leftarrow \mathbf w + \eta\, t\, \mathbf x, \qquad b \leftarrow b + \eta\, t .$$
#
# **Convergence theorem** (Novikoff 1962): if some hyperplane separates the data with
# margin $\gamma$ and all (augmented) inputs have norm $\le R$, the perceptron makes
# at most $(R/\gamma)^2$ updates — whatever $\eta$ and the order of presentation.
# Below: AND with noisy inputs (40 points).

# %%
X_and, y_and = logic_gate("AND", noise=0.08, n=40, seed=1)
res_and = train_perceptron(X_and, y_and, epochs=100, seed=0)
sep = linear_separability(X_and, y_and)
print(f"updates made: {res_and.n_updates}; Novikoff bound (R/gamma)^2 = {sep.novikoff_bound:.0f}")
figures.perceptron_figure(X_and, y_and, res_and)

# %% [markdown]
# ## 3. XOR and linear separability
#
# One perceptron draws one straight line. XOR puts (0,1) and (1,0) in one class and
# (0,0), (1,1) in the other — no line separates them. Minsky & Papert (1969) made
# this limit famous. The number of mistakes per epoch shows it: for AND and OR it
# drops to zero (convergence); for XOR it never does.

# %%
runs = {gate: train_perceptron(*logic_gate(gate), epochs=30, seed=0)
        for gate in ("AND", "OR", "XOR")}
figures.errors_figure(runs)

# %% [markdown]
# ### Exercise 2.1 — what can one perceptron learn?
#
# Of the two-input gates AND, OR, NAND, NOR and XOR, which can a single perceptron
# learn? Give a list of names, e.g. `["AND"]`.

# %%
answer_2_1 = None  # your list of gates here, e.g. ["AND", ...]
check("2.1", answer_2_1)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: exactly the linearly separable truth tables (decided by linear programming)
gates = ["AND", "OR", "NAND", "NOR", "XOR"]
for gate in gates:
    s = linear_separability(*logic_gate(gate))
    print(f"{gate:5s} separable = {s.separable}, margin = {s.margin:.3f}")
answer_2_1 = [g for g in gates if linear_separability(*logic_gate(g)).separable]
check("2.1", answer_2_1)

# %% [markdown]
# ## 4. The multilayer perceptron and backpropagation
#
# A hidden layer bends the boundary. For layers $l = 1 \dots L$,
# $\mathbf z^{(l)} = \mathbf a^{(l-1)} W^{(l)} + \mathbf b^{(l)}$,
# $\mathbf a^{(l)} = f(\mathbf z^{(l)})$ with a smooth $f$ (here $\tanh$), and a softmax
# output with cross-entropy loss $\mathcal L$. Backpropagation (Rumelhart, Hinton &
# Williams 1986) gets every gradient from one backward sweep:
#
# $$\delta^{(L)} = \frac{\partial\mathcal L}{\partial \mathbf z^{(L)}}, \qquad
# \delta^{(l)} = \big(\delta^{(l+1)} W^{(l+1)\top}\big) \odot f'(\mathbf z^{(l)}), \qquad
# \frac{\partial \mathcal L}{\partial W^{(l)}} = \mathbf a^{(l-1)\top} \delta^{(l)},$$
#
# followed by a gradient step with momentum. Four hidden units solve XOR:

# %%
X_xor, y_xor = logic_gate("XOR")
mlp_xor = train_mlp(X_xor, y_xor, hidden=(4,), lr=0.5, epochs=500, batch_size=4, seed=1)
figures.decision_surface_figure(mlp_xor, X_xor, y_xor)

# %% [markdown]
# The same algorithm scales to real data. scikit-learn's bundled 8 × 8 handwritten
# digits (1797 images, 64 pixels, 10 classes; 75 % for training, 25 % held out) —
# 20 epochs with 32 hidden units take about a second:

# %%
digits = digits_split(test_size=0.25, seed=0)
mlp_digits = train_mlp(digits.x_train, digits.y_train, hidden=(32,), lr=0.1, epochs=20,
                       validation=(digits.x_test, digits.y_test), seed=0)
figures.learning_curve_figure(mlp_digits)

# %% [markdown]
# ## 5. Hebbian learning and Oja's rule
#
# "Cells that fire together wire together" (Hebb 1949): for a linear neuron
# $y = \mathbf w\cdot\mathbf x$ the plain Hebb rule is $\Delta\mathbf w = \eta\, y\,\mathbf x$.
# On average $\dot{\mathbf w} = C\mathbf w$ with $C = \langle \mathbf x \mathbf x^\top\rangle$,
# so $\mathbf w$ turns towards the leading eigenvector of $C$ but its norm grows
# without bound. Oja (1982) added a decay that keeps $\|\mathbf w\| \to 1$:
#
# $$\Delta\mathbf w = \eta\, y\,(\mathbf x - y\,\mathbf w).$$
#
# Its stable fixed point is the unit-norm **principal component** $\pm\mathbf e_1$: a
# single neuron performs PCA. Inputs: 1000 samples of a 2-D Gaussian elongated
# along 30°.

# %%
cloud = gaussian_cloud(1000, angle=30.0, std_major=1.0, std_minor=0.3, seed=0)
oja = hebbian_learning(cloud, rule="oja", lr=0.005, epochs=5, seed=0)
hebb = hebbian_learning(cloud, rule="hebb", lr=0.005, epochs=5, seed=0)
print(f"Oja: |w| = {oja.norms[-1]:.3f}, w = {np.round(oja.final, 3)}; "
      f"Hebb diverged: {hebb.diverged} (|w| = {hebb.norms[-1]:.1e})")
figures.hebbian_figure(cloud, {"Oja": oja, "Hebb": hebb})

# %% [markdown]
# Oja's weight vector ends on the dashed principal axis with unit length; plain Hebb
# points the same way but its norm explodes (the run stops at $|\mathbf w| = 10^6$).
#
# ### Exercise 2.2 (coding) — Oja's rule
#
# A synaptic device updates its own weight from the activity it sees, one sample at a
# time. Write that update: complete `oja_update(w, x, lr)` so that it returns the new
# weight vector (a new array of the same shape as `w`) after the linear neuron with
# weights `w` sees one input `x`, under Oja's rule above with learning rate `lr`.
#
# The check calls your function on random vectors, then replays it over 300 samples of
# a Gaussian cloud and compares the final weights with the engine's
# `hebbian_learning(..., rule="oja")`.

# %%
def oja_update(w, x, lr):
    raise NotImplementedError  # your code here: return the new weight vector


check("2.2", oja_update)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: y = w . x, then Hebb's term y x minus the decay y^2 w
def oja_update(w, x, lr):
    y = w @ x
    return w + lr * y * (x - y * w)


check("2.2", oja_update)

# %% [markdown]
# ## 6. Spike-timing-dependent plasticity (STDP)
#
# In real synapses the *order* of spikes matters. Bi & Poo (1998) paired pre- and
# postsynaptic spikes 60 times at 1 Hz in hippocampal cultures: pre-before-post
# ($\Delta t = t_{post} - t_{pre} > 0$) potentiated the synapse, post-before-pre
# depressed it, within a window of a few tens of milliseconds. The pair rule
# (Song, Miller & Abbott 2000)
#
# $$\Delta w = \begin{cases} A_+\, e^{-\Delta t/\tau_+} & \Delta t > 0\\
# -A_-\, e^{\Delta t/\tau_-} & \Delta t \le 0\end{cases}$$
#
# with $\tau_+ = 16.8$ ms and $\tau_- = 33.7$ ms (the fit of Bi & Poo 2001 to
# their data, as tabulated by Pfister & Gerstner 2006) and $A_+ = 0.005$.
#
# **The balance of the window.** What decides whether uncorrelated firing strengthens
# or weakens a synapse is the window's integral, $\int W\,d\Delta t = A_+\tau_+ -
# A_-\tau_-$: the areas under the two branches. Song *et al.* chose $A_-/A_+ = 1.05$
# with $\tau_+ = \tau_- = 20$ ms, so depression's area is 5 % larger than
# potentiation's. With Bi & Poo's unequal time constants the same *amplitude* ratio
# would make depression's area $1.05 \times 33.7/16.8 = 2.1$ times potentiation's
# ($\int W = -0.093$ ms). The engine therefore declares the *area* ratio
# $r = A_-\tau_-/(A_+\tau_+) = 1.05$ (`area_ratio`) and derives
# $A_- = r A_+ \tau_+/\tau_- = 0.0026$ (`depression_amplitude`), so that
# $\int W = A_+\tau_+(1 - r) = -0.0042$ ms (`window_integral`).
#
# Dots: the online trace implementation run through the same
# 60-pair, 1 Hz protocol, divided by 60 — at 1 Hz the pairs do not interact, so they
# fall on the window. Many memristive and synaptic-transistor devices reproduce this
# window with overlapping voltage pulses (see the device chapters).

# %%
dt_curve = np.concatenate([np.linspace(-100.0, -0.01, 300), np.linspace(0.01, 100.0, 300)])
dt_pairs = np.linspace(-80.0, 80.0, 17)
protocol = pair_protocol(dt_pairs, n_pairs=60, frequency=1.0)
print(f"A- = {depression_amplitude():.5f}, integral of W = {window_integral():.4f} ms "
      f"(with A- = 1.05 A+: {window_integral(area_ratio=1.05 * 33.7 / 16.8):.4f} ms)")
figures.stdp_figure((dt_curve, stdp_window(delta_t_ms=dt_curve)),
                    protocol=(dt_pairs, protocol.dw_total / 60),
                    title="STDP window (line) and 60-pair protocol at 1 Hz (dots)")

# %% [markdown]
# ### Exercise 2.3 — one pair, post before pre
#
# With the default window above, by how much does the weight change for **one**
# pair in which the postsynaptic spike comes 20 ms *before* the presynaptic one?
# Mind the sign of $\Delta t$ and of $\Delta w$. (2 % tolerance.)

# %%
answer_2_3 = None  # your value here (dimensionless weight change)
check("2.3", answer_2_3)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: dt = t_post - t_pre = -20 ms is on the depression branch, -A- exp(dt / tau-)
A_minus = 1.05 * 0.005 * 16.8 / 33.7  # A- tau- = 1.05 A+ tau+
answer_2_3 = -A_minus * np.exp(-20.0 / 33.7)
print(f"-{A_minus:.6f} * exp(-20 / 33.7) = {answer_2_3:.3e}; "
      f"the engine's window: {stdp_window(delta_t_ms=-20.0):.3e}")
check("2.3", answer_2_3)

# %% [markdown]
# ## 7. A small excitatory–inhibitory spiking network
#
# Brunel (2000) studied sparse networks of LIF neurons: $N_E = 4 N_I$, each pair
# connected with probability $\epsilon$ (here 400 + 100 neurons, $\epsilon = 0.1$),
# excitatory synapses making $V$ jump by $J = 1$ mV after a delay $D = 1.5$ ms and
# inhibitory ones by $-gJ$, plus external Poisson input with mean drive
# $\eta\theta$ ($\eta = 2$):
#
# $$\tau_m \dot V_i = -V_i + \mu_{ext} + \tau_m \sum_j J_{ij} \sum_k \delta(t - t_j^k - D),
# \qquad \tau_m = 20\ \text{ms},\ \theta = 20\ \text{mV},\ V_r = 10\ \text{mV}.$$
#
# With four times more excitatory neurons, $g = 4$ balances excitation and
# inhibition on average. The raster at $g = 5$ (inhibition-dominated):

# %%
net = simulate_ei_network(g=5.0, t_stop=300.0, seed=0)
figures.raster_figure(net)

# %% [markdown]
# ### Exercise 2.4 — more inhibition
#
# Predict, then test: as the relative inhibitory strength $g$ grows from 3 to 7, does
# the network's mean firing rate `"increases"`, `"decreases"` or stay `"unchanged"`?
# You can run `simulate_ei_network(g=..., t_stop=300.0, seed=0).mean_rate()` yourself
# (same seed at every $g$: same connections and the same external drive).

# %%
answer_2_4 = None  # "increases", "decreases" or "unchanged"
check("2.4", answer_2_4)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: sweep g from 3 to 7 (same seed: same connectivity and drive), compare the rates
g_values = np.array([3.0, 4.0, 5.0, 6.0, 7.0])
sweep = [simulate_ei_network(g=g, t_stop=300.0, seed=0) for g in g_values]
rates = {"all neurons": [n.mean_rate() for n in sweep],
         "excitatory": [n.mean_rate("exc") for n in sweep],
         "inhibitory": [n.mean_rate("inh") for n in sweep]}
display(figures.sweep_figure(g_values, rates, xlabel="relative inhibition g",
                             ylabel="mean rate (Hz)", title="E/I network: rate versus g"))
answer_2_4 = "decreases" if rates["all neurons"][-1] < rates["all neurons"][0] else "increases"
check("2.4", answer_2_4)

# %% [markdown] tags=["solution"]
# *Discussion (solution).* At small $g$ excitation runs away and neurons fire near
# their maximal rate $1/(t_{ref} + D)$; as $g$ passes the balance point the recurrent input becomes net
# inhibitory, the rate falls and the spiking becomes irregular (higher ISI
# coefficient of variation) — Brunel's asynchronous irregular regime, here in a
# small network with visible finite-size fluctuations.

# %% [markdown]
# ### The standard benchmark: the COBA network
#
# Simulators are compared on the network of Vogels & Abbott (2005) as specified by
# Brette et al. (2007): 4,000 LIF neurons (3,200 E, 800 I), 2 % random connections,
# conductance-based exponential synapses ($\tau_e = 5$ ms, $\tau_i = 10$ ms), 1 s at
# $dt = 0.1$ ms. It sustains itself in an asynchronous irregular state: Brian2 2.9
# gives 19.5 ± 0.8 Hz per neuron and a mean ISI CV of 1.53 (ten seeds, run on the
# project's machine); `networks.coba()` gives 19.0 ± 1.4 Hz and CV 1.54 over seeds
# (with Brian2's refractory timing), one seed varying by a couple of Hz. It runs in
# well under a second; a low synchrony $\chi$ (Golomb 2007) means asynchronous:

# %%
from neuroexplore.networks import coba

bench = coba(seed=0)
print(f"COBA, {bench.n_neurons} neurons, 1 s: {bench.rate_hz:.1f} Hz per neuron, "
      f"mean ISI CV {bench.mean_cv():.2f}, synchrony chi {bench.synchrony:.3f}")

# %% [markdown]
# ## 8. Explore: the network lab
#
# Perceptron boundaries and an MLP on any gate, Oja's rule on your own cloud, the
# STDP window and protocol, and the E/I network raster under sliders. Its size
# slider goes up to 10,000 neurons at the same number of inputs per neuron: the
# first 100 ms appear at once, and the whole second follows.

# %%
from neuroexplore.widgets import NetworkLab

NetworkLab()

# %% [markdown]
# ## Summary
#
# * A threshold unit computes logic; a perceptron *learns* any linearly separable
#   function in at most $(R/\gamma)^2$ updates, but not XOR.
# * A hidden layer trained by backpropagation solves XOR and classifies digits.
# * Hebbian learning finds correlations; Oja's normalisation turns it into PCA.
# * STDP makes plasticity depend on spike order; the pair window fits Bi & Poo's data.
# * The relative strength of recurrent inhibition ($g$) sets the balance of a spiking
#   excitatory–inhibitory network, and with it its rate and regularity.
# * Next, chapter 3 turns to the devices that store these weights and implement these
#   learning rules in hardware.
#
# ## References
#
# * W. S. McCulloch & W. Pitts, *Bull. Math. Biophys.* **5**, 115 (1943).
# * F. Rosenblatt, *Psychol. Rev.* **65**, 386 (1958); A. B. J. Novikoff, *Proc. Symp.
#   Math. Theory of Automata* **12**, 615 (1962).
# * M. Minsky & S. Papert, *Perceptrons*, MIT Press (1969).
# * D. E. Rumelhart, G. E. Hinton & R. J. Williams, *Nature* **323**, 533 (1986).
# * D. O. Hebb, *The Organization of Behavior*, Wiley (1949); E. Oja, *J. Math. Biol.*
#   **15**, 267 (1982).
# * G.-Q. Bi & M.-M. Poo, *J. Neurosci.* **18**, 10464 (1998); *Annu. Rev. Neurosci.*
#   **24**, 139 (2001); S. Song, K. D. Miller & L. F. Abbott, *Nat. Neurosci.* **3**, 919
#   (2000); J.-P. Pfister & W. Gerstner, *J. Neurosci.* **26**, 9673 (2006).
# * N. Brunel, *J. Comput. Neurosci.* **8**, 183 (2000).
# * Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025).
