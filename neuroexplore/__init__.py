"""neuroexplore: interactive toolkit for teaching and exploring neuromorphic computing.

Three engines carry the science -- :mod:`neuroexplore.neurons` (numpy/numba),
:mod:`neuroexplore.devices` (numpy/scipy) and :mod:`neuroexplore.crossbar`
(PyTorch, imported lazily) -- and :mod:`neuroexplore.widgets` wraps them in
interactive labs.  The chapters follow Huo et al., *Neuromorphic devices assisted
by machine learning algorithms*, Int. J. Extreme Manuf. 7(4) 042007 (2025).

Every subpackage is reached from here and imported on first use, so
``import neuroexplore`` is cheap and torch loads only when the crossbar is touched:

>>> import neuroexplore as ne
>>> trace = ne.neurons.simulate("lif", current=2.0, t_stop=50.0)
>>> bool(trace.spike_times.size > 0)
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The subpackages and modules reached as attributes (imported on first use).
_SUBMODULES = (
    "neurons",
    "networks",
    "devices",
    "crossbar",
    "systems",
    "applications",
    "perspectives",
    "design",
    "exercises",
    "widgets",
    "datasets",
    "params",
    "progress",
    "seeding",
    "sweeps",
    "threads",
)

__all__ = ["__version__", *_SUBMODULES]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import (  # noqa: F401
        applications,
        crossbar,
        datasets,
        design,
        devices,
        exercises,
        networks,
        neurons,
        params,
        perspectives,
        progress,
        seeding,
        sweeps,
        systems,
        threads,
        widgets,
    )


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'neuroexplore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
