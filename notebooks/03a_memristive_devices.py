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
# # Chapter 3a — Memristive devices: from I–V models to programmed weights
#
# This session follows the first half of chapter 3 of the review *Neuromorphic devices
# assisted by machine learning algorithms* (Huo et al., *Int. J. Extreme Manuf.* **7**,
# 042007, 2025): the two-terminal and ferroelectric devices that store a synaptic weight
# as a conductance, and how a weight is written into them with pulses. Every curve below
# comes from the engines in `neuroexplore.devices`; the figure helpers in
# `neuroexplore.widgets.device_figures` only draw. Units are SI (S, V, A, s) unless an
# axis says otherwise. The second session, `03b_transistor_synapses_and_neurons`, covers
# synaptic transistors, optoelectronic and triboelectric synapses, STDP from a device and
# device neurons.
#
# **Learning objectives.** After this session you can
#
# * list what a synaptic device needs (states, linearity, symmetry, retention, endurance,
#   energy, variation) and compare two- and three-terminal devices;
# * simulate a memristor (HP, window functions, VTEAM, Yakopcic) and recognise the
#   pinched hysteresis loop and its frequency dependence;
# * describe pulse programming with the NeuroSim model, convert an update curve into its
#   nonlinearity label, and compare the published devices for linearity and symmetry;
# * explain gradual SET, abrupt RESET and drift of phase-change memory, and partial
#   polarisation switching in a FeFET;
# * fit the NeuroSim model to a measured pulse train, and turn a weight change into a
#   number of programming pulses.
#
# **Prerequisites.** Chapters 1 and 2 (what a synaptic weight does); Ohm's law and
# exponential functions; Python with NumPy.
#
# **Estimated time.** 90 minutes: about 60 minutes for the sections, 30 minutes for the
# five exercises (3.1, 3.2a, 3.2b, 3.3, and 3.4, in which you write code).
#
# **Contents.** 1 two- vs three-terminal devices · 2 RRAM / memristors (HP, windows, VTEAM,
# Yakopcic, pinched loops) · 3 pulse-programmed conductance (NeuroSim model, published
# presets, variation) · 4 phase-change memory · 5 ferroelectric FETs · 6 worked example:
# fitting a measurement · 7 from a weight change to pulses · 8 the device lab. Each
# exercise cell ends with a check: replace `None` (e.g. in `answer_3_1 = None`) by your
# value and re-run the cell; a wrong answer gets a hint, more specific at each attempt.

# %%
from importlib import resources

import numpy as np
from scipy.integrate import cumulative_trapezoid

from neuroexplore import devices as nd
from neuroexplore.devices.nonlinearity import shape
from neuroexplore.devices.waveforms import sine
from neuroexplore.exercises import check
from neuroexplore.widgets import device_figures as figs

# %% [markdown]
# ## 1. What a synaptic device needs — two versus three terminals
#
# A crossbar stores each weight as a conductance $G$ and computes $I_j = \sum_i G_{ij} V_i$
# (Ohm's and Kirchhoff's laws). For that a device should offer
#
# | requirement | why | typical figure of merit |
# |---|---|---|
# | many analog states | weight resolution | 32–1000 distinguishable levels |
# | linear, symmetric updates | identical pulses must give identical $\Delta G$ up and down, or gradient descent is biased | NeuroSim nonlinearity label $\approx 0$, $\mathrm{NL_{LTD}} \approx -\mathrm{NL_{LTP}}$ |
# | retention | inference weeks after training | drift exponent $\nu$, retention time |
# | endurance | in-situ training needs $10^6$–$10^9$ updates | cycles to failure |
# | low energy | per update and per read | fJ–pJ per pulse |
# | small cycle-to-cycle / device-to-device variation | weight noise | $\sigma_{c2c}$ as a fraction of $G_{max}-G_{min}$ |
#
# **Two-terminal devices** (RRAM/memristors, PCM) are read and written through the same two
# electrodes: the dense $4F^2$ crossbar, but the read voltage must stay below the switching
# threshold and every write disturbs the same path that is read. **Three-terminal devices**
# (FeFET, electrolyte-gated transistors, ECRAM, OECT) write through a *gate* and read
# through the *channel*: the gate stack (ferroelectric polarisation, ion concentration)
# holds the state, so reads do not disturb it, writes can be small and symmetric, and
# the read current can be tuned independently — at the price of a larger cell. The
# published pulse-update figures the rest of the chapter uses:

# %%
figs.device_table([nd.get_device(name) for name in nd.presets()])

