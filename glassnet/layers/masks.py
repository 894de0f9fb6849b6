"""Which time steps are real: masks travel with the tensors, as in Keras (``tensor._keras_mask``).

``Embedding(mask_zero=True)`` and ``Masking`` make a boolean mask (batch, timesteps). It is
remembered for their output tensor here; the next layer called on that tensor receives it as
``call(..., mask=...)`` when its ``call`` takes a ``mask`` argument, and its own output gets
``layer.compute_mask(inputs, mask)``. So a mask reaches the recurrent layer in a Sequential,
a functional or a subclassed model alike, with nothing to pass by hand.

A layer whose ``call`` takes no ``mask`` and that does not declare ``supports_masking`` ends the
mask there (Keras raises an error in that case; glassnet lets the mask go, on purpose, so that
e.g. ``Flatten`` after ``Embedding(mask_zero=True)`` works). Masks do not weight the loss.

The table is keyed by the tensor's id and forgets an entry when its tensor is freed.
"""
from __future__ import annotations

import weakref

import numpy as np

_MASKS: dict[int, tuple] = {}


def set_mask(tensor, mask) -> None:
    """Remember ``mask`` (or forget any mask when None) for ``tensor``."""
    key = id(tensor)
    if mask is None:
        _MASKS.pop(key, None)
        return
    try:
        ref = weakref.ref(tensor, lambda _, key=key: _MASKS.pop(key, None))
    except TypeError:  # not a Tensor (a plain array): cannot carry a mask
        return
    _MASKS[key] = (ref, np.asarray(mask, dtype=bool))


def get_mask(tensor):
    """The mask remembered for ``tensor``, or None."""
    record = _MASKS.get(id(tensor))
    if record is None or record[0]() is not tensor:
        return None
    return record[1]


def masks_of(inputs):
    """The mask carried by the input tensor (a list of them for several inputs; None if none)."""
    if isinstance(inputs, (list, tuple)):
        masks = [get_mask(v) for v in inputs]
        return None if all(m is None for m in masks) else masks
    return get_mask(inputs)


def set_masks(outputs: list, mask) -> None:
    """Remember ``mask`` for every output, or ``mask[k]`` for output k when it is a list.

    As in Keras, a mask is only ever added: an output that already carries one is an input the
    layer returned as it is (``Identity``, a ``Lambda`` of x, Dropout at inference), and its mask
    stays, for every other layer that reads that tensor too.
    """
    masks = mask if isinstance(mask, list) else [mask] * len(outputs)
    for out, m in zip(outputs, masks):
        if m is not None and get_mask(out) is None:
            set_mask(out, m)


def _keras_mask(tensor):
    """``tensor._keras_mask``, as Keras names it: the boolean mask the tensor carries, or None."""
    return get_mask(tensor)


def _install() -> None:
    # autodiff.py knows no layer; the mask a layer gave a tensor is readable on the tensor itself
    from glassnet.autodiff import Tensor
    if not hasattr(Tensor, "_keras_mask"):
        Tensor._keras_mask = property(_keras_mask)


_install()

__all__ = ["set_mask", "get_mask", "masks_of", "set_masks"]
