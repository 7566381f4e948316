"""Chapter 6, section 3: tactile (braille) pattern recognition with neuromorphic sensors."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 3. Tactile pattern recognition: reading braille

Kim *et al.* (*A bioinspired flexible organic artificial afferent nerve*, *Science*
**360**, 998, 2018) built a skin that reads braille the way a fingertip does:
**pressure sensors** → **oscillators** that turn pressure into spike trains (the
afferent neurons) → a **synaptic transistor** that integrates the spikes into an
excitatory postsynaptic current (EPSC). A self-powered variant gates the transistor
directly with a **triboelectric nanogenerator** (TENG; Yu *et al.*, *Nat. Commun.*
**12**, 1581, 2021). Here each stage is an engine of this package:

1. **Braille cell.** Six dots, 1-2-3 down the left column and 4-5-6 down the right,
   2.34 mm apart, 0.48 mm high, 1.44 mm across (Library of Congress NLS
   Specification 800, 2014). A dot is a Gaussian bump of width
   $\sigma_d = d_\text{base}/4$.
2. **Fingertip.** Three taxels, one per dot row, slide across the cell at
   20 mm/s. A taxel reports the height averaged over a Gaussian receptive field of
   width $\sigma_t$; for Gaussian bumps this is exact,
   $$z = \sum_\text{dots} h\,\frac{\sigma_d^2}{s^2}
   \exp\!\Big(-\frac{\Delta x^2 + \Delta y^2}{2s^2}\Big),\qquad s^2 = \sigma_d^2 + \sigma_t^2,$$
   and the pressure (linear elastic skin) is normalised so that a dot right under a
   taxel gives $p = 1$. Each sweep has its own speed, start and lateral offset,
   dot heights, and white sensor noise on every 1 ms sample.
3. **Afferent neuron** — the LIF model of chapter 1, fed $I = I_\text{rest} +
   I_\text{gain}\,p$: its rate $f = [t_\text{ref} + \tau_m\ln\frac{RI + E_L - V_r}
   {RI + E_L - V_\text{th}}]^{-1}$ rises with pressure as the ring oscillator's
   frequency does in Kim *et al.*; every spike is a 1 V, 2 ms gate pulse.
4. **Synaptic transistor** — the electrolyte-gated transistor of chapter 3 (EDL,
   doping and long-term stores, P3HT/PMMA preset with $\tau_1 = 18$ ms,
   $\tau_2 = 218$ ms), integrated exactly; its EPSC is the device output.
5. **Classifier.** The EPSC of each taxel averaged in 10 time bins (30 features) →
   a softmax layer (chapter 2's `train_mlp` with no hidden layer). The **software
   baseline** is the same classifier on the raw noisy pressure, binned the same way.
"""),
    ("code", """
from neuroexplore.applications import tactile as tac
from neuroexplore.widgets import reservoir_lab as rlab
from neuroexplore.widgets import tactile_lab as tlab
"""),
    ("markdown", r"""
### One sweep, stage by stage

The letter *d* (dots 1, 4, 5): taxel 1 meets two dots, taxel 2 one, taxel 3 none. The
afferent neurons fire while a dot passes; the synaptic transistors integrate the
spikes, and their EPSC keeps a fading memory of the dots already passed (the slow
doping store).
"""),
    ("code", """
sweep = tac.braille_pressure("d", noise=0.2, seed=0)
response = tac.afferent_response(sweep)
print("afferent spikes per taxel:", response.spike_counts[0])
tlab.sweep_figure(sweep, response)
"""),
    ("markdown", r"""
### Recognising the letters a–j

Twenty training and twenty test sweeps per letter (chance: 10 %). The device features
do about as well as the raw pressure: the synapse low-pass filters the noisy sensor,
and the linear classifier can undo much of its smoothing.
"""),
    ("code", """
result = tac.tactile_benchmark(classes="a-j", n_per_class=20, noise=0.2, seed=0)
print(f"chance {result.chance:.2f}; device {result.accuracy['device']:.3f}, "
      f"raw pressure {result.accuracy['pressure']:.3f} ({result.seconds:.1f} s)")
rlab.accuracy_figure({"device EPSC": result.accuracy["device"],
                      "raw pressure": result.accuracy["pressure"]}, result.chance,
                     title="Braille a-j: test accuracy")
"""),
    ("code", """
rlab.confusion_figure(result.confusion["device"], result.classes,
                      title="Device features: confusion matrix (test)")
"""),
    ("markdown", r"""
### Accuracy against sensor noise

Both feature sets degrade as the noise grows. At low noise the device features match
or beat the raw pressure; at high noise the raw pressure keeps the lead, because the
afferent neuron turns an analog signal into a few discrete spikes and noise-driven
spikes blur the letter. The *full* setting (`tac.SIZE_SETTINGS["full"]`: all 26
letters, 40 sweeps per letter, eight noise levels) gives the stronger figure in about
20 s. The self-powered path is one argument away: `transducer="triboelectric"`.
"""),
    ("code", """
setting = tac.SIZE_SETTINGS["default"]          # use "full" for the stronger figure
noise_sweep = tac.accuracy_vs_noise(setting["noises"], classes=setting["classes"],
                                    n_per_class=setting["n_per_class"], seed=0)
tlab.noise_figure(noise_sweep)
"""),
    ("markdown", r"""
### Explore

In the lab, pick a letter and move the sliders: speed, noise and jitter change the
pressure, $I_\text{gain}$ the spike rate, the spike amplitude the EPSC. Switch the
transducer to *triboelectric* to gate the transistors with a TENG instead of spikes.
*Run* trains both classifiers and sweeps the noise.
"""),
    ("code", """
tlab.TactileLab()
"""),
]
