"""Information processing in simple neural networks (review chapter 2).

* :mod:`.perceptron` -- Rosenblatt's perceptron, logic gates, linear separability (LP)
* :mod:`.mlp` -- multilayer perceptron trained by backpropagation (XOR, digits)
* :mod:`.hebbian` -- plain Hebb, Oja's rule (principal component), BCM
* :mod:`.stdp` -- pair-based STDP window, online trace rule, pairing protocol, fit
* :mod:`.ei_network` -- sparse E/I network of LIF neurons (Brunel 2000, reduced)

Everything is numpy/scipy; nothing here imports torch, numba, ipywidgets or plotly,
so the package imports its modules eagerly.  Each tunable parameter has a
:class:`~neuroexplore.params.ParamSpec` in a ``*_SPECS`` table, read by the
functions through :func:`~neuroexplore.params.takes_specs`; :func:`parameters`
returns them by kind for widgets.  Times are in ms (``stdp_window(delta_t_ms=...)``).
"""

from __future__ import annotations

from ..params import ChoiceSpec, ParamSpec
from .ei_network import EI_NETWORK_SPECS, NetworkTrace, lif_rate, simulate_ei_network
from .hebbian import (
    GAUSSIAN_CLOUD_SPECS,
    HEBBIAN_SPECS,
    HebbianResult,
    gaussian_cloud,
    hebbian_learning,
    principal_axis,
)
from .mlp import (
    MLP_SPECS,
    MLPResult,
    decision_surface,
    digits_split,
    init_mlp,
    mlp_forward,
    mlp_loss_and_gradients,
    train_mlp,
)
from .perceptron import (
    LOGIC_GATE_SPECS,
    PERCEPTRON_SPECS,
    PerceptronResult,
    Separability,
    linear_separability,
    logic_gate,
    train_perceptron,
)
from .stdp import (
    PROTOCOL_SPECS,
    RULE_SPECS,
    STDP_SPECS,
    WINDOW_SPECS,
    STDPFit,
    STDPTrace,
    depression_amplitude,
    fit_stdp_window,
    pair_protocol,
    pair_window,
    stdp_online,
    stdp_window,
    window_integral,
)

__all__ = [
    "parameters",
    "KINDS",
    # perceptron
    "PERCEPTRON_SPECS",
    "LOGIC_GATE_SPECS",
    "PerceptronResult",
    "Separability",
    "logic_gate",
    "train_perceptron",
    "linear_separability",
    # mlp
    "MLP_SPECS",
    "MLPResult",
    "train_mlp",
    "init_mlp",
    "mlp_forward",
    "mlp_loss_and_gradients",
    "decision_surface",
    "digits_split",
    # hebbian
    "HEBBIAN_SPECS",
    "GAUSSIAN_CLOUD_SPECS",
    "HebbianResult",
    "hebbian_learning",
    "principal_axis",
    "gaussian_cloud",
    # stdp
    "STDP_SPECS",
    "WINDOW_SPECS",
    "RULE_SPECS",
    "PROTOCOL_SPECS",
    "STDPTrace",
    "STDPFit",
    "stdp_window",
    "pair_window",
    "depression_amplitude",
    "window_integral",
    "stdp_online",
    "pair_protocol",
    "fit_stdp_window",
    # E/I network
    "EI_NETWORK_SPECS",
    "NetworkTrace",
    "simulate_ei_network",
    "lif_rate",
]

_KINDS: dict[str, tuple[ParamSpec | ChoiceSpec, ...]] = {
    "perceptron": PERCEPTRON_SPECS,
    "logic_gate": LOGIC_GATE_SPECS,
    "mlp": MLP_SPECS,
    "hebbian": HEBBIAN_SPECS,
    "gaussian_cloud": GAUSSIAN_CLOUD_SPECS,
    "stdp": STDP_SPECS,
    "ei_network": EI_NETWORK_SPECS,
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
