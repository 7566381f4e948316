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
# # Chapter 1 — Biological neurons and neuron models
#
# Neuromorphic hardware copies the way neurons compute: a membrane that integrates
# charge, ion channels that open and close with voltage, and a threshold that turns a
# smooth input into an all-or-none spike. Following the first chapter of the review
# (Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025)), this notebook goes from the cell to the models that device researchers
# emulate:
#
# 1. the neuron, its ions and their reversal potentials;
# 2. the membrane as an RC circuit;
# 3. voltage-gated Na⁺ and K⁺ channels and their gating variables;
# 4. the Hodgkin–Huxley model and the action potential;
# 5. why we simplify, then the leaky integrate-and-fire (LIF), adaptive exponential
#    (AdEx) and Izhikevich models, and the FitzHugh–Nagumo phase plane.
#
# **Learning objectives.** After this session you can
#
# * compute a reversal potential from ion concentrations (Nernst) and describe the
#   membrane as an RC circuit with time constant $\tau_m = R_m C_m$;
# * explain how the Na⁺ and K⁺ gating variables $m$, $h$, $n$ shape an action potential
#   and refractoriness in the Hodgkin–Huxley model, and measure a firing rate;
# * write the leaky integrate-and-fire equation, integrate it with a forward-Euler step,
#   and derive its f–I curve and rheobase;
# * recognise the firing patterns of the AdEx and Izhikevich models and the parameters
#   that produce them;
# * read a FitzHugh–Nagumo phase plane (nullclines, fixed point, limit cycle) and locate
#   a Hopf bifurcation from the Jacobian.
#
# **Prerequisites.** Ordinary differential equations ($dV/dt$, exponential relaxation),
# eigenvalues of a 2 × 2 matrix, basic circuits (Ohm's law, a capacitor), and Python with
# NumPy (arrays, functions, loops). No neuroscience is assumed.
#
# **Estimated time.** One 90-minute class session: about 15 minutes for sections 1–3,
# 35 for Hodgkin–Huxley and the LIF neuron with Exercises 1.1, 1.2 and 1.3, 15 for AdEx
# and Izhikevich, 15 for the phase plane and Exercise 1.4, and 10 in the neuron lab.
#
# **How to use this notebook.** Run the cells from top to bottom. Figures are
# interactive (zoom, hover). There are four exercises: 1.1 (§4), 1.2 and 1.3 (§6) and
# 1.4 (§9). In 1.1, 1.2 and 1.4 you replace the `None` in `answer_1_1 = None` (and so on)
# by your value and re-run the cell; in 1.3 you write a function. `check(...)` then shows a green
# ✓ when you are right, or an amber box with a hint that grows more specific with each
# try. In the instructor's copy a collapsed *solution* cell follows each exercise.

# %%
import numpy as np

from neuroexplore.exercises import check
from neuroexplore.neurons import Step, fi_curve, parameters, phase_plane, simulate
from neuroexplore.neurons.lif import lif_rate
from neuroexplore.widgets import figures

# %% [markdown]
# ## 1. The biological neuron and its ions
#
# A neuron collects input on its **dendrites**, sums it on the **soma** and sends an
# output spike down its **axon** to the **synapses**, where it releases transmitter
# onto the next cell. The signal is electrical: the lipid membrane separates ionic
# solutions of different composition, pumps keep K⁺ high inside and Na⁺ high
# outside, and ion channels let ions cross.
#
# An ion $X$ with valence $z$ is in equilibrium across the membrane when the
# electrical force balances diffusion, at its **Nernst (reversal) potential**
#
# $$E_X = \frac{RT}{zF}\,\ln\frac{[X]_\text{out}}{[X]_\text{in}},$$
#
# with $R = 8.314$ J mol⁻¹ K⁻¹, $F = 96\,485$ C mol⁻¹ and $T$ in kelvin. For the
# squid giant axon at 6.3 °C, $RT/F = 24.1$ mV, and with typical concentrations
# (Hodgkin 1964; Hille, *Ion Channels of Excitable Membranes*):
#
# | ion | inside (mM) | outside (mM) | $E_X$ (mV) |
# |-----|------------:|-------------:|-----------:|
# | K⁺  | 400 | 20  | $24.1 \ln(20/400) = -72$ |
# | Na⁺ | 50  | 440 | $24.1 \ln(440/50) = +52$ |
# | Cl⁻ | 40–150 | 560 | $-24.1 \ln(560/[\text{Cl}]_\text{in}) \approx -32$ to $-64$ |
#
# The Hodgkin–Huxley model below uses $E_K = -77$ mV and $E_{Na} = +50$ mV, close to
# these values. At rest the membrane is mostly permeable to K⁺, so the resting
# potential (about −65 mV) sits near $E_K$; opening Na⁺ channels pulls $V$ towards
# $E_{Na}$ — that is the upstroke of the spike.

