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
# # 4 · Device arrays: crossbars for in-memory computing
#
# Chapter 4 of Huo *et al.*, *Neuromorphic devices assisted by machine learning algorithms*,
# Int. J. Extreme Manuf. **7**(4) 042007 (2025), puts single synaptic devices into **arrays**.
# A crossbar stores a weight matrix as conductances and multiplies it with an input vector
# in one step, by physics: **Ohm's law** in every cell and **Kirchhoff's current law** on every
# column. Real arrays are not ideal: devices have few and unevenly spaced states, noisy
# writes, variation, stuck cells and drift; wires have resistance; converters have finite
# resolution. This notebook measures what each of these costs.
#
# Everything below is computed by `neuroexplore.crossbar` (torch) and `neuroexplore.devices`;
# the cells only call the engines and draw. The default run is short (under a minute);
# set `FULL = True` for more sweep points, Monte-Carlo seeds and training epochs.

# %%
import numpy as np

from neuroexplore.crossbar import (
    CrossbarArray,
    CrossbarConfig,
    device_table_accuracy,
    estimate_energy,
    studies,
)
from neuroexplore.crossbar.ir_drop_exact import ir_drop
from neuroexplore.crossbar.ir_drop_sneak import read_margin
from neuroexplore.datasets import load_digits
from neuroexplore.devices import preset_table, presets
from neuroexplore.exercises import ch04
from neuroexplore.widgets import CrossbarLab
from neuroexplore.widgets import crossbar_figures as cf

FULL = False          # True: more sweep points, 3 seeds per point, 10 training epochs
DEVICE = "AlOx/HfO2"  # Woo et al., IEEE EDL 2016: 40 states, nonlinear, c2c 5 %
rng = np.random.default_rng(0)

# %% [markdown]
# ## 4.1 Ohm and Kirchhoff: the array computes $I = G^\top V$
#
# Row $i$ is driven at $V_i$; the cell at row $i$, column $j$ passes $G_{ij}V_i$ (Ohm); column
# $j$ collects $I_j = \sum_i G_{ij} V_i$ (Kirchhoff). Signed weights need two conductances,
# here a **differential pair** $W \propto G^+ - G^-$. With an ideal (continuous, noiseless)
# device, exact programming and ideal converters, the array must return exactly $W x$.

# %%
W = rng.normal(size=(5, 8))          # 5 outputs x 8 inputs
x = rng.random(8)
ideal = CrossbarConfig(torch_device="cpu", programming="exact")
arr = CrossbarArray.from_weights(W, "ideal", ideal, seed=0)
print("max |array W x - W @ x| =", float(np.abs(arr.matmul(x) - W @ x).max()))

G = arr.conductances()                 # siemens, rows = inputs, columns = outputs
V = ideal.v_read * x / np.abs(x).max()  # the DAC maps the largest input to v_read
I = arr.mvm(x)                          # amperes, I+ - I- per column
cf.mvm_figure(G["pos"], G["neg"], V, I, (G["pos"] - G["neg"]).numpy().T @ V)

# %% [markdown]
# ## 4.2 Differential pair or offset column
#
# Conductances are positive, weights are not. The **differential** mapping uses two devices per
# weight, $G^\pm = G_{min} + \Delta G\,[\pm w]_+/w_{max}$. The **offset** mapping uses one device
# per weight, $G = G_{min} + \Delta G (w/w_{max} + 1)/2$, and subtracts one shared reference column
# at mid-range. Both compute the same $Wx$; the offset mapping halves the cells but also halves
# the signal per weight (the conductance window now spans $-w_{max}..w_{max}$).

# %%
diff = CrossbarArray.from_weights(W, "ideal", ideal, seed=0)
off = CrossbarArray.from_weights(W, "ideal", ideal.with_params(mapping="offset"), seed=0)
print("differential:", np.abs(diff.matmul(x) - W @ x).max(),
      " offset:", np.abs(off.matmul(x) - W @ x).max())
