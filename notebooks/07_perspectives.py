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
# # Chapter 7 — Perspectives and challenges
#
# The last chapter of the review (Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025)) asks what still separates synaptic devices
# from large, useful neuromorphic systems. Its list of open challenges is a list of
# **device figures of merit** — the number and linearity of conductance states, their
# cycle-to-cycle and device-to-device variation, the on/off ratio, the on-resistance,
# retention and drift, endurance — and of **system metrics** they decide: accuracy,
# energy per inference, integration density. The way forward it proposes is
# **algorithm–device co-design**.
#
# This notebook makes that list quantitative with the engines of the earlier chapters.
# Every accuracy below is a crossbar-engine run (chapter 4): the figures of merit become a
# pulse-programmed device, the device becomes the conductances of a crossbar, and the
# crossbar runs a digits classifier. Every energy is the engine's read + converter
# estimate. Nothing is a fitted formula.
#
# 1. figures of merit of the published devices;
# 2. the trade-off explorer: accuracy against energy per inference;
# 3. variability, and write-verify as a remedy;
# 4. nonlinearity and states: inference versus on-chip (in-situ) training;
# 5. retention and drift;
# 6. energy and integration density (R_on, on/off, IR drop), endurance;
# 7. *design your device*: a challenge with an auto-check that names the figure of merit
#    that limits your design;
# 8. machine learning *for* device design: Bayesian search for the device a network
#    needs, and a data-driven device model against the physical one.
#
# **Learning objectives.** After this session you can
#
# * name the device figures of merit (states, nonlinearity, variation, on/off ratio,
#   $R_\text{on}$, retention, endurance) and say which system metric each one decides;
# * read an accuracy-versus-energy trade-off plot of devices evaluated on the same crossbar;
# * explain why variation limits inference while nonlinearity and states limit in-situ
#   training, and how write-verify programming buys accuracy back;
# * use a one-at-a-time repair analysis to find the figure of merit that limits a design,
#   and change a design to meet accuracy and energy targets;
# * run a Bayesian design search against random search at the same budget, and say where
#   a data-driven device model is trustworthy and where the physical one must take over.
#
# **Prerequisites.** Chapter 3 (pulse-programmed devices, the NeuroSim nonlinearity
# label) and chapter 4 (crossbars, IR drop, converters); Python with NumPy.
#
# **Estimated time.** 105 minutes: about 50 minutes of reading and running, 55 minutes for
# the five exercises (the design challenge, 7.3, takes the longest).
#
# **How to use this notebook.** Run the cells from top to bottom (under a minute). Each
# exercise cell ends with a check: replace `None` in `answer_7_1 = None` (and so on) and
# re-run the cell; a green ✓ means right, an amber box gives a hint, more specific at each
# attempt. The same explorer is the app `widgets/perspectives_lab.ipynb`.

# %%
import numpy as np

from neuroexplore import design
from neuroexplore.crossbar import train_in_situ
from neuroexplore.devices.learned import compare_device_models
from neuroexplore.exercises import ch07, check
from neuroexplore.perspectives import (
    IDEAL_FOM,
    DeviceFiguresOfMerit,
    EvaluationSettings,
    all_preset_figures_of_merit,
    evaluate_design,
    limiting_fom,
    preset_figures_of_merit,
    tradeoff_table,
)
from neuroexplore.widgets.design_lab import convergence_figure, extrapolation_figure, trials_figure
from neuroexplore.widgets.figures import sweep_figure
from neuroexplore.widgets.perspectives_lab import fom_figure, repair_figure, tradeoff_figure

