"""Chapter 6, section 2: reservoir computing with volatile (dynamic) memristors."""

from __future__ import annotations

CELLS: list[tuple[str, str]] = [
    ("markdown", r"""
## 2. Reservoir computing with volatile memristors

A **reservoir** is a fixed dynamical system that maps an input stream $u(k)$ into a
high-dimensional state $\mathbf x(k)$ which remembers the recent past. Only a linear
**readout** $\hat y(k) = W_\text{out}\mathbf x(k)$ is trained, by ridge regression —
no back-propagation through time. The software reference is Jaeger's **echo-state
network** (ESN; Jaeger, GMD Report 148, 2001; Jaeger & Haas, *Science* **304**, 78,
2004):

$$\mathbf x(k) = (1-a)\,\mathbf x(k-1) + a\tanh\!\big(W_\text{in}u(k) + W\mathbf x(k-1)
+ \mathbf b\big),$$

with a random recurrent matrix $W$ rescaled to spectral radius $\rho < 1$ so that the
state forgets its initial condition (the *echo-state property*).

**Physical reservoirs.** Du *et al.* (*Nat. Commun.* **8**, 2204, 2017) replaced the
network by WOx memristors whose conductance *decays* after each pulse: the short-term
memory of the device is the reservoir. The device model (Chang, Jo & Lu, *ACS Nano*
**5**, 7669, 2011; Du *et al.* 2017, Methods) has one state $w\in[0,1]$:

$$\frac{dw}{dt} = \lambda\sinh(\eta V) - \frac{w}{\tau},\qquad
I = (1-w)\,\alpha\,[1-e^{-\beta V}] + w\,\gamma\sinh(\delta V).$$

A pulse drives $w$ up; between pulses it relaxes as $w_0e^{-t/\tau}$ with $\tau$ of
tens of milliseconds. For a voltage held constant the equation is linear in $w$, so
every pulse is integrated **exactly**: $w(s) = w_\infty + (w_0 - w_\infty)e^{-s/\tau}$,
$w_\infty = \lambda\tau\sinh(\eta V)$, clipped to $[0, 1]$. (Default numbers are
illustrative — a 2 V, 1 ms pulse raises $w$ by ~0.05 and $\tau = 50$ ms — not fitted
values.)

**Time multiplexing** (Appeltant *et al.*, *Nat. Commun.* **2**, 468, 2011; Zhong
*et al.*, *Nat. Commun.* **12**, 408, 2021). One device gives $M$ *virtual nodes*:
each input sample becomes $M$ pulses whose amplitudes follow a fixed random mask
$m_{ij}\in[-1,1]$,

$$V_{ij}(k) = V_\min + (V_\max - V_\min)\,\tfrac{1 + m_{ij}u(k)}{2},$$

and the current at the end of each pulse is one node's state. $N$ devices with their
own masks give $N\cdot M$ features. The state carries over from pulse to pulse, so
each node mixes the present input with a fading trace of earlier ones. Real devices
differ: we draw each device's $\tau_i = \tau e^{\sigma z_i}$ (device-to-device
variation $\sigma$), which gives the reservoir memories of several lengths.

**Error measure.** $\mathrm{NRMSE} = \sqrt{\langle(y-\hat y)^2\rangle}/\sigma_y$ on
the test set: predicting the mean gives 1; predicting "no change" (persistence,
$\hat y(k+h) = y(k)$) is the trivial baseline to beat.
"""),
    ("code", """
from neuroexplore.applications import reservoir as rc
from neuroexplore.applications.mackey_glass_series import hopf_point, mackey_glass
from neuroexplore.devices.volatile_memristor import VolatileMemristor, simulate_pulses
from neuroexplore.widgets import reservoir_lab as rlab
"""),
    ("markdown", r"""
### The Mackey–Glass series

The benchmark signal is the delay equation of Mackey & Glass (*Science* **197**, 287,
1977),

$$\frac{dx}{dt} = \beta\frac{x(t-\tau)}{1+x(t-\tau)^n} - \gamma x(t),\qquad
\tau = 17,\ \beta = 0.2,\ \gamma = 0.1,\ n = 10,$$

integrated with RK4 and a cubic-Hermite interpolation of the delayed state (fourth
order; the tests compare it with an adaptive method-of-steps solution to $10^{-7}$).
Linearising about the fixed point $x^* = 1$ gives $\dot y = -0.1y - 0.4y(t-\tau)$,
stable for $\tau < \tau_c = \arccos(-1/4)/\sqrt{0.15} = 4.71$; beyond it the
solution oscillates, and at $\tau = 17$ it is chaotic (correlation dimension ≈ 1.95,
Grassberger & Procaccia, *Physica D* **9**, 189, 1983 — also checked in the tests).
"""),
    ("code", """
hp = hopf_point()
print(f"fixed point x* = {hp.x_star:.3f}, Hopf delay tau_c = {hp.tau_c:.3f}, "
      f"period at onset = {hp.period:.2f}")
mg = mackey_glass(600)
rlab.series_figure(mg.t, mg.x, title="Mackey-Glass, tau = 17 (one sample per time unit)")
"""),
    ("markdown", r"""
### The device's fading memory

Two bursts of 2 V pulses, each followed by rest: within a burst the state climbs
pulse by pulse, because a pulse adds more than the 4 ms gap lets decay; after the
burst it relaxes with $\tau$. This fading memory is what the reservoir uses.
"""),
    ("code", """
dev = VolatileMemristor()
pulses = [2.0] * 5 + [0.0] * 10 + [2.0] * 3 + [0.0] * 12
rlab.pulse_figure(simulate_pulses(dev, pulses, pulse_width=1e-3, interval=5e-3),
                  title=f"WOx dynamic memristor: 1 ms pulses every 5 ms, tau = "
                        f"{1e3 * dev.tau:.0f} ms")
"""),
    ("markdown", r"""
### Predicting Mackey–Glass three steps ahead

Eight devices × ten virtual nodes (80 features) against an ESN of 80 nodes, with the
same input scaling, the same ridge readout and the same split (1,400 training
samples after a washout of 100, 500 test samples).
"""),
    ("code", """
res = rc.mackey_glass_benchmark(n_devices=8, mask_length=10, horizon=3, seed=0)
for name, value in res.nrmse.items():
    print(f"{name:12s} NRMSE = {value:.4f}")
print(f"(run time {res.seconds:.2f} s)")
rlab.prediction_figure(res)
"""),
    ("code", """
rlab.nrmse_figure(res)
"""),
    ("markdown", r"""
### NRMSE falls as the reservoir grows

More devices (each with its own mask and its own $\tau_i$) give more, and more
diverse, features. The ESN keeps an edge — its nodes are coupled nonlinearly, while
a memristor's state is a fading sum of its own past pulses — but both end far below
persistence. The *full* setting (`rc.SIZE_SETTINGS["full"]`: 4,000 training samples
and up to 64 devices = 640 features, about 20 s) reproduces the stronger figure.
"""),
    ("code", """
setting = rc.SIZE_SETTINGS["default"]          # use "full" for the stronger figure
sweep = rc.nrmse_vs_size(setting["sizes"], n_train=setting["n_train"],
                         n_test=setting["n_test"], horizon=3, seed=0)
print(sweep.to_csv())
rlab.size_figure(sweep)
"""),
    ("markdown", r"""
### Classifying temporal patterns

Du *et al.* (2017, Fig. 1) streamed each **row** of a 5 × 4 pixel digit into one
memristor as a pulse train — a pulse for a black pixel, none for a white one — and
read the five device states after the stream. Because the state decays, the device
remembers *when* the pulses came (rows 1000 and 0001 end in different states), so
five numbers suffice to tell the ten digits apart. Here every pixel is inverted with
probability 5 %, a softmax readout is trained on 40 noisy copies per digit and tested
on 40 others. Baselines with the same readout: an ESN with five nodes fed the same
streams, and the 20 raw pixels (no reservoir at all). The *full* setting streams the
8 × 8 scikit-learn digits, two 4-pixel streams per row (16 devices), as Du *et al.*
streamed sub-rows of MNIST.
"""),
    ("code", """
cls = rc.classify_patterns("digits5x4", noise=0.05, n_per_class=40, seed=0)
print(f"chance {cls.chance:.2f}; " + ", ".join(f"{k} {v:.3f}" for k, v in cls.accuracy.items()))
rlab.accuracy_figure(cls.accuracy, cls.chance,
                     title="5x4 digits, 5 % inverted pixels: test accuracy")
"""),
    ("code", """
rlab.confusion_figure(cls.confusion, title="Device reservoir: confusion matrix (test)")
"""),
    ("markdown", r"""
### Explore

The lab below runs the same engines. Move $V_\max$ or the node interval and watch the
pulses and the device current; every release re-evaluates both reservoirs (a fraction
of a second); *Run size sweep* redraws NRMSE against size. Things to try: set the
device-to-device spread to 0 (all devices alike — the size sweep flattens), shorten
$\tau$ far below the node interval (no memory left), or raise the horizon.
"""),
    ("code", """
rlab.ReservoirLab()
"""),
]