# %% [markdown]
# ## 2. RRAM and memristors
#
# ### 2.1 The HP linear-drift model (Strukov et al., *Nature* 453, 80, 2008)
#
# A film of thickness $D$ has a doped (low-resistance) layer of width $w$; with the state
# $x = w/D \in [0, 1]$,
#
# $$M(x) = R_{on}\,x + R_{off}\,(1-x), \qquad i = \frac{v}{M(x)}, \qquad
# \frac{dx}{dt} = \frac{\mu_v R_{on}}{D^2}\, i(t)\, f(x)$$
#
# (Strukov eqs. 1–2; $\mu_v$ in m²/(V s), $R$ in Ω, $D$ in m). Without a window ($f = 1$)
# the state follows the charge, $x(q) = x_0 + k q$ with $k = \mu_v R_{on}/D^2$, so
# $M(q) = M_0 - \Delta R\,k\,q$ ($\Delta R = R_{off} - R_{on}$). Since $v\,dt = M\,dq$, the
# flux $\varphi = \int v\,dt = M_0 q - \Delta R k q^2/2$ and
#
# $$M(\varphi) = \sqrt{M_0^2 - 2\,\Delta R\,k\,\varphi}$$
#
# (Strukov eq. 3 for any $x_0$). Below, `simulate_iv` integrates the ODE
# (`solve_ivp`, DOP853, rtol $10^{-8}$) under $v = 1\,\mathrm{V}\,\sin(2\pi t)$ and
# the closed form is evaluated on the numerically integrated flux.

# %%
t = np.linspace(0.0, 1.0, 801)
hp = nd.simulate_iv("hp", sine(amplitude=1.0, frequency=1.0), t)   # R_on 100 Ω, R_off 16 kΩ, D 10 nm
phi = cumulative_trapezoid(hp.v, hp.t, initial=0.0)                 # flux (V s)
m_closed = nd.hp_memristance_closed_form(phi)
m_ode = 1.0 / hp.conductance
print(f"largest |M_ode - M_closed| / M = {np.max(np.abs(m_ode - m_closed) / m_closed):.1e}")
figs.memristance_figure(t, m_ode, m_closed, hp.v, hp.i)

# %% [markdown]
# ### 2.2 Window functions
#
# A real dopant front cannot leave the film, and its drift slows near the interfaces.
# Windows multiply $dx/dt$ by $f(x)$:
#
# * **Joglekar & Wolf** (*Eur. J. Phys.* 30, 661, 2009, eq. 9): $f(x) = 1 - (2x-1)^{2p}$ —
#   vanishes at both bounds, so a state that reaches a bound can never leave it;
# * **Biolek et al.** (*Radioengineering* 18, 210, 2009, eq. 7):
#   $f(x) = 1 - (x - \mathrm{stp}(-i))^{2p}$ — vanishes only at the bound being approached
#   (the current direction decides), so the device can switch back.
#
# Larger $p$ gives a flatter window with steeper edges.

# %%
x = np.linspace(0.0, 1.0, 201)
figs.window_figure(x, {
    "Joglekar p = 1": nd.window(x, +1, "joglekar", 1),
    "Joglekar p = 2": nd.window(x, +1, "joglekar", 2),
    "Joglekar p = 10": nd.window(x, +1, "joglekar", 10),
    "Biolek p = 2, i > 0": nd.window(x, +1, "biolek", 2),
    "Biolek p = 2, i < 0": nd.window(x, -1, "biolek", 2),
})

# %% [markdown]
# ### 2.3 The pinched hysteresis loop and its frequency dependence
#
# The three fingerprints of a memristor (Chua 1971; Adhikari et al., *IEEE TCAS-I* 60, 3008,
# 2013): under a periodic zero-mean drive the $I$–$V$ curve is a loop **pinched at the
# origin** ($v = 0 \Rightarrow i = 0$); the lobe area **shrinks as the frequency rises**;
# and at infinite frequency the loop collapses to a straight line (a linear resistor).
# Physically the state can only follow the charge per half-period, $\propto V_0/f$.
#
# For the HP model time enters only through $\mu_v\,t$: driving at frequency $f$ is
# *exactly* driving at 1 Hz with $\mu_v/f$. So the frequency sweep of the loop area is one
# vectorised call with an array of mobilities (25 devices integrated together), and the
# loops simulated directly at 0.5–5 Hz (circles) land on it. At high frequency the
# area falls as $1/f$ (dotted guide); towards low frequency the state swings further and
# the loop opens faster than $1/f$. (At about 0.4 Hz and below, for these parameters, the state runs
# into $x = 1$, where the Joglekar window ($p = 2$) pins it for good — the "terminal state
# problem" that Biolek's window removes.)

# %%
freqs = [0.5, 1.0, 2.0, 5.0]
loops = [nd.simulate_iv("hp", sine(1.0, f), np.linspace(0, 1 / f, 801), window="joglekar", p=2)
         for f in freqs]
loop_areas = [nd.loop_area(tr.v[:-1], tr.i[:-1]) for tr in loops]

