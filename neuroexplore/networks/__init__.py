"""Information processing in simple neural networks (review chapter 2).

* :mod:`.perceptron` -- Rosenblatt's perceptron, logic gates, linear separability (LP)
* :mod:`.mlp` -- multilayer perceptron trained by backpropagation (XOR, digits)
* :mod:`.hebbian` -- plain Hebb, Oja's rule (principal component), BCM
* :mod:`.stdp` -- pair-based STDP window, online trace rule, pairing protocol, fit
* :mod:`.ei_network` -- sparse E/I network of LIF neurons (Brunel 2000, reduced)
* :mod:`.coba_network` -- the COBA benchmark network (Vogels & Abbott 2005, Brette et al. 2007)
* :mod:`.sparse` -- random connectivity in CSR form, no dense N x N matrix

Everything is numpy/scipy; nothing here imports torch, ipywidgets or plotly, and the
numba kernels of :mod:`.coba_network` are imported on the first call, so the package imports
its modules eagerly.  Each tunable parameter has a
:class:`~neuroexplore.params.ParamSpec` in a ``*_SPECS`` table, read by the
functions through :func:`~neuroexplore.params.takes_specs`; :func:`parameters`
returns them by kind for widgets.  Times are in ms (``stdp_window(delta_t_ms=...)``).
"""

from __future__ import annotations

from ..params import ChoiceSpec, ParamSpec
from . import coba_network, ei_network, hebbian, mlp, perceptron, sparse, stdp
from .coba_network import *  # noqa: F403 - coba_network.__all__ is public here
from .ei_network import *  # noqa: F403 - ei_network.__all__ is public here
from .hebbian import *  # noqa: F403 - hebbian.__all__ is public here
from .mlp import *  # noqa: F403 - mlp.__all__ is public here
from .perceptron import *  # noqa: F403 - perceptron.__all__ is public here
from .sparse import *  # noqa: F403 - sparse.__all__ is public here
from .stdp import *  # noqa: F403 - stdp.__all__ is public here

__all__ = [
    "parameters",
    "KINDS",
    *perceptron.__all__,
    *mlp.__all__,
    *hebbian.__all__,
    *stdp.__all__,
    *ei_network.__all__,
    *coba_network.__all__,
    *sparse.__all__,
]

_KINDS: dict[str, tuple[ParamSpec | ChoiceSpec, ...]] = {
    "perceptron": perceptron.PERCEPTRON_SPECS,
    "logic_gate": perceptron.LOGIC_GATE_SPECS,
    "mlp": mlp.MLP_SPECS,
    "hebbian": hebbian.HEBBIAN_SPECS,
    "gaussian_cloud": hebbian.GAUSSIAN_CLOUD_SPECS,
    "stdp": stdp.STDP_SPECS,
    "ei_network": ei_network.EI_NETWORK_SPECS,
    "coba": coba_network.COBA_SPECS,
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
