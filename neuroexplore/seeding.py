"""One rule for seeds, shared by every engine.

A seed is a non-negative integer, or ``None`` for fresh entropy.  Engines that draw
random numbers take ``seed`` (or a ready ``numpy.random.Generator``) and turn it into
an ``int`` or a ``Generator`` here, so that the same seed gives bit-identical
results everywhere and a bad seed raises the same error everywhere.

Examples
--------
>>> as_seed(3)
3
>>> isinstance(as_seed(None), int)
True
>>> as_seed(-1)
Traceback (most recent call last):
...
ValueError: seed = -1 must be a non-negative integer or None
>>> float(as_generator(0).random()) == float(as_generator(0).random())
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["as_seed", "as_generator", "spawn_seeds"]


def as_seed(seed: Any, *, name: str = "seed") -> int:
    """``seed`` as a non-negative ``int``; ``None`` draws one from fresh entropy.

    Raises ``ValueError`` naming ``name`` for a bool, a negative number or a non-integer.
    """
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"{name} = {seed!r} must be a non-negative integer or None")
    return int(seed)


def as_generator(
    seed: np.random.Generator | int | None, *, name: str = "seed"
) -> np.random.Generator | None:
    """``None`` stays ``None``; an int seeds a new ``Generator``; a ``Generator`` passes."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_seed(seed, name=name))


def spawn_seeds(seed: int | None, n: int) -> tuple[int, ...]:
    """``n`` independent 32-bit seeds derived from one (``SeedSequence``)."""
    state = np.random.SeedSequence(as_seed(seed)).generate_state(n, dtype=np.uint32)
    return tuple(int(s) for s in state)
