"""Chapter 6, section 4: unsupervised STDP learning of digits with device synapses."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 4. Unsupervised STDP learning of digit prototypes

Can a network *without labels* learn what digits look like, using only the local
timing rule of its synapses? Diehl & Cook (*Front. Comput. Neurosci.* **9**, 99,
2015) showed that it can: 100 leaky integrate-and-fire neurons with STDP synapses,
lateral inhibition and an adaptive threshold reach 82.9 % on MNIST, each neuron
becoming the prototype of one way of writing a digit. Querlioz *et al.* (*IEEE
Trans. Nanotechnol.* **12**, 288, 2013) ran the same idea on memristive synapses —
the device's conductance *is* the weight, and each STDP event is a programming pulse.
Here a reduced version runs on scikit-learn's 8×8 digits with the published devices
of chapter 3.

**Input.** Each of the 64 pixels is a Poisson spike train with rate
$r_i = I_i\,r_\max$ (intensity $I_i\in[0,1]$) for 350 ms; a digit that evokes fewer
than 5 output spikes is shown again 32 Hz brighter (Diehl & Cook's rule).

**Neurons** (mV, ms; conductances in units of the leak):

$$\tau_m\frac{dV_j}{dt} = (E_\text{rest}-V_j) + g_{e,j}(E_\text{exc}-V_j)
+ g_{i,j}(E_\text{inh}-V_j),\qquad \tau_e\dot g_e = -g_e,\ \tau_i \dot g_i = -g_i,$$

with $\tau_m = 100$, $E_\text{rest} = -65$, $E_\text{exc} = 0$, $E_\text{inh} = -100$,
$\tau_e = 1$, $\tau_i = 2$. An input spike of pixel $i$ raises $g_{e,j}$ by the weight
$w_{ij}$. Neuron $j$ fires when $V_j > V_\text{th} + \theta_j$ ($V_\text{th} = -52$ mV)
and is reset to $-65$ mV for 5 ms.

* **Adaptive threshold** (homeostasis): $\theta_j \mathrel{+}= \theta_+$ per spike and
  decays with $\tau_\theta$, so a neuron that wins too often becomes harder to excite
  and every neuron gets a share of the digits.
* **Lateral inhibition**: each spike raises $g_i$ of all the *other* neurons by
  $w_\text{inh} = 17$ — a soft winner-take-all (Diehl & Cook's inhibitory population,
  reduced to its effect).
* **STDP** (pair rule with traces): at a postsynaptic spike $\Delta w = A_+x_\text{pre}$,
  at a presynaptic spike $\Delta w = -A_-y_\text{post}$; the traces decay with
  $\tau_\pm = 20$ ms and are reset to 1 by each spike. For one isolated pair this is
  the window $W(\Delta t) = A_+e^{-\Delta t/\tau_+}$ ($\Delta t > 0$),
  $-A_-e^{\Delta t/\tau_-}$ ($\Delta t \le 0$) of chapter 2.
* **Normalisation**: after each digit the 64 weights onto a neuron are scaled to a
  fixed sum, so a neuron can only *redistribute* its weight towards the pixels that
  made it fire — which is how its weights become a digit prototype.

**Device synapses.** Each weight is one device,
$w = w_\max (G - G_\min)/(G_\max - G_\min)$. The learning rule asks for a change
$\Delta w$; the hardware sends $n = \mathrm{round}(P\,\Delta w/w_\max)$ identical
pulses ($P$ = the device's number of states; stochastic rounding, so small changes
are written on average) and the device moves **along its own nonlinear curve, with
its own cycle-to-cycle noise** — exactly as in chapter 4's open-loop programming.
The software baseline is the same network with float weights, and a second one is
k-means with as many prototypes as neurons.

**Read-out** (Diehl & Cook): after learning, each neuron is labelled with the digit
class that makes it fire most on average; a test digit is assigned the class whose
neurons fire most. Chance is 10 %.

*Reduction.* A few hundred 8×8 digits reach 20–100 neurons — about 100 times fewer
presentations per neuron than the original — so four constants are scaled (stated
in `neuroexplore.applications.stdp_learning`): $r_\max = 120$ Hz, weight sum 15,
$\theta_+ = 0.2$ mV with $\tau_\theta = 300$ s, and $A_+ = 0.03$. They were chosen
on a validation split of the training digits, never on the test digits.
"""),
    ("code", """
from neuroexplore.applications import stdp_learning as sl
from neuroexplore.widgets import stdp_learning_lab as slab
"""),
    ("markdown", r"""
### The device and the STDP window it realises

The Ag:a-Si memristor of Jo *et al.* (*Nano Lett.* **10**, 1297, 2010) has 97
potentiation and 100 depression states, NeuroSim nonlinearity labels +2.4 / −4.88 and
3.5 % cycle-to-cycle noise per pulse. Its conductance under identical pulses bends
strongly, so the change a pulse makes depends on where the device sits:
"""),
    ("code", """
slab.device_curve_figure("Ag:a-Si", d2d_sigma=0.1)
"""),
    ("code", """
slab.window_figure("Ag:a-Si")
"""),
    ("markdown", r"""
At mid-range ($w = 0.5\,w_\max$) the device realises about 2.5 times the requested
depression (the steep part of its saturating LTD curve) and 1.3 times the requested
potentiation. The ratio depends on the state: near $G_\max$ potentiation shrinks to
0.7× and depression grows to 3.9× — the device itself imposes a soft bound. Repeat
with `"HZO FeFET"` (close to 1.1× at mid-range) or `"ideal"` (exactly 1×).

### Learning

The default run trains 30 neurons on 400 digits with device synapses, then the same
network with float weights, and k-means with 30 centroids (a few seconds):
"""),
    ("code", """
runs = sl.compare_with_baselines(seed=0, **sl.SIZES["default"])
dev, flt = runs["device"], runs["float"]
print(f"{dev.device} synapses: {dev.accuracy:.1%} | float weights: {flt.accuracy:.1%} | "
      f"k-means: {runs['kmeans']:.1%} | chance: 10 %")
print(f"{dev.pulses:,} programming pulses, {dev.spikes_per_digit.mean():.1f} output spikes "
      f"per training digit")
slab.accuracy_figure(runs)
"""),
    ("code", """
slab.receptive_fields_figure(dev, flt)
"""),
    ("markdown", r"""
Each tile is one neuron's 64 input weights after learning: most have become a
recognisable digit — learned without a single label. The device network's prototypes
are noisier: each of its weights received many pulses, and every pulse adds
3.5 % of the conductance range as noise, while the nonlinear curve distorts the
requested steps. The network with float weights does better, and k-means — which
computes its prototypes exactly, with many passes over the data — better still; the
gap between the spiking network and k-means mirrors Diehl & Cook's gap on MNIST.

**Try it.** Change `device=` to `"HZO FeFET"` (32 states but only 0.5 % noise) or
`"ideal"`, add device-to-device variation (`d2d_sigma=0.2`), or lower the learning
rate `A_plus`. The stronger figure — 100 neurons, two passes over all 1,347 training
digits, about a minute — is

```python
runs = sl.compare_with_baselines(seed=0, device="HZO FeFET", **sl.SIZES["full"])
```

(measured: HZO FeFET 80 %, float 86 %, k-means 98 %). `StdpLearningLab` (a tab of
the application lab) runs the same experiment with sliders.
"""),
]
