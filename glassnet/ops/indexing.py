"""Picking values by index: take, take_along_axis, top_k, one_hot; and the dot product.

A value picked by an index passes its gradient back to the place it came from; a place
picked twice receives both gradients (``np.add.at`` adds repeated indices up).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as math_ops
from glassnet.ops import reshaping
from glassnet.ops.creation import standardize_dtype


def _indices(indices) -> np.ndarray:
    values = indices.data if isinstance(indices, Tensor) else np.asarray(indices)
    if values.dtype.kind not in "iu":
        if values.size and not np.all(values == np.round(values)):
            raise ValueError(f"indices must be integers, got values such as {values.ravel()[:3].tolist()}")
        values = values.astype(np.int64)
    return values


def take(x, indices, axis=None) -> Tensor:
    """c = a[indices] along ``axis`` (of the flattened a when None);  dL/da gathers dL/dc back by index."""
    x = ensure_tensor(x)
    index = _indices(indices)
    source_shape = (x.size,) if axis is None else x.shape
    ax = 0 if axis is None else axis % x.ndim
    out = np.take(x.data.reshape(source_shape), index, axis=ax)

    def backward(g):
        grad = np.zeros(source_shape, dtype=g.dtype)
        moved = np.moveaxis(grad, ax, 0)
        g_moved = np.moveaxis(g, tuple(range(ax, ax + index.ndim)), tuple(range(index.ndim)))
        np.add.at(moved, index, g_moved)
        return (grad.reshape(x.shape),)
    return Tensor.from_op(out, (x,), backward, name="take")


def take_along_axis(x, indices, axis=None) -> Tensor:
    """c = a picked at ``indices`` along ``axis`` (as ``np.take_along_axis``);  dL/da scatters dL/dc back."""
    x = ensure_tensor(x)
    index = _indices(indices)
    source = x.data.ravel() if axis is None else x.data
    ax = 0 if axis is None else axis % x.ndim
    out = np.take_along_axis(source, index, axis=ax)
    index = np.broadcast_to(index, out.shape)

    def backward(g):
        grad = np.zeros(source.shape, dtype=g.dtype)
        grids = np.indices(out.shape, sparse=True)
        place = tuple(index if i == ax else (grid if source.shape[i] != 1 else 0 * grid)
                      for i, grid in enumerate(grids))
        np.add.at(grad, place, g)
        return (grad.reshape(x.shape),)
    return Tensor.from_op(out, (x,), backward, name="take_along_axis")


def top_k(x, k: int, sorted: bool = True) -> tuple[Tensor, Tensor]:  # noqa: A002 - Keras's name
    """The k largest values along the last axis and their indices (int32); values pass gradients back."""
    x = ensure_tensor(x)
    if not 1 <= k <= x.shape[-1]:
        raise ValueError(f"top_k: k must be in 1 … {x.shape[-1]} (the last axis), got k={k}")
    order = np.argsort(-x.data, axis=-1, kind="stable")[..., :k]
    if not sorted:
        order = np.sort(order, axis=-1)
    return take_along_axis(x, order, axis=-1), Tensor.from_op(order.astype(np.int32), (), None)


def one_hot(x, num_classes: int, axis: int = -1, dtype=None, sparse: bool = False) -> Tensor:
    """Integer labels → one-hot vectors along a new ``axis`` (a label outside 0 … num_classes−1 gives zeros)."""
    labels = _indices(x)
    out = (labels[..., None] == np.arange(num_classes)).astype(standardize_dtype(dtype))
    if axis != -1:
        out = np.moveaxis(out, -1, axis)
    return Tensor.from_op(out, (), None, name="one_hot")


def dot(x1, x2) -> Tensor:
    """The dot product as ``np.dot``: vectors → a scalar, matrices → a matrix product, N-D · 2-D over
    the last axis of x1;  the gradients are those of the matrix product (dL/dA = G·Bᵀ, dL/dB = Aᵀ·G)."""
    x1, x2 = ensure_tensor(x1), ensure_tensor(x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return math_ops.multiply(x1, x2)
    if x2.ndim > 2:
        raise ValueError(f"dot: x2 of rank {x2.ndim} (shape {x2.shape}) is not supported here; use ops.matmul "
                         "for batched products or ops.tensordot")
    return math_ops.matmul(x1, x2)


def tensordot(x1, x2, axes=2) -> Tensor:
    """c = Σ over the paired axes of x1·x2 (as ``np.tensordot``), computed as one matrix product after
    moving the paired axes together: the gradients are those of that product."""
    x1, x2 = ensure_tensor(x1), ensure_tensor(x2)
    if isinstance(axes, int):
        axes_a, axes_b = list(range(x1.ndim - axes, x1.ndim)), list(range(axes))
    else:
        axes_a, axes_b = ([a] if isinstance(a, int) else list(a) for a in axes)
    axes_a = [a % x1.ndim for a in axes_a]
    axes_b = [b % x2.ndim for b in axes_b]
    free_a = [i for i in range(x1.ndim) if i not in axes_a]
    free_b = [i for i in range(x2.ndim) if i not in axes_b]
    k = int(np.prod([x1.shape[a] for a in axes_a]))
    a2 = reshaping.reshape(reshaping.transpose(x1, free_a + axes_a), (-1, k))
    b2 = reshaping.reshape(reshaping.transpose(x2, axes_b + free_b), (k, -1))
    out_shape = tuple(x1.shape[i] for i in free_a) + tuple(x2.shape[i] for i in free_b)
    return reshaping.reshape(math_ops.matmul(a2, b2), out_shape)


def sort(x, axis: int = -1) -> Tensor:
    """The values in increasing order along ``axis``; each passes its gradient back to where it came from."""
    x = ensure_tensor(x)
    return take_along_axis(x, np.argsort(x.data, axis=axis, kind="stable"), axis=axis)


def argsort(x, axis: int = -1) -> Tensor:
    """The indices that sort ``x`` along ``axis`` (int32, no gradient)."""
    values = x.data if isinstance(x, Tensor) else np.asarray(x)
    return Tensor.from_op(np.argsort(values, axis=axis, kind="stable").astype(np.int32), (), None)


def _triangle(x, k: int, lower: bool) -> Tensor:
    x = ensure_tensor(x)
    rows, cols = x.shape[-2:]
    mask = (np.tri(rows, cols, k, dtype=bool) if lower else ~np.tri(rows, cols, k - 1, dtype=bool))
    return Tensor.from_op(np.where(mask, x.data, 0), (x,), lambda g: (np.where(mask, g, 0),),
                          name="tril" if lower else "triu")


def tril(x, k: int = 0) -> Tensor:
    """The lower triangle (on and below the k-th diagonal), zeros above;  dL/dx = dL/dc there, 0 elsewhere."""
    return _triangle(x, k, lower=True)


def triu(x, k: int = 0) -> Tensor:
    """The upper triangle (on and above the k-th diagonal), zeros below."""
    return _triangle(x, k, lower=False)


__all__ = ["take", "take_along_axis", "top_k", "one_hot", "dot", "tensordot", "sort", "argsort", "tril", "triu"]