# %% [markdown]
# ## 1. Figures of merit of the published devices
#
# A pulse-programmed synapse (chapter 3) is described by a handful of numbers
# (`DeviceFiguresOfMerit`; MLP NeuroSim V3.0, Chen, Peng & Yu, *IEEE TCAD* **37**, 3067
# (2018)):
#
# * **states** $P_\text{max}$: identical pulses from $G_\text{min}$ to $G_\text{max}$
#   (potentiation, LTP) and back (depression, LTD);
# * **nonlinearity** labels of the pulse curve
#   $$G(P) = G_\text{min} + (G_\text{max} - G_\text{min})\,
#     \frac{1 - e^{-x/a}}{1 - e^{-1/a}}, \qquad x = P/P_\text{max},$$
#   (label 0 = linear; the sign tells concave or convex);
# * **cycle-to-cycle variation** $\sigma_\text{c2c}$: each pulse's step scatters by
#   $\sigma_\text{c2c}(G_\text{max} - G_\text{min})$, so $n$ pulses scatter by
#   $\sigma_\text{c2c}\sqrt{n}$ of the window; **device-to-device** spread
#   $\sigma_\text{d2d}$ of each cell's window;
# * **on/off ratio** $G_\text{max}/G_\text{min}$ and **on-resistance**
#   $R_\text{on} = 1/G_\text{max}$;
# * **retention**: the programmed window relaxes towards $G_\text{min}$ as
#   $G(t) - G_\text{min} = (G_0 - G_\text{min})\exp[-(t/\tau)^\beta]$ (Kohlrausch;
#   Williams & Watts 1970).
#
# The published table (`neuroexplore/data/devices_pulse_update.csv`, as tabulated for the
# NeuroSim benchmark) gives states, nonlinearity, c2c, on/off and $R_\text{on}$; it gives
# no d2d spread and no retention, which are therefore set to ideal for the presets (and
# flagged in their `notes`). The bars score each group from 0 (the worst end of its
# slider range) to 1 (ideal: 1000 linear, noiseless states, on/off $10^4$,
# $R_\text{on}$ = 100 MΩ, $\tau = 10^9$ s).

# %%
foms = all_preset_figures_of_merit()
for f in foms:
    print(f"{f.name:15s} states {f.states_ltp:4d}/{f.states_ltd:<4d} NL {f.nonlinearity_ltp:+5.2f}/"
          f"{f.nonlinearity_ltd:+5.2f}  c2c {f.c2c_sigma:.3f}  on/off {f.on_off_ratio:6.1f}  "
          f"R_on {f.r_on:8.3g} Ω   ({f.reference})")
start = DeviceFiguresOfMerit()  # a plausible filamentary RRAM: the challenge's start
fom_figure([preset_figures_of_merit("PCMO"), preset_figures_of_merit("HZO FeFET"), start])

# %% [markdown]
# ## 2. The trade-off explorer: accuracy against energy per inference
#
# `tradeoff_table` evaluates every preset (and any design) with the same settings:
#
# * **accuracy** (`mode="inference"`): a float 64-32-10 MLP trained once on the 8×8
#   digits is programmed onto crossbars of the device — differential pairs, open-loop
#   programming to the nearest reachable level of the pulse curve, 1 Ω wire segments —
#   read one day after programming (retention), test accuracy on 450 digits, mean of two
#   programming seeds;
# * **energy per inference**: the engine's sum over every read cell
#   $$E_\text{read} = \sum_{ij} V_i^2\, G_{ij}\, t_\text{read}$$
#   ($t_\text{read}$ = 250 ns, $V$ up to 0.2 V) plus the converters: a switched-capacitor
#   DAC per row, $2^b C_u V_{DD}^2$, and a SAR ADC per column, $\text{FoM}_W 2^b$
#   (Walden figure of merit 10 fJ/step, Murmann's ADC survey), at 8 bits.
#
# The dotted lines are the targets of the challenge in section 7 (92 %, 200 pJ); the
# dashed line is the float network.

# %%
settings = EvaluationSettings()  # inference mode, 1-day deployment, 1-ohm wires, 2 seeds
table = tradeoff_table([start], settings)
print(f"float network: {100 * table.results[0].accuracy_float:.1f} %")
table

# %%
tradeoff_figure(table, title="Published devices and the starting design (inference)")

