r"""Multisensory (visual-haptic) fusion in an artificial sensory neuron.

After Wan *et al.*, "An artificial sensory neuron with visual-haptic fusion",
Nat. Commun. **11**, 4602 (2020): a photodetector (vision) and a pressure sensor
(touch) each turn their stimulus into a current; the two signals meet in one
artificial sensory neuron, whose spikes gate a synaptic transistor; a layer of such
bimodal neurons feeds a classifier that recognises letters.  Letters that are hard
to see (low optical contrast, the paper's "multi-transparency" letters) or hard to
feel (noisy pressure) are recognised better when both senses are fused.

Model (per pixel ``n`` of a 5 x 5 letter ``L_n`` in {0, 1}; built from the engines of
:mod:`neuroexplore.systems.afferent`):

* **vision**: a pixel of contrast ``c`` (``c ~ U(c_min, 1)`` per image: the letter's
  transparency) with Gaussian noise gives relative light ``x_n = clip(c L_n +
  sigma_v z, 0, 1)`` and the photocurrent ``I_v = i_photo x_n`` (photovoltaic
  photodiode, ``i_photo`` = responsivity x power of a fully lit pixel);
* **touch**: the embossed letter pressed at ``P_press`` gives
  ``P_n = clip(P_press L_n + sigma_t z, 0, 100 kPa)`` and the piezoresistive sensor
  current ``I_t = (V_bias / R0)(1 + P_n / P0)``;
* **bimodal sensory neuron**: the two receptor currents meet at the encoder's input
  node and add (Kirchhoff), ``I_in = k (I_t + I_v)``; the LIF encoder's spikes
  (rate ``f(I_in)``) gate the synaptic transistor, whose peak EPSC over the touch is
  the neuron's output (exactly as in :func:`~neuroexplore.systems.afferent.peak_epsc`).
  *Touch only* and *vision only* drive the same neuron with one current;
* **classifier**: softmax regression (:func:`neuroexplore.networks.train_mlp`, no
  hidden layer) on the 25 standardised peak EPSCs.

The software baseline reads the receptor currents directly (25 vision, 25 touch, or
both concatenated: late fusion in software) with the same classifier.  Here the
fusion happens in the device (the sum at the neuron), a simplification of the BASE
of Wan *et al.*, in which the two spike trains meet at the synaptic transistor
through an ionic cable.

Examples
--------
>>> res = run_fusion(n_per_class=20, epochs=60, seed=0)
>>> bool(res.accuracy["fused"] > max(res.accuracy["touch"], res.accuracy["vision"]))
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..params import FROM_SPEC, ParamSpec, takes_specs
from ..progress import notify
from .afferent import PRESSURE, AfferentNerve, _softmax_classifier, peak_epsc_from_current

__all__ = [
    "GLYPHS",
    "GLYPH_NAMES",
    "FUSION_SPECS",
    "MODALITIES",
    "FusionData",
    "FusionResult",
    "fusion_dataset",
    "receptor_currents",
    "sensory_neuron_output",
    "run_fusion",
]

_ROWS = {
    "C": (".####", "#....", "#....", "#....", ".####"),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
}
#: 5 x 5 letters (1 = raised and dark-on-bright pixel).
GLYPHS: dict[str, np.ndarray] = {
    k: np.array([[c == "#" for c in row] for row in rows], dtype=float)
    for k, rows in _ROWS.items()
}
GLYPH_NAMES: tuple[str, ...] = tuple(GLYPHS)
MODALITIES: tuple[str, ...] = ("touch", "vision", "fused")

FUSION_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("vision_noise", 0.35, 0.0, 1.5, step=0.01,
              doc="std of the Gaussian noise on the relative light of a pixel"),
    ParamSpec("touch_noise", 35.0, 0.0, 60.0, step=0.5, unit="kPa",
              doc="std of the Gaussian noise on the pressure of a pixel"),
    ParamSpec("contrast_min", 0.2, 0.0, 1.0, step=0.01,
              doc="lowest letter contrast (transparency); contrast ~ U(contrast_min, 1)"),
    ParamSpec("press", 40.0, 1.0, 100.0, step=0.5, unit="kPa",
              doc="pressure on the raised pixels of the letter"),
    ParamSpec("i_photo", 4.0, 0.01, 100.0, step=0.01, unit="uA",
              doc="photocurrent of a fully lit pixel (responsivity x power)"),
    ParamSpec("n_per_class", 50, 1, 2000, integer=True, doc="images per letter and split"),
    ParamSpec("epochs", 60, 1, 5000, integer=True, doc="classifier training epochs"),
)
_SPECS = {s.name: s for s in FUSION_SPECS}
_DATA = tuple(_SPECS[k] for k in ("n_per_class", "vision_noise", "touch_noise", "contrast_min",
                                  "press"))


@dataclass(frozen=True, eq=False)
class FusionData:
    """Paired visual and tactile stimuli of letters (train and test)."""

    light_train: np.ndarray
    """Relative light per pixel in [0, 1], shape (n, 25)."""
    pressure_train: np.ndarray
    """Pressure per pixel (kPa), shape (n, 25)."""
    y_train: np.ndarray
    light_test: np.ndarray
    pressure_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True, eq=False)
class FusionResult:
    """Test accuracies of the sensory-neuron layer and of the software baseline."""

    accuracy: dict[str, float]
    """Per modality (``touch``, ``vision``, ``fused``): classifier on the peak EPSCs."""
    baseline_accuracy: dict[str, float]
    """Per modality: the same classifier on the receptor currents (software)."""
    chance: float
    """1 / number of letters."""
    data: FusionData

    def to_csv(self) -> str:
        """CSV text: one row per modality."""
        rows = ["modality,sensory_neuron_accuracy,software_accuracy"]
        for m in MODALITIES:
            rows.append(f"{m},{self.accuracy[m]:.6g},{self.baseline_accuracy[m]:.6g}")
        return "\n".join(rows) + "\n"


@takes_specs(_DATA)
def fusion_dataset(n_per_class: int = FROM_SPEC, *, vision_noise: float = FROM_SPEC,
                   touch_noise: float = FROM_SPEC, contrast_min: float = FROM_SPEC,
                   press: float = FROM_SPEC, seed: int | None = 0) -> FusionData:
    """Letters of :data:`GLYPHS` seen and felt, with independent noise in each sense."""
    p = dict(n_per_class=n_per_class, vision_noise=vision_noise, touch_noise=touch_noise,
             contrast_min=contrast_min, press=press)
    rng = np.random.default_rng(seed)
    base = np.stack([GLYPHS[k].ravel() for k in GLYPH_NAMES])

    def draw():
        y = np.tile(np.arange(len(GLYPH_NAMES)), p["n_per_class"])
        c = rng.uniform(p["contrast_min"], 1.0, size=(y.size, 1))
        light = np.clip(c * base[y] + p["vision_noise"] * rng.standard_normal((y.size, 25)),
                        0.0, 1.0)
        pres = np.clip(p["press"] * base[y] + p["touch_noise"] * rng.standard_normal(
            (y.size, 25)), PRESSURE.low, PRESSURE.high)
        return light, pres, y

    lt, pt, yt = draw()
    le, pe, ye = draw()
    return FusionData(lt, pt, yt, le, pe, ye)


@takes_specs(_SPECS["i_photo"])
def receptor_currents(nerve: AfferentNerve, light: Any, pressure: Any, *,
                      i_photo: float = FROM_SPEC) -> tuple[np.ndarray, np.ndarray]:
    """Photocurrent ``i_photo x`` and sensor current ``(V_bias/R0)(1 + P/P0)`` (both uA)."""
    x = np.asarray(light, dtype=float)
    if np.any(~np.isfinite(x)) or np.any(x < 0) or np.any(x > 1):
        raise ValueError("light must be finite relative intensities in [0, 1]")
    p = np.asarray(PRESSURE.validate(pressure), dtype=float)
    touch = nerve.v_bias / nerve.r0 * (1.0 + p / nerve.p0) * 1e6
    return i_photo * x, touch


def sensory_neuron_output(nerve: AfferentNerve, current_ua: Any) -> np.ndarray:
    """Peak EPSC (A) of a sensory neuron (LIF encoder + synaptic transistor) whose
    input node receives the receptor current ``current_ua`` (uA; any shape)."""
    i = np.asarray(current_ua, dtype=float)
    if np.any(~np.isfinite(i)) or np.any(i < 0):
        raise ValueError("current_ua must be finite and >= 0 (uA)")
    return peak_epsc_from_current(nerve, nerve.gain * i)


@takes_specs(FUSION_SPECS)
def run_fusion(
    nerve: AfferentNerve | None = None,
    *,
    vision_noise: float = FROM_SPEC,
    touch_noise: float = FROM_SPEC,
    contrast_min: float = FROM_SPEC,
    press: float = FROM_SPEC,
    i_photo: float = FROM_SPEC,
    n_per_class: int = FROM_SPEC,
    epochs: int = FROM_SPEC,
    seed: int | None = 0,
    callback: Callable[[int, int, dict], Any] | None = None,
) -> FusionResult:
    """Classify letters from touch, vision and both, through the sensory neurons and in
    software.  ``callback(step, 6, metrics)`` reports after each of the six classifiers."""
    nerve = AfferentNerve() if nerve is None else nerve
    p = dict(vision_noise=vision_noise, touch_noise=touch_noise, contrast_min=contrast_min,
             press=press, i_photo=i_photo, n_per_class=n_per_class, epochs=epochs)
    data = fusion_dataset(p["n_per_class"], vision_noise=p["vision_noise"],
                          touch_noise=p["touch_noise"], contrast_min=p["contrast_min"],
                          press=p["press"], seed=seed)
    vis_tr, tou_tr = receptor_currents(nerve, data.light_train, data.pressure_train,
                                       i_photo=p["i_photo"])
    vis_te, tou_te = receptor_currents(nerve, data.light_test, data.pressure_test,
                                       i_photo=p["i_photo"])
    inputs = {
        "touch": (tou_tr, tou_te),
        "vision": (vis_tr, vis_te),
        "fused": (tou_tr + vis_tr, tou_te + vis_te),
    }
    software = {
        "touch": (tou_tr, tou_te),
        "vision": (vis_tr, vis_te),
        "fused": (np.hstack([tou_tr, vis_tr]), np.hstack([tou_te, vis_te])),
    }
    clf_seed = int(np.random.default_rng(seed).integers(0, 2**31))
    acc, base = {}, {}
    step = 0
    for m in MODALITIES:
        tr, te = inputs[m]
        feats = sensory_neuron_output(nerve, np.stack([tr, te]))
        acc[m] = float(_softmax_classifier(feats[0] * 1e9, data.y_train, feats[1] * 1e9,
                                           data.y_test, epochs=p["epochs"], seed=clf_seed)[2])
        step += 1
        notify(callback, step, 6, {"modality": m, "accuracy": acc[m]})
        tr, te = software[m]
        base[m] = float(_softmax_classifier(tr, data.y_train, te, data.y_test,
                                            epochs=p["epochs"], seed=clf_seed)[2])
        step += 1
        notify(callback, step, 6, {"modality": m, "baseline_accuracy": base[m]})
    return FusionResult(accuracy=acc, baseline_accuracy=base, chance=1.0 / len(GLYPH_NAMES),
                        data=data)