cf.mapping_figure(diff.conductances(), off.conductances())

# %% [markdown]
# ## 4.3 Sneak paths in passive arrays, and why 1T1R
#
# Reading one cell of a passive (0T1R) array, current also leaks through chains of
# unselected cells (*sneak paths*). The worst case has every unselected cell ON; the read
# margin $(I_{on}-I_{off})/I_{on}$ then collapses as the array grows (Liang & Wong 2010).
# Biasing unselected lines at $V/2$ or $V/3$, or a nonlinear **selector**
# ($I \propto \sinh(kV)$), helps; an access transistor per cell (**1T1R**) cuts every unselected
# row off, leaving the ideal margin $1 - G_{off}/G_{on}$.

# %%
g_on, g_off, sizes = 1e-4, 1e-6, [2, 4, 8, 16, 32, 64]
margins = {}
for scheme in ("floating", "V/2", "V/3"):
    margins[f"{scheme}, no selector"] = read_margin(sizes, g_on=g_on, g_off=g_off, scheme=scheme)
    margins[f"{scheme}, selector k = 25/V"] = read_margin(
        sizes, g_on=g_on, g_off=g_off, scheme=scheme, selector_k=25.0)
cf.read_margin_figure(margins, g_on, g_off)

# %% [markdown]
# ## 4.4 IR drop: wires are resistors
#
# Every wire segment between two cells has a resistance $r_w$. Currents of many cells share
# the last segments, so far cells see less than their input voltage and columns deliver less
# current. `ir_drop` solves the full resistor network exactly (sparse nodal analysis,
# Chen 2013). Below: a 64×64 array of cells drawn between the device's $G_{min}$ and
# $G_{max}$, every row at 0.2 V, $r_w = 2\,\Omega$.

# %%
G64 = studies.random_conductances(64, 64, DEVICE)
res = ir_drop(G64, np.full(64, 0.2), r_wire=2.0)
cf.voltage_map(res)

# %%
ir_sizes, r_wires = [8, 16, 32, 64], [0.5, 2.0, 5.0]
grid = studies.ir_drop_grid(ir_sizes, r_wires, device=DEVICE)
cf.ir_drop_trend_figure(ir_sizes, r_wires, grid)

# %% [markdown]
# Training or evaluating a network needs the IR drop of thousands of reads, so the engine
# also has a fast model: cell-current iterations with cumulative sums. Its first-order
# correction is fine for small arrays and breaks down for large ones; the Chebyshev-accelerated
# version stays close to the exact solve:

# %%
cf.approx_figure(studies.approx_vs_exact([16, 32, 64, 128], r_wire=2.0, device=DEVICE))

# %% [markdown]
# ## 4.5 Peripherals: DAC and ADC resolution
#
# Inputs become voltages through a DAC and column currents become numbers through an ADC. A
# signed $b$-bit converter has a step $\propto 2^{-(b-1)}$, so the error halves with every bit
# until another error (here: none) dominates. The ADC full scale is set as chips set it: after
# programming, a calibration batch is read and the full scale becomes the 99.99th percentile of
# $|I|$ of the column currents (`CrossbarConfig.adc_calibration`, `adc_percentile`). A fixed
# range (`adc_calibration="fixed"`) would clip every current above it, whatever the bits:
# `CrossbarArray.adc_clip_fraction` and `EvalResult.adc_clip_fraction` report how often.

# %%
bits = [2, 3, 4, 5, 6, 8, 10, 12]
cf.converter_figure(bits, {"ADC": studies.converter_error(bits, kind="adc"),
                           "DAC": studies.converter_error(bits, kind="dac")})

# %% [markdown]
# ## 4.6 Tiling
#
# Arrays are limited in size (IR drop, sneak paths, ADC range), so a large matrix is split into
# tiles. Partial sums of tiles along the input dimension are either digitised per tile and added
# digitally, or added as currents before one ADC. With a fixed ADC full scale, small partial sums
# use few ADC codes: digital accumulation pays one quantisation error per tile.

