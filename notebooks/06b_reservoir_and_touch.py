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
# # Chapter 6b — Computing with device dynamics: reservoirs and touch
#
# *Chapter 6, Applications assisted by machine learning, session 2 of 3* (6a: digits on
# device arrays; 6c: STDP learning, Hopfield memory and Q-learning). In session 6a the
# devices stored weights. Here their **dynamics** compute: a volatile memristor's
# fading memory is the reservoir of a recurrent network, and a pressure sensor, a
# spiking afferent neuron and a synaptic transistor read braille the way a fingertip
# does (Huo *et al.*, Int. J. Extreme Manuf. **7**(4), 042007 (2025), section 6). Every
# result stands beside a software baseline on the same data.
#
# **Learning objectives.** After this session you can
#
# * explain reservoir computing: a fixed dynamical system, a trained linear readout;
# * integrate a volatile memristor's state exactly through a pulse train, and say how
#   time multiplexing turns one device into many virtual nodes;
# * compare a device reservoir with an echo-state network by NRMSE and against the
#   persistence baseline;
# * follow a tactile signal through sensor, afferent neuron and synaptic transistor,
#   and explain why sensor noise hurts the spiking path more at high noise.
#
# **Prerequisites.** Chapter 1 (the LIF neuron and its rate), chapter 2 (a softmax
# classifier), chapter 3 (volatile memristors and synaptic transistors) and chapter 5
# (the artificial afferent nerve).
#
# **Estimated time.** About 90 minutes: 35 for the reservoir, 25 for braille, 15 in the
# two labs and 15 for the two exercises. The notebook runs top to bottom in well under
# a minute.
#
# **Exercises.** Two, each ending in a check: replace `None` with your value and re-run
# the cell (a wrong attempt shows the next hint of a ladder).
#
# `FULL` below is the one switch of this session: `False` runs the live-session
# sizes, `True` the stronger figures (about 40 s more).

# %%
from neuroexplore.applications import reservoir as rc
from neuroexplore.applications import tactile as tac
from neuroexplore.applications.mackey_glass_series import hopf_point, mackey_glass
from neuroexplore.devices.volatile_memristor import (
    VolatileMemristor,
    drive_pulses,
    simulate_pulses,
)
from neuroexplore.exercises import check
from neuroexplore.neurons import parameters
from neuroexplore.widgets import reservoir_lab as rlab
from neuroexplore.widgets import tactile_lab as tlab

FULL = False   # True: the stronger figures (larger reservoirs, all 26 letters)
rc_size = rc.SIZE_SETTINGS["full" if FULL else "default"]
tac_size = tac.SIZE_SETTINGS["full" if FULL else "default"]

