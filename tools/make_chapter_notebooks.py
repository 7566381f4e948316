"""Generate notebooks/01_biological_neurons.ipynb and notebooks/02_neural_networks.ipynb.

Run from the repository root::

    .venv/bin/python tools/make_chapter_notebooks.py

See :func:`neuroexplore.notebook_tools.write_notebook` for how cells are written.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from neuroexplore.notebook_tools import REVIEW, write_notebook  # noqa: E402

CH01: list[tuple[str, str]] = [
    ("markdown", rf"""
# Chapter 1 — Biological neurons and neuron models

Neuromorphic hardware copies the way neurons compute: a membrane that integrates
charge, ion channels that open and close with voltage, and a threshold that turns a
smooth input into an all-or-none spike. Following the first chapter of the review
({REVIEW}), this notebook goes from the cell to the models that device researchers
emulate:

1. the neuron, its ions and their reversal potentials;
2. the membrane as an RC circuit;
3. voltage-gated Na⁺ and K⁺ channels and their gating variables;
4. the Hodgkin–Huxley model and the action potential;
5. why we simplify, then the leaky integrate-and-fire (LIF), adaptive exponential
   (AdEx) and Izhikevich models, and the FitzHugh–Nagumo phase plane.

**How to use this notebook.** Run the cells from top to bottom. Figures are
interactive (zoom, hover). The three exercises end with a check: replace
`answer = None` by your value and re-run the cell; a green ✓ means right, an amber
box gives a hint. Each exercise has a collapsed *solution* cell below it.
"""),
    ("code", """
import numpy as np

from neuroexplore.exercises import ch01
from neuroexplore.neurons import Step, fi_curve, parameters, phase_plane, simulate
from neuroexplore.neurons.lif import lif_rate
from neuroexplore.widgets import figures
"""),
    ("markdown", r"""
## 1. The biological neuron and its ions

A neuron collects input on its **dendrites**, sums it on the **soma** and sends an
output spike down its **axon** to the **synapses**, where it releases transmitter
onto the next cell. The signal is electrical: the lipid membrane separates ionic
solutions of different composition, pumps keep K⁺ high inside and Na⁺ high
outside, and ion channels let ions cross.

An ion $X$ with valence $z$ is in equilibrium across the membrane when the
electrical force balances diffusion, at its **Nernst (reversal) potential**

$$E_X = \frac{RT}{zF}\,\ln\frac{[X]_\text{out}}{[X]_\text{in}},$$

with $R = 8.314$ J mol⁻¹ K⁻¹, $F = 96\,485$ C mol⁻¹ and $T$ in kelvin. For the
squid giant axon at 6.3 °C, $RT/F = 24.1$ mV, and with typical concentrations
(Hodgkin 1964; Hille, *Ion Channels of Excitable Membranes*):

| ion | inside (mM) | outside (mM) | $E_X$ (mV) |
|-----|------------:|-------------:|-----------:|
| K⁺  | 400 | 20  | $24.1 \ln(20/400) = -72$ |
| Na⁺ | 50  | 440 | $24.1 \ln(440/50) = +52$ |
| Cl⁻ | 40–150 | 560 | $-24.1 \ln(560/[\text{Cl}]_\text{in}) \approx -32$ to $-64$ |

The Hodgkin–Huxley model below uses $E_K = -77$ mV and $E_{Na} = +50$ mV, close to
these values. At rest the membrane is mostly permeable to K⁺, so the resting
potential (about −65 mV) sits near $E_K$; opening Na⁺ channels pulls $V$ towards
$E_{Na}$ — that is the upstroke of the spike.
"""),
    ("markdown", r"""
## 2. The membrane as an RC circuit

The lipid bilayer is a capacitor $C_m$; the always-open (leak) channels are a
resistor $R_m$ in series with a battery $E_L$. Kirchhoff's current law gives

$$C_m \frac{dV}{dt} = -\frac{V - E_L}{R_m} + I(t), \qquad \tau_m = R_m C_m .$$

With $R_m$ in MΩ and $I$ in nA, $R_m I$ is in mV. For a current step $I_0$ the
voltage relaxes exponentially, $V(t) = E_L + R_m I_0\,(1 - e^{-t/\tau_m})$, and
decays back with the same $\tau_m$ when the step ends. Below, the LIF engine with
$\tau_m = 10$ ms and $R_m = 10$ MΩ receives 1 nA: the steady depolarisation
$R_m I_0 = 10$ mV stays below the 15 mV needed to fire, so we see the bare RC
charging curve.
"""),
    ("code", """
rc = simulate("lif", current=Step(1.0, onset=10.0, offset=70.0), t_stop=120.0, dt=0.05)
figures.trace_figure(rc, title="Membrane as an RC circuit: 1 nA step, tau_m = 10 ms, R I = 10 mV")
"""),
    ("markdown", r"""
After one time constant (t = 20 ms, 10 ms after the onset) $V$ has covered
$1 - e^{-1} = 63\,\%$ of the 10 mV; after the step it decays with the same
$\tau_m$. A passive membrane is a low-pass filter — it integrates its input.