# %% [markdown]
# ## 2. The membrane as an RC circuit
#
# The lipid bilayer is a capacitor $C_m$; the always-open (leak) channels are a
# resistor $R_m$ in series with a battery $E_L$. Kirchhoff's current law gives
#
# $$C_m \frac{dV}{dt} = -\frac{V - E_L}{R_m} + I(t), \qquad \tau_m = R_m C_m .$$
#
# With $R_m$ in MΩ and $I$ in nA, $R_m I$ is in mV. For a current step $I_0$ the
# voltage relaxes exponentially, $V(t) = E_L + R_m I_0\,(1 - e^{-t/\tau_m})$, and
# decays back with the same $\tau_m$ when the step ends. Below, the LIF engine with
# $\tau_m = 10$ ms and $R_m = 10$ MΩ receives 1 nA: the steady depolarisation
# $R_m I_0 = 10$ mV stays below the 15 mV needed to fire, so we see the bare RC
# charging curve.

# %%
rc = simulate("lif", current=Step(1.0, onset=10.0, offset=70.0), t_stop=120.0, dt=0.05)
figures.trace_figure(rc, title="Membrane as an RC circuit: 1 nA step, τ<sub>m</sub> = 10 ms, R I = 10 mV")

# %% [markdown]
# After one time constant (t = 20 ms, 10 ms after the onset) $V$ has covered
# $1 - e^{-1} = 63\,\%$ of the 10 mV; after the step it decays with the same
# $\tau_m$. A passive membrane is a low-pass filter — it integrates its input.
#
# ## 3. Voltage-gated Na⁺ and K⁺ channels
#
# Hodgkin and Huxley (1952) found that the Na⁺ and K⁺ conductances depend on voltage
# and time. They wrote each as a maximal conductance times the probability that the
# channel is open, built from independent **gating variables** $x \in \{m, h, n\}$:
#
# $$g_{Na} = \bar g_{Na}\, m^3 h, \qquad g_K = \bar g_K\, n^4,$$
#
# $$\frac{dx}{dt} = \alpha_x(V)\,(1 - x) - \beta_x(V)\,x
# = \frac{x_\infty(V) - x}{\tau_x(V)}, \quad
# x_\infty = \frac{\alpha_x}{\alpha_x + \beta_x}, \quad \tau_x = \frac{1}{\alpha_x + \beta_x},$$
#
# with the fitted rates (V in mV, rates in ms⁻¹, 6.3 °C)
#
# $$\alpha_m = \frac{0.1(V+40)}{1 - e^{-(V+40)/10}},\ \beta_m = 4e^{-(V+65)/18},\quad
# \alpha_h = 0.07e^{-(V+65)/20},\ \beta_h = \frac{1}{1 + e^{-(V+35)/10}},$$
# $$\alpha_n = \frac{0.01(V+55)}{1 - e^{-(V+55)/10}},\ \beta_n = 0.125e^{-(V+65)/80}.$$
#
# $m$ is Na⁺ **activation**, $h$ Na⁺ **inactivation** and $n$ K⁺ activation. The figure
# plots $x_\infty(V)$ and $\tau_x(V)$ from the engine's rate functions.

# %%
figures.gating_figure()

# %% [markdown]
# Read the figure: $m_\infty$ and $n_\infty$ rise with depolarisation, $h_\infty$ falls.
# $m$ is fast ($\tau_m < 0.5$ ms) while $h$ and $n$ take several milliseconds. A
# depolarisation therefore opens Na⁺ channels first (positive feedback: more Na⁺
# current, more depolarisation) and only later closes them ($h \to 0$) and opens K⁺
# channels ($n \to 1$), which repolarise the membrane.
#
# ## 4. The Hodgkin–Huxley model
#
# With the membrane equation of section 2 and the two voltage-gated currents,
#
# $$C \frac{dV}{dt} = I - \bar g_{Na} m^3 h\,(V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L),$$
#
# $C = 1$ µF/cm², $\bar g_{Na} = 120$, $\bar g_K = 36$, $g_L = 0.3$ mS/cm²,
# $E_{Na} = 50$, $E_K = -77$, $E_L = -54.387$ mV (Hodgkin & Huxley 1952, Eq. 26 and
# Table 3, rest shifted to −65 mV), current density $I$ in µA/cm². Below: 60 ms at a
# constant 10 µA/cm² (Runge–Kutta 4, dt = 0.01 ms), with $m, h, n$ in the middle panel.

