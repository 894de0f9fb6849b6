"""Slicing and writing into places: slice, slice_update, scatter, scatter_update, segment sums and maxima, multi_hot.

A glassnet Tensor is never changed in place: ``slice_update`` and ``scatter_update`` return a
new tensor (as Keras's functional ops do). Their gradients route dL/dc back: the replaced places
send theirs to the updates, the others to the input.
"""
from __future__ import annotations

import builtins

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.creation import _constant, standardize_dtype
from glassnet.ops.elementwise import _values
from glassnet.ops.reshaping import getitem


def _window(start_indices, shape) -> tuple[slice, ...]:
    starts = [int(s) for s in np.asarray(_values(start_indices)).ravel()]
    return tuple(builtins.slice(s, s + int(n)) for s, n in zip(starts, shape))


def slice(inputs, start_indices, shape) -> Tensor:  # noqa: A001 - Keras's name
    """The block of size ``shape`` starting at ``start_indices``;  dL/dinputs = dL/dc inside it, 0 elsewhere."""
    return getitem(ensure_tensor(inputs), _window(start_indices, shape))


def _replaced(x: Tensor, u: Tensor, places, name: str) -> Tensor:
    """x with ``x[places]`` set to u;  dL/dx = dL/dc except at ``places``, dL/du = dL/dc at them."""
    out = x.data.copy()
    out[places] = u.data

    def backward(g):
        gx = g.copy()
        gx[places] = 0
        return gx, g[places]
    return Tensor.from_op(out, (x, u), backward, name=name)


def slice_update(inputs, start_indices, updates) -> Tensor:
    """``inputs`` with the block at ``start_indices`` replaced by ``updates``;
    dL/dinputs = dL/dc outside the block, dL/dupdates = dL/dc inside it."""
    x, u = ensure_tensor(inputs), ensure_tensor(updates)
    return _replaced(x, u, _window(start_indices, u.shape), "slice_update")


def _points(indices, rank: int) -> tuple[np.ndarray, ...]:
    index = np.asarray(_values(indices)).astype(np.int64)
    if index.ndim == 1:
        index = index[:, None]
    if index.shape[-1] > rank:
        raise ValueError(f"scatter: each index has {index.shape[-1]} coordinates, but the target has rank {rank}")
    return tuple(np.moveaxis(index, -1, 0))


def scatter(indices, values, shape) -> Tensor:
    """A zero tensor of ``shape`` with ``values`` added at ``indices`` (each row of indices one place;
    repeated places add up);  dL/dvalues = dL/dc gathered at those places."""
    v = ensure_tensor(values)
    places = _points(indices, len(shape))
    out = np.zeros(tuple(shape), dtype=v.data.dtype)
    np.add.at(out, places, v.data)
    return Tensor.from_op(out, (v,), lambda g: (g[places],), name="scatter")


def scatter_update(inputs, indices, updates) -> Tensor:
    """``inputs`` with the places ``indices`` set to ``updates``;
    dL/dinputs = dL/dc except at those places, dL/dupdates = dL/dc at them."""
    x, u = ensure_tensor(inputs), ensure_tensor(updates)
    return _replaced(x, u, _points(indices, x.ndim), "scatter_update")


def _segments(segment_ids, num_segments) -> tuple[np.ndarray, int]:
    ids = np.asarray(_values(segment_ids)).astype(np.int64)
    count = int(ids.max()) + 1 if num_segments is None else int(num_segments)
    return ids, count


def segment_sum(data, segment_ids, num_segments: int | None = None, sorted: bool = False) -> Tensor:  # noqa: A002
    """c_s = Σ of the rows of ``data`` whose segment id is s;  dL/ddata_i = dL/dc_{id(i)}."""
    x = ensure_tensor(data)
    ids, count = _segments(segment_ids, num_segments)
    keep = ids < count                                   # ids beyond num_segments are dropped, as Keras
    out = np.zeros((count,) + x.shape[1:], dtype=x.data.dtype)
    np.add.at(out, ids[keep], x.data[keep])

    def backward(g):
        grad = np.zeros_like(x.data)
        grad[keep] = g[ids[keep]]
        return (grad,)
    return Tensor.from_op(out, (x,), backward, name="segment_sum")


def segment_max(data, segment_ids, num_segments: int | None = None, sorted: bool = False) -> Tensor:  # noqa: A002
    """c_s = max of the rows whose segment id is s (−∞ for an empty segment);
    the gradient goes to the rows that reach the maximum, shared equally between ties."""
    x = ensure_tensor(data)
    ids, count = _segments(segment_ids, num_segments)
    keep = ids < count
    out = np.full((count,) + x.shape[1:], -np.inf if x.data.dtype.kind == "f" else np.iinfo(x.data.dtype).min,
                  dtype=x.data.dtype)
    np.maximum.at(out, ids[keep], x.data[keep])

    def backward(g):
        rows = np.flatnonzero(keep)
        at_max = x.data[rows] == out[ids[rows]]
        ties = np.zeros(out.shape)
        np.add.at(ties, ids[rows], at_max)               # tied maxima share the gradient equally
        grad = np.zeros_like(x.data)
        grad[rows] = np.where(at_max, g[ids[rows]] / np.maximum(ties[ids[rows]], 1), 0)
        return (grad,)
    return Tensor.from_op(out, (x,), backward, name="segment_max")


def multi_hot(inputs, num_classes: int, axis: int = -1, dtype=None, sparse: bool = False) -> Tensor:
    """For each row of integer labels, a vector of ``num_classes`` with 1 at every label present."""
    if sparse:
        raise ValueError("multi_hot: sparse=True is not supported by glassnet (it has no sparse tensors)")
    labels = np.asarray(_values(inputs)).astype(np.int64)
    if labels.ndim == 1:
        labels = labels[None]
        single = True
    else:
        single = False
    out = np.zeros(labels.shape[:-1] + (num_classes,), dtype=standardize_dtype(dtype))
    np.put_along_axis(out, labels, 1, axis=-1)
    out = out[0] if single else out
    return _constant(np.moveaxis(out, -1, axis) if axis != -1 else out)


__all__ = ["slice", "slice_update", "scatter", "scatter_update", "segment_sum", "segment_max", "multi_hot"]
