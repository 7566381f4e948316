r"""In-sensor computing: a photodiode array whose responsivities are the first network layer.

After Mennel *et al.*, "Ultrafast machine vision with 2D material neural network
image sensors", Nature **579**, 62 (2020).  Each pixel ``n`` of a 3 x 3 image sensor
is split into one WSe2 photodiode (subpixel) per output class ``m``.  A split gate
(``V_G`` and ``-V_G``) sets the photodiode's doping profile, so its photoresponsivity
``R_mn`` is tuned continuously, through zero to negative values, roughly linearly in
``V_G``.  Operated without bias (photovoltaic mode, no dark current) each subpixel
delivers ``R_mn P_n``; the subpixels of class ``m`` share one output wire, and
Kirchhoff's current law sums them::

    I_m = sum_n R_mn P_n                      (A; R in A/W, P in W)

The sensor therefore computes the matrix-vector product of the first layer while
it senses the image, with no readout of the pixels.  In the paper the currents of a
classifier go to a softmax computed off-chip, with the cross-entropy loss; the
responsivities are trained on noisy versions of the stylised letters ``n``, ``v``,
``z`` projected onto the chip.  This module does the same in simulation:

* image intensities ``x_n`` in [0, 1] (the letter plus Gaussian noise of standard
  deviation ``noise``, clipped to [0, 1] because light cannot be negative or exceed
  the projector's range) are projected as powers ``P_n = power x_n``;
* the responsivities are bounded, ``|R_mn| <= r_max``, and quantised to ``levels``
  equally spaced values in ``[-r_max, r_max]`` (the resolution of the gate-voltage
  DAC); the gate voltage of a responsivity is ``V_G = v_max R / r_max`` (linear
  tuning);
* logits ``z_m = I_m / (r_max power)`` (the readout normalises by the full-scale
  current of one pixel), ``p = softmax(z)``, loss ``-mean log p_y``;
* chip-in-the-loop training: the forward pass uses the *programmed* (clipped and
  quantised) responsivities, the gradient ``dL/dw_mn = mean (p_m - t_m) x_n``
  (``w = R / r_max``) updates a full-precision copy held by the computer
  (straight-through estimate), and the copy is clipped to ``[-1, 1]``.

The software baseline is the same softmax classifier with unbounded, full-precision
weights and a bias, trained by :func:`neuroexplore.networks.train_mlp` on the same
noisy images.

Responsivity and quantum efficiency: ``R = eta q lambda / (h c)``
(:func:`responsivity_from_efficiency`).  The default ``r_max`` of 60 mA/W is of the
order of the tunable WSe2 photodiodes (illustrative, not a measured value).

Examples
--------
>>> data = letter_dataset(50, noise=0.2, seed=0)
>>> res = train_in_sensor(PhotodiodeArray(), data, epochs=20, seed=0)
>>> bool(res.test_accuracy > 0.9)
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..params import FROM_SPEC, ParamSpec, param, spec_dataclass, takes_specs
from ..progress import notify

__all__ = [
    "LETTERS",
    "LETTER_NAMES",
    "PHOTODIODE_SPECS",
    "TRAINING_SPECS",
    "PhotodiodeArray",
    "LetterData",
    "InSensorResult",
    "InSensorComparison",
    "letter_dataset",
    "quantise_responsivity",
    "gate_voltage",
    "photocurrents",
    "classify_letters",
    "train_in_sensor",
    "software_baseline",
    "compare_in_sensor",
    "responsivity_from_efficiency",
]

HC_Q = 1239.841984e-9  # h c / q in V m (so lambda/HC_Q is A/W at unit efficiency)

#: The stylised 3 x 3 letters of Mennel et al. 2020 (1 = lit pixel).
LETTERS: dict[str, np.ndarray] = {
    "n": np.array([[1, 1, 1], [1, 0, 1], [1, 0, 1]], dtype=float),
    "v": np.array([[1, 0, 1], [1, 0, 1], [0, 1, 0]], dtype=float),
    "z": np.array([[1, 1, 0], [0, 1, 0], [0, 1, 1]], dtype=float),
}
LETTER_NAMES: tuple[str, ...] = tuple(LETTERS)

#: Data and training.
TRAINING_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("noise", 0.4, 0.0, 1.0, step=0.01,
              doc="std of the Gaussian noise added to the pixel intensities"),
    ParamSpec("n_per_class", 100, 1, 5000, integer=True, doc="images per letter and split"),
    ParamSpec("epochs", 30, 1, 1000, integer=True, doc="training epochs"),
    ParamSpec("lr", 0.5, 1e-3, 10.0, log=True, doc="learning rate (on w = R / r_max)"),
    ParamSpec("batch_size", 16, 1, 4096, integer=True, doc="images per update"),
)
_FIT = TRAINING_SPECS[2:]  # epochs, lr, batch_size


@spec_dataclass
class PhotodiodeArray:
    """The tunable photodiode array (frozen; SI units).  See the module docstring."""

    r_max: float = param(0.06, 1e-3, 1.0, unit="A/W", log=True,
                         doc="largest |responsivity| the gate voltages can set")
    levels: int = param(32, 2, 1024, integer=True,
                        doc="programmable responsivity levels in [-r_max, r_max] (gate DAC)")
    power: float = param(1e-6, 1e-9, 1e-3, unit="W", log=True,
                         doc="optical power on a fully lit pixel")
    v_max: float = param(5.0, 0.1, 50.0, step=0.1, unit="V",
                         doc="gate voltage that sets R = r_max (linear tuning)")

    def __post_init__(self) -> None:
        for spec in type(self).SPECS:
            if np.ndim(getattr(self, spec.name)):
                raise ValueError(f"{spec.name} must be one number")

    @property
    def step(self) -> float:
        """Spacing of the programmable responsivities (A/W)."""
        return 2.0 * self.r_max / (self.levels - 1)


#: The photodiode array.
PHOTODIODE_SPECS: tuple[ParamSpec, ...] = PhotodiodeArray.SPECS


@dataclass(frozen=True, eq=False)
class LetterData:
    """Noisy letter images (intensities in [0, 1], flattened 3 x 3) and labels."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    noise: float
    """Noise std used."""


