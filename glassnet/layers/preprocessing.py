"""Preprocessing inside the model: Rescaling and Normalization (Keras's preprocessing layers).

Putting the scaling in the model means the saved model takes raw data, exactly as at training:

    y = x · scale + offset                          Rescaling(1/255)
    y = (x − μ) / max(√σ², ε)                       Normalization, μ and σ² from adapt(data)
    y = μ + x · max(√σ², ε)                         Normalization(invert=True): back to data units

Both are differentiable in x (dL/dx = dL/dy · scale, or dL/dy / √σ²) and have no trainable weights:
Normalization keeps μ and σ² as non-trainable weights, so they are saved with the model.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops import math as M
from glassnet.layers.layer import Layer, register

_EPSILON = 1e-7   # Keras's backend.epsilon(): a constant feature does not divide by zero


@register
class Rescaling(Layer):
    """y = x · scale + offset (e.g. ``Rescaling(1./255)`` for pixels, ``Rescaling(1./127.5, offset=-1)``)."""

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def call(self, inputs):
        scale = np.asarray(self.scale, dtype=inputs.dtype)
        offset = np.asarray(self.offset, dtype=inputs.dtype)
        return M.add(M.multiply(inputs, scale), offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        plain = [np.asarray(v).tolist() for v in (self.scale, self.offset)]
        return {**super().get_config(), "scale": plain[0], "offset": plain[1]}


def _batches(data) -> Iterable[np.ndarray]:
    """adapt() data: one array, or an iterable of batches (a generator, a list of arrays, a PyDataset)."""
    if isinstance(data, (np.ndarray, Tensor)) or np.isscalar(data):
        yield np.asarray(data.data if isinstance(data, Tensor) else data)
        return
    if isinstance(data, (list, tuple)) and data and not isinstance(data[0], (np.ndarray, Tensor, list, tuple)):
        yield np.asarray(data)
        return
    for batch in data:
        if isinstance(batch, tuple):   # (x, y) batches: the features only
            batch = batch[0]
        yield np.asarray(batch.data if isinstance(batch, Tensor) else batch)


@register
class Normalization(Layer):
    """Shift and scale features to mean 0 and variance 1: y = (x − μ) / max(√σ², ε).

    Parameters
    ----------
    axis : int, tuple of ints or None
        The axes that keep a mean and variance of their own for each index (default the last:
        one per feature); None: one scalar mean and variance for everything.
    mean, variance : array-like, optional
        Given here, they are used as they are; otherwise ``adapt(data)`` computes them.
    invert : bool
        Undo the normalisation instead: y = μ + x · max(√σ², ε).
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False, **kwargs):
        super().__init__(**kwargs)
        if (mean is None) != (variance is None):
            raise ValueError(f"Normalization {self.name!r}: give both mean and variance, or neither "
                             f"(got mean={mean!r}, variance={variance!r})")
        self.axis = () if axis is None else ((int(axis),) if np.ndim(axis) == 0 else tuple(int(a) for a in axis))
        self.input_mean, self.input_variance = mean, variance
        self.invert = bool(invert)
        self.mean = self.variance = None
        self._keep = self._broadcast = None

    def build(self, input_shape):
        rank = len(input_shape)
        keep = tuple(sorted(a % rank for a in self.axis))
        if any(input_shape[a] is None for a in keep):
            raise ValueError(f"Normalization {self.name!r}: the kept axes {self.axis} must have known sizes, "
                             f"got input shape {tuple(input_shape)}")
        self._keep = keep
        self._broadcast = tuple(input_shape[a] if a in keep else 1 for a in range(rank))
        shape = tuple(input_shape[a] for a in keep)
        if self.input_mean is not None:
            self.mean = Tensor(np.broadcast_to(np.asarray(self.input_mean, dtype=self._dtype), shape).copy())
            self.variance = Tensor(np.broadcast_to(np.asarray(self.input_variance, dtype=self._dtype), shape).copy())
        else:
            self.mean = self.add_weight(shape, "zeros", "mean", trainable=False)
            self.variance = self.add_weight(shape, "ones", "variance", trainable=False)

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Compute μ and σ² of ``data`` over every axis except the kept ones (streamed over batches)."""
        total = total_sq = None
        count = 0
        for step, batch in enumerate(_batches(data)):
            if steps is not None and step >= steps:
                break
            batch = batch.astype(np.float64)
            if not self.built:
                self.build((None,) + batch.shape[1:])     # marks the layer built (Layer's rule)
            reduce = tuple(a for a in range(batch.ndim) if a not in self._keep)
            part, part_sq = batch.sum(axis=reduce), (batch * batch).sum(axis=reduce)
            total = part if total is None else total + part
            total_sq = part_sq if total_sq is None else total_sq + part_sq
            count += batch.size // max(1, int(np.prod([batch.shape[a] for a in self._keep])))
        if count == 0:
            raise ValueError(f"Normalization {self.name!r}: adapt() received no data")
        mean = total / count
        variance = np.maximum(total_sq / count - mean * mean, 0.0)
        self.mean.data[...] = mean
        self.variance.data[...] = variance

    def call(self, inputs):
        mean = self.mean.data.reshape(self._broadcast)
        spread = np.maximum(np.sqrt(self.variance.data), _EPSILON).reshape(self._broadcast).astype(inputs.dtype)
        if self.invert:
            return M.add(M.multiply(inputs, spread), mean.astype(inputs.dtype))
        return M.divide(M.subtract(inputs, mean.astype(inputs.dtype)), spread)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        def plain(v):
            return None if v is None else np.asarray(v).tolist()
        axis = None if not self.axis else (self.axis[0] if len(self.axis) == 1 else list(self.axis))
        return {**super().get_config(), "axis": axis, "mean": plain(self.input_mean),
                "variance": plain(self.input_variance), "invert": self.invert}


__all__ = ["Rescaling", "Normalization"]
