"""Datasets that work offline.

The default is scikit-learn's bundled ``digits`` (1,797 8x8 images of handwritten
digits, UCI ML hand-written digits; shipped inside scikit-learn, no download).
Users may point :func:`load_mnist_idx` at their own MNIST IDX files
(LeCun, Cortes & Burges, http://yann.lecun.com/exdb/mnist/), plain or gzipped.

Pixels are scaled to [0, 1]; labels are integer class indices.
"""

from __future__ import annotations

import gzip
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Dataset", "load_digits", "load_mnist_idx", "read_idx", "train_test_split"]


@dataclass(frozen=True)
class Dataset:
    """A train/test split of flattened images in [0, 1].

    Attributes
    ----------
    x_train, x_test : ndarray, shape (n, features), float32 in [0, 1]
    y_train, y_test : ndarray, shape (n,), int64 class indices
    name : str
    image_shape : tuple[int, int]
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    name: str = "digits"
    image_shape: tuple[int, int] = (8, 8)

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max()) + 1)


def train_test_split(
    x: np.ndarray, y: np.ndarray, *, test_size: float = 0.25, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stratified random split; ``test_size`` is the fraction in (0, 1) held out."""
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size = {test_size} is outside its valid range (0, 1)")
    rng = np.random.default_rng(seed)
    test_idx = []
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        test_idx.append(idx[: max(1, round(test_size * idx.size))])
    test = np.zeros(y.shape[0], dtype=bool)
    test[np.concatenate(test_idx)] = True
    train_order = rng.permutation(np.flatnonzero(~test))
    test_order = rng.permutation(np.flatnonzero(test))
    return x[train_order], y[train_order], x[test_order], y[test_order]


def load_digits(*, test_size: float = 0.25, seed: int | None = 0) -> Dataset:
    """scikit-learn's bundled 8x8 digits, pixels scaled from 0..16 to [0, 1].

    Examples
    --------
    >>> ds = load_digits()
    >>> ds.x_train.shape[1], ds.n_classes
    (64, 10)
    """
    from sklearn.datasets import load_digits as _sk_digits

    raw = _sk_digits()
    x = (raw.data / 16.0).astype(np.float32)
    y = raw.target.astype(np.int64)
    xtr, ytr, xte, yte = train_test_split(x, y, test_size=test_size, seed=seed)
    return Dataset(xtr, ytr, xte, yte, name="digits", image_shape=(8, 8))


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file (optionally ``.gz``) into an array.

    Raises ``ValueError`` naming the file when the magic number, dtype code or
    size does not match the IDX format.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        data = fh.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path}: not an IDX file (bad magic number)")
    dtypes = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    code, ndim = data[2], data[3]
    if code not in dtypes:
        raise ValueError(f"{path}: unknown IDX data type code 0x{code:02x}")
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    dtype = np.dtype(dtypes[code])
    expected = int(np.prod(dims)) * dtype.itemsize
    body = data[4 + 4 * ndim :]
    if len(body) != expected:
        raise ValueError(f"{path}: IDX header promises {expected} bytes of data, found {len(body)}")
    return np.frombuffer(body, dtype=dtype).reshape(dims)


def load_mnist_idx(
    path: str | Path,
    *,
    limit_train: int | None = None,
    limit_test: int | None = None,
) -> Dataset:
    """Load MNIST from a folder holding the four standard IDX files.

    Looks for ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte`` (each optionally ``.gz``).
    Nothing is downloaded.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"path = {folder} is not a folder holding the MNIST IDX files")

    def find(stem: str) -> Path:
        dotted = stem.replace("-idx", ".idx")
        for name in (stem, stem + ".gz", dotted, dotted + ".gz"):
            if (folder / name).exists():
                return folder / name
        raise ValueError(f"{folder}: missing MNIST file {stem}[.gz]")

    xtr = read_idx(find("train-images-idx3-ubyte"))
    ytr = read_idx(find("train-labels-idx1-ubyte"))
    xte = read_idx(find("t10k-images-idx3-ubyte"))
    yte = read_idx(find("t10k-labels-idx1-ubyte"))
    if xtr.shape[0] != ytr.shape[0] or xte.shape[0] != yte.shape[0]:
        raise ValueError(f"{folder}: image and label counts differ")
    xtr, ytr = xtr[:limit_train], ytr[:limit_train]
    xte, yte = xte[:limit_test], yte[:limit_test]
    shape = tuple(int(s) for s in xtr.shape[1:])
    return Dataset(
        (xtr.reshape(len(xtr), -1) / 255.0).astype(np.float32),
        ytr.astype(np.int64),
        (xte.reshape(len(xte), -1) / 255.0).astype(np.float32),
        yte.astype(np.int64),
        name="mnist",
        image_shape=shape,  # type: ignore[arg-type]
    )