## 3. Voltage-gated Na⁺ and K⁺ channels

Hodgkin and Huxley (1952) found that the Na⁺ and K⁺ conductances depend on voltage
and time. They wrote each as a maximal conductance times the probability that the
channel is open, built from independent **gating variables** $x \in \{m, h, n\}$:

$$g_{Na} = \bar g_{Na}\, m^3 h, \qquad g_K = \bar g_K\, n^4,$$

$$\frac{dx}{dt} = \alpha_x(V)\,(1 - x) - \beta_x(V)\,x
= \frac{x_\infty(V) - x}{\tau_x(V)}, \quad
x_\infty = \frac{\alpha_x}{\alpha_x + \beta_x}, \quad \tau_x = \frac{1}{\alpha_x + \beta_x},$$

with the fitted rates (V in mV, rates in ms⁻¹, 6.3 °C)

$$\alpha_m = \frac{0.1(V+40)}{1 - e^{-(V+40)/10}},\ \beta_m = 4e^{-(V+65)/18},\quad
\alpha_h = 0.07e^{-(V+65)/20},\ \beta_h = \frac{1}{1 + e^{-(V+35)/10}},$$
$$\alpha_n = \frac{0.01(V+55)}{1 - e^{-(V+55)/10}},\ \beta_n = 0.125e^{-(V+65)/80}.$$

$m$ is Na⁺ **activation**, $h$ Na⁺ **inactivation** and $n$ K⁺ activation. The figure
plots $x_\infty(V)$ and $\tau_x(V)$ from the engine's rate functions.
"""),
    ("code", """
figures.gating_figure()
"""),
    ("markdown", r"""
Read the figure: $m_\infty$ and $n_\infty$ rise with depolarisation, $h_\infty$ falls.
$m$ is fast ($\tau_m < 0.5$ ms) while $h$ and $n$ take several milliseconds. A
depolarisation therefore opens Na⁺ channels first (positive feedback: more Na⁺
current, more depolarisation) and only later closes them ($h \to 0$) and opens K⁺
channels ($n \to 1$), which repolarise the membrane.

## 4. The Hodgkin–Huxley model

With the membrane equation of section 2 and the two voltage-gated currents,

$$C \frac{dV}{dt} = I - \bar g_{Na} m^3 h\,(V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L),$$

$C = 1$ µF/cm², $\bar g_{Na} = 120$, $\bar g_K = 36$, $g_L = 0.3$ mS/cm²,
$E_{Na} = 50$, $E_K = -77$, $E_L = -54.387$ mV (Hodgkin & Huxley 1952, Eq. 26 and
Table 3, rest shifted to −65 mV), current density $I$ in µA/cm². Below: 60 ms at a
constant 10 µA/cm² (Runge–Kutta 4, dt = 0.01 ms), with $m, h, n$ in the middle panel.
"""),
    ("code", """
hh = simulate("hh", current=10.0, t_stop=60.0)
figures.trace_figure(hh)
"""),
    ("markdown", r"""
Each spike follows the same sequence: $m$ jumps up within a fraction of a
millisecond and $V$ shoots towards $E_{Na}$; $h$ falls and $n$ rises more slowly,
the Na⁺ current shuts off and the K⁺ current pulls $V$ below rest
(after-hyperpolarisation). While $h$ is low and $n$ high the cell cannot fire again
(refractoriness), which sets a maximal rate. A constant current thus becomes a
periodic spike train.

How far up does repetitive firing go? Above about 62 µA/cm² the spikes no longer
overshoot 0 mV (at 100 µA/cm² they swing between −60 and −20 mV), but they are still
spikes: the engine counts each peak of $V$ above −50 mV that rose at least 5 mV from
the preceding trough. The rate keeps rising until the swing shrinks to nothing at the
*depolarisation block*: the resting state becomes stable again at a Hopf bifurcation
near 154.5 µA/cm² (Rinzel & Miller 1980), and firing stops just below it, at about
153 µA/cm² (at 6.3 °C; a warmer axon, with gates faster by $3^{(T-6.3)/10}$, blocks at
another current).
"""),
    ("code", """
I_hh = np.linspace(0.0, 180.0, 61)
_, f_hh = fi_curve("hh", I_hh, t_stop=600.0, t_transient=300.0, method="isi")
figures.fi_figure(I_hh, f_hh, unit="µA/cm²",
                  title="Hodgkin–Huxley: firing from ~7 µA/cm² up to depolarisation block")
"""),
    ("markdown", r"""

### Exercise 1 — the Hodgkin–Huxley firing rate

What is the steady firing rate (in Hz) of the Hodgkin–Huxley neuron at a constant
10 µA/cm²? Simulate long enough (≈ 1 s), ignore the first ~200 ms, and use the
inter-spike intervals (`trace.isi()`, in ms) or count spikes (`trace.rates(...)`).
Answers within 5 % are accepted.
"""),
    ("code", """
answer = None  # your value here, in Hz
ch01.check_hh_rate(answer)
"""),
    ("code", """
