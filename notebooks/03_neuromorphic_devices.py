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
# # Chapter 3 — Neuromorphic devices by material and structure
#
# This notebook follows chapter 3 of the review *Neuromorphic devices assisted by machine
# learning algorithms* (Huo et al., *Int. J. Extreme Manuf.* **7**, 042007, 2025): the
# physical devices that store a synaptic weight as a conductance. Every curve below comes
# from the engines in `neuroexplore.devices`; the figure helpers in
# `neuroexplore.widgets.device_figures` only draw. Units are SI (S, V, A, s) unless an axis
# says otherwise.
#
# **Contents.** 1 two- vs three-terminal devices · 2 RRAM / memristors (HP, windows, VTEAM,
# pinched loops) · 3 pulse-programmed conductance (NeuroSim model, published presets,
# variation) · 4 phase-change memory · 5 ferroelectric FETs · 6 synaptic transistors ·
# 7 optoelectronic and triboelectric synapses · 8 STDP from the device · 9 worked example:
# fitting a measurement · 10 device neurons (Mott threshold
# switch, diffusive memristor) · 11 interactive labs. Four auto-checked exercises are spread along
# the way: replace `answer = None` by your value and re-run the cell.

# %%
from importlib import resources

import numpy as np
from scipy.integrate import cumulative_trapezoid

from neuroexplore import devices as nd
from neuroexplore.devices.nonlinearity import shape
from neuroexplore.devices.triboelectric import open_circuit_voltage
from neuroexplore.devices.waveforms import sine
from neuroexplore.exercises import ch03
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
# ### Exercise 1 — the label of a given $A$
#
# A device's potentiation curve is fitted with $a = A/P_{max} = 0.25$. What nonlinearity
# label would NeuroSim quote for it? (Use the definition above: compute
# $\max_x |s(x; 0.25) - x|$ on a fine grid and multiply by $\kappa = 10.102$ — or find
# the engine function that does it.)

# %%
answer = None  # your value here
ch03.check_nonlinearity_label(answer, a=ch03.LABEL_A)

# %% [markdown]
# ### Exercise 2 — linearity and symmetry of the published devices
#
# (a) Which preset of the table has the **most linear potentiation**? (b) Which has the
# **most symmetric** potentiation/depression pair, i.e. whose depression curve is the
# mirror image of its potentiation curve? Answer with a preset name as a string
# (e.g. `"PCMO"`). The checks compare your choice with the devices' actual curves.

# %%
answer = None  # your value here: the most linear potentiation
ch03.check_most_linear_preset(answer)

# %%
answer = None  # your value here: the most symmetric LTP/LTD pair
ch03.check_most_symmetric_preset(answer)

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
# ### Exercise 4 — drift after one day
#
# A PCM device read at $t_0 = 20$ s after programming drifts with $\nu = 0.05$. What
# fraction $G(t)/G(t_0)$ of its conductance does it keep one day (86 400 s) after
# programming?

# %%
answer = None  # your value here
ch03.check_pcm_drift(answer, nu=ch03.DRIFT_NU, t=ch03.ONE_DAY)

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
# ## 6. Synaptic transistors: electrolyte/ion-gel, ECRAM, OECT
#
# A presynaptic gate pulse drives ions from the electrolyte towards the channel. Three ionic
# stores (dimensionless occupancies) carry the memory:
#
# $$\frac{dn_1}{dt} = k_{on}V_g(1 - n_1) - \frac{n_1}{\tau_{EDL}},\qquad
# \frac{dn_2}{dt} = \frac{n_1 - n_2}{\tau_{dop}},\qquad
# \frac{dn_3}{dt} = k_{LTP}\,n_2^2 - \frac{n_3}{\tau_{LTP}},$$
#
# the electric double layer (EDL, volatile, tens of ms), electrochemical doping of the
# channel bulk (hundreds of ms) and a cooperative long-term store; the channel conductance
# is $G = G_0(1 + r_{EDL}n_1 + r_{dop}n_2 + r_{LTP}n_3)$ and the EPSC is
# $I_d = G\,V_{read}$ (Zhu et al., *Nat. Commun.* 5, 3158, 2014; van de Burgt et al.,
# *Nat. Mater.* 16, 414, 2017; the OECT preset is the depletion-mode IPSC of Bernards &
# Malliaras, *Adv. Funct. Mater.* 17, 3538, 2007). The equations are integrated exactly
# (closed form on each pulse and gap). In ECRAM the same ion-intercalation picture holds
# with a solid electrolyte and a non-volatile channel.
#
# **Paired-pulse facilitation.** A second pulse soon after the first finds ions still
# near the channel:
# $$\mathrm{PPF} = \frac{A_2}{A_1} = 1 + C_1 e^{-\Delta t/\tau_1} + C_2 e^{-\Delta t/\tau_2}$$
# (Zucker & Regehr, *Annu. Rev. Physiol.* 64, 355, 2002). The P3HT/PMMA transistor shows
# $\tau_1 \approx 18$ ms and $\tau_2 \approx 218$ ms; below, the device's PPF is computed at
# 30 intervals and fitted with `fit_ppf`. The fitted time constants track the device's
# $\tau_{EDL}$ and $\tau_{dop}$ closely but not exactly: the saturating EDL term
# $(1 - n_1)$ and the long-term store make the device's PPF only approximately a sum of
# two exponentials.