sweep_f = np.geomspace(0.5, 100.0, 24)
sweep = nd.simulate_iv("hp", sine(1.0, 1.0), np.linspace(0, 1, 801), window="joglekar", p=2,
                       mu_v=1e-14 / sweep_f)
sweep_area = [nd.loop_area(sweep.v[:-1], i[:-1]) for i in sweep.i]
figs.pinched_loops_figure([(f"{f:g} Hz", tr.v, tr.i) for f, tr in zip(freqs, loops, strict=True)],
                          sweep_f, sweep_area, freqs, loop_areas)

# %% [markdown]
# ### 2.4 Threshold switching: VTEAM (Kvatinsky et al., *IEEE TCAS-II* 62, 786, 2015)
#
# Real RRAM barely moves below a threshold voltage and then switches very nonlinearly.
# VTEAM (eq. 1) writes, for the gap state $w$,
#
# $$\frac{dw}{dt} = \begin{cases}
# k_{off}\,\left(\dfrac{v}{v_{off}} - 1\right)^{\alpha_{off}} f_{off}(w), & v > v_{off} > 0\\[4pt]
# 0, & v_{on} \le v \le v_{off}\\[4pt]
# k_{on}\,\left(\dfrac{v}{v_{on}} - 1\right)^{\alpha_{on}} f_{on}(w), & v < v_{on} < 0
# \end{cases}$$
#
# with $k$ in m/s and thresholds in V. Below threshold (0.25 V < $v_{off}$ = 0.3 V) the
# device is a fixed resistor — reads are non-destructive; above it the loop opens, and the
# larger the overdrive the faster ($\alpha = 3$) and more complete the switching.

# %%
tv = np.linspace(0.0, 2.0, 801)
figs.iv_state_figure({f"{a:g} V": nd.simulate_iv("vteam", sine(a, 1.0), tv)
                      for a in (0.25, 0.45, 0.7)})

# %% [markdown]
# ### 2.5 A fitted device: Yakopcic's model of a Ag-chalcogenide memristor
#
# Yakopcic, Taha, Subramanyam, Pino & Rogers (*IEEE EDL* 32, 1436, 2011) write the current
# as $i = a_{1,2}\,x\,\sinh(b v)$ ($a_1$ for $v \ge 0$, $a_2$ below) and let the state move
# only beyond the thresholds $v_p$, $v_n$, at a rate $\propto e^{v} - e^{v_p}$ that slows near
# the state bounds ($x_p$, $x_n$, $\alpha_p$, $\alpha_n$). The defaults of `simulate_iv("yakopcic")`
# are not illustrative values: they are Yakopcic *et al.*'s published fit to the measured
# device of Oblea, Timilsina, Moore & Campbell (IJCNN 2010, "Silver chalcogenide based
# memristor devices"): $a_1 = a_2 = 0.17$ A, $b = 0.05$ V⁻¹, $v_p = 0.16$ V, $v_n = 0.15$ V,
# $A_p = A_n = 4000$ s⁻¹, $x_p = 0.3$, $x_n = 0.5$, $\alpha_p = 1$, $\alpha_n = 5$, $x_0 = 0.11$.
# Below threshold (0.15 V) the device is a fixed resistor; above it the loop opens at 100 Hz.

# %%
ty = np.linspace(0.0, 0.02, 801)  # two periods at 100 Hz
figs.iv_state_figure({f"{a:g} V": nd.simulate_iv("yakopcic", sine(a, 100.0), ty)
                      for a in (0.15, 0.3, 0.45)})

# %% [markdown]
# ## 3. Pulse-programmed conductance
#
# ### 3.1 The NeuroSim nonlinear update model (Chen, Peng & Yu, *IEEE TCAD* 37, 3067, 2018)
#
# In training, a device receives identical pulses. MLP NeuroSim describes the conductance
# after $P$ potentiation pulses (out of $P_{max}$ spanning the range) by a saturating
# exponential,
#
# $$G_{LTP}(P) = B\left(1 - e^{-P/A}\right) + G_{min}, \qquad
# B = \frac{G_{max} - G_{min}}{1 - e^{-P_{max}/A}},$$
#
# and depression by the same form run backwards from $G_{max}$,
# $G_{LTD}(P) = -B\left(1 - e^{(P - P_{max})/A}\right) + G_{max}$. On the normalised axis
# $x = P/P_{max}$ with $a = A/P_{max}$ both are
# $s(x; a) = (1 - e^{-x/a})/(1 - e^{-1/a})$; $|a| \to \infty$ is linear.
#
# Papers quote a **nonlinearity label** instead of $A$. The label measures the largest
# departure of $s$ from the straight line: $\mathrm{NL} = \kappa\,\max_x|s(x;a) - x|$,
# signed like $a$, whose maximum has the closed form
# $D(u) = \frac{1}{1-e^{-u}} - \frac{1}{u} + \frac{1}{u}\ln\frac{1-e^{-u}}{u}$,
# $u = 1/|a|$. One constant $\kappa = 10.102$ reproduces all three pairs of NeuroSim's
# `getParamA` table (crosses) within their 4-digit rounding. Sign convention: a positive
# LTP label saturates (big steps first); a **negative** LTD label saturates towards
# $G_{min}$ (big depression steps first); mirror-symmetric devices have
# $\mathrm{NL_{LTD}} = -\mathrm{NL_{LTP}}$.