# %% [markdown]
# ## 1. Reservoir computing with volatile memristors
#
# A **reservoir** is a fixed dynamical system that maps an input stream $u(k)$ into a
# high-dimensional state $\mathbf x(k)$ which remembers the recent past. Only a linear
# **readout** $\hat y(k) = W_\text{out}\mathbf x(k)$ is trained, by ridge regression —
# no back-propagation through time. The software reference is Jaeger's **echo-state
# network** (ESN; Jaeger, GMD Report 148, 2001; Jaeger & Haas, *Science* **304**, 78,
# 2004):
#
# $$\mathbf x(k) = (1-a)\,\mathbf x(k-1) + a\tanh\!\big(W_\text{in}u(k) + W\mathbf x(k-1)
# + \mathbf b\big),$$
#
# with a random recurrent matrix $W$ rescaled to spectral radius $\rho < 1$ so that the
# state forgets its initial condition (the *echo-state property*).
#
# **Physical reservoirs.** Du *et al.* (*Nat. Commun.* **8**, 2204, 2017) replaced the
# network by WOx memristors whose conductance *decays* after each pulse: the short-term
# memory of the device is the reservoir. The device model (Chang, Jo & Lu, *ACS Nano*
# **5**, 7669, 2011; Du *et al.* 2017, Methods) has one state $w\in[0,1]$:
#
# $$\frac{dw}{dt} = \lambda\sinh(\eta V) - \frac{w}{\tau},\qquad
# I = (1-w)\,\alpha\,[1-e^{-\beta V}] + w\,\gamma\sinh(\delta V).$$
#
# A pulse drives $w$ up; between pulses it relaxes as $w_0e^{-t/\tau}$ with $\tau$ of
# tens of milliseconds. For a voltage held constant the equation is linear in $w$, so
# every pulse is integrated **exactly**: $w(s) = w_\infty + (w_0 - w_\infty)e^{-s/\tau}$,
# $w_\infty = \lambda\tau\sinh(\eta V)$, clipped to $[0, 1]$. (Default numbers are
# illustrative — a 2 V, 1 ms pulse raises $w$ by ~0.05 and $\tau = 50$ ms — not fitted
# values.)
#
# **Time multiplexing** (Appeltant *et al.*, *Nat. Commun.* **2**, 468, 2011; Zhong
# *et al.*, *Nat. Commun.* **12**, 408, 2021). One device gives $M$ *virtual nodes*:
# each input sample becomes $M$ pulses whose amplitudes follow a fixed random mask
# $m_{ij}\in[-1,1]$,
#
# $$V_{ij}(k) = V_\min + (V_\max - V_\min)\,\tfrac{1 + m_{ij}u(k)}{2},$$
#
# and the current at the end of each pulse is one node's state. $N$ devices with their
# own masks give $N\cdot M$ features. The state carries over from pulse to pulse, so
# each node mixes the present input with a fading trace of earlier ones. Real devices
# differ: we draw each device's $\tau_i = \tau e^{\sigma z_i}$ (device-to-device
# variation $\sigma$), which gives the reservoir memories of several lengths.
#
# **Error measure.** $\mathrm{NRMSE} = \sqrt{\langle(y-\hat y)^2\rangle}/\sigma_y$ on
# the test set: predicting the mean gives 1; predicting "no change" (persistence,
# $\hat y(k+h) = y(k)$) is the trivial baseline to beat.

# %% [markdown]
# ### The Mackey–Glass series
#
# The benchmark signal is the delay equation of Mackey & Glass (*Science* **197**, 287,
# 1977),
#
# $$\frac{dx}{dt} = \beta\frac{x(t-\tau)}{1+x(t-\tau)^n} - \gamma x(t),\qquad
# \tau = 17,\ \beta = 0.2,\ \gamma = 0.1,\ n = 10,$$
#
# integrated with RK4 and a cubic-Hermite interpolation of the delayed state (fourth
# order; the tests compare it with an adaptive method-of-steps solution to $10^{-7}$).
# Linearising about the fixed point $x^* = 1$ gives $\dot y = -0.1y - 0.4y(t-\tau)$,
# stable for $\tau < \tau_c = \arccos(-1/4)/\sqrt{0.15} = 4.71$; beyond it the
# solution oscillates, and at $\tau = 17$ it is chaotic (correlation dimension ≈ 1.95,
# Grassberger & Procaccia, *Physica D* **9**, 189, 1983 — also checked in the tests).

# %%
hp = hopf_point()
print(f"fixed point x* = {hp.x_star:.3f}, Hopf delay tau_c = {hp.tau_c:.3f}, "
      f"period at onset = {hp.period:.2f}")
mg = mackey_glass(600)
rlab.series_figure(mg.t, mg.x, title="Mackey-Glass, tau = 17 (one sample per time unit)")

# %% [markdown]
# ### The device's fading memory
#
# Two bursts of 2 V pulses, each followed by rest: within a burst the state climbs
# pulse by pulse, because a pulse adds more than the 4 ms gap lets decay; after the
# burst it relaxes with $\tau$. This fading memory is what the reservoir uses.

# %%
wox = VolatileMemristor()
bursts = [2.0] * 5 + [0.0] * 10 + [2.0] * 3 + [0.0] * 12
rlab.pulse_figure(simulate_pulses(wox, bursts, pulse_width=1e-3, interval=5e-3),
                  title=f"WOx dynamic memristor: 1 ms pulses every 5 ms, tau = "
                        f"{1e3 * wox.tau:.0f} ms")