@dataclass(frozen=True, eq=False)
class InSensorResult:
    """A trained photodiode-array classifier and its learning curves."""

    array: PhotodiodeArray
    responsivity: np.ndarray
    """Programmed responsivities R_mn (A/W), shape (3, 9)."""
    weights: np.ndarray
    """Full-precision copy w = R / r_max held by the trainer, shape (3, 9)."""
    loss_history: np.ndarray
    """Training loss after each epoch."""
    accuracy_history: np.ndarray
    """Training accuracy after each epoch (programmed responsivities)."""
    test_accuracy_history: np.ndarray
    """Test accuracy after each epoch."""
    stopped_early: bool

    @property
    def test_accuracy(self) -> float:
        """Final test accuracy."""
        return float(self.test_accuracy_history[-1])

    @property
    def gate_voltages(self) -> np.ndarray:
        """Gate voltages that set the programmed responsivities (V)."""
        return gate_voltage(self.array, self.responsivity)

    def predict(self, images: np.ndarray) -> np.ndarray:
        """Predicted letter indices of intensity images (n, 9)."""
        return classify_letters(self.array, self.responsivity, images)

    def history_csv(self) -> str:
        """CSV text of the learning curves."""
        rows = ["epoch,loss,train_accuracy,test_accuracy"]
        for i, (lo, a, t) in enumerate(zip(self.loss_history, self.accuracy_history,
                                           self.test_accuracy_history, strict=True)):
            rows.append(f"{i + 1},{lo:.8g},{a:.6g},{t:.6g}")
        return "\n".join(rows) + "\n"


@dataclass(frozen=True, eq=False)
class InSensorComparison:
    """The in-sensor classifier beside its software baseline on the same data."""

    in_sensor: InSensorResult
    baseline_accuracy_history: np.ndarray
    """Test accuracy of the software classifier after each epoch."""
    chance: float

    @property
    def baseline_accuracy(self) -> float:
        return float(self.baseline_accuracy_history[-1])

    def to_csv(self) -> str:
        """CSV text: per-epoch test accuracy of both classifiers."""
        rows = ["epoch,in_sensor_test_accuracy,software_test_accuracy"]
        for i, (a, b) in enumerate(zip(self.in_sensor.test_accuracy_history,
                                       self.baseline_accuracy_history, strict=True)):
            rows.append(f"{i + 1},{a:.6g},{b:.6g}")
        return "\n".join(rows) + "\n"


# ------------------------------------------------------------------------------ data
@takes_specs(TRAINING_SPECS[:2])
def letter_dataset(n_per_class: int = FROM_SPEC, *, noise: float = FROM_SPEC,
                   seed: int | None = 0) -> LetterData:
    """Train and test sets of the letters n, v, z with Gaussian pixel noise.

    ``x = clip(letter + noise z, 0, 1)``, ``z ~ N(0, 1)`` per pixel; labels are the
    indices of :data:`LETTER_NAMES`; both splits are drawn independently.
    """
    n, sigma = n_per_class, noise
    rng = np.random.default_rng(seed)
    base = np.stack([LETTERS[k].ravel() for k in LETTER_NAMES])

    def draw() -> tuple[np.ndarray, np.ndarray]:
        y = np.tile(np.arange(len(LETTER_NAMES)), n)
        x = base[y] + sigma * rng.standard_normal((y.size, base.shape[1]))
        return np.clip(x, 0.0, 1.0), y

    X_train, y_train = draw()
    X_test, y_test = draw()
    return LetterData(X_train, y_train, X_test, y_test, sigma)