# %%
labels = np.r_[np.linspace(-9, -0.05, 90), np.linspace(0.05, 9, 90)]
a_of_label = [nd.nonlinearity_to_a(lab) for lab in labels]
neurosim_pairs = [(1.00, 1.2517), (2.40, 0.4992), (4.88, 0.2003)]   # NeuroSim getParamA
xs = np.linspace(0.0, 1.0, 201)
figs.nonlinearity_figure(labels, a_of_label, neurosim_pairs, xs, {
    f"NL = {lab:g}": shape(xs, nd.nonlinearity_to_a(lab)) for lab in (0.0, 1.0, 2.4, 4.88, -2.4)
})

# %% [markdown]
# ### 3.2 The published devices side by side
#
# One full cycle (all LTP pulses from $G_{min}$, then all LTD pulses) of every published
# preset of the device table, normalised to its own range. Sources: Ag:a-Si — Jo et al., *Nano Lett.* 10,
# 1297 (2010); TaOx/HfOx — Wu et al., VLSI 2018; PCMO — Park et al., IEDM 2013;
# AlOx/HfO2 — Woo et al., *IEEE EDL* 37, 994 (2016); GST PCM — Kuzum et al., *Nano Lett.*
# 12, 2179 (2012); EpiRAM Ag:SiGe — Choi et al., *Nat. Mater.* 17, 335 (2018); HZO FeFET —
# Jerry et al., IEDM 2017; tabulated for NeuroSim by Chen & Yu (*IEEE Des. Test* 2019).
# Note the PCM and FeFET rows: their LTD label is *positive* — depression starts slowly and
# accelerates. (A single full RESET of PCM is abrupt, section 4; gradual depression of a
# PCM synapse needs a sequence of partial-RESET pulses.)

# %%
preset_devices = [nd.get_device(row["name"]) for row in nd.preset_table()]
preset_cycles = [nd.pulse_cycle(dev)[:2] for dev in preset_devices]
figs.preset_cycles_figure(preset_devices, preset_cycles)

# %% [markdown]
# ### 3.3 Cycle-to-cycle and device-to-device variation
#
# * **Cycle-to-cycle (c2c)**: every pulse adds a Gaussian step of standard deviation
#   $\sigma_{c2c}(G_{max} - G_{min})$ (the table's `c2c σ`), so repeated cycles of one
#   device wander around the nominal curve and the noise accumulates along a train.
# * **Device-to-device (d2d)**: each device of an array has its own $G_{min}$, $G_{max}$
#   (log-normal, relative spread $\sigma_{d2d}$) and its own nonlinearity — fixed in time,
#   it can be calibrated out, c2c cannot.
#
# Left: five noisy cycles of AlOx/HfO2 (40 states, c2c 5 %, seeds 0–4). Right: five
# devices drawn with $\sigma_{d2d} = 0.15$, cycled without c2c noise.

# %%
alox = nd.get_device("AlOx/HfO2")
c2c_runs = [nd.pulse_cycle(alox, seed=s)[:2] for s in range(5)]
spread = alox.with_params(d2d_sigma=0.15, c2c_sigma=0.0)
d2d_runs = [nd.pulse_cycle(spread.sample(s))[:2] for s in range(5)]
figs.variation_figure(c2c_runs, d2d_runs, nd.pulse_cycle(alox)[:2], "AlOx/HfO2")

# %% [markdown]
# ### Exercise 3.1 — the label of a given $A$
#
# A device's potentiation curve is fitted with $a = A/P_{max} = 0.25$. What nonlinearity
# label would NeuroSim quote for it? (Use the definition above: compute
# $\max_x |s(x; 0.25) - x|$ on a fine grid and multiply by $\kappa = 10.102$ — or find
# the engine function that does it.)

# %%
answer_3_1 = None  # your value here
check("3.1", answer_3_1)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: the largest gap between s(x; 0.25) and the line s = x, times kappa
x_grid = np.linspace(0.0, 1.0, 20001)
answer_3_1 = 10.102 * np.max(np.abs(shape(x_grid, 0.25) - x_grid))
print(f"label {answer_3_1:.3f}; the engine's nonlinearity label: {nd.a_to_nonlinearity(0.25):.3f}")
check("3.1", answer_3_1)

