"""Information processing in simple neural networks (review chapter 2).

* :mod:`.perceptron` -- Rosenblatt's perceptron, logic gates, linear separability (LP)
* :mod:`.mlp` -- multilayer perceptron trained by backpropagation (XOR, digits)
* :mod:`.hebbian` -- plain Hebb, Oja's rule (principal component), BCM
* :mod:`.stdp` -- pair-based STDP window, online trace rule, pairing protocol, fit
* :mod:`.ei_network` -- sparse E/I network of LIF neurons (Brunel 2000, reduced)

Everything is numpy/scipy; nothing here imports torch, ipywidgets or plotly.
Each tunable parameter has a :class:`~neuroexplore.params.ParamSpec`;
:func:`parameters` returns them by kind for widgets.
"""

from __future__ import annotations

from ..params import ChoiceSpec, ParamSpec
from .ei_network import EI_NETWORK_PARAMS, NetworkTrace, lif_rate, simulate_ei_network
from .hebbian import (
    GAUSSIAN_CLOUD_PARAMS,
    HEBBIAN_PARAMS,
    HebbianResult,
    gaussian_cloud,
    hebbian_learning,
    principal_axis,
)
from .mlp import (
    MLP_PARAMS,
    MLPResult,
    decision_surface,
    digits_split,
    init_mlp,
    mlp_forward,
    mlp_loss_and_gradients,
    train_mlp,
)
from .perceptron import (
    LOGIC_GATE_PARAMS,
    PERCEPTRON_PARAMS,
    PerceptronResult,
    Separability,
    linear_separability,
    logic_gate,
    train_perceptron,
)
from .stdp import (
    STDP_PARAMS,
    STDPFit,
    STDPTrace,
    fit_stdp_window,
    pair_protocol,
    stdp_online,
    stdp_window,
)

__all__ = [
    "parameters",
    "KINDS",
    # perceptron
    "PERCEPTRON_PARAMS",
    "LOGIC_GATE_PARAMS",
    "PerceptronResult",
    "Separability",
    "logic_gate",
    "train_perceptron",
    "linear_separability",
    # mlp
    "MLP_PARAMS",
    "MLPResult",
    "train_mlp",
    "init_mlp",
    "mlp_forward",
    "mlp_loss_and_gradients",
    "decision_surface",
    "digits_split",
    # hebbian
    "HEBBIAN_PARAMS",
    "GAUSSIAN_CLOUD_PARAMS",
    "HebbianResult",
    "hebbian_learning",
    "principal_axis",
    "gaussian_cloud",
    # stdp
    "STDP_PARAMS",
    "STDPTrace",
    "STDPFit",
    "stdp_window",
    "stdp_online",
    "pair_protocol",
    "fit_stdp_window",
    # E/I network
    "EI_NETWORK_PARAMS",
    "NetworkTrace",
    "simulate_ei_network",
    "lif_rate",
]

_KINDS: dict[str, tuple[ParamSpec | ChoiceSpec, ...]] = {
    "perceptron": PERCEPTRON_PARAMS,
    "logic_gate": LOGIC_GATE_PARAMS,
    "mlp": MLP_PARAMS,
    "hebbian": HEBBIAN_PARAMS,
    "gaussian_cloud": GAUSSIAN_CLOUD_PARAMS,
    "stdp": STDP_PARAMS,
    "ei_network": EI_NETWORK_PARAMS,
}
KINDS: tuple[str, ...] = tuple(_KINDS)


def parameters(kind: str) -> tuple[ParamSpec | ChoiceSpec, ...]:
    """The parameter specs of one model kind (``KINDS`` lists them).

    Examples
    --------
    >>> [s.name for s in parameters("perceptron")]
    ['lr', 'epochs']
    """
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"kind = {kind!r} is not valid; expected one of {list(KINDS)}") from None
