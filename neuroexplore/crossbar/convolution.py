"""How a convolution runs on a crossbar: im2col (pure numpy, no torch).

A crossbar computes one matrix-vector product per read.  A 2-D convolution becomes a
sequence of them by *im2col* lowering (Chellapilla, Puri & Simard 2006, "High
performance convolutional neural networks for document processing"; on crossbars,
e.g. Shafiee et al., ISCA 2016, ISAAC; Gokmen, Onen & Haensch, Front. Neurosci. 11:538,
2017):

* every receptive field (an input patch of ``C x kh x kw`` values at one output pixel)
  is unrolled into one row of the **im2col matrix** ``P`` of shape
  ``(H_out W_out, C kh kw)``: row ``l`` is the input vector of read ``l``;
* every output channel's kernel is unrolled the same way into one **column** of the
  kernel matrix ``K`` of shape ``(C kh kw, C_out)``: on the array, kernel element
  ``(c, i, j)`` of output channel ``o`` is the conductance (pair) at row
  ``c kh kw + i kw + j``, column ``o``;
* the convolution (deep-learning cross-correlation, as ``torch.nn.Conv2d``) is the
  matrix product ``Y = P K + b``, and column ``o`` of ``Y`` reshaped to
  ``(H_out, W_out)`` is output feature map ``o``.

The array holds only ``C kh kw x C_out`` weights and is read ``H_out W_out`` times per
image (weight sharing); :class:`~neuroexplore.crossbar.layers.AnalogConv2d` does
exactly this with ``torch.nn.functional.unfold``.  The element order here is
torch's (channel, kernel row, kernel column), so ``K = weight.reshape(C_out, -1).T``.

Examples
--------
>>> x = np.arange(9.0).reshape(3, 3)
>>> im2col(x, 2)
array([[0., 1., 3., 4.],
       [1., 2., 4., 5.],
       [3., 4., 6., 7.],
       [4., 5., 7., 8.]])
>>> m = conv_mapping(x, np.ones((1, 1, 2, 2)))
>>> m.feature_maps()[0].tolist()        # each output sums one 2x2 patch
[[8.0, 12.0], [20.0, 24.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ConvMapping", "conv_mapping", "im2col", "conv_output_size"]


def _pair(name: str, v: int | tuple[int, int], low: int) -> tuple[int, int]:
    vals = (v, v) if np.ndim(v) == 0 else tuple(v)
    if len(vals) != 2 or not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool)
                                 and k >= low for k in vals):
        raise ValueError(f"{name} = {v!r} must be an integer >= {low} or a pair of them")
    return int(vals[0]), int(vals[1])


def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Output length ``floor((size + 2 padding - kernel) / stride) + 1`` of one axis.

    Examples
    --------
    >>> conv_output_size(8, 3, padding=1), conv_output_size(8, 3, stride=2)
    (8, 3)
    """
    return (size + 2 * padding - kernel) // stride + 1