# %%
hh = simulate("hh", current=10.0, t_stop=60.0)
figures.trace_figure(hh, title="Hodgkin–Huxley at 10 µA/cm² (6.3 °C): V, gates m, h, n and input")

# %% [markdown]
# Each spike follows the same sequence: $m$ jumps up within a fraction of a
# millisecond and $V$ shoots towards $E_{Na}$; $h$ falls and $n$ rises more slowly,
# the Na⁺ current shuts off and the K⁺ current pulls $V$ below rest
# (after-hyperpolarisation). While $h$ is low and $n$ high the cell cannot fire again
# (refractoriness), which sets a maximal rate. A constant current thus becomes a
# periodic spike train.
#
# How far up does repetitive firing go? Above about 62 µA/cm² the spikes no longer
# overshoot 0 mV (at 100 µA/cm² they swing between −60 and −20 mV), but they are still
# spikes: the engine counts each peak of $V$ above −50 mV that rose at least 5 mV from
# the preceding trough. The rate keeps rising until the swing shrinks to nothing at the
# *depolarisation block*: the resting state becomes stable again at a Hopf bifurcation
# near 154.5 µA/cm² (Rinzel & Miller 1980), and firing stops just below it, at about
# 153 µA/cm² (at 6.3 °C; a warmer axon, with gates faster by $3^{(T-6.3)/10}$, blocks at
# another current).

# %%
I_hh = np.linspace(0.0, 180.0, 61)
_, f_hh = fi_curve("hh", I_hh, t_stop=600.0, t_transient=300.0, method="isi")
figures.fi_figure(I_hh, f_hh, unit="µA/cm²",
                  title="Hodgkin–Huxley: firing from ~7 µA/cm² up to depolarisation block")

# %% [markdown]
# ### Exercise 1.1 — the Hodgkin–Huxley firing rate
#
# What is the steady firing rate (in Hz) of the Hodgkin–Huxley neuron at a constant
# 10 µA/cm²? Simulate long enough (≈ 1 s), ignore the first ~200 ms, and use the
# inter-spike intervals (`trace.isi()`, in ms) or count spikes (`trace.rates(...)`).
# Answers within 5 % are accepted.

# %%
answer_1_1 = None  # your value here, in Hz
check("1.1", answer_1_1)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: 1000 / mean inter-spike interval after a 200 ms transient
_, rate = fi_curve("hh", [10.0], t_stop=1000.0, t_transient=200.0, method="isi")
answer_1_1 = float(rate[0])
check("1.1", answer_1_1)

# %% [markdown]
# ## 5. Why simplify?
#
# Hodgkin–Huxley is biophysically faithful but expensive: four coupled, stiff ODEs
# that need $dt \approx 0.01$ ms. Izhikevich (2004) estimated about 1200 floating-point
# operations per simulated millisecond for HH against ~5 for an integrate-and-fire
# neuron and ~13 for his simple model. Yet the spike *shape* is stereotyped — the
# information is in the spike *times*. Reduced models keep the timing and drop the
# shape; they are easier to analyse, to simulate by the million, and to build in
# hardware, where a capacitor (or a volatile memristor) integrates and a threshold
# device fires — the device neurons discussed in the review (for example the NbO₂
# Mott "neuristor" of Pickett *et al.* 2013, which reproduces HH-like spiking).
#
# ## 6. The leaky integrate-and-fire (LIF) neuron
#
# Keep the RC membrane of section 2 and add a threshold (Lapicque 1907; Gerstner
# *et al.*, *Neuronal Dynamics*, 2014, Ch. 1):
#
# $$\tau_m \frac{dV}{dt} = -(V - E_L) + R I(t), \qquad V \ge V_{th} \Rightarrow
# \text{spike},\ V \leftarrow V_{reset} \text{ for } t_{ref}.$$
#
# For a constant current the time to climb from $V_{reset}$ to $V_{th}$ is
# solvable, so the rate is analytic:
#
# $$f(I) = \left[t_{ref} + \tau_m \ln\frac{R I + E_L - V_{reset}}{R I + E_L - V_{th}}\right]^{-1}
# \quad (R I > V_{th} - E_L), \qquad f = 0 \text{ otherwise}.$$
#
# The engine integrates exactly between spikes, so simulation and formula agree to
# rounding. Defaults: $\tau_m = 10$ ms, $R = 10$ MΩ, $E_L = V_{reset} = -65$ mV,
# $V_{th} = -50$ mV, $t_{ref} = 2$ ms.