# %%
fet = nd.SYNAPTIC_TRANSISTOR_PRESETS["p3ht_pmma"]
train = nd.GatePulseTrain(amplitude=1.0, width=0.005, interval=0.05, n_pulses=5)
epsc = nd.simulate_pulse_train(fet, train, t_after=1.0)
figs.epsc_figure(epsc.t, epsc.v_gate, epsc.current, "P3HT/PMMA: EPSC under five 1 V, 5 ms pulses")

# %%
intervals = np.geomspace(0.006, 3.0, 30)
ppf = nd.paired_pulse_facilitation(fet, intervals)
ppf_fit = nd.fit_ppf(intervals, ppf)
err = ppf_fit.errors
print(f"C1 = {ppf_fit.c1:.4f} ± {err[0]:.1g}, tau1 = {ppf_fit.tau1 * 1e3:.2f} ± {err[1] * 1e3:.1g} ms "
      f"(device tau_EDL = {fet.tau_edl * 1e3:g} ms)")
print(f"C2 = {ppf_fit.c2:.4f} ± {err[2]:.1g}, tau2 = {ppf_fit.tau2 * 1e3:.1f} ± {err[3] * 1e3:.1g} ms "
      f"(device tau_doping = {fet.tau_doping * 1e3:g} ms)")
figs.ppf_figure(intervals, ppf, ppf_fit, "P3HT/PMMA preset")

# %% [markdown]
# ### Exercise 3 — PPF from the fitted constants
#
# Using the fitted constants printed above (`ppf_fit.c1`, `ppf_fit.tau1`, `ppf_fit.c2`,
# `ppf_fit.tau2`), predict the PPF ratio $A_2/A_1$ for two pulses **50 ms** apart. Give a
# ratio (e.g. 1.4), not a percentage.

# %%
answer = None  # your value here
ch03.check_ppf(answer, ppf_fit, interval=ch03.PPF_INTERVAL)

# %% [markdown]
# **Spike-rate-dependent plasticity and STP → LTP.** Trains at a higher rate leave less
# time for the EDL to relax, so the $n$-th EPSC grows relative to the first (SRDP, left;
# ten 5 ms pulses). Many dense pulses raise the doping store enough for the cooperative
# $n_2^2$ term to build the long-term store: the weight retained 60 s after the train
# grows with the number of pulses (right; 50 Hz) — short-term turns into long-term
# memory, as in the multi-store picture of Chang, Jo & Lu (*ACS Nano* 5, 7669, 2011).
#
# **Energy per spike.** Gate energy $E_{gate} = V_g q_{EDL}\Delta n_1 + V_g^2 w/R_{leak}$
# plus the read energy $V_{read}^2\int G\,dt$ over the pulse, next to the usual
# "$V\,I\,t$" literature estimate (e.g. ~1.2 fJ per event for organic nanowire synaptic
# transistors, Xu et al., *Sci. Adv.* 2, e1501326, 2016).

# %%
rates = np.geomspace(0.5, 100.0, 15)
gain = nd.srdp_gain(fet, rates, n_pulses=10)
n_list = np.array([1, 2, 5, 10, 20, 50, 100])
dense = train.with_params(interval=0.02)
retained = [float(nd.retained_weight(fet, dense.with_params(n_pulses=int(n)), delay=60.0).fraction)
            for n in n_list]