def _as_image(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3 or min(x.shape) == 0:
        raise ValueError(f"image must have shape (H, W) or (C, H, W), got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("image contains NaN or infinite values")
    return x


def im2col(
    image: np.ndarray,
    kernel_size: int | tuple[int, int],
    *,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """The im2col matrix of one image: one unrolled receptive field per row.

    Parameters
    ----------
    image : ndarray, shape (H, W) or (C, H, W)
    kernel_size, stride : int or (int, int)
        Kernel height/width (>= 1) and step (>= 1).
    padding : int or (int, int)
        Zeros added on each side (>= 0).

    Returns
    -------
    ndarray, shape (H_out * W_out, C * kh * kw)
        Row ``l = r W_out + s`` holds the patch whose top-left corner is at
        ``(r stride_h, s stride_w)`` of the zero-padded image, ordered channel, kernel
        row, kernel column (torch's ``unfold`` order, transposed).
    """
    x = _as_image(image)
    kh, kw = _pair("kernel_size", kernel_size, 1)
    sh, sw = _pair("stride", stride, 1)
    ph, pw = _pair("padding", padding, 0)
    c, h, w = x.shape
    h_out, w_out = conv_output_size(h, kh, sh, ph), conv_output_size(w, kw, sw, pw)
    if h_out < 1 or w_out < 1:
        raise ValueError(f"kernel_size = {(kh, kw)} does not fit the padded image "
                         f"{(h + 2 * ph, w + 2 * pw)}")
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    rows = np.empty((h_out * w_out, c * kh * kw))
    for r in range(h_out):
        for s in range(w_out):
            patch = xp[:, r * sh : r * sh + kh, s * sw : s * sw + kw]
            rows[r * w_out + s] = patch.ravel()
    return rows


@dataclass(frozen=True)
class ConvMapping:
    """A convolution laid out as crossbar reads (see the module docstring).

    Attributes
    ----------
    image : ndarray, shape (C, H, W)
    patches : ndarray, shape (L, C kh kw)
        The im2col matrix ``P`` (``L = H_out W_out`` reads, one input vector each).
    kernel_matrix : ndarray, shape (C kh kw, C_out)
        ``K``: column ``o`` is output channel ``o``'s kernel, i.e. one array column.
    bias : ndarray, shape (C_out,)
    output : ndarray, shape (L, C_out)
        ``P K + b``: row ``l`` is what read ``l`` returns.
    out_shape : (int, int)
        ``(H_out, W_out)``.
    kernel_size, stride, padding : (int, int)
    """

    image: np.ndarray
    patches: np.ndarray
    kernel_matrix: np.ndarray
    bias: np.ndarray
    output: np.ndarray
    out_shape: tuple[int, int]
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]

    def feature_maps(self) -> np.ndarray:
        """The output as ``(C_out, H_out, W_out)`` feature maps (column ``o`` reshaped)."""
        return self.output.T.reshape(-1, *self.out_shape)

    def patch_origin(self, read: int) -> tuple[int, int]:
        """Top-left ``(row, col)`` of read ``read``'s patch in the *unpadded* image
        (negative where the patch starts in the zero padding)."""
        if not 0 <= read < self.patches.shape[0]:
            raise ValueError(f"read = {read} is outside its valid range "
                             f"[0, {self.patches.shape[0] - 1}]")
        r, s = divmod(read, self.out_shape[1])
        return (r * self.stride[0] - self.padding[0], s * self.stride[1] - self.padding[1])


def conv_mapping(
    image: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> ConvMapping:
    """Lay out ``Conv2d(weight, bias)`` on one image as im2col crossbar reads.

    Parameters
    ----------
    image : ndarray, shape (H, W) or (C, H, W)
    weight : ndarray, shape (C_out, C, kh, kw)
        The kernels (e.g. ``conv.weight.detach().numpy()``).
    bias : ndarray, shape (C_out,), optional
    stride, padding : int or (int, int)

    Returns
    -------
    ConvMapping
    """
    x = _as_image(image)
    wt = np.asarray(weight, dtype=float)
    if wt.ndim != 4 or wt.shape[1] != x.shape[0] or min(wt.shape) == 0:
        raise ValueError(f"weight must have shape (C_out, {x.shape[0]}, kh, kw) for an image "
                         f"with {x.shape[0]} channel(s), got {wt.shape}")
    if not np.all(np.isfinite(wt)):
        raise ValueError("weight contains NaN or infinite values")
    b = np.zeros(wt.shape[0]) if bias is None else np.asarray(bias, dtype=float).ravel()
    if b.shape != (wt.shape[0],) or not np.all(np.isfinite(b)):
        raise ValueError(f"bias must hold {wt.shape[0]} finite values, got shape {b.shape}")
    ks = (wt.shape[2], wt.shape[3])
    st, pd = _pair("stride", stride, 1), _pair("padding", padding, 0)
    patches = im2col(x, ks, stride=st, padding=pd)
    kernel_matrix = wt.reshape(wt.shape[0], -1).T
    out_shape = (conv_output_size(x.shape[1], ks[0], st[0], pd[0]),
                 conv_output_size(x.shape[2], ks[1], st[1], pd[1]))
    return ConvMapping(image=x, patches=patches, kernel_matrix=kernel_matrix, bias=b,
                       output=patches @ kernel_matrix + b, out_shape=out_shape,
                       kernel_size=ks, stride=st, padding=pd)