# %% [markdown]
# ### Exercise 3.2 — linearity and symmetry of the published devices
#
# (a) Which preset of the table has the **most linear potentiation**? (b) Which has the
# **most symmetric** potentiation/depression pair, i.e. whose depression curve is the
# mirror image of its potentiation curve? Answer with a preset name as a string
# (e.g. `"PCMO"`). The checks compare your choice with the devices' actual curves.

# %%
answer_3_2a = None  # your value here: the most linear potentiation
check("3.2a", answer_3_2a)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: the label closest to 0 (LTP) among the published presets
table = nd.preset_table()
answer_3_2a = min(table, key=lambda row: abs(float(row["nonlinearity_ltp"])))["name"]
check("3.2a", answer_3_2a)

# %%
answer_3_2b = None  # your value here: the most symmetric LTP/LTD pair
check("3.2b", answer_3_2b)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: symmetric means NL_ltd = -NL_ltp: the smallest |NL_ltp + NL_ltd|
answer_3_2b = min(table, key=lambda row: abs(float(row["nonlinearity_ltp"])
                                             + float(row["nonlinearity_ltd"])))["name"]
check("3.2b", answer_3_2b)

# %% [markdown]
# ## 4. Phase-change memory (PCM)
#
# A chalcogenide (Ge₂Sb₂Te₅) cell is conductive when crystalline and resistive when
# amorphous.
#
# * **Gradual SET** (crystallisation, $V_{set} \le V < V_{melt}$): each pulse of width $w$
#   crystallises a fraction $\gamma = (1 - e^{-w/\tau_{cryst}})\,
#   \frac{V - V_{set}}{V_{melt} - V_{set}}$ of the remaining amorphous volume, so after $n$
#   pulses the crystalline fraction is $f_n = 1 - (1-\gamma)^n$ and
#   $G = G_{min} + (G_{max} - G_{min}) f$ — accumulative and saturating (Burr et al.,
#   *J. Vac. Sci. Technol. B* 28, 223, 2010; Kuzum et al., *Nano Lett.* 12, 2179, 2012).
# * **Abrupt RESET** ($V \ge V_{melt}$): melt-quench re-amorphises the cell in one pulse,
#   back to $G_{min}$. PCM is therefore a one-directional analog device; training uses two
#   PCMs per weight ($G^+ - G^-$) with occasional refresh.
# * **Drift** (Joshi et al., *Nat. Commun.* 11, 2473, 2020; $t_0 = 20$ s after
#   programming): the amorphous phase relaxes,
#   $$G(t) = G(t_0)\left(\frac{t}{t_0}\right)^{-\nu},$$
#   with $\nu$ Gaussian, mean $\mathrm{clamp}(-0.0155\ln x + 0.0244,\ 0.049,\ 0.1)$
#   and std $\mathrm{clamp}(-0.0125\ln x - 0.0059,\ 0.008,\ 0.045)$, $x = G/G_{max}$
#   (dimensionless, as in IBM aihwkit's `PCMLikeNoiseModel`; e.g. $x = 0.1$:
#   $\bar\nu = 0.060$) — lower conductances drift faster.
# * **Programming noise** $\sigma_p = 0.26348 + 1.9650\,x - 1.1731\,x^2$ µS
#   ($x = G_T/G_{max}$, $G_{max} = 25$ µS) and **1/f read noise** of relative std
#   $Q = \min(0.0088/x^{0.65}, 0.2)\sqrt{\ln\frac{t + t_{read}}{2 t_{read}}}$, again with
#   $x = G/G_{max}$
#   ($t_{read} = 250$ ns).
#
# Right panel: the mean-ν drift of three levels, and the 5–95 % band of 2000 cells
# programmed to 10 µS (programming noise, per-cell ν, read noise at each time).

# %%
cell = nd.PCMCell()                            # G 0.1-25 µS, V_set 0.6 V, V_melt 1.5 V, 100 ns pulses
set_curves = {f"SET {v:g} V": cell.set_train(30, v) for v in (0.8, 1.0, 1.3)}
g_set = cell.set_train(20, 1.0)
g_reset = cell.apply_pulse(g_set[-1], 2.0)     # one RESET pulse above V_melt
g_again = cell.set_train(10, 1.0, g0=g_reset)[1:]
cycle = np.r_[g_set, g_reset, g_again]

t_drift = np.geomspace(nd.pcm.PCM_T0, 1e6, 80)
g_levels = np.array([2e-6, 10e-6, 25e-6])
nu_mean, _ = nd.pcm_drift_nu_stats(g_levels)
drift = nd.pcm_drift(g_levels[:, None], t_drift, nu=nu_mean[:, None])
rng = np.random.default_rng(7)
g_prog = nd.pcm_program(np.full(2000, 10e-6), rng)
g_t = nd.pcm_read_noise(nd.pcm_drift(g_prog[:, None], t_drift, nu=nd.pcm_drift_nu(g_prog, rng)[:, None]),
                        t_drift, rng)
