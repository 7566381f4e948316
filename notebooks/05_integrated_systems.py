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
# # Chapter 5 — Integrated neuromorphic systems
#
# Chapters 1–4 built the parts: neurons, synaptic devices and arrays. A *system*
# joins them to a sensor, so that sensing, encoding, memory and decision happen in
# one place, as in a nervous system. Following the fifth chapter of the review
# (Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025)), this notebook assembles three systems from the package's engines:
#
# 1. an **artificial afferent nerve**: pressure sensor → spiking encoder → synaptic
#    transistor → reflex or classifier (Kim *et al.*, Science 2018);
# 2. **in-sensor computing**: a photodiode array whose tunable responsivities are
#    the first layer of a neural network (Mennel *et al.*, Nature 2020);
# 3. **multisensory fusion**: touch and vision fused in bimodal sensory neurons
#    (after Wan *et al.*, Nat. Commun. 2020).
#
# Each system runs on the package's engines (`neuroexplore.neurons`,
# `neuroexplore.devices`, `neuroexplore.networks`) and is compared with a software
# classifier on the same data. The interactive version is the **SystemLab**
# (`widgets/system_lab.ipynb`).
#
# **Learning objectives.** After this session you can
#
# * follow a signal through a sensory chain — sensor, spiking encoder, synaptic
#   transistor, actuator or classifier — and compute each stage by hand (units
#   included);
# * relate a sensor's transfer curve and an LIF encoder's threshold to the smallest
#   stimulus a system reports, and explain how device plasticity changes a reflex;
# * explain in-sensor computing: why a photodiode array with programmable
#   responsivities computes a matrix–vector product, and what bounded, quantised
#   responsivities cost in accuracy;
# * compare a neuromorphic system with a software classifier on the same data, and
#   explain why fusing two senses helps most when each is weak.
#
# **Prerequisites.** Chapter 1 (the LIF neuron and its f–I curve), chapter 2 (softmax
# classification and training), chapter 3 (the electrolyte-gated synaptic transistor)
# and chapter 4 (Kirchhoff summation in an array); Ohm's law and unit conversions
# (MΩ, µA, nA, mA/W).
#
# **Estimated time.** One 90-minute class session: about 40 minutes for the afferent
# nerve (section 1) with Exercises 5.1 and 5.2, 25 for in-sensor computing (section 2)
# with Exercise 5.3, 15 for multisensory fusion (section 3) and 10 in the SystemLab.
#
# **How to use this notebook.** Run the cells from top to bottom. Each of the three
# exercises (5.1 and 5.2 in §1.2, 5.3 in §2) ends with a check: replace the `None` in
# `answer_5_1 = None` (and so on) by your value and re-run the cell. `check(...)` shows
# a green ✓ when you are right, or an amber box with a hint that grows more specific
# with each try. In the instructor's copy a collapsed *solution* cell follows each
# one.

# %%
import numpy as np

from neuroexplore.exercises import ch05, check
from neuroexplore.neurons import simulate
from neuroexplore.systems import (
    GLYPH_NAMES,
    LETTER_NAMES,
    LETTERS,
    AfferentNerve,
    PhotodiodeArray,
    afferent_trace,
    classify_touch,
    compare_in_sensor,
    encoder_current,
    encoder_rate,
    first_spike_pressure,
    fusion_dataset,
    letter_dataset,
    photocurrents,
    reflex_threshold,
    respond,
    run_fusion,
    train_in_sensor,
)
from neuroexplore.widgets import system_figures as figs

# %% [markdown]
# ## 1. An artificial afferent nerve
#
# In the skin, a mechanoreceptor turns pressure into a receptor current; the afferent
# neuron encodes it as a spike rate; at the synapse each spike releases transmitter,
# and the postsynaptic current (EPSC) grows with the rate. Kim *et al.* (Science
# **360**, 998, 2018) built this chain in flexible organic electronics — resistive
# pressure sensors, ring oscillators that convert resistance into pulse rate, and an
# ion-gel synaptic transistor — and closed a *hybrid reflex arc*: the EPSC made a
# cockroach leg twitch. Here every stage is one of the package's models.
#
# ### 1.1 The pressure sensor
#
# A microstructured piezoresistive sensor in its linear regime has a constant current
# sensitivity $S = d(\Delta I/I_0)/dP = 1/P_0$ (Tee *et al.*, Science 2015):
#
# $$R(P) = \frac{R_0}{1 + P/P_0}, \qquad I_s(P) = \frac{V_\text{bias}}{R(P)}
# = \frac{V_\text{bias}}{R_0}\left(1 + \frac{P}{P_0}\right).$$
#
# $R(0) = R_0$, the resistance halves at $P = P_0$, and for $P \gg P_0$ it falls as
# $R_0 P_0 / P$. Defaults: $R_0 = 1$ MΩ, $P_0 = 10$ kPa, $V_\text{bias} = 1$ V.