# --------------------------------------------------------------------------- physics
def _check_images(images: Any) -> np.ndarray:
    x = np.asarray(images, dtype=float)
    if x.ndim not in (1, 2) or x.shape[-1] != 9:
        raise ValueError(f"images must have shape (9,) or (n, 9) (3 x 3 pixels), got {x.shape}")
    if np.any(~np.isfinite(x)) or np.any(x < 0) or np.any(x > 1):
        raise ValueError("image intensities must be finite and in [0, 1]")
    return x


def _check_responsivity(array: PhotodiodeArray, responsivity: Any) -> np.ndarray:
    r = np.asarray(responsivity, dtype=float)
    if r.ndim != 2 or r.shape[1] != 9:
        raise ValueError(f"responsivity must have shape (classes, 9), got {r.shape}")
    if np.any(~np.isfinite(r)) or np.any(np.abs(r) > array.r_max * (1 + 1e-12)):
        raise ValueError(f"responsivity must be finite with |R| <= r_max = {array.r_max:g} A/W")
    return r


def quantise_responsivity(array: PhotodiodeArray, responsivity: Any) -> np.ndarray:
    """Clip to ``[-r_max, r_max]`` and round to the nearest of the ``levels`` values."""
    r = np.asarray(responsivity, dtype=float)
    if np.any(~np.isfinite(r)):
        raise ValueError("responsivity must be finite")
    k = np.round((np.clip(r, -array.r_max, array.r_max) + array.r_max) / array.step)
    return -array.r_max + k * array.step