energy = nd.spike_energy(fet, train)
print(f"energy of the first spike: gate {energy.gate * 1e12:.3g} pJ + read {energy.drain * 1e15:.3g} fJ "
      f"= {energy.total * 1e12:.3g} pJ; V·I·t estimate {energy.estimate * 1e15:.3g} fJ")
figs.srdp_ltp_figure(rates, gain, n_list, retained, 60.0)

# %% [markdown]
# ## 7. Optoelectronic and triboelectric synapses
#
# ### 7.1 Optoelectronic synapses: persistent photoconductivity
#
# Light pulses (intensity $P$ in W/m², wavelength $\lambda$) generate free carriers
# $n_f$; some are trapped ($n_t$) and released only slowly — **persistent
# photoconductivity (PPC)**, the optical synapse's memory (Zhou et al.,
# *Nat. Nanotechnol.* 14, 776, 2019; Mennel et al., *Nature* 579, 62, 2020):
#
# $$\frac{dn_f}{dt} = g - \frac{n_f}{\tau_{free}},\quad
# \frac{dn_t}{dt} = \frac{n_f}{\tau_{cap}} - \frac{n_t}{\tau_{PPC}},\quad
# g = \frac{\left(F(\lambda)P/P_{ref}\right)^{\alpha}}{\tau_{free}},\quad
# F(\lambda) = \left(1 - e^{-a(\lambda)d}\right)\frac{\lambda}{550\,\mathrm{nm}},$$
#
# with a Tauc absorption edge joined to an Urbach tail (band gap 2 eV here), and
# $I_{ph} = V_{read}(g_{free}n_f + g_{trap}n_t)$. The photocurrent grows pulse by pulse
# (STP → LTP by repetition), decays slowly in the dark, scales as $P^{\alpha}$ ($\alpha$ =
# 0.8: sub-linear, trap filling) and vanishes for photons below the gap.

# %%
opto = nd.OptoelectronicSynapse()
light = nd.LightPulseTrain(intensity=10.0, wavelength=450.0, width=0.1, interval=0.5, n_pulses=10)
opto_trace = nd.simulate_light_train(opto, light, t_after=20.0)
intensity = np.geomspace(0.1, 1000.0, 13)
i_vs_p = nd.light_pulse_amplitudes(opto, light.with_params(intensity=intensity))[..., -1]
wavelength = np.linspace(350.0, 800.0, 46)
i_vs_l = nd.light_pulse_amplitudes(opto, light.with_params(wavelength=wavelength))[..., -1]
first = nd.light_pulse_amplitudes(opto, light.with_params(intensity=intensity, n_pulses=1))[..., 0]
print(f"fitted exponent of I_ph ∝ P^alpha (first pulse): {nd.fit_intensity_exponent(intensity, first)[0]:.4f}"
      f" (device alpha = {opto.intensity_exponent})")
figs.opto_figure(opto_trace, intensity, i_vs_p, wavelength, i_vs_l)

# %% [markdown]
# ### 7.2 Triboelectric-gated synapses: self-powered touch sensing
#
# A contact-separation triboelectric nanogenerator (TENG) turns a press into a voltage
# (Niu et al., *Energy Environ. Sci.* 6, 3576, 2013, eq. 5): with surface charge density
# $\sigma$ and plate separation $x$,
#
# $$V_{oc} = \frac{\sigma x}{\varepsilon_0},\qquad
# V_g = \frac{\sigma S x}{\varepsilon_0 S + C_g(d_0 + x)}$$
#
# where the second form is the voltage actually delivered to a transistor gate of
# capacitance $C_g$ (a capacitive divider with the TENG's own $\varepsilon_0 S/(d_0+x)$).
# That gate voltage drives the synaptic transistor of section 6 — no external supply: the
# touch itself is the presynaptic spike (Yu et al., *Nat. Commun.* 12, 1581, 2021). The
# gate is driven whenever the plates are apart ($V_g$ saturates near 4.8 V beyond
# ~0.2 mm), so the channel current ratchets up press by press, dips at each contact and
# relaxes only partly afterwards (STP → LTP by touch). For the same five presses, slow
# presses (1 Hz) hold the gate high for longer and leave a larger weight than quick
# taps (4 Hz).

