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
# set `FULL = True` for more Monte-Carlo seeds and training epochs.
#
# **Learning objectives.** After this session you can
#
# * compute the column currents of a crossbar from Ohm's and Kirchhoff's laws, and map
#   signed weights onto positive conductances (differential pair or offset column);
# * explain sneak paths, IR drop and converter resolution, and estimate how their errors
#   scale with array size, wire resistance and bits;
# * run an accuracy sweep of one non-ideality on a crossbar network, change its values,
#   and rank the non-idealities by what they cost;
# * compare the published devices for in-situ training and for programmed inference,
#   and map a convolution onto a crossbar (im2col).
#
# **Prerequisites.** Chapter 3 (pulse-programmed devices, the NeuroSim model and its
# device table) and chapter 2 (a multilayer perceptron); Python with NumPy; linear
# algebra (matrix–vector products).
#
# **Estimated time.** 90 minutes: about 55 minutes for sections 4.1–4.10, 35 minutes for
# the five exercises in section 4.12 (one of them asks you to write code).

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
from neuroexplore.exercises import check
from neuroexplore.widgets import CrossbarLab
from neuroexplore.widgets import crossbar_figures as cf

FULL = False          # True: 3 seeds per point, 10 training epochs
DEVICE = "AlOx/HfO2"  # Woo et al., IEEE EDL 2016: 40 states, nonlinear, c2c 5 %
rng = np.random.default_rng(0)

# %% [markdown]
# ## 4.1 Ohm and Kirchhoff: the array computes $I = G^\top V$
#
# Row $i$ is driven at $V_i$; the cell at row $i$, column $j$ passes $G_{ij}V_i$ (Ohm); column
# $j$ collects $I_j = \sum_i G_{ij} V_i$ (Kirchhoff). Signed weights need two conductances,
# here a **differential pair** $W \propto G^+ - G^-$ (you write this product yourself in
# Exercise 4.5). With an ideal (continuous, noiseless) device, exact programming and ideal
# converters, the array must return exactly $W x$.

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
cf.ir_drop_trend_figure(ir_sizes, r_wires, grid).update_layout(
    title="Worst output error for each array size and wire resistance")

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
#
# Each panel is one call of `studies.run_sweep(name, device, values=..., repeats=...)`: the
# network is mapped onto crossbars of `DEVICE` (its own states and pulse curve; its
# cycle-to-cycle noise is off unless that is the swept knob; ideal converters and wires
# otherwise) once per value and programming seed, and tested on the digits. The values
# are written out below: change them, or the device, and re-run the cell (each point
# takes about a quarter of a second).

# %%
model = studies.digits_mlp()
sweep_values = {
    "states": [4, 8, 16, 32, 64, 128],        # programmable levels
    "nonlinearity": [0, 1, 2, 3, 4, 6],       # NeuroSim label (LTP +v, LTD -v)
    "c2c": [0, 0.5, 1, 2, 3, 5],              # x the device's own c2c sigma
    "d2d": [0, 0.05, 0.1, 0.2, 0.3, 0.5],     # device-to-device sigma
    "stuck-at": [0, 0.01, 0.02, 0.05, 0.1, 0.2],  # fraction of stuck cells
    "drift": [20, 3600, 86400, 2.6e6, 3.2e7],  # seconds after programming
    "adc_bits": [2, 3, 4, 5, 6, 8, 10],       # ADC resolution
    "r_wire": [0, 1, 2, 5, 10, 20],           # ohm per wire segment
}
repeats = 3 if FULL else 1                    # programming seeds per point
sweeps = {name: studies.run_sweep(name, DEVICE, values=values, repeats=repeats, seed=0,
                                  model=model)
          for name, values in sweep_values.items()}
cf.sweep_grid(sweeps)

# %% [markdown]
# What to notice (AlOx/HfO2, one seed per point by default): read each panel against the
# dashed float line. Some knobs cost nothing until a threshold and then collapse
# (converter bits, states); others cost accuracy steadily as they grow (write noise,
# stuck cells, wire resistance). The pulse-curve nonlinearity matters only because this
# sweep programs with 'linear' pulse counts that assume equal steps; with 'nearest'
# programming (the states sweep) a device's own curve is followed. Global drift
# compensation is compared with none in the drift panel. Exercise 4.3 asks you to read
# four of these panels at one point each.
# Set `FULL = True` for three seeds per point. For one sweep alone,
# e.g. finer ADC resolutions: `studies.run_sweep("adc_bits", DEVICE, values=[2, 3, 4])`.

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
# A wrong answer gets a hint, more specific at each attempt.
#
# **Exercise 4.1.** A 2×2 crossbar has conductances (µS, rows = inputs, columns = outputs)
# `[[10, 20], [30, 40]]` and row voltages `[0.1, 0.2]` V. What current (µA) leaves column 1
# (the second column)?