def gate_voltage(array: PhotodiodeArray, responsivity: Any) -> np.ndarray:
    """Photodiode split-gate voltage ``V_G = v_max R / r_max`` (V) that sets the
    responsivity ``R`` (A/W) of each subpixel (linear tuning).

    Not the triboelectric gate voltage of :mod:`neuroexplore.devices`
    (``teng_gate_voltage``): this one programs an in-sensor weight.
    """
    r = np.asarray(responsivity, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(np.abs(r) > array.r_max * (1 + 1e-12)):
        raise ValueError(f"responsivity must be finite with |R| <= r_max = {array.r_max:g} A/W")
    return array.v_max * r / array.r_max


def photocurrents(array: PhotodiodeArray, responsivity: Any, images: Any) -> np.ndarray:
    """Output currents ``I_m = sum_n R_mn P_n`` (A), shape ``(n_images, classes)``.

    ``images`` are intensities in [0, 1] (one image (9,) or a batch (n, 9)); the
    pixel powers are ``power * images``.
    """
    r = _check_responsivity(array, responsivity)
    x = _check_images(images)
    return (array.power * x) @ r.T


def _logits(array: PhotodiodeArray, responsivity: np.ndarray, x: np.ndarray) -> np.ndarray:
    return photocurrents(array, responsivity, x) / (array.r_max * array.power)


def classify_letters(array: PhotodiodeArray, responsivity: Any, images: Any) -> np.ndarray:
    """Winner-take-all class of each image: the output wire with the largest current."""
    return np.argmax(np.atleast_2d(photocurrents(array, responsivity, images)), axis=1)


def responsivity_from_efficiency(efficiency: Any, wavelength_nm: Any) -> np.ndarray:
    """``R = eta q lambda / (h c)`` (A/W) for external quantum efficiency ``eta`` in
    [0, 1] and wavelength in nm; e.g. ``eta = 1`` at 1239.84 nm gives 1 A/W."""
    eta = np.asarray(efficiency, dtype=float)
    lam = np.asarray(wavelength_nm, dtype=float)
    if np.any(~np.isfinite(eta) | (eta < 0) | (eta > 1)):
        raise ValueError(f"efficiency = {efficiency!r} must be in [0, 1]")
    if np.any(~np.isfinite(lam) | (lam < 200) | (lam > 2000)):
        raise ValueError(f"wavelength_nm = {wavelength_nm!r} must be in [200, 2000] nm")
    return eta * lam * 1e-9 / HC_Q


# -------------------------------------------------------------------------- training
def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check_data(data: Any) -> LetterData:
    if not isinstance(data, LetterData):
        raise ValueError(f"data must be a LetterData (see letter_dataset), got "
                         f"{type(data).__name__}")
    return data


@takes_specs(_FIT)
def train_in_sensor(
    array: PhotodiodeArray,
    data: LetterData,
    *,
    epochs: int = FROM_SPEC,
    lr: float = FROM_SPEC,
    batch_size: int = FROM_SPEC,
    seed: int | None = 0,
    callback: Callable[[int, int, dict], Any] | None = None,
) -> InSensorResult:
    """Train the responsivities chip-in-the-loop (see the module docstring).

    Weights start uniform in ``[-0.1, 0.1] r_max`` (seeded).  ``callback(epoch,
    epochs, metrics)`` is called after each epoch with ``loss``, ``accuracy`` and
    ``test_accuracy``; returning ``False`` stops training.
    """
    if not isinstance(array, PhotodiodeArray):
        raise ValueError(f"array must be a PhotodiodeArray, got {type(array).__name__}")
    data = _check_data(data)
    p = dict(epochs=epochs, lr=lr, batch_size=batch_size)
    X, y = _check_images(data.X_train), np.asarray(data.y_train)
    Xt, yt = _check_images(data.X_test), np.asarray(data.y_test)
    n_cls = len(LETTER_NAMES)
    rng = np.random.default_rng(seed)
    w = rng.uniform(-0.1, 0.1, size=(n_cls, X.shape[1]))
    onehot = np.eye(n_cls)[y]
    bs = min(p["batch_size"], X.shape[0])
    loss_h, acc_h, test_h = [], [], []
    stopped = False

    def programmed() -> np.ndarray:
        return quantise_responsivity(array, w * array.r_max)

    for epoch in range(1, p["epochs"] + 1):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], bs):
            idx = order[start:start + bs]
            prob = _softmax(_logits(array, programmed(), X[idx]))
            grad = (prob - onehot[idx]).T @ X[idx] / idx.size
            w = np.clip(w - p["lr"] * grad, -1.0, 1.0)
        r = programmed()
        prob = _softmax(_logits(array, r, X))
        loss = float(-np.mean(np.log(np.maximum(prob[np.arange(y.size), y], 1e-300))))
        acc = float(np.mean(np.argmax(prob, axis=1) == y))
        test = float(np.mean(classify_letters(array, r, Xt) == yt))
        loss_h.append(loss)
        acc_h.append(acc)
        test_h.append(test)
        metrics = {"loss": loss, "accuracy": acc, "test_accuracy": test}
        if notify(callback, epoch, p["epochs"], metrics):
            stopped = epoch < p["epochs"]
            break
    return InSensorResult(
        array=array, responsivity=programmed(), weights=w.copy(),
        loss_history=np.asarray(loss_h), accuracy_history=np.asarray(acc_h),
        test_accuracy_history=np.asarray(test_h), stopped_early=stopped,
    )


@takes_specs(_FIT)
def software_baseline(data: LetterData, *, epochs: int = FROM_SPEC, lr: float = FROM_SPEC,
                      batch_size: int = FROM_SPEC, seed: int | None = 0):
    """Softmax regression with free float weights and bias on the same images
    (:func:`neuroexplore.networks.train_mlp`, no hidden layer, plain SGD).

    Returns the :class:`~neuroexplore.networks.MLPResult`; its
    ``val_accuracy_history`` is the per-epoch test accuracy.
    """
    from ..networks import train_mlp

    data = _check_data(data)
    return train_mlp(data.X_train, data.y_train, hidden=(), lr=lr, momentum=0.0,
                     epochs=epochs, batch_size=batch_size,
                     validation=(data.X_test, data.y_test), seed=seed)


@takes_specs(TRAINING_SPECS)
def compare_in_sensor(
    array: PhotodiodeArray | None = None,
    *,
    noise: float = FROM_SPEC,
    n_per_class: int = FROM_SPEC,
    epochs: int = FROM_SPEC,
    lr: float = FROM_SPEC,
    batch_size: int = FROM_SPEC,
    seed: int | None = 0,
    callback: Callable[[int, int, dict], Any] | None = None,
) -> InSensorComparison:
    """Draw the letters, train the photodiode array and the software baseline on them."""
    array = PhotodiodeArray() if array is None else array
    data = letter_dataset(n_per_class, noise=noise, seed=seed)
    res = train_in_sensor(array, data, epochs=epochs, lr=lr, batch_size=batch_size,
                          seed=seed, callback=callback)
    base = software_baseline(data, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed)
    return InSensorComparison(in_sensor=res,
                              baseline_accuracy_history=base.val_accuracy_history,
                              chance=1.0 / len(LETTER_NAMES))
