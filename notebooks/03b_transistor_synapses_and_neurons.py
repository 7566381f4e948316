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
# # Chapter 3b — Synaptic transistors, light- and touch-driven synapses, device neurons
#
# This session follows the second half of chapter 3 of the review *Neuromorphic devices
# assisted by machine learning algorithms* (Huo et al., *Int. J. Extreme Manuf.* **7**,
# 042007, 2025): devices whose memory is ionic or photonic and that show short-term
# plasticity, synapses driven by light or by touch, STDP that emerges from a device, and
# neurons built from volatile switches. Every curve comes from the engines in
# `neuroexplore.devices` and `neuroexplore.neurons`; the figure helpers only draw. Units
# are SI (S, V, A, s) unless an axis says otherwise.
#
# **Learning objectives.** After this session you can
#
# * explain how ions in an electrolyte-gated transistor give short-term (EDL) and
#   long-term (doping) memory, and fit paired-pulse facilitation with two exponentials;
# * relate spike-rate-dependent plasticity and the STP → LTP transition to the ionic
#   stores, and estimate the energy of one synaptic event;
# * describe persistent photoconductivity and a triboelectric gate as presynaptic inputs;
# * derive an STDP window from overlapping spikes on a threshold device;
# * analyse a Mott threshold-switch neuron and a diffusive-memristor LIF neuron (period,
#   oscillation window, rheobase).
#
# **Prerequisites.** Session 3a (pulse-programmed devices) and chapter 1 (LIF neuron,
# f–I curves); exponential decays and RC circuits; Python with NumPy.
#
# **Estimated time.** 90 minutes: about 75 minutes for the sections, 15 minutes for
# Exercise 3.5.
#
# **Contents.** 1 synaptic transistors (EPSC, PPF, SRDP, STP → LTP, energy) ·
# 2 optoelectronic and triboelectric synapses · 3 STDP from the device · 4 device neurons
# (Mott threshold switch, diffusive memristor) · 5 interactive labs. The exercise cell ends
# with a check: replace `None` in `answer_3_5 = None` by your value and re-run the cell.

# %%
import numpy as np

from neuroexplore import devices as nd
from neuroexplore import neurons
from neuroexplore.devices.triboelectric import open_circuit_voltage
from neuroexplore.exercises import check
from neuroexplore.widgets import device_figures as figs

# %% [markdown]
# ## 1. Synaptic transistors: electrolyte/ion-gel, ECRAM, OECT
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
fig = figs.ppf_figure(intervals, ppf, ppf_fit, "P3HT/PMMA preset")
fig.for_each_trace(lambda tr: tr.update(y=np.asarray(tr.y) / 100))  # drawn as a ratio A2/A1
fig.update_yaxes(title_text="PPF = A<sub>2</sub>/A<sub>1</sub> (ratio)")

# %% [markdown]
# ### Exercise 3.5 — PPF from the fitted constants
#
# Using the fitted constants printed above (`ppf_fit.c1`, `ppf_fit.tau1`, `ppf_fit.c2`,
# `ppf_fit.tau2`), predict the PPF ratio $A_2/A_1$ for two pulses **50 ms** apart. Give a
# ratio (e.g. 1.4), as on the plot's axis, not a percentage.

# %%
answer_3_5 = None  # your value here
check("3.5", answer_3_5, fit=ppf_fit)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: evaluate the fitted double exponential at dt = 0.05 s (seconds throughout)
dt_ex = 0.05
answer_3_5 = (1 + ppf_fit.c1 * np.exp(-dt_ex / ppf_fit.tau1)
              + ppf_fit.c2 * np.exp(-dt_ex / ppf_fit.tau2))