# Solution: 1000 / mean inter-spike interval after a 200 ms transient
_, rate = fi_curve("hh", [10.0], t_stop=1000.0, t_transient=200.0, method="isi")
ch01.check_hh_rate(rate[0])
"""),
    ("markdown", r"""
## 5. Why simplify?

Hodgkin–Huxley is biophysically faithful but expensive: four coupled, stiff ODEs
that need $dt \approx 0.01$ ms. Izhikevich (2004) estimated about 1200 floating-point
operations per simulated millisecond for HH against ~5 for an integrate-and-fire
neuron and ~13 for his simple model. Yet the spike *shape* is stereotyped — the
information is in the spike *times*. Reduced models keep the timing and drop the
shape; they are easier to analyse, to simulate by the million, and to build in
hardware, where a capacitor (or a volatile memristor) integrates and a threshold
device fires — the device neurons discussed in the review (for example the NbO₂
Mott "neuristor" of Pickett *et al.* 2013, which reproduces HH-like spiking).

## 6. The leaky integrate-and-fire (LIF) neuron

Keep the RC membrane of section 2 and add a threshold (Lapicque 1907; Gerstner
*et al.*, *Neuronal Dynamics*, 2014, Ch. 1):

$$\tau_m \frac{dV}{dt} = -(V - E_L) + R I(t), \qquad V \ge V_{th} \Rightarrow
\text{spike},\ V \leftarrow V_{reset} \text{ for } t_{ref}.$$

For a constant current the time to climb from $V_{reset}$ to $V_{th}$ is
solvable, so the rate is analytic:

$$f(I) = \left[t_{ref} + \tau_m \ln\frac{R I + E_L - V_{reset}}{R I + E_L - V_{th}}\right]^{-1}
\quad (R I > V_{th} - E_L), \qquad f = 0 \text{ otherwise}.$$

The engine integrates exactly between spikes, so simulation and formula agree to
rounding. Defaults: $\tau_m = 10$ ms, $R = 10$ MΩ, $E_L = V_{reset} = -65$ mV,
$V_{th} = -50$ mV, $t_{ref} = 2$ ms.
"""),
    ("code", """
lif = simulate("lif", current=2.0, t_stop=200.0)
figures.trace_figure(lif, title="LIF at 2 nA (ticks mark the spikes; the trace shows the reset)")
"""),
    ("code", """
I = np.linspace(0.0, 5.0, 26)
_, f_sim = fi_curve("lif", I, t_stop=1000.0, method="isi")
I_fine = np.linspace(0.0, 5.0, 501)
print(f"largest |simulation - formula| = {np.max(np.abs(f_sim - lif_rate(I))):.2e} Hz")
figures.fi_figure(I, f_sim, analytic=(I_fine, lif_rate(I_fine)), unit="nA",
                  title="LIF f-I curve: simulation (dots) and analytic formula (line)")
"""),
    ("markdown", r"""
### Exercise 2 — the LIF rheobase

The **rheobase** is the smallest constant current that ever makes the neuron fire.
Derive it from the LIF parameters above (in nA) — look at the condition under the
f–I formula.
"""),
    ("code", """
answer = None  # your value here, in nA
ch01.check_lif_rheobase(answer)
"""),
    ("code", """
# Solution: the steady state E_L + R I must reach V_th, so I_rh = (V_th - E_L) / R
p = {spec.name: spec.default for spec in parameters("lif")}
ch01.check_lif_rheobase((p["V_th"] - p["E_L"]) / p["R"])
"""),
    ("markdown", r"""
## 7. The adaptive exponential integrate-and-fire (AdEx) model

LIF has a hard threshold and no memory of past spikes. Brette & Gerstner (2005) add
a smooth exponential spike initiation and an adaptation current $w$ (C in pF,
conductances in nS, voltages in mV, currents in pA, time in ms):

$$C\frac{dV}{dt} = -g_L (V - E_L) + g_L \Delta_T\, e^{(V - V_T)/\Delta_T} - w + I, \qquad
\tau_w \frac{dw}{dt} = a (V - E_L) - w,$$

and at a spike ($V \ge V_{peak}$): $V \leftarrow V_r$, $w \leftarrow w + b$. Two
extra parameters — subthreshold coupling $a$ and spike-triggered jump $b$ — with
the time scale $\tau_w$ and the reset $V_r$ produce most cortical firing patterns.
Naud *et al.* (2008, Table 1) listed parameter sets for each; here they are, each
with its step current from the table.
"""),
    ("code", """
figures.presets_figure("adex", t_stop=500.0)
"""),
    ("markdown", r"""
*Tonic* spiking is regular; *adapting* slows down as $w$ builds up; *initial burst*
fires a quick burst, then regular spikes; *bursting* alternates bursts and pauses
(its reset $V_r$ is high, close to threshold); *irregular* mixes single spikes and
doublets without a fixed period; *transient* fires once and falls silent;
*delayed accelerating* and *delayed bursting* start late: with $a < 0$ a
depolarisation lowers $w$, a slow positive feedback that takes time to build up.

## 8. The Izhikevich model

Izhikevich (2003) kept only the quadratic part of the spike upstroke and a linear
recovery variable $u$ (v in mV, t in ms, $I$ and $u$ dimensionless):