# %% [markdown]
# Two things stand out. First, energy has a **floor** of about 130 pJ: the 96 DAC and 42
# ADC conversions cost more than reading 4736 high-resistance cells. Low-conductance
# devices (Ag:a-Si, PCMO, $R_\text{on}$ of tens of MΩ) sit on the floor; the 4.7 kΩ
# GST PCM cell spends most of its energy in the array. Peripheral circuits, not the
# synapses, dominate unless $R_\text{on}$ is low (Yu, *Proc. IEEE* **106**, 260 (2018)).
# Second, the accuracy losses come from **variation**, not from few states: TaOx/HfOx has
# 128 states but loses most.
#
# ## 3. Variability, and write-verify as a remedy
#
# With open-loop programming a weight that needs $n$ pulses scatters by
# $\sigma_\text{c2c}\sqrt n$ of the window, so more states do not help unless each pulse
# is also more reproducible. *Write-verify* (read, compare, correct; up to 10 iterations
# to within 2 % of the window) is the circuit answer: a co-design of the programming
# algorithm with the device.

# %%
base = IDEAL_FOM.with_params(name="64 linear states", states_ltp=64, states_ltd=64)
c2c = np.array([0.0, 0.01, 0.02, 0.05, 0.1, 0.2])
open_loop = [100 * evaluate_design(base.with_params(c2c_sigma=c), settings).accuracy for c in c2c]
verified = [100 * evaluate_design(base.with_params(c2c_sigma=c),
                                  settings.with_params(write_verify=10)).accuracy for c in c2c]
taox = preset_figures_of_merit("TaOx/HfOx")
taox_wv = evaluate_design(taox, settings.with_params(write_verify=10))
print(f"TaOx/HfOx: open loop {100 * evaluate_design(taox, settings).accuracy:.1f} %, "
      f"with write-verify {100 * taox_wv.accuracy:.1f} %")
sweep_figure(c2c, {"open loop": open_loop, "write-verify (10 iterations)": verified},
             xlabel="cycle-to-cycle σ per pulse (fraction of the window)",
             ylabel="test accuracy (%)",
             title="Variability costs accuracy; verification buys it back")

# %% [markdown]
# Write-verify recovers most of the loss up to $\sigma_\text{c2c} \approx 0.05$; beyond
# that each corrective pulse is itself too noisy to land within tolerance. The price is
# programming time and energy (several read–write rounds per cell), which is why the
# review lists *variation* first among device challenges.
#
# ## 4. Nonlinearity and states: inference versus in-situ training
#
# For inference the weights are written once, each with a few pulses to a nearest level:
# nonlinearity barely matters. **On-chip (in-situ) training** writes them continually:
# every gradient step becomes pulses applied from wherever the device sits on its curve
# (`train_in_situ`, NeuroSim's 64-32-10 sigmoid MLP with weights stored only as device
# pairs). A nonlinear, asymmetric LTP/LTD curve then turns every update into a biased
# one, and few states make updates too coarse — the classic result of NeuroSim and of
# analog-training experiments (Burr *et al.*, *Adv. Phys. X* **2**, 89 (2017); Ambrogio
# *et al.*, *Nature* **558**, 60 (2018)). Three epochs, one seed:

# %%
in_situ = EvaluationSettings(mode="in_situ", repeats=1)
table_in_situ = tradeoff_table((), in_situ)
print(f"float weights, same training: {100 * table_in_situ.results[0].accuracy_float:.1f} %")
tradeoff_figure(table_in_situ, title="The same devices trained in situ (3 epochs)")

# %%
pcmo = limiting_fom(preset_figures_of_merit("PCMO"), in_situ)
print(pcmo.summary())
repair_figure(pcmo, title="PCMO trained in situ: each figure of merit made ideal in turn")