# %%
tiles = studies.tiling_error([64, 32, 16, 8], adc_bits=6)
cf.tiling_figure(tiles, adc_bits=6)

# %% [markdown]
# ## 4.7 Digits accuracy under each non-ideality
#
# A 64-32-10 MLP trained in floating point on scikit-learn's 8×8 digits (about 96 % test
# accuracy) is programmed onto crossbars of the AlOx/HfO2 device, one non-ideality at a time:
# the number of states, the pulse-curve **nonlinearity** (with open-loop 'linear' programming
# that assumes equal steps), cycle-to-cycle write noise, device-to-device spread, stuck-at
# faults, **drift** $G(t) = G(t_0)(t/t_0)^{-\nu}$ with and without global drift compensation
# (Joshi *et al.*, Nat. Commun. 2020), ADC bits and wire resistance.

# %%
model = studies.digits_mlp()
sweeps = {name: studies.run_sweep(name, DEVICE, full=FULL, repeats=3 if FULL else 1)
          for name in studies.SWEEPS}
cf.sweep_grid(sweeps)

# %% [markdown]
# What to notice (AlOx/HfO2, one seed per point by default): the device's own
# cycle-to-cycle write noise (c2c = 1×) already costs several points and the loss grows fast
# with more noise; 10 % stuck cells cost about half the accuracy; with the ADC range calibrated on
# training digits, 2 bits leave about 30 %, 3 bits about 88 % and 5–6 bits recover the
# float MLP;
# 8 states are already enough when programming picks the nearest reachable level; the
# pulse-curve nonlinearity matters only when programming assumes a linear device, and only for
# large labels; global drift compensation pays off after months; 20 Ω wires cost a few points
# on this 64-row array. Set `FULL = True` for three seeds per point.

# %% [markdown]
# ## 4.8 In-situ training on the published devices
#
# In-situ training keeps the weights only in the devices: every SGD update becomes
# potentiation/depression pulses, applied along each device's nonlinear, noisy pulse curve (MLP
# NeuroSim V3.0; Chen, Peng & Yu, IEEE TCAD 2018). The device parameters are the published table
# that NeuroSim benchmarks (`devices_pulse_update.csv`). The table below ranks the devices by our
# accuracy after a short run, beside their published figures of merit (states, nonlinearity
# labels, cycle-to-cycle σ, on/off ratio).

# %%
epochs = 10 if FULL else 2
rows = device_table_accuracy(list(presets()) + [None], epochs=epochs, seed=0)
cf.device_table_figure(rows, preset_table())

# %%
cf.training_curves(rows)

# %% [markdown]
# With two epochs the ranking is still noisy. With `FULL = True` (10 epochs, seed 0) we measured:
# float 95.8 %, ideal 95.6 %, GST PCM 93.8 %, EpiRAM 91.6 %, TaOx/HfOx 87.1 %, HZO FeFET 75.3 %,
# Ag:a-Si 72.7 %, AlOx/HfO2 72.2 %, PCMO 46.2 %. Devices with many states, a small or
# symmetric nonlinearity and little c2c noise come closest to the float network. PCMO, with the
# largest and most asymmetric nonlinearity, is last. The table gives the published figures of
# merit that these results come from. NeuroSim's own accuracies are for a 400-100-10 MNIST
# network, so only the ranking, not the numbers, can be compared with our 64-32-10 digits
# network.

# %% [markdown]
# ## 4.9 Energy per inference
#
# A first-order estimate: array read energy $\sum V_i^2 G_{ij} t_{read}$, switched-capacitor DAC
# and SAR ADC energies from a Walden figure of merit (see `neuroexplore.crossbar.energy`).
# Converter energy grows as $2^b$. At 4–6 bits the array read dominates (about 0.2 nJ per digit
# with these mostly dark 8×8 images). At 8 bits the ADCs add about half as much again.