figs.pcm_figure(set_curves, (np.arange(cycle.size), cycle), t_drift,
                {f"{g * 1e6:g} µS, ν = {n:.3f}": d for g, n, d in zip(g_levels, nu_mean, drift, strict=True)},
                (g_t.mean(0), np.percentile(g_t, 5, axis=0), np.percentile(g_t, 95, axis=0)))

# %% [markdown]
# ### Exercise 3.3 — drift after one day
#
# A PCM device read at $t_0 = 20$ s after programming drifts with $\nu = 0.05$. What
# fraction $G(t)/G(t_0)$ of its conductance does it keep one day (86 400 s) after
# programming?

# %%
answer_3_3 = None  # your value here
check("3.3", answer_3_3)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: G(t)/G(t0) = (t/t0)^(-nu) with t = 86 400 s, t0 = 20 s, nu = 0.05
answer_3_3 = (86400.0 / 20.0) ** -0.05
check("3.3", answer_3_3)

# %% [markdown]
# ## 5. Ferroelectric FETs (FeFET)
#
# A poly-crystalline HfZrO (HZO) gate layer is an ensemble of domains, each a rectangular
# hysteron with its own coercive voltage $V_{c,i}$ (Preisach model; Gaussian distribution,
# mean 2.8 V, width 0.5 V). Switching is nucleation-limited (Merz law
# $\tau_i(u) = \tau_0\,e^{V_{c,i} L/u}$, $L = \ln(w_{ref}/\tau_0)$; Tagantsev et al.,
# *PRB* 66, 214109, 2002) and accumulative (Mulaosmanovic et al., *ACS AMI* 9, 3792, 2017):
# a pulse of amplitude $u$ and width $w$ switches the domains with
# $V_{c,i} \le u\,\ln(w/\tau_0)/L$, and $n$ identical pulses act like one pulse of width
# $n w$. The net polarisation $P = P_s\langle s_i\rangle$ shifts the threshold voltage,
# $V_{th} = V_{th,0} - (P/P_s)\,\mathrm{MW}/2$, and the channel conductance at the read
# bias follows the EKV interpolation
# $G = g_{spec}\ln^2\!\left(1 + e^{(V_{read} - V_{th})/(2 n \phi_t)}\right)$.
#
# This partial switching is what makes the FeFET analog (Jerry et al., IEDM 2017: 32
# states with 75 ns pulses whose amplitude is stepped). Left: polarisation after one
# 75 ns pulse from $-P_s$ — the cumulative distribution of $V_c$. Middle: identical pulses
# saturate (their number only changes the effective width logarithmically). Right: the
# amplitude-incremented scheme (2.0 → 3.8 V, then −2.0 → −3.8 V) gives a gradual cycle,
# sigmoidal because each step switches the next slice of the $V_c$ distribution. The
# channel is read at $V_{read} = 1.2$ V, above every threshold state, so all levels
# conduct.

# %%
fefet = nd.FeFET(v_read=1.2)                          # 500 domains, w_ref = 75 ns
down = nd.fefet_initial_state(fefet, -1.0)
amps = np.linspace(1.5, 4.5, 31)
p_one = [nd.fefet_apply_pulses(fefet, down, [v], fefet.w_ref).polarization[-1] / fefet.p_s for v in amps]
identical = {f"32 × {v:g} V": nd.fefet_apply_pulses(fefet, down, np.full(32, v), fefet.w_ref).conductance
             for v in (2.6, 3.0, 3.4)}
scheme = np.r_[nd.incremental_scheme(32, 2.0, 3.8), nd.incremental_scheme(32, -2.0, -3.8)]
g_scheme = nd.fefet_apply_pulses(fefet, down, scheme, fefet.w_ref).conductance
print("states separated by >= 1 % of the range:",
      nd.distinguishable_states(g_scheme[:33], 0.01 * np.ptp(g_scheme)))
figs.fefet_figure(amps, p_one, identical, (np.arange(g_scheme.size), g_scheme))

# %% [markdown]
# ## 6. Worked example: from a measurement to a `PulseDevice`
#
# The package ships `neuroexplore/data/sample_pulse_measurement.csv`. **It is not measured
# data**: `make_sample_measurement()` generated it from the *HZO FeFET* preset (Jerry et
# al., IEDM 2017) with that preset's cycle-to-cycle noise (seed 2025), one LTP/LTD cycle of
# 32 + 32 pulses — its header says so. Using a synthetic file lets us check the fit
# against the truth. The same three lines work for your own CSV (`pulse`,
# `conductance (S or uS)`, optional `direction` and `cycle` columns).