# %% [markdown]
# PCMO is among the best devices for inference and among the worst for in-situ training:
# its labels +3.68 / −6.76 make potentiation and depression steps depend strongly, and
# differently, on the present conductance. The bars are the **one-at-a-time repair
# analysis** used throughout this notebook: each group of figures of merit is set to its
# ideal value while the others stay as they are, and the design is evaluated again; the
# group whose repair recovers the most is the *limiting figure of merit*. (Interactions
# between figures of merit are not attributed; note that more states with the same
# per-pulse noise can even hurt.)
#
# ### Exercise 7.1 — what limits this device?
#
# Which figure of merit limits the HZO FeFET (32 states, small and symmetric
# nonlinearity, tiny c2c noise) when it is **trained in situ**? Answer with one of
# `"states"`, `"nonlinearity"`, `"variation"`, `"on_off"`, `"r_on"`, `"retention"`.

# %%
answer_7_1 = None  # e.g. "nonlinearity"
check("7.1", answer_7_1, settings=in_situ)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: the repair analysis of the HZO FeFET trained in situ names its limiter
hzo = limiting_fom(preset_figures_of_merit("HZO FeFET"), in_situ)
answer_7_1 = hzo.accuracy_limiter
check("7.1", answer_7_1, settings=in_situ)

# %% [markdown]
# ## 5. Retention and drift
#
# A programmed state does not stay put. Filamentary RRAM relaxes, PCM drifts as
# $G(t) = G(t_0)(t/t_0)^{-\nu}$ (chapters 3 and 4; Joshi *et al.*, *Nat. Commun.* **11**,
# 2473 (2020)). Here a device, ideal otherwise, keeps a fraction
# $\exp[-(t/\tau)^\beta]$ of its window after a deployment time $t$, with no
# recalibration or refresh:

# %%
t_deploy = np.array([1e2, 1e3, 1e4, 1e5, 1e6, 3e6, 1e7, 1e8])
leaky = IDEAL_FOM.with_params(name="τ = 10⁶ s", retention_time=1e6)
curves = {f"β = {b}": [100 * evaluate_design(leaky.with_params(retention_beta=b),
                                                settings.with_params(t_deploy=t)).accuracy
                          for t in t_deploy] for b in (1.0, 0.5)}
fig = sweep_figure(t_deploy, curves, xlabel="time after programming (s)",
                   ylabel="test accuracy (%)",
                   title="Retention: a cliff, not a slope (τ = 10⁶ s)")
fig.update_xaxes(type="log")

# %% [markdown]
# A uniform loss of the window scales every weight alike, which an argmax classifier
# tolerates until the weights fall below the digital biases: accuracy holds until
# $t \approx \tau$ and collapses a few $\tau$ later (a stretched exponent $\beta < 1$
# starts losing earlier but has a longer tail). This is why retention is specified as a
# time: chips must hold their weights for years, or be refreshed. (PCM drift is less
# uniform — its exponent $\nu$ scatters from cell to cell — and global drift compensation
# recovers the uniform part, see chapter 4.)
#
# ### Exercise 7.2 — ten-year retention
#
# The usual non-volatile goal is ten years. What time constant $\tau$ (in s) must a
# device with $\beta = 1$ have to keep 90 % of its window after ten years
# ($3.156 \times 10^8$ s)?

# %%
answer_7_2 = None  # tau in seconds
check("7.2", answer_7_2)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: exp(-(t/tau)^beta) = 0.9  =>  tau = t / (-ln 0.9)^(1/beta)
ten_years = 10 * 365.25 * 86400.0
answer_7_2 = ten_years / (-np.log(0.9))
check("7.2", answer_7_2)

# %% [markdown]
# ## 6. Energy and integration density; endurance
#
# The array's read energy grows with its conductance, and so does the **IR drop**: every
# cell current flows through the same wire segments, so the error grows roughly as
# $r_w G N^2$ for an $N$-row array with wire resistance $r_w$ per cell (chapter 4). Dense
# arrays with thin wires therefore need *high-resistance* devices — another trade-off:

# %%
r_on = np.array([1e3, 2e3, 5e3, 1e4, 1e5, 1e6])
dev = IDEAL_FOM.with_params(on_off_ratio=10.0)
acc = {f"{rw:g} Ω wires": [100 * evaluate_design(dev.with_params(r_on=r),
                                                     settings.with_params(r_wire=rw)).accuracy
                             for r in r_on]
       for rw in (1.0, 5.0)}
energy = [evaluate_design(dev.with_params(r_on=r), settings).energy * 1e12 for r in r_on]
print("energy per inference (pJ):", np.round(energy).astype(int))
fig = sweep_figure(r_on, acc, xlabel="on-resistance R<sub>on</sub> (Ω), on/off = 10",
                   ylabel="test accuracy (%)", title="Low R_on: more energy and more IR drop")
fig.update_xaxes(type="log")

# %% [markdown]
# Going from 1 kΩ to 100 kΩ cuts the energy per inference about fifteenfold and removes
# the IR-drop loss; beyond that the converters set the floor. The on/off ratio acts the
# same way through the current of the "off" cell of every differential pair.
#
# **Endurance.** In-situ training wears the devices: every update is a pulse. The engine
# counts them:

# %%
hist = train_in_situ(preset_figures_of_merit("PCMO").to_pulse_device(), "digits", 3, 0)
cells = 2 * (64 * 32 + 32 * 10)  # two devices per weight of the 64-32-10 MLP
print("pulses per epoch:", hist.pulses, f"= {hist.pulses.mean() / cells:.1f} per device")

# %% [markdown]
# A few pulses per device per epoch on 1347 digits; a full training on a large data set
# for many epochs multiplies this by orders of magnitude, which a device's endurance
# (write cycles before failure) must exceed — another figure of merit that, like
# retention, ranges over orders of magnitude across the technologies the review surveys.
#
# ## 7. Design your device
#
# The starting device of this notebook — 100 states, labels +2/−2, 3 % c2c and 10 % d2d
# spread, on/off 10, $R_\text{on}$ = 10 kΩ, $\tau = 10^6$ s with $\beta = 0.5$ — misses
# both targets. The repair analysis says why:

# %%
analysis = limiting_fom(start, settings, **ch07.CHALLENGE_TARGETS)
print(analysis.summary())
repair_figure(analysis, title="The starting device: each figure of merit made ideal in turn")

# %% [markdown]
# ### Exercise 7.3 — the challenge
#
# Change **at most two groups** of figures of merit of `start` (e.g.
# `start.with_params(states_ltp=..., states_ltd=...)` changes one group, *states*) so that the
# design reaches 92 % and at most 200 pJ per inference. The groups are *states*,
# *nonlinearity*, *variation* (c2c and d2d), *on/off*, *R_on* and *retention*. A design
# that misses a target gets the name of the figure of merit that limits it. (The lab app
# `widgets/perspectives_lab.ipynb` does the same with sliders.)

# %%
answer_7_3 = None  # e.g. start.with_params(c2c_sigma=..., ...)
check("7.3", answer_7_3, start=start)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: repair the two limiters the analysis named: variation and R_on
answer_7_3 = start.with_params(name="fixed", c2c_sigma=0.0, d2d_sigma=0.0, r_on=1e6)
check("7.3", answer_7_3, start=start)

# %% [markdown]
# ## 8. Machine learning for device design
#
# Everything above runs machine learning *on* devices. A device researcher's real question
# runs the other way: **what must my device reach** for this network, and which
# experiment should I run next? Simulators such as NeuroSim evaluate a given device; they
# do not search. Searching is expensive, because every candidate is a full crossbar
# evaluation — so the search itself should learn.
#
# **Bayesian optimisation** (Jones, Schonlau & Welch, *J. Global Optim.* **13**, 455
# (1998); Snoek, Larochelle & Adams, NeurIPS 2012) fits a Gaussian-process surrogate to
# the designs evaluated so far and picks the next one where the *expected improvement*
# $\mathrm{EI}(x) = \mathbb E[\max(f^* - f(x), 0)]$, times the probability of reaching
# the accuracy target, is largest. `neuroexplore.design.optimize` runs it with optuna's
# GP sampler; every point is the real engine (the digits MLP programmed onto crossbars of
# the candidate device, and its energy estimate), never a fitted stand-in. The objective
# `min_energy(0.92)`: the least energy per inference among designs that reach 92 %.
# Four figures of merit are searched — states, c2c noise, $R_\text{on}$ and ADC bits —
# and random search gets the same budget of evaluations:

# %%
space = design.space("states", "c2c_sigma", "r_on", "adc_bits")
objective = design.min_energy(0.92)
bo = design.optimize(objective, space, budget=8, seed=0, sampler="gp")
rnd = design.optimize(objective, space, budget=8, seed=0, sampler="random")
print("\n".join(space.describe()))
print(f"GP search: {int(bo.trials.feasible.sum())} of 8 designs reach 92 %; "
      f"random: {int(rnd.trials.feasible.sum())} of 8")
convergence_figure({"Bayesian optimisation (GP)": bo, "random search": rnd},
                   objective="target", target_accuracy=0.92,
                   title="Least energy reaching 92 %, against evaluations")

# %%
trials_figure(bo, rnd, target_accuracy=0.92, target_energy=200.0,
              title="Every design evaluated: GP search (circles) and random search (x)")

# %% [markdown]
# Both searches start with the same three random designs; then the surrogate takes over
# and spends its evaluations near the accuracy boundary at low energy, where random
# search lands only by luck. The best design answers the question *what must my device
# reach*: read its figures of merit from `bo.best`. (Eight evaluations keep this notebook
# fast; `benchmarks/bench_design.py` repeats the comparison over seeds, and the app
# `widgets/design_lab.ipynb` runs it live with a Pareto front of accuracy against energy.)
#
# ### Exercise 7.4 — what must my device reach?
#
# From the trials of the GP search (`bo.trials`, a table with one row per design), what
# is the least energy per inference (pJ) of a design that reaches the target?

# %%
answer_7_4 = None  # energy in pJ
check("7.4", answer_7_4, study=bo)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: keep the feasible trials, take the smallest energy
answer_7_4 = bo.trials.query("feasible").energy_pj.min()
check("7.4", answer_7_4, study=bo)

# %% [markdown]
# ### Data-driven device models against physical ones
#
# The second use of machine learning *for* devices is the model itself. A **data-driven
# model** learns a device from its pulse measurements; here a Gaussian process learns the
# state-update map $G_{n+1} = G_n + \Delta_d(G_n) + \varepsilon$ (one pulse of polarity
# $d$; Rasmussen & Williams 2006), its white-noise level being the cycle-to-cycle noise.
# A second learned model, a GP of $G$ against the pulse number, is the naive regression.
# The **physical** model is the NeuroSim exponential of chapter 3. All are fitted to
# noisy cycles of the PCMO preset, whose noise-free curve is the truth, on three
# questions: held-out pulses inside the measured range (interpolation), the rest of each
# phase when only its first 30 % was measured (extrapolation), and only 24 measured
# pulses (data efficiency). Errors are RMSE against the truth, as a fraction of the
# window:

# %%
cmp = compare_device_models("PCMO", n_cycles=2, models=("neurosim", "gp", "gp_curve"),
                            measured_fraction=0.3, n_train=(24,))
cmp.table.pivot_table(index="model", columns="question", values="nrmse").round(4)

# %%
extrapolation_figure(cmp, title="PCMO measured on the first 30 % of each phase: "
                     "beyond it, the physics follows the device best")

# %% [markdown]
# Inside the data the learned map is as good as the physics or better — it needs no
# equation and would fit a device no compact model describes. Beyond the data the
# picture turns: the GP of $G$ against pulse number reverts to its mean and misses the
# rest of the curve by about a fifth of the window; the learned map, which has never seen
# a conductance above the measured range, stops at its edge (about twice the physics'
# error); the NeuroSim equation carries its exponential on, to about 1 % of the window.
# With only 24 pulses the physics wins by far: an equation with four parameters needs
# little data. Data-driven models are interpolators; physics is what extrapolates.
# (`DesignLab`'s second tab fits both to your own measurement.)
#
# ### Exercise 7.5 — physics or data beyond the data?
#
# Which model predicts the PCMO device better beyond the measured pulses? Answer
# `"physical"` or `"learned"`.