# %%
lif = simulate("lif", current=2.0, t_stop=200.0)
figures.trace_figure(lif, title="LIF at 2 nA (ticks mark the spikes; the trace shows the reset)")

# %%
I = np.linspace(0.0, 5.0, 26)
_, f_sim = fi_curve("lif", I, t_stop=1000.0, method="isi")
I_fine = np.linspace(0.0, 5.0, 501)
print(f"largest |simulation - formula| = {np.max(np.abs(f_sim - lif_rate(I))):.2e} Hz")
figures.fi_figure(I, f_sim, analytic=(I_fine, lif_rate(I_fine)), unit="nA",
                  title="LIF f-I curve: simulation (dots) and analytic formula (line)")

# %% [markdown]
# ### Exercise 1.2 — the LIF rheobase
#
# The **rheobase** is the smallest constant current that ever makes the neuron fire.
# Derive it from the LIF parameters above (in nA) — look at the condition under the
# f–I formula.

# %%
answer_1_2 = None  # your value here, in nA
check("1.2", answer_1_2)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: the steady state E_L + R I must reach V_th, so I_rh = (V_th - E_L) / R
p = {spec.name: spec.default for spec in parameters("lif")}
answer_1_2 = (p["V_th"] - p["E_L"]) / p["R"]
check("1.2", answer_1_2)

# %% [markdown]
# ### Exercise 1.3 (coding) — one forward-Euler step of the LIF neuron
#
# The engine integrates the LIF equation exactly between spikes. Most simulators — and
# many digital neuromorphic chips — instead advance every neuron by one small, fixed time
# step $\Delta t$. Write that step yourself. Complete `lif_euler_step(v, current, dt, ...)`
# so that it advances the membrane potential `v` (mV) by one **forward-Euler** step of
# the LIF equation above, with input `current` (nA), step `dt` (ms) and the parameters
# as keyword arguments (defaults as in the chapter), then applies the threshold: it
# returns the pair `(v_next, spiked)`, where `spiked` is `True` when the step reached
# $V_{th}$ (and `v_next` is then the reset value). Ignore the refractory period.
#
# The check calls your function on random inputs and compares it with the rule, then
# runs it for 50 000 steps and compares the firing rate and the subthreshold trace with
# the engine's exact LIF neuron.

# %%
def lif_euler_step(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
                   V_reset=-65.0):
    raise NotImplementedError  # your code here: return (v_next, spiked)


check("1.3", lif_euler_step)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: V_next = V + dt/tau_m * (-(V - E_L) + R I); a spike resets to V_reset
def lif_euler_step(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
                   V_reset=-65.0):
    v_next = v + dt / tau_m * (-(v - E_L) + R * current)
    if v_next >= V_th:
        return V_reset, True
    return v_next, False


check("1.3", lif_euler_step)

# %% [markdown]
# ## 7. The adaptive exponential integrate-and-fire (AdEx) model
#
# LIF has a hard threshold and no memory of past spikes. Brette & Gerstner (2005) add
# a smooth exponential spike initiation and an adaptation current $w$ (C in pF,
# conductances in nS, voltages in mV, currents in pA, time in ms):
#
# $$C\frac{dV}{dt} = -g_L (V - E_L) + g_L \Delta_T\, e^{(V - V_T)/\Delta_T} - w + I, \qquad
# \tau_w \frac{dw}{dt} = a (V - E_L) - w,$$
#
# and at a spike ($V \ge V_{peak}$): $V \leftarrow V_r$, $w \leftarrow w + b$. Two
# extra parameters — subthreshold coupling $a$ and spike-triggered jump $b$ — with
# the time scale $\tau_w$ and the reset $V_r$ produce most cortical firing patterns.
# Naud *et al.* (2008, Table 1) listed parameter sets for each; here they are, each
# with its step current from the table.

# %%
figures.presets_figure("adex", t_stop=500.0)

