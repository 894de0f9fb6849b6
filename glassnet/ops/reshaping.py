"""Operations that move values around without changing them: reshape, transpose, slice, join."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor


def reshape(a: Tensor, shape) -> Tensor:
    """Same values, new shape;  dL/da = dL/dc reshaped back."""
    return Tensor.from_op(a.data.reshape(shape), (a,), lambda g: (g.reshape(a.shape),), name="reshape")


def flatten(a: Tensor) -> Tensor:
    """(batch, d1, d2, ...) → (batch, d1·d2·...)."""
    return reshape(a, (a.shape[0], -1))


def transpose(a: Tensor, axes=None) -> Tensor:
    """Permute axes;  dL/da = dL/dc permuted back by the inverse permutation."""
    inverse = None if axes is None else np.argsort(axes)
    return Tensor.from_op(np.transpose(a.data, axes), (a,), lambda g: (np.transpose(g, inverse),),
                          name="transpose")


def getitem(a: Tensor, index) -> Tensor:
    """c = a[index];  dL/da is zero except at the selected places, which get dL/dc (added up if repeated)."""
    def backward(g):
        grad = np.zeros_like(a.data)
        np.add.at(grad, index, g)
        return (grad,)
    return Tensor.from_op(a.data[index], (a,), backward, name="getitem")


def concatenate(tensors, axis: int = -1) -> Tensor:
    """Join along an axis;  each input gets back its own slice of dL/dc."""
    tensors = [ensure_tensor(t) for t in tensors]
    sizes = np.cumsum([t.shape[axis] for t in tensors])[:-1]

    def backward(g):
        return tuple(np.split(g, sizes, axis=axis))
    return Tensor.from_op(np.concatenate([t.data for t in tensors], axis=axis), tuple(tensors), backward,
                          name="concatenate")


def stack(tensors, axis: int = 0) -> Tensor:
    """Stack along a new axis;  each input gets back its own slice of dL/dc."""
    tensors = [ensure_tensor(t) for t in tensors]

    def backward(g):
        return tuple(np.moveaxis(g, axis, 0))
    return Tensor.from_op(np.stack([t.data for t in tensors], axis=axis), tuple(tensors), backward, name="stack")


__all__ = ["reshape", "flatten", "transpose", "getitem", "concatenate", "stack"]