# %%
nerve = AfferentNerve()
pressures = np.linspace(0.0, 100.0, 101)
curve = respond(nerve, pressures)
figs.sensor_figure(curve, title="Piezoresistive sensor: R0 = 1 MΩ, P0 = 10 kPa")

# %% [markdown]
# ### 1.2 The spike encoder
#
# A current mirror of gain $k$ (nA per µA) feeds the sensor current into a leaky
# integrate-and-fire neuron (chapter 1), so $I_\text{in} = k I_s$ and the spike rate
# is the analytic LIF rate
#
# $$f = \left[t_\text{ref} + \tau_m \ln\frac{R_m I_\text{in}}{R_m I_\text{in} -
# (V_\text{th} - E_L)}\right]^{-1} \quad (R_m I_\text{in} > V_\text{th} - E_L),$$
#
# with $\tau_m = 10$ ms, $R_m = 10$ MΩ, $V_\text{th} - E_L = 15$ mV, $t_\text{ref} = 2$
# ms and reset to rest. Kim *et al.* used ring oscillators, whose rate also rises with
# the sensor current; the LIF neuron plays the same part and has an analytic rate.
# Below, the chain's rate is compared with a simulation of the LIF neuron of chapter 1
# driven by the same current.

# %%
for p in (10.0, 30.0, 80.0):
    i_in = float(encoder_current(nerve, p))
    sim = simulate("lif", current=i_in, t_stop=1000.0, dt=0.1)
    print(f"{p:5.1f} kPa: I_in = {i_in:5.2f} nA, analytic rate {float(encoder_rate(nerve, p)):6.2f}"
          f" Hz, simulated neuron {len(sim.spike_times)} spikes in 1 s")

# %% [markdown]
# ### Exercise 5.1 — the encoder's rate
#
# What is the spike rate (Hz) of the default encoder at 20 kPa? Work through the
# sensor resistance, the sensor current, the neuron's input current and the LIF rate.

# %%
answer_5_1 = None  # your value here, in Hz
check("5.1", answer_5_1)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: R = 1 MOhm / 3, I_s = 3 uA, I_in = 3 nA, R_m I_in = 30 mV
answer_5_1 = 1.0 / (2e-3 + 10e-3 * np.log(30.0 / (30.0 - 15.0)))
check("5.1", answer_5_1)

# %% [markdown]
# ### Exercise 5.2 — below which pressure is the nerve silent?
#
# A light touch can leave the neuron below threshold. Find the pressure (kPa) below
# which the default encoder never fires.

# %%
answer_5_2 = None  # your value here, in kPa
check("5.2", answer_5_2)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: R_m k I_s = 15 mV -> I_s = 1.5 uA = (1 V / 1 MOhm)(1 + P / 10 kPa) -> P = 5 kPa
answer_5_2 = 10.0 * (1.5 - 1.0)
check("5.2", answer_5_2)

# %% [markdown]
# ### 1.3 The synaptic transistor
#
# Each spike is a 1 V, 1 ms pulse on the gate of the electrolyte-gated synaptic
# transistor of chapter 3 (P3HT/PMMA preset). Ions fill the electric double layer
# (fast store $n_1$, $\tau_\text{EDL} = 18$ ms), dope the channel (slow store $n_2$,
# $\tau_\text{doping} = 218$ ms) and, cooperatively, a long-term store $n_3$:
#
# $$\dot n_1 = k_\text{on} V_g (1 - n_1) - \frac{n_1}{\tau_\text{EDL}}, \quad
# \dot n_2 = \frac{n_1 - n_2}{\tau_\text{doping}}, \quad
# \dot n_3 = k_\text{LTP} n_2^2 - \frac{n_3}{\tau_\text{LTP}},$$
#
# $$\text{EPSC} = |I_d - G_0 v_\text{read}| = G_0 v_\text{read}\,(r_\text{EDL} n_1 +
# r_\text{doping} n_2 + r_\text{LTP} n_3).$$
#
# The engine integrates these exactly, pulse by pulse. The **plasticity** knob is
# $r_\text{doping}$: how much the slow store — the memory of recent spikes — adds to
# the current. A touch lasts 0.3 s; its response is the peak EPSC. More pressure
# gives more spikes, closer together, so the EPSC facilitates more:

# %%
traces = [afferent_trace(nerve, p) for p in (8.0, 25.0, 70.0)]
figs.touch_trace_figure(traces, threshold_na=nerve.threshold,
                        title="Three touches (0.3 s): spikes and EPSC of the synaptic transistor")

# %% [markdown]
# ### 1.4 The reflex
#
# The actuator fires when the peak EPSC reaches its threshold (0.5 nA here). The
# peak EPSC rises with pressure, so there is one **threshold pressure** $P^*$. For a
# vanishing threshold it has a closed form: the reflex fires as soon as the first
# spike arrives before the touch ends,
# $t_1 = \tau_m \ln[R_m I/(R_m I - 15\text{ mV})] \le T_\text{touch}$, i.e.
# $I^* = 15\text{ mV}/(R_m(1 - e^{-T/\tau_m}))$ and
# $P^* = P_0 (R_0 I^*/(k V_\text{bias}) - 1)$.

# %%
p_star = reflex_threshold(nerve)
print(f"reflex threshold pressure P* = {p_star:.3f} kPa")
print(f"at P* - 0.01 kPa: fires = {bool(respond(nerve, p_star - 0.01).fires)};"
      f" at P* + 0.01 kPa: fires = {bool(respond(nerve, p_star + 0.01).fires)}")
short = nerve.with_params(threshold=0.01, duration=0.05)
print(f"tiny threshold, 50 ms touch: search {reflex_threshold(short):.4f} kPa,"
      f" closed form {first_spike_pressure(short):.4f} kPa")
figs.transfer_figure(curve, threshold_na=nerve.threshold, p_star=p_star)

# %% [markdown]
# A more plastic device (larger $r_\text{doping}$) makes every spike count for more:
# the reflex becomes more sensitive — a simple form of sensitisation.

# %%
for plasticity in (0.5, 2.0, 8.0):
    p = reflex_threshold(nerve.with_params(plasticity=plasticity), tol=1e-3)
    print(f"plasticity r_doping = {plasticity:4.1f}: reflex above {p:6.2f} kPa")

# %% [markdown]
# ### 1.5 The afferent nerve as a classifier
#
# Instead of one threshold, a softmax classifier (chapter 2's `train_mlp` with no
# hidden layer) can read the peak EPSC and tell *gentle*, *firm* and *hard* touches
# apart (class means 10, 30 and 60 kPa, spread 30 %). The software baseline is the
# same classifier reading the sensor current directly: the spikes and the device
# should lose little information, because the chain is monotone.

# %%
touch = classify_touch(nerve, n_per_class=100, epochs=200, seed=0)
print(f"accuracy from the EPSC {100 * touch.accuracy:.1f} %, from the sensor current "
      f"{100 * touch.baseline_accuracy:.1f} %, chance {100 * touch.chance:.0f} %")
figs.touch_classes_figure(touch)

# %% [markdown]
# ## 2. In-sensor computing
#
# A camera normally digitises every pixel and hands the frame to a processor.
# Mennel *et al.* (Nature **579**, 62, 2020) made the image sensor *be* the first
# layer of the network. Each of the 3 × 3 pixels holds one WSe₂ photodiode per output
# class; a split gate ($V_G$, $-V_G$) sets the photodiode's doping and so its
# photoresponsivity $R_{mn}$, continuously and through zero to negative values. The
# photodiodes of class $m$ share one wire, and Kirchhoff's current law sums their
# photocurrents:
#
# $$I_m = \sum_n R_{mn} P_n \qquad (\text{A} = \text{A/W} \times \text{W}).$$
#
# The product of the weight matrix and the image happens *while* the light is
# sensed. The classifier reads the currents through a softmax,
# $p_m = e^{z_m} / \sum_k e^{z_k}$ with $z_m = I_m/(R_\text{max} P_\text{max})$, and is
# trained with the cross-entropy loss on noisy images of the letters n, v and z. The
# responsivities are bounded ($|R| \le R_\text{max} = 60$ mA/W here) and set by a
# gate-voltage DAC with a finite number of levels (32); training keeps a
# full-precision copy on the computer and programs the array after every update
# (chip-in-the-loop, straight-through).