# %%
answer_7_5 = None  # "physical" or "learned"
check("7.5", answer_7_5, comparison=cmp)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: the smaller extrapolation error in the table
ext = cmp.table.query("question == 'extrapolation'").set_index("model").rmse
answer_7_5 = "physical" if ext["neurosim"] < ext.drop("neurosim").min() else "learned"
check("7.5", answer_7_5, comparison=cmp)

# %% [markdown]
# ## Summary
#
# * A synaptic device enters a system through a handful of figures of merit: states,
#   nonlinearity, cycle-to-cycle and device-to-device variation, on/off ratio,
#   $R_\text{on}$, retention and endurance.
# * Evaluated on the same crossbar, the published devices spread along an
#   accuracy–energy trade-off; below a floor set by the DACs and ADCs, energy is spent in
#   the periphery, not in the synapses.
# * Open-loop programming scatters a weight by about $\sigma_\text{c2c}\sqrt n$ of the
#   window; write-verify programming recovers much of that loss at a cost in
#   programming time and energy.
# * Which figure of merit limits a design depends on the algorithm: inference and
#   in-situ training stress different ones. A one-at-a-time repair analysis names it.
# * Retention acts as a cliff at about the time constant $\tau$, and low $R_\text{on}$
#   costs both energy and IR drop.
# * Bayesian optimisation turns "what must my device reach?" into a search that spends
#   few real-engine evaluations; at the same budget random search finds less.
# * Data-driven device models interpolate measurements well; beyond the measured range the
#   physical model extrapolates and the learned one does not.
#
# ## Outlook: algorithm–device co-design
#
# The numbers above echo the review's conclusions. No device is best at everything, and
# which figure of merit limits a system depends on the **algorithm**: variation limits
# ex-situ inference, nonlinearity and states limit in-situ training, and converters and
# $R_\text{on}$ decide energy. Hence co-design: write-verify programming (section 3),
# hardware-aware training that makes networks tolerant of noise (chapter 6, pattern
# recognition), drift
# compensation and periodic refresh (section 5), training rules that tolerate asymmetric
# updates, high-resistance devices for dense arrays with lean peripheral circuits
# (section 6) — and devices engineered against the limiting figure of merit that such an
# analysis names.
#
# ### References
#
# * Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025), section 7.
# * P.-Y. Chen, X. Peng & S. Yu, *IEEE TCAD* **37**, 3067 (2018) (MLP NeuroSim); P.-Y.
#   Chen & S. Yu, *IEEE Design & Test* (2019) (device table).
# * S. Yu, *Proc. IEEE* **106**, 260 (2018).
# * G. W. Burr *et al.*, *Adv. Phys. X* **2**, 89 (2017); S. Ambrogio *et al.*, *Nature*
#   **558**, 60 (2018).
# * V. Joshi *et al.*, *Nat. Commun.* **11**, 2473 (2020) (PCM drift and noise).
# * D. R. Jones, M. Schonlau & W. J. Welch, *J. Global Optim.* **13**, 455 (1998);
#   J. Snoek, H. Larochelle & R. P. Adams, NeurIPS 2012 (Bayesian optimisation);
#   T. Akiba *et al.*, KDD 2019 (optuna).
# * C. E. Rasmussen & C. K. I. Williams, *Gaussian Processes for Machine Learning*, MIT
#   Press (2006).
# * G. Williams & D. C. Watts, *Trans. Faraday Soc.* **66**, 80 (1970) (stretched
#   exponential).
# * B. Murmann, *ADC Performance Survey 1997–2024*; M. Saberi *et al.*, *IEEE TCAS-I*
#   **58**, 1736 (2011) (converter energy).