$$v' = 0.04 v^2 + 5 v + 140 - u + I, \qquad u' = a (b v - u), \qquad
v \ge 30\ \text{mV} \Rightarrow v \leftarrow c,\ u \leftarrow u + d .$$

Four numbers select a cell class (Izhikevich 2003, Fig. 2): regular spiking (RS),
intrinsically bursting (IB), chattering (CH), fast spiking (FS), low-threshold
spiking (LTS), thalamo-cortical (TC) and resonator (RZ). All seven run below as one
vectorised population with a step $I = 10$.
"""),
    ("code", """
figures.presets_figure("izhikevich", t_stop=300.0)
"""),
    ("markdown", r"""
RS adapts, IB starts with a burst then fires single spikes, CH fires bursts
repeatedly (a high reset $c = -50$ mV and a small $d$), FS fires fast without
adaptation. With a plain step TC and RZ look like tonic spikers: their signatures
need other stimuli. Each preset therefore declares the protocol that shows its
behaviour (`stimulus_protocol("izhikevich", name)`; the lab loads it with the preset):
TC is held hyperpolarised and fires a **rebound burst** on release; RZ gets two
brief pulses 40 ms apart — the period of its damped subthreshold oscillation — and
fires, although one pulse, or two 20 ms apart, would not (**resonance**;
Izhikevich 2004 catalogues 20 such features).
"""),
    ("code", """
figures.protocols_figure("izhikevich")
"""),
    ("markdown", r"""

## 9. FitzHugh–Nagumo: a spike in the phase plane

FitzHugh (1961) and Nagumo *et al.* (1962) reduced excitability to two
dimensionless variables, a fast voltage-like $v$ and a slow recovery $w$:

$$\frac{dv}{dt} = v - \frac{v^3}{3} - w + I, \qquad \tau \frac{dw}{dt} = v + a - b w,
\qquad a = 0.7,\ b = 0.8,\ \tau = 12.5 .$$

In the $(v, w)$ plane the **$v$-nullcline** $w = v - v^3/3 + I$ is a cubic and the
**$w$-nullcline** $w = (v + a)/b$ a line; the fixed point sits where they cross. At
$I = 0$ it lies on the left branch and is stable: the neuron rests. A short
supra-threshold pulse (here $I = 1$ for 2 time units) throws the state across the
middle branch and it makes one large excursion — a spike — before returning.
"""),
    ("code", """
kick = simulate("fhn", current=Step(1.0, onset=5.0, offset=7.0), t_stop=100.0)
figures.phase_plane_figure(phase_plane("fhn", current=0.0, w_range=(-1.0, 2.0)), kick,
                           title="FitzHugh-Nagumo at I = 0: excitable rest, one pulse, one spike")
"""),
    ("markdown", r"""
Increasing $I$ lifts the cubic; the fixed point slides towards the middle branch,
where it becomes unstable and a **limit cycle** — periodic spiking — appears. At
$I = 0.5$:
"""),
    ("code", """
cycle = simulate("fhn", current=0.5, t_stop=200.0)
figures.phase_plane_figure(phase_plane("fhn", current=0.5, w_range=(-1.0, 2.0)), cycle)
"""),
    ("code", """
I_fhn = np.linspace(0.0, 1.6, 33)
_, f_fhn = fi_curve("fhn", I_fhn, t_stop=2000.0)
figures.fi_figure(I_fhn, f_fhn, title="FitzHugh-Nagumo: oscillation appears and disappears",
                  label="simulation (spikes per 1000 time units)")
"""),
    ("markdown", r"""
The rate jumps from zero to a finite value: a **Hopf bifurcation**, where the pair
of complex eigenvalues of the Jacobian at the fixed point crosses the imaginary
axis. At a fixed point $v^*$,

$$J = \begin{pmatrix} 1 - v^{*2} & -1 \\ 1/\tau & -b/\tau \end{pmatrix}, \qquad
\operatorname{tr} J = 1 - v^{*2} - \frac{b}{\tau}, \quad
\det J = \frac{1 - b\,(1 - v^{*2})}{\tau}.$$

### Exercise 3 — the Hopf current

Find the current $I_H$ at which the rest state loses stability (the lower Hopf
point) for $a = 0.7$, $b = 0.8$, $\tau = 12.5$. Hint: set $\operatorname{tr} J = 0$,
then use the fixed-point condition. (Answers within 3 % are accepted; the
simulation above starts oscillating a little earlier, because near $I_H$ a stable
rest state and a large limit cycle coexist.)
"""),
    ("code", """
answer = None  # your value here (dimensionless current)
ch01.check_fhn_hopf_current(answer)
"""),
    ("code", """
# Solution: tr J = 0 on the left branch, then v' = 0 with w = (v + a) / b
a, b, tau = 0.7, 0.8, 12.5
v_star = -np.sqrt(1.0 - b / tau)
I_hopf = v_star**3 / 3.0 - v_star + (v_star + a) / b
# cross-check with the engine: where the largest real part of the eigenvalues crosses 0
from scipy.optimize import brentq

