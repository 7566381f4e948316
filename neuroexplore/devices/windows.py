"""Window functions ``f(x)`` that confine memristor state ``x = w/D`` to ``[0, 1]``.

* ``"none"``: ``f = 1`` (the integrator then stops ``x`` at the hard bounds 0 and 1);
* ``"joglekar"``: ``f = 1 - (2x - 1)^(2p)`` (Joglekar & Wolf, Eur. J. Phys. 30:661, 2009,
  eq. 9) -- vanishes at both bounds, so a state at a bound can never leave it;
* ``"biolek"``: ``f = 1 - (x - stp(-s))^(2p)`` (Biolek, Biolek & Biolkova, Radioengineering
  18:210, 2009, eq. 7) where ``s`` is the direction in which ``x`` is being driven
  (the sign of the current in the HP model) and ``stp`` the unit step: the window
  vanishes only at the bound being approached, so the state can leave a bound.

Dimensionless.

Examples
--------
>>> window(np.array([0.0, 0.5, 1.0]), 1.0, "joglekar", 1).tolist()
[0.0, 1.0, 0.0]
>>> window(np.array([0.0, 1.0]), 1.0, "biolek", 1).tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import numpy as np

from ..params import ChoiceSpec, ParamSpec

__all__ = ["WINDOWS", "WINDOW_SPECS", "window"]

WINDOWS = ("none", "joglekar", "biolek")
WINDOW_SPECS = (
    ChoiceSpec("window", "none", WINDOWS, doc="window function confining the state"),
    ParamSpec("p", 1, 1, 10, integer=True, doc="window exponent p (sharpness)"),
)


def window(x: np.ndarray, direction: np.ndarray | float, kind: str = "none",
           p: np.ndarray | int = 1) -> np.ndarray:
    """Window value ``f(x)`` for state ``x`` in ``[0, 1]`` moving in ``sign(direction)``."""
    x = np.asarray(x, dtype=float)
    if kind == "none":
        return np.ones_like(x)
    p = np.asarray(p, dtype=float)
    if kind == "joglekar":
        return 1.0 - (2.0 * x - 1.0) ** (2 * p)
    if kind == "biolek":
        stp = (np.asarray(direction, dtype=float) < 0).astype(float)
        return 1.0 - (x - stp) ** (2 * p)
    raise ValueError(f"window = {kind!r} is not valid; expected one of {WINDOWS}")
