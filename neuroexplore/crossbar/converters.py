"""Input DAC and output ADC quantisation (signed, mid-tread, saturating).

A signed ``b``-bit converter over ``[-r, r]`` has the levels ``k * LSB`` with
``LSB = r / (2^(b-1) - 1)`` and ``k = -(2^(b-1) - 1) ... 2^(b-1) - 1`` (the
symmetric, zero-including set of ``2^b - 1`` codes).  Inside the range the
quantisation error is at most ``LSB / 2``; outside, the output saturates at
``+-r``.  ``bits = 0`` means an ideal converter (no quantisation).

>>> import torch
>>> quantize(torch.tensor([0.26, -3.0]), bits=3, full_scale=1.0).tolist()
[0.3333333432674408, -1.0]
"""

from __future__ import annotations

import torch

__all__ = ["lsb", "quantize"]


def lsb(bits: int, full_scale: float) -> float:
    """Step of a signed ``bits``-bit converter of range ``[-full_scale, full_scale]``."""
    if bits < 2:
        raise ValueError(f"bits = {bits} is outside its valid range [2, 16] for a converter")
    return float(full_scale) / (2 ** (bits - 1) - 1)


def quantize(x: torch.Tensor, *, bits: int, full_scale: float | torch.Tensor) -> torch.Tensor:
    """Clip ``x`` to ``[-full_scale, full_scale]`` and round it to the converter's levels.

    ``bits = 0`` only clips.  ``full_scale`` may be a tensor broadcasting with ``x``.
    """
    fs = torch.as_tensor(full_scale, dtype=x.dtype, device=x.device)
    y = torch.maximum(torch.minimum(x, fs), -fs)
    if bits == 0:
        return y
    step = fs / (2 ** (bits - 1) - 1)
    return torch.round(y / step) * step