# %%
sample = resources.files("neuroexplore") / "data" / "sample_pulse_measurement.csv"
with sample.open(encoding="utf-8") as fh:
    meas = nd.load_measurements(fh)
print("\n".join(meas.comments))
print("file regenerated bit for bit by make_sample_measurement():",
      nd.make_sample_measurement() == sample.read_text(encoding="utf-8"))
fit = nd.fit_pulse_response(meas["pulse"], meas["conductance"], meas["direction"],
                            name="fitted HZO FeFET", reference="fit to sample_pulse_measurement.csv")
source = nd.get_device("HZO FeFET")
figs.fit_table(fit, source)

# %% [markdown]
# `fit_pulse_response` fits $G_{min}$, $G_{max}$ and the two normalised $A$ by least
# squares (NeuroSim form above). Cycle-to-cycle noise accumulates along a train, so its
# residuals are correlated like a random walk; the standard errors use a sandwich
# estimator with that covariance (the plain $s^2(J^TJ)^{-1}$ would be several times too
# small). The c2c σ comes from one-step residuals. Compare each fitted value with the
# preset's, in units of its ± 1σ: from one 32 + 32-pulse cycle with 0.5 % c2c noise the
# labels come out to about ±0.2 and $G_{min}$ (only ~2 % of the range) is poorly
# determined — several cycles would be needed to pin it down.

# %%
figs.fit_figure(meas["pulse"], meas["conductance"], fit.fitted, nd.pulse_cycle(source)[:2])

# %%
fit.device        # a ready PulseDevice: the crossbar chapter programs arrays with it

# %% [markdown]
# ### Several cycles
#
# One cycle leaves $G_{min}$ and the labels loose. Pass every cycle of a measurement
# with `cycle=` and they are fitted **jointly**: one $G_{min}$, $G_{max}$ and one
# nonlinearity per phase shared by all cycles, each cycle's pulse axis starting again at
# its first pulse, and the random-walk residuals restarting at each cycle. Below: the
# sample's cycle (seed 2025) plus three more cycles of the same preset (seeds 2026–2028),
# so the truth is known. With four cycles the standard errors are about half those of one
# cycle ($1/\sqrt{4}$). Compare each value with the preset in units of its σ: the σ are
# approximate (a random-walk model of the residuals), so deviations up to about 2σ are
# expected.

# %%
runs = [nd.pulse_cycle(source, seed=2025 + k) for k in range(4)]
p4, g4, d4 = (np.concatenate(cols) for cols in zip(*runs, strict=True))
fit4 = nd.fit_pulse_response(p4, g4, d4, cycle=np.repeat(np.arange(4), runs[0][0].size))
for key in ("g_max", "nonlinearity_ltp", "nonlinearity_ltd"):
    true = getattr(source, key)
    print(f"{key:>16}: preset {true:.4g} | 1 cycle {getattr(fit, key):.4g} "
          f"± {fit.stderr[key]:.2g} | {fit4.n_cycles} cycles {getattr(fit4, key):.4g} "
          f"± {fit4.stderr[key]:.2g}")

# %% [markdown]
# ### Files as instruments and spreadsheets write them
#
# Real files rarely look like the sample. `load_measurements` detects the delimiter
# (comma, semicolon or tab), reads a decimal comma, skips a byte-order mark, quotes,
# trailing delimiters, blank and comment lines, converts units written in the header
# (`Conductance (µS)`, `resistance (kohm)`, `current (A)` with a read voltage) to siemens,
# and numbers the pulses of a `time` column. The package ships three small files in
# `neuroexplore/data/measurements/`. **They are illustrative numbers typed by hand, not
# measured data and not generated from any device model**, so there is no truth to
# compare the fit with: they show the *reading*, and the fit only says that a few points
# per cycle follow the NeuroSim shape. Here is the start of the Excel export (German
# locale: `;` and `,`), as bytes:

# %%
examples = resources.files("neuroexplore") / "data" / "measurements"
excel_bytes = (examples / "excel_semicolon_two_cycles.csv").read_bytes()
print("first bytes:", excel_bytes[:3], "= a UTF-8 byte-order mark; the first lines:")
for line in nd.decode_measurement(excel_bytes).splitlines()[:4]:
    print("   ", line)
with resources.as_file(examples / "excel_semicolon_two_cycles.csv") as path:
    excel = nd.load_measurements(path)
with resources.as_file(examples / "resistance_kohm.csv") as path:
    kohm = nd.load_measurements(path)
print("read as:", excel.describe())
print("read as:", kohm.describe())
print("G (S), first cycle:", excel["conductance"][:6], "cycle index:", excel["cycle"])