# %%
clean = [LETTERS[k] for k in LETTER_NAMES]
noisy = letter_dataset(1, noise=0.4, seed=1).X_test
figs.images_figure(clean + list(noisy), [f"'{k}'" for k in LETTER_NAMES] * 2,
                   title="The letters n, v, z, clean and with noise σ = 0.4")

# %%
array = PhotodiodeArray()
r = np.random.default_rng(0).uniform(-array.r_max, array.r_max, size=(3, 9))
image = noisy[0]
by_hand = [sum(r[m, n] * array.power * image[n] for n in range(9)) for m in range(3)]
print("wire currents (nA), array:   ", np.round(photocurrents(array, r, image) * 1e9, 4))
print("wire currents (nA), by hand: ", np.round(np.array(by_hand) * 1e9, 4))

# %%
cmp_ = compare_in_sensor(array, noise=0.4, n_per_class=100, epochs=30, seed=0)
print(f"test accuracy: photodiode array {100 * cmp_.in_sensor.test_accuracy:.1f} %, "
      f"software softmax {100 * cmp_.baseline_accuracy:.1f} %, chance 33 %")
figs.learning_figure({"photodiode array (in sensor)": cmp_.in_sensor.test_accuracy_history,
                      "software softmax": cmp_.baseline_accuracy_history}, chance=1 / 3)

# %%
figs.responsivity_figure(cmp_.in_sensor, LETTER_NAMES)

# %% [markdown]
# Each wire's map resembles its letter: positive responsivity where its letter is lit
# and the others are dark, negative where the others are lit and it is dark. The top
# left pixel is lit in all three letters, carries no information, and its weights end
# wherever training left them. How many programmable levels does the array need?
# Retrain it with coarser gate DACs (same data):

# %%
data = letter_dataset(100, noise=0.4, seed=0)
for levels in (2, 3, 4, 8, 32):
    res = train_in_sensor(PhotodiodeArray(levels=levels), data, epochs=30, seed=0)
    print(f"{levels:3d} levels: test accuracy {100 * res.test_accuracy:.1f} %")

# %% [markdown]
# On this small task even binary responsivities ($\pm R_\text{max}$) do well. With
# very few levels the result depends on the run: a straight-through update of a
# coarse grid moves a weight only when its full-precision copy crosses a rounding
# boundary, so training is noisy. Larger images and more classes need finer weights.

# %% [markdown]
# ### Exercise 5.3 — a wire's current
#
# The "n" wire of a trained array has the responsivities (mA/W, pixels row by row)
# `ch05.EXERCISE_RESPONSIVITY`. The letter z is projected with 1 µW on each lit pixel
# and nothing on the others. What current (nA) flows on that wire?

# %%
print("responsivities of the 'n' wire (mA/W):\n", np.reshape(ch05.EXERCISE_RESPONSIVITY, (3, 3)))
print("the letter z (1 = lit):\n", LETTERS["z"])

# %%
answer_5_3 = None  # your value here, in nA
check("5.3", answer_5_3)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: sum R_mn x 1 uW over the lit pixels of z (mA/W x uW = nA)
lit = LETTERS["z"].ravel() > 0
answer_5_3 = float(np.sum(np.asarray(ch05.EXERCISE_RESPONSIVITY)[lit]))
check("5.3", answer_5_3)