# %% [markdown]
# ### Exercise 6.3 — a burst on a volatile memristor
#
# Take the default device (`VolatileMemristor()`) at rest ($w = 0$) and send the burst
# of the figure above: five 2 V pulses of 1 ms, one every 5 ms. What is the state $w$ at
# the end of the **fifth** pulse? Use the exact solution of the section's model: during
# a pulse $w$ relaxes towards $w_\infty = \lambda\tau\sinh(\eta V)$, and between
# pulses it decays with $\tau$. Is it five times the state after one pulse? Why not?

# %%
answer_6_3 = None  # your value here: w (between 0 and 1)
check("6.3", answer_6_3)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: pulse by pulse with the exact solution, checked against the engine
import numpy as np

w = 0.0
for _ in range(5):
    w_inf = wox.lam * wox.tau * np.sinh(wox.eta * 2.0)
    w = w_inf + (w - w_inf) * np.exp(-1e-3 / wox.tau)       # during the 1 ms pulse
    w_end = w
    w = w * np.exp(-4e-3 / wox.tau)                           # the 4 ms gap
print(w_end, drive_pulses(wox, [2.0] * 5, pulse_width=1e-3, interval=5e-3).w_pulse_end[-1])
answer_6_3 = w_end
check("6.3", answer_6_3)

# %% [markdown]
# ### Predicting Mackey–Glass three steps ahead
#
# Eight devices × ten virtual nodes (80 features) against an ESN of 80 nodes, with the
# same input scaling, the same ridge readout and the same split (1,400 training
# samples after a washout of 100, 500 test samples).

# %%
mg_pred = rc.mackey_glass_benchmark(n_devices=8, mask_length=10, horizon=3, seed=0)
for name, value in mg_pred.nrmse.items():
    print(f"{name:12s} NRMSE = {value:.4f}")
print(f"(run time {mg_pred.seconds:.2f} s)")
rlab.prediction_figure(mg_pred)

# %%
rlab.nrmse_figure(mg_pred)

# %% [markdown]
# ### NRMSE falls as the reservoir grows
#
# More devices (each with its own mask and its own $\tau_i$) give more, and more
# diverse, features. The ESN keeps an edge — its nodes are coupled nonlinearly, while
# a memristor's state is a fading sum of its own past pulses — but both end far below
# persistence. `FULL = True` at the top (`rc.SIZE_SETTINGS["full"]`: 4,000 training
# samples and up to 64 devices = 640 features, about 20 s) reproduces the stronger figure.

# %%
size_sweep = rc.nrmse_vs_size(rc_size["sizes"], n_train=rc_size["n_train"],
                              n_test=rc_size["n_test"], horizon=3, seed=0)
print(size_sweep.to_csv())
rlab.size_figure(size_sweep)

# %% [markdown]
# ### Classifying temporal patterns
#
# Du *et al.* (2017, Fig. 1) streamed each **row** of a 5 × 4 pixel digit into one
# memristor as a pulse train — a pulse for a black pixel, none for a white one — and
# read the five device states after the stream. Because the state decays, the device
# remembers *when* the pulses came (rows 1000 and 0001 end in different states), so
# five numbers suffice to tell the ten digits apart. Here every pixel is inverted with
# probability 5 %, a softmax readout is trained on 40 noisy copies per digit and tested
# on 40 others. Baselines with the same readout: an ESN with five nodes fed the same
# streams, and the 20 raw pixels (no reservoir at all). With `FULL = True` it streams the
# 8 × 8 scikit-learn digits, two 4-pixel streams per row (16 devices), as Du *et al.*
# streamed sub-rows of MNIST.

# %%
temporal = rc.classify_patterns(rc_size["dataset"], noise=0.05, n_per_class=40, seed=0)
print(f"chance {temporal.chance:.2f}; "
      + ", ".join(f"{k} {v:.3f}" for k, v in temporal.accuracy.items()))
rlab.accuracy_figure(temporal.accuracy, temporal.chance,
                     title=f"{rc_size['dataset']}, 5 % inverted pixels: test accuracy")