# %%
teng = nd.ContactSeparationTENG()                     # σ 50 µC/m², S 1 cm², x_max 1 mm, C_g 1 nF
sep = np.geomspace(1e-6, 1e-3, 100)
presses = {f"{f:g} Hz taps": nd.simulate_tribo_synapse(teng, fet, frequency=f, n_presses=5, t_after=1.0,
                                                      samples_per_press=100)
           for f in (1.0, 4.0)}
figs.tribo_figure(sep, open_circuit_voltage(teng, sep), nd.teng_gate_voltage(teng, sep), presses)

# %% [markdown]
# ## 8. STDP from the device itself
#
# If every neuron emits the same spike — a short head below the device threshold, then a
# decaying tail of opposite sign — on both its axon (pre) and dendrite (post), a device
# between them sees $V_{mem}(t) = V_{post}(t - \Delta t) - V_{pre}(t)$. Only when the two
# spikes overlap does the net voltage cross threshold, and a VTEAM-like threshold law
# $dw/dt = k_{on}(V/v_{on} - 1)^{\alpha}$ turns the overlap into a weight change
# (Linares-Barranco & Serrano-Gotarredona 2009; Zamarreño-Ramos et al., *Front. Neurosci.*
# 5, 26, 2011; demonstrated by Jo et al., *Nano Lett.* 10, 1297, 2010). With linear
# threshold law and head amplitude at threshold the window is exactly exponential,
# $\Delta w = A_+ e^{-\Delta t/\tau_{tail}}$, with $\tau_+$ the pre-spike tail
# (16.8 ms) and $\tau_-$ the post-spike tail (33.7 ms) — Bi & Poo's numbers.

# %%
dts = np.r_[np.linspace(-0.1, -0.002, 40), np.linspace(0.002, 0.1, 40)]
dw = nd.stdp_window(delta_t_s=dts)
stdp_fit = nd.fit_stdp_window(dts, dw)
print(f"tau+ = {stdp_fit.tau_plus * 1e3:.2f} ms, tau- = {stdp_fit.tau_minus * 1e3:.2f} ms")
figs.stdp_figure(dts, dw, stdp_fit)

# %% [markdown]
# ## 9. Worked example: from a measurement to a `PulseDevice`
#
# The package ships `neuroexplore/data/sample_pulse_measurement.csv`. **It is not measured
# data**: `make_sample_measurement()` generated it from the *HZO FeFET* preset (Jerry et
# al., IEDM 2017) with that preset's cycle-to-cycle noise (seed 2025), one LTP/LTD cycle of
# 32 + 32 pulses — its header says so. Using a synthetic file lets us check the fit
# against the truth. The same three lines work for your own CSV (`pulse`,
# `conductance (S or uS)`, optional `direction` column).

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
# ## 10. Device neurons: volatile switches that integrate and fire
#
# The devices above store a weight. The review's device chapter also builds the **neuron**
# from a device: a *volatile* threshold switch that turns on above a voltage and off again
# by itself, in parallel with a capacitor that integrates. Both models below live in
# `neuroexplore.neurons` beside the biological ones (`neurons.models()`), so
# `neurons.simulate`, `neurons.fi_curve` and `NeuronLab` treat them alike. Time is in ms,
# voltage in V.
#
# ### 10.1 The Mott threshold-switch neuron (Pickett *et al.*, *Nat. Mater.* 12, 114, 2013; Yi *et al.*, *Nat. Commun.* 9, 4661, 2018)
#
# A VO₂ or NbO₂ film is insulating ($R_{off}$) until the voltage across it reaches $V_{th}$;
# Joule heating then drives the insulator–metal transition and it conducts ($R_{on} \ll
# R_{off}$) until the voltage falls below $V_{hold} < V_{th}$. Put it across a capacitor $C$
# charged from a source $V_{in}$ through a load resistor $R_s$:
#
# $$C\frac{dv}{dt} = \frac{V_{in} - v}{R_s} - \frac{v}{R_{dev}}, \qquad R_{dev} \in \{R_{off}, R_{on}\}.$$
#
# In each phase the circuit is linear: $v$ relaxes towards the Thevenin voltage
# $V_\infty = V_{in} R_{dev}/(R_s + R_{dev})$ with $\tau = C\,(R_s \parallel R_{dev})$. Charging
# from $V_{hold}$ to $V_{th}$ (switch off) and discharging back (switch on) give the period
#
# $$T = \tau_{off}\ln\frac{V_{\infty,off} - V_{hold}}{V_{\infty,off} - V_{th}}
#     + \tau_{on}\ln\frac{V_{th} - V_{\infty,on}}{V_{hold} - V_{\infty,on}}.$$
#
# It oscillates only inside a window of drives: the charge must reach threshold,
# $V_{\infty,off} > V_{th}$ — **all or nothing**: below it the load line's steady state stays
# under $V_{th}$ and the neuron never fires — and the metallic state must not hold itself,
# $V_{\infty,on} < V_{hold}$ (above that it latches on). Each switching-on is a spike: the
# device current jumps to $V_{th}/R_{on}$. The engine integrates exactly (closed-form
# switching times), so simulation and formula agree to rounding. Defaults (illustrative, of
# the order of a VO₂ device): $R_s = 10$ kΩ, $R_{on} = 1$ kΩ, $R_{off} = 50$ kΩ,
# $V_{th} = 1.2$ V, $V_{hold} = 0.6$ V and an external $C = 500$ nF that puts the period on
# the millisecond scale (a nanoscale device with pF oscillates in ns; $T \propto C$).

