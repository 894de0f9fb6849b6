"""Operations that move values around without changing them: reshape, transpose, slice, join."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, unbroadcast


def reshape(a: Tensor, shape) -> Tensor:
    """Same values, new shape;  dL/da = dL/dc reshaped back."""
    a = ensure_tensor(a)
    return Tensor.from_op(a.data.reshape(shape), (a,), lambda g: (g.reshape(a.shape),), name="reshape")


def flatten(a: Tensor) -> Tensor:
    """(batch, d1, d2, ...) → (batch, d1·d2·...)."""
    return reshape(a, (a.shape[0], -1))


def transpose(a: Tensor, axes=None) -> Tensor:
    """Permute axes;  dL/da = dL/dc permuted back by the inverse permutation."""
    a = ensure_tensor(a)
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


def concatenate(tensors, axis: int = 0) -> Tensor:
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




def expand_dims(a, axis) -> Tensor:
    """Insert an axis of length 1;  dL/da = dL/dc with that axis removed."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.expand_dims(a.data, axis), (a,), lambda g: (g.reshape(a.shape),), name="expand_dims")


def squeeze(a, axis=None) -> Tensor:
    """Remove axes of length 1;  dL/da = dL/dc with them put back."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.squeeze(a.data, axis), (a,), lambda g: (g.reshape(a.shape),), name="squeeze")


def swapaxes(a, axis1: int, axis2: int) -> Tensor:
    """Exchange two axes;  dL/da = dL/dc with them exchanged back."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.swapaxes(a.data, axis1, axis2), (a,), lambda g: (np.swapaxes(g, axis1, axis2),),
                          name="swapaxes")


def moveaxis(a, source, destination) -> Tensor:
    """Move axes to new places;  dL/da = dL/dc with them moved back."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.moveaxis(a.data, source, destination), (a,),
                          lambda g: (np.moveaxis(g, destination, source),), name="moveaxis")


def broadcast_to(a, shape) -> Tensor:
    """Repeat along broadcast axes;  dL/da = dL/dc summed over them."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.broadcast_to(a.data, shape).copy(), (a,), lambda g: (unbroadcast(g, a.shape),),
                          name="broadcast_to")


def split(a, indices_or_sections, axis: int = 0) -> list[Tensor]:
    """Cut into pieces along an axis (as ``np.split``); each piece passes dL/d(piece) to its own slice of a."""
    a = ensure_tensor(a)
    pieces = np.split(a.data, indices_or_sections, axis=axis)
    bounds = np.cumsum([0] + [p.shape[axis] for p in pieces])
    ax = axis % a.ndim
    outputs = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        index = (slice(None),) * ax + (slice(int(start), int(stop)),)
        outputs.append(getitem(a, index))
    return outputs


def tile(a, repeats) -> Tensor:
    """Repeat the whole array ``repeats`` times along each axis;  dL/da = Σ of dL/dc over the copies."""
    a = ensure_tensor(a)
    repeats = np.asarray(getattr(repeats, "data", repeats))   # a tensor of counts too, as Keras takes
    reps = (int(repeats),) if repeats.ndim == 0 else tuple(int(r) for r in repeats)
    out = np.tile(a.data, reps)
    shape = (1,) * (out.ndim - a.ndim) + a.shape
    reps = (1,) * (out.ndim - len(reps)) + reps

    def backward(g):
        interleaved = [n for pair in zip(reps, shape) for n in pair]   # (copies, size) per axis
        return (g.reshape(interleaved).sum(axis=tuple(range(0, 2 * len(shape), 2))).reshape(a.shape),)
    return Tensor.from_op(out, (a,), backward, name="tile")


def repeat(a, repeats, axis=None) -> Tensor:
    """Repeat each element (as ``np.repeat``);  dL/da[i] = Σ of dL/dc over the copies of a[i]."""
    a = ensure_tensor(a)
    source = a.data.ravel() if axis is None else a.data
    ax = 0 if axis is None else axis % a.ndim
    out = np.repeat(source, repeats, axis=ax)
    owner = np.repeat(np.arange(source.shape[ax]), repeats)       # which input each output came from

    def backward(g):
        grad = np.zeros(source.shape, dtype=g.dtype)
        np.add.at(np.moveaxis(grad, ax, 0), owner, np.moveaxis(g, ax, 0))
        return (grad.reshape(a.shape),)
    return Tensor.from_op(out, (a,), backward, name="repeat")


def flip(a, axis=None) -> Tensor:
    """Reverse the order along axes;  dL/da = dL/dc reversed back."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.flip(a.data, axis), (a,), lambda g: (np.flip(g, axis),), name="flip")


def pad(a, pad_width, mode: str = "constant", constant_values=None) -> Tensor:
    """Add values around the edges;  dL/da = dL/dc cropped back (for mode ``"constant"``)."""
    a = ensure_tensor(a)
    if mode != "constant":
        raise ValueError(f"pad: only mode='constant' is differentiable here, got mode={mode!r}")
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (a.ndim, 2))
    out = np.pad(a.data, widths, mode="constant", constant_values=0 if constant_values is None else constant_values)
    crop = tuple(slice(int(lo), int(lo) + n) for (lo, _), n in zip(widths, a.shape))
    return Tensor.from_op(out, (a,), lambda g: (g[crop],), name="pad")


def ravel(a) -> Tensor:
    """All values in one row (C order)."""
    a = ensure_tensor(a)
    return reshape(a, (a.size,))


def hstack(tensors) -> Tensor:
    """Join along the second axis (the first for 1-D tensors), as ``np.hstack``."""
    tensors = [ensure_tensor(t) for t in tensors]
    return concatenate(tensors, axis=0 if tensors[0].ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    """Join along the first axis, 1-D tensors as rows, as ``np.vstack``."""
    tensors = [ensure_tensor(t) for t in tensors]
    return concatenate([reshape(t, (1, t.size)) if t.ndim == 1 else t for t in tensors], axis=0)


def append(a, b, axis=None) -> Tensor:
    """``b`` after ``a`` (both flattened when axis is None), as ``np.append``."""
    a, b = ensure_tensor(a), ensure_tensor(b)
    if axis is None:
        return concatenate([ravel(a), ravel(b)], axis=0)
    return concatenate([a, b], axis=axis)


__all__ = ["reshape", "flatten", "transpose", "getitem", "concatenate", "stack", "expand_dims", "squeeze",
           "swapaxes", "moveaxis", "broadcast_to", "split", "tile", "repeat", "flip", "pad", "ravel", "hstack",
           "vstack", "append"]