# %%
rlab.confusion_figure(temporal.confusion, title="Device reservoir: confusion matrix (test)")

# %% [markdown]
# ### Explore
#
# The lab below runs the same engines. Move $V_\max$ or the node interval and watch the
# pulses and the device current; every release re-evaluates both reservoirs (a fraction
# of a second); *Run size sweep* redraws NRMSE against size. Things to try: set the
# device-to-device spread to 0 (all devices alike — the size sweep flattens), shorten
# $\tau$ far below the node interval (no memory left), or raise the horizon.

# %%
rlab.ReservoirLab()

# %% [markdown]
# ## 2. Tactile pattern recognition: reading braille
#
# Kim *et al.* (*A bioinspired flexible organic artificial afferent nerve*, *Science*
# **360**, 998, 2018) built a skin that reads braille the way a fingertip does:
# **pressure sensors** → **oscillators** that turn pressure into spike trains (the
# afferent neurons) → a **synaptic transistor** that integrates the spikes into an
# excitatory postsynaptic current (EPSC). A self-powered variant gates the transistor
# directly with a **triboelectric nanogenerator** (TENG; Yu *et al.*, *Nat. Commun.*
# **12**, 1581, 2021). Here each stage is an engine of this package:
#
# 1. **Braille cell.** Six dots, 1-2-3 down the left column and 4-5-6 down the right,
#    2.34 mm apart, 0.48 mm high, 1.44 mm across (Library of Congress NLS
#    Specification 800, 2014). A dot is a Gaussian bump of width
#    $\sigma_d = d_\text{base}/4$.
# 2. **Fingertip.** Three taxels, one per dot row, slide across the cell at
#    20 mm/s. A taxel reports the height averaged over a Gaussian receptive field of
#    width $\sigma_t$; for Gaussian bumps this is exact,
#    $$z = \sum_\text{dots} h\,\frac{\sigma_d^2}{s^2}
#    \exp\!\Big(-\frac{\Delta x^2 + \Delta y^2}{2s^2}\Big),\qquad s^2 = \sigma_d^2 + \sigma_t^2,$$
#    and the pressure (linear elastic skin) is normalised so that a dot right under a
#    taxel gives $p = 1$. Each sweep has its own speed, start and lateral offset,
#    dot heights, and white sensor noise on every 1 ms sample.
# 3. **Afferent neuron** — the LIF model of chapter 1, fed $I = I_\text{rest} +
#    I_\text{gain}\,p$: its rate $f = [t_\text{ref} + \tau_m\ln\frac{RI + E_L - V_r}
#    {RI + E_L - V_\text{th}}]^{-1}$ rises with pressure as the ring oscillator's
#    frequency does in Kim *et al.*; every spike is a 1 V, 2 ms gate pulse.
# 4. **Synaptic transistor** — the electrolyte-gated transistor of chapter 3 (EDL,
#    doping and long-term stores, P3HT/PMMA preset with $\tau_1 = 18$ ms,
#    $\tau_2 = 218$ ms), integrated exactly; its EPSC is the device output.
# 5. **Classifier.** The EPSC of each taxel averaged in 10 time bins (30 features) →
#    a softmax layer (chapter 2's `train_mlp` with no hidden layer). The **software
#    baseline** is the same classifier on the raw noisy pressure, binned the same way.

# %% [markdown]
# ### One sweep, stage by stage
#
# The letter *d* (dots 1, 4, 5): taxel 1 meets two dots, taxel 2 one, taxel 3 none. The
# afferent neurons fire while a dot passes; the synaptic transistors integrate the
# spikes, and their EPSC keeps a fading memory of the dots already passed (the slow
# doping store).

# %%
braille_sweep = tac.braille_pressure("d", noise=0.2, seed=0)
response = tac.afferent_response(braille_sweep)
print("afferent spikes per taxel:", response.spike_counts[0])
tlab.sweep_figure(braille_sweep, response)

# %% [markdown]
# ### Recognising the letters a–j
#
# Twenty training and twenty test sweeps per letter (chance: 10 %). The device features
# do about as well as the raw pressure: the synapse low-pass filters the noisy sensor,
# and the linear classifier can undo much of its smoothing.