# %%
from neuroexplore import neurons

mott = neurons.simulate("mott", current=2.0, t_stop=30.0, dt=0.005)   # V_in = 2 V
v_in = np.linspace(0.5, 8.0, 61)
_, f_mott = neurons.fi_curve("mott", v_in, t_stop=300.0, dt=0.01, t_transient=50.0,
                             method="isi")
v_low, v_high = neurons.mott_threshold_input()
print(f"oscillation window: {v_low:.3f} V < V_in < {v_high:.3f} V")
print(f"period at 2 V: simulated {np.diff(mott.spike_times)[-1]:.9f} ms, "
      f"analytic {float(neurons.mott_period(2.0)):.9f} ms")
figs.device_neuron_figure(mott, v_in, f_mott, 1000.0 / neurons.mott_period(v_in), state="i_dev",
                          input_label="source voltage V_in (V)", thresholds=(v_low, v_high),
                          title="Mott neuron: relaxation oscillation and its f–V curve")

# %% [markdown]
# The sawtooth between $V_{hold}$ and $V_{th}$ is the membrane; the device current
# (middle, mA) carries the spikes. The rate is zero up to the threshold drive and then
# rises very steeply from zero (the charging time diverges only logarithmically at the
# threshold, as for the LIF neuron); towards the upper edge the discharge slows in the same
# way and the rate falls back to zero where the switch latches on. The dotted lines are the
# two load-line conditions; the markers are simulated, the line is $1/T$.
#
# ### 10.2 The diffusive-memristor LIF neuron (Wang *et al.*, *Nat. Electron.* 1, 137, 2018)
#
# A SiOxNy:Ag *diffusive* memristor is volatile: under a voltage, Ag atoms drift and
# build a filament; once it bridges the electrodes the device conducts; without a voltage
# the Ag cluster dissolves again (its interfacial energy drives it back into particles). In
# parallel with a capacitor and driven by a current $I$, it is a leaky integrate-and-fire
# neuron whose threshold and reset are the device's own physics. With the filament state
# $x$ (0: none, 1: bridged):
#
# $$C\frac{dv}{dt} = I - \frac{v}{R_{dev}}, \qquad
# \frac{dx}{dt} = k_{grow}\,v - \frac{x}{\tau_{relax}},$$
#
# the device switches on (a spike) when $x$ reaches 1 — $C$ discharges through $R_{on}$ —
# and off again when the filament has relaxed to $x_{off}$. From rest, $v$ charges as
# $V_\infty(1 - e^{-t/\tau_m})$ with $V_\infty = I R_{off}$, $\tau_m = R_{off} C$, and $x$
# follows in closed form; it can reach 1 only if its steady state
# $k_{grow} I R_{off}\tau_{relax}$ exceeds 1, so the **rheobase** is
# $I_{rh} = 1/(k_{grow} R_{off} \tau_{relax})$ (0.25 µA at the defaults: $C = 10$ nF,
# $R_{off} = 2$ MΩ, $R_{on} = 10$ kΩ, $k_{grow} = 1$ /(V ms), $\tau_{relax} = 2$ ms,
# $x_{off} = 0.5$; illustrative values on the millisecond scale). Below, a 1 µA step from 5 to 60 ms:
# the neuron integrates, fires, and its filament relaxes between spikes; a second run stops
# the input just after a spike and fits the filament's free decay.

