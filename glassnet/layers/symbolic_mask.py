"""Masks on symbolic tensors: what ``x._keras_mask`` is while a functional model is being built.

    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(5000, 16, mask_zero=True)(inputs)
    x._keras_mask          # <KerasTensor shape=(None, None), dtype=bool ...>
    outputs = layers.LSTM(32)(x)      # the LSTM's call is given mask= (a symbolic one)

As in Keras 3, a layer called on symbolic tensors that carry a mask receives it as ``call(...,
mask=...)`` when its ``call`` takes a ``mask`` argument, and its outputs carry
``layer.compute_mask(inputs, mask)``. ``compute_mask`` is first run on the symbolic tensors
themselves (``ops.not_equal(inputs, 0)`` then records a node, so the mask can be replayed); a
``compute_mask`` that needs numbers is run on zeros instead and only the mask's shape is kept.
On real data the masks travel with the values (layers/masks.py): this file only describes them.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, no_grad
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.structure import _flatten, _map

_BOOL = np.dtype(bool)


def symbolic_masks_of(inputs):
    """The ``_keras_mask`` of the symbolic input (a list for several inputs; None when none has one)."""
    if isinstance(inputs, (list, tuple)):
        masks = [getattr(v, "_keras_mask", None) for v in inputs]
        return None if all(m is None for m in masks) else masks
    return getattr(inputs, "_keras_mask", None)


def as_values(structure, fill: int, ones: bool = False):
    """Symbolic tensors as zeros (``ones``: True values, for masks), each unknown size set to ``fill``."""
    def value(item):
        if not isinstance(item, KerasTensor):
            return item
        shape = tuple(fill if d is None else d for d in item.shape)
        if ones:
            return Tensor(np.ones(shape, dtype=bool))
        return Tensor(np.zeros(shape, dtype=item.dtype))
    return _map(value, structure)


def output_mask(layer, inputs, mask):
    """The symbolic mask(s) of ``layer``'s output: ``compute_mask`` on symbolic tensors, else its shape."""
    try:
        with no_grad(), np.errstate(all="ignore"):
            result = layer.compute_mask(inputs, mask)
        if all(r is None or isinstance(r, KerasTensor) for r in _flatten_masks(result)):
            return _as_bool(result)
    except Exception:  # noqa: BLE001 - a compute_mask written for arrays: run it on zeros below
        pass
    return _mask_shapes_from_zeros(layer, inputs, mask)


def _flatten_masks(result) -> list:
    return list(result) if isinstance(result, (list, tuple)) else [result]


def _as_bool(result):
    for item in _flatten_masks(result):
        if isinstance(item, KerasTensor):
            item.dtype = _BOOL  # a recorded op (not_equal ...) is typed as the layer's floats
    return list(result) if isinstance(result, tuple) else result


def _mask_shapes_from_zeros(layer, inputs, mask):
    """Run ``compute_mask`` on zeros twice (unknown sizes 2, then 4): a size that changes is unknown."""
    answers = []
    for fill in (2, 4):
        with no_grad(), np.errstate(all="ignore"):
            answers.append(layer.compute_mask(as_values(inputs, fill), as_values(mask, fill, ones=True)))
    if isinstance(answers[0], (list, tuple)):
        return [_shape_only(a, b) for a, b in zip(answers[0], answers[1])]
    return _shape_only(*answers)


def _shape_only(first, second):
    if first is None:
        return None
    a, b = np.shape(getattr(first, "data", first)), np.shape(getattr(second, "data", second))
    return KerasTensor(tuple(None if x != y else x for x, y in zip(a, b)), dtype=_BOOL)


def attach_masks(outputs, mask) -> None:
    """Give each symbolic output its mask (``mask[k]`` to output k when it is a list).

    As on real data, an output that already carries a mask (an input the layer returned as it is)
    keeps it.
    """
    outputs = _flatten(outputs)
    masks = mask if isinstance(mask, list) else [mask] * len(outputs)
    for out, m in zip(outputs, masks):
        if isinstance(out, KerasTensor) and m is not None and out._keras_mask is None:
            out._keras_mask = m


__all__ = ["symbolic_masks_of", "as_values", "output_mask", "attach_masks"]