# %%
x_test = load_digits().x_test[:200]
reports = {f"{b}-bit ADC": estimate_energy(model, CrossbarConfig(torch_device="cpu",
                                                               pulse_device=DEVICE,
                                                               adc_bits=b, dac_bits=b),
                                         x=x_test, seed=0)
           for b in (4, 6, 8)}
cf.energy_figure(reports)

# %% [markdown]
# ## 4.10 A convolutional network on the crossbar
#
# A convolution slides a small kernel over the image; a crossbar computes matrix–vector
# products. **im2col** lowering joins the two (Chellapilla *et al.* 2006; on crossbars e.g.
# ISAAC, Shafiee *et al.*, ISCA 2016):
#
# * every receptive field — the $C \times k_h \times k_w$ inputs under the kernel at one output
#   pixel — is unrolled into one row of the input matrix $P$ (shape
#   $H_{out}W_{out} \times C k_h k_w$);
# * every output channel's kernel is unrolled the same way into one **column** of
#   conductances $K$ (shape $C k_h k_w \times C_{out}$): kernel element $(c, i, j)$ of channel
#   $o$ sits at array row $c\,k_h k_w + i\,k_w + j$, column $o$;
# * the convolution is $Y = PK + b$. Read $l$ applies row $l$ of $P$ as row voltages and the
#   $C_{out}$ columns return output pixel $l$ of every feature map; column $o$ of $Y$,
#   reshaped to $H_{out}\times W_{out}$, is feature map $o$.
#
# The array holds only $C k_h k_w \times C_{out}$ weights and is read $H_{out}W_{out}$ times per
# image. Our CNN (`studies.digits_cnn`, trained in floating point with Adam, 20 epochs, cached):
# a 3×3 convolution with 8 channels and zero padding 1, ReLU, 2×2 max pooling, and a linear
# layer 128 → 10. Its convolution is a 9 × 8 array read 64 times per digit. Below, a test
# digit, its im2col matrix with read 19 outlined (the 3×3 patch whose top-left corner is at row 1,
# column 2), the trained kernels as array columns, and the 64 reads' outputs.

# %%
from neuroexplore.crossbar import conv_mapping, convert

cnn = studies.digits_cnn()
digit = load_digits().x_test[0].reshape(8, 8)
conv = cnn[0]
mapping = conv_mapping(digit, conv.weight.detach().numpy(), conv.bias.detach().numpy(),
                       padding=1)
print(f"P {mapping.patches.shape}, K {mapping.kernel_matrix.shape}, "
      f"Y {mapping.output.shape} -> feature maps {mapping.feature_maps().shape}")
cf.im2col_figure(mapping, read=19)

# %% [markdown]
# On the ideal device (continuous, linear, noiseless; exact programming; ideal converters)
# the converted CNN's first layer — `AnalogConv2d`, which unrolls the patches with torch's
# `unfold` and sends them through the programmed array — gives the same feature maps as
# $PK + b$, and the whole network gives the float logits:

# %%
import torch

ideal_cnn = convert(cnn, ideal, seed=0)  # `ideal`: the exact-programming config of 4.1
x_img = torch.as_tensor(load_digits().x_test).reshape(-1, 1, 8, 8)
with torch.no_grad():
    fmap = ideal_cnn[0](x_img[:1])[0].numpy()
    logits_float, logits_array = cnn(x_img), ideal_cnn(x_img)
print("max |array feature maps - (P K + b)| =",
      f"{np.abs(fmap - mapping.feature_maps()).max():.1e}")
print("max |array logits - float logits| / max |float logits| =",
      f"{float((logits_array - logits_float).abs().max() / logits_float.abs().max()):.1e}")

# %% [markdown]
# Now each published device: the float CNN and the MLP of section 4.7 are programmed onto
# crossbars of every preset, with the device's own states, pulse-curve nonlinearity and
# cycle-to-cycle write noise; converters and wires are ideal, so the device alone costs the
# difference to the dashed float line.

