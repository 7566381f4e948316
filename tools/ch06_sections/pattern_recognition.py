"""Chapter 6, section 1: pattern recognition on device arrays (digits, ex situ and in situ)."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 1. Pattern recognition on device arrays

The first application the review surveys is the one every synaptic device is judged
by: **recognising handwritten digits with a neural network whose weights are device
conductances**. We use scikit-learn's 8×8 digits (1,347 training and 450 test
images, ten classes: chance is 10 %) and a multilayer perceptron with one hidden
layer of 32 neurons, and put every published device of chapter 3 (the table that
MLP NeuroSim benchmarks) into the weights, in the two ways the review describes.

**Weights as conductances.** A signed weight needs two devices, a *differential
pair*: with $w_\max = \max|W|$ and $\Delta G = G_\max - G_\min$,

$$G^+_{ij} = G_\min + \Delta G\,\frac{[w_{ij}]_+}{w_\max},\qquad
G^-_{ij} = G_\min + \Delta G\,\frac{[-w_{ij}]_+}{w_\max},\qquad
I_j = \sum_i (G^+_{ij} - G^-_{ij})\,V_i = \frac{\Delta G}{w_\max}\,(W\mathbf V)_j ,$$

so that Ohm's law (one product per cell) and Kirchhoff's current law (one sum per
column) compute the matrix–vector product in one step (chapter 4).

**Ex-situ training** trains the network in software and *programs* the result once.
A device is programmed by $k$ identical pulses from $G_\min$ along its own
nonlinear curve (MLP NeuroSim; Chen, Peng & Yu, *IEEE TCAD* **37**, 3067, 2018)

$$G(P) = G_\min + \Delta G\,\frac{1 - e^{-P/A}}{1 - e^{-P_\max/A}},$$

choosing the reachable level nearest to the target, and every pulse adds
cycle-to-cycle noise of standard deviation $\sigma_\text{c2c}\Delta G$ — so $k$
pulses leave an error of $\sigma_\text{c2c}\Delta G\sqrt{k}$. **Hardware-aware
(HWA) training** (Joshi *et al.*, *Nat. Commun.* **11**, 2473, 2020; Rasch *et al.*,
*Nat. Commun.* **14**, 5282, 2023) anticipates that error: in every forward pass of
training each weight is perturbed,
$\tilde w = w + \mathcal N\!\big(0, (\sigma_\text{HWA}\max|W|)^2\big)$, the gradient
is taken at $\tilde w$ and applied to $w$, which drives the network into a flat
minimum that tolerates programming noise.

**In-situ training** keeps the weights *only* in the devices: every SGD update
$\Delta w = -\eta\,\partial L/\partial w$ becomes pulses, $\Delta G = \Delta w\,\Delta
G/(2w_\max)$ per device of the pair, sent as
$n = \operatorname{round}(\Delta G/\Delta G_\text{nominal})$ potentiation or
depression pulses with $\Delta G_\text{nominal} = \Delta G/\text{states}$; the real
change follows the device's curve from where it stands, so a nonlinear or asymmetric
device does not do what the algorithm asked.

Each accuracy stands beside its **software baseline**: the float network (ex situ)
and the same sigmoid network trained with float weights, from the same initial
weights, batches and learning rate (in situ).
"""),
    ("code", """
from importlib import resources

from IPython.display import HTML

from neuroexplore.applications import pattern_recognition as pr
from neuroexplore.widgets import pattern_lab as plab

FULL = False   # True: 10 in-situ epochs, 100 float epochs, 5 programming seeds (~1 min)
"""),
    ("markdown", r"""
### The devices

Each curve is potentiation from $G_\min$ followed by depression, normalised to the
device's range. The pulse axis is divided by the number of potentiation states:
few states mean coarse steps, a large nonlinearity label means a curve far from the
straight line (big steps first, then saturation), and an asymmetric pair of labels
means that a potentiation and a depression pulse do not cancel.
"""),
    ("code", """
plab.device_curves_figure()
"""),
    ("markdown", r"""
### The device table

Every preset, ex situ (plain and HWA, mean ± std over programming seeds) and in situ.
The default run fits a live session (2 in-situ epochs); `FULL = True` reproduces the
stronger table.
"""),
    ("code", """
settings = pr.run_settings("full") if FULL else dict(epochs_in_situ=2, repeats=2)
table = pr.accuracy_table(seed=0, **settings)
plab.table_figure(table)
"""),
    ("code", """
HTML(plab.table_html(table))
"""),
    ("code", """
plab.in_situ_figure(table)
"""),
    ("markdown", r"""
**What the table shows** (measured with `FULL = True`, seed 0; float network 96.4 %,
in-situ network with float weights 95.8 %):

* **Ex situ**, the programming noise $\sigma_\text{c2c}\sqrt{k}$ decides: devices
  with little cycle-to-cycle noise (HZO FeFET 0.5 %, PCMO 1 %) keep 96 %, while
  TaOx/HfOx — 128 fine steps but 3.7 % noise per pulse — loses the most (69 %
  plain). Hardware-aware training recovers part of the loss exactly where the noise
  is large (TaOx/HfOx 69 → 75 %, Ag:a-Si 86 → 89 %, AlOx/HfO2 85 → 88 %) and
  changes nothing where it is small. (With only 15 float epochs the plain network
  has not yet reached a sharp minimum and HWA shows no gain: the benefit grows as
  plain training converges.)
* **In situ**, the ranking turns over: nonlinearity and asymmetry now dominate.
  GST PCM (93.8 %) and EpiRAM (91.6 %), nearly linear and symmetric, come close to
  the float weights; TaOx/HfOx (87.1 %) survives its noise because the errors
  average out over many updates; HZO FeFET (75.3 %), Ag:a-Si (72.7 %) and
  AlOx/HfO2 (72.2 %) lose 20 points; PCMO, the most nonlinear and asymmetric,
  reaches 46.2 %. A device that is excellent for inference (PCMO) can be the worst
  for training.
* Ex-situ accuracies are averages over programming seeds; in-situ accuracies after
  a few epochs still swing from epoch to epoch for the asymmetric devices (see the
  learning curves).

**Beside the published table.** MLP NeuroSim publishes in-situ accuracies of these
devices for a 400-100-10 MLP on MNIST (Chen, Peng & Yu 2018; Chen & Yu, *IEEE
Design & Test* 2019). Our network and data set are smaller, so only the *ranking*
can be compared, by Spearman's rank correlation. The published numbers could not be
retrieved offline when this chapter was written: the bundled
`neurosim_published_accuracy.csv` says so in its header, every entry is marked
*unavailable*, and nothing is guessed. Fill in the values from the paper (with their
table number) and pass the file to `pr.load_published_accuracy` to compare:
"""),
    ("code", """
published = pr.published_accuracy()
print(published.header[2])
print(pr.compare_with_published(table, published).summary())
"""),
    ("markdown", r"""
### Your own device

A measured pulse response (columns `pulse, conductance[, direction]`) is fitted with
the NeuroSim model of chapter 3 and joins the table like any preset. The bundled
sample is a *synthetic* HZO FeFET cycle with cycle-to-cycle noise, so the fitted
device should behave like the HZO FeFET preset — compare the two rows.
"""),
    ("code", """
sample = resources.files("neuroexplore").joinpath("data", "sample_pulse_measurement.csv")
mine = pr.device_from_measurement(str(sample), name="my device (sample)")
print(f"fitted: {mine.states_ltp} states, nonlinearity {mine.nonlinearity_ltp:.2f} / "
      f"{mine.nonlinearity_ltd:.2f}, c2c {mine.c2c_sigma:.4f}")
HTML(plab.table_html(pr.accuracy_table([mine, "HZO FeFET"], seed=0, **settings)))
"""),
    ("markdown", r"""
In the application lab, *Upload measurement* does the same with your file, and
devices kept in the device lab join the table automatically.
"""),
]