I_numeric = brentq(lambda I: phase_plane("fhn", current=I).fixed_points[0].eigenvalues.real.max(),
                   0.0, 1.0)
print(f"I_H (theory) = {I_hopf:.5f}, I_H (eigenvalues) = {I_numeric:.5f}")
ch01.check_fhn_hopf_current(I_hopf)
"""),
    ("markdown", r"""
## 10. Explore: the neuron lab

Every model of this chapter, with sliders built from the engine's parameter
ranges: change the model, preset, stimulus and parameters and watch the voltage
trace, the phase plane (2-D models) and the f–I curve update. Things to try: lower
$\bar g_K$ in Hodgkin–Huxley, or drive it past 153 µA/cm² into block; raise $b$ in
AdEx *tonic*; pick the Izhikevich TC or RZ preset (each loads its signature
protocol), then change RZ's pulse frequency from 25 to 50 Hz; $I$ near 0.33 in
FitzHugh–Nagumo.
"""),
    ("code", """
from neuroexplore.widgets import NeuronLab

NeuronLab()
"""),
    ("markdown", rf"""
## Summary

* Ion gradients set reversal potentials (Nernst); the membrane is an RC circuit.
* Voltage-gated Na⁺ (fast activation $m$, slow inactivation $h$) and K⁺ ($n$)
  channels make the all-or-none action potential (Hodgkin–Huxley).
* Reduced models keep spike timing: LIF (analytic f–I, rheobase
  $(V_{{th}} - E_L)/R$), AdEx (adaptation, Naud's firing patterns), Izhikevich (cell
  classes from four numbers), FitzHugh–Nagumo (geometry of excitability; the
  onset of oscillation is a Hopf bifurcation).

## References

* A. L. Hodgkin & A. F. Huxley, *J. Physiol.* **117**, 500 (1952).
* A. L. Hodgkin, *The Conduction of the Nervous Impulse*, Liverpool Univ. Press (1964);
  B. Hille, *Ion Channels of Excitable Membranes*, 3rd ed., Sinauer (2001).
* L. Lapicque, *J. Physiol. Pathol. Gén.* **9**, 620 (1907); W. Gerstner, W. M. Kistler,
  R. Naud & L. Paninski, *Neuronal Dynamics*, Cambridge Univ. Press (2014).
* R. Brette & W. Gerstner, *J. Neurophysiol.* **94**, 3637 (2005).
* R. Naud, N. Marcille, C. Clopath & W. Gerstner, *Biol. Cybern.* **99**, 335 (2008).
* E. M. Izhikevich, *IEEE Trans. Neural Netw.* **14**, 1569 (2003); **15**, 1063 (2004).
* J. Rinzel & R. N. Miller, *Math. Biosci.* **49**, 27 (1980) (HH's Hopf bifurcations).
* R. FitzHugh, *Biophys. J.* **1**, 445 (1961); J. Nagumo, S. Arimoto & S. Yoshizawa,
  *Proc. IRE* **50**, 2061 (1962).
* M. D. Pickett, G. Medeiros-Ribeiro & R. S. Williams, *Nat. Mater.* **12**, 114 (2013).
* {REVIEW}.
"""),
]

CH02: list[tuple[str, str]] = [
    ("markdown", rf"""
# Chapter 2 — Information processing in simple neural networks

Chapter 1 built single neurons. Here they are connected and learn. Following
chapter 2 of the review ({REVIEW}), we go from
the McCulloch–Pitts threshold unit to learning rules that memristive and
synaptic-transistor devices are built to implement:

1. the McCulloch–Pitts unit and Boolean logic;
2. Rosenblatt's perceptron, its learning rule and convergence theorem;
3. XOR and linear separability — the limit of one layer;
4. the multilayer perceptron trained by backpropagation;
5. Hebbian learning and Oja's rule, which finds the principal component;
6. spike-timing-dependent plasticity (STDP);
7. a small spiking network of excitatory and inhibitory neurons.

**How to use this notebook.** Run the cells from top to bottom. The three exercises
end with a check: replace `answer = None` and re-run the cell (green ✓ = right,
amber = hint). Each has a collapsed *solution* cell below it.
"""),
    ("code", """
import numpy as np

from neuroexplore.exercises import ch02
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
"""),
    ("markdown", r"""
## 1. The McCulloch–Pitts unit

McCulloch & Pitts (1943) abstracted a neuron to a threshold gate on binary inputs:

$$y = H\Big(\sum_i w_i x_i - \theta\Big), \qquad
H(z) = \begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}.$$

With suitable weights and threshold one unit computes AND, OR or NOR, and networks
of such units compute any Boolean function. In hardware the weighted sum is what a
memristor crossbar computes in one step (Ohm's and Kirchhoff's laws), and the
threshold is the neuron circuit.
"""),
    ("code", """
X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
units = {"AND": ([1, 1], 2), "OR": ([1, 1], 1), "NOR": ([-1, -1], 0)}
for gate, (weights, theta) in units.items():
    print(f"{gate:4s} w = {weights}, theta = {theta:2d}:  inputs 00 01 10 11 -> "
          f"{mcculloch_pitts(X4, weights, theta)}")