# %% [markdown]
# *Tonic* spiking is regular; *adapting* slows down as $w$ builds up; *initial burst*
# fires a quick burst, then regular spikes; *bursting* alternates bursts and pauses
# (its reset $V_r$ is high, close to threshold); *irregular* mixes single spikes and
# doublets without a fixed period; *transient* fires once and falls silent;
# *delayed accelerating* and *delayed bursting* start late: with $a < 0$ a
# depolarisation lowers $w$, a slow positive feedback that takes time to build up.
#
# ## 8. The Izhikevich model
#
# Izhikevich (2003) kept only the quadratic part of the spike upstroke and a linear
# recovery variable $u$ (v in mV, t in ms, $I$ and $u$ dimensionless):
#
# $$v' = 0.04 v^2 + 5 v + 140 - u + I, \qquad u' = a (b v - u), \qquad
# v \ge 30\ \text{mV} \Rightarrow v \leftarrow c,\ u \leftarrow u + d .$$
#
# Four numbers select a cell class (Izhikevich 2003, Fig. 2): regular spiking (RS),
# intrinsically bursting (IB), chattering (CH), fast spiking (FS), low-threshold
# spiking (LTS), thalamo-cortical (TC) and resonator (RZ). All seven run below as one
# vectorised population with a step $I = 10$.

# %%
figures.presets_figure("izhikevich", t_stop=300.0)

# %% [markdown]
# RS adapts, IB starts with a burst then fires single spikes, CH fires bursts
# repeatedly (a high reset $c = -50$ mV and a small $d$), FS fires fast without
# adaptation. With a plain step TC and RZ look like tonic spikers: their signatures
# need other stimuli. Each preset therefore declares the protocol that shows its
# behaviour (`stimulus_protocol("izhikevich", name)`; the lab loads it with the preset):
# TC is held hyperpolarised and fires a **rebound burst** on release; RZ gets two
# brief pulses 40 ms apart — the period of its damped subthreshold oscillation — and
# fires, although one pulse, or two 20 ms apart, would not (**resonance**;
# Izhikevich 2004 catalogues 20 such features).

# %%
figures.protocols_figure("izhikevich")

# %% [markdown]
# ## 9. FitzHugh–Nagumo: a spike in the phase plane
#
# FitzHugh (1961) and Nagumo *et al.* (1962) reduced excitability to two
# dimensionless variables, a fast voltage-like $v$ and a slow recovery $w$:
#
# $$\frac{dv}{dt} = v - \frac{v^3}{3} - w + I, \qquad \tau \frac{dw}{dt} = v + a - b w,
# \qquad a = 0.7,\ b = 0.8,\ \tau = 12.5 .$$
#
# In the $(v, w)$ plane the **$v$-nullcline** $w = v - v^3/3 + I$ is a cubic and the
# **$w$-nullcline** $w = (v + a)/b$ a line; the fixed point sits where they cross. At
# $I = 0$ it lies on the left branch and is stable: the neuron rests. A short
# supra-threshold pulse (here $I = 1$ for 2 time units) throws the state across the
# middle branch and it makes one large excursion — a spike — before returning.

# %%
kick = simulate("fhn", current=Step(1.0, onset=5.0, offset=7.0), t_stop=100.0)
figures.phase_plane_figure(phase_plane("fhn", current=0.0, w_range=(-1.0, 2.0)), kick,
                           title="FitzHugh-Nagumo at I = 0: excitable rest, one pulse, one spike")

# %% [markdown]
# Increasing $I$ lifts the cubic; the fixed point slides towards the middle branch,
# where it becomes unstable and a **limit cycle** — periodic spiking — appears. At
# $I = 0.5$:

# %%
cycle = simulate("fhn", current=0.5, t_stop=200.0)
figures.phase_plane_figure(phase_plane("fhn", current=0.5, w_range=(-1.0, 2.0)), cycle)

# %%
I_fhn = np.linspace(0.0, 1.6, 33)
_, f_fhn = fi_curve("fhn", I_fhn, t_stop=2000.0)
figures.fi_figure(I_fhn, f_fhn, title="FitzHugh-Nagumo: oscillation appears and disappears",
                  label="simulation (spikes per 1000 time units)")

# %% [markdown]
# The rate jumps from zero to a finite value: a **Hopf bifurcation**, where the pair
# of complex eigenvalues of the Jacobian at the fixed point crosses the imaginary
# axis. At a fixed point $v^*$,
#
# $$J = \begin{pmatrix} 1 - v^{*2} & -1 \\ 1/\tau & -b/\tau \end{pmatrix}, \qquad
# \operatorname{tr} J = 1 - v^{*2} - \frac{b}{\tau}, \quad
# \det J = \frac{1 - b\,(1 - v^{*2})}{\tau}.$$
#
# ### Exercise 1.4 — the Hopf current
#
# Find the current $I_H$ at which the rest state loses stability (the lower Hopf
# point) for $a = 0.7$, $b = 0.8$, $\tau = 12.5$. Hint: set $\operatorname{tr} J = 0$,
# then use the fixed-point condition. (Answers within 3 % are accepted; the
# simulation above starts oscillating a little earlier, because near $I_H$ a stable
# rest state and a large limit cycle coexist.)