# %%
letters = tac.tactile_benchmark(classes="a-j", n_per_class=20, noise=0.2, seed=0)
print(f"chance {letters.chance:.2f}; device {letters.accuracy['device']:.3f}, "
      f"raw pressure {letters.accuracy['pressure']:.3f} ({letters.seconds:.1f} s)")
rlab.accuracy_figure({"device EPSC": letters.accuracy["device"],
                      "raw pressure": letters.accuracy["pressure"]}, letters.chance,
                     title="Braille a-j: test accuracy")

# %%
rlab.confusion_figure(letters.confusion["device"], letters.classes,
                      title="Device features: confusion matrix (test)")

# %% [markdown]
# ### Accuracy against sensor noise
#
# Both feature sets degrade as the noise grows. At low noise the device features match
# or beat the raw pressure; at high noise the raw pressure keeps the lead, because the
# afferent neuron turns an analog signal into a few discrete spikes and noise-driven
# spikes blur the letter. `FULL = True` at the top (`tac.SIZE_SETTINGS["full"]`: all 26
# letters, 40 sweeps per letter, eight noise levels) gives the stronger figure in about
# 20 s. The self-powered path is one argument away: `transducer="triboelectric"`.

# %%
noise_sweep = tac.accuracy_vs_noise(tac_size["noises"], classes=tac_size["classes"],
                                    n_per_class=tac_size["n_per_class"], seed=0)
tlab.noise_figure(noise_sweep)

# %% [markdown]
# ### Exercise 6.4 — when does the afferent neuron fire?
#
# The afferent neuron is the default LIF neuron of chapter 1, fed
# $I = I_\text{rest} + I_\text{gain}\,p$ with the pipeline's default $I_\text{rest}$
# and $I_\text{gain}$ (`tac.TRANSDUCER_SPECS`). What is the smallest normalised
# pressure $p$ at which it fires at all? Compare it with the sensor noise of the
# benchmark (standard deviation 0.2 per 1 ms sample): what does that say about the
# spikes the neuron fires between dots at high noise?

# %%
answer_6_4 = None  # your value here: p (a dot right under a taxel gives p = 1)
check("6.4", answer_6_4)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: E_L + R (I_rest + I_gain p) = V_th  ->  p = ((V_th - E_L) / R - I_rest) / I_gain
lif = {spec.name: spec.default for spec in parameters("lif")}
afferent = {spec.name: spec.default for spec in tac.TRANSDUCER_SPECS}
answer_6_4 = (((lif["V_th"] - lif["E_L"]) / lif["R"] - afferent["i_rest"])
              / afferent["i_gain"])
check("6.4", answer_6_4)

# %% [markdown]
# ### Explore
#
# In the lab, pick a letter and move the sliders: speed, noise and jitter change the
# pressure, $I_\text{gain}$ the spike rate, the spike amplitude the EPSC. Switch the
# transducer to *triboelectric* to gate the transistors with a TENG instead of spikes.
# *Run* trains both classifiers and sweeps the noise.

# %%
tlab.TactileLab()

# %% [markdown]
# ## 3. Summary
#
# * **Reservoir computing** trains only a linear readout on the states of a fixed
#   dynamical system. A volatile memristor's decaying state is such a system: time
#   multiplexing turns one device into many virtual nodes, and device-to-device spread
#   of $\tau$ gives memories of several lengths.
# * On **Mackey–Glass** prediction the device reservoir ends far below persistence and
#   improves with size; the echo-state network, with nonlinearly coupled nodes, keeps
#   an edge. On temporal digit patterns the device remembers *when* pulses came.
# * **Reading braille**: pressure sensor → LIF afferent → synaptic transistor → softmax
#   classifier, beside the same classifier on the raw pressure. At low noise the device
#   features match or beat the pressure; at high noise noise-driven spikes blur the
#   letters.
#
# Next session (6c): learning rules on device synapses — unsupervised STDP, a Hopfield
# associative memory on a crossbar, and Q-learning with device weights.