"""),
    ("markdown", r"""
## 2. The perceptron learns its weights

Rosenblatt (1958) made the weights learnable. With labels $t = \pm 1$ and the output
$\operatorname{sign}(\mathbf w\cdot\mathbf x + b)$, every misclassified example moves the
boundary towards it:

$$\mathbf w \leftarrow \mathbf w + \eta\, t\, \mathbf x, \qquad b \leftarrow b + \eta\, t .$$

**Convergence theorem** (Novikoff 1962): if some hyperplane separates the data with
margin $\gamma$ and all (augmented) inputs have norm $\le R$, the perceptron makes
at most $(R/\gamma)^2$ updates — whatever $\eta$ and the order of presentation.
Below: AND with noisy inputs (40 points).
"""),
    ("code", """
X_and, y_and = logic_gate("AND", noise=0.08, n=40, seed=1)
res_and = train_perceptron(X_and, y_and, epochs=100, seed=0)
sep = linear_separability(X_and, y_and)
print(f"updates made: {res_and.n_updates}; Novikoff bound (R/gamma)^2 = {sep.novikoff_bound:.0f}")
figures.perceptron_figure(X_and, y_and, res_and)
"""),
    ("markdown", r"""
## 3. XOR and linear separability

One perceptron draws one straight line. XOR puts (0,1) and (1,0) in one class and
(0,0), (1,1) in the other — no line separates them. Minsky & Papert (1969) made
this limit famous. The number of mistakes per epoch shows it: for AND and OR it
drops to zero (convergence); for XOR it never does.
"""),
    ("code", """
runs = {gate: train_perceptron(*logic_gate(gate), epochs=30, seed=0)
        for gate in ("AND", "OR", "XOR")}
figures.errors_figure(runs)
"""),
    ("markdown", r"""
### Exercise 1 — what can one perceptron learn?

Of the two-input gates AND, OR, NAND, NOR and XOR, which can a single perceptron
learn? Give a list of names, e.g. `["AND"]`.
"""),
    ("code", """
answer = None  # your list of gates here, e.g. ["AND", ...]
ch02.check_perceptron_gates(answer)
"""),
    ("code", """
# Solution: exactly the linearly separable truth tables (decided by linear programming)
for gate in ch02.GATES:
    s = linear_separability(*logic_gate(gate))
    print(f"{gate:5s} separable = {s.separable}, margin = {s.margin:.3f}")
learnable = [g for g in ch02.GATES if linear_separability(*logic_gate(g)).separable]
ch02.check_perceptron_gates(learnable)
"""),
    ("markdown", r"""
## 4. The multilayer perceptron and backpropagation

A hidden layer bends the boundary. For layers $l = 1 \dots L$,
$\mathbf z^{(l)} = \mathbf a^{(l-1)} W^{(l)} + \mathbf b^{(l)}$,
$\mathbf a^{(l)} = f(\mathbf z^{(l)})$ with a smooth $f$ (here $\tanh$), and a softmax
output with cross-entropy loss $\mathcal L$. Backpropagation (Rumelhart, Hinton &
Williams 1986) gets every gradient from one backward sweep:

$$\delta^{(L)} = \frac{\partial\mathcal L}{\partial \mathbf z^{(L)}}, \qquad
\delta^{(l)} = \big(\delta^{(l+1)} W^{(l+1)\top}\big) \odot f'(\mathbf z^{(l)}), \qquad
\frac{\partial \mathcal L}{\partial W^{(l)}} = \mathbf a^{(l-1)\top} \delta^{(l)},$$

followed by a gradient step with momentum. Four hidden units solve XOR:
"""),
    ("code", """
X_xor, y_xor = logic_gate("XOR")
mlp_xor = train_mlp(X_xor, y_xor, hidden=(4,), lr=0.5, epochs=500, batch_size=4, seed=1)
figures.decision_surface_figure(mlp_xor, X_xor, y_xor)
"""),
    ("markdown", r"""
The same algorithm scales to real data. scikit-learn's bundled 8 × 8 handwritten
digits (1797 images, 64 pixels, 10 classes; 75 % for training, 25 % held out) —
20 epochs with 32 hidden units take about a second:
"""),
    ("code", """
digits = digits_split(test_size=0.25, seed=0)
mlp_digits = train_mlp(digits.x_train, digits.y_train, hidden=(32,), lr=0.1, epochs=20,
                       validation=(digits.x_test, digits.y_test), seed=0)
figures.learning_curve_figure(mlp_digits)
"""),
    ("markdown", r"""
## 5. Hebbian learning and Oja's rule

"Cells that fire together wire together" (Hebb 1949): for a linear neuron
$y = \mathbf w\cdot\mathbf x$ the plain Hebb rule is $\Delta\mathbf w = \eta\, y\,\mathbf x$.
On average $\dot{\mathbf w} = C\mathbf w$ with $C = \langle \mathbf x \mathbf x^\top\rangle$,
so $\mathbf w$ turns towards the leading eigenvector of $C$ but its norm grows
without bound. Oja (1982) added a decay that keeps $\|\mathbf w\| \to 1$:

$$\Delta\mathbf w = \eta\, y\,(\mathbf x - y\,\mathbf w).$$

Its stable fixed point is the unit-norm **principal component** $\pm\mathbf e_1$: a
single neuron performs PCA. Inputs: 1000 samples of a 2-D Gaussian elongated
along 30°.
"""),
    ("code", """
cloud = gaussian_cloud(1000, angle=30.0, std_major=1.0, std_minor=0.3, seed=0)
oja = hebbian_learning(cloud, rule="oja", lr=0.005, epochs=5, seed=0)
hebb = hebbian_learning(cloud, rule="hebb", lr=0.005, epochs=5, seed=0)
print(f"Oja: |w| = {oja.norms[-1]:.3f}, w = {np.round(oja.final, 3)}; "
      f"Hebb diverged: {hebb.diverged} (|w| = {hebb.norms[-1]:.1e})")
figures.hebbian_figure(cloud, {"Oja": oja, "Hebb": hebb})
"""),
    ("markdown", r"""
Oja's weight vector ends on the dashed principal axis with unit length; plain Hebb
points the same way but its norm explodes (the run stops at $|\mathbf w| = 10^6$).

## 6. Spike-timing-dependent plasticity (STDP)

In real synapses the *order* of spikes matters. Bi & Poo (1998) paired pre- and
postsynaptic spikes 60 times at 1 Hz in hippocampal cultures: pre-before-post
($\Delta t = t_{post} - t_{pre} > 0$) potentiated the synapse, post-before-pre
depressed it, within a window of a few tens of milliseconds. The pair rule
(Song, Miller & Abbott 2000)

$$\Delta w = \begin{cases} A_+\, e^{-\Delta t/\tau_+} & \Delta t > 0\\
-A_-\, e^{\Delta t/\tau_-} & \Delta t \le 0\end{cases}$$

with $\tau_+ = 16.8$ ms and $\tau_- = 33.7$ ms (the fit of Bi & Poo 2001 to
their data, as tabulated by Pfister & Gerstner 2006) and $A_+ = 0.005$.

**The balance of the window.** What decides whether uncorrelated firing strengthens
or weakens a synapse is the window's integral, $\int W\,d\Delta t = A_+\tau_+ -
A_-\tau_-$: the areas under the two branches. Song *et al.* chose $A_-/A_+ = 1.05$
with $\tau_+ = \tau_- = 20$ ms, so depression's area is 5 % larger than
potentiation's. With Bi & Poo's unequal time constants the same *amplitude* ratio
would make depression's area $1.05 \times 33.7/16.8 = 2.1$ times potentiation's
($\int W = -0.093$ ms). The engine therefore declares the *area* ratio
$r = A_-\tau_-/(A_+\tau_+) = 1.05$ (`area_ratio`) and derives
$A_- = r A_+ \tau_+/\tau_- = 0.0026$ (`depression_amplitude`), so that
$\int W = A_+\tau_+(1 - r) = -0.0042$ ms (`window_integral`).

Dots: the online trace implementation run through the same
60-pair, 1 Hz protocol, divided by 60 — at 1 Hz the pairs do not interact, so they
fall on the window. Many memristive and synaptic-transistor devices reproduce this
window with overlapping voltage pulses (see the device chapters).
"""),
    ("code", """
dt_curve = np.concatenate([np.linspace(-100.0, -0.01, 300), np.linspace(0.01, 100.0, 300)])
dt_pairs = np.linspace(-80.0, 80.0, 17)
protocol = pair_protocol(dt_pairs, n_pairs=60, frequency=1.0)
print(f"A- = {depression_amplitude():.5f}, integral of W = {window_integral():.4f} ms "
      f"(with A- = 1.05 A+: {window_integral(area_ratio=1.05 * 33.7 / 16.8):.4f} ms)")
figures.stdp_figure((dt_curve, stdp_window(delta_t_ms=dt_curve)),
                    protocol=(dt_pairs, protocol.dw_total / 60),
                    title="STDP window (line) and 60-pair protocol at 1 Hz (dots)")
"""),
    ("markdown", r"""
### Exercise 2 — one pair, post before pre

With the default window above, by how much does the weight change for **one**
pair in which the postsynaptic spike comes 20 ms *before* the presynaptic one?
Mind the sign of $\Delta t$ and of $\Delta w$. (2 % tolerance.)
"""),
    ("code", """
answer = None  # your value here (dimensionless weight change)
ch02.check_stdp_dw(answer, delta_t=-20.0)
"""),
    ("code", """
# Solution: dt = t_post - t_pre = -20 ms is on the depression branch, -A- exp(dt / tau-)
A_minus = 1.05 * 0.005 * 16.8 / 33.7  # A- tau- = 1.05 A+ tau+
print(f"-{A_minus:.6f} * exp(-20 / 33.7) = {-A_minus * np.exp(-20.0 / 33.7):.3e}")
ch02.check_stdp_dw(stdp_window(delta_t_ms=-20.0), delta_t=-20.0)
"""),
    ("markdown", r"""