# %%
devices = ["ideal"] + [name for name in presets() if name != "ideal"]
repeats = 3 if FULL else 1
on_devices = {"CNN": studies.device_accuracy(cnn, devices, repeats=repeats),
              "MLP (section 4.7)": studies.device_accuracy(model, devices, repeats=repeats)}
cf.device_accuracy_figure(on_devices)

# %% [markdown]
# What to notice. With `FULL = True` (3 programming seeds) we measured, CNN / MLP test accuracy:
# float 97.8 / 95.6 %, ideal 97.8 / 95.6 %, HZO FeFET 97.3 / 95.7 %, PCMO 97.3 / 95.3 %,
# EpiRAM 95.2 / 93.6 %, GST PCM 95.1 / 93.8 %, AlOx/HfO2 91.0 / 89.4 %, Ag:a-Si
# 90.6 / 89.3 %, TaOx/HfOx 81.6 / 79.3 %. Programming a weight from $G_{min}$ takes up to
# $N$ pulses (the device's states), and each pulse adds write noise of standard deviation
# $\sigma_{c2c}\,\Delta G$, so a full-scale weight ends with a spread of about
# $\sigma_{c2c}\sqrt N\,\Delta G$: 0.03 for HZO FeFET (32 states, 0.5 %), 0.07 for PCMO, 0.15–0.16
# for GST PCM and EpiRAM, 0.32–0.42 for AlOx/HfO2, Ag:a-Si and TaOx/HfOx. The ranking follows
# this spread, not the number of states. TaOx/HfOx has the most states (128) and is last. PCMO
# has the most nonlinear pulse curve and still comes near the top, because nearest-level
# programming picks the reachable level closest to each target whatever the curve's shape
# (in-situ training, section 4.8, instead applies every update along the nonlinear curve). The CNN loses
# about as much as the MLP. Its 72 convolution weights are reused at all 64 positions, so an error
# in one kernel weight is not averaged out over positions: it recurs in every read.

# %% [markdown]
# ## 4.11 The crossbar lab
#
# Move the sliders: the conductance maps, the weight error and the crossbar output update at
# once. The other tabs hold the IR-drop map, the accuracy sweeps (button) and in-situ training
# (button, with Stop).

# %%
CrossbarLab()

# %% [markdown]
# ## 4.12 Exercises
#
# Replace `None` with your answer and run the cell; the check computes the reference itself.
#
# **Exercise 1.** A 2×2 crossbar has conductances (µS, rows = inputs, columns = outputs)
# `[[10, 20], [30, 40]]` and row voltages `[0.1, 0.2]` V. What current (µA) leaves column 1
# (the second column)?

# %%
answer = None  # your value here (µA)
ch04.check_crossbar_current(answer)

# %% [markdown]
# **Exercise 2.** A linear device reaches its $G_{max}$ in 16 equal pulses (17 levels). A
# weight is stored as a differential pair and each device is programmed to its nearest level.
# What is the largest possible weight error, as a fraction of $w_{max}$?

# %%
answer = None  # your value here (fraction of w_max)
ch04.check_quantisation_bound(answer)

# %% [markdown]
# **Exercise 3.** Rank these non-idealities by the digits accuracy they cost the MLP (each one
# alone, on the ideal linear device), most harmful first: `"ADC4"` (4-bit ADC), `"STATES8"`
# (8 states), `"STUCK10"` (10 % stuck cells) and `"RWIRE10"` (10 Ω wire segments). The sweeps of
# section 4.7 (or the lab's sweep tab) help.

# %%
answer = None  # your list here, e.g. ["ADC4", ...]
ch04.check_accuracy_ranking(answer)

# %% [markdown]
# **Exercise 4.** At $r_w = 2\,\Omega$, does the worst relative output error `"grows"`,
# `"shrinks"` or stay `"unchanged"` when the array grows from 16×16 to 64×64?

# %%
answer = None  # "grows", "shrinks" or "unchanged"
ch04.check_ir_drop_trend(answer)
