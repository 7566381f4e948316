"""Chapter 6, section 5: a Hopfield associative memory stored on a crossbar."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 5. Associative memory: a Hopfield network on a crossbar

An **associative memory** returns a whole stored item from a damaged or partial
cue. Hopfield (*PNAS* **79**, 2554, 1982) built one from $N$ binary neurons
$s_i = \pm1$ connected by symmetric weights. To store $P$ patterns
$\xi^\mu\in\{\pm1\}^N$ he used Hebb's rule,

$$W_{ij} = \frac1N\sum_{\mu=1}^{P}\xi_i^\mu\xi_j^\mu,\qquad W_{ii} = 0,$$

and recall lets the state relax from the cue: one neuron at a time, in random order,
$s_i \leftarrow \mathrm{sgn}(h_i)$ with the field $h = Ws$ (*asynchronous* updates;
one sweep is $N$ of them).

**Energy.** With symmetric $W$ and zero diagonal, the energy
$E = -\tfrac12 s^\mathsf{T}Ws$ can only go down at each asynchronous update
($\Delta E = -|h_i|\,|\Delta s_i| \le 0$), so recall always ends in a fixed point — a
local minimum of $E$. Stored patterns are such minima as long as there are not too
many of them.

**Capacity.** At a stored pattern the field of bit $i$ is the signal
$(N-1)/N$ plus the crosstalk of the other $P-1$ patterns, a sum of
$(P-1)(N-1)$ random $\pm1/N$ terms: one update flips a bit with probability
$P_\text{err} = \Pr[\text{crosstalk} < -(N-1)/N] \approx \Phi(-1/\sqrt{\alpha})$,
$\alpha = P/N$ (Hertz, Krogh & Palmer, *Introduction to the Theory of Neural
Computation*, 1991, §2.2). Flipped bits make more flips; the statistical mechanics of
Amit, Gutfreund & Sompolinsky (*Phys. Rev. Lett.* **55**, 1530, 1985) shows that the
stored states stop being attractors at $\alpha_c \approx 0.138$.

**On a crossbar** (chapter 4) the field $h = Ws$ is one analog matrix–vector
product: $W$ is programmed as differential conductance pairs
$G^+ - G^- \propto W$ and the state $\pm1$ drives the rows as read voltages. The
devices bring their non-idealities: a finite number of nonlinear states, cycle-to-cycle
write noise, **device-to-device variation** (each cell's conductance change scaled by
a fixed gain $\mathcal N(1,\sigma^2)$) and **read noise** on every read. The software
baseline is the same recall, with the same probes and update order, in float64.
"""),
    ("code", """
from neuroexplore.applications import hopfield as hf
from neuroexplore.widgets import hopfield_lab as hlab
"""),
    ("markdown", r"""
### One recall

100 neurons store 12 random patterns (load 0.12, below capacity) on a crossbar of
Ag:a-Si memristors; each probe is a stored pattern with 10 % of its bits flipped.
"""),
    ("code", """
res = hf.run_hopfield(seed=0, n_neurons=100, n_patterns=12, flip_fraction=0.1,
                      device="Ag:a-Si")
print(f"crossbar: {res.recalled:.0%} of the patterns recalled exactly "
      f"(mean overlap {res.overlap.mean():.3f}); float weights: {res.baseline_recalled:.0%} "
      f"({res.baseline_overlap.mean():.3f}); realised weights off by {res.weight_error:.1%}")
hlab.recall_figure(res, index=0)
"""),
    ("markdown", r"""
### The energy goes down

The energy after every single asynchronous update, for five probes of a network above
capacity (where relaxations are long): it never rises.
"""),
    ("code", """
xi = hf.random_patterns(20, 80, seed=2)
trace = hf.recall(hf.hebbian_weights(xi), hf.corrupt(xi[:5], 0.3, seed=4), record_steps=True)
hlab.energy_figure(trace, n_neurons=80)
"""),
    ("markdown", r"""
### Capacity

Float weights, $N = 200$, probes equal to the stored patterns: the final overlap and
the fraction of patterns that stay exactly stored, against the load. The dotted
curve is the overlap after *one* update from the signal-to-noise estimate,
$1 - 2P_\text{err}$; the avalanche of further flips makes the real collapse sharper,
near $\alpha_c \approx 0.138$.
"""),
    ("code", """
cap = hf.capacity_curve((0.05, 0.1, 0.138, 0.2, 0.3), n_neurons=200, seeds=2)
hlab.capacity_figure(cap)
"""),
    ("markdown", r"""
### Recall versus input noise and device variation

Each point averages 3 seeds (same patterns and crossbar across one curve). Solid:
mean final overlap; dashed: fraction recalled exactly.
"""),
    ("code", """
noise = hf.recall_vs_noise((0.0, 0.1, 0.2, 0.3, 0.4), seeds=3, device="Ag:a-Si")
variation = hf.recall_vs_variation((0.0, 0.1, 0.2, 0.3, 0.4, 0.5), seeds=3,
                                   device="Ag:a-Si")
hlab.sweep_figure(noise, variation)
"""),
    ("markdown", r"""
The memory is robust: up to ~20 % flipped bits the crossbar recalls almost as well as
float weights, and device-to-device variation of tens of percent costs only a few
points of overlap — the crosstalk of the other patterns is already a large "noise"
that the attractor dynamics tolerate, and independent weight errors only add to it.
The fraction of *perfectly* recalled patterns is the more sensitive measure. Close to
capacity (try `n_patterns=14`) every source of error matters more.

**Try it.** Compare devices (`"ideal"`, `"PCMO"`, `"HZO FeFET"`), add read noise
(`read_noise=0.05`), or use `update="synchronous"` (all neurons at once — faster on
a crossbar, but without the energy guarantee: it can oscillate between two states).
The stronger figure uses $N = 200$ at the same load and 8 seeds (about half a minute):

```python
noise = hf.recall_vs_noise(seeds=8, n_neurons=200, n_patterns=24, device="Ag:a-Si")
```

`HopfieldLab` (a tab of the application lab) shows every recall as you move the
sliders.
"""),
]