# %%
answer_4_1 = None  # your value here (µA)
check("4.1", answer_4_1)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: I_1 = G_01 V_0 + G_11 V_1 (µS x V = µA)
G_ex = np.array([[10.0, 20.0], [30.0, 40.0]])  # µS
V_ex = np.array([0.1, 0.2])                     # V
answer_4_1 = float((G_ex.T @ V_ex)[1])
check("4.1", answer_4_1)

# %% [markdown]
# **Exercise 4.2.** A linear device reaches its $G_{max}$ in 16 equal pulses (17 levels). A
# weight is stored as a differential pair and each device is programmed to its nearest level.
# What is the largest possible weight error, as a fraction of $w_{max}$?

# %%
answer_4_2 = None  # your value here (fraction of w_max)
check("4.2", answer_4_2)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: adjacent levels are w_max / 16 apart; the nearest one is at most half a step away
answer_4_2 = 1 / (2 * 16)
check("4.2", answer_4_2)

# %% [markdown]
# **Exercise 4.3.** Rank these non-idealities by the digits accuracy they cost the MLP on
# AlOx/HfO2 crossbars (each one alone, as in the sweeps of section 4.7), most harmful
# first: `"ADC3"` (3-bit ADC), `"STATES4"` (4 states), `"STUCK10"` (10 % stuck cells) and
# `"RWIRE20"` (20 Ω wire segments). Each is a point of one sweep of section 4.7.

# %%
answer_4_3 = None  # your list here, e.g. ["ADC3", ...]
check("4.3", answer_4_3)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: read each sweep at its point (seed 0), lowest accuracy first
points = {"ADC3": ("adc_bits", 3), "STATES4": ("states", 4), "STUCK10": ("stuck-at", 0.1),
          "RWIRE20": ("r_wire", 20)}
acc = {key: studies.run_sweep(name, DEVICE, values=[value], model=model).mean()[0]
       for key, (name, value) in points.items()}
answer_4_3 = sorted(acc, key=acc.get)
check("4.3", answer_4_3)

# %% [markdown]
# **Exercise 4.4.** At $r_w = 2\,\Omega$, does the worst relative output error `"grows"`,
# `"shrinks"` or stay `"unchanged"` when the array grows from 16×16 to 64×64?

# %%
answer_4_4 = None  # "grows", "shrinks" or "unchanged"
check("4.4", answer_4_4)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: compare the worst relative error of the two sizes at 2 ohm
err_16, err_64 = studies.ir_drop_grid([16, 64], [2.0], device=DEVICE)[:, 0]
answer_4_4 = "grows" if err_64 > err_16 else "shrinks"
check("4.4", answer_4_4)

# %% [markdown]
# **Exercise 4.5 (code).** Write the differential-pair crossbar of section 4.1 as a function:
# `g_pos` and `g_neg` are the conductances of the two arrays (S, shape rows × columns,
# rows = inputs, columns = outputs) and `v` the row voltages (V, shape rows); return the
# column currents (A, shape columns), the $G^+$ array's current minus the $G^-$ array's.
# The check runs your function on random crossbars.

# %%
def differential_mvm(g_pos, g_neg, v):
    raise NotImplementedError  # your code here


check("4.5", differential_mvm)

# %% tags=["solution"] jupyter={"source_hidden": true}
# Solution: each column sums (G+ - G-) V over the rows: I = (G+ - G-)^T V
def differential_mvm(g_pos, g_neg, v):
    return (np.asarray(g_pos) - np.asarray(g_neg)).T @ np.asarray(v)


check("4.5", differential_mvm)

# %% [markdown]
# ## Summary
#
# * A crossbar multiplies a matrix by a vector in one read: Ohm's law in each cell,
#   Kirchhoff's current law on each column. Signed weights take two devices per weight
#   (differential pair) or one device and a shared reference column (offset).
# * Passive arrays suffer sneak paths; selectors and access transistors (1T1R) restore
#   the read margin. Wire resistance makes far cells see less voltage (IR drop), and
#   converters add a quantisation error that halves with every bit.
# * Large matrices are tiled; how partial sums are accumulated decides how much ADC
#   error they pay.
# * Each non-ideality can be measured alone by sweeping it on the same network
#   (`studies.run_sweep`) and compared with the float network.
# * For programmed inference a device's write-noise spread matters more than its number
#   of states; in-situ training also suffers from a nonlinear, asymmetric pulse curve.
# * A convolution maps onto a crossbar by im2col: the kernels are the columns, each read
#   is one receptive field.