## 7. A small excitatory–inhibitory spiking network

Brunel (2000) studied sparse networks of LIF neurons: $N_E = 4 N_I$, each pair
connected with probability $\epsilon$ (here 400 + 100 neurons, $\epsilon = 0.1$),
excitatory synapses making $V$ jump by $J = 1$ mV after a delay $D = 1.5$ ms and
inhibitory ones by $-gJ$, plus external Poisson input with mean drive
$\eta\theta$ ($\eta = 2$):

$$\tau_m \dot V_i = -V_i + \mu_{ext} + \tau_m \sum_j J_{ij} \sum_k \delta(t - t_j^k - D),
\qquad \tau_m = 20\ \text{ms},\ \theta = 20\ \text{mV},\ V_r = 10\ \text{mV}.$$

With four times more excitatory neurons, $g = 4$ balances excitation and
inhibition on average. The raster at $g = 5$ (inhibition-dominated):
"""),
    ("code", """
net = simulate_ei_network(g=5.0, t_stop=300.0, seed=0)
figures.raster_figure(net)
"""),
    ("markdown", r"""
### Exercise 3 — more inhibition

Predict, then test: as the relative inhibitory strength $g$ grows from 3 to 7, does
the network's mean firing rate `"increases"`, `"decreases"` or stay `"unchanged"`?
You can run `simulate_ei_network(g=..., t_stop=300.0, seed=0).mean_rate()` yourself.
"""),
    ("code", """
answer = None  # "increases", "decreases" or "unchanged"
ch02.check_rate_vs_g(answer)
"""),
    ("code", """
# Solution: sweep g (same seed: same connectivity and drive) and compare the rates
g_values = np.array([2.0, 3.0, 4.0, 5.0, 6.0, 8.0])
sweep = [simulate_ei_network(g=g, t_stop=300.0, seed=0) for g in g_values]
rates = {"excitatory": [n.mean_rate("exc") for n in sweep],
         "inhibitory": [n.mean_rate("inh") for n in sweep]}
display(figures.sweep_figure(g_values, rates, xlabel="relative inhibition g",
                             ylabel="mean rate (Hz)", title="E/I network: rate versus g"))
ch02.check_rate_vs_g("decreases" if rates["excitatory"][-1] < rates["excitatory"][0]
                     else "increases")
"""),
    ("markdown", r"""
At small $g$ excitation runs away and neurons fire near their maximal rate
$1/(t_{ref} + D)$; as $g$ passes the balance point the recurrent input becomes net
inhibitory, the rate falls and the spiking becomes irregular (higher ISI
coefficient of variation) — Brunel's asynchronous irregular regime, here in a
small network with visible finite-size fluctuations.

## 8. Explore: the network lab

Perceptron boundaries and an MLP on any gate, Oja's rule on your own cloud, the
STDP window and protocol, and the E/I network raster under sliders.
"""),
    ("code", """
from neuroexplore.widgets import NetworkLab

NetworkLab()
"""),
    ("markdown", rf"""
## Summary

* A threshold unit computes logic; a perceptron *learns* any linearly separable
  function in at most $(R/\gamma)^2$ updates, but not XOR.
* A hidden layer trained by backpropagation solves XOR and classifies digits.
* Hebbian learning finds correlations; Oja's normalisation turns it into PCA.
* STDP makes plasticity depend on spike order; the pair window fits Bi & Poo's data.
* Recurrent inhibition ($g$) controls the rate and regularity of a spiking network.

## References

* W. S. McCulloch & W. Pitts, *Bull. Math. Biophys.* **5**, 115 (1943).
* F. Rosenblatt, *Psychol. Rev.* **65**, 386 (1958); A. B. J. Novikoff, *Proc. Symp.
  Math. Theory of Automata* **12**, 615 (1962).
* M. Minsky & S. Papert, *Perceptrons*, MIT Press (1969).
* D. E. Rumelhart, G. E. Hinton & R. J. Williams, *Nature* **323**, 533 (1986).
* D. O. Hebb, *The Organization of Behavior*, Wiley (1949); E. Oja, *J. Math. Biol.*
  **15**, 267 (1982).
* G.-Q. Bi & M.-M. Poo, *J. Neurosci.* **18**, 10464 (1998); *Annu. Rev. Neurosci.*
  **24**, 139 (2001); S. Song, K. D. Miller & L. F. Abbott, *Nat. Neurosci.* **3**, 919
  (2000); J.-P. Pfister & W. Gerstner, *J. Neurosci.* **26**, 9673 (2006).
* N. Brunel, *J. Comput. Neurosci.* **8**, 183 (2000).
* {REVIEW}.
"""),
]

NOTEBOOKS = {
    "notebooks/01_biological_neurons.ipynb": CH01,
    "notebooks/02_neural_networks.ipynb": CH02,
}


def main() -> None:
    for rel, cells in NOTEBOOKS.items():
        path = ROOT / rel
        path.parent.mkdir(exist_ok=True)
        write_notebook(path, cells)
        print(f"wrote {rel} ({len(cells)} cells)")


if __name__ == "__main__":
    main()