check("3.5", answer_3_5, fit=ppf_fit)

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
# ## 2. Optoelectronic and triboelectric synapses
#
# ### 2.1 Optoelectronic synapses: persistent photoconductivity
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
# ### 2.2 Triboelectric-gated synapses: self-powered touch sensing
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
# That gate voltage drives the synaptic transistor of section 1 — no external supply: the
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
# ## 3. STDP from the device itself
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
# ## 4. Device neurons: volatile switches that integrate and fire
#
# The devices above store a weight. The review's device chapter also builds the **neuron**
# from a device: a *volatile* threshold switch that turns on above a voltage and off again
# by itself, in parallel with a capacitor that integrates. Both models below live in
# `neuroexplore.neurons` beside the biological ones (`neurons.models()`), so
# `neurons.simulate`, `neurons.fi_curve` and `NeuronLab` treat them alike. Time is in ms,
# voltage in V.
#
# ### 4.1 The Mott threshold-switch neuron (Pickett *et al.*, *Nat. Mater.* 12, 114, 2013; Yi *et al.*, *Nat. Commun.* 9, 4661, 2018)
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
mott = neurons.simulate("mott", current=2.0, t_stop=30.0, dt=0.005)   # V_in = 2 V
v_in = np.linspace(0.5, 8.0, 61)
_, f_mott = neurons.fi_curve("mott", v_in, t_stop=300.0, dt=0.01, t_transient=50.0,
                             method="isi")
v_low, v_high = neurons.mott_threshold_input()
print(f"oscillation window: {v_low:.3f} V < V_in < {v_high:.3f} V")
print(f"period at 2 V: simulated {np.diff(mott.spike_times)[-1]:.9f} ms, "
      f"analytic {float(neurons.mott_period(2.0)):.9f} ms")
figs.device_neuron_figure(mott, v_in, f_mott, 1000.0 / neurons.mott_period(v_in), state="i_dev",
                          input_label="source voltage V<sub>in</sub> (V)", thresholds=(v_low, v_high),
                          title="Mott neuron: relaxation oscillation and its f–V curve")

# %% [markdown]
# The sawtooth between $V_{hold}$ and $V_{th}$ is the membrane; the device current
# (middle, mA) carries the spikes. The rate is zero up to the threshold drive and then
# rises very steeply from zero (the charging time diverges only logarithmically at the
# threshold, as for the LIF neuron); towards the upper edge the discharge slows in the same
# way and the rate falls back to zero where the switch latches on. The dotted lines are the
# two load-line conditions; the markers are simulated, the line is $1/T$.
#
# ### 4.2 The diffusive-memristor LIF neuron (Wang *et al.*, *Nat. Electron.* 1, 137, 2018)
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
figs.device_neuron_figure(diff, i_in, f_diff, state="x", input_label="input current (µA)",
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
# ## 5. Interactive labs
#
# `SynapseLab` covers the synaptic transistor (EPSC, PPF, STP → LTP), device STDP,
# optoelectronic and triboelectric synapses; `NeuronLab` runs the two device neurons of
# section 4 (pick *Mott* or *Diffusive-memristor* in its model menu) beside the biological
# models. Move a slider; errors appear in the lab's message area.

# %%
from neuroexplore.widgets import NeuronLab, SynapseLab

SynapseLab()

# %%
NeuronLab("mott")

# %% [markdown]
# ## Summary
#
# * In an electrolyte-gated synaptic transistor a gate pulse moves ions: the double
#   layer relaxes in tens of ms (short-term memory), doping of the channel in hundreds of
#   ms, and dense trains build a long-term store (STP → LTP).
# * Paired-pulse facilitation is a ratio of two responses that decays with the pulse
#   interval, approximately as a sum of two exponentials whose time constants follow the
#   ionic stores; faster trains facilitate more.
# * Light (persistent photoconductivity) and touch (a triboelectric gate) can act as the
#   presynaptic spike, so sensing and memory sit in one device.
# * A threshold device between two neurons that emit the same spike shape turns the
#   overlap of the spikes into an STDP window.
# * A volatile threshold switch in parallel with a capacitor is an integrate-and-fire
#   neuron: the Mott neuron fires only inside a window of drives, the diffusive memristor
#   above a rheobase set by its filament dynamics.

# %% [markdown]
# ## References
#
# * Huo et al., Neuromorphic devices assisted by machine learning algorithms,
#   *Int. J. Extreme Manuf.* 7, 042007 (2025) — chapter 3.
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