# %%
diff = neurons.simulate("diffusive_memristor", current=neurons.Step(1.0, onset=5.0, offset=60.0),
                        t_stop=90.0, dt=0.01)
i_in = np.linspace(0.0, 5.0, 41)
_, f_diff = neurons.fi_curve("diffusive_memristor", i_in, t_stop=500.0, dt=0.02,
                             t_transient=100.0, method="isi")
latency = neurons.diffusive_first_spike_latency(1.0)
print(f"rheobase {neurons.diffusive_rheobase():.3f} uA; first spike after the onset: "
      f"simulated {diff.spike_times[0] - 5.0:.6f} ms, analytic {latency:.6f} ms")
# the filament's free decay: stop the input just after a spike; x_off = 0.05 keeps the
# device bridged (v clamped near 0, no growth) for three relaxation times
t_fire = neurons.diffusive_first_spike_latency(2.0, x_off=0.05)
relax = neurons.simulate("diffusive_memristor", current=neurons.Step(2.0, offset=t_fire + 0.01),
                         t_stop=t_fire + 10.0, dt=0.01, x_off=0.05)
free = (relax.t > t_fire + 1.5) & (relax.state["on"] == 1.0)
slope = np.polyfit(relax.t[free], np.log(relax.state["x"][free]), 1)[0]
print(f"filament relaxation with no input: fitted tau = {-1 / slope:.6f} ms "
      f"(tau_relax = {relax.params['tau_relax']:g} ms)")
figs.device_neuron_figure(diff, i_in, f_diff, state="x", input_label="input current (uA)",
                          thresholds=(neurons.diffusive_rheobase(),),
                          title="Diffusive memristor: integrate, fire, relax")

# %% [markdown]
# The rate grows with the input above the rheobase. While bridged, the filament still
# grows a little with the small voltage $I(R_{on}\parallel R_{off})$, which lengthens the
# refractory phase at strong drive; far above the range shown (25 µA at the defaults) it
# would hold itself on, as the Mott switch latches. Tests: the Mott period equals the
# two-phase RC formula to 10⁻⁹ at every step size and the threshold drive equals the
# load-line condition; the diffusive neuron's first-spike latency and spike train match a
# `solve_ivp` integration of the same equations, and the fitted relaxation time equals
# $\tau_{relax}$ (`tests/engines/test_neurons_devices.py`).

# %% [markdown]
# ## 11. Interactive labs
#
# `DeviceLab` drives the memristor models with any waveform and the pulse-programmed
# presets with pulse trains (and fits your own CSV); `SynapseLab` covers the synaptic
# transistor (EPSC, PPF, STP → LTP), device STDP, optoelectronic and triboelectric
# synapses; `NeuronLab` runs the two device neurons of section 10 (pick *Mott* or
# *Diffusive-memristor* in its model menu) beside the biological models. Move a slider; errors appear in the lab's message area.

# %%
from neuroexplore.widgets import DeviceLab, NeuronLab, SynapseLab

DeviceLab()

# %%
SynapseLab()

# %%
NeuronLab("mott")

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
# * Zucker & Regehr, *Annu. Rev. Physiol.* 64, 355 (2002) — PPF.
# * van de Burgt et al., *Nat. Mater.* 16, 414 (2017); Zhu et al., *Nat. Commun.* 5, 3158
#   (2014) — electrolyte-gated synapses.
# * Niu et al., *Energy Environ. Sci.* 6, 3576 (2013) — TENG theory.
# * Zamarreño-Ramos et al., *Front. Neurosci.* 5, 26 (2011); Jo et al., *Nano Lett.* 10,
#   1297 (2010) — STDP from memristors.
# * Pickett, Medeiros-Ribeiro & Williams, *Nat. Mater.* 12, 114 (2013); Yi *et al.*,
#   *Nat. Commun.* 9, 4661 (2018) — Mott (NbO₂, VO₂) threshold-switch neurons.
# * Wang *et al.*, *Nat. Mater.* 16, 101 (2017); Wang *et al.*, *Nat. Electron.* 1, 137
#   (2018) — diffusive memristors and the diffusive-memristor LIF neuron.