# %% [markdown]
# The Excel file holds two LTP/LTD cycles of 12 pulses, numbered 1–12 in each; the reader
# numbers the pulses on across the file and gives each point its cycle. Fitted jointly,
# the two cycles share one set of parameters (the table lists one value ± 1σ each):

# %%
fit_xl = nd.fit_pulse_response(excel["pulse"], excel["conductance"], excel["direction"],
                               cycle=excel["cycle"], name="Excel example")
print(fit_xl.summary())
figs.fit_figure(excel["pulse"], excel["conductance"], fit_xl.fitted)

# %% [markdown]
# ## 7. From a weight change to pulses
#
# In training, a learning rule asks for a weight change $\Delta w$, but a device can only
# take whole pulses. NeuroSim's open-loop programming (Chen, Peng & Yu 2018) maps a weight
# range $[0, w_{max}]$ onto the device's conductance window $[G_{min}, G_{max}]$, turns
# $\Delta w$ into the conductance change it asks for, and assumes that every pulse moves
# the conductance by the **nominal step** of a linear device: the window divided by the
# number of states of the direction of the change (LTP states to potentiate, LTD states
# to depress). The count is rounded to a whole number of pulses and signed (positive:
# potentiation). On a nonlinear device the real step differs from the nominal one — that
# is the update error of in-situ training that chapter 4 measures. The engine's version
# is `nd.weight_change_to_pulses(dw, device, w_max=...)`.
#
# ### Exercise 3.4 (code) — NeuroSim's pulse count
#
# Write `pulse_count(dw, g_min, g_max, states_ltp, states_ltd, w_max)` that returns the
# signed whole number of pulses for the weight change `dw` (conductances in S, weights in
# any unit of `w_max`). The check runs it on random devices and weight changes and
# compares it with the engine.

# %%
def pulse_count(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    raise NotImplementedError  # your code here


check("3.4", pulse_count)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: dG = dw (G_max - G_min) / w_max, divided by the nominal step of one pulse, rounded
def pulse_count(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    span = g_max - g_min
    step = span / (states_ltp if dw > 0 else states_ltd)
    return int(np.rint(dw * span / w_max / step))


check("3.4", pulse_count)

# %% [markdown]
# ## 8. The device lab
#
# `DeviceLab` drives the memristor models with any waveform and the pulse-programmed
# presets with pulse trains (and fits your own CSV). Move a slider; errors appear in the
# lab's message area.

# %%
from neuroexplore.widgets import DeviceLab

DeviceLab()

# %% [markdown]
# ## Summary
#
# * A synaptic device stores a weight as a conductance. Two-terminal devices (RRAM, PCM)
#   give the densest crossbars; three-terminal devices (FeFET, synaptic transistors)
#   separate writing from reading.
# * Memristor models differ in how the internal state moves: linear drift (HP), drift
#   slowed at the bounds (window functions), or a threshold law (VTEAM, Yakopcic). All
#   give a loop pinched at the origin whose lobes shrink as the frequency rises.
# * Under identical pulses the conductance follows a saturating curve; NeuroSim
#   summarises it by a nonlinearity label per direction, and the published devices
#   differ in states, labels, variation and on/off ratio.
# * PCM is written gradually one way (SET) and abruptly the other (RESET), and its
#   conductance drifts as a power law in time; a FeFET stores its state in partially
#   switched ferroelectric domains.
# * A measured pulse train can be fitted to the NeuroSim model and becomes a
#   `PulseDevice` that the crossbar chapter programs; a weight change becomes a whole
#   number of pulses through the nominal step of the device.

# %% [markdown]
# ## References
#
# * Huo et al., Neuromorphic devices assisted by machine learning algorithms,
#   *Int. J. Extreme Manuf.* 7, 042007 (2025) — chapter 3.
# * Strukov, Snider, Stewart & Williams, *Nature* 453, 80 (2008) — HP model.
# * Joglekar & Wolf, *Eur. J. Phys.* 30, 661 (2009); Biolek, Biolek & Biolková,
#   *Radioengineering* 18, 210 (2009) — windows.
# * Kvatinsky, Ramadan, Friedman & Kolodny, *IEEE TCAS-II* 62, 786 (2015) — VTEAM.
# * Yakopcic, Taha, Subramanyam, Pino & Rogers, *IEEE EDL* 32, 1436 (2011) — generalised
#   model, fitted to Oblea, Timilsina, Moore & Campbell, IJCNN (2010).
# * Chen, Peng & Yu, *IEEE TCAD* 37, 3067 (2018); Chen & Yu, *IEEE Des. Test* (2019) —
#   NeuroSim model and device table.
# * Joshi et al., *Nat. Commun.* 11, 2473 (2020) — PCM programming noise, drift, read noise.
# * Jerry et al., IEDM (2017) — HZO FeFET analog synapse.