# %% [markdown]
# ## 3. Multisensory fusion: touch and vision
#
# We recognise an object faster and more surely when we both see and touch it. Wan
# *et al.* (Nat. Commun. **11**, 4602, 2020) built a *bimodal artificial sensory
# neuron*: a photodetector and a pressure sensor each turn their stimulus into
# spikes that meet at a synaptic transistor; a layer of such neurons recognised
# letters that were hard to see (the paper's "multi-transparency" letters) better
# when they could also be felt.
#
# Here each pixel $n$ of a 5 × 5 letter $L_n$ is
#
# * **seen**: relative light $x_n = \text{clip}(c L_n + \sigma_v z)$ with a contrast
#   $c \sim U(0.2, 1)$ per image (faint letters) and $\sigma_v = 0.35$, giving the
#   photocurrent $I_v = 4\,\mu\text{A} \times x_n$;
# * **felt**: pressure $P_n = \text{clip}(40\text{ kPa} \times L_n + \sigma_t z)$ with
#   $\sigma_t = 35$ kPa, giving the sensor current $I_t(P_n)$ of section 1.
#
# In the **bimodal neuron** both receptor currents enter the encoder's input node and
# add (Kirchhoff), $I_\text{in} = k (I_t + I_v)$; its spikes gate the synaptic
# transistor, and a softmax classifier reads the 25 peak EPSCs. *Touch only* and
# *vision only* drive the same neurons with one current. (In Wan *et al.* the two
# spike trains meet at the synaptic transistor through an ionic cable; adding the
# currents at the neuron is a simplification with the same idea: fusion in the
# hardware, before any classifier.) The software baseline reads the receptor currents
# themselves, the two senses concatenated for fusion.

# %%
sample = fusion_dataset(1, seed=3)
picks = [0, 3]
figs.images_figure(
    [sample.light_test[k] for k in picks] + [sample.pressure_test[k] / 100 for k in picks],
    [f"'{GLYPH_NAMES[k]}' seen" for k in picks] + [f"'{GLYPH_NAMES[k]}' felt" for k in picks],
    title="Letters as seen (faint, noisy) and as felt (noisy pressure)",
)

# %%
fusion = run_fusion(nerve, n_per_class=50, seed=0)
for m in ("touch", "vision", "fused"):
    print(f"{m:6s}: sensory neurons {100 * fusion.accuracy[m]:5.1f} %, software "
          f"{100 * fusion.baseline_accuracy[m]:5.1f} %")
print(f"chance {100 * fusion.chance:.1f} %")
figs.fusion_figure(fusion)

# %% [markdown]
# Either sense alone confuses letters that share strokes; together they are right
# far more often, in the device as in software. The spiking neurons lose a little:
# a faint pixel whose current stays below the encoder's threshold never spikes, which
# costs most for vision alone. In the bimodal neuron the touch current lifts the
# membrane closer to threshold, so faint visual input is no longer lost — a
# hardware cousin of the *inverse effectiveness* of multisensory neurons (weak
# stimuli gain most from a second sense).
#
# ## 4. Summary
#
# * **Afferent nerve**: sensor → LIF encoder (`neurons.lif`) → synaptic transistor
#   (`devices`) → reflex or softmax classifier (`networks`); checked against the
#   analytic LIF rate, an ODE solution of the device, and a classifier on the sensor
#   current.
# * **In-sensor computing**: photodiode array, Kirchhoff sums, bounded and quantised
#   responsivities; compared with a softmax classifier with free weights on the same
#   images.
# * **Visual-haptic fusion**: photodetector + pressure sensor → bimodal LIF neuron →
#   synaptic transistor → softmax; compared with a softmax on the receptor currents.
#
# Explore them live in the **SystemLab**: move the pressure, the encoder gain and the
# plasticity and watch rate, spikes, EPSC and the reflex follow; train the
# photodiode array; change the noise of each sense and rerun the fusion.
#
# Next, chapter 6 puts such devices and systems to work in applications.
#
# ## References
#
# * Y. Kim *et al.*, *A bioinspired flexible organic artificial afferent nerve*,
#   Science **360**, 998 (2018).
# * B. C.-K. Tee *et al.*, *A skin-inspired organic digital mechanoreceptor*, Science
#   **350**, 313 (2015).
# * X. Zhang *et al.*, *An artificial spiking afferent nerve based on Mott memristors
#   for neurorobotics*, Nat. Commun. **11**, 51 (2020).
# * L. Mennel *et al.*, *Ultrafast machine vision with 2D material neural network
#   image sensors*, Nature **579**, 62 (2020).
# * C. Wan *et al.*, *An artificial sensory neuron with visual-haptic fusion*, Nat.
#   Commun. **11**, 4602 (2020).
# * W. Gerstner, W. M. Kistler, R. Naud & L. Paninski, *Neuronal Dynamics*, Cambridge
#   University Press (2014).
# * Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025).