# %%
answer_1_4 = None  # your value here (dimensionless current)
check("1.4", answer_1_4)

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution: tr J = 0 on the left branch, then v' = 0 with w = (v + a) / b
a, b, tau = 0.7, 0.8, 12.5
v_star = -np.sqrt(1.0 - b / tau)
I_hopf = v_star**3 / 3.0 - v_star + (v_star + a) / b
# cross-check with the engine: where the largest real part of the eigenvalues crosses 0
from scipy.optimize import brentq

I_numeric = brentq(lambda I: phase_plane("fhn", current=I).fixed_points[0].eigenvalues.real.max(),
                   0.0, 1.0)
print(f"I_H (theory) = {I_hopf:.5f}, I_H (eigenvalues) = {I_numeric:.5f}")
answer_1_4 = I_hopf
check("1.4", answer_1_4)

# %% [markdown]
# ## 10. Explore: the neuron lab
#
# Every model of this chapter, with sliders built from the engine's parameter
# ranges: change the model, preset, stimulus and parameters and watch the voltage
# trace, the phase plane (2-D models) and the f–I curve update. Things to try: lower
# $\bar g_K$ in Hodgkin–Huxley, or drive it past 153 µA/cm² into block; raise $b$ in
# AdEx *tonic*; pick the Izhikevich TC or RZ preset (each loads its signature
# protocol), then change RZ's pulse frequency from 25 to 50 Hz; $I$ near 0.33 in
# FitzHugh–Nagumo.

# %%
from neuroexplore.widgets import NeuronLab

NeuronLab()

# %% [markdown]
# ## Summary
#
# * Ion gradients set reversal potentials (Nernst); the membrane is an RC circuit that
#   low-pass filters its input with time constant $\tau_m$.
# * Voltage-gated Na⁺ (fast activation $m$, slow inactivation $h$) and K⁺ ($n$)
#   channels make the all-or-none action potential and the refractory period
#   (Hodgkin–Huxley); a constant current becomes a periodic spike train, up to
#   depolarisation block.
# * Reduced models keep spike timing and drop the spike shape: LIF (an analytic f–I
#   curve with a threshold current below which the neuron never fires; one Euler step
#   per neuron is what a clocked simulator or chip computes), AdEx (adaptation, Naud's
#   firing patterns), Izhikevich (cell classes from four numbers), FitzHugh–Nagumo
#   (the geometry of excitability; the onset of oscillation is a Hopf bifurcation).
# * Next, chapter 2 connects such neurons into networks that compute and learn.
#
# ## References
#
# * A. L. Hodgkin & A. F. Huxley, *J. Physiol.* **117**, 500 (1952).
# * A. L. Hodgkin, *The Conduction of the Nervous Impulse*, Liverpool Univ. Press (1964);
#   B. Hille, *Ion Channels of Excitable Membranes*, 3rd ed., Sinauer (2001).
# * L. Lapicque, *J. Physiol. Pathol. Gén.* **9**, 620 (1907); W. Gerstner, W. M. Kistler,
#   R. Naud & L. Paninski, *Neuronal Dynamics*, Cambridge Univ. Press (2014).
# * R. Brette & W. Gerstner, *J. Neurophysiol.* **94**, 3637 (2005).
# * R. Naud, N. Marcille, C. Clopath & W. Gerstner, *Biol. Cybern.* **99**, 335 (2008).
# * E. M. Izhikevich, *IEEE Trans. Neural Netw.* **14**, 1569 (2003); **15**, 1063 (2004).
# * J. Rinzel & R. N. Miller, *Math. Biosci.* **49**, 27 (1980) (HH's Hopf bifurcations).
# * R. FitzHugh, *Biophys. J.* **1**, 445 (1961); J. Nagumo, S. Arimoto & S. Yoshizawa,
#   *Proc. IRE* **50**, 2061 (1962).
# * M. D. Pickett, G. Medeiros-Ribeiro & R. S. Williams, *Nat. Mater.* **12**, 114 (2013).
# * Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*, Int. J. Extreme Manuf. **7**(4), 042007 (2025).
